"""Check kinds about indicators as published plans print them: continued indicators that changed
without a reason, windows of years (累計・平均) that do not compare, the same indicator stated with
other values in another document, a city figure equal to its prefecture's, and the general
"flag" of a node the rule's selector already singled out."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any, Iterator, Literal, Sequence

from checker.checks.base import (
    Context, Finding, Graph, NotKnown, Params, Selector, Unseen, document_date, edges_of, follow, graph_check,
    links, node_check, nodes_of_document, of_type, select, title, value_of, with_attribute,
)
from checker.fiscal import Period, YearRef, YearWindow
from checker.graph_vocabulary import Attribute, Attributes, NodeType, Relation, RelationPath, attribute_of
from checker.labels import Phrase, label
from checker.quantity import Quantity


class Show(Params):
    show: Attributes = []  # attributes of the subject quoted in the message


@node_check("flag", Show, produces=("values",))
def flag(g: Graph, node: str, p: Show, ctx: Context) -> Iterator[Finding | Unseen]:
    """Every target is reported: the rule's selector (type, `where`, links) says what to look at,
    and that alone is the finding (a review without figures, a point-in-time baseline)."""
    data = g._node[node]
    values = [value_of(data, a) for a in p.show]
    yield Finding(node, key=p.show[0].split("_")[0] if p.show else None,
                  params={"values": [v for v in values if v is not None]})


class Continuation(Params):
    rel: Relation = "continues"
    tolerance: float = 0  # an exact figure differing by no more than this is the same


def _unexplained(g: Graph, nodes: list[str], p: Continuation) -> list[str]:
    """The targets continuation_explained reports on, in one pass (it is silent for the others):
    the indicators compared along the index's links; the edges (`as`, `reason`) read only for a
    title or a baseline that changed."""
    data, linked, kept = g._node, links(g, p.rel), []
    for n in nodes:
        mine = data[n]
        if any(_renamed(mine, data[o]) or _rebased(mine, data[o], p.tolerance) for o in linked.get(n, ())) \
                and _continuations(g, n, p):
            kept.append(n)
    return kept


@node_check("continuation_explained", Continuation, produces=("other", "change", "as"), narrow=_unexplained)
def continuation_explained(g: Graph, node: str, p: Continuation, ctx: Context) -> Iterator[Finding | Unseen]:
    """An indicator that carries on one of the previous period says why when it is not the same:
    its title differs (renamed, or the definition changed — 転入者数 → 社会増減数) while it is
    declared `continued`, or its new baseline differs from the previous period's result for the
    same year and count (年/年度), without a `reason`."""
    yield from _continuations(g, node, p)


def _continuations(g: Graph, node: str, p: Continuation) -> list[Finding]:
    """continuation_explained's findings for the subject (its narrow asks whether there are any)."""
    data = g._node[node]
    found: list[Finding] = []
    for previous, edge in edges_of(g, node, p.rel):
        if edge.get("reason"):
            continue
        before = g._node[previous]
        declared = edge.get("as") or "continued"
        if declared == "continued" and _renamed(data, before):
            change = Phrase("title_changed", (("before", before.get("title")),))
            found.append(Finding(node, (previous,), key=p.rel, params=_continued(g, previous, declared, change)))
            continue
        rebased = _rebased(data, before, p.tolerance)
        if rebased is not None:
            change = Phrase("baseline_differs", (("baseline", rebased[0]), ("result", rebased[1]),
                                                 ("year", data.get("baseline_year"))))
            found.append(Finding(node, (previous,), key="baseline", params=_continued(g, previous, declared, change)))
    return found


def _renamed(data: dict[str, Any], before: dict[str, Any]) -> bool:
    """Whether an indicator's wording differs from the previous one's (after normalisation)."""
    return bool(data.get("title_key") != before.get("title_key"))


