"""What the offering, university and qualification pages are built from."""

from __future__ import annotations

import dataclasses

import pytest

from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue.demo import load_demo
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import NotFound

pytestmark = pytest.mark.catalogue

EU_FIELDS = (
    "title",
    "learning_outcomes",
    "ects",
    "eqf_level",
    "language",
    "participation_form",
    "assessment_type",
    "supervision",
    "quality_assurance",
    "price_minor",
    "currency",
)


def test_offering_detail_has_every_eu_element(demo_url: str) -> None:
    with session_scope(demo_url) as session:
        data = catalogue.offering_detail(session, "uw-analiza-danych-python")
    for key in EU_FIELDS:
        assert getattr(data, key) not in (None, "", [], ()), key
    assert data.university.country_code == "PL"
    assert data.university.name == "Uniwersytet Warszawski"
    assert data.nqf_framework == "PRK" and data.nqf_level == data.eqf_level
    assert data.qualifications, "this course counts toward a qualification"
    assert data.seats_left is None or data.seats_left >= 0


def test_unknown_or_draft_offerings_are_not_found(demo_url: str) -> None:
    draft = next(o.slug for o in load_demo().offerings if o.status == "draft")
    with session_scope(demo_url) as session:
        for slug in ("no-such-course", draft, "x" * 300):
            with pytest.raises(NotFound):
                catalogue.offering_detail(session, slug)


def test_university_and_qualification_pages(demo_url: str) -> None:
    with session_scope(demo_url) as session:
        uni = catalogue.university_detail(session, "uniwersytet-warszawski")
        assert uni.offerings and all(
            o.university_slug == "uniwersytet-warszawski" for o in uni.offerings
        )
        quals = catalogue.list_qualifications(session)
        assert len(quals) >= 4
        for q in quals:
            detail = catalogue.qualification_detail(session, q.slug)
            assert len(detail.offerings) == q.offering_count >= 4
            assert float(detail.ects_available) >= float(detail.ects_required)
            assert detail.universities
        with pytest.raises(NotFound):
            catalogue.university_detail(session, "nope")
        with pytest.raises(NotFound):
            catalogue.qualification_detail(session, "nope")


def test_home_page_lists(demo_url: str) -> None:
    with session_scope(demo_url) as session:
        featured = catalogue.featured_offerings(session, limit=6)
        universities = catalogue.list_universities(session)
    assert 1 <= len(featured) <= 6
    assert len(universities) >= 6
    assert sum(u.offering_count for u in universities) >= 60


def test_page_read_models_are_frozen(demo_url: str) -> None:
    with session_scope(demo_url) as session:
        detail = catalogue.offering_detail(session, "uw-analiza-danych-python")
        uni = catalogue.university_detail(session, "uniwersytet-warszawski")
        qual = catalogue.list_qualifications(session)[0]
        listing = catalogue.list_universities(session)[0]
    for item in (detail, detail.university, uni, uni.offerings[0], qual, listing):
        with pytest.raises(dataclasses.FrozenInstanceError):
            item.slug = "changed"  # type: ignore[misc]
