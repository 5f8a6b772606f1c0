"""The records of a plan diff: plain data — ids, titles as the plans write them, values, kinds and
statuses. No words for people: checker/reporters/diff.py words them (and writes and reads their
JSON form)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Iterable, Literal

from checker.report import Violation, exit_code

ChangeKind = Literal["added", "removed", "changed"]

# Entities compared inside a document, in report order.
ENTITY_TYPES: tuple[str, ...] = ("national_goal", "prefectural_goal", "basic_goal", "measure", "indicator",
                                 "project", "grant", "basic_plan", "population_target")
TYPE_RANK = {t: i + 1 for i, t in enumerate(ENTITY_TYPES)}  # documents rank 0

GOAL_STATUSES = ("continued", "changed", "merged", "retired", "none", "new")
ITEM_STATUSES = ("carried", "retired", "dropped", "new")


@dataclass(frozen=True)
class Link:
    """One target of a link field (considers, continues, part_of …) as a reader needs it: its id,
    whether it lies in the linking item's own document (then its local id is enough), its title
    (None when the target is not in the graph) and the link's own values (continues: as, reason;
    retires and leaves_unaddressed: reason)."""

    target: str
    title: Any
    same_document: bool
    extras: tuple[Any, ...] = ()


@dataclass(frozen=True)
class FieldChange:
    """One changed field. `old`/`new` are plain JSON-ready values (compared, and written to JSON);
    `old_value`/`new_value` are the values a reader is shown — the plan's own values (periods,
    dates, year and value pairs …; a link field as a tuple of Link) — which reporters word."""

    field: str
    old: Any
    new: Any
    old_value: Any = dataclasses.field(default=None, compare=False)  # (`field` is a field's name here)
    new_value: Any = dataclasses.field(default=None, compare=False)


@dataclass(frozen=True)
class EntityChange:
    """A document or an entity of a document that was added, removed or changed. `id` is its id
    in the new version (the old id for a removed one); `old_id` is set when it was matched under
    another id, with the title similarity `score` when the match was by title."""

    change: ChangeKind
    type: str  # node type, or the document kind for documents
    id: str
    document: str
    title: str
    kind: str | None = None  # indicators: numerical_target | kpi
    old_id: str | None = None
    old_title: str | None = None
    score: float | None = None
    fields: tuple[FieldChange, ...] = ()

    @property
    def is_document(self) -> bool:
        return self.id == self.document


@dataclass(frozen=True)
class Disposition:
    """What became of one item of the previous period (or, status "new", an item of the new
    period that continues nothing)."""

    item: str
    type: str  # basic_goal | indicator | grant
    title: str
    status: str  # goals: GOAL_STATUSES; indicators and grants: ITEM_STATUSES
    successors: tuple[str, ...] = ()
    successor_titles: tuple[str, ...] = ()
    reason: str | None = None
    goal: str | None = None  # indicators: the goal they measure (in their own period)
    kind: str | None = None  # indicators: numerical_target | kpi


@dataclass(frozen=True)
class Succession:
    """A strategy of the new version and its predecessor in the old one."""

    old_document: str
    new_document: str
    old_title: str
    new_title: str
    goals: tuple[Disposition, ...] = ()
    new_goals: tuple[Disposition, ...] = ()
    indicators: tuple[Disposition, ...] = ()
    new_indicators: tuple[Disposition, ...] = ()
    grants: tuple[Disposition, ...] = ()
    new_grants: tuple[Disposition, ...] = ()


@dataclass(frozen=True)
class PlanDiff:
    """Two versions of a plan compared. Plain data; its JSON form is written and read back by
    checker/reporters/diff.py (`to_dict`, `from_dict`)."""

    old: str  # what was compared, as the user named it
    new: str
    as_of: str = ""
    version: str = ""
    entities: tuple[EntityChange, ...] = ()
    successions: tuple[Succession, ...] = ()
    introduced: tuple[Violation, ...] = ()
    resolved: tuple[Violation, ...] = ()
    unchanged: tuple[Violation, ...] = ()
    old_files: tuple[str, ...] = ()
    new_files: tuple[str, ...] = ()
    old_context: tuple[str, ...] = ()  # files read only so that references resolve
    new_context: tuple[str, ...] = ()

    def of(self, change: ChangeKind) -> tuple[EntityChange, ...]:
        return tuple(e for e in self.entities if e.change == change)

    @property
    def added(self) -> tuple[EntityChange, ...]:
        return self.of("added")

    @property
    def removed(self) -> tuple[EntityChange, ...]:
        return self.of("removed")

    @property
    def changed(self) -> tuple[EntityChange, ...]:
        return self.of("changed")

    def summary(self) -> dict[str, Any]:
        def by_severity(vs: Iterable[Violation]) -> dict[str, int]:
            counted = [v for v in vs if v.status != "waived"]
            return {s: sum(1 for v in counted if v.severity == s) for s in ("error", "warning", "info")}

        return {
            "added": len(self.added), "removed": len(self.removed), "changed": len(self.changed),
            "renamed": sum(1 for e in self.entities if e.old_id is not None and e.old_id != e.id),
            "successions": len(self.successions),
            "introduced": len(self.introduced), "resolved": len(self.resolved), "unchanged": len(self.unchanged),
            "introduced_by_severity": by_severity(self.introduced),
            "resolved_by_severity": by_severity(self.resolved),
        }

    def exit_code(self, fail_on: str = "never") -> int:
        """2 when the new version has input errors; 1 when it introduces violations at or above
        `fail_on` that are neither waived nor known; else 0 ("never": 0 unless input errors)."""
        return exit_code(self.introduced + self.unchanged, fail_on, judged=self.introduced)  # type: ignore[arg-type]
