"""Pydantic models of plan documents: the plan-file contract (docs/plan-format.md).

Every model forbids unknown fields and is frozen: a typo in a plan file is an input error with
its line, never a silently ignored key. Dates, fiscal years and periods are parsed here, through
the fiscal calendar, so everything downstream works on Gregorian values.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import replace
from functools import cached_property
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, PlainValidator, StringConstraints, model_validator,
)
from pydantic_core import PydanticCustomError, PydanticKnownError

from checker.errors import InvalidValue
from checker.kinds import DOCUMENT_KINDS, level_of  # noqa: F401  (re-exported: the models' vocabulary)
from checker.i18n import listing
from checker.references import referenced_documents
from checker.quantity import NotAQuantity, Quantity, parse_quantity
from checker.unknown import Unknown, unknown_of
from checker.fiscal import (
    CalendarError,
    Period,
    PlanDate,
    YearRef,
    parse_date,
    parse_fiscal_year,
    parse_period,
    parse_year,
)


class Strict(BaseModel):
    # Empty lists and mappings default through Field(default_factory=…): pydantic deep-copies a
    # literal [] default every time a field is left out, which was a fifth of validating a plan.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# --- field types --------------------------------------------------------------------------------


def _fiscal_year(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise CalendarError(str(value), "fiscal year")
    return parse_fiscal_year(value)


def _date(value: Any) -> PlanDate:
    if isinstance(value, PlanDate):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise CalendarError(str(value), "date")
    return parse_date(value)


def _year(value: Any) -> YearRef:
    if isinstance(value, YearRef):
        return value
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise CalendarError(str(value), "year")
    return parse_year(value)


def _period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    if not isinstance(value, dict):
        raise InvalidValue("input.value.period_mapping")
    unknown = set(value) - {"from", "to"}
    if unknown:
        raise InvalidValue("input.value.period_keys", keys=listing(sorted(map(str, unknown))))
    if "from" not in value:
        raise InvalidValue("input.value.period_from")
    start, end = value["from"], value.get("to")
    if unknown_of(end) is not None:  # {from: H27, to: unknown}: the end year is not shown in the source
        _fiscal_year(start)
        return replace(parse_period(start, None), end_unknown=True, text=f"{start}〜不明")
    for year in (start, end):
        if year is not None:
            _fiscal_year(year)  # rejects non-text values with the fiscal-year message
    return parse_period(start, end)


def _number(value: Any) -> float | int:
    """Numbers as planners type them: 83000, "83,000", "８３，０００", "12.5"."""
    if isinstance(value, bool):
        raise InvalidValue("input.value.not_boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return _finite(value)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).replace(",", "").strip()
        try:
            return int(text)
        except ValueError:
            try:
                number = float(text)
            except ValueError:
                pass
            else:
                return _finite(number)
    raise InvalidValue("input.value.quantity", value=value)


def _finite(value: float) -> float:
    """.nan, .inf and 1e999 are not values a plan can state (and JSON cannot hold them)."""
    if not math.isfinite(value):
        raise PydanticCustomError("number_not_finite", "expected a finite number, got {value}", {"value": str(value)})
    return value


FiscalYear = Annotated[int, PlainValidator(_fiscal_year)]
Date = Annotated[PlanDate, PlainValidator(_date), PlainSerializer(lambda d: d.text)]
Year = Annotated[YearRef, PlainValidator(_year), PlainSerializer(lambda y: y.ja())]
PeriodField = Annotated[
    Period, PlainValidator(_period), PlainSerializer(lambda p: {"from": p.start, "to": p.end})
]


def _quantity(value: Any) -> Quantity:
    """A value as printed: 83000, "83,000", 「約5万人」, 「4万8千人程度」, 「1.50以上」 (checker.quantity)."""
    if isinstance(value, Quantity):
        return value
    if isinstance(value, bool):
        raise InvalidValue("input.value.not_boolean")
    if isinstance(value, (int, float)):
        return Quantity(_number(value), printed="")
    if isinstance(value, str):
        try:
            return parse_quantity(value)
        except NotAQuantity as exc:
            if exc.key == "input.value.not_finite":
                shown = value if len(value) <= 40 else value[:37] + "…"
                raise PydanticCustomError("number_not_finite", "expected a finite number, got {value}",
                                          {"value": shown}) from None
            raise
    raise InvalidValue("input.value.quantity", value=value)


_TEXTS_KEPT = 1 << 12  # texts remembered per validator, at most, of at most _TEXT_KEPT characters
_TEXT_KEPT = 64


def _or_unknown(parse: Any) -> Any:
    """A field that may also be `unknown` (checker.unknown): the source did not show it.

    What a text or a whole number reads as is remembered (years and values repeat across
    documents: R6年度, 2024, 0): the parsers are pure and their values frozen; errors are raised
    anew each time."""
    seen: dict[str | int, Any] = {}

    def validate(value: Any) -> Any:
        # by exact type: True == 1 == 1.0 as keys, but True is no year and 1.0 no whole number
        if (type(value) is str and len(value) <= _TEXT_KEPT) or type(value) is int:
            found = seen.get(value)
            if found is None:
                found = _unknown_or(parse, value)
                if len(seen) < _TEXTS_KEPT:
                    seen[value] = found
            return found
        return _unknown_or(parse, value)
    return validate


def _unknown_or(parse: Any, value: Any) -> Any:
    found = unknown_of(value)
    return found if found is not None else parse(value)


def _show(value: Any) -> Any:
    return value.en() if isinstance(value, Unknown) else getattr(value, "text", None) or str(value)


QuantityField = Annotated[Quantity, PlainValidator(_quantity), PlainSerializer(lambda q: q.printed or q.value)]
MaybeQuantity = Annotated[Union[Quantity, Unknown], PlainValidator(_or_unknown(_quantity)), PlainSerializer(_show)]
MaybeDate = Annotated[Union[PlanDate, Unknown], PlainValidator(_or_unknown(_date)), PlainSerializer(_show)]
MaybeYear = Annotated[Union[YearRef, Unknown], PlainValidator(_or_unknown(_year)), PlainSerializer(_show)]
MaybePeriod = Annotated[Union[Period, Unknown], PlainValidator(_or_unknown(_period)), PlainSerializer(_show)]

# Fields that also take `unknown` (the source shows the body but not its members, a table without
# a source column …): the rules that need them say "not checked".
_UNKNOWN_OR = BeforeValidator(lambda v: unknown_of(v) or v)
MaybeStr = Annotated[Union[str, Unknown], _UNKNOWN_OR]
MaybeBool = Annotated[Union[bool, Unknown], _UNKNOWN_OR]
MaybeStrs = Annotated[Union[list[str], Unknown], _UNKNOWN_OR]
Kept = Literal["purpose", "numerical_targets", "kpis"]


# Characters that do not show, or that reorder what is shown (Cf: zero-width space U+200B,
# right-to-left override U+202E, BOM …; Cc: control characters): `G1` and `G1`+U+200B would be
# two ids that display alike, so ids may not contain them.
_INVISIBLE = frozenset({"Cf", "Cc", "Zl", "Zp"})


def _normal_id(max_length: int | None = None) -> BeforeValidator:
    """Ids as pasted from Word or Excel: full-width letters and digits (Ｇ１) read as G1, and
    surrounding spaces (also the full-width U+3000) dropped. A space inside an id stays an error.

    With max_length, the id must also have 1..max_length characters after that. The lengths are
    checked here, raising pydantic's own too_short/too_long errors, because StringConstraints
    after a BeforeValidator would cost three more Python calls per id (ids are the most common
    field); a pattern goes before the BeforeValidator, into pydantic's core str schema."""
    seen: dict[str, str] = {}  # value → its id, for values that passed (ids and references repeat)

    def normal(value: Any) -> Any:
        if not isinstance(value, str):
            return value  # the str schema reports the wrong type (YAML and tables give no bytes)
        known = seen.get(value)
        if known is not None:
            return known
        text = unicodedata.normalize("NFKC", value).strip()
        # printable ASCII has none of those characters: most ids need no look at each character
        hidden = None if text.isascii() and text.isprintable() else \
            next((c for c in text if unicodedata.category(c) in _INVISIBLE), None)
        if hidden is not None:
            raise PydanticCustomError("id_invisible", "the id contains the invisible character {char}",
                                      {"char": f"U+{ord(hidden):04X}"})
        if max_length is not None:
            if not text:
                raise PydanticKnownError("too_short", {"field_type": "Value", "min_length": 1, "actual_length": 0})
            if len(text) > max_length:
                raise PydanticKnownError(
                    "too_long", {"field_type": "Value", "max_length": max_length, "actual_length": len(text)})
        if len(seen) < _TEXTS_KEPT and len(value) <= _TEXT_KEPT:
            seen[value] = text
        return text

    return BeforeValidator(normal)


