"""`plancheck init`: a starter plan set — the strategy YAML and an Excel workbook whose sheets,
headers and drop-down lists are the ones the table reader accepts (from the same column specs),
with one example row each. It never writes over an existing file unless asked to."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml

from checker import prefectures, resources
from checker.checks.base import NotKnown
from checker.checks.base import in_force
from checker.fiscal import era_fiscal_year, fiscal_year_of
from checker.graph import build_graph
from checker.load import load_documents
from checker.load.tables import SPECS, Column, allowed_values
from checker.errors import PlancheckError
from checker.i18n import both, listing
from checker.output import write_atomic

WORKBOOK = "plan.xlsx"
SHEETS = {"projects": "事業一覧", "indicators": "指標一覧", "grants": "交付金", "reviews": "効果検証"}


class ScaffoldError(PlancheckError):
    """The starter plan set cannot be written (exit code 2): one message, ja / en."""


class Written(list[Path]):
    """The paths written, and notices for the user: what the prefecture's bundled reference data
    could not confirm (checker.prefectures.notice) — the caller shows them, the files are written."""

    def __init__(self, paths: Iterable[Path], notices: Iterable[str] = ()) -> None:
        super().__init__(paths)
        self.notices = tuple(notices)


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    rows: Sequence[dict[str, Any]]  # field → value


def drop_down(column: Column, years: Sequence[str]) -> tuple[tuple[str, ...], bool]:
    """What a column's drop-down list offers, and whether Excel refuses anything else. Closed
    columns (kinds, directions, yes/no …) offer every written form the reader accepts — ASCII ones
    such as KPI too (Excel compares them ignoring case, as the reader does) — and refuse the rest.
    Open ones only suggest: years (2024, FY2024 and 不明 are read too), several choices in one cell
    (基準値、実績値), a rating's usual grades."""
    if column.kind in ("choice", "bool"):
        first: dict[str, str] = {}
        for written in allowed_values(column):
            first.setdefault(written.casefold(), written)
        return tuple(first.values()), True
    if column.kind == "choices":
        return allowed_values(column), False
    if column.kind in ("fiscal_year", "year"):
        return tuple(years) + (("不明",) if column.unknown else ()), False
    return column.suggestions, False


def write_workbook(sheets: Iterable[Sheet], fiscal_years: Sequence[int]) -> bytes:
    """A workbook with bold frozen headers, widths for Japanese text, and drop-down lists for
    kinds, directions, yes/no and fiscal years (data validation)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.remove(book.active)
    years = tuple(era_fiscal_year(y) for y in fiscal_years)
    for sheet in sheets:
        ws = book.create_sheet(sheet.name)
        for i, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=i, value=column.label)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            ws.column_dimensions[get_column_letter(i)].width = max(12, 2 * len(column.label) + 4)
            offered, enforced = drop_down(column, years)
            if offered:
                rule = DataValidation(type="list", formula1=f'"{",".join(offered)}"', allow_blank=not column.required,
                                      showErrorMessage=enforced)
                ws.add_data_validation(rule)
                rule.add(f"{get_column_letter(i)}2:{get_column_letter(i)}1000")
        for r, row in enumerate(sheet.rows, start=2):
            for i, column in enumerate(sheet.columns, start=1):
                ws.cell(row=r, column=i, value=row.get(column.field))
        ws.freeze_panes = "A2"
    book.properties.creator = "plancheck"
    fixed = dt.datetime(2000, 1, 1)
    book.properties.created = book.properties.modified = fixed
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def municipality_code(code: str, prefecture: prefectures.Prefecture) -> str:
    """A 全国地方公共団体コード as six digits: five digits get their check digit, six digits must
    carry the right one, and the first two are the prefecture's (20: 長野県). ScaffoldError else."""
    digits = unicodedata.normalize("NFKC", code).strip()
    if not re.fullmatch(r"\d{5}|\d{6}", digits):
        raise ScaffoldError(*both("scaffold.code_digits", code=code))
    check = str((11 - sum(int(d) * w for d, w in zip(digits, (6, 5, 4, 3, 2))) % 11) % 10)
    if len(digits) == 6 and digits[5] != check:
        raise ScaffoldError(*both("scaffold.code_check_digit", code=code, expected=digits[:5] + check))
    if int(digits[:2]) != prefecture.code:
        raise ScaffoldError(*both("scaffold.code_prefecture", code=code, first=digits[:2], prefecture=prefecture.name,
                                  number=prefecture.code))
    return digits[:5] + check


