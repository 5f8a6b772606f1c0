"""Which files belong to which municipality: a quick scan of each file's head (checker.load.scan)
groups the municipal files into units of work (`split_files`), every other file is a reference
file; and the first stage of a check, started in a second process (`SplitAhead`). Like the rest
of stage 1 (checker.load.parse), nothing here imports pydantic's models."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Hashable, Iterable, Sequence

from checker.load.limits import Limits
from checker.load.parse import own_bundled, parse_all, parse_bundle
from checker.load.parsed import ParsedFile
from checker.load.paths import display_path, display_paths
from checker.load.scan import Head, Scanned, scan_file
from checker.parallel import Ahead, pmap

if TYPE_CHECKING:
    from checker.load.cache import ParseCache


def connected(members: Sequence[tuple[str, Hashable, Iterable[str]]]) -> list[list[int]]:
    """Groups of municipal documents, given each one's (id, municipality, referenced document
    ids): documents of one municipality, with the same id (a duplicate must meet its twin to be
    reported), or linked by a reference end up in one group. Indices, each group in input order.
    The municipality is a (prefecture, municipality) key (checker.municipalities), or a name
    where grouping more than needed is harmless (the scan's units of work)."""
    # A union-find over indices, each set named by its first member (networkx's UnionFind, general
    # over any objects, cost a tenth of a second per national check).
    root = list(range(len(members)))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = i = root[root[i]]  # halve the path on the way up
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        root[max(a, b)] = min(a, b)

    first: dict[tuple[str, Hashable], int] = {}
    for i, (doc_id, owner, _) in enumerate(members):
        for key in (("owner", owner), ("id", doc_id)):
            if key in first:
                union(i, first[key])
            first.setdefault(key, i)
    for i, (_, _, refs) in enumerate(members):
        for ref in refs:
            target = first.get(("id", ref))
            if target is not None:
                union(i, target)
    groups: dict[int, list[int]] = {}
    for i in range(len(members)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


@dataclass(frozen=True)
class Unit:
    """The files of one municipality (or of several sharing a document id), checked together."""

    files: tuple[Path, ...]
    digests: tuple[str, ...]  # of each file's bytes (for the result cache)
    ids: frozenset[str]  # the document ids the scan saw
    shown: tuple[str, ...]  # each file as shown (display_path), for the result cache's key


@dataclass(frozen=True)
class Split:
    reference_files: tuple[Path, ...]  # loaded in the main process: national, prefectural, unsure
    units: tuple[Unit, ...]
    shown: tuple[str, ...]  # every file as shown (display_path), in the order given


def split_files(files: Sequence[Path], limits: Limits, jobs: int = 1, cache: ParseCache | None = None) -> Split:
    """Municipal files grouped into units by the scan; every other file is a reference file. A
    file whose digest this check has taken already (the cache's index of file status) is not
    read again when the last check of these paths scanned the same content."""
    reference: list[Path] = []
    municipal: list[tuple[Scanned, Head]] = []
    scans = _scans(files, limits, jobs, cache)
    status = cache.status() if cache is not None else os.lstat
    shown = dict(zip(map(id, scans), display_paths([s.path for s in scans], status)))
    for file, scanned in zip(files, scans):
        heads = scanned.heads
        if heads and all(h.level == "municipal" for h in heads):
            municipal.extend((scanned, h) for h in heads)
        else:
            reference.append(file)
    # The documents of one file belong to one unit: a file of many municipalities' documents is
    # read once, not once per municipality (partitions inside a unit are still checked apart).
    # Units group by name alone: the two 府中市 share a unit, where the documents of a name meet
    # to tell their prefectures (checker.municipalities), and are checked as two partitions.
    first_in_file: dict[int, str] = {}
    for scanned, head in municipal:
        first_in_file.setdefault(id(scanned), head.id or "")
    groups = connected([(h.id or "", h.municipality or "", {first_in_file[id(scanned)]}) for scanned, h in municipal])
    units = []
    for group in groups:
        scans = list({id(municipal[i][0]): municipal[i][0] for i in group}.values())
        units.append(Unit(tuple(s.path for s in scans), tuple(s.digest for s in scans),
                          frozenset(municipal[i][1].id or "" for i in group), tuple(shown[id(s)] for s in scans)))
    return Split(tuple(reference), tuple(units), tuple(shown.values()))


class SplitAhead:
    """The first stage of a check, started in a second process (parallel.Ahead: with fork and
    --jobs > 1) before this one imports pydantic's models, the checks and the rules, which neither
    needs: split_files(files, limits, jobs, cache), and when that finds fewer than two
    municipalities (the files are then loaded here, not in workers) their stage 1 as well
    (parse_all: YAML and tables), and with `bundle` the stage 1 of the bundled reference documents
    (parse_bundle: 83 files, a tenth of a second that this process would spend after its imports).
    A national check with the cache after an edit spends about as long on the split as on the rules
    (0.3 to 0.4 s); one city's check spends a tenth of that on its files.
    `split()` is the split, `parsed()` the stage 1 of `files` and `bundle()` that of the bundle
    (None when no process did it): the split is computed here when no process answered."""

    def __init__(self, files: Sequence[Path], limits: Limits, jobs: int, cache: ParseCache | None,
                 bundle: bool = False) -> None:
        self.files = files
        self._ahead = Ahead(_first_stage, files, limits, jobs, cache, bundle, jobs=jobs)
        self._args = (limits, jobs, cache)
        self._split: Split | None = None
        self._parsed: list[ParsedFile] | None = None
        self._bundle: list[ParsedFile] | None = None

    def split(self) -> Split:
        if self._split is None:
            answer = self._ahead.result()
            if answer is None:
                self._split = split_files(self.files, *self._args)
            else:
                plain, self._parsed, self._bundle = answer
                self._split = _split_of(plain, self.files)
        return self._split

    def waiting(self) -> bool:
        """Whether split() would wait now for the other process."""
        return self._ahead.waiting()

    def parsed(self) -> list[ParsedFile] | None:
        """Stage 1 of `files` when the process that split them did it (call split() first)."""
        return self._parsed

    def bundle(self) -> list[ParsedFile] | None:
        """Stage 1 of the bundle when the process that split the files did it (waits for the split)."""
        self.split()
        return self._bundle

    def close(self) -> None:
        self._ahead.close()


# A split as the other process sends it: files as indices into the list both processes hold (a Path
# unpickled is built again from its text, which for ten thousand files costs more than the rest).
_PlainSplit = tuple[list[int], list[tuple[list[int], tuple[str, ...], frozenset[str], tuple[str, ...]]],
                    tuple[str, ...]]


def _first_stage(files: Sequence[Path], limits: Limits, jobs: int, cache: ParseCache | None,
                 bundle: bool) -> tuple[_PlainSplit, list[ParsedFile] | None, list[ParsedFile] | None]:
    split = split_files(files, limits, jobs, cache)
    index = {os.fspath(f): i for i, f in enumerate(files)}  # a scan done in a worker returns a copy of its Path
    plain = ([index[os.fspath(f)] for f in split.reference_files],
             [([index[os.fspath(f)] for f in u.files], u.digests, u.ids, u.shown) for u in split.units], split.shown)
    if len(split.units) >= 2:  # the workers parse the files; this process reads the bundle meanwhile
        return plain, None, None
    return (plain, list(parse_all(files, cache=cache, jobs=jobs, limits=limits)),
            parse_bundle(own_bundled(files), cache=cache, limits=limits) if bundle else None)


def _split_of(plain: _PlainSplit, files: Sequence[Path]) -> Split:
    reference, units, shown = plain
    return Split(tuple(files[i] for i in reference),
                 tuple(Unit(tuple(files[i] for i in unit), digests, ids, names) for unit, digests, ids, names in units),
                 shown)


def _scans(files: Sequence[Path], limits: Limits, jobs: int, cache: ParseCache | None) -> list[Scanned]:
    """scan_file of each file (in worker processes for many), or what the last check saw in the
    same content."""
    options = f"scan {limits.file_bytes}"  # a file over the limit is not scanned (its digest is "")
    before = cache.scans(options) if cache is not None else {}
    known = cache.known_digests() if cache is not None else {}
    scans: list[Scanned | None] = []
    for file in files:
        digest = known.get(os.fspath(file), "")
        seen = before.get(digest, False)
        scans.append(None if seen is False else Scanned(file, digest, None if seen is None else
                                                         tuple(Head(*head) for head in seen)))
    missing = [file for file, scanned in zip(files, scans) if scanned is None]
    size = max(1, len(missing) // (8 * jobs))
    chunks = [missing[i:i + size] for i in range(0, len(missing), size)]
    fresh = iter([scanned for chunk in pmap(_scan, chunks, shared=limits, jobs=jobs if len(missing) >= 1000 else 1,
                                            ordered=True, describe=lambda chunk: display_path(chunk[0]))
                  for scanned in chunk])
    done = [scanned if scanned is not None else next(fresh) for scanned in scans]
    if cache is not None:
        after = {s.digest: None if s.heads is None else [[h.kind, h.id, h.municipality, h.prefecture] for h in s.heads]
                 for s in done if s.digest}
        if after != before:
            cache.put_scans(options, after)
    return done


def _scan(limits: Limits, files: list[Path]) -> list[Scanned]:
    return [scan_file(file, limits.file_bytes) for file in files]
