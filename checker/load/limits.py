"""Limits on what one plan file may make plancheck do, so hostile or broken input is refused
quickly with bounded memory. Configurable in a profile (`limits:`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Limits(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    file_mb: float = Field(default=20, gt=0, description="largest plan file or table, in MB")
    yaml_nodes: int = Field(default=1_000_000, gt=0, description="YAML nodes of a document after expanding aliases (&/*)")
    depth: int = Field(default=64, gt=0, le=500, description="nesting of mappings and lists")
    table_rows: int = Field(default=100_000, gt=0, description="rows of one table")
    table_columns: int = Field(default=200, gt=0, description="columns of one table (a value further right is refused)")
    table_cells: int = Field(default=1_000_000, gt=0, description=(
        "cells of one Excel sheet, empty ones included, and entries of a workbook's shared-string table; "
        "the XML elements read from one workbook are limited to 8 times this"))
    xlsx_mb: float = Field(default=100, gt=0, description=(
        "uncompressed size of an Excel workbook (all its parts, as its zip directory declares them), in MB"))
    xlsx_ratio: float = Field(default=200, gt=1, description="compression ratio of one part of a workbook (parts over 1 MB)")

    @property
    def file_bytes(self) -> int:
        return int(self.file_mb * 1024 * 1024)

    @property
    def xlsx_bytes(self) -> int:
        return int(self.xlsx_mb * 1024 * 1024)


DEFAULT_LIMITS = Limits()
