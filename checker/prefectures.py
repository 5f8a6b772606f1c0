"""The 47 prefectures (都道府県) in JIS X 0401 order, and what plancheck bundles about each.

`lookup` accepts a prefecture's full name only (北海道, 東京都, 大阪府, 長野県 …, full-width or with
spaces around it) — the name the plan files use, so LAW-003 finds the prefecture's strategies — and
says which one was meant otherwise (「長野」→ 長野県, 「nagano」→ 長野県, 「長野件」→ 長野県).

The reference data of a prefecture: its `prefectural_strategy` documents in
`plans/prefectures/<slug>.yaml` (Nagano's predate that layout and stay in plans/nagano/; 佐賀県 has
none), and its record in `plans/prefectures/index.toml` — which strategy is current, the one
before it, related plans (a TOML file, so neither the loader nor the quick scan of plan files sees
it). `reference_data` reads both, `coverage` rates them, `unknown_facts` lists what the sources did
not show (docs/reference-data.md).
"""

from __future__ import annotations

import difflib
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, Sequence

from pydantic import ValidationError

from checker import i18n, resources
from checker.i18n import t
from checker.fiscal import Period, PlanDate
from checker.model import MaybeRef, Source, Strict
from checker.unknown import Unknown


@dataclass(frozen=True)
class Prefecture:
    code: int  # JIS X 0401
    name: str  # the full name, as plan files write it
    slug: str  # romanised, for ids and file names (hokkaido/strategy-1, plans/prefectures/hokkaido.yaml)

    @property
    def short(self) -> str:
        """The name without 都・府・県 (北海道 keeps its 道: 北海 is not said)."""
        return self.name if self.name == "北海道" else self.name[:-1]


PREFECTURES: tuple[Prefecture, ...] = tuple(Prefecture(code, name, slug) for code, (name, slug) in enumerate((
    ("北海道", "hokkaido"), ("青森県", "aomori"), ("岩手県", "iwate"), ("宮城県", "miyagi"), ("秋田県", "akita"),
    ("山形県", "yamagata"), ("福島県", "fukushima"), ("茨城県", "ibaraki"), ("栃木県", "tochigi"), ("群馬県", "gunma"),
    ("埼玉県", "saitama"), ("千葉県", "chiba"), ("東京都", "tokyo"), ("神奈川県", "kanagawa"), ("新潟県", "niigata"),
    ("富山県", "toyama"), ("石川県", "ishikawa"), ("福井県", "fukui"), ("山梨県", "yamanashi"), ("長野県", "nagano"),
    ("岐阜県", "gifu"), ("静岡県", "shizuoka"), ("愛知県", "aichi"), ("三重県", "mie"), ("滋賀県", "shiga"),
    ("京都府", "kyoto"), ("大阪府", "osaka"), ("兵庫県", "hyogo"), ("奈良県", "nara"), ("和歌山県", "wakayama"),
    ("鳥取県", "tottori"), ("島根県", "shimane"), ("岡山県", "okayama"), ("広島県", "hiroshima"), ("山口県", "yamaguchi"),
    ("徳島県", "tokushima"), ("香川県", "kagawa"), ("愛媛県", "ehime"), ("高知県", "kochi"), ("福岡県", "fukuoka"),
    ("佐賀県", "saga"), ("長崎県", "nagasaki"), ("熊本県", "kumamoto"), ("大分県", "oita"), ("宮崎県", "miyazaki"),
    ("鹿児島県", "kagoshima"), ("沖縄県", "okinawa"),
), start=1))

_BY_NAME = {p.name: p for p in PREFECTURES}


class UnknownPrefecture(ValueError):
    """A name that is not one of the 47, with the names it may have meant."""

    def __init__(self, text: str, suggestions: Sequence[str]) -> None:
        self.text = text
        self.suggestions = tuple(suggestions)
        hint = i18n.text("prefecture.did_you_mean", names=i18n.listing(self.suggestions, "suggestions")) \
            if self.suggestions else ""
        self.message_ja, message_en = i18n.both("prefecture.unknown", text=text, hint=hint)
        super().__init__(message_en)

    def ja(self) -> str:
        return self.message_ja


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().replace(" ", "").replace("\u3000", "")


