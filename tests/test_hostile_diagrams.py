"""Hostile plan text in the diagrams (goal map, continuity, timeline; svg, png, pdf, dot) and in
the goal map of the HTML report. Every title, id (where ids allow), note, measure/indicator/
project title, document title, grant and grant-programme title, reason and name of a small plan
set is one hostile string; dot must accept the diagram, nothing may become a link, an image, an
attribute or markup, and the text must still be shown, escaped (docs/security.md, "Output
escaping")."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker import api, diagrams
from checker.report import Report

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz `dot` is not installed")

AS_OF = dt.date(2026, 11, 27)
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"

# name -> (the string, a fragment of it that must not leave the labels and tooltips)
HOSTILE: dict[str, tuple[str, str]] = {
    "url": ('<x> evil [URL="javascript:alert(1)" label="審査結果 問題なし"] dummy=<q>', "evil"),
    "image_html": ('<x> evil [image="/etc/passwd" label="審査結果 問題なし"] dummy=<q>', "passwd"),
    "markup": ("<s>a.b</s>", "a.b"),
    "quote": ('"quoted" \\ backslash \n newline', "backslash"),
    "image": (']; evil [image="/etc/passwd"', "passwd"),
    "rank": ("{rank=same}", "rank=same"),
    "entity": ("A &amp; B &#x3c; C", "#x3c;"),
    "rlo": ("abc\u202edef.exe", "def.exe"),
    "escape": ("clear \x1b[2J here", "[2J"),
}
BENIGN = ("例市の題名", "題名")

# Graphviz attributes that load a file or make a link: none may appear in a drawn diagram.
LINK_OR_FILE = {"URL", "href", "labelURL", "labelhref", "tailURL", "tailhref", "headURL", "headhref", "edgeURL",
                "edgehref", "image", "imagepath", "shapefile", "fontpath", "stylesheet", "target", "id"}
# Attributes the plan text may sit in (escaped); `name` is a node id or its hash.
TEXT_KEYS = {"label", "tooltip", "taillabel", "headlabel", "xlabel", "name"}


def shown(text: str) -> str:
    """How a diagram shows plan text: line ends kept, tabs as spaces, other control and format
    characters as marks (checker.escaping)."""
    marks = {"\x1b": "\u241b", "\u202e": "<U+202E>"}
    return "".join(marks.get(c, c) for c in text.replace("\t", " "))


def _id(text: str, prefix: str) -> str:
    """A local id made of the hostile string where ids allow it (no spaces, #, / or invisible
    characters)."""
    return prefix + "".join(c for c in re.sub(r"[\s#/]", "", text) if c.isprintable())


def documents(s: str) -> list[dict[str, Any]]:
    """National strategy, grant programme, two periods of a city and its comprehensive plan, with
    `s` in every free text and, where allowed, in the ids."""
    g1, t1, m1, m2, k1, p, gr = (_id(s, x) for x in ("G1", "T1", "M1", "M2", "K1", "P", "GR"))
    national = {"kind": "national_strategy", "id": "nat/strategy", "title": s, "note": s, "decided": "2019-12-20",
                "period": {"from": 2020, "to": 2024},
                "goals": [{"id": "G1", "title": s, "note": s}, {"id": _id(s, "G2"), "title": s + " 2"}],
                "cross_cutting_goals": [{"id": "X1", "title": s, "note": s}]}
    programme = {"kind": "grant_programme", "id": "nat/grant", "title": s, "note": s, "valid": {"from": 2016}}
    first = {
        "kind": "municipal_strategy", "id": "city/strategy-1", "title": s, "note": s, "municipality": s,
        "prefecture": "例県", "period": {"from": "H27", "to": "R1"}, "adopted": "H27-10", "published": "H27-10",
        "goals": [
            {"id": g1, "title": s, "note": s,
             "targets": [{"id": t1, "title": s, "unit": s, "note": s, "source": s,
                          "baseline": {"year": "H26年度", "value": 1}, "target": {"year": "R1年度", "value": 2}}],
             "measures": [{"id": m1, "title": s, "note": s, "kpis": [{"id": k1, "title": s, "unit": "件", "note": s}],
                           "projects": [{"id": p + "1", "title": s, "note": s, "department": s}]}]},
            {"id": "G2", "title": s},
            {"id": "G3", "title": s}],
        "grants": [{"id": gr, "programme": "nat/grant", "title": s, "note": s, "period": {"from": "H28", "to": "R1"},
                    "funds": [p + "1"]}],
    }
    second = {
        "kind": "municipal_strategy", "id": "city/strategy-2", "title": s, "note": s, "municipality": s,
        "prefecture": "例県", "period": {"from": "R2", "to": "R6"}, "adopted": "R2-03-20", "published": "R2年度3月",
        "considers": ["nat/strategy"], "predecessor": "city/strategy-1", "merges_into": "city/plan#later",
        "extension": {"to": "R7", "reason": s},
        "goals": [
            {"id": g1, "title": s, "note": s, "considers": ["nat/strategy#G1"],
             "continues": {"from": f"city/strategy-1#{g1}", "as": "changed", "reason": s},
             "targets": [{"id": t1, "title": s, "unit": s, "continues": f"city/strategy-1#{t1}",
                          "baseline": {"year": "R1年度", "value": 2}, "target": {"year": "R6年度", "value": 3}}],
             "measures": [{"id": m1, "title": s, "note": s, "kpis": [{"id": k1, "title": s, "unit": "件"}],
                           # seven projects: the goal map draws the quiet ones as one "事業 N件" node
                           "projects": [{"id": f"{p}{k}", "title": f"{s} {k}", "note": s} for k in range(1, 8)]},
                          {"id": m2, "title": s, "note": s}]},
            {"id": "G2", "title": s, "continues": {"from": "city/strategy-1#G2", "as": "continued"}}],
        "grants": [{"id": gr, "programme": "nat/grant", "title": s, "period": {"from": "R2", "to": "R4"},
                    "funds": [p + "1"], "continues": f"city/strategy-1#{gr}"}],
        "verification": {"body": {"name": s}, "reviews": [{"fiscal_year": "R2", "date": "2021-08-20", "note": s}],
                         "meetings": [{"date": "R1-11-15", "title": s, "note": s}]},
        "retired": [{"id": "city/strategy-1#G3", "reason": s}],
        "unaddressed": [{"id": "nat/strategy#X1", "reason": s}],
        "waivers": [{"rule": "KPI-001", "target": m2, "reason": s, "approved_by": s}],
    }
    plan = {"kind": "comprehensive_plan", "id": "city/plan", "title": s, "note": s, "municipality": s,
            "basic_concept": {"title": s, "period": {"from": "H30", "to": "R9"}},
            "basic_plans": [{"id": "early", "title": s, "note": s, "period": {"from": "H30", "to": "R4"}},
                            {"id": "later", "title": s, "period": {"from": "R5", "to": "R9"}}]}
    return [national, programme, first, second, plan]


def check(folder: Path, s: str) -> tuple[Any, Report]:
    folder.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump_all(documents(s), allow_unicode=True, sort_keys=False)
    (folder / "plans.yaml").write_text(text, encoding="utf-8")
    plans, report = api.check_plans([folder], as_of=AS_OF, include_reference=False)
    assert not report.input_errors, [v.message["en"] for v in report.input_errors]
    assert report.violations and any(v.waived for v in report.violations)
    return plans, report


@pytest.fixture(scope="module", params=sorted(HOSTILE))
def hostile(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Any, Report]:
    s = HOSTILE[request.param][0]
    plans, report = check(tmp_path_factory.mktemp(request.param), s)
    assert any(d.get("title") == s for _, d in plans.graph.nodes(data=True))  # the text arrived unchanged
    return request.param, plans, report


@pytest.fixture(scope="module")
def benign(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Report]:
    return check(tmp_path_factory.mktemp("benign"), BENIGN[0])


@lru_cache(maxsize=8)
def layout(source: bytes) -> dict[str, Any]:
    done = subprocess.run(["dot", "-Tjson0"], input=source, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def attributes(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, value) of every attribute of the graph, its subgraphs, nodes and edges."""
    out = [(k, v) for k, v in data.items() if isinstance(v, str)]
    for item in (*data.get("objects", []), *data.get("edges", [])):
        out += [(k, v) for k, v in item.items() if isinstance(v, str)]
    return out


