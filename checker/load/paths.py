"""Which files are plan files, and how a path is shown to the user. Plain functions of the file
system, importing no model: a check whose report is cached uses them without loading the checker."""

from __future__ import annotations

import operator
import os
import stat
import unicodedata
from functools import cache, lru_cache
from pathlib import Path, PurePath
from typing import Callable, Iterable, Sequence, TypeVar

from checker import i18n, resources
from checker.errors import PlancheckError

Found = TypeVar("Found", Path, str)  # a plan file found: a Path, or its text (discover)

PLAN_SUFFIXES = (".yaml", ".yml")
SKIPPED_SHOWN = 10  # YAML files without a plan document named in a notice; beyond that, how many more
PROFILE_NAME = "plancheck.yaml"  # the profile a check reads from the working folder (checker.api.configure)


def display_path(path: Path) -> str:
    """Paths as a user would read them: bundled files as plans/…, others relative to the working
    folder when below it."""
    return _displayed(os.getcwd(), path, os.path.islink(path))


def display_paths(paths: Iterable[Path], lstat: Callable[[str], os.stat_result] = os.lstat) -> list[str]:
    """display_path of each path, each link found through `lstat` (ParseCache.status: the status
    the check took of its files already; a national check shows ten thousand)."""
    cwd = os.getcwd()
    return [_displayed(cwd, path, _is_link(os.fspath(path), lstat)) for path in paths]


def _displayed(cwd: str, path: Path, link: bool) -> str:
    name = os.fspath(path)
    if link:
        return _shown(cwd, os.path.realpath(name), path.as_posix())
    # As path.parent and path.name, in text: a national check shows ten thousand paths.
    folder, base = os.path.split(name)
    folder = folder or "."
    return _shown_folder(cwd, folder, folder.replace(os.sep, "/")) + readable_name(base)


def real_paths(files: Iterable[Path | str], lstat: Callable[[str], os.stat_result] = os.lstat) -> set[str]:
    """The real path of each file (os.path.realpath), each folder resolved once (a national
    corpus has ten thousand files in a few thousand folders), a symbolic link followed. `lstat`:
    os.lstat, or the status the check took of its files already (ParseCache.status)."""
    found = set()
    for file in files:
        name = os.fspath(file)
        if _is_link(name, lstat):
            found.add(os.path.realpath(name))
        else:
            folder, base = os.path.split(name)
            found.add(os.path.join(real_folder(folder or "."), base))
    return found


def _is_link(name: str, lstat: Callable[[str], os.stat_result]) -> bool:
    """os.path.islink(name), through `lstat`."""
    try:
        return stat.S_ISLNK(lstat(name).st_mode)
    except (OSError, ValueError):
        return False


def real_folder(folder: str) -> str:
    """os.path.realpath(folder), each folder resolved once per working folder (to show paths)."""
    return resolve_folder(folder, _resolved_in(os.getcwd()))


def resolve_folder(folder: str, resolved: dict[str, str]) -> str:
    """os.path.realpath(folder) through `resolved` (folder → its real path, filled on the way):
    from its parent's when the folder itself is no link, as realpath would otherwise look at every
    component of every folder of a national corpus again."""
    real = resolved.get(folder)
    if real is None:
        parent, name = os.path.split(folder)
        if os.name != "posix" or name in ("", ".", "..") or os.path.islink(folder):
            real = os.path.realpath(folder)  # Windows also normalises the case of names
        else:
            real = os.path.join(resolve_folder(parent or ".", resolved), name)
        resolved[folder] = real
    return real


@cache
def _resolved_in(cwd: str) -> dict[str, str]:
    """The folders resolved to show paths, for a working folder (relative ones depend on it)."""
    return {}


def below(path: str, base: str) -> str | None:
    """A real path relative to a real folder, in / form ("." for the folder itself); None when it
    is not below it. As Path.relative_to, in text on POSIX (real paths are normalised there)."""
    if os.name != "posix":
        try:
            return PurePath(path).relative_to(base).as_posix()
        except ValueError:
            return None
    if path == base:
        return "."
    prefix = base if base.endswith("/") else base + "/"
    return path[len(prefix):] if path.startswith(prefix) else None


def _shown(cwd: str, real: str, given: str) -> str:
    for base in _display_bases(cwd):
        relative = below(real, base)
        if relative is not None:
            return readable_name(relative)
    return readable_name(given)


@lru_cache(maxsize=1 << 16)
def _shown_folder(cwd: str, folder: str, given: str) -> str:
    """How the files of one folder are shown, up to their names ("" for the working folder)."""
    shown = _shown(cwd, resolve_folder(folder, _resolved_in(cwd)), given)
    return "" if shown == "." else shown if shown.endswith("/") else shown + "/"


@cache
def _display_bases(cwd: str) -> tuple[str, str]:
    return os.path.realpath(resources.data_root()), os.path.realpath(cwd)


