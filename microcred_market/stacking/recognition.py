"""Recognition: a credential from elsewhere counts toward a qualification once the
awarding university mapped it to a node of the qualification's rule tree.

The learner asks (`ask`) for one imported credential and one qualification. What happens
then, in this order:

1. The credential is verified again (its issuer may have revoked it). One that does not
   verify is a self-reported claim: it may be asked for, but always waits for staff,
   whatever the trust list or earlier decisions say (its issuer and achievement are only
   claimed, so a decision keyed on them must not apply to it, nor be stored from it).
2. The issuer is on the awarding university's trust list as `refuse`: refused at once
   with the list's reason.
3. The issuer is on the list as `review`: staff look at every request from it.
4. Otherwise (`auto_accept`, or not on the list) a stored decision for the same
   achievement of the same issuer toward the same qualification applies at once (a
   mapping with its ECTS, or a refusal with its reason); without one, staff decide.

Staff of the awarding university with `university.assess` (owners and assessors: the
people who judge evidence of learning, not the editors of course pages) decide from the
queue (`queue`, oldest first): map to a leaf node of the rule tree with the ECTS credited
(at most what the credential states, when it states any) or refuse with a reason. The
decision is audited, mailed to the learner, stored for reuse when the credential was
verified, and applied to the other verified requests waiting for the same achievement.

`recognised_credentials` is the source `stacking.service` asks for credentials from
elsewhere: one `HeldCredential` per imported credential with every accepted mapping, so
progress counts each once. A mapping stops counting when a later check finds the
credential revoked, suspended or expired, or (when it verified when asked) no longer
verified.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlmodel import Session, col, select

from microcred_market.accounts import authz
from microcred_market.accounts.models import User
from microcred_market.catalogue.models import Qualification, University
from microcred_market.credentials import external
from microcred_market.credentials.models import ExternalCredential
from microcred_market.platform import audit, urls
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import get_by_uuid
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.platform.mail import queue_mail
from microcred_market.stacking import progress as engine
from microcred_market.stacking import rules
from microcred_market.stacking import service as stacking
from microcred_market.stacking.models import (
    TRUST_LEVELS,
    IssuerTrust,
    QualificationRule,
    RecognitionDecision,
    RecognitionRequest,
)

PERMISSION = "university.assess"
EXTERNAL = "ext:"  # HeldCredential ids of imported credentials: "ext:<uuid>"
MAX_REASON = 500
MAX_ISSUER = 500
# Verdicts after which an accepted mapping stops counting, whoever accepted it.
_GONE = ("revoked", "suspended", "expired")


@dataclass(frozen=True)
class NodeChoice:
    node_id: str
    label: str
    kind: str


@dataclass(frozen=True)
class RequestView:
    uuid: str
    state: str  # pending, accepted, refused
    qualification_slug: str
    qualification_title: str
    credential_uuid: str
    issuer_name: str
    issuer_id: str
    achievement_name: str
    achievement_id: str
    stated_ects: str
    verified: bool
    node_id: str
    ects: str
    reason: str
    reused: bool  # a stored decision or the trust list decided, not a person
    created_at: datetime
    decided_at: datetime | None
    learner: str = ""  # for staff only
    nodes: tuple[NodeChoice, ...] = ()  # for staff: where it may be mapped


@dataclass(frozen=True)
class TrustView:
    issuer_id: str
    level: str
    reason: str
    updated_at: datetime


def _num(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def _leaves(rule: rules.Rule) -> tuple[NodeChoice, ...]:
    """The nodes a credential can stand for: the leaves (a part, a pool, a recognised slot)."""
    found = []
    for node, _depth in rules.walk(rule.root):
        if isinstance(
            node, rules.Offering | rules.QualificationPart | rules.Pool | rules.Recognised
        ):
            label = getattr(node, "title", "") or getattr(node, "label", "") or node.id
            found.append(NodeChoice(node.id, label, rules.kind_of(node)))
    return tuple(found)


def _view(session: Session, row: RecognitionRequest, *, staff: bool = False) -> RequestView:
    credential = session.get(ExternalCredential, row.external_credential_id)
    qualification = session.get(Qualification, row.qualification_id)
    assert credential is not None and qualification is not None
    learner = ""
    nodes: tuple[NodeChoice, ...] = ()
    if staff:
        user = session.get(User, row.user_id)
        learner = (user.display_name or user.email or "") if user else ""
        rule_row = session.get(QualificationRule, row.qualification_id)
        nodes = _leaves(rule_row.parsed()) if rule_row else ()
    return RequestView(
        uuid=str(row.uuid),
        state=row.state,
        qualification_slug=qualification.slug,
        qualification_title=qualification.title,
        credential_uuid=str(credential.uuid),
        issuer_name=credential.issuer_name,
        issuer_id=credential.issuer_id,
        achievement_name=credential.achievement_name,
        achievement_id=credential.achievement_id,
        stated_ects=_num(credential.ects),
        verified=row.verified,
        node_id=row.node_id,
        ects=_num(row.ects),
        reason=row.reason,
        reused=row.state != "pending" and row.decided_by_user_id is None,
        created_at=row.created_at,
        decided_at=row.decided_at,
        learner=learner,
        nodes=nodes,
    )


def _university(session: Session, slug: str) -> University:
    university = session.exec(select(University).where(University.slug == slug)).first()
    if university is None or university.id is None:
        raise NotFound("error.catalogue.university_not_found")
    return university


def _trust(session: Session, university_id: int, issuer_id: str) -> IssuerTrust | None:
    if not issuer_id:
        return None
    return session.exec(
        select(IssuerTrust).where(
            IssuerTrust.university_id == university_id, IssuerTrust.issuer_id == issuer_id
        )
    ).first()


def _stored(
    session: Session, row: RecognitionRequest, credential: ExternalCredential
) -> RecognitionDecision | None:
    if not (credential.issuer_id and credential.achievement_id):
        return None
    return session.exec(
        select(RecognitionDecision).where(
            RecognitionDecision.university_id == row.university_id,
            RecognitionDecision.qualification_id == row.qualification_id,
            RecognitionDecision.issuer_id == credential.issuer_id,
            RecognitionDecision.achievement_id == credential.achievement_id,
        )
    ).first()


def _apply(row: RecognitionRequest, decision: RecognitionDecision) -> None:
    row.state = "accepted" if decision.node_id else "refused"
    row.node_id, row.ects, row.reason = decision.node_id, decision.ects, decision.reason
    row.decision_id = decision.id
    row.decided_at = utcnow()


# ---------------------------------------------------------------- the learner


def qualifications_open(session: Session) -> list[tuple[str, str]]:
    """(slug, title) of the qualifications with rules, which a credential may count toward."""
    rows = session.exec(
        select(Qualification)
        .join(QualificationRule, col(QualificationRule.qualification_id) == Qualification.id)
        .order_by(col(Qualification.title))
    ).all()
    return [(q.slug, q.title) for q in rows]


def ask(
    session: Session,
    *,
    user_id: int,
    credential_uuid: str,
    qualification_slug: str,
    client: str = "",
) -> RequestView:
    """The learner asks that an imported credential count toward a qualification."""
    credential = get_by_uuid(
        session, ExternalCredential, credential_uuid, "error.external.not_found"
    )
    if credential.user_id != user_id:
        raise NotFound("error.external.not_found")
    qualification = stacking.qualification_by_slug(session, qualification_slug)
    rule_row = session.get(QualificationRule, qualification.id)
    if rule_row is None:
        raise InvalidInput("error.recognition.no_rules")
    existing = session.exec(
        select(RecognitionRequest).where(
            RecognitionRequest.external_credential_id == credential.id,
            RecognitionRequest.qualification_id == qualification.id,
        )
    ).first()
    if existing is not None:
        raise InvalidInput("error.recognition.already_asked")
    checked = external.recheck(session, user_id=user_id, uuid=credential_uuid, client=client)
    row = RecognitionRequest(
        user_id=user_id,
        external_credential_id=credential.id or 0,
        qualification_id=qualification.id or 0,
        university_id=rule_row.university_id,
        verified=checked.counts,
    )
    if row.verified:
        trust = _trust(session, row.university_id, credential.issuer_id)
        if trust is not None and trust.level == "refuse":
            row.state, row.reason, row.decided_at = "refused", trust.reason, utcnow()
        elif trust is None or trust.level == "auto_accept":
            decision = _stored(session, row, credential)
            if decision is not None:
                _apply(row, decision)
    session.add(row)
    session.flush()
    if row.state == "accepted":
        stacking.queue_check(session, user_id)
    return _view(session, row)


def my_requests(session: Session, user_id: int) -> list[RequestView]:
    rows = session.exec(
        select(RecognitionRequest)
        .where(RecognitionRequest.user_id == user_id)
        .order_by(col(RecognitionRequest.created_at), col(RecognitionRequest.id))
    ).all()
    return [_view(session, r) for r in rows]


# ---------------------------------------------------------------- staff


def queue(session: Session, principal: authz.Principal, university_slug: str) -> list[RequestView]:
    """The requests waiting for the university's staff, oldest first."""
    university = _university(session, university_slug)
    authz.require(principal, PERMISSION, university.id)
    rows = session.exec(
        select(RecognitionRequest)
        .where(
            RecognitionRequest.university_id == university.id,
            RecognitionRequest.state == "pending",
        )
        .order_by(col(RecognitionRequest.created_at), col(RecognitionRequest.id))
    ).all()
    return [_view(session, r, staff=True) for r in rows]


