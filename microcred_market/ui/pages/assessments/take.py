"""Taking a quiz: `/assess/quiz/[attempt]`.

The page is a view of `assessments.attempts`: the State holds the learner's own paper as
`quiz.public_view` gives it (never a key, never a question that is not on the paper),
their saved answers and the server's seconds left. Every change is saved at once (a
choice on click, a text after a pause or when the field is left); the answer to a save
carries the server's time left and the countdown is set again from it, so the clock
shown never drifts from the one that counts. When the countdown reaches zero the page
asks the server, which closes the attempt with what was saved; the worker does the same
for a learner who never comes back.

Handlers take plain strings and re-check everything in the service (owner, open,
deadline, question on the paper, answer shape): the websocket lets anyone send any event
with any payload.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import reflex as rx
from babel.dates import format_datetime, format_time
from reflex.event import EventSpec

from microcred_market.assessments import attempts
from microcred_market.platform import i18n
from microcred_market.platform.errors import DomainError
from microcred_market.ui.components.layout import page
from microcred_market.ui.components.loading import current_path, skeleton, when_ready
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.state.auth import AuthState, Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session

ROUTE = "/assess/quiz/[attempt]"
TEXT_PAUSE_MS = 800
CLOSED_KEYS = ("error.assessments.time_up", "error.assessments.attempt_closed")


@dataclass
class Choice:
    id: str = ""
    text: str = ""


@dataclass
class QuestionView:
    """One question of the paper as the page renders it, with the learner's answer."""

    id: str = ""
    kind: str = ""
    prompt: str = ""
    points: int = 0
    number: int = 0
    choices: list[Choice] = field(default_factory=list)
    left: list[Choice] = field(default_factory=list)
    right: list[Choice] = field(default_factory=list)
    max_length: int = 0


def _choices(items: Any) -> list[Choice]:
    return [Choice(id=str(c["id"]), text=str(c["text"])) for c in items or []]


def question_view(number: int, public: dict[str, Any], answer: Any) -> QuestionView:
    """`quiz.public_view` in the shape the components need (an ordering as answered)."""
    kind = str(public["kind"])
    view = QuestionView(
        id=str(public["id"]),
        kind=kind,
        prompt=str(public["prompt"]),
        points=int(public.get("points") or 0),
        number=number,
        choices=_choices(public.get("choices")),
        left=_choices(public.get("left")),
        right=_choices(public.get("right")),
        max_length=int(public.get("max_length") or 0),
    )
    if kind == "ordering" and isinstance(answer, list):
        by_id = {c.id: c for c in view.choices}
        view.choices = [by_id[i] for i in answer if i in by_id]
    return view


@dataclass
class Shown:
    """A stored answer as the page's small answer maps hold it."""

    text: str = ""  # single: the chosen id; truefalse: "true"/"false"; typed kinds: the text
    chosen: list[str] = field(default_factory=list)  # multiple
    pairs: dict[str, str] = field(default_factory=dict)  # matching: left id -> right id


def shown(kind: str, answer: Any) -> Shown:
    if answer is None:
        return Shown()
    if kind == "multiple" and isinstance(answer, list):
        return Shown(chosen=[str(a) for a in answer])
    if kind == "truefalse":
        return Shown(text="true" if answer is True else "false")
    if kind == "matching" and isinstance(answer, dict):
        return Shown(pairs={str(k): str(v) for k, v in answer.items() if v})
    if isinstance(answer, str):
        return Shown(text=answer)
    return Shown()


