"""Fiscal years (年度), Japanese era years (和暦) and plan dates.

年度 N runs from 1 April N to 31 March N+1, so "R2年度3月" is March 2021 while
"R2年3月" is March 2020. Everything is converted to Gregorian integers and
``datetime.date`` as early as possible; checks compare those, never era text.
"""
from __future__ import annotations

import calendar
import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial, total_ordering
from typing import Any, Literal, NamedTuple

from checker import i18n
from checker.i18n import Both, t
from checker.unknown import Unknown

__all__ = [
    "CalendarError", "Period", "PlanDate", "YearRef", "era_fiscal_year", "era_year", "fiscal_year_of",
    "parse_date", "parse_fiscal_year", "parse_period", "parse_year",
]

MIN_YEAR, MAX_YEAR = 1926, 2200  # sanity bound: 昭和 onwards; anything else is a typo, not a plan year
Basis = Literal["fiscal", "calendar"]
Kind = Literal["date", "fiscal year", "year", "period"]


class _Era(NamedTuple):
    letter: str
    name: str
    base: int  # era year n is Gregorian base + n
    first: dt.date
    last: dt.date


_ERAS = (  # oldest first; lookups that want "the latest era that fits" iterate reversed
    _Era("S", "昭和", 1925, dt.date(1926, 12, 25), dt.date(1989, 1, 7)),
    _Era("H", "平成", 1988, dt.date(1989, 1, 8), dt.date(2019, 4, 30)),
    _Era("R", "令和", 2018, dt.date(2019, 5, 1), dt.date.max),
)
_ERA_BY_NAME = {key: era for era in _ERAS for key in (era.letter, era.name)}

# What each kind of text is read as: its noun is the catalogue's (calendar.kind.*), its examples the
# accepted forms (notation, the same in either language).
_EXAMPLES: dict[str, str] = {
    "date": "2020-03-27, R2-03-27, 令和2年3月, R2年度3月",
    "fiscal year": "2020, FY2020, 2020年度, R2年度, 令和2年度, H27",
    "year": "2020, 2020年, 2020年度, FY2020, H30年, R2年度",
    "period": "R2年度〜R6年度, FY2020–FY2024",
}


class CalendarError(ValueError):
    """Text that cannot be read as a date, year, fiscal year or period.

    ``text`` is the input, ``kind`` what it was read as; the third argument (``key``; empty: none
    given) names what exactly is wrong, the catalogue's calendar.reason.<key> filled in with
    ``params``. The texts are the catalogue's (calendar.*), made when asked for: ``message`` (also
    ``str()``) in English, ``message_ja`` in Japanese; ``reason`` / ``reason_ja`` the reason alone
    ("" for none), ``expected`` a short English hint of accepted forms. Picklable with its params
    (it crosses to worker processes).
    """

    def __init__(self, text: str, kind: Kind = "date", key: str = "", /, **params: Any) -> None:
        super().__init__(text, kind, key)
        self.text, self.kind, self.key, self.params = text, kind, key, params

    def _noun(self) -> Both:
        return i18n.text(f"calendar.kind.{self.kind.replace(' ', '_')}")

    def _message(self, lang: str) -> str:
        examples = _EXAMPLES[self.kind]
        if not self.key:
            return t("calendar.unreadable", lang, text=self.text, noun=self._noun(), examples=examples)
        return t("calendar.unreadable_because", lang, text=self.text, noun=self._noun(), examples=examples,
                 reason=self._reason(lang))

    def _reason(self, lang: str) -> str:
        return t(f"calendar.reason.{self.key}", lang, **self.params) if self.key else ""

    @property
    def message(self) -> str:
        return self._message("en")

    @property
    def message_ja(self) -> str:
        return self._message("ja")

    @property
    def reason(self) -> str:
        return self._reason("en")

    @property
    def reason_ja(self) -> str:
        return self._reason("ja")

    @property
    def expected(self) -> str:
        return f"{self._noun().en()}, e.g. {_EXAMPLES[self.kind]}"

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:  # picklable (to a worker process and back) with its params
        return _calendar_error, (self.text, self.kind, self.key, self.params)


