"""JUnit reporter: one suite per document, one testcase per rule in force; failures are the
findings at or above --fail-on (so a run that exits 0 shows no failed test), findings below it
in system-out, waived and not-checked ones skipped, input problems as errors, counts that add
up — and files that junitparser and xunitparser (the consumers CI tools are built on) read."""

from __future__ import annotations

import dataclasses
import io
import xml.etree.ElementTree as ET
from collections import Counter

import junitparser
import pytest
import xunitparser

from checker.report import SEVERITY_RANK, Report, Violation
from checker.reporters import render
from tests.test_report_sarif import CITY_FILE, EVIL_TITLE, bundled_report, hand_report

LEVELS = ("error", "warning", "info", "never")


def text_of(report: Report, lang: str = "ja", **extras: object) -> str:
    text = render(report, "junit", lang, **extras)
    assert isinstance(text, str) and text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return text


def parse(report: Report, lang: str = "ja", **extras: object) -> ET.Element:
    return ET.fromstring(text_of(report, lang, **extras).encode("utf-8"))


def counts(element: ET.Element) -> tuple[int, int, int, int]:
    return tuple(int(element.get(k, "-1")) for k in ("tests", "failures", "errors", "skipped"))  # type: ignore[return-value]


def doc_of(s: ET.Element) -> str:
    (doc,) = {c.get("classname") for c in s.findall("testcase")}
    return str(doc)


def suite(root: ET.Element, doc: str) -> ET.Element:
    (found,) = [s for s in root.findall("testsuite") if s.findall("testcase") and doc_of(s) == doc]
    return found


def case(element: ET.Element, rule: str) -> ET.Element:
    (found,) = [c for c in element.iter("testcase") if c.get("name", "").split()[0] == rule]
    return found


def failing(report: Report, fail_on: str) -> list[Violation]:
    """The violations that fail a run at `fail_on` (as Report.exit_code counts them)."""
    if fail_on == "never":
        return []
    return [v for v in report.failing if v.family != "input" and SEVERITY_RANK[v.severity] >= SEVERITY_RANK[fail_on]]


def test_bundled_suites_cases_and_counts() -> None:
    # The rules not checked on the bundled plans are skipped testcases (tests/test_not_checked_reports.py).
    report = dataclasses.replace(bundled_report(), not_checked=())
    root = parse(report)
    suites = root.findall("testsuite")
    assert [child.tag for child in root] == ["testsuite"] * len(suites)  # nothing else: xunitparser, pytest
    # the checked documents, and bundled reference documents with findings — no input
    # problems, no extra suite
    found = {v.document for v in report.violations}
    shown = [d.id for d in report.documents if not d.bundled or d.id in found]
    assert [doc_of(s) for s in suites] == shown
    kinds = {d.id: d.kind for d in report.documents}

    def applicable(doc: str) -> list[str]:
        return [f"{r.id} {r.name}" for r in report.rules if not r.applies_to or kinds[doc] in r.applies_to]

    # a failing testcase per (document, rule) with active errors: warnings and info do not fail
    fails = {(v.document, v.rule) for v in failing(report, "error")}
    assert fails and {v.severity for v in report.active} == {"error", "warning", "info"}
    assert counts(root) == (sum(len(applicable(d)) for d in shown), len(fails), 0, 0)
    assert len(applicable("azumino/strategy-2")) > 40
    assert len(applicable("national/ipss-2013")) < len(applicable("azumino/strategy-2")) / 4  # applies_to at work
    for s in suites:
        doc = doc_of(s)
        assert counts(s) == (len(applicable(doc)), sum(1 for d, _ in fails if d == doc), 0, 0)
        assert [c.get("name") for c in s.findall("testcase")] == applicable(doc)
    assert sum(counts(s)[1] for s in suites) == counts(root)[1]


def _expected_line(v: Violation) -> str:
    return f"{v.file}:{v.line} {v.subject} {v.message['ja']}" + ("（二次情報に基づく）" if v.secondary else "")


_MARK = {"error": "[エラー] ", "warning": "[警告] ", "info": "[情報] "}


