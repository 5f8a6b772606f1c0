"""Check kinds about when things happen: a year measured after the plan was made, a target set
for a year already past, a verification dated before the year it verifies had ended (or after
the day of the check), a document considered before it existed, and one year written in two
eras in one document."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections import defaultdict
from typing import Annotated, Any, Iterator, Literal, Sequence

from checker.checks.base import (
    Context, Finding, FiscalYear, Graph, NotKnown, Params, Selector, Unseen, date_field, date_of, derived,
    document_date, fact, follow, index_graph, links, neighbours, node_check, select, selected, title, value_of,
    written_dates,
)
from checker.fiscal import Period, PlanDate, YearRef
from checker.graph_vocabulary import Attribute, Attributes, RelationPath, Vocab, attribute_of
from checker.labels import Label
from checker.unknown import Unknown


def _first_day(year: YearRef) -> dt.date:
    """The earliest day a year can mean: a fiscal year starts in April; a calendar year, or a
    year whose count is not stated, on 1 January."""
    return dt.date(year.year, 4, 1) if year.basis == "fiscal" else dt.date(year.year, 1, 1)


def _last_day(year: YearRef) -> dt.date:
    """The latest day a year can mean: a calendar year ends in December; a fiscal year, or a year
    whose count is not stated, on 31 March of the next."""
    return dt.date(year.year, 12, 31) if year.basis == "calendar" else dt.date(year.year + 1, 3, 31)


_Dates = tuple[list[tuple[dt.date, str, Any]], list[str]]


def _dates(g: Graph, holder: str, names: list[str]) -> _Dates:
    """The holder's dates by name — (day, name, value as written) — and the names marked unknown.
    A period gives the day it starts. (Asked for each indicator of a document: worked out once.)"""
    return derived(g, ("dates", holder, tuple(names)), lambda g: _find_dates(g, holder, names))


def _find_dates(g: Graph, holder: str, names: list[str]) -> _Dates:
    found: list[tuple[dt.date, str, Any]] = []
    unknown: list[str] = []
    data = g._node[holder]
    for name in names:
        value = value_of(data, name)
        if isinstance(value, Unknown):
            unknown.append(name.split(".")[0])
        elif isinstance(value, Period):
            found.append((value.start_date, "period_start", value.start_date))
        elif (day := date_of(value)) is not None:
            found.append((day, name, value))
    return found, unknown


def _latest_revision(g: Graph, doc: str) -> tuple[dt.date, PlanDate] | None:
    """The latest dated revision (改訂) of a document: what it was revised to include may be newer
    than the document itself. (Asked for each indicator of the document: worked out once.)"""
    return derived(g, ("latest_revision", doc), lambda g: _find_latest_revision(g, doc))


def _find_latest_revision(g: Graph, doc: str) -> tuple[dt.date, PlanDate] | None:
    dated = [(d.last_day, d) for r in neighbours(g, doc, "part_of", "in")
             if g._node[r]["type"] == "revision" and isinstance(d := g._node[r].get("date"), PlanDate)]
    return max(dated, key=lambda x: x[0]) if dated else None


class YearTiming(Params):
    attribute: Attribute  # a year of the subject (baseline_year, year)
    relation: Literal["not_after", "not_before"]
    holder: RelationPath = ["document"]  # path to the node whose dates the year is compared with
    dates: Annotated[list[str], attribute_of("holder")] = ["adopted"]
    point: Annotated[str | None, attribute_of("")] = None  # the exact date, when the value is for a point in time
    revisions: bool = False  # a later revision of the holder (its date) counts as when it was made
    # subjects linked by `unless_rel` to a node matching `unless` are not compared (a project's
    # KPI is set when the project starts, in its grant's 地域再生計画)
    unless_rel: Annotated[str | None, Vocab("relation")] = None
    unless: Selector | None = None


def _untimely(g: Graph, nodes: list[str], p: YearTiming) -> list[str]:
    """The targets year_timing could say something of — a year beyond its limit, or a limit that
    is not known — in one pass: the nodes that excuse a subject (`unless`) found once, and each
    holder's limit asked once (year_timing is silent for the other targets)."""
    data, limits = g._node, dict[str, _Limit]()
    excusing = selected(g, p.unless) if p.unless_rel and p.unless is not None else set()
    linked = links(g, p.unless_rel) if p.unless_rel and excusing else {}
    kept = []
    for n in nodes:
        if not excusing.isdisjoint(linked.get(n, ())):
            continue
        try:
            year = fact(data[n], p.attribute)
        except NotKnown:
            kept.append(n)
            continue
        if not isinstance(year, YearRef):
            continue
        point = value_of(data[n], p.point) if p.point else None
        for holder in follow(g, n, p.holder):
            if holder not in limits:
                limits[holder] = _limit(g, holder, p)
            limit, _, _, unknown = limits[holder]
            if unknown or (limit is not None and not _passes(year, point, limit, p.relation)):
                kept.append(n)
                break
    return kept


