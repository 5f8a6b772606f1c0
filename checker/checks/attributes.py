"""Check kinds about a node's own attributes: presence, comparisons, allowed values, notation."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Iterator, Literal

from pydantic import model_validator

from checker.checks.base import (
    Context, Finding, Graph, NotKnown, Params, Selector, Unseen, date_of, derived, edges_of, fact, follow, holds,
    node_check, nodes_of_document, title, value_of, with_attribute, written_dates,
)
from checker.unknown import Unknown
from checker.fiscal import CalendarError, Period, PlanDate, YearRef, era_began, fiscal_year_of, parse_date
from checker.graph import normalise_title
from checker.labels import Duration, Label, Percent, label
from checker.graph_vocabulary import Attribute, Attributes, Relation, RelationPath, Vocab, attribute_of


class AttributesPresent(Params):
    attributes: Attributes


def _incomplete(g: Graph, nodes: list[str], p: AttributesPresent) -> list[str]:
    """The targets lacking a listed attribute or marking one unknown (attributes_present is
    silent for the others)."""
    return with_attribute(g, nodes, p.attributes, lambda value: value is None or isinstance(value, Unknown))


@node_check("attributes_present", AttributesPresent, produces=("missing",), narrow=_incomplete)
def attributes_present(g: Graph, node: str, p: AttributesPresent, ctx: Context) -> Iterator[Finding | Unseen]:
    """Each listed attribute (dotted path) has a value."""
    data = g._node[node]
    missing: list[str] = []
    unknown: list[str] = []
    for a in p.attributes:
        value = value_of(data, a)
        if value is None:
            missing.append(a)
        elif isinstance(value, Unknown):
            unknown.append(a)
    if missing:  # what the plan lacks is a finding, even when other facts are unknown
        yield Finding(node, key=missing[0].split(".")[0], params={"missing": [label(m) for m in missing]})
    elif unknown:
        yield Unseen(node, tuple(a.split(".")[0] for a in unknown), key=unknown[0].split(".")[0])


class Compare(Params):
    left: Attribute
    op: Literal["<", "<=", "==", "!=", ">=", ">"]
    right: Annotated[str | None, Vocab("attribute")] = None  # another attribute of the subject …
    value: Any = None  # … or a constant (a date text is read with the fiscal calendar)
    missing: Literal["skip", "fail"] = "skip"  # a missing left value: not compared, or a finding
    # What the fiscal years between two dates that fail the comparison are (a label key, e.g.
    # unpublished: a strategy published after its period starts leaves those years without one);
    # the finding then carries them as `span` with this `problem`, and the timeline draws them.
    problem: Literal["unpublished"] | None = None

    @model_validator(mode="after")
    def _one_side(self) -> "Compare":
        if (self.right is None) == (self.value is None):
            raise ValueError("compare needs exactly one of right (an attribute) or value (a constant)")
        return self


def _compared(data: dict[str, Any], p: Compare) -> tuple[Any, Any] | None:
    """(left, right) of a subject compare reports — a comparison that fails, or a missing left
    value (None) with `missing: fail` — else None; NotKnown for a fact marked unknown."""
    left = fact(data, p.left)
    right = fact(data, p.right) if p.right else p.value
    if left is None:
        return (None, right) if p.missing == "fail" and right is not None else None
    if right is None:
        return None
    if isinstance(right, str) and isinstance(left, (PlanDate, dt.date)):
        try:
            right = parse_date(right)
        except CalendarError:
            return None
    return None if holds(left, p.op, right) else (left, right)


def _failing(g: Graph, nodes: list[str], p: Compare) -> list[str]:
    """The targets compare reports on or cannot check, in one pass (compare is silent for the others)."""
    data, kept = g._node, []
    for n in nodes:
        try:
            if _compared(data[n], p) is not None:
                kept.append(n)
        except NotKnown:
            kept.append(n)
    return kept


@node_check("compare", Compare, produces=("left", "right", "op", "delay", "problem", "span"), narrow=_failing)
def compare(g: Graph, node: str, p: Compare, ctx: Context) -> Iterator[Finding | Unseen]:
    """`left op right` holds, where right is an attribute or a constant. A missing left value is
    skipped (attributes_present reports it) unless `missing: fail`. A month-precision date gets
    the benefit of the doubt (see base.holds)."""
    compared = _compared(g._node[node], p)
    if compared is None:
        return
    left, right = compared
    if left is None:
        yield Finding(node, key=p.left.split(".")[0], params={"left": Label("unset"), "right": label(right),
                                                              "op": p.op, "delay": None, "problem": None, "span": None})
        return
    da, db = date_of(left), date_of(right)
    delay = span = None
    if da and db:
        delay = Duration(abs((da - db).days), abs((da.year - db.year) * 12 + da.month - db.month))
        span = Period(fiscal_year_of(min(da, db)), fiscal_year_of(max(da, db))) if p.problem else None
    yield Finding(node, key=p.left.split(".")[0],
                  params={"left": label(left), "right": label(right), "op": p.op, "delay": delay,
                          "problem": Label(p.problem) if p.problem and span else None, "span": span})


class DateGap(Params):
    start: Attribute
    end: Attribute
    max_months: int


@node_check("date_gap", DateGap, produces=("start", "end", "months", "max_months"))
def date_gap(g: Graph, node: str, p: DateGap, ctx: Context) -> Iterator[Finding | Unseen]:
    """`end` comes no more than `max_months` months after `start` (by calendar month)."""
    data = g._node[node]
    start, end = fact(data, p.start), fact(data, p.end)
    if not isinstance(start, PlanDate) or not isinstance(end, PlanDate):
        return
    months = start.months_until(end)
    if months > p.max_months:
        yield Finding(node, key=p.end.split(".")[0],
                      params={"start": start, "end": end, "months": months, "max_months": p.max_months})


class NoParams(Params):
    pass


def _disagrees(data: dict[str, Any]) -> bool:
    """Whether an indicator's declared direction disagrees with target − baseline (NotKnown for a
    value marked unknown)."""
    direction, base, target = data.get("direction"), fact(data, "baseline_value"), fact(data, "target_value")
    if direction is None or base is None or target is None:
        return False
    return not {"increase": target > base, "decrease": target < base, "maintain": target == base}[direction]


def _disagreeing(g: Graph, nodes: list[str], p: NoParams) -> list[str]:
    """The targets direction_consistent reports on or cannot check, in one pass (it is silent for the others)."""
    data, kept = g._node, []
    for n in nodes:
        try:
            if _disagrees(data[n]):
                kept.append(n)
        except NotKnown:
            kept.append(n)
    return kept


@node_check("direction_consistent", NoParams, produces=("direction", "baseline", "target"), narrow=_disagreeing)
def direction_consistent(g: Graph, node: str, p: NoParams, ctx: Context) -> Iterator[Finding | Unseen]:
    """An indicator's declared direction agrees with target − baseline."""
    data = g._node[node]
    if _disagrees(data):
        yield Finding(node, key="direction", params={"direction": label(data["direction"]),
                                                     "baseline": data["baseline_value"], "target": data["target_value"]})


