"""The PDF report (--format pdf) as a reader of the paper gets it: the text pdftotext extracts
(Japanese, the running header, page numbers, errors first, every finding's 理由 and 根拠, the
not-checked entries), the page sizes (A4, the goal map on a landscape page), the fonts pdffonts
lists (embedded), and the pages drawn as pictures by pdftoppm."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker import api
from checker.diagrams import MapUnavailable
from checker.labels import severity_label
from checker.report import Report
from checker.reporters import FORMATS, is_binary
from checker.reporters import render as render_format
from checker.reporters.shared import by_severity
from conftest import AS_OF, ROOT

EVIL = "<script>alert(1)</script>"


def _need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is required in CI (make test-system installs poppler-utils)")
        pytest.skip(f"{tool} is not installed (make test-system installs poppler-utils)")
    return found


@pytest.fixture(scope="module")
def weasyprint_ok() -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"WeasyPrint is required in CI: {exc}")
        pytest.skip(f"WeasyPrint is not usable here: {exc}")


@pytest.fixture(scope="module")
def bundled() -> tuple[Report, object]:
    plans, report = api.check_plans([ROOT / "plans" / "azumino"], as_of=AS_OF)
    return report, api.goal_map_svg(plans, report, "ja")


@pytest.fixture(scope="module")
def pdf(weasyprint_ok: None, bundled: tuple[Report, object], tmp_path_factory: pytest.TempPathFactory) -> Path:
    report, goal_map = bundled
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    data = render_format(report, "pdf", "ja", goal_map_svg=goal_map)
    assert isinstance(data, bytes)
    path.write_bytes(data)
    return path


def _text(path: Path, first: int | None = None, last: int | None = None) -> str:
    args = [_need("pdftotext"), "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def _flat(text: str) -> str:
    """Text without line breaks and spaces: a paragraph wrapped across lines compares whole."""
    return re.sub(r"\s+", "", text)


def _pages(path: Path) -> list[tuple[float, float]]:
    out = subprocess.run([_need("pdfinfo"), "-f", "1", "-l", "999", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", out)]


def test_registered_as_a_binary_format() -> None:
    assert FORMATS["pdf"] == ("checker.reporters.pdf", True, ".pdf") and is_binary("pdf")


def test_a4_pages_numbered_with_the_header_on_each(pdf: Path, bundled: tuple[Report, object]) -> None:
    report, _ = bundled
    assert pdf.read_bytes().startswith(b"%PDF-")
    pages = _pages(pdf)
    assert len(pages) >= 3
    for number, (width, height) in enumerate(pages, 1):
        text = _text(pdf, number)
        assert f"{number} / {len(pages)}" in text, number  # the page number, of how many
        assert "安曇野市" in text and "plancheck 検査報告" in text, number  # the running header
        assert "基準日 R8年11月27日" in text and f"plancheck {report.version}" in text, number
        # A4: portrait for the report, landscape for the goal map, which comes last
        expected = (841.89, 595.276) if number == len(pages) else (595.276, 841.89)
        assert (round(width, 1), round(height, 1)) == (round(expected[0], 1), round(expected[1], 1)), number


def test_errors_first_each_finding_with_rationale_and_basis(pdf: Path, bundled: tuple[Report, object]) -> None:
    report, _ = bundled
    body = _flat(_text(pdf))
    assert "指摘一覧（重大度順）" in body and "確認できなかった項目" in body and "参照した文書" in body
    rules = {r.id: r for r in report.rules}
    ordered = by_severity(report.violations)
    at = -1
    for number, v in enumerate(ordered, 1):  # numbered in order: errors, then warnings, then info
        head = body.find(f"{number}.{severity_label(v.severity, 'ja')}{v.rule}", at + 1)
        assert head > at, (number, v.rule)  # numbered in this order: the badge and rule id …
        at = body.find(_flat(v.message["ja"]), head)
        assert at > head, (number, v.rule)  # … then its message, whole
        rule = rules.get(v.rule)
        if rule is not None:
            assert _flat(rule.rationale["ja"]) in body, v.rule
            assert all(_flat(b) in body for b in rule.basis), v.rule
    severities = [v.severity for v in ordered]
    assert severities == sorted(severities, key=["error", "warning", "info"].index) and "error" in severities
    for n in report.not_checked:  # the not-checked entries, with what is unknown
        assert _flat(n.rule) in body and _flat(n.subject) in body


def test_japanese_fonts_are_embedded(pdf: Path) -> None:
    out = subprocess.run([_need("pdffonts"), str(pdf)], capture_output=True, text=True, check=True).stdout
    fonts = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert fonts and any("IPAGothic" in f[0] for f in fonts)
    # name type encoding emb sub uni …: every font embedded (a subset)
    assert all(f[-5] == "yes" for f in fonts), out


def test_goal_map_alone_on_its_landscape_page(pdf: Path, bundled: tuple[Report, object]) -> None:
    _, goal_map = bundled
    if not isinstance(goal_map, str):
        pytest.skip("Graphviz is not installed: no goal map")
    last = len(_pages(pdf))
    text = _text(pdf, last)
    assert "目標の対応図" in text and "凡例" in text  # the map's own title and legend, as text
    assert "指摘一覧" not in text


def test_pages_drawn_as_pictures(pdf: Path, tmp_path: Path) -> None:
    """pdftoppm draws the first page and the goal map page: real pictures, not blank pages."""
    _need("pdftoppm")
    last = len(_pages(pdf))
    for page in (1, last):
        prefix = tmp_path / f"page{page}"
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", str(page), "-l", str(page), str(pdf), str(prefix)],
                       check=True)
        (png,) = tmp_path.glob(f"page{page}*.png")
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 8_000, (page, len(data))
        artifacts = os.environ.get("PLANCHECK_ARTIFACTS")
        if artifacts:
            Path(artifacts).mkdir(parents=True, exist_ok=True)
            shutil.copy(png, Path(artifacts) / f"report-pdf-page{page}.png")


def test_english_pdf_and_the_missing_map_said(weasyprint_ok: None, bundled: tuple[Report, object],
                                              tmp_path: Path) -> None:
    report, _ = bundled
    evil = dataclasses.replace(report.violations[0], message={"ja": EVIL, "en": f"{EVIL} here"})
    report = dataclasses.replace(report, violations=(evil, *report.violations[1:4]), not_checked=())
    reason = MapUnavailable("Graphviz（dot）がインストールされていません", "Graphviz `dot` is not installed")
    path = tmp_path / "en.pdf"
    path.write_bytes(render_format(report, "pdf", "en", goal_map_svg=reason))  # type: ignore[arg-type]
    text = _text(path)
    assert "plancheck report" in text and "As of 2026-11-27" in text and "Findings (errors first)" in text
    assert _flat("This report has no goal map. Graphviz `dot` is not installed") in _flat(text)
    assert _flat(f"{EVIL} here") in _flat(text)  # plan text is text, never markup
    pages = _pages(path)
    assert (round(pages[-1][0]), round(pages[-1][1])) == (842, 595)  # the note stands where the map would


def test_weasyprint_is_imported_only_for_a_pdf() -> None:
    code = ("import sys, datetime as dt; from pathlib import Path; from checker import api; "
            "from checker.reporters import render; "
            "r = api.check([Path('plans/azumino/strategy-2.yaml')], as_of=dt.date(2026, 11, 27)); "
            "render(r, 'html'); render(r, 'text'); print('weasyprint' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_the_command_line_pdf_ends_with_the_goal_map(weasyprint_ok: None, tmp_path: Path) -> None:
    """`plancheck check --output report.pdf` draws the goal map for the PDF as it does for HTML."""
    from click.testing import CliRunner

    from cli import main

    path = tmp_path / "report.pdf"
    result = CliRunner().invoke(main, ["check", "--example", "--as-of", "2026-11-27", "--output", str(path), "-q"])
    assert result.exit_code == 1, result.stderr
    pages = _pages(path)
    assert pages[-1][0] > pages[-1][1]  # landscape: the map's page
    assert "目標の対応図" in _text(path, len(pages))
