"""Safe YAML loading that remembers the line each mapping started on.

`load_yaml_text` returns plain dicts/lists/scalars, except that mappings are
`LineDict`s whose `.line` is 1-based; the data validator uses it to say
`file:line: message`. The C loader is used when PyYAML was built with it.
"""

from __future__ import annotations

from typing import Any

import yaml

try:
    _Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Base = yaml.SafeLoader


class LineDict(dict):  # type: ignore[type-arg]  # a plain dict with a line number
    line: int = 0


class _LineLoader(_Base):  # type: ignore[misc]  # base (C or Python loader) chosen at import time
    pass


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "found an unhashable key", key_node.start_mark
            ) from None
        result[key] = loader.construct_object(value_node, deep=True)
    return result


def _construct_timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    """A date as YAML writes it; an impossible one (2026-02-30) stays text, for the caller to report."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return str(node.value)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

MAX_DEPTH = 40  # lists and mappings inside each other; the data needs under ten, an answers file two


class YamlSyntaxError(ValueError):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason

    def params(self) -> dict[str, Any]:
        """For a message: the line (where known) and the reason in both languages."""
        where_zh = f"（第 {self.line} 行）" if self.line else ""
        where_en = f" (line {self.line})" if self.line else ""
        reasons = {"reason_zh": reason_zh(self.reason), "reason_en": self.reason}
        return {"where_zh": where_zh, "where_en": where_en, **reasons}


# PyYAML's (and json's) usual problems, said in plain Chinese; others get a general wording.
_REASONS_ZH = (
    ("nested too deeply", "括号或缩进套得太多层"),
    ("anchors and aliases", "不能使用 & 和 * （锚点和别名）"),
    ("mapping values are not allowed", "这里不能有冒号（冒号后要空一格，或者给这一项加上引号）"),
    ("could not find expected ':'", "缺少冒号（每行写成“问题: 回答”）"),
    ("cannot start any token", "有不能用的字符（例如 Tab 键，请改用空格缩进）"),
    ("expected <block end>", "缩进不整齐"),
    ("found unexpected end of stream", "引号或括号没有结束"),
    ("while scanning a quoted scalar", "引号没有成对"),
    ("found duplicate anchor", "不能使用 & 和 * （锚点和别名）"),
    ("found undefined alias", "不能使用 & 和 * （锚点和别名）"),
    ("found an unhashable key", "问题名称的写法有误"),
    ("did not find expected", "括号没有结束，或者少了逗号"),
    ("Expecting", "JSON 写法有误（括号、引号或逗号）"),
)


def reason_zh(reason: str) -> str:
    for english, chinese in _REASONS_ZH:
        if english in reason:
            return chinese
    return "写法有误，请对照示例检查括号、引号、冒号和缩进"


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether lists and mappings nest more than `limit` levels (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _refuse_aliases(text: str) -> None:
    """Aliases (*name) repeat an anchored part: a few hundred bytes can stand for gigabytes
    ("billion laughs"). Neither the data nor an answers file needs them."""
    if "&" not in text and "*" not in text:
        return
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            mark = event.start_mark
            line = mark.line + 1 if mark is not None else 0
            raise YamlSyntaxError(line, "anchors and aliases (&, *) are not allowed")


def load_yaml_text(text: str, *, user: bool = False) -> Any:
    """Parse YAML text; raise YamlSyntaxError(line, reason) on any parse problem, on aliases and on
    nesting deeper than MAX_DEPTH. Dates that do not exist stay text. (`user`: a user's file;
    the same rules apply to the data.)"""
    try:
        _refuse_aliases(text)
        content = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
        if too_deep(content):
            raise YamlSyntaxError(0, "nested too deeply")
        return content
    except RecursionError:
        raise YamlSyntaxError(0, "nested too deeply") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        reason = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(line, reason) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(0, str(exc).splitlines()[0] if str(exc) else "invalid YAML") from None
