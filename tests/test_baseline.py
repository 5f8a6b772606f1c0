"""Baselines of accepted violations: fingerprints that survive reformatting, line moves and
reordering; known violations never fail; new ones do; fixed ones are reported; a malformed
baseline is unusable input (exit 2); every reporter shows known and fixed ones."""

from __future__ import annotations

import dataclasses
import io
import json
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pytest
from click.testing import CliRunner

from checker import api
from checker.workflows.baseline import BaselineError, apply_baseline, baseline_text, fingerprint, read_baseline, write_baseline
from checker.report import Report, Violation
from checker.reporters import render
from checker.reporters import sarif
from cli import main
from tests.conftest import AS_OF, CITY, NATIONAL

SCHEMA_FILE = Path("/work/shared/schemas/sarif-schema-2.1.0.json")

# CITY with a dangling reference (REF-001 at goals[1].considers[1]).
CITY_REF = textwrap.dedent(CITY).lstrip("\n").replace(
    "considers: [nat/strategy#地方への新しいひとの流れをつくる]",
    "considers: [nat/strategy#地方への新しいひとの流れをつくる, nat/strategy#G9]")

# The same plan re-indented, flow mappings written out, comments and blank lines added, and the
# goals in the other order: every line of every violation moves.
CITY_REFORMATTED = """\
# 例市総合戦略（体裁を整えた版）

kind: municipal_strategy
id: city/strategy
title: 例市総合戦略

# 基本情報
# （市の基本情報）
municipality: 例市
prefecture: 例県
period:
    from: R2
    to: R6
adopted: R2-03-20
published: R2-03-27
considers:
    - nat/strategy

goals:

    # 2つ目の目標を先に
    - id: G2
      title: ひとの流れをつくる
      considers:
          - nat/strategy#地方への新しいひとの流れをつくる
          - nat/strategy#G9
      measures:
          - id: G2-M1
            title: 移住相談

    - id: G1
      title: しごとをつくる
      considers: [nat/strategy#G1]
      targets:
          - id: G1-T1
            title: 雇用者数
            unit: 人
            baseline: {year: R1年度, value: 100}
            target: {year: R6年度, value: 150}
            direction: increase
            source: 統計
      measures:
          - id: G1-M1
            title: 創業支援
            kpis:
                - {id: G1-M1-K1, title: 創業件数, unit: 件, baseline: {year: R1年度, value: 5}, target: {year: R6年度, value: 10}, source: 市調べ}
            projects:
                - {id: G1-M1-P1, title: 創業塾}
"""

# A new problem (goal G3 without a numerical target: GOAL-001, an error) and a fixed one (G2-M1
# gets a KPI: KPI-001 no longer occurs).
CITY_NEXT = CITY_REF.replace(
    "      - {id: G2-M1, title: 移住相談}",
    "      - id: G2-M1\n        title: 移住相談\n"
    "        kpis: [{id: G2-M1-K1, title: 相談件数, unit: 件, baseline: {year: R1年度, value: 1}, "
    "target: {year: R6年度, value: 2}, source: 市調べ}]\n"
    "  - id: G3\n    title: 安心して暮らせるまちをつくる\n    considers: [nat/strategy#G2]\n"
    "    measures: [{id: G3-M1, title: 防災, kpis: [{id: G3-M1-K1, title: 訓練回数, unit: 回, "
    "baseline: {year: R1年度, value: 1}, target: {year: R6年度, value: 2}, source: 市調べ}]}]")

EXPECTED = [("PDCA-001", "city/strategy"), ("PDCA-002", "city/strategy"), ("PDCA-004", "city/strategy"),
            ("PER-018", "city/strategy"), ("POP-004", "city/strategy"), ("GOAL-001", "city/strategy#G2"), ("REF-001", "city/strategy#G2"),
            ("KPI-001", "city/strategy#G2-M1")]


def check(folder: Path) -> Report:
    return api.check([folder], rules=api.rules_for(), as_of=AS_OF, include_reference=False)