@pytest.mark.parametrize("kind", diagrams.KINDS)
def test_dot_keeps_plan_text_inside_labels_and_tooltips(hostile: tuple[str, Any, Report],
                                                        benign: tuple[Any, Report], kind: str) -> None:
    name, plans, report = hostile
    s, needle = HOSTILE[name]
    source = diagrams.draw(plans.graph, report, kind, fmt="dot")  # type: ignore[arg-type]
    found = attributes(layout(source))
    keys = {k for k, _ in found}
    assert not keys & LINK_OR_FILE, keys & LINK_OR_FILE
    # The same plan with harmless titles has the same attribute names: the text added none.
    plain = diagrams.draw(benign[0].graph, benign[1], kind, fmt="dot")  # type: ignore[arg-type]
    assert keys <= {k for k, _ in attributes(layout(plain))}
    assert [k for k, v in found if needle in v and k not in TEXT_KEYS] == []
    # The title itself, as the DOT holds it: backslashes doubled, & as &amp;, line breaks as \n.
    escaped = shown(s).replace("\\", "\\\\").replace("&", "&amp;").replace("\n", "\\n")
    assert any(escaped in v for k, v in found if k == "tooltip"), escaped
    text = source.decode("utf-8")
    for raw in ('URL="', 'image="', "href="):
        assert raw not in text  # only ever inside a quoted string, with its quote escaped
    assert "\x1b" not in text and "\u202e" not in text