# A local id names an entity inside its document (G2, G2-M1-K1); a reference may also be
# qualified with its document (azumino/strategy-1#G2) or be a document id (national/strategy-2).
LocalId = Annotated[str, StringConstraints(pattern=r"^[^\s#/]+$"), _normal_id(max_length=120)]
DocId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$"), _normal_id()]
Ref = Annotated[str, _normal_id(max_length=300)]


def _ref_or_unknown(value: Any) -> Any:
    found = unknown_of(value)
    if found is not None:
        return found
    if not isinstance(value, str):
        raise InvalidValue("input.value.reference", value=value)
    return _REF_ID(value)  # type: ignore[call-arg]


_REF_ID = _normal_id(max_length=300).func  # one validator (and its remembered ids) for every call


MaybeRef = Annotated[Union[str, Unknown], PlainValidator(_ref_or_unknown), PlainSerializer(_show)]
Reliability = Literal["primary", "secondary", "unverified"]


class Source(Strict):
    """Where a fact comes from; `secondary`/`unverified` facts are flagged in reports."""

    title: str
    url: str | None = None
    reliability: Reliability = "primary"
    note: str | None = None


# --- indicators, projects, measures, goals --------------------------------------------------------


class Window(Strict):
    """A value over several years: 「2020~2024年度 累計」 {from: 2020年度, to: 2024年度, aggregate: total}."""

    from_: MaybeYear = Field(alias="from")  # unknown: a total whose first year is not printed (「延べ」)
    to: MaybeYear
    aggregate: Literal["total", "average"] | None = None  # 累計 / 平均


