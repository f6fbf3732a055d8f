"""Recording what happens to our credentials after issue: verifications and shares.

The university's analytics count them (`analytics.queries`). A verification counts when
the document checked is one of ours: its `id` names a credential we issued and its
issuer is the DID of the university that issued it (a stranger's document that borrows
one of our UUIDs is not our credential being checked). Nothing about the asker is kept.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import sqlalchemy as sa
from sqlmodel import Session, col

from microcred_market.catalogue.models import University
from microcred_market.credentials.models import CredentialActivity, IssuedCredential
from microcred_market.platform import urls

VERIFIED = "verified"
SHARED = "shared"
KINDS = (VERIFIED, SHARED)


def record(session: Session, row: IssuedCredential, kind: str, verdict: str = "") -> None:
    """One event about `row` (added to the caller's unit of work)."""
    assert kind in KINDS, kind
    assert row.id is not None
    session.add(
        CredentialActivity(
            credential_id=row.id,
            university_id=row.university_id,
            offering_id=row.offering_id,
            kind=kind,
            verdict=verdict[:16],
        )
    )


def _issuer_id(document: dict[str, Any]) -> str:
    issuer = document.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else ""


def _uuid_of(document: dict[str, Any]) -> UUID | None:
    found = document.get("id")
    if not isinstance(found, str) or not found.startswith("urn:uuid:"):
        return None
    try:
        return UUID(found.removeprefix("urn:uuid:"))
    except ValueError:
        return None


def record_verification(session: Session, document: Any, verdict: str) -> bool:
    """Count a check of `document` if it is one of our credentials; True when counted."""
    if not isinstance(document, dict):
        return False
    credential_uuid = _uuid_of(document)
    if credential_uuid is None:
        return False
    found = session.execute(
        sa.select(IssuedCredential, col(University.slug))
        .join(University, col(University.id) == col(IssuedCredential.university_id))
        .where(col(IssuedCredential.uuid) == credential_uuid)
    ).first()
    if found is None:
        return False
    row, slug = found
    if _issuer_id(document) != urls.issuer_did(slug):
        return False
    record(session, row, VERIFIED, verdict)
    return True
