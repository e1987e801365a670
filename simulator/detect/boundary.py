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
