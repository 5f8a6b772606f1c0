"""One municipality's plan set as it is built and broken: its documents (file → data), its CSV
tables (file → rows), which 2nd-period rows carry each 1st-period indicator on, its defect and the
violations that defect must cause (`Expect`). The builders fill it, the defects change it, the
corpus writer renders it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from checker.workflows.generate.pools import PREFECTURES
from checker.workflows.generate.writer import Doc, Flow, Path_

# the files of a municipality
S1, S2, V1, V2, CP = "strategy-1.yaml", "strategy-2.yaml", "vision-1.yaml", "vision-2.yaml", "comprehensive-2.yaml"
PRJ, IND = "projects.csv", "indicators.csv"


@dataclass
class Expect:
    """One violation a defect causes, located the way the engine locates it: a finding about a
    node at `path` of `file` (its line is the line of `key` if written, else the node's line), or a
    structural problem written at `path` (`problem`). CSV rows are paths into the table's list."""

    rule: str
    subject: str
    file: str
    path: Path_
    key: str | None = None
    node_type: str | None = None
    problem: bool = False


@dataclass
class Municipality:
    index: int
    pref: int
    code: str
    name: str
    owner: str
    folder: str
    csv_encoding: str
    scale: float = 1.0  # counts in indicators grow with the population (1.0 = 100,000 people)
    population: int = 0  # the population the visions and the comprehensive plan start from
    docs: dict[str, Doc] = field(default_factory=dict)  # file → document
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # csv file → rows
    carried: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # 1st indicator → 2nd rows
    defect: str | None = None
    expects: list[Expect] = field(default_factory=list)

    @property
    def pref_name(self) -> str:
        return PREFECTURES[self.pref - 1][1]

    @property
    def s1(self) -> Doc:
        return self.docs[S1]

    @property
    def s2(self) -> Doc:
        return self.docs[S2]

    @property
    def plan(self) -> Doc:
        return self.docs[CP]

    @property
    def projects(self) -> list[dict[str, Any]]:
        return self.tables[PRJ]

    @property
    def indicators(self) -> list[dict[str, Any]]:
        return self.tables[IND]

    def id(self, doc: str, local: str | None = None) -> str:
        return f"{self.owner}/{doc}" + (f"#{local}" if local else "")

    def regional_plan(self, category: int) -> str:
        """The regional revitalisation plan (地域再生計画) a grant of category 1 or 2 belongs to."""
        return {1: f"{self.name}しごと創生推進計画", 2: f"{self.name}移住・定住促進計画"}[category]


def walk_s1_indicators(s1: Doc) -> Iterable[tuple[str, Path_, Doc]]:
    """(kind, path, indicator) of every indicator written in the 1st strategy."""
    for gi, goal in enumerate(s1["goals"]):
        for ti, t in enumerate(goal.get("targets", ())):
            yield "numerical_target", ("goals", gi, "targets", ti), t
        for mi, measure in enumerate(goal.get("measures", ())):
            for ki, k in enumerate(measure.get("kpis", ())):
                yield "kpi", ("goals", gi, "measures", mi, "kpis", ki), k
            for pi, prj in enumerate(measure.get("projects", ())):
                for ki, k in enumerate(prj.get("kpis", ())):
                    yield "kpi", ("goals", gi, "measures", mi, "projects", pi, "kpis", ki), k


def recount(m: Municipality, which: Sequence[str] = (S1, S2)) -> None:
    """Declared totals as the city counts them: what the document lists."""
    if S1 in which:
        s1 = m.s1
        kinds = Counter(kind for kind, _, _ in walk_s1_indicators(s1))
        n_projects = sum(len(me.get("projects", ())) for g in s1["goals"] for me in g.get("measures", ()))
        s1["declared"] = Flow({"projects": n_projects, "indicators": kinds["numerical_target"] + kinds["kpi"],
                               "numerical_targets": kinds["numerical_target"], "kpis": kinds["kpi"]})
    if S2 in which:
        kinds = Counter(r["種別"] for r in m.indicators)
        m.s2["declared"] = Flow({"projects": len(m.projects), "indicators": len(m.indicators),
                                 "numerical_targets": kinds["数値目標"], "kpis": kinds["KPI"]})
