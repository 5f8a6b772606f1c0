"""The 2nd strategy's tables, projects.csv and indicators.csv, row by row (Japanese headers, values
as a city prints them), and the 1st-period indicators still open to be carried on."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from checker.workflows.generate.plan_set import Municipality
from checker.workflows.generate.pools import CHANGE, KPIS, TARGETS, Template, project_title
from checker.workflows.generate.values import measurement, number_text

Row = dict[str, Any]
Open = dict[tuple[int, str], list[tuple[str, dict[str, Any]]]]  # (category, kind) → [(1st local id, measurement)]
DIRECTION_JA = {"increase": "増加", "decrease": "減少", "maintain": "維持"}


@dataclass
class Tables:
    """The rows of both tables while the 2nd strategy is built; draws from the municipality's generator."""

    m: Municipality
    rng: random.Random
    open_first: Open  # 1st-period indicators not carried on yet (the rest are retired)
    projects: list[Row] = field(default_factory=list)
    indicators: list[Row] = field(default_factory=list)

    def add_indicator(self, local: str, kind_ja: str, meas: dict[str, Any], *, goal: str = "", measure: str = "",
                      project: str = "", continues_id: str = "") -> None:
        row = {"指標ID": local, "種別": kind_ja, "基本目標ID": goal, "施策ID": measure, "事業ID": project,
               "指標名": meas["title"], "単位": meas["unit"], "基準年": meas["baseline_year"],
               "基準値": number_text(self.rng, meas["baseline"]), "目標年": meas["target_year"],
               "目標値": number_text(self.rng, meas["target"]), "方向": DIRECTION_JA[meas["direction"]],
               "アウトカム": "○" if meas["outcome"] else "×", "出典": meas["source"],
               "前期の指標": continues_id, "備考": ""}
        if continues_id:
            self.m.carried.setdefault(continues_id, []).append(row)
        self.indicators.append(row)

    def next_indicator(self, category: int, ikind: str, t: Template, taken: set[str]) -> tuple[dict[str, Any], str]:
        """A 2nd-period indicator: carrying on a 1st-period one of the same category when one is
        left (85 %), else new; never a title already `taken` under the same parent."""
        rng = self.rng
        left = [x for x in self.open_first.get((category, ikind)) or [] if x[1]["title"] not in taken]
        if left and rng.random() < 0.85:
            local, before = left[-1]
            self.open_first[(category, ikind)].remove(left[-1])
            taken.add(before["title"])
            fiscal = before["target_year"].endswith("年度")
            tmpl: Template = (before["title"], before["unit"], before["direction"], before["outcome"], before["source"],
                              0, 0, CHANGE[before["title"]])
            base = float(before["target"])
            if before["direction"] != "maintain":
                base *= rng.uniform(0.9, 1.05)
            if before["unit"] == "%":
                base = min(base, 95.0)
            return measurement(rng, tmpl, 2019, 2024, fiscal, base), self.m.id("strategy-1", local)
        if t[0] in taken:
            pool = TARGETS[category] if ikind == "numerical_target" else KPIS[category]
            t = next(x for x in pool if x[3] and x[0] not in taken)
        taken.add(t[0])
        return measurement(rng, t, 2019, 2024, True, scale=self.m.scale), ""

    def add_projects(self, mid: str, dept: str, stems: tuple[str, ...], n: int) -> None:
        for pi in range(n):
            self.projects.append({"事業ID": f"{mid}-{pi + 1:02d}", "事業名": project_title(stems[pi % len(stems)], pi),
                                  "施策ID": mid, "所管課": dept, "地域再生計画": "", "備考": ""})

    def fund(self, category: int, target_from: int, plan: str, programme: str) -> Row:
        """A project of `category` not funded yet, now funded by `programme` under `plan`, with its own KPI."""
        rng = self.rng
        candidates = [p for p in self.projects if p["施策ID"].startswith(f"{category}-") and not p["地域再生計画"]]
        prj = rng.choice(candidates)
        t = rng.choice([t for t in KPIS[category] if t[3]])
        meas = measurement(rng, t, target_from, 2024, True, scale=self.m.scale)
        self.add_indicator(f"KP{prj['事業ID']}", "KPI", meas, project=prj["事業ID"])
        prj["地域再生計画"] = plan
        prj["備考"] = programme
        return prj

    def sort(self) -> None:
        self.indicators.sort(key=_indicator_order)


def _indicator_order(row: Row) -> tuple[int, str, int, str]:
    """Numerical targets first, then KPIs by measure, then project KPIs (as a city lists them)."""
    kind = 0 if row["種別"] == "数値目標" else (2 if row["事業ID"] else 1)
    return (kind, row["施策ID"] or row["事業ID"] or row["基本目標ID"], len(row["指標ID"]), row["指標ID"])