class Measurement(Strict):
    """A value with the time it is for, as printed: a year counted as 年 (calendar) or 年度 (fiscal),
    or printed bare (「H26」: basis not stated); a point in time (at: 「2019年9月末時点」); or a window
    of years (累計, 平均). `year: unknown` when the source prints no year for it."""

    year: MaybeYear | None = None
    at: Date | None = None
    window: Window | None = None
    value: MaybeQuantity | None = None  # 83000, 「約5万人」 (approximate, with its tolerance), unknown
    estimate: bool = False  # 見込み・推計値: not a measured value
    footnote: str | None = None  # ※ … printed with the value
    source: str | None = None  # the statistic this value comes from (国勢調査, 住民基本台帳 …)
    note: str | None = None

    @model_validator(mode="after")
    def _one_time(self) -> "Measurement":
        if (self.year is not None) + (self.at is not None) + (self.window is not None) == 1:
            return self  # the usual case, without building the list below
        given = [name for name in ("year", "at", "window") if getattr(self, name) is not None]
        if len(given) > 1:
            raise InvalidValue("input.value.one_time", given=listing(given, "and"))
        if not given:
            raise InvalidValue("input.value.no_time")
        return self


_STATUS = {"達成": "achieved", "一部達成": "partly_achieved", "未達成": "not_achieved",
           "概ね達成": "partly_achieved", "おおむね達成": "partly_achieved"}
