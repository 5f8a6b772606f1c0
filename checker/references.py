"""Where plan documents refer to other things: one table, by document kind, of the fields that hold
references — the key path, the relation the graph builder makes of it, and whether it may name
another document or only an item of its own document.

The graph builder (checker.graph) resolves references only at the fields listed here (one it
makes elsewhere is a VocabularyDrift), and `referenced_documents` reads the same fields straight
from the models, without building a graph: the batch check partitions the municipalities by it
(checker.batch) and tells a municipality's prefecture from it (checker.municipalities). So a new
reference field is added here once, and both see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable

Pattern = tuple[str, ...]  # attribute names (= YAML keys) from the document; "*" for every item of a list


@dataclass(frozen=True)
class ReferenceField:
    path: Pattern
    relation: str  # the edge the graph builder makes (graph.RELATIONS)
    local: bool = False  # an item of its own document (a project's measure): never another document


def _indicator(at: Pattern) -> tuple[ReferenceField, ...]:
    """An indicator: the goal, measure or project it measures (listed at document level or in a
    table), and the previous period's indicator it continues."""
    return (*(ReferenceField((*at, name), "measures", local=True) for name in ("goal", "measure", "project")),
            ReferenceField((*at, "continues"), "continues"))


def _project(at: Pattern) -> tuple[ReferenceField, ...]:
    return (ReferenceField((*at, "measure"), "part_of", local=True), *_indicator((*at, "kpis", "*")))


def _goals(at: Pattern) -> tuple[ReferenceField, ...]:
    """A strategy's basic goals, their numerical targets, measures, KPIs and projects."""
    goal = (*at, "*")
    measure = (*goal, "measures", "*")
    return (ReferenceField((*goal, "considers", "*"), "considers"), ReferenceField((*goal, "continues"), "continues"),
            *_indicator((*goal, "targets", "*")), ReferenceField((*measure, "considers", "*"), "considers"),
            *_indicator((*measure, "kpis", "*")), *_project((*measure, "projects", "*")))


def _higher(*, considers: bool) -> tuple[ReferenceField, ...]:
    """A national or prefectural strategy: its predecessor, its goals' and cross-cutting goals'
    higher goals, and (a prefecture's) the strategies it considers."""
    return (ReferenceField(("predecessor",), "succeeds"),
            *((ReferenceField(("considers", "*"), "considers"),) if considers else ()),
            ReferenceField(("goals", "*", "considers", "*"), "considers"),
            ReferenceField(("cross_cutting_goals", "*", "considers", "*"), "considers"))


_MENTIONS = (ReferenceField(("mentions", "*", "of"), "mentions"),)
_REVISIONS = (ReferenceField(("revisions", "*", "considers", "*"), "considers"),)

REFERENCE_FIELDS: dict[str, tuple[ReferenceField, ...]] = {
    "national_strategy": _higher(considers=False),
    "prefectural_strategy": (*_higher(considers=True), *_indicator(("indicators", "*")), *_REVISIONS),
    "municipal_strategy": (
        ReferenceField(("considers", "*"), "considers"), ReferenceField(("predecessor",), "succeeds"),
        ReferenceField(("merges_into",), "merges_into"), ReferenceField(("vision",), "uses_vision"),
        *_goals(("goals",)), *_goals(("parts", "*", "goals")),
        ReferenceField(("cross_cutting_goals", "*", "considers", "*"), "considers"),
        *_project(("projects", "*")), *_indicator(("indicators", "*")),
        ReferenceField(("grants", "*", "programme"), "under_programme"),
        ReferenceField(("grants", "*", "continues"), "continues"),
        ReferenceField(("grants", "*", "funds", "*"), "funds", local=True),
        *_REVISIONS,
        ReferenceField(("retired", "*"), "retires"), ReferenceField(("unaddressed", "*"), "leaves_unaddressed"),
        *_MENTIONS),
    "comprehensive_plan": (ReferenceField(("supersedes",), "supersedes"), *_MENTIONS),
    "population_vision": (ReferenceField(("projection",), "based_on"), ReferenceField(("supersedes",), "supersedes"),
                          *_MENTIONS),
    "regional_plan": (ReferenceField(("implements",), "implements"), ReferenceField(("programme",), "under_programme"),
                      ReferenceField(("funds", "*"), "covers"), *_indicator(("targets", "*")), *_MENTIONS),
}

