"""A refund may not leave a valid credential behind (issue 12, point 2).

The right of withdrawal ends once a learner started an assessment or was assessed, by
any path (staff "pass", the results file); a refund of an assessed enrolment by staff
or an operator revokes the credential in full or keeps it when partial, with the reason,
an audit row and mail; and the roster keeps showing refunded learners. Every test runs on
SQLite and PostgreSQL (`app_env`) through the same form posts the pages make.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.message import Message

import pytest
import sqlalchemy as sa
from sqlmodel import select

from microcred_market.accounts import authz
from microcred_market.accounts.models import StaffRole, User
from microcred_market.catalogue.models import Offering
from microcred_market.credentials import issuing
from microcred_market.credentials import queries as credential_queries
from microcred_market.credentials.models import CredentialEvent, IssuedCredential
from microcred_market.orders import handlers as order_handlers
from microcred_market.orders import service as orders
from microcred_market.orders.models import Enrolment, Order
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope
from microcred_market.platform.models import AuditEvent
from microcred_market.platform.outbox import process_outbox
from microcred_market.ui.pages.credentials.staff_learners import roster_rows
from microcred_market.vc import status_list
from tests.integration.credentials.test_credential_api import as_user
from tests.support.credential_world import make_world

pytestmark = pytest.mark.credentials

PRICE = 49_900  # 499.00 PLN


@dataclass
class Shop:
    url: str
    slug: str
    university_id: int
    offering_slug: str
    assessor_id: int
    owner_id: int
    learner_id: int
    email: str
    order_uuid: str
    enrolment_uuid: str


def open_shop(url: str, slug: str, lang: str = "en") -> Shop:
    """A priced course, an assessor, an owner, and a learner who paid for it."""
    world = make_world(url, learners=0, slug=slug)
    with session_scope(url) as session:
        offering = session.get(Offering, world.offering_id)
        assert offering is not None
        offering.price_minor, offering.currency = PRICE, "PLN"
        session.add(offering)
        owner = User(
            email=f"owner@{slug}.test", display_name="Olga Owner", email_verified_at=utcnow()
        )
        learner = User(
            email=f"buyer@{slug}.test",
            display_name="Bartek Buyer",
            email_verified_at=utcnow(),
            preferred_language=lang,
        )
        session.add_all([owner, learner])
        session.flush()
        session.add(StaffRole(user_id=owner.id, university_id=world.university_id, role="owner"))
        owner_id, learner_id, offering_slug = owner.id, learner.id, offering.slug
    with session_scope(url) as session:
        new = orders.create_order(
            session, user_id=learner_id, offering_slug=offering_slug, provider="simulated"
        )
        order = orders.order_by_uuid(session, new.order_uuid)
        assert order.id is not None
        orders.apply_event(session, order.id, "paid", "test")
        enrolment = session.exec(select(Enrolment).where(Enrolment.order_id == order.id)).one()
        enrolment_uuid = str(enrolment.uuid)
    assert owner_id is not None and learner_id is not None
    return Shop(
        url=url,
        slug=slug,
        university_id=world.university_id,
        offering_slug=offering_slug,
        assessor_id=world.assessor_id,
        owner_id=owner_id,
        learner_id=learner_id,
        email=f"buyer@{slug}.test",
        order_uuid=new.order_uuid,
        enrolment_uuid=enrolment_uuid,
    )


def staff_pass(browser, shop: Shop) -> None:
    as_user(browser, shop.url, shop.assessor_id)
    path, flash, _ = browser.landing(
        browser.post_form(f"/api/enrolments/{shop.enrolment_uuid}/pass", {"grade": "90"})
    )
    assert flash and flash[0] == "success", flash


def csv_pass(browser, shop: Shop) -> None:
    as_user(browser, shop.url, shop.assessor_id)
    response = browser.client.post(
        f"/api/staff/{shop.slug}/results",
        files={"results": ("results.csv", f"email,grade\n{shop.email},75\n".encode(), "text/csv")},
        headers={"Origin": "http://front.test"},
        follow_redirects=False,
    )
    _, flash, _ = browser.landing(response)
    assert flash and flash[0] == "success", flash


def refund(browser, shop: Shop, user_id: int, **form: str):
    as_user(browser, shop.url, user_id)
    response = browser.post_form(f"/api/orders/{shop.order_uuid}/refund", form)
    process_outbox(shop.url)
    return browser.landing(response)


def credential(shop: Shop) -> IssuedCredential | None:
    with session_scope(shop.url) as session:
        return session.exec(
            select(IssuedCredential).where(IssuedCredential.user_id == shop.learner_id)
        ).first()


def order_of(shop: Shop) -> Order:
    with session_scope(shop.url) as session:
        return orders.order_by_uuid(session, shop.order_uuid)


def audit(shop: Shop, action: str) -> list[AuditEvent]:
    with session_scope(shop.url) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def subjects(smtp, address: str, count: int) -> list[str]:
    def subject(message: Message) -> str:
        return str(make_header(decode_header(str(message["Subject"])))).replace("\r\n", "")

    return [subject(m) for m in smtp.wait_for(address, count=count)]


def revoked_bit_set(shop: Shop, row: IssuedCredential) -> bool:
    with session_scope(shop.url) as session:
        document = issuing.status_list_credential(
            session, shop.slug, "revocation", row.status_list_no
        )
    assert document is not None
    bits = status_list.decode(document["credentialSubject"]["encodedList"])
    return status_list.bit(bits, row.status_index)


# ---------------------------------------------------------------- the right of withdrawal


@pytest.mark.security
@pytest.mark.parametrize("path", ["staff pass", "results file"])
def test_no_withdrawal_once_assessed_by_any_path(browser, app_env: str, path: str) -> None:
    """Before: the learner withdrew for a full refund after the pass and kept a valid
    credential. The form post is made directly, as a crafted request would be."""
    shop = open_shop(app_env, slug=f"w{len(path)}")
    (staff_pass if path == "staff pass" else csv_pass)(browser, shop)
    process_outbox(shop.url)
    row = credential(shop)
    assert row is not None and row.state == "active"

    path_back, flash, _ = refund(browser, shop, shop.learner_id)
    assert path_back == "/learning"
    assert flash and flash[0] == "error" and "result has been recorded" in flash[1]
    assert order_of(shop).state == "paid"
    after = credential(shop)
    assert after is not None and after.state == "active"
    with session_scope(shop.url) as session:
        enrolment = session.get(Enrolment, row.enrolment_id)
        assert enrolment is not None
        assert enrolment.assessment_started_at is not None and enrolment.status == "active"


@pytest.mark.security
def test_no_withdrawal_once_the_assessment_started(browser, app_env: str) -> None:
    shop = open_shop(app_env, slug="started")
    with session_scope(shop.url) as session:
        enrolment = session.exec(
            select(Enrolment).where(Enrolment.user_id == shop.learner_id)
        ).one()
        orders.start_assessment(enrolment)
        session.add(enrolment)
    _, flash, _ = refund(browser, shop, shop.learner_id)
    assert flash and flash[0] == "error" and "started the assessment" in flash[1]
    assert order_of(shop).state == "paid"


def test_withdrawal_before_any_assessment_still_refunds(browser, app_env: str) -> None:
    shop = open_shop(app_env, slug="early")
    _, flash, _ = refund(browser, shop, shop.learner_id)
    assert flash and flash[0] == "success"
    assert order_of(shop).state == "refunded"
    assert audit(shop, "credential.revoked_on_refund") == []  # nothing was assessed


# ---------------------------------------------------------------- refunds by staff


def test_a_full_refund_after_a_pass_revokes_with_reason_audit_and_mail(
    browser, app_env: str, smtp
) -> None:
    """Before: the credential stayed valid and nobody was told."""
    shop = open_shop(app_env, slug="fullref", lang="pl")
    staff_pass(browser, shop)
    process_outbox(shop.url)
    before = credential(shop)
    assert before is not None and before.state == "active"
    assert not revoked_bit_set(shop, before)

    _, flash, _ = refund(browser, shop, shop.owner_id, back=f"/staff/{shop.slug}")
    assert flash and flash[0] == "success", flash

    order = order_of(shop)
    assert (order.state, order.refunded_minor) == ("refunded", PRICE)
    after = credential(shop)
    assert after is not None
    assert (after.state, after.state_reason) == ("revoked", "refunded")
    assert revoked_bit_set(shop, after)
    with session_scope(shop.url) as session:
        events = session.exec(
            select(CredentialEvent).where(CredentialEvent.credential_id == after.id)
        ).all()
    assert [(e.kind, e.reason, e.actor_user_id) for e in events][-1] == (
        "revoked",
        "refunded",
        shop.owner_id,
    )
    (row,) = audit(shop, "credential.revoked_on_refund")
    assert row.actor_user_id == shop.owner_id
    assert row.subject == str(after.uuid)
    assert row.detail["before"]["credential_state"] == "active"
    assert row.detail["after"]["credential_state"] == "revoked"
    assert row.detail["after"]["order_state"] == "refunded"
    assert row.detail["amount_minor"] == PRICE
    # The learner reads Polish: the mail is in Polish.
    titles = subjects(smtp, shop.email, count=4)
    assert any("unieważnione po zwrocie" in t for t in titles), titles


def test_a_partial_refund_keeps_the_credential_and_says_so(browser, app_env: str, smtp) -> None:
    shop = open_shop(app_env, slug="partref")
    staff_pass(browser, shop)
    process_outbox(shop.url)

    _, flash, _ = refund(browser, shop, shop.owner_id, amount="100,00", back="/")
    assert flash and flash[0] == "success", flash

    order = order_of(shop)
    assert (order.state, order.refunded_minor) == ("paid", 10_000)
    after = credential(shop)
    assert after is not None and after.state == "active"
    (row,) = audit(shop, "credential.kept_on_partial_refund")
    assert row.actor_user_id == shop.owner_id
    assert row.detail["before"]["refunded_minor"] == 0
    assert row.detail["after"]["refunded_minor"] == 10_000
    assert row.detail["after"]["credential_state"] == "active"
    titles = subjects(smtp, shop.email, count=3)
    assert any("your credential stays valid" in t for t in titles), titles

    # The rest, refunded later, is a full refund: now the credential goes.
    refund(browser, shop, shop.owner_id, back="/")
    order = order_of(shop)
    assert (order.state, order.refunded_minor) == ("refunded", PRICE)
    after = credential(shop)
    assert after is not None and after.state == "revoked"
    (full,) = audit(shop, "credential.revoked_on_refund")
    assert full.detail["amount_minor"] == PRICE - 10_000


@pytest.mark.parametrize("amount", ["0", "-5", "499,01", "abc", "1e9999", "0.001"])
def test_a_wrong_partial_amount_is_a_clear_message(browser, app_env: str, amount: str) -> None:
    shop = open_shop(app_env, slug="badamt")
    _, flash, _ = refund(browser, shop, shop.owner_id, amount=amount, back="/")
    assert flash and flash[0] == "error" and "amount" in flash[1]
    assert (order_of(shop).state, order_of(shop).refunded_minor) == ("paid", 0)


def test_a_refund_between_pass_and_issuing_issues_nothing(browser, app_env: str, smtp) -> None:
    shop = open_shop(app_env, slug="race")
    with session_scope(shop.url) as session:
        enrolment = session.exec(
            select(Enrolment).where(Enrolment.user_id == shop.learner_id)
        ).one()
        issuing.record_pass(session, enrolment, grade="80", actor_user_id=shop.assessor_id)
    # The refund is recorded before the worker issues the credential.
    with session_scope(shop.url) as session:
        orders.request_refund(
            session,
            order_uuid=shop.order_uuid,
            principal=authz.principal_for(session, shop.owner_id),
        )
    # The provider agrees before the worker reaches the credential.
    order_handlers.handle_refund({"order_uuid": shop.order_uuid})
    process_outbox(shop.url)
    assert order_of(shop).state == "refunded"
    assert credential(shop) is None
    (row,) = audit(shop, "credential.not_issued_on_refund")
    assert row.detail["before"]["credential_state"] == "pending"
    assert row.detail["after"]["credential_state"] == "none"


# ---------------------------------------------------------------- the roster


def test_the_roster_keeps_refunded_learners_with_their_credential_state(
    browser, app_env: str
) -> None:
    """Before: the refunded learner vanished from the roster (0 rows), so staff could not
    see or revoke the credential."""
    shop = open_shop(app_env, slug="roster")
    staff_pass(browser, shop)
    process_outbox(shop.url)
    refund(browser, shop, shop.owner_id, back="/")
    with session_scope(shop.url) as session:
        lines = credential_queries.university_roster(session, shop.university_id)
    assert len(lines) == 1
    (line,) = lines
    assert (line.order_state, line.enrolment_status) == ("refunded", "cancelled")
    assert (line.state, line.reason) == ("revoked", "refunded")
    (row,) = roster_rows(lines, "en", can_assess=True)
    assert row["order_state"] == "refunded"
    assert row["state_label"] == "Revoked"
    assert row["reason"] == "refunded in full"
    assert row["refunded"] and row["cancelled"] == "Enrolment cancelled"
    assert row["can_pass"] == ""  # a cancelled enrolment is not assessed any more
    (pl,) = roster_rows(lines, "pl", can_assess=True)
    assert pl["reason"] == "pełny zwrot płatności" and pl["order_state"] == "zwrócone"


def test_the_roster_shows_withdrawn_learners_too(browser, app_env: str) -> None:
    shop = open_shop(app_env, slug="withdrawn")
    refund(browser, shop, shop.learner_id)
    with session_scope(shop.url) as session:
        lines = credential_queries.university_roster(session, shop.university_id)
        count = session.execute(
            sa.select(sa.func.count()).select_from(Enrolment).where(Enrolment.status == "active")
        ).scalar_one()
    assert count == 0
    assert [(line.order_state, line.state) for line in lines] == [("refunded", "")]


def test_two_partial_refunds_at_once_add_up(browser, app_env: str) -> None:
    """Two staff tabs refunding part of one order at the same moment: both amounts count
    (PostgreSQL locks the order; SQLite takes one writer at a time anyway)."""
    shop = open_shop(app_env, slug="twotabs")
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def refund_part(amount: int) -> None:
        try:
            with session_scope(shop.url) as session:
                who = authz.principal_for(session, shop.owner_id)
                barrier.wait(timeout=10)
                orders.request_refund(
                    session, order_uuid=shop.order_uuid, principal=who, amount_minor=amount
                )
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=refund_part, args=(a,)) for a in (1_000, 2_500)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors or all("locked" in str(e) for e in errors), errors
    expected = 3_500 if not errors else None
    order = order_of(shop)
    if expected is not None:
        assert order.refunded_minor == expected
    else:  # SQLite refused the second writer: the one that went through is exact
        assert order.refunded_minor in (1_000, 2_500)
