"""Checking plan files: `check_files` is the one entry (checker.api calls it), which chooses how.

Many municipalities: a quick scan groups the files by municipality, only the reference documents
are loaded in the main process, and workers parse and check the municipalities (check_units).
Otherwise — one municipality, or a scan the parsed documents prove wrong — every file is loaded
here and evaluated partition by partition (evaluate_documents: one graph when there is one
partition). Either way the findings equal those of one graph of everything:

A municipality's documents refer to each other and to the national and prefectural reference
documents, never to another municipality's. So the documents split into partitions — the
connected groups of municipal documents (same municipality, or linked by a reference) — each
checked as its own graph together with the shared reference documents. Each violation is kept
by the one partition that owns its document, so the result equals checking one big graph, and
the cost grows linearly with the number of municipalities. Partitions run in worker processes
(checker.parallel: with fork they inherit the loaded documents instead of receiving them pickled).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from contextlib import nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Hashable, Iterable, Sequence

from checker.fiscal import Period, PlanDate
from checker.load import LoadResult, load_documents
from checker.load.cache import ParseCache
from checker.load.documents import (
    TableRead, SourceDocument, bundled_reference, discover, display_path, failed_ids, parse_files, read_all,
    validate_file,
)
from checker.load.errors import InputError
from checker.load.limits import DEFAULT_LIMITS, Limits
from checker.load.paths import NoPlanFiles, real_paths
from checker.load.scan import Head, Scanned, scan_file
from checker.load.yamlsource import gc_paused
from checker.model import document_level
from checker.parallel import Ahead, pmap
from checker.report import Checked, DocumentInfo, NotChecked, Violation, municipality_label
from checker.unknown import Unknown

if TYPE_CHECKING:
    from checker.municipalities import Key
    from checker.rules import Rule


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


def partitions(documents: Sequence[SourceDocument]) -> tuple[list[SourceDocument], list[list[SourceDocument]]]:
    """(reference documents, partitions of municipal documents), each partition in load order."""
    reference = [d for d in documents if document_level(d.model) != "municipal"]
    municipal = [d for d in documents if document_level(d.model) == "municipal"]
    keys = municipality_keys([d.model for d in municipal])
    groups = connected([(d.model.id, key, d.model.referenced_ids) for d, key in zip(municipal, keys)])
    return reference, [[municipal[i] for i in group] for group in groups]


def _municipality(model: Any) -> str:
    return getattr(model, "municipality", None) or ""


def municipality_keys(models: Sequence[Any]) -> list[Key]:
    """Each municipal document's (prefecture, municipality): 府中市 of 東京都 and 府中市 of 広島県
    are two municipalities (checker.municipalities)."""
    from checker.municipalities import prefectures  # imports networkx: see _findings

    found = prefectures(models)
    return [(found.get(m.id, ""), _municipality(m)) for m in models]


def _relevant(reference: Sequence[SourceDocument], part: Sequence[SourceDocument]) -> list[SourceDocument]:
    """The reference documents a partition can refer to: national ones, prefectural ones of its
    own prefectures (a city considers its own prefecture's strategy, Art. 10), and any other it
    names — so a reference to another prefecture's document resolves as in one big graph."""
    prefectures = {getattr(d.model, "prefecture", None) for d in part}
    named = {ref for d in part for ref in d.model.referenced_ids}
    return [d for d in reference if document_level(d.model) == "national"
            or getattr(d.model, "prefecture", None) in prefectures or d.model.id in named]


@dataclass(frozen=True)
class Outcome:
    """What checking some documents gives: violations, and the rules that could not be checked."""

    violations: list[Violation]
    not_checked: list[NotChecked]

    def __iadd__(self, other: "Outcome") -> "Outcome":
        self.violations.extend(other.violations)
        self.not_checked.extend(other.not_checked)
        return self


def _owned(found: tuple[list[Violation], list[NotChecked]], owned: set[str], *, unowned: bool = False) -> Outcome:
    violations, not_checked = found
    keep = (lambda doc: doc in owned or doc is None) if unowned else (lambda doc: doc in owned)
    return Outcome([v for v in violations if keep(v.document)], [n for n in not_checked if keep(n.document)])


def check_partition(reference: Sequence[SourceDocument], part: Sequence[SourceDocument], rules: Sequence[Rule],
                    as_of: dt.date, failed: frozenset[str] = frozenset()) -> Outcome:
    """The findings of one partition's own documents, from a graph of it and the reference
    documents it can refer to (`failed`: ids of documents that failed to load)."""
    return _owned(_findings([*_relevant(reference, part), *part], rules, as_of, failed), {d.model.id for d in part})


def check_reference(reference: Sequence[SourceDocument], rules: Sequence[Rule], as_of: dt.date) -> Outcome:
    """The reference documents' own findings, and structural problems of no document."""
    return _owned(_findings(reference, rules, as_of), {d.model.id for d in reference}, unowned=True)


def _findings(documents: Sequence[SourceDocument], rules: Sequence[Rule], as_of: dt.date,
              failed: frozenset[str] = frozenset()) -> tuple[list[Violation], list[NotChecked]]:
    """Every rule on one graph of the documents."""
    # Imported here, not with this module: a check with the cache starts splitting its files in a
    # second process (SplitAhead) before this process imports the graph, the engine, the checks
    # and networkx, with the rules.
    from checker.engine import evaluate_all
    from checker.graph import build_graph

    return evaluate_all(build_graph(documents, failed), rules, as_of)


@dataclass(frozen=True)
class _Partitions:
    """What every partition task shares (checker.parallel hands it to each worker once)."""

    reference: Sequence[SourceDocument]
    parts: Sequence[Sequence[SourceDocument]]
    rules: Sequence[Rule]
    as_of: dt.date
    failed: frozenset[str] = frozenset()


def _evaluate_partition(work: _Partitions, index: int) -> Outcome:
    if index < 0:
        return check_reference(work.reference, work.rules, work.as_of)
    return check_partition(work.reference, work.parts[index], work.rules, work.as_of, work.failed)


# progress(stage, total) → a callback advanced per item (stages: "files", "municipalities")
Progress = Callable[[str, int], Callable[[int], None]]


def evaluate_documents(documents: Sequence[SourceDocument], rules: Sequence[Rule], as_of: dt.date, *,
                       jobs: int = 1, progress: Progress | None = None,
                       failed: frozenset[str] = frozenset()) -> Outcome:
    """Every rule on every document, partition by partition (in parallel with jobs > 1);
    `failed`: ids of documents that failed to load."""
    reference, parts = partitions(documents)
    advance = progress("municipalities", max(1, len(parts))) if progress else None
    if len(parts) <= 1:  # nothing to split: one graph, as small runs always are
        violations, not_checked = _findings(documents, rules, as_of, failed)
        if advance:
            advance(max(1, len(parts)))
        return Outcome(violations, not_checked)
    work = _Partitions(reference, parts, rules, as_of, failed)
    indices = [-1, *range(len(parts))]
    outcome = Outcome([], [])
    names = [", ".join(sorted({municipality_label(*key) for key in municipality_keys([d.model for d in part])}))
             for part in parts]
    for i, found in zip(indices, pmap(_evaluate_partition, indices, shared=work, jobs=jobs, ordered=True,
                                      describe=lambda i: names[i] if i >= 0 else "reference documents")):
        outcome += found
        if advance and i >= 0:
            advance(1)
    return outcome


# --- Checking files municipality by municipality -------------------------------------------------
# For many municipalities the main process does not load them at all: a quick scan of each file
# (checker.load.scan) groups the files by municipality, the main process loads only the national
# and prefectural documents, and forked workers each parse, validate and check one municipality's
# files, returning only findings and a summary of each document. So the parsing is spread over
# the workers, the main process stays small, and a municipality's findings can be cached by the
# content of its files. The scan is checked against what the workers parsed; where it guessed
# wrong, the caller checks the ordinary way.


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
    shown = {id(scanned): display_path(scanned.path) for scanned in scans}
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
    """split_files(files, limits, jobs, cache), started in a second process (parallel.Ahead: with
    fork and --jobs > 1) while this one imports the checks and loads the rules. A check with the
    cache after an edit spends about as long on each (a national corpus: 0.3 to 0.4 s), and
    neither needs the other. `split()` is the split, computed here when no process answered."""

    def __init__(self, files: Sequence[Path], limits: Limits, jobs: int, cache: ParseCache | None) -> None:
        self.files = files
        self._ahead = Ahead(_split_by_index, files, limits, jobs, cache, jobs=jobs)
        self._args = (limits, jobs, cache)

    def split(self) -> Split:
        plain = self._ahead.result()
        return _split_of(plain, self.files) if plain is not None else split_files(self.files, *self._args)

    def close(self) -> None:
        self._ahead.close()


# A split as the other process sends it: files as indices into the list both processes hold (a Path
# unpickled is built again from its text, which for ten thousand files costs more than the rest).
_PlainSplit = tuple[list[int], list[tuple[list[int], tuple[str, ...], frozenset[str], tuple[str, ...]]],
                    tuple[str, ...]]


def _split_by_index(files: Sequence[Path], limits: Limits, jobs: int, cache: ParseCache | None) -> _PlainSplit:
    split = split_files(files, limits, jobs, cache)
    index = {os.fspath(f): i for i, f in enumerate(files)}  # a scan done in a worker returns a copy of its Path
    return ([index[os.fspath(f)] for f in split.reference_files],
            [([index[os.fspath(f)] for f in u.files], u.digests, u.ids, u.shown) for u in split.units], split.shown)


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


GROUP = 8  # units per worker task: enough tables to validate together, small enough to balance


def describe(doc: SourceDocument, prefecture: str | None = None) -> DocumentInfo:
    """A document as reports list it; `prefecture`: its owner's, when told from the other
    documents (describe_all), else the one it states."""
    model = doc.model
    owner = str(getattr(model, "municipality", None) or getattr(model, "prefecture", None) or "国")
    date, date_kind = _document_date(model)
    if prefecture is None:
        prefecture = str(getattr(model, "prefecture", None) or "")
    return DocumentInfo(model.id, model.kind, model.title, doc.file, doc.bundled, owner, document_level(model),
                        date, date_kind, _document_period(model), prefecture)


def describe_all(documents: Sequence[SourceDocument]) -> list[DocumentInfo]:
    """Every document described, a municipality's document with its municipality's prefecture
    even where it states none (checker.municipalities), so that reports count 府中市 of 東京都
    and 府中市 of 広島県 apart."""
    from checker.municipalities import prefectures  # imports networkx: see _findings

    found = prefectures([d.model for d in documents])
    return [describe(d, found.get(d.model.id)) for d in documents]


# A document's own date, in this order: a national strategy's decision (閣議決定), an adoption
# (策定), a regional plan's approval (認定), a projection's release, else the publication.
_DATE_FIELDS = ("decided", "adopted", "approved", "released", "published")


def _document_date(model: Any) -> tuple[str, str]:
    """(date, which date) for DocumentInfo: the first of _DATE_FIELDS the document states; when it
    states only unknown ones, ("unknown", the first of them)."""
    unknown = ""
    for name in _DATE_FIELDS:
        value = getattr(model, name, None)
        if isinstance(value, PlanDate):
            return value.en(), name
        if isinstance(value, Unknown) and not unknown:
            unknown = name
    return ("unknown", unknown) if unknown else ("", "")


def _document_period(model: Any) -> str:
    """The fiscal years a document covers, as "2020-2024" ("2020-" open-ended, "unknown")."""
    period = getattr(model, "period", None) or getattr(model, "valid", None)
    concept = getattr(model, "basic_concept", None)
    if period is None and concept is not None:
        period = concept.period
    if isinstance(period, Unknown):
        return "unknown"
    if isinstance(period, Period):
        return f"{period.start}-{'' if period.end is None else period.end}"
    return ""


@dataclass(frozen=True)
class _Units:
    """What every unit task shares (checker.parallel hands it to each worker once)."""

    units: Sequence[Unit]
    reference: Sequence[SourceDocument]
    rules: Sequence[Rule]
    as_of: dt.date
    cache: ParseCache | None
    limits: Limits
    context: str  # a digest of what a unit's findings depend on besides its files (for the result cache's key)


def _check_group(work: _Units, todo: Sequence[tuple[int, str]]) -> list[tuple[int, Checked]]:
    """Check a few units (a worker's task), given as (index, result key): their files are parsed
    in one go, so their tables are validated together (the fixed cost of a validation is most of
    the cost of a city's table)."""
    with gc_paused():  # a task allocates much and leaves few cycles (see yamlsource.gc_paused)
        return _check_units(work, todo)


def _check_units(work: _Units, todo: Sequence[tuple[int, str]]) -> list[tuple[int, Checked]]:
    units, cache = work.units, work.cache
    done: list[tuple[int, Checked]] = []
    files = [f for index, _ in todo for f in units[index].files]
    parsed = iter(parse_files(files, cache=cache, limits=work.limits))
    for index, key in todo:
        documents: list[SourceDocument] = []
        errors: list[InputError] = []
        tables: list[tuple[int, str, str]] = []  # (file of the unit, `table:` value, digest) read: the result's tables
        settled = True  # each file parsed is the one the scan digested (the result's key)
        for n, _ in enumerate(units[index].files):
            parsed_file = next(parsed)
            settled = settled and parsed_file.digest == units[index].digests[n]
            tables.extend((n, name, digest) for name, digest in parsed_file.dependencies)
            docs, errs = validate_file(parsed_file)
            documents.extend(docs)
            errors.extend(errs)
        folders = [f.parent for f in units[index].files]
        checked = replace(_check_documents(work, documents, errors),
                          tables=tuple((str(folders[n]), name, digest) for n, name, digest in tables),
                          settled=settled or cache is None)
        # not with an error, which may depend on files outside the unit (a missing table); not when a
        # file changed between the scan and the parse (findings of the new content, the old one's key)
        if cache is not None and not errors and settled:
            cache.put_result(key, checked, folders, tables)
        done.append((index, checked))
    return done


def _result_key(work: _Units, unit: Unit) -> str:
    assert work.cache is not None
    return work.cache.result_key([work.context, *(f"{shown}\0{d}" for shown, d in zip(unit.shown, unit.digests))])


def _check_documents(work: _Units, documents: list[SourceDocument], errors: list[InputError]) -> Checked:
    """A unit's findings: each of its partitions checked as its own graph (a file may hold the
    documents of several municipalities)."""
    found = Outcome([], [])
    failed = failed_ids(errors)
    for part in partitions(documents)[1]:
        found += check_partition(work.reference, part, work.rules, work.as_of, failed)
    return Checked(
        tuple(found.violations),
        tuple(describe_all(documents)),
        tuple((d.model.id, _municipality(d.model), d.model.referenced_ids) for d in documents),
        tuple(errors),
        tuple(found.not_checked),
    )


def check_units(split: Split, reference: Sequence[SourceDocument], rules: Sequence[Rule], as_of: dt.date, *,
                jobs: int = 1, cache: ParseCache | None = None, limits: Limits = DEFAULT_LIMITS,
                progress: Progress | None = None) -> list[Checked] | None:
    """Check every unit (in worker processes with jobs > 1); None when the scan grouped the files
    differently from what their parsed documents say (the caller then checks the ordinary way)."""
    # What a unit's findings depend on besides its own files (the code is in the cache's key).
    # Digested once: it is long (every reference document), and each unit's key would hash it again.
    context = "\0".join([as_of.isoformat(), repr(limits), repr(tuple(rules)), repr([d.model for d in reference])])
    digest = hashlib.sha256(context.encode("utf-8", "surrogateescape")).hexdigest()
    work = _Units(split.units, reference, rules, as_of, cache, limits, digest)
    advance = progress("municipalities", len(split.units)) if progress else None
    results: list[Checked | None] = [None] * len(split.units)
    # The result cache is read here: a hit costs less than sending its findings back from a worker,
    # and when few units changed, few (or no) workers start.
    keys = [_result_key(work, unit) for unit in split.units] if cache is not None else [""] * len(split.units)
    stored = cache.stored(keys) if cache is not None else set()
    # Units without an entry, when they are one task's worth (an edit since the last check), are
    # checked in another process while this one reads the others' findings.
    absent = [(index, key) for index, key in enumerate(keys) if key not in stored]
    early = Ahead(_check_group, work, absent, jobs=jobs) if cache is not None and 0 < len(absent) <= GROUP else None
    todo: list[tuple[int, str]] = []
    with early or nullcontext(), gc_paused():  # thousands of findings decoded, no cycles (see yamlsource.gc_paused)
        for index, (unit, key) in enumerate(zip(split.units, keys)):
            hit = cache.get_result(key, [f.parent for f in unit.files]) if cache is not None and key in stored else None
            if hit is not None:
                results[index] = replace(hit, cached=True)
            elif early is None or key in stored:
                todo.append((index, key))
        checked_early = early.result() if early is not None else None
    for index, checked in checked_early or ():
        results[index] = checked
    if early is not None and checked_early is None:  # no answer from the other process: checked below
        todo = sorted(todo + absent)
    if advance and len(todo) < len(split.units):
        advance(len(split.units) - len(todo))
    groups = [todo[i:i + GROUP] for i in range(0, len(todo), GROUP)]

    def named(group: Sequence[tuple[int, str]]) -> str:
        return ", ".join(sorted(i for index, _ in group for i in split.units[index].ids))

    for group in pmap(_check_group, groups, shared=work, jobs=jobs, describe=named):
        for index, checked in group:
            results[index] = checked
        if advance:
            advance(len(group))
    done = [r for r in results if r is not None]
    with gc_paused():
        return done if _as_scanned(split.units, done) else None


def _as_scanned(units: Sequence[Unit], results: Sequence[Checked]) -> bool:
    """Whether every partition of municipal documents, as the parsed documents (not the scan)
    define partitions, lies within one unit — then the findings equal one big graph's. Checked by
    name, which is stricter: the documents of one name must meet in one unit to tell their
    prefectures as one big graph does (checker.municipalities)."""
    members = [m for r in results for m in r.members]
    unit_of = [u for u, r in enumerate(results) for _ in r.members]
    if any(d.level != "municipal" for r in results for d in r.documents):
        return False
    if any(not {m[0] for m in r.members} <= unit.ids for unit, r in zip(units, results)):
        return False
    groups = connected([(i, owner, set(refs)) for i, owner, refs in members])
    return all(len({unit_of[i] for i in group}) == 1 for group in groups)


# --- The one entry: how to check the files given ---------------------------------------------------


@dataclass(frozen=True)
class Run:
    """What check_files finds: the input errors and the findings, the documents as reports list
    them, the files read (as shown) and the YAML files without a plan document among them.
    `loaded`: the documents, when the main process loaded them all; None when the workers did
    (a caller that needs them, e.g. for a diagram, loads them again)."""

    errors: list[InputError]
    violations: list[Violation]
    not_checked: list[NotChecked]
    documents: list[DocumentInfo]
    files: tuple[str, ...]
    skipped: tuple[str, ...]
    loaded: LoadResult | None = None
    tables: tuple[TableRead, ...] = ()  # the tables the user's files read (for the report cache)
    # (file, digest of the bytes its findings rest on; "" when it changed while being read): the
    # report cache stores nothing whose key took another digest of a file
    read: tuple[tuple[str, str], ...] = ()


def check_files(paths: Sequence[Path], rules: Sequence[Rule], as_of: dt.date, *, include_reference: bool = True,
                cache: ParseCache | None = None, jobs: int = 1, limits: Limits = DEFAULT_LIMITS,
                progress: Progress | None = None, require_plans: bool = False,
                files: Sequence[Path] | None = None, split: SplitAhead | None = None) -> Run:
    """Every rule on the plan files under `paths` (and the bundled reference documents): by
    municipality in the workers when there are several (check_units), else loaded here
    and evaluated partition by partition. With `require_plans`, paths that hold no plan file
    raise NoPlanFiles before anything is evaluated. `files`: discover(paths), when the caller
    has it already; `split`: their split, when the caller started it (then `files` are its files)."""
    paths = list(paths)
    files = list(split.files if split is not None else files if files is not None else discover(paths))
    with gc_paused():  # tens of thousands of paths, units and cached findings, no cycles (see yamlsource.gc_paused)
        run = _check_by_municipality(files, rules, as_of, include_reference, cache, jobs, limits, progress, split)
    if run is not None:
        return run
    loaded = load_documents(paths, include_reference=include_reference, cache=cache, jobs=jobs, limits=limits,
                            progress=progress)
    if require_plans and not loaded.plan_files:
        raise NoPlanFiles(paths, loaded.skipped)
    outcome = evaluate_documents(loaded.documents, rules, as_of, jobs=jobs, progress=progress,
                                 failed=failed_ids(loaded.errors))
    return Run(list(loaded.errors), outcome.violations, outcome.not_checked, describe_all(loaded.documents),
               loaded.files, loaded.skipped, loaded, loaded.tables, loaded.read)


def _check_by_municipality(files: list[Path], rules: Sequence[Rule], as_of: dt.date, include_reference: bool,
                           cache: ParseCache | None, jobs: int, limits: Limits,
                           progress: Progress | None, ahead: SplitAhead | None = None) -> Run | None:
    """Many municipalities: only the reference documents are loaded here, each municipality's
    files are parsed and checked in a worker (check_units). None when there are fewer than two
    municipalities, or when the quick scan of the files proved wrong: check the ordinary way."""
    # the files' real paths (a bundled document among them is the user's copy): here, while another
    # process may be splitting them
    own_real = real_paths(files) if include_reference else set()
    split = ahead.split() if ahead is not None else split_files(files, limits, jobs, cache)
    if len(split.units) < 2:
        return None
    loaded: list[SourceDocument] = []
    errors: list[InputError] = []
    skipped: list[str] = []
    tables: list[TableRead] = []
    read: list[tuple[str, str]] = []
    for file, (docs, errs, kind, tables_read, digest) in zip(
            split.reference_files, read_all(list(split.reference_files), cache=cache, limits=limits)):
        loaded.extend(docs)
        errors.extend(errs)
        tables.extend(tables_read)
        read.append((os.fspath(file), digest))
        if kind == "not_a_plan":
            skipped.append(display_path(file))
    if any(document_level(d.model) == "municipal" for d in loaded):
        return None  # a municipal document the scan could not place
    if include_reference:
        own_ids = {d.model.id for d in loaded}.union(*(u.ids for u in split.units))
        docs, errs = bundled_reference(own_ids, files, cache=cache, limits=limits, own_real=own_real)
        loaded.extend(docs)
        errors.extend(errs)
    # the reference documents' own findings, in another process while the units are checked here
    with Ahead(check_reference, loaded, rules, as_of, jobs=jobs) as reference_ahead:
        results = check_units(split, loaded, rules, as_of, jobs=jobs, cache=cache, limits=limits, progress=progress)
        if results is None:
            return None
        own = reference_ahead.result()
    if own is None:
        own = check_reference(loaded, rules, as_of)
    if cache is not None:
        cache.result_hits = sum(r.cached for r in results)
    return Run(
        [*errors, *(e for r in results for e in r.errors)],
        own.violations + [v for r in results for v in r.violations],
        own.not_checked + [n for r in results for n in r.not_checked],
        [describe(d) for d in loaded] + [d for r in results for d in r.documents],
        split.shown,
        tuple(skipped),
        tables=(*tables, *((Path(folder), name, digest) for r in results for folder, name, digest in r.tables)),
        read=(*read, *((os.fspath(file), digest if result.settled else "")
                       for unit, result in zip(split.units, results) for file, digest in zip(unit.files, unit.digests))),
    )
