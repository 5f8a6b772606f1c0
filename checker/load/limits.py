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

    @property
    def file_bytes(self) -> int:
        return int(self.file_mb * 1024 * 1024)


DEFAULT_LIMITS = Limits()
