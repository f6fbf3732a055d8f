"""The read side of the catalogue for pages that need one small fact, not a whole detail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from microcred_market.catalogue import prices as offering_prices
from microcred_market.catalogue.models import Offering, Qualification, University


@dataclass(frozen=True)
class UniversityRef:
    """Enough to name a university and check permissions on it."""

    id: int
    slug: str
    name: str


@dataclass(frozen=True)
class OfferingPrice:
    slug: str
    title: str
    price_minor: int
    currency: str
    # Every price it may be bought in, its own first (`catalogue.prices`).
    prices: tuple[offering_prices.Price, ...] = ()


def university_by_slug(session: Session, slug: str) -> UniversityRef | None:
    """Any university, approved or not: its own staff work on it before approval."""
    uni = session.exec(select(University).where(University.slug == slug)).first()
    if uni is None or uni.id is None:
        return None
    return UniversityRef(id=uni.id, slug=uni.slug, name=uni.name)


def published_offering_price(session: Session, slug: str) -> OfferingPrice | None:
    offering = session.exec(
        select(Offering).where(Offering.slug == slug, Offering.status == "published")
    ).first()
    if offering is None:
        return None
    return OfferingPrice(
        slug=offering.slug,
        title=offering.title,
        price_minor=offering.price_minor,
        currency=offering.currency,
        prices=offering_prices.prices_of(session, offering),
    )


def qualification_titles(session: Session, slugs: list[str]) -> dict[str, str]:
    """Titles of the qualifications named by slug; unknown slugs are left out."""
    if not slugs:
        return {}
    rows = session.exec(
        select(Qualification.slug, Qualification.title).where(col(Qualification.slug).in_(slugs))
    ).all()
    return {slug: title for slug, title in rows}


@dataclass(frozen=True)
class SitemapPage:
    """One public page for `sitemap.xml`: its path and, where known, when it last changed."""

    path: str
    lastmod: str | None = None


def sitemap_pages(session: Session) -> list[SitemapPage]:
    """Every published offering, approved university and qualification, in path order.

    An offering counts when it is published and its university approved (what the
    catalogue shows); a qualification is public as soon as it exists.
    """
    offerings = session.exec(
        select(Offering.slug, Offering.updated_at)
        .join(University, col(University.id) == Offering.university_id)
        .where(Offering.status == "published", col(University.approved).is_(True))
        .order_by(Offering.slug)
    ).all()
    universities = session.exec(
        select(University.slug).where(col(University.approved).is_(True)).order_by(University.slug)
    ).all()
    qualifications = session.exec(select(Qualification.slug).order_by(Qualification.slug)).all()
    return [
        *(SitemapPage(f"/offerings/{slug}", _day(when)) for slug, when in offerings),
        *(SitemapPage(f"/universities/{slug}") for slug in universities),
        *(SitemapPage(f"/qualifications/{slug}") for slug in qualifications),
    ]


def _day(value: datetime | None) -> str | None:
    return value.date().isoformat() if value is not None else None
