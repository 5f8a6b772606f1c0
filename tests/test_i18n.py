"""The ja/en catalogue (checker/i18n.py): every entry has both languages and the same {params};
t() refuses a key or a param it does not know; no module chooses between languages inline; and
what the English reports and diagrams write themselves is English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from checker import i18n
from checker.i18n import CATALOGUE, both, t
from checker.labels import Label, Named, Phrase, label, term
from tests.conftest import AS_OF, ROOT

# Entries whose two languages take different {params} on purpose: the Japanese fixed-result text
# names neither rule nor subject (the SARIF result carries both); the Japanese "no Graphviz" text
# leaves out the exception's English text.
ONE_SIDED = {
    "sarif.fixed": {"rule", "subject"},
    "sarif.fixed_no_message": {"rule", "subject"},
    "diagram.no_dot": {"error"},
    "prefecture.strategy_facts": {"title"},  # the English line names a strategy by its id alone
}

# English entries that show Japanese on purpose: what to type in a plan file or table (不明, 累計,
# R6年度, 2019年9月末時点, 約5万人, 令和8年4月1日, 年度, 長野県 …), the sectors' own name 産官学金労言,
# the （ ） placeholders that `plancheck init` writes, and the Japanese names of population counts.
JAPANESE_IN_ENGLISH = {
    "label.sectors", "input.cell.fiscal_year", "input.cell.year", "input.cell.point", "input.cell.window",
    "input.cell_hint.quantity", "input.cell_hint.window", "input.cell_hint.point", "input.hint.unknown",
    "input.row.needs_time", "input.hint.calendar", "cli.as_of_no_day", "cli.init_done",
    "input.value.quantity", "input.value.no_time", "input.value.basis", "prefecture.unknown",
    # why a date or year cannot be read, in the notation of the plan: 元年, 年/CY and 年度, 昭和
    "calendar.reason.era_year_zero", "calendar.reason.calendar_year", "calendar.reason.before_showa",
}

_JAPANESE = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")


def test_every_entry_has_both_languages() -> None:
    for key, pair in CATALOGUE.items():
        assert isinstance(pair, tuple) and len(pair) == 2, key
        ja, en = pair
        assert isinstance(ja, str) and ja.strip(), f"{key}: no Japanese"
        assert isinstance(en, str) and en.strip(), f"{key}: no English"
        assert re.fullmatch(r"[a-z_]+(\.[a-z_0-9]+)*(\.[^.\s]+)?", key), f"{key}: keys are area.name"


def test_both_languages_take_the_same_params() -> None:
    for key, (ja, en) in CATALOGUE.items():
        differ = i18n.params(ja) ^ i18n.params(en)
        assert differ == ONE_SIDED.get(key, set()), f"{key}: {{params}} only in one language: {sorted(differ)}"
    assert set(ONE_SIDED) <= set(CATALOGUE)


def test_every_entry_formats_in_both_languages() -> None:
    """With a number for each param (format specs such as {n:,} and {ratio:,.0f} need one), each
    text shows every param it takes."""
    for key, (ja, en) in CATALOGUE.items():
        values = {name: 1234 for name in i18n.params(ja) | i18n.params(en)}
        for raw, text in zip((ja, en), both(key, **values)):
            assert text.replace(",", "").count("1234") >= len(i18n.params(raw)), key


def test_the_english_side_is_english() -> None:
    for key, (_, en) in CATALOGUE.items():
        assert bool(_JAPANESE.search(en)) == (key in JAPANESE_IN_ENGLISH), f"{key}: {en!r}"
    assert JAPANESE_IN_ENGLISH <= set(CATALOGUE)


def test_a_missing_key_or_param_is_an_error() -> None:
    with pytest.raises(KeyError):
        t("report.no_such_key", "en")
    with pytest.raises(KeyError):
        both("report.no_such_key")
    with pytest.raises(KeyError):  # its {files} and {rules} are not given
        t("markdown.read", "ja")
    assert t("markdown.read", "ja", files=3, rules=4) == "3 ファイル、4 ルールを検査"
    assert t("markdown.read", "en", files=3, rules=4) == "3 files checked against 4 rules"


def test_languages() -> None:
    assert t("report.unknown", "ja") == "不明" and t("report.unknown", "en") == "unknown"
    assert t("report.unknown", "fr") == "unknown"  # anything but ja is English
    assert i18n.other("ja") == "en" and i18n.other("en") == "ja"
    assert i18n.choose({"ja": "", "en": "only English"}, "ja") == "only English"
    assert i18n.choose({"ja": "日本語"}, "en") == "日本語"
    assert i18n.choose({}, "en") == ""


def test_both_languages_on_one_line() -> None:
    """What the command line prints before --lang applies (usage errors, notices): "ja / en"."""
    assert i18n.bilingual("cli.example_and_paths") == (
        "--example と計画のパスは同時に指定できません / give plan paths or --example, not both")
    assert both("config.did_you_mean", rules=i18n.listing(["PER-009", "PER"], "or")) == (
        "PER-009、PER の誤りではありませんか。", "did you mean PER-009 or PER? ")


def test_a_param_in_both_languages_renders_in_each() -> None:
    assert both("input.hint.sheets", sheets=i18n.listing(["事業一覧", "指標一覧"])) == (
        "シート: 事業一覧、指標一覧", "sheets: 事業一覧, 指標一覧")
    assert both("input.not_worksheet", sheet="S", kind=i18n.text("input.no_content")) == (
        "シート「S」は表のワークシートではありません（中身がありません）", "sheet 'S' is not a worksheet (no content)")
    assert both("sep.paren", text=Label("adopted"), note="R2") == ("策定日（R2）", "adoption date (R2)")


def test_labels_read_the_catalogue() -> None:
    assert (Label("adopted").ja(), Label("adopted").en()) == CATALOGUE["label.adopted"]
    assert (Label("kpis").ja(), Label("kpis").en()) == ("KPI", "KPIs")
    assert Named("limit_type", "先駆タイプ").en() == "the limit of its type '先駆タイプ'"
    assert Phrase("at_line", (("line", 12),)).ja() == "12行目"
    assert term("adopted", "en") == "adoption date" and term("somewhere", "en") == "somewhere"
    assert label("gap") == Label("gap")
    assert label("kept_first") == "kept_first"  # a template is no plain term: plan text stays as written


# -- no module chooses between languages inline --------------------------------------------------
_INLINE = re.compile(r"""if\s+(self\.)?lang\s*==\s*["']ja["']\s+else|\bif\s+ja\s+else\b|\[0 if (self\.)?lang""")



def _sources() -> list[Path]:
    return sorted([*(ROOT / "checker").rglob("*.py"), ROOT / "cli.py"])


def test_no_module_chooses_between_languages_inline() -> None:
    inline = {}
    for path in _sources():
        name = path.relative_to(ROOT).as_posix()
        if name == "checker/i18n.py":
            continue
        lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if _INLINE.search(line)]
        if lines:
            inline[name] = lines
    assert not inline, f"words chosen inline (use checker.i18n.t): {inline}"
    assert _INLINE.search('x = "a" if lang == "ja" else "b"') and _INLINE.search("y = a if ja else b")


