"""PDF report for circulating on paper (決裁): A4, Japanese fonts embedded, page numbers, a running
header (municipality, as-of date, plancheck version) on every page.

What is in it, in order: a cover summary (counts by severity and family, by municipality when
there are several); the findings, errors first, then by place, each with its message, location,
document, subject and the rule's 理由 (rationale) and 根拠 (basis) written out; the rules that could
not be checked (確認できなかった項目, never counted); the national and prefectural documents
compared against; and the goal map alone on a landscape page (or, when there is none, why not).

The PDF is laid out by WeasyPrint from HTML and CSS paged media (@page, running strings,
counter(page)). WeasyPrint is imported here, only when a PDF is made; it needs the Pango library
(the Makefile installs it). It fetches nothing: every URL is refused, the SVG is inline. All plan
text is escaped as in the HTML report (checker.escaping)."""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from typing import Any

from checker import eras
from checker.eras import EraStyle
from checker.errors import PlancheckError
from checker.escaping import visible
from checker.i18n import both, choose, pick, t
from checker.labels import FAMILIES, family_label, severity_label
from checker.report import SEVERITIES, NotChecked, Report, RuleInfo, Violation
from checker.reporters import shared

_CSS = """
@page{size:A4;margin:22mm 15mm 18mm;
  @top-left{content:string(head);font-size:8pt;color:#444;vertical-align:bottom;padding-bottom:2mm}
  @top-right{content:string(meta);font-size:8pt;color:#444;vertical-align:bottom;padding-bottom:2mm}
  @bottom-center{content:counter(page) " / " counter(pages);font-size:9pt;color:#444}}
@page map{size:A4 landscape;margin:16mm 12mm 14mm}
html{font-family:"IPAGothic","IPAPGothic","IPAexGothic","Noto Sans CJK JP","Noto Sans JP",sans-serif;
  font-size:9.5pt;line-height:1.5;color:#111}
body{margin:0}
.run-head{string-set:head content()}
.run-meta{string-set:meta content()}
.running{height:0;overflow:hidden;margin:0}
h1{font-size:18pt;margin:0 0 2mm;color:#1f3a5f}
h2{font-size:12.5pt;margin:7mm 0 3mm;padding:0 0 1mm 2.5mm;border-left:1.2mm solid #1f3a5f;
  break-after:avoid}
.sub{color:#555;margin:0 0 5mm}
table{border-collapse:collapse}
table.meta td,table.meta th{padding:1mm 4mm 1mm 0;text-align:left;vertical-align:top}
table.meta th{color:#555;font-weight:normal;white-space:nowrap}
table.grid{width:100%;margin:0 0 3mm}
table.grid th,table.grid td{border:0.3mm solid #c9ced6;padding:1mm 2mm;text-align:left;vertical-align:top}
table.grid thead th{background:#e9edf3}
table.grid td.n,table.grid th.n{text-align:right;width:18mm}
table.counts{width:auto;min-width:90mm}
.badge{display:inline-block;border-radius:1mm;padding:0 1.6mm;font-size:8.5pt;font-weight:bold;color:#fff}
.badge.error{background:#b3261e}.badge.warning{background:#e8a317;color:#2b1d00}.badge.info{background:#1c5fb8}
.badge.unseen{background:#e7f0fc;color:#1c5fb8;border:0.2mm solid #1c5fb8}
.finding{border:0.3mm solid #c9ced6;border-left:1.6mm solid #999;padding:2mm 3mm;margin:0 0 3mm;
  break-inside:avoid}
.finding.error{border-left-color:#b3261e}.finding.warning{border-left-color:#e8a317}.finding.info{border-left-color:#1c5fb8}
.finding.waived{color:#555;background:#f5f5f5}
.finding .head{margin:0 0 1mm}
.finding .head .no{color:#666;margin-right:1.5mm}
.finding .head code{font-weight:bold;margin:0 1.5mm}
.finding .head .title{color:#333}
.finding .msg{font-size:10.5pt;margin:0 0 1.5mm}
.finding dl{display:grid;grid-template-columns:17mm 1fr;gap:0.5mm 3mm;margin:0;font-size:8.8pt}
.finding dl{margin:0}
.finding dt{color:#555;font-weight:bold;float:left;clear:left;width:17mm}
.finding dd{margin:0 0 0.6mm 20mm}
.finding ul{margin:0;padding-left:4mm}
.note{color:#7a4d00}
code,.mono{font-family:"IPAGothic","DejaVu Sans Mono",monospace;font-size:8.5pt;overflow-wrap:anywhere}
.hint{color:#555;font-size:8.5pt;margin:0 0 2mm}
section.map{page:map;break-before:page}
section.map h2{margin-top:0}
section.map .figure{width:100%;height:165mm;text-align:center}
section.map svg{width:100%;height:100%}
.missing{border:0.4mm dashed #999;padding:4mm;color:#444}
footer{margin-top:8mm;color:#666;font-size:8pt}
"""


