"""Municipalities are told apart by (prefecture, municipality), never by name alone: 府中市 lies in
東京都 and in 広島県, 伊達市 in 北海道 and in 福島県. A batch check of both keeps them apart — in its
partitions (checker.batch), in the population figures it compares (POP-001: `owner_prefecture`
on the graph's nodes) and in the counts per municipality of every report (Report.by_municipality).

A municipal strategy states its prefecture; a population vision, a comprehensive plan or a
地域再生計画 may not. Such a document belongs to the prefecture of the documents of the same
municipality that it refers to or that refer to it (a strategy's `vision:`, a regional plan's
`implements:`), else to the one prefecture the documents of that municipality name. When neither
tells (two 府中市 are checked and the vision names none and is named by none) its prefecture is
"" — a municipality of its own, never merged into either.

Plain functions of the documents' models: the batch, the graph builder and the report
description all use `prefectures()`, so a document gets the same key everywhere. A document's
references are read as the graph builder reads them (Document.referenced_ids, from checker.references)."""

from __future__ import annotations

from typing import Any, Iterable, Sequence

from checker.model import document_level

Key = tuple[str, str]  # (prefecture, municipality); prefecture "" when it cannot be told

__all__ = ["Key", "prefectures", "resolve"]


def resolve(members: Sequence[tuple[str, str, str, Iterable[str]]]) -> list[str]:
    """The prefecture of each municipal document, given each one's (id, municipality, prefecture
    as stated or "", referenced document ids): its own; else the one stated by the documents of
    the same municipality linked to it by references (either way, transitively); else the one
    the documents of that municipality state, when they state exactly one; else ""."""
    from networkx.utils import UnionFind  # with the graph builder, which calls this: not with the rules

    sets = UnionFind(range(len(members)))
    first: dict[str, int] = {}
    for i, (doc_id, _, _, _) in enumerate(members):
        if doc_id in first and members[first[doc_id]][1] == members[i][1]:
            sets.union(i, first[doc_id])  # a second file of one id: one document
        first.setdefault(doc_id, i)
    for i, (_, name, _, refs) in enumerate(members):
        for ref in refs:
            j = first.get(ref)
            if j is not None and members[j][1] == name:
                sets.union(i, j)
    linked: dict[int, set[str]] = {}
    named: dict[str, set[str]] = {}
    for i, (_, name, prefecture, _) in enumerate(members):
        if prefecture:
            linked.setdefault(sets[i], set()).add(prefecture)
            named.setdefault(name, set()).add(prefecture)
    found = []
    for i, (_, name, prefecture, _) in enumerate(members):
        if prefecture:
            found.append(prefecture)
            continue
        candidates = linked.get(sets[i]) or named.get(name, set())
        found.append(next(iter(candidates)) if len(candidates) == 1 else "")
    return found


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def prefectures(models: Iterable[Any]) -> dict[str, str]:
    """Document id → the prefecture of its owner: a municipal document's as `resolve` tells it,
    a prefectural document's own, "" for national ones. (For a document id given twice, the
    first model's.)"""
    models = list(models)
    municipal = [m for m in models if document_level(m) == "municipal"]
    found = resolve([(m.id, _text(getattr(m, "municipality", None)), _text(getattr(m, "prefecture", None)),
                      m.referenced_ids) for m in municipal])
    result: dict[str, str] = {}
    for m in models:
        result.setdefault(m.id, _text(getattr(m, "prefecture", None)))
    done: set[str] = set()
    for m, prefecture in zip(municipal, found):
        if m.id not in done:
            result[m.id] = prefecture
            done.add(m.id)
    return result
