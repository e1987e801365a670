"""The phrase-pattern language: parse author patterns and compile them to regexes.

Syntax (words are matched after the same normalisation as the utterance, so
"I'm" == "I am" == "im", "apologise" == "apologize"):

    word        a literal word (case-insensitive); "refund*" matches refund, refunds, refunded
    [a b|c]     optional group with alternatives
    (a|b c)     required group with alternatives
    *           any one word
    ...         up to five words (within the sentence)
    **          up to forty words (within the sentence)
    ^           start of a sentence or clause (first item only)
    ? .         a literal question mark / sentence end
    {slot}      a macro defined in a pack, or a context slot: {name} (customer), {detail}
                (key details), {offer} (solution offers), {compensation} (goodwill offers)

Between consecutive items up to three "soft" words (really, so, just, like, you know,
please, commas ...) may be skipped, so "I'm so very sorry" matches "I am sorry".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

CONTEXT_SLOTS = frozenset({"name", "detail", "offer", "compensation"})
WORD = r"[^ .?!,]+"
_ANYW = r"[^ .?!]+"
_LEX = re.compile(r"\s+|\.\.\.|\*\*|[\[\]()|{}^?.,]|[^\s\[\]()|{}^?.,]+")
_SLOT_NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")


class PatternError(ValueError):
    """A pattern that does not parse; `offset` is the 0-based column in the pattern."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(f"{message} (column {offset + 1})")
        self.message = message
        self.offset = offset


@dataclass(frozen=True, slots=True)
class Node:
    kind: str  # word | prefix | any | gap | span | start | punct | slot | group
    value: str = ""
    options: tuple[tuple[Node, ...], ...] = ()
    optional: bool = False
    offset: int = 0


def parse(pattern: str) -> tuple[Node, ...]:
    """Parse a pattern into a node sequence, raising PatternError with the column."""
    toks = [(m.group(), m.start()) for m in _LEX.finditer(pattern) if not m.group().isspace()]
    pos = 0

    def alternatives(closer: str, opened_at: int) -> tuple[tuple[Node, ...], ...]:
        nonlocal pos
        options: list[tuple[Node, ...]] = []
        current: list[Node] = []
        while True:
            if pos >= len(toks):
                if closer:
                    raise PatternError(f"unclosed '{'[' if closer == ']' else '('}'", opened_at)
                options.append(tuple(current))
                return tuple(options)
            tok, off = toks[pos]
            if tok == closer:
                pos += 1
                options.append(tuple(current))
                return tuple(options)
            if tok == "|":
                if not current:
                    raise PatternError("empty alternative", off)
                pos += 1
                options.append(tuple(current))
                current = []
                continue
            if tok in ")]":
                raise PatternError(f"unexpected '{tok}'", off)
            pos += 1
            if tok in "[(":
                inner = alternatives("]" if tok == "[" else ")", off)
                if any(not o for o in inner):
                    raise PatternError("empty group or alternative", off)
                current.append(Node("group", options=inner, optional=tok == "[", offset=off))
            elif tok == "{":
                if pos + 1 >= len(toks) or toks[pos + 1][0] != "}":
                    raise PatternError("slot must look like {name}", off)
                name = toks[pos][0].lower()
                if not _SLOT_NAME.match(name):
                    raise PatternError(f"bad slot name {toks[pos][0]!r}", off)
                pos += 2
                current.append(Node("slot", name, offset=off))
            elif tok == "}":
                raise PatternError("unexpected '}'", off)
            elif tok == "^":
                if current:
                    raise PatternError("'^' only allowed at the start of an alternative", off)
                current.append(Node("start", offset=off))
            elif tok in ("?", ".") and off and pattern[off - 1] in ")]":
                raise PatternError(f"'{tok}' is a literal; write [a|b] for an optional group", off)
            elif tok in ("?", "."):
                current.append(Node("punct", tok, offset=off))
            elif tok == ",":
                continue
            elif tok == "...":
                current.append(Node("gap", offset=off))
            elif tok == "**":
                current.append(Node("span", offset=off))
            elif tok == "*":
                current.append(Node("any", offset=off))
            elif tok.endswith("*"):
                stem = tok.rstrip("*")
                if "*" in stem or not stem:
                    raise PatternError(f"bad wildcard word {tok!r}", off)
                current.append(Node("prefix", stem.lower(), offset=off))
            else:
                if "*" in tok:
                    raise PatternError(f"'*' only allowed at the end of a word: {tok!r}", off)
                current.append(Node("word", tok, offset=off))

    if not toks:
        raise PatternError("empty pattern", 0)
    seq = alternatives("", 0)
    nodes = seq[0] if len(seq) == 1 else (Node("group", options=seq),)
    if not any(n.kind not in ("start",) for n in nodes) or all(_can_be_empty(n) for n in nodes):
        raise PatternError("pattern can match nothing", 0)
    return nodes


