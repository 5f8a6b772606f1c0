"""The defect catalogue: `@defect` registers a function that breaks a defect-free municipality
in one way and records, as `Expect`s, exactly the violations the checker must report for it (rule,
subject, file and the key that gives the line). `DEFECTS` is the registry, `FAMILIES` the rule
families the catalogue covers (tests/test_generate.py checks both against the rules)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from checker.workflows.generate.plan_set import CP, IND, PRJ, S1, S2, V1, V2, Expect, Municipality, recount, walk_s1_indicators
from checker.workflows.generate.pools import (GOAL_2_CHANGED, GOAL_REWORDED_1, KPIS, MEASURES, NATIONAL_GOAL_1_REVISED, SECTORS,
                                    TARGETS, THEMES)
from checker.workflows.generate.tables import DIRECTION_JA
from checker.workflows.generate.values import measurement
from checker.workflows.generate.writer import Doc, Flow, Inline, Path_

Apply = Callable[[Municipality, random.Random], None]


@dataclass(frozen=True)
class Defect:
    kind: str
    family: str
    rules: tuple[str, ...]  # the rules it can cause (the catalogue; the exact list is per municipality)
    description: str
    apply: Apply


DEFECTS: dict[str, Defect] = {}
FAMILIES = ("law", "mapping", "coverage", "counts", "continuity", "population", "verification", "grants", "focus",
            "calendar", "structure")


def defect(kind: str, family: str, rules: Iterable[str], description: str) -> Callable[[Apply], Apply]:
    def register(fn: Apply) -> Apply:
        DEFECTS[kind] = Defect(kind, family, tuple(rules), description, fn)
        return fn
    return register


# helpers: expectations at the usual places

def _on_doc(m: Municipality, rule: str, file: str, key: str | None = None) -> None:
    doc = m.docs[file]
    m.expects.append(Expect(rule, doc["id"], file, (), key, doc["kind"]))


def _on(m: Municipality, rule: str, file: str, path: Path_, local: str | None, key: str | None = None,
        node_type: str | None = None) -> None:
    doc = m.docs[file] if file in m.docs else m.s2
    subject = f"{doc['id']}#{local}" if local else doc["id"]
    m.expects.append(Expect(rule, subject, file, path, key, node_type))


def _on_row(m: Municipality, rule: str, table: str, row: dict[str, Any], id_column: str) -> None:
    rows = m.tables[table]
    m.expects.append(Expect(rule, m.id("strategy-2", row[id_column]), table, (rows.index(row),)))


def _goal2(m: Municipality, category: int) -> tuple[Path_, Doc]:
    return ("goals", category - 1), m.s2["goals"][category - 1]


def _kpi_rows(m: Municipality, measure: str | None = None) -> list[dict[str, Any]]:
    return [r for r in m.indicators if r["種別"] == "KPI" and r["施策ID"] and (measure is None or r["施策ID"] == measure)]


def _funded(m: Municipality) -> set[str]:
    return {f for g in m.s2["grants"] for f in g.get("funds", ())}


def _remove_rows(m: Municipality, table: str, rows: Iterable[dict[str, Any]]) -> None:
    """Delete rows; 1st-period indicators they alone carried on lose their disposition (PER-005)."""
    gone = list(rows)
    for row in gone:
        m.tables[table].remove(row)
        cont = row.get("前期の指標")
        if cont:
            m.carried[cont].remove(row)
            if not m.carried[cont]:
                _on_doc(m, "PER-005", S2, "goals")


def kpi_share_ok(m: Municipality) -> bool:
    """At least half of four or more KPIs are outcomes: KPI-009's bound, which only mostly-output-kpis breaks."""
    kpis = [r for r in m.indicators if r["種別"] == "KPI"]
    return len(kpis) < 4 or sum(r["アウトカム"] == "○" for r in kpis) / len(kpis) >= 0.5


# LAW

@defect("law-no-national-strategy", "law", ("LAW-001", "MAP-001", "MAP-004"),
        "the 2nd strategy considers no national strategy at all: its goals and measures name no national goal")
def _(m: Municipality, rng: random.Random) -> None:
    s2 = m.s2
    s2["considers"] = Inline([c for c in s2["considers"] if not c.startswith("national/")])
    _on_doc(m, "LAW-001", S2)
    for gi, goal in enumerate(s2["goals"]):
        goal["considers"] = Inline([c for c in goal["considers"] if not c.startswith("national/")])
        _on(m, "MAP-001", S2, ("goals", gi), goal["id"])
        for measure in goal["measures"]:
            measure.pop("considers", None)
    _on_doc(m, "MAP-004", S2, "goals")
    _on_doc(m, "MAP-004", S2, "goals")


