"""Parse and validate phrase packs (YAML text), reporting problems as `path:line:col: field: message`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

import yaml

from simulator.detect.normalize import Lexicon
from simulator.detect.patterns import CONTEXT_SLOTS, Compiler, PatternError, parse, slots_used
from simulator.moves import TEXT_MOVES

TOP_KEYS: Final = ("version", "description", "macros", "lexicon", "remedies", "moves")
MOVE_KEYS: Final = (
    "description",
    "patterns",
    "block",
    "suppresses",
    "negation",
    "undone_by_contrast",
    "undoes",
    "extend",
    "examples",
    "counter_examples",
)
LIST_LEXICON: Final = (
    "s_is",
    "fillers",
    "soft",
    "negators",
    "non_negating",
    "contrast",
    "clause_words",
    "abbreviations",
)
MAP_LEXICON: Final = ("contractions", "spellings")
NEGATION: Final = ("word", "clause", "none")
EXTEND: Final = ("none", "clause", "sentence")


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_PACK_BYTES = 2_000_000


# A pack as the shell read it: the path shown in messages, and the file's bytes or the error reading it.
PackSource = tuple[str, bytes | OSError]


class PhrasePackError(ValueError):
    """A phrase pack with problems; `errors` lists every one of them, located."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True, slots=True)
class MoveSpec:
    """What one pack says about one move; unset options are None (later packs override)."""

    move: str
    patterns: tuple[str, ...] = ()
    block: tuple[str, ...] = ()
    suppresses: tuple[str, ...] = ()
    negation: str | None = None
    undone_by_contrast: bool | None = None
    undoes: bool | None = None
    extend: str | None = None
    examples: tuple[str, ...] = ()
    counter_examples: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class PhrasePack:
    path: str
    version: int = 1
    description: str = ""
    macros: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    lexicon: Mapping[str, tuple[str, ...] | Mapping[str, str]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    moves: Mapping[str, MoveSpec] = field(default_factory=lambda: MappingProxyType({}))
    # Remedy synonym classes (class -> member patterns): a scenario offer phrase containing a
    # member also matches the class's other members ("refund" ~ "reimburse", "money back").
    remedies: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))


def merge_remedies(packs: Iterable[PhrasePack]) -> dict[str, tuple[str, ...]]:
    """Remedy classes of several packs; a class named again gains the new members."""
    out: dict[str, tuple[str, ...]] = {}
    for pack in packs:
        for name, members in pack.remedies.items():
            old = out.get(name, ())
            out[name] = old + tuple(m for m in members if m not in old)
    return out


def build_lexicon(packs: Iterable[PhrasePack]) -> Lexicon:
    """Merge the lexicon sections of several packs (lists are unioned, maps updated)."""
    lists: dict[str, list[str]] = {k: [] for k in LIST_LEXICON}
    maps: dict[str, dict[str, tuple[str, ...]]] = {k: {} for k in MAP_LEXICON}
    for pack in packs:
        for key, value in pack.lexicon.items():
            if key in maps and isinstance(value, Mapping):
                maps[key].update({k.lower(): tuple(v.lower().split()) for k, v in value.items()})
            elif isinstance(value, tuple):
                lists[key].extend(v.lower() for v in value if v.lower() not in lists[key])
    return Lexicon(
        contractions=MappingProxyType(maps["contractions"]),
        spellings=MappingProxyType(maps["spellings"]),
        s_is=frozenset(lists["s_is"]),
        fillers=frozenset(lists["fillers"]),
        soft=tuple(lists["soft"]),
        negators=frozenset(lists["negators"]),
        non_negating=tuple(lists["non_negating"]),
        contrast=frozenset(lists["contrast"]),
        clause_words=frozenset(lists["clause_words"]),
        abbreviations=frozenset(lists["abbreviations"]),
    )


