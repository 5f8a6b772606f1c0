"""Excel workbook for offices that review in Excel: a summary sheet; a 確認シート (review sheet) in
the form reviewers fill in — one row per finding, errors first, with 対応状況 (○ / × / 該当なし, a
drop-down), 対応方針, 確認者 and 確認日 (a date) to fill in, printing legibly on A4 landscape (fit to
the page width at about 90 %, wrapped text, the header row on every page, page numbers); one row per violation
(filterable, frozen header, severity colours, waived rows greyed, printable on A4 landscape), the
rules that could not be checked (確認できなかった項目 / Not checked: ルール, 対象, 場所, 不明な点,
メッセージ — never counted as violations), the rules that were applied, and the national and
prefectural documents compared against, with their dates (参照した文書 / Reference documents).
After a baseline was applied, a last column marks the violations it records (既知 / known) and
the summary counts them and the baseline entries now fixed.
Formatting only; openpyxl is imported here, so plancheck loads it only when this format is asked
for.

Every text cell is written as a string, never a formula: text that Excel would read as a formula
when the cell is edited (leading =, +, -, @, tab, CR) also gets the quote-prefix style. The same
report gives the same bytes: document properties and zip entry times come from `report.as_of`."""

from __future__ import annotations

import datetime as dt
import io
import os
import unicodedata
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.writer.excel import ExcelWriter

from checker import eras
from checker.escaping import visible
from checker.labels import SEVERITY_LABELS, family_label
from checker.report import DocumentInfo, NotChecked, Report, RuleInfo, Violation
from checker.reporters import shared

if TYPE_CHECKING:
    from _typeshed import SizedBuffer, StrPath

Cell = str | int | None

_SHEETS = {"ja": ("概要", "確認シート", "違反一覧", "確認できなかった項目", "ルール", "参照した文書"),
           "en": ("Summary", "Review sheet", "Violations", "Not checked", "Rules", "Reference documents")}
_SEVERITY = SEVERITY_LABELS
_YES = {"ja": "はい", "en": "yes"}
_NO = {"ja": "いいえ", "en": "no"}

# (ja header, en header, wrap text?)
_VIOLATION_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("重大度", "Severity", False),
    ("ルールID", "Rule ID", False),
    ("ルール名", "Rule name", False),
    ("分類", "Family", False),
    ("文書", "Document", True),
    ("ファイル", "File", False),
    ("行", "Line", False),
    ("対象", "Subject", False),
    ("内容（日本語）", "Message (Japanese)", True),
    ("Message (English)", "Message (English)", True),
    ("二次情報", "Secondary source", False),
    ("適用除外", "Waived", False),
    ("除外理由", "Waiver reason", True),
    ("承認者", "Approved by", False),
    ("期限", "Until", False),
)
# The review sheet: (ja header, en header, width in characters, wrap?). The widths add up to about
# 160 characters, which Excel prints on A4 landscape at about 90 % (10 pt text stays legible).
_REVIEW_COLUMNS: tuple[tuple[str, str, int, bool], ...] = (
    ("No.", "No.", 5, False),
    ("重大度", "Severity", 7, False),
    ("ルール", "Rule", 12, True),
    ("指摘内容", "Finding", 46, True),
    ("場所", "Location", 18, True),
    ("対象", "Subject", 16, True),
    ("対応状況", "Status", 9, False),
    ("対応方針", "Response", 28, True),
    ("確認者", "Checked by", 9, True),
    ("確認日", "Date checked", 11, False),
)
REVIEW_STATUS = {"ja": ("○", "×", "該当なし"), "en": ("○", "×", "N/A")}
_REVIEW_FONT = Font(size=10)
_REVIEW_INPUT_FILL = PatternFill("solid", fgColor="FFFDE7")  # the cells a reviewer fills in
_STATUS_FILLS = (PatternFill("solid", fgColor="C6EFCE"), PatternFill("solid", fgColor="FFC7CE"),
                 PatternFill("solid", fgColor="EDEDED"))
_LINE_HEIGHT = 13.5  # points per line of 10 pt text

