"""`plancheck explain RULE`: a rule's documentation from its file and its golden cases."""

from __future__ import annotations

from pathlib import Path

import yaml

from checker import resources
from checker.i18n import t
from checker.rules import builtin_codes, catalogue


def cases_dir() -> Path:
    return resources.rules_dir() / "cases"


def explain_rule(rule_id: str, lang: str = "ja") -> str | None:
    """A rule, or a built-in code (INPUT-00x from the loader, WAIVER-00x from the engine's waivers),
    explained; None for an id that is neither."""
    rule = next((r for r in catalogue() if r.id == rule_id), None) or builtin_codes().get(rule_id)
    if rule is None:
        return None
    target = rule.target.model_dump(exclude_defaults=True) if rule.target else t("explain.graph_target", lang)
    how = [  # what a check evaluates; a built-in code is produced by the loader or the waiver policy
        f"{t('explain.target', lang)}: {target}",
        f"{t('explain.parameters', lang)}:",
        *("  " + line for line in yaml.safe_dump(rule.params.model_dump(exclude_defaults=False), allow_unicode=True,
                                                 sort_keys=False).splitlines()),
    ] if not rule.builtin else []
    lines = [
        f"{rule.id}  {rule.name}",
        f"  {getattr(rule.title, lang)}",
        "",
        f"{t('explain.severity', lang)}: {rule.severity}    {t('explain.family', lang)}: {rule.family}"
        f"    {t('explain.kind', lang)}: {rule.kind}",
        "",
        f"{t('explain.rationale', lang)}:",
        f"  {getattr(rule.rationale, lang)}",
        "",
        f"{t('explain.basis', lang)}{'' if rule.basis_verified else t('explain.unverified', lang)}:",
        *(f"  - {b}" for b in rule.basis),
        "",
        *how,
        f"  ({t('explain.defined_in', lang)} {rule.file})",
    ]
    folder = cases_dir() / rule.id
    for name, heading in (("pass.yaml", "explain.pass_example"), ("fail.yaml", "explain.fail_example")):
        path = folder / name
        if path.is_file():
            lines += ["", f"--- {t(heading, lang)} ({path.relative_to(resources.data_root()).as_posix()})",
                      path.read_text(encoding="utf-8").rstrip()]
    return "\n".join(lines) + "\n"
