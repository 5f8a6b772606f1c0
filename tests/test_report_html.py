"""The HTML reporter: escaping, offline, counts, goal map (unit); and the page in headless Chromium
(renders, no console errors, the filters change the visible rows)."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import os
import re
import shutil
import struct
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from checker import api
from checker.diagrams import MapUnavailable
from checker.report import DocumentInfo, Report, RuleInfo, Severity, Violation, WaiverInfo
from checker.reporters import FORMATS, is_binary
from checker.reporters import render as render_format
from checker.reporters.html import render
from checker.reporters.shared import by_severity
from conftest import AS_OF
from support.chromium import Chromium, find_chromium

EVIL = "<script>alert(1)</script>"
EVIL_ATTR = "\" onmouseover=\"alert(2)\" '<img src=x onerror=alert(3)>"
SVG = ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
       '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
       '<svg xmlns="http://www.w3.org/2000/svg" width="320pt" height="60pt" viewBox="0 0 320 60" id="goal-svg">'
       '<g id="graph0"><rect x="4" y="4" width="200" height="40" fill="#e7f0fc" stroke="#1c5fb8"/>'
       '<text x="14" y="30">基本目標1 しごとをつくる</text></g></svg>\n')


def _violation(rule: str, severity: Severity = "warning", family: str = "mapping", **kw: Any) -> Violation:
    base: dict[str, Any] = dict(
        rule=rule, name=f"{rule.lower()}-name", family=family, severity=severity, subject="city/strategy#G1",
        related=("nat/strategy#G1",), file="plans/city/strategy.yaml", line=12, key="goals[0].considers",
        message={"ja": f"{rule} の指摘", "en": f"finding of {rule}"}, document="city/strategy", subject_title="しごとをつくる")
    base.update(kw)
    return Violation(**base)


def _rule(rule: str, severity: Severity = "warning", family: str = "mapping", verified: bool = True) -> RuleInfo:
    return RuleInfo(id=rule, name=f"{rule.lower()}-name", family=family, severity=severity,
                    title={"ja": f"{rule} の題", "en": f"title of {rule}"},
                    rationale={"ja": f"{rule} の理由", "en": f"rationale of {rule}"},
                    basis=(f"{rule} の根拠 第1条",), basis_verified=verified)


def small_report() -> Report:
    violations = (
        _violation("GOAL-001", "error"),
        _violation("GOAL-002", "warning", secondary=True),
        _violation("KPI-001", "warning", family="coverage",
                   waived=WaiverInfo("新設施策のため次年度に設定", "企画課", "R9年度", "plancheck.yaml", 3)),
        _violation("CNT-003", "info", family="counts", document="city/vision", file="plans/city/vision.yaml"),
        _violation("E-SCHEMA", "error", family="input", document=None, file="plans/broken.yaml", line=None,
                   key=None, subject="plans/broken.yaml", subject_title=None, related=()),
    )
    return Report(
        violations=violations,
        documents=(DocumentInfo("city/strategy", "municipal_strategy", "例市総合戦略", "plans/city/strategy.yaml", False),
                   DocumentInfo("city/vision", "population_vision", "例市人口ビジョン", "plans/city/vision.yaml", False)),
        rules=(_rule("GOAL-001", "error"), _rule("GOAL-002", verified=False), _rule("KPI-001", family="coverage"),
               _rule("CNT-003", "info", family="counts")),
        files=("plans/broken.yaml", "plans/city/strategy.yaml", "plans/city/vision.yaml"),
        as_of="2026-11-27", version="0.1.0")


def hostile_report() -> Report:
    r = small_report()
    evil = dataclasses.replace(
        r.violations[0], message={"ja": f"{EVIL} と {EVIL_ATTR}", "en": f"{EVIL} and {EVIL_ATTR}"},
        subject=EVIL, subject_title=EVIL_ATTR, document=EVIL, file=f"plans/{EVIL}.yaml", key=EVIL, related=(EVIL,),
        name=EVIL_ATTR, waived=WaiverInfo(EVIL, EVIL_ATTR, EVIL, EVIL, 1))
    return dataclasses.replace(
        r, violations=(evil, *r.violations[1:]),
        documents=(*r.documents, DocumentInfo(EVIL, "municipal_strategy", EVIL_ATTR, EVIL, False)),
        files=(*r.files, EVIL))


class _Page(HTMLParser):
    """Text, tags and attributes of a page, as a browser's parser would see them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False
        self._labels = 0
        self.unlabelled: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "script":
            self._in_script = True
        if tag == "label":
            self._labels += 1
            if a.get("for"):
                self.label_for.add(str(a["for"]))
        if tag in ("input", "select") and not self._labels:
            self.unlabelled.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if tag == "label":
            self._labels -= 1

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)


