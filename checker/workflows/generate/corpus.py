"""Writing the corpus: each municipality built, given its defect if it draws one, rendered to
files with the file and line of every expected violation; the prefectures used; expected.json.
`generate_corpus` is the entry point (`plancheck generate`, bench/bench_national.py, the tests)."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path
from typing import Any, Sequence

from checker.workflows.generate.defects import DEFECTS, kpi_share_ok
from checker.workflows.generate.municipality import build_municipality
from checker.workflows.generate.plan_set import Expect, Municipality
from checker.workflows.generate.pools import MAX_MUNICIPALITIES
from checker.workflows.generate.prefecture import build_prefecture, stand_ins
from checker.workflows.generate.writer import TABLE_COLUMNS, Path_, YamlWriter, csv_bytes, locate

AS_OF = "2026-04-01"  # the date the corpus is checked for (PDCA-002 needs FY2024's review by then)
COMMENT = ("合成データ（plancheck generate）: 実在の自治体・計画ではありません。",
           "Synthetic test data written by plancheck generate; not a real municipality or plan.")


def _resolve(e: Expect, lines: dict[str, dict[Path_, int]], folder: str) -> dict[str, Any]:
    """File and line where the engine reports the expected violation."""
    from checker.graph import DERIVED_KEYS

    if e.file.endswith(".csv"):
        return {"file": f"{folder}/{e.file}", "line": int(e.path[0]) + 2}  # the header is row 1
    file_lines = lines[e.file]
    line: int | None = None
    if e.problem:
        line = locate(file_lines, e.path)
    else:
        if e.key is not None:
            derived = DERIVED_KEYS.get(e.node_type or "", {}).get(e.key)
            for key in derived or (e.key,):
                if e.path + (key,) in file_lines:
                    line = file_lines[e.path + (key,)]
                    break
        if line is None:
            line = locate(file_lines, e.path)
    return {"file": f"{folder}/{e.file}", "line": line}


def render_municipality(m: Municipality) -> tuple[dict[str, bytes], list[dict[str, Any]]]:
    """The files of one municipality (name → bytes) and its expected violations."""
    files: dict[str, bytes] = {}
    lines: dict[str, dict[Path_, int]] = {}
    for name, doc in m.docs.items():
        w = YamlWriter(COMMENT)
        w.mapping(doc)
        files[name] = w.text().encode("utf-8")
        lines[name] = w.lines
    for name, rows in m.tables.items():
        files[name] = csv_bytes(TABLE_COLUMNS[name], rows, m.csv_encoding)
    expected = []
    for e in m.expects:
        where = _resolve(e, lines, m.folder)
        expected.append({"rule": e.rule, "subject": e.subject, "municipality": m.code, "defect": m.defect, **where})
    return files, expected


def render_prefecture(number: int) -> bytes:
    """prefectures/<NN>.yaml: the synthetic strategy, then the stand-ins for the bundled ones."""
    w = YamlWriter(COMMENT)
    w.mapping(build_prefecture(number))
    text = w.text()
    for stand_in in stand_ins(number):  # after the strategy: its lines (in expected.json) stay put
        extra = YamlWriter()
        extra.mapping(stand_in)
        text += "---\n" + extra.text()
    return text.encode("utf-8")


def municipality(index: int, seed: int, defect_rate: float,
                 force_defect: str | Sequence[str] | None = None) -> Municipality:
    """Municipality `index` with its defect, if it draws one (the per-municipality RNG depends on
    seed and index only)."""
    m = build_municipality(index, seed)
    rng = random.Random(f"plancheck-defect:{seed}:{index}")
    if rng.random() < defect_rate:
        if isinstance(force_defect, str):
            kind = force_defect
        elif force_defect:
            kind = force_defect[index % len(force_defect)]
        else:
            kind = rng.choice(sorted(DEFECTS))
        if kind not in DEFECTS:
            raise ValueError(f"unknown defect kind {kind!r}; known: {', '.join(sorted(DEFECTS))}")
        m.defect = kind
        DEFECTS[kind].apply(m, rng)
        if kind != "mostly-output-kpis" and not kpi_share_ok(m):  # pragma: no cover - a generator bug
            raise AssertionError(f"{kind} on municipality {index} lowered the outcome share below KPI-009's bound")
    return m


def generate_corpus(out_dir: Path, *, municipalities: int, defect_rate: float, seed: int,
                    force_defect: str | Sequence[str] | None = None) -> dict[str, Any]:
    """Write the corpus and expected.json under out_dir; return a summary.

    force_defect (for tests): a defect kind given to every municipality that draws a defect, or
    a sequence of kinds given to municipality i as kinds[i % len(kinds)]."""
    if not 0 < municipalities <= MAX_MUNICIPALITIES:
        raise ValueError(f"municipalities must be between 1 and {MAX_MUNICIPALITIES}")
    if not 0.0 <= defect_rate <= 1.0:
        raise ValueError("defect_rate must be between 0 and 1")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    violations: list[dict[str, Any]] = []
    prefectures: set[int] = set()
    kinds: Counter[str] = Counter()
    n_files = n_bytes = 0
    for i in range(municipalities):
        m = municipality(i, seed, defect_rate, force_defect)
        files, expected = render_municipality(m)
        folder = out_dir / m.folder
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)
            n_files += 1
            n_bytes += len(data)
        violations.extend(expected)
        prefectures.add(m.pref)
        if m.defect:
            kinds[m.defect] += 1
    (out_dir / "prefectures").mkdir(exist_ok=True)
    for number in sorted(prefectures):
        data = render_prefecture(number)
        (out_dir / "prefectures" / f"{number:02d}.yaml").write_bytes(data)
        n_files += 1
        n_bytes += len(data)
    expected_doc = {"as_of": AS_OF, "municipalities": municipalities, "seed": seed, "defect_rate": defect_rate,
                    "violations": violations}
    (out_dir / "expected.json").write_text(json.dumps(expected_doc, ensure_ascii=False, indent=1) + "\n",
                                           encoding="utf-8")
    return {"out_dir": str(out_dir), "as_of": AS_OF, "municipalities": municipalities, "prefectures": len(prefectures),
            "seed": seed, "defect_rate": defect_rate, "defective": sum(kinds.values()),
            "defects": dict(sorted(kinds.items())), "expected_violations": len(violations),
            "files": n_files + 1, "bytes": n_bytes}
