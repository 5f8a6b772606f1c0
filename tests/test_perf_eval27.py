"""The shortcuts of round 27 (evaluation) give what the plain computations give: value_of's
dotted names split once, text_matches' distinct texts gathered an attribute at a time,
link_count's selector asked once per graph (`selected`), and the narrows of period_relation,
unit_carried and continuation_explained keep exactly the targets those checks speak of — while
the checks, rewritten around the tests they share with their narrows, find what they found."""

from __future__ import annotations

import dataclasses
from functools import cache
from typing import Any, Iterable, Iterator

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from checker.checks import REGISTRY
from checker.checks.base import Context, Finding, NotKnown, Selector, Unseen, edges_of, follow, select, selected, title, \
    value_of
from checker.checks.indicators import Continuation, _continued, _result_for, _same as _same_quantity
from checker.checks.links import LinkCount, _miscounted
from checker.checks.periods import PeriodRelation, _as_period, _mismatch, _params
from checker.checks.plausibility import UnitCarried, _same as _same_unit
from checker.checks.text import _distinct_values
from checker.engine import targets
from checker.fiscal import Period, YearRef
from checker.graph import build_graph
from checker.labels import Phrase
from checker.load import load_documents
from checker.quantity import Quantity
from checker.rules import Rule, catalogue
from checker.unknown import Unknown
from tests.conftest import AS_OF, ROOT
from tests.test_perf_eval26 import assert_narrows_keep_what_their_checks_say
from tests.test_perf_rules24 import _graph

KINDS = ("period_relation", "unit_carried", "continuation_explained")
RULES = [r for r in catalogue() if r.kind in KINDS]


@cache
def _bundled() -> nx.MultiDiGraph:
    return build_graph(load_documents([ROOT / "plans"]).documents)


def _graphs(rules: list[Rule]) -> list[nx.MultiDiGraph]:
    """The bundled plans and the rules' own pass and fail cases."""
    return [_bundled(), *(_graph(ROOT / "rules" / "cases" / r.id / f"{case}.yaml") for r in rules for case in ("pass", "fail"))]


# --- value_of: a dotted name split once ------------------------------------------------------------


def _value_of_plain(data: dict[str, Any], name: str) -> Any:
    """value_of as it was written before it kept each dotted name's steps."""
    value: Any = data
    for part in name.split("."):
        if value is None:
            return None
        value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
    return value


_LEAVES = st.one_of(st.none(), st.integers(0, 3), st.just(Unknown()), st.builds(YearRef, st.integers(2015, 2025),
                    st.sampled_from([None, "fiscal", "calendar"])), st.builds(Period, st.integers(2015, 2020),
                                                                              st.integers(2020, 2025)))
_VALUES = st.recursive(_LEAVES, lambda inner: st.dictionaries(st.sampled_from(["a", "b", "basis", "start"]), inner,
                                                              max_size=3), max_leaves=6)
_NAMES = st.lists(st.sampled_from(["a", "b", "basis", "start", "year", "end_date"]), min_size=1, max_size=4).map(".".join)


@given(st.dictionaries(st.sampled_from(["a", "b", "basis", "year"]), _VALUES, max_size=4), _NAMES)
def test_value_of_equals_the_plain_computation(data: dict[str, Any], name: str) -> None:
    assert value_of(data, name) == _value_of_plain(data, name)


# --- text_matches: the distinct texts, an attribute at a time ------------------------------------

_TEXTS = st.one_of(st.none(), st.just(Unknown()), st.integers(0, 2), st.sampled_from(["（KPI）", "市調べ", "", " x "]))


@given(st.lists(st.dictionaries(st.sampled_from(["title", "source", "note"]), _TEXTS), max_size=6),
       st.lists(st.sampled_from(["title", "source", "department"]), min_size=1, max_size=3, unique=True))
def test_distinct_values_equal_the_plain_computation(attributes: list[dict[str, Any]], names: list[str]) -> None:
    g = nx.MultiDiGraph()
    for i, data in enumerate(attributes):
        g.add_node(f"n{i}", type="project", **data)
    nodes = list(g.nodes)
    assert _distinct_values(g, nodes, names) == {g._node[n].get(name) for n in nodes for name in names}


