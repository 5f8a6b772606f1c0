"""Unknown is not absent: a fact nobody could see (marked `unknown`, a list that is an excerpt,
reference data that is not bundled, a document that failed to load) makes the rules that need it
"not checked" — listed in the report with what is missing — never a finding, never a silent pass.
And the format holds what published strategies print (values as printed, windows, approximate
figures), so that the rules read it without noise."""

from __future__ import annotations

import textwrap
from pathlib import Path

from checker import api
from checker.report import Report
from tests.conftest import AS_OF

NATIONAL = """
kind: national_strategy
id: nat/strategy-2
title: 第2期 国の総合戦略
decided: 2019-12-20
period: {from: 2020, to: 2024}
goals:
  - {id: G1, title: 稼ぐ地域をつくる}
cross_cutting_goals:
  - {id: X1, title: 多様な人材の活躍を推進する}
---
kind: national_strategy
id: nat/strategy-1
title: 国の総合戦略
decided: 2014-12-27
period: {from: 2015, to: 2019}
goals:
  - {id: G1, title: しごとをつくる}
---
kind: projection_edition
id: nat/ipss-2018
title: 平成30年推計
released: 2018-03-30
base_census: 2015
horizon: 2045
---
kind: prefectural_strategy
id: pref/strategy-2
title: 例県総合戦略
prefecture: 例県
adopted: 2020-03-01
period: {from: 2020, to: 2024}
"""

CITY = """
kind: municipal_strategy
id: city/strategy-2
title: 第2期例市総合戦略
municipality: 例市
prefecture: 例県
period: {from: R2, to: R6}
adopted: ADOPTED
considers: [nat/strategy-2, pref/strategy-2]
vision: city/vision-1
goals:
  - id: G1
    title: 稼ぐまちをつくる
    considers: [nat/strategy-2#G1, nat/strategy-2#X1]
    targets:
      - {id: G1-T1, title: 雇用者数, unit: 人, source: 経済センサス, outcome: true,
         baseline: {year: 2019年度, value: 100}, target: {year: 2024年度, value: 150}}
    measures:
      - {id: G1-M1, title: 創業支援}
---
kind: population_vision
id: city/vision-1
title: 例市人口ビジョン
municipality: 例市
adopted: 2015-10
targets: [{year: 2025年, population: 約5万人, basis: census}]
"""


def _check(tmp_path: Path, city: str = CITY, *, adopted: str = "2020-03-25", national: str = NATIONAL,
           extra: str = "") -> Report:
    folder = tmp_path / "plans"
    folder.mkdir(exist_ok=True)
    (folder / "national.yaml").write_text(textwrap.dedent(national).lstrip(), encoding="utf-8")
    (folder / "city.yaml").write_text(textwrap.dedent(city.replace("ADOPTED", adopted)).lstrip(), encoding="utf-8")
    if extra:
        (folder / "extra.yaml").write_text(textwrap.dedent(extra).lstrip(), encoding="utf-8")
    return api.check([folder], as_of=AS_OF, include_reference=False)


def _rules(report: Report, subject: str) -> set[str]:
    return {v.rule for v in report.violations if v.subject == subject}


def _unseen(report: Report) -> dict[tuple[str, str], tuple[str, ...]]:
    return {(n.rule, n.subject): n.missing for n in report.not_checked}


def test_an_unknown_adoption_date_makes_the_in_force_rules_not_checked(tmp_path: Path) -> None:
    known = _check(tmp_path)
    assert not {"LAW-002", "LAW-003", "MAP-004"} & _rules(known, "city/strategy-2")
    report = _check(tmp_path, adopted="unknown")
    assert not {"LAW-002", "LAW-003", "MAP-004", "POP-002"} & _rules(report, "city/strategy-2")
    unseen = _unseen(report)
    for rule in ("LAW-002", "LAW-003", "MAP-004"):
        assert unseen[rule, "city/strategy-2"] == ("adopted",), unseen
    (entry,) = [n for n in report.not_checked if n.rule == "LAW-002"]
    assert entry.line == 7 and "策定日が不明" in entry.message["ja"] and "adoption date unknown" in entry.message["en"]
    # not checked is neither a violation nor a failure: nothing else changes
    assert {(v.rule, v.subject) for v in report.violations} <= {(v.rule, v.subject) for v in known.violations}
    assert report.exit_code() == known.exit_code()


