"""The shortcuts of a warm re-check after one edit (brief warm28): plan files found as text, the
real paths of the files from the status the check took already, the tables of stored findings
resolved once per check, findings and reports decoded and written with less work, a JSON report
rendered with the collector paused. Each must give what the slower way gave."""

from __future__ import annotations

import dataclasses
import gc
import operator
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker import api
from checker.load import cache as cache_module
from checker.load import paths
from checker.load.cache import ParseCache, _text
from checker.load.cache_codec import _DOCUMENT, _document, _row, decode_checked, encode_checked
from checker.report import Checked, DocumentInfo
from checker.reporters import render
from tests.cache_fixtures import city, user_cache  # noqa: F401  (fixtures)
from tests.conftest import AS_OF


# --- discover: plan files found, deduplicated and sorted as text ------------------------------------

def _discover_as_paths(given: list[Path]) -> list[Path]:
    """discover as it was: a set of Paths, sorted by _order (the Windows way, kept in paths.py)."""
    found: set[Path] = set()
    for path in given:
        if path.is_dir():
            paths._scan(path, found, operator.truediv)
        else:
            found.add(path)
    return sorted(found, key=paths._order)


# names whose order differs when compared as whole strings ("-", " ", "!" and "." sort before "/")
_NAMES = ["a.yaml", "a-b/x.yaml", "a/b.yaml", "a b/c.yaml", "a!/d.yaml", "a.b/e.yaml", "a/b/c.yml", "Z.YAML",
          "é/f.yaml", "a/.hidden.yaml", ".git/g.yaml", "env/pyvenv.cfg", "env/h.yaml", "node_modules/i.yaml",
          "sub/notes.txt", "sub/j.yml"]


@pytest.mark.skipif(os.name != "posix", reason="the text way is POSIX's")
def test_discover_in_text_gives_the_paths_of_the_path_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "corpus"
    for name in _NAMES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x: 1\n", encoding="utf-8")
    (root / "linked.yaml").symlink_to(root / "a.yaml")
    (root / "folder").symlink_to(root / "a", target_is_directory=True)  # a link to a folder is not followed
    monkeypatch.chdir(tmp_path)
    for chosen in ([root], [Path("corpus")], [Path(".")], [Path("corpus/a"), Path("corpus")],
                  [Path("corpus/a.yaml"), Path("./corpus/"), Path("corpus/env/h.yaml")], [Path("/") / root.relative_to("/")]):
        found = paths.discover(chosen)
        assert found == _discover_as_paths(chosen)
        assert [os.fspath(p) for p in found] == [os.fspath(p) for p in _discover_as_paths(chosen)]
        assert all(type(p) is type(Path()) for p in found)
        # the names alone (a check whose report is in the cache): each Path's text, in the same order
        assert paths.discover_names(chosen) == [os.fspath(p) for p in found]
    assert "corpus/a-b/x.yaml" in [os.fspath(p) for p in paths.discover([Path("corpus")])]


@settings(max_examples=300)
@given(st.lists(st.lists(st.text(alphabet="ab-./ !é\u3042Z", min_size=1, max_size=4), min_size=1, max_size=4)
                .map("/".join), max_size=30))
def test_text_order_sorts_as_the_parts_do(names: list[str]) -> None:
    assert sorted(set(names), key=paths._text_order) == sorted(set(names), key=lambda n: n.split("/"))


