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
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from checker.fiscal import Period, PlanDate
from checker.load import LoadResult, load_documents
from checker.load.cache import ParseCache, bundle_digest
from checker.load.documents import (
    Bundle, TableRead, SourceDocument, bundled_reference, discover, display_path, failed_ids, read_all, read_bundle,
    validate_file,
)
from checker.load.errors import InputError
from checker.load.limits import DEFAULT_LIMITS, Limits
from checker.load.paths import NoPlanFiles
from checker.load.parse import own_bundled, parse_files
from checker.load.units import Split, SplitAhead, Unit, connected, split_files
from checker.load.yamlsource import gc_paused
from checker.model import document_level
from checker.parallel import Ahead, pmap
from checker.report import Checked, DocumentInfo, NotChecked, Violation, municipality_label
from checker.unknown import Unknown

if TYPE_CHECKING:
    from checker.municipalities import Key
    from checker.rules import Rule


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


def context_digest(reference: Sequence[SourceDocument], rules: Sequence[Rule], as_of: dt.date, limits: Limits) -> str:
    """What a unit's findings depend on besides its own files (the code is in the cache's key), and
    the reference documents' own findings with their files. Digested once: it is long (every
    reference document), and each unit's key would hash it again."""
    context = "\0".join([as_of.isoformat(), repr(limits), repr(tuple(rules)), repr([d.model for d in reference])])
    return hashlib.sha256(context.encode("utf-8", "surrogateescape")).hexdigest()


def check_units(split: Split, reference: Sequence[SourceDocument], rules: Sequence[Rule], as_of: dt.date, *,
                jobs: int = 1, cache: ParseCache | None = None, limits: Limits = DEFAULT_LIMITS,
                progress: Progress | None = None, context: str | None = None) -> list[Checked] | None:
    """Check every unit (in worker processes with jobs > 1); None when the scan grouped the files
    differently from what their parsed documents say (the caller then checks the ordinary way).
    `context`: context_digest(reference, rules, as_of, limits), when the caller has it."""
    digest = context if context is not None else context_digest(reference, rules, as_of, limits)
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
                results[index] = hit  # marked cached
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
    if any(d.level != "municipal" for r in results for d in r.documents):
        return False
    if any(not {m[0] for m in r.members} <= unit.ids for unit, r in zip(units, results)):
        return False
    return _linked_within_units([r.members for r in results])


def _linked_within_units(members: Sequence[Sequence[tuple[str, str, Iterable[str]]]]) -> bool:
    """Whether every group `connected` makes of the units' members ((id, municipality, referenced
    ids) of each document, unit by unit) lies within one unit: no id or municipality is in two
    units, and no document refers to an id of another unit — the links `connected` follows. A
    national check's ten thousand documents, without the union of them all."""
    unit_of_id: dict[str, int] = {}
    unit_of_owner: dict[str, int] = {}
    for unit, documents in enumerate(members):
        for doc_id, owner, _ in documents:
            if unit_of_id.setdefault(doc_id, unit) != unit or unit_of_owner.setdefault(owner, unit) != unit:
                return False
    return all(unit_of_id.get(ref, unit) == unit
               for unit, documents in enumerate(members) for _, _, refs in documents for ref in refs)


# --- The one entry: how to check the files given ---------------------------------------------------


