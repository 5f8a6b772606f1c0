"""What every check kind shares: the registry, the Finding record, node selectors and
attribute access. A check kind is a pure function of (frozen graph, target node, params,
context) yielding Findings; it knows nothing of rule ids, severity, language or files.

Checks read a node's attributes as `g._node[n]`, the graph's own dict: `g.nodes[n]` answers
through a view object, and a national run asks some 500,000 times."""

from __future__ import annotations

import datetime as dt
import functools
import operator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Hashable, Iterable, Iterator, Literal, Mapping, TypeAlias, TypeVar

from pydantic import BaseModel, ConfigDict, field_validator

from checker.fiscal import Period, PlanDate, YearRef, era_fiscal_year
from checker.graph_index import Direction, GraphIndex
from checker.unknown import Unknown

if TYPE_CHECKING:  # imported where a graph is built or an algorithm runs: a check with the cache after an
    import networkx as nx  # edit loads the rules but builds no graph in this process

Graph: TypeAlias = "nx.MultiDiGraph"
_T = TypeVar("_T")
_DERIVED = "derived"  # g.graph key of the facts `derived` keeps


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
    # The facts of other nodes the finding compares, as (node, field), when the check knows them
    # precisely; the engine caps the severity of a finding resting on an unverified fact. Left
    # empty, the engine assumes the related nodes' dates, periods and the lists they belong to.
    rests_on: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Unseen:
    """What a check yields instead of a Finding when a fact it needs is unknown (checker.unknown)
    or reference data is missing: the rule is "not checked" for the subject, never passed."""

    subject: str
    missing: tuple[str, ...]  # what could not be seen: attribute names, or "reference_data"
    key: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


class NotKnown(Exception):
    """Raised by `fact` (and checks) when a needed fact is unknown: the engine records the rule as
    not checked for the target being checked (or `subject`, in a graph check)."""

    def __init__(self, *missing: str, subject: str | None = None, key: str | None = None,
                 params: dict[str, Any] | None = None) -> None:
        super().__init__(", ".join(missing))
        self.missing, self.subject, self.key, self.params = missing, subject, key, params or {}


def fact(data: dict[str, Any], name: str) -> Any:
    """An attribute a check needs: its value (None when the plan lacks it); NotKnown when the plan
    file marks it unknown."""
    value = data.get(name) if "." not in name else value_of(data, name)  # (value_of's common case)
    if isinstance(value, Unknown):
        field = name.split(".")[0]
        raise NotKnown(field, key=field)  # located at the field's line, not the node's
    return value


NodeCheck = Callable[[Graph, str, Any, Context], Iterable[Finding | Unseen]]
GraphCheck = Callable[[Graph, Any, Context], Iterable[Finding | Unseen]]
# (graph, targets, params) → the targets, in order, that can give a finding or a "not checked":
# the check yields nothing and raises nothing for the others (one pass instead of a call each)
Narrow = Callable[[Graph, list[str], Any], list[str]]


@dataclass(frozen=True)
class CheckKind:
    name: str
    params: type[Params]
    produces: frozenset[str]  # placeholders its findings fill, for message validation
    node_check: NodeCheck | None = None
    graph_check: GraphCheck | None = None
    doc: str = ""
    narrow: Narrow | None = None  # node checks that are silent for most targets (see Narrow)


REGISTRY: dict[str, CheckKind] = {}


def node_check(name: str, params: type[Params], produces: Iterable[str] = (),
               narrow: Narrow | None = None) -> Callable[[NodeCheck], NodeCheck]:
    def register(fn: NodeCheck) -> NodeCheck:
        REGISTRY[name] = CheckKind(name, params, frozenset(produces), node_check=fn, doc=(fn.__doc__ or "").strip(),
                                   narrow=narrow)
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


def _test(cond: Any) -> Callable[[Any], bool]:
    """The test a `where` condition makes of an attribute's value."""
    if isinstance(cond, dict):
        (op, arg), = cond.items()
        if op == "in":
            return lambda value: value in arg
        if op == "present":
            return lambda value: (value is not None) == bool(arg)
        return lambda value: bool(value) == bool(arg)  # nonempty
    return lambda value: bool(value == cond)


def select(g: Graph, nodes: Iterable[str], sel: Selector, *, typed: bool = False) -> list[str]:
    """The nodes that match `sel`, in the order given: one pass per condition rather than all
    conditions per node, because checks select among many nodes at a time. `typed`: the nodes
    are known to be of the selector's types (the engine's targets)."""
    data = g._node
    if typed or "*" in sel.type:
        found = list(nodes)
    else:
        types = sel.type
        found = [n for n in nodes if data[n]["type"] in types]
    if not sel.where and not sel.linked:  # by type alone: what most checks ask, of a few nodes
        return found
    for name, cond in sel.where.items():
        found = _where(data, found, name, cond)
    for link in sel.linked:
        linked = links(g, link.rel, link.direction)
        found = [n for n in found if n in linked]
    return found