def _timer_script(seconds: int | None, running: bool) -> str:
    """Set the page's countdown to the server's seconds left (or stop it).

    The interval only writes the clock's text; at zero it presses the hidden time-up
    button, which asks the server (never decides by itself).
    """
    if not running or seconds is None:
        return "if(window.__quizTimer){clearInterval(window.__quizTimer);window.__quizTimer=null;}"
    return (
        "(function(s){var w=window;w.__quizEnd=Date.now()+s*1000;"
        "function two(n){return (n<10?'0':'')+n;}"
        "function show(){var el=document.getElementById('quiz-clock');"
        "if(!el){clearInterval(w.__quizTimer);w.__quizTimer=null;return;}"
        "var left=Math.max(0,Math.round((w.__quizEnd-Date.now())/1000));"
        "var h=Math.floor(left/3600),m=Math.floor(left%3600/60),x=left%60;"
        "el.textContent=(h?h+':'+two(m):two(m))+':'+two(x);"
        "var a=document.getElementById('quiz-clock-alert');"
        "if(a&&(left===300||left===60)){a.textContent=a.getAttribute('data-m'+left);}"
        "if(left===0){clearInterval(w.__quizTimer);w.__quizTimer=null;"
        "var b=document.getElementById('quiz-time-up');if(b){b.click();}}}"
        "if(w.__quizTimer){clearInterval(w.__quizTimer);}"
        f"w.__quizTimer=setInterval(show,1000);show();}})({int(seconds)})"
    )


