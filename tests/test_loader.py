"""Loader: good files load with lines; every kind of bad input is one located error."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, strategies as st

from checker.load import load_documents, read_documents
from checker.load.yamlsource import parse_yaml_documents
from tests.conftest import CITY, NATIONAL


def _errors(path: Path):
    docs, errors = read_documents(path)
    return docs, errors


def test_good_documents_load_with_lines(write) -> None:
    path = write("city.yaml", CITY)
    docs, errors = _errors(path)
    assert errors == []
    (doc,) = docs
    assert doc.model.id == "city/strategy"
    assert doc.line(("goals", 0, "measures", 0, "kpis", 0)) == 20
    assert doc.line(("published",)) == 8


def test_several_documents_in_one_file(write) -> None:
    path = write("both.yaml", NATIONAL + "---\n" + CITY)
    docs, errors = _errors(path)
    assert errors == [] and [d.model.id for d in docs] == ["nat/strategy", "city/strategy"]
    assert docs[1].line(()) == 11  # 8 lines, "---", the blank first line of CITY, then "kind:"


def test_malformed_yaml_is_located(write) -> None:
    path = write("bad.yaml", "kind: municipal_strategy\nid: a/b\ntitle: [unclosed\nperiod: x\n")
    _, (error,) = _errors(path)
    assert error.code == "INPUT-002" and error.line is not None and error.file.endswith("bad.yaml")
    assert "YAML" in error.message_en and error.hint_ja


def test_unknown_field_suggests_the_right_one(write) -> None:
    path = write("typo.yaml", CITY.replace("        kpis:\n", "        kpi:\n"))
    _, (error,) = _errors(path)
    assert (error.code, error.line, error.key) == ("INPUT-003", 19, "goals[0].measures[0].kpi")
    assert "'kpis'" in error.hint_en and "不明な項目" in error.message_ja


def test_wrong_type_missing_field_and_bad_date_all_reported(write) -> None:
    text = CITY.replace("title: 例市総合戦略\n", "").replace("adopted: R2-03-20", "adopted: R2年13月") \
               .replace("value: 150", "value: たくさん")
    path = write("many.yaml", text)
    _, errors = _errors(path)
    got = sorted((e.code, e.key) for e in errors)
    assert got == [
        ("INPUT-003", "goals[0].targets[0].target.value"),
        ("INPUT-003", "title"),
        ("INPUT-004", "adopted"),
    ]
    date_error = next(e for e in errors if e.code == "INPUT-004")
    assert date_error.line == 6 and "R2年13月" in date_error.message_ja


def test_duplicate_keys_tags_and_unknown_kind(write) -> None:
    dup = write("dup.yaml", "kind: national_strategy\nid: a/b\nid: a/c\n")
    assert _errors(dup)[1][0].message_en == "duplicate key 'id'" and _errors(dup)[1][0].line == 3
    tag = write("tag.yaml", "kind: !!python/object:os.system national_strategy\n")
    assert "not allowed" in _errors(tag)[1][0].message_en
    kind = write("kind.yaml", "kind: city_plan\nid: a/b\ntitle: x\n")
    (error,) = _errors(kind)[1]
    assert error.key == "kind" and "municipal_strategy" in error.hint_en


def test_files_that_are_not_plans_or_not_text(write, tmp_path: Path) -> None:
    profile = write("plancheck.yaml", "rules: {}\n")
    assert _errors(profile) == ([], [])
    no_kind = write("nokind.yaml", "id: a/b\ntitle: x\n")
    assert _errors(no_kind)[1][0].key == "kind"
    binary = tmp_path / "nul.yaml"
    binary.write_bytes(b"kind: x\x00")
    assert "NUL" in _errors(binary)[1][0].message_en
    sjis = tmp_path / "sjis.yaml"
    sjis.write_bytes("title: 安曇野\n".encode("cp932"))
    assert _errors(sjis)[1][0].message_en == "not valid UTF-8"


def test_user_documents_win_over_bundled_reference(write, tmp_path: Path) -> None:
    write("national.yaml", NATIONAL.replace("nat/strategy", "national/strategy-2"))
    result = load_documents([tmp_path])
    ids = [d.model.id for d in result.documents]
    assert ids.count("national/strategy-2") == 1
    assert "national/strategy-1" in ids and "nagano/strategy-1" in ids  # bundled reference added
    assert not any(i.startswith("azumino/") for i in ids)  # but no bundled municipal plans


@given(st.text(max_size=300))
def test_yaml_reader_never_raises_anything_but_input_errors(text: str) -> None:
    from checker.load.errors import PlanInputError

    try:
        parse_yaml_documents(text, "fuzz.yaml")
    except PlanInputError as exc:
        assert exc.errors and exc.errors[0].file == "fuzz.yaml"


@given(st.dictionaries(st.sampled_from(["kind", "id", "title", "period", "goals", "adopted", "x"]),
                       st.one_of(st.text(max_size=20), st.integers(), st.none(), st.lists(st.text(max_size=5), max_size=3)),
                       max_size=6))
def test_document_validation_never_raises(tmp_path_factory, data) -> None:
    import yaml

    path = tmp_path_factory.mktemp("fuzz") / "doc.yaml"
    path.write_text(yaml.safe_dump({"kind": "municipal_strategy", **data}, allow_unicode=True), encoding="utf-8")
    docs, errors = read_documents(path)
    assert docs or errors
    assert all(e.file.endswith("doc.yaml") for e in errors)


def _documented_examples() -> list[str]:
    import re

    from tests.conftest import ROOT

    text = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
    return re.findall(r"```yaml\n(.*?)```", text, re.S)


def test_documented_examples_are_valid() -> None:
    """Every YAML example in docs/plan-format.md is a valid plan document, every document kind has
    one, and no two examples share an id."""
    from checker.load.documents import validate_document
    from checker.model import DOCUMENT_KINDS

    ids, kinds = [], set()
    for block in _documented_examples():
        for data, lines in parse_yaml_documents(block, "plan-format.md"):
            model = validate_document(data, lines, "plan-format.md").model
            ids.append(model.id)
            kinds.add(model.kind)
    assert kinds == set(DOCUMENT_KINDS)
    assert len(ids) == len(set(ids))
    assert {"example/strategy-2", "example/strategy-printed", "example/strategy-partial", "example/strategy-parts",
            "sample/strategy-1", "sample/strategy-2", "example/vision-2", "example/regional-plan-1",
            "island/strategy-1", "island/strategy-2", "island/comprehensive-2", "island/vision-2",
            "island/regional-plan-1", "example-pref/strategy-3"} <= set(ids)


def test_documented_examples_say_what_the_rules_do(tmp_path: Path) -> None:
    """The worked examples, checked together with the bundled reference data (their own copies of
    national documents left out), give what the text around them says: unknown facts are not
    checked (and are not violations), the bare and printed values pass where it says so."""
    import datetime as dt

    from checker import api

    for i, block in enumerate(_documented_examples()):
        if "id: national/" not in block:
            (tmp_path / f"example-{i}.yaml").write_text(block, encoding="utf-8")
    report = api.check([tmp_path], as_of=dt.date(2026, 11, 27))
    assert not [v for v in report.violations if v.rule.startswith("INPUT")]
    unseen = {(n.rule, n.subject) for n in report.not_checked}
    found = {(v.rule, v.subject) for v in report.violations}
    partial, printed = "example/strategy-partial", "example/strategy-printed"
    for rule in ("LAW-001", "LAW-006", "LAW-008", "CNT-002", "KPI-001", "POP-004", "PDCA-001"):
        assert (rule, partial) in unseen and (rule, partial) not in found
    assert {("KPI-003", f"{partial}#G1-M1-K1"), ("MAP-001", f"{partial}#G1"),
            ("KPI-008", f"{printed}#G1-M1-K2"), ("KPI-004", f"{printed}#G1-M1-K2")} <= unseen
    assert {("DATE-007", f"{printed}#G4-T1"), ("KPI-006", f"{printed}#G4-T1"), ("DATE-005", printed),
            ("GOAL-001", "example/strategy-parts#A.G2"), ("GOAL-001", "example/strategy-parts#B.G1"),
            ("PDCA-005", "example/strategy-parts#review-2")} <= found
    quiet = {("DATE-003", f"{printed}#G3-T1"), ("DATE-008", f"{printed}#G3-T1"), ("KPI-010", f"{printed}#G1-T1"),
             ("KPI-011", f"{printed}#G1-T1"), ("KPI-012", f"{printed}#G1-M1-K1"), ("PER-010", "sample/strategy-2#G2-T1"),
             ("PER-010", "sample/strategy-2#G2-M1-K1"), ("PER-005", "sample/strategy-2"),
             ("MAP-004", "example/strategy-parts"), ("LAW-009", "example/strategy-parts"),
             ("PER-011", "example/strategy-parts"), ("PER-012", "example/regional-plan-1")}
    assert not quiet & (found | unseen)
    assert not [v for v in report.violations if v.rule == "POP-001"]  # 約8万6千人 and 86,000 agree


def test_documented_unknowns_and_mentions_do_what_the_text_says(tmp_path: Path) -> None:
    """The 例島市 examples (Unknown is not absent, population vision, mentions): each fact marked
    unknown makes the rules that need it "not checked", never a violation; a mention that disagrees
    is PER-016 at its line, one that agrees (a year alone) is quiet; peak years are compared without
    counts; the prefectural revision keeps LAW-010 quiet."""
    import datetime as dt

    from checker import api

    for i, block in enumerate(_documented_examples()):
        if "id: national/" not in block:
            (tmp_path / f"example-{i}.yaml").write_text(block, encoding="utf-8")
    report = api.check([tmp_path], as_of=dt.date(2026, 11, 27))
    unseen = {(n.rule, n.subject) for n in report.not_checked}
    found = {(v.rule, v.subject) for v in report.violations}
    first, second = "island/strategy-1", "island/strategy-2"
    expected_unseen = {
        ("KPI-005", f"{first}#G1-T1"), ("KPI-010", f"{first}#G1-T1"), ("KPI-011", f"{first}#G1-T1"),  # source, 延べ
        ("PDCA-001", first), ("PDCA-004", first), ("PER-011", first), ("PER-017", first),  # body members, extension
        ("PER-006", second), ("PER-008", second), ("KPI-006", f"{second}#G1-T1"),  # to: unknown
        ("PDCA-001", second), ("PDCA-002", second), ("PDCA-004", second),  # verification: unknown
        ("PER-009", "island/comprehensive-2#later"),  # keeps: unknown
    }
    assert expected_unseen <= unseen
    assert not expected_unseen & found
    assert {("LAW-009", first), ("POP-007", f"{second}#peak-1985"), ("POP-007", "island/vision-2#peak-1985")} <= found
    (mention,) = [v for v in report.violations if v.rule == "PER-016"]
    assert mention.subject == "island/regional-plan-1#mention-1" and "H27年10月27日" in mention.message["ja"]
    quiet = {("PER-016", "island/vision-2#mention-1"), ("POP-001", f"{second}#population-2040"),
             ("POP-001", "island/vision-2#population-2040"),
             ("LAW-010", "example-pref/strategy-3"), ("POP-006", first),
             ("PER-001", second)}  # R3 follows R2: checked without the last year
    assert not quiet & (found | unseen)
