"""Plan files → validated documents (stage 2: the plain data of stage 1, checker.load.parse, through
pydantic's models). Every problem becomes a located InputError; one broken document never stops the
others from loading."""

from __future__ import annotations

import difflib
import os
import typing
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Literal, Mapping, Sequence

from pydantic import BaseModel, TypeAdapter, ValidationError

from checker import i18n, resources
from checker.errors import InvalidValue
from checker.fiscal import CalendarError
from checker.i18n import Both, both
from checker.load.errors import InputError, PlanInputError
from checker.load.limits import DEFAULT_LIMITS, Limits
from checker.load.paths import (  # noqa: F401  (re-exported: where callers have long found them)
    PLAN_SUFFIXES, PROFILE_NAME, below, discover, display_path, is_plan_name, readable_name, real_folder)
from checker.load.parse import failed_document, own_bundled, parse_all, parse_bundle, parse_file
from checker.load.parsed import ParsedFile
from checker.load.yamlsource import Path_, key_path
from checker.model import DOCUMENT_KINDS, AnyDocument, level_of

if TYPE_CHECKING:
    from checker.load.cache import ParseCache

# a table read: (the plan file's folder as text (os.fspath), the `table:` value as written, its digest)
TableRead = tuple[str, str, str]


@dataclass(frozen=True)
class SourceDocument:
    """A validated document with where it came from."""

    model: AnyDocument  # one of checker.model's document classes
    file: str  # as shown to the user
    lines: Mapping[Path_, int] = field(repr=False)
    bundled: bool = False
    tables: Mapping[Path_, Any] = field(default_factory=dict, repr=False)  # list path → TableSource

    def line(self, path: Path_) -> int | None:
        """Line of a key path, or of its nearest enclosing key."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]

    def locate(self, path: Path_) -> tuple[str, int | None]:
        """(file, line) of a key path: a table row (spreadsheet numbering) for entries read from
        a table, else the YAML line."""
        return locate(self.file, self.lines, self.tables, path)


def locate(file: str, lines: Mapping[Path_, int], tables: Mapping[Path_, Any], path: Path_) -> tuple[str, int | None]:
    if not tables and path in lines:  # the common case, first
        return file, lines[path]
    for prefix, table in tables.items():
        n = len(prefix)
        index = path[n] if path[:n] == prefix and len(path) > n else None
        if isinstance(index, int):
            return table.file, index + 2  # the header is row 1
    while path not in lines and path:
        path = path[:-1]
    return file, lines.get(path)


@dataclass(frozen=True)
class LoadResult:
    documents: tuple[SourceDocument, ...]
    errors: tuple[InputError, ...]
    files: tuple[str, ...]
    # YAML files read that hold no plan document (no top-level `kind:`): named in a notice, since
    # a plan file that lost its kind would otherwise go unchecked without a word (file_kind)
    skipped: tuple[str, ...] = ()
    plancheck_files: tuple[str, ...] = ()  # a profile or a baseline lying beside the plans: no notice
    tables: tuple[TableRead, ...] = ()  # the tables the user's files read (for the report cache)
    read: tuple[tuple[str, str], ...] = ()  # (file, digest of the bytes parsed): what the report cache checks

    @property
    def plan_files(self) -> int:
        """How many of the files read are plan files (hold a document, or an error saying why not)."""
        return len(self.files) - len(self.skipped) - len(self.plancheck_files)


@cache
def _adapter() -> TypeAdapter[Any]:
    return TypeAdapter(AnyDocument)


Kind = Literal["plan", "not_a_plan", "plancheck"]


def file_kind(parsed: ParsedFile) -> Kind:
    """What a YAML file read is: a plan file (it holds a document, or errors that say why not);
    one of plancheck's own files that lie beside the plans (a plancheck.yaml profile, a baseline);
    or none of these — empty, comments only, other YAML (a tool's settings, notes), which a
    notice names: a plan file that lost its `kind:` would otherwise go unchecked without a word."""
    data = [d for d, _, _ in parsed.documents]
    if parsed.errors or any(isinstance(d, dict) and ("kind" in d or "id" in d) for d in data):
        return "plan"
    if parsed.shown.replace("\\", "/").rpartition("/")[2] == PROFILE_NAME:
        return "plancheck"
    return "plancheck" if data and all(_plancheck_file(d) for d in data) else "not_a_plan"


# The top-level keys of a profile (checker.rules.Profile) and the mark of a baseline file.
_PROFILE_KEYS = frozenset({"extends", "rules", "select", "ignore", "fail_on", "limits"})


def _plancheck_file(data: Any) -> bool:
    return isinstance(data, dict) and bool(data) and (set(data) <= _PROFILE_KEYS or "plancheck_baseline" in data)


class Read(typing.NamedTuple):
    """One file as read_all gives it back."""

    documents: list[SourceDocument]
    errors: list[InputError]
    kind: Kind
    tables: tuple[TableRead, ...]
    digest: str  # of the bytes its documents were parsed from (with a cache only)


def read_all(files: Sequence[Path], *, bundled: bool = False, reference_only: bool = False,
             cache: "ParseCache | None" = None, jobs: int = 1, limits: Limits = DEFAULT_LIMITS,
             progress: Callable[[int], None] | None = None, parsed: Iterable[ParsedFile] | None = None) -> list[Read]:
    """read_documents for many files, results in the order of `files`: with jobs > 1 worker
    processes parse YAML and tables, this process validates. Each result: the file's documents,
    its errors, what the file is (file_kind) and the tables it read. `parsed`: stage 1 of these
    files (parse_all), when another process did it already."""
    results = []
    stage1 = parsed if parsed is not None else parse_all(files, reference_only=reference_only, cache=cache, jobs=jobs,
                                                         limits=limits)
    for file, parsed_file in zip(files, stage1):
        docs, errors = validate_file(parsed_file, bundled)
        if not bundled and _in_bundle(file):  # bundled reference data reached through the user's path
            docs = [replace(d, bundled=True) if level_of(d.model.kind, getattr(d.model, "municipality", None))
                    != "municipal" else d for d in docs]
        results.append(Read(docs, errors, file_kind(parsed_file),
                            tuple((os.fspath(file.parent), name, digest) for name, digest in parsed_file.dependencies),
                            parsed_file.digest))
        if progress:
            progress(1)
    return results


def _in_bundle(file: Path) -> bool:
    """Whether a file lies in plancheck's own plans folder (its reference data, the examples)."""
    return below(os.path.join(real_folder(str(file.parent)), file.name), str(_bundle_root())) is not None


@cache
def _bundle_root() -> Path:
    return resources.plans_dir().resolve()


def load_documents(paths: Iterable[Path], *, include_reference: bool = True, cache: "ParseCache | None" = None,
                   jobs: int = 1, limits: Limits = DEFAULT_LIMITS,
                   progress: Callable[[str, int], Callable[[int], None]] | None = None,
                   files: Sequence[Path] | None = None, parsed: Iterable[ParsedFile] | None = None,
                   bundle: Bundle | None = None) -> LoadResult:
    """Load the plan files under `paths`; add the bundled national/prefectural reference
    documents unless the user's files define the same ids (the user's copy wins).
    `progress(stage, total)` returns a callback advanced per file. When the caller has them
    already: `files`, discover(paths); `parsed`, their stage 1 (parse_all, done by another
    process); `bundle`, read_bundle(own_bundled(files))."""
    documents: list[SourceDocument] = []
    errors: list[InputError] = []
    kinds: dict[str, list[str]] = {"not_a_plan": [], "plancheck": []}
    files = list(files) if files is not None else discover(paths)
    advance = progress("files", len(files)) if progress else None
    tables: list[TableRead] = []
    read: list[tuple[str, str]] = []
    for file, (docs, errs, kind, tables_read, digest) in zip(files, read_all(files, cache=cache, jobs=jobs, limits=limits,
                                                                             progress=advance, parsed=parsed)):
        documents.extend(docs)
        errors.extend(errs)
        tables.extend(tables_read)
        read.append((os.fspath(file), digest))
        if kind != "plan":
            kinds[kind].append(display_path(file))
    if include_reference:
        docs, errs = bundled_reference({d.model.id for d in documents}, files, cache=cache, limits=limits, bundle=bundle)
        documents.extend(docs)
        errors.extend(errs)
    return LoadResult(tuple(documents), tuple(errors), tuple(display_path(f) for f in files),
                      tuple(kinds["not_a_plan"]), tuple(kinds["plancheck"]), tuple(tables), tuple(read))


# The bundled national and prefectural documents read, with the errors of their files.
Bundle = tuple[list[SourceDocument], list[InputError]]


def read_bundle(own_real: set[str], *, cache: "ParseCache | None" = None, limits: Limits = DEFAULT_LIMITS,
                parsed: Sequence[ParsedFile] | None = None) -> Bundle:
    """The bundled national and prefectural documents, but from the files that are the user's own
    (`own_real`: their real paths, own_bundled): the user's copy wins. `parsed`: their stage 1
    (parse_bundle(own_real, …)), when another process did it."""
    documents: list[SourceDocument] = []
    errors: list[InputError] = []
    for file in parsed if parsed is not None else parse_bundle(own_real, cache=cache, limits=limits):
        docs, errs = validate_file(file, bundled=True)
        errors.extend(errs)  # a broken bundle is our bug, but it is still reported
        documents.extend(docs)
    return documents, errors


def bundled_reference(own_ids: set[str], own_files: Iterable[Path], *, cache: "ParseCache | None" = None,
                      limits: Limits = DEFAULT_LIMITS, bundle: Bundle | None = None) -> Bundle:
    """The bundled national and prefectural documents, except those the user's own files define
    (by id) or are (by path): the user's copy wins. `bundle`: read_bundle(own_bundled(own_files)),
    when the caller has read it already."""
    if bundle is None:
        bundle = read_bundle(own_bundled(own_files), cache=cache, limits=limits)
    documents, errors = bundle
    return [d for d in documents if d.model.id not in own_ids], list(errors)


def read_documents(file: Path, *, bundled: bool = False, reference_only: bool = False,
                   cache: "ParseCache | None" = None,
                   limits: Limits = DEFAULT_LIMITS) -> tuple[list[SourceDocument], list[InputError]]:
    """The plan documents of one file (several when separated by '---'), and its errors.
    With reference_only, municipal documents are skipped unread (their tables too). With a
    cache, an unchanged file (and unchanged tables) is not parsed again."""
    return validate_file(parse_file(file, reference_only=reference_only, cache=cache, limits=limits), bundled)


def validate_file(parsed: ParsedFile, bundled: bool = False) -> tuple[list[SourceDocument], list[InputError]]:
    """Stage 2: plain data into validated documents."""
    documents: list[SourceDocument] = []
    errors = list(parsed.errors)
    for data, lines, tables in parsed.documents:
        try:
            doc = validate_document(data, lines, parsed.shown, bundled, tables=tables)
        except PlanInputError as exc:
            errors.extend(failed_document(exc.errors, data))
            continue
        if doc is not None:
            documents.append(doc)
    return documents, errors


def failed_ids(errors: Iterable[InputError]) -> frozenset[str]:
    return frozenset(e.document for e in errors if e.document)


def validate_document(data: Any, lines: Mapping[Path_, int], shown: str, bundled: bool = False,
                      tables: Mapping[Path_, Any] | None = None) -> SourceDocument | None:
    """Parsed YAML (with its tables' rows already in place, see parse_file) → a validated
    document, None if it is not a plan document (no kind, no id)."""
    if not isinstance(data, dict) or ("kind" not in data and "id" not in data):
        return None  # e.g. a plancheck.yaml profile lying beside the plans
    if "kind" not in data:
        raise PlanInputError(InputError("INPUT-003", shown, lines.get(()), "kind", *both("input.no_kind"),
                                        *both("input.hint.add_kind", kinds=", ".join(DOCUMENT_KINDS))))
    tables = tables or {}
    try:
        model = _adapter().validate_python(data)
    except ValidationError as exc:
        raise PlanInputError(*_translated(exc.errors(include_url=False), data, lines, tables, shown)) from None
    return SourceDocument(model, shown, lines, bundled, tables)


def _translated(errs: list[Any], data: dict[str, Any], lines: Mapping[Path_, int], tables: Mapping[Path_, Any],
                file: str) -> list[InputError]:
    """pydantic's errors as input errors, one per fault. A field that also takes `unknown`
    (MaybeStr, MaybeRefs, verification …) is a union with Unknown: a value wrong for it fails
    both members, and Unknown's complaint ("Input should be a dictionary or an instance of
    Unknown") says nothing the other's does not — it is left out, and the other's error gets the
    hint that 不明 may be written there."""
    located = [_in_document(err, data) for err in errs]
    takes_unknown = {field for _, _, field in located if field is not None}
    kept = [(err, loc) for err, loc, field in located if field is None] or [(err, loc) for err, loc, _ in located]
    found = []
    for err, loc in kept:
        error = _translate(err, loc, data, lines, tables, file)
        if loc in takes_unknown:
            hint_ja, hint_en = both("input.hint.unknown")
            if error.hint_ja:
                sep_ja, sep_en = both("sep.sentences")
                hint_ja, hint_en = error.hint_ja + sep_ja + hint_ja, error.hint_en + sep_en + hint_en
            error = replace(error, hint_ja=hint_ja, hint_en=hint_en)
        found.append(error)
    return found


def _in_document(err: Any, data: Any) -> tuple[Any, Path_, Path_ | None]:
    """An error's place as a path of the document's keys, and the field it names when the member
    that failed is Unknown (else None). pydantic's loc also names the union member it tried
    (the document kind, Verification, list[str], bool, Unknown …): those are not keys of the data.
    The last part of a `missing` error is the missing key, which the data lacks by definition."""
    loc, node, last = err["loc"], data, len(err["loc"]) - 1
    path: list[Any] = []
    for n, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        elif n == last and err["type"] == "missing":
            pass
        else:  # a union member's name
            if part == "Unknown":
                return err, tuple(path), tuple(path)
            continue
        path.append(part)
    return err, tuple(path), None


def _translate(err: Any, loc: Path_, data: dict[str, Any], lines: Mapping[Path_, int], tables: Mapping[Path_, Any],
               file: str) -> InputError:
    kind = err["type"]
    file, line = locate(file, lines, tables, loc)
    key = key_path(loc) or None
    name = str(loc[-1]) if loc else ""
    given = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        allowed = _allowed_fields(data.get("kind"), loc[:-1])
        close = difflib.get_close_matches(name, allowed, n=1)
        did_you_mean = i18n.text("input.hint.did_you_mean", name=close[0]) if close else ""
        return InputError("INPUT-003", file, line, key, *both("input.unknown_field", name=name),
                          *both("input.hint.allowed_fields", did_you_mean=did_you_mean, fields=", ".join(allowed)))
    if kind == "missing":
        return InputError("INPUT-003", file, line, key, *both("input.missing_field", name=name),
                          *both("input.hint.add_field", name=name))
    if kind == "union_tag_invalid":
        written = given.get("kind") if isinstance(given, dict) else given
        return InputError("INPUT-003", file, lines.get(("kind",)), "kind",
                          *both("input.unknown_kind", kind=Both(f"'{written}'", repr(ctx.get("tag")))),
                          *both("input.hint.kinds", kinds=", ".join(DOCUMENT_KINDS)))
    if kind == "id_invisible":
        return InputError("INPUT-003", file, line, key, *both("input.id_invisible", given=given, char=ctx.get("char")),
                          *both("input.hint.delete_invisible"))
    if kind == "number_not_finite":
        return InputError("INPUT-003", file, line, key, *both("input.not_finite", value=ctx.get("value")),
                          *both("input.hint.finite"))
    error = ctx.get("error")
    if isinstance(error, CalendarError):
        # The message already gives examples; the hint says where all accepted forms are listed.
        return InputError("INPUT-004", file, line, key, error.message_ja, str(error), *both("input.hint.calendar"))
    if isinstance(error, InvalidValue):  # a validator's own message, in both languages (checker.model)
        return InputError("INPUT-003", file, line, key, error.message_ja, error.message_en)
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        return InputError("INPUT-003", file, line, key, *both("input.not_allowed", given=given, expected=expected),
                          *both("input.hint.choose", expected=expected))
    if kind == "string_pattern_mismatch":
        return InputError("INPUT-003", file, line, key, *both("input.malformed_id", given=given),
                          *both("input.hint.id_form"))
    expected_type = _EXPECTED.get(kind)
    if expected_type:
        return InputError("INPUT-003", file, line, key,
                          *both("input.wrong_type", what=i18n.text(f"input.type.{expected_type}"), given=given), "", "")
    if kind == "too_long":  # an id longer than its limit (checker.model._normal_id)
        return InputError("INPUT-003", file, line, key, *both("input.too_long", limit=ctx.get("max_length"),
                                                               length=ctx.get("actual_length")))
    # Not expected from the models; said as pydantic says it, without its "Value error, " before a ValueError's own
    msg = str(error) if isinstance(error, Exception) else str(err.get("msg", kind))
    return InputError("INPUT-003", file, line, key, msg, msg)


_EXPECTED = {  # pydantic's error type → what the field expects (input.type.*)
    "string_type": "text", "int_type": "whole_number", "int_parsing": "whole_number", "int_from_float": "whole_number",
    "bool_type": "boolean", "bool_parsing": "boolean", "list_type": "list", "model_type": "mapping",
    "dict_type": "mapping", "model_attributes_type": "mapping", "string_too_short": "non_empty",
    "too_short": "non_empty",  # an id that is empty once trimmed (checker.model._normal_id)
}


def _allowed_fields(kind: Any, loc: Path_) -> list[str]:
    """Field names of the model found at `loc` inside a document of `kind` (for hints)."""
    cls: Any = next((c for c in typing.get_args(typing.get_args(AnyDocument)[0])
                     if c.model_fields["kind"].annotation == typing.Literal[kind]), None)
    for part in loc:
        if cls is None:
            return []
        if isinstance(part, int):
            continue
        info = cls.model_fields.get(part) or next((f for f in cls.model_fields.values() if f.alias == part), None)
        cls = _inner_model(info.annotation) if info else None
    if cls is None:
        return []
    return [info.alias or name for name, info in cls.model_fields.items()]


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found:
            return found
    return None

