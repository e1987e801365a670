"""Parse YAML text into located nodes and check them against a schema, collecting every error."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from simulator.errors import ContentError
from simulator.scenario.schema import (
    Bool,
    Enum,
    Int,
    Lines,
    ListOf,
    MapOf,
    Num,
    Obj,
    Schema,
    Slug,
    Str,
    describe,
)

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 100_000
MAX_LIST_ITEMS = 1_000  # per list: phrases, lines, needs, offers ...
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML was built with it
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"


@dataclass
class Checked:
    """The plain value read from a file plus where each field came from."""

    value: Any
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    errors: list[ContentError] = field(default_factory=list)


def decode_text(path: str, data: bytes) -> tuple[str | None, list[ContentError]]:
    """Decode file bytes as UTF-8, refusing oversized, binary or empty files with a located error."""
    if len(data) > MAX_FILE_BYTES:
        size = f"{len(data) / 1_000_000:.1f} MB"
        msg = f"file is too large ({size}; the limit is {MAX_FILE_BYTES // 1_000_000} MB)"
        return None, [ContentError(path, 1, 1, "", msg)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        msg = f"file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8"
        return None, [ContentError(path, line, col, "", msg)]
    if "\x00" in text:
        index = text.index("\x00")
        line = text.count("\n", 0, index) + 1
        return None, [ContentError(path, line, 1, "", "file contains binary data (a NUL byte)")]
    if not text.strip():
        return None, [ContentError(path, 1, 1, "", "file is empty")]
    return text, []


def compose(path: str, text: str) -> tuple[yaml.Node | None, list[ContentError]]:
    """Parse YAML into a node tree (positions kept), turning parser errors into located ones."""
    try:
        return _compose_fast(text), []
    except (yaml.YAMLError, RecursionError):
        pass  # parse again with the pure-Python loader: its messages and marks are the ones explained
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        if problem.startswith("could not find expected ':'") and exc.context_mark:
            mark = exc.context_mark  # the line missing its ':' (the problem mark is the next line)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "'\\t'" in problem or ("\\t" in repr(problem) and "tab" not in problem):
            problem = "a tab character is not allowed here; indent with spaces"
        elif plain := _plain_problem(problem):
            problem = plain
        elif exc.context:
            problem = f"{problem} ({exc.context})"
        return None, [ContentError(path, line, col, "", _one_line(f"YAML syntax error: {problem}"))]
    except yaml.reader.ReaderError as exc:  # a control character: locate it instead of a stream offset
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        char = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        msg = f"the file contains a control character ({char}) that is not allowed; delete it"
        return None, [ContentError(path, line, col, "", msg)]
    except yaml.YAMLError as exc:  # non-marked errors (rare): still one clear line
        return None, [ContentError(path, 1, 1, "", _one_line(f"YAML error: {exc}"))]
    except RecursionError:  # e.g. thousands of nested [ or { : the parser gives up
        return None, [ContentError(path, 1, 1, "", "values are nested too deeply to read")]
    if node is None:
        return None, [ContentError(path, 1, 1, "", "file has no content")]
    return node, []


def _compose_fast(text: str) -> yaml.Node:
    """Compose with libyaml (a 300k-item list in about a second); raises on any problem."""
    node = yaml.compose(text, Loader=_LOADER)
    if node is None:
        raise yaml.YAMLError("empty")
    return node


class _Checker:
    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[ContentError] = []
        self.positions: dict[str, tuple[int, int]] = {}
        self.visited = 0

    def error(self, node: yaml.Node, where: str, message: str) -> None:
        mark = node.start_mark
        self.errors.append(
            ContentError(self.path, mark.line + 1, mark.column + 1, _shown(where, 200), message)
        )

    def check(self, node: yaml.Node, schema: Schema, where: str) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            if self.visited == MAX_NODES + 1:
                self.error(node, where, "too many values (are aliases repeating the content?)")
            return None
        self.positions[where] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(schema, Obj):
            return self._obj(node, schema, where)
        if isinstance(schema, MapOf):
            return self._map(node, schema, where)
        if isinstance(schema, ListOf):
            return self._list(node, schema, where)
        if isinstance(schema, Lines):
            return self._lines(node, schema, where)
        return self._scalar(node, schema, where)

    def _pairs(self, node: yaml.Node, where: str) -> list[tuple[str, yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, where, f"expected a mapping of keys to values, got {_kind(node)}")
            return []
        seen: dict[str, int] = {}
        pairs: list[tuple[str, yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, where, "keys must be plain words")
                continue
            key = key_node.value
            if key in seen:
                self.error(key_node, _join(where, key), f"duplicate key (first at line {seen[key]})")
                continue
            seen[key] = key_node.start_mark.line + 1
            pairs.append((key, key_node, value_node))
        return pairs

    def _obj(self, node: yaml.Node, schema: Obj, where: str) -> dict[str, Any] | None:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, where or "(top)", f"expected a mapping of keys to values, got {_kind(node)}")
            return None
        out: dict[str, Any] = {}
        for key, key_node, value_node in self._pairs(node, where):
            sub = _join(where, key)
            if key not in schema.fields:
                self.error(key_node, sub, "unknown key" + _suggest(key, list(schema.fields)))
                continue
            if _is_null(value_node):
                if schema.fields[key].required:
                    self.error(value_node, sub, f"is empty; expected {describe(schema.fields[key].schema)}")
                continue
            out[key] = self.check(value_node, schema.fields[key].schema, sub)
        for name, fld in schema.fields.items():
            if (
                fld.required
                and name not in out
                and not any(e.field == _join(where, name) for e in self.errors)
            ):
                self.error(node, _join(where, name), "is required but missing")
        return out

    def _map(self, node: yaml.Node, schema: MapOf, where: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, key_node, value_node in self._pairs(node, where):
            sub = _join(where, key)
            if schema.keys is not None and key not in schema.keys.values:
                self.error(key_node, sub, "unknown key" + _suggest(key, list(schema.keys.values)))
                continue
            if schema.keys is None and not _SLUG.match(key):
                self.error(key_node, sub, "keys must be ids (lower-case letters, digits, '-' or '_')")
                continue
            out[key] = self.check(value_node, schema.value, sub)
        return out

    def _list(self, node: yaml.Node, schema: ListOf, where: str) -> list[Any]:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, where, f"expected a list, got {_kind(node)}")
            return []
        if len(node.value) < schema.min_items:
            self.error(node, where, f"needs at least {schema.min_items} item(s)")
        if self._too_long(node, where):
            return []
        items = [self.check(item, schema.item, f"{where}[{i}]") for i, item in enumerate(node.value)]
        if schema.unique_ids:
            seen: dict[str, int] = {}
            for i, (item, item_node) in enumerate(zip(items, node.value, strict=True)):
                ident = item.get("id") if isinstance(item, dict) else None
                if not isinstance(ident, str):
                    continue
                if ident in seen:
                    self.error(
                        item_node, f"{where}[{i}].id", f"duplicate id '{ident}' (first at line {seen[ident]})"
                    )
                else:
                    seen[ident] = item_node.start_mark.line + 1
        return items

    def _too_long(self, node: yaml.Node, where: str) -> bool:
        """A list over MAX_LIST_ITEMS is an error at its first extra item (aliases count)."""
        if not isinstance(node, yaml.SequenceNode) or len(node.value) <= MAX_LIST_ITEMS:
            return False
        mark = node.value[MAX_LIST_ITEMS].start_mark
        self.errors.append(
            ContentError(
                self.path,
                mark.line + 1,
                mark.column + 1,
                _shown(where, 200),
                f"too many items ({len(node.value):,}; at most {MAX_LIST_ITEMS:,} in one list)",
            )
        )
        return True

    def _lines(self, node: yaml.Node, schema: Lines, where: str) -> tuple[str, ...]:
        nodes = node.value if isinstance(node, yaml.SequenceNode) else [node]
        if self._too_long(node, where):
            return ()
        out = []
        for i, item in enumerate(nodes):
            sub = f"{where}[{i}]" if isinstance(node, yaml.SequenceNode) else where
            if not isinstance(item, yaml.ScalarNode) or _is_null(item) or not item.value.strip():
                self.error(item, sub, "expected a line of text")
                continue
            out.append(" ".join(item.value.split()))
        if len(out) < schema.min_items and not any(e.field.startswith(where) for e in self.errors):
            self.error(node, where, f"needs at least {schema.min_items} line(s)")
        return tuple(out)

    def _scalar(self, node: yaml.Node, schema: Schema, where: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, where, f"expected {describe(schema)}, got {_kind(node)}")
            return None
        text, tag = node.value, node.tag
        if isinstance(schema, Str):
            value = text.strip()
            if len(value) < schema.min_len:
                self.error(node, where, "must not be empty")
            elif len(value) > schema.max_len:
                self.error(node, where, f"is too long ({len(value)} characters; at most {schema.max_len})")
            return value
        if isinstance(schema, Slug):
            if not _SLUG.match(text):
                self.error(
                    node,
                    where,
                    f"'{_shown(text)}' is not a valid id (use lower-case letters, digits, '-' or '_')",
                )
            return text
        if isinstance(schema, Enum):
            if text not in schema.values:
                self.error(
                    node,
                    where,
                    f"'{_shown(text)}' is not one of {', '.join(schema.values)}"
                    + _suggest(text, list(schema.values)),
                )
            return text
        if isinstance(schema, Bool):
            if tag != _BOOL_TAG:
                self.error(node, where, f"expected true or false, got '{_shown(text)}'")
                return None
            return text.lower() in ("true", "yes", "on")
        if isinstance(schema, Int | Num):
            return self._number(node, schema, where)
        raise AssertionError(f"unhandled schema {schema!r}")

    def _number(self, node: yaml.ScalarNode, schema: Int | Num, where: str) -> float | int | None:
        text, tag = node.value, node.tag
        allowed = (_INT_TAG,) if isinstance(schema, Int) else (_INT_TAG, _FLOAT_TAG)
        if tag not in allowed:
            self.error(node, where, f"expected {describe(schema)}, got '{_shown(text)}'")
            return None
        try:
            value: float | int = int(text.replace("_", ""), 0) if tag == _INT_TAG else float(text)
        except ValueError:
            self.error(node, where, f"expected {describe(schema)}, got '{_shown(text)}'")
            return None
        if not schema.lo <= value <= schema.hi:
            self.error(node, where, f"{text} is out of range ({schema.lo} to {schema.hi})")
        return value


def check(path: str, node: yaml.Node, schema: Schema) -> Checked:
    """Check a node tree against a schema; every problem is collected, none raised."""
    checker = _Checker(path)
    value = checker.check(node, schema, "")
    return Checked(value, checker.positions, checker.errors)


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _is_null(node: yaml.Node) -> bool:
    return (
        isinstance(node, yaml.ScalarNode)
        and node.tag == _NULL_TAG
        and node.value in ("", "~", "null", "Null", "NULL")
    )


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"'{_shown(node.value)}'" if node.value else "nothing"


def _shown(text: str, limit: int = 60) -> str:
    """A value as quoted in a message: on one line, and cut short when long."""
    flat = " ".join(text.split()) if ("\n" in text or "\r" in text or "\t" in text) else text
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


_PLAIN_PROBLEMS = (
    ("mapping values are not allowed here", "a ': ' is not allowed here; put text containing ': ' in quotes"),
    ("expected <block end>, but found '<block", "this line is indented differently from the lines around it"),
    (
        "expected <block end>, but found '<scalar>'",
        "unexpected text: check the indentation, or a quote left open",
    ),
    ("could not find expected ':'", "expected 'key: value' on this line (is the ':' missing?)"),
)


def _plain_problem(problem: str) -> str:
    """Common PyYAML problems in words a scenario author understands ('' when not one of them)."""
    return next((plain for start, plain in _PLAIN_PROBLEMS if problem.startswith(start)), "")


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
