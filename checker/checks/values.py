"""Check kinds about values across nodes: declared totals, agreement between documents, related
nodes compared with their subject, structural problems found while building the graph."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any, Iterator, Literal

from checker.labels import Phrase, label
from checker.graph_vocabulary import Attribute, Relation, RelationPath, Vocab, attribute_of
from checker.checks.base import (
    Context, Finding, Graph, NotKnown, Params, Selector, Unseen, document_date, follow, graph_check, holds,
    index_graph, neighbours, node_check, nodes_of_document, of_type, select, title, value_of,
)


class DeclaredSum(Params):
    attribute: Attribute = "declared"
    total: Annotated[str, Vocab("declared")]
    parts: Annotated[list[str], Vocab("declared")]


@node_check("declared_sum", DeclaredSum, produces=("total", "declared_total", "parts_sum", "parts"))
def declared_sum(g: Graph, node: str, p: DeclaredSum, ctx: Context) -> Iterator[Finding | Unseen]:
    """A declared total equals the sum of its declared parts (62 = 9 + 53)."""
    declared = g._node[node].get(p.attribute) or {}
    total = declared.get(p.total)
    found = [declared.get(x) for x in p.parts]
    parts: list[int] = [x for x in found if x is not None]
    if total is None or len(parts) != len(found):
        return
    if total != sum(parts):
        yield Finding(node, key=p.attribute, params={"total": label(p.total), "declared_total": total,
                                                     "parts_sum": sum(parts), "parts": {label(k): v for k, v in zip(p.parts, parts)}})


class DeclaredCount(Params):
    attribute: Attribute = "declared"
    counts: Annotated[dict[str, Selector], Vocab("declared")]  # declared key → the document's nodes it counts


@node_check("declared_count", DeclaredCount, produces=("what", "declared_count", "listed"))
def declared_count(g: Graph, node: str, p: DeclaredCount, ctx: Context) -> Iterator[Finding | Unseen]:
    """Each declared count equals the number of items the document lists."""
    declared = g._node[node].get(p.attribute) or {}
    for what, sel in p.counts.items():
        if declared.get(what) is None:
            continue
        listed = len(nodes_of_document(g, node, sel))
        if listed != declared[what]:
            yield Finding(node, key=p.attribute, params={"what": label(what), "declared_count": declared[what], "listed": listed})


class ValuesAgree(Params):
    items: Selector
    group_by: Annotated[list[str], attribute_of("items")]  # what makes two items about one thing (owner, year.year)
    value: Annotated[str, attribute_of("items")]
    unless: Relation = "supersedes"  # a document relation that settles a disagreement
    tolerance: Annotated[str | None, attribute_of("items")] = None  # each value's tolerance (「約5万人」: ± 5,000)
    # across: items of different documents; within: of one list of one document (its part_of
    # holder: two targets for one year in one vision, or in one basic plan)
    scope: Literal["across", "within"] = "across"


@graph_check("values_agree", ValuesAgree, produces=("value", "other_value", "other", "group"))
def values_agree(g: Graph, p: ValuesAgree, ctx: Context) -> Iterator[Finding | Unseen]:
    """Items about the same thing in different documents state the same value (within their
    tolerances: 「約5万人」 and 49,600 agree), unless one document supersedes the other, or one
    was superseded before the other took effect (a vision replaced by a newer one is not compared
    with plans adopted after it). Reported once per pair, on the newer item. With `scope: within`,
    items of one list of one document are compared instead (reported on the later-written one)."""
    groups: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for n in select(g, sorted(n for t in p.items.type for n in of_type(g, t)), p.items):
        groups[tuple(value_of(g._node[n], a) for a in p.group_by)].append(n)
    for key, members in sorted(groups.items(), key=lambda kv: str(kv[0])):
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                va, vb = value_of(g._node[a], p.value), value_of(g._node[b], p.value)
                da, db = g._node[a]["doc"], g._node[b]["doc"]
                if p.scope == "within":  # one list: a basic plan's, or the document's own
                    if _holder(g, a) == _holder(g, b) and not _agree(g, a, b, va, vb, p.tolerance):
                        later, earlier = sorted((a, b), key=lambda n: (g._node[n].get("line") or 0, n))[::-1]
                        yield Finding(later, (earlier,), key=None, params={
                            "value": value_of(g._node[later], p.value), "other_value": value_of(g._node[earlier], p.value),
                            "other": Phrase("at_line", (("line", g._node[earlier].get("line")),)), "group": list(key)})
                    continue
                if _agree(g, a, b, va, vb, p.tolerance) or da == db or _settled(g, da, db, p.unless) \
                        or _superseded_before(g, da, db, p.unless) or _superseded_before(g, db, da, p.unless):
                    continue
                newer, older = sorted((a, b), key=lambda n: (str(_when(g, n)), n))[::-1]
                yield Finding(newer, (older,), key=None, params={
                    "value": value_of(g._node[newer], p.value), "other_value": value_of(g._node[older], p.value),
                    "other": f"{title(g, g._node[older]['doc'])}: {title(g, older)}", "group": list(key)})


def _holder(g: Graph, node: str) -> str:
    return next(iter(neighbours(g, node, "part_of")), g._node[node]["doc"])


def _agree(g: Graph, a: str, b: str, va: Any, vb: Any, tolerance: str | None) -> bool:
    if va == vb:
        return True
    if tolerance is None or not isinstance(va, (int, float)) or not isinstance(vb, (int, float)):
        return False
    ta, tb = value_of(g._node[a], tolerance) or 0, value_of(g._node[b], tolerance) or 0
    return bool(abs(va - vb) <= ta + tb)


def _settled(g: Graph, a: str, b: str, rel: str) -> bool:
    return b in neighbours(g, a, rel) or a in neighbours(g, b, rel)


def _superseded_before(g: Graph, doc: str, other: str, rel: str) -> bool:
    """Whether a newer document superseding `doc` had taken effect when `other` did."""
    when = _date(g, other)
    return when is not None and any((d := _date(g, newer)) is not None and d <= when
                                    for newer in neighbours(g, doc, rel, "in"))


def _date(g: Graph, doc: str) -> Any:
    try:
        return document_date(g, doc)
    except NotKnown:
        return None


def _when(g: Graph, node: str) -> Any:
    """When the document (or basic plan) holding a node took effect."""
    holders = [x for x in neighbours(g, node, "part_of")] or [g._node[node]["doc"]]
    return _date(g, holders[0]) or _date(g, g._node[node]["doc"])


class RelatedCompare(Params):
    related: RelationPath  # path from the subject, e.g. [] with `parts`, or [merges_into]
    parts: Selector | None = None  # or: the subject's parts (part_of) that are compared
    attribute: Annotated[str, attribute_of("related", "parts")]  # of the related node
    op: Literal["<", "<=", "==", "!=", ">=", ">"]
    subject_attribute: Attribute


@node_check("related_compare", RelatedCompare, produces=("other", "value", "subject_value"))
def related_compare(g: Graph, node: str, p: RelatedCompare, ctx: Context) -> Iterator[Finding | Unseen]:
    """Each related node's attribute compares with the subject's (e.g. every expert meeting is
    dated on or before publication)."""
    mine = value_of(g._node[node], p.subject_attribute)
    if mine is None:
        return
    others = follow(g, node, p.related) if p.related else []
    if p.parts is not None:
        others += select(g, neighbours(g, node, "part_of", "in"), p.parts)
    for other in others:
        value = value_of(g._node[other], p.attribute)
        if value is None:
            continue
        if not holds(value, p.op, mine):
            yield Finding(node, (other,), key=p.subject_attribute,
                          params={"other": title(g, other), "value": value, "subject_value": mine})


class GraphProblem(Params):
    code: str


@graph_check("graph_problem", GraphProblem,
             produces=("ref", "expected", "found", "id", "first_file", "first_line", "kept", "suggestion"))
def graph_problem(g: Graph, p: GraphProblem, ctx: Context) -> Iterator[Finding | Unseen]:
    """Structural problems recorded while building the graph (dangling or wrong-type references,
    duplicate ids), located where they were written."""
    for problem in index_graph(g).problems:
        if problem.code == p.code and problem.params.get("failed"):  # into a document that failed to load
            yield Unseen(problem.subject, ("failed_document",), key=problem.key,
                         params={"document": problem.params["failed"]})
        elif problem.code == p.code and problem.params.get("unlisted"):  # into a partly captured list
            yield Unseen(problem.subject, ("unlisted_item",), key=problem.key,
                         params={"document": problem.params["unlisted"], "ref": problem.params.get("ref")})
        elif problem.code == p.code:
            params: dict[str, Any] = {"ref": None, "expected": None, "found": None, "id": None,
                                      "first_file": None, "first_line": None, "kept": None, "suggestion": None,
                                      **problem.params}
            params["expected"] = [label(t) for t in params["expected"] or ()] or None
            params["found"] = label(params["found"])
            yield Finding(problem.subject, key=problem.key, params=params, file=problem.file, line=problem.line,
                          rests_on=problem.rests_on)
