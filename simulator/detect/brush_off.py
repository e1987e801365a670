"""Words that brush a customer off: hedged apologies, "not sure what you expected", hurried closes (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class BrushOff:
    """One way of brushing the customer off, with the labelled segments that back it."""

    rule_id: str
    pattern: re.Pattern[str]
    backed_by: str  # how trainers labelled the corpus segments with these words


_APOLOGISE: Final = r"(?:sorry|apologi[sz]e|apologies)"

# Counted on corpus segments before use: corpus/train (never the holdout) and corpus/dev, as labelled by
# their writers. Each is dismissive by LABELLING.md; none depends on the scenario.
BRUSH_OFFS: Final = (
    BrushOff(
        "hedged stock apology",
        re.compile(
            rf"\b{_APOLOGISE}\W+(?:for|about)\W+any\W+(?:\w+\W+){{0,3}}?(?:this|that|it|which)\W+"
            r"(?:may|might|could)\W+(?:have\W+)?caused\b"
            rf"|\b{_APOLOGISE}\W+if\W+(?:this|that|it|we|i)\W+(?:has\W+|have\W+|may\W+have\W+|might\W+have\W+)?"
            r"(?:caused|inconvenienced)\b",
            re.I,
        ),
        "9 of 9 training and 13 of 17 dev segments dismissive; LABELLING.md: a hedged apology is no apology",
    ),
    BrushOff(
        "not sure what you expected",
        re.compile(
            r"\bnot\s+sure\s+what\s+(?:else\s+|more\s+)?(?:you|u)\s+(?:expected|expect|were\s+expecting|want"
            r"|wanted|are\s+after|were\s+after|were\s+hoping\s+for)\b",
            re.I,
        ),
        "6 of 6 training and 10 of 10 dev segments dismissive",
    ),
    BrushOff(
        "hurried close",
        re.compile(
            r"\banything\s+else\b\W*(?:\w+\W+){0,8}?(?:queue|waiting|busy|behind\s+you|next\s+customer|in\s+a\s+rush"
            r"|hurry|other\s+(?:calls|chats|customers))\b",
            re.I,
        ),
        "1 of 1 training and 20 of 20 dev segments dismissive; LABELLING.md: hurrying the customer off",
    ),
    BrushOff(
        "it'll turn up when it turns up",
        re.compile(
            r"\b(?:it|they|she|he)(?:'ll|\s+will)\s+(turn|show|come|get)\s+(?:up\s+|here\s+|back\s+)?when\s+"
            r"(?:it|they|she|he)\s+\1s?\b",
            re.I,
        ),
        "8 of 8 training and 4 of 4 dev segments dismissive",
    ),
)


def brush_offs(text: str) -> list[tuple[BrushOff, re.Match[str]]]:
    """Every brush-off in the answer, with where its words are, in the order they are said."""
    found = [(b, m) for b in BRUSH_OFFS for m in b.pattern.finditer(text)]
    return sorted(found, key=lambda bm: bm[1].start())
