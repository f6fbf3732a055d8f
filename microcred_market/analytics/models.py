"""The analytics page's figures, kept per cell: (university, offering, cohort, month).

A cell is never edited by hand: a transaction that changes what a cell counts leaves a
note of it (`AnalyticsPending`) as its last write, and whoever reads the cells first
recounts the noted ones from the source tables (`analytics.cells`). So a cell, as read,
always says what the live counting over the source tables would say.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class AnalyticsCell(SQLModel, table=True):
    """One cell's figures. The row with currency "" holds what is not money; a row per
    currency holds that currency's sales (the other counters are 0 on it)."""

    __tablename__ = "analytics_cell"
    __table_args__ = (
        sa.Index("ix_analytics_cell_university_month", "university_id", "month"),
        sa.Index(
            "ix_analytics_cell_university_offering_month", "university_id", "offering_id", "month"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    university_id: int
    offering_id: int | None = Field(default=None)  # None: a qualification's credential
    cohort_id: int | None = Field(default=None)
    month: str = Field(max_length=7)  # "2026-11", in UTC
    currency: str = Field(default="", max_length=3)
    enrolments: int = Field(default=0)
    cancelled: int = Field(default=0)
    passed: int = Field(default=0)
    not_passed: int = Field(default=0)
    credentials: int = Field(default=0)
    days_to_credential: float = Field(default=0.0)
    sales: int = Field(default=0)
    gross_minor: int = Field(default=0)
    fee_minor: int = Field(default=0)
    refunds_minor: int = Field(default=0)


class AnalyticsPending(SQLModel, table=True):
    """A cell some committed transaction changed the sources of, not recounted yet.

    Writers only add these (a plain INSERT: no row another checkout waits on); a reader
    of the university's cells recounts them and removes the ones it saw, under the
    university's lock. Many notes of one cell cost one recount.
    """

    __tablename__ = "analytics_pending"
    __table_args__ = (sa.Index("ix_analytics_pending_university", "university_id"),)

    id: int | None = Field(default=None, primary_key=True)
    university_id: int
    offering_id: int | None = Field(default=None)
    month: str = Field(max_length=7)
