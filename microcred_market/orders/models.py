"""Orders, enrolments, vouchers and the provider's objects that point at them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from microcred_market.platform.clock import utcnow

TS = sa.DateTime(timezone=True)


class Order(SQLModel, table=True):
    __tablename__ = "order_record"
    __table_args__ = (
        sa.CheckConstraint("amount_minor >= 0", name="ck_order_amount_nonnegative"),
        sa.CheckConstraint("quantity >= 1", name="ck_order_quantity_positive"),
        # An offering's sales of a few months: the analytics cells' recount.
        sa.Index("ix_order_record_offering_paid", "offering_id", "paid_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    offering_id: int = Field(foreign_key="offering.id", index=True)
    university_id: int = Field(foreign_key="university.id", index=True)
    # "learner": one seat for the buyer; "seats": N single-use codes for an employer.
    kind: str = Field(default="learner", max_length=12)
    quantity: int = Field(default=1)
    unit_price_minor: int
    discount_minor: int = Field(default=0)
    amount_minor: int
    currency: str = Field(max_length=3)
    platform_fee_minor: int = Field(default=0)
    voucher_id: int | None = Field(default=None, foreign_key="voucher.id")
    state: str = Field(default="pending", max_length=20, index=True)
    # Whether this order currently occupies a seat in offering.seats_taken (and in its
    # cohort's seats_taken when it has one).
    seat_held: bool = Field(default=False)
    # The cohort the seat is in, for an offering that runs in cohorts.
    cohort_id: int | None = Field(default=None, foreign_key="cohort.id")
    provider: str = Field(max_length=20)
    provider_ref: str | None = Field(default=None, max_length=255, index=True)
    checkout_url: str | None = Field(default=None, max_length=1000)
    hold_expires_at: datetime | None = Field(default=None, sa_type=TS)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    paid_at: datetime | None = Field(default=None, sa_type=TS)
    refunded_at: datetime | None = Field(default=None, sa_type=TS)
    # Money given back so far: the whole amount once refunded, less for a partial refund
    # (the order stays paid and the learner enrolled).
    refunded_minor: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class OrderEvent(SQLModel, table=True):
    """Every event an order has seen, once: the audit trail and the machine's input."""

    __tablename__ = "order_event"
    __table_args__ = (sa.UniqueConstraint("order_id", "event", name="uq_order_event"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="order_record.id", index=True)
    event: str = Field(max_length=20)
    source: str = Field(max_length=60)  # webhook:<event id>, return, learner, staff:<id>, ...
    state_before: str = Field(max_length=20)
    state_after: str = Field(max_length=20)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)


class ProviderEvent(SQLModel, table=True):
    """Provider event ids already applied, so a redelivered webhook changes nothing."""

    __tablename__ = "provider_event"
    __table_args__ = (sa.UniqueConstraint("provider", "event_id", name="uq_provider_event"),)

    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(max_length=20)
    event_id: str = Field(max_length=255)
    received_at: datetime = Field(default_factory=utcnow, sa_type=TS)


