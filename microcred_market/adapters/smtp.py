"""Sending one mail by SMTP, configured by SMTP_URL (smtp://user:pass@host:port,
smtps:// for implicit TLS, ?starttls=1 to upgrade)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit


def send_mail(smtp_url: str, mail_from: str, to: str, subject: str, body: str) -> None:
    url = urlsplit(smtp_url)
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    port = url.port or (465 if url.scheme == "smtps" else 25)
    client_class = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
    with client_class(url.hostname or "localhost", port, timeout=10) as client:
        if parse_qs(url.query).get("starttls") == ["1"]:
            client.starttls()
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
        client.send_message(message)
