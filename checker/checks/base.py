"""What every check kind shares: the registry, the Finding record, node selectors and
attribute access. A check kind is a pure function of (frozen graph, target node, params,
context) yielding Findings; it knows nothing of rule ids, severity, language or files."""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator, Literal, TypeAlias

import networkx as nx
from pydantic import BaseModel, ConfigDict, field_validator

from checker.fiscal import Period, PlanDate, YearRef, era_fiscal_year

Graph: TypeAlias = nx.MultiDiGraph


class Params(BaseModel):
    """Base of every check kind's parameter model: unknown parameters are load-time errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Context:
    as_of: dt.date


@dataclass(frozen=True)
class Finding:
    subject: str
    related: tuple[str, ...] = ()
    key: str | None = None  # the subject's key the finding is about (for its line)
    params: dict[str, Any] = field(default_factory=dict)
    file: str | None = None  # only when the finding is located apart from its subject
    line: int | None = None


NodeCheck = Callable[[Graph, str, Any, Context], Iterable[Finding]]
GraphCheck = Callable[[Graph, Any, Context], Iterable[Finding]]


@dataclass(frozen=True)
class CheckKind:
    name: str
    params: type[Params]
    produces: frozenset[str]  # placeholders its findings fill, for message validation
    node_check: NodeCheck | None = None
    graph_check: GraphCheck | None = None
    doc: str = ""


REGISTRY: dict[str, CheckKind] = {}


def node_check(name: str, params: type[Params], produces: Iterable[str] = ()) -> Callable[[NodeCheck], NodeCheck]:
    def register(fn: NodeCheck) -> NodeCheck:
        REGISTRY[name] = CheckKind(name, params, frozenset(produces), node_check=fn, doc=(fn.__doc__ or "").strip())
        return fn
    return register


def graph_check(name: str, params: type[Params], produces: Iterable[str] = ()) -> Callable[[GraphCheck], GraphCheck]:
    def register(fn: GraphCheck) -> GraphCheck:
        REGISTRY[name] = CheckKind(name, params, frozenset(produces), graph_check=fn, doc=(fn.__doc__ or "").strip())
        return fn
    return register


# --- selecting nodes ------------------------------------------------------------------------------


class Link(Params):
    rel: str
    direction: Literal["out", "in"] = "out"


class Selector(Params):
    """Which nodes: by type, attribute conditions, and links they must have.

    `where` values: a plain value (equality), {in: [...]}, {present: true|false},
    {nonempty: true|false}."""

    type: list[str]
    where: dict[str, Any] = {}
    linked: list[Link] = []

    @field_validator("type", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("where")
    @classmethod
    def _conditions(cls, where: dict[str, Any]) -> dict[str, Any]:
        for name, cond in where.items():
            if isinstance(cond, dict) and (len(cond) != 1 or next(iter(cond)) not in ("in", "present", "nonempty")):
                raise ValueError(f"condition on {name!r} must be a value or one of {{in: [...]}}, {{present: bool}}, {{nonempty: bool}}")
        return where


def _meets(value: Any, cond: Any) -> bool:
    if isinstance(cond, dict):
        (op, arg), = cond.items()
        if op == "in":
            return value in arg
        if op == "present":
            return (value is not None) == bool(arg)
        return bool(value) == bool(arg)  # nonempty
    return bool(value == cond)


def matches(g: Graph, node: str, sel: Selector) -> bool:
    data = g.nodes[node]
    if "*" not in sel.type and data["type"] not in sel.type:
        return False
    if not all(_meets(value_of(data, name), cond) for name, cond in sel.where.items()):
        return False
    return all(any(True for _ in neighbours(g, node, link.rel, link.direction)) for link in sel.linked)


def neighbours(g: Graph, node: str, rel: str, direction: str = "out") -> Iterator[str]:
    """Nodes linked to `node` by `rel` (out: node → other; in: other → node), in sorted order."""
    edges = g.out_edges(node, keys=True) if direction == "out" else g.in_edges(node, keys=True)
    others = {(v if direction == "out" else u) for u, v, k in edges if k == rel}
    return iter(sorted(others))


def edges_of(g: Graph, node: str, rel: str, direction: str = "out") -> Iterator[tuple[str, dict[str, Any]]]:
    """(other node, edge data) for each `rel` edge at `node`."""
    if direction == "out":
        return ((v, d) for _, v, k, d in g.out_edges(node, keys=True, data=True) if k == rel)
    return ((u, d) for u, _, k, d in g.in_edges(node, keys=True, data=True) if k == rel)


def follow(g: Graph, node: str, path: Iterable[str]) -> list[str]:
    """Nodes reached from `node` along a path of relations; `document` steps to the node's document."""
    current = [node]
    for rel in path:
        step: set[str] = set()
        for n in current:
            if rel == "document":
                step.add(g.nodes[n]["doc"])
            else:
                step.update(neighbours(g, n, rel))
        current = sorted(step)
    return current