def plan(tmp_path: Path, city: str, name: str = "plan") -> Path:
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    (folder / "nat.yaml").write_text(textwrap.dedent(NATIONAL).lstrip("\n"), encoding="utf-8")
    (folder / "city.yaml").write_text(city, encoding="utf-8")
    return folder


def subjects(vs: Any) -> list[tuple[str, str]]:
    return sorted((v.rule, v.subject) for v in vs)


@pytest.fixture
def recorded(tmp_path: Path) -> tuple[Report, Path]:
    report = check(plan(tmp_path, CITY_REF))
    assert subjects(report.violations) == sorted(EXPECTED)
    baseline = tmp_path / "baseline.yaml"
    assert write_baseline(report, baseline) == len(EXPECTED)
    return report, baseline


def test_baseline_file_is_readable_yaml(recorded: tuple[Report, Path]) -> None:
    report, baseline = recorded
    text = baseline.read_text(encoding="utf-8")
    assert text.startswith("# plancheck baseline") and "docs/review.md" in text
    entries = read_baseline(baseline)
    assert [(e["rule"], e["subject"]) for e in entries] == sorted(EXPECTED)
    ref = next(e for e in entries if e["rule"] == "REF-001")
    assert ref == {"fingerprint": fingerprint(next(v for v in report.violations if v.rule == "REF-001")),
                   "rule": "REF-001", "subject": "city/strategy#G2", "related": [],
                   "message": next(v for v in report.violations if v.rule == "REF-001").message["ja"]}


def test_baseline_survives_reformatting_line_moves_and_reordering(recorded: tuple[Report, Path], tmp_path: Path) -> None:
    report, baseline = recorded
    moved = check(plan(tmp_path, CITY_REFORMATTED, "moved"))
    assert subjects(moved.violations) == subjects(report.violations)
    lines = {(v.rule, v.subject): v.line for v in report.violations}
    assert all(lines[(v.rule, v.subject)] != v.line for v in moved.violations)
    ref = next(v for v in moved.violations if v.rule == "REF-001")
    assert ref.key == "goals[0].considers[1]"  # was goals[1].considers[1]
    applied = apply_baseline(moved, baseline)
    assert all(v.known for v in applied.violations) and applied.baseline_fixed == ()
    assert applied.failing == () and applied.exit_code("info") == 0
    # the same plan, however laid out, gives the same baseline file
    assert baseline_text(moved) == baseline_text(report)


def test_new_violation_fails_and_a_removed_one_is_reported_fixed(recorded: tuple[Report, Path], tmp_path: Path) -> None:
    _, baseline = recorded
    applied = apply_baseline(check(plan(tmp_path, CITY_NEXT, "next")), baseline)
    assert subjects(applied.failing) == [("GOAL-001", "city/strategy#G3")]
    assert subjects(v for v in applied.violations if v.known) == sorted(set(EXPECTED) - {("KPI-001", "city/strategy#G2-M1")})
    assert applied.exit_code("error") == 1
    (fixed,) = applied.baseline_fixed
    assert (fixed["rule"], fixed["subject"], fixed["related"]) == ("KPI-001", "city/strategy#G2-M1", [])
    assert set(fixed) == {"rule", "subject", "related", "fingerprint", "message"} and "KPI" in fixed["message"]
    assert applied.summary()["known"] == len(EXPECTED) - 1 and applied.summary()["baseline_fixed"] == 1
    # the JSON report carries both, and reads back
    data = json.loads(render(applied, "json"))
    assert data["baseline_fixed"] == [fixed] and sum(v["known"] for v in data["violations"]) == len(EXPECTED) - 1
    assert Report.from_dict(data) == applied


def test_waived_violations_are_not_written_and_a_recorded_one_now_waived_is_not_fixed(
        recorded: tuple[Report, Path], tmp_path: Path) -> None:
    report, baseline = recorded
    waived = plan(tmp_path, CITY_REF + "waivers:\n  - {rule: KPI-001, target: G2-M1, reason: 次年度に設定, approved_by: 企画課}\n",
                  "waived")
    now = check(waived)
    assert write_baseline(now, tmp_path / "b2.yaml") == len(EXPECTED) - 1
    applied = apply_baseline(now, baseline)
    assert applied.baseline_fixed == ()
    kpi = next(v for v in applied.violations if v.rule == "KPI-001")
    assert kpi.waived is not None and not kpi.known


