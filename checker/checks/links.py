"""Check kinds about links: cardinality, coverage of a set, consistency with the document."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Iterator, Literal

from pydantic import model_validator

from checker.checks.base import (
    Context, Finding, Graph, NotKnown, Params, Selector, Unseen, date_field, date_of, document_date, follow, in_force,
    index_graph, neighbours, node_check, of_type, select, selected, title,
)
from checker.labels import Label, label
from checker.graph_vocabulary import Attributes, NodeType, Relation, RelationPath, Vocab, attribute_of
from checker.unknown import Unknown


class LinkCount(Params):
    rel: Relation
    direction: Literal["out", "in"] = "out"
    other: Selector | None = None
    min: int | None = None
    max: int | None = None

    @model_validator(mode="after")
    def _bounded(self) -> "LinkCount":
        if self.min is None and self.max is None:
            raise ValueError("link_count needs min, max or both")
        return self


def _miscounted(g: Graph, nodes: list[str], p: LinkCount) -> list[str]:
    """The targets with too few or too many links, or links marked unknown (link_count is silent
    for the others): its count, in one loop over the targets."""
    linked, data = index_graph(g).links(p.rel, p.direction), g._node
    low = p.min if p.min is not None else 0
    high = p.max if p.max is not None else float("inf")
    marked = p.direction == "out"  # only a node's own (outgoing) links are marked unknown
    other = p.other
    types = other.type if other is not None and not other.where and not other.linked and "*" not in other.type \
        else None  # by type alone: select's test, inlined (most nodes have one such link)
    # otherwise the nodes `other` selects, found once (a measure's KPIs: not a select per measure)
    matching = selected(g, other) if other is not None and types is None else set()
    kept = []
    for n in nodes:
        others = linked.get(n, ())
        if other is None or not others:
            count = len(others)
        elif types is not None:
            count = 0
            for o in others:
                count += data[o]["type"] in types
        else:
            count = 0
            for o in others:
                count += o in matching
        if not low <= count <= high or marked and p.rel in (data[n].get("unknown_links") or ()):
            kept.append(n)
    return kept


@node_check("link_count", LinkCount, produces=("count", "min", "max", "others"), narrow=_miscounted)
def link_count(g: Graph, node: str, p: LinkCount, ctx: Context) -> Iterator[Finding | Unseen]:
    """The number of `rel` links (out or in) to nodes matching `other` is within [min, max]. Not
    checked when the plan file marks those links unknown (`considers: unknown`), nor when too few
    are linked but the subject's references that do not resolve could make up the difference:
    REF-001/REF-003 report those, once (a goal whose one `considers` is misspelt has no second
    finding "considers no national goal")."""
    if p.direction == "out" and p.rel in (g._node[node].get("unknown_links") or ()):
        raise NotKnown(p.rel, key=p.rel)
    linked = index_graph(g).neighbours(node, p.rel, p.direction)
    others = list(linked) if p.other is None else select(g, linked, p.other)
    count = len(others)
    too_few = p.min is not None and count < p.min
    pending = unresolved(g, [node], p.rel) if too_few and p.direction == "out" else []
    if p.min is not None and too_few and p.min <= count + len(pending):
        yield Unseen(node, ("unresolved_reference",), key=p.rel, params={"refs": [ref for _, ref in pending]})
    elif too_few or (p.max is not None and count > p.max):
        yield Finding(node, tuple(others), key=None,
                      params={"count": count, "min": p.min, "max": p.max, "others": [title(g, o) for o in others]})


def unresolved(g: Graph, nodes: list[str], rel: str) -> list[tuple[str | None, str]]:
    """(document pointed into or None, reference) of the `rel` references of `nodes` that do not
    resolve — the graph records them (graph.NODE_BASE `unresolved`), REF-001/REF-003 report them."""
    return [(into, ref) for n in nodes for r, into, ref in g._node[n].get("unresolved", ()) if r == rel]


class Coverage(Params):
    documents: Literal["considered", "in_force"]  # which higher documents' items must be covered
    document_type: NodeType
    items: Selector  # items of those documents (their `part_of` children)
    by: Relation = "considers"  # relation from any node of the subject's document to an item
    explained_by: Annotated[str | None, Vocab("relation")] = "leaves_unaddressed"  # excuses a gap
    at: Attributes = ["adopted", "published"]  # with in_force: the subject's date, first present


@node_check("coverage", Coverage, produces=("item", "item_id", "item_term", "document_title"))
def coverage(g: Graph, node: str, p: Coverage, ctx: Context) -> Iterator[Finding | Unseen]:
    """Every item of the considered (or in-force) higher documents is linked by `by` from some
    node of the subject's document, or the gap is explained by `explained_by`. `item_term` is
    what the item's document calls it (基本目標, 取組の方向, 横断的な目標)."""
    if p.documents == "considered":
        if "considers" in (g._node[node].get("unknown_links") or ()):
            raise NotKnown("considers")
        docs = [d for d in neighbours(g, node, "considers") if g._node[d]["type"] == p.document_type]
    else:
        at = date_of(_first(g._node[node], p.at))
        current = in_force(g, of_type(g, p.document_type), at) if at else None
        docs = [current] if current else []
    explained = set(neighbours(g, node, p.explained_by)) if p.explained_by else set()
    # References of the subject's document that do not resolve may have been meant to cover an
    # item: the uncovered items of the documents they point into (any, when that is not known)
    # are "not checked" — REF-001 reports the reference, once.
    pending: list[tuple[str | None, str]] | None = None  # (looked for only when an item is not covered)
    for doc in docs:
        # The finding rests on the item (its document's goal list) and, for the strategy in
        # force, on the date that makes it so.
        when = ((doc, field),) if p.documents == "in_force" and (field := date_field(g, doc)) else ()
        for item in select(g, neighbours(g, doc, "part_of", "in"), p.items):
            if item in explained or any(g._node[s]["doc"] == node for s in neighbours(g, item, p.by, "in")):
                continue
            if pending is None:
                pending = unresolved(g, index_graph(g).of_document(node), p.by)
            doubtful = [ref for into, ref in pending if into is None or into == doc]
            if doubtful:
                yield Unseen(node, ("unresolved_reference",), key="goals", params={"refs": doubtful})
                break
            term = g._node[item].get("term") or g._node[item]["type"]
            yield Finding(node, (item,), key="goals", rests_on=((item, "title"), *when),
                          params={"item": title(g, item), "item_id": item, "item_term": Label(term),
                                  "document_title": title(g, doc)})