def _ects(text: str, credential: ExternalCredential) -> Decimal:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        raise InvalidInput("error.recognition.ects_invalid") from None
    if not value.is_finite() or value <= 0 or value > rules.MAX_ECTS or value != round(value, 2):
        raise InvalidInput("error.recognition.ects_invalid")
    if credential.ects is not None and value > credential.ects:
        raise InvalidInput("error.recognition.ects_above_stated", ects=_num(credential.ects))
    return value


def _tell(session: Session, row: RecognitionRequest) -> None:
    learner = session.get(User, row.user_id)
    qualification = session.get(Qualification, row.qualification_id)
    credential = session.get(ExternalCredential, row.external_credential_id)
    if learner is None or not learner.email or qualification is None or credential is None:
        return
    queue_mail(
        session,
        to=learner.email,
        template=f"recognition_{row.state}",
        lang=learner.preferred_language,
        name=learner.display_name,
        achievement=credential.achievement_name or credential.achievement_id,
        title=qualification.title,
        ects=_num(row.ects),
        reason=row.reason,
        link=urls.qualification_page(qualification.slug),
    )


def decide(
    session: Session,
    *,
    principal: authz.Principal,
    request_uuid: str,
    accept: bool,
    node_id: str = "",
    ects: str = "",
    reason: str = "",
) -> RequestView:
    """Staff map a waiting request to a node with ECTS credited, or refuse it with a reason."""
    row = get_by_uuid(session, RecognitionRequest, request_uuid, "error.recognition.not_found")
    authz.require(principal, PERMISSION, row.university_id)
    if row.state != "pending":
        raise InvalidInput("error.recognition.decided")
    credential = session.get(ExternalCredential, row.external_credential_id)
    rule_row = session.get(QualificationRule, row.qualification_id)
    if credential is None or rule_row is None:
        raise NotFound("error.recognition.not_found")
    reason = reason.strip()
    if len(reason) > MAX_REASON:
        raise InvalidInput("error.recognition.reason_long", n=MAX_REASON)
    if accept:
        node_id = node_id.strip()
        if node_id not in {n.node_id for n in _leaves(rule_row.parsed())}:
            raise InvalidInput("error.recognition.node_invalid")
        row.state, row.node_id, row.ects = "accepted", node_id, _ects(ects, credential)
    else:
        if not reason:
            raise InvalidInput("error.recognition.reason_missing")
        row.state, row.node_id, row.ects = "refused", "", None
    row.reason = reason
    row.decided_by_user_id, row.decided_at = principal.user_id, utcnow()
    session.add(row)
    audit.record(
        session,
        "recognition.decide",
        audit.user(principal.user_id),
        str(row.uuid),
        state=row.state,
        node=row.node_id,
        ects=_num(row.ects),
        reason=row.reason,
        issuer=credential.issuer_id,
        achievement=credential.achievement_id,
    )
    _tell(session, row)
    if row.state == "accepted":
        stacking.queue_check(session, row.user_id)
    if row.verified and credential.issuer_id and credential.achievement_id:
        _remember(session, row, credential, principal.user_id)
    session.flush()
    return _view(session, row, staff=True)


