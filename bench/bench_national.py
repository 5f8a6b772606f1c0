"""Benchmark: plancheck on synthetic national corpora (plancheck generate), against a parse floor.

Run: .venv/bin/python bench/bench_national.py [--sizes 1,100,500,1741] [--repeat 3] [--jobs 2] [--city]

For each corpus size N it generates a corpus (checker.workflows.generate, seeded defects) in a temporary
folder and measures, each in a fresh subprocess (wall time of the command; peak RSS from
getrusage(RUSAGE_CHILDREN) of a small wrapper process: on Linux the peak of the largest single
process among the command and its --jobs workers, not their sum), the
median of --repeat runs of:

  floor  PyYAML CSafeLoader yaml.load of every YAML file of the corpus, csv.reader over every CSV
  cold   plancheck check DIR --as-of … --format json --output /dev/null --jobs J --no-cache
         (floor and cold runs taken in turn; cold/floor is the median of each pair's ratio, which a
         drift of the machine's speed during the runs does not move)
  warm   the same with the cache on (parsed files, each municipality's findings and the whole report;
         --cache-dir in the temp folder, filled by one untimed run): nothing changed
  warm+1 the same after one city's strategy file was edited (a new edit before each run)

and checks that the cold run finds exactly expected.json: precision and recall over the multiset of
(rule, subject, file, line). The first cold run writes its report to a file for that check
(rendering is the same; only the final write differs from /dev/null). Not run by the tests.

Columns are data (COLUMNS below): a new measurement is a new Measure entry and a new column.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PLANCHECK = ROOT / ".venv" / "bin" / "plancheck"

# Runs one command and reports its wall time and the peak RSS of it and its children.
_WRAPPER = r"""
import json, resource, subprocess, sys, time
argv, cwd = json.loads(sys.argv[1]), sys.argv[2]
start = time.perf_counter()
done = subprocess.run(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": seconds, "maxrss_kb": usage.ru_maxrss, "returncode": done.returncode,
                  "stderr": done.stderr.decode("utf-8", "replace")[-2000:]}))
