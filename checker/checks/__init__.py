"""Check kinds: one small pure function each, registered by name (see base.py).

Rules (YAML in rules/) choose a kind and its parameters; importing this package registers all
kinds, so `REGISTRY` is complete."""

from checker.checks import (  # noqa: F401  (registration)
    attributes, continuity, documents, indicators, links, periods, plausibility, population, text, timing, values,
)
from checker.checks.base import REGISTRY, CheckKind, Context, Finding, Params, Selector

__all__ = ["REGISTRY", "CheckKind", "Context", "Finding", "Params", "Selector"]
