"""plancheck command line: parse options, call the checker API, print, exit.

Exit codes: 0 clean, 1 violations at or above --fail-on, 2 unusable input, configuration or usage.
"""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import json
import os
import sys
from functools import wraps
from pathlib import Path
from typing import Any, Callable, Iterable

import click

from checker import __version__, i18n
from checker.i18n import bilingual, both, pick, t
from checker.reporters import FORMATS as REPORT_FORMATS

class AsOfDate(click.ParamType):
    """A day, written as plan files write dates: 2026-04-01, R8-04-01, 令和8年4月1日 (checker.fiscal).
    A month alone is refused: the day decides what is due (a waiver's expiry, a yearly review)."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        from checker.fiscal import CalendarError, parse_date

        try:
            date = parse_date(str(value))
        except CalendarError as exc:
            self.fail(f"{value}: {exc.message_ja} / {exc}", param, ctx)
        if date.day is None:
            self.fail(f"{value}: {bilingual('cli.as_of_no_day')}", param, ctx)
        return date.first_day


LANG = click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True,
                    help="Language of messages / メッセージの言語")
PATHS = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
EXAMPLE = click.option("--example", is_flag=True,
                       help="The bundled example (安曇野市) instead of PATHS; without either, the current folder.")
CONFIG = click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                      help="Profile file (default: ./plancheck.yaml if present).")
SELECT = click.option("--select", multiple=True, help="Only these rules (ids or prefixes such as PER).")
IGNORE = click.option("--ignore", multiple=True, help="Skip these rules (ids or prefixes).")
AS_OF = click.option("--as-of", type=AsOfDate(), default=None,
                     help="Date the check is made for (yearly verification, waiver expiry): 2026-04-01, "
                          "R8-04-01 or 令和8年4月1日. Default: today.")
NO_REFERENCE = click.option("--no-reference", is_flag=True, help="Do not add the bundled national/prefectural documents.")
ERA_STYLE = click.option("--era-style", type=click.Choice(["short", "long", "western"]), default="short",
                         show_default=True,
                         help="How years are written in Japanese output: R2年度, 令和2年度 or 2020年度 (English: FY2020).")
QUIET = click.option("--quiet", "-q", is_flag=True,
                     help="Print nothing but errors (files named with --output are still written); "
                          "the exit code tells the result.")


def plan_paths(paths: tuple[Path, ...], example: bool) -> list[Path]:
    """What to check: the paths given; with --example the bundled example; with neither the
    current folder (as ruff and yamllint do)."""
    from checker import api

    if example and paths:
        raise click.UsageError(bilingual("cli.example_and_paths"))
    if example:
        return api.default_paths()
    return list(paths) or [Path(".")]


def emit(text: str | bytes, *, nl: bool = True, color: bool | None = None) -> None:
    """Write to stdout. A reader that stops early (plancheck rules | head -3) ends the output
    quietly: the rest is dropped, and the command ends with its own exit code."""
    try:
        click.echo(text, nl=nl, color=color)
    except BrokenPipeError:
        stdout_gone()


def stdout_gone() -> None:
    """stdout's reader has gone: point stdout at the null device, so that neither later output
    nor Python's flush at exit fails again (and no "Exception ignored" is printed)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # not a real file (a test runner's buffer)
        pass


def use_colour(choice: str, stream_is_terminal: bool) -> bool:
    """--color: always, never, or auto — on a terminal unless NO_COLOR is set to anything but
    the empty string (https://no-color.org); --color always wins over NO_COLOR."""
    if choice != "auto":
        return choice == "always"
    return stream_is_terminal and not os.environ.get("NO_COLOR")


