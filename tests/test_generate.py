"""The synthetic national corpus (checker.workflows.generate): the checker finds exactly the seeded defects
(precision and recall 1.0), every defect kind causes exactly the violations it declares, a smaller
corpus is a byte-identical prefix of a larger one, and generation is deterministic."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker import api
from checker.workflows.generate import DEFECTS, FAMILIES, generate_corpus
from checker.report import Report
from checker.rules import FAMILIES as RULE_FAMILIES
from checker.rules import catalogue

JOBS = min(2, os.cpu_count() or 1)
KINDS = sorted(DEFECTS)
Key = tuple[str, str, str, int | None]  # rule, subject, file (relative to the corpus), line


def _relative(root: Path, file: str) -> str:
    path = Path(file)
    if not path.is_absolute():
        path = Path.cwd() / path
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file


def _check(root: Path) -> tuple[dict[str, Any], Report]:
    expected = json.loads((root / "expected.json").read_text(encoding="utf-8"))
    report = api.check([root], as_of=dt.date.fromisoformat(expected["as_of"]), jobs=JOBS)
    return expected, report


def _found(root: Path, report: Report) -> Counter[Key]:
    return Counter((v.rule, v.subject, _relative(root, v.file), v.line) for v in report.violations)


def _wanted(expected: dict[str, Any]) -> Counter[Key]:
    return Counter((e["rule"], e["subject"], e["file"], e["line"]) for e in expected["violations"])


def _by_municipality(keys: Counter[Key]) -> dict[str, Counter[Key]]:
    """Violations grouped by municipality code (subjects are c<code>/…)."""
    groups: dict[str, Counter[Key]] = {}
    for key, n in keys.items():
        groups.setdefault(key[1].split("/", 1)[0][1:], Counter())[key] += n
    return groups


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], Report]:
    """One municipality per defect kind, checked in one run."""
    root = tmp_path_factory.mktemp("every-kind")
    generate_corpus(root, municipalities=len(KINDS), defect_rate=1.0, seed=11, force_defect=KINDS)
    expected, report = _check(root)
    return root, expected, report


def test_defect_free_corpus_has_no_violation(tmp_path: Path) -> None:
    summary = generate_corpus(tmp_path, municipalities=3, defect_rate=0.0, seed=5)
    expected, report = _check(tmp_path)
    assert summary["defective"] == 0 and expected["violations"] == []
    assert [f"{v.rule} {v.subject} {v.file}:{v.line}" for v in report.violations] == []
    assert len(report.documents) > 3 * 5  # the corpus was read: 5 documents per municipality
    assert expected["as_of"] == summary["as_of"]


def test_defective_corpus_precision_and_recall(tmp_path: Path) -> None:
    summary = generate_corpus(tmp_path, municipalities=5, defect_rate=1.0, seed=2024)
    expected, report = _check(tmp_path)
    assert summary["defective"] == 5 and len(summary["defects"]) >= 3  # several kinds
    assert {(e["rule"], e["subject"]) for e in expected["violations"]} == {(v.rule, v.subject) for v in report.violations}
    assert _found(tmp_path, report) == _wanted(expected)  # with files, lines and multiplicity too
    assert {k: expected[k] for k in ("municipalities", "seed", "defect_rate")} == \
        {"municipalities": 5, "seed": 2024, "defect_rate": 1.0}


@pytest.mark.parametrize("kind", KINDS)
def test_each_defect_causes_exactly_its_violations(every_kind: tuple[Path, dict[str, Any], Report], kind: str) -> None:
    root, expected, report = every_kind
    code = next(e["municipality"] for e in expected["violations"] if e["defect"] == kind)
    wanted = _by_municipality(_wanted(expected))[code]
    found = _by_municipality(_found(root, report)).get(code, Counter())
    assert wanted, f"{kind} declares no violation"
    assert sorted(found.elements()) == sorted(wanted.elements())
    assert {rule for rule, *_ in wanted} <= set(DEFECTS[kind].rules)  # the catalogue names them


def test_every_kind_corpus_has_nothing_else(every_kind: tuple[Path, dict[str, Any], Report]) -> None:
    root, expected, report = every_kind
    assert _found(root, report) == _wanted(expected)
    assert {e["defect"] for e in expected["violations"]} == set(KINDS)


def test_catalogue_covers_every_rule_family() -> None:
    rule_families = {r.family for r in catalogue()}
    assert set(FAMILIES) == rule_families == set(RULE_FAMILIES.values())
    assert {d.family for d in DEFECTS.values()} == rule_families
    for d in DEFECTS.values():  # a defect is filed under the family of a rule it causes
        assert d.family in {RULE_FAMILIES[r.split("-")[0]] for r in d.rules}, d.kind
    per_family = Counter(d.family for d in DEFECTS.values())
    assert min(per_family.values()) >= 2, per_family


def test_smaller_corpus_is_a_prefix_of_a_larger_one(tmp_path: Path) -> None:
    small, large = tmp_path / "small", tmp_path / "large"
    generate_corpus(small, municipalities=2, defect_rate=0.5, seed=3)
    generate_corpus(large, municipalities=4, defect_rate=0.5, seed=3)
    small_files, large_files = _files(small), _files(large)
    del small_files["expected.json"]
    assert small_files and all(large_files.get(name) == data for name, data in small_files.items())
    assert len(large_files) > len(small_files) + 1
    small_expected = json.loads((small / "expected.json").read_text(encoding="utf-8"))["violations"]
    large_expected = json.loads((large / "expected.json").read_text(encoding="utf-8"))["violations"]
    codes = {name.split("/")[1] for name in small_files if not name.startswith("prefectures/")}
    assert small_expected == [e for e in large_expected if e["municipality"] in codes]


def test_generation_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    first = generate_corpus(a, municipalities=3, defect_rate=0.7, seed=9)
    second = generate_corpus(b, municipalities=3, defect_rate=0.7, seed=9)
    assert {k: v for k, v in first.items() if k != "out_dir"} == {k: v for k, v in second.items() if k != "out_dir"}
    assert _files(a) == _files(b)
    c = tmp_path / "c"
    generate_corpus(c, municipalities=3, defect_rate=0.7, seed=10)
    assert _files(a) != _files(c)


def test_cli_prints_the_summary(tmp_path: Path) -> None:
    from cli import main

    result = CliRunner().invoke(main, ["generate", str(tmp_path / "out"), "--municipalities", "2",
                                       "--defect-rate", "0", "--seed", "1"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["municipalities"] == 2 and (tmp_path / "out" / "expected.json").is_file()


def test_unknown_forced_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown defect kind"):
        generate_corpus(tmp_path, municipalities=1, defect_rate=1.0, seed=0, force_defect="no-such-defect")


def test_package_is_cheap_to_import_and_apart_from_the_pipeline() -> None:
    """`plancheck generate` imports checker.workflows.generate lazily: the package loads the standard library only
    (checker.prefectures, fiscal and graph are imported where they are used), and neither the command
    line nor the checking pipeline loads the generator."""
    import subprocess
    import sys

    probe = ("import sys; import {module}; print(sorted(m for m in sys.modules if m.split('.')[0] in "
             "('checker', 'cli', 'pydantic', 'networkx', 'yaml', 'pandas', 'click')))")

    def loaded(module: str) -> list[str]:
        out = subprocess.run([sys.executable, "-c", probe.format(module=module)], capture_output=True, text=True,
                             check=True, cwd=Path(__file__).resolve().parent.parent).stdout
        return list(json.loads(out.replace("'", '"')))

    generator = loaded("checker.workflows.generate")
    assert "checker.workflows.generate.corpus" in generator  # the probe sees the package's own modules
    assert [m for m in generator if m not in ("checker", "checker.workflows") and not m.startswith("checker.workflows.generate")] == []
    pipeline = loaded("cli, checker.api, checker.batch")
    assert "checker.model" in pipeline and not [m for m in pipeline if m.startswith("checker.workflows.generate")]
