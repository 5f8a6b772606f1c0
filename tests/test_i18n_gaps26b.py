"""Issue 17 item 1, round 2: the messages still written in one language only.

- a plan file's values the model refuses (checker/model.py, checker/quantity.py) say what is wrong
  in Japanese and in English (errors.InvalidValue, catalogue input.value.*), without pydantic's
  "Value error, ";
- the command line's usage errors, its "wrote …" lines, the count of `plancheck rules`, an unknown
  rule of `plancheck explain`, and what `plancheck graph` and `baseline write` print;
- `plancheck diff --git REV..`'s working-tree label, `plancheck explain`'s （グラフ全体） / (graph);
- checker/prefectures.py's texts, now the catalogue's."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from pydantic import TypeAdapter, ValidationError

from checker import model, prefectures
from checker.errors import InvalidValue
from checker.i18n import both, t
from checker.quantity import NotAQuantity, parse_quantity
from cli import main
from tests.conftest import CITY, NATIONAL
from tests.test_review import git, put

AS_OF = "2026-11-27"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


# -- a value a plan file cannot hold: its message in both languages -------------------------------

STRATEGY = """\
kind: municipal_strategy
id: t/{name}
title: 例
municipality: 例市
prefecture: 長野県
period: {period}
"""
TARGET = STRATEGY.format(name="{name}", period="{{from: R2, to: R6}}") + """\
goals:
  - id: G1
    title: 目標
    targets:
      - id: G1-T1
        title: 転入者数
        {line}  # <-
"""
VISION = """\
kind: population_vision
id: t/{name}
title: 例
municipality: 例市
targets:
  - {line}  # <-
"""

# name → (plan file, Japanese message, English message); the error is on the line marked "# <-".
VALUES: dict[str, tuple[str, str, str]] = {
    "period_mapping": (STRATEGY.format(name="a", period="2020  # <-"),
                       "計画期間は {from: R2, to: R6} のように from と to で書いてください",
                       "a period must be a mapping such as {from: R2, to: R6}"),
    "period_keys": (STRATEGY.format(name="b", period="{from: R2, till: R6, end: R7}  # <-"),
                    "計画期間に不明な項目 end、till があります。from と to で書いてください",
                    "unknown key(s) in period: end, till; use from and to"),
    "period_from": (STRATEGY.format(name="c", period="{to: R6}  # <-"),
                    "計画期間に 'from'（最初の年度）がありません", "a period needs 'from' (the first fiscal year)"),
    "not_boolean": (TARGET.format(name="d", line="target: {year: R6年度, value: true}"),
                    "数値を書いてください（true / false は数値ではありません）", "expected a number, not true/false"),
    # checker/quantity.py: no digits at all; digits left over; model.py: not text at all
    "quantity_words": (TARGET.format(name="e", line="target: {year: R6年度, value: たくさん}"),
                       "83000、約5万、4万8千人程度のような数値を書いてください（値: 'たくさん'）",
                       "expected a number such as 83000, 約5万 or 4万8千人程度, got 'たくさん'"),
    "quantity_digits": (TARGET.format(name="f", line="target: {year: R6年度, value: 1.5.5}"),
                        "83000、約5万、4万8千人程度のような数値を書いてください（値: '1.5.5'）",
                        "expected a number such as 83000, 約5万 or 4万8千人程度, got '1.5.5'"),
    "quantity_list": (TARGET.format(name="g", line="target: {year: R6年度, value: [1]}"),
                      "83000、約5万、4万8千人程度のような数値を書いてください（値: [1]）",
                      "expected a number such as 83000, 約5万 or 4万8千人程度, got [1]"),
    "reference": (STRATEGY.format(name="h", period="{from: R2, to: R6}") + "vision: [a]  # <-\n",
                  "参照先のID（例: national/strategy-2）を書いてください（値: ['a']）",
                  "expected a reference (an id such as national/strategy-2), got ['a']"),
    "one_time": (TARGET.format(name="i", line="target: {year: R6年度, at: 2024-03-31, value: 1}"),
                 "year、at（時点）、window のどれか一つだけを書いてください（year、at があります）",
                 "give one of year, at (a point in time) or window, not year and at"),
    "no_time": (TARGET.format(name="j", line="target: {value: 1}"),
                "いつの値か、年・年度（year: 2019年、2019年度、H26 または unknown）、時点（at）、"
                "期間（window）のどれかを書いてください",
                "give the year (2019年, 2019年度, H26 or unknown), a point in time (at) or a window"),
    "population_when": (VISION.format(name="k", line="{population: 1000}"),
                        "人口の年（year）か日付（at）のどちらか一方を書いてください",
                        "give the year or the date (at) of the figure, one of the two"),
    "basis": (VISION.format(name="l", line="{year: 2040年, population: 1000, basis: other}"),
              "basis は census（国勢調査）、resident_register（住民基本台帳）、unknown のいずれかです（値: 'other'）",
              "basis is census (国勢調査), resident_register (住民基本台帳) or unknown, not 'other'"),
    # pydantic's own errors of an id's length, and a quantity too large to be finite (quantity.py)
    "id_too_long": (TARGET.format(name="m", line="").replace("id: G1-T1", "id: " + "G" * 130 + "  # <-"),
                    "120文字以内で書いてください（130文字あります）", "at most 120 characters, not 130"),
    "id_empty": (TARGET.format(name="n", line="").replace("id: G1-T1", "id: ' '  # <-"),
                 "空でない文字列を指定してください（値: ' '）", "expected non-empty text, got ' '"),
    "not_finite": (TARGET.format(name="o", line="target: {year: R6年度, value: 1e999}"),
                   "数値 1e999 は使えません（有限の数値を書いてください） — 例: 83000",  # with its hint
                   "1e999 is not a usable number; write a finite number — e.g. 83000"),
}


def _marked_line(text: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.rstrip().endswith("# <-"))


def check_each(plans: dict[str, tuple[str, str, str]], folder: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """Every broken plan (name → (text, ja, en)) in one folder, checked once: the JSON report and
    the terminal's in each language."""
    for name, (text, _, _) in plans.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    report = folder.parent / f"{folder.name}.json"
    code, _, err = run("check", str(folder), "--no-reference", "--no-cache", "--as-of", AS_OF, "--output", str(report))
    assert code == 2, err
    terminal = {lang: run("check", str(folder), "--no-reference", "--no-cache", "--as-of", AS_OF, "--lang", lang)[1]
                for lang in ("ja", "en")}
    return json.loads(report.read_text(encoding="utf-8")), terminal


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], dict[str, str]]:
    folder = tmp_path_factory.mktemp("values")
    return (folder, *check_each(VALUES, folder))


