"""The harm refit's corpus: corpus/train, corpus/dev and corpus/refit assembled as one train split."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from simulator.models.heads import HARM_REFIT, HEADS_DIR, load_heads
from simulator.training.cli import main as train_main
from simulator.training.corpus_files import corpus_digest
from simulator.training.refit import refit
from simulator.training.refit_corpus import (
    RECIPE_FILE,
    RECIPE_KEY,
    RefitCorpusError,
    assemble,
    assembled_recipe,
    recorded_without,
)


def _corpus(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


FILES = {
    "train/bakery.yaml": "industry: bakery\n",
    "train/shipped-contexts.json": "{}\n",
    "asr/train/bakery.jsonl": '{"key": "bakery/a/0"}\n',
    "dev/shipped-h40-late-pizza.yaml": "scenario: late-pizza\n",
    "asr/dev/shipped-h40-late-pizza.jsonl": '{"key": "shipped-h40-late-pizza/a/0"}\n',
    "dev/shipped-h44-late-pizza.yaml": "scenario: late-pizza\n",
    "refit/ferry.yaml": "industry: ferry\n",
    "holdout/h43-late-pizza.yaml": "scenario: late-pizza\n",
}


def test_train_dev_and_refit_become_one_train_split_without_the_left_out_sets(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", FILES)
    out = tmp_path / "out"
    assert assemble(corpus, out, ["shipped-h44-"]) == 6
    assert sorted(p.name for p in (out / "train").iterdir()) == [
        "bakery.yaml",
        "ferry.yaml",
        "shipped-contexts.json",
        "shipped-h40-late-pizza.yaml",
    ]
    assert sorted(p.name for p in (out / "asr" / "train").iterdir()) == [
        "bakery.jsonl",
        "shipped-h40-late-pizza.jsonl",
    ]
    assert assembled_recipe(out) == {"splits": ["train", "dev", "refit"], "without": ["shipped-h44-"]}
    assert recorded_without({RECIPE_KEY: assembled_recipe(out)}) == ("shipped-h44-",)
    # the digest a refit records covers the corpus files and the snapshot, not the recipe beside them
    before = corpus_digest(out, "train")
    (out / RECIPE_FILE).write_text("{}\n", encoding="utf-8")
    assert corpus_digest(out, "train") == before
    assert corpus_digest(out, "train") != corpus_digest(corpus, "train")


def test_a_file_name_in_two_folders_or_a_used_folder_is_refused(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", {**FILES, "refit/bakery.yaml": "industry: bakery too\n"})
    with pytest.raises(RefitCorpusError, match=r"would both be train/bakery\.yaml"):
        assemble(corpus, tmp_path / "out")
    clean = _corpus(tmp_path / "clean", FILES)
    assemble(clean, tmp_path / "used")
    with pytest.raises(RefitCorpusError, match="already holds a corpus"):
        assemble(clean, tmp_path / "used")


def test_a_manifest_without_a_usable_recipe_says_so() -> None:
    for meta in ({}, {RECIPE_KEY: "train+dev"}, {RECIPE_KEY: {"without": [""]}}):
        with pytest.raises(RefitCorpusError, match="no usable"):
            recorded_without(meta)


def test_the_command_assembles_and_a_second_run_gets_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus(tmp_path / "corpus", FILES)
    args = ["--corpus", str(corpus), "--refit-corpus", str(tmp_path / "out"), "--without", "shipped-h44-"]
    assert train_main(args) == 0
    assert "assembled 6 files" in capsys.readouterr().out
    assert json.loads((tmp_path / "out" / RECIPE_FILE).read_text(encoding="utf-8"))["without"] == [
        "shipped-h44-"
    ]
    assert train_main(args) == 2
    assert (
        capsys.readouterr().err.strip()
        == f"error: {tmp_path / 'out'} already holds a corpus: assemble into an empty folder"
    )


REPLIES = """\
industry: ferry
split: train
situations:
  - id: cancelled-sailing
    register: phone
    customer_name: Ana Lima
    customer: ["Your ferry was cancelled and nobody told me."]
    offers:
      - {id: next_sailing, kind: solution, text: a seat on the next sailing}
    facts: []
    replies:
      - - [apology, "I'm so sorry nobody rang you."]
      - - [offer_solution:next_sailing, "I'll put you on the next sailing now."]
      - - [dismissive, "These things happen, it's only a ferry."]
      - - [defensive, "The weather decides that, not us."]
"""


def test_a_refit_on_an_assembled_corpus_records_its_recipe_and_drops_the_old_calibration(
    tmp_path: Path,
) -> None:
    corpus = _corpus(tmp_path / "corpus", {"train/ferry.yaml": REPLIES, "refit/ferry-2.yaml": REPLIES})
    assert assemble(corpus, tmp_path / "assembled", ["shipped-h44-"]) == 2
    out = tmp_path / "heads"
    shutil.copytree(HEADS_DIR / HARM_REFIT, out)  # carries a calibration fitted for the shipped weights
    refit(tmp_path / "assembled", out)
    meta = load_heads(out).meta
    assert meta[RECIPE_KEY] == {"splits": ["train", "dev", "refit"], "without": ["shipped-h44-"]}
    assert "calibration" not in meta
    assert meta["utterances"] == 8
    assert meta["corpus_sha256"] == corpus_digest(tmp_path / "assembled", "train")
    assert meta["tuning"] == load_heads(HEADS_DIR / HARM_REFIT).meta["tuning"]  # the tuning it kept


def test_a_refit_on_a_corpus_with_a_broken_recipe_stops_before_fitting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = _corpus(tmp_path / "corpus", {"train/ferry.yaml": REPLIES})
    (corpus / RECIPE_FILE).write_text("{not json", encoding="utf-8")
    out = tmp_path / "heads"
    shutil.copytree(HEADS_DIR / HARM_REFIT, out)
    before = (out / "heads.npz").read_bytes()
    assert train_main(["--corpus", str(corpus), "--out", str(out), "--keep-tuning"]) == 2
    err = capsys.readouterr().err.strip()
    assert (
        err.startswith(f"error: {corpus / RECIPE_FILE} cannot be read") and "assemble the corpus again" in err
    )
    assert (out / "heads.npz").read_bytes() == before
