"""Check kinds about what can be so: a flag a plan marks (an outcome indicator), values that
cannot be (a share above 100 %, a negative count), one year's results stated twice, plans of
another municipality linked as one's own, a unit that changed when an indicator was carried
over, and a goal mapped to a national goal of another theme."""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict
from typing import Annotated, Any, Iterator, Literal

from checker import vocabulary
from checker.checks.base import (
    Context, Finding, Graph, Params, Selector, Unseen, edges_of, links, neighbours, node_check, select, title,
    value_of,
)
from checker.fiscal import YearRef
from checker.graph import normalise_title
from checker.graph_vocabulary import Attribute, Attributes, Relation, Vocab
from checker.labels import Label, label
from checker.quantity import Quantity
from checker.unknown import Unknown


class Marked(Params):
    attribute: Attribute  # a flag the plan marks, e.g. outcome
    equals: Any = True


@node_check("marked", Marked, produces=("value",))
def marked(g: Graph, node: str, p: Marked, ctx: Context) -> Iterator[Finding | Unseen]:
    """A flag the plan marks has the expected value (a numerical target marked `outcome: true`).
    Left unmarked, or marked unknown, it is "not checked" — an unmarked indicator is not
    "not an outcome"."""
    value = value_of(g._node[node], p.attribute)
    if value is None or isinstance(value, Unknown):
        yield Unseen(node, (p.attribute.split(".")[0],), key=p.attribute.split(".")[0])
    elif value != p.equals:
        yield Finding(node, key=p.attribute.split(".")[0], params={"value": label(value)})


Side = Literal["baseline", "target", "results"]


_UNITS = {"percent": vocabulary.PERCENT_UNITS, "count": vocabulary.COUNT_UNITS}


class ValuePossible(Params):
    units: Literal["percent", "count"]  # the indicators checked: in % (or ％), or counted (人, 件 …: vocabulary.py)
    min: float | None = None
    max: float | None = None
    unless: Literal["signed", "rate"] | None = None  # titles that may leave the bounds (vocabulary.py)
    values: list[Side] = ["baseline", "target", "results"]


def _impossible(g: Graph, nodes: list[str], p: ValuePossible) -> list[str]:
    """The targets in the units checked with a value out of bounds (value_possible is silent for
    the others); whether a unit is one of them asked once per unit."""
    data, units, known = g._node, _UNITS[p.units], dict[str, bool]()
    kept = []
    for n in nodes:
        unit = data[n].get("unit")
        if isinstance(unit, str):
            if unit not in known:
                known[unit] = vocabulary.unit_in(unit, units)
            if known[unit] and _outside(data[n], p):
                kept.append(n)
        elif vocabulary.unit_in(unit, units) and _outside(data[n], p):
            kept.append(n)
    return kept


@node_check("value_possible", ValuePossible, produces=("value", "side", "unit", "min", "max", "year"),
            narrow=_impossible)
def value_possible(g: Graph, node: str, p: ValuePossible, ctx: Context) -> Iterator[Finding | Unseen]:
    """An indicator's values are within what its unit allows: a share in % between 0 and 100, a
    count (人, 件 …) not negative. Titles that name a rate of change or a ratio (前年比, 自給率) may
    exceed 100 %, and a difference or balance (社会増減数) may be negative (`unless`). A printed
    bound (「100%以上」) is checked like a value."""
    data = g._node[node]
    unit = data.get("unit")
    if not vocabulary.unit_in(unit, _UNITS[p.units]):
        return
    outside = _outside(data, p)
    if not outside:  # (the title's words are read only for a value out of bounds)
        return
    text = str(data.get("title") or "")
    if (p.unless == "signed" and vocabulary.signed(text)) or (p.unless == "rate" and vocabulary.rate(text)):
        return
    for side, year, quantity in outside:
        yield Finding(node, key="results" if side == "results" else side, params={
                "value": quantity, "side": Label(f"{side}_value" if side != "results" else "result_value"),
                "unit": unit, "min": p.min, "max": p.max, "year": year})


def _outside(data: dict[str, Any], p: ValuePossible) -> list[tuple[str, Any, Any]]:
    """(side, year, value) of the indicator's values outside [min, max]."""
    outside = []
    for side, year, quantity in _values(data, p.values):
        value = quantity.value if isinstance(quantity, Quantity) else quantity
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            continue
        if (p.min is not None and value < p.min) or (p.max is not None and value > p.max):
            outside.append((side, year, quantity))
    return outside


