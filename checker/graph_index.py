"""The graph's index: what rules, diagrams and the plan diff look up over and over, computed once
per (frozen) graph — nodes by type, by document and by (document, type); each node's attributes
as a plain dict (g.nodes[n] goes through a view); each node's neighbours and edges by relation and
direction; the structural problems found while building the graph and the waivers the documents
declare. The graph builder attaches it (`GraphIndex.attach`); `GraphIndex.of(g)` returns it, or
builds it for a graph made some other way (a test's). Every query about the graph's shape goes
through its methods, so no caller scans edges and filters on `rel` again.

It is kept in `g.graph["index"]` (writable even when the graph is frozen) and holds no reference
to the graph itself: a reference back would make a cycle that keeps every checked graph alive
until a full garbage collection, and a batch run drops one graph per municipality."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Literal, Mapping, Sequence

from checker.fiscal import Period, PlanDate, YearRef

if TYPE_CHECKING:
    import networkx as nx

    from checker.graph import Problem

Direction = Literal["out", "in"]
Edge = tuple[str, dict[str, Any]]  # (the other node, the edge's data)
WrittenDate = tuple[str, PlanDate | YearRef | Period]  # (attribute name, value)
Waiver = tuple[str, str, int | None, Any]  # (document id, file, line, the waiver as written)
_KEY = "index"


@dataclass(frozen=True)
class GraphIndex:
    attributes: Mapping[str, dict[str, Any]]  # node → its attributes, nodes sorted
    by_type: Mapping[str, list[str]]
    by_document: Mapping[str, list[str]]
    by_document_type: Mapping[tuple[str, str], list[str]]
    _links: Mapping[tuple[str, Direction], Mapping[str, tuple[str, ...]]]  # (rel, direction) → node → others, sorted
    # The graph's own adjacency (plain dicts: node → other → {relation: edge data}) for edge data,
    # read in the graph's order (the order the builder added edges: a document's order).
    _succ: Mapping[str, Mapping[str, Mapping[str, dict[str, Any]]]]
    _pred: Mapping[str, Mapping[str, Mapping[str, dict[str, Any]]]]
    problems: tuple["Problem", ...] = ()  # dangling or wrong-type references found by the builder
    waivers: tuple[Waiver, ...] = ()
    # node type → its attributes that may hold a date, year or period (the builder's vocabulary);
    # None: a graph made some other way, whose nodes may hold one in any attribute DATED names
    dated: Mapping[str, tuple[str, ...]] | None = None

    # -- building ---------------------------------------------------------------------------------
    @classmethod
    def of(cls, g: "nx.MultiDiGraph") -> "GraphIndex":
        """The graph's index, built on first use for a graph the builder did not index."""
        index = g.graph.get(_KEY)
        return index if isinstance(index, GraphIndex) else cls.attach(g)

    @classmethod
    def attach(cls, g: "nx.MultiDiGraph", problems: Sequence["Problem"] = (),
               waivers: Sequence[Waiver] = (), dated: Mapping[str, tuple[str, ...]] | None = None) -> "GraphIndex":
        """Index a finished graph and keep the index on it (`dated`: see the field)."""
        nodes = g._node  # the graph's own dict (node → attributes), not the g.nodes view
        attributes: dict[str, dict[str, Any]] = {node: nodes[node] for node in sorted(nodes)}
        by_type: dict[str, list[str]] = defaultdict(list)
        by_doc: dict[str, list[str]] = defaultdict(list)
        by_doc_type: dict[tuple[str, str], list[str]] = defaultdict(list)
        for node, data in attributes.items():
            type_, doc = data["type"], data["doc"]
            by_type[type_].append(node)
            by_doc[doc].append(node)
            by_doc_type[doc, type_].append(node)
        # Plain dicts (g._succ, g._pred), not g.edges: the edge views are cached on the graph and
        # point back at it (the cycle the module docstring avoids).
        index = cls(attributes, dict(by_type), dict(by_doc), dict(by_doc_type), _links(g._succ), g._succ, g._pred,
                    tuple(problems), tuple(waivers), dated)
        g.graph[_KEY] = index
        return index

    # -- nodes ------------------------------------------------------------------------------------
    def of_type(self, type_: str) -> list[str]:
        """Nodes of one type, sorted."""
        return list(self.by_type.get(type_, ()))

    def of_document(self, doc: str, types: Iterable[str] | None = None) -> list[str]:
        """The document's nodes (of the given types), sorted."""
        if types is None:
            return list(self.by_document.get(doc, ()))
        return sorted(n for t in set(types) for n in self.by_document_type.get((doc, t), ()))

    def type_of(self, node: str) -> str | None:
        data = self.attributes.get(node)
        return data["type"] if data is not None else None

    # -- links ------------------------------------------------------------------------------------
    def links(self, rel: str, direction: Direction = "out") -> Mapping[str, tuple[str, ...]]:
        """node → the nodes it is linked to by `rel` (sorted), for every node with such a link."""
        return self._links.get((rel, direction), {})

    def neighbours(self, node: str, rel: str, direction: Direction = "out") -> tuple[str, ...]:
        """Nodes linked to `node` by `rel` (out: node → other; in: other → node), sorted."""
        return self._links.get((rel, direction), {}).get(node, ())

    def edges(self, node: str, rel: str, direction: Direction = "out") -> tuple[Edge, ...]:
        """(other node, edge data) for each `rel` edge at `node`, in the graph's order."""
        adjacent = (self._succ if direction == "out" else self._pred).get(node, {})
        return tuple((other, keyed[rel]) for other, keyed in adjacent.items() if rel in keyed)

    def relation(self, rel: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Every `rel` edge of the graph as (source, target, data), in the graph's order."""
        for u in self._succ:
            if u in self._links.get((rel, "out"), {}):
                for v, data in self.edges(u, rel):
                    yield u, v, data

    # -- derived ----------------------------------------------------------------------------------
    @cached_property
    def written_dates(self) -> Mapping[str, tuple[WrittenDate, ...]]:
        """node → its attributes that are dates, years or periods (in DATED order), nodes sorted —
        shared by the checks that read how dates are written (DATE-001, DATE-002, DATE-009)."""
        found: dict[str, tuple[WrittenDate, ...]] = {}
        # only the few attributes a node's type may hold a date in are read (an indicator has 45)
        names_of = self.dated.get if self.dated is not None else lambda type_: _ALL_DATED
        for node, data in self.attributes.items():
            names = names_of(data["type"])  # most nodes (projects, measures) hold none
            if names and (dates := [(name, value) for name in names if isinstance(value := data.get(name), _DATES)]):
                found[node] = tuple(dates)
        return found


Links = dict[tuple[str, Direction], dict[str, tuple[str, ...]]]


def _links(succ: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> Links:
    """(relation, direction) → node → the nodes it is linked to, sorted; relations in the order
    the adjacency (node → other → {relation: edge data}) first shows them, nodes likewise."""
    out: dict[str, dict[str, tuple[str, ...]]] = defaultdict(dict)
    in_: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for u, adjacent in succ.items():
        # A node's links out are all seen together: made tuples at once (most nodes: one link)
        mine: dict[str, list[str]] = {}
        single = len(adjacent) == 1
        for v, keyed in adjacent.items():
            for rel in keyed:  # one edge per (u, v, relation): the relation is the key
                if single:
                    out[rel][u] = (v,)
                elif rel in mine:
                    mine[rel].append(v)
                else:
                    mine[rel] = [v]
                sources = in_[rel]
                if v in sources:
                    sources[v].append(u)
                else:
                    sources[v] = [u]
        for rel, others in mine.items():
            out[rel][u] = tuple(sorted(others)) if len(others) > 1 else (others[0],)
    links: Links = {}
    for rel, targets in out.items():
        links[rel, "out"], links[rel, "in"] = targets, _sorted(in_[rel])
    return links


def _sorted(linked: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    """node → the nodes linked to it, sorted (most nodes have one)."""
    return {node: tuple(sorted(others)) if len(others) > 1 else tuple(others) for node, others in linked.items()}


# The node attributes that hold a date, a year or a period, and which (the model's types say so:
# graph.ATTRIBUTE_VALUES describes them to rule files, graph.DATED_BY_TYPE gives each node type its own).
DATED: dict[str, type] = {
    **dict.fromkeys(("period", "effective_period", "valid", "strategy_period"), Period),
    **dict.fromkeys(("adopted", "published", "decided", "released", "approved", "date", "at", "extension_decided",
                     "baseline_at", "target_at"), PlanDate),
    **dict.fromkeys(("year", "baseline_year", "target_year"), YearRef),
}
_ALL_DATED = tuple(DATED)
_DATES = (PlanDate, YearRef, Period)
