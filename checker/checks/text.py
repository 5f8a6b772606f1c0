"""Check kinds about the text a plan file holds: what is still a template's placeholder."""

from __future__ import annotations

import functools
import re
from itertools import repeat
from typing import Any, Iterator

from pydantic import field_validator

from checker.checks.base import Context, Finding, Graph, Params, Unseen, node_check, value_of, with_attribute
from checker.graph_vocabulary import Attributes
from checker.labels import label


class TextMatches(Params):
    attributes: Attributes  # the subject's text attributes looked at, in order
    pattern: str  # a regular expression the whole text (spaces around it aside) matches

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, pattern: str) -> str:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
        return pattern


@functools.lru_cache(maxsize=64)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _matching(g: Graph, nodes: list[str], p: TextMatches) -> list[str]:
    """The targets with a text attribute that matches (text_matches is silent for the others)."""
    fullmatch = _compiled(p.pattern).fullmatch
    texts = _distinct_values(g, nodes, p.attributes)
    # (each text stripped and matched by map: a loop in C over some 340 distinct texts a city)
    if texts is not None and not any(map(fullmatch, map(str.strip, [t for t in texts if isinstance(t, str)]))):
        return []  # what almost every run finds: no text matches, so no target is kept
    return with_attribute(g, nodes, p.attributes,
                          lambda value: isinstance(value, str) and bool(fullmatch(value.strip())))


def _distinct_values(g: Graph, nodes: list[str], names: list[str]) -> set[Any] | None:
    """The distinct values of the targets' attributes `names` (None: a dotted name, or a value that
    cannot be hashed). Texts repeat — g100 holds 112,503 of them, 750 distinct (市調べ 22,806
    times) — so each distinct text is matched once rather than once per target."""
    if any("." in name for name in names):
        return None
    attributes = list(map(g._node.__getitem__, nodes))
    values: set[Any] = set()
    try:
        for name in names:  # one attribute of every target at a time: a loop in C
            values.update(map(dict.get, attributes, repeat(name)))
    except TypeError:  # an unhashable value (a list): the targets are tested one by one
        return None
    return values


@node_check("text_matches", TextMatches, produces=("value", "attribute"), narrow=_matching)
def text_matches(g: Graph, node: str, p: TextMatches, ctx: Context) -> Iterator[Finding | Unseen]:
    """One finding per subject whose text attributes match `pattern` (a placeholder such as
    「（基本目標）」 left from `plancheck init`): the texts that match, and which attributes hold
    them. Texts repeated in several attributes (a source the indicator's values inherit) are
    named once."""
    data = g._node[node]
    get, fullmatch = data.get, _compiled(p.pattern).fullmatch
    values: dict[str, list[str]] = {}
    for name in p.attributes:
        value = get(name) if "." not in name else value_of(data, name)  # (a call less per text)
        if isinstance(value, str) and fullmatch(value.strip()):
            values.setdefault(value.strip(), []).append(name)
    if values:
        names = [names[0] for names in values.values()]
        yield Finding(node, key=names[0], params={"value": list(values), "attribute": [label(n) for n in names]})
