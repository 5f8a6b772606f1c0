"""The bundled reference data for 2026 (docs/reference-data.md): the national strategies in force by
date (the 地方創生に関する総合戦略 from 2025-12-23, not the 地方創生2.0基本構想), the projection editions
in force for POP-002, the 47 prefectures (every fact sourced, unknown facts marked), LAW-003 against
a prefecture with unknown dates or without data, and `plancheck init --prefecture`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker import api, prefectures
from checker.fiscal import Period, PlanDate
from checker.load.documents import bundled_reference, read_documents
from checker.model import document_level
from checker.report import Report
from checker.unknown import Unknown
from cli import main
from tests.conftest import AS_OF, ROOT

LAW_RULES = api.rules_for(select=["LAW-002", "LAW-003", "POP-002"])


def _strategy(tmp: Path, name: str, *, prefecture: str, adopted: str, considers: list[str],
              period: str = "{from: R8, to: R12}", extra: str = "") -> Path:
    folder = tmp / name
    folder.mkdir()
    (folder / "strategy.yaml").write_text(
        f"kind: municipal_strategy\nid: {name}/strategy\ntitle: {name}の総合戦略\nmunicipality: {name}\n"
        f"prefecture: {prefecture}\nperiod: {period}\nadopted: {adopted}\n"
        f"considers: [{', '.join(considers)}]\n{extra}", encoding="utf-8")
    return folder


def _check(folder: Path, rules: tuple = LAW_RULES) -> Report:
    report = api.check([folder], rules=rules, as_of=AS_OF)
    assert not report.input_errors, [v.message["en"] for v in report.input_errors]
    return report


def _found(report: Report, rule: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(v.subject, v.related) for v in report.violations if v.rule == rule]


# --- national: which strategy is in force ---------------------------------------------------------


@pytest.mark.parametrize("adopted, expected", [
    # adopted in 2026, still considering the デジタル田園都市国家構想総合戦略: the 2025-12 strategy was in force
    ("2026-03-20", [("city/strategy", ("national/strategy-2025", "national/digital-denen"))]),
    ("2025-12-23", [("city/strategy", ("national/strategy-2025", "national/digital-denen"))]),
    # before it, the デジタル田園 strategy was the one in force: nothing to report
    ("2024-03-25", []),
    ("2025-12-22", []),
    # after the 地方創生2.0基本構想 (2025-06-13), which is not a strategy under 第8条: still デジ田
    ("2025-08-01", []),
])
def test_national_strategy_in_force(tmp_path: Path, adopted: str, expected: list) -> None:
    folder = _strategy(tmp_path, "city", prefecture="長野県", adopted=adopted,
                       considers=["national/digital-denen", "nagano/plan-3"])
    assert _found(_check(folder), "LAW-002") == expected


def test_basic_concept_is_not_a_national_strategy() -> None:
    national = [d.model for d in bundled_reference(set(), [])[0] if d.model.kind == "national_strategy"]
    assert {m.id for m in national} == {"national/strategy-1", "national/strategy-2", "national/digital-denen",
                                        "national/strategy-2025"}
    assert all(str(m.decided.first_day) != "2025-06-13" for m in national)
    latest = max(national, key=lambda m: m.decided.first_day)
    assert (latest.id, latest.predecessor, latest.period.start, latest.period.end) == \
        ("national/strategy-2025", "national/digital-denen", 2025, 2029)
    assert latest.provenance["decided"].reliability == "secondary"
    assert latest.provenance["predecessor"].reliability == "unverified"
    assert "5本柱" in (latest.note or "") and "2025-06-13" in (latest.note or "")


# --- projection editions (POP-002) -----------------------------------------------------------------


@pytest.mark.parametrize("adopted, current", [
    ("2024-03-25", "national/ipss-2023"),  # the 令和5年推計 (2023-12-22) was out
    ("2023-12-22", "national/ipss-2023"),  # released that day
    ("2023-12-21", None),  # the day before: the 平成30年推計 was the newest
    ("2023-12", None),  # known to the month: either was newest on some day of it
])
def test_projection_edition_in_force(tmp_path: Path, adopted: str, current: str | None) -> None:
    folder = _strategy(tmp_path, "city", prefecture="長野県", adopted=adopted, considers=["national/digital-denen"],
                       period="{from: R6, to: R10}", extra="vision: city/vision\n")
    (folder / "vision.yaml").write_text(
        "kind: population_vision\nid: city/vision\ntitle: 市の人口ビジョン\nmunicipality: city\n"
        "adopted: 2020-03-01\nprojection: national/ipss-2018\n", encoding="utf-8")
    found = _found(_check(folder), "POP-002")
    assert found == ([("city/strategy", (current, "national/ipss-2018"))] if current else [])


# --- the 47 prefectures -----------------------------------------------------------------------------


def test_the_47_prefectures() -> None:
    assert len(prefectures.PREFECTURES) == 47
    assert [p.code for p in prefectures.PREFECTURES] == list(range(1, 48))
    assert (prefectures.PREFECTURES[0].name, prefectures.PREFECTURES[12].name, prefectures.PREFECTURES[25].name,
            prefectures.PREFECTURES[26].name, prefectures.PREFECTURES[46].name) == \
        ("北海道", "東京都", "京都府", "大阪府", "沖縄県")
    assert len({p.slug for p in prefectures.PREFECTURES}) == 47
    assert all(re.fullmatch(r"[a-z]+", p.slug) for p in prefectures.PREFECTURES)


@pytest.mark.parametrize("text, name", [("北海道", "北海道"), ("東京都", "東京都"), ("大阪府", "大阪府"),
                                        ("京都府", "京都府"), ("長野県", "長野県"), ("　長野県 ", "長野県")])
def test_lookup_accepts_full_names(text: str, name: str) -> None:
    assert prefectures.lookup(text).name == name


@pytest.mark.parametrize("text, meant", [
    ("長野", ("長野県",)), ("東京", ("東京都",)), ("大阪", ("大阪府",)), ("京都", ("京都府",)),
    ("北海", ("北海道",)), ("nagano", ("長野県",)), ("Tokyo", ("東京都",)), ("長野件", ("長野県",)),
    ("長野都", ("長野県",)), ("東京県", ("東京都",)),
])
def test_lookup_refuses_other_names_with_did_you_mean(text: str, meant: tuple[str, ...]) -> None:
    with pytest.raises(prefectures.UnknownPrefecture) as exc:
        prefectures.lookup(text)
    assert exc.value.suggestions[:len(meant)] == meant
    assert meant[0] in str(exc.value) and meant[0] in exc.value.ja()


def test_nonsense_has_no_suggestion() -> None:
    with pytest.raises(prefectures.UnknownPrefecture) as exc:
        prefectures.lookup("xyz")
    assert exc.value.suggestions == ()


@pytest.fixture(scope="module")
def data() -> dict[str, prefectures.ReferenceData]:
    return {p.name: prefectures.reference_data(p) for p in prefectures.PREFECTURES}


def test_every_prefecture_has_a_record(data: dict[str, prefectures.ReferenceData]) -> None:
    import tomllib

    index = tomllib.loads(prefectures.index_file().read_text(encoding="utf-8"))
    assert list(index) == [p.slug for p in prefectures.PREFECTURES]  # JIS order, nothing else
    for name, d in data.items():
        assert d.record is not None and not d.problems, (name, d.problems)
        for ref in (d.record.current, d.record.previous):
            assert ref is None or isinstance(ref, Unknown) or d.strategy(ref) is not None, (name, ref)
        own = prefectures.reference_file(d.prefecture).is_file()
        # 長野県's strategies predate the layout (plans/nagano/); 佐賀県 has none
        assert own == (name not in ("長野県", "佐賀県")), name
    assert [p.name for p in sorted((ROOT / "plans" / "prefectures").glob("*.yaml"))] == \
        sorted(f"{p.slug}.yaml" for p in prefectures.PREFECTURES if p.name not in ("長野県", "佐賀県"))


def test_reference_files_load_cleanly() -> None:
    for file in sorted((ROOT / "plans" / "prefectures").glob("*.yaml")):
        docs, errors = read_documents(file)
        assert not errors, (file.name, [e.message_en for e in errors])
        slug = file.stem
        assert all(d.model.id.startswith(f"{slug}/") and d.model.kind == "prefectural_strategy" for d in docs)


def _every_strategy() -> list:
    return [d.model for d in bundled_reference(set(), [])[0] if d.model.kind == "prefectural_strategy"]


def test_every_fact_has_its_source_and_reliability() -> None:
    for s in _every_strategy():
        assert prefectures.by_name(s.prefecture), s.id  # one of the 47, written in full
        assert s.considers, s.id  # LAW-001: every prefectural strategy considers a national one
        facts = {"title": s.title, "adopted": s.adopted, "published": s.published, "period": s.period,
                 "considers": s.considers}
        for field, value in facts.items():
            if value is None or isinstance(value, Unknown) or (s.id.startswith("nagano/") and field == "title"):
                continue  # unknown facts say so; Nagano's files (plans/nagano/) predate per-field titles
            source = s.provenance.get(field)
            assert source is not None and source.url, (s.id, field)
            assert source.reliability in ("primary", "secondary", "unverified")
        assert isinstance(s.adopted, (PlanDate, Unknown)) or (s.id.startswith("nagano/") and s.adopted is None), s.id
        assert isinstance(s.period, (Period, Unknown)), s.id
        if not s.id.startswith("nagano/"):
            assert isinstance(s.goals, Unknown), s.id  # no goal list was captured: never a guess
        # AI-written pages are never more than unverified
        for source in [*s.provenance.values(), *s.sources]:
            if any(site in (source.url or "") for site in ("itb.co.jp", "city.pier.news")):
                assert source.reliability == "unverified", (s.id, source.url)


@pytest.mark.parametrize("folder", ["plans/azumino", "plans"])
def test_bundled_reference_data_has_no_findings(folder: str) -> None:
    """Reference data is facts as published: no rule may report on it, and what its sources did
    not show is not "not checked" in the user's report — also when the bundled plans folder itself
    is checked (`plancheck check`, where the reference files are among the files given)."""
    report = api.check([ROOT / folder], as_of=AS_OF)
    reference = {d.id for d in report.documents if d.level != "municipal"}
    assert not [v for v in report.violations if v.document in reference or v.family == "input"]
    assert not [n for n in report.not_checked if n.document in reference]


# --- LAW-003 with the bundled prefectures -----------------------------------------------------------


@pytest.mark.parametrize("adopted, considers, expected", [
    # 滋賀: the 実施計画 became the prefecture's strategy in 2024-07 (its positioning, not its adoption)
    ("2024-09-01", ["shiga/strategy-2"], ("shiga/strategy-3", "shiga/strategy-2")),
    ("2024-09-01", ["shiga/strategy-3"], None),
    ("2024-05-01", ["shiga/strategy-2"], None),
    ("2016-02-01", [], ("shiga/strategy-1",)),  # the 1st, adopted 2015-10-20, was in force
])
def test_prefectural_strategy_in_force(tmp_path: Path, adopted: str, considers: list[str],
                                       expected: tuple[str, ...] | None) -> None:
    folder = _strategy(tmp_path, "city", prefecture="滋賀県", adopted=adopted,
                       considers=["national/strategy-2", *considers])
    report = _check(folder)
    assert _found(report, "LAW-003") == ([("city/strategy", expected)] if expected else [])
    assert not [n for n in report.not_checked if n.rule == "LAW-003"]


def test_unknown_dates_leave_law_003_not_checked(tmp_path: Path) -> None:
    """茨城県: neither the adoption date nor the period of its strategies is known."""
    report = _check(_strategy(tmp_path, "city", prefecture="茨城県", adopted="2020-03-25",
                              considers=["national/strategy-2", "ibaraki/strategy-1"]))
    assert _found(report, "LAW-003") == []
    (entry,) = [n for n in report.not_checked if n.rule == "LAW-003"]
    assert entry.subject == "city/strategy" and entry.missing == ("adopted",)


def test_no_reference_data_leaves_law_003_not_checked(tmp_path: Path) -> None:
    """佐賀県: no strategy of its is bundled (no source names one)."""
    assert not prefectures.reference_data(prefectures.lookup("佐賀県")).strategies
    report = _check(_strategy(tmp_path, "city", prefecture="佐賀県", adopted="2020-03-25",
                              considers=["national/strategy-2"]))
    assert _found(report, "LAW-003") == []
    (entry,) = [n for n in report.not_checked if n.rule == "LAW-003"]
    assert entry.missing == ("reference_data",) and "佐賀県" in entry.message["ja"]


def test_a_users_copy_replaces_the_bundled_strategy(tmp_path: Path) -> None:
    """A prefectural strategy of the user's with a bundled id wins over the bundled one: a corrected
    adoption date changes what is in force."""
    folder = _strategy(tmp_path, "city", prefecture="茨城県", adopted="2020-03-25",
                       considers=["national/strategy-2", "ibaraki/strategy-1"])
    for n, (adopted, period) in enumerate((("2015-10-20", "{from: 2015, to: 2019}"),
                                           ("2021-03-01", "{from: 2021, to: 2025}")), start=1):
        (folder / f"pref-{n}.yaml").write_text(
            f"kind: prefectural_strategy\nid: ibaraki/strategy-{n}\ntitle: 茨城県の総合戦略（第{n}期）\n"
            f"prefecture: 茨城県\nadopted: {adopted}\nperiod: {period}\nconsiders: [national/strategy-{n}]\n",
            encoding="utf-8")
    report = _check(folder)
    assert not [n for n in report.not_checked if n.rule == "LAW-003"] and _found(report, "LAW-003") == []


# --- coverage and the documentation -----------------------------------------------------------------


def test_coverage(data: dict[str, prefectures.ReferenceData]) -> None:
    coverage = {name: prefectures.coverage(d) for name, d in data.items()}
    assert coverage["滋賀県"] == "confirmed"  # both the current and the previous strategy fully dated
    assert coverage["佐賀県"] == "unknown"  # nothing bundled
    assert coverage["北海道"] == "partial"  # the 3rd strategy's period is not known
    assert set(coverage.values()) <= {"confirmed", "partial", "unknown"}


def test_documented_coverage_table_matches_the_data(data: dict[str, prefectures.ReferenceData]) -> None:
    text = (ROOT / "docs" / "reference-data.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d\d) \| (\S+) \| `(\w+)` \| (.*) \| (confirmed|partial|unknown) \| (.+) \|$",
                      text, re.M)
    assert len(rows) == 47
    for (code, name, slug, strategies, coverage, law), p in zip(rows, prefectures.PREFECTURES):
        d = data[p.name]
        undated = any(prefectures.effective_date(s) is None for s in d.strategies)
        expected_law = "not checked (no data)" if not d.strategies else \
            "not checked (a strategy without dates)" if undated else "checked"
        assert (int(code), name, slug, coverage, law) == (p.code, p.name, p.slug, prefectures.coverage(d),
                                                          expected_law)
        assert re.findall(r"`([\w/.-]+)`", strategies)[:len(d.strategies)] == [s.id for s in d.strategies]


# --- plancheck init --prefecture --------------------------------------------------------------------


@pytest.mark.parametrize("given, meant", [("長野", "長野県"), ("東京", "東京都"), ("nagano", "長野県")])
def test_init_refuses_a_name_that_is_not_a_prefecture(tmp_path: Path, given: str, meant: str) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "c"), "--municipality", "例市", "--prefecture", given])
    assert result.exit_code == 2, result.output
    assert meant in result.stderr and "did you mean" in result.stderr
    assert not (tmp_path / "c" / "strategy.yaml").exists()


@pytest.mark.parametrize("name", ["北海道", "東京都", "大阪府", "長野県"])
def test_init_accepts_full_names(tmp_path: Path, name: str) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "c"), "--municipality", "例市", "--prefecture", name])
    assert result.exit_code == 0, result.output
    assert f"prefecture: {name}" in (tmp_path / "c" / "strategy.yaml").read_text(encoding="utf-8")


def test_init_warns_about_unknown_reference_facts(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "c"), "--municipality", "例市", "--prefecture", "茨城県"])
    assert result.exit_code == 0, result.output
    assert "茨城県" in result.stderr and "LAW-003" in result.stderr and "ibaraki/strategy-1" in result.stderr
    assert "wrote" in result.stdout and "茨城県" not in result.stdout
    text = (tmp_path / "c" / "strategy.yaml").read_text(encoding="utf-8")
    assert "prefecture: 茨城県" in text and "ibaraki/" not in text  # nothing known to be in force: not guessed


def test_init_says_when_no_reference_data_is_bundled(tmp_path: Path) -> None:
    from checker.workflows.scaffold import init_plan_set

    written = init_plan_set(tmp_path / "c", municipality="例町", prefecture="佐賀県", today=dt.date(2026, 12, 1))
    (notice,) = written.notices
    assert "佐賀県" in notice and "同梱されていません" in notice and "not checked" in notice
    assert [p.name for p in written] == ["strategy.yaml", "plan.xlsx", "vision.yaml"]


def test_init_in_a_prefecture_with_known_dates_considers_its_current_strategy(tmp_path: Path) -> None:
    from checker.workflows.scaffold import init_plan_set

    written = init_plan_set(tmp_path / "c", municipality="例市", prefecture="滋賀県", today=dt.date(2026, 12, 1))
    text = (tmp_path / "c" / "strategy.yaml").read_text(encoding="utf-8")
    assert "shiga/strategy-3" in text and "national/strategy-2025" in text
    assert all("滋賀県" in n for n in written.notices)  # only the goals are unknown there


def test_reference_documents_are_prefectural_level() -> None:
    for d in bundled_reference(set(), [])[0]:
        if d.model.id.split("/")[0] in {p.slug for p in prefectures.PREFECTURES}:
            assert document_level(d.model) == "prefectural", d.model.id


def test_synthetic_corpus_shadows_the_bundled_prefectures(tmp_path: Path) -> None:
    """plancheck generate's one-strategy-per-prefecture world replaces every bundled prefectural
    strategy by id, so the real data neither competes for "in force" nor leaves LAW-003 unchecked."""
    from checker.workflows.generate import generate_corpus, pref_strategy, stand_ins

    assert {d["id"] for d in stand_ins(1)} == {"hokkaido/strategy-1", "hokkaido/strategy-2", "hokkaido/strategy-3"}
    assert pref_strategy(20) == "nagano/strategy-1" and {d["id"] for d in stand_ins(20)} == {"nagano/plan-3"}
    assert stand_ins(41) == []  # 佐賀県: nothing bundled
    generate_corpus(tmp_path, municipalities=6, defect_rate=0.0, seed=7)
    report = api.check([tmp_path], rules=api.rules_for(select=["LAW"]), as_of=dt.date(2026, 4, 1))
    assert not [v for v in report.violations if v.rule in ("LAW-001", "LAW-002", "LAW-003")]
    assert not [n for n in report.not_checked if n.rule == "LAW-003"]