# A municipality's kind, as its name ends: a city is the usual case and goes without, the others
# keep it in English (a prefecture may have a 町 and a 市 of one name, never two 町).
_KINDS = {"市": "", "町": "-town", "村": "-village", "区": "-ward"}


def romanised(name: str) -> str:
    """A municipality's name in plain ASCII for ids: its reading in Hepburn romanisation by
    pykakasi (a reading guessed from the kanji: 小谷村 comes out kotani-village, not otari), long
    vowels shortened as road signs write them (大町市 omachi, 東京 tokyo), the 市 dropped and
    町/村/区 as -town/-village/-ward (白馬村 hakuba-village). Empty when nothing in it can be read."""
    import pykakasi

    stem = unicodedata.normalize("NFKC", name).strip()
    kind = ""
    if len(stem) >= 2 and stem[-1] in _KINDS:
        stem, kind = stem[:-1], _KINDS[stem[-1]]
    text = "".join(part["hepburn"] for part in pykakasi.kakasi().convert(stem))
    text = re.sub(r"ou|oo", "o", re.sub(r"uu", "u", text.lower()))
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text + kind if text else ""


def municipality_owner(municipality: str, prefecture: prefectures.Prefecture, code: str | None = None) -> str:
    """The owner part of the ids `plancheck init` writes (`<owner>/strategy-1`), so that two
    municipalities set up this way never share one (REF-002): the 全国地方公共団体コード when
    given (202207), else the prefecture's and the municipality's romanised names (nagano-azumino:
    府中市 is in 東京都 and in 広島県), else — a name with nothing romanisable — the prefecture's
    name and a digest of the municipality's."""
    if code:
        return municipality_code(code, prefecture)
    name = romanised(municipality)
    if not name:
        name = hashlib.sha256(municipality.encode("utf-8")).hexdigest()[:8]
    return f"{prefecture.slug}-{name}"


def init_plan_set(folder: Path, *, municipality: str, prefecture: str, from_period: str | None = None,
                  plans: Sequence[Path] | None = None, force: bool = False, today: dt.date | None = None,
                  code: str | None = None) -> Written:
    """Write strategy.yaml, vision.yaml and plan.xlsx into `folder`; return the paths written, with
    notices about the prefecture's reference data. `prefecture` is one of the 47 full names
    (長野県, 東京都); anything else is a ScaffoldError that says which one was meant. The ids are
    the municipality's (municipality_owner; `code`: its 全国地方公共団体コード), or with
    `from_period` the previous strategy's."""
    found = _prefecture(prefecture)
    municipality = municipality.strip()
    if not municipality:
        raise ScaffoldError(*both("scaffold.no_municipality"))
    notice = prefectures.notice(prefectures.reference_data(found))
    targets = [folder / "strategy.yaml", folder / WORKBOOK, folder / "vision.yaml"]
    _refuse_existing(targets[:2], force)
    start = _Start.read(list(plans or []), found, municipality, code, from_period, today or dt.date.today())
    if not start.kept_vision:
        _refuse_existing(targets[2:], force)
    goals = start.carried_goals() or [start.first_goal()]
    strategy = start.strategy(municipality, found.name, goals)
    workbook = write_workbook(_example_sheets(start, goals[0]["id"], goals[0]["measures"][0]["id"]),
                              range(start.first_year - 5, start.last_year + 2))
    write_atomic(targets[0], _strategy_text(strategy, start))
    write_atomic(targets[1], workbook)
    written = targets[:2] if start.kept_vision else targets
    if not start.kept_vision:
        write_atomic(targets[2], vision_text(start.vision_id, municipality, found.name, start.projection,
                                             start.first_year))
    return Written(written, [notice] if notice else [])