def moment(value: datetime, lang: str, time_zone: str, time_only: bool = False) -> str:
    """A moment in the reader's time zone and language (the server stores UTC)."""
    try:
        zone = ZoneInfo(time_zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    locale = i18n.locale_of(lang)
    if time_only:
        return format_time(value, format="medium", tzinfo=zone, locale=locale)
    return format_datetime(value, format="short", tzinfo=zone, locale=locale)


def _public(q: QuestionView) -> dict[str, Any]:
    """A question of the State back in `quiz.public_view`'s shape (for a new order)."""
    return {
        "id": q.id,
        "kind": q.kind,
        "prompt": q.prompt,
        "points": q.points,
        "choices": [{"id": c.id, "text": c.text} for c in q.choices],
        "max_length": q.max_length,
    }


def clock_text(seconds: int | None) -> str:
    if seconds is None:
        return ""
    h, rest = divmod(max(0, seconds), 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


class TakeQuizState(rx.State):
    loaded: bool = False
    loaded_path: str = ""
    found: bool = False
    attempt: str = ""
    title: str = ""
    instructions: str = ""
    status: str = ""
    number: int = 0
    one_per_screen: bool = False
    current: int = 0
    # The paper: sent once, at load (and again only when an ordering is rearranged).
    questions: rx.Field[list[QuestionView]] = rx.field(default_factory=list)
    # The answers, apart from the paper so that an autosave sends a few bytes back:
    # question id -> text (or chosen id); -> chosen ids; "question|left" -> right id.
    texts: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    chosen: rx.Field[dict[str, list[str]]] = rx.field(default_factory=dict)
    pairs: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    answered: rx.Field[dict[str, bool]] = rx.field(default_factory=dict)
    timed: bool = False
    clock: str = ""
    deadline_text: str = ""
    pending_marking: bool = False
    finished_text: str = ""
    save_note: str = ""
    error: str = ""

    @rx.var
    def total(self) -> int:
        return len(self.questions)

    @rx.var
    def answered_count(self) -> int:
        return sum(1 for done in self.answered.values() if done)

    @rx.var
    def is_open(self) -> bool:
        return self.status == "open"

    async def _show(self, viewer: Viewer, view: attempts.AttemptView) -> EventSpec:
        lang = await reader_lang(self)
        zone = viewer.user.time_zone
        self.found = True
        self.attempt = view.uuid
        self.title = view.title
        self.instructions = view.instructions
        self.status = view.status
        self.number = view.number
        self.one_per_screen = view.one_per_screen
        self.questions = [
            question_view(i + 1, q, view.answers.get(q["id"])) for i, q in enumerate(view.questions)
        ]
        texts: dict[str, str] = {}
        chosen: dict[str, list[str]] = {}
        pairs: dict[str, str] = {}
        answered: dict[str, bool] = {}
        for q in self.questions:
            answer = view.answers.get(q.id)
            got = shown(q.kind, answer)
            texts[q.id], chosen[q.id], answered[q.id] = got.text, got.chosen, answer is not None
            for item in q.left:
                pairs[f"{q.id}|{item.id}"] = got.pairs.get(item.id, "")
        self.texts, self.chosen, self.pairs, self.answered = texts, chosen, pairs, answered
        self.current = min(self.current, max(0, len(self.questions) - 1))
        self.timed = view.deadline_at is not None
        self.clock = clock_text(view.seconds_left)
        self.deadline_text = moment(view.deadline_at, lang, zone) if view.deadline_at else ""
        self.finished_text = moment(view.finished_at, lang, zone) if view.finished_at else ""
        self.pending_marking = view.pending_marking
        return rx.call_script(_timer_script(view.seconds_left, view.status == "open"))

    def _attempt_param(self) -> str:
        return str(self.router.page.params.get("attempt", ""))[:64]

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded = False
        self.loaded_path = current_path(self)
        self.error, self.save_note = "", ""
        self.current = 0
        try:
            view = await run_in_session(
                attempts.attempt_view, viewer.user_id, self._attempt_param()
            )
        except DomainError:
            self.found = False
            self.attempt, self.title, self.status = "", "", ""
            self.questions = []
            self.loaded = True
            return rx.call_script(_timer_script(None, False))
        spec = await self._show(viewer, view)
        self.loaded = True
        return spec

    @rx.event
    @signed_in
    async def start(self, enrolment: str, component: str, *, viewer: Viewer):
        """From the learning page: a new attempt, or the open one (never a second)."""
        try:
            view = await run_in_session(
                attempts.start_attempt,
                user_id=viewer.user_id,
                enrolment_uuid=str(enrolment)[:64],
                component_uuid=str(component)[:64],
            )
        except DomainError as error:
            return rx.toast.error(error.text(await reader_lang(self)), id="quiz-start-error")
        return rx.redirect(f"/assess/quiz/{view.uuid}")

    async def _save(self, viewer: Viewer, ident: str, raw: Any):
        lang = await reader_lang(self)
        try:
            saved = await run_in_session(
                attempts.save_answer,
                user_id=viewer.user_id,
                attempt_uuid=self.attempt,
                question_ident=str(ident)[:64],
                raw=raw,
            )
        except DomainError as error:
            self.error = error.text(lang)
            self.save_note = ""
            if error.key in CLOSED_KEYS:
                return await self._reload(viewer)
            return None
        self.error = ""
        self._remember(saved.question, saved.answer)
        self.save_note = i18n.t(
            "ui.quiz_saved_at",
            lang,
            time=moment(saved.saved_at, lang, viewer.user.time_zone, time_only=True),
        )
        self.clock = clock_text(saved.seconds_left)
        return rx.call_script(_timer_script(saved.seconds_left, True))

    async def _reload(self, viewer: Viewer):
        try:
            view = await run_in_session(attempts.attempt_view, viewer.user_id, self.attempt)
        except DomainError:
            self.found = False
            return None
        return await self._show(viewer, view)

    def _remember(self, ident: str, answer: Any) -> None:
        """Show the stored answer; only the map that changed goes back to the browser."""
        q = self._question(ident)
        if q is None:
            return
        got = shown(q.kind, answer)
        if q.kind == "multiple":
            self.chosen = {**self.chosen, ident: got.chosen}
        elif q.kind == "matching":
            self.pairs = {
                **self.pairs,
                **{f"{ident}|{item.id}": got.pairs.get(item.id, "") for item in q.left},
            }
        elif q.kind == "ordering":
            self.questions = [
                question_view(q.number, _public(q), answer) if x.id == ident else x
                for x in self.questions
            ]
        else:
            self.texts = {**self.texts, ident: got.text}
        if self.answered.get(ident) != (answer is not None):
            self.answered = {**self.answered, ident: answer is not None}

    def _question(self, ident: str) -> QuestionView | None:
        return next((q for q in self.questions if q.id == ident), None)

    @rx.event
    @signed_in
    async def choose(self, ident: str, value: str, *, viewer: Viewer):
        """A radio button: one choice, or true/false."""
        q = self._question(str(ident))
        if q is None:
            return None
        raw: Any = value
        if q.kind == "truefalse":
            raw = {"true": True, "false": False}.get(str(value))
        return await self._save(viewer, q.id, raw)

    @rx.event
    @signed_in
    async def toggle(self, ident: str, choice: str, *, viewer: Viewer):
        """A checkbox of a multiple-choice question."""
        q = self._question(str(ident))
        if q is None:
            return None
        chosen = list(self.chosen.get(q.id, []))
        chosen = [c for c in chosen if c != choice] if choice in chosen else [*chosen, choice]
        return await self._save(viewer, q.id, chosen)

    @rx.event
    @signed_in
    async def type_text(self, ident: str, value: str, *, viewer: Viewer):
        """A text, number or essay field, after a pause in typing or when it is left."""
        q = self._question(str(ident))
        if q is None or value == self.texts.get(q.id, ""):
            return None  # left the field without changing it
        return await self._save(viewer, q.id, value)

    @rx.event
    @signed_in
    async def pair(self, ident: str, left: str, right: str, *, viewer: Viewer):
        """A select of a matching question."""
        q = self._question(str(ident))
        if q is None:
            return None
        pairs = {
            item.id: self.pairs[f"{q.id}|{item.id}"]
            for item in q.left
            if self.pairs.get(f"{q.id}|{item.id}")
        }
        pairs[str(left)] = str(right)
        return await self._save(viewer, q.id, {k: (v or None) for k, v in pairs.items()})

    @rx.event
    @signed_in
    async def move(self, ident: str, index: str, step: str, *, viewer: Viewer):
        """Move an item of an ordering question one place up or down."""
        q = self._question(str(ident))
        try:
            i, d = int(index), int(step)
        except (TypeError, ValueError):
            return None
        if q is None or d not in (-1, 1) or not 0 <= i < len(q.choices):
            return None
        order = [c.id for c in q.choices]
        j = i + d
        if not 0 <= j < len(order):
            return None
        order[i], order[j] = order[j], order[i]
        return await self._save(viewer, q.id, order)

    @rx.event
    @signed_in
    async def go(self, index: str, *, viewer: Viewer):
        """One question per screen: show another one (the answers are saved already)."""
        try:
            i = int(index)
        except (TypeError, ValueError):
            return None
        if 0 <= i < len(self.questions):
            self.current = i
        return rx.call_script("document.getElementById('quiz-question-heading')?.focus()")

    @rx.event
    @signed_in
    async def submit(self, *, viewer: Viewer):
        try:
            view = await run_in_session(
                attempts.submit, user_id=viewer.user_id, attempt_uuid=self.attempt
            )
        except DomainError as error:
            self.error = error.text(await reader_lang(self))
            return None
        self.error = ""
        return await self._show(viewer, view)

    @rx.event
    @signed_in
    async def time_up(self, *, viewer: Viewer):
        """The countdown reached zero; the server decides whether the time is really up."""
        try:
            view = await run_in_session(
                attempts.finish_if_due, user_id=viewer.user_id, attempt_uuid=self.attempt
            )
        except DomainError:
            return None
        return await self._show(viewer, view)


# ---------------------------------------------------------------- components

# The components below receive the State's fields as Vars (a question is an ObjectVar,
# not a QuestionView) and bind its handlers with arguments, which mypy cannot follow
# through `rx.event`; they are typed loosely on purpose.
Q = Any
_S: Any = TakeQuizState


def _legend(q: Q) -> rx.Component:
    tr = LangState.tr
    return rx.el.legend(
        rx.el.span(tr["quiz_question"], " ", q.number, ". ", class_name="sr-only"),
        rx.text(q.prompt, as_="span", weight="medium", white_space="pre-line"),
        rx.text(
            " (", q.points, " ", tr["quiz_points"], ")", as_="span", size="2", color_scheme="gray"
        ),
        class_name="quiz-legend",
    )


def _option(q: Q, kind: str, c_id: Any, label: Any, checked: Any, on_change: Any):
    input_id = "quiz-" + q.id + "-" + c_id
    return rx.el.label(
        rx.el.input(
            type=kind,
            name="quiz-" + q.id,
            value=c_id,
            id=input_id,
            checked=checked,
            on_change=on_change,
            class_name="quiz-input",
        ),
        rx.el.span(label),
        html_for=input_id,
        class_name="quiz-option",
    )


def _single(q: Q) -> rx.Component:
    return rx.foreach(
        q.choices,
        lambda c: _option(q, "radio", c.id, c.text, _S.texts[q.id] == c.id, _S.choose(q.id, c.id)),
    )


def _multiple(q: Q) -> rx.Component:
    return rx.foreach(
        q.choices,
        lambda c: _option(
            q, "checkbox", c.id, c.text, _S.chosen[q.id].contains(c.id), _S.toggle(q.id, c.id)
        ),
    )


def _truefalse(q: Q) -> rx.Component:
    tr = LangState.tr
    return rx.fragment(
        _option(
            q,
            "radio",
            "true",
            tr["quiz_true"],
            _S.texts[q.id] == "true",
            _S.choose(q.id, "true"),
        ),
        _option(
            q,
            "radio",
            "false",
            tr["quiz_false"],
            _S.texts[q.id] == "false",
            _S.choose(q.id, "false"),
        ),
    )


def _text_field(q: Q, multiline: bool) -> rx.Component:
    tr = LangState.tr
    input_id = "quiz-" + q.id + "-answer"
    common = {
        "id": input_id,
        "key": q.id,
        "default_value": _S.texts[q.id],
        "max_length": q.max_length,
        "on_blur": _S.type_text(q.id),
        "on_change": _S.type_text(q.id).debounce(TEXT_PAUSE_MS),
        "class_name": "form-input quiz-text",
    }
    return rx.fragment(
        rx.el.label(tr["quiz_your_answer"], html_for=input_id, class_name="form-label"),
        rx.cond(
            multiline,
            rx.el.textarea(rows=8, **common),
            rx.el.input(
                type="text",
                input_mode=rx.cond(q.kind == "numeric", "decimal", "text"),
                autocomplete="off",
                **common,
            ),
        ),
        rx.cond(
            q.kind == "numeric",
            rx.text(tr["quiz_number_hint"], size="1", color_scheme="gray"),
        ),
    )


def _matching(q: Q) -> rx.Component:
    tr = LangState.tr
    return rx.foreach(
        q.left,
        lambda item: rx.box(
            rx.el.label(
                item.text, html_for="quiz-" + q.id + "-" + item.id, class_name="form-label"
            ),
            rx.el.select(
                rx.el.option(tr["quiz_choose"], value=""),
                rx.foreach(q.right, lambda r: rx.el.option(r.text, value=r.id)),
                id="quiz-" + q.id + "-" + item.id,
                value=_S.pairs[q.id + "|" + item.id],
                on_change=_S.pair(q.id, item.id),
                class_name="form-input",
            ),
            class_name="quiz-match",
        ),
    )


def _ordering(q: Q) -> rx.Component:
    tr = LangState.tr
    return rx.el.ol(
        rx.foreach(
            q.choices,
            lambda c, i: rx.el.li(
                rx.text(c.text, as_="span", flex="1"),
                rx.hstack(
                    rx.button(
                        rx.icon("arrow-up", size=16, aria_hidden="true"),
                        rx.el.span(tr["quiz_move_up"], " ", c.text, class_name="sr-only"),
                        on_click=_S.move(q.id, i.to_string(), "-1"),
                        disabled=i == 0,
                        variant="soft",
                        size="1",
                        type="button",
                    ),
                    rx.button(
                        rx.icon("arrow-down", size=16, aria_hidden="true"),
                        rx.el.span(tr["quiz_move_down"], " ", c.text, class_name="sr-only"),
                        on_click=_S.move(q.id, i.to_string(), "1"),
                        disabled=i == q.choices.length() - 1,
                        variant="soft",
                        size="1",
                        type="button",
                    ),
                    spacing="1",
                ),
                class_name="quiz-order-item",
            ),
        ),
        class_name="quiz-order",
    )


def _question(q: Q) -> rx.Component:
    body = rx.match(
        q.kind,
        ("single", _single(q)),
        ("multiple", _multiple(q)),
        ("truefalse", _truefalse(q)),
        ("matching", _matching(q)),
        ("ordering", _ordering(q)),
        ("essay", _text_field(q, True)),
        _text_field(q, False),
    )
    return rx.el.fieldset(
        _legend(q),
        rx.vstack(body, spacing="2", width="100%", padding_top="2"),
        id="question-" + q.id,
        class_name="quiz-question",
        custom_attrs={"data-kind": q.kind},
    )


def _shown(q: Q) -> rx.Component:
    s = _S
    return rx.cond(
        ~s.one_per_screen | (q.number == s.current + 1),
        rx.card(_question(q), width="100%"),
    )


def _navigator() -> rx.Component:
    tr = LangState.tr
    s = _S
    return rx.cond(
        s.one_per_screen,
        rx.vstack(
            rx.heading(
                tr["quiz_question"],
                " ",
                s.current + 1,
                " / ",
                s.total,
                as_="h2",
                size="4",
                id="quiz-question-heading",
                tab_index=-1,
            ),
            rx.el.nav(
                rx.flex(
                    rx.foreach(
                        s.questions,
                        lambda q, i: rx.button(
                            q.number,
                            rx.cond(s.answered[q.id], rx.el.span(" ✓", aria_hidden="true")),
                            rx.el.span(
                                rx.cond(
                                    s.answered[q.id], tr["quiz_answered"], tr["quiz_not_answered"]
                                ),
                                class_name="sr-only",
                            ),
                            on_click=s.go(i.to_string()),
                            variant=rx.cond(i == s.current, "solid", "outline"),
                            aria_current=rx.cond(i == s.current, "step", "false"),
                            size="2",
                            type="button",
                            class_name="quiz-nav-item",
                        ),
                    ),
                    wrap="wrap",
                    gap="2",
                ),
                aria_label=tr["quiz_questions"],
            ),
            spacing="2",
            width="100%",
        ),
    )


def _prev_next() -> rx.Component:
    tr = LangState.tr
    s = _S
    return rx.cond(
        s.one_per_screen,
        rx.flex(
            rx.button(
                rx.icon("arrow-left", size=16, aria_hidden="true"),
                tr["quiz_previous"],
                on_click=s.go((s.current - 1).to_string()),
                disabled=s.current == 0,
                variant="outline",
                type="button",
                id="quiz-previous",
            ),
            rx.button(
                tr["quiz_next"],
                rx.icon("arrow-right", size=16, aria_hidden="true"),
                on_click=s.go((s.current + 1).to_string()),
                disabled=s.current + 1 >= s.total,
                type="button",
                id="quiz-next",
            ),
            justify="between",
            width="100%",
            gap="2",
        ),
    )


def _timer() -> rx.Component:
    tr = LangState.tr
    s = _S
    return rx.cond(
        s.timed,
        rx.box(
            rx.hstack(
                rx.icon("timer", size=18, aria_hidden="true"),
                rx.text(tr["quiz_time_left"], ":", as_="span", size="2"),
                rx.el.span(
                    s.clock,
                    id="quiz-clock",
                    role="timer",
                    aria_live="off",
                    class_name="quiz-clock",
                ),
                align="center",
                spacing="2",
            ),
            rx.text(tr["quiz_ends_at"], " ", s.deadline_text, size="1", color_scheme="gray"),
            rx.el.div(
                "",
                id="quiz-clock-alert",
                aria_live="assertive",
                class_name="sr-only",
                custom_attrs={
                    "data-m300": tr["quiz_five_minutes"],
                    "data-m60": tr["quiz_one_minute"],
                },
            ),
            rx.el.button(
                tr["quiz_time_up"],
                id="quiz-time-up",
                type="button",
                on_click=s.time_up,
                tab_index=-1,
                aria_hidden="true",
                class_name="sr-only",
            ),
            class_name="quiz-timer",
            position="sticky",
            top="0",
            z_index="5",
            background="var(--color-background)",
            padding_y="2",
            width="100%",
        ),
    )


def _submit_dialog() -> rx.Component:
    tr = LangState.tr
    s = _S
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(
                tr["quiz_submit"], size="3", color_scheme="green", id="quiz-submit", type="button"
            )
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title(tr["quiz_submit_title"]),
            rx.alert_dialog.description(
                rx.text(
                    tr["quiz_answered"],
                    ": ",
                    s.answered_count,
                    " / ",
                    s.total,
                    id="quiz-submit-count",
                ),
                rx.text(tr["quiz_submit_text"], size="2"),
            ),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button(
                        tr["quiz_keep_working"], variant="soft", color_scheme="gray", type="button"
                    )
                ),
                rx.alert_dialog.action(
                    rx.button(
                        tr["quiz_submit_confirm"],
                        on_click=s.submit,
                        color_scheme="green",
                        id="quiz-submit-confirm",
                        type="button",
                    )
                ),
                gap="3",
                justify="end",
                wrap="wrap",
                margin_top="4",
            ),
        ),
    )


