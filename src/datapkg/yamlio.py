"""YAML loading that remembers the line of every mapping, so errors can name file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import InputError

LINE = "__line__"


# libyaml's parser when PyYAML was built with it: the same documents and marks, about eight times faster.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """SafeLoader that stores each mapping's 1-based start line under the key `__line__`.
    Dates stay strings: the annotation format parses them itself (so "2025-04" and "2025-04-02" behave alike)."""

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        mapping = super().construct_mapping(node, deep=True)
        keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
        dupes = {k for k in keys if keys.count(k) > 1}
        if dupes:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key(s) {sorted(dupes)}", node.start_mark)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


# Timestamps are read as plain strings.
_LineLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path, shown: str | None = None) -> Any:
    """Parse a YAML file; errors name it as `shown` (a path relative to the project root) when given."""
    name = shown or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not valid UTF-8 ({exc.reason} at byte {exc.start}); save the file as UTF-8") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror})") from None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else "?"
        what = " ".join(str(exc.problem or exc.context or "malformed YAML").split())
        raise InputError(f"{name}:{line}: malformed YAML: {what}; fix the syntax (quote strings containing ':' or quotes)") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{name}: malformed YAML: {' '.join(str(exc).split())}") from None


def strip_lines(value: Any) -> Any:
    """A copy of a loaded document without the `__line__` keys."""
    if isinstance(value, dict):
        return {k: strip_lines(v) for k, v in value.items() if k != LINE}
    if isinstance(value, list):
        return [strip_lines(v) for v in value]
    return value
