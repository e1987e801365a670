"""Read the corpus folders: typed utterances from YAML, their speech round trips from JSONL (shell)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from simulator.content_files import load_library
from simulator.detect.context import DetectionContext
from simulator.training.contexts_snapshot import SNAPSHOT_NAME, changed_since, contexts_json, parse_contexts
from simulator.training.corpus import Segment, Utterance, parse_corpus


def corpus_files(corpus_dir: Path, split: str) -> list[Path]:
    """The typed files of a split, then its ASR round-trip files, in a stable order."""
    typed = sorted((corpus_dir / split).glob("*.yaml"))
    spoken = sorted((corpus_dir / "asr" / split).glob("*.jsonl"))
    return typed + spoken


def corpus_digest(corpus_dir: Path, split: str) -> str:
    """sha256 over the split's files (names and bytes), the contexts snapshot among them: what the heads
    were trained on."""
    h = hashlib.sha256()
    snapshot = [snapshot_path(corpus_dir)] if split == "train" and snapshot_path(corpus_dir).exists() else []
    for p in corpus_files(corpus_dir, split) + snapshot:
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
    """The detection context of every shipped scenario, by id, as the game builds it today."""
    library = load_library([scenarios_dir])
    return {i: DetectionContext.for_scenario(s) for i, s in library.scenarios.items()}


def snapshot_path(corpus_dir: Path) -> Path:
    return corpus_dir / "train" / SNAPSHOT_NAME


def training_contexts(corpus_dir: Path) -> dict[str, DetectionContext]:
    """The shipped scenarios' contexts the training utterances are featurised in: the snapshot kept with
    the corpus (`--snapshot-contexts` writes it), so the heads follow from the corpus alone and an edit to a
    scenario's offer wording does not change what retraining produces. A corpus without one has none."""
    path = snapshot_path(corpus_dir)
    if not path.exists():
        return {}
    return parse_contexts(path.read_text(encoding="utf-8"), str(path))


def in_shipped_context(contexts: Mapping[str, DetectionContext], items: list[Utterance]) -> list[Utterance]:
    """An utterance written for a shipped scenario (`scenario:` in its file) takes that scenario's context
    from `contexts` (its offers' phrasings, facts and key details); others keep their file's context."""
    out = []
    for u in items:
        ctx = contexts.get(u.situation.scenario) if u.situation.scenario else None
        out.append(u if ctx is None else replace(u, situation=replace(u.situation, context=ctx)))
    return out


def judged_as_in_game(corpus_dir: Path, split: str, scenarios_dir: Path) -> dict[str, list[Utterance]]:
    """A split's typed utterances and their round trips ("typed", "spoken"), each written for a shipped
    scenario in that scenario's context as the game builds it today: how the benchmarks judge them."""
    typed = load_typed(corpus_dir, split)
    live = scenario_contexts(scenarios_dir)
    return {
        "typed": in_shipped_context(live, list(typed.values())),
        "spoken": in_shipped_context(live, load_spoken(corpus_dir, split, typed)),
    }


def snapshot_contexts(corpus_dir: Path, scenarios_dir: Path) -> Path:
    """Write the shipped scenarios' contexts, as they are now, into the training corpus: the next training
    run featurises their utterances in them."""
    path = snapshot_path(corpus_dir)
    path.write_text(contexts_json(scenario_contexts(scenarios_dir)), encoding="utf-8")
    return path


def context_drift(corpus_dir: Path, scenarios_dir: Path) -> list[str]:
    """The shipped scenarios whose offers, facts or key details changed since the snapshot was written."""
    return changed_since(training_contexts(corpus_dir), scenario_contexts(scenarios_dir))
