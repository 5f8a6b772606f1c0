"""Validated documents → one networkx MultiDiGraph (design.md §2).

Node ids are qualified (`azumino/strategy-2#G2`); every node carries `type`, `doc`, `title`,
`file`, `line` and `lines` (the line of each of its own keys). Edges carry `rel`. References are
resolved by id, then by title or alias inside the named document (plans quote goals by their
wording), so `national/strategy-1#地方にしごとをつくり、安心して働けるようにする` finds the goal
whose alias that is. What cannot be resolved becomes a recorded problem (REF-*), never an
exception: the rule engine reports problems like any other finding.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
import unicodedata
import weakref
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Mapping, Sequence

from checker import model as m
from checker import municipalities, references, vocabulary
from checker.i18n import t
from checker.labels import Phrase
from checker.fiscal import PlanDate, YearRef, YearWindow, fiscal_year_of
from checker.graph_index import DATED, GraphIndex

if TYPE_CHECKING:  # imported by the builder: the rules read this module's tables without it (checker.rules)
    import networkx as nx
from checker.quantity import Quantity
from checker.unknown import Unknown
from checker.load.documents import SourceDocument, locate
from checker.load.yamlsource import Path_, key_path

# The node types a reference of each relation may point to.
DOC_KINDS = frozenset(m.DOCUMENT_KINDS)
HIGHER_GOALS = frozenset({"national_goal", "prefectural_goal"})


# Node attributes computed from several keys, and the YAML keys a finding about them points at
# (first one present wins).
_VERIFICATION = ("verification",)
DERIVED_KEYS: dict[str, dict[str, tuple[str, ...]]] = {
    "municipal_strategy": {
        "effective_period": ("extension", "period"),
        "extension_decided": ("extension",), "extension_body": ("extension",), "extension_reason": ("extension",),
        "incomplete": ("lists",), "unknown_links": ("considers",), "vision_ref": ("vision",),
        "external_experts": _VERIFICATION, "sectors": _VERIFICATION, "verification_body": _VERIFICATION,
        "retires": ("retired",), "leaves_unaddressed": ("unaddressed",), "succeeds": ("predecessor",),
        "merges_into": ("merges_into",), "uses_vision": ("vision",),
    },
    "comprehensive_plan": {"period": ("basic_concept",)},
    "indicator": {f"{side}_{fact}": (side,) for side in ("baseline", "target")
                  for fact in ("year", "value", "kind", "quantity", "at", "window", "estimate", "footnote",
                               "qualified", "source")},
}

# DERIVED_KEYS as runs of consecutive attributes with the same keys (an indicator's ten baseline_*
# read `baseline`): a node's lines are filled run by run, in DERIVED_KEYS order.
_DERIVED_RUNS: dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]] = {
    type_: tuple((sources, tuple(name for name, _ in run))
                 for sources, run in itertools.groupby(derived.items(), key=lambda item: item[1]))
    for type_, derived in DERIVED_KEYS.items()}


# The document kinds a node of each type can belong to (a rule on measures reports on strategies).
DOCUMENT_KINDS_OF: dict[str, tuple[str, ...]] = {
    **{kind: (kind,) for kind in m.DOCUMENT_KINDS},
    "national_goal": ("national_strategy",),
    "prefectural_goal": ("prefectural_strategy",),
    **{t: ("municipal_strategy",) for t in ("basic_goal", "measure", "project", "indicator", "grant", "review", "meeting")},
    "grant_type": ("grant_programme",),
    "cross_cutting_goal": ("municipal_strategy",),
    "revision": ("municipal_strategy", "prefectural_strategy"),
    "mention": ("municipal_strategy", "comprehensive_plan", "population_vision", "regional_plan"),
    "basic_plan": ("comprehensive_plan",),
    "population_target": ("population_vision", "comprehensive_plan"),
    "population_figure": ("population_vision", "municipal_strategy", "comprehensive_plan"),
    "prefectural_indicator": ("prefectural_strategy",),
    "regional_target": ("regional_plan",),
}


# --- the graph's vocabulary -----------------------------------------------------------------------
# Every node type with the attributes the builder gives it, and every relation with the node types
# it links and the attributes its edges carry. This is the one place that knows them: the builder
# refuses a node attribute or a relation that is not listed here (a programming error, caught by
# the tests — add the name here), and checker.graph_vocabulary reads it to check rule files when
# they load, so a misspelt type, relation or attribute in a rule is a located error, not a rule
# that can never fire.
# Every node; `unresolved` only on a node with a reference that REF-001/REF-003 reports: its
# (relation, document it pointed into or None, reference as written) — checks that count links
# leave those to the REF rules rather than report the missing link too (one bad reference, one finding).
NODE_BASE = frozenset({"type", "doc", "file", "line", "lines", "path", "title", "unresolved"})
_DOCUMENT = frozenset({"note", "level", "provenance"})
_ENTRY = frozenset({"local", "note"})
_MEASUREMENT = frozenset(f"{side}_{part}" for side in ("baseline", "target") for part in (
    "year", "kind", "value", "quantity", "at", "window", "estimate", "footnote", "qualified", "source"))
_INDICATOR = _ENTRY | _MEASUREMENT | {
    "kind", "unit", "source", "direction", "outcome", "long_term", "title_key", "results", "illustrative"}
_POPULATION = _ENTRY | {"year", "at", "population", "population_quantity", "tolerance", "basis", "source",
                        "figure", "owner", "edition", "generated_id"}
_HIGHER_GOAL = _ENTRY | {"aliases", "cross_cutting", "term"}
NODE_ATTRIBUTES: dict[str, frozenset[str]] = {
    "national_strategy": _DOCUMENT | {"owner", "decided", "adopted", "period", "effective_period"},
    "prefectural_strategy": _DOCUMENT | {"owner", "prefecture", "adopted", "published", "period",
                                         "effective_period", "goals_known"},
    "municipal_strategy": _DOCUMENT | {
        "owner", "municipality", "prefecture", "period", "effective_period", "extended", "extension_reason",
        "extension_decided", "extension_body", "adopted", "published", "themes", "declared", "lists",
        "incomplete", "considers_known", "unknown_links", "vision_ref", "verification_body", "sectors",
        "sectors_written", "external_experts"},
    "comprehensive_plan": _DOCUMENT | {"owner", "municipality", "prefecture", "adopted", "period"},
    "population_vision": _DOCUMENT | {"owner", "municipality", "prefecture", "adopted", "projection_ref", "incomplete",
                                      "projection_basis", "fertility_path", "migration_path"},
    "regional_plan": _DOCUMENT | {"owner", "municipality", "prefecture", "period", "effective_period", "approved",
                                  "adopted", "strategy_period"},
    "projection_edition": _DOCUMENT | {"released", "adopted", "base_census", "horizon"},
    "grant_programme": _DOCUMENT | {"aliases", "valid", "max_years"},
    "national_goal": _HIGHER_GOAL,
    "prefectural_goal": _HIGHER_GOAL,
    "basic_goal": _ENTRY | {"aliases", "theme", "illustrative", "part", "part_title", "unknown_links"},
    "measure": _ENTRY | {"theme", "illustrative", "part", "part_title", "unknown_links"},
    "project": _ENTRY | {"department", "regional_plan", "illustrative"},
    "indicator": _INDICATOR,
    "prefectural_indicator": _INDICATOR,
    "regional_target": _INDICATOR,
    "grant": _ENTRY | {"period", "regional_plan"},
    "grant_type": _ENTRY | {"aliases", "usual_years", "max_years", "valid", "provenance"},
    "cross_cutting_goal": _ENTRY | {"aliases"},
    "revision": frozenset({"date", "reason", "note"}),
    "mention": frozenset({"adopted", "published", "period", "source", "note"}),
    "review": frozenset({"fiscal_year", "date", "figures", "body", "note"}),
    "meeting": frozenset({"date"}),
    "basic_plan": _ENTRY | {"period", "serves_as_strategy", "keeps", "owner"},
    "population_target": _POPULATION,
    "population_figure": _POPULATION,
}
# Every node with an owner also carries the owner's prefecture (build_graph): 府中市 of 東京都 and
# 府中市 of 広島県 are two owners (POP-001 groups by both).
NODE_ATTRIBUTES = {t: names | {"owner_prefecture"} if "owner" in names else names
                   for t, names in NODE_ATTRIBUTES.items()}


@dataclass(frozen=True)
class Relation:
    """A relation (edge `rel`): the node types it links from and to, and its edges' attributes."""

    sources: frozenset[str]
    targets: frozenset[str]
    attributes: frozenset[str] = frozenset()


