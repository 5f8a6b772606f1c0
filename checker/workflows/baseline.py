"""A baseline of accepted violations: adopt plancheck on an existing plan and fail only on new
problems (format: docs/review.md).

`write_baseline` records the current (not waived) violations of a Report in a YAML file, one
entry per violation: its fingerprint, and the rule, subject, related nodes and Japanese message
for the people who read the file. `apply_baseline` marks the violations whose fingerprint is in
the file as `known` (reported, never failing) and lists the entries that no longer occur in
`Report.baseline_fixed`.

A fingerprint (`fingerprint`) is the identity of a violation across edits: rule, subject,
related nodes, the key path without list positions, and the fact that tells apart two findings
of one rule on one key (the reference written, for REF-*). Never the line, the message, the
file's position in a list or the way its path is written, so re-indenting the YAML, inserting
lines or comments, and reordering goals keep every fingerprint. The SARIF reporter uses the same
definition for `partialFingerprints`."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import posixpath
import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from checker.errors import PlancheckError
from checker.i18n import Both, both
from checker.load.errors import PlanInputError
from checker.load.files import FileRefused, read_limited
from checker.load.limits import DEFAULT_LIMITS
from checker.load.yamlsource import parse_yaml
from checker.output import write_atomic
from checker.report import Report, Violation

FORMAT_VERSION = 1
# Finding parameters that belong to a violation's identity: what tells apart two findings of the
# same rule on the same subject and key. Everything else (counts, dates, values) may change while
# the problem stays the same one.
IDENTITY_PARAMS = ("ref", "id")
_ENTRY_KEYS = ("fingerprint", "rule", "subject", "related", "message", "note")
_REQUIRED = ("fingerprint", "rule", "subject")
_INDEX = re.compile(r"\[\d+\]")


class BaselineError(PlancheckError):
    """A baseline file that cannot be used: unreadable, not YAML, or not in the baseline format.
    The message names the file, what is wrong and how to fix it, in Japanese and English
    (`message_ja`/`message_en`: what is wrong; `fix_ja`/`fix_en`: how to fix it)."""

    def __init__(self, file: Path | str, ja: str, en: str, fix_ja: str, fix_en: str) -> None:
        unusable_ja, unusable_en = both("baseline.unusable", problem=Both(ja, en), fix=Both(fix_ja, fix_en))
        super().__init__(f"{file}: {unusable_ja}", unusable_en)
        self.file = str(file)
        self.message_ja, self.message_en = ja, en
        self.fix_ja, self.fix_en = fix_ja, fix_en


def _path_identity(path: str) -> str:
    """A file path as written in any of its usual forms: ./a/b.yaml, a\\b.yaml, a//b.yaml → a/b.yaml."""
    return posixpath.normpath(path.replace("\\", "/")) if path else path


def identity(v: Violation) -> tuple[str, ...]:
    """What a fingerprint is made of (exposed for tests and for the diff, which maps ids first)."""
    key = v.key or ""
    subject = v.subject
    if v.family == "input":
        # an input problem's subject is its file; its key path (with positions) is all that
        # tells two problems of one file apart, and the file cannot be reordered anyway
        subject = _path_identity(subject)
    else:
        key = _INDEX.sub("[]", key)
    facts = [f"{k}={json.dumps(v.params[k], ensure_ascii=False, sort_keys=True, default=str)}"
             for k in IDENTITY_PARAMS if v.params.get(k) is not None]
    return (v.rule, subject, "\x1e".join(v.related), key, "\x1e".join(facts))


def fingerprint(v: Violation) -> str:
    """Stable identity of a violation across edits, reformatting and languages (sha256, hex)."""
    return hashlib.sha256("\x1f".join(identity(v)).encode("utf-8")).hexdigest()


# --- writing ---------------------------------------------------------------------------------------

_HEADER = """\
# plancheck baseline — accepted violations / 既知の違反の基準ファイル
# plancheck check --baseline THIS_FILE reports these as known (既知): they no longer fail the run;
# only new violations do. Entries that no longer occur are reported as fixed (解消済み): remove
# them, or rewrite the file with: plancheck baseline write THIS_FILE [PATHS]
# Matching is by fingerprint only; rule, subject, related and message are for readers.
# Format: docs/review.md
"""


def entry(v: Violation) -> dict[str, Any]:
    """The baseline entry of one violation."""
    return {"fingerprint": fingerprint(v), "rule": v.rule, "subject": v.subject, "related": list(v.related),
            "message": v.message.get("ja") or v.message.get("en", "")}


