"""Municipalities are told apart by (prefecture, municipality): 府中市 of 東京都 and 府中市 of 広島県,
or the two 伊達市, checked in one batch run keep their own findings, partitions, population
comparisons (POP-001) and rows of the summary — in every report format."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from checker import api
from checker.batch import partitions
from checker.engine import evaluate
from checker.graph import build_graph
from checker.load import load_documents
from checker.municipalities import resolve
from checker.report import Report
from checker.reporters import render
from checker.rules import catalogue
from tests.conftest import AS_OF, ROOT

RULES = catalogue()
# (folder and id prefix, municipality, prefecture)
TOWNS = [("fuchu-tokyo", "府中市", "東京都"), ("fuchu-hiroshima", "府中市", "広島県"), ("date-fukushima", "伊達市", "福島県")]


def same_named_towns(tmp: Path, towns: list[tuple[str, str, str]] = TOWNS) -> Path:
    """The bundled Azumino plans as towns of the same name in other prefectures. Only the
    strategies state the prefecture (as Azumino's do): the vision and the comprehensive plan
    are the town's by reference. The 広島県 府中市 has faults of its own (a gap before its period,
    other population targets), so the towns' findings differ."""
    for slug, name, prefecture in towns:
        folder = tmp / slug
        shutil.copytree(ROOT / "plans" / "azumino", folder)
        for file in folder.iterdir():
            if file.suffix != ".yaml":
                continue
            text = file.read_text(encoding="utf-8").replace("azumino/", f"{slug}/").replace("安曇野市", name)
            text = text.replace("prefecture: 長野県", f"prefecture: {prefecture}")
            if slug == "fuchu-hiroshima":
                text = text.replace("period: {from: R2, to: R6}", "period: {from: R3, to: R7}")
                text = text.replace("population: 83000", "population: 40000").replace("population: 86000", "population: 40000")
            file.write_text(text, encoding="utf-8")
    return tmp


def _key(violations) -> list[tuple]:
    return sorted((v.rule, v.subject, v.related, v.line, v.message["en"]) for v in violations)


def _mine(report: Report, slug: str) -> list[tuple]:
    return _key(v for v in report.violations if (v.document or "").startswith(f"{slug}/"))


