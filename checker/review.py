"""What changed between two versions of a plan (docs/review.md).

`diff_paths(old, new)` checks both versions with `api.check_plans` and compares them:

- **documents and their entities** (basic goals, higher goals, measures, indicators, projects,
  grants, basic plans, population targets): added, removed, changed — with field-level changes
  (title, period, dates, baseline/target, unit …, and links: considers, continues, part_of,
  measures, funds, merges_into …). Documents and entities are matched by id; what is left over on
  both sides is matched by title similarity (difflib on `normalise_title`, same document, same node
  type and indicator kind, score ≥ THRESHOLD), each such match carrying its score;
- **periods**: when the new version holds a strategy whose predecessor is a strategy of the old
  one, the previous goals' dispositions (continued / changed / merged / retired / none) and new
  goals, and the previous indicators and grants (carried / retired / dropped);
- **violations**: introduced, resolved, unchanged — matched by fingerprint (checker.baseline)
  after mapping the old ids through the matches above (and, across periods, through `continues`),
  so moved lines and renamed ids do not count as new problems.

Plan files given one by one are read with the other plan files of their folder as context, so
references between documents resolve as they do in the folder (a strategy-2 file refers to the
strategy-1 file beside it); context documents are not compared and their violations not listed.
A predecessor that only the old version holds is read the same way for the new version.

`diff_git(folder, "REV1..REV2")` exports the folder at each revision (read-only `git ls-tree` and
`git cat-file`; REV2 empty: a copy of the working tree) into a temporary directory and diffs
them; file paths are shown relative to the repository. The user's repository is never written.

PlanDiff is plain data: `to_dict()` / `from_dict()` round-trip through JSON. Formatting lives in
checker/reporters/diff.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
import re
import shutil
import stat
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Callable, Iterable, Literal, Sequence

from checker.baseline import fingerprint
from checker.graph import normalise_title
from checker.load.limits import DEFAULT_LIMITS, Limits
from checker.report import SEVERITY_RANK, DocumentInfo, Report, Violation, WaiverInfo

if TYPE_CHECKING:
    import networkx as nx

    from checker.api import PlanSet
    from checker.rules import Rule

THRESHOLD = 0.6  # title similarity needed to match items whose ids changed
ChangeKind = Literal["added", "removed", "changed"]

# Entities compared inside a document, in report order.
ENTITY_TYPES: tuple[str, ...] = ("national_goal", "prefectural_goal", "basic_goal", "measure", "indicator",
                                 "project", "grant", "basic_plan", "population_target")
_TYPE_RANK = {t: i + 1 for i, t in enumerate(ENTITY_TYPES)}  # documents rank 0

# Node attributes compared, per node type ("document" for every document kind).
_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "document": ("title", "municipality", "prefecture", "period", "extension", "decided", "adopted", "published",
                 "released", "valid", "themes", "declared", "lists"),
    "national_goal": ("title", "aliases"),
    "prefectural_goal": ("title", "aliases"),
    "basic_goal": ("title", "aliases", "theme"),
    "measure": ("title", "theme"),
    "indicator": ("title", "kind", "unit", "baseline", "target", "direction", "outcome", "source"),
    "project": ("title", "department", "regional_plan"),
    "grant": ("title", "period", "regional_plan"),
    "basic_plan": ("title", "period", "serves_as_strategy", "keeps"),
    "population_target": ("year", "population", "basis"),
}
# Outgoing edges compared: rel → field name.
LINK_FIELDS: dict[str, str] = {
    "considers": "considers", "continues": "continues", "part_of": "part_of", "measures": "measures",
    "funds": "funds", "under_programme": "programme", "succeeds": "predecessor", "merges_into": "merges_into",
    "uses_vision": "vision", "based_on": "projection", "supersedes": "supersedes", "retires": "retired",
    "leaves_unaddressed": "unaddressed",
}
_LINK_EXTRAS: dict[str, tuple[str, ...]] = {"continues": ("as", "reason"), "retires": ("reason",),
                                            "leaves_unaddressed": ("reason",)}

GOAL_STATUSES = ("continued", "changed", "merged", "retired", "none", "new")
ITEM_STATUSES = ("carried", "retired", "dropped", "new")


class ReviewError(Exception):
    """Input a diff cannot use (not a git repository, an unknown revision, a bad range). The
    message is in Japanese and English."""

    def __init__(self, ja: str, en: str) -> None:
        self.message_ja, self.message_en = ja, en
        super().__init__(f"{ja} / {en}")


# --- the records ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldChange:
    """One changed field: plain old/new values (JSON-ready) and how a reader sees them."""

    field: str
    old: Any
    new: Any
    old_text: dict[str, str]  # {"ja": …, "en": …}
    new_text: dict[str, str]


@dataclass(frozen=True)
class EntityChange:
    """A document or an entity of a document that was added, removed or changed. `id` is its id
    in the new version (the old id for a removed one); `old_id` is set when it was matched under
    another id, with the title similarity `score` when the match was by title."""

    change: ChangeKind
    type: str  # node type, or the document kind for documents
    id: str
    document: str
    title: str
    kind: str | None = None  # indicators: numerical_target | kpi
    old_id: str | None = None
    old_title: str | None = None
    score: float | None = None
    fields: tuple[FieldChange, ...] = ()

    @property
    def is_document(self) -> bool:
        return self.id == self.document


@dataclass(frozen=True)
class Disposition:
    """What became of one item of the previous period (or, status "new", an item of the new
    period that continues nothing)."""

    item: str
    type: str  # basic_goal | indicator | grant
    title: str
    status: str  # goals: GOAL_STATUSES; indicators and grants: ITEM_STATUSES
    successors: tuple[str, ...] = ()
    successor_titles: tuple[str, ...] = ()
    reason: str | None = None
    goal: str | None = None  # indicators: the goal they measure (in their own period)
    kind: str | None = None  # indicators: numerical_target | kpi


@dataclass(frozen=True)
class Succession:
    """A strategy of the new version and its predecessor in the old one."""

    old_document: str
    new_document: str
    old_title: str
    new_title: str
    goals: tuple[Disposition, ...] = ()
    new_goals: tuple[Disposition, ...] = ()
    indicators: tuple[Disposition, ...] = ()
    new_indicators: tuple[Disposition, ...] = ()
    grants: tuple[Disposition, ...] = ()
    new_grants: tuple[Disposition, ...] = ()


@dataclass(frozen=True)
class PlanDiff:
    """Two versions of a plan compared. Plain data; `to_dict`/`from_dict` round-trip."""

    old: str  # what was compared, as the user named it
    new: str
    as_of: str = ""
    version: str = ""
    entities: tuple[EntityChange, ...] = ()
    successions: tuple[Succession, ...] = ()
    introduced: tuple[Violation, ...] = ()
    resolved: tuple[Violation, ...] = ()
    unchanged: tuple[Violation, ...] = ()
    old_files: tuple[str, ...] = ()
    new_files: tuple[str, ...] = ()
    old_context: tuple[str, ...] = ()  # files read only so that references resolve
    new_context: tuple[str, ...] = ()

    def of(self, change: ChangeKind) -> tuple[EntityChange, ...]:
        return tuple(e for e in self.entities if e.change == change)

    @property
    def added(self) -> tuple[EntityChange, ...]:
        return self.of("added")

    @property
    def removed(self) -> tuple[EntityChange, ...]:
        return self.of("removed")

    @property
    def changed(self) -> tuple[EntityChange, ...]:
        return self.of("changed")

    def summary(self) -> dict[str, Any]:
        def by_severity(vs: Iterable[Violation]) -> dict[str, int]:
            counted = [v for v in vs if v.waived is None]
            return {s: sum(1 for v in counted if v.severity == s) for s in ("error", "warning", "info")}

        return {
            "added": len(self.added), "removed": len(self.removed), "changed": len(self.changed),
            "renamed": sum(1 for e in self.entities if e.old_id is not None and e.old_id != e.id),
            "successions": len(self.successions),
            "introduced": len(self.introduced), "resolved": len(self.resolved), "unchanged": len(self.unchanged),
            "introduced_by_severity": by_severity(self.introduced),
            "resolved_by_severity": by_severity(self.resolved),
        }

    def exit_code(self, fail_on: str = "never") -> int:
        """2 when the new version has input errors; 1 when it introduces violations at or above
        `fail_on` that are neither waived nor known; else 0 ("never": 0 unless input errors)."""
        if any(v.family == "input" for v in self.introduced + self.unchanged):
            return 2
        if fail_on == "never":
            return 0
        threshold = SEVERITY_RANK[fail_on]
        return 1 if any(SEVERITY_RANK[v.severity] >= threshold and v.waived is None and not v.known
                        for v in self.introduced) else 0

    def to_dict(self) -> dict[str, Any]:
        def violations(vs: tuple[Violation, ...]) -> list[dict[str, Any]]:
            return [{**v.to_dict(), "fingerprint": fingerprint(v)} for v in vs]

        return {
            "plancheck_diff": 1,
            "plancheck": self.version,
            "as_of": self.as_of,
            "old": {"label": self.old, "files": list(self.old_files), "context": list(self.old_context)},
            "new": {"label": self.new, "files": list(self.new_files), "context": list(self.new_context)},
            "summary": self.summary(),
            "entities": [_plain_record(e) for e in self.entities],
            "successions": [_plain_record(s) for s in self.successions],
            "violations": {"introduced": violations(self.introduced), "resolved": violations(self.resolved),
                           "unchanged": violations(self.unchanged)},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "PlanDiff":
        def violations(items: list[dict[str, Any]]) -> tuple[Violation, ...]:
            return tuple(Violation.from_dict({k: v for k, v in item.items() if k != "fingerprint"}) for item in items)

        def change(item: dict[str, Any]) -> EntityChange:
            fields = tuple(FieldChange(**f) for f in item.get("fields", ()))
            return EntityChange(**{**item, "fields": fields})

        def disposition(item: dict[str, Any]) -> Disposition:
            return Disposition(**{**item, "successors": tuple(item.get("successors", ())),
                                  "successor_titles": tuple(item.get("successor_titles", ()))})

        def succession(item: dict[str, Any]) -> Succession:
            lists = ("goals", "new_goals", "indicators", "new_indicators", "grants", "new_grants")
            kwargs: dict[str, Any] = {k: (tuple(disposition(d) for d in v) if k in lists else v) for k, v in item.items()}
            return Succession(**kwargs)

        found = data.get("violations", {})
        return cls(
            old=data["old"]["label"], new=data["new"]["label"], as_of=data.get("as_of", ""),
            version=data.get("plancheck", ""),
            entities=tuple(change(e) for e in data.get("entities", ())),
            successions=tuple(succession(s) for s in data.get("successions", ())),
            introduced=violations(found.get("introduced", [])), resolved=violations(found.get("resolved", [])),
            unchanged=violations(found.get("unchanged", [])),
            old_files=tuple(data["old"].get("files", ())), new_files=tuple(data["new"].get("files", ())),
            old_context=tuple(data["old"].get("context", ())), new_context=tuple(data["new"].get("context", ())),
        )


def _plain_record(record: Any) -> dict[str, Any]:
    """A dataclass as JSON-ready data: tuples become lists (values are plain already)."""
    def plain(value: Any) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    result: dict[str, Any] = plain(record)
    return result


def render_diff(diff: PlanDiff, fmt: str, lang: str = "ja") -> str:
    """The diff as text, json, markdown or html (checker/reporters/diff.py)."""
    from checker.reporters.diff import render

    return render(diff, fmt, lang)


# --- one side of the comparison --------------------------------------------------------------------

Relabel = Callable[[str], str]


def _same(path: str) -> str:
    return path


@dataclass
class _Side:
    label: str
    plans: "PlanSet"
    report: Report
    own: dict[str, DocumentInfo]  # the documents compared
    context_docs: frozenset[str]
    files: tuple[str, ...]  # the plan files compared (as shown)
    context: tuple[str, ...]  # files read for references only (as shown)
    roots: tuple[str, ...]  # the given folders (as shown, before relabelling), for path identity
    sources: dict[str, Path]  # shown file → path, for every plan file read
    violations: tuple[Violation, ...]  # of own and reference documents (not of context documents)
    relabel: Relabel

    @property
    def graph(self) -> "nx.MultiDiGraph":
        return self.plans.graph

    def predecessors(self) -> dict[str, str]:
        """Own document → the predecessor it names (as written, resolved or not)."""
        found: dict[str, str] = {}
        for src in self.plans.loaded.documents:
            pred = getattr(src.model, "predecessor", None)
            if src.model.id in self.own and isinstance(pred, str):
                found[src.model.id] = pred
        return found


def _siblings(given: Sequence[Path]) -> list[Path]:
    """The other plan files in the folders of the files given one by one (not below them)."""
    from checker.load.documents import PLAN_SUFFIXES

    chosen = {p.resolve() for p in given if p.is_file()}
    found: set[Path] = set()
    for p in given:
        if p.is_file():
            found.update(q for q in p.parent.iterdir()
                         if q.suffix in PLAN_SUFFIXES and q.is_file() and q.resolve() not in chosen)
    return sorted(found)


def _load(label: str, given: Sequence[Path], extra: Sequence[Path], options: dict[str, Any],
          relabel: Relabel = _same) -> _Side:
    from checker import api
    from checker.load.documents import discover, display_path

    files = discover(given)
    chosen = {f.resolve() for f in files}
    candidates = [p for p in _siblings(given) + list(extra) if p.resolve() not in chosen]
    context: list[Path] = []
    if candidates:
        own_ids = {d.model.id for d in api.build(files, include_reference=False).loaded.documents} if files else set()
        held: dict[str, set[str]] = {}
        for d in api.build(candidates, include_reference=False).loaded.documents:
            held.setdefault(d.file, set()).add(d.model.id)
        # a context file never stands in for a document of the version itself
        context = [p for p in dict.fromkeys(candidates) if not held.get(display_path(p), set()) & own_ids]
    plans, report = api.check_plans(list(given) + context, **options)
    shown_files = {display_path(f): f for f in files}
    shown_context = {display_path(f): f for f in context}
    own = {d.id: d for d in report.documents if d.file in shown_files and not d.bundled}
    context_docs = frozenset(d.id for d in report.documents if d.file in shown_context and d.id not in own)
    kept = tuple(v for v in report.violations
                 if v.document not in context_docs and not (v.document is None and v.file in shown_context))
    roots = tuple(dict.fromkeys(display_path(p if p.is_dir() else p.parent) for p in given))
    return _Side(label, plans, report, own, context_docs, tuple(sorted(shown_files)), tuple(sorted(shown_context)),
                 roots, {**shown_files, **shown_context}, kept, relabel)


def _relabelled(v: Violation, relabel: Relabel) -> Violation:
    if relabel is _same:
        return v
    waived = v.waived
    if waived is not None:
        waived = WaiverInfo(waived.reason, waived.approved_by, waived.until, relabel(waived.file), waived.line)
    subject = relabel(v.subject) if v.family == "input" else v.subject
    return dataclasses.replace(v, file=relabel(v.file), subject=subject, waived=waived)


def _under(path: str, roots: Sequence[str]) -> str:
    """A path relative to the first given folder it lies in (input problems name files)."""
    for root in roots:
        if root in ("", "."):
            return path
        if path.startswith(root.rstrip("/") + "/"):
            return path[len(root.rstrip("/")) + 1:]
    return path


# --- matching ------------------------------------------------------------------------------------------

def _natural(text: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


def similarity(a: str, b: str) -> float:
    """Title similarity, 0–1: difflib's ratio of the normalised titles (NFKC, no spaces or brackets)."""
    return difflib.SequenceMatcher(None, normalise_title(a), normalise_title(b), autojunk=False).ratio()


