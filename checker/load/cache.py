"""A parse cache, and result and report caches on top of it — plain data, bound to the user who
wrote it.

Parse cache: what parsing a file gives — its YAML documents with their tables' rows, as plain data
(load.parsed.ParsedFile) — stored by a hash of the file's bytes, name and options, so
re-checking unchanged files skips YAML and table parsing. A hit is still validated every time.

Result cache (checker.batch): the findings of one municipality in a batch check, keyed by its
files' contents, the reference documents, the rules, the date checked for and the source of the
whole checker package — so re-checking an unchanged corpus reads neither YAML nor tables and
evaluates nothing; and, keyed the same with the reference files, the reference documents' own.

Report cache (checker.api): a whole check's report, keyed by the code, the rule files, the bundled
plans, the configuration, the options and every plan file's path and content. A hit imports none
of the checker. One report per slot (the paths checked and the options but the date): a new
report replaces the last one there, as a re-check after each edit would otherwise add one.

Indexes, one entry each per scope (the working folder and the paths given): each file's status
(size, times, inode) and digest (`file_digests`: open for the whole check, so the digests of tables
the entries depend on come from it too, written by `close_index`), and what the quick scan saw in
each file content (`scans`, checker.batch). An unchanged file is not even read.

Where: the user's cache folder (platformdirs: $XDG_CACHE_HOME/plancheck or ~/.cache/plancheck),
never a folder being checked unless --cache-dir names it. A folder that is a symbolic link, belongs
to another user or can be written by others is not used (`disabled_reason` says why; the library
prints nothing).

What: `<key>.entry` (a report: `<its slot>.entry`) = the hex HMAC-SHA256 of (format, entry kind,
key, body), a newline, and the
body: JSON of [dependencies, value], the value written and read by cache_codec (plain data, its
shape checked on the way back). The HMAC key is a random secret in `secret.key` (mode 0600, the
user's own): an entry copied from another user, planted by someone else or moved to another key
fails the HMAC and is a miss. Nothing read from the cache can construct an object or run code.

Table entries: one table's rows and TableSource (a load.parsed record), as read for one `table:`
reference, keyed by the request (the list it fills, the reference with its sheet, the file it
resolves to and how that is shown, the limits) and the parse schema version, with the table as its
one dependency (so its content is checked on every hit, and an edited table replaces its entry). The
loader looks them up when a YAML file's parse entry misses: a plan file edited while its tables were
not reads no table, and imports neither pandas nor pandera. Tables with problems are not stored.

Dependencies: each table an entry's documents read, as the plan refers to it (the YAML file's
folder joined with the `table:` value, not resolved) with the file it resolved to and the digest of
the bytes the loader read (tables.py): not the file's digest when the entry is written, since a
table saved in between would pair the old rows with the new content. An entry whose table changed
after it was read is not written. A hit needs every table to still resolve to the same file,
inside the plan's folder, with the same content — so re-pointing a symbolic link, or editing a
table, rebuilds the entry.

Size: `tidy`, at the end of a check and at most once a day, removes the entries no check used for
UNUSED_DAYS and, beyond MAX_MB (PLANCHECK_CACHE_MB), the least recently used; a hit renews an entry.

Anything unexpected — a missing, corrupt, truncated, foreign or older entry, a read-only or full
disk — only costs speed: it is a miss, or the entry is not written. Files are written through a
temporary file made with O_EXCL|O_NOFOLLOW and os.replace, never through a symbolic link.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import json
import os
import secrets
import stat
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence, TypeVar

from checker import __version__, resources
from checker.i18n import Both, t
from checker.load.cache_codec import (
    Malformed, decode_checked, decode_digests, decode_parsed, decode_report, decode_scans, decode_table, encode_checked,
    encode_parsed, encode_report, encode_table
)
from checker.load.files import FileRefused, read_limited
from checker.load.paths import resolve_folder
from checker.load.limits import DEFAULT_LIMITS
from checker.output import os_reason

if TYPE_CHECKING:
    from checker.load.parsed import ParsedFile, TableSource
    from checker.report import Checked, Report

FORMAT = b"plancheck-cache-2"  # in every MAC: entries of another format fail it
KEY_FILE = "secret.key"
KEY_BYTES = 32
SUFFIX = ".entry"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # 0 on Windows (no owner and mode checks there either)
_BINARY = getattr(os, "O_BINARY", 0)

_Value = TypeVar("_Value")
# (index of the plan file's folder, the `table:` value as written, the digest of the bytes read)
Dependency = tuple[int, str, str]


def default_dir() -> Path:
    """The user's cache folder for plancheck ($XDG_CACHE_HOME/plancheck or ~/.cache/plancheck on
    Linux, ~/Library/Caches/plancheck on macOS, %LOCALAPPDATA%\\plancheck\\Cache on Windows)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("plancheck", appauthor=False))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@cache
