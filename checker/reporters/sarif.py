"""SARIF 2.1.0 report, for code-scanning viewers (GitHub, VS Code SARIF viewer, Azure DevOps).

One run; `tool.driver.rules` lists the rules in force (report.rules) and, after them, the
built-in codes that occur in the violations (INPUT-00x load problems, WAIVER-00x waiver policy).
Each rule has `help` (text and markdown: title, rationale, basis, and where docs/rules.md explains
it: the anchor is the id in lower case, `#per-002`). `helpUri` (that entry as an absolute URI) and
the driver's `informationUri` are given only when the installed package records where its
documentation is published (a Documentation URL in [project.urls]); a link to a page that does
not exist would be worse than none (help_uri()).
Each violation is one result:

- level: error → error, warning → warning, info → note;
- message.text in `lang`, the other language in `properties.message`;
- the plan file as `physicalLocation` (relative paths under uriBaseId %SRCROOT%, absolute ones as
  file: URIs), the line as `region.startLine` when known;
- a finding in a table is located in the table's own file, never in `file.xlsx[sheet]` (which is
  no file): a workbook (.xlsx/.xlsm, not text) gets no line region; its sheet, row (spreadsheet
  numbering, the header is row 1) and column (the header, when the finding names one) are in
  `physicalLocation.properties`, and the row is a logical location of kind "row" named like an
  Excel reference ('指標一覧'!3:3). A CSV table is text: its row is `region.startLine`, with the
  row and column in `region.properties`;
- the subject node as a logical location, related nodes as `relatedLocations` (by id; a related
  node's file is given when its document is in the report) and in `properties.related`;
- `partialFingerprints["plancheck/v1"]`: checker.workflows.baseline.fingerprint — a hash of rule, subject,
  related nodes, the key path without list positions and the reference written (REF-*) — never
  the line or the message, so a result keeps its identity when the plan is edited above it,
  reordered, or read in the other language; the same identity as the baseline file's;
- after a baseline was applied (`check --baseline`): `baselineState` "unchanged" for a violation
  recorded in it (known), "new" for the others, and one result per baseline entry that no longer
  occurs, with `baselineState` "absent" (kind "pass", level "none");
- a waived violation keeps its level and carries an accepted suppression whose justification is
  the waiver's reason, approver and expiry;
- a rule that could not be checked for a subject (report.not_checked: an unknown fact, an excerpt,
  missing reference data) is no result but a tool execution notification of the invocation
  (`invocations[0].toolExecutionNotifications`): level "note", `descriptor` → a notification
  descriptor in `tool.driver.notifications` with the rule's id, `associatedRule` → the rule,
  the message in `lang`, the subject's file and line as its location, and in `properties` what
  could not be seen (`missing`), the subject and the other language's message;
- the run's `properties`: `as_of`, `by_municipality` (as the JSON report's summary: keyed by
  prefecture and municipality, 東京都府中市, each with its prefecture, name and counts) and the
  number of `not_checked` entries;
- the national and prefectural documents compared against (参照した文書) are listed in
  `properties.reference_documents` (id, kind, title, owner, file, bundled, date, date_kind,
  period) and as artifacts of their files, described with their titles and dates.

Formatting only: everything comes from the Report."""

from __future__ import annotations

import functools
import re
from importlib.metadata import PackageNotFoundError, metadata
from typing import Any
from urllib.parse import quote

from checker.workflows.baseline import fingerprint
from checker.i18n import choose, other, t
from checker.report import DocumentInfo, NotChecked, Report, RuleInfo, Violation, WaiverInfo
from checker.reporters import shared
from checker.reporters.markdown import escape as md

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
RULES_DOC = "rules.md"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "plancheck/v1"

LEVEL: dict[str, str] = {"error": "error", "warning": "warning", "info": "note"}