def _closed() -> rx.Component:
    tr = LangState.tr
    s = _S
    return rx.vstack(
        rx.callout(
            rx.cond(
                s.status == "overdue", tr["quiz_submitted_automatically"], tr["quiz_submitted"]
            ),
            icon="circle-check",
            color_scheme=rx.cond(s.status == "overdue", "amber", "green"),
            role="status",
            id="quiz-closed",
            width="100%",
        ),
        rx.cond(
            s.finished_text != "", rx.text(tr["quiz_finished_at"], " ", s.finished_text, size="2")
        ),
        rx.cond(s.pending_marking, rx.text(tr["quiz_pending_marking"], size="2")),
        rx.text(tr["quiz_results_later"], size="2"),
        rx.link(tr["my_learning"], href="/learning", id="quiz-back"),
        spacing="3",
        width="100%",
    )


def _open() -> rx.Component:
    tr = LangState.tr
    s = _S
    return rx.vstack(
        _timer(),
        rx.cond(s.instructions != "", rx.text(s.instructions, white_space="pre-line")),
        rx.text(tr["quiz_autosave"], size="2", color_scheme="gray"),
        _navigator(),
        rx.foreach(s.questions, _shown),
        _prev_next(),
        rx.el.p(
            "",
            rx.text(s.save_note, as_="span", id="quiz-saved", size="2", color_scheme="green"),
            aria_live="polite",
            role="status",
        ),
        rx.cond(
            s.error != "",
            rx.callout(
                s.error, icon="triangle-alert", color_scheme="red", role="alert", id="quiz-error"
            ),
        ),
        rx.text(
            tr["quiz_answered"],
            ": ",
            s.answered_count,
            " / ",
            s.total,
            size="2",
            id="quiz-progress",
        ),
        _submit_dialog(),
        spacing="4",
        width="100%",
    )


