"""Recognises a calm boundary ("I won't accept being spoken to like that"): not a move, a situation."""

from __future__ import annotations

import re
from typing import Final

_BOUNDARY: Final = re.compile(
    r"\b(?:"
    r"(?:please\s+)?stop\s+(?:swearing|shouting|yelling|cursing|threatening|screaming)"
    r"|(?:don'?t|do\s+not|can'?t|cannot|won'?t|will\s+not)\s+(?:accept|tolerate|allow)\s+"
    r"(?:being|that|this|language|abuse|threats|you\s+(?:swearing|shouting|speaking|talking))"
    r"|(?:speak|spoken|talk|talked|shout|shouted|swear|sworn)(?:ing)?\s+(?:at|to)\s+(?:(?:me|my\s+staff|us)\s+)?"
    r"like\s+(?:that|this)"
    r"|if\s+you\s+(?:keep|continue|carry\s+on)\s+(?:threatening|swearing|shouting|yelling|cursing|screaming)"
    r"|lower\s+your\s+voice|(?:watch|mind)\s+your\s+language"
    r"|ask\s+you\s+to\s+leave|call\s+(?:security|the\s+police)"
    r"|no\s+need\s+(?:to|for)\s+(?:swear|shout|threat|that\s+language)"
    r"|not\s+(?:ok(?:ay)?|acceptable)\s+to\s+(?:swear|shout|threaten|speak|talk)"
    r"|(?:keep|stay)\s+(?:this|it)\s+(?:civil|respectful|calm)"
    r")",
    re.IGNORECASE,
)


def boundary_evidence(text: str) -> str:
    """The words that set a boundary on abusive behaviour, or "" when there are none."""
    match = _BOUNDARY.search(text)
    return match.group(0) if match else ""


_OWNING: Final = re.compile(
    r"\b(?:"
    r"(?:our|my)\s+(?:own\s+)?(?:fault|mistake|error|failure|bad|failing)"
    r"|(?:fault|mistake|error|glitch|problem|failure)s?\s+(?:(?:was|is)\s+)?(?:entirely\s+)?(?:on|at)\s+our\s+(?:side|end)"
    r"|(?:that|this|it)(?:'s|\s+is|\s+was)\s+(?:all\s+|entirely\s+)?on\s+(?:us|me)"
    r"|we\s+(?:messed\s+up|got\s+(?:it|this|that)\s+wrong|made\s+(?:a|the)\s+mistake|dropped\s+the\s+ball|let\s+you\s+down)"
    r")",
    re.IGNORECASE,
)
_DISOWNING: Final = re.compile(r"\b(?:not|never|no)\b|n't\b", re.IGNORECASE)


def ownership_evidence(text: str) -> str:
    """The words by which the company owns the fault ("that was a processing fault on our side", "that's on
    us"), or "" when there are none or they are negated ("it wasn't our fault")."""
    match = _OWNING.search(text)
    if match is None or _DISOWNING.search(text[: match.start()].rsplit(".", 1)[-1]):
        return ""
    return match.group(0)