_RULE_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("ルールID", "Rule ID", False),
    ("ルール名", "Rule name", False),
    ("分類", "Family", False),
    ("重大度", "Severity", False),
    ("題名（日本語）", "Title (Japanese)", True),
    ("Title (English)", "Title (English)", True),
    ("趣旨（日本語）", "Rationale (Japanese)", True),
    ("Rationale (English)", "Rationale (English)", True),
    ("根拠", "Basis", True),
    ("根拠確認済み", "Basis verified", False),
)

_NOT_CHECKED_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("ルール", "Rule", False),
    ("対象", "Subject", True),
    ("場所", "Location", False),
    ("不明な点", "What is unknown", True),
    ("メッセージ", "Message", True),
)
_REFERENCE_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("ID", "ID", False),
    ("文書", "Document", True),
    ("種類", "Kind", False),
    ("所管", "Owner", False),
    ("日付", "Date", False),
    ("期間", "Period", False),
    ("ファイル", "File", False),
    ("同梱", "Bundled", False),
)

# Fills and fonts: Excel's own "bad / neutral" palette for error and warning, a pale blue for info.
_SEVERITY_STYLE = {
    "error": (PatternFill("solid", fgColor="FFC7CE"), Font(color="9C0006", bold=True)),
    "warning": (PatternFill("solid", fgColor="FFEB9C"), Font(color="9C5700", bold=True)),
    "info": (PatternFill("solid", fgColor="DDEBF7"), Font(color="1F4E78", bold=True)),
}
_WAIVED_FILL = PatternFill("solid", fgColor="EDEDED")
_WAIVED_FONT = Font(color="808080", italic=True)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_HEADER_FONT = Font(bold=True)
_HEADER_BORDER = Border(bottom=Side(style="thin", color="808080"))
_TITLE_FONT = Font(bold=True, size=14)
_SECTION_FONT = Font(bold=True)
_TOP = Alignment(vertical="top")
_TOP_WRAP = Alignment(vertical="top", wrap_text=True)

_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
_MAX_CELL = 32767  # Excel's limit on characters in a cell
_MIN_WIDTH, _MAX_WIDTH, _WRAP_WIDTH = 6, 80, 60


def _text(value: str) -> str:
    """Characters XML cannot carry become U+FFFD, line ends become LF (XML would turn a bare CR into
    LF anyway), format characters (a bidi override such as U+202E that reorders what the reader
    sees, zero-width spaces), C1 controls and DEL are shown as marks (checker.escaping:
    <U+202E>), and overlong text is cut to Excel's cell limit."""
    value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value.replace("\r\n", "\n").replace("\r", "\n"))
    value = visible(value, keep="\n\t")
    return value if len(value) <= _MAX_CELL else value[: _MAX_CELL - 1] + "…"


