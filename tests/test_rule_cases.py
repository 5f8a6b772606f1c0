"""Golden cases: every rule has rules/cases/<RULE>/pass.yaml (no violation of the rule) and
fail.yaml with expected.yaml (exactly the listed violations: subject, related, line). Adding a
case needs no Python: this runner discovers them. The built-in codes have theirs too: an input
error's (INPUT-00x) failing case is a broken file, and its subject is that file; a waiver code's
(WAIVER-00x) cases are checked with every rule, whose findings the waivers meet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker import api
from checker.rules import builtin_codes, catalogue

CASES = Path(__file__).resolve().parent.parent / "rules" / "cases"
DEFAULT_AS_OF = dt.date(2026, 4, 1)
RULES = {**{r.id: r for r in catalogue()}, **builtin_codes()}


def _expected(rule_id: str) -> dict[str, Any]:
    return yaml.safe_load((CASES / rule_id / "expected.yaml").read_text(encoding="utf-8"))


def _run(rule_id: str, file: Path, as_of: dt.date):
    rule = RULES[rule_id]
    rules = {"loader": [], "waivers": list(catalogue())}.get(rule.kind, [rule])
    report = api.check([file], rules=rules, as_of=as_of, include_reference=False)
    if rule.kind != "loader":
        assert not report.input_errors, [v.message["en"] for v in report.input_errors]
    return [v for v in report.violations if v.rule == rule_id]


def _subject(v) -> str:
    return Path(v.subject).name if v.family == "input" else v.subject  # an input error's subject is its file


def _as_of(expected: dict[str, Any]) -> dt.date:
    value = expected.get("as_of")
    return dt.date.fromisoformat(str(value)) if value else DEFAULT_AS_OF


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_has_cases(rule_id: str) -> None:
    folder = CASES / rule_id
    for name in ("pass.yaml", "fail.yaml", "expected.yaml"):
        assert (folder / name).is_file(), f"{rule_id}: missing {name}"
    expected = _expected(rule_id)
    assert expected["rule"] == rule_id
    assert expected["violations"], f"{rule_id}: the failing case must expect at least one violation"


@pytest.mark.parametrize("rule_id", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_pass_case(rule_id: str) -> None:
    found = _run(rule_id, CASES / rule_id / "pass.yaml", _as_of(_expected(rule_id)))
    assert found == [], [v.message["en"] for v in found]


@pytest.mark.parametrize("rule_id", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_fail_case(rule_id: str) -> None:
    expected = _expected(rule_id)
    found = _run(rule_id, CASES / rule_id / "fail.yaml", _as_of(expected))
    got = sorted((_subject(v), sorted(v.related), v.line) for v in found)
    want = sorted((e["subject"], sorted(e.get("related", [])), e["line"]) for e in expected["violations"])
    assert got == want, "\n".join(v.message["en"] for v in found)
    assert all(v.file.endswith("fail.yaml") for v in found)
