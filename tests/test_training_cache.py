"""The training cache's files: streamed to and from disk, never half-written, and ignored when unreadable."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from simulator.training.feature_cache import read_pickle, write_pickle


def test_a_cache_file_round_trips_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "feat.pkl"
    doc = {"code": "v6", "rows": {"k": (np.arange(4, dtype=np.float32), [("apology", [0])])}}
    write_pickle(path, doc)
    back = read_pickle(path)
    assert isinstance(back, dict) and back["code"] == "v6"
    assert np.array_equal(back["rows"]["k"][0], doc["rows"]["k"][0])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feat.pkl"]


def test_an_unreadable_cache_is_no_cache_with_one_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "feat.pkl"
    write_pickle(path, {"rows": list(range(1000))})
    path.write_bytes(path.read_bytes()[:100])  # a run killed while the old code was writing it
    assert read_pickle(path) is None
    assert capsys.readouterr().err.count("note: ignoring the unreadable cache") == 1
    assert read_pickle(tmp_path / "missing.pkl") is None
