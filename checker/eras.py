"""How reports and diagrams show years and dates: one style per output, chosen by `--era-style`.

    short     R2年度   R3年3月27日    R2年度〜R6年度
    long      令和2年度 令和3年3月27日  令和2年度〜令和6年度
    western   2020年度 2021年3月27日  2020年度〜2024年度

English output always shows FY2020, 2021-03-27 and FY2020–FY2024 (an English reader counts in
Gregorian years), whatever the style. An era's first year is 元 (R元年度, 令和元年5月1日).

Checks never read these texts: they compare Gregorian integers and dates (checker.fiscal).
Messages are rendered by the engine when a rule fires, in the default style (they are cached and
compared across runs, so once for every style); `restyle` rewrites the years and dates of a rendered Japanese message into
the reader's style, leaving what a message quotes from a plan (「R2年度3月」) as the plan wrote it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import TYPE_CHECKING, Literal, get_args

from checker.fiscal import CalendarError, Period, PlanDate, YearRef, era_fiscal_year, era_year, parse_date, parse_year
from checker.i18n import t

if TYPE_CHECKING:
    from checker.report import Report

EraStyle = Literal["short", "long", "western"]
ERA_STYLES: tuple[str, ...] = get_args(EraStyle)
DEFAULT_STYLE: EraStyle = "short"

_LETTER = {"昭和": "S", "平成": "H", "令和": "R"}


def era_style(value: object) -> EraStyle:
    """A style given by a caller, or the default when it is not one of ERA_STYLES."""
    return value if value in ERA_STYLES else DEFAULT_STYLE  # type: ignore[return-value]


def _era(text: str, style: EraStyle) -> str:
    """令和2年 → R2年 for the short style."""
    if style == "short":
        for name, letter in _LETTER.items():
            if text.startswith(name):
                return letter + text[len(name):]
    return text


def fiscal_year(fy: int, lang: str = "ja", style: EraStyle = DEFAULT_STYLE) -> str:
    """R2年度 / 令和2年度 / 2020年度; FY2020 in English."""
    if lang != "ja":
        return f"FY{fy}"
    if style == "western":
        return f"{fy}年度"
    try:
        return era_fiscal_year(fy, "long" if style == "long" else "short")
    except CalendarError:
        return f"{fy}年度"


def fiscal_year_short(fy: int, lang: str = "ja", style: EraStyle = DEFAULT_STYLE) -> str:
    """A column head of a time axis: R2 / 令和2 / 2020 (FY2020 in English)."""
    return fiscal_year(fy, lang, style).removesuffix("年度")


def fiscal_year_axis(fy: int, lang: str = "ja", style: EraStyle = DEFAULT_STYLE) -> str:
    """A fiscal year on a diagram's time axis: R2 / 令和2 / 2020; 2020 in English too (the axis is
    headed "Fiscal year")."""
    if lang != "ja":
        return str(fy)
    return fiscal_year_short(fy, lang, style)


def month_of(value: PlanDate, lang: str = "ja") -> str:
    """A date's month in its fiscal year's column of a time axis: 3月; 2021-03 in English."""
    if lang != "ja":
        return f"{value.year}-{value.month:02d}"
    return f"{value.month}月"


def calendar_year(year: int, lang: str = "ja", style: EraStyle = DEFAULT_STYLE) -> str:
    """R2年 / 令和2年 / 2020年; 2020 in English."""
    if lang != "ja":
        return str(year)
    if style == "western":
        return f"{year}年"
    try:
        return _era(era_year(year), style)
    except CalendarError:
        return f"{year}年"


def year(value: YearRef, lang: str = "ja", style: EraStyle = DEFAULT_STYLE) -> str:
    """An indicator's year by its basis: fiscal (年度), calendar (年) or unstated (the bare year)."""
    if value.basis == "fiscal":
        return fiscal_year(value.year, lang, style)
    if value.basis == "calendar":
        return calendar_year(value.year, lang, style)
    return str(value.year)


