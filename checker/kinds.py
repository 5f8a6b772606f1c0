"""The kinds of plan document and the level each belongs to (national, prefectural, municipal),
told from raw YAML: the models (checker.model) and the readers that see plan files before any
model is imported (the scan of a file's head, stage 1 of loading, checker.load.parse) share them.
This module imports nothing heavy: a check starts reading plan files in a second process before
this one imports pydantic's models (checker.load.units.SplitAhead)."""

from __future__ import annotations

from typing import Any, Literal

DOCUMENT_KINDS = (
    "national_strategy",
    "prefectural_strategy",
    "municipal_strategy",
    "comprehensive_plan",
    "population_vision",
    "regional_plan",
    "projection_edition",
    "grant_programme",
)


def level_of(kind: Any, municipality: Any = None) -> Literal["national", "prefectural", "municipal"]:
    """Reference documents (national, prefectural) ship with plancheck; a city writes the rest.
    Decided from the kind (and a comprehensive plan's owner), so raw YAML can be sorted too."""
    if kind in ("municipal_strategy", "population_vision", "regional_plan"):
        return "municipal"
    if kind == "prefectural_strategy":
        return "prefectural"
    if kind == "comprehensive_plan":
        return "municipal" if municipality else "prefectural"
    return "national"