def by_name(name: str) -> Prefecture | None:
    """The prefecture of this exact full name (after NFKC and trimming), else None."""
    return _BY_NAME.get(_normal(name))


def suggestions(text: str, n: int = 3) -> tuple[str, ...]:
    """Full names `text` may have meant: its short form (長野, 東京, 大阪), its slug (nagano), the
    name with another suffix (長野都), close spellings (長野件)."""
    norm = _normal(text)
    lowered = norm.casefold()
    found: list[str] = []
    for p in PREFECTURES:
        if lowered in (p.slug, p.short.casefold()) or (len(norm) > 1 and norm[:-1] == p.short and norm[-1] in "都道府県"):
            found.append(p.name)
    if not found and norm:
        found = difflib.get_close_matches(norm, [p.name for p in PREFECTURES], n=n, cutoff=0.5)
        found += [p.name for p in PREFECTURES
                  if p.name not in found and difflib.SequenceMatcher(None, lowered, p.slug).ratio() >= 0.8]
    return tuple(dict.fromkeys(found))[:n]


def lookup(text: str) -> Prefecture:
    """The prefecture named `text` (its full name); UnknownPrefecture with suggestions otherwise."""
    found = by_name(text) if isinstance(text, str) else None
    if found is None:
        raise UnknownPrefecture(str(text), suggestions(str(text)) if isinstance(text, str) else ())
    return found


# --- the bundled reference data -------------------------------------------------------------------


class RelatedPlan(Strict):
    """A plan of the prefecture whose standing as its strategy (第9条) the sources do not show."""

    title: str
    note: str | None = None
    url: str | None = None
    reliability: Literal["primary", "secondary", "unverified"] = "primary"


class PrefectureRecord(Strict):
    """A prefecture's entry (its slug's table) in plans/prefectures/index.toml."""

    prefecture: str
    # The strategy a municipal strategy adopted in 2026 considers, as far as the sources show;
    # `unknown` when none is seen for FY2025 onward. `previous`: the one before it.
    current: MaybeRef
    previous: MaybeRef | None = None
    note: str | None = None
    related: list[RelatedPlan] = []
    sources: list[Source] = []


def reference_file(prefecture: Prefecture) -> Path:
    """Where the prefecture's strategies are (the file may not exist: 佐賀県 has none, 長野県's are in
    plans/nagano/)."""
    return resources.plans_dir() / "prefectures" / f"{prefecture.slug}.yaml"


def index_file() -> Path:
    return resources.plans_dir() / "prefectures" / "index.toml"


@dataclass(frozen=True)
class ReferenceData:
    """What plancheck bundles about one prefecture."""

    prefecture: Prefecture
    record: PrefectureRecord | None  # None: no file (or no record in it)
    strategies: tuple[Any, ...] = ()  # the prefecture's prefectural_strategy models, by date
    problems: tuple[str, ...] = field(default=())  # a broken file or record (a bug of the bundle)

    def strategy(self, ref: Any) -> Any | None:
        return next((s for s in self.strategies if isinstance(ref, str) and s.id == ref), None)

    @property
    def current(self) -> Any | None:
        return self.strategy(self.record.current) if self.record else None

    @property
    def previous(self) -> Any | None:
        return self.strategy(self.record.previous) if self.record else None


@cache
def _index() -> tuple[dict[str, Any], tuple[str, ...]]:
    try:
        return tomllib.loads(index_file().read_text(encoding="utf-8")), ()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, (f"{index_file().name}: {exc}",)


def _record(prefecture: Prefecture) -> tuple[PrefectureRecord | None, tuple[str, ...]]:
    index, problems = _index()
    entry = index.get(prefecture.slug)
    if entry is None:
        return None, problems or (f"{index_file().name}: no [{prefecture.slug}] table",)
    try:
        record = PrefectureRecord.model_validate(entry)
    except ValidationError as exc:
        return None, (f"{index_file().name} [{prefecture.slug}]: {exc}",)
    if record.prefecture != prefecture.name:
        return None, (f"{index_file().name} [{prefecture.slug}]: the record is for {record.prefecture}",)
    return record, ()


