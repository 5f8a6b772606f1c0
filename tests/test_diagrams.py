"""Diagrams (checker.diagrams): DOT checked structurally through `dot -Tjson0`, SVG text and
colours, PNG size, escaping of hostile plan text. The findings drawn must be exactly the Report's."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import struct
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from checker import api, diagrams
from checker.diagrams import DiagramError
from checker.diagrams._common import SEVERITY_COLOUR, WAIVED_COLOUR
from checker.report import SEVERITY_RANK, Report

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")

AS_OF = dt.date(2026, 11, 27)
HOSTILE = 'ひと"の{流れ} <を> & つくる\\\n二行目'

NATIONAL = """
kind: national_strategy
id: nat/strategy
title: 国の総合戦略
decided: 2019-12-20
period: {from: 2020, to: 2024}
goals:
  - {id: G1, title: 稼ぐ地域をつくる}
  - {id: G2, title: ひとの流れをつくる}
cross_cutting_goals:
  - {id: X1, title: 多様な人材の活躍を推進する}
"""

# Two periods of one city: G1 continued (with its indicators but one KPI dropped → PER-005), G2
# changed without a reason (PER-004) and titled with DOT-hostile text, G3 retired, G4 given no
# disposition (PER-003); published after the period starts (PER-002); merged into a basic plan
# that starts two years before the strategy ends (PER-006); a measure with 7 projects; a measure
# whose id needs quoting, its KPI-001 waived; no goal addresses the cross-cutting X1 (MAP-004).
CITY = """
kind: municipal_strategy
id: city/strategy-1
title: 第1期例市総合戦略
municipality: 例市
prefecture: 例県
period: {from: H27, to: R1}
adopted: H27-10
published: H27-10
goals:
  - id: G1
    title: 安定した雇用を創出する
    targets:
      - {id: G1-T1, title: 新規雇用者数, unit: 人, baseline: {year: H26年度, value: 10}, target: {year: R1年度, value: 20}, source: 統計}
    measures:
      - id: G1-M1
        title: 創業の支援
        kpis:
          - {id: G1-M1-K1, title: 創業支援件数, unit: 件, baseline: {year: H26年度, value: 1}, target: {year: R1年度, value: 5}, source: 市}
          - {id: G1-M1-K2, title: 創業セミナー参加者数, unit: 人, baseline: {year: H26年度, value: 1}, target: {year: R1年度, value: 5}, source: 市}
  - {id: G2, title: 若者が活躍できるまちをつくる}
  - {id: G3, title: 時代に合った地域をつくる}
  - {id: G4, title: 安心して暮らせるまちをつくる}
