"""Hostile files and paths around the plans: FIFOs and devices, names that are not UTF-8,
profiles and baselines that would exhaust memory or recurse, git repositories with missing
objects or huge blobs, outputs that cannot be written or would destroy an input, numbers that
are not finite, ids with invisible characters. Each case: exit code 2 with a located message
(or the correct result), never a traceback or a hang."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli import main
from tests.conftest import AS_OF, CITY, NATIONAL

BASE = ["--no-reference", "--no-cache", "--as-of", AS_OF.isoformat()]


def _run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def _plans(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "national.yaml").write_text(NATIONAL, encoding="utf-8")
    (folder / "city.yaml").write_text(CITY, encoding="utf-8")
    return folder


def _json_report(folder: Path, tmp_path: Path, *extra: str) -> tuple[int, dict[str, Any], str]:
    out = tmp_path / "report.json"
    result = _run("check", str(folder), *BASE, "--format", "json", "--output", str(out), *extra)
    data = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    return result.exit_code, data, result.output


def _line_of(file: Path, text: str) -> int:
    return next(n for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1) if text in line)


# --- paths that are not regular files ---------------------------------------------------------------------


def _bounded(args: list[str], cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The CLI in a subprocess, so that a hang is a failed test and not a stuck suite."""
    return subprocess.run([sys.executable, "-c", "import cli; cli.main()", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})


def test_a_fifo_given_as_a_plan_is_refused_not_waited_for(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.yaml"
    os.mkfifo(fifo)
    done = _bounded(["check", str(fifo), *BASE], tmp_path, timeout=30)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "INPUT-001" in done.stdout and "named pipe" in _run("check", str(fifo), *BASE, "--lang", "en").output


def test_a_device_behind_a_plan_name_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "plan.yaml"
    link.symlink_to("/dev/zero")
    result = _run("check", str(link), *BASE, "--lang", "en")
    assert result.exit_code == 2 and "not a regular file (a device)" in result.output


def test_a_plan_that_grows_past_the_limit_while_read_is_refused(tmp_path: Path) -> None:
    from checker.load.files import FileRefused, read_limited

    big = tmp_path / "big.yaml"
    big.write_bytes(b"a" * 2048)
    with pytest.raises(FileRefused, match="too large"):
        read_limited(big, 1024)
    assert read_limited(big, 4096) == b"a" * 2048


# --- profiles and baselines go through the plan files' limits -------------------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)},"
    f" *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(9))


def test_an_alias_bomb_baseline_is_refused_quickly(tmp_path: Path) -> None:
    baseline = tmp_path / "known.yaml"
    baseline.write_text("plancheck_baseline: 1\nviolations: []\n" + BOMB, encoding="utf-8")
    plans = _plans(tmp_path / "plans")
    done = _bounded(["check", str(plans), *BASE, "--baseline", str(baseline)], tmp_path, timeout=30)
    assert done.returncode == 2 and "aliases expand" in done.stderr, done.stderr


def test_a_profile_that_extends_itself_is_a_configuration_error(tmp_path: Path) -> None:
    profile = tmp_path / "plancheck.yaml"
    profile.write_text("extends: plancheck.yaml\n", encoding="utf-8")
    result = _run("check", str(_plans(tmp_path / "plans")), *BASE, "--config", str(profile))
    assert result.exit_code == 2 and "loop" in result.output and "Traceback" not in result.output


def test_a_profile_that_extends_a_device_is_refused(tmp_path: Path) -> None:
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    profile = tmp_path / "plancheck.yaml"
    profile.write_text("extends: zero.yaml\n", encoding="utf-8")
    done = _bounded(["check", str(_plans(tmp_path / "plans")), *BASE, "--config", str(profile)], tmp_path, timeout=30)
    assert done.returncode == 2 and "not a regular file" in done.stderr, done.stderr


# --- file names that are not UTF-8 ----------------------------------------------------------------------

CP932_NAME = "計画".encode("cp932") + b".yaml"


@pytest.mark.parametrize("fmt", ["json", "html", "sarif", "markdown", "junit", "xlsx", "text"])
def test_a_cp932_file_name_is_shown_and_every_format_is_written(tmp_path: Path, fmt: str) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "national.yaml").write_text(NATIONAL, encoding="utf-8")
    Path(os.fsdecode(bytes(plans) + b"/" + CP932_NAME)).write_text(CITY, encoding="utf-8")
    out = tmp_path / f"report.{fmt}"
    result = _run("check", str(plans), *BASE, "--format", fmt, "--output", str(out))
    assert result.exit_code == 1, result.output  # the plan's own findings, not an internal error
    if fmt == "json":
        files = json.loads(out.read_text(encoding="utf-8"))["files"]
        assert any(f.endswith("計画.yaml") for f in files), files


