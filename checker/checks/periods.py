"""Check kinds about fiscal-year periods: continuity, merge timing, containment, length, tiling,
yearly coverage."""

from __future__ import annotations

from typing import Any, Iterator, Literal

from checker.checks.base import (
    Context, Finding, FiscalYear, Graph, Params, Selector, follow, neighbours, node_check, select, title,
    value_of,
)
from checker.fiscal import Period, YearRef, fiscal_year_of
from checker.labels import Label


def _as_period(value: Any) -> Period | None:
    if isinstance(value, Period):
        return value
    if isinstance(value, YearRef):
        return Period(value.year, value.year)
    if isinstance(value, int) and not isinstance(value, bool):
        return Period(value, value)
    return None


class PeriodRelation(Params):
    other: list[str]  # path to the other node(s), e.g. [succeeds], [merges_into], [document]
    relation: Literal["follows", "ends_when_other_starts", "within"]
    attribute: str = "period"
    other_attribute: str = "period"


@node_check("period_relation", PeriodRelation,
            produces=("period", "other_period", "other", "gap", "years", "problem"))
def period_relation(g: Graph, node: str, p: PeriodRelation, ctx: Context) -> Iterator[Finding]:
    """The subject's period relates to the other's: `follows` it back to back (no gap, no
    overlap); `ends_when_other_starts` (the year before it); lies `within` it (an open-ended
    subject is checked by its start only)."""
    written = value_of(g.nodes[node], p.attribute)
    mine = _as_period(written)
    if mine is None:
        return
    for other in follow(g, node, p.other):
        theirs = _as_period(value_of(g.nodes[other], p.other_attribute))
        if theirs is None:
            continue
        params = {"period": written, "other_period": theirs, "other": title(g, other), "gap": None, "years": None,
                  "problem": None}
        if p.relation == "follows":
            if theirs.end is None:
                continue
            gap = theirs.gap_after(mine)
            if gap != 0:
                yield Finding(node, (other,), key=p.attribute, params={**params, "gap": gap, "years": abs(gap), "problem": _gap(gap)})
        elif p.relation == "ends_when_other_starts":
            if mine.end is None:
                continue
            gap = mine.gap_after(theirs)
            if gap != 0:
                yield Finding(node, (other,), key=p.attribute, params={**params, "gap": gap, "years": abs(gap), "problem": _gap(gap)})
        else:
            checked = mine if mine.end is not None else Period(mine.start, mine.start)
            if not theirs.contains(checked):
                yield Finding(node, (other,), key=p.attribute, params=params)


def _gap(gap: int) -> Label:
    return Label("gap" if gap > 0 else "overlap")


class PeriodLength(Params):
    attribute: str = "period"
    min: int | None = None
    max: int | None = None
    max_from: list[str] = []  # a related node whose attribute, when set, replaces `max` …
    max_attribute: str = "max_years"  # … e.g. the grant programme's own limit


@node_check("period_length", PeriodLength, produces=("period", "years", "min", "max"))
def period_length(g: Graph, node: str, p: PeriodLength, ctx: Context) -> Iterator[Finding]:
    """A closed period lasts between min and max fiscal years."""
    period = _as_period(value_of(g.nodes[node], p.attribute))
    if period is None or period.years is None:
        return
    limits = [value_of(g.nodes[n], p.max_attribute) for n in follow(g, node, p.max_from)] if p.max_from else []
    most = next((x for x in limits if x is not None), p.max)
    if (p.min is not None and period.years < p.min) or (most is not None and period.years > most):
        yield Finding(node, key=p.attribute, params={"period": period, "years": period.years, "min": p.min, "max": most})


class Tiles(Params):
    parts: Selector  # the subject's parts (linked by part_of) whose periods must tile its period
    attribute: str = "period"


@node_check("tiles", Tiles, produces=("period", "problem", "parts", "years"))
def tiles(g: Graph, node: str, p: Tiles, ctx: Context) -> Iterator[Finding]:
    """The parts' periods cover the subject's period back to back: same start, same end, no gap
    and no overlap between consecutive parts."""
    whole = value_of(g.nodes[node], p.attribute)
    found = [(value_of(g.nodes[n], p.attribute), n) for n in select(g, neighbours(g, node, "part_of", "in"), p.parts)]
    parts = sorted((per, n) for per, n in found if isinstance(per, Period))
    if not isinstance(whole, Period) or not parts:
        return

    def finding(problem: Label, years: int, *nodes: str) -> Finding:
        return Finding(node, nodes, key=p.attribute, params={
            "period": whole, "problem": problem, "years": years,
            "parts": [f"{title(g, n)}（{g.nodes[n][p.attribute].ja()}）" for n in nodes]})

    first, last = parts[0], parts[-1]
    if first[0].start != whole.start:
        yield finding(Label("start"), abs(first[0].start - whole.start), first[1])
    if whole.end is not None and last[0].end is not None and last[0].end != whole.end:
        yield finding(Label("end"), abs(last[0].end - whole.end), last[1])
    for (a, na), (b, nb) in zip(parts, parts[1:]):
        if a.end is not None and (gap := a.gap_after(b)) != 0:
            yield finding(_gap(gap), abs(gap), na, nb)


class YearlyCoverage(Params):
    items: Selector  # the subject's parts (part_of) that each cover one fiscal year
    year_attribute: str = "fiscal_year"
    attribute: str = "period"
    grace_years: int = 1  # year N's verification is due by the end of year N + grace


@node_check("yearly_coverage", YearlyCoverage, produces=("missing", "period", "as_of"))
def yearly_coverage(g: Graph, node: str, p: YearlyCoverage, ctx: Context) -> Iterator[Finding]:
    """Every fiscal year of the period that is due by the as-of date has an item for it."""
    period = _as_period(value_of(g.nodes[node], p.attribute))
    if period is None:
        return
    due_until = fiscal_year_of(ctx.as_of) - 1 - p.grace_years
    covered = {value_of(g.nodes[n], p.year_attribute) for n in select(g, neighbours(g, node, "part_of", "in"), p.items)}
    missing = [fy for fy in period.fiscal_years(until=due_until) if fy not in covered]
    if missing:
        yield Finding(node, key="verification",
                      params={"missing": [FiscalYear(fy) for fy in missing], "period": period, "as_of": ctx.as_of})