@defect("law-stale-national-strategy", "law", ("LAW-002", "MAP-004"),
        "the 2nd strategy copies the 1st period's mapping: it considers national/strategy-1 (stale since "
        "2019-12-20), its goals map to the 1st national goals, no measure addresses X1/X2")
def _(m: Municipality, rng: random.Random) -> None:
    s2 = m.s2
    s2["considers"] = Inline(["national/strategy-1" if c == "national/strategy-2" else c for c in s2["considers"]])
    for c, goal in enumerate(s2["goals"], start=1):
        nat = f"national/strategy-1#{NATIONAL_GOAL_1_REVISED}" if c == 1 and rng.random() < 0.5 else f"national/strategy-1#G{c}"
        goal["considers"] = Inline([nat if x.startswith("national/") else x for x in goal["considers"]])
        for measure in goal["measures"]:
            measure.pop("considers", None)
    _on_doc(m, "LAW-002", S2, "considers")
    _on_doc(m, "MAP-004", S2, "goals")
    _on_doc(m, "MAP-004", S2, "goals")


@defect("law-no-prefectural-strategy", "law", ("LAW-003",),
        "the 2nd strategy forgets the prefectural strategy (Art. 10(1)), in the document and in its goals")
def _(m: Municipality, rng: random.Random) -> None:
    s2 = m.s2
    s2["considers"] = Inline([c for c in s2["considers"] if c.startswith("national/")])
    for goal in s2["goals"]:
        goal["considers"] = Inline([c for c in goal["considers"] if c.startswith("national/")])
    _on_doc(m, "LAW-003", S2, "considers")


@defect("law-published-before-adoption", "law", ("LAW-006",),
        "the 1st strategy's publication date is three days before its adoption")
def _(m: Municipality, rng: random.Random) -> None:
    day = int(re.findall(r"\d+", str(m.s1["adopted"]))[-1])
    m.s1["published"] = f"2015-10-{day - 3:02d}"
    _on_doc(m, "LAW-006", S1, "published")


@defect("law-publication-delayed", "law", ("LAW-007",),
        "the 1st strategy is published five months after its adoption")
def _(m: Municipality, rng: random.Random) -> None:
    m.s1["published"] = f"2016-03-{rng.randint(10, 28):02d}"
    _on_doc(m, "LAW-007", S1, "published")


@defect("law-dates-missing", "law", ("LAW-008",), "the 2nd strategy records neither adoption nor publication")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2.pop("adopted")
    m.s2.pop("published")
    _on_doc(m, "LAW-008", S2, "adopted")


@defect("s1-without-goals", "law", ("LAW-004", "MAP-003"),
        "the 1st strategy is an outline without basic goals (so the 2nd carries nothing over from it)")
def _(m: Municipality, rng: random.Random) -> None:
    s1, s2 = m.s1, m.s2
    for key in ("goals", "grants", "declared"):
        s1.pop(key)
    for goal in s2["goals"]:
        goal.pop("continues", None)
    for grant in s2["grants"]:
        grant.pop("continues", None)
    for row in m.indicators:
        row["前期の指標"] = ""
    m.carried.clear()
    s2.pop("retired")
    _on_doc(m, "LAW-004", S1)
    for _goal in range(4):  # the four national goals of the strategy it considers
        _on_doc(m, "MAP-003", S1, "goals")


@defect("law-goal-without-measures", "law", ("LAW-005",),
        "a fifth basic goal with a numerical target but no measures")
def _(m: Municipality, rng: random.Random) -> None:
    goals = m.s2["goals"]
    goals.append({"id": "G5", "title": "SDGsを推進し、持続可能なまちをつくる", "theme": THEMES[1],
                  "considers": Inline(["national/strategy-2#G4"])})
    t = TARGETS[4][0]
    row = {"指標ID": "T5-1", "種別": "数値目標", "基本目標ID": "G5", "施策ID": "", "事業ID": "", "指標名": "SDGsの認知度",
           "単位": "%", "基準年": "2019年度", "基準値": "30", "目標年": "2024年度", "目標値": "60", "方向": "増加",
           "アウトカム": "○", "出典": t[4], "前期の指標": "", "備考": ""}
    last_target = max(i for i, r in enumerate(m.indicators) if r["種別"] == "数値目標")
    m.indicators.insert(last_target + 1, row)
    recount(m, (S2,))
    _on(m, "LAW-005", S2, ("goals", len(goals) - 1), "G5")


# MAP

@defect("map-goal-without-national-goal", "mapping", ("MAP-001", "MAP-003"),
        "a basic goal names only its prefectural goal, so one national goal is left uncovered")
