"""Check kinds about fiscal-year periods: continuity, merge timing, containment, length, tiling,
yearly coverage."""

from __future__ import annotations

import functools
from typing import Annotated, Any, Iterator, Literal

from checker.checks.base import (
    Context, Finding, FiscalYear, Graph, NotKnown, Params, Selector, Unseen, follow, neighbours, node_check,
    select, title, value_of,
)
from checker.fiscal import Period, YearRef, fiscal_year_of
from checker.labels import Label, Named, Phrase
from checker.graph_vocabulary import Attribute, RelationPath, attribute_of
from checker.unknown import Unknown


def _as_period(value: Any, need_end: bool = True) -> Period | None:
    """A period, a year as a one-year period; NotKnown for a period marked unknown (or whose end
    is unknown, when the end matters)."""
    if isinstance(value, Unknown) or (isinstance(value, Period) and value.end_unknown and need_end):
        raise NotKnown("period", key="period")
    if isinstance(value, Period):
        return value
    if isinstance(value, YearRef):
        return _one_year(value.year)
    if isinstance(value, int) and not isinstance(value, bool):
        return _one_year(value)
    return None


@functools.lru_cache(maxsize=1024)  # every indicator's target year, as a period: the same few years
def _one_year(year: int) -> Period:
    return Period(year, year)


class PeriodRelation(Params):
    other: RelationPath  # path to the other node(s), e.g. [succeeds], [merges_into], [document]
    relation: Literal["follows", "ends_when_other_starts", "within"]
    attribute: Attribute = "period"
    other_attribute: Annotated[str, attribute_of("other", "prefer")] = "period"
    # A more specific node (e.g. [of_type]: the grant's type) whose other_attribute, when set,
    # is compared instead of the other's (a type that existed in fewer years than its programme).
    prefer: RelationPath = []


def _breaks(mine: Period, theirs: Period, relation: str) -> bool:
    """Whether the subject's period fails `relation` to the other's (a period_relation finding)."""
    if relation == "follows":
        return theirs.end is not None and theirs.gap_after(mine) != 0
    if relation == "ends_when_other_starts":
        # No end, or the same years as the plan it merges into: a strategy made as part of that
        # basic plan from the start (「基本計画に統合して策定」), not one that must end when it begins.
        return mine.end is not None and (mine.start, mine.end) != (theirs.start, theirs.end) \
            and mine.gap_after(theirs) != 0
    return not theirs.contains(mine if mine.end is not None else _one_year(mine.start))  # within: by its start


def _own_period(data: dict[str, Any], p: PeriodRelation) -> Period | None:
    """The subject's period (NotKnown: marked unknown, or its end when the end matters)."""
    return _as_period(value_of(data, p.attribute), need_end=p.relation != "follows")  # following: only its start matters


def _others(g: Graph, node: str, p: PeriodRelation) -> list[str]:
    """The nodes whose periods the subject's is compared with: with `prefer`, the more specific
    ones that have a period, when any do."""
    others = follow(g, node, p.other)
    if p.prefer:
        preferred = [n for n in follow(g, node, p.prefer) if _as_period(value_of(g._node[n], p.other_attribute))]
        others = preferred or others
    return others


def _unrelated(g: Graph, nodes: list[str], p: PeriodRelation) -> list[str]:
    """The targets period_relation reports on or cannot check, in one pass (it is silent for the
    others): each other node's period read once (KPI-006 compares every indicator with its document)."""
    data, kept = g._node, []
    periods: dict[str, Period | None] = {}
    for n in nodes:
        try:
            mine = _own_period(data[n], p)
            if mine is None:
                continue
            for other in _others(g, n, p):
                if other not in periods:
                    periods[other] = _as_period(value_of(data[other], p.other_attribute))
                theirs = periods[other]
                if theirs is not None and _breaks(mine, theirs, p.relation):
                    kept.append(n)
                    break
        except NotKnown:
            kept.append(n)
    return kept


@node_check("period_relation", PeriodRelation,
            produces=("period", "other_period", "other", "gap", "years", "problem", "shared", "span", "detail"),
            narrow=_unrelated)
def period_relation(g: Graph, node: str, p: PeriodRelation, ctx: Context) -> Iterator[Finding | Unseen]:
    """The subject's period relates to the other's: `follows` it back to back (no gap, no
    overlap); `ends_when_other_starts` (the year before it); lies `within` it (an open-ended
    subject is checked by its start only). With `prefer`, a more specific node's period, when it
    has one, stands in for the other's."""
    mine = _own_period(g._node[node], p)
    if mine is None:
        return
    written = value_of(g._node[node], p.attribute)
    for other in _others(g, node, p):
        theirs = _as_period(value_of(g._node[other], p.other_attribute))
        if theirs is None or not _breaks(mine, theirs, p.relation):
            continue
        fact = ((other, p.other_attribute),)
        params = _params(g, written, theirs, other)
        if p.relation == "follows":
            params.update(gap=theirs.gap_after(mine), **_mismatch(theirs, mine))
        elif p.relation == "ends_when_other_starts":
            params.update(gap=mine.gap_after(theirs), **_mismatch(mine, theirs))
        yield Finding(node, (other,), key=p.attribute, rests_on=fact, params=params)


