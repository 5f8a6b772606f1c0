"""Tests for checker.fiscal: table-driven examples plus Hypothesis properties."""
from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Callable
from typing import Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.fiscal import (
    CalendarError, Period, PlanDate, YearRef, era_fiscal_year, era_year, fiscal_year_of,
    parse_date, parse_fiscal_year, parse_period, parse_year,
)

FULL = str.maketrans("0123456789", "０１２３４５６７８９")
FYS = st.integers(1927, 2150)
DATES = st.dates(dt.date(1926, 1, 1), dt.date(2200, 12, 31))
FAST = settings(max_examples=200, deadline=None)  # keeps each property well under a second


# --- fiscal years ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, fy", [
    ("平成27年度", 2015), ("H27", 2015), ("H27年度", 2015), ("h27", 2015), ("H.27", 2015),
    ("Ｈ２７年度", 2015), ("令和元年度", 2019), ("R1", 2019), ("R元", 2019), ("R元年度", 2019),
    ("H31年度", 2019), ("平成31年度", 2019), ("2020", 2020), ("FY2020", 2020), ("fy2020", 2020),
    ("FY 2020", 2020), ("2020年度", 2020), ("２０２０", 2020), ("R2", 2020), ("Ｒ２年度", 2020),
    ("　R2年度 ", 2020), ("令和2(2020)年度", 2020), ("令和２（２０２０）年度", 2020),
    ("2020(R2)年度", 2020), ("S63年度", 1988), ("昭和63年度", 1988), ("H元年度", 1989),
    ("㍻27年度", 2015), (2020, 2020), ("R132年度", 2150),
])
def test_parse_fiscal_year(text: str | int, fy: int) -> None:
    assert parse_fiscal_year(text) == fy


@pytest.mark.parametrize("text, ref", [
    ("2019年", YearRef(2019, "calendar")), ("H30年", YearRef(2018, "calendar")),
    ("CY2019", YearRef(2019, "calendar")), ("2024年度", YearRef(2024, "fiscal")),
    ("FY2024", YearRef(2024, "fiscal")), ("FY2024年度", YearRef(2024, "fiscal")),
    ("2024", YearRef(2024)), (2024, YearRef(2024)), ("R6", YearRef(2024)),
    ("令和元年", YearRef(2019, "calendar")), ("平成31年", YearRef(2019, "calendar")),
])
def test_parse_year(text: str | int, ref: YearRef) -> None:
    got = parse_year(text)
    assert got == ref and not got.era_overflow


@pytest.mark.parametrize("text, overflow", [
    ("H32年度", True), ("平成32年", True), ("H31年度", False), ("R元年度", False),
    ("S64年度", True),  # FY1989 began in April 1989, after 昭和 ended on 7 January
    ("S64年", False), ("H元年", False), ("S1年度", False),
])
def test_year_era_overflow(text: str, overflow: bool) -> None:
    assert parse_year(text).era_overflow is overflow


def test_yearref_text_and_order() -> None:
    refs = [YearRef(2024, "fiscal"), YearRef(2024, "calendar"), YearRef(2024), YearRef(2023, "fiscal")]
    assert [r.ja() for r in refs] == ["R6年度", "2024年", "2024", "R5年度"]  # 年度 in era form, as in messages
    assert [r.en() for r in refs] == ["FY2024", "2024", "2024", "FY2023"]
    assert sorted(refs) == [refs[3], refs[2], refs[1], refs[0]]  # total even with mixed basis
    assert parse_year("H32年度") == YearRef(2020, "fiscal")  # overflow flag is not compared


@pytest.mark.parametrize("text", [
    "", "abc", "R0", "X2年度", "H", "令和", "1800", "1925年度", "2201", "FY2020年", "CY2020年度",
    "2020(R3)年度", "R2年", "2019年", "20", "12345", "R2-03", True,
])
def test_parse_fiscal_year_rejects(text: str) -> None:
    with pytest.raises(CalendarError) as err:
        parse_fiscal_year(text)
    assert repr(str(text)) in str(err.value) and err.value.text == str(text)
    assert f"「{text}」" in err.value.message_ja and err.value.expected


