"""Generic customer lines used when a scenario does not write its own for a reaction or band."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Final

from simulator.moves import MoveTable

# situation key -> band (or "any") -> lines; each move's own lines are in the move registry
SITUATION_REACTIONS: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = {
    "good_offer": {
        "calm": ("That would work. Thank you.",),
        "any": ("Okay. That would actually help.", "Fine. That's more like it."),
    },
    "partial_offer": {"any": ("That's something, but it's not really what I need.",)},
    "insulting_offer": {"any": ("Are you serious? That's insulting.",)},
    "premature_offer": {
        "any": (
            "Don't just throw things at me. You haven't even listened!",
            "Hold on, you don't even know what happened yet.",
            "You're trying to get rid of me before you've heard me out.",
            "Slow down. Nobody has even said sorry yet.",
        ),
    },
    "repeat": {
        "any": (
            "You already said that.",
            "Yes, you said. Now what?",
            "You keep saying the same thing.",
            "I heard you the first time.",
            "Saying it again doesn't change anything.",
        )
    },
    "unclear": {
        "calm": ("Sorry, what do you mean?", "I'm not sure I follow you."),
        "any": (
            "What does that even mean?",
            "That doesn't help me at all.",
            "I don't understand what you're telling me.",
            "Can you just say it plainly?",
        ),
    },
    "silence": {"any": ("Hello? Are you still there?", "Well? Say something.")},
    "boundary": {"any": ("Fine.",)},
}
_MOVE_LINES: Final = MoveTable(lambda info: info.lines)


class _Reactions(Mapping[str, Mapping[str, tuple[str, ...]]]):
    """Reaction key -> band -> lines: every registered move's lines, then the situations'."""

    def __getitem__(self, key: str) -> Mapping[str, tuple[str, ...]]:
        return _MOVE_LINES[key] if key in _MOVE_LINES else SITUATION_REACTIONS[key]

    def __iter__(self) -> Iterator[str]:
        yield from _MOVE_LINES
        yield from (k for k in SITUATION_REACTIONS if k not in _MOVE_LINES)

    def __len__(self) -> int:
        return sum(1 for _ in self)


DEFAULT_REACTIONS: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = _Reactions()

DEFAULT_ENDINGS: Final[Mapping[str, tuple[str, ...]]] = {
    "resolved": ("Okay. Thank you, that's what I needed.",),
    "walked_out": ("Forget it. I'm taking my business elsewhere.",),
    "escalated": ("Fine. Get me your manager.",),
    "unresolved": ("I've wasted enough time. Nothing's been sorted out.",),
}

# Rule 6 of the reply planner: how a customer who has calmed down still leaves, stalls or asks up.
CALM_ENDINGS: Final[Mapping[str, tuple[str, ...]]] = {
    "walked_out": (
        "I'm not going to argue about it. I just don't think this is going anywhere, so I'll leave it.",
        "Look, I've given this enough time. I'll sort it out some other way.",
    ),
    "unresolved": (
        "Well, thank you for your time, but nothing's actually been settled. I'll have to follow it up.",
        "I appreciate you listening, but I'm leaving without an answer.",
    ),
    "escalated": (
        "Thank you. I'd still like this to go to your manager, please.",
        "Alright. Please pass this on to someone senior, then.",
    ),
    "resolved": ("Okay. Thank you, that's what I needed.",),
}

# When every line for a reaction has been said: the customer listens rather than repeating themselves.
NEUTRAL_LINES: Final[tuple[str, ...]] = (
    "Go on.",
    "I'm listening.",
    "Right. And?",
    "Okay. Keep going.",
    "Mm. Carry on.",
    "So what happens now?",
    "Fine. What else?",
    "I see.",
)