_STRATEGIES = frozenset({"national_strategy", "prefectural_strategy", "municipal_strategy"})
RELATIONS: dict[str, Relation] = {
    "part_of": Relation(
        frozenset({"basic_goal", "measure", "project", "cross_cutting_goal", "grant", "revision", "review", "meeting",
                   "national_goal", "prefectural_goal", "basic_plan", "population_target", "population_figure",
                   "grant_type", "mention"}),
        frozenset({"municipal_strategy", "prefectural_strategy", "national_strategy", "basic_goal", "measure",
                   "comprehensive_plan", "basic_plan", "population_vision", "grant_programme", "regional_plan"})),
    "mentions": Relation(frozenset({"mention"}), DOC_KINDS),
    "measures": Relation(frozenset({"indicator", "prefectural_indicator", "regional_target"}),
                         frozenset({"basic_goal", "measure", "project", "prefectural_strategy", "regional_plan"})),
    "considers": Relation(
        frozenset({"municipal_strategy", "prefectural_strategy", "basic_goal", "measure", "cross_cutting_goal",
                   "revision", "national_goal", "prefectural_goal"}),
        frozenset({"national_strategy", "prefectural_strategy"}) | HIGHER_GOALS),
    "continues": Relation(frozenset({"basic_goal", "indicator", "grant"}), frozenset({"basic_goal", "indicator", "grant"}),
                          frozenset({"as", "reason"})),
    "succeeds": Relation(_STRATEGIES, _STRATEGIES),
    "merges_into": Relation(frozenset({"municipal_strategy"}), frozenset({"basic_plan"})),
    "uses_vision": Relation(frozenset({"municipal_strategy"}), frozenset({"population_vision"})),
    "based_on": Relation(frozenset({"population_vision"}), frozenset({"projection_edition"})),
    "supersedes": Relation(frozenset({"comprehensive_plan", "population_vision"}),
                           frozenset({"comprehensive_plan", "population_vision"})),
    "under_programme": Relation(frozenset({"grant", "regional_plan"}), frozenset({"grant_programme"})),
    "of_type": Relation(frozenset({"grant"}), frozenset({"grant_type"})),
    "funds": Relation(frozenset({"grant"}), frozenset({"project"})),
    "retires": Relation(frozenset({"municipal_strategy"}), frozenset({"basic_goal", "indicator", "grant"}),
                        frozenset({"reason"})),
    "leaves_unaddressed": Relation(frozenset({"municipal_strategy"}), HIGHER_GOALS, frozenset({"reason"})),
    "implements": Relation(frozenset({"regional_plan"}), frozenset({"municipal_strategy"})),
    "covers": Relation(frozenset({"regional_plan"}), frozenset({"grant"})),
}


# What the structured attributes hold, so that a rule's attribute path (`period.start_date`,
# `target_year.basis`, `declared.kpis`) can be checked field by field.
ATTRIBUTE_VALUES: dict[str, type] = {
    **DATED,  # dates, years and periods
    **dict.fromkeys(("baseline_quantity", "target_quantity", "population_quantity"), Quantity),
    **dict.fromkeys(("baseline_window", "target_window"), YearWindow),
    "declared": m.Declared,
}


# Each node type's attributes that may hold a date, a year or a period: all written_dates reads.
DATED_BY_TYPE: dict[str, tuple[str, ...]] = {t: tuple(n for n in DATED if n in names)
                                             for t, names in NODE_ATTRIBUTES.items()}


class VocabularyDrift(RuntimeError):
    """The builder made a node attribute or a relation that NODE_ATTRIBUTES / RELATIONS do not list."""


_KNOWN_SHAPES: set[tuple[str, tuple[str, ...]]] = set()


def _check_shape(type_: str, names: tuple[str, ...]) -> None:
    """A node of `type_` with these attribute names is in the vocabulary (checked once per shape)."""
    if (type_, names) in _KNOWN_SHAPES:
        return
    allowed = NODE_ATTRIBUTES.get(type_)
    if allowed is None:
        raise VocabularyDrift(f"node type {type_!r} is not in graph.NODE_ATTRIBUTES: add it there")
    extra = sorted(set(names) - allowed - NODE_BASE)
    if extra:
        raise VocabularyDrift(f"attribute(s) {extra} of node type {type_!r} are not in graph.NODE_ATTRIBUTES: "
                              "add them there")
    _KNOWN_SHAPES.add((type_, names))


@dataclass(frozen=True)
class Problem:
    """A structural problem found while building the graph (REF-001 … REF-003)."""

    code: str
    subject: str
    file: str
    line: int | None
    key: str | None
    params: dict[str, Any] = field(default_factory=dict)
    # Facts of other nodes the problem rests on, as (node, field): REF-003 on what the found node
    # is (its `kind`), which a plan file may mark unverified (a prefecture's plan whose role as its
    # strategy is not confirmed): the finding is then a warning at most.
    rests_on: tuple[tuple[str, str], ...] = ()


class Suggestions(tuple[str, ...]):
    """"Did you mean" for a reference that does not resolve (REF-001): the closest ids with their
    titles — or, when none is close and the document has only a few, all of them (`every`).
    Rendered into the message in each language; plain data (JSON) is the list of ids."""

    titles: tuple[str, ...]
    every: bool

    def __new__(cls, ids: Iterable[str] = (), titles: Iterable[str] = (), every: bool = False) -> "Suggestions":
        self = super().__new__(cls, tuple(ids))
        self.titles, self.every = tuple(titles), every
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Suggestions, (tuple(self), self.titles, self.every))

    def _items(self, lang: str) -> list[str]:
        """Each id quoted, with its title when the title says more than the id."""
        quoted = [t("sep.quoted", lang, text=i) for i in self]
        return [t("sep.paren", lang, text=q, note=title) if title and title != i else q
                for q, i, title in zip(quoted, self, self.titles + ("",) * len(self))]

    def ja(self) -> str:
        return self._text("ja", t("sep.list", "ja").join(self._items("ja")))

    def en(self) -> str:
        items = self._items("en")
        if self.every or len(items) < 3:
            return self._text("en", t("sep.list" if self.every else "sep.or", "en").join(items))
        return self._text("en", t("sep.or", "en").join([t("sep.list", "en").join(items[:-1]), items[-1]]))

    def _text(self, lang: str, items: str) -> str:
        if not self:
            return t("ref.check_wording", lang)
        return t("ref.candidates" if self.every else "ref.did_you_mean", lang, items=items)


SUGGESTIONS = 3  # the closest ids a REF-001 message names
LIST_ALL = 6  # … or, none being close, every item of the document when it has no more than this


_NO_ATTRS: Mapping[str, Any] = MappingProxyType({})  # the edge attributes of a link that has none (read-only)


@dataclass(slots=True)
class _PendingRef:
    source: str
    rel: str
    ref: str
    types: frozenset[str]
    doc: SourceDocument
    path: Path_
    attrs: Mapping[str, Any]


@functools.lru_cache(maxsize=1 << 14)  # the same paths (("projects", 3, "measure")) recur in every city
def _listed(table: frozenset[Any], kind: str, path: Path_, rel: str) -> bool:
    """references.listed, remembered for the table it reads (`table`: a test may replace it)."""
    return references.listed(kind, path, rel)