@pytest.mark.parametrize("name", sorted(VALUES))
def test_a_refused_value_is_said_in_both_languages(checked: tuple[Path, dict[str, Any], dict[str, str]],
                                                  name: str) -> None:
    folder, report, terminal = checked
    text, ja, en = VALUES[name]
    found = [v for v in report["violations"] if Path(v["file"]).name == f"{name}.yaml"]
    assert [(v["rule"], v["line"], v["message"]) for v in found] == [
        ("INPUT-003", _marked_line(text), {"ja": ja, "en": en})]
    assert f"{name}.yaml:{_marked_line(text)}" in terminal["ja"] and ja in terminal["ja"]
    assert en in terminal["en"]


def test_no_value_error_prefix_in_either_language(checked: tuple[Path, dict[str, Any], dict[str, str]]) -> None:
    _, report, terminal = checked
    assert len(report["violations"]) == len(VALUES)
    for output in (*terminal.values(), *(m for v in report["violations"] for m in v["message"].values())):
        assert "Value error" not in output and "value_error" not in output
    # the Japanese report is Japanese: no message in it is the English one
    assert not [v for v in report["violations"] if v["message"]["ja"] == v["message"]["en"]]


def test_a_validator_error_carries_both_languages_through_pydantic() -> None:
    with pytest.raises(ValidationError) as info:
        TypeAdapter(model.PeriodField).validate_python({"till": "R6"})
    error = info.value.errors(include_url=False)[0]["ctx"]["error"]
    assert isinstance(error, InvalidValue) and error.key == "input.value.period_keys"
    assert (error.message_ja, error.message_en) == both("input.value.period_keys", keys="till")
    assert str(error) == "unknown key(s) in period: till; use from and to"  # str(): English, as before
    copy = pickle.loads(pickle.dumps(error))  # to a worker process and back, with its params
    assert type(copy) is InvalidValue and (copy.message_ja, str(copy)) == (error.message_ja, str(error))


