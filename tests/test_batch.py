"""Batch checking: partitions give the same result as one graph; the parse cache is safe."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import api
from checker.batch import evaluate_documents, partitions
from checker.engine import evaluate
from checker.graph import build_graph
from checker.load import load_documents
from checker.load.cache import ParseCache
from checker.model import document_level
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
    assert sorted(len(p) for p in parts) == [4, 4, 4] and all(document_level(d.model) != "municipal"
                                                              for d in reference)
    whole = _key(evaluate(build_graph(docs), RULES, AS_OF))
    assert _key(evaluate_documents(docs, RULES, AS_OF, jobs=1).violations) == whole
    assert _key(evaluate_documents(docs, RULES, AS_OF, jobs=2).violations) == whole
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
    for entry in (tmp_path / "cache").glob("*.entry"):
        entry.write_bytes(b"not an entry")
    cache = ParseCache(tmp_path / "cache")
    again = load_documents([plans], cache=cache)
    assert cache.hits == 0 and not again.errors and len(again.documents) > 12
    cache = ParseCache(tmp_path / "cache")
    load_documents([plans], cache=cache)
    assert cache.misses == 0  # rebuilt


def test_cli_batch_options(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cli import main

    plans = _three_cities(tmp_path / "plans")
    args = ["check", str(plans), "--as-of", AS_OF.isoformat(), "--format", "json", "--output", str(tmp_path / "r.json")]
    cold = CliRunner().invoke(main, [*args, "--jobs", "2", "--cache-dir", str(tmp_path / "c")])
    warm = CliRunner().invoke(main, [*args, "--jobs", "1", "--cache-dir", str(tmp_path / "c")])
    off = CliRunner().invoke(main, [*args, "--no-cache", "--cache-dir", str(tmp_path / "none")])
    assert cold.exit_code == warm.exit_code == off.exit_code == 1
    assert any((tmp_path / "c").glob("*.entry")) and not (tmp_path / "none").exists()


def test_every_format_summarises_by_municipality(tmp_path: Path) -> None:
    import json
    import xml.etree.ElementTree as ET

    from checker.reporters import render

    report = api.check([_three_cities(tmp_path)], as_of=AS_OF, jobs=2)
    counts = report.summary()["by_municipality"]  # keyed by prefecture and name (tests/test_municipalities.py)
    assert set(counts) == {"長野県安曇野市", "長野県北市", "長野県南町"}
    owner = {d.id: d.owner for d in report.documents}
    for city, found in counts.items():  # each city's own findings, counted by severity
        mine = [v.severity for v in report.active if owner.get(v.document or "") == found["municipality"]]
        assert found == {"prefecture": "長野県", "municipality": found["municipality"],
                         **{s: mine.count(s) for s in ("error", "warning", "info")}} and mine
    text = str(render(report, "text"))
    assert "市町村別:" in text and "南町" in text
    assert "| 長野県南町 |" in str(render(report, "markdown"))
    assert 'id="by-municipality"' in str(render(report, "html")) and "北市" in str(render(report, "html"))
    assert json.loads(str(render(report, "json")))["summary"]["by_municipality"] == counts
    assert json.loads(str(render(report, "sarif")))["runs"][0]["properties"]["by_municipality"] == counts
    junit = ET.fromstring(str(render(report, "junit")).split("\n", 1)[1])
    assert junit.find("testsuite[1]/properties/property[@name='municipality:長野県南町']") is not None
    import io

    import openpyxl

    summary = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx"))).worksheets[0]  # type: ignore[arg-type]
    assert "長野県南町" in [row[0] for row in summary.iter_rows(values_only=True)]


def test_references_from_project_kpis_keep_documents_together(tmp_path: Path) -> None:
    """A project's KPI continuing one of another municipality's strategy (after a merger) puts
    both documents in one partition, so the reference resolves as in one big graph."""
    from checker.references import referenced_documents

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


def _whole(folder: Path) -> list:
    """The findings of one big graph of everything (the definition batch checking must meet)."""
    loaded = load_documents([folder])
    return sorted(_key(evaluate(build_graph(loaded.documents), RULES, AS_OF)))


def test_municipalities_checked_in_workers_equal_one_graph(tmp_path: Path) -> None:
    from checker.load.units import split_files
    from checker.load.limits import DEFAULT_LIMITS

    plans = _three_cities(tmp_path)
    split = split_files(sorted(plans.rglob("*.yaml")), DEFAULT_LIMITS)
    assert len(split.units) == 3 and not split.reference_files  # the scan placed every file
    for jobs in (1, 2):
        report = api.check([plans], as_of=AS_OF, jobs=jobs)
        assert sorted(_key(report.violations)) == _whole(plans)
        assert {d.id for d in report.documents} >= {"south/strategy-2", "national/strategy-2"}


def test_files_the_scan_cannot_read_are_still_checked(tmp_path: Path) -> None:
    """Flow style hides the head from the quick scan: the file is loaded by the main process,
    and when it turns out to be a municipality's, the run falls back to the ordinary path."""
    plans = _three_cities(tmp_path)
    vision = plans / "north" / "vision-1.yaml"
    data = yaml.safe_load(vision.read_text(encoding="utf-8"))
    vision.write_text(yaml.safe_dump(data, allow_unicode=True, default_flow_style=True), encoding="utf-8")
    from checker.load.units import split_files
    from checker.load.limits import DEFAULT_LIMITS

    assert vision in split_files(sorted(plans.rglob("*.yaml")), DEFAULT_LIMITS).reference_files
    report = api.check([plans], as_of=AS_OF, jobs=2)
    assert sorted(_key(report.violations)) == _whole(plans)


