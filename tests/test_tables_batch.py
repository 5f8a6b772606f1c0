"""read_tables: many tables read and validated together give what read_table gives for each alone."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, strategies as st

from checker.load import tables
from checker.load.errors import PlanInputError
from checker.load.tables import SPECS, TableRequest, read_table, read_tables

PROJECTS = "事業ID,事業名,所管課,施策\nP-1,創業塾,商工課,G1-M1\nP-2,空き家バンク,建築課,G1-M1\n"
INDICATORS = ("指標ID,種別,指標名,単位,基準年度,基準値,目標年度,目標値,方向,アウトカム\n"
              "T-1,数値目標,雇用者数,人,R1年度,100,R6年度,\"1,500\",増加,○\n"
              "K-1,KPI,創業件数,件,,,2024,10,,\n")


def _request(folder: Path, name: str, text: str) -> TableRequest:
    """A request for the table `name` (written with `text`) of a plan file in `folder`;
    the list it fills is the file's stem (projects.csv, projects-2.csv → projects)."""
    (folder / name).write_text(text, encoding="utf-8")
    return TableRequest(name.split(".")[0].split("-")[0], {"table": name}, folder / "plan.yaml", "plan.yaml", 7)


def _alone(request: TableRequest) -> Any:
    """What read_table gives for one request: its (records, source), or its PlanInputError."""
    try:
        return read_table(request.what, request.ref, request.yaml_file, request.shown_yaml, request.line, str)
    except PlanInputError as exc:
        return exc


def _comparable(result: Any) -> Any:
    if isinstance(result, PlanInputError):
        return ("error", result.errors)
    records, source = result
    return ("rows", records, source)


def _same_as_alone(requests: list[TableRequest], results: list[Any]) -> bool:
    return [_comparable(r) for r in results] == [_comparable(_alone(q)) for q in requests]


@pytest.mark.parametrize("broken, expected", [
    ("事業ID,事業名\nP-1,創業塾\nP-2,\n", [(3, "事業名", "must not be empty")]),  # a required cell
    ("事業ID,事業名\nP-1,創業塾\nP-1,空き家バンク\n", [(2, "事業ID", "duplicate id"), (3, "事業ID", "duplicate id")]),
    ("事業名,所管課\n創業塾,商工課\n", [(1, "事業ID", "required column '事業ID' is missing")]),
])
def test_one_broken_table_among_good_ones(tmp_path: Path, broken: str, expected: list) -> None:
    requests = [_request(tmp_path, "projects-1.csv", PROJECTS), _request(tmp_path, "indicators.csv", INDICATORS),
                _request(tmp_path, "projects-2.csv", broken), _request(tmp_path, "projects-3.csv", PROJECTS)]
    results = read_tables(requests, str)
    assert _same_as_alone(requests, results)
    error = results[2]
    assert isinstance(error, PlanInputError)
    assert [(e.line, e.key, e.message_en.split(": ")[-1]) for e in error.errors] == expected
    assert all(e.file == str(tmp_path / "projects-2.csv") for e in error.errors)
    assert [r["id"] for r in results[0][0]] == ["P-1", "P-2"] and [r["id"] for r in results[3][0]] == ["P-1", "P-2"]


def test_a_wrong_number_is_located_in_its_own_table(tmp_path: Path) -> None:
    broken = INDICATORS.replace("件,,,2024,10", "件,,,2024,たくさん")
    requests = [_request(tmp_path, "indicators-1.csv", INDICATORS), _request(tmp_path, "indicators-2.csv", broken),
                _request(tmp_path, "indicators-3.csv", INDICATORS)]
    results = read_tables(requests, str)
    assert _same_as_alone(requests, results)
    (error,) = results[1].errors
    assert (error.file.split("/")[-1], error.line, error.key) == ("indicators-2.csv", 3, "目標値")
    assert error.message_en == "column '目標値' 'たくさん': is not a number"
    assert results[0][0][0]["target"] == {"year": "R6年度", "value": "1,500"} and results[0][0] == results[2][0]


def test_the_same_ids_in_two_tables_are_not_duplicates(tmp_path: Path) -> None:
    requests = [_request(tmp_path, "projects-1.csv", PROJECTS), _request(tmp_path, "projects-2.csv", PROJECTS)]
    results = read_tables(requests, str)
    assert not any(isinstance(r, PlanInputError) for r in results)
    assert results[0][0] == results[1][0] and len(results[0][0]) == 2


