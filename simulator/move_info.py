"""The move vocabulary: one `MoveInfo` per move, and the built-in moves' entries (read through `moves`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal

# The built-in moves' names. `Move.move` stays a `str`: the registry takes more moves (`moves.register`).
MoveName = Literal[
    "restate", "question", "name",
    "acknowledge", "apology", "thanks", "reassure",
    "offer_solution", "ask_preference", "next_steps", "follow_up", "compensation", "escalate",
    "blame", "defensive", "dismissive", "sarcasm", "refusal", "rude", "interrupt",
]  # fmt: skip
Step = Literal["listening", "empathy", "resolution", "harmful"]
OfferKind = Literal["solution", "compensation"]
Band = Literal["calm", "upset", "angry", "furious", "any"]
Placeholder = Literal["name", "detail", "topic", "offer"]

STEPS: Final = ("listening", "empathy", "resolution")
ALL_STEPS: Final[tuple[Step, ...]] = ("listening", "empathy", "resolution", "harmful")


@dataclass(frozen=True, slots=True)
class MoveInfo:
    """Everything the game knows about one move; the rest of the code reads it from here."""

    name: str
    step: Step
    label: str  # how the checklist, debrief and history name it
    tip: str  # coaching: what to do (good moves) or to avoid (harmful moves)
    effect: float  # base change of the customer's anger
    salience: int  # when several moves are made, the customer reacts to the highest
    lines: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    weight: float = 0.0  # default rubric weight within its step (good moves)
    penalty: float = 0.0  # points a harmful move costs ...
    costs: Step | None = None  # ... off this step's score, and the step's conduct share
    text: bool = True  # the text detector can find it (False: voice timing only)
    offer_kind: OfferKind | None = None  # an offer move citing scenario offers of this kind
    defuses: bool = False  # acknowledges the complaint ("defuse first")
    needs_defusing: bool = False  # counts for half before the complaint is acknowledged
    helps_first: bool = False  # alongside escalate, it is help first, not an escalation yet
    warm: bool = False  # the customer may warm to it when calm or upset
    placeholder: Placeholder | None = None  # the {slot} its synthetic-trainee phrasings may fill
    placeholder_required: bool = False  # ... and must fill
    unprompted: bool = True  # a well-meaning synthetic trainee may use it out of the blue
    slip: bool = False  # a harmful move a well-meaning synthetic trainee lets slip
    filler: int = 0  # a model trainee pads short answers with these, lowest first (0: never)

    @property
    def harmful(self) -> bool:
        return self.step == "harmful"


def _lines(**bands: tuple[str, ...]) -> Mapping[str, tuple[str, ...]]:
    return MappingProxyType(bands)


# Registry order is the order scoring, checklists and reports list moves in.
BUILTIN_MOVES: Final[tuple[MoveInfo, ...]] = (
    MoveInfo(
        name="restate",
        step="listening",
        label="Restate the concern",
        tip="Say their problem back in your own words, with the details: "
        '"So the pizza reached you an hour late."',
        effect=-7.0,
        salience=50,
        weight=40.0,
        defuses=True,
        warm=True,
        placeholder="detail",
        placeholder_required=True,
        lines=_lines(any=("Yes, that's what happened.", "Exactly. That's the problem.")),
    ),
    MoveInfo(
        name="question",
        step="listening",
        label="Ask fact-finding questions",
        tip='Ask before you assume: "Could you walk me through what happened?"',
        effect=-3.0,
        salience=25,
        weight=35.0,
        placeholder="topic",
        lines=_lines(
            calm=("Sure, ask away.",),
            upset=("Fine, what do you need to know?",),
            angry=("More questions? Fine.",),
            furious=("Why are you interrogating me?",),
        ),
    ),
    MoveInfo(
        name="name",
        step="listening",
        label="Use the customer's name",
        tip="Use their name once or twice; it tells them they are a person, not a ticket.",
        effect=-3.0,
        salience=15,
        weight=25.0,
        warm=True,
        placeholder="name",
        placeholder_required=True,
        filler=5,
        lines=_lines(any=("Yes?",)),
    ),
    MoveInfo(
        name="acknowledge",
        step="empathy",
        label="Acknowledge their feelings",
        tip='Name the feeling: "I completely understand your frustration."',
        effect=-10.0,
        salience=55,
        weight=35.0,
        defuses=True,
        warm=True,
        filler=4,
        lines=_lines(
            calm=("Yes, exactly. Thank you for understanding.",),
            upset=("Yes. That's exactly how I feel.", "At least somebody gets it."),
            angry=("You have no idea how annoying this is.", "Then you know why I'm angry."),
            furious=("Understand? Then do something about it!",),
        ),
    ),
    MoveInfo(
        name="apology",
        step="empathy",
        label="Apologise that it happened",
        tip="Apologise that it happened; it is good manners, not an admission of guilt.",
        effect=-10.0,
        salience=60,
        weight=30.0,
        defuses=True,
        warm=True,
        lines=_lines(
            calm=("Thank you. I appreciate that.",),
            upset=("Well, sorry is a start.", "Okay. An apology helps a little."),
            angry=("Sorry doesn't fix anything, but fine.", "Sorry? That's what everyone says."),
            furious=("Don't just tell me you're sorry!",),
        ),
    ),
    MoveInfo(
        name="thanks",
        step="empathy",
        label="Thank them for telling you",
        tip='A complaint is a gift: "Thank you for telling us instead of just leaving."',
        effect=-5.0,
        salience=20,
        weight=15.0,
        warm=True,
        filler=3,
        lines=_lines(calm=("You're welcome.",), any=("Don't thank me, just fix it.", "Hm. Okay.")),
    ),
    MoveInfo(
        name="reassure",
        step="empathy",
        label="Commit to helping",
        tip='Defuse first: "Please give me a chance to do everything I can to help."',
        effect=-7.0,
        salience=30,
        weight=20.0,
        defuses=True,
        warm=True,
        filler=1,
        lines=_lines(
            calm=("Thank you, I'd appreciate that.",),
            any=("I'll believe it when I see it.", "Okay. Let's see what you can do."),
        ),
    ),
    MoveInfo(
        name="offer_solution",
        step="resolution",
        label="Offer a concrete solution",
        tip='Offer a fix that meets their need, not yours: "I\'d like to refund your order."',
        effect=-4.0,
        salience=10,
        weight=35.0,
        offer_kind="solution",
        needs_defusing=True,
        helps_first=True,
        placeholder="offer",
        placeholder_required=True,
        lines=_lines(any=("Hm. Is that all?", "That doesn't really solve my problem.")),
    ),
    MoveInfo(
        name="ask_preference",
        step="resolution",
        label="Ask what would make it right",
        tip="Ask: \"What would you like to happen? If it's in my power, I'll do it.\"",
        effect=-7.0,
        salience=45,
        weight=20.0,
        needs_defusing=True,
        helps_first=True,
        filler=6,
        lines=_lines(any=("What I want is for this to be put right.", "Honestly? I just want it fixed.")),
    ),
    MoveInfo(
        name="next_steps",
        step="resolution",
        label="Spell out the next steps",
        tip="Spell out what you will do now and start it in front of them.",
        effect=-6.0,
        salience=40,
        weight=20.0,
        needs_defusing=True,
        lines=_lines(any=("Okay. And then what?", "Alright, that sounds like a plan.")),
    ),
    MoveInfo(
        name="follow_up",
        step="resolution",
        label="Give contact details and follow up",
        tip="Leave your name and number and promise a call-back once it's fixed.",
        effect=-5.0,
        salience=35,
        weight=15.0,
        filler=2,
        lines=_lines(
            any=("Fine, but I expect that call.", "Okay. Make sure someone actually gets back to me.")
        ),
    ),
    MoveInfo(
        name="compensation",
        step="resolution",
        label="Add a modest goodwill gesture after the fix",
        tip="After the fix, add something small and unasked: a coupon, an upgrade.",
        effect=-3.0,
        salience=5,
        weight=5.0,
        offer_kind="compensation",
        helps_first=True,
        placeholder="offer",
        placeholder_required=True,
        unprompted=False,
        lines=_lines(any=("I don't want freebies, I want this sorted.",)),
    ),
    MoveInfo(
        name="escalate",
        step="resolution",
        label="Involve a supervisor when it is right to",
        tip="Offer a supervisor when they ask for one or when abuse crosses a line.",
        effect=0.0,
        salience=65,
        weight=0.0,
        unprompted=False,
        lines=_lines(
            any=("Fine. Get me someone who can actually help.",),
            calm=("You're passing me on? I thought you could handle it.",),
        ),
    ),
    MoveInfo(
        name="blame",
        step="harmful",
        label="Blamed someone else or the customer",
        tip="Never pass the buck: it is you and the customer against the problem.",
        effect=18.0,
        salience=90,
        penalty=15.0,
        costs="empathy",
        lines=_lines(
            any=(
                "Oh, so it's my fault now?",
                "Don't you dare blame this on me!",
                "I did everything right. Don't turn this around on me.",
            )
        ),
    ),
    MoveInfo(
        name="defensive",
        step="harmful",
        label="Got defensive",
        tip="It is not about you; skip the excuses and focus on what you can do.",
        effect=12.0,
        salience=80,
        penalty=12.0,
        costs="empathy",
        slip=True,
        lines=_lines(
            any=(
                "I don't care whose fault it is. I care about fixing it.",
                "I'm not interested in excuses.",
                "That's your problem, not mine. I just want it sorted.",
            )
        ),
    ),
    MoveInfo(
        name="dismissive",
        step="harmful",
        label="Dismissed their feelings",
        tip="Don't tell an angry person to calm down or that it's no big deal.",
        effect=15.0,
        salience=85,
        penalty=15.0,
        costs="empathy",
        slip=True,
        lines=_lines(
            any=(
                "Don't tell me to calm down!",
                "Not a big deal? It is to me!",
                "Please don't brush me off like that.",
                "You're not taking this seriously at all.",
                "I'm not overreacting. This matters to me.",
            )
        ),
    ),
    MoveInfo(
        name="sarcasm",
        step="harmful",
        label="Used sarcasm",
        tip="Keep your head: no sarcasm and no fake politeness.",
        effect=18.0,
        salience=95,
        penalty=15.0,
        costs="empathy",
        lines=_lines(
            any=("Oh, very funny. You think this is a joke?", "I'm glad one of us finds this amusing.")
        ),
    ),
    MoveInfo(
        name="refusal",
        step="harmful",
        label="Refused without an alternative",
        tip='"Can\'t" often means "won\'t": say what you *can* do instead.',
        effect=12.0,
        salience=75,
        penalty=15.0,
        costs="resolution",
        slip=True,
        lines=_lines(
            any=(
                "Nothing you can do? Then what are you here for?",
                "So that's it? You're just going to leave me like this?",
                "There's always something you can do.",
                "That's not good enough. Find someone who can help.",
                "I'm not leaving until someone does something.",
            )
        ),
    ),
    MoveInfo(
        name="rude",
        step="harmful",
        label="Was rude",
        tip="Stay calm and courteous, however they speak to you.",
        effect=25.0,
        salience=100,
        penalty=20.0,
        costs="empathy",
        lines=_lines(
            any=(
                "How dare you speak to me like that!",
                "Excuse me?! I want your name.",
                "Don't you talk to me like that.",
            )
        ),
    ),
    MoveInfo(
        name="interrupt",
        step="harmful",
        label="Interrupted the customer",
        tip="Let them finish: wait until the customer has stopped talking.",
        effect=8.0,
        salience=70,
        penalty=15.0,
        costs="listening",
        text=False,
        lines=_lines(any=("Let me finish!", "Can you let me finish, please?", "I haven't finished talking.")),
    ),
)