def _passes(year: YearRef, point: Any, limit: dt.date, relation: str) -> bool:
    """Whether a year (or the exact date it is for, `point`) keeps to its limit: begun by it
    (`not_after`), or not ended before it (`not_before`)."""
    if relation == "not_after":
        begins = date_of(point) if isinstance(point, PlanDate) else _first_day(year)
        return begins is None or begins <= limit
    return (point.last_day if isinstance(point, PlanDate) else _last_day(year)) >= limit


@node_check("year_timing", YearTiming, produces=("year", "limit", "limit_name", "holder"), narrow=_untimely)
def year_timing(g: Graph, node: str, p: YearTiming, ctx: Context) -> Iterator[Finding | Unseen]:
    """A year of the subject against the dates of the document holding it. `not_after`: the year
    (a baseline) has begun by the earliest of `dates` (adoption, period start): a value measured
    after the plan was made cannot be its starting point; with `revisions`, the latest revision
    date counts instead. `not_before`: the year (a target) has not ended before the latest of
    `dates`: a target for a year already past when it was set. Each year gets the benefit of the
    doubt: a year whose count (年/年度) is not stated is read whichever way passes."""
    data = g._node[node]
    if p.unless_rel and p.unless is not None and select(g, index_graph(g).neighbours(node, p.unless_rel), p.unless):
        return
    year = fact(data, p.attribute)
    if not isinstance(year, YearRef):
        return
    point = value_of(data, p.point) if p.point else None
    for holder in follow(g, node, p.holder):
        limit, name, value, unknown = _limit(g, holder, p)
        if limit is None:
            if unknown:
                yield Unseen(node, unknown, key=p.attribute)
            continue
        if not _passes(year, point, limit, p.relation):
            yield _finding(g, node, holder, p, point or year, value, name)
        elif unknown:  # an unknown date might have been the limit
            yield Unseen(node, unknown, key=p.attribute)


_Limit = tuple[dt.date | None, str, Any, tuple[str, ...]]


def _limit(g: Graph, holder: str, p: YearTiming) -> _Limit:
    """(day, name, value as written, names marked unknown) of the holder's date a year is compared
    with: for `not_after` the earliest of p.dates (a date known to the month: its last day) or,
    with `revisions`, the latest revision; for `not_before` the latest (a month: its first day).
    Day None: no date is known. (Asked for each indicator of a document: worked out once.)"""
    revisions = p.revisions and p.relation == "not_after"
    key = ("year_timing", holder, p.relation, tuple(p.dates), revisions)
    return derived(g, key, lambda g: _find_limit(g, holder, p.relation, p.dates, revisions))


def _find_limit(g: Graph, holder: str, relation: str, names: list[str], revisions: bool) -> _Limit:
    revised = _latest_revision(g, holder) if revisions else None
    found, unknown = _dates(g, holder, names) if revised is None else ([(revised[0], "latest_revision", revised[1])], [])
    if not found:
        return None, "", None, tuple(unknown)
    if relation == "not_after":
        day, name, value = min(found, key=lambda x: x[0])
        day = value.last_day if isinstance(value, PlanDate) else day  # a month: any day of it
    else:
        day, name, value = max(found, key=lambda x: x[0])  # a date known to the month: its first day
    return day, name, value, tuple(unknown)


def _finding(g: Graph, node: str, holder: str, p: YearTiming, year: Any, value: Any, name: str) -> Finding:
    field = "revisions" if name == "latest_revision" else ("period" if name == "period_start" else name)
    return Finding(node, (holder,), key=p.attribute, rests_on=((holder, field),),
                   params={"year": year, "limit": value, "limit_name": Label(name), "holder": title(g, holder)})


