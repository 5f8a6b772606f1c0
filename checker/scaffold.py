"""`plancheck init`: a starter plan set — the strategy YAML and an Excel workbook whose sheets,
headers and drop-down lists are the ones the table reader accepts (from the same column specs),
with one example row each. It never writes over an existing file unless asked to."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml

from checker import resources
from checker.checks.base import in_force
from checker.fiscal import era_fiscal_year, fiscal_year_of
from checker.graph import build_graph
from checker.load import load_documents
from checker.load.tables import SPECS, Column
from checker.output import write_atomic

WORKBOOK = "plan.xlsx"
SHEETS = {"projects": "事業一覧", "indicators": "指標一覧", "grants": "交付金", "reviews": "効果検証"}


class ScaffoldError(Exception):
    """The starter plan set cannot be written (exit code 2)."""


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: tuple[Column, ...]
    rows: Sequence[dict[str, Any]]  # field → value


def write_workbook(sheets: Iterable[Sheet], fiscal_years: Sequence[int]) -> bytes:
    """A workbook with bold frozen headers, widths for Japanese text, and drop-down lists for
    kinds, directions, yes/no and fiscal years (data validation)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.remove(book.active)
    years = ",".join(era_fiscal_year(y) for y in fiscal_years)
    for sheet in sheets:
        ws = book.create_sheet(sheet.name)
        for i, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=1, column=i, value=column.label)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            ws.column_dimensions[get_column_letter(i)].width = max(12, 2 * len(column.label) + 4)
            choices = {"choice": ",".join(dict.fromkeys(w for w, _ in column.choices if not w.isascii())),
                       "bool": "○,×", "fiscal_year": years, "year": years}.get(column.kind)
            if choices:
                rule = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=not column.required,
                                      showErrorMessage=column.kind != "year")
                ws.add_data_validation(rule)
                rule.add(f"{get_column_letter(i)}2:{get_column_letter(i)}1000")
        for r, row in enumerate(sheet.rows, start=2):
            for i, column in enumerate(sheet.columns, start=1):
                ws.cell(row=r, column=i, value=row.get(column.field))
        ws.freeze_panes = "A2"
    book.properties.creator = "plancheck"
    fixed = dt.datetime(2000, 1, 1)
    book.properties.created = book.properties.modified = fixed
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-").lower()
    return slug or "city"


