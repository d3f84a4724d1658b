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


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class YamlSyntaxError(ValueError):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def load_yaml_text(text: str) -> Any:
    """Parse YAML text; raise YamlSyntaxError(line, reason) on any parse problem."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        reason = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(line, reason) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(0, str(exc).splitlines()[0] if str(exc) else "invalid YAML") from None
