"""Period continuity: the goals of each municipal strategy beside those of its successor (the
seed's 新旧 table as a picture). Each strategy is a cluster, earlier periods on the left; each
basic goal is a small table whose first row is the goal and whose further rows are its indicators
(numerical targets, then the KPIs of its measures). Edges run from the old item to the new one:
継承 / 変更 / 統合 (with the plan's reason), 廃止 (retired, with its reason); grant-funded projects
carried over likewise. What a rule found (a goal or indicator with no disposition, a change
without a reason) comes from the Report: highlighted cells and dashed edges labelled with the
rule id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from checker.diagrams._common import (
    MUTED, PLAIN_BORDER, SEVERITY_COLOUR, SEVERITY_TINT, WAIVED_COLOUR, WAIVED_TINT, FindingIndex, Findings,
    Lang, dot_tooltip, h, html_label, new_digraph, node_name, node_style, period_ja, period_of, word,
)
from checker import eras, i18n
from checker.eras import EraStyle
from checker.graph_index import GraphIndex
from checker.labels import severity_label, with_unit
from checker.report import Report

if TYPE_CHECKING:
    import graphviz

AS_COLOUR = {"continued": "#1b7f79", "changed": "#8c5a00", "merged": "#6a3d9a"}
RETIRED_COLOUR = "#555555"
GOAL_FILL = "#fff3c4"
ROW_FILL = "#ffffff"
NEW_COLOUR = "#2e7d32"


@dataclass(frozen=True)
class _Place:
    """Where a graph node is drawn: a DOT node, and the port of its row if it is a table row."""

    name: str
    port: str | None = None

    def tail(self) -> str:
        return f"{self.name}:{self.port}:e" if self.port else self.name

    def head(self) -> str:
        return f"{self.name}:{self.port}:w" if self.port else self.name


def strategies(graph: nx.MultiDiGraph, document: str | None) -> list[str]:
    """Municipal strategies in a succession (predecessor/successor), earliest first; with
    `document`, that strategy and its direct predecessors and successors."""
    linked: set[str] = set()
    for u, v, _ in GraphIndex.of(graph).relation("succeeds"):
        if graph.nodes[u].get("type") == "municipal_strategy":
            if document is None or document in (u, v):
                linked.update((u, v))
    if document is not None and graph.nodes[document].get("type") == "municipal_strategy":
        linked.add(document)

    def key(doc: str) -> tuple[str, int, str]:
        period = period_of(graph.nodes[doc])
        return (str(graph.nodes[doc].get("municipality") or ""), period.start if period else 0, doc)

    return sorted(linked, key=key)


class _Continuity:
    def __init__(self, graph: nx.MultiDiGraph, report: Report, *, document: str | None, lang: Lang,
                 era_style: EraStyle = eras.DEFAULT_STYLE) -> None:
        self.g = graph
        self.gi = GraphIndex.of(graph)
        self.report = report
        self.lang: Lang = lang
        self.style: EraStyle = era_style
        self.index = FindingIndex(report)
        self.docs = strategies(graph, document)
        self.place: dict[str, _Place] = {}
        self.members: dict[str, list[str]] = {}
        for n, d in graph.nodes(data=True):
            if d.get("doc") in self.docs and n != d.get("doc"):
                self.members.setdefault(str(d["doc"]), []).append(n)

    # -- structure -------------------------------------------------------------------------------
    def _goals(self, doc: str) -> list[str]:
        return [n for n in self.members.get(doc, []) if self.g.nodes[n].get("type") == "basic_goal"]

    def _in(self, node: str, rel: str, types: tuple[str, ...]) -> list[str]:
        return list(dict.fromkeys(u for u, _ in self.gi.edges(node, rel, "in") if self.gi.type_of(u) in types))

    def _rows(self, goal: str) -> list[tuple[str, str | None]]:
        """Indicators under a goal: (indicator, the measure or project it measures, or None for
        the goal's numerical targets), numerical targets first, then each measure's KPIs and
        the KPIs of its projects."""
        rows: list[tuple[str, str | None]] = [(i, None) for i in self._in(goal, "measures", ("indicator",))]
        for measure in self._in(goal, "part_of", ("measure",)):
            rows += [(i, measure) for i in self._in(measure, "measures", ("indicator",))]
            for project in self._in(measure, "part_of", ("project",)):
                rows += [(i, project) for i in self._in(project, "measures", ("indicator",))]
        return list(dict.fromkeys(rows))

    def _continues(self, node: str) -> list[tuple[str, dict[str, Any]]]:
        return list(self.gi.edges(node, "continues"))

    def _retired(self, node: str) -> list[tuple[str, str]]:
        return [(u, str(d.get("reason") or "")) for u, d in self.gi.edges(node, "retires", "in")]

    # -- labels ----------------------------------------------------------------------------------
    def _cell(self, port: str, body: str, findings: Findings, fill: str) -> str:
        bg = findings.tint if findings.violations else fill
        badge = findings.badge(self.lang)
        if badge:
            body += badge + '<BR ALIGN="LEFT"/>'
        return f'<TR><TD PORT="{port}" ALIGN="LEFT" BALIGN="LEFT" BGCOLOR="{bg}">{body}</TD></TR>'

    def _small(self, text: str, colour: str = MUTED) -> str:
        return f'<FONT POINT-SIZE="8" COLOR="{colour}">{h(text)}</FONT><BR ALIGN="LEFT"/>'

    def _disposition(self, goal: str) -> str:
        """The goal's own relation to the previous period, as a small coloured tag."""
        lang = self.lang
        tags = []
        for prev, d in self._continues(goal):
            how = str(d.get("as") or "continued")
            local = self.g.nodes[prev].get("local") or prev
            tags.append(f'<FONT POINT-SIZE="8" COLOR="{AS_COLOUR.get(how, MUTED)}"><B>{h(word(how, lang))}</B> '
                        f'{h("← " + str(local))}</FONT>')
        doc = self.g.nodes[goal].get("doc")
        has_predecessor = bool(self.gi.edges(doc, "succeeds"))
        if not tags and has_predecessor:
            tags.append(f'<FONT POINT-SIZE="8" COLOR="{NEW_COLOUR}"><B>{h(word("new", lang))}</B></FONT>')
        for _ in self._retired(goal):
            tags.append(f'<FONT POINT-SIZE="8" COLOR="{RETIRED_COLOUR}"><B>{h(word("retired", lang))}</B></FONT>')
        return " ".join(tags) + '<BR ALIGN="LEFT"/>' if tags else ""

    def _goal_table(self, goal: str) -> tuple[str, Findings]:
        data = self.g.nodes[goal]
        lang = self.lang
        name = node_name(goal)
        f = self.index.node(goal)
        head = self._small(f"{data.get('local') or ''} · {word('basic_goal', lang)}")
        body = head + f"<B>{h(data.get('title') or goal, 26, 'LEFT')}</B>" + self._disposition(goal)
        rows = [self._cell("g", body, f, GOAL_FILL)]
        self.place[goal] = _Place(name, "g")
        for k, (ind, measure) in enumerate(self._rows(goal)):
            rows.append(self._indicator_row(f"i{k}", ind, measure))
            self.place[ind] = _Place(name, f"i{k}")
        border = f.colour if f.violations else PLAIN_BORDER
        table = (f'<TABLE BORDER="{2 if f.violations else 1}" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" '
                 f'COLOR="{border}">' + "".join(rows) + "</TABLE>")
        return html_label(table), f

    def _indicator_row(self, port: str, ind: str, parent: str | None) -> str:
        data = self.g.nodes[ind]
        lang = self.lang
        kind = word(str(data.get("kind") or "indicator"), lang)
        where = ""
        if parent:
            pd = self.g.nodes[parent]
            where = f" · {word(str(pd.get('type')), lang)} {pd.get('local') or ''}"
        name = with_unit(str(data.get("title") or ind), data.get("unit"), lang)
        body = self._small(f"{kind} · {data.get('local') or ''}{where}") + h(name, 30, "LEFT")
        if self._retired(ind):
            body += f'<FONT POINT-SIZE="8" COLOR="{RETIRED_COLOUR}"><B>{h(word("retired", lang))}</B></FONT><BR ALIGN="LEFT"/>'
        return self._cell(port, body, self.index.node(ind), ROW_FILL)

    def _grant_table(self, doc: str, grants: list[str]) -> str:
        lang = self.lang
        name = f"{node_name(doc)}/grants"
        rows = [f'<TR><TD ALIGN="LEFT" BGCOLOR="#efe3f6"><B>{h(word("grant", lang))}</B></TD></TR>']
        for k, grant in enumerate(grants):
            data = self.g.nodes[grant]
            period = period_ja(data.get("period"), lang, self.style)
            body = self._small(" · ".join(x for x in (str(data.get("local") or ""), period) if x))
            body += h(data.get("title") or grant, 30, "LEFT")
            for prev, _ in self._continues(grant):
                body += self._small(f"{word('continued', lang)} ← {self.g.nodes[prev].get('local') or prev}",
                                    AS_COLOUR["continued"])
            rows.append(self._cell(f"r{k}", body, self.index.node(grant), ROW_FILL))
            self.place[grant] = _Place(name, f"r{k}")
        return html_label('<TABLE BORDER="1" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" '
                          f'COLOR="{PLAIN_BORDER}">' + "".join(rows) + "</TABLE>")

    def _anchor_label(self, doc: str) -> str:
        data = self.g.nodes[doc]
        lang = self.lang
        lines = [f'<FONT POINT-SIZE="8" COLOR="{MUTED}">{h(word("municipal_strategy", lang))}</FONT>']
        period = data.get("effective_period") or data.get("period")
        if period is not None:
            lines.append(h(f"{word('period', lang)} {period_ja(period, lang, self.style)}"))
        for pred, _ in self.gi.edges(doc, "succeeds"):
            text = word("previous", lang, title=str(self.g.nodes[pred].get("title") or pred))
            lines.append(f'<FONT POINT-SIZE="8">{h(text, 40, "LEFT", end=False)}</FONT>')
        badge = self.index.node(doc).badge(lang)
        if badge:
            lines.append(badge)
        return html_label('<BR ALIGN="LEFT"/>'.join(lines) + '<BR ALIGN="LEFT"/>')

    # -- drawing ---------------------------------------------------------------------------------
    def build(self) -> "graphviz.Digraph":
        lang = self.lang
        title = self._title()
        dot = new_digraph("continuity", lang, rankdir="LR", remincross="false", nodesep="0.15", ranksep="0.9",
                          labelloc="t", labeljust="l", fontsize="16", label=html_label(f"<B>{h(title)}</B>"),
                          tooltip=dot_tooltip(title))
        dot.attr("node", shape="plain")
        if not self.docs:
            dot.node("empty", label=html_label(h(word("continuity_empty", lang))), shape="note")
            return dot
        anchors = []
        for i, doc in enumerate(self.docs):
            anchors.append(self._cluster(dot, i, doc))
        for a, b in zip(anchors, anchors[1:]):
            dot.edge(a, b, style="invis", minlen="2")
        dot.edge(anchors[-1], "legend", style="invis")  # the legend to the right of the last period
        pairs = self._edges(dot)
        self._missing(dot, pairs)
        self._legend(dot)
        return dot

    def _title(self) -> str:
        places = sorted({str(self.g.nodes[d].get("municipality") or "") for d in self.docs} - {""})
        head = word("continuity_title", self.lang)
        return f"{head} — {i18n.t('sep.names', self.lang).join(places)}" if places else head

    def _cluster(self, dot: "graphviz.Digraph", i: int, doc: str) -> str:
        data = self.g.nodes[doc]
        lang = self.lang
        anchor = node_name(doc)
        self.place[doc] = _Place(anchor)
        label = (f"<B>{h(data.get('title') or doc, 40, 'LEFT')}</B>"
                 f'<FONT POINT-SIZE="9">{h(period_ja(data.get("effective_period") or data.get("period"), lang, self.style))}</FONT>')
        column = [anchor]
        with dot.subgraph(name=f"cluster_{i}") as c:
            c.attr(label=html_label(label), style="rounded,filled", fillcolor="#fffdf4", color="#c9a640",
                   labeljust="l", tooltip=dot_tooltip(data.get("title") or doc))
            f = self.index.node(doc)
            c.node(anchor, label=self._anchor_label(doc), shape="note", margin="0.1,0.05",
                   tooltip=dot_tooltip(f.tooltip(lang, f"{doc}\n{data.get('title') or ''}")),
                   **node_style(f, "#ffffff", base_style="filled"))
            for goal in self._goals(doc):
                label, gf = self._goal_table(goal)
                colour = gf.colour if gf.violations else PLAIN_BORDER
                c.node(self.place[goal].name, label=label, color=colour,
                       tooltip=dot_tooltip(self._goal_tooltip(goal)))
                column.append(self.place[goal].name)
            loose = [n for n in self.members.get(doc, []) if self.g.nodes[n].get("type") == "indicator"
                     and n not in self.place]
            if loose:
                name = f"{anchor}/indicators"
                rows = [f'<TR><TD ALIGN="LEFT" BGCOLOR="#f2f2f2"><B>{h(word("indicators_no_goal", lang))}</B></TD></TR>']
                for k, ind in enumerate(loose):
                    rows.append(self._indicator_row(f"i{k}", ind, None))
                    self.place[ind] = _Place(name, f"i{k}")
                c.node(name, label=html_label('<TABLE BORDER="1" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4" '
                                              f'COLOR="{PLAIN_BORDER}">' + "".join(rows) + "</TABLE>"))
                column.append(name)
            grants = [n for n in self.members.get(doc, []) if self.g.nodes[n].get("type") == "grant"]
            if grants:
                c.node(f"{anchor}/grants", label=self._grant_table(doc, grants),
                       tooltip=dot_tooltip(self.index.nodes(grants).tooltip(lang, word("grant", lang))))
                column.append(f"{anchor}/grants")
            self._retired_markers(c, doc)
            with c.subgraph() as s:
                s.attr(rank="same")
                for name in column:
                    s.node(name)
                for a, b in zip(column, column[1:]):  # in LR the head of a flat edge goes above
                    s.edge(b, a, style="invis")
        return anchor

    def _goal_tooltip(self, goal: str) -> str:
        lines = [f"{goal}\n{self.g.nodes[goal].get('title') or ''}"]
        for prev, d in self._continues(goal):
            lines.append(f"{word(str(d.get('as') or 'continued'), self.lang)} ← {prev}"
                         + (f": {d['reason']}" if d.get("reason") else ""))
        ids = [goal] + [i for i, _ in self._rows(goal)]
        return self.index.nodes(ids).tooltip(self.lang, "\n".join(lines))

    def _retired_markers(self, c: "graphviz.Digraph", doc: str) -> None:
        """A 廃止 marker in the retiring (later) strategy for each item it retires."""
        lang = self.lang
        for item, d in self.gi.edges(doc, "retires"):
            if item not in self.place:
                continue
            name = f"{node_name(doc)}/retired/{node_name(item)}"
            reason = str(d.get("reason") or "")
            f = self.index.edge(doc, item)
            body = f'<B>{h(word("retired", lang))}</B>'
            if reason:
                body += f'<BR/><FONT POINT-SIZE="8">{h(reason, 24)}</FONT>'
            badge = f.badge(lang)
            if badge:
                body += "<BR/>" + badge
            c.node(name, label=html_label(body), shape="octagon", style="filled",
                   fillcolor=f.tint if f.violations else "#eeeeee",
                   color=f.colour if f.violations else RETIRED_COLOUR, fontsize="10",
                   tooltip=dot_tooltip(f"{word('retired', lang)}: {item}\n{reason}"))
            self.place[f"retired:{doc}:{item}"] = _Place(name)

    def _edges(self, dot: "graphviz.Digraph") -> set[frozenset[str]]:
        lang = self.lang
        pairs: set[frozenset[str]] = set()
        for u, v, d in self.g.edges(data=True):
            rel = d.get("rel")
            if rel == "continues" and u in self.place and v in self.place:
                # Drawn old → new, so time runs left to right.
                pairs.add(frozenset((u, v)))
                f = self.index.edge(u, v)
                how = str(d.get("as") or "continued")
                is_goal = self.g.nodes[u].get("type") == "basic_goal"
                colour = AS_COLOUR.get(how, MUTED)
                e: dict[str, str] = {"color": colour, "fontcolor": colour, "arrowsize": "0.7"}
                label = ""
                if is_goal:
                    e["penwidth"] = "2"
                    label = f"<B>{h(word(how, lang))}</B>"
                    if d.get("reason"):
                        label += f'<BR/><FONT POINT-SIZE="8">{h(d["reason"], 24)}</FONT>'
                else:
                    e["penwidth"] = "1"
                if f.violations:
                    e.update(color=f.colour, fontcolor=f.colour, penwidth="2.5")
                    label += ("<BR/>" if label else "") + f.badge(lang)
                if label:
                    e["label"] = html_label(label)
                e["tooltip"] = dot_tooltip("\n".join(x for x in (f"{v} → {u}: {word(how, lang)}",
                                                                  str(d.get("reason") or ""), f.tooltip(lang)) if x))
                dot.edge(self.place[v].tail(), self.place[u].head(), **e)
            elif rel == "retires" and v in self.place and f"retired:{u}:{v}" in self.place:
                pairs.add(frozenset((u, v)))
                f = self.index.edge(u, v)
                colour = f.colour if f.violations else RETIRED_COLOUR
                dot.edge(self.place[v].tail(), self.place[f"retired:{u}:{v}"].head(), color=colour,
                         style="dotted", penwidth="1.5", arrowhead="tee",
                         tooltip=dot_tooltip(f"{word('retired', lang)}: {v}\n{d.get('reason') or ''}"))
        return pairs

    def _missing(self, dot: "graphviz.Digraph", pairs: set[frozenset[str]]) -> None:
        """Dashed edges from an earlier item a violation names to the later subject (a previous
        goal, indicator or grant with no disposition → the strategy that should give one)."""
        seen: set[tuple[str, str, str]] = set()
        for v in self.index.violations:
            s = v.subject
            if s not in self.place:
                continue
            for r in v.related:
                if r not in self.place or r == s or frozenset((s, r)) in pairs:
                    continue
                early, late = (r, s) if self._start(r) <= self._start(s) else (s, r)
                if self.g.nodes[early].get("doc") == self.g.nodes[late].get("doc"):
                    continue  # same document: nothing to link across periods
                tail, head = self.place[early].tail(), self.place[late].head()
                if (tail, head, v.rule) in seen:
                    continue
                seen.add((tail, head, v.rule))
                colour = WAIVED_COLOUR if v.waived else SEVERITY_COLOUR[v.severity]
                # The rule id sits at the old item's end: a mid-edge label would drift onto the
                # 継承/変更 edges these dashed lines cross.
                dot.edge(tail, head, style="dashed", color=colour, fontcolor=colour, penwidth="1.8",
                         arrowhead="empty", constraint="false", labelfontcolor=colour, labelfontsize="8",
                         labeldistance="4", labelangle="12",
                         taillabel=html_label(f"<B>{h(v.rule)}</B>"),
                         tooltip=dot_tooltip(f"{v.rule}: {v.message.get(self.lang) or v.message.get('en', '')}"))

    def _start(self, node: str) -> int:
        doc = self.g.nodes[node].get("doc", node)
        period = period_of(self.g.nodes[doc])
        return period.start if period is not None else 0

    def _legend(self, dot: "graphviz.Digraph") -> None:
        lang = self.lang
        rows = [f'<TR><TD COLSPAN="2"><B>{h(word("legend", lang))}</B></TD></TR>']
        for how in ("continued", "changed", "merged"):
            rows.append(f'<TR><TD><FONT COLOR="{AS_COLOUR[how]}"><B>━━→</B></FONT></TD>'
                        f'<TD ALIGN="LEFT">{h(word(how, lang))}</TD></TR>')
        rows.append(f'<TR><TD><FONT COLOR="{RETIRED_COLOUR}"><B>‥‥┤</B></FONT></TD>'
                    f'<TD ALIGN="LEFT">{h(word("retired", lang))}</TD></TR>')
        rows.append(f'<TR><TD><FONT COLOR="{NEW_COLOUR}"><B>{h(word("new", lang))}</B></FONT></TD>'
                    f'<TD ALIGN="LEFT">{h(word("legend_new", lang))}</TD></TR>')
        for sev in ("error", "warning", "info"):
            rows.append(f'<TR><TD BGCOLOR="{SEVERITY_TINT[sev]}"><FONT COLOR="{SEVERITY_COLOUR[sev]}"><B>ID</B></FONT></TD>'
                        f'<TD ALIGN="LEFT">{h(severity_label(sev, lang))}</TD></TR>')
        rows.append(f'<TR><TD BGCOLOR="{WAIVED_TINT}"><FONT COLOR="{WAIVED_COLOUR}">ID</FONT></TD>'
                    f'<TD ALIGN="LEFT">{h(word("waived", lang))}</TD></TR>')
        rows.append(f'<TR><TD><FONT COLOR="{SEVERITY_COLOUR["error"]}"><B>- - ▷</B></FONT></TD>'
                    f'<TD ALIGN="LEFT">{h(word("missing", lang))}</TD></TR>')
        table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2">' + "".join(rows) + "</TABLE>"
        with dot.subgraph(name="cluster_legend") as c:
            c.attr(label="", style="rounded", color="#bbbbbb")
            c.node("legend", label=html_label(table), shape="plain", fontsize="9", style="solid")


def build(graph: nx.MultiDiGraph, report: Report, *, document: str | None = None,
          lang: Lang = "ja", era_style: EraStyle = eras.DEFAULT_STYLE) -> "graphviz.Digraph":
    return _Continuity(graph, report, document=document, lang=lang, era_style=era_style).build()
