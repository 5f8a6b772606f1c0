"""Issue 17 item 1, round 3: two messages that were still wrong in one language.

- A field that also takes `unknown` is a union with Unknown in the models; a value wrong for it
  failed both members and printed, beside the real error, pydantic's English "Input should be a
  dictionary or an instance of Unknown" (or "Unexpected keyword argument"), in the Japanese view
  too; pydantic's names of the union members (Verification, list[str], bool) stood in the key and
  moved the line to the parent. Now: one error per fault, at its own key and line, with the hint
  that 不明 may be written where the field takes it (checker/load/documents.py _translated).
- A date, year or fiscal-year cell of a table that cannot be read now says why, as the same value
  in YAML does (「2022年13月という月はありません」; checker/load/tables.py _why_unreadable)."""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.i18n import both
from checker.load.documents import validate_document
from checker.load.errors import PlanInputError
from tests.conftest import ROOT
from tests.test_i18n_gaps26b import check_each

HEAD = """\
kind: municipal_strategy
id: t/{name}
title: 例
municipality: 例市
prefecture: 長野県
period: {{from: R2, to: R6}}
"""

UNKNOWN_HINT = both("input.hint.unknown")

# name → (plan file, key, Japanese message, English message, whether the hint says 不明 may be
# written); the error is on the line marked "# <-".
FIELDS: dict[str, tuple[str, str, str, str, bool]] = {
    # Verification | Unknown: not a mapping
    "verification_scalar": (HEAD.format(name="verification_scalar") + "verification: yes  # <-\n", "verification",
                            "項目の組（key: value）を指定してください（値: True）",
                            "expected a mapping (key: value lines), got True", True),
    # list[Ref] | Unknown (MaybeRefs)
    "considers_text": (HEAD.format(name="considers_text") + "considers: national/strategy-2  # <-\n", "considers",
                       "一覧（- で始まる行）を指定してください（値: 'national/strategy-2'）",
                       "expected a list (lines starting with '- '), got 'national/strategy-2'", True),
    # list[str] | Unknown (MaybeStrs) inside the Verification member: its own line, not verification's
    "sectors_number": (HEAD.format(name="sectors_number") + "verification:\n  body:\n    sectors: 3  # <-\n", "verification.body.sectors",
                       "一覧（- で始まる行）を指定してください（値: 3）",
                       "expected a list (lines starting with '- '), got 3", True),
    # bool | Unknown (MaybeBool)
    "experts_word": (HEAD.format(name="experts_word") + "verification:\n  body:\n    name: 推進会議\n    external_experts: maybe  # <-\n",
                     "verification.body.external_experts",
                     "true または falseを指定してください（値: 'maybe'）", "expected true or false, got 'maybe'", True),
    # a table's file name where the list or {table: …} belongs: wrong inside the Verification member;
    # `reviews` itself does not take unknown, so no hint
    "reviews_file": (HEAD.format(name="reviews_file") + "verification:\n  reviews: reviews.csv  # <-\n", "verification.reviews",
                     "一覧（- で始まる行）を指定してください（値: 'reviews.csv'）",
                     "expected a list (lines starting with '- '), got 'reviews.csv'", False),
    # a field without unknown keeps its message and gets no hint
    "title_number": (HEAD.format(name="title_number").replace("title: 例", "title: 5  # <-"), "title",
                     "文字列を指定してください（値: 5）", "expected text, got 5", False),
}


def _marked_line(text: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.endswith("# <-"))


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, str]]:
    plans = {name: (text, ja, en) for name, (text, _, ja, en, _) in FIELDS.items()}
    return check_each(plans, tmp_path_factory.mktemp("unions"))


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_a_wrong_value_of_a_field_that_takes_unknown_is_one_error_at_its_key(
        checked: tuple[dict[str, Any], dict[str, str]], name: str) -> None:
    report, terminal = checked
    text, key, ja, en, hinted = FIELDS[name]
    found = [v for v in report["violations"] if Path(v["file"]).name == f"{name}.yaml"]
    hint_ja, hint_en = UNKNOWN_HINT if hinted else ("", "")
    shown = {"ja": f"{ja} — {hint_ja}", "en": f"{en} — {hint_en}"} if hinted else {"ja": ja, "en": en}
    assert [(v["rule"], v["line"], v["key"], v["message"], v["params"]) for v in found] == [
        ("INPUT-003", _marked_line(text), key, shown, {"hint_ja": hint_ja, "hint_en": hint_en})]
    assert f"{name}.yaml:{_marked_line(text)}" in terminal["ja"] and ja in terminal["ja"]
    assert en in terminal["en"]


def test_no_union_member_speaks(checked: tuple[dict[str, Any], dict[str, str]]) -> None:
    report, terminal = checked
    assert len(report["violations"]) == len(FIELDS)
    for output in (*terminal.values(), *(m for v in report["violations"] for m in v["message"].values())):
        assert "instance of" not in output and "Unexpected keyword" not in output
    for v in report["violations"]:  # pydantic's member names (Verification, list[str], bool, Unknown) are not keys
        assert not re.search(r"[A-Z\[]|\bbool\b", v["key"]), v["key"]