def _prefecture(name: str) -> prefectures.Prefecture:
    try:
        return prefectures.lookup(name)
    except prefectures.UnknownPrefecture as exc:
        raise ScaffoldError(exc.ja(), str(exc)) from None


@dataclass(frozen=True)
class _Start:
    """What a new strategy starts from: the plans read (the bundled ones and `--plans`), the
    national and prefectural strategies in force, the previous strategy (`--from-period`), and the
    ids, number and years that follow from them."""

    g: Any  # the graph of the plans read
    national: str | None
    prefectural: str | None
    projection: str | None  # the 将来推計人口 edition in force
    previous: str | None  # the previous strategy's id
    doc_id: str
    number: int  # 第n期
    first_year: int
    last_year: int
    vision_id: str
    kept_vision: bool  # the previous strategy's vision, kept (no vision.yaml written)

    @classmethod
    def read(cls, plans: list[Path], found: prefectures.Prefecture, municipality: str, code: str | None,
             from_period: str | None, today: dt.date) -> "_Start":
        g = build_graph(load_documents(plans + [resources.plans_dir()], include_reference=True).documents)
        owner, previous = municipality_owner(municipality, found, code), None
        if from_period:
            if from_period not in g or g.nodes[from_period]["type"] != "municipal_strategy":
                raise ScaffoldError(*both("scaffold.no_previous", period=from_period))
            previous, owner = g.nodes[from_period], from_period.split("/")[0]
        first = previous["effective_period"].end + 1 if previous else fiscal_year_of(today) + 1
        number = int(m.group(1)) + 1 if previous and (m := re.search(r"(\d+)$", from_period or "")) else 1
        # the vision: the previous strategy's when it names one, else a new one (vision.yaml)
        kept = previous.get("vision_ref") if previous else None
        vision_id = kept if isinstance(kept, str) else next(
            f"{owner}/vision-{n}" for n in range(1, 100) if f"{owner}/vision-{n}" not in g)
        return cls(g, in_force(g, _of_type(g, "national_strategy"), today), _in_force_or_none(
            g, [n for n in _of_type(g, "prefectural_strategy") if g.nodes[n].get("prefecture") == found.name], today),
            _in_force_or_none(g, _of_type(g, "projection_edition"), today), from_period if previous else None,
            f"{owner}/strategy-{number}", number, first, first + 4, vision_id, isinstance(kept, str))

    def national_goals(self, cross_cutting: bool) -> list[str]:
        return [n for n in sorted(self.g.nodes) if self.g.nodes[n]["type"] == "national_goal"
                and self.g.nodes[n]["doc"] == self.national and bool(self.g.nodes[n].get("cross_cutting")) == cross_cutting]

    def carried_goals(self) -> list[dict[str, Any]]:
        """The previous strategy's goals, continued, each with the national goals it considered
        and a placeholder measure; none when there is no previous strategy or its goals were not
        captured (an excerpt), then the new strategy starts from a placeholder goal."""
        g, goals = self.g, []
        for goal in sorted(n for n, d in g.nodes(data=True) if d["type"] == "basic_goal" and d["doc"] == self.previous):
            data = g.nodes[goal]
            considers = [n for n in g.successors(goal) if g.nodes[n]["type"] == "national_goal"
                         and g.nodes[n]["doc"] == self.national]
            goals.append({"id": data["local"], "title": data["title"], "continues": {"from": goal, "as": "continued"},
                          **({"considers": considers} if considers else {}),
                          "measures": [{"id": f"{data['local']}-M1", "title": "（施策名）"}]})
        return goals

    def first_goal(self) -> dict[str, Any]:
        first = next(iter(self.national_goals(cross_cutting=False)), None)
        return {"id": "G1", "title": "（基本目標）", "theme": "人口減少の克服",
                **({"considers": [first]} if first else {}), "measures": [{"id": "G1-M1", "title": "（施策名）"}]}

    def strategy(self, municipality: str, prefecture: str, goals: list[dict[str, Any]]) -> dict[str, Any]:
        return {
            "kind": "municipal_strategy",
            "id": self.doc_id,
            "title": f"{'第' + str(self.number) + '期' if self.number > 1 else ''}{municipality}まち・ひと・しごと創生総合戦略",
            "municipality": municipality,
            "prefecture": prefecture,
            "period": {"from": era_fiscal_year(self.first_year), "to": era_fiscal_year(self.last_year)},
            "considers": [d for d in (self.national, self.prefectural) if d],
            **({"predecessor": self.previous} if self.previous else {}),
            "vision": self.vision_id,
            "themes": ["人口減少の克服", "人口減少を見据えたまちづくり"],
            "goals": goals,
            "projects": {"table": WORKBOOK, "sheet": SHEETS["projects"]},
            "indicators": {"table": WORKBOOK, "sheet": SHEETS["indicators"]},
            "grants": {"table": WORKBOOK, "sheet": SHEETS["grants"]},
            "verification": {
                "body": {"name": f"{municipality}総合戦略推進会議", "sectors": ["産", "官", "学", "金", "労", "言"],
                         "external_experts": True},
                "reviews": {"table": WORKBOOK, "sheet": SHEETS["reviews"]},
            },
        }


