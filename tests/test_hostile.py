"""Hostile and broken input: never a traceback, never data lost, plan text is data everywhere.

tests/hostile/ holds hand-made broken files; tests/hostile/cases.yaml says what plancheck must
report for each (code, line, message fragment, exit code)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from checker import api
from checker.fiscal import CalendarError, parse_date, parse_fiscal_year, parse_period, parse_year
from cli import main
from tests.conftest import AS_OF, ROOT

HOSTILE = ROOT / "tests" / "hostile"
CASES: dict[str, dict[str, Any]] = yaml.safe_load((HOSTILE / "cases.yaml").read_text(encoding="utf-8"))


def _check(path: Path, *extra: str) -> tuple[int, dict[str, Any], str]:
    out = path.parent / f".{path.name}.json" if path.is_dir() else Path(os.environ.get("TMPDIR", "/tmp")) / f"plancheck-{path.name}.json"
    result = CliRunner().invoke(main, ["check", str(path), "--no-reference", "--no-cache", "--as-of", AS_OF.isoformat(),
                                       "--format", "json", "--output", str(out), *extra])
    data = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    out.unlink(missing_ok=True)
    return result.exit_code, data, result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if not c.get("accepted")))
def test_broken_file_gets_a_located_message(name: str) -> None:
    case = CASES[name]
    code, data, output = _check(HOSTILE / name)
    assert code == case["exit"], output
    assert "Traceback" not in output
    found = [v for v in data["violations"] if v["rule"] == case["code"]]
    assert found, [v["rule"] for v in data["violations"]]
    assert any(case["message"] in v["message"]["en"] for v in found), [v["message"]["en"] for v in found]
    assert all(v["file"].endswith(name) for v in found)
    if "line" in case:
        assert case["line"] in [v["line"] for v in found]
    if case["code"].startswith("INPUT"):
        assert all(v["message"]["ja"] for v in found)  # Japanese too


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c.get("accepted")))
def test_normalised_input_is_accepted(name: str) -> None:
    plans = api.build([HOSTILE / name], include_reference=False)
    assert plans.loaded.errors == ()
    assert CASES[name]["node"] in plans.graph


def test_hostile_titles_stay_text_in_every_output(tmp_path: Path) -> None:
    plans, report = api.check_plans([HOSTILE / "hostile_titles.yaml"], include_reference=False, as_of=AS_OF)
    from checker.reporters import render

    html = render(report, "html", "ja", goal_map_svg=api.goal_map_svg(plans, report))
    assert isinstance(html, str) and "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    markdown = render(report, "markdown")
    assert isinstance(markdown, str) and "<script>" not in markdown
    sarif = json.loads(str(render(report, "sarif")))
    assert sarif["runs"][0]["results"]
    for kind in ("goals", "continuity", "timeline"):
        assert api.diagram(plans, report, kind, fmt="svg").startswith(b"<?xml")  # dot accepted the labels
    svg = api.diagram(plans, report, "goals", fmt="svg").decode()
    assert "<script" not in svg and "&lt;script&gt;alert(1)" in svg  # a tooltip, as text
    import openpyxl

    book = tmp_path / "r.xlsx"
    book.write_bytes(render(report, "xlsx"))  # type: ignore[arg-type]
    cells = [c for row in openpyxl.load_workbook(book)["違反一覧"].iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("=")]
    assert all(c.data_type == "s" for c in cells)


def test_oversize_file_and_table_rows_limits(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("kind: municipal_strategy\nid: a/b\ntitle: x\nnote: " + "あ" * 400_000 + "\n", encoding="utf-8")
    profile = tmp_path / "profile.yaml"
    profile.write_text("limits: {file_mb: 1}\n", encoding="utf-8")
    code, data, _ = _check(big, "--config", str(profile))
    assert code == 2 and "too large" in data["violations"][0]["message"]["en"]


def test_symlinked_table_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside.csv").write_text("事業ID,事業名\nP1,秘密\n", encoding="utf-8")
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "projects.csv").symlink_to(tmp_path / "outside.csv")
    (plan / "city.yaml").write_text((HOSTILE / "table_outside_folder.yaml").read_text(encoding="utf-8")
                                    .replace("../../outside.csv", "projects.csv"), encoding="utf-8")
    code, data, _ = _check(plan)
    assert code == 2 and "must lie in the plan file's folder" in data["violations"][0]["message"]["en"]


def test_unexpected_errors_are_short_unless_debug(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(api, "check_plans", boom)
    result = CliRunner().invoke(main, ["check", "--as-of", "2026-11-27"])
    assert result.exit_code == 2 and "internal error" in result.stderr and "simulated bug" in result.stderr
    assert "Traceback" not in result.stderr and "--debug" in result.stderr
    debug = CliRunner().invoke(main, ["--debug", "check", "--as-of", "2026-11-27"])
    assert isinstance(debug.exception, RuntimeError)


FUZZ_EXAMPLES = 400


@settings(max_examples=FUZZ_EXAMPLES)
@given(st.one_of(st.text(max_size=20), st.text(alphabet="HR令和平成元年度月日-/.0123456789０１２３ FYCY", max_size=14)))
def test_calendar_parsers_raise_only_calendar_errors(text: str) -> None:
    for parse in (parse_date, parse_fiscal_year, parse_year):
        try:
            parse(text)
        except CalendarError as exc:
            assert exc.message_ja and str(exc)
    try:
        parse_period(text, text)
    except CalendarError:
        pass


@settings(max_examples=FUZZ_EXAMPLES)
@given(st.binary(max_size=400))
def test_any_bytes_as_a_plan_file_give_only_input_errors(tmp_path_factory: pytest.TempPathFactory, raw: bytes) -> None:
    from checker.load import read_documents

    path = tmp_path_factory.mktemp("fuzz") / "plan.yaml"
    path.write_bytes(raw)
    docs, errors = read_documents(path)
    assert all(e.code.startswith("INPUT-") and e.message_en and e.message_ja for e in errors)


@settings(max_examples=FUZZ_EXAMPLES)
@given(st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
                    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                    max_leaves=20))
def test_any_yaml_structure_as_a_strategy_gives_only_input_errors(tmp_path_factory: pytest.TempPathFactory, body: Any) -> None:
    from checker.load import read_documents

    path = tmp_path_factory.mktemp("fuzz") / "plan.yaml"
    document = {"kind": "municipal_strategy", "id": "f/s", "title": "t", "municipality": "m", "prefecture": "p",
                "period": {"from": "R2", "to": "R6"}, "goals": body}
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    docs, errors = read_documents(path)
    assert (len(docs) == 1) != bool(errors)


def test_cases_file_lists_every_hostile_file() -> None:
    files = {p.name for p in HOSTILE.iterdir() if p.suffix == ".yaml" and p.name != "cases.yaml"}
    assert files == set(CASES)


