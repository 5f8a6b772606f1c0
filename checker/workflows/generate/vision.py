"""The population visions (人口ビジョン) of both periods: the 1st on the 2013 projection, the 2nd
revised on the 2018 projection and superseding the 1st."""

from __future__ import annotations

import random

from checker.workflows.generate.plan_set import V1, V2, Municipality
from checker.workflows.generate.writer import Flow


def build_visions(m: Municipality, rng: random.Random, basis: str) -> None:
    """Write both visions into m.docs; `basis` is census or resident_register (the same in every target)."""
    pop = m.population
    v1 = {2040: int(pop * rng.uniform(0.82, 0.95)) // 100 * 100, 2060: int(pop * rng.uniform(0.65, 0.85)) // 100 * 100}
    v2 = {y: int(v * rng.uniform(0.9, 0.98)) // 100 * 100 for y, v in v1.items()}
    # the projection without measures in census years, as visions print it (the strategies' end years)
    proj1 = {y: int(pop * f) // 100 * 100 for y, f in ((2020, rng.uniform(0.95, 0.99)), (2025, rng.uniform(0.9, 0.95)))}
    proj2 = {y: int(v * rng.uniform(0.97, 1.0)) // 100 * 100 for y, v in proj1.items()}
    m.docs[V1] = {
        "kind": "population_vision", "id": m.id("vision-1"), "title": f"{m.name}人口ビジョン", "municipality": m.name,
        "adopted": m.s1["adopted"], "projection": "national/ipss-2013",
        "targets": [Flow({"year": y, "population": v, "basis": basis}) for y, v in v1.items()],
        "projections": [Flow({"year": y, "population": v}) for y, v in proj1.items()],
    }
    m.docs[V2] = {
        "kind": "population_vision", "id": m.id("vision-2"), "title": f"{m.name}人口ビジョン（令和2年改訂版）",
        "municipality": m.name, "adopted": m.s2["adopted"], "projection": "national/ipss-2018",
        "supersedes": m.id("vision-1"),
        "targets": [Flow({"year": y, "population": v, "basis": basis}) for y, v in v2.items()],
        "projections": [Flow({"year": y, "population": v}) for y, v in proj2.items()],
    }
