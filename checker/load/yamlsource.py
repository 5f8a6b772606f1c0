"""YAML → plain Python data plus the line of every key and item, read with libyaml (CSafeLoader).

We compose the node tree in C and build the data ourselves in one walk, so line numbers come for
free, duplicate keys are caught (PyYAML silently keeps the last), and no tag can construct an
object: only the YAML core schema (str, int, float, bool, null, map, seq) is accepted. Timestamps
stay text on purpose: the fiscal calendar parses dates, not PyYAML.
"""

from __future__ import annotations

from typing import Any

import yaml

from checker.load.errors import InputError, PlanInputError
from checker.load.limits import DEFAULT_LIMITS, Limits

Path_ = tuple[str | int, ...]

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCT = yaml.constructor.SafeConstructor()
_SCALARS = {
    "tag:yaml.org,2002:int": _CONSTRUCT.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCT.construct_yaml_float,
    "tag:yaml.org,2002:bool": _CONSTRUCT.construct_yaml_bool,
    "tag:yaml.org,2002:null": _CONSTRUCT.construct_yaml_null,
}
_TEXT_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"}
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


def _error(file: str, line: int | None, key: str | None, ja: str, en: str, hint_ja: str = "", hint_en: str = "") -> PlanInputError:
    return PlanInputError(InputError("INPUT-002", file, line, key, ja, en, hint_ja, hint_en))


def key_path(path: Path_) -> str:
    """('goals', 0, 'title') -> 'goals[0].title'"""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def parse_yaml(text: str, file: str, limits: Limits = DEFAULT_LIMITS) -> tuple[Any, dict[Path_, int]]:
    """Return (data, lines) of a single-document file (more documents are an error)."""
    documents = parse_yaml_documents(text, file, limits)
    if len(documents) > 1:
        raise _error(file, None, None, "このファイルには文書を1つだけ書いてください", "this file must hold a single YAML document")
    return documents[0] if documents else (None, {})


def parse_yaml_documents(text: str, file: str, limits: Limits = DEFAULT_LIMITS) -> list[tuple[Any, dict[Path_, int]]]:
    """Every YAML document of a file ('---' separated) as (data, lines), where lines maps each
    key path to its 1-based line in the file."""
    try:
        roots = list(yaml.compose_all(text, Loader=_LOADER))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(filter(None, [exc.context, exc.problem]))
        began = exc.context_mark.line + 1 if exc.context_mark else None
        if began is not None and began != line:  # e.g. an unclosed [ … is found lines later
            problem_ja, problem_en = f"{problem}（{began}行目から）", f"{problem} (the construct began on line {began})"
        else:
            problem_ja = problem_en = problem
        raise _error(
            file, line, None,
            f"YAMLとして読めません: {problem_ja}",
            f"not valid YAML: {problem_en}",
            "インデント（半角スペース）、コロンの後の空白、引用符の対応を確認してください",
            "check indentation (spaces, not tabs), a space after each colon, and matching quotes",
        ) from None
    except yaml.YAMLError as exc:
        raise _error(file, None, None, f"YAMLとして読めません: {exc}", f"not valid YAML: {exc}") from None
    has_anchors = "&" in text
    result = []
    for root in roots:
        lines: dict[Path_, int] = {}
        if root is not None and has_anchors:  # without an anchor (&) there is no alias to expand
            _check_size(root, file, limits)
        result.append((None if root is None else _build(root, (), lines, file, limits.depth), lines))
    return result


def _check_size(root: yaml.Node, file: str, limits: Limits) -> None:
    """Refuse a document whose aliases would expand beyond the limit — counted on the composed
    node graph with memoisation, so a "billion laughs" file is refused in microseconds."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = ([n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode)
                    else list(node.value) if isinstance(node, yaml.SequenceNode) else [])
        if children_done or not children:
            sizes[id(node)] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[id(node)] > limits.yaml_nodes:
                raise _error(
                    file, node.start_mark.line + 1, None,
                    f"YAMLの別名（&/*）の展開が大きすぎます（上限 {limits.yaml_nodes:,} 要素）",
                    f"YAML aliases expand to more than {limits.yaml_nodes:,} nodes",
                    "別名（アンカー）を使わずに書いてください", "write the content without anchors and aliases",
                )
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)


def _build(node: yaml.Node, path: Path_, lines: dict[Path_, int], file: str, depth: int) -> Any:
    if len(path) > depth:
        raise _error(
            file, node.start_mark.line + 1, key_path(path),
            f"入れ子が深すぎます（上限 {depth} 段）", f"nested more than {depth} levels deep",
            "構造を浅くしてください", "flatten the structure",
        )
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _COLLECTION_TAGS:
        raise _error(
            file, node.start_mark.line + 1, key_path(path),
            f"使用できないタグ {node.tag} です", f"tag {node.tag} is not allowed in plan files",
            "タグ（!!…）を外してください", "remove the tag (!!…)",
        )
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise _error(
                    file, key_node.start_mark.line + 1, key_path(path),
                    "キーは単純な文字列にしてください", "keys must be plain scalars (no '<<' merges, no complex keys)",
                )
            key = key_node.value
            if key in result:
                raise _error(
                    file, key_node.start_mark.line + 1, key_path(path + (key,)),
                    f"キー '{key}' が重複しています", f"duplicate key '{key}'",
                    "どちらか一方を削除してください", "remove one of the two",
                )
            child = path + (key,)
            lines[child] = key_node.start_mark.line + 1
            result[key] = _build(value_node, child, lines, file, depth)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), lines, file, depth) for i, item in enumerate(node.value)]
    tag = node.tag
    if tag in _TEXT_TAGS:
        return node.value
    if tag in _SCALARS and isinstance(node, yaml.ScalarNode):
        return _SCALARS[tag](node)
    raise _error(
        file, node.start_mark.line + 1, key_path(path),
        f"使用できないタグ {tag} です", f"tag {tag} is not allowed in plan files",
        "タグ（!!…）を外してください", "remove the tag (!!…)",
    )
