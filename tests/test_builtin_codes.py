"""Built-in codes as rule files (issue 17, item 5): INPUT-00x (the loader's) and WAIVER-00x (the
waiver policy's) are rules/input/ and rules/waiver/ files loaded by the ordinary rule loader, with
a check kind that says who produces them: never evaluated, never selected, and reported exactly as
before from their titles and messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from checker import api
from checker.load.errors import InputError
from checker.rules import PRODUCED, RuleError, builtin_codes, catalogue, load_rule, rule_set
from tests.conftest import ROOT


def test_the_built_in_codes_are_rule_files_with_a_producer() -> None:
    codes = builtin_codes()
    assert sorted(codes) == [*(f"INPUT-00{i}" for i in range(1, 6)), "WAIVER-001", "WAIVER-002"]
    for code, rule in codes.items():
        assert rule.builtin and rule.kind == ("loader" if code.startswith("INPUT") else "waivers")
        assert Path(rule.file).parent.name == ("input" if code.startswith("INPUT") else "waiver")
        assert rule.family == ("input" if code.startswith("INPUT") else "policy")
        assert rule.severity == ("error" if code.startswith("INPUT") else "warning")
    # not rules a profile or --select reaches: the catalogue, `plancheck rules` and rule sets leave them out
    assert not set(codes) & {r.id for r in catalogue()} and not set(codes) & {r.id for r in rule_set()}
    with pytest.raises(api.UnknownRulePattern, match="--select INPUT"):
        api.configure(select=["INPUT"])


def test_a_built_in_code_is_never_evaluated_as_a_check(write) -> None:
    path = write("city.yaml", "kind: municipal_strategy\nid: c/s\ntitle: 例市総合戦略\nmunicipality: 例市\n"
                              "prefecture: 例県\nperiod: {from: R2, to: R6}\n")
    report = api.check([path], rules=list(builtin_codes().values()), as_of=dt.date(2026, 4, 1),
                       include_reference=False)
    assert report.violations == () and report.not_checked == ()


def test_input_and_waiver_findings_are_worded_by_their_files() -> None:
    error = InputError("INPUT-005", "plans/x.yaml", 3, "projects", "表「p.csv」が見つかりません", "table 'p.csv' not found",
                       "ファイル名を確認してください", "check the file name")
    v = api.input_violation(error)
    assert (v.rule, v.name, v.family, v.severity, v.line) == ("INPUT-005", "table-(CSV/Excel)-error", "input", "error", 3)
    assert v.message == {"ja": "表「p.csv」が見つかりません — ファイル名を確認してください",
                         "en": "table 'p.csv' not found — check the file name"}
    bare = api.input_violation(InputError("INPUT-002", "x.yaml", None, None, "構文誤り", "syntax error"))
    assert bare.name == "YAML-syntax-error" and bare.message == {"ja": "構文誤り", "en": "syntax error"}
    (info,) = api.builtin_rules({"WAIVER-002", "KPI-001"})
    assert (info.id, info.name, info.title, info.basis) == (
        "WAIVER-002", "unused-waiver", {"ja": "使われていない適用除外", "en": "unused waiver"},
        ("plancheck 組込み検査 / built-in check",))


def test_a_built_in_code_file_is_validated_like_a_rule(tmp_path: Path) -> None:
    text = (ROOT / "rules" / "waiver" / "WAIVER-001.yaml").read_text(encoding="utf-8")
    assert set(PRODUCED) == {"loader", "waivers"}
    bad = tmp_path / "WAIVER-001.yaml"
    bad.write_text(text.replace("{until}", "{until_year}", 1), encoding="utf-8")
    with pytest.raises(RuleError, match="unknown placeholder.*until_year"):
        load_rule(bad)
    bad.write_text(text.replace("check: {kind: waivers}", "check: {kind: waivers}\ntarget: {type: [measure]}"),
                   encoding="utf-8")
    with pytest.raises(RuleError, match="target"):
        load_rule(bad)
    bad.write_text(text.replace("family: policy", "family: input"), encoding="utf-8")
    with pytest.raises(RuleError, match="does not match id prefix WAIVER"):
        load_rule(bad)
