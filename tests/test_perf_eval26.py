"""The shortcuts of round 26 (evaluation) give what the plain computations give: `holds` compares
two years, two numbers or two texts directly, text_matches' narrow matches each distinct text
once, era_style gathers where years are written only for a year written in two eras, two units
written alike are the same without being normalised, and the narrows of compare, year_timing and
direction_consistent keep exactly the targets those checks speak of."""

from __future__ import annotations

import datetime as dt
import operator
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from checker.checks import REGISTRY
from checker.checks.base import Context, Finding, comparable, derived, holds, index_graph, with_attribute
from checker.checks.plausibility import _same
from checker.checks.text import TextMatches, _matching
from checker.checks.timing import _dated_by_document, _era_years, _line, _mixed_years, era_style
from checker.engine import targets
from checker.fiscal import Period, PlanDate, YearRef
from checker.graph import build_graph
from checker.load import load_documents
from checker.rules import Rule, catalogue
from checker.unknown import Unknown
from tests.conftest import AS_OF, ROOT
from tests.test_perf_rules24 import _says

_OPS = {"<": operator.lt, "<=": operator.le, "==": operator.eq, "!=": operator.ne, ">=": operator.ge, ">": operator.gt}


def _holds_plain(left: Any, op: str, right: Any) -> bool:
    """holds as it was written before its shortcut (every value through comparable())."""
    latest = (lambda v: v.last_day if isinstance(v, PlanDate) else comparable(v))
    if op in ("<", "<="):
        a, b = comparable(left), latest(right)
    elif op in (">", ">="):
        a, b = latest(left), comparable(right)
    else:
        a, b = comparable(left), comparable(right)
    try:
        return bool(_OPS[op](a, b))
    except TypeError:
        return True


_BASES = st.sampled_from([None, "fiscal", "calendar"])
_COMPARED = st.one_of(
    st.none(), st.booleans(), st.integers(1985, 2035), st.floats(allow_nan=True), st.sampled_from(["fiscal", "calendar", ""]),
    st.builds(YearRef, st.integers(1985, 2035), _BASES),
    st.builds(lambda y, m, d: PlanDate(y, m, d), st.integers(2015, 2025), st.integers(1, 12),
              st.one_of(st.none(), st.integers(1, 28))),
    st.builds(lambda y, n: Period(y, y + n), st.integers(2015, 2025), st.integers(0, 5)),
    st.dates(dt.date(2015, 1, 1), dt.date(2025, 12, 31)),
)


@given(_COMPARED, st.sampled_from(sorted(_OPS)), _COMPARED)
def test_holds_equals_the_plain_computation(left: Any, op: str, right: Any) -> None:
    assert holds(left, op, right) == _holds_plain(left, op, right)


@given(st.sampled_from(sorted(_OPS)), st.integers(1990, 2030), _BASES, st.integers(1990, 2030), _BASES)
def test_holds_of_two_years_compares_their_numbers(op: str, a: int, basis_a: Any, b: int, basis_b: Any) -> None:
    """What compare asks of every indicator (KPI-008: baseline year < target year)."""
    assert holds(YearRef(a, basis_a), op, YearRef(b, basis_b)) == _OPS[op](a, b)


# --- text_matches' narrow -------------------------------------------------------------------------

_PATTERN = "[（(][^（）()]*[）)]"  # REF-006's
_TEXTS = st.one_of(st.none(), st.just(Unknown()), st.integers(0, 2), st.lists(st.just("（出典）"), max_size=1),
                   st.sampled_from(["（事業名）", " （KPI） ", "市調べ", "（仮）事業", "", "(出典)", "企画課"]))
_NAMES = ["title", "department", "source"]


def _matching_plain(g: nx.MultiDiGraph, nodes: list[str], p: TextMatches) -> list[str]:
    """text_matches' narrow as it was written before it matched each distinct text once."""
    fullmatch = __import__("re").compile(p.pattern).fullmatch
    return with_attribute(g, nodes, p.attributes, lambda value: isinstance(value, str) and bool(fullmatch(value.strip())))


@given(st.lists(st.dictionaries(st.sampled_from(_NAMES), _TEXTS), max_size=8),
       st.lists(st.sampled_from([*_NAMES, "note", "source.text"]), min_size=1, max_size=3, unique=True))
def test_text_matches_narrow_equals_the_plain_computation(attributes: list[dict[str, Any]], names: list[str]) -> None:
    g = nx.MultiDiGraph()
    for i, data in enumerate(attributes):
        g.add_node(f"n{i}", type="project", **data)
    nodes = list(g.nodes)
    p = TextMatches(attributes=names, pattern=_PATTERN)
    assert _matching(g, nodes, p) == _matching_plain(g, nodes, p)


@cache
def _case_graph(file: Path) -> nx.MultiDiGraph:
    return build_graph(load_documents([file]).documents)


def test_text_matches_narrow_keeps_the_placeholders_of_its_cases() -> None:
    rule = next(r for r in catalogue() if r.kind == "text_matches")
    p = rule.params
    assert isinstance(p, TextMatches)
    for case, found in (("pass", False), ("fail", True)):
        g = _case_graph(ROOT / "rules" / "cases" / rule.id / f"{case}.yaml")
        nodes = targets(g, rule)
        kept = _matching(g, nodes, p)
        assert nodes and kept == _matching_plain(g, nodes, p)
        assert bool(kept) is found