_HOPS = {"based_on": "projection", "uses_vision": "vision", "considers": "considers"}


def _last_hop(path: list[str]) -> str:
    """The fact a missing link stands for, as labels name it (based_on → projection)."""
    return _HOPS.get(path[-1], path[-1])


def _took_effect_after(g: Graph, node: str, day: object) -> bool:
    try:
        taken = document_date(g, node)
    except NotKnown:
        return False
    return taken is not None and isinstance(day, dt.date) and taken > day


def _first(data: dict[str, object], names: list[str]) -> object:
    """The first of the named date attributes that the plan gives; NotKnown when the first one
    that is not absent is marked unknown (a later one is no stand-in for it)."""
    for name in names:
        value = data.get(name)
        if isinstance(value, Unknown):
            raise NotKnown(name, key=name)
        if value is not None:
            return value
    return None


class DocumentConsistent(Params):
    rel: Relation = "considers"  # the subject's links …
    document_rel: Relation = "considers"  # … must point into documents its own document links this way


@node_check("consistent_with_document", DocumentConsistent, produces=("other", "other_document", "document_title"))
def consistent_with_document(g: Graph, node: str, p: DocumentConsistent, ctx: Context) -> Iterator[Finding | Unseen]:
    """A goal considers only goals of documents that its own document considers."""
    doc = g._node[node]["doc"]
    allowed = set(neighbours(g, doc, p.document_rel))
    for other in neighbours(g, node, p.rel):
        other_doc = g._node[other]["doc"]
        if other_doc not in allowed:
            yield Finding(node, (other,), key=p.rel,
                          params={"other": title(g, other), "other_document": title(g, other_doc),
                                  "document_title": title(g, doc)})


class CurrentReference(Params):
    path: RelationPath  # relations from the subject to what it refers to, e.g. [uses_vision, based_on]
    candidates: Selector  # the documents one of which is in force
    same: Annotated[list[str], attribute_of("candidates")] = []  # shared with the subject (e.g. prefecture)
    at: Attributes = ["adopted", "published"]  # the subject's date: the first of these present
    key: str | None = None  # the subject's key the finding points at (e.g. considers, vision)
    # nothing of the candidates' kind referenced: a finding, nothing, or "not checked" (the plan
    # does not record it: a vision's projection edition is rarely printed, and is not a defect)
    when_none: Literal["report", "skip", "not_checked"] = "report"


@node_check("current_reference", CurrentReference,
            produces=("current", "current_id", "referenced", "at"))
def current_reference(g: Graph, node: str, p: CurrentReference, ctx: Context) -> Iterator[Finding | Unseen]:
    """What the subject refers to (along `path`) includes the candidate in force at its date —
    the latest one to take effect on or before it. No candidate in force: nothing to check."""
    data = g._node[node]
    when = _first(data, p.at)
    at = date_of(when)
    if at is None:
        return
    if p.path[:1] and p.path[0] in (data.get("unknown_links") or ()):
        raise NotKnown(p.path[0], key=p.key)
    candidates = [n for n in select(g, [n for t in p.candidates.type for n in of_type(g, t)], p.candidates)
                  if all(g._node[n].get(a) == data.get(a) for a in p.same)]
    if not candidates and p.same:  # nothing bundled for this prefecture: say so, do not pass
        yield Unseen(node, ("reference_data",), key=p.key, params={
            "reference": label(p.candidates.type[0]), "of": " ".join(str(data.get(a) or "") for a in p.same)})
        return
    current = in_force(g, candidates, getattr(when, "last_day", at))
    # A date known to the month: whatever was in force on any day of it is acceptable.
    acceptable = {current, in_force(g, candidates, at)}
    # Only what is of the candidates' kind counts (a strategy also considers other documents).
    reached = [r for r in follow(g, node, p.path) if g._node[r]["type"] in p.candidates.type]
    # What did not exist yet at the subject's date is "not yet in existence" (references_existed
    # reports it), not outdated: it is left out, and with nothing else referenced, so is the rule.
    existing = [r for r in reached if not _took_effect_after(g, r, getattr(when, "last_day", at))]
    if reached and not existing:
        return
    reached = existing
    if current is None or acceptable & set(reached) or (not reached and p.when_none == "skip"):
        return
    if not reached and p.when_none == "not_checked":
        yield Unseen(node, (_last_hop(p.path),), key=p.key)
        return
    yield Finding(node, (current, *reached), key=p.key,
                  params={"current": title(g, current), "current_id": current,
                          "referenced": [title(g, r) for r in reached], "at": when})

