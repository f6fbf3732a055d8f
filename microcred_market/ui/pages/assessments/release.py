"""/staff/[slug]/release: results awaiting release, one batch per offering; release a batch.

The owner (`university.results.release`) sees who decided what and when, releases an
offering's batch (its learners are mailed their result) and below the latest releases.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.accounts import authz
from microcred_market.assessments import release
from microcred_market.catalogue import queries as catalogue_queries
from microcred_market.platform import i18n
from microcred_market.platform.db import Session
from microcred_market.platform.errors import DomainError
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.guards import page_allowed
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.state.auth import Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session

ROUTE = "/staff/[slug]/release"


def _line(line: release.Line, lang: str) -> dict[str, str]:
    tr = table(lang)
    score = "" if line.percent is None else f"{format(line.percent.normalize(), 'f')}%"
    return {
        "learner": line.learner,
        "component": line.component,
        "result": " · ".join(
            x
            for x in (score, tr["as_status_passed" if line.passed else "as_status_not_passed"])
            if x
        ),
        "decided": tr["rl_decided_by"].format(
            who=line.decided_by or tr["rl_automatic"],
            when=i18n.fmt_datetime(line.decided_at, lang, "short"),
        ),
        "released": tr["rl_released_by"].format(
            who=line.released_by or tr["rl_automatic"],
            when=i18n.fmt_datetime(line.released_at, lang, "short"),
        )
        if line.released_at
        else "",
        "supervision": i18n.t(f"vocab.supervision.{line.supervision}", lang),
    }


def _read(session: Session, slug: str, user_id: int, lang: str) -> dict | None:
    uni = catalogue_queries.university_by_slug(session, slug)
    who = authz.principal_for(session, user_id)
    if uni is None or not page_allowed(who, ROUTE, uni.id):
        return None
    batches = release.pending(session, who, slug)
    return {
        "university": uni.name,
        "batches": [
            {
                "offering": b.offering_uuid,
                "title": b.offering_title,
                "count": i18n.t("ui.rl_batch_count", lang, n=len(b.lines), learners=b.learners),
            }
            for b in batches
        ],
        "lines": [
            {**_line(x, lang), "offering": b.offering_uuid} for b in batches for x in b.lines
        ],
        "recent": [_line(x, lang) for x in release.recent(session, who, slug)],
    }


def _release(session: Session, slug: str, user_id: int, offering: str) -> release.Released:
    who = authz.principal_for(session, user_id)
    return release.release_batch(session, who, slug, offering)


class ReleaseState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    university: str = ""
    slug: str = ""
    batches: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    lines: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    recent: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    note: str = ""

    async def _fill(self, viewer: Viewer) -> bool:
        found = await run_in_session(_read, self.slug, viewer.user_id, await reader_lang(self))
        if found is None:
            self.allowed, self.denied = False, True
            return False
        self.university = found["university"]
        self.batches, self.lines, self.recent = found["batches"], found["lines"], found["recent"]
        self.allowed, self.denied = True, False
        return True

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded_path = current_path(self)
        self.note = ""
        self.slug = str(self.router.page.params.get("slug", ""))[:120]
        await self._fill(viewer)

    @rx.event
    @signed_in
    async def release(self, offering: str, *, viewer: Viewer):
        """Release one batch; the service checks the owner's right again."""
        lang = await reader_lang(self)
        try:
            done = await run_in_session(_release, self.slug, viewer.user_id, str(offering)[:64])
        except DomainError as error:
            return rx.toast.error(error.text(lang), id="release-error")
        self.note = i18n.t(
            "ui.rl_released", lang, n=done.results, learners=done.learners, passes=done.passes
        )
        await self._fill(viewer)
        return None


def _result_line(r: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.box(
        rx.text(rx.text.strong(r["learner"]), " · ", r["component"], " · ", r["result"], size="2"),
        rx.text(r["decided"], " · ", r["supervision"], size="1", color_scheme="gray"),
        rx.cond(r["released"] != "", rx.text(r["released"], size="1", color_scheme="gray")),
        class_name="release-line",
        width="100%",
        padding_y="1",
    )


def _batch(b: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(b["title"], as_="h2", size="4"),
                rx.button(
                    tr["rl_release_button"],
                    on_click=ReleaseState.release(b["offering"]),  # type: ignore[operator]  # mypy reads an rx.event handler as an EventNamespace
                    type="button",
                    class_name="release-batch",
                ),
                justify="between",
                align="center",
                wrap="wrap",
                gap="2",
                width="100%",
            ),
            rx.text(b["count"], size="2"),
            rx.foreach(
                ReleaseState.lines,
                lambda r: rx.cond(r["offering"] == b["offering"], _result_line(r)),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="release-batch-card",
    )


@rx.page(route=ROUTE, on_load=staff_on_load(ReleaseState.load), title=page_title("staff-release"))
def release_page() -> rx.Component:
    tr = LangState.tr
    s = ReleaseState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.link(s.university, href="/staff/" + s.slug, size="2"),
                rx.heading(tr["rl_title"], as_="h1", size="7"),
                rx.text(tr["rl_intro"], max_width="70ch"),
                rx.cond(
                    s.note != "",
                    rx.callout(
                        s.note, icon="check", color_scheme="green", id="release-note", role="status"
                    ),
                ),
                rx.cond(
                    s.batches.length() > 0,
                    rx.vstack(rx.foreach(s.batches, _batch), width="100%", id="release-batches"),
                    rx.text(tr["rl_empty"], id="release-empty"),
                ),
                rx.heading(tr["rl_recent"], as_="h2", size="5"),
                rx.cond(
                    s.recent.length() > 0,
                    rx.vstack(
                        rx.foreach(s.recent, _result_line), width="100%", id="release-recent"
                    ),
                    rx.text(tr["rl_recent_empty"], size="2"),
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
