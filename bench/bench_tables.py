"""Benchmark: loading a plan whose projects and indicators sit in 1,000-row tables.

Run: .venv/bin/python bench/bench_tables.py [--rows N] [--repeat R]
Not run by the tests. Prints the median load time for CSV and XLSX tables of N rows each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from checker.load import read_documents  # noqa: E402
from checker.load.tables import SPECS  # noqa: E402
from checker.workflows.scaffold import Sheet, write_workbook  # noqa: E402

STRATEGY = """kind: municipal_strategy
id: bench/strategy
title: ベンチ市総合戦略
municipality: ベンチ市
prefecture: 長野県
period: {{from: R2, to: R6}}
goals:
  - {{id: G1, title: 目標, measures: [{{id: G1-M1, title: 施策}}]}}
projects: {{table: projects.{ext}{sheet_p}}}
indicators: {{table: indicators.{ext}{sheet_i}}}
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    projects = [{"id": f"P-{i:05}", "title": f"事業{i}", "department": "企画課", "measure": "G1-M1"} for i in range(args.rows)]
    indicators = [{"id": f"K-{i:05}", "kind": "KPI", "title": f"指標{i}", "unit": "件", "baseline.year": "R1年度",
                   "baseline.value": i, "target.year": "R6年度", "target.value": i + 10, "direction": "増加",
                   "outcome": "○", "source": "市調べ", "measure": "G1-M1"} for i in range(args.rows)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for ext in ("csv", "xlsx"):
            if ext == "xlsx":
                (folder / "projects.xlsx").write_bytes(write_workbook([Sheet("事業", SPECS["projects"], projects)], [2019, 2024]))
                (folder / "indicators.xlsx").write_bytes(write_workbook([Sheet("指標", SPECS["indicators"], indicators)], [2019, 2024]))
                text = STRATEGY.format(ext=ext, sheet_p=", sheet: 事業", sheet_i=", sheet: 指標")
            else:
                for name, spec, rows in (("projects", SPECS["projects"], projects), ("indicators", SPECS["indicators"], indicators)):
                    lines = [",".join(c.label for c in spec)]
                    lines += [",".join(str(r.get(c.field, "")) for c in spec) for r in rows]
                    (folder / f"{name}.csv").write_text("\n".join(lines), encoding="utf-8")
                text = STRATEGY.format(ext=ext, sheet_p="", sheet_i="")
            (folder / f"strategy-{ext}.yaml").write_text(text, encoding="utf-8")
            read_documents(folder / f"strategy-{ext}.yaml")  # warm imports (pandas, pandera, openpyxl)
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                docs, errors = read_documents(folder / f"strategy-{ext}.yaml")
                times.append(time.perf_counter() - start)
            assert not errors and len(docs[0].model.projects) == args.rows
            print(f"{ext}: 2 tables × {args.rows} rows → {statistics.median(times) * 1000:.0f} ms (median of {args.repeat})")


if __name__ == "__main__":
    main()
