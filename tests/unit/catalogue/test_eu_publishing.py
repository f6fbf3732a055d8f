"""Publishing refuses an offering that lacks any mandatory EU element, and names each one.

Pure: an offering and its university in memory, the validator the portal, the CSV import
and the API share (`catalogue.validate_offering(..., publishing=True)`).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred_market.catalogue import demo
from microcred_market.catalogue.models import Offering, University
from microcred_market.catalogue.service import EU_ELEMENTS, validate_offering
from microcred_market.platform.errors import InvalidInput
from microcred_market.platform.i18n import t

pytestmark = [pytest.mark.portal, pytest.mark.catalogue]


def university(country: str = "PL") -> University:
    return University(
        slug="uni",
        name="Uniwersytet Testowy",
        country_code=country,
        city="Łódź",
        website="https://uni.example",
        quality_assurance="Internal QA, accredited by PKA",
    )


def complete() -> Offering:
    return Offering(
        university_id=1,
        slug="course",
        title="Analiza danych",
        learning_outcomes=["The learner can clean a data set."],
        ects=Decimal("2.5"),
        eqf_level=6,
        nqf_level=6,
        nqf_framework="PRK",
        participation_form="online",
        assessment_type="test",
        supervision="unsupervised-no-id",
        currency="PLN",
        price_minor=10_000,
        self_paced=True,
        status="published",
    )


# How to take each element away (from the offering, or from its awarding university).
def _drop(element: str, offering: Offering, uni: University, how: int) -> None:
    blank = ("", "   ", "\t")[how % 3]
    if element == "title":
        offering.title = blank
    elif element == "awarding_body":
        uni.name = blank
    elif element == "country":
        uni.country_code = ("", "P", " ")[how % 3]
    elif element == "learning_outcomes":
        offering.learning_outcomes = ([], [""], ["  ", ""])[how % 3]
    elif element == "workload":
        offering.ects = (Decimal(0), Decimal("-1"), Decimal("0.00"))[how % 3]
    elif element == "eqf_level":
        offering.eqf_level = (0, 9, -3)[how % 3]
    elif element == "national_level":
        offering.nqf_level, offering.nqf_framework = ((None, None), (6, None), (0, "PRK"))[how % 3]
    elif element == "assessment_type":
        offering.assessment_type = ("", "exam", "TEST")[how % 3]
    elif element == "participation_form":
        offering.participation_form = ("", "remote", "Online")[how % 3]
    elif element == "quality_assurance":
        offering.quality_assurance = blank
        uni.quality_assurance = blank
    else:  # pragma: no cover
        raise AssertionError(element)


def _refusal(offering: Offering, uni: University) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        validate_offering(offering, publishing=True, university=uni)
    return caught.value


def test_a_complete_offering_may_be_published() -> None:
    validate_offering(complete(), publishing=True, university=university())


@settings(max_examples=150, deadline=None)
@given(
    missing=st.sets(st.sampled_from(EU_ELEMENTS), min_size=1),
    how=st.integers(min_value=0, max_value=2),
)
def test_any_offering_missing_any_mandatory_element_is_refused_naming_it(
    missing: set[str], how: int
) -> None:
    offering, uni = complete(), university()
    for element in missing:
        _drop(element, offering, uni, how)
    error = _refusal(offering, uni)
    assert error.key == "error.catalogue.publish_refused"
    named = {p.key for p in error.params["missing"].items}
    if "country" in missing:
        # Without a country the national framework is unknown; the country is named.
        missing = missing - {"national_level"}
    for element in missing:
        assert f"error.catalogue.eu_element.{element}" in named, (element, named)
    # In plain words, in both languages: each missing element's own wording is there.
    for lang in ("en", "pl"):
        text = error.text(lang)
        for element in missing:
            assert t(f"error.catalogue.eu_element.{element}", lang) in text, (lang, text)


@settings(max_examples=60, deadline=None)
@given(missing=st.sets(st.sampled_from(EU_ELEMENTS), min_size=1))
def test_a_draft_may_lack_what_publishing_needs(missing: set[str]) -> None:
    offering, uni = complete(), university()
    offering.status = "draft"
    for element in missing - {
        "title",
        "workload",
        "eqf_level",
        "assessment_type",
        "participation_form",
    }:
        _drop(element, offering, uni, 0)
    validate_offering(offering, university=uni)  # stored as a draft: no refusal


def test_the_prk_level_is_needed_only_in_the_polish_system() -> None:
    offering = complete()
    offering.nqf_level, offering.nqf_framework = None, None
    validate_offering(offering, publishing=True, university=university("PT"))
    error = _refusal(offering, university("PL"))
    assert [p.key for p in error.params["missing"].items] == [
        "error.catalogue.eu_element.national_level"
    ]
    assert "PRK" in error.text("en") and "Polskiej Ramy Kwalifikacji" in error.text("pl")


def test_the_universitys_quality_assurance_serves_an_offering_without_its_own() -> None:
    offering = complete()
    offering.quality_assurance = ""
    validate_offering(offering, publishing=True, university=university())
    uni = university()
    uni.quality_assurance = ""
    offering.quality_assurance = "Programme reviewed by the faculty board"
    validate_offering(offering, publishing=True, university=uni)


def test_a_scheduled_offering_without_a_start_date_is_refused_in_the_same_answer() -> None:
    offering = complete()
    offering.self_paced, offering.start_date = False, None
    offering.learning_outcomes = []
    error = _refusal(offering, university())
    keys = [p.key for p in error.params["missing"].items]
    assert keys == [
        "error.catalogue.eu_element.learning_outcomes",
        "error.catalogue.needs_start_date",
    ]
    offering.start_date = date(2027, 3, 1)
    offering.learning_outcomes = ["x"]
    validate_offering(offering, publishing=True, university=university())


def test_the_demo_drafts_can_be_published() -> None:
    data = demo.load_demo()
    unis = {u.slug: u for u in data.universities}
    drafts = [o for o in data.offerings if o.status == "draft"]
    assert len(drafts) == 3
    for source in drafts:
        u = unis[source.university]
        uni = University(
            slug=u.slug,
            name=u.name,
            country_code=u.country_code,
            city=u.city,
            website=u.website,
            quality_assurance=u.quality_assurance,
        )
        offering = Offering(
            university_id=1,
            slug=source.slug,
            title=source.title,
            learning_outcomes=list(source.learning_outcomes),
            ects=source.ects,
            eqf_level=source.eqf_level,
            nqf_level=source.nqf_level,
            nqf_framework=source.nqf_framework,
            participation_form=source.participation_form,
            assessment_type=source.assessment_type,
            supervision=source.supervision,
            quality_assurance=source.quality_assurance,
            currency=source.currency,
            price_minor=source.price_minor,
            start_date=source.start_date,
            end_date=source.end_date,
            self_paced=source.self_paced,
            status="published",
        )
        validate_offering(offering, publishing=True, university=uni)
