"""Child process for SphinxRecognizer: reads PCM frames on stdin, writes JSON lines on stdout.

Run by file path with the venv's Python; imports only the standard library and
SpeechRecognition, so it works however the parent found the ``simulator`` package.
Request: 8-byte header (little-endian uint32 sample rate, uint32 byte count) + 16-bit
mono PCM; a zero byte count ends the process. Reply: {"ok": text} or {"error": message}.
"""

from __future__ import annotations

import json
import os
import struct
import sys
from typing import BinaryIO


def _read_exact(stream: BinaryIO, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = stream.read(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def main() -> int:
    # Keep the reply channel private: anything a library prints goes to stderr.
    reply = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    requests = sys.stdin.buffer
    try:
        import speech_recognition as sr

        recognizer = sr.Recognizer()
    except Exception as exc:  # report any import failure to the parent
        reply.write(json.dumps({"error": f"{type(exc).__name__}: {exc}"}) + "\n")
        return 1
    reply.write(json.dumps({"ready": True}) + "\n")
    while True:
        header = _read_exact(requests, 8)
        if header is None:
            return 0
        rate, size = struct.unpack("<II", header)
        if size == 0:
            return 0
        pcm = _read_exact(requests, size)
        if pcm is None:
            return 0
        try:
            text = recognizer.recognize_sphinx(sr.AudioData(pcm, rate, 2))
            answer: dict[str, object] = {"ok": text}
        except sr.UnknownValueError:
            answer = {"ok": ""}
        except Exception as exc:  # keep serving after one bad clip
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        reply.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    sys.exit(main())
