"""Coaching text for each move: what it is and what to try (from the playbook)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

LABELS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "restate": "Restate the concern",
        "question": "Ask fact-finding questions",
        "name": "Use the customer's name",
        "acknowledge": "Acknowledge their feelings",
        "apology": "Apologise that it happened",
        "thanks": "Thank them for telling you",
        "reassure": "Commit to helping",
        "offer_solution": "Offer a concrete solution",
        "ask_preference": "Ask what would make it right",
        "next_steps": "Spell out the next steps",
        "follow_up": "Give contact details and follow up",
        "compensation": "Add a modest goodwill gesture after the fix",
        "escalate": "Involve a supervisor when it is right to",
        "blame": "Blamed someone else or the customer",
        "defensive": "Got defensive",
        "dismissive": "Dismissed their feelings",
        "sarcasm": "Used sarcasm",
        "refusal": "Refused without an alternative",
        "rude": "Was rude",
        "interrupt": "Interrupted the customer",
    }
)

TIPS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "restate": "Say their problem back in your own words, with the details: "
        '"So the pizza reached you an hour late."',
        "question": 'Ask before you assume: "Could you walk me through what happened?"',
        "name": "Use their name once or twice; it tells them they are a person, not a ticket.",
        "acknowledge": 'Name the feeling: "I completely understand your frustration."',
        "apology": "Apologise that it happened; it is good manners, not an admission of guilt.",
        "thanks": 'A complaint is a gift: "Thank you for telling us instead of just leaving."',
        "reassure": 'Defuse first: "Please give me a chance to do everything I can to help."',
        "offer_solution": 'Offer a fix that meets their need, not yours: "I\'d like to refund your order."',
        "ask_preference": "Ask: \"What would you like to happen? If it's in my power, I'll do it.\"",
        "next_steps": "Spell out what you will do now and start it in front of them.",
        "follow_up": "Leave your name and number and promise a call-back once it's fixed.",
        "compensation": "After the fix, add something small and unasked: a coupon, an upgrade.",
        "escalate": "Offer a supervisor when they ask for one or when abuse crosses a line.",
        "blame": "Never pass the buck: it is you and the customer against the problem.",
        "defensive": "It is not about you; skip the excuses and focus on what you can do.",
        "dismissive": "Don't tell an angry person to calm down or that it's no big deal.",
        "sarcasm": "Keep your head: no sarcasm and no fake politeness.",
        "refusal": '"Can\'t" often means "won\'t": say what you *can* do instead.',
        "rude": "Stay calm and courteous, however they speak to you.",
        "interrupt": "Let them finish: wait until the customer has stopped talking.",
    }
)
