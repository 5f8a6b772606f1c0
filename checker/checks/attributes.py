"""Check kinds about a node's own attributes: presence, comparisons, allowed values, notation."""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterator, Literal

from pydantic import model_validator

from checker.checks.base import (
    Context, Finding, Graph, Params, Selector, date_of, edges_of, follow, holds, node_check,
    nodes_of_document, title, value_of,
)
from checker.fiscal import CalendarError, Period, PlanDate, YearRef, parse_date
from checker.graph import normalise_title
from checker.labels import Duration, Label, Percent, label


class AttributesPresent(Params):
    attributes: list[str]


@node_check("attributes_present", AttributesPresent, produces=("missing",))
def attributes_present(g: Graph, node: str, p: AttributesPresent, ctx: Context) -> Iterator[Finding]:
    """Each listed attribute (dotted path) has a value."""
    data = g.nodes[node]
    missing = [a for a in p.attributes if value_of(data, a) is None]
    if missing:
        yield Finding(node, key=missing[0].split(".")[0], params={"missing": [label(m) for m in missing]})


class Compare(Params):
    left: str
    op: Literal["<", "<=", "==", "!=", ">=", ">"]
    right: str | None = None  # another attribute of the subject …
    value: Any = None  # … or a constant (a date text is read with the fiscal calendar)
    missing: Literal["skip", "fail"] = "skip"  # a missing left value: not compared, or a finding

    @model_validator(mode="after")
    def _one_side(self) -> "Compare":
        if (self.right is None) == (self.value is None):
            raise ValueError("compare needs exactly one of right (an attribute) or value (a constant)")
        return self


@node_check("compare", Compare, produces=("left", "right", "op", "delay"))
def compare(g: Graph, node: str, p: Compare, ctx: Context) -> Iterator[Finding]:
    """`left op right` holds, where right is an attribute or a constant. A missing left value is
    skipped (attributes_present reports it) unless `missing: fail`. A month-precision date gets
    the benefit of the doubt (see base.holds)."""
    data = g.nodes[node]
    left = value_of(data, p.left)
    right = value_of(data, p.right) if p.right else p.value
    if left is None and p.missing == "fail" and right is not None:
        yield Finding(node, key=p.left.split(".")[0], params={"left": Label("unset"), "right": label(right),
                                                              "op": p.op, "delay": None})
        return
    if left is None or right is None:
        return
    if isinstance(right, str) and isinstance(left, (PlanDate, dt.date)):
        try:
            right = parse_date(right)
        except CalendarError:
            return
    if not holds(left, p.op, right):
        da, db = date_of(left), date_of(right)
        delay = None
        if da and db:
            delay = Duration(abs((da - db).days), abs((da.year - db.year) * 12 + da.month - db.month))
        yield Finding(node, key=p.left.split(".")[0],
                      params={"left": label(left), "right": label(right), "op": p.op, "delay": delay})


class DateGap(Params):
    start: str
    end: str
    max_months: int


@node_check("date_gap", DateGap, produces=("start", "end", "months", "max_months"))
def date_gap(g: Graph, node: str, p: DateGap, ctx: Context) -> Iterator[Finding]:
    """`end` comes no more than `max_months` months after `start` (by calendar month)."""
    data = g.nodes[node]
    start, end = value_of(data, p.start), value_of(data, p.end)
    if not isinstance(start, PlanDate) or not isinstance(end, PlanDate):
        return
    months = start.months_until(end)
    if months > p.max_months:
        yield Finding(node, key=p.end.split(".")[0],
                      params={"start": start, "end": end, "months": months, "max_months": p.max_months})


class NoParams(Params):
    pass


@node_check("direction_consistent", NoParams, produces=("direction", "baseline", "target"))
def direction_consistent(g: Graph, node: str, p: NoParams, ctx: Context) -> Iterator[Finding]:
    """An indicator's declared direction agrees with target − baseline."""
    data = g.nodes[node]
    direction, base, target = data.get("direction"), data.get("baseline_value"), data.get("target_value")
    if direction is None or base is None or target is None:
        return
    agrees = {"increase": target > base, "decrease": target < base, "maintain": target == base}[direction]
    if not agrees:
        yield Finding(node, key="direction", params={"direction": label(direction), "baseline": base, "target": target})


