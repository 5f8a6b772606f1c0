"""Which files a check reads (issue 18): plan files in any case of .yaml/.yml, not tools' folders;
YAML without `kind:` named; nothing found is an error — and what Windows needs of paths and files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker import api
from checker.load.documents import discover
from checker.output import write_outputs
from tests.conftest import AS_OF, CITY, NATIONAL


def _touch(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x: 1\n", encoding="utf-8")


def test_discover_reads_plan_names_and_skips_tools_folders(tmp_path: Path) -> None:
    _touch(tmp_path, "a.yaml", "B.YAML", "sub/c.Yml", "notes.txt", ".pre-commit-config.yaml",
           ".git/x.yaml", ".venv/lib/y.yaml", "env/pyvenv.cfg", "env/lib/z.yaml", "node_modules/p/q.yaml",
           "__pycache__/r.yaml")
    found = sorted(p.relative_to(tmp_path).as_posix() for p in discover([tmp_path]))
    assert found == ["B.YAML", "a.yaml", "sub/c.Yml"]
    # a file or folder named explicitly is read whatever its name or place
    assert discover([tmp_path / ".venv" / "lib" / "y.yaml"]) == [tmp_path / ".venv" / "lib" / "y.yaml"]
    assert discover([tmp_path / ".git"]) == [tmp_path / ".git" / "x.yaml"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
def test_discover_follows_links_to_files_not_to_folders_and_passes_over_broken_ones(tmp_path: Path) -> None:
    _touch(tmp_path, "real/a.yaml", "elsewhere/b.yaml")
    (tmp_path / "real" / "linked.yaml").symlink_to(tmp_path / "elsewhere" / "b.yaml")
    (tmp_path / "real" / "folder").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "real" / "nowhere.yaml").symlink_to(tmp_path / "missing.yaml")
    (tmp_path / "real" / "loop.yaml").symlink_to(tmp_path / "real" / "loop.yaml")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path / "real"])]
    assert found == ["real/a.yaml", "real/linked.yaml"]  # sorted, as Paths sort


def test_no_plan_files_is_an_error_naming_the_folder(tmp_path: Path) -> None:
    with pytest.raises(api.NoPlanFiles) as caught:
        api.check([tmp_path], as_of=AS_OF, require_plans=True)
    assert str(tmp_path.name) in caught.value.message_en and "files need a top-level `kind:`" in caught.value.message_en
    _touch(tmp_path, "notes.yaml")
    with pytest.raises(api.NoPlanFiles) as caught:
        api.check([tmp_path], as_of=AS_OF, require_plans=True)
    assert caught.value.skipped == ("notes.yaml",) or caught.value.skipped[0].endswith("notes.yaml")
    assert api.check([tmp_path], as_of=AS_OF, include_reference=False).violations == ()  # the library may ask for nothing


def test_yaml_without_kind_is_returned_for_a_notice_on_both_paths(tmp_path: Path) -> None:
    """One municipality (one graph) and two (the batch path, checker.batch) say the same."""
    (tmp_path / "nat.yaml").write_text(NATIONAL, encoding="utf-8")
    (tmp_path / "a.yaml").write_text(CITY, encoding="utf-8")
    (tmp_path / "draft.yaml").write_text("# 下書き\nmemo: まだ kind を書いていない\n", encoding="utf-8")
    (tmp_path / "plancheck.yaml").write_text("fail_on: warning\n", encoding="utf-8")
    plans, _ = api.check_plans([tmp_path], as_of=AS_OF, include_reference=False, require_plans=True)
    assert [Path(f).name for f in plans.skipped] == ["draft.yaml"]
    (tmp_path / "b.yaml").write_text(CITY.replace("city/", "town/").replace("例市", "例町"), encoding="utf-8")
    plans, report = api.check_plans([tmp_path], as_of=AS_OF, include_reference=False, jobs=2, require_plans=True)
    assert [Path(f).name for f in plans.skipped] == ["draft.yaml"]
    assert {d.owner for d in report.documents if d.level == "municipal"} == {"例市", "例町"}  # the batch path
    ((ja, en),) = plans.notices()
    assert "draft.yaml" in ja and "`kind:`" in en


def test_outputs_are_written_where_os_has_no_fchmod(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows (Python before 3.13) has no os.fchmod: writing a report must not need it."""
    monkeypatch.delattr(os, "fchmod", raising=False)
    write_outputs([(tmp_path / "r.txt", "報告")])
    assert (tmp_path / "r.txt").read_text(encoding="utf-8") == "報告"
