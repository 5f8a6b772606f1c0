"""What the remembered values of loading rely on: a memo gives what the parser gives (equal values,
errors raised every time, True never taken for 1), the per-table id check flags what pandas'
duplicated() flags, and the cells normalised for one table serve the next ones unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from checker import model, quantity
from checker.fiscal import parse_year
from checker.load import tables
from checker.quantity import NotAQuantity, Quantity, parse_quantity

QUANTITY_TEXT = st.one_of(
    st.sampled_from(["約5万人", "4万8千人程度", "1.50以上", "83,000", "８３，０００", "1e3", "-0", "0.0", "1億2千万",
                     "約", "たくさん", "1.5.5", "不明", "1e999", "5" + "人" * 70, "1" * 65]),
    st.text(alphabet="0123456789.,約万千百億以上未満程度人%+-e ", max_size=10))


def _parsed(text: str) -> Any:
    try:
        return quantity._parse_quantity(text)
    except (NotAQuantity, ArithmeticError, ValueError) as exc:
        return type(exc)


@settings(max_examples=300, deadline=None)
@given(QUANTITY_TEXT)
def test_remembered_quantities_are_the_parsed_ones(text: str) -> None:
    expected = _parsed(text)
    for _ in range(2):  # the second time from the memo
        try:
            found: Any = parse_quantity(text)
        except (NotAQuantity, ArithmeticError, ValueError) as exc:
            found = type(exc)
        assert found == expected and type(found) is type(expected)
        if not isinstance(found, type):
            assert type(found.value) is type(expected.value) and type(found.tolerance) is type(expected.tolerance)


def _validated(annotation: Any, value: Any) -> Any:
    try:
        return TypeAdapter(annotation).validate_python(value)
    except ValidationError as exc:
        return [(e["type"], e["msg"]) for e in exc.errors(include_url=False)]


def test_remembered_texts_of_a_field_are_validated_as_before() -> None:
    year = TypeAdapter(model.MaybeYear)
    assert year.validate_python("R6年度") == parse_year("R6年度")
    assert year.validate_python("R6年度") is year.validate_python("R6年度")  # frozen, shared
    assert str(year.validate_python(" 不明 ")) == "unknown"
    for _ in range(2):  # errors are raised every time, never remembered
        assert _validated(model.MaybeYear, "R99年度") == _validated(model.MaybeYear, "R99年度") != []
    # remembered by text only (True == 1 as keys of a dict): True is still no year
    assert _validated(model.MaybeYear, 2024) == parse_year(2024)
    assert isinstance(_validated(model.MaybeYear, True), list)
    value: TypeAdapter[Any] = TypeAdapter(model.MaybeQuantity)
    assert value.validate_python("約5万人") == quantity._parse_quantity("約5万人")
    assert value.validate_python(50000) == Quantity(50000)  # a number is not remembered as a text
    for _ in range(2):  # whole numbers are remembered by exact type: 1, then True and 1.0 are not 1
        assert value.validate_python(1) == Quantity(1) and type(value.validate_python(1).value) is int
        assert isinstance(_validated(model.MaybeQuantity, True), list)
        assert type(value.validate_python(1.0).value) is float


def test_remembered_ids_give_the_same_id_and_the_same_errors() -> None:
    for _ in range(2):
        assert TypeAdapter(model.LocalId).validate_python(" Ｇ１\u3000") == "G1"
        assert TypeAdapter(model.LocalId).validate_python("G1") == "G1"
        assert _errors(model.LocalId, "a" * 121) == ["too_long"]
        assert _errors(model.LocalId, "G\u200b1") == ["id_invisible"]
        assert _errors(model.LocalId, "G 1") == ["string_pattern_mismatch"]  # remembered or not, the pattern applies
    assert TypeAdapter(model.MaybeRef).validate_python("ｎａｔｉｏｎａｌ/strategy-2") == "national/strategy-2"
    assert _errors(model.MaybeRef, "") == ["too_short"]


def _errors(annotation: Any, value: Any) -> list[str]:
    with pytest.raises(ValidationError) as info:
        TypeAdapter(annotation).validate_python(value)
    return [e["type"] for e in info.value.errors(include_url=False)]


IDS = st.lists(st.lists(st.sampled_from(["P-1", "P-2", "1", 1, 1.0, True, 2, 0, False, 0.0, None]), max_size=8),
               min_size=1, max_size=3)


@settings(max_examples=200, deadline=None)
@given(IDS)
def test_ids_unique_in_their_table_as_pandas_duplicated_has_them(ids: list[list[Any]]) -> None:
    import pandas as pd

    index = [t * tables._TABLE_STRIDE + p for t, values in enumerate(ids) for p in range(len(values))]
    series = pd.Series([v for values in ids for v in values], index=index, dtype=object)
    keys = pd.DataFrame({"table": series.index // tables._TABLE_STRIDE, "id": series.to_numpy()}, index=series.index)
    expected = ~keys.duplicated(keep=False)
    found = tables._unique_in_its_table(series)
    assert found.index.equals(expected.index) and found.tolist() == expected.tolist()


CELL = st.one_of(st.none(), st.integers(-3, 3), st.sampled_from(["", " ", "Ｒ６年度", " 人 ", "○", "T1-1", "１,０００"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(CELL, min_size=1, max_size=4), min_size=1, max_size=5))
def test_cells_normalised_once_for_all_tables_are_the_cells(body: list[list[Any]]) -> None:
    for at in range(4):
        assert tables._column_cells(body, at, tables._NORMALISED) == \
            [tables._cell(row[at]) if at < len(row) else None for row in body]


def test_columns_hash_by_field_and_stay_equal_by_all_of_them() -> None:
    kind = next(c for c in tables.SPECS["indicators"] if c.field == "kind")
    assert hash(kind) == hash(tables.Column("kind", ("種別",)))
    assert kind != tables.Column("kind", ("種別",))  # equal only when every attribute is
    assert tables._choice(kind, "kpi") == "kpi" and tables._choice(kind, "数値目標") == "numerical_target"
    assert tables._by_header(tables.SPECS["projects"])["事業名"].field == "title"


def test_schema_leaves_out_only_columns_without_anything_to_check() -> None:
    for what, spec in tables.SPECS.items():
        kept = set(tables._schema(what).columns)
        for column in spec:
            assert (column.field in kept) == bool(column.required or column.field == "id" or tables._test(column)), \
                (what, column.field)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.sampled_from(["0", "-0", "+1", "010", "0o17", "0x1F", "0b101", "1_000", "1:30", "true", "No", "on",
                                  "~", "null", "", "!!int '7'", "!!bool 'yes'", "!!null x", "!!int abc"]),
                 st.text(alphabet="01289_:+-xobXOB", min_size=1, max_size=8)))
def test_remembered_scalars_are_the_constructed_ones(text: str) -> None:
    """Ints, booleans and nulls are remembered by their text and tag (yamlsource._CONSTRUCTED):
    the second file with the same text gets what PyYAML constructs, of the same type."""
    import yaml

    from checker.load.errors import PlanInputError
    from checker.load.yamlsource import parse_yaml_documents

    try:
        expected: Any = yaml.load(f"k: {text}\n", Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, ValueError, KeyError):
        expected = None
    for _ in range(2):
        try:
            found: Any = parse_yaml_documents(f"k: {text}\n", "f.yaml")[0][0]
        except PlanInputError:
            found = None
        if expected is not None and type(expected["k"]) in (int, bool, type(None)):  # not floats, texts, dates
            assert found == expected and type(found["k"]) is type(expected["k"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(-5, 3000), st.floats(allow_nan=False, allow_infinity=False),
                          st.sampled_from(["不明", "不明（p.3欠落）", "unknown", "Unknown (cut)", "uはい", "R6年度", "約5万人",
                                           "12", "2024-01-01"])), max_size=6))
def test_cells_the_models_read_are_converted_as_cell_by_cell(cells: list[Any]) -> None:
    """tables._values passes text that cannot say unknown through without a call: as _value would."""
    columns = [c for spec in tables.SPECS.values() for c in spec if c.kind in tables._READ_BY_MODELS]
    assert {c.kind for c in columns} == tables._READ_BY_MODELS and any(c.unknown for c in columns)
    for column in columns:
        assert tables._values(column, cells) == [None if v is None else tables._value(column, v) for v in cells]


def test_long_texts_are_not_remembered() -> None:
    """The memos are bounded in count and in the length of what they keep: a hostile run of long
    values cannot fill the memory."""
    long_value = "5" + "人" * 100
    before = quantity._remembered.cache_info().currsize
    assert parse_quantity(long_value) == quantity._parse_quantity(long_value)
    assert quantity._remembered.cache_info().currsize == before
    long_cell = "備考" * 40
    assert tables._column_cells([[long_cell]], 0, {}) == [long_cell] and long_cell not in tables._NORMALISED
    assert _validated(model.MaybeQuantity, long_value).value == 5
