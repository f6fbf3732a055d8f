"""Mail is written to the outbox in the caller's transaction, in the reader's language.

Sending happens after the commit (`send_mail_batch`, an outbox sender registered in
`wiring.py`): a rolled-back sign-up never mails anybody, and a mail server that is down
delays a message but never loses it.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlmodel import Session

from microcred_market.platform.i18n import t
from microcred_market.platform.models import OutboxMessage
from microcred_market.platform.outbox import Undeliverable
from microcred_market.platform.smtp import connection, send_with
from microcred_market.settings import get_settings

MAIL_KIND = "mail"
log = logging.getLogger("microcred.outbox")


def render(template: str, lang: str, **context: str) -> tuple[str, str]:
    return t(f"mail.{template}.subject", lang, **context), t(
        f"mail.{template}.body", lang, **context
    )


def undeliverable(payload: dict[str, Any]) -> Undeliverable | None:
    """Why a queued mail can never go out, or None: it needs an address and a subject."""
    if not str(payload.get("to") or "").strip():
        return Undeliverable("error.platform.mail_without_recipient")
    if not str(payload.get("subject") or "").strip():
        return Undeliverable("error.platform.mail_without_subject")
    return None


def queue_mail(session: Session, *, to: str, template: str, lang: str, **context: str) -> None:
    """Write the mail to the outbox; a mail nobody could receive is refused here."""
    subject, body = render(template, lang, **context)
    refused = undeliverable({"to": to, "subject": subject})
    if refused is not None:
        raise refused
    session.add(
        OutboxMessage(
            kind=MAIL_KIND,
            payload={"to": to, "subject": subject, "body": body, "lang": lang},
        )
    )


def send_mail_batch(payloads: list[dict[str, Any]]) -> list[Exception | None]:
    """Send queued mails over one SMTP connection; one error (or None) per mail.

    Without SMTP_URL (the offline default) each message stays readable in the outbox
    table and the log. A server that cannot be reached fails every mail not yet sent;
    an address it refuses fails only that mail.
    """
    settings = get_settings()
    refused = [undeliverable(payload) for payload in payloads]
    if not settings.smtp_url:
        for payload, refusal in zip(payloads, refused, strict=True):
            if refusal is None:
                log.info("mail to %s: %s\n%s", payload["to"], payload["subject"], payload["body"])
        return list(refused)
    results: list[Exception | None] = []
    try:
        with connection(settings.smtp_url) as client:
            for payload, refusal in zip(payloads, refused, strict=True):
                if refusal is not None:  # never handed to the server, never "delivered"
                    results.append(refusal)
                    continue
                try:
                    send_with(
                        client,
                        settings.mail_from,
                        payload["to"],
                        payload["subject"],
                        payload["body"],
                    )
                except Exception as error:  # this address; the others still go
                    results.append(error)
                    continue
                results.append(None)
    except Exception as error:  # the server: every message not yet sent waits
        results += [error] * (len(payloads) - len(results))
    return results
