"""Diagrams of a checked plan set: the goal map, period continuity and the timeline (design §6).

Drawing only: what is wrong comes from the Report (violation subject and related nodes), never
from a rule re-run here. `graphviz` (the Python package, and the `dot` program for anything but
DOT source) is imported only when a diagram is drawn.

    from checker import api, diagrams
    plans, report = api.check_plans()
    svg = diagrams.draw(plans.graph, report, "goals")            # bytes of an SVG document
    png = diagrams.draw(plans.graph, report, "timeline", fmt="png")

Nodes are named by their qualified ids (`azumino/strategy-2#G2`) wherever those are plain, so an
SVG's `<g class="node"><title>` is the node id a Violation names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, get_args

import networkx as nx

from checker.report import Report

if TYPE_CHECKING:
    import graphviz

Kind = Literal["goals", "continuity", "timeline"]
Format = Literal["svg", "png", "pdf", "dot"]
Depth = Literal["goals", "measures", "all"]
Lang = Literal["ja", "en"]

KINDS: tuple[str, ...] = get_args(Kind)
FORMATS: tuple[str, ...] = get_args(Format)
DEPTHS: tuple[str, ...] = get_args(Depth)

__all__ = ["DEPTHS", "FORMATS", "KINDS", "DiagramError", "build", "draw"]


class DiagramError(ValueError):
    """A diagram cannot be drawn: bad arguments, an unknown document, or no `dot` program.
    `message` is English, `message_ja` Japanese."""

    def __init__(self, message: str, message_ja: str) -> None:
        super().__init__(message)
        self.message = message
        self.message_ja = message_ja


def build(graph: nx.MultiDiGraph, report: Report, kind: Kind, *, document: str | None = None,
          depth: Depth = "all", lang: Lang = "ja", collapse_projects_over: int = 5) -> "graphviz.Digraph":
    """The diagram as a `graphviz.Digraph` (not rendered)."""
    _check(graph, kind, "dot", document, depth, lang, collapse_projects_over)
    if kind == "goals":
        from checker.diagrams import goals

        return goals.build(graph, report, document=document, depth=depth, lang=lang,
                           collapse_projects_over=collapse_projects_over)
    if kind == "continuity":
        from checker.diagrams import continuity

        return continuity.build(graph, report, document=document, lang=lang)
    from checker.diagrams import timeline as timeline_diagram

    return timeline_diagram.build(graph, report, document=document, lang=lang)


def draw(graph: nx.MultiDiGraph, report: Report, kind: Kind, *, fmt: Format = "svg",
         document: str | None = None, depth: Depth = "all", lang: Lang = "ja",
         collapse_projects_over: int = 5) -> bytes:
    """Draw one diagram. `fmt="dot"` gives the DOT source (UTF-8); svg/png/pdf are rendered by
    Graphviz `dot` (text stays text in SVG; PNG and PDF use the Japanese font IPAGothic).

    - kind: "goals" (goal map), "continuity" (previous vs next period), "timeline" (periods by
      fiscal year).
    - document: a document id to draw just that document and what it considers (goals), its
      predecessor/successor pairs (continuity), or its municipality with the national and
      prefectural context (timeline). None: every municipal strategy in the graph.
    - depth (goal map only): "goals", "measures" (goals + measures) or "all".
    - collapse_projects_over (goal map only): a measure with more projects than this shows one
      "事業 N件" node for those without findings.
    Raises DiagramError for bad arguments, an unknown document, or a missing `dot` program.
    """
    _check(graph, kind, fmt, document, depth, lang, collapse_projects_over)
    dot = build(graph, report, kind, document=document, depth=depth, lang=lang,
                collapse_projects_over=collapse_projects_over)
    if fmt == "dot":
        return str(dot.source).encode("utf-8")
    import graphviz

    try:
        data: bytes = dot.pipe(format=fmt, engine="dot", quiet=True)
    except graphviz.ExecutableNotFound as e:
        raise DiagramError(
            f"Graphviz `dot` is not installed (needed for {fmt}); install the graphviz package: {e}",
            f"{fmt} の描画には Graphviz の dot が必要です。graphviz をインストールしてください",
        ) from None
    except graphviz.CalledProcessError as e:
        stderr = e.stderr.decode("utf-8", "replace") if isinstance(e.stderr, bytes) else str(e.stderr)
        raise DiagramError(f"Graphviz `dot` failed: {stderr.strip()}",
                           f"Graphviz の dot が失敗しました: {stderr.strip()}") from None
    return data


def _check(graph: nx.MultiDiGraph, kind: str, fmt: str, document: str | None, depth: str, lang: str,
           collapse: int) -> None:
    for value, allowed, what_en, what_ja in ((kind, KINDS, "diagram kind", "図の種類"),
                                             (fmt, FORMATS, "format", "形式"),
                                             (depth, DEPTHS, "depth", "深さ"),
                                             (lang, ("ja", "en"), "language", "言語")):
        if value not in allowed:
            raise DiagramError(f"unknown {what_en} {value!r}; expected one of {', '.join(allowed)}",
                               f"{what_ja}「{value}」は使えません（{', '.join(allowed)}）")
    if isinstance(collapse, bool) or not isinstance(collapse, int) or collapse < 0:
        raise DiagramError(f"collapse_projects_over must be a whole number ≥ 0, not {collapse!r}",
                           f"collapse_projects_over は0以上の整数です（{collapse!r}）")
    if document is not None:
        from checker.diagrams._common import DOCUMENT_TYPES

        if document not in graph or graph.nodes[document].get("type") not in DOCUMENT_TYPES:
            raise DiagramError(f"no document {document!r} in the plans",
                               f"文書「{document}」は読み込んだ計画にありません")
