"""Lint: each warning on a crafted scenario, with its exact located message."""

from __future__ import annotations

from pathlib import Path

from simulator.authoring.lint import LintReport, lint_paths, lowest_anger
from simulator.content_files import load_scenario_file

BASE = """\
id: base
title: Base
difficulty: easy
channel: phone
briefing: A test.
max_turns: 8
accept_anger: 40
customer:
  name: Ann Lee
  persona: A tester.
  anger: 70
  patience: 4
  temperament: acute
key_details:
  - id: late
    phrases: [late]
facts:
  - id: when
    topics: [what time]
    answer: At six.
needs:
  - id: fix
    description: A fix.
  - id: heard
    description: Sorry.
    met_by_moves: [apology]
offers:
  - id: refund
    phrases: [refund]
    meets: [fix]
  - id: coupon
    kind: compensation
    phrases: [coupon]
    partly_meets: [fix]
lines:
  opening:
    - It is late!
  reactions:
    apology:
      any:
        - Thanks.
        - Well, that helps.
  endings:
    resolved:
      - Good.
"""


def lint_text(tmp_path: Path, text: str, name: str = "base.yaml") -> tuple[LintReport, Path]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return lint_paths([path], oracle=True), path


def at(path: Path, text: str, snippet: str, occurrence: int = 0) -> str:
    """path:line:col of the start of `snippet` (its first non-space character) in `text`."""
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(snippet, index + 1)
    index += len(snippet) - len(snippet.lstrip())
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{path}:{line}:{col}"


def warnings(report: LintReport) -> list[str]:
    return [str(w) for w in report.warnings]


def test_base_is_clean(tmp_path: Path) -> None:
    report, _ = lint_text(tmp_path, BASE)
    assert report.errors == [] and report.warnings == []


def test_errors_are_reported_like_validate(tmp_path: Path) -> None:
    text = BASE.replace("difficulty: easy", "dificulty: easy")
    report, path = lint_text(tmp_path, text)
    assert [str(e) for e in report.errors] == [
        f"{path}:1:1: difficulty: is required but missing",
        f"{at(path, text, 'dificulty')}: dificulty: unknown key (did you mean 'difficulty'?)",
    ]


def test_insulting_offer_lines_without_an_insulting_offer(tmp_path: Path) -> None:
    text = BASE.replace("  endings:", "    insulting_offer:\n      any:\n        - How dare you.\n  endings:")
    report, path = lint_text(tmp_path, text)
    assert warnings(report) == [
        f"{at(path, text, '    insulting_offer:')}: warning: lines.reactions.insulting_offer: these lines are "  # noqa: E501
        "never spoken: no offer in this scenario has 'insults: true'"
    ]


def test_partial_offer_lines_without_partial_offers(tmp_path: Path) -> None:
    text = BASE.replace("    partly_meets: [fix]\n", "    meets: [fix]\n").replace(
        "  endings:", "    partial_offer:\n      any: [Hm.]\n  endings:"
    )
    report, path = lint_text(tmp_path, text)
    assert warnings(report) == [
        f"{at(path, text, '    partial_offer:')}: warning: lines.reactions.partial_offer: these lines are never "  # noqa: E501
        "spoken: no offer partly meets a need or meets none (only a helpful offer made twice would)"
    ]


def test_good_offer_lines_without_good_offers(tmp_path: Path) -> None:
    text = (
        BASE.replace("    meets: [fix]\n", "    partly_meets: [fix]\n")
        .replace(
            "  - id: fix\n    description: A fix.\n",
            "  - id: fix\n    description: A fix.\n    required: false\n",
        )
        .replace("  endings:", "    good_offer:\n      any: [Great.]\n  endings:")
    )
    report, path = lint_text(tmp_path, text)
    assert (
        f"{at(path, text, '    good_offer:')}: warning: lines.reactions.good_offer: these lines are never "
        "spoken: no offer meets a need" in warnings(report)
    )
    assert (
        f"{at(path, text, 'id: fix')}: warning: needs[0]: need 'fix' has no offer that meets it and no "
        "met_by_moves (only partly met by refund, coupon): it can never be met" in warnings(report)
    )


