"""Face the customer: they speak (voice + subtitles), you answer by voice or by typing."""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING

import pygame

from simulator.app.observe import ObserverPanel
from simulator.app.scenes import conversation_tools as tools
from simulator.app.scenes import conversation_view as view
from simulator.app.scenes.base import Scene
from simulator.app.scenes.briefing import BriefingOverlay
from simulator.app.scenes.turns import Bubble, Debrief, Line, Pending
from simulator.app.widgets import Notice
from simulator.engine.conversation import Turn
from simulator.engine.customer import DeliverySignal
from simulator.engine.utterance import clean_utterance
from simulator.errors import UserError
from simulator.play import new_conversation
from simulator.scenario.model import Scenario
from simulator.scenario.spoken import likely_next, recognition_vocabulary
from simulator.speech.delivery import Delivery
from simulator.speech.mic import MicrophoneUnavailable
from simulator.speech.recognition_worker import (
    NothingHeard,
    PartiallyRecognized,
    RecognitionFailed,
    Recognized,
)
from simulator.speech.tts_worker import LineFailed, LineReady
from simulator.speech.vad import speech_level_db

if TYPE_CHECKING:
    from simulator.app.app import App

FLASH_S = 5.0
TALK_KEY = pygame.K_SPACE
CONTINUE_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


