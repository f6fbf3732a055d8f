"""/assess/work/[enrolment]/[component]: a learner hands in a practical task or a portfolio.

The form is a plain multipart post to `/api/assessments/work/...` (see `api/assessments.py`
for why files do not travel over the websocket); this page shows what the learner is
marked by (instructions, the rubric, the deadline), every version they sent, and, once a
result is released, the request for a re-mark (`appeal_section`).
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import ArrayVar, ObjectVar

from microcred_market.assessments import review, submissions
from microcred_market.platform import i18n
from microcred_market.platform.db import Session
from microcred_market.platform.errors import DomainError
from microcred_market.ui.components.forms import api, flash_message
from microcred_market.ui.components.layout import page
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.native_form import native_form
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.pages.assessments.appeal_section import appeal_rows, appeal_section
from microcred_market.ui.state.auth import AuthState, Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session

ROUTE = "/assess/work/[enrolment]/[component]"


def rubric_rows(rubric: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """Criteria with their levels in words, for the learner and the assessor alike."""
    tr = table(lang)
    rows = []
    for criterion in rubric.get("criteria") or []:
        if not isinstance(criterion, dict) or not criterion.get("id"):
            continue
        levels = []
        for index, level in enumerate(criterion.get("levels") or []):
            levels.append(
                {
                    "index": str(index),
                    "label": tr["rv_level"].format(n=index, points=level.get("points", 0)),
                    "descriptor": str(level.get("descriptor", "")),
                }
            )
        rows.append(
            {"id": str(criterion["id"]), "title": str(criterion.get("title", "")), "levels": levels}
        )
    return rows


def rule_text(rule: dict[str, Any], lang: str) -> str:
    tr = table(lang)
    parts = []
    if "min_level" in rule:
        parts.append(tr["rv_rule_min_level"].format(n=rule["min_level"]))
    if "min_percent" in rule:
        parts.append(tr["rv_rule_min_percent"].format(n=rule["min_percent"]))
    return " ".join(parts) or tr["rv_rule_default"]


def _result_text(feedback: review.Feedback, lang: str) -> str:
    tr = table(lang)
    verdict = tr["rv_passed"] if feedback.passed else tr["rv_not_passed"]
    return f"{feedback.percent}% · {verdict}" if feedback.percent is not None else verdict


def _load(session: Session, user_id: int, enrolment: str, component: str, lang: str) -> dict:
    task = submissions.work_task(
        session, user_id=user_id, enrolment_uuid=enrolment, component_uuid=component
    )
    tr = table(lang)
    current = next((s for s in task.submissions if s.current), None)
    versions = [
        {
            "version": tr["rv_version"].format(n=s.version),
            "status": tr[f"rv_status_{s.status}"],
            "when": i18n.fmt_datetime(s.submitted_at, lang, "short"),
            "text": s.text,
            "files": [
                {
                    "name": f"{f.filename} ({i18n.fmt_number(max(1, f.size // 1024), lang)} KB)",
                    "href": api(f"/api/assessments/evidence/{f.uuid}"),
                }
                for f in s.files
            ],
            "links": list(s.links),
        }
        for s in task.submissions
    ]
    feedback = review.learner_feedback(
        session, user_id=user_id, enrolment_uuid=enrolment, component_uuid=component
    )
    return {
        "has_feedback": feedback is not None,
        "feedback_result": _result_text(feedback, lang) if feedback else "",
        "feedback_comment": feedback.comment if feedback else "",
        "feedback": [
            {
                "title": c.title,
                "level": tr["rv_level"].format(n=c.level, points=c.points),
                "descriptor": c.descriptor,
                "comment": c.comment,
            }
            for c in (feedback.criteria if feedback else [])
        ],
        "title": task.title,
        "offering": task.offering_title,
        "kind": task.kind,
        "instructions": task.instructions,
        "due": i18n.fmt_datetime(task.due_at, lang, "short") if task.due_at else "",
        "is_open": task.open,
        "limits": tr["rv_limits"].format(files=task.max_files, mb=task.max_file_mb),
        "criteria": rubric_rows(task.rubric, lang),
        "rule": rule_text(task.pass_rule, lang),
        "outcomes": [
            {
                "name": f"outcome_{i}",
                "id": f"outcome-{i}",
                "text": outcome,
                "value": current.outcome_evidence.get(str(i), "") if current else "",
            }
            for i, outcome in enumerate(task.outcomes)
        ]
        if task.kind == "portfolio"
        else [],
        "text_value": current.text if current else "",
        "links_value": "\n".join(current.links) if current else "",
        "versions": versions,
        "appeals": [
            row
            for row in appeal_rows(
                session, user_id, enrolment, lang, back=work_path(enrolment, component)
            )
            if row["component_uuid"] == task.component_uuid
        ],
        "action": api(f"/api/assessments/work/{task.enrolment_uuid}/{task.component_uuid}"),
    }


def work_path(enrolment: str, component: str) -> str:
    return f"/assess/work/{enrolment}/{component}"


class WorkState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    title: str = ""
    offering: str = ""
    kind: str = ""
    instructions: str = ""
    due: str = ""
    is_open: bool = False
    limits: str = ""
    rule: str = ""
    text_value: str = ""
    links_value: str = ""
    action: str = ""
    criteria: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    outcomes: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    versions: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    appeals: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    has_feedback: bool = False
    feedback_result: str = ""
    feedback_comment: str = ""
    feedback: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded_path = current_path(self)
        params = self.router.page.params
        enrolment = str(params.get("enrolment", ""))[:40]
        component = str(params.get("component", ""))[:40]
        lang = await reader_lang(self)
        try:
            found = await run_in_session(_load, viewer.user_id, enrolment, component, lang)
        except DomainError:
            self.allowed, self.denied = False, True
            return
        for name, value in found.items():
            setattr(self, name, value)
        self.allowed, self.denied = True, False


def rubric_view(criteria: ArrayVar) -> rx.Component:
    tr = LangState.tr

    def criterion(c: ObjectVar[dict[str, Any]]) -> rx.Component:
        return rx.box(
            rx.heading(c["title"].to(str), as_="h3", size="3"),
            rx.el.ul(
                rx.foreach(
                    c["levels"].to(list[dict[str, str]]),
                    lambda lv: rx.el.li(
                        rx.text.strong(lv["label"]),
                        " ",
                        lv["descriptor"],
                        class_name="rubric-level",
                    ),
                ),
                class_name="rubric-levels",
            ),
            class_name="rubric-criterion",
        )

    return rx.box(
        rx.heading(tr["rv_rubric"], as_="h2", size="4"),
        rx.foreach(criteria, criterion),
        id="rubric",
    )


def _version(v: ObjectVar[dict[str, Any]]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.text.strong(v["version"].to(str)),
                rx.badge(v["status"].to(str)),
                rx.text(v["when"].to(str), size="2", color_scheme="gray"),
                spacing="2",
                wrap="wrap",
                align="center",
            ),
            rx.cond(v["text"].to(str) != "", rx.text(v["text"].to(str), white_space="pre-wrap")),
            rx.foreach(
                v["files"].to(list[dict[str, str]]),
                lambda f: rx.link(f["name"], href=f["href"], class_name="evidence-file"),
            ),
            rx.foreach(
                v["links"].to(list[str]),
                lambda link: rx.link(link, href=link, is_external=True, class_name="evidence-link"),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="work-version",
    )


def _feedback() -> rx.Component:
    """The released marking: a level and a comment per criterion."""
    tr = LangState.tr
    s = WorkState
    return rx.cond(
        s.has_feedback,
        rx.card(
            rx.vstack(
                rx.heading(tr["rv_feedback_title"], as_="h2", size="4"),
                rx.text(rx.text.strong(s.feedback_result), id="feedback-result"),
                rx.foreach(
                    s.feedback,
                    lambda c: rx.box(
                        rx.heading(c["title"], as_="h3", size="3"),
                        rx.text(rx.text.strong(c["level"]), " ", c["descriptor"], size="2"),
                        rx.cond(
                            c["comment"] != "",
                            rx.text(c["comment"], size="2", white_space="pre-wrap"),
                        ),
                        class_name="feedback-criterion",
                    ),
                ),
                rx.cond(
                    s.feedback_comment != "",
                    rx.text(s.feedback_comment, white_space="pre-wrap", id="feedback-comment"),
                ),
                spacing="2",
                width="100%",
            ),
            width="100%",
            id="feedback",
        ),
    )


def _label(text: rx.Var, html_for: str | rx.Var) -> rx.Component:
    return rx.el.label(text, html_for=html_for, class_name="form-label")


def _form() -> rx.Component:
    tr = LangState.tr
    s = WorkState
    return native_form(
        rx.vstack(
            rx.heading(tr["rv_hand_in"], as_="h2", size="4"),
            rx.el.div(
                _label(tr["rv_your_text"], "work-text"),
                rx.el.textarea(
                    id="work-text",
                    name="text",
                    rows=6,
                    max_length=submissions.MAX_TEXT,
                    default_value=s.text_value,
                    class_name="form-input",
                ),
                class_name="form-field",
                width="100%",
            ),
            rx.cond(
                s.outcomes.length() > 0,
                rx.el.fieldset(
                    rx.el.legend(tr["rv_outcomes_legend"], class_name="form-label"),
                    rx.text(tr["rv_outcomes_hint"], size="2"),
                    rx.foreach(
                        s.outcomes,
                        lambda o: rx.el.div(
                            _label(o["text"], o["id"]),
                            rx.el.textarea(
                                id=o["id"],
                                name=o["name"],
                                rows=3,
                                max_length=submissions.MAX_OUTCOME_TEXT,
                                default_value=o["value"],
                                class_name="form-input",
                            ),
                            class_name="form-field",
                        ),
                    ),
                    class_name="outcome-evidence",
                ),
            ),
            rx.el.div(
                _label(tr["rv_links"], "work-links"),
                rx.el.textarea(
                    id="work-links",
                    name="links",
                    rows=2,
                    default_value=s.links_value,
                    aria_describedby="work-links-hint",
                    class_name="form-input",
                ),
                rx.el.small(tr["rv_links_hint"], id="work-links-hint", class_name="form-hint"),
                class_name="form-field",
                width="100%",
            ),
            rx.el.div(
                _label(tr["rv_files"], "work-files"),
                rx.el.input(
                    id="work-files",
                    name="files",
                    type="file",
                    multiple=True,
                    aria_describedby="work-files-hint",
                    class_name="form-input",
                ),
                rx.el.small(s.limits, id="work-files-hint", class_name="form-hint"),
                class_name="form-field",
                width="100%",
            ),
            rx.button(
                rx.icon("send", aria_hidden="true"),
                tr["rv_submit_work"],
                type="submit",
                size="3",
                id="work-submit",
            ),
            spacing="3",
            width="100%",
        ),
        action=s.action,
        method="post",
        enc_type="multipart/form-data",
        id="work-form",
        class_name="plain-form",
    )


@rx.page(route=ROUTE, on_load=[AuthState.load, WorkState.load], title=page_title("work"))
def work_page() -> rx.Component:
    tr = LangState.tr
    s = WorkState
    return page(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.text(s.offering, size="2", color_scheme="gray"),
                rx.heading(s.title, as_="h1", size="7"),
                flash_message(),
                rx.cond(
                    s.due != "",
                    rx.text(tr["rv_due"], ": ", rx.text.strong(s.due), id="work-due"),
                ),
                rx.cond(s.instructions != "", rx.text(s.instructions, white_space="pre-wrap")),
                rx.grid(
                    rx.box(
                        rx.cond(
                            s.is_open,
                            _form(),
                            rx.callout(tr["rv_closed"], icon="clock", id="work-closed"),
                        ),
                        min_width="0",
                    ),
                    rx.vstack(
                        rubric_view(s.criteria),
                        rx.text(s.rule, size="2", id="work-rule"),
                        min_width="0",
                    ),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="5",
                    width="100%",
                ),
                _feedback(),
                appeal_section(s.appeals),
                rx.heading(tr["rv_versions"], as_="h2", size="4"),
                rx.cond(
                    s.versions.length() > 0,
                    rx.vstack(rx.foreach(s.versions, _version), width="100%", id="versions"),
                    rx.text(tr["rv_no_versions"], id="no-versions"),
                ),
                spacing="4",
                width="100%",
            ),
            rx.cond(
                ready(s.denied, s.loaded_path),
                rx.callout(tr["rv_work_not_found"], icon="circle-alert", id="denied"),
                skeleton(),
            ),
        )
    )
