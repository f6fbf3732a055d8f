"""Mail and deletions from before links were minted at sending time are cleaned up."""

from __future__ import annotations

from uuid import uuid4

import pytest
import sqlalchemy as sa

from microcred_market.accounts.models import StaffInvitation, User
from microcred_market.catalogue.models import University
from microcred_market.platform import migrations
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import get_engine, session_scope
from microcred_market.platform.models import AuditEvent, OutboxMessage, RateLimitHit
from tests.support.at_rest import places_holding

pytestmark = [pytest.mark.accounts, pytest.mark.security]

# The outbox as it was at 0007 (later revisions add columns the model has now).
OLD_OUTBOX = sa.table(
    "outbox",
    sa.column("uuid", sa.Uuid()),
    sa.column("kind", sa.String()),
    sa.column("payload", sa.JSON()),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("processed_at", sa.DateTime(timezone=True)),
    sa.column("attempts", sa.Integer()),
    sa.column("last_error", sa.Text()),
)


def _old_message(session, payload: dict, processed_at=None, attempts: int = 0) -> None:
    session.execute(
        OLD_OUTBOX.insert().values(
            uuid=uuid4(),
            kind="mail",
            payload=payload,
            created_at=utcnow(),
            processed_at=processed_at,
            attempts=attempts,
            last_error="",
        )
    )


LINK = "http://testserver/api/auth/reset?token=LiveTokenFromBeforeTheUpgrade0123456789abc"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def old_url(request: pytest.FixtureRequest) -> str:
    url = request.getfixturevalue(f"empty_{request.param}_url")
    with get_engine(url).connect() as connection:
        migrations.upgrade(connection, "0007")
        connection.commit()
    return url


def test_the_upgrade_removes_old_links_and_deleted_addresses(old_url: str) -> None:
    gone = "old.deleted@example.org"
    with session_scope(old_url) as session:
        _old_message(
            session,
            {"to": "a@example.org", "subject": "Reset", "body": LINK, "lang": "en"},
            processed_at=utcnow(),
            attempts=1,
        )
        waiting = {"to": "b@example.org", "subject": "Reset", "body": LINK, "lang": "en"}
        _old_message(session, waiting)
        user = User(email=None, display_name="", deleted_at=utcnow(), uuid=uuid4())
        session.add(user)
        uni = University(
            slug="old-u", name="Old U", country_code="PL", city="X", website="https://x.example"
        )
        session.add(uni)
        session.flush()
        assert user.id is not None and uni.id is not None
        session.add(AuditEvent(action="account.signup", actor_user_id=user.id, subject=gone))
        session.add(AuditEvent(action="staff.invited", subject="old-u", detail={"email": gone}))
        _old_message(
            session,
            {"to": gone, "subject": "Hi", "body": "x", "lang": "en"},
            processed_at=utcnow(),
        )
        session.add(
            StaffInvitation(
                token_hash="0" * 64,
                university_id=uni.id,
                email=gone,
                role="editor",
                invited_by=user.id,
                expires_at=utcnow(),
            )
        )
        session.add(RateLimitHit(key=f"reset:email:{gone}"))
        stand_in = f"deleted-account:{user.uuid}"

    with get_engine(old_url).connect() as connection:
        migrations.upgrade(connection)
        connection.commit()

    assert places_holding(old_url, "LiveTokenFromBeforeTheUpgrade") == ["outbox.payload"]
    assert places_holding(old_url, gone) == []
    with session_scope(old_url) as session:
        still_waiting = session.execute(
            sa.select(OutboxMessage).where(OutboxMessage.processed_at.is_(None))
        ).scalar_one()
        assert still_waiting.payload == waiting  # not sent yet: it still needs its body
        events = session.execute(sa.select(AuditEvent)).scalars().all()
        assert len(events) == 2 and all(stand_in in e.subject + str(e.detail) for e in events)
