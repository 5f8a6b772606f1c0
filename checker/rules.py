"""Rule files → validated rules; profiles → the rule set in force.

A rule file is data (design.md §4): id, name, family, severity, target, check kind and
parameters, ja/en title, message and rationale, basis. Everything is validated when the rule
loads — an unknown check kind, parameter or message placeholder is a RuleError naming the file
and line, before any plan is read."""

from __future__ import annotations

import string
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, Callable, Iterable, Literal

from pydantic import Field, ValidationError, field_validator

from checker import graph_vocabulary, resources
from checker.checks import REGISTRY, Params, Selector
from checker.load.yamlsource import key_path
from checker.model import ListPart
from checker.profile import (  # noqa: F401  (Config and the profile's names: re-exported, where callers found them)
    Config, FailOn, Origins, Profile, ProfileError, RuleError, RuleOverride, _read, _Strict, _validation_error,
    read_profile)
from checker.report import RuleInfo, Severity

# The id prefix says the family (style.md: stable codes grouped by family, severity never in the id).
FAMILIES: dict[str, str] = {
    "LAW": "law", "MAP": "mapping", "GOAL": "coverage", "KPI": "coverage", "PRJ": "coverage",
    "CNT": "counts", "PER": "continuity", "POP": "population", "PDCA": "verification",
    "GRANT": "grants", "FOCUS": "focus", "DATE": "calendar", "REF": "structure",
}
BUILTIN_FAMILIES: dict[str, str] = {"INPUT": "input", "WAIVER": "policy"}  # of the built-in codes (PRODUCED)
# Codes no check function produces, by who does (`check: {kind: loader}` in their rule files):
# the loader's input errors (INPUT-*, rules/input/), the engine's waiver policy (WAIVER-*,
# rules/waiver/). Their files are rules like the others — title, message, severity, rationale,
# basis, golden cases — but they are never evaluated and no profile selects them (catalogue()
# leaves them out, builtin_codes() lists them); the value is the placeholders their messages
# may use, which their producer fills.
PRODUCED: dict[str, frozenset[str]] = {
    "loader": frozenset({"message", "hint"}),  # the loader's located message; " — " and its hint, or ""
    "waivers": frozenset({"rule", "target", "until"}),
}
# Placeholders every message may use besides its check kind's own.
SUBJECT_FIELDS = frozenset({"subject", "local", "title", "type", "doc", "doc_title"})


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


class ProducedCall(_Strict):
    kind: Literal["loader", "waivers"]


class BuiltinFile(RuleFile):
    """The rule file of a built-in code (PRODUCED): no target, no parameters; the name as reports
    have always given it, once made from the English title (YAML-syntax-error, table-(CSV/Excel)-error)."""

    name: str = Field(pattern=r"^[A-Za-z0-9()/]+(-[A-Za-z0-9()/]+)*$")
    target: None = None
    check: ProducedCall  # type: ignore[assignment]


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

    @property
    def builtin(self) -> bool:
        """A built-in code (INPUT-*, WAIVER-*): produced by the loader or the engine, not by a check."""
        return self.kind in PRODUCED

    def info(self) -> RuleInfo:
        from checker.graph import DOCUMENT_KINDS_OF

        types = self.target.type if self.target and "*" not in self.target.type else []
        kinds = tuple(sorted({k for t in types for k in DOCUMENT_KINDS_OF.get(t, ())}))
        return RuleInfo(self.id, self.name, self.family, self.severity, self.title.model_dump(),
                        self.rationale.model_dump(), self.basis, self.basis_verified, kinds)


def _placeholders(template: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template) if name}


def load_rule(file: Path) -> Rule:
    data, lines, shown = _read(file)
    produced = isinstance(data, dict) and isinstance(data.get("check"), dict) and data["check"].get("kind") in PRODUCED
    try:
        spec = (BuiltinFile if produced else RuleFile).model_validate(data)
    except ValidationError as exc:
        raise _validation_error(exc, lines, shown) from None
    prefix = spec.id.split("-")[0]
    family = (BUILTIN_FAMILIES if produced else FAMILIES).get(prefix)
    if family != spec.family:
        raise RuleError(shown, lines.get(("family",)),
                        f"family {spec.family!r} does not match id prefix {prefix} (expected {family!r})")
    if not spec.basis_verified and spec.severity == "error":
        raise RuleError(shown, lines.get(("severity",)),
                        "a rule whose basis is unverified may be 'warning' at most (domain.md)")
    if produced:
        return _builtin(spec, shown, lines)
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


def _builtin(spec: RuleFile, shown: str, lines: dict[Any, int]) -> Rule:
    """The Rule of a built-in code's file: its messages may use what its producer fills."""
    allowed = PRODUCED[spec.check.kind]
    for lang in ("ja", "en"):
        unknown = _placeholders(getattr(spec.message, lang)) - allowed
        if unknown:
            raise RuleError(shown, lines.get(("message", lang)),
                            f"message.{lang} uses unknown placeholder(s) {sorted(unknown)}; available: {sorted(allowed)}")
    return Rule(spec.id, spec.name, spec.family, spec.severity, None, spec.check.kind, Params(), spec.title,
                spec.message, spec.rationale, tuple(spec.basis), spec.basis_verified, shown)


