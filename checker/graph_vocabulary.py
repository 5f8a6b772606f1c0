"""The words a rule may use: node types, relations and the attributes of each node type.

They are read from the graph builder's own tables (graph.NODE_ATTRIBUTES, graph.RELATIONS,
graph.ATTRIBUTE_VALUES), the one place that knows them, so that a rule naming a node type,
relation or attribute that does not exist (`municipal_stratgy`, `succeds`, `publishd`) is a
configuration error when it loads — with its place and a "did you mean" — instead of a rule that
can never fire.

Check kinds say which of their parameters name such things by annotating them:

    class Compare(Params):
        left: Attribute                                # an attribute (path) of the subject
        other: RelationPath                            # relations followed from the subject
        other_attribute: Annotated[str, attribute_of("other")]   # … of the nodes reached that way

Selectors (`type`, `where`, `linked`) are recognised wherever they appear, without annotation.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from typing import Annotated, Any, Iterable, Iterator, Literal

from pydantic import BaseModel

from checker import graph

Role = Literal["type", "relation", "path", "attribute", "edge_attribute", "declared"]
PSEUDO_STEPS = frozenset({"document"})  # a path step to the node's own document (base.follow)


@dataclass(frozen=True)
class Vocab:
    """What a check parameter names: a node type, a relation, a path of relations, an attribute
    (of the subject, or of the nodes named by other parameters: `of`), an edge attribute of the
    relation in parameter `of[0]`, or a key of a document's declared counts."""

    role: Role
    of: tuple[str, ...] = ()


def attribute_of(*params: str) -> Vocab:
    """An attribute of the nodes that the named parameters reach (a path) or select (a selector)."""
    return Vocab("attribute", params)


NodeType = Annotated[str, Vocab("type")]
Relation = Annotated[str, Vocab("relation")]
RelationPath = Annotated[list[str], Vocab("path")]
Attribute = Annotated[str, Vocab("attribute")]
Attributes = Annotated[list[str], Vocab("attribute")]


# --- the vocabulary -------------------------------------------------------------------------------


def node_types() -> list[str]:
    return sorted(graph.NODE_ATTRIBUTES)


def relations() -> list[str]:
    return sorted(graph.RELATIONS)


def attributes(types: Iterable[str] | None = None) -> list[str]:
    """The attributes nodes of these types may have (None: of any type)."""
    chosen = graph.NODE_ATTRIBUTES if types is None else {t: graph.NODE_ATTRIBUTES.get(t, frozenset()) for t in types}
    return sorted(graph.NODE_BASE.union(*chosen.values()))


def reached(types: Iterable[str] | None, path: Iterable[str]) -> set[str] | None:
    """The node types reached from nodes of `types` along a path of relations (None: unknown,
    i.e. any). A relation followed from a type it does not start at reaches nothing."""
    current = None if types is None else set(types)
    for step in path:
        if step in PSEUDO_STEPS:
            current = None if current is None else {k for t in current for k in graph.DOCUMENT_KINDS_OF.get(t, ())}
            continue
        relation = graph.RELATIONS.get(step)
        if relation is None:
            return None
        current = set(relation.targets) if current is None else (set(relation.targets) if current & relation.sources
                                                                   else set())
    return current