def _can_be_empty(node: Node) -> bool:
    return node.optional or node.kind in ("gap", "span", "start")


def slots_used(nodes: tuple[Node, ...]) -> set[str]:
    out: set[str] = set()
    for n in nodes:
        if n.kind == "slot":
            out.add(n.value)
        for opt in n.options:
            out |= slots_used(opt)
    return out


class Compiler:
    """Turn parsed patterns into regex source over the normalised text."""

    def __init__(
        self,
        normalise: Callable[[str], tuple[str, ...]],
        soft: tuple[str, ...],
        slot: Callable[[str, int], str | None],
    ) -> None:
        self._normalise = normalise
        self._slot = slot
        self._soft = frozenset(w for phrase in soft for w in phrase.split())
        self.gap = r" (?:~[^ ]+ ){0,3}"

    def literal(self, words: tuple[str, ...] | list[str]) -> str:
        """Regex for normalised words in sequence (soft words may carry the soft mark)."""
        return " ".join(("~?" if w in self._soft else "") + re.escape(w) for w in words)

    def compile(self, nodes: tuple[Node, ...]) -> str | None:
        """Regex for a whole pattern (end boundary only; see `combine`), or None if a slot is empty."""
        body = self.sequence(nodes)
        return None if body is None else f"(?:{body})(?![^ ])"

    def sequence(self, nodes: tuple[Node, ...]) -> str | None:
        out = ""
        need_gap = False
        start = ""
        for n in nodes:
            if n.kind == "start":
                start = r"(?:^|(?<=[.?!,] ))"
                continue
            unit = self._unit(n)
            if unit is None:
                return None
            optional = n.optional or n.kind in ("gap", "span")
            if optional:
                out += f"(?:{self.gap}{unit})?" if need_gap else f"(?:{unit}{self.gap})?"
            else:
                out += (self.gap if need_gap else "") + unit
                need_gap = True
        return start + out

    def _unit(self, n: Node) -> str | None:
        if n.kind == "word":
            words = self._normalise(n.value)
            if not words:
                raise PatternError(f"{n.value!r} is a filler removed from text; it never matches", n.offset)
            return self.literal(words)
        if n.kind == "prefix":
            return re.escape(n.value) + r"[^ .?!,]*"
        if n.kind == "any":
            return WORD
        if n.kind == "gap":
            return f"{WORD}(?: {_ANYW}){{0,4}}"
        if n.kind == "span":
            return f"{WORD}(?: {_ANYW}){{0,39}}"
        if n.kind == "punct":
            return re.escape(n.value)
        if n.kind == "slot":
            return self._slot(n.value, n.offset)
        options = []
        for opt in n.options:
            body = self.sequence(opt)
            if body is not None:
                options.append(body)
        if not options:
            return None
        return "(?:" + "|".join(options) + ")"


RegexCompiler = Callable[[str], "re.Pattern[str]"]  # re.compile, or the shell's cached version of it


def combine(regexes: list[str], compile_regex: RegexCompiler = re.compile) -> re.Pattern[str] | None:
    """One regex for many compiled patterns, anchored once at token starts (fast to scan)."""
    if not regexes:
        return None
    return compile_regex("(?<![^ ])(?:" + "|".join(regexes) + ")")
