"""Check kinds about documents over time: a fact one document restates from another, and a
higher strategy replaced while a plan was running."""

from __future__ import annotations

from typing import Annotated, Any, Iterator, Literal

from checker.checks.base import (
    Context, Finding, Graph, NotKnown, Params, Selector, Unseen, document_date, follow, neighbours, node_check,
    of_type, select, title,
)
from checker.fiscal import Period
from checker.graph_vocabulary import Attribute, Attributes, RelationPath, attribute_of


class StatedSame(Params):
    related: RelationPath  # path to the document the fact is taken from, e.g. [implements]
    attribute: Attribute  # the subject's statement of it, e.g. strategy_period
    other_attributes: Annotated[list[str], attribute_of("related")]  # the other's own value(s): any agreeing is enough


@node_check("stated_same", StatedSame, produces=("value", "other_value", "other", "place"))
def stated_same(g: Graph, node: str, p: StatedSame, ctx: Context) -> Iterator[Finding | Unseen]:
    """One fact, two documents: what the subject states about another document (a 地域再生計画
    stating the strategy's period) is what that document says itself (its period, or its period
    as extended). Both places are named."""
    mine = g.nodes[node].get(p.attribute)
    if mine is None:
        return
    for other in follow(g, node, p.related):
        theirs = [g.nodes[other].get(a) for a in p.other_attributes]
        if any(t is not None and _equal(mine, t) for t in theirs) or all(t is None for t in theirs):
            continue
        data = g.nodes[other]
        yield Finding(node, (other,), key=p.attribute, params={
            "value": mine, "other_value": next(t for t in theirs if t is not None), "other": title(g, other),
            "place": f"{data.get('file')}:{(data.get('lines') or {}).get(p.other_attributes[0].replace('effective_', ''), data.get('line'))}"})


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, Period) and isinstance(b, Period):
        return (a.start, a.end) == (b.start, b.end)
    return bool(a == b)


class Replacement(Params):
    document_type: Literal["national_strategy", "prefectural_strategy"]
    same: Attributes = []  # attributes shared with the subject (prefecture)
    through: Selector = Selector(type=["revision"])  # the subject's parts that may consider it


@node_check("replacement_considered", Replacement, produces=("new", "new_date", "considered"))
def replacement_considered(g: Graph, node: str, p: Replacement, ctx: Context) -> Iterator[Finding | Unseen]:
    """A higher strategy that replaced the one the plan considers while the plan was running (the
    デジタル田園都市国家構想総合戦略 from 2022-12-23, the 地方創生に関する総合戦略 from 2025-12-23) is
    considered by a revision of the plan (or by the plan itself) — once it has taken effect."""
    data = g.nodes[node]
    period = data.get("effective_period")
    adopted = _date(g, node)
    if not isinstance(period, Period) or adopted is None:
        return
    considered = set(neighbours(g, node, "considers"))
    considered.update(c for part in select(g, neighbours(g, node, "part_of", "in"), p.through)
                      for c in neighbours(g, part, "considers"))
    replaced = {c for c in considered if g.nodes[c]["type"] == p.document_type}
    if not replaced:
        return
    for other in of_type(g, p.document_type):
        if other in considered or any(g.nodes[other].get(a) != data.get(a) for a in p.same):
            continue
        if not any(r in neighbours(g, other, "succeeds") for r in replaced):
            continue  # not a successor of what the plan considers
        when = _date(g, other)
        end = period.end_date if period.end is not None else None
        if when is None or when <= adopted or when > ctx.as_of or (end is not None and when > end):
            continue
        # One whose own period begins only after the plan's has ended is the next period's to consider.
        theirs = g.nodes[other].get("period")
        if isinstance(theirs, Period) and period.end is not None and theirs.start > period.end:
            continue
        yield Finding(node, (other,), key="considers", params={
            "new": title(g, other), "new_date": when, "considered": [title(g, r) for r in sorted(replaced)]})


def _date(g: Graph, doc: str) -> Any:
    try:
        return document_date(g, doc)
    except NotKnown:
        return None
