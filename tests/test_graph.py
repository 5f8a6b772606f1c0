"""The graph: typed nodes with file and line, typed edges, problems instead of crashes."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from checker.graph_index import GraphIndex
from checker import api
from checker.graph import build_graph
from checker.load import load_documents
from tests.conftest import CITY, NATIONAL, ROOT

NODE_TYPES = {
    "national_strategy", "prefectural_strategy", "municipal_strategy", "comprehensive_plan", "basic_plan",
    "population_vision", "projection_edition", "grant_programme", "national_goal", "prefectural_goal",
    "basic_goal", "measure", "project", "indicator", "grant", "review", "meeting", "population_target",
}
RELATIONS = {"part_of", "considers", "measures", "funds", "continues", "succeeds", "merges_into", "uses_vision",
             "based_on", "supersedes", "under_programme", "retires", "leaves_unaddressed", "mentions"}


def test_bundled_plans_every_node_located() -> None:
    plans = api.build([ROOT / "plans"])
    g = plans.graph
    assert plans.loaded.errors == () and GraphIndex.of(g).problems == ()
    azumino = [n for n, d in g.nodes(data=True) if d["doc"].startswith("azumino/")]
    assert len(azumino) > 40
    for node in azumino:
        data = g.nodes[node]
        assert data["type"] in NODE_TYPES
        assert data["file"].startswith("plans/azumino/") and isinstance(data["line"], int), node
    assert {d["rel"] for _, _, d in g.edges(data=True)} <= RELATIONS
    assert nx.is_frozen(g)


def test_edges_of_the_seed() -> None:
    g = api.build([ROOT / "plans"]).graph
    # The 2nd strategy quotes the national goal by its 2018 wording: resolved through the alias.
    assert g.has_edge("azumino/strategy-2#G1", "national/strategy-1#G1", "considers")
    edge = g.edges["azumino/strategy-2#G2", "azumino/strategy-1#G2", "continues"]
    assert edge["as"] == "changed" and "関係人口" in edge["reason"]
    assert g.has_edge("azumino/strategy-2", "azumino/comprehensive-2#later", "merges_into")
    assert g.has_edge("azumino/strategy-1#GR3", "national/grant-iju", "under_programme")  # by title
    assert g.nodes["azumino/strategy-1#G1-T1"]["kind"] == "numerical_target"
    assert g.nodes["azumino/strategy-1#G1-M1-K1"]["kind"] == "kpi"


def _problems(write, tmp_path: Path, text: str):
    write("nat.yaml", NATIONAL)
    write("city.yaml", text)
    g = build_graph(load_documents([tmp_path], include_reference=False).documents)
    return [(p.code, p.subject, p.line, p.params.get("ref")) for p in GraphIndex.of(g).problems]


def test_dangling_reference(write, tmp_path: Path) -> None:
    text = CITY.replace("considers: [nat/strategy#G1]", "considers: [nat/strategy#G9]")
    assert _problems(write, tmp_path, text) == [("REF-001", "city/strategy#G1", 13, "nat/strategy#G9")]


def test_wrong_type_reference(write, tmp_path: Path) -> None:
    text = CITY.replace("considers: [nat/strategy#G1]", "considers: [nat/strategy]")
    assert _problems(write, tmp_path, text) == [("REF-003", "city/strategy#G1", 13, "nat/strategy")]


def test_duplicate_ids(write, tmp_path: Path) -> None:
    text = CITY.replace("{id: G2-M1, title: 移住相談}", "{id: G1-M1, title: 移住相談}")
    assert _problems(write, tmp_path, text) == [("REF-002", "city/strategy#G1-M1", 27, None)]


def test_graph_json_is_node_link(write, tmp_path: Path) -> None:
    write("nat.yaml", NATIONAL)
    write("city.yaml", CITY)
    data = json.loads(json.dumps(api.graph_json(api.build([tmp_path], include_reference=False))))
    g = nx.node_link_graph(data, edges="edges", multigraph=True, directed=True)
    assert all({"type", "file", "line"} <= set(d) for _, d in g.nodes(data=True))
    assert all("rel" in d for _, _, d in g.edges(data=True))
    assert g.nodes["city/strategy"]["period"] == {"from": 2020, "to": 2024}
    assert g.nodes["city/strategy"]["published"] == "2020-03-27"
