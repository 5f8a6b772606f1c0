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
from checker.report import DocumentInfo, Report, RuleInfo, Severity, Violation, WaiverInfo
from checker.reporters import FORMATS, is_binary
from checker.reporters import render as render_format
from checker.reporters.html import render
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
    assert [(r[2], r[3], r[4], r[5], r[6]) for r in rows] == [
        ("error", "mapping", "city/strategy", "GOAL-001", "0"),
        ("warning", "mapping", "city/strategy", "GOAL-002", "0"),
        ("warning", "coverage", "city/strategy", "KPI-001", "1"),
        ("info", "counts", "city/vision", "CNT-003", "0"),
        ("error", "input", "plans/broken.yaml", "E-SCHEMA", "0"),
    ]
    bodies = out.split('<tbody class="v ')[1:]
    assert "is-secondary" in bodies[1] and "二次情報" in bodies[1] and "secondary" in bodies[1]
    assert "is-waived" in bodies[2] and "新設施策のため次年度に設定" in bodies[2] and "企画課" in bodies[2]
    assert "R9年度" in bodies[2]
    # rationale and basis of the rule in the row's details; basis marked when unverified
    assert "<details>" in bodies[0] and "GOAL-001 の理由" in bodies[0] and "rationale of GOAL-001" in bodies[0]
    assert "GOAL-001 の根拠 第1条" in bodies[0] and "根拠は未確認" not in bodies[0]
    assert "根拠は未確認" in bodies[1]
    # an input code has no RuleInfo: just its message
    assert "E-SCHEMA の指摘" in bodies[4] and "の理由" not in bodies[4]
    # both languages in the row; the other one as a tooltip
    assert 'title="finding of GOAL-001">GOAL-001 の指摘' in bodies[0]
    assert "plans/<wbr>city/<wbr>strategy.yaml:12" in bodies[0]
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

        # clicking a row reveals the rule's rationale and basis
        first = next(i for i, v in enumerate(report.violations, 1) if v.waived is None)
        assert browser.evaluate(f"document.querySelector('#v-{first} .more').checkVisibility()") is False
        browser.click(f"#v-{first} td.c-loc")
        assert browser.evaluate(f"document.querySelector('#v-{first} details').open") is True
        rule_info = next(r for r in report.rules if r.id == report.violations[first - 1].rule)
        assert rule_info.rationale["ja"] in browser.evaluate(f"document.querySelector('#v-{first} .more').innerText")

        # the language switch
        browser.click(".lang button[value=en]")
        assert browser.evaluate("document.documentElement.lang") == "en"
        text = browser.evaluate(f"document.querySelector('#v-{first} td.c-msg summary').innerText")
        assert report.violations[first - 1].message["en"] in text
        assert report.violations[first - 1].message["ja"] not in text
        assert browser.evaluate("document.title").startswith("plancheck report")

        assert browser.evaluate("document.getElementById('goal-svg').getBBox().width") > 0
        assert browser.problems() == [], browser.problems()

    artifacts = os.environ.get("PLANCHECK_ARTIFACTS")
    if artifacts:
        Path(artifacts).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(artifacts) / "report-html.png")
        shutil.copy(page, Path(artifacts) / "report.html")
    assert time.monotonic() - started < 60