class _Reader:
    """Walks a composed YAML node tree, converting values and collecting located errors."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.located: list[tuple[int, int, str]] = []
        self.patterns: list[tuple[str, str, yaml.Node]] = []  # (field, pattern, node)

    def error(self, node: yaml.Node | None, where: str, message: str, offset: int | None = None) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        col = node.start_mark.column + 1 if node is not None else 1
        if offset is not None and isinstance(node, yaml.ScalarNode):
            col += offset + (1 if node.style in ("'", '"') else 0)
        self.add(line, col, f"{where}: {message}")

    def add(self, line: int, col: int, message: str) -> None:
        self.located.append((line, col, f"{self.path}:{line}:{col}: {message}"))

    @property
    def errors(self) -> list[str]:
        """All problems, in file order."""
        return [text for _, _, text in sorted(self.located)]

    def mapping(
        self, node: yaml.Node, where: str, keys: tuple[str, ...] | None
    ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            self.error(node, where, f"expected a mapping, got {_kind(node)}")
            return {}
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for knode, vnode in node.value:
            key = knode.value if isinstance(knode, yaml.ScalarNode) else None
            field_name = f"{where}.{key}" if where else str(key)
            if not isinstance(key, str) or knode.tag != "tag:yaml.org,2002:str":
                self.error(knode, where or "<top>", "keys must be strings")
            elif key in out:
                self.error(knode, field_name, "duplicate key")
            elif keys is not None and key not in keys:
                self.error(knode, field_name, f"unknown key (expected one of: {', '.join(keys)})")
            else:
                out[key] = (knode, vnode)
        return out

    def string(self, node: yaml.Node, where: str) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
            if not node.value.strip():
                self.error(node, where, "must not be empty")
                return None
            return str(node.value)
        hint = " (quote it)" if isinstance(node, yaml.ScalarNode) else ""
        self.error(node, where, f"expected a string, got {_kind(node)}{hint}")
        return None

    def strings(self, node: yaml.Node, where: str, patterns: bool = False) -> tuple[str, ...]:
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, where, f"expected a list of strings, got {_kind(node)}")
            return ()
        out = []
        for i, item in enumerate(node.value):
            value = self.string(item, f"{where}[{i}]")
            if value is not None:
                out.append(value)
                if patterns:
                    self.patterns.append((f"{where}[{i}]", value, item))
        return tuple(out)

    def choice(self, node: yaml.Node, where: str, options: tuple[str, ...]) -> str | None:
        value = self.string(node, where)
        if value is not None and value not in options:
            self.error(node, where, f"must be one of: {', '.join(options)} (got {value!r})")
            return None
        return value

    def boolean(self, node: yaml.Node, where: str) -> bool | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            return bool(yaml.safe_load(node.value))
        self.error(node, where, f"expected true or false, got {_kind(node)}")
        return None


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = node.tag.rsplit(":", 1)[-1]
    return {
        "str": "a string",
        "int": "an integer",
        "float": "a number",
        "bool": "a boolean",
        "null": "nothing",
    }.get(tag, tag) + (f" ({node.value!r})" if tag != "null" else "")


def parse_pack(path: str, data: bytes | OSError) -> tuple[PhrasePack, _Reader]:
    """One pack from its file's bytes (or the error reading it), with every problem located."""
    reader = _Reader(path)
    try:
        if isinstance(data, OSError):
            raise data
        if len(data) > MAX_PACK_BYTES:
            raise ValueError(
                f"file is too large ({len(data) / 1_000_000:.1f} MB; the limit is "
                f"{MAX_PACK_BYTES // 1_000_000} MB)"
            )
        root = yaml.compose(data.decode("utf-8"), Loader=_LOADER)
    except (OSError, ValueError) as exc:  # UnicodeDecodeError is a ValueError
        reader.add(1, 1, f"<file>: cannot read: {exc}")
        return PhrasePack(path), reader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        reader.add(line, col, f"<yaml>: {getattr(exc, 'problem', exc)}")
        return PhrasePack(path), reader
    if root is None:
        reader.add(1, 1, "<top>: empty file")
        return PhrasePack(path), reader
    top = reader.mapping(root, "", TOP_KEYS)
    version, description = 1, ""
    if "version" in top:
        vnode = top["version"][1]
        if not (isinstance(vnode, yaml.ScalarNode) and vnode.tag.endswith(":int") and vnode.value == "1"):
            reader.error(vnode, "version", "must be the integer 1")
    if "description" in top:
        description = reader.string(top["description"][1], "description") or ""
    macros: dict[str, str] = {}
    for name, (knode, vnode) in (
        reader.mapping(top["macros"][1], "macros", None).items() if "macros" in top else ()
    ):
        if name in CONTEXT_SLOTS:
            reader.error(knode, f"macros.{name}", "reserved for the scenario context")
        value = reader.string(vnode, f"macros.{name}")
        if value is not None:
            macros[name] = value
            reader.patterns.append((f"macros.{name}", value, vnode))
    lexicon: dict[str, tuple[str, ...] | Mapping[str, str]] = {}
    if "lexicon" in top:
        lex_keys = LIST_LEXICON + MAP_LEXICON
        for key, (_, vnode) in reader.mapping(top["lexicon"][1], "lexicon", lex_keys).items():
            if key in MAP_LEXICON:
                entries = reader.mapping(vnode, f"lexicon.{key}", None)
                lexicon[key] = MappingProxyType(
                    {
                        k: v
                        for k, (_, n) in entries.items()
                        if (v := reader.string(n, f"lexicon.{key}.{k}")) is not None
                    }
                )
            else:
                lexicon[key] = reader.strings(vnode, f"lexicon.{key}")
    remedies: dict[str, tuple[str, ...]] = {}
    if "remedies" in top:
        for name, (_, vnode) in reader.mapping(top["remedies"][1], "remedies", None).items():
            members = reader.strings(vnode, f"remedies.{name}", patterns=True)
            if members:
                remedies[name] = members
    moves: dict[str, MoveSpec] = {}
    if "moves" in top:
        for move, (knode, vnode) in reader.mapping(top["moves"][1], "moves", None).items():
            if move not in TEXT_MOVES:
                reader.error(knode, f"moves.{move}", "unknown move")
                continue
            moves[move] = _read_move(reader, move, vnode)
    return PhrasePack(
        path,
        version,
        description,
        MappingProxyType(macros),
        MappingProxyType(lexicon),
        MappingProxyType(moves),
        MappingProxyType(remedies),
    ), reader


