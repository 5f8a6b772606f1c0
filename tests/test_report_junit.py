"""JUnit reporter: one suite per document, one testcase per rule in force, failures carrying the
violations, waived ones skipped, input problems as errors, counts that add up."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from collections import Counter

from checker.report import Report, Violation
from checker.reporters import render
from tests.test_report_sarif import CITY_FILE, EVIL_TITLE, bundled_report, hand_report


def parse(report: Report, lang: str = "ja") -> ET.Element:
    text = render(report, "junit", lang)
    assert isinstance(text, str) and text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def counts(element: ET.Element) -> tuple[int, int, int, int]:
    return tuple(int(element.get(k, "-1")) for k in ("tests", "failures", "errors", "skipped"))  # type: ignore[return-value]


def suite(root: ET.Element, doc: str) -> ET.Element:
    (found,) = [s for s in root.iter("testsuite") if s.find(f"properties/property[@name='document'][@value='{doc}']") is not None]
    return found


def case(element: ET.Element, rule: str) -> ET.Element:
    (found,) = [c for c in element.iter("testcase") if c.get("name", "").split()[0] == rule]
    return found


def test_bundled_suites_cases_and_counts() -> None:
    # The rules not checked on the bundled plans are skipped testcases (tests/test_not_checked_reports.py).
    report = dataclasses.replace(bundled_report(), not_checked=())
    root = parse(report)
    suites = root.findall("testsuite")
    # the checked documents, and bundled reference documents with findings — no input
    # problems, no extra suite
    found = {v.document for v in report.violations}
    shown = [d.id for d in report.documents if not d.bundled or d.id in found]
    assert [s.find("properties/property[@name='document']").get("value") for s in suites] == shown  # type: ignore[union-attr]
    kinds = {d.id: d.kind for d in report.documents}

    def applicable(doc: str) -> list[str]:
        return [f"{r.id} {r.name}" for r in report.rules if not r.applies_to or kinds[doc] in r.applies_to]

    # a failing testcase per (document, rule) with active errors/warnings; info does not fail
    failing = {(v.document, v.rule) for v in report.active if v.severity != "info"}
    assert counts(root) == (sum(len(applicable(d)) for d in shown), len(failing), 0, 0)
    assert len(applicable("azumino/strategy-2")) > 40
    assert len(applicable("national/ipss-2013")) < len(applicable("azumino/strategy-2")) / 4  # applies_to at work
    for s in suites:
        doc = s.find("properties/property[@name='document']").get("value")  # type: ignore[union-attr]
        assert counts(s) == (len(applicable(doc)), sum(1 for d, _ in failing if d == doc), 0, 0)
        assert [c.get("name") for c in s.findall("testcase")] == applicable(doc)
        assert {c.get("classname") for c in s.findall("testcase")} == {doc}
    assert sum(counts(s)[1] for s in suites) == counts(root)[1]


def _expected_line(v: Violation) -> str:
    return f"{v.file}:{v.line} {v.subject} {v.message['ja']}" + ("（二次情報に基づく）" if v.secondary else "")


def test_bundled_failures_carry_the_violations() -> None:
    report = bundled_report()
    root = parse(report)
    s2 = suite(root, "azumino/strategy-2")
    assert s2.get("name") == "azumino/strategy-2 第2期安曇野市まち・ひと・しごと創生総合戦略"
    per002 = case(s2, "PER-002").find("failure")
    assert per002 is not None and per002.get("type") == "error"
    assert per002.text is not None and per002.text.startswith("plans/azumino/strategy-2.yaml:17 azumino/strategy-2 「第2期")
    assert per002.get("message") == per002.text.split(" ", 2)[2]  # one violation: its message
    # every failing testcase lists exactly its document's active error/warning violations of that rule
    for s in root.findall("testsuite"):
        doc = s.find("properties/property[@name='document']").get("value")  # type: ignore[union-attr]
        for c in s.findall("testcase"):
            rule = (c.get("name") or "").split()[0]
            expected = [v for v in report.active if v.document == doc and v.rule == rule and v.severity != "info"]
            failure = c.find("failure")
            if not expected:
                assert failure is None
                continue
            assert failure is not None and failure.text == "\n".join(_expected_line(v) for v in expected)
            assert failure.get("type") == ("error" if any(v.severity == "error" for v in expected) else "warning")
    # several violations of a rule on a document: one failure, its message the rule's title and count
    several = Counter((v.document, v.rule) for v in report.active if v.severity != "info")
    (doc, rule), n = several.most_common(1)[0]
    assert n > 1
    failure = case(suite(root, str(doc)), rule).find("failure")
    assert failure is not None and len((failure.text or "").splitlines()) == n
    title = next(r.title["ja"] for r in report.rules if r.id == rule)
    assert failure.get("message") == f"{title}（{n} 件）"
    assert case(s2, "LAW-001").find("failure") is None and list(case(s2, "LAW-001")) == []  # passing: empty
    # CNT-003 is info: listed in system-out, the testcase passes
    (info,) = [v for v in report.violations if v.rule == "CNT-003"]
    cnt = case(suite(root, "azumino/strategy-1"), "CNT-003")
    assert cnt.find("failure") is None and cnt.find("skipped") is None
    assert cnt.findtext("system-out") == _expected_line(info)


def test_hand_report_counts_waived_secondary_and_input() -> None:
    report = hand_report()
    root = parse(report, "en")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [  # the bundled nat/strategy has no finding: no suite
        "city/strategy 悪い<script>alert(1)</script> | \"引用\" 'quote' 2行目 `code`",  # newline → space, rest intact
        "input (problems outside any document)"]
    city, inputs = suites
    # 4 rules; city: GOAL-001 fails, KPI-001 skipped (waived), CNT-003 info passes, WAIVER-002 fails
    assert counts(city) == (5, 2, 0, 1)
    assert counts(inputs) == (1, 0, 1, 0)
    assert counts(root) == (6, 2, 1, 1)
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
    assert cnt.findtext("system-out") == f"{CITY_FILE}:5 city/strategy The lists are an excerpt (rests on a secondary source)"
    waiver = case(city, "WAIVER-002").find("failure")
    assert waiver is not None and waiver.get("type") == "warning" and (waiver.text or "").startswith(f"{CITY_FILE}:61 ")
    (broken,) = inputs.findall("testcase")
    assert broken.get("classname") == "plans/broken.yaml" and broken.get("name") == "INPUT-003 plan-field-or-type-error"
    error = broken.find("error")
    assert error is not None and error.get("type") == "error" and error.get("message") == "field title is missing"
    assert error.text == "plans/broken.yaml plans/broken.yaml field title is missing"


def test_japanese_and_escaping() -> None:
    report = hand_report()
    text = render(report, "junit", "ja")
    assert isinstance(text, str)
    assert "<script>" not in text and "&lt;script&gt;" in text
    root = ET.fromstring(text.encode("utf-8"))
    kpi = case(suite(root, "city/strategy"), "KPI-001")
    assert kpi.find("skipped").get("message") == "適用除外: 新設施策のため次年度に設定"  # type: ignore[union-attr]
    cnt = case(suite(root, "city/strategy"), "CNT-003")
    assert cnt.findtext("system-out") == f"{CITY_FILE}:5 city/strategy 一覧は抜粋です（二次情報に基づく）"
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
    root = parse(report, "en")
    kpi = case(root, "KPI-001")
    assert kpi.find("skipped") is None
    failure = kpi.find("failure")
    assert failure is not None and failure.text == f"{CITY_FILE}:31 city/strategy#G1-M2 Measure '創業支援' has no KPI"
    assert (kpi.findtext("system-out") or "").startswith("[waived: 新設施策のため次年度に設定] plans/city/strategy.yaml:30")
    assert counts(root) == (4, 1, 0, 0)
    assert Counter(c.tag for c in root.iter() if c.tag in ("failure", "skipped", "error")) == Counter({"failure": 1})
