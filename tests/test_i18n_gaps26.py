"""Issue 17 item 1, the last gaps of the ja/en catalogue: an indicator's unit bracketed as each
language writes it (sep.unit), `plancheck init`'s last English-only errors, and the separators the
diagrams, the PDF and Excel reports and `plancheck diff` wrote in Japanese whatever the language."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from checker import api, diagrams
from checker.diagrams._common import wrap
from checker.i18n import both, t
from checker.labels import with_unit
from cli import main

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 27)


# -- an indicator's name with its unit ------------------------------------------------------------

def test_a_name_with_its_unit_is_bracketed_as_each_language_writes_it() -> None:
    assert both("sep.unit", name="転入者数", unit="人") == ("転入者数（人）", "転入者数 (人)")
    assert with_unit("転入者数", "人", "ja") == "転入者数（人）"
    assert with_unit("転入者数", "人", "en") == "転入者数 (人)"  # the unit is the plan's: never translated
    assert with_unit("住み続けたい市民の割合", "%", "en") == "住み続けたい市民の割合 (%)"
    for lang in ("ja", "en"):  # no unit (合計特殊出生率, or なし): the name alone
        assert with_unit("合計特殊出生率", None, lang) == with_unit("合計特殊出生率", "", lang) == "合計特殊出生率"


def test_a_wrapped_line_never_starts_with_a_space() -> None:
    # English: the space before the unit stays on the line above, the unit starts the next
    assert wrap("子育て支援拠点の利用者数(例示) (人)", 30) == ["子育て支援拠点の利用者数(例示) ", "(人)"]
    # a short last line still joins the one before, with its space
    assert wrap("新規雇用創出数(例示) (人)", 30) == ["新規雇用創出数(例示) (人)"]
    # Japanese, without spaces, wraps as before (kinsoku: no line starts with ）)
    assert wrap("子育て支援拠点の利用者数（例示）（人）", 30) == ["子育て支援拠点の利用者数（例示）", "（人）"]
    assert wrap("abcdef ghijkl", 6) == ["abcdef ", "ghijkl"]


@pytest.fixture(scope="module")
def example() -> tuple[Any, Any]:
    return api.check_plans(None, as_of=AS_OF)


def _indicators_with_units(graph: Any) -> list[tuple[str, str]]:
    return sorted({(str(d["title"]), str(d["unit"])) for _, d in graph.nodes(data=True)
                   if d.get("type") == "indicator" and d.get("unit")})


def test_the_continuity_diagram_writes_units_in_the_readers_brackets(example: tuple[Any, Any]) -> None:
    plans, report = example
    en = diagrams.build(plans.graph, report, "continuity", lang="en").source
    ja = diagrams.build(plans.graph, report, "continuity", lang="ja").source
    # the label: 新規雇用創出数(例示)（人） in English before, now as English writes it
    assert "新規雇用創出数(例示) (人)<BR" in en and "新規雇用創出数(例示)（人）" not in en
    assert "新規雇用創出数(例示)（人）<BR" in ja  # Japanese as it was
    units = {unit for _, unit in _indicators_with_units(plans.graph)}
    assert {"人", "件", "%"} <= units
    for unit in units:
        assert f"（{unit}）" not in en, unit
        assert f"({unit})<BR" in en and f"（{unit}）<BR" in ja, unit
    assert '<BR ALIGN="LEFT"/> ' not in en  # no wrapped line starts with the space before a unit


# -- names side by side, the PDF's run line, a diff's successors -----------------------------------

@pytest.fixture(scope="module")
def two_cities() -> tuple[Any, Any]:
    return api.check_plans([ROOT / "plans" / "azumino", ROOT / "plans" / "bibai"], as_of=AS_OF)


@pytest.mark.parametrize("kind", ["goals", "continuity", "timeline"])
def test_a_diagram_title_lists_municipalities_as_each_language_does(two_cities: tuple[Any, Any], kind: str) -> None:
    plans, report = two_cities
    en = diagrams.build(plans.graph, report, kind, lang="en").source  # type: ignore[arg-type]
    ja = diagrams.build(plans.graph, report, kind, lang="ja").source  # type: ignore[arg-type]
    names = sorted({str(d.get("municipality")) for _, d in plans.graph.nodes(data=True)
                    if d.get("type") == "municipal_strategy" and d.get("municipality")})
    assert len(names) == 2, names
    if kind == "goals":  # the goal map names the owners
        names = sorted({str(d.get("owner")) for _, d in plans.graph.nodes(data=True)
                        if d.get("type") == "municipal_strategy"})
    assert f"— {names[0]}, {names[1]}" in en and "・".join(names) not in en
    assert f"— {names[0]}・{names[1]}" in ja


def test_the_pdf_run_line_is_spaced_as_each_language_does(example: tuple[Any, Any]) -> None:
    from checker import eras
    from checker.reporters.pdf import _meta_text

    _, report = example
    en = _meta_text(report, "en", eras.DEFAULT_STYLE)
    ja = _meta_text(report, "ja", eras.DEFAULT_STYLE)
    assert "\u3000" not in en and en.startswith(f"{t('report.as_of', 'en')} ") and f" · plancheck {report.version}" in en
    assert ja.endswith(f"\u3000plancheck {report.version}") and ja.startswith("基準日 ")  # as it was


def test_the_excel_page_header_lists_municipalities_as_each_language_does(two_cities: tuple[Any, Any]) -> None:
    import io

    import openpyxl

    from checker.reporters import render

    _, report = two_cities
    headers = {}
    for lang in ("ja", "en"):
        data = render(report, "xlsx", lang)
        book = openpyxl.load_workbook(io.BytesIO(data if isinstance(data, bytes) else data.encode()))
        headers[lang] = [ws.oddHeader.left.text or "" for ws in book.worksheets]
    owners = sorted({d.owner for d in report.documents if d.level == "municipal" and d.owner})
    assert len(owners) == 2
    assert any(f"{owners[0]}, {owners[1]}" in h for h in headers["en"]), headers["en"]
    assert not any("・" in h for h in headers["en"])
    assert any(f"{owners[0]}・{owners[1]}" in h for h in headers["ja"]), headers["ja"]


def test_a_diffs_successors_are_listed_as_each_language_does() -> None:
    from checker.reporters.diff import _successors
    from checker.workflows.review.records import Disposition

    merged = Disposition("c/strategy-1#G1", "basic_goal", "旧目標", "merged",
                         successors=("c/strategy-2#G1", "c/strategy-2#G2"), successor_titles=("新目標1", "新目標2"))
    assert _successors(merged, "ja") == "G1 新目標1、G2 新目標2"  # as it was
    assert _successors(merged, "en") == "G1 新目標1, G2 新目標2"


# -- plancheck init: the last two errors in English only -------------------------------------------

def _init(*args: str) -> Any:
    return CliRunner().invoke(main, ["init", *args, "--municipality", "安曇野市", "--prefecture", "長野県"])


def test_init_refuses_to_overwrite_in_both_languages(tmp_path: Path) -> None:
    folder = tmp_path / "plan"
    first = _init(str(folder))
    assert first.exit_code == 0, first.output
    strategy = (folder / "strategy.yaml").read_bytes()
    again = _init(str(folder))
    assert again.exit_code == 2, again.output
    message = again.stderr
    assert "Traceback" not in again.output and isinstance(again.exception, SystemExit)
    shown = [str(folder / "strategy.yaml"), str(folder / "plan.xlsx")]
    assert f"plancheck: {shown[0]}、{shown[1]} は既にあるため上書きしません（上書きするには --force を付けてください）" in message
    assert f"not overwriting {shown[0]}, {shown[1]} (use --force to overwrite)" in message
    assert (folder / "strategy.yaml").read_bytes() == strategy  # nothing written
    assert _init(str(folder), "--force").exit_code == 0


def test_init_names_a_previous_strategy_it_cannot_find_in_both_languages(tmp_path: Path) -> None:
    result = _init(str(tmp_path / "next"), "--from-period", "nagano-nowhere/strategy-1")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert ("plancheck: --from-period: 読み込んだ計画に市町村の総合戦略「nagano-nowhere/strategy-1」がありません"
            "（前期の総合戦略のフォルダを --plans で指定してください）") in result.stderr
    assert ("--from-period: no municipal strategy 'nagano-nowhere/strategy-1' in the plans read "
            "(give its folder with --plans)") in result.stderr
    assert not (tmp_path / "next").exists()
