"""Reporters: a finished Report → text in one format. Formatting only; they compute nothing."""

from __future__ import annotations

from typing import Callable

from checker.report import Report

Reporter = Callable[[Report, str, bool], str]  # (report, lang, colour) -> text


def _text(report: Report, lang: str, colour: bool) -> str:
    from checker.reporters.text import render

    return render(report, lang, colour)


def _json(report: Report, lang: str, colour: bool) -> str:
    from checker.reporters.json import render

    return render(report)


FORMATS: dict[str, Reporter] = {"text": _text, "json": _json}


def render(report: Report, fmt: str, lang: str = "ja", colour: bool = False) -> str:
    return FORMATS[fmt](report, lang, colour)
