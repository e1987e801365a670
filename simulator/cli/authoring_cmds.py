"""Authoring commands: new, schema, lint, explore, playtest and phrases (validate, list)."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from simulator.content import MAX_ID_CHARS, check_id, find_scenario
from simulator.errors import ContentError, ContentErrors, UserError
from simulator.moves import Move
from simulator.safe_read import read_limited
from simulator.scenario.loader import Parsed, parse_scenario_detailed
from simulator.scenario.model import Scenario
from simulator.scenario.nodes import MAX_FILE_BYTES
from simulator.settings import Settings

PLAYTEST_HELP = """\
Play a scenario in the terminal and see why the customer reacts as they do: after each answer, the
moves detected (with the words that gave them away), the anger change with every rule that fired,
and which customer line was chosen and why. Commands: /state, /set anger=N, /set patience=N, /undo,
/restart, /lines KEY, /help, /quit. Reads stdin line by line, so it can be scripted:
  printf 'I am so sorry.\\n/state\\n' | hotseat playtest late-pizza

--from POINT starts after replaying some answers:
  a script file     a YAML list of answers, one '- ' item each (e.g. the start you keep testing)
  start             the opening complaint (the default)
  after-apology     after a model trainee's first answer (apology, acknowledgement, restatement)
  after-questions   after its second answer too (a fact-finding question)
  after-offer       after its third answer too (the best offer)
  model:N           after the model trainee's first N answers
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new", help="write a commented scenario template that validates as it stands")
    p.add_argument("scenario_id", metavar="ID", help="the new scenario's id, e.g. noisy-neighbour")
    p.add_argument("--out", type=Path, metavar="PATH", help="where to write it (default scenarios/ID.yaml)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(handler=cmd_new)

    p = sub.add_parser("schema", help="write the JSON Schema of the scenario format (for editors)")
    p.add_argument("--out", type=Path, metavar="PATH", help="default: docs/scenario.schema.json; '-' prints")
    p.set_defaults(handler=cmd_schema)

    p = sub.add_parser("lint", help="validate scenarios and warn about content that cannot work as written")
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    p.add_argument("--no-fail-on-warnings", action="store_true", help="exit 0 when there are only warnings")
    p.add_argument("--no-playthrough", action="store_true", help="skip the model trainee playthroughs")
    p.add_argument("--oracle", action="store_true", help="playthroughs with planned moves, not the detector")
    p.set_defaults(handler=cmd_lint)

    p = sub.add_parser("explore", help="automatic playthroughs: outcomes, scores, unreached lines, dead ends")
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario id or file")
    p.add_argument("--runs", type=int, default=500, help="number of playthroughs (default 500)")
    p.add_argument("--seed", type=int, default=0, help="seed; the same seed gives the same report")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--oracle", action="store_true", help="a perfect detector: test the design, not detection")
    p.add_argument(
        "--exact", action="store_true", help="detect whole answers, not sentences (about 10x slower)"
    )
    p.set_defaults(handler=cmd_explore)

    p = sub.add_parser(
        "playtest",
        help="play a scenario seeing detected moves, rules fired and line choices",
        description=PLAYTEST_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario id or file")
    p.add_argument("--from", dest="start", metavar="POINT", help="a script file or a named point (see above)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=N", help="anger=N or patience=N")
    p.add_argument("--seed", type=int, default=0, help="seed for the customer's line choices")
    p.set_defaults(handler=cmd_playtest)

    p = sub.add_parser("phrases", help="detector phrase packs: validate or list")
    phrases = p.add_subparsers(dest="phrases_command", metavar="ACTION", required=True)
    q = phrases.add_parser("validate", help="check phrase packs (default: the packaged ones)")
    q.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    q.set_defaults(handler=cmd_phrases_validate)
    q = phrases.add_parser("list", help="the patterns the detector uses for each move")
    q.add_argument("move", nargs="?", metavar="MOVE")
    q.set_defaults(handler=cmd_phrases_list)


def load_parsed(target: str, settings: Settings) -> Parsed:
    """A scenario by file path or id, with positions; ContentErrors when it does not load."""
    path = Path(target)
    if len(path.name) > MAX_ID_CHARS and path.suffix not in (".yaml", ".yml"):
        check_id(path.name)
    if path.suffix in (".yaml", ".yml") or _is_file(path):
        try:
            data = read_limited(path, MAX_FILE_BYTES)
        except OSError as exc:
            raise UserError(f"cannot read {path}: {exc.strerror}") from exc
        parsed = parse_scenario_detailed(str(path), data)
    else:
        scenario = find_scenario(settings, target)
        parsed = parse_scenario_detailed(
            scenario.source_path, read_limited(Path(scenario.source_path), MAX_FILE_BYTES)
        )
    if parsed.scenario is None:
        raise ContentErrors(parsed.errors)
    return parsed


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # e.g. a name too long for the file system
        return False


def working_detector(scenario: Scenario, settings: Settings) -> Callable[[str], tuple[Move, ...]]:
    """The scenario's detector (with --phrases packs), checked once so a broken one is one clear error."""
    from simulator.play import detector_for

    detect = detector_for(scenario, packs=settings.phrase_packs)
    try:
        detect("I'm sorry.")
    except UserError:
        raise
    except Exception as exc:  # another component: report it in one line, not a traceback
        raise UserError(f"the move detector failed to start: {type(exc).__name__}: {exc}") from exc
    return detect


def cmd_new(args: argparse.Namespace, settings: Settings) -> int:
    from simulator.authoring.template import repo_root, write_template

    check_id(args.scenario_id)
    target = args.out or (
        settings.scenario_paths[0] if settings.scenario_paths else repo_root() / "scenarios"
    )
    if args.out is None:
        target = Path(target) / f"{args.scenario_id}.yaml"
    written = write_template(args.scenario_id, target, force=args.force)
    print(f"wrote {written}; edit it, then run: hotseat lint {written}")
    return 0


def cmd_schema(args: argparse.Namespace, settings: Settings) -> int:
    from simulator.authoring.template import SCHEMA_NAME, repo_root, schema_text, write_schema

    if args.out is not None and str(args.out) == "-":
        sys.stdout.write(schema_text())
        return 0
    target = write_schema(args.out or repo_root() / "docs" / SCHEMA_NAME)
    print(f"wrote {target}")
    return 0


def show(finding: ContentError) -> str:
    """An error or a lint warning with its source line and a caret."""
    from simulator.cli.engine_cmds import show_error

    return show_error(finding)


def cmd_lint(args: argparse.Namespace, settings: Settings) -> int:
    from simulator.authoring.lint import iter_findings, lint_paths

    report = lint_paths(
        args.paths or list(settings.scenario_paths), model_check=not args.no_playthrough, oracle=args.oracle
    )
    for finding in iter_findings(report):
        print(show(finding), file=sys.stderr)
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    from simulator.content_files import scenario_files

    checked, _ = scenario_files(args.paths or list(settings.scenario_paths))
    flagged = len({f.path for f in iter_findings(report)})
    summary = (
        f"{len(report.errors)} error(s), {len(report.warnings)} warning(s) in {flagged} of {len(checked)} "
        f"file(s) checked; {len(report.scenarios)} scenario(s) loaded."
    )
    print(summary, file=sys.stderr if report.errors or report.warnings else sys.stdout)
    if report.errors:
        return 1
    return 1 if report.warnings and not args.no_fail_on_warnings else 0


def cmd_explore(args: argparse.Namespace, settings: Settings) -> int:
    from simulator.authoring.explore import explore, render, summary

    if not 1 <= args.runs <= 100_000:
        raise UserError("--runs must be between 1 and 100000")
    parsed = load_parsed(args.scenario, settings)
    scenario = parsed.scenario
    assert scenario is not None
    detect = None if args.oracle else working_detector(scenario, settings)
    started = time.perf_counter()
    report = explore(scenario, args.runs, args.seed, detect=detect, oracle=args.oracle, exact=args.exact)
    elapsed = time.perf_counter() - started
    if args.json:
        print(json.dumps(summary(report, scenario), ensure_ascii=False))
    else:
        print(render(report, scenario, parsed.positions))
        print(f"\n({elapsed:.2f} s)")
    return 0


def cmd_playtest(args: argparse.Namespace, settings: Settings) -> int:
    from simulator.authoring.playtest import Playtest, parse_sets, run_playtest, starting_answers

    parsed = load_parsed(args.scenario, settings)
    scenario = parsed.scenario
    assert scenario is not None
    detect = working_detector(scenario, settings)
    sets = parse_sets(args.set)
    answers = starting_answers(scenario, detect, args.start, args.seed)
    events = [("say", a) for a in answers] + sets
    playtest = Playtest(scenario, detect, args.seed, events)
    interactive = sys.stdin.isatty()

    def read() -> str | None:
        if interactive:
            try:
                return input("> ")
            except EOFError:
                return None
        line = sys.stdin.readline()
        return line if line else None

    return run_playtest(playtest, read, lambda text: print(text, flush=True))


def cmd_phrases_validate(args: argparse.Namespace, settings: Settings) -> int:
    from simulator.content_files import PHRASES_DIR, validate_phrase_pack

    paths = args.paths or sorted(PHRASES_DIR.glob("*.yaml"))
    problems = 0
    for path in paths:
        if not Path(path).is_file():
            print(f"{path}:1:1: no such file", file=sys.stderr)
            problems += 1
            continue
        for error in validate_phrase_pack(path):
            print(error, file=sys.stderr)
            problems += 1
    if problems:
        print(f"{problems} problem(s) in {len(paths)} pack(s).", file=sys.stderr)
        return 1
    print(f"{len(paths)} phrase pack(s) valid.")
    return 0


def cmd_phrases_list(args: argparse.Namespace, settings: Settings) -> int:
    from simulator.content_files import PHRASES_DIR, load_phrase_pack
    from simulator.detect import PhrasePackError
    from simulator.moves import TEXT_MOVES

    if args.move and args.move not in TEXT_MOVES:
        raise UserError(f"unknown move '{args.move}' (moves: {', '.join(TEXT_MOVES)})")
    shown = 0
    for path in sorted(PHRASES_DIR.glob("*.yaml")):
        try:
            pack = load_phrase_pack(path)
        except PhrasePackError as exc:
            raise UserError(f"{exc.errors[0]} (run: hotseat phrases validate)") from exc
        for move, spec in pack.moves.items():
            if args.move and move != args.move:
                continue
            print(f"{move}  ({path.name}){': ' + spec.description if spec.description else ''}")
            print("\n".join(f"  {p}" for p in spec.patterns))
            if spec.block:
                print("\n".join(f"  not: {p}" for p in spec.block))
            shown += 1
    if not shown:
        print(f"no patterns for {args.move}" if args.move else "no phrase packs found")
    return 0
