"""One municipality's defect-free plan set: who it is, when it adopted its strategies, then each
document from its builder. The builders share one random generator, so the order of the calls
(and of the draws inside them) is part of the corpus: reordering them changes every file."""

from __future__ import annotations

import random

from checker.workflows.generate.comprehensive import build_comprehensive_plan
from checker.workflows.generate.plan_set import Municipality, recount
from checker.workflows.generate.pools import NAME_HEAD, NAME_TAIL, PREFECTURES, prefecture_of
from checker.workflows.generate.strategy1 import build_strategy_1
from checker.workflows.generate.strategy2 import build_strategy_2
from checker.workflows.generate.values import Ymd, population
from checker.workflows.generate.vision import build_visions


def build_municipality(index: int, seed: int) -> Municipality:
    """The defect-free plan set of municipality `index` (depends on seed and index only)."""
    rng = random.Random(f"plancheck-corpus:{seed}:{index}")
    m = _identity(index, rng)
    adopted1, published1, adopted2, published2 = _strategy_dates(rng)
    scenario = rng.choices(("continued", "changed", "merged", "renewed"), weights=(40, 30, 15, 15))[0]
    first = build_strategy_1(m, rng, scenario, adopted1, published1)
    build_strategy_2(m, rng, scenario, first, adopted2, published2)
    basis = rng.choice(("census", "resident_register"))
    build_visions(m, rng, basis)
    build_comprehensive_plan(m, rng, basis)
    recount(m)
    return m


def _identity(index: int, rng: random.Random) -> Municipality:
    """Code, kind (市町村), name, population and CSV encoding of municipality `index`."""
    pref, k = prefecture_of(index)
    pref_folder = PREFECTURES[pref - 1][2]
    code = f"{pref:02d}{k:03d}"
    kind = rng.choices(("市", "町", "村"), weights=(45, 42, 13))[0]
    name = NAME_HEAD[index % len(NAME_HEAD)] + NAME_TAIL[(index // len(NAME_HEAD)) % len(NAME_TAIL)] + kind
    pop = population(rng, kind)
    return Municipality(index, pref, code, name, f"c{code}", f"{pref:02d}-{pref_folder}/{code}",
                        "cp932" if rng.random() < 0.3 else "utf-8-sig", scale=min(3.0, max(0.03, pop / 100_000)),
                        population=pop)


def _strategy_dates(rng: random.Random) -> tuple[Ymd, Ymd, Ymd, Ymd]:
    """Adoption and publication of the 1st strategy (October–November 2015) and the 2nd
    (February–March 2020)."""
    a1 = (2015, 10, rng.randint(5, 30))
    p1 = (2015, 10, min(31, a1[2] + rng.randint(0, 10))) if rng.random() < 0.7 else (2015, 11, rng.randint(1, 20))
    month = rng.choice((2, 3, 3))
    a2 = (2020, month, rng.randint(3, 27) if month == 3 else rng.randint(3, 28))
    p2 = (2020, month, min(a2[2] + rng.randint(0, 3), 31 if month == 3 else 29))
    return a1, p1, a2, p2
