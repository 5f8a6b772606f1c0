"""Unknown is not absent.

A fact a plan *lacks* (no adoption date written in the strategy, no baseline for a KPI) is a
finding. A fact nobody could *see* (the page of the published strategy with the adoption date is
missing, the table is cut off, the year is not printed) is not a defect of the plan: the person
writing the plan file marks it `unknown`, and every rule that needs it reports "not checked"
instead of a finding, and never passes silently either.

In a plan file: `adopted: unknown` (or 不明), or with a note `adopted: {unknown: 奥付なし}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

WORDS = frozenset({"unknown", "不明", "不詳"})


@dataclass(frozen=True)
class Unknown:
    """A fact that could not be seen in the source; `note` says why or what is missing."""

    note: str | None = None

    def ja(self) -> str:
        return "不明" + (f"（{self.note}）" if self.note else "")

    def en(self) -> str:
        return "unknown" + (f" ({self.note})" if self.note else "")

    def __str__(self) -> str:
        return self.en()


UNKNOWN = Unknown()


def unknown_of(value: Any) -> Unknown | None:
    """The Unknown a plan file's value says, or None when it states something: `unknown`, 不明,
    `{unknown: note}` or `{unknown: true}`."""
    if isinstance(value, str):  # first: most values are text
        return UNKNOWN if value.strip().lower() in WORDS else None
    if isinstance(value, Unknown):
        return value
    if isinstance(value, dict) and set(value) == {"unknown"}:
        note = value["unknown"]
        return UNKNOWN if note in (True, None) or (isinstance(note, str) and not note.strip()) else Unknown(str(note))
    return None
