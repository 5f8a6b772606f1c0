"""Violations introduced, resolved and unchanged — matched by fingerprint (checker.workflows.baseline) after
taking the old ids in the new version's terms, so moved lines and renamed ids do not count as new
problems. Input problems (INPUT-*) name files: they are matched by the path below the folder given."""

from __future__ import annotations

import dataclasses
from typing import Callable, Sequence

from checker.workflows.baseline import fingerprint
from checker.report import Violation, WaiverInfo
from checker.workflows.review.sides import Relabel, Side, same


def _relabelled(v: Violation, relabel: Relabel) -> Violation:
    if relabel is same:
        return v
    waived = v.waived
    if waived is not None:
        waived = WaiverInfo(waived.reason, waived.approved_by, waived.until, relabel(waived.file), waived.line)
    subject = relabel(v.subject) if v.family == "input" else v.subject
    return dataclasses.replace(v, file=relabel(v.file), subject=subject, waived=waived)


def _under(path: str, roots: Sequence[str]) -> str:
    """A path relative to the first given folder it lies in (input problems name files)."""
    for root in roots:
        if root in ("", "."):
            return path
        if path.startswith(root.rstrip("/") + "/"):
            return path[len(root.rstrip("/")) + 1:]
    return path


def compare_violations(old: Side, new: Side, corr: Callable[[str], str]
                       ) -> tuple[list[Violation], list[Violation], list[Violation]]:
    """(introduced, resolved, unchanged), each sorted; `corr` takes an old id in the new version's terms."""
    def key_old(v: Violation) -> str:
        if v.family == "input":
            return fingerprint(dataclasses.replace(v, subject=_under(v.subject, old.roots)))
        return fingerprint(dataclasses.replace(v, subject=corr(v.subject), related=tuple(corr(r) for r in v.related)))

    def key_new(v: Violation) -> str:
        return fingerprint(dataclasses.replace(v, subject=_under(v.subject, new.roots))) if v.family == "input" \
            else fingerprint(v)

    waiting: dict[str, list[Violation]] = {}
    for v in old.violations:
        waiting.setdefault(key_old(v), []).append(v)
    introduced, unchanged = [], []
    for v in new.violations:
        match = waiting.get(key_new(v))
        if match:
            match.pop(0)
            unchanged.append(_relabelled(v, new.relabel))
        else:
            introduced.append(_relabelled(v, new.relabel))
    resolved = [_relabelled(v, old.relabel) for vs in waiting.values() for v in vs]
    return (sorted(introduced, key=Violation.sort_key), sorted(resolved, key=Violation.sort_key),
            sorted(unchanged, key=Violation.sort_key))