def date(value: PlanDate | dt.date, lang: str = "ja", style: EraStyle = DEFAULT_STYLE) -> str:
    """R3年3月27日 / 令和3年3月27日 / 2021年3月27日 (a month-precision date without the day);
    2021-03-27 or 2021-03 in English."""
    y, m, d = value.year, value.month, value.day
    if lang != "ja":
        return f"{y:04d}-{m:02d}" + (f"-{d:02d}" if d else "")
    day = f"{d}日" if d else ""
    if style == "western":
        return f"{y}年{m}月{day}"
    try:
        head = _era(era_year(y, m, d or 1), style)
    except CalendarError:
        head = f"{y}年"
    return f"{head}{m}月{day}"


def period(value: Period, lang: str = "ja", style: EraStyle = DEFAULT_STYLE) -> str:
    """R2年度〜R6年度 (R2年度〜 when open-ended, R2年度 for one year); FY2020–FY2024 in English."""
    first = fiscal_year(value.start, lang, style)
    if value.end == value.start:
        return first
    return t("sep.range", lang, start=first, end="" if value.end is None else fiscal_year(value.end, lang, style))


def iso_date(text: str, lang: str = "ja", style: EraStyle = DEFAULT_STYLE) -> str:
    """An ISO date of a report (2026-11-27, 2021-03) in the style; the text itself when it is not one."""
    try:
        parts = [int(p) for p in text.split("-")]
        value = PlanDate(parts[0], parts[1], parts[2] if len(parts) > 2 else None)
    except (ValueError, IndexError, CalendarError):
        return text
    return date(value, lang, style)


def iso_period(text: str, lang: str = "ja", style: EraStyle = DEFAULT_STYLE) -> str:
    """A report's period ("2020-2024", "2020-") in the style; the text itself when it is not one."""
    try:
        start, end = text.split("-")
        value = Period(int(start), int(end) if end else None)
    except (ValueError, CalendarError):
        return text
    return period(value, lang, style)


# What a message quotes from a plan stays as written.
_QUOTED = re.compile(r"(「[^」]*」)")
# A year, fiscal year or date in an era (R2年度, 令和3年3月27日, H27年), or a Gregorian date with
# its month (2021年3月27日). Gregorian years alone (2040年, 2040年度) are how the plan counts — a
# projection's year — and stay; so does anything glued to an id's characters (KPI-R2年度).
_WRITTEN = re.compile(
    r"(?<![A-Za-z0-9_\-/#.])(?:(?P<era>[SHR]|昭和|平成|令和)(?:元|\d{1,2})|(?P<western>\d{4}))年"
    r"(?:(?P<fiscal>度)|(?P<month>\d{1,2})月(?:\d{1,2}日)?)?")


def _rewrite(match: re.Match[str], style: EraStyle) -> str:
    text = match.group(0)
    if match["western"] and not match["month"]:
        return text
    try:
        if match["fiscal"]:
            return fiscal_year(parse_year(text).year, "ja", style)
        if match["month"]:
            return date(parse_date(text), "ja", style)
        return calendar_year(parse_year(text).year, "ja", style)
    except CalendarError:
        return text


def restyle(text: str, style: EraStyle) -> str:
    """A Japanese message with its years and dates in `style` (R2年度 → 令和2年度 or 2020年度,
    2021年3月27日 → R3年3月27日); text in 「」 is a quotation and stays as written."""
    parts = _QUOTED.split(text)
    return "".join(part if i % 2 else _WRITTEN.sub(lambda m: _rewrite(m, style), part) for i, part in enumerate(parts))


def restyled(report: "Report", style: object) -> "Report":
    """The report with the Japanese messages of its findings and not-checked entries in `style`.
    The engine writes messages in the default style already (checker.engine.show), with the plan's
    own notation of a year where it quotes one (R1年, 2040年度): in that style they stay as written."""
    chosen = era_style(style)
    if chosen == DEFAULT_STYLE:
        return report

    def message(texts: dict[str, str]) -> dict[str, str]:
        return {**texts, "ja": restyle(texts["ja"], chosen)} if "ja" in texts else texts

    return dataclasses.replace(
        report,
        violations=tuple(dataclasses.replace(v, message=message(v.message)) for v in report.violations),
        not_checked=tuple(dataclasses.replace(n, message=message(n.message)) for n in report.not_checked))