def test_a_wrong_guess_of_the_scan_falls_back(tmp_path: Path) -> None:
    """A plain scalar continued on the next line: the scan reads 北, the YAML 「北 市」. The
    scan makes the vision a unit of its own, but the south's strategy refers to it, so the
    parsed documents form another partition than the scan's units: the run falls back, and the
    result is still one big graph's."""
    plans = _three_cities(tmp_path)
    vision = plans / "south" / "vision-1.yaml"
    text = vision.read_text(encoding="utf-8")
    vision.write_text(text.replace("municipality: 南町\n", "municipality: 北\n  市\n", 1), encoding="utf-8")
    from checker.batch import check_units
    from checker.load.units import split_files
    from checker.load.limits import DEFAULT_LIMITS

    split = split_files(sorted(plans.rglob("*.yaml")), DEFAULT_LIMITS)
    assert len(split.units) == 4 and check_units(split, [], RULES, AS_OF) is None
    report = api.check([plans], as_of=AS_OF, jobs=2)
    assert sorted(_key(report.violations)) == _whole(plans)
    assert "北 市" in report.summary()["by_municipality"]


def test_result_cache_skips_unchanged_municipalities(tmp_path: Path) -> None:
    plans = _three_cities(tmp_path / "plans")
    first = api.check([plans], as_of=AS_OF, jobs=2, cache=ParseCache(tmp_path / "cache"))
    cache = ParseCache(tmp_path / "cache")
    again = api.check([plans], as_of=AS_OF, jobs=2, cache=cache)
    assert cache.report_hits == 1 and cache.result_hits == 0 and cache.misses == 0  # the whole report: nothing parsed
    assert again == first
    # rules given as objects have no digest: no whole report, each municipality's findings instead
    cache = ParseCache(tmp_path / "cache")
    again = api.check([plans], as_of=AS_OF, jobs=2, cache=cache, rules=api.configure().rules)
    assert cache.report_hits == 0 and cache.result_hits == 3 and cache.misses == 0  # only the reference documents were read (cached)
    assert again.violations == first.violations and again.documents == first.documents
    # another date, a changed file, a changed table: only what they touch is checked again
    cache = ParseCache(tmp_path / "cache")
    api.check([plans], as_of=AS_OF.replace(year=AS_OF.year + 1), jobs=1, cache=cache)
    assert cache.result_hits == 0
    strategy = plans / "north" / "strategy-2.yaml"
    strategy.write_text(strategy.read_text(encoding="utf-8").replace("ひとの流れをつくる", "人の流れをつくる"), encoding="utf-8")
    table = plans / "south" / "strategy-1-projects.csv"
    table.write_bytes(table.read_bytes().replace("創生事業".encode(), "創生推進事業".encode()))
    cache = ParseCache(tmp_path / "cache")
    changed = api.check([plans], as_of=AS_OF, jobs=1, cache=cache)
    assert cache.result_hits == 1
    assert sorted(_key(changed.violations)) == _whole(plans)
    # corrupt entries are rebuilt
    for entry in (tmp_path / "cache").glob("*.entry"):
        entry.write_bytes(b"\x80garbage")
    cache = ParseCache(tmp_path / "cache")
    assert api.check([plans], as_of=AS_OF, jobs=2, cache=cache).violations == changed.violations
    assert cache.result_hits == 0


