"""The command line: exit codes, formats, languages, and bad input without tracebacks."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from cli import main
from tests.conftest import CITY, NATIONAL, ROOT

ARGS = ["--as-of", "2026-11-27"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_bundled_example_fails_with_errors_in_japanese() -> None:
    code, out, _ = run("check", "--example", *ARGS)
    assert code == 1
    assert "PER-002" in out and "エラー" in out and "plans/azumino/strategy-2.yaml:17" in out


def test_english_and_fail_on() -> None:
    code, out, _ = run("check", str(ROOT / "plans"), "--lang", "en", "--fail-on", "never", *ARGS)
    assert code == 0 and "errors" in out and "published 2021-03" in out


def test_clean_plan_exits_zero(write, tmp_path: Path) -> None:
    write("nat.yaml", NATIONAL)
    write("city.yaml", CITY)
    code, out, _ = run("check", str(tmp_path), "--no-reference", "--select", "LAW", "--ignore", "LAW-008", *ARGS)
    assert code == 0, out
    assert "問題は見つかりませんでした" in out


def test_json_format_and_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.json"
    code, _, err = run("check", "--example", "--format", "json", "--output", str(target), *ARGS)
    assert code == 1 and f"{target} を書き込みました" in err  # --lang ja, the default
    data = json.loads(target.read_text(encoding="utf-8"))
    v = data["violations"][0]
    assert {"rule", "severity", "subject", "related", "file", "line", "message", "waived"} <= set(v)
    assert set(v["message"]) == {"ja", "en"} and data["summary"]["by_severity"]["error"] >= 1


def test_broken_input_exits_2_with_location_and_no_traceback(write, tmp_path: Path) -> None:
    write("city.yaml", CITY.replace("adopted: R2-03-20", "adopted: R2年13月"))
    code, out, err = run("check", str(tmp_path), *ARGS)
    assert code == 2
    assert "city.yaml:7" in out and "INPUT-004" in out and "R2年13月" in out
    assert "Traceback" not in out + err


def test_bad_profile_is_a_configuration_error(write) -> None:
    profile = write("profile.yaml", "rules:\n  NOPE-001: false\n")
    code, _, err = run("check", "--example", "--config", str(profile), *ARGS)
    assert code == 2 and "NOPE-001" in err and "Traceback" not in err


def test_usage_errors_exit_2() -> None:
    assert run("check", "/no/such/folder")[0] == 2
    assert run("check", "--example", "--format", "nope")[0] == 2


def test_rules_and_explain() -> None:
    code, out, _ = run("rules", "--lang", "en")
    assert code == 0 and "PER-002" in out and "rules" in out.splitlines()[-1]
    code, out, _ = run("explain", "law-001")
    assert code == 0 and "第10条" in out and "違反となる例" in out and "合格する例" in out
    assert run("explain", "XYZ-001")[0] == 2
    code, out, _ = run("explain", "input-002", "--lang", "en")  # a built-in code: what it is, its cases
    assert code == 0 and "YAML syntax error" in out and "rules/input/INPUT-002.yaml" in out and "target:" not in out
    code, out, _ = run("explain", "WAIVER-001")
    assert code == 0 and "期限切れの適用除外" in out and "WAIVER-001/fail.yaml" in out


def test_graph_command(tmp_path: Path) -> None:
    target = tmp_path / "graph.json"
    code, _, _ = run("graph", str(ROOT / "plans" / "azumino"), "--output", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    assert code == 0 and "edges" in data and any(n["id"] == "azumino/strategy-2#G2" for n in data["nodes"])


def test_diagram_command_writes_each_kind(tmp_path: Path) -> None:
    for kind in ("goals", "continuity", "timeline"):
        target = tmp_path / f"{kind}.svg"
        code, _, err = run("diagram", "--example", "--kind", kind, "--output", str(target), *ARGS)
        svg = target.read_text(encoding="utf-8")
        assert code == 0 and "<svg" in svg and "安曇野" in svg, err
    code, _, err = run("diagram", "--example", "--document", "nope/strategy", "--output", str(tmp_path / "x.svg"), *ARGS)
    assert code == 2 and "nope/strategy" in err and "Traceback" not in err



def test_diagram_of_a_folder_with_an_unreadable_file(tmp_path: Path) -> None:
    """The readable plans are drawn (here only the bundled reference documents, some of whose
    periods the sources do not show: no internal error), the unreadable file is named, exit 2."""
    (tmp_path / "s.yaml").write_text("kind: municipal_strategy\nid: x/strategy-1\ntitle: [unclosed\n", encoding="utf-8")
    for kind in ("goals", "continuity", "timeline"):
        target = tmp_path / f"{kind}.svg"
        code, _, err = run("diagram", str(tmp_path), "--kind", kind, "--output", str(target), "--lang", "en", *ARGS)
        assert code == 2 and "<svg" in target.read_text(encoding="utf-8"), err
        assert "s.yaml:4: INPUT-002" in err and "left out of the diagram" in err and "internal error" not in err

def test_html_report_embeds_the_goal_map(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    code, _, _ = run("check", "--example", "--format", "html", "--output", str(target), *ARGS)
    html = target.read_text(encoding="utf-8")
    assert code == 1 and 'id="goal-map"' in html and html.count("<svg") == 1
    assert "<?xml" not in html  # the SVG's prolog is stripped when inlined


# --- issue 18: what a new user meets on the command line ----------------------------------------

import io
import subprocess
import sys

import pytest

from cli import EXTENSIONS, use_colour, utf8_when_redirected
from checker.reporters import FORMATS


def test_no_path_checks_the_current_folder_and_example_the_bundled_one(write, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    write("nat.yaml", NATIONAL)
    write("city.yaml", CITY)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("check", "--no-reference", "--format", "json", *ARGS)
    files = json.loads(out)["files"]
    assert code in (0, 1) and sorted(files) == ["city.yaml", "nat.yaml"]  # the folder it runs in, nothing bundled
    code, out, _ = run("check", "--example", "--format", "json", *ARGS)
    assert code == 1 and all(f.startswith("plans/azumino/") for f in json.loads(out)["files"])
    code, _, err = run("check", ".", "--example", *ARGS)
    assert code == 2 and "--example" in err


def test_a_folder_without_plan_files_is_an_error_not_a_pass(write, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("check", *ARGS)  # empty
    assert code == 2 and out == ""
    assert "計画ファイルが見つかりません: 現在のフォルダ（.）" in err
    assert "no plan files found in the current folder (.) (files need a top-level `kind:`" in err
    write("notes.yaml", "memo: 来年度の検討事項\n")
    write("plancheck.yaml", "extends: default\nfail_on: warning\n")
    for command in (["check"], ["graph"], ["diagram", "--output", str(tmp_path / "g.svg")],
                    ["baseline", "write", str(tmp_path / "known.yaml")]):
        code, _, err = run(*command, str(tmp_path), *(ARGS if command[0] != "graph" else []))
        assert code == 2 and "no plan files found in" in err and "notes.yaml" in err, command
    assert not (tmp_path / "g.svg").exists() and not (tmp_path / "known.yaml").exists()


def test_a_yaml_file_without_kind_is_named_in_a_notice(write, tmp_path: Path) -> None:
    write("nat.yaml", NATIONAL)
    write("city.yaml", CITY)
    write("city-old.yaml", CITY.replace("kind: municipal_strategy\nid: city/strategy\n", ""))  # lost its kind and id
    write("plancheck.yaml", "extends: default\n")  # a profile: expected beside the plans
    write(".venv/lib/site.yaml", "x: 1\n")  # tools' folders are not searched
    code, out, err = run("check", str(tmp_path), "--no-reference", *ARGS)
    assert code in (0, 1) and "city.yaml" in out
    assert "city-old.yaml にはトップレベルの `kind:` がないため、計画ファイルとして読み込んでいません" in err
    assert "plancheck.yaml" not in err and "site.yaml" not in err
    _, _, err = run("check", str(tmp_path), "--no-reference", "--lang", "en", *ARGS)
    assert "city-old.yaml has no top-level `kind:`, so it was not read as a plan file" in err
    _, _, err = run("check", str(tmp_path), "--no-reference", "--quiet", *ARGS)
    assert err == ""


def test_output_format_follows_the_extension(tmp_path: Path) -> None:
    code, _, err = run("check", "--example", "--output", str(tmp_path / "r.html"), "--output", str(tmp_path / "r.json"),
                       "--output", str(tmp_path / "r.sarif"), "--output", str(tmp_path / "r.xml"), *ARGS)
    assert code == 1, err
    assert (tmp_path / "r.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["violations"]
    assert json.loads((tmp_path / "r.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert "<testsuite" in (tmp_path / "r.xml").read_text(encoding="utf-8")
    assert set(EXTENSIONS) == {".json", ".sarif", ".xml", ".md", ".html", ".xlsx", ".pdf", ".txt"}


def test_output_extension_clash_and_unknown_extension_are_usage_errors(tmp_path: Path) -> None:
    code, _, err = run("check", "--example", "--format", "json", "--output", str(tmp_path / "x.html"), *ARGS)
    assert code == 2 and "--format json clashes with --output" in err and "x.json" in err
    code, _, err = run("check", "--example", "--output", str(tmp_path / "x.log"), *ARGS)
    assert code == 2 and "cannot tell the format from the extension .log" in err
    assert ".json .sarif .xml .md .html .xlsx .pdf .txt" in err
    code, _, err = run("check", "--example", "--output", str(tmp_path / "x.pdf"), *ARGS)
    if "pdf" in FORMATS:  # the PDF reporter
        assert code == 1 and (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF")
    else:
        assert code == 2 and "pdf" in err and not (tmp_path / "x.pdf").exists()
    assert not list(tmp_path.glob("x.*")) or "pdf" in FORMATS
    code, _, err = run("diagram", "--example", "--format", "svg", "--output", str(tmp_path / "g.png"), *ARGS)
    assert code == 2 and "clashes" in err


def test_diagram_format_follows_the_extension(tmp_path: Path) -> None:
    code, _, err = run("diagram", "--example", "--kind", "timeline", "--output", str(tmp_path / "t.png"), *ARGS)
    assert code == 0, err
    assert (tmp_path / "t.png").read_bytes().startswith(b"\x89PNG")


def _closed_pipe(*args: str) -> subprocess.CompletedProcess[bytes]:
    """Run plancheck with its stdout read by nobody: the pipe is closed before it writes."""
    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, b"", err)


@pytest.mark.parametrize("args, code", [(("rules",), 0), (("explain", "PER-002"), 0),
                                        (("check", "--example", *ARGS), 1)])
def test_a_closed_pipe_ends_quietly(args: tuple[str, ...], code: int) -> None:
    """plancheck rules | head -3: no "internal error", no BrokenPipeError; check keeps its exit code."""
    result = _closed_pipe(*args)
    assert result.returncode == code and result.stderr.decode() == "", result.stderr.decode()


def test_rules_into_head_in_a_shell() -> None:
    result = subprocess.run(f"'{sys.executable}' cli.py rules | head -3; exit ${{PIPESTATUS[0]}}", shell=True,
                            executable="/bin/bash", cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 3 and result.stderr == ""


def test_quiet_prints_only_errors(tmp_path: Path) -> None:
    code, out, err = run("check", "--example", "--quiet", *ARGS)
    assert (code, out, err) == (1, "", "")
    code, out, err = run("check", "--example", "-q", "--output", str(tmp_path / "r.json"), *ARGS)
    assert (code, out, err) == (1, "", "") and (tmp_path / "r.json").is_file()
    code, out, err = run("check", "--example", "-q", "--select", "NOPE", *ARGS)
    assert code == 2 and out == "" and "NOPE" in err


def test_colour_choice_and_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = run("check", "--example", "--color", "always", *ARGS)
    assert code == 1 and "\x1b[" in out
    code, out, _ = run("check", "--example", "--color", "never", *ARGS)
    assert "\x1b[" not in out
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour("auto", True) and not use_colour("auto", False)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour("auto", True) and use_colour("always", False) and not use_colour("never", True)
    monkeypatch.setenv("NO_COLOR", "")  # no-color.org: present but empty does not count
    assert use_colour("auto", True)


@pytest.mark.parametrize("written", ["R8-04-01", "令和8年4月1日", "2026-04-01", "R8.4.1"])
def test_as_of_accepts_era_dates(written: str) -> None:
    code, out, err = run("check", "--example", "--format", "json", "--as-of", written)
    assert code == 1, err
    assert json.loads(out)["as_of"] == "2026-04-01"


def test_as_of_needs_a_day() -> None:
    code, _, err = run("check", "--example", "--as-of", "R8-04")
    assert code == 2 and "日まで書いてください" in err and "a day is needed" in err
    code, _, err = run("check", "--example", "--as-of", "あした")
    assert code == 2 and "--as-of" in err and "Traceback" not in err


def test_select_matching_no_rule_blames_the_option() -> None:
    code, _, err = run("check", "--example", "--select", "PERX", *ARGS)
    assert code == 2 and "--select PERX: 該当するルールがありません" in err and "--select PERX: matches no rule" in err
    assert "did you mean PER?" in err and "default.yaml" not in err
    code, _, err = run("check", "--example", "--ignore", "LAW-999", *ARGS)
    assert code == 2 and "--ignore LAW-999" in err
    code, out, _ = run("check", "--example", "--select", "per-002", "--format", "json", *ARGS)  # any case
    assert code == 1 and {v["rule"] for v in json.loads(out)["violations"]} == {"PER-002"}


def test_redirected_output_in_a_legacy_encoding_becomes_utf8() -> None:
    """Windows writes redirected output in CP932, which has no 〜 (U+301C): the report would fail."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp932")
    utf8_when_redirected(stream)
    stream.write("R2年度〜R6年度 ␛")
    stream.flush()
    assert raw.getvalue().decode("utf-8") == "R2年度〜R6年度 ␛"