def selected(g: Graph, sel: Selector) -> set[str]:
    """Every node of the graph that `sel` selects: asked once, where many small lists of nodes
    would each be selected from (select tests each node alone, so select(g, nodes, sel) keeps
    exactly the nodes in this set)."""
    by_type = GraphIndex.of(g).by_type
    return set(select(g, [n for t in (sorted(by_type) if "*" in sel.type else sel.type) for n in by_type.get(t, ())],
                      sel, typed=True))


def _where(data: Mapping[str, dict[str, Any]], nodes: list[str], name: str, cond: Any) -> list[str]:
    """The nodes whose attribute `name` meets a `where` condition (the common tests inlined: the
    engine selects among every node of a type)."""
    if "." in name:
        test = _test(cond)
        return [n for n in nodes if test(value_of(data[n], name))]
    if not isinstance(cond, dict):
        return [n for n in nodes if data[n].get(name) == cond]
    (op, arg), = cond.items()
    if op == "in":
        return [n for n in nodes if data[n].get(name) in arg]
    if op == "present":
        if arg:
            return [n for n in nodes if data[n].get(name) is not None]
        return [n for n in nodes if data[n].get(name) is None]
    if arg:  # nonempty
        return [n for n in nodes if data[n].get(name)]
    return [n for n in nodes if not data[n].get(name)]


# --- the graph's index (checker.graph_index), for check kinds that hold the graph -------------------


def index_graph(g: Graph) -> GraphIndex:
    return GraphIndex.of(g)


def derived(g: Graph, key: Hashable, compute: Callable[[Graph], _T]) -> _T:
    """A fact derived from the graph that a check would otherwise work out again for each target
    (a document's latest revision, the nodes with a flagged date): computed once per graph and
    kept beside its index (g.graph is writable when frozen). What `compute` returns must not
    refer to the graph (checker.graph_index: a cycle would keep every checked graph alive)."""
    memo = g.graph.get(_DERIVED)
    if memo is None:
        memo = g.graph[_DERIVED] = {}
    if key not in memo:
        memo[key] = compute(g)
    found: _T = memo[key]
    return found


def written_dates(g: Graph) -> Mapping[str, tuple[tuple[str, PlanDate | YearRef | Period], ...]]:
    return GraphIndex.of(g).written_dates


def links(g: Graph, rel: str, direction: Direction = "out") -> Mapping[str, tuple[str, ...]]:
    return GraphIndex.of(g).links(rel, direction)


def neighbours(g: Graph, node: str, rel: str, direction: Direction = "out") -> Iterator[str]:
    return iter(GraphIndex.of(g).neighbours(node, rel, direction))


def edges_of(g: Graph, node: str, rel: str, direction: Direction = "out") -> Iterator[tuple[str, dict[str, Any]]]:
    return iter(GraphIndex.of(g).edges(node, rel, direction))


_TO_DOCUMENT = ["document"]


def follow(g: Graph, node: str, path: Iterable[str]) -> list[str]:
    """Nodes reached from `node` along a path of relations; `document` steps to the node's document."""
    if path == _TO_DOCUMENT:  # what most rules ask (once per indicator)
        return [g._node[node]["doc"]]
    index = GraphIndex.of(g)
    current = [node]
    for rel in path:
        if len(current) == 1:  # the common case: one node's neighbours are sorted already, each once
            one = current[0]
            current = [index.attributes[one]["doc"]] if rel == "document" else list(index.neighbours(one, rel))
        elif rel == "document":
            current = sorted({index.attributes[n]["doc"] for n in current})
        else:
            current = sorted({other for n in current for other in index.neighbours(n, rel)})
    return current


def of_type(g: Graph, type_: str) -> list[str]:
    return GraphIndex.of(g).of_type(type_)


def nodes_of_document(g: Graph, doc: str, sel: Selector) -> list[str]:
    """The document's nodes that match `sel`, sorted."""
    # only the nodes of the selected types: a strategy has thousands of others
    candidates = GraphIndex.of(g).of_document(doc, None if "*" in sel.type else sel.type)
    return select(g, candidates, sel, typed=True)


def value_of(data: dict[str, Any], name: str) -> Any:
    """Attribute by dotted path: `period.start_date`, `target_year.basis`, `declared.kpis`."""
    if "." not in name:  # the common case
        return data.get(name)
    head, rest = _steps(name)
    value: Any = data.get(head)
    for part in rest:
        if value is None:
            return None
        value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
    return value