def _remember(
    session: Session, row: RecognitionRequest, credential: ExternalCredential, by: int | None
) -> None:
    """Store the decision for reuse and apply it to the verified requests waiting for it."""
    decision = _stored(session, row, credential) or RecognitionDecision(
        university_id=row.university_id,
        qualification_id=row.qualification_id,
        issuer_id=credential.issuer_id,
        achievement_id=credential.achievement_id,
    )
    decision.node_id, decision.ects, decision.reason = row.node_id, row.ects, row.reason
    decision.decided_by_user_id, decision.decided_at = by, utcnow()
    session.add(decision)
    session.flush()
    row.decision_id = decision.id
    trust = _trust(session, row.university_id, credential.issuer_id)
    if trust is not None and trust.level == "review":
        return
    waiting = session.exec(
        select(RecognitionRequest)
        .join(
            ExternalCredential,
            col(ExternalCredential.id) == RecognitionRequest.external_credential_id,
        )
        .where(
            RecognitionRequest.university_id == row.university_id,
            RecognitionRequest.qualification_id == row.qualification_id,
            RecognitionRequest.state == "pending",
            col(RecognitionRequest.verified).is_(True),
            RecognitionRequest.id != row.id,
            ExternalCredential.issuer_id == credential.issuer_id,
            ExternalCredential.achievement_id == credential.achievement_id,
        )
    ).all()
    for other in waiting:
        _apply(other, decision)
        session.add(other)
        _tell(session, other)
        if other.state == "accepted":
            stacking.queue_check(session, other.user_id)


