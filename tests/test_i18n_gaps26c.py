"""Issue 17 item 1, round 3: the last messages whose Japanese said less than the English.

- a date, year, fiscal year or period that cannot be read (checker/fiscal.py CalendarError, INPUT-004)
  says why in Japanese too: the reasons are catalogue entries (calendar.reason.*) with params, the
  message and the nouns the catalogue's (calendar.*); the English is as it was;
- why the cache is not used (checker/load/cache.py, ParseCache.disabled_reason: cache.*) is said in
  both languages of the command line's notice (cli.no_cache), not in English inside a Japanese one."""

from __future__ import annotations

import errno
import json
import os
import pickle
from pathlib import Path
from typing import Any

import pytest

from checker import i18n
from checker.fiscal import (
    CalendarError,
    Period,
    PlanDate,
    era_fiscal_year,
    era_year,
    parse_date,
    parse_period,
)
from checker.i18n import both
from checker.load import cache as cache_module
from checker.load.cache import ParseCache
from tests.test_i18n_gaps26b import AS_OF, STRATEGY, check_each, run

DATE = "2020-03-27, R2-03-27, 令和2年3月, R2年度3月"  # the examples each kind's message gives
FISCAL = "2020, FY2020, 2020年度, R2年度, 令和2年度, H27"
YEAR = "2020, 2020年, 2020年度, FY2020, H30年, R2年度"
PERIOD = "R2年度〜R6年度, FY2020–FY2024"


# -- a date or year that cannot be read: why, in both languages -----------------------------------

ADOPTED = STRATEGY.format(name="{name}", period="{{from: R2, to: R6}}") + "adopted: {value}  # <-\n"
TARGET = STRATEGY.format(name="{name}", period="{{from: R2, to: R6}}") + """\
goals:
  - id: G1
    title: 目標
    targets:
      - id: G1-T1
        title: 転入者数
        target: {{year: {year}, value: 1}}  # <-
"""


def _date(text: str, ja: str, en: str) -> tuple[str, str]:
    return (f"「{text}」は日付として読めません（{ja}。例: {DATE}）",
            f"cannot read {text!r} as a date ({en}); expected e.g. {DATE}")


# name → (plan file, Japanese message, English message); the error is on the line marked "# <-".
CASES: dict[str, tuple[str, str, str]] = {
    "no_month": (ADOPTED.format(name="a", value="2020-13-01"),
                 *_date("2020-13-01", "2020年13月という月はありません", "month 2020-13 does not exist")),
    "no_day": (ADOPTED.format(name="b", value="2021-02-29"),
               *_date("2021-02-29", "2021年2月に29日はありません", "2021-02 has no day 29")),
    "year_range": (ADOPTED.format(name="c", value="2300-01-01"),
                   *_date("2300-01-01", "2300年は1926〜2200年の範囲外です", "year 2300 is outside 1926–2200")),
    "era_year_zero": (ADOPTED.format(name="d", value="R0-04-01"),
                      *_date("R0-04-01", "和暦の年は1（元年）から数えます", "era years start at 1 (元年)")),
    "different_years": (ADOPTED.format(name="e", value="令和2(2021)年3月"),
                        *_date("令和2(2021)年3月", "令和2と2021は別の年です", "令和2 and 2021 are different years")),
    "year_alone": (ADOPTED.format(name="f", value="2020"),
                   *_date("2020", "年だけでは日付になりません。月を書き足してください",
                          "a year alone is not a date; add a month")),
    "no_reason": (ADOPTED.format(name="g", value="いつか"),  # nothing more to say than the examples
                  f"「いつか」は日付として読めません（例: {DATE}）", f"cannot read 'いつか' as a date; expected e.g. {DATE}"),
    "start_after_end": (STRATEGY.format(name="h", period="{from: R6, to: R2}  # <-"),
                        f"「R6〜R2」は期間として読めません（始まりの年度が終わりの年度より後です。例: {PERIOD}）",
                        f"cannot read 'R6〜R2' as a period of fiscal years (start is after end); expected e.g. {PERIOD}"),
    "fiscal_year_range": (STRATEGY.format(name="i", period="{from: R2, to: 2300}  # <-"),
                          f"「2300」は年度として読めません（2300年は1926〜2200年の範囲外です。例: {FISCAL}）",
                          f"cannot read '2300' as a fiscal year (year 2300 is outside 1926–2200); expected e.g. {FISCAL}"),
    "calendar_year": (STRATEGY.format(name="j", period="{from: 2020年, to: R6}  # <-"),
                      f"「2020年」は年度として読めません（年・CYは暦年です。年度かFYで書いてください。例: {FISCAL}）",
                      "cannot read '2020年' as a fiscal year (年/CY is a calendar year; write 年度 or FY); "
                      f"expected e.g. {FISCAL}"),
    "contradicts": (TARGET.format(name="k", year="FY2024年"),
                    f"「FY2024年」は年・年度として読めません（FYと年が食い違っています。例: {YEAR}）",
                    f"cannot read 'FY2024年' as a year (FY contradicts 年); expected e.g. {YEAR}"),
}
HINT = both("input.hint.calendar")


