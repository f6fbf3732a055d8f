"""/wallet: the signed-in learner's credentials, with every way to use and share them.

Downloads and the LinkedIn link are plain links to backend routes; switching the public
page on or off is a plain form that posts to the backend and comes back with a message.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.credentials import external as external_credentials
from microcred_market.credentials import queries as credential_queries
from microcred_market.platform import i18n
from microcred_market.stacking import recognition
from microcred_market.ui.components.forms import api, flash_message
from microcred_market.ui.components.layout import page
from microcred_market.ui.components.loading import ready, skeleton
from microcred_market.ui.components.native_form import native_form
from microcred_market.ui.guards import page_allowed
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.pages.credentials.wallet_external import (
    external_card,
    external_section,
)
from microcred_market.ui.state.auth import AuthState, Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session
from microcred_market.ui.view import fmt_date
from microcred_market.vc.share import linkedin_add_url

STATE_COLOURS = {"active": "green", "revoked": "red", "suspended": "orange", "pending": "gray"}


def state_label(state: str, lang: str) -> str:
    tr = table(lang)
    return tr.get(f"state_{state}", state)


def reason_label(reason: str, lang: str) -> str:
    """A reason the platform recorded (e.g. `refunded`) in words; staff's own text as typed."""
    key = f"vocab.credential_reason.{reason}"
    return i18n.t(key, lang) if reason and i18n.has(key) else reason


def wallet_card(item: credential_queries.WalletItem, lang: str) -> dict[str, str]:
    uuid = item.uuid
    facts = {"title": item.title, "issuer_name": item.university, "issued": item.issued}
    return {
        "uuid": uuid,
        "title": item.title,
        "university": item.university,
        "issued": fmt_date(item.issued, lang),
        "state": item.state,
        "state_label": state_label(item.state, lang),
        "colour": STATE_COLOURS.get(item.state, "gray"),
        "reason": reason_label(item.reason, lang),
        "public": "1" if item.public else "",
        "verify_href": item.verify_url,
        "json_href": item.json_url + ".json",
        "pdf_href": api(f"/api/credentials/{uuid}/certificate.pdf"),
        "badge_href": api(f"/api/credentials/{uuid}/badge.png"),
        "linkedin_href": linkedin_add_url(facts, item.verify_url, uuid),
        "share_url": item.share_url,
        "share_action": api(f"/api/credentials/{uuid}/share"),
        "share_value": "0" if item.public else "1",
    }


class WalletState(rx.State):
    loaded: bool = False
    credentials: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # Credentials from elsewhere: only what their cards show (never what was imported).
    external: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # The qualifications an imported credential may be asked to count toward.
    qualifications: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded = False
        if not page_allowed(viewer.principal, "/wallet"):
            return rx.redirect("/signin?next=/wallet")
        lang = await reader_lang(self)
        items = await run_in_session(credential_queries.wallet, viewer.user_id)
        self.credentials = [wallet_card(item, lang) for item in items]
        brought = await run_in_session(external_credentials.imported, viewer.user_id)
        asked = tuple(await run_in_session(recognition.my_requests, viewer.user_id))
        self.external = [external_card(item, lang, asked) for item in brought]
        self.qualifications = [
            {"slug": slug, "title": title}
            for slug, title in await run_in_session(recognition.qualifications_open)
        ]
        self.loaded = True
        return None


def action_link(
    icon: str, label: rx.Var | str, href: rx.Var, cls: str, external: bool = False
) -> rx.Component:
    return rx.link(
        rx.icon(icon, size=16, aria_hidden="true"),
        label,
        href=href,
        is_external=external,
        rel="noopener noreferrer" if external else None,
        class_name=cls,
        size="2",
        weight="medium",
        underline="none",
        display="inline-flex",
        align_items="center",
        gap="var(--space-1)",
        min_height="36px",
        padding_x="var(--space-3)",
        border="1px solid var(--accent-a7)",
        border_radius="var(--radius-3)",
        background="var(--accent-a2)",
    )


