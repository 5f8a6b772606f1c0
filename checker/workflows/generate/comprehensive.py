"""The comprehensive plan (総合計画): a basic concept for FY2020–2029 and two basic plans; the later
one takes the 2nd strategy over from FY2025 (`serves_as_strategy`, what it `keeps`) and states a
population target of its own."""

from __future__ import annotations

import random

from checker.workflows.generate.plan_set import CP, Municipality
from checker.workflows.generate.writer import Flow, Inline


def build_comprehensive_plan(m: Municipality, rng: random.Random, basis: str) -> None:
    """Write the plan into m.docs; adopted with the 2nd strategy."""
    pop = m.population
    m.docs[CP] = {
        "kind": "comprehensive_plan", "id": m.id("comprehensive-2"),
        "title": f"第{rng.choice((2, 3, 5, 6))}次{m.name}総合計画", "municipality": m.name, "adopted": m.s2["adopted"],
        "basic_concept": Flow({"title": "基本構想", "period": Flow({"from": "R2", "to": "R11"})}),
        "basic_plans": [
            Flow({"id": "early", "title": "前期基本計画", "period": Flow({"from": "R2", "to": "R6"})}),
            {"id": "later", "title": "後期基本計画", "period": Flow({"from": "R7", "to": "R11"}),
             "serves_as_strategy": True, "keeps": Inline(["purpose", "numerical_targets", "kpis"]),
             "population_targets": [Flow({"year": 2030, "population": int(pop * rng.uniform(0.93, 0.99)) // 100 * 100,
                                          "basis": basis})]},
        ],
    }
