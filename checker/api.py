"""The one door for the CLI, tests and other programs: load → graph → rules → Report."""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

import networkx as nx

from checker import __version__, resources
from checker.batch import (
    Progress, check_reference, check_units, describe, describe_all, evaluate_documents, split_files,
)
from checker.graph import build_graph
from checker.load import InputError, LoadResult, load_documents
from checker.load.cache import ParseCache
from checker.load.documents import SourceDocument, bundled_reference, discover, display_path, failed_ids, read_all
from checker.load.limits import DEFAULT_LIMITS, Limits
from checker.errors import PlancheckError
from checker.model import document_level
from checker.load.errors import INPUT_CODES
from checker.report import DocumentInfo, NotChecked, Report, RuleInfo, Violation
from checker.rules import Profile, Rule, load_profile, rule_set

if TYPE_CHECKING:
    from checker.diagrams import MapUnavailable


class PlanSet:
    """Loaded documents; their graph is built when first asked for (a batch check of many
    municipalities builds one graph per partition instead). A batch check loads the documents
    in its workers only, so its PlanSet loads them again if a diagram asks for them.
    `skipped`: the YAML files read that hold no plan document (no top-level `kind:`), for a
    notice — a plan file that lost its kind is otherwise never checked."""

    def __init__(self, loaded: LoadResult | None = None, load: Callable[[], LoadResult] | None = None,
                 skipped: Sequence[str] | None = None) -> None:
        if loaded is not None:
            self.loaded = loaded
        self._load = load
        self.skipped: tuple[str, ...] = tuple(skipped if skipped is not None else
                                              (loaded.skipped if loaded is not None else ()))

    def notices(self) -> list[tuple[str, str]]:
        """What the user should hear about the files read, as (ja, en) lines."""
        return skipped_notices(self.skipped)

    @cached_property
    def loaded(self) -> LoadResult:
        assert self._load is not None
        return self._load()

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        return build_graph(self.loaded.documents)


class NoPlanFiles(PlancheckError):
    """The paths given hold no plan file: checking them would pass without checking anything."""

    def __init__(self, paths: Sequence[Path], skipped: Sequence[str] = ()) -> None:
        where = ", ".join(display_path(p) for p in paths) or "."
        here = where == "."
        where_ja = "現在のフォルダ（.）" if here else where
        where_en = "the current folder (.)" if here else where
        ja = (f"計画ファイルが見つかりません: {where_ja}（計画ファイルはトップレベルに `kind:` のある YAML ファイルです。"
              "書き方: docs/plan-format.md、同梱の例: plancheck check --example）")
        en = (f"no plan files found in {where_en} (files need a top-level `kind:`; how to write them: "
              "docs/plan-format.md; the bundled example: plancheck check --example)")
        if skipped:
            listed = ", ".join(skipped[:SKIPPED_SHOWN]) + (" …" if len(skipped) > SKIPPED_SHOWN else "")
            ja += f"。kind: のない YAML: {listed}"
            en += f"; YAML without kind: {listed}"
        super().__init__(ja, en)
        self.paths = tuple(paths)
        self.skipped = tuple(skipped)


SKIPPED_SHOWN = 10  # files named in a notice; beyond that, how many more


def skipped_notices(skipped: Sequence[str]) -> list[tuple[str, str]]:
    """One (ja, en) notice per YAML file without a plan document (at most SKIPPED_SHOWN, then a count)."""
    lines = [(f"注意: {f} にはトップレベルの `kind:` がないため、計画ファイルとして読み込んでいません",
              f"note: {f} has no top-level `kind:`, so it was not read as a plan file") for f in skipped[:SKIPPED_SHOWN]]
    if len(skipped) > SKIPPED_SHOWN:
        more = len(skipped) - SKIPPED_SHOWN
        lines.append((f"注意: ほかに {more} 個の YAML ファイルにも `kind:` がありません",
                      f"note: {more} more YAML files have no `kind:`"))
    return lines


def default_paths() -> list[Path]:
    """The bundled example (Azumino); the national and prefectural reference documents are added
    to every check anyway, and the other bundled cities are checked by naming their folders."""
    return [resources.plans_dir() / "azumino"]


