"""The bundled facts (plans/**) carry their sources, and an unverified fact never produces an error.

What "carries its source" means here, checked for every document in every bundled file:

1. Every document lists at least one source (`sources`), and every source and every
   `provenance` entry has a non-empty title.
2. Reference documents (national and prefectural: strategies, comprehensive plans, population
   projections, grant programmes) have at least one source with a URL. A municipal document has
   one with a URL or rests on the seed policy (a source whose title or note names the
   第2期安曇野市…策定方針 or `shared/seed/`).
3. Every fact a reference document states that rules read — its dates (`decided`, `adopted`,
   `published`, `released`), periods (`period`, `valid`, `basic_concept`), limits (`max_years`),
   the lists rules compare (`goals`, `cross_cutting_goals`, `types`, `basic_plans`), `considers`,
   `predecessor`, `goal_term`, `base_census`, `horizon` — has its own `provenance` entry, which
   states its reliability (primary | secondary | unverified). A grant type's `usual_years`,
   `max_years` and `valid` are covered by the type's own `provenance`.
4. A `provenance` entry marked primary names a URL or the seed; secondary and unverified entries
   say in their title where the fact comes from, or that it is not found.
5. Every `provenance` key names a field the document (or grant type) writes: the engine looks the
   fact up by that key, so a misspelt key would leave an uncertain fact unmarked.
6. A municipal document that cites a secondary (or unverified) source in `sources` has a
   `provenance` entry at least that uncertain: the facts it supports are listed, so reports flag
   the findings that rest on them.

And the rule "an unverified fact never produces an error": the bundled plans' report has no
error-level violation touching an unverified fact (nor has it when every rule is raised to
error), and unit tests of the engine's severity cap (checker/engine.py, `stamp`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from checker import api
from checker.engine import evaluate
from checker.graph import build_graph
from checker.load import load_documents
from checker.model import GrantProgramme, document_level
from checker.report import Violation
from checker.rules import Profile, RuleOverride, catalogue, rule_set
from tests.conftest import AS_OF, ROOT

PLANS = ROOT / "plans"
SEED_MARKERS = ("策定方針", "shared/seed/")
FACT_FIELDS = ("decided", "adopted", "published", "released", "period", "valid", "basic_concept", "max_years",
               "goals", "cross_cutting_goals", "types", "basic_plans", "considers", "predecessor", "goal_term",
               "base_census", "horizon")
TYPE_FACTS = ("usual_years", "max_years", "valid")
DATE_FIELDS = frozenset({"adopted", "decided", "published", "released", "period", "valid"})
UNCERTAINTY = {"primary": 0, "secondary": 1, "unverified": 2}


def _bundled() -> list[Any]:
    loaded = load_documents([PLANS], include_reference=False)
    assert not loaded.errors, [e.message_en for e in loaded.errors]
    return sorted(loaded.documents, key=lambda d: d.model.id)


DOCUMENTS = _bundled()
IDS = [d.model.id for d in DOCUMENTS]


def _seeded(source: Any) -> bool:
    return any(marker in f"{source.title} {source.note or ''}" for marker in SEED_MARKERS)


def test_every_bundled_file_is_covered() -> None:
    files = {Path(d.file).name for d in DOCUMENTS}
    assert {p.name for p in PLANS.rglob("*.yaml")} <= files


@pytest.mark.parametrize("doc", DOCUMENTS, ids=IDS)
def test_document_has_sources(doc: Any) -> None:
    model = doc.model
    assert model.sources, f"{model.id}: no sources"
    entries = [*model.sources, *model.provenance.values()]
    for t in getattr(model, "types", ()):
        entries += [*t.sources, *t.provenance.values()]
    assert all(s.title.strip() for s in entries), f"{model.id}: a source or provenance entry without a title"
    if document_level(model) == "municipal":
        assert any(s.url or _seeded(s) for s in model.sources), f"{model.id}: no source with a URL or the seed"
    else:
        assert any(s.url for s in model.sources), f"{model.id}: no source with a URL"


@pytest.mark.parametrize("doc", [d for d in DOCUMENTS if document_level(d.model) != "municipal"],
                         ids=[d.model.id for d in DOCUMENTS if document_level(d.model) != "municipal"])
def test_every_reference_fact_has_provenance(doc: Any) -> None:
    model = doc.model
    written = model.model_fields_set
    missing = [f for f in FACT_FIELDS if f in written and f not in model.provenance]
    assert not missing, f"{model.id}: facts without a provenance entry: {missing}"
    if isinstance(model, GrantProgramme):
        for t in model.types:
            missing = [f for f in TYPE_FACTS if f in t.model_fields_set and f not in t.provenance]
            assert not missing, f"{model.id}#{t.id}: facts without a provenance entry: {missing}"


@pytest.mark.parametrize("doc", DOCUMENTS, ids=IDS)
def test_provenance_names_its_source_and_a_written_field(doc: Any) -> None:
    model = doc.model
    groups = [(model.id, model.provenance, model.model_fields_set)]
    groups += [(f"{model.id}#{t.id}", t.provenance, t.model_fields_set) for t in getattr(model, "types", ())]
    for where, provenance, written in groups:
        for key, entry in provenance.items():
            assert key in written, f"{where}: provenance for {key!r}, which the document does not write"
            if entry.reliability == "primary":
                assert entry.url or _seeded(entry), f"{where}: primary fact {key!r} without a URL"


@pytest.mark.parametrize("doc", [d for d in DOCUMENTS if document_level(d.model) == "municipal"],
                         ids=[d.model.id for d in DOCUMENTS if document_level(d.model) == "municipal"])
def test_uncertain_sources_are_listed_in_provenance(doc: Any) -> None:
    model = doc.model
    cited = max((UNCERTAINTY[s.reliability] for s in model.sources), default=0)
    listed = max((UNCERTAINTY[s.reliability] for s in model.provenance.values()), default=0)
    assert listed >= cited, f"{model.id}: cites a {cited=} source but lists no such fact in provenance"


# --- an unverified fact never produces an error -------------------------------------------------


def _touches_unverified(g: Any, v: Violation) -> list[str]:
    """The unverified facts a violation touches, judged apart from the engine and more broadly:
    the subject's key or list, and every related node's document dates and the list it sits in."""
    found = []
    for node in (v.subject, *v.related):
        if node not in g:
            continue
        data = g.nodes[node]
        doc = g.nodes[data["doc"]]
        unverified = {k for k, r in (doc.get("provenance") or {}).items() if r == "unverified"}
        own = {k for k, r in (data.get("provenance") or {}).items() if r == "unverified"} if node != data["doc"] else set()
        path = data.get("path") or ()
        keys = {v.key, path[0] if path else None} if node == v.subject else {path[0] if path else None} | DATE_FIELDS
        found += [f"{node}:{k}" for k in (unverified | own) & keys]
    return found


@pytest.fixture(scope="module")
def bundled_graph() -> Any:
    loaded = load_documents([PLANS])
    return build_graph(loaded.documents)


def test_bundled_report_has_no_error_on_an_unverified_fact(bundled_graph: Any) -> None:
    report = api.check([PLANS], as_of=AS_OF)
    assert not report.input_errors
    wrong = [(v.rule, v.subject, _touches_unverified(bundled_graph, v)) for v in report.violations
             if v.severity == "error" and _touches_unverified(bundled_graph, v)]
    assert not wrong


def test_raised_to_error_unverified_facts_stay_warnings(bundled_graph: Any) -> None:
    """With every rule raised to error, what touches an unverified fact is still a warning."""
    rules = rule_set(Profile(rules={r.id: RuleOverride(severity="error") for r in catalogue()}))
    for v in evaluate(bundled_graph, rules, AS_OF):
        if _touches_unverified(bundled_graph, v):
            assert v.severity == "warning" and v.secondary, (v.rule, v.subject, v.related)


# --- unit tests of the cap --------------------------------------------------------------------------

NATIONAL = """
kind: national_strategy
id: nat/strategy-1
title: 国の総合戦略
decided: 2014-12-27
period: {{from: 2015, to: 2019}}
goal_term: {term}
goals:
  - {{id: G1, title: 地方に仕事をつくる}}
  - {{id: G2, title: 人の流れをつくる}}
