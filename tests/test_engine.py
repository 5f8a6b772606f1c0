"""Rule engine: loading and validating rules, profiles, waivers, and its invariants."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from checker import api
from checker.engine import evaluate
from checker.graph import build_graph
from checker.load import load_documents
from checker.report import Report, Violation
from checker.rules import Profile, RuleError, RuleOverride, catalogue, load_rule, read_profile, rule_set
from tests.conftest import AS_OF, CITY, NATIONAL, ROOT

ALL_RULES = catalogue()


def _rule_file(write, body: str) -> Path:
    base = """
    id: KPI-099
    name: test-rule
    family: coverage
    severity: warning
    target: {type: measure}
    check: {kind: link_count, params: {rel: measures, direction: in, min: 1}}
    title: {ja: テスト, en: test}
    message: {ja: "「{title}」", en: "'{title}'"}
    rationale: {ja: 理由, en: why}
    basis: 根拠
    """
    import textwrap

    text = textwrap.dedent(base)
    for line in textwrap.dedent(body).strip().splitlines():
        key = line.split(":")[0]
        text = "\n".join(l for l in text.splitlines() if not l.startswith(key + ":")) + "\n" + line + "\n"
    return write("rule.yaml", text)


def test_catalogue_meta() -> None:
    assert len(ALL_RULES) >= 30
    families = {r.family for r in ALL_RULES}
    assert families == {"law", "mapping", "coverage", "counts", "continuity", "population", "verification",
                        "grants", "focus", "calendar", "structure"}
    for rule in ALL_RULES:
        assert rule.message.ja and rule.message.en and rule.rationale.ja and rule.rationale.en and rule.basis
        assert rule.basis_verified or rule.severity != "error"


@pytest.mark.parametrize("body, fragment", [
    ("check: {kind: no_such_kind}", "unknown check kind"),
    ("check: {kind: link_count, params: {rel: measures, minimum: 1}}", "minimum"),
    ('message: {ja: "{titel}", en: "x"}', "unknown placeholder"),
    ("family: law", "does not match id prefix"),
    ("basis_verified: false\nseverity: error", "unverified"),
])
def test_bad_rule_files_fail_at_load_with_location(write, body: str, fragment: str) -> None:
    with pytest.raises(RuleError) as info:
        load_rule(_rule_file(write, body))
    assert fragment in str(info.value) and "rule.yaml" in str(info.value)


def test_profile_overrides_and_errors() -> None:
    rules = rule_set(Profile(rules={"KPI-001": RuleOverride(severity="error"), "FOCUS-002": False,
                                    "KPI-009": RuleOverride(params={"min_share": 0.9})}))
    by_id = {r.id: r for r in rules}
    assert by_id["KPI-001"].severity == "error" and "FOCUS-002" not in by_id
    assert by_id["KPI-009"].params.min_share == 0.9
    with pytest.raises(RuleError, match="unknown rule"):
        rule_set(Profile(rules={"KPI-999": False}))
    with pytest.raises(RuleError, match="min_shar"):
        rule_set(Profile(rules={"KPI-009": RuleOverride(params={"min_shar": 0.9})}))
    with pytest.raises(RuleError, match="matches no rule"):
        rule_set(select=["NOPE"])
    assert {r.id[:3] for r in rule_set(select=["PER"])} == {"PER"}


def test_profile_file_extends_bundled(write) -> None:
    path = write("plancheck.yaml", "extends: strict\nrules:\n  LAW-008: false\n")
    profile = read_profile(path).profile
    assert profile.fail_on == "warning" and profile.rules == {"LAW-008": False}


def _plans(write, tmp_path: Path, city: str = CITY):
    write("nat.yaml", NATIONAL)
    write("city.yaml", city)
    return load_documents([tmp_path], include_reference=False).documents


def test_waivers_mark_expire_and_go_unused(write, tmp_path: Path) -> None:
    waivers = """
waivers:
  - {rule: KPI-001, target: G2-M1, reason: 新設施策のため次年度に設定, approved_by: 企画課, until: R9}
  - {rule: GOAL-001, target: G2, reason: 検討中, approved_by: 企画課, until: R3}
  - {rule: LAW-001, target: city/strategy, reason: 不要, approved_by: 企画課}
