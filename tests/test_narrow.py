"""A check kind's `narrow` (checker.checks.base.Narrow) only saves calls: every rule gives the
same findings and "not checked" entries with it as without it, on the bundled plans and on a
generated corpus with defects."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from checker.batch import _relevant, partitions
from checker.checks.base import REGISTRY
from checker.engine import evaluate_all
from checker.graph import build_graph
from checker.load import load_documents
from checker.rules import catalogue
from tests.conftest import AS_OF, ROOT


def _findings(documents, rules) -> list:
    reference, parts = partitions(documents)
    found = []
    for part in parts or [[]]:
        violations, not_checked = evaluate_all(build_graph([*_relevant(reference, part), *part]), rules, AS_OF)
        found += [(v.rule, v.subject, v.related, v.file, v.line, v.message["en"]) for v in violations]
        found += [(n.rule, n.subject, n.missing) for n in not_checked]
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from checker.workflows.generate import generate_corpus

    folder = tmp_path_factory.mktemp("narrow") / "corpus"
    generate_corpus(folder, municipalities=12, defect_rate=0.3, seed=7)
    return folder


@pytest.mark.parametrize("where", ["plans", "corpus"])
def test_narrowing_changes_no_finding(where: str, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    narrowed = [name for name, kind in REGISTRY.items() if kind.narrow is not None]
    assert narrowed  # the test has something to compare
    rules = [r for r in catalogue() if r.kind in narrowed]
    documents = load_documents([ROOT / "plans" if where == "plans" else corpus]).documents
    with_narrow = _findings(documents, rules)
    for name in narrowed:
        monkeypatch.setitem(REGISTRY, name, dataclasses.replace(REGISTRY[name], narrow=None))
    assert with_narrow == _findings(documents, rules)
    assert with_narrow  # the rules found something to agree on