# -- unit ------------------------------------------------------------------------------------

def test_registered_as_a_text_format() -> None:
    assert FORMATS["html"] == ("checker.reporters.html", False, ".html")
    assert not is_binary("html")
    out = render_format(small_report(), "html", lang="en", goal_map_svg=None)
    assert isinstance(out, str) and out.startswith("<!DOCTYPE html>")
    assert '<html lang="en" data-lang="en">' in out


def test_plan_text_is_escaped_everywhere() -> None:
    out = render(hostile_report(), goal_map_svg=None)
    assert "<script>alert" not in out and "<img" not in out
    assert "onmouseover=\"alert" not in out and "onerror=alert(3)>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&quot; onmouseover=&quot;alert(2)&quot; &#x27;&lt;img src=x onerror=alert(3)&gt;" in out
    page = _Page(out)
    assert len(page.scripts) == 1  # only ours
    assert [t for t, _ in page.tags if t in ("script", "img", "iframe", "object")] == ["script"]
    for _, attrs in page.tags:  # no attribute was broken out of
        assert not any(name.startswith("on") for name in attrs), attrs
    text = "".join(page.text)
    assert EVIL in text and "<img src=x onerror=alert(3)>" in text  # shown as text
    # the waiver, key, related node and document title reached the page, escaped
    start = out.index('<tbody class="v')
    row = out[start:out.index("</tbody>", start)]
    assert row.count("&lt;script&gt;") >= 10  # message ×4 (both languages, tooltips), subject, document, …


def test_lang_attribute_is_never_taken_from_input() -> None:
    out = render(small_report(), lang='"><script>alert(1)</script>')
    assert '<html lang="ja" data-lang="ja">' in out and "<script>alert" not in out