def _of_type(g: Any, type_: str) -> list[str]:
    return [n for n, t in g.nodes(data="type") if t == type_]


def _in_force_or_none(g: Any, candidates: list[str], today: dt.date) -> str | None:
    try:
        return in_force(g, candidates, today)
    except NotKnown:  # a strategy or edition with neither adoption date nor period
        return None


def _strategy_text(strategy: dict[str, Any], start: _Start) -> str:
    """The strategy as YAML, headed by how to fill it in, with the optional fields as comments
    under the key they belong after."""
    first, last = start.first_year, start.last_year
    header = (f"# {strategy['title']} — plancheck init が作成したひな形です。（ ）の部分と {WORKBOOK} の例の行を\n"
              "# 書き換えてください。書き方: docs/plan-format.md / `plancheck explain RULE`\n"
              "# 「# 項目名:」の行は任意の項目です。使うときは先頭の「# 」を消してください。資料で確かめられない事実は\n"
              "# unknown（不明）と書きます。書かない（未記載）のとは別で、その事実を使うルールは違反ではなく「未確認」と報告されます。\n")
    cross = next(iter(start.national_goals(cross_cutting=True)), None)
    optional = {
        "period": [
            f"# extension: {{to: {era_fiscal_year(last + 1)}, decided: {last}-12-20, body: 市議会, "
            "reason: 総合計画との統合時期に合わせて1年延長}  # 計画期間を延長したとき（決定日・決定機関・理由: PER-011）",
            f"# adopted: {first}-03-25  # 策定日。資料で確かめられなければ adopted: unknown（LAW-006・PER-002 などは「未確認」）",
            f"# published: {first}-03-31  # 公表日（同じく unknown も可）",
        ],
        "considers": [
            "# （勘案する国・県の戦略が資料で確かめられないときは considers: unknown と書きます: LAW-001〜003 は「未確認」）",
        ],
        "vision": [
            "# （基礎とする人口ビジョン: vision.yaml。別の人口ビジョンを使うときはその id を。資料に記載がなければ vision: unknown）",
        ],
        "themes": [
            "# declared: {projects: 1, indicators: 2, numerical_targets: 1, kpis: 1}  # 本文が述べる件数（CNT-001, CNT-002）",
            "# lists: {excerpt: [kpis, projects]}  # 公表資料の一覧が抜粋のとき: その一覧を数えるルールは「未確認」",
            f"# revisions: [{{date: {first + 2}-03-25, considers: [{start.national or 'national/strategy-2'}], "
            "reason: 国の新たな総合戦略を勘案して改訂}]  # 期間中の改訂",
        ],
        "goals": [
            "# cross_cutting_goals: [{id: X1, title: （横断的目標）"
            + (f", considers: [{cross}]" if cross else "") + "}]  # 市独自の横断的目標（国の横断的な目標を勘案）",
        ],
    }
    return header + "".join(
        yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=120)
        + "".join(f"{line}\n" for line in optional.get(key, ())) for key, value in strategy.items())


