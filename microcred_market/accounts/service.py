"""Accounts: sign-up, e-mail links, sessions, passwords, profile, export and deletion.

Every function takes a database session and plain arguments. Messages never reveal
whether an address has an account: sign-up and password reset answer the same way in
both cases and the difference only shows in the mail the owner of the address gets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from zoneinfo import available_timezones

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session, col, select

from microcred_market.accounts import passwords, personal_data
from microcred_market.accounts.authz import ROLE_RANK, ROLES
from microcred_market.accounts.models import (
    AuthSession,
    EmailToken,
    OidcIdentity,
    StaffInvitation,
    StaffRole,
    User,
)
from microcred_market.catalogue.models import University
from microcred_market.platform import audit, erasure, ratelimit, urls
from microcred_market.platform.clock import aware, utcnow
from microcred_market.platform.db import saved_id
from microcred_market.platform.errors import DomainError, InvalidInput
from microcred_market.platform.i18n import Phrase, languages, pick_language, t
from microcred_market.platform.mail import (
    SecretLink,
    forget_address,
    queue_mail,
    queue_mail_with_link,
)
from microcred_market.platform.models import AuditEvent
from microcred_market.platform.tokens import new_token, token_hash
from microcred_market.settings import get_settings

VERIFY_TTL = timedelta(hours=48)
RESET_TTL = timedelta(hours=1)
INVITE_TTL = timedelta(days=7)
# The kinds of one-time link our mail carries; `wiring.py` registers their minters.
EMAIL_LINK = "email_token"
INVITATION_LINK = "staff_invitation"


class InvalidCredentials(DomainError):
    code = "invalid_credentials"


class InvalidLink(DomainError):
    code = "invalid_link"


@dataclass(frozen=True)
class UserView:
    """What pages may know about a signed-in person (no hashes, no tokens)."""

    id: int
    uuid: str
    email: str
    email_verified: bool
    display_name: str
    preferred_language: str
    time_zone: str
    is_admin: bool
    has_password: bool


def view(user: User) -> UserView:
    return UserView(
        id=user.id or 0,
        uuid=str(user.uuid),
        email=user.email or "",
        email_verified=user.email_verified_at is not None,
        display_name=user.display_name,
        preferred_language=user.preferred_language,
        time_zone=user.time_zone,
        is_admin=user.is_admin,
        has_password=bool(user.password_hash),
    )


def normalize_email(raw: str) -> str:
    raw = (raw or "").strip()
    if len(raw) > 254:
        raise InvalidInput("error.accounts.email_too_long")
    try:
        result = validate_email(raw, check_deliverability=False)
    except EmailNotValidError:
        raise InvalidInput("error.accounts.email_invalid") from None
    return result.normalized.lower()


def _audit(
    session: Session, action: str, user_id: int | None, subject: str = "", **detail: Any
) -> None:
    audit.record(session, action, audit.user(user_id), subject, **detail)


def _issue_email_token(
    session: Session, user: User, purpose: str, ttl: timedelta, new_email: str | None = None
) -> tuple[EmailToken, str]:
    assert user.id is not None  # only a stored account gets links
    token = new_token()
    row = EmailToken(
        token_hash=token_hash(token),
        user_id=user.id,
        purpose=purpose,
        new_email=new_email,
        expires_at=utcnow() + ttl,
    )
    session.add(row)
    session.flush()
    return row, token


def _mailed_link(
    session: Session,
    user: User,
    purpose: str,
    ttl: timedelta,
    path: str,
    new_email: str | None = None,
) -> SecretLink:
    """An e-mail link whose token is minted when the mail is sent (`mint_email_link`).

    Until then the row holds the hash of a token nobody knows, so neither the outbox
    nor the token table holds anything that opens the link.
    """
    row, _unknown = _issue_email_token(session, user, purpose, ttl, new_email)
    return SecretLink(EMAIL_LINK, saved_id(row), path)


def mint_email_link(session: Session, token_id: int) -> str | None:
    """A fresh token for a mailed link that is still usable (the old one stops working)."""
    token = new_token()
    claimed = session.exec(
        sa.update(EmailToken)
        .where(
            col(EmailToken.id) == token_id,
            col(EmailToken.used_at).is_(None),
            col(EmailToken.expires_at) > utcnow(),
        )
        .values(token_hash=token_hash(token))
    ).rowcount
    return token if claimed == 1 else None


def mint_invitation_link(session: Session, invitation_id: int) -> str | None:
    """A fresh token for an invitation that may still be accepted."""
    token = new_token()
    claimed = session.exec(
        sa.update(StaffInvitation)
        .where(
            col(StaffInvitation.id) == invitation_id,
            col(StaffInvitation.accepted_at).is_(None),
            col(StaffInvitation.expires_at) > utcnow(),
        )
        .values(token_hash=token_hash(token))
    ).rowcount
    return token if claimed == 1 else None


def _by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email)).first()


# ---------------------------------------------------------------- sign-up and verification


def sign_up(
    session: Session,
    *,
    email: str,
    password: str,
    display_name: str,
    lang: str = "en",
    ip: str = "",
) -> None:
    """Create an account and mail a verification link; same outcome if it exists."""
    lang = pick_language(lang)
    email = normalize_email(email)
    name = " ".join((display_name or "").split())[:200]
    if not name:
        raise InvalidInput("error.accounts.name_required")
    passwords.check_policy(password, email)
    ratelimit.check(session, "signup:ip", ip or "unknown")
    ratelimit.check(session, "signup:email", email)
    existing = _by_email(session, email)
    if existing is not None:
        queue_mail(
            session,
            to=email,
            template="already_registered",
            lang=existing.preferred_language,
            link=urls.sign_in_page(),
        )
        return
    user = User(
        email=email,
        password_hash=passwords.hash_password(password),
        display_name=name,
        preferred_language=lang,
    )
    session.add(user)
    session.flush()
    queue_mail_with_link(
        session,
        _mailed_link(session, user, "verify_email", VERIFY_TTL, "/api/auth/verify"),
        to=email,
        template="verify_email",
        lang=lang,
        name=name,
    )
    _audit(session, "account.signup", user.id, email)


def _usable(session: Session, token: str, purpose: str) -> EmailToken:
    """The e-mail link for this token, if it may still be followed; says why not."""
    row = session.exec(
        select(EmailToken).where(EmailToken.token_hash == token_hash(token or ""))
    ).first()
    if row is None or row.purpose != purpose:
        raise InvalidLink("error.accounts.link_invalid")
    if row.used_at is not None:
        raise InvalidLink("error.accounts.link_used")
    if aware(row.expires_at) < utcnow():
        raise InvalidLink("error.accounts.link_expired")
    return row


def _consume(session: Session, token: str, purpose: str) -> EmailToken:
    row = _usable(session, token, purpose)
    # Claim it with a conditional update so two clicks at once cannot both succeed.
    claimed = session.exec(
        sa.update(EmailToken)
        .where(col(EmailToken.id) == row.id, col(EmailToken.used_at).is_(None))
        .values(used_at=utcnow())
    ).rowcount
    if claimed != 1:
        raise InvalidLink("error.accounts.link_used_now")
    return row


def verify_email(session: Session, token: str) -> UserView:
    row = _consume(session, token, "verify_email")
    user = session.get(User, row.user_id)
    if user is None or user.deleted_at is not None:
        raise InvalidLink("error.accounts.link_not_valid")
    user.email_verified_at = user.email_verified_at or utcnow()
    session.add(user)
    _audit(session, "account.verified", user.id)
    return view(user)


# ---------------------------------------------------------------- sign-in and sessions


def authenticate(session: Session, *, email: str, password: str, ip: str = "") -> UserView:
    generic = InvalidCredentials("error.accounts.wrong_email_or_password")
    try:
        email = normalize_email(email)
    except InvalidInput:
        raise generic from None
    ratelimit.check_password_attempt(session, email, ip)
    user = _by_email(session, email)
    if user is None or user.deleted_at is not None:
        passwords.burn_time(password)
        ratelimit.record_password_failure(session, email, ip)
        raise generic
    if not passwords.verify_password(user.password_hash, password):
        ratelimit.record_password_failure(session, email, ip)
        raise generic
    if user.email_verified_at is None:
        raise InvalidCredentials("error.accounts.email_not_confirmed")
    _audit(session, "account.signin", user.id)
    return view(user)


def create_session(session: Session, user_id: int, user_agent: str = "") -> str:
    """Start a session and return its token: the only time the token exists in clear."""
    token = new_token()
    session.add(
        AuthSession(
            token_hash=token_hash(token),
            user_id=user_id,
            expires_at=utcnow() + timedelta(days=get_settings().session_days),
            user_agent=(user_agent or "")[:300],
        )
    )
    session.flush()
    return token


def user_for_token(session: Session, token: str | None) -> UserView | None:
    if not token or len(token) > 200:
        return None
    row = session.exec(
        select(AuthSession).where(AuthSession.token_hash == token_hash(token))
    ).first()
    if row is None or row.revoked_at is not None or aware(row.expires_at) < utcnow():
        return None
    user = session.get(User, row.user_id)
    if user is None or user.deleted_at is not None:
        return None
    return view(user)


def sign_out(session: Session, token: str | None) -> None:
    if not token:
        return
    session.execute(
        sa.update(AuthSession)
        .where(
            col(AuthSession.token_hash) == token_hash(token), col(AuthSession.revoked_at).is_(None)
        )
        .values(revoked_at=utcnow())
    )


def sign_out_everywhere(session: Session, user_id: int, keep_token: str | None = None) -> int:
    stmt = sa.update(AuthSession).where(
        col(AuthSession.user_id) == user_id, col(AuthSession.revoked_at).is_(None)
    )
    if keep_token:
        stmt = stmt.where(col(AuthSession.token_hash) != token_hash(keep_token))
    return session.exec(stmt.values(revoked_at=utcnow())).rowcount


# ---------------------------------------------------------------- passwords


def request_password_reset(session: Session, *, email: str, ip: str = "") -> None:
    """Mail a reset link if the address has an account; say nothing either way."""
    email = normalize_email(email)
    ratelimit.check(session, "reset:ip", ip or "unknown")
    ratelimit.check(session, "reset:email", email)
    user = _by_email(session, email)
    if user is None or user.deleted_at is not None:
        return
    queue_mail_with_link(
        session,
        _mailed_link(session, user, "reset_password", RESET_TTL, "/api/auth/reset"),
        to=email,
        template="reset_password",
        lang=user.preferred_language,
        name=user.display_name,
    )


def check_reset_token(session: Session, token: str) -> None:
    """Is this reset link usable? (checked before showing the form; not consumed)."""
    try:
        _usable(session, token, "reset_password")
    except InvalidLink:
        raise InvalidLink("error.accounts.reset_link_invalid") from None


def reset_password(session: Session, *, token: str, new_password: str) -> UserView:
    row = _consume(session, token, "reset_password")
    user = session.get(User, row.user_id)
    if user is None or user.deleted_at is not None:
        raise InvalidLink("error.accounts.link_not_valid")
    passwords.check_policy(new_password, user.email)
    user.password_hash = passwords.hash_password(new_password)
    # Following the link proves the address, too.
    user.email_verified_at = user.email_verified_at or utcnow()
    session.add(user)
    sign_out_everywhere(session, row.user_id)
    _audit(session, "account.password_reset", user.id)
    return view(user)


def change_password(
    session: Session,
    *,
    user_id: int,
    current: str,
    new: str,
    keep_token: str | None = None,
    ip: str = "",
) -> None:
    user = _live_user(session, user_id)
    _check_password(session, user, current, ip, "error.accounts.current_password_wrong")
    passwords.check_policy(new, user.email)
    user.password_hash = passwords.hash_password(new)
    session.add(user)
    sign_out_everywhere(session, user_id, keep_token=keep_token)
    _audit(session, "account.password_changed", user_id)


def _check_password(session: Session, user: User, password: str, ip: str, wrong: str) -> None:
    """The password check before a change, throttled as sign-in is (one shared count)."""
    if not user.password_hash:
        return  # a single-sign-on account has no password to guess
    account = user.email or f"user:{user.uuid}"
    ratelimit.check_password_attempt(session, account, ip)
    if not passwords.verify_password(user.password_hash, password):
        ratelimit.record_password_failure(session, account, ip)
        raise InvalidCredentials(wrong)


def _live_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        raise InvalidCredentials("error.accounts.sign_in_again")
    return user


# ---------------------------------------------------------------- e-mail change


def request_email_change(
    session: Session, *, user_id: int, password: str, new_email: str, ip: str = ""
) -> None:
    user = _live_user(session, user_id)
    _check_password(session, user, password, ip, "error.accounts.password_wrong")
    new_email = normalize_email(new_email)
    if new_email == user.email:
        raise InvalidInput("error.accounts.same_email")
    link = _mailed_link(
        session, user, "change_email", VERIFY_TTL, "/api/auth/confirm-email", new_email
    )
    queue_mail_with_link(
        session,
        link,
        to=new_email,
        template="change_email",
        lang=user.preferred_language,
        name=user.display_name,
    )


def confirm_email_change(session: Session, token: str) -> UserView:
    row = _consume(session, token, "change_email")
    user = session.get(User, row.user_id)
    if user is None or user.deleted_at is not None or not row.new_email:
        raise InvalidLink("error.accounts.link_not_valid")
    if _by_email(session, row.new_email) is not None:
        raise InvalidLink("error.accounts.email_taken_meanwhile")
    old = user.email
    user.email = row.new_email
    user.email_verified_at = utcnow()
    session.add(user)
    if old:
        queue_mail(
            session,
            to=old,
            template="email_changed",
            lang=user.preferred_language,
            name=user.display_name,
            new_email=row.new_email,
        )
    _audit(session, "account.email_changed", user.id)
    return view(user)


# ---------------------------------------------------------------- profile and privacy


def update_profile(
    session: Session, *, user_id: int, display_name: str, preferred_language: str, time_zone: str
) -> UserView:
    user = _live_user(session, user_id)
    lang = preferred_language if preferred_language in languages() else user.preferred_language
    name = " ".join((display_name or "").split())[:200]
    if not name:
        raise InvalidInput("error.accounts.name_empty")
    if time_zone not in available_timezones():
        raise InvalidInput("error.accounts.time_zone_unknown")
    user.display_name = name
    user.preferred_language = lang
    user.time_zone = time_zone
    session.add(user)
    return view(user)


def export_data(session: Session, user_id: int) -> dict[str, Any]:
    """Everything we hold about a person, for "download my data" (GDPR art. 15 and 20)."""
    user = _live_user(session, user_id)
    sessions = session.exec(select(AuthSession).where(AuthSession.user_id == user_id)).all()
    identities = session.exec(select(OidcIdentity).where(OidcIdentity.user_id == user_id)).all()
    roles = session.exec(
        select(StaffRole, University)
        .join(University, col(University.id) == StaffRole.university_id)
        .where(StaffRole.user_id == user_id)
    ).all()
    events = session.exec(
        select(AuditEvent).where(AuditEvent.actor_user_id == user_id).order_by(col(AuditEvent.id))
    ).all()
    return {
        "account": {
            "id": str(user.uuid),
            "email": user.email,
            "email_verified_at": user.email_verified_at,
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
            "time_zone": user.time_zone,
            "created_at": user.created_at,
            "has_password": bool(user.password_hash),
        },
        "sessions": [
            {
                "created_at": s.created_at,
                "expires_at": s.expires_at,
                "revoked_at": s.revoked_at,
                "user_agent": s.user_agent,
            }
            for s in sessions
        ],
        "single_sign_on": [
            {"provider": i.provider, "email": i.email, "linked_at": i.created_at}
            for i in identities
        ],
        "university_roles": [{"university": u.name, "role": r.role} for r, u in roles],
        "activity": [{"at": e.created_at, "action": e.action} for e in events],
        **personal_data.export_sections(session, user_id),
    }


def delete_account(session: Session, *, user_id: int, password: str, ip: str = "") -> None:
    """Remove personal data; keep the bare row that issued credentials will point to."""
    user = _live_user(session, user_id)
    _check_password(session, user, password, ip, "error.accounts.password_wrong")
    email = user.email
    name = user.display_name
    stand_in = erasure.pseudonym(user.uuid)
    personal_data.erase_everywhere(session, user_id)
    sign_out_everywhere(session, user_id)
    session.execute(sa.delete(EmailToken).where(col(EmailToken.user_id) == user_id))
    session.execute(sa.delete(OidcIdentity).where(col(OidcIdentity.user_id) == user_id))
    session.execute(sa.delete(StaffRole).where(col(StaffRole.user_id) == user_id))
    session.execute(sa.delete(AuthSession).where(col(AuthSession.user_id) == user_id))
    user.email = None
    user.email_verified_at = None
    user.password_hash = None
    user.display_name = ""
    user.is_admin = False
    user.deleted_at = utcnow()
    session.add(user)
    if email:
        _forget_address(session, user_id, email, name, stand_in)
        queue_mail(
            session,
            to=email,
            template="account_deleted",
            lang=user.preferred_language,
            forget_recipient=stand_in,
        )
    _audit(session, "account.deleted", user_id)


def _forget_address(session: Session, user_id: int, email: str, name: str, stand_in: str) -> None:
    """Replace the address (and name) wherever a row that stays still names them.

    Audit events stay, pseudonymised: what happened is kept, not who it was.
    """
    forget_address(session, email, name, stand_in)
    ratelimit.forget(session, email)
    session.execute(
        sa.update(StaffInvitation).where(col(StaffInvitation.email) == email).values(email=stand_in)
    )
    words = {email: stand_in, **({name: stand_in} if len(name) >= 2 else {})}
    events = session.exec(
        select(AuditEvent).where(
            sa.or_(
                col(AuditEvent.actor_user_id) == user_id,
                erasure.text_mentions(col(AuditEvent.subject), email),
                erasure.text_mentions(col(AuditEvent.actor_name), email),
                erasure.json_mentions(col(AuditEvent.detail), email),
            )
        )
    ).all()
    for event in events:
        event.subject = erasure.replace_words(event.subject, words)[:200]
        event.actor_name = erasure.replace_words(event.actor_name, words)[:200]
        event.detail = erasure.replace_words(dict(event.detail), words)
        session.add(event)


# ---------------------------------------------------------------- single sign-on


def sign_in_with_oidc(
    session: Session,
    *,
    provider: str,
    subject: str,
    email: str | None,
    email_verified: bool,
    name: str,
    lang: str = "en",
) -> UserView:
    """Find or create the account for an SSO identity.

    An identity links to an existing account only through an e-mail address that the
    provider says it verified: otherwise anyone could claim a learner's account by
    typing their address into some provider.
    """
    identity = session.exec(
        select(OidcIdentity).where(
            OidcIdentity.provider == provider, OidcIdentity.subject == subject
        )
    ).first()
    if identity is not None:
        return view(_live_user(session, identity.user_id))
    address = None
    if email:
        try:
            address = normalize_email(email)
        except InvalidInput:
            address = None
    user = _by_email(session, address) if address else None
    if user is not None:
        if not email_verified:
            raise InvalidCredentials("error.accounts.sso_email_taken")
    else:
        address_for_new = None if address and not email_verified else address
        user = User(
            email=address_for_new,
            email_verified_at=utcnow() if address_for_new else None,
            display_name=" ".join((name or "").split())[:200] or (address or "Learner"),
            preferred_language=pick_language(lang),
        )
        session.add(user)
        session.flush()
    assert user.id is not None  # read from the database or given one by the flush
    session.add(OidcIdentity(provider=provider, subject=subject, user_id=user.id, email=address))
    _audit(session, "account.oidc_linked", user.id, provider)
    return view(user)


# ---------------------------------------------------------------- staff and admins


def invite_staff(
    session: Session,
    *,
    inviter_id: int,
    university_slug: str,
    email: str,
    role: str,
    lang: str = "en",
    actor: audit.Actor | None = None,
) -> None:
    """Mail an invitation to a university's team (its link is minted when it is sent)."""
    if role not in ROLES:
        raise InvalidInput("error.accounts.role_unknown")
    email = normalize_email(email)
    university = session.exec(select(University).where(University.slug == university_slug)).first()
    if university is None:
        raise InvalidInput("error.accounts.university_unknown")
    assert university.id is not None  # read from the database
    inviter = _live_user(session, inviter_id)
    ratelimit.check(session, "invite:user", str(inviter_id))
    # The hash of a token nobody knows: the mailed one is minted when the mail is sent.
    invitation = StaffInvitation(
        token_hash=token_hash(new_token()),
        university_id=university.id,
        email=email,
        role=role,
        invited_by=inviter_id,
        expires_at=utcnow() + INVITE_TTL,
    )
    session.add(invitation)
    session.flush()
    invitee = _by_email(session, email)
    mail_lang = invitee.preferred_language if invitee else lang
    queue_mail_with_link(
        session,
        SecretLink(INVITATION_LINK, saved_id(invitation), "/api/auth/invitation"),
        to=email,
        template="staff_invitation",
        lang=mail_lang,
        university=university.name,
        inviter=inviter.display_name or t("mail.staff_invitation.a_colleague", mail_lang),
        role=role,
    )
    audit.record(
        session,
        "staff.invited",
        actor or audit.user(inviter_id),
        university.slug,
        email=email,
        role=role,
    )


