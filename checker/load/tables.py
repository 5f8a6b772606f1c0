"""Long lists as tables: `projects: {table: projects.csv}` or `{table: plan.xlsx, sheet: 事業一覧}`.

Headers may be Japanese or English (事業名/title …). Cells are read as written — no type guessing
by a parser — and checked: required columns, required cells, unique ids, numbers, fiscal years,
allowed values (_column_checks), and the checks across a row (ROW_RULES). Every problem is an
InputError naming the file, sheet, row (as the spreadsheet numbers it: the header is row 1) and
column. Valid rows become the same dictionaries an inline YAML list would give, so they go through
the same models and become the same nodes. A table that passes every check (_passes, in Python)
is taken as read; a table with a problem is validated with pandera, whose failure cases say what
is wrong where. read_tables reads many tables at once and validates those of one kind together, in
one pandera call (a national run reads thousands). pandas and pandera are imported here only, when
a table has a problem.

Tables are hostile input. A table file is read once, at most limits.file_mb; CSV with csv, an
unclosed quote located where it opened; workbooks with a streaming reader of the standard library
(zipfile + expat: why, and what it was measured against, is noted above _Workbook) that checks
the zip directory before inflating anything and stops at the first row, column or cell over the
limits. Every refusal is an INPUT-005 naming the file, the sheet and the row.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import hashlib
import io
import math
import posixpath
import re
import stat
import sys
import unicodedata
import xml.parsers.expat
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from checker import i18n
from checker.fiscal import CalendarError, parse_date, parse_fiscal_year, parse_year
from checker.i18n import Both, both, has, listing
from checker.load.errors import InputError, PlanInputError
from checker.load.files import FileRefused, read_limited
from checker.load.limits import DEFAULT_LIMITS, Limits
from checker.load.parsed import TableSource
from checker.quantity import NotAQuantity, parse_quantity
from checker.unknown import unknown_of



@dataclass(frozen=True)
class Column:
    field: str  # dotted: baseline.year → {"baseline": {"year": …}}
    headers: tuple[str, ...]  # accepted header texts, Japanese and English
    # text | number | quantity (a value as printed: 約5万人, 1.50以上) | fiscal_year | year | date |
    # point (a date as printed: 2019年9月末時点) | window (2020~2024年度 累計) | bool | choice |
    # choices (several of the choices, separated by 、) | list
    kind: str = "text"
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (as written, value); matched ignoring case
    multiline: bool = False  # free text that may hold line breaks (Alt+Enter in Excel)
    unknown: bool = False  # also 不明 / unknown / 不明（ページ欠落）: the source does not show it
    suggestions: tuple[str, ...] = ()  # offered in the workbook's drop-down, any text allowed

    @property
    def label(self) -> str:
        return self.headers[0]

    def __hash__(self) -> int:
        # By its field only (equal columns have equal fields): a column is a cache key per cell
        # (_choice_map), and the generated hash went through every tuple of it each time.
        return hash(self.field)


# Written forms of yes and no (the first two are what the workbook's drop-down shows first).
_BOOL = {"○": True, "×": False, "はい": True, "いいえ": False, "あり": True, "なし": False, "〇": True, "✕": False,
         "true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}
_KIND = (("数値目標", "numerical_target"), ("KPI", "kpi"), ("numerical_target", "numerical_target"), ("kpi", "kpi"))
_DIRECTION = (("増加", "increase"), ("減少", "decrease"), ("維持", "maintain"),
              ("increase", "increase"), ("decrease", "decrease"), ("maintain", "maintain"))
_AGGREGATE = (("累計", "total"), ("平均", "average"), ("total", "total"), ("average", "average"))
_SIDES = (("基準値", "baseline"), ("目標値", "target"), ("実績値", "results"),
          ("baseline", "baseline"), ("target", "target"), ("result", "results"))
_CONTINUES_AS = (("継続", "continued"), ("名称変更", "renamed"), ("定義変更", "redefined"),
                 ("continued", "continued"), ("renamed", "renamed"), ("redefined", "redefined"))
_STATUS = (("達成", "achieved"), ("一部達成", "partly_achieved"), ("概ね達成", "partly_achieved"),
           ("おおむね達成", "partly_achieved"), ("未達成", "not_achieved"), ("achieved", "achieved"),
           ("partly_achieved", "partly_achieved"), ("not_achieved", "not_achieved"))
_TREND = (("改善", "improved"), ("維持", "unchanged"), ("横ばい", "unchanged"), ("悪化", "worsened"),
          ("improved", "improved"), ("unchanged", "unchanged"), ("worsened", "worsened"))


def allowed_values(column: Column) -> tuple[str, ...]:
    """Every written form a cell of a closed column (choice, choices, bool) may hold, as the reader
    accepts them (case aside): what a workbook's drop-down must let through."""
    if column.kind in ("choice", "choices"):
        return tuple(dict.fromkeys(written for written, _ in column.choices))
    if column.kind == "bool":
        return tuple(_BOOL)
    return ()


_NOTE = Column("note", ("備考", "note"), multiline=True)
_ILLUSTRATIVE = Column("illustrative", ("例示", "illustrative"), "bool")


def _measurement(side: str, ja: str, en: str) -> tuple[Column, ...]:
    """The columns of one value with its time (year, point in time or window), as printed, its own
    source and its footnote (※): 基準年度 基準時点 基準期間 基準値 基準値の出典 基準値の注記."""
    short = ja[:2]  # 基準 / 目標 / 実績
    return (
        Column(f"{side}.year", (f"{short}年度", f"{short}年", f"{en}_year"), "year", unknown=True),
        Column(f"{side}.at", (f"{short}時点", f"{en}_at"), "point"),
        Column(f"{side}.window", (f"{short}期間", f"{en}_window"), "window"),
        Column(f"{side}.value", (ja, f"{en}_value"), "quantity", unknown=True),
        Column(f"{side}.source", (f"{ja}の出典", f"{en}_source"), multiline=True),
        Column(f"{side}.footnote", (f"{ja}の注記", f"{ja}※", f"{en}_footnote"), multiline=True),
    )


SPECS: dict[str, tuple[Column, ...]] = {
    "projects": (
        Column("id", ("事業ID", "id", "ID"), required=True),
        Column("title", ("事業名", "title"), required=True, multiline=True),
        Column("department", ("所管課", "担当課", "department"), multiline=True),
        Column("measure", ("施策", "施策ID", "measure")),
        Column("regional_plan", ("地域再生計画", "regional_plan"), multiline=True),
        _ILLUSTRATIVE, _NOTE,
    ),
    "indicators": (
        Column("id", ("指標ID", "id", "ID"), required=True),
        Column("kind", ("種別", "kind"), "choice", required=True, choices=_KIND),
        Column("title", ("指標名", "title"), required=True, multiline=True),
        Column("unit", ("単位", "unit"), suggestions=("人", "件", "%", "円", "なし")),
        *_measurement("baseline", "基準値", "baseline"),
        *_measurement("target", "目標値", "target"),
        Column("aggregate", ("集計", "aggregate"), "choice", choices=_AGGREGATE),
        Column("estimate", ("見込み", "見込", "推計値", "estimate"), "choices", choices=_SIDES),
        Column("direction", ("方向", "direction"), "choice", choices=_DIRECTION),
        Column("outcome", ("アウトカム", "outcome"), "bool"),
        Column("long_term", ("長期目標", "long_term"), "bool"),
        Column("source", ("出典", "source"), multiline=True, unknown=True),
        Column("goal", ("基本目標", "基本目標ID", "goal")),
        Column("measure", ("施策", "施策ID", "measure")),
        Column("project", ("事業", "事業ID", "project")),
        Column("continues.from", ("前期の指標", "continues")),
        Column("continues.as", ("前期からの変更", "continues_as"), "choice", choices=_CONTINUES_AS),
        Column("continues.reason", ("変更理由", "continues_reason"), multiline=True),
        *_measurement("results", "実績値", "result"),
        Column("results.status", ("達成状況", "status"), "choice", choices=_STATUS),
        Column("results.rating", ("評価", "rating"), suggestions=("A", "B", "C", "D")),
        Column("results.trend", ("推移", "傾向", "trend"), "choice", choices=_TREND),
        _ILLUSTRATIVE, _NOTE,
    ),
    "grants": (
        Column("id", ("交付金事業ID", "id", "ID"), required=True),
        Column("programme", ("交付金", "交付金制度", "programme"), required=True, multiline=True),
        Column("type", ("事業類型", "類型", "type")),
        Column("title", ("事業名", "title"), required=True, multiline=True),
        Column("period.from", ("開始年度", "from"), "fiscal_year", required=True),
        Column("period.to", ("終了年度", "to"), "fiscal_year", unknown=True),  # 不明: it ends, when is not seen
        Column("funds", ("対象事業", "funds"), "list"),
        Column("regional_plan", ("地域再生計画", "regional_plan"), multiline=True),
        Column("continues", ("前期の交付金事業", "continues")),
        _NOTE,
    ),
    "reviews": (
        Column("fiscal_year", ("対象年度", "年度", "fiscal_year"), "fiscal_year", required=True),
        Column("date", ("実施日", "date"), "date", unknown=True),
        Column("figures", ("数値の有無", "figures"), "bool"),
        Column("body", ("検証主体", "body"), multiline=True),
        _NOTE,
    ),
}

def _norm_header(text: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or ""))).lower()


@cache
def _by_header(spec: tuple[Column, ...]) -> dict[str, Column]:
    """A spec's columns by every header they accept, normalised (built once per spec)."""
    return {_norm_header(h): c for c in spec for h in c.headers}