def test_a_name_in_no_known_encoding_shows_its_bytes(tmp_path: Path) -> None:
    from checker.load.documents import readable_name

    assert readable_name(os.fsdecode(b"\xff\xfe.yaml")) == "\\xff\\xfe.yaml"
    assert readable_name(os.fsdecode("計画".encode("cp932"))) == "計画"
    assert readable_name("計画.yaml") == "計画.yaml"


# --- numbers and ids ---------------------------------------------------------------------------------------


def test_non_finite_numbers_are_located_input_errors(tmp_path: Path) -> None:
    plans = _plans(tmp_path / "plans")
    city = plans / "city.yaml"
    city.write_text(city.read_text(encoding="utf-8").replace("value: 100}", "value: .nan}")
                    .replace("value: 150}", "value: '1e999'}"), encoding="utf-8")
    code, data, output = _json_report(plans, tmp_path, "--lang", "en")
    assert code == 2, output
    line = _line_of(city, ".nan")
    found = [(v["line"], v["message"]["en"]) for v in data["violations"] if v["rule"] == "INPUT-003"]
    assert [at for at, _ in found] == [line, line], found
    assert "nan is not a usable number" in found[0][1] and "1e999 is not a usable number" in found[1][1]


@pytest.mark.parametrize("char", ["\u200b", "\u202e", "\ufeff", "\u2066"])
def test_ids_with_invisible_characters_are_refused(tmp_path: Path, char: str) -> None:
    plans = _plans(tmp_path / "plans")
    city = plans / "city.yaml"
    city.write_text(city.read_text(encoding="utf-8").replace("  - id: G2\n", f'  - id: "G2{char}"\n'),
                    encoding="utf-8")
    code, data, _ = _json_report(plans, tmp_path)
    assert code == 2
    (found,) = [v for v in data["violations"] if v["rule"] == "INPUT-003"]
    assert found["line"] == _line_of(city, "- id: \"G2") and f"U+{ord(char):04X}" in found["message"]["en"]


# --- outputs -------------------------------------------------------------------------------------------------


def test_output_onto_a_folder_is_refused_before_the_check(tmp_path: Path) -> None:
    result = _run("check", str(_plans(tmp_path / "plans")), *BASE, "--format", "json", "--output", str(tmp_path))
    assert result.exit_code == 2 and "is a folder" in result.output and "internal error" not in result.output


def test_output_to_a_full_disk_is_a_user_error_and_keeps_the_other_report(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    report = tmp_path / "report.html"
    report.write_text("previous", encoding="utf-8")
    result = _run("check", str(_plans(tmp_path / "plans")), *BASE, "--format", "html", "--output", str(report),
                  "--format", "json", "--output", "/dev/full")
    assert result.exit_code == 2 and "disk full" in result.output and "internal error" not in result.output
    assert report.read_text(encoding="utf-8") == "previous"  # all or nothing
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plans", "report.html"]  # no temporary file left


def test_a_read_only_folder_is_a_user_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who may write anywhere (root)")
        result = _run("check", str(_plans(tmp_path / "plans")), *BASE, "--format", "json", "--output",
                      str(folder / "r.json"))
        assert result.exit_code == 2 and "permission denied" in result.output
    finally:
        folder.chmod(0o700)


def test_the_same_output_twice_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "r.out"  # an extension that names no format: --format decides
    result = _run("check", str(_plans(tmp_path / "plans")), *BASE, "--format", "json", "--output", str(out),
                  "--format", "markdown", "--output", str(tmp_path / "." / "r.out"))
    assert result.exit_code == 2 and "give each output its own file" in result.output
    assert not out.exists()


@pytest.mark.parametrize("target", ["city.yaml", "profile"])
def test_an_output_onto_an_input_is_refused_and_the_input_kept(tmp_path: Path, target: str) -> None:
    plans = _plans(tmp_path / "plans")
    profile = tmp_path / "plancheck.yaml"
    profile.write_text("fail_on: error\n", encoding="utf-8")
    victim = plans / "city.yaml" if target == "city.yaml" else profile
    before = victim.read_bytes()
    result = _run("check", str(plans), *BASE, "--config", str(profile), "--format", "json", "--output", str(victim))
    assert result.exit_code == 2 and "one of the files being checked" in result.output
    assert victim.read_bytes() == before
    written = _run("baseline", "write", str(victim), str(plans), "--no-reference", "--config", str(profile))
    assert written.exit_code == 2 and victim.read_bytes() == before


# --- git ------------------------------------------------------------------------------------------------------


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.jp",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.jp"})


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    repo = _plans(tmp_path / "repo")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "one")
    return repo