_TREND = {"改善": "improved", "維持": "unchanged", "横ばい": "unchanged", "悪化": "worsened"}


def _japanese(table: dict[str, str]) -> BeforeValidator:
    return BeforeValidator(lambda v: table.get(v.strip(), v) if isinstance(v, str) else v)


class Result(Measurement):
    """A result reported by a verification (効果検証): 実績値 with its year, and how it was judged."""

    status: Annotated[Literal["achieved", "partly_achieved", "not_achieved"] | None, _japanese(_STATUS)] = None
    rating: str | None = None  # the verification's own grade (A/B/C, 順調/要改善 …)
    trend: Annotated[Literal["improved", "unchanged", "worsened"] | None, _japanese(_TREND)] = None


class IndicatorContinuation(Strict):
    """How an indicator carries on one of the previous period: unchanged, renamed or redefined."""

    from_: Ref = Field(alias="from")
    as_: Literal["continued", "renamed", "redefined"] = Field(default="continued", alias="as")
    reason: str | None = None


_UNITLESS = frozenset({"なし", "無し", "-", "－", "none", ""})


def _unit(value: Any) -> Any:
    """A unit; `なし`/`none`/`''` states that the indicator has none (合計特殊出生率, 指数 …)."""
    return "" if isinstance(value, str) and value.strip().lower() in _UNITLESS else value


class Indicator(Strict):
    """A numerical target (数値目標, under a basic goal) or a KPI (under a measure or project)."""

    id: LocalId
    title: str
    kind: Literal["numerical_target", "kpi"] | None = None  # implied by where it is written
    unit: Annotated[str | None, BeforeValidator(_unit)] = None
    baseline: Measurement | None = None
    target: Measurement | None = None
    results: list[Result] = Field(default_factory=list)  # 実績 reported by the verifications
    direction: Literal["increase", "decrease", "maintain"] | None = None
    outcome: bool | None = None  # アウトカム指標 (true) or アウトプット指標 (false)
    long_term: bool = False  # 長期目標: its target year may lie beyond the plan period (KPI-006)
    source: MaybeStr | None = None
    # Only for indicators listed at document level or in a table: the parent they measure.
    goal: LocalId | None = None
    measure: LocalId | None = None
    project: LocalId | None = None
    continues: Ref | IndicatorContinuation | None = None  # the previous period's indicator it carries on
    illustrative: bool = False
    note: str | None = None


class Project(Strict):
    id: LocalId
    title: str
    department: str | None = None
    measure: LocalId | None = None  # only for projects listed at document level or in a table
    kpis: list[Indicator] = Field(default_factory=list)
    regional_plan: str | None = None  # 地域再生計画 the project sits in (grant condition)
    illustrative: bool = False
    note: str | None = None


class Measure(Strict):
    id: LocalId
    title: str
    theme: str | None = None
    considers: list[Ref] = Field(default_factory=list)
    kpis: list[Indicator] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    illustrative: bool = False
    note: str | None = None


class Continuation(Strict):
    """Disposition of a previous period's goal taken over by this one (design: `continues`)."""

    from_: Ref = Field(alias="from")
    as_: Literal["continued", "changed", "merged"] = Field(alias="as")
    reason: str | None = None


# A list of references that may be `unknown` (the source does not show the mapping).
MaybeRefs = Annotated[list[Ref] | Unknown, BeforeValidator(lambda v: unknown_of(v) or v)]


class BasicGoal(Strict):
    id: LocalId
    title: str
    aliases: list[str] = Field(default_factory=list)
    theme: str | None = None
    considers: MaybeRefs = Field(default_factory=list)
    continues: Continuation | None = None
    targets: list[Indicator] = Field(default_factory=list)
    measures: list[Measure] = Field(default_factory=list)
    illustrative: bool = False
    note: str | None = None


