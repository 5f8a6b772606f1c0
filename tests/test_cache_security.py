"""The cache is data, not code: nothing in it can run code, entries are bound to the user who
wrote them and to their key, an untrusted folder is not used, nothing is written through a link,
and every failure only costs speed (docs/security.md, "The cache")."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, strategies as st

from checker import api, resources
from checker.load import load_documents
from checker.load import cache as cache_module
from checker.load.cache import ParseCache
from checker.load.documents import ParsedFile, discover, display_path, parse_file
from checker.load.limits import DEFAULT_LIMITS
from cli import main
from tests.conftest import AS_OF, ROOT

OPTIONS = (f"True{DEFAULT_LIMITS!r}", f"False{DEFAULT_LIMITS!r}")  # reference_only, limits (parse keys)


def _sha(file: Path) -> str:
    """The digest of a file's bytes, as the loader takes it for a parse entry's key."""
    return hashlib.sha256(file.read_bytes()).hexdigest()


@pytest.fixture(autouse=True)
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user cache folder of these tests: never ~/.cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "plancheck"


def _city(folder: Path, slug: str = "azumino", name: str = "安曇野市") -> Path:
    """The bundled Azumino plans as one municipality `slug`."""
    shutil.copytree(ROOT / "plans" / "azumino", folder)
    for file in folder.glob("*.yaml"):
        file.write_text(file.read_text(encoding="utf-8").replace("azumino/", f"{slug}/").replace("安曇野市", name),
                        encoding="utf-8")
    return folder


def _check(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", *args, "--as-of", AS_OF.isoformat(), "--jobs", "1"])


def _report(plans: Path, out: Path, *args: str) -> tuple[int, Any, str]:
    """(exit code, the JSON report without its file list, stderr) of checking `plans`."""
    result = _check(str(plans), "--format", "json", "--output", str(out), *args)
    data = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
    out.unlink(missing_ok=True)
    return result.exit_code, data, result.stderr


def _entries(folder: Path) -> list[Path]:
    """The entries of a cache folder (not its key)."""
    return sorted(p for p in folder.iterdir() if p.name not in ("secret.key", ".gitignore"))


class _Evil:
    """A pickle that creates a marker file when it is loaded."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> Any:
        return (open, (str(self.marker), "w"))


def _plant(folder: Path, files: list[Path], payload: bytes, suffixes: tuple[str, ...]) -> None:
    """`payload` under every parse key of `files` (the keys are public: version, shown path,
    options, bytes), as the old cache and the new one would name the entries."""
    folder.mkdir(parents=True, exist_ok=True)
    keys = ParseCache(folder.parent / f"{folder.name}-keys")
    for file in files:
        for options in OPTIONS:
            key = keys.key(display_path(file), _sha(file), options)
            for suffix in suffixes:
                (folder / f"{key}{suffix}").write_bytes(payload)


def test_a_planted_pickle_never_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user_cache: Path) -> None:
    work = tmp_path / "work"
    plans = _city(work / "plans")
    monkeypatch.chdir(work)
    marker = tmp_path / "pwned"
    evil = pickle.dumps((_Evil(marker), []))
    files = discover([plans]) + discover([resources.plans_dir()])  # the bundled ones have the same keys everywhere
    _plant(work / ".plancheck_cache", files, evil, (".pickle",))  # shipped with the plans (the old location)
    _plant(user_cache, files, evil, (".pickle", ".entry", ".json"))  # planted in the user's cache folder
    _plant(work / "here", files, evil, (".pickle", ".entry", ".json"))
    cold = _report(plans, tmp_path / "r.json", "--no-cache")
    assert cold[0] == 1 and cold[1]["violations"]
    for args in ([], [], ["--cache-dir", "here"], ["--cache-dir", "here"]):  # the second of each is warm
        assert _report(plans, tmp_path / "r.json", *args)[:2] == cold[:2]
        assert not marker.exists()


