"""The shortcuts of round 25 give what the plain computations give: a document's level asks for
its owner only where the owner decides it, `with_attribute` (the narrow of attributes_present and
text_matches) tests a value left out once, a project's node keeps its attributes in order, and
the narrows of result_on_track and calendar_year_at_end drop only targets those checks are silent on."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from checker import graph
from checker.checks.base import value_of, with_attribute
from checker.load import load_documents
from checker.model import DOCUMENT_KINDS, document_level, level_of
from checker.unknown import Unknown
from tests.conftest import AS_OF, ROOT

_KINDS = st.sampled_from([*DOCUMENT_KINDS, "something_else", None])
_OWNERS = st.sampled_from([None, "", "安曇野市", "府中市"])


@given(_KINDS, _OWNERS, st.booleans())
def test_document_level_equals_the_plain_computation(kind: Any, owner: Any, has_owner: bool) -> None:
    doc = SimpleNamespace(kind=kind, municipality=owner) if has_owner else SimpleNamespace(kind=kind)
    assert document_level(doc) == level_of(getattr(doc, "kind", None), getattr(doc, "municipality", None))


def test_document_level_of_the_bundled_documents() -> None:
    loaded = load_documents([ROOT / "plans"])
    levels = {document_level(d.model) for d in loaded.documents}
    assert levels == {"national", "prefectural", "municipal"}
    for d in loaded.documents:
        m = d.model
        assert document_level(m) == level_of(getattr(m, "kind", None), getattr(m, "municipality", None))


def _with_attribute_plain(g: nx.MultiDiGraph, nodes: list[str], names: list[str],
                          test: Callable[[Any], bool]) -> list[str]:
    """with_attribute as it was written before the loop."""
    return [n for n in nodes if any(test(value_of(g._node[n], name)) for name in names)]


_TESTS: list[Callable[[Any], bool]] = [
    lambda value: value is None or isinstance(value, Unknown),  # attributes_present's
    lambda value: isinstance(value, str) and value.strip().startswith("（"),  # text_matches' kind
    lambda value: value == 0,  # a test that passes neither None nor every value
]
_VALUES = st.one_of(st.none(), st.sampled_from(["（事業名）", "事業", " （KPI） ", "", Unknown()]), st.integers(-1, 1))
_NAMES = ["title", "department", "source"]


@given(st.lists(st.dictionaries(st.sampled_from(_NAMES), _VALUES), max_size=8),
       st.lists(st.sampled_from([*_NAMES, "note"]), min_size=1, max_size=3, unique=True),
       st.integers(0, len(_TESTS) - 1))
def test_with_attribute_equals_the_plain_computation(attributes: list[dict[str, Any]], names: list[str],
                                                     which: int) -> None:
    g = nx.MultiDiGraph()
    for i, data in enumerate(attributes):
        g.add_node(f"n{i}", **data)
    nodes = list(g.nodes)
    test = _TESTS[which]
    assert with_attribute(g, nodes, names, test) == _with_attribute_plain(g, nodes, names, test)


def test_project_nodes_keep_their_attributes_in_order() -> None:
    g = graph.build_graph(load_documents([ROOT / "plans"]).documents)
    projects = [data for _, data in g.nodes(data=True) if data["type"] == "project"]
    assert projects
    for data in projects:
        assert list(data)[:12] == ["type", "doc", "file", "line", "lines", "path", "local", "title", "department",
                                   "regional_plan", "illustrative", "note"]


def test_the_new_narrows_drop_only_silent_targets() -> None:
    """result_on_track and calendar_year_at_end skip indicators without results or without a
    calendar year: every target they drop gives nothing when checked, and some are kept."""
    from checker.checks.base import REGISTRY, Context
    from checker.engine import targets
    from checker.rules import catalogue

    g = graph.build_graph(load_documents([ROOT / "plans"]).documents)
    ctx = Context(as_of=AS_OF)
    for rule in (r for r in catalogue() if r.kind in ("result_on_track", "calendar_year_at_end")):
        kind = REGISTRY[rule.kind]
        assert kind.narrow is not None and kind.node_check is not None
        every = targets(g, rule)
        kept = kind.narrow(g, every, rule.params)
        assert kept and len(kept) < len(every), rule.id  # the plans hold both kinds of indicator
        assert kept == [n for n in every if n in set(kept)]  # in order
        for n in set(every) - set(kept):
            assert list(kind.node_check(g, n, rule.params, ctx)) == [], (rule.id, n)
