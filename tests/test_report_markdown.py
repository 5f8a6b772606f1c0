"""Markdown reporter: summary tables, one table per document, waived ones apart, and plan text
that cannot break a table or inject HTML."""

from __future__ import annotations

import re

from checker.report import Report
from checker.reporters import render
from checker.reporters.markdown import escape
from tests.test_report_sarif import bundled_report, hand_report


def md(report: Report, lang: str = "ja") -> str:
    text = render(report, "markdown", lang)
    assert isinstance(text, str)
    return text


def tables(text: str) -> list[list[list[str]]]:
    """Every table as rows of cells (a table: consecutive lines starting with '|')."""
    found: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            assert line.endswith(" |"), line
            current.append([c.strip() for c in line[1:-1].split("|")])
        elif current:
            found.append(current)
            current = []
    return found


def sections(text: str) -> list[str]:
    return re.findall(r"^### (.+)$", text, flags=re.M)


def assert_well_formed(text: str) -> None:
    for table in tables(text):
        width = len(table[0])
        assert all(len(row) == width for row in table), table
        assert all(re.fullmatch(r"-{3}:?", c) for c in table[1]), table[1]


def test_bundled_summary_and_tables() -> None:
    report = bundled_report()
    text = md(report)
    assert text.startswith("## plancheck 検査結果\n\n基準日 2026-11-27 · plancheck ")
    assert f"{len(report.files)} ファイル、{len(report.rules)} ルールを検査" in text
    assert_well_formed(text)
    found = tables(text)
    s = report.summary()
    assert found[0] == [["重大度", "件数"], ["---", "---:"], ["エラー", str(s["by_severity"]["error"])],
                        ["警告", str(s["by_severity"]["warning"])], ["情報", str(s["by_severity"]["info"])],
                        ["適用除外", "0"]] + ([["確認できず", str(s["not_checked"])]] if s["not_checked"] else [])
    assert found[1][0] == ["分類", "件数"]
    assert sum(int(row[1]) for row in found[1][2:]) == s["total"]
    assert ["交付金", str(s["by_family"]["grants"])] in found[1]
    # one table per document with active violations, in document order, rows = violations; then
    # the rules not checked (if any) and the reference documents
    docs = sorted({v.document for v in report.active if v.document})
    titles = {d.id: d.title for d in report.documents}
    tail = ["確認できなかった項目"] if report.not_checked else []
    assert sections(text) == [f"{titles[d]}（{d}）" for d in docs] + tail + ["参照した文書"]
    violation_tables = [t for t in found if t[0] == ["重大度", "ルール", "場所", "内容"]]
    assert len(violation_tables) == len(docs)
    assert all(t[0] == ["重大度", "ルール", "場所", "内容"] for t in violation_tables)
    rows = [row for t in violation_tables for row in t[2:]]
    assert len(rows) == len(report.violations)
    assert ["エラー", "PER-002 in-force-when-period-starts", "plans/azumino/strategy-2.yaml:17"] in [r[:3] for r in rows]
    assert [[r[0], r[1].split()[0], r[2]] for r in rows] == [
        [{"error": "エラー", "warning": "警告", "info": "情報"}[v.severity], v.rule, escape(f"{v.file}:{v.line}")]
        for v in sorted(report.active, key=lambda v: (v.document or "", v.file, v.line or 0, v.rule, v.subject, v.related))]
    secondary = [r for r in rows if r[3].endswith("※二次情報に基づく")]
    assert len(secondary) == sum(1 for v in report.violations if v.secondary) > 0
    assert "適用除外" not in sections(text)


def test_english_headers() -> None:
    text = md(bundled_report(), "en")
    assert text.startswith("## plancheck report\n\nas of 2026-11-27")
    found = tables(text)
    assert found[0][0] == ["Severity", "Count"] and found[1][0] == ["Family", "Count"]
    assert ["Severity", "Rule", "Location", "Message"] in [t[0] for t in found]
    assert ["error", "PER-002 in-force-when-period-starts", "plans/azumino/strategy-2.yaml:17"] in [
        r[:3] for t in found[2:] for r in t]
    assert sections(text)[-1] == "Reference documents"
    assert sections(text)[0] == "第2次安曇野市総合計画 (azumino/comprehensive-2)"


def test_hand_report_groups_waived_secondary_and_input() -> None:
    text = md(hand_report())
    assert_well_formed(text)
    heads = sections(text)
    assert heads == ["plans/broken.yaml",
                     "悪い&lt;script&gt;alert(1)&lt;/script&gt; &#124; \"引用\" 'quote' 2行目 &#96;code&#96;（city/strategy）",
                     "適用除外"]
    found = tables(text)
    assert found[0][2:] == [["エラー", "2"], ["警告", "1"], ["情報", "1"], ["適用除外", "1"]]
    assert found[1][2:] == [["件数", "1"], ["数値目標・KPI", "1"], ["入力", "1"], ["適用除外", "1"]]
    inputs, city, waived = found[2:]
    assert inputs[2:] == [["エラー", "INPUT-003 plan-field-or-type-error", "plans/broken.yaml", "項目 title がありません"]]
    assert [r[:3] for r in city[2:]] == [
        ["情報", "CNT-003 excerpt-lists-unverifiable", "plans/city/strategy.yaml:5"],
        ["エラー", "GOAL-001 goal-has-numerical-target", "plans/city/strategy.yaml:12"],
        ["警告", "WAIVER-002 unused-waiver", "plans/city/strategy.yaml:61"]]
    assert city[2][3] == "一覧は抜粋です ※二次情報に基づく"
    assert city[3][3] == ("基本目標「悪い&lt;script&gt;alert(1)&lt;/script&gt; &#124; \"引用\" 'quote'<br>"
                          "2行目 &#96;code&#96;」に数値目標がありません")
    assert waived[0] == ["重大度", "ルール", "場所", "内容", "理由", "承認", "期限"]
    assert waived[2:] == [["警告", "KPI-001 measure-has-kpi", "plans/city/strategy.yaml:30",
                           "施策「創業支援」にKPIがありません", "新設施策のため次年度に設定", "企画課", "R9年度"]]


def test_no_html_or_table_breakage_from_plan_text() -> None:
    text = md(hand_report(), "en")
    assert "<script>" not in text and "</script>" not in text
    assert "`" not in text
    assert_well_formed(text)
    assert re.sub(r"<br>", "", text).count("<") == 0  # the only tag is the line break we put in cells
    assert sections(text)[-1] == "Waived"


def test_escape() -> None:
    assert escape("a|b") == "a&#124;b"
    assert escape("<b>&amp;</b>") == "&lt;b&gt;&amp;amp;&lt;/b&gt;"
    assert escape("`x`") == "&#96;x&#96;"
    assert escape("one\r\ntwo\nthree") == "one<br>two<br>three"
    assert escape("one\ntwo", newline=" ") == "one two"
    assert escape("*a* _b_ [c](d) ~e~ \\") == "\\*a\\* \\_b\\_ \\[c\\](d) \\~e\\~ \\\\"
    assert escape("@team") == "&#64;team"


def test_empty_report_says_so() -> None:
    text = md(Report(()))
    assert "問題は見つかりませんでした。" in text and sections(text) == []
    assert tables(text) == [[["重大度", "件数"], ["---", "---:"], ["エラー", "0"], ["警告", "0"], ["情報", "0"], ["適用除外", "0"]]]
