"""Text-to-speech engines behind one ``Synthesizer`` protocol (render text to a WAV)."""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path
from typing import Any, Final, Protocol, runtime_checkable

import numpy as np

from simulator.scenario.model import VoiceSettings
from simulator.speech.audio import wav_duration

INSTALL_HINT: Final = "Install espeak-ng (sudo apt-get install espeak-ng) to hear the customer"
# espeak-ng voice variants used when VoiceSettings.variant is empty.
DEFAULT_VARIANTS: Final = {"female": "f3", "male": "m3"}
RENDER_TIMEOUT_S: Final = 30.0


class SynthesisError(RuntimeError):
    """A line could not be rendered; the message is one sentence for the log/UI."""


@runtime_checkable
class Synthesizer(Protocol):
    """Renders one line of customer speech to a WAV file."""

    name: str

    def render(self, text: str, voice: VoiceSettings, out_path: Path) -> None: ...


def _check_wav(path: Path, engine: str) -> None:
    if wav_duration(path) <= 0.0:
        raise SynthesisError(f"{engine} produced no audio in {path.name}.")


def _tmp_beside(out_path: Path) -> Path:
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".tts-", suffix=".wav", dir=out_path.parent)
    os.close(fd)
    return Path(name)


def _espeak_voice_name(voice: VoiceSettings, base: str) -> str:
    variant = voice.variant or DEFAULT_VARIANTS.get(voice.gender, "")
    return f"{base}+{variant}" if variant else base


class Pyttsx3Synthesizer:
    """pyttsx3 (espeak-ng via libespeak-ng on Linux, SAPI5 on Windows, NSSS on macOS).

    Not thread-safe: create and use it on one thread only (``TtsWorker`` does).
    """

    name = "pyttsx3"

    def __init__(self, driver: str | None = None) -> None:
        import pyttsx3

        try:
            self._engine: Any = pyttsx3.init(driver)
        except Exception as exc:  # driver import errors, missing libespeak-ng, COM errors
            raise SynthesisError(f"pyttsx3 could not start a speech engine ({exc}).") from exc
        self.driver = str(getattr(self._engine, "driver_name", "") or "")
        self._voices: list[Any] = list(self._engine.getProperty("voices") or [])
        _silence_driver_prints()

    def pick_voice(self, voice: VoiceSettings) -> str | None:
        """The engine voice id best matching language, gender and variant."""
        language = voice.language.lower().replace("_", "-")
        candidates = [v for v in self._voices if _voice_matches(v, language)]
        if not candidates:
            return None
        if self.driver == "espeak":
            # espeak voices carry no real gender: the "+f3"/"+m3" variant sets it.
            base = min(candidates, key=lambda v: _espeak_rank(v, language)).id
            return _espeak_voice_name(voice, base)
        gendered = [v for v in candidates if str(v.gender or "").lower() == voice.gender]
        chosen = (gendered or candidates)[0]
        if voice.variant:
            named = [v for v in candidates if voice.variant.lower() in str(v.name).lower()]
            chosen = (named or [chosen])[0]
        return str(chosen.id)

    def render(self, text: str, voice: VoiceSettings, out_path: Path) -> None:
        if not text.strip():
            raise SynthesisError("Cannot speak an empty line.")
        voice_id = self.pick_voice(voice)
        engine = self._engine
        tmp = _tmp_beside(out_path)
        try:
            try:
                if voice_id:
                    engine.setProperty("voice", voice_id)
                engine.setProperty("rate", int(voice.rate))
                engine.setProperty("volume", max(0.0, min(1.0, float(voice.volume))))
                if self.driver == "espeak":
                    engine.setProperty("pitch", max(0, min(100, int(voice.pitch))))
                for _attempt in range(2):  # under load, its espeak driver can return before writing the file
                    engine.save_to_file(text, str(tmp))
                    engine.runAndWait()
                    if wav_duration(tmp) > 0.0:  # 0.0 when missing or empty, as _check_wav reads it
                        break
            except Exception as exc:
                raise SynthesisError(f"pyttsx3 failed to render the line ({exc}).") from exc
            _check_wav(tmp, "pyttsx3")
            os.replace(tmp, out_path)
        finally:
            tmp.unlink(missing_ok=True)


def _silence_driver_prints() -> None:
    """pyttsx3's espeak driver print()s "Audio saved to ..." for every file: mute that module only.

    Redirecting sys.stdout instead would be process-wide and swallow what other threads print.
    """
    module = sys.modules.get("pyttsx3.drivers.espeak")
    if module is not None:
        module.print = lambda *args, **kwargs: None  # type: ignore[attr-defined]


def _languages(voice: Any) -> list[str]:
    out: list[str] = []
    for lang in getattr(voice, "languages", None) or []:
        if isinstance(lang, bytes):
            lang = lang.decode("utf-8", "ignore")
        out.append(str(lang).lower().replace("_", "-").lstrip("\x05"))
    return out


def _espeak_rank(voice: Any, language: str) -> int:
    """Lower is better: exact language, then US English for bare "en", then the default."""
    langs = _languages(voice)
    ident = str(getattr(voice, "id", "")).lower().rsplit("/", 1)[-1]
    if language in langs:
        return 0
    if language == "en" and "en-us" in langs:
        return 1
    if ident == language:
        return 2
    return 3


def _voice_matches(voice: Any, language: str) -> bool:
    primary = language.split("-")[0]
    langs = _languages(voice)
    if any(lang == language or lang.split("-")[0] == primary for lang in langs):
        return True
    ident = str(getattr(voice, "id", "")).lower()
    return ident.rsplit("/", 1)[-1].split("-")[0] == primary


