"""What the verify page shows for a verification: plain words, no database needed."""

from __future__ import annotations

import pytest

from microcred_market.settings import get_settings
from microcred_market.ui.pages.credentials.verify.present import (
    failure,
    present,
    qualification_slugs,
)

pytestmark = pytest.mark.credentials


def _result(**facts: object) -> dict:
    base = {
        "title": "Data analysis in Python",
        "issuer_name": "Uniwersytet Warszawski",
        "issuer_country_code": "PL",
        "learner_name": "Anna Nowak",
        "issued": "2026-03-01T10:00:00Z",
        "eqf_level": "6",
    }
    return {
        "verdict": "valid",
        "message": "",
        "facts": {**base, **facts},
        "checks": [{"name": "dates", "status": "pass", "message": "expired on 2020-01-01"}],
    }


def test_numbers_and_the_polish_framework_read_naturally_in_each_language() -> None:
    result = _result(ects="2.50", nqf="Polish Qualifications Framework (PRK) level 6")
    pl = {f["id"]: f["v"] for f in present(result, "pl")["facts"]}
    en = {f["id"]: f["v"] for f in present(result, "en")["facts"]}
    assert pl["ects"] == "2,5 ECTS" and en["ects"] == "2.5 ECTS"
    assert pl["nqf"] == "Polska Rama Kwalifikacji (PRK), poziom 6"
    assert en["nqf"] == "Polish Qualifications Framework (PRK) level 6"
    assert present(result, "pl")["checks"][0]["message"] == "Wygasło 2020-01-01"


def test_our_qualifications_get_their_titles_and_a_local_link_others_stay_addresses() -> None:
    ours = get_settings().public_base_url.rstrip("/") + "/qualifications/data-analyst"
    gone = get_settings().public_base_url.rstrip("/") + "/qualifications/withdrawn"
    foreign = "https://elsewhere.example/q/1"
    result = _result(part_of=[ours, gone, foreign, "javascript:alert(1)"])
    assert qualification_slugs(result) == ["data-analyst", "withdrawn"]
    view = present(result, "en", {"data-analyst": "Data analyst"})
    assert view["part_of"] == [
        {"title": "Data analyst", "href": "/qualifications/data-analyst"},
        {"title": gone, "href": gone},
        {"title": foreign, "href": foreign},
        {"title": "javascript:alert(1)", "href": ""},
    ]


def test_a_failure_is_an_unreadable_verdict_with_a_sentence() -> None:
    view = failure("en")
    assert view["verdict"] == "unreadable" and view["message"] and not view["has_facts"]


def test_facts_of_a_credential_whose_signature_failed_are_not_verified() -> None:
    signed = [
        {"name": "issuer", "status": "pass", "message": ""},
        {"name": "signature", "status": "pass", "message": ""},
    ]
    forged = [
        {"name": "issuer", "status": "pass", "message": ""},
        {"name": "signature", "status": "fail", "message": "the signature does not match"},
    ]
    assert present({**_result(), "checks": signed}, "en")["facts_verified"] is True
    revoked = {**_result(), "verdict": "revoked", "checks": signed}
    assert present(revoked, "en")["facts_verified"] is True  # signed, though no longer valid
    tampered = {**_result(), "verdict": "invalid", "checks": forged}
    view = present(tampered, "en")
    assert view["has_facts"] is True and view["facts_verified"] is False
    assert present({**_result(), "checks": []}, "en")["facts_verified"] is False
