"""/credentials/[uuid]: the page a learner chose to share, verified live on every visit.

Only a credential its owner made public shows anything; an unknown or private one gets
the same friendly sentence, so the page never tells which UUIDs exist.
"""

from __future__ import annotations

import logging
from typing import Any

import reflex as rx

from microcred_market.credentials import queries as credential_queries
from microcred_market.credentials.sources import verify_document
from microcred_market.platform import urls
from microcred_market.platform.db import Session
from microcred_market.ui.components.layout import page
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.pages.credentials.verify.check import presented
from microcred_market.ui.pages.credentials.verify.components import result_block
from microcred_market.ui.pages.credentials.verify.present import unreadable
from microcred_market.ui.state.auth import AuthState, public
from microcred_market.ui.state.base import over_limit, reader_lang, run_in_session

log = logging.getLogger("microcred.ui.shared")


def shared_view(session: Session, credential_uuid: str, lang: str) -> dict[str, Any] | None:
    """The presented live verification of a public credential, or None if not shared."""
    shared = credential_queries.shared_credential(session, credential_uuid)
    if shared is None:
        return None
    result = verify_document(session, shared.document).as_dict()
    view = presented(session, result, lang)
    view["verify_href"] = urls.verify_page(shared.uuid)
    return view


class SharedCredentialState(rx.State):
    loaded: bool = False
    loaded_path: str = ""
    found: bool = False
    verify_href: str = ""
    verdict: str = ""
    message: str = ""
    has_facts: bool = False
    facts_verified: bool = False
    title: str = ""
    sentence: str = ""
    description: str = ""
    content_lang: str = "en"
    facts: list[dict[str, str]] = []
    outcomes: list[str] = []
    skills: list[dict[str, str]] = []
    part_of: list[dict[str, str]] = []
    parts: list[dict[str, str]] = []
    checks: list[dict[str, str]] = []

    @rx.event
    @public
    async def load(self):
        self.loaded = False
        self.loaded_path = current_path(self)
        credential_uuid = str(self.router.page.params.get("uuid", ""))[:64]
        lang = await reader_lang(self)
        if limited := await over_limit(self, "verify:ip"):
            # Every visit verifies the credential again: the verifier's per-address budget.
            for key, value in unreadable(limited, lang).items():
                setattr(self, key, value)
            self.found = self.loaded = True
            return
        try:
            view = await run_in_session(shared_view, credential_uuid, lang)
        except Exception:  # verification must never show a stack trace
            log.exception("showing a shared credential failed")
            view = None
        self.found = view is not None
        for key, value in (view or {}).items():
            setattr(self, key, value)
        self.loaded = True


def _not_shared() -> rx.Component:
    tr = LangState.tr
    return rx.vstack(
        rx.icon("eye-off", size=40, aria_hidden="true", color="var(--gray-11)"),
        rx.heading(tr["not_shared_title"], as_="h1", size="7", id="not-shared"),
        rx.text(tr["not_shared_text"], max_width="70ch"),
        rx.link(rx.button(tr["nav_verify"], size="3"), href="/verify"),
        spacing="3",
        padding_y="var(--space-6)",
        align="start",
    )


@rx.page(
    route="/credentials/[uuid]",
    on_load=[AuthState.load, SharedCredentialState.load],
    title=page_title("credential", SharedCredentialState.title),
)
def shared_credential_page() -> rx.Component:
    tr = LangState.tr
    s = SharedCredentialState
    return page(
        rx.cond(
            ready(s.loaded, s.loaded_path),
            rx.cond(
                s.found,
                rx.vstack(
                    rx.text(tr["shared_kicker"], size="2", color_scheme="gray", weight="medium"),
                    rx.heading(
                        s.title,
                        as_="h1",
                        size=rx.breakpoints(initial="7", md="8"),
                        lang=s.content_lang,
                    ),
                    rx.text(tr["live_check"], size="2", color_scheme="gray"),
                    result_block(s, show_title=False),
                    rx.link(
                        rx.hstack(
                            rx.icon("shield-check", size=16, aria_hidden="true"),
                            rx.text(tr["open_verify"]),
                            spacing="1",
                            align="center",
                        ),
                        href=s.verify_href,
                        id="open-verify",
                    ),
                    spacing="3",
                    width="100%",
                ),
                _not_shared(),
            ),
            skeleton(lines=6),
        )
    )
