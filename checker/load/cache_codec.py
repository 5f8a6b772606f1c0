"""The kinds of cache entries as plain JSON data, and back — checked on the way back.

Nothing here can construct an object other than str, int, float, bool, None, list, dict and the
few records named below, built field by field from values of the right type. A value that does
not fit the expected shape raises Malformed, which the cache treats as a miss.

- parse entries: a load.parsed.ParsedFile — its documents as (data, lines, tables), its input
  errors, the tables it read. `lines` maps every key path of a document to its line, tens of
  thousands in a big plan, and each path extends an earlier one: stored as three flat lists (the
  earlier path's index, the last part, the line): under half the size of whole paths and about
  four times faster to read back (measured on a corpus of 300 files, 90,000 lines);
- table entries: one table's rows (the dictionaries an inline YAML list gives) and its
  TableSource, the same records a parse entry holds for it;
- result entries: a report.Checked — violations (Violation.to_dict / from_dict), document
  summaries, members (id, municipality, referenced ids), input errors and the tables read;
- report entries: a whole check's report.Report (before a baseline), with the files it skipped;
- digest entries: file path → its status (size, times, inode) and content digest, so that an
  unchanged file need not be read to know its digest (ParseCache.file_digests).
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, Iterable, Mapping, Sequence

from checker.load.errors import InputError
from checker.load.parsed import ParsedFile, TableSource
from checker.load.yamlsource import Path_
from checker.report import SEVERITIES, Checked, DocumentInfo, NotChecked, Report, RuleInfo, Violation, WaiverInfo


class Malformed(ValueError):
    """A cache entry that does not have the shape its kind has: treated as a miss."""


_Types = frozenset[type]  # the exact types a field may have (type(v) in them: a bool is not an int)
_NONE: type = type(None)
_STR: _Types = frozenset({str})
_INT: _Types = frozenset({int})
_BOOL: _Types = frozenset({bool})
_LIST: _Types = frozenset({list})
_DICT: _Types = frozenset({dict})
_OPT_STR: _Types = frozenset({str, _NONE})
_OPT_INT: _Types = frozenset({int, _NONE})


def _expect(ok: bool) -> None:
    if not ok:
        raise Malformed


def _list(value: Any, length: int | None = None) -> list[Any]:
    _expect(type(value) is list and (length is None or len(value) == length))
    return value  # type: ignore[no-any-return]


def _types_within(values: Iterable[Any], allowed: _Types) -> bool:
    return set(map(type, values)) <= allowed  # one C-level pass over the values


def _row(value: Any, types: tuple[_Types, ...]) -> list[Any]:
    """A record stored as a list of fields, each of one of its allowed types (bool is not int)."""
    row = _list(value, len(types))
    _expect(all(map(frozenset.__contains__, types, map(type, row))))  # C-level: thousands per run
    return row


def _str_dict(value: Any) -> dict[str, str]:
    _expect(type(value) is dict and _types_within(value, _STR) and _types_within(value.values(), _STR))
    return value  # type: ignore[no-any-return]


# --- InputError --------------------------------------------------------------------------------

_ERROR: tuple[_Types, ...] = (_STR, _STR, _OPT_INT, _OPT_STR, _STR, _STR, _STR, _STR, _OPT_STR)


def _encode_errors(errors: Iterable[InputError]) -> list[list[Any]]:
    return [[e.code, e.file, e.line, e.key, e.message_ja, e.message_en, e.hint_ja, e.hint_en, e.document]
            for e in errors]


def _decode_errors(value: Any) -> tuple[InputError, ...]:
    return tuple(InputError(*_row(e, _ERROR)) for e in _list(value))


# --- ParsedFile --------------------------------------------------------------------------------

_PATH_PART: _Types = frozenset({str, int})
_TABLE: tuple[_Types, ...] = (_LIST, _STR, _DICT, _STR, _STR)


def _encode_lines(lines: Mapping[Path_, int]) -> list[Any]:
    """[line of (), parents, parts, lines]: path i is path parents[i] (-1: the empty path; a list:
    a path not stored before it, written out) extended by parts[i]."""
    index: dict[Path_, int] = {}
    parents: list[int | list[str | int]] = []
    parts: list[str | int] = []
    numbers: list[int] = []
    for path, number in lines.items():
        if not path:
            continue
        prefix = path[:-1]
        parent = index.get(prefix, -1 if not prefix else None)
        index[path] = len(parts)
        parents.append(list(prefix) if parent is None else parent)
        parts.append(path[-1])
        numbers.append(number)
    return [lines.get(()), parents, parts, numbers]


def _decode_lines(value: Any) -> dict[Path_, int]:
    root, parents, parts, numbers = _list(value, 4)
    _expect(type(root) in _OPT_INT and type(parents) is list and type(parts) is list and type(numbers) is list
            and len(parents) == len(parts) == len(numbers))
    _expect(_types_within(parts, _PATH_PART) and _types_within(numbers, _INT))
    paths: list[Path_] = []
    append = paths.append
    try:
        for parent, part in zip(parents, parts):
            if type(parent) is int and parent >= 0:
                append((*paths[parent], part))  # an IndexError for a path not (yet) stored
            elif parent == -1 and type(parent) is int:
                append((part,))
            else:
                _expect(type(parent) is list and _types_within(parent, _PATH_PART))
                append((*parent, part))
    except IndexError:
        raise Malformed from None
    lines: dict[Path_, int] = {(): root} if root is not None else {}
    lines.update(zip(paths, numbers))
    _expect(len(lines) == len(paths) + (root is not None))  # no path twice
    return lines


def encode_parsed(parsed: ParsedFile) -> dict[str, Any]:
    """ParsedFile → JSON-ready data (tuples become JSON arrays as json.dumps writes them)."""
    return {
        "shown": parsed.shown,
        "documents": [[data, _encode_lines(lines), [[path, t.file, t.columns, t.path, t.digest]
                                                     for path, t in tables.items()]]
                      for data, lines, tables in parsed.documents],
        "errors": _encode_errors(parsed.errors),
        "dependencies": [list(d) for d in parsed.dependencies],
    }


def decode_parsed(value: Any) -> ParsedFile:
    _expect(type(value) is dict and value.keys() == {"shown", "documents", "errors", "dependencies"})
    shown = value["shown"]
    _expect(type(shown) is str)
    documents = []
    for document in _list(value["documents"]):
        data, lines, tables = _list(document, 3)
        sources = {}
        for table in _list(tables):
            path, file, columns, where, digest = _row(table, _TABLE)
            _expect(_types_within(path, _PATH_PART))
            sources[tuple(path)] = TableSource(file, _str_dict(columns), where, digest)
        documents.append((data, _decode_lines(lines), sources))
    dependencies = tuple((name, digest) for name, digest in
                         (_row(d, (_STR, _STR)) for d in _list(value["dependencies"])))
    return ParsedFile(shown, tuple(documents), _decode_errors(value["errors"]), dependencies)


# --- one table's rows (ParseCache.get_table) ---------------------------------------------------------

def encode_table(rows: Sequence[Mapping[str, Any]], source: TableSource) -> dict[str, Any]:
    """A table's rows (the dictionaries an inline YAML list gives) and its TableSource → JSON-ready data."""
    return {"rows": list(rows), "source": [source.file, source.columns, source.path, source.digest]}