def code_version() -> str:
    """A digest of every module of the checker package: any code change invalidates results."""
    root = Path(__file__).resolve().parent.parent
    return _digest(b"".join(p.read_bytes() for p in sorted(root.rglob("*.py"))))[:16]


@cache
def bundle_digest() -> str:
    """A digest of the rule files and the bundled plans (the reference data and its tables): a
    report depends on them as on the code."""
    root = resources.data_root()
    files = []
    for folder in (resources.rules_dir(), resources.plans_dir()):
        for here, folders, names in os.walk(folder):
            folders[:] = sorted(f for f in folders if f != "cases")  # a rule's golden cases are not the rule
            files += [os.path.join(here, name) for name in sorted(names)]
    return _digest(b"".join(os.path.relpath(f, root).encode("utf-8", "surrogateescape") + b"\0" +
                            _digest(_read_regular(f)).encode() for f in files))


# Everything that turns a file into the plain data of a parse entry (paths in the checker package):
# its source is part of every parse entry's key. Read as files: the cache depends on their text, and
# importing the loader here would make the loader and its cache import each other.
_PARSING_SOURCES = ("fiscal.py", "kinds.py", "model.py", "load/parse.py", "load/documents.py", "load/tables.py",
                    "load/yamlsource.py", "load/cache_codec.py", "load/parsed.py",
                    "i18n.py")  # the texts of the input errors a parse entry keeps (input.*, calendar.*)


def _schema_version() -> str:
    """Entries are only valid for the code that wrote them: the version and the source of
    everything that turns a file into documents."""
    package = Path(__file__).resolve().parent.parent
    source = b"".join((package / name).read_bytes() for name in _PARSING_SOURCES)
    return f"{__version__}:{_digest(source + Path(__file__).read_bytes())[:16]}"


def _user() -> int | None:
    """The current user's id; None where there is none (Windows: no owner or mode checks)."""
    return os.getuid() if hasattr(os, "getuid") else None


@dataclass(frozen=True)
class Refusal:
    """Why the cache is not used (ParseCache.disabled_reason): the catalogue's cache.<key> with its
    params, ja() / en() in each language (a {param} of cli.no_cache renders in the notice's);
    str() is the English."""

    key: str
    params: tuple[tuple[str, str | Both], ...] = ()

    def ja(self) -> str:
        return t(f"cache.{self.key}", "ja", **dict(self.params))

    def en(self) -> str:
        return t(f"cache.{self.key}", "en", **dict(self.params))

    __str__ = en


class _Refused(Exception):
    """Why the cache folder or its key cannot be trusted: a Refusal (cache.<key>, with its params)."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.refusal = Refusal(key, tuple((name, value if isinstance(value, Both) else str(value))
                                          for name, value in params.items()))
        super().__init__(str(self.refusal))


def _error(exc: OSError) -> Both:
    """What the system says went wrong: in English its own words (as before), in Japanese the
    catalogue's where it has them (output.reason.*: permission denied, not a folder, disk full …)."""
    return Both(os_reason(exc)[0], str(exc.strerror))


def _trust(path: Path, info: os.stat_result, kind: str) -> None:
    """Refuse what another user could have written or could change: a symbolic link, not the
    expected kind of file, another owner, group- or world-writable (a key: any group or world bit)."""
    if stat.S_ISLNK(info.st_mode):
        raise _Refused("symbolic_link", path=path)
    if not (stat.S_ISDIR if kind == "folder" else stat.S_ISREG)(info.st_mode):
        raise _Refused("not_folder" if kind == "folder" else "not_file", path=path)
    user = _user()
    if user is None:
        return
    if info.st_uid != user:
        raise _Refused("other_owner", path=path)
    if info.st_mode & (0o022 if kind == "folder" else 0o077):
        raise _Refused("writable_by_others" if kind == "folder" else "readable_by_others", path=path)


