"""Workflows beside the checking pipeline: they use it, it does not use them.

- review/    `plancheck diff`: two versions of a plan set compared (records; words in reporters/diff)
- baseline   accepted violations: write a baseline, apply one (`api.check(baseline=…)`)
- scaffold   `plancheck init`: a starter plan set and workbook
- explain    `plancheck explain`: a rule, its basis and its golden cases
- generate/  `plancheck generate`: the synthetic national corpus (benchmarks, tests)
"""
