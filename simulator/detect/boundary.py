"""Recognises a calm boundary, a plain request for a name, owning the fault, a cleared customer (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
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
    r"|(?:any\s+more|one\s+more|another)\s+(?:threats?|swearing|insults?|abuse)\s+and\s+(?:i|we)\b"
    r"|(?:step|stand|move)\s+(?:back|away)\s+from\s+the\s+(?:counter|desk|till|window)"
    r"|back\s+(?:off|away)\s+(?:from\s+)?the\s+(?:counter|desk|till|window)"
    r"|no\s+(?:more\s+)?(?:swearing|cursing|threats|insults|name[\s-]calling)"
    r"|(?:don'?t|do\s+not)\s+(?:call\s+me\s+(?:names|an?\s+(?:idiot|liar|moron|clown|cheat))|swear\s+at\s+me)"
    r")",
    re.IGNORECASE,
)


def _words(pattern: re.Pattern[str], text: str) -> str:
    match = pattern.search(text)
    return match.group(0) if match else ""


def boundary_evidence(text: str) -> str:
    """The words that set a boundary on abusive behaviour, or "" when there are none."""
    return _words(_BOUNDARY, text)


def boundary_spans(text: str) -> list[tuple[int, int]]:
    """Where each boundary's words are in `text` ("No swearing, and back off the counter": two)."""
    return [m.span() for m in _BOUNDARY.finditer(text)]


