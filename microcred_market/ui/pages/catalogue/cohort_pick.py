"""On an offering page: its cohorts to choose from when enrolling, and the waiting list of
a full one (join, leave, your place, a seat held for you)."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.orders import cohorts
from microcred_market.platform import i18n
from microcred_market.platform.errors import DomainError
from microcred_market.ui import view
from microcred_market.ui.i18n import LangState
from microcred_market.ui.pages.assessments.common import message_box
from microcred_market.ui.state.auth import Viewer, maybe_signed_in, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session


class CohortPickState(rx.State):
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    message: str = ""
    message_kind: str = ""

    async def _reload(self, user_id: int | None) -> None:
        lang = await reader_lang(self)
        slug = str(self.router.page.params.get("slug", ""))[:200]
        found = await run_in_session(cohorts.choices_for, slug, user_id)
        rows = []
        for c in found:
            left = c.seats_left
            seats = (
                i18n.t("ui.unlimited_seats", lang)
                if left is None
                else i18n.t("ui.catalogue.seats_left", lang, n=left)
                if left
                else i18n.t("ui.sold_out", lang)
            )
            place = ""
            if c.place is not None and c.place.status == "offered" and c.place.offer_expires_at:
                place = i18n.t(
                    "ui.cohorts.offered",
                    lang,
                    until=i18n.fmt_datetime(c.place.offer_expires_at, lang),
                )
            elif c.place is not None:
                place = i18n.t("ui.cohorts.place", lang, n=c.place.position)
            can_buy = c.open and (
                (c.place is not None and c.place.status == "offered")
                or (left != 0 and c.waiting == 0)
            )
            rows.append(
                {
                    "uuid": c.uuid,
                    "label": c.label,
                    "dates": " – ".join(
                        x
                        for x in (
                            view.fmt_date(c.start_date.isoformat() if c.start_date else None, lang),
                            view.fmt_date(c.end_date.isoformat() if c.end_date else None, lang),
                        )
                        if x
                    ),
                    "seats": seats if c.open else i18n.t("ui.cohorts.closed_label", lang),
                    "buy": "1" if can_buy else "",
                    "join": "1" if c.open and not can_buy and c.place is None else "",
                    "leave": "1" if c.place is not None else "",
                    "place": place,
                }
            )
        self.rows = rows

    @rx.event
    @maybe_signed_in
    async def load(self, *, viewer: Viewer | None):
        self.message = ""
        await self._reload(viewer.user_id if viewer else None)

    async def _act(self, fn, cohort: str, user_id: int, done_key: str) -> None:
        lang = await reader_lang(self)
        try:
            await run_in_session(fn, user_id, str(cohort)[:40])
            self.message, self.message_kind = i18n.t(done_key, lang), "success"
        except DomainError as error:
            self.message, self.message_kind = error.text(lang), "error"
        await self._reload(user_id)

    @rx.event
    @signed_in
    async def join(self, cohort: str, *, viewer: Viewer):
        await self._act(cohorts.join_waitlist, cohort, viewer.user_id, "ui.cohorts.joined_msg")

    @rx.event
    @signed_in
    async def leave(self, cohort: str, *, viewer: Viewer):
        await self._act(cohorts.leave_waitlist, cohort, viewer.user_id, "ui.cohorts.left_msg")


def _choice(row: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    return rx.el.div(
        rx.el.label(
            rx.el.input(
                type="radio",
                name="cohort",
                value=row["uuid"],
                disabled=row["buy"] == "",
                required=True,
            ),
            " ",
            rx.el.strong(row["label"]),
            rx.el.span(" · ", row["dates"], " · ", row["seats"]),
            class_name="facet-option",
        ),
        rx.cond(row["place"] != "", rx.text(row["place"], size="2", role="status")),
        rx.cond(
            row["join"] != "",
            rx.button(
                tr["cohorts.join"],
                type="button",
                size="1",
                variant="soft",
                on_click=CohortPickState.join(row["uuid"]),  # type: ignore[operator]  # a decorated handler reads as EventNamespace
            ),
        ),
        rx.cond(
            row["leave"] != "",
            rx.button(
                tr["cohorts.leave"],
                type="button",
                size="1",
                variant="ghost",
                on_click=CohortPickState.leave(row["uuid"]),  # type: ignore[operator]  # a decorated handler reads as EventNamespace
            ),
        ),
        class_name="cohort-choice",
    )


def cohort_fields() -> rx.Component:
    """Inside the enrol form: a radio per cohort (nothing when the offering has none)."""
    s = CohortPickState
    return rx.cond(
        s.rows.length() > 0,
        rx.el.fieldset(
            rx.el.legend(LangState.tr["cohorts.choose"], class_name="facet-legend"),
            rx.foreach(s.rows, _choice),
            message_box(s.message, s.message_kind, "cohort-message"),
            class_name="facet",
            id="cohort-choices",
        ),
    )
