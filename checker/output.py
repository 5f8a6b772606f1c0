"""Writing outputs: all or nothing, atomically, and never over an input.

Every output is first written to a temporary file beside its target; only when all of them have
been written are they renamed into place, so a failure (disk full, a read-only folder) leaves
every previous report as it was. An output that is a device or a pipe (/dev/stdout, a FIFO) is
written into directly, after the temporary files and before the renames. An output that names
a folder, the same file as another output, or one of the files being checked is refused before
anything is written."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Iterable, Sequence

from checker.errors import PlancheckError
from checker.i18n import Both, both

# Files of a plan folder that an output must never replace (plan files, tables, profiles, baselines).
INPUT_SUFFIXES = frozenset({".yaml", ".yml", ".csv", ".xlsx", ".xlsm"})

_REASONS = {  # errno → what went wrong, as a user reads it (output.reason.*)
    errno.ENOSPC: "disk_full", errno.EDQUOT: "quota", errno.EROFS: "read_only", errno.EACCES: "permission",
    errno.EPERM: "permission", errno.EISDIR: "folder", errno.ENOTDIR: "not_a_folder", errno.ENAMETOOLONG: "too_long",
}


class OutputError(PlancheckError):
    """An output that cannot be written; nothing was replaced."""

    def __init__(self, path: Path | str, ja: str, en: str) -> None:
        super().__init__(*both("output.cannot_write", path=path, reason=Both(ja, en)))
        self.path = str(path)


def os_reason(exc: OSError) -> tuple[str, str]:
    """What an OS call's failure means to a user, (ja, en): the catalogue's words where it has them."""
    reason = _REASONS.get(exc.errno or 0)
    return both(f"output.reason.{reason}") if reason else (exc.strerror or str(exc), exc.strerror or str(exc))


def _special(path: Path) -> bool:
    """A device, a pipe or a socket: written into, never renamed over (renaming over /dev/null
    as root would replace the device itself with a regular file)."""
    return path.exists() and not path.is_file() and not path.is_dir()


def check_targets(paths: Sequence[Path], inputs: Iterable[Path] = ()) -> None:
    """Refuse outputs that are folders, that repeat another output, or that are one of the
    inputs (an explicit input file, or a plan/table file inside an input folder)."""
    seen: dict[str, Path] = {}
    given = [Path(p) for p in inputs]
    folders = [os.path.realpath(p) for p in given if p.is_dir()]
    files = [p for p in given if p.is_file()]
    for path in paths:
        if str(path) == "-":
            continue
        if path.is_dir():
            raise OutputError(path, *both("output.is_folder"))
        real = os.path.realpath(path)
        if real in seen and not _special(path):
            raise OutputError(path, *both("output.same_file", other=seen[real]))
        seen[real] = path
        if not path.is_file():
            continue
        if any(_same(path, f) for f in files) or (
                path.suffix.lower() in INPUT_SUFFIXES and any(_below(real, folder) for folder in folders)):
            raise OutputError(path, *both("output.is_input"))


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _below(real: str, folder: str) -> bool:
    return os.path.commonpath([real, folder]) == folder


def write_outputs(outputs: Sequence[tuple[Path, str | bytes]], inputs: Iterable[Path] = ()) -> None:
    """Write every (path, data), all or nothing; raises OutputError (nothing replaced)."""
    check_targets([p for p, _ in outputs], inputs)
    temps: list[tuple[str, Path]] = []
    current = Path()
    try:
        for current, data in outputs:
            if not _special(current):
                temps.append((_temporary(current, _bytes(data)), current))
        for current, data in outputs:
            if _special(current):
                with current.open("wb") as handle:
                    handle.write(_bytes(data))
        for tmp, current in temps:
            os.replace(tmp, current)
    except BaseException as exc:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(current, *os_reason(exc)) from None
        raise


def write_atomic(path: Path, data: str | bytes) -> None:
    """One output (see write_outputs)."""
    write_outputs([(path, data)])


def _bytes(data: str | bytes) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def _temporary(path: Path, payload: bytes) -> str:
    """A temporary file beside `path` holding `payload`, with the mode an ordinary open() would
    give it (mkstemp makes files private)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        if hasattr(os, "fchmod"):  # not on Windows (before Python 3.13), where files carry no such mode
            os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp
