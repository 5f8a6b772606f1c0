"""Check kinds about the population vision against what other documents state: the vision's
assumptions against the strategy's own figures, its figures for the strategy's last year, and the
peak and projections restated elsewhere."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterator, Literal

from checker import vocabulary
from checker.checks.base import (
    Context, Finding, Graph, NotKnown, Params, Selector, Unseen, date_of, document_date, graph_check, neighbours,
    node_check, nodes_of_document, of_type, title,
)
from checker.fiscal import Period, YearRef, YearWindow
from checker.graph_vocabulary import Attribute
from checker.quantity import Quantity


class Assumptions(Params):
    path: Attribute = "fertility_path"  # the vision's assumption path (fertility_path, migration_path)
    indicator_words: Literal["fertility"] = "fertility"  # which indicators of the strategy state the same quantity


@node_check("assumption_holds", Assumptions, produces=("assumed", "baseline", "year", "indicator", "strategy"))
def assumption_holds(g: Graph, node: str, p: Assumptions, ctx: Context) -> Iterator[Finding | Unseen]:
    """A vision's assumption (合計特殊出生率 1.50以上 until 2030) is not already contradicted by a
    strategy using the vision: that strategy's own baseline of the same quantity for a year the
    assumption covers lies below it."""
    data = g._node[node]
    path = data.get(p.path) or ()
    if not path:
        return
    since = _year(data.get("adopted"))
    for strategy in neighbours(g, node, "uses_vision", "in"):
        for indicator in _indicators_of(g, strategy, p.indicator_words):
            ind = g._node[indicator]
            year, value = ind.get("baseline_year"), ind.get("baseline_quantity")
            if not isinstance(year, YearRef) or not isinstance(value, Quantity):
                continue
            assumed = _assumed(path, year.year, since)
            if assumed is not None and value.value + value.tolerance < assumed.value - assumed.tolerance:
                yield Finding(node, (indicator, strategy), key="assumptions", params={
                    "assumed": assumed, "baseline": value, "year": year, "indicator": title(g, indicator),
                    "strategy": title(g, strategy)})


def _indicators_of(g: Graph, strategy: str, words: str) -> list[str]:
    test = vocabulary.fertility if words == "fertility" else (lambda t: False)
    return [n for n in nodes_of_document(g, strategy, Selector(type=["indicator"]))
            if test(str(g._node[n].get("title") or ""))]


def _year(value: Any) -> int | None:
    day = date_of(value)
    return day.year if day else None


def _assumed(path: Any, year: int, since: int | None) -> Quantity | None:
    """The value a path assumes for `year`: a window covering it; or a point {year, 1.50以上} that
    holds from the vision's adoption until that year (a bound, not a single year's figure)."""
    for when, value, _ in path:
        if not isinstance(value, Quantity):
            continue
        first, last = (when.first, when.last) if isinstance(when, YearWindow) else \
            (getattr(when, "from_", None), getattr(when, "to", None))
        if isinstance(first, YearRef) and isinstance(last, YearRef) and first.year <= year <= last.year:
            return value
        if isinstance(when, YearRef) and value.bound in (">=", ">") and (since or year) <= year <= when.year:
            return value
    return None


class CoversEnd(Params):
    figures: list[Literal["target", "projection", "actual", "peak"]] = ["target", "projection"]


@node_check("vision_covers_end", CoversEnd, produces=("year", "vision", "years"))
def vision_covers_end(g: Graph, node: str, p: CoversEnd, ctx: Context) -> Iterator[Finding | Unseen]:
    """The vision a strategy uses has a population figure (a target or a projection) for the
    strategy's last fiscal year (or the calendar year it ends in): without one, the period's result
    cannot be read against the vision."""
    period = g._node[node].get("effective_period")
    if not isinstance(period, Period) or period.end is None:
        return
    for vision in neighbours(g, node, "uses_vision"):
        years = sorted({y.year for n in neighbours(g, vision, "part_of", "in")
                        if g._node[n].get("figure") in p.figures and isinstance(y := g._node[n].get("year"), YearRef)})
        # a figure for the year after serves too: FY N ends in March N+1, and visions count census years
        if period.end in years or period.end + 1 in years:
            continue
        # the vision's figures not recorded, or only some of them: nothing to read, not a gap
        if not years or "population_targets" in (g._node[vision].get("incomplete") or ()):
            yield Unseen(node, ("lists.population_targets",), key="vision")
            continue
        yield Finding(node, (vision,), key="vision", params={
            "year": period.end, "vision": title(g, vision), "years": years})


class FactsAgree(Params):
    pass


@graph_check("population_facts_agree", FactsAgree, produces=("what", "value", "other_value", "other", "place"))
def population_facts_agree(g: Graph, p: FactsAgree, ctx: Context) -> Iterator[Finding | Unseen]:
    """The same population fact in two documents of one municipality agrees: the projection of
    one edition for one year (within the printed tolerance), and the year of the peak."""
    groups: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for n in of_type(g, "population_figure"):
        data = g._node[n]
        year = data.get("year")
        if data.get("figure") == "projection" and data.get("edition") and isinstance(year, YearRef):
            groups["projection", data.get("owner"), data.get("owner_prefecture"), data["edition"], year.year].append(n)
        elif data.get("figure") == "peak":
            groups["peak", data.get("owner"), data.get("owner_prefecture")].append(n)
    for key, members in sorted(groups.items(), key=lambda kv: str(kv[0])):
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                da, db = g._node[a], g._node[b]
                if da["doc"] == db["doc"]:
                    continue
                if key[0] == "projection":
                    va, vb = da.get("population_quantity"), db.get("population_quantity")
                    if not isinstance(va, Quantity) or not isinstance(vb, Quantity) or va.agrees(vb):
                        continue
                else:
                    va, vb = da.get("year"), db.get("year")
                    if not isinstance(va, YearRef) or not isinstance(vb, YearRef) or va.year == vb.year:
                        continue
                newer, older = (a, b) if _later(g, da["doc"], db["doc"]) else (b, a)
                other = g._node[older]
                yield Finding(newer, (older,), key=None, params={
                    "what": key[0], "value": va if newer == a else vb, "other_value": vb if newer == a else va,
                    "other": title(g, other["doc"]), "place": f"{other.get('file')}:{other.get('line')}"})


def _later(g: Graph, a: str, b: str) -> bool:
    def when(doc: str) -> str:
        try:
            return str(document_date(g, doc) or "")
        except NotKnown:
            return ""
    return (when(a), a) > (when(b), b)