def _marked_line(text: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.rstrip().endswith("# <-"))


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, str]]:
    return check_each(CASES, tmp_path_factory.mktemp("dates"))


@pytest.mark.parametrize("name", sorted(CASES))
def test_an_unreadable_date_says_why_in_both_languages(checked: tuple[dict[str, Any], dict[str, str]],
                                                       name: str) -> None:
    report, terminal = checked
    text, ja, en = CASES[name]
    found = [v for v in report["violations"] if Path(v["file"]).name == f"{name}.yaml"]
    assert [(v["rule"], v["line"], v["message"]) for v in found] == [
        ("INPUT-004", _marked_line(text), {"ja": f"{ja} — {HINT[0]}", "en": f"{en} — {HINT[1]}"})]
    assert f"{name}.yaml:{_marked_line(text)}  エラー  INPUT-004  {ja} — {HINT[0]}" in terminal["ja"]
    assert f"{name}.yaml:{_marked_line(text)}  error  INPUT-004  {en} — {HINT[1]}" in terminal["en"]


def test_every_error_of_the_files_is_one_of_these(checked: tuple[dict[str, Any], dict[str, str]]) -> None:
    report, terminal = checked
    assert len(report["violations"]) == len(CASES)
    assert "expected e.g." not in terminal["ja"] and "（例:" not in terminal["en"]


def test_the_reasons_only_a_caller_meets_are_the_catalogues_too() -> None:
    """Reasons a plan file cannot produce (the library's own calls): catalogue entries all the same."""
    raised = {
        "no_such_date": lambda: era_year(2020, 13),
        "before_showa": lambda: era_year(1900),
        "outside": lambda: era_fiscal_year(1800),
        "open_ended": lambda: Period(2020, None).fiscal_years(),
        "open_ended_gap": lambda: Period(2020, None).gap_after(Period(2030, 2031)),
        "no_month": lambda: PlanDate(2020, 0, None),
    }
    for key, call in raised.items():
        with pytest.raises(CalendarError) as info:
            call()
        error = info.value
        assert error.key == key and (error.reason_ja, error.reason) == both(f"calendar.reason.{key}", **error.params)
        assert error.message_ja != str(error) and error.reason_ja in error.message_ja and error.reason in str(error)
    with pytest.raises(CalendarError) as info:
        era_year(1900)
    assert str(info.value) == ("cannot read '1900-12-31' as a date (outside 昭和 (1926-12-25)–2200); "
                               f"expected e.g. {DATE}")
    assert info.value.reason_ja == "昭和（1926-12-25）〜2200年の範囲外です"


def test_every_reason_in_the_catalogue_is_raised_somewhere() -> None:
    """No dead entry: each calendar.reason.* is one checker/fiscal.py raises, each cache.* one
    checker/load/cache.py refuses with."""
    checker = Path(__file__).resolve().parent.parent / "checker"
    for section, source, count in (("calendar.reason", checker / "fiscal.py", 14),
                                   ("cache", checker / "load" / "cache.py", 12)):
        text = source.read_text(encoding="utf-8")
        keys = set(i18n.section(section))
        assert len(keys) == count and [key for key in keys if f'"{key}"' not in text] == []


def test_a_calendar_error_crosses_to_a_worker_and_back() -> None:
    with pytest.raises(CalendarError) as info:
        parse_period("R2", "2300")
    error = info.value
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is CalendarError and isinstance(copy, ValueError)
    assert (copy.text, copy.kind, copy.key, copy.params) == ("2300", "fiscal year", "year_range",
                                                             {"year": 2300, "first": 1926, "last": 2200})
    assert (str(copy), copy.message_ja) == (str(error), error.message_ja)
    assert error.message_ja == f"「2300」は年度として読めません（2300年は1926〜2200年の範囲外です。例: {FISCAL}）"
    assert error.expected == f"a fiscal year, e.g. {FISCAL}"  # the English hint, as before


def test_the_period_keeps_the_callers_text_and_the_reason() -> None:
    with pytest.raises(CalendarError) as info:
        parse_period("R6年度", "R2年度")
    assert (info.value.text, info.value.kind, info.value.key) == ("R6年度〜R2年度", "period", "start_after_end")
    assert info.value.message_ja.startswith("「R6年度〜R2年度」は期間として読めません（始まりの年度が終わりの年度より後です。")
    with pytest.raises(CalendarError) as info:
        parse_date("xyz")
    assert info.value.key == "" and info.value.reason == info.value.reason_ja == ""


# -- why the cache is not used: in the notice's two languages -------------------------------------

CITY = STRATEGY.format(name="city", period="{from: R2, to: R6}")


@pytest.fixture
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user cache folder of these tests (where the key lives): never ~/.cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "plancheck"