def _cell(value: Any) -> Any:
    """A cell as written: stripped text, numbers kept, dates as ISO text, empty (None, NaN, blank) as None."""
    if value is None or value != value:  # NaN too: one kind of empty cell
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        return text or None
    return value


def _problem(file: str, line: int | None, key: str | None, ja: str, en: str, hint_ja: str = "",
             hint_en: str = "") -> InputError:
    return InputError("INPUT-005", file, line, key, ja, en, hint_ja, hint_en)


def _over_limit(file: str, line: int | None, key: str | None, what_ja: str, what_en: str, limit: str,
                value: int | float) -> PlanInputError:
    """A table over one of the limits (the profile's `limits:` raises them)."""
    shown_value = f"{value:,}" if isinstance(value, int) else f"{value:g}"
    return PlanInputError(_problem(file, line, key, *both("input.over_limit", what=Both(what_ja, what_en), value=shown_value),
                                   *both("input.hint.raise_limit", limit=limit)))


# --- CSV -------------------------------------------------------------------------------------

_SAVE_AS_CSV = both("input.hint.save_as_csv")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _read_csv(raw: bytes, shown: str, spec: tuple[Column, ...], limits: Limits) -> list[list[Any]]:
    if raw.startswith(b"PK\x03\x04"):
        raise PlanInputError(_problem(shown, None, None, *both("input.csv_is_xlsx"), *both("input.hint.name_it_xlsx")))
    if b"\x00" in raw:  # UTF-16 ("Unicode text" in Excel) or not text at all
        raise PlanInputError(_problem(shown, None, None, *both("input.csv_nul"), *_SAVE_AS_CSV))
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise PlanInputError(_problem(shown, None, None, *both("input.csv_encoding"), *_SAVE_AS_CSV))
    # csv refuses a field over 131,072 characters (field_size_limit, a process-wide setting) with
    # an exception; a field cannot be longer than its file, which limits.file_mb bounds, so the
    # limit is raised to the text's length (never lowered: other readers may have raised it).
    if csv.field_size_limit() <= len(text):
        csv.field_size_limit(len(text) + 1)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[list[Any]] = []
    lines: list[int] = []  # the line of the file each row starts on
    start = 1
    try:
        for row in reader:
            line, start = start, reader.line_num + 1
            if len(row) > limits.table_columns:
                beyond = next((j for j in range(limits.table_columns, len(row)) if row[j].strip()), None)
                if beyond is not None:
                    raise _over_limit(shown, len(rows) + 1, _column_letter(beyond + 1), *both("input.too_many_columns"),
                                      "table_columns", limits.table_columns)
                del row[limits.table_columns:]  # empty cells (Excel pads every row to the widest one)
            if len(rows) > limits.table_rows:  # the header and table_rows rows read already
                if any(cell.strip() for cell in row):
                    raise _over_limit(shown, len(rows) + 1, None, *both("input.too_many_rows"), "table_rows",
                                      limits.table_rows)
                continue  # blank lines after the last row are not rows
            rows.append(row)
            lines.append(line)
    except csv.Error as exc:
        raise PlanInputError(_problem(shown, len(rows) + 1, None, *both("input.csv_unreadable", start=start, exc=exc),
                                      *_SAVE_AS_CSV)) from None
    # Only a quoted cell can hold a line break: a table without a quote has none to look for.
    problems = _unclosed_quotes(rows, lines, spec, shown) if '"' in text else []
    if problems:
        raise PlanInputError(*problems)
    return rows


def _unclosed_quotes(rows: list[list[Any]], lines: list[int], spec: tuple[Column, ...], shown: str) -> list[InputError]:
    """Cells that an unclosed quote made of the lines after it. A quote (") that opens a cell and
    is never closed takes everything up to the next quote — following rows included — into that
    one cell, silently. Such a cell holds a line break; one is refused where the column's values
    cannot have one (ids, numbers, years, choices — unknown columns too), and in free text when
    one of its lines after the first looks like a whole row of the table (as many commas)."""
    if not rows:
        return []
    by_header = _by_header(spec)
    header = [str(h) for h in rows[0]]
    columns = [by_header.get(_norm_header(h)) for h in header]
    commas = max(2, len(header) - 1)
    found: list[InputError] = []
    for i, row in enumerate(rows):
        breaks = 0  # line breaks in this row's cells so far
        for j, cell in enumerate(row):
            if "\n" not in cell and "\r" not in cell:
                continue
            column = columns[j] if j < len(columns) else None
            swallowed = i == 0 or column is None or not column.multiline or any(
                part.count(",") >= commas for part in _LINE_BREAK.split(cell)[1:])
            if swallowed:
                line = lines[i] + breaks
                key = header[j] if j < len(header) and header[j].strip() else _column_letter(j + 1)
                found.append(_problem(shown, i + 1, key, *both("input.csv_unclosed_quote", key=key, line=line),
                                      *both("input.hint.close_quote")))
                if len(found) >= _MAX_PROBLEMS:
                    return found
            breaks += len(_LINE_BREAK.findall(cell))
    return found


# --- Excel workbooks -------------------------------------------------------------------------
#
# An .xlsx file is a zip of XML parts, and a small one can describe a huge table: a 6 KB file
# declaring `<dimension ref="A1:XFD1048576"/>`, two cells at A1 and XFD1048576, a 2.9 MB
# sharedStrings part that inflates to gigabytes or to millions of strings. So the zip directory
# is checked before any part is read (uncompressed size, compression ratio and method,
# encryption), and the sheet is read as a stream, stopping at the first row, column or cell over
# the limits; nothing is materialised from what the file merely declares.
#
# Reader chosen by measurement (2 cores, Python 3.11; seconds to read, peak RSS of the process):
#
#   workbook                            openpyxl read-only   openpyxl iter_rows(  python-calamine 0.9.1  this reader
#                                       list(iter_rows())    max_col), stopped    iter_rows, stopped     (zipfile + expat)
#                                       (before)             at the row limit     at the row limit
#   bundled azumino, 9 rows             0.21 s    38 MB      0.31 s    38 MB      0.01 s    11 MB        0.004 s   37 MB
#   10,000 rows × 13 columns            1.73 s    50 MB      1.85 s    64 MB      0.24 s    30 MB        0.51 s    48 MB
#   dimension A1:XFD30000, 1 row        20.6 s   3.9 GB      0.27 s    38 MB      0.02 s    17 MB        0.004 s   38 MB
#   dimension A1:XFD1048576             MemoryError at 8 GB  0.29 s    38 MB      0.18 s   119 MB        refused at once
#   cells at A1 and XFD1048576          0.87 s   112 MB      0.28 s    38 MB      abort (SIGABRT)        refused at once
#   1,048,576 real rows (180 MB XML)    76 s     367 MB      9.8 s    223 MB      6.9 s    330 MB        refused from the zip
#                                                                                                        directory; else at row
#                                                                                                        100,002: 1.5 s, 73 MB
#   one row of 2,000,000 empty cells    -                    4.8 s    666 MB      0.24 s    11 MB        refused: 0.9 s, 38 MB
#   10,000,000 other XML elements       -                    23 s     3.2 GB      1.1 s     11 MB        refused: 4.3 s, 38 MB
#   sharedStrings, one 300 MB string    3.5 s    628 MB      3.4 s    628 MB      3.3 s    1.2 GB        refused from the zip
#   sharedStrings, 20,000,000 strings   > 90 s               > 90 s               15 s     1.1 GB        refused from the zip;
#                                                                                                        else: 1.8 s, 46 MB
#   import                              openpyxl 172 ms (105 ms after pandas)     1 ms                   none (stdlib, loaded)
#
# python-calamine is the fastest on honest files, but it reads a whole sheet into a dense
# rectangle before the first row comes out (it has no row-by-row reader): two far-apart cells in
# a 1.6 KB file make it abort the process (a Rust allocation failure: no exception, no message),
# and it loads every shared string when the workbook opens.
# openpyxl streams rows, but fills the rows and columns a sheet merely declares, builds every
# cell of a row before max_col applies (a row of millions of cells), and loads the shared
# strings (12 µs each) and the styles as objects before the first row. Streaming the parts
# ourselves with the standard library (zipfile stops at the declared sizes; expat, with any
# DOCTYPE refused, so no entity expansion) keeps memory to one row plus the shared strings,
# checks every limit as it goes, needs no import of openpyxl (about 150 ms: a one-city check
# gets faster), and reads only what a table needs: cell values, shared strings and which styles
# are dates.

_MAIN_NS = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main")
_RELATIONSHIP_NS = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                    "http://purl.oclc.org/ooxml/officeDocument/relationships")
_PACKAGE_NS = ("http://schemas.openxmlformats.org/package/2006/relationships",)
_MAX_PROBLEMS = 100  # located problems reported from one table at most
_PART_ELEMENTS_PER_CELL = 8  # XML elements read from one workbook: at most this many per allowed cell
_RATIO_FROM = 1 << 20  # parts smaller than this (uncompressed) may have any compression ratio
_SAVE_AS_XLSX = both("input.hint.save_as_xlsx")


def _tags(*local: str, namespaces: tuple[str, ...] = _MAIN_NS) -> dict[str, str]:
    """Element names as expat gives them ('namespace}local') → local name, in every namespace."""
    return {f"{ns}}}{name}": name for ns in namespaces for name in local}


