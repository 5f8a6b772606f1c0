"""(graph, rules) → violations. Detection, then policy, then presentation-ready records:

1. each rule's check kind runs on the rule's targets (or once on the graph) and yields Findings;
2. the engine stamps rule id, name, family, severity, location and ja/en messages on each; a
   finding that rests on an `unverified` fact is a warning at most (an unverified fact never
   produces an error);
3. waivers from the plan files mark matching violations as waived; an expired waiver does not
   waive and is reported (WAIVER-001), so is a waiver that matches nothing (WAIVER-002).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any, Sequence

from pydantic import BaseModel

from checker import eras, i18n
from checker.checks import REGISTRY, Context, Finding
from checker.checks.base import FiscalYear, Graph, NotKnown, Unseen, index_graph, select
from checker.fiscal import Period, PlanDate, YearRef, YearWindow, era_fiscal_year, fiscal_year_of
from checker.i18n import LANGUAGES, Both, both, t
from checker.labels import Duration, Label, Percent, label
from checker.quantity import Quantity
from checker.report import NotChecked, Severity, Violation, WaiverInfo
from checker.rules import Rule, builtin_codes
from checker.unknown import Unknown

def targets(g: Graph, rule: Rule) -> list[str]:
    assert rule.target is not None
    by_type = index_graph(g).by_type
    types = sorted(by_type) if "*" in rule.target.type else rule.target.type
    nodes: list[str] = []
    for type_ in types:
        nodes.extend(by_type.get(type_, ()))
    if not rule.target.where and not rule.target.linked:
        return nodes
    return select(g, nodes, rule.target, typed=True)


def evaluate(g: Graph, rules: Sequence[Rule], as_of: dt.date) -> list[Violation]:
    return evaluate_all(g, rules, as_of)[0]


def evaluate_all(g: Graph, rules: Sequence[Rule], as_of: dt.date) -> tuple[list[Violation], list[NotChecked]]:
    """Violations, and the rules that could not be checked for a subject (an unknown fact, an
    excerpt of a list, missing reference data): those are neither found nor passed."""
    index_graph(g)
    ctx = Context(as_of=as_of)
    violations: list[Violation] = []
    unseen: list[NotChecked] = []
    for rule in rules:
        if rule.builtin:  # INPUT-*, WAIVER-*: the loader's and the waivers' (below), never a check
            continue
        kind = REGISTRY[rule.kind]
        if kind.graph_check is not None:
            try:
                for f in kind.graph_check(g, rule.params, ctx):
                    _record(g, rule, f, violations, unseen)
            except NotKnown as exc:
                if exc.subject is None:
                    raise  # a graph check must say whose fact it was
                unseen.append(stamp_unseen(g, rule, Unseen(exc.subject, exc.missing, exc.key, exc.params)))
            continue
        check, params = kind.node_check, rule.params
        assert check is not None
        nodes = targets(g, rule)
        if rule.requires:
            nodes = _complete_lists(g, rule, nodes, unseen)
        if kind.narrow is not None:  # the targets the check could say something of
            nodes = kind.narrow(g, nodes, params)
        for n in nodes:
            try:
                for f in check(g, n, params, ctx):
                    _record(g, rule, f, violations, unseen)
            except NotKnown as exc:
                unseen.append(stamp_unseen(g, rule, Unseen(exc.subject or n, exc.missing, exc.key, exc.params)))
    return apply_waivers(g, violations, as_of), _distinct(unseen)


def _record(g: Graph, rule: Rule, f: Finding | Unseen, violations: list[Violation], unseen: list[NotChecked]) -> None:
    if isinstance(f, Unseen):
        unseen.append(stamp_unseen(g, rule, f))
    else:
        violations.append(stamp(g, rule, f))


def _complete_lists(g: Graph, rule: Rule, nodes: list[str], unseen: list[NotChecked]) -> list[str]:
    """The targets whose document lists completely what the rule counts (rule.requires); for a
    document whose lists are an excerpt, one "not checked" entry instead of its targets."""
    data = index_graph(g).attributes
    kept: list[str] = []
    excerpted: dict[str, list[str]] = {}
    missing_of: dict[str, list[str]] = {}  # document → what it lists only in part (asked once per document)
    for n in nodes:
        doc = data[n]["doc"]
        if doc not in missing_of:
            missing_of[doc] = sorted(set(rule.requires) & set(data[doc].get("incomplete") or ()))
        missing = missing_of[doc]
        if missing:
            excerpted.setdefault(doc, missing)
        else:
            kept.append(n)
    for doc, missing in sorted(excerpted.items()):
        unseen.append(stamp_unseen(g, rule, Unseen(doc, tuple(f"lists.{m}" for m in missing), key="lists")))
    return kept


def _distinct(entries: list[NotChecked]) -> list[NotChecked]:
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    kept = []
    for n in entries:
        if (n.rule, n.subject, n.missing) not in seen:
            seen.add((n.rule, n.subject, n.missing))
            kept.append(n)
    return kept


def stamp_unseen(g: Graph, rule: Rule, u: Unseen) -> NotChecked:
    """A "not checked" entry: the rule, the subject and what could not be seen, in both languages."""
    data = g.nodes[u.subject] if u.subject in g else {}
    doc = data.get("doc")
    line = (data.get("lines", {}).get(u.key) if u.key else None) or data.get("line")
    # a fact marked {unknown: note}: the note says what was missing, so the reader sees it
    notes = {m: value.note for m in u.missing if isinstance(value := data.get(m), Unknown) and value.note}
    what = Both(*(t("sep.list", lang).join(unseen_label(m, u.params, lang) + _note(notes.get(m), lang)
                                           for m in u.missing) for lang in LANGUAGES))
    subject = data.get("title") or u.subject
    ja, en = both("unseen.message", subject=subject, title=Both(rule.title.ja, rule.title.en), what=what)
    message = {"ja": ja, "en": en}
    return NotChecked(rule=rule.id, name=rule.name, family=rule.family, subject=u.subject, missing=u.missing,
                      file=data.get("file", ""), line=line, message=message, document=doc,
                      subject_title=data.get("title"), params={k: plain(v) for k, v in sorted(u.params.items())})


def _note(note: str | None, lang: str) -> str:
    if not note:
        return ""
    return t("sep.paren", lang, text="", note=note)


def unseen_label(missing: str, params: dict[str, Any], lang: str) -> str:
    """What could not be seen, as a reader says it: 策定日が不明 / adoption date unknown."""
    if missing == "reference_data":
        return t("unseen.reference_data", lang, of=params.get("of", ""), reference=show(params.get("reference"), lang))
    if missing == "failed_document":
        return t("unseen.failed_document", lang, document=params.get("document", ""))
    if missing == "considers_replacement":
        return t("unseen.considers_replacement", lang, new=params.get("new", ""), when=show(params.get("new_date"), lang))
    if missing == "unlisted_item":
        return t("unseen.unlisted_item", lang, document=params.get("document", ""), ref=params.get("ref", ""))
    if missing == "unresolved_reference":  # reported once, by REF-001 / REF-003 (checks.links)
        refs = t("sep.list", lang).join(t("unseen.quoted", lang, ref=str(r)) for r in params.get("refs") or ())
        return t("unseen.unresolved_reference", lang, refs=refs)
    if missing.startswith("lists."):
        return t("unseen.excerpt", lang, part=show(label(missing[6:]), lang))
    return t("unseen.unknown", lang, name=show(label(missing), lang))


def stamp(g: Graph, rule: Rule, f: Finding) -> Violation:
    data = g.nodes[f.subject] if f.subject in g else {}
    doc = data.get("doc")
    values: dict[str, Any] = {
        "subject": f.subject, "local": data.get("local") or f.subject, "title": data.get("title") or f.subject,
        "type": data.get("type"), "doc": doc, "doc_title": g.nodes[doc]["title"] if doc in g else doc,
        **f.params,
    }
    line = f.line if f.file else (data.get("lines", {}).get(f.key) if f.key else None) or data.get("line")
    provenance = g.nodes[doc].get("provenance", {}) if doc in g else {}
    path = data.get("path") or ()
    secondary = any(provenance.get(k) in ("secondary", "unverified") for k in (f.key, path[0] if path else None) if k)
    # An unverified fact never produces an error (domain.md): a finding resting on one is a
    # warning at most, and says that it rests on uncertain information.
    unverified = rests_on_unverified(g, f)
    severity: Severity = "warning" if unverified and rule.severity == "error" else rule.severity
    return Violation(
        rule=rule.id, name=rule.name, family=rule.family, severity=severity,
        subject=f.subject, related=tuple(f.related), file=f.file or data.get("file", ""), line=line, key=f.key,
        message={"ja": render(rule.message.ja, values, "ja"), "en": render(rule.message.en, values, "en")},
        params={k: plain(v) for k, v in sorted(f.params.items())}, document=doc,
        subject_title=data.get("title"), subject_type=data.get("type"), secondary=secondary or unverified,
    )


# --- what a finding rests on ----------------------------------------------------------------------

# The fields of a related node a finding is taken to rest on when its check does not say
# (Finding.rests_on): the dates and periods that decide what was in force or valid.
DOCUMENT_FACTS = ("adopted", "decided", "published", "released", "period", "valid")


def reliability(g: Graph, node: str, field: str | None) -> str | None:
    """How reliable the fact `field` of `node` is (primary | secondary | unverified, None: not
    stated): the node's own provenance (a document's, a grant type's), else — for an entity of a
    document — the provenance of the document's list it belongs to (goals, types, basic_plans …)."""
    if node not in g:
        return None
    data = g.nodes[node]
    own: dict[str, str] = data.get("provenance") or {}
    if field is not None and field in own:
        return own[field]
    doc, path = data.get("doc"), data.get("path") or ()
    if doc == node or doc not in g or not path:
        return None
    found: str | None = (g.nodes[doc].get("provenance") or {}).get(path[0])
    return found


