"""The 2nd-period municipal strategy (FY2020–2024): goals and measures in YAML, projects and
indicators in CSV tables (checker.workflows.generate.tables), the disposition of every 1st-period goal and
indicator (continued, changed, merged, carried on or retired), grants, a revision, verification."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from checker.workflows.generate.plan_set import IND, PRJ, S2, Municipality
from checker.workflows.generate.pools import (GOAL_2_CHANGED, GOAL_2_NEW_4, MEASURES, REASON_CHANGED, REASON_GOAL_RETIRED_4,
                                    REASON_GOAL_RETIRED_5, REASON_INDICATOR_RETIRED, REASON_MERGED, SECTORS, TARGETS,
                                    THEMES)
from checker.workflows.generate.prefecture import pref_goal, pref_strategy
from checker.workflows.generate.strategy1 import FirstPeriod
from checker.workflows.generate.tables import Open, Tables
from checker.workflows.generate.values import Ymd, capped, choose_kpis, date_text, distribute, year_text
from checker.workflows.generate.writer import Doc, Flow, Inline


@dataclass
class Dispositions:
    """What becomes of the 1st period's goals under a scenario (continued, changed, merged, renewed)."""

    titles: dict[int, str]  # category → 2nd-period goal title
    continues: dict[int, Flow | None]  # category → the goal's `continues` (None: a new goal)
    retired: list[Doc] = field(default_factory=list)  # the `retired` list, goals first
    retired_categories: set[int] = field(default_factory=set)  # goals retired with their indicators


def build_strategy_2(m: Municipality, rng: random.Random, scenario: str, first: FirstPeriod, adopted: Ymd,
                     published: Ymd) -> None:
    """Write `m`'s 2nd strategy into m.docs and its tables into m.tables."""
    d = _dispositions(m, rng, scenario, first.titles)
    n_measures = rng.randint(15, 20)
    per_goal = capped(distribute(rng, n_measures, 4, 3), 6)
    n_projects = rng.randint(155, 172)
    projects_per = distribute(rng, n_projects, n_measures, 5)
    tables = Tables(m, rng, _open_first(m, rng, first, d))
    goals = _goals(m, rng, tables, d, per_goal, projects_per)
    _retire_the_rest(m, rng, tables, d.retired)
    grants = _grants(m, rng, first, tables)
    tables.sort()
    m.docs[S2] = _document(m, rng, goals, grants, d.retired, adopted, published)
    m.tables[PRJ] = tables.projects
    m.tables[IND] = tables.indicators


def _dispositions(m: Municipality, rng: random.Random, scenario: str, titles1: dict[int, str]) -> Dispositions:
    s1id = m.id("strategy-1")
    d = Dispositions(dict(titles1), {c: Flow({"from": f"{s1id}#G{c}", "as": "continued"}) for c in (1, 2, 3, 4)})
    if scenario == "changed":
        d.titles[2] = rng.choice(GOAL_2_CHANGED)
        d.continues[2] = Flow({"from": f"{s1id}#G2", "as": "changed", "reason": rng.choice(REASON_CHANGED)})
    elif scenario == "merged":
        d.continues[4] = Flow({"from": f"{s1id}#G4", "as": "merged", "reason": REASON_MERGED})
        d.retired.append(Flow({"id": f"{s1id}#G5", "reason": REASON_GOAL_RETIRED_5}))
    elif scenario == "renewed":
        d.titles[4] = rng.choice(GOAL_2_NEW_4)
        d.continues[4] = None
        d.retired.append(Flow({"id": f"{s1id}#G4", "reason": REASON_GOAL_RETIRED_4}))
        d.retired_categories.add(4)
    return d


