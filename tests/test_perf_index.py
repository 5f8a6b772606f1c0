"""The per-graph index that makes selecting and linking fast gives what a plain scan of the graph
gives, and a checked graph is freed as soon as it is dropped."""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import Any

from checker.graph_index import GraphIndex
from checker import api
from checker.checks.base import Selector, neighbours, nodes_of_document, select, value_of
from checker.engine import evaluate
from checker.graph import build_graph
from checker.load import load_documents
from checker.load.yamlsource import gc_paused
from checker.rules import catalogue
from tests.conftest import AS_OF, CITY, NATIONAL, ROOT


def _scan_neighbours(g: Any, node: str, rel: str, direction: str) -> list[str]:
    if direction == "out":
        return sorted({v for u, v, k in g.edges(keys=True) if u == node and k == rel})
    return sorted({u for u, v, k in g.edges(keys=True) if v == node and k == rel})


def _scan_matches(g: Any, node: str, sel: Selector) -> bool:
    data = g.nodes[node]
    if "*" not in sel.type and data["type"] not in sel.type:
        return False
    for name, cond in sel.where.items():
        value = value_of(data, name)
        if isinstance(cond, dict):
            (op, arg), = cond.items()
            ok = value in arg if op == "in" else ((value is not None) == bool(arg) if op == "present"
                                                  else bool(value) == bool(arg))
        else:
            ok = value == cond
        if not ok:
            return False
    return all(_scan_neighbours(g, node, link.rel, link.direction) for link in sel.linked)


def test_index_agrees_with_a_scan_of_the_graph() -> None:
    g = api.build([ROOT / "plans"]).graph
    nodes = sorted(g.nodes)
    relations = {k for _, _, k in g.edges(keys=True)}
    for node in nodes:
        for rel in relations:
            for direction in ("out", "in"):
                assert list(neighbours(g, node, rel, direction)) == _scan_neighbours(g, node, rel, direction)
    selectors = [r.target for r in catalogue() if r.target is not None]
    selectors += [Selector(type=["*"], where={"title": {"present": True}}), Selector(type=["indicator", "measure"])]
    documents = sorted({d for _, d in g.nodes(data="doc")})
    for sel in selectors:
        assert select(g, nodes, sel) == [n for n in nodes if _scan_matches(g, n, sel)]
        for doc in documents:
            expected = [n for n in nodes if g.nodes[n]["doc"] == doc and _scan_matches(g, n, sel)]
            assert nodes_of_document(g, doc, sel) == expected


def test_a_checked_graph_is_freed_without_a_garbage_collection() -> None:
    """No reference cycle keeps a graph alive: a run over many municipalities drops one graph per
    municipality, and cyclic garbage would wait for full collections that scan every loaded document."""
    documents = load_documents([ROOT / "plans"]).documents
    rules = catalogue()
    with gc_paused():  # freed by reference counting alone
        g = build_graph(documents)
        evaluate(g, rules, AS_OF)
        alive = weakref.ref(g)
        del g
        assert alive() is None


def test_a_wording_shared_by_two_goals_names_neither(write, tmp_path: Path) -> None:
    national = NATIONAL.replace("{id: G1, title: 稼ぐ地域をつくる}",
                                "{id: G1, title: 稼ぐ地域をつくる, aliases: [地方への新しいひとの流れをつくる]}")
    write("nat.yaml", national)
    write("city.yaml", CITY)
    g = build_graph(load_documents([tmp_path], include_reference=False).documents)
    assert [(p.code, p.params["ref"]) for p in GraphIndex.of(g).problems] == [
        ("REF-001", "nat/strategy#地方への新しいひとの流れをつくる")]


def test_a_goal_whose_alias_repeats_its_title_is_still_named(write, tmp_path: Path) -> None:
    national = NATIONAL.replace("aliases: [地方への新しいひとの流れをつくる]",
                                "aliases: [地方への新しいひとの流れをつくる, 「ひとの流れをつくる」]")
    write("nat.yaml", national)
    write("city.yaml", CITY.replace("nat/strategy#地方への新しいひとの流れをつくる", "nat/strategy#ひとの流れをつくる"))
    g = build_graph(load_documents([tmp_path], include_reference=False).documents)
    assert GraphIndex.of(g).problems == ()
    assert g.has_edge("city/strategy#G2", "nat/strategy#G2", "considers")