@pytest.fixture(scope="module")
def towns(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return same_named_towns(tmp_path_factory.mktemp("towns"))


@pytest.fixture(scope="module")
def batch(towns: Path) -> Report:
    return api.check([towns], as_of=AS_OF, jobs=2)


def test_resolve_prefectures() -> None:
    members = [
        ("a/strategy", "府中市", "東京都", {"a/vision"}),
        ("a/vision", "府中市", "", set()),  # named by a's strategy: 東京都
        ("b/strategy", "府中市", "広島県", set()),
        ("b/plan", "府中市", "", {"b/strategy"}),  # names b's strategy: 広島県
        ("c/vision", "府中市", "", set()),  # named by none, two 府中市: cannot be told
        ("d/strategy", "伊達市", "福島県", set()),
        ("d/vision", "伊達市", "", set()),  # the one 伊達市 checked: 福島県
        ("e/vision", "北市", "", {"a/strategy"}),  # a reference to another town does not make it 東京都's
    ]
    assert resolve(members) == ["東京都", "東京都", "広島県", "広島県", "", "福島県", "福島県", ""]


@pytest.mark.parametrize("jobs", [1, 2])
def test_same_named_towns_keep_their_own_findings_and_rows(towns: Path, batch: Report, jobs: int) -> None:
    report = batch if jobs == 2 else api.check([towns], as_of=AS_OF, jobs=1)
    assert _key(report.violations) == _key(batch.violations)  # jobs=1 and jobs=2 agree
    counts = report.summary()["by_municipality"]
    assert list(counts) == ["広島県府中市", "東京都府中市", "福島県伊達市"]
    for slug, name, prefecture in TOWNS:
        alone = api.check([towns / slug], as_of=AS_OF)  # each town checked on its own
        assert _mine(report, slug) == _key(alone.violations), slug
        row = counts[f"{prefecture}{name}"]
        mine = [v.severity for v in report.active if (v.document or "").startswith(f"{slug}/")]
        assert row == {"prefecture": prefecture, "municipality": name,
                       **{s: mine.count(s) for s in ("error", "warning", "info")}}
        assert alone.summary()["by_municipality"] == {f"{prefecture}{name}": row}
    # the 広島県 town's own faults stay its own: a gap before its period, no population finding
    assert any(v[0] == "PER-001" for v in _mine(report, "fuchu-hiroshima"))
    assert not any(v[0] == "PER-001" for v in _mine(report, "fuchu-tokyo"))
    assert not [v for v in report.violations if v.rule == "POP-001" and any("fuchu-hiroshima" in x for x in (v.subject, *v.related))]
    assert [v.subject for v in report.violations if v.rule == "POP-001"] == [
        "date-fukushima/comprehensive-2#later-pop-2040", "fuchu-tokyo/comprehensive-2#later-pop-2040"]
    # the documents that state no prefecture are their town's
    prefecture_of = {d.id: d.prefecture for d in report.documents}
    assert prefecture_of["fuchu-tokyo/vision-1"] == "東京都" and prefecture_of["fuchu-hiroshima/comprehensive-2"] == "広島県"


def test_partitions_and_one_graph_keep_them_apart(towns: Path) -> None:
    docs = load_documents([towns]).documents
    _, parts = partitions(docs)
    assert sorted(sorted({d.model.id.split("/")[0] for d in part}) for part in parts) == [
        ["date-fukushima"], ["fuchu-hiroshima"], ["fuchu-tokyo"]]
    # even in one graph of everything, POP-001 compares a town's population targets only
    graph = build_graph(docs)
    assert graph.nodes["fuchu-hiroshima/vision-1#population-2040"]["owner_prefecture"] == "広島県"
    pop = [v for v in evaluate(graph, [r for r in RULES if r.id == "POP-001"], AS_OF)]
    assert sorted(v.subject.split("/")[0] for v in pop) == ["date-fukushima", "fuchu-tokyo"]
    assert all(x.split("/")[0] == v.subject.split("/")[0] for v in pop for x in v.related)


def test_a_batch_with_only_the_two_of_one_name(tmp_path: Path) -> None:
    """Two towns of one name only: one unit of work for the scan, still two municipalities."""
    root = same_named_towns(tmp_path, TOWNS[:2])
    report = api.check([root], as_of=AS_OF, jobs=2)
    assert list(report.summary()["by_municipality"]) == ["広島県府中市", "東京都府中市"]
    for slug, _, _ in TOWNS[:2]:
        assert _mine(report, slug) == _key(api.check([root / slug], as_of=AS_OF).violations)


def test_every_format_shows_a_row_per_town(batch: Report) -> None:
    counts = batch.summary()["by_municipality"]
    text = str(render(batch, "text"))
    assert "東京都府中市" in text and "広島県府中市" in text
    markdown = str(render(batch, "markdown"))
    assert "| 東京都府中市 |" in markdown and "| 広島県府中市 |" in markdown
    html = str(render(batch, "html"))
    assert html.count("府中市</th>") >= 2 and "東京都府中市" in html and "広島県府中市" in html
    assert json.loads(str(render(batch, "json")))["summary"]["by_municipality"] == counts
    assert json.loads(str(render(batch, "sarif")))["runs"][0]["properties"]["by_municipality"] == counts
    junit = ET.fromstring(str(render(batch, "junit")).split("\n", 1)[1])
    props = {p.get("name"): p.get("value") for p in junit.iter("property")}
    for label, row in counts.items():
        assert props[f"municipality:{label}"] == f"error={row['error']} warning={row['warning']} info={row['info']}"