def _trusted_folder(folder: Path) -> None:
    """Create the folder (0700) if missing, then refuse it unless it can be trusted (_trust)."""
    try:
        try:
            info = os.lstat(folder)
        except FileNotFoundError:
            with suppress(FileExistsError):  # a concurrent run made it
                folder.mkdir(mode=0o700, parents=True)
            info = os.lstat(folder)
    except OSError as exc:
        raise _Refused("cannot_create_folder", folder=folder, error=_error(exc)) from None
    _trust(folder, info, "folder")


def _read_all(fd: int, size: int) -> bytes:
    """A file's bytes, given its size now: one read, more when it has grown. (A read cut short
    gives an entry whose signature fails: a miss.)"""
    chunks = [os.read(fd, size + 1)]
    if len(chunks[0]) <= size:
        return chunks[0]
    while chunks[-1]:
        chunks.append(os.read(fd, 1 << 20))
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _resolved(base: str | Path, name: str, real_bases: dict[str, str],
              lstat: Callable[[str], os.stat_result] = os.lstat) -> tuple[str, str]:
    """(the path of a table as the plan refers to it, the file it resolves to). An OSError when it
    resolves outside the plan's folder (tables.py refuses those). As os.path.realpath, but the
    folder is resolved once per check (`real_bases`) and the name's parts (usually one) with a
    `lstat` each (the open index's: once per check)."""
    real_base = resolve_folder(os.fspath(base), real_bases)
    path = os.path.join(base, name)
    parts = name.replace(os.altsep, os.sep).split(os.sep) if os.altsep else name.split(os.sep)
    real = real_base
    for part in parts:
        real = os.path.join(real, part)
        if part in ("", ".", "..") or stat.S_ISLNK(lstat(real).st_mode):
            real = os.path.realpath(os.path.join(real_base, name))
            break
    if not (real + os.sep).startswith(real_base.rstrip(os.sep) + os.sep):
        raise OSError(errno.EXDEV, "outside the plan's folder", path)
    return path, real


def _read_regular(path: str) -> bytes:
    """A table's bytes for its digest: a regular file, bounded like every read of plan input
    (a table over the limit is refused by the loader anyway, so its entry is never a hit)."""
    try:
        return read_limited(path, max(DEFAULT_LIMITS.file_bytes, _TABLE_LIMIT))
    except FileRefused as exc:
        raise OSError(errno.EINVAL, exc.reason_en, path) from None


_TABLE_LIMIT = 1 << 30  # a profile may raise limits.file_mb; beyond 1 GB a table is never cached
_DAY = 24 * 3600
# Entries no check used for this long are removed (ParseCache.tidy, at most once a day): every
# plancheck version, and every edited file, leaves entries nothing will read again.
UNUSED_DAYS = 30
# Beyond this size the sweep also removes the least recently used entries, down to 80% of it:
# a full national corpus takes about 280 MB a plancheck version. PLANCHECK_CACHE_MB overrides it.
MAX_MB = 2048
SWEPT = "swept"  # the time of the last sweep is this file's modification time
# A file's times have a coarse tick on some file systems: a file changed less than this long ago
# could change again without its times changing, so its digest is not indexed yet (git's "racy" case).
_SETTLED_NS = 2 * 10**9