_SHEET_TAGS = _tags("row", "c", "v", "is", "t", "rPh", "f")
_STRING_TAGS = _tags("si", "t", "rPh")
_STYLE_TAGS = _tags("numFmts", "numFmt", "cellXfs", "xf")
_BOOK_TAGS = _tags("sheet", "workbookPr")
_RELATIONSHIP_TAGS = _tags("Relationship", namespaces=_PACKAGE_NS)
_RELATIONSHIP_ID = tuple(f"{ns}}}id" for ns in _RELATIONSHIP_NS)
_CELL = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
# Built-in number formats that show a calendar date (ECMA-376 §18.8.30; 27–36 and 50–58 are the
# East Asian ones, among them the Japanese era formats such as ggge"年"m"月"d"日").
_DATE_FORMATS = frozenset({14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, *range(50, 59)})
_NOT_IN_FORMAT = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|[_*].|(?i:general)|[eE][+-]')
_DATE_IN_FORMAT = re.compile(r"[dDyYgGeE]")


class _Enough(Exception):
    """Raised by a part's handler when it has read what it needs."""


@dataclass(frozen=True)
class _SheetEntry:
    name: str
    state: str  # visible | hidden | veryHidden
    part: str  # its XML part in the zip, "" if it has none
    kind: str  # worksheet | chartsheet | dialogsheet | macrosheet …