def of_type(g: Graph, type_: str) -> list[str]:
    """Nodes of one type, sorted (from the engine's index when present)."""
    index = g.graph.get("by_type")
    if index is not None:
        return list(index.get(type_, ()))
    return sorted(n for n, t in g.nodes(data="type") if t == type_)


def nodes_of_document(g: Graph, doc: str, sel: Selector) -> list[str]:
    index = g.graph.get("by_document") or {}
    candidates = index.get(doc) if index else [n for n, d in g.nodes(data=True) if d["doc"] == doc]
    return [n for n in candidates or () if matches(g, n, sel)]


def value_of(data: dict[str, Any], name: str) -> Any:
    """Attribute by dotted path: `period.start_date`, `target_year.basis`, `declared.kpis`."""
    value: Any = data
    for part in name.split("."):
        if value is None:
            return None
        value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
    return value


def date_of(value: Any) -> dt.date | None:
    """Comparable date of a plan date (its first day), a date, or None."""
    if isinstance(value, PlanDate):
        return value.first_day
    if isinstance(value, dt.date):
        return value
    return None


def document_date(g: Graph, node: str) -> dt.date | None:
    """When a document took effect: adopted/decided/released, else the start of its period."""
    data = g.nodes[node]
    for name in ("adopted", "decided", "released"):
        if (found := date_of(data.get(name))) is not None:
            return found
    period = data.get("period")
    return period.start_date if isinstance(period, Period) else None


def in_force(g: Graph, candidates: Iterable[str], at: dt.date) -> str | None:
    """The candidate document in force at `at`: the latest to take effect on or before it."""
    dated = [(d, n) for n in candidates if (d := document_date(g, n)) is not None and d <= at]
    return max(dated)[1] if dated else None


@dataclass(frozen=True)
class FiscalYear:
    """A fiscal year as a message parameter (rendered 'R2年度' / 'FY2020')."""

    year: int

    def ja(self) -> str:
        return era_fiscal_year(self.year)

    def en(self) -> str:
        return f"FY{self.year}"


def title(g: Graph, node: str) -> str:
    return str(g.nodes[node].get("title") or node)


_OPS = {"<": operator.lt, "<=": operator.le, "==": operator.eq, "!=": operator.ne, ">=": operator.ge, ">": operator.gt}


def holds(left: Any, op: str, right: Any) -> bool:
    """`left op right`. A date known only to the month could be any day of it, so it fails
    only when no day of the month would pass: '<=' compares the earliest left day with the
    latest right day, '>=' the other way round."""
    ops = _OPS
    if op in ("<", "<="):
        a, b = comparable(left), _latest(right)
    elif op in (">", ">="):
        a, b = _latest(left), comparable(right)
    else:
        a, b = comparable(left), comparable(right)
    try:
        return bool(ops[op](a, b))
    except TypeError:
        return True  # not comparable: nothing to report


def _latest(value: Any) -> Any:
    return value.last_day if isinstance(value, PlanDate) else comparable(value)


def comparable(value: Any) -> Any:
    """Values compared by checks: plan dates by first day, years by number, periods by start."""
    if isinstance(value, PlanDate):
        return value.first_day
    if isinstance(value, YearRef):
        return value.year
    if isinstance(value, Period):
        return value.start
    return value
