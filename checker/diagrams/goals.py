"""The goal map: national (and cross-cutting) goals ← prefectural goals ← the city's basic goals ←
measures ← indicators and projects ← grants, one cluster per document, drawn right to left the way
a 施策体系図 reads (higher plans on the left), with the Report's violations drawn on it.

What is drawn (document None): every municipal strategy of the graph, the documents they (and
their goals) consider, the national/prefectural strategies a violation about them names (the one
in force, say), and items of other documents that such violations name. With `document=ID`: that
strategy with the same companions (or, for a comprehensive/basic plan, the strategies merging
into it). Links a rule expected but the plans lack are drawn as dashed
edges in the severity colour, labelled with the rule id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx

from checker.diagrams._common import (
    CONTINUES_COLOUR, FUNDS_COLOUR, MUTED, PLAIN_BORDER, SEVERITY_COLOUR, SEVERITY_TINT, WAIVED_COLOUR,
    WAIVED_TINT, FindingIndex, Findings, Lang, attrs, date_text, doc_class, dot_tooltip, h, html_label, new_digraph,
    node_name, node_style, period_ja, period_of, word,
)
from checker import eras, i18n
from checker.eras import EraStyle
from checker.fiscal import YearRef
from checker.graph_index import GraphIndex
from checker.labels import severity_label
from checker.report import Report

if TYPE_CHECKING:
    import graphviz

Depth = Literal["goals", "measures", "all"]

GOAL_TYPES = ("national_goal", "prefectural_goal", "basic_goal")
DEPTH_TYPES: dict[str, frozenset[str]] = {
    "goals": frozenset(GOAL_TYPES),
    "measures": frozenset((*GOAL_TYPES, "measure")),
    "all": frozenset((*GOAL_TYPES, "measure", "indicator", "project", "grant")),
}
MAPPED_TYPES = DEPTH_TYPES["all"]
HIGHER_DOCS = ("national_strategy", "prefectural_strategy")
# Documents that may appear as clusters of the goal map.
MAP_DOCS = frozenset((*HIGHER_DOCS, "municipal_strategy"))
# Rank (column) of each level; anchors of documents sit with their goals.
LEVEL = {"national_goal": 0, "national_strategy": 0, "prefectural_goal": 1, "prefectural_strategy": 1,
         "basic_goal": 2, "municipal_strategy": 2, "measure": 3}

FILL = {
    "national_goal": "#dde8f6", "cross_cutting": "#e9e1f5", "prefectural_goal": "#dcefdc",
    "basic_goal": "#fff3c4", "measure": "#fffbe8", "indicator": "#f2f2f2", "project": "#ffffff",
    "grant": "#efe3f6", "collapsed": "#ffffff", "anchor": "#ffffff",
}
CLUSTER_FILL = {"national_strategy": "#f6f9fd", "prefectural_strategy": "#f5fbf5", "municipal_strategy": "#fffdf4"}
CLUSTER_BORDER = {"national_strategy": "#7a9cc6", "prefectural_strategy": "#7fb07f", "municipal_strategy": "#c9a640"}
EDGE_RELS = ("part_of", "considers", "measures", "funds", "continues", "leaves_unaddressed", "retires")
# How deep a node lies, for the SVG classes the HTML report's depth switch hides (pc_k_…).
DEPTH_CLASS = {"national_goal": "goal", "prefectural_goal": "goal", "basic_goal": "goal", "measure": "measure",
               "indicator": "leaf", "project": "leaf", "grant": "leaf"}
_DEPTH_ORDER = ("anchor", "goal", "measure", "leaf")


@dataclass
class _Selection:
    """Which documents are drawn in full, and which only by the nodes violations name."""

    full: dict[str, None] = field(default_factory=dict)
    partial: dict[str, set[str]] = field(default_factory=dict)

    def docs(self) -> list[str]:
        return list(self.full) + [d for d in self.partial if d not in self.full]


def _by_doc(graph: nx.MultiDiGraph) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for n, d in graph.nodes(data=True):
        if n != d.get("doc"):
            out.setdefault(str(d.get("doc")), []).append(n)
    return out


def _considered(graph: nx.MultiDiGraph, doc: str, members: list[str]) -> list[str]:
    out: dict[str, None] = {}
    index = GraphIndex.of(graph)
    for source in (doc, *members):
        for target, _ in index.edges(source, "considers"):
            target_doc = graph.nodes[target].get("doc", target)
            if graph.nodes.get(target_doc, {}).get("type") in HIGHER_DOCS:
                out[target_doc] = None
    return list(out)


def select(graph: nx.MultiDiGraph, report: Report, document: str | None) -> _Selection:
    by_doc = _by_doc(graph)
    if document is None:
        primary = sorted(n for n, d in graph.nodes(data=True) if d.get("type") == "municipal_strategy")
        if not primary:  # reference documents only: draw the strategies themselves
            primary = sorted(n for n, d in graph.nodes(data=True) if d.get("type") in HIGHER_DOCS)
    elif graph.nodes[document].get("type") in MAP_DOCS:
        primary = [document]
    else:  # a comprehensive or basic plan: the strategies merging into it
        index = GraphIndex.of(graph)
        targets = {document, *index.neighbours(document, "part_of", "in")}
        primary = sorted({u for u, v, _ in index.relation("merges_into") if v in targets})
    sel = _Selection(full=dict.fromkeys(primary))
    # What they consider, and what the higher documents drawn consider in turn.
    frontier = list(primary)
    while frontier:
        doc = frontier.pop(0)
        for other in _considered(graph, doc, by_doc.get(doc, [])):
            if other not in sel.full:
                sel.full[other] = None
                frontier.append(other)
    # Documents and items that violations about the primary documents name.
    primary_set = set(primary)
    for v in report.violations:
        named = [n for n in (v.subject, *v.related) if n in graph]
        if not any(graph.nodes[n].get("doc") in primary_set for n in named):
            continue
        for n in named:
            data = graph.nodes[n]
            t, doc = data.get("type"), data.get("doc", n)
            if doc in sel.full:
                continue
            if t in HIGHER_DOCS or t in ("national_goal", "prefectural_goal"):
                sel.full[doc] = None
            elif t == "municipal_strategy":
                sel.partial.setdefault(doc, set())
            elif t in MAPPED_TYPES:
                sel.partial.setdefault(doc, set()).add(n)
    return sel


@dataclass
class _Collapsed:
    name: str
    measure: str
    projects: list[str]
    indicators: list[str]


class _GoalMap:
    def __init__(self, graph: nx.MultiDiGraph, report: Report, *, document: str | None, depth: Depth,
                 lang: Lang, collapse_projects_over: int, era_style: EraStyle = eras.DEFAULT_STYLE) -> None:
        self.g = graph
        self.gi = GraphIndex.of(graph)
        self.report = report
        self.lang: Lang = lang
        self.style: EraStyle = era_style
        self.depth = depth
        self.index = FindingIndex(report)
        self.sel = select(graph, report, document)
        self.by_doc = _by_doc(graph)
        self.types = DEPTH_TYPES[depth]
        self.drawn: dict[str, None] = {}  # graph node ids drawn as themselves (documents are anchors)
        self.rep: dict[str, str] = {}  # graph node id -> DOT node name it is drawn as
        self.collapsed: dict[str, _Collapsed] = {}  # measure -> its collapsed projects
        self.threshold = collapse_projects_over
        self._choose_nodes()

    # -- which nodes -----------------------------------------------------------------------------
    def _choose_nodes(self) -> None:
        for doc in self.sel.docs():
            if doc not in self.g or self.g.nodes[doc].get("type") not in MAP_DOCS:
                continue
            self.rep[doc] = node_name(doc)
            wanted = self.by_doc.get(doc, []) if doc in self.sel.full else self.sel.partial.get(doc, set())
            for n in self.by_doc.get(doc, []):
                if n in wanted and self.g.nodes[n].get("type") in self.types:
                    self.drawn[n] = None
                    self.rep[n] = node_name(n)
        if "project" in self.types:
            self._collapse()

    def _collapse(self) -> None:
        for measure in [n for n in self.drawn if self.g.nodes[n]["type"] == "measure"]:
            projects = [p for p, _ in self.gi.edges(measure, "part_of", "in")
                        if p in self.drawn and self.gi.type_of(p) == "project"]
            projects = list(dict.fromkeys(projects))
            if len(projects) <= self.threshold:
                continue
            quiet = [p for p in projects if not self.index.node(p).violations]
            if len(quiet) < 2:
                continue
            name = f"{node_name(measure)}/projects"
            quiet_set = set(quiet)
            indicators = []
            for p in quiet:
                for ind, _ in self.gi.edges(p, "measures", "in"):
                    if (ind in self.drawn and not self.index.node(ind).violations
                            and all(t in quiet_set for t in self.gi.neighbours(ind, "measures"))):
                        indicators.append(ind)
            indicators = list(dict.fromkeys(indicators))
            for n in (*quiet, *indicators):
                del self.drawn[n]
                self.rep[n] = name
            self.collapsed[measure] = _Collapsed(name, measure, quiet, indicators)

    # -- labels ----------------------------------------------------------------------------------
    def _head(self, local: str, kind: str) -> str:
        text = " · ".join(x for x in (local, kind) if x)
        return f'<FONT POINT-SIZE="8" COLOR="{MUTED}">{h(text)}</FONT><BR ALIGN="LEFT"/>'

    def _label(self, n: str) -> str:
        data = self.g.nodes[n]
        t = data["type"]
        lang = self.lang
        local = str(data.get("local") or n.rpartition("#")[2])
        if t == "national_goal" and data.get("cross_cutting"):
            kind = word("cross_cutting", lang)
        elif t == "indicator":
            kind = word(str(data.get("kind") or "indicator"), lang)
        else:
            kind = word(t, lang)
        body = self._head(local, kind)
        width = 30 if t in GOAL_TYPES else 28
        body += f'{h(data.get("title") or n, width, "LEFT")}'
        extra = self._detail(n, data)
        if extra:
            body += f'<FONT POINT-SIZE="8" COLOR="{MUTED}">{h(extra, 34, "LEFT")}</FONT>'
        badge = self.index.node(n).badge(lang)
        if badge:
            body += badge + '<BR ALIGN="LEFT"/>'
        return html_label(body)

    def _detail(self, n: str, data: dict[str, Any]) -> str:
        t = data["type"]
        if t == "indicator":  # baseline → target, e.g. "R1年度 500人 → R6年度 1,000人"
            unit = str(data.get("unit") or "")
            parts = []
            for year_key, value_key in (("baseline_year", "baseline_value"), ("target_year", "target_value")):
                value, year = data.get(value_key), data.get(year_key)
                if value is None:
                    continue
                shown = f"{value:,}" if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
                when = self._year(year)
                parts.append(f"{when} {shown}{unit}".strip())
            return " → ".join(parts)
        if t == "grant":
            programme = self._programme(n)
            period = period_ja(data.get("period"), self.lang, self.style)
            return " ".join(x for x in (programme, period) if x)
        return ""

    def _year(self, year: Any) -> str:
        """An indicator's year in the figure's style (R1年度 / 2019年度 / FY2019), whatever the plan wrote."""
        if year is None:
            return ""
        if isinstance(year, YearRef):
            return eras.year(year, self.lang, self.style)
        return i18n.shown(year, self.lang)

    def _programme(self, grant: str) -> str:
        for target, _ in self.gi.edges(grant, "under_programme"):
            return str(self.g.nodes[target].get("title") or target)
        return ""

    def _anchor_label(self, doc: str) -> str:
        data = self.g.nodes[doc]
        lang = self.lang
        lines = []
        kind = word(str(data["type"]), lang)
        owner = "" if data.get("type") == "national_strategy" else data.get("owner") or ""  # 国 says nothing more
        lines.append(f'<FONT POINT-SIZE="8" COLOR="{MUTED}">{h(" · ".join(x for x in (kind, owner) if x))}</FONT>')
        period = data.get("effective_period") or data.get("period")
        if period is not None:
            text = f"{word('period', lang)} {period_ja(period, lang, self.style)}"
            if data.get("extended"):
                text += word("extended_note", lang)
            lines.append(h(text))
        for key in ("decided", "adopted", "published"):
            if key == "adopted" and data.get("decided"):
                continue
            if data.get(key) is not None:
                lines.append(h(f"{word(key, lang)} {date_text(data[key], lang, self.style)}"))
        considered = [str(self.g.nodes[t].get("title") or t) for t, _ in self.gi.edges(doc, "considers")]
        if considered:
            text = word("considers_list", lang, titles=i18n.t("sep.list", lang).join(considered))
            lines.append(f'<FONT POINT-SIZE="8">{h(text, 44, "LEFT", end=False)}</FONT>')
        if data.get("lists") == "excerpt":
            lines.append(f'<FONT POINT-SIZE="8" COLOR="{MUTED}">{h(word("excerpt", lang))}</FONT>')
        badge = self.index.node(doc).badge(lang)
        if badge:
            lines.append(badge)
        others = self._undrawn_findings(doc)
        if others.violations:
            lines.append(f'<FONT POINT-SIZE="8" COLOR="{MUTED}">{h(word("other_findings", lang))}:</FONT> '
                         + others.badge(lang, 8))
        return html_label('<BR ALIGN="LEFT"/>'.join(lines) + '<BR ALIGN="LEFT"/>')

    def _undrawn_findings(self, doc: str) -> Findings:
        """Violations about members of this document the map does not draw (meetings, reviews …)."""
        found = []
        for v in self.index.violations:
            s = v.subject
            if s != doc and s in self.g and self.g.nodes[s].get("doc") == doc and s not in self.rep:
                found.append(v)
        return Findings(tuple(found))

    def _tooltip(self, n: str, head: str) -> str:
        return self.index.node(n).tooltip(self.lang, head)

    # -- drawing ---------------------------------------------------------------------------------
    def build(self) -> "graphviz.Digraph":
        lang = self.lang
        dot = new_digraph("goals", lang, rankdir="RL", remincross="false", nodesep="0.12",
                          ranksep="0.35", labelloc="t", labeljust="l", fontsize="16", splines="spline",
                          label=html_label(f"<B>{h(self._title())}</B>"), tooltip=dot_tooltip(self._title()))
        dot.attr("node", shape="box", style="rounded,filled", margin="0.08,0.04")
        levels: dict[int, list[str]] = {}
        # By level; within a level later periods first, which dot draws from the top.
        docs = sorted((d for d in self.sel.docs() if d in self.rep),
                      key=lambda d: (LEVEL.get(self.g.nodes[d]["type"], 9), -self._start(d), d))
        if not docs:
            dot.node("empty", label=html_label(h(word("goals_empty", lang))), shape="note", style="solid")
            return dot
        for i, doc in enumerate(docs):
            self._cluster(dot, i, doc, levels)
        self._rank(dot, levels)
        drawn_pairs = self._edges(dot)
        self._missing(dot, drawn_pairs)
        self._legend(dot)
        return dot

    def _title(self) -> str:
        municipalities = sorted({str(self.g.nodes[d].get("owner")) for d in self.sel.full
                                 if self.g.nodes.get(d, {}).get("type") == "municipal_strategy"})
        head = word("goals_title", self.lang)
        where = i18n.t("sep.names", self.lang).join(municipalities)
        when = eras.iso_date(self.report.as_of, self.lang, self.style)
        as_of = word("as_of_note", self.lang, when=when)
        return f"{head} — {where}{as_of if self.report.as_of else ''}" if where else head

    def _start(self, doc: str) -> int:
        period = period_of(self.g.nodes[doc])
        return period.start if period is not None else 0

    def _cluster(self, dot: "graphviz.Digraph", i: int, doc: str, levels: dict[int, list[str]]) -> None:
        data = self.g.nodes[doc]
        t = str(data["type"])
        lang = self.lang
        title = f"<B>{h(data.get('title') or doc, 40, 'LEFT')}</B>"
        period = period_ja(data.get("effective_period") or data.get("period"), lang, self.style)
        sub = period + (word("partial", lang) if doc not in self.sel.full else "")
        label = title + (f'<FONT POINT-SIZE="9">{h(sub)}</FONT>' if sub else "")
        members = [n for n in self.by_doc.get(doc, []) if n in self.drawn]
        with dot.subgraph(name=f"cluster_{i}") as c:
            level = "pc_muni" if t == "municipal_strategy" else "pc_higher"
            c.attr(label=html_label(label), style="rounded,filled", fillcolor=CLUSTER_FILL.get(t, "#ffffff"),
                   color=CLUSTER_BORDER.get(t, PLAIN_BORDER), labeljust="r",  # "r" is the left side in RL
                   tooltip=dot_tooltip(data.get("title") or doc), **{"class": f"pc_c {level} {doc_class(doc)}"})
            anchor = self.rep[doc]
            f = self.index.node(doc)
            c.node(anchor, label=self._anchor_label(doc), shape="note",
                   tooltip=dot_tooltip(self._tooltip(doc, f"{doc}\n{data.get('title') or ''}")),
                   **node_style(f, FILL["anchor"], base_style="filled"), **{"class": self._class(doc)})
            levels.setdefault(LEVEL.get(t, 2), []).append(anchor)
            columns: dict[int, list[str]] = {LEVEL.get(t, 2): [anchor]}
            for n in members:
                nd = self.g.nodes[n]
                nt = str(nd["type"])
                fill = FILL["cross_cutting"] if nt == "national_goal" and nd.get("cross_cutting") else FILL[nt]
                c.node(self.rep[n], label=self._label(n),
                       tooltip=dot_tooltip(self._tooltip(n, f"{n}\n{nd.get('title') or ''}")),
                       **node_style(self.index.node(n), fill), **{"class": self._class(n)})
                if nt in LEVEL:
                    columns.setdefault(LEVEL[nt], []).append(self.rep[n])
            # One column per level inside the document, in plan order (anchor, G1, G2 … from the
            # top): rank=same plus invisible flat edges, which dot keeps in order when the final
            # remincross pass is off; in RL the head of a flat edge goes above its tail.
            for column in columns.values():
                if len(column) > 1:
                    with c.subgraph() as s:
                        s.attr(rank="same")
                        for name in column:
                            s.node(name)
                        for a, b in zip(column, column[1:]):
                            s.edge(b, a, style="invis")
            for measure, group in self.collapsed.items():
                if self.g.nodes[measure].get("doc") == doc:
                    c.node(group.name, label=self._collapsed_label(group), shape="folder",
                           tooltip=dot_tooltip(self._collapsed_tooltip(group)),
                           **node_style(Findings(()), FILL["collapsed"], base_style="filled"),
                           **{"class": f"pc_n pc_k_leaf {doc_class(doc)}"})

    def _depth(self, n: str) -> str:
        data = self.g.nodes[n]
        return "anchor" if n == data.get("doc", n) else DEPTH_CLASS.get(str(data.get("type")), "leaf")

    def _class(self, n: str) -> str:
        """SVG classes of a drawn node: pc_n, its depth (pc_k_anchor|goal|measure|leaf), its document."""
        return f"pc_n pc_k_{self._depth(n)} {doc_class(self.g.nodes[n].get('doc', n))}"

    def _edge_class(self, u: str, v: str) -> str:
        """SVG classes of an edge: pc_e, the depth of its deeper end, the documents of both ends."""
        deeper = max(self._depth(u), self._depth(v), key=_DEPTH_ORDER.index)
        docs = dict.fromkeys(doc_class(self.g.nodes[x].get("doc", x)) for x in (u, v))
        return f"pc_e pc_k_{deeper} " + " ".join(docs)

    def _collapsed_label(self, group: _Collapsed) -> str:
        lang = self.lang
        measure_has_drawn = any(p in self.drawn for p, _ in self.gi.edges(group.measure, "part_of", "in")
                                if self.gi.type_of(p) == "project")
        n = len(group.projects)
        text = word("collapsed_other" if measure_has_drawn else "collapsed", lang, n=n)
        extra = word("collapsed_kpis", lang, n=len(group.indicators)) if group.indicators else ""
        return html_label(f"<B>{h(text)}</B>" + (f'<BR/><FONT POINT-SIZE="8" COLOR="{MUTED}">{h(extra)}</FONT>' if extra else ""))

    def _collapsed_tooltip(self, group: _Collapsed) -> str:
        titles = [str(self.g.nodes[p].get("title") or p) for p in group.projects]
        shown = titles[:30] + ([f"… (+{len(titles) - 30})"] if len(titles) > 30 else [])
        return "\n".join(shown)

    def _rank(self, dot: "graphviz.Digraph", levels: dict[int, list[str]]) -> None:
        """Columns across documents: every anchor of a lower level is tied to every anchor of a
        higher level by an invisible edge as long as the level difference, so national goals stay
        in the leftmost column even when nothing drawn considers them."""
        present = sorted(lv for lv in levels if levels[lv])
        for lower in present:
            for higher in present:
                if higher >= lower:
                    continue
                for a in levels[lower]:
                    for b in levels[higher]:
                        dot.edge(a, b, style="invis", minlen=str(lower - higher))

    def _edge_rel_ok(self, u: str, v: str, rel: str) -> bool:
        if rel == "part_of" and self.g.nodes[v].get("type") in MAP_DOCS:
            return False  # membership is shown by the cluster
        return True

    def _edges(self, dot: "graphviz.Digraph") -> set[frozenset[str]]:
        lang = self.lang
        seen: set[tuple[str, str, str]] = set()
        pairs: set[frozenset[str]] = set()
        for u, v, d in self.g.edges(data=True):
            rel = str(d.get("rel"))
            if rel not in EDGE_RELS or u not in self.rep or v not in self.rep or not self._edge_rel_ok(u, v, rel):
                continue
            a, b = self.rep[u], self.rep[v]
            if a == b or (a, b, rel) in seen:
                continue
            seen.add((a, b, rel))
            pairs.add(frozenset((u, v)))
            f = self.index.edge(u, v)
            e: dict[str, Any] = {"arrowsize": "0.6"}
            text = ""
            tip = ""
            if rel == "part_of":
                e.update(color="#8a8a8a")
            elif rel == "considers":
                e.update(color="#3b6fb6", fontcolor="#3b6fb6")
                text = word("considers", lang)
                if self.g.nodes[u].get("type") in MAP_DOCS:
                    # Document → document: listed on the anchor; drawn only when a finding names it.
                    if not f.violations:
                        continue
                    e.update(constraint="false")
            elif rel == "measures":
                e.update(color="#9a9a9a", arrowhead="odot")
            elif rel == "funds":
                e.update(color=FUNDS_COLOUR, penwidth="1.6")
            elif rel == "continues":
                # Goals only; indicators and grants carried over are the continuity diagram's.
                if self.g.nodes[u].get("type") != "basic_goal" and not f.violations:
                    continue
                e.update(color=CONTINUES_COLOUR, fontcolor=CONTINUES_COLOUR, constraint="false", penwidth="1.6")
                text = word(str(d.get("as") or "continued"), lang)
                tip = str(d.get("reason") or "")
            elif rel in ("leaves_unaddressed", "retires"):
                e.update(color=WAIVED_COLOUR, fontcolor=WAIVED_COLOUR, style="dotted", constraint="false")
                text = word("unaddressed" if rel == "leaves_unaddressed" else "retired", lang)
                tip = str(d.get("reason") or "")
            if f.violations:
                e.update(color=f.colour, fontcolor=f.colour, penwidth="2.5")
                if f.waived_only:
                    e["style"] = "dashed"
            label = h(text) if text else ""
            if f.violations:
                label += ("<BR/>" if label else "") + f.badge(lang)
            if label:
                e["label"] = html_label(label)
            tooltip = "\n".join(x for x in (f"{u} → {v} ({rel})", tip, f.tooltip(lang)) if x)
            e["tooltip"] = dot_tooltip(tooltip)
            e["class"] = self._edge_class(u, v)
            dot.edge(a, b, **attrs(e))
        return pairs

    def _missing(self, dot: "graphviz.Digraph", pairs: set[frozenset[str]]) -> None:
        """Dashed edges for links a rule expected and the plans lack: subject → each related node
        that is drawn but not joined to it."""
        seen: set[tuple[str, str, str]] = set()
        for v in self.index.violations:
            s = v.subject
            if s not in self.rep or (s not in self.drawn and s not in self.sel.docs()):
                continue
            for r in v.related:
                if r not in self.rep or r == s or frozenset((s, r)) in pairs:
                    continue
                a, b = self.rep[s], self.rep[r]
                if a == b or (a, b, v.rule) in seen:
                    continue
                seen.add((a, b, v.rule))
                colour = WAIVED_COLOUR if v.waived else SEVERITY_COLOUR[v.severity]
                dot.edge(a, b, style="dashed", color=colour, fontcolor=colour, penwidth="1.8", constraint="false",
                         arrowhead="empty", label=html_label(f'<FONT POINT-SIZE="9"><B>{h(v.rule)}</B></FONT>'),
                         tooltip=dot_tooltip(f"{v.rule}: {v.message.get(self.lang) or v.message.get('en', '')}"),
                         **{"class": self._edge_class(s, r)})

    def _legend(self, dot: "graphviz.Digraph") -> None:
        """Node colours on the left, edge kinds on the right, in one compact table."""
        lang = self.lang

        def swatch(fill: str, border: str, text: str, dashed: bool = False) -> str:
            style = ' STYLE="dashed"' if dashed else ""
            return (f'<TD BGCOLOR="{fill}" COLOR="{border}" BORDER="2"{style} WIDTH="18"> </TD>'
                    f'<TD ALIGN="LEFT" BORDER="0">{h(text)}</TD>')

        def line(colour: str, glyph: str, text: str) -> str:
            return (f'<TD BORDER="0"><FONT COLOR="{colour}"><B>{h(glyph)}</B></FONT></TD>'
                    f'<TD ALIGN="LEFT" BORDER="0">{h(text)}</TD>')

        rule_id = word("rule_id_note", lang)
        left = [swatch(SEVERITY_TINT[sev], SEVERITY_COLOUR[sev], severity_label(sev, lang) + rule_id)
                for sev in ("error", "warning", "info")]
        left.append(swatch(WAIVED_TINT, WAIVED_COLOUR, word("waived", lang), dashed=True))
        for key in ("national_goal", "cross_cutting", "prefectural_goal", "basic_goal", "measure", "indicator",
                    "project", "grant"):
            if key in DEPTH_TYPES[self.depth] or key in ("national_goal", "cross_cutting"):
                left.append(swatch(FILL[key], PLAIN_BORDER, word(key, lang)))
        right = [line("#3b6fb6", "━━→", word("considers", lang)), line("#8a8a8a", "━━→", word("part_of", lang))]
        if self.depth == "all":
            right += [line("#9a9a9a", "━━○", word("measures", lang)), line(FUNDS_COLOUR, "━━→", word("funds", lang))]
        joiner = i18n.t("sep.alternatives", lang)
        right.append(line(CONTINUES_COLOUR, "━━→", joiner.join(word(k, lang) for k in ("continued", "changed", "merged"))))
        right.append(line(WAIVED_COLOUR, "‥‥→", f"{word('retired', lang)} / {word('unaddressed', lang)}"))
        right.append(line(SEVERITY_COLOUR["error"], "- - ▷", word("missing", lang) + rule_id))
        right.append('<TD BORDER="0"><FONT COLOR="#444444"><B>▭</B></FONT></TD>'
                     f'<TD ALIGN="LEFT" BORDER="0">{h(word("legend_document", lang))}</TD>')
        if self.collapsed or self.depth == "all":
            right.append(f'<TD BORDER="0"><B>{h(word("legend_collapsed", lang))}</B></TD>'
                         f'<TD ALIGN="LEFT" BORDER="0">{h(word("legend_collapsed_note", lang))}</TD>')
        empty = '<TD BORDER="0"></TD><TD BORDER="0"></TD>'
        rows = [f'<TR><TD COLSPAN="4" BORDER="0" ALIGN="LEFT"><B>{h(word("legend", lang))}</B></TD></TR>']
        for k in range(max(len(left), len(right))):
            rows.append("<TR>" + (left[k] if k < len(left) else empty) + (right[k] if k < len(right) else empty) + "</TR>")
        table = '<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="2" CELLPADDING="1">' + "".join(rows) + "</TABLE>"
        with dot.subgraph(name="cluster_legend") as c:
            c.attr(label="", style="rounded", color="#bbbbbb", **{"class": "pc_legend"})
            c.node("legend", label=html_label(table), shape="plain", fontsize="9", style="solid")


def build(graph: nx.MultiDiGraph, report: Report, *, document: str | None = None, depth: Depth = "all",
          lang: Lang = "ja", collapse_projects_over: int = 5,
          era_style: EraStyle = eras.DEFAULT_STYLE) -> "graphviz.Digraph":
    return _GoalMap(graph, report, document=document, depth=depth, lang=lang,
                    collapse_projects_over=collapse_projects_over, era_style=era_style).build()