def _column_letter(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@cache
def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _is_date_format(code: str) -> bool:
    """A custom number format that shows a date: a day, year or era part once quoted text,
    escapes, [sections], 'General' and exponents are taken out (a time of day alone is no date)."""
    return _DATE_IN_FORMAT.search(_NOT_IN_FORMAT.sub("", code)) is not None


def _number(text: str) -> int | float | str:
    """A number cell's value: an int or a finite float; anything else (nan, inf, 1e309, digits
    beyond what int() reads) stays text as written, so a number column refuses it at its row."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return text
    return number if math.isfinite(number) else text


def _excel_date(serial: int | float, date1904: bool) -> dt.date | None:
    """The date a serial number shows, None outside Excel's calendar (1900-01-01 … 9999-12-31)."""
    days = int(serial)
    if date1904:
        if not 0 <= days <= 2957003:
            return None
        return dt.date(1904, 1, 1) + dt.timedelta(days=days)
    if not 1 <= days <= 2958465:
        return None
    # Excel counts a 29 February 1900 that did not exist: serials before it are one day later.
    return dt.date(1899, 12, 31 if days < 60 else 30) + dt.timedelta(days=days)


class _Workbook:
    """An .xlsx file read within the limits: its zip directory checked first, then only the parts
    a table needs, each streamed through expat."""

    def __init__(self, raw: bytes, file: str, limits: Limits) -> None:
        self.file, self.limits = file, limits
        self.elements = 0  # XML elements read so far, all parts
        self.budget = _PART_ELEMENTS_PER_CELL * limits.table_cells
        if raw.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE compound file: .xls, or an encrypted .xlsx
            raise self.fail(*both("input.xls_or_password"), *both("input.hint.remove_password"))
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(raw))
            infos = self.zip.infolist()
        except Exception as exc:  # zipfile raises many kinds for a broken directory
            raise self.fail(*both("input.xlsx_unreadable", exc=exc), *_SAVE_AS_XLSX) from None
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise self.fail(*both("input.xlsx_encrypted"), *_SAVE_AS_XLSX)
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise self.fail(*both("input.xlsx_compression", part=info.filename), *_SAVE_AS_XLSX)
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > _RATIO_FROM and ratio > limits.xlsx_ratio:
                raise _over_limit(file, None, None, *both("input.xlsx_ratio", part=info.filename, ratio=ratio),
                                  "xlsx_ratio", limits.xlsx_ratio)
            total += info.file_size
        if total > limits.xlsx_bytes:
            raise _over_limit(file, None, None, *both("input.xlsx_size", mb=total / 2**20), "xlsx_mb", limits.xlsx_mb)
        self.names = {info.filename for info in infos}

    def fail(self, ja: str, en: str, hint_ja: str = "", hint_en: str = "", file: str | None = None,
             line: int | None = None, key: str | None = None) -> PlanInputError:
        return PlanInputError(_problem(file or self.file, line, key, ja, en, hint_ja, hint_en))

    def parse(self, part: str, start: Callable[[str, dict[str, str]], None], end: Callable[[str], None] | None = None,
              text: Callable[[str], None] | None = None, file: str | None = None) -> None:
        """Stream one part through expat with these handlers (a handler raises _Enough to stop)."""
        def doctype(*_: Any) -> None:  # no part of a workbook has one; refusing it rules out entity expansion
            raise self.fail(*both("input.xlsx_doctype", part=part), *_SAVE_AS_XLSX, file=file)

        parser = xml.parsers.expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = doctype
        parser.StartElementHandler = start
        if end is not None:
            parser.EndElementHandler = end
        if text is not None:
            parser.CharacterDataHandler = text
        try:
            with self.zip.open(part) as stream:
                while chunk := stream.read(1 << 16):
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except _Enough:
            pass
        except xml.parsers.expat.ExpatError as exc:
            raise self.fail(*both("input.xlsx_broken_xml", part=part, line=exc.lineno, exc=exc), *_SAVE_AS_XLSX,
                            file=file) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            raise self.fail(*both("input.xlsx_damaged", part=part, exc=exc), *_SAVE_AS_XLSX, file=file) from None

    def count(self, file: str | None = None) -> None:
        self.elements += 1
        if self.elements > self.budget:
            raise PlanInputError(_problem(
                file or self.file, None, None, *both("input.xlsx_elements", budget=self.budget, times=_PART_ELEMENTS_PER_CELL),
                *both("input.hint.raise_limit", limit="table_cells")))

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Id → (type, target part) of the relationships of a part ('' for the package)."""
        folder, _, name = part.rpartition("/")
        rels = posixpath.join(folder, "_rels", f"{name}.rels")
        found: dict[str, tuple[str, str]] = {}
        if rels not in self.names:
            return found

        def start(name: str, attrs: dict[str, str]) -> None:
            self.count()
            if name in _RELATIONSHIP_TAGS and attrs.get("TargetMode") != "External":
                target = attrs.get("Target", "")
                target = target[1:] if target.startswith("/") else posixpath.join(folder, target)
                found[attrs.get("Id", "")] = (attrs.get("Type", ""), posixpath.normpath(target))

        self.parse(rels, start)
        return found

    def sheets(self) -> tuple[list[_SheetEntry], dict[str, tuple[str, str]], bool]:
        """The sheets in workbook order, the workbook's relationships, and whether it counts
        dates from 1904."""
        book = next((target for kind, target in self.relationships("").values() if kind.endswith("/officeDocument")),
                    "xl/workbook.xml")
        if book not in self.names:
            raise self.fail(*both("input.xlsx_no_workbook"), *_SAVE_AS_XLSX)
        relationships = self.relationships(book)
        entries: list[_SheetEntry] = []
        date1904 = False

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal date1904
            self.count()
            tag = _BOOK_TAGS.get(name)
            if tag == "sheet":
                rid = next((attrs[a] for a in _RELATIONSHIP_ID if a in attrs), "")
                kind, part = relationships.get(rid, ("", ""))
                entries.append(_SheetEntry(attrs.get("name", ""), attrs.get("state", "visible"),
                                           part if part in self.names else "", kind.rpartition("/")[2]))
            elif tag == "workbookPr":
                date1904 = attrs.get("date1904", "").lower() in ("1", "true")

        self.parse(book, start)
        return entries, relationships, date1904

    def shared_strings(self, relationships: dict[str, tuple[str, str]]) -> list[str]:
        part = next((t for k, t in relationships.values() if k.endswith("/sharedStrings") and t in self.names), None)
        strings: list[str] = []
        if part is None:
            return strings
        limit = self.limits.table_cells
        parts: list[str] | None = None  # the text of the string being read
        phonetic = 0  # inside a phonetic reading (rPh: furigana), which is not part of the text
        collect = False

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal parts, phonetic, collect
            self.count()
            tag = _STRING_TAGS.get(name)
            if tag == "si":
                parts, phonetic = [], 0
            elif tag == "t":
                collect = parts is not None and not phonetic
            elif tag == "rPh":
                phonetic += 1

        def end(name: str) -> None:
            nonlocal parts, phonetic, collect
            tag = _STRING_TAGS.get(name)
            if tag == "t":
                collect = False
            elif tag == "rPh":
                phonetic -= 1
            elif tag == "si" and parts is not None:
                strings.append("".join(parts))
                parts = None
                if len(strings) > limit:
                    raise _over_limit(self.file, None, None, *both("input.too_many_shared_strings"), "table_cells", limit)

        def text(data: str) -> None:
            if collect and parts is not None:
                parts.append(data)

        self.parse(part, start, end, text)
        return strings

    def date_styles(self, relationships: dict[str, tuple[str, str]]) -> frozenset[int]:
        """The cell styles (s="…") whose number format shows a date."""
        part = next((t for k, t in relationships.values() if k.endswith("/styles") and t in self.names), None)
        if part is None:
            return frozenset()
        custom: dict[int, str] = {}
        formats: list[int] = []  # number format of each cell style
        inside = ""

        def number(text: str | None) -> int:
            return int(text) if text and text.isdigit() and len(text) < 10 else 0

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal inside
            self.count()
            tag = _STYLE_TAGS.get(name)
            if tag in ("numFmts", "cellXfs"):
                inside = tag
            elif tag == "numFmt" and inside == "numFmts":
                custom[number(attrs.get("numFmtId"))] = attrs.get("formatCode", "")
            elif tag == "xf" and inside == "cellXfs":
                formats.append(number(attrs.get("numFmtId")))

        def end(name: str) -> None:
            nonlocal inside
            if _STYLE_TAGS.get(name) == "cellXfs":
                raise _Enough  # the rest (cell styles, conditional formats …) says nothing about values
            if _STYLE_TAGS.get(name) == "numFmts":
                inside = ""

        self.parse(part, start, end)
        return frozenset(i for i, f in enumerate(formats)
                         if (_is_date_format(custom[f]) if f in custom else f in _DATE_FORMATS))


class _SheetReader:
    """The expat handlers that turn one worksheet part into rows (header first; row n of the sheet
    at position n - 1, missing rows as empty tuples), checking the limits cell by cell."""

    def __init__(self, book: _Workbook, shown: str, strings: list[str], dates: frozenset[int], date1904: bool) -> None:
        self.book, self.shown, self.strings, self.date1904 = book, shown, strings, date1904
        self.dates = frozenset(str(style) for style in dates)  # as written in s="…"
        limits = book.limits
        self.max_row, self.max_column, self.max_cells = limits.table_rows + 1, limits.table_columns, limits.table_cells
        self.rows: list[Sequence[Any]] = []
        self.problems: list[InputError] = []
        self.row = 0  # the row being read (spreadsheet numbering)
        self.values: list[Any] | None = None  # its cells, by column
        self.column = 0  # the column of the last cell read in this row
        self.cells = 0
        # the cell being read
        self.ref: str | None = None
        self.type = "n"
        self.style: str | None = None
        self.value: str | None = None
        self.formula = False
        self.inline: list[str] | None = None
        self.buffer: list[str] = []
        self.collect = False
        self.phonetic = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.book.count(self.shown)
        tag = _SHEET_TAGS.get(name)
        if tag is None:
            return
        if tag == "c":
            self.cells += 1
            if self.cells > self.max_cells:
                raise _over_limit(self.shown, self.row, None, *both("input.too_many_cells"), "table_cells", self.max_cells)
            self.ref, self.type, self.style = attrs.get("r"), attrs.get("t", "n"), attrs.get("s")
            self.value, self.formula, self.inline, self.phonetic = None, False, None, 0
        elif tag == "v":
            self.buffer, self.collect = [], True
        elif tag == "is":
            self.inline = []
        elif tag == "t":
            if self.inline is not None and not self.phonetic:
                self.buffer, self.collect = self.inline, True
        elif tag == "rPh":
            self.phonetic += 1
        elif tag == "f":
            self.formula = True
        elif tag == "row":
            written = attrs.get("r")
            if written is None:
                number = self.row + 1
            elif written.isdigit() and len(written) <= 7:
                number = int(written)
            else:
                raise self.book.fail(*both("input.xlsx_row_number", written=written[:20]),
                                     *_SAVE_AS_XLSX, file=self.shown, line=self.row + 1)
            if number <= self.row:
                raise self.book.fail(*both("input.xlsx_row_order", number=number, row=self.row), *_SAVE_AS_XLSX,
                                     file=self.shown, line=number)
            self.row, self.values, self.column = number, [], 0

    def end(self, name: str) -> None:
        tag = _SHEET_TAGS.get(name)
        if tag is None:
            return
        if tag == "c":
            self.cell()
        elif tag == "v" or tag == "t":
            if self.collect and tag == "v":
                self.value = "".join(self.buffer)
            self.collect = False
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "row" and self.values is not None:
            if any(v is not None for v in self.values):
                if self.row > self.max_row:
                    raise _over_limit(self.shown, self.row, None, *both("input.too_many_rows"), "table_rows",
                                      self.max_row - 1)
                self.rows.extend([()] * (self.row - 1 - len(self.rows)))
                self.rows.append(self.values)
            self.values = None

    def text(self, data: str) -> None:
        if self.collect:
            self.buffer.append(data)

    def cell(self) -> None:
        if self.values is None:  # a cell outside any row
            return
        if self.ref is None:
            column = self.column + 1
        else:
            match = _CELL.fullmatch(self.ref)
            if match is None:
                raise self.book.fail(*both("input.xlsx_cell_reference", ref=self.ref[:20]),
                                     *_SAVE_AS_XLSX, file=self.shown, line=self.row)
            column = _column_number(match.group(1).upper())
        self.column = column
        value = self.converted(column)
        if value is None or (type(value) is str and not value.strip()):  # blank, as _cell reads it
            return
        if column > self.max_column:
            raise _over_limit(self.shown, self.row, _column_letter(column), *both("input.too_many_columns"),
                              "table_columns", self.max_column)
        values = self.values
        if column > len(values):
            values.extend([None] * (column - 1 - len(values)))
            values.append(value)
        else:
            values[column - 1] = value

    def converted(self, column: int) -> Any:
        """The cell's value as Excel shows it: text, a number, True/False or a date (dates by
        their number format); None when empty. Problems are noted at the cell."""
        kind, value = self.type, self.value
        if kind == "inlineStr" or self.inline is not None:
            return "".join(self.inline) if self.inline is not None else None
        if value is None:
            if self.formula:
                self.note(column, *both("input.xlsx_formula"), *both("input.hint.resave"))
            return None
        if kind == "n":
            number = _number(value)
            if self.style in self.dates and not isinstance(number, str):
                return _excel_date(number, self.date1904) or number
            return number
        if kind == "s":
            if value.isdigit() and int(value) < len(self.strings):
                return self.strings[int(value)]
            self.note(column, *both("input.xlsx_shared_string", value=value[:20]), *_SAVE_AS_XLSX)
            return None
        if kind == "b":
            return {"1": True, "0": False}.get(value.strip(), value)
        if kind == "e":
            self.note(column, *both("input.xlsx_error_value", value=value[:20]), *both("input.hint.fix_formula"))
            return None
        if kind == "d":
            try:
                return dt.datetime.fromisoformat(value).date()
            except ValueError:
                return value
        return value  # str (a formula's text), and anything unknown: as written

    def note(self, column: int, ja: str, en: str, hint_ja: str = "", hint_en: str = "") -> None:
        if len(self.problems) < _MAX_PROBLEMS:
            header = self.rows[0] if self.rows and self.row > 1 else ()
            written = header[column - 1] if column <= len(header) else None
            key = str(written) if written is not None and str(written).strip() else _column_letter(column)
            self.problems.append(_problem(self.shown, self.row, key, ja, en, hint_ja, hint_en))


def _read_xlsx(raw: bytes, sheet: str | None, file: str, limits: Limits) -> tuple[str, list[Sequence[Any]]]:
    """The sheet's name (the one named, or the first visible worksheet) and its rows as read,
    header first (see _SheetReader)."""
    book = _Workbook(raw, file, limits)
    entries, relationships, date1904 = book.sheets()
    visible = [e.name for e in entries if e.state == "visible"]
    if sheet is not None:
        entry = next((e for e in entries if e.name == sheet), None)
        if entry is None:
            raise book.fail(*both("input.no_sheet", sheet=sheet), *both("input.hint.sheets", sheets=listing(visible)),
                            file=f"{file}[{sheet}]", key="sheet")
    else:
        # Never a hidden sheet: what the reviewer sees in Excel is what is checked.
        entry = next((e for e in entries if e.state == "visible" and e.kind == "worksheet"), None)
        if entry is None:
            raise book.fail(*both("input.no_visible_sheet"), *both("input.hint.name_sheet"))
    shown = f"{file}[{entry.name}]"
    if entry.kind != "worksheet" or not entry.part:
        raise book.fail(*both("input.not_worksheet", sheet=entry.name, kind=entry.kind or i18n.text("input.no_content")),
                        *both("input.hint.name_list_sheet"), file=shown)
    reader = _SheetReader(book, shown, book.shared_strings(relationships), book.date_styles(relationships), date1904)
    book.parse(entry.part, reader.start, reader.end, reader.text, file=shown)
    if reader.problems:
        raise PlanInputError(*reader.problems)
    return entry.name, reader.rows


@dataclass(frozen=True)
class TableRequest:
    """One `{table: …}` reference to read: the list it fills (projects, indicators, grants, reviews),
    the reference as written, and the plan file that holds it (the table lies next to it; problems
    with the reference itself are reported at shown_yaml:line)."""

    what: str
    ref: dict[str, Any]
    yaml_file: Path
    shown_yaml: str
    line: int | None


# What reading one table gives: its rows and where they came from, or the problems that stop it.
TableResult = tuple[list[dict[str, Any]], TableSource] | PlanInputError

# Tables validated together are told apart by the frame's index: row position p (0 is the row under
# the header) of the t-th table has index t * _TABLE_STRIDE + p. No table has that many rows.
_TABLE_STRIDE = 2**32

# Rows validated in one pandera call at most: enough to spread its fixed cost thin (a few dozen
# tables), few enough to keep the frame small however many tables a caller reads at once.
_ROWS_PER_CALL = 20_000


def read_table(what: str, ref: dict[str, Any], yaml_file: Path, shown_yaml: str, line: int | None,
               display: Callable[[Path], str], limits: Limits = DEFAULT_LIMITS) -> tuple[list[dict[str, Any]], TableSource]:
    """The rows of a table reference as plain dictionaries, checked (a batch of one,
    see read_tables); raises PlanInputError."""
    (result,) = read_tables([TableRequest(what, ref, yaml_file, shown_yaml, line)], display, limits)
    if isinstance(result, PlanInputError):
        raise result
    return result


def read_tables(requests: Sequence[TableRequest], display: Callable[[Path], str],
                limits: Limits = DEFAULT_LIMITS) -> list[TableResult]:
    """Many table references at once: for each request, in order, its rows and source, or the
    PlanInputError that read_table would raise for it.

    The results are those of read_table one by one, but the tables of one kind with the same columns
    that have a problem are validated in one pandera call: its fixed cost per call and column is
    most of the cost of a table of a hundred rows, and a national run reads thousands of tables."""
    results: dict[int, TableResult] = {}  # request number → its result
    groups: dict[tuple[str, tuple[str, ...]], list[tuple[int, _Grid]]] = {}  # (what, fields) → tables
    for i, request in enumerate(requests):
        try:
            path, shown, rows, digest = _read_rows(request, display, limits)
        except PlanInputError as exc:
            results[i] = exc
            continue
        if not rows:
            results[i] = ([], TableSource(shown, {}, str(path), digest))
            continue
        grid = _grid(SPECS[request.what], rows, shown, str(path), digest)
        groups.setdefault((request.what, tuple(grid.cells)), []).append((i, grid))
    for (what, _), members in groups.items():
        for chunk in _chunks(members):
            for (i, _), outcome in zip(chunk, _validate_together(what, [grid for _, grid in chunk])):
                results[i] = outcome
    return [results[i] for i in range(len(requests))]


def _chunks(members: list[tuple[int, _Grid]]) -> Iterator[list[tuple[int, _Grid]]]:
    """Tables of one group in runs of at most _ROWS_PER_CALL rows (a bigger table runs alone)."""
    chunk: list[tuple[int, _Grid]] = []
    rows = 0
    for member in members:
        if chunk and rows + len(member[1].rows) > _ROWS_PER_CALL:
            yield chunk
            chunk, rows = [], 0
        chunk.append(member)
        rows += len(member[1].rows)
    if chunk:
        yield chunk


def _read_rows(request: TableRequest, display: Callable[[Path], str],
               limits: Limits) -> tuple[Path, str, Sequence[Sequence[Any]], str]:
    """The table file of a reference (checked: in the plan's folder, a known format, within the
    limits) → its path, its name as shown (with the sheet), its rows as read, header first, and the
    digest of the bytes they were read from."""
    what, ref, line = request.what, request.ref, request.line

    def fail(ja: str, en: str, hint_ja: str = "", hint_en: str = "") -> PlanInputError:
        return PlanInputError(InputError("INPUT-005", request.shown_yaml, line, what, ja, en, hint_ja, hint_en))

    unknown = set(ref) - {"table", "sheet"}
    if unknown or not isinstance(ref.get("table"), str):
        raise fail(*both("input.table_reference"))
    name = ref["table"]
    base = request.yaml_file.parent.resolve()
    try:
        path = (base / name).resolve()
    except (OSError, RuntimeError, ValueError) as exc:  # RuntimeError: a loop of links (before Python 3.13)
        if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP:
            raise fail(*both("input.table_link_loop", name=name), *both("input.hint.not_a_link")) from None
        raise fail(*both("input.table_cannot_open", name=name, error=exc), *both("input.hint.check_name")) from None
    # Tables are confined to the plan's folder: no absolute paths, no ../, no links out of it.
    if Path(name).is_absolute() or not path.is_relative_to(base):
        raise fail(*both("input.table_outside", name=name))
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise fail(*both("input.table_not_found", name=name), *both("input.hint.check_name")) from None
    except OSError as exc:  # a name too long, no permission …
        raise fail(*both("input.table_cannot_open", name=name, error=exc.strerror), *both("input.hint.check_name")) from None
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise fail(*both("input.table_format", name=name))
    sheet = ref.get("sheet")
    shown = display(path)
    # Read once, at most the limit: a folder, a FIFO or a device named like a table is refused
    # without waiting on it, and a file that grows while it is read is cut at the limit + 1 byte.
    try:
        if stat.S_ISREG(info.st_mode) and info.st_size > limits.file_bytes:
            raise _over_limit(shown, None, None, *both("input.table_too_large", mb=info.st_size / 2**20), "file_mb",
                              limits.file_mb)
        raw = read_limited(path, limits.file_bytes)
    except (FileRefused, OSError) as exc:
        ja, en = (exc.reason_ja, exc.reason_en) if isinstance(exc, FileRefused) else (exc.strerror, exc.strerror)
        hint = (exc.hint_ja, exc.hint_en) if isinstance(exc, FileRefused) else ("", "")
        raise PlanInputError(_problem(shown, None, None, *both("input.table_refused", name=name, reason=Both(str(ja), str(en))),
                                      *hint)) from None
    digest = hashlib.sha256(raw).hexdigest()
    if suffix == ".csv":
        shown += f"[{sheet}]" if sheet else ""
        return path, shown, _read_csv(raw, shown, SPECS[what], limits), digest
    used, sheet_rows = _read_xlsx(raw, None if sheet is None else str(sheet), shown, limits)
    return path, f"{shown}[{used}]", sheet_rows, digest


@dataclass(frozen=True)
class _Grid:
    """One table read against its header: the cells that are checked and the records are made of."""

    shown: str
    path: str
    columns: dict[str, str]  # field → header as written
    errors: list[InputError]  # problems of the header itself: unknown or repeated columns
    cells: dict[str, list[Any]]  # field (in spec order) → its cells, blank rows left out
    rows: list[int]  # each kept row's position under the header (the header is row 1: row = position + 2)
    digest: str = ""  # of the bytes the rows were read from (TableSource.digest)


def _grid(spec: tuple[Column, ...], rows: Sequence[Sequence[Any]], shown: str, path: str, digest: str = "") -> _Grid:
    """A table's rows as read (header first) → its columns and cells."""
    columns, errors = _header(spec, rows[0], shown)
    at = {str(w): i for i, w in enumerate(rows[0]) if w is not None}
    body = rows[1:]
    normalised: dict[str, Any] = {}  # text as written → cell (see _column_cells)
    cells = {c.field: _column_cells(body, at[columns[c.field]], normalised) for c in spec if c.field in columns}
    # Blank lines at the end of a sheet are not rows.
    kept = ([p for p, row in enumerate(zip(*cells.values())) if row.count(None) < len(row)]
            if cells else list(range(len(body))))
    if len(kept) < len(body):
        cells = {field: [values[p] for p in kept] for field, values in cells.items()}
    return _Grid(shown, path, columns, errors, cells, kept, digest)


