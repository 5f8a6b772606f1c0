"""Tables whose cells all pass their checks are taken without pandera (tables._passes: the same
checks, in Python); the others are validated by pandera. Whatever the cells, the decision agrees
with pandera's: a table _passes takes is one in which pandera and the row rules find nothing, and
a table it leaves to pandera is one in which they find something. So the results are those of
validating every table with pandera, which is what the tests below compare."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings, strategies as st

from checker.load import tables
from checker.load.errors import PlanInputError
from checker.load.tables import SPECS, Column

# Cells a planner may write, right or wrong, for each kind of column: mostly what the column takes
# (so that whole tables pass often enough to test that side), and what it does not.
_WRONG = st.sampled_from([None, "", "  ", "K-0", "たくさん", "1e309", "R1年度13月", "R6~R2年度", "~2024", "不明（欠落）", "不明",
                          "unknown", "合算", "廃止", "×", "abc", float("inf"), True, False, 1, 1.0, 12, -3.5, "1,000"])
_RIGHT: dict[str, Any] = {
    "text": st.sampled_from(["x", "A-1", "総務課", 1, 2.0]),
    "number": st.sampled_from([1, 2.5, "3", "83,000"]),
    "quantity": st.sampled_from([1, "約5万人", "4万8千人程度", "1.50以上", 12.5]),
    "year": st.sampled_from(["R1年度", "2019年", "H26", 2020, 2024.0]),
    "fiscal_year": st.sampled_from(["R1年度", "2019年度", "H27年度", 2020]),
    "date": st.sampled_from(["2019年10月1日", "R2年3月", "2020-04-01"]),
    "point": st.sampled_from(["2019年9月末時点", "2019年10月1日現在", "R1年10月1日"]),
    "window": st.sampled_from(["2015~2019年", "2020~2024年度 累計", "R2~R6年度", "不明~H26 累計", "2014~2018年平均"]),
    "bool": st.sampled_from(["○", "×", "はい", "true", "1"]),
    "list": st.sampled_from(["a、b", "x y", "推進"]),
}


def _cell(column: Column, careful: bool) -> st.SearchStrategy[Any]:
    """A cell of the column: one it takes, or (unless careful) now and then one it may not."""
    if column.field == "id":
        right: st.SearchStrategy[Any] = st.sampled_from(["P-1", "P-2", "P-3", "P-4", "P-5", "P-6"])
    elif column.kind in ("choice", "choices"):
        right = st.sampled_from([w for w, _ in column.choices] + (["基準値、実績値"] if column.kind == "choices" else []))
    else:
        right = _RIGHT[column.kind]
    if column.unknown:
        right = st.one_of(right, st.sampled_from(["不明", "不明（ページ欠落）"]))
    if not column.required:
        right = st.one_of(right, st.none())
    return right if careful else st.one_of(*[right] * 9, _WRONG)


@st.composite
def _tables(draw: st.DrawFn, count: int = 1) -> tuple[str, list[list[list[Any]]]]:
    """A kind of table and `count` tables of it with the same columns (headers first)."""
    what = draw(st.sampled_from(sorted(SPECS)))
    spec = SPECS[what]
    if what == "indicators" and draw(st.booleans()):  # rows the row rules take, now and then one cell wrong
        found = []
        for _ in range(count):
            rows = draw(st.lists(_indicator_row(), max_size=5))
            for i, row in enumerate(rows):
                row[0] = f"K-{i}"  # ids of their own (a repeated one is the wrong cell below, now and then)
            if rows and not draw(st.integers(0, 3)):
                row, column = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, len(_INDICATOR_HEADERS) - 1))
                rows[row][column] = draw(_WRONG)
            found.append([_INDICATOR_HEADERS, *rows])
        return what, found
    columns = [c for c in spec if draw(st.integers(0, 9)) < (9 if c.required else 3)]
    header = [draw(st.sampled_from(c.headers)) for c in columns]
    found = []
    for _ in range(count):
        careful = draw(st.booleans())
        rows = draw(st.lists(st.tuples(*(_cell(c, careful) for c in columns)), max_size=5))
        found.append([header, *map(list, rows)])
    return what, found


_INDICATOR_HEADERS = ["指標ID", "種別", "指標名", "単位", "基準年度", "基準値", "目標期間", "目標値", "集計", "見込み", "実績時点",
                      "実績値", "達成状況", "前期の指標", "前期からの変更"]


@st.composite
def _indicator_row(draw: st.DrawFn) -> list[Any]:
    """A row of indicators that the row rules take (values with their times, 集計 with a span,
    見込み naming values the row has, a change with the previous indicator), written variously."""
    def side(*cells: st.SearchStrategy[Any]) -> list[Any]:
        return [draw(c) for c in cells] if draw(st.booleans()) else [None] * len(cells)

    baseline = side(_RIGHT["year"], _RIGHT["quantity"])
    target = side(st.sampled_from(["2015~2019年", "R2~R6年度", "2020-2024年度"]), _RIGHT["quantity"])
    results = side(_RIGHT["point"], _RIGHT["quantity"], st.sampled_from(["達成", "未達成", "partly_achieved"]))
    aggregate = draw(st.sampled_from(["累計", "平均", "total"])) if target[0] and draw(st.booleans()) else None
    named = [word for word, cells in (("基準値", baseline), ("目標値", target), ("実績値", results)) if cells[0]]
    estimate = "、".join(draw(st.lists(st.sampled_from(named), min_size=1, unique=True))) if named and draw(st.booleans()) else None
    previous = side(st.sampled_from(["K-9", "旧K1"]), st.sampled_from(["継続", "名称変更", "redefined"]))
    return [None, draw(st.sampled_from(["KPI", "数値目標"])),
            draw(st.sampled_from(["人口", "転入者数"])), draw(st.sampled_from([None, "人", "%"])), *baseline, *target,
            aggregate, estimate, *results, *previous]


def _outcome(result: Any) -> Any:
    return ("refused", result.errors) if isinstance(result, PlanInputError) else result


@settings(max_examples=150, deadline=None)
@given(_tables())
def test_a_table_passes_exactly_when_pandera_finds_nothing_in_it(drawn: tuple[str, list[list[list[Any]]]]) -> None:
    what, (rows,) = drawn
    grid = tables._grid(SPECS[what], rows, "t.csv", "")
    (by_pandera,) = tables._validated_by_pandera(what, [grid])
    assert tables._passes(what, grid) == (not isinstance(by_pandera, PlanInputError))
    assert [_outcome(r) for r in tables._validate_together(what, [grid])] == [_outcome(by_pandera)]


@settings(max_examples=40, deadline=None)
@given(_tables(count=3))
def test_tables_validated_together_give_what_pandera_gives_for_all_of_them(drawn: tuple[str, list[list[list[Any]]]]) -> None:
    """Some tables of a group pass and others go to pandera without them: each one's result is the
    one pandera gives when it validates the whole group."""
    what, found = drawn
    grids = [tables._grid(SPECS[what], rows, f"t{i}.csv", "") for i, rows in enumerate(found)]
    assert ([_outcome(r) for r in tables._validate_together(what, grids)]
            == [_outcome(r) for r in tables._validated_by_pandera(what, grids)])


def test_each_check_alone_keeps_a_table_from_passing() -> None:
    """A missing required column, an empty required cell, a repeated id, a cell its kind does not
    read and a row rule each leave the table to pandera; the table without the fault passes."""
    spec = SPECS["indicators"]
    ok = [["指標ID", "種別", "指標名", "基準年度", "基準値"], ["K-1", "KPI", "人口", "R1年度", "約5万人"],
          ["K-2", "KPI", "転入", "2019年", 12]]
    faults = {
        "missing column": [row[:2] + row[3:] for row in ok],
        "empty cell": [ok[0], ok[1], ["K-2", "KPI", None, "2019年", 12]],
        "repeated id": [ok[0], ok[1], ["K-1", *ok[2][1:]]],
        "unreadable cell": [ok[0], ok[1], ["K-2", "KPI", "転入", "R1年度13月", 12]],
        "row rule": [ok[0] + ["基準時点"], ok[1] + ["2019年9月末時点"], ok[2] + [None]],  # a year and a point
    }
    assert tables._passes("indicators", tables._grid(spec, ok, "t.csv", ""))
    for fault, rows in faults.items():
        assert not tables._passes("indicators", tables._grid(spec, rows, "t.csv", "")), fault


def test_a_check_that_raises_leaves_the_table_to_pandera(monkeypatch: Any) -> None:
    spec = SPECS["projects"]
    grid = tables._grid(spec, [["事業ID", "事業名", "例示"], ["P-1", "x", "○"]], "t.csv", "")
    assert tables._passes("projects", grid)
    checks = tables._column_checks("projects")

    def broken(value: Any) -> bool:
        raise RuntimeError("a check that breaks")

    monkeypatch.setattr(tables, "_column_checks", lambda what: tuple(
        tables._ColumnChecks(c.field, c.required, c.unique, c.kind, broken if c.test else None) for c in checks))
    assert not tables._passes("projects", grid)


_MISSING_TO_PANDAS = [float("nan"), float("-nan")]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), st.floats(), st.integers(), st.booleans(), st.text(max_size=6), st.dates(), st.datetimes(),
                 st.sampled_from(_MISSING_TO_PANDAS)))
def test_a_cell_is_none_or_not_missing_to_pandas(value: Any) -> None:
    """_passes takes a cell for empty when it is None, pandera when pandas calls it NA (NaN, NaT,
    Decimal NaN …): the two agree only because every cell the readers give (_cell of what the CSV
    and workbook readers produce: text, numbers, booleans, dates) is None or not NA at all."""
    import decimal

    import numpy as np
    import pandas as pd

    for written in (value, np.float32("nan"), np.datetime64("NaT"), pd.NaT, decimal.Decimal("NaN")):
        cell = tables._cell(written)
        assert cell is None or not pd.isna(cell), (written, cell)