def test_without_graphviz_diagrams_are_refused_and_reports_still_work(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows without Graphviz: no `dot` on the PATH."""
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    code, _, err = run("diagram", "--example", "--output", str(tmp_path / "g.svg"), *ARGS)
    assert code == 2 and "Graphviz" in err and "Traceback" not in err and not (tmp_path / "g.svg").exists()
    code, out, err = run("check", "--example", "--output", "-", "--output", str(tmp_path / "r.html"),
                         "--output", str(tmp_path / "r.xlsx"), *ARGS)
    assert code == 1 and "PER-002" in out and "internal error" not in err
    assert "PER-002" in (tmp_path / "r.html").read_text(encoding="utf-8") and (tmp_path / "r.xlsx").stat().st_size


def test_fail_on_reaches_the_junit_report(tmp_path: Path) -> None:
    """The JUnit file fails the same findings the exit code does: --fail-on never → no <failure>."""
    quiet, strict = tmp_path / "never.xml", tmp_path / "warning.xml"
    code, _, _ = run("check", "--example", "--fail-on", "never", "--output", str(quiet), *ARGS)
    assert code == 0 and "<failure" not in quiet.read_text(encoding="utf-8")
    code, _, _ = run("check", "--example", "--fail-on", "warning", "--output", str(strict), *ARGS)
    failures = strict.read_text(encoding="utf-8").count("<failure")
    code_error, _, _ = run("check", "--example", "--output", str(tmp_path / "error.xml"), *ARGS)
    errors = (tmp_path / "error.xml").read_text(encoding="utf-8").count("<failure")
    assert code == code_error == 1 and failures > errors > 0


@pytest.mark.parametrize(("style", "written", "not_written"), [("long", "令和5年度", "R5年度"),
                                                               ("western", "2023年度", "R5年度"),
                                                               ("short", "R5年度", "令和5年度")])
def test_era_style_writes_the_years_of_reports_and_diagrams(tmp_path: Path, style: str, written: str,
                                                            not_written: str) -> None:
    report, timeline = tmp_path / "r.md", tmp_path / "t.svg"
    run("check", "--example", "--era-style", style, "--output", str(report), *ARGS)
    code, _, err = run("diagram", "--example", "--kind", "timeline", "--era-style", style,
                       "--output", str(timeline), *ARGS)
    assert code == 0, err
    table = report.read_text(encoding="utf-8").split("\n### ")[-1]  # the documents table: formatted by the reporter
    assert written in table and not_written not in table
    svg = timeline.read_text(encoding="utf-8")
    assert written.removesuffix("年度") in svg
    # the findings' messages (the report's lines, the figure's tooltips) write years the same way
    unquoted = {"short": r"令和\d+年度", "long": r"(?<![「A-Za-z])R\d+年度", "western": r"(?<![「A-Za-z])R\d+年度"}[style]
    messages = [line for line in report.read_text(encoding="utf-8").splitlines() if "PER-002" in line]
    assert messages and not re.search(unquoted, "\n".join(messages) + svg)


def test_dpi_sets_the_resolution_of_a_png(tmp_path: Path) -> None:
    small, large = tmp_path / "s.png", tmp_path / "l.png"
    for target, dpi in ((small, "48"), (large, "144")):
        code, _, err = run("diagram", "--example", "--dpi", dpi, "--output", str(target), *ARGS)
        assert code == 0, err

    def width(png: Path) -> int:
        return int.from_bytes(png.read_bytes()[16:20], "big")  # IHDR width

    assert width(large) > 2.5 * width(small)
    code, _, err = run("diagram", "--example", "--dpi", "5000", "--output", str(small), *ARGS)
    assert code == 2 and "--dpi" in err