def test_distinct_values_of_an_unhashable_text_are_not_gathered() -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", type="project", title=["（KPI）"])
    assert _distinct_values(g, ["a"], ["title"]) is None


# --- link_count: the selector asked once -----------------------------------------------------------


def _miscounted_plain(g: nx.MultiDiGraph, nodes: list[str], p: LinkCount) -> list[str]:
    """link_count's narrow as it was written before it asked a selector with conditions once."""
    linked = {n: list(follow(g, n, [p.rel])) if p.direction == "out" else
              sorted(o for o, _ in edges_of(g, n, p.rel, "in")) for n in nodes}
    low, high = p.min if p.min is not None else 0, p.max if p.max is not None else float("inf")
    kept = []
    for n in nodes:
        count = len(select(g, linked[n], p.other)) if p.other is not None else len(linked[n])
        if not low <= count <= high or p.direction == "out" and p.rel in (g._node[n].get("unknown_links") or ()):
            kept.append(n)
    return kept


def test_link_count_narrow_equals_the_plain_computation() -> None:
    """Over the link_count rules (and each with a `where` on the linked nodes), on the bundled plans
    and their cases; a measure's KPIs (KPI-001/KPI-002: measures in, where kind) among them."""
    rules = [r for r in catalogue() if r.kind == "link_count"]
    assert any(r.params.other is not None and r.params.other.where for r in rules)
    params = [r.params for r in rules] + [r.params.model_copy(update={"other": Selector(type=["indicator"], where={
        "kind": "kpi", "outcome": True})}) for r in rules if r.params.rel == "measures"]
    kept = 0
    for g in _graphs(rules):
        for p in params:
            nodes = sorted(g._node)
            assert _miscounted(g, nodes, p) == _miscounted_plain(g, nodes, p)
            kept += len(_miscounted(g, nodes, p))
    assert kept


def test_selected_is_what_select_keeps_of_every_node() -> None:
    g = _bundled()
    selectors = [Selector(type=["indicator"], where={"kind": "kpi"}), Selector(type=["*"], where={"title": {"present": True}}),
                 Selector(type=["measure", "project"], linked=[{"rel": "part_of", "direction": "in"}]),
                 Selector(type=["indicator"], where={"target_year.basis": "fiscal"})]
    for sel in selectors:
        found = selected(g, sel)
        assert found and found == set(select(g, sorted(g._node), sel))


# --- the new narrows keep exactly the targets their checks speak of -------------------------------


def test_the_new_narrows_keep_exactly_the_targets_their_checks_speak_of() -> None:
    """period_relation, unit_carried and continuation_explained, over the bundled plans and the
    rules' own cases: each target their narrow keeps gives a finding or a "not checked", and no other does."""
    assert {r.kind for r in RULES} == set(KINDS)
    assert_narrows_keep_what_their_checks_say(RULES, _graphs(RULES))


# --- the checks find what they found (the plain versions: as they were written before) -------------


def _period_relation_plain(g: nx.MultiDiGraph, node: str, p: PeriodRelation) -> Iterator[Finding | Unseen]:
    written = value_of(g._node[node], p.attribute)
    mine = _as_period(written, need_end=p.relation != "follows")
    if mine is None:
        return
    others = follow(g, node, p.other)
    if p.prefer:
        preferred = [n for n in follow(g, node, p.prefer) if _as_period(value_of(g._node[n], p.other_attribute))]
        others = preferred or others
    for other in others:
        theirs = _as_period(value_of(g._node[other], p.other_attribute))
        if theirs is None:
            continue
        fact = ((other, p.other_attribute),)
        if p.relation == "follows":
            if theirs.end is None:
                continue
            gap = theirs.gap_after(mine)
            if gap != 0:
                yield Finding(node, (other,), key=p.attribute, rests_on=fact,
                              params={**_params(g, written, theirs, other), "gap": gap, **_mismatch(theirs, mine)})
        elif p.relation == "ends_when_other_starts":
            if mine.end is None or (mine.start, mine.end) == (theirs.start, theirs.end):
                continue
            gap = mine.gap_after(theirs)
            if gap != 0:
                yield Finding(node, (other,), key=p.attribute, rests_on=fact,
                              params={**_params(g, written, theirs, other), "gap": gap, **_mismatch(mine, theirs)})
        else:
            checked = mine if mine.end is not None else Period(mine.start, mine.start)
            if not theirs.contains(checked):
                yield Finding(node, (other,), key=p.attribute, rests_on=fact, params=_params(g, written, theirs, other))


