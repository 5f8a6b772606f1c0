"""The 1st-period municipal strategy (FY2015–2019): goals, measures, projects and indicators written
inline in YAML, grants, verification. Returns what the 2nd strategy carries on (`FirstPeriod`)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from checker.workflows.generate.plan_set import S1, Municipality
from checker.workflows.generate.pools import (GOAL_1_FIFTH, GOALS_1, KPIS, MEASURES, SECTORS, TARGETS, THEMES, Template,
                                    project_title)
from checker.workflows.generate.prefecture import pref_goal, pref_strategy
from checker.workflows.generate.values import Ymd, capped, choose_kpis, date_text, distribute, measurement, year_text
from checker.workflows.generate.writer import Doc, Flow, Inline


@dataclass
class FirstPeriod:
    """What the 2nd strategy takes from the 1st: goal titles, indicators (to carry on or retire),
    projects by category, and which grants run on."""

    titles: dict[int, str]  # category → goal title
    indicators: list[tuple[str, int, str, dict[str, Any]]] = field(default_factory=list)  # (local id, category, kind, data)
    projects: list[tuple[int, Flow]] = field(default_factory=list)  # (category, project)
    grant_category: int = 1  # the category of the 地方創生推進交付金 grant that runs on (R1–R3)
    has_iju: bool = False  # a 地方創生移住支援事業 grant runs on from R1


def build_strategy_1(m: Municipality, rng: random.Random, scenario: str, adopted: Ymd, published: Ymd) -> FirstPeriod:
    """Write `m`'s 1st strategy into m.docs; a merged scenario has a fifth goal (merged into the 4th later)."""
    first = FirstPeriod({c: rng.choice(GOALS_1[c]) for c in (1, 2, 3, 4)})
    categories = [1, 2, 3, 4] + ([4] if scenario == "merged" else [])
    goals = _goals(m, rng, first, categories)
    grants = _grants(m, rng, first)
    m.docs[S1] = {
        "kind": "municipal_strategy",
        "id": m.id("strategy-1"),
        "title": f"{m.name}まち・ひと・しごと創生総合戦略",
        "municipality": m.name,
        "prefecture": m.pref_name,
        "period": Flow({"from": "H27", "to": "R1"}),
        "adopted": date_text(rng, *adopted),
        "published": date_text(rng, *published),
        "considers": Inline(["national/strategy-1", pref_strategy(m.pref)]),
        "vision": m.id("vision-1"),
        "themes": Inline(THEMES),
        "declared": Flow(),
        "lists": "complete",
        "goals": goals,
        "grants": grants,
        "verification": {
            "body": Flow({"name": f"{m.name}まち・ひと・しごと創生推進会議", "sectors": Inline(SECTORS), "external_experts": True}),
            "reviews": [Flow({"fiscal_year": year_text(rng, fy, True),
                              "date": f"{fy + 1}-{rng.randint(7, 11):02d}-{rng.randint(1, 28):02d}"})
                        for fy in range(2015, 2020)],
            "meetings": [Flow({"date": f"2015-{mo:02d}-{rng.randint(1, 28):02d}", "title": t})
                         for mo, t in ((6, "第1回推進会議"), (8, "第2回推進会議"), (9, "有識者会議"))],
        },
    }
    return first


def _indicator_flow(local: str, meas: dict[str, Any]) -> Flow:
    return Flow({"id": local, "title": meas["title"], "unit": meas["unit"],
                 "baseline": Flow({"year": meas["baseline_year"], "value": meas["baseline"]}),
                 "target": Flow({"year": meas["target_year"], "value": meas["target"]}),
                 "direction": meas["direction"], "outcome": meas["outcome"], "source": meas["source"]})


def _indicator(m: Municipality, rng: random.Random, first: FirstPeriod, local: str, category: int, kind: str,
               t: Template, base_year: int, target_year: int) -> Flow:
    meas = measurement(rng, t, base_year, target_year, True, scale=m.scale)
    ind = _indicator_flow(local, meas)
    first.indicators.append((local, category, kind, meas))
    return ind


