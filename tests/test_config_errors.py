"""Errors and configuration (issue 17, item 8): every error a user can fix is a PlancheckError,
turned into its message and exit code 2 in one place; a profile's errors name the file and line
of the entry; the configuration in force is one Config, which check, diagram and baseline write
honour alike; the baseline and the fail-on verdict are the library's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from checker import api
from checker.workflows.baseline import BaselineError
from checker.diagrams import DiagramError
from checker.errors import PlancheckError
from checker.load.errors import PlanInputError
from checker.output import OutputError
from checker.parallel import WorkerDied
from checker.report import Report, exit_code
from checker.workflows.review import ReviewError
from checker.rules import Config, ProfileError, RuleError, read_profile
from checker.workflows.scaffold import ScaffoldError
from cli import main
from tests.conftest import CITY, NATIONAL

AS_OF = dt.date(2026, 11, 27)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_every_user_facing_error_is_a_plancheck_error() -> None:
    for cls in (RuleError, ProfileError, BaselineError, ReviewError, ScaffoldError, DiagramError, PlanInputError,
                OutputError, WorkerDied, api.NoPlanFiles, api.UnknownRulePattern):
        assert issubclass(cls, PlancheckError), cls
    assert issubclass(DiagramError, ValueError)  # as before, for callers that caught it so
    error = DiagramError("no document 'x' in the plans", "文書「x」は読み込んだ計画にありません")
    assert (error.message, error.message_ja) == ("no document 'x' in the plans", "文書「x」は読み込んだ計画にありません")
    assert str(error) == "文書「x」は読み込んだ計画にありません / no document 'x' in the plans"
    assert str(ScaffoldError("one text")) == "one text" and str(PlancheckError("同じ", "同じ")) == "同じ"


@pytest.mark.parametrize(("profile", "line", "wrong"), [
    ("rules:\n  LAW-008: false\n  KPI-999: false\n", 3, "unknown rule 'KPI-999' in profile"),
    ("select: [KPI]\nignore:\n  - KPI-001\n  - ZZZ\n", 4, "'ZZZ' matches no rule"),
    ("select:\n  - NOPE\n", 2, "'NOPE' matches no rule"),
    ("rules:\n  KPI-009:\n    params:\n      min_shar: 0.9\n", 4, "KPI-009: params.min_shar: Extra inputs"),
    ("rules:\n  KPI-009:\n    severity: error\n    params: {attribute: outcom}\n", 4, "did you mean 'outcome'"),
    ("rules: {}\nfail_on: sometimes\n", 2, "fail_on: Input should be"),
])
def test_profile_errors_name_the_file_and_line(write, profile: str, line: int, wrong: str) -> None:
    path = write("plancheck.yaml", profile)
    with pytest.raises(ProfileError) as caught:
        api.configure(path)
    assert caught.value.line == line and wrong in str(caught.value)
    code, out, err = run("check", "--example", "--config", str(path), "--as-of", "2026-11-27")
    assert code == 2 and out == ""
    assert err.startswith(f"plancheck: 設定エラー / configuration error: {caught.value.file}:{line}: "), err


def test_an_entry_inherited_from_an_extended_profile_is_located_in_its_own_file(write) -> None:
    write("team.yaml", "extends: default\nrules:\n  LAW-008: false\nignore:\n  - DATE-002\n  - NOPE-1\n")
    project = write("plancheck.yaml", "extends: team.yaml\nrules:\n  KPI-009: {severity: error}\n")
    with pytest.raises(ProfileError) as caught:
        api.configure(project)
    assert caught.value.file.endswith("team.yaml") and caught.value.line == 6
    # an entry the extending profile replaces is its own
    write("team.yaml", "extends: default\nrules:\n  KPI-999: false\n")
    write("plancheck.yaml", "extends: team.yaml\nrules:\n  KPI-999: {severity: error}\n")
    with pytest.raises(ProfileError) as caught:
        api.configure(project)
    assert caught.value.file.endswith("plancheck.yaml") and caught.value.line == 3


def test_config_is_the_profile_and_the_command_line(write) -> None:
    path = write("plancheck.yaml", "extends: strict\nignore: [DATE-002]\nlimits: {depth: 20}\n")
    chosen = api.configure(path, select=["kpi", "date"], ignore=["kpi-009"])
    assert isinstance(chosen, Config) and chosen.file.endswith("plancheck.yaml")
    assert chosen.limits.depth == 20 and chosen.fail_on_level == "warning"  # strict's
    assert {r.id.split("-")[0] for r in chosen.rules} == {"KPI", "DATE"}
    assert not {"KPI-009", "DATE-002"} & {r.id for r in chosen.rules}
    assert api.configure(path, fail_on="never").fail_on_level == "never"
    assert Config().fail_on_level == "error" and read_profile(None).profile.fail_on is None
    with pytest.raises(api.UnknownRulePattern, match="--ignore NOPE"):
        api.configure(path, ignore=["nope"])


def _plans(write) -> Path:
    write("nat.yaml", NATIONAL)
    return write("city.yaml", CITY).parent


def test_diagram_and_baseline_write_honour_select_ignore_and_the_profiles_limits(write, tmp_path: Path) -> None:
    plans = _plans(write)
    out = tmp_path / "out"
    out.mkdir()
    code, _, err = run("baseline", "write", str(out / "kpi.yaml"), str(plans), "--no-reference", "--select", "KPI",
                       "--ignore", "KPI-004", "--as-of", "2026-11-27")
    assert code == 0, err
    rules = {e["rule"] for e in yaml.safe_load((out / "kpi.yaml").read_text(encoding="utf-8"))["violations"]}
    assert rules and all(r.startswith("KPI-") for r in rules) and "KPI-004" not in rules
    tiny = write("out/tiny.yaml", "limits: {file_mb: 0.0001}\n")  # every plan file is too large
    code, _, err = run("baseline", "write", str(out / "b.yaml"), str(plans), "--no-reference", "--config", str(tiny))
    assert code == 2 and "入力エラーがあるため基準を書けません / cannot write a baseline while input errors remain" in err
    code, _, err = run("diagram", str(plans), "--no-reference", "--select", "NOPE", "--output", str(out / "d.dot"))
    assert code == 2 and "--select NOPE" in err and not (out / "d.dot").exists()
    code, _, err = run("diagram", str(plans), "--no-reference", "--output", str(out / "all.dot"))
    assert code == 0, err
    everything = (out / "all.dot").read_text(encoding="utf-8")
    assert all(rule in everything for rule in ("GOAL-001", "KPI-001", "PDCA-001"))
    code, _, err = run("diagram", str(plans), "--no-reference", "--select", "GOAL", "--select", "KPI",
                       "--ignore", "KPI-001", "--output", str(out / "d.dot"))
    assert code == 0, err
    drawn = (out / "d.dot").read_text(encoding="utf-8")
    assert "GOAL-001" in drawn and "KPI-001" not in drawn and "PDCA-" not in drawn


def test_check_applies_the_baseline_and_the_verdict_is_the_librarys(write, tmp_path: Path) -> None:
    plans = _plans(write)
    chosen = api.configure(select=["KPI", "GOAL"])
    report = api.check([plans], config=chosen, as_of=AS_OF, include_reference=False)
    assert report.failing and report.exit_code(chosen.fail_on_level) == 1
    baseline = tmp_path / "baseline.yaml"
    code, _, _ = run("baseline", "write", str(baseline), str(plans), "--no-reference", "--select", "KPI",
                     "--select", "GOAL", "--as-of", "2026-11-27")
    assert code == 0
    known = api.check([plans], config=chosen, as_of=AS_OF, include_reference=False, baseline=baseline)
    assert known.baseline == str(baseline) and all(v.known for v in known.violations)
    assert known.exit_code(chosen.fail_on_level) == 0 and not known.failing
    baseline.write_text("not: a baseline\n", encoding="utf-8")
    with pytest.raises(BaselineError, match="no 'violations' list"):
        api.check([plans], config=chosen, as_of=AS_OF, include_reference=False, baseline=baseline)


def test_one_verdict_for_reports_and_diffs() -> None:
    from checker.report import Violation

    def violation(rule: str, severity: str, family: str = "coverage", **extra: object) -> Violation:
        return Violation(rule, "x", family, severity, "s", (), "f.yaml", 1, None, {"ja": "", "en": ""},  # type: ignore[arg-type]
                         **extra)  # type: ignore[arg-type]

    warning, error = violation("KPI-004", "warning"), violation("KPI-003", "error")
    assert exit_code([warning]) == 0 and exit_code([warning], "warning") == 1 and exit_code([error], "never") == 0
    assert exit_code([violation("KPI-003", "error", known=True)]) == 0
    assert exit_code([violation("INPUT-002", "error", family="input", known=True)], "never") == 2
    assert exit_code([error, warning], "error", judged=[warning]) == 0  # a diff judges what it introduces
    assert Report((error,)).exit_code() == exit_code([error]) == 1