def test_a_check_after_one_edit_reads_only_the_edited_file(tmp_path: Path, monkeypatch) -> None:
    """With the cache, a batch check after one file was edited reads, scans and parses that file
    only: the others' digests come from the index of file status, what they hold from the last
    scan, their findings and their tables' digests from the cache — and the report is the one a
    check without the cache gives."""
    from checker.load import units
    from checker.load import cache as cache_module

    plans = _three_cities(tmp_path / "plans")
    monkeypatch.setattr(cache_module, "_SETTLED_NS", -1)  # the files were written moments ago
    api.check([plans], as_of=AS_OF, jobs=1, cache=ParseCache(tmp_path / "cache"))
    edited = plans / "north" / "strategy-2.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("ひとの流れをつくる", "人の流れをつくる"), encoding="utf-8")
    reads: list[str] = []
    scanned: list[Path] = []
    real_read, real_scan = cache_module._read_regular, units.scan_file
    monkeypatch.setattr(cache_module, "_read_regular", lambda name: reads.append(name) or real_read(name))
    monkeypatch.setattr(units, "scan_file", lambda path, limit: scanned.append(path) or real_scan(path, limit))
    cache = ParseCache(tmp_path / "cache")
    again = api.check([plans], as_of=AS_OF, jobs=1, cache=cache)
    assert scanned == [edited]
    assert reads == [str(edited)]  # its content, for the report's key; no table was read for its digest
    assert cache.report_hits == 0 and cache.result_hits == 2 and cache.misses == 1  # north's strategy-2 parsed
    assert again == api.check([plans], as_of=AS_OF, jobs=1)


def test_a_plan_saved_between_its_scan_and_its_parse_is_not_cached_under_its_old_content(tmp_path: Path,
                                                                                         monkeypatch) -> None:
    """A planner saves a strategy while a check of many cities runs — after the scan digested it,
    before it was parsed — and then undoes the edit: the findings of the saved content must not
    come back, from the result or the report cache, for the content before it."""
    from checker.load import units

    plans = _three_cities(tmp_path / "plans")
    edited = plans / "north" / "strategy-2.yaml"
    original = edited.read_text(encoding="utf-8")
    saved = original.replace("ひとの流れをつくる", "人の流れをつくる")
    real_scan = units.scan_file

    def saving_after_the_scan(path: Path, limit: int) -> Any:
        scanned = real_scan(path, limit)
        if path == edited:
            edited.write_text(saved, encoding="utf-8")
        return scanned

    folder = tmp_path / "cache"
    with monkeypatch.context() as patch:
        patch.setattr(units, "scan_file", saving_after_the_scan)
        during = api.check([plans], as_of=AS_OF, jobs=1, cache=ParseCache(folder))
    edited.write_text(original, encoding="utf-8")  # the undo
    before = api.check([plans], as_of=AS_OF, jobs=1)
    assert during != before  # the saved content has other findings
    cache = ParseCache(folder)
    assert api.check([plans], as_of=AS_OF, jobs=1, cache=cache) == before
    assert cache.report_hits == 0 and cache.result_hits == 2  # the two other cities were stored


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcdef"), st.sampled_from("xyz"), st.sets(st.sampled_from("abcdefg"), max_size=2)),
                max_size=12))
def test_connected_groups_are_the_components_of_the_links(members) -> None:
    """units.connected equals the connected components of the graph whose edges are its three
    links (same municipality, same id, a reference), groups and members in input order."""
    import networkx as nx

    from checker.load.units import connected

    g = nx.Graph()
    g.add_nodes_from(range(len(members)))
    for i, (doc_id, owner, refs) in enumerate(members):
        for j, (other_id, other_owner, _) in enumerate(members):
            if i != j and (doc_id == other_id or owner == other_owner or other_id in refs):
                g.add_edge(i, j)
    expected = sorted(sorted(c) for c in nx.connected_components(g))
    groups = connected(members)
    assert sorted(groups) == expected
    assert all(group == sorted(group) for group in groups) and [g[0] for g in groups] == sorted(g[0] for g in groups)


# --- the scan's units against the parsed documents' links ---------------------------------------

_IDS = st.sampled_from(["a", "b", "c", "d", "e", "f"])
_MEMBERS = st.lists(st.lists(st.tuples(_IDS, st.sampled_from(["", "x", "y", "z"]), st.frozensets(_IDS, max_size=2)),
                             max_size=4), max_size=5)


@settings(max_examples=500, deadline=None)
@given(_MEMBERS)
def test_links_within_units_as_connected_groups_them(members: list[list[tuple[str, str, frozenset[str]]]]) -> None:
    """batch._linked_within_units agrees with the groups units.connected makes: each lies within one unit."""
    from checker.batch import _linked_within_units
    from checker.load.units import connected

    flat = [m for unit in members for m in unit]
    unit_of = [u for u, unit in enumerate(members) for _ in unit]
    expected = all(len({unit_of[i] for i in group}) == 1 for group in connected(flat))
    assert _linked_within_units(members) == expected
