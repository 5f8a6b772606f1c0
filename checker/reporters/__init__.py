"""Reporters: a finished Report → one output format. Formatting only; they compute nothing.

Each format lives in its own module exposing `render(report, *, lang, colour, goal_map_svg)`
returning text, or bytes for binary formats; heavy libraries are imported there, only when that
format is asked for."""

from __future__ import annotations

import importlib
from typing import Any

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
}


def render(report: Report, fmt: str, lang: str = "ja", colour: bool = False, **extras: Any) -> str | bytes:
    module, _, _ = FORMATS[fmt]
    result: str | bytes = importlib.import_module(module).render(report, lang=lang, colour=colour, **extras)
    return result


def is_binary(fmt: str) -> bool:
    return FORMATS[fmt][1]
