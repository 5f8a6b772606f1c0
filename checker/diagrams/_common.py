"""What the three diagrams share: text escaping (one function per DOT context, and a Digraph
that accepts nothing else), node names, colours, and the index of which drawn elements a Report's
violations touch. Drawing only: every finding comes from the Report.

Nothing here imports `graphviz` at module level; the builders import it when they run.
"""

from __future__ import annotations

import functools
import hashlib
import html
import re
import unicodedata
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from checker import eras, i18n
from checker.eras import EraStyle
from checker.escaping import visible
from checker.fiscal import Period, PlanDate
from checker.i18n import t
from checker.labels import severity_label
from checker.report import SEVERITY_RANK, Report, Severity, Violation
from checker.unknown import Unknown

if TYPE_CHECKING:
    import graphviz

Lang = Literal["ja", "en"]

FONT = "IPAGothic"  # fonts-ipafont-gothic; fontconfig falls back to another CJK font if missing

# -- colours ------------------------------------------------------------------------------------
SEVERITY_COLOUR: dict[str, str] = {"error": "#d62728", "warning": "#e67e00", "info": "#1f77b4"}
SEVERITY_TINT: dict[str, str] = {"error": "#fde2e1", "warning": "#fff0d6", "info": "#e2eef9"}
WAIVED_COLOUR = "#8c8c8c"
WAIVED_TINT = "#f0f0f0"
PLAIN_BORDER = "#6b6b6b"
MUTED = "#666666"
CONTINUES_COLOUR = "#1b7f79"
FUNDS_COLOUR = "#7b3f9e"

DOCUMENT_TYPES = frozenset({
    "national_strategy", "prefectural_strategy", "municipal_strategy", "comprehensive_plan",
    "basic_plan", "population_vision", "projection_edition", "grant_programme",
})

# -- words of the diagrams (plan text itself is never translated): the catalogue's diagram.* ---------
def word(key: str, lang: Lang, **params: object) -> str:
    """The diagrams' words and sentences (checker.i18n, diagram.<key>) in `lang`."""
    return t(f"diagram.{key}", lang, **params)


# -- text: one escaping function per DOT context -------------------------------------------------
# Plan text reaches a diagram in these contexts only, each through its own function:
#
#   HTML-like label text        h(text)            <>&"' as entities, line breaks as <BR/>; inside html_label()
#   HTML-like attribute value   ha(text)           ID="…" in an HTML-like label: entities, one line
#   DOT quoted-string label     dot_label(text)    label/xlabel="…": backslash doubled, " escaped, & as &amp;,
#                                                  line breaks as \n (graphviz reads entities and \N, \G …)
#   tooltip                     dot_tooltip(text)  the same escaping, for tooltip="…" (SVG <title>, xlink:title)
#   URL / href                  dot_url(fragment)  only a same-document fragment "#…", percent-encoded
#   node id                     node_name(id)      the id when it is plain, else a stable hash; always quoted
#
# Before any of them, clean() shows control, format and other invisible characters as visible marks
# (checker.escaping: ESC as ␛, U+202E as <U+202E>). The Digraph of new_digraph() enforces this: it
# writes an attribute only under a known name, and its value only as an HtmlLabel (checked against
# a whitelist of tags and attributes), a DotString/DotUrl made here, or a constant of this package
# (colours, sizes, styles); every value and node name is double-quoted. A plan string therefore
# never becomes an attribute name, an unquoted value, markup, a URL or an image.


class DotString(str):
    """The escaped content of a DOT double-quoted string (from dot_label / dot_tooltip)."""

    __slots__ = ()


class DotUrl(DotString):
    """The escaped content of a URL/href attribute (from dot_url)."""

    __slots__ = ()


class HtmlLabel(str):
    """An HTML-like label `<…>` built by this package (html_label) from h()/ha() and fixed markup."""

    __slots__ = ()


def clean(text: object) -> str:
    """Plan text made safe to carry: line ends as \n, a tab as a space, every other control, format
    or invisible character shown as its visible mark (checker.escaping.visible)."""
    return visible(str(text).replace("\t", " "), keep="\n")


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in ("F", "W") else 1


# Characters a line must not start with (kinsoku): they stay on the previous line. A space too:
# a broken line never starts with one (an English name and its unit: "… (人)").
_NO_LINE_START = frozenset("）)」』】〕〉》]}、。，．,.・ー～！？!?%％ ")
_NO_LINE_END = frozenset("（(「『【〔〈《[{")


