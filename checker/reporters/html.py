"""Self-contained HTML report for reviewers (prefectural and Cabinet Office staff).

One file, no network: the CSS and the script are inline and a Content-Security-Policy forbids
every load (fonts, images, scripts) except the page's own script, identified by its hash. Both
languages are in the page (`.t-ja` / `.t-en` spans, `data-ja` / `data-en` attributes) and a
switch shows one of them; filtering works on the rows' `data-*` attributes. Without a script the
page shows every row in the language it was rendered in. Formatting only: every count comes from
the Report, and all plan text is escaped: `_e` for element content, `_a` for attribute values
(and text-only elements: <title>, <option>). Control and format characters (bidi overrides such
as U+202E, zero-width spaces, ESC …) are shown as marks (checker.escaping), in element content
inside a `<span class="cc">` titled with the character's code point and name.

Besides the findings: the rules that could not be checked (確認できなかった項目 / Not checked: an
unknown fact, an excerpt, missing reference data) in a section of their own, styled as info,
with the rule's title and what is unknown, filterable by family, document and text, never
counted; and the national and prefectural documents compared against, with their dates
(参照した文書 / Reference documents)."""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter
from html import escape

from checker import eras
from checker.eras import EraStyle
from checker.escaping import visible, visible_html
from checker.i18n import both, pick, t
from checker.labels import FAMILIES
from checker.report import SEVERITIES, DocumentInfo, NotChecked, Report, RuleInfo, Violation
from checker.reporters import shared


def _cap(text: str) -> str:
    """The first letter upper-case, the rest as written (targets and KPIs → Targets and KPIs)."""
    return text[:1].upper() + text[1:]


def _capitalised(key: str) -> tuple[str, str]:
    ja, en = both(key)
    return ja, _cap(en)


_SEVERITY = {k: _capitalised(f"severity.{k}") for k in SEVERITIES}
_FAMILY = {k: _capitalised(f"family.{k}") for k in FAMILIES}

