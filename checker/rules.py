"""Rule files → validated rules; profiles → the rule set in force.

A rule file is data (design.md §4): id, name, family, severity, target, check kind and
parameters, ja/en title, message and rationale, basis. Everything is validated when the rule
loads — an unknown check kind, parameter or message placeholder is a RuleError naming the file
and line, before any plan is read."""

from __future__ import annotations

import os
import string
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from checker import graph_vocabulary, resources
from checker.checks import REGISTRY, Params, Selector
from checker.load.documents import display_path
from checker.load.errors import PlanInputError
from checker.load.files import FileRefused, read_limited
from checker.load.limits import DEFAULT_LIMITS, Limits
from checker.load.yamlsource import key_path, parse_yaml
from checker.model import ListPart
from checker.report import RuleInfo, Severity

# The id prefix says the family (style.md: stable codes grouped by family, severity never in the id).
FAMILIES: dict[str, str] = {
    "LAW": "law", "MAP": "mapping", "GOAL": "coverage", "KPI": "coverage", "PRJ": "coverage",
    "CNT": "counts", "PER": "continuity", "POP": "population", "PDCA": "verification",
    "GRANT": "grants", "FOCUS": "focus", "DATE": "calendar", "REF": "structure",
}
# Placeholders every message may use besides its check kind's own.
SUBJECT_FIELDS = frozenset({"subject", "local", "title", "type", "doc", "doc_title"})


