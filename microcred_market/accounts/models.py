"""Tables for people, their sessions and rights.

Secrets never sit in the database in a usable form: passwords are argon2id hashes, and
every token we hand out (session, e-mail link, invitation) is stored as its SHA-256, so
a copy of the database lets nobody sign in or follow a link.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from microcred_market.platform.clock import utcnow

TS = sa.DateTime(timezone=True)


class User(SQLModel, table=True):
    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    # Lower-cased; NULL once the account is deleted (the row stays for credentials).
    email: str | None = Field(default=None, max_length=254, unique=True, index=True)
    email_verified_at: datetime | None = Field(default=None, sa_type=TS)
    password_hash: str | None = Field(default=None, max_length=255)
    display_name: str = Field(default="", max_length=200)
    preferred_language: str = Field(default="en", max_length=8)
    time_zone: str = Field(default="Europe/Warsaw", max_length=64)
    is_admin: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    deleted_at: datetime | None = Field(default=None, sa_type=TS)


class AuthSession(SQLModel, table=True):
    __tablename__ = "auth_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    expires_at: datetime = Field(sa_type=TS)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    revoked_at: datetime | None = Field(default=None, sa_type=TS)
    user_agent: str = Field(default="", max_length=300)


class EmailToken(SQLModel, table=True):
    """A single-use link sent by e-mail: verify, reset password, change e-mail."""

    __tablename__ = "email_token"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    purpose: str = Field(max_length=20)
    new_email: str | None = Field(default=None, max_length=254)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    expires_at: datetime = Field(sa_type=TS)
    used_at: datetime | None = Field(default=None, sa_type=TS)


class OidcIdentity(SQLModel, table=True):
    __tablename__ = "oidc_identity"
    __table_args__ = (sa.UniqueConstraint("provider", "subject", name="uq_oidc_provider_subject"),)

    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(max_length=40)
    subject: str = Field(max_length=255)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    email: str | None = Field(default=None, max_length=254)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)


class StaffRole(SQLModel, table=True):
    __tablename__ = "staff_role"
    __table_args__ = (sa.UniqueConstraint("user_id", "university_id", name="uq_staff_user_uni"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    university_id: int = Field(foreign_key="university.id", index=True)
    role: str = Field(max_length=20)  # owner, editor, assessor
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)


class StaffInvitation(SQLModel, table=True):
    __tablename__ = "staff_invitation"

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    token_hash: str = Field(max_length=64, unique=True, index=True)
    university_id: int = Field(foreign_key="university.id", index=True)
    email: str = Field(max_length=254)
    role: str = Field(max_length=20)
    invited_by: int = Field(foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    expires_at: datetime = Field(sa_type=TS)
    accepted_at: datetime | None = Field(default=None, sa_type=TS)


class UniversityApplication(SQLModel, table=True):
    """A request to join the market as a university, decided by an operator.

    Kept after the decision (approved or refused, with the reason the applicant was
    mailed) so the operator console can say who asked for what and who answered.
    """

    __tablename__ = "university_application"

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    applicant_user_id: int = Field(foreign_key="user_account.id", index=True)
    name: str = Field(max_length=200)
    country_code: str = Field(max_length=2)
    city: str = Field(default="", max_length=120)
    website: str = Field(max_length=300)
    quality_body: str = Field(max_length=200)
    contact_name: str = Field(max_length=200)
    contact_email: str = Field(max_length=254)
    contact_phone: str = Field(default="", max_length=40)
    state: str = Field(default="pending", max_length=12, index=True)  # pending approved refused
    reason: str = Field(default="", sa_type=sa.Text)
    decided_by: int | None = Field(default=None, foreign_key="user_account.id")
    decided_at: datetime | None = Field(default=None, sa_type=TS)
    university_id: int | None = Field(default=None, foreign_key="university.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)