def insult_outside(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """An insult or swear word in `text` outside the given boundary spans ("Don't call me an idiot, you
    moron" has "moron"), or ""."""
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return _words(_ABUSE, text)


# A boundary that is only about loudness ("lower your voice", "no need to shout at me")
_LOUDNESS: Final = re.compile(r"shout|yell|scream|voice|capitals|caps\b", re.IGNORECASE)

# What makes a customer abusive rather than upset: swearing (also starred out), insults, threats. "What the
# hell" or "you lot are cowboys" is upset: trainers marked telling such a customer off as rude.
_ABUSE: Final = re.compile(
    r"\b(?:f\W*[u*]\W*[c*]\W*k\w*|[a-z]\*+\w*|shit\w*|crap|bollocks|bastard\w*|arse\w*|piss\w*"
    r"|twat|prick"
    r"|bloody|damn\w*|idiot\w*|moron\w*|stupid|useless|incompetent|clown\w*|pathetic|half\s+a\s+brain"
    r"|(?:or|before)\s+i\s+(?:swear\s+)?(?:i'?ll\s+)?(?:smash|put|throw|break|kick|punch|hit|come\s+over)"
    r"|through\s+the\s+(?:window|glass)|you'?ll\s+be\s+sorry|i\s+know\s+where|watch\s+your\s+back"
    r")",
    re.IGNORECASE,
)


def loudness_only(boundary: str) -> bool:
    """Whether a boundary's words only ask the customer to be quieter (not to stop swearing or threats)."""
    return bool(_LOUDNESS.search(boundary))


def abuse_evidence(heard: Iterable[str]) -> str:
    """The customer's first swearing, insult or threat in what they have said so far, or ""."""
    for line in heard:
        words = _words(_ABUSE, line)
        if words:
            return words
    return ""


# "Who am I speaking to?", "can I take your name?": asking for the customer's name, not talking down to them
_NAME_REQUEST: Final = re.compile(
    r"\b(?:"
    r"who\s+(?:am\s+i|are\s+we|do\s+i\s+have)\s+(?:speaking|talking|on\s+the\s+line)(?:\s+(?:to|with))?"
    r"|(?:can|could|may)\s+i\s+(?:have|get|take|ask|grab|start\s+with)\s+(?:your\s+(?:full\s+)?name|a\s+name|who)"
    r"|what(?:'s|\s+is)\s+your\s+(?:full\s+|first\s+|sur)?name"
    r")",
    re.IGNORECASE,
)


def name_request_evidence(text: str) -> str:
    """The words that ask for the customer's name ("who am I speaking to"), or "" when there are none."""
    return _words(_NAME_REQUEST, text)


# "Reception, hello.", "Hi there, good evening": a clause that only greets (a head once heard "Reception,
# hello." as defensive, 0.91, failing a good trainee of round 3's holdout)
_GREETING: Final = re.compile(
    r"^\W*(?:(?:hello|hi|hiya|hey|howdy|good\s+(?:morning|afternoon|evening|day)|morning|evening|afternoon"
    r"|reception|front\s+desk|customer\s+(?:services?|care)|help\s*desk|switchboard|there|sir|madam|ma'am)"
    r"[\s,.!-]*)+$",
    re.IGNORECASE,
)
_GREETS: Final = re.compile(r"\b(?:hello|hi|hiya|hey|howdy|good\s+\w+|morning|evening|afternoon)\b", re.I)


def greeting_only(text: str) -> bool:
    """Does the clause only greet ("Reception, hello.", "Hi there"), with at least one greeting word?"""
    return bool(_GREETING.match(text.strip())) and bool(_GREETS.search(text))


# "Have a lovely rest of your day.", "Okay, take care": a stock leave-taking and nothing else. Writers
# label it no move (all 30 such lines in the dev playthroughs, all 8 such training segments), but a head
# heard "lovely" in it as sarcasm (0.87), scoring polite, thin trainees like hostile ones. Not "Lovely,
# well, enjoy the rest of your day then." (sarcasm in training): no interjection before it, nothing after.
# "Hope that helps" ("hopefully that helps") is a stock courtesy on the way out too, alone or before the
# leave-taking: no move in all 33 dev playthrough lines and 3 corpus segments that say it; a refit heard it
# as sarcasm (round 37).
_HOPE_IT_HELPS = r"(?:(?:i\s+)?hope|hopefully)\s+(?:that|this|it)\s+helps(?:\s+a\s+(?:bit|little))?"
_PARTING: Final = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|well|right|alright|all\s+right|so|and|anyway|um|uh)\W+)*"
    # "sorry again, and have a lovely day": a courtesy repeated on the way out
    r"(?:(?:(?:(?:i'?m\s+)?(?:so\s+|really\s+)?sorry|thanks?(?:\s+you)?)\s+again"
    r"(?:\s+for\s+(?:the|any|all\s+the)\s+(?:trouble|inconvenience|wait|hassle|confusion))?"
    rf"|{_HOPE_IT_HELPS})\W+(?:and\s+)?)?"
    rf"(?:{_HOPE_IT_HELPS}|"
    r"(?:you\s+)?have\s+an?\s+(?:(?:nice|lovely|good|great|wonderful|pleasant|safe)\s+)?(?:rest\s+of\s+(?:your|the)\s+)?"
    r"(?:day|evening|afternoon|morning|night|weekend|one|trip|flight|journey|stay)"
    # a warm wish for whatever comes next ("have a great workout", "have a good shift"), but not "a nice life"
    r"|(?:you\s+)?have\s+an?\s+(?:nice|lovely|good|great|wonderful|pleasant|safe)\s+(?!life\b)[a-z]+"
    r"|enjoy\s+(?:the\s+rest\s+of\s+)?your\s+(?:day|evening|afternoon|morning|night|weekend|stay|trip|flight|meal)"
    r"|(?:i\s+)?hope\s+the\s+rest\s+of\s+your\s+(?:day|evening|afternoon|morning|night|weekend|stay|trip)"
    r"(?:'s|\s+is|\s+goes|\s+will\s+be)?\s+(?:a\s+bit\s+|much\s+|any\s+)?(?:better|alright|all\s+right|okay|ok|good|nicer)"
    r"|take\s+care(?:\s+of\s+yourself)?|all\s+the\s+best|bye(?:\s+now|\s+then)?|goodbye)"
    r"(?:\W+(?:sir|madam|ma'am))?\W*$",
    re.IGNORECASE,
)


def parting_only(text: str) -> bool:
    """Does the clause only take leave ("Have a lovely rest of your day.", "okay take care")?"""
    return bool(_PARTING.match(text.strip()))