def _share_box(c: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    return rx.vstack(
        rx.text(tr["public_page"], weight="bold", size="2"),
        rx.cond(
            c["public"] != "",
            rx.box(
                rx.text(tr["public_on_text"], size="2"),
                rx.link(
                    c["share_url"],
                    href=c["share_url"],
                    size="2",
                    class_name="share-url",
                    overflow_wrap="anywhere",
                ),
            ),
            rx.text(tr["public_off_text"], size="2", color_scheme="gray"),
        ),
        native_form(
            rx.el.input(type="hidden", name="public", value=c["share_value"]),
            rx.button(
                rx.cond(c["public"] != "", tr["make_private"], tr["make_public"]),
                type="submit",
                size="2",
                variant=rx.cond(c["public"] != "", "outline", "solid"),
                class_name="share-toggle",
            ),
            action=c["share_action"],
            method="post",
            class_name="share-form",
        ),
        spacing="2",
        align="start",
        width="100%",
        padding_top="var(--space-3)",
        border_top="1px solid var(--gray-a5)",
    )


def credential_card(c: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.icon("award", size=28, color="var(--accent-11)", aria_hidden="true"),
                rx.box(
                    rx.heading(c["title"], as_="h2", size="5", class_name="credential-title"),
                    rx.text(
                        c["university"],
                        " · ",
                        tr["issued_on"],
                        " ",
                        c["issued"],
                        size="2",
                        color_scheme="gray",
                    ),
                    min_width="0",
                ),
                spacing="3",
                align="start",
            ),
            rx.flex(
                rx.badge(
                    c["state_label"],
                    color_scheme=c["colour"],
                    size="2",
                    class_name="credential-state",
                ),
                rx.cond(
                    c["reason"] != "",
                    rx.text(
                        tr["state_reason"], ": ", c["reason"], size="2", class_name="state-reason"
                    ),
                ),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            rx.flex(
                action_link("shield-check", tr["w_verify"], c["verify_href"], "verify-link"),
                action_link("file-json", tr["w_json"], c["json_href"], "json-link"),
                action_link("file-down", tr["w_pdf"], c["pdf_href"], "pdf-link"),
                action_link("image", tr["w_badge"], c["badge_href"], "badge-link"),
                action_link(
                    "external-link", tr["w_linkedin"], c["linkedin_href"], "linkedin-link", True
                ),
                spacing="2",
                wrap="wrap",
            ),
            _share_box(c),
            spacing="3",
            width="100%",
        ),
        width="100%",
        class_name="wallet-credential",
        id="credential-" + c["uuid"],
    )


@rx.page(
    route="/wallet",
    on_load=[AuthState.load, WalletState.load],
    title=page_title("wallet"),
)
def wallet_page() -> rx.Component:
    tr = LangState.tr
    s = WalletState
    return page(
        rx.vstack(
            rx.heading(tr["my_credentials"], as_="h1", size="7"),
            rx.text(tr["wallet_intro"], size="3", max_width="70ch"),
            flash_message(),
            rx.cond(
                ready(s.loaded),
                rx.cond(
                    s.credentials.length() > 0,
                    rx.grid(
                        rx.foreach(s.credentials, credential_card),
                        columns=rx.breakpoints(initial="1", lg="2"),
                        spacing="4",
                        width="100%",
                        id="wallet",
                    ),
                    rx.vstack(
                        rx.text(tr["wallet_empty"], id="wallet-empty"),
                        rx.link(tr["back_to_catalogue"], href="/catalogue", id="wallet-catalogue"),
                        spacing="2",
                    ),
                ),
                skeleton(),
            ),
            rx.cond(ready(s.loaded), external_section(s.external, s.qualifications)),
            rx.link(tr["nav_verify"], href="/verify", size="2"),
            spacing="4",
            width="100%",
        )
    )