def _open_first(m: Municipality, rng: random.Random, first: FirstPeriod, d: Dispositions) -> Open:
    """Which 1st indicators may be carried on, by category and kind, in a drawn order; those of a
    retired goal are retired with it."""
    s1id = m.id("strategy-1")
    open_first: Open = {}
    for local, category, ikind, meas in first.indicators:
        if category in d.retired_categories and local.startswith("G4"):
            d.retired.append(Flow({"id": f"{s1id}#{local}", "reason": rng.choice(REASON_INDICATOR_RETIRED)}))
            continue
        if local.startswith("G5"):  # the merged goal's indicators go on under goal 4
            category = 4
        open_first.setdefault((category, ikind), []).append((local, meas))
    for key in sorted(open_first):
        rng.shuffle(open_first[key])
    return open_first


def _goals(m: Municipality, rng: random.Random, tables: Tables, d: Dispositions, per_goal: list[int],
           projects_per: list[int]) -> list[Doc]:
    # the measures that address the national cross-cutting goals X1 and X2
    choices_x1 = [(c, mi) for c in (1, 3, 4) for mi in range(per_goal[c - 1])]
    choices_x2 = [(c, mi) for c in (1, 4) for mi in range(per_goal[c - 1])]
    cross_cutting = {"X1": rng.choice(choices_x1)}
    cross_cutting["X2"] = rng.choice([x for x in choices_x2 if x != cross_cutting["X1"]])
    goals: list[Doc] = []
    measure_no = 0
    for c in (1, 2, 3, 4):
        gid = f"G{c}"
        taken: set[str] = set()
        for ti, t in enumerate(rng.sample(TARGETS[c], [2, 2, 2, 3][(c + m.index) % 4])):
            meas, cont = tables.next_indicator(c, "numerical_target", t, taken)
            tables.add_indicator(f"T{c}-{ti + 1}", "数値目標", meas, goal=gid, continues_id=cont)
        pool = list(MEASURES[c])
        rng.shuffle(pool)
        measures: list[Doc] = []
        for mi in range(per_goal[c - 1]):
            considers = [x for x, at in sorted(cross_cutting.items()) if at == (c, mi)]
            measures.append(_measure(rng, tables, c, f"{c}-{mi + 1}", pool[mi % len(pool)], considers,
                                     projects_per[measure_no]))
            measure_no += 1
        goal: Doc = {"id": gid, "title": d.titles[c], "theme": THEMES[0] if c < 4 else THEMES[1],
                     "considers": Inline([f"national/strategy-2#G{c}", pref_goal(m.pref, c)])}
        if d.continues[c] is not None:
            goal["continues"] = d.continues[c]
        goal["measures"] = measures
        goals.append(goal)
    return goals


def _measure(rng: random.Random, tables: Tables, c: int, mid: str, pooled: tuple[str, str, tuple[str, ...]],
             considers: list[str], n_projects: int) -> Doc:
    title, dept, stems = pooled
    measure: Doc = {"id": mid, "title": title}
    if considers:
        measure["considers"] = Inline([f"national/strategy-2#{x}" for x in considers])
    taken: set[str] = set()
    for ki, t in enumerate(choose_kpis(rng, c, rng.choice((2, 3, 3, 3, 4)))):
        meas, cont = tables.next_indicator(c, "kpi", t, taken)
        tables.add_indicator(f"K{mid}-{ki + 1}", "KPI", meas, measure=mid, continues_id=cont)
    tables.add_projects(mid, dept, stems, n_projects)
    return measure


def _retire_the_rest(m: Municipality, rng: random.Random, tables: Tables, retired: list[Doc]) -> None:
    """Retire the 1st indicators nothing carries on; every plan retires at least one indicator
    explicitly (the defects need one)."""
    s1id = m.id("strategy-1")
    for key in sorted(tables.open_first):
        for local, _ in tables.open_first[key]:
            retired.append(Flow({"id": f"{s1id}#{local}", "reason": rng.choice(REASON_INDICATOR_RETIRED)}))
    if not any(str(r["id"]).rsplit("#", 1)[1].startswith("G") and "-" in str(r["id"]).rsplit("#", 1)[1] for r in retired):
        victim = next(row for row in tables.indicators if row["前期の指標"])
        retired.append(Flow({"id": victim["前期の指標"], "reason": REASON_INDICATOR_RETIRED[2]}))
        m.carried[victim["前期の指標"]].remove(victim)
        victim["前期の指標"] = ""