# Short texts → their cells, for all the tables a process reads (units, years, choices and ids
# repeat from city to city): at most _CELLS_KEPT texts of at most _CELL_TEXT_KEPT characters.
_NORMALISED: dict[str, Any] = {}
_CELLS_KEPT = 1 << 12  # what repeats (departments, units, years) fits; more only grew a worker by ~13 MB
_CELL_TEXT_KEPT = 64
_UNSEEN = object()


def _header(spec: tuple[Column, ...], header: Sequence[Any], shown: str) -> tuple[dict[str, str], list[InputError]]:
    """field → header as written, and the unknown or repeated columns."""
    by_header = _by_header(spec)
    columns: dict[str, str] = {}
    errors: list[InputError] = []
    for written in header:
        if written is None or str(written).strip() == "":
            continue
        column = by_header.get(_norm_header(written))
        if column is None:
            known = Both("、".join(c.label for c in spec), ", ".join(c.headers[-1] for c in spec))
            errors.append(InputError("INPUT-005", shown, 1, str(written), *both("input.unknown_column", written=str(written)),
                                     *both("input.hint.allowed_columns", columns=known)))
        elif column.field in columns:
            errors.append(InputError("INPUT-005", shown, 1, str(written),
                                     *both("input.duplicate_column", written=str(written))))
        else:
            columns[column.field] = str(written)
    return columns, errors


def _column_cells(body: Sequence[Sequence[Any]], at: int, normalised: dict[str, Any]) -> list[Any]:
    """The cells of one column (short rows lack their last cells). Each distinct text is normalised
    once (normalised: text → cell, shared by a table's columns; short ones by all tables, _NORMALISED):
    cells repeat a lot (departments, units, years), and normalising is most of the cost of reading a cell."""
    written = [row[at] if at < len(row) else None for row in body]
    for text in set(written).difference(normalised):  # in C, the set of the column's new values
        if type(text) is str:
            cell = _NORMALISED.get(text, _UNSEEN)
            if cell is _UNSEEN:
                cell = _cell(text)
                if len(text) <= _CELL_TEXT_KEPT and len(_NORMALISED) < _CELLS_KEPT:
                    _NORMALISED[text] = cell
            normalised[text] = cell
    return [normalised[v] if type(v) is str else _cell(v) for v in written]


def _validate(what: str, spec: tuple[Column, ...], rows: list[list[Any]], shown: str) -> tuple[list[dict[str, Any]], TableSource]:
    """One table's rows (header first) → its records, or PlanInputError."""
    (outcome,) = _validate_together(what, [_grid(spec, rows, shown, "")])
    if isinstance(outcome, PlanInputError):
        raise outcome
    return outcome


@cache
def _pandera() -> Any:
    """pandera.pandas, imported without hypothesis. Where hypothesis is installed (a test
    dependency, common in data-science environments) pandera imports it on its first validation,
    for the data synthesis plancheck never asks for: a fifth of a second of every cold check that
    reads a table. A None in sys.modules makes importing a module fail, and pandera goes without
    (unless its strategies were imported already: they decided then)."""
    if "pandera.strategies.base_strategies" in sys.modules:
        import pandera.pandas as pa

        return pa
    hidden = {name: module for name, module in sys.modules.items()
              if name == "hypothesis" or name.startswith("hypothesis.")}
    names = {*hidden, "hypothesis"}
    sys.modules.update(dict.fromkeys(names))  # type: ignore[arg-type]
    try:
        import pandera.backends.pandas.builtin_checks  # noqa: F401  (what imports hypothesis)
        import pandera.pandas as pa
    finally:
        for name in names:
            sys.modules.pop(name, None)
        sys.modules.update(hidden)
    return pa


