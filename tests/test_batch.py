"""Batch checking: partitions give the same result as one graph; the parse cache is safe."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from checker import api
from checker.batch import evaluate_documents, partitions
from checker.engine import evaluate
from checker.graph import build_graph
from checker.load import load_documents
from checker.load.cache import ParseCache
from checker.rules import catalogue
from tests.conftest import AS_OF, ROOT

RULES = catalogue()


def _three_cities(tmp: Path) -> Path:
    """The bundled Azumino plans under three municipalities (ids and names changed)."""
    for n, (slug, name) in enumerate([("azumino", "安曇野市"), ("north", "北市"), ("south", "南町")]):
        folder = tmp / slug
        shutil.copytree(ROOT / "plans" / "azumino", folder)
        for file in folder.iterdir():
            if file.suffix == ".yaml":
                text = file.read_text(encoding="utf-8").replace("azumino/", f"{slug}/").replace("安曇野市", name)
                if n == 2:  # one city with faults of its own: a gap before its period, a reworded goal
                    text = text.replace("period: {from: R2, to: R6}", "period: {from: R3, to: R7}")
                    if file.name == "strategy-2.yaml":
                        text = text.replace("title: 新たな雇用を生み出す", "title: 新しい雇用を創る")
                file.write_text(text, encoding="utf-8")
    return tmp


def _key(violations):
    return sorted((v.rule, v.subject, v.related, v.file, v.line, v.message["en"]) for v in violations)


def test_partitions_equal_one_graph(tmp_path: Path) -> None:
    docs = load_documents([_three_cities(tmp_path)]).documents
    reference, parts = partitions(docs)
    assert sorted(len(p) for p in parts) == [4, 4, 4] and all(d.model.id.startswith("national/") or
                                                              d.model.id.startswith("nagano/") for d in reference)
    whole = _key(evaluate(build_graph(docs), RULES, AS_OF))
    assert _key(evaluate_documents(docs, RULES, AS_OF, jobs=1)) == whole
    assert _key(evaluate_documents(docs, RULES, AS_OF, jobs=2)) == whole
    assert any(v[0] == "PER-001" and v[1] == "south/strategy-2" for v in whole)  # the south's own fault


def test_duplicate_ids_across_cities_still_meet(tmp_path: Path) -> None:
    _three_cities(tmp_path)
    vision = tmp_path / "south" / "vision-1.yaml"
    vision.write_text(vision.read_text(encoding="utf-8").replace("south/vision-1", "north/vision-1"), encoding="utf-8")
    report = api.check([tmp_path], as_of=AS_OF, jobs=2)
    assert [(v.rule, v.subject) for v in report.violations if v.rule == "REF-002"] == [("REF-002", "north/vision-1")]


def test_cache_hits_and_rereads_changed_files(tmp_path: Path) -> None:
    plans = _three_cities(tmp_path / "plans")
    cache = ParseCache(tmp_path / "cache")
    first = load_documents([plans], cache=cache)
    assert cache.hits == 0 and cache.misses > 0
    cache = ParseCache(tmp_path / "cache")
    second = load_documents([plans], cache=cache)
    assert cache.misses == 0 and [d.model for d in second.documents] == [d.model for d in first.documents]
    # a changed YAML file and a changed table are read again
    strategy = plans / "north" / "strategy-2.yaml"
    strategy.write_text(strategy.read_text(encoding="utf-8").replace("ひとの流れをつくる", "人の流れをつくる"), encoding="utf-8")
    table = plans / "south" / "strategy-1-projects.csv"
    table.write_bytes(table.read_bytes().replace("創生事業".encode(), "創生推進事業".encode()))
    cache = ParseCache(tmp_path / "cache")
    third = {d.model.id: d.model for d in load_documents([plans], cache=cache).documents}
    assert cache.misses == 2
    assert third["north/strategy-2"].goals[1].title == "人の流れをつくる"
    assert third["south/strategy-1"].projects[0].title == "松本広域圏しごと創生推進事業"


def test_corrupt_cache_entries_are_rebuilt(tmp_path: Path) -> None:
    plans = _three_cities(tmp_path / "plans")
    load_documents([plans], cache=ParseCache(tmp_path / "cache"))
    for entry in (tmp_path / "cache").glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    cache = ParseCache(tmp_path / "cache")
    again = load_documents([plans], cache=cache)
    assert cache.hits == 0 and not again.errors and len(again.documents) > 12
    assert ParseCache(tmp_path / "cache").get(next(iter((tmp_path / "cache").glob("*.pickle"))).stem) is not None


def test_cli_batch_options(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cli import main

    plans = _three_cities(tmp_path / "plans")
    args = ["check", str(plans), "--as-of", AS_OF.isoformat(), "--format", "json", "--output", str(tmp_path / "r.json")]
    cold = CliRunner().invoke(main, [*args, "--jobs", "2", "--cache-dir", str(tmp_path / "c")])
    warm = CliRunner().invoke(main, [*args, "--jobs", "1", "--cache-dir", str(tmp_path / "c")])
    off = CliRunner().invoke(main, [*args, "--no-cache", "--cache-dir", str(tmp_path / "none")])
    assert cold.exit_code == warm.exit_code == off.exit_code == 1
    assert any((tmp_path / "c").glob("*.pickle")) and not (tmp_path / "none").exists()


def test_every_format_summarises_by_municipality(tmp_path: Path) -> None:
    import json
    import xml.etree.ElementTree as ET

    from checker.reporters import render

    report = api.check([_three_cities(tmp_path)], as_of=AS_OF, jobs=2)
    counts = report.summary()["by_municipality"]
    assert set(counts) == {"安曇野市", "北市", "南町"} and counts["南町"] != counts["北市"] == counts["安曇野市"]
    text = str(render(report, "text"))
    assert "市町村別:" in text and "南町" in text
    assert "| 南町 |" in str(render(report, "markdown"))
    assert 'id="by-municipality"' in str(render(report, "html")) and "北市" in str(render(report, "html"))
    assert json.loads(str(render(report, "json")))["summary"]["by_municipality"] == counts
    assert json.loads(str(render(report, "sarif")))["runs"][0]["properties"]["by_municipality"] == counts
    junit = ET.fromstring(str(render(report, "junit")).split("\n", 1)[1])
    assert junit.find("properties/property[@name='municipality:南町']") is not None
    import io

    import openpyxl

    summary = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx"))).worksheets[0]  # type: ignore[arg-type]
    assert "南町" in [row[0] for row in summary.iter_rows(values_only=True)]


def test_references_from_project_kpis_keep_documents_together(tmp_path: Path) -> None:
    """A project's KPI continuing one of another municipality's strategy (after a merger) puts
    both documents in one partition, so the reference resolves as in one big graph."""
    from checker.batch import referenced_documents

    (tmp_path / "a.yaml").write_text("""
kind: municipal_strategy
id: old/strategy
title: 旧町の戦略
municipality: 旧町
prefecture: 例県
period: {from: H27, to: R1}
goals: [{id: G1, title: 目標, measures: [{id: M1, title: 施策, projects: [{id: P1, title: 事業, kpis: [{id: K1, title: 指標}]}]}]}]
""", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("""
kind: municipal_strategy
id: new/strategy
title: 新市の戦略
municipality: 新市
prefecture: 例県
period: {from: R2, to: R6}
goals: [{id: G1, title: 目標, measures: [{id: M1, title: 施策, projects: [{id: P1, title: 事業,
        kpis: [{id: K1, title: 指標, continues: old/strategy#K1}]}]}]}]
""", encoding="utf-8")
    docs = load_documents([tmp_path], include_reference=False).documents
    assert referenced_documents(next(d for d in docs if d.model.id == "new/strategy").model) == {"old/strategy"}
    _, parts = partitions(docs)
    assert len(parts) == 1
    report = api.check([tmp_path], include_reference=False, as_of=AS_OF, jobs=2)
    assert not [v for v in report.violations if v.rule == "REF-001"]