def _match_titles(old: Sequence[tuple[str, str]], new: Sequence[tuple[str, str]]) -> list[tuple[str, str, float]]:
    """Greedy best-first matching of (id, title) pairs whose similarity reaches THRESHOLD."""
    scored = sorted(((similarity(ot, nt) if normalise_title(ot) and normalise_title(nt) else 0.0, o, n)
                     for o, ot in old for n, nt in new),
                    key=lambda s: (-s[0], _natural(s[1]), _natural(s[2])))
    used_old: set[str] = set()
    used_new: set[str] = set()
    pairs = []
    for score, o, n in scored:
        if score < THRESHOLD:
            break
        if o in used_old or n in used_new:
            continue
        used_old.add(o)
        used_new.add(n)
        pairs.append((o, n, round(score, 2)))
    return pairs


def _family(g: "nx.MultiDiGraph", node: str) -> tuple[str, str | None]:
    data = g.nodes[node]
    return data["type"], data.get("kind") if data["type"] == "indicator" else None


def _doc_nodes(g: "nx.MultiDiGraph", doc: str) -> list[str]:
    """The nodes of one document (the graph's index)."""
    from checker.graph_index import GraphIndex

    return GraphIndex.of(g).of_document(doc)


def _members(g: "nx.MultiDiGraph", doc: str) -> dict[str, str]:
    """Compared entities of a document: local id → node id."""
    return {node.partition("#")[2]: node for node in _doc_nodes(g, doc)
            if node != doc and g.nodes[node].get("type") in _TYPE_RANK}


