"""A whole check's report in the cache (checker.api, ParseCache.get_report): a check of unchanged
files with the same configuration reads the files' digests and the report, imports none of the
checker, and gives the report it gave; anything the report depends on makes it a miss."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker import api
from checker.load.cache import ParseCache
from cli import main
from tests.cache_fixtures import city, user_cache  # noqa: F401  (fixtures)
from tests.conftest import AS_OF, ROOT


def _check(city: Path, cache: ParseCache, **options: Any) -> api.Report:
    return api.check([city], as_of=options.pop("as_of", AS_OF), cache=cache, **options)


def _hits(city: Path, folder: Path, **options: Any) -> tuple[int, api.Report]:
    cache = ParseCache(folder)
    report = _check(city, cache, **options)
    return cache.report_hits, report


def test_an_unchanged_check_gives_the_report_it_gave(city: Path, tmp_path: Path) -> None:
    first = _check(city, ParseCache(tmp_path / "cache"))
    hits, again = _hits(city, tmp_path / "cache")
    assert hits == 1 and again == first
    assert {v.rule for v in first.violations} and first.not_checked  # a report with findings, not an empty one


@pytest.mark.parametrize("change", ["yaml", "csv", "xlsx", "as_of", "select", "config", "new_file"])
def test_what_the_report_depends_on_makes_it_a_miss(city: Path, tmp_path: Path, change: str) -> None:
    options: dict[str, Any] = {}
    first = _check(city, ParseCache(tmp_path / "cache"))
    if change == "yaml":
        strategy = city / "strategy-2.yaml"
        strategy.write_text(strategy.read_text(encoding="utf-8") + "\n# 見直し\n", encoding="utf-8")
    elif change == "csv":
        table = city / "strategy-1-projects.csv"
        table.write_bytes(table.read_bytes() + b"\n")
    elif change == "xlsx":
        (city / "strategy-1-indicators.xlsx").write_bytes(b"not a workbook")
    elif change == "as_of":
        options["as_of"] = AS_OF.replace(year=AS_OF.year + 1)
    elif change == "select":
        options["config"] = api.configure(select=["PER"])
    elif change == "config":
        profile = tmp_path / "profile.yaml"
        profile.write_text("rules:\n  PER-001: false\n", encoding="utf-8")
        options["config"] = api.configure(profile)
    else:
        (city / "notes.yaml").write_text("memo: 庁内メモ\n", encoding="utf-8")
    hits, again = _hits(city, tmp_path / "cache", **options)
    assert hits == 0
    if change in ("select", "config", "as_of"):
        assert again != first


def _reports(folder: Path) -> list[Path]:
    return [e for e in folder.glob("*.entry") if b'"skipped":[' in e.read_bytes()]  # encode_report's


def test_a_new_report_of_the_same_check_replaces_the_last(city: Path, tmp_path: Path) -> None:
    """Each re-check after an edit (or on another day) makes a new report — 3 MB for a national
    corpus: it takes the place of the last one of the same paths and options, not a place of its own."""
    folder = tmp_path / "cache"
    _check(city, ParseCache(folder))
    strategy = city / "strategy-2.yaml"
    for day in range(1, 4):
        strategy.write_text(strategy.read_text(encoding="utf-8") + f"\n# 見直し{day}\n", encoding="utf-8")
        assert _hits(city, folder, as_of=AS_OF + dt.timedelta(days=day))[0] == 0
    assert len(_reports(folder)) == 1
    assert _hits(city, folder, as_of=AS_OF + dt.timedelta(days=3))[0] == 1  # the last one is there
    assert _hits(city, folder, as_of=AS_OF)[0] == 0  # an earlier day's is not
    # other options have a slot of their own: checking with and without them does not evict either
    select = api.configure(select=["PER"])
    assert _hits(city, folder, config=select)[0] == 0 and len(_reports(folder)) == 2
    assert _hits(city, folder, as_of=AS_OF)[0] == 1 and _hits(city, folder, config=select)[0] == 1


def test_a_check_with_input_errors_is_not_stored(city: Path, tmp_path: Path) -> None:
    (city / "strategy-1-projects.csv").unlink()  # a table the strategy refers to
    first = _check(city, ParseCache(tmp_path / "cache"))
    assert any(v.rule.startswith("INPUT-") for v in first.violations)
    hits, again = _hits(city, tmp_path / "cache")
    assert hits == 0 and again == first


def test_a_table_reached_through_a_re_pointed_link_is_a_miss(city: Path, tmp_path: Path) -> None:
    """The table's name still resolves, but to another file: the entry's dependency fails."""
    if not hasattr(os, "symlink"):
        pytest.skip("no symbolic links")
    real = city / "projects-a.csv"
    (city / "strategy-1-projects.csv").rename(real)
    shutil.copy(real, city / "projects-b.csv")
    (city / "projects-b.csv").write_bytes(real.read_bytes().replace("事業".encode(), "施策事業".encode(), 1))
    os.symlink("projects-a.csv", city / "strategy-1-projects.csv")
    _check(city, ParseCache(tmp_path / "cache"))
    assert _hits(city, tmp_path / "cache")[0] == 1
    (city / "strategy-1-projects.csv").unlink()
    os.symlink("projects-b.csv", city / "strategy-1-projects.csv")
    assert _hits(city, tmp_path / "cache")[0] == 0


def test_a_report_of_no_plans_never_passes_a_check_that_requires_plans(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _check(empty, ParseCache(tmp_path / "cache")).violations == ()  # the library allows it, and stores it
    with pytest.raises(api.NoPlanFiles):
        _check(empty, ParseCache(tmp_path / "cache"), require_plans=True)


def test_a_corrupt_report_entry_is_a_miss(city: Path, tmp_path: Path) -> None:
    first = _check(city, ParseCache(tmp_path / "cache"))
    for entry in (tmp_path / "cache").glob("*.entry"):
        blob = entry.read_bytes()
        entry.write_bytes(blob.replace(b'"violations"', b'"violation"'))  # the HMAC no longer holds
    hits, again = _hits(city, tmp_path / "cache")
    assert hits == 0 and again == first


def _cli(city: Path, tmp_path: Path, *args: str) -> tuple[int, Any, str]:
    out = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["check", str(city), "--as-of", AS_OF.isoformat(), "--jobs", "1",
                                       "--cache-dir", str(tmp_path / "cache"), "--format", "json",
                                       "--output", str(out), *args])
    data = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
    out.unlink(missing_ok=True)
    return result.exit_code, data, result.stderr


def test_a_hit_keeps_the_notices_the_baseline_and_the_exit_code(city: Path, tmp_path: Path) -> None:
    (city / "notes.yaml").write_text("memo: 庁内メモ\n", encoding="utf-8")  # a YAML file without a plan: a notice
    baseline = tmp_path / "baseline.yaml"
    runner = CliRunner()
    assert runner.invoke(main, ["baseline", "write", str(baseline), str(city), "--as-of", AS_OF.isoformat()]).exit_code == 0
    first = _cli(city, tmp_path, "--baseline", str(baseline))
    again = _cli(city, tmp_path, "--baseline", str(baseline))
    assert first == again and "notes.yaml" in again[2]
    assert again[0] == 0 and all(v["known"] for v in again[1]["violations"])  # all accepted: nothing fails
    plain = _cli(city, tmp_path)
    assert plain[0] == 1 and not any(v["known"] for v in plain[1]["violations"])


def test_a_broken_profile_is_reported_even_when_a_report_is_cached(city: Path, tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text("rules:\n  PER-001: false\n", encoding="utf-8")
    assert _cli(city, tmp_path, "--config", str(profile))[0] == 1
    profile.write_text("rules:\n  PER-999: false\n", encoding="utf-8")
    code, data, stderr = _cli(city, tmp_path, "--config", str(profile))
    assert code == 2 and data is None and "PER-999" in stderr and "profile.yaml:2" in stderr
    code, _, stderr = _cli(city, tmp_path, "--select", "PRE")
    assert code == 2 and "--select" in stderr


# What a cached check must not import: the loader's model and validators, the graph, the engine,
# the table libraries. (Run in a fresh interpreter: this one has imported everything.)
_HEAVY = ("checker.model", "checker.graph", "checker.engine", "checker.checks", "checker.batch",
          "checker.load.documents", "checker.load.tables", "checker.rules", "networkx", "pandas", "pandera")

_RUN = """
import sys
sys.argv = ["plancheck", *sys.argv[1:]]
import cli
try:
    cli.main()