def readable_name(name: str) -> str:
    """A file name as text every output can hold. Names that are not UTF-8 reach Python as lone
    surrogates (os.fsdecode), which no encoder accepts; zips made on Windows carry CP932 names,
    so those are read as CP932, anything else shows its bytes as \\xNN."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        text = raw.decode("cp932")
        if not any(unicodedata.category(c) in ("Co", "Cc") for c in text):  # CP932 maps stray bytes to private use
            return text
    except UnicodeDecodeError:
        pass
    return raw.decode("utf-8", "backslashreplace")


def is_plan_name(path: Path) -> bool:
    """A name a plan file may have: .yaml or .yml in any case (Windows users write STRATEGY.YAML),
    not hidden (.pre-commit-config.yaml is some tool's settings)."""
    return _plan_name(path.name)


def _plan_name(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in PLAN_SUFFIXES and not name.startswith(".")


# Folders of a plan folder that hold no plans: tools' own (.git, .venv …: hidden), caches, and
# virtual environments under any name (they hold pyvenv.cfg). A folder named explicitly is read.
NOT_PLAN_FOLDERS = frozenset({"__pycache__", "node_modules", "site-packages"})


def _plan_folder(entry: os.DirEntry[str]) -> bool:
    return not (entry.name.startswith(".") or entry.name in NOT_PLAN_FOLDERS or
                os.path.exists(os.path.join(entry.path, "pyvenv.cfg")))


def discover(paths: Iterable[Path]) -> list[Path]:
    """Plan files under the given files/folders, sorted so results never depend on listing order.
    Inside a folder: the files with a plan file's name (is_plan_name), in folders that may hold
    plans (_plan_folder; symbolic links to folders are not followed); a file named explicitly is
    always read, whatever its name."""
    if os.name != "posix":  # Paths compare without case there: the set of Paths does
        found: set[Path] = set()
        for path in paths:
            if path.is_dir():
                _scan(path, found, operator.truediv)
            else:
                found.add(path)
        return sorted(found, key=_order)
    return [Path(name) for name in discover_names(paths)]


def discover_names(paths: Iterable[Path]) -> list[str]:
    """discover(paths), each file as its Path's text (os.fspath), without making the Paths where
    that can be helped: a check whose report is in the cache needs only the names, and making ten
    thousand Paths and their text again is a fifth of it."""
    if os.name != "posix":
        return [os.fspath(path) for path in discover(paths)]
    # On POSIX a Path is its text (normalised, compared as such): the files are found,
    # deduplicated and sorted as text (_join_text gives a Path's text).
    names: set[str] = set()
    for path in paths:
        if path.is_dir():
            _scan(os.fspath(path), names, _join_text)
        else:
            names.add(os.fspath(path))
    return sorted(names, key=_text_order)


def _text_order(name: str) -> str:
    """_order of a path given as text (POSIX: no case folding), as one string: the separator
    becomes NUL, which no name holds and every other character sorts after, so the strings sort
    as the lists of their parts do."""
    return name.replace(os.sep, "\0")


def _order(path: Path) -> list[str]:
    """The order of Paths (part by part; without case on Windows), compared as text: sorting ten
    thousand Path objects compares their parts in Python."""
    return os.path.normcase(os.fspath(path)).split(os.sep)


def _scan(folder: Found, found: set[Found], join: Callable[[Found, str], Found]) -> None:
    """The plan files below a folder, as os.walk would list them (a folder that cannot be read is
    passed over), each as join(its folder, its name) gives it (a Path, or its text): the type of
    an entry comes with the listing, and a national corpus has tens of thousands of files."""
    stack = [folder]
    while stack:
        here = stack.pop()
        try:
            with os.scandir(here) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if _plan_folder(entry):
                    stack.append(join(here, entry.name))
            elif _plan_name(entry.name) and _is_file(entry):
                found.add(join(here, entry.name))


def _join_text(folder: str, name: str) -> str:
    """os.fspath(Path(folder) / name) on POSIX, for a folder given as a Path's text."""
    return name if folder == "." else (folder if folder.endswith("/") else folder + "/") + name


def _is_file(entry: os.DirEntry[str]) -> bool:
    """A file, or a link to one (a link in a loop, or to nowhere, is neither: as Path.is_file)."""
    try:
        return entry.is_file()
    except OSError:
        return False


class NoPlanFiles(PlancheckError):
    """The paths given hold no plan file: checking them would pass without checking anything."""

    def __init__(self, paths: Sequence[Path], skipped: Sequence[str] = ()) -> None:
        where = ", ".join(display_path(p) for p in paths) or "."
        ja, en = i18n.both("check.no_plan_files", where=i18n.text("check.here") if where == "." else where)
        if skipped:
            listed = ", ".join(skipped[:SKIPPED_SHOWN]) + (" …" if len(skipped) > SKIPPED_SHOWN else "")
            more_ja, more_en = i18n.both("check.without_kind", files=listed)
            ja, en = ja + more_ja, en + more_en
        super().__init__(ja, en)
        self.paths = tuple(paths)
        self.skipped = tuple(skipped)