def build(paths: Sequence[Path] | None = None, *, include_reference: bool = True, cache: ParseCache | None = None,
          jobs: int = 1, limits: Limits = DEFAULT_LIMITS, progress: Progress | None = None,
          require_plans: bool = False) -> PlanSet:
    """The documents under `paths` (None: the bundled example). With `require_plans`, paths that
    hold no plan file raise NoPlanFiles."""
    paths = list(paths or default_paths())
    loaded = load_documents(paths, include_reference=include_reference, cache=cache, jobs=jobs,
                            limits=limits, progress=progress)
    if require_plans and not loaded.plan_files:
        raise NoPlanFiles(paths, loaded.skipped)
    return PlanSet(loaded)


def load_config(config: Path | None = None) -> tuple[Profile, str]:
    """The profile in force: the given file, else plancheck.yaml in the working folder, else the
    bundled default."""
    if config is None and Path("plancheck.yaml").is_file():
        config = Path("plancheck.yaml")
    return load_profile(config)


def rules_for(config: Path | None = None, *, select: Iterable[str] = (), ignore: Iterable[str] = (),
              profile: tuple[Profile, str] | None = None) -> tuple[Rule, ...]:
    """The rules in force: the profile's (as loaded by load_config), then --select/--ignore (ids
    or prefixes, in any case). A pattern that matches no rule is an UnknownRulePattern naming
    the option it was given with."""
    loaded, shown = profile or load_config(config)
    select, ignore = [p.strip().upper() for p in select], [p.strip().upper() for p in ignore]
    check_patterns({"--select": select, "--ignore": ignore})
    return rule_set(loaded, select=select, ignore=ignore, profile_file=shown)


class UnknownRulePattern(PlancheckError):
    """--select/--ignore PATTERN matches no rule."""

    def __init__(self, option: str, pattern: str, close: Sequence[str]) -> None:
        hint_ja = f"{'、'.join(close)} の誤りではありませんか。" if close else ""
        hint_en = f"did you mean {' or '.join(close)}? " if close else ""
        super().__init__(f"{option} {pattern}: 該当するルールがありません（{hint_ja}一覧: plancheck rules）",
                         f"{option} {pattern}: matches no rule ({hint_en}list: plancheck rules)")
        self.option, self.pattern = option, pattern


def check_patterns(options: dict[str, Sequence[str]]) -> None:
    """Each rule pattern given on the command line (an id such as PER-002, or a prefix such as
    PER or PER-) matches a rule of the catalogue, else UnknownRulePattern with the closest ones."""
    import difflib

    from checker.rules import catalogue

    ids = [r.id for r in catalogue()]
    prefixes = sorted({i.rsplit("-", 1)[0] for i in ids})
    for option, patterns in options.items():
        for pattern in patterns:
            stem = pattern.rstrip("-*")
            if not any(i == pattern or i.startswith(stem + "-") for i in ids):
                close = difflib.get_close_matches(pattern, prefixes + ids, n=3, cutoff=0.6)
                raise UnknownRulePattern(option, pattern, close)


def check(paths: Sequence[Path] | None = None, *, rules: Sequence[Rule] | None = None,
          as_of: dt.date | None = None, include_reference: bool = True, cache: ParseCache | None = None,
          jobs: int = 1, require_plans: bool = False) -> Report:
    """Check plan files (None: the bundled example); input errors and rule violations come back in
    one Report. With `require_plans`, paths that hold no plan file raise NoPlanFiles."""
    return check_plans(paths, rules=rules, as_of=as_of, include_reference=include_reference, cache=cache,
                       jobs=jobs, require_plans=require_plans)[1]