def decode_table(value: Any) -> tuple[list[dict[str, Any]], TableSource]:
    _expect(type(value) is dict and value.keys() == {"rows", "source"})
    rows = _list(value["rows"])
    _expect(_types_within(rows, _DICT) and all(_types_within(row, _STR) for row in rows))
    file, columns, path, digest = _row(value["source"], (_STR, _DICT, _STR, _STR))
    return rows, TableSource(file, _str_dict(columns), path, digest)


# --- Checked (checker.report) -------------------------------------------------------------------

_VIOLATION: dict[str, _Types] = {
    "rule": _STR, "name": _STR, "family": _STR, "severity": _STR, "subject": _STR, "related": _LIST,
    "file": _STR, "line": _OPT_INT, "key": _OPT_STR, "message": _DICT, "params": _DICT,
    "document": _OPT_STR, "subject_title": _OPT_STR, "waived": frozenset({dict, _NONE}), "secondary": _BOOL,
    "subject_type": _OPT_STR, "known": _BOOL,
}
_NOT_CHECKED: dict[str, _Types] = {
    "rule": _STR, "name": _STR, "family": _STR, "subject": _STR, "missing": _LIST, "file": _STR, "line": _OPT_INT,
    "message": _DICT, "document": _OPT_STR, "subject_title": _OPT_STR, "params": _DICT,
}
_WAIVER: dict[str, _Types] = {"reason": _STR, "approved_by": _STR, "until": _OPT_STR, "file": _STR, "line": _OPT_INT}
# DocumentInfo: id, kind, title, file, bundled, owner, level, date, date_kind, period, prefecture
_DOCUMENT: tuple[_Types, ...] = (_STR, _STR, _STR, _STR, _BOOL, _STR, _STR, _STR, _STR, _STR, _STR)
_MEMBER: tuple[_Types, ...] = (_STR, _STR, _LIST)
_DOCUMENT_FIELDS = tuple(f.name for f in fields(DocumentInfo))
_new = object.__new__