class MemberOf(Params):
    attribute: str
    allowed_from: list[str]  # path to the node holding the allowed values, e.g. [document]
    allowed_attribute: str


@node_check("member_of", MemberOf, produces=("value", "allowed"))
def member_of(g: Graph, node: str, p: MemberOf, ctx: Context) -> Iterator[Finding]:
    """The attribute's value is one of the values the related node lists (nothing is checked
    when that node lists none)."""
    allowed: list[Any] = []
    for holder in follow(g, node, p.allowed_from):
        allowed.extend(value_of(g.nodes[holder], p.allowed_attribute) or ())
    if not allowed:
        return
    value = value_of(g.nodes[node], p.attribute)
    if value not in allowed:
        yield Finding(node, key=p.attribute.split(".")[0],
                      params={"value": Label("unset") if value is None else value, "allowed": allowed})


class ContainsAll(Params):
    attribute: str
    values: list[Any]


@node_check("contains_all", ContainsAll, produces=("missing", "present"))
def contains_all(g: Graph, node: str, p: ContainsAll, ctx: Context) -> Iterator[Finding]:
    """A list attribute contains every one of `values`."""
    present = list(value_of(g.nodes[node], p.attribute) or ())
    missing = [v for v in p.values if v not in present]
    if missing:
        yield Finding(node, key=p.attribute.split(".")[0], params={"missing": [label(m) for m in missing], "present": present})


class Share(Params):
    items: Selector  # nodes of the subject's document that are counted
    attribute: str
    equals: Any = True
    min_share: float
    min_items: int = 1  # too few items say nothing about a share


@node_check("share", Share, produces=("share", "count", "total", "min_share"))
def share(g: Graph, node: str, p: Share, ctx: Context) -> Iterator[Finding]:
    """At least `min_share` of the document's `items` have `attribute == equals`."""
    items = nodes_of_document(g, node, p.items)
    if len(items) < p.min_items:
        return
    count = sum(1 for n in items if value_of(g.nodes[n], p.attribute) == p.equals)
    if count / len(items) < p.min_share:
        yield Finding(node, params={"share": Percent(round(count / len(items), 3)), "count": count,
                                    "total": len(items), "min_share": Percent(p.min_share)})


_DATED = (PlanDate, YearRef, Period)


class DateNotation(Params):
    flag: Literal["era_overflow", "ambiguous_fiscal_month"]


@node_check("date_notation", DateNotation, produces=("text", "value", "attribute"))
def date_notation(g: Graph, node: str, p: DateNotation, ctx: Context) -> Iterator[Finding]:
    """A date or year written in a notation that needs a second look (one finding per key)."""
    data = g.nodes[node]
    flagged = [name for name, value in data.items() if isinstance(value, _DATED) and getattr(value, p.flag, False)]
    for name in sorted(flagged):
        value = data[name]
        text = getattr(value, "text", None) or value.ja()
        yield Finding(node, key=name, params={"text": text, "value": value, "attribute": name})


class TitleConsistent(Params):
    rel: str = "continues"
    when: list[str] = ["continued"]  # edge `as` values for which the wording must match


@node_check("title_consistent", TitleConsistent, produces=("title_now", "title_before"))
def title_consistent(g: Graph, node: str, p: TitleConsistent, ctx: Context) -> Iterator[Finding]:
    """A goal continued unchanged keeps its wording (after normalisation, or as a listed alias)."""
    data = g.nodes[node]
    mine = {normalise_title(t) for t in (data.get("title"), *(data.get("aliases") or ())) if t}
    for previous, edge in edges_of(g, node, p.rel):
        if edge.get("as") not in p.when:
            continue
        before = g.nodes[previous]
        theirs = {normalise_title(t) for t in (before.get("title"), *(before.get("aliases") or ())) if t}
        if not mine & theirs:
            yield Finding(node, (previous,), key=p.rel,
                          params={"title_now": data.get("title"), "title_before": title(g, previous)})

