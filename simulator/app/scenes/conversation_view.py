"""Drawing the conversation scene (reads the scene, never changes it)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pygame

from simulator.app import layout, theme, widgets
from simulator.app.character import Pose, draw_customer, draw_stage
from simulator.app.fonts import Fonts
from simulator.app.observe import draw_panel
from simulator.moves import HARMFUL

if TYPE_CHECKING:
    from simulator.app.scenes.conversation import ConversationScene
    from simulator.app.scenes.turns import Bubble


def draw_conversation(scene: ConversationScene, surface: pygame.Surface) -> None:
    fonts = scene.app.fonts
    width, height = surface.get_size()
    conv = scene.conversation
    customer = scene.scenario.customer
    answers = len(conv.trainee_turns)
    channel = theme.CHANNEL_LABELS.get(scene.scenario.channel, scene.scenario.channel)
    most = scene.scenario.max_turns
    sub = f"{customer.name}  ·  {channel}  ·  answer {min(answers + 1, most)} of {most}"
    who = scene.trainee + ("  ·  group turn" if scene.group_id else "")
    top = widgets.header(surface, fonts, scene.scenario.title, sub, who)
    pad = max(16, width // 50)
    footer_h = 36
    left = pygame.Rect(pad, top + pad, int(width * 0.42) - pad, height - top - 2 * pad - footer_h)
    right = pygame.Rect(left.right + pad, left.top, width - left.right - 2 * pad, left.height)
    _draw_stage(scene, surface, left)
    _draw_right(scene, surface, right)
    footer = pygame.Rect(0, height - footer_h, width, footer_h - 6)
    widgets.key_hints(surface, fonts, footer, _hints(scene))
    if scene.reload_errors:
        _draw_errors(scene, surface)
    elif scene.confirm_leave:
        kept = scene.app.results.store is not None and scene.conversation.trainee_turns
        _draw_dialog(
            surface,
            fonts,
            "Leave this conversation?",
            "It will not be scored; your answers so far are kept as unfinished."
            if kept
            else "It will not be scored or saved.",
            "Enter: leave   ·   Esc: stay",
        )
    elif scene.observer is not None:
        draw_panel(surface, fonts, scene.observer)
    elif scene.ended is not None:
        _draw_end(scene, surface)
    elif scene.briefing.open:
        scene.briefing.draw(surface, fonts)


def _hints(scene: ConversationScene) -> list[tuple[str, str]]:
    if scene.observer is not None:
        return [("↑↓", "answer"), ("1-5", "rate"), ("Enter", "save"), ("Esc", "cancel")]
    if scene.ended is not None:
        return [("Enter", "see your debrief"), ("F2", "rate an answer")]
    hints = [("Space", "hold to talk")] if scene.mode == "voice" else [("Enter", "send")]
    if scene.mode == "voice" and scene.app.prefs.hands_free:
        hints = [("Space", "cut in")]
    return [
        *hints,
        ("Tab", "voice / typing"),
        ("F1", "briefing"),
        ("PgUp", "scroll"),
        ("F2", "rate"),
        ("F5", "reload"),
        ("Esc", "leave"),
    ]


def _draw_stage(scene: ConversationScene, surface: pygame.Surface, rect: pygame.Rect) -> None:
    fonts = scene.app.fonts
    widgets.panel(surface, rect)
    meter_h = fonts.get("small").get_linesize() + 22
    stage = pygame.Rect(rect.left + 10, rect.top + 10, rect.width - 20, rect.height - meter_h - 30)
    clip = surface.get_clip()
    surface.set_clip(stage)
    draw_stage(surface, stage, scene.shown_anger)
    look = scene.scenario.customer.appearance
    pose = Pose(scene.shown_anger, scene.t, scene.customer_speaking, scene.scenario.channel, look)
    draw_customer(surface, stage, pose)
    if scene.line is not None:
        _draw_subtitle(scene, surface, stage)
    surface.set_clip(clip)
    meter = pygame.Rect(rect.left + 20, stage.bottom + 12, rect.width - 40, meter_h)
    widgets.anger_meter(surface, fonts, meter, scene.shown_anger)


def _draw_subtitle(scene: ConversationScene, surface: pygame.Surface, stage: pygame.Rect) -> None:
    assert scene.line is not None
    fonts = scene.app.fonts
    text = scene.line.text
    box_w = stage.width - 32
    font = fonts.get("subtitle", bold=True)
    lines = widgets.wrap(font, text, box_w - 32)
    if len(lines) * font.get_linesize() > stage.height * 0.25:  # large text: keep the customer in view
        font = fonts.get("body", bold=True)
        lines = widgets.wrap(font, text, box_w - 32)
    lines = lines[:5]
    box_h = len(lines) * font.get_linesize() + 24 + fonts.get("tiny").get_linesize()
    box = pygame.Rect(stage.left + 16, stage.bottom - box_h - 16, box_w, box_h)
    shade = pygame.Surface(box.size, pygame.SRCALPHA)
    pygame.draw.rect(shade, (24, 30, 48, 215), shade.get_rect(), border_radius=12)
    surface.blit(shade, box.topleft)
    state = scene.line.state
    label = {"pending": "", "playing": "speaking", "cut": "cut off", "done": "", "silent": ""}.get(state, "")
    name = scene.scenario.customer.name.split()[0].upper() + (f"  ·  {label}" if label else "")
    widgets.text(surface, fonts.get("tiny", bold=True), name, theme.WARM, (box.left + 16, box.top + 8))
    y = box.top + 10 + fonts.get("tiny").get_linesize()
    for line in lines:
        widgets.text(surface, font, line, (255, 255, 255), (box.left + 16, y))
        y += font.get_linesize()


def _draw_right(scene: ConversationScene, surface: pygame.Surface, rect: pygame.Rect) -> None:
    fonts = scene.app.fonts
    input_h = fonts.get("body").get_linesize() * 3 + 40
    notices = [n for _, n in scene.flashes] + scene.app.notices()
    # warnings are shown in full, up to half the column (the transcript scrolls above them)
    notice_h = min(widgets.notices_height(fonts, rect.width, notices), rect.height // 2)
    transcript = pygame.Rect(rect.left, rect.top, rect.width, rect.height - input_h - notice_h - 16)
    _draw_transcript(scene, surface, transcript)
    widgets.notices(
        surface, fonts, pygame.Rect(rect.left, transcript.bottom + 8, rect.width, notice_h), notices
    )
    _draw_input(scene, surface, pygame.Rect(rect.left, rect.bottom - input_h, rect.width, input_h))


def _bubble_height(fonts: Fonts, bubble: Bubble, width: int) -> int:
    body = fonts.get("body")
    height = len(widgets.wrap(body, bubble.text, width - 32)) * body.get_linesize() + 20
    height += fonts.get("tiny").get_linesize() + 4
    if bubble.speaker == "trainee":
        height += fonts.get("tiny").get_linesize() + 14
    return height


def _draw_transcript(scene: ConversationScene, surface: pygame.Surface, rect: pygame.Rect) -> None:
    fonts = scene.app.fonts
    widgets.panel(surface, rect, theme.CARD_ALT)
    clip = surface.get_clip()
    inner = rect.inflate(-24, -24)
    surface.set_clip(inner)
    bubble_w = int(inner.width * 0.82)
    y = inner.bottom
    scroll = scene.scroll
    if scene.observed_turn is not None:  # keep the answer being rated in view
        at = next((i for i, b in enumerate(scene.bubbles) if b.turn_index == scene.observed_turn), None)
        scroll = 0 if at is None else max(0, len(scene.bubbles) - at - 2)
    shown = scene.bubbles[: len(scene.bubbles) - scroll] if scroll else scene.bubbles
    for bubble in reversed(shown):
        h = _bubble_height(fonts, bubble, bubble_w)
        y -= h
        x = inner.right - bubble_w if bubble.speaker == "trainee" else inner.left
        _draw_bubble(scene, surface, pygame.Rect(x, y, bubble_w, h), bubble)
        y -= 12
        if y < inner.top:
            break
    surface.set_clip(clip)
    if scroll and scene.observer is None:
        widgets.chip(
            surface,
            fonts.get("tiny", bold=True),
            "PgDn: back to latest",
            (inner.right - 170, inner.top),
            theme.INK,
            theme.CARD,
        )


def _draw_bubble(
    scene: ConversationScene, surface: pygame.Surface, rect: pygame.Rect, bubble: Bubble
) -> None:
    fonts = scene.app.fonts
    tiny = fonts.get("tiny", bold=True)
    if bubble.speaker == "trainee":
        fill, who = theme.ACCENT_SOFT, "YOU" + ("  ·  spoken" if bubble.source == "voice" else "  ·  typed")
    elif bubble.speaker == "prompt":
        fill, who = (
            theme.BG_DEEP,
            scene.scenario.customer.name.split()[0].upper() + "  ·  didn't catch that (not scored)",
        )
    else:
        fill, who = theme.CARD, scene.scenario.customer.name.split()[0].upper()
    if bubble.cut_off:
        who += "  ·  cut off"
    body_h = rect.height - (tiny.get_linesize() + 4)
    box = pygame.Rect(rect.left, rect.top + tiny.get_linesize() + 4, rect.width, body_h)
    if bubble.speaker == "trainee":
        box.height -= tiny.get_linesize() + 14
    widgets.text(surface, tiny, who, theme.INK_SOFT, (box.left + 6, rect.top))
    pygame.draw.rect(surface, fill, box, border_radius=12)
    if bubble.speaker == "customer":
        pygame.draw.rect(surface, theme.LINE, box, width=1, border_radius=12)
    if bubble.turn_index is not None and bubble.turn_index == scene.observed_turn:
        pygame.draw.rect(surface, theme.WARM, box.inflate(6, 6), width=3, border_radius=14)
    body = fonts.get("body")
    widgets.text_block(surface, body, bubble.text, theme.INK, box.inflate(-32, -20))
    if bubble.speaker != "trainee":
        return
    x, y = box.left, box.bottom + 6
    small = fonts.get("tiny", bold=True)
    if bubble.anger_change:
        change = f"anger {bubble.anger_change:+d}"
        color = theme.BAD if bubble.anger_change > 0 else theme.GOOD
        x = widgets.chip(surface, small, change, (x, y), theme.mix(color, theme.CARD, 0.82), color).right + 6
    seen: set[str] = set()
    for move in bubble.moves:
        if move.move in seen:
            continue
        seen.add(move.move)
        bad = move.move in HARMFUL
        color = theme.BAD if bad else theme.STEP_COLORS["empathy"]
        label = move.move.replace("_", " ")
        if x + widgets.chip_width(small, label) > box.right:
            break
        x = widgets.chip(surface, small, label, (x, y), theme.mix(color, theme.CARD, 0.82), color).right + 6


def _draw_input(scene: ConversationScene, surface: pygame.Surface, rect: pygame.Rect) -> None:
    fonts = scene.app.fonts
    active = scene.recording
    widgets.panel(surface, rect, theme.CARD, border=theme.BAD if active else theme.ACCENT)
    inner = rect.inflate(-32, -24)
    body = fonts.get("body")
    first = scene.scenario.customer.name.split()[0]
    if scene.mode == "typed":
        if scene.draft:
            lines = widgets.wrap(body, scene.draft, inner.width)[-3:]
            y = inner.top
            for line in lines:
                widgets.text(surface, body, line, theme.INK, (inner.left, y))
                y += body.get_linesize()
            if int(scene.t * 2) % 2 == 0:
                end_x = inner.left + body.size(lines[-1])[0] + 2
                pygame.draw.line(
                    surface, theme.ACCENT, (end_x, y - body.get_linesize() + 3), (end_x, y - 3), 2
                )
        else:
            placeholder = f"Type what you would say to {first}, then press Enter…"
            widgets.text_block(surface, body, placeholder, theme.INK_FAINT, inner)
        return
    radius = min(inner.height // 2, 34)
    center = (inner.left + radius, inner.centery)
    pulse = 1.0 + (0.12 * math.sin(scene.t * 8) if active else 0.0)
    pygame.draw.circle(
        surface,
        theme.mix(theme.BAD if active else theme.ACCENT, theme.CARD, 0.75),
        center,
        round(radius * pulse),
    )
    pygame.draw.circle(surface, theme.BAD if active else theme.ACCENT, center, round(radius * 0.72))
    _draw_mic_icon(surface, center, radius * 0.5)
    if active:
        title, sub = "Listening…", "Release SPACE when you have finished."
    elif scene.waiting_for_recognizer:
        title, sub = "Working out what you said…", f"“{scene.partial}…”" if scene.partial else "One moment."
    elif scene.app.prefs.hands_free:
        title, sub = "Hands-free: just speak.", f"Wait for {first} to finish, or press SPACE to cut in."
    else:
        title, sub = (
            "Hold SPACE and answer out loud.",
            f"Let {first} finish first — cutting in counts as interrupting.",
        )
        if fonts.get("body", bold=True).size(title)[0] > inner.right - (inner.left + 2 * radius + 20):
            title, sub = "Hold SPACE to answer.", f"Let {first} finish first."
    x = center[0] + radius + 20
    room = inner.right - x
    title_font, sub_font = fonts.get("subtitle", bold=True), fonts.get("small")
    if title_font.size(title)[0] > room or sub_font.size(sub)[0] > room:  # large text on a small window
        title_font, sub_font = fonts.get("body", bold=True), fonts.get("tiny")
    title = widgets.fit(title_font, title, room)
    sub = widgets.fit(sub_font, sub, room)
    widgets.text(
        surface,
        title_font,
        title,
        theme.INK,
        (x, inner.centery - body.get_linesize() // 2 - 6),
        "midleft",
    )
    widgets.text(
        surface,
        sub_font,
        sub,
        theme.INK_SOFT,
        (x, inner.centery + body.get_linesize() // 2 + 2),
        "midleft",
    )


def _draw_mic_icon(surface: pygame.Surface, center: tuple[int, int], size: float) -> None:
    cx, cy = center
    body = pygame.Rect(0, 0, round(size * 0.7), round(size * 1.2))
    body.midbottom = (cx, round(cy + size * 0.25))
    pygame.draw.rect(surface, theme.CARD, body, border_radius=body.width // 2)
    arc = pygame.Rect(0, 0, round(size * 1.2), round(size * 1.1))
    arc.center = (cx, round(cy + size * 0.05))
    pygame.draw.arc(surface, theme.CARD, arc, math.pi, 2 * math.pi, max(2, round(size * 0.12)))
    pygame.draw.line(
        surface,
        theme.CARD,
        (cx, arc.bottom),
        (cx, round(arc.bottom + size * 0.3)),
        max(2, round(size * 0.12)),
    )


def _draw_dialog(
    surface: pygame.Surface, fonts: Fonts, title: str, body: str, keys: str, color: theme.Color = theme.INK
) -> pygame.Rect:
    width, height = surface.get_size()
    shade = pygame.Surface((width, height), pygame.SRCALPHA)
    shade.fill((20, 24, 36, 140))
    surface.blit(shade, (0, 0))
    layout.panel(surface.get_rect())  # what is under the dialog is dimmed, not read
    box = pygame.Rect(0, 0, min(720, width - 80), 0)
    lines = widgets.block_height(fonts.get("body"), body, box.width - 64)
    box.height = fonts.get("title").get_linesize() + lines + fonts.get("body").get_linesize() + 90
    box.center = (width // 2, height // 2)
    widgets.panel(surface, box)
    inner = box.inflate(-64, -48)
    widgets.text(surface, fonts.get("title", bold=True), title, color, inner.topleft)
    y = inner.top + fonts.get("title").get_linesize() + 8
    widgets.text_block(
        surface, fonts.get("body"), body, theme.INK_SOFT, pygame.Rect(inner.left, y, inner.width, 0)
    )
    widgets.text(
        surface, fonts.get("body", bold=True), keys, theme.ACCENT_DARK, inner.bottomleft, "bottomleft"
    )
    return box


def _draw_end(scene: ConversationScene, surface: pygame.Surface) -> None:
    assert scene.ended is not None
    result = scene.ended.result
    outcome = theme.OUTCOME_LABELS.get(result.outcome, result.outcome)
    color = theme.GOOD if result.passed else theme.BAD
    verdict = "You handled it." if result.passed else "Not this time."
    body = f"Outcome: {outcome}. Overall score {result.scores.overall}."
    if scene.ended.save_error:
        body += f"\n{scene.ended.save_error}"
    _draw_dialog(surface, scene.app.fonts, verdict, body, "Enter: see your debrief", color)


def _draw_errors(scene: ConversationScene, surface: pygame.Surface) -> None:
    body = "\n".join(scene.reload_errors[:6])
    if len(scene.reload_errors) > 6:
        body += f"\n…and {len(scene.reload_errors) - 6} more"
    _draw_dialog(
        surface,
        scene.app.fonts,
        "The scenario has errors",
        body,
        "Fix the file and press F5  ·  Esc: carry on",
        theme.BAD,
    )