def _rebased(data: dict[str, Any], before: dict[str, Any], tolerance: float) -> tuple[Quantity, Quantity] | None:
    """(new baseline, previous result) when the new baseline differs from the previous
    indicator's result for its year and count, else None."""
    found = _result_for(before, data.get("baseline_year"))
    base = data.get("baseline_quantity")
    if found is None or not isinstance(base, Quantity) or _same(found, base, tolerance):
        return None
    return base, found


def _continued(g: Graph, previous: str, declared: str, change: Phrase) -> dict[str, Any]:
    """A continuation_explained finding's parameters (worked out only for a finding)."""
    return {"other": title(g, previous), "as": label(declared), "change": change}


def _result_for(indicator: dict[str, Any], year: Any) -> Quantity | None:
    """The previous indicator's reported result for the year (and count) of the new baseline."""
    if not isinstance(year, YearRef) or year.basis is None:
        return None
    for result in indicator.get("results") or ():
        ry = result.get("year")
        if isinstance(ry, YearRef) and ry.year == year.year and ry.basis == year.basis \
                and result.get("kind") == "year" and isinstance(result.get("quantity"), Quantity):
            found: Quantity = result["quantity"]
            return found
    return None


def _same(a: Quantity, b: Quantity, tolerance: float) -> bool:
    return a.agrees(b) or abs(a.value - b.value) <= tolerance


class Windows(Params):
    problem: Literal["length", "gap"]  # windows of different length; years between them measured by neither


@node_check("windows_comparable", Windows, produces=("baseline", "target", "years", "missing"))
def windows_comparable(g: Graph, node: str, p: Windows, ctx: Context) -> Iterator[Finding | Unseen]:
    """A baseline and a target over windows of years (「2014~2018年 累計」 → 「2020~2024年度 累計」)
    compare only over windows of the same length (`length`), and leave no year between them that
    neither measures (`gap`: 2014–2018 against 2020–2024 leaves 2019 out)."""
    data = g._node[node]
    base, target = data.get("baseline_window"), data.get("target_window")
    if not isinstance(base, YearWindow) or not isinstance(target, YearWindow):
        return
    if not base.known or not target.known:  # 「延べ 2」 without its years: the windows cannot be compared
        raise NotKnown("baseline_window" if not base.known else "target_window",
                       key="baseline" if not base.known else "target")
    params: dict[str, Any] = {"baseline": base, "target": target, "years": None, "missing": None}
    if p.problem == "length":
        if base.years != target.years and "total" in (base.aggregate, target.aggregate):
            yield Finding(node, key="target", params={**params, "years": [base.years, target.years]})
    else:
        last, first = base.last, target.first
        assert isinstance(last, YearRef) and isinstance(first, YearRef)  # (known, above)
        missing = [YearRef(y, last.basis) for y in range(last.year + 1, first.year)]
        if missing:
            yield Finding(node, key="baseline", params={**params, "missing": missing, "years": len(missing)})


class Stated(Params):
    items: Selector  # the indicators compared (of any documents)
    facts: list[Literal["baseline", "target", "results"]] = ["baseline", "results"]  # which of their values


@graph_check("indicator_values_agree", Stated, produces=("value", "other_value", "other", "year", "place"))
def indicator_values_agree(g: Graph, p: Stated, ctx: Context) -> Iterator[Finding | Unseen]:
    """One fact, two documents: the same indicator (same municipality, same wording after
    normalisation) stated for the same year and count (年/年度) in two documents — a strategy
    and its 地域再生計画 — gives the same value, within the printed tolerance. Reported on the
    newer document's indicator, naming where the other value is written."""
    facts: dict[tuple[Any, ...], list[tuple[str, YearRef, Quantity]]] = defaultdict(list)
    owners: dict[str, tuple[Any, Any]] = {}  # document → its owner (asked once per document)
    for n in select(g, sorted(n for t in p.items.type for n in of_type(g, t)), p.items, typed=True):
        data = g._node[n]
        owner = owners.get(data["doc"])
        if owner is None:  # 府中市 of 東京都 is not of 広島県
            holder = g._node[data["doc"]]
            owner = owners[data["doc"]] = (holder.get("owner_prefecture"), holder.get("owner"))
        for year, value in _values(data, p.facts):
            facts[owner, data.get("title_key"), year.year, year.basis].append((n, year, value))
    shared = [(key, stated) for key, stated in facts.items() if len(stated) > 1]  # most facts are stated once
    for key, stated in sorted(shared, key=lambda kv: str(kv[0])):
        for i, (a, ya, va) in enumerate(stated):
            for b, yb, vb in stated[i + 1:]:
                if g._node[a]["doc"] == g._node[b]["doc"] or va.agrees(vb):
                    continue
                newer, older = (a, b) if _later(g, a, b) else (b, a)
                other = g._node[older]
                yield Finding(newer, (older,), key=None, params={
                    "value": va if newer == a else vb, "other_value": vb if newer == a else va,
                    "other": title(g, other["doc"]), "year": ya if newer == a else yb,
                    "place": f"{other.get('file')}:{other.get('line')}"})


