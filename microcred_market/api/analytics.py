"""A university's analytics as CSV: `GET /api/universities/{slug}/analytics.csv`.

The same figures as the page `/staff/[slug]/analytics` (`analytics.queries`), for the
same window (`?months=12`) and offering (`?offering=<slug>`): one line per month, then
one per offering, one per cohort, and the total; money per currency in major units.
Every text cell is neutralised against formula injection (`platform.spreadsheet`).
"""

from __future__ import annotations

from decimal import Decimal

from starlette.responses import Response
from starlette.routing import Route

from microcred_market.analytics import queries
from microcred_market.api.deps import Call, api, small_int
from microcred_market.platform.clock import utcnow
from microcred_market.platform.i18n import t
from microcred_market.platform.spreadsheet import Cell, csv_bytes

HEADER_KEYS = (
    "ui.an_csv_scope",
    "ui.an_month",
    "ui.an_offering",
    "ui.an_cohort",
    "ui.an_enrolments",
    "ui.an_cancelled",
    "ui.an_passed",
    "ui.an_not_passed",
    "ui.an_pass_rate",
    "ui.an_credentials",
    "ui.an_days_to_credential",
    "ui.an_shares",
    "ui.an_verifications",
)
MONEY_KEYS = (
    "ui.an_sales",
    "ui.an_gross",
    "ui.an_fee",
    "ui.an_refunds",
    "ui.an_net",
)


def _amount(minor: int) -> Decimal:
    return (Decimal(minor) / 100).quantize(Decimal("0.01"))


def figure_cells(figures: queries.Figures, currencies: list[str]) -> list[Cell]:
    cells: list[Cell] = [
        figures.enrolments,
        figures.cancelled,
        figures.passed,
        figures.not_passed,
        figures.pass_rate,
        figures.credentials,
        figures.mean_days_to_credential,
        figures.shares,
        figures.verifications,
    ]
    for code in currencies:
        money = figures.money.get(code, queries.Money())
        cells += [
            money.sales,
            _amount(money.gross_minor),
            _amount(money.fee_minor),
            _amount(money.refunds_minor),
            _amount(money.net_minor),
        ]
    return cells


def csv_of(found: queries.Analytics, lang: str) -> bytes:
    header = [t(key, lang) for key in HEADER_KEYS]
    for code in found.currencies:
        header += [f"{t(key, lang)} ({code})" for key in MONEY_KEYS]
    scope = {name: t(f"ui.an_scope_{name}", lang) for name in ("month", "offering", "cohort")}
    other = t("ui.an_no_offering", lang)
    rows: list[list[Cell]] = []
    for month, figures in found.by_month:
        rows.append([scope["month"], month, "", "", *figure_cells(figures, found.currencies)])
    for line in found.by_offering:
        rows.append(
            [
                scope["offering"],
                "",
                line.title or other,
                "",
                *figure_cells(line.figures, found.currencies),
            ]
        )
    for cohort in found.by_cohort:
        rows.append(
            [
                scope["cohort"],
                "",
                cohort.offering_title or other,
                cohort.cohort_label,
                *figure_cells(cohort.figures, found.currencies),
            ]
        )
    rows.append([t("ui.an_total", lang), "", "", "", *figure_cells(found.totals, found.currencies)])
    return csv_bytes(header, rows)


@api
def analytics_csv(call: Call) -> Response:
    query = call.query
    months = small_int(query.get("months")) or queries.DEFAULT_MONTHS
    found = queries.analytics(
        call.session,
        call.principal,
        str(call.path["slug"])[:120],
        today=utcnow().date(),
        months=months,
        offering=str(query.get("offering") or "")[:120],
    )
    name = f"analytics-{found.university_slug}-{found.since.isoformat()}-{found.months}m.csv"
    return Response(
        csv_of(found, call.lang),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


ROUTES = [
    Route("/api/universities/{slug}/analytics.csv", analytics_csv, methods=["GET"]),
]