# --- dates -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, ymd", [
    ("2020-03-27", (2020, 3, 27)), ("2020/3/27", (2020, 3, 27)), ("2020.3.27", (2020, 3, 27)),
    ("R2-03-27", (2020, 3, 27)), ("R2.3.27", (2020, 3, 27)), ("令和2年3月27日", (2020, 3, 27)),
    ("令和2年3月", (2020, 3, None)), ("R2年3月", (2020, 3, None)), ("2015-10", (2015, 10, None)),
    ("H27-10", (2015, 10, None)), ("2020年3月", (2020, 3, None)), ("２０２０－０３－２７", (2020, 3, 27)),
    ("２０２０／３／２７", (2020, 3, 27)), ("2020 年 3 月", (2020, 3, None)), ("r元-5-1", (2019, 5, 1)),
    ("令和2(2020)年3月", (2020, 3, None)), (dt.date(2020, 3, 27), (2020, 3, 27)),
    (dt.datetime(2020, 3, 27, 9, 30), (2020, 3, 27)), ("H元年1月", (1989, 1, None)),
])
def test_parse_date(text: str | dt.date, ymd: tuple[int, int, int | None]) -> None:
    d = parse_date(text)
    assert (d.year, d.month, d.day) == ymd
    assert not d.fiscal_month and not d.ambiguous_fiscal_month and not d.era_overflow


@pytest.mark.parametrize("text, ym, ambiguous", [
    ("R2年度3月", (2021, 3), True), ("R2年度10月", (2020, 10), False), ("2020年度3月", (2021, 3), True),
    ("2020年度4月", (2020, 4), False), ("令和2年度1月", (2021, 1), True), ("H31年度3月", (2020, 3), True),
])
def test_fiscal_month(text: str, ym: tuple[int, int], ambiguous: bool) -> None:
    d = parse_date(text)
    assert (d.year, d.month, d.day) == (*ym, None) and d.fiscal_month
    assert d.ambiguous_fiscal_month is ambiguous and not d.era_overflow  # H31年度 is a valid label


@pytest.mark.parametrize("text, overflow", [
    ("平成31年5月", True), ("平成31年4月", False), ("H31-04-30", False), ("H31-05-01", True),
    ("R元年4月", True), ("R元年5月", False), ("H32年3月", True), ("H元-01-07", True), ("H元-01-08", False),
])
def test_date_era_overflow(text: str, overflow: bool) -> None:
    assert parse_date(text).era_overflow is overflow


def test_overflow_still_converts() -> None:
    assert parse_date("平成31年5月") == parse_date("2019-05") == PlanDate(2019, 5, None)


@pytest.mark.parametrize("text", [
    "", "abc", "R2年13月", "2020-02-30", "2020-13", "2020", 2020, "R2年度", "R0-1-1", "X2年3月",
    "2020-03/27", "2019-02-29", "1800-01-01", "2021年度0月", dt.date(1800, 1, 1),
])
def test_parse_date_rejects(text: str | int | dt.date) -> None:
    with pytest.raises(CalendarError) as err:
        parse_date(text)
    shown = text.isoformat() if isinstance(text, dt.date) else str(text)
    assert repr(shown) in str(err.value) and err.value.text == shown


def test_error_messages() -> None:
    err = pytest.raises(CalendarError, parse_date, "R2年13月").value
    assert err.message_ja == ("「R2年13月」は日付として読めません（2020年13月という月はありません。"
                              "例: 2020-03-27, R2-03-27, 令和2年3月, R2年度3月）")
    assert "'R2年13月'" in str(err) and "month" in str(err) and isinstance(err, ValueError)
    assert "a year alone" in str(pytest.raises(CalendarError, parse_date, "2020").value)
    again = pickle.loads(pickle.dumps(err))
    assert (again.text, str(again), again.message_ja) == (err.text, str(err), err.message_ja)


