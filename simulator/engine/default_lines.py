"""Generic customer lines used when a scenario does not write its own for a reaction or band."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

# reaction key -> band (or "any") -> lines
DEFAULT_REACTIONS: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = {
    "apology": {
        "calm": ("Thank you. I appreciate that.",),
        "upset": ("Well, sorry is a start.", "Okay. An apology helps a little."),
        "angry": ("Sorry doesn't fix anything, but fine.", "Sorry? That's what everyone says."),
        "furious": ("Don't just tell me you're sorry!",),
    },
    "acknowledge": {
        "calm": ("Yes, exactly. Thank you for understanding.",),
        "upset": ("Yes. That's exactly how I feel.", "At least somebody gets it."),
        "angry": ("You have no idea how annoying this is.", "Then you know why I'm angry."),
        "furious": ("Understand? Then do something about it!",),
    },
    "restate": {
        "any": ("Yes, that's what happened.", "Exactly. That's the problem."),
    },
    "question": {
        "calm": ("Sure, ask away.",),
        "upset": ("Fine, what do you need to know?",),
        "angry": ("More questions? Fine.",),
        "furious": ("Why are you interrogating me?",),
    },
    "name": {"any": ("Yes?",)},
    "thanks": {
        "calm": ("You're welcome.",),
        "any": ("Don't thank me, just fix it.", "Hm. Okay."),
    },
    "reassure": {
        "calm": ("Thank you, I'd appreciate that.",),
        "any": ("I'll believe it when I see it.", "Okay. Let's see what you can do."),
    },
    "ask_preference": {
        "any": ("What I want is for this to be put right.", "Honestly? I just want it fixed."),
    },
    "next_steps": {"any": ("Okay. And then what?", "Alright, that sounds like a plan.")},
    "follow_up": {
        "any": ("Fine, but I expect that call.", "Okay. Make sure someone actually gets back to me.")
    },
    "offer_solution": {"any": ("Hm. Is that all?", "That doesn't really solve my problem.")},
    "compensation": {"any": ("I don't want freebies, I want this sorted.",)},
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
    "escalate": {
        "any": ("Fine. Get me someone who can actually help.",),
        "calm": ("You're passing me on? I thought you could handle it.",),
    },
    "blame": {
        "any": (
            "Oh, so it's my fault now?",
            "Don't you dare blame this on me!",
            "I did everything right. Don't turn this around on me.",
        )
    },
    "defensive": {
        "any": (
            "I don't care whose fault it is. I care about fixing it.",
            "I'm not interested in excuses.",
            "That's your problem, not mine. I just want it sorted.",
        )
    },
    "dismissive": {
        "any": (
            "Don't tell me to calm down!",
            "Not a big deal? It is to me!",
            "Please don't brush me off like that.",
            "You're not taking this seriously at all.",
            "I'm not overreacting. This matters to me.",
        )
    },
    "sarcasm": {
        "any": ("Oh, very funny. You think this is a joke?", "I'm glad one of us finds this amusing.")
    },
    "refusal": {
        "any": (
            "Nothing you can do? Then what are you here for?",
            "So that's it? You're just going to leave me like this?",
            "There's always something you can do.",
            "That's not good enough. Find someone who can help.",
            "I'm not leaving until someone does something.",
        )
    },
    "rude": {
        "any": (
            "How dare you speak to me like that!",
            "Excuse me?! I want your name.",
            "Don't you talk to me like that.",
        )
    },
    "interrupt": {"any": ("Let me finish!", "Can you let me finish, please?", "I haven't finished talking.")},
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