@dataclass
class _Matches:
    docs: dict[str, str] = field(default_factory=dict)  # old document → new document (same or renamed)
    doc_scores: dict[str, float] = field(default_factory=dict)
    nodes: dict[str, str] = field(default_factory=dict)  # old entity → new entity
    scores: dict[str, float] = field(default_factory=dict)  # old id → score, for title matches
    successions: list[tuple[str, str]] = field(default_factory=list)  # (old predecessor, new strategy)

    def map(self, node: str) -> str:
        """An old id in the new version's terms (renamed documents and entities)."""
        if node in self.nodes:
            return self.nodes[node]
        if node in self.docs:
            return self.docs[node]
        doc, sep, local = node.partition("#")
        if sep and doc in self.docs:
            return f"{self.docs[doc]}#{local}"
        return node


def _match(old: _Side, new: _Side) -> _Matches:
    m = _Matches()
    for doc in sorted(old.own.keys() & new.own.keys()):
        m.docs[doc] = doc
    preds = new.predecessors()
    for doc in sorted(new.own.keys() - old.own.keys()):
        pred = _resolved_document(new.graph, doc, "succeeds") or preds.get(doc)
        if pred in old.own:
            m.successions.append((pred, doc))
    in_succession = {p for p, _ in m.successions} | {s for _, s in m.successions}
    left_old = [d for d in sorted(old.own.keys() - m.docs.keys()) if d not in in_succession]
    left_new = [d for d in sorted(new.own.keys() - set(m.docs.values())) if d not in in_succession]
    kinds = sorted({old.own[d].kind for d in left_old} & {new.own[d].kind for d in left_new})
    for kind in kinds:
        pairs = _match_titles([(d, old.own[d].title) for d in left_old if old.own[d].kind == kind],
                              [(d, new.own[d].title) for d in left_new if new.own[d].kind == kind])
        for o, n, score in pairs:
            m.docs[o], m.doc_scores[o] = n, score
    for o_doc, n_doc in m.docs.items():
        olds, news = _members(old.graph, o_doc), _members(new.graph, n_doc)
        for local in sorted(olds.keys() & news.keys()):
            if old.graph.nodes[olds[local]]["type"] == new.graph.nodes[news[local]]["type"]:
                m.nodes[olds[local]] = news[local]
        left_o = [n for n in olds.values() if n not in m.nodes]
        taken = set(m.nodes.values())
        left_n = [n for n in news.values() if n not in taken]
        families = sorted({_family(old.graph, n) for n in left_o}, key=lambda f: (f[0], f[1] or ""))
        for fam in families:
            pairs = _match_titles(
                [(n, old.graph.nodes[n].get("title") or "") for n in left_o if _family(old.graph, n) == fam],
                [(n, new.graph.nodes[n].get("title") or "") for n in left_n if _family(new.graph, n) == fam])
            for o, n, score in pairs:
                m.nodes[o], m.scores[o] = n, score
    return m


