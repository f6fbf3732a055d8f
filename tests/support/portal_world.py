"""People and universities for the portal tests: made in the database, signed in by cookie."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from microcred_market.accounts import service as accounts
from microcred_market.accounts.models import StaffRole, User
from microcred_market.catalogue.models import Offering, University
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope


def person(url: str, email: str, *, admin: bool = False, lang: str = "en") -> str:
    """A verified account; returns a session token for it."""
    with session_scope(url) as session:
        user = User(
            email=email,
            email_verified_at=utcnow(),
            display_name=email.split("@")[0].title(),
            is_admin=admin,
            preferred_language=lang,
        )
        session.add(user)
        session.flush()
        return accounts.create_session(session, user.id)


def university(url: str, slug: str, *, owner: str | None = None, price: int = 12_000) -> int:
    """An approved university with one published course; `owner` (an e-mail) owns it."""
    with session_scope(url) as session:
        uni = University(
            slug=slug,
            name=slug.replace("-", " ").title(),
            country_code="PL",
            city="Toruń",
            website=f"https://{slug}.example",
            approved=True,
        )
        session.add(uni)
        session.flush()
        session.add(
            Offering(
                slug=f"course-{slug}",
                university_id=uni.id,  # type: ignore[arg-type]
                title=f"Course of {uni.name}",
                ects=Decimal(2),
                eqf_level=6,
                price_minor=price,
                currency="PLN",
                self_paced=True,
                status="published",
            )
        )
        if owner is not None:
            user_id = session.execute(sa.select(User.id).where(User.email == owner)).scalar_one()
            session.add(StaffRole(user_id=user_id, university_id=uni.id, role="owner"))
        assert uni.id is not None
        return uni.id
