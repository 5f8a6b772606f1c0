"""The one door for the CLI, tests and other programs: load → graph → rules → Report."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Sequence

from checker import __version__, i18n, resources
from checker.errors import PlancheckError
from checker.load.limits import DEFAULT_LIMITS, Limits
from checker.load.paths import PROFILE_NAME, SKIPPED_SHOWN, NoPlanFiles, discover, discover_names
from checker.profile import Config, FailOn, read_profile
from checker.report import NotChecked, Report, RuleInfo, Violation

# The checker itself (loader, graph, engine, rules) is imported where it is used: a check whose
# report is in the cache reads its files' digests and the report, and imports none of it.
if TYPE_CHECKING:
    import networkx as nx

    from checker.batch import Progress, Run
    from checker.diagrams import MapUnavailable
    from checker.load import InputError, LoadResult
    from checker.load.cache import ParseCache
    from checker.load.units import SplitAhead
    from checker.rules import Rule


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
        from checker.graph import build_graph

        return build_graph(self.loaded.documents)


def skipped_notices(skipped: Sequence[str]) -> list[tuple[str, str]]:
    """One (ja, en) notice per YAML file without a plan document (at most SKIPPED_SHOWN, then a count)."""
    lines = [i18n.both("check.no_kind", file=f) for f in skipped[:SKIPPED_SHOWN]]
    if len(skipped) > SKIPPED_SHOWN:
        lines.append(i18n.both("check.more_without_kind", more=len(skipped) - SKIPPED_SHOWN))
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
    from checker.load import load_documents

    paths = list(paths or default_paths())
    loaded = load_documents(paths, include_reference=include_reference, cache=cache, jobs=jobs,
                            limits=limits, progress=progress)
    if require_plans and not loaded.plan_files:
        raise NoPlanFiles(paths, loaded.skipped)
    return PlanSet(loaded)


def configure(config: Path | None = None, *, select: Iterable[str] = (), ignore: Iterable[str] = (),
              fail_on: FailOn | None = None, validate: bool = True) -> Config:
    """The configuration in force: the profile (the given file, else plancheck.yaml in the working
    folder, else the bundled default) with the command line's --select/--ignore (ids or prefixes,
    in any case) and --fail-on. Everything is checked here, before any plan is read: a profile
    entry that cannot be used is a ProfileError at its line, a pattern that matches no rule an
    UnknownRulePattern naming the option it was given with. With validate=False that waits for
    the rules' first use (`validated`): check_plans validates unless its report is in the cache."""
    if config is None and Path(PROFILE_NAME).is_file():
        config = Path(PROFILE_NAME)
    chosen = dataclasses.replace(read_profile(config), select=tuple(p.strip().upper() for p in select),
                                 ignore=tuple(p.strip().upper() for p in ignore), fail_on=fail_on)
    return validated(chosen) if validate else chosen


def validated(config: Config) -> Config:
    """The configuration, its rules loaded: a --select/--ignore pattern that matches no rule is an
    UnknownRulePattern, a profile entry that cannot be used a ProfileError at its line."""
    check_patterns({"--select": config.select, "--ignore": config.ignore})
    _ = config.rules  # the profile's errors now, not after the plans are read
    return config


def rules_for(config: Path | None = None, *, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> tuple[Rule, ...]:
    """The rules in force: configure(config, select=…, ignore=…).rules."""
    return configure(config, select=select, ignore=ignore).rules


class UnknownRulePattern(PlancheckError):
    """--select/--ignore PATTERN matches no rule."""

    def __init__(self, option: str, pattern: str, close: Sequence[str]) -> None:
        hint = i18n.text("config.did_you_mean", rules=i18n.listing(close, "or")) if close else i18n.Both("", "")
        super().__init__(*i18n.both("config.unknown_pattern", option=option, pattern=pattern, did_you_mean=hint))
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
          jobs: int = 1, require_plans: bool = False, config: Config | None = None,
          baseline: Path | None = None) -> Report:
    """Check plan files (None: the bundled example); input errors and rule violations come back in
    one Report, whose exit_code(config.fail_on_level) is the verdict. `config` (configure()): the
    rules and limits in force (default: the working folder's profile); `rules` instead of the
    config's. `baseline`: a baseline file (plancheck baseline write) whose violations come back
    marked known — reported, never failing (a BaselineError when it cannot be used). With
    `require_plans`, paths that hold no plan file raise NoPlanFiles."""
    return check_plans(paths, rules=rules, as_of=as_of, include_reference=include_reference, cache=cache,
                       jobs=jobs, require_plans=require_plans, config=config, baseline=baseline)[1]