def _resolved_document(g: "nx.MultiDiGraph", doc: str, rel: str) -> str | None:
    if doc not in g:
        return None
    return next((v for _, v, d in g.out_edges(doc, data=True) if d.get("rel") == rel), None)


# --- facts and field changes ---------------------------------------------------------------------------

def _facts(g: "nx.MultiDiGraph", node: str) -> dict[str, Any]:
    """What is compared of a node: its attributes and its outgoing links (target, extras …)."""
    data = g.nodes[node]
    kind = data["type"] if data["type"] in _ATTRIBUTES else "document"
    facts: dict[str, Any] = {}
    for name in _ATTRIBUTES[kind]:
        if name in ("baseline", "target"):
            year, value = data.get(f"{name}_year"), data.get(f"{name}_value")
            facts[name] = None if year is None and value is None else (year, value)
        elif name == "extension":
            facts[name] = data.get("effective_period") if data.get("extended") else None
        else:
            value = data.get(name)
            facts[name] = tuple(value) if isinstance(value, list) else value
    links: dict[str, list[tuple[Any, ...]]] = {}
    for _, target, edge in g.out_edges(node, data=True):
        rel = edge.get("rel", "")
        link = LINK_FIELDS.get(rel)
        if link is None or (rel == "part_of" and target == data.get("doc")):
            continue
        links.setdefault(link, []).append((target, *(edge.get(x) for x in _LINK_EXTRAS.get(rel, ()))))
    for name in LINK_FIELDS.values():
        facts[name] = tuple(sorted(links.get(name, ()), key=lambda t: tuple(str(x) for x in t)))
    return facts


