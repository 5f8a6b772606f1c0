"""The first stage of a check ahead (checker.load.units.SplitAhead): with fork and --jobs > 1 the
process that splits the files also parses them — YAML and tables — when they are one
municipality's, while this process imports the models and loads the rules. Its answer is stage 1
as this process would compute it; a process that dies or raises leaves the work to this one; the
modules it runs import no model, so the fork comes before them."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from checker import api
from checker.load import units
from checker.load.cache import ParseCache
from checker.load.limits import DEFAULT_LIMITS
from checker.load.parse import parse_all
from checker.load.paths import discover
from tests.conftest import AS_OF, ROOT
from tests.test_batch import _three_cities
from tests.test_batch_overlap import _in_other_processes, _pids


@pytest.fixture(autouse=True)
def _fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANCHECK_START_METHOD", "fork")  # the process inherits the patched functions


def _city(tmp: Path) -> Path:
    """Azumino's plans (two tables among them), a profile beside them, and a table with a problem."""
    city = tmp / "azumino"
    shutil.copytree(ROOT / "plans" / "azumino", city)
    projects = city / "strategy-1-projects.csv"
    projects.write_text(projects.read_text(encoding="utf-8") + "壊れた行\n", encoding="utf-8")
    return city


@pytest.mark.parametrize("cached", [False, True], ids=["no-cache", "cache"])
def test_one_city_is_parsed_in_the_process_that_splits_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          cached: bool) -> None:
    city = _city(tmp_path)
    files = discover([city])
    cache = ParseCache(tmp_path / "cache") if cached else None
    log = tmp_path / "log"
    monkeypatch.setattr(units, "_first_stage", _in_other_processes(units._first_stage, log))
    ahead = units.SplitAhead(files, DEFAULT_LIMITS, 2, cache)
    split = ahead.split()
    assert len(split.units) == 1 and split == units.split_files(files, DEFAULT_LIMITS)
    assert ahead.parsed() == list(parse_all(files))  # the table's problem included
    assert any(p.errors for p in ahead.parsed() or [])
    assert _pids(log) and str(os.getpid()) not in _pids(log)
    # the whole check: the same report as one job gives, the first time and (with the cache) again
    for _ in range(2 if cached else 1):
        two = api.check([city], as_of=AS_OF, jobs=2, cache=ParseCache(tmp_path / "cache") if cached else None)
        assert two.to_dict() == api.check([city], as_of=AS_OF, jobs=1).to_dict()
        assert two.exit_code() == 2


def test_several_cities_are_not_parsed_ahead(tmp_path: Path) -> None:
    files = discover([_three_cities(tmp_path / "plans")])
    ahead = units.SplitAhead(files, DEFAULT_LIMITS, 2, None)
    assert len(ahead.split().units) == 3 and ahead.parsed() is None  # their workers parse them


@pytest.mark.parametrize("how", ["dies", "raises"])
def test_a_first_stage_without_an_answer_is_done_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    city = _city(tmp_path)
    log = tmp_path / "log"
    if how == "dies":
        monkeypatch.setattr(units, "_first_stage", _in_other_processes(units._first_stage, log, die=True))
    else:
        def failing(*args: Any) -> Any:
            log.write_text(f"{os.getpid()}\n", encoding="utf-8")
            raise MemoryError  # as a limit met in the other process: this one meets it (or not) itself

        monkeypatch.setattr(units, "_first_stage", failing)
    ahead = units.SplitAhead(discover([city]), DEFAULT_LIMITS, 2, None, bundle=True)
    assert len(ahead.split().units) == 1 and ahead.parsed() is None and ahead.bundle() is None
    assert set(_pids(log)) - {str(os.getpid())}
    assert api.check([city], as_of=AS_OF, jobs=2).to_dict() == api.check([city], as_of=AS_OF, jobs=1).to_dict()


