"""Issue 15: what a reviewer checks — the rule vocabulary checked at load, the graph's vocabulary,
population target ids, duplicate documents, findings resting on unverified roles, the overlap
messages, the new check kinds' edge cases, and harmless edits of the bundled Azumino plans that
must not produce findings."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from checker.graph_index import GraphIndex
from checker import api, graph, graph_vocabulary
from checker.checks.periods import _mismatch
from checker.fiscal import Period
from checker.graph import build_graph
from checker.load import load_documents
from checker.rules import Profile, RuleError, RuleOverride, catalogue, load_rule, rule_set, vocabulary_problems
from tests.conftest import AS_OF, ROOT

RULES = {r.id: r for r in catalogue()}
CASES = ROOT / "rules" / "cases"


# --- the rule vocabulary, checked when a rule loads -----------------------------------------------

RULE = """
id: LAW-099
name: test-rule
family: law
severity: warning
target: {target}
check:
  kind: {kind}
  params: {params}
title: {{ja: t, en: t}}
message: {{ja: "「{{title}}」", en: "'{{title}}'"}}
rationale: {{ja: r, en: r}}
basis: b
"""


def _rule(write, target: str = "{type: municipal_strategy}", kind: str = "compare",
          params: str = '{left: published, op: ">=", right: adopted}') -> Path:
    return write("LAW-099.yaml", RULE.format(target=target, kind=kind, params=params))


def test_every_shipped_rule_passes_the_vocabulary() -> None:
    """Every rule of the catalogue loads (load_rule checks its words); checked again here, so a
    rule that escaped would show by name."""
    assert len(RULES) > 60
    for rule in RULES.values():
        vocabulary_problems(rule.target, rule.params, rule.file)


@pytest.mark.parametrize("target, kind, params, line, fragment", [
    ("{type: municipal_stratgy}", None, None, 5, "unknown node type 'municipal_stratgy' — did you mean 'municipal_strategy'?"),
    ("{type: municipal_strategy, linked: [{rel: succeds}]}", None, None, 5,
     "unknown relation 'succeds' — did you mean 'succeeds'?"),
    ("{type: municipal_strategy, where: {publishd: {present: true}}}", None, None, 5,
     "unknown attribute 'publishd' of node type(s) municipal_strategy — did you mean 'published'?"),
    ("{type: basic_goal, linked: [{rel: merges_into}]}", None, None, 5, "never links from node type(s) basic_goal"),
    (None, None, '{left: publishd, op: ">=", right: adopted}', 8, "did you mean 'published'?"),
    (None, None, '{left: period.strat_date, op: "<=", value: 2020-04-01}', 8, "has no field 'strat_date' — did you mean 'start_date'?"),
    (None, "period_relation", "{other: [succeds], relation: follows}", 8, "did you mean 'succeeds'?"),
    (None, "period_relation", "{other: [succeeds], relation: follows, other_attribute: efective_period}", 8,
     "did you mean 'effective_period'?"),
    (None, "period_relation", "{other: [based_on], relation: follows}", 8, "lead nowhere from node type(s) municipal_strategy"),
    (None, "edge_attributes_present", "{rel: retires, attributes: [reasn]}", 8, "did you mean 'reason'?"),
    (None, "declared_sum", "{total: indicator, parts: [kpis]}", 8, "did you mean 'indicators'?"),
    (None, "link_count", "{rel: measures, direction: in, other: {type: indicatr}, min: 1}", 8, "did you mean 'indicator'?"),
    (None, "share", "{items: {type: indicator}, attribute: outcom, min_share: 0.5}", 8, "did you mean 'outcome'?"),
])
def test_misspelt_words_are_located_errors(write, target, kind, params, line, fragment) -> None:
    args = {k: v for k, v in (("target", target), ("kind", kind), ("params", params)) if v is not None}
    with pytest.raises(RuleError) as info:
        load_rule(_rule(write, **args))
    assert info.value.line == line and info.value.file.endswith("LAW-099.yaml"), str(info.value)
    assert fragment in info.value.message


def test_profile_parameters_are_checked_too() -> None:
    with pytest.raises(RuleError, match="did you mean 'outcome'"):
        rule_set(Profile(rules={"KPI-009": RuleOverride(params={"attribute": "outcom"})}))


def test_graph_vocabulary_is_what_the_builder_makes() -> None:
    """The builder's table lists every node type (and the document kinds each belongs to), and
    every node and edge of the bundled plans and of every golden case lies within it."""
    assert set(graph.NODE_ATTRIBUTES) == set(graph.DOCUMENT_KINDS_OF)
    files = [ROOT / "plans", *sorted(CASES.glob("*/*.yaml"))]
    graphs = [api.build([ROOT / "plans"]).graph] + [
        build_graph(load_documents([f], include_reference=False).documents)
        for f in files[1:] if f.name != "expected.yaml"]
    for g in graphs:
        for _, data in g.nodes(data=True):
            assert set(data) <= graph.NODE_ATTRIBUTES[data["type"]] | graph.NODE_BASE
        for u, v, data in g.edges(data=True):
            relation = graph.RELATIONS[data["rel"]]
            assert g.nodes[u]["type"] in relation.sources and g.nodes[v]["type"] in relation.targets, (u, v, data)


def test_the_builder_refuses_words_outside_its_vocabulary(monkeypatch) -> None:
    monkeypatch.setitem(graph.NODE_ATTRIBUTES, "grant", graph.NODE_ATTRIBUTES["grant"] - {"regional_plan"})
    monkeypatch.setattr(graph, "_KNOWN_SHAPES", set())
    with pytest.raises(graph.VocabularyDrift, match="regional_plan"):
        build_graph(load_documents([ROOT / "plans" / "azumino"], include_reference=False).documents)


def test_reached_types_follow_relations() -> None:
    assert graph_vocabulary.reached({"municipal_strategy"}, ["uses_vision", "based_on"]) == {"projection_edition"}
    assert graph_vocabulary.reached({"indicator"}, ["document"]) == {"municipal_strategy"}
    assert graph_vocabulary.reached({"basic_goal"}, ["merges_into"]) == set()


# --- population targets without ids, duplicate documents -----------------------------------------


def _check(paths, rules=None, include_reference=False):
    return api.check(paths, rules=rules, as_of=AS_OF, include_reference=include_reference)


def test_population_figures_without_ids_get_distinct_ids(write, tmp_path: Path) -> None:
    write("plan.yaml", """
        kind: comprehensive_plan
        id: city/plan
        title: 例市総合計画
        municipality: 例市
        basic_concept: {period: {from: H30, to: R9}}
        basic_plans:
          - id: later
            title: 後期基本計画
            period: {from: R5, to: R9}
            population_targets: [{year: 2040, population: 86000}]
        population_targets:
          - {year: 2040, population: 85000}
          - {id: population-2040-2, year: 2045, population: 84000}
          - {year: 2040, population: 87000}
        """)
    report = _check([tmp_path])
    assert not [v for v in report.violations if v.rule == "REF-002"]
    g = api.build([tmp_path], include_reference=False).graph
    ids = sorted(n for n, d in g.nodes(data=True) if d["type"] == "population_target")
    # the planner's own id is kept; generated ids take none written or made before
    assert ids == ["city/plan#population-2040", "city/plan#population-2040-2", "city/plan#population-2040-3",
                   "city/plan#population-2040-4"]
    assert g.nodes["city/plan#population-2040-2"]["generated_id"] is False


STRATEGY = """
kind: municipal_strategy
id: city/strategy-2
title: {title}
municipality: 例市
prefecture: 例県
period: {{from: R2, to: R6}}
{extra}
"""


def test_duplicate_document_uses_the_later_dated_file(write, tmp_path: Path) -> None:
    write("a-draft.yaml", STRATEGY.format(title="例市総合戦略（素案）", extra="waivers: [{rule: LAW-008, target: city/strategy-2, reason: 素案, approved_by: 企画課}]"))
    write("b-adopted.yaml", STRATEGY.format(title="例市総合戦略", extra="adopted: R2-03-25\npublished: R2-03-31"))
    report = _check([tmp_path])
    ref = [v for v in report.violations if v.rule == "REF-002"]
    assert [(v.subject, v.file.rsplit("/", 1)[-1], v.line) for v in ref] == [("city/strategy-2", "a-draft.yaml", 2)]
    assert "b-adopted.yaml:2 is used: its adoption or decision date (2020-03-25) is the latest" in ref[0].message["en"]
    assert "b-adopted.yaml:2 を使用" in ref[0].message["ja"]
    g = api.build([tmp_path], include_reference=False).graph
    assert g.nodes["city/strategy-2"]["title"] == "例市総合戦略"
    assert GraphIndex.of(g).waivers == ()  # the dropped draft's waivers are gone with it


def test_duplicate_document_without_dates_keeps_the_first_by_file_name(write, tmp_path: Path) -> None:
    write("b.yaml", STRATEGY.format(title="二番目", extra=""))
    write("a.yaml", STRATEGY.format(title="一番目", extra=""))
    report = _check([tmp_path])
    (ref,) = [v for v in report.violations if v.rule == "REF-002"]
    assert ref.file.endswith("b.yaml") and "first by file name" in ref.message["en"]
    assert api.build([tmp_path], include_reference=False).graph.nodes["city/strategy-2"]["title"] == "一番目"


# --- PER-001 / PER-006: the years actually shared ---------------------------------------------


@pytest.mark.parametrize("earlier, later, problem, years, span", [
    (Period(2015, 2019), Period(2021, 2025), "gap", 1, Period(2020, 2020)),
    (Period(2020, 2024), Period(2023, 2027), "overlap", 2, Period(2023, 2024)),
    (Period(2015, 2024), Period(2018, 2020), "overlap", 3, Period(2018, 2020)),  # gap_after says -7
    (Period(2020, 2024), Period(2015, 2019), "order", 0, None),  # gap_after says -10
    (Period(2020, 2024), Period(2022, None), "overlap", 3, Period(2022, 2024)),
])
def test_overlap_counts_the_years_shared(earlier, later, problem, years, span) -> None:
    found = _mismatch(earlier, later)
    assert (found["problem"].key, found["years"]) == (problem, years)
    assert found["shared"] == (span if problem == "overlap" else None)


# --- REF-003 on a document whose role is unverified -------------------------------------------


def test_wrong_type_reference_resting_on_an_unverified_role_is_a_warning(write, tmp_path: Path) -> None:
    write("plan.yaml", """
        kind: comprehensive_plan
        id: pref/plan
        title: 県総合5か年計画
        prefecture: 例県
        basic_concept: {period: {from: 2018, to: 2022}}
        provenance: {kind: {title: 県総合戦略としての位置付けは未確認, reliability: unverified}}
        ---
        kind: comprehensive_plan
        id: pref/plan-b
        title: 県の別の計画
        prefecture: 例県
        basic_concept: {period: {from: 2018, to: 2022}}
        ---
        kind: municipal_strategy
        id: city/strategy
        title: 例市総合戦略
        municipality: 例市
        prefecture: 例県
        period: {from: R2, to: R6}
        considers: [pref/plan, pref/plan-b]
        """)
    found = {v.related[0] if v.related else v.params["ref"]: v for v in _check([tmp_path], [RULES["REF-003"]]).violations}
    assert (found["pref/plan"].severity, found["pref/plan"].secondary) == ("warning", True)
    assert (found["pref/plan-b"].severity, found["pref/plan-b"].secondary) == ("error", False)


# --- the new kinds at their edges ---------------------------------------------------------------


def test_numerical_target_without_outcome_marking_is_not_checked(write, tmp_path: Path) -> None:
    write("s.yaml", STRATEGY.format(title="例市総合戦略", extra=textwrap.dedent("""
        goals:
          - id: G1
            title: ひとの流れをつくる
            targets: [{id: G1-T1, title: 転入者数, unit: 人}]
        """)))
    report = _check([tmp_path], [RULES["GOAL-002"]])
    assert not report.violations
    assert [(n.subject, n.missing) for n in report.not_checked] == [("city/strategy-2#G1-T1", ("outcome",))]


def test_baseline_timing_with_unknown_adoption_is_not_checked(write, tmp_path: Path) -> None:
    indicator = "goals: [{id: G1, title: し, targets: [{id: T1, title: 従業者数, unit: 人, baseline: {year: R1年度, value: 1}}]}]"
    write("s.yaml", STRATEGY.format(title="例市総合戦略", extra=f"adopted: unknown\n{indicator}"))
    report = _check([tmp_path], [RULES["KPI-015"]])
    # R1年度 began before the period did (2020-04), but an unknown adoption might have come first
    assert not report.violations and [n.missing for n in report.not_checked] == [("adopted",)]


def test_not_yet_existing_strategy_is_not_called_outdated() -> None:
    """One strategy adopted in 2020-03 considering the デジタル田園 strategy (2022-12-23): LAW-010
    says it did not exist yet; LAW-002 does not also say "consider the one in force"."""
    report = _check([CASES / "LAW-010" / "fail.yaml"], [RULES["LAW-010"], RULES["LAW-002"]])
    assert [(v.rule, v.related) for v in report.violations] == [("LAW-010", ("nat/digital",))]


def test_calendar_and_fiscal_years_of_one_number_are_different_years(write, tmp_path: Path) -> None:
    write("s.yaml", STRATEGY.format(title="例市総合戦略", extra=textwrap.dedent("""
        goals:
          - id: G1
            title: し
            targets:
              - {id: T1, title: 従業者数, unit: 人, baseline: {year: 平成31年, value: 1}, target: {year: R6年度, value: 2}}
              - {id: T2, title: 事業所数, unit: 社, baseline: {year: 令和元年, value: 1}, target: {year: R6年度, value: 2}}
              - {id: T3, title: 創業件数, unit: 件, baseline: {year: 令和元年度, value: 1}, target: {year: R6年度, value: 2}}
        """)))
    (v,) = _check([tmp_path], [RULES["DATE-009"]]).violations
    # 平成31年 and 令和元年 both name calendar 2019; 令和元年度 (fiscal 2019) is another count
    assert (v.subject, v.params["text"], v.params["other_text"]) == ("city/strategy-2#T2", "令和元年", "平成31年")


def test_input_004_hint_does_not_repeat_the_examples(write, tmp_path: Path) -> None:
    write("s.yaml", STRATEGY.format(title="例市総合戦略", extra="adopted: 令和2年13月"))
    (error,) = _check([tmp_path]).input_errors
    assert error.rule == "INPUT-004" and error.message["en"].count("R2-03-27") == 1
    assert error.message["ja"].count("R2-03-27") == 1
    assert "docs/plan-format.md" in error.params["hint_en"] and "docs/plan-format.md" in error.params["hint_ja"]


# --- harmless edits of the bundled Azumino plans produce no finding ------------------------------


def _findings(folder: Path) -> set[tuple[str, str, tuple[str, ...], str]]:
    report = api.check([folder], as_of=AS_OF)
    assert not report.input_errors
    return {(v.rule, v.subject, v.related, v.severity) for v in report.violations}


@pytest.fixture(scope="module")
def azumino(tmp_path_factory) -> tuple[Path, set[tuple[str, str, tuple[str, ...], str]]]:
    base = tmp_path_factory.mktemp("azumino-base") / "azumino"
    shutil.copytree(ROOT / "plans" / "azumino", base)
    return base, _findings(base)


def _edited(azumino, tmp_path: Path, file: str, old: str, new: str) -> tuple[Path, set, set]:
    base, before = azumino
    folder = tmp_path / "azumino"
    shutil.copytree(base, folder)
    text = (folder / file).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    (folder / file).write_text(text.replace(old, new), encoding="utf-8")
    return folder, before, _findings(folder)


@pytest.mark.parametrize("sectors", ["[産官学金労言]", "[産・官・学・金・労・言]",
                                     "[産業界, 行政機関, 大学・教育機関, 金融機関, 労働団体, 報道機関・メディア]"])
def test_sectors_written_any_way_are_participation(azumino, tmp_path: Path, sectors: str) -> None:
    _, before, after = _edited(azumino, tmp_path, "strategy-2.yaml", "body: {external_experts: true}",
                               f"body: {{external_experts: true, sectors: {sectors}}}")
    assert after <= before
    assert not [f for f in after if f[0] == "PDCA-004" and f[1] == "azumino/strategy-2"]
    assert [f for f in before if f[0] == "PDCA-004" and f[1] == "azumino/strategy-2"]  # it was reported without them


def test_quoted_theme_is_the_same_theme(azumino, tmp_path: Path) -> None:
    _, before, after = _edited(azumino, tmp_path, "strategy-2.yaml",
                               "themes: [人口減少の克服, 人口減少を見据えたまちづくり]",
                               "themes: [「人口減少の克服」, 「人口減少を見据えた まちづくり」]")
    assert after == before


def test_considering_a_plan_of_unverified_role_is_at_most_a_warning(azumino, tmp_path: Path) -> None:
    folder, before, after = _edited(azumino, tmp_path, "strategy-2.yaml",
                                    "considers: [national/strategy-1, nagano/strategy-1]",
                                    "considers: [national/strategy-1, nagano/strategy-1, nagano/plan-2]")
    assert after - before == {("REF-003", "azumino/strategy-2", (), "warning")}
    (v,) = [v for v in api.check([folder], as_of=AS_OF).violations if v.rule == "REF-003"]
    assert v.secondary  # marked as resting on uncertain information


def test_old_draft_left_in_the_folder(azumino, tmp_path: Path) -> None:
    base, before = azumino
    folder = tmp_path / "azumino"
    shutil.copytree(base, folder)
    draft = (folder / "strategy-2.yaml").read_text(encoding="utf-8").replace(
        "title: 第2期安曇野市まち・ひと・しごと創生総合戦略", "title: 第2期安曇野市まち・ひと・しごと創生総合戦略（素案）").replace(
        "adopted: R2-03\n", "")
    (folder / "strategy-2-draft.yaml").write_text(draft, encoding="utf-8")  # sorts before strategy-2.yaml
    report = api.check([folder], as_of=AS_OF)
    after = {(v.rule, v.subject, v.related, v.severity) for v in report.violations}
    assert after - before == {("REF-002", "azumino/strategy-2", (), "error")}
    assert before <= after  # the adopted strategy is the one checked, as before
    (ref,) = [v for v in report.violations if v.rule == "REF-002"]
    assert ref.file.endswith("strategy-2-draft.yaml") and "strategy-2.yaml:11 is used" in ref.message["en"]


def test_bundled_period_overlap_names_the_shared_years() -> None:
    report = api.check([ROOT / "plans" / "azumino"], rules=[RULES["PER-006"]], as_of=AS_OF)
    (v,) = report.violations
    assert v.message["en"].endswith("2 fiscal year(s) of overlap, FY2023–FY2024")
    assert "R5年度〜R6年度の2年度分が重複しています" in v.message["ja"]