def _read_move(reader: _Reader, move: str, node: yaml.Node) -> MoveSpec:
    where = f"moves.{move}"
    spec = reader.mapping(node, where, MOVE_KEYS)
    kw: dict[str, object] = {}
    for key, (_, vnode) in spec.items():
        f = f"{where}.{key}"
        if key in ("patterns", "block"):
            kw[key] = reader.strings(vnode, f, patterns=True)
        elif key in ("examples", "counter_examples"):
            kw[key] = reader.strings(vnode, f)
        elif key == "suppresses":
            names = reader.strings(vnode, f)
            for i, name in enumerate(names):
                if name not in TEXT_MOVES:
                    reader.error(vnode.value[i], f"{f}[{i}]", f"unknown move {name!r}")
            kw[key] = tuple(n for n in names if n in TEXT_MOVES)
        elif key == "negation":
            kw[key] = reader.choice(vnode, f, NEGATION)
        elif key == "extend":
            kw[key] = reader.choice(vnode, f, EXTEND)
        elif key in ("undone_by_contrast", "undoes"):
            kw[key] = reader.boolean(vnode, f)
        else:
            kw[key] = reader.string(vnode, f) or ""
    return MoveSpec(move, **kw)  # type: ignore[arg-type]


def _check_patterns(reader: _Reader, lexicon: Lexicon, macros: Mapping[str, str]) -> None:
    def slot(name: str, offset: int) -> str:
        if name not in macros and name not in CONTEXT_SLOTS:
            raise PatternError(f"unknown slot {{{name}}}", offset)
        return "x"

    compiler = Compiler(lexicon.pattern_words, lexicon.soft, slot)
    for where, pattern, node in reader.patterns:
        try:
            nodes = parse(pattern)
            compiler.compile(nodes)
            if where.startswith("macros.") and slots_used(nodes) & {where[7:]}:
                raise PatternError("macro refers to itself", 0)
        except PatternError as exc:
            reader.error(node, where, f"bad pattern: {exc.message}", exc.offset)


def check_packs(
    sources: Iterable[PackSource], context: Iterable[PackSource] = ()
) -> tuple[list[PhrasePack], list[str]]:
    """Parse `sources` and validate them together with the `context` packs' macros."""
    read = [parse_pack(label, data) for label, data in sources]
    base = [parse_pack(label, data)[0] for label, data in context]
    packs = [pack for pack, _ in read]
    lexicon = build_lexicon([*base, *packs])
    macros: dict[str, str] = {}
    for other in [*base, *packs]:
        macros.update(other.macros)
    errors: list[str] = []
    for _, reader in read:
        _check_patterns(reader, lexicon, macros)
        errors.extend(reader.errors)
    return packs, errors


def pack_of(source: PackSource) -> PhrasePack:
    """One pack from its text; raises PhrasePackError listing every structural problem."""
    pack, reader = parse_pack(*source)
    if reader.errors:
        raise PhrasePackError(reader.errors)
    return pack
