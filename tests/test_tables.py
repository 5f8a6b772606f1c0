"""Long lists from CSV and Excel: encodings, located errors, same nodes as inline YAML, init."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from checker import api
from checker.load import read_documents
from checker.load.tables import SPECS
from checker.workflows.scaffold import Sheet, write_workbook
from cli import main
from tests.conftest import NATIONAL, ROOT

CITY_WITH_TABLES = """
kind: municipal_strategy
id: city/strategy
title: 例市総合戦略
municipality: 例市
prefecture: 例県
period: {from: R2, to: R6}
considers: [nat/strategy]
goals:
  - id: G1
    title: しごとをつくる
    considers: [nat/strategy#G1]
    measures: [{id: G1-M1, title: 創業支援}]
projects: {table: projects.csv}
indicators: {table: plan.xlsx, sheet: 指標}
"""
PROJECTS = "事業ID,事業名,所管課,施策\nP-1,創業塾,商工課,G1-M1\nP-2,空き家バンク,建築課,G1-M1\n"
INDICATORS = [
    {"id": "T-1", "kind": "数値目標", "title": "雇用者数", "unit": "人", "baseline.year": "R1年度", "baseline.value": 100,
     "target.year": "R6年度", "target.value": "1,500", "direction": "増加", "outcome": "○", "source": "統計", "goal": "G1"},
    {"id": "K-1", "kind": "KPI", "title": "創業件数", "unit": "件", "target.year": 2024, "target.value": 10,
     "measure": "G1-M1"},
]


def _plan(tmp_path: Path, projects: bytes, indicators: list[dict] = INDICATORS) -> Path:
    (tmp_path / "nat.yaml").write_text(NATIONAL.lstrip(), encoding="utf-8")
    (tmp_path / "city.yaml").write_text(CITY_WITH_TABLES.lstrip(), encoding="utf-8")
    (tmp_path / "projects.csv").write_bytes(projects)
    (tmp_path / "plan.xlsx").write_bytes(write_workbook([Sheet("指標", SPECS["indicators"], indicators)], range(2019, 2026)))
    return tmp_path


def _nodes(folder: Path) -> dict[str, tuple]:
    plans = api.build([folder], include_reference=False)
    assert plans.loaded.errors == ()
    g = plans.graph
    return {n: (d["type"], d.get("title"), d["file"].split("/")[-1], d["line"], tuple(sorted(k for _, _, k in g.out_edges(n, keys=True))))
            for n, d in g.nodes(data=True) if d["doc"] == "city/strategy"}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932"])
def test_csv_encodings_load_to_the_same_nodes(tmp_path_factory, encoding: str) -> None:
    reference = _nodes(_plan(tmp_path_factory.mktemp("ref"), PROJECTS.encode("utf-8")))
    nodes = _nodes(_plan(tmp_path_factory.mktemp(encoding), PROJECTS.encode(encoding)))
    assert nodes == reference
    assert nodes["city/strategy#P-2"] == ("project", "空き家バンク", "projects.csv", 3, ("part_of",))
    assert nodes["city/strategy#T-1"][:4] == ("indicator", "雇用者数", "plan.xlsx[指標]", 2)


def test_table_rows_are_the_same_as_inline_entries(tmp_path: Path) -> None:
    g = api.build([_plan(tmp_path, PROJECTS.encode())], include_reference=False).graph
    target = g.nodes["city/strategy#T-1"]
    assert (target["kind"], target["target_value"], target["direction"], target["outcome"]) == ("numerical_target", 1500, "increase", True)
    assert target["target_year"].year == 2024 and g.has_edge("city/strategy#T-1", "city/strategy#G1", "measures")
    assert g.nodes["city/strategy#K-1"]["kind"] == "kpi" and g.nodes["city/strategy#K-1"]["target_year"].year == 2024


def test_an_undecodable_csv_is_a_clear_error(tmp_path: Path) -> None:
    _plan(tmp_path, "事業ID,事業名\n".encode("utf-16"))
    (error,) = read_documents(tmp_path / "city.yaml")[1]
    assert error.code == "INPUT-005" and "UTF-16" in error.message_en and error.file.endswith("projects.csv")
    (tmp_path / "projects.csv").write_bytes(b"\xff\xfe\x81\x7f,\xfd\n")  # neither UTF-8 nor CP932
    (error,) = read_documents(tmp_path / "city.yaml")[1]
    assert "neither UTF-8 nor Shift_JIS" in error.message_en and "CSV UTF-8" in error.hint_en


def test_broken_workbook_gives_three_located_problems(tmp_path: Path) -> None:
    """A wrong type, a missing column and a dangling measure: each with file, sheet, row, column."""
    rows = [dict(INDICATORS[0], **{"target.value": "たくさん"}), dict(INDICATORS[1], measure="G9-M9")]
    columns = tuple(c for c in SPECS["indicators"] if c.field != "title")  # the 指標名 column is missing
    _plan(tmp_path, PROJECTS.encode())
    (tmp_path / "plan.xlsx").write_bytes(write_workbook([Sheet("指標", columns, rows)], range(2019, 2026)))
    docs, errors = read_documents(tmp_path / "city.yaml")
    got = sorted((e.file.split("/")[-1], e.line, e.key) for e in errors)
    assert got == [("plan.xlsx[指標]", 1, "指標名"), ("plan.xlsx[指標]", 2, "目標値")]
    assert "数値" in next(e.message_ja for e in errors if e.key == "目標値")
    # fixed types and columns, the dangling measure is a REF-001 violation located at its row
    rows[0]["target.value"] = 1500
    (tmp_path / "plan.xlsx").write_bytes(write_workbook([Sheet("指標", SPECS["indicators"], rows)], range(2019, 2026)))
    report = api.check([tmp_path], include_reference=False, as_of=dt.date(2026, 4, 1))
    (dangling,) = [v for v in report.violations if v.rule == "REF-001"]
    assert (dangling.subject, dangling.file.split("/")[-1], dangling.line) == ("city/strategy#K-1", "plan.xlsx[指標]", 3)


def test_unknown_duplicate_and_empty_cells(tmp_path: Path) -> None:
    _plan(tmp_path, "事業ID,事業名,予算\nP-1,創業塾,100\nP-1,,200\n".encode())
    errors = read_documents(tmp_path / "city.yaml")[1]
    got = sorted((e.line, e.key, e.message_en.split(":")[-1].strip()) for e in errors)
    assert got == [(1, "予算", "unknown column '予算'"), (2, "事業ID", "duplicate id"),
                   (3, "事業ID", "duplicate id"), (3, "事業名", "must not be empty")]


def test_tables_must_stay_in_the_plan_folder(tmp_path: Path) -> None:
    _plan(tmp_path, PROJECTS.encode())
    city = tmp_path / "city.yaml"
    city.write_text(city.read_text(encoding="utf-8").replace("projects.csv", "../../etc/passwd"), encoding="utf-8")
    (error,) = read_documents(city)[1]
    assert error.key == "projects" and "folder" in error.message_en


@given(st.lists(st.lists(st.one_of(st.none(), st.text(max_size=8), st.integers(), st.floats(allow_nan=True)),
                         min_size=1, max_size=6), max_size=6))
def test_table_reader_never_raises(tmp_path_factory, cells: list[list]) -> None:
    from checker.load.errors import PlanInputError
    from checker.load.tables import _validate

    rows = [["指標ID", "種別", "指標名", "目標値", "目標年度"]] + cells
    try:
        records, _ = _validate("indicators", SPECS["indicators"], rows, "fuzz.xlsx[指標]")
    except PlanInputError as exc:
        assert all(e.file == "fuzz.xlsx[指標]" for e in exc.errors)
    else:
        assert all("id" in r for r in records)


def test_init_passes_check_and_refuses_to_overwrite(tmp_path: Path) -> None:
    folder = tmp_path / "new-city"
    runner = CliRunner()
    result = runner.invoke(main, ["init", str(folder), "--municipality", "例市", "--prefecture", "長野県"])
    assert result.exit_code == 0 and (folder / "plan.xlsx").is_file()
    check = runner.invoke(main, ["check", str(folder), "--as-of", "2026-11-27", "--format", "json"])
    report = json.loads(check.stdout)
    assert not [v for v in report["violations"] if v["family"] == "input"], check.stdout  # it all loads …
    # … and the placeholders left to fill in are errors (REF-006): the untouched template never passes
    assert check.exit_code == 1 and {v["rule"] for v in report["violations"] if v["severity"] == "error"} == {"REF-006"}
    before = (folder / "strategy.yaml").read_bytes()
    again = runner.invoke(main, ["init", str(folder), "--municipality", "別の市", "--prefecture", "長野県"])
    assert again.exit_code == 2 and "--force" in again.stderr
    assert (folder / "strategy.yaml").read_bytes() == before


def test_init_from_the_previous_period(tmp_path: Path) -> None:
    from checker.workflows.scaffold import init_plan_set

    folder = tmp_path / "azumino-3"
    init_plan_set(folder, municipality="安曇野市", prefecture="長野県", from_period="azumino/strategy-2",
                  today=dt.date(2024, 6, 1))
    doc = read_documents(folder / "strategy.yaml")[0][0].model
    assert (doc.id, doc.predecessor, doc.period.start, doc.period.end) == ("azumino/strategy-3", "azumino/strategy-2", 2025, 2029)
    assert [g.continues.from_ for g in doc.goals] == [f"azumino/strategy-2#G{i}" for i in range(1, 5)]


def test_documented_headers_match_the_reader() -> None:
    from tests.conftest import ROOT

    text = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
    for spec in SPECS.values():
        for column in spec:
            assert f"| {' / '.join(column.headers)} | `{column.field}` |" in text


@pytest.mark.parametrize("date1904", [False, True])
def test_workbook_cells_are_read_as_excel_shows_them(date1904: bool) -> None:
    """The workbook reader (zipfile + expat, tables._read_xlsx): shared strings without their
    furigana, dates by number format (built-in, Japanese era and custom; 1900 and 1904 calendars),
    times of day and other numbers as numbers, booleans, formula results, ISO dates."""
    import io
    import zipfile

    from checker.load.limits import DEFAULT_LIMITS
    from checker.load.tables import _read_xlsx

    main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    serial = 44287 - (1462 if date1904 else 0)  # 2021-04-01
    cells = ['<c r="A2" t="s"><v>0</v></c>', f'<c r="B2" s="1"><v>{serial}</v></c>', f'<c r="C2" s="2"><v>{serial}</v></c>',
             f'<c r="D2" s="3"><v>{serial}.5</v></c>', '<c r="E2" s="4"><v>0.5</v></c>', '<c r="F2" s="5"><v>1234.5</v></c>',
             '<c r="G2" t="b"><v>1</v></c>', '<c r="H2" t="str"><f>A2&amp;"市"</f><v>式の結果</v></c>',
             '<c r="I2" t="d"><v>2021-08-20T00:00:00</v></c>', '<c r="J2"><v>7</v></c>']
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("xl/workbook.xml", f'<workbook xmlns="{main_ns}" xmlns:r="{rels}"><workbookPr date1904="{int(date1904)}"/>'
                   '<sheets><sheet name="一覧" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   f'relationships"><Relationship Id="rId1" Type="{rels}/worksheet" Target="/xl/worksheets/s.xml"/>'
                   f'<Relationship Id="rId2" Type="{rels}/sharedStrings" Target="strings.xml"/>'
                   f'<Relationship Id="rId3" Type="{rels}/styles" Target="styles.xml"/></Relationships>')
        z.writestr("xl/strings.xml", f'<sst xmlns="{main_ns}"><si><r><t>安曇</t></r><r><t>野</t></r>'
                   '<rPh sb="0" eb="3"><t>アズミノ</t></rPh><phoneticPr fontId="1"/></si></sst>')
        z.writestr("xl/styles.xml", f'<styleSheet xmlns="{main_ns}"><numFmts><numFmt numFmtId="164" '
                   'formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="165" formatCode="[h]:mm"/>'
                   '</numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="58"/><xf numFmtId="164"/>'
                   '<xf numFmtId="165"/><xf numFmtId="11"/></cellXfs></styleSheet>')
        z.writestr("xl/worksheets/s.xml", f'<worksheet xmlns="{main_ns}"><sheetData><row r="2">{"".join(cells)}</row>'
                   '</sheetData></worksheet>')
    sheet, rows = _read_xlsx(buffer.getvalue(), None, "b.xlsx", DEFAULT_LIMITS)
    april = dt.date(2021, 4, 1)
    assert sheet == "一覧" and rows[0] == ()
    assert list(rows[1]) == ["安曇野", april, april, april, 0.5, 1234.5, True, "式の結果", dt.date(2021, 8, 20), 7]


# --- indicators as published: the columns of values as printed ------------------------------------

DOCUMENTED_ROWS = [  # the example of docs/plan-format.md (Tables), as a planner types it into Excel
    {"id": "G4-T1", "kind": "数値目標", "title": "総人口", "unit": "人", "baseline.at": "2019年9月末時点",
     "baseline.value": "約5万人", "baseline.source": "住民基本台帳", "baseline.footnote": "※外国人住民を含む",
     "target.year": "2025年", "target.value": "4万8千人程度", "target.source": "国勢調査", "goal": "G4"},
    {"id": "G1-M1-K1", "kind": "KPI", "title": "創業件数", "unit": "件", "baseline.year": "R1年度", "baseline.value": 12,
     "estimate": "基準値", "target.window": "R2~R6年度", "target.value": 100, "aggregate": "累計", "measure": "G1-M1",
     "continues.from": "example/strategy-1#K3", "continues.as": "名称変更", "continues.reason": "名称の統一",
     "results.year": "R3年度", "results.value": 22, "results.status": "一部達成", "results.rating": "B"},
]
DOCUMENTED_ENTRIES = """
- {id: G4-T1, kind: numerical_target, title: 総人口, unit: 人, goal: G4,
   baseline: {at: 2019年9月30日, value: 約5万人, source: 住民基本台帳, footnote: ※外国人住民を含む},
   target: {year: 2025年, value: 4万8千人程度, source: 国勢調査}}
- {id: G1-M1-K1, kind: kpi, title: 創業件数, unit: 件, measure: G1-M1,
   baseline: {year: R1年度, value: 12, estimate: true},
   target: {window: {from: R2年度, to: R6年度, aggregate: total}, value: 100},
   continues: {from: example/strategy-1#K3, as: renamed, reason: 名称の統一},
   results: [{year: R3年度, value: 22, status: partly_achieved, rating: B}]}
"""


def _read_sheet(tmp_path: Path, rows: list[dict], columns=None, what: str = "indicators") -> tuple:
    from checker.load.tables import read_table

    (tmp_path / "t.xlsx").write_bytes(write_workbook([Sheet("一覧", columns or SPECS[what], rows)], range(2019, 2026)))
    return read_table(what, {"table": "t.xlsx"}, tmp_path / "plan.yaml", "plan.yaml", 3, lambda p: p.name)


def test_indicator_rows_are_what_the_yaml_says(tmp_path: Path) -> None:
    """Every new column (point in time, window, aggregate, estimate, footnote, per-value source,
    continuation with its kind and reason, one result) lands where the YAML form puts it: the same
    dictionaries, and the same validated models."""
    import yaml

    from checker.model import Indicator

    records, _ = _read_sheet(tmp_path, DOCUMENTED_ROWS)
    expected = yaml.safe_load(DOCUMENTED_ENTRIES)
    assert [Indicator.model_validate(r) for r in records] == [Indicator.model_validate(e) for e in expected]
    assert records[1] == expected[1]
    assert records[0]["baseline"]["at"] == "2019年9月30日" and records[0]["target"] == expected[0]["target"]
    point = Indicator.model_validate(records[0]).baseline
    assert point.at.first_day == dt.date(2019, 9, 30) and point.value.tolerance == 5000 and point.value.approx


@pytest.mark.parametrize("cells, expected", [
    ({"baseline.year": "不明", "baseline.value": 35}, {"year": "不明", "value": 35}),
    ({"baseline.year": "不明（表の見出しが欠落）", "baseline.value": "unknown"},
     {"year": {"unknown": "表の見出しが欠落"}, "value": "unknown"}),
    ({"baseline.window": "2015～2019年 平均", "baseline.value": "1.50以上"},
     {"window": {"from": "2015年", "to": "2019年", "aggregate": "average"}, "value": "1.50以上"}),
    ({"baseline.window": "H27年度-R1年度", "baseline.value": "4万8千人程度", "aggregate": "total"},
     {"window": {"from": "H27年度", "to": "R1年度", "aggregate": "total"}, "value": "4万8千人程度"}),
    ({"baseline.window": "不明~H26 累計", "baseline.value": 2},  # 「延べ 2」: a total whose first year is not printed
     {"window": {"from": "不明", "to": "H26", "aggregate": "total"}, "value": 2}),
    ({"baseline.at": "R1年度9月末", "baseline.value": 10}, {"at": "R1年度9月30日", "value": 10}),
    ({"baseline.at": "2019年10月1日現在", "baseline.value": 10}, {"at": "2019年10月1日", "value": 10}),
    ({"baseline.year": "H26", "baseline.value": 1.5, "estimate": "基準値、実績値", "results.year": "H30",
      "results.value": 1.4, "results.trend": "横ばい"}, {"year": "H26", "value": 1.5, "estimate": True}),
])
def test_values_as_printed(tmp_path: Path, cells: dict, expected: dict) -> None:
    from checker.model import Indicator

    row = {"id": "K-1", "kind": "kpi", "title": "合計特殊出生率", **cells}
    (record,) = _read_sheet(tmp_path, [row])[0]
    assert record["baseline"] == expected
    Indicator.model_validate(record)  # and the model reads it
    if "results.trend" in cells:
        assert record["results"] == [{"year": "H30", "value": 1.4, "trend": "unchanged", "estimate": True}]


def test_old_indicator_headers_still_work(tmp_path: Path) -> None:
    columns = tuple(c for c in SPECS["indicators"] if c.field in (
        "id", "kind", "title", "baseline.year", "baseline.value", "target.year", "target.value", "continues.from"))
    rows = [{"id": "K-1", "kind": "kpi", "title": "x", "baseline.year": "R1年度", "baseline.value": "1,200",
             "target.year": 2024, "target.value": 10, "continues.from": "old#K-1"}]
    (record,) = _read_sheet(tmp_path, rows, columns)[0]
    assert record == {"id": "K-1", "kind": "kpi", "title": "x", "baseline": {"year": "R1年度", "value": "1,200"},
                      "target": {"year": 2024, "value": 10}, "continues": "old#K-1"}


BASE = {"id": "K-1", "kind": "KPI", "title": "創業件数"}


@pytest.mark.parametrize("cells, column, fragment", [
    # a cell that is wrong by itself
    ({"baseline.year": "R1年度", "baseline.value": "たくさん"}, "基準値", "数値として読めません"),
    ({"baseline.at": "2019年13月末"}, "基準時点", "日付（時点）として読めません"),
    ({"target.window": "2024~2020年度"}, "目標期間", "期間として読めません"),
    ({"target.window": "2020年度"}, "目標期間", "期間として読めません"),
    ({"target.window": "不明~"}, "目標期間", "期間として読めません"),
    ({"target.window": "不明~来年度"}, "目標期間", "期間として読めません"),
    ({"target.window": "R2~R6年度", "aggregate": "合算"}, "集計", "使えない値です（累計、平均、total、average）"),
    ({"baseline.year": "R1", "baseline.value": 1, "estimate": "○"}, "見込み", "使えない値です"),
    ({"continues.from": "old#K", "continues.as": "廃止"}, "前期からの変更", "使えない値です"),
    ({"results.year": "R3年度", "results.status": "達成済み"}, "達成状況", "使えない値です"),
    ({"results.year": "R3年度", "results.trend": "上昇"}, "推移", "使えない値です"),
    ({"results.year": "来年", "results.value": 3}, "実績年度", "年・年度として読めません"),
    # cells that do not go together
    ({"baseline.year": "2019年", "baseline.at": "2019-09-30", "baseline.value": 1}, "基準時点", "どれか一つだけ"),
    ({"target.year": "R6年度", "target.window": "R2~R6年度"}, "目標期間", "どれか一つだけ"),
    ({"results.value": 3, "results.status": "達成"}, "実績値", "いつの値か"),
    ({"target.source": "国勢調査"}, "目標値の出典", "いつの値か"),
    ({"target.year": "R6年度", "aggregate": "累計"}, "集計", "期間"),
    ({"target.window": "R2~R6年度 平均", "aggregate": "累計"}, "集計", "食い違います"),
    ({"baseline.year": "R1", "baseline.value": 1, "estimate": "実績値"}, "見込み", "見込みとした値がこの行にありません"),
    ({"continues.reason": "名称の統一"}, "変更理由", "前期のどの指標"),
])
def test_bad_cells_are_located(tmp_path: Path, cells: dict, column: str, fragment: str) -> None:
    from checker.load.errors import PlanInputError

    good = dict(BASE, **{"baseline.year": "R1年度", "baseline.value": 5})
    with pytest.raises(PlanInputError) as raised:
        _read_sheet(tmp_path, [good, dict(BASE, id="K-2", **cells)])
    (error,) = raised.value.errors
    assert (error.code, error.file, error.line, error.key) == ("INPUT-005", "t.xlsx[一覧]", 3, column)
    assert fragment in error.message_ja and error.message_en.startswith(f"column '{column}'")


def test_a_cell_wrong_by_itself_is_not_also_wrong_with_the_others(tmp_path: Path) -> None:
    from checker.load.errors import PlanInputError

    with pytest.raises(PlanInputError) as raised:
        _read_sheet(tmp_path, [dict(BASE, **{"baseline.year": "2019年", "baseline.at": "9月", "baseline.value": 1})])
    (error,) = raised.value.errors
    assert error.key == "基準時点" and "日付" in error.message_ja


def test_reviews_say_whether_they_give_figures(tmp_path: Path) -> None:
    from checker.load.errors import PlanInputError

    rows = [{"fiscal_year": "R2年度", "date": "2021-08-20", "figures": "なし", "body": "推進会議"},
            {"fiscal_year": "R3年度", "date": "不明", "figures": "○"}]
    records, _ = _read_sheet(tmp_path, rows, what="reviews")
    assert records == [{"fiscal_year": "R2年度", "date": "2021-08-20", "figures": False, "body": "推進会議"},
                       {"fiscal_year": "R3年度", "date": "不明", "figures": True}]
    with pytest.raises(PlanInputError) as raised:
        _read_sheet(tmp_path, [dict(rows[0], figures="たぶん")], what="reviews")
    (error,) = raised.value.errors
    assert (error.line, error.key) == (2, "数値の有無")


# --- 不明 in a cell: every column whose YAML field takes `unknown` takes it too ----------------------

BASE_ROWS = {  # the least each table needs, so that one more cell can be tried on it
    "projects": {"id": "P-1", "title": "創業塾"},
    "indicators": {"id": "K-1", "kind": "KPI", "title": "創業件数", "baseline.year": "R1年度", "target.year": "R6年度",
                   "results.year": "R3年度", "continues.from": "old#K-1", "continues.reason": "名称の統一"},
    "grants": {"id": "GR1", "programme": "地方創生推進交付金", "title": "創業支援事業", "period.from": "R2年度"},
    "reviews": {"fiscal_year": "R2年度"},
}
TAKES_UNKNOWN = {  # the columns whose YAML field reads 不明 as unknown (checker/model.py)
    "projects": set(),
    "indicators": {"baseline.year", "baseline.value", "target.year", "target.value", "results.year", "results.value",
                   "source"},
    "grants": {"period.to"},
    "reviews": {"date"},
}


def _rows_read(what: str, row: dict) -> list[dict]:
    from checker.load.tables import _validate

    labels = {c.field: c.label for c in SPECS[what]}
    records, _ = _validate(what, SPECS[what], [[labels[f] for f in row], list(row.values())], "t.csv")
    return records


def _holder(record: dict, field: str) -> tuple[dict, str]:
    """The dictionary of an entry that holds a dotted field's last key (results: its one entry)."""
    *outer, last = field.split(".")
    for key in outer:
        record = record[key]
        record = record[0] if isinstance(record, list) else record
    return record, last


def _unknown_in(model, field: str):
    """The model's value at a dotted field if it is unknown (a period's end: whether it is), else None."""
    from checker.fiscal import Period
    from checker.unknown import Unknown

    *outer, last = field.split(".")
    for key in outer:
        model = getattr(model, key)
        model = model[0] if isinstance(model, list) else model
    if isinstance(model, Period):
        return model.end_unknown if last == "to" else None
    value = getattr(model, {"from": "from_", "as": "as_"}.get(last, last))
    return value if isinstance(value, Unknown) else None


@pytest.mark.parametrize("what", sorted(SPECS))
def test_every_field_that_takes_unknown_in_yaml_takes_it_in_its_column(what: str) -> None:
    """For each column: when the YAML field it fills reads 不明 as `unknown` (the model says so, the
    entry otherwise as the table gives it), the column reads 不明 as unknown too, and 「不明（注記）」
    keeps the note. The columns found are the ones this file lists."""
    import copy

    from pydantic import ValidationError

    from checker.model import Grant, Indicator, Project, Review

    model = {"projects": Project, "indicators": Indicator, "grants": Grant, "reviews": Review}[what]
    (base,) = _rows_read(what, BASE_ROWS[what])
    found = set()
    for column in SPECS[what]:
        entry = copy.deepcopy(base)
        try:
            holder, key = _holder(entry, column.field)
            holder[key] = "不明"
            in_yaml = _unknown_in(model.model_validate(entry), column.field)
        except (KeyError, ValidationError):
            continue  # the field cannot be 不明 in YAML either (or not on this entry)
        if not in_yaml:
            continue
        found.add(column.field)
        for cell, note in (("不明", None), ("不明（ページ欠落）", "ページ欠落")):
            (record,) = _rows_read(what, {**BASE_ROWS[what], column.field: cell})
            unknown = _unknown_in(model.model_validate(record), column.field)
            assert unknown, (column.field, cell)
            assert unknown is True or unknown.note == note, (column.field, cell)
    assert found == TAKES_UNKNOWN[what]


def test_unknown_source_end_and_window_start_are_not_checked(tmp_path: Path) -> None:
    """A table without a source column (出典 不明), a grant whose end is not shown (終了年度 不明) and
    a 「延べ」 total whose first year is not printed (基準期間 不明~H26): the rules that need them say
    "not checked" rather than reporting what was not seen."""
    indicators = [{"id": "T-1", "kind": "数値目標", "title": "新規就農者数", "unit": "人", "baseline.window": "不明~H26 累計",
                   "baseline.value": 2, "target.window": "H27~R1年度 累計", "target.value": 8,
                   "source": "不明（検証シートに出典欄なし）", "goal": "G1"}]
    _plan(tmp_path, PROJECTS.encode(), indicators)
    (tmp_path / "grants.csv").write_text("交付金事業ID,交付金,事業名,開始年度,終了年度,対象事業\n"
                                         "GR1,地方創生推進交付金,創業支援事業,R2年度,不明,P-1\n", encoding="utf-8")
    city = tmp_path / "city.yaml"
    city.write_text(city.read_text(encoding="utf-8") + "grants: {table: grants.csv}\n", encoding="utf-8")
    report = api.check([tmp_path], as_of=dt.date(2026, 11, 27))
    assert not [v for v in report.violations if v.rule.startswith("INPUT")]
    unseen = {(n.rule, n.subject) for n in report.not_checked}
    found = {(v.rule, v.subject) for v in report.violations}
    expected = {("KPI-005", "city/strategy#T-1"), ("KPI-010", "city/strategy#T-1"), ("KPI-011", "city/strategy#T-1"),
                ("GRANT-007", "city/strategy#GR1")}
    assert expected <= unseen and not expected & found
    source = next(n for n in report.not_checked if n.rule == "KPI-005")
    assert "検証シートに出典欄なし" in source.message["ja"] and source.file.endswith("plan.xlsx[指標]")


# --- plancheck init: the workbook's drop-downs and the strategy's optional fields -----------------

def _drop_downs(sheet) -> list[tuple[str, list[str], bool]]:
    """(column letter, the values offered, whether Excel refuses others) of each data validation."""
    found = []
    for rule in sheet.data_validations.dataValidation:
        assert rule.type == "list" and len(rule.formula1) <= 255 + 2  # Excel's limit, plus the quotes
        (cells,) = str(rule.sqref).split()
        column = cells.split(":")[0].rstrip("0123456789")
        found.append((column, rule.formula1.strip('"').split(","), bool(rule.showErrorMessage)))
    return found


def test_init_workbook_drop_downs_accept_every_allowed_value(tmp_path: Path) -> None:
    """Opened with openpyxl: every column with a closed set of values has a drop-down that lets
    every written form the reader accepts through (KPI and kpi too: Excel compares ignoring case),
    every example row passes the drop-downs and the reader, and open columns only suggest."""
    from openpyxl import load_workbook

    from checker.load.tables import allowed_values, read_table
    from checker.workflows.scaffold import SHEETS, init_plan_set

    folder = tmp_path / "new-city"
    init_plan_set(folder, municipality="例市", prefecture="長野県", today=dt.date(2026, 6, 1))
    book = load_workbook(folder / "plan.xlsx")
    for what, name in SHEETS.items():
        sheet = book[name]
        spec = {c.label: c for c in SPECS[what]}
        columns = {cell.column_letter: spec[cell.value] for cell in sheet[1]}
        assert list(spec) == [cell.value for cell in sheet[1]]
        drop_downs = _drop_downs(sheet)
        for letter, offered, enforced in drop_downs:
            column = columns[letter]
            accepted = {v.casefold() for v in offered}
            assert enforced == (column.kind in ("choice", "bool")), column.field
            assert {v.casefold() for v in allowed_values(column)} <= accepted, column.field
            for (value,) in sheet.iter_rows(min_row=2, min_col=sheet[letter][0].column, max_col=sheet[letter][0].column,
                                             values_only=True):
                assert value is None or not enforced or str(value).casefold() in accepted, (column.field, value)
        with_lists = {columns[letter].field for letter, _, _ in drop_downs}
        assert {c.field for c in SPECS[what] if allowed_values(c)} <= with_lists
        if what == "indicators":  # ASCII choices are offered too (they used to be left out)
            (kinds,) = [offered for letter, offered, _ in drop_downs if columns[letter].field == "kind"]
            assert {"数値目標", "KPI", "numerical_target"} <= set(kinds)
        # the example rows pass the reader as they are
        read_table(what, {"table": "plan.xlsx", "sheet": name}, folder / "strategy.yaml", "strategy.yaml", 1, str)
    records, _ = read_table("indicators", {"table": "plan.xlsx", "sheet": SHEETS["indicators"]}, folder / "strategy.yaml",
                            "strategy.yaml", 1, str)
    assert records[0]["baseline"]["estimate"] is True and records[0]["baseline"]["source"]
    assert records[1]["target"]["window"] == {"from": "R9年度", "to": "R13年度", "aggregate": "total"}  # the period
    assert records[1]["baseline"]["window"] == {"from": "R4年度", "to": "R8年度", "aggregate": "total"}


def test_init_strategy_shows_optional_fields_that_load(tmp_path: Path) -> None:
    """The commented fields of strategy.yaml (extension, adopted, published, declared, lists,
    revisions, cross_cutting_goals) are valid once uncommented; the vision is written, not commented."""
    import re

    from checker.workflows.scaffold import init_plan_set

    folder = tmp_path / "new-city"
    init_plan_set(folder, municipality="例市", prefecture="長野県", today=dt.date(2026, 6, 1))
    text = (folder / "strategy.yaml").read_text(encoding="utf-8")
    commented = re.findall(r"^# ([a-z_]+): ", text, re.M)
    assert {"extension", "adopted", "published", "lists", "revisions", "cross_cutting_goals"} <= set(commented)
    assert "\nvision: " in text
    assert "adopted: unknown" in text and "未確認" in text
    (folder / "strategy.yaml").write_text(re.sub(r"^# ([a-z_]+: )", r"\1", text, flags=re.M), encoding="utf-8")
    (doc,), errors = read_documents(folder / "strategy.yaml")
    assert errors == []
    model = doc.model
    assert model.adopted.year == 2027 and model.extension.to == 2032 and model.lists.excerpt == ["kpis", "projects"]
    assert model.cross_cutting_goals[0].id == "X1" and model.revisions[0].considers


NEW_HEADERS = ["基準年度", "基準時点", "基準期間", "基準値", "基準値の注記", "目標年度", "目標期間", "目標値", "集計", "見込み",
               "前期の指標", "前期からの変更", "変更理由", "実績年度", "実績値", "達成状況", "推移", "評価"]
TRICKY = st.sampled_from([None, "R1年度", "2019年", "H26", "不明", "不明（欠落）", "unknown", "2019年9月末時点", "R1年度13月",
                          "2015~2019年", "2020~2024年度 累計", "不明~H26 累計", "R6~R2年度", "~2024", "2020~", "年平均", "約5万人", "1.50以上",
                          "たくさん", "1e309", 12, 1.5, "累計", "平均", "合算", "基準値", "実績値、基準値", "○", "old#K1",
                          "名称変更", "廃止", "達成", "一部達成", "改善", "A", "", "  "])


@settings(max_examples=25)  # each example is a pandera validation with failure cases (0.1 s); run with more locally
@given(st.lists(st.lists(TRICKY, min_size=len(NEW_HEADERS), max_size=len(NEW_HEADERS)), min_size=1, max_size=4))
def test_rows_the_reader_accepts_are_valid_indicators(rows: list[list]) -> None:
    """Whatever the cells of the new columns: the reader either refuses the table with located
    INPUT-005 errors, or gives entries the model accepts as they are (never an error at a key
    path the planner did not write)."""
    from checker.load.errors import PlanInputError
    from checker.load.tables import _validate
    from checker.model import Indicator

    table = [["指標ID", "種別", "指標名"] + NEW_HEADERS] + [[f"K-{i}", "KPI", "x"] + row for i, row in enumerate(rows)]
    try:
        records, _ = _validate("indicators", SPECS["indicators"], table, "fuzz.xlsx[指標]")
    except PlanInputError as exc:
        assert all(e.code == "INPUT-005" and e.file == "fuzz.xlsx[指標]" for e in exc.errors)
        assert all(e.line is not None and e.key for e in exc.errors if "ほかに" not in e.message_ja)
    else:
        for record in records:
            Indicator.model_validate(record)


def _imported_by_a_check(folder: Path, *args: str) -> tuple[str, str]:
    """The JSON report of a check of folder in a fresh process, and its exit code with the table
    libraries (and hypothesis) that the process imported."""
    import subprocess
    import sys

    code = ("import sys, cli\n"
            "try:\n"
            "    cli.main(['check', sys.argv[1], '--no-cache', '-q', '--format', 'json', '--output', '-',\n"
            "              '--as-of', '2026-12-01', *sys.argv[2:]])\n"
            "except SystemExit as exit:\n"
            "    print(exit.code, sorted(m for m in ('hypothesis', 'pandas', 'pandera', 'openpyxl', 'checker.load.tables')\n"
            "                            if m in sys.modules))\n")
    env = {**os.environ, "PLANCHECK_START_METHOD": "fork"}
    done = subprocess.run([sys.executable, "-c", code, str(folder), *args], capture_output=True, text=True, check=True,
                          cwd=ROOT, env=env)
    report, verdict = done.stdout.rsplit("\n", 2)[:2]
    return report, verdict


def test_clean_tables_are_read_without_pandas_or_pandera() -> None:
    """Tables whose every cell passes its checks are taken as read (tables._passes): a city's check
    imports no table library, most of the time a cold one-city check took."""
    report, verdict = _imported_by_a_check(ROOT / "plans" / "azumino", "--jobs", "1")
    assert verdict == "1 ['checker.load.tables']"  # findings; the tables read, and no table library
    assert any(v["file"].endswith(".csv") for v in json.loads(report)["violations"])  # a finding in a table


def test_a_table_at_fault_is_validated_by_pandera_without_importing_hypothesis(tmp_path: Path) -> None:
    """A table with a cell at fault goes to pandera, which says what is wrong where. pandera imports
    hypothesis (installed here for the tests) for data synthesis plancheck never uses: a fifth of
    a second of a cold check. The check goes without it."""
    import shutil

    city = tmp_path / "azumino"
    shutil.copytree(ROOT / "plans" / "azumino", city)
    projects = city / "strategy-1-projects.csv"
    lines = projects.read_text(encoding="utf-8-sig").splitlines()
    lines[1] = "G1-M1-P2," + lines[1].split(",", 1)[1]  # the id of the row below it
    projects.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report, verdict = _imported_by_a_check(city, "--jobs", "1")
    assert verdict == "2 ['checker.load.tables', 'pandas', 'pandera']"
    errors = [v for v in json.loads(report)["violations"] if v["rule"] == "INPUT-005"]
    assert {(Path(e["file"]).name, e["line"], e["key"]) for e in errors} == {("strategy-1-projects.csv", 2, "事業ID"),
                                                                           ("strategy-1-projects.csv", 3, "事業ID")}


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="forks a process")
def test_with_two_jobs_one_city_s_tables_are_read_in_the_other_process() -> None:
    """One city's check with a second core: the process that splits the files also reads their
    YAML and tables (load.units.SplitAhead) while this one imports the models and the rules, so
    this one never imports the table reader — and reports what a check with one job reports."""
    runs = {jobs: _imported_by_a_check(ROOT / "plans" / "azumino", "--jobs", jobs) for jobs in ("1", "2")}
    assert runs["2"][1] == "1 []"  # findings; no table read here
    assert runs["1"][1] == "1 ['checker.load.tables']"
    assert runs["2"][0] == runs["1"][0]


def test_hiding_hypothesis_from_pandera_leaves_an_imported_one_in_place() -> None:
    import sys

    import hypothesis

    from checker.load import tables

    strategies = sys.modules.pop("pandera.strategies.base_strategies", None)  # as if pandera had not decided yet
    try:
        tables._pandera.__wrapped__()  # with hypothesis imported (as in this suite)
        assert sys.modules["hypothesis"] is hypothesis and sys.modules["hypothesis.strategies"] is hypothesis.strategies
    finally:
        if strategies is not None:
            sys.modules["pandera.strategies.base_strategies"] = strategies