def _e(text: object) -> str:
    """Plan text as element content: escaped, invisible and control characters as visible marks."""
    return escape(visible(str(text), keep="\n"), quote=False).replace("\n", "<br>")


def _where(file: str, line: int | None) -> str:
    return f"{file}:{line}" if line else file


def _municipalities(report: Report) -> list[str]:
    return sorted({d.owner for d in report.documents if d.level == "municipal" and d.owner})


def _head_text(report: Report, lang: str) -> str:
    names = _municipalities(report)
    shown = t("sep.list", lang).join(names[:3])
    if len(names) > 3:
        shown += t("report.more_municipalities", lang, n=len(names) - 3)
    title = t("report.title", lang)
    return f"{title} — {shown}" if shown else title


def _meta_text(report: Report, lang: str, style: EraStyle) -> str:
    as_of = eras.iso_date(report.as_of, lang, style) if report.as_of else "—"
    return t("pdf.meta", lang, as_of=t("report.as_of", lang), when=as_of, version=report.version or "—")


def _cover(report: Report, lang: str, style: EraStyle) -> str:
    s = report.summary()
    names = _municipalities(report)
    rows = [(t("pdf.municipality", lang), t("sep.list", lang).join(names) or "—"),
            (t("report.as_of", lang), eras.iso_date(report.as_of, lang, style) if report.as_of else "—"),
            (t("report.version", lang), f"plancheck {report.version or '—'}"),
            (t("report.files", lang), str(len(report.files))),
            (t("pdf.rules", lang), str(len(report.rules)))]
    meta = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in rows)
    sev_rows = "".join(f'<tr><td><span class="badge {sev}">{_e(severity_label(sev, lang))}</span></td>'
                       f'<td class="n">{s["by_severity"][sev]}</td></tr>' for sev in SEVERITIES)
    extra = [("pdf.total", s["total"])] + [(words, n) for n, words in ((s["waived"], "report.waived"),
                                                                        (s["known"], "pdf.known")) if n]
    sev_rows += "".join(f'<tr><th>{_e(t(words, lang))}</th><td class="n">{n}</td></tr>' for words, n in extra)
    if s["not_checked"]:
        sev_rows += (f'<tr><th>{_e(t("report.not_checked", lang))}</th>'
                     f'<td class="n">{s["not_checked"]}</td></tr>')
    out = [f'<h1>{_e(t("report.title", lang))}</h1><p class="sub">{_e(t("pdf.subtitle", lang))}</p>',
           f'<table class="meta">{meta}</table>',
           f'<h2>{_e(t("report.summary", lang))}</h2>',
           f'<table class="grid counts"><thead><tr><th>{_e(t("report.col.severity", lang))}</th>'
           f'<th class="n">{_e(t("report.col.count", lang))}</th></tr></thead><tbody>{sev_rows}</tbody></table>']
    if s["by_family"]:
        order = list(FAMILIES)
        fams = sorted(s["by_family"].items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else 99, kv[0]))
        fam_rows = "".join(f'<tr><td>{_e(family_label(f, lang))}</td><td class="n">{n}</td></tr>'
                           for f, n in fams)
        out.append(f'<table class="grid counts"><thead><tr><th>{_e(t("pdf.by_family", lang))}</th>'
                   f'<th class="n">{_e(t("report.col.count", lang))}</th></tr></thead><tbody>{fam_rows}</tbody></table>')
    if len(s["by_municipality"]) > 1:
        head = "".join(f'<th class="n">{_e(severity_label(sev, lang))}</th>' for sev in SEVERITIES)
        body = "".join(f"<tr><td>{_e(owner)}</td>" + "".join(f'<td class="n">{c[sev]}</td>' for sev in SEVERITIES)
                       + "</tr>" for owner, c in s["by_municipality"].items())
        out.append(f'<table class="grid counts"><thead><tr><th>{_e(t("report.by_municipality", lang))}</th>{head}</tr>'
                   f"</thead><tbody>{body}</tbody></table>")
    return "\n".join(out)