# --- real_paths through the status the check took ----------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_real_paths_through_a_given_lstat(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a" / "x.yaml")
    files = [tmp_path / "a" / "x.yaml", tmp_path / "b.yaml", tmp_path / "missing.yaml"]
    asked: list[str] = []

    def lstat(name: str) -> os.stat_result:
        asked.append(name)
        return os.lstat(name)

    assert paths.real_paths(files, lstat) == paths.real_paths(files)
    assert os.path.realpath(tmp_path / "a" / "x.yaml") in paths.real_paths(files, lstat)
    assert sorted(set(asked)) == sorted(os.fspath(f) for f in files)  # every file's status from the given lstat


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_own_bundled_leaves_out_of_the_bundle_what_every_real_path_would(tmp_path: Path) -> None:
    """own_bundled resolves only the files that are a bundled file (device and inode), and the
    bundle parsed without the user's own copies is the same as with the real paths of all their
    files: a copy (not the bundled file), the file itself, a link to it, its folder through a link,
    a hard link (the same file under another path: not the bundled file's path)."""
    import shutil

    from checker import resources
    from checker.load.parse import own_bundled, parse_bundle

    national = resources.plans_dir() / "national"
    bundled = sorted(national.glob("*.yaml"))[0]
    (tmp_path / "copy").mkdir()
    shutil.copy(bundled, tmp_path / "copy" / bundled.name)  # the same name, not the same file
    (tmp_path / "link.yaml").symlink_to(bundled)
    (tmp_path / "folder").symlink_to(national)
    (tmp_path / "other.yaml").write_text("x: 1\n", encoding="utf-8")
    cases = [[tmp_path / "copy" / bundled.name, tmp_path / "other.yaml"], [bundled], [tmp_path / "link.yaml"],
             [tmp_path / "folder" / bundled.name], [tmp_path / "other.yaml"], [], [tmp_path / "missing.yaml"]]
    try:
        os.link(bundled, tmp_path / "hard.yaml")
        cases.append([tmp_path / "hard.yaml"])
    except OSError:  # another file system than the bundle's
        pass
    for files in cases:
        everything = paths.real_paths(files)
        own = own_bundled(files)
        assert own <= everything
        assert parse_bundle(own) == parse_bundle(everything), files
    assert own_bundled([tmp_path / "other.yaml", tmp_path / "copy" / bundled.name]) == set()  # not resolved
    assert os.path.realpath(bundled) in own_bundled([tmp_path / "link.yaml"])
    assert len(parse_bundle(own_bundled([bundled]))) == len(parse_bundle(set())) - 1


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_display_paths_shows_each_path_as_display_path_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """display_paths finds links through the status given (the split shows ten thousand files)."""
    from checker import resources

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a" / "x.yaml")
    (tmp_path / "n.yaml").symlink_to(sorted((resources.plans_dir() / "national").glob("*.yaml"))[0])
    monkeypatch.chdir(tmp_path)
    files = [Path("a/x.yaml"), Path("b.yaml"), Path("n.yaml"), tmp_path / "b.yaml", Path("missing.yaml"),
             resources.plans_dir() / "national", Path("/elsewhere/y.yaml")]
    asked: list[str] = []

    def lstat(name: str) -> os.stat_result:
        asked.append(name)
        return os.lstat(name)

    shown = paths.display_paths(files, lstat)
    assert shown == [paths.display_path(f) for f in files]
    assert shown[1] == "a/x.yaml" and shown[2].startswith("plans/national/")  # links shown as their targets
    assert sorted(set(asked)) == sorted(os.fspath(f) for f in files)


def test_the_cache_gives_the_status_its_index_took(tmp_path: Path) -> None:
    plan = tmp_path / "p.yaml"
    plan.write_text("x: 1\n", encoding="utf-8")
    cache = ParseCache(tmp_path / "cache")
    cache.file_digests([plan], "scope")
    first = cache.status()(os.fspath(plan))
    plan.write_text("x: 2, y: 3\n", encoding="utf-8")
    assert cache.status()(os.fspath(plan)) is first  # once per check, as the digest
    cache.close_index()
    assert cache.status()(os.fspath(plan)).st_size != first.st_size


# --- the tables of stored findings resolved once per check -----------------------------------------

def test_a_table_is_resolved_once_while_the_index_is_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "t.csv").write_text("a\n1\n", encoding="utf-8")
    calls: list[tuple[str, str]] = []
    real = cache_module._resolved

    def counted(base: Path, name: str, *args: Any) -> tuple[str, str]:
        calls.append((os.fspath(base), name))
        return real(base, name, *args)

    monkeypatch.setattr(cache_module, "_resolved", counted)
    cache = ParseCache(tmp_path / "cache")
    assert cache._resolve(tmp_path, "t.csv") == cache._resolve(tmp_path, "t.csv")
    assert len(calls) == 2  # no index open: each time
    cache.file_digests([tmp_path / "t.csv"], "scope")
    cache._resolve(tmp_path, "t.csv")
    cache._resolve(tmp_path, "t.csv")
    assert len(calls) == 3  # index open: once
    cache.close_index()
    cache.file_digests([tmp_path / "t.csv"], "scope")
    cache._resolve(tmp_path, "t.csv")
    assert len(calls) == 4  # a new check resolves it again (a link may have been re-pointed)