# "Sorry for any inconvenience caused.", "Yes, I do apologise for the inconvenience.", "Okay. Well, sorry
# again for the trouble.": a stock apology said plainly is a thin apology, not harm (LABELLING.md: 31 of 34
# corpus segments), and "Hopefully that helps a little." a stock courtesy; with every harmful head eased,
# heads heard such lines as dismissive or sarcasm, scoring thin trainees like hostile ones in the dev
# conversations (round 38's EA). Hedged as if nothing may have happened ("… this may have caused", "sorry if
# …") it is a non-apology, left to the rules and heads; so is anything else in the clause ("…, but you
# should have").
_TROUBLE = r"(?:inconvenience|trouble|hassle|wait|delay|confusion|mix[\s-]?up|bother|disruption)"
_FOR_THE_TROUBLE = (
    rf"\s+(?:for|about)\s+(?:the|any|all\s+the|this|that)\s+{_TROUBLE}"
    r"(?:\s+(?:(?:this|that|it)\s+(?:has\s+|'s\s+)?)?caused(?:\s+you)?)?"
)
_STOCK_COURTESY: Final = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|yes|yeah|well|right|so|and|anyway|look|um|uh)\W+)*(?:"
    # an apology carrying its stock complement, "again", or in the verb "apologise"
    r"(?:(?:i'?m|i\s+am|we'?re|we\s+are)\s+)?(?:(?:so|very|really|truly|terribly|awfully)\s+)?sorry"
    rf"(?:\s+again(?:{_FOR_THE_TROUBLE})?|{_FOR_THE_TROUBLE})"
    rf"|(?:i|we)\s+(?:do\s+|really\s+|sincerely\s+|truly\s+)?apologi[sz]e(?:\s+again)?(?:{_FOR_THE_TROUBLE})?"
    rf"|(?:(?:my|our)\s+)?(?:sincere\s+|sincerest\s+)?apologies(?:\s+again)?(?:{_FOR_THE_TROUBLE})?"
    # a hope on the way out
    rf"|{_HOPE_IT_HELPS}"
    r"|hopefully\s+(?:the\s+)?next\s+(?:one|time|visit|order|stay|flight|delivery|trip)"
    r"(?:'s|\s+is|\s+will\s+be|\s+goes)?\s+(?:a\s+bit\s+|much\s+)?(?:better|smoother)"
    r")(?:\W+(?:sir|madam|ma'am))?(?P<rest>\W.*)?$",
    re.IGNORECASE,
)


def stock_courtesy_only(text: str) -> bool:
    """Is the clause only a plain stock apology or hope ("Sorry for any inconvenience caused.", "Hopefully
    that helps a little."), perhaps before a leave-taking ("Anyway, apologies, and have a nice day.")?"""
    match = _STOCK_COURTESY.match(text.strip())
    if match is None:
        return False
    rest = re.sub(r"^\W*(?:and\s+)?", "", match.group("rest") or "")
    return not rest.strip(" .!,") or parting_only(rest)


_ARE_YOU_SURE: Final = re.compile(
    r"^\W*(?:(?:oh|okay|ok|um|uh|so|well|really)\W+)*(?:are\s+)?you\s+sure\W*$", re.I
)
_DECLINED: Final = re.compile(
    r"\b(?:i\s+)?(?:don'?t|do\s+not|won'?t|will\s+not)\s+(?:want|need|take|accept)\b"
    r"|\bno,?\s+thanks?\b|\bnot\s+interested\b|\bkeep\s+your\b",
    re.I,
)


def reconsider_after_refusal(text: str, heard: Sequence[str]) -> bool:
    """Does the clause only ask "Are you sure?" of a customer who has just turned something down ("I don't
    want a free coffee")? It presses the offer again; it doubts nothing the customer said happened."""
    return bool(heard) and bool(_ARE_YOU_SURE.match(text.strip())) and bool(_DECLINED.search(heard[-1]))


_OWNING: Final = re.compile(
    r"\b(?:"
    r"(?:our|my)\s+(?:own\s+)?(?:fault|mistake|error|failure|bad|failing|mess|screw[\s-]?up|cock[\s-]?up)"
    r"|(?:fault|mistake|error|glitch|problem|failure)s?\s+(?:(?:was|is)\s+)?(?:entirely\s+)?(?:on|at)\s+our\s+(?:side|end)"
    r"|(?:that|this|it)(?:\s+one)?(?:['’]s|\s+is|\s+was)\s+(?:all\s+|entirely\s+|completely\s+)?on\s+"
    r"(?:us|me|our\s+(?:side|end))\b"
    r"|we\s+(?:messed\s+up|got\s+(?:it|this|that)\s+wrong|made\s+(?:a|the)\s+mistake|dropped\s+the\s+ball|let\s+you\s+down)"
    r")",
    re.IGNORECASE,
)
_DISOWNING: Final = re.compile(r"\b(?:not|never|no)\b|n't\b", re.IGNORECASE)


@lru_cache(maxsize=512)  # the ownership stage and the answer stage ask about the same clauses each turn
def ownership_evidence(text: str) -> str:
    """The words by which the company owns the fault ("that was a processing fault on our side", "that's on
    us"), or "" when there are none or they are negated ("it wasn't our fault")."""
    match = _OWNING.search(text)
    if match is None or _DISOWNING.search(text[: match.start()].rsplit(".", 1)[-1]):
        return ""
    return match.group(0)