def _map_links(facts: dict[str, Any], m: _Matches) -> dict[str, Any]:
    mapped = dict(facts)
    for name in LINK_FIELDS.values():
        mapped[name] = tuple(sorted(((m.map(t[0]), *t[1:]) for t in facts[name]),
                                    key=lambda t: tuple(str(x) for x in t)))
    return mapped


def _label_word(key: str, lang: str) -> str:
    from checker.labels import LABELS

    ja, en = LABELS.get(key, (key, key))
    return ja if lang == "ja" else en


def _link_text(item: tuple[Any, ...], name: str, g: "nx.MultiDiGraph", home: str, lang: str) -> str:
    target = str(item[0])
    shown = target.partition("#")[2] if target.startswith(home + "#") else target
    title = g.nodes[target].get("title") if target in g else None
    text = shown if not title or title == shown else (f"{shown}「{title}」" if lang == "ja" else f"{shown} '{title}'")
    extras = [x for x in item[1:] if x]
    if name == "continues" and item[1:]:
        how = _label_word(str(item[1]), lang) if item[1] else ""
        reason = item[2] if len(item) > 2 else None
        detail = how + (f": {reason}" if reason else "")
        return f"{text}（{detail}）" if lang == "ja" else f"{text} ({detail})"
    if extras:
        return f"{text}（{'、'.join(map(str, extras))}）" if lang == "ja" else f"{text} ({'; '.join(map(str, extras))})"
    return text


def _shown(name: str, value: Any, g: "nx.MultiDiGraph", home: str, lang: str) -> str:
    from checker.engine import show

    if value is None or value == ():
        return "—"
    if value == "":
        return "（空）" if lang == "ja" else "(empty)"
    if name in ("baseline", "target"):
        year, number = value
        return " ".join(show(x, lang) for x in (year, number) if x is not None)
    if name in LINK_FIELDS.values():
        return ("、" if lang == "ja" else "; ").join(_link_text(t, name, g, home, lang) for t in value)
    if name in ("kind", "direction", "basis"):
        return _label_word(str(value), lang) if isinstance(value, str) else show(value, lang)
    return show(value, lang)


def _plain(name: str, value: Any) -> Any:
    from checker.engine import plain

    if name in ("baseline", "target") and value is not None:
        return {"year": plain(value[0]), "value": plain(value[1])}
    if name in LINK_FIELDS.values():
        keys = ("id",) + _LINK_EXTRAS.get(next(r for r, f in LINK_FIELDS.items() if f == name), ())
        return [dict(zip(keys, t)) if len(keys) > 1 else t[0] for t in value]
    return plain(value)


def _comparable(value: Any) -> Any:
    """Text as compared: NFKC, so full-width and half-width forms of the same wording
    (（例示） / (例示), ／ and /) are no change; a value in a table cell and in YAML alike."""
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value).strip()
    if isinstance(value, tuple):
        return tuple(_comparable(v) for v in value)
    return value


def _field_changes(old: _Side, new: _Side, o: str, n: str, m: _Matches) -> tuple[FieldChange, ...]:
    of, nf = _facts(old.graph, o), _facts(new.graph, n)
    mapped = {k: _comparable(v) for k, v in _map_links(of, m).items()}
    o_home, n_home = old.graph.nodes[o].get("doc") or o, new.graph.nodes[n].get("doc") or n
    changes = []
    if (o.partition("#")[2] or o) != (n.partition("#")[2] or n):  # not when only its document was renamed
        changes.append(FieldChange("id", o, n, {"ja": o, "en": o}, {"ja": n, "en": n}))
    for name in nf:
        if mapped[name] == _comparable(nf[name]):
            continue
        changes.append(FieldChange(
            name, _plain(name, of[name]), _plain(name, nf[name]),
            {lang: _shown(name, of[name], old.graph, o_home, lang) for lang in ("ja", "en")},
            {lang: _shown(name, nf[name], new.graph, n_home, lang) for lang in ("ja", "en")}))
    return tuple(changes)


def _entity(g: "nx.MultiDiGraph", node: str, change: ChangeKind, **more: Any) -> EntityChange:
    data = g.nodes[node]
    type_ = data["type"]
    return EntityChange(change=change, type=type_, id=node, document=data.get("doc") or node,
                        title=data.get("title") or node, kind=data.get("kind") if type_ == "indicator" else None, **more)


def _entity_changes(old: _Side, new: _Side, m: _Matches) -> list[EntityChange]:
    out: list[EntityChange] = []
    for o_doc, n_doc in m.docs.items():
        fields = _field_changes(old, new, o_doc, n_doc, m)
        if fields:
            out.append(_entity(new.graph, n_doc, "changed", old_id=o_doc if o_doc != n_doc else None,
                               old_title=old.graph.nodes[o_doc].get("title"), score=m.doc_scores.get(o_doc),
                               fields=fields))
        olds, news = _members(old.graph, o_doc), _members(new.graph, n_doc)
        matched_new = set()
        for o in olds.values():
            n = m.nodes.get(o)
            if n is None:
                out.append(_entity(old.graph, o, "removed"))
                continue
            matched_new.add(n)
            fields = _field_changes(old, new, o, n, m)
            if fields:
                out.append(_entity(new.graph, n, "changed", old_id=o if o != n else None,
                                   old_title=old.graph.nodes[o].get("title"), score=m.scores.get(o), fields=fields))
        out += [_entity(new.graph, n, "added") for n in news.values() if n not in matched_new]
    for doc in sorted(new.own.keys() - set(m.docs.values())):
        out.append(_entity(new.graph, doc, "added"))
    for doc in sorted(old.own.keys() - m.docs.keys()):
        out.append(_entity(old.graph, doc, "removed"))
    rank = {"added": 0, "removed": 1, "changed": 2}
    return sorted(out, key=lambda e: (rank[e.change], e.document, 0 if e.is_document else _TYPE_RANK[e.type],
                                      _natural(e.id)))


