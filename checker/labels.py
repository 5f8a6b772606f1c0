"""Names of plan fields and terms as readers see them in messages (ja / en): the values a check
puts in a finding's params (Label, Named, Phrase, Duration, Percent) render through the catalogue
(checker.i18n, label.*); plain data (JSON) keeps the key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker import i18n
from checker.i18n import t

# The words are the catalogue's (checker.i18n: label.*, severity.*, family.*).
# The rule families in report order (the order of family.* in the catalogue).
FAMILIES: tuple[str, ...] = tuple(i18n.section("family"))
# The terms a plain value may stand for (label()): the labels that take no {params}.
_TERMS = frozenset(key for key, (ja, en) in i18n.section("label").items() if not i18n.params(ja) and not i18n.params(en))


def family_label(family: str, lang: str) -> str:
    """A rule family as reports name it; an unknown family as it is."""
    return t(f"family.{family}", lang) if i18n.has(f"family.{family}") else family


def severity_label(severity: str, lang: str) -> str:
    return t(f"severity.{severity}", lang)


def term(key: object, lang: str) -> str:
    """A field name or term (label.*) in `lang`; anything else as it is written."""
    return t(f"label.{key}", lang) if str(key) in _TERMS else str(key)


@dataclass(frozen=True)
class Label:
    """A field name or term rendered in the reader's language; plain data keeps the key."""

    key: str

    def ja(self) -> str:
        return t(f"label.{self.key}", "ja")

    def en(self) -> str:
        return t(f"label.{self.key}", "en")


@dataclass(frozen=True)
class Named(Label):
    """A term about something named (事業類型「インフラ整備事業」の上限); plain data keeps the key."""

    name: str = ""

    def ja(self) -> str:
        return t(f"label.{self.key}", "ja", name=self.name)

    def en(self) -> str:
        return t(f"label.{self.key}", "en", name=self.name)


@dataclass(frozen=True)
class Phrase(Label):
    """A term with values in it (基準値 410 が前期の2019年度の実績 398 と異なる): label.<key> are
    templates; values render as a reader of each language expects (their ja()/en() if they have
    them). Plain data keeps the key."""

    values: tuple[tuple[str, Any], ...] = ()

    def ja(self) -> str:
        return t(f"label.{self.key}", "ja", **{k: i18n.shown(v, "ja") for k, v in self.values})

    def en(self) -> str:
        return t(f"label.{self.key}", "en", **{k: i18n.shown(v, "en") for k, v in self.values})


def with_unit(name: str, unit: object, lang: str) -> str:
    """An indicator's name with its unit as the plan writes it (人, 件, %; never translated), the
    brackets as `lang` writes them (sep.unit): 転入者数（人） / 転入者数 (人); no unit, the name alone."""
    return t("sep.unit", lang, name=name, unit=unit) if unit not in (None, "") else name


def label(value: Any) -> Any:
    """A plain value that names a term (label.*, without {params}) as a Label; else the value."""
    return Label(value) if isinstance(value, str) and value in _TERMS else value


@dataclass(frozen=True)
class Duration:
    """A delay: in months when there is at least one, else in days."""

    days: int
    months: int

    def ja(self) -> str:
        return self._text("ja")

    def en(self) -> str:
        return self._text("en")

    def _text(self, lang: str) -> str:
        return t("label.months", lang, n=self.months) if self.months else t("label.days", lang, n=self.days)


@dataclass(frozen=True)
class Percent:
    value: float

    def ja(self) -> str:
        return f"{self.value:.0%}"

    en = ja
