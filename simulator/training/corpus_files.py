"""Read the corpus folders: typed utterances from YAML, their speech round trips from JSONL (shell)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

from simulator.content_files import load_library
from simulator.detect.context import DetectionContext
from simulator.training.corpus import Segment, Utterance, parse_corpus


def corpus_files(corpus_dir: Path, split: str) -> list[Path]:
    """The typed files of a split, then its ASR round-trip files, in a stable order."""
    typed = sorted((corpus_dir / split).glob("*.yaml"))
    spoken = sorted((corpus_dir / "asr" / split).glob("*.jsonl"))
    return typed + spoken


def corpus_digest(corpus_dir: Path, split: str) -> str:
    """sha256 over the split's files (names and bytes): what the heads were trained on."""
    h = hashlib.sha256()
    for p in corpus_files(corpus_dir, split):
        h.update(p.relative_to(corpus_dir).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def key_of(file_stem: str, u: Utterance, reply: int) -> str:
    return f"{file_stem}/{u.situation.id}/{reply}"


def load_typed(corpus_dir: Path, split: str) -> dict[str, Utterance]:
    """Typed utterances keyed file/situation/reply-number (the reply number counts within its situation)."""
    out: dict[str, Utterance] = {}
    for path in sorted((corpus_dir / split).glob("*.yaml")):
        counts: dict[str, int] = {}
        for u in parse_corpus(path.read_text(encoding="utf-8"), str(path)):
            n = counts.get(u.situation.id, 0)
            counts[u.situation.id] = n + 1
            out[key_of(path.stem, u, n)] = u
    return out


def load_spoken(corpus_dir: Path, split: str, typed: dict[str, Utterance]) -> list[Utterance]:
    """The speech round trips: each typed utterance with its segments as Whisper heard them."""
    out = []
    for path in sorted((corpus_dir / "asr" / split).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            doc = json.loads(line)
            base = typed.get(doc["key"])
            if base is not None and isinstance(doc.get("text"), str):  # a whole utterance, spoken at once
                if not doc["text"].strip():  # Whisper heard nothing: no evidence either way
                    continue
                whole = Segment(doc["text"].strip(), base.moves, tuple(base.refs))
                out.append(replace(base, segments=(whole,), text=whole.text, split=f"{split}-asr"))
                continue
            heard = doc.get("segments") or []
            if base is None or len(heard) != len(base.segments):
                continue
            segments = tuple(
                Segment(t.strip(), s.moves, s.refs)
                for s, t in zip(base.segments, heard, strict=True)
                if t.strip()
            )
            if segments:
                text = " ".join(s.text for s in segments)
                out.append(replace(base, segments=segments, text=text, split=f"{split}-asr"))
    return out


def load_split(corpus_dir: Path, split: str, spoken: bool = True) -> list[Utterance]:
    typed = load_typed(corpus_dir, split)
    items = list(typed.values())
    if spoken:
        items += load_spoken(corpus_dir, split, typed)
    return items


def scenario_contexts(scenarios_dir: Path) -> dict[str, DetectionContext]:
    """The detection context of every shipped scenario, by id."""
    library = load_library([scenarios_dir])
    return {i: DetectionContext.for_scenario(s) for i, s in library.scenarios.items()}


def shipped_contexts(scenarios_dir: Path, items: list[Utterance]) -> dict[str, DetectionContext]:
    """The detection context of every shipped scenario the items name (`scenario:` in a corpus file)."""
    wanted = {u.situation.scenario for u in items if u.situation.scenario}
    if not wanted:
        return {}
    return {i: c for i, c in scenario_contexts(scenarios_dir).items() if i in wanted}


def contexts_digest(scenarios_dir: Path) -> str:
    """sha256 over every shipped scenario's detection context (offers, facts, key details, phrases): the
    training utterances written for a shipped scenario are featurised in it, so the heads depend on it."""
    h = hashlib.sha256()
    for sid, context in sorted(scenario_contexts(scenarios_dir).items()):
        h.update(sid.encode() + b"\0" + repr(context.key()).encode())
    return h.hexdigest()


def in_shipped_context(scenarios_dir: Path, items: list[Utterance]) -> list[Utterance]:
    """An utterance written for a shipped scenario is judged, and trained, with that scenario's own context
    (its offers' phrasings, facts and key details), as in the game; others keep their file's context."""
    shipped = shipped_contexts(scenarios_dir, items)
    out = []
    for u in items:
        ctx = shipped.get(u.situation.scenario)
        out.append(u if ctx is None else replace(u, situation=replace(u.situation, context=ctx)))
    return out