def test_nothing_is_loaded_from_anywhere() -> None:
    out = render(small_report())
    assert "http://" not in out and "https://" not in out and "//" not in re.sub(r"<script>.*</script>", "", out, flags=re.S)
    assert not re.search(r"""(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:[a-z]+:)?//""", out, re.I)
    assert "@import" not in out and "@font-face" not in out and "url(" not in out
    page = _Page(out)
    for tag, attrs in page.tags:
        assert "src" not in attrs, (tag, attrs)
        href = attrs.get("href")
        assert href is None or href.startswith("#") or href.startswith("data:"), (tag, attrs)
    # a Content-Security-Policy forbids every load, and admits our script by its hash
    csp = next(a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp and "default-src 'none'" in csp
    digest = base64.b64encode(hashlib.sha256(page.scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in csp
    assert '<meta charset="utf-8">' in out and "IPAGothic" in out and "Noto Sans CJK JP" in out


def test_with_the_goal_map_only_its_namespace_is_a_url() -> None:
    out = render(small_report(), goal_map_svg=SVG)
    urls = set(re.findall(r"https?://[^\s\"'<>]+", out))
    assert urls == {"http://www.w3.org/2000/svg"}  # the xmlns; the XML prolog and DOCTYPE are dropped


def _card(out: str, kind: str) -> int:
    m = re.search(rf'class="card {kind}"[^>]*><span class="n">(\d+)</span>', out)
    assert m, kind
    return int(m.group(1))


def test_counts_are_shown() -> None:
    report = small_report()
    out = render(report)
    s = report.summary()
    assert (_card(out, "total"), _card(out, "error"), _card(out, "warning"), _card(out, "info"), _card(out, "waived")) \
        == (s["total"], 2, 1, 1, 1) == (4, 2, 1, 1, 1)
    assert 'data-shown="5"' in out and "5件中 <span class=\"n-shown\">5</span>件を表示" in out
    assert "Showing <span class=\"n-shown\">5</span> of 5" in out
    assert out.count('<tbody class="v ') == 5
    # the family table: one row per family with active findings, totals in the footer
    fam_rows = re.findall(r'data-family="([a-z]+)">.*?</button></th>((?:<td[^>]*>\d+</td>)+)', out)
    assert {f: [int(n) for n in re.findall(r">(\d+)<", cells)] for f, cells in fam_rows} == {
        "input": [1, 0, 0, 1], "mapping": [1, 1, 0, 2], "counts": [0, 0, 1, 1]}
    for n, key in ((len(report.files), "検査したファイル"), (len(report.rules), "検査したルール")):
        assert re.search(rf"{key}</span>.*?</dt><dd>{n}</dd>", out)
    assert "2026-11-27" in out and "plancheck 0.1.0" in out


def test_rows_carry_filter_data_and_marks() -> None:
    out = render(small_report())
    rows = re.findall(r'<tbody class="([^"]*)" id="v-(\d+)" data-severity="(\w+)" data-family="(\w+)" '
                      r'data-document="([^"]*)" data-rule="([^"]*)" data-waived="(\d)">', out)
    # errors first, then warnings, then info; within a severity by place (file, line), then rule
    assert [(r[2], r[3], r[4], r[5], r[6]) for r in rows] == [
        ("error", "input", "plans/broken.yaml", "E-SCHEMA", "0"),
        ("error", "mapping", "city/strategy", "GOAL-001", "0"),
        ("warning", "mapping", "city/strategy", "GOAL-002", "0"),
        ("warning", "coverage", "city/strategy", "KPI-001", "1"),
        ("info", "counts", "city/vision", "CNT-003", "0"),
    ]
    assert [int(r[1]) for r in rows] == [1, 2, 3, 4, 5]
    bodies = out.split('<tbody class="v ')[1:]
    assert "is-secondary" in bodies[2] and "二次情報" in bodies[2] and "secondary" in bodies[2]
    assert "is-waived" in bodies[3] and "新設施策のため次年度に設定" in bodies[3] and "企画課" in bodies[3]
    assert "R9年度" in bodies[3]
    # rationale and basis of the rule in the row's details; basis marked when unverified
    assert "<details>" in bodies[1] and "GOAL-001 の理由" in bodies[1] and "rationale of GOAL-001" in bodies[1]
    assert "GOAL-001 の根拠 第1条" in bodies[1] and "根拠は未確認" not in bodies[1]
    assert "根拠は未確認" in bodies[2]
    # an input code has no RuleInfo: just its message
    assert "E-SCHEMA の指摘" in bodies[0] and "の理由" not in bodies[0]
    # both languages in the row; the other one as a tooltip
    assert 'title="finding of GOAL-001">GOAL-001 の指摘' in bodies[1]
    # a path breaks after "/" only: each segment stays whole
    assert ('<span class="seg">plans/</span><wbr><span class="seg">city/</span><wbr>'
            '<span class="seg">strategy.yaml:12</span>') in bodies[1]
    # the filters offer each family and document once
    assert re.findall(r'<option value="([^"]+)"', out) == [
        "input", "mapping", "coverage", "counts", "city/strategy", "city/vision", "plans/broken.yaml"]


def test_goal_map_section_only_when_given() -> None:
    without = render(small_report())
    assert 'id="goal-map"' not in without and "目標の対応図" not in without
    out = render(small_report(), goal_map_svg=SVG)
    section = out[out.index('<section id="goal-map"'):]
    assert "目標の対応図" in section and "Goal map" in section
    assert section.index('<svg xmlns="http://www.w3.org/2000/svg"') < section.index("</section>")
    assert "基本目標1 しごとをつくる" in section
    assert "<?xml" not in out and "<!DOCTYPE svg" not in out
    assert '<a href="#goal-map">' in out


def test_deterministic_and_round_trips() -> None:
    report = small_report()
    first = render(report, goal_map_svg=SVG)
    assert render(report, goal_map_svg=SVG) == first
    assert render(Report.from_dict(report.to_dict()), goal_map_svg=SVG) == first
    assert render(report, lang="en") != first


def test_inputs_are_labelled_and_headers_scoped() -> None:
    out = render(small_report())
    page = _Page(out)
    assert all(a.get("id") in page.label_for for a in page.unlabelled), page.unlabelled
    assert [a.get("scope") for t, a in page.tags if t == "th" and a.get("scope") == "col"]
    heads = re.search(r'<table class="grid findings".*?<thead>(.*?)</thead>', out, re.S)
    assert heads and heads.group(1).count('<th scope="col">') == 7
    assert 'role="search"' in out and 'aria-live="polite"' in out


def test_clean_report() -> None:
    out = render(Report(violations=(), as_of="2026-11-27", version="0.1.0"))
    assert "問題は見つかりませんでした" in out and 'data-shown="0"' in out
    assert '<tbody id="empty" class="empty">' in out  # the "nothing matches" row is not hidden


def test_bundled_report_renders_every_violation() -> None:
    report = api.check(as_of=AS_OF)
    out = render(report)
    assert out.count('<tbody class="v ') == len(report.violations)
    for v in report.violations:
        assert f'data-rule="{v.rule}"' in out


# -- browser ---------------------------------------------------------------------------------

VISIBLE_ROWS = ("Array.prototype.filter.call(document.querySelectorAll('tbody.v'),"
                " function (r) { return r.getClientRects().length > 0; }).length")


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = find_chromium()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI (apt-get install chromium)")
        pytest.skip("Chromium is not installed (CI installs it)")
    return binary


def test_page_in_headless_chromium(chromium: str, tmp_path: Path) -> None:
    started = time.monotonic()
    report = api.check(as_of=AS_OF)
    waiver = WaiverInfo("新設施策のため次年度に設定", "企画課", "R9年度", "plancheck.yaml", 4)
    violations = list(report.violations)
    for i in (1, 2):
        violations[i] = dataclasses.replace(violations[i], waived=waiver)
    violations[0] = dataclasses.replace(violations[0], subject_title=EVIL_ATTR,
                                        message={"ja": f"{EVIL} 検査", "en": f"{EVIL} check"})
    report = dataclasses.replace(report, violations=tuple(violations))
    active = report.active
    page = tmp_path / "report.html"
    page.write_text(render(report, goal_map_svg=SVG), encoding="utf-8")

    with Chromium(chromium, width=1280, height=900) as browser:
        browser.open(page.as_uri())
        shown = browser.evaluate(VISIBLE_ROWS)
        assert shown == len(active) == int(browser.evaluate("document.getElementById('count').dataset.shown"))
        assert browser.evaluate("document.querySelector('.n-shown').textContent") == str(len(active))
        assert browser.evaluate("document.getElementById('filters').hidden") is False
        # the hostile text is text: no script of its own, no dialog, visible as written
        assert browser.evaluate("document.scripts.length") == 1
        assert browser.evaluate(f"document.body.textContent.indexOf({EVIL!r}) >= 0") is True
        # Japanese is laid out with a Japanese font (the page asks for one; IPAGothic is in CI)
        assert browser.evaluate("document.fonts.check('16px IPAGothic', '検査報告')") is True

        shot = browser.screenshot(tmp_path / "report.png")
        width, height = _png_size(shot.read_bytes())
        assert width == 1280 and 2000 < height <= 8000 and shot.stat().st_size > 50_000

        # a real mouse click on the "warning" checkbox hides the warnings
        browser.click("input[name=severity][value=warning]")
        not_warnings = sum(1 for v in active if v.severity != "warning")
        assert browser.evaluate(VISIBLE_ROWS) == not_warnings < shown
        assert browser.evaluate("document.getElementById('count').dataset.shown") == str(not_warnings)
        browser.click("input[name=severity][value=warning]")
        assert browser.evaluate(VISIBLE_ROWS) == shown

        # show waived
        browser.click("#f-waived")
        assert browser.evaluate(VISIBLE_ROWS) == len(report.violations) == shown + 2
        browser.click("#f-waived")

        # family select
        family = sorted({v.family for v in active})[0]
        browser.evaluate(f"(function(s){{s.value={family!r};s.dispatchEvent(new Event('change'));}})"
                         "(document.getElementById('f-family'))")
        assert browser.evaluate(VISIBLE_ROWS) == sum(1 for v in active if v.family == family)
        browser.click("#reset")
        assert browser.evaluate(VISIBLE_ROWS) == shown

        # typing in the search box (full-width letters match too: NFKC)
        rule = next(v.rule for v in active if v.family == "grants")
        browser.type_text("#f-q", rule.replace("-", "－").upper().translate(str.maketrans(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ０１２３４５６７８９")))
        assert browser.evaluate(VISIBLE_ROWS) == sum(1 for v in active if v.rule == rule) > 0
        browser.click("#reset")

        # clicking a row reveals the rule's rationale and basis (rows are numbered in display order)
        ordered = by_severity(report.violations)
        first = next(i for i, v in enumerate(ordered, 1) if v.waived is None)
        assert browser.evaluate(f"document.querySelector('#v-{first} .more').checkVisibility()") is False
        browser.click(f"#v-{first} td.c-loc")
        assert browser.evaluate(f"document.querySelector('#v-{first} details').open") is True
        rule_info = next(r for r in report.rules if r.id == ordered[first - 1].rule)
        assert rule_info.rationale["ja"] in browser.evaluate(f"document.querySelector('#v-{first} .more').innerText")

        # the language switch
        browser.click(".lang button[value=en]")
        assert browser.evaluate("document.documentElement.lang") == "en"
        text = browser.evaluate(f"document.querySelector('#v-{first} td.c-msg summary').innerText")
        assert ordered[first - 1].message["en"] in text
        assert ordered[first - 1].message["ja"] not in text
        assert browser.evaluate("document.title").startswith("plancheck report")

        assert browser.evaluate("document.getElementById('goal-svg').getBBox().width") > 0
        assert browser.problems() == [], browser.problems()

    artifacts = os.environ.get("PLANCHECK_ARTIFACTS")
    if artifacts:
        Path(artifacts).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(artifacts) / "report-html.png")
        shutil.copy(page, Path(artifacts) / "report.html")
    assert time.monotonic() - started < 60


# -- goal map, narrow screens, print, the English view ----------------------------------------------

def test_goal_map_missing_says_why_where_the_map_would_be() -> None:
    reason = MapUnavailable("目標の対応図に30市町村が入ります（1枚で読めるのは10市町村まで）。--document で…",
                            "the goal map would cover 30 municipalities … --document")
    out = render(small_report(), goal_map_svg=reason)
    section = out[out.index('<section id="goal-map"'):]
    section = section[:section.index("</section>")]
    assert "目標の対応図はこの報告にありません。" in section and "This report has no goal map." in section
    assert "30市町村" in section and "--document" in section and "<svg" not in section
    assert '<a href="#goal-map">' in out
    assert 'id="goal-map"' not in render(small_report(), goal_map_svg=None)  # not asked for: no section


def test_goal_map_svg_is_sized_by_its_box_with_controls() -> None:
    out = render(small_report(), goal_map_svg=SVG)
    svg_tag = re.search(r"<svg\b[^>]*>", out)
    assert svg_tag and 'viewBox="0 0 320 60"' in svg_tag.group(0)
    assert "width=" not in svg_tag.group(0) and "height=" not in svg_tag.group(0)
    tools = out[out.index('id="map-tools"') - 60:out.index('id="map-view"')]
    assert 'id="map-depth"' in tools and 'id="map-in"' in tools and 'id="map-fit"' in tools and "hidden" in tools
    assert 'id="map-doc"' not in tools  # no municipal strategy cluster in this SVG: nothing to choose


@pytest.fixture(scope="module")
def bundled_with_map() -> tuple[Report, str]:
    if shutil.which("dot") is None:
        pytest.skip("Graphviz `dot` is not installed")
    plans, report = api.check_plans([Path(__file__).parents[1] / "plans" / "azumino"], as_of=AS_OF)
    svg = api.goal_map_svg(plans, report, "en")
    assert isinstance(svg, str)
    return report, svg


def _visible(browser: Chromium, selector: str) -> int:
    return int(browser.evaluate(f"Array.prototype.filter.call(document.querySelectorAll({selector!r}), "
                                "function (e) { return e.getClientRects().length > 0; }).length"))


def test_goal_map_zooms_pans_and_filters_in_chromium(chromium: str, tmp_path: Path,
                                                     bundled_with_map: tuple[Report, str]) -> None:
    report, svg = bundled_with_map
    page = tmp_path / "map.html"
    page.write_text(render(report, goal_map_svg=svg), encoding="utf-8")
    box = "document.querySelector('#map-view svg').viewBox.baseVal"
    with Chromium(chromium, width=1280, height=900) as browser:
        browser.open(page.as_uri())
        assert browser.evaluate("document.getElementById('map-tools').hidden") is False
        full = browser.evaluate(f"[{box}.x, {box}.y, {box}.width, {box}.height]")
        browser.click("#map-in")
        zoomed = browser.evaluate(f"[{box}.x, {box}.y, {box}.width, {box}.height]")
        assert zoomed[2] == pytest.approx(full[2] / 1.25)  # the view shows less: labels grow
        # drag to pan: a real mouse press, move and release
        browser.evaluate("document.getElementById('map-view').scrollIntoView({block: 'center'})")
        r = browser.evaluate("(function(){var r=document.getElementById('map-view').getBoundingClientRect();"
                             "return [r.left + r.width / 2, r.top + r.height / 2];})()")
        for kind, dx in (("mousePressed", 0), ("mouseMoved", 120), ("mouseReleased", 120)):
            browser.call("Input.dispatchMouseEvent", {"type": kind, "x": r[0] + dx, "y": r[1], "button": "left",
                                                      "buttons": 0 if kind == "mouseReleased" else 1, "clickCount": 1})
        panned = browser.evaluate(f"[{box}.x, {box}.y, {box}.width, {box}.height]")
        assert panned[0] < zoomed[0] and panned[2] == pytest.approx(zoomed[2])  # moved right, same zoom
        # the wheel zooms too
        browser.call("Input.dispatchMouseEvent", {"type": "mouseWheel", "x": r[0], "y": r[1], "deltaX": 0,
                                                  "deltaY": -100})
        assert browser.evaluate(f"{box}.width") < panned[2]
        # one document only: the 2nd strategy and the national/prefectural documents it considers
        options = browser.evaluate("Array.prototype.map.call(document.querySelectorAll('#map-doc option'), "
                                   "function (o) { return [o.value, o.textContent]; })")
        second = next(value for value, text in options if "azumino/strategy-2" in text)
        first = next(value for value, text in options if "azumino/strategy-1" in text)
        nodes = _visible(browser, "#map-view g.node")
        browser.evaluate(f"(function(s){{s.value={second!r};s.dispatchEvent(new Event('change'));}})"
                         "(document.getElementById('map-doc'))")
        assert _visible(browser, f"#map-view g.node.{second}") > 0
        assert _visible(browser, f"#map-view g.node.{first}") == 0 < nodes - _visible(browser, "#map-view g.node")
        assert browser.evaluate(f"{box}.width") < full[2]  # fitted to what is shown
        # depth: goals only hides measures, indicators and projects
        assert _visible(browser, "#map-view g.pc_k_measure") > 0
        browser.evaluate("(function(s){s.value='goals';s.dispatchEvent(new Event('change'));})"
                         "(document.getElementById('map-depth'))")
        assert _visible(browser, "#map-view g.pc_k_measure") == 0 == _visible(browser, "#map-view g.pc_k_leaf")
        assert _visible(browser, f"#map-view g.pc_k_goal.{second}") > 0
        browser.click("#map-fit")
        assert browser.problems() == [], browser.problems()


def test_390px_screen_shows_the_message_column(chromium: str, tmp_path: Path) -> None:
    report = api.check([Path(__file__).parents[1] / "plans" / "azumino"], as_of=AS_OF)
    page = tmp_path / "narrow.html"
    page.write_text(render(report, goal_map_svg=SVG), encoding="utf-8")
    with Chromium(chromium, width=390, height=844) as browser:
        browser.call("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1,
                                                            "mobile": True})
        browser.open(page.as_uri())
        # nothing runs off the right edge: the page is no wider than the screen
        assert browser.evaluate("document.documentElement.scrollWidth") <= 390
        # every finding's message is on screen horizontally, readable, in full width
        boxes = browser.evaluate("Array.prototype.map.call(document.querySelectorAll('tbody.v:not([hidden]) td.c-msg'),"
                                 " function (e) { var r = e.getBoundingClientRect(); return [r.left, r.right, r.width]; })")
        assert len(boxes) == len(report.active) and all(0 <= left and right <= 390 and width > 250
                                                        for left, right, width in boxes), boxes
        # the location keeps its segments whole: it breaks after "/" only
        assert browser.evaluate("getComputedStyle(document.querySelector('td.c-loc .seg')).whiteSpace") == "nowrap"
        browser.evaluate("document.getElementById('findings').scrollIntoView()")
        shot = browser.screenshot(tmp_path / "narrow.png", full_page=False)
        assert _png_size(shot.read_bytes()) == (390, 844)
        assert browser.problems() == [], browser.problems()
    artifacts = os.environ.get("PLANCHECK_ARTIFACTS")
    if artifacts:
        Path(artifacts).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(artifacts) / "report-html-390px.png")


def test_printed_report_expands_rationale_and_basis(chromium: str, tmp_path: Path) -> None:
    report = small_report()
    page = tmp_path / "print.html"
    page.write_text(render(report, goal_map_svg=SVG), encoding="utf-8")
    with Chromium(chromium, width=1280, height=900) as browser:
        browser.open(page.as_uri())
        assert browser.evaluate("document.querySelector('#v-2 .more').checkVisibility()") is False  # on screen: closed
        browser.call("Emulation.setEmulatedMedia", {"media": "print"})
        shown = browser.evaluate("Array.prototype.map.call(document.querySelectorAll('tbody.v'), function (b) {"
                                 " var m = b.querySelector('.more'); return [b.hidden, m.checkVisibility()]; })")
        assert all(more for hidden, more in shown if not hidden)  # every printed finding shows its 理由 and 根拠
        for hidden_on_paper in ("#filters", ".lang", "nav.toc", "#map-tools"):
            assert _visible(browser, hidden_on_paper) == 0, hidden_on_paper
        # printed to PDF by the browser itself: the rationale and basis are on paper
        pdf = base64.b64decode(browser.call("Page.printToPDF", {"printBackground": True})["data"])
    assert pdf.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext is not installed (make test-system)")
    (tmp_path / "print.pdf").write_bytes(pdf)
    import subprocess

    text = re.sub(r"\s+", "", subprocess.run([pdftotext, "-enc", "UTF-8", str(tmp_path / "print.pdf"), "-"],
                                             capture_output=True, text=True, check=True).stdout)
    for rule in ("GOAL-001", "GOAL-002", "CNT-003"):
        assert f"{rule}の理由" in text and f"{rule}の根拠第1条" in text, rule
    assert "絞り込み" not in text and "条件をクリア" not in text


_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]+")


def _plan_text(report: Report, graph: Any) -> list[str]:
    """Text that comes from plans and reference data (titles, ids, files, values, legal sources),
    which an English page quotes as written, longest first."""
    found: set[str] = set()

    def add(value: Any) -> None:
        if isinstance(value, str) and value:
            found.add(value)
        elif isinstance(value, dict):
            for v in value.values():
                add(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                add(v)

    for v in report.violations:
        add([v.subject, v.subject_title, v.file, list(v.related), v.params, v.document])
        if v.waived:
            add([v.waived.reason, v.waived.approved_by, v.waived.until])
    for n in report.not_checked:
        add([n.subject, n.subject_title, n.file, n.params, n.document])
    for d in report.documents:
        add([d.id, d.title, d.owner, d.file, d.prefecture])
    for r in report.rules:
        add(list(r.basis))  # the legal sources, cited by their Japanese titles
    add(list(report.files))
    for _, data in graph.nodes(data=True):
        add([data.get("title"), data.get("owner"), data.get("municipality"), data.get("prefecture")])
    return sorted(found, key=len, reverse=True)


def _rule_glosses() -> set[str]:
    """Japanese the rule catalogue writes into its English text on purpose: glosses such as
    地域再生計画, 産官学金労言, and the notations 年 / 年度 a message is about."""
    from checker.rules import catalogue

    glosses: set[str] = set()
    for rule in catalogue():
        for text in (rule.message.en, rule.title.en, rule.rationale.en):
            glosses.update(_JAPANESE.findall(text))
    return glosses


def test_english_view_has_no_japanese_outside_plan_text(chromium: str, tmp_path: Path) -> None:
    """Every Japanese run an English reader sees is plan or reference text, or a gloss the rule
    catalogue wrote on purpose: never a label, unit, date or word of plancheck's own."""
    if shutil.which("dot") is None:
        pytest.skip("Graphviz `dot` is not installed")
    plans, report = api.check_plans([Path(__file__).parents[1] / "plans" / "azumino"], as_of=AS_OF)
    svg = api.goal_map_svg(plans, report, "en")
    page = tmp_path / "en.html"
    page.write_text(render(report, lang="en", goal_map_svg=svg), encoding="utf-8")
    with Chromium(chromium, width=1280, height=900) as browser:
        browser.open(page.as_uri())
        browser.evaluate("document.querySelectorAll('details').forEach(function (d) { d.open = true; })")
        text = browser.evaluate("document.body.innerText")
        svg_text = browser.evaluate("Array.prototype.map.call(document.querySelectorAll('#map-view svg text'),"
                                    " function (t) { return t.textContent; }).join('\\n')")
    allowed = _plan_text(report, plans.graph)
    glosses = _rule_glosses()
    left: dict[str, str] = {}
    for line in (text + "\n" + svg_text).splitlines():
        if not _JAPANESE.search(line):
            continue
        rest = line
        for plan in allowed:
            if _JAPANESE.search(plan):
                rest = rest.replace(plan, " ")
        for run in _JAPANESE.findall(rest):
            # a wrapped title in the goal map is cut into lines: a run inside a plan text is plan text
            if run in glosses or any(run in plan for plan in allowed) or run == "日本語":  # the language button
                continue
            left.setdefault(run, line)
    assert left == {}, left


def test_family_names_keep_their_capitals_in_english() -> None:
    out = render(small_report(), lang="en")  # KPI-001 is in the coverage family
    assert '<span class="t-en" lang="en">Targets and KPIs</span>' in out and "kpis" not in out
