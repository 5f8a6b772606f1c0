"""plancheck: consistency checks for Japanese regional-revitalisation strategies (地方版総合戦略).

The public door is `checker.api` (check, build, diagram); everything else is its machinery.
"""

__version__ = "0.1.0"
