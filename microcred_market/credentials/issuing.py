"""Issuing, revoking and publishing credentials: the database side of the `vc` library.

Passing an enrolment writes an outbox row in the same transaction; the worker turns it
into a signed credential. The credential row is unique per enrolment, so a worker that
dies half-way and runs again never issues twice.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any, Protocol

import nacl.signing
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from microcred_market.accounts import authz
from microcred_market.accounts.models import User
from microcred_market.catalogue import authoring
from microcred_market.catalogue.models import (
    Offering,
    Qualification,
    QualificationOffering,
    University,
)
from microcred_market.catalogue.vocab import COUNTRIES, label
from microcred_market.credentials import activity
from microcred_market.credentials.models import CredentialEvent, IssuedCredential, IssuerKey
from microcred_market.orders import service as orders
from microcred_market.orders.models import Enrolment
from microcred_market.platform import audit, keystore, urls
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import get_by_uuid, session_scope
from microcred_market.platform.errors import DomainError, InvalidInput, NotFound
from microcred_market.platform.i18n import Phrase
from microcred_market.platform.mail import queue_mail
from microcred_market.platform.models import OutboxMessage
from microcred_market.settings import get_settings
from microcred_market.vc import did as didlib
from microcred_market.vc import multikey, ob3, proofs, status_list

ISSUE_KIND = "credential.issue"
# Each list is filled to half before the next one starts, so a random free slot is
# found in a couple of tries and one set bit stays one among 65,536 or more.
LIST_FILL = status_list.LIST_SIZE // 2
STATUS_LIST_TTL = timedelta(hours=24)
STATUS_CACHE_SECONDS = 300
MAX_STATUS_LIST_NUMBER = 2**31 - 1
STATES = ("active", "revoked", "suspended")


class _Stored(Protocol):
    @property
    def id(self) -> int | None: ...


def _id(row: _Stored) -> int:
    """The key of a row read from (or flushed to) the database: never None there."""
    assert row.id is not None, "the row is not stored yet"
    return row.id


class AlreadyDone(DomainError):
    code = "already_done"


# --- who is told when a learner's credentials change --------------------------------

ChangeListener = Callable[[Session, int], None]
_CHANGE_LISTENERS: list[ChangeListener] = []


def on_change(listener: ChangeListener) -> None:
    """Call `listener(session, user_id)` inside every transaction that issues, revokes,
    suspends or reinstates one of the learner's credentials (stacking, via `wiring`:
    credentials cannot know what is built on top of them)."""
    if listener not in _CHANGE_LISTENERS:
        _CHANGE_LISTENERS.append(listener)


def changed(session: Session, user_id: int) -> None:
    for listener in _CHANGE_LISTENERS:
        listener(session, user_id)


# --- keys ------------------------------------------------------------------------


def _new_key(session: Session, university: University, number: int) -> IssuerKey:
    signing = nacl.signing.SigningKey.generate()
    key_id = f"key-{number}"
    row = IssuerKey(
        university_id=_id(university),
        key_id=key_id,
        public_multibase=multikey.encode_public(bytes(signing.verify_key)),
        encrypted_private=keystore.encrypt_seed(bytes(signing), _id(university), key_id),
        active=True,
    )
    session.add(row)
    session.flush()
    return row


def _keys(session: Session, university: University) -> list[IssuerKey]:
    return list(
        session.exec(
            select(IssuerKey)
            .where(IssuerKey.university_id == university.id)
            .order_by(col(IssuerKey.id))
        ).all()
    )


def active_key(session: Session, university: University) -> IssuerKey:
    """The key new credentials are signed with; the first one is made on first use."""
    for key in _keys(session, university):
        if key.active and key.withdrawn_at is None:
            return key
    return _new_key(session, university, len(_keys(session, university)) + 1)


def university_by_slug(session: Session, slug: str) -> University:
    university = session.exec(select(University).where(University.slug == slug)).first()
    if university is None:
        raise NotFound("error.credentials.university_unknown", slug=slug)
    return university


def rotate_key(session: Session, slug: str, actor: audit.Actor = audit.SYSTEM) -> IssuerKey:
    """A new signing key; the old one stays listed so its credentials still verify."""
    university = university_by_slug(session, slug)
    keys = _keys(session, university)
    before = [k.key_id for k in keys if k.active]
    for key in keys:
        if key.active:
            key.active = False
            key.retired_at = utcnow()
            session.add(key)
    new = _new_key(session, university, len(keys) + 1)
    audit.record(
        session,
        "keys.rotate",
        actor,
        slug,
        before={"signing_key": before[0] if before else None},
        after={"signing_key": new.key_id},
        public_key=new.public_multibase,
    )
    return new


def withdraw_key(
    session: Session, slug: str, key_id: str, actor: audit.Actor = audit.SYSTEM
) -> None:
    """Drop a (compromised) key from the DID document: what it signed stops verifying."""
    university = university_by_slug(session, slug)
    key = next((k for k in _keys(session, university) if k.key_id == key_id), None)
    if key is None:
        raise NotFound("error.credentials.key_unknown", slug=slug, key_id=key_id)
    listed = [k.key_id for k in _keys(session, university) if k.withdrawn_at is None]
    if key.active:
        rotate_key(session, slug, actor)
        key.active = False
    key.withdrawn_at = utcnow()
    session.add(key)
    audit.record(
        session,
        "keys.withdraw",
        actor,
        slug,
        before={"listed_keys": listed},
        after={
            "listed_keys": [k.key_id for k in _keys(session, university) if k.withdrawn_at is None]
        },
        key=key_id,
    )


def did_document(session: Session, slug: str) -> dict[str, Any] | None:
    university = session.exec(select(University).where(University.slug == slug)).first()
    if university is None:
        return None
    keys = [k for k in _keys(session, university) if k.withdrawn_at is None]
    if not keys:
        keys = [active_key(session, university)]
    return didlib.did_document(
        urls.issuer_did(slug), [didlib.PublicKey(k.key_id, k.public_multibase) for k in keys]
    )


def _signer(university: University, key: IssuerKey) -> proofs.Signer:
    seed = keystore.decrypt_seed(key.encrypted_private, _id(university), key.key_id)
    return proofs.Signer(f"{urls.issuer_did(university.slug)}#{key.key_id}", seed)


# --- passing and issuing -----------------------------------------------------------


def _enrolment(session: Session, enrolment_uuid: str) -> Enrolment:
    return get_by_uuid(session, Enrolment, enrolment_uuid, "error.credentials.enrolment_not_found")


_PERCENT = re.compile(r"(\d{1,3})(?:[.,](\d{1,2}))?\s*%?", re.ASCII)


def clean_grade(grade: str | None, required: Decimal | None = None) -> str | None:
    """The grade as the credential will state it, or None for a pass without one.

    A credential states its result as a percentage from 0 to 100 with the pass mark of
    the assessment it was earned by (`ob3.result_description`), so a grade must be such
    a number and, when there is a pass mark, at least that: "B+" or "30" under a pass
    mark of 50 would sign a credential that contradicts itself. `required` None: the
    old fixed declaration (50). "87,5", "87.5" and "87.5 %" are all written "87.5".
    """
    grade = (grade or "").strip()
    if not grade:
        return None
    if len(grade) > 20:
        raise InvalidInput("error.credentials.grade_too_long")
    match = _PERCENT.fullmatch(grade)
    value = Decimal(f"{match[1]}.{match[2] or 0}") if match else None
    if value is None or not ob3.RESULT_MIN <= value <= ob3.RESULT_MAX:
        raise InvalidInput(
            "error.credentials.grade_not_percent", low=ob3.RESULT_MIN, high=ob3.RESULT_MAX
        )
    mark = Decimal(ob3.RESULT_REQUIRED) if required is None else required
    if value < mark:
        raise InvalidInput(
            "error.credentials.grade_below_pass", required=format(mark.normalize(), "f")
        )
    return format(value.normalize(), "f")


def record_pass(
    session: Session,
    enrolment: Enrolment,
    *,
    grade: str | None,
    actor_user_id: int | None,
    outcome: ob3.OutcomeFacts | None = None,
) -> Enrolment:
    """Record the pass and queue the credential: the issuing step of `assessments.results`.

    Nothing else calls it (a test checks): staff "pass", the results file and the command
    line all record an assessor's decision, and the released results decide the pass.
    `outcome` says how it was earned and goes into the credential. A result ends the
    right of withdrawal, whichever path recorded it.
    """
    if enrolment.passed_at is not None:
        raise AlreadyDone("error.credentials.already_passed")
    if outcome is None:
        enrolment.grade = clean_grade(grade)
    elif outcome.scale == "percent":
        enrolment.grade = clean_grade(grade, outcome.required or Decimal(0))
    else:  # pass/fail: the credential states the level "Passed", no number
        enrolment.grade = None
    orders.start_assessment(enrolment)
    enrolment.passed_at = utcnow()
    enrolment.passed_by_user_id = actor_user_id
    enrolment.outcome = outcome.as_json() if outcome is not None else None
    session.add(enrolment)
    session.add(OutboxMessage(kind=ISSUE_KIND, payload={"enrolment_id": enrolment.id}))
    audit.record(
        session,
        "enrolment.passed",
        audit.user(actor_user_id),
        str(enrolment.uuid),
        before={"passed": False},
        after={"passed": True, "grade": enrolment.grade},
    )
    return enrolment


def _current_list(session: Session, university_id: int) -> tuple[int, int]:
    """(the status list being filled, credentials the university has issued)."""
    issued = session.execute(
        sa.select(sa.func.count())
        .select_from(IssuedCredential)
        .where(col(IssuedCredential.university_id) == university_id)
    ).scalar_one()
    return 1 + issued // LIST_FILL, issued


def _free_slot(session: Session, university_id: int) -> tuple[int, int]:
    number, _issued = _current_list(session, university_id)
    while True:
        index = secrets.randbelow(status_list.LIST_SIZE)
        taken = session.execute(
            sa.select(col(IssuedCredential.id)).where(
                col(IssuedCredential.university_id) == university_id,
                col(IssuedCredential.status_list_no) == number,
                col(IssuedCredential.status_index) == index,
            )
        ).first()
        if taken is None:
            return number, index


def _part_of(session: Session, offering_id: int) -> list[str]:
    slugs = session.exec(
        select(Qualification.slug)
        .join(
            QualificationOffering, col(QualificationOffering.qualification_id) == Qualification.id
        )
        .where(QualificationOffering.offering_id == offering_id)
        .order_by(Qualification.slug)
    ).all()
    return [urls.qualification_page(slug) for slug in slugs]


def _facts(
    session: Session, university: University, offering: Offering
) -> tuple[ob3.IssuerFacts, ob3.AchievementFacts]:
    code = university.country_code.upper()
    issuer = ob3.IssuerFacts(
        did=urls.issuer_did(university.slug),
        name=university.name,
        url=university.website,
        country_code=code,
        # The signed document names the country in English whatever the reader speaks.
        country_name=label(COUNTRIES, code, "en"),
        city=university.city,
    )
    achievement = ob3.AchievementFacts(
        url=urls.offering_page(offering.slug),
        title=offering.title,
        description=offering.summary or offering.description,
        learning_outcomes=list(offering.learning_outcomes or []),
        ects=offering.ects,
        eqf_level=offering.eqf_level,
        language=offering.language,
        assessment_type=offering.assessment_type,
        participation_form=offering.participation_form,
        quality_assurance=offering.quality_assurance or university.quality_assurance,
        esco_skills=list(offering.esco_skills or []),
        nqf_level=offering.nqf_level,
        nqf_framework=offering.nqf_framework,
        prerequisites=offering.prerequisites,
        supervision=offering.supervision,
        part_of=_part_of(session, _id(offering)),
    )
    return issuer, achievement


@dataclass(frozen=True)
class _IssuingContext:
    """What every credential of one offering shares: read and prepared once."""

    offering: Offering
    university: University
    key: IssuerKey
    issuer: ob3.IssuerFacts
    achievement: ob3.AchievementFacts
    signer: proofs.Signer
    # The offering's version these facts are (catalogue.authoring), kept on each credential.
    version_id: int | None = None


def _issuing_context(session: Session, offering_id: int) -> _IssuingContext:
    offering = session.get(Offering, offering_id)
    assert offering is not None
    university = session.get(University, offering.university_id)
    assert university is not None
    key = active_key(session, university)
    issuer, achievement = _facts(session, university, offering)
    return _IssuingContext(
        offering,
        university,
        key,
        issuer,
        achievement,
        _signer(university, key),
        version_id=authoring.version_for_issue(session, offering_id),
    )


def _credential_row(
    ctx: _IssuingContext,
    enrolment: Enrolment,
    user: User,
    suite: str,
    number: int,
    index: int,
) -> IssuedCredential:
    """The signed credential row, not yet added to the session."""
    offering, university = ctx.offering, ctx.university
    row = IssuedCredential(
        enrolment_id=_id(enrolment),
        user_id=_id(user),
        offering_id=_id(offering),
        offering_version_id=ctx.version_id,
        university_id=_id(university),
        suite=suite,
        key_id=ctx.key.key_id,
        title=offering.title,
        status_list_no=number,
        status_index=index,
        document="",
    )
    document = ob3.build_credential(
        credential_id=f"urn:uuid:{row.uuid}",
        issuer=ctx.issuer,
        achievement_facts=ctx.achievement,
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
        grade=enrolment.grade,
        outcome=ob3.OutcomeFacts.from_json(enrolment.outcome) if enrolment.outcome else None,
    )
    signed = proofs.sign(document, ctx.signer, suite)
    row.document = json.dumps(signed, ensure_ascii=False, separators=(",", ":"))
    return row


def _after_issue(session: Session, row: IssuedCredential, user: User, ctx: _IssuingContext) -> None:
    session.add(CredentialEvent(credential_id=_id(row), kind="issued"))
    changed(session, row.user_id)
    audit.record(
        session,
        "credential.issued",
        audit.SYSTEM,
        str(row.uuid),
        before=None,
        after={"state": row.state, "university": ctx.university.slug},
    )
    if user.email:
        queue_mail(
            session,
            to=user.email,
            template="credential_issued",
            lang=user.preferred_language,
            name=user.display_name,
            title=ctx.offering.title,
            university=ctx.university.name,
            link=urls.wallet_page(),
            verify=urls.verify_page(row.uuid),
        )


def issue_for_enrolment(
    session: Session, enrolment_id: int, suite: str = proofs.RDFC
) -> IssuedCredential:
    """Sign and store the credential for a passed enrolment; returns the existing one if any."""
    existing = session.exec(
        select(IssuedCredential).where(IssuedCredential.enrolment_id == enrolment_id)
    ).first()
    if existing is not None:
        return existing
    enrolment = session.get(Enrolment, enrolment_id)
    if enrolment is None or enrolment.passed_at is None:
        raise InvalidInput("error.credentials.not_passed")
    if enrolment.status != "active":
        raise InvalidInput("error.credentials.enrolment_cancelled")
    user = session.get(User, enrolment.user_id)
    assert user is not None
    ctx = _issuing_context(session, enrolment.offering_id)
    for _attempt in range(5):
        number, index = _free_slot(session, _id(ctx.university))
        row = _credential_row(ctx, enrolment, user, suite, number, index)
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
        except IntegrityError:
            # Another worker took the slot, or issued this enrolment meanwhile.
            existing = session.exec(
                select(IssuedCredential).where(IssuedCredential.enrolment_id == enrolment_id)
            ).first()
            if existing is not None:
                return existing
            continue
        _after_issue(session, row, user, ctx)
        return row
    raise RuntimeError("no free status slot after 5 tries")


def issue_batch(session: Session, enrolment_ids: list[int], suite: str = proofs.RDFC) -> int:
    """Issue many credentials in one transaction (a cohort passing at once).

    Same result as `issue_for_enrolment` one by one, with the rows each needs read once:
    enrolments, learners, offerings, universities, keys and used status slots. The caller
    commits; a unique-constraint clash (another worker) rolls the batch back and the
    outbox retries it one message at a time.
    """
    ids = sorted(set(enrolment_ids))
    done = set(
        session.exec(
            select(IssuedCredential.enrolment_id).where(col(IssuedCredential.enrolment_id).in_(ids))
        ).all()
    )
    todo = [i for i in ids if i not in done]
    if not todo:
        return 0
    enrolments = session.exec(select(Enrolment).where(col(Enrolment.id).in_(todo))).all()
    if len(enrolments) != len(todo) or any(e.passed_at is None for e in enrolments):
        raise InvalidInput("error.credentials.not_passed")
    # Refunded in full between the pass and the worker: nothing to issue (the refund
    # recorded what became of the credential).
    enrolments = [e for e in enrolments if e.status == "active"]
    if not enrolments:
        return 0
    users = {
        u.id: u
        for u in session.exec(
            select(User).where(col(User.id).in_({e.user_id for e in enrolments}))
        ).all()
    }
    contexts: dict[int, _IssuingContext] = {}
    slots: dict[int, tuple[int, int, set[int]]] = {}  # university -> (list no, issued, used)
    made: list[tuple[IssuedCredential, User, _IssuingContext]] = []
    for enrolment in enrolments:
        if enrolment.offering_id not in contexts:
            contexts[enrolment.offering_id] = _issuing_context(session, enrolment.offering_id)
        ctx = contexts[enrolment.offering_id]
        uid = _id(ctx.university)
        if uid not in slots:
            slots[uid] = _used_slots(session, uid)
        number, issued, used = slots[uid]
        if issued and issued % LIST_FILL == 0:
            number, used = number + 1, set()
        index = secrets.randbelow(status_list.LIST_SIZE)
        while index in used:
            index = secrets.randbelow(status_list.LIST_SIZE)
        used.add(index)
        slots[uid] = (number, issued + 1, used)
        user = users[enrolment.user_id]
        row = _credential_row(ctx, enrolment, user, suite, number, index)
        session.add(row)
        made.append((row, user, ctx))
    session.flush()
    for row, user, ctx in made:
        _after_issue(session, row, user, ctx)
    return len(made)


def _used_slots(session: Session, university_id: int) -> tuple[int, int, set[int]]:
    number, issued = _current_list(session, university_id)
    used = set(
        session.exec(
            select(IssuedCredential.status_index).where(
                IssuedCredential.university_id == university_id,
                IssuedCredential.status_list_no == number,
            )
        ).all()
    )
    return number, issued, used


def handle_issue_batch(session: Session, payloads: list[dict[str, Any]]) -> None:
    issue_batch(session, [int(p["enrolment_id"]) for p in payloads])


def handle_issue(payload: dict[str, Any]) -> None:
    """Outbox handler: idempotent, so a retry after a crash is harmless."""
    with session_scope() as session:
        enrolment = session.get(Enrolment, int(payload["enrolment_id"]))
        if enrolment is not None and enrolment.status != "active":
            return  # refunded in full before the worker came to it: nothing to issue
        issue_for_enrolment(session, int(payload["enrolment_id"]))


# --- status: revoke, suspend, reinstate ---------------------------------------------


def credential_by_uuid(session: Session, credential_uuid: str) -> IssuedCredential:
    return get_by_uuid(
        session, IssuedCredential, credential_uuid, "error.credentials.credential_not_found"
    )


TRANSITIONS = {
    "revoke": ({"active", "suspended"}, "revoked"),
    "suspend": ({"active"}, "suspended"),
    "reinstate": ({"suspended"}, "active"),
}
CANNOT = {
    "revoke": "error.credentials.cannot_revoke",
    "suspend": "error.credentials.cannot_suspend",
    "reinstate": "error.credentials.cannot_reinstate",
}


def change_state(
    session: Session,
    *,
    principal: authz.Principal,
    credential_uuid: str,
    action: str,
    reason: str,
) -> IssuedCredential:
    row = credential_by_uuid(session, credential_uuid)
    authz.require(principal, "university.credentials.manage", row.university_id)
    if action not in TRANSITIONS:
        raise InvalidInput("error.credentials.action_unknown")
    allowed, target = TRANSITIONS[action]
    reason = (reason or "").strip()
    if action != "reinstate" and not reason:
        raise InvalidInput("error.credentials.reason_required")
    if len(reason) > 500:
        raise InvalidInput("error.credentials.reason_too_long", n=500)
    if row.state not in allowed:
        raise InvalidInput(CANNOT[action], state=Phrase(f"vocab.credential_state.{row.state}"))
    audit.record(
        session,
        f"credential.{action}",
        audit.user(principal.user_id),
        str(row.uuid),
        before={"state": row.state},
        after={"state": target},
        reason=reason,
    )
    row.state = target
    row.state_reason = reason
    row.state_changed_at = utcnow()
    session.add(row)
    session.add(
        CredentialEvent(
            credential_id=_id(row),
            kind=target if action != "reinstate" else "reinstated",
            reason=reason,
            actor_user_id=principal.user_id,
        )
    )
    user = session.get(User, row.user_id)
    university = session.get(University, row.university_id)
    if user is not None and user.email:
        queue_mail(
            session,
            to=user.email,
            template=f"credential_{'reinstated' if action == 'reinstate' else target}",
            lang=user.preferred_language,
            name=user.display_name,
            title=row.title,
            university=university.name if university else "",
            reason=reason,
        )
    _STATUS_CACHE.clear()
    changed(session, row.user_id)
    return row


# --- status lists ---------------------------------------------------------------------

_STATUS_CACHE: dict[tuple[str, ...], tuple[float, dict[str, Any]]] = {}
_STATUS_LOCK = threading.Lock()


def clear_status_cache() -> None:
    """Re-sign the status lists on their next request (a credential changed state)."""
    with _STATUS_LOCK:
        _STATUS_CACHE.clear()


def status_list_credential(
    session: Session, slug: str, purpose: str, number: int
) -> dict[str, Any] | None:
    """The signed list; re-signed at most every few minutes (and on every change here)."""
    # Beyond 2**31 - 1 a PostgreSQL integer overflows; no university has that many lists.
    if purpose not in status_list.PURPOSES or not 1 <= number <= MAX_STATUS_LIST_NUMBER:
        return None
    university = session.exec(select(University).where(University.slug == slug)).first()
    if university is None:
        return None
    state = "revoked" if purpose == "revocation" else "suspended"
    indexes = session.exec(
        select(IssuedCredential.status_index).where(
            IssuedCredential.university_id == university.id,
            IssuedCredential.status_list_no == number,
            IssuedCredential.state == state,
        )
    ).all()
    encoded = status_list.encode(indexes)
    key = active_key(session, university)
    settings = get_settings()
    cache_key = (
        settings.database_url,
        settings.api_base_url,
        slug,
        purpose,
        str(number),
        key.public_multibase,
    )
    with _STATUS_LOCK:
        cached = _STATUS_CACHE.get(cache_key)
        if (
            cached
            and time.monotonic() - cached[0] < STATUS_CACHE_SECONDS
            and cached[1]["credentialSubject"]["encodedList"] == encoded
        ):
            return cached[1]
    now = utcnow()
    document = status_list.list_credential(
        url=urls.status_list(slug, purpose, number),
        issuer_did=urls.issuer_did(slug),
        purpose=purpose,
        encoded_list=encoded,
        valid_from=ob3.iso(now),
    )
    document["validUntil"] = ob3.iso(now + STATUS_LIST_TTL)
    signed = proofs.sign(document, _signer(university, key))
    with _STATUS_LOCK:
        _STATUS_CACHE[cache_key] = (time.monotonic(), signed)
    return signed


# --- what learners and staff see ---------------------------------------------------


def document_of(row: IssuedCredential) -> dict[str, Any]:
    return json.loads(row.document)


def owned_credential(session: Session, user_id: int, credential_uuid: str) -> IssuedCredential:
    row = credential_by_uuid(session, credential_uuid)
    if row.user_id != user_id:
        raise NotFound("error.credentials.credential_not_found")
    return row


def set_public(session: Session, *, user_id: int, credential_uuid: str, public: bool) -> None:
    row = owned_credential(session, user_id, credential_uuid)
    if row.public == public:
        return
    row.public = public
    session.add(row)
    session.add(
        CredentialEvent(
            credential_id=_id(row),
            kind="shared" if public else "unshared",
            actor_user_id=user_id,
        )
    )
    if public:
        activity.record(session, row, activity.SHARED)
