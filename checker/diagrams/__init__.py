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

Size: a diagram covering more than MAX_MUNICIPALITIES municipalities is refused before Graphviz
lays it out (DiagramError naming `--document` and the strategies to pass to it): a goal map of 30
municipalities has some 7,000 boxes and 10,000 lines, which `dot` takes minutes and gigabytes to
lay out and nobody can read; one diagram per municipality is the useful picture. Refusing keeps
one diagram per command and per output file (what scripts and `make run` expect); a loop over
the strategies named in the message draws them all.

Years and dates in a diagram follow one style, `era_style` (checker.eras): R2年度, 令和2年度 or
2020年度 (FY2020 in English).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, get_args

import networkx as nx

from checker import eras, i18n
from checker.eras import EraStyle
from checker.errors import PlancheckError
from checker.i18n import LANGUAGES, both, t
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

__all__ = ["DEPTHS", "FORMATS", "KINDS", "MAX_MUNICIPALITIES", "DiagramError", "MapUnavailable", "build", "draw",
           "municipalities"]

MAX_MUNICIPALITIES = 10  # beyond this a diagram is a wall of boxes, and slow to lay out
DPI_RANGE = (36, 600)  # PNG resolution; Graphviz's default is 96


class DiagramError(PlancheckError, ValueError):
    """A diagram cannot be drawn: bad arguments, an unknown document, no `dot` program, or more
    municipalities than one diagram shows legibly. `message` is English, `message_ja` Japanese."""

    def __init__(self, message: str, message_ja: str) -> None:
        super().__init__(message_ja, message)
        self.message = message

    def unavailable(self) -> "MapUnavailable":
        return MapUnavailable(self.message_ja, self.message)


def _error(key: str, **params: object) -> DiagramError:
    """A DiagramError with the catalogue's text (checker.i18n, diagram.<key>) in both languages."""
    ja, en = both(f"diagram.{key}", **params)
    return DiagramError(en, ja)


class MapUnavailable:
    """Why a report has no goal map (Graphviz missing, too many municipalities): reports say so
    where the map would be. `ja` and `en` are plain text."""

    __slots__ = ("ja", "en")

    def __init__(self, ja: str, en: str) -> None:
        self.ja, self.en = ja, en

    def __repr__(self) -> str:
        return f"MapUnavailable({self.en!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MapUnavailable) and (self.ja, self.en) == (other.ja, other.en)

    __hash__ = None  # type: ignore[assignment]


def municipalities(graph: nx.MultiDiGraph, report: Report, kind: str, document: str | None = None) -> list[str]:
    """The municipalities a diagram of `kind` would draw (their names, sorted)."""
    if kind == "goals":
        from checker.diagrams import goals

        docs: list[str] = list(goals.select(graph, report, document).full)
    elif kind == "continuity":
        from checker.diagrams import continuity

        docs = continuity.strategies(graph, document)
    else:
        from checker.diagrams import timeline

        docs = timeline.select(graph, document)
    names = {str(graph.nodes[d].get("municipality") or graph.nodes[d].get("owner") or d) for d in docs
             if (graph.nodes[d].get("level") or "municipal") == "municipal"
             and graph.nodes[d].get("type") not in ("national_strategy", "prefectural_strategy")}
    return sorted(names)


def too_many(kind: str, count: int, strategies: list[str]) -> DiagramError:
    """The refusal of a diagram over MAX_MUNICIPALITIES, with the `--document` hint."""
    name = f"diagram.name.{kind if kind in KINDS else 'goals'}"
    shown = strategies[:3]
    rest = len(strategies) - len(shown)
    example = f" --document {strategies[0]}" if strategies else " --document ID"

    def text(lang: str) -> str:
        listed = t("sep.list", lang).join(shown) + (t("diagram.more_strategies", lang, n=rest) if rest > 0 else "")
        return t("diagram.too_many", lang, name=t(name, lang), count=count, most=MAX_MUNICIPALITIES,
                 example=example, listed=listed)

    return DiagramError(text("en"), text("ja"))


def municipal_strategies(graph: nx.MultiDiGraph) -> list[str]:
    """Per municipality, its latest municipal strategy (the one to pass to `--document`), by
    municipality."""
    latest: dict[str, tuple[int, str]] = {}
    for n, d in graph.nodes(data=True):
        if d.get("type") != "municipal_strategy":
            continue
        period = d.get("period")
        start = int(getattr(period, "start", 0) or 0)
        key = str(d.get("municipality") or d.get("owner") or n)
        if key not in latest or (start, n) > latest[key]:
            latest[key] = (start, n)
    return [latest[k][1] for k in sorted(latest)]


