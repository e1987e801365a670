"""A small declarative schema for content files, shared by the loader and the JSON Schema."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Str:
    doc: str = ""
    min_len: int = 1
    max_len: int = 4000


@dataclass(frozen=True)
class Slug:
    """A lower-case id: letters, digits, '-' and '_'."""

    doc: str = ""


@dataclass(frozen=True)
class Int:
    lo: int
    hi: int
    doc: str = ""


@dataclass(frozen=True)
class Num:
    lo: float
    hi: float
    doc: str = ""


@dataclass(frozen=True)
class Bool:
    doc: str = ""


@dataclass(frozen=True)
class Enum:
    values: Sequence[str]  # a tuple, or a live group of the move registry
    doc: str = ""


@dataclass(frozen=True)
class Lines:
    """One string or a list of strings; loaded as a tuple of strings."""

    doc: str = ""
    min_items: int = 1


@dataclass(frozen=True)
class ListOf:
    item: Schema
    doc: str = ""
    min_items: int = 0
    unique_ids: bool = False  # items are objects with an `id` field that must be unique


@dataclass(frozen=True)
class Field:
    schema: Schema
    required: bool = False
    default: Any = None
    doc: str = ""


@dataclass(frozen=True)
class Obj:
    fields: Mapping[str, Field]
    doc: str = ""


@dataclass(frozen=True)
class MapOf:
    """A mapping whose keys come from `keys` (an Enum) or are free slugs, all with one value schema."""

    value: Schema
    keys: Enum | None = None
    doc: str = ""


Schema = Str | Slug | Int | Num | Bool | Enum | Lines | ListOf | Obj | MapOf


def describe(schema: Schema) -> str:
    """A short human name for what a schema expects, used in error messages."""
    names: dict[type, str] = {
        Str: "a text",
        Slug: "an id (lower-case letters, digits, '-' or '_')",
        Int: "a whole number",
        Num: "a number",
        Bool: "true or false",
        Lines: "a line of text or a list of lines",
        ListOf: "a list",
        Obj: "a mapping of keys to values",
        MapOf: "a mapping of keys to values",
    }
    if isinstance(schema, Enum):
        return "one of " + ", ".join(schema.values)
    return names[type(schema)]


def to_json_schema(schema: Schema, title: str = "") -> dict[str, Any]:
    """Translate a schema into JSON Schema (draft-07) for editor completion."""
    out: dict[str, Any]
    if isinstance(schema, Str):
        out = {"type": "string", "minLength": schema.min_len, "maxLength": schema.max_len}
    elif isinstance(schema, Slug):
        out = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$"}
    elif isinstance(schema, Int):
        out = {"type": "integer", "minimum": schema.lo, "maximum": schema.hi}
    elif isinstance(schema, Num):
        out = {"type": "number", "minimum": schema.lo, "maximum": schema.hi}
    elif isinstance(schema, Bool):
        out = {"type": "boolean"}
    elif isinstance(schema, Enum):
        out = {"enum": list(schema.values)}
    elif isinstance(schema, Lines):
        line = {"type": "string", "minLength": 1}
        out = {"oneOf": [line, {"type": "array", "items": line, "minItems": schema.min_items}]}
    elif isinstance(schema, ListOf):
        out = {"type": "array", "items": to_json_schema(schema.item), "minItems": schema.min_items}
    elif isinstance(schema, Obj):
        props = {}
        for name, fld in schema.fields.items():
            prop = to_json_schema(fld.schema)
            if fld.doc:
                prop["description"] = fld.doc
            if fld.default is not None:
                prop["default"] = list(fld.default) if isinstance(fld.default, tuple) else fld.default
            props[name] = prop
        out = {"type": "object", "properties": props, "additionalProperties": False}
        required = [n for n, f in schema.fields.items() if f.required]
        if required:
            out["required"] = required
    else:
        value = to_json_schema(schema.value)
        if schema.keys is not None:
            # Listing the keys as properties lets editors complete them; anything else is refused.
            out = {
                "type": "object",
                "properties": {key: value for key in schema.keys.values},
                "additionalProperties": False,
            }
        else:
            out = {
                "type": "object",
                "propertyNames": {"pattern": "^[a-z0-9][a-z0-9_-]*$"},
                "additionalProperties": value,
            }
    doc = getattr(schema, "doc", "")
    if doc and "description" not in out:
        out["description"] = doc
    if title:
        out = {"$schema": "http://json-schema.org/draft-07/schema#", "title": title, **out}
    return out