def test_numbers_from_code_are_refused_in_both_languages() -> None:
    """model._number takes the numbers YAML gives (int, float); what a plan writes as text goes
    through checker.quantity. Its own refusals, for a caller that passes anything else:"""
    for value, key in ((True, "input.value.not_boolean"), ("x", "input.value.quantity")):
        with pytest.raises(InvalidValue) as info:
            model._number(value)
        assert info.value.key == key and info.value.message_ja != info.value.message_en
    assert model._number("８３，０００") == 83000


def test_a_quantity_that_is_not_one_says_so_in_both_languages() -> None:
    with pytest.raises(NotAQuantity) as info:
        parse_quantity("たくさん")
    assert isinstance(info.value, (InvalidValue, ValueError))  # callers catch ValueError, as before
    assert info.value.message_ja == "83000、約5万、4万8千人程度のような数値を書いてください（値: 'たくさん'）"
    with pytest.raises(NotAQuantity) as info:
        parse_quantity("1" * 400)
    assert info.value.key == "input.value.not_finite" and info.value.message_ja.endswith("は有限の数値ではありません")
    assert both("input.value.not_a_number", text="１٣") == ("「１٣」は数値として読めません", "'１٣' is not a number")


# -- the command line ----------------------------------------------------------------------------

@pytest.fixture
def plans(write: Any) -> Path:
    write("plans/nat.yaml", NATIONAL)
    return write("plans/city.yaml", CITY).parent


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_wrote_lines_follow_lang(plans: Path, tmp_path: Path, lang: str) -> None:
    out = tmp_path / "r.json"
    code, _, err = run("check", str(plans), "--no-reference", "--as-of", AS_OF, "--output", str(out), "--lang", lang)
    assert code in (0, 1) and out.exists()
    assert err.strip().splitlines()[-1] == t("cli.wrote", lang, path=out)
    assert err.strip().splitlines()[-1] == (f"{out} を書き込みました" if lang == "ja" else f"wrote {out}")
    target = tmp_path / "d.json"
    code, _, err = run("diff", str(plans), str(plans), "--format", "json", "--output", str(target), "--lang", lang)
    assert code == 0 and err.strip() == t("cli.wrote", lang, path=target)


def test_commands_without_lang_write_both(plans: Path, tmp_path: Path) -> None:
    known = tmp_path / "known.yaml"
    code, _, err = run("baseline", "write", str(known), str(plans), "--no-reference", "--as-of", AS_OF)
    n = len(yaml.safe_load(known.read_text(encoding="utf-8"))["violations"])
    assert code == 0 and err.strip() == f"{known} を書き込みました（違反 {n}件） / wrote {known} ({n} violations)"
    code, out, _ = run("init", str(tmp_path / "new"), "--municipality", "例市", "--prefecture", "長野県")
    written = [line for line in out.splitlines() if "vision.yaml" in line]
    assert code == 0 and written == [f"{tmp_path / 'new' / 'vision.yaml'} を書き込みました / "
                                     f"wrote {tmp_path / 'new' / 'vision.yaml'}"]


def test_graph_says_notices_and_errors_in_both_languages(plans: Path, tmp_path: Path) -> None:
    (plans / "old.yaml").write_text(CITY.replace("kind: municipal_strategy\nid: city/strategy\n", ""), encoding="utf-8")
    (plans / "bad.yaml").write_text(STRATEGY.format(name="bad", period="2020"), encoding="utf-8")
    code, _, err = run("graph", str(plans), "--no-reference", "--output", str(tmp_path / "g.json"))
    assert code == 2
    assert "old.yaml にはトップレベルの `kind:` がないため、計画ファイルとして読み込んでいません" in err
    assert "old.yaml has no top-level `kind:`, so it was not read as a plan file" in err
    line = next(line for line in err.splitlines() if "bad.yaml:6" in line)
    assert line.endswith(": 計画期間は {from: R2, to: R6} のように from と to で書いてください / "
                         "a period must be a mapping such as {from: R2, to: R6}")