def _notice(tmp_path: Path, *args: str) -> str:
    """The no-cache notice of checking a small plan (its only line on stderr that starts plancheck:),
    "ja / en": the default (--lang ja) run's line, then --lang en's."""
    (tmp_path / "plans").mkdir(exist_ok=True)
    (tmp_path / "plans" / "city.yaml").write_text(CITY, encoding="utf-8")
    found = []
    for lang in ("ja", "en"):
        code, _, err = run("check", str(tmp_path / "plans"), "--no-reference", "--as-of", AS_OF, "--jobs", "1",
                           "--lang", lang, *args)
        assert code in (0, 1), err
        lines = [line.removeprefix("plancheck: ") for line in err.splitlines() if line.startswith("plancheck: ")]
        assert len(lines) == 1, err
        found.append(lines[0])
    return "plancheck: " + " / ".join(found)


def test_a_symlinked_cache_folder_is_said_in_both_languages(tmp_path: Path, user_cache: Path) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(real)
    link = tmp_path / "link"
    assert _notice(tmp_path, "--cache-dir", str(link)) == (
        f"plancheck: キャッシュを使わずに検査します: {link} はシンボリックリンクです / "
        f"checking without the cache: {link} is a symbolic link")
    assert not any(real.iterdir())


def test_a_key_that_is_not_one_is_said_in_both_languages(tmp_path: Path, user_cache: Path) -> None:
    assert ParseCache(tmp_path / "cache").disabled_reason is None  # makes the key
    key = user_cache / "secret.key"
    key.write_bytes(b"not a key")
    assert _notice(tmp_path, "--cache-dir", str(tmp_path / "cache")) == (
        f"plancheck: キャッシュを使わずに検査します: {key} は plancheck の鍵ではありません（削除すれば新しい鍵を作ります） / "
        f"checking without the cache: {key} is not a plancheck key (delete it to make a new one)")
    key.chmod(0o640)
    assert _notice(tmp_path, "--cache-dir", str(tmp_path / "cache")) == (
        f"plancheck: キャッシュを使わずに検査します: {key} はほかのユーザーも読めます / "
        f"checking without the cache: {key} can be read by other users")


def test_a_cache_folder_that_cannot_be_made_is_said_in_both_languages(tmp_path: Path, user_cache: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    below = tmp_path / "file" / "cache"
    # the system's words in English, as before; in Japanese the catalogue's (output.reason.not_a_folder)
    assert _notice(tmp_path, "--cache-dir", str(below)) == (
        f"plancheck: キャッシュを使わずに検査します: キャッシュのフォルダ {below} を作れません: 途中のパスがフォルダではありません / "
        f"checking without the cache: cannot create the cache folder {below}: {os.strerror(errno.ENOTDIR)}")
    assert _notice(tmp_path, "--cache-dir", str(tmp_path / "file")) == (
        f"plancheck: キャッシュを使わずに検査します: {tmp_path / 'file'} はフォルダではありません / "
        f"checking without the cache: {tmp_path / 'file'} is not a folder")


def test_the_reason_stays_english_for_the_library(tmp_path: Path, user_cache: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    reason = ParseCache(shared).disabled_reason
    assert reason is not None and str(reason) == f"{shared} can be written by other users"
    assert (reason.ja(), reason.en()) == (f"{shared} はほかのユーザーも書き込めます", str(reason))
    monkeypatch.setattr(cache_module, "_user", lambda: os.getuid() + 1)
    reason = ParseCache(tmp_path / "mine").disabled_reason
    assert reason is not None and (reason.ja(), str(reason)) == (
        f"{tmp_path / 'mine'} はほかのユーザーのものです", f"{tmp_path / 'mine'} belongs to another user")


def test_a_key_that_cannot_be_made_says_why_in_each_language(tmp_path: Path, user_cache: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(cache_module.tempfile, "mkstemp", refused)
    reason = ParseCache(tmp_path / "cache").disabled_reason
    assert reason is not None and reason.key == "cannot_create_key"
    assert (reason.ja(), str(reason)) == (f"{user_cache} に鍵を作れません: 書き込む権限がありません",
                                          f"cannot create a key in {user_cache}: {os.strerror(errno.EACCES)}")


def test_a_cached_parse_keeps_the_catalogues_texts(tmp_path: Path, user_cache: Path) -> None:
    """A parse entry keeps its input errors' texts (input.*, calendar.*): the catalogue is part of
    its key, as the parser's code is, so an edited text is never shown stale from the cache."""
    assert "i18n.py" in cache_module._PARSING_SOURCES
    (tmp_path / "plans").mkdir()
    text, ja, en = CASES["no_month"]
    (tmp_path / "plans" / "a.yaml").write_text(text, encoding="utf-8")
    messages = []
    for _ in range(2):  # cold, then from the cache
        out = tmp_path / "r.json"
        code, _, err = run("check", str(tmp_path / "plans"), "--no-reference", "--as-of", AS_OF, "--jobs", "1",
                           "--cache-dir", str(tmp_path / "cache"), "--output", str(out))
        assert code == 2 and "plancheck: " not in err, err
        messages.append([v["message"] for v in json.loads(out.read_text(encoding="utf-8"))["violations"]])
    assert messages[0] == messages[1] == [{"ja": f"{ja} — {HINT[0]}", "en": f"{en} — {HINT[1]}"}]
    assert any((tmp_path / "cache").iterdir())
