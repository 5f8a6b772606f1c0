""""Not checked" entries and the reference documents read, in every report format.

The plan set: a city in a prefecture with no bundled reference data (架空県), whose 1st strategy
lists its KPIs only in excerpt and whose 2nd strategy's adoption date is `unknown`. So rules
could not be checked for three reasons (reference data missing, an excerpt, an unknown fact).
Each format shows those entries apart from the violations, at info level, never counted and
never changing the exit code; and each lists the national and prefectural documents that were
read, with their dates."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from checker import api
from checker.batch import describe
from checker.load import load_documents
from checker.load.cache import ParseCache
from checker.report import NotChecked, Report
from checker.reporters import render
from checker.reporters.html import render as render_html
from cli import main
from support.chromium import Chromium, find_chromium
from tests.conftest import AS_OF
from tests.test_report_markdown import assert_well_formed, sections, tables
from checker.reporters.sarif import artifact_location
from tests.test_report_sarif import validate

STRATEGY_1 = """
kind: municipal_strategy
id: kakuu/strategy-1
title: 架空市まち・ひと・しごと創生総合戦略
municipality: 架空市
prefecture: 架空県
period: {from: H27, to: R1}
adopted: H28-03-25
published: H28-03-31
considers: [national/strategy-1]
lists: {excerpt: [kpis]}
goals:
  - id: G1
    title: しごとをつくる
    considers: [national/strategy-1#G1]
    measures:
      - {id: G1-M1, title: 創業支援}
"""

STRATEGY_2 = """
kind: municipal_strategy
id: kakuu/strategy-2
title: 第2期架空市まち・ひと・しごと創生総合戦略
municipality: 架空市
prefecture: 架空県
period: {from: R2, to: R6}
adopted: unknown
published: R2-03-27
considers: [national/strategy-2]
goals:
  - id: G1
    title: しごとをつくる
    considers: [national/strategy-2#G1]
    targets:
      - {id: G1-T1, title: 雇用者数, unit: 人, baseline: {year: R1年度, value: 100}, target: {year: R6年度, value: 150}, direction: increase, source: 統計}
    measures:
      - id: G1-M1
        title: 創業支援
        kpis:
          - {id: G1-M1-K1, title: 創業件数, unit: 件, baseline: {year: R1年度, value: 5}, target: {year: R6年度, value: 10}, source: 市調べ}
        projects:
          - {id: G1-M1-P1, title: 創業塾}
"""

CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("kakuu")
    _write(root, "strategy-1.yaml", STRATEGY_1)
    _write(root, "strategy-2.yaml", STRATEGY_2)
    return root


@pytest.fixture(scope="module")
def report(folder: Path) -> Report:
    return api.check([folder], as_of=AS_OF)


def _where(n: NotChecked) -> str:
    return f"{n.file}:{n.line}" if n.line else n.file


def _plan_text(report: Report) -> list[str]:
    """Text that comes from the plan files (titles, names): shown as written in either language."""
    found = {d.title for d in report.documents} | {d.owner for d in report.documents}
    found |= {n.subject_title or "" for n in report.not_checked}
    found |= {str(v) for n in report.not_checked for v in n.params.values()}
    return sorted((t for t in found if t), key=len, reverse=True)


def _english_only(text: str, report: Report) -> bool:
    for plain in _plan_text(report):
        text = text.replace(plain, "")
    return not CJK.search(text)


# --- the plan set and what it gives -----------------------------------------------------------------

def test_the_plan_set_cannot_be_checked_in_three_ways(report: Report) -> None:
    missing = {(n.rule, n.subject, n.missing) for n in report.not_checked}
    assert ("LAW-003", "kakuu/strategy-1", ("reference_data",)) in missing  # nothing bundled for 架空県
    assert ("KPI-001", "kakuu/strategy-1", ("lists.kpis",)) in missing  # an excerpt
    assert ("DATE-004", "kakuu/strategy-2", ("adopted",)) in missing  # adopted: unknown
    assert not {(v.rule, v.subject) for v in report.violations} & {(r, s) for r, s, _ in missing}


def test_documents_carry_their_dates(report: Report) -> None:
    docs = {d.id: d for d in report.documents}
    assert (docs["national/strategy-2"].date, docs["national/strategy-2"].date_kind,
            docs["national/strategy-2"].period) == ("2019-12-20", "decided", "2020-2024")
    assert (docs["national/ipss-2018"].date_kind, docs["national/ipss-2018"].period) == ("released", "")
    assert docs["kakuu/strategy-1"].date == "2016-03-25" and docs["kakuu/strategy-1"].date_kind == "adopted"
    # adopted unknown: the publication date is what is known
    assert (docs["kakuu/strategy-2"].date, docs["kakuu/strategy-2"].date_kind) == ("2020-03-27", "published")
    grant = next(d for d in report.documents if d.kind == "grant_programme")
    assert grant.date == "" and re.fullmatch(r"\d{4}-(\d{4})?", grant.period)
    # the JSON report keeps them, and reads them back
    data = json.loads(str(render(report, "json")))
    assert {"id": "national/strategy-2", "date": "2019-12-20", "date_kind": "decided", "period": "2020-2024"}.items() \
        <= next(d for d in data["documents"] if d["id"] == "national/strategy-2").items()
    assert Report.from_dict(data).documents == report.documents
    assert data["summary"]["not_checked"] == len(data["not_checked"]) == len(report.not_checked)


def test_unknown_dates_and_periods(tmp_path: Path) -> None:
    _write(tmp_path, "pref.yaml", """
        kind: prefectural_strategy
        id: kakuu-ken/strategy-2
        title: 架空県総合戦略
        prefecture: 架空県
        adopted: {unknown: 奥付なし}
        period: unknown
    """)
    (doc,) = [d for d in load_documents([tmp_path], include_reference=False).documents]
    info = describe(doc)
    assert (info.date, info.date_kind, info.period, info.level) == ("unknown", "adopted", "unknown", "prefectural")
    text = str(render(Report((), documents=(info,)), "text", "en"))
    assert "kakuu-ken/strategy-2  adopted unknown; period unknown  架空県総合戦略" in text


def test_dates_survive_the_result_cache_of_a_batch_check(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    _write(plans / "kakuu", "strategy-1.yaml", STRATEGY_1)
    _write(plans / "kakuu", "strategy-2.yaml", STRATEGY_2)
    _write(plans / "kasou", "strategy-2.yaml", STRATEGY_2.replace("kakuu/", "kasou/").replace("架空市", "仮想町"))
    rules = api.configure().rules  # rules as objects: no whole report in the cache, each municipality's findings
    first = api.check([plans], as_of=AS_OF, cache=ParseCache(tmp_path / "cache"), rules=rules)
    cache = ParseCache(tmp_path / "cache")
    again = api.check([plans], as_of=AS_OF, cache=cache, rules=rules)
    assert cache.result_hits == 2  # two municipalities, each from the cache: through cache_codec
    assert again.documents == first.documents and again.not_checked == first.not_checked
    kasou = next(d for d in again.documents if d.id == "kasou/strategy-2")
    assert (kasou.date, kasou.date_kind, kasou.period) == ("2020-03-27", "published", "2020-2024")
    municipal = {n.document for n in again.not_checked if (n.document or "").startswith(("kakuu/", "kasou/"))}
    assert municipal == {"kakuu/strategy-1", "kakuu/strategy-2", "kasou/strategy-2"}


# --- never a violation, never the exit code -----------------------------------------------------------

def test_not_checked_never_counts_nor_fails(report: Report, folder: Path) -> None:
    bare = dataclasses.replace(report, not_checked=())
    for fail_on in ("error", "warning", "info", "never"):
        assert report.exit_code(fail_on) == bare.exit_code(fail_on)  # type: ignore[arg-type]
    with_, without = report.summary(), bare.summary()
    assert with_.pop("not_checked") == len(report.not_checked) > 0 and without.pop("not_checked") == 0
    assert with_ == without
    # Only rules that cannot be checked on the city's plans: nothing found, exit 0 even at --fail-on info.
    result = CliRunner().invoke(main, ["check", str(folder), "--no-cache", "--no-reference", "--as-of", AS_OF.isoformat(),
                                       "--select", "DATE-004", "--select", "LAW-006", "--fail-on", "info"])
    assert result.exit_code == 0, result.output
    assert "エラー 0、警告 0、情報 0、確認できず 2 — 問題は見つかりませんでした" in result.stdout
    assert "DATE-004" in result.stdout and "LAW-006" in result.stdout
    # and with the whole catalogue the exit code is that of the violations alone
    result = CliRunner().invoke(main, ["check", str(folder), "--no-cache", "--as-of", AS_OF.isoformat(),
                                       "--fail-on", "info", "--format", "json"])
    assert result.exit_code == bare.exit_code("info")


# --- text -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["ja", "en"])
def test_text(report: Report, lang: str) -> None:
    out = str(render(report, "text", lang))
    blocks = [b.splitlines() for b in out.split("\n\n")]
    titles = {d.id: d.title for d in report.documents}
    heading = " [確認できなかった項目]" if lang == "ja" else " [not checked]"
    mark = "確認できず" if lang == "ja" else "not checked"
    for doc in ("kakuu/strategy-1", "kakuu/strategy-2"):
        (block,) = [b for b in blocks if b[0] == f"{titles[doc]} ({doc})"]
        entries = block[block.index(heading) + 1:]  # after the document's findings
        expected = [n for n in report.not_checked if n.document == doc]
        assert entries == [f"  {_where(n)}  {mark}  {n.rule}  {n.message[lang]}" for n in expected]
    assert out.count(heading) == len({n.document or n.file for n in report.not_checked})
    lines = out.splitlines()
    summary = lines[-1]
    n = len(report.not_checked)
    assert (f"、確認できず {n}" if lang == "ja" else f", {n} not checked") in summary
    # the reference documents, before the summary
    start = lines.index("参照した文書:" if lang == "ja" else "Reference documents:")
    refs = lines[start + 1:lines.index("", start)]
    ids = [line.split()[0] for line in refs]
    # 架空県 has no reference data: what the check compared against is the national documents only
    assert ids == sorted(d.id for d in report.documents if d.level == "national") and "national/strategy-2" in ids
    (national,) = [line for line in refs if line.split()[0] == "national/strategy-2"]
    if lang == "ja":
        assert "決定 R元年12月20日、期間 R2年度〜R6年度  第2期 まち・ひと・しごと創生総合戦略" in national
    else:
        assert "decided 2019-12-20; period FY2020–FY2024" in national
        assert _english_only("\n".join(refs + [line for b in blocks for line in b if mark in line]), report)
    assert start < len(lines) - 1


def test_text_without_not_checked_says_nothing_of_it(report: Report) -> None:
    out = str(render(dataclasses.replace(report, not_checked=(), documents=()), "text", "ja"))
    assert "確認でき" not in out and "参照した文書" not in out


# --- Markdown -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["ja", "en"])
def test_markdown(report: Report, lang: str) -> None:
    text = str(render(report, "markdown", lang))
    assert_well_formed(text)
    heads = sections(text)
    nc, refs = ("確認できなかった項目", "参照した文書") if lang == "ja" else ("Not checked", "Reference documents")
    assert heads[-2:] == [nc, refs]
    found = tables(text)
    unseen, documents = found[-2], found[-1]
    assert unseen[0] == (["ルール", "対象", "場所", "不明な点", "内容"] if lang == "ja"
                         else ["Rule", "Subject", "Location", "What is unknown", "Message"])
    assert [(r[0], r[2]) for r in unseen[2:]] == [(n.rule, _where(n)) for n in report.not_checked]
    by_rule = {(r[0], r[1]): r for r in unseen[2:]}
    law = by_rule[("LAW-003", "架空市まち・ひと・しごと創生総合戦略 (kakuu/strategy-1)")]
    kpi = by_rule[("KPI-001", "架空市まち・ひと・しごと創生総合戦略 (kakuu/strategy-1)")]
    date = by_rule[("DATE-004", "第2期架空市まち・ひと・しごと創生総合戦略 (kakuu/strategy-2)")]
    if lang == "ja":
        assert (law[3], kpi[3], date[3]) == ("架空県の県の総合戦略の参照データ（同梱なし）", "KPIの一覧（抜粋）", "策定日")
    else:
        assert (law[3], kpi[3], date[3]) == ("reference data (not bundled): prefectural strategy of 架空県",
                                             "the list of KPIs (an excerpt)", "adoption date")
    assert date[4] == next(n for n in report.not_checked if n.rule == "DATE-004"
                           and n.subject == "kakuu/strategy-2").message[lang]
    # counted apart in the summary table, not in the severities
    mark = "確認できず" if lang == "ja" else "not checked"
    assert [mark, str(len(report.not_checked))] in found[0]
    assert documents[0] == (["ID", "文書", "所管", "日付", "期間"] if lang == "ja"
                            else ["ID", "Document", "Owner", "Date", "Period"])
    row = next(r for r in documents[2:] if r[0] == "national/strategy-2")
    assert row[2:] == (["国", "決定 R元年12月20日", "R2年度〜R6年度"] if lang == "ja"
                       else ["national government", "decided 2019-12-20", "FY2020–FY2024"])
    if lang == "en":
        assert _english_only("\n".join(" ".join(r) for r in unseen + documents), report)


# --- XLSX -----------------------------------------------------------------------------------------------

def _sheet_rows(ws: Any) -> list[dict[str, Any]]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, row)) for row in ws.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_xlsx(report: Report, lang: str) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(render(report, "xlsx", lang)))  # type: ignore[arg-type]
    ja = lang == "ja"
    assert wb.sheetnames == (["概要", "確認シート", "違反一覧", "確認できなかった項目", "ルール", "参照した文書"] if ja
                             else ["Summary", "Review sheet", "Violations", "Not checked", "Rules", "Reference documents"])
    ws = wb["確認できなかった項目" if ja else "Not checked"]
    header = ["ルール", "対象", "場所", "不明な点", "メッセージ"] if ja else [
        "Rule", "Subject", "Location", "What is unknown", "Message"]
    assert [c.value for c in ws[1]] == header
    rows = [tuple(r.values()) for r in _sheet_rows(ws)]
    assert [(r[0], r[2], r[4]) for r in rows] == [(n.rule, _where(n), n.message[lang]) for n in report.not_checked]
    law = next(r for r in rows if r[0] == "LAW-003" and "kakuu/strategy-1" in r[1])
    assert law[3] == ("架空県の県の総合戦略の参照データ（同梱なし）" if ja
                      else "reference data (not bundled): prefectural strategy of 架空県")
    info_fill = ws.cell(row=2, column=1).fill.fgColor.rgb
    assert {ws.cell(row=r, column=1).fill.fgColor.rgb for r in range(2, len(rows) + 2)} == {info_fill}
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:E{len(rows) + 1}"
    # the violations sheet has the violations only
    assert wb.worksheets[1].max_row == len(report.violations) + 1
    # the summary counts them apart
    pairs: dict[str, Any] = {}
    for label, value in wb.worksheets[0].iter_rows(max_col=2, values_only=True):
        if label is not None:
            pairs.setdefault(label, value)
    assert pairs["確認できなかった項目（件数に含めない）" if ja else "Not checked (not counted)"] == len(rows)
    assert pairs["合計" if ja else "Total"] == report.summary()["total"]
    national = [d for d in report.documents if d.level == "national"]
    assert pairs["参照した文書数" if ja else "Reference documents read"] == len(national) > 5
    refs = _sheet_rows(wb["参照した文書" if ja else "Reference documents"])
    strategy = next(r for r in refs if r["ID"] == "national/strategy-2")
    if ja:
        assert (strategy["種類"], strategy["所管"], strategy["日付"], strategy["期間"], strategy["同梱"]) == (
            "国の総合戦略", "国", "決定 R元年12月20日", "R2年度〜R6年度", "はい")
    else:
        assert (strategy["Kind"], strategy["Owner"], strategy["Date"], strategy["Period"], strategy["Bundled"]) == (
            "national strategy", "national government", "decided 2019-12-20", "FY2020–FY2024", "yes")
        ipss = next(r for r in refs if r["ID"] == "national/ipss-2018")
        assert (ipss["Date"], ipss["Period"]) == ("released 2018-03-30", None)
    assert {r["ID"] for r in refs} == {d.id for d in national}


# --- SARIF ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["ja", "en"])
def test_sarif_notifications(report: Report, lang: str) -> None:
    log = json.loads(str(render(report, "sarif", lang)))
    validate(log)
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert run["invocations"][0]["executionSuccessful"] is True
    assert len(notes) == len(report.not_checked)
    assert len(run["results"]) == len(report.violations)  # not results: neither a finding nor a pass
    for note, n in zip(notes, report.not_checked):
        assert note["level"] == "note" and note["message"]["text"] == n.message[lang]
        assert note["descriptor"]["id"] == n.rule == driver["notifications"][note["descriptor"]["index"]]["id"]
        assert driver["rules"][note["associatedRule"]["index"]]["id"] == n.rule
        (location,) = note["locations"]
        physical = location["physicalLocation"]
        uri = artifact_location(n.file)["uri"]
        assert physical["artifactLocation"]["uri"] == uri and physical["region"] == {"startLine": n.line}
        assert run["artifacts"][physical["artifactLocation"]["index"]]["location"]["uri"] == uri
        assert location["logicalLocations"][0]["fullyQualifiedName"] == n.subject
        assert note["properties"]["missing"] == list(n.missing)
        other = "en" if lang == "ja" else "ja"
        assert note["properties"]["message"] == {other: n.message[other]}
    assert {d["id"] for d in driver["notifications"]} == {n.rule for n in report.not_checked}
    assert all(d["defaultConfiguration"] == {"level": "note"} for d in driver["notifications"])
    # the reference documents, with their dates
    refs = {d["id"]: d for d in run["properties"]["reference_documents"]}
    assert {k: refs["national/strategy-2"][k] for k in ("date", "date_kind", "period", "bundled")} == {
        "date": "2019-12-20", "date_kind": "decided", "period": "2020-2024", "bundled": True}
    assert "kakuu/strategy-1" not in refs
    artifact = next(a for a in run["artifacts"] if a["location"]["uri"] == "plans/national/strategy-2.yaml")
    assert artifact["properties"]["reference_documents"] == ["national/strategy-2"]
    assert ("2019年12月20日" if lang == "ja" else "decided 2019-12-20") in artifact["description"]["text"]


def test_sarif_without_not_checked_has_no_notifications(report: Report) -> None:
    log = json.loads(str(render(dataclasses.replace(report, not_checked=()), "sarif", "ja")))
    validate(log)
    assert "toolExecutionNotifications" not in log["runs"][0]["invocations"][0]
    assert "notifications" not in log["runs"][0]["tool"]["driver"]


# --- JUnit ----------------------------------------------------------------------------------------------

def _junit(report: Report, lang: str = "ja") -> ET.Element:
    return ET.fromstring(str(render(report, "junit", lang)).encode("utf-8"))


def _counts(element: ET.Element) -> tuple[int, ...]:
    return tuple(int(element.get(k, "-1")) for k in ("tests", "failures", "errors", "skipped"))


def test_junit_skipped(report: Report) -> None:
    root = _junit(report)
    skipped_cases = [c for c in root.iter("testcase") if c.find("skipped") is not None]
    # each of the city's entries in one skipped testcase of its document; for the document itself
    # that is the rule's own testcase, for a subject inside it one named after the subject
    mine = [n for n in report.not_checked if (n.document or "").startswith("kakuu/")]
    assert len(mine) >= 10 and any(n.subject == n.document for n in mine)
    for n in mine:
        line = f"{_where(n)} {n.subject} {n.message['ja']}"
        (case,) = [c for c in skipped_cases if c.get("classname") == n.document
                   and line in (c.findtext("skipped") or "").splitlines()]
        own = f"{n.rule} {n.name}"
        assert case.get("name") in ((own, f"{own} ({n.subject})") if n.subject == n.document else (f"{own} ({n.subject})",))
        if [m for m in mine if (m.document, m.rule, m.subject) == (n.document, n.rule, n.subject)] == [n]:
            assert case.find("skipped").get("message") == n.message["ja"]  # type: ignore[union-attr]
    # one skipped testcase per (document, rule, subject) not checked
    assert len(skipped_cases) == len({(n.document, n.rule, n.subject) for n in report.not_checked})
    # the failures and errors are those of the violations alone; only skipped changes
    bare = _junit(dataclasses.replace(report, not_checked=()))
    assert _counts(root)[1:3] == _counts(bare)[1:3] and _counts(bare)[3] == 0
    assert _counts(root)[3] == len(skipped_cases) == sum(_counts(s)[3] for s in root.findall("testsuite"))
    assert not [f for f in root.iter("failure") if "確認できません" in (f.text or "")]
    en = _junit(report, "en")
    messages = [c.find("skipped").get("message") for c in en.iter("testcase") if c.find("skipped") is not None]  # type: ignore[union-attr]
    assert len(messages) == len(skipped_cases) and all(str(m).startswith("not checked for ") for m in messages)
    # the reference documents read, as properties of the run (in the first suite)
    prop = root.find("testsuite[1]/properties/property[@name='reference:national/strategy-2']")
    assert prop is not None and "2019年12月20日" in (prop.get("value") or "")


def test_junit_a_subject_inside_a_document_gets_a_testcase_of_its_own(report: Report) -> None:
    law = next(n for n in report.not_checked if n.rule == "LAW-003" and n.document == "kakuu/strategy-1")
    goal = dataclasses.replace(law, rule="MAP-001", name="goal-considers-national-goal",
                               subject="kakuu/strategy-1#G1", subject_title="しごとをつくる")
    orphan = dataclasses.replace(law, document=None, subject="somewhere", file="x.yaml", line=None)
    root = _junit(dataclasses.replace(report, not_checked=(*report.not_checked, goal, orphan)))
    (own,) = [c for c in root.iter("testcase") if c.get("name") == "MAP-001 goal-considers-national-goal (kakuu/strategy-1#G1)"]
    assert own.get("classname") == "kakuu/strategy-1" and own.find("skipped") is not None
    plain = [c for c in root.iter("testcase") if c.get("name") == "MAP-001 goal-considers-national-goal"
             and c.get("classname") == "kakuu/strategy-1"]
    assert len(plain) == 1 and plain[0].find("skipped") is None  # the rule was checked for the rest
    suites = [s.get("name") for s in root.findall("testsuite")]
    assert suites[-1] == "確認できなかった項目（文書に属さないもの）"
    assert _counts(root.findall("testsuite")[-1]) == (1, 0, 0, 1)


# --- HTML -----------------------------------------------------------------------------------------------

def test_html_sections(report: Report) -> None:
    out = render_html(report)
    section = out[out.index('<section id="not-checked"'):]
    section = section[:section.index("</section>")]
    assert section.count('<tbody class="nc"') == len(report.not_checked)
    assert re.findall(r'<tbody class="nc" id="nc-\d+" data-family="[^"]*" data-document="([^"]*)" data-rule="([^"]*)"',
                      section) == [(n.document, n.rule) for n in report.not_checked]
    assert "確認できなかった項目" in section and "Not checked" in section and "不明な点" in section
    assert "策定日が法の施行日以後である" in section  # the rule's title (DATE-004)
    assert "架空県の県の総合戦略の参照データ（同梱なし）" in section
    assert "reference data (not bundled): prefectural strategy of 架空県" in section
    assert re.search(rf'class="card unseen"[^>]*><span class="n">{len(report.not_checked)}</span>', out)
    assert out.count('<tbody class="v ') == len(report.violations)  # the findings table is unchanged
    assert '<a href="#not-checked">' in out and '<a href="#references">' in out
    refs = out[out.index('<section id="references"'):]
    refs = refs[:refs.index("</section>")]
    assert '<span class="seg">national/</span><wbr><span class="seg">strategy-2</span>' in refs
    assert "決定 R元年12月20日" in refs and "decided 2019-12-20" in refs  # years in the report's era style
    assert "R2年度〜R6年度" in refs and "FY2020–FY2024" in refs and "kakuu/<wbr>strategy" not in refs
    bare = render_html(dataclasses.replace(report, not_checked=()))
    assert 'id="not-checked"' not in bare and "card unseen" not in bare


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = find_chromium()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI (apt-get install chromium)")
        pytest.skip("Chromium is not installed (CI installs it)")
    return binary


def _visible(selector: str) -> str:
    return (f"Array.prototype.filter.call(document.querySelectorAll({selector!r}),"
            " function (r) { return r.getClientRects().length > 0; }).length")


def test_html_not_checked_in_chromium(report: Report, chromium: str, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render_html(report), encoding="utf-8")
    total = len(report.not_checked)
    with Chromium(chromium) as browser:
        browser.open(page.as_uri())
        assert browser.evaluate(_visible("tbody.nc")) == total
        assert browser.evaluate(_visible("tbody.v")) == len(report.active)
        assert browser.evaluate("document.getElementById('nc-filters').hidden") is False
        # filter by document
        browser.evaluate("(function(s){s.value='kakuu/strategy-1';s.dispatchEvent(new Event('change'));})"
                         "(document.getElementById('nc-document'))")
        first = sum(1 for n in report.not_checked if n.document == "kakuu/strategy-1")
        assert browser.evaluate(_visible("tbody.nc")) == first < total
        assert browser.evaluate("document.getElementById('nc-count').dataset.shown") == str(first)
        assert browser.evaluate(_visible("tbody.v")) == len(report.active)  # the findings keep their filters
        browser.click("#nc-reset")
        assert browser.evaluate(_visible("tbody.nc")) == total
        # search (full-width letters match, as in the findings)
        browser.type_text("#nc-q", "ＤＡＴＥ－００４")
        assert browser.evaluate(_visible("tbody.nc")) == sum(1 for n in report.not_checked if n.rule == "DATE-004") > 0
        browser.evaluate("(function(q){q.value='該当なしの語';q.dispatchEvent(new Event('input'));})"
                         "(document.getElementById('nc-q'))")
        assert browser.evaluate(_visible("tbody.nc")) == 0
        assert browser.evaluate("document.getElementById('nc-empty').checkVisibility()") is True
        browser.click("#nc-reset")
        # the English view is English
        browser.click(".lang button[value=en]")
        text = browser.evaluate("document.getElementById('not-checked').innerText")
        assert "Not checked" in text and "What is unknown" in text and "adoption date" in text
        assert _english_only(text, report), text
        refs = browser.evaluate("document.getElementById('references').innerText")
        assert "decided 2019-12-20" in refs and _english_only(refs, report), refs
        summary = browser.evaluate("document.querySelector('.card.unseen').innerText")
        assert summary.split() == [str(total), "Not", "checked"]
        assert browser.problems() == [], browser.problems()


# --- which reference documents are listed -----------------------------------------------------------------

def test_the_documents_compared_against_are_those_of_the_citys_prefecture(tmp_path: Path) -> None:
    """A city in 長野県 lists Nagano's documents (read and compared); the bundled documents of other
    prefectures are read as well, but not listed. Two cities in two prefectures list both."""
    _write(tmp_path / "nagano", "strategy.yaml", STRATEGY_1.replace("架空県", "長野県"))
    report = api.check([tmp_path / "nagano"], as_of=AS_OF)
    prefectural = [d for d in report.documents if d.level == "prefectural"]
    listed = str(render(report, "text", "en")).split("Reference documents:\n", 1)[1].split("\n\n", 1)[0]
    ids = [line.split()[0] for line in listed.splitlines()]
    assert ids == sorted(d.id for d in report.documents if d.level == "national") + sorted(
        d.id for d in prefectural if d.prefecture == "長野県")
    assert "nagano/strategy-1" in ids
    assert all(d.id not in ids for d in prefectural if d.prefecture != "長野県")
    # a report of reference documents alone lists them all
    alone = dataclasses.replace(report, documents=tuple(d for d in report.documents if d.level != "municipal"))
    text = str(render(alone, "text", "en"))
    assert all(f"  {d.id} " in text for d in prefectural)
