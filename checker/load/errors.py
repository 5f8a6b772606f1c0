"""Input errors: a plan file that cannot be used as written. Each names file, line, key, what is
wrong and how to fix it, in Japanese and English. They travel in the report like violations."""

from __future__ import annotations

from dataclasses import dataclass

# code -> (ja, en) short name; the codes are stable so tests and baselines can rely on them.
INPUT_CODES: dict[str, tuple[str, str]] = {
    "INPUT-001": ("ファイルを読めません", "file cannot be read"),
    "INPUT-002": ("YAMLの構文誤り", "YAML syntax error"),
    "INPUT-003": ("計画ファイルの項目・型の誤り", "plan field or type error"),
    "INPUT-004": ("日付・年度を読めません", "unreadable date or fiscal year"),
    "INPUT-005": ("表（CSV/Excel）の誤り", "table (CSV/Excel) error"),
}


@dataclass(frozen=True)
class InputError:
    code: str
    file: str
    line: int | None
    key: str | None
    message_ja: str
    message_en: str
    hint_ja: str = ""
    hint_en: str = ""
    document: str | None = None  # the id of the document it stops from loading, when known

    def where(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{place} ({self.key})" if self.key else place


class PlanInputError(Exception):
    """Raised by readers for a file that cannot be used; carries its located errors."""

    def __init__(self, *errors: InputError) -> None:
        super().__init__("; ".join(f"{e.where()}: {e.message_en}" for e in errors))
        self.errors = errors
