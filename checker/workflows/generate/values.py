"""Values drawn from the municipality's random generator: years and dates as cities write them
(2019年度, R1年度, 令和元年度), an indicator's baseline and target, numbers as printed, counts dealt
over goals and measures, a population. Every draw is made in a fixed order (it is part of the corpus)."""

from __future__ import annotations

import random
from typing import Any

from checker.workflows.generate.pools import KPIS, Template

Ymd = tuple[int, int, int]
RATES = ("%", "年")  # units that do not grow with the municipality


def year_text(rng: random.Random, year: int, fiscal: bool) -> str:
    if not fiscal:
        return f"{year}年"
    era = "令和" if year >= 2019 else "平成"
    n = year - (2018 if year >= 2019 else 1988)
    choices = [f"{year}年度", f"{'R' if year >= 2019 else 'H'}{'元' if n == 1 else n}年度",
               f"{era}{'元' if n == 1 else n}年度"]
    return rng.choice(choices)


def date_text(rng: random.Random, y: int, m: int, d: int) -> str:
    if y >= 2019 and (y, m) >= (2019, 5):
        era, n, letter = "令和", y - 2018, "R"
    else:
        era, n, letter = "平成", y - 1988, "H"
    nn = "元" if n == 1 else str(n)
    return rng.choice([f"{y}-{m:02d}-{d:02d}", f"{era}{nn}年{m}月{d}日", f"{letter}{n}-{m:02d}-{d:02d}"])


def _value(x: float, unit: str) -> int | float:
    return round(x, 1) if unit in RATES else int(round(x))


def measurement(rng: random.Random, t: Template, base_year: int, target_year: int, fiscal: bool,
                baseline: float | None = None, scale: float = 1.0) -> dict[str, Any]:
    """Baseline and target of an indicator; counts scale with the municipality's size."""
    title, unit, direction, outcome, source, lo, hi, change = t
    if baseline is not None:
        base = baseline
    else:
        base = rng.uniform(lo, hi) * (1.0 if unit in RATES else scale)
        if lo > 0 and unit not in RATES:
            base = max(base, 3.0 if direction == "decrease" else 1.0)
    base_v = _value(base, unit)
    if direction == "decrease" and unit not in RATES and base_v <= 0:
        direction = "maintain"  # nothing left to decrease (待機児童ゼロ): a count stays at zero
    if direction == "maintain":
        target_v = base_v
    else:
        step = abs(base) * change * rng.uniform(0.6, 1.4)
        step = max(step, 1 if unit not in RATES else 0.5)
        target_v = _value(base + step if direction == "increase" else base - step, unit)
        if unit == "%":
            target_v = min(target_v, 99.0)
        elif unit not in RATES:
            target_v = max(target_v, 0)  # a count is never negative (KPI-017)
        if (direction == "increase" and target_v <= base_v) or (direction == "decrease" and target_v >= base_v):
            target_v = base_v + (1 if direction == "increase" else -1)
            if unit == "%" and direction == "increase" and target_v > 99:
                base_v, target_v = 97.0, 99.0
    return {"title": title, "unit": unit, "direction": direction, "outcome": outcome, "source": source,
            "baseline_year": year_text(rng, base_year, fiscal), "baseline": base_v,
            "target_year": year_text(rng, target_year, fiscal), "target": target_v}


def distribute(rng: random.Random, total: int, parts: int, least: int) -> list[int]:
    counts = [least] * parts
    for _ in range(total - least * parts):
        counts[rng.randrange(parts)] += 1
    return counts


def capped(counts: list[int], most: int) -> list[int]:
    """Move items from the largest part to the smallest until no part exceeds `most`."""
    while max(counts) > most:
        counts[counts.index(max(counts))] -= 1
        counts[counts.index(min(counts))] += 1
    return counts


def choose_kpis(rng: random.Random, category: int, n: int) -> list[Template]:
    """n KPI templates of a category with at most one output indicator per measure."""
    pool = KPIS[category]
    outcomes = [t for t in pool if t[3]]
    outputs = [t for t in pool if not t[3]]
    chosen = rng.sample(outcomes, min(n, len(outcomes)))
    if len(chosen) < n or (n >= 3 and rng.random() < 0.35):
        chosen = chosen[: n - 1] + [rng.choice(outputs)]
    return chosen


def population(rng: random.Random, kind: str) -> int:
    lo, hi = {"市": (25000, 320000), "町": (4000, 30000), "村": (900, 6000)}[kind]
    return int(rng.uniform(lo, hi)) // 100 * 100



def number_text(rng: random.Random, value: int | float) -> str:
    if isinstance(value, int) and abs(value) >= 10000 and rng.random() < 0.5:
        return f"{value:,}"
    return str(value)
