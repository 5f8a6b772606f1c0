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

from checker import eras, i18n
from checker.escaping import visible
from checker.i18n import t
from checker.labels import family_label, severity_label
from checker.report import SEVERITIES, DocumentInfo, NotChecked, Report, RuleInfo, Violation
from checker.reporters import shared

if TYPE_CHECKING:
    from _typeshed import SizedBuffer, StrPath

Cell = str | int | None

_SHEETS = ("xlsx.sheet.summary", "xlsx.sheet.review", "xlsx.sheet.violations", "report.not_checked",
           "xlsx.sheet.rules", "report.references")

# (header: a checker.i18n key, wrap text?)
_VIOLATION_COLUMNS: tuple[tuple[str, bool], ...] = (
    ("report.col.severity", False),
    ("xlsx.col.rule_id", False),
    ("xlsx.col.rule_name", False),
    ("report.col.family", False),
    ("report.col.document", True),
    ("report.col.file", False),
    ("xlsx.col.line", False),
    ("report.col.subject", False),
    ("xlsx.col.message_ja", True),
    ("xlsx.col.message_en", True),
    ("xlsx.col.secondary", False),
    ("report.waived", False),
    ("xlsx.col.waiver_reason", True),
    ("xlsx.col.approver", False),
    ("report.col.until", False),
)
# The review sheet: (header, width in characters, wrap?). The widths add up to about 160
# characters, which Excel prints on A4 landscape at about 90 % (10 pt text stays legible).
_REVIEW_COLUMNS: tuple[tuple[str, int, bool], ...] = (
    ("xlsx.col.no", 5, False),
    ("report.col.severity", 7, False),
    ("report.col.rule", 12, True),
    ("xlsx.col.finding", 46, True),
    ("report.col.location", 18, True),
    ("report.col.subject", 16, True),
    ("xlsx.col.status", 9, False),
    ("xlsx.col.response", 28, True),
    ("xlsx.col.checked_by", 9, True),
    ("xlsx.col.checked_on", 11, False),
)
_REVIEW_FONT = Font(size=10)
_REVIEW_INPUT_FILL = PatternFill("solid", fgColor="FFFDE7")  # the cells a reviewer fills in
_STATUS_FILLS = (PatternFill("solid", fgColor="C6EFCE"), PatternFill("solid", fgColor="FFC7CE"),
                 PatternFill("solid", fgColor="EDEDED"))
_LINE_HEIGHT = 13.5  # points per line of 10 pt text

_RULE_COLUMNS: tuple[tuple[str, bool], ...] = (
    ("xlsx.col.rule_id", False),
    ("xlsx.col.rule_name", False),
    ("report.col.family", False),
    ("report.col.severity", False),
    ("xlsx.col.title_ja", True),
    ("xlsx.col.title_en", True),
    ("xlsx.col.rationale_ja", True),
    ("xlsx.col.rationale_en", True),
    ("report.basis", True),
    ("xlsx.col.basis_verified", False),
)

_NOT_CHECKED_COLUMNS: tuple[tuple[str, bool], ...] = (
    ("report.col.rule", False),
    ("report.col.subject", True),
    ("report.col.location", False),
    ("report.col.missing", True),
    ("xlsx.col.message", True),
)
_REFERENCE_COLUMNS: tuple[tuple[str, bool], ...] = (
    ("report.col.id", False),
    ("report.col.document", True),
    ("report.col.kind", False),
    ("report.col.owner", False),
    ("report.col.date", False),
    ("report.col.period", False),
    ("report.col.file", False),
    ("report.col.bundled", False),
)


def review_status(lang: str) -> tuple[str, str, str]:
    """The review sheet's 対応状況 choices: done, not done, not applicable (○, ×, 該当なし / N/A)."""
    return (t("xlsx.status.done", lang), t("xlsx.status.not_done", lang), t("xlsx.status.not_applicable", lang))


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
    return severity_label(severity, lang)


def _yes(flag: object, lang: str) -> str | None:
    """はい / yes for a true flag, nothing (an empty cell) otherwise."""
    return t("report.yes", lang) if flag else None


