"""Hostile and broken tables: each is exit 2 with an INPUT-005 message naming the file, the sheet
and the row (spreadsheet numbering) and saying what to do — never a traceback, never unbounded
memory or time.

Big files are made here, at test time, never committed; workbooks are crafted with zipfile. The
memory bombs are checked in a subprocess whose address space is limited to 1.5 GB, with a
timeout, so that a regression fails fast instead of eating the machine."""

from __future__ import annotations

import io
import json
import os
import random
import resource
import signal
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker.load.limits import Limits
from cli import main
from tests.conftest import AS_OF, NATIONAL, ROOT

CITY = """\
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
"""
ADDRESS_SPACE = 1536 << 20  # bytes a memory-bomb check may map (today's readers needed 3.9 GB and more)
SUBPROCESS_SECONDS = 40

Check = tuple[int, list[dict[str, Any]], str]  # exit code, violations of the JSON report, stdout + stderr


def _folder(tmp_path: Path, *, projects: bytes | None = None, workbook: bytes | None = None, sheet: str | None = "指標",
            profile: dict[str, Any] | None = None) -> Path:
    """A plan folder whose city strategy takes its projects from projects.csv and its indicators
    from plan.xlsx (sheet `sheet`, or the first visible one if None)."""
    folder = tmp_path / "plan"
    folder.mkdir()
    (folder / "nat.yaml").write_text(NATIONAL.lstrip(), encoding="utf-8")
    city = CITY
    if projects is not None:
        (folder / "projects.csv").write_bytes(projects)
        city += "projects: {table: projects.csv}\n"
    if workbook is not None:
        (folder / "plan.xlsx").write_bytes(workbook)
        city += "indicators: {table: plan.xlsx" + (f", sheet: {sheet}" if sheet else "") + "}\n"
    (folder / "city.yaml").write_text(city, encoding="utf-8")
    if profile is not None:
        (tmp_path / "profile.yaml").write_text(json.dumps({"limits": profile}), encoding="utf-8")
    return folder


def _arguments(folder: Path, out: Path) -> list[str]:
    args = ["check", str(folder), "--no-reference", "--no-cache", "--as-of", AS_OF.isoformat(), "--format", "json",
            "--output", str(out), "--lang", "en"]
    profile = folder.parent / "profile.yaml"
    return args + (["--config", str(profile)] if profile.exists() else [])


def _result(code: int, out: Path, output: str) -> Check:
    violations = json.loads(out.read_text(encoding="utf-8"))["violations"] if out.exists() else []
    return code, violations, output


def _check(folder: Path) -> Check:
    out = folder.parent / "report.json"
    result = CliRunner().invoke(main, _arguments(folder, out))
    return _result(result.exit_code, out, result.stdout + result.stderr)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _check_bounded(folder: Path, seconds: float = SUBPROCESS_SECONDS) -> Check:
    """_check in a subprocess limited to ADDRESS_SPACE and `seconds`."""
    out = folder.parent / "report.json"
    try:
        done = subprocess.run([sys.executable, "-c", "import sys, cli; sys.exit(cli.main())", *_arguments(folder, out)],
                              cwd=ROOT, preexec_fn=_limit_memory, capture_output=True, text=True, timeout=seconds)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the check took more than {seconds} s")
    return _result(done.returncode, out, done.stdout + done.stderr)


def _refused(check: Check, fragment: str, file: str, line: int | None = None, key: str | None = None) -> dict[str, Any]:
    """The one INPUT-005 of a check that exited 2, with its file (ends with), row and column."""
    code, violations, output = check
    assert code == 2, output
    assert "Traceback" not in output and "internal error" not in output, output
    found = [v for v in violations if v["rule"] == "INPUT-005" and fragment in v["message"]["en"]]
    assert found, [(v["rule"], v["file"], v["line"], v["message"]["en"]) for v in violations]
    (violation,) = found
    assert violation["file"].endswith(file), violation["file"]
    assert violation["line"] == line and (key is None or violation["key"] == key), violation
    assert violation["message"]["ja"]
    return violation


# --- workbooks made by hand ------------------------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
HEADER = ["指標ID", "種別", "指標名", "目標値", "目標年度"]


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


def _indicator(number: int, value: str = '<v>10</v>', value_type: str = "n") -> str:
    """A valid indicator row, its 目標値 (column D) as given."""
    return _row(number, _inline(f"A{number}", f"K-{number}"), _inline(f"B{number}", "KPI"),
                _inline(f"C{number}", "創業件数"), f'<c r="D{number}" t="{value_type}">{value}</c>',
                _inline(f"E{number}", "R6年度"))


