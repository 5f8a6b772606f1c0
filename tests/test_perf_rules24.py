"""The shortcuts of rule evaluation give what the plain way gives: a check kind's `narrow` (the
targets it could say something of, in one pass) drops only targets the check is silent for, and
year_timing's limit, worked out once per document, is the one it worked out per indicator."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Iterator

import networkx as nx
import pytest

from checker.checks import REGISTRY
from checker.checks.base import Context, Finding, NotKnown, Unseen, date_of, follow, value_of
from checker.checks.timing import YearTiming, _dates, _finding, _first_day, _last_day, _latest_revision, year_timing
from checker.engine import evaluate_all, targets
from checker.fiscal import PlanDate, YearRef
from checker.graph import build_graph
from checker.load import load_documents
from checker.rules import Rule, catalogue
from checker.unknown import Unknown
from tests.conftest import AS_OF, ROOT

CASES = sorted((ROOT / "rules" / "cases").glob("*/*.yaml"))
CASE_FILES = [f for f in CASES if f.name in ("pass.yaml", "fail.yaml")]
NARROWED = [r for r in catalogue() if REGISTRY[r.kind].narrow is not None]


@cache
def _graph(file: Path) -> nx.MultiDiGraph:
    return build_graph(load_documents([file], include_reference=False).documents)  # as the golden cases run


def _says(g: nx.MultiDiGraph, rule: Rule, node: str) -> bool:
    """Whether the check yields anything (or raises NotKnown) for the target."""
    check = REGISTRY[rule.kind].node_check
    assert check is not None
    try:
        return any(True for _ in check(g, node, rule.params, Context(AS_OF)))
    except NotKnown:
        return True


def test_the_common_kinds_are_narrowed() -> None:
    assert {"date_notation", "text_matches", "link_count", "value_possible", "attributes_present"} <= \
        {r.kind for r in NARROWED}


@pytest.mark.parametrize("file", [f for f in CASE_FILES if f.parent.name in {r.id for r in NARROWED}],
                         ids=lambda f: f"{f.parent.name}/{f.stem}")
def test_narrow_keeps_every_target_the_check_speaks_of(file: Path) -> None:
    """Over the narrowed rules' own cases (each of the narrowed rules, on each case graph)."""
    g = _graph(file)
    checked = 0
    for rule in NARROWED:
        narrow = REGISTRY[rule.kind].narrow
        assert narrow is not None
        nodes = targets(g, rule)
        kept = narrow(g, nodes, rule.params)
        assert kept == [n for n in nodes if n in set(kept)]  # a sublist, in the targets' order
        assert {n for n in nodes if _says(g, rule, n)} <= set(kept)
        checked += len(nodes)
    assert checked


def test_narrowed_rules_find_in_their_failing_cases() -> None:
    """The narrowed kinds still find what their failing cases expect (the engine applies narrow)."""
    for rule in NARROWED:
        g = _graph(ROOT / "rules" / "cases" / rule.id / "fail.yaml")
        violations, not_checked = evaluate_all(g, [rule], AS_OF)
        assert [v for v in violations if v.rule == rule.id] or [n for n in not_checked if n.rule == rule.id], rule.id


def test_following_to_the_document_is_the_general_way() -> None:
    """follow's shortcut for [document] (a list) gives what the general path walk gives (a tuple
    takes the general way)."""
    g = _graph(ROOT / "rules" / "cases" / "KPI-015" / "fail.yaml")
    assert len(g) > 5
    for node in g._node:
        assert follow(g, node, ["document"]) == follow(g, node, ("document",)) == [g._node[node]["doc"]]
        assert follow(g, node, ["document", "document"]) == follow(g, node, ("document",))


# --- year_timing: the limit worked out once per holder --------------------------------------------


