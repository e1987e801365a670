"""Set phrases that harm whatever else is said: non-apologies, brush-offs, deflections, hindsight (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class HarmWords:
    """One set phrase of a harmful move, with the labelled segments that back it."""

    rule_id: str
    move: str
    pattern: re.Pattern[str]
    backed_by: str  # how trainers labelled the corpus segments with these words
    # words that must lie inside one clause, vetoed by that clause's score alone and skipped where the
    # clause already makes any harmful move (else: vetoed by the clauses they span and the whole answer, and
    # skipped only where one of those clauses already makes their move)
    own_clause: bool = False


_APOLOGISE: Final = r"(?:sorry|apologi[sz]e|apologies)"
_YOU: Final = r"(?:you|u)"
_YOU_ARE: Final = r"(?:you\s+are|you'?re|ur)"

# Counted on corpus segments before use: corpus/train (never the holdout) and corpus/dev, as labelled by
# their writers. Each is its move by LABELLING.md; none depends on the scenario.
HARM_WORDS: Final = (
    HarmWords(
        "regret for the customer's view",
        "dismissive",
        re.compile(
            rf"\bsorry,?\s+(?:that\s+|if\s+)?{_YOU}\s+(?:feel|felt|think|thought|see|saw|took|take|perceived?)\b",
            re.I,
        ),
        "180 of 183 training (the others apology, defensive, refusal) and 81 of 81 dev segments dismissive; "
        "LABELLING.md: 'sorry you feel that way'",
        own_clause=True,  # "I'm so sorry, you took the day off…" says the words and is an apology
    ),
    HarmWords(
        "hedged stock apology",
        "dismissive",
        re.compile(
            rf"\b{_APOLOGISE}\W+(?:for|about)\W+any\W+(?:\w+\W+){{0,3}}?(?:this|that|it|which)\W+"
            r"(?:may|might|could)\W+(?:have\W+)?caused\b"
            rf"|\b{_APOLOGISE}\W+if\W+(?:this|that|it|we|i)\W+(?:has\W+|have\W+|may\W+have\W+|might\W+have\W+)?"
            r"(?:caused|inconvenienced)\b",
            re.I,
        ),
        "9 of 9 training and 14 of 18 dev segments dismissive; LABELLING.md: a hedged apology is no apology",
    ),
    HarmWords(
        "not sure what you expected",
        "dismissive",
        re.compile(
            rf"\bnot\s+sure\s+what\s+(?:else\s+|more\s+)?(?:{_YOU}\s+(?:expected|expect|were\s+expecting|want"
            rf"|wanted|are\s+after|were\s+after|were\s+hoping\s+for)|{_YOU_ARE}\s+(?:after|expecting))\b",
            re.I,
        ),
        "7 of 7 training and 11 of 12 dev segments dismissive (the other sarcasm)",
    ),
    HarmWords(
        "hurried close",
        "dismissive",
        re.compile(
            r"\banything\s+else\b\W*(?:\w+\W+){0,8}?(?:queue|waiting|busy|behind\s+you|next\s+customer|in\s+a\s+rush"
            r"|hurry|other\s+(?:calls|chats|customers))\b",
            re.I,
        ),
        "1 of 1 training and 26 of 26 dev segments dismissive; LABELLING.md: hurrying the customer off",
    ),
    HarmWords(
        "it'll turn up when it turns up",
        "dismissive",
        re.compile(
            r"\b(?:it|they|she|he)(?:'ll|\s+will)\s+(turn|show|come|get)\s+(?:up\s+|here\s+|back\s+)?when\s+"
            r"(?:it|they|she|he)\s+\1s?\b",
            re.I,
        ),
        "8 of 8 training and 4 of 4 dev segments dismissive",
    ),
    HarmWords(
        "they usually turn up",
        "dismissive",
        re.compile(
            r"\busually\s+(?:turns?|shows?)\s+up\b|\b(?:they|these|bags|parcels|things)\s+usually\s+(?:do|turn\s+up"
            r"|show\s+up)\b",
            re.I,
        ),
        "13 of 16 training (the others sarcasm, next steps, none) and 5 of 5 dev segments dismissive",
    ),
    HarmWords(
        "I'm just on the desk",
        "defensive",
        re.compile(
            r"\bi(?:'m|\s+am)?\s+(?:just|only)\s+(?:on|in|run|running|work|working|handle|handling|do|man|cover"
            r"|covering|answer|see|deal\s+with)\s+(?:the\s+|this\s+)?(?:\w+\s+){0,2}?(?:desk|floor|shift|chat|chats"
            r"|counter|till|tills|phones?|calls|front\s+end|front\s+of\s+house|reception|side|bar|door|queue|line)\b",
            re.I,
        ),
        "30 of 33 training (the others refusal, sarcasm, rude) and 18 of 18 dev segments defensive: "
        "deflecting to one's own role",
    ),
    HarmWords(
        "advice after the fact",
        "blame",
        re.compile(
            r"\b(?:for\s+next\s+time|next\s+time|for\s+future\s+reference|in\s+future|in\s+the\s+future|for\s+the"
            r"\s+future|going\s+forward|for\s+next\s+year|so\s+it\s+doesn'?t\s+(?:catch\s+you\s+out|happen)\s+again)"
            r"\W+(?:\w+\W+){0,4}?(?:it'?s|it\s+is|it\s+would\s+be|it'?d\s+be|might\s+be|may\s+be|worth)\s+(?:always\s+"
            r"|really\s+|probably\s+|definitely\s+|usually\s+)?(?:worth|best|a\s+good\s+idea|wise|helpful)\b"
            r"|\b(?:it'?s|it\s+is)\s+always\s+worth\b",
            re.I,
        ),
        "10 of 10 training and 16 of 16 dev segments blame: what the customer should have done",
    ),
)


def harm_words(text: str) -> list[tuple[HarmWords, re.Match[str]]]:
    """Every set phrase of harm in the answer, with where its words are, in the order they are said."""
    found = [(h, m) for h in HARM_WORDS for m in h.pattern.finditer(text)]
    return sorted(found, key=lambda hm: hm[1].start())