def invitation_for(session: Session, token: str) -> StaffInvitation:
    row = session.exec(
        select(StaffInvitation).where(StaffInvitation.token_hash == token_hash(token or ""))
    ).first()
    if row is None or row.accepted_at is not None or aware(row.expires_at) < utcnow():
        raise InvalidLink("error.accounts.invitation_invalid")
    return row


def invitation_about(session: Session, token: str) -> tuple[str, str]:
    """(university name, role) of a usable invitation, for the page that offers it."""
    row = invitation_for(session, token)
    university = session.get(University, row.university_id)
    return (university.name if university else ""), row.role


def accept_invitation(session: Session, *, token: str, user_id: int) -> str:
    """Give the signed-in person the invited role; returns the university's slug."""
    row = invitation_for(session, token)
    user = _live_user(session, user_id)
    if user.email != row.email:
        raise InvalidLink("error.accounts.invitation_other_address", start=row.email[:2])
    claimed = session.exec(
        sa.update(StaffInvitation)
        .where(col(StaffInvitation.id) == row.id, col(StaffInvitation.accepted_at).is_(None))
        .values(accepted_at=utcnow())
    ).rowcount
    if claimed != 1:
        raise InvalidLink("error.accounts.invitation_accepted")
    existing = session.exec(
        select(StaffRole).where(
            StaffRole.user_id == user_id, StaffRole.university_id == row.university_id
        )
    ).first()
    university = session.get(University, row.university_id)
    name = university.name if university else ""
    before = existing.role if existing else None
    if existing and ROLE_RANK.get(existing.role, 0) > ROLE_RANK.get(row.role, 0):
        # An invitation adds a role; taking one away is the owner's deliberate act.
        raise InvalidInput(
            "error.accounts.invitation_would_demote",
            university=name,
            role=Phrase(f"vocab.staff_role.{existing.role}"),
            invited=Phrase(f"vocab.staff_role.{row.role}"),
        )
    if existing:
        existing.role = row.role
        session.add(existing)
    else:
        session.add(StaffRole(user_id=user_id, university_id=row.university_id, role=row.role))
    slug = university.slug if university else ""
    audit.record(
        session,
        "staff.joined",
        audit.user(user_id),
        slug,
        before={"role": before},
        after={"role": row.role},
        invited_by=row.invited_by,
    )
    return slug