# --- periods ---------------------------------------------------------------------------------------------

def _in(g: "nx.MultiDiGraph", node: str, rel: str, from_doc: str) -> list[tuple[str, dict[str, Any]]]:
    return sorted(((u, d) for u, _, d in g.in_edges(node, data=True)
                   if d.get("rel") == rel and g.nodes[u].get("doc") == from_doc), key=lambda x: _natural(x[0]))


def _out(g: "nx.MultiDiGraph", node: str, rel: str) -> list[tuple[str, dict[str, Any]]]:
    return [(v, d) for _, v, d in g.out_edges(node, data=True) if d.get("rel") == rel]


def _goal_of(g: "nx.MultiDiGraph", node: str) -> str | None:
    """The basic goal an indicator measures, through its measure or project."""
    seen: set[str] = set()
    todo = [v for v, _ in _out(g, node, "measures")]
    while todo:
        n = todo.pop(0)
        if n in seen:
            continue
        seen.add(n)
        if g.nodes[n].get("type") == "basic_goal":
            return n
        todo += [v for v, _ in _out(g, n, "part_of")]
    return None


def _nodes_of(g: "nx.MultiDiGraph", doc: str, type_: str) -> list[str]:
    def order(n: str) -> tuple[Any, ...]:
        path = g.nodes[n].get("path") or ()
        return tuple((0, p) if isinstance(p, int) else (1, str(p)) for p in path) + ((2, n),)

    return sorted((n for n in _doc_nodes(g, doc) if g.nodes[n].get("type") == type_), key=order)


def _dispose(g: "nx.MultiDiGraph", item: str, new_doc: str, goal_like: bool) -> Disposition:
    data = g.nodes[item]
    successors = _in(g, item, "continues", new_doc)
    retired = _in(g, item, "retires", new_doc)
    reason: str | None = None
    if successors:
        how = next((str(d["as"]) for _, d in successors if d.get("as")), None)
        status = (how or "continued") if goal_like else "carried"
        reason = next((str(d["reason"]) for _, d in successors if d.get("reason")), None)
    elif retired:
        status, reason = "retired", next((str(d["reason"]) for _, d in retired if d.get("reason")), None)
    else:
        status = "none" if goal_like else "dropped"
    kind = data.get("kind") if data.get("type") == "indicator" else None
    return Disposition(item=item, type=data["type"], title=data.get("title") or item, status=status,
                       successors=tuple(u for u, _ in successors),
                       successor_titles=tuple(g.nodes[u].get("title") or u for u, _ in successors),
                       reason=reason, goal=_goal_of(g, item) if data["type"] == "indicator" else None, kind=kind)


def _new_items(g: "nx.MultiDiGraph", doc: str, type_: str) -> tuple[Disposition, ...]:
    out = []
    for n in _nodes_of(g, doc, type_):
        if not _out(g, n, "continues"):
            data = g.nodes[n]
            out.append(Disposition(item=n, type=type_, title=data.get("title") or n, status="new",
                                   goal=_goal_of(g, n) if type_ == "indicator" else None,
                                   kind=data.get("kind") if type_ == "indicator" else None))
    return tuple(out)


def _succession(g: "nx.MultiDiGraph", old_doc: str, new_doc: str) -> Succession:
    goals = [_dispose(g, n, new_doc, True) for n in _nodes_of(g, old_doc, "basic_goal")]
    goal_rank = {n: i for i, n in enumerate(_nodes_of(g, old_doc, "basic_goal"))}
    indicators = [_dispose(g, n, new_doc, False) for n in _nodes_of(g, old_doc, "indicator")]
    indicators.sort(key=lambda d: goal_rank.get(d.goal or "", len(goal_rank)))  # stable: plan order inside a goal
    new_goal_rank = {n: i for i, n in enumerate(_nodes_of(g, new_doc, "basic_goal"))}
    new_indicators = sorted(_new_items(g, new_doc, "indicator"),
                            key=lambda d: new_goal_rank.get(d.goal or "", len(new_goal_rank)))
    return Succession(
        old_document=old_doc, new_document=new_doc,
        old_title=g.nodes[old_doc].get("title") or old_doc, new_title=g.nodes[new_doc].get("title") or new_doc,
        goals=tuple(goals), new_goals=_new_items(g, new_doc, "basic_goal"),
        indicators=tuple(indicators), new_indicators=tuple(new_indicators),
        grants=tuple(_dispose(g, n, new_doc, False) for n in _nodes_of(g, old_doc, "grant")),
        new_grants=_new_items(g, new_doc, "grant"),
    )


# --- violations ------------------------------------------------------------------------------------------

def _compare_violations(old: _Side, new: _Side, corr: Callable[[str], str]
                        ) -> tuple[list[Violation], list[Violation], list[Violation]]:
    def key_old(v: Violation) -> str:
        if v.family == "input":
            return fingerprint(dataclasses.replace(v, subject=_under(v.subject, old.roots)))
        return fingerprint(dataclasses.replace(v, subject=corr(v.subject), related=tuple(corr(r) for r in v.related)))

    def key_new(v: Violation) -> str:
        return fingerprint(dataclasses.replace(v, subject=_under(v.subject, new.roots))) if v.family == "input" \
            else fingerprint(v)

    waiting: dict[str, list[Violation]] = {}
    for v in old.violations:
        waiting.setdefault(key_old(v), []).append(v)
    introduced, unchanged = [], []
    for v in new.violations:
        match = waiting.get(key_new(v))
        if match:
            match.pop(0)
            unchanged.append(_relabelled(v, new.relabel))
        else:
            introduced.append(_relabelled(v, new.relabel))
    resolved = [_relabelled(v, old.relabel) for vs in waiting.values() for v in vs]
    return (sorted(introduced, key=Violation.sort_key), sorted(resolved, key=Violation.sort_key),
            sorted(unchanged, key=Violation.sort_key))


