"""Benchmark: analyze one utterance (target < 5 ms) and a whole scripted conversation (< 50 ms)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _timing import measure_ms, report

from simulator.content_files import default_scenarios_dir, load_library
from simulator.play import detector_for, new_conversation

UTTERANCES = [
    "I'm so sorry Dana, I completely understand how frustrating that must be.",
    "so um the pizza came an hour late and it was cold is that right",
    "What time did you place the order, and did anyone call you to say it would be late?",
    "Let me refund the whole order, and I'll have a fresh one in the oven right now. "
    "I'll call you the moment it leaves, here's my direct number.",
    "calm down its not a big deal the driver was just late",
]
SCRIPT = [
    "I'm so sorry Dana, I completely understand how frustrating that must be.",
    "So your pizza came an hour late and cold. What time did you order?",
    "Let me give you a full refund, and I'll put a fresh one in the oven right now.",
    "I'll call you when it leaves the shop, and here's a coupon for next time.",
]


def main() -> None:
    library = load_library([default_scenarios_dir()])
    scenario = library.scenarios["late-pizza"]
    detect = detector_for(scenario)
    detect("warm up the pattern cache")
    times = []
    for text in UTTERANCES:
        times += measure_ms(lambda text=text: detect(text), repeat=200)
    report("analyze: one utterance (late-pizza context)", times, target_ms=5)

    def conversation() -> None:
        c = new_conversation(scenario)
        c.start()
        for text in SCRIPT:
            if c.finished:
                break
            c.respond(text)
        c.result()

    report("run: whole scripted conversation", measure_ms(conversation, repeat=100), target_ms=50)


if __name__ == "__main__":
    main()