def _broken_and_good(folder: Path) -> tuple[Path, Path]:
    """A plan file with an input error (no kind) and a well-formed one."""
    folder.mkdir(parents=True)
    good = _city(folder / "good") / "strategy-2.yaml"
    broken = folder / "broken.yaml"
    broken.write_text("id: x/strategy\ntitle: 壊れた計画\n", encoding="utf-8")
    return broken, good


def test_a_planted_entry_cannot_make_a_broken_plan_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        user_cache: Path) -> None:
    broken, good = _broken_and_good(tmp_path / "work")
    monkeypatch.chdir(tmp_path / "work")
    args = ("--fail-on", "never", "--no-reference")
    assert _report(broken, tmp_path / "r.json", "--no-cache", *args)[0] == 2  # INPUT-003
    # the good file's parsed data, planted under the broken file's key in the old location
    shown = display_path(broken)
    forged = ParsedFile(shown, parse_file(good).documents)
    _plant(tmp_path / "work" / ".plancheck_cache", [broken], pickle.dumps((forged, [])), (".pickle",))
    code, data, _ = _report(broken, tmp_path / "r.json", *args)
    assert code == 2 and [v["rule"] for v in data["violations"]] == ["INPUT-003"]


def _foreign_cache(monkeypatch: pytest.MonkeyPatch, folder: Path) -> ParseCache:
    """A cache of another user: its own home, so its own key (the key lives in the user's home cache)."""
    with monkeypatch.context() as other:
        other.setenv("XDG_CACHE_HOME", str(folder.parent / f"{folder.name}-home"))
        return ParseCache(folder)


def test_a_cache_dir_from_an_archive_brings_no_usable_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          user_cache: Path) -> None:
    """A --cache-dir unpacked from someone's archive, with their secret.key and entries signed by
    it, owned by this user after unpacking: its key is never used, so its entries are misses."""
    broken, good = _broken_and_good(tmp_path / "work")
    monkeypatch.chdir(tmp_path / "work")
    shipped = tmp_path / "work" / ".plancheck_cache"
    attacker = _foreign_cache(monkeypatch, shipped)
    forged = parse_file(good)
    key = attacker.key(display_path(broken), _sha(broken), OPTIONS[1])
    attacker.put(key, ParsedFile(display_path(broken), forged.documents, forged.errors), broken.parent)
    shutil.copy(tmp_path / "work" / ".plancheck_cache-home" / "plancheck" / "secret.key", shipped / "secret.key")
    code, data, _ = _report(broken, tmp_path / "r.json", "--fail-on", "never", "--no-reference",
                            "--cache-dir", str(shipped))
    assert code == 2 and [v["rule"] for v in data["violations"]] == ["INPUT-003"]


def test_an_entry_from_another_users_cache_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      user_cache: Path) -> None:
    """A well-formed entry made with another key (another user's cache, an attacker's own run)
    and copied into this user's cache folder, under the right key: a miss, never trusted."""
    broken, good = _broken_and_good(tmp_path / "work")
    monkeypatch.chdir(tmp_path / "work")
    args = ("--fail-on", "never", "--no-reference")
    attacker = _foreign_cache(monkeypatch, tmp_path / "attacker")
    forged = parse_file(good)
    key = attacker.key(display_path(broken), _sha(broken), OPTIONS[1])
    attacker.put(key, ParsedFile(display_path(broken), forged.documents, forged.errors), broken.parent)
    assert attacker.get(key, broken.parent) is not None  # the attacker's own cache would take it
    ParseCache()  # the victim's cache folder and key exist
    for entry in _entries(tmp_path / "attacker"):
        shutil.copy(entry, user_cache / entry.name)
    code, data, _ = _report(broken, tmp_path / "r.json", *args)
    assert code == 2 and [v["rule"] for v in data["violations"]] == ["INPUT-003"]
    # the control: the same entry with this user's own HMAC is taken (so the HMAC alone refused it)
    ParseCache().put(key, ParsedFile(display_path(broken), forged.documents, forged.errors), broken.parent)
    assert _report(broken, tmp_path / "r.json", *args)[0] == 0
    # and entries of a whole corpus copied from another user's cache: no hit of either kind
    corpus = tmp_path / "corpus"
    for slug, name in (("north", "北市"), ("south", "南町")):
        _city(corpus / slug, slug, name)
    first = api.check([corpus], as_of=AS_OF, cache=_foreign_cache(monkeypatch, tmp_path / "other"))
    mine = ParseCache(tmp_path / "mine")
    for entry in _entries(tmp_path / "other"):
        shutil.copy(entry, tmp_path / "mine" / entry.name)
    again = api.check([corpus], as_of=AS_OF, cache=mine)
    assert mine.hits == 0 and mine.result_hits == 0 and again.violations == first.violations