_SIDES = tuple((side, f"{side}_kind", f"{side}_year", f"{side}_quantity") for side in ("baseline", "target"))


def _values(data: dict[str, Any], which: Sequence[str]) -> Iterator[tuple[YearRef, Quantity]]:
    """(year, value) facts of an indicator stated for a single year with its count (年/年度)."""
    for side, kind, year_key, value_key in _SIDES:
        if side in which and data.get(kind) == "year":
            year, value = data.get(year_key), data.get(value_key)
            if isinstance(year, YearRef) and year.basis and isinstance(value, Quantity):
                yield year, value
    if "results" in which:
        for result in data.get("results") or ():
            year, value = result.get("year"), result.get("quantity")
            if result.get("kind") == "year" and isinstance(year, YearRef) and year.basis and isinstance(value, Quantity):
                yield year, value


def _later(g: Graph, a: str, b: str) -> bool:
    def when(n: str) -> str:
        try:
            return str(document_date(g, g._node[n]["doc"]) or "")
        except NotKnown:
            return ""
    return (when(a), a) > (when(b), b)


class Reference(Params):
    reference_type: NodeType = "prefectural_indicator"
    # what the city's document shares with the reference document
    same: list[Literal["prefecture", "municipality"]] = ["prefecture"]


def _referenced(g: Graph, nodes: list[str], p: Reference) -> list[str]:
    """Every target when the graph holds reference figures of the type, else none (a city's
    figures are compared with those alone: without them equals_reference_figure is silent)."""
    return nodes if of_type(g, p.reference_type) else []


@node_check("equals_reference_figure", Reference, produces=("value", "year", "other", "reference"),
            narrow=_referenced)
def equals_reference_figure(g: Graph, node: str, p: Reference, ctx: Context) -> Iterator[Finding | Unseen]:
    """A city's baseline equal to the figure its prefecture publishes for the same indicator and
    year is suspicious: often the prefecture's figure was copied where the city's was meant."""
    data = g._node[node]
    year, value = data.get("baseline_year"), data.get("baseline_quantity")
    if data.get("baseline_kind") != "year" or not isinstance(year, YearRef) or not isinstance(value, Quantity):
        return
    doc = g._node[data["doc"]]
    for other in of_type(g, p.reference_type):
        ref = g._node[other]
        holder = g._node[ref["doc"]]
        if any(holder.get(a) != doc.get(a) for a in p.same) or ref.get("title_key") != data.get("title_key"):
            continue
        for ref_year, ref_value in _values(ref, ["baseline", "target", "results"]):
            if ref_year.year == year.year and ref_value.value == value.value:
                yield Finding(node, (other,), key="baseline", params={
                    "value": value, "year": year, "other": title(g, other), "reference": title(g, ref["doc"])})
                return


class BasisMixed(Params):
    items: Selector  # the document's indicators
    attributes: Annotated[list[str], attribute_of("items")] = ["baseline_year", "target_year"]