_CSS = """
:root{--ink:#1b2430;--muted:#5b6573;--line:#d5dae1;--bg:#f4f6f9;--card:#fff;--navy:#1f3a5f;
--err:#b3261e;--err-bg:#fdecea;--warn:#8a5300;--warn-solid:#e8a317;--warn-bg:#fff4de;
--info:#1c5fb8;--info-bg:#e7f0fc;--waive:#6b7280;
--sans:"Hiragino Sans","Hiragino Kaku Gothic ProN","Yu Gothic UI","Yu Gothic",YuGothic,Meiryo,
"Noto Sans CJK JP","Noto Sans JP","IPAPGothic","IPAGothic","IPAexGothic",system-ui,sans-serif;
--mono:ui-monospace,"SFMono-Regular",Consolas,"Noto Sans Mono CJK JP","IPAGothic","DejaVu Sans Mono",monospace}
*{box-sizing:border-box}
[hidden]{display:none!important}
:root[data-lang="ja"] .t-en,:root[data-lang="en"] .t-ja{display:none!important}
html{font-family:var(--sans);color:var(--ink);background:var(--bg);font-size:15px;line-height:1.6}
body{margin:0}
code,.mono{font-family:var(--mono);font-size:.88em}
a{color:var(--info)}
header.top{background:var(--navy);color:#fff;padding:18px 28px 16px}
header.top .row{display:flex;align-items:flex-start;justify-content:space-between;gap:24px;flex-wrap:wrap}
header.top h1{margin:0;font-size:1.55rem;font-weight:700;letter-spacing:.02em}
header.top .sub{margin:2px 0 0;color:#c9d6e8;font-size:.92rem}
header.top dl{display:flex;flex-wrap:wrap;gap:6px 26px;margin:14px 0 0;font-size:.9rem}
header.top dt{color:#c9d6e8;display:inline}
header.top dd{display:inline;margin:0 0 0 .5em;font-weight:600}
.lang{display:flex;gap:0;border:1px solid #8fa6c4;border-radius:6px;overflow:hidden}
.lang button{font:inherit;font-size:.85rem;background:transparent;color:#fff;border:0;padding:4px 12px;cursor:pointer}
.lang button[aria-pressed="true"]{background:#fff;color:var(--navy);font-weight:700}
nav.toc{background:#fff;border-bottom:1px solid var(--line);padding:6px 28px;font-size:.9rem}
nav.toc a{margin-right:20px;text-decoration:none;color:var(--navy);font-weight:600}
main{padding:18px 28px 40px;max-width:1600px}
section{margin:0 0 26px}
h2{font-size:1.15rem;margin:0 0 10px;padding-left:10px;border-left:4px solid var(--navy)}
.panel{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin-bottom:14px}
.card{font:inherit;color:inherit;text-align:left;background:var(--card);border:1px solid var(--line);
border-left-width:6px;border-radius:8px;padding:8px 16px;min-width:128px;cursor:pointer}
.card:hover{box-shadow:0 1px 4px rgba(0,0,0,.12)}
.card .n{display:block;font-size:1.7rem;font-weight:700;line-height:1.2}
.card .l{font-size:.85rem;color:var(--muted)}
.card.error{border-left-color:var(--err)}.card.error .n{color:var(--err)}
.card.warning{border-left-color:var(--warn-solid)}.card.warning .n{color:var(--warn)}
.card.info{border-left-color:var(--info)}.card.info .n{color:var(--info)}
.card.total{border-left-color:var(--navy);cursor:default}
.card.waived{border-left-color:var(--waive)}.card.waived .n{color:var(--waive)}
.badge{display:inline-block;border-radius:4px;padding:0 7px;font-size:.8rem;font-weight:700;
line-height:1.6;white-space:nowrap}
.badge.error{background:var(--err);color:#fff}
.badge.warning{background:var(--warn-solid);color:#2b1d00}
.badge.info{background:var(--info);color:#fff}
.tag{display:inline-block;border:1px solid currentColor;border-radius:10px;padding:0 7px;font-size:.75rem;
line-height:1.5;margin-left:6px;white-space:nowrap;vertical-align:1px}
.tag.secondary{color:#7a4d00;background:#fff8e6}
.tag.waived,.tag.known{color:var(--waive);background:#f1f2f4}
.card.known{border-left-color:var(--waive);cursor:default}.card.known .n{color:var(--waive)}
table{border-collapse:collapse;width:100%}
table.grid{background:var(--card);font-size:.9rem}
table.grid th,table.grid td{border:1px solid var(--line);padding:5px 9px;text-align:left;vertical-align:top}
table.grid thead th{background:#e9edf3;font-weight:700;white-space:nowrap}
table.counts{width:auto;min-width:460px}
table.counts td.n,table.counts th.n{text-align:right;font-variant-numeric:tabular-nums;min-width:64px}
table.counts tfoot td,table.counts tfoot th{font-weight:700;background:#f6f8fa}
table.counts .zero{color:#b8bec7}
button.fam{font:inherit;background:none;border:0;padding:0;color:var(--info);cursor:pointer;text-decoration:underline}
.filters{display:flex;flex-wrap:wrap;align-items:center;gap:10px 20px;background:var(--card);
border:1px solid var(--line);border-radius:8px;padding:10px 14px;margin-bottom:10px}
.filters fieldset{border:0;margin:0;padding:0;display:flex;gap:10px;align-items:center}
.filters legend{float:left;margin-right:6px;font-weight:700;font-size:.88rem}
.filters label{font-size:.9rem;white-space:nowrap}
.filters .lbl{font-weight:700;font-size:.88rem;margin-right:4px}
.filters select,.filters input[type="search"]{font:inherit;font-size:.9rem;padding:3px 6px;border:1px solid #aab3bf;border-radius:4px;max-width:18em}
.filters input[type="search"]{width:16em}
.filters button{font:inherit;font-size:.85rem;padding:3px 10px;border:1px solid #aab3bf;border-radius:4px;background:#f6f8fa;cursor:pointer}
.count{margin-left:auto;font-weight:700;white-space:nowrap}
.hint{color:var(--muted);font-size:.85rem;margin:0 0 8px}
caption.hint{text-align:left}
table.findings thead th{position:sticky;top:0;z-index:1}
table.findings tbody.v>tr{cursor:pointer}
table.findings tbody.v:hover>tr>*{background:#f5f8fc}
table.findings tbody.v.sev-error>tr>:first-child{box-shadow:inset 4px 0 var(--err)}
table.findings tbody.v.sev-warning>tr>:first-child{box-shadow:inset 4px 0 var(--warn-solid)}
table.findings tbody.v.sev-info>tr>:first-child{box-shadow:inset 4px 0 var(--info)}
table.findings tbody.v.is-waived>tr>*{background:#f3f4f6;color:#4b5563}
table.findings tbody.v.is-waived .badge{opacity:.55}
table.findings tbody.v.is-known>tr>*{background:#f8f9fa;color:#4b5563}
td.c-sev{white-space:nowrap}
th.c-rule{font-weight:400;white-space:nowrap}
th.c-rule code{font-weight:700;font-size:.92em}
.small{display:block;font-size:.78rem;color:var(--muted);line-height:1.35}
td.c-doc,td.c-subj{overflow-wrap:anywhere;width:11em;min-width:8em}
td.c-loc{width:11em;min-width:8em}
td.c-fam{width:7em}
td.c-loc{font-size:.85rem}
td.c-msg{min-width:26em}
td.c-msg summary{cursor:pointer;list-style-position:outside;margin-left:1em}
td.c-msg summary::marker{color:var(--muted)}
.waiver{margin-top:3px;font-size:.85rem;color:#374151}
.more{margin:8px 0 2px 1em;padding:8px 12px;background:#f7f9fc;border:1px solid var(--line);border-radius:6px;font-size:.86rem;cursor:auto}
.more dl{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:3px 14px}
.more dt{font-weight:700;color:var(--muted)}
.more dd{margin:0}
.more ul{margin:0;padding-left:1.2em}
.unverified{color:#7a4d00;font-size:.8rem}
.empty td{text-align:center;color:var(--muted);padding:18px}
.map{margin:0;background:#fff;border:1px solid var(--line);border-radius:8px;padding:10px;overflow:auto}
.map-view svg{display:block;width:100%;height:auto}
.map-view.zoomable{height:min(78vh,1100px);overflow:hidden;padding:0;cursor:grab;touch-action:none;
user-select:none;-webkit-user-select:none}
.map-view.zoomable.dragging{cursor:grabbing}
.map-view.zoomable svg{height:100%}
.map-tools .zoom{display:flex;gap:4px}
.map-tools .zoom button{min-width:2.4em}
.map-missing{color:var(--muted);border-style:dashed}
.seg{white-space:nowrap}
.scroll{overflow-x:auto;max-width:100%}
details.block>summary{cursor:pointer;font-weight:700;margin:6px 0}
ul.files{margin:4px 0 0;padding-left:1.4em;font-family:var(--mono);font-size:.85rem}
footer{color:var(--muted);font-size:.8rem;padding:0 28px 28px}
.card.unseen{border-left-color:var(--info);border-style:dashed;border-left-style:solid;background:var(--info-bg)}
.card.unseen .n{color:var(--info)}
.badge.unseen{background:var(--info-bg);color:var(--info);border:1px solid var(--info);font-weight:600}
table.findings tbody.nc>tr>:first-child{box-shadow:inset 4px 0 var(--info)}
table.findings tbody.nc>tr>*{background:#fbfdff}
td.c-miss{width:12em;min-width:8em}
table.findings tbody.nc th.c-rule{white-space:normal;width:14em;min-width:10em}
td.nw{white-space:nowrap}
.cc{font-family:var(--mono);font-size:.8em;color:var(--err);background:var(--err-bg);border:1px solid currentColor;
border-radius:3px;padding:0 2px;margin:0 1px;unicode-bidi:isolate}
@media (max-width:760px){
html{font-size:14px}
header.top,nav.toc,main,footer{padding-left:12px;padding-right:12px}
nav.toc{overflow-x:auto;white-space:nowrap}
table.counts{min-width:0}
.card{min-width:0;flex:1 1 40%}
.filters input[type="search"]{width:13em;max-width:100%}
table.findings,table.findings>tbody,table.findings>tbody>tr{display:block;width:auto}
table.findings>thead{display:none}
table.findings>tbody.v,table.findings>tbody.nc{margin:0 0 8px;border:1px solid var(--line);border-radius:6px;
background:var(--card);overflow:hidden}
table.findings>tbody.v>tr,table.findings>tbody.nc>tr{display:flex;flex-wrap:wrap;align-items:baseline;gap:2px 8px;
padding:6px 8px 6px 12px}
table.findings tbody.v.sev-error{border-left:4px solid var(--err)}
table.findings tbody.v.sev-warning{border-left:4px solid var(--warn-solid)}
table.findings tbody.v.sev-info,table.findings tbody.nc{border-left:4px solid var(--info)}
table.findings tbody>tr>:first-child{box-shadow:none!important}
table.findings>tbody>tr>td,table.findings>tbody>tr>th{display:block;border:0;padding:0;width:auto;min-width:0;
background:transparent!important}
table.findings th.c-rule,table.findings tbody.nc th.c-rule{order:1;width:auto;min-width:0;white-space:normal}
th.c-rule .small{display:inline;margin-left:6px}
td.c-sev{order:0}
td.c-msg,td.c-miss,td.c-loc,td.c-doc,td.c-subj,td.c-fam{flex:1 1 100%;min-width:0}
td.c-msg{order:2;font-size:1rem}
td.c-miss{order:3}
td.c-loc{order:4}
td.c-doc{order:5}
td.c-subj{order:6}
td.c-fam{order:7}
td.c-loc,td.c-doc,td.c-subj,td.c-fam,td.c-miss{font-size:.82rem;color:var(--muted)}
td.c-doc .small,td.c-subj .small{display:inline;margin-left:6px}
/*cell-labels*/
td.c-msg summary{margin-left:0;list-style-position:inside}
.more{margin:6px 0 2px}
.more dl{grid-template-columns:1fr}
.map-view.zoomable{height:70vh}
}
@media print{
@page{size:A4;margin:14mm 12mm 16mm}
@page landscape{size:A4 landscape;margin:10mm}
nav.toc,.filters,.lang,.hint,.map-tools,.map-hint{display:none!important}
header.top{background:none;color:#000;padding:0}
header.top .sub,header.top dt{color:#444}
html{background:#fff;font-size:10.5pt}
main{padding:0;max-width:none}
.card{padding:4px 10px;min-width:0;border-width:1px 1px 1px 6px}
table.findings thead th{position:static}
table.findings tbody.v{break-inside:avoid}
table.findings tbody.v>tr{cursor:auto}
td.c-msg details::details-content{content-visibility:visible;display:block}
td.c-msg summary{list-style:none;margin-left:0}
td.c-msg summary::marker,td.c-msg summary::-webkit-details-marker{display:none;content:""}
.more{background:none;border:0;border-left:2px solid var(--line);border-radius:0;padding:2px 0 2px 8px;margin:4px 0 0}
#goal-map{page:landscape;break-before:page}
#goal-map h2{margin-bottom:4px}
.map{border:0;padding:0;overflow:visible}
.map-view,.map-view.zoomable{height:auto!important;overflow:visible}
.map-view svg,.map-view.zoomable svg{width:100%;height:auto;max-height:170mm}
.scroll{overflow:visible}
}
"""


