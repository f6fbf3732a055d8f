"""/assess/[enrolment]: the learner's assessment, part by part, and the results released.

Each part of the learner's version with where it stands (not started, in progress,
submitted, awaiting release, passed, not passed); released results with the rubric
feedback per criterion and the assessor's comments; the overall result; buttons to start
or resume a quiz and links to submit work; the appeal form where one is allowed; and for
an assessment-only offering a word on recognition of prior learning.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.assessments import overview
from microcred_market.assessments.release import retake_words
from microcred_market.platform import i18n
from microcred_market.platform.db import Session
from microcred_market.platform.errors import DomainError
from microcred_market.ui.components.forms import flash_message
from microcred_market.ui.components.layout import page
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.pages.assessments.appeal_section import appeal_rows, appeal_section
from microcred_market.ui.pages.assessments.take import TakeQuizState
from microcred_market.ui.state.auth import AuthState, Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session

ROUTE = "/assess/[enrolment]"
KIND_KEYS = {"quiz": "as_kind_quiz", "task": "as_kind_task", "portfolio": "as_kind_portfolio"}


def _score(value: object) -> str:
    return "" if value is None else f"{format(value.normalize(), 'f')}%"  # type: ignore[attr-defined]


def _kind(part: overview.PartView, tr: dict[str, str]) -> str:
    if part.kind == "decision":
        return tr.get(f"as_mode_{part.mode}", tr["as_mode_decision"])
    return tr[KIND_KEYS.get(part.kind, "as_kind_task")]


def _part(part: overview.PartView, enrolment: str, lang: str) -> dict[str, str]:
    tr = table(lang)
    quiz = part.quiz
    action = ""
    href = ""
    if quiz is not None:
        action = "resume" if quiz.open_attempt else ("start" if quiz.can_start else "")
        if quiz.open_attempt or quiz.last_attempt:
            href = f"/assess/quiz/{quiz.open_attempt or quiz.last_attempt}"
    work = ""
    if part.kind in ("task", "portfolio") and part.work_open and part.status != "passed":
        work = tr["as_submit_new"] if part.status != "not_started" else tr["as_submit"]
    return {
        "uuid": part.uuid,
        "title": part.title,
        "kind": _kind(part, tr),
        "weight": tr["as_weight"].format(n=part.weight),
        "status": part.status,
        "status_label": tr[f"as_status_{part.status}"],
        "score": _score(part.percent),
        "comment": part.comment,
        "retake": retake_words(overview.retake_of(part), lang)
        if part.status == "not_passed"
        else "",
        "enrolment": enrolment,
        "quiz_action": action,
        "quiz_href": href,
        "work_label": work,
        "work_href": f"/assess/work/{enrolment}/{part.uuid}" if work else "",
    }


def _read(session: Session, user_id: int, enrolment: str, lang: str) -> dict:
    seen = overview.overview(session, user_id=user_id, enrolment_uuid=enrolment)
    tr = table(lang)
    if seen.credential_issued:
        overall = tr["as_overall_passed"]
    elif seen.complete:
        overall = tr["as_overall_not_passed"]
    elif not seen.has_assessment:
        overall = tr["as_no_assessment"]
    else:
        overall = tr["as_overall_in_progress"]
    score = _score(seen.percent)
    window = ""
    if seen.window_opens_at is not None:
        window = tr["as_window_opens"].format(
            when=i18n.fmt_datetime(seen.window_opens_at, lang, "short")
        )
    if seen.window_closes_at is not None:
        window = " ".join(
            x
            for x in (
                window,
                tr["as_window_closes"].format(
                    when=i18n.fmt_datetime(seen.window_closes_at, lang, "short")
                ),
            )
            if x
        )
    return {
        "title": seen.offering_title,
        "offering_href": f"/offerings/{seen.offering_slug}",
        "university": seen.university,
        "prior_learning": seen.prior_learning,
        "overall": overall,
        "overall_state": "passed"
        if seen.credential_issued
        else ("not_passed" if seen.complete else "open"),
        "score": tr["as_overall_score"].format(score=score) if score and seen.complete else "",
        "pass_mark": tr["as_pass_mark"].format(n=_score(seen.pass_mark))
        if seen.pass_mark is not None
        else "",
        "window": window,
        "parts": [_part(p, seen.enrolment_uuid, lang) for p in seen.parts],
        "feedback": [
            {
                "part": p.uuid,
                "criterion": f.title,
                "level": f.level,
                "points": tr["as_points"].format(points=f.points, max=f.max_points),
                "comment": f.comment,
            }
            for p in seen.parts
            for f in p.feedback
        ],
        "appeals": appeal_rows(
            session, user_id, seen.enrolment_uuid, lang, back=f"/assess/{seen.enrolment_uuid}"
        ),
    }


class OverviewState(rx.State):
    found: bool = False
    missing: bool = False
    loaded: bool = False
    loaded_path: str = ""
    title: str = ""
    offering_href: str = ""
    university: str = ""
    prior_learning: bool = False
    overall: str = ""
    overall_state: str = ""
    score: str = ""
    pass_mark: str = ""
    window: str = ""
    parts: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    feedback: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    appeals: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded = False
        self.loaded_path = current_path(self)
        enrolment = str(self.router.page.params.get("enrolment", ""))[:64]
        try:
            found = await run_in_session(_read, viewer.user_id, enrolment, await reader_lang(self))
        except DomainError:
            self.found, self.missing, self.loaded = False, True, True
            self.parts, self.feedback, self.appeals = [], [], []
            return
        for name, value in found.items():
            setattr(self, name, value)
        self.found, self.missing, self.loaded = True, False, True


def _feedback_line(f: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.text(rx.text.strong(f["criterion"]), ": ", f["level"], " (", f["points"], ")", size="2"),
        rx.cond(f["comment"] != "", rx.text(f["comment"], size="2", white_space="pre-wrap")),
        class_name="feedback-line",
    )


def _part_card(p: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(p["title"], as_="h3", size="3"),
                rx.badge(
                    p["status_label"],
                    color_scheme=rx.match(
                        p["status"], ("passed", "green"), ("not_passed", "red"), "gray"
                    ),
                    class_name="part-status",
                    data_status=p["status"],
                ),
                justify="between",
                align="center",
                wrap="wrap",
                gap="2",
                width="100%",
            ),
            rx.text(p["kind"], " · ", p["weight"], size="1", color_scheme="gray"),
            rx.cond(
                p["score"] != "", rx.text(tr["as_score"], ": ", p["score"], class_name="part-score")
            ),
            rx.el.ul(
                rx.foreach(
                    OverviewState.feedback,
                    lambda f: rx.cond(f["part"] == p["uuid"], _feedback_line(f)),
                ),
                class_name="part-feedback",
            ),
            rx.cond(
                p["comment"] != "",
                rx.text(tr["as_comment"], ": ", p["comment"], size="2", white_space="pre-wrap"),
            ),
            rx.cond(p["retake"] != "", rx.text(p["retake"], size="2", class_name="part-retake")),
            rx.flex(
                rx.match(
                    p["quiz_action"],
                    (
                        "start",
                        rx.button(
                            tr["quiz_start"],
                            on_click=TakeQuizState.start(p["enrolment"], p["uuid"]),  # type: ignore[operator]  # mypy reads an rx.event handler as an EventNamespace
                            type="button",
                            class_name="quiz-start",
                        ),
                    ),
                    (
                        "resume",
                        rx.link(
                            tr["quiz_resume"],
                            href=p["quiz_href"],
                            weight="bold",
                            class_name="quiz-resume",
                        ),
                    ),
                    rx.fragment(),
                ),
                rx.cond(
                    (p["quiz_action"] != "resume") & (p["quiz_href"] != ""),
                    rx.link(
                        tr["quiz_last_attempt"],
                        href=p["quiz_href"],
                        size="2",
                        class_name="quiz-last",
                    ),
                ),
                rx.cond(
                    p["work_href"] != "",
                    rx.link(p["work_label"], href=p["work_href"], class_name="work-submit"),
                ),
                gap="3",
                wrap="wrap",
                align="center",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="assessment-part",
    )


@rx.page(
    route=ROUTE, on_load=[AuthState.load, OverviewState.load], title=page_title("my-assessment")
)
def overview_page() -> rx.Component:
    tr = LangState.tr
    s = OverviewState
    return page(
        rx.cond(
            ready(s.found, s.loaded_path),
            rx.vstack(
                flash_message(),
                rx.link(tr["as_back_to_learning"], href="/learning", size="2"),
                rx.heading(s.title, as_="h1", size="7"),
                rx.text(s.university, color_scheme="gray"),
                rx.cond(
                    s.prior_learning,
                    rx.callout(tr["as_rpl_explained"], icon="info", id="rpl-explained"),
                ),
                rx.card(
                    rx.vstack(
                        rx.heading(tr["as_overall"], as_="h2", size="4"),
                        rx.text(
                            s.overall, weight="medium", id="overall", data_state=s.overall_state
                        ),
                        rx.cond(s.score != "", rx.text(s.score, id="overall-score")),
                        rx.cond(s.pass_mark != "", rx.text(s.pass_mark, size="2")),
                        rx.cond(s.window != "", rx.text(s.window, size="2", color_scheme="gray")),
                        rx.cond(
                            s.overall_state == "passed",
                            rx.link(tr["my_credentials"], href="/wallet", id="overall-wallet"),
                        ),
                        spacing="1",
                    ),
                    width="100%",
                ),
                rx.heading(tr["as_parts"], as_="h2", size="5"),
                rx.vstack(rx.foreach(s.parts, _part_card), width="100%", id="assessment-parts"),
                appeal_section(s.appeals),
                spacing="4",
                width="100%",
                max_width="60rem",
            ),
            rx.cond(
                ready(s.missing, s.loaded_path),
                rx.callout(
                    tr["as_not_found"], icon="circle-alert", color_scheme="red", id="not-found"
                ),
                skeleton(),
            ),
        )
    )