@node_check("basis_mixed", BasisMixed, produces=("calendar", "fiscal", "examples"))
def basis_mixed(g: Graph, node: str, p: BasisMixed, ctx: Context) -> Iterator[Finding | Unseen]:
    """A document whose indicators count some years as 年 (calendar) and others as 年度 (fiscal):
    worth a look, since a 2019年 baseline and a 2026年度 target measure different windows."""
    seen: dict[str, list[str]] = {"calendar": [], "fiscal": []}
    for n in nodes_of_document(g, node, p.items):
        for attribute in p.attributes:
            year = g._node[n].get(attribute)
            if isinstance(year, YearRef) and year.basis in seen:
                seen[year.basis].append(n)
    if seen["calendar"] and seen["fiscal"]:
        calendar, fiscal = sorted(set(seen["calendar"])), sorted(set(seen["fiscal"]))
        yield Finding(node, key="goals", params={
            "calendar": len(calendar), "fiscal": len(fiscal),
            "examples": [title(g, calendar[0]), title(g, fiscal[0])]})


class AfterPeriod(Params):
    attribute: Attribute = "target_year"
    period_from: RelationPath = ["document"]
    period_attribute: Annotated[str, attribute_of("period_from")] = "effective_period"


def _counted_by_calendar(g: Graph, nodes: list[str], p: AfterPeriod) -> list[str]:
    """The targets whose year is a calendar year (年): calendar_year_at_end is silent for the others."""
    return with_attribute(g, nodes, [p.attribute], lambda year: isinstance(year, YearRef) and year.basis == "calendar")


@node_check("calendar_year_at_end", AfterPeriod, produces=("year", "period"), narrow=_counted_by_calendar)
def calendar_year_at_end(g: Graph, node: str, p: AfterPeriod, ctx: Context) -> Iterator[Finding | Unseen]:
    """A target counted by calendar year (年) in the last fiscal year of the period (or later): the
    figure for that year is published only after the period has ended, so the period's own
    verification cannot see whether it was reached."""
    year = g._node[node].get(p.attribute)
    if not isinstance(year, YearRef) or year.basis != "calendar":
        return
    for holder in follow(g, node, p.period_from):
        period = g._node[holder].get(p.period_attribute)
        if isinstance(period, Period) and period.end is not None and year.year >= period.end:
            yield Finding(node, key="target", params={"year": year, "period": period})


class OnTrack(Params):
    pass


def _with_results(g: Graph, nodes: list[str], p: OnTrack) -> list[str]:
    """The indicators with results reported: result_on_track is silent for the others."""
    return with_attribute(g, nodes, ["results"], bool)


@node_check("result_on_track", OnTrack, produces=("result", "year", "baseline", "target", "direction"),
            narrow=_with_results)
def result_on_track(g: Graph, node: str, p: OnTrack, ctx: Context) -> Iterator[Finding | Unseen]:
    """The latest result a verification reported has not moved away from the target: for an
    indicator meant to increase (by its direction, or target above baseline), a later result below
    the baseline; for one meant to decrease, above it."""
    data = g._node[node]
    base, target = data.get("baseline_quantity"), data.get("target_quantity")
    base_year = data.get("baseline_year")
    if not isinstance(base, Quantity) or not isinstance(base_year, YearRef):
        return
    direction = data.get("direction") or (None if not isinstance(target, Quantity) else
                                          "increase" if target.value > base.value else
                                          "decrease" if target.value < base.value else None)
    later = [(r["year"].year, r) for r in data.get("results") or ()
             if isinstance(r.get("year"), YearRef) and isinstance(r.get("quantity"), Quantity)
             and r["year"].year > base_year.year]
    if direction not in ("increase", "decrease") or not later:
        return
    _, latest = max(later, key=lambda x: x[0])
    value: Quantity = latest["quantity"]
    away = value.value + value.tolerance < base.value - base.tolerance if direction == "increase" else \
        value.value - value.tolerance > base.value + base.tolerance
    if away:
        yield Finding(node, key="results", params={"result": value, "year": latest["year"], "baseline": base,
                                                  "target": target, "direction": label(direction)})
