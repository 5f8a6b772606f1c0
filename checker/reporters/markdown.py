"""Markdown report, for pasting into a review comment (GitHub/GitLab-flavoured tables).

A heading with the check date, version and what was read; a summary (severity × count, family ×
count, of the violations that count); then the active violations grouped by document as a table
| 重大度 | ルール | 場所 | 内容 | (English headers with lang="en"); waived violations follow in their
own section with the waiver's reason, approver and expiry. Violations resting on a secondary or
unverified source are marked, so are those accepted in a baseline (既知 / known); baseline entries
that no longer occur are counted and listed (解消済み / fixed). Rules that could not be checked
(an unknown fact, an excerpt, missing reference data) follow in a section 確認できなかった項目 /
Not checked — | ルール | 対象 | 場所 | 不明な点 | 内容 |, counted apart, never as violations — and
last the national and prefectural documents compared against, with their dates (参照した文書).

Plan text is untrusted: in every cell and heading `&`, `<`, `>`, `|`, backticks and `@` become
HTML entities, Markdown emphasis/link characters are backslash-escaped and newlines become `<br>`
(spaces in headings), so a title cannot break a table, open a code span, ping someone or inject
HTML. Other control and format characters are shown as marks (checker.escaping.visible: ESC as
␛, U+202E as <U+202E>, U+2028 as <U+2028>), so no line separator splits a row and no bidi
override reorders what a reviewer reads."""

from __future__ import annotations

import re
from itertools import groupby

from checker.escaping import visible
from checker.i18n import t
from checker.labels import family_label, severity_label
from checker.report import SEVERITIES, Report, Violation
from checker.reporters import shared

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "`": "&#96;", "@": "&#64;"}
_SPECIAL = re.compile(r"[&<>|`@\\*_\[\]~]")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def escape(text: str, *, newline: str = "<br>") -> str:
    """Plan text made inert for a Markdown table cell (or, with newline=" ", a heading)."""
    def one(match: re.Match[str]) -> str:
        char = match.group(0)
        return _ENTITIES.get(char, "\\" + char)

    lines = _NEWLINE.split(visible(str(text).strip(), keep="\n"))
    return newline.join(_SPECIAL.sub(one, line) for line in lines)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(headers: list[str], rows: list[list[str]], numeric: tuple[int, ...] = ()) -> list[str]:
    rule = ["---:" if i in numeric else "---" for i in range(len(headers))]
    return [_row(headers), _row(rule)] + [_row(r) for r in rows]


def _severity(severity: str, lang: str) -> str:
    return severity_label(severity, lang)


def _family(family: str, lang: str) -> str:
    return escape(family_label(family, lang))


def _where(v: Violation) -> str:
    return escape(f"{v.file}:{v.line}" if v.line else v.file)


def _message(v: Violation, lang: str) -> str:
    text = escape(v.message.get(lang, ""))
    text = f"{text} {t('markdown.secondary', lang)}" if v.secondary else text
    return f"{text} {t('markdown.known_mark', lang)}" if v.status == "known" else text


def _cells(v: Violation, lang: str) -> list[str]:
    return [_severity(v.severity, lang), escape(f"{v.rule} {v.name}"), _where(v), _message(v, lang)]


def _group_key(v: Violation) -> str:
    return v.document or v.file


