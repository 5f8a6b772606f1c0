"""The parallel map (--jobs): the same results whatever the start method, and a worker that dies
ends the run with exit code 2 and what it was working on — never a hang."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker import api, batch
from checker.parallel import WorkerDied, pmap
from cli import main
from tests.conftest import AS_OF, ROOT


def _square(shared: int, item: int) -> int:
    return shared + item * item


def _collecting(shared: None, item: int) -> bool:
    import gc

    return gc.isenabled()


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_worker_collects_garbage_when_its_caller_paused_the_collector(monkeypatch: pytest.MonkeyPatch,
                                                                       method: str) -> None:
    # a batch check pauses the collector for its own work (batch.check_files); a forked worker would
    # inherit that and keep every graph's cycles until it ends
    from checker.load.yamlsource import gc_paused

    monkeypatch.setenv("PLANCHECK_START_METHOD", method)
    with gc_paused():
        assert list(pmap(_collecting, [1, 2, 3, 4], jobs=2, ordered=True)) == [True] * 4


def _die_on_three(shared: None, item: int) -> int:
    if item == 3:
        os._exit(1)  # as a worker killed by the OOM killer or kill -9 ends: no answer at all
    return item


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_pmap_gives_the_same_results_with_either_start_method(monkeypatch: pytest.MonkeyPatch, method: str) -> None:
    monkeypatch.setenv("PLANCHECK_START_METHOD", method)
    assert list(pmap(_square, list(range(20)), shared=100, jobs=2, ordered=True)) == [100 + i * i for i in range(20)]
    assert sorted(pmap(_square, list(range(20)), shared=0, jobs=2)) == sorted(i * i for i in range(20))


def test_a_dead_worker_is_an_error_naming_its_item_not_a_hang() -> None:
    # In a subprocess with a timeout: were it to hang, the test fails instead of the suite stopping.
    code = ("from tests.test_parallel import _die_on_three\n"
            "from checker.parallel import pmap, WorkerDied\n"
            "try:\n"
            "    list(pmap(_die_on_three, list(range(8)), jobs=2, ordered=True, describe=lambda i: f'item-{i}'))\n"
            "except WorkerDied as exc:\n"
            "    print('DIED', exc.items)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "DIED" in done.stdout and "item-3" in done.stdout, done.stdout + done.stderr


def _corpus(folder: Path) -> Path:
    from tests.test_batch import _three_cities  # the bundled Azumino plans as three municipalities

    return _three_cities(folder)


def test_batch_check_with_spawn_equals_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path / "corpus")
    single = api.check([corpus], as_of=AS_OF, jobs=1)
    monkeypatch.setenv("PLANCHECK_START_METHOD", "spawn")
    spawned = api.check([corpus], as_of=AS_OF, jobs=2)
    assert spawned.to_dict() == single.to_dict()


def test_a_worker_killed_during_a_batch_check_ends_the_run_with_exit_2(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path / "corpus")
    real = batch._check_units

    def dying(work: batch._Units, todo: list[tuple[int, str]]) -> list[tuple[int, batch.Checked]]:
        if os.getpid() != parent and any("south/" in i for n, _ in todo for i in work.units[n].ids):
            os.kill(os.getpid(), 9)
        return real(work, todo)

    parent = os.getpid()
    monkeypatch.setenv("PLANCHECK_START_METHOD", "fork")  # the workers inherit the patched function
    monkeypatch.setattr(batch, "GROUP", 1)
    monkeypatch.setattr(batch, "_check_units", dying)
    result = CliRunner().invoke(main, ["check", str(corpus), "--jobs", "2", "--no-cache", "--as-of", AS_OF.isoformat(),
                                       "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "worker process died" in result.output and "south/" in result.output
    assert "internal error" not in result.output


def test_worker_died_lists_what_was_in_flight() -> None:
    error = WorkerDied([f"city-{i}" for i in range(12)])
    assert "city-0" in str(error) and "city-9" in str(error) and "city-10" not in str(error) and "…" in str(error)
    assert json.dumps(error.items)
