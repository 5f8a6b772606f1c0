"""The comparison of two versions, from their paths: both sides loaded, matched, compared."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from checker import api
from checker.load.paths import display_path
from checker.load.limits import DEFAULT_LIMITS, Limits
from checker.workflows.review.changes import entity_changes
from checker.workflows.review.matching import match
from checker.workflows.review.periods import succession
from checker.workflows.review.records import PlanDiff
from checker.workflows.review.sides import Relabel, load_side, same
from checker.workflows.review.violations import compare_violations

if TYPE_CHECKING:
    from checker.rules import Rule


def check_options(rules: Sequence["Rule"] | None, as_of: dt.date | None, include_reference: bool,
            limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """How both versions are checked (api.check_plans' options)."""
    return {"rules": rules, "as_of": as_of or dt.date.today(), "include_reference": include_reference,
            "limits": limits}


def compare(old_paths: Sequence[Path], new_paths: Sequence[Path], old_label: str, new_label: str,
            options: dict[str, Any], old_relabel: Relabel = same, new_relabel: Relabel = same) -> PlanDiff:
    """The two versions at these paths, labelled as the user named them; `*_relabel` turn shown
    paths into the paths a reader should see."""
    if options.get("rules") is None:
        options = {**options, "rules": api.rules_for()}
    old = load_side(old_label, old_paths, (), options, old_relabel)
    new = load_side(new_label, new_paths, (), options, new_relabel)
    # A predecessor only the old version holds: read it with the new version, so the new
    # strategy's continues/retired references resolve (it is context there, not compared).
    missing = [p for p in new.predecessors().values() if p in old.own and p not in new.graph]
    extra = [old.sources[old.own[p].file] for p in dict.fromkeys(missing) if old.own[p].file in old.sources]
    if extra:
        new = load_side(new_label, new_paths, extra, options, new_relabel)
    m = match(old, new)
    successions = [succession(new.graph, p, s) for p, s in m.successions if p in new.graph]
    # Across periods, violations follow the items that continue: the predecessor's problem that
    # persists in the successor is "unchanged", not resolved-and-introduced.
    carried: dict[str, str] = {}
    for s in successions:
        carried[s.old_document] = s.new_document
        for d in s.goals + s.indicators + s.grants:
            if d.successors:
                carried[d.item] = d.successors[0]

    def corr(node: str) -> str:
        return carried.get(node) or m.map(node)

    introduced, resolved, unchanged = compare_violations(old, new, corr)
    return PlanDiff(
        old=old_label, new=new_label, as_of=options["as_of"].isoformat(), version=new.report.version,
        entities=tuple(entity_changes(old, new, m)), successions=tuple(successions),
        introduced=tuple(introduced), resolved=tuple(resolved), unchanged=tuple(unchanged),
        old_files=tuple(old.relabel(f) for f in old.files), new_files=tuple(new.relabel(f) for f in new.files),
        old_context=tuple(old.relabel(f) for f in old.context), new_context=tuple(new.relabel(f) for f in new.context),
    )


def diff_paths(old: Sequence[Path], new: Sequence[Path], *, rules: Sequence["Rule"] | None = None,
               as_of: dt.date | None = None, include_reference: bool = True,
               limits: Limits = DEFAULT_LIMITS) -> PlanDiff:
    """Compare two versions of a plan set: files or folders (OLD) against files or folders (NEW)."""
    return compare(list(old), list(new), " ".join(display_path(p) for p in old), " ".join(display_path(p) for p in new),
                   check_options(rules, as_of, include_reference, limits))
