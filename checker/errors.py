"""The one base of every error a user can cause: unusable input, configuration or output. The
CLI turns a PlancheckError into its message and exit code 2 in one place (cli.guarded); anything
else that escapes is a bug ("internal error").

Not PlancheckErrors, on purpose: the value errors of parsing (fiscal.CalendarError, quantity.
NotAQuantity, prefectures.UnknownPrefecture) and the carriers of the loaders (load.files.
FileRefused, load.cache_codec.Malformed) have no file or line of their own; their callers turn
them into located input errors (INPUT-00x), a usage error or one of these."""

from __future__ import annotations


class PlancheckError(Exception):
    """An error the user can fix: the message says what is wrong and how to fix it (ja / en;
    one text stands for both when it is the same, or not yet translated). `heading` is what the
    command line prints before it (e.g. 設定エラー / configuration error: )."""

    heading = ""

    def __init__(self, message_ja: str, message_en: str | None = None) -> None:
        message_en = message_ja if message_en is None else message_en
        super().__init__(f"{message_ja} / {message_en}" if message_ja != message_en else message_en)
        self.message_ja, self.message_en = message_ja, message_en