def test_duplicate_fingerprints_are_counted(recorded: tuple[Report, Path], tmp_path: Path) -> None:
    report, baseline = recorded
    v = next(v for v in report.violations if v.rule == "KPI-001")
    twice = dataclasses.replace(report, violations=report.violations + (dataclasses.replace(v, line=99),))
    applied = apply_baseline(twice, baseline)
    assert [x.known for x in applied.violations if x.rule == "KPI-001"] == [True, False]


def test_fingerprint_ignores_line_message_positions_and_path_forms() -> None:
    v = Violation(rule="REF-001", name="dangling-reference", family="structure", severity="error",
                  subject="city/strategy#G2", related=(), file="plans/city.yaml", line=25,
                  key="goals[1].considers[1]", message={"ja": "参照先がありません", "en": "no target"},
                  params={"ref": "nat/strategy#G9", "expected": ["national goal"]})
    assert sarif.fingerprint is fingerprint  # one definition for SARIF and baselines
    same = [dataclasses.replace(v, line=3, file="./plans/city.yaml", message={"ja": "別", "en": "other"}),
            dataclasses.replace(v, key="goals[0].considers[4]", params={**v.params, "expected": []})]
    assert {fingerprint(x) for x in same} == {fingerprint(v)}
    other = [dataclasses.replace(v, params={**v.params, "ref": "nat/strategy#G8"}),
             dataclasses.replace(v, key="goals[1].continues"), dataclasses.replace(v, rule="REF-003"),
             dataclasses.replace(v, subject="city/strategy#G1"), dataclasses.replace(v, related=("x",))]
    assert len({fingerprint(x) for x in other} | {fingerprint(v)}) == 6
    broken = dataclasses.replace(v, rule="INPUT-003", family="input", subject="./plans//city.yaml", key="goals[1].kpi")
    assert fingerprint(broken) == fingerprint(dataclasses.replace(broken, subject="plans/city.yaml"))
    assert fingerprint(broken) != fingerprint(dataclasses.replace(broken, key="goals[0].kpi"))