def test_unreadable_references_keep_their_place(tmp_path: Path) -> None:
    requests = [_request(tmp_path, "projects-1.csv", PROJECTS),
                TableRequest("projects", {"table": "missing.csv"}, tmp_path / "plan.yaml", "plan.yaml", 9),
                TableRequest("projects", {"tabel": "x.csv"}, tmp_path / "plan.yaml", "plan.yaml", 11),
                _request(tmp_path, "projects-2.csv", ""),  # empty: no rows
                _request(tmp_path, "projects-3.csv", PROJECTS)]
    results = read_tables(requests, str)
    assert _same_as_alone(requests, results)
    assert [(e.line, e.key) for r in results[1:3] for e in r.errors] == [(9, "projects"), (11, "projects")]
    assert results[3][0] == [] and results[4][0] == results[0][0]
    assert read_tables([], str) == []


def test_a_check_failing_as_a_whole_concerns_only_its_table(tmp_path: Path, monkeypatch) -> None:
    """A check that raises has no row to tell its table by: the group is validated table by table."""
    def number(value: Any) -> bool:
        if value == "boom":
            raise ValueError("boom")
        return True

    requests = [_request(tmp_path, "indicators-1.csv", INDICATORS),
                _request(tmp_path, "indicators-2.csv", INDICATORS.replace(",10,", ",boom,")),
                _request(tmp_path, "indicators-3.csv", INDICATORS)]
    monkeypatch.setattr(tables, "_is_number", number)
    tables._schema.cache_clear()
    try:
        results = read_tables(requests, str)
        assert _same_as_alone(requests, results)
    finally:
        monkeypatch.undo()
        tables._schema.cache_clear()
    assert isinstance(results[1], PlanInputError) and results[0][0] == results[2][0]


def test_ids_are_unique_per_table_as_pandera_has_them() -> None:
    """The per-table uniqueness check flags what pandera's unique=True flags, table by table
    (1, 1.0 and True are the same id to pandas, as before)."""
    import pandas as pd
    import pandera.pandas as pa

    ids = [["P-1", 1, True, 1.0, "1", None, None, "P-1"], ["P-1", "P-2", None, 2, 2.0]]
    pandera_unique = pa.DataFrameSchema({"id": pa.Column(None, unique=True, nullable=True)})
    for table, values in enumerate(ids):
        index = [table * tables._TABLE_STRIDE + p for p in range(len(values))]
        frame = pd.DataFrame({"id": values}, dtype=object, index=index)
        try:
            pandera_unique.validate(frame, lazy=True)
            flagged: set = set()
        except pa.errors.SchemaErrors as exc:
            flagged = set(exc.failure_cases["index"])
        ours = tables._unique_in_its_table(frame["id"].dropna())
        assert set(ours.index[~ours]) == flagged
    assert flagged == {index[3], index[4]}


# Random small tables: headers from a kind's columns (and an unknown one), cells from values that
# are valid in some columns and not in others.
CELLS = st.sampled_from(["", "P-1", "P-2", "1", "1,500", "たくさん", "R6年度", "2024", "令和元年度", "2019年",
                         "KPI", "数値目標", "増加", "○", "×", "いいえ", "a、b", "例"])


@st.composite
def _tables(draw: Any) -> tuple[str, str]:
    what = draw(st.sampled_from(["projects", "indicators", "grants", "reviews"]))
    required = [c.headers[0] for c in SPECS[what] if c.required]
    optional = [c.headers[-1] for c in SPECS[what] if not c.required] + ["予算"]
    header = draw(st.one_of(st.just(required), st.lists(st.sampled_from(optional), max_size=3).map(lambda o: required + o),
                            st.lists(st.sampled_from(required + optional), min_size=1, max_size=4)))
    rows = draw(st.lists(st.lists(CELLS, min_size=len(header), max_size=len(header)), max_size=5))
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([header] + rows)
    return what, text.getvalue()


@given(st.lists(_tables(), min_size=1, max_size=7), st.lists(st.integers(1, 4), min_size=1, max_size=7),
       st.sampled_from([1, 4, tables._ROWS_PER_CALL]))
def test_batches_give_what_tables_give_alone(drawn: list[tuple[str, str]], sizes: list[int], rows_per_call: int) -> None:
    """Whatever the batches, and however a batch's groups are cut into pandera calls."""
    with tempfile.TemporaryDirectory() as tmp, mock.patch.object(tables, "_ROWS_PER_CALL", rows_per_call):
        folder = Path(tmp)
        requests = [_request(folder, f"{what}-{i}.csv", text) for i, (what, text) in enumerate(drawn)]
        results: list[Any] = []
        start = 0
        for size in sizes * len(requests):  # the requests split into batches of the drawn sizes
            if start >= len(requests):
                break
            results += read_tables(requests[start:start + size], str)
            start += size
        assert _same_as_alone(requests, results)
