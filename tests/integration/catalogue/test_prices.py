"""Prices in more than one currency: staff add and remove them (validated, in EN and PL,
frozen in the published offering's versions), the offering shows all of them, a learner
buys in the currency they choose and pays what the database holds for it, never what the
browser sent; fixed vouchers stay in their currency; statements add up per currency.

On SQLite and PostgreSQL (`fresh_url` is parametrised over both).
"""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import IntegrityError

from microcred_market.catalogue import authoring, bulk_import, prices
from microcred_market.catalogue import queries as catalogue_queries
from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue.models import Offering, OfferingPrice, OfferingVersion
from microcred_market.orders import service as orders
from microcred_market.orders.models import Order, Voucher
from microcred_market.orders.payments import checkout
from microcred_market.platform import audit, i18n
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.platform.i18n import Phrases
from microcred_market.platform.models import AuditEvent
from tests.support.portal_world import person, university

pytestmark = [pytest.mark.catalogue, pytest.mark.portal, pytest.mark.payments]

ACTOR = audit.Actor(name="test")
SLUG = "course-uni-a"  # published, 120.00 PLN (portal_world.university)


@pytest.fixture
def uni(fresh_url: str) -> int:
    return university(fresh_url, "uni-a")


def _add(url: str, uni_id: int, currency: str, amount: str) -> authoring.Saved:
    with session_scope(url) as session:
        return authoring.add_price(session, uni_id, ACTOR, SLUG, currency, amount)


def _remove(url: str, uni_id: int, currency: str) -> authoring.Saved:
    with session_scope(url) as session:
        return authoring.remove_price(session, uni_id, ACTOR, SLUG, currency)


def _stored(url: str) -> dict[str, int]:
    with session_scope(url) as session:
        rows = session.execute(sa.select(OfferingPrice.currency, OfferingPrice.amount_minor))
        return {c: a for c, a in rows.all()}


def _versions(url: str) -> list[dict]:
    with session_scope(url) as session:
        return [
            v.facts
            for v in session.execute(sa.select(OfferingVersion).order_by(OfferingVersion.number))
            .scalars()
            .all()
        ]


def _buyer(url: str, email: str = "buyer@example.org") -> int:
    person(url, email)
    with session_scope(url) as session:
        from microcred_market.accounts.models import User

        return session.execute(sa.select(User.id).where(User.email == email)).scalar_one()


def _buy(url: str, user_id: int, **kwargs) -> orders.NewOrder:
    with session_scope(url) as session:
        return orders.create_order(
            session, user_id=user_id, offering_slug=SLUG, provider="simulated", **kwargs
        )


# ---------------------------------------------------------------- authoring


def test_staff_add_and_remove_prices_and_each_published_version_keeps_them(
    fresh_url: str, uni: int
) -> None:
    with session_scope(fresh_url) as session:
        # Published before there were other prices: version 1 without any.
        first = authoring.version_for_issue(session, _offering_id(session))
    (only,) = _versions(fresh_url)
    assert "prices" not in only

    saved = _add(fresh_url, uni, "eur", "29,50")  # a comma and lower case work too
    assert saved.version == 2
    assert _stored(fresh_url) == {"EUR": 2950}
    with session_scope(fresh_url) as session:
        view = authoring.editor_view(session, uni, SLUG)
        assert [(p.currency, p.amount_minor) for p in view.prices] == [("EUR", 2950)]
        detail = catalogue.offering_detail(session, SLUG)
        assert [(p.currency, p.amount_minor, p.primary) for p in detail.prices] == [
            ("PLN", 12_000, True),
            ("EUR", 2950, False),
        ]
        # Nothing changed since: a credential signed now names version 2, no new one.
        assert authoring.version_for_issue(session, _offering_id(session)) != first
    assert [v.get("prices") for v in _versions(fresh_url)] == [None, {"EUR": 2950}]

    saved = _remove(fresh_url, uni, "EUR")
    assert saved.version == 3 and _stored(fresh_url) == {}
    facts = _versions(fresh_url)
    # Version 2 still says what a learner could pay then; version 3 has no EUR price.
    assert facts[1]["prices"] == {"EUR": 2950} and "prices" not in facts[2]
    with session_scope(fresh_url) as session:
        trail = session.execute(
            sa.select(AuditEvent.action).where(AuditEvent.action.like("offering.price_%"))
        ).all()
    assert [t[0] for t in trail] == ["offering.price_added", "offering.price_removed"]


def _offering_id(session) -> int:
    return session.execute(sa.select(Offering.id).where(Offering.slug == SLUG)).scalar_one()


