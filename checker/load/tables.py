"""Long lists as tables: `projects: {table: projects.csv}` or `{table: plan.xlsx, sheet: 事業一覧}`.

Headers may be Japanese or English (事業名/title …). Cells are read as written — no type guessing
by a parser — and validated with pandera: required columns, required cells, unique ids, numbers,
fiscal years, allowed values. Every problem is an InputError naming the file, sheet, row (as the
spreadsheet numbers it: the header is row 1) and column. Valid rows become the same dictionaries
an inline YAML list would give, so they go through the same models and become the same nodes.
pandas and pandera are imported here only, when a plan actually uses a table.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Callable, Iterable

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
    """A cell as written: stripped text, numbers kept, dates as ISO text, empty as None."""
    if value is None:
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


def read_table(what: str, ref: dict[str, Any], yaml_file: Path, shown_yaml: str, line: int | None,
               display: Callable[[Path], str], limits: Limits = DEFAULT_LIMITS) -> tuple[list[dict[str, Any]], TableSource]:
    """The rows of a table reference as plain dictionaries, validated with pandera."""
    spec = SPECS[what]

    def fail(ja: str, en: str, hint_ja: str = "", hint_en: str = "") -> PlanInputError:
        return PlanInputError(InputError("INPUT-005", shown_yaml, line, what, ja, en, hint_ja, hint_en))

    unknown = set(ref) - {"table", "sheet"}
    if unknown or not isinstance(ref.get("table"), str):
        raise fail("表の指定は {table: ファイル名, sheet: シート名} の形で書いてください",
                   "a table is given as {table: FILE, sheet: SHEET}")
    name = ref["table"]
    base = yaml_file.parent.resolve()
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
    if not rows:
        return [], TableSource(shown, {}, str(path))
    if len(rows) > limits.table_rows + 1:
        raise PlanInputError(InputError("INPUT-005", shown, None, None, f"行が多すぎます（上限 {limits.table_rows:,} 行）",
                                        f"too many rows (limit {limits.table_rows:,})",
                                        "プロファイルの limits.table_rows を上げてください", "raise limits.table_rows in the profile"))
    records, source = _validate(what, spec, rows, shown)
    return records, TableSource(source.file, source.columns, str(path))


def _validate(what: str, spec: tuple[Column, ...], rows: list[list[Any]], shown: str) -> tuple[list[dict[str, Any]], TableSource]:
    import pandas as pd
    import pandera.pandas as pa

    by_header = {_norm_header(h): c for c in spec for h in c.headers}
    header = rows[0]
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
    positions = {str(w): i for i, w in enumerate(header) if w is not None}
    data = {c.field: [_cell(r[positions[columns[c.field]]]) if positions[columns[c.field]] < len(r) else None
                      for r in rows[1:]]
            for c in spec if c.field in columns}
    body = [r for r in rows[1:]]
    frame = pd.DataFrame(data, dtype=object, index=range(len(body)))
    # Blank lines at the end of a sheet are not rows.
    frame = frame.loc[~frame.isna().all(axis=1)] if len(frame.columns) else frame

    try:
        _schema(what).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        errors.extend(_located(exc.failure_cases, spec, columns, shown))
    if errors:
        raise PlanInputError(*sorted(errors, key=lambda e: (e.line or 0, e.key or "")))
    records = [_record(spec, columns, row) for row in frame.to_dict("records")]
    return records, TableSource(shown, columns)


@cache
def _schema(what: str) -> Any:
    """The pandera schema of one kind of table (built once: building it costs more than
    validating a city's table)."""
    import pandera.pandas as pa

    return pa.DataFrameSchema(
        # dtype None: cells stay as written (checked element-wise below), no dtype check to pay for
        {c.field: pa.Column(None, nullable=not c.required, required=c.required, unique=c.field == "id",
                            checks=_checks(c), name=c.field) for c in SPECS[what]},
        strict=False, coerce=False,
    )


def _checks(column: Column) -> list[Any]:
    import pandera.pandas as pa

    test: Callable[[Any], bool] | None = {
        "number": _is_number, "fiscal_year": _parses(parse_fiscal_year), "year": _parses(parse_year),
        "date": _parses(parse_date), "bool": lambda v: str(v).lower() in _BOOL,
        "choice": lambda v: str(v) in dict(column.choices),
    }.get(column.kind)
    if test is None:
        return []
    return [pa.Check(test, element_wise=True, ignore_na=True, name=column.kind)]


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


def _located(cases: Any, spec: Iterable[Column], columns: dict[str, str], shown: str) -> list[InputError]:
    by_field = {c.field: c for c in spec}
    found: list[InputError] = []
    for case in cases.to_dict("records"):
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


def _record(spec: Iterable[Column], columns: dict[str, str], row: Any) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for column in spec:
        if column.field not in columns:
            continue
        value = row[column.field]
        if value is None or value != value:  # None or NaN: an empty cell
            continue
        if column.kind == "bool":
            value = _BOOL[str(value).lower()]
        elif column.kind == "choice":
            value = dict(column.choices)[str(value)]
        elif column.kind == "list":
            value = [v for v in re.split(r"[,、\s]+", str(value)) if v]
        elif column.kind in ("fiscal_year", "year", "date") and isinstance(value, float) and value.is_integer():
            value = int(value)
        target = record
        *parents, last = column.field.split(".")
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value
    return record