def render(report: Report, *, lang: str = "ja", colour: bool = False, era_style: str = "short",
           **_: object) -> str:
    out: list[str] = [f"## {t('report.title_results', lang)}", ""]
    facts = [f"{t('markdown.as_of', lang)} {escape(report.as_of)}"] if report.as_of else []
    if report.version:
        facts.append(f"plancheck {escape(report.version)}")
    facts.append(t("markdown.read", lang, files=len(report.files), rules=len(report.rules)))
    out += [" · ".join(facts), ""]

    summary = report.summary()
    severity_rows = [[_severity(s, lang), str(summary["by_severity"][s])] for s in SEVERITIES]
    severity_rows.append([t("report.waived", lang), str(summary["waived"])])
    if summary["known"]:
        severity_rows.append([t("report.col.known", lang), str(summary["known"])])
    if summary["baseline_fixed"]:
        severity_rows.append([t("markdown.fixed", lang), str(summary["baseline_fixed"])])
    if summary["not_checked"]:
        severity_rows.append([t("report.not_checked_mark", lang), str(summary["not_checked"])])
    out += _table([t("report.col.severity", lang), t("report.col.count", lang)], severity_rows, numeric=(1,)) + [""]
    if summary["by_family"]:
        family_rows = [[_family(f, lang), str(n)] for f, n in summary["by_family"].items()]
        out += _table([t("report.col.family", lang), t("report.col.count", lang)], family_rows, numeric=(1,)) + [""]
    if len(summary["by_municipality"]) > 1:
        rows = [[escape(owner), *(str(c[s]) for s in SEVERITIES)] for owner, c in summary["by_municipality"].items()]
        out += _table([t("report.col.municipality", lang), *(_severity(s, lang) for s in SEVERITIES)], rows,
                      numeric=(1, 2, 3)) + [""]
    if not report.violations:
        out += [t("report.clean", lang), ""]

    titles = {d.id: d.title for d in report.documents}
    headers = [t(f"report.col.{k}", lang) for k in ("severity", "rule", "location", "message")]
    active = sorted(report.active, key=Violation.sort_key)  # problems outside documents first, by file
    for key, group in groupby(active, key=_group_key):
        heading = t("sep.paren", lang, text=titles[key], note=key) if key in titles else key
        out += [f"### {escape(heading, newline=' ')}", ""]
        out += _table(headers, [_cells(v, lang) for v in group]) + [""]

    waived = [v for v in report.violations if v.status == "waived"]
    if waived:
        out += [f"### {t('report.waived', lang)}", ""]
        extra = [t(f"report.col.{k}", lang) for k in ("reason", "approved_by", "until")]
        rows = []
        for v in sorted(waived, key=Violation.sort_key):
            assert v.waived is not None
            until = v.waived.until or t("markdown.no_expiry", lang)
            rows.append(_cells(v, lang) + [escape(v.waived.reason), escape(v.waived.approved_by), escape(until)])
        out += _table(headers + extra, rows) + [""]
    if report.baseline_fixed:
        out += [f"### {t('markdown.fixed', lang)}", ""]
        rows = [[escape(str(f.get("rule", ""))), escape(str(f.get("subject", ""))), escape(str(f.get("message", "")))]
                for f in report.baseline_fixed]
        out += _table([t(f"report.col.{k}", lang) for k in ("rule", "subject", "message")], rows) + [""]
    out += _not_checked(report, lang)
    out += _references(report, lang, era_style)
    return "\n".join(out).rstrip("\n") + "\n"


def _not_checked(report: Report, lang: str) -> list[str]:
    if not report.not_checked:
        return []
    rows = [[escape(n.rule), escape(shared.subject(n)), escape(shared.where(n.file, n.line)),
             escape(shared.missing_text(n, lang)), escape(shared.message(n, lang))] for n in report.not_checked]
    hint = escape(t("report.not_checked_hint", lang), newline=" ")
    return ([f"### {t('report.not_checked', lang)}", "", hint, ""]
            + _table([t(f"report.col.{k}", lang) for k in ("rule", "subject", "location", "missing", "message")], rows)
            + [""])


def _references(report: Report, lang: str, style: str | None = None) -> list[str]:
    docs = shared.reference_documents(report)
    if not docs:
        return []
    rows = [[escape(d.id), escape(d.title), escape(shared.owner(d, lang)), escape(shared.date_label(d, lang, style) or "—"),
             escape(shared.show_period(d.period, lang, style) if d.period else "—")] for d in docs]
    return ([f"### {t('report.references', lang)}", ""]
            + _table(["ID", *(t(f"report.col.{k}", lang) for k in ("document", "owner", "date", "period"))], rows)
            + [""])