"""


@dataclass(frozen=True)
class Run:
    seconds: float
    maxrss_mb: float
    returncode: int
    stderr: str


def run_measured(argv: list[str], cwd: Path) -> Run:
    """One measurement in a fresh wrapper process (its RUSAGE_CHILDREN is this command's alone)."""
    out = subprocess.run([sys.executable, "-c", _WRAPPER, json.dumps(argv), str(cwd)],
                         capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    return Run(data["seconds"], data["maxrss_kb"] / 1024, data["returncode"], data["stderr"])


def floor(corpus: Path) -> None:
    """The parse floor: every YAML with libyaml's CSafeLoader, every CSV with csv.reader."""
    import yaml

    documents = rows = 0
    for path in sorted(corpus.rglob("*")):
        if path.suffix in (".yaml", ".yml"):
            documents += sum(1 for _ in yaml.load_all(path.read_text(encoding="utf-8-sig"), Loader=yaml.CSafeLoader))
        elif path.suffix == ".csv":
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("cp932")
            rows += sum(1 for _ in csv.reader(io.StringIO(text, newline="")))
    print(json.dumps({"documents": documents, "rows": rows}))


def check_options() -> dict[str, bool]:
    """Which of the batch options this plancheck has (they were added in parallel with this script)."""
    text = subprocess.run([str(PLANCHECK), "check", "--help"], capture_output=True, text=True).stdout
    return {name: name in text for name in ("--jobs", "--no-cache", "--cache-dir")}


def precision_recall(report_file: Path, expected: dict[str, Any], cwd: Path, corpus: Path) -> tuple[float, float, str]:
    """Over the multiset of (rule, subject, file relative to the corpus, line)."""
    report = json.loads(report_file.read_text(encoding="utf-8"))

    def rel(file: str) -> str:
        p = Path(file)
        p = p if p.is_absolute() else cwd / p
        try:
            return p.resolve().relative_to(corpus.resolve()).as_posix()
        except ValueError:
            return file

    found = Counter((v["rule"], v["subject"], rel(v["file"]), v["line"]) for v in report["violations"])
    wanted = Counter((e["rule"], e["subject"], e["file"], e["line"]) for e in expected["violations"])
    hits = sum((found & wanted).values())
    precision = hits / sum(found.values()) if found else 1.0
    recall = hits / sum(wanted.values()) if wanted else 1.0
    detail = ""
    if found != wanted:
        extra, missing = sorted((found - wanted).elements())[:5], sorted((wanted - found).elements())[:5]
        detail = f"extra {extra} missing {missing}"
    return precision, recall, detail


@dataclass
class Result:
    n: int
    files: int = 0
    megabytes: float = 0.0
    generate_s: float = 0.0
    runs: dict[str, list[Run]] = field(default_factory=dict)
    precision: float | None = None
    recall: float | None = None
    detail: str = ""
    shacl_note: str = ""  # e.g. "> 300 s" when pySHACL did not finish
    six_pr: str = "—"  # precision/recall of plancheck and pySHACL on the six rules: "1.00/1.00 1.00/1.00"

    def median(self, name: str) -> float | None:
        runs = self.runs.get(name)
        return statistics.median(r.seconds for r in runs) if runs else None

    def paired(self, name: str, base: str) -> str:
        """The median of the ratios of runs taken in turn (run i of `name` over run i of `base`)."""
        pairs = list(zip(self.runs.get(name, []), self.runs.get(base, [])))
        return f"{statistics.median(a.seconds / b.seconds for a, b in pairs):.2f}" if pairs else "—"

    def peak(self, name: str) -> float | None:
        runs = self.runs.get(name)
        return max(r.maxrss_mb for r in runs) if runs else None


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.1f}" if a is not None and b else "—"


def _secs(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


# The table: (header, width, cell). A new measurement (e.g. a SHACL validator) adds a column here.
COLUMNS: list[tuple[str, int, Callable[[Result], str]]] = [
    ("N", 5, lambda r: str(r.n)),
    ("floor s", 8, lambda r: _secs(r.median("floor"))),
    ("cold s", 8, lambda r: _secs(r.median("cold"))),
    ("warm s", 8, lambda r: _secs(r.median("warm"))),
    ("warm+1 s", 8, lambda r: _secs(r.median("warm1"))),
    ("cold/floor", 10, lambda r: r.paired("cold", "floor")),
    ("cold/warm", 9, lambda r: _ratio(r.median("cold"), r.median("warm"))),
    ("peak MB", 8, lambda r: "—" if r.peak("cold") is None else f"{r.peak('cold'):.0f}"),
    ("P/R", 9, lambda r: "—" if r.precision is None else f"{r.precision:.2f}/{r.recall:.2f}"),
    # the six coverage rules (bench/shacl.py): plancheck --select them vs pySHACL on the exported graph
    ("six s", 7, lambda r: _secs(r.median("six"))),
    ("shacl s", 8, lambda r: r.shacl_note or _secs(r.median("shacl"))),
    ("shacl/six", 9, lambda r: _ratio(r.median("shacl"), r.median("six"))),
    ("six P/R", 9, lambda r: r.six_pr),
]


def table(results: list[Result]) -> str:
    lines = [" ".join(h.rjust(w) for h, w, _ in COLUMNS)]
    lines += [" ".join(cell(r).rjust(w) for _, w, cell in COLUMNS) for r in results]
    return "\n".join(lines)


def bench_size(n: int, work: Path, args: argparse.Namespace, options: dict[str, bool]) -> Result:
    from checker.workflows.generate import generate_corpus

    corpus = work / f"corpus-{n}"
    shutil.rmtree(corpus, ignore_errors=True)
    start = time.perf_counter()
    summary = generate_corpus(corpus, municipalities=n, defect_rate=args.defect_rate, seed=args.seed)
    result = Result(n, summary["files"], summary["bytes"] / 1e6, time.perf_counter() - start)
    expected = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    print(f"N={n}: generated {result.files} files, {result.megabytes:.1f} MB in {result.generate_s:.1f} s; "
          f"{summary['defective']} defective, {summary['expected_violations']} expected violations", flush=True)

    base = [str(PLANCHECK), "check", corpus.name, "--as-of", expected["as_of"], "--format", "json"]
    if options["--jobs"]:
        base += ["--jobs", str(args.jobs)]
    cold_opts = ["--no-cache"] if options["--no-cache"] else []
    cache_dir = work / f"cache-{n}"
    shutil.rmtree(cache_dir, ignore_errors=True)
    warm_opts = ["--cache-dir", str(cache_dir)] if options["--cache-dir"] else []

    report_file = work / f"report-{n}.json"
    floor_argv = [sys.executable, str(Path(__file__).resolve()), "--floor", str(corpus)]
    floors: list[Run] = []
    cold: list[Run] = []
    for i in range(args.repeat):  # floor and cold in turn: a drift of the machine's speed moves both
        floors.append(run_measured(floor_argv, work))
        if not options["--no-cache"]:  # a fresh cache folder makes the run cold
            shutil.rmtree(cache_dir, ignore_errors=True)
            cold_opts = warm_opts
        out = str(report_file) if i == 0 else "/dev/null"
        cold.append(run_measured(base + ["--output", out] + cold_opts, work))
        if cold[-1].returncode not in (0, 1):
            raise SystemExit(f"plancheck check failed (exit {cold[-1].returncode}):\n{cold[-1].stderr}")
    result.runs["floor"] = floors
    result.runs["cold"] = cold
    result.precision, result.recall, result.detail = precision_recall(report_file, expected, work, corpus)

    if options["--cache-dir"]:
        run_measured(base + ["--output", "/dev/null"] + warm_opts, work)  # fills the cache
        result.runs["warm"] = [run_measured(base + ["--output", "/dev/null"] + warm_opts, work)
                               for _ in range(args.repeat)]
        result.runs["warm1"] = []
        for i in range(args.repeat):  # one city's strategy edited anew before each run
            edited = sorted(corpus.rglob("strategy-2.yaml"))[0]
            edited.write_text(edited.read_text(encoding="utf-8") + f"# edit {i}\n", encoding="utf-8")
            result.runs["warm1"].append(run_measured(base + ["--output", "/dev/null"] + warm_opts, work))
    if args.shacl:
        bench_shacl(result, corpus, expected, base, work, args)
    if not args.keep:
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(cache_dir, ignore_errors=True)
    return result


def one_city(work: Path, args: argparse.Namespace) -> str:
    """`plancheck check plans/azumino` in a fresh process: cold (--no-cache) and with its files
    and report in the cache; and the floor of importing networkx, pydantic, PyYAML and click."""
    city = [str(PLANCHECK), "check", str(ROOT / "plans" / "azumino"), "--as-of", "2026-11-27", "-q"]
    cache = ["--cache-dir", str(work / "cache-city")]
    cold = [run_measured(city + ["--no-cache"], work).seconds for _ in range(args.repeat)]
    run_measured(city + cache, work)  # fills the cache
    cached = [run_measured(city + cache, work).seconds for _ in range(args.repeat)]
    imports = [run_measured([sys.executable, "-c", "import networkx, pydantic, yaml, click"], work).seconds
               for _ in range(args.repeat)]
    return (f"one city (plans/azumino): cold {statistics.median(cold):.2f} s, cached {statistics.median(cached):.2f} s; "
            f"importing networkx, pydantic, PyYAML and click {statistics.median(imports):.2f} s")


def _pr(found: set[tuple[str, str]], wanted: set[tuple[str, str]]) -> str:
    hit = len(found & wanted)
    return f"{hit / len(found) if found else 1.0:.2f}/{hit / len(wanted) if wanted else 1.0:.2f}"


def bench_shacl(result: Result, corpus: Path, expected: dict[str, Any], base: list[str], work: Path,
                args: argparse.Namespace) -> None:
    """The six coverage rules: plancheck alone on them, and pySHACL on the same graph."""
    from shacl import RULES  # bench/shacl.py

    wanted = {(v["rule"], v["subject"]) for v in expected["violations"] if v["rule"] in RULES}
    six_report = work / f"six-{result.n}.json"
    select = [arg for rule in RULES for arg in ("--select", rule)]
    result.runs["six"] = [run_measured(base + ["--output", str(six_report), "--no-cache"] + select, work)
                          for _ in range(args.repeat)]
    six = {(v["rule"], v["subject"]) for v in json.loads(six_report.read_text(encoding="utf-8"))["violations"]}
    graph_file = work / f"graph-{result.n}.json"
    subprocess.run([str(PLANCHECK), "graph", corpus.name, "--output", str(graph_file)], cwd=work, check=True,
                   capture_output=True)
    pairs_file = work / f"shacl-{result.n}.json"
    shacl = [str(Path(__file__).resolve().parent / "shacl.py"), str(graph_file), str(pairs_file)]
    run = run_measured(["timeout", str(args.shacl_timeout), sys.executable, *shacl], work)
    if run.returncode == 124:
        result.shacl_note = f"> {args.shacl_timeout:.0f} s"
        result.six_pr = _pr(six, wanted) + " —"
        return
    runs = [run] + [run_measured([sys.executable, *shacl], work) for _ in range(args.repeat - 1)]
    result.runs["shacl"] = runs
    found = {(rule, subject) for rule, subject in json.loads(pairs_file.read_text(encoding="utf-8"))}
    result.six_pr = f"{_pr(six, wanted)} {_pr(found, wanted)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,100,500,1741", help="comma-separated corpus sizes")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (the median is shown)")
    parser.add_argument("--jobs", type=int, default=2, help="plancheck check --jobs")
    parser.add_argument("--defect-rate", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dir", type=Path, default=None, help="work folder (default: a new temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the corpora, caches and reports")
    parser.add_argument("--shacl", action="store_true", help="also run the six-rule comparison with pySHACL")
    parser.add_argument("--shacl-timeout", type=float, default=300, help="seconds before pySHACL is given up")
    parser.add_argument("--city", action="store_true", help="also time one city (plans/azumino), cold and cached")
    parser.add_argument("--floor", type=Path, default=None, help=argparse.SUPPRESS)  # internal: the floor process
    args = parser.parse_args()
    if args.floor is not None:
        floor(args.floor)
        return

    options = check_options()
    missing = [name for name, present in options.items() if not present]
    if missing:
        print(f"note: this plancheck has no {', '.join(missing)}: measuring without "
              f"{'them' if len(missing) > 1 else 'it'} (cold runs use a fresh cache folder if possible)")
    work = args.dir or Path(tempfile.mkdtemp(prefix="plancheck-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        if args.city:
            print(one_city(work, args), flush=True)
        for n in (int(x) for x in args.sizes.split(",") if x.strip()):
            results.append(bench_size(n, work, args, options))
            print(table(results[-1:]).splitlines()[1], flush=True)
    finally:
        if args.dir is None and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nmedian of {args.repeat} runs; plancheck check --jobs {args.jobs}; defect rate {args.defect_rate}, "
          f"seed {args.seed}; peak MB = largest process of a cold check (main or worker)")
    print(table(results))
    for r in results:
        if r.detail:
            print(f"N={r.n}: {r.detail}")


if __name__ == "__main__":
    main()
