"""Search on the demo catalogue, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from decimal import Decimal

import pytest

from microcred_market.catalogue import esco
from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue.demo import load_demo
from microcred_market.catalogue.search_query import parse_query
from microcred_market.platform.db import session_scope
from microcred_market.platform.text import fold

pytestmark = pytest.mark.catalogue


def run(url: str, **params):
    with session_scope(url) as session:
        return catalogue.search(session, parse_query(params), with_facets=True)


def all_slugs(url: str, **params) -> list[str]:
    result = run(url, per_page="50", **params)
    slugs = [i.slug for i in result.items]
    for page in range(2, result.pages + 1):
        slugs += [i.slug for i in run(url, per_page="50", page=str(page), **params).items]
    return slugs


def test_polish_diacritics_and_case_do_not_matter(demo_url: str) -> None:
    plain = run(demo_url, q="zarzadzanie")
    assert plain.total >= 4
    assert any(i.title.startswith("Zarządzanie") for i in plain.items)
    for spelling in ("Zarządzanie", "ZARZĄDZANIE", "zaRZadzaNIE"):
        assert {i.slug for i in run(demo_url, q=spelling).items} == {i.slug for i in plain.items}


def test_letters_without_decomposition_fold_too(demo_url: str) -> None:
    with_l = run(demo_url, q="łańcuch")
    assert with_l.total >= 1
    assert {i.slug for i in run(demo_url, q="lancuch").items} == {i.slug for i in with_l.items}


def test_prefix_matches_while_typing(demo_url: str) -> None:
    full = {i.slug for i in run(demo_url, q="zarzadzanie", per_page="50").items}
    for prefix in ("zarz", "zarza", "zarzadz"):
        assert full <= {i.slug for i in run(demo_url, q=prefix, per_page="50").items}


def test_search_covers_university_names_outcomes_and_skills(demo_url: str) -> None:
    by_university = run(demo_url, q="Salamanca", per_page="50")
    assert by_university.total >= 3
    assert all("Salamanca" in i.university_name for i in by_university.items)
    with session_scope(demo_url) as session:
        detail = catalogue.offering_detail(session, "uw-analiza-danych-python")
    outcome_word = detail.learning_outcomes[0].split()[-1]
    assert "uw-analiza-danych-python" in all_slugs(demo_url, q=outcome_word)
    skill = detail.esco_skills[0]["label"]
    assert "uw-analiza-danych-python" in all_slugs(demo_url, q=skill)
    # A Polish reader types the skill's Polish name.
    polish = esco.label(detail.esco_skills[0]["uri"], "pl")
    assert fold(polish) != fold(skill)
    assert "uw-analiza-danych-python" in all_slugs(demo_url, q=polish)


def test_all_words_must_match(demo_url: str) -> None:
    both = all_slugs(demo_url, q="analiza danych")
    assert both
    assert set(both) <= set(all_slugs(demo_url, q="analiza"))
    assert set(both) <= set(all_slugs(demo_url, q="danych"))
    assert run(demo_url, q="analiza xyzzyplugh").total == 0


def test_title_matches_rank_above_body_matches(demo_url: str) -> None:
    result = run(demo_url, q="zarzadzanie projektami")
    assert result.items[0].slug == "uek-zarzadzanie-projektami-w-praktyce"


def test_drafts_are_never_listed(demo_url: str) -> None:
    offerings = load_demo().offerings
    drafts = {o.slug for o in offerings if o.status != "published"}
    assert drafts
    listed = set(all_slugs(demo_url))
    assert not drafts & listed
    assert len(listed) == len(offerings) - len(drafts)


@pytest.mark.parametrize(
    ("params", "check"),
    [
        ({"eqf": "5,7"}, lambda i: i.eqf_level in (5, 7)),
        ({"country": "PL"}, lambda i: i.country_code == "PL"),
        ({"currency": "EUR"}, lambda i: i.currency == "EUR"),
        ({"language": "pl"}, lambda i: i.language == "pl"),
        ({"form": "onsite"}, lambda i: i.participation_form == "onsite"),
        ({"assessment": "oral"}, lambda i: i.assessment_type == "oral"),
        ({"self_paced": "1"}, lambda i: i.self_paced),
        ({"self_paced": "0"}, lambda i: not i.self_paced),
        ({"ects_min": "4", "ects_max": "5"}, lambda i: Decimal(4) <= Decimal(i.ects) <= 5),
        ({"price_max": "1000"}, lambda i: i.price_minor <= 100000),
        ({"price_min": "0", "price_max": "0"}, lambda i: i.price_minor == 0),
        (
            {"start_from": "2027-02-01", "start_to": "2027-03-31"},
            lambda i: i.start_date and "2027-02-01" <= i.start_date <= "2027-03-31",
        ),
        (
            {"university": "uniwersytet-warszawski"},
            lambda i: i.university_slug == "uniwersytet-warszawski",
        ),
    ],
)
def test_each_filter_keeps_only_matching_offerings(demo_url: str, params, check) -> None:
    result = run(demo_url, per_page="50", **params)
    assert result.total > 0, params
    assert all(check(i) for i in result.items)
    assert result.total < run(demo_url).total


def test_qualification_filter_lists_what_counts_toward_it(demo_url: str) -> None:
    with session_scope(demo_url) as session:
        quals = catalogue.list_qualifications(session)
        slug = quals[0].slug
        detail = catalogue.qualification_detail(session, slug)
    expected = {o.slug for o in detail.offerings}
    assert set(all_slugs(demo_url, qualification=slug)) == expected


def test_facet_counts_predict_the_result_of_clicking(demo_url: str) -> None:
    """The number beside each filter value is what the learner gets after ticking it."""
    base = {"q": "dan"}
    result = run(demo_url, **base)
    checked = 0
    for name, values in result.facets.items():
        key = {"self_paced": "self_paced"}.get(name, name)
        for value in values:
            after = run(demo_url, **base, **{key: value.value})
            assert after.total == value.count, (name, value.value)
            checked += 1
    assert checked >= 10


def test_facets_count_with_other_filters_but_not_their_own(demo_url: str) -> None:
    result = run(demo_url, eqf="6", country="PL")
    eqf = {v.value: v for v in result.facets["eqf"]}
    # EQF values other than the chosen one still show what they would add.
    assert len(eqf) > 1 and eqf["6"].selected
    assert sum(v.count for v in eqf.values()) == run(demo_url, country="PL").total
    assert {v.value for v in result.facets["country"]} > {"PL"}


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [
        ("price_asc", lambda i: i.price_minor, False),
        ("price_desc", lambda i: i.price_minor, True),
        ("ects_asc", lambda i: Decimal(i.ects), False),
        ("ects_desc", lambda i: Decimal(i.ects), True),
        ("start", lambda i: (i.start_date is None, i.start_date or ""), False),
        ("title", lambda i: i.title, False),  # offered by the API (`sort=title`)
    ],
)
def test_sorting(demo_url: str, sort: str, key, reverse: bool) -> None:
    items = run(demo_url, sort=sort, per_page="50").items
    assert [key(i) for i in items] == sorted((key(i) for i in items), reverse=reverse)


def test_pages_cover_every_result_once(demo_url: str) -> None:
    total = run(demo_url).total
    slugs = []
    page = 1
    while True:
        result = run(demo_url, per_page="7", page=str(page), sort="price_asc")
        slugs += [i.slug for i in result.items]
        if page >= result.pages:
            break
        page += 1
    assert len(slugs) == len(set(slugs)) == total


def test_a_page_beyond_the_end_shows_the_last_page_with_a_notice(demo_url: str) -> None:
    result = run(demo_url, page="999")
    assert result.page == result.pages
    assert result.items
    assert "page_beyond_end" in [n.code for n in result.notices]


def test_bad_input_gives_notices_not_errors(demo_url: str) -> None:
    result = run(demo_url, q="x" * 2000, eqf="99", price_min="abc", sort="zzz")
    codes = {n.code for n in result.notices}
    assert {"query_shortened", "unknown_value", "bad_number", "unknown_sort"} <= codes
    assert result.total == 0
    nonsense = run(demo_url, q='"); DROP TABLE offering; -- * OR NEAR(')
    assert nonsense.total >= 0
    assert run(demo_url).total > 60  # still there


@pytest.mark.postgres
@pytest.mark.parametrize(
    "params",
    [
        {"q": "zarzadzanie"},
        {"q": "dat"},
        {"q": "data analysis"},
        {"q": "energ", "eqf": "6,7"},
        {"q": "cyber", "form": "online"},
        {"country": "PL", "sort": "price_asc"},
        {"q": "projekt", "self_paced": "0", "sort": "start"},
        {"eqf": "5", "currency": "EUR", "sort": "ects_desc"},
        {"q": "lancuch"},
        {"q": "gestion"},
    ],
)
def test_sqlite_and_postgresql_give_the_same_results(
    demo_sqlite_url: str, demo_postgres_url: str, params: dict
) -> None:
    lite = run(demo_sqlite_url, per_page="50", **params)
    pg = run(demo_postgres_url, per_page="50", **params)
    assert lite.total == pg.total
    if params.get("sort"):
        assert [i.slug for i in lite.items] == [i.slug for i in pg.items]
    else:
        assert {i.slug for i in lite.items} == {i.slug for i in pg.items}
    assert {k: [(v.value, v.count) for v in vs] for k, vs in lite.facets.items()} == {
        k: [(v.value, v.count) for v in vs] for k, vs in pg.facets.items()
    }