def artifact_location(file: str) -> dict[str, Any]:
    """A plan file as a SARIF artifactLocation: relative paths stay relative (forward slashes,
    percent-encoded) under %SRCROOT%; absolute paths become file: URIs."""
    path = file.replace("\\", "/")
    if re.match(r"^[A-Za-z]:/", path):  # a Windows drive
        return {"uri": "file:///" + quote(path, safe="/:")}
    if path.startswith("/"):
        return {"uri": "file://" + quote(path, safe="/")}
    return {"uri": quote(path, safe="/"), "uriBaseId": SRCROOT}


# fingerprint: checker.workflows.baseline's
__all__ = ["artifact_location", "fingerprint", "help_uri", "render", "table_file", "to_sarif"]

# A table as the loader shows a place in it: the file, and the sheet in brackets (checker.load.tables).
_TABLE = re.compile(r"^(?P<file>.+?\.(?:xlsx|xlsm|csv))\[(?P<sheet>[^\[\]]*)\]$", re.IGNORECASE)
_WORKBOOKS = (".xlsx", ".xlsm")  # not text: no line region
_TABLES = (".csv", *_WORKBOOKS)


def table_file(file: str) -> tuple[str, str | None]:
    """(the file, the sheet) of a place as the loader shows it: plans/x/plan.xlsx[指標一覧] →
    (plans/x/plan.xlsx, 指標一覧); a plain file → (file, None)."""
    match = _TABLE.match(file)
    return (match["file"], match["sheet"]) if match else (file, None)


@functools.cache
def docs_uri() -> str | None:
    """The base URI of the documentation (the docs/ folder): the Documentation URL in the
    project's metadata ([project.urls] of pyproject.toml); None when none is recorded."""
    try:
        urls = metadata("plancheck").get_all("Project-URL") or []
    except PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "documentation" and url.strip():
            return url.strip().rstrip("/") + "/"
    return None


def rule_anchor(rule_id: str) -> str:
    """The rule's anchor in docs/rules.md: its id in lower case (PER-002 → per-002)."""
    return rule_id.lower()


def help_uri(rule_id: str) -> str | None:
    """The rule's entry in docs/rules.md (an absolute URI, as SARIF's helpUri must be), or None
    when the documentation's address is not known."""
    base = docs_uri()
    return None if base is None else f"{base}{RULES_DOC}#{quote(rule_anchor(rule_id), safe='-._~')}"


def _rule_descriptor(info: RuleInfo, lang: str) -> dict[str, Any]:
    basis_label = t("report.basis", lang)
    unverified = "" if info.basis_verified else t("sarif.basis_unverified", lang)
    rationale = choose(info.rationale, lang)
    help_lines = [rationale, "", f"{basis_label}{unverified}:"] + [f"- {b}" for b in info.basis]
    uri = help_uri(info.id)
    more = t("sarif.about_rule", lang)
    space = " " if unverified.startswith(" ") else ""
    markdown = [f"**{md(info.id)} {md(choose(info.title, lang), newline=' ')}**", "", md(rationale, newline="  \n"), "",
                f"**{basis_label}**{space}{md(unverified)}:", "", *(f"- {md(b, newline=' ')}" for b in info.basis), "",
                f"[{more}: docs/rules.md#{rule_anchor(info.id)}]({uri})" if uri
                else f"{more}: docs/rules.md#{rule_anchor(info.id)}"]
    descriptor: dict[str, Any] = {
        "id": info.id,
        "name": info.name,
        "shortDescription": {"text": choose(info.title, lang)},
        "fullDescription": {"text": rationale},
        "help": {"text": "\n".join(help_lines), "markdown": "\n".join(markdown)},
        "defaultConfiguration": {"level": LEVEL[info.severity]},
        "properties": {
            "family": info.family,
            "tags": [info.family],
            "basis": list(info.basis),
            "basis_verified": info.basis_verified,
            "default_severity": info.severity,
            "title": dict(info.title),
            "rationale": dict(info.rationale),
        },
    }
    if uri:
        descriptor["helpUri"] = uri
    return descriptor