def wrap(text: object, width: int = 28) -> list[str]:
    """Lines of about `width` columns (a full-width character counts two), breaking anywhere
    (Japanese has no spaces) but not before closing or after opening brackets, and at the
    plan's own newlines; a last line of two characters or less joins the one before."""
    lines: list[str] = []
    for part in clean(text).split("\n"):
        own: list[str] = []  # this paragraph's lines
        line, used = "", 0
        for ch in part:
            w = _width(ch)
            if used + w > width and line and ch not in _NO_LINE_START:
                carry = ""
                if line[-1] in _NO_LINE_END and len(line) > 1:
                    line, carry = line[:-1], line[-1]
                own.append(line)
                line, used = carry, sum(_width(c) for c in carry)
            line += ch
            used += w
        # No one- or two-character last line: it joins the line before, a little over width.
        if own and line and used <= 4 and sum(_width(c) for c in own[-1]) + used <= width + 4:
            own[-1] += line
        else:
            own.append(line)
        lines += own
    return lines


def h(text: object, width: int | None = None, align: str = "CENTER", *, end: bool = True) -> str:
    """Plan text as the content of an HTML-like label: escaped, wrapped, newlines as <BR/>.
    Left/right-aligned text ends with a <BR ALIGN=…/> (what aligns its last line in graphviz)
    unless `end` is False (the caller ends the line)."""
    lines = wrap(text, width) if width else clean(text).split("\n")
    br = f'<BR ALIGN="{align}"/>' if align != "CENTER" else "<BR/>"
    body = br.join(html.escape(line, quote=True) for line in lines)
    return body + br if align != "CENTER" and end else body


def ha(text: object) -> str:
    """Plan text as an attribute value inside an HTML-like label (ID="…")."""
    return html.escape(clean(text).replace("\n", " "), quote=True)


def _quoted(text: object) -> str:
    s = clean(text)
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;").replace("\n", "\\n")


def dot_label(text: object) -> DotString:
    """Plan text as a DOT quoted-string label (label, xlabel …): backslashes lose their escString
    meaning (\\N, \\l …), quotes are escaped, & is written &amp; (graphviz decodes entities in
    labels), line breaks become \\n."""
    return DotString(_quoted(text))


def dot_tooltip(text: object) -> DotString:
    """Plan text as a tooltip (an escString too; graphviz writes it to the SVG's xlink:title and
    decodes entities in it first): escaped like dot_label."""
    return DotString(_quoted(text))


def dot_url(fragment: object) -> DotUrl:
    """A URL/href for a drawn element: only a fragment of the same document (`#…`) with the plan
    text percent-encoded, so it can name an anchor but never a scheme (javascript:, file:), host,
    path or image. No diagram links anything today; this is the only way to."""
    return DotUrl("#" + urllib.parse.quote(clean(fragment), safe=""))


def html_label(body: str) -> HtmlLabel:
    """Mark a string built from h()/ha() and fixed markup as an HTML-like label."""
    return HtmlLabel(f"<{body}>")


_PLAIN_ID = re.compile(r'[":\\<>{}&]')


def node_name(node_id: str) -> str:
    """The DOT name of a graph node: its qualified id when that is plain enough to survive
    graphviz's `node:port` syntax and the SVG <title> (printable, none of `":\\<>{}&`),
    otherwise a stable hash of it. The Digraph always double-quotes it."""
    if node_id and len(node_id) <= 300 and node_id.isprintable() and not _PLAIN_ID.search(node_id):
        return node_id
    return "n_" + hashlib.sha1(node_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]


# -- the Digraph that writes only escaped values ----------------------------------------------------
# Attributes the diagrams use, by what their value must be.
_LABEL_ATTRS = frozenset({"label", "xlabel", "taillabel", "headlabel"})
_TEXT_ATTRS = frozenset({"tooltip", "labeltooltip", "tailtooltip", "headtooltip", "edgetooltip"})
_URL_ATTRS = frozenset({"URL", "href", "labelURL", "labelhref", "tailURL", "tailhref", "headURL", "headhref",
                        "edgeURL", "edgehref"})