def _(m: Municipality, rng: random.Random) -> None:
    c = rng.randint(1, 4)
    path, goal = _goal2(m, c)
    goal["considers"] = Inline([x for x in goal["considers"] if not x.startswith("national/")])
    _on(m, "MAP-001", S2, path, goal["id"])
    _on_doc(m, "MAP-003", S2, "goals")


@defect("map-goal-outside-considered-strategies", "mapping", ("MAP-002",),
        "a basic goal also keeps its 1st-period national goal, from a strategy the document does not consider")
def _(m: Municipality, rng: random.Random) -> None:
    c = rng.randint(1, 4)
    path, goal = _goal2(m, c)
    goal["considers"] = Inline([*goal["considers"], f"national/strategy-1#G{c}"])
    _on(m, "MAP-002", S2, path, goal["id"], "considers")


@defect("map-cross-cutting-missing", "mapping", ("MAP-004",),
        "no measure addresses the cross-cutting goals X1 and X2 of the 2nd national strategy")
def _(m: Municipality, rng: random.Random) -> None:
    for goal in m.s2["goals"]:
        for measure in goal["measures"]:
            measure.pop("considers", None)
    _on_doc(m, "MAP-004", S2, "goals")
    _on_doc(m, "MAP-004", S2, "goals")


@defect("map-continued-goal-reworded", "mapping", ("MAP-005",),
        "goal 1 is declared continued but its wording changed")
def _(m: Municipality, rng: random.Random) -> None:
    path, goal = _goal2(m, 1)
    goal["title"] = GOAL_REWORDED_1
    _on(m, "MAP-005", S2, path, goal["id"], "continues")


# GOAL / KPI / PRJ

@defect("goal-without-numerical-target", "coverage", ("GOAL-001", "PER-005"),
        "a basic goal's numerical targets are deleted (1st-period targets they carried on lose their disposition)")
def _(m: Municipality, rng: random.Random) -> None:
    c = rng.randint(1, 4)
    path, goal = _goal2(m, c)
    _remove_rows(m, IND, [r for r in m.indicators if r["基本目標ID"] == goal["id"]])
    recount(m, (S2,))
    _on(m, "GOAL-001", S2, path, goal["id"])


@defect("measure-without-kpi", "coverage", ("KPI-001", "PER-005"),
        "a measure's KPIs are deleted (1st-period KPIs they carried on lose their disposition)")
def _(m: Municipality, rng: random.Random) -> None:
    c = rng.randint(1, 4)
    mi = rng.randrange(len(m.s2["goals"][c - 1]["measures"]))
    measure = m.s2["goals"][c - 1]["measures"][mi]
    _remove_rows(m, IND, _kpi_rows(m, measure["id"]))
    recount(m, (S2,))
    _on(m, "KPI-001", S2, ("goals", c - 1, "measures", mi), measure["id"])


@defect("kpi-two-parents", "coverage", ("KPI-002",), "a KPI row names both its measure and a project")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice(_kpi_rows(m))
    prj = next(p for p in m.projects if p["施策ID"] == row["施策ID"])
    row["事業ID"] = prj["事業ID"]
    _on_row(m, "KPI-002", IND, row, "指標ID")


@defect("kpi-without-parent", "coverage", ("KPI-002",), "a KPI row leaves its measure blank")
def _(m: Municipality, rng: random.Random) -> None:
    rows = _kpi_rows(m)
    row = rng.choice([r for r in rows if sum(x["施策ID"] == r["施策ID"] for x in rows) >= 2])
    row["施策ID"] = ""
    _on_row(m, "KPI-002", IND, row, "指標ID")


@defect("indicator-without-target", "coverage", ("KPI-003",), "an indicator's target value is blank")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice(m.indicators)
    row["目標値"] = ""
    _on_row(m, "KPI-003", IND, row, "指標ID")


@defect("indicator-without-baseline", "coverage", ("KPI-004",), "an indicator's baseline year and value are blank")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice(m.indicators)
    row["基準年"] = row["基準値"] = ""
    _on_row(m, "KPI-004", IND, row, "指標ID")


@defect("indicator-without-unit", "coverage", ("KPI-005",), "an indicator's unit is blank")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice(m.indicators)
    row["単位"] = ""
    _on_row(m, "KPI-005", IND, row, "指標ID")


@defect("s1-indicator-without-source", "coverage", ("KPI-005",), "a 1st-period KPI (inline YAML) has no source")
def _(m: Municipality, rng: random.Random) -> None:
    _, path, ind = rng.choice([x for x in walk_s1_indicators(m.s1) if x[0] == "kpi"])
    ind.pop("source")
    _on(m, "KPI-005", S1, path, ind["id"], "source")


