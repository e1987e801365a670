"""Pure xAPI 1.0.3 statement builder: a finished attempt (and its observer ratings) as statements."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final
from urllib.parse import quote, urlsplit

from simulator.moves import HARMFUL
from simulator.store.records import Observation, SessionRecord

XAPI_VERSION: Final = "1.0.3"
# Namespace of every Hot Seat statement id: uuid5(NAMESPACE, "<attempt id>/<verb>").
NAMESPACE: Final = uuid.UUID("6f1c2a8e-4b7d-5e3f-9a10-5c0ffee5ea70")
VERBS: Final[dict[str, str]] = {
    "attempted": "http://adlnet.gov/expapi/verbs/attempted",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "rated": "http://id.tincanapi.com/verb/rated",
}
ATTEMPT_VERBS: Final = ("attempted", "completed", "passed", "failed")
SIMULATION: Final = "http://adlnet.gov/expapi/activities/simulation"
INTERACTION: Final = "http://adlnet.gov/expapi/activities/interaction"
GROUP_TYPE: Final = "http://id.tincanapi.com/activitytype/training-group"
SCORE_MAX: Final = 100


@dataclass(frozen=True, slots=True)
class XapiConfig:
    """Where trainees' accounts live (homePage) and the base of Hot Seat's activity IRIs."""

    home_page: str = "https://hotseat.example.org"
    activity_base: str = "https://hotseat.example.org/xapi"
    language: str = "en-US"

    def __post_init__(self) -> None:
        for name in ("home_page", "activity_base"):
            value = getattr(self, name)
            parts = urlsplit(value)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise ValueError(f"{name} must be an http:// or https:// URL, got {value!r}")

    @property
    def base(self) -> str:
        return self.activity_base.rstrip("/")

    def scenario_iri(self, scenario_id: str) -> str:
        return f"{self.base}/scenarios/{quote(scenario_id, safe='')}"

    def group_iri(self, group_id: str) -> str:
        return f"{self.base}/groups/{quote(group_id, safe='')}"

    def extension(self, name: str) -> str:
        return f"{self.base}/extensions/{name}"


@dataclass(frozen=True, slots=True)
class QueuedStatement:
    """One statement ready for the offline queue: its id, verb, order within the attempt, body."""

    statement_id: str
    session_id: str
    verb: str
    seq: int
    statement: dict[str, Any]


def statement_id(session_id: str, key: str) -> str:
    """Stable UUID of one statement about an attempt (same attempt + key -> same id)."""
    return str(uuid.uuid5(NAMESPACE, f"{session_id}/{key}"))


def registration(session_id: str) -> str:
    """The attempt's xAPI registration: groups every statement of one attempt."""
    return str(uuid.uuid5(NAMESPACE, f"{session_id}/registration"))


def iso_duration(started_at: str, finished_at: str) -> str | None:
    """ISO 8601 duration between two timestamps (None if either is unreadable or reversed)."""
    try:
        seconds = datetime.fromisoformat(finished_at) - datetime.fromisoformat(started_at)
        total = seconds.total_seconds()
    except (TypeError, ValueError):
        return None
    if total < 0:
        return None
    hours, rest = divmod(round(total, 2), 3600)
    minutes, secs = divmod(rest, 60)
    out = "PT"
    if hours:
        out += f"{int(hours)}H"
    if minutes:
        out += f"{int(minutes)}M"
    if secs or out == "PT":
        out += f"{secs:g}S"
    return out


def _lang(config: XapiConfig, text: str) -> dict[str, str]:
    return {config.language: text}


def actor(config: XapiConfig, name: str) -> dict[str, Any]:
    """A person as an account on the centre's homePage (never a made-up email)."""
    return {"objectType": "Agent", "name": name,
            "account": {"homePage": config.home_page, "name": name}}  # fmt: skip


def scenario_activity(config: XapiConfig, record: SessionRecord, description: str = "") -> dict[str, Any]:
    definition: dict[str, Any] = {
        "type": SIMULATION,
        "name": _lang(config, record.scenario_title or record.scenario_id),
    }
    definition["description"] = _lang(config, description.strip() or
                                       f"Hot Seat scenario {record.scenario_id!r}")  # fmt: skip
    return {"objectType": "Activity", "id": config.scenario_iri(record.scenario_id),
            "definition": definition}  # fmt: skip


def _context(
    config: XapiConfig, record: SessionRecord, group_name: str | None,
    parent: dict[str, Any] | None = None,
) -> dict[str, Any]:  # fmt: skip
    sid = record.session_id or ""
    context: dict[str, Any] = {
        "registration": registration(sid),
        "platform": "Hot Seat",
        "language": config.language,
        "extensions": {config.extension("attempt-id"): sid,
                       config.extension("scenario-version"): record.scenario_version},
    }  # fmt: skip
    activities: dict[str, Any] = {}
    if parent is not None:
        activities["parent"] = [parent]
    if record.group_id:
        group = {"objectType": "Activity", "id": config.group_iri(record.group_id),
                 "definition": {"type": GROUP_TYPE,
                                "name": _lang(config, group_name or record.group_id)}}  # fmt: skip
        activities["grouping"] = [group]
    if activities:
        context["contextActivities"] = activities
    return context