def _document(value: Any) -> DocumentInfo:
    """DocumentInfo(*row), its fields set as pickle and copy set them (a frozen dataclass's own
    __init__ sets each through object.__setattr__: a cached national check decodes ten thousand
    twice). DocumentInfo has plain fields only: no __post_init__, no slots (tests/test_warm28.py)."""
    document: DocumentInfo = _new(DocumentInfo)
    document.__dict__.update(zip(_DOCUMENT_FIELDS, _row(value, _DOCUMENT)))
    return document


def _record(value: Any, fields: dict[str, _Types]) -> dict[str, Any]:
    _expect(type(value) is dict and value.keys() == fields.keys())
    _expect(all(map(frozenset.__contains__, fields.values(), map(type, map(value.__getitem__, fields)))))
    return value  # type: ignore[no-any-return]


def _decode_violation(value: Any) -> Violation:
    data = _record(value, _VIOLATION)
    _expect(data["severity"] in SEVERITIES and _types_within(data["related"], _STR))
    _str_dict(data["message"])
    _expect(_types_within(data["params"], _STR))
    if data["waived"] is not None:
        _record(data["waived"], _WAIVER)
    violation = Violation.from_dict(data)
    _expect(violation.waived is None or type(violation.waived) is WaiverInfo)
    return violation


def _decode_not_checked(value: Any) -> NotChecked:
    data = _record(value, _NOT_CHECKED)
    _expect(_types_within(data["missing"], _STR) and _types_within(data["params"], _STR))
    _str_dict(data["message"])
    return NotChecked.from_dict(data)


def encode_checked(checked: Checked) -> dict[str, Any]:
    """Checked → JSON-ready data (its `cached` flag is not stored: a hit sets it)."""
    return {
        "violations": [v.to_dict() for v in checked.violations],
        "not_checked": [n.to_dict() for n in checked.not_checked],
        "documents": [[d.id, d.kind, d.title, d.file, d.bundled, d.owner, d.level, d.date, d.date_kind, d.period,
                       d.prefecture] for d in checked.documents],
        "members": [[doc_id, owner, sorted(refs)] for doc_id, owner, refs in checked.members],
        "errors": _encode_errors(checked.errors),
        "tables": [list(t) for t in checked.tables],
    }


