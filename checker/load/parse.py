"""Stage 1 of loading: plan files → plain data (ParsedFile): each file's YAML, with the rows of
the tables it refers to in place, from the parse cache where the file and its tables are unchanged.
No model is imported here (stage 2, checker.load.documents, validates): a check starts this
stage in a second process while this one imports pydantic's models and the rules
(checker.load.units.SplitAhead)."""

from __future__ import annotations

import hashlib
import os
import stat
import typing
import unicodedata
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, Sequence

from checker import resources
from checker.i18n import both
from checker.kinds import DOCUMENT_KINDS, level_of
from checker.load.errors import InputError, PlanInputError
from checker.load.files import FileRefused, read_limited
from checker.load.limits import DEFAULT_LIMITS, Limits
from checker.load.parsed import ParsedFile
from checker.load.paths import discover, display_path, real_paths
from checker.load.yamlsource import Path_, parse_yaml_documents

if TYPE_CHECKING:
    from checker.load.cache import ParseCache
    from checker.load.tables import TableRequest, TableResult


def _parse_chunk(shared: tuple[bool, "ParseCache | None", Limits], files: Sequence[Path]) -> list[ParsedFile]:
    reference_only, cache, limits = shared
    return parse_files(files, reference_only=reference_only, cache=cache, limits=limits)


PARSE_CHUNK = 8  # files per worker task: their tables are validated together


def read_raw(file: Path, shown: str, max_bytes: int = DEFAULT_LIMITS.file_bytes) -> bytes:
    """A plan file's bytes: a regular file within the size limit (checker.load.files)."""
    try:
        return read_limited(file, max_bytes)
    except FileRefused as exc:
        raise PlanInputError(InputError("INPUT-001", shown, None, None, exc.reason_ja, exc.reason_en,
                                        exc.hint_ja, exc.hint_en)) from None


def decode(raw: bytes, shown: str) -> str:
    if b"\x00" in raw:
        raise PlanInputError(InputError("INPUT-001", shown, None, None, *both("input.nul"),
                                        *both("input.hint.save_as_text")))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PlanInputError(InputError("INPUT-001", shown, line, None, *both("input.not_utf8"),
                                        *both("input.hint.save_as_utf8"))) from None


def _is_reference(data: Any) -> bool:
    """National and prefectural documents, recognised before anything else of them is read."""
    return isinstance(data, dict) and data.get("kind") in DOCUMENT_KINDS and \
        level_of(data.get("kind"), data.get("municipality")) != "municipal"


def parse_file(file: Path, *, reference_only: bool = False, cache: "ParseCache | None" = None,
               limits: Limits = DEFAULT_LIMITS) -> ParsedFile:
    """Stage 1: YAML and tables into plain data (from the cache when the file and its tables
    are unchanged)."""
    return parse_files([file], reference_only=reference_only, cache=cache, limits=limits)[0]


@dataclass
class _Reading:
    """A file between its YAML and its tables (parse_files)."""

    file: Path
    shown: str
    key: str = ""
    documents: list[tuple[Any, Mapping[Path_, int], dict[Path_, Any]]] = field(default_factory=list)
    failed: set[int] = field(default_factory=set)  # documents whose tables could not be read
    errors: list[InputError] = field(default_factory=list)
    done: ParsedFile | None = None  # from the cache, or a file that could not be read at all
    digest: str = ""  # of the bytes read (with a cache only)
    dependencies: dict[str, set[str]] = field(default_factory=dict)  # `table:` value → digests of what was read


