"""YAML → plain Python data plus the line of every key and item, read with libyaml (CSafeLoader).

We compose the node tree in C and build the data ourselves in one walk, so line numbers come for
free, duplicate keys are caught (PyYAML silently keeps the last), and no tag can construct an
object: only the YAML core schema (str, int, float, bool, null, map, seq) is accepted. Timestamps
stay text on purpose: the fiscal calendar parses dates, not PyYAML.
"""

from __future__ import annotations

import gc
import operator
from contextlib import contextmanager
from typing import Any, Iterator

import yaml

from checker.i18n import Both, both
from checker.load.errors import InputError, PlanInputError
from checker.load.limits import DEFAULT_LIMITS, Limits

Path_ = tuple[str | int, ...]

_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the pure-Python one without libyaml


class _Loader(_SAFE_LOADER):
    """libyaml's CSafeLoader with a leaner resolver: the same tags in fewer Python steps.

    libyaml composes in C but calls back into the (Python) resolver for every node; PyYAML's own
    resolve builds a list per scalar and tracks the path of every node for path resolvers, which
    plancheck has none of. That was about a fifth of the time of composing a plan file."""

    yaml_path_resolvers: dict[Any, str] = {}  # own (empty) table: none added to PyYAML's loaders reach us
    # own copy of the core schema's patterns: none added later reach us, so a text's tag never changes
    yaml_implicit_resolvers = {first: list(patterns) for first, patterns in _SAFE_LOADER.yaml_implicit_resolvers.items()}

    # Only path resolvers need to know where a node is. libyaml calls these two for every node:
    # functions of C that take the same arguments and do nothing of note cost no Python frame
    # (a `pass` method's two calls per node were a twentieth of composing a plan file).
    descend_resolver = staticmethod(operator.is_)  # (node, index) → a bool nobody reads
    ascend_resolver = staticmethod(tuple)  # () → the empty tuple

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is not yaml.ScalarNode:  # value is None
            return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG
        if implicit[0]:  # a plain scalar: its tag depends on its text alone
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = self._plain_tag(value)
                if len(_PLAIN_TAGS) < _PLAIN_TAGS_KEPT and len(value) <= 64:  # keys and short values repeat
                    _PLAIN_TAGS[value] = tag
            return tag
        return self.DEFAULT_SCALAR_TAG

    def _plain_tag(self, value: str) -> str:
        """Its first character selects the YAML 1.1 patterns to try."""
        resolvers = self.yaml_implicit_resolvers
        for tag, regexp in resolvers.get(value[:1], ()):
            if regexp.match(value):
                return tag
        for tag, regexp in resolvers.get(None, ()):
            if regexp.match(value):
                return tag
        return self.DEFAULT_SCALAR_TAG


_PLAIN_TAGS: dict[str, str] = {}  # plain scalar text → its tag, for all files a process reads
_PLAIN_TAGS_KEPT = 1 << 12  # keys and common values fit; a national check keeps a worker under 150 MB


_CONSTRUCT = yaml.constructor.SafeConstructor()
_SCALARS = {
    "tag:yaml.org,2002:int": _CONSTRUCT.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCT.construct_yaml_float,
    "tag:yaml.org,2002:bool": _CONSTRUCT.construct_yaml_bool,
    "tag:yaml.org,2002:null": _CONSTRUCT.construct_yaml_null,
}
# A scalar's value by its text, per tag (not floats: each .nan stays its own object): 0, 1, true
# and null repeat in every file. All are immutable.
_CONSTRUCTED: dict[str, dict[str, Any]] = {tag: {} for tag in _SCALARS if tag != "tag:yaml.org,2002:float"}
_TEXT_TAGS = {"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"}
_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_SCALAR_NODE = yaml.ScalarNode  # one global name to look up in the loops of _build


def _error(file: str, line: int | None, key: str | None, message: tuple[str, str],
           hint: tuple[str, str] = ("", "")) -> PlanInputError:
    """INPUT-002: (ja, en) of what is wrong and of how to fix it (checker.i18n.both)."""
    return PlanInputError(InputError("INPUT-002", file, line, key, *message, *hint))


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
        raise _error(file, None, None, both("input.yaml.one_document"))
    return documents[0] if documents else (None, {})