# What a national or prefectural strategy calls the items of its goal list: most have 基本目標
# (basic goals); the デジタル田園都市国家構想総合戦略 has 取組の方向 (focus areas) instead.
GoalTerm = Literal["basic_goal", "focus_area"]


class CrossCuttingGoal(Strict):
    """A municipality's own cross-cutting goal (横断的目標), across its basic goals — many
    2nd-period strategies mirror the national 横断的な目標 this way (「多様な人材の活躍」)."""

    id: LocalId
    title: str
    aliases: list[str] = Field(default_factory=list)
    considers: list[Ref] = Field(default_factory=list)  # e.g. national/strategy-2#X1
    note: str | None = None


class StrategyPart(Strict):
    """A part of a strategy with its own goal numbering (a 人口減少対策 part and a 地域活性化 part
    that both have a 基本目標2). Ids inside a part are qualified by it: `A.G2`, `A.G2-M1`."""

    id: Annotated[str, StringConstraints(pattern=r"^[^\s#/.]+$"), _normal_id(max_length=40)]
    title: str
    goals: list[BasicGoal] = Field(default_factory=list)
    note: str | None = None


class HigherGoal(Strict):
    """A goal of a national or prefectural strategy."""

    id: LocalId
    title: str
    aliases: list[str] = Field(default_factory=list)  # wording of revisions, quoted by local plans
    considers: list[Ref] = Field(default_factory=list)
    note: str | None = None


class Disposal(Strict):
    """A previous period's goal, indicator or grant ended on purpose, or a gap explained."""

    id: Ref
    reason: str | None = None


class Grant(Strict):
    id: LocalId
    programme: Ref
    # The programme's type (事業類型) the project is funded under, by its id or title
    # (ソフト事業, national/grant-2nd-generation#infra); none: any of the programme's types.
    type: Ref | None = None
    title: str
    period: PeriodField
    funds: list[LocalId] = Field(default_factory=list)
    regional_plan: str | None = None
    continues: Ref | None = None
    note: str | None = None


class VerificationBody(Strict):
    name: str | None = None
    sectors: MaybeStrs = Field(default_factory=list)  # 産官学金労言
    external_experts: MaybeBool | None = None


class Review(Strict):
    fiscal_year: FiscalYear  # the fiscal year whose results were verified
    date: MaybeDate | None = None
    # False: the review reports in words only (進捗状況, 評価 A/B/C, 外部有識者の意見), no indicator values
    figures: bool | None = None
    body: str | None = None  # who verified it, when not the strategy's verification body
    note: str | None = None


class Meeting(Strict):
    date: Date
    title: str
    note: str | None = None


class Verification(Strict):
    body: VerificationBody | None = None
    reviews: list[Review] = Field(default_factory=list)
    meetings: list[Meeting] = Field(default_factory=list)


class Declared(Strict):
    """Totals the document states about itself (163 事業; 62 指標 = 9 数値目標 + 53 KPI)."""

    projects: int | None = None
    indicators: int | None = None
    numerical_targets: int | None = None
    kpis: int | None = None


class Extension(Strict):
    """A period run longer than adopted (延長): the decision is a recorded change of the period."""

    to: FiscalYear
    decided: MaybeDate | None = None  # when it was decided
    body: MaybeStr | None = None  # who decided it (町議会, 推進本部 …)
    reason: MaybeStr | None = None


class Revision(Strict):
    """A revision (改訂) of the strategy during its period: what it newly considers, and why."""

    date: MaybeDate
    title: str | None = None
    considers: list[Ref] = Field(default_factory=list)  # e.g. the デジタル田園都市国家構想総合戦略
    reason: str | None = None
    note: str | None = None


