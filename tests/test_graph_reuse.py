"""A national or prefectural document added to many graphs (a batch run) is added once and copied:
each graph gets the same nodes, edges and problems as if it were added anew, in dicts of its own."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest

from checker import graph
from checker.graph import build_graph
from checker.graph_index import GraphIndex
from checker.load import load_documents
from tests.conftest import ROOT


def _shape(g: nx.MultiDiGraph) -> tuple[Any, ...]:
    """Everything a graph holds, in its order: nodes with attributes, both adjacencies, the index's links."""
    index = GraphIndex.of(g)
    return (list(g.nodes(data=True)), [(u, list(a.items())) for u, a in g.adjacency()],
            [(v, list(a.items())) for v, a in g.pred.items()],
            [(key, list(by_node.items())) for key, by_node in index._links.items()],
            repr(index.problems), list(index.written_dates.items()))


@pytest.fixture(scope="module")
def documents() -> list[Any]:
    loaded = load_documents([ROOT / "plans" / "azumino", ROOT / "plans" / "bibai"])
    assert loaded.errors == ()
    return list(loaded.documents)


def test_a_reference_document_added_again_gives_the_graph_it_gave_first(documents, monkeypatch) -> None:
    azumino = [d for d in documents if not d.model.id.startswith("bibai/")]
    first, again = build_graph(azumino), build_graph(azumino)  # the second copies what the first added
    monkeypatch.setattr(graph, "_add_reference_document", graph._add_document)
    anew = build_graph(azumino)
    assert _shape(first) == _shape(again) == _shape(anew)
    national = [n for n, d in again.nodes(data=True) if d["doc"].startswith("national/")]
    assert national, "the bundled national strategies are in the graph"


def test_each_graph_has_attribute_dicts_of_its_own(documents) -> None:
    one, other = build_graph(documents), build_graph(documents)
    shared = [n for n, d in one.nodes(data=True) if d is other.nodes[n]]
    assert shared == []  # `unresolved` and `owner_prefecture` are written per graph
    node = next(n for n, d in one.nodes(data=True) if d["doc"].startswith("national/"))
    one.nodes[node]["unresolved"] = (("considers", None, "x"),)
    assert "unresolved" not in other.nodes[node] and "unresolved" not in build_graph(documents).nodes[node]
