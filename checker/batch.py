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
import multiprocessing
from typing import Any, Callable, Sequence

from checker.engine import evaluate
from checker.graph import build_graph
from checker.load.documents import SourceDocument
from checker.model import document_level
from checker.report import Violation
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


def partitions(documents: Sequence[SourceDocument]) -> tuple[list[SourceDocument], list[list[SourceDocument]]]:
    """(reference documents, partitions of municipal documents), each partition in load order."""
    reference = [d for d in documents if document_level(d.model) != "municipal"]
    municipal = [d for d in documents if document_level(d.model) == "municipal"]
    parent = list(range(len(municipal)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    by_owner: dict[str, int] = {}
    by_id: dict[str, int] = {}
    for i, doc in enumerate(municipal):
        owner = getattr(doc.model, "municipality", None) or ""
        if owner in by_owner:
            union(i, by_owner[owner])
        by_owner.setdefault(owner, i)
        if doc.model.id in by_id:  # a duplicate id must meet its twin to be reported
            union(i, by_id[doc.model.id])
        by_id.setdefault(doc.model.id, i)
    for i, doc in enumerate(municipal):
        for ref in referenced_documents(doc.model):
            target = by_id.get(ref)
            if target is not None and target != i:
                union(i, target)
    groups: dict[int, list[SourceDocument]] = {}
    for i, doc in enumerate(municipal):
        groups.setdefault(find(i), []).append(doc)
    return reference, list(groups.values())


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


def _evaluate_partition(index: int) -> list[Violation]:
    reference, parts, rules, as_of = _WORK["reference"], _WORK["parts"], _WORK["rules"], _WORK["as_of"]
    part = parts[index] if index >= 0 else []
    owned = {d.model.id for d in part} if index >= 0 else {d.model.id for d in reference}
    graph = build_graph([*(_relevant(reference, part) if index >= 0 else reference), *part])
    # Keep what this partition owns: its own documents' findings (the reference partition, index
    # -1, owns the reference documents' findings and structural problems without a document).
    return [v for v in evaluate(graph, rules, as_of) if v.document in owned or (index < 0 and v.document is None)]


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