def _cell_labels() -> str:
    """On a narrow screen each cell of a finding says what it is (場所: / Location: …): CSS in both
    languages, from the catalogue."""
    cells = (("c-loc", "report.col.location"), ("c-doc", "report.col.document"), ("c-subj", "report.col.subject"),
             ("c-fam", "report.col.family"), ("c-miss", "html.cell_missing"))
    return "".join("".join(f':root[data-lang="{lang}"] td.{cls}::before{{content:"{t(key, lang)}: "}}'
                           for lang in ("ja", "en")) + "\n" for cls, key in cells)


_CSS = _CSS.replace("/*cell-labels*/\n", _cell_labels())

_JS = """
(function () {
  "use strict";
  var root = document.documentElement;
  function $(id) { return document.getElementById(id); }
  function each(sel, fn) { Array.prototype.forEach.call(document.querySelectorAll(sel), fn); }
  function norm(s) { s = String(s); if (s.normalize) { s = s.normalize("NFKC"); } return s.toLowerCase(); }
  var rows = Array.prototype.slice.call(document.querySelectorAll("tbody.v"));
  var texts = rows.map(function (r) { return norm(r.textContent); });
  var fam = $("f-family"), doc = $("f-document"), waived = $("f-waived"), q = $("f-q");
  var filters = $("filters");

  function apply() {
    if (!filters) { return; }
    var sev = {};
    each("input[name=severity]", function (c) { sev[c.value] = c.checked; });
    var terms = norm(q.value).split(/\\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (r, i) {
      var d = r.dataset;
      var ok = sev[d.severity] === true &&
        (!fam.value || d.family === fam.value) &&
        (!doc.value || d.document === doc.value) &&
        (waived.checked || d.waived !== "1") &&
        terms.every(function (t) { return texts[i].indexOf(t) >= 0; });
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    each(".n-shown", function (el) { el.textContent = String(shown); });
    $("count").setAttribute("data-shown", String(shown));
    $("empty").hidden = shown !== 0;
  }

  function setLang(lang) {
    root.lang = lang;
    root.setAttribute("data-lang", lang);
    each("[data-attr]", function (el) {
      var value = el.getAttribute("data-" + lang);
      var attr = el.getAttribute("data-attr");
      if (value === null) { return; }
      if (attr === "text") { el.textContent = value; } else { el.setAttribute(attr, value); }
    });
    each(".lang button", function (b) { b.setAttribute("aria-pressed", String(b.value === lang)); });
  }

  each(".lang button", function (b) { b.addEventListener("click", function () { setLang(b.value); }); });

  if (filters) {
    filters.hidden = false;
    each("#filters input, #filters select", function (el) {
      el.addEventListener(el.type === "search" ? "input" : "change", apply);
    });
    $("reset").addEventListener("click", function () {
      each("input[name=severity]", function (c) { c.checked = true; });
      fam.value = ""; doc.value = ""; waived.checked = false; q.value = "";
      apply();
    });
    $("expand").addEventListener("click", function () {
      var open = !rows.some(function (r) { return !r.hidden && r.querySelector("details").open; });
      rows.forEach(function (r) { if (!r.hidden) { r.querySelector("details").open = open; } });
    });
    each("button.card[data-severity]", function (b) {
      b.addEventListener("click", function () {
        each("input[name=severity]", function (c) { c.checked = c.value === b.getAttribute("data-severity"); });
        waived.checked = false;
        apply();
        $("findings").scrollIntoView();
      });
    });
    each("button.card[data-waived]", function (b) {
      b.addEventListener("click", function () { waived.checked = true; apply(); $("findings").scrollIntoView(); });
    });
    each("button.fam", function (b) {
      b.addEventListener("click", function () {
        fam.value = b.getAttribute("data-family");
        apply();
        $("findings").scrollIntoView();
      });
    });
    $("table").addEventListener("click", function (ev) {
      var t = ev.target;
      if (t.closest("summary, a, button, input, select, .more")) { return; }
      var body = t.closest("tbody.v");
      if (!body || String(window.getSelection())) { return; }
      var d = body.querySelector("details");
      d.open = !d.open;
    });
    apply();
  }

  // Not checked: its own filters (family, document, text); rows are never counted as findings.
  var ncFilters = $("nc-filters");
  if (ncFilters) {
    var ncRows = Array.prototype.slice.call(document.querySelectorAll("tbody.nc"));
    var ncTexts = ncRows.map(function (r) { return norm(r.textContent); });
    var ncFam = $("nc-family"), ncDoc = $("nc-document"), ncQ = $("nc-q");
    var ncApply = function () {
      var terms = norm(ncQ.value).split(/\\s+/).filter(Boolean);
      var shown = 0;
      ncRows.forEach(function (r, i) {
        var d = r.dataset;
        var ok = (!ncFam.value || d.family === ncFam.value) &&
          (!ncDoc.value || d.document === ncDoc.value) &&
          terms.every(function (t) { return ncTexts[i].indexOf(t) >= 0; });
        r.hidden = !ok;
        if (ok) { shown += 1; }
      });
      each(".nc-shown", function (el) { el.textContent = String(shown); });
      $("nc-count").setAttribute("data-shown", String(shown));
      $("nc-empty").hidden = shown !== 0;
    };
    ncFilters.hidden = false;
    each("#nc-filters input, #nc-filters select", function (el) {
      el.addEventListener(el.type === "search" ? "input" : "change", ncApply);
    });
    $("nc-reset").addEventListener("click", function () {
      ncFam.value = ""; ncDoc.value = ""; ncQ.value = "";
      ncApply();
    });
    ncApply();
  }
  each("button.card[data-goto]", function (b) {
    b.addEventListener("click", function () { $(b.getAttribute("data-goto")).scrollIntoView(); });
  });

  // Printing shows every finding's rationale and basis (browsers without ::details-content too).
  var reopen = [];
  window.addEventListener("beforeprint", function () {
    reopen = [];
    each("td.c-msg details", function (d) { if (!d.open) { d.open = true; reopen.push(d); } });
  });
  window.addEventListener("afterprint", function () { reopen.forEach(function (d) { d.open = false; }); reopen = []; });

  // The goal map: zoom and pan through the SVG's viewBox; a document alone; a depth.
  var view = $("map-view");
  var svg = view ? view.querySelector("svg") : null;
  var box = svg && svg.viewBox && svg.viewBox.baseVal;
  if (!svg || !box || !(box.width > 0 && box.height > 0)) { return; }
  var full = {x: box.x, y: box.y, w: box.width, h: box.height};
  var cur = {x: full.x, y: full.y, w: full.w, h: full.h};
  var docSel = $("map-doc"), depthSel = $("map-depth");
  function show(v) {
    var w = Math.min(Math.max(v.w, full.w / 60), full.w * 3);
    var h = v.h * w / v.w;
    cur = {x: v.x + (v.w - w) / 2, y: v.y + (v.h - h) / 2, w: w, h: h};
    svg.setAttribute("viewBox", [cur.x, cur.y, cur.w, cur.h].join(" "));
    view.setAttribute("data-zoom", String(Math.round(100 * full.w / cur.w)));
  }
  function toUser(x, y) {  // a screen point in viewBox units
    var p = svg.createSVGPoint(); p.x = x; p.y = y;
    return p.matrixTransform(svg.getScreenCTM().inverse());
  }
  function zoom(f, cx, cy) {
    if (cx === undefined) { cx = cur.x + cur.w / 2; cy = cur.y + cur.h / 2; }
    show({x: cx - (cx - cur.x) / f, y: cy - (cy - cur.y) / f, w: cur.w / f, h: cur.h / f});
  }
  function visibleBox() {  // what is shown (clusters, else nodes), in viewBox units
    var parts = Array.prototype.filter.call(svg.querySelectorAll("g.pc_c, g.pc_n"), function (g) {
      return g.style.display !== "none";
    });
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    parts.forEach(function (g) {
      var r = g.getBoundingClientRect();
      if (!r.width && !r.height) { return; }
      var a = toUser(r.left, r.top), b = toUser(r.right, r.bottom);
      x0 = Math.min(x0, a.x); y0 = Math.min(y0, a.y); x1 = Math.max(x1, b.x); y1 = Math.max(y1, b.y);
    });
    if (!(x1 > x0 && y1 > y0)) { return {x: full.x, y: full.y, w: full.w, h: full.h}; }
    var pad = 12;
    return {x: x0 - pad, y: y0 - pad, w: x1 - x0 + 2 * pad, h: y1 - y0 + 2 * pad};
  }
  function fit() {
    var whole = (!docSel || !docSel.value) && (!depthSel || depthSel.value === "all");
    show(whole ? {x: full.x, y: full.y, w: full.w, h: full.h} : visibleBox());
  }
  function docsOf(g) { return Array.prototype.filter.call(g.classList, function (c) { return c.indexOf("pcd_") === 0; }); }
  function applyMap() {
    var depth = depthSel ? depthSel.value : "all";
    var hide = depth === "goals" ? ["pc_k_measure", "pc_k_leaf"] : depth === "measures" ? ["pc_k_leaf"] : [];
    var doc = docSel ? docSel.value : "";
    var docs = null;
    if (doc) {  // the document, and the national and prefectural documents its drawn edges reach
      var higher = {};
      Array.prototype.forEach.call(svg.querySelectorAll("g.pc_c.pc_higher"), function (c) {
        docsOf(c).forEach(function (d) { higher[d] = true; });
      });
      docs = {}; docs[doc] = true;
      Array.prototype.forEach.call(svg.querySelectorAll("g.pc_e." + doc), function (e) {
        docsOf(e).forEach(function (c) { if (higher[c]) { docs[c] = true; } });
      });
    }
    Array.prototype.forEach.call(svg.querySelectorAll("g.pc_n, g.pc_e, g.pc_c"), function (g) {
      var off = hide.some(function (c) { return g.classList.contains(c); });
      if (!off && docs) {
        var mine = docsOf(g);
        off = g.classList.contains("pc_e") ? !mine.every(function (c) { return docs[c]; })
                                           : !mine.some(function (c) { return docs[c]; });
      }
      g.style.display = off ? "none" : "";
    });
    view.setAttribute("data-doc", doc);
    view.setAttribute("data-depth", depth);
    fit();
  }
  view.classList.add("zoomable");
  $("map-tools").hidden = false;
  each(".map-hint", function (el) { el.hidden = false; });
  if (docSel) { docSel.addEventListener("change", applyMap); }
  if (depthSel) { depthSel.addEventListener("change", applyMap); }
  $("map-in").addEventListener("click", function () { zoom(1.25); });
  $("map-out").addEventListener("click", function () { zoom(1 / 1.25); });
  $("map-fit").addEventListener("click", fit);
  $("map-100").addEventListener("click", function () {  // 1 SVG unit (pt) = 4/3 CSS px
    var r = view.getBoundingClientRect();
    var w = r.width * 0.75, h = r.height * 0.75;
    show({x: cur.x + cur.w / 2 - w / 2, y: cur.y + cur.h / 2 - h / 2, w: w, h: h});
  });
  view.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var p = toUser(ev.clientX, ev.clientY);
    zoom(ev.deltaY < 0 ? 1.2 : 1 / 1.2, p.x, p.y);
  }, {passive: false});
  var drag = null;
  view.addEventListener("pointerdown", function (ev) {
    if (ev.button !== 0) { return; }
    var r = view.getBoundingClientRect();
    drag = {x: ev.clientX, y: ev.clientY, from: cur, scale: Math.max(cur.w / r.width, cur.h / r.height), id: ev.pointerId};
    view.setPointerCapture(ev.pointerId);
    view.classList.add("dragging");
  });
  view.addEventListener("pointermove", function (ev) {
    if (!drag || ev.pointerId !== drag.id) { return; }
    show({x: drag.from.x - (ev.clientX - drag.x) * drag.scale, y: drag.from.y - (ev.clientY - drag.y) * drag.scale,
          w: drag.from.w, h: drag.from.h});
  });
  function stop() { drag = null; view.classList.remove("dragging"); }
  view.addEventListener("pointerup", stop);
  view.addEventListener("pointercancel", stop);
  window.addEventListener("beforeprint", function () { svg.setAttribute("viewBox", [full.x, full.y, full.w, full.h].join(" ")); });
  window.addEventListener("afterprint", function () { show(cur); });
  fit();
})();
"""


