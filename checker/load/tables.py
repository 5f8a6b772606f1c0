"""Long lists as tables: `projects: {table: projects.csv}` or `{table: plan.xlsx, sheet: 事業一覧}`.

Headers may be Japanese or English (事業名/title …). Cells are read as written — no type guessing
by a parser — and validated with pandera: required columns, required cells, unique ids, numbers,
fiscal years, allowed values. Every problem is an InputError naming the file, sheet, row (as the
spreadsheet numbers it: the header is row 1) and column. Valid rows become the same dictionaries
an inline YAML list would give, so they go through the same models and become the same nodes.
read_tables reads many tables at once and validates those of one kind together, in one pandera
call (a national run reads thousands). pandas and pandera are imported here only, when a plan
actually uses a table.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from checker.fiscal import CalendarError, parse_date, parse_fiscal_year, parse_year
from checker.load.errors import InputError, PlanInputError
from checker.load.limits import DEFAULT_LIMITS, Limits



@dataclass(frozen=True)
class Column:
    field: str  # dotted: baseline.year → {"baseline": {"year": …}}
    headers: tuple[str, ...]  # accepted header texts, Japanese and English
    kind: str = "text"  # text | number | fiscal_year | year | date | bool | choice | list
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (as written, value)

    @property
    def label(self) -> str:
        return self.headers[0]


_BOOL = {"true": True, "false": False, "1": True, "0": False, "○": True, "×": False, "はい": True,
         "いいえ": False, "yes": True, "no": False, "〇": True, "✕": False}
_KIND = (("数値目標", "numerical_target"), ("numerical_target", "numerical_target"), ("kpi", "kpi"), ("KPI", "kpi"))
_DIRECTION = (("増加", "increase"), ("減少", "decrease"), ("維持", "maintain"),
              ("increase", "increase"), ("decrease", "decrease"), ("maintain", "maintain"))
_NOTE = Column("note", ("備考", "note"))
_ILLUSTRATIVE = Column("illustrative", ("例示", "illustrative"), "bool")

SPECS: dict[str, tuple[Column, ...]] = {
    "projects": (
        Column("id", ("事業ID", "id", "ID"), required=True),
        Column("title", ("事業名", "title"), required=True),
        Column("department", ("所管課", "担当課", "department")),
        Column("measure", ("施策", "施策ID", "measure")),
        Column("regional_plan", ("地域再生計画", "regional_plan")),
        _ILLUSTRATIVE, _NOTE,
    ),
    "indicators": (
        Column("id", ("指標ID", "id", "ID"), required=True),
        Column("kind", ("種別", "kind"), "choice", required=True, choices=_KIND),
        Column("title", ("指標名", "title"), required=True),
        Column("unit", ("単位", "unit")),
        Column("baseline.year", ("基準年度", "基準年", "baseline_year"), "year"),
        Column("baseline.value", ("基準値", "baseline_value"), "number"),
        Column("target.year", ("目標年度", "目標年", "target_year"), "year"),
        Column("target.value", ("目標値", "target_value"), "number"),
        Column("direction", ("方向", "direction"), "choice", choices=_DIRECTION),
        Column("outcome", ("アウトカム", "outcome"), "bool"),
        Column("source", ("出典", "source")),
        Column("goal", ("基本目標", "基本目標ID", "goal")),
        Column("measure", ("施策", "施策ID", "measure")),
        Column("project", ("事業", "事業ID", "project")),
        Column("continues", ("前期の指標", "continues")),
        _ILLUSTRATIVE, _NOTE,
    ),
    "grants": (
        Column("id", ("交付金事業ID", "id", "ID"), required=True),
        Column("programme", ("交付金", "交付金制度", "programme"), required=True),
        Column("title", ("事業名", "title"), required=True),
        Column("period.from", ("開始年度", "from"), "fiscal_year", required=True),
        Column("period.to", ("終了年度", "to"), "fiscal_year"),
        Column("funds", ("対象事業", "funds"), "list"),
        Column("regional_plan", ("地域再生計画", "regional_plan")),
        Column("continues", ("前期の交付金事業", "continues")),
        _NOTE,
    ),
    "reviews": (
        Column("fiscal_year", ("対象年度", "年度", "fiscal_year"), "fiscal_year", required=True),
        Column("date", ("実施日", "date"), "date"),
        _NOTE,
    ),
}

# check name → (ja, en) of "what is wrong with this cell"
_PROBLEMS: dict[str, tuple[str, str]] = {
    "number": ("数値として読めません", "is not a number"),
    "fiscal_year": ("年度として読めません（例: R6年度, 2024年度）", "is not a fiscal year (e.g. R6年度, 2024)"),
    "year": ("年・年度として読めません（例: 2019年, R6年度）", "is not a year (e.g. 2019年, R6年度)"),
    "date": ("日付として読めません（例: 2021-08-20, R3-08-20）", "is not a date (e.g. 2021-08-20)"),
    "bool": ("○/× または はい/いいえ で書いてください", "write ○/× (yes/no, true/false)"),
    "choice": ("使えない値です", "is not one of the allowed values"),
    "not_nullable": ("空欄にできません", "must not be empty"),
    "field_uniqueness": ("IDが重複しています", "duplicate id"),
}


@dataclass(frozen=True)
class TableSource:
    """Where the rows of one list came from (for locating nodes and errors)."""

    file: str  # as shown, with the sheet: plans/x/plan.xlsx[指標一覧]
    columns: dict[str, str]  # field → header as written
    path: str = ""  # the file itself (the parse cache checks it has not changed)


def _norm_header(text: Any) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or ""))).lower()


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


def _read_csv(path: Path, shown: str) -> list[list[Any]]:
    raw = path.read_bytes()
    save_hint = ("Excel の「CSV UTF-8（コンマ区切り）」で保存し直してください", "save it again as 'CSV UTF-8' from Excel")
    if b"\x00" in raw:  # UTF-16 ("Unicode text" in Excel) or not text at all
        raise PlanInputError(InputError(
            "INPUT-005", shown, None, None, "UTF-16 またはテキストでないファイルです（NUL文字を含みます）",
            "UTF-16 or not a text file (contains NUL bytes); CSV must be UTF-8 or Shift_JIS (CP932)", *save_hint))
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise PlanInputError(InputError(
            "INPUT-005", shown, None, None, "文字コードが UTF-8 でも Shift_JIS（CP932）でもありません",
            "the CSV is neither UTF-8 nor Shift_JIS (CP932)", *save_hint))
    return [row for row in csv.reader(io.StringIO(text, newline=""))]


def _read_xlsx(path: Path, sheet: str | None, shown: str) -> list[list[Any]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise PlanInputError(InputError("INPUT-005", shown, None, None, f"Excelファイルとして読めません: {exc}",
                                        f"not a readable Excel workbook: {exc}")) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise PlanInputError(InputError(
                "INPUT-005", shown, None, "sheet", f"シート「{sheet}」がありません",
                f"no sheet named {sheet!r}", f"シート: {'、'.join(book.sheetnames)}",
                f"sheets: {', '.join(book.sheetnames)}"))
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        return [list(row) for row in ws.iter_rows(values_only=True)]
    finally:
        book.close()


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
    """The rows of a table reference as plain dictionaries, validated with pandera (a batch of one,
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
    are validated in one pandera call: its fixed cost per call and column is most of the cost of a
    table of a hundred rows, and a national run reads thousands of tables."""
    results: dict[int, TableResult] = {}  # request number → its result
    groups: dict[tuple[str, tuple[str, ...]], list[tuple[int, _Grid]]] = {}  # (what, fields) → tables
    for i, request in enumerate(requests):
        try:
            path, shown, rows = _read_rows(request, display, limits)
        except PlanInputError as exc:
            results[i] = exc
            continue
        if not rows:
            results[i] = ([], TableSource(shown, {}, str(path)))
            continue
        grid = _grid(SPECS[request.what], rows, shown, str(path))
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


def _read_rows(request: TableRequest, display: Callable[[Path], str], limits: Limits) -> tuple[Path, str, list[list[Any]]]:
    """The table file of a reference (checked: in the plan's folder, a known format, within the
    limits) → its path, its name as shown (with the sheet) and its rows as read, header first."""
    what, ref, line = request.what, request.ref, request.line

    def fail(ja: str, en: str, hint_ja: str = "", hint_en: str = "") -> PlanInputError:
        return PlanInputError(InputError("INPUT-005", request.shown_yaml, line, what, ja, en, hint_ja, hint_en))

    unknown = set(ref) - {"table", "sheet"}
    if unknown or not isinstance(ref.get("table"), str):
        raise fail("表の指定は {table: ファイル名, sheet: シート名} の形で書いてください",
                   "a table is given as {table: FILE, sheet: SHEET}")
    name = ref["table"]
    base = request.yaml_file.parent.resolve()
    path = (base / name).resolve()
    # Tables are confined to the plan's folder: no absolute paths, no ../, no links out of it.
    if Path(name).is_absolute() or not path.is_relative_to(base):
        raise fail(f"表「{name}」は計画ファイルと同じフォルダ（またはその下）に置いてください",
                   f"table {name!r} must lie in the plan file's folder or below it")
    if not path.is_file():
        raise fail(f"表「{name}」が見つかりません", f"table {name!r} not found",
                   "ファイル名とフォルダを確認してください", "check the file name and folder")
    sheet = ref.get("sheet")
    shown = display(path) + (f"[{sheet}]" if sheet else "")
    if path.stat().st_size > limits.file_bytes:
        raise PlanInputError(InputError("INPUT-005", shown, None, None, f"表が大きすぎます（上限 {limits.file_mb:g} MB）",
                                        f"table file too large (limit {limits.file_mb:g} MB)",
                                        "プロファイルの limits.file_mb を上げてください", "raise limits.file_mb in the profile"))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _read_csv(path, shown)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _read_xlsx(path, None if sheet is None else str(sheet), shown)
    else:
        raise fail(f"表「{name}」の形式に対応していません（.csv / .xlsx）", f"table {name!r}: use .csv or .xlsx")
    if len(rows) > limits.table_rows + 1:
        raise PlanInputError(InputError("INPUT-005", shown, None, None, f"行が多すぎます（上限 {limits.table_rows:,} 行）",
                                        f"too many rows (limit {limits.table_rows:,})",
                                        "プロファイルの limits.table_rows を上げてください", "raise limits.table_rows in the profile"))
    return path, shown, rows


@dataclass(frozen=True)
class _Grid:
    """One table read against its header: the cells pandera validates and the records are made of."""

    shown: str
    path: str
    columns: dict[str, str]  # field → header as written
    errors: list[InputError]  # problems of the header itself: unknown or repeated columns
    cells: dict[str, list[Any]]  # field (in spec order) → its cells, blank rows left out
    rows: list[int]  # each kept row's position under the header (the header is row 1: row = position + 2)


def _grid(spec: tuple[Column, ...], rows: list[list[Any]], shown: str, path: str) -> _Grid:
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
    return _Grid(shown, path, columns, errors, cells, kept)


def _header(spec: tuple[Column, ...], header: list[Any], shown: str) -> tuple[dict[str, str], list[InputError]]:
    """field → header as written, and the unknown or repeated columns."""
    by_header = {_norm_header(h): c for c in spec for h in c.headers}
    columns: dict[str, str] = {}
    errors: list[InputError] = []
    for written in header:
        if written is None or str(written).strip() == "":
            continue
        column = by_header.get(_norm_header(written))
        if column is None:
            known = "、".join(c.label for c in spec)
            errors.append(InputError("INPUT-005", shown, 1, str(written), f"不明な列「{written}」です",
                                     f"unknown column {str(written)!r}", f"使える列: {known}",
                                     f"allowed columns: {', '.join(c.headers[-1] for c in spec)}"))
        elif column.field in columns:
            errors.append(InputError("INPUT-005", shown, 1, str(written), f"列「{written}」が重複しています",
                                     f"column {str(written)!r} appears twice"))
        else:
            columns[column.field] = str(written)
    return columns, errors


def _column_cells(body: list[list[Any]], at: int, normalised: dict[str, Any]) -> list[Any]:
    """The cells of one column (short rows lack their last cells). Each distinct text is normalised
    once (normalised: text → cell, shared by a table's columns): cells repeat a lot (departments,
    units, years), and normalising is most of the cost of reading a cell."""
    written = [row[at] if at < len(row) else None for row in body]
    for text in {v for v in written if type(v) is str and v not in normalised}:
        normalised[text] = _cell(text)
    return [normalised[v] if type(v) is str else _cell(v) for v in written]


def _validate(what: str, spec: tuple[Column, ...], rows: list[list[Any]], shown: str) -> tuple[list[dict[str, Any]], TableSource]:
    """One table's rows (header first) → its records, or PlanInputError."""
    (outcome,) = _validate_together(what, [_grid(spec, rows, shown, "")])
    if isinstance(outcome, PlanInputError):
        raise outcome
    return outcome


def _validate_together(what: str, grids: list[_Grid]) -> list[TableResult]:
    """Tables of one kind with the same columns, validated in one pandera call, one result each."""
    import pandas as pd
    import pandera.pandas as pa

    fields = list(grids[0].cells)
    frame = pd.DataFrame({f: list(chain.from_iterable(g.cells[f] for g in grids)) for f in fields}, dtype=object,
                         index=[t * _TABLE_STRIDE + p for t, g in enumerate(grids) for p in g.rows])
    try:
        _schema(what).validate(frame, lazy=True, inplace=True)
        cases: list[dict[str, Any]] = []
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.to_dict("records")
    per_table = _cases_by_table(cases, len(grids))
    if per_table is None:  # a problem of no particular table: validate them one by one
        return [outcome for grid in grids for outcome in _validate_together(what, [grid])]
    return [_outcome(SPECS[what], grid, table_cases) for grid, table_cases in zip(grids, per_table)]


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


def _outcome(spec: tuple[Column, ...], grid: _Grid, cases: list[dict[str, Any]]) -> TableResult:
    errors = grid.errors + _located(cases, spec, grid.columns, grid.shown)
    if errors:
        return PlanInputError(*sorted(errors, key=lambda e: (e.line or 0, e.key or "")))
    return _records(spec, grid.cells, len(grid.rows)), TableSource(grid.shown, grid.columns, grid.path)


@cache
def _schema(what: str) -> Any:
    """The pandera schema of one kind of table (built once: building it costs more than
    validating a city's table)."""
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        # dtype None: cells stay as written (checked element-wise below), no dtype check to pay for
        {c.field: pa.Column(None, nullable=not c.required, required=c.required, checks=_checks(c), name=c.field)
         for c in SPECS[what]},
        strict=False, coerce=False,
    )