_CONSTANT_ATTRS = frozenset({
    "arrowhead", "arrowsize", "charset", "class", "color", "constraint", "dpi", "fillcolor", "fontcolor", "fontname",
    "fontsize",
    "labelangle", "labeldistance", "labelfontcolor", "labelfontsize", "labeljust", "labelloc", "margin", "minlen",
    "nodesep", "penwidth", "rank", "rankdir", "ranksep", "remincross", "shape", "splines", "style",
})
_CONSTANT = re.compile(r"[A-Za-z0-9_.,#%+\- ]*\Z")  # "#d62728", "rounded,filled", "0.08,0.04", "IPAGothic"
_COMPASS = frozenset({"n", "ne", "e", "se", "s", "sw", "w", "nw", "c", "_"})
# HTML-like labels: the tags and attributes graphviz draws with, without IMG, HREF, TARGET, TITLE,
# TOOLTIP (links, pictures and files).
_HTML_TAGS = frozenset({"TABLE", "TR", "TD", "FONT", "B", "I", "U", "O", "S", "SUB", "SUP", "BR", "HR", "VR"})
_HTML_ATTRS = frozenset({"ALIGN", "BALIGN", "BGCOLOR", "BORDER", "CELLBORDER", "CELLPADDING", "CELLSPACING",
                         "COLOR", "COLSPAN", "COLUMNS", "FACE", "FIXEDSIZE", "HEIGHT", "ID", "POINT-SIZE", "PORT",
                         "ROWS", "ROWSPAN", "SIDES", "STYLE", "VALIGN", "WIDTH"})
_TAG = re.compile(r"<[^<>]*>")
_TAG_PARTS = re.compile(r'</?([A-Za-z]+)((?:\s+[A-Za-z-]+="[^"]*")*)\s*/?>\Z')
_TAG_ATTR = re.compile(r'\s+([A-Za-z-]+)="[^"]*"')


class UnsafeDotValue(TypeError):
    """A value reached the Digraph without its context's escaping function (a bug of plancheck)."""


def _check_html(label: str) -> str:
    """The label, if its markup is only whitelisted tags and attributes and its text has no `<`/`>`
    (h() and ha() write them as entities)."""
    if not (label.startswith("<") and label.endswith(">")):
        raise UnsafeDotValue(f"not an HTML-like label: {label[:80]!r}")
    body = label[1:-1]
    for tag in _TAG.findall(body):
        parts = _TAG_PARTS.match(tag)
        if parts is None or parts.group(1).upper() not in _HTML_TAGS:
            raise UnsafeDotValue(f"HTML-like label with the tag {tag[:80]!r}")
        for name in _TAG_ATTR.findall(parts.group(2)):
            if name.upper() not in _HTML_ATTRS:
                raise UnsafeDotValue(f"HTML-like label with the attribute {name!r}")
    text = _TAG.sub("", body)
    if "<" in text or ">" in text:
        raise UnsafeDotValue(f"HTML-like label with unescaped text: {label[:80]!r}")
    return label


def _dot_value(name: object, value: object) -> str:
    if not isinstance(name, str) or not (name in _LABEL_ATTRS or name in _TEXT_ATTRS or name in _URL_ATTRS
                                         or name in _CONSTANT_ATTRS):
        raise UnsafeDotValue(f"attribute {name!r} is not one the diagrams write")
    if name in _URL_ATTRS:
        if not isinstance(value, DotUrl):
            raise UnsafeDotValue(f"{name} must come from dot_url()")
        return f'"{value}"'
    if name in _LABEL_ATTRS and isinstance(value, HtmlLabel):
        return _check_html(value)
    if name in _LABEL_ATTRS or name in _TEXT_ATTRS:
        if isinstance(value, DotString) and not isinstance(value, DotUrl):
            return f'"{value}"'
        if name == "label" and value == "":
            return '""'
        raise UnsafeDotValue(f"{name} must come from html_label(), dot_label() or dot_tooltip()")
    if not isinstance(value, str) or type(value) is not str or not _CONSTANT.match(value):
        raise UnsafeDotValue(f"{name}={value!r} is not a constant of the diagrams")
    return f'"{value}"'


def _dot_a_list(label: str | None = None, kwargs: Mapping[str, Any] | None = None,
                attributes: Any = None) -> str:
    items: list[tuple[object, object]] = [("label", label)] if label is not None else []
    if kwargs:
        items += list(kwargs.items())
    if attributes:
        items += list(attributes.items() if hasattr(attributes, "items") else attributes)
    return " ".join(f"{k}={_dot_value(k, v)}" for k, v in items if v is not None)


