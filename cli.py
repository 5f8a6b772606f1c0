"""plancheck command line: parse options, call the checker API, print, exit.

Exit codes: 0 clean, 1 violations at or above --fail-on, 2 unusable input, configuration or usage.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from functools import wraps
from pathlib import Path
from typing import Any, Callable

import click

from checker import __version__
from checker.reporters import FORMATS as REPORT_FORMATS

LANG = click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True,
                    help="Language of messages / メッセージの言語")
PATHS = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
CONFIG = click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                      help="Profile file (default: ./plancheck.yaml if present).")
AS_OF = click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None,
                     help="Date the check is made for (yearly verification, waiver expiry). Default: today.")
NO_REFERENCE = click.option("--no-reference", is_flag=True, help="Do not add the bundled national/prefectural documents.")


def progress_bar() -> Callable[[str, int], Callable[[int], None]] | None:
    """A one-line progress count on a terminal; nothing when stderr is a file or a pipe."""
    if not sys.stderr.isatty():
        return None
    names = {"files": "読み込み / reading files", "municipalities": "検査 / checking municipalities"}

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

    click.echo(visible(message), err=True)


def _inputs(paths: tuple[Path, ...], *files: Path | None) -> list[Path]:
    """What a command reads, which no output may replace: the plan paths (default: the bundled
    plans), the profile, the baseline."""
    from checker import api

    return [*(paths or api.default_paths()), *(f for f in files if f is not None)]


def guarded(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Configuration problems and unexpected failures become a short message and exit code 2;
    the traceback only with --debug."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from checker.errors import PlancheckError
        from checker.rules import RuleError

        try:
            return fn(*args, **kwargs)
        except RuleError as exc:
            say(f"plancheck: 設定エラー / configuration error: {exc}")
            sys.exit(2)
        except PlancheckError as exc:
            say(f"plancheck: {exc}")
            sys.exit(2)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # the guard of last resort
            if click.get_current_context().find_root().params.get("debug"):
                raise
            say(f"plancheck: 内部エラー / internal error: {type(exc).__name__}: {exc}")
            click.echo("  --debug で詳細を表示し、不具合として報告してください / "
                       "rerun with --debug and report it as a bug", err=True)
            sys.exit(2)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="plancheck")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def main(debug: bool) -> None:
    """plancheck — 地方版まち・ひと・しごと創生総合戦略の整合性チェッカー /
    consistency checker for regional-revitalisation strategies."""


@main.command()
@PATHS
@click.option("--format", "formats", multiple=True, default=["text"], show_default=True,
              type=click.Choice(sorted(REPORT_FORMATS)), help="Report format (repeatable, paired with --output).")
@click.option("--output", "outputs", multiple=True, type=click.Path(path_type=Path),
              help="Write the report to FILE (one per --format; '-' for the terminal).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Lowest severity that makes the exit code 1 (default: the profile's, else error).")
@CONFIG
@click.option("--select", multiple=True, help="Only these rules (ids or prefixes such as PER).")
@click.option("--ignore", multiple=True, help="Skip these rules (ids or prefixes).")
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
@LANG
@guarded
def check(paths: tuple[Path, ...], formats: tuple[str, ...], outputs: tuple[Path, ...], fail_on: str | None,
          config: Path | None, select: tuple[str, ...], ignore: tuple[str, ...], as_of: dt.datetime | None,
          no_reference: bool, baseline_file: Path | None, jobs: int | None, no_cache: bool, cache_dir: Path | None,
          lang: str) -> None:
    """Check plan files (default: the bundled plans) / 計画ファイルを検査する。"""
    from checker import api
    from checker.output import check_targets, write_outputs
    from checker.reporters import is_binary, render

    if outputs and len(outputs) != len(formats):
        raise click.UsageError("give one --output per --format (use '-' for the terminal)")
    check_targets(outputs, _inputs(paths, config, baseline_file))  # before the work, not after
    profile = api.load_config(config)
    rules = api.rules_for(select=select, ignore=ignore, profile=profile)
    from checker.load.cache import ParseCache

    cache = None if no_cache else ParseCache(cache_dir)
    if cache is not None and cache.disabled_reason:
        click.echo(f"plancheck: キャッシュを使わずに検査します / checking without the cache: {cache.disabled_reason}",
                   err=True)
    plans, report = api.check_plans(list(paths) or None, rules=rules, as_of=as_of.date() if as_of else None,
                                    include_reference=not no_reference, jobs=jobs or os.cpu_count() or 1,
                                    cache=cache,
                                    limits=profile[0].limits, progress=progress_bar())
    if baseline_file is not None:
        from checker.baseline import BaselineError, apply_baseline

        try:
            report = apply_baseline(report, baseline_file)
        except BaselineError as exc:
            say(f"plancheck: {exc}")
            sys.exit(2)
    extras = {"goal_map_svg": api.goal_map_svg(plans, report, lang)} if "html" in formats else {}
    files: list[tuple[Path, str | bytes]] = []
    for fmt, out in zip(formats, outputs or [Path("-")] * len(formats)):
        if str(out) == "-":
            if is_binary(fmt):
                raise click.UsageError(f"--format {fmt} needs --output FILE")
            click.echo(render(report, fmt, lang, colour=sys.stdout.isatty(), **extras), nl=False)
        else:
            files.append((out, render(report, fmt, lang, **extras)))
    write_outputs(files, inputs=_inputs(paths, config, baseline_file))
    for out, _ in files:
        click.echo(f"wrote {out}", err=True)
    sys.exit(report.exit_code(fail_on or profile[0].fail_on or "error"))  # type: ignore[arg-type]


@main.command()
@PATHS
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@click.option("--output", type=click.Path(path_type=Path), default=None, help="File to write (default: stdout).")
@NO_REFERENCE
@guarded
def graph(paths: tuple[Path, ...], fmt: str, output: Path | None, no_reference: bool) -> None:
    """Write the plan graph as networkx node-link JSON / 計画グラフを出力する。"""
    from checker import api
    from checker.output import write_outputs

    plans = api.build(list(paths) or None, include_reference=not no_reference)
    for error in plans.loaded.errors:
        say(f"{error.where()}: {error.message_en}")
    text = json.dumps(api.graph_json(plans), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        write_outputs([(output, text)], inputs=_inputs(paths))
    sys.exit(2 if plans.loaded.errors else 0)


@main.command()
@PATHS
@click.option("--kind", type=click.Choice(["goals", "continuity", "timeline"]), default="goals", show_default=True,
              help="goals: 目標の対応図; continuity: 期間の継続（新旧対照）; timeline: 計画期間のタイムライン")
@click.option("--format", "fmt", type=click.Choice(["svg", "png", "pdf", "dot"]), default="svg", show_default=True)
@click.option("--output", type=click.Path(path_type=Path), required=True, help="File to write.")
@click.option("--document", default=None, help="Draw one document (an id such as azumino/strategy-2).")
@click.option("--depth", type=click.Choice(["goals", "measures", "all"]), default="all", show_default=True)
@click.option("--collapse-projects-over", type=int, default=5, show_default=True,
              help="Above this many projects under a measure, draw one '事業 N件' node.")
@CONFIG
@AS_OF
@NO_REFERENCE
@LANG
@guarded
def diagram(paths: tuple[Path, ...], kind: str, fmt: str, output: Path, document: str | None, depth: str,
            collapse_projects_over: int, config: Path | None, as_of: dt.datetime | None, no_reference: bool,
            lang: str) -> None:
    """Draw the goal map, continuity or timeline with violations / 図を描く。"""
    from checker import api
    from checker.diagrams import DiagramError
    from checker.output import check_targets, write_outputs

    check_targets([output], _inputs(paths, config))
    plans, report = api.check_plans(list(paths) or None, rules=api.rules_for(config),
                                    as_of=as_of.date() if as_of else None, include_reference=not no_reference)
    try:
        data = api.diagram(plans, report, kind, fmt=fmt, document=document, depth=depth, lang=lang,
                           collapse_projects_over=collapse_projects_over)
    except DiagramError as exc:
        say(f"plancheck: {exc.message_ja} / {exc.message}")
        sys.exit(2)
    write_outputs([(output, data)], inputs=_inputs(paths, config))
    click.echo(f"wrote {output}", err=True)


@main.group()
def baseline() -> None:
    """Accepted violations: adopt plancheck on an existing plan, fail only on new problems."""


@baseline.command("write")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@PATHS
@CONFIG
@AS_OF
@NO_REFERENCE
@guarded
def baseline_write(file: Path, paths: tuple[Path, ...], config: Path | None, as_of: dt.datetime | None,
                   no_reference: bool) -> None:
    """Record the current violations as accepted / 現在の違反を既知として記録する。"""
    from checker import api
    from checker.baseline import baseline_text
    from checker.output import check_targets, write_outputs

    check_targets([file], _inputs(paths, config))
    report = api.check(list(paths) or None, rules=api.rules_for(config), as_of=as_of.date() if as_of else None,
                       include_reference=not no_reference)
    if report.input_errors:
        click.echo("plancheck: 入力エラーがあるため基準を書けません / cannot write a baseline while input errors remain",
                   err=True)
        sys.exit(2)
    write_outputs([(file, baseline_text(report))], inputs=_inputs(paths, config))
    click.echo(f"wrote {file} ({sum(1 for v in report.active)} violations)", err=True)


@main.command()
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path), required=False)
@click.option("--git", "git_range", default=None, help="REV1..REV2: compare two git revisions of the folder OLD.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "html"]), default="text", show_default=True)
@click.option("--output", type=click.Path(path_type=Path), default=None, help="File to write (default: the terminal).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="never", show_default=True,
              help="Exit 1 when the new version introduces violations at or above this severity.")
@CONFIG
@AS_OF
@NO_REFERENCE
@LANG
@guarded
def diff(old: Path, new: Path | None, git_range: str | None, fmt: str, output: Path | None, fail_on: str,
         config: Path | None, as_of: dt.datetime | None, no_reference: bool, lang: str) -> None:
    """What changed between two versions of a plan / 2つの版の差分。"""
    from checker import api
    from checker.output import write_outputs
    from checker.review import ReviewError, diff_git, diff_paths, render_diff

    profile = api.load_config(config)
    options = {"rules": api.rules_for(profile=profile), "as_of": as_of.date() if as_of else None,
               "include_reference": not no_reference, "limits": profile[0].limits}
    try:
        if git_range is not None:
            if new is not None:
                raise click.UsageError("with --git give one folder: plancheck diff FOLDER --git REV1..REV2")
            result = diff_git(old, git_range, **options)
        else:
            if new is None:
                raise click.UsageError("give two folders (plancheck diff OLD NEW) or --git REV1..REV2")
            result = diff_paths([old], [new], **options)
    except ReviewError as exc:
        say(f"plancheck: {exc}")
        sys.exit(2)
    text = render_diff(result, fmt, lang)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_outputs([(output, text)], inputs=_inputs((old,) if new is None else (old, new), config))
        click.echo(f"wrote {output}", err=True)
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
    from checker.generate import generate_corpus

    summary = generate_corpus(out_dir, municipalities=municipalities, defect_rate=defect_rate, seed=seed)
    click.echo(json.dumps(summary, ensure_ascii=False))


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--municipality", required=True, help="市町村名 (e.g. 安曇野市)")
@click.option("--prefecture", required=True,
              help="都道府県名: 47都道府県の正式な名前 (長野県, 東京都, 大阪府, 北海道) / the prefecture's full name")
@click.option("--from-period", default=None, help="The previous strategy's id: its goals are carried over.")
@click.option("--plans", "plan_paths", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="Where to find the previous strategy (default: the bundled plans).")
@click.option("--force", is_flag=True, help="Overwrite existing files.")
@guarded
def init(folder: Path, municipality: str, prefecture: str, from_period: str | None,
         plan_paths: tuple[Path, ...], force: bool) -> None:
    """Write a starter plan set (strategy.yaml + plan.xlsx) / 計画のひな形を作成する。"""
    from checker.scaffold import ScaffoldError, init_plan_set

    try:
        written = init_plan_set(folder, municipality=municipality, prefecture=prefecture,
                                from_period=from_period, plans=list(plan_paths), force=force)
    except ScaffoldError as exc:
        say(f"plancheck: {exc}")
        sys.exit(2)
    for notice in getattr(written, "notices", ()):
        for line in notice.splitlines():
            say(f"plancheck: {line}" if line and not line.startswith(" ") else line)
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"次に / next: plancheck check {folder}")


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
        click.echo(json.dumps([{**asdict(r.info()), "kind": r.kind} for r in rules], ensure_ascii=False, indent=2))
        return
    for r in rules:
        unverified = "" if r.basis_verified else ("  (根拠未確認)" if lang == "ja" else "  (basis unverified)")
        click.echo(f"{r.id:<10} {r.severity:<8} {r.family:<13} {r.name:<40} {getattr(r.title, lang)}{unverified}")
    click.echo(f"\n{len(rules)} rules")


@main.command()
@click.argument("rule_id")
@LANG
@guarded
def explain(rule_id: str, lang: str) -> None:
    """Explain a rule: rationale, basis, parameters, examples / ルールの説明。"""
    from checker.explain import explain_rule

    text = explain_rule(rule_id.upper(), lang)
    if text is None:
        click.echo(f"plancheck: unknown rule {rule_id!r} (see: plancheck rules)", err=True)
        sys.exit(2)
    click.echo(text, nl=False)


if __name__ == "__main__":
    main()