def harmful_moves(record: SessionRecord) -> list[str]:
    """Harmful moves the trainee made, in the order first made."""
    seen: list[str] = []
    for turn in record.turns:
        if turn.speaker == "trainee":
            seen += [m.move for m in turn.moves if m.move in HARMFUL and m.move not in seen]
    return seen


def attempt_result(config: XapiConfig, record: SessionRecord) -> dict[str, Any]:
    """score (scaled, raw, min, max), success, completion, duration and Hot Seat's extensions."""
    overall = max(0, min(SCORE_MAX, int(record.scores.get("overall", 0))))
    result: dict[str, Any] = {
        "score": {"scaled": round(overall / SCORE_MAX, 4), "raw": overall, "min": 0, "max": SCORE_MAX},
        "completion": bool(record.complete),
    }
    if record.passed is not None:
        result["success"] = bool(record.passed)
    duration = iso_duration(record.started_at, record.finished_at or "")
    if duration:
        result["duration"] = duration
    ext: dict[str, Any] = {config.extension(step): int(record.scores[step])
           for step in ("listening", "empathy", "resolution") if step in record.scores}  # fmt: skip
    ext[config.extension("outcome")] = record.outcome
    ext[config.extension("missed-moves")] = list(record.missed_moves)
    ext[config.extension("harmful-moves")] = harmful_moves(record)
    result["extensions"] = ext
    return result


def attempt_statements(
    config: XapiConfig, record: SessionRecord, *, description: str = "", group_name: str | None = None
) -> list[QueuedStatement]:
    """attempted, completed, and passed or failed for one finished attempt ([] if unfinished)."""
    sid = record.session_id
    if not sid or not record.complete or not record.finished_at:
        return []
    verbs = ["attempted", "completed"]
    if record.passed is not None:
        verbs.append("passed" if record.passed else "failed")
    obj = scenario_activity(config, record, description)
    context = _context(config, record, group_name)
    result = attempt_result(config, record)
    out = []
    for seq, verb in enumerate(verbs):
        body: dict[str, Any] = {
            "id": statement_id(sid, verb),
            "actor": actor(config, record.trainee),
            "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
            "object": obj,
            "context": context,
            "timestamp": record.started_at if verb == "attempted" else record.finished_at,
        }
        if verb != "attempted":
            body["result"] = result
        out.append(QueuedStatement(body["id"], sid, verb, seq, body))
    return out


def observation_key(obs: Observation) -> str:
    return f"rated/{obs.turn_index}/{obs.observer}/{obs.created_at}/{obs.rating}/{obs.comment}"


def observation_statement(
    config: XapiConfig, record: SessionRecord, obs: Observation, seq: int,
    *, description: str = "", group_name: str | None = None,
) -> QueuedStatement:  # fmt: skip
    """An observer's rating (1-5) and comment on one trainee turn, as a `rated` statement."""
    sid = record.session_id or ""
    parent = scenario_activity(config, record, description)
    name = _lang(config, f"{record.scenario_title}, turn {obs.turn_index}")
    turn = {"objectType": "Activity", "id": f"{parent['id']}/turns/{obs.turn_index}",
            "definition": {"type": INTERACTION, "name": name}}  # fmt: skip
    context = _context(config, record, group_name, parent)
    context["extensions"][config.extension("trainee")] = actor(config, record.trainee)
    result: dict[str, Any] = {
        "score": {"scaled": round(obs.rating / 5, 4), "raw": obs.rating, "min": 1, "max": 5},
    }
    if obs.comment.strip():
        result["response"] = obs.comment
    body: dict[str, Any] = {
        "id": statement_id(sid, observation_key(obs)),
        "actor": actor(config, obs.observer.strip() or "Observer"),
        "verb": {"id": VERBS["rated"], "display": {"en-US": "rated"}},
        "object": turn,
        "result": result,
        "context": context,
        "timestamp": obs.created_at or record.finished_at or record.started_at,
    }
    return QueuedStatement(body["id"], sid, "rated", 100 + seq, body)


def session_statements(
    config: XapiConfig, record: SessionRecord, observations: Sequence[Observation] = (),
    *, description: str = "", group_name: str | None = None,
) -> list[QueuedStatement]:  # fmt: skip
    """Every statement about one finished attempt: the attempt's verbs, then each rating."""
    out = attempt_statements(config, record, description=description, group_name=group_name)
    if not out:
        return []
    out += [observation_statement(config, record, o, i, description=description,
                                  group_name=group_name) for i, o in enumerate(observations)]  # fmt: skip
    return out
