"""The shipped scenarios' contexts kept with the training corpus: written, read back, used by training."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from simulator.training.cli import main as train_main
from simulator.training.contexts_snapshot import (
    SNAPSHOT_NAME,
    SnapshotError,
    changed_since,
    contexts_json,
    parse_contexts,
)
from simulator.training.corpus import parse_corpus
from simulator.training.corpus_files import (
    context_drift,
    corpus_digest,
    in_shipped_context,
    scenario_contexts,
    snapshot_contexts,
    training_contexts,
)

ROOT = Path(__file__).resolve().parents[1]

ITEM = """\
scenario: late-pizza
split: train
situations:
  - id: opening
    register: phone
    customer_name: Sam Reed
    customer: ["My pizza came an hour late and cold."]
    offers:
      - {id: writers_copy, kind: solution, text: the writer's own copy of an offer}
    facts: []
    replies:
      - - [offer_solution, "I'll send a fresh one out now."]
"""


def test_the_committed_snapshot_is_in_the_written_form_and_covers_every_scenario_trained_on() -> None:
    text = (ROOT / "corpus" / "train" / SNAPSHOT_NAME).read_text(encoding="utf-8")
    contexts = parse_contexts(text, SNAPSHOT_NAME)
    assert contexts_json(contexts) == text  # hand edits show up as a diff against what training writes
    named = {
        m.group(1)
        for path in (ROOT / "corpus" / "train").glob("*.yaml")
        if (m := re.search(r"^scenario: *(\S+)", path.read_text(encoding="utf-8"), re.MULTILINE))
    }
    assert len(named) == 12
    assert named <= set(contexts)


def test_contexts_survive_the_round_trip_through_json() -> None:
    live = scenario_contexts(ROOT / "scenarios")
    back = parse_contexts(contexts_json(live), "snapshot")
    assert changed_since(back, live) == []
    assert any(o.combines for c in back.values() for o in c.offers)  # paired offers survive
    assert any(c.extra_phrases for c in back.values())  # and so do a scenario's own phrases


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "snapshot:1:2: Expecting property name"),
        ("[]", "snapshot: expected an object of scenario ids"),
        ('{"late-pizza": {"offers": [{"id": "refund"}]}}', "snapshot: late-pizza: missing field 'phrases'"),
        ('{"late-pizza": {"facts": [{"id": "when", "topics": "x"}]}}', "late-pizza: facts: expected a list"),
    ],
)
def test_a_broken_snapshot_is_one_clear_message(text: str, message: str) -> None:
    with pytest.raises(SnapshotError, match=message):
        parse_contexts(text, "snapshot")


def test_training_takes_a_shipped_scenarios_context_from_the_snapshot(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "train").mkdir(parents=True)
    (corpus / "train" / "shipped-late-pizza.yaml").write_text(ITEM, encoding="utf-8")
    scenarios = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", scenarios)
    items = parse_corpus(ITEM, "item.yaml")
    assert training_contexts(corpus) == {}  # no snapshot: the writer's own copy of the offers stays
    assert in_shipped_context(training_contexts(corpus), items) == items
    before = corpus_digest(corpus, "train")

    snapshot_contexts(corpus, scenarios)
    pizza = scenario_contexts(scenarios)["late-pizza"]
    (judged,) = in_shipped_context(training_contexts(corpus), items)
    assert judged.situation.context.key() == pizza.key()
    assert corpus_digest(corpus, "train") != before  # the heads depend on it, so the corpus digest does

    path = scenarios / "late-pizza.yaml"
    text = path.read_text(encoding="utf-8")
    assert "phrases: [refund, " in text
    edited = text.replace("phrases: [refund, ", "phrases: [refund, pay you back, ", 1)
    path.write_text(edited, encoding="utf-8")
    assert context_drift(corpus, scenarios) == ["late-pizza"]
    (still,) = in_shipped_context(training_contexts(corpus), items)
    assert still.situation.context.key() == pizza.key()  # an edited scenario does not change training


def test_the_training_command_writes_the_snapshot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "train").mkdir()
    assert train_main(["--corpus", str(tmp_path), "--snapshot-contexts"]) == 0
    assert SNAPSHOT_NAME in capsys.readouterr().out
    written = parse_contexts((tmp_path / "train" / SNAPSHOT_NAME).read_text(encoding="utf-8"), "written")
    assert changed_since(written, scenario_contexts(ROOT / "scenarios")) == []


def test_a_broken_snapshot_stops_training_with_one_message_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "train").mkdir()
    (tmp_path / "train" / SNAPSHOT_NAME).write_text('{"late-pizza": []}', encoding="utf-8")
    out = tmp_path / "heads"
    assert train_main(["--corpus", str(tmp_path), "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip().endswith("late-pizza: expected an object")
    assert not out.exists()


def test_a_refit_without_tuned_heads_to_keep_stops_with_one_message_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "train").mkdir()
    out = tmp_path / "refit"
    assert train_main(["--corpus", str(tmp_path), "--out", str(out), "--keep-tuning"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: --keep-tuning needs the tuned heads in") and "missing" in err
    assert not out.exists()