@rx.page(route=ROUTE, on_load=[AuthState.load, _S.load], title=page_title("quiz"))
def take_quiz_page() -> rx.Component:
    tr = LangState.tr
    s = _S
    return page(
        rx.vstack(
            when_ready(
                s.loaded,
                rx.cond(
                    s.found,
                    rx.vstack(
                        rx.heading(
                            s.title, as_="h1", size="6", id="quiz-title", overflow_wrap="anywhere"
                        ),
                        rx.text(tr["quiz_attempt"], " ", s.number, size="2", color_scheme="gray"),
                        rx.cond(s.is_open, _open(), _closed()),
                        spacing="3",
                        width="100%",
                    ),
                    rx.vstack(
                        rx.heading(tr["not_found_title"], as_="h1", size="6"),
                        rx.text(tr["not_found_text"], id="quiz-missing"),
                    ),
                ),
                skeleton(lines=6),
                loaded_path=s.loaded_path,
            ),
            spacing="4",
            width="100%",
            max_width="760px",
            margin_x="auto",
        )
    )


def quiz_entry_rows(learning_entries: list[attempts.QuizEntry], lang: str) -> list[dict[str, str]]:
    """The learning page's quiz lines: what each quiz allows and a button for it."""
    rows = []
    for e in learning_entries:
        meta = [i18n.t("ui.quiz_attempts_used", lang, used=e.attempts_used, n=e.attempts_allowed)]
        if e.time_limit_minutes:
            meta.insert(0, i18n.t("ui.quiz_minutes", lang, n=e.time_limit_minutes))
        note = ""
        if e.blocked_by and e.blocked_by != "error.assessments.no_attempts_left":
            note = i18n.t(e.blocked_by, lang, **e.blocked_params)
        rows.append(
            {
                "enrolment": e.enrolment_uuid,
                "component": e.component_uuid,
                "title": e.title,
                "meta": " · ".join(meta),
                "action": "resume" if e.open_attempt else ("start" if e.can_start else ""),
                "href": f"/assess/quiz/{e.open_attempt or e.last_attempt or ''}",
                "last": "1" if e.last_attempt and not e.open_attempt else "",
                "note": note,
            }
        )
    return rows


__all__ = ["TakeQuizState", "quiz_entry_rows", "take_quiz_page"]
