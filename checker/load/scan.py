"""A quick look at plan files before parsing them: which documents each file holds (kind, id,
municipality), read from its top-level lines, plus a digest of its bytes.

A batch check uses this to send each municipality's files to a worker process unparsed, so the
main process never holds (or validates) the municipal documents. The look is only a guess: a
file it cannot read with certainty (flow style, anchors, quotes with escapes, a key written
twice …) is `None`, and the batch compares every guess with the parsed documents afterwards,
falling back to the ordinary path when they differ.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from checker.load.files import FileRefused, read_limited
from checker.kinds import level_of

_KEYS = (b"kind", b"id", b"municipality", b"prefecture")
_MARKERS = (b"---", b"...")  # document start and end
_COMMENT = re.compile(r"[ \t]+#.*$")
_UNSURE_START = tuple("&*!|>{[@`%,?:-")


@dataclass(frozen=True)
class Head:
    """What a document says about itself at the top level."""

    kind: str | None
    id: str | None
    municipality: str | None
    prefecture: str | None

    @property
    def level(self) -> str:
        return level_of(self.kind, self.municipality)


@dataclass(frozen=True)
class Scanned:
    path: Path
    digest: str  # sha256 of the bytes, "" when the file cannot be read
    heads: tuple[Head, ...] | None  # None: not sure — parse the file to know


def scan_file(path: Path, max_bytes: int) -> Scanned:
    try:
        raw = read_limited(path, max_bytes)
    except FileRefused:
        return Scanned(path, "", None)  # the loader reports why
    digest = hashlib.sha256(raw).hexdigest()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    # Only lines starting at column 0 matter, found with bytes.find (a regex over every line of
    # a large corpus costs more than reading it).
    markers = sorted(i for marker in _MARKERS for i in _line_starts(raw, marker) if _ends_token(raw, i + 3))
    if any(_COMMENT.sub("", " " + _rest_of_line(raw, i + 3)).strip() for i in markers):
        return Scanned(path, digest, None)  # content on the marker's line: `--- {kind: …}`
    bounds = [0, *markers, len(raw)]
    found: list[dict[str, str]] = [{} for _ in range(len(bounds) - 1)]
    for key in _KEYS:
        for start in _line_starts(raw, key):
            after = start + len(key)
            colon = after + len(raw[after:after + 16]) - len(raw[after:after + 16].lstrip(b" \t"))
            if raw[colon:colon + 1] != b":":
                continue  # another key that starts with the same letters
            doc = found[bisect.bisect_right(bounds, start) - 1]
            name = key.decode()
            if name in doc:
                return Scanned(path, digest, None)  # written twice: the parser will say so
            value = _scalar(_rest_of_line(raw, colon + 1))
            if value is None:
                return Scanned(path, digest, None)
            doc[name] = value
    heads = []
    for doc, (begin, end) in zip(found, zip(bounds, bounds[1:])):
        if not doc and not raw[begin:end].strip(b" \t\r\n-."):
            continue  # nothing between two markers
        if "kind" not in doc or "id" not in doc:
            return Scanned(path, digest, None)
        heads.append(Head(doc["kind"], unicodedata.normalize("NFKC", doc["id"]).strip(),  # as the model does
                          doc.get("municipality"), doc.get("prefecture")))
    return Scanned(path, digest, tuple(heads))


def _line_starts(raw: bytes, prefix: bytes) -> list[int]:
    """Offsets of the lines that begin with prefix."""
    found = [0] if raw.startswith(prefix) else []
    needle = b"\n" + prefix
    i = raw.find(needle)
    while i >= 0:
        found.append(i + 1)
        i = raw.find(needle, i + 1)
    return found


def _ends_token(raw: bytes, i: int) -> bool:
    return i >= len(raw) or raw[i:i + 1] in (b" ", b"\t", b"\r", b"\n")


def _rest_of_line(raw: bytes, i: int) -> str:
    end = raw.find(b"\n", i)
    try:
        return raw[i:end if end >= 0 else len(raw)].decode("utf-8").rstrip("\r")
    except UnicodeDecodeError:
        return "\0"  # not a value the scan can be sure of


def _scalar(written: str) -> str | None:
    """A plain or simply quoted one-line scalar as the YAML loader reads it; None for anything
    less simple."""
    value = _COMMENT.sub("", written).strip(" \t")  # YAML spaces only: a no-break space is text
    if not value or value.startswith(_UNSURE_START) or "\0" in value:
        return None
    if value[0] in "'\"":
        quote = value[0]
        inner = value[1:-1]
        if len(value) < 2 or value[-1] != quote or quote in inner or "\\" in inner:
            return None
        value = inner
    elif "#" in value or ": " in value:
        return None
    return value
