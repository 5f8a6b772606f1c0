"""The report's records: a violation's status, its hash, and the typed summary."""

from __future__ import annotations

import dataclasses
import typing

from checker.report import MunicipalityCounts, Report, Summary, Violation, WaiverInfo

_V = Violation("KPI-001", "kpi-has-target", "coverage", "error", "city/s#G1-M1-K1", (), "city/s.yaml", 12, "target",
               {"ja": "目標値がありません", "en": "no target"}, {"indicator": "K1"}, document="city/s")
_WAIVER = WaiverInfo("審議会で了承", "企画課", "R8年度", "city/s.yaml", 40)


def test_status_is_active_known_or_waived() -> None:
    assert _V.status == "active"
    assert dataclasses.replace(_V, known=True).status == "known"
    assert dataclasses.replace(_V, waived=_WAIVER).status == "waived"


def test_report_splits_by_status() -> None:
    known, waived = dataclasses.replace(_V, line=13, known=True), dataclasses.replace(_V, line=14, waived=_WAIVER)
    report = Report(violations=(_V, known, waived))
    assert report.active == (_V, known) and report.failing == (_V,)
    summary = report.summary()
    assert (summary["total"], summary["known"], summary["waived"]) == (2, 1, 1)
    assert report.exit_code("error") == 1
    assert Report(violations=(known, waived)).exit_code("error") == 0


def test_violations_are_hashable_and_equal_ones_hash_alike() -> None:
    twin = Violation(**{f.name: getattr(_V, f.name) for f in dataclasses.fields(_V)})
    other = dataclasses.replace(_V, line=99)
    assert hash(twin) == hash(_V) and {_V, twin, other} == {_V, other}
    assert {_V: 1}[twin] == 1


def test_summary_keys_are_the_typed_ones() -> None:
    report = Report(violations=(_V,), documents=())
    assert set(report.summary()) == set(typing.get_type_hints(Summary))
    assert set(typing.get_type_hints(MunicipalityCounts)) == {"prefecture", "municipality", "error", "warning", "info"}
