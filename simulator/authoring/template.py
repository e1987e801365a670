"""A thoroughly commented scenario template that validates as it stands, and the JSON Schema file."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from simulator.errors import UserError
from simulator.scenario.schema import to_json_schema
from simulator.scenario.spec import SCENARIO

SCHEMA_NAME = "scenario.schema.json"
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A Hot Seat scenario. Lines starting with '#' are notes for you; the game ignores them.
# Check your work with:   hotseat lint {path_hint}
# Try it out with:        hotseat playtest {path_hint}
# Tips: indent with spaces (never tabs); put text containing ':' or '#' in "quotes";
# write one line per '- ' item rather than [a, b] lists when a line contains a comma.

# The id is used on the command line; keep it the same as the file name.
id: {id}
version: 1                  # bump this whenever you change the scenario
title: {title}
difficulty: easy            # easy, medium or hard
channel: in_person          # in_person, phone or chat
# What the trainee reads before the customer speaks: their role and what they may offer.
briefing: >
  You work at the front desk. A customer comes up to you, clearly upset.
  You may offer a refund or a replacement.
pass_mark: 60               # overall score (0-100) needed to pass
max_turns: 8                # how many answers the trainee gets
accept_anger: 40            # the customer accepts once their needs are met and anger is at or below this

customer:
  name: Sam Taylor          # trainees score for using the customer's name
  persona: >
    A busy parent who bought something that broke on the first day.
    Fair once they feel heard.
  anger: 70                 # starting anger: 0 calm, 35 upset, 65 angry, 85 furious, 100 boiling
  patience: 4               # unhelpful answers tolerated before they give up
  temperament: acute        # acute: upset about one failure; chronic: hard to please
  boiling_point: walked_out # at anger 100: walked_out, or escalated (they demand a manager)
  voice:                    # optional: how the customer sounds when spoken aloud
    language: en
    gender: female          # female or male
    rate: 165               # words per minute
    pitch: 50               # 0 (low) to 100 (high)

# Details a good restatement mentions ("so it broke on the first day").
key_details:
  - id: broke_first_day
    phrases:
      - first day
      - broke straight away
      - broken

# Facts the customer tells only when the trainee asks a question containing a topic.
# Keep topics distinct between facts: a topic inside another fact's topic reveals both.
facts:
  - id: when_bought
    topics:
      - when did you buy
      - what day
    answer: I bought it on Saturday morning.

# What the customer really wants. Each need is met by an offer (below) or by a move.
needs:
  - id: working_item
    description: A product that works.
  - id: heard
    description: Someone says sorry for the trouble.
    met_by_moves:
      - apology
  - id: goodwill
    description: A small gesture for the wasted trip.
    required: false         # nice to have: not needed to resolve the complaint

# Things the trainee may offer. phrases: words that recognise the offer in an answer.
offers:
  - id: replacement
    phrases:
      - replacement
      - new one
      - swap it
    meets:
      - working_item
    reply: A new one today would sort it, thank you.
  - id: refund
    phrases:
      - refund
      - money back
    partly_meets:
      - working_item        # a refund helps, but they still have no working product
    reply: I'd rather have one that works, but okay.
  - id: voucher
    kind: compensation      # goodwill on top of a fix; offered before a fix it backfires
    phrases:
      - voucher
      - discount
    meets:
      - goodwill
    reply: That's kind of you.

lines:
  opening:                  # the customer's first complaint (one is picked at random)
    - This thing broke on the very first day, and I had to drive all the way back here!
  # reactions: what the customer says to a move (apology, acknowledge, restate, question,
  # name, thanks, reassure, offer_solution, ask_preference, next_steps, follow_up,
  # compensation, escalate, blame, defensive, dismissive, sarcasm, refusal, rude,
  # interrupt) or a situation (good_offer, partial_offer, insulting_offer,
  # premature_offer, unclear, repeat, silence), by anger band: calm, upset, angry,
  # furious, or any. Reactions you leave out use generic lines. The customer never says the
  # same sentence twice, so give each reaction a few variants (lint tells you where too few).
  reactions:
    apology:
      angry:
        - Sorry doesn't get my afternoon back.
      any:
        - Okay. Thank you for saying that.
    good_offer:
      any:
        - Right. That would actually help.
        - Okay, that's more like it.
    partial_offer:
      any:
        - That's something, but it doesn't fix the problem.
        - It's a start. It's not what I asked for, though.
    premature_offer:
      any:
        - Hold on, you haven't even heard what happened.
        - Slow down. You don't know the half of it yet.
  endings:                  # the last line for each outcome
    resolved:
      - Thanks. That's all I wanted.
    walked_out:
      - Forget it. I'll shop somewhere else.
    unresolved:
      - I've been here long enough. Nothing's sorted.
"""


def title_for(scenario_id: str) -> str:
    """A readable title from an id: 'late-pizza' -> 'Late Pizza'."""
    return " ".join(w.capitalize() for w in re.split(r"[-_]+", scenario_id) if w) or scenario_id


def repo_root() -> Path:
    """The checkout that holds the package (where docs/ and scenarios/ live)."""
    return Path(__file__).resolve().parents[2]


def schema_reference(target: Path, root: Path | None = None) -> str:
    """The modeline's schema path: relative to the file inside the repo, else absolute."""
    root = (root or repo_root()).resolve()
    schema = root / "docs" / SCHEMA_NAME
    folder = target.resolve().parent
    if folder == root or root in folder.parents:
        return Path(os.path.relpath(schema, folder)).as_posix()
    return schema.as_posix()


def render_template(scenario_id: str, target: Path, root: Path | None = None) -> str:
    """The template text for a new scenario called `scenario_id` written at `target`."""
    if not _ID.match(scenario_id):
        raise UserError(
            f"'{scenario_id}' is not a valid scenario id (use lower-case letters, digits, '-' or '_')"
        )
    hint = target.as_posix() if not target.is_absolute() else target.name
    return TEMPLATE.format(
        schema=schema_reference(target, root), id=scenario_id, title=title_for(scenario_id), path_hint=hint
    )


def write_template(scenario_id: str, target: Path, force: bool = False) -> Path:
    """Write a new scenario file; refuses to overwrite an existing one unless `force`."""
    text = render_template(scenario_id, target)
    if target.exists() and not force:
        raise UserError(f"{target} already exists (use --force to overwrite it)")
    if target.is_dir():
        raise UserError(f"{target} is a folder; give a file name ending in .yaml")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {target}: {exc.strerror}") from exc
    return target


def schema_text() -> str:
    """The JSON Schema of the scenario format, as written to docs/scenario.schema.json."""
    schema = to_json_schema(SCENARIO, title="Hot Seat scenario")
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schema(target: Path) -> Path:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(schema_text(), encoding="utf-8")
    except OSError as exc:
        raise UserError(f"cannot write {target}: {exc.strerror}") from exc
    return target