@defect("target-after-period", "coverage", ("KPI-006",), "an indicator's target year lies after the period (2026)")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice(m.indicators)
    row["目標年"] = "2026年度" if row["目標年"].endswith("年度") else "2026年"
    _on_row(m, "KPI-006", IND, row, "指標ID")


@defect("direction-contradicts-values", "coverage", ("KPI-007",),
        "baseline and target are swapped on an indicator that should increase")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice([r for r in m.indicators if r["方向"] == "増加"])
    row["基準値"], row["目標値"] = row["目標値"], row["基準値"]
    _on_row(m, "KPI-007", IND, row, "指標ID")


@defect("baseline-after-target", "coverage", ("KPI-008", "KPI-015"), "an indicator's baseline year is after its target year")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice(m.indicators)
    row["基準年"] = "2025年度" if row["基準年"].endswith("年度") else "2025年"
    _on_row(m, "KPI-008", IND, row, "指標ID")
    if not row["事業ID"]:  # 2025 is also after the adoption (a project's KPI is set when it starts)
        _on_row(m, "KPI-015", IND, row, "指標ID")


@defect("mostly-output-kpis", "coverage", ("KPI-009",), "most KPIs are marked as output indicators")
def _(m: Municipality, rng: random.Random) -> None:
    kpis = [r for r in m.indicators if r["種別"] == "KPI"]
    for row in kpis[: int(len(kpis) * 0.6)]:
        row["アウトカム"] = "×"
    _on_doc(m, "KPI-009", S2)


@defect("project-without-measure", "coverage", ("PRJ-001",), "a project row leaves its measure blank")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice([p for p in m.projects if p["事業ID"] not in _funded(m)])
    row["施策ID"] = ""
    _on_row(m, "PRJ-001", PRJ, row, "事業ID")


# CNT

@defect("declared-sum-mismatch", "counts", ("CNT-001", "CNT-002"),
        "the declared number of indicators is one more than targets + KPIs (and than the list)")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2["declared"]["indicators"] += 1
    _on_doc(m, "CNT-001", S2, "declared")
    _on_doc(m, "CNT-002", S2, "declared")


@defect("declared-projects-mismatch", "counts", ("CNT-002",),
        "a project row is deleted from projects.csv but the declared total is not updated")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice([p for p in m.projects if p["事業ID"] not in _funded(m)])
    _remove_rows(m, PRJ, [row])
    _on_doc(m, "CNT-002", S2, "declared")


@defect("lists-marked-excerpt", "counts", ("CNT-003",), "the 2nd strategy marks its lists as an excerpt")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2["lists"] = "excerpt"
    _on_doc(m, "CNT-003", S2, "lists")


@defect("s1-declared-kpis-mismatch", "counts", ("CNT-002",),
        "the 1st strategy declares one KPI (and one indicator) fewer than it lists")
def _(m: Municipality, rng: random.Random) -> None:
    declared = m.s1["declared"]
    declared["kpis"] -= 1
    declared["indicators"] -= 1
    _on_doc(m, "CNT-002", S1, "declared")
    _on_doc(m, "CNT-002", S1, "declared")


# PER

@defect("published-after-period-start", "continuity", ("PER-002",),
        "the 2nd strategy is published in April 2020, after its period began")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2["published"] = f"令和2年4月{rng.randint(1, 28)}日"
    _on_doc(m, "PER-002", S2, "published")


@defect("previous-goal-without-disposition", "continuity", ("PER-003",),
        "a continued goal loses its `continues`, so a 1st-period goal has no disposition")
def _(m: Municipality, rng: random.Random) -> None:
    goal = rng.choice([g for g in m.s2["goals"] if "continues" in g])
    goal.pop("continues")
    _on_doc(m, "PER-003", S2, "goals")


@defect("changed-goal-without-reason", "continuity", ("PER-004",), "goal 2 is changed without a reason")
def _(m: Municipality, rng: random.Random) -> None:
    path, goal = _goal2(m, 2)
    if goal["continues"]["as"] == "continued":
        goal["title"] = GOAL_2_CHANGED[0]
    goal["continues"] = Flow({"from": m.id("strategy-1", "G2"), "as": "changed"})
    _on(m, "PER-004", S2, path, goal["id"], "continues")


@defect("previous-indicator-not-carried", "continuity", ("PER-005",),
        "an indicator row loses its 前期の指標, so a 1st-period indicator is neither carried nor retired")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice([r for r in m.indicators if r["前期の指標"]])
    m.carried[row["前期の指標"]].remove(row)
    row["前期の指標"] = ""
    _on_doc(m, "PER-005", S2, "goals")


