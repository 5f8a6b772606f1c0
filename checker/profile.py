"""Profiles (plancheck.yaml, --config FILE, the bundled default) → the configuration in force.

Apart from the rules (checker.rules), which a Config loads when first asked for them: reading a
profile imports no check, graph or model, so a check whose report is cached (checker.api) reads
its configuration without loading the checker."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from checker import i18n, resources
from checker.errors import PlancheckError
from checker.load.errors import PlanInputError
from checker.load.files import FileRefused, read_limited
from checker.load.limits import DEFAULT_LIMITS, Limits
from checker.load.paths import display_path
from checker.load.yamlsource import key_path, parse_yaml
from checker.report import Severity

if TYPE_CHECKING:
    from checker.rules import Rule


class RuleError(PlancheckError):
    """A rule or profile file that cannot be used (exit code 2): file:line: message (English)."""

    heading = i18n.bilingual("config.heading") + ": "

    def __init__(self, file: str, line: int | None, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}" if line else f"{file}: {message}")
        self.file, self.line, self.message = file, line, message


class ProfileError(RuleError):
    """A profile (plancheck.yaml, --config, a profile it extends) that cannot be used, located at
    the line of the entry that is wrong."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _read(file: Path, error: type[RuleError] = RuleError) -> tuple[Any, dict[Any, int], str]:
    """A rule or profile file through the same limits as plan files: a regular file of bounded
    size, YAML without object tags and with bounded aliases and depth."""
    shown = display_path(file)
    try:
        data, lines = parse_yaml(read_limited(file, DEFAULT_LIMITS.file_bytes).decode("utf-8-sig"), shown)
    except PlanInputError as exc:
        err = exc.errors[0]
        raise error(shown, err.line, err.message_en) from None
    except FileRefused as exc:
        raise error(shown, None, exc.reason_en) from None
    except UnicodeDecodeError:
        raise error(shown, None, "cannot read: not UTF-8 text") from None
    return data, lines, shown


def _validation_error(exc: ValidationError, lines: dict[Any, int], shown: str, prefix: tuple[Any, ...] = (),
                      error: type[RuleError] = RuleError) -> RuleError:
    err = exc.errors(include_url=False)[0]
    loc = prefix + tuple(err["loc"])
    line = None
    probe = loc
    while probe and line is None:
        line = lines.get(probe)
        probe = probe[:-1]
    return error(shown, line, f"{key_path(loc) or 'rule'}: {err['msg']}")


class RuleOverride(_Strict):
    enabled: bool = True
    severity: Severity | None = None
    params: dict[str, Any] = {}


FailOn = Literal["error", "warning", "info", "never"]


class Profile(_Strict):
    extends: str | None = None
    rules: dict[str, RuleOverride | bool] = {}
    select: list[str] = []
    ignore: list[str] = []
    fail_on: FailOn | None = None
    limits: Limits = DEFAULT_LIMITS


# Where each entry of a profile was written, for its errors: ("rules", RULE, …key path) and
# ("select" | "ignore", PATTERN) → (file as shown, line). A profile that extends another holds the
# entries of both, each from its own file.
Origins = dict[tuple[Any, ...], tuple[str, int | None]]


@dataclass(frozen=True)
class Config:
    """The configuration in force: a profile (plancheck.yaml, --config FILE, or the bundled
    default) and the command line's choices on top of it. `rules`, `limits` and `fail_on_level`
    are what a check, a diagram, a baseline and a diff use; an unusable entry of the profile is a
    ProfileError at its file and line (when the rules are first asked for; api.configure asks)."""

    profile: Profile = Profile()
    file: str = "profile"  # the profile file as shown in messages
    select: tuple[str, ...] = ()  # --select: only these rules (ids or prefixes), after the profile's
    ignore: tuple[str, ...] = ()  # --ignore
    fail_on: FailOn | None = None  # --fail-on; None: the profile's, else error
    origins: Origins = field(default_factory=dict, compare=False, repr=False)

    @property
    def limits(self) -> Limits:
        return self.profile.limits

    @property
    def fail_on_level(self) -> FailOn:
        """The lowest severity that fails a run: --fail-on, else the profile's, else error."""
        return self.fail_on or self.profile.fail_on or "error"

    @cached_property
    def rules(self) -> tuple[Rule, ...]:
        """The rules in force (rule_set): the catalogue, the profile, then --select/--ignore."""
        from checker.rules import rule_set

        return rule_set(self.profile, select=self.select, ignore=self.ignore, profile_file=self.file,
                        origins=self.origins)


MAX_EXTENDS = 8  # profiles extending profiles: deeper than this is a mistake (or a loop)


def read_profile(file: Path | None, _chain: tuple[str, ...] = ()) -> Config:
    """A profile file (None: the bundled default), following `extends:` (a bundled profile name
    or a path), as the Config it makes without command-line choices."""
    if file is None:
        file = resources.rules_dir() / "profiles" / "default.yaml"
    data, lines, shown = _read(file, ProfileError)
    real = os.path.realpath(file)
    if real in _chain or len(_chain) >= MAX_EXTENDS:
        raise ProfileError(shown, lines.get(("extends",)),
                           "profiles extend each other in a loop" if real in _chain else
                           f"more than {MAX_EXTENDS} profiles extend each other")
    try:
        profile = Profile.model_validate(data or {})
    except ValidationError as exc:
        raise _validation_error(exc, lines, shown, error=ProfileError) from None
    own = Config(profile, shown, origins=_origins(profile, lines, shown))
    if not profile.extends:
        return own
    base_file = resources.rules_dir() / "profiles" / f"{profile.extends}.yaml"
    if not base_file.exists():
        base_file = (file.parent / profile.extends)
    if not base_file.exists():
        raise ProfileError(shown, lines.get(("extends",)), f"profile {profile.extends!r} not found")
    return _extend(read_profile(base_file, (*_chain, real)), own)


def _origins(profile: Profile, lines: dict[Any, int], shown: str) -> Origins:
    """Where the entries of one profile file are written."""
    origins: Origins = {path: (shown, line) for path, line in lines.items() if path[:1] == ("rules",) and len(path) > 1}
    for part in ("select", "ignore"):
        origins.update({(part, pattern): (shown, lines.get((part, i))) for i, pattern in enumerate(getattr(profile, part))})
    return origins


def _extend(base: Config, own: Config) -> Config:
    """A profile on top of the one it extends: its rules replace the base's one by one, its
    select the base's, its ignore adds to the base's; each entry keeps the file it came from."""
    profile = own.profile
    inherited = {path: where for path, where in base.origins.items()
                 if not (path[0] == "rules" and path[1] in profile.rules) and not (path[0] == "select" and profile.select)}
    merged = Profile(
        rules={**base.profile.rules, **profile.rules},
        select=profile.select or base.profile.select,
        ignore=[*base.profile.ignore, *profile.ignore],
        fail_on=profile.fail_on or base.profile.fail_on,
        limits=profile.limits if "limits" in profile.model_fields_set else base.profile.limits,
    )
    return Config(merged, own.file, origins={**inherited, **own.origins})
