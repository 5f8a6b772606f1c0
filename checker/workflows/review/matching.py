"""Which document and entity of the old version is which of the new: by id, then what is left over on
both sides by title similarity (difflib on `normalise_title`, same document, same node type and
indicator kind, score ≥ THRESHOLD), each such match carrying its score; and which new strategy
succeeds which old one."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

from checker.graph import normalise_title
from checker.graph_index import GraphIndex
from checker.workflows.review.records import TYPE_RANK
from checker.workflows.review.sides import Side

if TYPE_CHECKING:
    import networkx as nx

THRESHOLD = 0.6  # title similarity needed to match items whose ids changed


def natural(text: str) -> tuple[Any, ...]:
    """A sort key that puts G2 before G10."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


def similarity(a: str, b: str) -> float:
    """Title similarity, 0–1: difflib's ratio of the normalised titles (NFKC, no spaces or brackets)."""
    return difflib.SequenceMatcher(None, normalise_title(a), normalise_title(b), autojunk=False).ratio()


def _match_titles(old: Sequence[tuple[str, str]], new: Sequence[tuple[str, str]]) -> list[tuple[str, str, float]]:
    """Greedy best-first matching of (id, title) pairs whose similarity reaches THRESHOLD."""
    scored = sorted(((similarity(ot, nt) if normalise_title(ot) and normalise_title(nt) else 0.0, o, n)
                     for o, ot in old for n, nt in new),
                    key=lambda s: (-s[0], natural(s[1]), natural(s[2])))
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


def doc_nodes(g: "nx.MultiDiGraph", doc: str) -> list[str]:
    """The nodes of one document (the graph's index)."""
    return GraphIndex.of(g).of_document(doc)


def members(g: "nx.MultiDiGraph", doc: str) -> dict[str, str]:
    """Compared entities of a document: local id → node id."""
    return {node.partition("#")[2]: node for node in doc_nodes(g, doc)
            if node != doc and g.nodes[node].get("type") in TYPE_RANK}


@dataclass
class Matches:
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


def match(old: Side, new: Side) -> Matches:
    """Documents by id, then new strategies to the predecessors they succeed, then the other
    documents by title; inside each pair of documents, entities by local id, then by title."""
    m = Matches()
    for doc in sorted(old.own.keys() & new.own.keys()):
        m.docs[doc] = doc
    preds = new.predecessors()
    for doc in sorted(new.own.keys() - old.own.keys()):
        pred = _resolved_document(new.graph, doc, "succeeds") or preds.get(doc)
        if pred in old.own:
            m.successions.append((pred, doc))
    _match_documents(old, new, m)
    for o_doc, n_doc in m.docs.items():
        _match_entities(old, new, o_doc, n_doc, m)
    return m


def _match_documents(old: Side, new: Side, m: Matches) -> None:
    in_succession = {p for p, _ in m.successions} | {s for _, s in m.successions}
    left_old = [d for d in sorted(old.own.keys() - m.docs.keys()) if d not in in_succession]
    left_new = [d for d in sorted(new.own.keys() - set(m.docs.values())) if d not in in_succession]
    kinds = sorted({old.own[d].kind for d in left_old} & {new.own[d].kind for d in left_new})
    for kind in kinds:
        pairs = _match_titles([(d, old.own[d].title) for d in left_old if old.own[d].kind == kind],
                              [(d, new.own[d].title) for d in left_new if new.own[d].kind == kind])
        for o, n, score in pairs:
            m.docs[o], m.doc_scores[o] = n, score


def _match_entities(old: Side, new: Side, o_doc: str, n_doc: str, m: Matches) -> None:
    olds, news = members(old.graph, o_doc), members(new.graph, n_doc)
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


def _resolved_document(g: "nx.MultiDiGraph", doc: str, rel: str) -> str | None:
    if doc not in g:
        return None
    return next((v for v, _ in GraphIndex.of(g).edges(doc, rel)), None)
