"""/staff/[slug]/review: what waits for an assessor, oldest first, by offering and cohort."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.accounts import authz
from microcred_market.assessments import review
from microcred_market.catalogue import queries as catalogue_queries
from microcred_market.platform import i18n
from microcred_market.platform.db import Session
from microcred_market.ui.components.forms import flash_message
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.guards import page_allowed
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.state.auth import Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session

ROUTE = "/staff/[slug]/review"
ALL = "all"


@dataclass(frozen=True)
class _Queue:
    university: str
    slug: str
    rows: list[dict[str, str]]
    offerings: list[dict[str, str]]
    cohorts: list[str]


def stage_label(stage: str, lang: str) -> str:
    return table(lang).get(f"rv_stage_{stage}", stage)


def _queue(
    session: Session, slug: str, user_id: int, offering: str, cohort: str, lang: str
) -> _Queue | None:
    uni = catalogue_queries.university_by_slug(session, slug)
    who = authz.principal_for(session, user_id)
    if uni is None or not page_allowed(who, ROUTE, uni.id):
        return None
    items = review.queue(
        session,
        who,
        slug,
        offering=None if offering == ALL else offering or None,
        cohort=None if cohort == ALL else cohort or None,
    )
    tr = table(lang)
    everything = review.queue(session, who, slug)
    offerings = {i.offering_slug: i.offering_title for i in everything}
    return _Queue(
        university=uni.name,
        slug=uni.slug,
        rows=[
            {
                "ref": i.ref,
                "href": f"/staff/{uni.slug}/review/{i.ref}",
                "title": i.component_title,
                "offering": i.offering_title,
                "stage": stage_label(i.stage, lang),
                "cohort": i.cohort,
                "learner": i.learner or i.learner_ref,
                "since": i18n.fmt_datetime(i.waiting_since, lang, "short"),
                "lock": (
                    tr["rv_locked_by_you"]
                    if i.locked_by_me
                    else tr["rv_locked_by"].format(name=i.locked_by)
                    if i.locked_by
                    else ""
                ),
            }
            for i in items
        ],
        offerings=[{"value": k, "label": v} for k, v in sorted(offerings.items())],
        cohorts=review.cohorts(session, who, slug),
    )


class ReviewQueueState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    university: str = ""
    slug: str = ""
    offering: str = ALL
    cohort: str = ALL
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    offerings: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    cohorts: rx.Field[list[str]] = rx.field(default_factory=list)

    async def _fill(self, viewer: Viewer) -> None:
        slug = str(self.router.page.params.get("slug", ""))[:120]
        lang = await reader_lang(self)
        found = await run_in_session(
            _queue, slug, viewer.user_id, self.offering[:120], self.cohort[:20], lang
        )
        if found is None:
            self.allowed, self.denied = False, True
            return
        self.university, self.slug = found.university, found.slug
        self.rows, self.offerings, self.cohorts = found.rows, found.offerings, found.cohorts
        self.allowed, self.denied = True, False

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded_path = current_path(self)
        self.offering, self.cohort = ALL, ALL
        await self._fill(viewer)

    @rx.event
    @signed_in
    async def filter_offering(self, value: str, *, viewer: Viewer):
        self.offering = str(value)[:120] or ALL
        await self._fill(viewer)

    @rx.event
    @signed_in
    async def filter_cohort(self, value: str, *, viewer: Viewer):
        self.cohort = str(value)[:20] or ALL
        await self._fill(viewer)


def _row(r: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.link(rx.text.strong(r["title"]), href=r["href"], class_name="queue-open"),
                rx.badge(r["stage"], class_name="queue-stage"),
                justify="between",
                wrap="wrap",
                spacing="2",
                width="100%",
            ),
            rx.text(r["offering"], " · ", tr["rv_cohort"], " ", r["cohort"], size="2"),
            rx.text(tr["rv_learner"], ": ", r["learner"], size="2", class_name="queue-learner"),
            rx.text(tr["rv_waiting_since"], " ", r["since"], size="2", color_scheme="gray"),
            rx.cond(r["lock"] != "", rx.text(r["lock"], size="2", class_name="queue-lock")),
            spacing="1",
            width="100%",
        ),
        width="100%",
        class_name="queue-item",
    )


def _filter(
    label: rx.Var, select_id: str, value: rx.Var | str, items: rx.Component, on_change: Any
) -> rx.Component:
    return rx.box(
        rx.el.label(label, html_for=select_id, class_name="form-label"),
        rx.el.select(
            items,
            id=select_id,
            value=value,
            on_change=on_change,
            class_name="form-input",
        ),
        min_width="12em",
    )


@rx.page(
    route=ROUTE,
    on_load=staff_on_load(ReviewQueueState.load),
    title=page_title("review-queue"),
)
def review_queue_page() -> rx.Component:
    tr = LangState.tr
    s = ReviewQueueState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.link(s.university, href="/staff/" + s.slug, size="2"),
                rx.heading(tr["rv_queue_title"], as_="h1", size="7"),
                rx.text(tr["rv_queue_intro"], max_width="70ch"),
                flash_message(),
                rx.flex(
                    _filter(
                        tr["rv_filter_offering"],
                        "filter-offering",
                        s.offering,
                        rx.fragment(
                            rx.el.option(tr["rv_all"], value=ALL),
                            rx.foreach(
                                s.offerings,
                                lambda o: rx.el.option(o["label"], value=o["value"]),
                            ),
                        ),
                        ReviewQueueState.filter_offering,
                    ),
                    _filter(
                        tr["rv_filter_cohort"],
                        "filter-cohort",
                        s.cohort,
                        rx.fragment(
                            rx.el.option(tr["rv_all"], value=ALL),
                            rx.foreach(s.cohorts, lambda c: rx.el.option(c, value=c)),
                        ),
                        ReviewQueueState.filter_cohort,
                    ),
                    rx.link(tr["rv_appeals_link"], href="/staff/" + s.slug + "/appeals"),
                    spacing="3",
                    wrap="wrap",
                    align="end",
                ),
                rx.cond(
                    s.rows.length() > 0,
                    rx.vstack(rx.foreach(s.rows, _row), width="100%", id="queue"),
                    rx.text(tr["rv_queue_empty"], id="queue-empty"),
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
