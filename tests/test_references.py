"""An unknown reference (issue 18): REF-001 says which id was probably meant, quotes it, and is
the only finding — the rules that count the links it was meant to make record "not checked"."""

from __future__ import annotations

import datetime as dt
import pickle
from pathlib import Path

import pytest

from checker import api
from checker.graph import Suggestions, build_graph
from checker.load import load_documents
from tests.conftest import AS_OF, CITY, NATIONAL


def _check(tmp_path: Path, city: str, reference: bool = False):
    (tmp_path / "city.yaml").write_text(city, encoding="utf-8")
    if not reference:
        (tmp_path / "nat.yaml").write_text(NATIONAL, encoding="utf-8")
    return api.check([tmp_path], as_of=AS_OF, include_reference=reference)


def _only(report, rule: str):
    return [v for v in report.violations if v.rule == rule]


def test_a_misspelt_document_suggests_the_item_of_the_closest_document(tmp_path: Path) -> None:
    """The issue's example: national/digitaldenen#G4 for national/digital-denen#G4."""
    city = CITY.replace("considers: [nat/strategy]", "considers: [national/digital-denen]").replace(
        "    considers: [nat/strategy#G1]", "    considers: [national/digitaldenen#G4]").replace(
        "    considers: [nat/strategy#地方への新しいひとの流れをつくる]", "    considers: [national/digital-denen#G2]")
    report = _check(tmp_path, city, reference=True)
    (ref,) = [v for v in _only(report, "REF-001") if v.subject == "city/strategy#G1"]
    assert ref.params["suggestion"][0] == "national/digital-denen#G4"
    assert "「national/digitaldenen#G4」が見つかりません" in ref.message["ja"]
    assert "「national/digital-denen#G4」（魅力的な地域をつくる）" in ref.message["ja"] and "の誤りではありませんか" in ref.message["ja"]
    assert "did you mean 'national/digital-denen#G4' (魅力的な地域をつくる)?" in ref.message["en"]
    # one bad reference, one finding: not also "considers no national goal" (MAP-001), nor "the
    # document leaves a national goal uncovered" (MAP-003) — those could not be checked
    assert not _only(report, "MAP-001") and not _only(report, "MAP-003")
    unseen = {(n.rule, n.subject): n for n in report.not_checked}
    assert unseen["MAP-001", "city/strategy#G1"].missing == ("unresolved_reference",)
    assert unseen["MAP-003", "city/strategy"].params == {"refs": ["national/digitaldenen#G4"]}
    assert "national/digitaldenen#G4" in unseen["MAP-001", "city/strategy#G1"].message["ja"]


def test_inside_an_existing_document_the_closest_ids_and_titles(tmp_path: Path) -> None:
    report = _check(tmp_path, CITY.replace("considers: [nat/strategy#G1]", "considers: [nat/strategy#G01]"))
    (ref,) = _only(report, "REF-001")
    assert list(ref.params["suggestion"]) == ["nat/strategy#G1"]
    report = _check(tmp_path, CITY.replace("considers: [nat/strategy#G1]", "considers: [nat/strategy#稼げる地域をつくる]"))
    (ref,) = _only(report, "REF-001")
    assert list(ref.params["suggestion"]) == ["nat/strategy#G1"] and "稼ぐ地域をつくる" in ref.message["ja"]
    # nothing close, a short list: every goal of the document is offered
    report = _check(tmp_path, CITY.replace("considers: [nat/strategy#G1]", "considers: [nat/strategy#Z]"))
    (ref,) = _only(report, "REF-001")
    assert list(ref.params["suggestion"]) == ["nat/strategy#G1", "nat/strategy#G2"]
    assert "候補: 「nat/strategy#G1」（稼ぐ地域をつくる）、「nat/strategy#G2」" in ref.message["ja"]
    assert "candidates: 'nat/strategy#G1' (稼ぐ地域をつくる), 'nat/strategy#G2'" in ref.message["en"]


def test_a_misspelt_document_reference_suggests_documents_and_leaves_law_001_to_it(tmp_path: Path) -> None:
    report = _check(tmp_path, CITY.replace("considers: [nat/strategy]", "considers: [nat/stratgy]"))
    (ref,) = _only(report, "REF-001")
    assert ref.subject == "city/strategy" and list(ref.params["suggestion"]) == ["nat/strategy"]
    assert not _only(report, "LAW-001")  # "considers no national strategy" would be the same mistake again


