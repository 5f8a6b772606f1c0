"""The one parallel map of plancheck (`--jobs`): worker processes that receive what they need
when they start, whatever the start method, and a dead worker that ends the run instead of
hanging it.

`pmap(task, items, shared=…, jobs=…)` calls `task(shared, item)` for every item. With one job it
runs here. With more, each worker process gets `shared` once, through the pool's initializer:
with the fork start method (Linux, the default there) the worker inherits it without copying;
with spawn (Windows, macOS, or PLANCHECK_START_METHOD=spawn) it is pickled once per worker. No
module of plancheck holds state for its workers to find.

concurrent.futures notices a worker that dies (killed, out of memory) and fails every pending
task with BrokenProcessPool; that becomes a WorkerDied error naming the items that were in
flight, and the run ends with exit code 2.

`Ahead(task, *args, jobs=…)` computes one pure task in a forked process while this one goes on
with other work; its `result()` is None when no process answered (one job, no fork, the process
failed or died), and the caller then computes the same here.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable, Generic, Iterable, Iterator, Sequence, TypeVar

from checker.errors import PlancheckError
from checker.i18n import Both, both, listing

Item = TypeVar("Item")
Result = TypeVar("Result")

_shared: Any = None  # in a worker process only: what pmap's caller shares with every task


class WorkerDied(PlancheckError):
    """A worker process ended without an answer (killed, or out of memory)."""

    def __init__(self, items: Sequence[str]) -> None:
        shown, more = listing(items[:10]), " …" if len(items) > 10 else ""
        super().__init__(*both("check.worker_died", items=Both(shown.ja() + more, shown.en() + more)))
        self.items = tuple(items)


def start_method() -> str:
    """fork where the platform has it (cheapest: workers inherit the loaded data), else spawn;
    PLANCHECK_START_METHOD overrides (the test suite runs the batch tests with spawn too)."""
    chosen = os.environ.get("PLANCHECK_START_METHOD")
    methods = multiprocessing.get_all_start_methods()
    if chosen in methods:
        return chosen
    return "fork" if "fork" in methods else "spawn"


def _start(shared: Any) -> None:
    global _shared
    _shared = shared
    # A forked worker inherits the collector's state: the caller may have paused it for its own
    # work (yamlsource.gc_paused), but a worker builds and drops graphs by the hundred and needs it.
    gc.enable()


def _run(task: Callable[[Any, Any], Any], item: Any) -> Any:
    return task(_shared, item)


def pmap(task: Callable[[Any, Item], Result], items: Sequence[Item], *, shared: Any = None, jobs: int = 1,
         ordered: bool = False, describe: Callable[[Item], str] = str) -> Iterator[Result]:
    """task(shared, item) for each item: in this process with jobs <= 1 or a single item, else in
    `jobs` worker processes — results in the order of `items` if ordered, else as they come.
    `task` must be a module-level function (spawn imports it by name). Raises WorkerDied."""
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            yield task(shared, item)
        return
    method = start_method()
    if method == "fork":
        gc.freeze()  # what this process holds is the workers' too: their collector need not scan it
    try:
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(items)), mp_context=multiprocessing.get_context(method),
                                   initializer=_start, initargs=(shared,))
        try:
            futures = [pool.submit(_run, task, item) for item in items]
            yield from (_in_order(futures, items, describe) if ordered else _as_done(futures, items, describe))
        finally:  # also when the caller stops early: queued tasks are dropped, not waited for
            pool.shutdown(wait=True, cancel_futures=True)
    finally:
        if method == "fork":
            gc.unfreeze()


def _in_order(futures: list[Future[Any]], items: Sequence[Any], describe: Callable[[Any], str]) -> Iterator[Any]:
    for n, future in enumerate(futures):
        try:
            yield future.result()
        except BrokenProcessPool:
            raise WorkerDied(_unfinished(futures[n:], items[n:], describe)) from None


def _as_done(futures: list[Future[Any]], items: Sequence[Any], describe: Callable[[Any], str]) -> Iterator[Any]:
    pending = set(futures)
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            try:
                yield future.result()
            except BrokenProcessPool:  # every task without an answer, also the others in `done`
                raise WorkerDied(_unfinished(futures, items, describe)) from None


def _unfinished(futures: Iterable[Future[Any]], items: Sequence[Any], describe: Callable[[Any], str]) -> list[str]:
    """The items whose task had no answer when the pool broke."""
    return [describe(item) for future, item in zip(futures, items)
            if not future.done() or future.exception() is not None]


class Ahead(Generic[Result]):
    """task(*args) computed in a forked process (only with fork: the process inherits `args`
    instead of receiving them pickled, and only with jobs > 1: the user gave plancheck a second
    core) while this process does other work. `result()` waits for its value; None when there is
    no process or it gave no answer (it raised, or was killed): the task must be a pure function of
    what the process inherits, so the caller computes the same here instead. `close()` (or leaving
    a `with` block) ends a process whose value was not asked for."""

    def __init__(self, task: Callable[..., Result], *args: Any, jobs: int) -> None:
        self._process: Any = None
        if jobs <= 1 or start_method() != "fork":
            return
        context = multiprocessing.get_context("fork")
        self._answer, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_answer, args=(task, args, sender), name="plancheck-ahead")
        self._process.start()
        sender.close()  # this process keeps the reading end only: a dead process is then an EOFError

    def waiting(self) -> bool:
        """Whether result() would wait now: a process is still working on the task."""
        return self._process is not None and not self._answer.poll(0)

    def result(self) -> Result | None:
        if self._process is None:
            return None
        try:
            payload = self._answer.recv_bytes()
        except (EOFError, OSError):
            payload = b""  # the process died or raised before it answered
        self.close()
        return pickle.loads(payload) if payload else None

    def close(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            self._answer.close()
            if process.is_alive():
                process.terminate()
            process.join()

    def __enter__(self) -> "Ahead[Result]":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _answer(task: Callable[..., Any], args: tuple[Any, ...], sender: Any) -> None:
    """In the process of an Ahead: the task's value, pickled; nothing when it raises (this process
    prints no traceback: the caller computes the task itself and meets the same error)."""
    # The process ends with the task: its collector would only scan, again and again, the heap it
    # inherited (a national check's: a collection costs a tenth of a second there).
    gc.disable()
    try:
        payload = pickle.dumps(task(*args), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:
        return
    sender.send_bytes(payload)