def check_plans(paths: Sequence[Path] | None = None, *, rules: Sequence[Rule] | None = None,
                as_of: dt.date | None = None, include_reference: bool = True, cache: ParseCache | None = None,
                jobs: int = 1, limits: Limits = DEFAULT_LIMITS, progress: Progress | None = None,
                require_plans: bool = False) -> tuple[PlanSet, Report]:
    """Like check, also returning the plans (for diagrams drawn with the report). `jobs` worker
    processes parse files and check municipalities in parallel; `cache` skips re-parsing
    unchanged files; `progress(stage, total)` returns a callback advanced per item. With
    `require_plans`, paths that hold no plan file raise NoPlanFiles (the command line: a check
    of nothing must not pass); the YAML files without a plan document are in plans.skipped."""
    as_of = as_of or dt.date.today()
    rules = rules_for() if rules is None else rules
    paths = list(paths or default_paths())
    checked = _check_by_municipality(paths, rules, as_of, include_reference, cache, jobs, limits, progress)
    if checked is not None:
        plans, violations, not_checked, documents, files = checked
    else:
        plans = build(paths, include_reference=include_reference, cache=cache, jobs=jobs, limits=limits,
                      progress=progress)
        if require_plans and not plans.loaded.plan_files:
            raise NoPlanFiles(paths, plans.loaded.skipped)
        outcome = evaluate_documents(plans.loaded.documents, rules, as_of, jobs=jobs, progress=progress,
                                     failed=failed_ids(plans.loaded.errors))
        violations = [input_violation(e) for e in plans.loaded.errors] + outcome.violations
        not_checked = outcome.not_checked
        documents = describe_all(plans.loaded.documents)
        files = plans.loaded.files
    # The bundled national and prefectural reference data records what its sources did not show as
    # unknown (docs/reference-data.md); that is not the checked plans' business: their "not checked"
    # entries say so where it matters (LAW-003 against a prefecture with unknown dates).
    reference = {d.id for d in documents if d.bundled and d.level != "municipal"}
    not_checked = [n for n in not_checked if n.document not in reference]
    return plans, Report(
        violations=tuple(sorted(violations, key=Violation.sort_key)),
        documents=tuple(sorted(documents, key=lambda d: d.id)),
        rules=tuple(r.info() for r in rules) + builtin_rules({v.rule for v in violations}),
        files=files,
        as_of=as_of.isoformat(),
        version=__version__,
        not_checked=tuple(sorted(not_checked, key=NotChecked.sort_key)),
    )


def _check_by_municipality(paths: list[Path], rules: Sequence[Rule], as_of: dt.date, include_reference: bool,
                           cache: ParseCache | None, jobs: int, limits: Limits,
                           progress: Progress | None) -> tuple[PlanSet, list[Violation], list[NotChecked],
                                                                 list[DocumentInfo], tuple[str, ...]] | None:
    """Many municipalities: only the reference documents are loaded here, each municipality's
    files are parsed and checked in a worker (checker.batch). None when there are fewer than two
    municipalities, or when the quick scan of the files proved wrong: check the ordinary way."""
    files = discover(paths)
    split = split_files(files, limits, jobs)
    if len(split.units) < 2:
        return None
    loaded: list[SourceDocument] = []
    errors: list[InputError] = []
    skipped: list[str] = []
    for file, (docs, errs, kind) in zip(split.reference_files,
                                        read_all(list(split.reference_files), cache=cache, limits=limits)):
        loaded.extend(docs)
        errors.extend(errs)
        if kind == "not_a_plan":
            skipped.append(display_path(file))
    if any(document_level(d.model) == "municipal" for d in loaded):
        return None  # a municipal document the scan could not place
    if include_reference:
        own_ids = {d.model.id for d in loaded}.union(*(u.ids for u in split.units))
        docs, errs = bundled_reference(own_ids, files, cache=cache, limits=limits)
        loaded.extend(docs)
        errors.extend(errs)
    results = check_units(split, loaded, rules, as_of, jobs=jobs, cache=cache, limits=limits, progress=progress)
    if results is None:
        return None
    if cache is not None:
        cache.result_hits = sum(r.cached for r in results)
    violations = [input_violation(e) for e in [*errors, *(e for r in results for e in r.errors)]]
    own = check_reference(loaded, rules, as_of)
    violations += own.violations + [v for r in results for v in r.violations]
    not_checked = own.not_checked + [n for r in results for n in r.not_checked]
    documents = [describe(d) for d in loaded] + [d for r in results for d in r.documents]
    plans = PlanSet(load=lambda: load_documents(paths, include_reference=include_reference, cache=cache,
                                                jobs=jobs, limits=limits), skipped=skipped)
    return plans, violations, not_checked, documents, tuple(display_path(f) for f in files)