@cache
def _bundled_prefectural() -> tuple[Any, ...]:
    """Every bundled prefecture-level document (models), read once."""
    from checker.load.documents import bundled_reference
    from checker.model import document_level

    documents, _ = bundled_reference(set(), [])
    return tuple(d.model for d in documents if document_level(d.model) == "prefectural")


def effective_date(strategy: Any) -> tuple[int, int, int] | None:
    """When a strategy took effect, as the engine places it (adoption, else the start of its
    period), for ordering; None when neither is known."""
    adopted = getattr(strategy, "adopted", None)
    if isinstance(adopted, PlanDate):
        return (adopted.year, adopted.month, adopted.day or 1)
    period = getattr(strategy, "period", None)
    if isinstance(period, Period):
        return (period.start, 4, 1)
    return None


def reference_data(prefecture: Prefecture) -> ReferenceData:
    record, problems = _record(prefecture)
    strategies = [m for m in _bundled_prefectural() if m.kind == "prefectural_strategy" and m.prefecture == prefecture.name]
    strategies.sort(key=lambda s: (effective_date(s) or (9999, 0, 0), s.id))
    return ReferenceData(prefecture, record, tuple(strategies), problems)


Coverage = Literal["confirmed", "partial", "unknown"]


def _complete(strategy: Any) -> bool:
    return strategy is not None and bool(strategy.title) and isinstance(strategy.period, Period) \
        and isinstance(strategy.adopted, PlanDate)


def coverage(data: ReferenceData) -> Coverage:
    """As the research notes define it: `confirmed` — title, period and adoption date found for
    both the current and the previous strategy; `partial` — some of these; `unknown` — none (no
    strategy of the prefecture is known)."""
    if not data.strategies:
        return "unknown"
    return "confirmed" if _complete(data.current) and _complete(data.previous) else "partial"


UnknownFact = Literal["adopted", "period", "goals", "current"]


def unknown_facts(data: ReferenceData) -> list[tuple[Any | None, tuple[UnknownFact, ...]]]:
    """(strategy, facts the sources did not show) for each strategy with some; (None, ("current",))
    when the strategy in force now is not known. An adoption date or goal list that the file
    leaves out is as unknown as one marked so: reference data records what it has."""
    found: list[tuple[Any | None, tuple[UnknownFact, ...]]] = []
    if data.record is None or isinstance(data.record.current, Unknown) or data.current is None:
        found.append((None, ("current",)))
    for s in data.strategies:
        missing: list[UnknownFact] = []
        if not isinstance(s.adopted, PlanDate):
            missing.append("adopted")
        if not isinstance(s.period, Period):
            missing.append("period")
        if isinstance(s.goals, Unknown) or not s.goals:
            missing.append("goals")
        if missing:
            found.append((s, tuple(missing)))
    return found


def notice(data: ReferenceData) -> str | None:
    """A note for `plancheck init`: the facts of the prefecture's reference data that the sources
    did not show, and what that means for the checks (Japanese, then English); None when all known."""
    name = data.prefecture.name
    if not data.strategies:
        return "\n".join(i18n.both("prefecture.no_reference", name=name))
    facts = unknown_facts(data)
    if not facts:
        return None
    dates = any("adopted" in m and "period" in m for s, m in facts if s is not None)
    effect = i18n.text("prefecture.effect_not_checked" if dates else "prefecture.effect_known_dates")
    parts: list[str] = []
    for lang in i18n.LANGUAGES:  # Japanese, then English
        parts.append(t("prefecture.unknown_facts", lang, name=name, effect=effect))
        for strategy, missing in facts:
            if strategy is None:
                parts.append("  " + t("prefecture.no_current", lang))
                continue
            # 策定日・目標 / adoption date, goals
            names = t("sep.names", lang).join(t(f"label.{m}", lang) for m in missing)
            parts.append("  " + t("prefecture.strategy_facts", lang, title=strategy.title, id=strategy.id, facts=names))
    return "\n".join(parts)
