"""SARIF reporter: schema-valid SARIF 2.1.0 with rule ids, levels, lines, fingerprints and
suppressions taken from the Report. The sample reports here are shared with the JUnit and
Markdown reporter tests."""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
from click.testing import CliRunner

from checker import api
from checker.api import builtin_rules
from checker.report import DocumentInfo, NotChecked, Report, RuleInfo, Violation, WaiverInfo
from checker.reporters import render
from checker.reporters import sarif as sarif_module
from checker.reporters.sarif import artifact_location, fingerprint, help_uri, rule_anchor, table_file
from cli import main
from tests.conftest import AS_OF, CITY, NATIONAL, ROOT

SCHEMA_FILE = Path("/work/shared/schemas/sarif-schema-2.1.0.json")

EVIL_TITLE = "悪い<script>alert(1)</script> | \"引用\" 'quote'\n2行目 `code`"
CITY_FILE = "plans/city/strategy.yaml"


@cache
def bundled_report() -> Report:
    """The bundled plans at the tests' date."""
    return api.check(as_of=AS_OF)


def _rule(id: str, name: str, family: str, severity: Any, ja: str, en: str, verified: bool = True) -> RuleInfo:
    return RuleInfo(id, name, family, severity, {"ja": ja, "en": en},
                    {"ja": f"{ja}の理由", "en": f"why {en}"}, (f"{id}の根拠 第1条", "手引き 2.(1)"), verified)


def hand_report() -> Report:
    """A small report built by hand: one active error, a waived warning, a secondary info, an input
    error without document or line, an unused waiver (built-in code) and a hostile title."""
    doc = "city/strategy"
    rules = (
        _rule("GOAL-001", "goal-has-numerical-target", "coverage", "error", "基本目標に数値目標", "Goal has a target"),
        _rule("KPI-001", "measure-has-kpi", "coverage", "warning", "施策にKPI", "Measure has a KPI"),
        _rule("CNT-003", "excerpt-lists-unverifiable", "counts", "info", "抜粋の一覧", "Excerpt lists", verified=False),
        _rule("LAW-001", "strategy-considers-national-strategy", "law", "error", "国の戦略を勘案", "Considers national"),
    )
    violations = (
        Violation("GOAL-001", "goal-has-numerical-target", "coverage", "error", f"{doc}#G1", ("nat/strategy#G1",),
                  CITY_FILE, 12, None, {"ja": f"基本目標「{EVIL_TITLE}」に数値目標がありません",
                                        "en": f"Basic goal '{EVIL_TITLE}' has no numerical target"},
                  {"count": 0}, doc, EVIL_TITLE),
        Violation("KPI-001", "measure-has-kpi", "coverage", "warning", f"{doc}#G1-M1", (), CITY_FILE, 30, None,
                  {"ja": "施策「創業支援」にKPIがありません", "en": "Measure '創業支援' has no KPI"}, {"count": 0}, doc,
                  "創業支援", WaiverInfo("新設施策のため次年度に設定", "企画課", "R9年度", CITY_FILE, 60)),
        Violation("CNT-003", "excerpt-lists-unverifiable", "counts", "info", doc, (), CITY_FILE, 5, "lists",
                  {"ja": "一覧は抜粋です", "en": "The lists are an excerpt"}, {}, doc, EVIL_TITLE, secondary=True),
        Violation("WAIVER-002", "unused-waiver", "policy", "warning", doc, (f"{doc}#G9",), CITY_FILE, 61, "waivers",
                  {"ja": "適用除外（LAW-001、対象 city/strategy#G9）に該当する違反がありません。削除してください",
                   "en": "the waiver of LAW-001 for city/strategy#G9 matches no violation; remove it"},
                  {"rule": "LAW-001", "target": f"{doc}#G9", "until": None}, doc),
        Violation("INPUT-003", "plan-field-or-type-error", "input", "error", "plans/broken.yaml", (),
                  "plans/broken.yaml", None, "goals[0].title",
                  {"ja": "項目 title がありません", "en": "field title is missing"}, {"hint_ja": "", "hint_en": ""}),
    )
    documents = (
        DocumentInfo("nat/strategy", "national_strategy", "国の総合戦略", "plans/nat.yaml", True),
        DocumentInfo(doc, "municipal_strategy", EVIL_TITLE, CITY_FILE, False),
    )
    rules += builtin_rules({v.rule for v in violations})  # as api.check describes the codes that occur
    return Report(tuple(sorted(violations, key=Violation.sort_key)), documents, rules,
                  ("plans/broken.yaml", CITY_FILE, "plans/nat.yaml"), "2026-11-27", "9.9.9")


