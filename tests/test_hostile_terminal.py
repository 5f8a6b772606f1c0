"""Terminal escapes, line breaks and bidi controls in plan text and file names: the text report
shows them as marks (checker.escaping) instead of obeying them, a file name cannot forge a report
line, a Markdown table row stays one line, the HTML report marks bidi controls visibly, and JSON
keeps the raw data (docs/security.md, "Output escaping")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from checker import api
from checker.reporters import render
from cli import main
from tests.conftest import AS_OF

ESC_CLEAR = "\x1b[2J"
OSC8_LINK = "\x1b]8;;http://evil\x1b\\クリック\x1b]8;;\x1b\\"
OSC0_TITLE = "\x1b]0;pwned\x07"
C1_CSI = "\x9b31m"
RLO = "\u202e"
# One title carrying every sequence, and a line break that tries to start a finding line.
TITLE = (f"見出し{ESC_CLEAR}{OSC8_LINK}{OSC0_TITLE}{C1_CSI}{RLO}txt.exe\u2066隔離\u2069\u200b\ufeff\x7f"
         "\n  forged.yaml:9  エラー  FAKE-001  偽の指摘")
FORGED_FILE = f"city{OSC0_TITLE}\n  forged.yaml:1  エラー  FAKE-002  偽{RLO}の指摘.yaml"
FORGED_TABLE = f"projects{ESC_CLEAR}\n  forged.yaml:2  エラー  FAKE-003  偽.csv"
# Characters that must never reach a terminal or a Markdown comment raw.
RAW = ("\x1b", "\x07", "\x9b", "\x7f", RLO, "\u2066", "\u2069", "\u200b", "\ufeff", "\u2028", "\x0b", "\x85")
FINDING = re.compile(r"^  \S.*  (エラー|警告|情報|error|warning|info|確認できず|not checked)  [A-Z]+-\d{3}  ")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A city strategy whose titles, municipality, notes and table cells carry TITLE, written to a
    file named FORGED_FILE, with a projects table named FORGED_TABLE."""
    doc = {
        "kind": "municipal_strategy", "id": "city/strategy", "title": TITLE, "note": TITLE, "municipality": TITLE,
        "prefecture": "例県", "period": {"from": "R2", "to": "R6"},
        "goals": [{"id": "G1", "title": TITLE, "measures": [{"id": "M1", "title": TITLE}]}],
        "projects": {"table": FORGED_TABLE},
        "waivers": [{"rule": "KPI-001", "target": "M1", "reason": TITLE, "approved_by": TITLE}],
    }
    (tmp_path / FORGED_FILE).write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    cell = TITLE.replace("\n", " ").replace('"', "")
    (tmp_path / FORGED_TABLE).write_text(f'id,title,measure\nP1,"{cell}",NOPE\nP2,"{cell}\n二行目",M1\n',
                                         encoding="utf-8")
    return tmp_path


