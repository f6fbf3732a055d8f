"""/staff/[slug]/accommodations: extra time or attempts per learner, set by the owner."""

from __future__ import annotations

import reflex as rx

from microcred_market.assessments import accommodations as service
from microcred_market.platform import i18n
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.components.tables import STACK, cell
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.pages.assessments.common import call_as, message_box, slug_param
from microcred_market.ui.state.auth import Viewer, signed_in
from microcred_market.ui.state.base import reader_lang
from microcred_market.ui.view import fmt_date

ROUTE = "/staff/[slug]/accommodations"


def _rows(lines: list[service.AccommodationLine], lang: str) -> list[dict[str, str]]:
    return [
        {
            "email": x.email,
            "name": x.name,
            "percent": str(x.extra_percent),
            "minutes": str(x.extra_minutes),
            "attempts": str(x.extra_attempts),
            "note": x.note,
            "set_at": fmt_date(x.set_at.isoformat(), lang),
        }
        for x in lines
    ]


class AccommodationsState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    slug: str = ""
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    message: str = ""
    message_kind: str = ""
    form_key: int = 0

    async def _reload(self, user_id: int) -> bool:
        lines, error = await call_as(self, user_id, service.list_accommodations, self.slug)
        if lines is None:
            self.allowed, self.denied = False, True
            return False
        self.rows = _rows(lines, await reader_lang(self))
        self.allowed, self.denied = True, False
        return True

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded_path = current_path(self)
        self.slug = slug_param(self)
        self.message = ""
        await self._reload(viewer.user_id)

    @rx.event
    @signed_in
    async def save(self, form: dict, *, viewer: Viewer):
        done, error = await call_as(
            self,
            viewer.user_id,
            service.set_accommodation,
            self.slug,
            str(form.get("email", ""))[:254],
            extra_percent=str(form.get("percent", "0"))[:6],
            extra_minutes=str(form.get("minutes", "0"))[:6],
            extra_attempts=str(form.get("attempts", "0"))[:6],
            note=str(form.get("note", ""))[:600],
        )
        lang = await reader_lang(self)
        if done is None:
            self.message, self.message_kind = error, "error"
            return
        self.message = i18n.t("ui.accommodation_saved", lang, email=done.email)
        self.message_kind = "success"
        self.form_key += 1
        await self._reload(viewer.user_id)

    @rx.event
    @signed_in
    async def remove(self, email: str, *, viewer: Viewer):
        _, error = await call_as(
            self, viewer.user_id, service.remove_accommodation, self.slug, str(email)[:254]
        )
        lang = await reader_lang(self)
        if error:
            self.message, self.message_kind = error, "error"
        else:
            self.message = i18n.t("ui.accommodation_removed", lang, email=email)
            self.message_kind = "success"
        await self._reload(viewer.user_id)


def _field(label: str, name: str, **props) -> rx.Component:
    return rx.el.div(
        rx.el.label(LangState.tr[label], html_for=f"acc-{name}", class_name="form-label"),
        rx.el.input(id=f"acc-{name}", name=name, class_name="form-input", **props),
        class_name="form-field",
    )


def _form() -> rx.Component:
    s = AccommodationsState
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(LangState.tr["accommodation_add"], as_="h2", size="4"),
                rx.text(LangState.tr["accommodation_hint"], size="2", id="acc-hint"),
                _field(
                    "accommodation_email", "email", type="email", required=True, auto_complete="off"
                ),
                rx.grid(
                    _field(
                        "accommodation_percent",
                        "percent",
                        type="number",
                        min=0,
                        max=300,
                        default_value="0",
                    ),
                    _field(
                        "accommodation_minutes",
                        "minutes",
                        type="number",
                        min=0,
                        max=600,
                        default_value="0",
                    ),
                    _field(
                        "accommodation_attempts",
                        "attempts",
                        type="number",
                        min=0,
                        max=10,
                        default_value="0",
                    ),
                    columns=rx.breakpoints(initial="1", sm="3"),
                    spacing="3",
                    width="100%",
                ),
                _field("accommodation_note", "note", max_length=500, auto_complete="off"),
                rx.button(
                    LangState.tr["accommodation_save"], type="submit", size="3", id="acc-save"
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=s.save,
            reset_on_submit=False,
            key=s.form_key,
            id="accommodation-form",
        ),
        width="100%",
    )


def _table() -> rx.Component:
    tr = LangState.tr
    s = AccommodationsState
    heads = (
        "accommodation_learner",
        "accommodation_percent",
        "accommodation_minutes",
        "accommodation_attempts",
        "accommodation_note",
        "accommodation_set_at",
    )
    return rx.cond(
        s.rows.length() > 0,
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[rx.table.column_header_cell(tr[k]) for k in heads],
                    rx.table.column_header_cell(rx.el.span(tr["actions"], class_name="sr-only")),
                )
            ),
            rx.table.body(
                rx.foreach(
                    s.rows,
                    lambda r: rx.table.row(
                        cell(
                            tr["accommodation_learner"], rx.fragment(r["name"], " · ", r["email"])
                        ),
                        cell(tr["accommodation_percent"], r["percent"]),
                        cell(tr["accommodation_minutes"], r["minutes"]),
                        cell(tr["accommodation_attempts"], r["attempts"]),
                        cell(tr["accommodation_note"], r["note"]),
                        cell(tr["accommodation_set_at"], r["set_at"]),
                        cell(
                            "",
                            rx.button(
                                tr["accommodation_remove"],
                                rx.el.span(" ", r["email"], class_name="sr-only"),
                                on_click=AccommodationsState.remove(r["email"]),  # type: ignore[operator]  # a decorated handler reads as EventNamespace
                                color_scheme="red",
                                variant="soft",
                                size="2",
                                type="button",
                            ),
                        ),
                        class_name="accommodation-row",
                    ),
                )
            ),
            width="100%",
            id="accommodations-table",
            class_name=STACK,
        ),
        rx.text(tr["accommodations_empty"], id="accommodations-empty"),
    )


@rx.page(
    route=ROUTE,
    on_load=staff_on_load(AccommodationsState.load),
    title=page_title("staff-accommodations"),
)
def accommodations_page() -> rx.Component:
    tr = LangState.tr
    s = AccommodationsState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.link(tr["staff_title"], href="/staff/" + s.slug, size="2"),
                rx.heading(tr["accommodations_title"], as_="h1", size="7"),
                rx.text(tr["accommodations_intro"], size="3", max_width="70ch"),
                message_box(s.message, s.message_kind, "accommodation-message"),
                _form(),
                _table(),
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