def _unit_carried_plain(g: nx.MultiDiGraph, node: str, p: UnitCarried) -> Iterator[Finding | Unseen]:
    mine = g._node[node].get(p.attribute)
    for previous, edge in edges_of(g, node, p.rel):
        theirs = g._node[previous].get(p.attribute)
        if mine is None or theirs is None or edge.get("reason"):
            continue
        if not _same_unit(mine, theirs):
            yield Finding(node, (previous,), key=p.attribute, params={
                "other": title(g, previous), "value": mine, "other_value": theirs})


def _continuation_explained_plain(g: nx.MultiDiGraph, node: str, p: Continuation) -> Iterator[Finding | Unseen]:
    data = g._node[node]
    for previous, edge in edges_of(g, node, p.rel):
        if edge.get("reason"):
            continue
        before = g._node[previous]
        declared = edge.get("as") or "continued"
        if declared == "continued" and data.get("title_key") != before.get("title_key"):
            change = Phrase("title_changed", (("before", before.get("title")),))
            yield Finding(node, (previous,), key=p.rel, params=_continued(g, previous, declared, change))
            continue
        year = data.get("baseline_year")
        found = _result_for(before, year)
        base = data.get("baseline_quantity")
        if found is None or not isinstance(base, Quantity):
            continue
        if not _same_quantity(found, base, p.tolerance):
            change = Phrase("baseline_differs", (("baseline", base), ("result", found), ("year", year)))
            yield Finding(node, (previous,), key="baseline", params=_continued(g, previous, declared, change))


PLAIN = {"period_relation": _period_relation_plain, "unit_carried": _unit_carried_plain,
         "continuation_explained": _continuation_explained_plain}


def _said(found: Iterable[Finding | Unseen]) -> list[Any]:
    """What a check says of a node: its findings, and "not known" (as the engine would record it) last."""
    said: list[Any] = []
    try:
        said.extend(found)
    except NotKnown as exc:
        said.append(("not known", exc.missing, exc.key))
    return said


def _agree(g: nx.MultiDiGraph, rule: Rule, nodes: list[str]) -> int:
    """Whether the check and its plain version say the same of each node (and its narrow keeps
    those of them that say anything); how many findings they made."""
    check = REGISTRY[rule.kind].node_check
    narrow = REGISTRY[rule.kind].narrow
    assert check is not None and narrow is not None
    said = {n: _said(check(g, n, rule.params, Context(AS_OF))) for n in nodes}
    assert said == {n: _said(PLAIN[rule.kind](g, n, rule.params)) for n in nodes}, rule.id
    assert narrow(g, nodes, rule.params) == [n for n in nodes if said[n]], rule.id
    return sum(isinstance(f, Finding) for found in said.values() for f in found)


def test_the_checks_find_what_they_found() -> None:
    """Every node of the bundled plans and of the rules' cases, with each rule's parameters (and
    each period_relation's with the other relations): the same findings, in the same order."""
    found = 0
    for g in _graphs(RULES):
        for rule in RULES:
            variants = [rule]
            if rule.kind == "period_relation":
                variants += [dataclasses.replace(rule, params=rule.params.model_copy(update={"relation": relation}))
                             for relation in ("follows", "ends_when_other_starts", "within")]
            for r in variants:
                found += _agree(g, r, sorted(g._node))
    assert found


# --- small graphs: units, titles, baselines and reasons in every combination -------------------------

