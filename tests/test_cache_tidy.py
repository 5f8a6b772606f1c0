"""The cache keeps what checks use (ParseCache.tidy): entries no check used for UNUSED_DAYS go,
looked for at most once a day, a hit renews an entry; nothing else in the folder is touched."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from checker import api
from checker.load.cache import SUFFIX, SWEPT, UNUSED_DAYS, ParseCache
from tests.cache_fixtures import city, user_cache  # noqa: F401  (fixtures)
from tests.conftest import AS_OF

DAY = 24 * 3600


def _age(path: Path, days: float) -> None:
    then = time.time() - days * DAY
    os.utime(path, (then, then), follow_symlinks=False)


def _entries(folder: Path) -> set[str]:
    return {p.name for p in folder.glob(f"*{SUFFIX}")}


def test_entries_unused_for_a_month_go_and_the_rest_stays(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cache = ParseCache(folder)
    for name, days in [("old", UNUSED_DAYS + 1), ("recent", UNUSED_DAYS - 1)]:
        (folder / f"{name}{SUFFIX}").write_bytes(b"x")
        _age(folder / f"{name}{SUFFIX}", days)
    (folder / ".abc.tmp").write_bytes(b"half written")  # left by a run that was killed
    _age(folder / ".abc.tmp", UNUSED_DAYS + 1)
    (folder / "notes.txt").write_bytes(b"not ours")  # a name the cache never writes
    _age(folder / "notes.txt", UNUSED_DAYS + 1)
    outside = tmp_path / "outside.entry"  # a link named like an entry: neither it nor its target goes
    outside.write_bytes(b"y")
    _age(outside, UNUSED_DAYS + 1)
    (folder / f"link{SUFFIX}").symlink_to(outside)
    _age(folder / f"link{SUFFIX}", UNUSED_DAYS + 1)

    assert cache.tidy() == 2
    assert _entries(folder) == {f"recent{SUFFIX}", f"link{SUFFIX}"}
    assert not (folder / ".abc.tmp").exists() and (folder / "notes.txt").exists() and outside.exists()


def test_the_folder_is_looked_at_once_a_day(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cache = ParseCache(folder)
    cache.tidy()
    (folder / f"old{SUFFIX}").write_bytes(b"x")
    _age(folder / f"old{SUFFIX}", UNUSED_DAYS + 1)
    assert cache.tidy() == 0 and _entries(folder) == {f"old{SUFFIX}"}  # swept an instant ago
    _age(folder / SWEPT, 1.5)
    assert cache.tidy() == 1 and _entries(folder) == set()


def test_a_stamp_that_is_a_link_stops_the_sweep(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cache = ParseCache(folder)
    target = tmp_path / "target"
    target.write_bytes(b"")
    _age(target, 3)
    (folder / SWEPT).symlink_to(target)
    (folder / f"old{SUFFIX}").write_bytes(b"x")
    _age(folder / f"old{SUFFIX}", UNUSED_DAYS + 1)
    assert cache.tidy() == 0 and _entries(folder) == {f"old{SUFFIX}"}
    assert target.stat().st_mtime < time.time() - 2 * DAY  # nothing written through the link


def test_a_check_renews_what_it_uses_and_sweeps_the_rest(city: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    first = api.check([city], as_of=AS_OF, cache=ParseCache(folder))
    written = _entries(folder)
    assert len(written) > 2
    for name in written:
        _age(folder / name, UNUSED_DAYS + 1)
    _age(folder / SWEPT, 0.5)  # swept today: this check only reads
    cache = ParseCache(folder)
    assert api.check([city], as_of=AS_OF, cache=cache) == first and cache.report_hits == 1
    _age(folder / SWEPT, 2)
    cache = ParseCache(folder)
    assert api.check([city], as_of=AS_OF, cache=cache) == first and cache.report_hits == 1
    kept = _entries(folder)
    assert 0 < len(kept) < len(written)  # the report and the digests index were used; parse entries were not
    cache = ParseCache(folder)
    assert api.check([city], as_of=AS_OF, cache=cache) == first and cache.report_hits == 1


def test_a_cache_that_cannot_be_used_removes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    (folder / f"old{SUFFIX}").write_bytes(b"x")
    _age(folder / f"old{SUFFIX}", UNUSED_DAYS + 1)
    os.chmod(folder, 0o777)  # writable by others: refused, so never swept either
    try:
        cache = ParseCache(folder)
        assert cache.disabled_reason and cache.tidy() == 0 and _entries(folder) == {f"old{SUFFIX}"}
    finally:
        os.chmod(folder, 0o700)


def test_over_the_size_limit_the_least_recently_used_go_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANCHECK_CACHE_MB", "1")
    folder = tmp_path / "cache"
    cache = ParseCache(folder)
    for n in range(6):  # 6 × 300 KB, used 6 … 1 days ago: 1.8 MB against a limit of 1 MB
        (folder / f"e{n}{SUFFIX}").write_bytes(b"x" * 300_000)
        _age(folder / f"e{n}{SUFFIX}", 6 - n)
    assert cache.tidy() == 4  # down to 80% of the limit: the two used last stay
    assert _entries(folder) == {f"e4{SUFFIX}", f"e5{SUFFIX}"}


@pytest.mark.parametrize("setting", ["", "lots", "-5", "1.5"])
def test_a_size_limit_that_is_not_a_whole_number_is_the_default(setting: str, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANCHECK_CACHE_MB", setting)
    folder = tmp_path / "cache"
    cache = ParseCache(folder)
    (folder / f"e{SUFFIX}").write_bytes(b"x" * 300_000)
    assert cache.tidy() == 0 and _entries(folder) == {f"e{SUFFIX}"}
