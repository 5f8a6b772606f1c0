"""JSON report: the whole Report, in a stable key order. Its schema is docs/report-schema.json
(JSON Schema 2020-12); `Report.from_dict` reads it back.

- `plancheck_report`: the version of this format (FORMAT_VERSION). It goes up when a key is
  removed or changes its meaning; keys may be added within a version.
- every violation carries `fingerprint`: checker.workflows.baseline.fingerprint, the identity of the
  violation across edits (the baseline file's and SARIF's `partialFingerprints["plancheck/v1"]`),
  so two reports can be compared violation by violation;
- `summary.by_municipality` is keyed by (prefecture, municipality): its keys are labels
  (東京都府中市), each value names its prefecture and municipality with the counts by severity."""

from __future__ import annotations

from typing import Any

from checker.report import Report
from checker.reporters.shared import json_text
from checker.workflows.baseline import fingerprint

FORMAT_VERSION = 1


def to_json(report: Report) -> dict[str, Any]:
    """The JSON report as plain data (render() serialises it)."""
    data = report.to_dict()
    data["violations"] = [{**entry, "fingerprint": fingerprint(v)}
                          for entry, v in zip(data["violations"], report.violations)]
    return {"plancheck_report": FORMAT_VERSION, **data}


def render(report: Report, **_: object) -> str:
    return json_text(to_json(report))