HEADER_ROW = _row(1, *(_inline(f"{chr(65 + i)}1", h) for i, h in enumerate(HEADER)))


def _workbook(rows: Iterable[str], *, dimension: str | None = None, strings: Iterable[str] | None = None,
              sheets: tuple[tuple[str, str], ...] = (("指標", "visible"),), level: int = 6,
              other_rows: Iterable[str] = (HEADER_ROW,)) -> bytes:
    """An .xlsx made with zipfile: the first sheet holds `rows` (streamed: they may be many), the
    others `other_rows`; `strings` are the parts of xl/sharedStrings.xml inside <sst>."""
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"plancheck-{os.getpid()}-{random.random()}.xlsx"
    relationships = "".join(f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                            for i in range(1, len(sheets) + 1))
    if strings is not None:
        relationships += f'<Relationship Id="rIdS" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    entries = "".join(f'<sheet name="{name}" sheetId="{i}" state="{state}" r:id="rId{i}"/>'
                      for i, (name, state) in enumerate(sheets, start=1))
    try:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
            types = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{CONTENT}.worksheet+xml"/>'
                            for i in range(1, len(sheets) + 1))
            if strings is not None:
                types += f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CONTENT}.sharedStrings+xml"/>'
            z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                       '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
                       f'ContentType="{CONTENT}.sheet.main+xml"/>{types}</Types>')
            z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
            z.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>{entries}</sheets></workbook>')
            z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                       f'2006/relationships">{relationships}</Relationships>')
            for i in range(1, len(sheets) + 1):
                with z.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as part:
                    part.write(f'<worksheet xmlns="{MAIN}">'.encode())
                    if dimension and i == 1:
                        part.write(f'<dimension ref="{dimension}"/>'.encode())
                    part.write(b"<sheetData>")
                    for chunk in (rows if i == 1 else other_rows):
                        part.write(chunk.encode())
                    part.write(b"</sheetData></worksheet>")
            if strings is not None:
                with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                    part.write(f'<sst xmlns="{MAIN}">'.encode())
                    for chunk in strings:
                        part.write(chunk.encode())
                    part.write(b"</sst>")
        return path.read_bytes()
    finally:
        path.unlink(missing_ok=True)


def _many(text: str, count: int, per_chunk: int = 100_000) -> Iterator[str]:
    for start in range(0, count, per_chunk):
        yield text * min(per_chunk, count - start)


# --- 1. Excel: what a workbook declares is not read, and reading stops at the limits ------------

def test_a_declared_dimension_is_not_materialised(tmp_path: Path) -> None:
    """A 2 KB workbook declaring A1:XFD1048576 with its one data row at 30,000 (openpyxl padded
    every row to 16,384 columns: 3.9 GB): the row is read where it is, in a few MB."""
    rows = [HEADER_ROW, _indicator(30_000, "<v>たくさん</v>", "str")]
    check = _check_bounded(_folder(tmp_path, workbook=_workbook(rows, dimension="A1:XFD1048576")))
    _refused(check, "is not a number", "plan.xlsx[指標]", 30_000, "目標値")


def test_two_far_apart_cells(tmp_path: Path) -> None:
    """Cells at A1 and XFD1048576 (python-calamine allocates the rectangle between them and aborts)."""
    rows = [HEADER_ROW, _row(1_048_576, '<c r="XFD1048576"><v>1</v></c>')]
    check = _check_bounded(_folder(tmp_path, workbook=_workbook(rows)))
    _refused(check, "too many columns (limit 200)", "plan.xlsx[指標]", 1_048_576, "XFD")


def test_a_million_rows_stop_at_the_row_limit(tmp_path: Path) -> None:
    """1,048,576 real rows (over 60 s before): reading stops at the first row over the limit."""
    def rows() -> Iterator[str]:
        yield HEADER_ROW
        for start in range(2, 1_048_577, 10_000):
            yield "".join(_row(n, f'<c r="A{n}"><v>{n}</v></c>') for n in range(start, min(start + 10_000, 1_048_577)))

    started = time.monotonic()
    check = _check_bounded(_folder(tmp_path, workbook=_workbook(rows(), level=1)))
    _refused(check, "too many rows (limit 100,000)", "plan.xlsx[指標]", 100_002)
    assert time.monotonic() - started < 15


def test_a_row_of_millions_of_cells(tmp_path: Path) -> None:
    """3,000,000 empty cells in one row (openpyxl built every cell of a row before max_col)."""
    styles = random.Random(2)
    cells = [f'<c s="{s}"/>' for s in range(100)]
    rows = [HEADER_ROW, '<row r="2">', *("".join(styles.choices(cells, k=100_000)) for _ in range(30)), "</row>"]
    _refused(_check_bounded(_folder(tmp_path, workbook=_workbook(rows, level=1))), "too many cells", "plan.xlsx[指標]", 2)


