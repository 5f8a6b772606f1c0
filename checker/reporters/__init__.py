"""Reporters: a finished Report → one output format. Formatting only; they compute nothing.

Each format lives in its own module exposing `render(report, *, lang, colour, goal_map_svg,
era_style)` returning text, or bytes for binary formats (xlsx, pdf); heavy libraries (openpyxl,
WeasyPrint) are imported there, only when that format is asked for. `goal_map_svg` is the SVG
text, or a checker.diagrams.MapUnavailable saying why there is none (api.goal_map_svg);
`era_style` (checker.eras) is how years and dates are written: render() restyles the messages,
each reporter the years and dates it formats itself."""

from __future__ import annotations

import importlib
from contextlib import nullcontext
from typing import Any

from checker import eras
from checker.load.yamlsource import gc_paused
from checker.report import Report

# format → (module, binary?, usual file suffix)
FORMATS: dict[str, tuple[str, bool, str]] = {
    "text": ("checker.reporters.text", False, ".txt"),
    "json": ("checker.reporters.json", False, ".json"),
    "sarif": ("checker.reporters.sarif", False, ".sarif"),
    "junit": ("checker.reporters.junit", False, ".xml"),
    "markdown": ("checker.reporters.markdown", False, ".md"),
    "html": ("checker.reporters.html", False, ".html"),
    "xlsx": ("checker.reporters.xlsx", True, ".xlsx"),
    "pdf": ("checker.reporters.pdf", True, ".pdf"),
}
# The formats whose reporter builds plain data (dicts, lists, text) and then serialises it: tens of
# thousands of objects for a national check, no cycles. They render with the cyclic collector
# paused: after a batch check, which paused it, a collection would scan the whole heap again.
_PLAIN_DATA = frozenset({"json", "sarif"})


def render(report: Report, fmt: str, lang: str = "ja", colour: bool = False, **extras: Any) -> str | bytes:
    module, _, _ = FORMATS[fmt]
    report = eras.restyled(report, extras.get("era_style"))  # messages write years as the rest of the report
    with gc_paused() if fmt in _PLAIN_DATA else nullcontext():
        result: str | bytes = importlib.import_module(module).render(report, lang=lang, colour=colour, **extras)
    return result


def is_binary(fmt: str) -> bool:
    return FORMATS[fmt][1]
