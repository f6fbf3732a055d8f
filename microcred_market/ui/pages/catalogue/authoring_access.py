"""Who may author a university's offerings, checked in the unit of work that does it.

`catalogue.authoring` lies below `accounts` in the layers, so it takes the university the
caller was allowed for. Every page event of the authoring pages goes through `as_editor`:
the university named in the address, the person behind this event's session, the rule
of the page (`ui.guards.PAGE_RULES`: owners and editors of that university), and only
then the service, with that university's id, in the same session. Staff of another
university and learners get `Forbidden`, whatever the event names.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from microcred_market.accounts import authz
from microcred_market.catalogue import queries as catalogue_queries
from microcred_market.platform import audit
from microcred_market.platform.db import Session
from microcred_market.ui.guards import page_allowed

R = TypeVar("R")

LIST_ROUTE = "/staff/[slug]/offerings"
NEW_ROUTE = "/staff/[slug]/offerings/new"
EDIT_ROUTE = "/staff/[slug]/offerings/[offering]"
PREVIEW_ROUTE = "/staff/[slug]/offerings/[offering]/preview"
ROUTES = (LIST_ROUTE, NEW_ROUTE, EDIT_ROUTE, PREVIEW_ROUTE)


def editable_university(
    session: Session, user_id: int, university_slug: str, route: str = LIST_ROUTE
) -> catalogue_queries.UniversityRef:
    """The university in the address, if this person may author its offerings."""
    uni = catalogue_queries.university_by_slug(session, str(university_slug)[:120])
    who = authz.principal_for(session, user_id)
    if uni is None or not page_allowed(who, route, uni.id):
        if not who.signed_in:
            raise authz.NotSignedIn("error.accounts.sign_in_to_continue")
        raise authz.Forbidden("error.accounts.forbidden")
    return uni


def as_editor(
    session: Session,
    user_id: int,
    university_slug: str,
    call: Callable[[Session, catalogue_queries.UniversityRef, audit.Actor], R],
    route: str = LIST_ROUTE,
) -> R:
    """`call(session, university, actor)` for an owner or editor of that university; the
    call hands `university.id` to `catalogue.authoring`, which reaches nothing else."""
    uni = editable_university(session, user_id, university_slug, route)
    return call(session, uni, audit.user(user_id))
