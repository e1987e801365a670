"""Assemble the harm refit's corpus: corpus/train, corpus/dev and corpus/refit as one train split (shell)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

from simulator.training.corpus_files import corpus_files, snapshot_path

# The folders the harm refit learns from, in corpus/ and corpus/asr/: the trained heads' corpus, the dev
# sets (earlier holdouts, their failures read or their scores used for a decision), and data written for it.
REFIT_SPLITS = ("train", "dev", "refit")
RECIPE_KEY = "corpus_recipe"  # the refit manifest's record of what its corpus was assembled from
RECIPE_FILE = "refit-recipe.json"  # beside the assembled train/, outside what the corpus digest covers


class RefitCorpusError(Exception):
    """The refit's corpus cannot be assembled (a file name in two folders, or no usable recipe)."""


def recipe(without: Sequence[str]) -> dict[str, list[str]]:
    """What a corpus assembled from REFIT_SPLITS without these dev-file prefixes was made from."""
    return {"splits": list(REFIT_SPLITS), "without": sorted(without)}


def recorded_without(meta: Mapping[str, object]) -> tuple[str, ...]:
    """The dev-file prefixes a refit left out (sets written after it was fitted), as its manifest records."""
    doc = meta.get(RECIPE_KEY)
    without = doc.get("without") if isinstance(doc, dict) else None
    if not isinstance(without, list) or not all(isinstance(p, str) and p for p in without):
        raise RefitCorpusError(f"the refit's manifest records no usable {RECIPE_KEY!r}")
    return tuple(without)


def assembled_recipe(corpus_dir: Path) -> dict[str, list[str]] | None:
    """The recipe `assemble` left beside a corpus it built, or None when the corpus was not built by it."""
    path = corpus_dir / RECIPE_FILE
    if not path.is_file():
        return None
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RefitCorpusError(f"{path} cannot be read ({exc}): assemble the corpus again") from exc
    return doc if isinstance(doc, dict) else None


def assemble(corpus_dir: Path, out_dir: Path, without: Sequence[str] = ()) -> int:
    """Copy the typed files and round trips of REFIT_SPLITS into `out_dir`'s train/ and asr/train/, with the
    contexts snapshot, leaving out dev files whose name starts with one of `without`; write the recipe
    beside them. Returns the number of files copied. `corpus_digest(out_dir, "train")` is then the digest a
    refit on `out_dir` records."""
    if any((out_dir / part).is_dir() and any((out_dir / part).iterdir()) for part in ("train", "asr")):
        raise RefitCorpusError(f"{out_dir} already holds a corpus: assemble into an empty folder")
    chosen: dict[str, Path] = {}
    for split in REFIT_SPLITS:
        for path in corpus_files(corpus_dir, split):
            if split == "dev" and path.name.startswith(tuple(without)):
                continue
            rel = ("asr/train/" if path.suffix == ".jsonl" else "train/") + path.name
            if rel in chosen:
                raise RefitCorpusError(f"{path} and {chosen[rel]} would both be {rel} in the refit's corpus")
            chosen[rel] = path
    if snapshot_path(corpus_dir).exists():
        chosen["train/" + snapshot_path(corpus_dir).name] = snapshot_path(corpus_dir)
    try:
        for rel, path in chosen.items():
            (out_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, out_dir / rel)
        (out_dir / RECIPE_FILE).write_text(json.dumps(recipe(without), indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise RefitCorpusError(f"cannot write the refit's corpus in {out_dir}: {exc}") from exc
    return len(chosen)