def test_an_entry_moved_to_another_key_is_refused(tmp_path: Path) -> None:
    plans = _city(tmp_path / "plans")
    first, second = plans / "strategy-1.yaml", plans / "strategy-2.yaml"
    cache = ParseCache(tmp_path / "cache")
    expected = load_documents([plans], include_reference=False, cache=cache)
    key_of = {f: cache.key(display_path(f), _sha(f), OPTIONS[1]) for f in (first, second)}
    (entry,) = (tmp_path / "cache").glob(f"{key_of[first]}.*")
    (moved,) = (tmp_path / "cache").glob(f"{key_of[second]}.*")
    shutil.copy(entry, moved)  # the first file's data where the second file's belongs
    cache = ParseCache(tmp_path / "cache")
    again = load_documents([plans], include_reference=False, cache=cache)
    assert [d.model for d in again.documents] == [d.model for d in expected.documents]
    assert cache.misses == 1


def _notice(stderr: str) -> bool:
    """The no-cache notice, in the language of the run (--lang ja by default)."""
    return "plancheck: キャッシュを使わずに検査します: " in stderr and "Traceback" not in stderr


def test_a_symlinked_cache_folder_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              user_cache: Path) -> None:
    plans = _city(tmp_path / "plans")
    cold = _report(plans, tmp_path / "r.json", "--no-cache")
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    (tmp_path / "link").symlink_to(real)
    code, data, stderr = _report(plans, tmp_path / "r.json", "--cache-dir", str(tmp_path / "link"))
    assert (code, data) == cold[:2] and _notice(stderr) and "はシンボリックリンクです" in stderr
    assert not any(real.iterdir())
    # the default folder as a link
    user_cache.parent.mkdir(parents=True)
    user_cache.symlink_to(real)
    code, data, stderr = _report(plans, tmp_path / "r.json")
    assert (code, data) == cold[:2] and "はシンボリックリンクです" in stderr and not any(real.iterdir())


def test_a_foreign_or_shared_cache_folder_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plans = _city(tmp_path / "plans")
    cold = _report(plans, tmp_path / "r.json", "--no-cache")
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    code, data, stderr = _report(plans, tmp_path / "r.json", "--cache-dir", str(shared))
    assert (code, data) == cold[:2] and "はほかのユーザーも書き込めます" in stderr and not any(shared.iterdir())
    foreign = tmp_path / "foreign"
    foreign.mkdir(mode=0o700)
    monkeypatch.setattr(cache_module, "_user", lambda: os.getuid() + 1, raising=False)  # as if another user's
    code, data, stderr = _report(plans, tmp_path / "r.json", "--cache-dir", str(foreign))
    assert (code, data) == cold[:2] and "はほかのユーザーのものです" in stderr and not any(foreign.iterdir())
    monkeypatch.setattr(cache_module, "_user", lambda: None)  # Windows: no owners, no mode bits to check
    assert ParseCache(shared).disabled_reason is None