@functools.lru_cache(maxsize=1 << 16)  # the same wordings recur: reference goals in every partition, quoted titles
def normalise_title(text: str) -> str:
    """Wording compared across documents: NFKC, no spaces or brackets, ひらがな送り variants kept."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s「」『』()（）・、。,.]", "", text)


class _Builder:
    lazy_lines = True  # nodes' `lines` as NodeLines (a _Recorder keeps no reference to the document)

    def __init__(self, failed: frozenset[str] = frozenset()) -> None:
        import networkx as nx

        self.g: nx.MultiDiGraph = nx.MultiDiGraph()
        # The graph's own dicts (node → attributes; node → other → {relation: edge data}), filled
        # directly: add_node/add_edge and g.nodes[...] cost more than the rest of a node's making.
        self.nodes: dict[str, dict[str, Any]] = self.g._node
        self._succ: dict[str, dict[str, dict[str, dict[str, Any]]]] = self.g._succ
        self._pred: dict[str, dict[str, dict[str, dict[str, Any]]]] = self.g._pred
        self.failed = failed  # ids of documents that exist but failed to load (input errors)
        self.pending: list[_PendingRef] = []
        # A grant's type is looked up in its programme, known only once references resolve.
        self.grant_types: list[_PendingRef] = []
        self.problems: list[Problem] = []
        # The node a wording (normalised title or alias) names, None when it names several: the
        # documents' as they are added, the entries' of a document on the first reference by
        # wording into it (titles_of) — most references name an id, and most titles go unasked.
        self._titles: dict[str, dict[str, str | None]] = {}  # doc -> wording -> node id
        self.document_titles: dict[str, str | None] = {}  # wording -> document id
        self._items: dict[str, list[str]] | None = None  # document -> its nodes, for suggestions
        self._holding: dict[frozenset[str], list[str]] = {}  # node types -> the documents that hold one

    # -- nodes -----------------------------------------------------------------------------------
    # The parameters before `/` are positional-only: CPython then puts each keyword straight into
    # **attrs, instead of first comparing it with every parameter's name.
    def node(self, node_id: str, type_: str, src: SourceDocument, path: Path_, entity: Any, /, **attrs: Any) -> bool:
        """Add the node of an entity (at `path` in `src`) with these attributes; False if its id is
        taken (REF-002)."""
        return self.add_node(node_id, type_, src, path, entity, attrs)

    def add_node(self, node_id: str, type_: str, src: SourceDocument, path: Path_, entity: Any,
                 attrs: dict[str, Any]) -> bool:
        """node() with the attributes in a dict: for an indicator's 45, made of dicts, passing them
        as keywords would build that dict twice more."""
        file, line, lines = self.place(src, path, entity, type_)
        return self.store(node_id, {"type": type_, "doc": src.model.id, "file": file, "line": line, "lines": lines,
                                    "path": path, **attrs})

    def place(self, src: SourceDocument, path: Path_, entity: Any,
              type_: str) -> tuple[str, int | None, Mapping[str, int]]:
        """Where the node of an entity (at `path` in `src`) points: its file, its line and the
        lines of its own keys (a NodeLines: only the nodes a finding is reported on ever need
        them, worked out when asked)."""
        line = None if src.tables else src.lines.get(path)  # locate()'s common case, inline
        file = src.file
        if line is None:
            file, line = locate(file, src.lines, src.tables, path)  # src.locate(path), one call less
        return file, line, NodeLines(src, path, file, line, entity, type_) if self.lazy_lines else \
            _own_lines(src, path, file, line, entity, type_)

    def store(self, node_id: str, data: dict[str, Any]) -> bool:
        """Add a node with all its data: the base attributes first, in add_node's order (type,
        doc, the file, line and lines that place() gives, path), then its own; False if its id
        is taken (REF-002). The entries a city has by the hundred (projects, indicators) write
        their data as one dict display, which CPython makes at its full size at once, instead of
        add_node's merge of their attributes into the base ones (tests/test_perf_build27.py)."""
        if node_id in self.nodes:
            self.duplicate(node_id, data["file"], data["line"], None)
            return False
        type_ = data["type"]
        if (shape := (type_, tuple(data))) not in _KNOWN_SHAPES:  # a shape seen before is known good
            _check_shape(*shape)
        # what g.add_node(node_id, **data) does, without copying the attributes again
        self._succ[node_id], self._pred[node_id] = {}, {}
        self.nodes[node_id] = data
        if type_ in DOC_KINDS:
            for title in (data.get("title"), *(data.get("aliases") or ())):
                if title:
                    _name(self.document_titles, normalise_title(title), node_id)
        return True

    def duplicate(self, node_id: str, file: str, line: int | None, key: str | None, why: str = "kept_first",
                  when: PlanDate | None = None) -> None:
        """REF-002: a second definition of an id, pointing at the one kept (its id line) and why
        that one (`why`: a label key; the first definition, or for a document the later date)."""
        first = self.g.nodes[node_id]
        first_line = first["lines"].get("id", first["line"])
        self.problems.append(Problem("REF-002", node_id, file, line, key, {
            "id": node_id, "first_file": first["file"], "first_line": first_line,
            "kept": Phrase(why, (("place", f"{first['file']}:{first_line}"), ("when", when or "")))}))

    # attrs as a mapping, not keywords: most edges have none, and **attrs would make an empty dict for each
    def edge(self, source: str, target: str, rel: str, attrs: Mapping[str, Any] = _NO_ATTRS, /) -> None:
        if rel not in RELATIONS or attrs and not RELATIONS[rel].attributes.issuperset(attrs):
            raise VocabularyDrift(f"relation {rel!r} with edge attributes {sorted(attrs)} is not in graph.RELATIONS: "
                                  "add it there")
        succ = self._succ
        if source not in succ or target not in succ:  # not the builder's node: networkx adds it bare
            self.g.add_edge(source, target, key=rel, rel=rel, **attrs)
            return
        # what g.add_edge(source, target, key=rel, rel=rel, **attrs) does for two nodes it has
        keyed = succ[source].get(target)
        if keyed is None:
            keyed = succ[source][target] = self._pred[target][source] = {}
        data = keyed.get(rel)
        if data is None:
            keyed[rel] = {"rel": rel, **attrs} if attrs else {"rel": rel}
        else:  # the same link again (a parent also named by reference): its data updated
            data.update(rel=rel, **attrs)

    def ref(self, source: str, rel: str, ref: str | None, types: Iterable[str], src: SourceDocument,
            path: Path_, /, attrs: dict[str, Any] | None = None, **more: Any) -> None:
        if ref:
            if not _listed(references._LISTED, src.model.kind, path, rel):  # the one table of reference fields
                raise VocabularyDrift(f"a reference at {key_path(path)} of a {src.model.kind} ({rel}) is not in "
                                      "checker.references.REFERENCE_FIELDS: add it there")
            self.pending.append(_PendingRef(source, rel, ref, frozenset(types), src, path,
                                            {**attrs, **more} if attrs else more or _NO_ATTRS))

    # -- references ------------------------------------------------------------------------------
    def resolve(self, ref: str, doc_id: str) -> str | None:
        ref = unicodedata.normalize("NFKC", ref).strip()
        if ref in self.nodes:
            return ref
        doc_part, sep, local = ref.partition("#")
        if not sep:  # a local id of this document, or a document/programme named by its title
            doc_part, local = doc_id, ref
            if (qualified := f"{doc_id}#{ref}") in self.nodes:
                return qualified
            by_title = self.document_titles.get(normalise_title(ref))
            if by_title is not None:
                return by_title
        return self.titles_of(doc_part).get(normalise_title(local))

    def titles_of(self, doc: str) -> dict[str, str | None]:
        """The wordings (normalised titles and aliases) of a document's nodes, itself included →
        the node each names (None: several). Asked only once every node is added."""
        names = self._titles.get(doc)
        if names is None:
            names = self._titles[doc] = {}
            for node in self.items().get(doc, ()):
                data = self.nodes[node]
                for title in (data.get("title"), *(data.get("aliases") or ())):
                    if title:
                        _name(names, normalise_title(title), node)
        return names

    def finish(self) -> nx.MultiDiGraph:
        for p in self.pending:
            target = self.resolve(p.ref, p.doc.model.id)
            found = self.nodes[target]["type"] if target is not None else None
            if target is not None and found in p.types:
                self.edge(p.source, target, p.rel, p.attrs)
                continue
            file, line = p.doc.locate(p.path)  # only a problem needs its place
            into = unicodedata.normalize("NFKC", p.ref).strip().partition("#")[0]
            if target is None and into in self.failed:  # it exists, but could not be loaded
                self.problems.append(Problem("REF-001", p.source, file, line, _dotted(p.path),
                                             {"ref": p.ref, "expected": sorted(p.types), "failed": into}))
                self.unresolved(p, into)
            elif target is None and "#" in p.ref and self.partly_listed(into):
                # an item of a document whose lists were not all captured: it may well exist
                self.problems.append(Problem("REF-001", p.source, file, line, _dotted(p.path),
                                             {"ref": p.ref, "expected": sorted(p.types), "unlisted": into}))
                self.unresolved(p, into)
            elif target is None:
                self.problems.append(Problem("REF-001", p.source, file, line, _dotted(p.path),
                                             {"ref": p.ref, "expected": sorted(p.types),
                                              "suggestion": self.suggest(p.ref, p.doc.model.id, p.types)}))
                self.unresolved(p, self.document_named(p.ref))
            else:
                self.problems.append(Problem("REF-003", p.source, file, line, _dotted(p.path),
                                             {"ref": p.ref, "found": found, "expected": sorted(p.types)},
                                             rests_on=_kind_of(self.g, target)))
                self.unresolved(p, self.g.nodes[target]["doc"])
        for p in self.grant_types:
            self.resolve_grant_type(p)
        return self.g

    def unresolved(self, p: _PendingRef, into: str | None) -> None:
        """Record on the source node a reference of relation p.rel that REF-001/REF-003 reports, and
        the document it pointed into (None: it may have meant any)."""
        data = self.g.nodes[p.source]
        data["unresolved"] = (*data.get("unresolved", ()), (p.rel, into, p.ref))

    def document_named(self, ref: str) -> str | None:
        """The document a reference's document part (`national/strategy-2#…`) names, if it exists."""
        doc_part, sep, _ = unicodedata.normalize("NFKC", ref).strip().partition("#")
        if not sep:
            return None
        if doc_part in self.g and self.g.nodes[doc_part]["type"] in DOC_KINDS:
            return doc_part
        return self.document_titles.get(normalise_title(doc_part))

    # -- did you mean ------------------------------------------------------------------------------
    def items(self) -> dict[str, list[str]]:
        """Each document's nodes (itself first, sorted), built on the first reference by wording or
        that does not resolve (all nodes are added by then)."""
        if self._items is None:
            self._items = {}
            for node in sorted(self.nodes):
                self._items.setdefault(self.nodes[node]["doc"], []).append(node)
        return self._items

    def suggest(self, ref: str, doc_id: str, types: frozenset[str]) -> Suggestions:
        """The ids closest to a reference that does not resolve: inside the document it names when
        that document exists (by local id and by title), else the closest document ids — completed
        with the local part when that then resolves (`national/digitaldenen#G4` →
        `national/digital-denen#G4`)."""
        ref = unicodedata.normalize("NFKC", ref).strip()
        doc_part, sep, local = ref.partition("#")
        if sep:
            doc = self.document_named(ref)
            if doc is not None:
                return self.closest_items(doc, local, types)
            found: list[str] = []
            for other in self.closest_documents(doc_part, types):
                target = self.resolve(f"{other}#{local}", doc_id)
                found.append(target if target is not None and self.g.nodes[target]["type"] in types else other)
            return self._suggestions(dict.fromkeys(found))
        if types & DOC_KINDS:
            return self._suggestions(self.closest_documents(ref, types))
        return self.closest_items(doc_id, ref, types)

    def closest_items(self, doc: str, local: str, types: frozenset[str]) -> Suggestions:
        nodes = [n for n in self.items().get(doc, ()) if self.g.nodes[n]["type"] in types]
        locals_ = {n.partition("#")[2] or n: n for n in nodes}
        titles: dict[str, str] = {}
        for n in nodes:
            titles.setdefault(normalise_title(self.g.nodes[n].get("title") or ""), n)
        close = [locals_[x] for x in difflib.get_close_matches(local, list(locals_), n=SUGGESTIONS, cutoff=0.6)]
        close += [titles[x] for x in difflib.get_close_matches(normalise_title(local), [t for t in titles if t],
                                                               n=SUGGESTIONS, cutoff=0.6)]
        chosen = list(dict.fromkeys(close))[:SUGGESTIONS]
        if not chosen and 0 < len(nodes) <= LIST_ALL:
            return self._suggestions(nodes, every=True)
        return self._suggestions(chosen)

    def closest_documents(self, wording: str, types: frozenset[str]) -> list[str]:
        """Document ids close to `wording` (an id or a title), among those that are, or hold, a node of `types`."""
        docs = self.holding(types)
        by_title = {normalise_title(self.g.nodes[d].get("title") or ""): d for d in docs}
        close = difflib.get_close_matches(wording, docs, n=SUGGESTIONS, cutoff=0.75)  # ids share prefixes
        close += [by_title[t] for t in difflib.get_close_matches(normalise_title(wording), [t for t in by_title if t],
                                                                 n=SUGGESTIONS, cutoff=0.6)]
        return list(dict.fromkeys(close))[:SUGGESTIONS]

    def holding(self, types: frozenset[str]) -> list[str]:
        """The documents that are, or hold, a node of `types` — once per set of types: a folder with
        many broken references must not scan every node for each of them."""
        if types not in self._holding:
            self._holding[types] = [d for d, nodes in self.items().items()
                                    if d in self.g and self.g.nodes[d]["type"] in DOC_KINDS
                                    and any(self.g.nodes[n]["type"] in types for n in nodes)]
        return self._holding[types]

    def _suggestions(self, nodes: Iterable[str], every: bool = False) -> Suggestions:
        chosen = list(nodes)
        return Suggestions(chosen, [self.g.nodes[n].get("title") or "" for n in chosen], every)

    def partly_listed(self, doc: str) -> bool:
        """Whether a document's items were only partly captured: its goals unknown, or its lists
        an excerpt (a reference to an item it does not list proves nothing)."""
        data = self.g.nodes[doc] if doc in self.g else {}
        return data.get("goals_known") is False or bool(data.get("incomplete"))

    def resolve_grant_type(self, p: _PendingRef) -> None:
        """A grant's `type` names a type of its own programme: by id or title inside the programme
        (ソフト事業), or by full id. Nothing to resolve when the programme did not (REF-001 already)."""
        programmes = [t for t, keyed in self.g.succ[p.source].items() if "under_programme" in keyed]
        if not programmes:
            return
        programme = programmes[0]
        target = self.resolve(p.ref, programme)
        found = self.g.nodes[target]["type"] if target is not None else None
        if target is not None and found == "grant_type" and self.g.nodes[target]["doc"] == programme:
            self.edge(p.source, target, p.rel)
            return
        file, line = p.doc.locate(p.path)
        if target is None or found == "grant_type":  # nothing, or a type of another programme
            self.problems.append(Problem("REF-001", p.source, file, line, _dotted(p.path),
                                         {"ref": p.ref, "expected": sorted(p.types),
                                          "suggestion": self.closest_items(programme, p.ref.rpartition("#")[2],
                                                                           p.types)}))
        else:
            self.problems.append(Problem("REF-003", p.source, file, line, _dotted(p.path),
                                         {"ref": p.ref, "found": found, "expected": sorted(p.types)},
                                         rests_on=_kind_of(self.g, target)))
        self.unresolved(p, programme)