class Waiver(Strict):
    rule: str
    target: Ref
    reason: str
    approved_by: str
    until: FiscalYear | None = None  # valid through the end of this fiscal year


PopulationBasis = Literal["census", "resident_register"]  # 国勢調査 / 住民基本台帳


class PopulationTarget(Strict):
    """A population figure by year: a target, a projection, an actual count. 「約5万人」 is allowed
    (approximate, with the tolerance it implies); `basis: unknown` when the source does not show it."""

    id: LocalId | None = None
    year: Year | None = None
    at: Date | None = None  # an actual count on a day (住基 9月末時点)
    population: MaybeQuantity  # unknown: a peak named by its year only
    basis: Annotated[Union[PopulationBasis, Unknown], PlainValidator(_or_unknown(
        lambda v: v if v in ("census", "resident_register") else _basis_error(v))), PlainSerializer(_show)] | None = None
    source: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _when(self) -> "PopulationTarget":
        if (self.year is None) == (self.at is None):
            raise InvalidValue("input.value.population_when")
        return self


def _basis_error(value: Any) -> Any:
    raise InvalidValue("input.value.basis", value=value)


class PopulationFacts(Strict):
    """Population facts a strategy or a comprehensive plan restates from its vision (the peak,
    the projection without measures by year): compared with the vision's own (POP-007)."""

    edition: Ref | None = None  # the projection edition its projections come from (national/ipss-2018)
    peak: PopulationTarget | None = None
    projections: list[PopulationTarget] = Field(default_factory=list)
    actuals: list[PopulationTarget] = Field(default_factory=list)
    note: str | None = None


def _date_or_year(value: Any) -> PlanDate | YearRef:
    """A date, or a year alone when that is all the text says (「平成27年に策定」)."""
    try:
        return _date(value)
    except CalendarError:
        return _year(value)


DateOrYear = Annotated[Union[PlanDate, YearRef], PlainValidator(_date_or_year), PlainSerializer(_show)]


class Mention(Strict):
    """Facts one document states about another (「平成27年3月に策定した総合戦略」 in a 地域再生計画;
    the vision 「平成27年に策定」 on a strategy's page): compared with that document's own (PER-016)."""

    of: Ref  # the document it speaks of
    adopted: DateOrYear | None = None
    published: DateOrYear | None = None
    period: PeriodField | None = None
    source: str | None = None  # where this document says it (a page, a section)
    note: str | None = None


class PathPoint(Strict):
    """One step of an assumption's path: 合計特殊出生率 1.50 by 2030, 純移動 均衡 from 2025."""

    year: Year | None = None
    window: Window | None = None
    value: QuantityField | None = None  # 「1.50以上」 is a bound
    note: str | None = None


class VisionAssumptions(Strict):
    fertility: list[PathPoint] = Field(default_factory=list)  # 合計特殊出生率
    migration: list[PathPoint] = Field(default_factory=list)  # 純移動（社会増減）
    note: str | None = None


ListPart = Literal["goals", "measures", "numerical_targets", "kpis", "projects", "grants", "reviews",
                   "population_targets", "cross_cutting_goals"]


class Excerpt(Strict):
    """Which lists of the document are an excerpt (the rest is complete)."""

    excerpt: list[ListPart]
    note: str | None = None


# --- documents -----------------------------------------------------------------------------------


class Document(Strict):
    id: DocId
    title: str
    note: str | None = None
    sources: list[Source] = Field(default_factory=list)
    # Reliability of individual fields, e.g. {period: {title: 市民タイムス 2020-01, reliability: secondary}}
    provenance: dict[str, Source] = Field(default_factory=dict)
    waivers: list[Waiver] = Field(default_factory=list)

    @cached_property
    def referenced_ids(self) -> frozenset[str]:
        """The ids of the documents it refers to (checker.references), read once: a batch check
        asks for them several times per document, and the model is frozen."""
        return frozenset(referenced_documents(self))