def test_an_absent_adoption_date_is_still_a_finding(tmp_path: Path) -> None:
    report = _check(tmp_path, CITY.replace("adopted: ADOPTED\n", ""))
    assert "LAW-008" in _rules(report, "city/strategy-2")  # adoption and publication dates recorded


def test_considers_unknown_is_not_checked_not_missing(tmp_path: Path) -> None:
    report = _check(tmp_path, CITY.replace("considers: [nat/strategy-2, pref/strategy-2]", "considers: unknown"))
    assert "LAW-001" not in _rules(report, "city/strategy-2")
    assert _unseen(report)["LAW-001", "city/strategy-2"] == ("considers",)


def test_a_goal_mapping_the_source_does_not_show(tmp_path: Path) -> None:
    report = _check(tmp_path, CITY.replace("considers: [nat/strategy-2#G1, nat/strategy-2#X1]", "considers: 不明"))
    assert "MAP-001" not in _rules(report, "city/strategy-2#G1")
    assert _unseen(report)["MAP-001", "city/strategy-2#G1"] == ("considers",)


def test_an_excerpt_gives_one_not_checked_entry_instead_of_a_finding_per_gap(tmp_path: Path) -> None:
    city = CITY.replace("      - {id: G1-M1, title: 創業支援}",
                        "      - {id: G1-M1, title: 創業支援}\n      - {id: G1-M2, title: 事業承継}")
    complete = _check(tmp_path, city)
    assert {v.subject for v in complete.violations if v.rule == "KPI-001"} == {"city/strategy-2#G1-M1",
                                                                                 "city/strategy-2#G1-M2"}
    report = _check(tmp_path, city.replace("vision: city/vision-1", "vision: city/vision-1\nlists: {excerpt: [kpis]}"))
    assert not [v for v in report.violations if v.rule == "KPI-001"]
    assert _unseen(report)["KPI-001", "city/strategy-2"] == ("lists.kpis",)
    assert "GOAL-001" not in {n.rule for n in report.not_checked}  # the numerical targets are complete


def test_a_prefecture_without_reference_data_is_said_not_skipped(tmp_path: Path) -> None:
    report = _check(tmp_path, CITY.replace("prefecture: 例県", "prefecture: 架空県")
                    .replace("considers: [nat/strategy-2, pref/strategy-2]", "considers: [nat/strategy-2]"))
    (entry,) = [n for n in report.not_checked if n.rule == "LAW-003"]
    assert entry.missing == ("reference_data",) and "架空県" in entry.message["ja"]
    assert "docs/reference-data.md" in entry.message["en"]


def test_a_vision_whose_edition_is_not_recorded_is_not_checked_not_outdated(tmp_path: Path) -> None:
    report = _check(tmp_path)
    assert "POP-002" not in _rules(report, "city/strategy-2")
    assert _unseen(report)["POP-002", "city/strategy-2"] == ("projection",)