def build(graph: nx.MultiDiGraph, report: Report, kind: Kind, *, document: str | None = None,
          depth: Depth = "all", lang: Lang = "ja", collapse_projects_over: int = 5,
          era_style: EraStyle = eras.DEFAULT_STYLE) -> "graphviz.Digraph":
    """The diagram as a `graphviz.Digraph` (not rendered)."""
    _check(graph, kind, "dot", document, depth, lang, collapse_projects_over, era_style)
    _check_size(graph, report, kind, document)
    report = eras.restyled(report, era_style)  # the tooltips' messages write years as the figure does
    if kind == "goals":
        from checker.diagrams import goals

        return goals.build(graph, report, document=document, depth=depth, lang=lang,
                           collapse_projects_over=collapse_projects_over, era_style=era_style)
    if kind == "continuity":
        from checker.diagrams import continuity

        return continuity.build(graph, report, document=document, lang=lang, era_style=era_style)
    from checker.diagrams import timeline as timeline_diagram

    return timeline_diagram.build(graph, report, document=document, lang=lang, era_style=era_style)


def draw(graph: nx.MultiDiGraph, report: Report, kind: Kind, *, fmt: Format = "svg",
         document: str | None = None, depth: Depth = "all", lang: Lang = "ja",
         collapse_projects_over: int = 5, era_style: EraStyle = eras.DEFAULT_STYLE,
         dpi: int | None = None) -> bytes:
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
    - era_style: how years and dates are written (checker.eras): short R2年度, long 令和2年度,
      western 2020年度; English always FY2020.
    - dpi (PNG only): the resolution, 36–600 (Graphviz's default 96).
    Raises DiagramError for bad arguments, an unknown document, a missing `dot` program, or a
    diagram of more than MAX_MUNICIPALITIES municipalities (with the `--document` hint).
    """
    _check(graph, kind, fmt, document, depth, lang, collapse_projects_over, era_style)
    if dpi is not None and (isinstance(dpi, bool) or not isinstance(dpi, int) or not DPI_RANGE[0] <= dpi <= DPI_RANGE[1]):
        raise _error("bad_dpi", low=DPI_RANGE[0], high=DPI_RANGE[1], dpi=dpi)
    dot = build(graph, report, kind, document=document, depth=depth, lang=lang,
                collapse_projects_over=collapse_projects_over, era_style=era_style)
    if dpi is not None and fmt == "png":
        dot.attr("graph", dpi=str(dpi))
    if fmt == "dot":
        return str(dot.source).encode("utf-8")
    import graphviz

    try:
        data: bytes = dot.pipe(format=fmt, engine="dot", quiet=True)
    except graphviz.ExecutableNotFound as e:
        raise _error("no_dot", fmt=fmt, error=e) from None
    except graphviz.CalledProcessError as e:
        stderr = e.stderr.decode("utf-8", "replace") if isinstance(e.stderr, bytes) else str(e.stderr)
        raise _error("dot_failed", error=stderr.strip()) from None
    return data


def _check_size(graph: nx.MultiDiGraph, report: Report, kind: str, document: str | None) -> None:
    names = municipalities(graph, report, kind, document)
    if len(names) > MAX_MUNICIPALITIES:
        raise too_many(kind, len(names), municipal_strategies(graph))


def _check(graph: nx.MultiDiGraph, kind: str, fmt: str, document: str | None, depth: str, lang: str,
           collapse: int, era_style: str = eras.DEFAULT_STYLE) -> None:
    for value, allowed, what in ((kind, KINDS, "kind"), (fmt, FORMATS, "format"), (depth, DEPTHS, "depth"),
                                 (lang, LANGUAGES, "language"), (era_style, eras.ERA_STYLES, "era_style")):
        if value not in allowed:
            raise _error("unknown_value", what=i18n.text(f"diagram.what.{what}"), value=value, allowed=", ".join(allowed))
    if isinstance(collapse, bool) or not isinstance(collapse, int) or collapse < 0:
        raise _error("bad_collapse", collapse=collapse)
    if document is not None:
        from checker.diagrams._common import DOCUMENT_TYPES

        if document not in graph or graph.nodes[document].get("type") not in DOCUMENT_TYPES:
            raise _error("no_document", document=document)