# -- no Japanese of the tool's own outside the catalogue ------------------------------------------
# Modules whose words for people are all the catalogue's: no string in them holds Japanese —
# docstrings and --help texts aside (static; click shows them before --lang applies) — but for
# these, each left on purpose:
KEPT_JAPANESE = {
    # a dict value joined with 、 in English too (engine.show), the successors in a diff (reporters/diff
    # _successors): kept so that the output stays as it was
    "checker/engine.py": {"、"}, "checker/reporters/diff.py": {"、"},
    # a municipality's label is a key of the reports in either language: 府中市（都道府県不明）
    "checker/report.py": {"（", "）"},
    # the header of a baseline file (a YAML comment, in English with Japanese glosses)
    "checker/workflows/baseline.py": {"既知の違反の基準ファイル"},
    # the owner of a national document, as reports key it (reporters name it: report.national_government)
    "checker/batch.py": {"国"},
}
CLEAN = ["cli.py", "checker/engine.py", "checker/reporters/diff.py", "checker/api.py", "checker/rules.py",
         "checker/report.py", "checker/workflows/baseline.py", "checker/load/documents.py", "checker/load/files.py",
         "checker/load/yamlsource.py", "checker/output.py", "checker/batch.py", "checker/parallel.py",
         "checker/labels.py", "checker/workflows/review", "checker/workflows/explain.py",
         "checker/errors.py"]