class ConversationScene(Scene):
    frame_rate = 60  # the customer talks, moves and the meters follow

    def __init__(
        self, app: App, scenario: Scenario, trainee: str | None = None, group_id: str | None = None
    ) -> None:
        super().__init__(app)
        self.scenario = scenario
        self.trainee = trainee or app.trainee
        self.group_id = group_id
        self.observer: ObserverPanel | None = None
        settings = app.settings
        self.conversation = new_conversation(scenario, seed=settings.seed, packs=settings.phrase_packs)
        self.bubbles: list[Bubble] = []
        self.line: Line | None = None
        self.line_ended_at: float | None = None
        self.mode = "typed"
        self.mode_chosen = False
        self.draft = ""
        self.recording = False
        self.talk: Pending | None = None
        self.pending: dict[str, Pending] = {}
        self.hands_free_interrupt = False
        self.levels: list[float] = []
        self.deliveries: list[Delivery] = []
        self.flashes: list[tuple[float, Notice]] = []
        self.reload_errors: list[str] = []
        self.confirm_leave = False
        self.briefing = BriefingOverlay(scenario)  # F1: re-read the briefing
        self.ended: Debrief | None = None
        self.scroll = 0
        self.partial = ""  # words heard so far while recognizing
        self.t = 0.0
        self.shown_anger = float(self.conversation.anger)
        self._lines = 0

    # --- life cycle -------------------------------------------------------------
    def enter(self) -> None:
        self.app.voice.set_vocabulary(recognition_vocabulary(self.scenario, self.conversation.last_said))
        if not self.conversation.turns:
            self._say(self.conversation.start())
        if not self.mode_chosen:
            self._set_mode("voice" if self._voice_possible() else "typed", chosen=False)
        elif self.mode == "voice":
            self._set_mode("voice", chosen=True)

    def dispose(self) -> None:
        """Leaving for good (Esc, window closed) before the end: kept as abandoned."""
        if self.ended is None:
            self.conversation.abandon()
            self.app.results.abandon(self.conversation)

    def exit(self) -> None:
        self.app.voice.set_vocabulary("")
        self.app.voice.stop_line()
        self.app.voice.stop_listening()
        if self.recording:
            self._stop_recording(discard=True)

    def _voice_possible(self) -> bool:
        return not self.app.typed_only and self.app.voice.can_listen

    def _set_mode(self, mode: str, chosen: bool = True) -> None:
        self.mode, self.mode_chosen = mode, chosen or self.mode_chosen
        voice = self.app.voice
        if mode == "voice" and self.app.prefs.hands_free and self.ended is None:
            try:
                voice.start_listening()
            except MicrophoneUnavailable as exc:
                self.flash(f"{exc} Typing instead.", "warn")
                self.mode = "typed"
        else:
            voice.stop_listening()
        if self.mode == "typed":
            pygame.key.start_text_input()

    # --- input ------------------------------------------------------------------
    def handle(self, event: pygame.event.Event) -> None:
        if self.observer is None and self.ended is None and self.briefing.handle(event):
            return
        if self.observer is not None:
            self._handle_observer(event)
        elif event.type == pygame.KEYDOWN and (
            event.key == pygame.K_F2 or (event.key == pygame.K_o and event.mod & pygame.KMOD_CTRL)
        ):
            self.open_observer()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_F5:
            self.reload()
        elif self.reload_errors and event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.reload_errors = []
        elif self.confirm_leave:
            self._handle_confirm(event)
        elif self.ended is not None:
            if event.type == pygame.MOUSEBUTTONDOWN or (
                event.type == pygame.KEYDOWN and event.key in CONTINUE_KEYS
            ):
                self.show_debrief()
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.confirm_leave = True
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_TAB:
            self.toggle_mode()
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            self.scroll = max(0, self.scroll + (1 if event.key == pygame.K_PAGEUP else -1))
        elif self.mode == "voice":
            self._handle_voice(event)
        else:
            self._handle_typing(event)

    def open_observer(self) -> None:
        """F2 / Ctrl+O: the trainer rates one of the trainee's answers so far."""
        tools.open_observer(self)

    def _handle_observer(self, event: pygame.event.Event) -> None:
        tools.handle_observer(self, event)

    @property
    def observed_turn(self) -> int | None:
        return None if self.observer is None else self.observer.turn_index

    def _handle_confirm(self, event: pygame.event.Event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_y):
            self.conversation.abandon()
            self.app.pop()
        elif event.key in (pygame.K_ESCAPE, pygame.K_n):
            self.confirm_leave = False

    def toggle_mode(self) -> None:
        if self.mode == "typed" and not self._voice_possible():
            reason = "typed mode" if self.app.typed_only else (self.app.voice.mic_message or "no microphone")
            self.flash(f"Voice answers are not available ({reason.rstrip('.')}).", "warn")
            return
        if self.recording:
            self._stop_recording(discard=True)
        self._set_mode("typed" if self.mode == "voice" else "voice")

    def _handle_voice(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == TALK_KEY and not self.recording:
            self.press_talk()
        elif event.type == pygame.KEYUP and event.key == TALK_KEY and self.recording:
            self.release_talk()

    def _handle_typing(self, event: pygame.event.Event) -> None:
        if event.type == pygame.TEXTINPUT:
            self.draft = (self.draft + event.text)[:2000]
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_BACKSPACE:
            self.draft = (
                self.draft.rstrip().rsplit(" ", 1)[0] if event.mod & pygame.KMOD_CTRL else self.draft[:-1]
            )
        elif event.type == pygame.KEYDOWN and event.key in CONTINUE_KEYS[:2] and self.draft.strip():
            self._cut_line()  # sending stops the voice; typing is not talking over them
            if self.answer(self.draft, source="typed"):
                self.draft = ""

    # --- voice turns ------------------------------------------------------------
    @property
    def customer_speaking(self) -> bool:
        return self.line is not None and self.line.state == "playing" and self.app.voice.player.playing

    def press_talk(self) -> None:
        """SPACE down: cut the customer off if they are still talking, then record (or mark, hands-free)."""
        interrupted = self._cut_line()
        voice = self.app.voice
        if self.app.prefs.hands_free and voice.listening:
            self.hands_free_interrupt = self.hands_free_interrupt or interrupted
            return
        now = self.app.clock()
        pause = 0.0 if interrupted or self.line_ended_at is None else max(0.0, now - self.line_ended_at)
        try:
            voice.start_talk()
        except MicrophoneUnavailable as exc:
            self.flash(f"{exc} Switched to typing.", "warn")
            self._set_mode("typed")
            return
        self.recording = True
        self.talk = Pending(interrupted, pause, 0.0)

    def release_talk(self) -> None:
        self._stop_recording(discard=False)

    def _stop_recording(self, discard: bool) -> None:
        self.recording = False
        talk, self.talk = self.talk, None
        try:
            clip = self.app.voice.stop_talk()
        except MicrophoneUnavailable as exc:
            self.flash(str(exc), "warn")
            return
        if discard or talk is None:
            return
        self._recognize(clip, talk.interrupted, talk.pause_before_s)

    def _recognize(self, clip: object, interrupted: bool, pause: float) -> None:
        from simulator.speech.audio import AudioClip

        assert isinstance(clip, AudioClip)
        level = speech_level_db(clip) if len(clip.samples) else -90.0
        baseline = statistics.median(self.levels) if self.levels else None
        utterance_id = self.app.voice.recognize(clip, pause, baseline)
        self.pending[utterance_id] = Pending(interrupted, pause, level)

    def _cut_line(self) -> bool:
        """Stop the customer's line; True when it was audibly playing (an interruption)."""
        line = self.line
        if line is None:
            return False
        if line.state == "pending":
            line.state = "silent"
            return False
        if line.state == "playing" and self.app.voice.player.playing:
            self.app.voice.stop_line()
            line.state = "cut"
            line.bubble.cut_off = True
            self.line_ended_at = self.app.clock()
            return True
        return False

    # --- conversation -------------------------------------------------------------
    def answer(
        self, text: str, source: str, delivery: Delivery | None = None, interrupted: bool = False
    ) -> bool:
        """Score one answer; False (with a notice) when it was not usable."""
        if self.ended is not None:
            return False
        try:
            clean = clean_utterance(text)
        except UserError as exc:
            self.flash(str(exc).capitalize() + ".", "warn")
            return False
        signal = None
        if delivery is not None:
            signal = DeliverySignal(
                delivery.wpm, delivery.loudness_db, delivery.fillers, delivery.pause_before_s
            )
            self.deliveries.append(delivery)
        before = self.conversation.anger
        try:
            turns = self.conversation.respond(clean, source=source, delivery=signal, interrupted=interrupted)
        except Exception as exc:  # a broken phrase pack or scenario must not end the session
            self.flash(f"That answer could not be scored: {exc}", "error")
            return False
        if len(turns) != 2:
            return False
        trainee, customer = turns
        self.app.results.sync(self.conversation, self.trainee, self.group_id)  # kept as it happens
        bubble = Bubble("trainee", clean, trainee.moves, trainee.anger - before, source)
        bubble.turn_index = trainee.index
        self.bubbles.append(bubble)
        self.scroll = 0
        self._say(customer)
        if self.conversation.finished:
            self._finish()
        return True

    def nothing_heard(self, reason: str = "") -> None:
        """Nothing usable was heard: the customer prompts, nothing is scored."""
        prompt = self.conversation.nothing_heard()
        self._say(prompt, speaker="prompt")
        self.flash("Didn't catch that — try again (or press TAB to type).", "info")

    def _say(self, turn: Turn, speaker: str = "customer") -> None:
        self._lines += 1
        bubble = Bubble(speaker, turn.text)
        self.bubbles.append(bubble)
        line_id = f"line-{self._lines}"
        voiced = self.app.voice.say(line_id, turn.text, self.scenario.customer.voice)
        # the recognizer hears the next answer as a reply to this line (its words, its punctuation)
        self.app.voice.set_vocabulary(recognition_vocabulary(self.scenario, turn.text))
        self.line = Line(line_id, turn.text, "pending" if voiced else "silent", bubble)
        if voiced and not self.conversation.finished:  # render likely replies while the trainee talks
            said = {t.text for t in self.conversation.turns if t.speaker == "customer"}
            likely = likely_next(self.scenario, self.conversation.anger, said)
            self.app.voice.prefetch(likely, self.scenario.customer.voice)
        if not voiced:
            self.line_ended_at = self.app.clock()

    def _finish(self) -> None:
        """Store the result and call on_finished first; the debrief comes after (Enter)."""
        result = self.conversation.result()
        session_id = self.app.results.finish(self.conversation, result)
        save_error = self.app.results.problem
        try:
            self.app.on_finished(self.conversation, result)
        except Exception as exc:  # saving must never crash the game
            save_error = f"Your result could not be saved: {exc or type(exc).__name__}"
        self.ended = Debrief(result, list(self.deliveries), save_error, session_id, self.trainee,
                             self.group_id)  # fmt: skip
        self.app.voice.stop_listening()

    def show_debrief(self) -> None:
        if self.ended is None:
            return
        self.app.go("debrief", self.scenario, self.conversation, self.ended, replace=True)

    def reload(self) -> None:
        """F5: re-read the scenario file and keep the conversation so far."""
        tools.reload_scenario(self)

    def flash(self, text: str, kind: str = "info") -> None:
        self.flashes = [*self.flashes[-1:], (self.t + FLASH_S, Notice(text, kind))]

    # --- time ---------------------------------------------------------------------
    def update(self, dt: float) -> None:
        self.t += dt
        self.flashes = [(until, n) for until, n in self.flashes if until > self.t]
        target = float(self.conversation.anger)
        self.shown_anger += (target - self.shown_anger) * min(1.0, dt * 4.0)
        if not self.mode_chosen and self.mode == "typed" and self._voice_possible():
            self._set_mode("voice", chosen=False)
            self.flash("Microphone ready: hold SPACE to answer out loud (TAB to type).", "ok")
        for event in self.app.voice.take():
            self._on_speech(event)
        line = self.line
        if line is not None and line.state == "playing" and not self.app.voice.player.playing:
            line.state = "done"
            self.line_ended_at = self.app.clock()

    def _on_speech(self, event: object) -> None:
        from simulator.app.voice import Captured, MicFailed

        line = self.line
        if isinstance(event, LineReady):
            if line is not None and event.line_id == line.line_id and line.state == "pending":
                self.app.voice.play(event)
                line.state = "playing"
        elif isinstance(event, LineFailed):
            if line is not None and event.line_id == line.line_id and line.state == "pending":
                line.state = "silent"
                self.line_ended_at = self.app.clock()
        elif isinstance(event, Captured):
            pause = 0.0 if self.line_ended_at is None else max(0.0, self.app.clock() - self.line_ended_at)
            self._recognize(event.clip, self.hands_free_interrupt, pause)
            self.hands_free_interrupt = False
        elif isinstance(event, MicFailed):
            self.flash(f"{event.message} Switched to typing.", "warn")
            self._set_mode("typed")
        elif isinstance(event, PartiallyRecognized):
            self.partial = event.text
        elif isinstance(event, Recognized | NothingHeard | RecognitionFailed):
            self.partial = ""
            pending = self.pending.pop(event.utterance_id, None)
            if pending is None:
                return
            if isinstance(event, Recognized):
                self.levels.append(pending.level_db)
                self.answer(event.text, "voice", event.delivery, pending.interrupted)
            elif isinstance(event, NothingHeard):
                self.nothing_heard(event.reason)
            else:
                self.flash(
                    f"Couldn't recognise that ({event.message}). Try again or press TAB to type.", "warn"
                )

    @property
    def waiting_for_recognizer(self) -> bool:
        return bool(self.pending)

    def draw(self, surface: pygame.Surface) -> None:
        view.draw_conversation(self, surface)