def test_bundled_failures_carry_the_violations() -> None:
    report = bundled_report()
    for fail_on in LEVELS:
        root = parse(report, fail_on=fail_on)
        fails = failing(report, fail_on)
        for s in root.findall("testsuite"):
            if not s.findall("testcase"):
                continue
            doc = doc_of(s)
            for c in s.findall("testcase"):
                rule = (c.get("name") or "").split()[0]
                mine = [v for v in report.active if v.document == doc and v.rule == rule]
                expected = [v for v in fails if v.document == doc and v.rule == rule]
                below = [v for v in mine if v not in expected]
                failure = c.find("failure")
                # findings below the level: in system-out, marked with their severity
                assert (c.findtext("system-out") or "").splitlines() == [_MARK[v.severity] + _expected_line(v) for v in below]
                if not expected:
                    assert failure is None
                    continue
                assert failure is not None and failure.text == "\n".join(_expected_line(v) for v in expected)
                assert failure.get("type") == max((v.severity for v in expected), key=SEVERITY_RANK.__getitem__)
        assert counts(root)[1] == len({(v.document, v.rule) for v in fails})
    root = parse(report)  # --fail-on not given: error
    assert ET.tostring(root) == ET.tostring(parse(report, fail_on="error"))
    s2 = suite(root, "azumino/strategy-2")
    assert s2.get("name") == "azumino/strategy-2 第2期安曇野市まち・ひと・しごと創生総合戦略"
    per002 = case(s2, "PER-002").find("failure")
    assert per002 is not None and per002.get("type") == "error"
    assert per002.text is not None and per002.text.startswith("plans/azumino/strategy-2.yaml:17 azumino/strategy-2 「第2期")
    assert per002.get("message") == per002.text.split(" ", 2)[2]  # one violation: its message
    # several violations of a rule on a document: one failure, its message the rule's title and count
    root = parse(report, fail_on="info")
    several = Counter((v.document, v.rule) for v in report.active)
    (doc, rule), n = several.most_common(1)[0]
    assert n > 1
    failure = case(suite(root, str(doc)), rule).find("failure")
    assert failure is not None and len((failure.text or "").splitlines()) == n
    title = next(r.title["ja"] for r in report.rules if r.id == rule)
    assert failure.get("message") == f"{title}（{n} 件）"
    assert case(s2, "LAW-001").find("failure") is None and list(case(s2, "LAW-001")) == []  # passing: empty


@pytest.mark.parametrize("fail_on", LEVELS)
def test_consumers_read_it_and_a_passing_run_shows_no_failure(fail_on: str) -> None:
    """junitparser and xunitparser read the file; their failures are the findings at or above
    --fail-on, their skipped tests the not-checked entries, all else passes; so the file shows
    a failed test exactly when the run's exit code is 1."""
    report = bundled_report()
    text = text_of(report, fail_on=fail_on)
    fails = {(v.document, v.rule) for v in failing(report, fail_on)}
    skipped = {(n.document, n.rule, n.subject) for n in report.not_checked}
    assert skipped
    # xunitparser (a unittest result: its parse asserts the totals of <testsuites> too)
    suites, result = xunitparser.parse(io.StringIO(text))
    assert result.testsRun == counts(ET.fromstring(text.encode()))[0]
    assert len(result.failures) == len(fails) and not result.errors
    assert len(result.skipped) == len(skipped)
    assert result.wasSuccessful() == (report.exit_code(fail_on) == 0)  # type: ignore[arg-type]
    assert {(t.classname, t.methodname.split()[0]) for t, _ in result.failures} == fails
    properties = suites.properties  # every suite's, merged: each name once
    assert properties["fail_on"] == fail_on and properties["plancheck"] == report.version
    assert properties["as_of"] == report.as_of
    assert properties["reference:national/strategy-2"].startswith("第2期 まち・ひと・しごと創生総合戦略 (決定 2019年12月20日")
    # junitparser
    xml = junitparser.JUnitXml.fromstring(text.encode("utf-8"))
    cases = [c for s in xml for c in s]
    assert (xml.tests, xml.failures, xml.errors, xml.skipped) == (len(cases), len(fails), 0, len(skipped))
    failed = [c for c in cases if any(isinstance(r, junitparser.Failure) for r in c.result)]
    assert {(c.classname, c.name.split()[0]) for c in failed} == fails
    assert sum(c.is_skipped for c in cases) == len(skipped)
    assert sum(c.is_passed for c in cases) == len(cases) - len(fails) - len(skipped)
    texts = [r.text or "" for c in cases for r in c.result if isinstance(r, junitparser.Skipped)]
    assert all(r.message for c in cases for r in c.result if isinstance(r, junitparser.Skipped))
    for n in report.not_checked:  # each entry, where it could not be seen and why, in its skipped test
        assert any(f" {n.subject} {n.message['ja']}" in t for t in texts), n
    named = Counter(p.name for s in xml for p in s.properties())
    assert named and max(named.values()) == 1


