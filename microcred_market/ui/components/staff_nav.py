"""The staff header on every `/staff/[slug]/...` page: which university, a switcher for
people with roles at several, and the staff pages this viewer's role allows there.

A page joins it with `staff_frame(...)` instead of `page(...)` and `staff_on_load(...)`
for its `on_load`. A new staff page adds one line to `STAFF_LINKS`: its address after
`/staff/[slug]`, the `ui.` key of its name, and the `accounts.authz` action its page rule
checks (`ui.guards.PAGE_RULES`; a unit test keeps the two the same). The links are read
from authz on the server for this event's viewer, like the page's own check, so the
header never offers a page the page would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import reflex as rx
from reflex.event import EventHandler, EventSpec

from microcred_market.accounts import authz
from microcred_market.accounts import queries as account_queries
from microcred_market.catalogue import queries as catalogue_queries
from microcred_market.platform.db import Session
from microcred_market.ui.components.layout import page
from microcred_market.ui.components.loading import current_path
from microcred_market.ui.i18n import LangState
from microcred_market.ui.state.auth import AuthState, Viewer, maybe_signed_in
from microcred_market.ui.state.base import run_in_session

# (address after /staff/[slug], `ui.` key of the link's name, authz action of the page)
STAFF_LINKS: list[tuple[str, str, str]] = [
    ("", "staff_title", "university.staff.view"),
    ("/learners", "learners_title", "university.credentials.manage"),
    ("/review", "rv_queue_link", "university.assess"),
    ("/appeals", "rv_appeals_link", "university.assess"),
    ("/attempts", "sitting_link", "university.assess"),
    ("/release", "rl_link", "university.results.release"),
    ("/recognition", "rq_link", "university.assess"),
    ("/assessments", "staff_assessments_link", "university.offerings.edit"),
    ("/qualifications", "staff_qualifications_link", "university.offerings.edit"),
    ("/accommodations", "staff_accommodations_link", "university.accommodations.manage"),
    ("/university", "staff_university_link", "university.page.edit"),
    ("/payments", "staff_payments_link", "university.payments.view"),
    ("/offerings", "staff_offerings_link", "university.offerings.edit"),
    ("/offerings/import", "staff_import_link", "university.offerings.edit"),
    ("/exports", "staff_exports_link", "university.enrolments.export"),
    ("/analytics", "an_link", "university.analytics.view"),
    ("/cohorts", "staff_cohorts_link", "university.cohorts.manage"),
    # ---- new staff pages: one line each, above this comment ----
]


@dataclass(frozen=True)
class StaffNav:
    """What the header shows for one viewer at one university's staff page."""

    university: str
    slug: str
    # the STAFF_LINKS suffixes this viewer may open at this university
    allowed: list[str]
    # the link of the page shown ("" is the team page), and whether it is that very page
    section: str | None
    exact: bool
    # the viewer's other universities: name, address (this page there when allowed)
    switch: list[dict[str, str]]


def _suffix(path: str, slug: str) -> str:
    prefix = f"/staff/{slug}"
    return path[len(prefix) :].rstrip("/") if path.startswith(prefix) else ""


def _section(suffix: str) -> tuple[str | None, bool]:
    """The link whose page (or a page under it) `suffix` is."""
    best: str | None = None
    for link, _key, _action in STAFF_LINKS:
        if suffix == link:
            return link, True
        if link and suffix.startswith(link + "/") and (best is None or len(link) > len(best)):
            best = link
    return best, False


def nav_for(
    principal: authz.Principal,
    university: catalogue_queries.UniversityRef | None,
    path: str,
    universities: list[account_queries.StaffUniversity],
) -> StaffNav | None:
    """The header for `principal` on `path`, or None when there is nothing to show."""
    if university is None:
        return None
    allowed = [
        suffix
        for suffix, _key, action in STAFF_LINKS
        if authz.can(principal, action, university.id)
    ]
    if not allowed:
        return None
    section, exact = _section(_suffix(path, university.slug))
    actions = {suffix: action for suffix, _key, action in STAFF_LINKS}
    switch = []
    if len(universities) > 1:
        for other in universities:
            here = f"/staff/{other.slug}"
            if section is not None and exact and authz.can(principal, actions[section], other.id):
                here += section
            switch.append(
                {
                    "name": other.name,
                    "href": here,
                    "current": "1" if other.id == university.id else "",
                }
            )
    return StaffNav(
        university=university.name,
        slug=university.slug,
        allowed=allowed,
        section=section,
        exact=exact,
        switch=switch,
    )


