"""A PlanDiff (checker.workflows.review) as text, JSON, Markdown or HTML. Formatting only: every fact comes
from the PlanDiff; every word a person reads is chosen here, from the catalogue (checker.i18n:
diff.*, git.*; the review records hold ids, values and kinds).

- text: grouped — periods (dispositions), 追加 / 削除 / 変更 with field-level changes, 導入された違反 /
  解消された違反 (one line each), the number of unchanged violations, and a summary line;
- json: `to_dict(diff)` (keys: docs/review.md), which `from_dict` reads back;
- markdown: the same as tables for a review comment, plan text escaped as in the Markdown report;
- html: one self-contained page (no script, no network), plan text escaped, the report's styles.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from typing import Any

from checker import i18n
from checker.workflows.baseline import fingerprint
from checker.engine import show
from checker.escaping import visible
from checker.graph import normalise_title
from checker.i18n import LANGUAGES, t
from checker.labels import Label, severity_label, term
from checker.report import Violation
from checker.reporters.html import _CSS, _e
from checker.reporters.markdown import escape
from checker.reporters.shared import json_text
from checker.workflows.review.records import Disposition, EntityChange, FieldChange, Link, PlanDiff, Succession

FORMATS = ("text", "json", "markdown", "html")


def _w(key: str, lang: str, **params: Any) -> str:
    """A word of the diff (the catalogue's diff.*)."""
    return t(f"diff.{key}", lang, **params)


def _known(prefix: str, key: str, lang: str) -> str:
    """The catalogue's word for `key` under `prefix`, else the key as it is."""
    return t(f"{prefix}.{key}", lang) if i18n.has(f"{prefix}.{key}") else key


def status_label(status: str, lang: str) -> str:
    return _known("diff.status", status, lang)


def field_label(name: str, lang: str) -> str:
    return _known("diff.field", name, lang)


def type_label(type_: str, kind: str | None, lang: str) -> str:
    """基本目標, 施策, 指標（KPI） …"""
    key = kind if type_ == "indicator" and kind else type_
    word = t(f"diff.type.{key}", lang) if i18n.has(f"diff.type.{key}") else term(key, lang)
    if type_ == "indicator" and kind:
        return t("sep.paren", lang, text=Label("indicator"), note=word)
    return word


@dataclasses.dataclass(frozen=True)
class Printed:
    """A value known only as it was shown, {"ja": …, "en": …}: a field change read back from JSON."""

    text: dict[str, str]


def _link_text(link: Link, name: str, lang: str) -> str:
    """A link's target: its id (local in its own document) and title, and the link's own values
    (continues: 継承／変更… and the reason)."""
    shown = link.target.partition("#")[2] if link.same_document else link.target
    title = link.title
    text = _w("titled", lang, id=shown, title=title) if title and title != shown else shown
    extras = [x for x in link.extras if x]
    if name == "continues" and link.extras:
        how = term(str(link.extras[0]), lang) if link.extras[0] else ""
        reason = link.extras[1] if len(link.extras) > 1 else None
        detail = how + (f": {reason}" if reason else "")
        return t("sep.paren", lang, text=text, note=detail)
    if extras:
        return t("sep.paren", lang, text=text, note=t("sep.clauses", lang).join(map(str, extras)))
    return text


def value_text(name: str, value: Any, lang: str) -> str:
    """A value of field `name` (FieldChange.old_value / new_value) as a reader of `lang` sees it."""
    if isinstance(value, Printed):
        return value.text.get(lang, "")
    if value is None or value == ():
        return "—"
    if value == "":
        return _w("empty", lang)
    if name in ("baseline", "target"):
        year, number = value
        return " ".join(show(x, lang) for x in (year, number) if x is not None)
    if isinstance(value, tuple) and isinstance(value[0], Link):
        return t("sep.clauses", lang).join(_link_text(link, name, lang) for link in value)
    if name in ("kind", "direction", "basis"):
        return term(str(value), lang) if isinstance(value, str) else show(value, lang)
    return show(value, lang)


def _local(node: str | None) -> str:
    if not node:
        return ""
    return node.partition("#")[2] or node


def _where(v: Violation) -> str:
    return f"{v.file}:{v.line}" if v.line else v.file


def _marks(v: Violation, lang: str) -> str:
    marks = []
    if v.waived is not None:
        marks.append(f"{_w('waived', lang)}: {v.waived.reason}")
    if v.known:
        marks.append(_w("known", lang))
    return "".join(f"  [{m}]" for m in marks)


def _severity(severity: str, lang: str) -> str:
    return severity_label(severity, lang)


def _by_severity(counts: dict[str, int], lang: str) -> str:
    parts = [f"{_severity(s, lang)} {n}" for s, n in counts.items() if n]
    return t("sep.paren", lang, text="", note=t("sep.list", lang).join(parts)) if parts else ""


def _item(d: Disposition) -> str:
    return f"{_local(d.item)} {d.title}"


def _successors(d: Disposition, lang: str) -> str:
    return t("sep.list", lang).join(f"{_local(n)} {title}" for n, title in zip(d.successors, d.successor_titles))


def _entity_head(e: EntityChange, lang: str) -> str:
    head = f"{type_label(e.type, e.kind, lang)}  {e.id}  {e.title}"
    if e.old_id and e.old_id != e.id:
        facts = [f"{_w('renamed_from', lang)} {e.old_id}"]
        if e.score is not None:
            facts.append(f"{_w('score', lang)} {e.score:.2f}")
        head += t("sep.paren", lang, text="", note=t("sep.list", lang).join(facts))
    return head


def _field_line(f: FieldChange, lang: str) -> str:
    old, new = value_text(f.field, f.old_value, lang), value_text(f.field, f.new_value, lang)
    return f"{field_label(f.field, lang)}: {old} → {new}"


# --- text ----------------------------------------------------------------------------------------------

def _width(text: str) -> int:
    """Columns a terminal gives the text (East Asian wide characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _same_item(d: Disposition) -> bool:
    """A successor with the same local id and wording: no need to repeat it."""
    return len(d.successors) == 1 and _local(d.successors[0]) == _local(d.item) and \
        normalise_title(d.successor_titles[0]) == normalise_title(d.title)


def _text_succession(succ: Succession, lang: str) -> list[str]:
    out = [f"■ {_w('period', lang)}: {succ.old_title} ({succ.old_document}) → {succ.new_title} ({succ.new_document})"]
    groups = [(key, list(getattr(succ, key))) for key in
              ("goals", "new_goals", "indicators", "new_indicators", "grants", "new_grants")]
    for key, items in groups:
        if not items:
            continue
        width = max(_width(status_label(d.status, lang)) for d in items) + 2
        out.append(f" [{_w(key, lang)}]")
        for d in items:
            label = status_label(d.status, lang)
            line = f"  {label}{' ' * (width - _width(label))}{_item(d)}"
            facts = [type_label(d.kind, None, lang) if d.kind else "", _local(d.goal)]
            facts = [x for x in facts if x]
            if facts:
                line += t("sep.paren", lang, text="", note=t("sep.list", lang).join(facts))
            if d.successors and not _same_item(d):
                line += f" → {_successors(d, lang)}"
            out.append(line)
            if d.reason:
                out.append(f"  {' ' * width}{_w('reason', lang)}: {d.reason}")
    return out + [""]


def _text_violation(v: Violation, lang: str) -> str:
    return f"  {_where(v)}  {_severity(v.severity, lang)}  {v.rule}  {v.message.get(lang, '')}{_marks(v, lang)}"


def _text_entities(items: list[EntityChange], change: str, lang: str) -> list[str]:
    if not items:
        return []
    out = [f"■ {_w(change, lang)} ({len(items)})"]
    for e in items:
        out.append(f"  {_entity_head(e, lang)}")
        out += [f"      {_field_line(f, lang)}" for f in e.fields if f.field != "id"]
    return out + [""]


def _text_summary(diff: PlanDiff, lang: str) -> str:
    s = diff.summary()
    return _w("totals", lang, by_severity=_by_severity(s["introduced_by_severity"], lang),
              **{k: s[k] for k in ("added", "removed", "changed", "introduced", "resolved", "unchanged")})


def render_text(diff: PlanDiff, lang: str = "ja") -> str:
    head = f"{_w('title', lang)}: {diff.old} → {diff.new}"
    if diff.as_of:
        head += t("sep.paren", lang, text="", note=f"{_w('as_of', lang)} {diff.as_of}")
    out = [head]
    for side, files in (("old", diff.old_context), ("new", diff.new_context)):
        if files:
            out.append(f"  {_w('context', lang, side=_w(side, lang))}: {', '.join(files)}")
    out.append("")
    for succ in diff.successions:
        out += _text_succession(succ, lang)
    for change in ("added", "removed", "changed"):
        out += _text_entities([e for e in diff.entities if e.change == change], change, lang)
    if not diff.entities and not diff.successions:
        out += [_w("no_changes", lang), ""]
    for key, found in (("introduced", diff.introduced), ("resolved", diff.resolved)):
        if found:
            out.append(f"■ {_w(key, lang)} ({len(found)})")
            out += [_text_violation(v, lang) for v in found]
            out.append("")
    out.append(_text_summary(diff, lang))
    # titles and file names are plan text: no terminal control in them reaches the screen
    return "\n".join(visible(line) for line in "\n".join(out).split("\n")) + "\n"


# --- json ----------------------------------------------------------------------------------------------

def _plain_record(record: Any) -> Any:
    """A record as JSON-ready data: tuples become lists; a field change carries its values as
    plain data and as shown in both languages."""
    if isinstance(record, FieldChange):
        return {"field": record.field, "old": _plain_record(record.old), "new": _plain_record(record.new),
                "old_text": {lang: value_text(record.field, record.old_value, lang) for lang in LANGUAGES},
                "new_text": {lang: value_text(record.field, record.new_value, lang) for lang in LANGUAGES}}
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: _plain_record(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, (list, tuple)):
        return [_plain_record(v) for v in record]
    if isinstance(record, dict):
        return {k: _plain_record(v) for k, v in record.items()}
    return record


def to_dict(diff: PlanDiff) -> dict[str, Any]:
    """The JSON form of a PlanDiff (docs/review.md); `from_dict` reads it back."""
    def violations(vs: tuple[Violation, ...]) -> list[dict[str, Any]]:
        return [{**v.to_dict(), "fingerprint": fingerprint(v)} for v in vs]

    return {
        "plancheck_diff": 1,
        "plancheck": diff.version,
        "as_of": diff.as_of,
        "old": {"label": diff.old, "files": list(diff.old_files), "context": list(diff.old_context)},
        "new": {"label": diff.new, "files": list(diff.new_files), "context": list(diff.new_context)},
        "summary": diff.summary(),
        "entities": [_plain_record(e) for e in diff.entities],
        "successions": [_plain_record(s) for s in diff.successions],
        "violations": {"introduced": violations(diff.introduced), "resolved": violations(diff.resolved),
                       "unchanged": violations(diff.unchanged)},
    }


def from_dict(data: dict[str, Any]) -> PlanDiff:
    """A PlanDiff from its JSON form (`to_dict`): equal to the one written, and rendered the same
    (field values come back as shown: Printed)."""
    def violations(items: list[dict[str, Any]]) -> tuple[Violation, ...]:
        return tuple(Violation.from_dict({k: v for k, v in item.items() if k != "fingerprint"}) for item in items)

    def field_change(item: dict[str, Any]) -> FieldChange:
        return FieldChange(item["field"], item["old"], item["new"], Printed(dict(item.get("old_text", {}))),
                           Printed(dict(item.get("new_text", {}))))

    def change(item: dict[str, Any]) -> EntityChange:
        return EntityChange(**{**item, "fields": tuple(field_change(f) for f in item.get("fields", ()))})

    def disposition(item: dict[str, Any]) -> Disposition:
        return Disposition(**{**item, "successors": tuple(item.get("successors", ())),
                              "successor_titles": tuple(item.get("successor_titles", ()))})

    def succession(item: dict[str, Any]) -> Succession:
        lists = ("goals", "new_goals", "indicators", "new_indicators", "grants", "new_grants")
        kwargs: dict[str, Any] = {k: (tuple(disposition(d) for d in v) if k in lists else v) for k, v in item.items()}
        return Succession(**kwargs)

    found = data.get("violations", {})
    return PlanDiff(
        old=data["old"]["label"], new=data["new"]["label"], as_of=data.get("as_of", ""),
        version=data.get("plancheck", ""),
        entities=tuple(change(e) for e in data.get("entities", ())),
        successions=tuple(succession(s) for s in data.get("successions", ())),
        introduced=violations(found.get("introduced", [])), resolved=violations(found.get("resolved", [])),
        unchanged=violations(found.get("unchanged", [])),
        old_files=tuple(data["old"].get("files", ())), new_files=tuple(data["new"].get("files", ())),
        old_context=tuple(data["old"].get("context", ())), new_context=tuple(data["new"].get("context", ())),
    )


def render_json(diff: PlanDiff, lang: str = "ja") -> str:
    return json_text(to_dict(diff))


# --- markdown -----------------------------------------------------------------------------------------

def _md_table(headers: list[str], rows: list[list[str]], numeric: tuple[int, ...] = ()) -> list[str]:
    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    rule = ["---:" if i in numeric else "---" for i in range(len(headers))]
    return [row(headers), row(rule)] + [row(r) for r in rows] + [""]


def _md_succession(succ: Succession, lang: str) -> list[str]:
    heading = _w("succession", lang, period=_w("period", lang), old_title=succ.old_title, old_document=succ.old_document,
                 new_title=succ.new_title, new_document=succ.new_document)
    out = [f"### {escape(heading, newline=' ')}", ""]
    headers = [_w("previous", lang), _w("disposition", lang), _w("next", lang), _w("reason", lang)]
    for key in ("goals", "new_goals", "indicators", "new_indicators", "grants", "new_grants"):
        items: tuple[Disposition, ...] = getattr(succ, key)
        if not items:
            continue
        out += [f"**{_w(key, lang)}**", ""]
        table = []
        for d in items:
            previous = "" if d.status == "new" else escape(_item(d))
            following = escape(_item(d)) if d.status == "new" else escape(_successors(d, lang))
            table.append([previous, escape(status_label(d.status, lang)), following, escape(d.reason or "")])
        out += _md_table(headers, table)
    return out


def _md_entities(entities: tuple[EntityChange, ...], lang: str) -> list[str]:
    out = [f"### {_w('entities', lang)}", ""]
    table = []
    for e in entities:
        what = "<br>".join(escape(_field_line(f, lang), newline=" ") for f in e.fields if f.field != "id")
        ident = escape(e.id)
        if e.old_id and e.old_id != e.id:
            score = f" {_w('score', lang)} {e.score:.2f}" if e.score is not None else ""
            ident += " ← " + escape(f"{e.old_id}{score}")
        table.append([_w(e.change, lang), escape(type_label(e.type, e.kind, lang)), ident, escape(e.title), what])
    return out + _md_table([_w(k, lang) for k in ("change_kind", "kind", "id", "name", "change")], table)


def _md_violations(diff: PlanDiff, lang: str) -> list[str]:
    out: list[str] = []
    headers = [_w(k, lang) for k in ("severity", "rule", "where", "message")]
    for key, vs in (("introduced", diff.introduced), ("resolved", diff.resolved)):
        if not vs:
            continue
        out += [f"### {t('sep.paren', lang, text=_w(key, lang), note=len(vs))}", ""]
        out += _md_table(headers, [[_severity(v.severity, lang), escape(f"{v.rule} {v.name}"), escape(_where(v)),
                                    escape(v.message.get(lang, "") + _marks(v, lang))] for v in vs])
    if diff.unchanged:
        out += [_w("and_unchanged", lang, n=len(diff.unchanged)), ""]
    return out


def render_markdown(diff: PlanDiff, lang: str = "ja") -> str:
    out = [f"## {_w('title', lang)}", ""]
    facts = [f"{_w('old', lang)}: {escape(diff.old)}", f"{_w('new', lang)}: {escape(diff.new)}"]
    if diff.as_of:
        facts.append(f"{_w('as_of', lang)} {escape(diff.as_of)}")
    out += [" · ".join(facts), ""]
    s = diff.summary()
    rows = [[_w(k, lang), str(s[k])] for k in ("added", "removed", "changed", "introduced", "resolved", "unchanged")]
    out += _md_table([_w("summary", lang), _w("count", lang)], rows, numeric=(1,))
    for succ in diff.successions:
        out += _md_succession(succ, lang)
    if diff.entities:
        out += _md_entities(diff.entities, lang)
    elif not diff.successions:
        out += [_w("no_changes", lang), ""]
    out += _md_violations(diff, lang)
    return "\n".join(out).rstrip("\n") + "\n"


# --- html ---------------------------------------------------------------------------------------------

_EXTRA_CSS = """
.chg{display:inline-block;border-radius:4px;padding:0 7px;font-size:.8rem;font-weight:700;white-space:nowrap}
.chg.added,.st-new,.st-continued,.st-carried{background:#e3f4e5;color:#1e6b2a}
.chg.removed,.st-none,.st-dropped{background:var(--err-bg);color:var(--err)}
.chg.changed,.st-changed,.st-merged{background:var(--warn-bg);color:var(--warn)}
.st-retired{background:#f1f2f4;color:var(--waive)}
td ul.fields{margin:0;padding-left:1.1em}
.old{color:var(--muted);text-decoration:line-through}
"""


def _html_table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="grid"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _html_summary(diff: PlanDiff, lang: str) -> list[str]:
    parts = [f'<section id="summary"><h2>{_e(_w("summary", lang))}</h2><div class="cards">']
    s = diff.summary()
    for key in ("added", "removed", "changed", "introduced", "resolved", "unchanged"):
        parts.append(f'<div class="card total"><span class="n">{s[key]}</span><span class="l">{_e(_w(key, lang))}</span></div>')
    parts.append("</div></section>")
    return parts


def _html_succession(succ: Succession, lang: str) -> list[str]:
    def status(d: Disposition) -> str:
        return f'<span class="chg st-{_e(d.status)}">{_e(status_label(d.status, lang))}</span>'

    heading = f"{_w('period', lang)}: {succ.old_title} → {succ.new_title}"
    parts = [f'<section class="period"><h2>{_e(heading)}</h2>'
             f'<p class="hint"><code>{_e(succ.old_document)}</code> → <code>{_e(succ.new_document)}</code></p>']
    headers = [_w("previous", lang), _w("disposition", lang), _w("next", lang), _w("reason", lang)]
    for key in ("goals", "new_goals", "indicators", "new_indicators", "grants", "new_grants"):
        items: tuple[Disposition, ...] = getattr(succ, key)
        if items:
            rows = [["" if d.status == "new" else _e(_item(d)), status(d),
                     _e(_item(d)) if d.status == "new" else _e(_successors(d, lang)), _e(d.reason or "")] for d in items]
            parts.append(f"<h3>{_e(_w(key, lang))}</h3>" + _html_table(headers, rows))
    parts.append("</section>")
    return parts


def _html_entity_row(e: EntityChange, lang: str) -> list[str]:
    fields = "".join(f'<li>{_e(field_label(f.field, lang))}: '
                     f'<span class="old">{_e(value_text(f.field, f.old_value, lang))}</span>'
                     f' → {_e(value_text(f.field, f.new_value, lang))}</li>' for f in e.fields if f.field != "id")
    ident = f"<code>{_e(e.id)}</code>"
    if e.old_id and e.old_id != e.id:
        score = f" ({_e(_w('score', lang))} {e.score:.2f})" if e.score is not None else ""
        ident += f'<br><span class="small">{_e(_w("renamed_from", lang))} <code>{_e(e.old_id)}</code>{score}</span>'
    return [f'<span class="chg {_e(e.change)}">{_e(_w(e.change, lang))}</span>',
            _e(type_label(e.type, e.kind, lang)), ident, _e(e.title),
            f'<ul class="fields">{fields}</ul>' if fields else ""]


def _html_entities(diff: PlanDiff, lang: str) -> list[str]:
    parts = [f'<section id="entities"><h2>{_e(_w("entities", lang))}</h2>']
    if diff.entities:
        rows = [_html_entity_row(e, lang) for e in diff.entities]
        parts.append(_html_table([_w(k, lang) for k in ("change_kind", "kind", "id", "name", "change")], rows))
    else:
        parts.append(f'<p class="panel">{_e(_w("no_changes", lang))}</p>')
    parts.append("</section>")
    return parts


def _html_violations(diff: PlanDiff, lang: str) -> list[str]:
    parts = [f'<section id="violations"><h2>{_e(_w("violations", lang))}</h2>']
    for key, vs in (("introduced", diff.introduced), ("resolved", diff.resolved), ("unchanged", diff.unchanged)):
        rows = [[f'<span class="badge {v.severity}">{_e(_severity(v.severity, lang))}</span>',
                 f"<code>{_e(v.rule)}</code> {_e(v.name)}", f"<code>{_e(_where(v))}</code>",
                 _e(v.message.get(lang, "") + _marks(v, lang))] for v in vs]
        block = _html_table([_w(k, lang) for k in ("severity", "rule", "where", "message")], rows) if rows else \
            f'<p class="hint">{_e(_w("none", lang))}</p>'
        opened = "" if key == "unchanged" else " open"
        parts.append(f'<details class="block"{opened}><summary>{_e(_w(key, lang))} ({len(vs)})</summary>{block}</details>')
    parts.append("</section>")
    return parts


def _html_page(diff: PlanDiff, lang: str, parts: list[str]) -> str:
    title = f"{_w('title', lang)}: {diff.old} → {diff.new}"
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    page = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}" data-lang="{lang}">',
        '<head>\n<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_e(csp)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="plancheck {_e(diff.version)}">',
        '<link rel="icon" href="data:,">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}{_EXTRA_CSS}</style>\n</head>",
        "<body>",
        f'<header class="top"><h1>{_e(_w("title", lang))}</h1>'
        f'<dl><div><dt>{_e(_w("old", lang))}</dt><dd>{_e(diff.old)}</dd></div>'
        f'<div><dt>{_e(_w("new", lang))}</dt><dd>{_e(diff.new)}</dd></div>'
        f'<div><dt>{_e(_w("as_of", lang))}</dt><dd>{_e(diff.as_of or "—")}</dd></div></dl></header>',
        "<main>",
        *parts,
        "</main>",
        f"<footer><p>plancheck {_e(diff.version)}</p></footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(page) + "\n"


def render_html(diff: PlanDiff, lang: str = "ja") -> str:
    lang = "en" if lang == "en" else "ja"
    parts = _html_summary(diff, lang)
    for succ in diff.successions:
        parts += _html_succession(succ, lang)
    parts += _html_entities(diff, lang) + _html_violations(diff, lang)
    return _html_page(diff, lang, parts)


_RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown, "html": render_html}


def render(diff: PlanDiff, fmt: str, lang: str = "ja") -> str:
    if fmt not in _RENDERERS:
        raise ValueError(f"unknown diff format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return _RENDERERS[fmt](diff, lang)
