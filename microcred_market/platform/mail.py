"""Mail is written to the outbox in the caller's transaction, in the reader's language.

Sending happens after the commit (see `outbox.py`): a rolled-back sign-up never mails
anybody, and a mail server that is down delays a message but never loses it.
"""

from __future__ import annotations

from sqlmodel import Session

from microcred_market.platform.i18n import t
from microcred_market.platform.models import OutboxMessage


def render(template: str, lang: str, **context: str) -> tuple[str, str]:
    return t(f"mail.{template}.subject", lang, **context), t(
        f"mail.{template}.body", lang, **context
    )


def queue_mail(session: Session, *, to: str, template: str, lang: str, **context: str) -> None:
    subject, body = render(template, lang, **context)
    session.add(
        OutboxMessage(
            kind="mail",
            payload={"to": to, "subject": subject, "body": body, "lang": lang},
        )
    )
