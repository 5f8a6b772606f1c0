"""Reading a file that someone else sent: regular files only, never more than a limit.

A plan path may be a FIFO (reading it waits forever), a device (/dev/zero never ends), a symlink
to either, or a file that grows while it is read; `stat()` alone proves nothing. So the file is
opened without blocking, the open descriptor is checked, and at most the limit (plus one byte,
to know it was exceeded) is read."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from checker.i18n import both, text

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


class FileRefused(Exception):
    """A file that is not read: not a regular file, too large, or unreadable (ja/en reason)."""

    def __init__(self, reason_ja: str, reason_en: str, hint_ja: str = "", hint_en: str = "") -> None:
        super().__init__(reason_en)
        self.reason_ja, self.reason_en, self.hint_ja, self.hint_en = reason_ja, reason_en, hint_ja, hint_en


def too_large(size: int | None, limit: int) -> FileRefused:
    """Too large: `size` bytes, or (None) more than the limit once it grew while being read."""
    reason = both("input.file.too_large", size=size, limit=limit) if size is not None else \
        both("input.file.grew", limit=limit)
    return FileRefused(*reason, *both("input.hint.split_file"))


def unreadable(exc: OSError) -> FileRefused:
    return FileRefused(*both("input.file.unreadable", error=exc.strerror), *both("input.hint.check_path"))


def read_limited(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; raises FileRefused."""
    try:
        fd = os.open(path, _FLAGS)
    except OSError as exc:
        raise unreadable(exc) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = ("folder" if stat.S_ISDIR(info.st_mode) else "fifo" if stat.S_ISFIFO(info.st_mode)
                    else "device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else "other")
            raise FileRefused(*both("input.file.not_regular", kind=text(f"input.file.{kind}")),
                              *both("input.hint.regular_file"))
        if info.st_size > limit:
            raise too_large(info.st_size, limit)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while being read
            raise too_large(None, limit)
        return b"".join(chunks)
    except OSError as exc:
        raise unreadable(exc) from None
    finally:
        os.close(fd)
