"""The neural voice: model join and refusal, voice manifest, sentences, the pipeline's timing and fallback."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import wave
from pathlib import Path

import numpy as np
import pytest

from simulator.app.line_chain import LineChain
from simulator.scenario.loader import parse_scenario
from simulator.scenario.model import VoiceSettings
from simulator.scenario.spoken import all_lines, likely_next
from simulator.speech import kokoro_assets
from simulator.speech.kokoro_assets import NeuralVoiceUnavailable, load_voice, prepare_model
from simulator.speech.neural_worker import NeuralVoice
from simulator.speech.sentences import split_sentences
from simulator.speech.tts_worker import LineFailed, LineReady, SpeechUnavailable, TtsEvent
from simulator.voices import KOKORO_VOICES, voice_for

ROOT = Path(__file__).resolve().parents[1]
VOICE = VoiceSettings(name="af_heart")


def _wav(path: Path, seconds: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(8000)
        wav.writeframes(b"\x00\x00" * int(8000 * seconds))
    return path


# --- the model --------------------------------------------------------------------------
def test_model_parts_are_joined_verified_and_reused(tmp_path: Path) -> None:
    parts = []
    for i in range(4):
        part = tmp_path / f"part{i}"
        part.write_bytes(bytes([i]) * (1000 + i))
        parts.append(part)
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in parts)).hexdigest()
    model = prepare_model(tmp_path / "cache", parts, expected_sha256=digest)
    assert model.read_bytes() == b"".join(p.read_bytes() for p in parts)
    parts[0].write_bytes(b"changed")  # the marker (sha + size) is trusted: no second join
    assert prepare_model(tmp_path / "cache", parts, expected_sha256=digest) == model


def test_a_different_model_is_refused_and_not_left_behind(tmp_path: Path) -> None:
    part = tmp_path / "part"
    part.write_bytes(b"not the kokoro model")
    with pytest.raises(NeuralVoiceUnavailable, match="Refusing the neural voice model: its sha256"):
        prepare_model(tmp_path / "cache", [part])
    assert not any((tmp_path / "cache").iterdir())


def test_missing_model_wheels_name_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kokoro_assets, "_part_file", lambda name: None)
    with pytest.raises(NeuralVoiceUnavailable, match="pip install kokoro-onnx"):
        kokoro_assets.model_parts()


# --- the voices -------------------------------------------------------------------------
def test_shipped_voices_match_the_registry_the_manifest_and_carry_the_licence() -> None:
    folder = kokoro_assets.VOICES_DIR
    manifest = json.loads((folder / "manifest.json").read_text())
    assert set(manifest["sha256"]) == set(KOKORO_VOICES) == {p.stem for p in folder.glob("*.bin")}
    assert "Apache License" in (folder / "LICENSE").read_text()
    for name in KOKORO_VOICES:
        vectors = load_voice(name)
        assert vectors.shape == (510, 1, 256) and np.isfinite(vectors).all()


def test_a_tampered_voice_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "voices"
    shutil.copytree(kokoro_assets.VOICES_DIR, folder)
    data = bytearray((folder / "af_heart.bin").read_bytes())
    data[100] ^= 0xFF
    (folder / "af_heart.bin").write_bytes(bytes(data))
    with pytest.raises(NeuralVoiceUnavailable, match=r"does not match the sha256 in manifest\.json"):
        load_voice("af_heart", folder)
    (folder / "manifest.json").write_text("{")
    with pytest.raises(NeuralVoiceUnavailable, match="unreadable"):
        load_voice("bf_emma", folder)


def test_default_voice_follows_language_and_gender() -> None:
    assert voice_for("", "en-gb", "male").name == "bm_daniel"
    assert voice_for("", "en", "female").name == "af_heart"
    assert voice_for("am_onyx", "en-gb", "female").name == "am_onyx"


def test_every_shipped_scenario_names_a_fitting_voice() -> None:
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        scenario, errors = parse_scenario(str(path), path.read_bytes())
        assert scenario is not None, errors
        voice = scenario.customer.voice
        assert voice.name in KOKORO_VOICES, path.name
        assert KOKORO_VOICES[voice.name].gender == voice.gender, path.name


def test_unknown_voice_name_is_a_located_error_with_a_suggestion() -> None:
    text = (ROOT / "scenarios" / "late-pizza.yaml").read_text().replace("name: af_heart", "name: af_hart")
    scenario, errors = parse_scenario("s.yaml", text.encode())
    assert scenario is None
    assert any("voice.name: 'af_hart' is not one of" in str(e) and "af_heart" in str(e) for e in errors)


# --- sentences and lines ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Right. So where is it? I waited a week!", ["Right. So where is it?", "I waited a week!"]),
        ("Where is it? I waited!", ["Where is it? I waited!"]),
        ("It cost $4.50 today. Not 3.30.", ["It cost $4.50 today. Not 3.30."]),
        ("  No.  ", ["No."]),
        ("", []),
        ("One two three! Four five six? Yes.", ["One two three!", "Four five six? Yes."]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_likely_next_is_said_lines_free_and_all_lines_cover_openings() -> None:
    path = ROOT / "scenarios" / "late-pizza.yaml"
    scenario, _ = parse_scenario(str(path), path.read_bytes())
    assert scenario is not None
    lines = all_lines(scenario)
    assert set(scenario.lines.opening) <= set(lines) and len(lines) == len(set(lines))
    first = likely_next(scenario, 80)
    assert first and set(first) <= set(lines)
    assert first[0] not in likely_next(scenario, 80, {first[0]})


# --- the pipeline -------------------------------------------------------------------------
class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


class FakeRenderer:
    """Renders instantly unless a sentence is listed as slow (then never, for the test's span)."""

    def __init__(self, folder: Path, slow: tuple[str, ...] = ()) -> None:
        self.folder, self.slow = folder, slow
        self.rendered: list[str] = []

    def sentence_path(self, text: str, voice: VoiceSettings) -> Path:
        return self.folder / f"{hashlib.sha1(text.encode()).hexdigest()}.wav"

    def render_sentence(self, text: str, voice: VoiceSettings) -> tuple[Path, bool]:
        if any(s in text for s in self.slow):
            import time

            time.sleep(5)
        self.rendered.append(text)
        return _wav(self.sentence_path(text, voice), 0.5), False


class FakeFallback:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.requests: list[tuple[str, str]] = []
        self.closed = False

    def request(self, line_id: str, text: str, voice: VoiceSettings) -> None:
        self.requests.append((line_id, text))

    def poll(self) -> list[TtsEvent]:
        out: list[TtsEvent] = []
        for line_id, text in self.requests:
            out.append(LineReady(line_id, text, _wav(self.folder / "fb.wav", 1.0), 1.0, False))
        self.requests = []
        return out

    def close(self, timeout: float = 2.0) -> None:
        self.closed = True


def _collect(voice: NeuralVoice, clock: Clock, until: float, step: float = 0.05) -> list[TtsEvent]:
    import time

    events: list[TtsEvent] = []
    while clock.t < until:
        events += voice.poll()
        clock.t += step
        time.sleep(0.01)
    return events


def test_sentences_arrive_as_parts_and_a_second_request_is_served_from_cache(tmp_path: Path) -> None:
    clock = Clock()
    renderer = FakeRenderer(tmp_path)
    fallback = FakeFallback(tmp_path)
    voice = NeuralVoice(lambda: renderer, fallback, clock=clock, budget_s=5.0)
    try:
        voice.request("line-1", "Where is my pizza? I ordered an hour ago.", VOICE)
        events = _collect(voice, clock, 3.0)
        parts = [e for e in events if isinstance(e, LineReady)]
        assert [(p.text, p.final) for p in parts] == [
            ("Where is my pizza?", False),
            ("I ordered an hour ago.", True),
        ]
        probe = NeuralVoice(lambda: renderer, fallback, clock=clock, cache_probe=renderer.sentence_path)
        probe.request("line-2", "Where is my pizza?", VOICE)
        cached = probe.poll()
        probe.close()
        parts = [(e.text, e.cached) for e in cached if isinstance(e, LineReady)]
        assert parts == [("Where is my pizza?", True)]
    finally:
        voice.close()
    assert fallback.requests == [] and fallback.closed


def test_a_line_not_ready_within_the_budget_is_spoken_by_the_fallback(tmp_path: Path) -> None:
    clock = Clock()
    voice = NeuralVoice(lambda: FakeRenderer(tmp_path, slow=("pizza",)), FakeFallback(tmp_path),
                        clock=clock, budget_s=0.5)  # fmt: skip
    try:
        voice.request("line-1", "Where is my pizza? I ordered an hour ago.", VOICE)
        events = _collect(voice, clock, 1.0)
    finally:
        voice.close(timeout=0.1)
    ready = [e for e in events if isinstance(e, LineReady)]
    assert [(e.line_id, e.text, e.final) for e in ready] == [
        ("line-1", "Where is my pizza? I ordered an hour ago.", True)
    ]
    assert any("fallback from sentence 1 (late)" in c for c in voice.choices)


def test_a_late_second_sentence_hands_the_rest_to_the_fallback(tmp_path: Path) -> None:
    clock = Clock()
    voice = NeuralVoice(lambda: FakeRenderer(tmp_path, slow=("hour",)), FakeFallback(tmp_path),
                        clock=clock, budget_s=1.0, grace_s=0.2)  # fmt: skip
    try:
        voice.request("line-1", "Where is my pizza? I ordered an hour ago.", VOICE)
        events = _collect(voice, clock, 2.0)
    finally:
        voice.close(timeout=0.1)
    ready = [(e.text, e.final) for e in events if isinstance(e, LineReady)]
    assert ready == [("Where is my pizza?", False), ("I ordered an hour ago.", True)]


def test_without_a_model_the_fallback_speaks_at_once(tmp_path: Path) -> None:
    def broken() -> FakeRenderer:
        raise NeuralVoiceUnavailable("The neural voice model is not installed.")

    clock = Clock()
    voice = NeuralVoice(broken, FakeFallback(tmp_path), clock=clock, budget_s=100.0)
    try:
        voice.request("line-1", "Hello there, anyone?", VOICE)
        events = _collect(voice, clock, 0.5)
    finally:
        voice.close()
    assert [e.line_id for e in events if isinstance(e, LineReady)] == ["line-1"]
    assert not any(isinstance(e, SpeechUnavailable) for e in events)
    alone = NeuralVoice(broken, None, clock=clock)
    alone.request("line-2", "Hello there, anyone?", VOICE)
    events = _collect(alone, clock, clock.t + 0.5)
    alone.close()
    assert any(isinstance(e, SpeechUnavailable) for e in events)
    assert any(isinstance(e, LineFailed) for e in events)


# --- playing parts as one line -------------------------------------------------------------
class Player:
    def __init__(self, clock: Clock) -> None:
        self.clock, self.ends, self.played = clock, 0.0, []  # type: ignore[var-annotated]

    @property
    def playing(self) -> bool:
        return self.clock() < self.ends

    def play(self, path: Path, duration_s: float) -> None:
        self.played.append(path.name)
        self.ends = self.clock() + duration_s

    def stop(self) -> None:
        self.ends = self.clock()


def test_line_chain_plays_parts_in_turn_and_reads_as_one_line() -> None:
    clock = Clock()
    chain = LineChain(Player(clock))
    first = LineReady("l1", "A.", Path("a.wav"), 1.0, False, final=False)
    second = LineReady("l1", "B.", Path("b.wav"), 1.0, False, final=False)
    third = LineReady("l1", "C.", Path("c.wav"), 1.0, False, final=True)
    assert not chain.route(first)  # the scene gets the first part
    assert chain.route(second)  # kept, even before the scene has started the line
    chain.play(first.wav_path, first.duration_s, "l1")
    clock.t = 1.2
    assert chain.playing and chain.played == ["a.wav", "b.wav"]
    clock.t = 2.5
    assert chain.playing  # the third part is due: still one line
    assert chain.route(third)
    chain.advance()
    clock.t = 3.0
    assert chain.playing and chain.played == ["a.wav", "b.wav", "c.wav"]
    clock.t = 4.0
    assert not chain.playing
    assert not chain.route(LineReady("l2", "D.", Path("d.wav"), 1.0, False))  # a new line


def test_a_measured_slow_model_hands_a_cold_line_to_the_fallback_at_once(tmp_path: Path) -> None:
    clock = Clock()
    slow = FakeRenderer(tmp_path, slow=("forty",))
    voice = NeuralVoice(lambda: slow, FakeFallback(tmp_path), clock=clock, budget_s=0.8)
    try:
        voice.seconds_per_char = 0.2  # 8 s for a 40-character sentence: it can't make the budget
        voice.request("line-1", "This sentence has forty characters, yes.", VOICE)
        events = voice.poll() + voice.poll()  # no time passes: the fallback is asked at once
        assert [e.line_id for e in events if isinstance(e, LineReady)] == ["line-1"]
        assert voice.choices[-1] == "line-1: fallback from sentence 1 (too slow)"
    finally:
        voice.close(timeout=0.1)


# --- the commands ---------------------------------------------------------------------------------
class FakeKokoro(FakeRenderer):
    """Stands in for KokoroSynthesizer in `voices prepare` (the real one is in test_voices_e2e)."""

    def __init__(self, cache_dir: Path, threads: int = 1) -> None:
        super().__init__(cache_dir / "kokoro")
        self.sentence_dir = cache_dir / "kokoro"


def test_voices_prepare_renders_every_sentence_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from simulator.cli.main import main
    from simulator.speech import neural

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(kokoro_assets, "neural_problem", lambda: None)
    monkeypatch.setattr(neural, "KokoroSynthesizer", FakeKokoro)
    assert main(["voices", "prepare", "late-pizza"]) == 0
    first = capsys.readouterr().out
    rendered = int(re.search(r"late-pizza: (\d+) sentences, 0 ready, rendering (\d+)", first).group(2))  # type: ignore[union-attr]
    assert rendered > 50 and len(list((tmp_path / "cache").rglob("*.wav"))) == rendered
    assert main(["voices", "prepare", "late-pizza"]) == 0
    assert f"{rendered} ready, rendering 0" in capsys.readouterr().out
    assert main(["voices", "prepare", "no-such-scenario"]) == 2
    assert "unknown scenario" in capsys.readouterr().err


def test_game_voice_neural_unless_asked_or_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from simulator.speech.neural_worker import game_voice
    from simulator.speech.tts import FakeSynthesizer
    from simulator.speech.tts_worker import TtsWorker

    monkeypatch.setattr("simulator.speech.tts.make_synthesizer", lambda preference=None: FakeSynthesizer())
    chosen = game_voice(tmp_path, "espeak")
    assert isinstance(chosen, TtsWorker)
    chosen.close()
    monkeypatch.setattr(kokoro_assets, "neural_problem", lambda: "not installed")
    chosen = game_voice(tmp_path)
    assert isinstance(chosen, TtsWorker)
    chosen.close()
    monkeypatch.setattr(kokoro_assets, "neural_problem", lambda: None)
    monkeypatch.setattr("simulator.speech.neural.KokoroSynthesizer", FakeKokoro)
    neural = game_voice(tmp_path)
    assert isinstance(neural, NeuralVoice) and isinstance(neural.fallback, TtsWorker)
    neural.close()