def _dot_attr_list(label: str | None = None, kwargs: Mapping[str, Any] | None = None,
                   attributes: Any = None) -> str:
    content = _dot_a_list(label, kwargs=kwargs, attributes=attributes)
    return f" [{content}]" if content else ""


def _dot_name(name: object) -> str:
    if (not isinstance(name, str) or not name or not name.isprintable()
            or any(c in name for c in '":\\')):
        raise UnsafeDotValue(f"node or graph name {name!r} did not come from node_name()")
    return f'"{name}"'


def _dot_edge_end(end: str) -> str:
    """`name[:port[:compass]]`, each part quoted (names have no colon, see node_name)."""
    name, _, rest = end.partition(":")
    parts = [_dot_name(name)]
    if rest:
        port, _, compass = rest.partition(":")
        parts.append(_dot_name(port))
        if compass:
            if compass not in _COMPASS:
                raise UnsafeDotValue(f"compass point {compass!r}")
            parts.append(compass)
    return ":".join(parts)


@functools.cache
def _digraph_class() -> type["graphviz.Digraph"]:
    import graphviz

    class SafeDigraph(graphviz.Digraph):  # type: ignore[misc]
        """A graphviz.Digraph that writes every name and value double-quoted, and only values made
        by the escaping functions above or constants of the diagrams (UnsafeDotValue otherwise)."""

        _quote = staticmethod(_dot_name)
        _quote_edge = staticmethod(_dot_edge_end)
        _a_list = staticmethod(_dot_a_list)
        _attr_list = staticmethod(_dot_attr_list)

    return SafeDigraph


def fy_label(fy: int, lang: Lang = "ja", style: EraStyle = eras.DEFAULT_STYLE) -> str:
    """A fiscal year on a time axis: R2 / 令和2 / 2020 (2020 in English, under "Fiscal year")."""
    return eras.fiscal_year_axis(fy, lang, style)


def period_of(data: Mapping[str, Any], *names: str) -> Period | None:
    """The first of a node's period attributes that is a period: none when each is missing or
    marked unknown in the sources (reference data may not show a period) — nothing to place."""
    for name in names or ("period",):
        value = data.get(name)
        if isinstance(value, Period):
            return value
    return None


def period_ja(period: Period | Unknown | None, lang: Lang, style: EraStyle = eras.DEFAULT_STYLE) -> str:
    """A period in the figure's year style: R2年度〜R6年度 / FY2020–FY2024; "" when none."""
    if period is None:
        return ""
    if isinstance(period, Unknown):
        return i18n.shown(period, lang)  # 不明 / unknown (with its note)
    return eras.period(period, lang, style)


def date_text(d: PlanDate | Unknown | None, lang: Lang, style: EraStyle = eras.DEFAULT_STYLE) -> str:
    """A date in the figure's year style: R2年3月27日 / 2020-03-27; "" when none. A date the plan
    wrote as 年度 + month (R2年度3月) is shown as the calendar month it is (R3年3月)."""
    if d is None:
        return ""
    if isinstance(d, Unknown):  # a reference document's date the sources did not show
        return i18n.shown(d, lang)
    return eras.date(d, lang, style)


def doc_class(doc: object) -> str:
    """The SVG class of a document's cluster, nodes and edges (the HTML report's "this document
    only" switch): a stable hash of its id, as plan ids may hold any character."""
    return "pcd_" + hashlib.sha1(str(doc).encode("utf-8", "surrogatepass")).hexdigest()[:10]