def _unlisted_info(v: Violation) -> RuleInfo:
    """A code the report does not describe (a hand-made report): named from its violation."""
    return RuleInfo(v.rule, v.name, v.family, v.severity, {"ja": v.name, "en": v.name}, {"ja": "", "en": ""}, (), True)


def _subject_kind(subject: str, v: Violation, documents: dict[str, DocumentInfo]) -> str:
    if subject in documents:
        return documents[subject].kind
    if v.family == "input" and subject == v.file:
        return "resource"
    return v.subject_type or "element"


def _artifact(file: str, artifacts: dict[str, int]) -> dict[str, Any]:
    file = table_file(file)[0]
    location = artifact_location(file)
    if file in artifacts:
        location["index"] = artifacts[file]
    return location


def _excel_row(sheet: str, row: int) -> str:
    """A row as Excel names it: '指標一覧'!3:3."""
    return "'" + sheet.replace("'", "''") + f"'!{row}:{row}"


def _located(file: str, line: int | None, artifacts: dict[str, int], column: str | None = None) -> dict[str, Any]:
    """A location in a plan file, or in a table: a workbook's sheet, row and column as
    properties (and the row as a logical location), a CSV table's row as its line."""
    path, sheet = table_file(file)
    physical: dict[str, Any] = {"artifactLocation": _artifact(path, artifacts)}
    table = sheet is not None or path.lower().endswith(_TABLES)
    cell = {k: v for k, v in (("sheet", sheet), ("row", line), ("column", column)) if v is not None} if table else {}
    location: dict[str, Any] = {"physicalLocation": physical}
    if not path.lower().endswith(_WORKBOOKS):
        if line:
            physical["region"] = {"startLine": line, **({"properties": cell} if cell else {})}
        elif cell:
            physical["properties"] = cell
        return location
    if cell:
        physical["properties"] = cell
    if sheet is not None and line:
        location["logicalLocations"] = [{"name": str(line), "fullyQualifiedName": _excel_row(sheet, line), "kind": "row"}]
    return location


def _column(v: Violation) -> str | None:
    """The column a table's input problem names (its key is the header; "sheet": the sheet itself)."""
    path, sheet = table_file(v.file)
    table = sheet is not None or path.lower().endswith(_TABLES)
    return v.key if table and v.family == "input" and v.key and v.key != "sheet" else None


def _related_location(index: int, node: str, documents: dict[str, DocumentInfo],
                      artifacts: dict[str, int]) -> dict[str, Any]:
    """A related node by id; its document's file when that document is in the report (node ids
    are `document#local`), no line (the Violation does not carry one for related nodes)."""
    location: dict[str, Any] = {"id": index}
    doc = documents.get(node.split("#", 1)[0])
    if doc is not None:
        location["physicalLocation"] = {"artifactLocation": _artifact(doc.file, artifacts)}
    location["logicalLocations"] = [{
        "fullyQualifiedName": node,
        "kind": documents[node].kind if node in documents else "element",
    }]
    location["message"] = {"text": node}
    return location


def _justification(w: WaiverInfo, lang: str) -> str:
    return t("sarif.justification", lang, reason=w.reason, approved_by=w.approved_by,
             until=w.until or t("sarif.no_expiry", lang))


def _suppression(w: WaiverInfo, lang: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(w.file)}
    if w.line:
        physical["region"] = {"startLine": w.line}
    return {
        "kind": "external",
        "status": "accepted",
        "justification": _justification(w, lang),
        "location": {"physicalLocation": physical},
        "properties": {"reason": w.reason, "approved_by": w.approved_by, "until": w.until},
    }


