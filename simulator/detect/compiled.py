"""Compile merged phrase packs (plus a scenario context) into per-move regexes."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from simulator.detect.context import DetectionContext
from simulator.detect.normalize import PUNCT, Lexicon, tokenize
from simulator.detect.patterns import (
    CONTEXT_SLOTS,
    Compiler,
    Node,
    PatternError,
    RegexCompiler,
    combine,
    parse,
    slots_used,
)
from simulator.detect.phrase_words import (
    FUNCTION_WORDS,
    LIGHT,
    PHRASE_WORD,
    PLAIN,
    name_regex,
    phrase_problem,
)
from simulator.detect.phrasepack import MoveSpec, PhrasePack, PhrasePackError, merge_remedies
from simulator.moves import HARMFUL, LISTENING, TEXT_MOVES

log = logging.getLogger(__name__)
MAX_PHRASES = 1_000  # distinct phrases compiled per detail, offer or move (aliases can repeat one)


@dataclass(frozen=True, slots=True)
class MoveRules:
    """How one move is found and what it does to other moves."""

    move: str
    suppresses: tuple[str, ...]
    negation: str
    undone_by_contrast: bool
    undoes: bool
    extend: str


@dataclass(frozen=True, slots=True)
class Patterns:
    """Compiled positive and blocking regexes for each move (None: nothing to match)."""

    positive: Mapping[str, re.Pattern[str] | None]
    block: Mapping[str, re.Pattern[str] | None]


@dataclass(frozen=True, slots=True)
class Mentions:
    """Scenario key details and offers, each as (id, regex[, kind])."""

    details: tuple[tuple[str, re.Pattern[str]], ...]
    offers: tuple[tuple[str, re.Pattern[str], str], ...]


def merge_specs(packs: Iterable[PhrasePack]) -> tuple[dict[str, MoveRules], dict[str, MoveSpec]]:
    """Merge pack move specs (patterns concatenate, later options win) into rules + specs."""
    specs: dict[str, MoveSpec] = {}
    for pack in packs:
        for move, spec in pack.moves.items():
            old = specs.get(move)
            if old is None:
                specs[move] = spec
                continue
            specs[move] = MoveSpec(
                move,
                old.patterns + spec.patterns,
                old.block + spec.block,
                old.suppresses + tuple(s for s in spec.suppresses if s not in old.suppresses),
                spec.negation or old.negation,
                old.undone_by_contrast if spec.undone_by_contrast is None else spec.undone_by_contrast,
                old.undoes if spec.undoes is None else spec.undoes,
                spec.extend or old.extend,
                old.examples + spec.examples,
                old.counter_examples + spec.counter_examples,
                spec.description or old.description,
            )
    rules = {}
    for move in TEXT_MOVES:
        spec = specs.get(move, MoveSpec(move))
        default_neg = "none" if move in HARMFUL or move in LISTENING else "word"
        rules[move] = MoveRules(
            move,
            spec.suppresses,
            spec.negation or default_neg,
            bool(spec.undone_by_contrast),
            bool(spec.undoes),
            spec.extend or "none",
        )
    return rules, specs


class PatternBank:
    """Parsed patterns split into generic ones and ones needing the scenario context."""

    def __init__(
        self, packs: list[PhrasePack], lexicon: Lexicon, compile_regex: RegexCompiler = re.compile
    ) -> None:
        self.lexicon = lexicon
        self.compile_regex = compile_regex  # every combined regex goes through it (the shell may cache)
        self.rules, self.specs = merge_specs(packs)
        self.macros: dict[str, tuple[Node, ...]] = {}
        errors: list[str] = []
        for pack in packs:
            for name, source in pack.macros.items():
                try:
                    self.macros[name] = parse(source)
                except PatternError as exc:
                    errors.append(f"{pack.path}: macros.{name}: bad pattern: {exc}")
        self.parsed: dict[tuple[str, str], list[tuple[str, tuple[Node, ...]]]] = {}
        for move, spec in self.specs.items():
            for kind, sources in (("positive", spec.patterns), ("block", spec.block)):
                for src in sources:
                    try:
                        self.parsed.setdefault((move, kind), []).append((src, parse(src)))
                    except PatternError as exc:
                        errors.append(f"moves.{move}.{kind}: {src!r}: bad pattern: {exc}")
        self.remedies = merge_remedies(packs)
        remedy_nodes: list[tuple[str, list[tuple[Node, ...]]]] = []
        for name, members in self.remedies.items():
            nodes = []
            for src in members:
                try:
                    nodes.append(parse(src))
                except PatternError as exc:
                    errors.append(f"remedies.{name}: {src!r}: bad pattern: {exc}")
            remedy_nodes.append((name, nodes))
        if errors:
            raise PhrasePackError(errors)
        self._macro_regex: dict[str, str | None] = {}
        self.generic = self.compile(DetectionContext(), contextual=False)
        compiler = self._compiler(DetectionContext(), cache=True)
        self._remedy_triggers: list[tuple[str, re.Pattern[str]]] = []
        for name, nodes in remedy_nodes:
            try:
                rx = combine([r for n in nodes if (r := compiler.compile(n)) is not None], self.compile_regex)
            except PatternError as exc:
                raise PhrasePackError([f"remedies.{name}: {exc}"]) from exc
            if rx is not None:
                self._remedy_triggers.append((name, rx))

    def expand_offer(self, phrase: str, bare: frozenset[str] = frozenset()) -> list[str]:
        """Pattern sources for an offer phrase said with a remedy synonym: each class member
        found in the phrase is swapped for the whole class ("refund the difference" ->
        "(refund*|reimburse*|money back ...) ... the difference"); light words around the member
        ("send a", "full") are dropped so "send a replacement" also matches "swap it". For a class
        in `bare` (no other offer of the scenario uses it) the class alone also matches."""
        out = []
        for name, i, j, words in self._remedy_hits(phrase):
            before = [w for w in words[:i] if w not in PUNCT]
            after = [w for w in words[j + 1 :] if w not in PUNCT]
            if all(w in LIGHT or w in FUNCTION_WORDS for w in before):
                before = []
            if all(w in LIGHT or w in FUNCTION_WORDS for w in after):
                after = []
            if any(not PLAIN.fullmatch(w) for w in (*before, *after)):
                continue
            group = "(" + "|".join(self.remedies[name]) + ")"
            out.append(" ".join([*before, group, *(["...", *after] if after else [])]))
            if (before or after) and name in bare:
                out.append(group)
        return out

    def remedy_classes(self, phrase: str) -> set[str]:
        """The remedy classes an offer phrase belongs to."""
        return {name for name, *_ in self._remedy_hits(phrase)}

    def _remedy_hits(self, phrase: str) -> list[tuple[str, int, int, list[str]]]:
        tokens = tokenize(phrase, self.lexicon)
        words = [w.lstrip("~") for w in tokens.words]
        out = []
        for name, rx in self._remedy_triggers:
            m = rx.search(tokens.norm)
            if m is not None and m.end() > m.start():
                i, j = tokens.token_range(m.start(), m.end())
                out.append((name, i, j, words))
        return out

    def _unique_classes(self, context: DetectionContext) -> frozenset[str]:
        """Remedy classes used by exactly one scenario offer (a synonym then names it alone)."""
        seen: dict[str, int] = {}
        for o in context.offers:
            for name in {c for p in o.phrases for c in self.remedy_classes(p)}:
                seen[name] = seen.get(name, 0) + 1
        return frozenset(n for n, k in seen.items() if k == 1)

    def needs_context(self, nodes: tuple[Node, ...], seen: frozenset[str] = frozenset()) -> bool:
        for slot in slots_used(nodes):
            if slot in CONTEXT_SLOTS:
                return True
            if (
                slot in self.macros
                and slot not in seen
                and self.needs_context(self.macros[slot], seen | {slot})
            ):
                return True
        return False

    def compile(self, context: DetectionContext, contextual: bool) -> Patterns:
        """Compile generic patterns (contextual=False) or only the context-bound ones."""
        compiler = self._compiler(context, cache=not contextual)
        out: dict[str, dict[str, re.Pattern[str] | None]] = {"positive": {}, "block": {}}
        for move in TEXT_MOVES:
            for kind in ("positive", "block"):
                parts = []
                entries = self.parsed.get((move, kind), [])
                chosen = [e for e in entries if self.needs_context(e[1]) == contextual]
                if contextual and kind == "positive":
                    chosen += _extra(context, move)
                for src, nodes in chosen:
                    try:
                        regex = compiler.compile(nodes)
                    except PatternError as exc:
                        if contextual:
                            log.warning("skipping phrase %r for %s: %s", src, move, exc)
                            continue
                        raise PhrasePackError([f"moves.{move}.{kind}: {src!r}: {exc}"]) from exc
                    if regex is not None:
                        parts.append(regex)
                out[kind][move] = combine(parts, self.compile_regex)
        return Patterns(out["positive"], out["block"])

    def sources_matching(self, move: str, text: str, context: DetectionContext) -> list[str]:
        """The pattern sources of a move (packs, then the scenario's phrases) that match `text`: the
        rule ids `--why` shows. Compiles each source alone, so it is for explaining, not detecting."""
        tokens = tokenize(text, self.lexicon)
        out = []
        entries = [*self.parsed.get((move, "positive"), []), *_extra(context, move)]
        for src, nodes in entries:
            compiler = self._compiler(context, cache=not self.needs_context(nodes))
            try:
                rx = combine([r for r in (compiler.compile(nodes),) if r is not None])
            except PatternError:
                continue
            if rx is not None and rx.search(tokens.norm):
                out.append(src)
        return out

    def mentions(self, context: DetectionContext) -> Mentions:
        compiler = self._compiler(context, cache=False, phrases=True)
        details = tuple(
            (d.id, rx) for d in context.key_details if (rx := self._phrases(compiler, d.phrases)) is not None
        )
        bare = self._unique_classes(context)
        offers = tuple(
            (o.id, rx, o.kind)
            for o in context.offers
            if (rx := self._phrases(compiler, o.phrases, bare)) is not None
        )
        return Mentions(details, offers)

    def _phrases(
        self, compiler: Compiler, phrases: Iterable[str], bare: frozenset[str] | None = None
    ) -> re.Pattern[str] | None:
        phrases = capped(phrases)
        alts = [a for p in phrases if (a := self._phrase_regex(compiler, p))]
        if bare is not None:  # offers: exact phrases first, then their remedy synonyms
            alts += [
                a
                for p in phrases
                if not phrase_problem(p, self.lexicon)
                for a in self._variants(compiler, p, True, bare)
            ]
        return combine(alts, self.compile_regex)

    def _variants(self, compiler: Compiler, phrase: str, whole: bool, bare: frozenset[str]) -> list[str]:
        out = []
        for src in self.expand_offer(phrase, bare):
            try:
                nodes = parse(src)
                rx = compiler.compile(nodes) if whole else compiler.sequence(nodes)
            except PatternError as exc:
                log.warning("skipping remedy variant %r of %r: %s", src, phrase, exc)
                continue
            if rx:
                out.append(rx)
        return out

    def _phrase_regex(self, compiler: Compiler, phrase: str) -> str | None:
        problem = phrase_problem(phrase, self.lexicon)
        if problem:
            log.warning("skipping scenario phrase %r: %s", phrase, problem)
            return None
        try:
            return compiler.compile(parse(phrase))
        except PatternError:
            words = self._words(phrase)
            return compiler.literal(words) + "(?![^ ])" if words else None

    def _words(self, phrase: str) -> list[str]:
        """A scenario phrase's words as written (fillers kept: "the ER" stays "the er")."""
        return [w for raw in PHRASE_WORD.findall(phrase) for w in self.lexicon.normalise_word(raw)]

    def _compiler(self, context: DetectionContext, cache: bool, phrases: bool = False) -> Compiler:
        local: dict[str, str | None] = self._macro_regex if cache else {}
        active: set[str] = set()
        context_slots: dict[str, str | None] = {}  # one context: build each slot once

        def slot(name: str, offset: int) -> str | None:
            if name in CONTEXT_SLOTS:
                if name not in context_slots:
                    context_slots[name] = self._context_slot(name, context, compiler)
                return context_slots[name]
            if name not in self.macros:
                raise PatternError(f"unknown slot {{{name}}}", offset)
            if name in local:
                return local[name]
            if name in active:
                raise PatternError(f"macro {{{name}}} refers to itself", offset)
            active.add(name)
            body = compiler.sequence(self.macros[name])
            active.discard(name)
            if not cache or not self.needs_context(self.macros[name]):
                local[name] = body
            return body

        normalise = self.lexicon.normalise_word if phrases else self.lexicon.pattern_words
        compiler = Compiler(normalise, self.lexicon.soft, slot)
        return compiler

    def _context_slot(self, name: str, context: DetectionContext, compiler: Compiler) -> str | None:
        if name == "name":
            return name_regex(context.customer_name, self.lexicon, compiler, self.macros)
        if name == "detail":
            phrases = [p for d in context.key_details for p in d.phrases]
        else:
            kind = "compensation" if name == "compensation" else "solution"
            phrases = [
                p
                for o in context.offers
                if (o.kind == "compensation") == (kind == "compensation")
                for p in o.phrases
            ]
        alts = []
        variants = []
        bare = self._unique_classes(context)
        for phrase in phrases:
            words = self._words(phrase)
            if words and not phrase_problem(phrase, self.lexicon):
                alts.append(compiler.literal(words))
                variants += self._variants(compiler, phrase, False, bare)
        alts = list(dict.fromkeys(sorted(alts, key=len, reverse=True) + variants))
        return "(?:" + "|".join(alts) + ")" if alts else None


def capped(phrases: Iterable[str]) -> list[str]:
    """Distinct phrases, at most MAX_PHRASES (a phrase aliased 200k times compiles once)."""
    unique = list(dict.fromkeys(phrases))
    if len(unique) > MAX_PHRASES:
        log.warning("using the first %d of %d phrases", MAX_PHRASES, len(unique))
    return unique[:MAX_PHRASES]


def _extra(context: DetectionContext, move: str) -> list[tuple[str, tuple[Node, ...]]]:
    out = []
    for src in capped(context.extra_phrases.get(move, ())):
        try:
            out.append((src, parse(src)))
        except PatternError as exc:
            log.warning("skipping extra phrase %r for %s: %s", src, move, exc)
    return out