def facts_of(g: Graph, f: Finding) -> list[tuple[str, str | None]]:
    """The (node, field) facts a finding rests on: the subject's key, and the related nodes'
    facts the check compared (Finding.rests_on) — or, where it does not say, each related
    document's dates and periods and each related entity's list and own dates."""
    facts: list[tuple[str, str | None]] = [(f.subject, f.key)]
    if f.rests_on:
        return facts + list(f.rests_on)
    for other in f.related:
        if other not in g:
            continue
        facts.extend((other, field) for field in DOCUMENT_FACTS)
        if g.nodes[other].get("doc") != other:
            facts.append((other, None))
    return facts


def rests_on_unverified(g: Graph, f: Finding) -> bool:
    """Whether a finding rests on a fact whose provenance is `unverified`."""
    return any(reliability(g, node, field) == "unverified" for node, field in facts_of(g, f))


# --- rendering values into messages and plain data ------------------------------------------------


class _Values(dict[str, Any]):
    def __init__(self, values: dict[str, Any], lang: str) -> None:
        super().__init__({k: show(v, lang) for k, v in values.items()})


def render(template: str, values: dict[str, Any], lang: str) -> str:
    return template.format_map(_Values(values, lang))


def show(value: Any, lang: str) -> str:
    """A value as a reader of `lang` expects it: R3年3月 / 2021-03, R2年度 / FY2020. Japanese is
    written in the default era style; reporters restyle it for the reader (checker.eras)."""
    if value is None:
        return "—"
    if isinstance(value, (PlanDate, dt.date)):
        return eras.date(value, lang)
    if hasattr(value, "ja") and hasattr(value, "en"):
        return i18n.shown(value, lang)
    if isinstance(value, bool):
        return t("report.yes" if value else "report.no", lang)
    if isinstance(value, int) and abs(value) >= 10_000:
        return f"{value:,}"  # populations and money; years never reach five digits
    if isinstance(value, float):
        return f"{value:,.10g}" if math.isfinite(value) and abs(value) >= 10_000 else f"{value:g}"
    if isinstance(value, (list, tuple)):
        items = [show(v, lang) for v in value]
        if len(items) > 1:  # a, b and c / a、b、c
            return t("sep.last", lang, items=t("sep.list", lang).join(items[:-1]), last=items[-1])
        return "".join(items) or "—"
    if isinstance(value, dict):
        return "、".join(f"{show(k, lang)} {show(v, lang)}" for k, v in value.items())
    return str(value)