provenance:
  goals: {{title: 目標の一覧, reliability: {goals}}}
  decided: {{title: 決定日, reliability: {decided}}}
sources: [{{title: 国の総合戦略, url: "https://example.jp/"}}]
"""

CITY = """
kind: municipal_strategy
id: city/strategy-1
title: 例市総合戦略
municipality: 例市
prefecture: 例県
period: {{from: H27, to: R1}}
adopted: {adopted}
published: {published}
considers: [nat/strategy-1]
goals:
  - {{id: G1, title: しごとをつくる, considers: [nat/strategy-1#G1]}}
grants:
  - {{id: GR1, programme: 例交付金, title: 例事業, period: {{from: 2025, to: 2030}}{type}}}
provenance:
  published: {{title: 公表日, reliability: {published_reliability}}}
"""

PROGRAMME = """
kind: grant_programme
id: nat/grant
title: 例交付金
valid: {{from: 2024}}
max_years: 5
types:
  - id: soft
    title: ソフト事業
    max_years: 5
    provenance: {{max_years: {{title: 制度概要, reliability: primary}}}}
  - {{id: infra, title: インフラ整備事業}}
provenance:
  max_years: {{title: 未確認, reliability: {max_years}}}
"""


def _check(write, rule_ids: list[str], *, severity: str | None = None, term: str = "basic_goal",
           goals: str = "primary", decided: str = "primary", adopted: str = "2015-10-01",
           published: str = "2015-09-01", published_reliability: str = "primary", max_years: str = "primary",
           type: str = "") -> list[Violation]:
    files = [
        write("national.yaml", NATIONAL.format(term=term, goals=goals, decided=decided)),
        write("city.yaml", CITY.format(adopted=adopted, published=published, published_reliability=published_reliability,
                                       type=f", type: {type}" if type else "")),
        write("grant.yaml", PROGRAMME.format(max_years=max_years)),
    ]
    overrides = {r: RuleOverride(severity=severity) for r in rule_ids} if severity else {}
    rules = [r for r in rule_set(Profile(rules=overrides)) if r.id in rule_ids]
    report = api.check(files, rules=rules, as_of=dt.date(2026, 4, 1), include_reference=False)
    assert not report.input_errors, [v.message["en"] for v in report.input_errors]
    return [v for v in report.violations if v.rule in rule_ids]


@pytest.mark.parametrize("reliability, severity, marked", [
    ("primary", "error", False), ("secondary", "error", True), ("unverified", "warning", True)])
def test_cap_on_the_subjects_own_fact(write, reliability: str, severity: str, marked: bool) -> None:
    """LAW-006 (error): published before adopted; the publication date's reliability decides."""
    [v] = _check(write, ["LAW-006"], published_reliability=reliability)
    assert (v.severity, v.secondary) == (severity, marked)


@pytest.mark.parametrize("reliability, severity", [("primary", "error"), ("secondary", "error"), ("unverified", "warning")])
def test_cap_on_a_related_documents_date(write, reliability: str, severity: str) -> None:
    """LAW-002 raised to error: the city (2020) considers the 1st national strategy while a later
    one was in force — a finding that rests on the other strategy's decision date."""
    later = write("national-2.yaml", """
        kind: national_strategy
        id: nat/strategy-2
        title: 第2期 国の総合戦略
        decided: 2019-12-20
        period: {from: 2020, to: 2024}
        provenance: {decided: {title: 決定日, reliability: %s}}
        """ % reliability)
    [v] = _law_002(write, later)
    assert v.severity == severity


def _law_002(write, later: Path) -> list[Violation]:
    files = [write("national.yaml", NATIONAL.format(term="basic_goal", goals="primary", decided="primary")),
             later,
             write("city.yaml", CITY.format(adopted="2020-03-01", published="2020-03-02",
                                            published_reliability="primary", type=""))]
    rules = [r for r in rule_set(Profile(rules={"LAW-002": RuleOverride(severity="error")})) if r.id == "LAW-002"]
    report = api.check(files, rules=rules, as_of=dt.date(2026, 4, 1), include_reference=False)
    assert not report.input_errors
    return list(report.violations)


@pytest.mark.parametrize("reliability, severity", [("primary", "error"), ("unverified", "warning")])
def test_cap_on_a_related_goal_list(write, reliability: str, severity: str) -> None:
    """MAP-003 raised to error: the national G2 is not covered; the finding rests on the goal list."""
    [v] = _check(write, ["MAP-003"], severity="error", goals=reliability)
    assert v.related == ("nat/strategy-1#G2",) and v.severity == severity


@pytest.mark.parametrize("type_, reliability, severity, limit", [
    ("ソフト事業", "unverified", "error", "limit_type"),  # the type's own maximum (primary): an error
    ("", "primary", "error", "limit_largest_type"),  # no type: the longest, the programme's 5 (primary)
    ("", "unverified", "warning", "limit_largest_type"),  # … and unverified: a warning
    ("インフラ整備事業", "unverified", "warning", "limit_type"),  # a type without its own: the programme's
])
def test_cap_on_a_grant_limit(write, type_: str, reliability: str, severity: str, limit: str) -> None:
    """GRANT-003: a six-year grant under a programme with types; which limit, and whether it is
    unverified, decides the severity."""
    [v] = _check(write, ["GRANT-003"], type=type_, max_years=reliability)
    assert (v.severity, v.params["limit"], v.params["max"]) == (severity, limit, 5)


def test_a_raised_severity_is_capped_too(write) -> None:
    [v] = _check(write, ["LAW-006"], severity="error", published_reliability="unverified")
    assert v.severity == "warning"
    [v] = _check(write, ["LAW-007"], severity="info", published_reliability="unverified", published="2016-10-01")
    assert v.severity == "info"  # the cap lowers errors only


# --- messages name a higher document's goals as that document does ------------------------------


@pytest.mark.parametrize("term, ja, en", [("basic_goal", "の基本目標「人の流れをつくる」", "the basic goal '人の流れをつくる'"),
                                          ("focus_area", "の取組の方向「人の流れをつくる」", "the focus area '人の流れをつくる'")])
def test_goal_term_in_messages(write, term: str, ja: str, en: str) -> None:
    [v] = _check(write, ["MAP-003"], term=term)
    assert ja in v.message["ja"] and en in v.message["en"]


def test_bundled_digital_denen_items_are_focus_areas(write) -> None:
    city = write("city.yaml", """
        kind: municipal_strategy
        id: city/strategy-3
        title: 第3期例市総合戦略
        municipality: 例市
        prefecture: 例県
        period: {from: R7, to: R11}
        adopted: R7-03-01
        considers: [national/digital-denen]
        goals:
          - {id: G1, title: しごとをつくる, considers: [national/digital-denen#G1]}
        """)
    report = api.check([city], rules=[r for r in catalogue() if r.family == "mapping"], as_of=AS_OF)
    about = [v for v in report.violations if any(r.startswith("national/digital-denen#") for r in v.related)]
    assert {v.related for v in about if v.rule == "MAP-003"} == {
        ("national/digital-denen#G2",), ("national/digital-denen#G3",), ("national/digital-denen#G4",)}
    for v in about:
        assert "基本目標「" + v.params.get("item", "") not in v.message["ja"]
        assert "取組の方向" in v.message["ja"] and "focus area" in v.message["en"]


# --- grant types -------------------------------------------------------------------------------


def test_unknown_grant_type_is_a_dangling_reference(write) -> None:
    files = [write("grant.yaml", PROGRAMME.format(max_years="primary")),
             write("city.yaml", CITY.format(adopted="2015-10-01", published="2015-10-02", published_reliability="primary",
                                            type=", type: ハード事業"))]
    report = api.check(files, rules=[r for r in catalogue() if r.id in ("REF-001", "GRANT-003")],
                       as_of=AS_OF, include_reference=False)
    [ref] = [v for v in report.violations if v.rule == "REF-001" and v.subject == "city/strategy-1#GR1"]
    assert ref.key == "grants[0].type" and ref.params["ref"] == "ハード事業"
    [too_long] = [v for v in report.violations if v.rule == "GRANT-003"]  # held to the longest: 5 (the programme's)
    assert too_long.params["limit"] == "limit_largest_type"


def test_grant_type_resolves_by_id_title_or_full_id(write) -> None:
    g = build_graph(load_documents([
        write("grant.yaml", PROGRAMME.format(max_years="primary")),
        write("city.yaml", CITY.format(adopted="2015-10-01", published="2015-10-02", published_reliability="primary",
                                       type="").replace(
            "  - {id: GR1, programme: 例交付金, title: 例事業, period: {from: 2025, to: 2030}}",
            "  - {id: GR1, programme: 例交付金, type: soft, title: 例事業, period: {from: 2025}}\n"
            "  - {id: GR2, programme: 例交付金, type: インフラ整備事業, title: 例事業2, period: {from: 2025}}\n"
            "  - {id: GR3, programme: 例交付金, type: 'nat/grant#infra', title: 例事業3, period: {from: 2025}}")),
    ], include_reference=False).documents)
    types = {u: v for u, v, rel in g.edges(keys=True) if rel == "of_type"}
    assert types == {"city/strategy-1#GR1": "nat/grant#soft", "city/strategy-1#GR2": "nat/grant#infra",
                     "city/strategy-1#GR3": "nat/grant#infra"}


def test_bundled_second_generation_types() -> None:
    g = build_graph(load_documents([PLANS]).documents)
    programme = "national/grant-2nd-generation"
    limits = {g.nodes[n]["title"]: (g.nodes[n]["usual_years"], g.nodes[n]["max_years"], g.nodes[n]["valid"].start)
              for n in g if g.nodes[n]["type"] == "grant_type" and g.nodes[n]["doc"] == programme
              and g.nodes[n]["max_years"] is not None}
    assert limits == {"ソフト事業": (3, 5, 2025), "拠点整備事業": (3, 5, 2025), "インフラ整備事業": (5, 7, 2025)}
    assert g.nodes[programme]["valid"].start == 2024
    assert g.nodes["national/grant-digital"]["valid"].end == 2024
    assert g.nodes["national/grant-digital"]["provenance"]["max_years"] == "unverified"
