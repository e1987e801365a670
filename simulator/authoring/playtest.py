"""A text playtest for authors: every answer shows moves, the rules that fired and why the line was chosen."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Final

import yaml

from simulator.authoring.trainees import Banks, load_banks, make_trainee
from simulator.engine.conversation import Conversation, Turn
from simulator.engine.default_lines import DEFAULT_ENDINGS, DEFAULT_REACTIONS
from simulator.engine.utterance import clean_utterance
from simulator.errors import UserError
from simulator.moves import Move
from simulator.safe_read import read_limited
from simulator.scenario.model import ANGER_BANDS, OUTCOMES, Scenario, anger_band
from simulator.scenario.nodes import MAX_FILE_BYTES

Detect = Callable[[str], tuple[Move, ...]]
Event = tuple[str, str]  # ("say", text) | ("anger", "70") | ("patience", "2")
# Named starting points: how many answers of the model trainee to replay first.
NAMED_POINTS: Final = {"start": 0, "after-apology": 1, "after-questions": 2, "after-offer": 3}
HELP: Final = """\
Type what you would say to the customer, or a command:
  /state            anger, band, patience, needs met, facts told, offers made
  /set anger=N      put the customer at anger N (0-100); also /set patience=N
  /undo             take back the last answer or /set
  /restart          back to the starting point (after --from and --set)
  /lines KEY        every line for a reaction (e.g. apology, good_offer), 'opening' or 'endings'
  /help             this help
  /quit             leave"""


def script_answers(path: Path) -> list[str]:
    """The answers in a script file: a YAML list of strings (UserError with the location otherwise)."""
    try:
        doc = yaml.safe_load(read_limited(path, MAX_FILE_BYTES).decode("utf-8"))
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}:1:1: file is not valid UTF-8") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1:1"
        raise UserError(f"{path}:{where}: YAML syntax error: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(doc, list) or not all(isinstance(item, str) for item in doc):
        raise UserError(f"{path}:1:1: expected a YAML list of answers, one '- ' item per answer")
    return [clean_utterance(item) for item in doc]


def model_answers(scenario: Scenario, detect: Detect, turns: int, banks: Banks, seed: int) -> list[str]:
    """The first `turns` answers a model trainee gives (played against the customer)."""
    conversation = Conversation(scenario, detect, seed=seed)
    trainee = make_trainee("model", scenario, banks, seed)
    conversation.start()
    answers: list[str] = []
    while len(answers) < turns and not conversation.finished:
        answers.append(trainee.next(conversation.state).text)
        conversation.respond(answers[-1], source="scripted")
    return answers


def starting_answers(scenario: Scenario, detect: Detect, point: str | None, seed: int) -> list[str]:
    """Answers replayed before the playtest: from a script file, a named point or `model:N`."""
    if not point:
        return []
    if point in NAMED_POINTS:
        return model_answers(scenario, detect, NAMED_POINTS[point], load_banks(), seed)
    if point.startswith("model:") and point[6:].isdigit():
        return model_answers(scenario, detect, int(point[6:]), load_banks(), seed)
    path = Path(point)
    if path.is_file():
        return script_answers(path)
    names = ", ".join(NAMED_POINTS)
    raise UserError(f"--from {point}: not a script file nor a named point ({names}, or model:N)")


def parse_sets(items: Iterable[str]) -> list[Event]:
    """`anger=70`, `patience=2` (from --set or /set) as events; UserError when malformed."""
    events: list[Event] = []
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or key not in ("anger", "patience") or not value.strip().isdigit():
            raise UserError(f"cannot set '{item}': use anger=N (0-100) or patience=N")
        number = int(value)
        if key == "anger" and number > 100:
            raise UserError(f"cannot set '{item}': anger goes from 0 to 100")
        events.append((key, str(number)))
    return events


class Playtest:
    """A conversation you can poke at: answers and /set commands are events, replayed on /undo."""

    def __init__(
        self, scenario: Scenario, detect: Detect, seed: int = 0, start: Iterable[Event] = ()
    ) -> None:
        self.scenario = scenario
        self.detect = detect
        self.seed = seed
        self.base: list[Event] = list(start)
        self.events: list[Event] = []
        self.conversation = self._replay()

    def _replay(self) -> Conversation:
        conversation = Conversation(self.scenario, self.detect, seed=self.seed)
        conversation.start()
        for kind, value in [*self.base, *self.events]:
            self._apply(conversation, kind, value)
        self.conversation = conversation
        return conversation

    @staticmethod
    def _apply(conversation: Conversation, kind: str, value: str) -> list[Turn]:
        if kind == "say":
            return conversation.respond(value, source="typed")
        if kind == "anger":
            conversation.set_anger(float(value))
        else:
            conversation.state = replace(conversation.state, patience_left=int(value))
        return []

    def opening(self) -> str:
        c = self.conversation
        lines = [f"{self.scenario.title} ({self.scenario.id}) - playtest. /help lists the commands."]
        lines.append(f"{self.scenario.customer.name}: {c.turns[0].text}")
        for turn in c.turns[1:]:
            lines.append(
                ("You: " if turn.speaker == "trainee" else f"{self.scenario.customer.name}: ") + turn.text
            )
        lines.append(self.status())
        return "\n".join(lines)

    def status(self) -> str:
        st = self.conversation.state
        ended = f" | ended: {st.outcome}" if st.outcome else ""
        return (
            f"  [anger {round(st.anger)} ({anger_band(st.anger)}) | patience {st.patience_left} | "
            f"turn {st.turn}/{self.scenario.max_turns}{ended}]"
        )

    def handle(self, raw: str) -> tuple[str, bool]:
        """One typed line -> (what to print, whether to keep going)."""
        line = raw.strip()
        if not line:
            return "", True
        if line.startswith("/"):
            return self.command(line)
        if self.conversation.finished:
            return f"(the conversation ended: {self.conversation.outcome}; /undo or /restart)", True
        try:
            text = clean_utterance(line)
        except UserError as exc:
            return f"  ({exc})", True
        before = self.conversation.state.anger
        heard = tuple(t.text for t in self.conversation.turns if t.speaker == "customer")
        self.events.append(("say", text))
        trainee, customer = self._apply(self.conversation, "say", text)
        return self.describe(trainee, customer, before, self.why(text, heard)), True

    def why(self, text: str, heard: tuple[str, ...]) -> list[str]:
        """The judge's verdicts on this answer, one line each (as `analyze --why` shows them, shorter)."""
        explain = getattr(self.detect, "explain", None)
        if explain is None:
            return []
        out = []
        for v in explain(text, heard).trace:
            c = v.candidate
            where = text[c.start : c.end].strip()
            if len(where) > 48:
                where = where[:45] + "..."
            out.append(f"    {'kept' if v.kept else 'drop'} {c.move:<15} {v.stage}: {v.reason} «{where}»")
        return out

    def describe(self, trainee: Turn, customer: Turn, before: float, why: Sequence[str] = ()) -> str:
        out = []
        if trainee.moves:
            for m in trainee.moves:
                detail = f" [{','.join(m.detail)}]" if m.detail else ""
                out.append(f'  move: {m.move}{detail} "{m.evidence}"')
        else:
            out.append("  move: none recognised")
        if why:
            out.append("  judge (rule or head score behind each candidate, and the stage that decided):")
            out.extend(why)
        after = self.conversation.state.anger
        capped = (
            " (capped at 0-100)"
            if abs(sum(e.delta for e in trainee.effects) - (after - before)) > 0.05
            else ""
        )
        out.append(f"  anger {round(before)} -> {round(after)} ({after - before:+.1f}){capped}:")
        out += [f"    {e.cause:<15} {e.delta:+6.1f}  {e.reason}" for e in trainee.effects]
        out += reply_reasons(customer)
        out.append(f"{self.scenario.customer.name}: {customer.text}")
        out.append(self.status())
        if self.conversation.finished:
            result = self.conversation.result()
            s = result.scores
            out.append(
                f"  ended: {result.outcome}; scores listening {s.listening}, empathy {s.empathy}, "
                f"resolution {s.resolution}, overall {s.overall} "
                f"({'passed' if result.passed else 'not passed'})"
            )
        return "\n".join(out)

    def command(self, line: str) -> tuple[str, bool]:
        name, _, rest = line.partition(" ")
        name = name.lower()
        if name in ("/quit", "/exit", "/q"):
            return "bye", False
        if name == "/help":
            return HELP, True
        if name == "/state":
            return self.state_text(), True
        if name == "/set":
            try:
                events = parse_sets(rest.split())
            except UserError as exc:
                return f"  ({exc})", True
            if not events:
                return "  (use /set anger=N or /set patience=N)", True
            for kind, value in events:
                self.events.append((kind, value))
                self._apply(self.conversation, kind, value)
            return self.status(), True
        if name == "/undo":
            if not self.events:
                return "  (nothing to undo)", True
            kind, value = self.events.pop()
            self._replay()
            undone = f'"{value}"' if kind == "say" else f"/set {kind}={value}"
            return f"  (undid {undone})\n{self.status()}", True
        if name == "/restart":
            self.events.clear()
            self._replay()
            return self.opening(), True
        if name == "/lines":
            return self.lines_text(rest.strip()), True
        return f"  (unknown command {name}; /help lists them)", True

    def state_text(self) -> str:
        st, s = self.conversation.state, self.scenario
        required = {n.id for n in s.needs if n.required}
        needs = ", ".join(
            f"{n.id}{'' if n.required else ' (optional)'}: "
            + ("met" if n.id in st.met_needs else "partly met" if n.id in st.partly_met_needs else "not met")
            for n in s.needs
        )
        missing = sorted(required - st.met_needs)
        return "\n".join(
            [
                f"  anger {st.anger:.1f} (band {anger_band(st.anger)}; accepts at {s.accept_anger} or below)",
                f"  patience left {st.patience_left} of {s.customer.patience}; "
                f"turn {st.turn} of {s.max_turns}",
                f"  needs: {needs}",
                f"  still needed to resolve: {', '.join(missing) or 'nothing'}",
                f"  facts told: {', '.join(sorted(st.facts_told)) or 'none'}",
                f"  offers made: {', '.join(st.offers_made) or 'none'}",
                f"  defused: {'yes' if st.defused else 'no'}; fixed: {'yes' if st.fixed else 'no'}"
                + (f"; outcome: {st.outcome}" if st.outcome else ""),
            ]
        )

    def lines_text(self, key: str) -> str:
        s = self.scenario
        if key == "opening":
            return "\n".join(f"  - {t}" for t in s.lines.opening)
        if key in ("endings", *OUTCOMES):
            outcomes = OUTCOMES if key == "endings" else (key,)
            endings: list[str] = []
            for outcome in outcomes:
                written = s.lines.endings.get(outcome)
                source = "scenario" if written else "default"
                endings += [f"  {outcome} ({source}): {t}" for t in (written or DEFAULT_ENDINGS[outcome])]
            return "\n".join(endings)
        own = s.lines.reactions.get(key, {})
        default = DEFAULT_REACTIONS.get(key, {})
        if not own and not default:
            keys = sorted({*s.lines.reactions, *DEFAULT_REACTIONS})
            return f"  (no lines for '{key}'; try one of: opening, endings, {', '.join(keys)})"
        out = []
        for band in (*ANGER_BANDS, "any"):
            for source, table in (("scenario", own), ("default", default)):
                lines = table.get(band, ())
                out += [f"  {band:<8} ({source}) {t}" for t in lines]
                if lines and source == "scenario":
                    break  # the scenario's own lines for a band replace the defaults
        return "\n".join(out)


def run_playtest(playtest: Playtest, read: Callable[[], str | None], write: Callable[[str], None]) -> int:
    """Read lines until /quit or end of input; returns the exit status."""
    write(playtest.opening())
    while True:
        raw = read()
        if raw is None:
            return 0
        text, keep_going = playtest.handle(raw)
        if text:
            write(text)
        if not keep_going:
            return 0


def reply_reasons(customer: Turn) -> list[str]:
    """Why each line of the customer's reply was chosen, and what the planner left out."""
    if customer.plan is None:
        return [f"  line: {customer.line_reason} (reacting to '{customer.reaction_key}')"]
    out = [f'  line [{p.kind}]: {p.reason} "{p.text}"' for p in customer.plan.parts]
    out += [f"  skipped [{s.kind}] '{s.key}': {s.reason}" for s in customer.plan.skipped]
    return out