# --- the two entry points ----------------------------------------------------------------------------------

def _options(rules: Sequence["Rule"] | None, as_of: dt.date | None, include_reference: bool,
             limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    return {"rules": rules, "as_of": as_of or dt.date.today(), "include_reference": include_reference,
            "limits": limits}


def _diff(old_paths: Sequence[Path], new_paths: Sequence[Path], old_label: str, new_label: str,
          options: dict[str, Any], old_relabel: Relabel = _same, new_relabel: Relabel = _same) -> PlanDiff:
    from checker import api

    if options.get("rules") is None:
        options = {**options, "rules": api.rules_for()}
    old = _load(old_label, old_paths, (), options, old_relabel)
    new = _load(new_label, new_paths, (), options, new_relabel)
    # A predecessor only the old version holds: read it with the new version, so the new
    # strategy's continues/retired references resolve (it is context there, not compared).
    missing = [p for p in new.predecessors().values() if p in old.own and p not in new.graph]
    extra = [old.sources[old.own[p].file] for p in dict.fromkeys(missing) if old.own[p].file in old.sources]
    if extra:
        new = _load(new_label, new_paths, extra, options, new_relabel)
    m = _match(old, new)
    successions = [_succession(new.graph, p, s) for p, s in m.successions if p in new.graph]
    # Across periods, violations follow the items that continue: the predecessor's problem that
    # persists in the successor is "unchanged", not resolved-and-introduced.
    carried: dict[str, str] = {}
    for s in successions:
        carried[s.old_document] = s.new_document
        for d in s.goals + s.indicators + s.grants:
            if d.successors:
                carried[d.item] = d.successors[0]

    def corr(node: str) -> str:
        return carried.get(node) or m.map(node)

    introduced, resolved, unchanged = _compare_violations(old, new, corr)
    return PlanDiff(
        old=old_label, new=new_label, as_of=options["as_of"].isoformat(), version=new.report.version,
        entities=tuple(_entity_changes(old, new, m)), successions=tuple(successions),
        introduced=tuple(introduced), resolved=tuple(resolved), unchanged=tuple(unchanged),
        old_files=tuple(old.relabel(f) for f in old.files), new_files=tuple(new.relabel(f) for f in new.files),
        old_context=tuple(old.relabel(f) for f in old.context), new_context=tuple(new.relabel(f) for f in new.context),
    )


def diff_paths(old: Sequence[Path], new: Sequence[Path], *, rules: Sequence["Rule"] | None = None,
               as_of: dt.date | None = None, include_reference: bool = True,
               limits: Limits = DEFAULT_LIMITS) -> PlanDiff:
    """Compare two versions of a plan set: files or folders (OLD) against files or folders (NEW)."""
    from checker.load.documents import display_path

    return _diff(list(old), list(new), " ".join(display_path(p) for p in old), " ".join(display_path(p) for p in new),
                 _options(rules, as_of, include_reference, limits))


# --- git ---------------------------------------------------------------------------------------------------

_GIT_ENV = {"GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"}


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(cwd), *args], input=stdin, capture_output=True, check=False,
                              env={**os.environ, **_GIT_ENV})
    except FileNotFoundError:
        raise ReviewError("git が見つかりません。git をインストールしてください",
                          "git is not installed; install git to use --git") from None


def _revision(top: Path, rev: str) -> str:
    if rev.startswith("-") or not rev.strip():
        raise ReviewError(f"リビジョン {rev!r} は使えません", f"invalid revision {rev!r}")
    found = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    if found.returncode != 0:
        raise ReviewError(f"リビジョン {rev!r} がリポジトリにありません（git log で確認してください）",
                          f"unknown revision {rev!r} (see git log)")
    return found.stdout.decode().strip()


def _export(top: Path, sha: str, rel: str, dest: Path, max_bytes: int) -> None:
    """The tree of `rel` at commit `sha`, written under dest (same relative paths). Read-only on
    the repository: ls-tree and cat-file. Blobs stream from git to disk one by one, so memory
    stays small whatever the repository holds; a blob over the file-size limit is not read at
    all — it is written as a sparse file of its size, so the check reports it as too large."""
    listing = _git(top, "ls-tree", "-r", "-z", "-l", "--full-tree", sha, *(["--", rel] if rel not in ("", ".") else []))
    if listing.returncode != 0:
        raise ReviewError(f"{sha[:12]} の内容を読めません: {listing.stderr.decode(errors='replace').strip()}",
                          f"cannot list {sha[:12]}: {listing.stderr.decode(errors='replace').strip()}")
    root = dest.resolve()
    dest.mkdir(parents=True, exist_ok=True)
    wanted: list[tuple[str, Path]] = []
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, raw_name = record.partition(b"\t")
        mode, type_, obj, size = meta.decode().split()
        name = os.fsdecode(raw_name)
        if type_ != "blob" or mode not in ("100644", "100755"):
            continue  # symlinks, submodules
        target = (dest / name).resolve()
        if PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts or root not in target.parents:
            continue
        if not size.isdigit():  # ls-tree -l cannot size an object it does not have
            raise _missing(obj)
        target.parent.mkdir(parents=True, exist_ok=True)
        if int(size) > max_bytes:
            with target.open("wb") as handle:
                handle.truncate(int(size))  # sparse: no disk used, nothing read
        else:
            wanted.append((obj, target))
    if wanted:
        _cat_files(top, wanted)


