"""The shipped scenarios' detection contexts as training saw them: to and from JSON (pure)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from simulator.detect.context import DetectionContext, FactPhrases, OfferPhrases, PhraseSet

SNAPSHOT_NAME = "shipped-contexts.json"  # in corpus/train, beside the utterances it featurises


class SnapshotError(ValueError):
    """A contexts snapshot that does not follow the format."""


def contexts_json(contexts: Mapping[str, DetectionContext]) -> str:
    """One object per scenario id, sorted, so the same contexts always give the same bytes."""
    doc = {
        sid: {
            "customer_name": c.customer_name,
            "key_details": [{"id": k.id, "phrases": list(k.phrases)} for k in c.key_details],
            "offers": [
                {"id": o.id, "kind": o.kind, "phrases": list(o.phrases), "combines": list(o.combines)}
                for o in c.offers
            ],
            "facts": [{"id": f.id, "topics": list(f.topics), "answer": f.answer} for f in c.facts],
            "phrases": {move: list(p) for move, p in sorted(c.extra_phrases.items())},
        }
        for sid, c in sorted(contexts.items())
    }
    return json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def _strings(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(s, str) for s in raw):
        raise SnapshotError(f"{where}: expected a list of strings")
    return tuple(raw)


def _items(doc: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
    raw = doc.get(key, [])
    if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
        raise SnapshotError(f"{where}: {key}: expected a list of objects")
    return raw


def _context(doc: Any, where: str) -> DetectionContext:
    if not isinstance(doc, dict):
        raise SnapshotError(f"{where}: expected an object")
    try:
        phrases = doc.get("phrases", {})
        if not isinstance(phrases, dict):
            raise SnapshotError(f"{where}: phrases: expected an object")
        return DetectionContext(
            customer_name=str(doc.get("customer_name", "")),
            key_details=tuple(
                PhraseSet(str(k["id"]), _strings(k["phrases"], f"{where}: key_details"))
                for k in _items(doc, "key_details", where)
            ),
            offers=tuple(
                OfferPhrases(
                    str(o["id"]),
                    _strings(o["phrases"], f"{where}: offers"),
                    str(o.get("kind", "solution")),
                    _strings(o.get("combines", []), f"{where}: offers"),
                )
                for o in _items(doc, "offers", where)
            ),
            facts=tuple(
                FactPhrases(str(f["id"]), _strings(f["topics"], f"{where}: facts"), str(f.get("answer", "")))
                for f in _items(doc, "facts", where)
            ),
            extra_phrases=MappingProxyType(
                {str(m): _strings(p, f"{where}: phrases: {m}") for m, p in phrases.items()}
            ),
        )
    except KeyError as exc:
        raise SnapshotError(f"{where}: missing field {exc.args[0]!r}") from None


def parse_contexts(text: str, where: str) -> dict[str, DetectionContext]:
    """A snapshot's contexts (as `contexts_json` writes them) by scenario id; a broken one: SnapshotError."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SnapshotError(f"{where}:{exc.lineno}:{exc.colno}: {exc.msg}") from None
    if not isinstance(doc, dict):
        raise SnapshotError(f"{where}: expected an object of scenario ids")
    return {str(sid): _context(c, f"{where}: {sid}") for sid, c in doc.items()}


def changed_since(
    snapshot: Mapping[str, DetectionContext], live: Mapping[str, DetectionContext]
) -> list[str]:
    """The scenario ids whose live context differs from the snapshot's (or that only one of them has)."""
    ids = set(snapshot) | set(live)
    return sorted(i for i in ids if i not in snapshot or i not in live or snapshot[i].key() != live[i].key())
