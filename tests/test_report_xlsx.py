"""XLSX reporter: read the workbook back with openpyxl and check what a reviewer in Excel sees."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from checker import api
from checker.report import Report, RuleInfo, Violation, WaiverInfo
from checker.reporters import FORMATS, is_binary, render as render_format
from checker.reporters.xlsx import display_width, render
from openpyxl.utils import get_column_letter
from cli import main
from tests.conftest import AS_OF, CITY, NATIONAL, ROOT

HEADER_JA = ["重大度", "ルールID", "ルール名", "分類", "文書", "ファイル", "行", "対象", "内容（日本語）",
             "Message (English)", "二次情報", "適用除外", "除外理由", "承認者", "期限"]


@pytest.fixture(scope="module")
def bundled() -> Report:
    return api.check(as_of=AS_OF)


def _open(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def _rows(ws: Any) -> list[dict[str, Any]]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, row)) for row in ws.iter_rows(min_row=2, values_only=True)]


def _pairs(ws: Any) -> dict[str, Any]:
    """Summary sheet as label → value; the first occurrence wins (the legend repeats the labels)."""
    pairs: dict[str, Any] = {}
    for label, value in ws.iter_rows(max_col=2, values_only=True):
        if label is not None:
            pairs.setdefault(label, value)
    return pairs


def _violation(message: str, **changes: Any) -> Violation:
    fields: dict[str, Any] = dict(
        rule="KPI-001", name="measure-has-kpi", family="coverage", severity="warning", subject="city/strategy#G2-M1",
        related=(), file="plans/city.yaml", line=12, key=None, message={"ja": message, "en": message},
        document="city/strategy",
    )
    fields.update(changes)
    return Violation(**fields)


def test_registered_as_binary_format() -> None:
    assert FORMATS["xlsx"] == ("checker.reporters.xlsx", True, ".xlsx") and is_binary("xlsx")


def test_bundled_report_sheets_and_rows(bundled: Report) -> None:
    wb = _open(render(bundled))
    assert wb.sheetnames == ["概要", "確認シート", "違反一覧", "確認できなかった項目", "ルール", "参照した文書"]
    ws = wb["違反一覧"]
    assert [c.value for c in ws[1]] == HEADER_JA
    assert ws.max_row == len(bundled.violations) + 1
    rows = _rows(ws)
    assert [(r["ルールID"], r["対象"], r["行"]) for r in rows] == [
        (v.rule, v.subject, v.line) for v in bundled.violations]  # report order
    per = next(v for v in bundled.violations if v.rule == "PER-002")
    row = next(r for r in rows if r["ルールID"] == "PER-002")
    assert (row["対象"], row["行"], row["ファイル"]) == ("azumino/strategy-2", 17, "plans/azumino/strategy-2.yaml")
    assert row["内容（日本語）"] == per.message["ja"] and row["Message (English)"] == per.message["en"]
    assert row["重大度"] == "エラー" and "azumino/strategy-2" in row["文書"]
    secondary = [r["二次情報"] for r, v in zip(rows, bundled.violations) if v.secondary]
    assert secondary and all(secondary)
    rules = wb["ルール"]
    assert rules.max_row == len(bundled.rules) + 1
    assert any(r["ルールID"] == "PER-002" and r["根拠"] for r in _rows(rules))


def test_summary_counts(bundled: Report) -> None:
    ws = _open(render(bundled))["概要"]
    pairs = _pairs(ws)
    counts = bundled.summary()["by_severity"]
    assert pairs["基準日"] == "2026-11-27" and pairs["plancheck バージョン"] == bundled.version
    assert pairs["検査したファイル数"] == len(bundled.files) and pairs["適用したルール数"] == len(bundled.rules)
    assert (pairs["エラー"], pairs["警告"], pairs["情報"]) == (counts["error"], counts["warning"], counts["info"])
    assert pairs["交付金"] == bundled.summary()["by_family"]["grants"]
    assert "凡例" in pairs


def test_layout_frozen_filtered_printable_and_wide_enough(bundled: Report) -> None:
    wb = _open(render(bundled))
    ws = wb["違反一覧"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:O{len(bundled.violations) + 1}"
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$1"
    widths = {letter: dim.width for letter, dim in ws.column_dimensions.items()}
    assert all(6 <= w <= 80 for w in widths.values())
    # 対象 (H) fits its longest subject; the Japanese message column (I) is capped and wraps
    assert widths["H"] >= max(len(v.subject) for v in bundled.violations)
    assert widths["D"] >= display_width("期間の継続・統合") == 16
    assert widths["I"] >= 40 and ws["I2"].alignment.wrap_text and not ws["B2"].alignment.wrap_text
    severity = {v.severity: ws.cell(row=i, column=1).fill.fgColor.rgb
                for i, v in enumerate(bundled.violations, start=2)}
    assert len(set(severity.values())) == len(severity) == 3  # each severity its own colour
    assert wb["ルール"].freeze_panes == "A2" and wb["ルール"].auto_filter.ref


REVIEW_HEADER = ["No.", "重大度", "ルール", "指摘内容", "場所", "対象", "対応状況", "対応方針", "確認者", "確認日"]


def test_review_sheet_one_row_per_finding_errors_first(bundled: Report) -> None:
    wb = _open(render(bundled))
    ws = wb["確認シート"]
    assert [c.value for c in ws[1]] == REVIEW_HEADER
    rows = _rows(ws)
    assert len(rows) == len(bundled.violations) > 0
    rank = {"エラー": 0, "警告": 1, "情報": 2}
    assert [rank[r["重大度"]] for r in rows] == sorted(rank[r["重大度"]] for r in rows)  # errors first
    assert [r["No."] for r in rows] == list(range(1, len(rows) + 1))
    # each finding once: its rule, message and place
    expected = sorted((v.rule, v.message["ja"], f"{v.file}:{v.line}" if v.line else v.file) for v in bundled.violations)
    assert sorted((r["ルール"].split("\n")[0], r["指摘内容"].removesuffix("（二次情報に基づく）"), r["場所"])
                  for r in rows) == expected
    per = next(r for r in rows if r["ルール"].startswith("PER-002"))
    assert per["場所"] == "plans/azumino/strategy-2.yaml:17" and "計画期間の開始までに公表" in per["ルール"]
    # the columns a reviewer fills in are empty for an active finding
    assert all(r["対応状況"] is None and r["確認者"] is None and r["確認日"] is None for r in rows)


def test_review_sheet_drop_down_and_date_validation(bundled: Report) -> None:
    ws = _open(render(bundled))["確認シート"]
    last = len(bundled.violations) + 1
    by_column = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    status = by_column[f"G2:G{last}"]
    assert status.type == "list" and status.formula1 == '"○,×,該当なし"'
    assert status.showDropDown is False  # openpyxl: False shows the in-cell arrow
    assert status.showErrorMessage and status.allow_blank
    date = by_column[f"J2:J{last}"]
    assert date.type == "date" and date.operator == "greaterThan" and date.showErrorMessage
    assert ws["J2"].number_format == "yyyy/mm/dd"
    # a value a reviewer may type passes, per Excel's list rule; anything else is rejected by Excel
    choices = status.formula1.strip('"').split(",")
    assert "○" in choices and "×" in choices and "該当なし" in choices and "済" not in choices
    en = _open(render(bundled, lang="en"))["Review sheet"]
    assert [dv.formula1 for dv in en.data_validations.dataValidation if dv.type == "list"] == ['"○,×,N/A"']


def test_review_sheet_prints_on_a4_landscape_legibly(bundled: Report) -> None:
    ws = _open(render(bundled))["確認シート"]
    setup = ws.page_setup
    assert setup.orientation == "landscape" and str(setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$1" and ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:J{len(bundled.violations) + 1}"
    # The scale Excel uses to fit the width: the printable width of A4 landscape (297 mm less the
    # margins) over the columns' width (an Excel character ≈ 7 px at 96 dpi) — and the text size
    # that gives for the sheet's 10 pt font. The old violation list printed at about 4 pt.
    printable_px = (297 / 25.4 - ws.page_margins.left - ws.page_margins.right) * 96
    columns_px = sum(ws.column_dimensions[get_column_letter(i)].width * 7 + 5 for i in range(1, 11))
    scale = min(1.0, printable_px / columns_px)
    assert scale * 10 >= 8.5, scale  # at least 8.5 pt on paper
    assert ws["D2"].alignment.wrap_text and ws["H2"].alignment.wrap_text and ws["D2"].font.size == 10
    # rows are tall enough for their wrapped text (Excel does not fit row heights itself)
    for r in range(2, ws.max_row + 1):
        text = str(ws.cell(row=r, column=4).value)
        assert ws.row_dimensions[r].height >= 13.5 * -(-display_width(text) // 45), (r, text)
    # the page header names the municipality and date, the footer numbers the pages
    assert "安曇野市" in ws.oddHeader.left.text and "基準日" in ws.oddHeader.right.text
    assert ws.oddFooter.center.text == "&P / &N"


def test_review_sheet_waived_rows_say_so(write, tmp_path: Path) -> None:
    write("nat.yaml", NATIONAL)
    write("city.yaml", CITY + """