def test_plan_date_methods() -> None:
    month, day = parse_date("R2年度3月"), parse_date("2021-03-27")
    assert (month.first_day, month.last_day) == (dt.date(2021, 3, 1), dt.date(2021, 3, 31))
    assert (day.first_day, day.last_day) == (dt.date(2021, 3, 27),) * 2
    assert parse_date("2024-02").last_day == dt.date(2024, 2, 29)
    assert (month.fiscal_year, parse_date("2021-04").fiscal_year) == (2020, 2021)
    assert (month.ja(), day.ja(), month.en(), day.en()) == ("2021年3月", "2021年3月27日", "2021-03", "2021-03-27")
    assert str(day) == "2021-03-27"
    assert month.months_until(parse_date("2022-01")) == 10 and day.months_until(month) == 0
    assert parse_date("2022-01").months_until(month) == -10


def test_plan_date_equality_and_order() -> None:
    assert parse_date("2015-10") == parse_date("H27-10") == PlanDate(2015, 10, None, "x")
    assert hash(parse_date("2015-10")) == hash(parse_date("H27-10"))
    assert parse_date("2020-03") != parse_date("2020-03-01")
    seq = ["2020-04-01", "2020-03-31", "2020-03", "2020-04", "2019-12-31", "2020-03-01"]
    assert [str(d) for d in sorted(map(parse_date, seq))] == [
        "2019-12-31", "2020-03", "2020-03-01", "2020-03-31", "2020-04", "2020-04-01"]
    with pytest.raises(CalendarError):
        PlanDate(2020, 2, 30, "2020-02-30")


# --- periods and era labels --------------------------------------------------------------------

def test_period_basics() -> None:
    p, ongoing = parse_period("R2年度", "令和6年度"), parse_period("H28", None)
    assert p == Period(2020, 2024) and ongoing == Period(2016, None)
    assert (p.start_date, p.end_date, p.years) == (dt.date(2020, 4, 1), dt.date(2025, 3, 31), 5)
    assert (ongoing.end_date, ongoing.years) == (None, None)
    assert (p.ja(), p.en(), ongoing.ja(), ongoing.en()) == ("R2年度〜R6年度", "FY2020–FY2024", "H28年度〜", "FY2016–")
    assert p.fiscal_years() == range(2020, 2025) and p.fiscal_years(until=2022) == range(2020, 2023)
    assert ongoing.fiscal_years(until=2018) == range(2016, 2019)
    with pytest.raises(CalendarError):
        ongoing.fiscal_years()
    assert p.contains_date(dt.date(2025, 3, 31)) and not p.contains_date(dt.date(2025, 4, 1))
    assert p.contains_date(parse_date("R6年度3月")) and not p.contains_date(parse_date("R2年3月"))
    assert ongoing.contains_date(dt.date(2100, 1, 1)) and ongoing.contains(p) and not p.contains(ongoing)
    assert p.gap_after(Period(2025, 2029)) == 0 and p.gap_after(Period(2023, 2027)) == -2
    assert p.gap_after(Period(2027, None)) == 2
    with pytest.raises(CalendarError):
        ongoing.gap_after(p)
    assert sorted([ongoing, Period(2016, 2020), Period(2015, 2030)]) == [
        Period(2015, 2030), Period(2016, 2020), ongoing]


@pytest.mark.parametrize("start, end", [("R6", "R2"), ("R2", "abc"), ("", None), (1800, 2020)])
def test_parse_period_rejects(start: str | int, end: str | None) -> None:
    with pytest.raises(CalendarError):
        parse_period(start, end)


def test_period_rejects_reversed_with_caller_text() -> None:
    err = pytest.raises(CalendarError, parse_period, "R6年度", "R2年度").value
    assert err.text == "R6年度〜R2年度" and "start is after end" in str(err)
    with pytest.raises(CalendarError):
        Period(2024, 2020)