except SystemExit as exit:
    code = exit.code
print(sorted(m for m in sys.modules if m in HEAVY), code)
"""


def test_a_cached_check_imports_none_of_the_checker(city: Path, tmp_path: Path) -> None:
    args = ["check", str(city), "--as-of", AS_OF.isoformat(), "--cache-dir", str(tmp_path / "cache"), "-q"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = f"HEAVY = {_HEAVY!r}\n{_RUN}"
    runs = [subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, cwd=ROOT)
            for _ in range(2)]
    first, again = (r.stdout.strip().splitlines()[-1] for r in runs)
    assert "checker.model" in first and first.endswith(" 1")  # the first run checks (and finds violations)
    assert again == "[] 1"


def test_file_digests_reads_only_what_changed(city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index of file digests (ParseCache.file_digests), one check after another (close_index
    ends a check): an unchanged file is not read again; a changed one is, also when its size and
    modification time were put back (its change time moved); a file changed moments ago is not
    indexed at all (its times might not move with its next edit)."""
    from checker.load import cache as cache_module

    files = sorted(city.glob("*.yaml"))
    cache = ParseCache(tmp_path / "cache")

    def check(scope: str = "scope") -> list[str]:
        try:
            return cache.file_digests(files, scope)
        finally:
            cache.close_index()

    first = check()
    reads: list[str] = []
    real_read = cache_module._read_regular
    monkeypatch.setattr(cache_module, "_read_regular", lambda name: reads.append(name) or real_read(name))
    assert check() == first and len(reads) == len(files)  # all changed moments ago
    monkeypatch.setattr(cache_module, "_SETTLED_NS", -1)  # now every file counts as settled
    check()
    reads.clear()
    assert check() == first and reads == []
    edited = files[0]
    before = edited.stat()
    edited.write_bytes(edited.read_bytes().replace("安曇野".encode(), "安雲野".encode(), 1))  # the same size
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert edited.stat().st_size == before.st_size
    again = check()
    assert reads == [os.fspath(edited)] and again[0] != first[0] and again[1:] == first[1:]
    assert check("other scope") == again  # another scope: its own index


def test_a_scans_entry_of_another_shape_is_malformed() -> None:
    """What the quick scan saw, read back from the cache (checker.batch): only digest → None or a
    list of [kind, id, municipality, prefecture] texts (or nulls) passes; anything else is a miss."""
    from checker.load.cache_codec import Malformed, decode_scans

    good = {"ab": None, "cd": [["municipal_strategy", "x/s1", "安曇野市", None]]}
    assert decode_scans(good) == good
    for bad in ([], {"ab": [["k", "i", "m"]]}, {"ab": [[1, None, None, None]]}, {"ab": "heads"},
                {"ab": [["k", "i", "m", "p"], None]}):
        with pytest.raises(Malformed):
            decode_scans(bad)