# --- helpers ---------------------------------------------------------------------------------------

def validate(log: dict[str, Any]) -> None:
    """Against the official SARIF 2.1.0 schema, with the validator its $schema names (draft-04)."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)
    assert validator is jsonschema.Draft4Validator
    validator.check_schema(schema)
    errors = sorted(validator(schema).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    # the schema's "uri" formats are not checked by jsonschema without extras: check them here
    for run in log["runs"]:
        for uri in _uris(run):
            assert uri.isascii() and " " not in uri and "\\" not in uri, uri
            assert urlsplit(uri).path, uri


def _uris(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["uri"]] if isinstance(node.get("uri"), str) else []
        return found + [u for v in node.values() for u in _uris(v)]
    if isinstance(node, list):
        return [u for v in node for u in _uris(v)]
    return []


def sarif(report: Report, lang: str = "ja") -> dict[str, Any]:
    text = render(report, "sarif", lang)
    assert isinstance(text, str)
    log: dict[str, Any] = json.loads(text)
    return log


def _results(log: dict[str, Any]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = log["runs"][0]["results"]
    return results


# --- bundled plans --------------------------------------------------------------------------------

def test_bundled_report_is_valid_sarif_with_one_result_per_violation() -> None:
    report = bundled_report()
    log = sarif(report)
    validate(log)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "plancheck" and driver["version"] == report.version
    assert [r["id"] for r in driver["rules"]] == [r.id for r in report.rules]  # no built-in codes here
    results = _results(log)
    assert [r["ruleId"] for r in results] == [v.rule for v in report.violations]
    for result in results:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    levels = Counter(r["level"] for r in results)
    s = report.summary()["by_severity"]
    assert levels == Counter({"error": s["error"], "warning": s["warning"], "note": s["info"]}) - Counter()
    assert s["error"] >= 1 and levels["note"] >= 1
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is True and invocation["properties"] == {"as_of": "2026-11-27"}
    # rules not checked are notifications, not results (tests/test_not_checked_reports.py)
    assert len(invocation.get("toolExecutionNotifications", [])) == len(report.not_checked)


def test_bundled_locations_lines_and_fingerprints() -> None:
    report = bundled_report()
    results = _results(sarif(report))
    per002 = next(r for r in results if r["ruleId"] == "PER-002")
    assert per002["level"] == "error"
    physical = per002["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "plans/azumino/strategy-2.yaml"
    assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert physical["region"] == {"startLine": 17}
    assert per002["locations"][0]["logicalLocations"] == [
        {"fullyQualifiedName": "azumino/strategy-2", "kind": "municipal_strategy", "name": "第2期安曇野市まち・ひと・しごと創生総合戦略"}]
    # a subject inside a document: its node type as the logical location's kind
    inner, v = next((r, v) for r, v in zip(results, report.violations) if v.subject_type and "#" in v.subject)
    assert inner["properties"]["subject"] == v.subject
    assert inner["locations"][0]["physicalLocation"]["region"]["startLine"] == v.line
    assert inner["locations"][0]["logicalLocations"][0]["kind"] == v.subject_type not in (None, "element")
    # related nodes: POP-001 points at the vision's target, in the vision's file
    pop = next(r for r in results if r["ruleId"] == "POP-001")
    assert pop["properties"]["related"] == ["azumino/vision-1#population-2040"]
    related = pop["relatedLocations"][0]
    assert related["logicalLocations"][0]["fullyQualifiedName"] == "azumino/vision-1#population-2040"
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "plans/azumino/vision-1.yaml"
    assert pop["properties"]["secondary"] is True
    # every result in a text file has its line; the one in a workbook its sheet and row, in the
    # workbook's own file (tests below); every result a fingerprint of its own
    for r, v in zip(results, report.violations):
        physical = r["locations"][0]["physicalLocation"]
        if ".xlsx[" in v.file:
            assert "region" not in physical and physical["properties"]["row"] == v.line
        else:
            assert physical["region"]["startLine"] == v.line
    assert all("[" not in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results)
    prints = [r["partialFingerprints"]["plancheck/v1"] for r in results]
    assert len(set(prints)) == len(prints) == len(report.violations)
    assert not any("suppressions" in r for r in results)


def test_language_switches_texts_and_keeps_the_other_in_properties() -> None:
    report = bundled_report()
    ja, en = _results(sarif(report, "ja")), _results(sarif(report, "en"))
    v = report.violations[0]
    assert ja[0]["message"]["text"] == v.message["ja"] and ja[0]["properties"]["message"] == {"en": v.message["en"]}
    assert en[0]["message"]["text"] == v.message["en"] and en[0]["properties"]["message"] == {"ja": v.message["ja"]}
    assert [r["partialFingerprints"] for r in ja] == [r["partialFingerprints"] for r in en]
    rules_en = sarif(report, "en")["runs"][0]["tool"]["driver"]["rules"]
    per002 = next(r for r in rules_en if r["id"] == "PER-002")
    info = next(r for r in report.rules if r.id == "PER-002")
    assert per002["shortDescription"]["text"] == info.title["en"]
    assert per002["fullDescription"]["text"] == info.rationale["en"]
    assert per002["help"]["text"].startswith(info.rationale["en"])
    assert all(f"- {b}" in per002["help"]["text"] for b in info.basis)
    assert per002["defaultConfiguration"] == {"level": "error"}
    assert per002["properties"]["family"] == "continuity" and per002["properties"]["basis"] == list(info.basis)


# --- a report built by hand -----------------------------------------------------------------------

def test_hand_report_rules_include_builtin_codes() -> None:
    log = sarif(hand_report())
    validate(log)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["GOAL-001", "KPI-001", "CNT-003", "LAW-001", "INPUT-003", "WAIVER-002"]
    by_id = {r["id"]: r for r in rules}
    assert by_id["INPUT-003"]["shortDescription"]["text"] == "計画ファイルの項目・型の誤り"
    assert by_id["INPUT-003"]["defaultConfiguration"]["level"] == "error"
    assert by_id["INPUT-003"]["properties"]["family"] == "input"
    assert by_id["WAIVER-002"]["shortDescription"]["text"] == "使われていない適用除外"
    assert by_id["WAIVER-002"]["defaultConfiguration"]["level"] == "warning"
    assert by_id["CNT-003"]["defaultConfiguration"]["level"] == "note"
    assert by_id["CNT-003"]["properties"]["basis_verified"] is False
    assert "根拠（根拠未確認）:" in by_id["CNT-003"]["help"]["text"]
    assert by_id["GOAL-001"]["help"]["text"] == "基本目標に数値目標の理由\n\n根拠:\n- GOAL-001の根拠 第1条\n- 手引き 2.(1)"


def test_hand_report_results_levels_lines_and_suppressions() -> None:
    report = hand_report()
    results = _results(sarif(report))
    by_rule = {r["ruleId"]: r for r in results}
    assert [r["ruleId"] for r in results] == ["INPUT-003", "CNT-003", "GOAL-001", "KPI-001", "WAIVER-002"]
    assert {k: r["level"] for k, r in by_rule.items()} == {
        "INPUT-003": "error", "CNT-003": "note", "GOAL-001": "error", "KPI-001": "warning", "WAIVER-002": "warning"}
    assert {k: r["locations"][0]["physicalLocation"].get("region") for k, r in by_rule.items()} == {
        "INPUT-003": None, "CNT-003": {"startLine": 5}, "GOAL-001": {"startLine": 12},
        "KPI-001": {"startLine": 30}, "WAIVER-002": {"startLine": 61}}
    assert by_rule["INPUT-003"]["locations"][0]["logicalLocations"][0]["kind"] == "resource"
    assert by_rule["INPUT-003"]["properties"]["key"] == "goals[0].title"
    # only the waived violation is suppressed, with reason, approver and expiry
    assert [k for k, r in by_rule.items() if "suppressions" in r] == ["KPI-001"]
    (suppression,) = by_rule["KPI-001"]["suppressions"]
    assert suppression["kind"] == "external" and suppression["status"] == "accepted"
    assert suppression["justification"] == "新設施策のため次年度に設定 (承認: 企画課, 期限: R9年度)"
    assert suppression["location"]["physicalLocation"]["region"] == {"startLine": 60}
    en = {r["ruleId"]: r for r in _results(sarif(report, "en"))}
    assert en["KPI-001"]["suppressions"][0]["justification"] == "新設施策のため次年度に設定 (approved by: 企画課, until R9年度)"
    # secondary, params, related, hostile text kept verbatim (JSON escapes it)
    assert by_rule["CNT-003"]["properties"]["secondary"] is True
    assert by_rule["GOAL-001"]["properties"]["params"] == {"count": 0}
    assert by_rule["GOAL-001"]["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "plans/nat.yaml"
    assert by_rule["GOAL-001"]["locations"][0]["logicalLocations"][0]["name"] == EVIL_TITLE
    assert EVIL_TITLE in by_rule["GOAL-001"]["message"]["text"]
    assert by_rule["WAIVER-002"]["relatedLocations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "city/strategy#G9"


def test_fingerprint_ignores_line_message_and_language_but_not_identity() -> None:
    v = next(v for v in hand_report().violations if v.rule == "GOAL-001")
    moved = Violation(**{**v.__dict__, "line": 99, "message": {"ja": "別", "en": "other"}})
    assert fingerprint(moved) == fingerprint(v)
    assert fingerprint(Violation(**{**v.__dict__, "related": ()})) != fingerprint(v)
    assert fingerprint(Violation(**{**v.__dict__, "subject": "city/strategy#G2"})) != fingerprint(v)
    assert fingerprint(Violation(**{**v.__dict__, "rule": "GOAL-002"})) != fingerprint(v)


def test_artifact_locations() -> None:
    assert artifact_location("plans/a b/戦略.yaml") == {
        "uri": "plans/a%20b/%E6%88%A6%E7%95%A5.yaml", "uriBaseId": "%SRCROOT%"}
    assert unquote(artifact_location("plans/a b/戦略.yaml")["uri"]) == "plans/a b/戦略.yaml"
    assert artifact_location("/tmp/x/city.yaml") == {"uri": "file:///tmp/x/city.yaml"}
    assert artifact_location("C:\\plans\\city.yaml") == {"uri": "file:///C:/plans/city.yaml"}


def test_empty_report_is_valid() -> None:
    log = sarif(Report(()))
    validate(log)
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []


# --- the command line -----------------------------------------------------------------------------

WAIVERS = """
waivers:
  - {rule: KPI-001, target: G2-M1, reason: 新設施策のため次年度に設定, approved_by: 企画課, until: R9}
  - {rule: LAW-001, target: city/strategy, reason: 不要, approved_by: 企画課}