def check_plans(paths: Sequence[Path] | None = None, *, rules: Sequence[Rule] | None = None,
                as_of: dt.date | None = None, include_reference: bool = True, cache: ParseCache | None = None,
                jobs: int = 1, limits: Limits | None = None, progress: Progress | None = None,
                require_plans: bool = False, config: Config | None = None,
                baseline: Path | None = None) -> tuple[PlanSet, Report]:
    """Like check, also returning the plans (for diagrams drawn with the report). `jobs` worker
    processes parse files and check municipalities in parallel; `cache` skips re-parsing
    unchanged files; `progress(stage, total)` returns a callback advanced per item; `limits`
    instead of the config's. With `require_plans`, paths that hold no plan file raise
    NoPlanFiles (the command line: a check of nothing must not pass); the YAML files without a
    plan document are in plans.skipped."""
    from checker.workflows.baseline import apply_entries, read_baseline

    accepted = read_baseline(baseline) if baseline is not None else None  # an unusable file: before the work
    as_of = as_of or dt.date.today()
    if rules is None:
        config = config or configure(validate=False)
    limits = limits or (config.limits if config is not None else DEFAULT_LIMITS)
    paths = list(paths or default_paths())

    def load() -> LoadResult:
        from checker.load import load_documents

        return load_documents(paths, include_reference=include_reference, cache=cache, jobs=jobs, limits=limits)

    # A report is cached by everything it depends on: only with a configuration (rules given as
    # objects have no digest), and only without input errors (one may depend on a file that is
    # missing now and not later, such as a table).
    ahead: SplitAhead | None = None
    try:
        stored = _stored_report(cache, paths, config, as_of, include_reference, require_plans, limits) \
            if cache is not None and config is not None and rules is None else None
        hit = stored.get() if stored is not None else None
        if hit is not None:
            report, skipped = hit
            plans = PlanSet(load=load, skipped=skipped)
        else:
            from checker.load.units import SplitAhead

            files = [Path(name) for name in stored.files] if stored is not None else discover(paths)
            # the first stage (the split of the files, and for one municipality their YAML and tables,
            # and the bundle's YAML) starts in another process before this one imports the models, the
            # checks and the rules. With a cache the bundle is read here: its entries take a few ms,
            # and the status the check takes of its files belongs in this process's index.
            ahead = SplitAhead(files, limits, jobs, cache,
                               bundle=include_reference and cache is None)
            from checker.batch import check_files
            from checker.load.yamlsource import gc_paused

            rules = rules if rules is not None else validated(config).rules  # type: ignore[arg-type]
            run = check_files(paths, rules, as_of, include_reference=include_reference, cache=cache, jobs=jobs,
                              limits=limits, progress=progress, require_plans=require_plans, split=ahead)
            plans = PlanSet(run.loaded) if run.loaded is not None else PlanSet(load=load, skipped=run.skipped)
            with gc_paused():  # the report, and its entry written and read back: many objects, no cycles
                report = _report(run, rules, as_of)
                if stored is not None and not run.errors:
                    stored.put(report, run)
    finally:
        if ahead is not None:
            ahead.close()  # a split not asked for (the rules could not be loaded): its process ends
        if cache is not None:
            cache.close_index()  # what the check found of its files' status, for the next one
            cache.tidy()  # entries unused for a month (once a day)
    if baseline is not None and accepted is not None:
        report = apply_entries(report, accepted, str(baseline))
    return plans, report


@dataclasses.dataclass(frozen=True)
class _StoredReport:
    """Where a check's report is, or will be, in the cache."""

    cache: ParseCache
    key: str
    slot: str  # what was checked, but the date: a new report of it replaces the last
    files: list[str]  # the plan files, by name (discover_names): a report found needs no Path
    bases: list[str]  # their folders, as text (as Run.tables names them): tables are relative to them

    def get(self) -> tuple[Report, tuple[str, ...]] | None:
        return self.cache.get_report(self.key, self.bases, self.slot)

    def put(self, report: Report, run: Run) -> None:
        # only a report of the file contents the key took: a file saved during the check would give
        # the findings of one content under the key of another (served again after an undo)
        keyed, read = self.cache.known_digests(), dict(run.read)
        if any(read.get(name) != keyed.get(name) for name in self.files):
            return
        index = {folder: i for i, folder in enumerate(self.bases)}
        if all(folder in index for folder, _, _ in run.tables):
            self.cache.put_report(self.key, report, run.skipped, self.bases,
                                  [(index[folder], name, digest) for folder, name, digest in run.tables], self.slot)