def run(folder: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["check", str(folder), "--no-reference", "--no-cache",
                                       "--as-of", AS_OF.isoformat(), *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_the_convention() -> None:
    from checker.escaping import visible, visible_html

    assert visible("a\x1b[2J\x07\tb\r\nc\rd\x00\x7f") == "a\u241b[2J\u2407\u2409b\u23cec\u23ced\u2400\u2421"
    assert visible("x\x9b\u202e\u2066\u200b\ufeff\u2028\u00ad\ud800\ufffe") == \
        "x<U+009B><U+202E><U+2066><U+200B><U+FEFF><U+2028><U+00AD><U+D800><U+FFFE>"
    assert visible("a\r\nb\tc", keep="\n") == "a\nb\u2409c"
    plain = "第2期 まち・ひと・しごと　創生 <b>&amp;"  # printable text, the U+3000 space too: unchanged
    assert visible(plain) == plain
    assert visible_html("<b>\u202e") == ('&lt;b&gt;<span class="cc" title="U+202E RIGHT-TO-LEFT OVERRIDE">'
                                         "&lt;U+202E&gt;</span>")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_text_report_shows_escapes_as_marks(folder: Path, lang: str) -> None:
    out = run(folder, "--format", "text", "--lang", lang)
    for char in RAW:
        assert char not in out, repr(char)
    assert "␛[2J" in out and "␛]0;pwned␇" in out and "<U+202E>txt.exe" in out and "<U+009B>31m" in out
    # No line break from plan text: every line that looks like a finding is one of the report's.
    lines = out.split("\n")
    assert not [line for line in lines if re.match(r"\s*forged\.yaml", line)]
    findings = [line for line in lines if FINDING.match(line)]
    report = api.check([folder], include_reference=False, as_of=AS_OF)
    assert len(findings) == len(report.violations) + len(report.not_checked) and report.violations
    assert all("FAKE-" not in line or "⏎" in line for line in lines)
    forged = "city␛]0;pwned␇⏎  forged.yaml:1  エラー  FAKE-002  偽<U+202E>の指摘.yaml:"
    assert any(forged in line for line in findings)
    assert any("projects␛[2J⏎  forged.yaml:2" in line and "REF-001" in line for line in findings)  # a table cell
    # Only the presentation changes: JSON (a data format) keeps the raw text.
    data = json.loads(run(folder, "--format", "json"))
    assert TITLE in [d["title"] for d in data["documents"]]
    assert any(v["file"].endswith(FORGED_FILE) for v in data["violations"])


def test_text_report_keeps_only_its_own_colours(folder: Path) -> None:
    report = api.check([folder], include_reference=False, as_of=AS_OF)
    out = str(render(report, "text", "ja", colour=True))
    assert re.search(r"\x1b\[[0-9;]*m", out)  # the reporter's colours stay …
    rest = re.sub(r"\x1b\[[0-9;]*m", "", out)  # … and are the only escape sequences
    for char in RAW:
        assert char not in rest, repr(char)


def test_markdown_rows_stay_one_line(folder: Path) -> None:
    out = run(folder, "--format", "markdown")
    for char in RAW:
        assert char not in out, repr(char)
    lines = out.split("\n")
    assert out.splitlines() == lines[:-1]  # no other line separator (U+2028, VT, NEL …) either
    cells = 0
    for before, line in zip(lines, lines[1:]):
        if line.startswith("|"):
            assert line.endswith(" |"), line
            count = len(re.findall(r"(?<!\\)\|", line))
            if before.startswith("|"):
                assert count == cells, line  # as many cells as the header
            cells = count
        elif before.startswith("|"):
            assert line == "", line  # a table ends with an empty line, never a broken-off row
    assert "&lt;U+202E&gt;txt.exe" in out and "␛\\[2J" in out


def test_html_marks_bidi_controls(folder: Path) -> None:
    out = run(folder, "--format", "html", "--output", str(folder / "report.html"))
    assert out == ""
    page = (folder / "report.html").read_text(encoding="utf-8")
    for char in (RLO, "\u2066", "\u2069", "\u200b", "\x1b", "\x07"):
        assert char not in page, repr(char)
    assert '<span class="cc" title="U+202E RIGHT-TO-LEFT OVERRIDE">&lt;U+202E&gt;</span>txt.exe' in page
    assert 'title="U+2066 LEFT-TO-RIGHT ISOLATE"' in page


def test_junit_and_excel_show_bidi_controls(folder: Path) -> None:
    import openpyxl

    junit = run(folder, "--format", "junit")
    assert RLO not in junit and "\u2066" not in junit and "&lt;U+202E&gt;txt.exe" in junit
    book = folder / "report.xlsx"
    run(folder, "--format", "xlsx", "--output", str(book))
    cells = [str(c.value) for ws in openpyxl.load_workbook(book).worksheets for row in ws.iter_rows() for c in row
             if c.value is not None]
    assert not [c for c in cells if RLO in c or "\u200b" in c or "\ufeff" in c]
    assert any("<U+202E>txt.exe" in c for c in cells)
