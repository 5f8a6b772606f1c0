"""Two git revisions of a folder: `diff_git(folder, "REV1..REV2")` exports the folder at each
revision (read-only `git ls-tree` and `git cat-file`; REV2 empty: a copy of the working tree) into
a temporary directory and compares them; file paths are shown relative to the repository. The
user's repository is never written."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import stat
import subprocess
import tempfile
import threading
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Sequence

from checker.errors import PlancheckError
from checker.i18n import both, t
from checker.load.paths import display_path
from checker.load.limits import DEFAULT_LIMITS, Limits
from checker.workflows.review.compare import check_options, compare
from checker.workflows.review.records import PlanDiff
from checker.workflows.review.sides import Relabel

if TYPE_CHECKING:
    from checker.rules import Rule


class ReviewError(PlancheckError):
    """Input a diff cannot use (not a git repository, an unknown revision, a bad range). The
    message is in Japanese and English: ReviewError(ja, en)."""


_GIT_ENV = {"GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0"}


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(cwd), *args], input=stdin, capture_output=True, check=False,
                              env={**os.environ, **_GIT_ENV})
    except FileNotFoundError:
        raise ReviewError(*both("git.not_installed")) from None


def _revision(top: Path, rev: str) -> str:
    if rev.startswith("-") or not rev.strip():
        raise ReviewError(*both("git.invalid_revision", rev=rev))
    found = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    if found.returncode != 0:
        raise ReviewError(*both("git.unknown_revision", rev=rev))
    return found.stdout.decode().strip()


def _export(top: Path, sha: str, rel: str, dest: Path, max_bytes: int) -> None:
    """The tree of `rel` at commit `sha`, written under dest (same relative paths). Read-only on
    the repository: ls-tree and cat-file. Blobs stream from git to disk one by one, so memory
    stays small whatever the repository holds; a blob over the file-size limit is not read at
    all — it is written as a sparse file of its size, so the check reports it as too large."""
    listing = _git(top, "ls-tree", "-r", "-z", "-l", "--full-tree", sha, *(["--", rel] if rel not in ("", ".") else []))
    if listing.returncode != 0:
        raise ReviewError(*both("git.cannot_list", commit=sha[:12], error=listing.stderr.decode(errors="replace").strip()))
    root = dest.resolve()
    dest.mkdir(parents=True, exist_ok=True)
    wanted: list[tuple[str, Path]] = []
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, raw_name = record.partition(b"\t")
        mode, type_, obj, size = meta.decode().split()
        name = os.fsdecode(raw_name)
        if type_ != "blob" or mode not in ("100644", "100755"):
            continue  # symlinks, submodules
        target = (dest / name).resolve()
        if PurePosixPath(name).is_absolute() or ".." in PurePosixPath(name).parts or root not in target.parents:
            continue
        if not size.isdigit():  # ls-tree -l cannot size an object it does not have
            raise _missing(obj)
        target.parent.mkdir(parents=True, exist_ok=True)
        if int(size) > max_bytes:
            with target.open("wb") as handle:
                handle.truncate(int(size))  # sparse: no disk used, nothing read
        else:
            wanted.append((obj, target))
    if wanted:
        _cat_files(top, wanted)


def _cat_files(top: Path, wanted: list[tuple[str, Path]]) -> None:
    """Each object's content into its file, streamed through one `git cat-file --batch`."""
    try:
        proc = subprocess.Popen(["git", "-C", str(top), "cat-file", "--batch"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={**os.environ, **_GIT_ENV})
    except FileNotFoundError:
        raise ReviewError(*both("git.not_installed")) from None
    assert proc.stdin is not None and proc.stdout is not None
    stdin, stdout = proc.stdin, proc.stdout

    def ask() -> None:  # in a thread: git answers while the questions are still being written
        try:
            stdin.write("".join(f"{obj}\n" for obj, _ in wanted).encode())
            stdin.close()
        except OSError:
            pass

    writer = threading.Thread(target=ask, daemon=True)
    writer.start()
    try:
        for obj, target in wanted:
            header = stdout.readline().decode(errors="replace").split()
            if len(header) != 3 or not header[2].isdigit():
                raise _missing(obj)
            left = int(header[2])
            with target.open("wb") as handle:
                while left:
                    chunk = stdout.read(min(left, 1 << 20))
                    if not chunk:
                        raise ReviewError(*both("git.ended_early"))
                    handle.write(chunk)
                    left -= len(chunk)
            stdout.read(1)  # the newline after each object
    finally:
        proc.kill()
        proc.wait()
        writer.join()


def _missing(obj: str) -> ReviewError:
    return ReviewError(*both("git.missing_object", obj=obj[:12]))


def _regular_only(folder: str, names: list[str]) -> set[str]:
    """copytree's ignore: what is neither a folder, a regular file nor a link (FIFOs, sockets,
    devices in a working tree cannot be copied, and are no plan files) and the .git folder."""
    ignored = {".git"} & set(names)
    for name in names:
        try:
            mode = os.lstat(os.path.join(folder, name)).st_mode
        except OSError:
            ignored.add(name)
            continue
        if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
            ignored.add(name)
    return ignored


def diff_git(folder: Path, rev_range: str, *, rules: Sequence["Rule"] | None = None, as_of: dt.date | None = None,
             include_reference: bool = True, limits: Limits = DEFAULT_LIMITS, lang: str = "en") -> PlanDiff:
    """Compare two git revisions of a folder (or file): "REV1..REV2", REV2 empty for the working
    tree, labelled so in `lang` (plans（作業ツリー） / plans (working tree); the command passes its
    --lang). Paths in the result are relative to the repository."""
    rev1, sep, rev2 = rev_range.partition("..")
    if not sep or not rev1 or rev2.startswith("."):
        raise ReviewError(*both("git.range", rev_range=rev_range))
    where = folder if folder.is_dir() else folder.parent
    found = _git(where, "rev-parse", "--show-toplevel")
    if found.returncode != 0:
        raise ReviewError(*both("git.not_a_repository", folder=folder))
    top = Path(found.stdout.decode().strip()).resolve()
    try:
        rel = folder.resolve().relative_to(top).as_posix()
    except ValueError:
        raise ReviewError(*both("git.outside", folder=folder, top=top)) from None
    exported = rel if folder.is_dir() else PurePosixPath(rel).parent.as_posix()  # a file: with its folder
    sha1 = _revision(top, rev1)
    sha2 = _revision(top, rev2) if rev2 else None
    with tempfile.TemporaryDirectory(prefix="plancheck-diff-") as tmp:
        old_root, new_root = Path(tmp) / "old", Path(tmp) / "new"
        _export(top, sha1, exported, old_root, limits.file_bytes)
        if sha2 is not None:
            _export(top, sha2, exported, new_root, limits.file_bytes)
        else:  # the working tree, copied so that what is read is exactly what is shown
            source = top / exported if exported != "." else top
            shutil.copytree(source, new_root / exported if exported != "." else new_root, dirs_exist_ok=True,
                            ignore=_regular_only, symlinks=True)
        empty = Path(tmp) / "empty"
        empty.mkdir()
        old_path, new_path = old_root / rel, new_root / rel
        if not old_path.exists():  # not there yet at REV1 (or gone at REV2): an empty version
            old_path = empty
        if not new_path.exists():
            new_path = empty
        shown = rel if rel != "." else "."
        new_label = f"{rev2}:{shown}" if rev2 else t("git.working_tree", lang, path=shown)
        return compare([old_path], [new_path], f"{rev1}:{shown}", new_label,
                       check_options(rules, as_of, include_reference, limits),
                       _strip(display_path(old_root)), _strip(display_path(new_root)))


def _strip(prefix: str) -> Relabel:
    """Shown paths under an export directory → paths relative to the repository."""
    def relabel(path: str) -> str:
        if path.startswith(prefix + "/"):
            return path[len(prefix) + 1:]
        return path

    return relabel
