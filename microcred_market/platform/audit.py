"""The audit trail: who changed money, roles, keys or credentials, and from what to what.

One helper for every capability, so each row answers the same questions the operator's
audit page asks: who (an account, or the operator's login on the command line), what
(the action), on what (the subject), and the value before and after. A row is added to
the caller's unit of work, so it exists exactly when the change it records does.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from microcred_market.platform.models import AuditEvent


@dataclass(frozen=True)
class Actor:
    """Who acts: a signed-in account (`user_id`), or a name when no account does.

    The command line acts as the operator's OS login ("cli:alice") unless `--as` names an
    admin, in which case both are kept: the account answers for it, the login says where.
    """

    user_id: int | None = None
    name: str = ""


SYSTEM = Actor(name="system")


def cli_actor(user_id: int | None = None) -> Actor:
    try:
        login = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers): still say it was the CLI
        login = "unknown"
    return Actor(user_id=user_id, name=f"cli:{login}"[:200])


def user(user_id: int | None) -> Actor:
    return Actor(user_id=user_id) if user_id is not None else SYSTEM


def record(
    session: Session,
    action: str,
    actor: Actor,
    subject: str = "",
    *,
    before: Any = None,
    after: Any = None,
    **detail: Any,
) -> None:
    """Add one audit row; `before`/`after` are kept only when given (a change of value)."""
    data = dict(detail)
    if before is not None or after is not None:
        data["before"] = before
        data["after"] = after
    session.add(
        AuditEvent(
            action=action,
            actor_user_id=actor.user_id,
            actor_name=actor.name,
            subject=subject[:200],
            detail=data,
        )
    )