def test_a_foreign_or_linked_key_file_disables_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    assert ParseCache(folder).disabled_reason is None
    key = cache_module.default_dir() / "secret.key"  # the key lives in the user's own cache folder
    assert not (folder / "secret.key").exists()
    assert key.stat().st_mode & 0o777 == 0o600
    key.chmod(0o644)
    assert "read by other users" in str(ParseCache(folder).disabled_reason)
    key.chmod(0o600)
    with monkeypatch.context() as other:
        other.setattr(cache_module, "_user", lambda: os.getuid() + 1)
        assert "another user" in str(ParseCache(folder).disabled_reason)
    key.unlink()
    (tmp_path / "elsewhere.key").write_bytes(os.urandom(32))
    (tmp_path / "elsewhere.key").chmod(0o600)
    key.symlink_to(tmp_path / "elsewhere.key")
    cache = ParseCache(folder)
    assert "symbolic link" in str(cache.disabled_reason) and cache.get("0" * 64, tmp_path) is None
    key.unlink()
    key.symlink_to(tmp_path / "dangling.key")  # a dangling link is not followed to create a key
    assert "symbolic link" in str(ParseCache(folder).disabled_reason)
    assert not (tmp_path / "dangling.key").exists()


def test_a_dangling_gitignore_link_creates_nothing_outside(tmp_path: Path) -> None:
    plans = _city(tmp_path / "plans")
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    (tmp_path / "outside").mkdir()
    (folder / ".gitignore").symlink_to(tmp_path / "outside" / "created")
    cold = _report(plans, tmp_path / "r.json", "--no-cache")
    assert _report(plans, tmp_path / "r.json", "--cache-dir", str(folder))[:2] == cold[:2]
    assert not (tmp_path / "outside" / "created").exists() and (folder / ".gitignore").is_symlink()
    assert any(p.suffix == ".entry" for p in folder.iterdir())  # the cache itself still works
    fresh = tmp_path / "project" / ".cache"
    ParseCache(fresh)
    assert (fresh / ".gitignore").read_text(encoding="utf-8") == "*\n"


