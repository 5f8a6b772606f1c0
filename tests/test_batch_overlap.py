"""A check with the cache after an edit overlaps its work on a second core (parallel.Ahead): the
split of the files while the rules load, the edited units and the reference documents' own
findings while the cached findings are read. Each shortcut gives what the plain computation
gives — also when the edited city has input errors, when the other process dies, and with one
job — and the report is the one a check without the cache gives."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Callable

import pytest

from checker import api, batch
from checker.load import units
from checker.load.cache import ParseCache
from checker.load.limits import DEFAULT_LIMITS
from checker.load.paths import discover
from checker.parallel import Ahead
from tests.conftest import AS_OF
from tests.test_batch import _three_cities


@pytest.fixture(autouse=True)
def _fork(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANCHECK_START_METHOD", "fork")  # the processes inherit the patched functions


def _power(base: int, exponent: int) -> int:
    return int(base ** exponent)


def _raise() -> None:
    raise ValueError("a bug in the task")


def _die() -> None:
    os._exit(1)  # as a process killed by the OOM killer or kill -9 ends: no answer at all


def test_ahead_answers_with_the_task_value_or_none(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Ahead(_power, 3, 4, jobs=2).result() == 81
    assert Ahead(_power, 3, 4, jobs=1).result() is None  # one job: no second process
    assert Ahead(_raise, jobs=2).result() is None  # the caller computes it, and meets the error itself
    assert Ahead(_die, jobs=2).result() is None  # a dead process is no answer, not a hang
    monkeypatch.setenv("PLANCHECK_START_METHOD", "spawn")
    assert Ahead(_power, 3, 4, jobs=2).result() is None  # only fork: the process inherits its arguments


def test_closing_an_ahead_ends_its_process() -> None:
    started = time.monotonic()
    with Ahead(time.sleep, 60, jobs=2) as ahead:
        process = ahead._process
        assert process is not None and process.is_alive()
    assert not process.is_alive() and time.monotonic() - started < 30


def _in_other_processes(real: Callable[..., Any], log: Path, *, die: bool = False) -> Callable[..., Any]:
    """`real`, which records each process it runs in (in `log`); with `die`, a process other than
    this one ends without an answer instead."""
    parent = os.getpid()

    def task(*args: Any) -> Any:
        with log.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")
        if die and os.getpid() != parent:
            os._exit(1)
        return real(*args)

    return task


def _pids(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").split() if log.exists() else []


def test_the_split_ahead_is_the_split(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plans = _three_cities(tmp_path / "plans")
    (plans / "pref.yaml").write_text("kind: prefectural_strategy\nid: pref/s\nprefecture: 長野県\n", encoding="utf-8")
    (plans / "north" / "flow.yaml").write_text("{kind: vision, id: north/flow}\n", encoding="utf-8")  # scan unsure
    files = discover([plans])
    cache = ParseCache(tmp_path / "cache")
    cache.file_digests(files, "scope")  # the index a check opens first, as the report cache's key does
    plain = units.split_files(files, DEFAULT_LIMITS, 2, cache)
    assert plain.reference_files and len(plain.units) == 3
    log = tmp_path / "split.log"
    monkeypatch.setattr(units, "_first_stage", _in_other_processes(units._first_stage, log))
    ahead = units.SplitAhead(files, DEFAULT_LIMITS, 2, cache)
    assert ahead.split() == plain
    assert ahead.parsed() is None  # several municipalities: their workers parse them
    assert _pids(log) and str(os.getpid()) not in _pids(log)  # split in the other process
    for jobs in (1, 2):
        assert units.SplitAhead(files, DEFAULT_LIMITS, jobs, None).split() == units.split_files(files, DEFAULT_LIMITS)


# What a check with the cache computes in another process after an edit (the reference documents' own
# findings only when they are not in the cache), by the module that calls it.
_AHEAD: dict[str, Any] = {"_first_stage": units, "_check_group": batch, "check_reference": batch}


def _edit(plans: Path, broken: bool = False) -> None:
    edited = plans / "north" / "strategy-2.yaml"
    text = edited.read_text(encoding="utf-8").replace("ひとの流れをつくる", "人の流れをつくる")
    edited.write_text(text + ("goals: [\n" if broken else ""), encoding="utf-8")


@pytest.mark.parametrize("broken", [False, True], ids=["edited", "input-error"])
def test_a_check_after_an_edit_overlaps_and_equals_a_check_without_the_cache(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch,
                                                                         broken: bool) -> None:
    plans = _three_cities(tmp_path / "plans")
    api.check([plans], as_of=AS_OF, jobs=2, cache=ParseCache(tmp_path / "cache"))
    _edit(plans, broken)
    logs = {name: tmp_path / f"{name}.log" for name in _AHEAD}
    for name, log in logs.items():
        monkeypatch.setattr(_AHEAD[name], name, _in_other_processes(getattr(_AHEAD[name], name), log))
    cache = ParseCache(tmp_path / "cache")
    warm = api.check([plans], as_of=AS_OF, jobs=2, cache=cache)
    assert cache.result_hits == 2 and cache.report_hits == 0
    for name, log in logs.items():  # each was computed in another process, once
        if name == "check_reference":  # but the reference documents' own findings: in the cache
            assert _pids(log) == []
        else:
            assert len(_pids(log)) == 1 and _pids(log) != [str(os.getpid())], name
    cold = api.check([plans], as_of=AS_OF, jobs=1)
    assert warm == cold and warm.to_dict() == cold.to_dict()
    assert (warm.exit_code() == 2) == broken


@pytest.mark.parametrize("name", list(_AHEAD))
def test_a_dead_process_ahead_is_computed_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    plans = _three_cities(tmp_path / "plans")
    api.check([plans], as_of=AS_OF, jobs=2, cache=ParseCache(tmp_path / "cache"))
    _edit(plans)
    if name == "check_reference":  # a reference document of the user's own: its findings are not in the cache
        (plans / "pref.yaml").write_text("kind: prefectural_strategy\nid: pref/s\nprefecture: 長野県\n",
                                         encoding="utf-8")
    log = tmp_path / "log"
    monkeypatch.setattr(_AHEAD[name], name, _in_other_processes(getattr(_AHEAD[name], name), log, die=True))
    warm = api.check([plans], as_of=AS_OF, jobs=2, cache=ParseCache(tmp_path / "cache"))
    assert set(_pids(log)) - {str(os.getpid())}  # it ran in another process, which died: computed here
    assert warm == api.check([plans], as_of=AS_OF, jobs=1)


def test_with_one_job_nothing_runs_ahead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plans = _three_cities(tmp_path / "plans")
    api.check([plans], as_of=AS_OF, jobs=1, cache=ParseCache(tmp_path / "cache"))
    _edit(plans)
    log = tmp_path / "log"
    for name, module in _AHEAD.items():
        monkeypatch.setattr(module, name, _in_other_processes(getattr(module, name), log))
    warm = api.check([plans], as_of=AS_OF, jobs=1, cache=ParseCache(tmp_path / "cache"))
    assert set(_pids(log)) <= {str(os.getpid())}
    assert warm == api.check([plans], as_of=AS_OF, jobs=1)
