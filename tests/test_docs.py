"""The documentation keeps up with the code: every rule is in docs/rules.md's catalogue with its
severity, and the README's rule count and documentation index are current."""

from __future__ import annotations

import re

from checker.rules import builtin_codes, catalogue
from tests.conftest import ROOT

RULES = catalogue()


def _catalogue_rows() -> dict[str, str]:
    """rule id → severity, from the table under "The catalogue" in docs/rules.md."""
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    section = text.split("## The catalogue", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r'^\| <a id="([a-z]+-\d{3})"></a>`([A-Z]+-\d{3})` \| (\w+) \|', section, re.M)
    assert all(anchor == rule.lower() for anchor, rule, _ in rows)  # SARIF's helpUri points at #per-002
    return {rule: severity for _, rule, severity in rows}


def test_every_rule_is_in_the_catalogue_with_its_severity() -> None:
    rows = {code: severity for code, severity in _catalogue_rows().items() if code not in builtin_codes()}
    assert len(rows) == len(RULES) > 0
    missing = sorted({r.id for r in RULES} - set(rows))
    assert not missing, f"rules missing from docs/rules.md (The catalogue): {missing}"
    assert not sorted(set(rows) - {r.id for r in RULES}), "docs/rules.md lists rules that do not exist"
    wrong = {r.id: (rows[r.id], r.severity) for r in RULES if rows[r.id] != r.severity}
    assert not wrong, f"severity in docs/rules.md differs from the rule file (documented, actual): {wrong}"


def test_built_in_codes_are_catalogued_with_their_anchors() -> None:
    """INPUT-00x and WAIVER-00x (rules/input/, rules/waiver/) occur in reports (and SARIF links them)
    like rules: the "Built-in codes" table has a row for each file and none other, with its anchor,
    severity and Japanese title as the file says."""
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    section = text.split("### Built-in codes", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r'^\| <a id="([a-z]+-\d{3})"></a>`([A-Z]+-\d{3})` \| (\w+) \| (.+?) / ', section, re.M)
    codes = builtin_codes()
    assert len(codes) == 7 and {c.split("-")[0] for c in codes} == {"INPUT", "WAIVER"}
    assert sorted(code for _, code, _, _ in rows) == sorted(codes), "docs/rules.md (Built-in codes) and rules/input, rules/waiver differ"
    for anchor, code, severity, title in rows:
        assert anchor == code.lower()
        assert (severity, title.strip()) == (codes[code].severity, codes[code].title.ja), code


def test_readme_counts_the_rules_and_indexes_the_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (count,) = re.findall(r"the rule catalogue \((\d+) rules\)", readme)
    assert int(count) == len(RULES)
    for page in ("plan-format", "rules", "reference-data", "security", "review"):
        assert f"(docs/{page}.md)" in readme and (ROOT / "docs" / f"{page}.md").is_file(), page