def create_admin(
    session: Session, email: str, actor: audit.Actor = audit.SYSTEM
) -> tuple[UserView, str | None]:
    """Make an operator; returns a one-time link to set the password for a new account.

    The audit row names who made them (the command line's operator), never the new admin.
    """
    email = normalize_email(email)
    user = _by_email(session, email)
    link = None
    was_admin = bool(user and user.is_admin)
    if user is None:
        user = User(email=email, email_verified_at=utcnow(), display_name=email.split("@")[0])
        session.add(user)
        session.flush()
    user.is_admin = True
    session.add(user)
    session.flush()
    if not user.password_hash:
        _row, token = _issue_email_token(session, user, "reset_password", timedelta(hours=24))
        link = urls.token_link("/api/auth/reset", token)  # printed once, never stored
    audit.record(
        session,
        "admin.created",
        actor,
        email,
        before={"is_admin": was_admin},
        after={"is_admin": True},
        user=str(user.uuid),
    )
    return view(user), link


def cli_actor(session: Session, as_email: str | None) -> audit.Actor:
    """Who the command line acts as: the OS login, or the admin `--as` names (refused if
    that address is no operator, so nobody signs the log with a name that cannot act)."""
    if not as_email:
        return audit.cli_actor()
    user = _by_email(session, normalize_email(as_email))
    if user is None or user.deleted_at is not None or not user.is_admin:
        raise InvalidInput("error.accounts.cli_actor_not_admin", email=as_email[:254])
    return audit.cli_actor(user.id)
