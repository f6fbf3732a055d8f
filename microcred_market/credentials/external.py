"""Credentials a learner earned elsewhere: imported into the wallet, judged, re-checked.

The learner brings a file (JSON, a baked PNG or SVG badge), pasted text (JSON or a
JWS) or a link; `vc.external` finds the credential in it and our verifier checks it
with its usual bounds (a few fetches within one time limit, each counted against the
learner's address like any link on the verify page; canonicalisation in the sandboxed
workers). Whatever the verdict, the row is kept, so the learner sees why: a credential
we cannot verify is a self-reported claim, shown as such, that never counts by itself.
Only `countable` says what may count, and it verifies each one again first.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel import Session, col, func, select

from microcred_market.accounts.models import User
from microcred_market.credentials import sources
from microcred_market.credentials.models import ExternalCredential
from microcred_market.platform import jsonsafe
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import get_by_uuid
from microcred_market.platform.errors import InvalidInput, NotFound, TooLarge, Unprocessable
from microcred_market.vc import external, proofs, safe_fetch
from microcred_market.vc.verify import Unreadable, Verification

MAX_PER_LEARNER = 200
SOURCES = ("file", "text", "link")


@dataclass(frozen=True)
class ExternalView:
    """One imported credential as the wallet lists it (no payload: it stays server-side)."""

    uuid: str
    format: str
    source: str
    issuer_name: str
    issuer_id: str
    achievement_name: str
    achievement_id: str
    ects: str
    issued_on: datetime | None
    expires_on: datetime | None
    verdict: str
    reason: str
    checked_at: datetime
    counts: bool


def _view(row: ExternalCredential) -> ExternalView:
    return ExternalView(
        uuid=str(row.uuid),
        format=row.format,
        source=row.source,
        issuer_name=row.issuer_name,
        issuer_id=row.issuer_id,
        achievement_name=row.achievement_name,
        achievement_id=row.achievement_id,
        ects="" if row.ects is None else f"{row.ects.normalize():f}",
        issued_on=row.issued_on,
        expires_on=row.expires_on,
        verdict=row.verdict,
        reason=row.reason,
        checked_at=row.checked_at,
        counts=row.verdict == "verified",
    )


def _format(presented: external.Presented, verification: Verification) -> str:
    if presented.kind == external.OB2_JWS:
        return "ob2_signed"
    if presented.kind == external.VC_JWT:
        return "vc_jwt"
    if verification.facts.get("format") == "ob2" or presented.kind == external.OB2_JSON:
        return "ob2_hosted"
    document = presented.document or {}
    contexts = document.get("@context")
    first = contexts[0] if isinstance(contexts, list) and contexts else contexts
    if first == "https://www.w3.org/2018/credentials/v1":
        return "vc_1.1"
    return "vc_2.0" if document else "link"


def _ects(value: str) -> Decimal | None:
    try:
        ects = Decimal(value)
    except (InvalidOperation, ValueError):
        return None
    return ects if ects.is_finite() and Decimal(0) <= ects < Decimal(1000) else None


def _date(value: str) -> datetime | None:
    return proofs.parse_datetime(value) if value else None


def _emails(session: Session, user_id: int) -> list[str]:
    user = session.get(User, user_id)
    return [user.email] if user is not None and user.email else []


def _read(data: bytes) -> external.Presented:
    """The credential in what was brought, or InvalidInput saying plainly why not."""
    if not data.strip():
        raise InvalidInput("error.external.empty")
    if len(data) > external.MAX_FILE_BYTES:
        raise TooLarge("error.external.too_large", mb=external.MAX_FILE_BYTES // 1_000_000)
    try:
        presented = external.read(data)
    except RecursionError:
        raise Unprocessable("error.platform.json_too_deep", n=jsonsafe.MAX_DEPTH) from None
    except Unreadable as error:
        raise InvalidInput("error.external.unreadable", reason=str(error)) from error
    if presented.document is not None:
        jsonsafe.check(presented.document)
    return presented


def _check(
    session: Session, user_id: int, presented: external.Presented, client: str
) -> tuple[Verification, external.Judgement]:
    fetching = sources.LocalSources(session, client or "unknown")
    try:
        verification = external.check(presented, fetching, utcnow(), _emails(session, user_id))
    except (safe_fetch.FetchRefused, safe_fetch.FetchFailed) as error:
        verification = external.unreachable(str(error))
    except Exception as error:  # a malformed document deep inside a check: never "verified"
        verification = external.unreachable(f"could not be checked ({type(error).__name__})")
    return verification, external.judge(presented, verification)


def _fill(
    row: ExternalCredential,
    presented: external.Presented,
    verification: Verification,
    judgement: external.Judgement,
) -> None:
    facts = external.facts(presented, verification)
    row.format = _format(presented, verification)
    if facts["issuer_id"] or facts["achievement_name"]:
        row.issuer_id = facts["issuer_id"]
        row.issuer_name = facts["issuer_name"]
        row.achievement_id = facts["achievement_id"]
        row.achievement_name = facts["achievement_name"]
        row.ects = _ects(facts["ects"])
        row.issued_on = _date(facts["issued"])
        row.expires_on = _date(facts["valid_until"])
    row.verdict = judgement.verdict
    row.reason = judgement.reason[:500]
    row.checked_at = utcnow()


def _store(
    session: Session, user_id: int, presented: external.Presented, source: str, client: str
) -> ExternalView:
    # The same credential pasted with other spacing is the same credential.
    same = (
        external.payload_json(presented.document)
        if presented.document is not None and presented.kind in (external.VC, external.OB2_JSON)
        else presented.payload
    )
    fingerprint = hashlib.sha256(same.encode()).hexdigest()
    existing = session.exec(
        select(ExternalCredential).where(
            ExternalCredential.user_id == user_id, ExternalCredential.fingerprint == fingerprint
        )
    ).first()
    if existing is not None:
        raise InvalidInput("error.external.duplicate")
    count = session.exec(
        select(func.count())
        .select_from(ExternalCredential)
        .where(ExternalCredential.user_id == user_id)
    ).one()
    if count >= MAX_PER_LEARNER:
        raise InvalidInput("error.external.too_many", n=MAX_PER_LEARNER)
    verification, judgement = _check(session, user_id, presented, client)
    row = ExternalCredential(
        user_id=user_id,
        kind=presented.kind,
        format="",
        source=source,
        payload=presented.payload,
        fingerprint=fingerprint,
        verdict=judgement.verdict,
    )
    _fill(row, presented, verification, judgement)
    session.add(row)
    session.flush()
    return _view(row)


def import_bytes(
    session: Session, *, user_id: int, data: bytes, source: str = "file", client: str = ""
) -> ExternalView:
    """An uploaded file or pasted text, verified and kept whatever the verdict."""
    if source not in SOURCES:
        raise InvalidInput("error.external.unreadable", reason=source[:20])
    presented = _read(data)
    if presented.kind == external.LINK:
        return import_link(session, user_id=user_id, url=presented.payload, client=client)
    return _store(session, user_id, presented, source, client)


def import_link(session: Session, *, user_id: int, url: str, client: str = "") -> ExternalView:
    """A credential's link: our own answered from the database, anyone else's fetched
    (only https and public addresses, as on the verify page)."""
    url = url.strip()
    if not url:
        raise InvalidInput("error.external.empty")
    if len(url) > external.MAX_LINK_CHARS:
        raise InvalidInput("error.external.unreadable", reason="the link is too long")
    ours = sources.our_credential_uuid(url)
    if ours is not None:
        document = sources.fetch_credential(session, url)
        presented = external.read_text(external.payload_json(document))
        return _store(session, user_id, presented, "link", client)
    try:
        presented = external.read_text(url)
    except Unreadable as error:
        raise InvalidInput("error.external.unreadable", reason=str(error)) from error
    if presented.kind != external.LINK:
        raise InvalidInput("error.external.unreadable", reason="not a link")
    return _store(session, user_id, presented, "link", client)


def _owned(session: Session, user_id: int, uuid: str) -> ExternalCredential:
    """The learner's own imported credential; anyone else's is simply not found."""
    row = get_by_uuid(session, ExternalCredential, uuid, "error.external.not_found")
    if row.user_id != user_id:
        raise NotFound("error.external.not_found")
    return row


def recheck(session: Session, *, user_id: int, uuid: str, client: str = "") -> ExternalView:
    """Verify the kept credential again now (its issuer may have revoked it since)."""
    row = _owned(session, user_id, uuid)
    try:
        presented = external.read_text(row.payload)
    except Unreadable as error:  # pragma: no cover - it was readable when imported
        row.verdict, row.reason, row.checked_at = "unverifiable", str(error)[:500], utcnow()
        return _view(row)
    verification, judgement = _check(session, user_id, presented, client)
    _fill(row, presented, verification, judgement)
    session.add(row)
    session.flush()
    return _view(row)


def imported(session: Session, user_id: int) -> list[ExternalView]:
    rows = session.exec(
        select(ExternalCredential)
        .where(ExternalCredential.user_id == user_id)
        .order_by(col(ExternalCredential.created_at).desc(), col(ExternalCredential.id).desc())
    ).all()
    return [_view(r) for r in rows]


def remove(session: Session, *, user_id: int, uuid: str) -> None:
    session.delete(_owned(session, user_id, uuid))
    session.flush()


def countable(session: Session, *, user_id: int, client: str = "") -> list[ExternalView]:
    """The imported credentials that may count toward a qualification now: those still
    verified when checked again here (a self-reported one never is)."""
    found = []
    for row in session.exec(
        select(ExternalCredential).where(
            ExternalCredential.user_id == user_id, ExternalCredential.verdict == "verified"
        )
    ).all():
        view = recheck(session, user_id=user_id, uuid=str(row.uuid), client=client)
        if view.counts:
            found.append(view)
    return found


def export_external(session: Session, user_id: int) -> list[dict[str, Any]]:
    """ "Download my data": each imported credential as it came, with its last verdict."""
    rows = session.exec(
        select(ExternalCredential)
        .where(ExternalCredential.user_id == user_id)
        .order_by(col(ExternalCredential.id))
    ).all()
    return [
        {
            "format": r.format,
            "source": r.source,
            "credential": r.payload,
            "verdict": r.verdict,
            "reason": r.reason,
            "checked_at": r.checked_at.isoformat(),
        }
        for r in rows
    ]


def erase_external(session: Session, user_id: int) -> None:
    """ "Delete my account": what the learner brought goes with them (it is theirs, and
    nothing else points to it)."""
    for row in session.exec(
        select(ExternalCredential).where(ExternalCredential.user_id == user_id)
    ).all():
        session.delete(row)
    session.flush()


__all__ = [
    "ExternalView",
    "countable",
    "export_external",
    "import_bytes",
    "import_link",
    "imported",
    "recheck",
    "remove",
]