_UNIT = st.sampled_from([None, "人", "％", "%", " % ", "件"])
_TITLE_KEY = st.sampled_from(["a", "b", None])
_YEAR = st.one_of(st.none(), st.builds(YearRef, st.integers(2018, 2020), st.sampled_from([None, "fiscal", "calendar"])))
_QUANTITY = st.one_of(st.none(), st.integers(0, 3), st.builds(Quantity, st.integers(0, 3), st.booleans(), st.integers(0, 1)))
_RESULT = st.fixed_dictionaries({"year": _YEAR, "kind": st.sampled_from(["year", "window"]), "quantity": _QUANTITY})
_EDGE = st.fixed_dictionaries({}, optional={"reason": st.sampled_from(["", "定義変更"]),
                                            "as": st.sampled_from(["continued", "redefined", ""])})
_PERIOD = st.one_of(st.none(), st.just(Unknown()), st.builds(YearRef, st.integers(2018, 2026)),
                    st.builds(lambda a, n: Period(a, None if n is None else a + n), st.integers(2015, 2025),
                              st.one_of(st.none(), st.integers(0, 6))),
                    st.builds(lambda a: Period(a, a + 4, end_unknown=True), st.integers(2015, 2025)))


@st.composite
def _continuations(draw: Any) -> nx.MultiDiGraph:
    """New indicators n0… carrying on previous ones p0… (edges keyed by relation, as the builder's)."""
    g = nx.MultiDiGraph()
    g.add_node("d", type="municipal_strategy", doc="d", title="d", period=draw(_PERIOD), effective_period=draw(_PERIOD))
    for i in range(draw(st.integers(1, 3))):
        g.add_node(f"p{i}", type="indicator", doc="d", title=f"p{i}", unit=draw(_UNIT), title_key=draw(_TITLE_KEY),
                   results=draw(st.lists(_RESULT, max_size=2)), target_year=draw(_PERIOD))
    previous = [n for n in g.nodes if n.startswith("p")]
    for i in range(draw(st.integers(1, 3))):
        n = f"n{i}"
        g.add_node(n, type="indicator", doc="d", title=n, unit=draw(_UNIT), title_key=draw(_TITLE_KEY),
                   baseline_year=draw(_YEAR), baseline_quantity=draw(_QUANTITY), target_year=draw(_PERIOD))
        for other in draw(st.lists(st.sampled_from(previous), max_size=2, unique=True)):
            g.add_edge(n, other, key="continues", **draw(_EDGE))
    return g


@given(_continuations())
def test_the_checks_find_what_they_found_in_small_graphs(g: nx.MultiDiGraph) -> None:
    for rule in RULES:
        if rule.kind in ("unit_carried", "continuation_explained") or rule.id == "KPI-006":
            _agree(g, rule, sorted(n for n in g._node if n != "d"))


def test_small_graphs_find() -> None:
    """The small graphs above can fail each check: a changed unit, a renamed indicator, a new
    baseline other than the result, a target after the period."""
    g = nx.MultiDiGraph()
    g.add_node("d", type="municipal_strategy", doc="d", title="d", effective_period=Period(2020, 2024))
    g.add_node("p", type="indicator", doc="d", title="p", unit="人", title_key="a",
               results=[{"year": YearRef(2019, "fiscal"), "kind": "year", "quantity": Quantity(5)}])
    g.add_node("n", type="indicator", doc="d", title="n", unit="件", title_key="a", baseline_year=YearRef(2019, "fiscal"),
               baseline_quantity=Quantity(6), target_year=YearRef(2026))
    g.add_node("m", type="indicator", doc="d", title="m", unit="人", title_key="b")
    g.add_edge("n", "p", key="continues")
    g.add_edge("m", "p", key="continues")
    kinds = {r.kind: r for r in RULES if r.kind != "period_relation"} | {"period_relation": next(
        r for r in RULES if r.id == "KPI-006")}
    assert {kind: _agree(g, rule, ["m", "n", "p"]) for kind, rule in kinds.items()} == \
        {"unit_carried": 1, "continuation_explained": 2, "period_relation": 1}