def test_nothing_close_asks_to_check_the_wording(tmp_path: Path) -> None:
    report = _check(tmp_path, CITY.replace("considers: [nat/strategy#G1]", "considers: [zzz/qqq#G1]"))
    (ref,) = _only(report, "REF-001")
    assert ref.params["suggestion"] == [] and "ID・文書ID・表記を確認してください" in ref.message["ja"]
    assert "check the id, document id or wording" in ref.message["en"]


def test_a_count_the_bad_reference_cannot_make_up_is_still_a_finding(tmp_path: Path) -> None:
    """Only a shortfall the unresolved references could fill is left to REF-001."""
    report = _check(tmp_path, CITY.replace("considers: [nat/strategy#G1]", "considers: [nat/strategy#G1, nat/strategy#G9]"))
    assert len(_only(report, "REF-001")) == 1 and not _only(report, "MAP-001")
    assert not [n for n in report.not_checked if n.rule == "MAP-001"]  # G1 resolves: MAP-001 holds


def test_the_graph_records_unresolved_links_per_node(tmp_path: Path) -> None:
    (tmp_path / "nat.yaml").write_text(NATIONAL, encoding="utf-8")
    (tmp_path / "city.yaml").write_text(CITY.replace("considers: [nat/strategy#G1]", "considers: [nat/stratgy#G1]")
                                        .replace("considers: [nat/strategy]", "considers: [nat/strategy#G1]"),
                                        encoding="utf-8")
    g = build_graph(load_documents([tmp_path], include_reference=False).documents)
    # an unknown document: it may have meant any (None); a wrong kind (a goal for a strategy): its document
    assert g.nodes["city/strategy#G1"]["unresolved"] == (("considers", None, "nat/stratgy#G1"),)
    assert g.nodes["city/strategy"]["unresolved"] == (("considers", "nat/strategy", "nat/strategy#G1"),)
    assert "unresolved" not in g.nodes["city/strategy#G2"]


def test_suggestions_render_and_travel() -> None:
    s = Suggestions(["a/b#G1", "a/b#G2"], ["稼ぐ", ""])
    assert s.ja() == "「a/b#G1」（稼ぐ）、「a/b#G2」の誤りではありませんか"
    assert s.en() == "did you mean 'a/b#G1' (稼ぐ) or 'a/b#G2'?"
    again = pickle.loads(pickle.dumps(s))  # worker processes send the graph's problems back
    assert again == s and again.titles == s.titles and again.ja() == s.ja()
    assert Suggestions().en() == "check the id, document id or wording"
    assert Suggestions().ja() == "ID・文書ID・表記を確認してください"


def test_suggestions_of_three_and_every_candidate() -> None:
    """Three close ids: "a, b or c"; every item of a small document: a plain list (graph.LIST_ALL)."""
    three = Suggestions(["x#G1", "x#G2", "x#G3"], ["", "", "目標"])
    assert three.en() == "did you mean 'x#G1', 'x#G2' or 'x#G3' (目標)?"
    assert three.ja() == "「x#G1」、「x#G2」、「x#G3」（目標）の誤りではありませんか"
    every = Suggestions(["x#G1", "x#G2", "x#G3"], ["x#G1", "", ""], every=True)  # a title equal to its id: once
    assert every.en() == "candidates: 'x#G1', 'x#G2', 'x#G3'"
    assert every.ja() == "候補: 「x#G1」、「x#G2」、「x#G3」"


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_same_in_a_batch_check(tmp_path: Path, jobs: int) -> None:
    """Two municipalities: the batch path (worker processes) gives the same finding and note."""
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(
            CITY.replace("city/", f"{name}/").replace("municipality: 例市", f"municipality: {name}市")
            .replace("considers: [nat/strategy#G1]", "considers: [nat/strategy#G01]"), encoding="utf-8")
    (tmp_path / "nat.yaml").write_text(NATIONAL, encoding="utf-8")
    report = api.check([tmp_path], as_of=dt.date(2026, 11, 27), include_reference=False, jobs=jobs)
    refs = sorted((v.subject, tuple(v.params["suggestion"])) for v in _only(report, "REF-001"))
    assert refs == [("a/strategy#G1", ("nat/strategy#G1",)), ("b/strategy#G1", ("nat/strategy#G1",))]
    assert not _only(report, "MAP-001")
    assert sorted(n.subject for n in report.not_checked if n.rule == "MAP-001") == ["a/strategy#G1", "b/strategy#G1"]
