"""What changed between two versions of a plan (docs/review.md).

`diff_paths(old, new)` checks both versions with `api.check_plans` and compares them:

- **documents and their entities** (basic goals, higher goals, measures, indicators, projects,
  grants, basic plans, population targets): added, removed, changed — with field-level changes.
  Documents and entities are matched by id, what is left over by title similarity;
- **periods**: when the new version holds a strategy whose predecessor is a strategy of the old
  one, the previous goals' dispositions and new goals, and the previous indicators and grants;
- **violations**: introduced, resolved, unchanged — matched by fingerprint after mapping the old
  ids through the matches above (and, across periods, through `continues`).

`diff_git(folder, "REV1..REV2")` compares two git revisions of a folder without writing to the
repository.

One module per concern: `records` (the PlanDiff and its parts: plain data), `sides` (loading one
version, with the files beside it as context), `matching` (by id and by title similarity),
`changes` (field and entity changes), `periods` (succession and dispositions), `violations`
(introduced / resolved / unchanged), `compare` (the two versions compared, from paths), `git`
(revisions exported from git). Nothing here words anything for people: checker/reporters/diff.py
renders a PlanDiff (text, JSON, Markdown, HTML) and reads its JSON back."""

from checker.workflows.review.compare import diff_paths
from checker.workflows.review.git import ReviewError, diff_git
from checker.workflows.review.matching import THRESHOLD, similarity
from checker.workflows.review.records import (ENTITY_TYPES, GOAL_STATUSES, ITEM_STATUSES, ChangeKind, Disposition, EntityChange,
                                    FieldChange, Link, PlanDiff, Succession)

__all__ = ["ENTITY_TYPES", "GOAL_STATUSES", "ITEM_STATUSES", "THRESHOLD", "ChangeKind", "Disposition", "EntityChange",
           "FieldChange", "Link", "PlanDiff", "ReviewError", "Succession", "diff_git", "diff_paths", "similarity"]