def plain(value: Any) -> Any:
    """JSON-ready form of a finding parameter."""
    if isinstance(value, PlanDate):
        return value.en()
    if isinstance(value, YearRef):
        return {"year": value.year, "basis": value.basis}
    if isinstance(value, Period):
        return {"from": value.start, "to": value.end}
    if isinstance(value, YearWindow):
        return {"from": plain(value.first), "to": plain(value.last), "aggregate": value.aggregate}
    if isinstance(value, FiscalYear):
        return value.year
    if isinstance(value, Label):
        return value.key
    if isinstance(value, Percent):
        return value.value
    if isinstance(value, Duration):
        return {"days": value.days, "months": value.months}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Quantity):  # exact: the number; printed approximately: how it was printed too
        return value.value if not (value.approx or value.bound) else {
            "value": value.value, "tolerance": value.tolerance, "bound": value.bound, "printed": value.printed}
    if isinstance(value, Unknown):
        return {"unknown": value.note or True}
    if isinstance(value, BaseModel):
        return {name: plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, (list, tuple, frozenset, set)):
        return [plain(v) for v in (sorted(value) if isinstance(value, (set, frozenset)) else value)]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


# --- waivers --------------------------------------------------------------------------------------


def _waiver_target(g: Graph, doc: str, target: str) -> str:
    if target in g:
        return target
    qualified = f"{doc}#{target}"
    return qualified if qualified in g else target