def _finding(no: int, v: Violation, rule: RuleInfo | None, titles: dict[str, str], lang: str) -> str:
    classes = f"finding {v.severity}" + (" waived" if v.waived else "")
    title = _e(choose(rule.title, lang)) if rule is not None else ""
    head = (f'<p class="head"><span class="no">{no}.</span><span class="badge {v.severity}">'
            f'{_e(severity_label(v.severity, lang))}</span><code>{_e(v.rule)}</code>'
            f'<span class="title">{title}</span></p>')
    items: list[tuple[str, str]] = [(t("report.col.location", lang), f"<code>{_e(_where(v.file, v.line))}</code>")]
    doc = v.document or ""
    if doc:
        items.append((t("report.col.document", lang),
                      _e(t("sep.paren", lang, text=titles[doc], note=doc) if doc in titles else doc)))
    subject = t("sep.paren", lang, text=v.subject_title, note=v.subject)
    items.append((t("report.col.subject", lang), _e(subject if v.subject_title and v.subject_title != v.subject else v.subject)))
    if rule is not None:
        items.append((t("report.rationale", lang), _e(choose(rule.rationale, lang))))
        basis = "".join(f"<li>{_e(b)}</li>" for b in rule.basis) or "<li>—</li>"
        mark = "" if rule.basis_verified else f' <span class="note">{_e(t("report.basis_unverified", lang))}</span>'
        items.append((t("report.basis", lang), f"<ul>{basis}</ul>{mark}"))
    else:
        items.append((t("report.col.rule", lang), _e(t("report.no_rule", lang))))
    if v.related:
        items.append((t("report.related", lang), "<br>".join(f"<code>{_e(r)}</code>" for r in v.related)))
    if v.secondary:
        items.append(("※", f'<span class="note">{_e(t("pdf.secondary", lang))}</span>'))
    if v.status == "known":
        items.append(("※", _e(t("pdf.known_mark", lang))))
    if v.waived is not None:
        w = v.waived
        until = t("report.waiver_until", lang, until=w.until) if w.until else ""
        text = t("pdf.waiver", lang, reason=w.reason, approved_by=w.approved_by, until=until)
        items.append((t("report.waiver", lang), _e(text)))
    dl = "".join(f"<dt>{_e(k)}</dt><dd>{v_}</dd>" for k, v_ in items)
    return (f'<div class="{classes}" id="f-{no}">{head}<p class="msg">{_e(choose(v.message, lang))}</p>'
            f"<dl>{dl}</dl></div>")


def _findings(report: Report, lang: str) -> str:
    rules = {r.id: r for r in report.rules}
    titles = {d.id: d.title for d in report.documents}
    ordered = shared.by_severity(report.violations)
    body = "\n".join(_finding(i, v, rules.get(v.rule), titles, lang) for i, v in enumerate(ordered, 1))
    if not ordered:
        body = f"<p>{_e(t('report.clean', lang))}</p>"
    return f'<section id="findings"><h2>{_e(t("pdf.findings", lang))} ({len(ordered)})</h2>\n{body}</section>'


def _not_checked_row(n: NotChecked, rules: dict[str, RuleInfo], lang: str) -> str:
    rule = rules.get(n.rule)
    title = _e(choose(rule.title, lang)) if rule is not None else ""
    return (f'<tr><td><code>{_e(n.rule)}</code><br>{title}</td><td>{_e(shared.subject(n))}</td>'
            f'<td><code>{_e(_where(n.file, n.line))}</code></td><td>{_e(shared.missing_text(n, lang))}</td></tr>')