def suggestion(word: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f" — did you mean {close[0]!r}?" if close else ""


@dataclass(frozen=True)
class Problem:
    """A word a rule uses that the graph does not know: where (a key path) and what."""

    loc: tuple[Any, ...]
    message: str


def _sub_attributes(cls: type) -> set[str]:
    if isinstance(cls, type) and issubclass(cls, BaseModel):
        return set(cls.model_fields)
    names = {f.name for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else set()
    return names | {n for n in dir(cls) if isinstance(getattr(cls, n, None), property)}


def check_attribute(path: str, types: set[str] | None, loc: tuple[Any, ...]) -> Iterator[Problem]:
    """An attribute path (`period.start_date`) names an attribute of one of `types` (None: any
    type), and each further step a field of that attribute's value."""
    head, *rest = path.split(".")
    known = attributes(types)
    if head not in known:
        whose = "any node type" if types is None else "node type(s) " + ", ".join(sorted(types))
        yield Problem(loc, f"unknown attribute {head!r} of {whose}{suggestion(head, known)}")
        return
    value: Any = graph.ATTRIBUTE_VALUES.get(head)
    for part in rest:
        if value is None:
            return  # a value whose structure is not declared: any field
        fields = _sub_attributes(value)
        if part not in fields:
            yield Problem(loc, f"{head!r} has no field {part!r}{suggestion(part, fields)}")
            return
        value = None


def check_type(name: str, loc: tuple[Any, ...]) -> Iterator[Problem]:
    if name != "*" and name not in graph.NODE_ATTRIBUTES:
        yield Problem(loc, f"unknown node type {name!r}{suggestion(name, node_types())}")


def check_relation(name: str, loc: tuple[Any, ...], steps: bool = False) -> Iterator[Problem]:
    known = set(graph.RELATIONS) | (PSEUDO_STEPS if steps else set())
    if name not in known:
        yield Problem(loc, f"unknown relation {name!r}{suggestion(name, known)}")


def check_selector(sel: Any, loc: tuple[Any, ...]) -> Iterator[Problem]:
    """A selector's node types, the attributes its `where` tests and the relations it requires."""
    for i, t in enumerate(sel.type):
        yield from check_type(t, loc + ("type", i))
    types = None if "*" in sel.type else set(sel.type)
    for name in sel.where:
        yield from check_attribute(name, types, loc + ("where", name))
    for i, link in enumerate(sel.linked):
        here = loc + ("linked", i, "rel")
        problems = list(check_relation(link.rel, here))
        yield from problems
        relation = graph.RELATIONS.get(link.rel)
        if problems or relation is None or types is None:
            continue
        ends = relation.sources if link.direction == "out" else relation.targets
        if not types & ends:
            side = "from" if link.direction == "out" else "to"
            yield Problem(here, f"relation {link.rel!r} never links {side} node type(s) {', '.join(sorted(types))} "
                                f"(it links {side} {', '.join(sorted(ends))})")


def selected_types(sel: Any) -> set[str] | None:
    return None if "*" in sel.type else set(sel.type)


def _is_selector(value: Any) -> bool:
    from checker.checks.base import Selector

    return isinstance(value, Selector)


def check_params(params: BaseModel, subject: set[str] | None, loc: tuple[Any, ...]) -> list[Problem]:
    """Every parameter of a check kind that names a type, relation or attribute (see Vocab), and
    every selector among them, against the graph's vocabulary. `subject`: the rule's target
    types (None: a graph check, or any type)."""
    problems: list[Problem] = []
    fields = type(params).model_fields

    def types_of(name: str) -> set[str] | None:
        """The node types a parameter names: a selector's, those reached along a path."""
        if name in ("", "subject"):
            return subject
        value = getattr(params, name, None)
        if _is_selector(value):
            return selected_types(value)
        if isinstance(value, dict) and value and all(_is_selector(v) for v in value.values()):
            found: set[str] = set()
            for sel in value.values():
                chosen = selected_types(sel)
                if chosen is None:
                    return None
                found |= chosen
            return found
        if isinstance(value, list):
            return reached(subject, value) if value else set()
        return set() if value is None else None

    for name, info in fields.items():
        value = getattr(params, name)
        here = loc + (name,)
        if value is None:
            continue
        if _is_selector(value):
            problems += check_selector(value, here)
            continue
        if isinstance(value, dict) and value and all(_is_selector(v) for v in value.values()):
            for key, sel in value.items():
                problems += check_selector(sel, here + (key,))
        vocab = next((meta for meta in info.metadata if isinstance(meta, Vocab)), None)
        if vocab is None:
            continue
        if vocab.role == "path" and isinstance(value, list) and value and subject is not None \
                and all(step in graph.RELATIONS or step in PSEUDO_STEPS for step in value) \
                and reached(subject, value) == set():
            problems.append(Problem(here, f"the relations {' → '.join(value)} lead nowhere from node type(s) "
                                          f"{', '.join(sorted(subject))}"))
            continue
        words = [(here, value)] if isinstance(value, str) else [(here + (i,), v) for i, v in enumerate(value)] \
            if isinstance(value, list) else [(here + (k,), k) for k in value] if isinstance(value, dict) else []
        for where, word in words:
            if not isinstance(word, str):
                continue
            if vocab.role == "type":
                problems += check_type(word, where)
            elif vocab.role == "relation":
                problems += check_relation(word, where)
            elif vocab.role == "path":
                problems += check_relation(word, where, steps=True)
            elif vocab.role == "edge_attribute":
                rel = getattr(params, vocab.of[0], None) if vocab.of else None
                relation = graph.RELATIONS.get(rel) if isinstance(rel, str) else None
                if relation is not None and word not in relation.attributes:
                    problems.append(Problem(where, f"edges of {rel!r} have no attribute {word!r}"
                                                   f"{suggestion(word, relation.attributes)}"))
            elif vocab.role == "declared":
                known = _sub_attributes(graph.ATTRIBUTE_VALUES["declared"])
                if word not in known:
                    problems.append(Problem(where, f"unknown declared count {word!r}{suggestion(word, known)}"))
            else:  # attribute
                owners = [types_of(p) for p in vocab.of] if vocab.of else [subject]
                types: set[str] | None = set()
                for found in owners:
                    types = None if found is None or types is None else types | found
                if types is not None and not types:
                    continue  # the nodes named reach nothing (an empty path): nothing to check against
                problems += check_attribute(word, types, where)
    return problems