def baseline_text(report: Report) -> str:
    """The baseline file for a report: its current, not waived violations, in a stable order (the
    same plan gives the same file however it is laid out)."""
    entries = sorted((entry(v) for v in report.active),
                     key=lambda e: (e["rule"], e["subject"], e["related"], e["fingerprint"]))
    data = {"plancheck_baseline": FORMAT_VERSION, "plancheck": report.version, "as_of": report.as_of,
            "violations": entries}
    return _HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)


def write_baseline(report: Report, path: Path) -> int:
    """Write the report's current (not waived) violations to `path`, atomically; return how many."""
    write_atomic(path, baseline_text(report))
    return len(report.active)


# --- reading and applying ------------------------------------------------------------------------------

def read_baseline(path: Path) -> list[dict[str, Any]]:
    """The entries of a baseline file, validated. Raises BaselineError."""
    def fail(problem: tuple[str, str], fix: tuple[str, str] | None = None) -> BaselineError:
        return BaselineError(path, *problem, *(fix or both("baseline.fix")))

    try:
        text = read_limited(path, DEFAULT_LIMITS.file_bytes).decode("utf-8-sig")
    except FileRefused as exc:
        check_path = both("input.hint.check_path")
        raise fail(both("baseline.cannot_read", reason=Both(exc.reason_ja, exc.reason_en)),
                   (exc.hint_ja or check_path[0], exc.hint_en or check_path[1])) from None
    except UnicodeDecodeError:
        raise fail(both("baseline.not_utf8")) from None
    try:  # the plan files' loader: no object tags, aliases and depth bounded
        data, _ = parse_yaml(text, str(path))
    except PlanInputError as exc:
        err = exc.errors[0]
        where = Both(*both("baseline.at_line", line=err.line)) if err.line else ""
        raise fail(both("baseline.not_yaml", where=where, message=Both(err.message_ja, err.message_en))) from None
    if not isinstance(data, dict) or "violations" not in data:
        raise fail(both("baseline.not_baseline"))
    version = data.get("plancheck_baseline")
    if version != FORMAT_VERSION:
        raise fail(both("baseline.version", version=version, expected=FORMAT_VERSION))
    entries = data["violations"] if data["violations"] is not None else []
    if not isinstance(entries, list):
        raise fail(both("baseline.not_list"))
    checked: list[dict[str, Any]] = []
    for i, item in enumerate(entries, 1):
        if not isinstance(item, dict):
            raise fail(both("baseline.entry_not_mapping", i=i))
        unknown = sorted(set(map(str, item)) - set(_ENTRY_KEYS))
        if unknown:
            raise fail(both("baseline.entry_unknown_keys", i=i, keys=", ".join(unknown), allowed=", ".join(_ENTRY_KEYS)),
                       both("baseline.fix_keys"))
        missing = [k for k in _REQUIRED if not isinstance(item.get(k), str) or not item[k]]
        if missing:
            raise fail(both("baseline.entry_missing", i=i, keys=", ".join(missing)))
        related = item.get("related") or []
        if not isinstance(related, list) or not all(isinstance(r, str) for r in related):
            raise fail(both("baseline.entry_related", i=i))
        checked.append({**item, "related": list(related)})
    return checked


def apply_baseline(report: Report, path: Path) -> Report:
    """The report with violations recorded in the baseline marked known, and the baseline entries
    that no longer occur in `baseline_fixed`. A fingerprint recorded n times accepts n violations."""
    return apply_entries(report, read_baseline(path), str(path))


def apply_entries(report: Report, entries: list[dict[str, Any]], path: str) -> Report:
    """apply_baseline with the entries already read (read_baseline) from the file `path`."""
    remaining = Counter(e["fingerprint"] for e in entries)
    violations = list(report.violations)
    # the ones that count first, so a waived twin never uses up an entry an active one needs
    order = sorted(range(len(violations)), key=lambda i: violations[i].status == "waived")
    for i in order:
        v = violations[i]
        fp = fingerprint(v)
        if remaining[fp] > 0:
            remaining[fp] -= 1
            if v.status != "waived":
                violations[i] = dataclasses.replace(v, known=True)
    fixed: list[dict[str, Any]] = []
    for e in entries:
        if remaining[e["fingerprint"]] > 0:
            remaining[e["fingerprint"]] -= 1
            fixed.append({"rule": e["rule"], "subject": e["subject"], "related": list(e["related"]),
                          "fingerprint": e["fingerprint"], "message": str(e.get("message") or "")})
    return dataclasses.replace(report, violations=tuple(violations), baseline_fixed=tuple(fixed), baseline=path)