def decode_checked(value: Any, cached: bool = False) -> Checked:
    _expect(type(value) is dict and value.keys() == {"violations", "not_checked", "documents", "members", "errors",
                                                     "tables"})
    members = []
    for member in _list(value["members"]):
        doc_id, owner, refs = _row(member, _MEMBER)
        _expect(_types_within(refs, _STR))
        members.append((doc_id, owner, frozenset(refs)))
    return Checked(
        tuple(_decode_violation(v) for v in _list(value["violations"])),
        tuple(map(_document, _list(value["documents"]))),
        tuple(members),
        _decode_errors(value["errors"]),
        tuple(_decode_not_checked(n) for n in _list(value["not_checked"])),
        cached=cached,
        tables=tuple((folder, name, digest) for folder, name, digest in
                     (_row(t, (_STR, _STR, _STR)) for t in _list(value["tables"]))),
    )


# --- Report (checker.report), for a whole check ---------------------------------------------------

_RULE: tuple[_Types, ...] = (_STR, _STR, _STR, _STR, _DICT, _DICT, _LIST, _BOOL, _LIST)


def encode_report(report: Report, skipped: Sequence[str]) -> dict[str, Any]:
    """A whole check's Report (before a baseline is applied) and the files it skipped → JSON-ready data."""
    return {
        "violations": [v.to_dict() for v in report.violations],
        "not_checked": [n.to_dict() for n in report.not_checked],
        "documents": [[d.id, d.kind, d.title, d.file, d.bundled, d.owner, d.level, d.date, d.date_kind, d.period,
                       d.prefecture] for d in report.documents],
        "rules": [[r.id, r.name, r.family, r.severity, r.title, r.rationale, list(r.basis), r.basis_verified,
                   list(r.applies_to)] for r in report.rules],
        "files": list(report.files), "as_of": report.as_of, "version": report.version, "skipped": list(skipped),
    }


def decode_report(value: Any) -> tuple[Report, tuple[str, ...]]:
    _expect(type(value) is dict and value.keys() == {"violations", "not_checked", "documents", "rules", "files",
                                                     "as_of", "version", "skipped"})
    rules = []
    for rule in _list(value["rules"]):
        id_, name, family, severity, title, rationale, basis, verified, applies_to = _row(rule, _RULE)
        _expect(severity in SEVERITIES and _types_within(basis, _STR) and _types_within(applies_to, _STR))
        rules.append(RuleInfo(id_, name, family, severity, _str_dict(title), _str_dict(rationale), tuple(basis),
                              verified, tuple(applies_to)))
    files, skipped = _list(value["files"]), _list(value["skipped"])
    _expect(_types_within(files, _STR) and _types_within(skipped, _STR)
            and type(value["as_of"]) is str and type(value["version"]) is str)
    report = Report(
        violations=tuple(_decode_violation(v) for v in _list(value["violations"])),
        documents=tuple(map(_document, _list(value["documents"]))),
        rules=tuple(rules), files=tuple(files), as_of=value["as_of"], version=value["version"],
        not_checked=tuple(_decode_not_checked(n) for n in _list(value["not_checked"])),
    )
    return report, tuple(skipped)


# --- the digests of files, by their status (ParseCache.file_digests) ------------------------------

_STATUS: tuple[_Types, ...] = (_INT, _INT, _INT, _INT, _STR)  # size, mtime_ns, ctime_ns, inode, digest


def decode_digests(value: Any) -> dict[str, list[Any]]:
    _expect(type(value) is dict and _types_within(value, _STR))
    for entry in value.values():
        _row(entry, _STATUS)
    return value  # type: ignore[no-any-return]


# --- what the quick scan saw in each file (ParseCache.scans, checker.batch) ------------------------

_HEAD: tuple[_Types, ...] = (_OPT_STR, _OPT_STR, _OPT_STR, _OPT_STR)  # kind, id, municipality, prefecture


def decode_scans(value: Any) -> dict[str, list[list[str | None]] | None]:
    """digest → the heads of its documents (None: the scan was not sure)."""
    _expect(type(value) is dict and _types_within(value, _STR))
    for heads in value.values():
        if heads is not None:
            for head in _list(heads):
                _row(head, _HEAD)
    return value
