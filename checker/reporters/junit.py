"""JUnit XML report, for CI test views (GitLab, Jenkins, GitHub test-report actions), readable by
junitparser, xunitparser and the consumers of pytest's JUnit files.

A failed test means what a failed run means: the run exits 1 on the findings at or above
`--fail-on` (default error), and exactly those are `<failure>`s. A run that exits 0 shows no
failed test; findings below the level are listed in `<system-out>`, marked with their severity.

- `<testsuites>` holds only `<testsuite>`s: one per document of the report (name: "id title"),
  and, when there are any, one more for violations that belong to no document (input problems:
  files that could not be read or validated) and one for "not checked" entries of no document.
- In a document's suite there is one `<testcase>` per rule in force that applies to the
  document's kind (report.rules), then one per built-in code (WAIVER-00x) that occurs there;
  classname is the document id, name "RULE-ID rule-name", `file` the plan file. A passing
  testcase means "no finding at or above the level on this document".
- A testcase whose rule has active findings at or above `fail_on` on the document gets one
  `<failure>` (type = the highest severity, one line per violation: `file:line subject message`;
  message: the violation's, or the rule's title and the count). With `fail_on="never"` nothing fails.
- Active findings below `fail_on` do not fail: they are lines of the testcase's `<system-out>`,
  each marked with its severity ([警告] / [warning], [情報] / [info]).
- Violations of the input family (the file could not be used; the run exits 2) are `<error>`s:
  the plan was not checked, rather than checked and found wanting. Their suite has one testcase
  per (file, code).
- A testcase whose violations are all waived is `<skipped>` with the waivers' reasons; waived
  violations next to active ones are listed in `<system-out>`.
- Violations accepted in a baseline (known) never fail: they are listed in `<system-out>`, marked
  [既知] / [known].
- A rule that could not be checked for a subject (report.not_checked: an unknown fact, an excerpt,
  missing reference data) is a `<skipped>` testcase, so a CI view shows it as skipped, never as
  failed: the rule's own testcase when the subject is the document and the rule found nothing
  there, else a testcase of its own named "RULE-ID rule-name (subject)". Its message says what
  could not be seen; the text lists `file:line subject message`.
- tests / failures / errors / skipped are counted per suite and in total.
- The run's properties are in the first suite's `<properties>`, each name once in the file
  (xunitparser merges all suites' properties and refuses a name given twice): `plancheck` (the
  version), `as_of`, `fail_on`, the counts per municipality of a batch check
  ("municipality:長野県安曇野市" = "error=1 warning=2 info=0": municipalities are told apart by
  prefecture), and the national and prefectural documents compared against ("reference:ID" =
  title and dates). A report without any suite gets one empty suite "plancheck" to hold them.

Built with xml.etree.ElementTree, so markup in plan text is escaped; characters XML 1.0 cannot
hold (C0 controls other than tab and newline) are replaced with U+FFFD, and format characters
(bidi overrides such as U+202E, zero-width spaces), C1 controls and DEL are shown as marks
(checker.escaping: <U+202E>), so a CI test view shows what the plan says, in its order."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from checker.escaping import visible
from checker.i18n import t
from checker.labels import severity_label
from checker.report import SEVERITIES, SEVERITY_RANK, NotChecked, Report, Violation
from checker.reporters import shared

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
FAIL_ON = ("error", "warning", "info", "never")


def _clean(text: str) -> str:
    return visible(_NOT_XML.sub("\ufffd", text), keep="\n\t")


def _one_line(text: str) -> str:
    return " ".join(_clean(text).split())


def _where(v: Violation) -> str:
    return f"{v.file}:{v.line}" if v.line else v.file


def _line(v: Violation, lang: str) -> str:
    note = t("report.secondary_note", lang) if v.secondary else ""
    return f"{_where(v)} {v.subject} {v.message.get(lang, '')}{note}"


def _below_line(v: Violation, lang: str) -> str:
    """A finding below the fail-on level, marked with its severity."""
    return f"[{severity_label(v.severity, lang)}] {_line(v, lang)}"


def _known_line(v: Violation, lang: str) -> str:
    return f"[{t('report.known', lang)}] {_line(v, lang)}"


def _waived_line(v: Violation, lang: str) -> str:
    assert v.waived is not None
    return f"[{t('report.waived_because', lang, reason=v.waived.reason)}] {_line(v, lang)}"


@dataclass
class _Case:
    classname: str
    name: str
    file: str
    title: str = ""  # the rule's title in the report language, when the rule is in report.rules
    violations: list[Violation] = field(default_factory=list)
    unseen: list[NotChecked] = field(default_factory=list)  # not checked: the testcase is skipped


@dataclass
class _Counts:
    tests: int = 0
    failures: int = 0
    errors: int = 0
    skipped: int = 0

    def add(self, other: "_Counts") -> None:
        self.tests += other.tests
        self.failures += other.failures
        self.errors += other.errors
        self.skipped += other.skipped

    def stamp(self, element: ET.Element) -> None:
        for key in ("tests", "failures", "errors", "skipped"):
            element.set(key, str(getattr(self, key)))


def _testcase(parent: ET.Element, case: _Case, lang: str, counts: _Counts, threshold: int) -> None:
    element = ET.SubElement(parent, "testcase", classname=_one_line(case.classname), name=_one_line(case.name))
    if case.file:
        element.set("file", _clean(case.file))
    counts.tests += 1
    active, known, waived = ([v for v in case.violations if v.status == status] for status in ("active", "known", "waived"))
    broken = [v for v in active if v.family == "input"]
    failing = [v for v in active if v.family != "input" and SEVERITY_RANK[v.severity] >= threshold]
    notes = [v for v in active if v.family != "input" and SEVERITY_RANK[v.severity] < threshold]
    out: list[str] = []
    for kind, group in (("error", broken), ("failure", failing)):
        if not group:
            continue
        severity = max((v.severity for v in group), key=lambda s: SEVERITY_RANK[s])
        if len(group) == 1:
            message = group[0].message.get(lang, "")
        else:
            message = t("junit.violations_of" if case.title else "junit.violations", lang, title=case.title, n=len(group))
        child = ET.SubElement(element, kind, message=_one_line(message), type=severity)
        child.text = _clean("\n".join(_line(v, lang) for v in group))
        if kind == "error":
            counts.errors += 1
        else:
            counts.failures += 1
    if case.unseen and not active:
        messages = list(dict.fromkeys(shared.message(n, lang) for n in case.unseen))
        skipped = ET.SubElement(element, "skipped", message=_one_line("; ".join(messages)))
        skipped.text = _clean("\n".join(f"{shared.where(n.file, n.line)} {n.subject} {shared.message(n, lang)}"
                                        for n in case.unseen))
        counts.skipped += 1
    elif not active and not known and waived:
        reasons = list(dict.fromkeys(v.waived.reason for v in waived if v.waived))
        ET.SubElement(element, "skipped", message=_one_line(t("report.waived_because", lang, reason="; ".join(reasons))))
        counts.skipped += 1
    out += [_below_line(v, lang) for v in notes]
    out += [_known_line(v, lang) for v in known]
    out += [_waived_line(v, lang) for v in waived]
    if out:
        ET.SubElement(element, "system-out").text = _clean("\n".join(out))


def _suite(parent: ET.Element, name: str, cases: list[_Case], lang: str, threshold: int) -> _Counts:
    suite = ET.SubElement(parent, "testsuite", name=_one_line(name))
    counts = _Counts()
    for case in cases:
        _testcase(suite, case, lang, counts, threshold)
    counts.stamp(suite)
    return counts


def _threshold(fail_on: str) -> int:
    """The lowest severity rank that fails; above every rank for "never"."""
    if fail_on not in FAIL_ON:
        raise ValueError(f"fail_on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    return SEVERITY_RANK[fail_on] if fail_on in SEVERITY_RANK else max(SEVERITY_RANK.values()) + 1


def _run_properties(report: Report, fail_on: str, lang: str) -> ET.Element:
    """The run's properties, each name once: version, date, level, counts per municipality of a
    batch check, the documents compared against."""
    props = ET.Element("properties")
    values: dict[str, str] = {"plancheck": report.version, "as_of": report.as_of, "fail_on": fail_on}
    by_municipality = report.by_municipality()
    for label, c in by_municipality.items() if len(by_municipality) > 1 else ():
        values[f"municipality:{_one_line(label)}"] = " ".join(f"{k}={c[k]}" for k in SEVERITIES)
    for d in shared.reference_documents(report):  # what the check compared against: 参照した文書
        values.setdefault(f"reference:{_one_line(d.id)}", _one_line(f"{d.title} ({shared.dates(d, lang)})"))
    for name, value in values.items():
        ET.SubElement(props, "property", name=name, value=_clean(value))
    return props


def to_element(report: Report, lang: str = "ja", fail_on: str = "error") -> ET.Element:
    threshold = _threshold(fail_on)
    root = ET.Element("testsuites", name="plancheck")
    documents = {d.id: d for d in report.documents}
    by_doc: dict[str, list[Violation]] = {}
    orphans: list[Violation] = []
    for v in report.violations:
        if v.document is None:
            orphans.append(v)
        else:
            by_doc.setdefault(v.document, []).append(v)
    unseen: dict[str, list[NotChecked]] = {}
    for n in report.not_checked:
        unseen.setdefault(n.document or "", []).append(n)
    total = _Counts()
    # The user's documents, and bundled reference documents only where something was found or
    # could not be checked.
    doc_ids = [d.id for d in report.documents if not d.bundled or d.id in by_doc or d.id in unseen] \
        + sorted((set(by_doc) | set(unseen)) - set(documents) - {""})
    for doc_id in dict.fromkeys(doc_ids):
        doc = documents.get(doc_id)
        found = by_doc.get(doc_id, [])
        file = doc.file if doc else (found[0].file if found else unseen[doc_id][0].file if doc_id in unseen else "")
        cases = {r.id: _Case(doc_id, f"{r.id} {r.name}", file, r.title.get(lang, "")) for r in report.rules
                 if r.family not in ("input", "policy") and (doc is None or not r.applies_to or doc.kind in r.applies_to)}
        for v in found:
            cases.setdefault(v.rule, _Case(doc_id, f"{v.rule} {v.name}", v.file)).violations.append(v)
        extra = _unseen_cases(doc_id, cases, unseen.get(doc_id, []))
        name = f"{doc_id} {doc.title}" if doc else doc_id
        total.add(_suite(root, name, [*cases.values(), *extra], lang, threshold))
    if unseen.get(""):
        extra = _unseen_cases("", {}, unseen[""])
        total.add(_suite(root, t("junit.unseen_suite", lang), extra, lang, threshold))
    if orphans:
        inputs: dict[tuple[str, str], _Case] = {}
        for v in orphans:
            inputs.setdefault((v.file, v.rule), _Case(v.file, f"{v.rule} {v.name}", v.file)).violations.append(v)
        name = t("junit.input_suite", lang)
        total.add(_suite(root, name, list(inputs.values()), lang, threshold))
    first = root.find("testsuite")
    if first is None:  # nothing to report on: an empty suite holds the run's properties
        first = ET.SubElement(root, "testsuite", name="plancheck")
        _Counts().stamp(first)
    first.insert(0, _run_properties(report, fail_on, lang))
    total.stamp(root)
    return root


def _unseen_cases(doc_id: str, cases: dict[str, _Case], entries: list[NotChecked]) -> list[_Case]:
    """Each not-checked (rule, subject) as a skipped testcase: the rule's own testcase when the
    subject is the document and the rule found nothing on it, else one of its own."""
    extra: dict[tuple[str, str], _Case] = {}
    for n in entries:
        own = cases.get(n.rule)
        if own is not None and n.subject == doc_id and not own.violations:
            own.unseen.append(n)
            continue
        classname = doc_id or n.file
        extra.setdefault((n.rule, n.subject), _Case(classname, f"{n.rule} {n.name} ({n.subject})", n.file)).unseen.append(n)
    return list(extra.values())


def render(report: Report, *, lang: str = "ja", colour: bool = False, fail_on: str | None = None, **_: object) -> str:
    """The JUnit XML; `fail_on`: the run's --fail-on level (error when not given)."""
    root = to_element(report, lang, fail_on or "error")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
