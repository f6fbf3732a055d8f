"""Joining the market (/join) and the owner's editor of the university's page.

Both forms post natively to the API (`api/portal.py`), which checks the permission in the
service; these States only show what the services return.
"""

from __future__ import annotations

import reflex as rx

from microcred_market.accounts import authz, joining
from microcred_market.catalogue import vocab
from microcred_market.platform.db import Session
from microcred_market.platform.errors import DomainError
from microcred_market.ui.components.forms import api, field, flash_message, submit
from microcred_market.ui.components.layout import page
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.native_form import native_form
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.state.auth import AuthState, Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session


def _mine(session: Session, user_id: int) -> list[joining.ApplicationView]:
    return joining.my_applications(session, authz.principal_for(session, user_id))


class JoinState(rx.State):
    loaded: bool = False
    countries: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    mine: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer) -> None:
        lang = await reader_lang(self)
        tr = table(lang)
        self.countries = [
            {"code": code, "name": vocab.label(vocab.COUNTRIES, code, lang)}
            for code in vocab.COUNTRIES
        ]
        found = await run_in_session(_mine, viewer.user_id)
        self.mine = [
            {
                "name": a.name,
                "state": a.state,
                "state_label": tr.get(f"application_state.{a.state}", a.state),
                "reason": a.reason,
                "submitted": a.created_at.strftime("%Y-%m-%d"),
                "page": f"/staff/{a.university_slug}/university" if a.university_slug else "",
            }
            for a in found
        ]
        self.loaded = True


def _select(label: str, name: str) -> rx.Component:
    return rx.el.div(
        rx.el.label(LangState.tr[label], html_for=f"join-{name}", class_name="form-label"),
        rx.el.select(
            rx.foreach(JoinState.countries, lambda c: rx.el.option(c["name"], value=c["code"])),
            id=f"join-{name}",
            name=name,
            required=True,
            class_name="native-select",
        ),
        class_name="form-field",
    )


def _mine_list() -> rx.Component:
    tr = LangState.tr
    return rx.vstack(
        rx.heading(tr["join_mine"], as_="h2", size="5"),
        rx.cond(
            JoinState.mine.length() > 0,
            rx.el.ul(
                rx.foreach(
                    JoinState.mine,
                    lambda a: rx.el.li(
                        rx.vstack(
                            rx.hstack(
                                rx.text(a["name"], weight="bold"),
                                rx.badge(
                                    a["state_label"],
                                    color_scheme=rx.match(
                                        a["state"],
                                        ("approved", "green"),
                                        ("refused", "red"),
                                        "orange",
                                    ),
                                ),
                                wrap="wrap",
                                align="center",
                            ),
                            rx.text(tr["application_submitted"], ": ", a["submitted"], size="2"),
                            rx.cond(
                                a["reason"] != "",
                                rx.text(tr["application_reason"], ": ", a["reason"], size="2"),
                            ),
                            rx.cond(
                                a["page"] != "",
                                rx.link(tr["join_open_page"], href=a["page"]),
                            ),
                            spacing="1",
                        ),
                        class_name="plain-list-item",
                    ),
                ),
                id="my-applications",
                class_name="plain-list",
            ),
            rx.text(tr["join_none"], size="2"),
        ),
        width="100%",
        align="start",
    )


@rx.page(route="/join", on_load=[AuthState.load, JoinState.load], title=page_title("join"))
def join_page() -> rx.Component:
    tr = LangState.tr
    return page(
        rx.vstack(
            rx.heading(tr["join_title"], as_="h1", size="7"),
            flash_message(),
            rx.cond(
                ready(JoinState.loaded),
                rx.vstack(
                    rx.text(tr["join_intro"]),
                    rx.card(
                        native_form(
                            field("join_name", "name", id_prefix="join", maxlength=200),
                            _select("join_country", "country"),
                            field("join_city", "city", id_prefix="join", required=False),
                            field(
                                "join_website",
                                "website",
                                input_type="url",
                                hint_key="join_website_hint",
                                id_prefix="join",
                            ),
                            field(
                                "join_quality_body",
                                "quality_body",
                                hint_key="join_quality_body_hint",
                                id_prefix="join",
                            ),
                            field(
                                "join_contact_name",
                                "contact_name",
                                id_prefix="join",
                                autocomplete="name",
                            ),
                            field(
                                "join_contact_email",
                                "contact_email",
                                input_type="email",
                                autocomplete="email",
                                id_prefix="join",
                            ),
                            field(
                                "join_contact_phone",
                                "contact_phone",
                                input_type="tel",
                                autocomplete="tel",
                                required=False,
                                id_prefix="join",
                            ),
                            submit("join_submit", id="join-submit"),
                            action=api("/api/universities/apply"),
                            method="post",
                            class_name="plain-form",
                            id="join-form",
                        ),
                        width="100%",
                    ),
                    _mine_list(),
                    spacing="4",
                    width="100%",
                ),
                skeleton(),
            ),
            spacing="4",
            width="100%",
            max_width="720px",
        )
    )


