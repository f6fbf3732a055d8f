"""Query parsing and text folding: the rules every search goes through."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred_market.catalogue import vocab
from microcred_market.catalogue.search_query import MAX_QUERY_CHARS, SearchQuery, parse_query
from microcred_market.platform.text import fold, slugify, tokens

pytestmark = pytest.mark.catalogue


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Zarządzanie", "zarzadzanie"),
        ("ŁAŃCUCH DOSTAW", "lancuch dostaw"),
        ("Źródła żółć", "zrodla zolc"),
        ("Straße", "strasse"),
        ("Gestión pública", "gestion publica"),
        ("Ørsted", "orsted"),
    ],
)
def test_fold_removes_case_and_diacritics(text: str, folded: str) -> None:
    assert fold(text) == folded


@given(st.text(max_size=200))
def test_tokens_are_plain_ascii_words_and_folding_is_idempotent(text: str) -> None:
    words = tokens(text)
    assert all(w.isascii() and w.isalnum() and w == w.lower() for w in words)
    assert fold(fold(text)) == fold(text)
    assert tokens(" ".join(words)) == words


def test_slugify_makes_url_safe_slugs() -> None:
    assert slugify("Zarządzanie projektami w praktyce!") == "zarzadzanie-projektami-w-praktyce"


def test_parse_reads_every_filter() -> None:
    q = parse_query(
        {
            "q": "  analiza   danych ",
            "university": "uw,politechnika-gdanska",
            "country": "pl,de",
            "eqf": "6,5",
            "ects_min": "2,5",
            "ects_max": "6",
            "price_min": "100",
            "price_max": "1490.50",
            "currency": "pln",
            "language": "PL",
            "form": "online,blended",
            "assessment": "project",
            "start_from": "2027-01-01",
            "start_to": "2027-03-31",
            "self_paced": "0",
            "qualification": "data-analytics",
            "sort": "price_asc",
            "page": "2",
        }
    )
    assert q.text == "analiza danych"
    assert q.words == ["analiza", "danych"]
    assert q.universities == ("uw", "politechnika-gdanska")
    assert q.countries == ("PL", "DE")
    assert q.eqf_levels == (5, 6)
    assert q.ects_min == Decimal("2.5") and q.ects_max == Decimal(6)
    assert q.price_min == 10000 and q.price_max == 149050
    assert q.currency == "PLN"
    assert q.languages == ("pl",)
    assert q.forms == ("online", "blended")
    assert q.assessments == ("project",)
    assert q.start_from == date(2027, 1, 1) and q.start_to == date(2027, 3, 31)
    assert q.self_paced is False
    assert q.qualifications == ("data-analytics",)
    assert q.sort == "price_asc" and q.page == 2
    assert q.notices == ()


def test_repeated_parameters_count_like_commas() -> None:
    assert parse_query({"eqf": ["5", "7"]}).eqf_levels == (5, 7)


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"eqf": "9"}, "unknown_value"),
        ({"country": "XX"}, "unknown_value"),
        ({"form": "telepathy"}, "unknown_value"),
        ({"currency": "USD"}, "unknown_value"),
        ({"price_min": "cheap"}, "bad_number"),
        ({"price_min": "-5"}, "bad_number"),
        ({"price_min": "NaN"}, "bad_number"),
        ({"ects_min": "6", "ects_max": "2"}, "bad_range"),
        ({"price_min": "500", "price_max": "100"}, "bad_range"),
        ({"start_from": "tomorrow"}, "bad_date"),
        ({"page": "abc"}, "bad_page"),
        ({"page": "0"}, "bad_page"),
        ({"sort": "random"}, "unknown_sort"),
        ({"self_paced": "maybe"}, "unknown_value"),
        ({"university": "<script>"}, "unknown_value"),
    ],
)
def test_bad_values_are_dropped_with_a_notice(params: dict, code: str) -> None:
    q = parse_query(params)
    assert [n.code for n in q.notices] == [code]
    assert q == SearchQuery(sort=q.sort, page=q.page)  # nothing else was applied
    assert q.notices[0].text("en") and q.notices[0].text("pl") != q.notices[0].text("en")


def test_a_2000_character_query_is_shortened_with_a_notice() -> None:
    q = parse_query({"q": "zarządzanie " * 170})
    assert len(q.text) <= MAX_QUERY_CHARS
    assert q.words[0] == "zarzadzanie"
    assert [n.code for n in q.notices] == ["query_shortened"]


queries = st.builds(
    SearchQuery,
    text=st.sampled_from(["", "data", "analiza danych", "cyber security"]),
    universities=st.lists(st.from_regex(r"[a-z][a-z0-9-]{1,20}", fullmatch=True), max_size=3).map(
        lambda v: tuple(sorted(set(v)))
    ),
    countries=st.lists(st.sampled_from(sorted(vocab.COUNTRIES)), max_size=3, unique=True).map(
        lambda v: tuple(sorted(v))
    ),
    eqf_levels=st.lists(st.integers(1, 8), max_size=4, unique=True).map(lambda v: tuple(sorted(v))),
    ects_min=st.none() | st.decimals(0, 30, places=1).map(lambda d: d.normalize()),
    price_max=st.none() | st.integers(0, 10_000_000).map(lambda v: v - v % 100),
    currency=st.none() | st.sampled_from(vocab.CURRENCIES),
    forms=st.lists(st.sampled_from(sorted(vocab.PARTICIPATION_FORMS)), max_size=3, unique=True).map(
        lambda v: tuple(sorted(v))
    ),
    start_from=st.none() | st.dates(date(2026, 1, 1), date(2028, 1, 1)),
    self_paced=st.none() | st.booleans(),
    sort=st.sampled_from(["relevance", "price_asc", "start", "ects_desc"]),
    page=st.integers(1, 100),
)


@given(queries)
@settings(max_examples=200)
def test_a_query_survives_the_round_trip_through_its_url(q: SearchQuery) -> None:
    again = parse_query(q.to_params())
    assert again == q
    assert again.notices == ()


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "q",
                "eqf",
                "country",
                "price_min",
                "price_max",
                "ects_min",
                "page",
                "sort",
                "start_from",
                "self_paced",
                "currency",
                "form",
                "university",
                "per_page",
                "zzz",
            ]
        ),
        st.text(max_size=60) | st.lists(st.text(max_size=20), max_size=3),
    )
)
@settings(max_examples=300)
def test_any_url_parses_without_raising(params: dict) -> None:
    q = parse_query(params)
    assert q.page >= 1 and 1 <= q.per_page <= 50
    assert len(q.text) <= MAX_QUERY_CHARS
    assert all(1 <= level <= 8 for level in q.eqf_levels)
