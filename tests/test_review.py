"""plancheck diff: entity changes (added / removed / changed, field by field), ids matched by
title similarity, violations introduced / resolved / unchanged, the period view on the bundled
Azumino strategies, git revisions (without touching the repository), and the output formats."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker import api
from checker.reporters.diff import FORMATS, from_dict, value_text
from checker.reporters.diff import render as render_diff
from checker.workflows.review import Link, PlanDiff, ReviewError, diff_git, diff_paths, similarity
from cli import main
from tests.conftest import AS_OF, ROOT

NATIONAL = """
kind: national_strategy
id: nat/strategy
title: 国の総合戦略
decided: 2019-12-20
period: {from: 2020, to: 2024}
goals:
  - {id: G1, title: 稼ぐ地域をつくる}
  - {id: G2, title: ひとの流れをつくる}
---
kind: grant_programme
id: nat/grant
title: 例示交付金
valid: {from: 2016, to: 2030}
"""

CITY_V1 = """
kind: municipal_strategy
id: city/strategy
title: 例市総合戦略
municipality: 例市
prefecture: 例県
period: {from: R2, to: R6}
adopted: R2-03-20
published: R2-03-27
considers: [nat/strategy]
goals:
  - id: G1
    title: しごとをつくる
    considers: [nat/strategy#G1]
    targets:
      - {id: G1-T1, title: 雇用者数, unit: 人, baseline: {year: R1年度, value: 100}, target: {year: R6年度, value: 150}, direction: increase, source: 統計}
    measures:
      - id: G1-M1
        title: 創業支援
        kpis:
          - {id: G1-M1-K1, title: 創業件数, unit: 件, baseline: {year: R1年度, value: 5}, target: {year: R6年度, value: 10}, source: 市調べ}
        projects:
          - {id: G1-M1-P1, title: 創業塾}
      - id: G1-M2
        title: 企業誘致
  - id: G2
    title: ひとの流れをつくる
    considers: [nat/strategy#G2]
    measures:
      - {id: G2-M1, title: 移住相談の充実}
  - id: G3
    title: 安心して暮らせるまちをつくる
    measures:
      - {id: G3-M1, title: 防災の推進}
grants:
  - {id: GR1, programme: nat/grant, title: 創業支援事業, period: {from: R2, to: R4}, funds: [G1-M1-P1]}
"""

# Every kind of change: a target value, a measure removed and one added, a project moved to another
# measure, a considers link, a grant period, a goal removed and one added, a measure whose id changed
# (matched by its title), and a title changed.
CITY_V2 = """
kind: municipal_strategy
id: city/strategy
title: 例市総合戦略
municipality: 例市
prefecture: 例県
period: {from: R2, to: R6}
adopted: R2-03-20
published: R2-03-27
considers: [nat/strategy]
goals:
  - id: G1
    title: しごとをつくる
    considers: [nat/strategy#G1]
    targets:
      - {id: G1-T1, title: 雇用者数, unit: 人, baseline: {year: R1年度, value: 100}, target: {year: R6年度, value: 180}, direction: increase, source: 統計}
    measures:
      - id: G1-M1
        title: 創業支援
        kpis:
          - {id: G1-M1-K1, title: 創業件数, unit: 件, baseline: {year: R1年度, value: 5}, target: {year: R6年度, value: 10}, source: 市調べ}
      - id: G1-M3
        title: 事業承継の支援
  - id: G2
    title: ひとの流れをつくる
    considers: [nat/strategy#G1]
    measures:
      - id: G2-M5
        title: 移住相談窓口の充実
        projects:
          - {id: G1-M1-P1, title: 創業塾}
  - id: G4
    title: 地域の暮らしを守る
    measures:
      - {id: G4-M1, title: 地域交通の確保}
grants:
  - {id: GR1, programme: nat/grant, title: 創業支援事業, period: {from: R2, to: R5}, funds: [G1-M1-P1]}
"""

COVERAGE = ("KPI-001", "GOAL-001")


def put(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def versions(tmp_path: Path) -> tuple[Path, Path]:
    for name, city in (("v1", CITY_V1), ("v2", CITY_V2)):
        put(tmp_path / name, "nat.yaml", NATIONAL)
        put(tmp_path / name, "city.yaml", city)
    return tmp_path / "v1", tmp_path / "v2"


def coverage_diff(old: Path, new: Path) -> PlanDiff:
    return diff_paths([old], [new], rules=api.rules_for(select=COVERAGE), as_of=AS_OF, include_reference=False)


def changes(diff: PlanDiff) -> dict[tuple[str, str], dict[str, tuple[Any, Any]]]:
    """(change, id) → {field: (old, new)}"""
    return {(e.change, e.id): {f.field: (f.old, f.new) for f in e.fields} for e in diff.entities}


def pairs(violations: Any) -> list[tuple[str, str]]:
    return [(v.rule, v.subject) for v in violations]


def test_every_kind_of_change(versions: tuple[Path, Path]) -> None:
    diff = coverage_diff(*versions)
    assert changes(diff) == {
        ("added", "city/strategy#G4"): {},
        ("added", "city/strategy#G1-M3"): {},
        ("added", "city/strategy#G4-M1"): {},
        ("removed", "city/strategy#G3"): {},
        ("removed", "city/strategy#G1-M2"): {},
        ("removed", "city/strategy#G3-M1"): {},
        # a considers link changed
        ("changed", "city/strategy#G2"): {"considers": (["nat/strategy#G2"], ["nat/strategy#G1"])},
        # an id changed: matched by title, the new title recorded too
        ("changed", "city/strategy#G2-M5"): {"id": ("city/strategy#G2-M1", "city/strategy#G2-M5"),
                                             "title": ("移住相談の充実", "移住相談窓口の充実")},
        # an indicator's target value
        ("changed", "city/strategy#G1-T1"): {"target": ({"year": {"year": 2024, "basis": "fiscal"}, "value": 150},
                                                        {"year": {"year": 2024, "basis": "fiscal"}, "value": 180})},
        # a project moved to another measure (part_of, in the new ids)
        ("changed", "city/strategy#G1-M1-P1"): {"part_of": (["city/strategy#G1-M1"], ["city/strategy#G2-M5"])},
        # a grant's period
        ("changed", "city/strategy#GR1"): {"period": ({"from": 2020, "to": 2022}, {"from": 2020, "to": 2023})},
    }
    assert [e.change for e in diff.entities] == ["added"] * 3 + ["removed"] * 3 + ["changed"] * 5
    renamed = next(e for e in diff.entities if e.id == "city/strategy#G2-M5")
    assert renamed.old_id == "city/strategy#G2-M1" and renamed.old_title == "移住相談の充実"
    assert renamed.score == round(similarity("移住相談の充実", "移住相談窓口の充実"), 2) == 0.88
    # what a reader sees: the records hold values, the reporter words them
    def shown(f: Any, lang: str) -> tuple[str, str]:
        return value_text(f.field, f.old_value, lang), value_text(f.field, f.new_value, lang)

    target = next(e for e in diff.entities if e.id == "city/strategy#G1-T1").fields[0]
    assert shown(target, "ja") == ("R6年度 150", "R6年度 180")
    assert shown(target, "en") == ("FY2024 150", "FY2024 180")
    grant = next(e for e in diff.entities if e.id == "city/strategy#GR1").fields[0]
    assert shown(grant, "ja") == ("R2年度〜R4年度", "R2年度〜R5年度")
    moved = next(e for e in diff.entities if e.id == "city/strategy#G1-M1-P1").fields[0]
    assert moved.new_value == (Link("city/strategy#G2-M5", "移住相談窓口の充実", True),)
    assert shown(moved, "ja")[1] == "G2-M5「移住相談窓口の充実」" and shown(moved, "en")[1] == "G2-M5 '移住相談窓口の充実'"
    considers = next(e for e in diff.entities if e.id == "city/strategy#G2").fields[0]
    assert shown(considers, "en") == ("nat/strategy#G2 'ひとの流れをつくる'", "nat/strategy#G1 '稼ぐ地域をつくる'")
    assert diff.successions == ()


def test_violations_introduced_resolved_unchanged(versions: tuple[Path, Path]) -> None:
    diff = coverage_diff(*versions)
    assert pairs(diff.introduced) == [("KPI-001", "city/strategy#G1-M3"), ("GOAL-001", "city/strategy#G4"),
                                      ("KPI-001", "city/strategy#G4-M1")]
    assert pairs(diff.resolved) == [("KPI-001", "city/strategy#G1-M2"), ("GOAL-001", "city/strategy#G3"),
                                    ("KPI-001", "city/strategy#G3-M1")]
    # G2-M1 became G2-M5 (matched by title): the same problem, not a new one
    assert pairs(diff.unchanged) == [("GOAL-001", "city/strategy#G2"), ("KPI-001", "city/strategy#G2-M5")]
    assert diff.exit_code("error") == 1 and diff.exit_code("never") == 0
    assert diff.summary()["introduced_by_severity"] == {"error": 1, "warning": 2, "info": 0}


def test_lines_moved_and_nothing_else_is_no_change(versions: tuple[Path, Path], tmp_path: Path) -> None:
    old, _ = versions
    moved = tmp_path / "moved"
    put(moved, "nat.yaml", NATIONAL)
    text = textwrap.dedent(CITY_V1).lstrip("\n")
    text = text.replace("goals:\n", "goals:\n\n  # 基本目標\n")  # lines move
    # the same values written another way: era year, full-width digits
    text = text.replace("baseline: {year: R1年度, value: 100}", "baseline: {year: 令和元年度, value: '１００'}")
    put(moved, "city.yaml", "# 改訂案\n\n# コメント\n" + text)
    diff = coverage_diff(old, moved)
    assert diff.entities == () and diff.introduced == () and diff.resolved == ()
    assert len(diff.unchanged) == 5 and diff.exit_code("info") == 0
    assert "計画の内容に変更はありません" in render_diff(diff, "text", "ja")


def test_renamed_document_is_matched_by_title(versions: tuple[Path, Path], tmp_path: Path) -> None:
    old, _ = versions
    renamed = tmp_path / "renamed"
    put(renamed, "nat.yaml", NATIONAL)
    put(renamed, "city.yaml", CITY_V1.replace("id: city/strategy\ntitle: 例市総合戦略", "id: city/plan\ntitle: 例市総合戦略（改訂版）"))
    diff = coverage_diff(old, renamed)
    assert changes(diff) == {("changed", "city/plan"): {"id": ("city/strategy", "city/plan"),
                                                        "title": ("例市総合戦略", "例市総合戦略（改訂版）")}}
    assert diff.entities[0].score == round(similarity("例市総合戦略", "例市総合戦略（改訂版）"), 2)
    assert diff.introduced == () and diff.resolved == () and len(diff.unchanged) == 5


def test_period_view_on_the_bundled_azumino_strategies() -> None:
    azumino = ROOT / "plans" / "azumino"
    diff = diff_paths([azumino / "strategy-1.yaml"], [azumino / "strategy-2.yaml"], rules=api.rules_for(), as_of=AS_OF)
    (succ,) = diff.successions
    assert (succ.old_document, succ.new_document) == ("azumino/strategy-1", "azumino/strategy-2")
    assert [(d.item, d.status, d.successors) for d in succ.goals] == [
        ("azumino/strategy-1#G1", "continued", ("azumino/strategy-2#G1",)),
        ("azumino/strategy-1#G2", "changed", ("azumino/strategy-2#G2",)),
        ("azumino/strategy-1#G3", "continued", ("azumino/strategy-2#G3",)),
        ("azumino/strategy-1#G4", "continued", ("azumino/strategy-2#G4",)),
    ]
    assert succ.goals[1].reason is not None and "関係人口" in succ.goals[1].reason
    assert succ.new_goals == ()
    status = {d.item.partition("#")[2]: d.status for d in succ.indicators}
    assert status == {"G1-T1": "carried", "G1-M1-K1": "carried", "G2-T1": "dropped", "G2-M1-K1": "dropped",
                      "G3-T1": "carried", "G3-M1-K1": "carried", "G4-T1": "carried", "G4-M1-K1": "carried"}
    assert {d.goal for d in succ.indicators if d.status == "dropped"} == {"azumino/strategy-1#G2"}
    assert [(d.item, d.status) for d in succ.grants] == [(f"azumino/strategy-1#GR{i}", "dropped") for i in (1, 2, 3)]
    # the documents: one period replaced by the next (their items are in the period view)
    assert changes(diff) == {("added", "azumino/strategy-2"): {}, ("removed", "azumino/strategy-1"): {}}
    # the sibling files are read as context, so nothing is reported as unresolved
    assert "plans/azumino/strategy-1.yaml" in diff.new_context and "plans/azumino/vision-1.yaml" in diff.new_context
    assert not any(v.rule.startswith("REF") for v in diff.introduced + diff.unchanged)
    introduced = pairs(diff.introduced)
    assert ("PER-002", "azumino/strategy-2") in introduced and ("LAW-002", "azumino/strategy-2") in introduced
    # goal ②'s indicators: the 2nd strategy's lists are an excerpt, so PER-005 is not checked, not introduced
    assert not [v for v in diff.introduced if v.rule == "PER-005"]
    # the previous period's problems persist in the next: unchanged, not resolved + introduced
    assert ("PDCA-004", "azumino/strategy-2") in pairs(diff.unchanged)
    assert ("LAW-008", "azumino/strategy-1") in pairs(diff.resolved)
    assert all(v.document == "azumino/strategy-1" for v in diff.resolved)
    text = render_diff(diff, "text", "ja")
    assert "■ 期の移行: 安曇野市まち・ひと・しごと創生総合戦略 (azumino/strategy-1)" in text
    assert "  変更  G2 若者や女性が活躍できるまちをつくる → G2 ひとの流れをつくる" in text
    assert "  脱落  G2-T1 若者・女性の就業者数(例示)（数値目標、G2）" in text
    assert f"■ 導入された違反 ({len(diff.introduced)})" in text and f"■ 解消された違反 ({len(diff.resolved)})" in text
    assert len(diff.introduced) >= 5 and len(diff.resolved) >= 5


def test_cli_text_markdown_html_and_fail_on(versions: tuple[Path, Path]) -> None:
    old, new = versions
    args = ["diff", str(old), str(new), "--no-reference", "--as-of", "2026-11-27"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    for word in ("■ 追加 (3)", "■ 削除 (3)", "■ 変更 (5)", "■ 導入された違反", "■ 解消された違反",
                 "旧ID city/strategy#G2-M1、名称の類似度 0.88", "目標値: R6年度 150 → R6年度 180"):
        assert word in result.stdout
    assert CliRunner().invoke(main, args + ["--fail-on", "error"]).exit_code == 1
    english = CliRunner().invoke(main, args + ["--lang", "en"]).stdout
    assert "■ Added (3)" in english and "title similarity 0.88" in english and "target: FY2024 150 → FY2024 180" in english
    markdown = CliRunner().invoke(main, args + ["--format", "markdown"]).stdout
    assert "| 変更 | 施策 | city/strategy#G2-M5 ← city/strategy#G2-M1 名称の類似度 0.88 | 移住相談窓口の充実 |" in markdown
    html = CliRunner().invoke(main, args + ["--format", "html"]).stdout
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html and "Content-Security-Policy" in html
    assert "移住相談窓口の充実" in html


def test_cli_honours_select_ignore_and_the_profiles_limits(versions: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = versions
    args = ["diff", str(old), str(new), "--no-reference", "--as-of", "2026-11-27", "--format", "json"]

    def rules(result: Any) -> set[str]:
        assert result.exit_code == 0, result.output
        found = json.loads(result.stdout)["violations"]
        return {v["rule"] for key in ("introduced", "resolved", "unchanged") for v in found[key]}

    assert rules(CliRunner().invoke(main, args)) >= {"KPI-001", "GOAL-001"}
    assert rules(CliRunner().invoke(main, args + ["--select", "KPI-001"])) == {"KPI-001"}
    assert "KPI-001" not in rules(CliRunner().invoke(main, args + ["--ignore", "kpi"])) > {"GOAL-001"}
    wrong = CliRunner().invoke(main, args + ["--select", "KPI-999"])
    assert wrong.exit_code == 2 and "--select KPI-999" in wrong.stderr
    # the profile's limits (1,048 bytes): city.yaml, over the limit in both versions, is an input error (exit 2)
    profile = tmp_path / "small.yaml"
    profile.write_text("limits: {file_mb: 0.001}\n", encoding="utf-8")
    small = CliRunner().invoke(main, args + ["--config", str(profile)])
    assert small.exit_code == 2
    unchanged = json.loads(small.stdout)["violations"]["unchanged"]
    assert [(v["rule"], v["subject"]) for v in unchanged] == [("INPUT-001", str(new / "city.yaml"))]


def test_hostile_titles_are_escaped(versions: tuple[Path, Path], tmp_path: Path) -> None:
    old, _ = versions
    hostile = tmp_path / "hostile"
    put(hostile, "nat.yaml", NATIONAL)
    put(hostile, "city.yaml", CITY_V1.replace("title: 企業誘致", "title: '<img src=x onerror=alert(1)>|@team `x`'"))
    diff = coverage_diff(old, hostile)
    assert diff.changed[0].fields[0].new == "<img src=x onerror=alert(1)>|@team `x`"
    html = render_diff(diff, "html", "ja")
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    markdown = render_diff(diff, "markdown", "ja")
    assert "<img" not in markdown and "@team" not in markdown and "&#124;" in markdown


def test_json_round_trips(versions: tuple[Path, Path]) -> None:
    diff = coverage_diff(*versions)
    data = json.loads(render_diff(diff, "json", "ja"))
    assert set(data) == {"plancheck_diff", "plancheck", "as_of", "old", "new", "summary", "entities", "successions",
                         "violations"}
    assert data["summary"]["renamed"] == 1 and data["violations"]["introduced"][0]["fingerprint"]
    target = next(e for e in data["entities"] if e["id"] == "city/strategy#G1-T1")["fields"][0]
    assert (target["old_text"], target["new_text"]) == ({"ja": "R6年度 150", "en": "FY2024 150"},
                                                        {"ja": "R6年度 180", "en": "FY2024 180"})
    assert from_dict(data) == diff
    azumino = ROOT / "plans" / "azumino"
    period = diff_paths([azumino / "strategy-1.yaml"], [azumino / "strategy-2.yaml"], rules=api.rules_for(), as_of=AS_OF)
    assert from_dict(json.loads(render_diff(period, "json", "en"))) == period


def test_a_diff_read_back_from_json_renders_the_same(versions: tuple[Path, Path]) -> None:
    """The JSON keeps how each value was shown, so a saved diff renders as the original did."""
    diff = coverage_diff(*versions)
    again = from_dict(json.loads(render_diff(diff, "json", "ja")))
    for fmt in FORMATS:
        for lang in ("ja", "en"):
            assert render_diff(again, fmt, lang) == render_diff(diff, fmt, lang), (fmt, lang)


# --- git ------------------------------------------------------------------------------------------------

def git(repo: Path, *args: str) -> str:
    """git in the test repository, without the user's or the system's configuration."""
    empty = repo.parent / "gitconfig"
    empty.touch()
    env = {**os.environ, "GIT_CONFIG_GLOBAL": str(empty), "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.jp",
                           "-c", "commit.gpgsign=false", *args], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    put(repo / "plans", "nat.yaml", NATIONAL)
    put(repo / "plans", "city.yaml", CITY_V1)
    put(repo, "README.md", "plans\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "v1")
    put(repo / "plans", "city.yaml", CITY_V2)
    git(repo, "commit", "-q", "-am", "v2")
    return repo


def test_diff_git_between_commits_leaves_the_repository_untouched(repo: Path, versions: tuple[Path, Path]) -> None:
    before = snapshot(repo)
    diff = diff_git(repo / "plans", "HEAD~1..HEAD", rules=api.rules_for(select=COVERAGE), as_of=AS_OF,
                    include_reference=False)
    assert snapshot(repo) == before and git(repo, "status", "--porcelain") == ""
    assert changes(diff) == changes(coverage_diff(*versions))
    assert (diff.old, diff.new) == ("HEAD~1:plans", "HEAD:plans")
    assert diff.old_files == diff.new_files == ("plans/city.yaml", "plans/nat.yaml")
    assert [(v.rule, v.file, v.line) for v in diff.introduced] == [
        ("KPI-001", "plans/city.yaml", 21), ("GOAL-001", "plans/city.yaml", 31), ("KPI-001", "plans/city.yaml", 34)]
    assert [v.file for v in diff.resolved] == ["plans/city.yaml"] * 3


def test_diff_git_against_the_working_tree(repo: Path) -> None:
    put(repo / "plans", "city.yaml", CITY_V2.replace("value: 180", "value: 200"))
    before = snapshot(repo)
    diff = diff_git(repo / "plans", "HEAD..", rules=api.rules_for(select=COVERAGE), as_of=AS_OF, include_reference=False)
    assert snapshot(repo) == before
    assert diff.new == "plans (working tree)"
    assert changes(diff) == {("changed", "city/strategy#G1-T1"): {
        "target": ({"year": {"year": 2024, "basis": "fiscal"}, "value": 180},
                   {"year": {"year": 2024, "basis": "fiscal"}, "value": 200})}}
    # a folder that did not exist yet: everything is added
    first = git(repo, "rev-list", "--max-parents=0", "HEAD").strip()
    put(repo / "more", "nat.yaml", NATIONAL)
    grown = diff_git(repo / "more", f"{first}..", rules=api.rules_for(select=COVERAGE), as_of=AS_OF,
                     include_reference=False)
    assert changes(grown) == {("added", "nat/grant"): {}, ("added", "nat/strategy"): {}}


def test_diff_git_bad_input(repo: Path, tmp_path: Path) -> None:
    options: dict[str, Any] = {"rules": api.rules_for(select=COVERAGE), "as_of": AS_OF, "include_reference": False}
    with pytest.raises(ReviewError, match="unknown revision 'nope'"):
        diff_git(repo / "plans", "nope..HEAD", **options)
    with pytest.raises(ReviewError, match="REV1..REV2"):
        diff_git(repo / "plans", "HEAD", **options)
    with pytest.raises(ReviewError, match="invalid revision"):
        diff_git(repo / "plans", "HEAD..--output=x", **options)
    outside = tmp_path / "outside"
    outside.mkdir()
    with pytest.raises(ReviewError, match="not inside a git repository"):
        diff_git(outside, "HEAD~1..HEAD", **options)
    result = CliRunner().invoke(main, ["diff", str(repo / "plans"), "--git", "HEAD~1..nope", "--no-reference"])
    assert result.exit_code == 2 and "unknown revision 'nope'" in result.stderr and "リビジョン" in result.stderr
    result = CliRunner().invoke(main, ["diff", str(repo / "plans"), "--git", "HEAD~1..HEAD", "--no-reference",
                                       "--as-of", "2026-11-27", "--fail-on", "error"])
    assert result.exit_code == 1 and "■ 変更" in result.stdout


STRATEGY_1 = """
kind: municipal_strategy
id: city/strategy-1
title: 第1期例市総合戦略
municipality: 例市
prefecture: 例県
period: {from: H27, to: R1}
goals:
  - id: G1
    title: しごとをつくる
    targets: [{id: G1-T1, title: 雇用者数, unit: 人, target: {year: R1年度, value: 100}}]
  - id: G2
    title: 移住を促す
    targets: [{id: G2-T1, title: 転入者数, unit: 人, target: {year: R1年度, value: 50}}]
  - id: G3
    title: 交流を広げる
  - id: G4
    title: 観光を振興する
    targets: [{id: G4-T1, title: 観光客数, unit: 人, target: {year: R1年度, value: 9}}]
"""

STRATEGY_2 = """
kind: municipal_strategy
id: city/strategy-2
title: 第2期例市総合戦略
municipality: 例市
prefecture: 例県
period: {from: R2, to: R6}
predecessor: city/strategy-1
goals:
  - id: G1
    title: しごとをつくる
    continues: {from: city/strategy-1#G1, as: continued}
    targets: [{id: G1-T1, title: 雇用者数, unit: 人, target: {year: R6年度, value: 120}, continues: city/strategy-1#G1-T1}]
  - id: G2
    title: ひとの流れをつくる
    continues: {from: city/strategy-1#G2, as: merged, reason: 移住と交流を統合}
  - id: G5
    title: 新しい目標
retired:
  - {id: city/strategy-1#G4, reason: 県事業へ移管}
  - {id: city/strategy-1#G4-T1, reason: 目標ごと廃止}
"""


def test_every_disposition_with_the_predecessor_in_another_folder(tmp_path: Path) -> None:
    old = put(tmp_path / "old", "s1.yaml", STRATEGY_1)
    new = put(tmp_path / "new", "s2.yaml", STRATEGY_2)
    diff = diff_paths([old], [new], rules=api.rules_for(select=("PER",)), as_of=AS_OF, include_reference=False)
    # the predecessor only the old version holds is read with the new one, so its references resolve
    assert diff.new_context == (str(old),) and diff.old_context == ()
    (succ,) = diff.successions
    assert [(d.item, d.status, d.successors, d.reason) for d in succ.goals] == [
        ("city/strategy-1#G1", "continued", ("city/strategy-2#G1",), None),
        ("city/strategy-1#G2", "merged", ("city/strategy-2#G2",), "移住と交流を統合"),
        ("city/strategy-1#G3", "none", (), None),
        ("city/strategy-1#G4", "retired", (), "県事業へ移管"),
    ]
    assert [(d.item, d.status) for d in succ.new_goals] == [("city/strategy-2#G5", "new")]
    assert [(d.item, d.status, d.goal, d.kind) for d in succ.indicators] == [
        ("city/strategy-1#G1-T1", "carried", "city/strategy-1#G1", "numerical_target"),
        ("city/strategy-1#G2-T1", "dropped", "city/strategy-1#G2", "numerical_target"),
        ("city/strategy-1#G4-T1", "retired", "city/strategy-1#G4", "numerical_target"),
    ]
    assert pairs(diff.introduced) == [("PER-003", "city/strategy-2"), ("PER-005", "city/strategy-2")]
    assert [v.related for v in diff.introduced] == [("city/strategy-1#G3",), ("city/strategy-1#G2-T1",)]
    text = render_diff(diff, "text", "ja")
    assert "  統合      G2 移住を促す → G2 ひとの流れをつくる\n            理由: 移住と交流を統合" in text
    assert "  処置なし  G3 交流を広げる" in text and "  新規  G5 新しい目標" in text
    assert "  廃止  G4-T1 観光客数（数値目標、G4）\n        理由: 目標ごと廃止" in text
