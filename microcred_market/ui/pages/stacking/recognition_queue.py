"""/staff/[slug]/recognition: credentials from elsewhere waiting for the awarding
university (oldest first), each mapped to a node of the rule with ECTS or refused with a
reason, and the university's trust list of issuers.

Owners and assessors (`university.assess`): recognising prior learning is judging evidence,
like marking, not editing course pages. The service checks the permission again.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.accounts import authz
from microcred_market.platform import i18n
from microcred_market.platform.db import Session
from microcred_market.platform.errors import DomainError
from microcred_market.stacking import recognition
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.pages.assessments.common import call_as, message_box, slug_param
from microcred_market.ui.state.auth import Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session

ROUTE = "/staff/[slug]/recognition"


def _page(
    session: Session, principal: authz.Principal, slug: str, lang: str
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    tr = table(lang)
    rows: list[dict[str, Any]] = [
        {
            "uuid": v.uuid,
            "achievement": v.achievement_name or v.achievement_id,
            "issuer": v.issuer_name or v.issuer_id,
            "issuer_id": v.issuer_id,
            "qualification": v.qualification_title,
            "learner": v.learner,
            "ects": v.stated_ects,
            "verified": tr["rq_verified"] if v.verified else tr["rq_self_reported"],
            "since": i18n.fmt_datetime(v.created_at, lang, "short"),
            "nodes": [{"value": n.node_id, "label": f"{n.label} ({n.node_id})"} for n in v.nodes],
        }
        for v in recognition.queue(session, principal, slug)
    ]
    trust = [
        {"issuer": t.issuer_id, "level": tr[f"rq_level_{t.level}"], "reason": t.reason}
        for t in recognition.trust_list(session, principal, slug)
    ]
    return rows, trust


def _decide(session: Session, user_id: int, form: dict[str, Any], lang: str) -> tuple[str, str]:
    principal = authz.principal_for(session, user_id)
    accept = str(form.get("verdict", "")) == "accept"
    try:
        view = recognition.decide(
            session,
            principal=principal,
            request_uuid=str(form.get("request", ""))[:40],
            accept=accept,
            node_id=str(form.get("node", ""))[:64],
            ects=str(form.get("ects", ""))[:12],
            reason=str(form.get("reason", ""))[:600],
        )
    except DomainError as error:
        session.rollback()
        return "error", error.text(lang)
    key = "ui.rq_done_accepted" if view.state == "accepted" else "ui.rq_done_refused"
    return "success", i18n.t(key, lang, achievement=view.achievement_name)


def _trust(
    session: Session, user_id: int, slug: str, form: dict[str, Any], lang: str
) -> tuple[str, str]:
    principal = authz.principal_for(session, user_id)
    try:
        recognition.set_trust(
            session,
            principal=principal,
            university_slug=slug,
            issuer_id=str(form.get("issuer", ""))[:600],
            level=str(form.get("level", ""))[:12],
            reason=str(form.get("reason", ""))[:600],
        )
    except DomainError as error:
        session.rollback()
        return "error", error.text(lang)
    return "success", i18n.t("ui.rq_trust_saved", lang)


class RecognitionQueueState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    slug: str = ""
    rows: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    trust: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    message: str = ""
    message_kind: str = ""

    async def _reload(self, user_id: int) -> None:
        lang = await reader_lang(self)
        found, _error = await call_as(self, user_id, _page, self.slug, lang)
        if found is None:
            self.allowed, self.denied = False, True
            return
        self.rows, self.trust = found
        self.allowed, self.denied = True, False

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded_path = current_path(self)
        self.slug = slug_param(self)
        self.message = ""
        await self._reload(viewer.user_id)

    @rx.event
    @signed_in
    async def decide(self, form: dict, *, viewer: Viewer):
        lang = await reader_lang(self)
        self.message_kind, self.message = await run_in_session(_decide, viewer.user_id, form, lang)
        await self._reload(viewer.user_id)

    @rx.event
    @signed_in
    async def save_trust(self, form: dict, *, viewer: Viewer):
        lang = await reader_lang(self)
        self.message_kind, self.message = await run_in_session(
            _trust, viewer.user_id, self.slug, form, lang
        )
        await self._reload(viewer.user_id)


def _input(label: str, name: str, field_id: Any, **props: Any) -> rx.Component:
    return rx.el.div(
        rx.el.label(LangState.tr[label], html_for=field_id, class_name="form-label"),
        rx.el.input(id=field_id, name=name, class_name="form-input", width="100%", **props),
        class_name="form-field",
    )


def _request(r: ObjectVar[dict[str, Any]]) -> rx.Component:
    tr = LangState.tr
    uid = r["uuid"].to(str)
    node_id = "rq-node-" + uid
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(r["achievement"], as_="h2", size="4"),
                rx.text(r["issuer"], " · ", r["verified"], size="2", class_name="rq-issuer"),
                rx.text(tr["rq_toward"], ": ", r["qualification"], size="2"),
                rx.text(tr["rv_learner"], ": ", r["learner"], size="2"),
                rx.cond(r["ects"] != "", rx.text(tr["ext_ects"], ": ", r["ects"], size="2")),
                rx.text(tr["rv_waiting_since"], " ", r["since"], size="2", color_scheme="gray"),
                rx.el.input(type="hidden", name="request", value=r["uuid"]),
                rx.el.div(
                    rx.el.label(tr["rq_node"], html_for=node_id, class_name="form-label"),
                    rx.el.select(
                        rx.foreach(
                            r["nodes"].to(list[dict[str, str]]),
                            lambda n: rx.el.option(n["label"], value=n["value"]),
                        ),
                        name="node",
                        id=node_id,
                        class_name="form-input",
                        width="100%",
                    ),
                    class_name="form-field",
                    width="100%",
                ),
                _input("rq_ects", "ects", "rq-ects-" + uid, inputmode="decimal", max_length=8),
                _input("rq_reason", "reason", "rq-reason-" + uid, max_length=500),
                rx.el.div(
                    rx.el.label(
                        tr["rq_verdict"],
                        html_for="rq-verdict-" + uid,
                        class_name="form-label",
                    ),
                    rx.el.select(
                        rx.el.option(tr["rq_accept"], value="accept"),
                        rx.el.option(tr["rq_refuse"], value="refuse"),
                        name="verdict",
                        id="rq-verdict-" + uid,
                        class_name="form-input",
                    ),
                    class_name="form-field",
                ),
                rx.button(tr["rq_decide"], type="submit", size="2", class_name="rq-decide"),
                spacing="2",
                width="100%",
                min_width="0",
            ),
            on_submit=RecognitionQueueState.decide,
            reset_on_submit=True,
            width="100%",
        ),
        width="100%",
        class_name="recognition-request",
        id="rq-" + uid,
    )


def _trust_row(t: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.text.strong(t["level"]),
        ": ",
        rx.el.span(t["issuer"], style={"overflowWrap": "anywhere"}),
        rx.cond(t["reason"] != "", rx.el.span(" · ", t["reason"])),
    )


def _trust_form() -> rx.Component:
    tr = LangState.tr
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(tr["rq_trust_title"], as_="h2", size="5"),
                rx.text(tr["rq_trust_intro"], size="2", max_width="70ch"),
                rx.el.ul(rx.foreach(RecognitionQueueState.trust, _trust_row), id="trust-list"),
                _input("rq_issuer", "issuer", "rq-issuer", max_length=500, required=True),
                rx.el.div(
                    rx.el.label(tr["rq_level"], html_for="rq-level", class_name="form-label"),
                    rx.el.select(
                        rx.el.option(tr["rq_level_review"], value="review"),
                        rx.el.option(tr["rq_level_auto_accept"], value="auto_accept"),
                        rx.el.option(tr["rq_level_refuse"], value="refuse"),
                        rx.el.option(tr["rq_level_remove"], value=""),
                        name="level",
                        id="rq-level",
                        class_name="form-input",
                    ),
                    class_name="form-field",
                ),
                _input("rq_reason", "reason", "rq-trust-reason", max_length=500),
                rx.button(tr["rq_trust_save"], type="submit", size="2", id="rq-trust-save"),
                spacing="2",
                width="100%",
            ),
            on_submit=RecognitionQueueState.save_trust,
            reset_on_submit=True,
            width="100%",
        ),
        width="100%",
        id="trust",
    )


@rx.page(
    route=ROUTE,
    on_load=staff_on_load(RecognitionQueueState.load),
    title=page_title("staff-recognition"),
)
def recognition_queue_page() -> rx.Component:
    tr = LangState.tr
    s = RecognitionQueueState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.link(tr["staff_title"], href="/staff/" + s.slug, size="2"),
                rx.heading(tr["rq_title"], as_="h1", size="7"),
                rx.text(tr["rq_intro"], size="3", max_width="70ch"),
                message_box(s.message, s.message_kind, "rq-message"),
                rx.cond(
                    s.rows.length() > 0,
                    rx.vstack(rx.foreach(s.rows, _request), spacing="4", width="100%", id="queue"),
                    rx.text(tr["rq_empty"], id="queue-empty"),
                ),
                _trust_form(),
                spacing="4",
                width="100%",
            ),
            rx.cond(
                ready(s.denied, s.loaded_path),
                rx.callout(tr["not_allowed"], icon="lock", color_scheme="red", id="denied"),
                skeleton(),
            ),
        )
    )
