"""The scenario file format, declared once for the loader, the JSON Schema and the docs."""

from __future__ import annotations

from typing import Any, Final, Literal, get_args

from simulator.moves import ALL_MOVES, ALL_STEPS, GOOD_MOVES, TEXT_MOVES, MoveGroup, OfferKind
from simulator.scenario.schema import (
    Bool,
    Enum,
    Field,
    Int,
    Lines,
    ListOf,
    MapOf,
    Num,
    Obj,
    Slug,
    Str,
)
from simulator.voices import VOICE_NAMES

Difficulty = Literal["easy", "medium", "hard"]
Channel = Literal["in_person", "phone", "chat"]
Temperament = Literal["acute", "chronic"]
Outcome = Literal["resolved", "walked_out", "escalated", "unresolved"]
BoilingPoint = Literal["walked_out", "escalated"]  # the outcomes anger 100 can end in
Gender = Literal["female", "male"]
DIFFICULTIES: Final[tuple[Difficulty, ...]] = get_args(Difficulty)
CHANNELS: Final[tuple[Channel, ...]] = get_args(Channel)
TEMPERAMENTS: Final[tuple[Temperament, ...]] = get_args(Temperament)
OUTCOMES: Final[tuple[Outcome, ...]] = get_args(Outcome)
BOILING_POINTS: Final[tuple[BoilingPoint, ...]] = get_args(BoilingPoint)
OFFER_KINDS: Final[tuple[OfferKind, ...]] = get_args(OfferKind)
ANGER_BANDS: Final = ("calm", "upset", "angry", "furious")
# Reaction keys beyond the move names: situations the customer reacts to.
SITUATION_REACTIONS: Final = (
    "good_offer",
    "partial_offer",
    "insulting_offer",
    "premature_offer",
    "unclear",
    "repeat",
    "silence",
    "boundary",
)
# How a customer can look (drawn by app/character.py; colours live in app/looks.py).
PRESENTATIONS: Final = ("feminine", "masculine", "neutral")
AGE_BANDS: Final = ("young", "adult", "middle", "senior")
SKIN_TONES: Final = ("porcelain", "light", "medium", "olive", "tan", "brown", "dark")
HAIR_STYLES: Final = (
    "short", "buzz", "bald", "balding", "wavy", "curly", "afro", "bob", "long", "ponytail", "bun",
)  # fmt: skip
HAIR_COLOURS: Final = ("black", "dark_brown", "brown", "auburn", "red", "blonde", "grey", "white")
CLOTHING_COLOURS: Final = (
    "blue", "navy", "teal", "green", "olive", "red", "burgundy", "orange",
    "mustard", "purple", "pink", "grey", "charcoal", "white", "black",
)  # fmt: skip
GLASSES: Final = ("none", "round", "square")
FACIAL_HAIR: Final = ("none", "stubble", "moustache", "beard")

# Every registered move (live: a move registered later is a reaction key too), then the situations.
REACTION_KEYS = Enum(MoveGroup(lambda i: True, lambda i: ALL_STEPS.index(i.step), SITUATION_REACTIONS))
BAND_KEYS = Enum((*ANGER_BANDS, "any"))

VOICE = Obj(
    {
        "name": Field(
            Enum(VOICE_NAMES),
            default="",
            doc="Neural (Kokoro) voice, e.g. af_heart; empty picks one by language and gender.",
        ),
        "speed": Field(Num(0.5, 2.0), default=1.0, doc="Neural voice speed, 0.5 to 2.0 (1.0 normal)."),
        "language": Field(Str(max_len=20), default="en", doc="Language code, e.g. en, en-gb, en-us."),
        "gender": Field(Enum(get_args(Gender)), default="female", doc="Preferred voice gender."),
        "variant": Field(
            Str(min_len=0, max_len=40), default="", doc="Engine voice variant, e.g. espeak-ng f3."
        ),
        "rate": Field(Int(80, 300), default=165, doc="Speaking rate in words per minute."),
        "pitch": Field(Int(0, 100), default=50, doc="Pitch, 0 (low) to 100 (high)."),
        "volume": Field(Num(0.0, 1.0), default=1.0, doc="Volume, 0.0 to 1.0."),
    },
    doc="How the customer sounds: a neural voice, and espeak-ng settings for the fallback engine.",
)

APPEARANCE = Obj(
    {
        "presentation": Field(Enum(PRESENTATIONS), default="neutral", doc="Gender presentation."),
        "age": Field(Enum(AGE_BANDS), default="adult", doc="Age band: young, adult, middle or senior."),
        "skin": Field(Enum(SKIN_TONES), default="light", doc="Skin tone."),
        "hair": Field(Enum(HAIR_STYLES), default="short", doc="Hair style."),
        "hair_colour": Field(Enum(HAIR_COLOURS), default="brown", doc="Hair colour."),
        "clothing": Field(Enum(CLOTHING_COLOURS), default="blue", doc="Colour of their top."),
        "glasses": Field(Enum(GLASSES), default="none", doc="Glasses: none, round or square."),
        "facial_hair": Field(Enum(FACIAL_HAIR), default="none", doc="none, stubble, moustache or beard."),
    },
    doc="How the customer looks on screen.",
)