def apply_waivers(g: Graph, violations: list[Violation], as_of: dt.date) -> list[Violation]:
    result = list(violations)
    extra: list[Violation] = []
    for doc, file, line, waiver in index_graph(g).waivers:
        target = _waiver_target(g, doc, waiver.target)
        until = era_fiscal_year(waiver.until) if waiver.until is not None else None
        params = {"rule": waiver.rule, "target": target, "until": FiscalYear(waiver.until) if waiver.until else None}
        if waiver.until is not None and fiscal_year_of(as_of) > waiver.until:  # valid through its fiscal year
            extra.append(_waiver_violation("WAIVER-001", doc, file, line, params))
            continue
        hits = [i for i, v in enumerate(result) if v.rule == waiver.rule and v.subject == target and v.status != "waived"]
        if not hits:
            extra.append(_waiver_violation("WAIVER-002", doc, file, line, params))
            continue
        info = WaiverInfo(waiver.reason, waiver.approved_by, until, file, line)
        for i in hits:
            v = result[i]
            result[i] = dataclasses.replace(v, waived=info)
    return result + extra


def _waiver_violation(code: str, doc: str, file: str, line: int | None, params: dict[str, Any]) -> Violation:
    """A finding of the waiver policy, as its built-in code says (rules/waiver/WAIVER-00x.yaml)."""
    rule = builtin_codes()[code]
    return Violation(
        rule=code, name=rule.name, family=rule.family, severity=rule.severity,
        subject=doc, related=(params["target"],), file=file, line=line, key="waivers",
        message={"ja": render(rule.message.ja, params, "ja"), "en": render(rule.message.en, params, "en")},
        params={k: plain(v) for k, v in params.items()}, document=doc,
    )
