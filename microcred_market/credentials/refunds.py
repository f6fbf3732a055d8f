"""What a refund does to the credential of an assessed enrolment, decided in one place.

A credential certifies something the learner was assessed on, and the money paid for
that assessment. So a full refund of an assessed enrolment revokes its credential (the
status list bit is set, the reason says "refunded"); a partial refund keeps it, and says
so. Either way the change is written to the audit log with who asked, before and after,
and the learner is told by mail. This runs inside the transaction that records the
refund (orders calls it through `orders.service.on_refund`, filled by `wiring.py`), so
no refund is ever committed with its credential left as it was, whichever path made the
refund: staff, an operator, the learner, a provider's webhook or a command.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from microcred_market.accounts.models import User
from microcred_market.catalogue.models import Offering, University
from microcred_market.credentials import issuing
from microcred_market.credentials.models import CredentialEvent, IssuedCredential
from microcred_market.orders.models import Enrolment
from microcred_market.orders.service import RefundRecorded
from microcred_market.platform import audit
from microcred_market.platform.clock import utcnow
from microcred_market.platform.mail import queue_mail
from microcred_market.platform.money import format_money

REFUND_REASON = "refunded"
REVOKED_ACTION = "credential.revoked_on_refund"
KEPT_ACTION = "credential.kept_on_partial_refund"
VOIDED_ACTION = "credential.not_issued_on_refund"


def _state(credential: IssuedCredential | None, enrolment: Enrolment) -> str:
    if credential is not None:
        return credential.state
    return "pending" if enrolment.passed_at is not None else "none"


def after_refund(session: Session, refund: RefundRecorded) -> None:
    """Revoke (full refund) or keep (partial) the credential of an assessed enrolment."""
    if refund.enrolment_id is None:
        return
    enrolment = session.get(Enrolment, refund.enrolment_id)
    if enrolment is None or not enrolment.assessed:
        return  # nothing was assessed: the refund only cancels the enrolment
    credential = session.exec(
        select(IssuedCredential).where(IssuedCredential.enrolment_id == enrolment.id)
    ).first()
    before = {
        "order_state": refund.order_state_before,
        "refunded_minor": refund.refunded_minor - refund.amount_minor,
        "credential_state": _state(credential, enrolment),
        "credential_reason": credential.state_reason if credential else "",
    }
    if refund.full and credential is not None and credential.state != "revoked":
        credential.state = "revoked"
        credential.state_reason = REFUND_REASON
        credential.state_changed_at = utcnow()
        session.add(credential)
        assert credential.id is not None  # read from the database
        session.add(
            CredentialEvent(
                credential_id=credential.id,
                kind="revoked",
                reason=REFUND_REASON,
                actor_user_id=refund.actor_user_id,
            )
        )
        issuing.clear_status_cache()
        issuing.changed(session, credential.user_id)
        action = REVOKED_ACTION
    elif refund.full:
        # Passed but not yet issued (the worker will now skip it), or revoked already.
        action = REVOKED_ACTION if credential is not None else VOIDED_ACTION
    else:
        action = KEPT_ACTION
    after_state = _state(credential, enrolment)
    if refund.full and credential is None:
        after_state = "none"
    after = {
        "order_state": refund.order_state_after,
        "refunded_minor": refund.refunded_minor,
        "credential_state": after_state,
        "credential_reason": credential.state_reason if credential else "",
    }
    # No account behind a provider's webhook: the event that brought the refund answers.
    actor = (
        audit.user(refund.actor_user_id)
        if refund.actor_user_id is not None
        else audit.Actor(name=refund.source)
    )
    audit.record(
        session,
        action,
        actor,
        str(credential.uuid) if credential else str(enrolment.uuid),
        before=before,
        after=after,
        order=refund.order_uuid,
        enrolment=str(enrolment.uuid),
        source=refund.source,
        full=refund.full,
        amount_minor=refund.amount_minor,
        currency=refund.currency,
    )
    _tell_learner(session, enrolment, credential, refund)


def _tell_learner(
    session: Session,
    enrolment: Enrolment,
    credential: IssuedCredential | None,
    refund: RefundRecorded,
) -> None:
    user = session.get(User, enrolment.user_id)
    if user is None or not user.email:
        return
    offering = session.get(Offering, enrolment.offering_id)
    university = session.get(University, offering.university_id) if offering else None
    lang = user.preferred_language
    context: dict[str, Any] = {
        "name": user.display_name or "",
        "title": credential.title if credential else (offering.title if offering else ""),
        "university": university.name if university else "",
        "amount": format_money(refund.amount_minor, refund.currency, lang),
    }
    if refund.full:
        template = "credential_refund_revoked" if credential else "credential_refund_voided"
    else:
        template = "credential_refund_kept"
    queue_mail(session, to=user.email, template=template, lang=lang, **context)