# ---------------------------------------------------------------- the university's page


def _editable(session: Session, slug: str, user_id: int) -> joining.UniversityPage | None:
    who = authz.principal_for(session, user_id)
    try:
        return joining.university_page(session, who, slug)
    except DomainError:
        return None


class UniversityPageState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    slug: str = ""
    name: str = ""
    website: str = ""
    description: str = ""
    quality_assurance: str = ""
    logo_url: str = ""

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer) -> None:
        self.loaded_path = current_path(self)
        slug = str(self.router.page.params.get("slug", ""))[:120]
        found = await run_in_session(_editable, slug, viewer.user_id)
        if found is None:
            self.allowed, self.denied = False, True
            return
        self.slug, self.name, self.website = found.slug, found.name, found.website
        self.description, self.quality_assurance = found.description, found.quality_assurance
        self.logo_url = found.logo_url
        self.allowed, self.denied = True, False


def _textarea(
    label: str, name: str, value: rx.Var[str] | str, hint: str | None = None
) -> rx.Component:
    tr = LangState.tr
    return rx.el.div(
        rx.el.label(tr[label], html_for=f"uni-{name}", class_name="form-label"),
        rx.el.textarea(
            id=f"uni-{name}",
            name=name,
            rows=6,
            default_value=value,
            max_length=joining.MAX_PAGE_TEXT,
            class_name="form-input",
            aria_describedby=f"uni-{name}-hint" if hint else None,
            style={"width": "100%", "boxSizing": "border-box"},
        ),
        *([rx.el.small(tr[hint], id=f"uni-{name}-hint", class_name="form-hint")] if hint else []),
        class_name="form-field",
    )


@rx.page(
    route="/staff/[slug]/university",
    on_load=staff_on_load(UniversityPageState.load),
    title=page_title("staff-university"),
)
def university_page_editor() -> rx.Component:
    tr = LangState.tr
    s = UniversityPageState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.link(s.name, href="/staff/" + s.slug),
                rx.heading(tr["uni_page_title"], as_="h1", size="7"),
                flash_message(),
                rx.text(tr["uni_page_intro"]),
                rx.card(
                    native_form(
                        rx.el.div(
                            rx.el.label(
                                tr["join_website"], html_for="uni-website", class_name="form-label"
                            ),
                            rx.el.input(
                                id="uni-website",
                                name="website",
                                type="url",
                                required=True,
                                default_value=s.website,
                                class_name="form-input",
                            ),
                            class_name="form-field",
                        ),
                        _textarea("uni_description", "description", s.description),
                        _textarea(
                            "uni_quality_assurance",
                            "quality_assurance",
                            s.quality_assurance,
                            hint="uni_quality_assurance_hint",
                        ),
                        submit("uni_save", id="uni-save"),
                        action=api("/api/staff/") + s.slug + "/university",
                        method="post",
                        class_name="plain-form",
                        id="uni-page-form",
                        # Re-mount when another university is loaded, so the
                        # uncontrolled fields show its text, not the previous one's.
                        key=s.slug,
                    ),
                    width="100%",
                ),
                rx.card(
                    rx.heading(tr["uni_logo"], as_="h2", size="4"),
                    rx.cond(
                        s.logo_url != "",
                        rx.image(
                            src=s.logo_url,
                            alt=tr["uni_logo_alt"],
                            max_height="96px",
                            max_width="240px",
                            id="uni-logo",
                        ),
                        rx.text(tr["uni_logo_none"], size="2"),
                    ),
                    native_form(
                        rx.el.label(
                            tr["uni_logo"], html_for="uni-logo-file", class_name="form-label"
                        ),
                        rx.el.input(
                            id="uni-logo-file",
                            name="logo",
                            type="file",
                            accept="image/png,image/jpeg,image/webp",
                            required=True,
                            aria_describedby="uni-logo-hint",
                        ),
                        rx.el.small(
                            tr["uni_logo_hint"], id="uni-logo-hint", class_name="form-hint"
                        ),
                        submit("uni_logo_upload", id="uni-logo-submit"),
                        action=api("/api/staff/") + s.slug + "/university/logo",
                        method="post",
                        enc_type="multipart/form-data",
                        class_name="plain-form",
                    ),
                    width="100%",
                ),
                spacing="4",
                width="100%",
                max_width="820px",
            ),
            rx.cond(
                s.denied,
                rx.callout(tr["not_allowed"], icon="lock", color_scheme="red", id="denied"),
                skeleton(),
            ),
        )
    )