def first_ownership(texts: Iterable[str]) -> str:
    """The first words among these clauses that own the fault, or "" when none does."""
    return next((o for o in map(ownership_evidence, texts) if o), "")


_EXONERATING: Final = re.compile(
    r"\b(?:"
    r"you\s+(?:should\s+not|shouldn't|shouldnt)\s+(?:have\s+)?(?:had\s+)?to\b"
    r"|you\s+(?:should|ought\s+to)\s*(?:'ve|\s+have)\s+(?:had\s+(?:it|that|this|one|an?\s+(?:call|callback|reply"
    r"|answer|response|refund|text|email|letter|message|apology|proper))|been\s+(?:given|told|offered|called|phoned"
    r"|warned|kept))\b"
    r"|you(?:'ve|\s+have)?\s+(?:did|done)\s+nothing\s+wrong"
    r"|you\s+(?:didn't|didnt|did\s+not|haven't|havent|have\s+not)\s+(?:do|done)\s+anything\s+wrong"
    r"|(?:isn't|isnt|wasn't|wasnt|is\s+not|was\s+not|not|none\s+of\s+(?:this|it|that)\s+(?:is|was))\s+"
    r"(?:your\s+(?:fault|doing|mistake)|on\s+you|down\s+to\s+you)"
    r"|(?:nobody|no\s+one|no-one|no\s+customer|no\s+parent|no\s+guest)\s+should\s+(?:ever\s+)?(?:have\s+to|be)\b"
    # "that's what you should have paid": what the customer was owed, not what they did wrong
    r"|what\s+you\s+(?:should|ought\s+to)\s*(?:'ve|\s+have)\s+(?:paid|been\s+(?:charged|given|sent|served)|got"
    r"|gotten|received)\b"
    r"|you\s+were\s+(?:right|correct)\s+(?:all\s+along|the\s+whole\s+time|to\s+(?:complain|check|ask|query))"
    r")",
    re.IGNORECASE,
)


@lru_cache(maxsize=512)
def exoneration_evidence(text: str) -> str:
    """The words that clear the customer of fault ("you shouldn't have to check every receipt", "you did
    nothing wrong", "none of this is on you", "you should have had it", "you should have been told"), or ""
    when there are none."""
    return _words(_EXONERATING, text)


def cleared_moves(text: str) -> frozenset[str]:
    """The harmful moves a clause's own words rule out: owning the fault rules out defensive and blame,
    clearing the customer rules out blame, and rudeness or dismissal that no rule's words found."""
    if ownership_evidence(text):
        return frozenset({"defensive", "blame"})
    return frozenset({"blame", "rude", "dismissive"}) if exoneration_evidence(text) else frozenset()


# "I can't do a free year", "i cant- i cant give you a free month": an offer named only to be turned down
_TURNED_DOWN: Final = re.compile(
    r"\b(?:can'?t|cannot|can\s+not|won'?t|will\s+not|unable\s+to|not\s+able\s+to|not\s+allowed\s+to"
    r"|not\s+authori[sz]ed\s+to|not\s+in\s+a\s+position\s+to)(?:[\s,-]+i\s+(?:can'?t|cannot))?"
    r"\s+(?:really\s+|just\s+)?(?:do|give|offer|stretch\s+to|go\s+to|manage|provide|authori[sz]e|agree\s+to"
    r"|justify|approve|sign\s+off(?:\s+on)?|swap|replace|exchange|refund|reimburse|waive|reverse|upgrade)"
    r"\s+(?:you\s+)?(?:a|an|the|that|any|another)?\s*(?:[\w']+\s+){0,2}[\w']+",
    re.IGNORECASE,
)

# "I'm not refunding anything", "we're not going to replace it": the offer's own verb, refused outright
_REFUSED_OUTRIGHT: Final = re.compile(
    r"\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+not\s+(?:going\s+to\s+|gonna\s+)?(?:be\s+)?(?:refund(?:ing)?"
    r"|giv(?:e|ing)|offer(?:ing)?|do(?:ing)?|replac(?:e|ing)|swap(?:ping)?|exchang(?:e|ing)|reimburs(?:e|ing)"
    r"|waiv(?:e|ing)|revers(?:e|ing)|upgrad(?:e|ing)|approv(?:e|ing)|authori[sz](?:e|ing))"
    r"\s+(?:you\s+)?(?:a|an|the|that|any|another|anything)?\s*(?:[\w']+\s+){0,2}[\w']+"
    # "I won't ask you to check the plug again": what the customer need not do is no offer
    r"|\b(?:won'?t|will\s+not|not\s+going\s+to|not\s+gonna)\s+(?:ask\s+you\s+to|make\s+you|have\s+you)"
    r"\s+(?:[\w']+\s+){0,4}[\w']+",
    re.IGNORECASE,
)

