"""The one base of every error a user can cause: unusable input, configuration or output. The
CLI turns a PlancheckError into its message and exit code 2 in one place; anything else that
escapes is a bug ("internal error")."""

from __future__ import annotations


class PlancheckError(Exception):
    """An error the user can fix: the message says what is wrong and how to fix it (ja / en)."""

    def __init__(self, message_ja: str, message_en: str) -> None:
        super().__init__(f"{message_ja} / {message_en}" if message_ja != message_en else message_en)
        self.message_ja, self.message_en = message_ja, message_en
