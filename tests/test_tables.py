"""Long lists from CSV and Excel: encodings, located errors, same nodes as inline YAML, init."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from checker import api
from checker.load import read_documents
from checker.load.tables import SPECS
from checker.scaffold import Sheet, write_workbook
from cli import main
from tests.conftest import NATIONAL

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
    check = runner.invoke(main, ["check", str(folder), "--as-of", "2026-11-27"])
    assert check.exit_code == 0, check.stdout
    before = (folder / "strategy.yaml").read_bytes()
    again = runner.invoke(main, ["init", str(folder), "--municipality", "別の市", "--prefecture", "長野県"])
    assert again.exit_code == 2 and "--force" in again.stderr
    assert (folder / "strategy.yaml").read_bytes() == before


def test_init_from_the_previous_period(tmp_path: Path) -> None:
    from checker.scaffold import init_plan_set

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
    cells = [f'<c r="A2" t="s"><v>0</v></c>', f'<c r="B2" s="1"><v>{serial}</v></c>', f'<c r="C2" s="2"><v>{serial}</v></c>',
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