def _kind_of(g: nx.MultiDiGraph, node: str) -> tuple[tuple[str, str], ...]:
    """The fact of what a node is: its own `kind`, and for an entry its document's (the list it
    belongs to is covered by the document's provenance)."""
    doc = g.nodes[node]["doc"]
    return ((node, "kind"),) if doc == node else ((node, "kind"), (doc, "kind"))


def _name(names: dict[Any, str | None], wording: Any, node_id: str) -> None:
    """Record that `wording` names `node_id`; a wording that names two nodes names neither."""
    names[wording] = node_id if names.get(wording, node_id) == node_id else None


@dataclass(frozen=True)
class _Fields:
    """A model class's YAML keys (its fields' aliases or names), in field order, and each field's."""

    keys: tuple[str, ...]
    key: dict[str, str]  # field name → its YAML key
    position: dict[str, int]  # field name → its place in field order


_FIELDS: dict[type, _Fields] = {}


def _fields(cls: type) -> _Fields:
    """The YAML keys of a model class, computed once per class."""
    if cls not in _FIELDS:
        fields = cls.model_fields.items() if issubclass(cls, m.Strict) else ()
        key = {name: info.alias or name for name, info in fields}
        _FIELDS[cls] = _Fields(tuple(key.values()), key, {name: i for i, name in enumerate(key)})
    return _FIELDS[cls]


class NodeLines(Mapping[str, int]):
    """A node's `lines` (_own_lines), worked out on first use: a graph has thousands of nodes and
    a report needs the lines of the few it finds something on. Reads as the dict it stands for."""

    __slots__ = ("_args", "_lines")

    def __init__(self, src: SourceDocument, path: Path_, file: str, line: int | None, entity: Any,
                 type_: str) -> None:
        self._args: tuple[Any, ...] | None = (src, path, file, line, entity, type_)
        # _lines is set when first asked (no empty dict made and freed for each of the many nodes never asked)

    def _own(self) -> dict[str, int]:
        if self._args is not None:
            self._lines: dict[str, int] = _own_lines(*self._args)
            self._args = None
        return self._lines

    def __getitem__(self, key: str) -> int:
        return self._own()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._own())

    def __len__(self) -> int:
        return len(self._own())

    def __repr__(self) -> str:
        return repr(self._own())