def test_a_huge_shared_string_is_refused_from_the_zip_directory(tmp_path: Path) -> None:
    """120 MB of one string in a 120 KB sharedStrings part: refused before anything is inflated."""
    strings = ["<si><t>", *_many("a" * 1000, 120_000, 1000), "</t></si>"]
    check = _check_bounded(_folder(tmp_path, workbook=_workbook([HEADER_ROW], strings=strings, level=9)))
    violation = _refused(check, "compressed too much", "plan.xlsx", None)
    assert "xl/sharedStrings.xml" in violation["message"]["en"] and "limits.xlsx_ratio" in violation["params"]["hint_en"]


def test_the_uncompressed_size_is_refused_from_the_zip_directory(tmp_path: Path) -> None:
    letters = random.Random(1)
    strings = ["<si><t>", "".join(letters.choice("あいうえおかきくけこ") for _ in range(700_000)), "</t></si>"]
    folder = _folder(tmp_path, workbook=_workbook([HEADER_ROW], strings=strings), profile={"xlsx_mb": 1})
    _refused(_check(folder), "too large once uncompressed (2 MB) (limit 1)", "plan.xlsx", None)


def test_millions_of_shared_strings(tmp_path: Path) -> None:
    """1,200,000 shared strings (openpyxl read them all, 12 µs each, before the first row)."""
    letters = random.Random(3)
    strings = [f"<si><t>{a}{b}</t></si>" for a in "あいうえおかきくけこさしすせそ" for b in "たちつてとなにぬねのはひふへほ"]
    parts = ("".join(letters.choices(strings, k=100_000)) for _ in range(12))
    folder = _folder(tmp_path, workbook=_workbook([HEADER_ROW], strings=parts, level=1))
    _refused(_check_bounded(folder), "too many shared strings (limit 1,000,000)", "plan.xlsx", None)


def test_a_zip_directory_that_lies_about_sizes(tmp_path: Path) -> None:
    """A part inflating to more than its directory entry says is cut there, and is a damaged file."""
    workbook = bytearray(_workbook([HEADER_ROW], strings=_many("<si><t>a</t></si>", 100_000)))
    directory = workbook.rindex(b"PK\x01\x02")  # the last entry: xl/sharedStrings.xml
    assert workbook[directory + 46:directory + 46 + 19] == b"xl/sharedStrings.xml"[:19]
    workbook[directory + 24:directory + 28] = (1000).to_bytes(4, "little")  # uncompressed size
    check = _check(_folder(tmp_path, workbook=bytes(workbook)))
    _refused(check, "damaged (xl/sharedStrings.xml)", "plan.xlsx", None)


@pytest.mark.parametrize("strings, fragment", [
    (['<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'], "has a DOCTYPE"),
    (["<si><t>unclosed</si>"], "is broken XML"),
])
def test_xml_that_excel_does_not_write(tmp_path: Path, strings: list[str], fragment: str) -> None:
    workbook = _workbook([HEADER_ROW], strings=strings)
    if "DOCTYPE" in strings[0]:  # the DOCTYPE goes before the root element
        with zipfile.ZipFile(tmp_path / "w.xlsx", "w") as z, zipfile.ZipFile(io.BytesIO(workbook)) as source:
            for info in source.infolist():
                data = source.read(info)
                z.writestr(info, strings[0].encode() + data.replace(strings[0].encode(), b"")
                           if info.filename == "xl/sharedStrings.xml" else data)
        workbook = (tmp_path / "w.xlsx").read_bytes()
    _refused(_check(_folder(tmp_path, workbook=workbook)), fragment, "plan.xlsx", None)


@pytest.mark.parametrize("content, fragment", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
    (b"PK\x03\x04 not really a zip", "not a readable Excel workbook"),
    (b"\x89PNG\r\n\x1a\n", "not a readable Excel workbook"),
])
def test_files_that_are_not_workbooks(tmp_path: Path, content: bytes, fragment: str) -> None:
    _refused(_check(_folder(tmp_path, workbook=content)), fragment, "plan.xlsx", None)