def progress_bar(lang: str) -> Callable[[str, int], Callable[[int], None]] | None:
    """A one-line progress count on a terminal, in the report's language; nothing when stderr is a
    file or a pipe."""
    if not sys.stderr.isatty():
        return None
    names = {name: t(f"cli.progress.{name}", lang) for name in ("files", "municipalities")}

    def stage(name: str, total: int) -> Callable[[int], None]:
        done = [0]

        step = max(1, total // 100)  # redraw about a hundred times, not once per file

        def advance(n: int) -> None:
            before, done[0] = done[0], done[0] + n
            if total > 1 and (done[0] >= total or done[0] // step != before // step):
                click.echo(f"\r{names.get(name, name)}: {done[0]}/{total}", err=True, nl=done[0] >= total)

        return advance

    return stage


def say(message: str) -> None:
    """A message on stderr; it may quote file names and plan text, so nothing in it reaches the
    terminal as a control sequence (checker.escaping.visible)."""
    from checker.escaping import visible

    try:
        click.echo(visible(message), err=True)
    except BrokenPipeError:  # stderr piped into a reader that has gone: nothing left to tell
        pass


def notices(lines: list[tuple[str, str]], lang: str | None, quiet: bool) -> None:
    """Notices (ja, en) on stderr in the language of the report (both, "ja / en", for a command
    without --lang); none with --quiet."""
    if not quiet:
        for ja, en in lines:
            say(f"plancheck: {pick((ja, en), lang) if lang else in_both(ja, en)}")


def in_both(ja: str, en: str) -> str:
    """A (ja, en) pair on one line, "ja / en" (one text when they are the same)."""
    return ja if ja == en else f"{ja} / {en}"


def _inputs(paths: list[Path], *files: Path | None) -> list[Path]:
    """What a command reads, which no output may replace: the plan paths, the profile, the baseline."""
    return [*paths, *(f for f in files if f is not None)]


# The report format an output file's extension stands for (--output without --format).
EXTENSIONS = {".json": "json", ".sarif": "sarif", ".xml": "junit", ".md": "markdown", ".html": "html",
              ".xlsx": "xlsx", ".pdf": "pdf", ".txt": "text"}
DIAGRAM_EXTENSIONS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot"}


def format_of(output: Path, extensions: dict[str, str], available: Iterable[str]) -> str | None:
    """The format an output's extension stands for; None for the terminal ('-'). A usage error
    for an extension that names no format, or one that is not available."""
    if str(output) == "-":
        return None
    suffix = output.suffix.lower()
    fmt = extensions.get(suffix)
    listing = " ".join(extensions)
    if fmt is None:
        raise click.UsageError(bilingual("cli.format_unknown", output=output, extensions=listing,
                                         suffix=suffix or i18n.text("cli.no_extension")))
    if fmt not in available:
        raise click.UsageError(f"--output {output}: " + bilingual("cli.format_unavailable", fmt=fmt, suffix=suffix,
                                                                  formats=", ".join(sorted(available))))
    return fmt


def paired_formats(formats: tuple[str, ...], outputs: tuple[Path, ...], extensions: dict[str, str],
                   available: Iterable[str], default: str) -> list[tuple[str, Path]]:
    """(format, output) pairs: --format and --output paired in order; an output without --format
    takes its extension's format (report.html → html); a --format that contradicts its output's
    extension (--format json --output x.html) is a usage error."""
    available = set(available)
    if not formats:
        return [(format_of(out, extensions, available) or default, out) for out in outputs] or [(default, Path("-"))]
    if not outputs:
        return [(fmt, Path("-")) for fmt in formats]
    if len(outputs) != len(formats):
        raise click.UsageError(bilingual("cli.format_output_pairs"))
    for fmt, out in zip(formats, outputs):
        meant = extensions.get(out.suffix.lower()) if str(out) != "-" else None
        if meant is not None and meant != fmt:
            better = out.with_suffix(next((e for e, f in extensions.items() if f == fmt), out.suffix)).name
            raise click.UsageError(bilingual("cli.format_output_clash", fmt=fmt, output=out, meant=meant, better=better))
    return list(zip(formats, outputs))


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The one place an error the user can fix (checker.errors.PlancheckError: unusable input,
    configuration or output) becomes its message and exit code 2; an unexpected failure becomes a
    short message and exit code 2 too, the traceback only with --debug."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from checker.errors import PlancheckError

        try:
            return fn(*args, **kwargs)
        except PlancheckError as exc:
            say(f"plancheck: {exc.heading}{exc}")
            sys.exit(2)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # the reader of stdout has gone (emit handles the usual places)
            stdout_gone()
            sys.exit(0)
        except Exception as exc:  # the guard of last resort
            if click.get_current_context().find_root().params.get("debug"):
                raise
            say(f"plancheck: {bilingual('cli.internal_error')}: {type(exc).__name__}: {exc}")
            click.echo(f"  {bilingual('cli.report_bug')}", err=True)
            sys.exit(2)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="plancheck")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def main(debug: bool) -> None:
    """plancheck — 地方版まち・ひと・しごと創生総合戦略の整合性チェッカー /
    consistency checker for regional-revitalisation strategies."""
    for stream in (sys.stdout, sys.stderr):
        utf8_when_redirected(stream)
    # The process ends with the command. What it holds then is freed as the interpreter exits, but
    # the cyclic collection Python makes on the way out would first scan all of it (0.04 s after a
    # national check): frozen (at exit, before that collection), it is skipped.
    atexit.unregister(gc.freeze)  # once, however many commands one process runs (the tests)
    atexit.register(gc.freeze)
    # What the command allocates mostly lives to its end (the models and rules imported, the
    # documents, the report) and makes few cycles, yet the collector scans it again and again: 0.09 s
    # of a one-city check, an eighth of it (measured). So it does not run while a command does; the
    # peak memory stayed within 2 MB (one city, 500 cities, --jobs 1, generate). Higher thresholds
    # (as mypy sets) saved less: each young object is still scanned. Workers collect
    # (parallel._start); the collector is back when the command ends (the tests run many commands).
    if gc.isenabled():
        gc.disable()
        click.get_current_context().call_on_close(_collect_again)


def _collect_again() -> None:
    """The collector back after a command, without the collection its first allocation would make
    of everything the command allocated (0.04 s, as the process is about to exit): that moves to
    the oldest generation unscanned (freeze, then unfreeze)."""
    gc.freeze()
    gc.unfreeze()
    gc.enable()


def utf8_when_redirected(stream: Any) -> None:
    """Output sent to a file or a pipe in an encoding that cannot hold every character of a
    report (Windows writes redirected output in CP932, which has no 〜 U+301C, no ␛) is written
    in UTF-8 instead; a terminal keeps its own (click writes to the Windows console in Unicode)."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
    if encoding in ("utf-8", "utf8") or not hasattr(stream, "reconfigure"):
        return
    try:
        if not stream.isatty():
            stream.reconfigure(encoding="utf-8")
    except (OSError, ValueError):  # a closed or detached stream: leave it
        pass


@main.command()
@PATHS
@EXAMPLE
@click.option("--format", "formats", multiple=True,
              type=click.Choice(sorted(REPORT_FORMATS)),
              help="Report format (repeatable, paired with --output). Default: text, or the format "
                   "of each --output's extension (.json .sarif .xml .md .html .xlsx .pdf .txt).")
@click.option("--output", "outputs", multiple=True, type=click.Path(path_type=Path),
              help="Write the report to FILE (one per --format; '-' for the terminal).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Lowest severity that makes the exit code 1 (default: the profile's, else error).")
@CONFIG
@SELECT
@IGNORE
@AS_OF
@NO_REFERENCE
@click.option("--baseline", "baseline_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Accepted violations (plancheck baseline write): reported as known, only new ones fail.")
@click.option("--jobs", type=click.IntRange(1, 256), default=None,
              help="Worker processes for many municipalities (default: the number of CPUs).")
@click.option("--no-cache", is_flag=True, help="Parse every file again (no parse cache).")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
              help="Where parsed files and findings are cached (default: the user cache folder, "
                   "e.g. ~/.cache/plancheck; see docs/security.md).")
@ERA_STYLE
@click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the terminal report: auto (on a terminal, unless NO_COLOR is set), always, never.")
@QUIET
@LANG
@guarded
def check(paths: tuple[Path, ...], example: bool, formats: tuple[str, ...], outputs: tuple[Path, ...],
          fail_on: str | None, config: Path | None, select: tuple[str, ...], ignore: tuple[str, ...],
          as_of: dt.date | None, no_reference: bool, baseline_file: Path | None, jobs: int | None, no_cache: bool,
          cache_dir: Path | None, era_style: str, color: str, quiet: bool, lang: str) -> None:
    """Check plan files (default: the current folder; --example: the bundled example) / 計画ファイルを検査する。"""
    from checker import api
    from checker.output import check_targets, write_outputs
    from checker.reporters import is_binary, render

    targets = plan_paths(paths, example)
    pairs = paired_formats(formats, outputs, EXTENSIONS, REPORT_FORMATS, "text")
    if quiet and not outputs:
        pairs = []  # the terminal report is all there is to suppress
    for fmt, out in pairs:
        if str(out) == "-" and is_binary(fmt):
            raise click.UsageError(bilingual("cli.needs_output", fmt=fmt))
    check_targets([out for _, out in pairs], _inputs(targets, config, baseline_file))  # before the work, not after
    from checker.load.cache import ParseCache

    cache = None if no_cache else ParseCache(cache_dir)
    # the rules are validated by check_plans before any plan is validated — unless the report is
    # cached — and after it has started reading the plans in another process (api.check_plans)
    chosen = api.configure(config, select=select, ignore=ignore, fail_on=fail_on,  # type: ignore[arg-type]
                           validate=False)
    if cache is not None and cache.disabled_reason:
        notices([both("cli.no_cache", reason=cache.disabled_reason)], lang, quiet)
    plans, report = api.check_plans(targets, config=chosen, baseline=baseline_file, as_of=as_of,
                                    include_reference=not no_reference, jobs=jobs or os.cpu_count() or 1,
                                    cache=cache, progress=None if quiet else progress_bar(lang), require_plans=True)
    notices(plans.notices(), lang, quiet)
    threshold = chosen.fail_on_level
    extras: dict[str, Any] = {"fail_on": threshold, "era_style": era_style}
    if any(f in ("html", "pdf") for f, _ in pairs):  # the reports that show the goal map
        extras["goal_map_svg"] = api.goal_map_svg(plans, report, lang, era_style=era_style)
    files: list[tuple[Path, str | bytes]] = []
    for fmt, out in pairs:
        if str(out) == "-":
            colour = use_colour(color, sys.stdout.isatty())
            emit(render(report, fmt, lang, colour=colour, **extras), nl=False, color=colour)
        else:
            files.append((out, render(report, fmt, lang, **extras)))
    write_outputs(files, inputs=_inputs(targets, config, baseline_file))
    for out, _ in files:
        if not quiet:
            say(t("cli.wrote", lang, path=out))
    sys.exit(report.exit_code(threshold))


@main.command()
@PATHS
@EXAMPLE
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.option("--output", type=click.Path(path_type=Path), default=None, help="File to write (default: stdout).")
@NO_REFERENCE
@QUIET
@guarded
def graph(paths: tuple[Path, ...], example: bool, fmt: str, output: Path | None, no_reference: bool,
          quiet: bool) -> None:
    """Write the plan graph as networkx node-link JSON / 計画グラフを出力する。"""
    from checker import api
    from checker.output import write_outputs

    targets = plan_paths(paths, example)
    plans = api.build(targets, include_reference=not no_reference, require_plans=True)
    notices(plans.notices(), None, quiet)  # no --lang: both languages
    for error in plans.loaded.errors:
        say(f"{error.where()}: {in_both(error.message_ja, error.message_en)}")
    text = json.dumps(api.graph_json(plans), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if output is None:
        emit(text, nl=False)
    else:
        write_outputs([(output, text)], inputs=_inputs(targets))
    sys.exit(2 if plans.loaded.errors else 0)


@main.command()
@PATHS
@EXAMPLE
@click.option("--kind", type=click.Choice(["goals", "continuity", "timeline"]), default="goals", show_default=True,
              help="goals: 目標の対応図; continuity: 期間の継続（新旧対照）; timeline: 計画期間のタイムライン")
@click.option("--format", "fmt", type=click.Choice(["svg", "png", "pdf", "dot"]), default=None,
              help="Default: the --output file's extension (.svg .png .pdf .dot).")
@click.option("--output", type=click.Path(path_type=Path), required=True, help="File to write.")
@click.option("--document", default=None, help="Draw one document (an id such as azumino/strategy-2).")
@click.option("--depth", type=click.Choice(["goals", "measures", "all"]), default="all", show_default=True)
@click.option("--collapse-projects-over", type=int, default=5, show_default=True,
              help="Above this many projects under a measure, draw one '事業 N件' node.")
@click.option("--dpi", type=click.IntRange(36, 600), default=None,
              help="Resolution of a PNG (default: Graphviz's 96).")
@ERA_STYLE
@CONFIG
@SELECT
@IGNORE
@AS_OF
@NO_REFERENCE
@QUIET
@LANG
@guarded
def diagram(paths: tuple[Path, ...], example: bool, kind: str, fmt: str | None, output: Path, document: str | None,
            depth: str, collapse_projects_over: int, dpi: int | None, era_style: str, config: Path | None,
            select: tuple[str, ...], ignore: tuple[str, ...], as_of: dt.date | None, no_reference: bool,
            quiet: bool, lang: str) -> None:
    """Draw the goal map, continuity or timeline with violations / 図を描く。"""
    from checker import api
    from checker.output import check_targets, write_outputs

    targets = plan_paths(paths, example)
    ((fmt, _),) = paired_formats((fmt,) if fmt else (), (output,), DIAGRAM_EXTENSIONS,
                                 DIAGRAM_EXTENSIONS.values(), "svg")
    check_targets([output], _inputs(targets, config))
    chosen = api.configure(config, select=select, ignore=ignore)
    plans, report = api.check_plans(targets, config=chosen, as_of=as_of, include_reference=not no_reference,
                                    require_plans=True)
    notices(plans.notices(), lang, quiet)
    data = api.diagram(plans, report, kind, fmt=fmt, document=document, depth=depth, lang=lang,
                       collapse_projects_over=collapse_projects_over, era_style=era_style,
                       dpi=dpi if fmt == "png" else None)
    write_outputs([(output, data)], inputs=_inputs(targets, config))
    if not quiet:
        say(t("cli.wrote", lang, path=output))
    if report.input_errors:  # drawn without them: say which files, and exit as a check would
        for v in report.input_errors:
            say(t("cli.input_error_line", lang, where=f"{v.file}:{v.line}" if v.line else v.file, rule=v.rule,
                  message=v.message.get(lang) or v.message.get("en", "")))
        sys.exit(2)


@main.group()
def baseline() -> None:
    """Accepted violations: adopt plancheck on an existing plan, fail only on new problems."""


@baseline.command("write")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@PATHS
@EXAMPLE
@CONFIG
@SELECT
@IGNORE
@AS_OF
@NO_REFERENCE
@QUIET
@guarded
def baseline_write(file: Path, paths: tuple[Path, ...], example: bool, config: Path | None, select: tuple[str, ...],
                   ignore: tuple[str, ...], as_of: dt.date | None, no_reference: bool, quiet: bool) -> None:
    """Record the current violations as accepted / 現在の違反を既知として記録する。"""
    from checker import api
    from checker.workflows.baseline import baseline_text
    from checker.errors import PlancheckError
    from checker.output import check_targets, write_outputs

    targets = plan_paths(paths, example)
    check_targets([file], _inputs(targets, config))
    chosen = api.configure(config, select=select, ignore=ignore)
    plans, report = api.check_plans(targets, config=chosen, as_of=as_of, include_reference=not no_reference,
                                    require_plans=True)
    notices(plans.notices(), None, quiet)  # no --lang: both languages
    if report.input_errors:
        raise PlancheckError(*both("cli.baseline_input_errors"))
    write_outputs([(file, baseline_text(report))], inputs=_inputs(targets, config))
    if not quiet:
        say(bilingual("cli.wrote_baseline", path=file, n=sum(1 for v in report.active)))


@main.command()
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path), required=False)
@click.option("--git", "git_range", default=None, help="REV1..REV2: compare two git revisions of the folder OLD.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "html"]), default="text", show_default=True)
@click.option("--output", type=click.Path(path_type=Path), default=None, help="File to write (default: the terminal).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="never", show_default=True,
              help="Exit 1 when the new version introduces violations at or above this severity.")
@CONFIG
@SELECT
@IGNORE
@AS_OF
@NO_REFERENCE
@LANG
@guarded
def diff(old: Path, new: Path | None, git_range: str | None, fmt: str, output: Path | None, fail_on: str,
         config: Path | None, select: tuple[str, ...], ignore: tuple[str, ...], as_of: dt.date | None,
         no_reference: bool, lang: str) -> None:
    """What changed between two versions of a plan / 2つの版の差分。"""
    from checker import api
    from checker.output import write_outputs
    from checker.reporters.diff import render
    from checker.workflows.review import diff_git, diff_paths

    chosen = api.configure(config, select=select, ignore=ignore)
    options: dict[str, Any] = {"rules": chosen.rules, "as_of": as_of,
               "include_reference": not no_reference, "limits": chosen.limits}
    if git_range is not None:
        if new is not None:
            raise click.UsageError(bilingual("cli.diff_git_one_folder"))
        result = diff_git(old, git_range, **options, lang=lang)
    else:
        if new is None:
            raise click.UsageError(bilingual("cli.diff_two_folders"))
        result = diff_paths([old], [new], **options)
    text = render(result, fmt, lang)
    if output is None:
        emit(text, nl=False)
    else:
        write_outputs([(output, text)], inputs=_inputs([old] if new is None else [old, new], config))
        say(t("cli.wrote", lang, path=output))
    sys.exit(result.exit_code(fail_on))


@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--municipalities", type=click.IntRange(1, 5000), default=10, show_default=True)
@click.option("--defect-rate", type=click.FloatRange(0, 1), default=0.1, show_default=True,
              help="Share of municipalities that get an injected defect.")
@click.option("--seed", type=int, default=0, show_default=True)
@guarded
def generate(out_dir: Path, municipalities: int, defect_rate: float, seed: int) -> None:
    """Write a synthetic corpus of plan sets with seeded defects (expected.json) / 合成コーパスを生成する。"""
    from checker.workflows.generate import generate_corpus

    summary = generate_corpus(out_dir, municipalities=municipalities, defect_rate=defect_rate, seed=seed)
    emit(json.dumps(summary, ensure_ascii=False))


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--municipality", required=True, help="市町村名 (e.g. 安曇野市)")
@click.option("--prefecture", required=True,
              help="都道府県名: 47都道府県の正式な名前 (長野県, 東京都, 大阪府, 北海道) / the prefecture's full name")
@click.option("--code", default=None,
              help="全国地方公共団体コード (e.g. 202207): the ids become 202207/strategy-1 (default: the "
                   "romanised names, e.g. nagano-azumino/strategy-1).")
@click.option("--from-period", default=None, help="The previous strategy's id: its goals are carried over.")
@click.option("--plans", "plan_paths", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Where to find the previous strategy (default: the bundled plans).")
@click.option("--force", is_flag=True, help="Overwrite existing files.")
@QUIET
@guarded
def init(folder: Path, municipality: str, prefecture: str, code: str | None, from_period: str | None,
         plan_paths: tuple[Path, ...], force: bool, quiet: bool) -> None:
    """Write a starter plan set (strategy.yaml, vision.yaml, plan.xlsx) / 計画のひな形を作成する。"""
    from checker.workflows.scaffold import init_plan_set

    written = init_plan_set(folder, municipality=municipality, prefecture=prefecture, code=code,
                            from_period=from_period, plans=list(plan_paths), force=force)
    if quiet:
        return
    for notice in getattr(written, "notices", ()):
        for line in notice.splitlines():
            say(f"plancheck: {line}" if line and not line.startswith(" ") else line)
    for path in written:
        emit(bilingual("cli.wrote", path=path))
    emit(f"{bilingual('cli.init_done')} plancheck check {folder}")


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@LANG
@guarded
def rules_(fmt: str, lang: str) -> None:
    """List the rule catalogue / ルールの一覧。"""
    from dataclasses import asdict

    from checker.rules import catalogue

    rules = catalogue()
    if fmt == "json":
        emit(json.dumps([{**asdict(r.info()), "kind": r.kind} for r in rules], ensure_ascii=False, indent=2))
        return
    lines = []
    for r in rules:
        unverified = "" if r.basis_verified else f"  ({t('cli.basis_unverified', lang)})"
        lines.append(f"{r.id:<10} {r.severity:<8} {r.family:<13} {r.name:<40} {getattr(r.title, lang)}{unverified}")
    emit("\n".join(lines) + f"\n\n{t('cli.rule_count', lang, n=len(rules))}")


@main.command()
@click.argument("rule_id")
@LANG
@guarded
def explain(rule_id: str, lang: str) -> None:
    """Explain a rule: rationale, basis, parameters, examples / ルールの説明。"""
    from checker.errors import PlancheckError
    from checker.workflows.explain import explain_rule

    text = explain_rule(rule_id.upper(), lang)
    if text is None:
        raise PlancheckError(*both("cli.unknown_rule", rule=rule_id))
    emit(text, nl=False)


if __name__ == "__main__":
    main()