class ParseCache:
    """The cache folder (default: the user's cache folder). When it cannot be trusted or used,
    `disabled_reason` says why and every lookup is a miss, nothing is written."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = default_dir() if folder is None else Path(folder)
        self.version = _schema_version()
        self.hits = 0
        self.misses = 0
        self.result_hits = 0  # municipalities whose findings came from the cache (checker.batch)
        self.report_hits = 0  # whole reports that came from the cache (checker.api)
        self.table_hits = self.table_misses = 0  # table entries, looked up when their plan file missed
        self.disabled_reason: Refusal | None = None  # str(): the English
        self._secret = b""
        self._keyed: hmac.HMAC | None = None  # an HMAC under the secret of nothing yet: copied for each entry
        self._index: _StatusIndex | None = None  # file_digests' index of file status, kept to the end of a check
        self._real_bases: dict[str, str] = {}  # folders resolved in this check (_resolved)
        self._tables_resolved: dict[tuple[str, str], tuple[str, str]] = {}  # (folder, `table:` value) → _resolved
        try:
            self._open(in_project=folder is not None and self.folder != default_dir())
        except _Refused as exc:
            self.disabled_reason = exc.refusal

    # --- keys -----------------------------------------------------------------------------------

    def key(self, shown: str, digest: str, options: str) -> str:
        """A parse entry's key: the file as shown, the digest of its bytes and the options."""
        return _digest(b"\0".join([self.version.encode(), shown.encode(), options.encode(), digest.encode()]))

    def result_key(self, parts: list[str]) -> str:
        return _digest("\0".join(["results", __version__, code_version(), *parts]).encode())

    def report_key(self, files: Sequence[str | Path], context: str, scope: str) -> str | None:
        """The key of a whole check's report: the checker's code, rules and bundled plans, the plan
        files (each by its path as given and its content: file_digests in `scope`) and `context`
        (the configuration, the options). None when a file cannot be read: the check itself says
        why."""
        try:
            digests = self.file_digests(files, scope)
        except OSError:
            return None
        parts = ["report", __version__, code_version(), bundle_digest(), context, scope]
        parts += [f"{os.fspath(f)}\0{digest}" for f, digest in zip(files, digests)]
        return _digest("\0".join(parts).encode("utf-8", "surrogateescape"))

    def file_digests(self, files: Sequence[str | Path], scope: str) -> list[str]:
        """The digest of each file's content. A file whose status (size, modification and change
        time, inode) is what the index of `scope` recorded is not read again, as git's index does.
        The index stays open for the rest of the check: the tables whose digests the cache checks
        are looked up in it too, and `close_index` writes it anew. A file changed in the last
        moments is left out of the index (its times might not change with its next edit), and so
        is a symbolic link (its target may change without it). OSError for a file that cannot be read."""
        if self._index is None or self._index.scope != scope:
            self.close_index()
            key = _digest(b"digests\0" + scope.encode("utf-8", "surrogateescape"))
            value = self._load(b"digests", key, [])
            try:
                known = decode_digests(value) if value is not None else {}
            except Malformed:
                known = {}
            self._index = _StatusIndex(scope, key, known)
        return [self._index.digest(os.fspath(file)) for file in files]

    def known_digests(self) -> dict[str, str]:
        """The digest of each file file_digests (or a table check) took in this check, by its name
        as given."""
        return self._index.digests if self._index is not None else {}

    def close_index(self) -> None:
        """Write the index of file status (if it changed): the files looked up in this check."""
        index, self._index = self._index, None
        self._real_bases = {}
        self._tables_resolved = {}
        if index is not None and index.seen != index.known:
            self._store(b"digests", index.key, index.seen, [], [], plain=True)

    def tidy(self, now: float | None = None) -> int:
        """Remove the entries (and temporary files left by a run that was killed) that no check
        has used for UNUSED_DAYS — a hit renews an entry's time — then, while the rest is over
        MAX_MB, the least recently used; looking at most once a day. Only regular files of the
        cache's own names, never through a link. The number removed."""
        now = time.time() if now is None else now
        if not self._secret or not self._stamp_older_than(now - _DAY):
            return 0
        kept: list[tuple[float, int, str]] = []  # (last used, size, path)
        removed = 0
        try:
            with os.scandir(self.folder) as listing:
                for entry in listing:
                    name = entry.name
                    if not (name.endswith(SUFFIX) or (name.startswith(".") and name.endswith(".tmp"))):
                        continue
                    with suppress(OSError):
                        info = entry.stat(follow_symlinks=False)
                        if not stat.S_ISREG(info.st_mode):
                            continue
                        if info.st_mtime < now - UNUSED_DAYS * _DAY:
                            os.unlink(entry.path)
                            removed += 1
                        else:
                            kept.append((info.st_mtime, info.st_size, entry.path))
        except OSError:
            return removed
        return removed + _trim(kept, _max_bytes())

    def _stamp_older_than(self, when: float) -> bool:
        """Whether the last sweep was before `when`; if so, the stamp now says one is under way."""
        stamp = self.folder / SWEPT
        try:
            info = os.lstat(stamp)
            if not stat.S_ISREG(info.st_mode) or info.st_mtime >= when:
                return False  # swept lately, or a link or a folder in its place: never through that
        except FileNotFoundError:
            pass
        except OSError:
            return False
        try:  # created without following a link where O_NOFOLLOW exists
            fd = os.open(stamp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW | _BINARY, 0o600)
        except OSError:
            return False
        try:
            _renew(fd)
        finally:
            os.close(fd)
        return True

    def _resolve(self, base: str | Path, name: str) -> tuple[str, str]:
        """_resolved(base, name): once per check while the index is open (the tables of the stored
        findings a check reads are resolved again when its report is stored), its plan folders in
        `_real_bases`; else each time — a folder may be re-pointed between checks."""
        if self._index is None:
            return _resolved(base, name, {}, os.lstat)
        key = (os.fspath(base), name)
        found = self._tables_resolved.get(key)
        if found is None:
            found = self._tables_resolved[key] = _resolved(base, name, self._real_bases, self._index.lstat)
        return found

    def status(self) -> Callable[[str], os.stat_result]:
        """os.lstat, through the open index of file status if there is one (each file's status
        taken once per check: file_digests took every plan file's)."""
        return self._index.lstat if self._index is not None else os.lstat

    def _file_digest(self, name: str) -> str:
        """A file's digest, through the open index of file status if there is one."""
        return self._index.digest(name) if self._index is not None else _digest(_read_regular(name))

    def scans(self, options: str) -> dict[str, Any]:
        """What the quick scan (checker.load.scan) saw in each file content of the last check of
        this scope, by digest: plain data for checker.batch (decode_scans). Empty without an index."""
        if self._index is None:
            return {}
        value = self._load(b"scans", self._scans_key(options), [])
        try:
            return decode_scans(value) if value is not None else {}
        except Malformed:
            return {}

    def put_scans(self, options: str, scans: dict[str, Any]) -> None:
        if self._index is not None:
            self._store(b"scans", self._scans_key(options), scans, [], [], plain=True)

    def _scans_key(self, options: str) -> str:
        assert self._index is not None
        return _digest(b"\0".join([b"scans", code_version().encode(), options.encode(),
                                   self._index.scope.encode("utf-8", "surrogateescape")]))

    # --- the entries ----------------------------------------------------------------------------------

    def get(self, key: str, base: Path) -> "ParsedFile | None":
        """The parsed file stored under `key` (counted in hits/misses); `base` is the folder of
        the plan file, which its tables are relative to."""
        found = self._get(b"parse", key, [base], decode_parsed)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def put(self, key: str, parsed: "ParsedFile", base: Path) -> None:
        self._store(b"parse", key, encode_parsed(parsed), [base],
                    [(0, name, digest) for name, digest in parsed.dependencies])

    def table_key(self, parts: Sequence[str]) -> str:
        """The key of a table entry: the parse schema version and `parts` (the loader's request)."""
        return _digest("\0".join(["table", self.version, *parts]).encode("utf-8", "surrogateescape"))

    def get_table(self, key: str, base: Path) -> "tuple[list[dict[str, Any]], TableSource] | None":
        """A table's rows and source stored under `key` (counted in table_hits/table_misses); `base`
        is the folder of the plan file the table is relative to."""
        found = self._get(b"table", key, [base], decode_table)
        if found is None:
            self.table_misses += 1
        else:
            self.table_hits += 1
        return found

    def put_table(self, key: str, rows: list[dict[str, Any]], source: "TableSource", base: Path, name: str) -> None:
        """Store a table read without a problem, depending on `name` (the `table:` value) in `base`:
        only when it reads back the same (cells are plain data; anything else is not stored)."""
        self._store_same(b"table", key, encode_table(rows, source), decode_table, (rows, source), [base],
                         [(0, name, source.digest)])

    def stored(self, keys: Sequence[str]) -> set[str]:
        """The keys among `keys` that have an entry file (a lookup may still miss: a bad signature,
        a table changed); none when the cache is not used."""
        if not self._secret:
            return set()
        folder = os.fspath(self.folder)
        return {key for key in keys if os.path.isfile(os.path.join(folder, f"{key}{SUFFIX}"))}

    def get_result(self, key: str, bases: Sequence[str | Path]) -> "Checked | None":
        """A municipality's findings (checker.batch), marked `cached`; `bases` are the folders of its
        plan files."""
        return self._get(b"result", key, bases, _decode_cached)

    def put_result(self, key: str, checked: "Checked", bases: Sequence[str | Path],
                   dependencies: Sequence[Dependency]) -> None:
        self._store_same(b"result", key, encode_checked(checked), decode_checked, replace(checked, cached=False),
                         bases, dependencies)

    def get_report(self, key: str, bases: Sequence[str | Path], slot: str) -> "tuple[Report, tuple[str, ...]] | None":
        """A whole check's report and the files it skipped (checker.api); `bases`: the folders of
        its plan files, which its tables are relative to. `slot` names what was checked (the paths,
        the options): it holds the last report stored for them only — each edit of a national
        corpus makes a new 3 MB report, which replaces the last instead of piling up."""
        found = self._get(b"report", key, bases, decode_report, stored_as=self._slot(slot))
        if found is not None:
            self.report_hits += 1
        return found

    def put_report(self, key: str, report: "Report", skipped: Sequence[str], bases: Sequence[str | Path],
                   dependencies: Sequence[Dependency], slot: str) -> None:
        self._store_same(b"report", key, encode_report(report, skipped), decode_report, (report, tuple(skipped)),
                         bases, dependencies, stored_as=self._slot(slot))

    @staticmethod
    def _slot(slot: str) -> str:
        return _digest(b"report-slot\0" + slot.encode("utf-8", "surrogateescape"))

    def _get(self, kind: bytes, key: str, bases: Sequence[str | Path], decode: Callable[[Any], _Value],
             stored_as: str | None = None) -> _Value | None:
        """An entry's value, decoded (shape-checked); None for a miss or a value of the wrong shape."""
        value = self._load(kind, key, bases, stored_as)
        if value is not None:
            with suppress(Malformed):
                return decode(value)
        return None

    def _store_same(self, kind: bytes, key: str, value: Any, decode: Callable[[Any], Any], expected: Any,
                    bases: Sequence[str | Path], dependencies: Sequence[Dependency],
                    stored_as: str | None = None) -> None:
        """Store `value` only when it reads back as `expected` through JSON: violation parameters and
        table cells are free-form, and what does not come back the same must not be served."""
        def same(text: str) -> bool:
            try:
                return bool(decode(json.loads(text)) == expected)
            except (Malformed, TypeError, ValueError, RecursionError):
                return False

        self._store(kind, key, value, bases, dependencies, same, stored_as)

    # --- the folder and its key ------------------------------------------------------------------

    def _open(self, in_project: bool) -> None:
        _trusted_folder(self.folder)
        # The key always lives in the user's own cache folder, also when --cache-dir names another:
        # a cache folder unpacked from someone else's archive would otherwise bring its own key.
        home = default_dir()
        if os.path.realpath(home) != os.path.realpath(self.folder):
            _trusted_folder(home)
        self._secret = self._read_secret(home / KEY_FILE)
        self._keyed = hmac.new(self._secret, digestmod=hashlib.sha256)  # the key's part, once: thousands of entries
        if in_project:
            self._write_gitignore()

    def _read_secret(self, path: Path) -> bytes:
        for _ in range(2):
            try:
                if not _NOFOLLOW and os.path.islink(path):
                    raise _Refused("symbolic_link", path=path)
                fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _BINARY)
            except FileNotFoundError:
                self._create_secret(path)
                continue
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    raise _Refused("symbolic_link", path=path) from None
                raise _Refused("unreadable", path=path, error=_error(exc)) from None
            with open(fd, "rb") as handle:
                _trust(path, os.fstat(fd), "file")
                secret = handle.read(KEY_BYTES + 1)
            if len(secret) != KEY_BYTES:
                raise _Refused("not_a_key", path=path)
            return secret
        raise _Refused("cannot_create", path=path)

    def _create_secret(self, path: Path) -> None:
        """A new random key, made whole in a private temporary file (O_EXCL|O_NOFOLLOW, 0600)
        and linked into place: a concurrent run sees no key or a whole one, and the first wins."""
        try:
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-", suffix=".tmp")
        except OSError as exc:
            raise _Refused("cannot_create_key", folder=path.parent, error=_error(exc)) from None
        try:
            try:
                _write_all(fd, secrets.token_bytes(KEY_BYTES))
            finally:
                os.close(fd)
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass
            except OSError:  # no hard links here: create it in place, exclusively
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY, 0o600)
                try:
                    _write_all(fd, secrets.token_bytes(KEY_BYTES))
                finally:
                    os.close(fd)
        except FileExistsError:
            pass
        except OSError as exc:
            raise _Refused("cannot_create_file", path=path, error=_error(exc)) from None
        finally:
            with suppress(OSError):
                os.unlink(tmp)

    def _write_gitignore(self) -> None:
        """Keep a cache inside a project out of git; never through a link, never over a file."""
        try:
            fd = os.open(self.folder / ".gitignore", os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY,
                         0o644)
        except OSError:  # it exists (perhaps as a link), or the folder is read-only
            return
        try:
            _write_all(fd, b"*\n")
        except OSError:
            pass
        finally:
            os.close(fd)

    # --- entries ---------------------------------------------------------------------------------

    def _mac(self, kind: bytes, key: str, body: bytes) -> bytes:
        assert self._keyed is not None  # the cache is used: its secret was read
        mac = self._keyed.copy()
        mac.update(b"\0".join([FORMAT, kind, key.encode(), b""]))
        mac.update(body)
        return mac.hexdigest().encode()

    def _load(self, kind: bytes, key: str, bases: Sequence[str | Path], stored_as: str | None = None) -> Any | None:
        """The value of an entry whose HMAC holds and whose tables are unchanged, else None. `stored_as`:
        the entry's file when it is not the key's (a slot: the HMAC still binds the key)."""
        if not self._secret:
            return None
        try:  # with the descriptor alone: a batch check reads thousands of entries
            fd = os.open(os.path.join(self.folder, f"{stored_as or key}{SUFFIX}"), os.O_RDONLY | _NOFOLLOW | _BINARY)
            try:
                info = os.fstat(fd)
                blob = _read_all(fd, info.st_size)
                if time.time() - info.st_mtime > _DAY:
                    _renew(fd)  # in use: tidy keeps it (renewed once a day, not at every hit)
            finally:
                os.close(fd)
        except OSError:
            return None
        mac, newline, body = blob.partition(b"\n")
        if not newline or not hmac.compare_digest(mac, self._mac(kind, key, body)):
            return None  # corrupt, truncated, another user's, another key's or another format's
        try:
            entry = json.loads(body)
            if type(entry) is not list or len(entry) != 2 or not self._unchanged(entry[0], bases):
                return None
        except (ValueError, RecursionError):
            return None
        return entry[1]

    def _unchanged(self, dependencies: Any, bases: Sequence[str | Path]) -> bool:
        """Whether each table still resolves to the same file inside its plan's folder, with the
        same content."""
        if type(dependencies) is not list:
            return False
        for dependency in dependencies:
            if type(dependency) is not list or len(dependency) != 4:
                return False
            index, name, real, digest = dependency
            if type(index) is not int or not 0 <= index < len(bases) or \
                    not all(type(v) is str for v in (name, real, digest)):
                return False
            try:
                path, now = self._resolve(bases[index], name)
                if now != real or self._file_digest(now) != digest:
                    return False
            except OSError:
                return False
        return True

    def _store(self, kind: bytes, key: str, value: Any, bases: Sequence[str | Path], dependencies: Sequence[Dependency],
               keep: Callable[[str], bool] | None = None, stored_as: str | None = None, plain: bool = False) -> None:
        """Write an entry; with `keep`, only when keep(the value's JSON) holds (_store_same: the value
        is written to text once, for the test and for the entry). `plain`: the value holds text, integers,
        None, lists and mappings with text keys only (an index: _text writes it as json.dumps would)."""
        if not self._secret:
            return
        try:
            text = _text(value) if keep is not None or plain else _dumps(value)
            if keep is not None and not keep(text):
                return
            records = []
            for index, name, digest in dependencies:
                path, real = self._resolve(bases[index], name)
                # The digest of what was read, not of the file now: an entry that paired rows read
                # before an edit with the edited file's digest would be served as current. (The file
                # is looked up all the same: the index learns it, and an entry stale already is not
                # written; "": a table read twice that changed in between.)
                if not digest or self._file_digest(real) != digest:
                    return
                records.append([index, name, real, digest])
            # as json.dumps([records, value]) would write it
            body = f"[{json.dumps(records, ensure_ascii=False, separators=(',', ':'))},{text}]".encode("utf-8")
            self._write(f"{stored_as or key}{SUFFIX}", self._mac(kind, key, body) + b"\n" + body)
        except (OSError, ValueError, TypeError, RecursionError):
            pass  # not plain data, a read-only or full disk: only costs speed, the check goes on

    def _write(self, name: str, blob: bytes) -> None:
        """Write through a new private temporary file (mkstemp: O_EXCL|O_NOFOLLOW) and replace;
        the temporary file is removed on every failure."""
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        try:
            try:
                handle = os.fdopen(fd, "wb")
            except BaseException:
                os.close(fd)
                raise
            with handle:
                handle.write(blob)
            os.replace(tmp, self.folder / name)
        except BaseException:
            with suppress(OSError):
                os.unlink(tmp)
            raise


