"""The shortcuts that make evaluating the rules cheap give what the plain way gives: `where`
conditions tested without a call per node, a cycle told without listing cycles, facts derived
once per graph, one-year periods shared."""

from __future__ import annotations

import weakref
from typing import Any, Sequence

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker.checks.base import Context, Finding, Selector, _test, derived, select, value_of
from checker.checks.continuity import Acyclic, _has_cycle, acyclic
from checker.checks.periods import _as_period
from checker.fiscal import CalendarError, Period, YearRef
from checker.graph_index import GraphIndex
from checker.load.yamlsource import gc_paused
from tests.conftest import AS_OF

# values an attribute may hold that the conditions tell apart: absent, falsy ones, equal ones
_VALUES: list[Any] = [None, "kpi", "", 0, False, 1, True, [], ["x"], YearRef(2020, "fiscal"), YearRef(2020)]
_CONDITIONS: list[Any] = ["kpi", 0, 1, False, True, None, {"present": True}, {"present": False},
                         {"nonempty": True}, {"nonempty": False}, {"in": ["kpi", 0, None]}]


def _graph(nodes: dict[str, dict[str, Any]], edges: Sequence[tuple[str, str, str]] = ()) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for node, data in nodes.items():
        g.add_node(node, doc="d", **data)
    for u, v, rel in edges:
        g.add_edge(u, v, key=rel, rel=rel)
    return g


def test_where_conditions_select_what_their_tests_accept() -> None:
    g = _graph({f"n{i}": {"type": "indicator", "kind": v, "baseline_year": v} for i, v in enumerate(_VALUES)})
    nodes = sorted(g.nodes)
    dotted = {"baseline_year.basis": "fiscal", "baseline_year.year": 2020}
    conditions = [*(("kind", c) for c in _CONDITIONS), *dotted.items(), ("baseline_year.basis", {"present": False})]
    for name, cond in conditions:
        sel = Selector(type=["indicator"], where={name: cond})
        expected = [n for n in nodes if _test(cond)(value_of(g.nodes[n], name))]
        assert select(g, nodes, sel) == expected, (name, cond)
        assert select(g, nodes, sel, typed=True) == expected, (name, cond)
    assert select(g, nodes, Selector(type=["measure"], where={"kind": "kpi"})) == []
    both = Selector(type=["indicator"], where={"kind": {"nonempty": True}, "baseline_year": 1})
    assert select(g, nodes, both) == ["n5", "n6"]  # 1 and True (True == 1, as the plain test has it)


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=14))
def test_a_cycle_is_told_as_networkx_finds_one(edges: list[tuple[int, int]]) -> None:
    successors: dict[str, list[str]] = {}
    for u, v in edges:
        successors.setdefault(str(u), [])
        if str(v) not in successors[str(u)]:
            successors[str(u)].append(str(v))
    linked = {u: tuple(sorted(vs)) for u, vs in successors.items()}
    graph = nx.DiGraph((u, v) for u, vs in linked.items() for v in vs)
    assert _has_cycle(linked) == any(True for _ in nx.simple_cycles(graph))


def test_acyclic_reports_each_cycle_and_nothing_without_one() -> None:
    nodes = {n: {"type": "basic_goal", "title": n} for n in "abcde"}
    dag = _graph(nodes, [("a", "b", "continues"), ("b", "c", "continues"), ("a", "c", "continues")])
    assert list(acyclic(dag, Acyclic(rel="continues"), Context(AS_OF))) == []
    cyclic = _graph(nodes, [("a", "b", "continues"), ("c", "b", "continues"), ("b", "c", "continues"),
                            ("d", "d", "continues"), ("e", "a", "succeeds"), ("a", "e", "succeeds")])
    found = list(acyclic(cyclic, Acyclic(rel="continues"), Context(AS_OF)))
    assert [(f.subject, f.related, f.params["cycle"]) for f in found if isinstance(f, Finding)] == [
        ("b", ("c",), "b → c → b"), ("d", (), "d → d")]


def test_a_derived_fact_is_worked_out_once_per_graph_and_keeps_no_graph_alive() -> None:
    calls: list[int] = []

    def count(g: nx.MultiDiGraph) -> int:
        calls.append(len(g))
        return len(g)

    one, two = _graph({"a": {"type": "measure"}}), _graph({"a": {"type": "measure"}, "b": {"type": "measure"}})
    GraphIndex.of(one)
    assert [derived(one, "size", count), derived(one, "size", count), derived(two, "size", count)] == [1, 1, 2]
    assert calls == [1, 2]
    assert derived(one, ("other", "key"), lambda g: "x") == "x"
    with gc_paused():  # freed by reference counting alone
        alive = weakref.ref(one)
        del one
        assert alive() is None


def test_a_year_as_a_period_is_the_period_of_that_year() -> None:
    assert _as_period(YearRef(2024, "fiscal")) == Period(2024, 2024)
    assert _as_period(2024) == Period(2024, 2024)
    assert _as_period(YearRef(2024)) is _as_period(2024)  # one object per year, however often asked
    for _ in range(2):  # a year out of range is an error each time it is asked (errors are not kept)
        with pytest.raises(CalendarError, match="1800–1800"):
            _as_period(1800)
    with pytest.raises(CalendarError, match="start is after end"):
        Period(2025, 2024)
