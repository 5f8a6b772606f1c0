"""A plan file read into plain data, before validation: what the loader's worker processes return
(checker.load.documents), what the parse cache stores (checker.load.cache, cache_codec) and what
the loader then validates. Its own module, so that the cache and its codec need not import the
loader that uses them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from checker.load.errors import InputError
from checker.load.yamlsource import Path_


@dataclass(frozen=True)
class ParsedFile:
    """A plan file read into plain data — its YAML documents with their tables' rows — before
    validation. Plain data is cheap to pickle, so worker processes parse and the main process
    validates, and the parse cache stores this."""

    shown: str
    documents: tuple[tuple[Any, Mapping[Path_, int], Mapping[Path_, Any]], ...]  # (data, lines, tables)
    errors: tuple[InputError, ...] = ()
    # the tables it read: (`table:` as written, the digest of the bytes read) — the caches check them
    dependencies: tuple[tuple[str, str], ...] = ()
    # the digest of the bytes parsed, when a cache is in use ("" otherwise): the result and report
    # caches store nothing whose key took another digest of the file (it changed in between)
    digest: str = field(default="", compare=False)


@dataclass(frozen=True)
class TableSource:
    """Where the rows of one list came from (for locating nodes and errors)."""

    file: str  # as shown, with the sheet: plans/x/plan.xlsx[指標一覧]
    columns: dict[str, str]  # field → header as written
    path: str = ""  # the file itself (the parse cache checks it has not changed)
    # the digest of the bytes the rows were read from: an entry records it, not the digest of the
    # file when the entry is written (the file may have changed since it was read)
    digest: str = ""
