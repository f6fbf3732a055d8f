"""/staff/[slug]/analytics: a university's figures over time, per offering and per cohort.

Five charts (enrolments, revenue, results, time to credential, shares and
verifications), each followed by the table of the numbers it draws (a chart is a
picture; the table is what a screen reader and a keyboard reach), then the figures per
offering and per cohort, and the same as CSV (`/api/universities/{slug}/analytics.csv`).
The window (months) and one offering may be chosen; the data is read again each time.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import reflex as rx

from microcred_market.accounts import authz
from microcred_market.analytics import queries
from microcred_market.platform import i18n
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import Session
from microcred_market.platform.errors import DomainError, NotFound
from microcred_market.ui.components.charts import (
    BLUE,
    GREEN,
    ORANGE,
    RED,
    chart_frame,
    figures_table,
    numbers_table,
)
from microcred_market.ui.components.forms import api
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.state.auth import Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session

ROUTE = "/staff/[slug]/analytics"
DASH = "–"
# Colours with at least 3:1 contrast on white (WCAG 1.4.11), told apart by the legend too.


def _number(value: int | Decimal | None, lang: str) -> str:
    return DASH if value is None else i18n.fmt_number(value, lang)


def _amount(minor: int, currency: str, lang: str) -> str:
    """An amount of money, zero too: a month with no refunds had `PLN 0.00` of them, not a
    "Free" one (what a price of nothing says)."""
    return i18n.fmt_money(minor, currency, lang)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _money_cells(figures: queries.Figures, currency: str, lang: str) -> dict[str, str]:
    money = figures.money.get(currency)
    if money is None:
        return {"sales": "0", "gross": DASH, "refunds": DASH, "net": DASH}
    return {
        "sales": _number(money.sales, lang),
        "gross": _amount(money.gross_minor, currency, lang),
        "refunds": _amount(money.refunds_minor, currency, lang),
        "net": _amount(money.net_minor, currency, lang),
    }


def _figure_cells(figures: queries.Figures, lang: str) -> dict[str, str]:
    rate = figures.pass_rate
    return {
        "enrolments": _number(figures.enrolments, lang),
        "cancelled": _number(figures.cancelled, lang),
        "passed": _number(figures.passed, lang),
        "not_passed": _number(figures.not_passed, lang),
        "pass_rate": DASH if rate is None else i18n.fmt_number(rate, lang) + " %",
        "credentials": _number(figures.credentials, lang),
        "days": _number(figures.mean_days_to_credential, lang),
        "shares": _number(figures.shares, lang),
        "verifications": _number(figures.verifications, lang),
        "revenue": " · ".join(
            _amount(money.net_minor, code, lang) for code, money in sorted(figures.money.items())
        )
        or DASH,
    }


def present(found: queries.Analytics, lang: str) -> dict[str, Any]:
    """What the page shows, as plain values (the charts get numbers, the tables text)."""
    other = i18n.t("ui.an_no_offering", lang)
    chart = []
    money: dict[str, list[dict[str, Any]]] = {code: [] for code in found.currencies}
    for month, figures in found.by_month:
        chart.append(
            {
                "month": month,
                "enrolments": figures.enrolments,
                "cancelled": figures.cancelled,
                "passed": figures.passed,
                "not_passed": figures.not_passed,
                "pass_rate": _float(figures.pass_rate),
                "days": _float(figures.mean_days_to_credential),
                "shares": figures.shares,
                "verifications": figures.verifications,
                **{f"cell_{k}": v for k, v in _figure_cells(figures, lang).items()},
            }
        )
        for code in found.currencies:
            amounts = figures.money.get(code, queries.Money())
            money[code].append(
                {
                    "month": month,
                    "gross": amounts.gross_minor / 100,
                    "net": amounts.net_minor / 100,
                    "refunds": amounts.refunds_minor / 100,
                    **{f"cell_{k}": v for k, v in _money_cells(figures, code, lang).items()},
                }
            )
    by_offering = [
        {"offering": line.title or other, "slug": line.slug, **_figure_cells(line.figures, lang)}
        for line in found.by_offering
    ]
    by_cohort = [
        {
            "offering": line.offering_title or other,
            "cohort": line.cohort_label,
            **_figure_cells(line.figures, lang),
        }
        for line in found.by_cohort
    ]
    return {
        "university": found.university_name,
        "slug": found.university_slug,
        "months": str(found.months),
        "offering": found.offering,
        "offerings": [{"slug": o.slug, "title": o.title} for o in found.offerings],
        "currencies": found.currencies,
        "chart": chart,
        "money": money,
        "by_offering": by_offering,
        "by_cohort": by_cohort,
        "totals": _figure_cells(found.totals, lang),
    }


def _load(
    session: Session, user_id: int, slug: str, months: int, offering: str, lang: str
) -> dict[str, Any] | None:
    principal = authz.principal_for(session, user_id)
    today = utcnow().date()
    try:
        found = queries.analytics(
            session, principal, slug, today=today, months=months, offering=offering
        )
    except NotFound:
        if not offering:
            return None
        try:  # an offering that is not (or no longer) this university's: all of them
            found = queries.analytics(session, principal, slug, today=today, months=months)
        except DomainError:
            return None
    except DomainError:
        return None
    return present(found, lang)


class AnalyticsState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    slug: str = ""
    university: str = ""
    months: str = str(queries.DEFAULT_MONTHS)
    offering: str = ""
    currency: str = ""
    offerings: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    currencies: rx.Field[list[str]] = rx.field(default_factory=list)
    chart: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    revenue: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    by_offering: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    by_cohort: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    totals: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    # Every currency's monthly money, kept on the server: switching currency sends one.
    _money: dict[str, list[dict[str, Any]]] = {}

    @rx.var
    def csv_href(self) -> str:
        """The CSV of what the page shows (same window, same offering)."""
        params = {"months": self.months} | ({"offering": self.offering} if self.offering else {})
        return f"/api/universities/{self.slug}/analytics.csv?{urlencode(params)}"

    async def _reload(self, user_id: int) -> None:
        lang = await reader_lang(self)
        months = int(self.months) if self.months.isdigit() else queries.DEFAULT_MONTHS
        shown = await run_in_session(_load, user_id, self.slug, months, self.offering[:120], lang)
        if shown is None:
            self.allowed, self.denied = False, True
            self.chart, self.revenue, self.by_offering, self.by_cohort = [], [], [], []
            self._money = {}
            return
        self.university = shown["university"]
        self.months, self.offering = shown["months"], shown["offering"]
        self.offerings, self.currencies = shown["offerings"], shown["currencies"]
        self.chart = shown["chart"]
        self._money = shown["money"]
        if self.currency not in self.currencies:
            self.currency = self.currencies[0] if self.currencies else ""
        self.revenue = self._money.get(self.currency, [])
        self.by_offering, self.by_cohort = shown["by_offering"], shown["by_cohort"]
        self.totals = shown["totals"]
        self.allowed, self.denied = True, False

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded_path = current_path(self)
        self.slug = str(self.router.page.params.get("slug", ""))[:120]
        self.months, self.offering = str(queries.DEFAULT_MONTHS), ""
        await self._reload(viewer.user_id)

    @rx.event
    @signed_in
    async def choose_months(self, value: str, *, viewer: Viewer):
        self.months = value if value in {str(n) for n in queries.MONTH_CHOICES} else "12"
        await self._reload(viewer.user_id)

    @rx.event
    @signed_in
    async def choose_offering(self, value: str, *, viewer: Viewer):
        self.offering = str(value)[:120]
        await self._reload(viewer.user_id)

    @rx.event
    @signed_in
    async def choose_currency(self, value: str, *, viewer: Viewer):
        # What was loaded for this viewer; the guard still asks that they are signed in.
        if self.allowed and value in self._money:
            self.currency = value
            self.revenue = self._money[value]


# ---------------------------------------------------------------- components


def _select(label: str, select_id: str, value: Any, options: Any, on_change: Any):
    return rx.box(
        rx.el.label(LangState.tr[label], html_for=select_id, class_name="form-label"),
        rx.el.select(
            options, id=select_id, value=value, on_change=on_change, class_name="form-input"
        ),
        min_width="12em",
    )


def _filters() -> rx.Component:
    tr = LangState.tr
    s = AnalyticsState
    return rx.flex(
        _select(
            "an_months_label",
            "an-months",
            s.months,
            rx.fragment(
                *[
                    rx.el.option(tr["an_months_" + str(n)], value=str(n))
                    for n in queries.MONTH_CHOICES
                ]
            ),
            AnalyticsState.choose_months,
        ),
        _select(
            "an_offering_label",
            "an-offering",
            s.offering,
            rx.fragment(
                rx.el.option(tr["an_all_offerings"], value=""),
                rx.foreach(s.offerings, lambda o: rx.el.option(o["title"], value=o["slug"])),
            ),
            AnalyticsState.choose_offering,
        ),
        rx.link(
            rx.icon("download", size=16, aria_hidden="true"),
            tr["an_csv"],
            href=api("") + s.csv_href,
            id="analytics-csv",
            align_self="end",
        ),
        spacing="4",
        wrap="wrap",
        align="end",
        width="100%",
    )


def _axes() -> list[rx.Component]:
    return [
        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
        rx.recharts.x_axis(data_key="month"),
        rx.recharts.y_axis(allow_decimals=False, width=48),
        rx.recharts.graphing_tooltip(),
        rx.recharts.legend(),
    ]


def _charts() -> rx.Component:
    tr = LangState.tr
    s = AnalyticsState
    month = ("an_month", "month")
    return rx.vstack(
        chart_frame(
            "chart-enrolments",
            "an_chart_enrolments",
            "an_chart_enrolments_text",
            rx.recharts.bar_chart(
                *_axes(),
                rx.recharts.bar(data_key="enrolments", name=tr["an_enrolments"], fill=BLUE),
                rx.recharts.bar(data_key="cancelled", name=tr["an_cancelled"], fill=ORANGE),
                data=s.chart,
            ),
        ),
        numbers_table(
            "numbers-enrolments",
            [month, ("an_enrolments", "cell_enrolments"), ("an_cancelled", "cell_cancelled")],
            s.chart,
        ),
        chart_frame(
            "chart-revenue",
            "an_chart_revenue",
            "an_chart_revenue_text",
            rx.recharts.bar_chart(
                rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
                rx.recharts.x_axis(data_key="month"),
                rx.recharts.y_axis(width=64),
                rx.recharts.graphing_tooltip(),
                rx.recharts.legend(),
                rx.recharts.bar(data_key="gross", name=tr["an_gross"], fill=BLUE),
                rx.recharts.bar(data_key="refunds", name=tr["an_refunds"], fill=ORANGE),
                rx.recharts.bar(data_key="net", name=tr["an_net"], fill=GREEN),
                data=s.revenue,
            ),
        ),
        rx.cond(
            s.currencies.length() > 1,
            _select(
                "an_currency_label",
                "an-currency",
                s.currency,
                rx.foreach(s.currencies, lambda code: rx.el.option(code, value=code)),
                AnalyticsState.choose_currency,
            ),
        ),
        numbers_table(
            "numbers-revenue",
            [
                month,
                ("an_sales", "cell_sales"),
                ("an_gross", "cell_gross"),
                ("an_refunds", "cell_refunds"),
                ("an_net", "cell_net"),
            ],
            s.revenue,
        ),
        chart_frame(
            "chart-results",
            "an_chart_results",
            "an_chart_results_text",
            rx.recharts.bar_chart(
                *_axes(),
                rx.recharts.bar(
                    data_key="passed", name=tr["an_passed"], fill=GREEN, stack_id="results"
                ),
                rx.recharts.bar(
                    data_key="not_passed", name=tr["an_not_passed"], fill=RED, stack_id="results"
                ),
                data=s.chart,
            ),
        ),
        numbers_table(
            "numbers-results",
            [
                month,
                ("an_passed", "cell_passed"),
                ("an_not_passed", "cell_not_passed"),
                ("an_pass_rate", "cell_pass_rate"),
            ],
            s.chart,
        ),
        chart_frame(
            "chart-time",
            "an_chart_time",
            "an_chart_time_text",
            rx.recharts.line_chart(
                rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
                rx.recharts.x_axis(data_key="month"),
                rx.recharts.y_axis(width=48),
                rx.recharts.graphing_tooltip(),
                rx.recharts.legend(),
                rx.recharts.line(
                    data_key="days",
                    name=tr["an_days_to_credential"],
                    stroke=BLUE,
                    connect_nulls=True,
                ),
                data=s.chart,
            ),
        ),
        numbers_table(
            "numbers-time",
            [
                month,
                ("an_credentials", "cell_credentials"),
                ("an_days_to_credential", "cell_days"),
            ],
            s.chart,
        ),
        chart_frame(
            "chart-activity",
            "an_chart_activity",
            "an_chart_activity_text",
            rx.recharts.line_chart(
                *_axes(),
                rx.recharts.line(data_key="shares", name=tr["an_shares"], stroke=ORANGE),
                rx.recharts.line(
                    data_key="verifications", name=tr["an_verifications"], stroke=BLUE
                ),
                data=s.chart,
            ),
        ),
        numbers_table(
            "numbers-activity",
            [month, ("an_shares", "cell_shares"), ("an_verifications", "cell_verifications")],
            s.chart,
        ),
        spacing="3",
        width="100%",
    )


_FIGURE_COLUMNS = [
    ("an_enrolments", "enrolments"),
    ("an_cancelled", "cancelled"),
    ("an_pass_rate", "pass_rate"),
    ("an_credentials", "credentials"),
    ("an_days_to_credential", "days"),
    ("an_shares", "shares"),
    ("an_verifications", "verifications"),
    ("an_net", "revenue"),
]


def _breakdown(title: str, table_id: str, first: list[tuple[str, str]], rows: Any):
    tr = LangState.tr
    columns = [*first, *_FIGURE_COLUMNS]
    return rx.vstack(
        rx.heading(tr[title], as_="h2", size="5"),
        rx.box(figures_table(table_id, columns, rows), width="100%", overflow_x="auto"),
        width="100%",
        align="start",
    )


def _totals() -> rx.Component:
    tr = LangState.tr
    t: Any = AnalyticsState.totals

    def tile(label: str, key: str) -> rx.Component:
        return rx.card(
            rx.text(tr[label], size="2", color_scheme="gray"),
            rx.text(t[key], size="5", weight="bold", class_name="total-" + key),
            min_width="9em",
        )

    return rx.flex(
        tile("an_enrolments", "enrolments"),
        tile("an_net", "revenue"),
        tile("an_pass_rate", "pass_rate"),
        tile("an_days_to_credential", "days"),
        tile("an_shares", "shares"),
        tile("an_verifications", "verifications"),
        spacing="3",
        wrap="wrap",
        width="100%",
        id="analytics-totals",
    )


@rx.page(
    route=ROUTE,
    on_load=staff_on_load(AnalyticsState.load),
    title=page_title("staff-analytics"),
)
def analytics_page() -> rx.Component:
    tr = LangState.tr
    s = AnalyticsState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.heading(tr["an_title"], as_="h1", size="7"),
                rx.text(tr["an_intro"], max_width="70ch"),
                _filters(),
                _totals(),
                _charts(),
                _breakdown(
                    "an_by_offering",
                    "analytics-offerings",
                    [("an_offering", "offering")],
                    s.by_offering,
                ),
                rx.cond(
                    s.by_cohort.length() > 0,
                    _breakdown(
                        "an_by_cohort",
                        "analytics-cohorts",
                        [("an_offering", "offering"), ("an_cohort", "cohort")],
                        s.by_cohort,
                    ),
                ),
                rx.el.details(
                    rx.el.summary(tr["an_definitions_title"]),
                    rx.text(tr["an_definitions"], white_space="pre-line", size="2"),
                    width="100%",
                ),
                spacing="4",
                width="100%",
            ),
            rx.cond(
                ready(s.denied, s.loaded_path),
                rx.callout(tr["not_allowed"], icon="lock", color_scheme="red", id="denied"),
                skeleton(),
            ),
        )
    )