def _checks(column: Column) -> list[Any]:
    import pandera.pandas as pa

    checks = []
    if column.field == "id":
        # not pandera's unique=True: that would compare ids across the tables validated together
        checks.append(pa.Check(_unique_in_its_table, ignore_na=True, name="field_uniqueness"))
    test: Callable[[Any], bool] | None = {
        "number": _is_number, "fiscal_year": _parses(parse_fiscal_year), "year": _parses(parse_year),
        "date": _parses(parse_date), "bool": lambda v: str(v).lower() in _BOOL,
        "choice": lambda v: str(v) in dict(column.choices),
    }.get(column.kind)
    if test is not None:
        checks.append(pa.Check(test, element_wise=True, ignore_na=True, name=column.kind))
    return checks


def _unique_in_its_table(ids: Any) -> Any:
    """True for an id that no other row of its own table has (keep=False: every copy is reported,
    as pandera's unique=True does)."""
    import pandas as pd

    keys = pd.DataFrame({"table": ids.index // _TABLE_STRIDE, "id": ids.to_numpy()}, index=ids.index)
    return ~keys.duplicated(keep=False)


def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    try:
        float(unicodedata.normalize("NFKC", str(value)).replace(",", ""))
        return True
    except ValueError:
        return False


def _parses(parse: Callable[[Any], Any]) -> Callable[[Any], bool]:
    def test(value: Any) -> bool:
        try:
            parse(value if isinstance(value, (int, str)) else str(value))
            return True
        except CalendarError:
            return False
    return test


def _located(cases: Iterable[dict[str, Any]], spec: Iterable[Column], columns: dict[str, str], shown: str) -> list[InputError]:
    by_field = {c.field: c for c in spec}
    found: list[InputError] = []
    for case in cases:
        field, check = case.get("column"), str(case.get("check"))
        column = by_field.get(field) if isinstance(field, str) else None
        if check.startswith("column_in_dataframe") or (column is None and "column" in check):
            missing = by_field.get(str(case.get("failure_case")))
            label = missing.label if missing else str(case.get("failure_case"))
            found.append(InputError("INPUT-005", shown, 1, label, f"必須の列「{label}」がありません",
                                    f"required column {label!r} is missing",
                                    f"見出し行に「{label}」を追加してください", f"add a {label!r} column to the header row"))
            continue
        index = case.get("index")
        row = int(index) + 2 if index is not None and index == index else None  # header is row 1
        header = columns.get(field, field) if isinstance(field, str) else None
        ja, en = _PROBLEMS.get(check, (check, check))
        value = case.get("failure_case")
        shown_value = "" if value is None or value != value else f"「{value}」"
        if column is not None and column.kind == "choice" and check == "choice":
            allowed = "、".join(dict.fromkeys(w for w, _ in column.choices))
            ja, en = f"{ja}（{allowed}）", f"{en} ({allowed})"
        found.append(InputError("INPUT-005", shown, row, header, f"列「{header}」{shown_value}: {ja}",
                                f"column {header!r} {shown_value}: {en}".replace("「", "'").replace("」", "'")))
    return found


def _records(spec: tuple[Column, ...], cells: dict[str, list[Any]], count: int) -> list[dict[str, Any]]:
    """Valid rows as the dictionaries an inline YAML list gives (empty cells left out), built from
    the columns: converted column by column, then assembled row by row."""
    if not cells:
        return [{} for _ in range(count)]
    rows = _rows({c.field: _values(c, cells[c.field]) for c in spec if c.field in cells})
    return [row or {} for row in rows]


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


def _values(column: Column, cells: list[Any]) -> list[Any]:
    """A column's valid cells as the models read them (the same as in an inline YAML list)."""
    if column.kind in ("text", "number"):  # as written
        return cells
    return [None if value is None else _value(column, value) for value in cells]


def _value(column: Column, value: Any) -> Any:
    if column.kind == "bool":
        return _BOOL[str(value).lower()]
    if column.kind == "choice":
        return dict(column.choices)[str(value)]
    if column.kind == "list":
        return [v for v in re.split(r"[,、\s]+", str(value)) if v]
    if column.kind in ("fiscal_year", "year", "date") and isinstance(value, float) and value.is_integer():
        return int(value)
    return value
