"""Table entries of the parse cache (checker/load/cache.py, documents._tables): a plan file edited
while its tables were not reads no table and imports neither pandas nor pandera; an edited,
re-pointed or escaping table is read again; problems are never stored; the output is the output
of --no-cache."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker.load import tables as tables_module
from checker.load.cache import ParseCache
from checker.load.cache_codec import Malformed, decode_table, encode_table
from checker.load.documents import parse_file
from checker.load.parsed import ParsedFile, TableSource
from cli import main
from tests.cache_fixtures import city, user_cache  # noqa: F401  (fixtures)
from tests.conftest import AS_OF, ROOT

STRATEGY = "strategy-1.yaml"  # refers to strategy-1-projects.csv and strategy-1-indicators.xlsx (sheet 指標一覧)
CSV = "strategy-1-projects.csv"
XLSX = "strategy-1-indicators.xlsx"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The `table:` values the loader actually read (tables._read_rows), in order."""
    seen: list[str] = []
    real = tables_module._read_rows

    def counting(request: Any, *args: Any) -> Any:
        seen.append(request.ref.get("table"))
        return real(request, *args)

    monkeypatch.setattr(tables_module, "_read_rows", counting)
    return seen


def _parse(file: Path, folder: Path) -> tuple[ParsedFile, ParseCache]:
    """The file parsed with a fresh ParseCache object on `folder` (its counters start at 0)."""
    cache = ParseCache(folder)
    return parse_file(file, cache=cache), cache


def _edit_yaml(file: Path) -> None:
    """A planner's edit of the YAML only: a line added on top (every table reference moves down)
    and one at the end."""
    file.write_text("# 修正\n" + file.read_text(encoding="utf-8") + "# x\n", encoding="utf-8")


def _rows(parsed: ParsedFile, what: str) -> Any:
    return parsed.documents[0][0][what]


def test_a_yaml_only_edit_reads_no_table(city: Path, tmp_path: Path, reads: list[str]) -> None:
    strategy = city / STRATEGY
    first, cache = _parse(strategy, tmp_path / "c")
    assert (cache.misses, cache.table_hits, cache.table_misses) == (1, 0, 2) and reads == [CSV, XLSX]
    reads.clear()
    _edit_yaml(strategy)
    again, cache = _parse(strategy, tmp_path / "c")
    assert cache.misses == 1  # the YAML changed: its parse entry misses …
    assert (cache.table_hits, cache.table_misses) == (2, 0) and reads == []  # … its tables come from the cache
    assert again == parse_file(strategy)  # what --no-cache gives, table sources and lines included
    assert _rows(again, "projects") == _rows(first, "projects") and len(_rows(again, "indicators")) == 8
    source = again.documents[0][2][("indicators",)]
    assert source.file.endswith(f"azumino/{XLSX}[指標一覧]") and source.path == str((city / XLSX).resolve())
    assert source.columns["id"] == "指標ID"


