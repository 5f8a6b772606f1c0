"""Checking many municipalities in one run: partition, then evaluate partitions in parallel.

A municipality's documents refer to each other and to the national and prefectural reference
documents, never to another municipality's. So the documents split into partitions — the
connected groups of municipal documents (same municipality, or linked by a reference) — each
checked as its own graph together with the shared reference documents. Each violation is kept
by the one partition that owns its document, so the result equals checking one big graph, and
the cost grows linearly with the number of municipalities. Partitions run in forked worker
processes, which inherit the loaded documents instead of receiving them pickled.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from checker.engine import evaluate
from checker.graph import build_graph
from checker.load.cache import ParseCache
from checker.load.documents import SourceDocument, display_path, parse_files, validate_file
from checker.load.errors import InputError
from checker.load.limits import DEFAULT_LIMITS, Limits
from checker.load.scan import Head, Scanned, scan_file
from checker.load.yamlsource import gc_paused
from checker.model import document_level
from checker.report import DocumentInfo, Violation
from checker.rules import Rule


def referenced_documents(model: Any) -> set[str]:
    """The ids of the documents a municipal document refers to (the part before '#'), read from
    the fields that hold references — not from a dump of everything, which would be slow."""
    refs: list[str | None] = [getattr(model, name, None) for name in ("predecessor", "merges_into", "vision", "supersedes")]
    refs += getattr(model, "considers", [])
    refs += [d.id for d in [*getattr(model, "retired", []), *getattr(model, "unaddressed", [])]]
    for goal in getattr(model, "goals", []):
        refs += goal.considers
        refs.append(goal.continues.from_ if goal.continues else None)
        refs += [i.continues for i in goal.targets]
        for measure in goal.measures:
            refs += measure.considers
            refs += [i.continues for i in measure.kpis]
            refs += [k.continues for p in measure.projects for k in p.kpis]
    refs += [i.continues for i in getattr(model, "indicators", [])]
    refs += [k.continues for p in getattr(model, "projects", []) for k in p.kpis]
    refs += [ref for g in getattr(model, "grants", []) for ref in (g.continues, g.programme)]
    return {r.split("#", 1)[0] for r in refs if r}


def connected(members: Sequence[tuple[str, str, set[str]]]) -> list[list[int]]:
    """Groups of municipal documents, given each one's (id, municipality, referenced document
    ids): documents of one municipality, with the same id (a duplicate must meet its twin to be
    reported), or linked by a reference end up in one group. Indices, each group in input order."""
    parent = list(range(len(members)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str], int] = {}
    for i, (doc_id, owner, _) in enumerate(members):
        for key in (("owner", owner), ("id", doc_id)):
            if key in first:
                parent[find(i)] = find(first[key])
            first.setdefault(key, i)
    for i, (_, _, refs) in enumerate(members):
        for ref in refs:
            target = first.get(("id", ref))
            if target is not None:
                parent[find(i)] = find(target)
    groups: dict[int, list[int]] = {}
    for i in range(len(members)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def partitions(documents: Sequence[SourceDocument]) -> tuple[list[SourceDocument], list[list[SourceDocument]]]:
    """(reference documents, partitions of municipal documents), each partition in load order."""
    reference = [d for d in documents if document_level(d.model) != "municipal"]
    municipal = [d for d in documents if document_level(d.model) == "municipal"]
    groups = connected([(d.model.id, _municipality(d.model), referenced_documents(d.model)) for d in municipal])
    return reference, [[municipal[i] for i in group] for group in groups]


def _municipality(model: Any) -> str:
    return getattr(model, "municipality", None) or ""


# Set before forking: workers read the partitions from their copy of this module's memory.
_WORK: dict[str, Any] = {}


def _relevant(reference: Sequence[SourceDocument], part: Sequence[SourceDocument]) -> list[SourceDocument]:
    """The reference documents a partition can refer to: national ones, prefectural ones of its
    own prefectures (a city considers its own prefecture's strategy, Art. 10), and any other it
    names — so a reference to another prefecture's document resolves as in one big graph."""
    prefectures = {getattr(d.model, "prefecture", None) for d in part}
    named = {ref for d in part for ref in referenced_documents(d.model)}
    return [d for d in reference if document_level(d.model) == "national"
            or getattr(d.model, "prefecture", None) in prefectures or d.model.id in named]


def check_partition(reference: Sequence[SourceDocument], part: Sequence[SourceDocument], rules: Sequence[Rule],
                    as_of: dt.date) -> list[Violation]:
    """The violations of one partition's own documents, from a graph of it and the reference
    documents it can refer to."""
    owned = {d.model.id for d in part}
    graph = build_graph([*_relevant(reference, part), *part])
    return [v for v in evaluate(graph, rules, as_of) if v.document in owned]


def check_reference(reference: Sequence[SourceDocument], rules: Sequence[Rule], as_of: dt.date) -> list[Violation]:
    """The reference documents' own violations, and structural problems of no document."""
    owned = {d.model.id for d in reference}
    return [v for v in evaluate(build_graph(reference), rules, as_of) if v.document in owned or v.document is None]


def _evaluate_partition(index: int) -> list[Violation]:
    reference, parts, rules, as_of = _WORK["reference"], _WORK["parts"], _WORK["rules"], _WORK["as_of"]
    return check_partition(reference, parts[index], rules, as_of) if index >= 0 else check_reference(reference, rules, as_of)


# progress(stage, total) → a callback advanced per item (stages: "files", "municipalities")
Progress = Callable[[str, int], Callable[[int], None]]


def evaluate_documents(documents: Sequence[SourceDocument], rules: Sequence[Rule], as_of: dt.date, *,
                       jobs: int = 1, progress: Progress | None = None) -> list[Violation]:
    """Every rule on every document, partition by partition (in parallel with jobs > 1)."""
    reference, parts = partitions(documents)
    advance = progress("municipalities", max(1, len(parts))) if progress else None
    if len(parts) <= 1:  # nothing to split: one graph, as small runs always are
        result = evaluate(build_graph(documents), rules, as_of)
        if advance:
            advance(max(1, len(parts)))
        return result
    _WORK.update(reference=reference, parts=parts, rules=rules, as_of=as_of)
    indices = [-1, *range(len(parts))]
    violations: list[Violation] = []
    try:
        if jobs <= 1:
            for i in indices:
                violations.extend(_evaluate_partition(i))
                if advance and i >= 0:
                    advance(1)
        else:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                for i, found in zip(indices, pool.imap(_evaluate_partition, indices, chunksize=4)):
                    violations.extend(found)
                    if advance and i >= 0:
                        advance(1)
    finally:
        _WORK.clear()
    return violations


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


@dataclass(frozen=True)
class Split:
    reference_files: tuple[Path, ...]  # loaded in the main process: national, prefectural, unsure
    units: tuple[Unit, ...]


def split_files(files: Sequence[Path], limits: Limits, jobs: int = 1) -> Split:
    """Municipal files grouped into units by the scan; every other file is a reference file."""
    reference: list[Path] = []
    municipal: list[tuple[Scanned, Head]] = []
    _WORK.update(limits=limits)
    try:
        scans = list(_each(_scan, files, jobs if len(files) >= 1000 else 1, ordered=True))
    finally:
        _WORK.clear()
    for file, scanned in zip(files, scans):
        heads = scanned.heads
        if heads and all(h.level == "municipal" for h in heads):
            municipal.extend((scanned, h) for h in heads)
        else:
            reference.append(file)
    groups = connected([(h.id or "", h.municipality or "", set()) for _, h in municipal])
    units = []
    for group in groups:
        scans = list({id(municipal[i][0]): municipal[i][0] for i in group}.values())
        units.append(Unit(tuple(s.path for s in scans), tuple(s.digest for s in scans),
                          frozenset(municipal[i][1].id or "" for i in group)))
    return Split(tuple(reference), tuple(units))


def _scan(file: Path) -> Scanned:
    return scan_file(file, _WORK["limits"].file_bytes)


GROUP = 8  # units per worker task: enough tables to validate together, small enough to balance


@dataclass(frozen=True)
class Checked:
    """What checking one unit gives back: small, cheap to pickle and to cache."""

    violations: tuple[Violation, ...]
    documents: tuple[DocumentInfo, ...]
    members: tuple[tuple[str, str, frozenset[str]], ...]  # (id, municipality, referenced ids) per document
    errors: tuple[InputError, ...]
    cached: bool = False


def describe(doc: SourceDocument) -> DocumentInfo:
    model = doc.model
    owner = str(getattr(model, "municipality", None) or getattr(model, "prefecture", None) or "国")
    return DocumentInfo(model.id, model.kind, model.title, doc.file, doc.bundled, owner, document_level(model))


def _check_group(indices: Sequence[int]) -> list[tuple[int, Checked]]:
    """Check a few units (a worker's task): those found in the result cache are done; the files
    of the others are parsed in one go, so their tables are validated together (the fixed cost
    of a validation is most of the cost of a city's table)."""
    with gc_paused():  # a task allocates much and leaves few cycles (see yamlsource.gc_paused)
        return _check_units(indices)


def _check_units(indices: Sequence[int]) -> list[tuple[int, Checked]]:
    units: Sequence[Unit] = _WORK["units"]
    cache: ParseCache | None = _WORK["cache"]
    done: list[tuple[int, Checked]] = []
    todo: list[tuple[int, str]] = []
    for index in indices:
        key = _result_key(cache, units[index]) if cache is not None else ""
        hit = cache.fetch(key) if cache is not None else None
        if isinstance(hit, Checked):
            done.append((index, replace(hit, cached=True)))
        else:
            todo.append((index, key))
    files = [f for index, _ in todo for f in units[index].files]
    parsed = iter(parse_files(files, cache=cache, limits=_WORK["limits"]))
    for index, key in todo:
        documents: list[SourceDocument] = []
        errors: list[InputError] = []
        for _ in units[index].files:
            docs, errs = validate_file(next(parsed))
            documents.extend(docs)
            errors.extend(errs)
        checked = _check_documents(documents, errors)
        if cache is not None and not errors:  # an error may depend on files outside the unit (a missing table)
            cache.put(key, checked, [Path(t.path) for d in documents for t in d.tables.values() if t.path])
        done.append((index, checked))
    return done


def _result_key(cache: ParseCache, unit: Unit) -> str:
    return cache.result_key([_WORK["context"], *(f"{display_path(f)}\0{d}" for f, d in zip(unit.files, unit.digests))])


def _check_documents(documents: list[SourceDocument], errors: list[InputError]) -> Checked:
    return Checked(
        tuple(check_partition(_WORK["reference"], documents, _WORK["rules"], _WORK["as_of"])) if documents else (),
        tuple(describe(d) for d in documents),
        tuple((d.model.id, _municipality(d.model), frozenset(referenced_documents(d.model))) for d in documents),
        tuple(errors),
    )


def check_units(split: Split, reference: Sequence[SourceDocument], rules: Sequence[Rule], as_of: dt.date, *,
                jobs: int = 1, cache: ParseCache | None = None, limits: Limits = DEFAULT_LIMITS,
                progress: Progress | None = None) -> list[Checked] | None:
    """Check every unit (in forked workers with jobs > 1); None when the scan grouped the files
    differently from what their parsed documents say (the caller then checks the ordinary way)."""
    # What a unit's findings depend on besides its own files (the code is in the cache's key).
    context = "\0".join([as_of.isoformat(), repr(limits), repr(tuple(rules)), repr([d.model for d in reference])])
    _WORK.update(units=split.units, reference=reference, rules=rules, as_of=as_of, cache=cache, limits=limits,
                 context=context)
    advance = progress("municipalities", len(split.units)) if progress else None
    results: list[Checked | None] = [None] * len(split.units)
    try:
        groups = [tuple(range(i, min(i + GROUP, len(split.units)))) for i in range(0, len(split.units), GROUP)]
        for group in _each(_check_group, groups, jobs):
            for index, checked in group:
                results[index] = checked
            if advance:
                advance(len(group))
    finally:
        _WORK.clear()
    done = [r for r in results if r is not None]
    return done if _as_scanned(split.units, done) else None


def _each(task: Callable[[Any], Any], items: Sequence[Any], jobs: int, ordered: bool = False) -> Iterable[Any]:
    """task(item) for each item, in forked workers (which inherit _WORK) when jobs > 1, in any
    order unless ordered."""
    if jobs <= 1:
        yield from map(task, items)
        return
    gc.freeze()  # what this process holds is the workers' too: their collector need not scan it
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            if ordered:
                yield from pool.imap(task, items, chunksize=max(1, len(items) // (8 * jobs)))
            else:
                yield from pool.imap_unordered(task, items)
    finally:
        gc.unfreeze()


def _as_scanned(units: Sequence[Unit], results: Sequence[Checked]) -> bool:
    """Whether each unit held exactly one partition of municipal documents, as the parsed
    documents (not the scan) define partitions — then the findings equal one big graph's."""
    members = [m for r in results for m in r.members]
    unit_of = [u for u, r in enumerate(results) for _ in r.members]
    if any(d.level != "municipal" for r in results for d in r.documents):
        return False
    if any(not {m[0] for m in r.members} <= unit.ids for unit, r in zip(units, results)):
        return False
    groups = connected([(i, owner, set(refs)) for i, owner, refs in members])
    return len(groups) == sum(1 for r in results if r.members) and \
        all(len({unit_of[i] for i in group}) == 1 for group in groups)
