"""The quick scan of plan files (checker.load.scan): where it answers, it answers right."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.load.scan import Head, scan_file
from checker.model import level_of
from tests.conftest import ROOT

LIMIT = 10_000_000


def _heads_by_parsing(path: Path) -> tuple[Head, ...]:
    import unicodedata

    docs = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8-sig")) if d is not None]
    return tuple(Head(d.get("kind"), unicodedata.normalize("NFKC", d["id"]).strip(), d.get("municipality"),
                      d.get("prefecture")) for d in docs)


def test_bundled_plans_are_all_read_by_the_scan() -> None:
    files = sorted((ROOT / "plans").rglob("*.yaml"))
    for file in files:
        scanned = scan_file(file, LIMIT)
        assert scanned.heads == _heads_by_parsing(file), file
    levels = {scan_file(f, LIMIT).heads[0].level for f in files}  # type: ignore[index]
    assert levels == {"national", "prefectural", "municipal"}


def test_several_documents_and_quotes(tmp_path: Path) -> None:
    file = tmp_path / "two.yaml"
    file.write_text("---\nkind: municipal_strategy\nid: 'a/s-1'  # 第1期\nmunicipality: \"北市\"\n"
                    "title: x\n...\n---\nkind: population_vision\nid: Ａ/v-1\nmunicipality: 北市\n", encoding="utf-8")
    assert scan_file(file, LIMIT).heads == (Head("municipal_strategy", "a/s-1", "北市", None),
                                            Head("population_vision", "A/v-1", "北市", None))
    assert level_of("comprehensive_plan", None) == Head("comprehensive_plan", "x/y", None, "長野県").level


def test_unsure_files_are_left_to_the_parser(tmp_path: Path) -> None:
    cases = {
        "flow.yaml": "{kind: municipal_strategy, id: a/s}\n",
        "anchor.yaml": "kind: &k municipal_strategy\nid: a/s\n",
        "escape.yaml": 'kind: municipal_strategy\nid: "a\\x2Fs"\n',
        "twice.yaml": "kind: municipal_strategy\nid: a/s\nid: a/t\n",
        "folded.yaml": "kind: municipal_strategy\nid:\n  a/s\n",
        "noid.yaml": "kind: municipal_strategy\ntitle: x\n",
        "latin1.yaml": "kind: municipal_strategy\nid: caf\xe9/s\n",
        "marker.yaml": "--- {kind: municipal_strategy, id: a/s}\n",
        "unsure-owner.yaml": "kind: municipal_strategy\nid: a/s\nmunicipality: &m 北市\n",
    }
    for name, text in cases.items():
        (tmp_path / name).write_bytes(text.encode("latin-1" if name == "latin1.yaml" else "utf-8"))
        assert scan_file(tmp_path / name, LIMIT).heads is None, name
    assert scan_file(tmp_path / "flow.yaml", 5).digest == ""  # over the size limit: not even read
    assert scan_file(tmp_path / "missing.yaml", LIMIT).heads is None


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(docs=st.lists(st.fixed_dictionaries(
    {"kind": st.sampled_from(["municipal_strategy", "population_vision", "comprehensive_plan", "national_strategy"]),
     "id": _TEXT},
    optional={"municipality": _TEXT, "prefecture": _TEXT, "title": _TEXT,
              "goals": st.lists(st.fixed_dictionaries({"id": _TEXT, "title": _TEXT}), max_size=2)}),
    min_size=1, max_size=3),
    flow=st.sampled_from([False, None, True]), style=st.sampled_from([None, "'", '"']), start=st.booleans())
def test_the_scan_never_guesses_wrong_on_yaml_as_written(tmp_path_factory, docs, flow, style, start) -> None:
    """Random documents written in every style PyYAML knows: the scan either gives up or gives
    exactly what parsing gives."""
    file = tmp_path_factory.mktemp("scan") / "plan.yaml"
    file.write_text(yaml.safe_dump_all(docs, allow_unicode=True, default_flow_style=flow, default_style=style,
                                       explicit_start=start or len(docs) > 1, sort_keys=False), encoding="utf-8")
    heads = scan_file(file, LIMIT).heads
    if heads is not None:
        assert heads == _heads_by_parsing(file)