def _strings_in(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module but its docstrings and --help texts (help=…)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {id(node.body[0].value) for node in ast.walk(tree)
               if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
               and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    skipped |= {id(part) for node in ast.walk(tree) if isinstance(node, ast.keyword) and node.arg == "help"
                for part in ast.walk(node.value)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skipped]


def test_no_japanese_of_the_tools_own_outside_the_catalogue() -> None:
    found = {}
    for name in CLEAN:
        for path in sorted([ROOT / name] if name.endswith(".py") else (ROOT / name).rglob("*.py")):
            shown = path.relative_to(ROOT).as_posix()
            kept = KEPT_JAPANESE.get(shown, set())
            lines = [n for n, value in _strings_in(path)
                     if _JAPANESE.search(value) and value not in kept and not any(k in value for k in kept if len(k) > 1)]
            if lines:
                found[shown] = lines
    assert not found, f"Japanese written outside checker/i18n.py (add a catalogue entry): {found}"


# -- what the English reports and diagrams write themselves is English ---------------------------

def _strings(data: object) -> list[str]:
    if isinstance(data, dict):
        return [text for key, value in data.items() for text in (*_strings(key), *_strings(value))]
    if isinstance(data, list):
        return [text for item in data for text in _strings(item)]
    return [str(data)] if data is not None else []


@pytest.fixture(scope="module")
def english() -> tuple[str, dict[str, str]]:
    """The English text and Markdown reports and the three diagrams (DOT) of the bundled example,
    and what the plans and the rules' messages say (the Japanese an English report may quote)."""
    from checker import api, diagrams
    from checker.reporters import render

    plans, report = api.check_plans(None, as_of=AS_OF)
    outputs = {fmt: str(render(report, fmt, "en")) for fmt in ("text", "markdown")}
    for kind in ("goals", "continuity", "timeline"):
        outputs[kind] = diagrams.build(plans.graph, report, kind, lang="en").source
    quoted: list[str] = [text for p in (ROOT / "plans").rglob("*.yaml")  # what the plans say, not their comments
                         for text in _strings(list(yaml.safe_load_all(p.read_text(encoding="utf-8"))))]
    quoted += [p.read_text(encoding="utf-8") for p in (ROOT / "plans").rglob("*.csv")]
    for _, data in plans.graph.nodes(data=True):
        quoted += [str(value) for value in data.values() if isinstance(value, str)]
    quoted += [v.message.get("en", "") for v in report.violations] + [n.message.get("en", "") for n in report.not_checked]
    quoted += [d.title for d in report.documents] + [d.owner for d in report.documents]
    quoted += [v.subject_title or "" for v in report.violations] + [n.subject_title or "" for n in report.not_checked]
    quoted += [r.title.get("en", "") for r in report.rules]
    return "\n".join(quoted), outputs


@pytest.mark.parametrize("output", ["text", "markdown", "goals", "continuity", "timeline"])
def test_english_output_has_no_japanese_of_its_own(english: tuple[str, dict[str, str]], output: str) -> None:
    """Every run of Japanese in the English output is plan text or a rule message quoting it; an
    indicator's unit too, bracketed as English brackets it: 転入者数 (人), never 転入者数（人）.
    (What this cannot see: a Japanese tool word that also occurs in some plan text, such as 事業.)"""
    quoted, outputs = english
    runs = set(_JAPANESE.findall(outputs[output]))
    assert runs, "the example's plan text is Japanese: the check would see nothing otherwise"
    own = sorted(run for run in runs if run not in quoted)
    assert not own, f"Japanese the English {output} writes itself: {own[:20]}"


def test_the_japanese_output_is_checked_the_same_way() -> None:
    """The check above tells tool words from plan text: on the Japanese report it finds the tool's
    own words (so it is not vacuous)."""
    from checker import api
    from checker.reporters import render

    _, report = api.check_plans(None, as_of=AS_OF)
    runs = set(_JAPANESE.findall(str(render(report, "text", "ja"))))
    assert {"確認できなかった項目", "参照した文書"} <= runs