"""


def test_cli_writes_sarif(write, tmp_path: Path, monkeypatch) -> None:
    write("plans/nat.yaml", NATIONAL)
    write("plans/city.yaml", CITY + WAIVERS)
    monkeypatch.chdir(tmp_path)  # so the plan files show as relative paths
    result = CliRunner().invoke(main, ["check", "plans", "--no-reference", "--as-of", "2026-11-27",
                                       "--format", "sarif", "--output", "out/report.sarif"])
    assert result.exit_code == 1, result.output  # GOAL-001 (error) on G2
    assert "out/report.sarif を書き込みました" in result.stderr  # --lang ja, the default
    log = json.loads((tmp_path / "out" / "report.sarif").read_text(encoding="utf-8"))
    validate(log)
    results = _results(log)
    goal = next(r for r in results if r["ruleId"] == "GOAL-001")
    assert goal["level"] == "error" and goal["properties"]["subject"] == "city/strategy#G2"
    assert goal["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "plans/city.yaml", "uriBaseId": "%SRCROOT%", "index": 0}, "region": {"startLine": 23}}
    kpi = next(r for r in results if r["ruleId"] == "KPI-001")
    assert kpi["properties"]["subject"] == "city/strategy#G2-M1"
    assert kpi["suppressions"][0]["justification"] == "新設施策のため次年度に設定 (承認: 企画課, 期限: R9年度)"
    assert kpi["suppressions"][0]["location"]["physicalLocation"]["region"] == {"startLine": 30}
    unused = next(r for r in results if r["ruleId"] == "WAIVER-002")
    assert unused["properties"]["related"] == ["city/strategy"] and "suppressions" not in unused
    rule_ids = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    assert rule_ids[-1] == "WAIVER-002" and len(rule_ids) == len(set(rule_ids)) and "KPI-001" in rule_ids
    assert [r for r in results if "suppressions" in r] == [kpi]


# --- tables and rule help ---------------------------------------------------------------------

def test_spreadsheet_findings_are_located_in_the_workbook_file() -> None:
    """`file.xlsx[sheet]` is no file: a finding in a workbook points at the workbook, with its
    sheet and row as properties and the row as a logical location; a CSV row is a line."""
    report = bundled_report()
    log = sarif(report)
    validate(log)
    run = log["runs"][0]
    uris = [a["location"]["uri"] for a in run["artifacts"]]
    assert "plans/azumino/strategy-1-indicators.xlsx" in uris and not [u for u in uris if "%5B" in u or "[" in u]
    assert len(uris) == len(set(uris))
    results = _results(log)
    (cell, v) = next((r, v) for r, v in zip(results, report.violations) if v.file.endswith(".xlsx[指標一覧]"))
    (location,) = cell["locations"]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "plans/azumino/strategy-1-indicators.xlsx"
    assert uris[physical["artifactLocation"]["index"]] == physical["artifactLocation"]["uri"]
    assert "region" not in physical  # a workbook is not text: no line
    assert physical["properties"] == {"sheet": "指標一覧", "row": v.line}
    subject, row = location["logicalLocations"]
    assert subject["fullyQualifiedName"] == v.subject
    assert row == {"name": str(v.line), "fullyQualifiedName": f"'指標一覧'!{v.line}:{v.line}", "kind": "row"}
    (csv, w) = next((r, v) for r, v in zip(results, report.violations) if v.file.endswith(".csv"))
    physical = csv["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == w.file
    assert physical["region"] == {"startLine": w.line, "properties": {"row": w.line}}


def test_table_input_problems_and_not_checked_entries_name_sheet_row_and_column() -> None:
    base = hand_report()
    broken = Violation("INPUT-005", "table-refused", "input", "error", "plans/city/plan.xlsx[指標]", (),
                       "plans/city/plan.xlsx[指標]", 30000, "目標値",
                       {"ja": "目標値が数値ではありません", "en": "target value is not a number"}, {})
    sheet = dataclasses.replace(broken, line=None, key="sheet", file="plans/city/plan.xlsx[ない]",
                                subject="plans/city/plan.xlsx[ない]")
    unseen = NotChecked("KPI-005", "kpi-has-unit", "coverage", "city/strategy#K-1", ("unit",), "plans/city/plan.xlsx[指標]",
                        4, {"ja": "単位が不明です", "en": "the unit is unknown"}, "city/strategy")
    report = dataclasses.replace(base, violations=(*base.violations, broken, sheet), not_checked=(unseen,),
                                 files=(*base.files, "plans/city/plan.xlsx"))
    log = sarif(report)
    validate(log)
    run = log["runs"][0]
    uris = [a["location"]["uri"] for a in run["artifacts"]]
    assert uris.count("plans/city/plan.xlsx") == 1 and not [u for u in uris if "%5B" in u]
    by_line = {r["locations"][0]["physicalLocation"].get("properties", {}).get("row"): r for r in _results(log)
               if r["ruleId"] == "INPUT-005"}
    assert by_line[30000]["locations"][0]["physicalLocation"]["properties"] == {"sheet": "指標", "row": 30000, "column": "目標値"}
    assert by_line[None]["locations"][0]["physicalLocation"]["properties"] == {"sheet": "ない"}  # the sheet is missing
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    (location,) = note["locations"]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "plans/city/plan.xlsx"
    assert location["physicalLocation"]["properties"] == {"sheet": "指標", "row": 4}
    assert [x["kind"] for x in location["logicalLocations"]] == ["element", "row"]
    assert table_file("plans/a[1]/plan.xlsx[指標]") == ("plans/a[1]/plan.xlsx", "指標")
    assert table_file("plans/a.yaml") == ("plans/a.yaml", None)


def test_without_a_published_address_no_help_uri_is_invented() -> None:
    """The package records no Documentation URL: the help names docs/rules.md#id as text, and no
    helpUri or informationUri points at a page that may not exist."""
    sarif_module.docs_uri.cache_clear()
    log = sarif(bundled_report())
    validate(log)
    driver = log["runs"][0]["tool"]["driver"]
    assert "informationUri" not in driver
    infos = {r.id: r for r in bundled_report().rules}
    for rule in driver["rules"]:
        assert "helpUri" not in rule and help_uri(rule["id"]) is None
        markdown = rule["help"]["markdown"]
        assert markdown.startswith(f"**{rule['id']} ") and rule["help"]["text"].startswith(infos[rule["id"]].rationale["ja"])
        assert markdown.endswith(f"ルールの説明: docs/rules.md#{rule['id'].lower()}")
        assert all(f"- {b}" in markdown or "\\" in b for b in infos[rule["id"]].basis)


def test_every_rule_links_its_entry_when_the_documentation_is_published(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sarif_module, "docs_uri", lambda: "https://plancheck.example.org/docs/")
    log = sarif(bundled_report())
    validate(log)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://plancheck.example.org/docs/"
    for rule in driver["rules"]:
        uri = urlsplit(rule["helpUri"])
        assert uri.scheme == "https" and uri.netloc and uri.path.endswith("/rules.md"), rule["helpUri"]
        assert uri.fragment == rule["id"].lower() == rule_anchor(rule["id"])
        assert rule["help"]["markdown"].endswith(f"]({rule['helpUri']})")
    anchors = set(re.findall(r'<a id="([a-z]+-\d{3})"></a>', (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")))
    assert {urlsplit(r["helpUri"]).fragment for r in driver["rules"]} <= anchors  # each link lands on its row
    hand = {r["id"]: r for r in sarif(hand_report(), "en")["runs"][0]["tool"]["driver"]["rules"]}
    assert hand["GOAL-001"]["help"]["markdown"] == (
        "**GOAL-001 Goal has a target**\n\nwhy Goal has a target\n\n**Basis**:\n\n- GOAL-001の根拠 第1条\n"
        "- 手引き 2.(1)\n\n"
        "[About this rule: docs/rules.md#goal-001](https://plancheck.example.org/docs/rules.md#goal-001)")
    assert "**Basis** (basis unverified):" in hand["CNT-003"]["help"]["markdown"]
    # plan-made text cannot break the Markdown: a custom rule's title with markup is escaped
    odd = dataclasses.replace(hand_report().rules[0], title={"ja": "<b>x</b> | *y*", "en": "[z](http://e)"})
    (first, *_) = sarif(Report((), rules=(odd,)))["runs"][0]["tool"]["driver"]["rules"]
    assert "<b>" not in first["help"]["markdown"] and "&lt;b&gt;x&lt;/b&gt; &#124; \\*y\\*" in first["help"]["markdown"]