def _calendar_error(text: str, kind: Kind, key: str, params: dict[str, Any]) -> CalendarError:
    return CalendarError(text, kind, key, **params)


# --- parsing helpers ---------------------------------------------------------------------------

_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−", "-"))  # NFKC leaves these alone
_Y = r"(?:(?:[SHR]|昭和|平成|令和)\.?(?:\d{1,3}|元)|\d{4})"
_TOKEN = re.compile(r"(?P<era>[SHR]|昭和|平成|令和)\.?(?P<n>\d{1,3}|元)|(?P<greg>\d{4})")
# Plans often gloss one calendar with the other: 令和2(2020)年度, 2020(R2)年度.
_HEAD = rf"(?P<y>{_Y})(?:\((?P<y2>{_Y})\))?"
_YEAR_RE = re.compile(rf"(?P<pre>FY|CY)?{_HEAD}(?P<suf>年度|年)?")
_DATE_NUM = re.compile(rf"(?P<y>{_Y})(?P<sep>[-/.])(?P<m>\d{{1,2}})(?:(?P=sep)(?P<d>\d{{1,2}}))?")
_DATE_JA = re.compile(rf"{_HEAD}(?P<suf>年度|年)(?P<m>\d{{1,2}})月(?:(?P<d>\d{{1,2}})日)?")


