"""Readers: plan files (YAML) and tables → validated documents with their locations."""

from checker.load.documents import LoadResult, SourceDocument, load_documents, read_documents
from checker.load.errors import InputError, PlanInputError

__all__ = ["InputError", "LoadResult", "PlanInputError", "SourceDocument", "load_documents", "read_documents"]