def _result(v: Violation, rule_index: int, lang: str, documents: dict[str, DocumentInfo],
            artifacts: dict[str, int], baseline: bool = False) -> dict[str, Any]:
    location = _located(v.file, v.line, artifacts, _column(v))
    logical: dict[str, Any] = {"fullyQualifiedName": v.subject, "kind": _subject_kind(v.subject, v, documents)}
    if v.subject_title:
        logical["name"] = v.subject_title
    location["logicalLocations"] = [logical, *location.get("logicalLocations", [])]
    result: dict[str, Any] = {
        "ruleId": v.rule,
        "ruleIndex": rule_index,
        "level": LEVEL[v.severity],
        "message": {"text": choose(v.message, lang)},
        "locations": [location],
    }
    if v.related:
        result["relatedLocations"] = [_related_location(i, node, documents, artifacts) for i, node in enumerate(v.related)]
    result["partialFingerprints"] = {FINGERPRINT: fingerprint(v)}
    if baseline:
        result["baselineState"] = "unchanged" if v.status == "known" else "new"
    if v.waived is not None:
        result["suppressions"] = [_suppression(v.waived, lang)]
    result["properties"] = {
        "subject": v.subject,
        "subject_title": v.subject_title,
        "document": v.document,
        "related": list(v.related),
        "key": v.key,
        "family": v.family,
        "severity": v.severity,
        "params": v.params,
        "secondary": v.secondary,
        "message": {other(lang): choose(v.message, other(lang))},
    }
    if v.status == "known":
        result["properties"]["known"] = True
    return result


def _fixed_result(entry: dict[str, Any], index: dict[str, int], lang: str) -> dict[str, Any]:
    """A baseline entry that no longer occurs: a passing result, baselineState "absent"."""
    rule, subject = str(entry.get("rule", "")), str(entry.get("subject", ""))
    message = str(entry.get("message") or "")
    text = t("sarif.fixed" if message else "sarif.fixed_no_message", lang, rule=rule, subject=subject, message=message)
    result: dict[str, Any] = {"ruleId": rule}
    if rule in index:
        result["ruleIndex"] = index[rule]
    result.update({
        "kind": "pass",
        "level": "none",
        "message": {"text": text},
        "locations": [{"logicalLocations": [{"fullyQualifiedName": subject}]}],
        "partialFingerprints": {FINGERPRINT: str(entry.get("fingerprint", ""))},
        "baselineState": "absent",
        "properties": {"subject": subject, "related": list(entry.get("related") or []), "baseline_fixed": True},
    })
    return result


def _notification_descriptor(rule: str, name: str, info: RuleInfo | None, lang: str) -> dict[str, Any]:
    title = choose(info.title, lang) if info is not None else name
    mark = t("report.not_checked_mark", lang)
    return {
        "id": rule,
        "name": name,
        "shortDescription": {"text": t("sarif.not_checked_title", lang, mark=mark, title=title)},
        "fullDescription": {"text": t("report.not_checked_hint", lang)},
        "defaultConfiguration": {"level": "note"},
    }


def _notification(n: NotChecked, lang: str, descriptor: int, rules: dict[str, int], documents: dict[str, DocumentInfo],
                  artifacts: dict[str, int]) -> dict[str, Any]:
    """A "not checked" entry as a tool execution notification: neither a finding nor a pass."""
    logical: dict[str, Any] = {"fullyQualifiedName": n.subject,
                               "kind": documents[n.subject].kind if n.subject in documents else "element"}
    if n.subject_title:
        logical["name"] = n.subject_title
    location: dict[str, Any] = {"logicalLocations": [logical]}
    if n.file:
        located = _located(n.file, n.line, artifacts)
        location = {"physicalLocation": located["physicalLocation"],
                    "logicalLocations": [logical, *located.get("logicalLocations", [])]}
    associated: dict[str, Any] = {"id": n.rule}
    if n.rule in rules:
        associated["index"] = rules[n.rule]
    return {
        "level": "note",
        "message": {"text": shared.message(n, lang)},
        "descriptor": {"id": n.rule, "index": descriptor},
        "associatedRule": associated,
        "locations": [location],
        "properties": {
            "not_checked": True,
            "subject": n.subject,
            "subject_title": n.subject_title,
            "document": n.document,
            "family": n.family,
            "missing": list(n.missing),
            "missing_text": shared.missing_text(n, lang),
            "params": n.params,
            "message": {other(lang): shared.message(n, other(lang))},
        },
    }


