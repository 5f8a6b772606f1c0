"""The shortcuts of round 26 give what the plain computations give: a node's `lines` worked out
when asked (graph.NodeLines) read as the dict _own_lines makes; written_dates reads only the
attributes a node's type may hold a date in (graph.DATED_BY_TYPE) and finds what a scan of every
attribute finds; era_style asks for lines only of a year written in two eras, and reports what
it reported when it asked for every line."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from checker import graph
from checker.checks.base import Context, Finding, derived, index_graph
from checker.checks.timing import EraStyle, _dated_by_document, _era_years, era_style
from checker.fiscal import Period, PlanDate, YearRef, parse_date
from checker.graph_index import DATED, GraphIndex
from checker.load import load_documents
from tests.conftest import AS_OF, ROOT, case_graphs

# --- node lines, worked out when asked ------------------------------------------------------------


def test_lazy_lines_read_as_the_lines_worked_out_at_once(plans, monkeypatch) -> None:
    made: list[tuple[Any, ...]] = []
    own_lines = graph._own_lines

    def recording(*args: Any) -> dict[str, int]:
        made.append(args)
        return own_lines(*args)

    monkeypatch.setattr(graph, "_own_lines", recording)
    g = graph.build_graph(plans)
    assert not [args for args in made if isinstance(args[0].model, graph._MUNICIPAL)], \
        "no municipal node's lines are worked out while its graph is built"
    lazy: dict[str, tuple[graph.NodeLines, Any]] = {n: (data["lines"], data["lines"]._args)
                                                    for n, data in g.nodes(data=True)
                                                    if isinstance(data["lines"], graph.NodeLines)}
    municipal = {src.model.id for src in plans if isinstance(src.model, graph._MUNICIPAL)}
    assert lazy.keys() == {n for n, data in g.nodes(data=True) if data["doc"] in municipal}, \
        "a municipality's nodes get their lines when asked"
    for node, (lines, args) in lazy.items():
        plain = own_lines(*args)
        assert list(lines.items()) == list(plain.items()), node  # same lines, same key order
        assert lines == plain and repr(lines) == repr(plain) and len(lines) == len(plain)
        assert bool(lines) == bool(plain) and lines.get("no such key", -1) == -1
        for key in plain:
            assert lines[key] == plain[key] and lines.get(key) == plain[key] and key in lines
    assert len(made) == len(lazy) + sum(1 for args in made if not isinstance(args[0].model, graph._MUNICIPAL)), \
        "each node's lines worked out once"


def test_a_table_row_gets_its_lines_when_asked(plans) -> None:
    """azumino's tables: every key of a row is on the row's line, derived keys too."""
    g = graph.build_graph(plans)
    rows = [data for _, data in g.nodes(data=True)
            if isinstance(data["lines"], graph.NodeLines) and not data["file"].endswith(".yaml")]
    assert any(data["type"] == "indicator" for data in rows), "an indicator read from a table"
    for data in rows:
        assert set(data["lines"].values()) == {data["line"]}
        if data["type"] == "indicator":
            assert data["lines"]["baseline_year"] == data["lines"]["baseline"] == data["line"]


def test_a_reference_document_keeps_no_lazy_lines(plans) -> None:
    """What adding a national or prefectural document gave is kept for the next graph: its nodes'
    lines are worked out at once, so it refers to no SourceDocument and goes with it."""
    g = graph.build_graph(plans)
    national = [data for _, data in g.nodes(data=True) if data["doc"].startswith("national/")]
    assert national and all(type(data["lines"]) is dict for data in national)
    copies = [src for src in load_documents([ROOT / "plans"]).documents if not isinstance(src.model, graph._MUNICIPAL)]
    graph.build_graph(copies)
    keys = {id(src) for src in copies}
    assert keys <= graph._ADDED.keys()
    del copies
    gc.collect()
    assert not keys & graph._ADDED.keys(), "the documents' entries go with them"


# --- written_dates by node type ------------------------------------------------------------------

_DATED_CLASSES = (PlanDate, YearRef, Period)


def _written_dates_plain(g: nx.MultiDiGraph) -> dict[str, set[tuple[str, Any]]]:
    """Every attribute of every node whose value is a date, year or period."""
    found = {n: {(k, v) for k, v in data.items() if isinstance(v, _DATED_CLASSES)}
             for n, data in sorted(g.nodes(data=True))}
    return {n: dates for n, dates in found.items() if dates}


def _as_sets(written: Any) -> dict[str, set[tuple[str, Any]]]:
    return {n: set(dates) for n, dates in written.items()}


def test_written_dates_equal_a_scan_of_every_attribute(plans) -> None:
    graphs = [graph.build_graph(plans), *case_graphs()]
    kinds: set[tuple[str, str]] = set()
    for g in graphs:
        written = GraphIndex.of(g).written_dates
        assert _as_sets(written) == _written_dates_plain(g)
        assert list(written) == sorted(written), "nodes in order"
        for n, dates in written.items():
            names = [name for name, _ in dates]
            assert names == [name for name in DATED if name in names], "a node's dates in DATED order"
            kinds.update((g.nodes[n]["type"], name) for name in names)
    assert {("indicator", "baseline_year"), ("municipal_strategy", "adopted"), ("review", "date"),
            ("grant_type", "valid")} <= kinds


def test_every_node_type_names_its_dated_attributes() -> None:
    """DATED_BY_TYPE: each node type's attributes that ATTRIBUTE_VALUES says hold a date, a year or a period."""
    assert DATED_BY_TYPE.keys() == graph.NODE_ATTRIBUTES.keys()
    for type_, names in graph.NODE_ATTRIBUTES.items():
        assert set(DATED_BY_TYPE[type_]) == {n for n in names if graph.ATTRIBUTE_VALUES.get(n) in _DATED_CLASSES}
    assert DATED_BY_TYPE["project"] == () and DATED_BY_TYPE["indicator"] == (
        "baseline_at", "target_at", "baseline_year", "target_year")