def test_usage_errors_in_both_languages(plans: Path) -> None:
    code, _, err = run("check", str(plans), "--format", "xlsx")
    assert code == 2 and "--format xlsx は端末に出力できません。--output でファイルを指定してください / " \
                         "--format xlsx needs --output FILE" in err
    code, _, err = run("diff", str(plans), str(plans), "--git", "HEAD~1..HEAD")
    assert code == 2 and both("cli.diff_git_one_folder")[0] in err and \
        "with --git give one folder: plancheck diff FOLDER --git REV1..REV2" in err
    code, _, err = run("diff", str(plans))
    assert code == 2 and "フォルダを2つ（plancheck diff 旧 新）か、--git REV1..REV2 を指定してください" in err and \
        "give two folders (plancheck diff OLD NEW) or --git REV1..REV2" in err
    code, _, err = run("explain", "XYZ-001")
    assert code == 2 and err.strip() == ("plancheck: ルール「XYZ-001」はありません（一覧: plancheck rules） / "
                                         "unknown rule 'XYZ-001' (see: plancheck rules)")


def test_the_rule_count_follows_lang() -> None:
    from checker.rules import catalogue

    n = len(catalogue())
    assert run("rules", "--lang", "ja")[1].splitlines()[-1] == f"ルール {n}件"
    assert run("rules", "--lang", "en")[1].splitlines()[-1] == f"{n} rules"


def test_explain_names_a_graph_rule_in_the_readers_language() -> None:
    from checker.rules import catalogue

    rule = next(r for r in catalogue() if r.target is None and not r.builtin)
    assert "対象: （グラフ全体）" in run("explain", rule.id)[1]
    assert "target: (graph)" in run("explain", rule.id, "--lang", "en")[1]
    assert "(graph)" not in run("explain", rule.id)[1]


@pytest.mark.parametrize("lang, label", [("ja", "plans（作業ツリー）"), ("en", "plans (working tree)")])
def test_diff_against_the_working_tree_is_labelled_in_lang(tmp_path: Path, lang: str, label: str) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    put(repo / "plans", "nat.yaml", NATIONAL)
    put(repo / "plans", "city.yaml", CITY)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "v1")
    code, out, err = run("diff", str(repo / "plans"), "--git", "HEAD..", "--no-reference", "--format", "json",
                         "--lang", lang)
    assert code == 0, err
    assert json.loads(out)["new"]["label"] == label


# -- the prefectures' texts are the catalogue's -------------------------------------------------

def test_an_unknown_prefecture_is_said_in_both_languages() -> None:
    with pytest.raises(prefectures.UnknownPrefecture) as info:
        prefectures.lookup("長野件")
    assert info.value.ja() == ("「長野件」は47都道府県の名前ではありません。"
                               "長野県・東京都のように正式な名前で書いてください（長野県 のことですか）")
    assert str(info.value) == ("'長野件' is not one of the 47 prefectures (write the full name, e.g. 長野県, 東京都)"
                               " — did you mean 長野県?")
    with pytest.raises(prefectures.UnknownPrefecture) as info:
        prefectures.lookup("xyz")
    assert info.value.ja().endswith("正式な名前で書いてください") and str(info.value).endswith("東京都)")


def test_the_reference_data_notice_is_japanese_then_english() -> None:
    seen = set()
    for p in prefectures.PREFECTURES:
        data = prefectures.reference_data(p)
        text = prefectures.notice(data)
        if not data.strategies:  # nothing bundled: a line in each language
            assert text == "\n".join(both("prefecture.no_reference", name=p.name))
            seen.add("none")
            continue
        facts = prefectures.unknown_facts(data)
        if text is None:
            assert not facts
            continue
        seen.add("facts")
        lines = text.splitlines()
        english = next(n for n, line in enumerate(lines) if line.startswith("note: "))
        assert lines[0].startswith(f"注意: {p.name}の参照データに資料で確認できない事実があります")
        assert len(lines) == 2 * (len(facts) + 1) and english == len(facts) + 1
        for strategy, missing in facts:  # a strategy named by title and id in Japanese, by id in English
            if strategy is not None:
                assert f"  {strategy.title}（{strategy.id}）: " in text and f"  {strategy.id}: unknown " in text
        assert not re.search(r"[\u3040-\u30ff]", "\n".join(lines[english:]))  # no kana in the English part
    assert seen == {"none", "facts"}  # both kinds of notice were looked at
