"""Time the judge on realistic answers: start-up, added memory, median and p95 per call, 100 kB cases.

The judge is the rule detector plus the sentence encoder and trained heads; `rules only` times the
rule detector alone for comparison. The embedding cache is emptied before every call (no cache hits)."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from simulator.content_files import default_detector, detect_moves  # noqa: E402
from simulator.detect import DetectionContext, OfferPhrases, PhraseSet  # noqa: E402
from simulator.play import BoundJudge, CachedEncoder, judge_notice, judge_with  # noqa: E402
from simulator.regex_cache import FOLDER_ENV, RegexCache  # noqa: E402

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
    offers=(
        OfferPhrases("refund", ("refund",)),
        OfferPhrases("new", ("fresh pizza", "new pizza")),
        OfferPhrases("coupon", ("voucher", "coupon"), kind="compensation"),
    ),
)


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _time(detect: object, rounds: int) -> list[float]:
    encoder = judge_with(()).embed
    times = []
    for _ in range(rounds):
        for text in UTTERANCES:
            if isinstance(encoder, CachedEncoder):
                encoder.clear()  # every answer is new: no embedding comes from the cache
            start = time.perf_counter()
            detect(text)  # type: ignore[operator]
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    rss0 = _rss_mb()
    start = time.perf_counter()
    default_detector().bank  # noqa: B018 - load and compile the packs
    detect_moves("warm up", CONTEXT)
    rules_ms = (time.perf_counter() - start) * 1000
    rss1 = _rss_mb()
    start = time.perf_counter()
    judge = judge_with(())
    bound = BoundJudge(judge, CONTEXT)
    bound("warm up")
    judge_ms = (time.perf_counter() - start) * 1000
    rss2 = _rss_mb()
    if judge_notice():
        print(f"note: {judge_notice()}")
    cache = default_detector().compile_regex
    if isinstance(cache, RegexCache):  # the second start onwards reads the compiled pack regexes
        print(
            f"regex cache {cache.folder}: {cache.hits} read, {cache.misses} compiled "
            f"(${FOLDER_ENV}=off: none)"
        )
    print(
        f"start-up: rules {rules_ms:.0f} ms, then encoder + heads {judge_ms:.0f} ms (target total <= 1500 ms)"
    )
    print(f"memory: rules {rss1 - rss0:.0f} MB, encoder + heads add {rss2 - rss1:.0f} MB (target <= 150 MB)")
    generic = BoundJudge(judge, DetectionContext())
    for label, detect, target in (
        ("judge, no scenario", generic, 20.0),
        ("judge, scenario", bound, 20.0),
        ("rules only", lambda t: detect_moves(t, CONTEXT), 5.0),
    ):
        times = _time(detect, rounds=10)
        med, p95 = statistics.median(times), _percentile(times, 0.95)
        verdict = "OK" if med <= target else "MISSED"
        print(
            f"{label:<19} n={len(times):<5} median {med:7.3f} ms   p95 {p95:7.3f} ms   "
            f"(target median <= {target:.0f} ms: {verdict})"
        )
    big = (" ".join(UTTERANCES) + " ") * 1
    big = (big * (100_000 // len(big) + 1))[:100_000]
    for label, text in (
        ("100 kB realistic", big),
        ("100 kB one word", "sorry " * 16_667),
        ("100 kB no spaces", "a" * 100_000),
    ):
        start = time.perf_counter()
        found = bound(text)
        print(f"{label:<19} {(time.perf_counter() - start) * 1000:8.1f} ms  ({len(found)} moves)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
