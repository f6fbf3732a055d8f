"""Tables of the catalogue.

Created only by Alembic migrations (never `create_all` in the app). Every table that
appears in a URL has a UUID besides its integer key: the integer is for joins and the
full-text index, the UUID or slug is what the outside world sees.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from microcred_market.platform.clock import utcnow


class University(SQLModel, table=True):
    __tablename__ = "university"

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    slug: str = Field(max_length=80, unique=True, index=True)
    name: str = Field(max_length=200)
    country_code: str = Field(max_length=2, index=True)
    city: str = Field(max_length=120)
    website: str = Field(max_length=300)
    quality_assurance: str = Field(default="", sa_type=sa.Text)
    description: str = Field(default="", sa_type=sa.Text)
    logo: str | None = Field(default=None, max_length=300)
    # For receipts: the seller's postal address and VAT number.
    address: str = Field(default="", max_length=300)
    vat_id: str = Field(default="", max_length=32)
    approved: bool = Field(default=False, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=sa.DateTime(timezone=True))


class Offering(SQLModel, table=True):
    __tablename__ = "offering"
    __table_args__ = (
        # 0 is "not chosen yet": never on a published offering (migration 0027).
        sa.CheckConstraint(
            "eqf_level BETWEEN 1 AND 8 OR (eqf_level = 0 AND status <> 'published')",
            name="ck_offering_eqf_level",
        ),
        sa.CheckConstraint("price_minor >= 0", name="ck_offering_price_nonnegative"),
        sa.Index("ix_offering_status_start", "status", "start_date"),
        # Catalogue search reads its working set from this covering index (id first, then
        # every column a filter or facet needs) instead of the wide rows; see
        # `search` in catalogue/service.py.
        sa.Index(
            "ix_offering_search_facets",
            "id",
            "status",
            "university_id",
            "eqf_level",
            "language",
            "participation_form",
            "assessment_type",
            "currency",
            "self_paced",
            "ects",
            "price_minor",
            "start_date",
        ),
        # The unfiltered catalogue's pages in its default order (featured, then soonest),
        # read straight off this index while its counts come from `facet_cache`.
        sa.Index(
            "ix_offering_catalogue_order",
            sa.text("featured DESC"),
            sa.text("(start_date IS NULL)"),
            "start_date",
            "title",
            "id",
            postgresql_where=sa.text("status = 'published'"),
            sqlite_where=sa.text("status = 'published'"),
        ),
        # The same for the other orders the page offers: price, start date, workload.
        *(
            sa.Index(
                name,
                *columns,
                postgresql_where=sa.text("status = 'published'"),
                sqlite_where=sa.text("status = 'published'"),
            )
            for name, columns in (
                ("ix_offering_price_order", ("price_minor", "title", "id")),
                (
                    "ix_offering_start_order",
                    (sa.text("(start_date IS NULL)"), "start_date", "title", "id"),
                ),
                ("ix_offering_ects_order", ("ects", "title", "id")),
            )
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    university_id: int = Field(foreign_key="university.id", index=True)
    slug: str = Field(max_length=120, unique=True, index=True)
    title: str = Field(max_length=200)
    summary: str = Field(default="", max_length=600)
    description: str = Field(default="", sa_type=sa.Text)
    learning_outcomes: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    # Each skill: {"uri": "http://data.europa.eu/esco/skill/...", "label": "..."}
    esco_skills: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    ects: Decimal = Field(sa_type=sa.Numeric(5, 2))
    eqf_level: int = Field(index=True)
    nqf_level: int | None = Field(default=None)
    nqf_framework: str | None = Field(default=None, max_length=40)
    isced_f_code: str = Field(default="", max_length=4)
    language: str = Field(default="en", max_length=8, index=True)
    participation_form: str = Field(default="online", max_length=20, index=True)
    assessment_type: str = Field(default="test", max_length=20, index=True)
    supervision: str = Field(default="unsupervised-no-id", max_length=40)
    prerequisites: str = Field(default="", sa_type=sa.Text)
    quality_assurance: str = Field(default="", sa_type=sa.Text)
    price_minor: int = Field(default=0)
    currency: str = Field(default="PLN", max_length=3, index=True)
    start_date: date | None = Field(default=None)
    end_date: date | None = Field(default=None)
    self_paced: bool = Field(default=False)
    # Recognition of prior learning: the assessment without the course, for people who
    # learned at work or elsewhere; the credential says it was earned this way.
    assessment_only: bool = Field(default=False)
    seat_capacity: int | None = Field(default=None)
    seats_taken: int = Field(default=0)
    featured: bool = Field(default=False)
    status: str = Field(default="draft", max_length=12)
    # Folded (lower case, no diacritics) copies that the full-text index reads; written by
    # catalogue.refresh_search_fields so SQLite and PostgreSQL index the same words.
    search_title: str = Field(default="", sa_type=sa.Text)
    search_body: str = Field(default="", sa_type=sa.Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=sa.DateTime(timezone=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=sa.DateTime(timezone=True))


class Qualification(SQLModel, table=True):
    __tablename__ = "qualification"

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    slug: str = Field(max_length=120, unique=True, index=True)
    title: str = Field(max_length=200)
    eqf_level: int
    ects_required: Decimal = Field(sa_type=sa.Numeric(6, 2))
    description: str = Field(default="", sa_type=sa.Text)
    language: str = Field(default="en", max_length=8)
    created_at: datetime = Field(default_factory=utcnow, sa_type=sa.DateTime(timezone=True))


class QualificationUniversity(SQLModel, table=True):
    """Which universities award a qualification (a joint award has several)."""

    __tablename__ = "qualification_university"

    qualification_id: int = Field(foreign_key="qualification.id", primary_key=True)
    university_id: int = Field(foreign_key="university.id", primary_key=True)


class QualificationOffering(SQLModel, table=True):
    """An offering that counts toward a qualification."""

    __tablename__ = "qualification_offering"

    qualification_id: int = Field(foreign_key="qualification.id", primary_key=True)
    offering_id: int = Field(foreign_key="offering.id", primary_key=True, index=True)


class OfferingVersion(SQLModel, table=True):
    """What a published offering said, numbered: the facts a credential is issued under.

    A snapshot is written when an offering is first published and each time a change to a
    published offering alters its facts (see `catalogue.authoring`). It never changes
    afterwards; a credential names the version current when it was signed.
    """

    __tablename__ = "offering_version"
    __table_args__ = (
        sa.UniqueConstraint("offering_id", "number", name="uq_offering_version_number"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    offering_id: int = Field(foreign_key="offering.id", index=True)
    number: int
    facts: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    created_by_user_id: int | None = Field(default=None)
    created_at: datetime = Field(default_factory=utcnow, sa_type=sa.DateTime(timezone=True))


class OfferingPrice(SQLModel, table=True):
    """A price of an offering in a currency other than its own (`Offering.currency`).

    The offering's `price_minor` and `currency` stay its primary price: what a card shows
    and a learner pays unless they choose another currency. Each row here is one more
    currency the learner may pay in (`catalogue.prices`); the catalogue's currency filter,
    facet, price range and price sort read these too when a currency is asked for.
    """

    __tablename__ = "offering_price"
    __table_args__ = (
        sa.UniqueConstraint("offering_id", "currency", name="uq_offering_price_currency"),
        sa.CheckConstraint("amount_minor >= 0", name="ck_offering_price_amount_nonnegative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    offering_id: int = Field(foreign_key="offering.id", index=True)
    currency: str = Field(max_length=3)
    amount_minor: int
    created_at: datetime = Field(default_factory=utcnow, sa_type=sa.DateTime(timezone=True))


class CatalogueStamp(SQLModel, table=True):
    """One row whose number moves on with every write that can change the catalogue's
    facet counts (`catalogue.facet_cache`): what the unfiltered catalogue's facets were
    counted under, so every process can tell at once when its counts are stale."""

    __tablename__ = "catalogue_stamp"

    id: int = Field(default=1, primary_key=True)
    n: int = Field(default=0, sa_type=sa.BigInteger)