@pytest.mark.parametrize(
    ("currency", "amount", "english", "polish"),
    [
        ("USD", "10", "Choose a currency among PLN, EUR.", "Wybierz walutę spośród PLN, EUR."),
        ("", "10", "Choose a currency among PLN, EUR.", "Wybierz walutę spośród PLN, EUR."),
        ("EURO", "10", "Choose a currency among PLN, EUR.", "Wybierz walutę spośród PLN, EUR."),
        (
            "PLN",
            "10",
            "PLN is the course's own currency",
            "PLN to własna waluta kursu",
        ),
        ("EUR", "-1", "Enter an amount from 0 to 1,000,000", "Wpisz kwotę od 0 do"),
        ("EUR", "abc", "Enter an amount from 0 to 1,000,000", "Wpisz kwotę od 0 do"),
        ("EUR", "1000000.01", "Enter an amount from 0 to 1,000,000", "Wpisz kwotę od 0 do"),
        ("EUR", "10.005", "such as 190 or 190.50", "np. 190 lub 190,50"),
        ("EUR", "", "Enter an amount", "Wpisz kwotę"),
    ],
)
def test_a_bad_price_is_refused_in_words_and_nothing_is_kept(
    fresh_url: str, uni: int, currency: str, amount: str, english: str, polish: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        _add(fresh_url, uni, currency, amount)
    assert english in refused.value.text("en")
    assert polish in refused.value.text("pl")
    assert _stored(fresh_url) == {} and _versions(fresh_url) == []


def test_one_price_per_currency_and_the_primary_cannot_take_a_priced_currency(
    fresh_url: str, uni: int
) -> None:
    _add(fresh_url, uni, "EUR", "30")
    with pytest.raises(InvalidInput) as twice:
        _add(fresh_url, uni, "EUR", "31")
    assert twice.value.text("en") == (
        "The course already has a price in EUR. Remove it first to enter another."
    )
    assert "Kurs ma już cenę w EUR" in twice.value.text("pl")
    assert _stored(fresh_url) == {"EUR": 3000}
    with pytest.raises(NotFound) as missing:
        _remove(fresh_url, uni, "CZK")
    assert missing.value.text("en") == "The course has no price in CZK."

    # The offering's own currency changed to one that has an extra price: refused, named.
    with session_scope(fresh_url) as session:
        view = authoring.editor_view(session, uni, SLUG)
    form = dict(view.values, currency="EUR")
    inp = authoring.OfferingInput.from_form(form, list(view.learning_outcomes), [])
    with pytest.raises(InvalidInput) as clash, session_scope(fresh_url) as session:
        authoring.update_offering(session, uni, ACTOR, SLUG, inp)
    words = " ".join(_phrases(clash.value, "en"))
    assert "EUR already has its own price under Prices in other currencies" in words
    with session_scope(fresh_url) as session:
        assert session.execute(sa.select(Offering.currency)).scalar_one() == "PLN"


def _phrases(error: InvalidInput, lang: str) -> list[str]:
    """The problems a refusal names, in words."""
    return [
        i18n.t(p.key, lang, **p.params)
        for v in error.params.values()
        if isinstance(v, Phrases)
        for p in v.items
    ]


def test_an_archived_offering_changes_no_price(fresh_url: str, uni: int) -> None:
    _add(fresh_url, uni, "EUR", "30")
    with session_scope(fresh_url) as session:
        authoring.archive(session, uni, ACTOR, SLUG)
    for change in (
        lambda: _add(fresh_url, uni, "EUR", "31"),
        lambda: _remove(fresh_url, uni, "EUR"),
    ):
        with pytest.raises(InvalidInput) as refused:
            change()
        assert "archived" in refused.value.text("en").lower()
    assert _stored(fresh_url) == {"EUR": 3000}
    # Another university's staff reach nothing of it: "not found".
    other = university(fresh_url, "uni-b")
    with pytest.raises(NotFound):
        _remove(fresh_url, other, "EUR")


def test_the_database_itself_refuses_a_negative_or_second_price(fresh_url: str, uni: int) -> None:
    for bad in (
        [OfferingPrice(offering_id=0, currency="EUR", amount_minor=-1)],
        [
            OfferingPrice(offering_id=0, currency="EUR", amount_minor=1),
            OfferingPrice(offering_id=0, currency="EUR", amount_minor=2),
        ],
    ):
        with pytest.raises(IntegrityError), session_scope(fresh_url) as session:
            offering_id = _offering_id(session)
            for row in bad:
                row.offering_id = offering_id
                session.add(row)
            session.flush()
    assert _stored(fresh_url) == {}


def test_the_csv_import_takes_other_prices(fresh_url: str, uni: int) -> None:
    header, example = bulk_import.template_rows()
    rows = [header, example, [*example]]
    rows[2][header.index("title")] = "Second"
    rows[2][header.index("other_prices")] = "EUR 10 | USD 5"

    def as_csv(table) -> bytes:
        out = io.StringIO()
        csv.writer(out).writerows(table)
        return out.getvalue().encode()

    with session_scope(fresh_url) as session:
        report = bulk_import.import_offerings(session, uni, None, as_csv(rows))
    assert not report.ok
    (problem,) = report.problems
    assert (problem.row, problem.column) == (3, "other_prices")
    rows[2][header.index("other_prices")] = "EUR 10"
    with session_scope(fresh_url) as session:
        report = bulk_import.import_offerings(session, uni, None, as_csv(rows))
        assert report.ok, report.problems
        found = session.execute(
            sa.select(Offering.title, OfferingPrice.currency, OfferingPrice.amount_minor)
            .join(OfferingPrice, OfferingPrice.offering_id == Offering.id)
            .order_by(Offering.title)
        ).all()
    assert [tuple(r) for r in found] == [
        ("Green energy for engineers", "EUR", 23_000),
        ("Second", "EUR", 1_000),
    ]


# ---------------------------------------------------------------- buying


def test_ordering_in_eur_charges_the_stored_eur_price(fresh_url: str, uni: int) -> None:
    _add(fresh_url, uni, "EUR", "29.50")
    buyer, other = _buyer(fresh_url), _buyer(fresh_url, "other@example.org")
    euro = _buy(fresh_url, buyer, currency="eur")
    assert (euro.amount_minor, euro.currency) == (2950, "EUR")
    with session_scope(fresh_url) as session:
        order = orders.order_by_uuid(session, euro.order_uuid)
        assert (order.unit_price_minor, order.platform_fee_minor) == (2950, 295)
        request = checkout.checkout_request(session, euro.order_uuid, "buyer@example.org")
    assert (request.amount_minor, request.currency) == (2950, "EUR")
    # Nothing chosen: the course's own price.
    own = _buy(fresh_url, other)
    assert (own.amount_minor, own.currency) == (12_000, "PLN")
    # An employer's seats, in EUR: the EUR price times the seats.
    seats = _buy(fresh_url, other, kind="seats", quantity=3, currency="EUR")
    assert (seats.amount_minor, seats.currency) == (3 * 2950, "EUR")
    with session_scope(fresh_url) as session:
        page = catalogue_queries.published_offering_price(session, SLUG)
    assert page is not None and [p.currency for p in page.prices] == ["PLN", "EUR"]


def test_a_currency_the_course_has_no_price_in_is_refused_and_nothing_is_held(
    fresh_url: str, uni: int
) -> None:
    buyer = _buyer(fresh_url)
    with pytest.raises(orders.CurrencyNotOffered) as refused:
        _buy(fresh_url, buyer, currency="EUR")
    assert refused.value.text("en") == ("This course cannot be bought in EUR. Choose one of: PLN.")
    assert "Tego kursu nie można kupić w EUR" in refused.value.text("pl")
    with session_scope(fresh_url) as session:
        assert session.execute(sa.select(sa.func.count()).select_from(Order)).scalar_one() == 0
        assert session.execute(sa.select(Offering.seats_taken)).scalar_one() == 0


def test_fixed_vouchers_stay_in_their_currency_percent_ones_apply_anywhere(
    fresh_url: str, uni: int
) -> None:
    _add(fresh_url, uni, "EUR", "30")
    with session_scope(fresh_url) as session:
        session.add_all(
            [
                Voucher(code="MINUS10PLN", kind="fixed", amount_off_minor=1_000, currency="PLN"),
                Voucher(code="MINUS5EUR", kind="fixed", amount_off_minor=500, currency="EUR"),
                Voucher(code="NOCURRENCY", kind="fixed", amount_off_minor=500),
                Voucher(code="TENPERCENT", kind="percent", percent_off=10),
            ]
        )
    users = [_buyer(fresh_url, f"b{i}@example.org") for i in range(4)]
    for code in ("MINUS10PLN", "NOCURRENCY"):
        with pytest.raises(orders.VoucherProblem) as other:
            _buy(fresh_url, users[0], currency="EUR", voucher_code=code)
        assert other.value.text("en") == "This voucher is for another currency."
    with session_scope(fresh_url) as session:
        used = session.execute(sa.select(Voucher.code, Voucher.used)).all()
    assert all(n == 0 for _, n in used)  # a refused voucher is not spent
    assert _buy(fresh_url, users[0], currency="EUR", voucher_code="MINUS5EUR").amount_minor == 2500
    assert _buy(fresh_url, users[1], currency="EUR", voucher_code="TENPERCENT").amount_minor == 2700
    assert _buy(fresh_url, users[2], voucher_code="MINUS10PLN").amount_minor == 11_000
    with pytest.raises(orders.VoucherProblem):
        _buy(fresh_url, users[3], voucher_code="MINUS5EUR")  # a PLN order


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(minor=st.integers(0, prices.MAX_PRICE_MINOR), lower=st.booleans())
def test_any_stored_price_is_what_the_order_charges(tmp_path_factory, minor, lower) -> None:
    from microcred_market.platform.db import reset_engine
    from tests.conftest import migrated, sqlite_url

    url = migrated(sqlite_url(tmp_path_factory.mktemp("prices") / "p.db"))
    uni_id = university(url, "uni-a")
    # As an author types it: major units, with a comma now and then.
    text = f"{minor // 100}.{minor % 100:02d}"
    _add(url, uni_id, "eur" if lower else "EUR", text.replace(".", ",") if lower else text)
    new = _buy(url, _buyer(url), currency="EUR")
    assert (new.amount_minor, new.currency) == (minor, "EUR")
    with session_scope(url) as session:
        order = orders.order_by_uuid(session, new.order_uuid)
        assert order.unit_price_minor == minor
        assert order.state == ("paid" if minor == 0 else "pending")
    reset_engine()


# ---------------------------------------------------------------- through the routes


@pytest.fixture
def shop(browser, app_env: str, new_browser):
    """uni-a's course at 120.00 PLN and 29.50 EUR; its owner signed in on `browser`."""
    browser.client.cookies.set(SESSION_COOKIE, person(app_env, "owner@uni-a.example"))
    uni_id = university(app_env, "uni-a", owner="owner@uni-a.example")
    _add(app_env, uni_id, "EUR", "29.50")
    return uni_id


def _learner(app_env: str, new_browser, email: str):
    learner = new_browser()
    learner.client.cookies.set(SESSION_COOKIE, person(app_env, email))
    return learner


def _pay(learner, form: dict) -> str:
    response = learner.post_form("/api/orders", {"offering": SLUG, **form})
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert "/checkout/simulated/" in location, location
    order_uuid = location.rsplit("/", 1)[1]
    learner.post_form(f"/api/payments/simulated/{order_uuid}", {"outcome": "success"})
    return order_uuid


def test_the_page_data_lists_every_price_and_a_tampered_order_pays_the_stored_one(
    browser, shop, app_env: str, new_browser
) -> None:
    detail = browser.get(f"/api/offerings/{SLUG}").json()
    assert detail["prices"] == [
        {"currency": "PLN", "amount_minor": 12_000, "primary": True},
        {"currency": "EUR", "amount_minor": 2950, "primary": False},
    ]
    learner = _learner(app_env, new_browser, "learner@example.org")
    # The browser names the currency; an amount it sends is never read.
    order_uuid = _pay(learner, {"currency": "EUR", "amount_minor": "1", "price": "0.01"})
    with session_scope(app_env) as session:
        order = orders.order_by_uuid(session, order_uuid)
        assert (order.amount_minor, order.currency, order.state) == (2950, "EUR", "paid")

    # A currency the course has no price in: back to the course, said in words, no order.
    other = _learner(app_env, new_browser, "other@example.org")
    for tampered in ("USD", "PLNX", "EURO", "pln' OR 1=1"):
        path, flash, _ = other.landing(
            other.post_form("/api/orders", {"offering": SLUG, "currency": tampered})
        )
        assert path == f"/offerings/{SLUG}" and flash is not None and flash[0] == "error"
        assert "This course cannot be bought in" in flash[1] and "PLN, EUR" in flash[1]
    with session_scope(app_env) as session:
        assert session.execute(sa.select(sa.func.count()).select_from(Order)).scalar_one() == 1


def test_statements_add_up_per_currency_never_mixed(
    browser, shop, app_env: str, new_browser
) -> None:
    _pay(_learner(app_env, new_browser, "eur1@example.org"), {"currency": "EUR"})
    _pay(_learner(app_env, new_browser, "eur2@example.org"), {"currency": "EUR"})
    _pay(_learner(app_env, new_browser, "pln@example.org"), {})
    body = browser.get("/api/staff/uni-a/payments").json()
    lines = {line["currency"]: line for line in body["months"]}
    assert set(lines) == {"EUR", "PLN"} and len(body["months"]) == 2
    assert (lines["EUR"]["sales"], lines["EUR"]["gross_minor"]) == (2, 5900)
    assert (lines["PLN"]["sales"], lines["PLN"]["gross_minor"]) == (1, 12_000)
    assert lines["EUR"]["net_minor"] == 5900 - lines["EUR"]["fee_minor"]
    download = browser.get("/api/staff/uni-a/payments/statements.csv")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert sorted((r[1], r[2], r[3]) for r in rows[1:]) == [
        ("EUR", "2", "59.00"),
        ("PLN", "1", "120.00"),
    ]