def _put(ws: Any, row: int, column: int, value: Cell, *, font: Font | None = None,
         fill: PatternFill | None = None, alignment: Alignment | None = None) -> Any:
    """Write one cell. Strings stay strings: openpyxl would otherwise store "=…" as a formula and
    "#N/A" as an error value."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = _text(value)
        cell.data_type = "s"
        if value.startswith(_FORMULA_TRIGGERS):
            cell.quotePrefix = True
    else:
        cell.value = value
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if alignment is not None:
        cell.alignment = alignment
    return cell


def display_width(text: str) -> int:
    """Width of the longest line, East Asian wide and full-width characters counting 2."""
    return max((sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
                for line in text.splitlines() or [""]), default=0)


def _fit_columns(ws: Any, rows: Sequence[Sequence[Cell]], wrap: Sequence[bool]) -> None:
    for index, flag in enumerate(wrap):
        widest = max((display_width(str(r[index])) for r in rows if r[index] is not None), default=0)
        limit = _WRAP_WIDTH if flag else _MAX_WIDTH
        ws.column_dimensions[get_column_letter(index + 1)].width = min(max(widest + 2, _MIN_WIDTH), limit)


def _table(ws: Any, header: Sequence[str], rows: Sequence[Sequence[Cell]], wrap: Sequence[bool]) -> None:
    """Header row (bold, frozen, repeated on each printed page, filterable) and body rows."""
    for column, name in enumerate(header, start=1):
        cell = _put(ws, 1, column, name, font=_HEADER_FONT, fill=_HEADER_FILL, alignment=_TOP_WRAP)
        cell.border = _HEADER_BORDER
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            _put(ws, r, c, value, alignment=_TOP_WRAP if wrap[c - 1] else _TOP)
    _fit_columns(ws, [list(header), *rows], wrap)
    last = f"{get_column_letter(len(header))}{len(rows) + 1}"
    ws.auto_filter.ref = f"A1:{last}"
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    _landscape(ws)


def _landscape(ws: Any) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def _family(family: str, lang: str) -> str:
    return family_label(family, lang)


def _severity(severity: str, lang: str) -> str:
    ja, en = _SEVERITY[severity]
    return ja if lang == "ja" else en


def _violation_row(v: Violation, lang: str, titles: dict[str, str]) -> list[Cell]:
    document = v.document or ""
    if v.document and v.document in titles:
        document = f"{titles[v.document]} ({v.document})"
    w = v.waived
    return [
        _severity(v.severity, lang), v.rule, v.name, _family(v.family, lang), document, v.file, v.line,
        v.subject, v.message.get("ja", ""), v.message.get("en", ""),
        _YES[lang] if v.secondary else None, _YES[lang] if w else None,
        w.reason if w else None, w.approved_by if w else None, w.until if w else None,
    ]


_KNOWN_COLUMN = ("既知（基準）", "Known (baseline)", False)


def _violations_sheet(ws: Any, report: Report, lang: str) -> None:
    # the known column only when a baseline marked something, so other workbooks keep their shape
    with_known = any(v.known for v in report.violations)
    columns = _VIOLATION_COLUMNS + ((_KNOWN_COLUMN,) if with_known else ())
    header = [ja if lang == "ja" else en for ja, en, _ in columns]
    wrap = [flag for _, _, flag in columns]
    titles = {d.id: d.title for d in report.documents}
    rows = [_violation_row(v, lang, titles) + ([_YES[lang] if v.known else None] if with_known else [])
            for v in report.violations]
    _table(ws, header, rows, wrap)
    for r, v in enumerate(report.violations, start=2):
        if v.waived:
            for c in range(1, len(header) + 1):
                cell = ws.cell(row=r, column=c)
                cell.fill, cell.font = _WAIVED_FILL, _WAIVED_FONT
        else:
            fill, font = _SEVERITY_STYLE[v.severity]
            cell = ws.cell(row=r, column=1)
            cell.fill, cell.font = fill, font


def _not_checked_row(n: NotChecked, lang: str) -> list[Cell]:
    return [n.rule, shared.subject(n), shared.where(n.file, n.line), shared.missing_text(n, lang),
            shared.message(n, lang)]


def _not_checked_sheet(ws: Any, report: Report, lang: str) -> None:
    header = [ja if lang == "ja" else en for ja, en, _ in _NOT_CHECKED_COLUMNS]
    wrap = [flag for _, _, flag in _NOT_CHECKED_COLUMNS]
    _table(ws, header, [_not_checked_row(n, lang) for n in report.not_checked], wrap)
    fill, font = _SEVERITY_STYLE["info"]  # at info level: neither a finding nor a pass
    for r in range(2, len(report.not_checked) + 2):
        cell = ws.cell(row=r, column=1)
        cell.fill, cell.font = fill, font


def _reference_row(d: DocumentInfo, lang: str, style: str | None = None) -> list[Cell]:
    kind = shared.kind_label(d.kind, lang)
    return [d.id, d.title, kind, shared.owner(d, lang), shared.date_label(d, lang, style) or None,
            shared.show_period(d.period, lang, style) if d.period else None, d.file,
            _YES[lang] if d.bundled else _NO[lang]]


def _references_sheet(ws: Any, report: Report, lang: str, style: str | None = None) -> None:
    header = [ja if lang == "ja" else en for ja, en, _ in _REFERENCE_COLUMNS]
    wrap = [flag for _, _, flag in _REFERENCE_COLUMNS]
    _table(ws, header, [_reference_row(d, lang, style) for d in shared.reference_documents(report)], wrap)


def _rule_row(rule: RuleInfo, lang: str) -> list[Cell]:
    return [
        rule.id, rule.name, _family(rule.family, lang), _severity(rule.severity, lang),
        rule.title.get("ja", ""), rule.title.get("en", ""),
        rule.rationale.get("ja", ""), rule.rationale.get("en", ""),
        "\n".join(rule.basis), _YES[lang] if rule.basis_verified else _NO[lang],
    ]


def _rules_sheet(ws: Any, report: Report, lang: str) -> None:
    header = [ja if lang == "ja" else en for ja, en, _ in _RULE_COLUMNS]
    wrap = [flag for _, _, flag in _RULE_COLUMNS]
    _table(ws, header, [_rule_row(r, lang) for r in report.rules], wrap)


def _review_lines(text: str, width: int) -> int:
    """How many lines `text` takes in a wrapped column of `width` characters (a wide character
    counts two), so the row is tall enough when printed: Excel does not fit row heights itself."""
    return sum(max(1, -(-display_width(line) // max(width - 1, 1))) for line in (text.splitlines() or [""]))


def _review_sheet(ws: Any, report: Report, lang: str, style: eras.EraStyle) -> None:
    """確認シート: one row per finding, errors first then by place, with the columns a reviewer fills
    in (対応状況 from a drop-down, 対応方針, 確認者, 確認日 as a date); waived findings greyed, their
    waiver written in 対応方針."""
    ja = lang == "ja"
    columns = _REVIEW_COLUMNS
    rules = {r.id: r for r in report.rules}
    header = [c[0] if ja else c[1] for c in columns]
    for column, name in enumerate(header, start=1):
        cell = _put(ws, 1, column, name, font=Font(bold=True, size=10), fill=_HEADER_FILL,
                    alignment=Alignment(vertical="center", horizontal="center", wrap_text=True))
        cell.border = _HEADER_BORDER
    ws.row_dimensions[1].height = 2 * _LINE_HEIGHT
    thin = Side(style="thin", color="BFBFBF")
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)
    findings = shared.by_severity(report.violations)
    for r, v in enumerate(findings, start=2):
        rule = rules.get(v.rule)
        title = (rule.title.get(lang) or rule.title.get("ja", "")) if rule is not None else ""
        subject = v.subject_title or v.subject
        response = None
        if v.waived is not None:
            w = v.waived
            response = (f"適用除外: {w.reason}（承認: {w.approved_by}）" if ja
                        else f"Waived: {w.reason} (approved by {w.approved_by})")
        message = v.message.get(lang) or v.message.get("ja", "")
        if v.secondary:
            message += "（二次情報に基づく）" if ja else " (rests on a secondary source)"
        values: list[Cell] = [r - 1, _severity(v.severity, lang), f"{v.rule}\n{title}" if title else v.rule, message,
                              f"{v.file}:{v.line}" if v.line else v.file, subject, None, response, None, None]
        lines = 1
        for c, (value, (_, _, width, wrap)) in enumerate(zip(values, columns), start=1):
            cell = _put(ws, r, c, value, font=_REVIEW_FONT,
                        alignment=Alignment(vertical="top", wrap_text=wrap))
            cell.border = grid
            if isinstance(value, str) and wrap:
                lines = max(lines, _review_lines(_text(value), width))
        ws.row_dimensions[r].height = min(lines, 30) * _LINE_HEIGHT + 4
        for c in (7, 8, 9, 10):  # to fill in
            ws.cell(row=r, column=c).fill = _REVIEW_INPUT_FILL
        ws.cell(row=r, column=7).alignment = Alignment(vertical="top", horizontal="center")
        ws.cell(row=r, column=10).number_format = "yyyy/mm/dd"
        if v.waived is not None:
            for c in range(1, 7):
                cell = ws.cell(row=r, column=c)
                cell.fill, cell.font = _WAIVED_FILL, Font(size=10, color="808080", italic=True)
        else:
            fill, font = _SEVERITY_STYLE[v.severity]
            cell = ws.cell(row=r, column=2)
            cell.fill, cell.font = fill, Font(size=10, bold=True, color=font.color)
    for index, (_, _, width, _) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    last = max(len(findings) + 1, 2)
    choices = REVIEW_STATUS[lang]
    status = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle="対応状況" if ja else "Status",
                            error=("○・×・該当なし から選んでください" if ja else "Choose ○, × or N/A"),
                            promptTitle="対応状況" if ja else "Status", showInputMessage=True,
                            prompt=("○ 対応済み / × 未対応 / 該当なし" if ja else "○ done / × not done / N/A"))
    status.add(f"G2:G{last}")
    checked_on = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                                showErrorMessage=True, errorTitle="確認日" if ja else "Date checked",
                                error="日付を入力してください（例: 2026/4/1）" if ja else "Enter a date (e.g. 2026-04-01)")
    checked_on.add(f"J2:J{last}")
    ws.add_data_validation(status)
    ws.add_data_validation(checked_on)
    for choice, fill in zip(choices, _STATUS_FILLS):
        ws.conditional_formatting.add(f"G2:G{last}", CellIsRule(operator="equal", formula=[f'"{choice}"'], fill=fill))
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    _landscape(ws)
    ws.print_options.gridLines = False
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    owners = sorted({d.owner for d in report.documents if d.level == "municipal" and d.owner})
    municipalities = "・".join(owners[:3])[:60] + (
        (f" ほか{len(owners) - 3}市町村" if ja else f" and {len(owners) - 3} more") if len(owners) > 3 else "")
    # (Excel allows 255 characters in a page header: a few names, then how many more)
    as_of = eras.iso_date(report.as_of, lang, style) if report.as_of else ""
    head = ("確認シート" if ja else "Review sheet") + (f" — {municipalities}" if municipalities else "")
    # plan text in the page header: the same cleaning as a cell (no control characters), & doubled
    # (a single & starts an Excel header code such as &P)
    ws.oddHeader.left.text = _text(head).replace("&", "&&")
    ws.oddHeader.left.size = 9
    ws.oddHeader.right.text = _text(f"基準日 {as_of}　plancheck {report.version}" if ja
                                    else f"As of {as_of}   plancheck {report.version}").replace("&", "&&")
    ws.oddHeader.right.size = 9
    ws.oddFooter.center.text = "&P / &N"
    ws.oddFooter.center.size = 9


def _summary_sheet(ws: Any, report: Report, lang: str) -> None:
    ja = lang == "ja"
    s = report.summary()
    rows: list[tuple[str, Cell] | None] = []  # None: a blank line

    def section(title: str) -> None:
        rows.extend([None, (title, "")])

    rows.append(("plancheck 検査結果" if ja else "plancheck report", ""))
    rows.append(("基準日" if ja else "As of", report.as_of or None))
    rows.append(("plancheck バージョン" if ja else "plancheck version", report.version or None))
    rows.append(("検査したファイル数" if ja else "Files checked", len(report.files)))
    rows.append(("適用したルール数" if ja else "Rules applied", len(report.rules)))
    rows.append(("参照した文書数" if ja else "Reference documents read", len(shared.reference_documents(report))))
    section("重大度別の件数（適用除外を除く）" if ja else "By severity (not counting waived)")
    for severity in _SEVERITY:
        rows.append((_severity(severity, lang), s["by_severity"][severity]))
    rows.append(("合計" if ja else "Total", s["total"]))
    rows.append(("適用除外" if ja else "Waived", s["waived"]))
    rows.append(("確認できなかった項目（件数に含めない）" if ja else "Not checked (not counted)", s["not_checked"]))
    if s["known"]:
        rows.append(("既知（基準、合計に含む）" if ja else "Known (baseline, in the total)", s["known"]))
    if s["baseline_fixed"]:
        rows.append(("解消済み（基準）" if ja else "Fixed (baseline)", s["baseline_fixed"]))
    section("分類別の件数（適用除外を除く）" if ja else "By family (not counting waived)")
    for family, count in s["by_family"].items():
        rows.append((_family(family, lang), count))
    if len(s["by_municipality"]) > 1:
        section("市町村別の件数（エラー／警告／情報）" if ja else "By municipality (errors / warnings / info)")
        for owner, c in s["by_municipality"].items():
            rows.append((owner, " / ".join(str(c[k]) for k in ("error", "warning", "info"))))
    section("凡例" if ja else "Legend")
    legend_start = len(rows) + 1
    rows.extend([
        (_severity("error", lang), "修正が必要な不整合" if ja else "an inconsistency to fix"),
        (_severity("warning", lang), "確認が必要な事項" if ja else "something to check"),
        (_severity("info", lang), "参考情報" if ja else "for information"),
        ("適用除外" if ja else "Waived",
         "承認された適用除外の対象。件数に含めない（灰色の行）" if ja
         else "covered by an approved waiver; not counted (grey rows)"),
        ("二次情報" if ja else "Secondary source",
         "計画データ上、二次情報または未確認の情報に基づく指摘" if ja
         else "rests on a secondary or unverified fact in the plan data"),
        (shared.pick(shared.NOT_CHECKED, lang),
         "不明な事実・抜粋の一覧・同梱されていない参照データのため確認できなかったルール。違反ではない" if ja
         else "rules that could not be checked (an unknown fact, an excerpt, reference data not bundled); "
              "not violations"),
    ])
    section("検査したファイル" if ja else "Files checked")
    rows.extend((f, None) for f in report.files)

    for r, item in enumerate(rows, start=1):
        if item is None:
            continue
        label, value = item
        is_heading = value == ""
        _put(ws, r, 1, label, font=_SECTION_FONT if is_heading else None, alignment=_TOP)
        if not is_heading:
            _put(ws, r, 2, value, alignment=_TOP_WRAP if isinstance(value, str) else _TOP)
    ws.cell(row=1, column=1).font = _TITLE_FONT
    for offset, severity in enumerate(_SEVERITY):
        fill, font = _SEVERITY_STYLE[severity]
        cell = ws.cell(row=legend_start + offset, column=1)
        cell.fill, cell.font = fill, font
    waived = ws.cell(row=legend_start + 3, column=1)
    waived.fill, waived.font = _WAIVED_FILL, _WAIVED_FONT
    unseen = ws.cell(row=legend_start + 5, column=1)
    unseen.fill, unseen.font = _SEVERITY_STYLE["info"]
    cells = [[item[0], item[1]] for item in rows[1:] if item is not None]
    _fit_columns(ws, cells, [False, True])
    _landscape(ws)


def _stamp(as_of: str) -> dt.datetime:
    """The fixed time written into the workbook: midnight of the as-of date (zip cannot go before 1980)."""
    try:
        day = dt.date.fromisoformat(as_of)
    except ValueError:
        day = dt.date(1980, 1, 1)
    return dt.datetime.combine(max(day, dt.date(1980, 1, 1)), dt.time())


class _FixedTimeZip(zipfile.ZipFile):
    """A ZipFile whose entries all carry one given time instead of the clock's."""

    def __init__(self, file: io.BytesIO, when: dt.datetime) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._when = (when.year, when.month, when.day, when.hour, when.minute, when.second)

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: SizedBuffer | str,
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=self._when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: StrPath, arcname: StrPath | None = None, compress_type: int | None = None,
              compresslevel: int | None = None) -> None:
        """openpyxl writes worksheets through a temporary file; take its bytes, not its mtime."""
        with open(filename, "rb") as handle:
            data = handle.read()
        self.writestr(os.fspath(arcname if arcname is not None else filename), data, compress_type, compresslevel)