def _validate_together(what: str, grids: list[_Grid]) -> list[TableResult]:
    """Tables of one kind with the same columns → one result each. A table every check passes
    (_passes) is taken as read; the others are validated by pandera, together, and pandera's
    failure cases say what is wrong where. Most tables are clean: they need neither pandas nor
    pandera, whose import (0.45-0.7 s) was most of a one-city check and part of every worker's
    start in a national one."""
    clean = [_passes(what, grid) for grid in grids]
    doubtful = iter(_validated_by_pandera(what, [g for g, ok in zip(grids, clean) if not ok]) if not all(clean) else ())
    return [_outcome(what, grid, []) if ok else next(doubtful) for grid, ok in zip(grids, clean)]


def _passes(what: str, grid: _Grid) -> bool:
    """Whether pandera would find nothing in the table: the checks of _column_checks, cell by cell,
    and the row rules. True only when every check ran and passed; a check that raises leaves the
    table to pandera (which reports it)."""
    cells = grid.cells
    try:
        for column in _column_checks(what):
            values = cells.get(column.field)
            if values is None:
                if column.required:
                    return False
                continue
            given = [v for v in values if v is not None]  # cells are None or Python values: None is pandas' NA
            if (column.required and len(given) < len(values)) or (column.unique and len(set(given)) < len(given)):
                return False
            if column.test is not None and not all(map(column.test, given)):
                return False
        return not any(bad for rule in ROW_RULES.get(what, ()) for bad in rule.faults(cells).values())
    except Exception:  # noqa: BLE001  (pandera reports what the check raised)
        return False


def _validated_by_pandera(what: str, grids: list[_Grid]) -> list[TableResult]:
    """Tables of one kind with the same columns, validated in one pandera call, one result each."""
    import pandas as pd

    pa = _pandera()

    fields = list(grids[0].cells)
    index = [t * _TABLE_STRIDE + p for t, g in enumerate(grids) for p in g.rows]
    cells = {f: list(chain.from_iterable(g.cells[f] for g in grids)) for f in fields}
    frame = pd.DataFrame(cells, dtype=object, index=index)
    try:
        _schema(what).validate(frame, lazy=True, inplace=True)
        cases: list[dict[str, Any]] = []
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.to_dict("records")
    cases += _row_cases(what, cells, index)
    per_table = _cases_by_table(cases, len(grids))
    if per_table is None:  # a problem of no particular table: validate them one by one
        return [outcome for grid in grids for outcome in _validated_by_pandera(what, [grid])]
    return [_outcome(what, grid, table_cases) for grid, table_cases in zip(grids, per_table)]


def _cases_by_table(cases: list[dict[str, Any]], tables: int) -> list[list[dict[str, Any]]] | None:
    """pandera's failure cases of tables validated together, given back to their tables with the
    row position as index. A missing column is missing in every table of the group (they have the
    same columns); None if some other case belongs to no row (a check that failed as a whole):
    then the tables must be validated one by one to say which one it concerns."""
    found: list[list[dict[str, Any]]] = [[] for _ in range(tables)]
    for case in cases:
        index = case.get("index")
        if index is None or index != index:
            if tables > 1 and not str(case.get("check")).startswith("column_in_dataframe"):
                return None
            for table_cases in found:
                table_cases.append(case)
        else:
            table, position = divmod(int(index), _TABLE_STRIDE)
            found[table].append(dict(case, index=position))
    return found


def _outcome(what: str, grid: _Grid, cases: list[dict[str, Any]]) -> TableResult:
    spec = SPECS[what]
    errors = sorted(grid.errors + _located(cases, spec, grid.columns, grid.shown), key=lambda e: (e.line or 0, e.key or ""))
    if len(errors) > _MAX_PROBLEMS:  # a whole column typed wrong: the first ones say what to fix
        more = len(errors) - _MAX_PROBLEMS
        errors = errors[:_MAX_PROBLEMS] + [_problem(grid.shown, None, None,
                                                    *both("input.more_problems", more=more, shown=_MAX_PROBLEMS))]
    if errors:
        return PlanInputError(*errors)
    return _records(spec, grid.cells, len(grid.rows), what), TableSource(grid.shown, grid.columns, grid.path, grid.digest)


@dataclass(frozen=True)
class _ColumnChecks:
    """What the cells of one column must be, for pandera's schema (_schema) and for _passes alike."""

    field: str
    required: bool  # the column must be there, every row with a cell in it
    unique: bool  # no two rows of a table with the same cell (ids)
    kind: str  # the check's name (Column.kind), which the error messages are keyed by
    test: Callable[[Any], bool] | None  # what each given cell must pass


@cache
def _column_checks(what: str) -> tuple[_ColumnChecks, ...]:
    """The checked columns of one kind of table. A column that may be missing or blank and has no
    check is left out: pandera would find nothing in it, at a fixed cost per column and call
    (free text: 出典, 備考 …)."""
    checked = (_ColumnChecks(c.field, c.required, c.field == "id", c.kind, _test(c)) for c in SPECS[what])
    return tuple(c for c in checked if c.required or c.unique or c.test is not None)


def _test(column: Column) -> Callable[[Any], bool] | None:
    """What each given cell of the column must pass, by its kind (None: text, anything goes)."""
    test: Callable[[Any], bool] | None = {
        "number": _is_number, "quantity": _is_quantity, **{kind: _parses(parse) for kind, parse in _PARSERS.items()},
        "bool": lambda v: str(v).lower() in _BOOL,
        "choice": lambda v: _choice(column, v) is not None, "choices": lambda v: _choices(column, v) is not None,
    }.get(column.kind)
    if test is not None and column.unknown:
        return _or_unknown(test)
    return test


@cache
def _schema(what: str) -> Any:
    """The pandera schema of one kind of table (built once: building it costs more than
    validating a city's table): the checks of each column, cell by cell (the checks across the
    columns of a row, ROW_RULES, run after it: _row_cases)."""
    pa = _pandera()

    return pa.DataFrameSchema(
        # dtype None: cells stay as written (checked element-wise), no dtype check to pay for.
        {c.field: pa.Column(None, nullable=not c.required, required=c.required, checks=_checks(c), name=c.field)
         for c in _column_checks(what)},
        strict=False, coerce=False,
    )


def _checks(column: _ColumnChecks) -> list[Any]:
    pa = _pandera()

    checks = []
    if column.unique:
        # not pandera's unique=True: that would compare ids across the tables validated together
        checks.append(pa.Check(_unique_in_its_table, ignore_na=True, name="field_uniqueness"))
    if column.test is not None:
        checks.append(pa.Check(column.test, element_wise=True, ignore_na=True, name=column.kind))
    return checks