class DateTiming(Params):
    date: Attribute  # a date of the subject (a verification's date)
    after_year: Annotated[str | None, attribute_of("")] = None  # … comes after the end of this fiscal year
    not_after_as_of: bool = False  # … is not after the day of the check (--as-of)


@node_check("date_timing", DateTiming, produces=("date", "year", "year_end", "as_of"))
def date_timing(g: Graph, node: str, p: DateTiming, ctx: Context) -> Iterator[Finding | Unseen]:
    """A date of the subject comes after the end of the fiscal year named by `after_year` (a
    verification of a year can only be made once the year has ended; a date known only to the
    month passes if any day of it does) and/or is not after the day of the check (a verification
    recorded as made on a day still to come)."""
    data = g._node[node]
    date = fact(data, p.date)
    if not isinstance(date, PlanDate):
        return
    params: dict[str, Any] = {"date": date, "year": None, "year_end": None, "as_of": ctx.as_of}
    if p.after_year:
        fy = fact(data, p.after_year)
        if isinstance(fy, int) and not isinstance(fy, bool):
            end = dt.date(fy + 1, 3, 31)
            if date.last_day <= end:
                yield Finding(node, key=p.date, params={**params, "year": FiscalYear(fy), "year_end": end})
    if p.not_after_as_of and date.first_day > ctx.as_of:
        yield Finding(node, key=p.date, params=params)


class ReferencesExisted(Params):
    path: RelationPath  # what the subject refers to, e.g. [considers], [based_on]
    candidates: Selector  # of these types (the documents whose dates are compared)
    at: Attributes = ["adopted", "published"]  # the subject's date: the first of these present
    revisions: bool = False  # a revision dated on or after the other's date may have brought it in
    key: str | None = None  # the subject's key the finding points at


@node_check("references_existed", ReferencesExisted, produces=("other", "other_date", "at", "other_id"))
def references_existed(g: Graph, node: str, p: ReferencesExisted, ctx: Context) -> Iterator[Finding | Unseen]:
    """What the subject refers to already existed at the subject's date: a strategy adopted in
    2020 cannot consider a strategy decided in 2022, nor a vision of 2015 rest on a projection
    released in 2023. Such a reference is "not yet in existence" — a wrong date or a wrong
    reference —, not an outdated one. A date known only to the month passes if any day of it does;
    with `revisions`, a revision of the subject dated on or after the other excuses it."""
    data = g._node[node]
    when = None
    for name in p.at:
        value = data.get(name)
        if isinstance(value, Unknown):
            raise NotKnown(name, key=name)
        if value is not None:
            when = value
            break
    at = getattr(when, "last_day", None) or date_of(when)
    if at is None:
        return
    revised = _latest_revision(g, node) if p.revisions else None
    for other in follow(g, node, p.path):
        if g._node[other]["type"] not in p.candidates.type:
            continue
        try:
            other_date = document_date(g, other)
        except NotKnown:
            continue
        if other_date is None or other_date <= at or (revised is not None and other_date <= revised[0]):
            continue
        field = date_field(g, other)
        yield Finding(node, (other,), key=p.key, rests_on=((other, field),) if field else (),
                      params={"other": title(g, other), "other_date": g._node[other].get(field) if field else
                              other_date, "at": when, "other_id": other})


# --- one year, two eras ---------------------------------------------------------------------------

_ERA = re.compile(r"^(?P<era>[SHR]|昭和|平成|令和)\.?(?P<n>\d{1,3}|元)")
_ERA_NAMES = {"S": "昭和", "H": "平成", "R": "令和", "昭和": "昭和", "平成": "平成", "令和": "令和"}
_ERA_BASE = {"昭和": 1925, "平成": 1988, "令和": 2018}


def _line(data: dict[str, Any], name: str) -> int:
    """The line an attribute of a node is written on (0: not known)."""
    line: int = (data.get("lines") or {}).get(name, data.get("line")) or 0
    return line