class MemberOf(Params):
    attribute: Attribute
    allowed_from: RelationPath  # path to the node holding the allowed values, e.g. [document]
    allowed_attribute: Annotated[str, attribute_of("allowed_from")]


@node_check("member_of", MemberOf, produces=("value", "allowed"))
def member_of(g: Graph, node: str, p: MemberOf, ctx: Context) -> Iterator[Finding | Unseen]:
    """The attribute's value is one of the values the related node lists (nothing is checked
    when that node lists none). Text is compared as titles are (normalise_title: 「人口減少の克服」
    is 人口減少の克服)."""
    allowed: list[Any] = []
    for holder in follow(g, node, p.allowed_from):
        allowed.extend(value_of(g._node[holder], p.allowed_attribute) or ())
    if not allowed:
        return
    value = value_of(g._node[node], p.attribute)
    same = (lambda v: normalise_title(v) if isinstance(v, str) else v)
    if same(value) not in {same(a) for a in allowed}:
        yield Finding(node, key=p.attribute.split(".")[0],
                      params={"value": Label("unset") if value is None else value, "allowed": allowed})


class ContainsAll(Params):
    attribute: Attribute
    values: list[Any]


@node_check("contains_all", ContainsAll, produces=("missing", "present"))
def contains_all(g: Graph, node: str, p: ContainsAll, ctx: Context) -> Iterator[Finding | Unseen]:
    """A list attribute contains every one of `values`."""
    present = list(fact(g._node[node], p.attribute) or ())
    missing = [v for v in p.values if v not in present]
    if missing:
        yield Finding(node, key=p.attribute.split(".")[0], params={"missing": [label(m) for m in missing], "present": present})


class Share(Params):
    items: Selector  # nodes of the subject's document that are counted
    attribute: Annotated[str, attribute_of("items")]
    equals: Any = True
    min_share: float
    min_items: int = 1  # too few items say nothing about a share


