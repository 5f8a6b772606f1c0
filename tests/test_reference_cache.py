"""The reference documents' own findings in the result cache (checker.batch._StoredReference): a
check after an edit of a municipality's files runs no graph of the reference documents, and its
report is the report of a check without the cache."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from checker import api, batch
from checker.load.cache import ParseCache
from tests.conftest import AS_OF, ROOT
from tests.test_batch import _three_cities


def _corpus(tmp: Path) -> Path:
    """Three cities and the user's own copy of a prefecture's strategies, with a gap between them."""
    plans = _three_cities(tmp / "plans")
    (plans / "pref").mkdir()
    text = (ROOT / "plans" / "prefectures" / "aichi.yaml").read_text(encoding="utf-8")
    (plans / "pref" / "aichi.yaml").write_text(text.replace("period: {from: 2020, to: 2024}",
                                                            "period: {from: 2021, to: 2024}"), encoding="utf-8")
    return plans


@pytest.fixture()
def runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many documents each check_reference in this process was given."""
    calls: list[int] = []
    check_reference = batch.check_reference

    def counted(reference: Any, *args: Any) -> Any:
        calls.append(len(reference))
        return check_reference(reference, *args)

    monkeypatch.setattr(batch, "check_reference", counted)
    return calls


def _same_as_without_cache(plans: Path, cache: Path) -> api.Report:
    cached = api.check([plans], as_of=AS_OF, jobs=1, cache=ParseCache(cache))
    assert cached == api.check([plans], as_of=AS_OF, jobs=1)
    return cached


def _of_aichi(report: api.Report) -> list[Any]:
    return [v for v in report.violations if (v.file or "").endswith("pref/aichi.yaml")]


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_reference_findings_come_from_the_cache_until_a_reference_file_changes(
        tmp_path: Path, runs: list[int]) -> None:
    plans = _corpus(tmp_path)
    report = _same_as_without_cache(plans, tmp_path / "cache")
    own = _of_aichi(report)
    assert [v.rule for v in own] == ["PER-001"]  # the gap: found by check_reference, with and without the cache
    assert len(runs) == 2 and min(runs) > 100
    before = len(runs)
    _edit(plans / "north" / "strategy-2.yaml", "ひとの流れをつくる", "人の流れをつくる")
    report = _same_as_without_cache(plans, tmp_path / "cache")
    assert len(runs) == before + 1  # the check without the cache only
    assert _of_aichi(report) == own
    _edit(plans / "pref" / "aichi.yaml", "prefecture: 愛知県\n", "prefecture: 愛知県\n# a line more\n")
    report = _same_as_without_cache(plans, tmp_path / "cache")
    assert len(runs) == before + 3  # a reference file changed: checked again, with its findings a line lower
    assert [v.line for v in _of_aichi(report)] == [v.line + 1 for v in own]


def test_no_reference_findings_are_stored_with_an_error_in_a_reference_file(tmp_path: Path, runs: list[int]) -> None:
    plans = _corpus(tmp_path)
    # readable, and not a valid document: an input error (a file that cannot be read has no digest, no key)
    (plans / "pref" / "broken.yaml").write_text("kind: prefectural_strategy\nid: aichi/strategy-9\ncolour: red\n",
                                                encoding="utf-8")
    assert any(v.rule == "INPUT-003" for v in _same_as_without_cache(plans, tmp_path / "cache").violations)
    before = len(runs)
    _edit(plans / "north" / "strategy-2.yaml", "ひとの流れをつくる", "人の流れをつくる")
    _same_as_without_cache(plans, tmp_path / "cache")
    assert len(runs) == before + 2


def test_the_key_takes_every_reference_file_and_table_by_content(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "cache")
    folder = tmp_path / "pref"
    stored = batch._StoredReference(cache, "context", [("pref/a.yaml", "1")], [(folder, "t.csv", "2")])
    keys = {stored.key,
            batch._StoredReference(cache, "other", [("pref/a.yaml", "1")], [(folder, "t.csv", "2")]).key,
            batch._StoredReference(cache, "context", [("pref/a.yaml", "9")], [(folder, "t.csv", "2")]).key,
            batch._StoredReference(cache, "context", [("pref/b.yaml", "1")], [(folder, "t.csv", "2")]).key,
            batch._StoredReference(cache, "context", [("pref/a.yaml", "1")], [(folder, "t.csv", "9")]).key,
            batch._StoredReference(cache, "context", [("pref/a.yaml", "1")], [(folder, "u.csv", "2")]).key,
            batch._StoredReference(cache, "context", [("pref/a.yaml", "1")], []).key}
    assert None not in keys and len(keys) == 7
    # a file or a table that changed while it was read: nothing stored or looked up
    assert batch._StoredReference(cache, "context", [("pref/a.yaml", "")], []).key is None
    assert batch._StoredReference(cache, "context", [], [(folder, "t.csv", "")]).key is None