"""
    g = build_graph(_plans(write, tmp_path, CITY + waivers))
    found = evaluate(g, ALL_RULES, AS_OF)
    kpi = next(v for v in found if v.rule == "KPI-001")
    assert kpi.subject == "city/strategy#G2-M1" and kpi.waived and kpi.waived.reason.startswith("新設")
    goal = next(v for v in found if v.rule == "GOAL-001")
    assert goal.waived is None  # expired at the end of R3年度
    policy = sorted((v.rule, v.related) for v in found if v.family == "policy")
    assert policy == [("WAIVER-001", ("city/strategy#G2",)), ("WAIVER-002", ("city/strategy",))]
    report = Report(tuple(found))
    assert report.exit_code("warning") == 1 and kpi not in report.active


def _report(docs, rules=ALL_RULES) -> tuple[tuple, ...]:
    found = evaluate(build_graph(docs), rules, AS_OF)
    return tuple(sorted((v.rule, v.subject, v.related, v.line, v.message["en"]) for v in found))


def test_bundled_report_is_independent_of_load_order() -> None:
    docs = list(load_documents([ROOT / "plans"]).documents)
    expected = _report(docs)
    for seed in range(3):
        random.Random(seed).shuffle(docs)
        assert _report(docs) == expected


@given(st.sets(st.sampled_from([r.id for r in ALL_RULES]), max_size=10))
def test_disabling_rules_removes_only_their_violations(disabled: set[str]) -> None:
    docs = _BUNDLED
    full = _report(docs)
    rules = [r for r in ALL_RULES if r.id not in disabled]
    assert _report(docs, rules) == tuple(v for v in full if v[0] not in disabled)


_BUNDLED = list(load_documents([ROOT / "plans"]).documents)


@given(st.sampled_from(["G1", "G2"]))
def test_adding_the_missing_link_removes_exactly_that_violation(tmp_path_factory, goal: str) -> None:
    """Remove a goal's numerical target → GOAL-001 on that goal only; add it back → gone."""
    tmp = tmp_path_factory.mktemp("link")
    (tmp / "nat.yaml").write_text(NATIONAL.lstrip(), encoding="utf-8")
    target = "      - {id: GX-T1, title: 指標, unit: 人, baseline: {year: R1年度, value: 1}, target: {year: R6年度, value: 2}, source: 統計}\n"
    city = CITY.lstrip()
    with_targets = city.replace("    considers: [nat/strategy#地方への新しいひとの流れをつくる]\n",
                                "    considers: [nat/strategy#地方への新しいひとの流れをつくる]\n    targets:\n" + target.replace("GX", "G2"))
    (tmp / "city.yaml").write_text(with_targets, encoding="utf-8")
    complete = _report(load_documents([tmp], include_reference=False).documents)
    assert not any(v[0] == "GOAL-001" for v in complete)
    lines = with_targets.splitlines(keepends=True)
    start = next(i for i, l in enumerate(lines) if l.startswith(f"  - id: {goal}"))
    t = next(i for i in range(start, len(lines)) if lines[i].strip() == "targets:")
    broken = "".join(lines[:t] + lines[t + 2:])
    (tmp / "city.yaml").write_text(broken, encoding="utf-8")
    missing = _report(load_documents([tmp], include_reference=False).documents)
    identity = lambda report: {(v[0], v[1], v[2]) for v in report}  # lines move when lines are removed
    assert identity(missing) - identity(complete) == {("GOAL-001", f"city/strategy#{goal}", ())}
    assert identity(complete) <= identity(missing)


def test_json_report_round_trips() -> None:
    report = api.check([ROOT / "plans"], as_of=AS_OF)
    import json

    again = Report.from_dict(json.loads(json.dumps(report.to_dict())))
    assert again == report
    assert all(isinstance(v, Violation) for v in again.violations)


def test_every_check_kind_is_documented() -> None:
    from checker.checks import REGISTRY

    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in text for name in REGISTRY)
    used = {r.kind for r in ALL_RULES}
    assert used == set(REGISTRY), f"kinds no rule uses: {set(REGISTRY) - used}"