def _stored_report(cache: ParseCache, paths: Sequence[Path], config: Config, as_of: dt.date, include_reference: bool,
                   require_plans: bool, limits: Limits) -> _StoredReport | None:
    files = discover_names(paths)
    # require_plans: a report of no plan file, stored by a caller that allows it, must not pass a
    # check that requires plans (it raises NoPlanFiles before anything is stored)
    options = repr((dataclasses.replace(config, origins={}), include_reference, require_plans, limits))
    # paths as given are shown relative to the working folder: it is part of what a report says
    scope = "\0".join([os.getcwd(), *map(os.fspath, paths)])
    key = cache.report_key(files, f"{options}\0{as_of.isoformat()}", scope)
    folders = {os.path.dirname(name) or "." for name in files}  # as f.parent, in text: ten thousand files
    # a check of today's date each day is one slot, not a report per day
    slot = f"{scope}\0{options}"
    return _StoredReport(cache, key, slot, files, sorted(folders)) if key is not None else None


def _report(run: Run, rules: Sequence[Rule], as_of: dt.date) -> Report:
    """The report of a run: input errors and findings in report order, the rules in force and
    the built-in codes that occur."""
    violations = [input_violation(e) for e in run.errors] + run.violations
    # The bundled national and prefectural reference data records what its sources did not show as
    # unknown (docs/reference-data.md); that is not the checked plans' business: their "not checked"
    # entries say so where it matters (LAW-003 against a prefecture with unknown dates).
    reference = {d.id for d in run.documents if d.bundled and d.level != "municipal"}
    not_checked = [n for n in run.not_checked if n.document not in reference]
    return Report(
        violations=tuple(sorted(violations, key=Violation.sort_key)),
        documents=tuple(sorted(run.documents, key=lambda d: d.id)),
        rules=tuple(r.info() for r in rules) + builtin_rules({v.rule for v in violations}),
        files=run.files,
        as_of=as_of.isoformat(),
        version=__version__,
        not_checked=tuple(sorted(not_checked, key=NotChecked.sort_key)),
    )


def builtin_rules(codes: Iterable[str]) -> tuple[RuleInfo, ...]:
    """The built-in codes (INPUT-00x, WAIVER-00x: rules/input/, rules/waiver/) among `codes`,
    described like rules."""
    from checker.rules import builtin_codes

    wanted = set(codes)
    return tuple(rule.info() for code, rule in sorted(builtin_codes().items()) if code in wanted)


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
    """An input error as the violation of its built-in code (rules/input/INPUT-00x.yaml)."""
    from checker.rules import builtin_codes

    rule = builtin_codes()[e.code]
    values = {lang: {"message": message, "hint": f" — {hint}" if hint else ""}
              for lang, message, hint in (("ja", e.message_ja, e.hint_ja), ("en", e.message_en, e.hint_en))}
    return Violation(
        rule=e.code, name=rule.name, family=rule.family, severity=rule.severity,
        subject=e.file, related=(), file=e.file, line=e.line, key=e.key,
        message={"ja": rule.message.ja.format_map(values["ja"]), "en": rule.message.en.format_map(values["en"])},
        params={"hint_ja": e.hint_ja, "hint_en": e.hint_en},
    )


def graph_json(plans: PlanSet) -> dict[str, Any]:
    """The graph as networkx node-link data (`edges` key), every value JSON-ready."""
    import networkx as nx

    from checker.engine import plain

    g = nx.MultiDiGraph()
    for node, data in plans.graph.nodes(data=True):
        g.add_node(node, **{k: plain(v) for k, v in data.items() if k not in ("lines", "path")})
    for u, v, key, data in plans.graph.edges(keys=True, data=True):
        g.add_edge(u, v, key=key, **{k: plain(x) for k, x in data.items()})
    return nx.node_link_data(g, edges="edges")

