"""One table of reference fields (issue 17, item 4): the graph builder resolves references only
at the fields checker.references lists, and referenced_documents — what the batch check
partitions by — reads the same fields, so a document's references to other documents are the
same for both."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker import graph, references
from checker.graph import RELATIONS, VocabularyDrift, build_graph
from checker.load import load_documents
from checker.model import DOCUMENT_KINDS, document_level
from tests.conftest import ROOT

CASES = sorted((ROOT / "rules" / "cases").glob("*/*.yaml"))


def test_the_table_names_relations_of_the_graph() -> None:
    assert set(references.REFERENCE_FIELDS) <= set(DOCUMENT_KINDS)
    for kind, fields in references.REFERENCE_FIELDS.items():
        assert len({(f.path, f.relation) for f in fields}) == len(fields), kind
        for f in fields:
            assert f.relation in RELATIONS, (kind, f)


def _graphs() -> list:
    files = [ROOT / "plans", *(f for f in CASES if f.name != "expected.yaml")]
    return [load_documents([f], include_reference=False).documents for f in files]


def test_a_documents_references_are_what_the_graph_links_it_to() -> None:
    """Every edge the builder made from a reference of a municipal document into another document
    is to a document referenced_documents names, by id or title (the bundled plans and every
    golden case)."""
    relations = {f.relation for fields in references.REFERENCE_FIELDS.values() for f in fields if not f.local}
    checked = 0
    for documents in _graphs():
        g = build_graph(documents)
        named = {d.model.id: references.referenced_documents(d.model) for d in documents
                 if document_level(d.model) == "municipal"}
        for u, v, rel in g.edges(keys=True):
            source, target = g.nodes[u].get("doc"), g.nodes[v].get("doc")
            if rel in relations and source in named and target != source:
                # by its id, or by its title (a programme named 地方創生推進交付金)
                written = {target, g.nodes[target].get("title"), *(g.nodes[target].get("aliases") or ())}
                assert written & named[source], (u, rel, v)
                checked += 1
    assert checked > 100


def test_the_builder_refuses_a_reference_field_the_table_does_not_list(monkeypatch: pytest.MonkeyPatch) -> None:
    unlisted = {entry for entry in references._LISTED if entry[1:] != (("vision",), "uses_vision")}
    monkeypatch.setattr(references, "_LISTED", frozenset(unlisted))
    documents = load_documents([ROOT / "plans" / "azumino"], include_reference=False).documents
    with pytest.raises(VocabularyDrift, match="vision.*REFERENCE_FIELDS"):
        graph.build_graph(documents)


def test_referenced_documents_reads_every_kind_of_reference(write) -> None:
    path: Path = write("city.yaml", """
        kind: municipal_strategy
        id: city/strategy-2
        title: 第3期例市総合戦略
        municipality: 例市
        prefecture: 例県
        period: {from: R7, to: R11}
        considers: [nat/strategy, unknown-title]
        predecessor: city/strategy-1
        vision: city/vision
        parts:
          - id: A
            title: 第1部
            goals:
              - {id: G1, title: 目標, considers: [pref/strategy#G1], continues: {from: city/strategy-1#G1, as: changed, reason: 統合}}
        revisions: [{date: R8-04-01, considers: [nat/strategy-2]}]
        retired: [{id: old/strategy#G3, reason: 統合}]
        mentions: [{of: city/plan, adopted: R7-03-01}]
        grants: [{id: GR1, title: 交付金事業, programme: nat/grant, period: {from: R7, to: R9}, funds: [P1]}]
        projects: [{id: P1, title: 事業, measure: A.G1-M1, kpis: [{id: K1, title: 指標, continues: old/strategy#K9}]}]
    """)
    (document,) = load_documents([path], include_reference=False).documents
    assert references.referenced_documents(document.model) == {
        "nat/strategy", "unknown-title", "city/strategy-1", "city/vision", "pref/strategy", "nat/strategy-2",
        "old/strategy", "city/plan", "nat/grant"}
