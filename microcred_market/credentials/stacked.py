"""Qualification credentials: what stacking asks credentials to sign.

A qualification credential is a row of the same `credential` table as a micro-credential
(no enrolment, no offering; its `qualification_id`), so it takes a slot in the awarding
university's status lists, appears in the wallet, and is suspended, reinstated or revoked
with the same machinery. Stacking decides when; this module signs, as the university.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from microcred_market.accounts.models import User
from microcred_market.catalogue.models import University
from microcred_market.catalogue.vocab import COUNTRIES, label
from microcred_market.credentials import issuing
from microcred_market.credentials.models import CredentialEvent, IssuedCredential
from microcred_market.platform import audit, urls
from microcred_market.platform.clock import utcnow
from microcred_market.platform.mail import queue_mail
from microcred_market.vc import ob3, proofs
from microcred_market.vc import qualification as vcq


def issuer_facts(university: University) -> ob3.IssuerFacts:
    code = university.country_code.upper()
    return ob3.IssuerFacts(
        did=urls.issuer_did(university.slug),
        name=university.name,
        url=university.website,
        country_code=code,
        country_name=label(COUNTRIES, code, "en"),
        city=university.city,
    )


def part_facts(session: Session, credential_ids: list[int]) -> list[vcq.PartFacts]:
    """Each part as the qualification credential will list it, read from what was signed."""
    rows = session.exec(
        select(IssuedCredential).where(col(IssuedCredential.id).in_(credential_ids))
    ).all()
    found = []
    for row in sorted(rows, key=lambda r: (r.issued_at, r.id or 0)):
        document = issuing.document_of(row)
        subject = document.get("credentialSubject") or {}
        achieved = subject.get("achievement") or {}
        issuer = document.get("issuer") or {}
        found.append(
            vcq.PartFacts(
                credential_id=str(document.get("id") or f"urn:uuid:{row.uuid}"),
                achievement_id=str(achieved.get("id") or ""),
                name=row.title,
                issuer_id=str(issuer.get("id") if isinstance(issuer, dict) else issuer),
                issuer_name=str(issuer.get("name", "")) if isinstance(issuer, dict) else "",
                ects=Decimal(
                    str(subject.get("creditsEarned") or achieved.get("creditsAvailable") or 0)
                ),
                digest=vcq.digest_multibase(row.document),
            )
        )
    return found


@dataclass(frozen=True)
class QualificationIssue:
    user_id: int
    qualification_id: int
    university_id: int
    facts: vcq.QualificationFacts
    part_ids: tuple[int, ...]


def issue_qualification(
    session: Session, issue: QualificationIssue, suite: str = proofs.RDFC
) -> IssuedCredential:
    """Sign and store the qualification credential; the caller guarantees once per
    learner and qualification (stacking's award row, locked)."""
    university = session.get(University, issue.university_id)
    user = session.get(User, issue.user_id)
    assert university is not None and user is not None
    key = issuing.active_key(session, university)
    signer = issuing._signer(university, key)
    parts = part_facts(session, list(issue.part_ids))
    for _attempt in range(5):
        number, index = issuing._free_slot(session, issue.university_id)
        row = IssuedCredential(
            user_id=issue.user_id,
            qualification_id=issue.qualification_id,
            university_id=issue.university_id,
            suite=suite,
            key_id=key.key_id,
            title=issue.facts.title,
            status_list_no=number,
            status_index=index,
            document="",
        )
        document = vcq.build_credential(
            credential_id=f"urn:uuid:{row.uuid}",
            issuer=issuer_facts(university),
            qualification=issue.facts,
            parts=parts,
            learner=ob3.LearnerFacts(
                subject_id=f"urn:uuid:{user.uuid}",
                full_name=user.display_name or "Learner",
                email=user.email,
            ),
            issued_at=row.issued_at,
            context_url=urls.microcred_context(),
            status=ob3.StatusFacts(
                list_url=urls.status_list(university.slug, "revocation", number), index=index
            ),
        )
        signed = proofs.sign(document, signer, suite)
        row.document = json.dumps(signed, ensure_ascii=False, separators=(",", ":"))
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
        except IntegrityError:
            continue  # another credential took the slot meanwhile
        session.add(CredentialEvent(credential_id=issuing._id(row), kind="issued"))
        audit.record(
            session,
            "credential.issued",
            audit.SYSTEM,
            str(row.uuid),
            before=None,
            after={"state": row.state, "university": university.slug, "qualification": True},
        )
        if user.email:
            queue_mail(
                session,
                to=user.email,
                template="qualification_awarded",
                lang=user.preferred_language,
                name=user.display_name,
                title=row.title,
                university=university.name,
                link=urls.wallet_page(),
                verify=urls.verify_page(row.uuid),
            )
        issuing.changed(session, issue.user_id)
        return row
    raise RuntimeError("no free status slot after 5 tries")


def set_state_by_rules(
    session: Session, credential_id: int, target: str, reason: str
) -> IssuedCredential | None:
    """Suspend or reinstate a qualification credential because its parts changed (no
    staff principal: the rules decided). Returns the row if its state changed."""
    row = session.get(IssuedCredential, credential_id)
    if row is None or row.state == target or row.state == "revoked":
        return None
    before = row.state
    row.state = target
    row.state_reason = reason if target != "active" else ""
    row.state_changed_at = utcnow()
    session.add(row)
    session.add(
        CredentialEvent(
            credential_id=credential_id,
            kind="suspended" if target == "suspended" else "reinstated",
            reason=reason,
        )
    )
    audit.record(
        session,
        "credential.suspend" if target == "suspended" else "credential.reinstate",
        audit.SYSTEM,
        str(row.uuid),
        before={"state": before},
        after={"state": target},
        reason=reason,
    )
    issuing.clear_status_cache()
    issuing.changed(session, row.user_id)
    return row


def part_states(session: Session, part_ids: list[str]) -> dict[str, str]:
    """Current state of each of our credentials named by id (`urn:uuid:...`)."""
    uuids = [p.removeprefix("urn:uuid:") for p in part_ids if p.startswith("urn:uuid:")]
    if not uuids:
        return {}
    keys = []
    for value in uuids:
        try:
            keys.append(UUID(value))
        except ValueError:
            continue
    rows = session.exec(select(IssuedCredential).where(col(IssuedCredential.uuid).in_(keys))).all()
    return {f"urn:uuid:{r.uuid}": r.state for r in rows}


def qualification_document(session: Session, credential_id: int) -> dict[str, Any] | None:
    row = session.get(IssuedCredential, credential_id)
    return issuing.document_of(row) if row is not None else None