# --- era_style -----------------------------------------------------------------------------------


def _era_style_plain(g: nx.MultiDiGraph, node: str) -> list[Finding]:
    """era_style as it was written before it first looked for a year written in two eras."""
    index = index_graph(g)
    written_in: dict[tuple[int, bool], dict[str, list[tuple[str, str, str]]]] = {}
    for n, dated in derived(g, "dated_by_document", _dated_by_document).get(node, ()):
        for name, value in dated:
            calendar = isinstance(value, YearRef) and value.basis == "calendar"
            for year, era, text in _era_years(value):
                written_in.setdefault((year, calendar), {}).setdefault(era, []).append((n, name, text))
    seen = {key: {era: min((_line(index.attributes[n], name), n, name, text) for n, name, text in places)
                  for era, places in by_era.items()}
            for key, by_era in written_in.items() if len(by_era) > 1}
    found = []
    for (year, _), eras in sorted(seen.items()):
        ordered = sorted(eras.values())
        (_, first, _, first_text), (_, last, name, last_text) = ordered[0], ordered[-1]
        found.append(Finding(last, (first,) if first != last else (), key=name, params={
            "year": year, "text": last_text, "other_text": first_text,
            "eras": [era for era, _ in sorted(eras.items(), key=lambda kv: kv[1])]}))
    return found


def test_era_style_equals_the_plain_computation() -> None:
    """Over DATE-009's cases (two eras for one year: found) and the bundled plans."""
    rule = next(r for r in catalogue() if r.kind == "era_style")
    graphs = [_case_graph(ROOT / "rules" / "cases" / rule.id / f"{case}.yaml") for case in ("pass", "fail")]
    graphs.append(build_graph(load_documents([ROOT / "plans"]).documents))
    found = 0
    for g in graphs:
        for n in targets(g, rule):
            plain = _era_style_plain(g, n)
            assert list(era_style(g, n, rule.params, Context(AS_OF))) == plain
            found += len(plain)
    assert found


@given(st.lists(st.tuples(st.integers(1985, 2035), st.sampled_from(["fiscal", "calendar", None]),
                          st.sampled_from(["平成", "令和", "H", "R", ""])), max_size=6))
def test_mixed_years_are_the_years_written_in_two_eras(years: list[tuple[int, Any, str]]) -> None:
    dated = []
    for i, (year, basis, era) in enumerate(years):
        text = f"{era}{year - (1988 if era in ('平成', 'H') else 2018)}年{'度' if basis == 'fiscal' else ''}" if era \
            else f"{year}年度"
        dated.append((f"n{i}", (("year", YearRef(year, basis, text=text)),)))
    eras: dict[tuple[int, bool], set[str]] = {}
    for _, ((_, value),) in dated:
        for year, era, _ in _era_years(value):
            eras.setdefault((year, value.basis == "calendar"), set()).add(era)
    assert _mixed_years(dated) == {key for key, found in eras.items() if len(found) > 1}


# --- unit_carried's comparison --------------------------------------------------------------------

_UNITS = st.one_of(st.sampled_from(["人", "％", "%", " % ", "件", "人 ", "千人"]), st.integers(0, 2), st.floats(-1, 1),
                   st.text(max_size=3))


@given(_UNITS, _UNITS)
def test_same_unit_equals_the_plain_computation(a: Any, b: Any) -> None:
    """A text equal as written is the same; anything else is compared after NFKC, without spaces."""
    norm = (lambda v: "".join(unicodedata.normalize("NFKC", str(v)).split()))
    assert _same(a, b) == (norm(a) == norm(b))


# --- the narrows of compare, year_timing and direction_consistent --------------------------------------


def test_the_new_narrows_keep_exactly_the_targets_their_checks_speak_of() -> None:
    """compare, year_timing and direction_consistent, over the bundled plans and the rules' own
    cases: each target their narrow keeps gives a finding or a "not checked", and no other does."""
    kinds = {"compare", "year_timing", "direction_consistent"}
    rules = [r for r in catalogue() if r.kind in kinds]
    assert {r.kind for r in rules} == kinds
    graphs = [build_graph(load_documents([ROOT / "plans"]).documents)]
    graphs += [_case_graph(ROOT / "rules" / "cases" / r.id / f"{case}.yaml") for r in rules for case in ("pass", "fail")]
    assert_narrows_keep_what_their_checks_say(rules, graphs)


def assert_narrows_keep_what_their_checks_say(rules: list[Rule], graphs: list[nx.MultiDiGraph]) -> None:
    """Each rule's narrow keeps exactly the targets its check says something of (a finding or a
    "not checked"), on every graph — and on some graph it keeps one."""
    spoken = 0
    for g in graphs:
        for rule in rules:
            narrow = REGISTRY[rule.kind].narrow
            assert narrow is not None
            nodes = targets(g, rule)
            kept = narrow(g, nodes, rule.params)
            assert kept == [n for n in nodes if _says(g, rule, n)], rule.id
            spoken += len(kept)
    assert spoken