def render(report: Report, *, lang: str = "ja", colour: bool = False, era_style: str = eras.DEFAULT_STYLE,
           **_: object) -> bytes:
    """The workbook as bytes. `colour` is accepted for the common interface; a workbook is always
    coloured. `era_style` (checker.eras) for the dates and periods the workbook writes itself."""
    lang = "ja" if lang == "ja" else "en"
    style = eras.era_style(era_style)
    summary_name, review_name, violations_name, not_checked_name, rules_name, references_name = _SHEETS[lang]
    wb = Workbook()
    summary = wb.active
    summary.title = summary_name
    _summary_sheet(summary, report, lang)
    _review_sheet(wb.create_sheet(review_name), report, lang, style)
    _violations_sheet(wb.create_sheet(violations_name), report, lang)
    _not_checked_sheet(wb.create_sheet(not_checked_name), report, lang)
    _rules_sheet(wb.create_sheet(rules_name), report, lang)
    _references_sheet(wb.create_sheet(references_name), report, lang, style)

    when = _stamp(report.as_of)
    wb.properties.creator = f"plancheck {report.version}".strip()
    wb.properties.title = "plancheck 検査結果" if lang == "ja" else "plancheck report"
    wb.properties.created = when
    wb.properties.modified = when
    buffer = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook would stamp the current time as "modified".
    ExcelWriter(wb, _FixedTimeZip(buffer, when)).save()
    return buffer.getvalue()