def test_a_part_compressed_in_a_way_excel_does_not(tmp_path: Path) -> None:
    """bzip2 and lzma parts inflate in one call, with no bound on the output."""
    workbook = tmp_path / "w.xlsx"
    with zipfile.ZipFile(io.BytesIO(_workbook([HEADER_ROW, _indicator(2)]))) as source, zipfile.ZipFile(workbook, "w") as out:
        for info in source.infolist():
            out.writestr(info.filename, source.read(info), compress_type=zipfile.ZIP_BZIP2 if "sheet1" in info.filename
                         else zipfile.ZIP_DEFLATED)
    _refused(_check(_folder(tmp_path, workbook=workbook.read_bytes())), "compressed with a method", "plan.xlsx", None)


# --- 2. Excel: hidden sheets -----------------------------------------------------------------

@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_first_sheet_is_never_read(tmp_path: Path, state: str) -> None:
    """No sheet named: the first visible sheet is read (and named in every message), not a hidden
    one before it — here a hidden sheet of valid rows before the visible one with a wrong number."""
    visible = [HEADER_ROW, _indicator(2), _indicator(3, "<v>たくさん</v>", "str")]
    workbook = _workbook([HEADER_ROW, _indicator(2)], sheets=(("隠し", state), ("見える", "visible")), other_rows=visible)
    _refused(_check(_folder(tmp_path, workbook=workbook, sheet=None)), "is not a number", "plan.xlsx[見える]", 3, "目標値")


def test_a_workbook_without_a_visible_sheet(tmp_path: Path) -> None:
    workbook = _workbook([HEADER_ROW, _indicator(2)], sheets=(("隠し", "veryHidden"),))
    _refused(_check(_folder(tmp_path, workbook=workbook, sheet=None)), "no visible worksheet", "plan.xlsx", None)


# --- 3. CSV: long fields, unclosed quotes ----------------------------------------------------

PROJECTS = "事業ID,事業名,所管課,施策,備考\n"


def test_a_field_longer_than_csvs_default_limit_is_read(tmp_path: Path) -> None:
    """A 200,000-character note (csv's own limit is 131,072: _csv.Error before)."""
    note = "長い備考。" * 40_000
    code, violations, output = _check(_folder(tmp_path, projects=f"{PROJECTS}P-1,創業塾,商工課,G1-M1,{note}\n".encode()))
    assert code != 2 and not [v for v in violations if v["rule"].startswith("INPUT")], output


def test_an_unclosed_quote_before_more_than_128_kb(tmp_path: Path) -> None:
    text = f'{PROJECTS}P-1,創業塾,商工課,"G1-M1,\n' + "".join(f"P-{n},事業{n},課,G1-M1,{'x' * 100}\n" for n in range(2, 2000))
    violation = _refused(_check(_folder(tmp_path, projects=text.encode())), "unclosed quote", "projects.csv", 2, "施策")
    assert "line 2" in violation["message"]["en"] and "引用符" in violation["message"]["ja"]


@pytest.mark.parametrize("text, line, key, opened", [
    # an id column: a line break is never part of its value
    (PROJECTS + 'P-1,創業塾,商工課,"G1-M1,\nP-2,空き家バンク,建築課,G1-M1,\nP-3,移住,企画課,G1-M1,\n', 2, "施策", 2),
    # free text: the lines it took look like whole rows of the table
    (PROJECTS + 'P-1,創業塾,商工課,G1-M1,\nP-2,"空き家バンク,建築課,G1-M1,\nP-3,移住,企画課,G1-M1,\n'
                'P-4,"創業""支援""",商工課,G1-M1,\n', 3, "事業名", 3),
    # a legitimate multi-line note before it: the line is counted through it
    (PROJECTS + 'P-1,創業塾,商工課,G1-M1,"一行目\n二行目"\nP-2,空き家,建築課,"G1-M1,\nP-3,移住,企画課,G1-M1,\n', 3, "施策", 4),
])
def test_an_unclosed_quote_is_located_where_it_opened(tmp_path: Path, text: str, line: int, key: str, opened: int) -> None:
    violation = _refused(_check(_folder(tmp_path, projects=text.encode())), "unclosed quote", "projects.csv", line, key)
    assert f"opened on line {opened}" in violation["message"]["en"]


def test_line_breaks_in_free_text_are_kept(tmp_path: Path) -> None:
    text = PROJECTS + 'P-1,"創業塾\n（夜間）","商工観光部\n商工課",G1-M1,"一行目\n二行目, 三つ目"\nP-2,空き家,建築課,G1-M1,\n'
    code, violations, output = _check(_folder(tmp_path, projects=text.encode()))
    assert code != 2 and not [v for v in violations if v["rule"].startswith("INPUT")], output


def test_too_many_columns_in_a_csv(tmp_path: Path) -> None:
    header = PROJECTS.strip() + "," * 200 + "予備\n"
    check = _check(_folder(tmp_path, projects=(header + "P-1,創業塾,商工課,G1-M1,\n").encode()))
    _refused(check, "too many columns (limit 200)", "projects.csv", 1, "GW")