@pytest.mark.parametrize("fy, short, long", [
    (2020, "R2年度", "令和2年度"), (2015, "H27年度", "平成27年度"), (2019, "R元年度", "令和元年度"),
    (1989, "H元年度", "平成元年度"), (1988, "S63年度", "昭和63年度"), (1926, "S元年度", "昭和元年度"),
])
def test_era_fiscal_year(fy: int, short: str, long: str) -> None:
    assert (era_fiscal_year(fy), era_fiscal_year(fy, "long")) == (short, long)


@pytest.mark.parametrize("args, label", [
    ((2020,), "令和2年"), ((2019, 4), "平成31年"), ((2019, 5), "令和元年"), ((2019, 4, 30), "平成31年"),
    ((2019, 5, 1), "令和元年"), ((1989, 1, 7), "昭和64年"), ((1989, 1, 8), "平成元年"), ((1926,), "昭和元年"),
])
def test_era_year(args: tuple[int, ...], label: str) -> None:
    assert era_year(*args) == label


@pytest.mark.parametrize("call", [
    lambda: era_year(1926, 12, 24), lambda: era_year(2020, 13), lambda: era_year(2201),
    lambda: era_fiscal_year(1925), lambda: era_fiscal_year(2201),
])
def test_era_label_rejects(call: Callable[[], str]) -> None:
    with pytest.raises(CalendarError):
        call()


# --- properties --------------------------------------------------------------------------------

@FAST
@given(FYS, st.sampled_from(("short", "long")))
def test_era_fiscal_year_round_trips(fy: int, style: Literal["short", "long"]) -> None:
    label = era_fiscal_year(fy, style)
    forms = [label, str(fy), f"FY{fy}", f"{fy}年度"]
    assert {parse_fiscal_year(f) for f in forms + [f.translate(FULL) for f in forms]} == {fy}


@FAST
@given(FYS, st.integers(1, 12))
def test_fiscal_month_lands_in_the_right_calendar_year(fy: int, m: int) -> None:
    d = parse_date(f"{era_fiscal_year(fy)}{m}月")
    assert d.first_day.year == fy + (1 if m <= 3 else 0) and d.fiscal_year == fy and d.fiscal_month


@FAST
@given(DATES)
def test_iso_dates_round_trip(d: dt.date) -> None:
    assert parse_date(d.isoformat()).first_day == d == parse_date(d).last_day


@FAST
@given(DATES, DATES)
def test_fiscal_year_of_is_monotone(a: dt.date, b: dt.date) -> None:
    assert (a <= b) <= (fiscal_year_of(a) <= fiscal_year_of(b))


@FAST
@given(DATES)
def test_fiscal_year_changes_exactly_on_april_1(d: dt.date) -> None:
    nxt = d + dt.timedelta(days=1)
    assert (fiscal_year_of(nxt) != fiscal_year_of(d)) == ((nxt.month, nxt.day) == (4, 1))
    assert fiscal_year_of(nxt) - fiscal_year_of(d) in (0, 1)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    start = draw(st.integers(1926, 2150))
    return Period(start, draw(st.none() | st.integers(start, 2160)))


@FAST
@given(periods(), st.integers(1900, 2250))
def test_contains_year(p: Period, fy: int) -> None:
    assert p.contains_year(fy) == (p.start <= fy and (p.end is None or fy <= p.end))


@FAST
@given(periods(), periods())
def test_overlaps_symmetric_and_gap(a: Period, b: Period) -> None:
    assert a.overlaps(b) == b.overlaps(a)
    assert a.overlaps(b) == any(a.contains_year(y) for y in b.fiscal_years(until=2200))
    if a.end is not None:
        assert a.gap_after(b) == b.start - a.end - 1
    if a.contains(b):
        assert a.overlaps(b)


@FAST
@given(DATES, DATES)
def test_plan_date_order_matches_first_day(a: dt.date, b: dt.date) -> None:
    pa, pb = parse_date(a), parse_date(b)
    assert (pa < pb, pa == pb, pa > pb) == (a < b, a == b, a > b)
    # month precision sorts before its own day 1 and after everything earlier
    ma = parse_date(a.strftime("%Y-%m"))
    assert ma <= pa and (ma < pb) == (ma.first_day <= b)
