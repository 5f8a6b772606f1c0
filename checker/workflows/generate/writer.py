"""Writing plan files: block YAML that records the line of every key it writes (the same way
checker.load.yamlsource numbers them, so expected violations carry their lines), and CSV tables as
Excel saves them. Plain string building, no YAML library on the write path."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any, Iterable, Sequence

Doc = dict[str, Any]
Path_ = tuple[str | int, ...]  # a key path: keys and list indexes from the document root


class Flow(dict):  # type: ignore[type-arg]
    """A mapping written inline: {id: G1-T1, title: …}."""


class Inline(list):  # type: ignore[type-arg]
    """A list written inline: [産, 官, 学]."""


_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}:]*")
_RESOLVED = re.compile(r"[-+.]?[0-9][0-9_.:eE+-]*|(?i:y|n|yes|no|on|off|true|false|null|~|\.inf|\.nan)")


def scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and not _RESOLVED.fullmatch(text) and " #" not in text and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


class YamlWriter:
    """Block YAML for dicts and lists, inline for Flow/Inline values; `lines` maps every key path
    and list item to its 1-based line, as checker.load.yamlsource numbers them."""

    def __init__(self, comment: Sequence[str] = ()) -> None:
        self.out: list[str] = [f"# {c}" for c in comment]
        self.lines: dict[Path_, int] = {}

    def text(self) -> str:
        return "\n".join(self.out) + "\n"

    def _mark(self, value: Any, path: Path_, line: int) -> None:
        self.lines.setdefault(path, line)
        if isinstance(value, dict):
            for k, v in value.items():
                self._mark(v, path + (k,), line)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                self._mark(v, path + (i,), line)

    def mapping(self, data: Doc, indent: int = 0, path: Path_ = (), dash: bool = False) -> None:
        for n, (key, value) in enumerate(data.items()):
            prefix = " " * (indent - 2) + "- " if dash and n == 0 else " " * indent
            line = len(self.out) + 1
            if n == 0:
                self.lines.setdefault(path, line)
            kp = path + (key,)
            self.lines[kp] = line
            if isinstance(value, (Flow, Inline)) or not isinstance(value, (dict, list)) or not value:
                self.out.append(f"{prefix}{key}: {flow(value)}")
                self._mark(value, kp, line)
            elif isinstance(value, dict):
                self.out.append(f"{prefix}{key}:")
                self.mapping(value, indent + 2, kp)
            else:
                self.out.append(f"{prefix}{key}:")
                self.sequence(value, indent + 2, kp)

    def sequence(self, items: list[Any], indent: int, path: Path_) -> None:
        for i, item in enumerate(items):
            ip = path + (i,)
            if isinstance(item, dict) and not isinstance(item, Flow) and item:
                self.mapping(item, indent + 2, ip, dash=True)
            else:
                line = len(self.out) + 1
                self.out.append(" " * indent + "- " + flow(item))
                self._mark(item, ip, line)


def locate(lines: dict[Path_, int], path: Path_) -> int | None:
    """Line of a key path or of its nearest enclosing key (checker.load.documents.locate)."""
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)


# --- CSV tables ---------------------------------------------------------------------------------------

PROJECT_COLUMNS = ("事業ID", "事業名", "施策ID", "所管課", "地域再生計画", "備考")
INDICATOR_COLUMNS = ("指標ID", "種別", "基本目標ID", "施策ID", "事業ID", "指標名", "単位", "基準年", "基準値",
                     "目標年", "目標値", "方向", "アウトカム", "出典", "前期の指標", "備考")
TABLE_COLUMNS = {"projects.csv": PROJECT_COLUMNS, "indicators.csv": INDICATOR_COLUMNS}


def csv_bytes(columns: Sequence[str], rows: Iterable[dict[str, Any]], encoding: str) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")  # as Excel saves it
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row[c] for c in columns])
    return buf.getvalue().encode(encoding)
