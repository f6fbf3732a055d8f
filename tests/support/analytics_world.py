"""A small, known history of a university for its analytics: every figure is countable
by hand (see the comments), and a second university's history that must never show."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from microcred_market.accounts.models import StaffRole, User
from microcred_market.assessments.models import Assessment, AssessmentComponent, ComponentResult
from microcred_market.catalogue.models import Offering, University
from microcred_market.credentials.models import CredentialActivity, IssuedCredential
from microcred_market.orders.models import Enrolment, Order
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope

TODAY = date(2026, 12, 2)
_slots = itertools.count(1)


def at(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


@dataclass
class AnalyticsWorld:
    url: str
    slug: str
    other_slug: str
    owner_id: int
    editor_id: int
    assessor_id: int
    other_owner_id: int
    data_slug: str  # "Data analysis", sold in PLN
    green_slug: str  # "Green energy", sold in EUR


def _user(session, email: str) -> User:
    user = User(email=email, display_name=email.split("@")[0], email_verified_at=utcnow())
    session.add(user)
    session.flush()
    return user


def _offering(session, uni: University, slug: str, title: str, currency: str) -> Offering:
    offering = Offering(
        slug=slug,
        university_id=uni.id,
        title=title,
        ects=Decimal(2),
        eqf_level=6,
        price_minor=10_000,
        currency=currency,
        self_paced=True,
        status="published",
    )
    session.add(offering)
    session.flush()
    return offering


def _sale(
    session,
    learner: User,
    offering: Offering,
    when: datetime,
    amount: int,
    fee: int,
    *,
    refunded: int = 0,
    refunded_at: datetime | None = None,
) -> Enrolment:
    order = Order(
        user_id=learner.id,
        offering_id=offering.id,
        university_id=offering.university_id,
        unit_price_minor=amount,
        amount_minor=amount,
        currency=offering.currency,
        platform_fee_minor=fee,
        provider="simulated",
        state="refunded" if refunded == amount and refunded else "paid",
        created_at=when,
        paid_at=when,
        refunded_at=refunded_at,
        refunded_minor=refunded,
    )
    session.add(order)
    session.flush()
    enrolment = Enrolment(
        user_id=learner.id,
        offering_id=offering.id,
        order_id=order.id,
        created_at=when,
        status="cancelled" if refunded == amount and refunded else "active",
        cancelled_at=refunded_at if refunded == amount and refunded else None,
    )
    session.add(enrolment)
    session.flush()
    return enrolment


def _credential(session, enrolment: Enrolment, offering: Offering, when: datetime):
    enrolment.passed_at = enrolment.passed_at or when
    session.add(enrolment)
    row = IssuedCredential(
        enrolment_id=enrolment.id,
        user_id=enrolment.user_id,
        offering_id=offering.id,
        university_id=offering.university_id,
        issued_at=when,
        suite="eddsa-rdfc-2022",
        key_id="key-1",
        document="{}",
        title=offering.title,
        status_index=next(_slots),
    )
    session.add(row)
    session.flush()
    return row


def _failed(session, enrolment: Enrolment, offering: Offering, released: datetime) -> None:
    assessment = Assessment(offering_id=offering.id, status="published", version=1)
    session.add(assessment)
    session.flush()
    component = AssessmentComponent(assessment_id=assessment.id, kind="quiz", title="Quiz")
    session.add(component)
    session.flush()
    session.add(
        ComponentResult(
            enrolment_id=enrolment.id,
            component_id=component.id,
            assessment_id=assessment.id,
            source="quiz",
            percent=Decimal(30),
            passed=False,
            decided_at=released,
            released_at=released,
        )
    )


def _activity(session, credential: IssuedCredential, kind: str, when: datetime) -> None:
    session.add(
        CredentialActivity(
            credential_id=credential.id,
            university_id=credential.university_id,
            offering_id=credential.offering_id,
            kind=kind,
            verdict="valid" if kind == "verified" else "",
            at=when,
        )
    )


def make_analytics_world(url: str, slug: str = "uni-stats") -> AnalyticsWorld:
    """The history, seen on TODAY (2 December 2026) over the last 12 months:

    Data analysis (PLN):
      - learner 1 paid 100.00 (fee 10.00) on 5 Oct, passed 10 Nov, credential 12 Nov
        (38 days after enrolling); shared once (Nov) and verified twice (Nov, Dec);
      - learner 2 paid 100.00 (fee 10.00) on 1 Nov, refunded in full on 3 Nov: the
        enrolment is cancelled, the fee came back;
      - learner 3 paid 100.00 (fee 10.00) on 20 Nov, failed the quiz (released 28 Nov);
      - learner 4 enrolled and paid in June 2025: outside the window, never counted.
    Green energy (EUR):
      - learner 1 paid 50.00 (fee 5.00) on 2 Nov and was refunded 20.00 of it on 10 Nov
        (a partial refund: the fee's share that came back is 2.00), passed 30 Nov,
        credential 1 Dec (29 days), verified once (Dec).
    The other university sold, passed and issued in November too: none of it is ours.
    """
    with session_scope(url) as session:
        uni = University(
            slug=slug,
            name="Statistics University",
            country_code="PL",
            city="Łódź",
            website="https://stats.example",
            approved=True,
        )
        other = University(
            slug=f"{slug}-other",
            name="Other University",
            country_code="DE",
            city="Berlin",
            website="https://other.example",
            approved=True,
        )
        session.add_all([uni, other])
        session.flush()
        owner = _user(session, f"owner@{slug}.test")
        editor = _user(session, f"editor@{slug}.test")
        assessor = _user(session, f"assessor@{slug}.test")
        other_owner = _user(session, f"owner@{slug}-other.test")
        learners = [_user(session, f"learner{i}@{slug}.test") for i in range(1, 5)]
        for person, role, university in (
            (owner, "owner", uni),
            (editor, "editor", uni),
            (assessor, "assessor", uni),
            (other_owner, "owner", other),
        ):
            session.add(StaffRole(user_id=person.id, university_id=university.id, role=role))
        data = _offering(session, uni, f"{slug}-data", "Data analysis", "PLN")
        green = _offering(session, uni, f"{slug}-green", "Green energy", "EUR")
        elsewhere = _offering(session, other, f"{slug}-other-course", "Elsewhere", "PLN")

        first = _sale(session, learners[0], data, at(2026, 10, 5), 10_000, 1_000)
        first.passed_at = at(2026, 11, 10)
        credential = _credential(session, first, data, at(2026, 11, 12))
        _activity(session, credential, "shared", at(2026, 11, 13))
        _activity(session, credential, "verified", at(2026, 11, 14))
        _activity(session, credential, "verified", at(2026, 12, 1))
        _sale(
            session,
            learners[1],
            data,
            at(2026, 11, 1),
            10_000,
            1_000,
            refunded=10_000,
            refunded_at=at(2026, 11, 3),
        )
        third = _sale(session, learners[2], data, at(2026, 11, 20), 10_000, 1_000)
        _failed(session, third, data, at(2026, 11, 28))
        _sale(session, learners[3], data, at(2025, 6, 1), 10_000, 1_000)

        green_sale = _sale(
            session,
            learners[0],
            green,
            at(2026, 11, 2),
            5_000,
            500,
            refunded=2_000,
            refunded_at=at(2026, 11, 10),
        )
        green_sale.passed_at = at(2026, 11, 30)
        green_credential = _credential(session, green_sale, green, at(2026, 12, 1))
        _activity(session, green_credential, "verified", at(2026, 12, 1))

        stranger = _sale(session, learners[1], elsewhere, at(2026, 11, 5), 10_000, 1_000)
        stranger_credential = _credential(session, stranger, elsewhere, at(2026, 11, 20))
        _activity(session, stranger_credential, "verified", at(2026, 11, 21))
        _failed(
            session,
            _sale(session, learners[2], elsewhere, at(2026, 11, 6), 1, 0),
            elsewhere,
            at(2026, 11, 7),
        )
        return AnalyticsWorld(
            url=url,
            slug=slug,
            other_slug=other.slug,
            owner_id=owner.id,  # type: ignore[arg-type]
            editor_id=editor.id,  # type: ignore[arg-type]
            assessor_id=assessor.id,  # type: ignore[arg-type]
            other_owner_id=other_owner.id,  # type: ignore[arg-type]
            data_slug=data.slug,
            green_slug=green.slug,
        )
