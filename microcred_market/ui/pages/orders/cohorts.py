"""/staff/[slug]/offerings/[offering]/cohorts: an offering's cohorts, their learners and
waiting lists; add or change a cohort; write to every learner of one."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.orders import cohorts
from microcred_market.platform import i18n
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.pages.assessments.common import call_as, message_box, slug_param
from microcred_market.ui.state.auth import Viewer, signed_in
from microcred_market.ui.state.base import reader_lang

ROUTE = "/staff/[slug]/offerings/[offering]/cohorts"


def _d(value: Any, lang: str) -> str:
    return i18n.fmt_date(value, lang) if value else ""


class CohortsState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    slug: str = ""
    offering_slug: str = ""
    offering: str = ""
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    people: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    message: str = ""
    message_kind: str = ""
    form_key: rx.Field[int] = rx.field(0)

    async def _reload(self, user_id: int) -> None:
        lang = await reader_lang(self)
        found, _error = await call_as(
            self, user_id, cohorts.cohorts_page, self.slug, self.offering_slug
        )
        if found is None:
            self.allowed, self.denied = False, True
            return
        self.offering = found.offering
        rows, people = [], []
        for c in found.cohorts:
            used = (
                i18n.t("ui.cohorts.seats_used_unlimited", lang, taken=c.seats_taken)
                if c.seat_capacity is None
                else i18n.t(
                    "ui.cohorts.seats_used", lang, taken=c.seats_taken, capacity=c.seat_capacity
                )
            )
            rows.append(
                {
                    "uuid": c.uuid,
                    "key": f"{c.uuid}-{self.form_key}",
                    "label": c.label,
                    "start": c.start_date.isoformat() if c.start_date else "",
                    "end": c.end_date.isoformat() if c.end_date else "",
                    "dates": " – ".join(
                        x for x in (_d(c.start_date, lang), _d(c.end_date, lang)) if x
                    ),
                    "seats": "" if c.seat_capacity is None else str(c.seat_capacity),
                    "used": used,
                    "status": c.status,
                    "status_text": i18n.t(f"ui.cohorts.status_{c.status}", lang),
                    "learners": str(len(c.learners)),
                    "waiting": str(len(c.waitlist)),
                }
            )
            for p in c.learners:
                people.append(
                    {
                        "cohort": c.uuid,
                        "list": "learner",
                        "name": p.name,
                        "email": p.email,
                        "when": _d(p.since, lang),
                        "status": "",
                        "place": "",
                    }
                )
            for n, p in enumerate(c.waitlist, start=1):
                people.append(
                    {
                        "cohort": c.uuid,
                        "list": "waiting",
                        "name": p.name,
                        "email": p.email,
                        "when": _d(p.since, lang),
                        "place": str(n),
                        "status": i18n.t(f"ui.cohorts.wl_{p.status}", lang),
                    }
                )
        self.rows, self.people = rows, people
        self.allowed, self.denied = True, False

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded_path = current_path(self)
        self.slug = slug_param(self)
        self.offering_slug = slug_param(self, "offering")
        self.message = ""
        await self._reload(viewer.user_id)

    @rx.event
    @signed_in
    async def save(self, form: dict, *, viewer: Viewer):
        lang = await reader_lang(self)
        done, error = await call_as(
            self,
            viewer.user_id,
            cohorts.save_cohort,
            self.slug,
            self.offering_slug,
            cohort_uuid=str(form.get("cohort", ""))[:40],
            label=str(form.get("label", ""))[:200],
            start=str(form.get("start", ""))[:12],
            end=str(form.get("end", ""))[:12],
            seats=str(form.get("seats", ""))[:12],
            status=str(form.get("status", "open"))[:12],
        )
        if done is None:
            self.message, self.message_kind = error, "error"
        else:
            self.message, self.message_kind = i18n.t("ui.cohorts.saved", lang), "success"
            self.form_key += 1
        await self._reload(viewer.user_id)

    @rx.event
    @signed_in
    async def send(self, form: dict, *, viewer: Viewer):
        lang = await reader_lang(self)
        count, error = await call_as(
            self,
            viewer.user_id,
            cohorts.message_cohort,
            self.slug,
            self.offering_slug,
            str(form.get("cohort", ""))[:40],
            subject=str(form.get("subject", ""))[: cohorts.MAX_SUBJECT + 50],
            body=str(form.get("body", ""))[: cohorts.MAX_BODY + 50],
        )
        if count is None:
            self.message, self.message_kind = error, "error"
        else:
            self.message = i18n.t("ui.cohorts.sent", lang, n=count)
            self.message_kind = "success"
            self.form_key += 1
        await self._reload(viewer.user_id)


def _input(label: str, name: str, key: Any, value: Any = "", **props: Any) -> rx.Component:
    field_id = "c-" + name + "-" + key
    return rx.el.div(
        rx.el.label(LangState.tr[label], html_for=field_id, class_name="form-label"),
        rx.el.input(id=field_id, name=name, default_value=value, class_name="form-input", **props),
        class_name="form-field",
    )


def _cohort_form(row: ObjectVar[dict[str, str]] | None) -> rx.Component:
    tr = LangState.tr
    key: Any = row["uuid"] if row is not None else "new"

    def v(k: str) -> Any:
        return row[k] if row is not None else ""

    return rx.form(
        rx.el.input(type="hidden", name="cohort", value=v("uuid")),
        rx.grid(
            _input("cohorts.label", "label", key, v("label"), required=True, max_length=120),
            _input("cohorts.start", "start", key, v("start"), type="date"),
            _input("cohorts.end", "end", key, v("end"), type="date"),
            _input("cohorts.seats", "seats", key, v("seats"), inputmode="numeric", max_length=6),
            rx.el.div(
                rx.el.label(
                    tr["cohorts.status"], html_for="c-status-" + key, class_name="form-label"
                ),
                rx.el.select(
                    rx.el.option(tr["cohorts.status_open"], value="open"),
                    rx.el.option(tr["cohorts.status_closed"], value="closed"),
                    id="c-status-" + key,
                    name="status",
                    default_value=v("status") if row is not None else "open",
                    class_name="native-select",
                ),
                class_name="form-field",
            ),
            columns=rx.breakpoints(initial="1", sm="2", md="5"),
            spacing="3",
            width="100%",
        ),
        rx.button(
            tr["cohorts.save"] if row is not None else tr["cohorts.create"],
            type="submit",
            size="2",
            margin_top="var(--space-2)",
        ),
        on_submit=CohortsState.save,
        reset_on_submit=False,
        key=row["key"] if row is not None else "new-" + CohortsState.form_key.to_string(),
        width="100%",
    )


def _people(row: ObjectVar[dict[str, str]], which: str, heading: str, empty: str) -> rx.Component:
    tr = LangState.tr
    count = row["learners"] if which == "learner" else row["waiting"]
    return rx.box(
        rx.heading(tr[heading], " (", count, ")", as_="h3", size="3"),
        rx.cond(
            count != "0",
            rx.el.ol(
                rx.foreach(
                    CohortsState.people,
                    lambda p: rx.cond(
                        (p["cohort"] == row["uuid"]) & (p["list"] == which),
                        rx.el.li(
                            rx.text(
                                rx.el.strong(p["name"]),
                                " · ",
                                p["email"],
                                " · ",
                                tr["cohorts.joined" if which == "waiting" else "cohorts.enrolled"],
                                " ",
                                p["when"],
                                rx.cond(p["status"] != "", rx.fragment(" · ", p["status"])),
                                size="2",
                                overflow_wrap="anywhere",
                            )
                        ),
                    ),
                ),
                class_name="cohort-" + which + "s",
            ),
            rx.text(tr[empty], size="2", color_scheme="gray"),
        ),
        width="100%",
    )


def _cohort(row: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    return rx.card(
        rx.vstack(
            rx.heading(row["label"], as_="h2", size="5"),
            rx.text(row["dates"], " · ", row["used"], " · ", row["status_text"], size="2"),
            _people(row, "learner", "cohorts.learners", "cohorts.no_learners"),
            _people(row, "waiting", "cohorts.waitlist", "cohorts.no_waitlist"),
            rx.el.details(
                rx.el.summary(tr["cohorts.edit"]),
                _cohort_form(row),
            ),
            rx.el.details(
                rx.el.summary(tr["cohorts.message"]),
                rx.form(
                    rx.el.input(type="hidden", name="cohort", value=row["uuid"]),
                    _input(
                        "cohorts.subject", "subject", row["uuid"], required=True, max_length=150
                    ),
                    rx.el.label(
                        tr["cohorts.body"],
                        html_for="c-body-" + row["uuid"],
                        class_name="form-label",
                    ),
                    rx.el.textarea(
                        id="c-body-" + row["uuid"],
                        name="body",
                        rows=5,
                        required=True,
                        max_length=5000,
                        class_name="form-input",
                        width="100%",
                    ),
                    rx.button(tr["cohorts.send"], type="submit", size="2", margin_top="8px"),
                    on_submit=CohortsState.send,
                    reset_on_submit=True,
                    key="m-" + row["key"],
                    width="100%",
                ),
            ),
            spacing="3",
            width="100%",
            min_width="0",
        ),
        width="100%",
        id="cohort-" + row["uuid"],
        class_name="cohort-card",
    )


@rx.page(
    route=ROUTE,
    on_load=staff_on_load(CohortsState.load),
    title=page_title("staff-offering-cohorts"),
)
def cohorts_page() -> rx.Component:
    tr = LangState.tr
    s = CohortsState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.heading(tr["cohorts.index_title"], ": ", s.offering, as_="h1", size="7"),
                message_box(s.message, s.message_kind, "cohorts-message"),
                rx.cond(
                    s.rows.length() > 0,
                    rx.vstack(rx.foreach(s.rows, _cohort), spacing="4", width="100%"),
                    rx.text(tr["cohorts.none"], id="cohorts-empty"),
                ),
                rx.card(
                    rx.heading(tr["cohorts.new"], as_="h2", size="4"),
                    _cohort_form(None),
                    width="100%",
                    id="new-cohort",
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