class NationalStrategy(Document):
    kind: Literal["national_strategy"]
    decided: Date
    period: PeriodField
    predecessor: Ref | None = None
    goal_term: GoalTerm = "basic_goal"  # what the document calls the items of `goals`
    goals: list[HigherGoal] = Field(default_factory=list)
    cross_cutting_goals: list[HigherGoal] = Field(default_factory=list)


class PrefecturalStrategy(Document):
    kind: Literal["prefectural_strategy"]
    prefecture: str
    adopted: MaybeDate | None = None
    published: MaybeDate | None = None
    period: MaybePeriod
    predecessor: Ref | None = None
    considers: list[Ref] = Field(default_factory=list)
    goal_term: GoalTerm = "basic_goal"  # what the document calls the items of `goals`
    goals: Annotated[list[HigherGoal] | Unknown, BeforeValidator(lambda v: unknown_of(v) or v)] = Field(
        default_factory=list)  # unknown: not captured
    indicators: list[Indicator] = Field(default_factory=list)  # published figures (a city may quote them)
    revisions: list[Revision] = Field(default_factory=list)  # e.g. revised to consider the デジタル田園 strategy


class MunicipalStrategy(Document):
    kind: Literal["municipal_strategy"]
    municipality: str
    prefecture: str
    period: PeriodField
    extension: Extension | None = None
    adopted: MaybeDate | None = None
    published: MaybeDate | None = None
    considers: MaybeRefs = Field(default_factory=list)
    predecessor: Ref | None = None
    merges_into: Ref | None = None
    vision: MaybeRef | None = None
    revisions: list[Revision] = Field(default_factory=list)
    themes: list[str] = Field(default_factory=list)
    declared: Declared | None = None
    # "excerpt": the lists are not all items (any of them); {excerpt: [kpis, projects]}: those ones.
    lists: Literal["complete", "excerpt"] | Excerpt = "complete"
    goals: list[BasicGoal] = Field(default_factory=list)
    cross_cutting_goals: list[CrossCuttingGoal] = Field(default_factory=list)  # 横断的目標
    parts: list[StrategyPart] = Field(default_factory=list)  # goals in parts with their own numbering
    population: PopulationFacts | None = None  # the peak and projections it restates from its vision
    population_targets: list[PopulationTarget] = Field(default_factory=list)  # its own (人口の目標)
    mentions: list[Mention] = Field(default_factory=list)  # facts it states about other documents
    projects: list[Project] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    grants: list[Grant] = Field(default_factory=list)
    verification: Annotated[Verification | Unknown | None, BeforeValidator(lambda v: unknown_of(v) or v)] = None
    retired: list[Disposal] = Field(default_factory=list)
    unaddressed: list[Disposal] = Field(default_factory=list)


class BasicPlan(Strict):
    id: LocalId
    title: str
    period: PeriodField
    serves_as_strategy: bool | None = None  # 総合計画が総合戦略を兼ねる (手引き 6-1)
    keeps: Annotated[Union[list[Kept], Unknown], _UNKNOWN_OR] = Field(default_factory=list)
    population_targets: list[PopulationTarget] = Field(default_factory=list)
    note: str | None = None


class BasicConcept(Strict):
    title: str | None = None
    period: PeriodField


class ComprehensivePlan(Document):
    kind: Literal["comprehensive_plan"]
    municipality: str | None = None
    prefecture: str | None = None
    adopted: MaybeDate | None = None
    supersedes: Ref | None = None  # e.g. the population vision whose targets it replaces
    basic_concept: BasicConcept
    basic_plans: list[BasicPlan] = Field(default_factory=list)
    population_targets: list[PopulationTarget] = Field(default_factory=list)  # the plan's own (基本構想)
    population: PopulationFacts | None = None  # the peak and projections it restates
    mentions: list[Mention] = Field(default_factory=list)  # facts it states about other documents


