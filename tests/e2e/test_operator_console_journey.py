"""The operator console on a phone (360 px): a university's own fee, a voucher made and
withdrawn, a dead letter retried and delivered, and the mail sent.

Everything it changes is its own (one university's fee, set and cleared again; its own
voucher code; its own dead mail), so other journeys on the same database are unaffected.
"""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from playwright.sync_api import expect

from tests.e2e.steps import add_person, sign_in
from tests.e2e.support import PHONE, shot

pytestmark = [pytest.mark.e2e, pytest.mark.accounts]

UNIVERSITY = "politechnika-gdanska"  # from the demo catalogue


def _dead_mail(url: str, to: str) -> None:
    """A reset mail that ran out of attempts while the mail server was away."""
    from microcred_market.platform.clock import utcnow
    from microcred_market.platform.db import session_scope
    from microcred_market.platform.i18n import t
    from microcred_market.platform.models import OutboxMessage

    context = {"name": "Dead Letter", "link": "http://127.0.0.1/nowhere"}
    with session_scope(url) as session:
        session.add(
            OutboxMessage(
                kind="mail",
                payload={
                    "to": to,
                    "subject": t("mail.reset_password.subject", "en", **context),
                    "lang": "en",
                    "template": "reset_password",
                    "context": context,
                },
                attempts=8,
                last_error="SMTPServerDisconnected: Connection unexpectedly closed",
                dead_at=utcnow(),
            )
        )


def test_the_operator_console_on_a_phone(browse: Any, mailbox: Any, e2e_database_url: str) -> None:
    tag = uuid4().hex[:6]
    email = f"console.{tag}@example.org"
    dead_to = f"dead.{tag}@example.org"
    code = f"E2E-{tag}".upper()
    add_person(e2e_database_url, email, name="Console Ops", admin=True)
    _dead_mail(e2e_database_url, dead_to)

    page = browse.new_page(PHONE)
    sign_in(page, email, "/admin/fees")

    # A university's own fee, then the default again.
    expect(page.locator("#fees-table")).to_be_visible()
    page.fill(f"#fee-{UNIVERSITY}", "7.5")
    page.click(f"#fee-submit-{UNIVERSITY}")
    expect(page.locator("#flash")).to_contain_text("7.5")
    expect(page.locator("#fees-table")).to_contain_text("Own fee")
    shot(page, "operator-fees-phone")
    page.click(f"#fee-clear-{UNIVERSITY}")
    expect(page.locator("#flash")).to_contain_text("default fee again")

    # A voucher, made and withdrawn.
    page.click("#admin-vouchers-link")
    page.fill("#voucher-code", code)
    page.fill("#voucher-value", "15")
    page.fill("#voucher-max-uses", "3")
    page.click("#voucher-create")
    expect(page.locator("#flash")).to_contain_text(code)
    expect(page.locator("#vouchers-table")).to_contain_text(code)
    shot(page, "operator-vouchers-phone")
    page.click(f"#disable-{code}")
    expect(page.locator("#flash")).to_contain_text("disabled")
    expect(page.locator(f"#disable-{code}")).to_have_count(0)

    # The dead letter, retried once the mail server is back: it goes out.
    page.click("#admin-outbox-link")
    page.click("#outbox-tab-dead")
    expect(page.locator("#outbox-dead")).to_contain_text(dead_to)
    expect(page.locator("#outbox-dead")).to_contain_text("SMTPServerDisconnected")
    shot(page, "operator-dead-letters-phone")
    page.locator("#outbox-dead tr", has_text=dead_to).locator("button").click()
    expect(page.locator("#flash")).to_contain_text("queued again")
    assert len(mailbox.wait_for(dead_to)) == 1

    # The mail sent, found by its recipient; no link in sight.
    page.click("#admin-mail-link")
    page.fill("#mail-to", dead_to)
    page.click("#mail-submit")
    expect(page.locator("#mail-table")).to_contain_text(dead_to)
    expect(page.locator("#mail-table")).to_contain_text("Sent")
    expect(page.locator("#mail-table")).not_to_contain_text("http")
    shot(page, "operator-mail-phone")

    # Every change is in the audit log, with the operator as its author.
    page.goto(f"/admin/audit?actor={email}")
    for action in (
        "fee.set",
        "fee.cleared",
        "voucher.created",
        "voucher.disabled",
        "outbox.retried",
    ):
        expect(page.locator("#audit-table")).to_contain_text(action)
