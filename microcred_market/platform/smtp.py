"""Sending one mail by SMTP, configured by SMTP_URL (smtp://user:pass@host:port,
smtps:// for implicit TLS, ?starttls=1 to upgrade)."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit


def _message(mail_from: str, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    return message


@contextmanager
def connection(smtp_url: str) -> Iterator[smtplib.SMTP]:
    """One SMTP session, signed in: a cohort's mail goes through one connection."""
    url = urlsplit(smtp_url)
    port = url.port or (465 if url.scheme == "smtps" else 25)
    client_class = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
    with client_class(url.hostname or "localhost", port, timeout=10) as client:
        if parse_qs(url.query).get("starttls") == ["1"]:
            client.starttls()
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
        yield client


def send_with(client: smtplib.SMTP, mail_from: str, to: str, subject: str, body: str) -> None:
    client.send_message(_message(mail_from, to, subject, body))


def send_mail(smtp_url: str, mail_from: str, to: str, subject: str, body: str) -> None:
    with connection(smtp_url) as client:
        send_with(client, mail_from, to, subject, body)