def _e(text: object) -> str:
    """Plan text as element content: escaped, invisible characters as marked spans."""
    return visible_html(text)


def _a(text: object) -> str:
    """Plan text as an attribute value or in a text-only element (<title>, <option>): escaped,
    invisible characters as plain marks."""
    return escape(visible(text, keep="\n\t"), quote=True)


def _path(text: str) -> str:
    """An id or a path, escaped, that a narrow column breaks after "/" and "#" only: each segment
    stays whole (`strategy-2.yaml:17` is never split at its hyphen or mid-word)."""
    parts = [p for p in re.split(r"(?<=[/#])", text) if p]
    if len(parts) < 2:
        return _e(text)
    return "<wbr>".join(f'<span class="seg">{_e(part)}</span>' for part in parts)


def _t(ja: str, en: str) -> str:
    """Both languages; the page shows the one chosen. Text is escaped here."""
    return f'<span class="t-ja" lang="ja">{_e(ja)}</span><span class="t-en" lang="en">{_e(en)}</span>'


def _ui(key: str) -> str:
    """A catalogue text (checker.i18n) in both languages."""
    return _t(*both(key))


def _attr_i18n(key_or_pair: str | tuple[str, str], lang: str, attr: str) -> str:
    """An attribute (or an element's only text, attr="text") that the language switch rewrites:
    a catalogue key, or a (ja, en) pair."""
    ja, en = both(key_or_pair) if isinstance(key_or_pair, str) else key_or_pair
    current = pick((ja, en), lang)
    head = "" if attr == "text" else f' {attr}="{_a(current)}"'
    return f'{head} data-attr="{attr}" data-ja="{_a(ja)}" data-en="{_a(en)}"'


def _family(family: str) -> tuple[str, str]:
    return _FAMILY.get(family, (family, family))


def _doc_key(v: Violation) -> str:
    return v.document or v.file


