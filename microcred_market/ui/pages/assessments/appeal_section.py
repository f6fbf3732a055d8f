"""The learner's request for a re-mark, for any page that shows released results.

`appeal_rows(session, user_id, enrolment_uuid, lang, back=...)` reads what may be
appealed (call it inside the page's `run_in_session`); `appeal_section(rows)` renders it:
each released, reviewed result with its deadline, and a plain form posting the reason to
`/api/assessments/results/<uuid>/appeal`, which comes back to `back` with a message.
The learner's results page (`/assess/[enrolment]`) places it under the results; the work
page shows the rows of its own part.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import ArrayVar, ObjectVar

from microcred_market.assessments import appeals
from microcred_market.platform import i18n
from microcred_market.platform.db import Session
from microcred_market.ui.components.forms import api
from microcred_market.ui.components.native_form import native_form
from microcred_market.ui.i18n import LangState, table


def _percent(value: object) -> str:
    return "" if value is None else f"{value}%"


def appeal_rows(
    session: Session, user_id: int, enrolment_uuid: str, lang: str, *, back: str
) -> list[dict[str, str]]:
    tr = table(lang)
    rows = []
    for option in appeals.appeal_options(session, user_id=user_id, enrolment_uuid=enrolment_uuid):
        appeal = option.appeal
        status = ""
        if appeal is not None:
            status = (
                tr["rv_appeal_open"]
                if appeal.status == "open"
                else tr[f"rv_appeal_{appeal.outcome}"].format(
                    before=_percent(appeal.original_percent), after=_percent(appeal.new_percent)
                )
            )
        rows.append(
            {
                "result": option.result_uuid,
                "component_uuid": option.component_uuid,
                "component": option.component_title,
                "score": _percent(option.percent),
                "passed": tr["rv_passed"] if option.passed else tr["rv_not_passed"],
                "deadline": i18n.fmt_datetime(option.deadline, lang, "short"),
                "may_appeal": "1" if option.may_appeal else "",
                "status": status,
                "action": api(f"/api/assessments/results/{option.result_uuid}/appeal"),
                "back": back,
            }
        )
    return rows


def _row(r: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    reason_id = "appeal-reason-" + r["result"]
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.text.strong(r["component"]),
                rx.text(r["score"], " · ", r["passed"]),
                spacing="2",
                wrap="wrap",
            ),
            rx.cond(r["status"] != "", rx.text(r["status"], size="2", class_name="appeal-status")),
            rx.cond(
                r["may_appeal"] != "",
                native_form(
                    rx.el.input(type="hidden", name="back", value=r["back"]),
                    rx.el.label(
                        tr["rv_appeal_reason"], html_for=reason_id, class_name="form-label"
                    ),
                    rx.el.textarea(
                        id=reason_id,
                        name="reason",
                        rows=3,
                        required=True,
                        min_length=appeals.MIN_REASON,
                        max_length=appeals.MAX_REASON,
                        aria_describedby=reason_id + "-hint",
                        class_name="form-input",
                    ),
                    rx.el.small(
                        tr["rv_appeal_until"],
                        " ",
                        r["deadline"],
                        id=reason_id + "-hint",
                        class_name="form-hint",
                    ),
                    rx.button(
                        tr["rv_appeal_button"], type="submit", size="2", class_name="appeal-submit"
                    ),
                    action=r["action"],
                    method="post",
                    class_name="plain-form appeal-form",
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="appeal-row",
    )


def appeal_section(rows: ArrayVar) -> rx.Component:
    tr = LangState.tr
    return rx.cond(
        rows.length() > 0,
        rx.vstack(
            rx.heading(tr["rv_appeal_title"], as_="h2", size="4"),
            rx.text(tr["rv_appeal_intro"], size="2"),
            rx.foreach(rows, _row),
            spacing="2",
            width="100%",
            id="appeals",
        ),
    )