CUSTOMER = Obj(
    {
        "name": Field(
            Str(max_len=80), required=True, doc="The customer's name; trainees score for using it."
        ),
        "persona": Field(Str(), required=True, doc="Who the customer is, in a sentence or two."),
        "voice": Field(VOICE, doc="Text-to-speech settings."),
        "appearance": Field(APPEARANCE, doc="How the customer looks (face, hair, clothes)."),
        "anger": Field(Int(0, 100), required=True, doc="Starting anger, 0 (calm) to 100 (boiling)."),
        "patience": Field(
            Int(1, 20), required=True, doc="How many unproductive answers the customer tolerates."
        ),
        "temperament": Field(
            Enum(TEMPERAMENTS), required=True, doc="acute: upset about one failure; chronic: hard to please."
        ),
        "boiling_point": Field(
            Enum(BOILING_POINTS),
            default="walked_out",
            doc="What happens when anger reaches 100: they walk out or demand a manager.",
        ),
    },
    doc="The customer the trainee faces.",
)

KEY_DETAIL = Obj(
    {
        "id": Field(Slug(), required=True),
        "phrases": Field(Lines(), required=True, doc="Words that mention this detail in a restatement."),
    },
    doc="A detail of the complaint that a good restatement mentions.",
)

FACT = Obj(
    {
        "id": Field(Slug(), required=True),
        "topics": Field(
            Lines(), required=True, doc="Words in a trainee's question that ask about this fact."
        ),
        "answer": Field(Str(), required=True, doc="What the customer says when asked."),
    },
    doc="A fact the customer reveals only when asked.",
)

NEED = Obj(
    {
        "id": Field(Slug(), required=True),
        "description": Field(Str(), required=True, doc="What the customer needs, in plain words."),
        "required": Field(Bool(), default=True, doc="Must be met before the customer accepts."),
        "met_by_moves": Field(
            ListOf(Enum(GOOD_MOVES)), default=(), doc="Moves that meet this need, e.g. apology or follow_up."
        ),
    },
    doc="What the customer actually wants.",
)

OFFER = Obj(
    {
        "id": Field(Slug(), required=True),
        "phrases": Field(Lines(), required=True, doc="How a trainee might word this offer."),
        "kind": Field(Enum(OFFER_KINDS), default="solution", doc="A fix, or goodwill on top of one."),
        "meets": Field(ListOf(Slug()), default=(), doc="Need ids this offer fully meets."),
        "partly_meets": Field(ListOf(Slug()), default=(), doc="Need ids this offer partly meets."),
        "combines": Field(
            ListOf(Slug()),
            default=(),
            doc="Offer ids this offer makes together (a pair such as 'reverse it and refund the fee').",
        ),
        "insults": Field(Bool(), default=False, doc="This offer insults this customer (e.g. a free meal)."),
        "excessive": Field(
            Bool(), default=False, doc="More than the situation warrants: it calms them but costs points."
        ),
        "reply": Field(Str(min_len=0), default="", doc="The customer's answer to this offer."),
    },
    doc="Something the trainee may offer, judged against the customer's needs.",
)

LINES = Obj(
    {
        "opening": Field(Lines(), required=True, doc="The opening complaint (one is picked)."),
        "reactions": Field(
            MapOf(MapOf(Lines(), keys=BAND_KEYS), keys=REACTION_KEYS),
            doc="Reaction -> anger band (calm, upset, angry, furious or any) -> lines.",
        ),
        "endings": Field(MapOf(Lines(), keys=Enum(OUTCOMES)), doc="Outcome -> closing lines."),
    },
    doc="What the customer says.",
)

SCENARIO = Obj(
    {
        "id": Field(Slug(), required=True, doc="Unique id, used on the command line."),
        "version": Field(Int(1, 10_000), default=1, doc="Bump when you change the scenario."),
        "title": Field(Str(max_len=120), required=True),
        "difficulty": Field(Enum(DIFFICULTIES), required=True),
        "channel": Field(Enum(CHANNELS), required=True, doc="in_person, phone or chat (chat or email)."),
        "briefing": Field(Str(), required=True, doc="What the trainee knows before the customer speaks."),
        "pass_mark": Field(Int(0, 100), default=60, doc="Overall score needed to pass."),
        "max_turns": Field(Int(2, 30), default=8, doc="Trainee answers before the conversation ends."),
        "accept_anger": Field(
            Int(0, 100), default=40, doc="Anger at or below which the customer accepts once needs are met."
        ),
        "success_outcomes": Field(
            ListOf(Enum(OUTCOMES), min_items=1),
            default=("resolved",),
            doc="Outcomes that count as handled well.",
        ),
        "customer": Field(CUSTOMER, required=True),
        "key_details": Field(ListOf(KEY_DETAIL, unique_ids=True), default=()),
        "facts": Field(ListOf(FACT, unique_ids=True), default=()),
        "needs": Field(ListOf(NEED, min_items=1, unique_ids=True), required=True),
        "offers": Field(ListOf(OFFER, unique_ids=True), default=()),
        "lines": Field(LINES, required=True),
        "phrases": Field(
            MapOf(Lines(), keys=Enum(TEXT_MOVES)),
            doc="Extra detector phrases for this scenario: move -> phrases.",
        ),
        "weights": Field(
            MapOf(Num(0.0, 100.0), keys=Enum(ALL_MOVES)),
            doc="Rubric weight overrides: move -> weight (0 turns a move off).",
        ),
    },
    doc="A Hot Seat role-play scenario.",
)


def default(obj: Obj, name: str) -> Any:
    """The declared default of one field (what the model and the loader use when a file leaves it out)."""
    return obj.fields[name].default


def filled(obj: Obj, value: dict[str, Any]) -> dict[str, Any]:
    """A checked mapping with every field it leaves out set to its declared default (None: absent)."""
    return {name: value.get(name, fld.default) for name, fld in obj.fields.items()}