@pytest.mark.parametrize("text, what", [
    ("violations: [", "not valid YAML at line"),
    ("- just a list\n", "not a baseline file"),
    ("plancheck_baseline: 7\nviolations: []\n", "unsupported format version"),
    ("plancheck_baseline: 1\nviolations: {a: 1}\n", "'violations' is not a list"),
    ("plancheck_baseline: 1\nviolations:\n  - {rule: KPI-001, subject: x}\n", "entry 1 of 'violations' lacks fingerprint"),
    ("plancheck_baseline: 1\nviolations:\n  - {fingerprint: ab, rule: R, subject: x, lines: 3}\n", "unknown key(s) lines"),
    ("plancheck_baseline: 1\nviolations:\n  - {fingerprint: ab, rule: R, subject: x, related: x}\n", "'related' of entry 1"),
])
def test_malformed_baseline_is_an_error(tmp_path: Path, text: str, what: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(BaselineError) as caught:
        apply_baseline(Report(violations=()), bad)
    message = str(caught.value)
    assert what in message and str(bad) in message and "基準ファイルを使えません" in message
    assert "plancheck baseline write" in message or "correct the key" in message
    with pytest.raises(BaselineError, match="cannot read it"):
        read_baseline(tmp_path / "missing.yaml")


def test_cli_write_then_check(tmp_path: Path) -> None:
    folder = plan(tmp_path, CITY_REF)
    target = tmp_path / "accepted.yaml"
    args = ["--no-reference", "--as-of", "2026-11-27"]
    written = CliRunner().invoke(main, ["baseline", "write", str(target), str(folder), *args])
    assert written.exit_code == 0 and f"({len(EXPECTED)} violations)" in written.stderr
    assert CliRunner().invoke(main, ["check", str(folder), *args]).exit_code == 1
    clean = CliRunner().invoke(main, ["check", str(folder), "--baseline", str(target), *args])
    assert clean.exit_code == 0 and clean.stdout.count("[既知]") == len(EXPECTED) and f"（うち既知 {len(EXPECTED)}）" in clean.stdout
    (folder / "city.yaml").write_text(CITY_NEXT, encoding="utf-8")
    failing = CliRunner().invoke(main, ["check", str(folder), "--baseline", str(target), *args])
    assert failing.exit_code == 1 and "解消済み 1件" in failing.stdout
    assert "  KPI-001  city/strategy#G2-M1  " in failing.stdout  # the fixed entry, listed
    (tmp_path / "broken.yaml").write_text("violations: [", encoding="utf-8")
    broken = CliRunner().invoke(main, ["check", str(folder), "--baseline", str(tmp_path / "broken.yaml"), *args])
    assert broken.exit_code == 2 and "broken.yaml" in broken.stderr and "Traceback" not in broken.stderr


def test_cli_refuses_a_baseline_of_unusable_input(tmp_path: Path) -> None:
    folder = plan(tmp_path, CITY_REF.replace("adopted: R2-03-20", "adopted: R2年13月"))
    result = CliRunner().invoke(main, ["baseline", "write", str(tmp_path / "b.yaml"), str(folder), "--no-reference"])
    assert result.exit_code == 2 and not (tmp_path / "b.yaml").exists()


@pytest.fixture
def applied(recorded: tuple[Report, Path], tmp_path: Path) -> Report:
    return apply_baseline(check(plan(tmp_path, CITY_NEXT, "next")), recorded[1])


def test_reporters_show_known_and_fixed(applied: Report) -> None:
    text = str(render(applied, "text", "en"))
    assert text.count("[known]") == len(EXPECTED) - 1 and f"({len(EXPECTED) - 1} of them known), 1 fixed" in text
    markdown = str(render(applied, "markdown", "ja"))
    assert markdown.count("※既知（基準ファイルに記録）") == len(EXPECTED) - 1 and "### 解消済み（基準ファイル）" in markdown
    assert f"| 既知 | {len(EXPECTED) - 1} |" in markdown and "| 解消済み（基準ファイル） | 1 |" in markdown
    html = str(render(applied, "html", "ja"))
    assert html.count('class="tag known"') == len(EXPECTED) - 1 and 'id="card-fixed"' in html and 'id="baseline-fixed"' in html
    junit = str(render(applied, "junit", "ja"))
    assert 'failures="1"' in junit.split("\n")[1]  # only the new GOAL-001 fails
    assert junit.count("[既知] ") == len(EXPECTED) - 1  # listed in system-out, not failing
    book = openpyxl.load_workbook(io.BytesIO(render(applied, "xlsx", "ja")))  # type: ignore[arg-type]
    sheet = book["違反一覧"]
    header = [c.value for c in sheet[1]]
    assert header[-1] == "既知（基準）"
    rows = [dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(((r["対象"], r["既知（基準）"]) for r in rows if r["ルールID"] == "GOAL-001"), key=str) == [
        ("city/strategy#G2", "はい"), ("city/strategy#G3", None)]


def test_sarif_baseline_states_are_valid(applied: Report) -> None:
    log = json.loads(str(render(applied, "sarif", "ja")))
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft4Validator(schema).iter_errors(log)) == []
    results = log["runs"][0]["results"]
    states = [(r["ruleId"], r["baselineState"]) for r in results]
    assert sorted(states) == sorted([(v.rule, "unchanged" if v.known else "new") for v in applied.violations]
                                    + [("KPI-001", "absent")])
    absent = results[-1]
    assert absent["kind"] == "pass" and absent["level"] == "none"
    assert absent["partialFingerprints"]["plancheck/v1"] == applied.baseline_fixed[0]["fingerprint"]
    # without a baseline, no baselineState at all
    plain = json.loads(str(render(dataclasses.replace(applied, violations=tuple(
        dataclasses.replace(v, known=False) for v in applied.violations), baseline_fixed=(), baseline=""), "sarif", "ja")))
    assert not any("baselineState" in r for r in plain["runs"][0]["results"])