class PopulationVision(Document):
    """A 人口ビジョン as written: its targets, the projection without measures it starts from (社人研
    準拠 on an edition, or the city's own), the assumptions of its targets, actual counts and the
    peak. A newer vision that supersedes an older one takes effect at its adoption."""

    kind: Literal["population_vision"]
    municipality: str
    prefecture: str | None = None  # tells apart towns of the same name (伊達市, 府中市)
    adopted: MaybeDate | None = None
    projection: MaybeRef | None = None  # the 社人研 edition it rests on (national/ipss-2018)
    projection_basis: Literal["ipss", "own"] | None = None  # 社人研準拠 / 独自推計
    supersedes: Ref | None = None
    targets: list[PopulationTarget] = Field(default_factory=list)
    projections: list[PopulationTarget] = Field(default_factory=list)  # without measures, by year
    actuals: list[PopulationTarget] = Field(default_factory=list)  # counted (国勢調査 / 住基), by year or date
    peak: PopulationTarget | None = None  # the highest count, and when
    assumptions: VisionAssumptions | None = None
    # {excerpt: [population_targets]}: the figures listed are not all the vision gives
    lists: Literal["complete", "excerpt"] | Excerpt = "complete"
    mentions: list[Mention] = Field(default_factory=list)  # facts it states about other documents


class RegionalPlan(Document):
    """A 地域再生計画 (地域再生法): the plan a grant project sits in, certified by the Cabinet Office.
    It restates facts of the strategy it implements (its period, indicators), which are compared."""

    kind: Literal["regional_plan"]
    municipality: str
    prefecture: str | None = None
    period: MaybePeriod
    approved: MaybeDate | None = None  # 認定日
    implements: Ref | None = None  # the strategy (the 地方版総合戦略) it carries out
    strategy_period: PeriodField | None = None  # that strategy's period as this plan states it
    programme: Ref | None = None  # the grant programme
    funds: list[Ref] = Field(default_factory=list)  # the strategy's grant entries (GR1) it covers
    targets: list[Indicator] = Field(default_factory=list)  # its target indicators and values
    mentions: list[Mention] = Field(default_factory=list)  # facts it states about other documents


class ProjectionEdition(Document):
    kind: Literal["projection_edition"]
    released: Date
    base_census: int
    horizon: int


class GrantType(Strict):
    """A type (事業類型) of a grant programme: its own project periods and, where they differ from
    the programme's, the fiscal years it exists. Its facts carry their own sources and provenance."""

    id: LocalId
    title: str
    aliases: list[str] = Field(default_factory=list)
    usual_years: int | None = Field(default=None, ge=1)  # 原則 … か年度以内
    max_years: int | None = Field(default=None, ge=1)  # 最長 … か年度; none: the programme's max_years
    valid: PeriodField | None = None  # none: the programme's valid
    note: str | None = None
    sources: list[Source] = Field(default_factory=list)
    provenance: dict[str, Source] = Field(default_factory=dict)


class GrantProgramme(Document):
    kind: Literal["grant_programme"]
    aliases: list[str] = Field(default_factory=list)
    valid: PeriodField
    max_years: int | None = None  # for a programme with types: the limit of types that state none
    types: list[GrantType] = Field(default_factory=list)


AnyDocument = Annotated[
    Union[
        NationalStrategy,
        PrefecturalStrategy,
        MunicipalStrategy,
        ComprehensivePlan,
        PopulationVision,
        RegionalPlan,
        ProjectionEdition,
        GrantProgramme,
    ],
    Field(discriminator="kind"),
]
def document_level(doc: BaseModel) -> Literal["national", "prefectural", "municipal"]:
    kind = getattr(doc, "kind", None)
    # the owner is asked only where it decides (a national document has no `municipality`, and
    # asking a pydantic model for a field it lacks costs a raised AttributeError)
    return level_of(kind, getattr(doc, "municipality", None) if kind == "comprehensive_plan" else None)