@defect("retired-indicator-unlisted", "continuity", ("PER-005",),
        "an indicator retired on purpose is missing from the retired list")
def _(m: Municipality, rng: random.Random) -> None:
    retired = m.s2["retired"]
    entry = rng.choice([r for r in retired if "-" in r["id"].rsplit("#", 1)[1]])
    retired.remove(entry)
    _on_doc(m, "PER-005", S2, "goals")


@defect("period-gap", "continuity", ("PER-001", "PER-006", "LAW-009"),
        "the 2nd strategy is dated R3–R7: a year's gap after the 1st, and it overlaps the basic plan it merges into "
        "(and runs into the national strategy of 2025-12-23 without a revision for it)")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2["period"] = Flow({"from": "R3", "to": "R7"})
    _on_doc(m, "PER-001", S2, "period")
    _on_doc(m, "PER-006", S2, "effective_period")
    _on_doc(m, "LAW-009", S2, "considers")


@defect("period-six-years", "continuity", ("PER-008", "PER-006", "LAW-009"),
        "the 2nd strategy runs R2–R7 (six years), overlapping the basic plan it merges into (and the national "
        "strategy of 2025-12-23 is decided within it)")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2["period"] = Flow({"from": "R2", "to": "R7"})
    _on_doc(m, "PER-008", S2, "period")
    _on_doc(m, "PER-006", S2, "effective_period")
    _on_doc(m, "LAW-009", S2, "considers")


@defect("extended-past-merge", "continuity", ("PER-006", "LAW-009"),
        "the 2nd strategy is extended to R7 although the basic plan takes over from R7 (and into the national "
        "strategy of 2025-12-23, without a revision for it)")
def _(m: Municipality, rng: random.Random) -> None:
    s2 = m.s2
    items = list(s2.items())
    at = [k for k, _ in items].index("period") + 1
    items.insert(at, ("extension", Flow({"to": "R7", "decided": f"2024-12-{rng.randint(10, 25)}",
                                         "body": "総合戦略推進本部", "reason": "総合計画の改定時期に合わせて1年延長"})))
    s2.clear()
    s2.update(items)
    _on_doc(m, "PER-006", S2, "effective_period")
    _on_doc(m, "LAW-009", S2, "considers")


@defect("basic-concept-longer-than-plans", "continuity", ("PER-007",),
        "the comprehensive plan's basic concept runs a year past its last basic plan")
def _(m: Municipality, rng: random.Random) -> None:
    m.plan["basic_concept"]["period"] = Flow({"from": "R2", "to": "R12"})
    _on(m, "PER-007", CP, (), None, "period", "comprehensive_plan")


@defect("merge-target-drops-kpis", "continuity", ("PER-009",),
        "the later basic plan the strategy merges into does not keep the KPIs")
def _(m: Municipality, rng: random.Random) -> None:
    later = m.plan["basic_plans"][1]
    later["keeps"] = Inline(["purpose", "numerical_targets"])
    _on(m, "PER-009", CP, ("basic_plans", 1), "later", "keeps")


# POP

@defect("vision-not-superseded", "population", ("POP-001",),
        "the revised vision does not say it supersedes the 1st, so their targets disagree")
def _(m: Municipality, rng: random.Random) -> None:
    v2 = m.docs[V2]
    v2.pop("supersedes")
    for i, t in enumerate(v2["targets"]):
        _on(m, "POP-001", V2, ("targets", i), f"population-{t['year']}")


@defect("plan-population-conflict", "population", ("POP-001",),
        "the later basic plan states a 2040 population that the vision in force does not state")
def _(m: Municipality, rng: random.Random) -> None:
    later = m.plan["basic_plans"][1]
    v2 = m.docs[V2]["targets"][0]
    v1 = m.docs[V1]["targets"][0]
    value = max(v1["population"], v2["population"]) + 1500
    later["population_targets"].append(Flow({"year": 2040, "population": value, "basis": v2["basis"]}))
    path = ("basic_plans", 1, "population_targets", len(later["population_targets"]) - 1)
    # Compared with the revised vision only: the first was superseded before the plan was adopted.
    _on(m, "POP-001", CP, path, "population-2040")


@defect("vision-on-stale-projection", "population", ("POP-002",),
        "the revised vision still rests on the 2013 projection although the 2018 edition was out")
def _(m: Municipality, rng: random.Random) -> None:
    m.docs[V2]["projection"] = "national/ipss-2013"
    m.docs[V2]["projections"] = m.docs[V1]["projections"]  # that edition's figures, as the 1st vision has them
    _on_doc(m, "POP-002", S2, "vision")


