"""Check kinds about documents over time: facts one document restates from another, and a
higher strategy replaced while a plan was running."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Iterator, Literal

from checker.checks.base import (
    Context, Finding, Graph, NotKnown, Params, Selector, Unseen, document_date, follow, links, neighbours, node_check,
    of_type, select, title,
)
from checker.fiscal import Period, PlanDate, YearRef, fiscal_year_of
from checker.graph_vocabulary import Attribute, Attributes, RelationPath, attribute_of
from checker.labels import label
from checker.unknown import Unknown


class StatedSame(Params):
    related: RelationPath  # path to the document the fact is taken from, e.g. [implements]
    attribute: Attribute  # the subject's statement of it, e.g. strategy_period
    other_attributes: Annotated[list[str], attribute_of("related")]  # the other's own value(s): any agreeing is enough


@node_check("stated_same", StatedSame, produces=("value", "other_value", "other", "place"))
def stated_same(g: Graph, node: str, p: StatedSame, ctx: Context) -> Iterator[Finding | Unseen]:
    """One fact, two documents: what the subject states about another document (a 地域再生計画
    stating the strategy's period) is what that document says itself (its period, or its period
    as extended). Both places are named."""
    mine = g._node[node].get(p.attribute)
    if mine is None:
        return
    for other in follow(g, node, p.related):
        theirs = [g._node[other].get(a) for a in p.other_attributes]
        if any(t is not None and _equal(mine, t) for t in theirs) or all(t is None for t in theirs):
            continue
        data = g._node[other]
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
    data = g._node[node]
    period = data.get("effective_period")
    adopted = _date(g, node)
    if not isinstance(period, Period) or adopted is None:
        return
    considered = set(neighbours(g, node, "considers"))
    considered.update(c for part in select(g, neighbours(g, node, "part_of", "in"), p.through)
                      for c in neighbours(g, part, "considers"))
    replaced = {c for c in considered if g._node[c]["type"] == p.document_type}
    unknown = "considers" in (data.get("unknown_links") or ())
    if not replaced and not unknown:
        return
    for other in of_type(g, p.document_type):
        if other in considered or any(g._node[other].get(a) != data.get(a) for a in p.same):
            continue
        if not unknown and not any(r in neighbours(g, other, "succeeds") for r in replaced):
            continue  # not a successor of what the plan considers
        when = _date(g, other)
        if when is None or not _during(g, other, when, adopted, period, ctx.as_of):
            continue
        if unknown:  # a new strategy took effect, and whether the plan considered it is not seen
            raise NotKnown("considers_replacement", key="considers",
                           params={"new": title(g, other), "new_date": when})
        yield Finding(node, (other,), key="considers", params={
            "new": title(g, other), "new_date": when, "considered": [title(g, r) for r in sorted(replaced)]})


def _during(g: Graph, other: str, when: dt.date, adopted: dt.date, period: Period, as_of: dt.date) -> bool:
    """Whether `other` took effect while the plan ran: after its adoption, by the date checked, before
    its end — and not only for the next period (its own period starting after the plan's ended)."""
    end = period.end_date if period.end is not None else None
    if when <= adopted or when > as_of or (end is not None and when > end):
        return False
    theirs = g._node[other].get("period")
    return not (isinstance(theirs, Period) and period.end is not None and theirs.start > period.end)


def _date(g: Graph, doc: str) -> Any:
    try:
        return document_date(g, doc)
    except NotKnown:
        return None


class Mentions(Params):
    facts: list[Literal["adopted", "published", "period"]] = ["adopted", "published", "period"]



@node_check("mentions_agree", Mentions, produces=("fact", "value", "other_value", "other", "place"))
def mentions_agree(g: Graph, node: str, p: Mentions, ctx: Context) -> Iterator[Finding | Unseen]:
    """One fact, two documents: what a document states about another — its adoption, publication
    or period (「平成27年3月に策定した総合戦略」) — can be what that document says itself. A date
    known to the month or year agrees with any day in it; a period agrees with the period as
    adopted or as extended. Both places are named."""
    data = g._node[node]
    for other in neighbours(g, node, "mentions"):
        theirs = g._node[other]
        for name in p.facts:
            stated = data.get(name)
            if stated is None:
                continue
            own = [theirs.get(name)] + ([theirs.get("effective_period")] if name == "period" else [])
            if any(isinstance(v, Unknown) for v in own) and not any(_agree(stated, v) for v in own):
                yield Unseen(node, (name,), key=name, params={"document": other})
                continue
            known = [v for v in own if v is not None and not isinstance(v, Unknown)]
            if known and not any(_agree(stated, v) for v in known):
                yield Finding(node, (other,), key=name, params={
                    "fact": label(name), "value": stated, "other_value": known[0], "other": title(g, other),
                    "place": f"{theirs.get('file')}:{(theirs.get('lines') or {}).get(name, theirs.get('line'))}"})


def _agree(a: Any, b: Any) -> bool:
    """Whether two statements of a date or period can be the same fact."""
    if isinstance(a, Period) and isinstance(b, Period):
        return (a.start, a.end) == (b.start, b.end)
    days_a, days_b = _days(a), _days(b)
    if days_a is None or days_b is None:
        return True  # not comparable: nothing to report
    return days_a[0] <= days_b[1] and days_b[0] <= days_a[1]


def _days(value: Any) -> tuple[dt.date, dt.date] | None:
    """The days a date (to the day, month) or a year (年, 年度, or bare: either) can stand for."""
    if isinstance(value, PlanDate):
        return value.first_day, value.last_day
    if isinstance(value, YearRef):
        if value.basis == "fiscal":
            return dt.date(value.year, 4, 1), dt.date(value.year + 1, 3, 31)
        if value.basis == "calendar":
            return dt.date(value.year, 1, 1), dt.date(value.year, 12, 31)
        return dt.date(value.year, 1, 1), dt.date(value.year + 1, 3, 31)
    return None


class InForce(Params):
    grace_years: int = 0  # fiscal years after the end before it counts


@node_check("succeeded_or_merged", InForce, produces=("period", "as_of"))
def succeeded_or_merged(g: Graph, node: str, p: InForce, ctx: Context) -> Iterator[Finding | Unseen]:
    """A strategy whose period has ended by the date checked is followed by another (one that
    succeeds it) or lives on in the basic plan it merges into — else, as far as the documents
    checked show, the municipality has no strategy in force (切れ目なく)."""
    period = g._node[node].get("effective_period")
    if not isinstance(period, Period) or links(g, "succeeds", "in").get(node):
        return
    if period.end_unknown:  # when it ends is not seen: whether it has ended cannot be said
        raise NotKnown("period", key="period")
    now = fiscal_year_of(ctx.as_of)
    if period.end is None or period.end + p.grace_years >= now:
        return
    for plan in neighbours(g, node, "merges_into"):
        theirs = g._node[plan].get("period")
        if isinstance(theirs, Period) and (theirs.end is None or theirs.end >= now):
            return
    yield Finding(node, key="period", params={"period": period, "as_of": ctx.as_of})
