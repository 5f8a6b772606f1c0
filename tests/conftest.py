from __future__ import annotations

import datetime as dt
import os
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Keep hypothesis' example database out of the work tree and its runs bounded.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", "/tmp/plancheck-hypothesis")
# Runs that use the cache write to a throwaway folder, never to the user's own cache.
os.environ.setdefault("XDG_CACHE_HOME", "/tmp/plancheck-test-cache")
settings.register_profile("plancheck", deadline=None, max_examples=60)
settings.load_profile("plancheck")

AS_OF = dt.date(2026, 11, 27)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def plans() -> list[Any]:
    """The bundled plans' documents (reference documents and the example cities), loaded once a module."""
    from checker.load import load_documents

    loaded = load_documents([ROOT / "plans"])
    assert loaded.errors == ()
    return list(loaded.documents)


def case_graphs() -> Iterator[Any]:
    """A graph of each golden case file (every rule's pass and fail case)."""
    from checker.graph import build_graph
    from checker.load import load_documents

    for file in sorted((ROOT / "rules" / "cases").glob("*/*.yaml")):
        if file.name != "expected.yaml":
            yield build_graph(load_documents([file], include_reference=False).documents)


@pytest.fixture
def write(tmp_path: Path):
    """write("name.yaml", text) → path, with the text dedented."""

    def _write(name: str, text: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding=encoding)
        return path

    return _write


NATIONAL = """
kind: national_strategy
id: nat/strategy
title: 国の総合戦略
decided: 2019-12-20
period: {from: 2020, to: 2024}
goals:
  - {id: G1, title: 稼ぐ地域をつくる}
  - {id: G2, title: ひとの流れをつくる, aliases: [地方への新しいひとの流れをつくる]}
"""

CITY = """
kind: municipal_strategy
id: city/strategy
title: 例市総合戦略
municipality: 例市
prefecture: 例県
period: {from: R2, to: R6}
adopted: R2-03-20
published: R2-03-27
considers: [nat/strategy]
goals:
  - id: G1
    title: しごとをつくる
    considers: [nat/strategy#G1]
    targets:
      - {id: G1-T1, title: 雇用者数, unit: 人, baseline: {year: R1年度, value: 100}, target: {year: R6年度, value: 150}, direction: increase, source: 統計}
    measures:
      - id: G1-M1
        title: 創業支援
        kpis:
          - {id: G1-M1-K1, title: 創業件数, unit: 件, baseline: {year: R1年度, value: 5}, target: {year: R6年度, value: 10}, source: 市調べ}
        projects:
          - {id: G1-M1-P1, title: 創業塾}
  - id: G2
    title: ひとの流れをつくる
    considers: [nat/strategy#地方への新しいひとの流れをつくる]
    measures:
      - {id: G2-M1, title: 移住相談}
"""
