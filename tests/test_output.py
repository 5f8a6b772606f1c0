"""Outputs are written atomically: an interrupted write leaves the previous report in place."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from checker import output


def test_write_replaces_and_uses_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    output.write_atomic(target, "first")
    output.write_atomic(target, "second")
    assert target.read_text() == "second"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]  # no temporary file left


def test_devices_and_pipes_are_written_into_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    import threading

    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    output.write_atomic(fifo, "through the pipe")
    reader.join(timeout=5)
    assert received == [b"through the pipe"] and stat.S_ISFIFO(fifo.stat().st_mode)
    null = Path("/dev/null")
    if stat.S_ISCHR(null.stat().st_mode):  # (a machine may already have lost it to an older plancheck)
        output.write_atomic(null, "discarded")
        assert stat.S_ISCHR(null.stat().st_mode)


def test_interrupted_write_keeps_the_previous_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.html"
    output.write_atomic(target, "previous report")

    def crash(*_: object) -> None:
        raise KeyboardInterrupt  # the run is killed midway, after the data was written to the temp file

    monkeypatch.setattr(output.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        output.write_atomic(target, "new report " * 10_000)
    assert target.read_text() == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