@dataclass(frozen=True)
class _StoredReference:
    """Where the reference documents' own findings (check_reference) of a batch check are, or will
    be, in the result cache: keyed by the context digest (the reference documents, the rules, the
    date, the limits), the bundled plans and rules as files (a finding's file and line), and the
    user's reference files and tables by name and content. A warm check after an edit then runs
    no graph of the reference documents. No key when a file changed while it was read ("")."""

    cache: ParseCache
    context: str
    files: Sequence[tuple[str, str]]  # (file, digest of the bytes read)
    tables: Sequence[TableRead]

    @cached_property
    def key(self) -> str | None:
        if any(not digest for _, digest in self.files) or any(not digest for _, _, digest in self.tables):
            return None
        parts = [f"{display_path(Path(file))}\0{digest}" for file, digest in self.files]
        parts += [f"{display_path(Path(folder))}\0{name}\0{digest}" for folder, name, digest in self.tables]
        return self.cache.result_key(["reference", self.context, bundle_digest(), *parts])

    def get(self) -> Outcome | None:
        key = self.key
        found = self.cache.get_result(key, []) if key is not None else None
        return Outcome(list(found.violations), list(found.not_checked)) if found is not None else None

    def put(self, own: Outcome) -> None:
        key = self.key
        if key is not None:
            self.cache.put_result(key, Checked(tuple(own.violations), (), (), (), tuple(own.not_checked)), [], [])


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
        # the bundled reference documents (but the user's own files): parsed by the process that
        # split the files when it is done already (one municipality, SplitAhead), else here while
        # it works
        bundle = None
        if include_reference:
            parsed = split.bundle() if split is not None and not split.waiting() else None
            bundle = read_bundle(own_bundled(files, cache.status() if cache is not None else os.lstat), cache=cache,
                                 limits=limits, parsed=parsed)
        run = _check_by_municipality(files, rules, as_of, bundle, cache, jobs, limits, progress, split)
    if run is not None:
        return run
    loaded = load_documents(paths, include_reference=include_reference, cache=cache, jobs=jobs, limits=limits,
                            progress=progress, files=files, parsed=split.parsed() if split is not None else None,
                            bundle=bundle)
    if require_plans and not loaded.plan_files:
        raise NoPlanFiles(paths, loaded.skipped)
    outcome = evaluate_documents(loaded.documents, rules, as_of, jobs=jobs, progress=progress,
                                 failed=failed_ids(loaded.errors))
    return Run(list(loaded.errors), outcome.violations, outcome.not_checked, describe_all(loaded.documents),
               loaded.files, loaded.skipped, loaded, loaded.tables, loaded.read)


def _check_by_municipality(files: list[Path], rules: Sequence[Rule], as_of: dt.date, bundle: Bundle | None,
                           cache: ParseCache | None, jobs: int, limits: Limits,
                           progress: Progress | None, ahead: SplitAhead | None = None) -> Run | None:
    """Many municipalities: only the reference documents are loaded here, each municipality's
    files are parsed and checked in a worker (check_units). None when there are fewer than two
    municipalities, or when the quick scan of the files proved wrong: check the ordinary way.
    `bundle`: the bundled reference documents (read_bundle), None without them."""
    if ahead is not None and ahead.waiting():
        # Time this process would spend waiting: it imports networkx, which a graph built here (one
        # municipality) or in a worker forked from here needs. A check whose split is ready (with
        # the cache, after an edit) builds no graph here and does not import it.
        import networkx  # noqa: F401
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
    if bundle is not None:
        own_ids = {d.model.id for d in loaded}.union(*(u.ids for u in split.units))
        docs, errs = bundled_reference(own_ids, files, bundle=bundle)
        loaded.extend(docs)
        errors.extend(errs)
    context = context_digest(loaded, rules, as_of, limits)
    stored = _StoredReference(cache, context, read, tables) if cache is not None and not errors else None
    own = kept = stored.get() if stored is not None else None
    # the reference documents' own findings (unless stored), in another process while the units are checked here
    with Ahead(check_reference, loaded, rules, as_of, jobs=jobs) if own is None else nullcontext() as reference_ahead:
        results = check_units(split, loaded, rules, as_of, jobs=jobs, cache=cache, limits=limits, progress=progress,
                              context=context)
        if results is None:
            return None
        if reference_ahead is not None:
            own = reference_ahead.result()
    if own is None:
        own = check_reference(loaded, rules, as_of)
    if stored is not None and kept is None:
        stored.put(own)
    if cache is not None:
        cache.result_hits = sum(r.cached for r in results)
    return Run(
        [*errors, *(e for r in results for e in r.errors)],
        own.violations + [v for r in results for v in r.violations],
        own.not_checked + [n for r in results for n in r.not_checked],
        [describe(d) for d in loaded] + [d for r in results for d in r.documents],
        split.shown,
        tuple(skipped),
        tables=(*tables, *(table for r in results for table in r.tables)),
        read=(*read, *((os.fspath(file), digest if result.settled else "")
                       for unit, result in zip(split.units, results) for file, digest in zip(unit.files, unit.digests))),
    )