def _own_lines(src: SourceDocument, path: Path_, file: str, line: int | None, entity: Any,
               type_: str) -> dict[str, int]:
    """The line of each key written in the entity at `path` (located at file, line), and of each
    attribute derived from keys (DERIVED_KEYS: the first of its keys written). An entity read from
    a table row has all its keys on that row; one from YAML has the lines of the keys it writes
    (not those it inherits from enclosing keys)."""
    cls: Any = type(entity)  # Any: mypy takes type[Any] for unhashable (the caches' keys)
    if file != src.file:  # a table row
        return dict.fromkeys(_row_keys(cls, type_), line) if line is not None else {}
    fields = _fields(cls)
    if not fields.keys:
        return {}
    # A key written in the entity is a field it was given (model_fields_set): only those are
    # looked up, in field order — an indicator has some forty fields and writes a few.
    lines = src.lines
    own: dict[str, int] = {}
    for key in _written_keys(cls, tuple(entity.model_fields_set)):
        found = lines.get(path + (key,))
        if found is not None:
            own[key] = found
    for sources, derived in _DERIVED_RUNS.get(type_, ()):
        for key in sources:
            if key in own:
                own.update(dict.fromkeys(derived, own[key]))
                break
    return own


@functools.cache  # per model class and node type: a table row's keys are the same on every row
def _row_keys(cls: type, type_: str) -> tuple[str, ...]:
    """The keys _own_lines gives an entity of `cls` read from a table row: every key of the class,
    then the derived attributes, in the order the YAML case adds them."""
    keys = dict.fromkeys(_fields(cls).keys)
    for sources, derived in _DERIVED_RUNS.get(type_, ()):
        if any(key in keys for key in sources):
            keys.update(dict.fromkeys(derived))
    return tuple(keys)


@functools.lru_cache(maxsize=4096)  # entities of one kind mostly write the same few keys
def _written_keys(cls: type, names: tuple[str, ...]) -> tuple[str, ...]:
    """The YAML keys of the fields `names` of `cls`, in field order."""
    fields = _fields(cls)
    return tuple(fields.key[name] for name in sorted(names, key=fields.position.__getitem__))


def _dotted(path: Path_) -> str:
    return key_path(path)


def _common(doc: Any) -> dict[str, Any]:
    return {"title": doc.title, "note": doc.note, "level": m.document_level(doc),
            "provenance": {k: v.reliability for k, v in doc.provenance.items()}}


# What an indicator can name as the thing it measures: field → the node types it may point to.
_MEASURE, _INDICATOR_TYPE = frozenset({"measure"}), frozenset({"indicator"})
_MEASURED = (("goal", frozenset({"basic_goal"})), ("measure", _MEASURE), ("project", frozenset({"project"})))


def _indicator(b: _Builder, src: SourceDocument, path: Path_, ind: m.Indicator, kind: str | None,
               parent: str | None, prefix: str = "", node_type: str = "indicator") -> None:
    doc_id = src.model.id
    local = f"{prefix}{ind.id}" if prefix else ind.id  # (no new string for the usual unprefixed id)
    node_id = f"{doc_id}#{local}"
    # Written under a goal's targets / a measure's kpis, or named by kind, or implied by its parent.
    kind = ind.kind or kind or ("numerical_target" if ind.goal else "kpi")
    # 合計特殊出生率 and other ratios have no unit to print (vocabulary.UNITLESS_WORDS)
    unit = ind.unit if ind.unit is not None or not vocabulary.unitless(ind.title) else ""
    file, line, lines = b.place(src, path, ind, node_type)
    if not b.store(node_id, {
            "type": node_type, "doc": doc_id, "file": file, "line": line, "lines": lines, "path": path,
            "local": local, "title": ind.title, "kind": kind, "unit": unit, "source": ind.source,
            "direction": ind.direction, "outcome": ind.outcome, "long_term": ind.long_term,
            "title_key": normalise_title(ind.title),
            **_measured("baseline", ind.baseline, ind.source), **_measured("target", ind.target, ind.source),
            "results": tuple(map(_result, ind.results)), "illustrative": ind.illustrative, "note": ind.note}):
        return
    if parent:
        b.edge(node_id, parent, "measures")
    for field_name, types in _MEASURED:
        if ref := getattr(ind, field_name):  # most indicators name none (b.ref would do nothing)
            b.ref(node_id, "measures", f"{prefix}{ref}" if prefix else ref, types, src, path + (field_name,))
    continues = ind.continues
    if isinstance(continues, m.IndicatorContinuation):
        b.ref(node_id, "continues", continues.from_, {"indicator"}, src, path + ("continues",),
              attrs={"as": continues.as_, "reason": continues.reason})
    elif continues:
        b.ref(node_id, "continues", continues, _INDICATOR_TYPE, src, path + ("continues",), attrs={"as": "continued"})


def _measured(side: str, value: m.Measurement | None, source: str | Unknown | None = None) -> dict[str, Any]:
    """An indicator's baseline or target as node attributes. `{side}_year` is the year it is
    for, as checks compare years: the year written; for a window its last year; for a point in
    time the fiscal year it falls in (its basis left unstated: it is neither 年 nor 年度).
    `{side}_kind` says which: year, point, window, or unknown (the source prints no year).
    `{side}_source` is the value's own source, else the indicator's."""
    keys = _MEASUREMENT_KEYS[side]
    if value is None:
        return {keys[0]: None, keys[2]: None}
    year: Any = value.year
    kind = "unknown" if isinstance(year, Unknown) else "year"
    window = None
    if value.window is not None:
        year, kind = value.window.to, "window"
        window = YearWindow(value.window.from_, value.window.to, value.window.aggregate)
    elif value.at is not None:
        year, kind = YearRef(fiscal_year_of(value.at.first_day), None, text=value.at.text), "point"
    quantity, estimate, footnote = value.value, value.estimate, value.footnote
    year_, kind_, value_, quantity_, at_, window_, estimate_, footnote_, qualified_, source_ = keys
    return {
        year_: year, kind_: kind, value_: quantity.value if isinstance(quantity, Quantity) else quantity,
        quantity_: quantity, at_: value.at, window_: window, estimate_: estimate, footnote_: footnote,
        qualified_: estimate or bool(footnote),  # 見込み or ※: the source matters more
        source_: value.source or source,
    }


# {side}_year, {side}_kind, … in the order _measured gives them (named once, not per indicator)
_MEASUREMENT_KEYS = {side: tuple(f"{side}_{part}" for part in (
    "year", "kind", "value", "quantity", "at", "window", "estimate", "footnote", "qualified", "source"))
    for side in ("baseline", "target", "result")}


def _result(r: m.Result) -> dict[str, Any]:
    found = _measured("result", r)
    return {"year": found["result_year"], "kind": found["result_kind"], "value": found["result_value"],
            "quantity": found["result_quantity"], "window": r.window, "status": r.status, "rating": r.rating,
            "trend": r.trend, "source": r.source}


def _project(b: _Builder, src: SourceDocument, path: Path_, prj: m.Project, parent: str | None,
             prefix: str = "") -> None:
    local = f"{prefix}{prj.id}" if prefix else prj.id  # (no new string for the usual unprefixed id)
    doc_id = src.model.id
    node_id = f"{doc_id}#{local}"
    file, line, lines = b.place(src, path, prj, "project")
    if not b.store(node_id, {"type": "project", "doc": doc_id, "file": file, "line": line, "lines": lines, "path": path,
                             "local": local, "title": prj.title, "department": prj.department,
                             "regional_plan": prj.regional_plan, "illustrative": prj.illustrative, "note": prj.note}):
        return
    if parent:
        b.edge(node_id, parent, "part_of")
    if prj.measure:  # most projects sit under their measure and name none (b.ref would do nothing)
        b.ref(node_id, "part_of", prj.measure, _MEASURE, src, path + ("measure",))
    for i, kpi in enumerate(prj.kpis):
        _indicator(b, src, path + ("kpis", i), kpi, "kpi", node_id, prefix)


def _incomplete(lists: Any) -> frozenset[str]:
    """The lists of a strategy that are an excerpt: all of them, those named, or none."""
    if lists == "excerpt":
        return frozenset(m.ListPart.__args__)  # type: ignore[attr-defined]
    if isinstance(lists, m.Excerpt):
        return frozenset(lists.excerpt)
    return frozenset()


def _sectors(written: Any) -> Any:
    """The sectors of 産官学金労言 a body's member list names (vocabulary.sectors); unknown stays so."""
    return written if isinstance(written, Unknown) else _sectors_named(tuple(written))


