"""The analytics page's figures on a small history counted by hand, on both engines.

The history and its expected figures are described in `tests/support/analytics_world.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest

from microcred_market.accounts import authz
from microcred_market.analytics import queries
from microcred_market.orders import statements
from microcred_market.platform import dbadmin
from microcred_market.platform.db import reset_engine, session_scope
from microcred_market.platform.errors import NotFound
from tests.conftest import migrated, sqlite_url
from tests.support.analytics_world import TODAY, AnalyticsWorld, make_analytics_world

pytestmark = pytest.mark.portal


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def world(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[AnalyticsWorld]:
    """One history per engine for the whole module: the tests only read it."""
    if request.param == "sqlite":
        url = migrated(sqlite_url(tmp_path_factory.mktemp("analytics") / "stats.db"))
        yield make_analytics_world(url)
        reset_engine()
        return
    admin = request.getfixturevalue("postgres_admin")
    url = migrated(dbadmin.create_postgres_database(admin_url=admin))
    yield make_analytics_world(url)
    reset_engine()
    dbadmin.drop_postgres_database(url, admin_url=admin)


def _figures(world: AnalyticsWorld, user_id: int, **kwargs) -> queries.Analytics:
    with session_scope(world.url) as session:
        principal = authz.principal_for(session, user_id)
        return queries.analytics(session, principal, world.slug, today=TODAY, **kwargs)


def test_totals_per_offering_and_per_month_are_what_happened(world: AnalyticsWorld) -> None:
    found = _figures(world, world.owner_id)
    assert found.university_name == "Statistics University"
    assert [month for month, _ in found.by_month][0] == "2026-01"
    assert [month for month, _ in found.by_month][-1] == "2026-12"
    assert len(found.by_month) == 12

    total = found.totals
    assert (total.enrolments, total.cancelled) == (4, 1)
    assert (total.passed, total.not_passed, total.pass_rate) == (2, 1, Decimal("66.7"))
    assert (total.credentials, total.mean_days_to_credential) == (2, Decimal("33.5"))
    assert (total.shares, total.verifications) == (1, 3)
    assert found.currencies == ["EUR", "PLN"]
    pln, eur = total.money["PLN"], total.money["EUR"]
    assert (pln.sales, pln.gross_minor, pln.fee_minor, pln.refunds_minor) == (
        3,
        30_000,
        2_000,
        10_000,
    )
    assert pln.net_minor == 18_000
    assert (eur.sales, eur.gross_minor, eur.fee_minor, eur.refunds_minor) == (1, 5_000, 300, 2_000)
    assert eur.net_minor == 2_700

    by_offering = {line.slug: line.figures for line in found.by_offering}
    assert set(by_offering) == {world.data_slug, world.green_slug}  # nothing of the other one
    data, green = by_offering[world.data_slug], by_offering[world.green_slug]
    assert (data.enrolments, data.cancelled, data.passed, data.not_passed) == (3, 1, 1, 1)
    assert data.pass_rate == Decimal("50.0")
    assert (data.credentials, data.mean_days_to_credential) == (1, Decimal("38.0"))
    assert (data.shares, data.verifications) == (1, 2)
    assert set(data.money) == {"PLN"}
    assert (green.enrolments, green.passed, green.not_passed, green.pass_rate) == (1, 1, 0, 100)
    assert (green.credentials, green.mean_days_to_credential) == (1, Decimal("29.0"))
    assert (green.shares, green.verifications) == (0, 1)

    months = dict(found.by_month)
    october, november, december = months["2026-10"], months["2026-11"], months["2026-12"]
    assert october.enrolments == 1 and october.money["PLN"].gross_minor == 10_000
    assert (november.enrolments, november.passed, november.not_passed) == (3, 2, 1)
    assert (november.credentials, november.shares, november.verifications) == (1, 1, 1)
    assert november.money["PLN"].refunds_minor == 10_000
    assert november.money["PLN"].fee_minor == 1_000  # 20.00 taken, 10.00 given back
    assert november.money["EUR"].net_minor == 2_700
    assert (december.enrolments, december.credentials, december.verifications) == (0, 1, 2)
    assert months["2026-03"] == queries.Figures()  # an empty month is there, with zeros


def test_one_offering_and_a_shorter_window(world: AnalyticsWorld) -> None:
    found = _figures(world, world.editor_id, offering=world.green_slug)
    assert found.offering == world.green_slug
    assert [line.slug for line in found.by_offering] == [world.green_slug]
    assert found.totals.enrolments == 1 and found.currencies == ["EUR"]
    # Three months: October, November, December.
    short = _figures(world, world.owner_id, months=3)
    assert [month for month, _ in short.by_month] == ["2026-10", "2026-11", "2026-12"]
    assert short.totals.enrolments == 4
    # The June 2025 sale shows once the window reaches back that far.
    longer = _figures(world, world.owner_id, months=24)
    assert longer.totals.enrolments == 5
    assert longer.totals.money["PLN"].gross_minor == 40_000
    # A window the page does not offer falls back to the default.
    assert _figures(world, world.owner_id, months=7).months == queries.DEFAULT_MONTHS


def test_revenue_agrees_with_the_monthly_statements(world: AnalyticsWorld) -> None:
    found = _figures(world, world.owner_id, months=24)
    with session_scope(world.url) as session:
        uni_id = _university_id(session, world.slug)
        sales = statements.sales_of(session, uni_id, statements._since(TODAY))
    lines = statements.monthly(sales)
    for currency in ("PLN", "EUR"):
        mine = found.totals.money[currency]
        theirs = [line for line in lines if line.currency == currency]
        assert mine.gross_minor == sum(line.gross_minor for line in theirs)
        assert mine.fee_minor == sum(line.fee_minor for line in theirs)
        assert mine.refunds_minor == sum(line.refunds_minor for line in theirs)
        assert mine.net_minor == sum(line.net_minor for line in theirs)
    months = dict(found.by_month)
    for line in lines:
        assert months[line.month].money[line.currency].net_minor == line.net_minor


def _university_id(session, slug: str) -> int:
    from sqlmodel import select

    from microcred_market.catalogue.models import University

    return session.exec(select(University.id).where(University.slug == slug)).one()


def test_who_may_read_them(world: AnalyticsWorld) -> None:
    with pytest.raises(authz.Forbidden):
        _figures(world, world.assessor_id)
    with pytest.raises(authz.Forbidden):
        _figures(world, world.other_owner_id)
    with session_scope(world.url) as session, pytest.raises(authz.NotSignedIn):
        queries.analytics(session, authz.ANONYMOUS, world.slug, today=TODAY)
    # An offering of another university is no filter of ours: refused, nothing leaks.
    with pytest.raises(NotFound):
        _figures(world, world.owner_id, offering=f"{world.slug}-other-course")