def _yes_no(flag: object, lang: str) -> str:
    return t("report.yes", lang) if flag else t("report.no", lang)


def _violation_row(v: Violation, lang: str, titles: dict[str, str]) -> list[Cell]:
    document = v.document or ""
    if v.document and v.document in titles:
        document = f"{titles[v.document]} ({v.document})"
    w = v.waived
    return [
        _severity(v.severity, lang), v.rule, v.name, _family(v.family, lang), document, v.file, v.line,
        v.subject, v.message.get("ja", ""), v.message.get("en", ""),
        _yes(v.secondary, lang), _yes(w, lang),
        w.reason if w else None, w.approved_by if w else None, w.until if w else None,
    ]


_KNOWN_COLUMN = ("xlsx.col.known", False)


def _violations_sheet(ws: Any, report: Report, lang: str) -> None:
    # the known column only when a baseline marked something, so other workbooks keep their shape
    with_known = any(v.status == "known" for v in report.violations)
    columns = _VIOLATION_COLUMNS + ((_KNOWN_COLUMN,) if with_known else ())
    header = [t(key, lang) for key, _ in columns]
    wrap = [flag for _, flag in columns]
    titles = {d.id: d.title for d in report.documents}
    rows = [_violation_row(v, lang, titles) + ([_yes(v.status == "known", lang)] if with_known else [])
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
    header = [t(key, lang) for key, _ in _NOT_CHECKED_COLUMNS]
    wrap = [flag for _, flag in _NOT_CHECKED_COLUMNS]
    _table(ws, header, [_not_checked_row(n, lang) for n in report.not_checked], wrap)
    fill, font = _SEVERITY_STYLE["info"]  # at info level: neither a finding nor a pass
    for r in range(2, len(report.not_checked) + 2):
        cell = ws.cell(row=r, column=1)
        cell.fill, cell.font = fill, font


def _reference_row(d: DocumentInfo, lang: str, style: str | None = None) -> list[Cell]:
    kind = shared.kind_label(d.kind, lang)
    return [d.id, d.title, kind, shared.owner(d, lang), shared.date_label(d, lang, style) or None,
            shared.show_period(d.period, lang, style) if d.period else None, d.file,
            _yes_no(d.bundled, lang)]


def _references_sheet(ws: Any, report: Report, lang: str, style: str | None = None) -> None:
    header = [t(key, lang) for key, _ in _REFERENCE_COLUMNS]
    wrap = [flag for _, flag in _REFERENCE_COLUMNS]
    _table(ws, header, [_reference_row(d, lang, style) for d in shared.reference_documents(report)], wrap)


def _rule_row(rule: RuleInfo, lang: str) -> list[Cell]:
    return [
        rule.id, rule.name, _family(rule.family, lang), _severity(rule.severity, lang),
        rule.title.get("ja", ""), rule.title.get("en", ""),
        rule.rationale.get("ja", ""), rule.rationale.get("en", ""),
        "\n".join(rule.basis), _yes_no(rule.basis_verified, lang),
    ]


def _rules_sheet(ws: Any, report: Report, lang: str) -> None:
    header = [t(key, lang) for key, _ in _RULE_COLUMNS]
    wrap = [flag for _, flag in _RULE_COLUMNS]
    _table(ws, header, [_rule_row(r, lang) for r in report.rules], wrap)


def _review_lines(text: str, width: int) -> int:
    """How many lines `text` takes in a wrapped column of `width` characters (a wide character
    counts two), so the row is tall enough when printed: Excel does not fit row heights itself."""
    return sum(max(1, -(-display_width(line) // max(width - 1, 1))) for line in (text.splitlines() or [""]))


def _review_sheet(ws: Any, report: Report, lang: str, style: eras.EraStyle) -> None:
    """確認シート: one row per finding, errors first then by place, with the columns a reviewer fills
    in (対応状況 from a drop-down, 対応方針, 確認者, 確認日 as a date); waived findings greyed, their
    waiver written in 対応方針."""
    columns = _REVIEW_COLUMNS
    rules = {r.id: r for r in report.rules}
    for column, (key, _, _) in enumerate(columns, start=1):
        cell = _put(ws, 1, column, t(key, lang), font=Font(bold=True, size=10), fill=_HEADER_FILL,
                    alignment=Alignment(vertical="center", horizontal="center", wrap_text=True))
        cell.border = _HEADER_BORDER
    ws.row_dimensions[1].height = 2 * _LINE_HEIGHT
    findings = shared.by_severity(report.violations)
    for r, v in enumerate(findings, start=2):
        _review_row(ws, r, v, rules.get(v.rule), lang)
    for index, (_, width, _) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    last = max(len(findings) + 1, 2)
    _review_inputs(ws, lang, last)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    _review_page(ws, report, lang, style)


_GRID = Border(*(Side(style="thin", color="BFBFBF"),) * 4)  # left, right, top, bottom


def _review_row(ws: Any, r: int, v: Violation, rule: Any, lang: str) -> None:
    """One finding's row: what plancheck found (greyed when waived, the severity coloured), then
    the cells a reviewer fills in."""
    title = (rule.title.get(lang) or rule.title.get("ja", "")) if rule is not None else ""
    response = None
    if v.waived is not None:
        w = v.waived
        response = t("report.waived_line", lang, reason=w.reason, approved_by=w.approved_by, until="")
    message = v.message.get(lang) or v.message.get("ja", "")
    if v.secondary:
        message += t("report.secondary_note", lang)
    values: list[Cell] = [r - 1, _severity(v.severity, lang), f"{v.rule}\n{title}" if title else v.rule, message,
                          f"{v.file}:{v.line}" if v.line else v.file, v.subject_title or v.subject, None, response,
                          None, None]
    lines = 1
    for c, (value, (_, width, wrap)) in enumerate(zip(values, _REVIEW_COLUMNS), start=1):
        cell = _put(ws, r, c, value, font=_REVIEW_FONT, alignment=Alignment(vertical="top", wrap_text=wrap))
        cell.border = _GRID
        if isinstance(value, str) and wrap:
            lines = max(lines, _review_lines(_text(value), width))
    ws.row_dimensions[r].height = min(lines, 30) * _LINE_HEIGHT + 4
    for c in (7, 8, 9, 10):  # to fill in
        ws.cell(row=r, column=c).fill = _REVIEW_INPUT_FILL
    ws.cell(row=r, column=7).alignment = Alignment(vertical="top", horizontal="center")
    ws.cell(row=r, column=10).number_format = "yyyy/mm/dd"
    if v.status == "waived":
        for c in range(1, 7):
            cell = ws.cell(row=r, column=c)
            cell.fill, cell.font = _WAIVED_FILL, Font(size=10, color="808080", italic=True)
    else:
        fill, font = _SEVERITY_STYLE[v.severity]
        cell = ws.cell(row=r, column=2)
        cell.fill, cell.font = fill, Font(size=10, bold=True, color=font.color)


def _review_inputs(ws: Any, lang: str, last: int) -> None:
    """The reviewer's columns: 対応状況 from a drop-down (coloured by choice), 確認日 a date."""
    choices = review_status(lang)
    status = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                            showErrorMessage=True, errorTitle=t("xlsx.col.status", lang),
                            error=t("xlsx.status_error", lang),
                            promptTitle=t("xlsx.col.status", lang), showInputMessage=True,
                            prompt=t("xlsx.status_prompt", lang))
    status.add(f"G2:G{last}")
    checked_on = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                                showErrorMessage=True, errorTitle=t("xlsx.col.checked_on", lang),
                                error=t("xlsx.date_error", lang))
    checked_on.add(f"J2:J{last}")
    ws.add_data_validation(status)
    ws.add_data_validation(checked_on)
    for choice, fill in zip(choices, _STATUS_FILLS):
        ws.conditional_formatting.add(f"G2:G{last}", CellIsRule(operator="equal", formula=[f'"{choice}"'], fill=fill))


def _review_page(ws: Any, report: Report, lang: str, style: eras.EraStyle) -> None:
    """Printing: landscape, margins, and a page header naming the municipalities and the date."""
    _landscape(ws)
    ws.print_options.gridLines = False
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    owners = sorted({d.owner for d in report.documents if d.level == "municipal" and d.owner})
    municipalities = t("sep.names", lang).join(owners[:3])[:60] + (
        t("report.more_municipalities", lang, n=len(owners) - 3) if len(owners) > 3 else "")
    # (Excel allows 255 characters in a page header: a few names, then how many more)
    as_of = eras.iso_date(report.as_of, lang, style) if report.as_of else ""
    head = t("xlsx.sheet.review", lang) + (f" — {municipalities}" if municipalities else "")
    # plan text in the page header: the same cleaning as a cell (no control characters), & doubled
    # (a single & starts an Excel header code such as &P)
    ws.oddHeader.left.text = _text(head).replace("&", "&&")
    ws.oddHeader.left.size = 9
    ws.oddHeader.right.text = _text(t("xlsx.page_header", lang, as_of=as_of, version=report.version)).replace("&", "&&")
    ws.oddHeader.right.size = 9
    ws.oddFooter.center.text = "&P / &N"
    ws.oddFooter.center.size = 9


def _summary_sheet(ws: Any, report: Report, lang: str) -> None:
    s = report.summary()
    rows: list[tuple[str, Cell] | None] = []  # None: a blank line

    def section(title: str) -> None:
        rows.extend([None, (title, "")])

    rows.append((t("report.title_results", lang), ""))
    rows.append((t("report.as_of", lang), report.as_of or None))
    rows.append((t("xlsx.version", lang), report.version or None))
    rows.append((t("xlsx.files_count", lang), len(report.files)))
    rows.append((t("xlsx.rules_count", lang), len(report.rules)))
    rows.append((t("xlsx.references_count", lang), len(shared.reference_documents(report))))
    section(t("xlsx.by_severity", lang))
    for severity in SEVERITIES:
        rows.append((_severity(severity, lang), s["by_severity"][severity]))
    rows.append((t("xlsx.total", lang), s["total"]))
    rows.append((t("report.waived", lang), s["waived"]))
    rows.append((t("xlsx.not_checked_count", lang), s["not_checked"]))
    if s["known"]:
        rows.append((t("xlsx.known_count", lang), s["known"]))
    if s["baseline_fixed"]:
        rows.append((t("report.fixed_baseline", lang), s["baseline_fixed"]))
    section(t("report.by_family_not_waived", lang))
    for family, count in s["by_family"].items():
        rows.append((_family(family, lang), count))
    if len(s["by_municipality"]) > 1:
        section(t("xlsx.by_municipality", lang))
        for owner, c in s["by_municipality"].items():
            rows.append((owner, " / ".join(str(c[k]) for k in ("error", "warning", "info"))))
    section(t("xlsx.legend", lang))
    legend_start = len(rows) + 1
    rows.extend([(_severity(severity, lang), t(f"xlsx.legend.{severity}", lang)) for severity in SEVERITIES] + [
        (t("report.waived", lang), t("xlsx.legend.waived", lang)),
        (t("xlsx.col.secondary", lang), t("xlsx.legend.secondary", lang)),
        (t("report.not_checked", lang), t("xlsx.legend.not_checked", lang)),
    ])
    section(t("report.files", lang))
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
    for offset, severity in enumerate(SEVERITIES):
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
    lang = i18n.language(lang)
    style = eras.era_style(era_style)
    summary_name, review_name, violations_name, not_checked_name, rules_name, references_name = (
        t(key, lang) for key in _SHEETS)
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
    wb.properties.title = t("report.title_results", lang)
    wb.properties.created = when
    wb.properties.modified = when
    buffer = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook would stamp the current time as "modified".
    ExcelWriter(wb, _FixedTimeZip(buffer, when)).save()
    return buffer.getvalue()
