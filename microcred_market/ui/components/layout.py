"""The frame every page shares: skip link, header with language switch, footer."""

from __future__ import annotations

import reflex as rx
from reflex_components_core.el.elements.inline import A as PlainAnchor  # type: ignore[import-untyped]

from microcred_market.platform import i18n
from microcred_market.ui.components.document import document_language
from microcred_market.ui.components.forms import api
from microcred_market.ui.components.native_form import native_form
from microcred_market.ui.i18n import LangState, switch_language
from microcred_market.ui.state.auth import AuthState


def _lang_button(code: str) -> rx.Component:
    # The name a screen reader says starts with what is on the button ("EN"), so a voice
    # user can say what they see (WCAG 2.5.3), then names the language in itself,
    # whatever the page's language is.
    return rx.button(
        code.upper(),
        rx.el.span(" ", i18n.t("ui.language.endonym", code), class_name="sr-only"),
        on_click=switch_language(code),
        variant=rx.cond(LangState.current == code, "solid", "soft"),
        size="1",
        aria_pressed=rx.cond(LangState.current == code, "true", "false"),
        lang=code,
        id=f"lang-{code}",
    )


# Phones and narrow windows fold the links into a menu that this button opens. It runs
# in the browser alone (no round trip to the server), and says whether it is open.
_TOGGLE_MENU = (
    "(() => { const m = document.getElementById('site-menu');"
    " const b = document.getElementById('menu-toggle');"
    " const open = m.classList.toggle('open');"
    " b.setAttribute('aria-expanded', open ? 'true' : 'false'); })()"
)


def account_menu() -> rx.Component:
    """Who is signed in, with the way out; or the way in."""
    tr = LangState.tr
    return rx.cond(
        AuthState.signed_in,
        rx.el.div(
            rx.cond(
                AuthState.sees_all_orders,
                rx.link(tr["operator_area"], href="/admin/universities", id="admin-link"),
            ),
            rx.cond(
                AuthState.staff_href != "",
                rx.link(tr["staff_area"], href=AuthState.staff_href, id="staff-link"),
            ),
            rx.link(tr["my_learning"], href="/learning", id="learning-link"),
            rx.link(tr["my_credentials"], href="/wallet", id="wallet-link"),
            rx.link(
                rx.icon("circle-user", size=18, aria_hidden="true"),
                # A long name is cut short with an ellipsis; the whole name is the title.
                rx.el.span(AuthState.display_name, class_name="account-name"),
                href="/account",
                id="account-link",
                title=AuthState.display_name,
                aria_label=tr["my_account"] + ": " + AuthState.display_name,
                class_name="account-link",
            ),
            native_form(
                rx.button(tr["sign_out"], type="submit", variant="ghost", size="1", id="signout"),
                action=api("/api/auth/signout"),
                method="post",
            ),
            class_name="menu-group account-menu",
        ),
        rx.el.div(
            rx.link(tr["sign_in"], href="/signin", id="signin-link"),
            class_name="menu-group account-menu",
        ),
    )


def operator_nav() -> rx.Component:
    """The operator's pages, on top of each of them (one header link leads here)."""
    tr = LangState.tr
    return rx.el.nav(
        rx.flex(
            rx.link(tr["universities_title"], href="/admin/universities", id="admin-unis-link"),
            rx.link(tr["orders"], href="/admin/orders", id="admin-orders-link"),
            rx.link(tr["outbox_title"], href="/admin/outbox", id="admin-outbox-link"),
            rx.link(tr["audit_link"], href="/admin/audit", id="admin-audit-link"),
            rx.link(tr["fees_link"], href="/admin/fees", id="admin-fees-link"),
            rx.link(tr["vouchers_link"], href="/admin/vouchers", id="admin-vouchers-link"),
            rx.link(tr["mail_link"], href="/admin/mail", id="admin-mail-link"),
            spacing="4",
            wrap="wrap",
        ),
        aria_label=tr["operator_area"],
    )


