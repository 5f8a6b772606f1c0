"""Input errors: a plan file that cannot be used as written. Each names file, line, key, what is
wrong and how to fix it, in Japanese and English. They travel in the report like violations."""

from __future__ import annotations

from dataclasses import dataclass

from checker.errors import PlancheckError

# The codes (INPUT-001 … INPUT-005) are stable so tests and baselines can rely on them; each is
# described by its rule file, rules/input/INPUT-00x.yaml (checker.rules.builtin_codes).


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


class PlanInputError(PlancheckError):
    """Raised by readers for a file that cannot be used; carries its located errors."""

    def __init__(self, *errors: InputError) -> None:
        super().__init__("; ".join(f"{e.where()}: {e.message_en}" for e in errors))
        self.errors = errors