def test_an_edit_after_a_cached_check_gives_the_report_of_no_cache(city: Path, tmp_path: Path) -> None:
    """The table lookups of stored findings and of the report stored share the resolution."""
    folder = tmp_path / "cache"
    api.check([city], as_of=AS_OF, cache=ParseCache(folder))
    strategy = city / "strategy-2.yaml"
    strategy.write_text(strategy.read_text(encoding="utf-8") + "\n# edit\n", encoding="utf-8")
    cached = api.check([city], as_of=AS_OF, cache=ParseCache(folder))
    again = ParseCache(folder)
    assert api.check([city], as_of=AS_OF, cache=again) == cached == api.check([city], as_of=AS_OF)
    assert again.report_hits == 1


# --- decoding: DocumentInfo without its __init__, findings marked cached ---------------------------

_ROW = st.tuples(*(st.booleans() if types == frozenset({bool}) else st.text(max_size=8) for types in _DOCUMENT))


@given(_ROW)
def test_a_document_decoded_equals_the_constructed_one(row: tuple[Any, ...]) -> None:
    decoded = _document(list(row))
    made = DocumentInfo(*row)
    assert decoded == made and vars(decoded) == vars(made) and list(vars(decoded)) == list(vars(made))
    with pytest.raises(dataclasses.FrozenInstanceError):
        decoded.id = "x"  # type: ignore[misc]


def test_document_info_has_plain_fields_only() -> None:
    """What _document relies on: no __post_init__ to run, a __dict__ to fill."""
    assert not hasattr(DocumentInfo, "__post_init__") and not hasattr(DocumentInfo, "__slots__")
    assert [f.name for f in dataclasses.fields(DocumentInfo)] == list(vars(DocumentInfo(*([""] * 4 + [False] + [""] * 6))))


def test_a_bad_document_row_is_malformed() -> None:
    from checker.load.cache_codec import Malformed

    for row in (["a"] * 11, [*(["a"] * 4), False, *(["a"] * 5)], 3):
        with pytest.raises(Malformed):
            _document(row)
    assert _row([*(["a"] * 4), False, *(["a"] * 6)], _DOCUMENT)


def test_stored_findings_come_back_marked_cached(tmp_path: Path) -> None:
    checked = Checked((), (DocumentInfo("d", "k", "t", "f.yaml", False),), (("d", "m", frozenset({"x"})),), ())
    assert decode_checked(json.loads(json.dumps(encode_checked(checked)))) == checked
    assert decode_checked(json.loads(json.dumps(encode_checked(checked))), cached=True) == \
        dataclasses.replace(checked, cached=True)
    cache = ParseCache(tmp_path / "cache")
    cache.put_result("k" * 64, checked, [tmp_path], [])
    hit = cache.get_result("k" * 64, [tmp_path])
    assert hit == dataclasses.replace(checked, cached=True) and hit is not None and hit.cached


# --- entries written by orjson -----------------------------------------------------------------------

_PLAIN = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=300)
@given(_PLAIN)
def test_text_is_what_json_dumps_writes(value: Any) -> None:
    try:
        expected = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    except ValueError:
        return
    assert _text(value) == expected


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_reads_back_the_same(value: float) -> None:
    assert json.loads(_text([value])) == [value]


def test_what_orjson_cannot_write_json_writes_or_refuses() -> None:
    assert _text({"k": 10**30}) == '{"k":1000000000000000000000000000000}'
    with pytest.raises(TypeError):
        _text({"k": Path("x")})
    with pytest.raises(ValueError):  # a name that is not UTF-8: json.dumps writes it, the entry cannot be encoded
        _text({"\udcff": [1]}).encode("utf-8")
    # why only read-back-checked or float-free values use it (json.dumps writes NaN, Infinity)
    assert json.loads(_text([float("nan"), float("inf"), -float("inf")])) == [None, None, None]