def _where(v: Violation) -> str:
    return f"{v.file}:{v.line}" if v.line else v.file


def _message(msg: dict[str, str]) -> str:
    ja, en = msg.get("ja", ""), msg.get("en", "")
    ja, en = ja or en, en or ja
    return (f'<span class="t-ja" lang="ja" title="{_a(en)}">{_e(ja)}</span>'
            f'<span class="t-en" lang="en" title="{_a(ja)}">{_e(en)}</span>')


def _head(report: Report, lang: str, script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    title_ja, title_en = both("report.title")
    if report.as_of:
        title_ja, title_en = (t("sep.paren", "ja", text=title_ja, note=report.as_of),
                              t("sep.paren", "en", text=title_en, note=report.as_of))
    title = pick((title_ja, title_en), lang)
    return (
        '<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_a(csp)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="plancheck {_a(report.version)}">\n'
        '<link rel="icon" href="data:,">\n'
        f'<title data-attr="text" data-ja="{_a(title_ja)}" data-en="{_a(title_en)}">{_a(title)}</title>\n'
        f"<style>{_CSS}</style>\n</head>"
    )


def _header(report: Report, lang: str, style: EraStyle = eras.DEFAULT_STYLE) -> str:
    as_of = _t(eras.iso_date(report.as_of, "ja", style), eras.iso_date(report.as_of, "en", style)) if report.as_of else "—"
    meta = [
        ("report.as_of", as_of),
        ("report.version", f"plancheck {_e(report.version or '—')}"),
        ("report.files", str(len(report.files))),
        ("html.rules", str(len(report.rules))),
        ("html.documents", str(len(report.documents))),
    ]
    dl = "".join(f"<div><dt>{_ui(k)}</dt><dd>{v}</dd></div>" for k, v in meta)
    buttons = "".join(
        f'<button type="button" value="{code}" lang="{code}" aria-pressed="{str(code == lang).lower()}">{label}</button>'
        for code, label in (("ja", "日本語"), ("en", "English")))
    return (
        '<header class="top">\n<div class="row"><div>'
        f'<h1>{_ui("report.title")}</h1><p class="sub">{_ui("html.subtitle")}</p></div>'
        f'<div class="lang" role="group"{_attr_i18n("html.language", lang, "aria-label")}>{buttons}</div></div>\n'
        f"<dl>{dl}</dl>\n</header>"
    )


def _nav(has_map: bool, report: Report | None = None) -> str:
    links = [("summary", "report.summary"), ("findings", "html.findings")]
    if report is not None and report.not_checked:
        links.append(("not-checked", "report.not_checked"))
    if report is not None and shared.reference_documents(report):
        links.append(("references", "report.references"))
    if has_map:
        links.append(("goal-map", "report.goal_map"))
    links.append(("appendix", "html.appendix"))
    return '<nav class="toc">' + "".join(f'<a href="#{a}">{_ui(k)}</a>' for a, k in links) + "</nav>"


def _summary(report: Report) -> str:
    s = report.summary()
    by_sev: dict[str, int] = s["by_severity"]
    cards = [f'<div class="card total"><span class="n">{s["total"]}</span><span class="l">{_ui("html.total")}</span></div>']
    for sev in SEVERITIES:
        ja, en = _SEVERITY[sev]
        cards.append(f'<button type="button" class="card {sev}" data-severity="{sev}">'
                     f'<span class="n">{by_sev[sev]}</span><span class="l">{_t(ja, en)}</span></button>')
    if s["waived"]:
        cards.append(f'<button type="button" class="card waived" data-waived="1"><span class="n">{s["waived"]}</span>'
                     f'<span class="l">{_ui("report.waived")}</span></button>')
    if s["not_checked"]:  # neither a finding nor a pass: apart from the counts
        cards.append(f'<button type="button" class="card unseen" data-goto="not-checked"><span class="n">{s["not_checked"]}'
                     f'</span><span class="l">{_ui("html.not_checked_mark")}</span></button>')
    for n, label, words in ((s["known"], "known", "report.col.known"), (s["baseline_fixed"], "fixed", "report.fixed_baseline")):
        if n:
            cards.append(f'<div class="card known" id="card-{label}"><span class="n">{n}</span>'
                         f'<span class="l">{_ui(words)}</span></div>')
    out = [f'<section id="summary" aria-labelledby="h-summary"><h2 id="h-summary">{_ui("report.summary")}</h2>',
           f'<div class="cards">{"".join(cards)}</div>']
    if len(s["by_municipality"]) > 1:  # the index across municipalities of a batch check
        owner_head = "".join(f'<th scope="col" class="n">{_t(*_SEVERITY[sev])}</th>' for sev in SEVERITIES)
        owner_rows = "".join(f'<tr><th scope="row">{_e(owner)}</th>'
                             + "".join(f'<td class="n">{c[sev]}</td>' for sev in SEVERITIES) + "</tr>"
                             for owner, c in s["by_municipality"].items())
        out.append(f'<table class="grid" id="by-municipality"><caption>{_ui("report.by_municipality")}</caption>'
                   f'<thead><tr><th scope="col">{_ui("report.col.municipality")}</th>{owner_head}</tr></thead>'
                   f'<tbody>{owner_rows}</tbody></table>')
    if report.baseline_fixed:
        fixed = "".join(f'<tr><th scope="row"><code>{_e(f.get("rule", ""))}</code></th><td><code>{_path(str(f.get("subject", "")))}</code></td>'
                        f'<td>{_e(f.get("message", ""))}</td></tr>' for f in report.baseline_fixed)
        out.append(f'<details class="block" id="baseline-fixed"><summary>{_ui("report.fixed_baseline")} ({len(report.baseline_fixed)})</summary>'
                   f'<table class="grid"><thead><tr><th scope="col">{_ui("report.col.rule")}</th><th scope="col">{_ui("report.col.subject")}</th>'
                   f'<th scope="col">{_ui("report.col.message")}</th></tr></thead><tbody>{fixed}</tbody></table></details>')
    if not report.violations:
        out.append(f'<p class="panel">{_ui("report.clean")}</p>')
    active = report.active
    families = sorted({v.family for v in active}, key=_family_order)
    if families:
        grid = Counter((v.family, v.severity) for v in active)
        head = "".join(f'<th scope="col" class="n">{_t(*_SEVERITY[sev])}</th>' for sev in SEVERITIES)
        body = []
        for fam in families:
            cells = "".join(_count_cell(grid[(fam, sev)]) for sev in SEVERITIES)
            total = sum(grid[(fam, sev)] for sev in SEVERITIES)
            body.append(f'<tr><th scope="row"><button type="button" class="fam" data-family="{_a(fam)}">'
                        f'{_t(*_family(fam))}</button></th>{cells}<td class="n">{total}</td></tr>')
        foot = "".join(_count_cell(by_sev[sev]) for sev in SEVERITIES)
        out.append(
            f'<table class="grid counts"><caption class="hint">{_ui("report.by_family_not_waived")}</caption>'
            f'<thead><tr><th scope="col">{_ui("report.col.family")}</th>{head}<th scope="col" class="n">{_ui("html.sum")}</th></tr></thead>'
            f'<tbody>{"".join(body)}</tbody>'
            f'<tfoot><tr><th scope="row">{_ui("html.sum")}</th>{foot}<td class="n">{s["total"]}</td></tr></tfoot></table>')
    out.append("</section>")
    return "\n".join(out)


def _count_cell(n: int) -> str:
    return f'<td class="n{" zero" if n == 0 else ""}">{n}</td>'


def _family_order(family: str) -> tuple[int, str]:
    order = list(FAMILIES)
    return (order.index(family) if family in order else len(order), family)


def _filters(report: Report, lang: str) -> str:
    s = report.summary()
    checks = "".join(
        f'<label><input type="checkbox" name="severity" value="{sev}" checked> '
        f'<span class="badge {sev}">{_t(*_SEVERITY[sev])}</span></label>'
        for sev in SEVERITIES)
    all_opt = f'<option value=""{_attr_i18n("html.all", lang, "text")}>{_a(t("html.all", lang))}</option>'
    fam_opts = [all_opt]
    for fam in sorted({v.family for v in report.violations}, key=_family_order):
        fam_opts.append(f'<option value="{_a(fam)}"{_attr_i18n(_family(fam), lang, "text")}>{_a(pick(_family(fam), lang))}</option>')
    titles = {d.id: d.title for d in report.documents}
    doc_opts = [all_opt]
    for key in sorted({_doc_key(v) for v in report.violations}):
        doc_opts.append(_doc_option(key, titles, lang))
    waived = (f'<label><input type="checkbox" id="f-waived"> {_ui("html.show_waived")}'
              f' <span class="mono">({s["waived"]})</span></label>')
    total = len(report.violations)
    count = (f'<p class="count" id="count" aria-live="polite" data-shown="{total}">'
             + _showing(total, "n-shown") + "</p>")
    return (
        f'<div class="filters" id="filters" role="search" hidden{_attr_i18n("html.filters", lang, "aria-label")}>'
        f'<fieldset><legend>{_ui("report.col.severity")}</legend>{checks}</fieldset>'
        f'<label><span class="lbl">{_ui("report.col.family")}</span> <select id="f-family">{"".join(fam_opts)}</select></label>'
        f'<label><span class="lbl">{_ui("report.col.document")}</span> <select id="f-document">{"".join(doc_opts)}</select></label>'
        f"{waived}"
        f'<label><span class="lbl">{_ui("html.search")}</span> '
        f'<input type="search" id="f-q"{_attr_i18n("html.search_hint", lang, "placeholder")}></label>'
        f'<button type="button" id="reset">{_ui("html.reset")}</button>'
        f'<button type="button" id="expand">{_ui("html.expand")} / {_ui("html.collapse")}</button>'
        f"{count}</div>"
    )


def _showing(total: int, cls: str) -> str:
    """件中…件を表示 / Showing … of …, the shown count in a span the script updates."""
    shown = f'<span class="{cls}">{total}</span>'
    return "".join(f'<span class="t-{lang}" lang="{lang}">{t("html.showing", lang, total=total, shown=shown)}</span>'
                   for lang in ("ja", "en"))


def _doc_option(key: str, titles: dict[str, str], lang: str) -> str:
    """A document in a filter: its title and id, punctuated for each language."""
    if key not in titles:
        return f'<option value="{_a(key)}">{_a(key)}</option>'
    pair = both("sep.paren", text=titles[key], note=key)
    return f'<option value="{_a(key)}"{_attr_i18n(pair, lang, "text")}>{_a(pick(pair, lang))}</option>'


def _details(v: Violation, rule: RuleInfo | None) -> str:
    items: list[str] = []
    if rule is not None:
        items.append(f'<dt>{_ui("report.col.rule")}</dt><dd><code>{_e(rule.id)}</code> {_t(rule.title.get("ja", ""), rule.title.get("en", ""))}</dd>')
        items.append(f'<dt>{_ui("report.rationale")}</dt><dd>{_t(rule.rationale.get("ja", ""), rule.rationale.get("en", ""))}</dd>')
        basis = "".join(f"<li>{_e(b)}</li>" for b in rule.basis) or "<li>—</li>"
        mark = "" if rule.basis_verified else f' <span class="unverified">{_ui("report.basis_unverified")}</span>'
        items.append(f'<dt>{_ui("report.basis")}</dt><dd><ul>{basis}</ul>{mark}</dd>')
    else:
        items.append(f'<dt>{_ui("report.col.rule")}</dt><dd><code>{_e(v.rule)}</code> {_ui("report.no_rule")}</dd>')
    if v.secondary:
        items.append(f'<dt>{_ui("html.secondary")}</dt><dd>{_ui("html.secondary_hint")}</dd>')
    if v.related:
        items.append(f'<dt>{_ui("report.related")}</dt><dd>' + "<br>".join(f"<code>{_e(r)}</code>" for r in v.related) + "</dd>")
    if v.key:
        items.append(f'<dt>{_ui("html.key")}</dt><dd><code>{_e(v.key)}</code></dd>')
    if v.waived is not None:
        w = v.waived
        where = f"{w.file}:{w.line}" if w.line else w.file
        items.append(
            f'<dt>{_ui("report.waiver")}</dt><dd>{_ui("report.col.reason")}: {_e(w.reason)}<br>{_ui("report.col.approved_by")}: {_e(w.approved_by)}'
            + (f'<br>{_ui("report.col.until")}: {_e(w.until)}' if w.until else "")
            + (f'<br>{_ui("html.recorded")}: <code>{_e(where)}</code>' if where else "") + "</dd>")
    return f'<div class="more"><dl>{"".join(items)}</dl></div>'


def _row(index: int, v: Violation, rule: RuleInfo | None, titles: dict[str, str], lang: str) -> str:
    doc = _doc_key(v)
    classes = ["v", f"sev-{v.severity}"] + (["is-waived"] if v.waived else []) + (["is-secondary"] if v.secondary else []) \
        + (["is-known"] if v.status == "known" else [])
    tags = ""
    if v.secondary:
        tags += f'<span class="tag secondary"{_attr_i18n("html.secondary_hint", lang, "title")}>{_ui("html.secondary")}</span>'
    if v.waived:
        tags += f'<span class="tag waived">{_ui("report.waived")}</span>'
    if v.status == "known":
        tags += f'<span class="tag known"{_attr_i18n("html.known_hint", lang, "title")}>{_ui("report.col.known")}</span>'
    waiver = ""
    if v.waived:
        w = v.waived
        until_ja, until_en = both("report.waiver_until", until=w.until) if w.until else ("", "")
        waiver = ('<div class="waiver">'
                  + _t(t("report.waived_line", "ja", reason=w.reason, approved_by=w.approved_by, until=until_ja),
                       t("report.waived_line", "en", reason=w.reason, approved_by=w.approved_by, until=until_en))
                  + "</div>")
    doc_title = titles.get(doc)
    doc_cell = (f'<td class="c-doc">{_e(doc_title)}<span class="small mono">{_path(doc)}</span></td>'
                if doc_title else f'<td class="c-doc"><code>{_path(doc)}</code></td>')
    subject = f"<code>{_path(v.subject)}</code>"
    if v.subject_title:
        subject = f'{_e(v.subject_title)}<span class="small mono">{_path(v.subject)}</span>'
    return (
        f'<tbody class="{" ".join(classes)}" id="v-{index}" data-severity="{v.severity}" data-family="{_a(v.family)}" '
        f'data-document="{_a(doc)}" data-rule="{_a(v.rule)}" data-waived="{1 if v.waived else 0}">'
        f'<tr><td class="c-sev"><span class="badge {v.severity}">{_t(*_SEVERITY[v.severity])}</span></td>'
        f'<th scope="row" class="c-rule"><code>{_e(v.rule)}</code><span class="small">{_e(v.name)}</span></th>'
        f'<td class="c-fam">{_t(*_family(v.family))}</td>'
        f"{doc_cell}"
        f'<td class="c-loc"><code>{_path(_where(v))}</code></td>'
        f'<td class="c-msg"><details><summary>{_message(v.message)}{tags}</summary>{_details(v, rule)}</details>{waiver}</td>'
        f'<td class="c-subj">{subject}</td></tr></tbody>'
    )


def _findings(report: Report, lang: str) -> str:
    """The findings, errors first, then by place (shared.by_severity); rows are numbered v-1 … in
    that order."""
    rules = {r.id: r for r in report.rules}
    titles = {d.id: d.title for d in report.documents}
    cols = tuple(f"report.col.{c}" for c in ("severity", "rule", "family", "document", "location", "message", "subject"))
    head = "".join(f'<th scope="col">{_ui(c)}</th>' for c in cols)
    rows = "\n".join(_row(i, v, rules.get(v.rule), titles, lang)
                     for i, v in enumerate(shared.by_severity(report.violations), 1))
    empty = (f'<tbody id="empty"{"" if not report.violations else " hidden"} class="empty">'
             f'<tr><td colspan="{len(cols)}">{_ui("html.none_shown")}</td></tr></tbody>')
    return (
        f'<section id="findings" aria-labelledby="h-findings"><h2 id="h-findings">{_ui("html.findings")}</h2>\n'
        f"{_filters(report, lang)}\n"
        f'<p class="hint">{_ui("html.click_hint")}</p>\n'
        f'<table class="grid findings" id="table"><thead><tr>{head}</tr></thead>\n{rows}\n{empty}</table>\n</section>'
    )


def _unseen_row(index: int, n: NotChecked, rule: RuleInfo | None, titles: dict[str, str]) -> str:
    doc = n.document or n.file
    doc_title = titles.get(doc)
    doc_cell = (f'<td class="c-doc">{_e(doc_title)}<span class="small mono">{_path(doc)}</span></td>'
                if doc_title else f'<td class="c-doc"><code>{_path(doc)}</code></td>')
    subject = f"<code>{_path(n.subject)}</code>"
    if n.subject_title:
        subject = f'{_e(n.subject_title)}<span class="small mono">{_path(n.subject)}</span>'
    title = _t(rule.title.get("ja", ""), rule.title.get("en", "")) if rule is not None else _e(n.name)
    missing = _t(shared.missing_text(n, "ja"), shared.missing_text(n, "en"))
    return (
        f'<tbody class="nc" id="nc-{index}" data-family="{_a(n.family)}" data-document="{_a(doc)}" '
        f'data-rule="{_a(n.rule)}">'
        f'<tr><th scope="row" class="c-rule"><code>{_e(n.rule)}</code><span class="small">{title}</span></th>'
        f'<td class="c-fam">{_t(*_family(n.family))}</td>'
        f"{doc_cell}"
        f'<td class="c-loc"><code>{_path(shared.where(n.file, n.line))}</code></td>'
        f'<td class="c-miss">{missing}</td>'
        f'<td class="c-msg"><span class="badge unseen">{_ui("html.not_checked_mark")}</span> {_message(n.message)}</td>'
        f'<td class="c-subj">{subject}</td></tr></tbody>'
    )


def _not_checked(report: Report, lang: str) -> str:
    """The rules that could not be checked, with filters of their own (the script shows them)."""
    entries = report.not_checked
    rules = {r.id: r for r in report.rules}
    titles = {d.id: d.title for d in report.documents}
    all_opt = f'<option value=""{_attr_i18n("html.all", lang, "text")}>{_a(t("html.all", lang))}</option>'
    fam_opts = [all_opt]
    for fam in sorted({n.family for n in entries}, key=_family_order):
        fam_opts.append(f'<option value="{_a(fam)}"{_attr_i18n(_family(fam), lang, "text")}>{_a(pick(_family(fam), lang))}</option>')
    doc_opts = [all_opt]
    for key in sorted({n.document or n.file for n in entries}):
        doc_opts.append(_doc_option(key, titles, lang))
    total = len(entries)
    count = (f'<p class="count" id="nc-count" aria-live="polite" data-shown="{total}">'
             + _showing(total, "nc-shown") + "</p>")
    filters = (
        f'<div class="filters" id="nc-filters" role="search" hidden{_attr_i18n("html.filters", lang, "aria-label")}>'
        f'<label><span class="lbl">{_ui("report.col.family")}</span> <select id="nc-family">{"".join(fam_opts)}</select></label>'
        f'<label><span class="lbl">{_ui("report.col.document")}</span> <select id="nc-document">{"".join(doc_opts)}</select></label>'
        f'<label><span class="lbl">{_ui("html.search")}</span> '
        f'<input type="search" id="nc-q"{_attr_i18n("html.search_hint", lang, "placeholder")}></label>'
        f'<button type="button" id="nc-reset">{_ui("html.reset")}</button>'
        f"{count}</div>"
    )
    cols = tuple(f"report.col.{c}" for c in ("rule", "family", "document", "location", "missing", "message", "subject"))
    head = "".join(f'<th scope="col">{_ui(c)}</th>' for c in cols)
    rows = "\n".join(_unseen_row(i, n, rules.get(n.rule), titles) for i, n in enumerate(entries, 1))
    empty = (f'<tbody id="nc-empty" hidden class="empty">'
             f'<tr><td colspan="{len(cols)}">{_ui("html.nc_none_shown")}</td></tr></tbody>')
    return (
        f'<section id="not-checked" aria-labelledby="h-not-checked"><h2 id="h-not-checked">{_ui("report.not_checked")}'
        f' ({total})</h2>\n'
        f'<p class="hint">{_ui("report.not_checked_hint")}</p>\n{filters}\n'
        f'<table class="grid findings unseen" id="nc-table"><thead><tr>{head}</tr></thead>\n{rows}\n{empty}</table>\n'
        "</section>"
    )


def _dates(d: DocumentInfo, style: EraStyle = eras.DEFAULT_STYLE) -> tuple[str, str]:
    """The date and period cells of a document, in both languages, years in the report's style."""
    date = _t(shared.date_label(d, "ja", style), shared.date_label(d, "en", style)) if d.date else "—"
    period = (_t(shared.show_period(d.period, "ja", style), shared.show_period(d.period, "en", style))
              if d.period else "—")
    return date, period


def _references(report: Report, style: EraStyle = eras.DEFAULT_STYLE) -> str:
    rows = []
    for d in shared.reference_documents(report):
        date, period = _dates(d, style)
        rows.append(
            f'<tr><th scope="row"><code>{_path(d.id)}</code></th><td>{_e(d.title)}</td>'
            f'<td>{_t(shared.kind_label(d.kind, "ja"), shared.kind_label(d.kind, "en"))}</td>'
            f'<td>{_t(shared.owner(d, "ja"), shared.owner(d, "en"))}</td><td class="nw">{date}</td><td class="nw">{period}</td>'
            f'<td><code>{_path(d.file)}</code>'
            + (f' <span class="tag known">{_ui("report.col.bundled")}</span>' if d.bundled else "") + "</td></tr>")
    cols = "".join(f'<th scope="col">{h}</th>' for h in (
        "ID", _ui("report.col.document"), _ui("report.col.kind"), _ui("report.col.owner"), _ui("report.col.date"), _ui("report.col.period"), _ui("report.col.file")))
    return (
        f'<section id="references" aria-labelledby="h-references"><h2 id="h-references">{_ui("report.references")}'
        f" ({len(rows)})</h2>\n"
        f'<p class="hint">{_ui("report.references_hint")}</p>\n'
        f'<div class="scroll"><table class="grid" id="references-table"><thead><tr>{cols}</tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table></div>\n'
        "</section>"
    )


_SVG_TAG = re.compile(r"<svg\b[^>]*>")
_SVG_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')


def _goal_map(goal_map: object, report: Report, lang: str) -> str:
    """The goal map, zoomable and pannable in the page (the script changes the SVG's viewBox), with
    a "this document only" and a depth switch; or, when there is none, why not."""
    head = f'<section id="goal-map" aria-labelledby="h-goal-map"><h2 id="h-goal-map">{_ui("report.goal_map")}</h2>\n'
    if not isinstance(goal_map, str):
        ja = str(getattr(goal_map, "ja", "") or "")
        en = str(getattr(goal_map, "en", "") or "")
        return (head + f'<p class="panel map-missing" id="map-missing">{_ui("report.map_missing")} {_t(ja, en)}</p>\n'
                "</section>")
    start = goal_map.find("<svg")
    body = goal_map[start:] if start > 0 else goal_map  # drop an XML prolog / doctype: not valid inside HTML
    # The SVG scales to the box (its viewBox); its own size in pt would overflow the page.
    body = _SVG_TAG.sub(lambda m: _SVG_SIZE.sub("", m.group(0)), body, count=1)
    return head + _map_tools(report, body, lang) + (
        f'<figure class="map" role="group"{_attr_i18n("report.goal_map", lang, "aria-label")}>'
        f'<div class="map-view" id="map-view">{body}</div></figure>\n</section>')


def _map_tools(report: Report, svg: str, lang: str) -> str:
    """The map's controls (shown by the script): a document to show alone, the depth, zoom."""
    from checker.diagrams._common import doc_class

    all_docs = f'<option value=""{_attr_i18n("html.map_all_docs", lang, "text")}>{_a(t("html.map_all_docs", lang))}</option>'
    options = [all_docs]
    for d in report.documents:
        cls = doc_class(d.id)
        if d.kind == "municipal_strategy" and f"pc_muni {cls}" in svg:
            pair = both("sep.paren", text=d.title, note=d.id)
            options.append(f'<option value="{cls}"{_attr_i18n(pair, lang, "text")}>{_a(pick(pair, lang))}</option>')
    depths = "".join(
        f'<option value="{v}"{_attr_i18n(f"html.depth_{v}", lang, "text")}>{_a(t(f"html.depth_{v}", lang))}</option>'
        for v in ("all", "measures", "goals"))
    buttons = "".join(
        f'<button type="button" id="map-{key}"{_attr_i18n(f"html.zoom_{key}", lang, "aria-label")}>{glyph}</button>'
        for key, glyph in (("in", "+"), ("out", "\u2212")))
    buttons += "".join(f'<button type="button" id="map-{key}">{_ui(f"html.zoom_{key}")}</button>' for key in ("fit", "100"))
    doc_select = (f'<label><span class="lbl">{_ui("html.map_doc")}</span> <select id="map-doc">{"".join(options)}</select></label>'
                  if len(options) > 1 else "")
    return (f'<div class="filters map-tools" id="map-tools" role="toolbar" hidden{_attr_i18n("html.map_tools", lang, "aria-label")}>'
            f'{doc_select}<label><span class="lbl">{_ui("html.map_depth")}</span> <select id="map-depth">{depths}</select></label>'
            f'<span class="zoom">{buttons}</span></div>\n<p class="hint map-hint" hidden>{_ui("html.map_hint")}</p>\n')


def _appendix(report: Report, style: EraStyle = eras.DEFAULT_STYLE) -> str:
    docs = "".join(
        f"<tr><td><code>{_e(d.id)}</code></td><td>{_e(d.title)}</td>"
        + "".join(f'<td class="nw">{cell}</td>' for cell in _dates(d, style)) + f"<td><code>{_e(d.file)}</code></td></tr>"
        for d in report.documents)
    doc_table = (f'<div class="scroll"><table class="grid"><thead><tr><th scope="col">ID</th><th scope="col">{_ui("report.col.document")}</th>'
                 f'<th scope="col">{_ui("report.col.date")}</th><th scope="col">{_ui("report.col.period")}</th>'
                 f'<th scope="col">{_ui("report.col.file")}</th></tr></thead><tbody>{docs}</tbody></table></div>') if docs else ""
    rules = "".join(
        f'<tr><th scope="row"><code>{_e(r.id)}</code><span class="small">{_e(r.name)}</span></th>'
        f'<td><span class="badge {r.severity}">{_t(*_SEVERITY[r.severity])}</span></td>'
        f"<td>{_t(*_family(r.family))}</td>"
        f'<td>{_t(r.title.get("ja", ""), r.title.get("en", ""))}</td>'
        f'<td>{"<br>".join(_e(b) for b in r.basis)}'
        + ("" if r.basis_verified else f' <span class="unverified">{_ui("report.basis_unverified")}</span>') + "</td></tr>"
        for r in report.rules)
    rule_table = (f'<div class="scroll"><table class="grid"><thead><tr><th scope="col">ID</th><th scope="col">{_ui("report.col.severity")}</th>'
                  f'<th scope="col">{_ui("report.col.family")}</th><th scope="col">{_ui("report.col.rule")}</th>'
                  f'<th scope="col">{_ui("report.basis")}</th></tr></thead><tbody>{rules}</tbody></table></div>')
    files = "".join(f"<li>{_e(f)}</li>" for f in report.files)
    return (
        f'<section id="appendix" aria-labelledby="h-appendix"><h2 id="h-appendix">{_ui("html.appendix")}</h2>\n'
        f'<details class="block"><summary>{_ui("html.documents")} ({len(report.documents)})</summary>{doc_table}</details>\n'
        f'<details class="block"><summary>{_ui("html.rules")} ({len(report.rules)})</summary>{rule_table}</details>\n'
        f'<details class="block"><summary>{_ui("report.files")} ({len(report.files)})</summary><ul class="files">{files}</ul></details>\n'
        "</section>"
    )


def render(report: Report, *, lang: str = "ja", colour: bool = False, goal_map_svg: object = None,
           era_style: str = eras.DEFAULT_STYLE, **_: object) -> str:
    """The report as one HTML document. `colour` is for terminals and ignored here.

    goal_map_svg: the goal map (SVG text, api.goal_map_svg); a checker.diagrams.MapUnavailable
    (why there is none: the report says so where the map would be); None: no goal map section.
    era_style: how the report writes years and dates it formats itself (checker.eras)."""
    lang = "en" if lang == "en" else "ja"
    style = eras.era_style(era_style)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}" data-lang="{lang}">',
        _head(report, lang, _JS),
        "<body>",
        _header(report, lang, style),
        _nav(goal_map_svg is not None, report),
        "<main>",
        _summary(report),
        _findings(report, lang),
    ]
    if report.not_checked:
        parts.append(_not_checked(report, lang))
    if shared.reference_documents(report):
        parts.append(_references(report, style))
    if goal_map_svg is not None:
        parts.append(_goal_map(goal_map_svg, report, lang))
    parts += [
        _appendix(report, style),
        "</main>",
        f'<footer><p>{_ui("html.generated")}: plancheck {_e(report.version)} · {_ui("html.offline")}</p></footer>',
        f"<script>{_JS}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"
