"""The graph builder's shortcuts give what the plain computations give: a table row's key lines
(one template per class), a YAML entity's written keys (remembered per set of fields), the
reference-field check (remembered per path), and the index's links (node → linked nodes)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from checker import graph, references
from checker.graph_index import _links
from checker.load import load_documents
from tests.conftest import ROOT


def _own_lines_plain(src: Any, path: Any, file: str, line: int | None, entity: Any, type_: str) -> dict[str, int]:
    """_own_lines as it was written before it remembered anything."""
    fields = graph._fields(type(entity))
    if file != src.file:
        own = dict.fromkeys(fields.keys, line) if line is not None else {}
    elif not fields.keys:
        own = {}
    else:
        own = {}
        for name in sorted(entity.model_fields_set, key=fields.position.__getitem__):
            found = src.lines.get(path + (fields.key[name],))
            if found is not None:
                own[fields.key[name]] = found
    for sources, derived in graph._DERIVED_RUNS.get(type_, ()):
        for key in sources:
            if key in own:
                own.update(dict.fromkeys(derived, own[key]))
                break
    return own


@pytest.fixture(scope="module")
def documents() -> list[Any]:
    loaded = load_documents([ROOT / "plans"])
    assert loaded.errors == ()
    return list(loaded.documents)


def test_node_lines_equal_the_plain_computation(documents, monkeypatch) -> None:
    calls: list[tuple[Any, ...]] = []
    remembered = graph._own_lines

    def recording(*args: Any) -> dict[str, int]:
        calls.append(args)
        return remembered(*args)

    monkeypatch.setattr(graph, "_own_lines", recording)
    for _, data in graph.build_graph(documents).nodes(data=True):
        len(data["lines"])  # worked out when asked (graph.NodeLines)
    rows = [c for c in calls if c[2] != c[0].file]
    assert rows and len(rows) < len(calls), "azumino's tables and the YAML files both give nodes"
    assert any(c[5] == "indicator" for c in rows), "a table row with derived lines (baseline_*, target_*)"
    for args in calls:
        got, plain = remembered(*args), _own_lines_plain(*args)
        assert list(got.items()) == list(plain.items()), args[1]  # same lines, same key order


def test_remembered_reference_fields_answer_as_the_table(documents) -> None:
    asked = {(d.model.kind, ("goals", 0, "measures", 2, "projects", 5, "measure"), "part_of") for d in documents}
    asked |= {("municipal_strategy", ("vision",), "uses_vision"), ("municipal_strategy", ("vision",), "succeeds"),
              ("national_strategy", ("goals", 3, "considers", 1), "considers")}
    for kind, path, rel in asked:
        for _ in range(2):  # asked anew, then remembered
            assert graph._listed(references._LISTED, kind, path, rel) is references.listed(kind, path, rel)
    assert graph._listed(references._LISTED, "municipal_strategy", ("vision",), "uses_vision")
    assert not graph._listed(references._LISTED, "municipal_strategy", ("vision",), "succeeds")


def test_a_known_shape_does_not_hide_a_new_attribute(documents, monkeypatch) -> None:
    graph.build_graph(documents)  # every shape of these plans known
    monkeypatch.setitem(graph.NODE_ATTRIBUTES, "grant", graph.NODE_ATTRIBUTES["grant"] - {"regional_plan"})
    monkeypatch.setattr(graph, "_KNOWN_SHAPES", set())
    with pytest.raises(graph.VocabularyDrift, match="regional_plan"):
        graph.build_graph(documents)


def _links_plain(succ: dict[str, dict[str, dict[str, Any]]]) -> dict[Any, dict[str, tuple[str, ...]]]:
    """GraphIndex's links as they were computed before: lists per relation and node, then sorted."""
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    in_: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for u, adjacent in succ.items():
        for v, keyed in adjacent.items():
            for rel in keyed:
                out[rel][u].append(v)
                in_[rel][v].append(u)
    links: dict[Any, dict[str, tuple[str, ...]]] = {}
    for rel, targets in out.items():
        links[rel, "out"] = {n: tuple(sorted(o)) for n, o in targets.items()}
        links[rel, "in"] = {n: tuple(sorted(o)) for n, o in in_[rel].items()}
    return links


def _ordered(links: dict[Any, dict[str, tuple[str, ...]]]) -> list[Any]:
    return [(key, list(by_node.items())) for key, by_node in links.items()]


_NODES = st.sampled_from([f"d#{i}" for i in range(8)] + ["d", "e"])


@given(st.lists(st.tuples(_NODES, _NODES, st.sampled_from(["part_of", "measures", "considers", "funds"])),
                max_size=40))
def test_links_equal_the_plain_computation(edges: list[tuple[str, str, str]]) -> None:
    g = nx.MultiDiGraph()
    for u, v, rel in edges:
        g.add_edge(u, v, key=rel, rel=rel)
    assert _ordered(_links(g._succ)) == _ordered(_links_plain(g._succ))  # same relations, nodes, order


def test_links_of_the_plans_equal_the_plain_computation(documents) -> None:
    g = graph.build_graph(documents)
    assert _ordered(_links(g._succ)) == _ordered(_links_plain(g._succ))
    assert len(_links(g._succ)) > 10
