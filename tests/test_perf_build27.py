"""The graph build of round 27 gives what the plain computations give: a project's or an
indicator's node, written as one dict (_Builder.place and store), equals the node add_node makes
of the same attributes; the references a document makes, read by functions made once per kind
(references._reader), are those the walk of the kind's tree finds."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import networkx as nx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from checker import graph, references
from checker.load import load_documents
from checker.workflows.generate import generate_corpus
from tests.conftest import case_graphs
from tests.test_format_parts import PARTS

_BASE = ("type", "doc", "file", "line", "lines", "path")  # add_node's own attributes, in its order
_ENTRIES = frozenset({"project", "indicator", "prefectural_indicator", "regional_target"})


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Any]:
    """A small generated corpus (tables, defects) with the bundled reference documents."""
    root = tmp_path_factory.mktemp("corpus")
    generate_corpus(root, municipalities=4, defect_rate=0.5, seed=27)
    loaded = load_documents([root])
    return list(loaded.documents)


def _items(data: dict[str, Any]) -> list[tuple[str, Any]]:
    """A node's data in its order, lines as the dict they stand for."""
    return [(k, dict(v) if k == "lines" else v) for k, v in data.items()]


# --- entries written as one dict -----------------------------------------------------------------

def _graphs(plans: list[Any], corpus: list[Any], tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> list[nx.MultiDiGraph]:
    """Graphs whose every node has lines still to work out (NodeLines: what made it is kept), so
    a reference document's entries are made anew rather than copied with their lines worked out;
    with a strategy in parts (tests/test_format_parts.py) that has a project in a part."""
    monkeypatch.setattr(graph, "_add_reference_document", graph._add_document)
    parts = tmp_path / "parts.yaml"
    parts.write_text(PARTS.replace("kpis: [", "projects: [{id: P1, title: 保育所整備}], kpis: ["), encoding="utf-8")
    in_parts = load_documents([parts], include_reference=False).documents
    return [graph.build_graph(plans), graph.build_graph(corpus), graph.build_graph(in_parts), *case_graphs()]


def test_an_entry_written_as_one_dict_equals_add_nodes(plans, corpus, tmp_path, monkeypatch) -> None:
    seen: set[tuple[str, bool, bool]] = set()
    for g in _graphs(plans, corpus, tmp_path, monkeypatch):
        for node, data in g.nodes(data=True):
            if data["type"] not in _ENTRIES:
                continue
            src, path, _, _, entity, type_ = data["lines"]._args  # what the builder placed
            own = {k: v for k, v in data.items() if k not in _BASE and k != "unresolved"}  # finish adds `unresolved`
            plain = graph._Builder()
            assert plain.add_node(node, type_, src, path, entity, own)
            made = {k: v for k, v in data.items() if k != "unresolved"}
            assert _items(made) == _items(plain.nodes[node]), node  # the same attributes, values and order
            seen.add((data["type"], data["file"] != src.file, "." in data["local"]))
    assert {t for t, _, _ in seen} == _ENTRIES
    assert any(row for _, row, _ in seen), "an entry read from a table row"
    assert any(part for _, _, part in seen), "an entry of a strategy part (A.K1)"


def test_an_entry_whose_id_is_taken_is_refused_as_before(plans) -> None:
    """REF-002 for a second project of one id: no node replaced, the problem at the second one."""
    b = graph._Builder()
    src = next(d for d in plans if d.model.kind == "municipal_strategy" and d.model.projects)
    prj = src.model.projects[0]
    graph._project(b, src, ("projects", 0), prj, None)
    first = dict(b.nodes[f"{src.model.id}#{prj.id}"])
    graph._project(b, src, ("projects", 1), prj, None)
    assert b.nodes[f"{src.model.id}#{prj.id}"] == first
    (problem,) = b.problems
    assert problem.code == "REF-002" and (problem.file, problem.line) == src.locate(("projects", 1))


def test_a_node_attribute_outside_the_vocabulary_is_refused_on_either_path(plans, monkeypatch) -> None:
    monkeypatch.setitem(graph.NODE_ATTRIBUTES, "project", graph.NODE_ATTRIBUTES["project"] - {"department"})
    monkeypatch.setitem(graph.NODE_ATTRIBUTES, "indicator", graph.NODE_ATTRIBUTES["indicator"] - {"title_key"})
    monkeypatch.setattr(graph, "_KNOWN_SHAPES", set())
    src = next(d for d in plans if d.model.kind == "municipal_strategy" and d.model.projects and d.model.indicators)
    with pytest.raises(graph.VocabularyDrift, match="department"):
        graph._project(graph._Builder(), src, ("projects", 0), src.model.projects[0], None)
    with pytest.raises(graph.VocabularyDrift, match="title_key"):
        graph._indicator(graph._Builder(), src, ("indicators", 0), src.model.indicators[0], None, None)


# --- referenced documents ------------------------------------------------------------------------

def _walk_plain(value: Any, tree: dict[str, Any], found: set[str]) -> None:
    """references' walk as it was: the tree's keys looked up at every value."""
    for key, below in tree.items():
        if key == references._LEAF:
            ref = value if isinstance(value, str) else getattr(value, "from_", None) or getattr(value, "id", None)
            if isinstance(ref, str) and ref:
                found.add(ref.split("#", 1)[0])
        elif key == "*":
            for item in value if isinstance(value, list) else ():
                _walk_plain(item, below, found)
        elif value is not None:
            _walk_plain(getattr(value, key, None), below, found)


def _referenced_plain(model: Any) -> set[str]:
    fields = references.REFERENCE_FIELDS.get(getattr(model, "kind", ""), ())
    found: set[str] = set()
    _walk_plain(model, references._tree(f.path for f in fields if not f.local), found)
    return found


def test_the_readers_find_what_the_walk_finds_in_real_documents(plans, corpus) -> None:
    named = 0
    for src in [*plans, *corpus]:
        found = references.referenced_documents(src.model)
        assert found == _referenced_plain(src.model), src.model.id
        named += bool(found)
    assert named > 10
    assert references.referenced_documents(SimpleNamespace(kind="no_such_kind", predecessor="a/b")) == set()


_KEYS = ["a", "b", "from_", "id"]
_REFS = st.sampled_from(["x/one#G1", "y/two", "", "x/one"])
_VALUES = st.recursive(
    st.one_of(st.none(), _REFS, st.integers(0, 2)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.fixed_dictionaries({}, optional=dict.fromkeys(_KEYS, inner)).map(
                                lambda fields: SimpleNamespace(**fields))),
    max_leaves=16)
_PATHS = st.lists(st.lists(st.sampled_from([*_KEYS, "*"]), min_size=1, max_size=4).map(tuple), max_size=5)
_ITEM = SimpleNamespace(a="x/one#G1", b=SimpleNamespace(from_="y/two#K1", id="z/no"), id="w/three")


@given(_PATHS, _VALUES)
@example([("a", "*", "a"), ("a", "*", "b")], SimpleNamespace(a=[_ITEM, None, "v/str"]))  # a list's items, two fields
@example([("*",), ("*", "*")], [["x/one", "y/two#G2"], "w/three"])  # nested lists, a leaf beside them
@example([("*", "b"), ("*", "b", "id")], [_ITEM])  # a field read as a reference and further
@example([("a", "*")], SimpleNamespace(a=[SimpleNamespace(id="v/retired#G1", reason="r")]))  # named by its id
def test_a_reader_finds_what_the_walk_finds(paths: list[tuple[str, ...]], value: Any) -> None:
    """Any tree of fields (one field or several under a list, nested lists, a leaf beside a field)
    over any value: objects, lists, references, None."""
    tree = references._tree(paths)
    found: set[str] = set()
    references._reader(tree)(value, found)
    plain: set[str] = set()
    _walk_plain(value, tree, plain)
    assert found == plain