def _nav(session: Session, slug: str, path: str, user_id: int | None) -> StaffNav | None:
    if user_id is None:
        return None
    who = authz.principal_for(session, user_id)
    return nav_for(
        who,
        catalogue_queries.university_by_slug(session, slug),
        path,
        account_queries.staff_universities(session, user_id),
    )


class StaffNavState(rx.State):
    """The staff header's links; filled on each staff page's load for its viewer."""

    shown: bool = False
    university: str = ""
    slug: str = ""
    allowed: rx.Field[list[str]] = rx.field(default_factory=list)
    section: str = "-"
    exact: bool = False
    switch: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.event
    @maybe_signed_in
    async def load(self, *, viewer: Viewer | None):
        slug = str(self.router.page.params.get("slug", ""))[:120]
        found = await run_in_session(
            _nav, slug, current_path(self), viewer.user_id if viewer else None
        )
        if found is None:
            self.reset()
            return
        self.shown = True
        self.university, self.slug = found.university, found.slug
        self.allowed = found.allowed
        self.section = "-" if found.section is None else found.section
        self.exact = found.exact
        self.switch = found.switch


def staff_on_load(*handlers: EventHandler | EventSpec | Any) -> list[Any]:
    """A staff page's `on_load`: who is signed in, this header, then the page's own."""
    return [AuthState.load, StaffNavState.load, *handlers]


# The university's name in the header; never one of the links' ids ("/university" is
# "staff-nav-university").
NAME_ID = "staff-nav-name"


def link_id(suffix: str) -> str:
    """The id of the header's link to the staff page at `suffix` ("" : the team page)."""
    return "staff-nav" + (suffix.replace("/", "-") or "-team")


def _link(suffix: str, key: str) -> rx.Component:
    s = StaffNavState
    here = s.section == suffix
    return rx.cond(
        s.allowed.contains(suffix),
        rx.el.li(
            rx.link(
                LangState.tr[key],
                href="/staff/" + s.slug + suffix,
                aria_current=rx.cond(here, rx.cond(s.exact, "page", "location"), None),
                weight=rx.cond(here, "bold", "regular"),
                underline=rx.cond(here, "always", "hover"),
                size="2",
                id=link_id(suffix),
            ),
        ),
    )


def _switcher() -> rx.Component:
    tr = LangState.tr
    s = StaffNavState
    return rx.cond(
        s.switch.length() > 1,
        rx.el.details(
            rx.el.summary(tr["staff_nav.switch"], class_name="staff-switch-summary"),
            rx.el.ul(
                rx.foreach(
                    s.switch,
                    lambda u: rx.el.li(
                        rx.link(
                            u["name"],
                            href=u["href"],
                            aria_current=rx.cond(u["current"] != "", "true", None),
                            weight=rx.cond(u["current"] != "", "bold", "regular"),
                            size="2",
                        )
                    ),
                ),
                class_name="staff-switch-list",
            ),
            id="staff-switch",
            class_name="staff-switch",
        ),
    )


def staff_nav() -> rx.Component:
    """The header itself: the university, the switcher, the links."""
    tr = LangState.tr
    s = StaffNavState
    return rx.cond(
        s.shown,
        rx.el.div(
            rx.el.nav(
                rx.el.div(
                    rx.icon("building-2", size=16, aria_hidden="true"),
                    rx.el.span(tr["staff_nav.university"], class_name="sr-only"),
                    rx.text(s.university, weight="bold", size="2", id=NAME_ID),
                    _switcher(),
                    class_name="staff-nav-university",
                ),
                rx.el.ul(*[_link(suffix, key) for suffix, key, _ in STAFF_LINKS]),
                aria_label=tr["staff_nav.label"],
                id="staff-nav",
                class_name="staff-nav",
            ),
            class_name="staff-nav-bar",
        ),
    )


def staff_frame(*children: rx.Component, **props: Any) -> rx.Component:
    """`layout.page` with the staff header under the site header."""
    return page(*children, subnav=staff_nav(), **props)