# "not a voucher", "rather than a voucher", "a voucher doesn't answer that", "a free meal is not going to make
# up for it": an offer set aside in favour of another, or said not to be enough
_SET_ASIDE: Final = re.compile(
    r"\b(?:not|rather\s+than|instead\s+of)\s+(?:just\s+)?(?:a|an|another)\s+(?:[\w']+\s+)?[\w']+\b"
    r"|\b(?:a|an|another|the|your)\s+(?:[\w']+\s+){0,2}?[\w']+\s+(?:doesn'?t|does\s+not|won'?t|will\s+not"
    r"|isn'?t\s+going\s+to|is\s+not\s+going\s+to|wouldn'?t|would\s+not)\s+(?:even\s+)?(?:begin\s+to\s+)?"
    r"(?:answer|fix|cover|make\s+up|touch|cut\s+it|solve|undo|change|help|put\s+right|be\s+enough)\b",
    re.IGNORECASE,
)


# "a free month isn't happening", "a refund is off the table": offer words followed by their turn-down
_DENIED_AFTER: Final = re.compile(
    r"\b(?:is|are|was|will be)(?: not|n't)(?: really| just)? (?:happening|possible|an option|on the table|"
    r"on the cards|in the cards|going to happen|"
    r"something (?:we|i) (?:can|could|do|give|offer|normally|usually)|available)\b|\boff the table\b",
    re.IGNORECASE,
)


def refused_outright(text: str) -> str:
    """The words that refuse an offer with its own verb ("I'm not refunding anything"), or "" when none."""
    return _words(_REFUSED_OUTRIGHT, text)


def denial_after_offer(text: str) -> str:
    """The words that turn down the offer named just before them ("isn't happening"), or "" when none."""
    return _words(_DENIED_AFTER, text)


# "so you booked a sea-view room": what the customer booked, paid for or was promised, said back to them, is
# no offer of it (round 17's hotel good_1 restated it on turn one, was heard offering the move, and the call
# ended there)
_THEIR_BOOKING: Final = re.compile(
    r"\byou(?:'ve|\s+have|\s+had|'d)?\s+(?:booked|paid\s+(?:for|extra\s+for)|ordered|reserved|requested"
    r"|asked\s+for|were\s+promised|were\s+told|were\s+sold|chose|picked)\s+(?:[\w'-]+\s+){0,3}[\w'-]+",
    re.IGNORECASE,
)


@lru_cache(maxsize=512)  # the context and negation stages ask about the same clauses several times a turn
def without_turned_down_offers(text: str) -> str:
    """The text with every offer it turns down or sets aside blanked out, offsets kept: "I can't do a free
    year, but I can add a week" names only the week; "I'm not refunding anything" names no refund; "a
    voucher doesn't answer that" names no voucher; "so you booked a sea-view room" names what the customer
    booked, not an offer."""
    blank = _TURNED_DOWN.sub(lambda m: " " * len(m.group(0)), text)
    blank = _REFUSED_OUTRIGHT.sub(lambda m: " " * len(m.group(0)), blank)
    blank = _THEIR_BOOKING.sub(lambda m: " " * len(m.group(0)), blank)
    for m in _DENIED_AFTER.finditer(text):  # "a year free or a month free isn't on the cards": the sentence
        start = _sentence_start(text, m.start())
        blank = blank[:start] + " " * (m.end() - start) + blank[m.end() :]
    return _SET_ASIDE.sub(lambda m: " " * len(m.group(0)), blank)


# where the part of a sentence that a later "isn't on the cards" turns down can begin: a sentence, "but", or a
# comma after a clause with a subject of its own ("I can add a week, a free month isn't happening" turns
# down only the month; "a free year, or even a month, isn't on the cards" both)
_PART_START: Final = re.compile(r"[.!?;:,]|\bbut\b", re.I)
_SUBJECT: Final = re.compile(r"\b(?:i|we|you|they|he|she)\b", re.I)


def _sentence_start(text: str, at: int) -> int:
    """Where the part of the sentence holding offset `at` begins."""
    start = 0
    for m in _PART_START.finditer(text, 0, at):
        if m.group(0) != "," or _SUBJECT.search(text, start, m.start()):
            start = m.end()
    return start