def test_a_document_that_failed_to_load_gives_no_dangling_references(tmp_path: Path) -> None:
    """One bad table row of the 1st strategy used to cause REF-001 on every reference of the 2nd
    and hide the 1st one's findings; now its own input error stands, the references are not checked."""
    previous = """
    kind: municipal_strategy
    id: city/strategy-1
    title: 第1期例市総合戦略
    municipality: 例市
    prefecture: 例県
    period: {from: H27, to: R1}
    goals: [{id: G1, title: しごとをつくる, measures: [{id: G1-M1, title: 創業支援}]}]
    projects: {table: projects.csv}
    """
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "projects.csv").write_text("事業ID,事業名,施策\nP1,創業塾,G1-M1\nP1,重複,G1-M1\n",
                                                     encoding="utf-8")
    city = CITY.replace("vision: city/vision-1", "vision: city/vision-1\npredecessor: city/strategy-1").replace(
        "    considers: [nat/strategy-2#G1, nat/strategy-2#X1]",
        "    considers: [nat/strategy-2#G1, nat/strategy-2#X1]\n    continues: {from: city/strategy-1#G1, as: continued}")
    report = _check(tmp_path, city, extra=previous)
    assert [v.rule for v in report.input_errors] == ["INPUT-005", "INPUT-005"]
    assert not [v for v in report.violations if v.rule == "REF-001"]
    unseen = _unseen(report)
    assert unseen["REF-001", "city/strategy-2"] == ("failed_document",)
    assert unseen["REF-001", "city/strategy-2#G1"] == ("failed_document",)


def test_approximate_population_targets_agree_within_their_tolerance(tmp_path: Path) -> None:
    plan = """
    kind: comprehensive_plan
    id: city/comprehensive-2
    title: 第2次例市総合計画
    municipality: 例市
    adopted: 2018-03-20
    basic_concept: {period: {from: H30, to: R9}}
    population_targets: [{year: 2025年, population: 49600, basis: census}]
    """
    assert "POP-001" not in {v.rule for v in _check(tmp_path, extra=plan).violations}
    clash = plan.replace("49600", "43000")
    assert ("POP-001", "city/comprehensive-2#population-2025") in {
        (v.rule, v.subject) for v in _check(tmp_path, extra=clash).violations}


def test_unitless_and_unmarked_indicators_are_not_findings(tmp_path: Path) -> None:
    city = CITY.replace("""      - {id: G1-T1, title: 雇用者数, unit: 人, source: 経済センサス, outcome: true,""",
                        """      - {id: G1-T0, title: 合計特殊出生率, source: 人口動態統計,
         baseline: {year: 2019年, value: 1.49}, target: {year: 2023年, value: 1.55}}
      - {id: G1-T1, title: 雇用者数, unit: 人, source: 経済センサス, outcome: true,""")
    report = _check(tmp_path, city)
    assert "KPI-005" not in _rules(report, "city/strategy-2#G1-T0")


def test_an_era_year_written_before_the_era_ended_is_not_a_mistake(tmp_path: Path) -> None:
    vision = CITY.split("---")[1].replace("targets: [{year: 2025年", "targets: [{year: 平成72年, population: 40000, "
                                           "basis: census}, {year: 2025年")
    report = _check(tmp_path, CITY.split("---")[0] + "---" + vision)
    assert "DATE-001" not in {v.rule for v in report.violations}  # the vision was adopted in 2015
    later = vision.replace("adopted: 2015-10", "adopted: 2020-10")
    assert "DATE-001" in {v.rule for v in _check(tmp_path, CITY.split("---")[0] + "---" + later).violations}


def test_a_replacement_of_the_national_strategy_during_the_period(tmp_path: Path) -> None:
    digital = NATIONAL + """
---
kind: national_strategy
id: nat/digital
title: デジタル田園都市国家構想総合戦略
decided: 2022-12-23
period: {from: 2023, to: 2027}
predecessor: nat/strategy-2
"""
    assert "LAW-009" in _rules(_check(tmp_path, national=digital), "city/strategy-2")
    revised = CITY.replace("vision: city/vision-1", "vision: city/vision-1\nrevisions: [{date: R5-03, considers: [nat/digital]}]")
    assert "LAW-009" not in _rules(_check(tmp_path, revised, national=digital), "city/strategy-2")
    # decided during the last year of a strategy (FY2018–2022), its own period starting after it
    # (FY2023): the next period's strategy is the one to consider it, not a revision
    ending = CITY.replace("period: {from: R2, to: R6}", "period: {from: H30, to: R4}")
    assert "LAW-009" not in _rules(_check(tmp_path, ending, national=digital), "city/strategy-2")
