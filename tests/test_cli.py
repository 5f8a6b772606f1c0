"""The command line: exit codes, formats, languages, and bad input without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cli import main
from tests.conftest import CITY, NATIONAL, ROOT

ARGS = ["--as-of", "2026-11-27"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_bundled_plans_fail_with_errors_in_japanese() -> None:
    code, out, _ = run("check", *ARGS)
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
    code, _, err = run("check", "--format", "json", "--output", str(target), *ARGS)
    assert code == 1 and "wrote" in err
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
    code, _, err = run("check", "--config", str(profile), *ARGS)
    assert code == 2 and "NOPE-001" in err and "Traceback" not in err


def test_usage_errors_exit_2() -> None:
    assert run("check", "/no/such/folder")[0] == 2
    assert run("check", "--format", "pdf")[0] == 2


def test_rules_and_explain() -> None:
    code, out, _ = run("rules", "--lang", "en")
    assert code == 0 and "PER-002" in out and "rules" in out.splitlines()[-1]
    code, out, _ = run("explain", "law-001")
    assert code == 0 and "第10条" in out and "違反となる例" in out and "合格する例" in out
    assert run("explain", "XYZ-001")[0] == 2


def test_graph_command(tmp_path: Path) -> None:
    target = tmp_path / "graph.json"
    code, _, _ = run("graph", str(ROOT / "plans" / "azumino"), "--output", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    assert code == 0 and "edges" in data and any(n["id"] == "azumino/strategy-2#G2" for n in data["nodes"])


def test_diagram_command_writes_each_kind(tmp_path: Path) -> None:
    for kind in ("goals", "continuity", "timeline"):
        target = tmp_path / f"{kind}.svg"
        code, _, err = run("diagram", "--kind", kind, "--output", str(target), *ARGS)
        svg = target.read_text(encoding="utf-8")
        assert code == 0 and "<svg" in svg and "安曇野" in svg, err
    code, _, err = run("diagram", "--document", "nope/strategy", "--output", str(tmp_path / "x.svg"), *ARGS)
    assert code == 2 and "nope/strategy" in err and "Traceback" not in err


def test_html_report_embeds_the_goal_map(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    code, _, _ = run("check", "--format", "html", "--output", str(target), *ARGS)
    html = target.read_text(encoding="utf-8")
    assert code == 1 and 'id="goal-map"' in html and html.count("<svg") == 1
    assert "<?xml" not in html  # the SVG's prolog is stripped when inlined
