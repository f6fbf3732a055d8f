"""The operator's console over the platform's own tables: the outbox and the mail sent.

Each function checks the one permission table (`authz`) for the principal it is given
and acts as that principal in the audit log; the platform pieces below it know no roles.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from microcred_market.accounts import authz
from microcred_market.platform import audit, outbox
from microcred_market.platform import queries as platform_queries


@dataclass(frozen=True)
class OutboxView:
    """The outbox page: what is waiting, what is dead, and the newest of everything."""

    pending: list[platform_queries.QueuedLine]
    dead: list[platform_queries.QueuedLine]
    recent: list[platform_queries.OutboxLine]
    max_attempts: int


def outbox_view(session: Session, principal: authz.Principal, limit: int = 200) -> OutboxView:
    authz.require(principal, "admin.outbox.view")
    return OutboxView(
        pending=platform_queries.queued(session, dead=False, limit=limit),
        dead=platform_queries.queued(session, dead=True, limit=limit),
        recent=platform_queries.recent_outbox(session, limit),
        max_attempts=outbox.max_attempts(),
    )


def retry_message(session: Session, principal: authz.Principal, message_uuid: str) -> None:
    """Try a dead message again from its first attempt (audited; wakes the worker)."""
    authz.require(principal, "admin.outbox.retry")
    outbox.retry(session, message_uuid, audit.user(principal.user_id))


def mail_log(
    session: Session, principal: authz.Principal, recipient: str = "", page: int = 1
) -> platform_queries.MailPage:
    authz.require(principal, "admin.mail.view")
    return platform_queries.mail_log(session, recipient, page)