def test_diff_git_with_a_missing_object_is_a_clean_error(repo: Path) -> None:
    blob = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD:city.yaml"], capture_output=True, text=True,
                          check=True).stdout.strip()
    (repo / ".git" / "objects" / blob[:2] / blob[2:]).unlink()
    result = _run("diff", str(repo), "--git", "HEAD..", *BASE[:1])
    assert result.exit_code == 2 and "missing from the repository" in result.output, result.output


def test_diff_git_skips_a_fifo_in_the_working_tree(repo: Path) -> None:
    os.mkfifo(repo / "pipe")
    result = _run("diff", str(repo), "--git", "HEAD..", *BASE[:1])
    assert result.exit_code == 0, result.output


def test_diff_git_does_not_read_a_blob_over_the_limit(repo: Path, tmp_path: Path) -> None:
    big = repo / "big.yaml"
    big.write_bytes(b"# " + b"x" * (2 * 1024 * 1024) + b"\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "big")
    profile = tmp_path / "profile.yaml"
    profile.write_text("limits: {file_mb: 1}\n", encoding="utf-8")
    from checker.workflows.review.git import _export

    dest = tmp_path / "export"
    _export(repo, "HEAD", ".", dest, 1024 * 1024)
    assert (dest / "big.yaml").stat().st_size == big.stat().st_size
    assert (dest / "big.yaml").stat().st_blocks * 512 < 1024 * 1024  # sparse: never read nor written
    result = _run("diff", str(repo), "--git", "HEAD~1..HEAD", "--no-reference", "--config", str(profile),
                  "--format", "json", "--lang", "en")
    assert result.exit_code == 2, result.output  # the new version has an input error
    introduced = json.loads(result.output)["violations"]["introduced"]
    assert any(v["rule"] == "INPUT-001" and "too large" in v["message"]["en"] for v in introduced), introduced



# --- many documents in one file ------------------------------------------------------------------------------


def test_a_file_of_many_municipalities_is_parsed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """500 municipalities' strategies in one file took 8 minutes: each municipality re-read the
    whole file. Now the file is one unit of work; each municipality is still checked apart."""
    from checker import api
    from checker.load import parse, yamlsource

    docs = [CITY.replace("city/strategy", f"c{i}/strategy").replace("例市", f"市{i}") for i in range(60)]
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "national.yaml").write_text(NATIONAL, encoding="utf-8")
    (plans / "all.yaml").write_text("\n---\n".join(docs), encoding="utf-8")
    calls: list[str] = []
    real = yamlsource.parse_yaml_documents

    def counting(text: str, file: str, *args: Any) -> Any:
        calls.append(file)
        return real(text, file, *args)

    monkeypatch.setattr(parse, "parse_yaml_documents", counting)
    report = api.check([plans], as_of=AS_OF, include_reference=False, jobs=1)
    assert sum(1 for f in calls if f.endswith("all.yaml")) == 1, calls
    owners = {d.owner for d in report.documents if d.level == "municipal"}
    assert len(owners) == 60
    per_city = [sorted((v.rule, v.subject.split("/", 1)[1]) for v in report.violations if v.document == f"c{i}/strategy")
                for i in range(60)]
    assert per_city[0] and all(found == per_city[0] for found in per_city)  # each checked alike, apart


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_folders_resolve_as_realpath_through_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """paths.resolve_folder (each folder from its parent's, once) gives os.path.realpath for
    folders behind absolute and relative links, dot-dot, missing folders and the root — the
    real path is what keeps tables and cached entries inside a plan's folder."""
    from checker.load.paths import resolve_folder

    (tmp_path / "a" / "b" / "c").mkdir(parents=True)
    (tmp_path / "abs").symlink_to(tmp_path / "a" / "b")
    (tmp_path / "rel").symlink_to(Path("a") / "b" / "c")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a" / "loop")
    monkeypatch.chdir(tmp_path)
    resolved: dict[str, str] = {}
    for folder in ["a/b/c", "abs/c", str(tmp_path / "abs" / "c"), "rel", "rel/..", "a/../a/b", ".", "missing/x",
                   "/", "a/loop", "abs/c"]:
        assert resolve_folder(folder, resolved) == os.path.realpath(folder), folder
