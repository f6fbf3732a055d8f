"""A university's figures over time, per offering and per cohort: the analytics page's data.

What each figure means (and so what the page and the CSV say):

- enrolments: enrolments made in the month (by checkout, a seat code or staff), and how
  many of them were cancelled since;
- revenue: as the monthly statements count it (`orders.statements`): a sale in the month
  it was paid (gross and the platform fee), money given back in the month it went back
  (with the fee's share that came back); net = gross - fee - refunds, per currency;
- pass rate: results decided in the month: passed (the enrolment's pass) against not
  passed (a released result of a part that failed, on an enrolment not passed since);
  rate = passed / (passed + not passed);
- time to credential: for micro-credentials issued in the month, the days from
  enrolment to issue (the mean, from a sum and a count so months and offerings add up);
- shares and verifications: a learner turning a credential's public page on, and anyone
  checking one of our credentials (`credentials.activity`).

The figures are counted per (offering, cohort, month) cell from the source tables
(`analytics.counting`, each table read once, grouped in the database) and kept in the
`analytics_cell` table, recounted in the same transaction as any write that changes them
(`analytics.cells`). Shares and verifications are the exception: a verification is
public and may come thousands a minute, so it costs only its own row, and the page
counts them straight from `credential_activity` (one grouped statement, by index). The page has the database sum its cells per month, per offering
and per cohort (a few hundred rows); the totals are the sum of the months, so they all
agree with each other by construction. A university with 100,000 enrolments and 50,000 credentials
answers in a few tens of milliseconds on PostgreSQL (`benchmarks/analytics.py`).

The cohort is a dimension when enrolments carry one (`enrolment.cohort_id`); until then
every cell has cohort None and the per-cohort list is empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from microcred_market.accounts import authz
from microcred_market.analytics import cells as stored
from microcred_market.analytics import counting
from microcred_market.analytics.counting import Key, Scope, moment
from microcred_market.analytics.figures import Figures, Money
from microcred_market.catalogue.models import Offering, University
from microcred_market.platform.errors import NotFound

__all__ = ["Figures", "Key", "Money", "analytics"]

ACTION = "university.analytics.view"
MONTH_CHOICES = (3, 6, 12, 24, 36)
DEFAULT_MONTHS = 12


def _cohort_labels(session: Session, ids: set[int]) -> dict[int, str]:
    """A label per cohort id (the cohort's own, or its number until cohorts have names)."""
    return {cohort_id: f"#{cohort_id}" for cohort_id in ids}


@dataclass(frozen=True)
class OfferingLine:
    slug: str  # "" for what belongs to no offering (qualification credentials)
    title: str
    figures: Figures


@dataclass(frozen=True)
class CohortLine:
    offering_slug: str
    offering_title: str
    cohort_id: int
    cohort_label: str
    figures: Figures


@dataclass(frozen=True)
class OfferingChoice:
    slug: str
    title: str


@dataclass(frozen=True)
class Analytics:
    university_slug: str
    university_name: str
    months: int
    offering: str  # the offering slug the figures are limited to, or ""
    since: date
    by_month: list[tuple[str, Figures]]  # every month of the window, oldest first
    by_offering: list[OfferingLine]
    by_cohort: list[CohortLine]
    totals: Figures
    currencies: list[str]
    offerings: list[OfferingChoice]  # what the figures may be limited to


def window_start(today: date, months: int) -> date:
    """The first day of the month `months - 1` months before `today`'s."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1)


def month_keys(since: date, today: date) -> list[str]:
    keys = []
    index = since.year * 12 + since.month - 1
    last = today.year * 12 + today.month - 1
    while index <= last:
        keys.append(f"{index // 12:04d}-{index % 12 + 1:02d}")
        index += 1
    return keys


# ---------------------------------------------------------------- the page's data


def _university(session: Session, principal: authz.Principal, slug: str) -> University:
    uni = session.exec(select(University).where(University.slug == slug[:120])).first()
    if uni is None or uni.id is None:
        raise NotFound("api.no_such_university")
    authz.require(principal, ACTION, uni.id)
    return uni


def _summed(cells: Iterable[Figures]) -> Figures:
    total = Figures()
    for figures in cells:
        total.add(figures)
    return total


def _add_activity(found: stored.Sums, counted: counting.Activity) -> None:
    """Add the shares and verifications (read live, not kept in the cells) to the sums
    of the cells, per month, per offering and per (offering, cohort)."""
    lines: list[tuple[Figures, Figures]] = []
    for (offering_id, month), figures in counted.by_month.items():
        lines.append((found.per_month.setdefault(month, Figures()), figures))
        lines.append((found.per_offering.setdefault(offering_id, Figures()), figures))
    for key, figures in counted.by_cohort.items():
        lines.append((found.per_cohort.setdefault(key, Figures()), figures))
    for line, figures in lines:
        line.shares += figures.shares
        line.verifications += figures.verifications


def analytics(
    session: Session,
    principal: authz.Principal,
    slug: str,
    *,
    today: date,
    months: int = DEFAULT_MONTHS,
    offering: str = "",
) -> Analytics:
    """The figures of university `slug` for the `months` months up to `today`'s,
    optionally of one of its offerings (by slug; an unknown slug is refused)."""
    uni = _university(session, principal, slug)
    assert uni.id is not None
    if months not in MONTH_CHOICES:
        months = DEFAULT_MONTHS
    offerings = session.execute(
        sa.select(col(Offering.id), col(Offering.slug), col(Offering.title))
        .where(col(Offering.university_id) == uni.id)
        .order_by(col(Offering.title), col(Offering.id))
    ).all()
    titles = {row[0]: (row[1], row[2]) for row in offerings}
    offering_id: int | None = None
    if offering:
        offering_id = next((row[0] for row in offerings if row[1] == offering[:120]), None)
        if offering_id is None:
            raise NotFound("error.catalogue.offering_not_found")
    since_day = window_start(today, months)
    scope = Scope(
        university_id=uni.id,
        since=moment(since_day),
        offering_ids=None if offering_id is None else (offering_id,),
    )
    found = stored.sums(session, scope)
    _add_activity(found, counting.activity(session, scope))

    keys = month_keys(since_day, today)
    per_month = {key: found.per_month.get(key) or Figures() for key in keys}
    per_offering, per_cohort = found.per_offering, found.per_cohort
    totals = _summed(per_month.values())

    def title_of(key: int | None) -> tuple[str, str]:
        return titles.get(key, ("", "")) if key is not None else ("", "")

    by_offering = [
        OfferingLine(slug=title_of(key)[0], title=title_of(key)[1], figures=figures)
        for key, figures in per_offering.items()
    ]
    by_offering.sort(key=lambda line: (line.slug == "", -line.figures.enrolments, line.title))
    labels = _cohort_labels(session, {cohort_id for _, cohort_id in per_cohort})
    by_cohort = [
        CohortLine(
            offering_slug=title_of(key)[0],
            offering_title=title_of(key)[1],
            cohort_id=cohort_id,
            cohort_label=labels.get(cohort_id, f"#{cohort_id}"),
            figures=figures,
        )
        for (key, cohort_id), figures in per_cohort.items()
    ]
    by_cohort.sort(key=lambda line: (line.offering_title, line.cohort_label))
    return Analytics(
        university_slug=uni.slug,
        university_name=uni.name,
        months=months,
        offering=offering[:120] if offering_id is not None else "",
        since=since_day,
        by_month=[(key, per_month[key]) for key in keys],
        by_offering=by_offering,
        by_cohort=by_cohort,
        totals=totals,
        currencies=sorted(totals.money),
        offerings=[OfferingChoice(slug=row[1], title=row[2]) for row in offerings],
    )