def _norm(text: str) -> str:
    """Full-width → ASCII, no whitespace (incl. U+3000), one hyphen, upper-case era letters."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).translate(_DASHES).upper()


def _token(tok: str, bad: Callable[..., CalendarError]) -> tuple[int, _Era | None]:
    m = _TOKEN.fullmatch(tok)
    assert m, tok  # the enclosing pattern already matched _Y
    if m["greg"]:
        return int(m["greg"]), None
    n = 1 if m["n"] == "元" else int(m["n"])
    if n == 0:
        raise bad("era_year_zero")
    era = _ERA_BY_NAME[m["era"]]
    return era.base + n, era


def _year(m: re.Match[str], bad: Callable[..., CalendarError]) -> tuple[int, _Era | None]:
    """Gregorian year of a matched head, plus the era it was written in (if any)."""
    gloss = m.groupdict().get("y2")
    (year, era), *rest = [_token(t, bad) for t in (m["y"], gloss) if t]
    if rest and rest[0][0] != year:
        raise bad("different_years", written=m["y"], gloss=gloss)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise bad("year_range", year=year, first=MIN_YEAR, last=MAX_YEAR)
    return year, era or (rest[0][1] if rest else None)


def _outside(era: _Era | None, first: dt.date, last: dt.date) -> bool:
    """True if the written era does not cover any day of first..last (e.g. 平成31年5月, H32年度)."""
    return era is not None and (last < era.first or first > era.last)


def era_began(day: dt.date) -> dt.date:
    """The first day of the era that `day` falls in (令和: 2019-05-01). Before it, a later year
    could only be written in the previous era (a plan of 2016 rightly writes 平成32年度)."""
    return next((e.first for e in reversed(_ERAS) if e.first <= day), _ERAS[0].first)


def _era_label(era: _Era, n: int, style: Literal["short", "long"]) -> str:
    return f"{era.name if style == 'long' else era.letter}{'元' if n == 1 else n}"


# --- value types -------------------------------------------------------------------------------

@total_ordering
@dataclass(frozen=True)
class PlanDate:
    """A date as written in a plan: month precision (``day`` None) or day precision.

    Equality compares (year, month, day). Ordering is by (year, month, day or 0), so a
    month-precision date sorts just before day 1 of its month; the order is total.
    """

    year: int
    month: int
    day: int | None
    text: str = field(default="", compare=False)
    fiscal_month: bool = field(default=False, compare=False)  # written 年度 + month, e.g. R2年度3月
    era_overflow: bool = field(default=False, compare=False)  # era year outside the era, e.g. 平成31年5月

    def __post_init__(self) -> None:
        # Validate here so directly built dates are as sound as parsed ones.
        text = self.text or f"{self.year}-{self.month}-{self.day}"
        if not (dt.MINYEAR <= self.year <= dt.MAXYEAR and 1 <= self.month <= 12):
            raise CalendarError(text, "date", "no_month", year=self.year, month=self.month)
        if self.day is not None and not 1 <= self.day <= calendar.monthrange(self.year, self.month)[1]:
            raise CalendarError(text, "date", "no_day", year=self.year, month=self.month, day=self.day)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PlanDate):
            return NotImplemented
        return (self.year, self.month, self.day or 0) < (other.year, other.month, other.day or 0)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or calendar.monthrange(self.year, self.month)[1])

    @property
    def fiscal_year(self) -> int:
        return fiscal_year_of(self.first_day)

    @property
    def ambiguous_fiscal_month(self) -> bool:
        """Written as 年度 + Jan–Mar, where reading it as 年 + month would be a year earlier."""
        return self.fiscal_month and self.month <= 3

    def months_until(self, other: PlanDate) -> int:
        """Whole months from self to other by (year, month); negative if other is earlier."""
        return (other.year - self.year) * 12 + other.month - self.month

    def ja(self) -> str:
        return f"{self.year}年{self.month}月" + (f"{self.day}日" if self.day else "")

    def en(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")

    __str__ = en


@total_ordering
@dataclass(frozen=True)
class YearRef:
    """A year as an indicator states it: fiscal (年度/FY), calendar (年/CY) or unstated (None).

    Ordering is by (year, basis) with unstated < calendar < fiscal, so it is total.
    """

    year: int
    basis: Basis | None = None
    era_overflow: bool = field(default=False, compare=False)
    text: str = field(default="", compare=False)  # as written, for messages about the notation

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, YearRef):
            return NotImplemented
        return (self.year, self.basis or "") < (other.year, other.basis or "")

    def ja(self) -> str:
        # As the planner wrote it (R6年度 or 2024年度): messages quote the plan's own notation.
        if self.text:
            return self.text
        return era_fiscal_year(self.year) if self.basis == "fiscal" else f"{self.year}" + ("年" if self.basis else "")

    def en(self) -> str:
        return f"FY{self.year}" if self.basis == "fiscal" else str(self.year)

    __str__ = en


@dataclass(frozen=True)
class YearWindow:
    """The years a value covers, as printed (「2020~2024年度 累計」, 「2014~2018年平均」)."""

    first: YearRef | Unknown  # unknown: a total whose first year is not printed (「延べ」)
    last: YearRef | Unknown
    aggregate: str | None = None  # total (累計) | average (平均)

    @property
    def known(self) -> bool:
        return isinstance(self.first, YearRef) and isinstance(self.last, YearRef)

    @property
    def years(self) -> int:
        assert isinstance(self.first, YearRef) and isinstance(self.last, YearRef)
        return self.last.year - self.first.year + 1

    def ja(self) -> str:
        word = {"total": "累計", "average": "平均"}.get(self.aggregate or "", "")
        return f"{self.first.ja()}〜{self.last.ja()}{word}"

    def en(self) -> str:
        word = {"total": " total", "average": " average"}.get(self.aggregate or "", "")
        return f"{self.first.en()}–{self.last.en()}{word}"


@total_ordering
@dataclass(frozen=True)
class Period:
    """Fiscal years start..end inclusive; ``end`` None means open-ended (ongoing).

    Ordering is by (start, end) with an open end sorting after every closed one.
    """

    start: int
    end: int | None
    era_overflow: bool = field(default=False, compare=False)  # an end written beyond its era (H32)
    text: str = field(default="", compare=False)
    end_unknown: bool = field(default=False, compare=False)  # `to: unknown`: it ends, when is not seen

    def __post_init__(self) -> None:
        for fy in (self.start, self.end):
            if fy is not None and not MIN_YEAR <= fy <= MAX_YEAR:
                raise CalendarError(self._range(), "period", "year_range", year=fy, first=MIN_YEAR, last=MAX_YEAR)
        if self.end is not None and self.start > self.end:
            raise CalendarError(self._range(), "period", "start_after_end")

    def _range(self) -> str:  # for an error only: checks make many one-year periods
        return f"{self.start}–{'' if self.end is None else self.end}"

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return (self.start, self._last) < (other.start, other._last)

    @property
    def _last(self) -> float:
        return math.inf if self.end is None else self.end

    @property
    def start_date(self) -> dt.date:
        return dt.date(self.start, 4, 1)

    @property
    def end_date(self) -> dt.date | None:
        return None if self.end is None else dt.date(self.end + 1, 3, 31)

    @property
    def years(self) -> int | None:
        return None if self.end is None else self.end - self.start + 1

    def fiscal_years(self, until: int | None = None) -> range:
        """The fiscal years covered, capped at ``until``; an open-ended period requires ``until``."""
        if self.end is None and until is None:
            raise CalendarError(self.en(), "period", "open_ended")
        stop = min(y for y in (self.end, until) if y is not None)
        return range(self.start, stop + 1)

    def contains_year(self, fy: int) -> bool:
        return self.start <= fy <= self._last

    def contains_date(self, d: dt.date | PlanDate) -> bool:
        """Whether d (a PlanDate by its first day) falls within the period's fiscal years."""
        return self.contains_year(fiscal_year_of(d.first_day if isinstance(d, PlanDate) else d))

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other._last <= self._last

    def overlaps(self, other: Period) -> bool:
        return self.start <= other._last and other.start <= self._last

    def gap_after(self, later: Period) -> int:
        """Fiscal years strictly between self.end and later.start (later.start - self.end - 1).

        0 means back to back; negative means the periods overlap (for a ``later`` that starts
        inside self and runs past its end, minus the number of shared years).
        """
        if self.end is None:
            raise CalendarError(self.en(), "period", "open_ended_gap")
        return later.start - self.end - 1

    def ja(self) -> str:
        if self.end == self.start:
            return era_fiscal_year(self.start)
        return f"{era_fiscal_year(self.start)}〜" + ("" if self.end is None else era_fiscal_year(self.end))

    def en(self) -> str:
        if self.end == self.start:
            return f"FY{self.start}"
        return f"FY{self.start}–" + ("" if self.end is None else f"FY{self.end}")

    __str__ = en