def parse_files(files: Sequence[Path], *, reference_only: bool = False, cache: "ParseCache | None" = None,
                limits: Limits = DEFAULT_LIMITS) -> list[ParsedFile]:
    """parse_file for several files at once, in order: the YAML of each, then all their tables
    in one batch (tables.read_tables validates the tables of one kind together)."""
    readings = [_read_yaml(f, reference_only, cache, limits) for f in files]
    places: list[tuple[_Reading, int, Path_, Any, dict[str, Any]]] = []  # (file, document, list path, holder, reference)
    for reading in readings:
        for n, (data, lines, _) in enumerate(reading.documents):
            for path, holder, ref in _table_refs(data):
                places.append((reading, n, path, holder, ref))
    if not places:  # no table: the reader is not imported (the bundled documents, most YAML of a city)
        return [_parsed(reading, cache) for reading in readings]
    from checker.load.tables import TableRequest

    requests = [TableRequest(str(path[-1]), ref, reading.file, reading.shown, reading.documents[n][1].get(path))
                for reading, n, path, _, ref in places]
    for (reading, n, path, holder, _), request, result in zip(places, requests, _tables(requests, cache, limits)):
        if isinstance(result, PlanInputError):
            reading.errors.extend(failed_document(result.errors, reading.documents[n][0]))
            reading.failed.add(n)
        else:
            holder[path[-1]], reading.documents[n][2][path] = result
            # as the plan refers to it, not resolved (what the caches check), with what was read
            reading.dependencies.setdefault(request.ref["table"], set()).add(result[1].digest)
    return [_parsed(reading, cache) for reading in readings]


def _tables(requests: "Sequence[TableRequest]", cache: "ParseCache | None", limits: Limits) -> "list[TableResult]":
    """read_tables, each table's result from the cache when it is there: a YAML file edited while
    its tables were not reads no table (and imports neither pandas nor pandera). Only the misses
    are read, in one batch as before; each one read without a problem is stored on its own.

    A table entry is keyed by the request as far as a result read without a problem depends on it
    (the list it fills, the reference with its sheet, the table's real path and how it is shown)
    and the limits; the parse schema version is mixed in by the cache. Not by the YAML file's name
    or the reference's line: only problems mention those, and problems are not stored (one may
    depend on a file that is missing now and not later), so a YAML edit that moves the reference
    still hits. Not by the table's content either: the entry depends on the table as a parse entry
    does (the file it resolves to, inside the plan's folder, and its digest, checked on every hit),
    so one entry per table is kept and an edited table simply replaces it. A reference that is
    malformed or cannot be resolved inside the plan's folder is not looked up: read_tables says
    what is wrong with it."""
    from checker.load.tables import read_tables

    if cache is None:
        return read_tables(requests, display_path, limits)
    results: list[TableResult | None] = []
    keys: dict[int, tuple[str, str]] = {}  # request number → (its entry's key, its real path)
    for i, request in enumerate(requests):
        found = _table_key(request, cache, limits)
        hit = None
        if found is not None:
            keys[i] = found
            hit = cache.get_table(found[0], request.yaml_file.parent)
        results.append(hit)
    misses = [i for i, result in enumerate(results) if result is None]
    if not misses:
        return typing.cast("list[TableResult]", results)
    for i, result in zip(misses, read_tables([requests[i] for i in misses], display_path, limits)):
        results[i] = result
        if i in keys and not isinstance(result, PlanInputError) and result[1].path == keys[i][1]:
            cache.put_table(keys[i][0], *result, requests[i].yaml_file.parent, requests[i].ref["table"])
    return typing.cast("list[TableResult]", results)


def _table_key(request: "TableRequest", cache: "ParseCache", limits: Limits) -> tuple[str, str] | None:
    """The key of a table's entry and the file it resolves to as tables._read_rows resolves it
    (None when the reference is malformed or leads out of the plan's folder: not looked up)."""
    ref = request.ref
    name = ref.get("table")
    if set(ref) - {"table", "sheet"} or not isinstance(name, str) or Path(name).is_absolute():
        return None
    try:
        base = request.yaml_file.parent.resolve()
        path = (base / name).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    if not path.is_relative_to(base):
        return None
    return cache.table_key([request.what, repr(sorted(ref.items())), str(path), display_path(path), repr(limits)]), \
        str(path)


def _read_yaml(file: Path, reference_only: bool, cache: "ParseCache | None", limits: Limits) -> _Reading:
    reading = _Reading(file, display_path(file))
    try:
        raw = read_raw(file, reading.shown, limits.file_bytes)
        if cache:
            reading.digest = hashlib.sha256(raw).hexdigest()
            reading.key = cache.key(reading.shown, reading.digest, f"{reference_only}{limits!r}")
            if (hit := cache.get(reading.key, file.parent)) is not None:
                reading.done = replace(hit, digest=reading.digest)
                return reading
        parsed = parse_yaml_documents(decode(raw, reading.shown), reading.shown, limits)
    except PlanInputError as exc:
        reading.done = ParsedFile(reading.shown, (), exc.errors)
        return reading
    reading.documents = [(data, lines, {}) for data, lines in parsed
                         if not reference_only or _is_reference(data)]
    return reading


