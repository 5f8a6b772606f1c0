"""Fixtures of the cache tests (imported by them): a user cache folder of their own and a copy
of a bundled city to edit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user cache folder of these tests (it holds the key): never ~/.cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "plancheck"


@pytest.fixture
def city(tmp_path: Path) -> Path:
    """A copy of the bundled Azumino plans (YAML, a CSV and an XLSX table): never edit plans/."""
    return Path(shutil.copytree(ROOT / "plans" / "azumino", tmp_path / "azumino"))