def _max_bytes() -> int:
    """MAX_MB, or PLANCHECK_CACHE_MB when it is a whole number of MB (else the default)."""
    value = os.environ.get("PLANCHECK_CACHE_MB", "")
    return (int(value) if value.isdigit() else MAX_MB) << 20


def _trim(entries: list[tuple[float, int, str]], limit: int) -> int:
    """Remove the least recently used of (last used, size, path) while their sizes add up to more
    than `limit`, down to 80% of it (so that the next sweeps do not trim a few files each time)."""
    total = sum(size for _, size, _ in entries)
    if total <= limit:
        return 0
    removed = 0
    for _, size, path in sorted(entries):
        if total <= limit * 0.8:
            break
        with suppress(OSError):
            os.unlink(path)
            total -= size
            removed += 1
    return removed


def _renew(fd: int) -> None:
    """Set an open file's modification time to now, where the platform can through the descriptor."""
    with suppress(OSError):
        if os.utime in os.supports_fd:
            os.utime(fd)


def _decode_cached(value: Any) -> "Checked":
    return decode_checked(value, cached=True)


def _text(value: Any) -> str:
    """A value's JSON text as json.dumps(ensure_ascii=False, compact) writes it, by orjson where it
    can (a national report: a tenth of the time). Only for a value whose text is read back and
    compared before it is stored (_store_same), or that holds no float (an index): orjson writes
    NaN as null and a float's digits its own way, which that comparison refuses or reads back the
    same. What orjson does not write as plain data (an integer beyond 64 bits, a subclass, a
    dataclass, a name that is not UTF-8 …) json.dumps writes or refuses."""
    import orjson

    try:
        return orjson.dumps(value, default=_refuse, option=orjson.OPT_PASSTHROUGH_DATACLASS |
                            orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_SUBCLASS).decode("utf-8")
    except TypeError:
        return _dumps(value)