def test_the_command_line_default_is_error() -> None:
    """cli.py passes --fail-on to the reporters; without it a JUnit file fails on errors only."""
    report = bundled_report()
    assert text_of(report) == text_of(report, fail_on=None) == text_of(report, fail_on="error")
    assert text_of(report, fail_on="warning") != text_of(report)
    with pytest.raises(ValueError, match="fail_on"):
        text_of(report, fail_on="warnings")


def test_hand_report_counts_waived_secondary_and_input() -> None:
    report = hand_report()
    root = parse(report, "en")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [  # the bundled nat/strategy has no finding: no suite
        "city/strategy 悪い<script>alert(1)</script> | \"引用\" 'quote' 2行目 `code`",  # newline → space, rest intact
        "input (problems outside any document)"]
    city, inputs = suites
    # 4 rules + WAIVER-002; GOAL-001 fails, KPI-001 skipped (waived), CNT-003 (info) and WAIVER-002
    # (warning) pass below --fail-on error
    assert counts(city) == (5, 1, 0, 1)
    assert counts(inputs) == (1, 0, 1, 0)
    assert counts(root) == (6, 1, 1, 1)
    assert counts(parse(report, "en", fail_on="warning")) == (6, 2, 1, 1)
    assert counts(parse(report, "en", fail_on="info")) == (6, 3, 1, 1)
    assert counts(parse(report, "en", fail_on="never")) == (6, 0, 1, 1)  # an input error is still an error (exit 2)
    assert [c.get("name") for c in city.findall("testcase")] == [
        "GOAL-001 goal-has-numerical-target", "KPI-001 measure-has-kpi", "CNT-003 excerpt-lists-unverifiable",
        "LAW-001 strategy-considers-national-strategy", "WAIVER-002 unused-waiver"]
    goal = case(city, "GOAL-001").find("failure")
    assert goal is not None and goal.get("type") == "error"
    assert goal.text == f"{CITY_FILE}:12 city/strategy#G1 Basic goal '{EVIL_TITLE}' has no numerical target"
    assert goal.get("message") == f"Basic goal '{' '.join(EVIL_TITLE.split())}' has no numerical target"
    kpi = case(city, "KPI-001")
    assert kpi.find("failure") is None
    assert kpi.find("skipped").get("message") == "waived: 新設施策のため次年度に設定"  # type: ignore[union-attr]
    assert "[waived: 新設施策のため次年度に設定] plans/city/strategy.yaml:30" in (kpi.findtext("system-out") or "")
    cnt = case(city, "CNT-003")
    assert cnt.find("failure") is None and cnt.find("skipped") is None
    assert cnt.findtext("system-out") == f"[info] {CITY_FILE}:5 city/strategy The lists are an excerpt (rests on a secondary source)"
    waiver = case(city, "WAIVER-002")
    assert waiver.find("failure") is None and (waiver.findtext("system-out") or "").startswith(f"[warning] {CITY_FILE}:61 ")
    waiver = case(parse(report, "en", fail_on="warning"), "WAIVER-002").find("failure")
    assert waiver is not None and waiver.get("type") == "warning" and (waiver.text or "").startswith(f"{CITY_FILE}:61 ")
    (broken,) = inputs.findall("testcase")
    assert broken.get("classname") == "plans/broken.yaml" and broken.get("name") == "INPUT-003 plan-field-or-type-error"
    error = broken.find("error")
    assert error is not None and error.get("type") == "error" and error.get("message") == "field title is missing"
    assert error.text == "plans/broken.yaml plans/broken.yaml field title is missing"
    # the run's properties: in the first suite, once
    assert {p.get("name"): p.get("value") for p in root.iter("property")} == {
        "plancheck": "9.9.9", "as_of": "2026-11-27", "fail_on": "error"}
    assert city.find("properties") is not None and inputs.find("properties") is None
    # the consumers agree: xunitparser counts the input problem as an error
    _, result = xunitparser.parse(io.StringIO(text_of(report, "en")))
    assert (result.testsRun, len(result.failures), len(result.errors), len(result.skipped)) == (6, 1, 1, 1)