# -- findings -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Findings:
    """The violations touching one drawn element (as subject or related)."""

    violations: tuple[Violation, ...]

    @property
    def active(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.status != "waived")

    @property
    def severity(self) -> Severity | None:
        """The worst severity among violations that count; None when all are waived."""
        active = self.active
        if not active:
            return None
        return max((v.severity for v in active), key=lambda s: SEVERITY_RANK[s])

    @property
    def colour(self) -> str:
        sev = self.severity
        return SEVERITY_COLOUR[sev] if sev else WAIVED_COLOUR

    @property
    def tint(self) -> str:
        sev = self.severity
        return SEVERITY_TINT[sev] if sev else WAIVED_TINT

    @property
    def waived_only(self) -> bool:
        return bool(self.violations) and not self.active

    def rule_ids(self) -> list[tuple[str, str | None]]:
        """(rule id, severity or None if every violation of it here is waived), by rule id."""
        out: dict[str, str | None] = {}
        for v in self.violations:
            current = out.get(v.rule)
            sev = None if v.waived else v.severity
            if v.rule not in out or (sev and (current is None or SEVERITY_RANK[sev] > SEVERITY_RANK[current])):
                out[v.rule] = sev
        return sorted(out.items())

    def badge(self, lang: Lang, size: int = 9, per_line: int = 4) -> str:
        """Rule ids as coloured HTML-like text, e.g. `GOAL-001 KPI-001`; waived ones grey;
        `per_line` ids to a line."""
        parts = []
        for rule, sev in self.rule_ids():
            colour = SEVERITY_COLOUR[sev] if sev else WAIVED_COLOUR
            suffix = "" if sev else word("waived_note", lang)
            parts.append(f'<FONT COLOR="{colour}"><B>{h(rule)}</B>{h(suffix)}</FONT>')
        if not parts:
            return ""
        lines = [" ".join(parts[i:i + per_line]) for i in range(0, len(parts), per_line)]
        return f'<FONT POINT-SIZE="{size}">' + '<BR ALIGN="LEFT"/>'.join(lines) + "</FONT>"

    def tooltip(self, lang: Lang, head: str = "") -> str:
        lines = [head] if head else []
        for v in self.violations:
            sev = severity_label(v.severity, lang)
            waived = ""
            if v.waived:
                waived = f" [{word('waived', lang)}: {v.waived.reason}]"
            lines.append(f"{v.rule} ({sev}): {v.message.get(lang) or v.message.get('en', '')}{waived}")
        return "\n".join(lines)


class FindingIndex:
    """Which violations touch which node id, and which touch an edge between two node ids."""

    def __init__(self, report: Report, keep: Iterable[Violation] | None = None) -> None:
        self.violations: tuple[Violation, ...] = tuple(report.violations if keep is None else keep)
        by_node: dict[str, list[Violation]] = {}
        for v in self.violations:
            for n in dict.fromkeys((v.subject, *v.related)):
                by_node.setdefault(n, []).append(v)
        self._by_node = {n: tuple(vs) for n, vs in by_node.items()}

    def node(self, node_id: str) -> Findings:
        return Findings(self._by_node.get(node_id, ()))

    def nodes(self, node_ids: Iterable[str]) -> Findings:
        seen: dict[int, Violation] = {}
        for n in node_ids:
            for v in self._by_node.get(n, ()):
                seen.setdefault(id(v), v)
        return Findings(tuple(seen.values()))

    def edge(self, a: str, b: str) -> Findings:
        """Violations whose subject is one end and whose related nodes name the other."""
        found = tuple(v for v in self._by_node.get(a, ())
                      if a != b and ((v.subject == a and b in v.related) or (v.subject == b and a in v.related)))
        return Findings(found)


def node_style(findings: Findings, fill: str, *, border: str = PLAIN_BORDER,
               base_style: str = "rounded,filled") -> dict[str, str]:
    """Attributes of a node: its type's fill normally; the severity colour and tint when a
    violation touches it; dashed grey when all that touch it are waived."""
    if not findings.violations:
        return {"color": border, "fillcolor": fill, "style": base_style, "penwidth": "1"}
    style = base_style + (",dashed" if findings.waived_only else "")
    return {"color": findings.colour, "fillcolor": findings.tint, "style": style,
            "penwidth": "1.5" if findings.waived_only else "2.5"}


def new_digraph(name: str, lang: Lang, **graph_attr: str) -> "graphviz.Digraph":
    """A Digraph that accepts only escaped values (see "text" above); its subgraphs likewise."""
    g = _digraph_class()(name=name)
    g.attr("graph", fontname=FONT, charset="UTF-8", **graph_attr)
    g.attr("node", fontname=FONT, fontsize="11")
    g.attr("edge", fontname=FONT, fontsize="9")
    return g


def attrs(d: Mapping[str, Any]) -> dict[str, str]:
    """Drop None values (graphviz would print them) and stringify the rest (strings keep their
    escaped type: HtmlLabel, DotString)."""
    return {k: v if isinstance(v, str) else str(v) for k, v in d.items() if v is not None}