def init_plan_set(folder: Path, *, municipality: str, prefecture: str, from_period: str | None = None,
                  plans: Sequence[Path] | None = None, force: bool = False, today: dt.date | None = None) -> list[Path]:
    """Write strategy.yaml and plan.xlsx into `folder`; return the paths written."""
    today = today or dt.date.today()
    targets = [folder / "strategy.yaml", folder / WORKBOOK]
    existing = [p for p in targets if p.exists()]
    if existing and not force:
        raise ScaffoldError(f"{', '.join(str(p) for p in existing)} already exist(s); use --force to overwrite")
    loaded = load_documents(list(plans or []) + [resources.plans_dir()], include_reference=True)
    g = build_graph(loaded.documents)
    national = in_force(g, [n for n, t in g.nodes(data="type") if t == "national_strategy"], today)
    prefectural = in_force(g, [n for n, d in g.nodes(data=True) if d["type"] == "prefectural_strategy"
                               and d.get("prefecture") == prefecture], today)
    owner = _slug(folder.resolve().name)
    previous = None
    if from_period:
        if from_period not in g or g.nodes[from_period]["type"] != "municipal_strategy":
            raise ScaffoldError(f"no municipal strategy {from_period!r} in the plans read "
                                "(give its folder with --plans)")
        previous = g.nodes[from_period]
        owner = from_period.split("/")[0]
    start = previous["effective_period"].end + 1 if previous else fiscal_year_of(today) + 1
    end = start + 4
    number = int(m.group(1)) + 1 if previous and (m := re.search(r"(\d+)$", from_period or "")) else 1
    doc_id = f"{owner}/strategy-{number}"

    goals: list[dict[str, Any]] = []
    if previous and from_period:
        for goal in sorted(n for n, d in g.nodes(data=True) if d["type"] == "basic_goal" and d["doc"] == from_period):
            data = g.nodes[goal]
            goals.append({"id": data["local"], "title": data["title"],
                          "continues": {"from": goal, "as": "continued"},
                          "considers": [n for n in g.successors(goal) if g.nodes[n]["type"] == "national_goal"
                                        and g.nodes[n]["doc"] == national] or None,
                          "measures": [{"id": f"{data['local']}-M1", "title": "（施策名）"}]})
    else:
        first_goal = next((n for n in sorted(g.nodes) if g.nodes[n]["type"] == "national_goal"
                           and g.nodes[n]["doc"] == national and not g.nodes[n].get("cross_cutting")), None)
        goals.append({"id": "G1", "title": "（基本目標）", "theme": "人口減少の克服",
                      "considers": [first_goal] if first_goal else None,
                      "measures": [{"id": "G1-M1", "title": "（施策名）"}]})
    for goal in goals:
        if goal["considers"] is None:
            del goal["considers"]
    first_goal_id, first_measure = goals[0]["id"], goals[0]["measures"][0]["id"]
    strategy = {
        "kind": "municipal_strategy",
        "id": doc_id,
        "title": f"{'第' + str(number) + '期' if number > 1 else ''}{municipality}まち・ひと・しごと創生総合戦略",
        "municipality": municipality,
        "prefecture": prefecture,
        "period": {"from": era_fiscal_year(start), "to": era_fiscal_year(end)},
        "considers": [d for d in (national, prefectural) if d],
        **({"predecessor": from_period} if from_period else {}),
        "themes": ["人口減少の克服", "人口減少を見据えたまちづくり"],
        "goals": goals,
        "projects": {"table": WORKBOOK, "sheet": SHEETS["projects"]},
        "indicators": {"table": WORKBOOK, "sheet": SHEETS["indicators"]},
        "grants": {"table": WORKBOOK, "sheet": SHEETS["grants"]},
        "verification": {
            "body": {"name": f"{municipality}総合戦略推進会議", "sectors": ["産", "官", "学", "金", "労", "言"],
                     "external_experts": True},
            "reviews": {"table": WORKBOOK, "sheet": SHEETS["reviews"]},
        },
    }
    header = (f"# {strategy['title']} — plancheck init が作成したひな形です。（ ）の部分と {WORKBOOK} の例の行を\n"
              "# 書き換えてください。書き方: docs/plan-format.md / `plancheck explain RULE`\n"
              "# adopted（策定日）と published（公表日）は決まったら追加してください。\n")
    text = header + yaml.safe_dump(strategy, allow_unicode=True, sort_keys=False, width=120)
    sheets = [
        Sheet(SHEETS["projects"], SPECS["projects"],
              [{"id": "P-001", "title": "（事業名）", "department": "（所管課）", "measure": first_measure}]),
        Sheet(SHEETS["indicators"], SPECS["indicators"], [
            {"id": "T-001", "kind": "数値目標", "title": "（数値目標）", "unit": "人",
             "baseline.year": era_fiscal_year(start - 1), "baseline.value": 100, "target.year": era_fiscal_year(end),
             "target.value": 120, "direction": "増加", "outcome": "○", "source": "（出典）", "goal": first_goal_id},
            {"id": "K-001", "kind": "KPI", "title": "（KPI）", "unit": "件",
             "baseline.year": era_fiscal_year(start - 1), "baseline.value": 10, "target.year": era_fiscal_year(end),
             "target.value": 20, "direction": "増加", "outcome": "○", "source": "（出典）", "measure": first_measure},
        ]),
        Sheet(SHEETS["grants"], SPECS["grants"], []),
        Sheet(SHEETS["reviews"], SPECS["reviews"], []),
    ]
    workbook = write_workbook(sheets, range(start - 1, end + 2))
    write_atomic(targets[0], text)
    write_atomic(targets[1], workbook)
    return targets