def _params(g: Graph, written: Any, theirs: Period, other: str) -> dict[str, Any]:
    """A period_relation finding's parameters, before what the relation adds (built only for a finding)."""
    return {"period": written, "other_period": theirs, "other": title(g, other), "gap": None, "years": None,
            "problem": None, "shared": None, "span": None, "detail": None}


def _mismatch(earlier: Period, later: Period) -> dict[str, Any]:
    """How `later` fails to follow `earlier` (a closed period) back to back, as message
    parameters: the years between them (a gap), the years both cover (an overlap: only those
    actually shared — FY2015–2019 and FY2018–2022 share 2018–2019), or neither when `later`
    lies wholly before `earlier` ends without sharing a year (the order is reversed). `span` is
    the fiscal years the problem covers: what the timeline diagram draws in red."""
    assert earlier.end is not None
    gap = earlier.gap_after(later)
    if gap > 0:
        span = Period(earlier.end + 1, later.start - 1)
        return {"years": gap, "problem": Label("gap"), "shared": None, "span": span,
                "detail": Phrase("detail_gap", (("years", gap), ("span", span)))}
    first, last = max(earlier.start, later.start), earlier.end if later.end is None else min(earlier.end, later.end)
    if last >= first:
        shared = Period(first, last)
        years = last - first + 1
        return {"years": years, "problem": Label("overlap"), "shared": shared, "span": shared,
                "detail": Phrase("detail_overlap", (("years", years), ("span", shared)))}
    return {"years": 0, "problem": Label("order"), "shared": None, "span": None, "detail": Phrase("detail_order", ())}


class PeriodLength(Params):
    attribute: Attribute = "period"
    min: int | None = None
    max: int | None = None
    max_from: RelationPath = []  # a related node whose attribute, when set, replaces `max` …
    max_attribute: Annotated[str, attribute_of("max_from", "max_parts")] = "max_years"  # … e.g. the programme's
    # A related node that has parts of these types (a programme's types): the part the subject
    # names along `part_via` sets the limit (its own max_attribute, else max_from's, else max); a
    # subject naming none is held to the largest limit among the parts.
    max_parts: Selector | None = None
    part_via: RelationPath = []
    # a period without an end: not measured (skip), a finding when a limit applies (report), or
    # only that finding, closed periods not measured (only: GRANT-003 measures them)
    open_ended: Literal["skip", "report", "only"] = "skip"


@node_check("period_length", PeriodLength, produces=("period", "years", "min", "max", "limit", "limit_from"))
def period_length(g: Graph, node: str, p: PeriodLength, ctx: Context) -> Iterator[Finding | Unseen]:
    """A closed period lasts between min and max fiscal years. The maximum is the rule's `max`,
    replaced by the related node's (`max_from`); where that node has parts (`max_parts`, e.g. a
    programme's types), by the part the subject names (`part_via`) or, when it names none, the
    largest among the parts — a part without a limit of its own has the related node's. `limit`
    says which limit applied; the finding rests on the facts that set it (for the largest, on
    every part's). With `open_ended: report` (or `only`, then closed periods are not measured), an
    open-ended period is itself the finding when a maximum applies (a grant with no last year cannot
    be held to its programme's limit)."""
    period = _as_period(value_of(g._node[node], p.attribute))
    if period is None:
        return
    if period.years is None:
        if p.open_ended != "skip":
            most, limit, origin, facts = _limit(g, node, p)
            if most is not None:
                yield Finding(node, (origin,) if origin else (), key=p.attribute, rests_on=facts,
                              params={"period": period, "years": None, "min": p.min, "max": most,
                                      "limit": limit, "limit_from": origin})
        return
    if p.open_ended == "only":
        return
    most, limit, origin, facts = _limit(g, node, p)
    if (p.min is not None and period.years < p.min) or (most is not None and period.years > most):
        yield Finding(node, (origin,) if origin else (), key=p.attribute, rests_on=facts,
                      params={"period": period, "years": period.years, "min": p.min, "max": most,
                              "limit": limit, "limit_from": origin})


_Limit = tuple[int | None, Label, str | None, tuple[tuple[str, str], ...]]