def header() -> rx.Component:
    tr = LangState.tr
    return rx.el.header(
        rx.el.div(
            rx.link(
                rx.hstack(
                    rx.icon("badge-check", size=24, aria_hidden="true"),
                    rx.text("microcred", weight="bold", size="5"),
                    align="center",
                    spacing="2",
                ),
                href="/",
                underline="none",
                color_scheme="indigo",
                aria_label=tr["home_link"],
                class_name="brand",
            ),
            rx.el.div(
                rx.el.nav(
                    rx.link(tr["nav_catalogue"], href="/catalogue", id="nav-catalogue"),
                    rx.link(
                        tr["nav_universities"], href="/#universities", class_name="home-anchor"
                    ),
                    rx.link(
                        tr["nav_qualifications"], href="/#qualifications", class_name="home-anchor"
                    ),
                    rx.link(tr["nav_verify"], href="/verify", id="nav-verify"),
                    aria_label=tr["main_nav"],
                    class_name="menu-group site-nav",
                ),
                account_menu(),
                id="site-menu",
                class_name="site-menu",
            ),
            rx.el.div(
                rx.flex(
                    *[_lang_button(code) for code in i18n.languages()],
                    spacing="1",
                    role="group",
                    aria_label=tr["language"],
                ),
                rx.button(
                    rx.icon("menu", size=18, aria_hidden="true"),
                    rx.el.span(tr["menu"], class_name="menu-toggle-label"),
                    on_click=rx.call_script(_TOGGLE_MENU),
                    variant="soft",
                    size="2",
                    id="menu-toggle",
                    class_name="menu-toggle",
                    aria_controls="site-menu",
                    aria_expanded="false",
                ),
                class_name="header-tools",
            ),
            class_name="header-bar",
        ),
        border_bottom="1px solid var(--gray-a5)",
        background="var(--color-panel-solid)",
    )


def footer() -> rx.Component:
    return rx.el.footer(
        rx.text(LangState.tr["footer"], size="2", color_scheme="gray"),
        rx.link(LangState.tr["join_link"], href="/join", size="2", id="join-link"),
        max_width="1200px",
        margin_x="auto",
        padding="var(--space-4)",
        margin_top="var(--space-8)",
    )


def skip_link(label: rx.Var, target: str, link_id: str = "") -> rx.Component:
    """A link that only shows when focused and moves keyboard focus to `target` (an id
    of an element with tabindex -1)."""
    # A plain anchor, not `rx.el.a` (a React Router link): the router resolves "#main"
    # against the address the page was exported under ("/catalogue/"), which is not the
    # one it is read at ("/catalogue"), so it would stop being a same-page link.
    return PlainAnchor.create(
        label,
        href=f"#{target}",
        # The browser's own jump scrolls but does not move keyboard focus, which a
        # skip link must do.
        on_click=rx.call_script(f"document.getElementById('{target}')?.focus()").prevent_default,
        class_name="skip-link",
        id=link_id or None,
    )


def page(
    *children: rx.Component,
    skip_links: tuple[rx.Component, ...] = (),
    subnav: rx.Component | None = None,
) -> rx.Component:
    """The shared frame; `skip_links` come after "Skip to content", for pages with a long
    way from the top to what most readers came for (the catalogue's results). `subnav`
    (the staff header) sits under the site header, before the content that "Skip to
    content" reaches."""
    return rx.box(
        document_language(LangState.current),
        skip_link(LangState.tr["skip_to_content"], "main"),
        *skip_links,
        header(),
        *([subnav] if subnav is not None else []),
        rx.el.main(
            *children,
            id="main",
            tab_index=-1,
            max_width="1200px",
            margin_x="auto",
            padding_x=rx.breakpoints(initial="var(--space-3)", sm="var(--space-4)"),
            padding_y="var(--space-4)",
            width="100%",
        ),
        footer(),
        lang=LangState.current,
    )
