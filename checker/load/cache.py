"""A parse cache, and a result cache on top of it.

Parse cache: what parsing a file gives — its YAML documents with their tables' rows, as
plain data (load.documents.ParsedFile) — stored by the content hash of the file, so re-checking
unchanged files skips YAML and table parsing. A hit is still validated every time.

An entry is a pickle of (parsed file, dependencies) under `.plancheck_cache/<hash>.pickle`; it is
used only when the file and every table it read still have the same content. A changed file is
therefore always re-read; a corrupt or incompatible entry is ignored and rebuilt. Files with YAML
or table errors are not cached (their messages are cheap to recompute).

Result cache (checker.batch): the findings of one municipality in a batch check, keyed by its
files' contents, the reference documents, the rules, the date checked for and the source of the
whole checker package — so re-checking an unchanged corpus reads neither YAML nor tables and
evaluates nothing. Same store, same safety: entries list the tables they read.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from checker import __version__

DEFAULT_DIR = Path(".plancheck_cache")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@cache
def code_version() -> str:
    """A digest of every module of the checker package: any code change invalidates results."""
    root = Path(__file__).resolve().parent.parent
    return _digest(b"".join(p.read_bytes() for p in sorted(root.rglob("*.py"))))[:16]


def _schema_version() -> str:
    """Entries are only valid for the code that wrote them: the version and the source of
    everything that turns a file into documents."""
    from checker import fiscal, model
    from checker.load import documents, tables, yamlsource

    source = b"".join(Path(str(m.__file__)).read_bytes() for m in (fiscal, model, documents, tables, yamlsource))
    return f"{__version__}:{_digest(source + Path(__file__).read_bytes())[:16]}"


class ParseCache:
    def __init__(self, folder: Path = DEFAULT_DIR) -> None:
        self.folder = folder
        self.version = _schema_version()
        self.hits = 0
        self.misses = 0
        self.result_hits = 0  # municipalities whose findings came from the cache (checker.batch)

    def key(self, shown: str, raw: bytes, options: str) -> str:
        return _digest(b"\0".join([self.version.encode(), shown.encode(), options.encode(), raw]))

    def result_key(self, parts: list[str]) -> str:
        return _digest("\0".join(["results", __version__, code_version(), *parts]).encode())

    def get(self, key: str) -> Any | None:
        """A parsed file (counted in hits/misses)."""
        found = self.fetch(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def fetch(self, key: str) -> Any | None:
        path = self.folder / f"{key}.pickle"
        try:
            with path.open("rb") as handle:
                value, dependencies = pickle.load(handle)
            for dep, digest in dependencies:
                if _digest(Path(dep).read_bytes()) != digest:
                    raise ValueError("a table changed")
        except FileNotFoundError:
            return None
        except Exception:  # corrupt, truncated, from another version, or a table changed: rebuild
            path.unlink(missing_ok=True)
            return None
        return value

    def put(self, key: str, value: Any, dependencies: list[Path]) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            gitignore = self.folder / ".gitignore"
            if not gitignore.exists():
                gitignore.write_text("*\n", encoding="utf-8")
            deps = [(str(d), _digest(d.read_bytes())) for d in dependencies]
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((value, deps), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.folder / f"{key}.pickle")
        except OSError:
            pass  # a read-only or full disk only costs speed: the check itself goes on