waivers:
  - {rule: KPI-001, target: G2-M1, reason: 新設施策のため次年度に設定, approved_by: 企画課, until: R9}
""")
    report = api.check([tmp_path], as_of=AS_OF, include_reference=False)
    ws = _open(render(report))["確認シート"]
    rows = _rows(ws)
    waived = [r for r in rows if r["ルール"].startswith("KPI-001")]
    assert len(waived) == 1 and waived[0]["対応方針"] == "適用除外: 新設施策のため次年度に設定（承認: 企画課）"


def test_display_width_counts_wide_characters_twice() -> None:
    assert display_width("abc") == 3
    assert display_width("安曇野市") == 8
    assert display_width("ＫＰＩ（重要）") == 14
    assert display_width("短い\nずっと長い行") == 12


def test_english_headers_keep_both_messages(bundled: Report) -> None:
    wb = _open(render(bundled, lang="en"))
    assert wb.sheetnames == ["Summary", "Review sheet", "Violations", "Not checked", "Rules", "Reference documents"]
    header = [c.value for c in wb["Violations"][1]]
    assert header[:3] == ["Severity", "Rule ID", "Rule name"]
    assert "Message (Japanese)" in header and "Message (English)" in header
    row = _rows(wb["Violations"])[0]
    assert row["Message (Japanese)"] == bundled.violations[0].message["ja"]
    assert row["Severity"] == bundled.violations[0].severity


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://evil.example\",\"x\")", "+1", "-1+2", "@SUM(A1)",
                                  "\t=1", "\r=1", "=1+1", "#N/A"])
def test_formula_like_text_stays_text(text: str) -> None:
    rule = RuleInfo(id=text, name="n", family="coverage", severity="warning", title={"ja": text, "en": text},
                    rationale={"ja": text, "en": text}, basis=(text,), basis_verified=False)
    waiver = WaiverInfo(reason=text, approved_by=text, until=text, file="w.yaml", line=1)
    report = Report((_violation(text, subject=text, waived=waiver),), rules=(rule,), files=(text,), as_of="2026-11-27")
    wb = _open(render(report))
    written = text.replace("\r", "\n")  # XML keeps no bare CR; the reporter writes LF
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value == written]
    assert len(cells) >= 10
    for cell in cells:
        assert cell.data_type == "s", (cell.parent.title, cell.coordinate)
    if text[0] in "=+-@\t\r":
        assert all(cell.quotePrefix for cell in cells)
    raw = _raw_xml(render(report))
    assert "<f>" not in raw and "<f " not in raw


def _raw_xml(data: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_control_characters_do_not_break_the_workbook() -> None:
    report = Report((_violation("bell\x07 and nul\x00"),))
    row = _rows(_open(render(report))["違反一覧"])[0]
    assert row["内容（日本語）"] == "bell\ufffd and nul\ufffd"


def test_waived_violation_shows_reason_and_is_greyed(write, tmp_path: Path) -> None:
    write("nat.yaml", NATIONAL)
    write("city.yaml", CITY + """