def test_escalated_ending_that_cannot_happen(tmp_path: Path) -> None:
    text = (
        BASE.replace("  anger: 70\n  patience: 4", "  anger: 20\n  patience: 1")
        .replace("accept_anger: 40", "accept_anger: 10")
        .replace("      - Good.\n", "      - Good.\n    escalated:\n      - Manager!\n")
    )
    report, path = lint_text(tmp_path, text)
    assert warnings(report) == [
        f"{at(path, text, '    escalated:')}: warning: lines.endings.escalated: these lines are never spoken: "  # noqa: E501
        "the customer only escalates when furious (anger 85+) before their patience runs out, or when "
        "escalated is a success outcome, and neither can happen"
    ]


def test_escalated_ending_reachable_when_patient(tmp_path: Path) -> None:
    text = BASE.replace("      - Good.\n", "      - Good.\n    escalated:\n      - Manager!\n")
    report, _ = lint_text(tmp_path, text)
    assert warnings(report) == []


def test_walked_out_ending_with_escalating_customer(tmp_path: Path) -> None:
    text = BASE.replace("  temperament: acute", "  temperament: acute\n  boiling_point: escalated").replace(
        "      - Good.\n", "      - Good.\n    walked_out:\n      - Bye.\n"
    )
    report, path = lint_text(tmp_path, text)
    assert warnings(report) == [
        f"{at(path, text, '    walked_out:')}: warning: lines.endings.walked_out: these lines are never spoken: "  # noqa: E501
        "customer.boiling_point is escalated, so they never walk out"
    ]


def test_escalate_reaction_when_escalation_is_success(tmp_path: Path) -> None:
    text = BASE.replace(
        "accept_anger: 40", "accept_anger: 40\nsuccess_outcomes: [resolved, escalated]"
    ).replace("  endings:", "    escalate:\n      any: [Fine.]\n  endings:")
    report, path = lint_text(tmp_path, text)
    assert warnings(report) == [
        f"{at(path, text, '    escalate:')}: warning: lines.reactions.escalate: these lines are never spoken: "  # noqa: E501
        "escalating is a success outcome here, so it always ends the conversation"
    ]


def test_any_band_shadowed_by_all_four_bands(tmp_path: Path) -> None:
    bands = "".join(f"      {b}: [{b.capitalize()} line.]\n" for b in ("calm", "upset", "angry", "furious"))
    text = BASE.replace("      any:\n        - Thanks.\n", bands + "      any:\n        - Thanks.\n")
    report, path = lint_text(tmp_path, text)
    assert warnings(report) == [
        f"{at(path, text, '      any:')}: warning: lines.reactions.apology.any: these lines are never spoken: "  # noqa: E501
        "calm, upset, angry and furious all have their own lines"
    ]


def test_fact_topics_with_punctuation_and_unaskable_facts(tmp_path: Path) -> None:
    text = BASE.replace("topics: [what time]", 'topics: ["what time?", "?"]')
    report, path = lint_text(tmp_path, text)
    rule = "can never match: questions are compared without punctuation ('?'); write the words only"
    where_list, where_first, where_second = (at(path, text, s) for s in ('["what', '"what', '"?"'))
    assert warnings(report) == [
        f"{where_list}: warning: facts[0].topics: nobody can ask about fact 'when': none of its topics can match",  # noqa: E501
        f"{where_first}: warning: facts[0].topics[0]: topic 'what time?' {rule}",
        f"{where_second}: warning: facts[0].topics[1]: topic '?' {rule}",
    ]


def test_fact_topics_shared_and_contained(tmp_path: Path) -> None:
    text = BASE.replace(
        "    answer: At six.\n",
        "    answer: At six.\n  - id: where\n    topics: [what time, which time zone]\n    answer: Here.\n"
        "  - id: zone\n    topics: [time zone]\n    answer: UTC.\n",
    )
    report, path = lint_text(tmp_path, text)
    assert warnings(report) == [
        f"{at(path, text, 'what time', 1)}: warning: facts[1].topics[0]: topic 'what time' is also a topic of "  # noqa: E501
        "fact 'when': asking it always tells both",
        f"{at(path, text, 'which time zone')}: warning: facts[1].topics[1]: topic 'which time zone' contains "
        "'time zone', a topic of fact 'zone': asking about 'where' this way also tells 'zone'",
    ]


