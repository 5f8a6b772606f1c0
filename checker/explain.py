"""`plancheck explain RULE`: a rule's documentation from its file and its golden cases."""

from __future__ import annotations

from pathlib import Path

import yaml

from checker import resources
from checker.rules import catalogue


def cases_dir() -> Path:
    return resources.rules_dir() / "cases"


def explain_rule(rule_id: str, lang: str = "ja") -> str | None:
    rule = next((r for r in catalogue() if r.id == rule_id), None)
    if rule is None:
        return None
    ja = lang == "ja"
    lines = [
        f"{rule.id}  {rule.name}",
        f"  {getattr(rule.title, lang)}",
        "",
        f"{'重大度' if ja else 'severity'}: {rule.severity}    {'分類' if ja else 'family'}: {rule.family}"
        f"    {'検査の種類' if ja else 'check kind'}: {rule.kind}",
        "",
        f"{'理由' if ja else 'rationale'}:",
        f"  {getattr(rule.rationale, lang)}",
        "",
        f"{'根拠' if ja else 'basis'}{'' if rule.basis_verified else (' (未確認)' if ja else ' (unverified)')}:",
        *(f"  - {b}" for b in rule.basis),
        "",
        f"{'対象' if ja else 'target'}: {rule.target.model_dump(exclude_defaults=True) if rule.target else '(graph)'}",
        f"{'パラメータ' if ja else 'parameters'}:",
        *("  " + line for line in yaml.safe_dump(rule.params.model_dump(exclude_defaults=False), allow_unicode=True,
                                                 sort_keys=False).splitlines()),
        f"  ({'定義' if ja else 'defined in'} {rule.file})",
    ]
    folder = cases_dir() / rule.id
    for name, heading in (("pass.yaml", ("合格する例", "passing example")), ("fail.yaml", ("違反となる例", "failing example"))):
        path = folder / name
        if path.is_file():
            lines += ["", f"--- {heading[0] if ja else heading[1]} ({path.relative_to(resources.data_root()).as_posix()})",
                      path.read_text(encoding="utf-8").rstrip()]
    return "\n".join(lines) + "\n"
