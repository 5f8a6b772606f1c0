"""Benchmark: where the time of `plancheck check` goes on the bundled plans.

Run: .venv/bin/python bench/bench_check.py [--repeat N]
Prints the median of N runs of each stage, the libyaml parse floor of the same files, and the
wall time of the whole command (a fresh interpreter, imports included). Not run by the tests.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    import yaml

    from checker import api
    from checker.engine import evaluate
    from checker.graph import build_graph
    from checker.load import load_documents
    from checker.load.documents import discover
    from checker.rules import catalogue

    plans = [ROOT / "plans"]
    files = discover(plans)
    texts = [f.read_text(encoding="utf-8") for f in files]
    rules = catalogue()
    docs = load_documents(plans).documents
    graph = build_graph(docs)
    as_of = dt.date(2026, 11, 27)

    rows = [
        ("libyaml parse floor (CSafeLoader.load)", lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts]),
        ("load + validate documents", lambda: load_documents(plans)),
        ("build graph", lambda: build_graph(docs)),
        (f"evaluate {len(rules)} rules", lambda: evaluate(graph, rules, as_of)),
        ("api.check (all of the above)", lambda: api.check(plans, rules=rules, as_of=as_of)),
    ]
    print(f"{len(files)} files, {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges; "
          f"median of {args.repeat} runs")
    for name, fn in rows:
        print(f"  {name:<42} {median_time(fn, args.repeat) * 1000:8.2f} ms")

    cli = [str(ROOT / ".venv" / "bin" / "plancheck"), "check", "--as-of", "2026-11-27", "--format", "json",
           "--output", "/dev/null"]
    if Path(cli[0]).exists():
        wall = median_time(lambda: subprocess.run(cli, capture_output=True), max(3, args.repeat // 4))
        print(f"  {'plancheck check (fresh process, wall)':<42} {wall * 1000:8.2f} ms")
        imports = [sys.executable, "-X", "importtime", "-c", "import cli, checker.api"]
        out = subprocess.run(imports, capture_output=True, text=True, cwd=ROOT).stderr.splitlines()
        heavy = [l for l in out if any(m in l for m in ("pandas", "pandera", "graphviz", "openpyxl"))]
        print(f"  heavy modules imported by the CLI: {len(heavy)} (pandas, pandera, graphviz, openpyxl)")


if __name__ == "__main__":
    main()
