"""A learner who pays in EUR filters, ranges and sorts by EUR prices, including offerings
whose own currency is PLN but whose university set a EUR price too; each card shows the
price in the currency asked for, and the currency facet counts an offering in each
currency it can be paid in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue.models import Offering, OfferingPrice
from microcred_market.catalogue.search_query import parse_query
from microcred_market.catalogue.seed import seed_demo
from microcred_market.platform import dbadmin
from microcred_market.platform.db import reset_engine, session_scope
from tests.conftest import migrated, sqlite_url

pytestmark = pytest.mark.catalogue


def _add_other_prices(url: str) -> None:
    """Every third PLN course gets a EUR price; every second EUR course a PLN one."""
    with session_scope(url) as session:
        rows = session.execute(
            sa.select(Offering.id, Offering.currency, Offering.price_minor)
            .where(Offering.status == "published")
            .order_by(Offering.id)
        ).all()
        pln = [r for r in rows if r.currency == "PLN"][::3]
        eur = [r for r in rows if r.currency == "EUR"][::2]
        for r in pln:
            session.add(
                OfferingPrice(offering_id=r.id, currency="EUR", amount_minor=r.price_minor // 4)
            )
        for r in eur:
            session.add(
                OfferingPrice(offering_id=r.id, currency="PLN", amount_minor=r.price_minor * 4)
            )


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        made = migrated(sqlite_url(tmp_path_factory.mktemp("currencies") / "c.db"))
    else:
        admin = request.getfixturevalue("postgres_admin")
        made = migrated(dbadmin.create_postgres_database(admin_url=admin))
    with session_scope(made) as session:
        seed_demo(session)
    _add_other_prices(made)
    yield made
    reset_engine()
    if request.param == "postgres":
        dbadmin.drop_postgres_database(made, admin_url=admin)


def _prices(url: str) -> dict[str, dict[str, int]]:
    """Every published offering's prices by currency, read straight from the tables."""
    with session_scope(url) as session:
        own = session.execute(
            sa.select(Offering.id, Offering.slug, Offering.currency, Offering.price_minor).where(
                Offering.status == "published"
            )
        ).all()
        extra = session.execute(
            sa.select(OfferingPrice.offering_id, OfferingPrice.currency, OfferingPrice.amount_minor)
        ).all()
    by_id = {r.id: r.slug for r in own}
    prices: dict[str, dict[str, int]] = {r.slug: {r.currency: r.price_minor} for r in own}
    for offering_id, currency, amount in extra:
        if offering_id in by_id:
            prices[by_id[offering_id]][currency] = amount
    return prices


def _all(url: str, **params: str) -> list[catalogue.OfferingCard]:
    with session_scope(url) as session:
        first = catalogue.search(session, parse_query({**params, "per_page": "50"}))
        cards = list(first.items)
        for page in range(2, first.pages + 1):
            more = catalogue.search(
                session, parse_query({**params, "per_page": "50", "page": str(page)})
            )
            cards += more.items
    return cards


def test_the_currency_filter_finds_offerings_with_a_price_in_it_and_prices_cards_in_it(
    url: str,
) -> None:
    prices = _prices(url)
    for currency in ("EUR", "PLN"):
        cards = _all(url, currency=currency)
        assert {c.slug for c in cards} == {s for s, p in prices.items() if currency in p}
        assert all(
            c.currency == currency and c.price_minor == prices[c.slug][currency] for c in cards
        )
        # Some are offerings of the other currency, paid in this one.
        assert any(c.currency != next(iter(prices[c.slug])) for c in cards)


def test_the_currency_facet_counts_each_currency_an_offering_can_be_paid_in(url: str) -> None:
    prices = _prices(url)
    with session_scope(url) as session:
        for params in ({}, {"q": "dan"}, {"country": "PL"}):
            result = catalogue.search(session, parse_query(params))
            counts = {v.value: v.count for v in result.facets["currency"]}
            for currency, n in counts.items():
                # What the learner gets after ticking it.
                after = catalogue.search(session, parse_query({**params, "currency": currency}))
                assert after.total == n, (params, currency)
    # Without a filter, both currencies together count more than there are offerings.
    with session_scope(url) as session:
        plain = catalogue.search(session, parse_query({}))
    plain_counts = {v.value: v.count for v in plain.facets["currency"]}
    assert plain_counts == {c: sum(1 for p in prices.values() if c in p) for c in ("EUR", "PLN")}
    assert sum(plain_counts.values()) > plain.total


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    currency=st.sampled_from(["EUR", "PLN"]),
    low=st.one_of(st.none(), st.integers(0, 3000)),
    span=st.one_of(st.none(), st.integers(0, 3000)),
    sort=st.sampled_from(["price_asc", "price_desc", "title"]),
)
def test_a_price_range_and_sort_read_the_price_in_the_currency_asked_for(
    url: str, currency: str, low: int | None, span: int | None, sort: str
) -> None:
    high = None if span is None else (low or 0) + span
    params = {"currency": currency, "sort": sort}
    if low is not None:
        params["price_min"] = str(low)
    if high is not None:
        params["price_max"] = str(high)
    expected = {
        slug
        for slug, p in _prices(url).items()
        if currency in p
        and (low is None or p[currency] >= low * 100)
        and (high is None or p[currency] <= high * 100)
    }
    cards = _all(url, **params)
    assert {c.slug for c in cards} == expected
    shown = [c.price_minor for c in cards]
    if sort != "title":
        assert shown == sorted(shown, reverse=sort == "price_desc")
    assert all(c.currency == currency for c in cards)


def test_adding_a_price_in_another_currency_moves_the_unfiltered_counts(url: str) -> None:
    """The cached counts of the plain catalogue see a new price at once."""
    with session_scope(url) as session:
        before = {
            v.value: v.count for v in catalogue.search(session, parse_query({})).facets["currency"]
        }
        offering = session.execute(
            sa.select(Offering.id)
            .where(Offering.status == "published", Offering.currency == "PLN")
            .where(~Offering.id.in_(sa.select(OfferingPrice.offering_id)))
            .limit(1)
        ).scalar_one()
    with session_scope(url) as session:
        row = OfferingPrice(offering_id=offering, currency="EUR", amount_minor=10_000)
        session.add(row)
    try:
        with session_scope(url) as session:
            after = {
                v.value: v.count
                for v in catalogue.search(session, parse_query({})).facets["currency"]
            }
        assert after == {**before, "EUR": before["EUR"] + 1}
    finally:
        with session_scope(url) as session:
            session.execute(sa.delete(OfferingPrice).where(OfferingPrice.offering_id == offering))
    with session_scope(url) as session:
        again = {
            v.value: v.count for v in catalogue.search(session, parse_query({})).facets["currency"]
        }
    assert again == before