def _era_years(value: Any) -> tuple[tuple[int, str, str], ...]:
    """(Gregorian year, era, text as written) for each era year written in a value: a year, the
    two ends of a period, a fiscal-year month (R元年度3月). Dates are left out: 平成31年4月 and 令和元年5月
    are both right."""
    if isinstance(value, YearRef):
        return _written_years(value.text, False)
    if isinstance(value, Period):
        return _written_years(value.text, True)
    if isinstance(value, PlanDate) and value.fiscal_month:
        return _written_years(value.text, False)
    return ()


@functools.lru_cache(maxsize=16384)  # every indicator writes its years: the same few texts
def _written_years(text: str, period: bool) -> tuple[tuple[int, str, str], ...]:
    texts = re.split(r"[〜~～]", text) if period else [text]
    return tuple(found for part in texts if part and (found := _era_year(part)) is not None)


@functools.lru_cache(maxsize=16384)  # one document writes the same few years many times
def _era_year(text: str) -> tuple[int, str, str] | None:
    m = _ERA.match(unicodedata.normalize("NFKC", text).strip().upper())
    if not m:
        return None
    era = _ERA_NAMES[m["era"]]
    return _ERA_BASE[era] + (1 if m["n"] == "元" else int(m["n"])), era, text.strip()


def _dated_by_document(g: Graph) -> dict[str, list[tuple[str, tuple[tuple[str, Any], ...]]]]:
    """document → its nodes that write dates (in node order), with those dates (written_dates)."""
    found: dict[str, list[tuple[str, tuple[tuple[str, Any], ...]]]] = defaultdict(list)
    for n, dated in written_dates(g).items():
        found[g._node[n]["doc"]].append((n, dated))
    return dict(found)


class EraStyle(Params):
    pass


def _mixed_years(dated_nodes: Sequence[tuple[str, tuple[tuple[str, Any], ...]]]) -> set[tuple[int, bool]]:
    """The (year, calendar?) written in more than one era among the nodes' dates: 平成31年度 and
    令和元年度 name one fiscal year; a calendar year (平成31年) is another year of the same number.
    (A pass that only notes each year's first era: where the years are written is gathered only
    for a year found in two.)"""
    first_era: dict[tuple[int, bool], str] = {}
    mixed: set[tuple[int, bool]] = set()
    for _, dated in dated_nodes:
        for _, value in dated:
            calendar = isinstance(value, YearRef) and value.basis == "calendar"
            for year, era, _ in _era_years(value):
                if first_era.setdefault((year, calendar), era) != era:
                    mixed.add((year, calendar))
    return mixed


@node_check("era_style", EraStyle, produces=("year", "text", "other_text", "eras"))
def era_style(g: Graph, node: str, p: EraStyle, ctx: Context) -> Iterator[Finding | Unseen]:
    """One year written in two eras in one document (平成31年度 and 令和元年度 for fiscal 2019):
    both name the same year, but a document should use one. Reported once per year, at the
    later-written of the two (by line), naming the other."""
    dated_nodes = derived(g, "dated_by_document", _dated_by_document).get(node, ())
    mixed = _mixed_years(dated_nodes)
    if not mixed:  # what almost every document finds: each year is written in one era
        return
    index = index_graph(g)
    # (year, calendar?) → era → where it is written (node, attribute, text), for the years written in two
    written_in: dict[tuple[int, bool], dict[str, list[tuple[str, str, str]]]] = {}
    for n, dated in dated_nodes:
        for name, value in dated:
            calendar = isinstance(value, YearRef) and value.basis == "calendar"
            for year, era, text in _era_years(value):
                if (year, calendar) in mixed:
                    written_in.setdefault((year, calendar), {}).setdefault(era, []).append((n, name, text))
    # each era's first place by line: asked only of a year written in two eras (graph.NodeLines)
    seen = {key: {era: min((_line(index.attributes[n], name), n, name, text) for n, name, text in places)
                  for era, places in by_era.items()}
            for key, by_era in written_in.items() if len(by_era) > 1}
    for (year, _), eras in sorted(seen.items()):
        ordered = sorted(eras.values())
        (_, first, _, first_text), (_, last, name, last_text) = ordered[0], ordered[-1]
        yield Finding(last, (first,) if first != last else (), key=name, params={
            "year": year, "text": last_text, "other_text": first_text,
            "eras": [era for era, _ in sorted(eras.items(), key=lambda kv: kv[1])]})