# --- 4. What a table path may be -------------------------------------------------------------

def _alarm(seconds: int) -> Any:
    """Fail instead of hanging (a FIFO opened for reading waits for a writer)."""
    def timeout(*_: Any) -> None:
        raise TimeoutError(f"still reading after {seconds} s")

    return signal.signal(signal.SIGALRM, timeout), signal.alarm(seconds)


@pytest.mark.parametrize("kind, fragment, at_yaml", [
    ("loop", "symbolic links that point at each other", True),
    ("self-loop", "symbolic links that point at each other", True),
    ("fifo", "not a regular file (a named pipe (FIFO))", False),
    ("folder", "not a regular file (a folder)", False),
    ("device", "not a regular file (a device)", False),
    ("dev-zero-link", "must lie in the plan file's folder", True),
])
def test_a_table_that_is_not_a_file(tmp_path: Path, kind: str, fragment: str, at_yaml: bool) -> None:
    folder = _folder(tmp_path, projects=PROJECTS.encode())
    table = folder / "projects.csv"
    table.unlink()
    if kind == "loop":
        table.symlink_to("other.csv")
        (folder / "other.csv").symlink_to("projects.csv")
    elif kind == "self-loop":
        table.symlink_to("projects.csv")
    elif kind == "fifo":
        os.mkfifo(table)
    elif kind == "folder":
        table.mkdir()
    elif kind == "device":
        try:
            os.mknod(table, 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero
        except PermissionError:
            pytest.skip("cannot make a device file here")
    else:
        table.symlink_to("/dev/zero")
    previous, _ = _alarm(20)
    try:
        check = _check(folder)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    _refused(check, fragment, "city.yaml" if at_yaml else "projects.csv", 13 if at_yaml else None)


# --- 5. Cells that are no values -------------------------------------------------------------

def test_non_finite_numbers_in_a_csv(tmp_path: Path) -> None:
    rows = "".join(f"K-{i},KPI,指標{i},R6年度,{value}\n" for i, value in enumerate(["1e309", "nan", "-Infinity", "12.5"], start=2))
    folder = tmp_path / "plan"
    folder.mkdir()
    (folder / "nat.yaml").write_text(NATIONAL.lstrip(), encoding="utf-8")
    (folder / "city.yaml").write_text(CITY + "indicators: {table: indicators.csv}\n", encoding="utf-8")
    (folder / "indicators.csv").write_text("指標ID,種別,指標名,目標年度,目標値\n" + rows, encoding="utf-8")
    code, violations, output = _check(folder)
    assert code == 2, output
    found = sorted((v["line"], v["key"]) for v in violations if v["rule"] == "INPUT-005")
    assert found == [(2, "目標値"), (3, "目標値"), (4, "目標値")], violations
    assert all("数値として読めません" in v["message"]["ja"] for v in violations if v["rule"] == "INPUT-005")


@pytest.mark.parametrize("cell, fragment", [
    ("<v>1e309</v>", "is not a number"),
    ("<v>NaN</v>", "is not a number"),  # NaN was read as an empty cell
    ("<v>1" + "0" * 5000 + "</v>", "is not a number"),
])
def test_non_finite_numbers_in_a_workbook(tmp_path: Path, cell: str, fragment: str) -> None:
    workbook = _workbook([HEADER_ROW, _indicator(2), _indicator(3, cell)])
    violation = _refused(_check(_folder(tmp_path, workbook=workbook)), fragment, "plan.xlsx[指標]", 3, "目標値")
    assert "数値として読めません" in violation["message"]["ja"]


@pytest.mark.parametrize("cell, value_type, fragment", [
    ("<v>#REF!</v>", "e", "shows an error (#REF!)"),
    ("<f>SUM(A1:A2)</f>", "n", "formula without its result"),
    ("<v>99</v>", "s", "no shared string '99'"),
])
def test_cells_that_hold_no_value(tmp_path: Path, cell: str, value_type: str, fragment: str) -> None:
    workbook = _workbook([HEADER_ROW, _indicator(2), _indicator(3, cell, value_type)], strings=["<si><t>a</t></si>"])
    _refused(_check(_folder(tmp_path, workbook=workbook)), fragment, "plan.xlsx[指標]", 3, "目標値")


def test_every_limit_is_documented() -> None:
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    section = text[text.index("## Limits"):]
    for name, field in Limits.model_fields.items():
        assert f"| `{name}` | {field.default:,} |" in section, name
