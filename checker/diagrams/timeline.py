"""The timeline: fiscal years (年度) on one axis with era labels, a bar per plan period —
national strategies, prefectural strategies and plans, the municipality's strategies, its
comprehensive plan's 基本構想 with the 前期/後期 基本計画 under it — and markers for adoption,
publication, expert meetings, verification and the merge point. Gaps, overlaps and the years
without a published strategy that rules found are drawn as red stretches of the bar, with the
rule id: the years are the finding's own (params `problem` and `span`, put there by the period
checks and by `compare` with `problem:`) — the diagram draws, it does not decide.

One HTML-like table, one column per fiscal year, so every bar lines up on the same axis.
Cells carry IDs `<document id>|<kind>|<first FY>-<last FY>` (kind: bar, extension, overlap, gap,
unpublished) for programs that want to find them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx

from checker.diagrams._common import (
    MUTED, WAIVED_COLOUR, FindingIndex, Findings, Lang, dot_tooltip, fy_label, h, ha, html_label,
    new_digraph, period_ja, period_of, word,
)
from checker import eras, i18n
from checker.eras import EraStyle
from checker.fiscal import Period, PlanDate, fiscal_year_of
from checker.graph_index import GraphIndex
from checker.report import Report, Violation

if TYPE_CHECKING:
    import graphviz

ROW_TYPES = ("national_strategy", "prefectural_strategy", "municipal_strategy", "comprehensive_plan",
             "population_vision")
BAR = {"national_strategy": "#9ecae1", "prefectural_strategy": "#a1d99b", "municipal_strategy": "#fdc88a",
       "comprehensive_plan": "#d4d4d4", "basic_plan": "#cbc9e2", "prefectural_plan": "#c7e9c0"}
EXTENSION = "#fee6c8"
RED = "#d62728"
RED_FILL = "#f7b6b2"
WAIVED_FILL = "#e6e6e6"
HEADER = "#f3f3f3"
AS_OF_FILL = "#fff3b0"
MARK = {"adopted": "▲", "decided": "▲", "published": "●", "meeting": "◆", "review": "■", "merge": "★"}
# The stretches of a bar drawn apart, each named by diagram.segment.<kind> (the period problems a
# finding names, and an extension).
SEGMENTS = ("overlap", "gap", "unpublished", "extension")
# Characters to a line of the merge marker's text (a full-width character is two).
MERGE_WRAP = {"ja": 10, "en": 14}


def _period_problem(v: Violation) -> bool:
    """A finding that names a period problem (a gap, an overlap, a reversed order, unpublished years)."""
    return v.params.get("problem") is not None


@dataclass
class _Row:
    node: str
    label: str
    kind: str  # bar colour key
    period: Period | None
    original_end: int | None = None  # the period before an extension
    child: bool = False
    events: dict[int, list[str]] = field(default_factory=dict)  # fiscal year -> HTML snippets
    marks: dict[int, tuple[str, list[Violation]]] = field(default_factory=dict)  # FY -> (kind, violations)
    findings: Findings = field(default_factory=lambda: Findings(()))


def _level(data: dict[str, Any]) -> str:
    return str(data.get("level") or "municipal")


def _group(data: dict[str, Any], lang: Lang) -> tuple[int, str]:
    level = _level(data)
    if level == "national":
        return (0, word("national_group", lang))
    if level == "prefectural":
        return (1, str(data.get("prefecture") or data.get("owner") or ""))
    return (2, str(data.get("municipality") or data.get("owner") or ""))


def select(graph: nx.MultiDiGraph, document: str | None) -> list[str]:
    docs = [n for n, d in graph.nodes(data=True) if d.get("type") in ROW_TYPES and n == d.get("doc")]
    if document is None:
        # Every municipality's plans, the national ones, and the prefectural ones of those
        # municipalities' prefectures or that they consider (not all 47 bundled prefectures').
        municipal = [n for n in docs if _level(graph.nodes[n]) == "municipal"]
        if not municipal:
            return docs
        prefectures = {graph.nodes[n].get("prefecture") for n in municipal} - {None, ""}
        considered = {v for u, v, _ in GraphIndex.of(graph).relation("considers")
                      if graph.nodes[u].get("doc") in set(municipal)}
        return [n for n in docs if _level(graph.nodes[n]) != "prefectural"
                or graph.nodes[n].get("prefecture") in prefectures or n in considered]
    data = graph.nodes[document]
    municipality = data.get("municipality") or (data.get("owner") if _level(data) == "municipal" else None)
    prefecture = data.get("prefecture")
    considered = {v for u, v, _ in GraphIndex.of(graph).relation("considers") if graph.nodes[u].get("doc") == document}
    keep = []
    for n in docs:
        d = graph.nodes[n]
        level = _level(d)
        if n == document or n in considered or level == "national":
            keep.append(n)
        elif level == "prefectural" and prefecture and d.get("prefecture") == prefecture:
            keep.append(n)
        elif level == "municipal" and municipality and d.get("municipality") == municipality:
            keep.append(n)
    return keep


class _Timeline:
    def __init__(self, graph: nx.MultiDiGraph, report: Report, *, document: str | None, lang: Lang,
                 era_style: EraStyle = eras.DEFAULT_STYLE) -> None:
        self.g = graph
        self.report = report
        self.lang: Lang = lang
        self.style: EraStyle = era_style
        self.index = FindingIndex(report)
        self.docs = select(graph, document)
        self.members: dict[str, list[str]] = {}
        for n, d in graph.nodes(data=True):
            if d.get("doc") in self.docs and n != d.get("doc"):
                self.members.setdefault(str(d["doc"]), []).append(n)

    # -- rows ------------------------------------------------------------------------------------
    def _rows(self) -> list[tuple[tuple[int, str], list[_Row]]]:
        groups: dict[tuple[int, str], list[tuple[tuple[Any, ...], list[_Row]]]] = {}
        order = {t: i for i, t in enumerate(ROW_TYPES)}
        for doc in self.docs:
            data = self.g.nodes[doc]
            t = str(data["type"])
            period = period_of(data, "effective_period", "period")  # none known (reference data): no bar
            kind = t if not (t == "comprehensive_plan" and _level(data) == "prefectural") else "prefectural_plan"
            label = str(data.get("title") or doc)
            if t == "comprehensive_plan":
                label = i18n.t("sep.paren", self.lang, text=label, note=word("basic_concept", self.lang))
            row = _Row(doc, label, kind, period, findings=self._period_findings(doc))
            original = period_of(data)
            if data.get("extended") and original is not None:
                row.original_end = original.end
            self._events(row, doc, data)
            rows = [row]
            for plan in [n for n in self.members.get(doc, []) if self.g.nodes[n].get("type") == "basic_plan"]:
                pd = self.g.nodes[plan]
                child = _Row(plan, str(pd.get("title") or plan), "basic_plan", period_of(pd), child=True,
                             findings=self._period_findings(plan))
                rows.append(child)
            start = period.start if period is not None else self._first_event(row)
            key = (order.get(t, 9), start, doc)
            groups.setdefault(_group(data, self.lang), []).append((key, rows))
        out = []
        for group in sorted(groups):
            rows = [r for _, rs in sorted(groups[group], key=lambda x: x[0]) for r in rs]
            out.append((group, rows))
        self._marks(out)
        return out

    @staticmethod
    def _first_event(row: _Row) -> int:
        return min(row.events) if row.events else 0

    def _period_findings(self, node: str) -> Findings:
        """Violations about this row's period or dates (shown on its label)."""
        keep = []
        for v in self.index.node(node).violations:
            if (_period_problem(v)
                    or (v.subject == node and v.key in ("period", "effective_period", "extension", "basic_concept",
                                                         "basic_plans", "adopted", "published", "decided"))):
                keep.append(v)
        return Findings(tuple(keep))

    def _event(self, row: _Row, when: PlanDate | None, mark: str, text: str, findings: Findings) -> None:
        if not isinstance(when, PlanDate):  # none, or unknown in the sources: nothing to place
            return
        fy = when.fiscal_year
        colour = findings.colour if findings.violations else "#222222"
        month = eras.month_of(when, self.lang)
        html = f'<FONT COLOR="{colour}"><B>{h(mark)}</B>{h(month)}</FONT>'
        if text:
            html += f'<FONT POINT-SIZE="7" COLOR="{MUTED}">{h(text)}</FONT>'
        if findings.violations:
            html += "<BR/>" + findings.badge(self.lang, 7, per_line=1)
        row.events.setdefault(fy, []).append(html)

    def _key_findings(self, node: str, key: str) -> Findings:
        return Findings(tuple(v for v in self.index.node(node).violations if v.subject == node and v.key == key))

    def _events(self, row: _Row, doc: str, data: dict[str, Any]) -> None:
        lang = self.lang
        if data.get("decided") is not None:
            self._event(row, data["decided"], MARK["decided"], "", self._key_findings(doc, "decided"))
        elif data.get("adopted") is not None:
            self._event(row, data["adopted"], MARK["adopted"], "", self._key_findings(doc, "adopted"))
        if data.get("published") is not None:
            self._event(row, data["published"], MARK["published"], "", self._key_findings(doc, "published"))
        for n in self.members.get(doc, []):
            nd = self.g.nodes[n]
            if nd.get("type") == "meeting" and nd.get("date") is not None:
                self._event(row, nd["date"], MARK["meeting"], "", self.index.node(n))
            elif nd.get("type") == "review" and nd.get("fiscal_year") is not None:
                fy = int(nd["fiscal_year"])
                when = nd.get("date")
                f = self.index.node(n)
                colour = f.colour if f.violations else "#222222"
                text = word("review_mark", lang)
                html = f'<FONT COLOR="{colour}"><B>{MARK["review"]}</B><FONT POINT-SIZE="7">{h(text)}</FONT></FONT>'
                if isinstance(when, PlanDate):
                    month = eras.month_of(when, lang)
                    html = f'<FONT COLOR="{colour}"><B>{MARK["review"]}</B>{h(month)}</FONT>'
                row.events.setdefault(fy, []).append(html)
        for target, _ in GraphIndex.of(self.g).edges(doc, "merges_into"):
            period = period_of(self.g.nodes[target])
            if period is not None:
                f = self.index.edge(doc, target)
                colour = f.colour if f.violations else "#6a3d9a"
                name = str(self.g.nodes[target].get("title") or target)
                text = word("merges_into", lang, name=name)
                row.events.setdefault(period.start, []).append(
                    f'<FONT COLOR="{colour}"><B>{MARK["merge"]}</B></FONT><FONT POINT-SIZE="7" COLOR="{colour}">{h(text, MERGE_WRAP[lang])}</FONT>')

    def _marks(self, groups: list[tuple[tuple[int, str], list[_Row]]]) -> None:
        """Red stretches of a bar: the fiscal years a finding says a period problem covers (its
        params `span` and `problem`, put there by the check), on the row of its subject."""
        rows = {r.node: r for _, rs in groups for r in rs}
        for v in self.index.violations:
            row, span, problem = rows.get(v.subject), v.params.get("span"), v.params.get("problem")
            if row is None or row.period is None or problem not in SEGMENTS or not isinstance(span, dict):
                continue
            first, last = span.get("from"), span.get("to")
            if isinstance(first, int) and isinstance(last, int):
                for fy in range(first, last + 1):
                    if problem != "unpublished" or row.period.contains_year(fy):
                        self._mark(row, fy, problem, v)

    @staticmethod
    def _mark(row: _Row, fy: int, kind: str, v: Violation) -> None:
        current = row.marks.get(fy)
        if current is None:
            row.marks[fy] = (kind, [v])
        elif v not in current[1]:
            current[1].append(v)

    # -- table -----------------------------------------------------------------------------------
    def _years(self, groups: list[tuple[tuple[int, str], list[_Row]]]) -> range:
        years: set[int] = set()
        for _, rows in groups:
            for r in rows:
                if r.period is not None:
                    years.add(r.period.start)
                    if r.period.end is not None:
                        years.add(r.period.end)
                years.update(r.events)
                years.update(r.marks)
        if not years:
            return range(0)
        return range(min(years), max(years) + 1)

    def _as_of_fy(self) -> int | None:
        try:
            return fiscal_year_of(dt.date.fromisoformat(self.report.as_of)) if self.report.as_of else None
        except ValueError:
            return None

    def _table(self, groups: list[tuple[tuple[int, str], list[_Row]]], years: range) -> str:
        lang = self.lang
        as_of = self._as_of_fy()
        head = [f'<TD BGCOLOR="{HEADER}" COLSPAN="2" ALIGN="LEFT"><B>{h(word("fiscal_year", lang))}</B>'
                f'<FONT POINT-SIZE="8" COLOR="{MUTED}">{h(word("fiscal_year_note", lang))}</FONT></TD>']
        for fy in years:
            fill = AS_OF_FILL if fy == as_of else HEADER
            mark = f'<BR/><FONT POINT-SIZE="7">{h(word("as_of_mark", lang))}</FONT>' if fy == as_of else ""
            head.append(f'<TD BGCOLOR="{fill}" WIDTH="46"><B>{h(fy_label(fy, lang, self.style))}</B>{mark}</TD>')
        out = ["<TR>" + "".join(head) + "</TR>"]
        for (_, group_name), rows in groups:
            n_rows = sum(2 if r.events and r.period is not None else 1 for r in rows)
            first = True
            for r in rows:
                has_events = bool(r.events) and r.period is not None
                cells = []
                if first:
                    cells.append(f'<TD ROWSPAN="{n_rows}" BGCOLOR="{HEADER}"><B>{h(group_name, 8)}</B></TD>')
                    first = False
                cells.append(self._label_cell(r, 2 if has_events else 1))
                if r.period is not None:
                    cells += self._bar_cells(r, years)
                else:
                    cells += self._event_cells(r, years)
                out.append("<TR>" + "".join(cells) + "</TR>")
                if has_events:
                    out.append("<TR>" + "".join(self._event_cells(r, years)) + "</TR>")
        return ('<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3" COLOR="#bdbdbd">'
                + "".join(out) + "</TABLE>")

    def _label_cell(self, r: _Row, rowspan: int) -> str:
        lang = self.lang
        data = self.g.nodes[r.node]
        kind_key = str(data.get("type"))
        kind = word(kind_key, lang) if kind_key != "comprehensive_plan" else word("comprehensive_plan", lang)
        indent = "└ " if r.child else ""
        colour = r.findings.colour if r.findings.violations else "#000000"
        body = (f'<FONT POINT-SIZE="7" COLOR="{MUTED}">{h(indent + kind)}</FONT><BR ALIGN="LEFT"/>'
                f'<FONT COLOR="{colour}">{h(indent + r.label, 34, "LEFT")}</FONT>')
        if r.period is not None:
            text = period_ja(r.period, lang, self.style)
            if r.original_end is not None:
                text += word("extended_note", lang)
            body += f'<FONT POINT-SIZE="8" COLOR="{MUTED}">{h(text)}</FONT><BR ALIGN="LEFT"/>'
        badge = r.findings.badge(lang, 8, per_line=5)
        if badge:
            body += badge + '<BR ALIGN="LEFT"/>'
        border = f' COLOR="{r.findings.colour}" BORDER="2"' if r.findings.violations else ""
        return (f'<TD ROWSPAN="{rowspan}" ALIGN="LEFT" BALIGN="LEFT" ID="{ha(r.node)}|label"{border}>'
                f"{body}</TD>")

    def _styles(self, r: _Row, years: range) -> list[tuple[str, list[Violation]]]:
        out: list[tuple[str, list[Violation]]] = []
        period = r.period
        for fy in years:
            if fy in r.marks:
                out.append((r.marks[fy][0], r.marks[fy][1]))
            elif period is not None and period.contains_year(fy):
                if r.original_end is not None and fy > r.original_end:
                    out.append(("extension", []))
                else:
                    out.append(("bar", []))
            else:
                out.append(("empty", []))
        return out

    def _bar_cells(self, r: _Row, years: range) -> list[str]:
        lang = self.lang
        styles = self._styles(r, years)
        cells: list[str] = []
        i = 0
        open_end = r.period is not None and r.period.end is None
        while i < len(styles):
            kind, vs = styles[i]
            j = i
            while (j + 1 < len(styles) and styles[j + 1][0] == kind
                   and {id(x) for x in styles[j + 1][1]} == {id(x) for x in vs}):
                j += 1
            span = j - i + 1
            first, last = years[i], years[j]
            cell_id = f"{r.node}|{kind}|{first}-{last}"
            if kind == "empty":
                cells.append(f'<TD COLSPAN="{span}" ID="{ha(cell_id)}"> </TD>')
            elif kind == "bar":
                text = period_ja(r.period, lang, self.style) + ("→" if open_end and j == len(styles) - 1 else "")
                cells.append(f'<TD COLSPAN="{span}" BGCOLOR="{BAR.get(r.kind, "#dddddd")}" ID="{ha(cell_id)}">'
                             f'<FONT POINT-SIZE="9">{h(text if span >= 2 else fy_label(first, lang, self.style))}</FONT></TD>')
            elif kind == "extension":
                cells.append(f'<TD COLSPAN="{span}" BGCOLOR="{EXTENSION}" STYLE="dashed" ID="{ha(cell_id)}">'
                             f'<FONT POINT-SIZE="8">{h(word("segment.extension", lang))}</FONT></TD>')
            else:
                f = Findings(tuple(vs))
                waived = f.waived_only
                fill = WAIVED_FILL if waived else RED_FILL
                colour = WAIVED_COLOUR if waived else RED
                cells.append(f'<TD COLSPAN="{span}" BGCOLOR="{fill}" COLOR="{colour}" BORDER="2" ID="{ha(cell_id)}">'
                             f'<FONT COLOR="{colour}" POINT-SIZE="9"><B>{h(word(f"segment.{kind}", lang))}</B></FONT>'
                             f'<BR/>{f.badge(lang, 7, per_line=2)}</TD>')
            i = j + 1
        return cells

    def _event_cells(self, r: _Row, years: range) -> list[str]:
        cells = []
        for fy in years:
            items = r.events.get(fy, [])
            body = "<BR/>".join(items) if items else " "
            cells.append(f'<TD ID="{ha(r.node)}|events|{fy}"><FONT POINT-SIZE="8">{body}</FONT></TD>')
        return cells

    def _legend(self) -> str:
        lang = self.lang
        items = [
            (BAR["national_strategy"], "national_strategy"),
            (BAR["prefectural_strategy"], "prefectural_strategy"),
            (BAR["prefectural_plan"], "legend.prefectural_plan"),
            (BAR["municipal_strategy"], "municipal_strategy"),
            (BAR["comprehensive_plan"], "basic_concept"),
            (BAR["basic_plan"], "basic_plan"),
            (EXTENSION, "legend.extension"),
            (RED_FILL, "legend.segment"),
        ]
        cells = [f'<TD BGCOLOR="{fill}" WIDTH="16"> </TD><TD ALIGN="LEFT">{h(word(key, lang))}</TD>' for fill, key in items]
        marks = [
            ("▲", "legend.adopted"), ("●", "published"), ("◆", "legend.meeting"), ("■", "legend.review"),
            ("★", "legend.merge"),
        ]
        cells += [f'<TD><B>{h(m)}</B></TD><TD ALIGN="LEFT">{h(word(key, lang))}</TD>' for m, key in marks]
        note = word("legend.months", lang)
        rows = []
        for k in range(0, len(cells), 4):
            rows.append("<TR>" + "".join(cells[k:k + 4]) + "</TR>")
        rows.append(f'<TR><TD COLSPAN="8" ALIGN="LEFT"><FONT POINT-SIZE="8" COLOR="{MUTED}">{h(note)}</FONT></TD></TR>')
        return ('<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="1">'
                f'<TR><TD COLSPAN="8" ALIGN="LEFT"><B>{h(word("legend", lang))}</B></TD></TR>' + "".join(rows) + "</TABLE>")

    def build(self) -> "graphviz.Digraph":
        lang = self.lang
        groups = self._rows()
        years = self._years(groups)
        places = [name for (level, name), _ in groups if level == 2]
        head = word("timeline_title", lang)
        title = f"{head} — {i18n.t('sep.names', lang).join(places)}" if places else head
        dot = new_digraph("timeline", lang, rankdir="TB", labelloc="t", labeljust="l", fontsize="16",
                          nodesep="0.2", ranksep="0.25", label=html_label(f"<B>{h(title)}</B>"),
                          tooltip=dot_tooltip(title))
        dot.attr("node", shape="plain")
        if not len(years):
            dot.node("empty", label=html_label(h(word("timeline_empty", lang))),
                     shape="note")
            return dot
        findings = self.index.nodes(r.node for _, rows in groups for r in rows)
        summary = Findings(tuple(v for v in findings.violations
                                 if _period_problem(v)
                                 or v.key in ("period", "effective_period", "published", "adopted", "decided")))
        dot.node("timeline", label=html_label(self._table(groups, years)),
                 tooltip=dot_tooltip(summary.tooltip(lang, title)))
        dot.node("legend", label=html_label(self._legend()), fontsize="9")
        dot.edge("timeline", "legend", style="invis")
        return dot


def build(graph: nx.MultiDiGraph, report: Report, *, document: str | None = None,
          lang: Lang = "ja", era_style: EraStyle = eras.DEFAULT_STYLE) -> "graphviz.Digraph":
    return _Timeline(graph, report, document=document, lang=lang, era_style=era_style).build()
