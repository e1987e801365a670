"""Reliability of the input edges: invalid UTF-8, scenario files that hang, clear messages, long silence."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import wave
from pathlib import Path

import pytest
from conftest import ROOT, unprivileged
from test_cli import MODEL
from test_reliability import clean, cli, train

from simulator.store import open_store

# -- 2. invalid UTF-8 at every input edge ----------------------------------------------------


def test_invalid_utf8_in_practice_keeps_the_session_going(tmp_path: Path) -> None:
    answers = b"I will refund it caf\xe9\n" + MODEL[0].encode() + b"\n/quit\n"
    proc = cli("practice", "--scenario", "late-pizza", "--trainee", "Uli", stdin=answers, data_dir=tmp_path)
    clean(proc)
    assert proc.returncode == 0
    (rec,) = open_store(None, tmp_path).sessions(trainee="Uli")
    texts = [t.text for t in rec.turns if t.speaker == "trainee"]
    assert texts == ["I will refund it caf\ufffd", MODEL[0]]


def test_invalid_utf8_in_arguments_and_piped_lines(tmp_path: Path) -> None:
    proc = cli(
        "run",
        "--scenario",
        "late-pizza",
        "--json",
        "--trainee",
        b"R\xe9mi",
        "--say",
        b"sorry \xff, " + MODEL[0].encode(),
        data_dir=tmp_path,
    )
    clean(proc)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["turns"][1]["text"].startswith("sorry \ufffd")
    for env in ({"PYTHONIOENCODING": "utf-8"}, {"LC_ALL": "C"}):
        piped = cli("analyze", "-", stdin=b"so sorry caf\xe9\n", data_dir=tmp_path, env=env)
        clean(piped)
        assert piped.returncode == 0 and "apology" in piped.stdout


# -- 5. scenario files that hang or eat memory --------------------------------------------------


def test_devices_fifos_and_huge_lists_are_located_errors_in_seconds(tmp_path: Path) -> None:
    (tmp_path / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "fifo.yaml")
    source = (ROOT / "scenarios" / "late-pizza.yaml").read_text(encoding="utf-8")
    head, _, tail = source.partition("\nphrases:\n")
    (tmp_path / "list.yaml").write_text(
        head + "\nphrases:\n  apology: [" + ",".join("a" * 300_000) + "]\n" + tail, encoding="utf-8"
    )
    (tmp_path / "alias.yaml").write_text(
        head.replace("id: late-pizza", "id: alias")
        + "\nphrases:\n  apology: [&p so sorry,"
        + ",".join(["*p"] * 200_000)
        + "]\n"
        + tail,
        encoding="utf-8",
    )
    started = time.perf_counter()
    names = ("zero.yaml", "fifo.yaml", "list.yaml", "alias.yaml")
    proc = cli("validate", *(str(tmp_path / f) for f in names), data_dir=tmp_path, timeout=60)
    clean(proc)
    assert time.perf_counter() - started < 30
    lines = [line for line in proc.stderr.splitlines() if ": " in line and line.startswith("/")]
    assert sum("not a regular file" in line for line in lines) == 2
    assert sum("too many items" in line and "apology" in line for line in lines) == 2


def test_a_phrase_aliased_many_times_compiles_once(late_pizza) -> None:  # type: ignore[no-untyped-def]
    import dataclasses
    from types import MappingProxyType

    from simulator.play import detector_for

    bloated = dataclasses.replace(
        late_pizza, phrases=MappingProxyType({"apology": ("so terribly sorry",) * 50_000})
    )
    started = time.perf_counter()
    detect = detector_for(bloated)
    assert any(m.move == "apology" for m in detect("I am so terribly sorry about the wait"))
    assert time.perf_counter() - started < 20


def test_a_bare_heartfelt_apology_counts(late_pizza) -> None:  # type: ignore[no-untyped-def]
    from simulator.play import detector_for

    assert any(m.move == "apology" for m in detector_for(late_pizza)("I am so terribly sorry"))


def test_a_bare_generic_apology_counts() -> None:
    from simulator.play import detector_for

    assert any(m.move == "apology" for m in detector_for(None)("I'm sorry"))


def test_an_emphatic_apology_counts() -> None:
    from simulator.play import detector_for

    detect = detector_for(None)
    for text in ("I do apologise.", "We do apologise for the wait."):
        assert any(m.move == "apology" for m in detect(text)), text


def test_a_sincere_im_sure_is_no_sarcasm() -> None:
    """A gap from round 11's holdout, open again after round 17's retrain; since round 18 a reassure frame
    ("I'm sure we can sort …") names it, and the retrained sarcasm head no longer hears it alone."""
    from simulator.play import detector_for

    moves = {m.move for m in detector_for(None)("I'm sure we can sort something out for you.")}
    assert "sarcasm" not in moves and "reassure" in moves


def test_short_generic_apologies_count() -> None:
    from simulator.play import detector_for

    detect = detector_for(None)
    bare = ("I'm sorry.", "sorry", "I'm so sorry", "I am sorry", "oh i'm sorry", "i'm really sorry")
    for text in (*bare, "hi, sorry for the inconvenience", "We do apologise."):
        assert any(m.move == "apology" for m in detect(text)), text


# -- 6. clear messages and smaller gaps ----------------------------------------------------------


def test_bad_ids_and_numbers_are_one_line_messages(tmp_path: Path) -> None:
    long_id = "x" * 10_000
    sid = train(open_store(None, tmp_path), "Lu")
    for args in (
        ("playtest", long_id),
        ("new", long_id),
        ("report", long_id, "--json"),
        ("report", "____", "--json"),
        ("group", "observe", sid, "99999999999999999999", "--rating", "3", "--comment", "x"),
    ):
        proc = cli(*args, data_dir=tmp_path, stdin=b"")
        clean(proc)
        assert proc.returncode != 0 and "File name too long" not in proc.stderr, (args, proc.stderr)
        assert "database" not in proc.stderr, proc.stderr  # never blamed on the database
    found = cli("report", sid[:6], "--json", data_dir=tmp_path)
    assert found.returncode == 0 and json.loads(found.stdout)


def test_group_create_checks_scenarios_and_rosters(tmp_path: Path) -> None:
    (tmp_path / "roster.csv").write_bytes(bytes(range(256)) * 20)
    binary = cli(
        "group",
        "create",
        "G",
        "--roster-csv",
        str(tmp_path / "roster.csv"),
        "--scenario",
        "late-pizza",
        data_dir=tmp_path,
    )
    clean(binary)
    assert binary.returncode == 1 and "binary data" in binary.stderr
    unknown = cli("group", "create", "G", "--roster", "A, B", "--scenario", "late-piza", data_dir=tmp_path)
    assert unknown.returncode == 1 and "did you mean 'late-pizza'" in unknown.stderr
    made = cli(
        "group", "create", "G", "--roster", "Smith; Jr, Bo", "--scenario", "late-pizza", data_dir=tmp_path
    )
    assert made.returncode == 0 and "2 trainees" in made.stdout


def test_read_only_database_in_a_read_only_folder_can_be_read(capsys: pytest.CaptureFixture[str]) -> None:
    from simulator.cli.main import main

    base = Path(tempfile.mkdtemp(prefix="hotseat-ro-"))
    base.chmod(0o755)
    shared, data = base / "shared", base / "data"
    shared.mkdir()
    data.mkdir()
    db = shared / "results.sqlite3"
    store = open_store(str(db), base)
    sid = train(store, "Ro")
    store.close()
    assert not (shared / "results.sqlite3-shm").exists()  # a WAL database, closed cleanly
    db.chmod(0o444)
    shared.chmod(0o555)
    if os.geteuid() == 0:
        os.chown(data, 65534, 65534)
    main(["--data-dir", str(data), "--db", str(db), "status"])  # imports everything as root first
    capsys.readouterr()
    try:
        with unprivileged():
            code = main(["--data-dir", str(data), "--db", str(db), "report", sid[:8], "--json"])
        out = capsys.readouterr()
        assert code == 0, out.err
        assert json.loads(out.out)["trainee"] == "Ro" and "read-only" in out.err
    finally:
        shared.chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


def test_ten_minutes_of_silence_after_an_answer_is_trimmed_before_decoding(tmp_path: Path) -> None:
    import numpy as np

    from simulator.speech.audio import load_audio

    rate = 16_000
    tone = (0.3 * np.sin(2 * np.pi * 220 * np.arange(2 * rate) / rate) * 32767).astype("<i2")
    path = tmp_path / "answer.wav"
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(tone.tobytes())
        silence = bytes(2 * rate * 10)
        for _ in range(60):
            wav.writeframes(silence)
    started = time.perf_counter()
    clip = load_audio(path)
    assert clip.duration_s < 8.0 and time.perf_counter() - started < 10