def test_a_missing_field_inside_a_union_member_keeps_its_name(tmp_path: Path) -> None:
    text = HEAD.format(name="missing") + "verification:\n  reviews:\n    - {date: 2021-08-20}  # <-\n"
    (tmp_path / "plans").mkdir()
    report, _ = check_each({"missing": (text, "", "")}, tmp_path / "plans")
    assert [(v["line"], v["key"], v["message"]["en"]) for v in report["violations"]] == [
        (_marked_line(text), "verification.reviews[0].fiscal_year",
         "required field 'fiscal_year' is missing — add 'fiscal_year:'")]


# -- a table cell that cannot be read says why --------------------------------------------------------

REVIEWS = HEAD.format(name="table") + "verification:\n  reviews: {table: reviews.csv}\n"


def test_a_date_cell_says_why_it_cannot_be_read(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "reviews.csv").write_text("対象年度,実施日\nR3,2022-13-01\nR4,2023-02-30\nR0,2023-08-01\nR5,8月ごろ\n",
                                        encoding="utf-8")
    report, terminal = check_each({"table": (REVIEWS, "", "")}, folder)
    cells = {}
    for v in report["violations"]:
        # 実施日 may be unknown: its cells also say so (input.hint.unknown); 対象年度 may not
        hints = {"ja": f" — {UNKNOWN_HINT[0]}", "en": f" — {UNKNOWN_HINT[1]}"} if v["key"] == "実施日" else {"ja": "", "en": ""}
        assert all(v["message"][lang].endswith(hints[lang]) for lang in hints)
        cells[v["line"], v["key"]] = {lang: text[:len(text) - len(hints[lang])] for lang, text in v["message"].items()}
    assert cells == {
        (2, "実施日"): {"ja": "列「実施日」「2022-13-01」: 日付として読めません（例: 2021-08-20, R3-08-20）。2022年13月という月はありません",
                       "en": "column '実施日' '2022-13-01': is not a date (e.g. 2021-08-20): month 2022-13 does not exist"},
        (3, "実施日"): {"ja": "列「実施日」「2023-02-30」: 日付として読めません（例: 2021-08-20, R3-08-20）。2023年2月に30日はありません",
                       "en": "column '実施日' '2023-02-30': is not a date (e.g. 2021-08-20): 2023-02 has no day 30"},
        (4, "対象年度"): {"ja": "列「対象年度」「R0」: 年度として読めません（例: R6年度, 2024年度）。和暦の年は1（元年）から数えます",
                         "en": "column '対象年度' 'R0': is not a fiscal year (e.g. R6年度, 2024): era years start at 1 (元年)"},
        # a value the parser has no particular reason for keeps the plain message
        (5, "実施日"): {"ja": "列「実施日」「8月ごろ」: 日付として読めません（例: 2021-08-20, R3-08-20）",
                       "en": "column '実施日' '8月ごろ': is not a date (e.g. 2021-08-20)"},
    }
    assert "2022年13月という月はありません" in terminal["ja"] and "month 2022-13 does not exist" in terminal["en"]


# -- any value in any place of a bundled plan: the error is said in Japanese too ------------------

@cache
def _documents() -> list[tuple[str, dict[str, Any]]]:
    """The bundled plans' documents (a file may hold several)."""
    return [(plan.name, document) for plan in sorted((ROOT / "plans").rglob("*.yaml"))
            for document in yaml.safe_load_all(plan.read_text(encoding="utf-8"))
            if isinstance(document, dict) and "kind" in document]


_VALUES = st.sampled_from([True, 3, 1.5, "abc", "", None, [1], [{"y": 2}], {"x": 1}, {"unknown": 5}, "不明"])


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key path of a document, the first two items of each list."""
    if isinstance(data, dict):
        return [path, *(p for k, v in data.items() for p in _places(v, (*path, k)))]
    if isinstance(data, list):
        return [path, *(p for i, v in enumerate(data[:2]) for p in _places(v, (*path, i)))]
    return [path]


@settings(max_examples=300, deadline=None)
@given(st.data(), _VALUES)
def test_a_wrong_value_anywhere_is_said_in_japanese(data: st.DataObject, value: Any) -> None:
    name, document = data.draw(st.sampled_from(_documents()))
    path = data.draw(st.sampled_from([p for p in _places(document) if p and p[0] != "kind"]))
    changed = copy.deepcopy(document)
    parent = changed
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    try:
        validate_document(changed, {}, name)
    except PlanInputError as exc:
        for error in exc.errors:
            assert error.message_ja != error.message_en, error
            assert not re.search(r"Input should|instance of|Unexpected keyword|Value error", error.message_en), error


@pytest.mark.parametrize("lang, shown", [("ja", "読み込み: 2/2"), ("en", "reading files: 2/2")])
def test_the_progress_count_follows_lang(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                         lang: str, shown: str) -> None:
    """The progress count on a terminal speaks the report's language, as the notices do."""
    import sys

    import cli

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    bar = cli.progress_bar(lang)
    assert bar is not None
    advance = bar("files", 2)
    advance(1)
    advance(1)
    err = capsys.readouterr().err
    assert err.endswith(f"\r{shown}\n") and (" / " not in err)