def _cat_files(top: Path, wanted: list[tuple[str, Path]]) -> None:
    """Each object's content into its file, streamed through one `git cat-file --batch`."""
    import threading

    try:
        proc = subprocess.Popen(["git", "-C", str(top), "cat-file", "--batch"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, **_GIT_ENV})
    except FileNotFoundError:
        raise ReviewError("git が見つかりません。git をインストールしてください",
                          "git is not installed; install git to use --git") from None
    assert proc.stdin is not None and proc.stdout is not None
    stdin, stdout = proc.stdin, proc.stdout

    def ask() -> None:  # in a thread: git answers while the questions are still being written
        try:
            stdin.write("".join(f"{obj}\n" for obj, _ in wanted).encode())
            stdin.close()
        except OSError:
            pass

    writer = threading.Thread(target=ask, daemon=True)
    writer.start()
    try:
        for obj, target in wanted:
            header = stdout.readline().decode(errors="replace").split()
            if len(header) != 3 or not header[2].isdigit():
                raise _missing(obj)
            left = int(header[2])
            with target.open("wb") as handle:
                while left:
                    chunk = stdout.read(min(left, 1 << 20))
                    if not chunk:
                        raise ReviewError("git cat-file の出力が途中で終わりました", "git cat-file ended early")
                    handle.write(chunk)
                    left -= len(chunk)
            stdout.read(1)  # the newline after each object
    finally:
        proc.kill()
        proc.wait()
        writer.join()


def _missing(obj: str) -> ReviewError:
    return ReviewError(f"リポジトリにオブジェクト {obj[:12]} がありません（浅いクローンか破損の可能性）",
                       f"object {obj[:12]} is missing from the repository (a shallow clone, or corrupt)")


def _regular_only(folder: str, names: list[str]) -> set[str]:
    """copytree's ignore: what is neither a folder, a regular file nor a link (FIFOs, sockets,
    devices in a working tree cannot be copied, and are no plan files) and the .git folder."""
    ignored = {".git"} & set(names)
    for name in names:
        try:
            mode = os.lstat(os.path.join(folder, name)).st_mode
        except OSError:
            ignored.add(name)
            continue
        if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
            ignored.add(name)
    return ignored


def diff_git(folder: Path, rev_range: str, *, rules: Sequence["Rule"] | None = None, as_of: dt.date | None = None,
             include_reference: bool = True, limits: Limits = DEFAULT_LIMITS) -> PlanDiff:
    """Compare two git revisions of a folder (or file): "REV1..REV2", REV2 empty for the working
    tree. Paths in the result are relative to the repository."""
    from checker.load.documents import display_path

    rev1, sep, rev2 = rev_range.partition("..")
    if not sep or not rev1 or rev2.startswith("."):
        raise ReviewError(f"範囲 {rev_range!r} は REV1..REV2 の形で指定してください（REV2 を省くと作業ツリー）",
                          f"give the range as REV1..REV2 (REV2 empty: the working tree), not {rev_range!r}")
    where = folder if folder.is_dir() else folder.parent
    found = _git(where, "rev-parse", "--show-toplevel")
    if found.returncode != 0:
        raise ReviewError(f"{folder} は git リポジトリの中にありません", f"{folder} is not inside a git repository")
    top = Path(found.stdout.decode().strip()).resolve()
    try:
        rel = folder.resolve().relative_to(top).as_posix()
    except ValueError:
        raise ReviewError(f"{folder} はリポジトリ {top} の外にあります", f"{folder} is outside the repository {top}") from None
    exported = rel if folder.is_dir() else PurePosixPath(rel).parent.as_posix()  # a file: with its folder
    sha1 = _revision(top, rev1)
    sha2 = _revision(top, rev2) if rev2 else None
    with tempfile.TemporaryDirectory(prefix="plancheck-diff-") as tmp:
        old_root, new_root = Path(tmp) / "old", Path(tmp) / "new"
        _export(top, sha1, exported, old_root, limits.file_bytes)
        if sha2 is not None:
            _export(top, sha2, exported, new_root, limits.file_bytes)
        else:  # the working tree, copied so that what is read is exactly what is shown
            source = top / exported if exported != "." else top
            shutil.copytree(source, new_root / exported if exported != "." else new_root, dirs_exist_ok=True,
                            ignore=_regular_only, symlinks=True)
        empty = Path(tmp) / "empty"
        empty.mkdir()
        old_path, new_path = old_root / rel, new_root / rel
        if not old_path.exists():  # not there yet at REV1 (or gone at REV2): an empty version
            old_path = empty
        if not new_path.exists():
            new_path = empty
        shown = rel if rel != "." else "."
        return _diff([old_path], [new_path], f"{rev1}:{shown}", f"{rev2}:{shown}" if rev2 else f"{shown} (working tree)",
                     _options(rules, as_of, include_reference, limits),
                     _strip(display_path(old_root)), _strip(display_path(new_root)))


def _strip(prefix: str) -> Relabel:
    """Shown paths under an export directory → paths relative to the repository."""
    def relabel(path: str) -> str:
        if path.startswith(prefix + "/"):
            return path[len(prefix) + 1:]
        return path

    return relabel