DATED_BY_TYPE = graph.DATED_BY_TYPE
_DATES = st.sampled_from([parse_date("R2-03-20"), parse_date("2019-04"), YearRef(2020, "fiscal", text="R2年度"),
                          YearRef(2019, "calendar"), Period(2020, 2024), None, "R2", 2020])
_NAMES = st.sampled_from([*DATED, "title", "note", "fiscal_year"])


@given(st.lists(st.dictionaries(_NAMES, _DATES, max_size=6), max_size=6))
def test_a_graph_made_otherwise_has_its_dates_read_by_name(attributes: list[dict[str, Any]]) -> None:
    """A graph the builder did not make (a test's): any attribute DATED names is read."""
    g = nx.MultiDiGraph()
    for i, data in enumerate(attributes):
        g.add_node(f"n{i}", type="anything", doc="d", **data)
    plain = {n: {(k, v) for k, v in dates if k in DATED} for n, dates in _written_dates_plain(g).items()}
    assert _as_sets(GraphIndex.of(g).written_dates) == {n: d for n, d in plain.items() if d}


# --- era_style -----------------------------------------------------------------------------------


def _era_style_plain(g: nx.MultiDiGraph, node: str) -> Iterator[Finding]:
    """era_style as it was written before it asked for lines only where two eras meet."""
    index = index_graph(g)
    seen: dict[tuple[int, bool], dict[str, tuple[int, str, str, str]]] = {}
    for n, dated in derived(g, "dated_by_document", _dated_by_document).get(node, ()):
        data = index.attributes[n]
        lines = data.get("lines") or {}
        for name, value in dated:
            written = _era_years(value)
            if not written:
                continue
            calendar = isinstance(value, YearRef) and value.basis == "calendar"
            for year, era, text in written:
                line = lines.get(name, data.get("line")) or 0
                here = (line, n, name, text)
                eras = seen.setdefault((year, calendar), {})
                if era not in eras or here < eras[era]:
                    eras[era] = here
    for (year, _), eras in sorted(seen.items()):
        if len(eras) < 2:
            continue
        ordered = sorted(eras.values())
        (_, first, _, first_text), (_, last, name, last_text) = ordered[0], ordered[-1]
        yield Finding(last, (first,) if first != last else (), key=name, params={
            "year": year, "text": last_text, "other_text": first_text,
            "eras": [era for era, _ in sorted(eras.items(), key=lambda kv: kv[1])]})


_CTX = Context(as_of=AS_OF)


def _documents(g: nx.MultiDiGraph) -> list[str]:
    return sorted(n for n, data in g.nodes(data=True) if data["doc"] == n)


def test_era_style_finds_what_it_found_in_the_cases_and_plans(plans) -> None:
    found = 0
    for g in [graph.build_graph(plans), *case_graphs()]:
        for doc in _documents(g):
            new = list(era_style(g, doc, EraStyle(), _CTX))
            assert new == list(_era_style_plain(g, doc))
            found += len(new)
    assert found, "DATE-009's failing case has a year written in two eras"


_YEARS = st.sampled_from([YearRef(2019, "fiscal", text="平成31年度"), YearRef(2019, "fiscal", text="令和元年度"),
                          YearRef(2019, "fiscal", text="R1年度"),
                          YearRef(2019, "calendar", text="平成31年"),
                          YearRef(2019, "calendar", text="2019年"), YearRef(1989, "fiscal", text="昭和64年度"),
                          YearRef(1989, "fiscal", text="平成元年度"), Period(2019, 2020, text="H31〜R2"), None])


@given(st.lists(st.tuples(st.sampled_from(["year", "baseline_year", "target_year", "period"]), _YEARS,
                          st.one_of(st.none(), st.integers(1, 40)), st.one_of(st.none(), st.integers(1, 40))),
                max_size=8))
def test_era_style_equals_the_plain_computation(nodes: list[tuple[str, Any, int | None, int | None]]) -> None:
    """Nodes of one document, each a date at a line (or at the node's line, or at none)."""
    g = nx.MultiDiGraph()
    g.add_node("d", type="municipal_strategy", doc="d", line=1, lines={})
    for i, (name, value, line, own) in enumerate(nodes):
        lines = {name: own} if own is not None else {}
        g.add_node(f"d#n{i}", type="indicator", doc="d", line=line, lines=lines, **{name: value})
    assert list(era_style(g, "d", EraStyle(), _CTX)) == list(_era_style_plain(g, "d"))
