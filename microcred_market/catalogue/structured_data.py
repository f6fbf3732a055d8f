"""schema.org data about the catalogue, for search engines, aggregators and link previews.

The offering page renders it for browsers and the server puts it into the page's first
HTML (`api/page_head.py`), so both say the same thing.
"""

from __future__ import annotations

from typing import Any

from microcred_market.catalogue.service import OfferingDetail
from microcred_market.platform import urls
from microcred_market.platform.money import to_major


def course_json_ld(data: OfferingDetail) -> dict[str, Any]:
    """schema.org Course, so search engines and aggregators understand the page."""
    university = data.university
    ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": data.title,
        "description": data.summary or data.description,
        "url": urls.offering_page(data.slug),
        "inLanguage": data.language,
        "educationalCredentialAwarded": "Micro-credential (Open Badges 3.0)",
        "educationalLevel": f"EQF {data.eqf_level}",
        "numberOfCredits": {"@type": "StructuredValue", "value": data.ects, "name": "ECTS"},
        "teaches": list(data.learning_outcomes),
        "provider": {
            "@type": "CollegeOrUniversity",
            "name": university.name,
            "url": university.website,
            "address": {"@type": "PostalAddress", "addressCountry": university.country_code},
        },
        "offers": _offers(data),
        "hasCourseInstance": {
            "@type": "CourseInstance",
            "courseMode": data.participation_form,
        },
    }
    if data.start_date:
        ld["hasCourseInstance"]["startDate"] = data.start_date
    if data.end_date:
        ld["hasCourseInstance"]["endDate"] = data.end_date
    if data.self_paced:
        ld["hasCourseInstance"]["courseWorkload"] = "Self-paced"
    return ld


def _offers(data: OfferingDetail) -> dict[str, Any] | list[dict[str, Any]]:
    """One Offer per price (the primary first); a single one stays an object."""
    pairs = [(p.amount_minor, p.currency) for p in data.prices] or [
        (data.price_minor, data.currency)
    ]
    offers = [
        {
            "@type": "Offer",
            "price": str(to_major(minor)),
            "priceCurrency": currency,
            "category": "Paid" if minor else "Free",
        }
        for minor, currency in pairs
    ]
    return offers[0] if len(offers) == 1 else offers