def _limit(g: Graph, node: str, p: PeriodLength) -> _Limit:
    """The maximum; a Label naming it; the node it is named after; the (node, attribute) facts it
    rests on."""
    default: _Limit = (p.max, Label("limit_default"), None, ())
    for holder in follow(g, node, p.max_from) if p.max_from else ():
        own = value_of(g._node[holder], p.max_attribute)
        base: _Limit = default if own is None else (
            own, Named("limit_programme", title(g, holder)), holder, ((holder, p.max_attribute),))

        def of_part(part: str, key: str) -> _Limit:
            value = value_of(g._node[part], p.max_attribute)
            if value is not None:
                return value, Named(key, title(g, part)), part, ((part, p.max_attribute),)
            return base[0], Named(key, title(g, part)), part, base[3]

        named = [n for n in follow(g, node, p.part_via) if holder in neighbours(g, n, "part_of")] if p.part_via else []
        if named:
            return of_part(named[0], "limit_type")
        parts = select(g, neighbours(g, holder, "part_of", "in"), p.max_parts) if p.max_parts else []
        if parts:
            limits = [of_part(part, "limit_largest_type") for part in parts]
            if any(value is None for value, *_ in limits):
                return None, Label("limit_default"), None, ()  # a part without any limit: nothing to exceed
            most = max(value for value, *_ in limits if value is not None)
            _, name, origin, _ = next(item for item in limits if item[0] == most)
            facts = tuple(dict.fromkeys(fact for *_, rests in limits for fact in rests))
            return most, name, origin, facts
        return base
    return default


class Tiles(Params):
    parts: Selector  # the subject's parts (linked by part_of) whose periods must tile its period
    attribute: Annotated[str, attribute_of("", "parts")] = "period"


@node_check("tiles", Tiles, produces=("period", "problem", "parts", "years", "span"))
def tiles(g: Graph, node: str, p: Tiles, ctx: Context) -> Iterator[Finding | Unseen]:
    """The parts' periods cover the subject's period back to back: same start, same end, no gap
    and no overlap between consecutive parts. A single first part that ends early is no finding
    while it is still running (a 10-year 基本構想 whose 後期基本計画 is not adopted yet)."""
    whole = value_of(g._node[node], p.attribute)
    found = [(value_of(g._node[n], p.attribute), n) for n in select(g, neighbours(g, node, "part_of", "in"), p.parts)]
    parts = sorted((per, n) for per, n in found if isinstance(per, Period))
    if not isinstance(whole, Period) or not parts:
        return

    def finding(problem: Label, years: int, *nodes: str, span: Period | None = None) -> Finding:
        return Finding(node, nodes, key=p.attribute, params={
            "period": whole, "problem": problem, "years": years, "span": span,
            "parts": [f"{title(g, n)}（{g._node[n][p.attribute].ja()}）" for n in nodes]})

    first, last = parts[0], parts[-1]
    if first[0].start != whole.start:
        yield finding(Label("start"), abs(first[0].start - whole.start), first[1])
    # Only a first basic plan, still running: its successor is simply not adopted yet.
    awaited = len(parts) == 1 and last[0].end is not None and last[0].end >= fiscal_year_of(ctx.as_of)
    if whole.end is not None and last[0].end is not None and last[0].end != whole.end \
            and not (last[0].end < whole.end and awaited):
        yield finding(Label("end"), abs(last[0].end - whole.end), last[1])
    for (a, na), (b, nb) in zip(parts, parts[1:]):
        if a.end is not None and a.gap_after(b) != 0:
            mismatch = _mismatch(a, b)
            yield finding(mismatch["problem"], mismatch["years"], na, nb, span=mismatch["span"])


class YearlyCoverage(Params):
    items: Selector  # the subject's parts (part_of) that each cover one fiscal year
    year_attribute: Annotated[str, attribute_of("items")] = "fiscal_year"
    attribute: Attribute = "period"
    grace_years: int = 1  # year N's verification is due by the end of year N + grace


@node_check("yearly_coverage", YearlyCoverage, produces=("missing", "period", "as_of"))
def yearly_coverage(g: Graph, node: str, p: YearlyCoverage, ctx: Context) -> Iterator[Finding | Unseen]:
    """Every fiscal year of the period that is due by the as-of date has an item for it."""
    period = _as_period(value_of(g._node[node], p.attribute))
    if period is None:
        return
    due_until = fiscal_year_of(ctx.as_of) - 1 - p.grace_years
    covered = {value_of(g._node[n], p.year_attribute) for n in select(g, neighbours(g, node, "part_of", "in"), p.items)}
    missing = [fy for fy in period.fiscal_years(until=due_until) if fy not in covered]
    if missing:
        yield Finding(node, key="verification",
                      params={"missing": [FiscalYear(fy) for fy in missing], "period": period, "as_of": ctx.as_of})
