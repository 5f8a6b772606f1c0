"""Documents and entities added, removed and changed — field by field: attributes (title, period,
dates, baseline/target, unit …) and links (considers, continues, part_of, measures, funds,
merges_into …), the links' targets taken in the new version's terms (renamed ids are no change)."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

from checker.engine import plain
from checker.graph_index import GraphIndex
from checker.workflows.review.matching import Matches, members, natural
from checker.workflows.review.records import TYPE_RANK, ChangeKind, EntityChange, FieldChange, Link
from checker.workflows.review.sides import Side

if TYPE_CHECKING:
    import networkx as nx

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
    index = GraphIndex.of(g)
    for rel, link in LINK_FIELDS.items():
        for target, edge in index.edges(node, rel):
            if not (rel == "part_of" and target == data.get("doc")):
                links.setdefault(link, []).append((target, *(edge.get(x) for x in _LINK_EXTRAS.get(rel, ()))))
    for name in LINK_FIELDS.values():
        facts[name] = tuple(sorted(links.get(name, ()), key=lambda t: tuple(str(x) for x in t)))
    return facts


def _map_links(facts: dict[str, Any], m: Matches) -> dict[str, Any]:
    mapped = dict(facts)
    for name in LINK_FIELDS.values():
        mapped[name] = tuple(sorted(((m.map(t[0]), *t[1:]) for t in facts[name]),
                                    key=lambda t: tuple(str(x) for x in t)))
    return mapped


def _plain(name: str, value: Any) -> Any:
    """A compared value as JSON-ready data: links as ids, or {id, as, reason}."""
    if name in ("baseline", "target") and value is not None:
        return {"year": plain(value[0]), "value": plain(value[1])}
    if name in LINK_FIELDS.values():
        keys = ("id",) + _LINK_EXTRAS.get(next(r for r, f in LINK_FIELDS.items() if f == name), ())
        return [dict(zip(keys, t)) if len(keys) > 1 else t[0] for t in value]
    return plain(value)


def _shown(name: str, value: Any, g: "nx.MultiDiGraph", home: str) -> Any:
    """A compared value as a reader is shown it: the value itself; the targets of a link field as
    Links, with their titles and whether they lie in `home`, the document of the linking item."""
    if name not in LINK_FIELDS.values():
        return value
    links = []
    for target, *extras in value:
        target = str(target)
        title = g.nodes[target].get("title") if target in g else None
        links.append(Link(target, title, target.startswith(home + "#"), tuple(extras)))
    return tuple(links)


def _comparable(value: Any) -> Any:
    """Text as compared: NFKC, so full-width and half-width forms of the same wording
    (（例示） / (例示), ／ and /) are no change; a value in a table cell and in YAML alike."""
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value).strip()
    if isinstance(value, tuple):
        return tuple(_comparable(v) for v in value)
    return value


def _field_changes(old: Side, new: Side, o: str, n: str, m: Matches) -> tuple[FieldChange, ...]:
    of, nf = _facts(old.graph, o), _facts(new.graph, n)
    mapped = {k: _comparable(v) for k, v in _map_links(of, m).items()}
    o_home, n_home = old.graph.nodes[o].get("doc") or o, new.graph.nodes[n].get("doc") or n
    changes = []
    if (o.partition("#")[2] or o) != (n.partition("#")[2] or n):  # not when only its document was renamed
        changes.append(FieldChange("id", o, n, o, n))
    for name in nf:
        if mapped[name] == _comparable(nf[name]):
            continue
        changes.append(FieldChange(name, _plain(name, of[name]), _plain(name, nf[name]),
                                   _shown(name, of[name], old.graph, o_home),
                                   _shown(name, nf[name], new.graph, n_home)))
    return tuple(changes)


def _entity(g: "nx.MultiDiGraph", node: str, change: ChangeKind, **more: Any) -> EntityChange:
    data = g.nodes[node]
    type_ = data["type"]
    return EntityChange(change=change, type=type_, id=node, document=data.get("doc") or node,
                        title=data.get("title") or node, kind=data.get("kind") if type_ == "indicator" else None,
                        **more)


def entity_changes(old: Side, new: Side, m: Matches) -> list[EntityChange]:
    """Every document and entity added, removed or changed (with its field changes), in report
    order: added, removed, changed; by document, the document first, then by entity type and id."""
    out: list[EntityChange] = []
    for o_doc, n_doc in m.docs.items():
        out += _document_changes(old, new, o_doc, n_doc, m)
    for doc in sorted(new.own.keys() - set(m.docs.values())):
        out.append(_entity(new.graph, doc, "added"))
    for doc in sorted(old.own.keys() - m.docs.keys()):
        out.append(_entity(old.graph, doc, "removed"))
    rank = {"added": 0, "removed": 1, "changed": 2}
    return sorted(out, key=lambda e: (rank[e.change], e.document, 0 if e.is_document else TYPE_RANK[e.type],
                                      natural(e.id)))


def _document_changes(old: Side, new: Side, o_doc: str, n_doc: str, m: Matches) -> list[EntityChange]:
    """A document matched in both versions: its own changes and its entities'."""
    out: list[EntityChange] = []
    fields = _field_changes(old, new, o_doc, n_doc, m)
    if fields:
        out.append(_entity(new.graph, n_doc, "changed", old_id=o_doc if o_doc != n_doc else None,
                           old_title=old.graph.nodes[o_doc].get("title"), score=m.doc_scores.get(o_doc),
                           fields=fields))
    olds, news = members(old.graph, o_doc), members(new.graph, n_doc)
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
    return out
