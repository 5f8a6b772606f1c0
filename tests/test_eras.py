"""checker.eras: one way to write years and dates per output (--era-style short|long|western)."""

from __future__ import annotations

import datetime as dt

import pytest

from checker import eras
from checker.fiscal import parse_date, parse_period, parse_year


@pytest.mark.parametrize(("style", "fy", "date", "period", "year"), [
    ("short", "R2年度", "R3年3月27日", "R2年度〜R6年度", "R元年"),
    ("long", "令和2年度", "令和3年3月27日", "令和2年度〜令和6年度", "令和元年"),
    ("western", "2020年度", "2021年3月27日", "2020年度〜2024年度", "2019年"),
])
def test_styles(style: eras.EraStyle, fy: str, date: str, period: str, year: str) -> None:
    assert eras.fiscal_year(2020, "ja", style) == fy
    assert eras.date(parse_date("2021-03-27"), "ja", style) == date
    assert eras.period(parse_period("R2", "R6"), "ja", style) == period
    assert eras.year(parse_year("2019年"), "ja", style) == year
    assert eras.iso_date("2021-03-27", "ja", style) == date
    assert eras.iso_period("2020-2024", "ja", style) == period


def test_english_is_always_gregorian() -> None:
    for style in eras.ERA_STYLES:
        assert eras.fiscal_year(2020, "en", style) == "FY2020"  # type: ignore[arg-type]
        assert eras.period(parse_period("R2", None), "en", style) == "FY2020–"  # type: ignore[arg-type]
        assert eras.date(dt.date(2019, 5, 1), "en", style) == "2019-05-01"  # type: ignore[arg-type]


def test_era_boundaries_and_months() -> None:
    assert eras.date(parse_date("2019-04-30"), "ja", "short") == "H31年4月30日"
    assert eras.date(parse_date("2019-05-01"), "ja", "long") == "令和元年5月1日"
    assert eras.date(parse_date("R2年度3月"), "ja", "short") == "R3年3月"  # 年度 + month is the next calendar year
    assert eras.fiscal_year(2019, "ja", "short") == "R元年度"
    assert eras.period(parse_period("R2", "R2"), "ja", "long") == "令和2年度"
    assert eras.iso_date("not a date") == "not a date" and eras.iso_period("unknown") == "unknown"
    assert eras.era_style("heisei") == eras.DEFAULT_STYLE == "short"


def test_reports_write_their_own_dates_in_the_style() -> None:
    """The reference documents' dates and periods, written by the reporters, follow --era-style."""
    from checker.report import DocumentInfo, Report
    from checker.reporters import render

    report = Report(violations=(), as_of="2026-11-27", version="0.1.0", documents=(
        DocumentInfo("national/strategy-2", "national_strategy", "第2期総合戦略", "national.yaml", True, owner="国",
                     level="national", date="2019-12-20", date_kind="decided", period="2020-2024"),
        DocumentInfo("city/strategy-2", "municipal_strategy", "例市総合戦略", "city.yaml", False, owner="例市",
                     level="municipal", prefecture="例県")))
    for fmt in ("text", "markdown", "html"):
        long = str(render(report, fmt, "ja", era_style="long"))
        assert "令和元年12月20日" in long and "令和2年度〜令和6年度" in long, fmt
        western = str(render(report, fmt, "ja", era_style="western"))
        assert "2019年12月20日" in western and "2020年度〜2024年度" in western and "令和" not in western, fmt
        assert "FY2020–FY2024" in str(render(report, fmt, "en", era_style="long")), fmt
    assert "令和8年11月27日" in str(render(report, "html", "ja", era_style="long"))  # the as-of date in the header


@pytest.mark.parametrize(("style", "expected"), [
    ("short", "公表 R3年3月27日 は開始 R2年度 より後（「R2年度3月」）、H27年、R元年度、2040年、2040年度、KPI-R2年度"),
    ("long", "公表 令和3年3月27日 は開始 令和2年度 より後（「R2年度3月」）、平成27年、令和元年度、2040年、2040年度、KPI-R2年度"),
    ("western", "公表 2021年3月27日 は開始 2020年度 より後（「R2年度3月」）、2015年、2019年度、2040年、2040年度、KPI-R2年度"),
])
def test_messages_are_restyled_but_not_their_quotations(style: eras.EraStyle, expected: str) -> None:
    """Years and dates in a message follow the style; 「…」 quotes the plan and stays as written; a
    Gregorian year without a month (a projection's 2040年, 2040年度) is the plan's count and stays, and
    text glued to an id is not a year."""
    message = "公表 2021年3月27日 は開始 R2年度 より後（「R2年度3月」）、平成27年、令和元年度、2040年、2040年度、KPI-R2年度"
    assert eras.restyle(message, style) == expected
    assert eras.restyle(expected, style) == expected  # idempotent


def test_era_boundary_dates_in_messages() -> None:
    assert eras.restyle("2019年4月30日と2019年5月1日", "short") == "H31年4月30日とR元年5月1日"
    assert eras.restyle("1989年1月7日と1989年1月8日", "long") == "昭和64年1月7日と平成元年1月8日"


def test_every_output_writes_the_messages_in_the_style() -> None:
    """The same finding read in each text format: one style everywhere (diagrams: tests/test_cli.py)."""
    import json

    from checker.report import NotChecked, Report, Violation
    from checker.reporters import FORMATS, render

    finding = Violation(rule="PER-002", name="x", family="periods", severity="error", subject="city/strategy-2",
                        file="city.yaml", line=3, key=None, message={"ja": "公表 2021年3月 は開始 R2年度 より後", "en": "FY2020"},
                        related=(), params={}, document="city/strategy-2")
    unseen = NotChecked(rule="PER-008", name="y", family="periods", subject="city/strategy-2", missing=("period.to",),
                        file="city.yaml", line=3, message={"ja": "H27年度からの期間の終わりが不明", "en": "end unknown"})
    report = Report(violations=(finding,), not_checked=(unseen,), as_of="2026-11-27", version="0.1.0")
    for fmt in FORMATS:
        if FORMATS[fmt][1]:
            continue  # xlsx and pdf: binary, read in their own tests
        text = str(render(report, fmt, "ja", era_style="long"))
        if fmt in ("json", "sarif"):
            text = json.dumps(json.loads(text), ensure_ascii=False)
        assert "令和3年3月" in text and "令和2年度" in text and "平成27年度" in text, fmt
        assert "R2年度" not in text and "2021年3月" not in text, fmt