def _table_refs(data: Any) -> list[tuple[Path_, Any, dict[str, Any]]]:
    """(list path, the mapping holding the list, the {table: …} reference) of a document's lists
    given as tables."""
    if not (isinstance(data, dict) and "kind" in data):
        return []
    found = []
    for path in TABLE_LISTS:
        holder: Any = data
        for part in path[:-1]:
            holder = holder.get(part) if isinstance(holder, dict) else None
        value = holder.get(path[-1]) if isinstance(holder, dict) else None
        if isinstance(value, dict) and "table" in value:
            found.append((path, holder, value))
    return found


def _parsed(reading: _Reading, cache: "ParseCache | None") -> ParsedFile:
    if reading.done is not None:
        return reading.done
    documents = tuple(d for n, d in enumerate(reading.documents) if n not in reading.failed)
    # a table read twice that changed in between has no digest: no entry is stored that depends on it
    dependencies = tuple((name, next(iter(digests)) if len(digests) == 1 else "")
                         for name, digests in reading.dependencies.items())
    result = ParsedFile(reading.shown, documents, tuple(reading.errors), dependencies, reading.digest)
    if cache and not reading.errors:
        cache.put(reading.key, result, reading.file.parent)
    return result


def failed_document(errors: Iterable[InputError], data: Any) -> list[InputError]:
    """The errors that stop a document from loading, tagged with its id (when it has one): the
    graph then knows the document exists but failed, and references to it are not "does not
    exist" errors (the document's own errors stand)."""
    doc_id = data.get("id") if isinstance(data, dict) else None
    if not isinstance(doc_id, str):
        return list(errors)
    doc_id = unicodedata.normalize("NFKC", doc_id).strip()
    return [replace(e, document=doc_id) for e in errors]


TABLE_LISTS: tuple[Path_, ...] = (("projects",), ("indicators",), ("grants",), ("verification", "reviews"))


def parse_all(files: Sequence[Path], *, reference_only: bool = False, cache: "ParseCache | None" = None,
              jobs: int = 1, limits: Limits = DEFAULT_LIMITS) -> Iterator[ParsedFile]:
    """parse_file of each file, in the order of `files`: PARSE_CHUNK files per task (their tables
    are validated together), in worker processes with jobs > 1."""
    from checker.parallel import pmap

    chunks = [files[i:i + PARSE_CHUNK] for i in range(0, len(files), PARSE_CHUNK)]
    for parsed_files in pmap(_parse_chunk, chunks, shared=(reference_only, cache, limits), jobs=jobs, ordered=True,
                             describe=lambda chunk: ", ".join(display_path(f) for f in chunk)):
        yield from parsed_files


def parse_bundle(own_real: set[str], *, cache: "ParseCache | None" = None, limits: Limits = DEFAULT_LIMITS) -> list[ParsedFile]:
    """Stage 1 of the bundled national and prefectural documents, but of the files that are the
    user's own (`own_real`: their real paths, own_bundled): the user's copy wins."""
    return [parse_file(file, reference_only=True, cache=cache, limits=limits) for file in discover([resources.plans_dir()])
            if os.path.realpath(file) not in own_real]


def own_bundled(files: Iterable[Path | str], lstat: Callable[[str], os.stat_result] = os.lstat) -> set[str]:
    """The real paths (paths.real_paths) of the user's files that may be bundled files, which
    parse_bundle leaves out: those that are the same file (device and inode) as a bundled one. A
    file whose real path is a bundled file's is that file; a national check resolves none of its
    ten thousand files instead of all. `lstat`: as for real_paths."""
    bundled = set()
    for path in discover([resources.plans_dir()]):
        with suppress(OSError):
            info = os.stat(path)
            bundled.add((info.st_dev, info.st_ino))
    same = []
    for file in files:
        name = os.fspath(file)
        try:
            info = lstat(name)
            if stat.S_ISLNK(info.st_mode):
                info = os.stat(name)
        except (OSError, ValueError):  # as real_paths' link test; a file that is not there is no bundled one
            continue
        if (info.st_dev, info.st_ino) in bundled:
            same.append(name)
    return real_paths(same, lstat)
