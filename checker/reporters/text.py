"""Terminal report: grouped by document, then family; Japanese by default; colours on a
terminal; one line per violation with file:line, severity, rule id and message. After a
document's findings, its rules that could not be checked (確認できなかった項目 / not checked: an
unknown fact, an excerpt, missing reference data), one line each, marked 確認できず / not checked
instead of a severity and never counted. Before the summary, the national and prefectural
documents compared against (参照した文書), with their dates and periods.

Plan text (titles, ids, file names, messages rendered from plan data, waiver reasons, baseline
entries) goes through checker.escaping.visible: a control or format character is shown as a mark
(ESC as ␛, a line break as ⏎, U+202E as <U+202E>), so a title cannot clear the screen, set the
window title, open a hyperlink, reorder the line or forge another report line. The only escape
sequences in the output are the reporter's own colours, on a terminal."""

from __future__ import annotations

from itertools import groupby

import click

from checker.escaping import visible as _v
from checker.i18n import t
from checker.labels import family_label, severity_label
from checker.report import SEVERITIES, NotChecked, Report, Violation
from checker.reporters import shared

_TINT = {"error": "red", "warning": "yellow", "info": "cyan"}


def _line(v: Violation, lang: str, colour: bool) -> str:
    tint = _TINT[v.severity]
    where = _v(f"{v.file}:{v.line}" if v.line else v.file)
    severity = severity_label(v.severity, lang)
    note = t("report.secondary_note", lang) if v.secondary else ""
    text = f"  {where}  {severity}  {_v(v.rule)}  {_v(v.message[lang])}{note}"
    if v.waived:
        text = f"{text}  [{t('report.waived_because', lang, reason=_v(v.waived.reason))}]"
        return click.style(text, dim=True) if colour else text
    if v.status == "known":  # accepted in the baseline: shown, dimmed like a waived one
        text = f"{text}  [{t('report.known', lang)}]"
        return click.style(text, dim=True) if colour else text
    if colour:
        text = text.replace(f"  {severity}  ", "  " + click.style(severity, fg=tint, bold=True) + "  ", 1)
    return text


def _unseen_line(n: NotChecked, lang: str, colour: bool) -> str:
    mark = t("report.not_checked_mark", lang)
    if colour:
        mark = click.style(mark, fg=_TINT["info"])
    return f"  {_v(shared.where(n.file, n.line))}  {mark}  {_v(n.rule)}  {_v(shared.message(n, lang))}"


def _references(report: Report, lang: str, style: str | None = None) -> list[str]:
    """参照した文書: one line per national or prefectural document compared against, with its dates."""
    docs = shared.reference_documents(report)
    if not docs:
        return []
    width = max(len(d.id) for d in docs)
    return [f"{t('report.references', lang)}:"] + [
        _v(f"  {d.id:<{width}}  {shared.dates(d, lang, style)}  {d.title}") for d in docs] + [""]


def render(report: Report, *, lang: str = "ja", colour: bool = False, era_style: str = "short",
           **_: object) -> str:
    """The terminal report; `era_style` (checker.eras) for the dates and periods it writes itself."""
    out: list[str] = []
    by_doc = sorted(report.violations, key=lambda v: (v.document or v.file, v.family, v.sort_key()))
    unseen: dict[str, list[NotChecked]] = {}
    for n in report.not_checked:
        unseen.setdefault(n.document or n.file, []).append(n)
    found = {doc: list(items) for doc, items in groupby(by_doc, key=lambda v: v.document or v.file)}
    titles = {d.id: d.title for d in report.documents}
    for doc in sorted({*found, *unseen}):
        heading = _v(f"{titles[doc]} ({doc})" if doc in titles else doc)
        out.append(click.style(heading, bold=True) if colour else heading)
        for family, group in groupby(found.get(doc, []), key=lambda v: v.family):
            out.append(f" [{_v(family_label(family, lang))}]")
            out.extend(_line(v, lang, colour) for v in group)
        if doc in unseen:  # at info level: neither found nor passed, never counted
            out.append(f" [{t('text.not_checked_group', lang)}]")
            out.extend(_unseen_line(n, lang, colour) for n in unseen[doc])
        out.append("")
    if report.baseline_fixed:
        out.append(t("text.baseline_fixed", lang))
        out.extend(_v(f"  {f.get('rule', '')}  {f.get('subject', '')}  {f.get('message', '')}")
                   for f in report.baseline_fixed)
        out.append("")
    out.extend(_references(report, lang, era_style))
    s = report.summary()
    if len(s["by_municipality"]) > 1:
        out.append(t("text.by_municipality", lang))
        for owner, c in s["by_municipality"].items():
            out.append(f"  {_v(owner)}  " + ("  ".join(f"{severity_label(k, lang)} {c[k]}" for k in SEVERITIES)))
        out.append("")
    counts = s["by_severity"]
    summary = t("text.summary", lang, files=len(report.files), rules=len(report.rules), **counts)
    for count, part in ((s["known"], "known"), (s["waived"], "waived"), (s["baseline_fixed"], "fixed"),
                        (s["not_checked"], "not_checked")):
        if count:
            summary += t(f"text.summary_{part}", lang, n=count)
    if not report.violations:
        summary += t("text.summary_clean", lang)
    out.append(summary)
    return "\n".join(out) + "\n"
