"""Joining the market: a university applies, an operator decides, its owner keeps its page.

A signed-in person applies for a university (name, country, website, quality-assurance
body, contact). An operator approves, which creates the university as approved and makes
the applicant its owner (so the owner can invite everyone else from the staff page), or
refuses with a reason that is mailed to the applicant. Each decision is one unit of work:
the university, the role, the mail and the audit row exist together or not at all.

The owner then edits what the catalogue shows of the university: its description, its
quality-assurance text and its logo. A logo is judged by its bytes (`check_upload`),
kept in the storage every upload uses, and served by an API route with its own type.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit
from uuid import UUID

import sqlalchemy as sa
from sqlmodel import Session, col, select

from microcred_market.accounts import authz
from microcred_market.accounts.authz import Principal
from microcred_market.accounts.models import StaffRole, UniversityApplication, User
from microcred_market.accounts.service import normalize_email
from microcred_market.catalogue import vocab
from microcred_market.catalogue.models import University
from microcred_market.platform import audit, urls
from microcred_market.platform.clock import utcnow
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.platform.mail import queue_mail
from microcred_market.platform.storage import storage
from microcred_market.platform.text import slugify
from microcred_market.platform.uploads import Data, check_upload

# A logo is shown small on every offering card: a megabyte is plenty, and a picture, never
# a document. SVG is refused by `check_upload` itself (it can carry scripts).
LOGO_MAX_BYTES = 1024 * 1024
LOGO_KINDS = frozenset({"png", "jpeg", "webp"})
MAX_PAGE_TEXT = 10_000
MAX_REASON = 2000
MAX_PENDING_PER_APPLICANT = 3
# The catalogue's countries: every one has its name in each language and a search facet.
_COUNTRIES = frozenset(vocab.COUNTRIES)


@dataclass(frozen=True)
class ApplicationView:
    uuid: str
    name: str
    country_code: str
    city: str
    website: str
    quality_body: str
    contact_name: str
    contact_email: str
    contact_phone: str
    state: str
    reason: str
    applicant_email: str
    created_at: datetime
    decided_at: datetime | None
    university_slug: str


@dataclass(frozen=True)
class UniversityPage:
    """What the owner edits, as it is now."""

    slug: str
    name: str
    website: str
    description: str
    quality_assurance: str
    logo_url: str


@dataclass(frozen=True)
class Logo:
    data: bytes
    content_type: str
    etag: str


# ---------------------------------------------------------------- checking what was typed


def _text(value: str, key: str, *, low: int = 2, high: int = 200) -> str:
    value = " ".join((value or "").split())
    if not low <= len(value) <= high:
        raise InvalidInput(key, low=low, high=high)
    return value


def _long_text(value: str, high: int = MAX_PAGE_TEXT) -> str:
    value = (value or "").replace("\r\n", "\n").strip()
    if len(value) > high:
        raise InvalidInput("error.joining.text_too_long", limit=high)
    return value


def _country(value: str) -> str:
    code = (value or "").strip().upper()
    if code not in _COUNTRIES:
        raise InvalidInput("error.joining.country_invalid", codes=", ".join(vocab.COUNTRIES))
    return code


def _website(value: str) -> str:
    value = (value or "").strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        raise InvalidInput("error.joining.website_invalid") from None
    host = parts.hostname or ""
    if (
        parts.scheme not in ("https", "http")
        or "." not in host
        or "@" in parts.netloc
        or len(value) > 300
        or any(ch.isspace() for ch in value)
    ):
        raise InvalidInput("error.joining.website_invalid")
    return value


def _phone(value: str) -> str:
    value = (value or "").strip()
    if value and not re.fullmatch(r"\+?[0-9 ()-]{6,40}", value):
        raise InvalidInput("error.joining.phone_invalid")
    return value


# ---------------------------------------------------------------- applying


def _view(session: Session, app: UniversityApplication) -> ApplicationView:
    applicant = session.get(User, app.applicant_user_id)
    uni = session.get(University, app.university_id) if app.university_id else None
    return ApplicationView(
        uuid=str(app.uuid),
        name=app.name,
        country_code=app.country_code,
        city=app.city,
        website=app.website,
        quality_body=app.quality_body,
        contact_name=app.contact_name,
        contact_email=app.contact_email,
        contact_phone=app.contact_phone,
        state=app.state,
        reason=app.reason,
        applicant_email=(applicant.email or "") if applicant else "",
        created_at=app.created_at,
        decided_at=app.decided_at,
        university_slug=uni.slug if uni else "",
    )


def _name_taken(session: Session, name: str) -> bool:
    """Another university already has this name (in any case) or the slug it would get."""
    found = session.exec(
        select(University.id).where(
            sa.or_(
                sa.func.lower(University.name) == name.lower(),
                col(University.slug) == slugify(name),
            )
        )
    ).first()
    return found is not None


def apply(
    session: Session,
    principal: Principal,
    *,
    name: str,
    country_code: str,
    website: str,
    quality_body: str,
    contact_name: str,
    contact_email: str,
    city: str = "",
    contact_phone: str = "",
) -> ApplicationView:
    authz.require(principal, "university.apply")
    assert principal.user_id is not None  # signed in, by the check above
    app = UniversityApplication(
        applicant_user_id=principal.user_id,
        name=_text(name, "error.joining.name_length"),
        country_code=_country(country_code),
        city=_text(city, "error.joining.city_length", low=0, high=120),
        website=_website(website),
        quality_body=_text(quality_body, "error.joining.quality_body_length"),
        contact_name=_text(contact_name, "error.joining.contact_name_length"),
        contact_email=normalize_email(contact_email),
        contact_phone=_phone(contact_phone),
    )
    if not slugify(app.name):
        raise InvalidInput("error.joining.name_length", low=2, high=200)
    if _name_taken(session, app.name):
        raise InvalidInput("error.joining.name_taken", name=app.name)
    pending = session.exec(
        select(UniversityApplication).where(
            UniversityApplication.applicant_user_id == principal.user_id,
            UniversityApplication.state == "pending",
        )
    ).all()
    if len(pending) >= MAX_PENDING_PER_APPLICANT:
        raise InvalidInput("error.joining.too_many_pending", n=MAX_PENDING_PER_APPLICANT)
    if any(p.name.casefold() == app.name.casefold() for p in pending):
        raise InvalidInput("error.joining.already_applied", name=app.name)
    session.add(app)
    session.flush()
    audit.record(
        session,
        "university.applied",
        audit.user(principal.user_id),
        app.name,
        before=None,
        after={"application": str(app.uuid), "state": "pending"},
    )
    return _view(session, app)


def my_applications(session: Session, principal: Principal) -> list[ApplicationView]:
    authz.require(principal, "university.apply")
    rows = session.exec(
        select(UniversityApplication)
        .where(UniversityApplication.applicant_user_id == principal.user_id)
        .order_by(col(UniversityApplication.created_at).desc())
        .limit(50)
    ).all()
    return [_view(session, a) for a in rows]


def applications(session: Session, principal: Principal, limit: int = 200) -> list[ApplicationView]:
    """Pending first (oldest first: first come, first served), then the latest decided."""
    authz.require(principal, "admin.universities.view")
    pending = session.exec(
        select(UniversityApplication)
        .where(UniversityApplication.state == "pending")
        .order_by(col(UniversityApplication.created_at))
        .limit(limit)
    ).all()
    decided = session.exec(
        select(UniversityApplication)
        .where(UniversityApplication.state != "pending")
        .order_by(col(UniversityApplication.decided_at).desc())
        .limit(50)
    ).all()
    return [_view(session, a) for a in [*pending, *decided]]


# ---------------------------------------------------------------- deciding


def _claim(session: Session, app: UniversityApplication, state: str) -> None:
    """Decide once: two operators answering at the same moment cannot both succeed (the
    row moves from pending by compare-and-set, on SQLite as on PostgreSQL)."""
    moved = session.execute(
        sa.update(UniversityApplication)
        .where(
            col(UniversityApplication.id) == app.id,
            col(UniversityApplication.state) == "pending",
        )
        .values(state=state)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise InvalidInput("error.joining.already_decided")
    app.state = state


def _pending(session: Session, application_uuid: str) -> UniversityApplication:
    try:
        app = session.exec(
            select(UniversityApplication).where(
                UniversityApplication.uuid == UUID(application_uuid[:40])
            )
        ).first()
    except ValueError:
        app = None
    if app is None:
        raise NotFound("error.joining.application_unknown")
    if app.state != "pending":
        raise InvalidInput("error.joining.already_decided")
    return app


def _free_slug(session: Session, name: str) -> str:
    base = slugify(name, max_length=70) or "university"
    slug, n = base, 2
    while session.exec(select(University.id).where(University.slug == slug)).first():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _applicant_lang(session: Session, user_id: int) -> tuple[str | None, str]:
    user = session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        return None, "en"
    return user.email, user.preferred_language or "en"


def approve(session: Session, principal: Principal, application_uuid: str) -> str:
    """The university exists, approved, and the applicant is its owner; returns its slug."""
    authz.require(principal, "admin.universities.decide")
    app = _pending(session, application_uuid)
    email, lang = _applicant_lang(session, app.applicant_user_id)
    if email is None:
        raise InvalidInput("error.joining.applicant_gone")
    if _name_taken(session, app.name):
        raise InvalidInput("error.joining.name_taken", name=app.name)
    _claim(session, app, "approved")
    uni = University(
        slug=_free_slug(session, app.name),
        name=app.name,
        country_code=app.country_code,
        city=app.city,
        website=app.website,
        quality_assurance=app.quality_body,
        approved=True,
    )
    session.add(uni)
    session.flush()
    assert uni.id is not None  # the flush gave it one
    session.add(StaffRole(user_id=app.applicant_user_id, university_id=uni.id, role="owner"))
    app.decided_by, app.decided_at = principal.user_id, utcnow()
    app.university_id = uni.id
    session.add(app)
    queue_mail(
        session,
        to=email,
        template="university_approved",
        lang=lang,
        university=uni.name,
        link=urls.page(f"/staff/{uni.slug}/university"),
    )
    actor = audit.user(principal.user_id)
    audit.record(
        session,
        "university.approved",
        actor,
        uni.slug,
        before={"application": str(app.uuid), "state": "pending"},
        after={"state": "approved", "university": uni.slug, "approved": True},
    )
    audit.record(
        session,
        "staff.role",
        actor,
        uni.slug,
        before=None,
        after={"user_id": app.applicant_user_id, "role": "owner"},
    )
    return uni.slug


def refuse(session: Session, principal: Principal, application_uuid: str, reason: str) -> None:
    authz.require(principal, "admin.universities.decide")
    reason = (reason or "").strip()
    if not 5 <= len(reason) <= MAX_REASON:
        raise InvalidInput("error.joining.reason_required", low=5, high=MAX_REASON)
    app = _pending(session, application_uuid)
    _claim(session, app, "refused")
    app.reason = reason
    app.decided_by, app.decided_at = principal.user_id, utcnow()
    session.add(app)
    email, lang = _applicant_lang(session, app.applicant_user_id)
    if email is not None:
        queue_mail(
            session,
            to=email,
            template="university_refused",
            lang=lang,
            university=app.name,
            reason=reason,
        )
    audit.record(
        session,
        "university.refused",
        audit.user(principal.user_id),
        app.name,
        before={"application": str(app.uuid), "state": "pending"},
        after={"state": "refused", "reason": reason},
    )


# ---------------------------------------------------------------- the university's page


def _owned(session: Session, principal: Principal, slug: str) -> University:
    uni = session.exec(select(University).where(University.slug == slug[:120])).first()
    if uni is None or uni.id is None:
        raise NotFound("api.no_such_university")
    authz.require(principal, "university.page.edit", uni.id)
    return uni


def _page(uni: University) -> UniversityPage:
    return UniversityPage(
        slug=uni.slug,
        name=uni.name,
        website=uni.website,
        description=uni.description,
        quality_assurance=uni.quality_assurance,
        logo_url=urls.university_logo(uni.slug, uni.logo) or "",
    )


def university_page(session: Session, principal: Principal, slug: str) -> UniversityPage:
    return _page(_owned(session, principal, slug))


def edit_page(
    session: Session,
    principal: Principal,
    slug: str,
    *,
    description: str,
    quality_assurance: str,
    website: str,
) -> UniversityPage:
    uni = _owned(session, principal, slug)
    before = {
        "description": uni.description,
        "quality_assurance": uni.quality_assurance,
        "website": uni.website,
    }
    uni.description = _long_text(description)
    uni.quality_assurance = _long_text(quality_assurance)
    uni.website = _website(website)
    after = {
        "description": uni.description,
        "quality_assurance": uni.quality_assurance,
        "website": uni.website,
    }
    session.add(uni)
    if before != after:
        audit.record(
            session,
            "university.page",
            audit.user(principal.user_id),
            uni.slug,
            before=before,
            after=after,
        )
    return _page(uni)


def set_logo(
    session: Session, principal: Principal, slug: str, data: Data, filename: str
) -> UniversityPage:
    """Refused unless it is a PNG, JPEG or WebP picture of at most 1 MiB."""
    uni = _owned(session, principal, slug)
    accepted = check_upload(data, filename, max_bytes=LOGO_MAX_BYTES)
    if accepted.kind not in LOGO_KINDS:
        raise InvalidInput("error.joining.logo_kind")
    key = f"logos/{uni.uuid.hex}/{accepted.sha256[:32]}.{accepted.kind}"
    # Content-addressed: the same picture twice is one object, and a new one never
    # overwrites what a cached page may still show.
    storage().put(key, data, accepted.content_type)
    before = uni.logo
    uni.logo = key
    session.add(uni)
    audit.record(
        session,
        "university.logo",
        audit.user(principal.user_id),
        uni.slug,
        before={"logo": before},
        after={"logo": key, "size": accepted.size, "type": accepted.content_type},
    )
    return _page(uni)


_LOGO_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}


def logo(session: Session, slug: str) -> Logo:
    """A university's logo for anyone (it is on its public page)."""
    uni = session.exec(select(University).where(University.slug == slug[:120])).first()
    if uni is None or not uni.logo:
        raise NotFound("error.joining.no_logo")
    kind = uni.logo.rsplit(".", 1)[-1]
    content_type = _LOGO_TYPES.get(kind)
    if content_type is None or not uni.logo.startswith("logos/"):
        # A logo from before uploads (a path of the demo data) is not ours to serve.
        raise NotFound("error.joining.no_logo")
    data = storage().read(uni.logo)
    return Logo(data, content_type, hashlib.sha256(data).hexdigest()[:32])