---
kind: municipal_strategy
id: city/strategy-2
title: 第2期例市総合戦略
municipality: 例市
prefecture: 例県
period: {from: R2, to: R6}
adopted: R2-03-20
published: R2年度3月
considers: [nat/strategy]
predecessor: city/strategy-1
merges_into: city/plan#later
goals:
  - id: G1
    title: 安定した雇用を創出する
    considers: [nat/strategy#G1]
    continues: {from: city/strategy-1#G1, as: continued}
    targets:
      - {id: G1-T1, title: 新規雇用者数, unit: 人, baseline: {year: R1年度, value: 20}, target: {year: R6年度, value: 30}, source: 統計, continues: city/strategy-1#G1-T1}
    measures:
      - id: G1-M1
        title: 創業の支援
        kpis:
          - {id: G1-M1-K1, title: 創業支援件数, unit: 件, baseline: {year: R1年度, value: 5}, target: {year: R6年度, value: 9}, source: 市, continues: city/strategy-1#G1-M1-K1}
        projects:
          - {id: P1, title: 創業塾}
          - {id: P2, title: 創業補助金}
          - {id: P3, title: 空き店舗活用}
          - {id: P4, title: 起業相談}
          - {id: P5, title: 商店街支援}
          - {id: P6, title: 融資あっせん}
          - {id: P7, title: 事業承継支援}
  - id: G2
    title: "ひと\\"の{流れ} <を> & つくる\\\\\\n二行目"
    considers: [nat/strategy#G2]
    continues: {from: city/strategy-1#G2, as: changed}
    measures:
      - {id: 'M:1<"x">', title: "移住 & 定住の<支援>"}
retired:
  - {id: city/strategy-1#G3, reason: 国の方針を踏まえ他の目標に統合}
waivers:
  - {rule: KPI-001, target: 'M:1<"x">', reason: 新設施策のため, until: R9, approved_by: 企画課}
---
kind: comprehensive_plan
id: city/plan
title: 第2次例市総合計画
municipality: 例市
basic_concept: {title: 基本構想, period: {from: H30, to: R9}}
basic_plans:
  - {id: early, title: 前期基本計画, period: {from: H30, to: R4}}
  - {id: later, title: 後期基本計画, period: {from: R5, to: R9}}
"""

GAP = """
kind: municipal_strategy
id: town/strategy-1
title: 第1期例町総合戦略
municipality: 例町
prefecture: 例県
period: {from: H27, to: R1}
---
kind: municipal_strategy
id: town/strategy-2
title: 第2期例町総合戦略
municipality: 例町
prefecture: 例県
period: {from: R3, to: R7}
predecessor: town/strategy-1
"""


# -- fixtures and helpers -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Report]:
    folder = tmp_path_factory.mktemp("city")
    (folder / "nat.yaml").write_text(textwrap.dedent(NATIONAL), encoding="utf-8")
    (folder / "city.yaml").write_text(textwrap.dedent(CITY), encoding="utf-8")
    plans, report = api.check_plans([folder], as_of=AS_OF, include_reference=False)
    assert not report.input_errors, [v.message["en"] for v in report.input_errors]
    return plans.graph, report


@pytest.fixture(scope="module")
def gap(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Report]:
    folder = tmp_path_factory.mktemp("gap")
    (folder / "town.yaml").write_text(textwrap.dedent(GAP), encoding="utf-8")
    plans, report = api.check_plans([folder], as_of=AS_OF, include_reference=False)
    assert not report.input_errors
    return plans.graph, report


@lru_cache(maxsize=32)
def _layout(source: bytes) -> dict[str, Any]:
    done = subprocess.run(["dot", "-Tjson0"], input=source, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    data: dict[str, Any] = json.loads(done.stdout)
    return data


class Dot:
    """A drawn diagram as graphviz laid it out: nodes by name, clusters, edges by names."""

    def __init__(self, source: bytes) -> None:
        self.source = source.decode("utf-8")
        data = _layout(source)
        objects = data.get("objects", [])
        self.nodes: dict[str, dict[str, Any]] = {o["name"]: o for o in objects if "nodes" not in o}
        by_id = {o["_gvid"]: o["name"] for o in objects if "nodes" not in o}
        self.clusters: dict[str, set[str]] = {
            o["name"]: {by_id[i] for i in o.get("nodes", [])} for o in objects
            if "nodes" in o and str(o["name"]).startswith("cluster")}
        self.cluster_labels = {o["name"]: o.get("label", "") for o in objects if str(o.get("name", "")).startswith("cluster")}
        self.edges = [{**e, "tail": by_id[e["tail"]], "head": by_id[e["head"]]} for e in data.get("edges", [])]

    def cluster_of(self, node: str) -> str:
        found = [c for c, members in self.clusters.items() if node in members]
        assert found, f"{node} is in no cluster"
        return found[0]

    def visible_edges(self) -> list[dict[str, Any]]:
        return [e for e in self.edges if e.get("style") != "invis"]


def draw_dot(graph: Any, report: Report, kind: str, **kw: Any) -> Dot:
    return Dot(diagrams.draw(graph, report, kind, fmt="dot", **kw))  # type: ignore[arg-type]


def expected_colours(report: Report, drawn: set[str]) -> dict[str, str]:
    """What the Report says each drawn node's colour must be: the worst active severity of the
    violations naming it, or grey when every one of them is waived."""
    worst: dict[str, str | None] = {}
    for v in report.violations:
        for n in {v.subject, *v.related} & drawn:
            sev = None if v.waived else v.severity
            cur = worst.get(n)
            if n not in worst or (sev and (cur is None or SEVERITY_RANK[sev] > SEVERITY_RANK[cur])):
                worst[n] = sev
    return {n: SEVERITY_COLOUR[s] if s else WAIVED_COLOUR for n, s in worst.items()}


FINDING_COLOURS = set(SEVERITY_COLOUR.values()) | {WAIVED_COLOUR}


def _strip(label: str) -> str:
    return re.sub(r"<[^>]+>", "", label)


# -- goal map -------------------------------------------------------------------------------------
def test_goal_map_clusters_and_nodes(city: tuple[Any, Report]) -> None:
    graph, report = city
    d = draw_dot(graph, report, "goals")
    # One cluster per document, each holding its anchor and its own elements; plus the legend.
    assert d.cluster_of("nat/strategy") == d.cluster_of("nat/strategy#G1") == d.cluster_of("nat/strategy#X1")
    assert d.cluster_of("city/strategy-2") == d.cluster_of("city/strategy-2#G1") == d.cluster_of("city/strategy-2#G1-M1")
    assert d.cluster_of("city/strategy-1#G4") != d.cluster_of("city/strategy-2#G1")
    assert "cluster_legend" in d.clusters
    label = d.cluster_labels[d.cluster_of("city/strategy-2")]
    assert "第2期例市総合戦略" in label and "R2年度〜R6年度" in label
    # Goals, measures, indicators; the comprehensive plan is not part of the goal map.
    for n in ("city/strategy-2#G1", "city/strategy-2#G1-T1", "city/strategy-2#G1-M1-K1", "nat/strategy#G2"):
        assert n in d.nodes
    assert "city/plan#later" not in d.nodes
    # considers → 勘案, continues → 継承 / 変更.
    considers = [e for e in d.visible_edges() if e["tail"] == "city/strategy-2#G1" and e["head"] == "nat/strategy#G1"]
    assert considers and "勘案" in considers[0]["label"]
    kinds = {_strip(e.get("label", "")).split("PER")[0] for e in d.visible_edges()
             if e["tail"].startswith("city/strategy-2#G") and e["head"].startswith("city/strategy-1#G")}
    assert {"継承", "変更"} <= kinds


def test_goal_map_highlights_exactly_the_violated_nodes(city: tuple[Any, Report]) -> None:
    graph, report = city
    d = draw_dot(graph, report, "goals", collapse_projects_over=50)
    drawn = {n for n in d.nodes if n in graph}
    coloured = {n: o["color"] for n, o in d.nodes.items() if o.get("color") in FINDING_COLOURS and n in graph}
    assert coloured == expected_colours(report, drawn)
    assert len(coloured) >= 8 and all(o.get("color") not in FINDING_COLOURS for n, o in d.nodes.items()
                                       if n in graph and n not in coloured)
    # Spot checks: the error on G2 is red, the waived KPI-001 is grey and dashed.
    assert coloured["city/strategy-2#G2"] == SEVERITY_COLOUR["error"]
    waived = next(n for n, o in d.nodes.items() if "移住 &amp; 定住の" in o.get("label", ""))
    assert d.nodes[waived]["color"] == WAIVED_COLOUR and "dashed" in d.nodes[waived]["style"]
    assert "GOAL-001" in d.nodes["city/strategy-2#G2"]["label"]


def test_goal_map_draws_links_a_rule_expected(city: tuple[Any, Report]) -> None:
    graph, report = city
    d = draw_dot(graph, report, "goals")
    dashed = {(e["tail"], e["head"]): e for e in d.visible_edges() if e.get("style") == "dashed"}
    # MAP-004: no goal considers the cross-cutting X1 → dashed edge strategy → X1 with the rule id.
    edge = dashed[("city/strategy-2", "nat/strategy#X1")]
    assert "MAP-004" in edge["label"] and edge["color"] == SEVERITY_COLOUR["warning"]
    # PER-003: the previous goal without disposition; PER-005: the dropped KPI.
    assert "PER-003" in dashed[("city/strategy-2", "city/strategy-1#G4")]["label"]
    assert "PER-005" in dashed[("city/strategy-2", "city/strategy-1#G1-M1-K2")]["label"]
    # PER-004 sits on the existing continues edge, coloured, not on a new dashed one.
    cont = [e for e in d.visible_edges() if e["tail"] == "city/strategy-2#G2" and e["head"] == "city/strategy-1#G2"]
    assert len(cont) == 1 and cont[0]["color"] == SEVERITY_COLOUR["error"] and "PER-004" in cont[0]["label"]


def test_goal_map_depth_document_and_collapse(city: tuple[Any, Report]) -> None:
    graph, report = city
    goals_only = draw_dot(graph, report, "goals", depth="goals")
    assert "city/strategy-2#G1" in goals_only.nodes and "city/strategy-2#G1-M1" not in goals_only.nodes
    measures = draw_dot(graph, report, "goals", depth="measures")
    assert "city/strategy-2#G1-M1" in measures.nodes and "city/strategy-2#G1-M1-K1" not in measures.nodes
    # Seven projects under G1-M1: one "事業 7件" node above the threshold, each project below it.
    collapsed = draw_dot(graph, report, "goals", collapse_projects_over=5)
    assert not any(n.startswith("city/strategy-2#P") for n in collapsed.nodes)
    folder = [o for n, o in collapsed.nodes.items() if "事業 7件" in o.get("label", "")]
    assert len(folder) == 1
    expanded = draw_dot(graph, report, "goals", collapse_projects_over=7)
    assert {f"city/strategy-2#P{i}" for i in range(1, 8)} <= set(expanded.nodes)
    # document=: the first strategy and what it needs; the second only as far as findings name it.
    first = draw_dot(graph, report, "goals", document="city/strategy-1")
    assert "city/strategy-1#G3" in first.nodes and "city/strategy-2#G1-M1" not in first.nodes


def test_goal_map_english(city: tuple[Any, Report]) -> None:
    graph, report = city
    d = draw_dot(graph, report, "goals", lang="en")
    assert "considers" in " ".join(e.get("label", "") for e in d.visible_edges())
    assert "Legend" in d.nodes["legend"]["label"]


# -- continuity -----------------------------------------------------------------------------------
def test_continuity_pairs_periods(city: tuple[Any, Report]) -> None:
    graph, report = city
    d = draw_dot(graph, report, "continuity")
    c1, c2 = d.cluster_of("city/strategy-1"), d.cluster_of("city/strategy-2")
    assert c1 != c2
    assert {"city/strategy-1#G1", "city/strategy-1#G4"} <= d.clusters[c1]
    assert {"city/strategy-2#G1", "city/strategy-2#G2"} <= d.clusters[c2]
    edges = d.visible_edges()
    # Old → new, from port to port, labelled with the disposition.
    g1 = [e for e in edges if e["tail"] == "city/strategy-1#G1" and e["head"] == "city/strategy-2#G1"]
    assert g1 and "継承" in g1[0]["label"] and g1[0].get("tailport") == "g:e"
    g2 = [e for e in edges if e["tail"] == "city/strategy-1#G2" and e["head"] == "city/strategy-2#G2"]
    assert "変更" in g2[0]["label"] and "PER-004" in g2[0]["label"] and g2[0]["color"] == SEVERITY_COLOUR["error"]
    # Indicators carried over: row to row.
    assert any(e["tail"] == "city/strategy-1#G1" and e["head"] == "city/strategy-2#G1"
               and e.get("tailport", "").startswith("i") for e in edges)
    # G3 retired: a 廃止 marker with the reason, in the later period's cluster.
    marker = [n for n, o in d.nodes.items() if "/retired/" in n]
    assert len(marker) == 1 and "国の方針を踏まえ" in d.nodes[marker[0]]["label"] and marker[0] in d.clusters[c2]
    # PER-003: G4 has no disposition → highlighted, dashed edge to the strategy that should give one.
    assert d.nodes["city/strategy-1#G4"]["color"] == SEVERITY_COLOUR["error"]
    assert any(e["tail"] == "city/strategy-1#G4" and e["head"] == "city/strategy-2" and e.get("style") == "dashed"
               and "PER-003" in e.get("taillabel", "") for e in edges)
    # PER-005: the dropped KPI's row is tinted and carries the rule id.
    label = d.nodes["city/strategy-1#G1"]["label"]
    row = re.search(r'<TD PORT="(i\d+)"[^>]*BGCOLOR="([^"]+)"[^>]*>(?:(?!</TD>).)*創業セミナー参加者数(?:(?!</TD>).)*PER-005', label, re.S)
    assert row and row.group(2) != "#ffffff"


def test_continuity_colours_exactly_the_violated_goals(city: tuple[Any, Report]) -> None:
    graph, report = city
    d = draw_dot(graph, report, "continuity")
    goals = {n for n in d.nodes if n in graph and graph.nodes[n]["type"] == "basic_goal"}
    coloured = {n: d.nodes[n]["color"] for n in goals if d.nodes[n].get("color") in FINDING_COLOURS}
    assert coloured == expected_colours(report, goals)


def test_continuity_without_succession(city: tuple[Any, Report]) -> None:
    graph, report = city
    d = draw_dot(graph, report, "continuity", document="city/plan")
    assert "empty" in d.nodes


# -- timeline -------------------------------------------------------------------------------------
def _cells(d: Dot) -> dict[str, ET.Element]:
    root = ET.fromstring(d.nodes["timeline"]["label"].replace("<BR/>", "<BR></BR>"))
    return {td.get("ID", ""): td for td in root.iter("TD") if td.get("ID")}


def test_timeline_axis_bars_and_overlap(city: tuple[Any, Report]) -> None:
    graph, report = city
    d = draw_dot(graph, report, "timeline")
    label = d.nodes["timeline"]["label"]
    for era in ("H27", "R元", "R2", "R9"):
        assert f"<B>{era}</B>" in label
    cells = _cells(d)
    # The basic concept and both basic plans have bars; the later plan starts R5.
    assert "city/plan|bar|2018-2027" in cells and "city/plan#later|bar|2023-2027" in cells
    # PER-006: the strategy's years shared with the later basic plan, red, with the rule id.
    overlap = cells["city/strategy-2|overlap|2023-2024"]
    assert overlap.get("BGCOLOR") == "#f7b6b2" and "PER-006" in ET.tostring(overlap, encoding="unicode")
    # PER-002: published in FY2020 (R2年度3月 = 2021-03) though the period starts then.
    assert "city/strategy-2|unpublished|2020-2020" in cells
    # The merge point and the publication marker; the related basic plan's label is coloured.
    assert "★" in ET.tostring(cells["city/strategy-2|events|2023"], encoding="unicode")
    assert "●" in ET.tostring(cells["city/strategy-2|events|2020"], encoding="unicode")
    assert cells["city/plan#later|label"].get("COLOR") == SEVERITY_COLOUR["warning"]
    # Nothing red where no rule found anything.
    assert not [k for k in cells if k.startswith("city/strategy-1|") and ("overlap" in k or "gap" in k)]


def test_timeline_gap(gap: tuple[Any, Report]) -> None:
    graph, report = gap
    assert any(v.rule == "PER-001" for v in report.violations)
    cells = _cells(draw_dot(graph, report, "timeline"))
    assert "town/strategy-2|gap|2020-2020" in cells
    assert "town/strategy-2|bar|2021-2025" in cells and "town/strategy-1|bar|2015-2019" in cells


def test_timeline_draws_the_years_the_finding_names(gap: tuple[Any, Report]) -> None:
    """The diagram draws the finding's own `problem` and `span`, whatever the rule: it knows no
    rule ids and recomputes no years."""
    graph, report = gap
    per001 = next(v for v in report.violations if v.rule == "PER-001")
    assert per001.params["problem"] == "gap" and per001.params["span"] == {"from": 2020, "to": 2020}
    other = dataclasses.replace(per001, rule="XYZ-900", params={**per001.params, "span": {"from": 2021, "to": 2022}})
    rest = [v for v in report.violations if v.rule != "PER-001"]
    cells = _cells(draw_dot(graph, dataclasses.replace(report, violations=[*rest, other]), "timeline"))
    assert "town/strategy-2|gap|2021-2022" in cells and "XYZ-900" in ET.tostring(cells["town/strategy-2|gap|2021-2022"],
                                                                                     encoding="unicode")
    assert not [k for k in cells if "|gap|2020" in k]  # nothing of its own where the finding names no year

# -- rendering ------------------------------------------------------------------------------------
def test_svg_keeps_japanese_text_and_highlight_colour(city: tuple[Any, Report]) -> None:
    graph, report = city
    svg = diagrams.draw(graph, report, "goals").decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert re.search(r"<text[^>]*>[^<]*安定した雇用を創出する", svg)
    assert 'font-family="IPAGothic' in svg
    assert SEVERITY_COLOUR["error"] in svg and SEVERITY_COLOUR["warning"] in svg


def test_png_renders_with_a_sane_size(city: tuple[Any, Report]) -> None:
    graph, report = city
    png = diagrams.draw(graph, report, "continuity", fmt="png")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert 400 < width < 8000 and 300 < height < 8000


def test_pdf_renders(gap: tuple[Any, Report]) -> None:
    graph, report = gap
    assert diagrams.draw(graph, report, "timeline", fmt="pdf").startswith(b"%PDF")


def test_hostile_titles_render_in_every_diagram(city: tuple[Any, Report]) -> None:
    graph, report = city
    assert graph.nodes["city/strategy-2#G2"]["title"] == HOSTILE
    for kind in diagrams.KINDS:
        source = diagrams.draw(graph, report, kind, fmt="dot")  # type: ignore[arg-type]
        _layout(source)  # parses
        raw = diagrams.draw(graph, report, kind, fmt="svg")  # type: ignore[arg-type]
        ET.fromstring(raw)  # well-formed XML
        svg = raw.decode("utf-8")
        if kind != "timeline":
            assert "&lt;を&gt; &amp; つくる" in svg and "二行目" in svg


def test_unsafe_ids_become_stable_names(city: tuple[Any, Report]) -> None:
    graph, report = city
    a = diagrams.draw(graph, report, "goals", fmt="dot")
    assert a == diagrams.draw(graph, report, "goals", fmt="dot")  # deterministic
    names = [n for n in draw_dot(graph, report, "goals").nodes if n.startswith("n_")]
    assert len(names) == 1  # the measure `M:1<"x">`


def test_bad_arguments(city: tuple[Any, Report]) -> None:
    graph, report = city
    with pytest.raises(DiagramError):
        diagrams.draw(graph, report, "venn")  # type: ignore[arg-type]
    with pytest.raises(DiagramError):
        diagrams.draw(graph, report, "goals", fmt="gif")  # type: ignore[arg-type]
    with pytest.raises(DiagramError) as e:
        diagrams.draw(graph, report, "goals", document="nowhere/plan")
    assert "nowhere/plan" in e.value.message_ja


def test_graphviz_is_imported_only_when_drawing() -> None:
    code = ("import sys, checker.api, checker.diagrams; "
            "sys.exit(1 if 'graphviz' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parent.parent).returncode == 0


def test_bundled_plans_draw(tmp_path: Path) -> None:
    plans, report = api.check_plans(as_of=AS_OF)
    d = draw_dot(plans.graph, report, "goals")
    assert d.nodes["azumino/strategy-1#G1-M1-P1"]["color"] == SEVERITY_COLOUR["error"]  # GRANT-002
    assert d.nodes["azumino/strategy-2#G2"]["color"] != SEVERITY_COLOUR["error"]  # GOAL-001: not checked (excerpt)
    cells = _cells(draw_dot(plans.graph, report, "timeline"))
    assert "azumino/strategy-2|overlap|2023-2024" in cells  # PER-006
    c = draw_dot(plans.graph, report, "continuity")
    assert c.cluster_of("azumino/strategy-1") != c.cluster_of("azumino/strategy-2")


# -- size limit, dpi, wording, year style -----------------------------------------------------------
TOWN = """
kind: municipal_strategy
id: town{n:02d}/strategy-1
title: 町{n:02d}総合戦略
municipality: 町{n:02d}
prefecture: 例県
period: {{from: H27, to: R1}}
adopted: H27-10-01
published: H27-10-01
goals:
  - {{id: G1, title: しごとをつくる}}
---
kind: municipal_strategy
id: town{n:02d}/strategy-2
title: 第2期町{n:02d}総合戦略
municipality: 町{n:02d}
prefecture: 例県
period: {{from: R2, to: R6}}
adopted: R2-03-20
published: R2-03-20
predecessor: town{n:02d}/strategy-1
goals:
  - {{id: G1, title: しごとをつくる, continues: {{from: town{n:02d}/strategy-1#G1, as: continued}}}}
"""


@pytest.fixture(scope="module")
def towns(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Report, Any]:
    """One more municipality than a diagram shows."""
    folder = tmp_path_factory.mktemp("towns")
    for n in range(diagrams.MAX_MUNICIPALITIES + 1):
        (folder / f"town{n:02d}.yaml").write_text(textwrap.dedent(TOWN.format(n=n)), encoding="utf-8")
    plans, report = api.check_plans([folder], as_of=AS_OF, include_reference=False, jobs=1)
    assert not report.input_errors
    return plans.graph, report, plans


def test_too_many_municipalities_are_refused_with_the_document_hint(towns: tuple[Any, Report, Any]) -> None:
    graph, report, plans = towns
    for kind in diagrams.KINDS:
        assert len(diagrams.municipalities(graph, report, kind)) == diagrams.MAX_MUNICIPALITIES + 1, kind
        with pytest.raises(DiagramError) as e:
            diagrams.draw(graph, report, kind, fmt="dot")  # type: ignore[arg-type]
        assert "11" in e.value.message and "--document town" in e.value.message
        assert "11市町村" in e.value.message_ja and "--document" in e.value.message_ja
    # one municipality at a time, as the hint says
    assert diagrams.draw(graph, report, "goals", fmt="dot", document="town03/strategy-2")
    # the reports' goal map says why it is missing instead
    missing = api.goal_map_svg(plans, report, "ja")
    assert isinstance(missing, diagrams.MapUnavailable) and "--document" in missing.ja and "11" in missing.en


def test_dpi_sets_the_png_resolution(gap: tuple[Any, Report]) -> None:
    graph, report = gap
    sizes = {}
    for dpi in (48, 96):
        png = diagrams.draw(graph, report, "timeline", fmt="png", dpi=dpi)
        sizes[dpi] = struct.unpack(">II", png[16:24])
    assert sizes[96][0] == pytest.approx(2 * sizes[48][0], rel=0.05)
    for bad in (0, 10_000, True, "96"):
        with pytest.raises(DiagramError):
            diagrams.draw(graph, report, "timeline", fmt="png", dpi=bad)  # type: ignore[arg-type]


def test_legends_say_rule_never_kisoku(city: tuple[Any, Report]) -> None:
    graph, report = city
    for kind in diagrams.KINDS:
        source = diagrams.draw(graph, report, kind, fmt="dot").decode("utf-8")  # type: ignore[arg-type]
        assert "規則" not in source, kind  # 規則 reads as a municipal regulation
    assert "ルールID" in diagrams.draw(graph, report, "goals", fmt="dot").decode("utf-8")


_ERA = re.compile(r"(?:[RHS](?:\d+|元)|令和(?:\d+|元)|平成(?:\d+|元)|昭和(?:\d+|元))(?:年度|年)")
_WESTERN = re.compile(r"(?<![\d])(?:19|20)\d\d(?:年度|年\d)")
_LONG = re.compile(r"(?:令和|平成|昭和)")
_SHORT = re.compile(r"(?<![A-Za-z])[RHS](?:\d+|元)(?:年|\b)")


def _svg_text(svg: bytes) -> str:
    return "\n".join(t.text or "" for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text"))


@pytest.mark.parametrize("style", ["short", "long", "western"])
def test_one_year_style_per_figure(city: tuple[Any, Report], style: str) -> None:
    graph, report = city
    for kind in diagrams.KINDS:
        text = _svg_text(diagrams.draw(graph, report, kind, era_style=style))  # type: ignore[arg-type]
        eras_long, eras_short, western = _LONG.findall(text), _SHORT.findall(text), _WESTERN.findall(text)
        if style == "short":
            assert eras_short and not eras_long and not western, (kind, eras_long, western)
        elif style == "long":
            assert eras_long and not eras_short and not western, (kind, eras_short, western)
        else:
            assert western and not eras_long and not eras_short, (kind, eras_long, eras_short)
    with pytest.raises(DiagramError):
        diagrams.draw(graph, report, "goals", era_style="heisei")  # type: ignore[arg-type]


def test_english_figures_use_fiscal_years(city: tuple[Any, Report]) -> None:
    graph, report = city
    for kind in diagrams.KINDS:
        text = _svg_text(diagrams.draw(graph, report, kind, lang="en", era_style="long"))  # type: ignore[arg-type]
        assert not _LONG.search(text) and not _SHORT.search(text) and not _ERA.search(text), kind
    assert "FY2020–FY2024" in _svg_text(diagrams.draw(graph, report, "goals", lang="en"))


def test_goal_map_classes_for_the_report_switches(city: tuple[Any, Report]) -> None:
    from checker.diagrams._common import doc_class

    graph, report = city
    svg = diagrams.draw(graph, report, "goals").decode("utf-8")
    mine = doc_class("city/strategy-2")
    assert f'class="cluster pc_c pc_muni {mine}"' in svg and f'pc_c pc_higher {doc_class("nat/strategy")}' in svg
    assert re.search(rf'class="node pc_n pc_k_goal {mine}"', svg) and re.search(rf'class="node pc_n pc_k_measure {mine}"', svg)
    assert re.search(rf'class="edge pc_e pc_k_goal {mine} {doc_class("nat/strategy")}"', svg)  # G1 considers nat G1