def test_need_without_offer_or_move(tmp_path: Path) -> None:
    text = BASE.replace("    met_by_moves: [apology]\n", "")
    report, path = lint_text(tmp_path, text)
    assert (
        f"{at(path, text, 'id: heard')}: warning: needs[1]: need 'heard' has no offer that meets it and "
        "no met_by_moves: the customer can never be satisfied" in warnings(report)
    )


def test_accept_anger_at_or_above_starting_anger(tmp_path: Path) -> None:
    text = BASE.replace("accept_anger: 40", "accept_anger: 70")
    report, path = lint_text(tmp_path, text)
    assert warnings(report) == [
        f"{at(path, text, '70')}: warning: accept_anger: accept_anger (70) is at or above the starting anger "
        "(70): the customer accepts the first offer that meets their needs, with no calming needed"
    ]


def test_accept_anger_out_of_reach(tmp_path: Path) -> None:
    text = (
        BASE.replace("accept_anger: 40", "accept_anger: 0")
        .replace("max_turns: 8", "max_turns: 2")
        .replace("  anger: 70", "  anger: 100")
        .replace("  temperament: acute", "  temperament: chronic")
    )
    report, path = lint_text(tmp_path, text)
    scenario = load_scenario_file(path)
    low = lowest_anger(scenario)
    assert low > 0
    assert (
        f"{at(path, text, '0')}: warning: accept_anger: accept_anger (0) cannot be reached: even every "
        f"helpful move in every answer only brings anger down to {low} within max_turns (2)"
    ) in warnings(report)


def test_id_not_matching_file_name(tmp_path: Path) -> None:
    report, path = lint_text(tmp_path, BASE, name="other.yaml")
    assert warnings(report) == [
        f"{path}:1:5: warning: id: id 'base' does not match the file name 'other.yaml' (rename one of them)"
    ]


def test_flow_list_split_at_a_comma(tmp_path: Path) -> None:
    text = BASE.replace("    - It is late!\n", "    [Well, I waited an hour, and it is late]\n").replace(
        "  opening:\n", "  opening:\n"
    )
    text = text.replace("  opening:\n    [Well", "  opening: [Well")
    report, path = lint_text(tmp_path, text)
    assert warnings(report) == [
        f"{at(path, text, 'Well')}: warning: lines.opening[0]: 'Well' looks like a line split at a comma: in "
        "[a, b] lists every comma starts a new line; quote the whole line or write one '- ' item per line"
    ]


def test_quoted_flow_items_are_fine(tmp_path: Path) -> None:
    text = BASE.replace("  opening:\n    - It is late!\n", '  opening: ["Well, I waited.", "Late again"]\n')
    report, _ = lint_text(tmp_path, text)
    assert warnings(report) == []


def test_model_playthrough_that_cannot_succeed(tmp_path: Path) -> None:
    # the only fix is an excessive offer, which a model trainee does not make
    text = BASE.replace("    meets: [fix]\n", "    meets: [fix]\n    excessive: true\n")
    report, path = lint_text(tmp_path, text)
    assert warnings(report) == [
        f"{path}:1:1: warning: a model trainee never reaches a success outcome (resolved) in 3 playthroughs: "
        "ended unresolved; required need(s) never met: fix; no helpful offer to make"
    ]


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "copy.yaml").write_text(BASE, encoding="utf-8")
    report = lint_paths([tmp_path], oracle=True)
    assert [str(e) for e in report.errors] == [
        f"{tmp_path / 'copy.yaml'}:1:5: id: duplicate scenario id 'base' (also in {tmp_path / 'base.yaml'})"
    ]


def test_neural_voice_and_fallback_gender_disagree(tmp_path: Path) -> None:
    voice = "  voice: {name: am_adam, gender: female}\n"
    text = BASE.replace("  temperament: acute\n", "  temperament: acute\n" + voice)
    report, path = lint_text(tmp_path, text)
    assert [str(w) for w in report.warnings] == [
        f"{path}:14:34: warning: customer.voice.gender: the neural voice 'am_adam' is male but gender is "
        "female: a line the fallback engine speaks would change voice; make them agree"
    ]
