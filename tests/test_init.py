"""plancheck init (issue 18): ids from the municipality, a population vision, and a template that
does not pass until its placeholders are replaced (REF-006)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from checker import api, prefectures
from checker.load import read_documents
from checker.workflows.scaffold import ScaffoldError, init_plan_set, municipality_code, municipality_owner, romanised
from cli import main

TODAY = dt.date(2026, 6, 1)
NAGANO = prefectures.lookup("長野県")


def test_ids_come_from_the_municipality() -> None:
    assert romanised("安曇野市") == "azumino" and romanised("大町市") == "omachi" and romanised("東京") == "tokyo"
    assert municipality_owner("安曇野市", NAGANO) == "nagano-azumino"
    # the same name in two prefectures: two owners (府中市 東京都 / 広島県)
    assert municipality_owner("府中市", prefectures.lookup("東京都")) != municipality_owner("府中市", prefectures.lookup("広島県"))
    assert municipality_owner("例市", NAGANO) != municipality_owner("例町", NAGANO)
    assert re.fullmatch(r"nagano-[0-9a-f]{8}", municipality_owner("𠮷", NAGANO))  # nothing to read: a digest


def test_the_local_government_code_is_checked() -> None:
    assert municipality_code("202207", NAGANO) == "202207"
    assert municipality_code("２０２２０", NAGANO) == "202207"  # five digits (full-width too): the check digit added
    with pytest.raises(ScaffoldError, match="202207"):
        municipality_code("202201", NAGANO)  # wrong check digit: says which was meant
    with pytest.raises(ScaffoldError, match="長野県"):
        municipality_code("132063", NAGANO)  # 府中市 (東京都) is not in 長野県
    with pytest.raises(ScaffoldError, match="5桁または6桁"):
        municipality_code("2022", NAGANO)


def test_two_cities_set_up_side_by_side_do_not_clash(tmp_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["init", str(tmp_path / "a"), "--municipality", "例市", "--prefecture", "長野県"])
    second = runner.invoke(main, ["init", str(tmp_path / "b"), "--municipality", "安曇野市", "--prefecture", "長野県",
                                  "--code", "202207"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert "wrote" in first.stdout and "vision.yaml" in first.stdout
    ids = {read_documents(f)[0][0].model.id for f in tmp_path.glob("*/*.yaml")}
    assert ids == {"nagano-rei/strategy-1", "nagano-rei/vision-1", "202207/strategy-1", "202207/vision-1"}
    report = api.check([tmp_path], as_of=TODAY)
    assert not [v for v in report.violations if v.rule == "REF-002"]


def test_init_writes_a_vision_the_strategy_rests_on(tmp_path: Path) -> None:
    written = init_plan_set(tmp_path / "c", municipality="例市", prefecture="長野県", today=TODAY)
    assert [p.name for p in written] == ["strategy.yaml", "plan.xlsx", "vision.yaml"]
    (strategy,), _ = read_documents(tmp_path / "c" / "strategy.yaml")
    (vision,), errors = read_documents(tmp_path / "c" / "vision.yaml")
    assert errors == [] and strategy.model.vision == vision.model.id == "nagano-rei/vision-1"
    assert vision.model.kind == "population_vision" and vision.model.prefecture == "長野県"
    assert vision.model.projection == "national/ipss-2023"  # the edition in force on the day
    report = api.check([tmp_path / "c"], as_of=TODAY)
    assert not [v for v in report.violations if v.rule in ("POP-004", "REF-001", "REF-003")]


def test_the_untouched_template_does_not_pass_and_the_filled_in_one_does(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    init_plan_set(folder, municipality="例市", prefecture="長野県", today=TODAY)
    runner = CliRunner()
    result = runner.invoke(main, ["check", str(folder), "--format", "json", "--as-of", TODAY.isoformat()])
    found = json.loads(result.stdout)["violations"]
    placeholders = sorted((v["file"].rpartition("/")[2], v["line"]) for v in found if v["rule"] == "REF-006")
    assert result.exit_code == 1 and placeholders == [
        ("plan.xlsx[事業一覧]", 2), ("plan.xlsx[指標一覧]", 2), ("plan.xlsx[指標一覧]", 3),
        ("strategy.yaml", 30), ("strategy.yaml", 36), ("vision.yaml", 15)]
    assert {v["rule"] for v in found if v["severity"] == "error"} == {"REF-006"}
    # every text in （ ） that init writes is one the rule reports
    texts = set(re.findall(r"（[^（）]+）", "".join(v["message"]["ja"] for v in found if v["rule"] == "REF-006")))
    assert {"（基本目標）", "（施策名）", "（目標人口の出典）"} <= texts
    # the planner fills them in: the placeholders are gone, and so are the errors
    for name in ("strategy.yaml", "vision.yaml"):
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8").replace("（基本目標）", "しごとをつくる")
                        .replace("（施策名）", "創業支援").replace("（目標人口の出典）", "例市人口ビジョン"), encoding="utf-8")
    book = openpyxl.load_workbook(folder / "plan.xlsx")
    for sheet in book:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and re.fullmatch(r"（[^（）]*）", cell.value):
                    cell.value = cell.value.strip("（）") + "（記入済み）"
    book.save(folder / "plan.xlsx")
    result = runner.invoke(main, ["check", str(folder), "--format", "json", "--as-of", TODAY.isoformat()])
    found = json.loads(result.stdout)["violations"]
    assert result.exit_code == 0 and not [v for v in found if v["rule"] == "REF-006"], result.stdout


def test_from_the_previous_period_keeps_its_ids_and_vision(tmp_path: Path) -> None:
    written = init_plan_set(tmp_path / "next", municipality="安曇野市", prefecture="長野県",
                            from_period="azumino/strategy-2", today=dt.date(2024, 6, 1))
    assert [p.name for p in written] == ["strategy.yaml", "plan.xlsx"]  # the vision is the city's own, kept
    (doc,), _ = read_documents(tmp_path / "next" / "strategy.yaml")
    assert doc.model.id == "azumino/strategy-3" and doc.model.vision == "azumino/vision-1"


def test_from_a_previous_strategy_whose_goals_were_not_captured(tmp_path: Path) -> None:
    """江田島市's 2nd strategy is bundled from an excerpt without its goals: the 3rd starts from a
    placeholder goal (it was an internal error: the first goal was taken from an empty list)."""
    written = init_plan_set(tmp_path, municipality="江田島市", prefecture="広島県", from_period="etajima/strategy-2",
                            plans=[Path("plans/etajima")], today=TODAY)
    assert [p.name for p in written] == ["strategy.yaml", "plan.xlsx"]  # its vision is kept
    strategy = read_documents(tmp_path / "strategy.yaml")[0][0].model
    assert strategy.id == "etajima/strategy-3" and strategy.predecessor == "etajima/strategy-2"
    assert [(g.id, g.title) for g in strategy.goals] == [("G1", "（基本目標）")]