_BUILTIN_RATIONALE = {
    "input": {"ja": "計画ファイルを読み込めないと、その内容は検査されません。",
              "en": "A plan file that cannot be loaded is not checked at all."},
    "policy": {"ja": "適用除外は期限内で、実際の違反に対応している必要があります。",
               "en": "A waiver must be in date and match an actual violation."},
}


def builtin_rules(codes: Iterable[str]) -> tuple[RuleInfo, ...]:
    """The built-in codes (INPUT-00x, WAIVER-00x) among `codes`, described like rules."""
    from checker.engine import WAIVER_RULES

    table = {code: ("input", "error", ja, en, en.replace(" ", "-")) for code, (ja, en) in INPUT_CODES.items()}
    table.update({code: ("policy", "warning", ja, en, name) for code, (name, ja, en, _, _) in WAIVER_RULES.items()})
    return tuple(
        RuleInfo(code, name, family, severity, {"ja": ja, "en": en}, _BUILTIN_RATIONALE[family],  # type: ignore[arg-type]
                 ("plancheck 組込み検査 / built-in check",), True)
        for code, (family, severity, ja, en, name) in sorted(table.items()) if code in codes)


def diagram(plans: PlanSet, report: Report, kind: str, **options: Any) -> bytes:
    """A diagram of the plans with the report's violations drawn on it (checker.diagrams.draw)."""
    from checker import diagrams

    return diagrams.draw(plans.graph, report, kind, **options)  # type: ignore[arg-type]


def goal_map_svg(plans: PlanSet, report: Report, lang: str = "ja", *,
                 era_style: str = "short") -> "str | MapUnavailable":
    """The goal map as inline SVG for the HTML and PDF reports; when it cannot be drawn — Graphviz
    is not installed, or the report covers more municipalities than one map shows legibly
    (diagrams.MAX_MUNICIPALITIES; draw them one by one with `plancheck diagram --document`) — why
    not (a diagrams.MapUnavailable, ja and en), which the report shows where the map would be."""
    from checker.diagrams import MAX_MUNICIPALITIES, DiagramError, too_many

    owners = sorted({d.owner for d in report.documents if d.level == "municipal"})
    if len(owners) > MAX_MUNICIPALITIES:  # before the graph: a batch check would load every file again
        strategies = sorted(d.id for d in report.documents if d.kind == "municipal_strategy")
        return too_many("goals", len(owners), strategies).unavailable()
    try:
        return diagram(plans, report, "goals", fmt="svg", lang=lang, era_style=era_style).decode("utf-8")
    except DiagramError as exc:
        return exc.unavailable()


def input_violation(e: InputError) -> Violation:
    ja_name, en_name = INPUT_CODES[e.code]
    hint_ja = f" — {e.hint_ja}" if e.hint_ja else ""
    hint_en = f" — {e.hint_en}" if e.hint_en else ""
    return Violation(
        rule=e.code, name=en_name.replace(" ", "-"), family="input", severity="error",
        subject=e.file, related=(), file=e.file, line=e.line, key=e.key,
        message={"ja": f"{e.message_ja}{hint_ja}", "en": f"{e.message_en}{hint_en}"},
        params={"hint_ja": e.hint_ja, "hint_en": e.hint_en},
    )


def graph_json(plans: PlanSet) -> dict[str, Any]:
    """The graph as networkx node-link data (`edges` key), every value JSON-ready."""
    from checker.engine import plain

    g = nx.MultiDiGraph()
    for node, data in plans.graph.nodes(data=True):
        g.add_node(node, **{k: plain(v) for k, v in data.items() if k not in ("lines", "path")})
    for u, v, key, data in plans.graph.edges(keys=True, data=True):
        g.add_edge(u, v, key=key, **{k: plain(x) for k, x in data.items()})
    return nx.node_link_data(g, edges="edges")