def _reference(d: DocumentInfo) -> dict[str, Any]:
    return {"id": d.id, "kind": d.kind, "title": d.title, "owner": d.owner, "level": d.level, "file": d.file,
            "bundled": d.bundled, "date": d.date, "date_kind": d.date_kind, "period": d.period}


def to_sarif(report: Report, lang: str = "ja") -> dict[str, Any]:
    """The SARIF log as plain data (render() serialises it)."""
    infos = list(report.rules)
    known = {r.id for r in infos}
    for v in report.violations:
        if v.rule not in known:
            infos.append(_unlisted_info(v))
            known.add(v.rule)
    index = {r.id: i for i, r in enumerate(infos)}
    # The Report does not record whether a baseline was applied; one was if anything matched it.
    baseline = bool(report.baseline) or bool(report.baseline_fixed) or any(v.status == "known" for v in report.violations)
    documents = {d.id: d for d in report.documents}
    # Files as they are: a table's sheet is a place in its file, not a file of its own.
    files = list(dict.fromkeys(table_file(f)[0] for f in report.files))
    files += sorted({table_file(v.file)[0] for v in report.violations} - set(files))
    files += sorted({table_file(n.file)[0] for n in report.not_checked if n.file} - set(files))
    references = shared.reference_documents(report)
    files += sorted({d.file for d in references if d.file} - set(files))
    artifacts = {f: i for i, f in enumerate(files)}
    read: dict[str, list[DocumentInfo]] = {}
    for d in references:
        read.setdefault(d.file, []).append(d)
    descriptors: dict[str, int] = {}
    for n in report.not_checked:
        descriptors.setdefault(n.rule, len(descriptors))
    names = {n.rule: n.name for n in report.not_checked}
    infos_by_id = {r.id: r for r in infos}
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "plancheck",
            "version": report.version,
            "language": lang,
            "rules": [_rule_descriptor(r, lang) for r in infos],
            **({"informationUri": docs_uri()} if docs_uri() else {}),
        }},
        "invocations": [{"executionSuccessful": True, "properties": {"as_of": report.as_of}}],
        "originalUriBaseIds": {SRCROOT: {"description": {"text": t("sarif.srcroot", lang)}}},
        "artifacts": [_artifact_entry(f, read.get(f, []), lang) for f in files],
        "language": lang,
        "results": [_result(v, index[v.rule], lang, documents, artifacts, baseline) for v in report.violations]
        + [_fixed_result(f, index, lang) for f in report.baseline_fixed],
        "properties": {"as_of": report.as_of, "by_municipality": report.summary()["by_municipality"],
                       "reference_documents": [_reference(d) for d in references],
                       "not_checked": len(report.not_checked)},
    }
    if not report.version:
        del run["tool"]["driver"]["version"]
    if report.not_checked:
        run["tool"]["driver"]["notifications"] = [
            _notification_descriptor(rule, names[rule], infos_by_id.get(rule), lang) for rule in descriptors]
        run["invocations"][0]["toolExecutionNotifications"] = [
            _notification(n, lang, descriptors[n.rule], index, documents, artifacts) for n in report.not_checked]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _artifact_entry(file: str, read: list[DocumentInfo], lang: str) -> dict[str, Any]:
    """An artifact; a reference document's file says which documents it holds, with their dates."""
    entry: dict[str, Any] = {"location": artifact_location(file)}
    if read:
        label = t("report.references" if len(read) > 1 else "report.reference", lang)
        entry["description"] = {"text": f"{label}: " + "; ".join(
            f"{d.id} {d.title} ({shared.dates(d, lang)})" for d in read)}
        entry["properties"] = {"reference_documents": [d.id for d in read]}
    return entry


def render(report: Report, *, lang: str = "ja", colour: bool = False, **_: object) -> str:
    return shared.json_text(to_sarif(report, lang))