waivers:
  - {rule: KPI-001, target: G2-M1, reason: 新設施策のため次年度に設定, approved_by: 企画課, until: R9}
""")
    report = api.check([tmp_path], as_of=AS_OF, include_reference=False)
    waived = [v for v in report.violations if v.waived]
    assert [v.rule for v in waived] == ["KPI-001"]
    wb = _open(render(report))
    ws = wb["違反一覧"]
    rows = _rows(ws)
    index = next(i for i, r in enumerate(rows) if r["ルールID"] == "KPI-001")
    row = rows[index]
    assert row["適用除外"] == "はい" and row["除外理由"] == "新設施策のため次年度に設定"
    assert row["承認者"] == "企画課" and row["期限"] == waived[0].waived.until  # type: ignore[union-attr]
    grey = ws.cell(row=index + 2, column=1)
    other = next(i for i, v in enumerate(report.violations) if not v.waived)
    assert grey.fill.fgColor.rgb != ws.cell(row=other + 2, column=1).fill.fgColor.rgb
    assert grey.fill.fgColor.rgb == ws.cell(row=index + 2, column=9).fill.fgColor.rgb  # the whole row
    assert _pairs(wb["概要"])["適用除外"] == 1


def test_empty_report_is_a_valid_workbook() -> None:
    wb = _open(render(Report(())))
    ws = wb["違反一覧"]
    assert ws.max_row == 1 and ws.auto_filter.ref == "A1:O1"
    assert wb.properties.created == wb.properties.modified


def test_deterministic_bytes(bundled: Report) -> None:
    first = render(bundled)
    assert render(bundled) == first
    assert render_format(bundled, "xlsx") == first
    wb = _open(first)
    assert wb.properties.created.date().isoformat() == bundled.as_of == "2026-11-27"
    # and across processes with a different hash seed
    code = ("import sys, datetime as dt; from checker import api; from checker.reporters.xlsx import render; "
            "sys.stdout.buffer.write(render(api.check(as_of=dt.date(2026, 11, 27))))")
    other = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": "12345"}).stdout
    assert other == first


def test_cli_writes_workbook(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.xlsx"
    result = CliRunner().invoke(main, ["check", "--example", "--format", "xlsx", "--output", str(target),
                                       "--as-of", "2026-11-27"])
    assert result.exit_code == 1, result.output  # the bundled plans have errors
    assert "を書き込みました" in result.stderr  # --lang ja, the default
    wb = openpyxl.load_workbook(target)
    assert wb["違反一覧"].max_row > 1


def test_cli_xlsx_needs_output() -> None:
    result = CliRunner().invoke(main, ["check", "--example", "--format", "xlsx", "--as-of", "2026-11-27"])
    assert result.exit_code == 2 and "--output" in result.stderr


def test_openpyxl_not_imported_for_other_formats() -> None:
    # Azumino's plan reads an .xlsx table itself; the 2nd strategy and the reference plans do not.
    code = ("import sys, datetime as dt; from pathlib import Path; from checker import api; "
            "from checker.reporters import render; "
            "r = api.check([Path('plans/azumino/strategy-2.yaml')], as_of=dt.date(2026, 11, 27)); "
            "render(r, 'text'); print('openpyxl' in sys.modules, 'pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False"