def test_the_first_stage_imports_no_model() -> None:
    """The process ahead is forked before this one imports pydantic's models, the graph, the
    checks and the table libraries: the modules of the first stage must not import them (else the
    fork comes after them and nothing overlaps)."""
    heavy = ("checker.model", "checker.graph", "checker.rules", "checker.batch", "networkx", "pandas", "pandera")
    code = ("import json, sys\n"
            "import checker.api, checker.load.units, checker.load.parse\n"
            f"print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert json.loads(done.stdout) == []


def test_a_bad_rule_pattern_still_ends_the_check_with_the_process_ahead_closed(tmp_path: Path) -> None:
    """--select is validated after the first stage started (it needs the rules, which it overlaps):
    the error is the same, and the process ahead ends with the check."""
    from click.testing import CliRunner

    import cli

    city = _city(tmp_path)
    result = CliRunner().invoke(cli.main, ["check", str(city), "--no-cache", "--jobs", "2", "--select", "NOPE-9"])
    assert result.exit_code == 2 and "NOPE-9" in result.output
    import multiprocessing

    assert not [p for p in multiprocessing.active_children() if p.name == "plancheck-ahead"]


def test_the_command_line_freezes_what_it_holds_before_the_collection_at_exit() -> None:
    """The collection Python makes as it exits would scan everything a check left: the command
    line freezes it first (an exit handler registered later runs earlier: the probe runs after)."""
    code = ("import atexit, gc, cli\n"
            "atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
            "cli.main(['check', 'plans/azumino', '--no-cache', '-q', '--jobs', '1'])\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1 and done.stdout.strip().endswith("frozen True")


def test_a_command_runs_without_the_collector_and_gives_it_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cyclic collector does not run while a command does, but in its workers it does (they
    build and drop a graph per municipality); afterwards the process has it back, also when the
    command failed (what it allocated is not scanned then: it is in the oldest generation)."""
    from click.testing import CliRunner

    import cli
    import checker.api
    from checker import parallel

    during: list[bool] = []
    check_plans = checker.api.check_plans

    def spy(*args: Any, **kwargs: Any) -> Any:
        during.append(gc.isenabled())
        return check_plans(*args, **kwargs)

    monkeypatch.setattr(checker.api, "check_plans", spy)
    assert gc.isenabled()
    collections = gc.get_stats()[0]["collections"]
    assert CliRunner().invoke(cli.main, ["check", "--example", "--no-cache", "-q", "--jobs", "1"]).exit_code == 1
    assert gc.get_stats()[0]["collections"] == collections
    assert during == [False] and gc.isenabled() and gc.get_freeze_count() == 0
    assert CliRunner().invoke(cli.main, ["check", "--example", "--no-cache", "--select", "NOPE-9"]).exit_code == 2
    assert gc.isenabled()
    gc.disable()
    try:
        assert list(parallel.pmap(_collecting, [1, 2], jobs=2)) == [True, True]
    finally:
        gc.enable()


def _collecting(shared: Any, item: int) -> bool:
    return gc.isenabled()


def test_the_rules_load_without_networkx() -> None:
    """A check with the cache after an edit loads the rules in this process but builds every graph
    in another (the edited municipality, the reference documents): networkx is imported by the
    graph builder and the checks that run its algorithms, not with the rules."""
    code = ("import json, sys\n"
            "import checker.api, checker.batch, checker.rules\n"
            "checker.rules.catalogue()\n"
            "print(json.dumps('networkx' in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert json.loads(done.stdout) is False


def test_a_split_still_to_come_is_told(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SplitAhead.waiting: whether the other process is still splitting (and parsing) the files —
    while it is, this one imports networkx, which the graph it builds for one municipality needs —
    and the check is the same."""
    import time

    city = _city(tmp_path)
    real = units._first_stage

    def slow(*args: Any) -> Any:
        time.sleep(1)
        return real(*args)

    monkeypatch.setattr(units, "_first_stage", slow)
    one_job = api.check([city], as_of=AS_OF, jobs=1).to_dict()
    ahead = units.SplitAhead(discover([city]), DEFAULT_LIMITS, 2, None)
    assert ahead.waiting()
    assert len(ahead.split().units) == 1 and not ahead.waiting() and ahead.parsed() is not None
    assert api.check([city], as_of=AS_OF, jobs=2).to_dict() == one_job


def test_one_city_s_bundle_is_parsed_in_the_process_that_splits_it(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Asked to (a check without a cache), the process ahead also parses the bundled reference
    documents when the files are one municipality's: stage 1 as this process would compute it,
    without the files that are the user's own (here the national strategies given with the city).
    With several municipalities, or not asked, it leaves them to this process."""
    from checker.load import parse
    from checker.load.paths import real_paths

    city = _city(tmp_path)
    files = discover([city, ROOT / "plans" / "national"])

    def recorded(*args: Any, **kwargs: Any) -> Any:
        with (tmp_path / "bundle-log").open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        return parse.parse_bundle(*args, **kwargs)

    monkeypatch.setattr(units, "parse_bundle", recorded)
    ahead = units.SplitAhead(files, DEFAULT_LIMITS, 2, None, bundle=True)
    bundle = ahead.bundle()
    assert bundle is not None and bundle == parse.parse_bundle(real_paths(files))
    assert bundle and not any("/national/" in p.shown for p in bundle)  # the user's copy wins
    assert _pids(tmp_path / "bundle-log") and str(os.getpid()) not in _pids(tmp_path / "bundle-log")
    assert units.SplitAhead(files, DEFAULT_LIMITS, 2, None).bundle() is None  # not asked
    several = discover([_three_cities(tmp_path / "plans")])
    assert units.SplitAhead(several, DEFAULT_LIMITS, 2, None, bundle=True).bundle() is None


def test_a_check_without_a_cache_reads_the_bundle_ahead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A check of one city with two jobs and no cache parses no bundled document here once the
    process ahead is done (it is done when this process has imported the models and the rules;
    here they are imported already, so the test waits for it); with a cache, or with one job, it
    does; the reports are the same."""
    from checker.load import documents

    city = _city(tmp_path)
    calls: list[int] = []
    real = documents.parse_bundle

    def here(*args: Any, **kwargs: Any) -> Any:
        calls.append(os.getpid())
        return real(*args, **kwargs)

    monkeypatch.setattr(documents, "parse_bundle", here)
    monkeypatch.setattr(units.SplitAhead, "waiting", lambda self: self.split() is None)  # done: False
    one_job = api.check([city], as_of=AS_OF, jobs=1).to_dict()
    assert calls == [os.getpid()]
    calls.clear()
    assert api.check_plans([city], as_of=AS_OF, jobs=2)[1].to_dict() == one_job
    assert calls == []
    assert api.check_plans([city], as_of=AS_OF, jobs=2, cache=ParseCache(tmp_path / "cache"))[1].to_dict() == one_job
    assert calls == [os.getpid()]