def _grants(m: Municipality, rng: random.Random, first: FirstPeriod, tables: Tables) -> list[Doc]:
    """2nd-period grants: the suishin grant R1–R3 and the iju grant run on; a digital grant R5–R6
    (the デジタル田園都市国家構想交付金 ran until FY2024)."""
    s1id = m.id("strategy-1")
    titles1 = [g["title"] for g in m.s1["grants"]]
    plan = m.regional_plan(first.grant_category)
    p = tables.fund(first.grant_category, 2019, plan, "地方創生推進交付金")
    grants: list[Doc] = [Flow({"id": "GR1", "programme": "地方創生推進交付金", "title": titles1[1],
                               "period": Flow({"from": "R1", "to": "R3"}), "funds": Inline([p["事業ID"]]),
                               "regional_plan": plan, "continues": f"{s1id}#GR2"})]
    if first.has_iju:
        p = tables.fund(2, 2019, m.regional_plan(2), "地方創生移住支援事業")
        grants.append(Flow({"id": "GR2", "programme": "地方創生移住支援事業", "title": titles1[2],
                            "period": Flow({"from": "R1"}), "funds": Inline([p["事業ID"]]),
                            "regional_plan": m.regional_plan(2), "continues": f"{s1id}#GR3"}))
    if not first.has_iju or rng.random() < 0.5:
        category = rng.choice((1, 4))
        plan = f"{m.name}デジタル田園都市推進計画"
        p = tables.fund(category, 2022, plan, "デジタル田園都市国家構想交付金")
        grants.append(Flow({"id": "GR3", "programme": "デジタル田園都市国家構想交付金", "title": f"{p['事業名']}（デジタル実装）",
                            "period": Flow({"from": "R5", "to": "R6"}), "funds": Inline([p["事業ID"]]),
                            "regional_plan": plan}))
    return grants


def _document(m: Municipality, rng: random.Random, goals: list[Doc], grants: list[Doc], retired: list[Doc],
              adopted: Ymd, published: Ymd) -> Doc:
    meetings = [(2019, rng.randint(7, 8)), (2019, rng.randint(10, 11)), (2020, 1)]
    return {
        "kind": "municipal_strategy",
        "id": m.id("strategy-2"),
        "title": f"第2期{m.name}まち・ひと・しごと創生総合戦略",
        "municipality": m.name,
        "prefecture": m.pref_name,
        "period": Flow({"from": "R2", "to": "R6"}),
        "adopted": date_text(rng, *adopted),
        "published": date_text(rng, *published),
        "considers": Inline(["national/strategy-2", pref_strategy(m.pref)]),
        "predecessor": m.id("strategy-1"),
        "merges_into": m.id("comprehensive-2", "later"),
        "vision": m.id("vision-2"),
        # revised for the デジタル田園都市国家構想総合戦略 (2022-12-23), as most cities did in FY2022–2023
        "revisions": [Flow({"date": f"2023-{rng.randint(3, 12):02d}", "title": "改訂版",
                            "considers": Inline(["national/digital-denen"]),
                            "reason": "デジタル田園都市国家構想総合戦略を勘案"})],
        "themes": Inline(THEMES),
        "declared": Flow(),
        "lists": "complete",
        "projects": Flow({"table": PRJ}),
        "indicators": Flow({"table": IND}),
        "goals": goals,
        "grants": grants,
        "retired": retired,
        "verification": {
            "body": Flow({"name": f"{m.name}まち・ひと・しごと創生推進会議", "sectors": Inline(SECTORS), "external_experts": True}),
            "reviews": [Flow({"fiscal_year": year_text(rng, fy, True),
                              "date": f"{fy + 1}-{rng.randint(7, 11):02d}-{rng.randint(1, 28):02d}"})
                        for fy in range(2020, 2025)],
            "meetings": [Flow({"date": f"{y}-{mo:02d}-{rng.randint(1, 20):02d}", "title": t})
                         for (y, mo), t in zip(meetings, ("第1回推進会議", "第2回推進会議", "有識者会議"))],
        },
    }
