"""What the faster loading relies on: the lean YAML resolver gives PyYAML's tags, the inlined
build keeps the depth limit and tag checks, the paused garbage collector is restored, memoised
calendar parsing stays pure, and ids report the same pydantic errors as StringConstraints did."""

from __future__ import annotations

import gc
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from checker import model
from checker.fiscal import CalendarError, parse_date, parse_fiscal_year, parse_year
from checker.load.errors import PlanInputError
from checker.load.limits import Limits
from checker.load.yamlsource import _Loader, parse_yaml_documents

SCALARS = ["", "~", "null", "Null", "true", "yes", "No", "on", "y", ".inf", "-.Inf", ".nan", "0", "-0", "+1", "010",
           "0o17", "0x1F", "0b101", "1_000", "1:30", "1.5", "1e3", "-.5", "2020-01-01", "2020-01-01 10:00:00 +09:00",
           "<<", "=", "R6年度", "１２", "1,000", "title", "note", "- x"]


def _tags(text: str, loader: Any) -> list[tuple[str, str, int]]:
    out = []
    stack = list(yaml.compose_all(text, Loader=loader))
    while stack:
        node = stack.pop()
        out.append((type(node).__name__, node.tag, node.start_mark.line))
        if isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in node.value for n in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return out


@pytest.mark.parametrize("value", SCALARS)
def test_lean_resolver_gives_pyyaml_tags(value: str) -> None:
    for text in (f"k: {value}\n", f"- {value}\n- '{value}'\n- \"{value}\"\n", f"{{a: [{value}], b: !!str {value}}}\n"):
        try:
            expected = _tags(text, yaml.CSafeLoader)
        except yaml.YAMLError:
            continue
        assert _tags(text, _Loader) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="01289.+-_:eExXoObB~nNuUlLtTrRyYsSfFaA ", min_size=1, max_size=12))
def test_remembered_tags_are_pyyaml_tags(value: str) -> None:
    """A plain scalar's tag is remembered by its text (yamlsource._PLAIN_TAGS): the second file
    with the same text gets the tag PyYAML gives it."""
    text = f"k: {value}\n"
    try:
        expected = _tags(text, yaml.CSafeLoader)
    except yaml.YAMLError:
        return
    assert _tags(text, _Loader) == expected and _tags(text, _Loader) == expected


def _error(text: str, depth: int) -> tuple[int | None, str | None, str]:
    with pytest.raises(PlanInputError) as info:
        parse_yaml_documents(text, "f.yaml", Limits(depth=depth))
    error = info.value.errors[0]
    return error.line, error.key, error.message_en


def test_depth_limit_counts_every_level() -> None:
    data, lines = parse_yaml_documents("a:\n  b: x\nc:\n- [1]\n", "f.yaml", Limits(depth=3))[0]
    assert data == {"a": {"b": "x"}, "c": [[1]]}
    assert lines == {(): 1, ("a",): 1, ("a", "b"): 2, ("c",): 3, ("c", 0): 4, ("c", 0, 0): 4}
    assert _error("a:\n  b:\n    c: x\n", 2) == (3, "a.b.c", "nested more than 2 levels deep")
    assert _error("a:\n  b:\n    - x\n", 2) == (3, "a.b[0]", "nested more than 2 levels deep")
    assert _error("- - - x\n", 2) == (1, "[0][0][0]", "nested more than 2 levels deep")


def test_only_core_schema_tags() -> None:
    assert parse_yaml_documents("a: !!int '5'\nb: !!str 5\nc: 2020-01-01\n", "f.yaml")[0][0] == \
        {"a": 5, "b": "5", "c": "2020-01-01"}
    assert _error("a:\n  b: !!binary aGk=\n", 64) == (2, "a.b", "tag tag:yaml.org,2002:binary is not allowed in plan files")
    assert _error("a: !!str {b: 1}\n", 64) == (1, "a", "tag tag:yaml.org,2002:str is not allowed in plan files")
    assert _error("- !!set {b}\n", 64) == (1, "[0]", "tag tag:yaml.org,2002:set is not allowed in plan files")


def test_garbage_collector_state_is_restored() -> None:
    assert gc.isenabled()
    parse_yaml_documents("a: 1\n", "f.yaml")
    assert gc.isenabled()
    with pytest.raises(PlanInputError):
        parse_yaml_documents("a: 1\na: 2\n", "f.yaml")
    assert gc.isenabled()
    gc.disable()
    try:
        parse_yaml_documents("a: 1\n", "f.yaml")
        assert not gc.isenabled()  # a caller's pause is left alone
    finally:
        gc.enable()


def test_memoised_calendar_parsing_stays_pure() -> None:
    assert parse_year("R6年度") is parse_year("R6年度")  # the same immutable value, shared
    assert parse_year(2024) == parse_year("2024")
    assert parse_fiscal_year("R2年度") == 2020
    for _ in range(2):  # errors are raised every time, never remembered as results
        with pytest.raises(CalendarError):
            parse_fiscal_year("2020年")
        with pytest.raises(CalendarError):
            parse_year(True)  # typed: True is not the (cached) 1
    assert parse_date("R2年度3月").year == 2021


def _errors(annotation: Any, value: Any) -> list[Any]:
    with pytest.raises(ValidationError) as info:
        TypeAdapter(annotation).validate_python(value)
    return [(e["type"], e["msg"], e["input"]) for e in info.value.errors(include_url=False)]


def test_id_errors_are_pydantic_length_and_pattern_errors() -> None:
    assert TypeAdapter(model.LocalId).validate_python(" Ｇ１\u3000") == "G1"
    assert _errors(model.LocalId, "\u3000") == [("too_short", "Value should have at least 1 item after validation, not 0", "\u3000")]
    assert _errors(model.LocalId, "a" * 121) == [("too_long", "Value should have at most 120 items after validation, not 121", "a" * 121)]
    assert _errors(model.LocalId, " G 1 ") == [("string_pattern_mismatch", "String should match pattern '^[^\\s#/]+$'", "G 1")]
    assert _errors(model.LocalId, 5) == [("string_type", "Input should be a valid string", 5)]
    for hidden, code in (("\x7f", "U+007F"), ("\u200b", "U+200B"), ("\x01", "U+0001")):  # ASCII or not
        assert _errors(model.LocalId, f"G{hidden}1")[0][:2] == ("id_invisible", f"the id contains the invisible character {code}")
    assert _errors(model.Ref, "") == [("too_short", "Value should have at least 1 item after validation, not 0", "")]
    assert _errors(model.DocId, "national") == [
        ("string_pattern_mismatch", "String should match pattern '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$'", "national")]