@defect("population-basis-missing", "population", ("POP-003",), "a population target does not say census or register")
def _(m: Municipality, rng: random.Random) -> None:
    i = rng.randrange(2)
    t = m.docs[V2]["targets"][i]
    t.pop("basis")
    _on(m, "POP-003", V2, ("targets", i), f"population-{t['year']}")


@defect("strategy-without-vision", "population", ("POP-004",), "the 2nd strategy names no population vision")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2.pop("vision")
    _on_doc(m, "POP-004", S2)


# PDCA

@defect("no-external-experts", "verification", ("PDCA-001",), "the verification body has no external experts")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2["verification"]["body"]["external_experts"] = False
    _on_doc(m, "PDCA-001", S2, "external_experts")


@defect("review-year-missing", "verification", ("PDCA-002",), "no verification is recorded for FY2022")
def _(m: Municipality, rng: random.Random) -> None:
    reviews = m.s2["verification"]["reviews"]
    del reviews[2]
    _on_doc(m, "PDCA-002", S2, "verification")


@defect("meeting-after-publication", "verification", ("PDCA-003",),
        "an expert meeting is dated after the strategy was published")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2["verification"]["meetings"].append(Flow({"date": f"2020-05-{rng.randint(10, 28)}", "title": "有識者会議（最終）"}))
    _on_doc(m, "PDCA-003", S2, "published")


@defect("sectors-incomplete", "verification", ("PDCA-004",), "labour and media do not take part (産官学金 only)")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2["verification"]["body"]["sectors"] = Inline(SECTORS[:4])
    _on_doc(m, "PDCA-004", S2, "sectors")


# GRANT

@defect("grant-funds-nothing", "grants", ("GRANT-001",), "a grant names no project it funds")
def _(m: Municipality, rng: random.Random) -> None:
    gi = rng.randrange(len(m.s2["grants"]))
    grant = m.s2["grants"][gi]
    grant.pop("funds")
    _on(m, "GRANT-001", S2, ("grants", gi), grant["id"])


@defect("funded-project-without-kpi", "grants", ("GRANT-002", "PER-005"), "a grant-funded project's own KPI is deleted")
def _(m: Municipality, rng: random.Random) -> None:
    project = rng.choice(sorted(_funded(m)))
    _remove_rows(m, IND, [r for r in m.indicators if r["事業ID"] == project])
    recount(m, (S2,))
    row = next(p for p in m.projects if p["事業ID"] == project)
    _on_row(m, "GRANT-002", PRJ, row, "事業ID")


@defect("grant-period-too-long", "grants", ("GRANT-003", "GRANT-004"),
        "a grant runs more than five fiscal years (a digital grant so long also outlives its programme, FY2022–FY2024)")
def _(m: Municipality, rng: random.Random) -> None:
    gi, grant = next((i, g) for i, g in enumerate(m.s2["grants"]) if g["programme"] != "地方創生推進交付金")
    grant["period"] = Flow({"from": grant["period"]["from"], "to": "R10" if grant["period"]["from"] == "R5" else "R7"})
    _on(m, "GRANT-003", S2, ("grants", gi), grant["id"], "period")
    if grant["programme"] == "デジタル田園都市国家構想交付金":
        _on(m, "GRANT-004", S2, ("grants", gi), grant["id"], "period")


@defect("grant-before-programme", "grants", ("GRANT-004",),
        "a 1st-period grant is dated from H27, before 地方創生推進交付金 existed (FY2016)")
def _(m: Municipality, rng: random.Random) -> None:
    grant = m.s1["grants"][0]
    grant["period"] = Flow({"from": "H27", "to": "H29"})
    _on(m, "GRANT-004", S1, ("grants", 0), grant["id"], "period")


@defect("ongoing-grant-dropped", "grants", ("GRANT-005",),
        "the grant running on from the 1st period (R1–R3) is not carried into the 2nd")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2["grants"][0].pop("continues")
    _on_doc(m, "GRANT-005", S2, "grants")


@defect("regional-plan-missing", "grants", ("GRANT-006",), "a grant does not name its regional revitalisation plan")
def _(m: Municipality, rng: random.Random) -> None:
    gi = rng.randrange(len(m.s2["grants"]))
    grant = m.s2["grants"][gi]
    grant.pop("regional_plan")
    _on(m, "GRANT-006", S2, ("grants", gi), grant["id"], "regional_plan")


# FOCUS

