"""Where the bundled rule packs and plans live: inside the installed package (checker/_data),
or at the top of the source tree when running from a checkout or an editable install."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def data_root() -> Path:
    packaged = Path(__file__).parent / "_data"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent


def plans_dir() -> Path:
    return data_root() / "plans"


def rules_dir() -> Path:
    return data_root() / "rules"