def test_a_yaml_only_edit_imports_neither_pandas_nor_pandera(city: Path, tmp_path: Path) -> None:
    cache = tmp_path / "c"
    args = ["check", str(city), "--as-of", AS_OF.isoformat(), "--jobs", "1", "-q", "--cache-dir", str(cache),
            "--format", "json", "--output", str(tmp_path / "out.json")]
    assert CliRunner().invoke(main, args).exit_code == 1  # fills the cache (Azumino has findings)
    _edit_yaml(city / STRATEGY)
    script = (
        "import json, sys\n"
        "from checker.load import cache\n"
        "counts = []\n"
        "real = cache.ParseCache.get_table\n"
        "def get_table(self, *a):\n"
        "    found = real(self, *a)\n"
        "    counts.append(found is not None)\n"
        "    return found\n"
        "cache.ParseCache.get_table = get_table\n"
        "from cli import main\n"
        "try:\n"
        f"    main({args!r}, standalone_mode=False)\n"
        "finally:\n"
        "    print(json.dumps([counts, sorted(m for m in ('pandas', 'pandera') if m in sys.modules)]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False)  # the environment as it is: the same user cache folder, the same key
    assert done.returncode == 1, done.stderr  # the findings
    counts, imported = json.loads(done.stdout.strip().splitlines()[-1])
    assert counts == [True, True]  # both tables of strategy-1.yaml, from the cache
    assert imported == []


def test_an_edited_table_is_read_again(city: Path, tmp_path: Path, reads: list[str]) -> None:
    strategy = city / STRATEGY
    _parse(strategy, tmp_path / "c")
    reads.clear()
    _edit_yaml(strategy)
    table = city / CSV
    table.write_text(table.read_text(encoding="utf-8-sig").replace("松本広域圏しごと創生事業", "松本広域圏しごと創生事業改訂版"),
                     encoding="utf-8")
    again, cache = _parse(strategy, tmp_path / "c")
    assert (cache.table_hits, cache.table_misses) == (1, 1) and reads == [CSV]  # only the CSV, not the workbook
    assert _rows(again, "projects")[0]["title"] == "松本広域圏しごと創生事業改訂版"
    assert again == parse_file(strategy)
    reads.clear()
    _edit_yaml(strategy)
    _, cache = _parse(strategy, tmp_path / "c")  # the edited table's entry replaced the old one
    assert (cache.table_hits, cache.table_misses) == (2, 0) and reads == []


def test_a_table_re_pointed_by_a_link_is_read_again(city: Path, tmp_path: Path, reads: list[str]) -> None:
    strategy = city / STRATEGY
    other = city / "v2.csv"
    other.write_text((city / CSV).read_text(encoding="utf-8-sig").replace("G1-M1-P2,", "G1-M1-P9,"), encoding="utf-8")
    _parse(strategy, tmp_path / "c")
    (city / CSV).unlink()
    (city / CSV).symlink_to("v2.csv")
    _edit_yaml(strategy)
    reads.clear()
    again, cache = _parse(strategy, tmp_path / "c")
    assert (cache.table_hits, cache.table_misses) == (1, 1) and reads == [CSV]
    assert [row["id"] for row in _rows(again, "projects")] == ["G1-M1-P1", "G1-M1-P9", "G2-M1-P1"]
    assert again == parse_file(strategy)


def test_a_table_linked_out_of_the_folder_gives_the_loaders_error(city: Path, tmp_path: Path,
                                                                  reads: list[str]) -> None:
    strategy = city / STRATEGY
    outside = tmp_path / "outside.csv"
    shutil.copy(city / CSV, outside)  # the same content: only where it lies differs
    _parse(strategy, tmp_path / "c")
    (city / CSV).unlink()
    (city / CSV).symlink_to(outside)
    _edit_yaml(strategy)
    reads.clear()
    again, cache = _parse(strategy, tmp_path / "c")
    assert cache.table_hits == 1 and reads == [CSV]  # the workbook from the cache; the link is not looked up
    assert again == parse_file(strategy) and not again.documents
    (error,) = again.errors
    assert (error.code, error.line, error.key) == ("INPUT-005", 23, "projects")  # the reference, moved down a line
    assert "must lie in the plan file's folder" in error.message_en and error.file.endswith(STRATEGY)


def test_problems_are_not_stored(city: Path, tmp_path: Path, reads: list[str]) -> None:
    strategy = city / STRATEGY
    table = city / CSV
    table.write_text(table.read_text(encoding="utf-8-sig").replace("G1-M1-P2,", "G1-M1-P1,"), encoding="utf-8")
    first, cache = _parse(strategy, tmp_path / "c")
    assert first.errors and (cache.table_hits, cache.table_misses) == (0, 2)
    _edit_yaml(strategy)
    reads.clear()
    again, cache = _parse(strategy, tmp_path / "c")
    assert (cache.table_hits, cache.table_misses) == (1, 1) and reads == [CSV]  # the broken table is read again
    assert again == parse_file(strategy)
    located = [(e.code, e.file.rpartition("/")[2], e.line) for e in again.errors]
    assert located == [("INPUT-005", CSV, 2), ("INPUT-005", CSV, 3)]  # the id given twice


def test_a_sheet_has_its_own_entry(city: Path, tmp_path: Path, reads: list[str]) -> None:
    import openpyxl

    book = openpyxl.load_workbook(city / XLSX)
    copy = book.copy_worksheet(book["指標一覧"])
    copy.title = "別表"
    copy["C2"] = "新規雇用創出数別表"
    book.save(city / XLSX)
    strategy = city / STRATEGY
    first, _ = _parse(strategy, tmp_path / "c")
    assert _rows(first, "indicators")[0]["title"] == "新規雇用創出数(例示)"  # NFKC
    strategy.write_text(strategy.read_text(encoding="utf-8").replace("sheet: 指標一覧", "sheet: 別表"), encoding="utf-8")
    reads.clear()
    other, cache = _parse(strategy, tmp_path / "c")
    assert (cache.table_hits, cache.table_misses) == (1, 1) and reads == [XLSX]  # another sheet: another entry
    assert _rows(other, "indicators")[0]["title"] == "新規雇用創出数別表"
    assert other.documents[0][2][("indicators",)].file.endswith(f"{XLSX}[別表]") and other == parse_file(strategy)
    _edit_yaml(strategy)
    strategy.write_text(strategy.read_text(encoding="utf-8").replace("sheet: 別表", "sheet: 指標一覧"), encoding="utf-8")
    reads.clear()
    back, cache = _parse(strategy, tmp_path / "c")  # both sheets' entries stand (the workbook did not change)
    assert (cache.table_hits, cache.table_misses) == (2, 0) and reads == []
    assert _rows(back, "indicators") == _rows(first, "indicators") and back == parse_file(strategy)


def _report(plans: Path, out: Path, *args: str) -> tuple[int, Any]:
    result = CliRunner().invoke(main, ["check", str(plans), "--as-of", AS_OF.isoformat(), "--jobs", "1", "-q",
                                       "--format", "json", "--output", str(out), *args])
    return result.exit_code, json.loads(out.read_text(encoding="utf-8"))


def test_the_output_is_that_of_no_cache(city: Path, tmp_path: Path) -> None:
    cached = ("--cache-dir", str(tmp_path / "c"))
    out = tmp_path / "out.json"
    expected = _report(city, out, "--no-cache")
    assert expected[0] == 1 and expected[1]["violations"]
    assert _report(city, out, *cached) == expected  # fills the cache
    _edit_yaml(city / STRATEGY)
    expected = _report(city, out, "--no-cache")
    assert _report(city, out, *cached) == expected  # strategy-1.yaml parsed again, its tables from the cache
    assert _report(city, out, *cached) == expected  # the whole report from the cache


def test_table_entries_are_checked_on_the_way_back(tmp_path: Path) -> None:
    (tmp_path / "t.csv").write_text("事業ID\nP1\n", encoding="utf-8")
    read = hashlib.sha256((tmp_path / "t.csv").read_bytes()).hexdigest()  # the digest of what the rows came from
    source = TableSource("a/t.csv", {"id": "事業ID"}, "/x/a/t.csv", read)
    rows = [{"id": "P1", "title": "事業", "budget": {"amount": 1.5, "years": [2024, 2025]}}]
    assert decode_table(json.loads(json.dumps(encode_table(rows, source)))) == (rows, source)
    for bad in ([], {"rows": rows}, {"rows": [["P1"]], "source": ["a", {}, "b", ""]}, {"rows": [{1: "x"}], "source":
                ["a", {}, "b", ""]}, {"rows": rows, "source": ["a", {"id": 1}, "b", ""]},
                {"rows": rows, "source": ["a", {}, "b"]}):
        with pytest.raises(Malformed):
            decode_table(bad)
    cache = ParseCache(tmp_path / "c")
    cache.put_table("k1", [{"id": "P1", "when": dt.date(2024, 4, 1)}], source, tmp_path, "t.csv")  # not plain data
    cache.put_table("k2", [{"id": "P1", "years": (2024, 2025)}], source, tmp_path, "t.csv")  # would read back a list
    cache.put_table("k3", rows, source, tmp_path, "t.csv")
    assert cache.get_table("k1", tmp_path) is None and cache.get_table("k2", tmp_path) is None
    assert cache.get_table("k3", tmp_path) == (rows, source) and (cache.table_hits, cache.table_misses) == (1, 2)
    (tmp_path / "t.csv").write_text("事業ID\nP2\n", encoding="utf-8")
    assert cache.get_table("k3", tmp_path) is None  # its table changed


def test_an_entry_records_the_digest_of_what_was_read_not_of_the_file_now(tmp_path: Path) -> None:
    """A table edited between being read and its entry being written: the entry must not pair the
    old rows with the new content (it would be served as current until the table changed again)."""
    table = tmp_path / "t.csv"
    table.write_text("事業ID\nP1\n", encoding="utf-8")
    read = hashlib.sha256(table.read_bytes()).hexdigest()
    rows = [{"id": "P1"}]
    source = TableSource("t.csv", {"id": "事業ID"}, str(table), read)
    cache = ParseCache(tmp_path / "c")
    table.write_text("事業ID\nP2\n", encoding="utf-8")  # edited after it was read
    cache.put_table("k", rows, source, tmp_path, "t.csv")
    assert cache.get_table("k", tmp_path) is None  # P1 is not what t.csv says now
    table.write_text("事業ID\nP1\n", encoding="utf-8")
    assert ParseCache(tmp_path / "c").get_table("k", tmp_path) is None  # not written at all
    cache = ParseCache(tmp_path / "c")
    cache.put_table("k", rows, source, tmp_path, "t.csv")  # unchanged since it was read
    assert cache.get_table("k", tmp_path) == (rows, source)
    cache.put_table("u", rows, TableSource("t.csv", {"id": "事業ID"}, str(table), ""), tmp_path, "t.csv")
    assert cache.get_table("u", tmp_path) is None  # no digest (read twice, changed in between): never stored


def test_a_table_saved_while_the_check_reads_it_is_read_again_by_the_next_check(
        city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A planner saves the projects table in Excel while a check runs, just after the check read it:
    nothing the check stores may pass the rows it read for the table as saved."""
    from checker import api

    table = city / CSV
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    saved = "".join(lines[:-1])  # the last project deleted
    real = tables_module._read_rows

    def saving_after_the_read(request: Any, *args: Any) -> Any:
        read = real(request, *args)
        if request.ref.get("table") == CSV:
            table.write_text(saved, encoding="utf-8")
        return read

    folder = tmp_path / "cache"
    with monkeypatch.context() as patch:
        patch.setattr(tables_module, "_read_rows", saving_after_the_read)
        before = api.check([city], as_of=AS_OF, cache=ParseCache(folder))
    now = api.check([city], as_of=AS_OF)  # what the files say now
    assert now != before  # the deleted project changes the findings
    cache = ParseCache(folder)
    assert api.check([city], as_of=AS_OF, cache=cache) == now and cache.report_hits == 0
