"""The prefectural level of the synthetic world: one 1st-period strategy per prefecture used
(`prefectures/<NN>.yaml`), which municipal goals consider, and stand-ins for that prefecture's
other bundled reference strategies."""

from __future__ import annotations

import random

from checker.workflows.generate.pools import PREF_GOALS, PREFECTURES
from checker.workflows.generate.writer import Doc, Flow, Inline


def _pref_goal_order(pref: int) -> tuple[int, ...]:
    """Which category each prefectural goal G1–G4 serves (prefectures order their goals differently)."""
    orders = ((1, 2, 3, 4), (3, 2, 1, 4), (2, 1, 3, 4), (1, 3, 2, 4), (3, 1, 2, 4))
    return orders[pref % len(orders)]


# Prefectures whose real 1st-period strategy plancheck bundles (plans/nagano/strategy-1.yaml, adopted
# 2015-10-22): the synthetic strategy takes that id and so replaces the bundled one (a document of
# the user's with a bundled id wins), instead of competing with it for "in force" (LAW-003).
BUNDLED_PREFECTURES = {20: "nagano"}


def pref_strategy(pref: int) -> str:
    """The id of prefecture `pref`'s synthetic 1st-period strategy."""
    return f"{BUNDLED_PREFECTURES[pref]}/strategy-1" if pref in BUNDLED_PREFECTURES else f"p{pref:02d}/strategy-1"


def pref_goal(pref: int, category: int) -> str:
    """The id of prefecture `pref`'s goal that serves `category` (national basic goal 1–4)."""
    return f"{pref_strategy(pref)}#G{_pref_goal_order(pref).index(category) + 1}"


def stand_ins(pref: int) -> list[Doc]:
    """The synthetic world has one strategy per prefecture; plancheck bundles the real ones of every
    prefecture (plans/prefectures/, checker.prefectures), which would compete with it for "in force"
    (LAW-003) or, with unknown dates, leave LAW-003 not checked. Each bundled prefectural strategy
    other than the one the synthetic strategy replaces gets a stand-in with its id (a user's document
    wins over the bundled one of the same id), adopted after every synthetic municipal strategy."""
    from checker import prefectures

    bundled = prefectures.PREFECTURES[pref - 1]
    name = bundled.name
    return [{"kind": "prefectural_strategy", "id": s.id, "title": f"{name}の総合戦略（合成: 同梱の {s.id} の代わり）",
             "prefecture": name, "adopted": "2020-06-01", "period": Flow({"from": "R2", "to": "R6"}),
             "considers": Inline(["national/strategy-2"])}
            for s in prefectures.reference_data(bundled).strategies if s.id != pref_strategy(pref)]


def build_prefecture(number: int) -> Doc:
    """The synthetic 1st-period strategy of prefecture `number` (FY2015–2019, adopted mid-2015)."""
    _, name, _, _ = PREFECTURES[number - 1]
    rng = random.Random(f"plancheck-prefecture:{number}")
    month = 6 + number % 4
    day = 1 + (number * 7) % 27
    adopted = f"2015-{month:02d}-{day:02d}"
    published = f"2015-{month:02d}-{min(28, day + rng.randrange(0, 8)):02d}"
    goals = [Flow({"id": f"G{j + 1}", "title": PREF_GOALS[c], "considers": Inline([f"national/strategy-1#G{c}"])})
             for j, c in enumerate(_pref_goal_order(number))]
    doc: Doc = {
        "kind": "prefectural_strategy",
        "id": pref_strategy(number),
        "title": f"{name}まち・ひと・しごと創生総合戦略",
        "prefecture": name,
        "adopted": adopted,
        "published": published,
        "period": Flow({"from": "H27", "to": "R1"}),
        "considers": Inline(["national/strategy-1"]),
        "goals": goals,
    }
    return doc
