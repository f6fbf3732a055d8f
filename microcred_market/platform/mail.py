"""Mail is written to the outbox in the caller's transaction, in the reader's language.

Sending happens after the commit (`send_mail_batch`, an outbox sender registered in
`wiring.py`): a rolled-back sign-up never mails anybody, and a mail server that is down
delays a message but never loses it.

The outbox keeps what is needed to write the mail (template, language, the words that
fill it), never the finished body: a mail that carries a one-time link (`SecretLink`)
gets its token minted just before it is sent (`prepare_mail_batch`), so a copy of the
database, or the operator's outbox page, holds no link that works. Once sent, only the
recipient, subject and template stay (`kept_after_sending`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from microcred_market.platform import erasure, urls
from microcred_market.platform.i18n import t
from microcred_market.platform.models import OutboxMessage
from microcred_market.platform.outbox import Undeliverable, bury
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


@dataclass(frozen=True)
class SecretLink:
    """A one-time link the mail will carry as `{link}`, minted only when it is sent.

    `kind` names a registered minter, `ref` the row that keeps the link's hash, `path`
    the backend route the link opens.
    """

    kind: str
    ref: int
    path: str


# (session, ref) -> a fresh token whose hash the minter stored on row `ref`, or None when
# that link may no longer be used (followed, expired, its account deleted).
Minter = Callable[[Session, int], str | None]
_MINTERS: dict[str, Minter] = {}


def register_link_minter(kind: str, minter: Minter) -> None:
    """Let mail carry `SecretLink`s of `kind`; registering the same minter again is harmless."""
    if _MINTERS.get(kind, minter) is not minter:
        raise ValueError(f"link kind {kind!r} already has a minter")
    _MINTERS[kind] = minter


def link_kinds() -> frozenset[str]:
    return frozenset(_MINTERS)


def queue_mail(
    session: Session,
    *,
    to: str,
    template: str,
    lang: str,
    forget_recipient: str | None = None,
    **context: str,
) -> None:
    """Write the mail to the outbox; a mail nobody could receive is refused here.

    `forget_recipient` replaces the address once the mail went (the farewell to an
    account that was just deleted).
    """
    _queue(session, to, template, lang, context, forget_recipient=forget_recipient)


def queue_mail_with_link(
    session: Session, link: SecretLink, *, to: str, template: str, lang: str, **context: str
) -> None:
    """As `queue_mail`, for a mail whose `{link}` opens something: minted when sent."""
    if link.kind not in _MINTERS:
        raise RuntimeError(f"no minter for {link.kind!r} links: see wiring.py")
    _queue(session, to, template, lang, context, secret=link)


def _queue(
    session: Session,
    to: str,
    template: str,
    lang: str,
    context: dict[str, str],
    *,
    secret: SecretLink | None = None,
    forget_recipient: str | None = None,
) -> None:
    if any("token=" in value for value in context.values() if isinstance(value, str)):
        # A one-time link written here would sit in the outbox, usable by whoever reads it.
        raise ValueError("a one-time link goes in a SecretLink (queue_mail_with_link)")
    subject = t(f"mail.{template}.subject", lang, **context)
    refused = undeliverable({"to": to, "subject": subject})
    if refused is not None:
        raise refused
    payload: dict[str, Any] = {
        "to": to,
        "subject": subject,
        "lang": lang,
        "template": template,
        "context": context,
    }
    if secret is not None:
        payload["secret_link"] = {"kind": secret.kind, "ref": secret.ref, "path": secret.path}
    if forget_recipient is not None:
        payload["forget_recipient"] = forget_recipient
    session.add(OutboxMessage(kind=MAIL_KIND, payload=payload))


def prepare_mail_batch(
    session: Session, payloads: list[dict[str, Any]]
) -> list[dict[str, Any] | Exception]:
    """Write each mail's body, minting its one-time link; run by the outbox before sending.

    The minted token's hash is stored by the minter in this unit of work, which the
    outbox commits before the mail goes; the token itself exists only in the mail.
    """
    ready: list[dict[str, Any] | Exception] = []
    for payload in payloads:
        if "body" in payload or "template" not in payload:
            ready.append(payload)  # written before bodies were left out: as it is
            continue
        context = dict(payload.get("context") or {})
        link = payload.get("secret_link")
        if link:
            token = _MINTERS[link["kind"]](session, int(link["ref"]))
            if token is None:
                ready.append(Undeliverable("error.platform.mail_link_gone"))
                continue
            context["link"] = urls.token_link(link["path"], token)
        _, body = render(payload["template"], payload["lang"], **context)
        ready.append({**payload, "body": body})
    session.flush()
    return ready


KEPT = ("to", "subject", "lang", "template")


def kept_after_sending(payload: dict[str, Any]) -> dict[str, Any]:
    """Who got what and when, for the operator; never the words (nor a link) of the mail."""
    kept = {key: payload[key] for key in KEPT if key in payload}
    if payload.get("forget_recipient"):
        kept["to"] = payload["forget_recipient"]
    return kept


def kept_when_dead(payload: dict[str, Any]) -> dict[str, Any]:
    """A mail that ran out of attempts keeps what it needs for the operator's retry,
    unless its recipient asked to be forgotten (the farewell to a deleted account)."""
    return kept_after_sending(payload) if payload.get("forget_recipient") else payload


def forget_address(session: Session, address: str, name: str, pseudonym: str) -> int:
    """Take a person's address (and, in mail to them, their name) out of the outbox.

    For "delete my account": mail already sent keeps its row with the pseudonym; mail
    still waiting for them is never sent. Returns how many rows were changed.
    """
    if not address:
        return 0
    rows = session.exec(
        select(OutboxMessage).where(
            col(OutboxMessage.kind) == MAIL_KIND,
            erasure.json_mentions(col(OutboxMessage.payload), address),
        )
    ).all()
    changed = 0
    for row in rows:
        payload = dict(row.payload)
        if not erasure.mentions(payload, address):
            continue  # the LIKE matched more than the address
        ours = str(payload.get("to", "")).lower() == address.lower()
        words = {address: pseudonym}
        if ours and len(name) >= 2:
            words[name] = pseudonym
        if ours and row.processed_at is None and payload.get("forget_recipient") is None:
            payload = kept_after_sending(payload)  # nothing left to write the mail from
            bury(row, Undeliverable("error.platform.mail_recipient_gone"))
        row.payload = erasure.replace_words(payload, words)
        session.add(row)
        changed += 1
    return changed


def send_mail_batch(payloads: list[dict[str, Any]]) -> list[Exception | None]:
    """Send queued mails over one SMTP connection; one error (or None) per mail.

    Without SMTP_URL (the offline default) each message is written to the log (the
    outbox table keeps no bodies). A server that cannot be reached fails every mail not yet sent;
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
