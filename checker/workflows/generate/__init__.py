"""A synthetic national corpus of plan sets with seeded defects (`plancheck generate`).

For each municipality the corpus holds what a city actually writes, in the real plan format
(docs/plan-format.md): its 1st-period strategy (FY2015–2019, lists inline in YAML), its
2nd-period strategy (FY2020–2024, projects and indicators in CSV tables with Japanese headers),
the population vision of each period (the 2nd revised on the 2018 projection and superseding the
1st) and its comprehensive plan, whose later basic plan takes the strategy over from FY2025. One
synthetic prefectural strategy per prefecture used sits in `prefectures/<NN>.yaml`, followed by
stand-ins for that prefecture's other bundled reference strategies (`stand_ins`).

    OUT/expected.json
    OUT/prefectures/20.yaml
    OUT/20-nagano/20001/{strategy-1,strategy-2,vision-1,vision-2,comprehensive-2}.yaml
    OUT/20-nagano/20001/{projects,indicators}.csv

A defect-free municipality gets no violation of any rule at the corpus' as-of date. With
probability `defect_rate` a municipality gets one defect from `DEFECTS`; each defect declares
exactly the violations it causes (rule, subject node, file and line), and expected.json lists
them all. Municipality i depends only on (seed, i): a smaller corpus is a prefix of a larger one,
file for file and byte for byte.

Everything is plain string building (no YAML library on the write path), so 1,741 municipalities
take seconds. The YAML writer records the line of every key it writes, the same way the loader
numbers them, so expected violations carry their lines.

The modules, from data to files:

    pools.py          prefectures and the order municipalities are dealt to them; names, goal
                      titles, measures and projects, indicator templates, reasons
    writer.py         YAML that knows its line numbers (YamlWriter, Flow, Inline, locate); CSV tables
    values.py         drawn values: 年度 and dates as written, baselines and targets, counts
    plan_set.py       Municipality (documents, tables, expected violations), Expect, recount
    prefecture.py     the prefectural strategy and the stand-ins for bundled ones
    strategy1.py      the 1st-period strategy          strategy2.py  the 2nd-period strategy
    tables.py         its projects.csv and indicators.csv rows
    vision.py         the population visions            comprehensive.py  the comprehensive plan
    municipality.py   build_municipality: identity, dates, then each document's builder
    defects.py        the @defect registry (DEFECTS) and the catalogue, by rule family
    corpus.py         defects drawn, files and expected lines rendered, generate_corpus

Nothing in the checking pipeline imports this package; it imports only the standard library here
(checker.prefectures, checker.fiscal and checker.graph are imported where they are used).
"""

from checker.workflows.generate.corpus import generate_corpus
from checker.workflows.generate.defects import DEFECTS, FAMILIES
from checker.workflows.generate.prefecture import pref_strategy, stand_ins

__all__ = ["DEFECTS", "FAMILIES", "generate_corpus", "pref_strategy", "stand_ins"]
