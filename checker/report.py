"""The records everyone downstream reads: Violation (with its status), NotChecked, the Report and
its typed Summary, and Checked (what one unit of a batch gives back). Plain data only (str, int,
list, dict), so every reporter can format them, a JSON report round-trips and the cache stores
them as JSON."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Literal, TypedDict

from checker.i18n import t

if TYPE_CHECKING:
    from checker.load.errors import InputError

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
Status = Literal["active", "known", "waived"]  # Violation.status


class MunicipalityCounts(TypedDict):
    """Active violations of one municipality by severity (Report.by_municipality)."""

    prefecture: str
    municipality: str
    error: int
    warning: int
    info: int


class Summary(TypedDict):
    """The counts every report shows (Report.summary; the JSON report's `summary`)."""

    total: int  # active: not waived (known ones included)
    waived: int
    known: int  # accepted in the baseline
    baseline_fixed: int
    by_severity: dict[str, int]
    by_family: dict[str, int]
    by_rule: dict[str, int]
    by_municipality: dict[str, MunicipalityCounts]
    not_checked: int


def municipality_label(prefecture: str, municipality: str) -> str:
    """A municipality as reports name it: 東京都府中市; the name alone when its prefecture is not known."""
    return f"{prefecture}{municipality}"


def municipality_labels(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """A distinct label for each (prefecture, municipality) key: municipality_label(), or, for a
    name that would read like another key's, the prefecture in brackets: 府中市（都道府県不明）."""
    result: dict[tuple[str, str], str] = {}
    taken: set[str] = set()
    for prefecture, municipality in sorted(set(keys)):
        base = shown = municipality_label(prefecture, municipality)
        if shown in taken:
            base = shown = f"{municipality}（{prefecture or t('report.unknown_prefecture', 'ja')}）"  # a key, in Japanese
        n = 2
        while shown in taken:
            shown, n = f"{base}（{n}）", n + 1
        taken.add(shown)
        result[prefecture, municipality] = shown
    return result


@dataclass(frozen=True)
class WaiverInfo:
    reason: str
    approved_by: str
    until: str | None  # fiscal year label, e.g. "R3年度"
    file: str
    line: int | None


def exit_code(violations: Iterable["Violation"], fail_on: Severity | Literal["never"] = "error",
              judged: Iterable["Violation"] | None = None) -> int:
    """The verdict on a run, as its exit code: 2 when one of `violations` is an input error (a
    file that could not be checked); else 1 when one of `judged` (default: all of them) that
    counts — neither waived nor known (accepted in a baseline) — is at or above `fail_on`
    ("never": none fails); else 0. Report.exit_code decides here, and so can a diff (its
    introduced violations judged)."""
    found = tuple(violations)
    if any(v.family == "input" for v in found):
        return 2
    if fail_on == "never":
        return 0
    threshold = SEVERITY_RANK[fail_on]
    return 1 if any(SEVERITY_RANK[v.severity] >= threshold and v.status == "active"
                    for v in (found if judged is None else judged)) else 0


@dataclass(frozen=True)
class Violation:
    rule: str
    name: str
    family: str
    severity: Severity
    subject: str
    related: tuple[str, ...]
    file: str
    line: int | None
    key: str | None
    message: dict[str, str]  # {"ja": …, "en": …}
    params: dict[str, Any] = field(default_factory=dict)
    document: str | None = None
    subject_title: str | None = None
    waived: WaiverInfo | None = None
    secondary: bool = False  # the fact it rests on is secondary or unverified in the plan data
    subject_type: str | None = None  # node type: municipal_strategy, basic_goal, measure, indicator …
    known: bool = False  # recorded in the baseline of accepted violations: reported, not failing

    @property
    def status(self) -> Status:
        """How it counts: waived by the plan's own waiver; known (accepted in a baseline:
        reported, never failing a run); else active."""
        return "waived" if self.waived is not None else "known" if self.known else "active"

    def __hash__(self) -> int:
        # Frozen, but message and params are dicts: hash the fields that place the finding (equal
        # violations agree on them), so violations can be put in sets and used as keys.
        return hash((self.rule, self.subject, self.related, self.file, self.line, self.key, self.document))

    def sort_key(self) -> tuple[Any, ...]:
        return (self.document or "", self.file, self.line or 0, self.rule, self.subject, self.related)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["related"] = list(self.related)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Violation":
        data = dict(data)
        data.pop("fingerprint", None)  # the JSON report's (checker.reporters.json): derived, not stored
        data["related"] = tuple(data.get("related", ()))
        if data.get("waived"):
            data["waived"] = WaiverInfo(**data["waived"])
        return cls(**data)


@dataclass(frozen=True)
class NotChecked:
    """A rule that could not be checked for a subject because a fact it needs is unknown (the
    plan file marks it `unknown`, a list is an excerpt) or reference data is missing. Neither a
    violation nor a pass: reports list it so that a reviewer sees what was not compared."""

    rule: str
    name: str
    family: str
    subject: str
    missing: tuple[str, ...]  # what could not be seen (field names, "lists.kpis", "reference_data")
    file: str
    line: int | None
    message: dict[str, str]  # {"ja": …, "en": …}
    document: str | None = None
    subject_title: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def sort_key(self) -> tuple[Any, ...]:
        return (self.document or "", self.file, self.line or 0, self.rule, self.subject)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["missing"] = list(self.missing)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "NotChecked":
        return cls(**{**data, "missing": tuple(data.get("missing", ()))})


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    kind: str
    title: str
    file: str
    bundled: bool
    owner: str = ""  # the municipality, prefecture or 国 that the document belongs to
    level: str = ""  # national | prefectural | municipal
    # The document's own date, as written: "2019-12-20", or "2021-03" when known to the month;
    # "unknown" when the plan file marks it so; "" when it states none.
    date: str = ""
    date_kind: str = ""  # what the date is: decided | adopted | approved | released | published
    # The fiscal years it covers (its period; a grant programme's valid years): "2020-2024",
    # "2020-" open-ended, "unknown", or "".
    period: str = ""
    # The prefecture it belongs to or lies in, when it says; for a municipality's document that
    # does not, its municipality's as the other documents tell it (checker.municipalities).
    prefecture: str = ""


@dataclass(frozen=True)
class RuleInfo:
    id: str
    name: str
    family: str
    severity: Severity
    title: dict[str, str]
    rationale: dict[str, str]
    basis: tuple[str, ...]
    basis_verified: bool
    applies_to: tuple[str, ...] = ()  # document kinds it can report on; () = any


@dataclass(frozen=True)
class Report:
    violations: tuple[Violation, ...]
    documents: tuple[DocumentInfo, ...] = ()
    rules: tuple[RuleInfo, ...] = ()
    files: tuple[str, ...] = ()
    as_of: str = ""
    version: str = ""
    # Baseline entries that no longer occur (each: rule, subject, related, fingerprint, …).
    baseline_fixed: tuple[dict[str, Any], ...] = ()
    baseline: str = ""  # the baseline file applied, if any
    not_checked: tuple[NotChecked, ...] = ()  # rules that could not be checked, and why

    @property
    def active(self) -> tuple[Violation, ...]:
        """Violations that count: not waived (known ones too: they are reported)."""
        return tuple(v for v in self.violations if v.status != "waived")

    @property
    def failing(self) -> tuple[Violation, ...]:
        """Violations that can fail a run: not waived, not accepted in a baseline."""
        return tuple(v for v in self.violations if v.status == "active")

    @property
    def input_errors(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.family == "input")

    def summary(self) -> Summary:
        active = self.active
        return {
            "total": len(active),
            "waived": len(self.violations) - len(active),
            "known": sum(1 for v in active if v.status == "known"),
            "baseline_fixed": len(self.baseline_fixed),
            "by_severity": {s: sum(1 for v in active if v.severity == s) for s in SEVERITIES},
            "by_family": dict(sorted(Counter(v.family for v in active).items())),
            "by_rule": dict(sorted(Counter(v.rule for v in active).items())),
            "by_municipality": self.by_municipality(),
            "not_checked": len(self.not_checked),
        }

    def municipality_of(self) -> dict[str, tuple[str, str]]:
        """Each municipal document's municipality as (prefecture, municipality): 府中市 of 東京都 and
        府中市 of 広島県 are two (the prefecture is "" when no document tells it)."""
        return {d.id: (d.prefecture, d.owner) for d in self.documents if d.level == "municipal"}

    def by_municipality(self) -> dict[str, MunicipalityCounts]:
        """Counts per checked municipality (every one, also those without findings), keyed by its
        label (東京都府中市; checker.municipalities.labels), each with its prefecture and name:
        {"東京都府中市": {"prefecture": "東京都", "municipality": "府中市", "error": 1, "warning": 0, "info": 2}}."""
        key_of = self.municipality_of()
        shown = municipality_labels(key_of.values())
        counts: dict[str, MunicipalityCounts] = {
            shown[key]: {"prefecture": key[0], "municipality": key[1], "error": 0, "warning": 0, "info": 0}
            for key in sorted(shown)}
        for v in self.active:
            key = key_of.get(v.document or "")
            if key is not None:
                counts[shown[key]][v.severity] += 1  # type: ignore[literal-required]  # a Severity key
        return counts

    def exit_code(self, fail_on: Severity | Literal["never"] = "error") -> int:
        """0 clean, 1 violations at or above `fail_on`, 2 unusable input (the command line's exit code)."""
        return exit_code(self.violations, fail_on)

    def to_dict(self) -> dict[str, Any]:
        return {
            "plancheck": self.version,
            "as_of": self.as_of,
            "summary": self.summary(),
            "violations": [v.to_dict() for v in self.violations],
            "documents": [dict(vars(d)) for d in self.documents],  # scalars only: asdict's deep copy is slow
            "rules": [{**asdict(r), "basis": list(r.basis), "applies_to": list(r.applies_to)} for r in self.rules],
            "files": list(self.files),
            "baseline_fixed": [dict(f) for f in self.baseline_fixed],
            "baseline": self.baseline,
            "not_checked": [n.to_dict() for n in self.not_checked],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Report":
        return cls(
            violations=tuple(Violation.from_dict(v) for v in data["violations"]),
            documents=tuple(DocumentInfo(**d) for d in data.get("documents", [])),
            rules=tuple(RuleInfo(**{**r, "basis": tuple(r["basis"]), "applies_to": tuple(r.get("applies_to", ()))})
                        for r in data.get("rules", [])),
            files=tuple(data.get("files", [])),
            as_of=data.get("as_of", ""),
            version=data.get("plancheck", ""),
            baseline_fixed=tuple(data.get("baseline_fixed", ())),
            baseline=data.get("baseline", ""),
            not_checked=tuple(NotChecked.from_dict(n) for n in data.get("not_checked", ())),
        )


@dataclass(frozen=True)
class Checked:
    """What checking one unit of a batch gives back (checker.batch): small, cheap to send between
    processes and to cache (checker.load.cache_codec)."""

    violations: tuple[Violation, ...]
    documents: tuple[DocumentInfo, ...]
    members: tuple[tuple[str, str, frozenset[str]], ...]  # (id, municipality, referenced ids) per document
    errors: tuple[InputError, ...]
    not_checked: tuple[NotChecked, ...] = ()
    cached: bool = False
    tables: tuple[tuple[str, str, str], ...] = ()  # (plan file's folder, `table:` value, digest read) of each table
    settled: bool = True  # False: a file changed between the scan that keyed it and the parse (never cached)