@defect("measure-outside-themes", "focus", ("FOCUS-001",), "a measure serves a theme the strategy does not declare")
def _(m: Municipality, rng: random.Random) -> None:
    c = rng.randint(1, 4)
    mi = rng.randrange(len(m.s2["goals"][c - 1]["measures"]))
    measure = m.s2["goals"][c - 1]["measures"][mi]
    measure["theme"] = "観光振興"
    _on(m, "FOCUS-001", S2, ("goals", c - 1, "measures", mi), measure["id"], "theme")


@defect("too-many-measures", "focus", ("FOCUS-002",), "a basic goal spreads over nine measures (総花的)")
def _(m: Municipality, rng: random.Random) -> None:
    c = rng.randint(1, 4)
    goal = m.s2["goals"][c - 1]
    measures = goal["measures"]
    pool = [x for x in MEASURES[c] if x[0] not in {me["title"] for me in measures}]
    while len(measures) < 9:
        title, dept, stems = pool[len(measures) % len(pool)]
        mid = f"{c}-{len(measures) + 1}"
        measures.append({"id": mid, "title": f"{title}（新規）"})
        t = rng.choice([t for t in KPIS[c] if t[3]])
        meas = measurement(rng, t, 2019, 2024, True, scale=m.scale)
        m.indicators.append({"指標ID": f"K{mid}-1", "種別": "KPI", "基本目標ID": "", "施策ID": mid, "事業ID": "",
                             "指標名": meas["title"], "単位": meas["unit"], "基準年": meas["baseline_year"],
                             "基準値": str(meas["baseline"]), "目標年": meas["target_year"], "目標値": str(meas["target"]),
                             "方向": DIRECTION_JA[meas["direction"]],
                             "アウトカム": "○", "出典": meas["source"], "前期の指標": "", "備考": ""})
        m.projects.append({"事業ID": f"{mid}-01", "事業名": f"{stems[0]}モデル事業", "施策ID": mid, "所管課": dept,
                           "地域再生計画": "", "備考": "新規"})
    recount(m, (S2,))
    _on(m, "FOCUS-002", S2, ("goals", c - 1), goal["id"])


# DATE

@defect("era-year-overflow", "calendar", ("DATE-001",), "the publication date is written 平成32年 (there is no such year)")
def _(m: Municipality, rng: random.Random) -> None:
    s2 = m.s2
    _, mo, d = (int(x) for x in re.findall(r"\d+", _iso(s2["published"])))
    s2["published"] = f"平成32年{mo}月{d}日"
    _on_doc(m, "DATE-001", S2, "published")


@defect("fiscal-year-month", "calendar", ("DATE-002",),
        "an expert meeting is dated 令和元年度1月 (January 2020, written by fiscal year)")
def _(m: Municipality, rng: random.Random) -> None:
    meetings = m.s2["verification"]["meetings"]
    meetings[-1]["date"] = "令和元年度1月"
    i = len(meetings) - 1
    m.expects.append(Expect("DATE-002", m.id("strategy-2", f"meeting-{i + 1}"), S2, ("verification", "meetings", i),
                            "date", "meeting"))


@defect("year-basis-mixed", "calendar", ("DATE-003", "DATE-005"),
        "an indicator's baseline is a calendar year and its target a fiscal year (so the strategy mixes them)")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice(m.indicators)
    row["基準年"], row["目標年"] = "2019年", "2024年度"
    _on_row(m, "DATE-003", IND, row, "指標ID")
    _on_doc(m, "DATE-005", S2, "goals")


@defect("adopted-before-act", "calendar", ("DATE-004", "LAW-007", "LAW-010"),
        "the 1st strategy's adoption is typed 平成26年 (before the Act), a year before its publication")
def _(m: Municipality, rng: random.Random) -> None:
    _, mo, d = (int(x) for x in re.findall(r"\d+", _iso(m.s1["adopted"])))
    m.s1["adopted"] = f"平成26年{mo}月{d}日"
    _on_doc(m, "DATE-004", S1, "adopted")
    _on_doc(m, "LAW-007", S1, "published")
    # the strategies it considers did not exist yet: the national one (2014-12-27), the prefecture's (2015)
    for _ in [c for c in m.s1["considers"] if not (c == "national/strategy-1" and (mo, d) >= (12, 27))]:
        _on_doc(m, "LAW-010", S1, "considers")


# REF

@defect("measure-id-typo-in-projects", "structure", ("REF-001",),
        "a measure id in projects.csv is mistyped (ー for -): the reference resolves to nothing "
        "(REF-001 alone: PRJ-001 leaves the project's measure to it, one bad reference, one finding)")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice([p for p in m.projects if p["事業ID"] not in _funded(m)])
    row["施策ID"] = row["施策ID"].replace("-", "ー")
    _on_row(m, "REF-001", PRJ, row, "事業ID")