def parse_yaml_documents(text: str, file: str, limits: Limits = DEFAULT_LIMITS) -> list[tuple[Any, dict[Path_, int]]]:
    """Every YAML document of a file ('---' separated) as (data, lines), where lines maps each
    key path to its 1-based line in the file."""
    # Parsing allocates a few objects per YAML node and leaves no cyclic garbage, yet the cyclic
    # collector would start every 700 allocations and now and then re-scan all the process holds:
    # in a check of 100 municipalities that was almost half of the parse time.
    with gc_paused():
        return _parse(text, file, limits)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused (unless a caller paused it already); it catches
    up afterwards. For work that allocates many objects and leaves no cycles behind."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _parse(text: str, file: str, limits: Limits) -> list[tuple[Any, dict[Path_, int]]]:
    try:
        roots = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = " ".join(filter(None, [exc.context, exc.problem]))
        began = exc.context_mark.line + 1 if exc.context_mark else None
        said: str | Both = problem
        if began is not None and began != line:  # e.g. an unclosed [ … is found lines later
            said = Both(*both("input.yaml.began", problem=problem, line=began))
        raise _error(file, line, None, both("input.yaml.unreadable", problem=said),
                     both("input.hint.yaml_syntax")) from None
    except yaml.YAMLError as exc:
        raise _error(file, None, None, both("input.yaml.unreadable", problem=str(exc))) from None
    has_anchors = "&" in text
    result = []
    for root in roots:
        lines: dict[Path_, int] = {}
        data = None
        if root is not None:
            if has_anchors:  # without an anchor (&) there is no alias to expand
                _check_size(root, file, limits)
            lines[()] = root.start_mark.line + 1
            data = _build(root, (), lines, file, limits.depth)
        result.append((data, lines))
    return result


def _check_size(root: yaml.Node, file: str, limits: Limits) -> None:
    """Refuse a document whose aliases would expand beyond the limit — counted on the composed
    node graph with memoisation, so a "billion laughs" file is refused in microseconds."""
    sizes: dict[int, int] = {}
    expanding: set[int] = set()  # nodes whose children are being counted
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        if not children_done and id(node) in expanding:  # met again below itself: `&a [*a]`
            raise _error(file, node.start_mark.line + 1, None, both("input.yaml.alias_cycle"),
                         both("input.hint.no_aliases"))
        children = ([n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode)
                    else list(node.value) if isinstance(node, yaml.SequenceNode) else [])
        if children_done or not children:
            sizes[id(node)] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[id(node)] > limits.yaml_nodes:
                raise _error(file, node.start_mark.line + 1, None,
                             both("input.yaml.alias_expansion", limit=limits.yaml_nodes), both("input.hint.no_aliases"))
        else:
            expanding.add(id(node))
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)


def _build(node: yaml.Node, path: Path_, lines: dict[Path_, int], file: str, depth: int) -> Any:
    """The data of `node` at `path` (whose line is already in `lines`), recording the line of every
    key and item below it. Most nodes are text scalars: the loops take those without a call."""
    if isinstance(node, _SCALAR_NODE):
        return _scalar(node, path, file)
    if node.tag not in _COLLECTION_TAGS:
        raise _tag_error(node, path, file)
    too_deep = len(path) >= depth  # the children are one level deeper
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, _SCALAR_NODE) or key_node.tag == "tag:yaml.org,2002:merge":
                raise _error(file, key_node.start_mark.line + 1, key_path(path), both("input.yaml.complex_key"))
            key = key_node.value
            if key in result:
                raise _error(file, key_node.start_mark.line + 1, key_path((*path, key)),
                             both("input.yaml.duplicate_key", key=key), both("input.hint.remove_duplicate"))
            child = (*path, key)
            lines[child] = key_node.start_mark.line + 1  # a value's line is its key's
            if too_deep:
                raise _depth_error(value_node, child, file, depth)
            if isinstance(value_node, _SCALAR_NODE):
                result[key] = value_node.value if value_node.tag in _TEXT_TAGS else _scalar(value_node, child, file)
            else:
                result[key] = _build(value_node, child, lines, file, depth)
        return result
    items = []
    for i, item in enumerate(node.value):
        child = (*path, i)
        lines[child] = item.start_mark.line + 1
        if too_deep:
            raise _depth_error(item, child, file, depth)
        if isinstance(item, _SCALAR_NODE):
            items.append(item.value if item.tag in _TEXT_TAGS else _scalar(item, child, file))
        else:
            items.append(_build(item, child, lines, file, depth))
    return items


def _scalar(node: yaml.ScalarNode, path: Path_, file: str) -> Any:
    tag = node.tag
    if tag in _TEXT_TAGS:
        return node.value
    known = _CONSTRUCTED.get(tag)
    if known is not None and node.value in known:
        return known[node.value]
    if tag in _SCALARS:
        try:
            value = _SCALARS[tag](node)
        except (ValueError, KeyError):  # `!!int abc`: the value does not fit the tag it was given
            raise _error(file, node.start_mark.line + 1, key_path(path),
                         both("input.yaml.tag_mismatch", value=node.value, tag=Both(tag.rsplit(":", 1)[-1], tag)),
                         both("input.hint.remove_tag")) from None
        if known is not None and len(known) < _PLAIN_TAGS_KEPT and len(node.value) <= 64:
            known[node.value] = value
        return value
    raise _tag_error(node, path, file)


def _tag_error(node: yaml.Node, path: Path_, file: str) -> PlanInputError:
    return _error(file, node.start_mark.line + 1, key_path(path), both("input.yaml.tag_not_allowed", tag=node.tag),
                  both("input.hint.remove_tag"))


def _depth_error(node: yaml.Node, path: Path_, file: str, depth: int) -> PlanInputError:
    return _error(file, node.start_mark.line + 1, key_path(path), both("input.yaml.too_deep", depth=depth),
                  both("input.hint.flatten"))
