"""Real plans, part 2: a city's own cross-cutting goals, a strategy in several parts with their
own numbering, verifications in words only, and years printed bare."""

from __future__ import annotations

import textwrap
from pathlib import Path

from checker import api
from checker.report import Report
from tests.conftest import AS_OF

PARTS = """
kind: municipal_strategy
id: town/strategy-1
title: 例町総合戦略
municipality: 例町
prefecture: 例県
period: {from: H27, to: R1}
parts:
  - id: A
    title: 人口減少対策編
    goals:
      - id: G1
        title: 結婚・出産・子育ての希望をかなえる
        measures: [{id: G1-M1, title: 子育て支援, kpis: [{id: G1-M1-K1, title: 保育所待機児童数, unit: 人}]}]
      - id: G2
        title: 移住定住を促進する
  - id: B
    title: 地域活性化編
    goals:
      - id: G1
        title: 産業を振興する
      - id: G2
        title: 観光を振興する
---
kind: municipal_strategy
id: town/strategy-2
title: 第2期例町総合戦略
municipality: 例町
prefecture: 例県
period: {from: R2, to: R6}
predecessor: town/strategy-1
goals:
  - {id: G1, title: 結婚・出産・子育ての希望をかなえる, continues: {from: town/strategy-1#A.G1, as: continued}}
  - {id: G2, title: 移住定住と観光でひとの流れをつくる, continues: {from: town/strategy-1#A.G2, as: merged, reason: 移住と観光を一体で進める}}
  - {id: G3, title: 産業を振興する, continues: {from: town/strategy-1#B.G1, as: continued}}
retired:
  - {id: town/strategy-1#B.G2, reason: 観光は第2期の基本目標2に統合}
"""


def _check(tmp_path: Path, text: str) -> Report:
    file = tmp_path / "plans.yaml"
    file.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return api.check([file], as_of=AS_OF, include_reference=False)


def test_parts_number_their_goals_apart_and_ids_stay_unique(tmp_path: Path) -> None:
    report = _check(tmp_path, PARTS)
    assert not report.input_errors and not [v for v in report.violations if v.rule in ("REF-001", "REF-002")]
    plans = api.build([tmp_path / "plans.yaml"], include_reference=False)
    goals = sorted(n for n, t in plans.graph.nodes(data="type") if t == "basic_goal" and n.startswith("town/strategy-1"))
    assert goals == ["town/strategy-1#A.G1", "town/strategy-1#A.G2", "town/strategy-1#B.G1", "town/strategy-1#B.G2"]
    assert plans.graph.nodes["town/strategy-1#A.G1-M1-K1"]["type"] == "indicator"
    assert plans.graph.nodes["town/strategy-1#B.G2"]["part_title"] == "地域活性化編"


def test_each_part_goal_gets_its_disposition_in_the_next_period(tmp_path: Path) -> None:
    assert "PER-003" not in {v.rule for v in _check(tmp_path, PARTS).violations}
    forgotten = PARTS.replace("retired:\n  - {id: town/strategy-1#B.G2, reason: 観光は第2期の基本目標2に統合}\n", "")
    found = [(v.rule, v.related) for v in _check(tmp_path, forgotten).violations if v.rule == "PER-003"]
    assert found == [("PER-003", ("town/strategy-1#B.G2",))]


def test_a_duplicate_goal_number_outside_parts_is_still_a_duplicate(tmp_path: Path) -> None:
    flat = PARTS.replace("  - id: B\n    title: 地域活性化編\n    goals:\n", "").replace(
        "parts:\n  - id: A\n    title: 人口減少対策編\n    goals:\n", "goals:\n")
    found = {(v.rule, v.subject) for v in _check(tmp_path, textwrap.dedent(flat)).violations}
    assert ("REF-002", "town/strategy-1#G1") in found and ("REF-002", "town/strategy-1#G2") in found


def test_a_verification_in_words_is_a_verification_but_without_figures(tmp_path: Path) -> None:
    words = PARTS.split("---")[1] + """verification:
  body: {name: 例町総合戦略推進会議, external_experts: true}
  reviews:
    - {fiscal_year: R2, date: 2021-08-20, figures: false}
    - {fiscal_year: R3, date: 2022-08-19, figures: false}
    - {fiscal_year: R4, date: 2023-08-18, figures: false}
    - {fiscal_year: R5, date: 2024-08-23}
    - {fiscal_year: R6, date: 2025-08-22}
"""
    report = _check(tmp_path, PARTS.split("---")[0] + "---" + words)
    assert ("PDCA-002", "town/strategy-2") not in {(v.rule, v.subject) for v in report.violations}  # all verified
    assert sorted(v.subject for v in report.violations if v.rule == "PDCA-005") == [
        "town/strategy-2#review-1", "town/strategy-2#review-2", "town/strategy-2#review-3"]