@node_check("share", Share, produces=("share", "count", "total", "min_share"))
def share(g: Graph, node: str, p: Share, ctx: Context) -> Iterator[Finding | Unseen]:
    """At least `min_share` of the document's `items` have `attribute == equals`. Items that do
    not state the attribute are left out of the share (an unmarked KPI is not "not an outcome");
    when too few items state it, the rule is not checked."""
    items = nodes_of_document(g, node, p.items)
    if len(items) < p.min_items:
        return
    stated = [v for n in items if (v := value_of(g._node[n], p.attribute)) is not None and not isinstance(v, Unknown)]
    if len(stated) < p.min_items:
        yield Unseen(node, (p.attribute,), params={"unmarked": len(items) - len(stated), "total": len(items)})
        return
    count = sum(1 for v in stated if v == p.equals)
    if count / len(stated) < p.min_share:
        yield Finding(node, params={"share": Percent(round(count / len(stated), 3)), "count": count,
                                    "total": len(stated), "min_share": Percent(p.min_share)})


class DateNotation(Params):
    flag: Literal["era_overflow", "ambiguous_fiscal_month"]


def _notable(g: Graph, nodes: list[str], p: DateNotation) -> list[str]:
    """The targets with a date that carries the flag (date_notation is silent for the others)."""
    flagged = derived(g, ("date_notation", p.flag), lambda g: _flagged(g, p.flag))
    return [n for n in nodes if n in flagged]


@node_check("date_notation", DateNotation, produces=("text", "value", "attribute"), narrow=_notable)
def date_notation(g: Graph, node: str, p: DateNotation, ctx: Context) -> Iterator[Finding | Unseen]:
    """A date or year written in a notation that needs a second look (one finding per key). An
    era year beyond its era is no mistake in a document written before the next era began: a
    plan of 2016 could only write 2020 as 平成32年度 (and 2060 as 平成72年)."""
    flagged = derived(g, ("date_notation", p.flag), lambda g: _flagged(g, p.flag)).get(node)
    if not flagged:
        return
    data = g._node[node]
    written = _written(g, data["doc"]) if p.flag == "era_overflow" else None
    for name in sorted(flagged):
        value = data[name]
        if written is not None and written < era_began(_first_day(value)):
            continue
        text = getattr(value, "text", None) or value.ja()
        yield Finding(node, key=name, params={"text": text, "value": value, "attribute": name})


def _flagged(g: Graph, flag: str) -> dict[str, list[str]]:
    """node → its dated attributes that carry `flag` (one pass, not one per target: few do)."""
    return {node: names for node, dated in written_dates(g).items()
            if (names := [name for name, value in dated if getattr(value, flag, False)])}


def _written(g: Graph, doc: str) -> dt.date | None:
    """When a document was written: adopted, decided, published or released; failing those, by
    the end of the fiscal year before its period began."""
    data = g._node[doc]
    written = next((d for name in ("adopted", "decided", "published", "released") if (d := date_of(data.get(name)))),
                   None)
    period = data.get("period")  # not known when: before its period began, at the latest
    return written or (dt.date(period.start, 3, 31) if isinstance(period, Period) else None)


def _first_day(value: Any) -> dt.date:
    """The first day a dated value stands for (a period: the first day of its last year, since
    an overflow is in the years it names)."""
    if isinstance(value, PlanDate):
        return value.first_day
    if isinstance(value, YearRef):
        return dt.date(value.year, 1, 1)
    year = value.end if value.end is not None else value.start
    return dt.date(year, 1, 1)


class TitleConsistent(Params):
    rel: Relation = "continues"
    when: list[str] = ["continued"]  # edge `as` values for which the wording must match


@node_check("title_consistent", TitleConsistent, produces=("title_now", "title_before"))
def title_consistent(g: Graph, node: str, p: TitleConsistent, ctx: Context) -> Iterator[Finding | Unseen]:
    """A goal continued unchanged keeps its wording (after normalisation, or as a listed alias)."""
    data = g._node[node]
    mine = {normalise_title(t) for t in (data.get("title"), *(data.get("aliases") or ())) if t}
    for previous, edge in edges_of(g, node, p.rel):
        if edge.get("as") not in p.when:
            continue
        before = g._node[previous]
        theirs = {normalise_title(t) for t in (before.get("title"), *(before.get("aliases") or ())) if t}
        if not mine & theirs:
            yield Finding(node, (previous,), key=p.rel,
                          params={"title_now": data.get("title"), "title_before": title(g, previous)})