def test_japanese_and_escaping() -> None:
    report = hand_report()
    text = text_of(report, "ja")
    assert "<script>" not in text and "&lt;script&gt;" in text
    root = ET.fromstring(text.encode("utf-8"))
    kpi = case(suite(root, "city/strategy"), "KPI-001")
    assert kpi.find("skipped").get("message") == "適用除外: 新設施策のため次年度に設定"  # type: ignore[union-attr]
    cnt = case(suite(root, "city/strategy"), "CNT-003")
    assert cnt.findtext("system-out") == f"[情報] {CITY_FILE}:5 city/strategy 一覧は抜粋です（二次情報に基づく）"
    assert root.find("testsuite[last()]").get("name") == "入力（文書に属さない問題）"  # type: ignore[union-attr]


def test_characters_xml_cannot_hold_are_replaced() -> None:
    v = next(v for v in hand_report().violations if v.rule == "GOAL-001")
    bell = Violation(**{**v.__dict__, "message": {"ja": "ベル\x07と\x00ヌル", "en": "bell\x07"}})
    root = parse(Report((bell,), rules=hand_report().rules))
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and failure.get("message") == "ベル\ufffdと\ufffdヌル"


def test_several_waivers_and_an_active_violation_on_one_rule() -> None:
    base = next(v for v in hand_report().violations if v.rule == "KPI-001")
    active = Violation(**{**base.__dict__, "subject": "city/strategy#G1-M2", "line": 31, "waived": None})
    report = Report((base, active), rules=hand_report().rules)
    root = parse(report, "en", fail_on="warning")
    kpi = case(root, "KPI-001")
    assert kpi.find("skipped") is None
    failure = kpi.find("failure")
    assert failure is not None and failure.text == f"{CITY_FILE}:31 city/strategy#G1-M2 Measure '創業支援' has no KPI"
    assert (kpi.findtext("system-out") or "").startswith("[waived: 新設施策のため次年度に設定] plans/city/strategy.yaml:30")
    assert counts(root) == (4, 1, 0, 0)
    assert Counter(c.tag for c in root.iter() if c.tag in ("failure", "skipped", "error")) == Counter({"failure": 1})
    # at the default level the warning passes, listed with its severity
    kpi = case(parse(report, "en"), "KPI-001")
    assert kpi.find("failure") is None
    assert (kpi.findtext("system-out") or "").splitlines()[0] == f"[warning] {CITY_FILE}:31 city/strategy#G1-M2 Measure '創業支援' has no KPI"


def test_known_violations_never_fail() -> None:
    report = hand_report()
    known = Report(tuple(dataclasses.replace(v, known=True) if v.rule == "GOAL-001" else v for v in report.violations),
                   report.documents, report.rules, report.files, report.as_of, report.version)
    goal = case(parse(known, "en", fail_on="info"), "GOAL-001")
    assert goal.find("failure") is None and (goal.findtext("system-out") or "").startswith("[known] plans/city/strategy.yaml:12")


def test_an_empty_report_still_holds_the_run_properties() -> None:
    root = parse(Report((), version="9.9.9", as_of="2026-11-27"), fail_on="warning")
    (only,) = root.findall("testsuite")
    assert only.get("name") == "plancheck" and counts(only) == counts(root) == (0, 0, 0, 0)
    assert [p.get("name") for p in only.iter("property")] == ["plancheck", "as_of", "fail_on"]
    _, result = xunitparser.parse(io.StringIO(text_of(Report(()))))
    assert result.testsRun == 0 and result.wasSuccessful()