class Enrolment(SQLModel, table=True):
    __tablename__ = "enrolment"
    __table_args__ = (
        sa.UniqueConstraint("order_id", name="uq_enrolment_order"),
        # An offering's enrolments and passes of a few months: the analytics cells' recount.
        sa.Index("ix_enrolment_offering_created", "offering_id", "created_at"),
        sa.Index("ix_enrolment_offering_passed", "offering_id", "passed_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    offering_id: int = Field(foreign_key="offering.id", index=True)
    order_id: int | None = Field(default=None, foreign_key="order_record.id")
    voucher_code_id: int | None = Field(default=None, foreign_key="voucher.id")
    # The cohort the learner studies with (None: the offering runs without cohorts).
    cohort_id: int | None = Field(default=None, foreign_key="cohort.id", index=True)
    status: str = Field(default="active", max_length=20)  # active, cancelled
    assessment_started_at: datetime | None = Field(default=None, sa_type=TS)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    cancelled_at: datetime | None = Field(default=None, sa_type=TS)
    # Set once, when staff (or, later, the assessment) record a pass; issuing follows.
    passed_at: datetime | None = Field(default=None, sa_type=TS)
    grade: str | None = Field(default=None, max_length=20)
    passed_by_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    # How the pass was earned (`vc.ob3.OutcomeFacts` as JSON), written with it by the
    # assessment engine and copied into the credential; None for passes before that.
    outcome: dict[str, Any] | None = Field(default=None, sa_type=sa.JSON)

    @property
    def assessed(self) -> bool:
        """Started an assessment or has a result (by any path): the withdrawal right is over.

        Every path that records a result also stamps `assessment_started_at`
        (`orders.service.start_assessment`); `passed_at` is read too, so a row written
        before that rule still counts as assessed.
        """
        return self.assessment_started_at is not None or self.passed_at is not None


class Voucher(SQLModel, table=True):
    __tablename__ = "voucher"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True, index=True)
    kind: str = Field(max_length=10)  # percent, fixed
    percent_off: int | None = Field(default=None)  # 1..100
    amount_off_minor: int | None = Field(default=None)
    currency: str | None = Field(default=None, max_length=3)
    scope: str = Field(default="all", max_length=12)  # all, university, offering
    university_id: int | None = Field(default=None, foreign_key="university.id")
    offering_id: int | None = Field(default=None, foreign_key="offering.id")
    max_uses: int | None = Field(default=None)
    used: int = Field(default=0)
    expires_at: datetime | None = Field(default=None, sa_type=TS)
    # Set for the single-use codes an employer's seat order produced.
    source_order_id: int | None = Field(default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    # Set when the operator withdrew the code: refused at checkout from then on.
    disabled_at: datetime | None = Field(default=None, sa_type=TS)


class PlatformSetting(SQLModel, table=True):
    """Operator-set values: the platform fee (basis points), overridable per university."""

    __tablename__ = "platform_setting"

    id: int | None = Field(default=None, primary_key=True)
    university_id: int | None = Field(default=None, foreign_key="university.id", unique=True)
    fee_basis_points: int = Field(default=1000)
    stripe_account_id: str | None = Field(default=None, max_length=64)


class PayoutAccount(SQLModel, table=True):
    """Where a university's share is paid: its connected account at one provider.

    `charges_enabled` is what the provider said the last time we asked it (after a
    webhook or the owner's return from onboarding); a university sells through that
    provider only while it is true.
    """

    __tablename__ = "payout_account"
    __table_args__ = (
        sa.UniqueConstraint("university_id", "provider", name="uq_payout_university_provider"),
        sa.UniqueConstraint("provider", "account_id", name="uq_payout_provider_account"),
    )

    id: int | None = Field(default=None, primary_key=True)
    university_id: int = Field(foreign_key="university.id", index=True)
    provider: str = Field(max_length=20)  # stripe, simulated
    account_id: str = Field(max_length=64)
    charges_enabled: bool = Field(default=False)
    payouts_enabled: bool = Field(default=False)
    details_submitted: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    checked_at: datetime | None = Field(default=None, sa_type=TS)


class Cohort(SQLModel, table=True):
    """One run of an offering: its dates, its seats and whether it takes enrolments.

    Seats are counted like the offering's (`seats_taken`, moved by conditional UPDATEs);
    a seat held for someone moved up from the waiting list counts as taken.
    """

    __tablename__ = "cohort"
    __table_args__ = (sa.CheckConstraint("seats_taken >= 0", name="ck_cohort_seats_taken"),)

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    offering_id: int = Field(foreign_key="offering.id", index=True)
    label: str = Field(max_length=120)
    start_date: date | None = Field(default=None)
    end_date: date | None = Field(default=None)
    seat_capacity: int | None = Field(default=None)
    seats_taken: int = Field(default=0)
    status: str = Field(default="open", max_length=12)  # open, closed
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=TS)


class WaitlistEntry(SQLModel, table=True):
    """A learner waiting for a seat in a full cohort, in the order they joined.

    waiting -> offered (a seat is held for them until `offer_expires_at`) -> claimed (their
    order took that seat); or left, or expired (the offer lapsed: the next one moves up).
    """

    __tablename__ = "waitlist_entry"
    __table_args__ = (
        sa.UniqueConstraint("cohort_id", "user_id", name="uq_waitlist_cohort_user"),
        sa.Index("ix_waitlist_queue", "cohort_id", "status", "joined_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    cohort_id: int = Field(foreign_key="cohort.id")
    user_id: int = Field(foreign_key="user_account.id", index=True)
    status: str = Field(default="waiting", max_length=12)
    joined_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    offered_at: datetime | None = Field(default=None, sa_type=TS)
    offer_expires_at: datetime | None = Field(default=None, sa_type=TS)
    claimed_order_id: int | None = Field(default=None, foreign_key="order_record.id")