def _read_only(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder made read-only; as root (who may write anyway) writes below it fail as they would."""
    folder.chmod(0o500)
    if os.geteuid() != 0:
        return
    inside = str(folder)

    def refuse(real: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            paths = [str(a) for a in args if isinstance(a, (str, Path))] + [str(kwargs.get("dir", ""))]
            if any(p.startswith(inside) for p in paths):
                raise PermissionError(errno.EACCES, "Permission denied", paths[0])
            return real(*args, **kwargs)
        return call

    import tempfile

    for module, name in ((os, "unlink"), (os, "replace"), (os, "link"), (os, "rename"), (tempfile, "mkstemp")):
        monkeypatch.setattr(module, name, refuse(getattr(module, name)))
    real_open = os.open
    monkeypatch.setattr(os, "open", lambda path, flags, *a, **k: refuse(real_open)(path, flags, *a, **k)
                        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) else real_open(path, flags, *a, **k))


def test_a_read_only_cache_folder_and_an_edited_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plans = _city(tmp_path / "plans")
    folder = tmp_path / "cache"
    assert _report(plans, tmp_path / "r.json", "--cache-dir", str(folder))[0] == 1  # fills the cache
    table = plans / "strategy-1-projects.csv"
    table.write_bytes(table.read_bytes().replace(b",G1-M1,", b",G1-M9,"))  # a project of no measure
    _read_only(folder, monkeypatch)
    try:
        cold = _report(plans, tmp_path / "r.json", "--no-cache")
        code, data, stderr = _report(plans, tmp_path / "r.json", "--cache-dir", str(folder))
        assert (code, data) == cold[:2] and "internal error" not in stderr and "Traceback" not in stderr
        assert not list(folder.glob("*.tmp"))
        # an empty read-only folder: nothing can be stored, the result is the same
        empty = tmp_path / "empty"
        empty.mkdir(mode=0o700)
        _read_only(empty, monkeypatch)
        code, data, stderr = _report(plans, tmp_path / "r.json", "--cache-dir", str(empty))
        assert (code, data) == cold[:2] and "internal error" not in stderr and not list(empty.iterdir())
    finally:
        for made in (folder, tmp_path / "empty"):
            if made.exists():
                made.chmod(0o700)


def test_a_cache_folder_below_a_regular_file(tmp_path: Path) -> None:
    plans = _city(tmp_path / "plans")
    (tmp_path / "file").write_text("not a folder", encoding="utf-8")
    cold = _report(plans, tmp_path / "r.json", "--no-cache")
    for folder in (tmp_path / "file" / "sub", tmp_path / "file"):
        code, data, stderr = _report(plans, tmp_path / "r.json", "--cache-dir", str(folder))
        assert (code, data) == cold[:2] and _notice(stderr), stderr
    assert (tmp_path / "file").read_text(encoding="utf-8") == "not a folder"


def test_a_plancheck_cache_file_in_the_working_folder_is_no_obstacle(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    plans = _city(tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".plancheck_cache").write_text("a file", encoding="utf-8")
    cold = _report(plans, tmp_path / "r.json", "--no-cache")
    assert cold[0] == 1
    assert _report(plans, tmp_path / "r.json")[:2] == cold[:2]
    assert (tmp_path / ".plancheck_cache").read_text(encoding="utf-8") == "a file"


def test_the_default_cache_is_the_users_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     user_cache: Path) -> None:
    plans = _city(tmp_path / "plans")
    monkeypatch.chdir(plans)
    assert _report(plans, tmp_path / "r.json")[0] == 1
    assert any(p.suffix == ".entry" for p in user_cache.iterdir())
    assert not (plans / ".plancheck_cache").exists() and not list(plans.rglob(".gitignore"))
    assert user_cache.stat().st_mode & 0o777 == 0o700 and (user_cache / "secret.key").stat().st_mode & 0o777 == 0o600


def test_a_full_disk_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    for slug, name in (("north", "北市"), ("south", "南町")):
        _city(corpus / slug, slug, name)
    expected = api.check([corpus], as_of=AS_OF)
    cache = ParseCache(tmp_path / "cache")
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name: str) -> Any:
            return getattr(self.handle, name)

        def __enter__(self) -> "Full":
            return self

        def __exit__(self, *exc: Any) -> None:
            self.handle.close()

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: Full(real_fdopen(fd, *a, **k)))
    assert api.check([corpus], as_of=AS_OF, cache=cache).violations == expected.violations
    assert not [p for p in (tmp_path / "cache").iterdir() if p.suffix == ".tmp" or ".tmp" in p.name]
    assert not [p for p in (tmp_path / "cache").iterdir() if p.suffix in (".entry", ".pickle")]


def test_damaged_entries_are_misses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plans = _city(tmp_path / "plans")
    folder = tmp_path / "cache"
    expected = load_documents([plans], cache=ParseCache(folder))
    entries = [p for p in folder.iterdir() if p.suffix == ".entry"]
    damages = [
        lambda raw: raw[: len(raw) // 2],  # truncated
        lambda raw: raw[:-2] + bytes([raw[-2] ^ 1]) + raw[-1:],  # one bit changed
        lambda raw: b"",
        lambda raw: b"\x80\x04garbage",
        lambda raw: raw.replace(b"\n", b"", 1),
    ]
    for damage in damages:
        for entry in entries:
            entry.write_bytes(damage(entry.read_bytes()))
        cache = ParseCache(folder)
        again = load_documents([plans], cache=cache)
        assert cache.hits == 0 and again.errors == expected.errors
        assert [d.model for d in again.documents] == [d.model for d in expected.documents]
    # entries of another format version: misses
    monkeypatch.setattr(cache_module, "FORMAT", b"plancheck-cache-0")
    load_documents([plans], cache=ParseCache(folder))
    monkeypatch.undo()
    cache = ParseCache(folder)
    load_documents([plans], cache=cache)
    assert cache.hits == 0
    cache = ParseCache(folder)
    load_documents([plans], cache=cache)
    assert cache.misses == 0  # rebuilt


def test_a_repointed_table_folder_gives_the_fresh_result(tmp_path: Path) -> None:
    """tables -> v1 becomes tables -> v2: the cached entry of v1 is not reused."""
    corpus = tmp_path / "corpus"
    for slug, name in (("north", "北市"), ("south", "南町")):
        city = _city(corpus / slug, slug, name)
        for version in ("v1", "v2"):
            (city / version).mkdir()
            shutil.copy(city / "strategy-1-projects.csv", city / version / "strategy-1-projects.csv")
        v2 = city / "v2" / "strategy-1-projects.csv"
        v2.write_bytes(v2.read_bytes().replace(b",G1-M1,", b",G1-M9,"))  # a project of no measure
        (city / "tables").symlink_to("v1")
        strategy = city / "strategy-1.yaml"
        strategy.write_text(strategy.read_text(encoding="utf-8").replace("{table: strategy-1-projects.csv}",
                                                                         "{table: tables/strategy-1-projects.csv}"),
                            encoding="utf-8")
    one = corpus / "north"  # one municipality: the parse cache; two: the result cache too
    for paths in ([one], [corpus]):
        folder = tmp_path / f"cache-{len(paths[0].parts)}"
        for city in (corpus / "north", corpus / "south"):
            (city / "tables").unlink()
            (city / "tables").symlink_to("v1")
        v1 = api.check(paths, as_of=AS_OF, cache=ParseCache(folder))
        assert api.check(paths, as_of=AS_OF, cache=ParseCache(folder)).violations == v1.violations
        for city in (corpus / "north", corpus / "south"):
            (city / "tables").unlink()
            (city / "tables").symlink_to("v2")
        fresh = api.check(paths, as_of=AS_OF)
        assert fresh.violations != v1.violations
        assert api.check(paths, as_of=AS_OF, cache=ParseCache(folder)).violations == fresh.violations
        assert load_documents(paths, cache=ParseCache(folder)).documents == load_documents(paths).documents


# --- the entries' codecs ---------------------------------------------------------------------------

def _plain() -> st.SearchStrategy[Any]:
    scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                                            max_size=4), max_leaves=20)


_PATHS = st.lists(st.text(max_size=6) | st.integers(0, 50), max_size=5).map(tuple)
_OPT_TEXT = st.none() | st.text(max_size=8)


def _input_errors() -> st.SearchStrategy[Any]:
    from checker.load.errors import InputError

    return st.builds(InputError, st.text(max_size=9), st.text(max_size=9), st.none() | st.integers(), _OPT_TEXT,
                     st.text(max_size=9), st.text(max_size=9), st.text(max_size=9), st.text(max_size=9))


def _parsed_files() -> st.SearchStrategy[ParsedFile]:
    from checker.load.tables import TableSource

    source = st.builds(TableSource, st.text(max_size=9), st.dictionaries(st.text(max_size=5), st.text(max_size=5)),
                       st.text(max_size=9), st.text(max_size=9))
    document = st.tuples(_plain(), st.dictionaries(_PATHS, st.integers(1, 10**6), max_size=8),
                         st.dictionaries(_PATHS, source, max_size=3))
    return st.builds(ParsedFile, st.text(max_size=9), st.lists(document, max_size=3).map(tuple),
                     st.lists(_input_errors(), max_size=3).map(tuple),
                     st.lists(st.tuples(st.text(max_size=9), st.text(max_size=9)), max_size=3).map(tuple))


def _checked() -> st.SearchStrategy[Any]:
    from checker.report import Checked, DocumentInfo, Violation, WaiverInfo

    waiver = st.builds(WaiverInfo, st.text(max_size=5), st.text(max_size=5), _OPT_TEXT, st.text(max_size=5),
                       st.none() | st.integers())
    violation = st.builds(
        Violation, st.text(max_size=5), st.text(max_size=5), st.text(max_size=5),
        st.sampled_from(["error", "warning", "info"]), st.text(max_size=5), st.lists(st.text(max_size=5)).map(tuple),
        st.text(max_size=5), st.none() | st.integers(), _OPT_TEXT,
        st.fixed_dictionaries({"ja": st.text(max_size=5), "en": st.text(max_size=5)}),
        st.dictionaries(st.text(max_size=5), _plain(), max_size=3), _OPT_TEXT, _OPT_TEXT, st.none() | waiver,
        st.booleans(), _OPT_TEXT, st.booleans())
    document = st.builds(DocumentInfo, st.text(max_size=5), st.text(max_size=5), st.text(max_size=5),
                         st.text(max_size=5), st.booleans(), st.text(max_size=5), st.text(max_size=5),
                         st.text(max_size=5), st.text(max_size=5), st.text(max_size=5), st.text(max_size=5))
    member = st.tuples(st.text(max_size=5), st.text(max_size=5), st.frozensets(st.text(max_size=5), max_size=3))
    table = st.tuples(st.text(max_size=5), st.text(max_size=5), st.text(max_size=5))
    return st.builds(Checked, st.lists(violation, max_size=3).map(tuple), st.lists(document, max_size=3).map(tuple),
                     st.lists(member, max_size=3).map(tuple), st.lists(_input_errors(), max_size=2).map(tuple),
                     tables=st.lists(table, max_size=3).map(tuple))


def _through_json(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False))


@given(_parsed_files())
def test_parsed_files_round_trip(parsed: ParsedFile) -> None:
    from checker.load.cache_codec import decode_parsed, encode_parsed

    assert decode_parsed(_through_json(encode_parsed(parsed))) == parsed


@given(_checked())
def test_checked_units_round_trip(checked: Any) -> None:
    from checker.load.cache_codec import decode_checked, encode_checked

    assert decode_checked(_through_json(encode_checked(checked))) == checked


def test_every_bundled_file_round_trips() -> None:
    from checker.load.cache_codec import decode_parsed, encode_parsed

    for file in discover([resources.plans_dir(), ROOT / "plans"]):
        parsed = parse_file(file)
        assert decode_parsed(_through_json(encode_parsed(parsed))) == parsed


@given(st.one_of(_plain(), _parsed_files().map(lambda p: _mutate(p))))
def test_decoders_refuse_any_other_shape_as_malformed(value: Any) -> None:
    from checker.load.cache_codec import Malformed, decode_checked, decode_parsed

    for decode in (decode_parsed, decode_checked):
        try:
            decode(value)
        except Malformed:
            pass


def _mutate(parsed: ParsedFile) -> Any:
    from checker.load.cache_codec import encode_parsed

    data = _through_json(encode_parsed(parsed))
    for document in data["documents"]:
        document[2] = [True for _ in document[2]]  # line numbers that are not numbers
        document[1] = [{"a": 1} for _ in document[1]]
    data["errors"] = [e[:3] for e in data["errors"]]
    return data


def test_malformed_shapes_are_refused() -> None:
    from checker.load.cache_codec import Malformed, decode_checked, decode_parsed, encode_parsed

    good = _through_json(encode_parsed(parse_file(ROOT / "plans" / "azumino" / "strategy-1.yaml")))
    bad = [
        {**good, "extra": 1},
        {**good, "shown": 3},
        {**good, "documents": [[{}, [["a"]], [True], []]]},
        {**good, "documents": [[{}, [["a", 1.5]], [3], []]]},
        {**good, "documents": [[{}, [], [], [[["projects"], "f", {"id": 1}, ""]]]]},
        {**good, "errors": [["INPUT-001", "f", "1", None, "", "", "", ""]]},
        {**good, "dependencies": [None]},
        {**good, "dependencies": [["kpi.csv"]]},  # a table without the digest of what was read
    ]
    for value in bad:
        with pytest.raises(Malformed):
            decode_parsed(value)
    with pytest.raises(Malformed):
        decode_checked({"violations": [{"rule": "X"}], "documents": [], "members": [], "errors": []})