# --- public functions --------------------------------------------------------------------------

# The parsers are pure and their results immutable, and plans repeat the same few texts (R6年度,
# 2024, R2年3月) thousands of times, so results are memoised. typed=True keeps 1, 1.0 and True
# apart; errors are not cached (they are raised anew each time).
_memo = lru_cache(maxsize=4096, typed=True)


@_memo
def _parse_year(value: str | int, kind: Kind) -> YearRef:
    text = str(value)  # ints become digits; bools become "True" and are rejected like any junk
    bad = partial(CalendarError, text, kind)
    m = _YEAR_RE.fullmatch(_norm(text))
    if not m:
        raise bad("")
    pre, suf = m["pre"], m["suf"]
    if pre and suf and (pre == "FY") != (suf == "年度"):
        raise bad("contradicts", pre=pre, suf=suf)
    basis: Basis | None = "fiscal" if pre == "FY" or suf == "年度" else "calendar" if pre or suf else None
    year, era = _year(m, bad)
    # 年度 labels are judged over the whole fiscal year, so H31年度 and R元年度 are both fine.
    span = (dt.date(year, 4, 1), dt.date(year + 1, 3, 31)) if basis == "fiscal" else (
        dt.date(year, 1, 1), dt.date(year, 12, 31))
    return YearRef(year, basis, _outside(era, *span), text)