def _unique_in_its_table(ids: Any) -> Any:
    """True for an id that no other row of its own table has (keep=False: every copy is reported,
    as pandera's unique=True does). Counted in a dict, which takes 1, 1.0 and True for the same id
    as pandas does: a frame and its duplicated() cost five times more on a city's table."""
    import pandas as pd

    keys = list(zip((ids.index // _TABLE_STRIDE).tolist(), ids.tolist()))
    counts = Counter(keys)
    return pd.Series([counts[key] == 1 for key in keys], index=ids.index, dtype=bool)


def _is_number(value: Any) -> bool:
    """A finite number, or text that reads as one (83,000 too); nan, inf, 1e309 are not."""
    if isinstance(value, bool):
        return False
    try:
        number = float(value if isinstance(value, (int, float)) else
                       unicodedata.normalize("NFKC", str(value)).replace(",", ""))
    except (ValueError, OverflowError):
        return False
    return math.isfinite(number)


def _is_quantity(value: Any) -> bool:
    """A number, or a value as printed that checker.quantity reads (約5万人, 4万8千人程度, 1.50以上):
    what a YAML `value:` accepts."""
    if _is_number(value):
        return True
    if not isinstance(value, str):
        return False
    try:
        parse_quantity(value)
    except (NotAQuantity, ArithmeticError, ValueError):  # 1 followed by 5,000 zeros: too large for a float
        return False
    return True


def _parses(parse: Callable[[Any], Any]) -> Callable[[Any], bool]:
    def test(value: Any) -> bool:
        try:
            parse(value if isinstance(value, (int, str)) else str(value))
            return True
        except (CalendarError, ValueError):
            return False
    return test


def _why_unreadable(kind: str, value: Any) -> Both | None:
    """What exactly is wrong with a cell its column's parser refused (「2022年13月という月はありません」),
    when the parser says (a CalendarError with a reason); None otherwise."""
    try:
        _PARSERS[kind](value if isinstance(value, (int, str)) else str(value))
    except CalendarError as error:
        return Both(error.reason_ja, error.reason) if error.key else None
    except ValueError:
        return None
    return None


_UNKNOWN_FIRST = frozenset("不uU")  # every way of writing unknown starts so (checker.unknown.WORDS)
_UNKNOWN_NOTE = re.compile(r"(?:不明|不詳|unknown)\s*[(（](.*)[)）]", re.IGNORECASE)


def _unknown(value: Any) -> Any:
    """What a cell that says the source does not show the fact becomes: 不明 (as written, the
    models read it) or {unknown: note} for 不明（ページ欠落）; None for any other cell."""
    if not isinstance(value, str) or value[:1] not in _UNKNOWN_FIRST:
        return None
    if unknown_of(value) is not None:
        return value
    found = _UNKNOWN_NOTE.fullmatch(value.strip())
    if found is None:
        return None
    return {"unknown": found.group(1).strip() or True}


def _or_unknown(test: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda value: _unknown(value) is not None or test(value)


def _choice(column: Column, value: Any) -> Any:
    """The value a choice cell stands for (written forms are matched ignoring case), or None."""
    return _choice_map(column).get(str(value).casefold())


@cache
def _choice_map(column: Column) -> dict[str, str]:
    return {written.casefold(): value for written, value in column.choices}


def _choices(column: Column, value: Any) -> list[str] | None:
    """Several choices in one cell (基準値、実績値), in order, or None if one is not allowed."""
    found = [_choice(column, part) for part in re.split(r"[,、・/\s]+", str(value)) if part]
    if not found or any(v is None for v in found):
        return None
    return list(dict.fromkeys(v for v in found if v is not None))


_END_OF_MONTH = re.compile(r"(.*\d+月)末")
_WINDOW_SEPARATOR = re.compile(r"~|〜|-|–|—|―|から")
_WINDOW_AGGREGATE = (("平均値", "average"), ("平均", "average"), ("累計", "total"), ("合計", "total"))


def _point(value: Any) -> str:
    """A point in time as printed → a date the models read: 「2019年9月末時点」 → 2019年9月30日,
    「2019年10月1日現在」 → 2019年10月1日 (the era and 年度 notation kept for DATE-001/002)."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))
    text = text.removesuffix("時点").removesuffix("現在")
    end = _END_OF_MONTH.fullmatch(text)
    if end is not None:
        month = parse_date(end.group(1))
        return f"{end.group(1)}{month.last_day.day}日"
    parse_date(text)
    return text


def _window(value: Any) -> dict[str, Any]:
    """A span of years as printed → a window: 「2020~2024年度 累計」 → {from: 2020年度, to: 2024年度,
    aggregate: total}; the last year's 年/年度 applies to the first when it has none (R2~R6年度)."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))
    aggregate = None
    for word, meaning in _WINDOW_AGGREGATE:
        if text.endswith(word):
            text, aggregate = text[: -len(word)].removesuffix("の"), meaning
            if text.endswith("年度年"):  # 「2020~2024年度 年平均」: the 年 of 年平均; in 「2014~2018年平均」 it is the year's
                text = text[:-1]
            break
    parts = _WINDOW_SEPARATOR.split(text)
    if len(parts) != 2 or not all(parts):
        raise ValueError(f"not a span of years: {value!r}")
    first, last = parts
    unseen = [unknown_of(part) is not None for part in parts]  # 「不明~H26 累計」: a 延べ total whose start is not printed
    for suffix in ("年度", "年"):
        if last.endswith(suffix) and not first.endswith(("年度", "年")) and not first.upper().startswith("FY") \
                and not any(unseen):
            first += suffix
            break
    for part, unknown in zip(parts, unseen):
        if not unknown:
            parse_year(part)
    if not any(unseen) and parse_year(first).year > parse_year(last).year:
        raise ValueError(f"the span ends before it begins: {value!r}")
    return {"from": first, "to": last, **({"aggregate": aggregate} if aggregate else {})}


# --- checks across the columns of a row -----------------------------------------------------------


@dataclass(frozen=True)
class RowRule:
    """A check across the cells of one row. `faults` gives, for the cells of a table or of tables
    validated together (field → its cells by row, None when empty: only the fields the tables
    have), the cells at fault: field → the rows at fault, as a bit mask (Rows), only for fields
    the cells have. `message(field, columns)` says what is wrong, in ja and en, for a cell at fault
    in `field` (columns: field → header as written). Rows as bit masks: what numpy's arrays of
    booleans gave (& | ~ and no loop in Python per operation), without importing numpy."""

    name: str
    faults: Callable[[Cells], dict[str, Rows]]
    message: Callable[[str, dict[str, str]], tuple[str, str]]


_MEASURED = ("baseline", "target", "results")  # the measurements of an indicator row (one result)
_TIMES = ("year", "at", "window")
_CONTENT = {"baseline": ("value", "source", "footnote"), "target": ("value", "source", "footnote"),
            "results": ("value", "source", "footnote", "status", "rating", "trend")}

# The columns whose cells a parser reads, by kind (Column.kind): the check that a cell reads, and
# the reason given when it does not.
_PARSERS: dict[str, Callable[[Any], Any]] = {"fiscal_year": parse_fiscal_year, "year": parse_year, "date": parse_date,
                                             "point": _point, "window": _window}


# The cells of tables: field → its cells by row (None: empty).
Cells = dict[str, list[Any]]
# Rows as a bit mask: bit p set for row p. & | ~ work as on arrays of booleans; a mask that went
# through ~ is only ever used after & with one that did not, so every result is >= 0.
Rows = int


def _mask(flags: Iterable[bool]) -> Rows:
    """The rows whose flag is true."""
    return int("".join("1" if flag else "0" for flag in flags)[::-1] or "0", 2)


def _positions(rows: Rows) -> list[int]:
    """The rows of a mask, in order."""
    return [p for p, bit in enumerate(reversed(bin(rows))) if bit == "1"]


def _given(cells: Cells, field: str) -> Rows:
    """Which rows have the cell."""
    return _mask(v is not None for v in cells[field])


def _any_given(cells: Cells, fields: Iterable[str]) -> Rows | None:
    """Which rows have a cell in any of the fields (None when the cells have none of them)."""
    found = None
    for field in fields:
        if field in cells:
            given = _given(cells, field)
            found = given if found is None else found | given
    return found


def _headers(fields: Iterable[str], columns: dict[str, str]) -> str:
    """The columns as the table writes them, or as they are called (a column the table lacks)."""
    return "・".join(columns.get(f) or _LABELS.get(f, f) for f in fields)


def _one_time(cells: Cells) -> dict[str, Rows]:
    """A value is for a year, a point in time or a window: a second one given is at fault."""
    faults = {}
    for side in _MEASURED:
        present = [f"{side}.{t}" for t in _TIMES if f"{side}.{t}" in cells]
        if not present:
            continue
        seen = _given(cells, present[0])
        for field in present[1:]:
            given = _given(cells, field)
            faults[field] = given & seen
            seen = seen | given
    return faults


def _one_time_message(field: str, columns: dict[str, str]) -> tuple[str, str]:
    side = field.split(".")[0]
    times = _headers((f"{side}.{t}" for t in _TIMES), columns)
    return both("input.row.one_time", times=times)


def _needs_time(cells: Cells) -> dict[str, Rows]:
    """A value (or its source, note, or how a result was judged) needs the time it is for: the
    first such cell of a side without any is at fault."""
    faults = {}
    for side, content in _CONTENT.items():
        present = [f"{side}.{what}" for what in content if f"{side}.{what}" in cells]
        if not present:
            continue
        timed = _any_given(cells, (f"{side}.{t}" for t in _TIMES))
        blamed = timed if timed is not None else 0
        for field in present:
            given = _given(cells, field)
            faults[field] = given & ~blamed
            blamed = blamed | given
    return faults


def _needs_time_message(field: str, columns: dict[str, str]) -> tuple[str, str]:
    side = field.split(".")[0]
    times = _headers((f"{side}.{t}" for t in _TIMES), columns)
    return both("input.row.needs_time", times=times)


def _estimate_side(cells: Cells) -> dict[str, Rows]:
    """見込み names values (基準値, 目標値, 実績値) the row has."""
    if "estimate" not in cells:
        return {}
    column = _SPEC_FIELDS["indicators"]["estimate"]
    named = [set(_choices(column, v) or ()) if v is not None and v == v else set() for v in cells["estimate"]]
    bad = 0
    for side, content in _CONTENT.items():
        present = _any_given(cells, [f"{side}.{what}" for what in (*_TIMES, *content)])
        names = _mask(side in sides for sides in named)
        bad = bad | (names if present is None else names & ~present)
    return {"estimate": bad}


def _estimate_side_message(field: str, columns: dict[str, str]) -> tuple[str, str]:
    return both("input.row.estimate_side")


def _aggregate_window(cells: Cells) -> dict[str, Rows]:
    """集計 (累計・平均) belongs to a span of years: the row needs one."""
    if "aggregate" not in cells:
        return {}
    given = _given(cells, "aggregate")
    windows = _any_given(cells, (f"{side}.window" for side in _MEASURED))
    return {"aggregate": given if windows is None else given & ~windows}


def _aggregate_window_message(field: str, columns: dict[str, str]) -> tuple[str, str]:
    windows = _headers((f"{side}.window" for side in _MEASURED), columns)
    return both("input.row.aggregate_window", windows=windows)


def _aggregate_conflict(cells: Cells) -> dict[str, Rows]:
    """A span that states its own aggregate (「2020~2024年度 累計」) states the one of 集計."""
    if "aggregate" not in cells:
        return {}
    column = _SPEC_FIELDS["indicators"]["aggregate"]
    wanted = [_choice(column, v) if v is not None and v == v else None for v in cells["aggregate"]]
    conflict = 0
    for side in _MEASURED:
        if f"{side}.window" in cells:
            own = [_own_aggregate(v) for v in cells[f"{side}.window"]]
            conflict |= _mask(o is not None and w is not None and o != w for o, w in zip(own, wanted))
    return {"aggregate": conflict}


def _own_aggregate(cell: Any) -> str | None:
    if cell is None or cell != cell:
        return None
    try:
        aggregate = _window(cell).get("aggregate")
    except (CalendarError, ValueError):
        return None
    return str(aggregate) if aggregate else None


def _aggregate_conflict_message(field: str, columns: dict[str, str]) -> tuple[str, str]:
    windows = _headers((f"{side}.window" for side in _MEASURED), columns)
    return both("input.row.aggregate_conflict", windows=windows)


def _continuation(cells: Cells) -> dict[str, Rows]:
    """How and why an indicator changed from the previous period need the indicator it carries on."""
    fields = [f for f in ("continues.as", "continues.reason") if f in cells]
    if not fields:
        return {}
    missing = ~_given(cells, "continues.from") if "continues.from" in cells else None
    return {f: _given(cells, f) if missing is None else _given(cells, f) & missing for f in fields}


def _continuation_message(field: str, columns: dict[str, str]) -> tuple[str, str]:
    previous = _headers(["continues.from"], columns)
    return both("input.row.continuation", previous=previous)


ROW_RULES: dict[str, tuple[RowRule, ...]] = {
    "indicators": (
        RowRule("one_time", _one_time, _one_time_message),
        RowRule("needs_time", _needs_time, _needs_time_message),
        RowRule("estimate_side", _estimate_side, _estimate_side_message),
        RowRule("aggregate_window", _aggregate_window, _aggregate_window_message),
        RowRule("aggregate_conflict", _aggregate_conflict, _aggregate_conflict_message),
        RowRule("continuation", _continuation, _continuation_message),
    ),
}
_SPEC_FIELDS: dict[str, dict[str, Column]] = {what: {c.field: c for c in spec} for what, spec in SPECS.items()}
_LABELS = {field: column.label for fields in _SPEC_FIELDS.values() for field, column in fields.items()}


def _row_cases(what: str, cells: Cells, index: list[int]) -> list[dict[str, Any]]:
    """The cells at fault under the row rules, as failure cases like pandera's (one per cell; index:
    the frame's index of each row)."""
    cases: list[dict[str, Any]] = []
    for rule in ROW_RULES.get(what, ()):
        for field, bad in rule.faults(cells).items():
            for p in _positions(bad):
                cases.append({"check": f"row:{rule.name}", "column": field, "index": index[p],
                              "failure_case": {field: cells[field][p]}})
    return cases


def _located(cases: Iterable[dict[str, Any]], spec: Iterable[Column], columns: dict[str, str], shown: str) -> list[InputError]:
    by_field = {c.field: c for c in spec}
    rules = {f"row:{rule.name}": rule for rules in ROW_RULES.values() for rule in rules}
    found: list[InputError] = []
    across: list[tuple[dict[str, Any], RowRule]] = []
    for case in cases:
        field, check = case.get("column"), str(case.get("check"))
        if check in rules:
            across.append((case, rules[check]))
            continue
        column = by_field.get(field) if isinstance(field, str) else None
        if check.startswith("column_in_dataframe") or (column is None and "column" in check):
            missing = by_field.get(str(case.get("failure_case")))
            label = missing.label if missing else str(case.get("failure_case"))
            found.append(InputError("INPUT-005", shown, 1, label, *both("input.missing_column", label=label),
                                    *both("input.hint.add_column", label=label)))
            continue
        row = _row_of(case)
        header = columns.get(field, field) if isinstance(field, str) else None
        problem = i18n.text(f"input.cell.{check}") if has(f"input.cell.{check}") else check
        reason = _why_unreadable(check, case.get("failure_case")) if check in _PARSERS else None
        if reason is not None:
            problem = i18n.text("input.cell.because", problem=problem, reason=reason)
        hints = [both(f"input.cell_hint.{check}")] if has(f"input.cell_hint.{check}") else []
        if column is not None and column.unknown and check in ("year", "quantity", "date"):
            hints.append(both("input.hint.unknown"))
        ja_separator, en_separator = both("sep.sentences")
        hint_ja, hint_en = ja_separator.join(h[0] for h in hints), en_separator.join(h[1] for h in hints)
        if column is not None and column.kind in ("choice", "choices") and check == column.kind:
            allowed = "、".join(dict.fromkeys(w for w, _ in column.choices))
            problem = i18n.text("sep.paren", text=problem, note=allowed)
        found.append(_cell_error(shown, row, header, case.get("failure_case"), problem, hint_ja, hint_en))
    # A cell already reported for itself is not reported again for how it sits with the others.
    taken = {(e.line, e.key) for e in found}
    for case, rule in across:
        row, cells = _row_of(case), case["failure_case"]
        for field, value in cells.items():
            header = columns.get(field, field)
            if (row, header) in taken:
                continue
            taken.add((row, header))
            found.append(_cell_error(shown, row, header, value, Both(*rule.message(field, columns))))
    return found


def _cell_error(shown: str, row: int | None, header: Any, value: Any, problem: Both | str, hint_ja: str = "",
                hint_en: str = "") -> InputError:
    """列「年度」「R99」: 年度として読めません / column '年度' 'R99': is not a fiscal year."""
    ja, en = both("input.cell", header=header, value=_shown(value), problem=problem)
    return InputError("INPUT-005", shown, row, header, ja, _quoted(en), hint_ja, hint_en)


def _row_of(case: dict[str, Any]) -> int | None:
    index = case.get("index")
    return int(index) + 2 if index is not None and index == index else None  # header is row 1


def _shown(value: Any) -> str:
    return "" if value is None or value != value else f"「{value}」"


def _quoted(text: str) -> str:
    return text.replace("「", "'").replace("」", "'")


def _records(spec: tuple[Column, ...], cells: dict[str, list[Any]], count: int, what: str = "") -> list[dict[str, Any]]:
    """Valid rows as the dictionaries an inline YAML list gives (empty cells left out), built from
    the columns: converted column by column, then assembled row by row."""
    if not cells:
        return [{} for _ in range(count)]
    rows = _rows({c.field: _values(c, cells[c.field]) for c in spec if c.field in cells})
    finish = _FINISH.get(what)
    return [finish(row) if finish and row else row or {} for row in rows]


def _rows(columns: dict[str, list[Any]]) -> list[dict[str, Any] | None]:
    """Columns (field → cells, None when empty) → one dictionary per row without its empty cells,
    None for a row without any. Dotted fields nest: baseline.year → {"baseline": {"year": …}}."""
    by_key: dict[str, Any] = {}
    nested: dict[str, dict[str, list[Any]]] = {}
    for field, values in columns.items():
        key, dot, rest = field.partition(".")
        if dot:
            by_key.setdefault(key, None)  # the nested dictionary takes its first field's place
            nested.setdefault(key, {})[rest] = values
        else:
            by_key[key] = values
    for key, inner in nested.items():
        by_key[key] = _rows(inner)
    keys = list(by_key)
    return [{k: v for k, v in zip(keys, row) if v is not None} or None for row in zip(*by_key.values())]


def _indicator_row(row: dict[str, Any]) -> dict[str, Any]:
    """An indicator row as its YAML entry: 集計 goes to the row's windows (those that do not state
    their own), 見込み marks the values it names, the result becomes the one entry of `results`,
    and a continuation that says no more than the previous indicator is written as its id."""
    aggregate = row.pop("aggregate", None)
    estimates = row.pop("estimate", None) or ()
    for side in _MEASURED:
        entry = row.get(side)
        if entry is None:
            continue
        window = entry.get("window")
        if aggregate and window is not None and "aggregate" not in window:
            window["aggregate"] = aggregate
        if side in estimates:
            entry["estimate"] = True
    if "results" in row:
        row["results"] = [row["results"]]
    continues = row.get("continues")
    if continues is not None and set(continues) == {"from"}:
        row["continues"] = continues["from"]
    return row


_FINISH: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {"indicators": _indicator_row}


def _values(column: Column, cells: list[Any]) -> list[Any]:
    """A column's valid cells as the models read them (the same as in an inline YAML list)."""
    if column.kind == "number" or (column.kind == "text" and not column.unknown and
                                   not _NUMBER_TYPES & set(map(type, cells))):
        return cells  # as written
    if column.kind in _READ_BY_MODELS:  # text that cannot say unknown stays as written: no call for it
        return [value if type(value) is str and value[:1] not in _UNKNOWN_FIRST else
                None if value is None else _value(column, value) for value in cells]
    return [None if value is None else _value(column, value) for value in cells]


# Kinds whose text cells _value gives back as written unless they say unknown (the models parse them).
_READ_BY_MODELS = frozenset({"quantity", "year", "fiscal_year", "date"})
_NUMBER_TYPES = {int, float}


def _value(column: Column, value: Any) -> Any:
    if column.unknown and (unknown := _unknown(value)) is not None:
        return unknown
    if column.kind == "text":  # a number typed in a text column (a rating of 1, an id of 12) is its text
        if type(value) is float and value.is_integer():
            return str(int(value))
        return str(value) if type(value) in (int, float) else value
    if column.kind == "bool":
        return _BOOL[str(value).lower()]
    if column.kind == "choice":
        return _choice(column, value)
    if column.kind == "choices":
        return _choices(column, value)
    if column.kind == "point":
        return _point(value)
    if column.kind == "window":
        return _window(value)
    if column.kind == "list":
        return [v for v in re.split(r"[,、\s]+", str(value)) if v]
    if column.kind in ("fiscal_year", "year", "date") and isinstance(value, float) and value.is_integer():
        return int(value)
    return value