@defect("duplicate-project-id", "structure", ("REF-002", "CNT-002"),
        "two 1st-period projects share an id (the second is not counted)")
def _(m: Municipality, rng: random.Random) -> None:
    places = [(gi, mi, pi) for gi, goal in enumerate(m.s1["goals"]) for mi, measure in enumerate(goal["measures"])
              for pi in range(1, len(measure["projects"]))
              if "kpis" not in measure["projects"][pi] and "kpis" not in measure["projects"][pi - 1]]
    gi, mi, pi = rng.choice(places)
    projects = m.s1["goals"][gi]["measures"][mi]["projects"]
    projects[pi]["id"] = projects[pi - 1]["id"]
    m.expects.append(Expect("REF-002", m.id("strategy-1", projects[pi]["id"]), S1,
                            ("goals", gi, "measures", mi, "projects", pi), problem=True))
    _on_doc(m, "CNT-002", S1, "declared")


@defect("vision-points-to-strategy", "structure", ("REF-003",),
        "the 2nd strategy's vision field names the 1st strategy (REF-003 alone: POP-004 leaves it to REF-003)")
def _(m: Municipality, rng: random.Random) -> None:
    m.s2["vision"] = m.id("strategy-1")
    m.expects.append(Expect("REF-003", m.id("strategy-2"), S2, ("vision",), problem=True))


@defect("unknown-national-goal", "structure", ("REF-001",), "a goal considers national/strategy-2#G5, which does not exist")
def _(m: Municipality, rng: random.Random) -> None:
    c = rng.randint(1, 4)
    path, goal = _goal2(m, c)
    goal["considers"] = Inline([*goal["considers"], "national/strategy-2#G5"])
    m.expects.append(Expect("REF-001", m.id("strategy-2", goal["id"]), S2,
                            path + ("considers", len(goal["considers"]) - 1), problem=True))


@defect("succession-cycle", "structure", ("REF-004", "PER-001", "PER-002", "PER-003", "PER-005", "GRANT-005"),
        "the 1st strategy names the 2nd as its predecessor (its header copied from the 2nd): each succeeds the "
        "other, so the 1st is also checked as the 2nd's successor")
def _(m: Municipality, rng: random.Random) -> None:
    from checker.fiscal import parse_fiscal_year

    s1, s2 = m.s1, m.s2
    items = list(s1.items())
    items.insert([k for k, _ in items].index("considers") + 1, ("predecessor", s2["id"]))
    s1.clear()
    s1.update(items)
    _on_doc(m, "REF-004", S1)
    _on_doc(m, "PER-001", S1, "period")  # it would have to follow FY2020–2024
    _on_doc(m, "PER-002", S1, "published")  # published after its own period began
    for _goal in s2["goals"]:  # the 2nd's goals, indicators and ongoing grants have no disposition in the 1st
        _on_doc(m, "PER-003", S1, "goals")
    for _row in m.indicators:
        _on_doc(m, "PER-005", S1, "goals")
    for grant in s2["grants"]:
        end = grant["period"].get("to")
        if end is None or parse_fiscal_year(end) > 2024:
            _on_doc(m, "GRANT-005", S1, "grants")


@defect("continuation-cycle", "structure", ("REF-005",),
        "a 1st-period goal says it continues the 2nd-period goal that continues it")
def _(m: Municipality, rng: random.Random) -> None:
    goal = m.s1["goals"][0]
    items = list(goal.items())
    items.insert(3, ("continues", Flow({"from": m.id("strategy-2", "G1"), "as": "continued"})))
    goal.clear()
    goal.update(items)
    _on(m, "REF-005", S1, ("goals", 0), "G1")


@defect("unknown-previous-indicator", "structure", ("REF-001", "PER-005"),
        "an indicator's 前期の指標 names an id the 1st strategy does not have")
def _(m: Municipality, rng: random.Random) -> None:
    row = rng.choice([r for r in m.indicators if r["前期の指標"]])
    m.carried[row["前期の指標"]].remove(row)
    if not m.carried[row["前期の指標"]]:
        _on_doc(m, "PER-005", S2, "goals")
    row["前期の指標"] = row["前期の指標"].replace("-K", "-KPI").replace("-T", "-TGT")
    m.expects.append(Expect("REF-001", m.id("strategy-2", row["指標ID"]), IND, (m.indicators.index(row),), problem=True))


def _iso(text: str) -> str:
    from checker.fiscal import parse_date

    return parse_date(text).first_day.isoformat()