@functools.cache  # the few dotted names rules use, each asked of every target (DATE-003: 23,590 times over g100)
def _steps(name: str) -> tuple[str, tuple[str, ...]]:
    """A dotted name as (the node attribute, the steps into its value)."""
    head, *rest = name.split(".")
    return head, tuple(rest)


def with_attribute(g: Graph, nodes: list[str], names: list[str], test: Callable[[Any], bool]) -> list[str]:
    """The targets, in order, with an attribute among `names` (dotted paths too) whose value passes
    `test` (a pure test of one value): the `narrow` of a check that is silent for the others (see Narrow)."""
    data = g._node
    if any("." in name for name in names):
        return [n for n in nodes if any(test(value_of(data[n], name)) for name in names)]
    # A plain loop, not a generator per target, and the test made once for a value not given
    # (most attributes of most targets): REF-006 tests five texts of some 46,000 nodes a run.
    unset = test(None)
    kept: list[str] = []
    for n in nodes:
        get = data[n].get
        for name in names:
            value = get(name)
            if unset if value is None else test(value):
                kept.append(n)
                break
    return kept


def date_of(value: Any) -> dt.date | None:
    """Comparable date of a plan date (its first day), a date, or None."""
    if isinstance(value, PlanDate):
        return value.first_day
    if isinstance(value, dt.date):
        return value
    return None


def document_date(g: Graph, node: str) -> dt.date | None:
    """When a document took effect: adopted/decided/released, else the start of its period (also
    when its adoption date is unknown: a reference document is then placed by its period).
    NotKnown when neither can be seen."""
    data = g._node[node]
    unknown = False
    for name in ("adopted", "decided", "released"):
        value = data.get(name)
        unknown = unknown or isinstance(value, Unknown)
        if (found := date_of(value)) is not None:
            return found
    period = data.get("period")
    if isinstance(period, Period):
        return period.start_date
    if unknown or isinstance(period, Unknown):
        raise NotKnown("adopted", params={"document": node})
    return None


def date_field(g: Graph, node: str) -> str | None:
    """The plan-file field document_date reads for `node` (decided, released, adopted or period:
    a national strategy's `adopted` attribute is its `decided`, a projection's its `released`)."""
    data = g._node[node]
    for name in ("decided", "released", "adopted"):
        if date_of(data.get(name)) is not None:
            return name
    return "period" if isinstance(data.get("period"), Period) else None


def in_force(g: Graph, candidates: Iterable[str], at: dt.date) -> str | None:
    """The candidate document in force at `at`: the latest to take effect on or before it. A
    candidate whose date is unknown is no obstacle when it succeeds one that took effect after
    `at` (it cannot have been in force then); otherwise it leaves the question open (NotKnown)."""
    dated: list[tuple[dt.date, str]] = []
    for n in candidates:
        try:
            d = document_date(g, n)
        except NotKnown:
            if _after(g, n, at):
                continue
            raise
        if d is not None and d <= at:
            dated.append((d, n))
    return max(dated)[1] if dated else None


def _after(g: Graph, doc: str, at: dt.date) -> bool:
    """Whether `doc` certainly took effect after `at`: a document it succeeds did."""
    for previous in links(g, "succeeds").get(doc, ()):
        try:
            d = document_date(g, previous)
        except NotKnown:
            d = None if not _after(g, previous, at) else at + dt.timedelta(days=1)
        if d is not None and d > at:
            return True
    return False


@dataclass(frozen=True)
class FiscalYear:
    """A fiscal year as a message parameter (rendered 'R2年度' / 'FY2020')."""

    year: int

    def ja(self) -> str:
        return era_fiscal_year(self.year)

    def en(self) -> str:
        return f"FY{self.year}"


def title(g: Graph, node: str) -> str:
    return str(g._node[node].get("title") or node)


_PLAIN = (int, float, str)  # values comparable() leaves as they are
_OPS = {"<": operator.lt, "<=": operator.le, "==": operator.eq, "!=": operator.ne, ">=": operator.ge, ">": operator.gt}


def holds(left: Any, op: str, right: Any) -> bool:
    """`left op right`. A date known only to the month could be any day of it, so it fails
    only when no day of the month would pass: '<=' compares the earliest left day with the
    latest right day, '>=' the other way round."""
    ops = _OPS
    kind = type(left)
    if kind is type(right):  # two years, two numbers, two texts (most comparisons): as comparable() reads them
        if kind is YearRef:
            return bool(ops[op](left.year, right.year))
        if kind in _PLAIN:
            return bool(ops[op](left, right))
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
