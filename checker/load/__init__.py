"""Readers: plan files (YAML) and tables → validated documents with their locations.

The names below are imported when first used (PEP 562): importing a light module of this package
(errors, paths, files, limits, the cache) must not load the document model and its validators."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from checker.load.documents import LoadResult, SourceDocument, load_documents, read_documents
    from checker.load.errors import InputError, PlanInputError

_HOME = {"LoadResult": "documents", "SourceDocument": "documents", "load_documents": "documents",
         "read_documents": "documents", "InputError": "errors", "PlanInputError": "errors"}

__all__ = ["InputError", "LoadResult", "PlanInputError", "SourceDocument", "load_documents", "read_documents"]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
