"""/staff/[slug]/attempts: the proctor records how each quiz attempt was supervised.

The type of supervision and identity check is an element of the credential (EU
Recommendation, Annex I): it is recorded per attempt by whoever watched it, and the
result of the attempt carries it into the credential. Open attempts come first, since a
proctor records while the learner sits; a released result keeps what it was released with.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.accounts import authz
from microcred_market.assessments import attempts, results
from microcred_market.platform import i18n
from microcred_market.platform.db import Session
from microcred_market.platform.errors import DomainError
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.state.auth import Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session

ROUTE = "/staff/[slug]/attempts"


def _lines(session: Session, slug: str, user_id: int) -> tuple[str, list[attempts.Sitting]] | None:
    who = authz.principal_for(session, user_id)
    try:
        lines = attempts.sittings(session, who, slug)
    except DomainError:
        return None
    return slug, lines


def _supervise(session: Session, user_id: int, attempt: str, supervision: str) -> str:
    return attempts.record_supervision(
        session, authz.principal_for(session, user_id), attempt, supervision
    )


class SittingsState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    slug: str = ""
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    options: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    message: str = ""
    error: str = ""

    async def _fill(self, viewer: Viewer) -> None:
        slug = str(self.router.page.params.get("slug", ""))[:120]
        lang = await reader_lang(self)
        found = await run_in_session(_lines, slug, viewer.user_id)
        if found is None:
            self.allowed, self.denied, self.rows = False, True, []
            return
        self.slug = found[0]
        self.options = [
            {"value": code, "label": i18n.t(f"vocab.supervision.{code}", lang)}
            for code in results.SUPERVISION_ORDER
        ]
        self.rows = [
            {
                "uuid": line.uuid,
                "learner": line.learner,
                "email": line.email,
                "what": f"{line.offering} · {line.quiz} · "
                + i18n.t("ui.quiz_attempt", lang)
                + f" {line.number}",
                "status": i18n.t(f"ui.sitting_status_{line.status}", lang),
                "started": i18n.fmt_datetime(line.started_at, lang, "short"),
                "supervision": line.supervision,
                "locked": "1" if line.released else "",
            }
            for line in found[1]
        ]
        self.allowed, self.denied = True, False

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded_path = current_path(self)
        self.message, self.error = "", ""
        await self._fill(viewer)

    @rx.event
    @signed_in
    async def record(self, attempt: str, supervision: str, *, viewer: Viewer):
        lang = await reader_lang(self)
        try:
            await run_in_session(
                _supervise, viewer.user_id, str(attempt)[:64], str(supervision)[:40]
            )
        except DomainError as error:
            self.error, self.message = error.text(lang), ""
            return None
        self.error = ""
        self.message = i18n.t("ui.sitting_recorded", lang)
        await self._fill(viewer)
        return None


_S: Any = SittingsState  # handlers bound with arguments read as EventNamespace to mypy


def _row(r: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    select_id = "supervision-" + r["uuid"]
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.text.strong(r["learner"]),
                rx.badge(r["status"], class_name="sitting-status"),
                justify="between",
                wrap="wrap",
                gap="2",
                width="100%",
            ),
            rx.text(r["email"], size="2", overflow_wrap="anywhere"),
            rx.text(r["what"], size="2"),
            rx.text(tr["sitting_started"], " ", r["started"], size="2", color_scheme="gray"),
            rx.el.label(tr["sitting_supervision"], html_for=select_id, class_name="form-label"),
            rx.el.select(
                rx.foreach(
                    SittingsState.options, lambda o: rx.el.option(o["label"], value=o["value"])
                ),
                id=select_id,
                value=r["supervision"],
                disabled=r["locked"] != "",
                on_change=_S.record(r["uuid"]),
                class_name="form-input",
            ),
            rx.cond(
                r["locked"] != "",
                rx.text(tr["sitting_released"], size="1", color_scheme="gray"),
            ),
            spacing="1",
            width="100%",
        ),
        width="100%",
        class_name="sitting",
    )


@rx.page(route=ROUTE, on_load=staff_on_load(SittingsState.load), title=page_title("sittings"))
def sittings_page() -> rx.Component:
    tr = LangState.tr
    s = SittingsState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.link(tr["staff_title"], href="/staff/" + s.slug, size="2"),
                rx.heading(tr["sitting_title"], as_="h1", size="7"),
                rx.text(tr["sitting_intro"], max_width="70ch"),
                rx.el.p(
                    rx.text(s.message, as_="span", color_scheme="green", id="sitting-saved"),
                    role="status",
                    aria_live="polite",
                ),
                rx.cond(
                    s.error != "",
                    rx.callout(s.error, icon="triangle-alert", color_scheme="red", role="alert"),
                ),
                rx.cond(
                    s.rows.length() > 0,
                    rx.vstack(rx.foreach(s.rows, _row), width="100%", id="sittings"),
                    rx.text(tr["sitting_empty"], id="sittings-empty"),
                ),
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


__all__ = ["SittingsState", "sittings_page"]
