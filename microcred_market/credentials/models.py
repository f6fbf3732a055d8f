"""Issuers' signing keys and the credentials they signed."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID, uuid4

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from microcred_market.platform.clock import utcnow

TS = sa.DateTime(timezone=True)


class IssuerKey(SQLModel, table=True):
    """One Ed25519 key of a university. The private half is stored encrypted only.

    `active` marks the key new credentials are signed with; a retired key stays in the
    DID document so what it signed still verifies; a withdrawn key (compromised) is
    dropped from the DID document and its credentials stop verifying.
    """

    __tablename__ = "issuer_key"
    __table_args__ = (sa.UniqueConstraint("university_id", "key_id", name="uq_issuer_key"),)

    id: int | None = Field(default=None, primary_key=True)
    university_id: int = Field(foreign_key="university.id", index=True)
    key_id: str = Field(max_length=40)
    public_multibase: str = Field(max_length=80)
    encrypted_private: str = Field(max_length=200)
    active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    retired_at: datetime | None = Field(default=None, sa_type=TS)
    withdrawn_at: datetime | None = Field(default=None, sa_type=TS)


class IssuedCredential(SQLModel, table=True):
    """A signed credential, kept exactly as signed (the JSON text), with its status.

    A micro-credential has its enrolment and offering; a stacked qualification credential
    has neither, but its `qualification_id` (see `credentials.stacked`). Both share the
    university's status lists, the wallet and the verify page.
    """

    __tablename__ = "credential"
    __table_args__ = (
        sa.UniqueConstraint("enrolment_id", name="uq_credential_enrolment"),
        sa.UniqueConstraint(
            "university_id", "status_list_no", "status_index", name="uq_credential_status_slot"
        ),
        # An offering's credentials of a few months: the analytics cells' recount.
        sa.Index("ix_credential_offering_issued", "offering_id", "issued_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    enrolment_id: int | None = Field(default=None, foreign_key="enrolment.id")
    user_id: int = Field(foreign_key="user_account.id", index=True)
    offering_id: int | None = Field(default=None, foreign_key="offering.id", index=True)
    qualification_id: int | None = Field(default=None, foreign_key="qualification.id")
    # The version of the offering's facts it was signed with (catalogue.authoring); None
    # for a stacked credential and for those signed before offerings had versions.
    offering_version_id: int | None = Field(default=None, foreign_key="offering_version.id")
    university_id: int = Field(foreign_key="university.id", index=True)
    issued_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    suite: str = Field(max_length=20)
    key_id: str = Field(max_length=40)
    document: str = Field(sa_type=sa.Text)
    title: str = Field(max_length=200)
    status_list_no: int = Field(default=1)
    status_index: int
    state: str = Field(default="active", max_length=12, index=True)  # active/revoked/suspended
    state_reason: str = Field(default="", max_length=500)
    state_changed_at: datetime | None = Field(default=None, sa_type=TS)
    public: bool = Field(default=False)


class CredentialEvent(SQLModel, table=True):
    """The history of a credential: issued, revoked, suspended, reinstated, shared."""

    __tablename__ = "credential_event"

    id: int | None = Field(default=None, primary_key=True)
    credential_id: int = Field(foreign_key="credential.id", index=True)
    kind: str = Field(max_length=20)
    reason: str = Field(default="", max_length=500)
    actor_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)


class ExternalCredential(SQLModel, table=True):
    """A credential the learner earned elsewhere and brought into the wallet.

    `payload` is the credential as it came (its JSON, its JWS, or its link; from a baked
    image only the credential, not the picture), so it can be verified again: a verdict
    is as of `checked_at`, and only "verified", checked again just before, ever counts.
    The other facts are what the verifier read, for lists and the recognition queue.
    """

    __tablename__ = "external_credential"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "fingerprint", name="uq_external_credential_payload"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    kind: str = Field(max_length=12)  # vc, ob2, ob2_jws, link, vc_jwt (vc.external)
    format: str = Field(max_length=20)  # ob2_hosted, ob2_signed, vc_1.1, vc_2.0, vc_jwt
    source: str = Field(max_length=8)  # file, text, link
    payload: str = Field(sa_type=sa.Text)
    fingerprint: str = Field(max_length=64)  # SHA-256 of the payload
    issuer_id: str = Field(default="", max_length=500)
    issuer_name: str = Field(default="", max_length=200)
    achievement_id: str = Field(default="", max_length=500)
    achievement_name: str = Field(default="", max_length=300)
    ects: Decimal | None = Field(default=None, sa_type=sa.Numeric(5, 2))
    issued_on: datetime | None = Field(default=None, sa_type=TS)
    expires_on: datetime | None = Field(default=None, sa_type=TS)
    verdict: str = Field(max_length=16)  # vc.external.VERDICTS
    reason: str = Field(default="", max_length=500)
    checked_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)


class CredentialActivity(SQLModel, table=True):
    """What happened to our credentials out in the world, for the university's analytics:
    a verification (the verify page, `POST /api/verify`, the public page) or a share (the
    learner turned the public page on).

    One row per event, with the university and offering copied from the credential so a
    university's figures are read from one index without joins; no address, no person:
    who verified is nobody's business but theirs.
    """

    __tablename__ = "credential_activity"
    __table_args__ = (
        sa.Index("ix_credential_activity_university_at", "university_id", "at"),
        # The analytics page limited to one offering reads its activity of the months shown.
        sa.Index("ix_credential_activity_offering_at", "offering_id", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    credential_id: int = Field(foreign_key="credential.id", index=True)
    university_id: int = Field(foreign_key="university.id")
    offering_id: int | None = Field(default=None, foreign_key="offering.id")
    kind: str = Field(max_length=12)  # verified, shared
    verdict: str = Field(default="", max_length=16)  # a verification's verdict
    at: datetime = Field(default_factory=utcnow, sa_type=TS)