def _example_sheets(start: _Start, goal: str, measure: str) -> list[Sheet]:
    """The workbook's sheets, with one example project and two example indicators."""
    first, last = start.first_year, start.last_year
    indicators = [
        # 数値目標: a baseline of the year the strategy is written in is an estimate (見込み)
        {"id": "T-001", "kind": "数値目標", "title": "（数値目標）", "unit": "人",
         "baseline.year": era_fiscal_year(first - 1), "baseline.value": 100, "baseline.source": "（基準値の出典）",
         "target.year": era_fiscal_year(last), "target.value": 120, "estimate": "基準値",
         "direction": "増加", "outcome": "○", "source": "（出典）", "goal": goal},
        # KPI: totals over five years (累計), the previous five against the strategy's five
        {"id": "K-001", "kind": "KPI", "title": "（KPI）", "unit": "件",
         "baseline.window": f"{era_fiscal_year(first - 5)}~{era_fiscal_year(first - 1)}", "baseline.value": 50,
         "target.window": f"{era_fiscal_year(first)}~{era_fiscal_year(last)}", "target.value": 60,
         "aggregate": "累計", "direction": "増加", "outcome": "○", "source": "（出典）", "measure": measure},
    ]
    return [
        Sheet(SHEETS["projects"], SPECS["projects"],
              [{"id": "P-001", "title": "（事業名）", "department": "（所管課）", "measure": measure}]),
        Sheet(SHEETS["indicators"], SPECS["indicators"], indicators),
        Sheet(SHEETS["grants"], SPECS["grants"], []),
        Sheet(SHEETS["reviews"], SPECS["reviews"], []),
    ]


def _refuse_existing(paths: Sequence[Path], force: bool) -> None:
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        raise ScaffoldError(*both("scaffold.exists", paths=listing(str(p) for p in existing)))


VISION_YEAR = 2060  # the year of the national long-term vision's outlook (まち・ひと・しごと創生長期ビジョン)


def vision_text(vision_id: str, municipality: str, prefecture: str, projection: str | None, start: int) -> str:
    """vision.yaml: the population vision (人口ビジョン) the strategy rests on, with its target
    left to fill in — the population `unknown`, its source a placeholder (REF-006 until written)."""
    vision: dict[str, Any] = {
        "kind": "population_vision",
        "id": vision_id,
        "title": f"{municipality}人口ビジョン",
        "municipality": municipality,
        "prefecture": prefecture,
        **({"projection": projection, "projection_basis": "ipss"} if projection else {}),
        "targets": [{"year": VISION_YEAR, "population": "unknown", "source": "（目標人口の出典）"}],
    }
    header = (f"# {vision['title']} — plancheck init が作成したひな形です。目標人口（population）と出典を書き換えてください。\n"
              "# population: unknown のままでは人口の目標を使うルール（POP-*）は「未確認」になります。\n"
              + (f"# projection: 基礎とした社人研の推計（{projection} は今日時点の最新版）。独自推計なら projection_basis: own\n"
                 if projection else "")
              + "# 書き方: docs/plan-format.md（人口ビジョン）\n")
    optional = [f"# adopted: {start}-03-25  # 策定日",
                "# （目標人口の算出基礎は targets の各行に basis: census（国勢調査）または resident_register（住民基本台帳））",
                "# projections: [{year: 2060, population: 25000}]  # 施策を講じない場合の推計人口（社人研準拠）",
                "# assumptions: {fertility: [{year: 2030, value: 1.8}]}  # 目標の前提（合計特殊出生率など）"]
    body = yaml.safe_dump(vision, allow_unicode=True, sort_keys=False, width=120)
    return header + body + "".join(f"{line}\n" for line in optional)