class EspeakNgSynthesizer:
    """Calls the ``espeak-ng -w`` binary: no shared library, hard timeout per line."""

    name = "espeak-ng"

    def __init__(self, binary: str | None = None) -> None:
        found = binary or shutil.which("espeak-ng") or shutil.which("espeak")
        if not found:
            raise SynthesisError(f"No espeak-ng binary on PATH. {INSTALL_HINT}.")
        self.binary = found

    def command(self, voice: VoiceSettings, out_path: Path) -> list[str]:
        base = voice.language.lower().replace("_", "-") or "en"
        if base == "en":
            base = "en-us"
        return [
            self.binary,
            "-v",
            _espeak_voice_name(voice, base),
            "-s",
            str(max(80, min(450, int(voice.rate)))),
            "-p",
            str(max(0, min(99, int(voice.pitch)))),
            "-a",
            str(max(0, min(200, round(float(voice.volume) * 100)))),
            "-w",
            str(out_path),
            "--stdin",
        ]

    def render(self, text: str, voice: VoiceSettings, out_path: Path) -> None:
        if not text.strip():
            raise SynthesisError("Cannot speak an empty line.")
        tmp = _tmp_beside(out_path)
        try:
            result = subprocess.run(
                self.command(voice, tmp),
                input=text.encode("utf-8"),
                capture_output=True,
                timeout=RENDER_TIMEOUT_S,
                check=False,
            )
            if result.returncode != 0:
                err = result.stderr.decode("utf-8", "replace").strip().splitlines()
                raise SynthesisError(
                    f"espeak-ng failed with code {result.returncode}: {err[0] if err else ''}"
                )
            _check_wav(tmp, "espeak-ng")
            os.replace(tmp, out_path)
        except subprocess.TimeoutExpired as exc:
            raise SynthesisError(f"espeak-ng took over {RENDER_TIMEOUT_S:.0f} s.") from exc
        except OSError as exc:
            raise SynthesisError(f"espeak-ng could not run ({exc}).") from exc
        finally:
            tmp.unlink(missing_ok=True)


class FakeSynthesizer:
    """Writes a quiet tone whose length follows the text at ``voice.rate`` (for tests)."""

    name = "fake"

    def __init__(self, fail_on: str | None = None, sample_rate: int = 22_050) -> None:
        self.fail_on = fail_on
        self.sample_rate = sample_rate
        self.calls: list[str] = []

    def render(self, text: str, voice: VoiceSettings, out_path: Path) -> None:
        self.calls.append(text)
        if self.fail_on is not None and self.fail_on in text:
            raise SynthesisError(f"Fake failure on {text!r}.")
        words = max(1, len(text.split()))
        duration = 0.3 + words * 60.0 / max(60, voice.rate)
        t = np.arange(int(duration * self.sample_rate)) / self.sample_rate
        tone = 0.2 * np.sin(2 * np.pi * (120 + voice.pitch) * t)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        with wave.open(str(out_path), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(self.sample_rate)
            wav.writeframes((tone * 32767).astype("<i2").tobytes())


class FallbackSynthesizer:
    """Renders with the first engine; a line it fails is rendered by the second.

    pyttsx3's espeak driver has been seen to write an empty file now and then (inside a
    busy game process); after two failures in a row the backup takes over for good.
    """

    def __init__(self, primary: Synthesizer, backup: Synthesizer) -> None:
        self.primary, self.backup = primary, backup
        self.name = primary.name
        self._failures = 0

    def render(self, text: str, voice: VoiceSettings, out_path: Path) -> None:
        if self._failures < 2:
            try:
                self.primary.render(text, voice, out_path)
                self._failures = 0
                return
            except SynthesisError:
                self._failures += 1
        self.backup.render(text, voice, out_path)


def make_synthesizer(preference: str | None = None) -> Synthesizer:
    """The engines that start: pyttsx3 backed by the espeak-ng binary, or whichever one works.

    ``preference`` "espeak-ng" or "pyttsx3" tries that one only.
    """
    errors: list[str] = []
    order = [preference] if preference else ["pyttsx3", "espeak-ng"]
    engines: list[Synthesizer] = []
    for name in order:
        try:
            if name == "pyttsx3":
                engines.append(Pyttsx3Synthesizer())
            elif name == "espeak-ng":
                engines.append(EspeakNgSynthesizer())
            else:
                errors.append(f"unknown engine {name!r}")
        except ImportError as exc:
            errors.append(f"{name}: {exc}")
        except SynthesisError as exc:
            errors.append(str(exc))
    if len(engines) == 2:
        return FallbackSynthesizer(engines[0], engines[1])
    if engines:
        return engines[0]
    raise SynthesisError(f"No speech engine works ({'; '.join(errors)}). {INSTALL_HINT}.")


def detect_tts() -> str | None:
    """None when a speech engine should work, else a one-line notice of what to install.

    Cheap: looks for the engine, does not start it.
    """
    if sys.platform in ("win32", "darwin"):
        try:
            import pyttsx3
        except ImportError:
            return "Install pyttsx3 (pip install pyttsx3) to hear the customer"
        return None
    has_lib = bool(ctypes.util.find_library("espeak-ng") or ctypes.util.find_library("espeak"))
    has_bin = bool(shutil.which("espeak-ng") or shutil.which("espeak"))
    if has_bin:
        return None
    if has_lib:
        try:
            import pyttsx3  # noqa: F401
        except ImportError:
            return "Install pyttsx3 (pip install pyttsx3) to hear the customer"
        return None
    return INSTALL_HINT
