"""JSON reporter: real reports validate against the documented schema (docs/report-schema.json),
carry the format version and a fingerprint per violation, and read back into the same Report."""

from __future__ import annotations

import dataclasses
import json
import textwrap
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from checker import api
from checker.workflows.baseline import apply_baseline, fingerprint, write_baseline
from checker.model import DOCUMENT_KINDS
from checker.report import Report
from checker.reporters import render
from checker.reporters.json import FORMAT_VERSION
from tests.conftest import AS_OF, ROOT
from tests.test_municipalities import same_named_towns
from tests.test_not_checked_reports import STRATEGY_1, STRATEGY_2
from tests.test_report_sarif import bundled_report, hand_report

SCHEMA_FILE = ROOT / "docs" / "report-schema.json"


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


def validated(report: Report, lang: str = "ja") -> dict[str, Any]:
    """The JSON report, checked against the schema (formats too: dates, patterns)."""
    text = render(report, "json", lang)
    assert isinstance(text, str)
    data: dict[str, Any] = json.loads(text)
    validator = jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    assert Report.from_dict(data) == report  # it reads back
    assert data["plancheck_report"] == FORMAT_VERSION == 1 and list(data)[0] == "plancheck_report"
    assert [v["fingerprint"] for v in data["violations"]] == [fingerprint(v) for v in report.violations]
    return data


def test_the_bundled_report() -> None:
    report = bundled_report()
    data = validated(report)
    assert data["violations"] and data["not_checked"] and data["documents"] and data["rules"]
    assert data["summary"]["by_municipality"] == {
        "長野県安曇野市": {"prefecture": "長野県", "municipality": "安曇野市",
                     **{s: report.summary()["by_severity"][s] for s in ("error", "warning", "info")}}}
    # the vision and the comprehensive plan state no prefecture: they are 安曇野市's, in 長野県
    assert {d["prefecture"] for d in data["documents"] if d["level"] == "municipal"} == {"長野県"}
    # the same violation has the same fingerprint whatever the language or the line
    assert [v["fingerprint"] for v in validated(report, "en")["violations"]] == [v["fingerprint"] for v in data["violations"]]


def test_a_batch_of_towns_of_one_name(tmp_path: Path) -> None:
    report = api.check([same_named_towns(tmp_path)], as_of=AS_OF, jobs=2)
    data = validated(report)
    rows = data["summary"]["by_municipality"]
    assert [(r["prefecture"], r["municipality"]) for r in rows.values()] == [
        ("広島県", "府中市"), ("東京都", "府中市"), ("福島県", "伊達市")]


def test_input_errors_not_checked_entries_waivers_and_a_baseline(tmp_path: Path) -> None:
    folder = tmp_path / "kakuu"
    folder.mkdir()
    (folder / "strategy-1.yaml").write_text(textwrap.dedent(STRATEGY_1), encoding="utf-8")
    (folder / "strategy-2.yaml").write_text(textwrap.dedent(STRATEGY_2), encoding="utf-8")
    (folder / "broken.yaml").write_text("kind: municipal_strategy\nid: kakuu/broken\ntitle: [\n", encoding="utf-8")
    (folder / "wrong.yaml").write_text("kind: municipal_strategy\nid: kakuu/wrong\ntitle: x\nmunicipality: 架空市\n",
                                       encoding="utf-8")
    report = api.check([folder], as_of=AS_OF)
    assert len(report.input_errors) >= 2 and report.not_checked and report.exit_code() == 2
    data = validated(report)
    broken = [v for v in data["violations"] if v["family"] == "input"]
    assert {v["file"].rsplit("/", 1)[-1] for v in broken} == {"broken.yaml", "wrong.yaml"}
    assert all(v["document"] is None and v["severity"] == "error" for v in broken)
    assert {tuple(n["missing"]) for n in data["not_checked"]} >= {("adopted",), ("lists.kpis",)}
    # a baseline applied: known violations and a fixed entry; the hand report: a waiver, a secondary fact
    baseline = tmp_path / "baseline.yaml"
    write_baseline(report, baseline)
    text = baseline.read_text(encoding="utf-8")
    first = next(v for v in report.violations if v.family != "input")
    fixed_entry = f"- fingerprint: '{'0' * 64}'\n  rule: KPI-001\n  subject: kakuu/gone\n  related: []\n"
    baseline.write_text(text.replace("violations:\n", "violations:\n" + fixed_entry, 1), encoding="utf-8")
    applied = apply_baseline(report, baseline)
    assert applied.baseline_fixed and any(v.known for v in applied.violations)
    data = validated(applied)
    assert data["baseline"] == str(baseline) and data["summary"]["known"] > 0
    assert data["baseline_fixed"][0]["fingerprint"] == "0" * 64
    assert next(v for v in data["violations"] if v["fingerprint"] == fingerprint(first))["known"] is True
    hand = validated(hand_report())
    waived = next(v for v in hand["violations"] if v["waived"])
    assert waived["waived"]["until"] == "R9年度" and hand["summary"]["waived"] == 1


def test_the_schema_describes_what_the_report_writes() -> None:
    """Each record's keys in the schema are its fields: a new field must be documented."""
    defs = schema()["$defs"]
    report = bundled_report()
    fields = {"violation": {f.name for f in dataclasses.fields(report.violations[0])} | {"fingerprint"},
              "not_checked": {f.name for f in dataclasses.fields(report.not_checked[0])},
              "document": {f.name for f in dataclasses.fields(report.documents[0])},
              "rule": {f.name for f in dataclasses.fields(report.rules[0])}}
    for name, keys in fields.items():
        assert set(defs[name]["properties"]) == set(defs[name]["required"]) == keys, name
    assert defs["document"]["properties"]["kind"]["enum"] == list(DOCUMENT_KINDS)
    top = schema()
    assert set(top["properties"]) == set(top["required"]) == {"plancheck_report", *report.to_dict()}
    assert set(defs["summary"]["required"]) == set(report.summary())


@pytest.mark.parametrize("broken", [
    {"plancheck_report": 2},
    {"violations": [{"rule": "KPI-001"}]},
    {"summary": {"by_municipality": {"府中市": {"error": 1, "warning": 0, "info": 0}}}},
])
def test_the_schema_refuses_what_is_not_a_report(broken: dict[str, Any]) -> None:
    data = json.loads(str(render(bundled_report(), "json")))
    for key, value in broken.items():
        data[key] = {**data[key], **value} if isinstance(value, dict) and key == "summary" else value
    assert list(jsonschema.Draft202012Validator(schema()).iter_errors(data))


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_orjson_writes_what_the_standard_encoder_writes(fmt: str) -> None:
    """checker.reporters.shared.json_text: the bytes of json.dumps(indent=2, ensure_ascii=False),
    on a real report (texts with Japanese and controls, integers, booleans, null, nesting), and the
    standard encoder for what orjson refuses."""
    from checker.reporters import json as json_reporter, sarif
    from checker.reporters.shared import json_text

    report = bundled_report()
    data = json_reporter.to_json(report) if fmt == "json" else sarif.to_sarif(report, "ja")
    assert json_text(data) == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    for odd in ({"text": "安曇野\u202e\x00\"\\\t/", "empty": [], "none": {}, "nested": {"x": None, "no": False, "n": -3}},
                {"big": 2**70}):  # the second: orjson refuses it, the standard encoder writes it
        assert json_text(odd) == json.dumps(odd, ensure_ascii=False, indent=2) + "\n"
