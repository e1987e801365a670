"""Time detect_moves on realistic trainee utterances: median and p95 per call, plus a 100 kB case."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from simulator.detect import (  # noqa: E402
    DetectionContext,
    OfferPhrases,
    PhraseSet,
    default_detector,
    detect_moves,
)

UTTERANCES = [
    "I'm so sorry.",
    "Can you tell me what happened?",
    "Calm down, it's only a pizza.",
    "Dana, I completely understand how frustrating that is, an hour is far too long to wait "
    "when you're hungry.",
    "So if I understand correctly, the driver never called and the pizza arrived cold?",
    "I'm really sorry about that. Let me make it right: I'll send a fresh pizza now and refund "
    "the delivery, and I'll call you back in twenty minutes to check it arrived.",
    "um yeah so like i'm really sorry about that uh when did you place the order",
    "ok so what im hearing is the printer worked yesterday and today it just shows an error "
    "light is that right",
    "Sorry, but you should have checked the box for diet drinks.",
    "I understand, but that's our policy and there's nothing I can do.",
    "Thank you for telling us. Would you prefer a refund or a replacement?",
    "First I'll log the fault, then the technician will call you within two hours. Here's my "
    "direct number in case anything changes.",
    "well excuse me for trying to help",
    "Let me get my manager, she can authorise a refund and a voucher for your next visit.",
    "i hear you and i'd be upset too your child ended up in hospital that must have been "
    "terrifying i am so sorry we got your order wrong",
    "It's not my fault, I'm just doing my job. The kitchen made the mistake, not me.",
    "What would make this right for you? If it's in my power, I'll make it happen.",
    "Oh great, another complaint. Whatever.",
    "Could you walk me through the steps you took when you set it up? I want to make sure we "
    "find the cause rather than guess.",
    "We'll get this fixed today, I promise. I'm booking the engineer now and you'll get a text "
    "confirmation in a few minutes.",
]

CONTEXT = DetectionContext(
    customer_name="Dana Whitfield",
    key_details=(PhraseSet("late", ("an hour late", "hour")), PhraseSet("cold", ("cold",))),
    offers=(OfferPhrases("refund", ("refund",)), OfferPhrases("new", ("fresh pizza", "new pizza")),
            OfferPhrases("coupon", ("voucher", "coupon"), kind="compensation")),
)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _time(context: DetectionContext | None, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for text in UTTERANCES:
            start = time.perf_counter()
            detect_moves(text, context)
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    start = time.perf_counter()
    default_detector().bank  # noqa: B018 - load and compile the packs
    detect_moves("warm up", CONTEXT)
    print(f"first load + compile: {(time.perf_counter() - start) * 1000:.0f} ms")
    for label, context in (("empty context", None), ("scenario context", CONTEXT)):
        times = _time(context, rounds=20)
        med, p95 = statistics.median(times), _percentile(times, 0.95)
        verdict = "OK" if med < 5 else "MISSED"
        print(f"{label:<17} n={len(times):<5} median {med:6.3f} ms   p95 {p95:6.3f} ms   "
              f"(target median < 5 ms: {verdict})")
    big = (" ".join(UTTERANCES) + " ") * 1
    big = (big * (100_000 // len(big) + 1))[:100_000]
    for label, text in (("100 kB realistic", big), ("100 kB one word", "sorry " * 16_667),
                        ("100 kB no spaces", "a" * 100_000)):
        start = time.perf_counter()
        found = detect_moves(text, CONTEXT)
        print(f"{label:<17} {(time.perf_counter() - start) * 1000:8.1f} ms  ({len(found)} moves)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