def _goals(m: Municipality, rng: random.Random, first: FirstPeriod, categories: list[int]) -> list[Doc]:
    n_measures = rng.randint(12, 16)
    per_goal = capped(distribute(rng, n_measures, len(categories), 2), 6)
    n_projects = rng.randint(118, 165)
    projects_per = distribute(rng, n_projects, n_measures, 4)
    goals: list[Doc] = []
    measure_no = 0
    for gi, category in enumerate(categories):
        gid = f"G{gi + 1}"
        title = first.titles[category] if gi < 4 else rng.choice(GOAL_1_FIFTH)
        targets = [_indicator(m, rng, first, f"{gid}-T{ti + 1}", category, "numerical_target", t, 2014, 2019)
                   for ti, t in enumerate(rng.sample(TARGETS[category], rng.choice((2, 2, 3))))]
        pool = list(MEASURES[category])
        rng.shuffle(pool)
        measures = []
        for mi in range(per_goal[gi]):
            measures.append(_measure(m, rng, first, category, f"{gid}-M{mi + 1}", pool[mi % len(pool)],
                                     projects_per[measure_no]))
            measure_no += 1
        goals.append({"id": gid, "title": title, "theme": THEMES[0] if category < 4 else THEMES[1],
                      "considers": Inline([f"national/strategy-1#G{category}", pref_goal(m.pref, category)]),
                      "targets": targets, "measures": measures})
    return goals


def _measure(m: Municipality, rng: random.Random, first: FirstPeriod, category: int, mid: str,
             pooled: tuple[str, str, tuple[str, ...]], n_projects: int) -> Doc:
    title, dept, stems = pooled
    kpis = [_indicator(m, rng, first, f"{mid}-K{ki + 1}", category, "kpi", t, 2014, 2019)
            for ki, t in enumerate(choose_kpis(rng, category, rng.choice((2, 3, 3, 4))))]
    listed: list[Flow] = []
    for pi in range(n_projects):
        prj = Flow({"id": f"{mid}-P{pi + 1}", "title": project_title(stems[pi % len(stems)], pi), "department": dept})
        listed.append(prj)
        first.projects.append((category, prj))
    return {"id": mid, "title": title, "kpis": kpis, "projects": listed}


def _grants(m: Municipality, rng: random.Random, first: FirstPeriod) -> list[Doc]:
    """1st-period grants: suishin H28–H30 (ended), suishin R1–R3 (runs on), iju from R1 (runs on)."""
    used: set[int] = set()
    g1p = _fund(m, rng, first, 1, 2015, 2018, used)
    first.grant_category = rng.choice((1, 2))
    g2p = _fund(m, rng, first, first.grant_category, 2018, 2019, used)
    grants: list[Doc] = [
        Flow({"id": "GR1", "programme": "地方創生推進交付金", "title": g1p["title"].replace("事業", "") + "プロジェクト",
              "period": Flow({"from": "H28", "to": "H30"}), "funds": Inline([g1p["id"]]),
              "regional_plan": m.regional_plan(1)}),
        Flow({"id": "GR2", "programme": "地方創生推進交付金", "title": g2p["title"].replace("事業", "") + "プロジェクト",
              "period": Flow({"from": "R1", "to": "R3"}), "funds": Inline([g2p["id"]]),
              "regional_plan": m.regional_plan(first.grant_category)}),
    ]
    first.has_iju = rng.random() < 0.6
    if first.has_iju:
        g3p = _fund(m, rng, first, 2, 2018, 2019, used)
        grants.append(Flow({"id": "GR3", "programme": "地方創生移住支援事業",
                            "title": f"{m.pref_name}移住支援事業（{m.name}）", "period": Flow({"from": "R1"}),
                            "funds": Inline([g3p["id"]]), "regional_plan": m.regional_plan(2)}))
    return grants


def _fund(m: Municipality, rng: random.Random, first: FirstPeriod, category: int, base: int, target_year: int,
          used: set[int]) -> Flow:
    """A project of `category` not funded yet, given its own KPI (a funded project measures itself)."""
    candidates = [i for i, (c, _) in enumerate(first.projects) if c == category and i not in used]
    i = rng.choice(candidates)
    used.add(i)
    prj = first.projects[i][1]
    t = rng.choice([t for t in KPIS[category] if t[3]])
    prj["kpis"] = Inline([_indicator(m, rng, first, f"{prj['id']}-K1", category, "kpi", t, base, target_year)])
    return prj