def vocabulary_problems(target: Selector | None, params: Params, shown: str, lines: dict[Any, int] | None = None,
                        prefix: str = "") -> None:
    """The node types, relations and attributes a rule names exist in the graph (checker.
    graph_vocabulary): a misspelt one is a RuleError at its line, with a suggestion."""
    first = _vocabulary_problem(target, params)
    if first is not None:
        probe, line = first.loc, None
        while probe and line is None and lines is not None:
            line = lines.get(probe)
            probe = probe[:-1]
        raise RuleError(shown, line, f"{prefix}{key_path(first.loc)}: {first.message}")


def _vocabulary_problem(target: Selector | None, params: Params) -> graph_vocabulary.Problem | None:
    """The first word of a rule's target or parameters the graph does not have (loc: its key path
    in a rule file, ("check", "params", …))."""
    problems = list(graph_vocabulary.check_selector(target, ("target",))) if target is not None else []
    subject = graph_vocabulary.selected_types(target) if target is not None else None
    problems += graph_vocabulary.check_params(params, subject, ("check", "params"))
    return problems[0] if problems else None


@cache
def _rule_pack(rules_dir: Path) -> tuple[Rule, ...]:
    rules = [load_rule(f) for f in sorted(rules_dir.rglob("*.yaml")) if not {"profiles", "cases"} & set(f.relative_to(rules_dir).parts)]
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            raise RuleError(rule.file, None, f"rule id {rule.id} is also used by {seen[rule.id]}")
        seen[rule.id] = rule.file
    return tuple(sorted(rules, key=lambda r: r.id))


def catalogue(rules_dir: Path | None = None) -> tuple[Rule, ...]:
    """Every rule of a rule pack folder that a check evaluates (default: the bundled rules/)."""
    return tuple(r for r in _rule_pack((rules_dir or resources.rules_dir()).resolve()) if not r.builtin)


def builtin_codes(rules_dir: Path | None = None) -> dict[str, Rule]:
    """The built-in codes (PRODUCED: INPUT-* by the loader, WAIVER-* by the engine) by id, from
    their rule files (default: the bundled rules/input/ and rules/waiver/)."""
    return {r.id: r for r in _rule_pack((rules_dir or resources.rules_dir()).resolve()) if r.builtin}


def _selected(rule_id: str, patterns: Iterable[str]) -> bool:
    return any(rule_id == p or rule_id.startswith(p.rstrip("-*") + "-") for p in patterns)


def _located(origins: Origins, path: tuple[Any, ...], default: str) -> tuple[str, int | None]:
    """The file and line of a profile entry, or of the nearest entry around it."""
    probe = path
    while probe and probe not in origins:
        probe = probe[:-1]
    return origins.get(probe, (default, None))


def rule_set(profile: Profile | None = None, *, select: Iterable[str] = (), ignore: Iterable[str] = (),
             rules_dir: Path | None = None, profile_file: str = "profile", origins: Origins | None = None) -> tuple[Rule, ...]:
    """The rules in force: the catalogue with the profile's switches, severities and parameters,
    then the command line's --select/--ignore. Unknown ids and parameters are ProfileErrors, at
    the file and line `origins` (read_profile) give for the entry."""
    profile = profile or Profile()
    rules = {r.id: r for r in catalogue(rules_dir)}

    def fail(path: tuple[Any, ...], message: str) -> ProfileError:
        return ProfileError(*_located(origins or {}, path, profile_file), message)

    written = [*(("select", p) for p in profile.select), *(("ignore", p) for p in profile.ignore)]
    for where, pattern in [*written, *(((), p) for p in [*select, *ignore])]:
        if not any(_selected(rid, [pattern]) for rid in rules):
            raise fail((where, pattern) if where else (), f"{pattern!r} matches no rule")
    select, ignore = [*profile.select, *select], [*profile.ignore, *ignore]
    for rid in profile.rules:
        if rid not in rules:
            raise fail(("rules", rid), f"unknown rule {rid!r} in profile")
    result = []
    for rid, rule in rules.items():
        override = profile.rules.get(rid, True)
        if override is False or (isinstance(override, RuleOverride) and not override.enabled):
            continue
        if isinstance(override, RuleOverride):
            rule = _overridden(rule, override, fail)
        if (select and not _selected(rid, select)) or _selected(rid, ignore):
            continue
        result.append(rule)
    return tuple(result)


def _overridden(rule: Rule, override: RuleOverride, fail: Callable[[tuple[Any, ...], str], ProfileError]) -> Rule:
    """A rule with a profile's severity and parameters (checked as the rule file's are)."""
    try:
        params = REGISTRY[rule.kind].params.model_validate({**rule.params.model_dump(exclude_unset=True),
                                                            **override.params})
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        raise fail(("rules", rule.id, "params", *err["loc"]),
                   f"{rule.id}: params.{key_path(tuple(err['loc']))}: {err['msg']}") from None
    problem = _vocabulary_problem(rule.target, params) if override.params else None
    if problem is not None:
        raise fail(("rules", rule.id, *problem.loc[1:]), f"{rule.id}: {key_path(problem.loc)}: {problem.message}")
    return replace(rule, severity=override.severity or rule.severity, params=params)
