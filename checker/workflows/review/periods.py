"""A new period: when the new version holds a strategy whose predecessor is a strategy of the old
one, what became of the previous goals (continued / changed / merged / retired / none) and which
goals are new; what became of the previous indicators and grants (carried / retired / dropped) and
which are new."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from checker.graph_index import GraphIndex
from checker.workflows.review.matching import natural
from checker.workflows.review.records import Disposition, Succession

if TYPE_CHECKING:
    import networkx as nx


def _in(g: "nx.MultiDiGraph", node: str, rel: str, from_doc: str) -> list[tuple[str, dict[str, Any]]]:
    """The `rel` edges into `node` from nodes of `from_doc`, in natural order of their sources."""
    return sorted(((u, d) for u, d in GraphIndex.of(g).edges(node, rel, "in") if g.nodes[u].get("doc") == from_doc),
                  key=lambda x: natural(x[0]))


def _goal_of(g: "nx.MultiDiGraph", node: str) -> str | None:
    """The basic goal an indicator measures, through its measure or project."""
    index = GraphIndex.of(g)
    seen: set[str] = set()
    todo = [v for v, _ in index.edges(node, "measures")]
    while todo:
        n = todo.pop(0)
        if n in seen:
            continue
        seen.add(n)
        if index.type_of(n) == "basic_goal":
            return n
        todo += [v for v, _ in index.edges(n, "part_of")]
    return None


def _nodes_of(g: "nx.MultiDiGraph", doc: str, type_: str) -> list[str]:
    def order(n: str) -> tuple[Any, ...]:
        path = g.nodes[n].get("path") or ()
        return tuple((0, p) if isinstance(p, int) else (1, str(p)) for p in path) + ((2, n),)

    return sorted(GraphIndex.of(g).of_document(doc, (type_,)), key=order)


def _dispose(g: "nx.MultiDiGraph", item: str, new_doc: str, goal_like: bool) -> Disposition:
    data = g.nodes[item]
    successors = _in(g, item, "continues", new_doc)
    retired = _in(g, item, "retires", new_doc)
    reason: str | None = None
    if successors:
        how = next((str(d["as"]) for _, d in successors if d.get("as")), None)
        status = (how or "continued") if goal_like else "carried"
        reason = next((str(d["reason"]) for _, d in successors if d.get("reason")), None)
    elif retired:
        status, reason = "retired", next((str(d["reason"]) for _, d in retired if d.get("reason")), None)
    else:
        status = "none" if goal_like else "dropped"
    kind = data.get("kind") if data.get("type") == "indicator" else None
    return Disposition(item=item, type=data["type"], title=data.get("title") or item, status=status,
                       successors=tuple(u for u, _ in successors),
                       successor_titles=tuple(g.nodes[u].get("title") or u for u, _ in successors),
                       reason=reason, goal=_goal_of(g, item) if data["type"] == "indicator" else None, kind=kind)


def _new_items(g: "nx.MultiDiGraph", doc: str, type_: str) -> tuple[Disposition, ...]:
    out = []
    for n in _nodes_of(g, doc, type_):
        if not GraphIndex.of(g).edges(n, "continues"):
            data = g.nodes[n]
            out.append(Disposition(item=n, type=type_, title=data.get("title") or n, status="new",
                                   goal=_goal_of(g, n) if type_ == "indicator" else None,
                                   kind=data.get("kind") if type_ == "indicator" else None))
    return tuple(out)


def succession(g: "nx.MultiDiGraph", old_doc: str, new_doc: str) -> Succession:
    """The previous strategy `old_doc` and its successor `new_doc`, both in the new version's graph
    (the predecessor read there as context when only the old version holds it)."""
    goals = [_dispose(g, n, new_doc, True) for n in _nodes_of(g, old_doc, "basic_goal")]
    goal_rank = {n: i for i, n in enumerate(_nodes_of(g, old_doc, "basic_goal"))}
    indicators = [_dispose(g, n, new_doc, False) for n in _nodes_of(g, old_doc, "indicator")]
    indicators.sort(key=lambda d: goal_rank.get(d.goal or "", len(goal_rank)))  # stable: plan order inside a goal
    new_goal_rank = {n: i for i, n in enumerate(_nodes_of(g, new_doc, "basic_goal"))}
    new_indicators = sorted(_new_items(g, new_doc, "indicator"),
                            key=lambda d: new_goal_rank.get(d.goal or "", len(new_goal_rank)))
    return Succession(
        old_document=old_doc, new_document=new_doc,
        old_title=g.nodes[old_doc].get("title") or old_doc, new_title=g.nodes[new_doc].get("title") or new_doc,
        goals=tuple(goals), new_goals=_new_items(g, new_doc, "basic_goal"),
        indicators=tuple(indicators), new_indicators=tuple(new_indicators),
        grants=tuple(_dispose(g, n, new_doc, False) for n in _nodes_of(g, old_doc, "grant")),
        new_grants=_new_items(g, new_doc, "grant"),
    )
