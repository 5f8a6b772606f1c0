"""The one base of every error a user can cause: unusable input, configuration or output. The
CLI turns a PlancheckError into its message and exit code 2 in one place (cli.guarded); anything
else that escapes is a bug ("internal error").

Not PlancheckErrors, on purpose: the value errors of parsing (fiscal.CalendarError, quantity.
NotAQuantity, prefectures.UnknownPrefecture, InvalidValue below) and the carriers of the loaders
(load.files.FileRefused, load.cache_codec.Malformed) have no file or line of their own; their
callers turn them into located input errors (INPUT-00x), a usage error or one of these."""

from __future__ import annotations

from typing import Any

from checker.i18n import t


class PlancheckError(Exception):
    """An error the user can fix: the message says what is wrong and how to fix it (ja / en;
    one text stands for both when it is the same, or not yet translated). `heading` is what the
    command line prints before it (e.g. 設定エラー / configuration error: )."""

    heading = ""

    def __init__(self, message_ja: str, message_en: str | None = None) -> None:
        message_en = message_ja if message_en is None else message_en
        super().__init__(f"{message_ja} / {message_en}" if message_ja != message_en else message_en)
        self.message_ja, self.message_en = message_ja, message_en


class InvalidValue(ValueError):
    """A value a plan file cannot hold, said in both languages by a catalogue entry (checker.i18n
    `key`, filled in with `params`): what the model's validators raise (checker.model,
    checker.quantity). pydantic keeps it as the error's ctx["error"]; checker.load.documents
    shows message_ja / message_en, located (INPUT-003). str() is the English message. The texts
    are made when asked for: a parser may raise and catch many (checker.load.tables tries values)."""

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key, self.params = key, params

    @property
    def message_ja(self) -> str:
        return t(self.key, "ja", **self.params)

    @property
    def message_en(self) -> str:
        return t(self.key, "en", **self.params)

    def __str__(self) -> str:
        return self.message_en

    def __reduce__(self) -> tuple[Any, ...]:  # picklable (to a worker process and back) with its params
        return _rebuilt, (type(self), self.key, self.params)


def _rebuilt(cls: type[InvalidValue], key: str, params: dict[str, Any]) -> InvalidValue:
    return cls(key, **params)
