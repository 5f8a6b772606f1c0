"""What several reporters say alike: the reference documents a check compared against, with
their dates, and the "not checked" entries (a rule that could not be checked for a subject), in
ja and en.

Formatting only, from the Report's plain data; the texts here are unescaped (each reporter
escapes them for its format)."""

from __future__ import annotations

from typing import Any

from checker import eras, i18n
from checker.fiscal import CalendarError, Period, PlanDate
from checker.i18n import t
from checker.labels import term
from checker.report import SEVERITY_RANK, DocumentInfo, NotChecked, Report, Violation

_LEVELS = {"national": 0, "prefectural": 1}


def json_text(data: Any) -> str:
    """Data as `json.dumps(data, ensure_ascii=False, indent=2)` writes it, and a newline, written by
    orjson: the standard encoder indents in pure Python, a second or more for the report of a
    national check. The two write texts, integers, booleans, null, lists and mappings with text
    keys — everything a report holds — alike (tests/test_report_json.py compares them); what
    orjson refuses (an integer beyond 64 bits) the standard encoder writes."""
    import json

    import orjson

    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"
    except orjson.JSONEncodeError:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def by_severity(violations: tuple[Violation, ...] | list[Violation]) -> list[Violation]:
    """Findings as a reviewer reads them: errors first, then warnings, then info; within each,
    by place (file, line), then rule and subject."""
    return sorted(violations, key=lambda v: (-SEVERITY_RANK[v.severity], v.file, v.line or 0, v.rule, v.subject,
                                             v.related))


def reference_documents(report: Report) -> list[DocumentInfo]:
    """The national and prefectural documents the check compared against, national first, then by
    owner and id: every national one; the prefectural ones of the checked municipal documents'
    prefectures, and any a violation names (a city may refer to another prefecture's strategy).
    Bundled documents of other prefectures are read but not compared, so they are not listed.
    Without municipal documents (checking reference data itself), every one."""
    municipal = [d for d in report.documents if d.level == "municipal"]
    prefectures = {d.prefecture for d in municipal if d.prefecture}
    named = {node.split("#", 1)[0] for v in report.violations for node in v.related}
    return sorted((d for d in report.documents if d.level == "national" or d.level == "prefectural" and (
                   not municipal or (d.prefecture or d.owner) in prefectures or d.id in named)),
                  key=lambda d: (_LEVELS[d.level], d.owner, d.id))


def owner(d: DocumentInfo, lang: str) -> str:
    """Whose document it is: 国 / national government, or the prefecture or municipality named."""
    return t("report.national_government", lang) if d.level == "national" else d.owner


def show_date(text: str, lang: str, style: str | None = None) -> str:
    """A DocumentInfo date for a reader: 2019年12月20日 / 2019-12-20, 2021年3月 / 2021-03, 不明 / unknown;
    with an era style (checker.eras), in that style: R1年12月20日, 令和元年12月20日."""
    if text == "unknown":
        return t("report.unknown", lang)
    if style is not None:
        return eras.iso_date(text, lang, eras.era_style(style))
    try:
        parts = [int(p) for p in text.split("-")]
        date = PlanDate(parts[0], parts[1], parts[2] if len(parts) > 2 else None)
    except (ValueError, IndexError, CalendarError):
        return text
    return i18n.shown(date, lang)


def show_period(text: str, lang: str, style: str | None = None) -> str:
    """A DocumentInfo period for a reader: R2年度〜R6年度 / FY2020–FY2024, 不明 / unknown; with an era
    style (checker.eras), in that style: 令和2年度〜令和6年度, 2020年度〜2024年度."""
    if text == "unknown":
        return t("report.unknown", lang)
    if style is not None:
        return eras.iso_period(text, lang, eras.era_style(style))
    try:
        start, end = text.split("-")
        period = Period(int(start), int(end) if end else None)
    except (ValueError, CalendarError):
        return text
    return i18n.shown(period, lang)


def date_label(d: DocumentInfo, lang: str, style: str | None = None) -> str:
    """The document's date with what it is: 決定 2019年12月20日 / decided 2019-12-20; "" if none."""
    if not d.date:
        return ""
    shown = show_date(d.date, lang, style)
    key = f"report.date_kind.{d.date_kind}"
    return t(key, lang, date=shown) if i18n.has(key) else shown


def period_label(d: DocumentInfo, lang: str, style: str | None = None) -> str:
    """期間 R2年度〜R6年度 / period FY2020–FY2024; "" if none."""
    return t("report.period_of", lang, period=show_period(d.period, lang, style)) if d.period else ""


def dates(d: DocumentInfo, lang: str, style: str | None = None) -> str:
    """Date and period in one phrase: 決定 2019年12月20日、期間 R2年度〜R6年度; "—" when neither is known."""
    parts = [p for p in (date_label(d, lang, style), period_label(d, lang, style)) if p]
    return t("sep.clauses", lang).join(parts) or "—"


def kind_label(kind: str, lang: str) -> str:
    """A document kind as a reader names it: 国の総合戦略 / national strategy."""
    return term(kind, lang)


def missing_label(missing: str, params: dict[str, Any], lang: str) -> str:
    """One thing that could not be seen, briefly: 策定日 / adoption date; KPIの一覧（抜粋）/ the list of
    KPIs (an excerpt); 長野県の県の総合戦略の参照データ / reference data: prefectural strategy of 長野県."""
    if missing == "reference_data":
        what, of = term(params.get("reference", ""), lang), str(params.get("of", "") or "")
        return t("report.missing_reference_of" if of else "report.missing_reference", lang, what=what, of=of)
    if missing.startswith("lists."):
        return t("report.missing_list", lang, part=term(missing[6:], lang))
    return term(missing, lang)


def missing_text(n: NotChecked, lang: str) -> str:
    return t("sep.list", lang).join(missing_label(m, n.params, lang) for m in n.missing)


def message(n: NotChecked, lang: str) -> str:
    return i18n.choose(n.message, lang)


def where(file: str, line: int | None) -> str:
    return f"{file}:{line}" if line else file


def subject(n: NotChecked) -> str:
    """The subject as a reader knows it: its title and id, or its id."""
    return f"{n.subject_title} ({n.subject})" if n.subject_title and n.subject_title != n.subject else n.subject