def trust_list(
    session: Session, principal: authz.Principal, university_slug: str
) -> list[TrustView]:
    university = _university(session, university_slug)
    authz.require(principal, PERMISSION, university.id)
    rows = session.exec(
        select(IssuerTrust)
        .where(IssuerTrust.university_id == university.id)
        .order_by(col(IssuerTrust.issuer_id))
    ).all()
    return [TrustView(r.issuer_id, r.level, r.reason, r.updated_at) for r in rows]


def set_trust(
    session: Session,
    *,
    principal: authz.Principal,
    university_slug: str,
    issuer_id: str,
    level: str,
    reason: str = "",
) -> TrustView | None:
    """Put an issuer on the trust list, change its level, or (level "") take it off."""
    university = _university(session, university_slug)
    authz.require(principal, PERMISSION, university.id)
    issuer_id, reason = issuer_id.strip(), reason.strip()
    if not issuer_id or len(issuer_id) > MAX_ISSUER or any(c.isspace() for c in issuer_id):
        raise InvalidInput("error.recognition.issuer_invalid")
    if level and level not in TRUST_LEVELS:
        raise InvalidInput("error.recognition.level_invalid")
    if len(reason) > MAX_REASON:
        raise InvalidInput("error.recognition.reason_long", n=MAX_REASON)
    if level == "refuse" and not reason:
        raise InvalidInput("error.recognition.reason_missing")
    row = _trust(session, university.id or 0, issuer_id)
    before = {"level": row.level, "reason": row.reason} if row else {}
    if not level:
        if row is not None:
            session.delete(row)
        audit.record(
            session,
            "recognition.trust",
            audit.user(principal.user_id),
            issuer_id,
            before=before,
            after={},
        )
        session.flush()
        return None
    row = row or IssuerTrust(university_id=university.id or 0, issuer_id=issuer_id)
    row.level, row.reason = level, reason
    row.updated_by_user_id, row.updated_at = principal.user_id, utcnow()
    session.add(row)
    audit.record(
        session,
        "recognition.trust",
        audit.user(principal.user_id),
        issuer_id,
        before=before,
        after={"level": level, "reason": reason},
    )
    session.flush()
    return TrustView(row.issuer_id, row.level, row.reason, row.updated_at)


# ---------------------------------------------------------------- what counts


def recognised_credentials(session: Session, user_id: int) -> list[engine.HeldCredential]:
    """The learner's accepted imports as the progress engine reads them, one per credential."""
    found: dict[int, tuple[ExternalCredential, list[RecognitionRequest]]] = {}
    for row, credential in session.execute(
        select(RecognitionRequest, ExternalCredential)
        .join(
            ExternalCredential,
            col(ExternalCredential.id) == RecognitionRequest.external_credential_id,
        )
        .where(RecognitionRequest.user_id == user_id, RecognitionRequest.state == "accepted")
        .order_by(col(RecognitionRequest.id))
    ).all():
        found.setdefault(credential.id or 0, (credential, []))[1].append(row)
    held = []
    for credential, accepted in found.values():
        good = [
            r
            for r in accepted
            if credential.verdict not in _GONE
            and (credential.verdict == "verified" or not r.verified)
        ]
        issued = credential.issued_on or credential.created_at
        credited = [r.ects or Decimal(0) for r in accepted]
        held.append(
            engine.HeldCredential(
                id=f"{EXTERNAL}{credential.uuid}",
                achievement_id=credential.achievement_id,
                issuer=credential.issuer_id or f"{EXTERNAL}{credential.uuid}",
                ects=credential.ects if credential.ects is not None else max(credited),
                eqf_level=None,
                issued=issued.date(),
                status="active" if good else "revoked",
                recognised=tuple(
                    engine.Recognition(r.node_id, r.ects or Decimal(0), r.qualification_id)
                    for r in good
                ),
            )
        )
    return held


def export_recognition(session: Session, user_id: int) -> list[dict[str, Any]]:
    """ "Download my data": the learner's requests and what was decided."""
    return [
        {
            "qualification": v.qualification_slug,
            "credential": v.credential_uuid,
            "state": v.state,
            "node": v.node_id,
            "ects": v.ects,
            "reason": v.reason,
            "asked_at": v.created_at.isoformat(),
        }
        for v in my_requests(session, user_id)
    ]


def erase_recognition(session: Session, user_id: int) -> None:
    for row in session.exec(
        select(RecognitionRequest).where(RecognitionRequest.user_id == user_id)
    ).all():
        session.delete(row)
    session.flush()


__all__ = [
    "NodeChoice",
    "RequestView",
    "TrustView",
    "ask",
    "decide",
    "erase_recognition",
    "export_recognition",
    "my_requests",
    "qualifications_open",
    "queue",
    "recognised_credentials",
    "set_trust",
    "trust_list",
]
