"""The graph build of round 26b gives what the plain computations give: edges made from a dict of
attributes (no keywords) equal networkx's own add_edge; a reference that has no edge attributes
shares one read-only empty mapping; a national or prefectural document copied into a
graph equals the document added anew; an unprefixed entry's `local` is its id; a node's lines
hold no dict until asked."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker import graph
from checker.load import load_documents
from tests.conftest import case_graphs
from tests.test_format_parts import PARTS


def _shape(g: nx.MultiDiGraph) -> tuple[list[Any], list[Any]]:
    """Nodes with their attributes (lines as a dict) and edges with their data, in the graph's order."""
    nodes = [(n, {k: dict(v) if k == "lines" else v for k, v in data.items()}) for n, data in g.nodes(data=True)]
    edges = [(u, v, [(k, dict(d)) for k, d in keyed.items()]) for u, adjacent in g._succ.items()
             for v, keyed in adjacent.items()]
    preds = [(v, list(adjacent)) for v, adjacent in g._pred.items()]
    return nodes, edges + preds


# --- edges: attributes as a dict -----------------------------------------------------------------

_NODES = st.sampled_from(["a", "b", "c", "d"])
_EDGES = st.lists(st.tuples(_NODES, _NODES, st.sampled_from(["continues", "retires", "part_of"]),
                            st.dictionaries(st.sampled_from(["as", "reason"]), st.sampled_from(["x", "y", None]),
                                            max_size=2)), max_size=12)


@given(_EDGES)
def test_edges_equal_networkx_add_edge(edges: list[tuple[str, str, str, dict[str, Any]]]) -> None:
    """The builder fills the graph's dicts itself: the same links, data and order as add_edge
    (a link made twice has its data updated), and the attributes given are copied, not kept."""
    b = graph._Builder()
    plain = nx.MultiDiGraph()
    for n in "abcd":
        b.nodes[n], b._succ[n], b._pred[n] = {"type": "basic_goal"}, {}, {}
        plain.add_node(n, type="basic_goal")
    for source, target, rel, attrs in edges:
        attrs = {k: v for k, v in attrs.items() if rel != "part_of" and (rel == "continues" or k == "reason")}
        given_attrs = dict(attrs)
        b.edge(source, target, rel, given_attrs) if attrs else b.edge(source, target, rel)
        plain.add_edge(source, target, key=rel, rel=rel, **attrs)
        given_attrs["changed"] = True  # the edge holds its own copy
    assert _shape(b.g) == _shape(plain)
    assert graph._NO_ATTRS == {}


def test_an_edge_attribute_not_listed_is_refused() -> None:
    b = graph._Builder()
    with pytest.raises(graph.VocabularyDrift, match="part_of"):
        b.edge("a", "b", "part_of", {"reason": "x"})
    with pytest.raises(graph.VocabularyDrift, match="nowhere"):
        b.edge("a", "b", "nowhere")


def test_references_without_attributes_share_one_read_only_empty_mapping(plans) -> None:
    b = graph._Builder()
    for src in plans:
        graph._add_document(b, src)
    bare = [p for p in b.pending if not p.attrs]
    assert bare and all(p.attrs is graph._NO_ATTRS for p in bare)
    with pytest.raises(TypeError):  # read-only: every such reference shares it
        graph._NO_ATTRS["as"] = "x"  # type: ignore[index]
    assert any(p.attrs for p in b.pending), "a reference with edge attributes (continues: as, reason)"
    g = b.finish()
    assert graph._NO_ATTRS == {}
    data = [d for _, _, d in g.edges(data=True)]
    assert len({id(d) for d in data}) == len(data), "every edge its own data"
    assert all(d is not graph._NO_ATTRS for d in data)
    assert any(set(d) > {"rel"} for d in data)


# --- reference documents copied ------------------------------------------------------------------

def test_a_copied_reference_document_equals_one_added_anew(plans, monkeypatch) -> None:
    copied = graph.build_graph(plans)
    copied_problems = graph.GraphIndex.of(copied).problems
    monkeypatch.setattr(graph, "_add_reference_document", graph._add_document)
    anew = graph.build_graph(plans)
    assert _shape(copied) == _shape(anew)
    assert copied_problems == graph.GraphIndex.of(anew).problems
    assert any(d.get("as") for _, _, d in anew.edges(data=True)), "an edge with attributes"


# --- local ids -----------------------------------------------------------------------------------

def test_an_entrys_local_is_its_id_or_its_parts(plans, tmp_path) -> None:
    file = tmp_path / "parts.yaml"  # a strategy in parts (tests/test_format_parts.py), a project in a part
    file.write_text(PARTS.replace("kpis: [", "projects: [{id: P1, title: 保育所整備}], kpis: ["), encoding="utf-8")
    in_parts = graph.build_graph(load_documents([file], include_reference=False).documents)
    assert in_parts.nodes["town/strategy-1#A.P1"]["local"] == "A.P1"
    seen: set[bool] = set()
    for g in [graph.build_graph(plans), in_parts, *case_graphs()]:
        for node, data in g.nodes(data=True):
            if data["type"] in ("project", "indicator", "prefectural_indicator", "regional_target"):
                assert type(data["local"]) is str and data["local"] == node.partition("#")[2], node
                seen.add("." in data["local"])
    assert seen == {True, False}, "entries of a strategy part (A.K1) and of none"


# --- lines, worked out when asked -----------------------------------------------------------------

def test_lines_hold_no_dict_until_asked(plans) -> None:
    g = graph.build_graph(plans)
    lazy = [data["lines"] for _, data in g.nodes(data=True) if isinstance(data["lines"], graph.NodeLines)]
    assert lazy
    for lines in lazy[:50]:
        assert lines._args is not None
        with pytest.raises(AttributeError):
            lines._lines  # noqa: B018  (not made until asked)
        first = dict(lines)
        assert lines._args is None and lines._own() is lines._own()
        assert dict(lines) == first
