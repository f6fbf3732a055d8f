"""/staff/[slug]/offerings/[offering]/preview: the offering exactly as a learner will see it,
in whatever state it is, for its university's owners and editors.

It is the public offering page's own body (`offering.offering_body`, filled by the same
`show_offering`), under a banner that says it is a preview and links back to editing;
where the enrol box stands, a disabled one: nothing can be bought from here.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from microcred_market.catalogue import authoring
from microcred_market.catalogue import queries as catalogue_queries
from microcred_market.platform import audit
from microcred_market.platform.db import Session
from microcred_market.platform.errors import DomainError
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.pages.assessments.common import slug_param
from microcred_market.ui.pages.catalogue.authoring_access import PREVIEW_ROUTE, as_editor
from microcred_market.ui.pages.catalogue.offering import OfferingView, offering_body, show_offering
from microcred_market.ui.state.auth import Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session


def _preview(slug: str) -> Any:
    def call(session: Session, uni: catalogue_queries.UniversityRef, _actor: audit.Actor) -> Any:
        return authoring.preview(session, uni.id, slug)

    return call


class OfferingPreviewState(OfferingView, rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    staff_slug: str = ""
    offering_slug: str = ""

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded_path = current_path(self)
        self.staff_slug = slug_param(self)
        self.offering_slug = slug_param(self, "offering")
        lang = await reader_lang(self)
        try:
            data = await run_in_session(
                as_editor,
                viewer.user_id,
                self.staff_slug,
                _preview(self.offering_slug),
                PREVIEW_ROUTE,
            )
        except DomainError:
            self.reset()
            self.loaded_path = current_path(self)
            self.allowed, self.denied = False, True
            return
        show_offering(self, data, lang)
        self.allowed, self.denied = True, False


def _enrol_stand_in() -> rx.Component:
    """The enrol box as a learner sees it, switched off."""
    tr = LangState.tr
    return rx.vstack(
        rx.button(
            rx.icon("shopping-cart", aria_hidden="true"),
            tr["enrol"],
            type="button",
            size="3",
            width="100%",
            disabled=True,
            aria_describedby="preview-banner-text",
        ),
        width="100%",
        spacing="2",
    )


@rx.page(
    route=PREVIEW_ROUTE,
    on_load=staff_on_load(OfferingPreviewState.load),
    title=page_title("staff-offering-preview", OfferingPreviewState.title),
)
def offering_preview_page() -> rx.Component:
    tr = LangState.tr
    s = OfferingPreviewState
    edit = "/staff/" + s.staff_slug + "/offerings/" + s.offering_slug
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.callout(
                    rx.flex(
                        rx.text(tr["au_preview_banner"], id="preview-banner-text"),
                        rx.link(
                            rx.icon("arrow-left", size=16, aria_hidden="true"),
                            tr["au_back_edit"],
                            href=edit,
                            id="preview-back",
                            weight="bold",
                        ),
                        spacing="3",
                        wrap="wrap",
                        align="center",
                    ),
                    icon="eye",
                    color_scheme="amber",
                    role="note",
                    id="preview-banner",
                    width="100%",
                ),
                offering_body(s, _enrol_stand_in()),
                spacing="4",
                width="100%",
            ),
            rx.cond(
                ready(s.denied, s.loaded_path),
                rx.callout(tr["not_allowed"], icon="lock", color_scheme="red", id="denied"),
                skeleton(lines=8),
            ),
        )
    )
