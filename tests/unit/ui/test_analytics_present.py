"""What the analytics page shows for money: amounts, zero included, in the reader's
locale; never the "Free" a price of nothing says."""

from __future__ import annotations

from datetime import date

import pytest

from microcred_market.analytics.figures import Figures, Money
from microcred_market.analytics.queries import Analytics, OfferingLine
from microcred_market.ui.pages.analytics.staff_analytics import present

pytestmark = [pytest.mark.portal]


def _one_sale() -> Analytics:
    sold = Figures(
        enrolments=1,
        money={"PLN": Money(sales=1, gross_minor=38_000, fee_minor=3_800, refunds_minor=0)},
    )
    return Analytics(
        university_slug="uni",
        university_name="Uni",
        months=2,
        offering="",
        since=date(2026, 11, 1),
        by_month=[("2026-11", Figures()), ("2026-12", sold)],
        by_offering=[OfferingLine(slug="course", title="Course", figures=sold)],
        by_cohort=[],
        totals=sold,
        currencies=["PLN"],
        offerings=[],
    )


@pytest.mark.parametrize(
    ("lang", "gross", "no_refunds", "net"),
    [
        ("en", "PLN\xa0380.00", "PLN\xa00.00", "PLN\xa0342.00"),
        ("pl", "380,00\xa0zł", "0,00\xa0zł", "342,00\xa0zł"),
    ],
)
def test_a_month_without_refunds_shows_an_amount_of_nothing(
    lang: str, gross: str, no_refunds: str, net: str
) -> None:
    shown = present(_one_sale(), lang)
    empty, december = shown["money"]["PLN"]
    assert (december["cell_sales"], december["cell_gross"]) == ("1", gross)
    assert december["cell_refunds"] == no_refunds
    assert december["cell_net"] == net
    # A month with no sales at all has no figures to show.
    assert (empty["cell_sales"], empty["cell_refunds"]) == ("0", "–")
    assert shown["totals"]["revenue"] == net
    assert shown["by_offering"][0]["revenue"] == net


def test_a_refund_of_everything_leaves_a_net_of_nothing_not_a_free_course() -> None:
    found = _one_sale()
    found.totals.money["PLN"] = Money(
        sales=1, gross_minor=38_000, fee_minor=0, refunds_minor=38_000
    )
    assert present(found, "en")["totals"]["revenue"] == "PLN\xa00.00"
