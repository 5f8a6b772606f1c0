"""One side of a comparison: a version of the plans, checked as one folder is.

Plan files given one by one are read with the other plan files of their folder as context, so
references between documents resolve as they do in the folder; context documents are not
compared and their violations not listed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from checker import api
from checker.load.paths import PLAN_SUFFIXES, discover, display_path
from checker.report import DocumentInfo, Report, Violation

if TYPE_CHECKING:
    import networkx as nx

Relabel = Callable[[str], str]  # a shown path → the path a reader should see (git exports)


def same(path: str) -> str:
    return path


@dataclass
class Side:
    label: str
    plans: api.PlanSet
    report: Report
    own: dict[str, DocumentInfo]  # the documents compared
    context_docs: frozenset[str]
    files: tuple[str, ...]  # the plan files compared (as shown)
    context: tuple[str, ...]  # files read for references only (as shown)
    roots: tuple[str, ...]  # the given folders (as shown, before relabelling), for path identity
    sources: dict[str, Path]  # shown file → path, for every plan file read
    violations: tuple[Violation, ...]  # of own and reference documents (not of context documents)
    relabel: Relabel

    @property
    def graph(self) -> "nx.MultiDiGraph":
        return self.plans.graph

    def predecessors(self) -> dict[str, str]:
        """Own document → the predecessor it names (as written, resolved or not)."""
        found: dict[str, str] = {}
        for src in self.plans.loaded.documents:
            pred = getattr(src.model, "predecessor", None)
            if src.model.id in self.own and isinstance(pred, str):
                found[src.model.id] = pred
        return found


def _siblings(given: Sequence[Path]) -> list[Path]:
    """The other plan files in the folders of the files given one by one (not below them)."""
    chosen = {p.resolve() for p in given if p.is_file()}
    found: set[Path] = set()
    for p in given:
        if p.is_file():
            found.update(q for q in p.parent.iterdir()
                         if q.suffix in PLAN_SUFFIXES and q.is_file() and q.resolve() not in chosen)
    return sorted(found)


def load_side(label: str, given: Sequence[Path], extra: Sequence[Path], options: dict[str, Any],
              relabel: Relabel = same) -> Side:
    """One version: the given files or folders checked with `options` (api.check_plans), with the
    sibling files and `extra` files read as context."""
    files = discover(given)
    chosen = {f.resolve() for f in files}
    candidates = [p for p in _siblings(given) + list(extra) if p.resolve() not in chosen]
    context: list[Path] = []
    if candidates:
        own_ids = {d.model.id for d in api.build(files, include_reference=False).loaded.documents} if files else set()
        held: dict[str, set[str]] = {}
        for d in api.build(candidates, include_reference=False).loaded.documents:
            held.setdefault(d.file, set()).add(d.model.id)
        # a context file never stands in for a document of the version itself
        context = [p for p in dict.fromkeys(candidates) if not held.get(display_path(p), set()) & own_ids]
    plans, report = api.check_plans(list(given) + context, **options)
    shown_files = {display_path(f): f for f in files}
    shown_context = {display_path(f): f for f in context}
    own = {d.id: d for d in report.documents if d.file in shown_files and not d.bundled}
    context_docs = frozenset(d.id for d in report.documents if d.file in shown_context and d.id not in own)
    kept = tuple(v for v in report.violations
                 if v.document not in context_docs and not (v.document is None and v.file in shown_context))
    roots = tuple(dict.fromkeys(display_path(p if p.is_dir() else p.parent) for p in given))
    return Side(label, plans, report, own, context_docs, tuple(sorted(shown_files)), tuple(sorted(shown_context)),
                roots, {**shown_files, **shown_context}, kept, relabel)