_LISTED = frozenset((kind, f.path, f.relation) for kind, fields in REFERENCE_FIELDS.items() for f in fields)


def listed(kind: str, path: Iterable[Any], relation: str) -> bool:
    """Whether a reference of a `kind` document at the key `path` (list positions as numbers)
    making `relation` is in REFERENCE_FIELDS (the graph builder asks for every one it makes)."""
    return (kind, tuple("*" if isinstance(p, int) else p for p in path), relation) in _LISTED


_LEAF = ""  # a key no attribute has: "the reference is here"


def _tree(paths: Iterable[Pattern]) -> dict[str, Any]:
    """The paths as a tree, so that one walk of a document reads them all."""
    tree: dict[str, Any] = {}
    for path in paths:
        node = tree
        for part in path:
            node = node.setdefault(part, {})
        node[_LEAF] = {}
    return tree


Reader = Callable[[Any, set[str]], None]  # (a value of a document, the ids found so far) → None


def _reader(tree: dict[str, Any]) -> Reader:
    """One function that reads every reference of `tree` from a value: the tree turned into
    nested functions once per kind, so a document's walk does not look up the tree's keys at
    each entity it passes (a strategy's hundreds of projects and indicators)."""
    steps = [_found if key == _LEAF else _each(below) if key == "*" else _field(key, _reader(below))
             for key, below in tree.items()]
    if len(steps) == 1:
        return steps[0]

    def every(value: Any, found: set[str]) -> None:
        for step in steps:
            step(value, found)
    return every


def _found(value: Any, found: set[str]) -> None:
    """The reader of a reference field: the document it names. A continuation ({from: …, as:
    renamed}) or a retired item ({id: …, reason: …}) names it in a field; `unknown`
    (checker.unknown) names no document."""
    ref = value if isinstance(value, str) else getattr(value, "from_", None) or getattr(value, "id", None)
    if isinstance(ref, str) and ref:
        found.add(ref.split("#", 1)[0])


def _each(tree: dict[str, Any]) -> Reader:
    """The reader of every item of a list. Items read for one field alone (`projects: [{kpis: …}]`,
    the usual case) are read in the loop itself, one call less for each of a strategy's hundreds."""
    key = next(iter(tree)) if len(tree) == 1 else _LEAF
    if key in (_LEAF, "*"):
        read = _reader(tree)

        def each(value: Any, found: set[str]) -> None:
            if isinstance(value, list):
                for item in value:
                    read(item, found)
        return each
    read_field = _reader(tree[key])

    def each_field(value: Any, found: set[str]) -> None:
        if isinstance(value, list):
            for item in value:
                if item is not None:
                    read_field(getattr(item, key, None), found)
    return each_field


def _field(key: str, read: Reader) -> Reader:
    """The reader of one field of a value (nothing of a value that is not there)."""
    def field(value: Any, found: set[str]) -> None:
        if value is not None:
            read(getattr(value, key, None), found)
    return field


# The fields that may name another document, by kind, each tree as its reader.
_DOCUMENT_READERS = {kind: _reader(_tree(f.path for f in fields if not f.local))
                     for kind, fields in REFERENCE_FIELDS.items()}


def _nothing(value: Any, found: set[str]) -> None:
    """The reader of a kind that refers to no document."""


def referenced_documents(model: Any) -> set[str]:
    """The ids of the documents a document refers to (the part before '#'), read from the fields
    REFERENCE_FIELDS lists for its kind — not from a dump of everything, which would be slow."""
    found: set[str] = set()
    _DOCUMENT_READERS.get(getattr(model, "kind", ""), _nothing)(model, found)
    return found
