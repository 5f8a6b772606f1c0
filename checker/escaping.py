"""Plan text shown to people: one convention for characters that do not show, or that change what
is shown (docs/security.md, "Output escaping").

Every title, id, note, file name and table cell comes from another municipality or a consultant
and may carry a terminal escape (ESC [2J clears the screen, OSC 8 makes a hyperlink, OSC 0 sets
the window title), a line break that forges a report line, or a right-to-left override that
reorders what a reviewer reads. The outputs people read (text, Markdown, HTML, JUnit, Excel and
the diagrams) show such characters as marks instead of obeying them:

    line break (LF, CR, CRLF)                     ⏎  (U+23CE)
    other C0 control (U+0000–U+001F), DEL         its Control Picture: ESC ␛, BEL ␇, TAB ␉, NUL ␀, DEL ␡
    C1 control (U+0080–U+009F)                    <U+009B>
    format characters (Unicode category Cf):      <U+202E>, <U+200B>, <U+FEFF> …
      bidi embeddings/overrides/isolates, zero-width
      space/joiners, marks, BOM, soft hyphen …
    line/paragraph separators (Zl, Zp),           <U+2028>, <U+D800>, <U+FFFE> …
      lone surrogates, noncharacters

An output that draws line breaks itself (Markdown's `<br>`, HTML, the diagrams) passes `keep="\\n"`
and gets line ends normalised to LF instead of ⏎. JUnit XML and Excel replace the C0 controls XML
cannot hold with U+FFFD first, as they did before. JSON and SARIF are data formats: they keep the
raw text (and JSON escapes control characters anyway).
"""

from __future__ import annotations

import unicodedata
from html import escape as _html_escape

__all__ = ["visible", "visible_html", "mark", "CC_CLASS"]

NEWLINE_MARK = "\u23ce"  # ⏎
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
CC_CLASS = "cc"  # the class of the <span> an HTML report marks such a character with


def _noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def mark(ch: str) -> str | None:
    """The visible mark of one character, or None when it shows as itself."""
    code = ord(ch)
    if code == 0x0A or code == 0x0D:
        return NEWLINE_MARK
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    if ch.isprintable():  # fast path: letters, digits, symbols, the ordinary space
        return None
    if unicodedata.category(ch) in _HIDDEN_CATEGORIES or _noncharacter(code):
        return f"<U+{code:04X}>"
    return None  # other spaces (U+3000, NBSP …), private use, unassigned: shown as they are


def _normal(text: object) -> str:
    s = str(text)
    if "\r" in s:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
    return s


def visible(text: object, *, keep: str = "") -> str:
    """`text` with every control, format and other invisible character shown as its mark (see the
    module docstring). `keep` lists characters to leave as they are: "\\n" for outputs that draw
    line breaks themselves (CR and CRLF then become LF), "\\t" for a tab."""
    s = _normal(text)
    if s.isprintable():
        return s
    out: list[str] = []
    for ch in s:
        m = None if ch in keep else mark(ch)
        out.append(ch if m is None else m)
    return "".join(out)


def visible_html(text: object, *, keep: str = "\n\t") -> str:
    """`text` as HTML element content: escaped, each invisible character shown as its mark in a
    `<span class="cc" title="U+202E RIGHT-TO-LEFT OVERRIDE">` (never usable inside an attribute
    value; use `html.escape(visible(text))` there)."""
    s = _normal(text)
    if s.isprintable():
        return _html_escape(s, quote=True)
    out: list[str] = []
    plain: list[str] = []
    for ch in s:
        m = None if ch in keep else mark(ch)
        if m is None:
            plain.append(ch)
            continue
        out.append(_html_escape("".join(plain), quote=True))
        plain = []
        name = unicodedata.name(ch, "") or ("LINE BREAK" if m == NEWLINE_MARK else "")
        title = f"U+{ord(ch):04X}" + (f" {name}" if name else "")
        out.append(f'<span class="{CC_CLASS}" title="{_html_escape(title, quote=True)}">{_html_escape(m)}</span>')
    out.append(_html_escape("".join(plain), quote=True))
    return "".join(out)