class RuleError(Exception):
    """A rule or profile file that cannot be used (exit code 2)."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}" if line else f"{file}: {message}")
        self.file, self.line, self.message = file, line, message


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    ja: str
    en: str


class CheckCall(_Strict):
    kind: str
    params: dict[str, Any] = {}


class RuleFile(_Strict):
    id: str = Field(pattern=r"^[A-Z]+-\d{3}$")
    name: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    family: str
    severity: Severity
    target: Selector | None = None
    check: CheckCall
    title: Text
    message: Text
    rationale: Text
    basis: list[str]
    basis_verified: bool = True
    # Lists of the subject's document that must be complete for the rule to say something is
    # missing (a strategy transcribed from an excerpt: `lists: {excerpt: [kpis]}`); else "not checked".
    requires: list[ListPart] = []
    note: str | None = None

    @field_validator("basis", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    family: str
    severity: Severity
    target: Selector | None
    kind: str
    params: Params
    title: Text
    message: Text
    rationale: Text
    basis: tuple[str, ...]
    basis_verified: bool
    file: str
    requires: tuple[str, ...] = ()

    def info(self) -> RuleInfo:
        from checker.graph import DOCUMENT_KINDS_OF

        types = self.target.type if self.target and "*" not in self.target.type else []
        kinds = tuple(sorted({k for t in types for k in DOCUMENT_KINDS_OF.get(t, ())}))
        return RuleInfo(self.id, self.name, self.family, self.severity, self.title.model_dump(),
                        self.rationale.model_dump(), self.basis, self.basis_verified, kinds)


def _placeholders(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def _read(file: Path) -> tuple[Any, dict[Any, int], str]:
    """A rule or profile file through the same limits as plan files: a regular file of bounded
    size, YAML without object tags and with bounded aliases and depth."""
    shown = display_path(file)
    try:
        data, lines = parse_yaml(read_limited(file, DEFAULT_LIMITS.file_bytes).decode("utf-8-sig"), shown)
    except PlanInputError as exc:
        err = exc.errors[0]
        raise RuleError(shown, err.line, err.message_en) from None
    except FileRefused as exc:
        raise RuleError(shown, None, exc.reason_en) from None
    except UnicodeDecodeError:
        raise RuleError(shown, None, "cannot read: not UTF-8 text") from None
    return data, lines, shown


def _validation_error(exc: ValidationError, lines: dict[Any, int], shown: str, prefix: tuple[Any, ...] = ()) -> RuleError:
    err = exc.errors(include_url=False)[0]
    loc = prefix + tuple(err["loc"])
    line = None
    probe = loc
    while probe and line is None:
        line = lines.get(probe)
        probe = probe[:-1]
    return RuleError(shown, line, f"{key_path(loc) or 'rule'}: {err['msg']}")


def load_rule(file: Path) -> Rule:
    data, lines, shown = _read(file)
    try:
        spec = RuleFile.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(exc, lines, shown) from None
    prefix = spec.id.split("-")[0]
    if FAMILIES.get(prefix) != spec.family:
        raise RuleError(shown, lines.get(("family",)),
                        f"family {spec.family!r} does not match id prefix {prefix} (expected {FAMILIES.get(prefix)!r})")
    if not spec.basis_verified and spec.severity == "error":
        raise RuleError(shown, lines.get(("severity",)),
                        "a rule whose basis is unverified may be 'warning' at most (domain.md)")
    kind = REGISTRY.get(spec.check.kind)
    if kind is None:
        raise RuleError(shown, lines.get(("check", "kind")),
                        f"unknown check kind {spec.check.kind!r}; known: {', '.join(sorted(REGISTRY))}")
    if kind.node_check is not None and spec.target is None:
        raise RuleError(shown, lines.get(("check",)), f"check kind {kind.name} needs a target")
    try:
        params = kind.params.model_validate(spec.check.params)
    except ValidationError as exc:
        raise _validation_error(exc, lines, shown, ("check", "params")) from None
    vocabulary_problems(spec.target, params, shown, lines)
    allowed = kind.produces | SUBJECT_FIELDS
    for lang in ("ja", "en"):
        unknown = _placeholders(getattr(spec.message, lang)) - allowed
        if unknown:
            raise RuleError(shown, lines.get(("message", lang)),
                            f"message.{lang} uses unknown placeholder(s) {sorted(unknown)}; available: {sorted(allowed)}")
    return Rule(spec.id, spec.name, spec.family, spec.severity, spec.target, kind.name, params, spec.title,
                spec.message, spec.rationale, tuple(spec.basis), spec.basis_verified, shown, tuple(spec.requires))


def vocabulary_problems(target: Selector | None, params: Params, shown: str, lines: dict[Any, int] | None = None,
                        prefix: str = "") -> None:
    """The node types, relations and attributes a rule names exist in the graph (checker.
    graph_vocabulary): a misspelt one is a RuleError at its line, with a suggestion."""
    problems = list(graph_vocabulary.check_selector(target, ("target",))) if target is not None else []
    subject = graph_vocabulary.selected_types(target) if target is not None else None
    problems += graph_vocabulary.check_params(params, subject, ("check", "params"))
    if problems:
        first = problems[0]
        probe, line = first.loc, None
        while probe and line is None and lines is not None:
            line = lines.get(probe)
            probe = probe[:-1]
        raise RuleError(shown, line, f"{prefix}{key_path(first.loc)}: {first.message}")


@cache
def _catalogue(rules_dir: Path) -> tuple[Rule, ...]:
    rules = [load_rule(f) for f in sorted(rules_dir.rglob("*.yaml")) if not {"profiles", "cases"} & set(f.relative_to(rules_dir).parts)]
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            raise RuleError(rule.file, None, f"rule id {rule.id} is also used by {seen[rule.id]}")
        seen[rule.id] = rule.file
    return tuple(sorted(rules, key=lambda r: r.id))


def catalogue(rules_dir: Path | None = None) -> tuple[Rule, ...]:
    """Every rule of a rule pack folder (default: the bundled rules/)."""
    return _catalogue((rules_dir or resources.rules_dir()).resolve())


# --- profiles -------------------------------------------------------------------------------------


class RuleOverride(_Strict):
    enabled: bool = True
    severity: Severity | None = None
    params: dict[str, Any] = {}


class Profile(_Strict):
    extends: str | None = None
    rules: dict[str, RuleOverride | bool] = {}
    select: list[str] = []
    ignore: list[str] = []
    fail_on: Literal["error", "warning", "info", "never"] | None = None
    limits: Limits = DEFAULT_LIMITS


def _selected(rule_id: str, patterns: Iterable[str]) -> bool:
    return any(rule_id == p or rule_id.startswith(p.rstrip("-*") + "-") for p in patterns)


MAX_EXTENDS = 8  # profiles extending profiles: deeper than this is a mistake (or a loop)


def load_profile(file: Path | None, _chain: tuple[str, ...] = ()) -> tuple[Profile, str]:
    """A profile file, following `extends:` (a bundled profile name or a path)."""
    if file is None:
        file = resources.rules_dir() / "profiles" / "default.yaml"
    data, lines, shown = _read(file)
    real = os.path.realpath(file)
    if real in _chain or len(_chain) >= MAX_EXTENDS:
        raise RuleError(shown, lines.get(("extends",)),
                        "profiles extend each other in a loop" if real in _chain else
                        f"more than {MAX_EXTENDS} profiles extend each other")
    try:
        profile = Profile.model_validate(data or {})
    except ValidationError as exc:
        raise _validation_error(exc, lines, shown) from None
    if profile.extends:
        base_file = resources.rules_dir() / "profiles" / f"{profile.extends}.yaml"
        if not base_file.exists():
            base_file = (file.parent / profile.extends)
        if not base_file.exists():
            raise RuleError(shown, lines.get(("extends",)), f"profile {profile.extends!r} not found")
        base, _ = load_profile(base_file, (*_chain, real))
        profile = Profile(
            rules={**base.rules, **profile.rules},
            select=profile.select or base.select,
            ignore=[*base.ignore, *profile.ignore],
            fail_on=profile.fail_on or base.fail_on,
            limits=profile.limits if "limits" in profile.model_fields_set else base.limits,
        )
    return profile, shown


def rule_set(profile: Profile | None = None, *, select: Iterable[str] = (), ignore: Iterable[str] = (),
             rules_dir: Path | None = None, profile_file: str = "profile") -> tuple[Rule, ...]:
    """The rules in force: the catalogue with the profile's switches, severities and parameters,
    then the command line's --select/--ignore. Unknown ids and parameters are RuleErrors."""
    profile = profile or Profile()
    rules = {r.id: r for r in catalogue(rules_dir)}
    patterns = [*profile.select, *profile.ignore, *select, *ignore]
    for pattern in patterns:
        if not any(_selected(rid, [pattern]) for rid in rules):
            raise RuleError(profile_file, None, f"{pattern!r} matches no rule")
    result = []
    for rid, override in profile.rules.items():
        if rid not in rules:
            raise RuleError(profile_file, None, f"unknown rule {rid!r} in profile")
    for rid, rule in rules.items():
        override = profile.rules.get(rid, True)
        if override is False or (isinstance(override, RuleOverride) and not override.enabled):
            continue
        if isinstance(override, RuleOverride):
            kind = REGISTRY[rule.kind]
            try:
                params = kind.params.model_validate({**rule.params.model_dump(exclude_unset=True), **override.params})
            except ValidationError as exc:
                err = exc.errors(include_url=False)[0]
                raise RuleError(profile_file, None, f"{rid}: params.{key_path(tuple(err['loc']))}: {err['msg']}") from None
            if override.params:
                vocabulary_problems(rule.target, params, profile_file, prefix=f"{rid}: ")
            rule = replace(rule, severity=override.severity or rule.severity, params=params)
        chosen = [*profile.select, *select]
        if chosen and not _selected(rid, chosen):
            continue
        if _selected(rid, [*profile.ignore, *ignore]):
            continue
        result.append(rule)
    return tuple(result)