@functools.lru_cache(maxsize=1024)  # member lists recur (every strategy of a prefecture's template)
def _sectors_named(written: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(vocabulary.sectors(written))


def _unknown_links(**values: Any) -> frozenset[str]:
    """The relations whose targets the plan file marks unknown (considers: unknown): a rule that
    counts such links is not checked rather than finding none."""
    return frozenset(rel for rel, value in values.items() if isinstance(value, Unknown))


def _municipal(b: _Builder, src: SourceDocument, doc: m.MunicipalStrategy) -> None:
    d = doc.id
    period = doc.period
    effective = period if doc.extension is None else type(period)(period.start, doc.extension.to)
    v = doc.verification if not isinstance(doc.verification, Unknown) else None
    unknown_body = Unknown() if isinstance(doc.verification, Unknown) else None
    x = doc.extension
    b.node(d, doc.kind, src, (), doc, **_common(doc), owner=doc.municipality, municipality=doc.municipality,
           prefecture=doc.prefecture, period=period, effective_period=effective,
           extended=x is not None, extension_reason=x.reason if x else None,
           extension_decided=x.decided if x else None, extension_body=x.body if x else None,
           adopted=doc.adopted, published=doc.published, themes=tuple(doc.themes),
           declared=doc.declared.model_dump() if doc.declared else {}, lists=doc.lists,
           incomplete=_incomplete(doc.lists) | (frozenset({"reviews"}) if unknown_body else frozenset()),
           unknown_links=_unknown_links(considers=doc.considers, uses_vision=doc.vision),
           vision_ref=doc.vision,
           verification_body=unknown_body or (v.body.name if v and v.body else None),
           sectors=unknown_body or _sectors(v.body.sectors if v and v.body else []),
           sectors_written=tuple(v.body.sectors) if v and v.body and isinstance(v.body.sectors, list) else (),
           external_experts=unknown_body or (v.body.external_experts if v and v.body else None))
    for i, ref in enumerate(doc.considers if isinstance(doc.considers, list) else ()):  # unknown: none
        b.ref(d, "considers", ref, {"national_strategy", "prefectural_strategy"}, src, ("considers", i))
    b.ref(d, "succeeds", doc.predecessor, {"municipal_strategy"}, src, ("predecessor",))
    b.ref(d, "merges_into", doc.merges_into, {"basic_plan"}, src, ("merges_into",))
    if isinstance(doc.vision, str):
        b.ref(d, "uses_vision", doc.vision, {"population_vision"}, src, ("vision",))
    _goals(b, src, d, doc.goals, ("goals",))
    if doc.population is not None:
        _population_facts(b, src, d, ("population",), doc.population, doc.municipality, doc.population.edition)
    _population_targets(b, src, d, ("population_targets",), doc.population_targets, doc.municipality)
    _mentions(b, src, d, doc.mentions)
    for pi, part in enumerate(doc.parts):
        _goals(b, src, d, part.goals, ("parts", pi, "goals"), part)
    for ci, cross in enumerate(doc.cross_cutting_goals):
        cp: Path_ = ("cross_cutting_goals", ci)
        cid = f"{d}#{cross.id}"
        if b.node(cid, "cross_cutting_goal", src, cp, cross, local=cross.id, title=cross.title,
                  aliases=tuple(cross.aliases), note=cross.note):
            b.edge(cid, d, "part_of")
            for i, ref in enumerate(cross.considers):
                b.ref(cid, "considers", ref, HIGHER_GOALS, src, cp + ("considers", i))
    for pi, prj in enumerate(doc.projects):
        _project(b, src, ("projects", pi), prj, None)
    for ii, ind in enumerate(doc.indicators):
        _indicator(b, src, ("indicators", ii), ind, None, None)
    for gi, grant in enumerate(doc.grants):
        gp: Path_ = ("grants", gi)
        gid = f"{d}#{grant.id}"
        if not b.node(gid, "grant", src, gp, grant, local=grant.id, title=grant.title, period=grant.period,
                      regional_plan=grant.regional_plan, note=grant.note):
            continue
        b.edge(gid, d, "part_of")
        b.ref(gid, "under_programme", grant.programme, {"grant_programme"}, src, gp + ("programme",))
        if grant.type:
            b.grant_types.append(_PendingRef(gid, "of_type", grant.type, frozenset({"grant_type"}), src,
                                             gp + ("type",), {}))
        b.ref(gid, "continues", grant.continues, {"grant"}, src, gp + ("continues",))
        for i, funded in enumerate(grant.funds):
            b.ref(gid, "funds", funded, {"project"}, src, gp + ("funds", i))
    _revisions(b, src, d, doc.revisions)
    if v:
        for ri, review in enumerate(v.reviews):
            rid = f"{d}#review-{ri + 1}"
            if b.node(rid, "review", src, ("verification", "reviews", ri), review,
                      title=f"{review.fiscal_year}年度 検証", fiscal_year=review.fiscal_year, date=review.date,
                      figures=review.figures, body=review.body, note=review.note):
                b.edge(rid, d, "part_of")
        for mi, meeting in enumerate(v.meetings):
            mid = f"{d}#meeting-{mi + 1}"
            if b.node(mid, "meeting", src, ("verification", "meetings", mi), meeting,
                      title=meeting.title, date=meeting.date):
                b.edge(mid, d, "part_of")
    expected_retired = {"basic_goal", "indicator", "grant"}
    for i, item in enumerate(doc.retired):
        b.ref(d, "retires", item.id, expected_retired, src, ("retired", i), reason=item.reason)
    for i, item in enumerate(doc.unaddressed):
        b.ref(d, "leaves_unaddressed", item.id, HIGHER_GOALS, src, ("unaddressed", i), reason=item.reason)


def _mentions(b: _Builder, src: SourceDocument, d: str, mentions: Sequence[m.Mention]) -> None:
    """What a document states about other documents (their adoption, publication, period): one
    node each, linked to the document it speaks of."""
    for i, mention in enumerate(mentions):
        mid = f"{d}#mention-{i + 1}"
        if b.node(mid, "mention", src, ("mentions", i), mention, title=f"{mention.of} について",
                  adopted=mention.adopted, published=mention.published, period=mention.period,
                  source=mention.source, note=mention.note):
            b.edge(mid, d, "part_of")
            b.ref(mid, "mentions", mention.of, DOC_KINDS, src, ("mentions", i, "of"))


def _revisions(b: _Builder, src: SourceDocument, d: str, revisions: Sequence[m.Revision]) -> None:
    """A strategy's revisions (改訂), each with the strategies it newly considers."""
    for ri, revision in enumerate(revisions):
        rid = f"{d}#revision-{ri + 1}"
        if b.node(rid, "revision", src, ("revisions", ri), revision, title=revision.title or f"改訂 {ri + 1}",
                  date=revision.date, reason=revision.reason, note=revision.note):
            b.edge(rid, d, "part_of")
            for i, ref in enumerate(revision.considers):
                b.ref(rid, "considers", ref, {"national_strategy", "prefectural_strategy"}, src,
                      ("revisions", ri, "considers", i))


def _goals(b: _Builder, src: SourceDocument, d: str, goals: Sequence[m.BasicGoal], path: Path_,
           part: m.StrategyPart | None = None) -> None:
    """A strategy's basic goals with their measures, indicators and projects. Inside a part the
    local ids are qualified by it (`A.G2`), since each part numbers its goals anew."""
    prefix = f"{part.id}." if part else ""
    in_part = {"part": part.id, "part_title": part.title} if part else {}
    for gi, goal in enumerate(goals):
        gp: Path_ = path + (gi,)
        gid = f"{d}#{prefix}{goal.id}"
        if not b.node(gid, "basic_goal", src, gp, goal, local=f"{prefix}{goal.id}", title=goal.title,
                      aliases=tuple(goal.aliases), theme=goal.theme, illustrative=goal.illustrative, note=goal.note,
                      unknown_links=_unknown_links(considers=goal.considers), **in_part):
            continue
        b.edge(gid, d, "part_of")
        for i, ref in enumerate(goal.considers if isinstance(goal.considers, list) else ()):
            b.ref(gid, "considers", ref, HIGHER_GOALS, src, gp + ("considers", i))
        if goal.continues:
            c = goal.continues
            b.ref(gid, "continues", c.from_, {"basic_goal"}, src, gp + ("continues",), attrs={"as": c.as_, "reason": c.reason})
        for ti, target in enumerate(goal.targets):
            _indicator(b, src, gp + ("targets", ti), target, "numerical_target", gid, prefix)
        for mi, measure in enumerate(goal.measures):
            mp = gp + ("measures", mi)
            mid = f"{d}#{prefix}{measure.id}"
            if not b.node(mid, "measure", src, mp, measure, local=f"{prefix}{measure.id}", title=measure.title,
                          theme=measure.theme or goal.theme, illustrative=measure.illustrative, note=measure.note,
                          **in_part):
                continue
            b.edge(mid, gid, "part_of")
            for i, ref in enumerate(measure.considers):
                b.ref(mid, "considers", ref, HIGHER_GOALS, src, mp + ("considers", i))
            for ki, kpi in enumerate(measure.kpis):
                _indicator(b, src, mp + ("kpis", ki), kpi, "kpi", mid, prefix)
            for pi, prj in enumerate(measure.projects):
                _project(b, src, mp + ("projects", pi), prj, mid, prefix)


def _higher(b: _Builder, src: SourceDocument, doc: Any, goal_type: str) -> None:
    d = doc.id
    for group, cross in (("goals", False), ("cross_cutting_goals", True)):
        # What the document calls its goals (基本目標, 取組の方向 …): messages name them that way.
        term = "cross_cutting_goal" if cross else doc.goal_term
        goals = getattr(doc, group, [])
        for gi, goal in enumerate(goals if isinstance(goals, list) else []):  # unknown: not captured
            gid = f"{d}#{goal.id}"
            if b.node(gid, goal_type, src, (group, gi), goal, local=goal.id, title=goal.title,
                      aliases=tuple(goal.aliases), cross_cutting=cross, term=term, note=goal.note):
                b.edge(gid, d, "part_of")
                for i, ref in enumerate(goal.considers):
                    b.ref(gid, "considers", ref, {"national_goal"}, src, (group, gi, "considers", i))


_FIGURE_TITLES = {"target": ("の人口目標", " population target"), "projection": ("の推計人口", " projected population"),
                  "actual": ("の人口", " population"), "peak": ("の人口（ピーク）", " population (peak)")}


def _population_targets(b: _Builder, src: SourceDocument, parent: str, path: Path_,
                        targets: Sequence[m.PopulationTarget], owner: str, figure: str = "target",
                        edition: Any = None) -> None:
    """Population figures by year (or date): targets (type population_target), and a vision's
    projections, actual counts and peak (type population_figure, `figure` says which). A figure
    without an id gets one from its year; a second figure of that year gets `-2` (`-3` …), never an
    id written or generated before, so neither is dropped (POP-008 reports two targets for one year)."""
    used: set[str] = {t.id for t in targets if t.id}  # an id the planner wrote is never renamed
    for i, t in enumerate(targets):
        when_key = t.year.year if t.year is not None else (t.at.first_day.isoformat() if t.at is not None else i)
        base = t.id or (f"population-{when_key}" if figure == "target" else f"{figure}-{when_key}")
        local, n = base, 2  # the second 2040 target without an id is population-2040-2
        # A generated id takes none that is written, generated before, or made by another list of
        # the document (a basic plan's 2040 target and the plan's own): REF-002 would name an id
        # the planner never wrote, and one figure would be dropped.
        while t.id is None and (local in used or f"{src.model.id}#{local}" in b.g):
            local, n = f"{base}-{n}", n + 1
        used.add(local)
        tid = f"{src.model.id}#{local}"
        when = t.year.ja() + ("年" if t.year.ja().isdigit() else "") if t.year is not None else \
            (f"{t.at.text}時点" if t.at is not None else "")
        year = t.year if t.year is not None else (YearRef(t.at.first_day.year, "calendar", text=t.at.text)
                                                   if t.at is not None else None)
        node_type = "population_target" if figure == "target" else "population_figure"
        name = _FIGURE_TITLES[figure][0] if figure != "peak" else "人口のピーク"
        if b.node(tid, node_type, src, path + (i,), t, local=local, title=f"{when}{name}" if figure != "peak" else name,
                  year=year, at=t.at, population_quantity=t.population,
                  population=t.population.value if isinstance(t.population, Quantity) else t.population,
                  tolerance=t.population.tolerance if isinstance(t.population, Quantity) else 0, basis=t.basis, source=t.source, figure=figure, owner=owner,
                  edition=edition if isinstance(edition, str) else None, note=t.note, generated_id=t.id is None):
            b.edge(tid, parent, "part_of")


def _population_facts(b: _Builder, src: SourceDocument, d: str, path: Path_, facts: Any, owner: str,
                      edition: Any) -> None:
    """Projections without measures, actual counts and the peak: a vision's own, or those a
    strategy or comprehensive plan restates (`population:`)."""
    _population_targets(b, src, d, path + ("projections",), facts.projections, owner, "projection", edition)
    _population_targets(b, src, d, path + ("actuals",), facts.actuals, owner, "actual")
    if facts.peak is not None:
        _population_targets(b, src, d, path + ("peak",), [facts.peak], owner, "peak")


def _path(points: Sequence[m.PathPoint]) -> tuple[tuple[Any, Any, Any], ...]:
    """An assumption's path as (year or window, value, note) steps."""
    return tuple((p.year or p.window, p.value, p.note) for p in points)


def _add_document(b: _Builder, src: SourceDocument) -> None:
    doc = src.model
    d = doc.id
    if isinstance(doc, m.MunicipalStrategy):
        _municipal(b, src, doc)
    elif isinstance(doc, m.NationalStrategy):
        if b.node(d, doc.kind, src, (), doc, **_common(doc), owner="国", decided=doc.decided, adopted=doc.decided,
                  period=doc.period, effective_period=doc.period):
            b.ref(d, "succeeds", doc.predecessor, {"national_strategy"}, src, ("predecessor",))
            _higher(b, src, doc, "national_goal")
    elif isinstance(doc, m.PrefecturalStrategy):
        if b.node(d, doc.kind, src, (), doc, **_common(doc), owner=doc.prefecture, prefecture=doc.prefecture,
                  adopted=doc.adopted, published=doc.published, period=doc.period, effective_period=doc.period,
                  goals_known=not isinstance(doc.goals, Unknown)):
            b.ref(d, "succeeds", doc.predecessor, {"prefectural_strategy"}, src, ("predecessor",))
            for i, ref in enumerate(doc.considers):
                b.ref(d, "considers", ref, {"national_strategy"}, src, ("considers", i))
            _higher(b, src, doc, "prefectural_goal")
            for i, ind in enumerate(doc.indicators):
                _indicator(b, src, ("indicators", i), ind, "kpi", d, node_type="prefectural_indicator")
            _revisions(b, src, d, doc.revisions)
    elif isinstance(doc, m.ComprehensivePlan):
        owner = doc.municipality or doc.prefecture or ""
        if b.node(d, doc.kind, src, (), doc, **_common(doc), owner=owner, municipality=doc.municipality,
                  prefecture=doc.prefecture, adopted=doc.adopted, period=doc.basic_concept.period):
            b.ref(d, "supersedes", doc.supersedes, {"population_vision", "comprehensive_plan"}, src, ("supersedes",))
            for i, plan in enumerate(doc.basic_plans):
                pid = f"{d}#{plan.id}"
                if b.node(pid, "basic_plan", src, ("basic_plans", i), plan, local=plan.id, title=plan.title,
                          period=plan.period, serves_as_strategy=plan.serves_as_strategy,
                          keeps=plan.keeps if isinstance(plan.keeps, Unknown) else tuple(plan.keeps),
                          owner=owner, note=plan.note):
                    b.edge(pid, d, "part_of")
                    _population_targets(b, src, pid, ("basic_plans", i, "population_targets"),
                                        plan.population_targets, owner)
            _population_targets(b, src, d, ("population_targets",), doc.population_targets, owner)
            if doc.population is not None:
                _population_facts(b, src, d, ("population",), doc.population, owner, doc.population.edition)
            _mentions(b, src, d, doc.mentions)
    elif isinstance(doc, m.PopulationVision):
        assumptions = doc.assumptions
        if b.node(d, doc.kind, src, (), doc, **_common(doc), owner=doc.municipality, municipality=doc.municipality,
                  prefecture=doc.prefecture, adopted=doc.adopted, projection_ref=doc.projection,
                  incomplete=_incomplete(doc.lists),
                  projection_basis=doc.projection_basis,
                  fertility_path=_path(assumptions.fertility) if assumptions else (),
                  migration_path=_path(assumptions.migration) if assumptions else ()):
            if isinstance(doc.projection, str):
                b.ref(d, "based_on", doc.projection, {"projection_edition"}, src, ("projection",))
            b.ref(d, "supersedes", doc.supersedes, {"population_vision"}, src, ("supersedes",))
            _population_targets(b, src, d, ("targets",), doc.targets, doc.municipality)
            _population_facts(b, src, d, (), doc, doc.municipality, doc.projection)
            _mentions(b, src, d, doc.mentions)
    elif isinstance(doc, m.RegionalPlan):
        if b.node(d, doc.kind, src, (), doc, **_common(doc), owner=doc.municipality, municipality=doc.municipality,
                  prefecture=doc.prefecture, period=doc.period, effective_period=doc.period, approved=doc.approved,
                  adopted=doc.approved, strategy_period=doc.strategy_period):
            b.ref(d, "implements", doc.implements, {"municipal_strategy"}, src, ("implements",))
            b.ref(d, "under_programme", doc.programme, {"grant_programme"}, src, ("programme",))
            for i, ref in enumerate(doc.funds):
                b.ref(d, "covers", ref, {"grant"}, src, ("funds", i))
            for i, target in enumerate(doc.targets):
                _indicator(b, src, ("targets", i), target, "regional_target", d, node_type="regional_target")
            _mentions(b, src, d, doc.mentions)
    elif isinstance(doc, m.ProjectionEdition):
        b.node(d, doc.kind, src, (), doc, **_common(doc), released=doc.released, adopted=doc.released,
               base_census=doc.base_census, horizon=doc.horizon)
    elif isinstance(doc, m.GrantProgramme):
        if b.node(d, doc.kind, src, (), doc, **_common(doc), aliases=tuple(doc.aliases), valid=doc.valid,
                  max_years=doc.max_years):
            for i, t in enumerate(doc.types):
                tid = f"{d}#{t.id}"
                # valid/max_years: the type's own, None where the programme's apply (the checks
                # fall back to the programme, so a finding says which fact it rests on).
                if b.node(tid, "grant_type", src, ("types", i), t, local=t.id, title=t.title,
                          aliases=tuple(t.aliases), usual_years=t.usual_years, max_years=t.max_years,
                          valid=t.valid, note=t.note,
                          provenance={k: v.reliability for k, v in t.provenance.items()}):
                    b.edge(tid, d, "part_of")


# --- reference documents, added once ---------------------------------------------------------------
# A batch run checks each municipality in a graph of its own, with the national and prefectural
# documents it can refer to: each of those is added to a hundred graphs. What adding one gives a
# builder is kept while its SourceDocument lives, and copied into the next graph that holds it.

_Ref = tuple[str, str, str, frozenset[str], Path_, Mapping[str, Any]]  # a _PendingRef without its document


@dataclass
class _Added:
    """What _add_document gave a builder of its own: nodes, edges in the order made (a node's
    predecessors keep that order), references left to resolve, problems, the document's wordings.
    Nothing here refers to the SourceDocument, so keeping this does not keep it alive."""

    nodes: dict[str, dict[str, Any]]
    edges: list[tuple[str, str, str, Mapping[str, Any]]]
    pending: list[_Ref]
    grant_types: list[_Ref]
    problems: list[Problem]
    document_titles: dict[str, str | None]


class _Recorder(_Builder):
    """A builder that notes its edges in the order made (and works out its nodes' lines at once:
    what it gives is kept beyond the document's life)."""

    lazy_lines = False

    def __init__(self) -> None:
        super().__init__()
        self.made: list[tuple[str, str, str, Mapping[str, Any]]] = []

    def edge(self, source: str, target: str, rel: str, attrs: Mapping[str, Any] = _NO_ATTRS, /) -> None:
        super().edge(source, target, rel, attrs)
        self.made.append((source, target, rel, attrs))


_MUNICIPAL = (m.MunicipalStrategy, m.ComprehensivePlan, m.PopulationVision, m.RegionalPlan)  # added once a run
_ADDED: dict[int, tuple["weakref.ref[SourceDocument]", _Added]] = {}  # id(document) → what adding it gave


def _added(src: SourceDocument) -> _Added:
    entry = _ADDED.get(id(src))
    if entry is not None and entry[0]() is src:
        return entry[1]
    r = _Recorder()
    _add_document(r, src)
    refs = [[(p.source, p.rel, p.ref, p.types, p.path, p.attrs) for p in found] for found in (r.pending, r.grant_types)]
    added = _Added(r.nodes, r.made, refs[0], refs[1], r.problems, r.document_titles)
    key = id(src)
    _ADDED[key] = (weakref.ref(src, lambda _: _ADDED.pop(key, None)), added)
    return added


def _add_reference_document(b: _Builder, src: SourceDocument) -> None:
    """_add_document for a document that is not a municipality's: a copy of what adding it gave
    before (each node's attributes copied: each graph adds its own `unresolved`, `owner_prefecture`)."""
    added = _added(src)
    if not b.nodes.keys().isdisjoint(added.nodes):  # an id taken already: cannot be, ids are qualified
        _add_document(b, src)
        return
    for node, data in added.nodes.items():
        b._succ[node], b._pred[node] = {}, {}
        b.nodes[node] = dict(data)
    for source, target, rel, attrs in added.edges:
        b.edge(source, target, rel, attrs)
    b.pending.extend(_PendingRef(source, rel, ref, types, src, path, attrs)
                     for source, rel, ref, types, path, attrs in added.pending)
    b.grant_types.extend(_PendingRef(source, rel, ref, types, src, path, attrs)
                         for source, rel, ref, types, path, attrs in added.grant_types)
    b.problems.extend(added.problems)
    for wording, named in added.document_titles.items():
        if named is None:  # names two of the document's nodes
            b.document_titles[wording] = None
        else:
            _name(b.document_titles, wording, named)


def build_graph(documents: Iterable[SourceDocument], failed: Iterable[str] = ()) -> nx.MultiDiGraph:
    """One frozen graph of every document; documents are added in id order so the graph (and
    so every report) is the same whatever order the files were read in. `failed`: ids of
    documents that failed to load — references to them are "not checked", not dangling."""
    b = _Builder(frozenset(failed))
    copies: dict[str, list[SourceDocument]] = {}
    for src in sorted(documents, key=lambda s: (s.model.id, s.file)):
        copies.setdefault(src.model.id, []).append(src)
    kept_documents = []
    for doc_id, same in copies.items():
        kept, why, when = kept_copy(same)
        kept_documents.append(kept)
        if isinstance(kept.model, _MUNICIPAL):
            _add_document(b, kept)
        else:  # a national or prefectural document (or a programme): added to many graphs in a batch run
            _add_reference_document(b, kept)
        for other in same:  # an old draft left in the folder: say which file is used, and why
            if other is not kept:
                b.duplicate(doc_id, other.file, other.line(("id",)), "id", why, when)
    g = b.finish()
    # The owner's prefecture, told from the other documents where a document states none
    # (checker.municipalities: a vision of 府中市 that names no prefecture is its strategy's).
    owner_prefectures = municipalities.prefectures(src.model for src in kept_documents)
    for data in b.nodes.values():
        if "owner" in data:
            data["owner_prefecture"] = owner_prefectures.get(data["doc"], "")
    waivers = tuple((src.model.id, src.file, src.line(("waivers", i)), w)
                    for src in kept_documents for i, w in enumerate(src.model.waivers))
    import networkx as nx

    g = nx.freeze(g)
    GraphIndex.attach(g, b.problems, waivers, DATED_BY_TYPE)  # what rules, diagrams and the diff look up
    return g


_EFFECTIVE_DATES = ("adopted", "decided", "approved", "released")


def effective_date(doc: Any) -> PlanDate | None:
    """When a document took effect, as it states it (adopted, decided, approved, released)."""
    for name in _EFFECTIVE_DATES:
        value = getattr(doc, name, None)
        if isinstance(value, PlanDate):
            return value
    return None


def kept_copy(copies: Sequence[SourceDocument]) -> tuple[SourceDocument, str, PlanDate | None]:
    """Which of several files defining one document id is used (the others are REF-002): the
    one with the latest adoption or decision date — a dated copy over an undated one (an old
    draft) —, and on a tie or without dates the first by file name. Returns the copy, why (a
    label key) and the date that decided it."""
    by_name = sorted(copies, key=lambda s: s.file)
    if len(copies) == 1:
        return by_name[0], "kept_first_by_name", None
    dated = [(d, s) for s in by_name if (d := effective_date(s.model)) is not None]
    if not dated:
        return by_name[0], "kept_first_by_name", None
    latest = max(d.first_day for d, _ in dated)
    best = [(d, s) for d, s in dated if d.first_day == latest]
    if len(best) > 1:
        return best[0][1], "kept_first_by_name", None
    return best[0][1], "kept_later_date", best[0][0]
