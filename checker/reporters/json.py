"""JSON report: the whole Report (schema: docs/report-format.md), stable key order."""

from __future__ import annotations

import json

from checker.report import Report


def render(report: Report, **_: object) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