def _plain_year_timing(g: nx.MultiDiGraph, node: str, p: YearTiming) -> Iterator[Finding | Unseen]:
    """year_timing as it was written before the per-holder memo (without `unless`, which the
    memo does not touch)."""
    data = g._node[node]
    year = data.get(p.attribute)
    if not isinstance(year, YearRef):
        return
    point = value_of(data, p.point) if p.point else None
    for holder in follow(g, node, p.holder):
        revised = _latest_revision(g, holder) if p.revisions and p.relation == "not_after" else None
        found, unknown = _dates(g, holder, p.dates) if revised is None else \
            ([(revised[0], "latest_revision", revised[1])], [])
        if not found:
            if unknown:
                yield Unseen(node, tuple(unknown), key=p.attribute)
            continue
        if p.relation == "not_after":
            day, name, value = min(found, key=lambda x: x[0])
            day = value.last_day if isinstance(value, PlanDate) else day
            begins = date_of(point) if isinstance(point, PlanDate) else _first_day(year)
            failed = begins is not None and begins > day
        else:
            day, name, value = max(found, key=lambda x: x[0])
            ends = point.last_day if isinstance(point, PlanDate) else _last_day(year)
            failed = ends < day
        if failed:
            yield _finding(g, node, holder, p, point or year, value, name)
        elif unknown:
            yield Unseen(node, tuple(unknown), key=p.attribute)


def _params() -> list[YearTiming]:
    """The rules' year_timing parameters, and each of them the other way round."""
    found: list[YearTiming] = [r.params for r in catalogue() if r.kind == "year_timing"]  # type: ignore[misc]
    flipped: list[dict[str, Any]] = [{"relation": "not_before"}, {"revisions": True}, {"point": None}]
    return found + [p.model_copy(update=u) for p in found for u in flipped]


def test_year_timing_equals_the_plain_way() -> None:
    said: list[Any] = []
    graphs = [_graph(f) for f in CASE_FILES if f.parent.name in ("KPI-015", "POP-009", "KPI-006", "PER-002")]
    for g in [*graphs, _small()]:
        for p in _params():
            p = p.model_copy(update={"unless_rel": None, "unless": None})
            for node in sorted(g._node):
                if g._node[node].get(p.attribute) is None:
                    continue
                try:
                    mine: list[Any] = list(year_timing(g, node, p, Context(AS_OF)))
                except NotKnown as exc:
                    mine = [exc.missing]
                try:
                    plain: list[Any] = list(_plain_year_timing(g, node, p))
                except NotKnown as exc:
                    plain = [exc.missing]
                assert mine == plain, (node, p)
                said.extend(mine)
    assert any(isinstance(f, Finding) for f in said) and any(isinstance(f, Unseen) for f in said)


def _small() -> nx.MultiDiGraph:
    """Two documents: one adopted in March 2020 with a baseline before and one after; one whose
    adoption is unknown."""
    g = nx.MultiDiGraph()
    g.add_node("d", type="municipal_strategy", doc="d", adopted=PlanDate(2020, 3, None), title="d")
    g.add_node("a", type="indicator", doc="d", baseline_year=YearRef(2018, "fiscal"))
    g.add_node("b", type="indicator", doc="d", baseline_year=YearRef(2021, "fiscal"))
    g.add_node("u", type="municipal_strategy", doc="u", adopted=Unknown(), title="u")
    g.add_node("c", type="indicator", doc="u", baseline_year=YearRef(2018, "fiscal"))
    return g


def test_year_timing_answers_per_document() -> None:
    """The memo answers per holder: indicators of one document measured before and after its
    adoption are told apart; another document's unknown adoption leaves its indicator unseen."""
    g, p = _small(), YearTiming(attribute="baseline_year", relation="not_after")
    assert list(year_timing(g, "a", p, Context(AS_OF))) == []
    (finding,) = list(year_timing(g, "b", p, Context(AS_OF)))
    assert isinstance(finding, Finding) and finding.params["limit"] == PlanDate(2020, 3, None)
    assert list(year_timing(g, "c", p, Context(AS_OF))) == [Unseen("c", ("adopted",), key="baseline_year")]
