"""The demo data files ship with the package and a broken entry is named, not a KeyError."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from importlib import resources

import pytest

from microcred_market.catalogue.demo import (
    FILES,
    DemoDataError,
    DemoOffering,
    DemoUniversity,
    EscoSkill,
    check_references,
    load_demo,
    parse,
)

pytestmark = pytest.mark.catalogue


def _offerings() -> list[dict]:
    text = resources.files("microcred_market.catalogue.demo").joinpath("offerings.json")
    return json.loads(text.read_text("utf-8"))


def test_the_files_ship_in_the_package_and_load() -> None:
    folder = resources.files("microcred_market.catalogue.demo")
    assert {name for name in FILES} <= {entry.name for entry in folder.iterdir()}
    demo = load_demo()
    assert (len(demo.universities), len(demo.qualifications), len(demo.offerings)) == (8, 6, 71)
    first = demo.offerings[0]
    assert first.slug == "uw-analiza-danych-python"
    assert first.ects == Decimal("5") and first.start_date == date(2027, 2, 1)
    assert first.esco_skills[0] == EscoSkill(
        uri="http://data.europa.eu/esco/skill/ab2f9987-b48c-5ddc-b426-8b8d182a9e71",
        label="Python (computer programming)",
    )


def test_a_missing_required_field_names_the_file_and_entry() -> None:
    entries = _offerings()
    del entries[2]["title"]
    with pytest.raises(DemoDataError) as raised:
        parse("offerings.json", json.dumps(entries), DemoOffering)
    slug = entries[2]["slug"]
    assert str(raised.value) == f"offerings.json: entry 3 ({slug}): missing field 'title'"


def test_an_optional_field_may_be_left_out() -> None:
    (uni,) = parse(
        "universities.json",
        json.dumps([{"slug": "u", "name": "U", "country_code": "PL", "city": "C", "website": ""}]),
        DemoUniversity,
    )
    assert (uni.approved, uni.description) == (True, "")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"titel": "x"}, "unknown field 'titel'"),
        ({"ects": 5}, "field 'ects': expected a decimal number as a string, got 5"),
        ({"start_date": "1.2.2027"}, "field 'start_date': expected an ISO date (YYYY-MM-DD)"),
        ({"price_minor": "149000"}, "field 'price_minor': expected int, got '149000'"),
        ({"seat_capacity": True}, "field 'seat_capacity': expected a whole number, got True"),
        ({"esco_skills": [{"uri": "u"}]}, "field 'esco_skills' item 1: missing field 'label'"),
        ({"learning_outcomes": "one"}, "field 'learning_outcomes': expected a list"),
    ],
)
def test_a_wrong_value_names_the_field(change: dict, message: str) -> None:
    entries = _offerings()[:1]
    entries[0].update(change)
    with pytest.raises(DemoDataError) as raised:
        parse("offerings.json", json.dumps(entries), DemoOffering)
    assert str(raised.value).startswith("offerings.json: entry 1 (uw-analiza-danych-python): ")
    assert message in str(raised.value)


def test_not_an_array_or_not_json() -> None:
    with pytest.raises(DemoDataError, match=r"^offerings.json: expected a JSON array"):
        parse("offerings.json", "{}", DemoOffering)
    with pytest.raises(DemoDataError, match=r"^offerings.json: not valid JSON"):
        parse("offerings.json", "[{", DemoOffering)


def test_references_to_unknown_slugs_are_named() -> None:
    demo = load_demo()
    bad = replace(demo.offerings[4], university="no-such-university")
    broken = replace(demo, offerings=(*demo.offerings[:4], bad, *demo.offerings[5:]))
    with pytest.raises(DemoDataError) as raised:
        check_references(broken)
    assert str(raised.value) == (
        f"offerings.json: entry 5 ({bad.slug}): unknown university 'no-such-university'"
    )
    bad = replace(demo.offerings[0], qualifications=("no-such-qualification",))
    with pytest.raises(DemoDataError, match="unknown qualification 'no-such-qualification'"):
        check_references(replace(demo, offerings=(bad,)))
