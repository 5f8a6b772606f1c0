"""Check kinds about continuity between periods: dispositions of the previous period's items,
reasons on dispositions, and acyclic succession."""

from __future__ import annotations

from typing import Annotated, Any, Iterator, Mapping

from checker.labels import Label, label
from checker.graph_vocabulary import Relation, RelationPath, Vocab
from checker.checks.base import (
    Context, Finding, Graph, Params, Selector, Unseen, edges_of, follow, graph_check, links, neighbours,
    node_check, nodes_of_document, title,
)


class Disposition(Params):
    previous: RelationPath = ["succeeds"]  # path from the subject document to the previous one
    items: Selector  # the previous document's items that need a disposition
    carried_by: Relation = "continues"  # an item of the subject's document links to it this way …
    retired_by: Relation = "retires"  # … or the subject retires it explicitly
    only_ongoing: bool = False  # only items whose own period runs past the previous document's
    key: str = "goals"  # the subject's key where the missing disposition belongs


@node_check("disposition", Disposition, produces=("item", "item_id", "parent", "previous"))
def disposition(g: Graph, node: str, p: Disposition, ctx: Context) -> Iterator[Finding | Unseen]:
    """Every item of the previous period is carried on or retired explicitly."""
    retired = set(neighbours(g, node, p.retired_by))
    for previous in follow(g, node, p.previous):
        prev_end = getattr(g._node[previous].get("effective_period"), "end", None)
        for item in nodes_of_document(g, previous, p.items):
            if item in retired:
                continue
            if p.only_ongoing:
                end = getattr(g._node[item].get("period"), "end", None)
                if end is not None and prev_end is not None and end <= prev_end:
                    continue
            carried = [s for s in neighbours(g, item, p.carried_by, "in") if g._node[s]["doc"] == node]
            if carried:
                continue
            parents = [*neighbours(g, item, "measures"), *neighbours(g, item, "part_of")]
            parent = next((title(g, x) for x in parents if x != previous), Label("document_level"))
            yield Finding(node, (item,), key=p.key,
                          params={"item": title(g, item), "item_id": item, "parent": parent,
                                  "previous": title(g, previous)})


class EdgeAttributes(Params):
    rel: Relation
    when: Annotated[dict[str, list[Any]], Vocab("edge_attribute", ("rel",))] = {}  # edge attribute → values
    attributes: Annotated[list[str], Vocab("edge_attribute", ("rel",))]


@node_check("edge_attributes_present", EdgeAttributes, produces=("other", "missing", "as"))
def edge_attributes_present(g: Graph, node: str, p: EdgeAttributes, ctx: Context) -> Iterator[Finding | Unseen]:
    """Each outgoing `rel` edge (meeting `when`) carries the listed attributes (e.g. a reason)."""
    for other, edge in edges_of(g, node, p.rel):
        if not all(edge.get(k) in values for k, values in p.when.items()):
            continue
        missing = [a for a in p.attributes if not edge.get(a)]
        if missing:
            yield Finding(node, (other,), key=p.rel,
                          params={"other": title(g, other), "missing": missing, "as": label(edge.get("as"))})


class Acyclic(Params):
    rel: Relation
    types: Annotated[list[str], Vocab("type")] = ["*"]


@graph_check("acyclic", Acyclic, produces=("cycle",))
def acyclic(g: Graph, p: Acyclic, ctx: Context) -> Iterator[Finding | Unseen]:
    """No cycle of `rel` links (a plan succeeding itself, a goal continuing itself)."""
    linked = links(g, p.rel)
    if not _has_cycle(linked):  # the common case, told without building a graph to list cycles in
        return
    import networkx as nx

    sub = nx.DiGraph((u, v) for u, successors in linked.items() for v in successors)
    cycles = []
    for cycle in nx.simple_cycles(sub):
        start = cycle.index(min(cycle))  # rotate to a fixed start, keeping the links' order
        cycles.append(cycle[start:] + cycle[:start])
    for cycle in sorted(cycles):
        if "*" in p.types or all(g._node[n]["type"] in p.types for n in cycle):
            yield Finding(cycle[0], tuple(cycle[1:]), key=None, params={"cycle": " → ".join([*cycle, cycle[0]])})


def _has_cycle(successors: Mapping[str, tuple[str, ...]]) -> bool:
    """Whether links (node → the nodes it links to) close a cycle: removing nodes that nothing
    left links to (Kahn) leaves some behind."""
    pointed: dict[str, int] = dict.fromkeys(successors, 0)  # node → links to it not yet removed
    for others in successors.values():
        for other in others:
            pointed[other] = pointed.get(other, 0) + 1
    free = [n for n, count in pointed.items() if count == 0]
    removed = 0
    while free:
        node = free.pop()
        removed += 1
        for other in successors.get(node, ()):
            pointed[other] -= 1
            if pointed[other] == 0:
                free.append(other)
    return removed < len(pointed)
