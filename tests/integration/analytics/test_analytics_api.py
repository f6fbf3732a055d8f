"""The analytics CSV route, and the verifications and shares that feed the figures."""

from __future__ import annotations

import copy
import csv
import io
import json
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from microcred_market.accounts import authz
from microcred_market.accounts import service as accounts
from microcred_market.analytics import queries
from microcred_market.catalogue.models import Offering
from microcred_market.credentials import issuing
from microcred_market.credentials.models import CredentialActivity
from microcred_market.credentials.sources import verify_document
from microcred_market.platform.clock import utcnow
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from tests.conftest import migrated
from tests.integration.credentials.test_credentials import pass_and_issue
from tests.support.analytics_world import make_analytics_world
from tests.support.credential_world import make_world

pytestmark = pytest.mark.portal


@pytest.fixture
def fresh_url(empty_sqlite_url: str) -> str:
    """SQLite only: the figures themselves are checked on both engines elsewhere."""
    return migrated(empty_sqlite_url)


def _rows(body: bytes) -> list[list[str]]:
    assert body.startswith("\ufeff".encode())  # Excel reads the Polish letters right
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_csv_has_every_line_and_no_formula(browser, app_env, monkeypatch) -> None:
    world = make_analytics_world(app_env)
    with session_scope(app_env) as session:
        green = session.execute(
            sa.select(Offering).where(Offering.slug == world.green_slug)
        ).scalar_one()
        green.title = '=HYPERLINK("https://evil.example","Green")'
        session.add(green)
        token = accounts.create_session(session, world.editor_id)
    monkeypatch.setattr(
        "microcred_market.api.analytics.utcnow", lambda: datetime(2026, 12, 2, 9, tzinfo=UTC)
    )
    browser.client.cookies.set(SESSION_COOKIE, token)
    response = browser.get(f"/api/universities/{world.slug}/analytics.csv?months=12")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = _rows(response.content)
    header = rows[0]
    assert header[:5] == ["Line", "Month", "Course", "Cohort", "Enrolments"]
    assert "Net revenue (EUR)" in header and "Net revenue (PLN)" in header
    by_scope: dict[str, list[list[str]]] = {}
    for row in rows[1:]:
        by_scope.setdefault(row[0], []).append(row)
    assert [row[1] for row in by_scope["month"]][0] == "2026-01"
    assert len(by_scope["month"]) == 12
    november = next(row for row in by_scope["month"] if row[1] == "2026-11")
    column = {name: index for index, name in enumerate(header)}
    assert november[column["Enrolments"]] == "3"
    assert november[column["Refunds (PLN)"]] == "100.00"
    assert november[column["Net revenue (EUR)"]] == "27.00"
    courses = {row[2]: row for row in by_scope["course"]}
    # The title that would run as a formula is text: an apostrophe before it.
    assert '\'=HYPERLINK("https://evil.example","Green")' in courses
    assert courses["Data analysis"][column["Pass rate"]] == "50.0"
    (total,) = by_scope["total"]
    assert total[column["Enrolments"]] == "4"
    assert total[column["Verifications"]] == "3"
    assert total[column["Days to credential (mean)"]] == "33.5"
    assert total[column["Net revenue (PLN)"]] == "180.00"

    # One offering, in Polish; another university's course is no filter of ours.
    browser.client.cookies.set("lang", "pl")
    only = browser.get(
        f"/api/universities/{world.slug}/analytics.csv?months=3&offering={world.slug}-data"
    )
    rows = _rows(only.content)
    assert rows[0][:2] == ["Wiersz", "Miesiąc"]
    assert [row[2] for row in rows if row[0] == "kurs"] == ["Data analysis"]
    other = browser.get(
        f"/api/universities/{world.slug}/analytics.csv?offering={world.slug}-other-course"
    )
    assert other.status_code == 404
    # The other university's owner gets nothing.
    with session_scope(app_env) as session:
        stranger = accounts.create_session(session, world.other_owner_id)
    browser.client.cookies.set(SESSION_COOKIE, stranger)
    assert browser.get(f"/api/universities/{world.slug}/analytics.csv").status_code == 403


def _activity(url: str) -> list[tuple[str, str]]:
    with session_scope(url) as session:
        rows = session.execute(
            sa.select(CredentialActivity.kind, CredentialActivity.verdict).order_by(
                CredentialActivity.id
            )
        ).all()
    return [(kind, verdict) for kind, verdict in rows]


def test_verifications_and_shares_are_counted_for_the_issuer(browser, app_env) -> None:
    world = make_world(app_env, learners=1, slug="uni-counted")
    row = pass_and_issue(world)
    document = json.loads(row.document)

    # The verify page and the public page go through verify_document; the API too.
    with session_scope(app_env) as session:
        assert verify_document(session, document).verdict == "valid"
    response = browser.client.post("/api/verify", json=document)
    assert response.status_code == 200 and response.json()["verdict"] == "valid"
    tampered = copy.deepcopy(document)
    tampered["credentialSubject"]["achievement"]["name"] = "Something else"
    with session_scope(app_env) as session:
        assert verify_document(session, tampered).verdict == "invalid"
    assert _activity(app_env) == [("verified", "valid")] * 2 + [("verified", "invalid")]

    # Not ours: another issuer claiming our UUID, or no id at all, counts for nobody.
    borrowed = copy.deepcopy(document)
    borrowed["issuer"] = {"id": "did:web:elsewhere.example", "name": "Elsewhere"}
    anonymous = {k: v for k, v in document.items() if k != "id"}
    with session_scope(app_env) as session:
        verify_document(session, borrowed)
        verify_document(session, anonymous)
    assert len(_activity(app_env)) == 3

    # Sharing: turning the public page on counts, turning it off (or on again) does not
    # add a share that did not happen.
    with session_scope(app_env) as session:
        uuid = str(row.uuid)
        issuing.set_public(session, user_id=world.learners[0], credential_uuid=uuid, public=True)
        issuing.set_public(session, user_id=world.learners[0], credential_uuid=uuid, public=True)
        issuing.set_public(session, user_id=world.learners[0], credential_uuid=uuid, public=False)
    assert _activity(app_env)[-1] == ("shared", "")
    assert len(_activity(app_env)) == 4

    # The owner of the other university sees none of it; the page's figures show it.
    with session_scope(app_env) as session:
        admin = authz.Principal(user_id=world.assessor_id, is_admin=True)
        found = queries.analytics(session, admin, world.slug, today=utcnow().date(), months=3)
    assert (found.totals.verifications, found.totals.shares) == (3, 1)
    assert found.totals.credentials == 1 and found.totals.passed == 1