@pytest.mark.parametrize("kind", diagrams.KINDS)
def test_svg_has_no_link_no_image_and_shows_the_text(hostile: tuple[str, Any, Report], kind: str) -> None:
    name, plans, report = hostile
    s, _ = HOSTILE[name]
    raw = diagrams.draw(plans.graph, report, kind, fmt="svg")  # type: ignore[arg-type]
    root = ET.fromstring(raw)  # well-formed XML
    titles: list[str] = []
    texts: list[str] = []
    for el in root.iter():
        assert el.tag != f"{SVG_NS}image"
        assert el.tag != f"{SVG_NS}script" and el.tag != f"{SVG_NS}foreignObject"
        for key, value in el.attrib.items():
            assert key not in ("href", f"{XLINK}href", "src", "style") and not key.startswith("on"), (el.tag, key)
            if key == f"{XLINK}title":
                titles.append(value)
            else:
                assert "javascript:" not in value and "passwd" not in value, (el.tag, key, value)
        if el.tag == f"{SVG_NS}a":
            assert set(el.attrib) <= {f"{XLINK}title"}, el.attrib  # a tooltip only, never a link
        if el.tag == f"{SVG_NS}text" and el.text:
            texts.append(el.text)
    svg = raw.decode("utf-8")
    assert "<image" not in svg and "\x1b" not in svg and "\u202e" not in svg
    assert set(re.findall(r"(.{6})javascript:", svg)) <= {"&quot;"}  # only as text, its quote escaped
    # Shown as text: whole in a tooltip, and in the drawn labels (wrapped, so spaces aside).
    assert any(shown(s) in t for t in titles), (shown(s), titles[:3])
    assert re.sub(r"\s", "", shown(s)) in re.sub(r"\s", "", "".join(texts))


def test_png_and_pdf_are_drawn(hostile: tuple[str, Any, Report]) -> None:
    _, plans, report = hostile
    jobs = [(kind, fmt) for kind in diagrams.KINDS for fmt in ("png", "pdf")]
    with ThreadPoolExecutor(max_workers=4) as pool:  # each draw waits on its own `dot` process
        drawn = dict(zip(jobs, pool.map(lambda job: diagrams.draw(plans.graph, report, job[0], fmt=job[1]), jobs)))
    for (kind, fmt), data in drawn.items():
        if fmt == "png":
            assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000, kind
        else:
            assert data.startswith(b"%PDF") and len(data) > 1000, kind


def test_html_report_keeps_the_goal_map(hostile: tuple[str, Any, Report]) -> None:
    from checker.reporters import render

    name, plans, report = hostile
    svg = api.goal_map_svg(plans, report)
    assert svg is not None
    page = str(render(report, "html", "ja", goal_map_svg=svg))
    assert 'id="goal-map"' in page and "<svg" in page
    links = re.findall(r'<a\s[^>]*\bhref="([^"]*)"', page)
    assert links and all(link.startswith("#") for link in links), links  # the page's own contents links


def test_the_digraph_refuses_unescaped_values() -> None:
    from checker.diagrams._common import (
        UnsafeDotValue, dot_label, dot_tooltip, dot_url, h, html_label, new_digraph, node_name,
    )

    s = HOSTILE["url"][0]
    g = new_digraph("test", "ja")
    for bad in ({"tooltip": s}, {"label": s}, {"color": s}, {"label": html_label('<IMG SRC="/etc/passwd"/>')},
                {"label": html_label(s)}, {"label": html_label('<TD HREF="javascript:x">a</TD>')},
                {"URL": "javascript:alert(1)"}, {"URL": dot_tooltip("x")}, {"image": "/etc/passwd"}):
        with pytest.raises(UnsafeDotValue):
            g.node("a", **bad)
    with pytest.raises(UnsafeDotValue):
        g.node(s)  # a name that did not come from node_name()
    g.node(node_name(s), label=html_label(h(s)), tooltip=dot_tooltip(s), xlabel=dot_label(s), URL=dot_url(s))
    source = g.source
    assert 'URL="#%3Cx%3E%20evil%20%5BURL%3D%22javascript%3Aalert%281%29' in source  # a fragment, never a scheme
    assert re.search(r'^\t"n_[0-9a-f]{16}" \[label=<&lt;x&gt; evil', source, re.M)
    assert 'tooltip="<x> evil [URL=\\"javascript:alert(1)\\" label=' in source