def _not_checked(report: Report, lang: str) -> str:
    if not report.not_checked:
        return ""
    rules = {r.id: r for r in report.rules}
    head = "".join(f"<th>{_e(t(f'report.col.{k}', lang))}</th>" for k in ("rule", "subject", "location", "missing"))
    rows = "".join(_not_checked_row(n, rules, lang) for n in report.not_checked)
    return (f'<section id="not-checked"><h2>{_e(t("report.not_checked", lang))} ({len(report.not_checked)})</h2>'
            f'<p class="hint">{_e(t("report.not_checked_hint", lang))}</p>'
            f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></section>')


def _references(report: Report, lang: str, style: EraStyle) -> str:
    docs = shared.reference_documents(report)
    if not docs:
        return ""
    rows = "".join(f"<tr><td><code>{_e(d.id)}</code></td><td>{_e(d.title)}</td>"
                   f"<td>{_e(shared.kind_label(d.kind, lang))}</td><td>{_e(shared.dates(d, lang, style))}</td></tr>"
                   for d in docs)
    head = "".join(f"<th>{_e(h)}</th>" for h in ("ID", t("report.col.document", lang), t("report.col.kind", lang), t("pdf.date", lang)))
    return (f'<section id="references"><h2>{_e(t("report.references", lang))} ({len(docs)})</h2>'
            f'<p class="hint">{_e(t("report.references_hint", lang))}</p>'
            f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></section>')


def _goal_map(goal_map: object, lang: str) -> str:
    head = f'<section class="map" id="goal-map"><h2>{_e(t("report.goal_map", lang))}</h2>'
    if isinstance(goal_map, str):
        start = goal_map.find("<svg")
        svg = goal_map[start:] if start >= 0 else ""
        # The map fills the landscape page: its viewBox scales, its own size in pt would not fit.
        svg = re.sub(r"<svg\b[^>]*>", lambda m: re.sub(r'\s(?:width|height)="[^"]*"', "", m.group(0)), svg, count=1)
        return f'{head}<div class="figure">{svg}</div></section>'
    ja, en = str(getattr(goal_map, "ja", "") or ""), str(getattr(goal_map, "en", "") or "")
    return (f'{head}<p class="missing">{_e(t("report.map_missing", lang))} {_e(pick((ja, en or ja), lang))}</p>'
            "</section>")


def html(report: Report, *, lang: str = "ja", goal_map_svg: object = None,
         era_style: str = eras.DEFAULT_STYLE) -> str:
    """The paged HTML that becomes the PDF (also useful to look at in a browser's print preview)."""
    lang = "en" if lang == "en" else "ja"
    style = eras.era_style(era_style)
    created = (report.as_of or dt.date.today().isoformat())
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{_e(_head_text(report, lang))}</title>",
        '<meta name="generator" content="plancheck">',
        f'<meta name="dcterms.created" content="{escape(created)}">',
        f'<meta name="dcterms.modified" content="{escape(created)}">',
        f"<style>{_CSS}</style></head><body>",
        f'<div class="running"><span class="run-head">{_e(_head_text(report, lang))}</span>'
        f'<span class="run-meta">{_e(_meta_text(report, lang, style))}</span></div>',
        _cover(report, lang, style),
        _findings(report, lang),
        _not_checked(report, lang),
        _references(report, lang, style),
    ]
    parts.append(f"<footer>{_e(t('pdf.generated', lang, version=report.version or ''))}</footer>")
    if goal_map_svg is not None:  # last, alone on its landscape page
        parts.append(_goal_map(goal_map_svg, lang))
    parts.append("</body></html>")
    return "\n".join(p for p in parts if p)


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint's URL fetcher: the report loads nothing (no files, no network)."""
    raise ValueError(f"plancheck PDF reports load nothing: {url[:80]}")


def render(report: Report, *, lang: str = "ja", colour: bool = False, goal_map_svg: object = None,
           era_style: str = eras.DEFAULT_STYLE, **_: object) -> bytes:
    """The report as PDF bytes (WeasyPrint). `colour` is accepted for the common interface."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the package is there, the Pango library is not
        raise PlancheckError(*both("pdf.needs_weasyprint", exc=exc)) from None
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # its CSS warnings are not the user's business
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document = weasyprint.HTML(string=html(report, lang=lang, goal_map_svg=goal_map_svg, era_style=era_style),
                               base_url=None, url_fetcher=_no_fetch)
    data: bytes = document.write_pdf()
    return data