def parse_year(value: str | int) -> YearRef:
    """Read a year with its basis: 2020 (none), 2020年/CY2020 (calendar), R2年度/FY2020 (fiscal)."""
    return _parse_year(value, "year")


def parse_fiscal_year(value: str | int) -> int:
    """Read a fiscal year (2020, FY2020, 2020年度, R2, 令和元年度, Ｈ２７年度 …) as its start year."""
    ref = _parse_year(value, "fiscal year")
    if ref.basis == "calendar":
        raise CalendarError(str(value), "fiscal year", "calendar_year")
    return ref.year


@_memo
def parse_date(value: str | int | dt.date) -> PlanDate:
    """Read a date with month or day precision; 年度 + Jan–Mar lands in the following calendar year."""
    if isinstance(value, dt.datetime):
        value = value.date()
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    bad = partial(CalendarError, text, "date")
    s = _norm(text)
    m = _DATE_JA.fullmatch(s) or _DATE_NUM.fullmatch(s)
    if not m:
        raise bad("year_alone" if _YEAR_RE.fullmatch(s) else "")
    year, era = _year(m, bad)
    month, fiscal = int(m["m"]), m.groupdict().get("suf") == "年度"
    # PlanDate validates month/day and reports them against the original text.
    d = PlanDate(year + 1 if fiscal and month <= 3 else year, month, int(m["d"]) if m["d"] else None,
                 text, fiscal)
    span = (dt.date(year, 4, 1), dt.date(year + 1, 3, 31)) if fiscal else (d.first_day, d.last_day)
    return replace(d, era_overflow=True) if _outside(era, *span) else d


def parse_period(start: str | int, end: str | int | None) -> Period:
    """Period from two fiscal-year texts; ``end`` None means ongoing."""
    first, last = parse_fiscal_year(start), None if end is None else parse_fiscal_year(end)
    overflow = any(_parse_year(v, "fiscal year").era_overflow for v in (start, end) if v is not None)
    try:
        return Period(first, last, overflow, f"{start}〜{'' if end is None else end}")
    except CalendarError as e:  # report the caller's text, not the converted years
        raise CalendarError(f"{start}〜{'' if end is None else end}", "period", e.key, **e.params) from None


def fiscal_year_of(d: dt.date) -> int:
    """The fiscal year (start year) containing d."""
    return d.year if d.month >= 4 else d.year - 1


def era_fiscal_year(fy: int, style: Literal["short", "long"] = "short") -> str:
    """R2年度 / 令和2年度; an era's first year (R元年度, H元年度) wins over the old era's last."""
    if not MIN_YEAR <= fy <= MAX_YEAR:
        raise CalendarError(str(fy), "fiscal year", "outside", first=MIN_YEAR, last=MAX_YEAR)
    era = next(e for e in reversed(_ERAS) if fy > e.base)
    return f"{_era_label(era, fy - era.base, style)}年度"


def era_year(year: int, month: int = 12, day: int = 31) -> str:
    """Era year of a calendar date: 令和2年, 平成31年 (2019-04), 令和元年 (2019-05).

    ``day`` is clamped to the month's length so that era_year(2019, 4) works with the default.
    """
    try:
        d = dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))
    except ValueError:
        raise CalendarError(f"{year}-{month}-{day}", "date", "no_such_date") from None
    era = next((e for e in reversed(_ERAS) if e.first <= d), None)
    if era is None or year > MAX_YEAR:
        raise CalendarError(d.isoformat(), "date", "before_showa", first=_ERAS[0].first, last=MAX_YEAR)
    return f"{_era_label(era, year - era.base, 'long')}年"
