"""The neural voices shipped in assets/voices/kokoro: one registry for the spec, the engine and the docs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class VoiceInfo:
    name: str
    gender: str  # female | male
    accent: str  # the espeak-ng language Kokoro phonemizes with: en-us | en-gb
    description: str


def _v(name: str, description: str) -> VoiceInfo:
    gender = "female" if name[1] == "f" else "male"
    accent = "en-gb" if name[0] == "b" else "en-us"
    return VoiceInfo(name, gender, accent, description)


KOKORO_VOICES: Final[dict[str, VoiceInfo]] = {
    v.name: v
    for v in (
        _v("af_heart", "American woman, warm and clear"),
        _v("af_bella", "American woman, bright and expressive"),
        _v("af_sarah", "American woman, brisk, a little breathy"),
        _v("af_nicole", "American woman, soft and close"),
        _v("am_adam", "American man, deep and slow"),
        _v("am_eric", "American man, confident, salesman-like"),
        _v("am_michael", "American man, warm baritone"),
        _v("am_onyx", "American man, low and rough"),
        _v("bf_alice", "British woman, crisp and formal"),
        _v("bf_emma", "British woman, measured, middle-aged"),
        _v("bf_isabella", "British woman, young and light"),
        _v("bf_lily", "British woman, soft and gentle"),
        _v("bm_daniel", "British man, calm and even"),
        _v("bm_fable", "British man, theatrical, plummy"),
        _v("bm_george", "British man, older and gravelly"),
        _v("bm_lewis", "British man, deep and blunt"),
    )
}
VOICE_NAMES: Final = tuple(KOKORO_VOICES)
# The voice used when a scenario names none: by accent family and gender.
DEFAULT_VOICES: Final = {
    ("en-gb", "female"): "bf_emma",
    ("en-gb", "male"): "bm_daniel",
    ("en-us", "female"): "af_heart",
    ("en-us", "male"): "am_michael",
}


def voice_for(name: str, language: str, gender: str) -> VoiceInfo:
    """The named voice, or the default for the language (en-gb/en-ie/en-au... sound British) and gender."""
    if name in KOKORO_VOICES:
        return KOKORO_VOICES[name]
    lang = language.lower().replace("_", "-")
    family = "en-us" if lang in ("en", "en-us", "en-ca") else "en-gb"
    return KOKORO_VOICES[DEFAULT_VOICES[(family, "male" if gender == "male" else "female")]]