_KEYS = {side: (f"{side}_quantity", f"{side}_value", f"{side}_year") for side in ("baseline", "target")}


def _values(data: dict[str, Any], sides: list[Side]) -> Iterator[tuple[str, Any, Any]]:
    for side in sides:
        if side == "results":
            for result in data.get("results") or ():
                yield side, result.get("year"), result.get("quantity", result.get("value"))
        else:
            quantity_key, value_key, year_key = _KEYS[side]
            quantity = data.get(quantity_key, data.get(value_key))
            if quantity is not None and not isinstance(quantity, Unknown):
                yield side, data.get(year_key), quantity


class ResultsAgree(Params):
    pass


@node_check("results_agree", ResultsAgree, produces=("year", "values", "statuses"))
def results_agree(g: Graph, node: str, p: ResultsAgree, ctx: Context) -> Iterator[Finding | Unseen]:
    """An indicator's results for one year (counted the same way) agree: a year verified twice
    with different figures or judgements (達成 / 未達成) leaves its result unknown."""
    by_year: dict[tuple[int, Any], list[dict[str, Any]]] = defaultdict(list)
    for result in g._node[node].get("results") or ():
        year = result.get("year")
        if isinstance(year, YearRef) and result.get("kind") in ("year", None):
            by_year[year.year, year.basis].append(result)
    for (_, _), results in sorted(by_year.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        quantities: list[Quantity] = [q for r in results if isinstance(q := r.get("quantity"), Quantity)]
        differ = any(not a.agrees(b) for i, a in enumerate(quantities) for b in quantities[i + 1:])
        statuses = sorted({r["status"] for r in results if r.get("status")})
        if differ or len(statuses) > 1:
            yield Finding(node, key="results", params={
                "year": results[0]["year"], "values": list(dict.fromkeys(quantities)),
                "statuses": [label(s) for s in statuses]})


class SameOwner(Params):
    relations: Annotated[list[str], Vocab("relation")]  # each followed from the subject, e.g. succeeds
    attributes: Attributes = ["municipality", "prefecture"]  # of the subject and of the other's document


def _same(a: Any, b: Any) -> bool:
    if type(a) is str is type(b) and a == b:  # the same text as written (most units carried over): no need to normalise
        return True
    norm = (lambda v: "".join(unicodedata.normalize("NFKC", str(v)).split()))
    return norm(a) == norm(b)


@node_check("same_owner", SameOwner, produces=("other", "relation", "attribute", "value", "other_value"))
def same_owner(g: Graph, node: str, p: SameOwner, ctx: Context) -> Iterator[Finding | Unseen]:
    """The documents a plan links as its own — its predecessor, the plan it merges into, its
    population vision — belong to the same municipality (and prefecture): compared on their
    documents, after NFKC and without spaces. Not stated on either side: not compared."""
    data = g._node[node]
    for rel in p.relations:
        for other in neighbours(g, node, rel):
            doc = g._node[other]["doc"]
            theirs = g._node[doc]
            for attribute in p.attributes:
                mine, their = data.get(attribute), theirs.get(attribute)
                if mine is None or their is None or isinstance(mine, Unknown) or isinstance(their, Unknown):
                    continue
                if not _same(mine, their):
                    yield Finding(node, (other,), key=rel, params={
                        "other": title(g, other), "relation": Label(f"rel_{rel}"), "attribute": label(attribute),
                        "value": mine, "other_value": their})
                    break



class UnitCarried(Params):
    rel: Relation = "continues"
    attribute: Attribute = "unit"


def _unit_changed(mine: Any, theirs: Any) -> bool:
    """Whether a unit changed from `theirs` to `mine` (one not stated is not compared)."""
    return mine is not None and theirs is not None and not _same(mine, theirs)


def _changes(g: Graph, node: str, p: UnitCarried) -> list[tuple[str, Any]]:
    """(previous indicator, its unit) for each continuation that changed the unit without a reason."""
    mine = g._node[node].get(p.attribute)
    return [(previous, theirs) for previous, edge in edges_of(g, node, p.rel)
            if _unit_changed(mine, theirs := g._node[previous].get(p.attribute)) and not edge.get("reason")]


def _recounted(g: Graph, nodes: list[str], p: UnitCarried) -> list[str]:
    """The targets unit_carried reports on, in one pass (it is silent for the others): the units
    compared along the index's links; the edges (for a reason) read only where a unit changed."""
    data, linked, kept = g._node, links(g, p.rel), []
    for n in nodes:
        mine = data[n].get(p.attribute)
        if any(_unit_changed(mine, data[o].get(p.attribute)) for o in linked.get(n, ())) and _changes(g, n, p):
            kept.append(n)
    return kept


@node_check("unit_carried", UnitCarried, produces=("other", "value", "other_value"), narrow=_recounted)
def unit_carried(g: Graph, node: str, p: UnitCarried, ctx: Context) -> Iterator[Finding | Unseen]:
    """An indicator carried over from the previous period keeps its unit (compared after NFKC,
    without spaces: ％ is %), or the continuation gives a reason for the change. A unit not stated
    on either side is not compared (KPI-005 asks for it)."""
    mine = g._node[node].get(p.attribute)
    for previous, theirs in _changes(g, node, p):
        yield Finding(node, (previous,), key=p.attribute, params={
            "other": title(g, previous), "value": mine, "other_value": theirs})


class GoalSimilarity(Params):
    rel: Relation = "considers"
    candidates: Selector  # the goals a local goal may consider (of the same document as the one it does)
    margin: float = 0.2  # how much better another goal must score


@functools.lru_cache(maxsize=2048)  # each local goal is scored against the same national goals
def _bigrams(text: str) -> frozenset[str]:
    norm = normalise_title(text)
    return frozenset({norm[i:i + 2] for i in range(len(norm) - 1)} or {norm})


@functools.lru_cache(maxsize=2048)  # (likewise: a pure function of the wording)
def _goal_themes(text: str) -> frozenset[str]:
    return vocabulary.goal_themes(text)


def _wordings(data: dict[str, Any]) -> list[str]:
    return [t for t in (data.get("title"), *(data.get("aliases") or ())) if t]


def similarity(a: list[str], b: list[str]) -> float:
    """How alike two goals' wordings are, from 0 to 1: half the Dice coefficient of their
    character bigrams, half the Jaccard index of their themes (vocabulary.GOAL_THEMES) — the best
    over each goal's title and aliases."""
    best = 0.0
    for x in a:
        for y in b:
            bx, by = _bigrams(x), _bigrams(y)
            dice = 2 * len(bx & by) / (len(bx) + len(by))
            tx, ty = _goal_themes(x), _goal_themes(y)
            themes = len(tx & ty) / len(tx | ty) if tx | ty else 0.0
            best = max(best, 0.5 * dice + 0.5 * themes)
    return round(best, 2)


def _themes(words: list[str]) -> frozenset[str]:
    return frozenset().union(*(_goal_themes(w) for w in words))


@node_check("goal_similarity", GoalSimilarity, produces=("other", "score", "better", "better_score", "themes"))
def goal_similarity(g: Graph, node: str, p: GoalSimilarity, ctx: Context) -> Iterator[Finding | Unseen]:
    """A goal considers a higher goal of an unrelated theme while another goal of the same
    document shares its theme and scores clearly higher (swapped mappings). Transparent: the
    score (see `similarity`) of both is shown. Goals whose wording names no theme are not judged."""
    mine = _wordings(g._node[node])
    my_themes = _themes(mine)
    if not my_themes:
        return
    for considered in neighbours(g, node, p.rel):
        if not select(g, [considered], p.candidates):
            continue
        theirs = _wordings(g._node[considered])
        if my_themes & _themes(theirs):
            continue
        score = similarity(mine, theirs)
        doc = g._node[considered]["doc"]
        others = [o for o in select(g, neighbours(g, doc, "part_of", "in"), p.candidates)
                  if o != considered and my_themes & _themes(_wordings(g._node[o]))]
        scored = sorted(((similarity(mine, _wordings(g._node[o])), o) for o in others), key=lambda x: (-x[0], x[1]))
        if scored and scored[0][0] >= score + p.margin:
            better_score, better = scored[0]
            yield Finding(node, (considered, better), key=p.rel, rests_on=((considered, "title"), (better, "title")),
                          params={"other": title(g, considered), "score": score, "better": title(g, better),
                                  "better_score": better_score,
                                  "themes": [Label(f"theme_{t}") for t in sorted(my_themes)]})
