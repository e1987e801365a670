"""Commands around the conversation engine: practice, run, analyze, validate, scenarios."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from simulator.cli import textview
from simulator.cli.practice import practice
from simulator.content import find_scenario, library
from simulator.content_files import load_library
from simulator.engine.conversation import Conversation, Result
from simulator.engine.curve import anger_by_answer
from simulator.engine.utterance import clean_utterance
from simulator.errors import ContentError, UserError
from simulator.play import detector_for, new_conversation
from simulator.recording import SessionRecorder, default_trainee
from simulator.safe_read import read_limited
from simulator.scenario.nodes import MAX_FILE_BYTES
from simulator.settings import Settings
from simulator.store import StoreError, open_store
from simulator.store.cli_support import waiting_notice


def add_recording_options(parser: argparse.ArgumentParser) -> None:
    """--trainee and --no-save, shared by every command that plays a conversation."""
    parser.add_argument("--trainee", metavar="NAME", help="who is training (default: your login name)")
    parser.add_argument("--no-save", action="store_true", help="do not store this conversation")


def warn(message: str) -> None:
    print(f"hotseat: warning: {message}", file=sys.stderr)


def open_recorder(args: argparse.Namespace, settings: Settings) -> SessionRecorder:
    """A recorder for this command: writes to the results store unless --no-save."""
    trainee = (args.trainee or "").strip() or default_trainee()
    if args.no_save:
        return SessionRecorder(None, trainee)
    try:
        store = open_store(settings.db, settings.data_dir)
    except StoreError as exc:
        raise UserError(str(exc)) from exc
    return SessionRecorder(
        store, trainee, warn=lambda msg: print(f"hotseat: warning: {msg}", file=sys.stderr)
    )


def close_recorder(recorder: SessionRecorder) -> None:
    """Close the store; if results could not reach the database, say where they wait."""
    store = recorder.store
    if store is None:
        return
    store.close()
    notice = waiting_notice(store)
    if notice:
        warn(notice)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("practice", help="role-play a scenario in the terminal, typing your answers")
    p.add_argument("--scenario", required=True, metavar="ID")
    add_recording_options(p)
    p.set_defaults(handler=cmd_practice)

    p = sub.add_parser("run", help="play a scripted conversation (one --say per trainee turn)")
    p.add_argument("--scenario", required=True, metavar="ID")
    add_recording_options(p)
    p.add_argument("--say", action="append", default=[], metavar="TEXT", help="one trainee turn (repeatable)")
    p.add_argument(
        "--audio",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="one recorded trainee answer, WAV/FLAC/AIFF (repeatable; instead of --say)",
    )
    p.add_argument(
        "--recognizer",
        default="auto",
        metavar="NAME",
        help="auto (Whisper base, else Sphinx), whisper, sphinx, or a faster-whisper model name or path",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=cmd_run)

    p = sub.add_parser(
        "analyze", help="show the moves detected in one utterance ('-' reads lines from stdin)"
    )
    p.add_argument("--scenario", metavar="ID", help="analyse in this scenario's context")
    p.add_argument("--customer-name", metavar="NAME", help="override the customer's name")
    p.add_argument(
        "--why",
        action="store_true",
        help="explain every candidate move: the rule or head score behind it, which stage kept or dropped it",
    )
    p.add_argument(
        "--heard",
        metavar="LINE",
        action="append",
        default=[],
        help="what the customer said before (repeatable); restatements are judged against it",
    )
    p.add_argument("text", metavar="TEXT")
    p.set_defaults(handler=cmd_analyze)

    p = sub.add_parser("validate", help="check scenario files; every error as path:line:col: field: message")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("scenarios", help="list the available scenarios")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_scenarios)


def result_json(conversation: Conversation, result: Result) -> dict[str, Any]:
    return {
        "scenario": conversation.scenario.id,
        "outcome": result.outcome,
        "scores": result.scores.as_json(),
        "passed": result.passed,
        "turns": [t.as_json() for t in conversation.turns],
    }


def cmd_practice(args: argparse.Namespace, settings: Settings) -> int:
    scenario = find_scenario(settings, args.scenario)
    conversation = new_conversation(scenario, seed=settings.seed, packs=settings.phrase_packs)
    recorder = open_recorder(args, settings)
    try:
        result = practice(conversation, input, print, on_turn=recorder.sync)
        if result is None:
            recorder.abandon(conversation)
            answers = len(conversation.trainee_turns)
            if recorder.session_id and answers:
                print(f"Your {answers} answer(s) so far were kept as an unfinished attempt (not scored): "
                      f"session {recorder.session_id}.")  # fmt: skip
            elif answers and args.no_save:
                print("Nothing was saved (--no-save).")
            return 0
        session_id = recorder.finish(conversation, result)  # saved before the debrief is shown
    finally:
        close_recorder(recorder)
    print(textview.debrief(scenario, result, anger_by_answer(conversation.turns)))
    if session_id:
        print(f"\nSaved as session {session_id} (report: hotseat report {session_id} --html debrief.html)")
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    scenario = find_scenario(settings, args.scenario)
    if not args.say and not args.audio:
        raise UserError('give the trainee\'s turns with --say "TEXT" or --audio FILE')
    if args.say and args.audio:
        raise UserError("use either --say or --audio, not both")
    answers = [clean_utterance(text) for text in args.say]
    conversation = new_conversation(scenario, seed=settings.seed, packs=settings.phrase_packs)
    recorder = open_recorder(args, settings)
    try:
        session_id = _play_run(args, settings, conversation, recorder, answers)
    finally:
        close_recorder(recorder)
    return _print_run(args, scenario, conversation, conversation.result(), session_id)


def _play_run(
    args: argparse.Namespace,
    settings: Settings,
    conversation: Conversation,
    recorder: SessionRecorder,
    answers: list[str],
) -> str | None:
    if args.audio:
        from simulator.cli.audio_run import play_audio_answers
        from simulator.speech.recognition_worker import RecognitionWorker

        worker = RecognitionWorker(preference=args.recognizer, cache_dir=settings.cache_dir / "models")
        try:
            play_audio_answers(conversation, args.audio, worker, recorder.sync, warn)
        finally:
            worker.close()
    else:
        conversation.start()
        for text in answers:
            if conversation.finished:
                break
            conversation.respond(text, source="scripted")
            recorder.sync(conversation)
    return recorder.finish(conversation, conversation.result())


def _print_run(
    args: argparse.Namespace,
    scenario: Any,
    conversation: Conversation,
    result: Result,
    session_id: str | None,
) -> int:
    if args.json:
        out = result_json(conversation, result)
        if session_id:
            out["session_id"] = session_id
        print(json.dumps(out, ensure_ascii=False))
        return 0
    print(textview.briefing(scenario))
    previous = conversation.turns[0].anger
    for turn in conversation.turns:
        if turn.speaker == "customer":
            print(textview.customer_turn(scenario, turn))
        else:
            print(textview.wrap(f"\nYou: {turn.text}"))
            print(textview.trainee_feedback(turn, previous))
        previous = turn.anger
    print(textview.debrief(scenario, result, anger_by_answer(conversation.turns)))
    return 0


def cmd_analyze(args: argparse.Namespace, settings: Settings) -> int:
    scenario = find_scenario(settings, args.scenario) if args.scenario else None
    detect = detector_for(scenario, args.customer_name, settings.phrase_packs)
    heard = tuple(args.heard) or (scenario.lines.opening[:1] if scenario is not None else ())
    if args.text != "-":
        text = clean_utterance(args.text)
        if args.why:
            from simulator.cli.why import explain

            print(explain(detect, text, heard))
            return 0
        print(json.dumps({"moves": [m.as_json() for m in detect(text, heard)]}, ensure_ascii=False))
        return 0
    status = 0
    for raw in sys.stdin:
        try:
            text = clean_utterance(raw)
        except UserError as exc:
            print(json.dumps({"moves": [], "error": str(exc)}, ensure_ascii=False))
            status = 1
            continue
        if args.why:
            from simulator.cli.why import explain

            print(explain(detect, text, heard) + "\n", flush=True)
            continue
        print(
            json.dumps({"moves": [m.as_json() for m in detect(text, heard)]}, ensure_ascii=False), flush=True
        )
    return status


SHOWN_LINE = 100  # characters of a source line shown under an error


def show_error(error: ContentError) -> str:
    """The located message plus the offending source line with a caret, like a compiler."""
    out = str(error)
    try:
        source = read_limited(Path(error.path), MAX_FILE_BYTES).decode("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return out
    if 1 <= error.line <= len(source):
        line, col = source[error.line - 1].replace("\t", " "), error.col - 1
        if len(line) > SHOWN_LINE:  # a very long line: the part around the column
            start = max(0, min(col - SHOWN_LINE // 2, len(line) - SHOWN_LINE))
            line, col = line[start : start + SHOWN_LINE], col - start
        out += f"\n    {line}\n    {' ' * col}^"
    return out


def cmd_validate(args: argparse.Namespace, settings: Settings) -> int:
    lib = load_library(args.paths or list(settings.scenario_paths))
    for error in lib.errors:
        print(show_error(error), file=sys.stderr)
    bad_files = len({e.path for e in lib.errors})
    if lib.errors:
        print(
            f"{len(lib.errors)} error(s) in {bad_files} file(s); {len(lib.scenarios)} scenario(s) valid.",
            file=sys.stderr,
        )
        return 1
    print(f"{len(lib.scenarios)} scenario(s) valid.")
    return 0


def cmd_scenarios(args: argparse.Namespace, settings: Settings) -> int:
    lib = library(settings)
    rows = sorted(
        lib.scenarios.values(), key=lambda s: (["easy", "medium", "hard"].index(s.difficulty), s.id)
    )
    if args.json:
        print(
            json.dumps(
                [
                    {"id": s.id, "title": s.title, "difficulty": s.difficulty, "channel": s.channel}
                    for s in rows
                ]
            )
        )
    else:
        for s in rows:
            print(f"{s.id:<24} {s.difficulty:<7} {s.channel:<10} {s.title}")
    if lib.errors:
        files = sorted({e.path for e in lib.errors})
        print(f"({len(files)} file(s) with errors skipped; run 'hotseat validate')", file=sys.stderr)
    return 0