def _dumps(value: Any) -> str:
    """An entry's JSON text: compact, UTF-8 as it is; what is not plain data is refused (_refuse)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_refuse)


def _refuse(value: Any) -> Any:
    """json.dumps' hook for what is not plain data: such a file is simply not cached."""
    raise TypeError(f"not plain data: {type(value).__name__}")


class _StatusIndex:
    """file_digests' index: each file's status (size, modification and change time, inode) and
    digest, as the last check of a scope recorded it (`known`) and as this one finds it (`seen`)."""

    def __init__(self, scope: str, key: str, known: dict[str, list[Any]]) -> None:
        self.scope, self.key, self.known = scope, key, known
        self.seen: dict[str, list[Any]] = {}
        self.digests: dict[str, str] = {}  # every file looked up, also those left out of `seen`
        self._stats: dict[str, os.stat_result] = {}
        self._now = time.time_ns()

    def lstat(self, name: str) -> os.stat_result:
        """os.lstat(name), once per check: each entry that depends on a table resolves it again."""
        info = self._stats.get(name)
        if info is None:
            info = self._stats[name] = os.lstat(name)
        return info

    def digest(self, name: str) -> str:
        """The digest of the file `name`, read only when its status is not the recorded one.
        OSError for a file that cannot be read."""
        if name in self.digests:
            return self.digests[name]
        info = self.lstat(name)
        status = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
        entry = self.known.get(name)
        linked = stat.S_ISLNK(info.st_mode)
        digest = entry[4] if entry is not None and entry[:4] == status and not linked else _digest(_read_regular(name))
        self.digests[name] = digest
        if not linked and self._now - max(info.st_mtime_ns, info.st_ctime_ns) > _SETTLED_NS:
            self.seen[name] = [*status, digest]
        return digest
