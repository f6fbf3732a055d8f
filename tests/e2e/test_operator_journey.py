"""The operator in a real browser: a new university's first owner, and documents where
credentials say they are.

An operator made on the command line invites a university's first owner from the
operator area; the owner opens the mail, sees which university and role, creates an
account from the invitation, confirms the address, comes back to the invitation, joins
and finds the staff area in the header; the operator reads it all in the audit log.

Then the issued credential's issuer DID, context and status list are fetched from the
addresses the credential names, as an outside verifier would: JSON, never the site's
HTML page.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.request import urlopen

import pytest
from playwright.sync_api import expect

from tests.e2e.support import shot

pytestmark = [pytest.mark.e2e, pytest.mark.accounts]

PASSWORD = "plums are purple on tuesdays"
UNIVERSITY = "politechnika-gdanska"  # from the demo catalogue


def _operator(e2e_database_url: str) -> None:
    from microcred_market.accounts import passwords
    from microcred_market.accounts.models import User
    from microcred_market.platform.clock import utcnow
    from microcred_market.platform.db import session_scope

    with session_scope(e2e_database_url) as session:
        session.add(
            User(
                email="first.ops@example.org",
                email_verified_at=utcnow(),
                display_name="First Ops",
                is_admin=True,
                password_hash=passwords.hash_password(PASSWORD),
            )
        )


def _university_name(e2e_database_url: str, slug: str) -> str:
    from sqlmodel import select

    from microcred_market.catalogue.models import University
    from microcred_market.platform.db import session_scope

    with session_scope(e2e_database_url) as session:
        return session.exec(select(University.name).where(University.slug == slug)).one()


def test_an_operator_invites_a_universitys_first_owner(
    browse: Any, mailbox: Any, e2e_database_url: str
) -> None:
    _operator(e2e_database_url)
    name = _university_name(e2e_database_url, UNIVERSITY)

    operator = browse.new_page()
    operator.goto("/signin?next=/")
    operator.fill("#field-email", "first.ops@example.org")
    operator.fill("#field-password", PASSWORD)
    operator.click("#signin-submit")
    operator.click("#admin-link")
    expect(operator.locator("#universities-table")).to_contain_text(name)
    operator.select_option("#op-invite-university", UNIVERSITY)
    operator.fill("#op-invite-email", "rector.e2e@example.org")
    operator.select_option("#op-invite-role", "owner")
    operator.click("#op-invite-submit")
    expect(operator.locator("#flash")).to_contain_text("Invitation sent")
    shot(operator, "operator-universities")

    owner = browse.new_page()
    owner.goto(mailbox.last_link("rector.e2e@example.org"))
    expect(owner.locator("#invitation-university")).to_have_text(name)
    expect(owner.locator("#invitation-role")).to_have_text("owner")
    shot(owner, "operator-invitation")
    owner.click("#invitation-signup")
    owner.fill("#field-display_name", "Rector E2E")
    owner.fill("#field-email", "rector.e2e@example.org")
    owner.fill("#field-password", PASSWORD)
    owner.click("#signup-submit")
    expect(owner.locator("#flash")).to_contain_text("Check your inbox")
    owner.goto(mailbox.last_link("rector.e2e@example.org", 2))
    expect(owner.locator("#flash")).to_contain_text("confirmed")
    owner.fill("#field-email", "rector.e2e@example.org")
    owner.fill("#field-password", PASSWORD)
    owner.click("#signin-submit")
    # Back on the invitation, now signed in: it still names the university.
    expect(owner.locator("#invitation-university")).to_have_text(name)
    owner.click("#accept-invitation")
    expect(owner.locator("#staff-table")).to_contain_text("Rector E2E")
    expect(owner.locator("#invite-submit")).to_be_visible()  # the owner invites the rest
    owner.goto("/")
    owner.click("#staff-link")
    expect(owner.locator("#staff-table")).to_contain_text(re.compile("owner", re.IGNORECASE))

    operator.goto("/admin/audit?actor=rector.e2e")
    expect(operator.locator("#audit-table")).to_contain_text("staff.joined")
    expect(operator.locator("#audit-table")).not_to_contain_text("staff.invited")
    operator.goto("/admin/audit?action=staff.invited")
    expect(operator.locator("#audit-table")).to_contain_text("first.ops@example.org")
    shot(operator, "operator-audit")

    learner = browse.new_page()
    learner.goto("/signin?next=/admin/audit")
    learner.fill("#field-email", "rector.e2e@example.org")
    learner.fill("#field-password", PASSWORD)
    learner.click("#signin-submit")
    expect(learner.locator("#denied")).to_be_visible()


def _get_json(url: str) -> tuple[str, Any]:
    with urlopen(url, timeout=10) as response:  # noqa: S310 (our own harness on loopback)
        body = response.read()
        kind = response.headers.get("content-type", "")
    assert "html" not in kind, f"{url} answered {kind}: {body[:80]!r}"
    return kind, json.loads(body)


def test_the_credentials_documents_are_json_where_the_credential_says(
    base_url: str, e2e_database_url: str
) -> None:
    from sqlmodel import select

    from microcred_market.credentials import issuing
    from microcred_market.credentials import queries as credential_queries
    from microcred_market.orders.models import Enrolment
    from microcred_market.platform import urls
    from microcred_market.platform.db import session_scope
    from microcred_market.platform.outbox import process_outbox
    from microcred_market.vc import did as didlib
    from tests.support.credential_world import make_world

    world = make_world(e2e_database_url, learners=1, slug="e2e-docs")
    with session_scope(e2e_database_url) as session:
        enrolment = session.exec(
            select(Enrolment).where(Enrolment.user_id == world.learners[0])
        ).one()
        issuing.record_pass(session, enrolment, grade="90", actor_user_id=world.assessor_id)
    process_outbox(e2e_database_url)
    with session_scope(e2e_database_url) as session:
        item = credential_queries.wallet(session, world.learners[0])[0]
        credential = json.loads(issuing.credential_by_uuid(session, item.uuid).document)

    issuer = credential["issuer"]["id"]
    assert issuer.startswith("did:web:127.0.0.1%3A")
    # did:web says https; the harness serves loopback over plain HTTP.
    did_url = "http" + didlib.did_web_url(issuer)[len("https") :]
    site = urls.public_base()
    assert did_url.startswith(site + "/")  # the site's own address, not the backend's
    kind, document = _get_json(did_url)
    assert document["id"] == issuer and "did+json" in kind
    proofs = credential["proof"] if isinstance(credential["proof"], list) else [credential["proof"]]
    assert all(p["verificationMethod"].split("#")[0] == issuer for p in proofs)

    status_url = credential["credentialStatus"]["statusListCredential"]
    _, listing = _get_json(status_url)
    assert listing["issuer"] == issuer
    assert listing["credentialSubject"]["type"] == "BitstringStatusList"

    ours = [c for c in credential["@context"] if c.startswith(site)]
    assert ours, credential["@context"]
    _, context = _get_json(ours[0])
    assert "@context" in context