@pytest.mark.parametrize("odd", [float("nan"), float("inf")])
def test_a_report_with_a_nan_is_not_stored(tmp_path: Path, odd: float) -> None:
    """orjson writes NaN and infinity as null: the read-back check (_store_same) refuses the report
    (json's NaN it refused too; json's Infinity it stored: such a report is now checked again)."""
    from checker.report import Report, Violation

    violation = Violation("R-1", "n", "f", "error", "s", (), "f.yaml", 1, None, {"ja": "", "en": ""},
                          params={"x": odd})
    report = Report(violations=(violation,), documents=(), rules=(), files=(), as_of="2026-12-01", version="0")
    cache = ParseCache(tmp_path / "cache")
    cache.put_report("k" * 64, report, (), [tmp_path], [], "slot")
    assert cache.get_report("k" * 64, [tmp_path], "slot") is None
    plain = dataclasses.replace(report, violations=(dataclasses.replace(violation, params={"x": 1.5}),))
    cache.put_report("k" * 64, plain, (), [tmp_path], [], "slot")
    assert cache.get_report("k" * 64, [tmp_path], "slot") == (plain, ())


def test_an_index_with_a_name_that_is_not_utf8_is_not_written(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "cache")
    before = set(os.listdir(tmp_path / "cache"))
    cache._store(b"digests", "k" * 64, {"\udcff": [1, 2, 3, 4, "d"]}, [], [], plain=True)
    assert set(os.listdir(tmp_path / "cache")) == before
    cache._store(b"digests", "k" * 64, {"a": [1, 2, 3, 4, "d"]}, [], [], plain=True)
    assert cache._load(b"digests", "k" * 64, []) == {"a": [1, 2, 3, 4, "d"]}


# --- the JSON report rendered with the collector paused ----------------------------------------------

@pytest.mark.parametrize("fmt, paused", [("json", True), ("sarif", True), ("text", False)])
def test_plain_data_reports_render_with_the_collector_paused(fmt: str, paused: bool,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from checker.reporters import FORMATS

    module = importlib.import_module(FORMATS[fmt][0])
    seen: list[bool] = []
    real = module.render

    def spy(report: Any, **extras: Any) -> Any:
        seen.append(gc.isenabled())
        return real(report, **extras)

    monkeypatch.setattr(module, "render", spy)
    report = api.check(as_of=AS_OF)
    assert gc.isenabled()
    text = render(report, fmt, "en")
    assert seen == [not paused] and gc.isenabled()
    monkeypatch.setattr(module, "render", real)
    assert render(report, fmt, "en") == text
    gc.disable()
    try:
        render(report, fmt, "en")
        assert not gc.isenabled()  # a caller's pause is left as it was
    finally:
        gc.enable()


def test_a_failing_render_leaves_the_collector_on(monkeypatch: pytest.MonkeyPatch) -> None:
    import checker.reporters.json as json_reporter

    def boom(report: Any, **extras: Any) -> str:
        raise RuntimeError("boom")

    monkeypatch.setattr(json_reporter, "render", boom)
    with pytest.raises(RuntimeError):
        render(api.check(as_of=AS_OF), "json", "en")
    assert gc.isenabled()


def test_an_entry_that_is_not_read_back_keeps_its_nan(tmp_path: Path) -> None:
    """A parse entry (YAML's .nan) is written by json.dumps: orjson would turn the NaN into null."""
    import math

    cache = ParseCache(tmp_path / "cache")
    cache._store(b"parse", "k" * 64, {"x": float("nan")}, [], [])
    value = cache._load(b"parse", "k" * 64, [])
    assert math.isnan(value["x"])


def test_an_entry_is_read_whole_also_when_it_grew_after_its_size_was_taken(tmp_path: Path) -> None:
    """cache._read_all reads an entry by the size fstat gave; a file longer than that is read to its end."""
    entry = tmp_path / "e"
    for data, size in ((b"", 0), (b"abc", 3), (b"abc" * 700_000, 3), (b"abc" * 700_000, 0)):
        entry.write_bytes(data)
        fd = os.open(entry, os.O_RDONLY)
        try:
            assert cache_module._read_all(fd, size) == data
        finally:
            os.close(fd)
