"""The page's figures are read from stored cells (`analytics.cells`): they must change the
moment a write that the page counts commits (a partial or full refund, a pass, a new
credential), stay put after a revocation or a rolled-back transaction, and always equal
a recount from the source tables. Verifications and shares are not in the cells: the
page reads them live, and recording one writes its own row and nothing else. On SQLite
and PostgreSQL.

The history is `tests/support/analytics_world.py`; the writes go through the services.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlmodel import col, select

from microcred_market.accounts import authz
from microcred_market.analytics import cells, counting, queries
from microcred_market.analytics.models import AnalyticsCell, AnalyticsPending
from microcred_market.assessments import decisions
from microcred_market.catalogue.models import Offering, University
from microcred_market.credentials import activity, issuing
from microcred_market.credentials.models import IssuedCredential
from microcred_market.orders import service as orders
from microcred_market.orders.models import Cohort, Enrolment, Order, OrderEvent
from microcred_market.platform import migrations
from microcred_market.platform.db import get_engine, session_scope
from microcred_market.platform.outbox import process_outbox
from tests.support.analytics_world import (
    TODAY,
    AnalyticsWorld,
    _offering,
    _sale,
    _user,
    at,
    make_analytics_world,
)

pytestmark = pytest.mark.portal


@pytest.fixture
def world(app_env: str) -> AnalyticsWorld:
    return make_analytics_world(app_env)


def _page(world: AnalyticsWorld, **kwargs) -> queries.Analytics:
    with session_scope(world.url) as session:
        principal = authz.principal_for(session, world.owner_id)
        return queries.analytics(session, principal, world.slug, today=TODAY, **kwargs)


def _line(found: queries.Analytics, slug: str) -> queries.Figures:
    return next(line.figures for line in found.by_offering if line.slug == slug)


def _comparable(found: dict) -> dict:
    return {
        key: (
            f.enrolments,
            f.cancelled,
            f.passed,
            f.not_passed,
            f.credentials,
            round(f.days_to_credential, 6),
            f.shares,
            f.verifications,
            {c: (m.sales, m.gross_minor, m.fee_minor, m.refunds_minor) for c, m in f.money.items()},
        )
        for key, f in found.items()
    }


def assert_cells_agree(url: str) -> None:
    """Every university's stored cells are exactly a recount from the source tables."""
    with session_scope(url) as session:
        for uni in session.exec(select(University.id)).all():
            scope = counting.Scope(university_id=uni, since=datetime(1970, 1, 1, tzinfo=UTC))
            stored, recounted = cells.read(session, scope), counting.count(session, scope)
            assert stored, "no cells were stored"
            assert _comparable(stored) == _comparable(recounted)


def _order(session, world: AnalyticsWorld, paid: datetime) -> Order:
    offering = session.exec(select(Offering).where(Offering.slug == world.data_slug)).one()
    return session.exec(
        select(Order).where(Order.offering_id == offering.id, Order.paid_at == paid)
    ).one()


def test_the_cells_of_the_history_are_a_recount(world: AnalyticsWorld) -> None:
    assert_cells_agree(world.url)
    with session_scope(world.url) as session:
        stored = session.exec(select(sa.func.count()).select_from(AnalyticsCell)).one()
    assert stored > 0


def test_a_partial_refund_shows_at_once(world: AnalyticsWorld) -> None:
    before = _page(world).totals.money["PLN"]
    with session_scope(world.url) as session:
        order = _order(session, world, at(2026, 11, 20))
        given = orders.record_partial_refund(
            session, order_id=order.id or 0, source="staff:1", add_minor=3_000
        )
    assert given == 3_000
    after = _page(world)
    pln = after.totals.money["PLN"]
    # In the month of the payment (November), with our fee's share (10 %) back.
    assert pln.refunds_minor == before.refunds_minor + 3_000
    assert pln.fee_minor == before.fee_minor - 300
    assert pln.net_minor == before.net_minor - 2_700
    november = dict(after.by_month)["2026-11"].money["PLN"]
    assert november.refunds_minor == 10_000 + 3_000
    assert_cells_agree(world.url)


def test_a_full_refund_cancels_and_counts_the_money_back(world: AnalyticsWorld) -> None:
    before = _line(_page(world, months=36), world.data_slug)
    with session_scope(world.url) as session:
        order = _order(session, world, at(2026, 10, 5))
        session.add(
            OrderEvent(
                order_id=order.id or 0,
                event="paid",
                source="test",
                state_before="pending",
                state_after="paid",
            )
        )
        session.flush()
        assert orders.apply_event(session, order.id or 0, "refunded", "refund:simulated") == (
            "refunded"
        )
    after = _line(_page(world, months=36), world.data_slug)
    # The enrolment (October) is cancelled by a bulk UPDATE; the money went back today.
    assert after.cancelled == before.cancelled + 1
    assert after.enrolments == before.enrolments
    assert after.money["PLN"].refunds_minor == before.money["PLN"].refunds_minor + 10_000
    assert after.money["PLN"].fee_minor == before.money["PLN"].fee_minor - 1_000
    assert after.money["PLN"].sales == before.money["PLN"].sales  # it was sold all the same
    assert_cells_agree(world.url)


def test_a_revocation_changes_no_figure(world: AnalyticsWorld) -> None:
    before = _page(world)
    with session_scope(world.url) as session:
        offering = session.exec(select(Offering).where(Offering.slug == world.data_slug)).one()
        row = session.exec(
            select(IssuedCredential).where(IssuedCredential.offering_id == offering.id)
        ).one()
        issuing.change_state(
            session,
            principal=authz.principal_for(session, world.owner_id),
            credential_uuid=str(row.uuid),
            action="revoke",
            reason="Issued by mistake",
        )
        assert row.state == "revoked"
    after = _page(world)
    assert (after.totals.credentials, after.totals.mean_days_to_credential) == (
        before.totals.credentials,
        before.totals.mean_days_to_credential,
    )
    assert after.totals == before.totals
    assert_cells_agree(world.url)


def test_a_pass_and_its_new_credential_show_at_once(world: AnalyticsWorld) -> None:
    with session_scope(world.url) as session:
        uni = session.exec(select(University).where(University.slug == world.slug)).one()
        ethics = _offering(session, uni, f"{world.slug}-ethics", "Ethics", "PLN")
        learner = _user(session, f"ethics@{world.slug}.test")
        enrolment = _sale(session, learner, ethics, at(2026, 11, 3), 8_000, 800)
        enrolment_uuid, enrolment_id = str(enrolment.uuid), enrolment.id
    sold = _line(_page(world), ethics.slug)
    assert (sold.enrolments, sold.passed, sold.pass_rate, sold.credentials) == (1, 0, None, 0)
    with session_scope(world.url) as session:
        decisions.decide(
            session,
            principal=authz.principal_for(session, world.assessor_id),
            enrolment_uuid=enrolment_uuid,
            passed=True,
        )
    passed = _line(_page(world, months=36), ethics.slug)
    assert (passed.passed, passed.pass_rate, passed.credentials) == (1, Decimal(100), 0)
    process_outbox(world.url)  # the worker issues the credential
    with session_scope(world.url) as session:
        issued_rows = session.exec(
            select(IssuedCredential).where(col(IssuedCredential.enrolment_id) == enrolment_id)
        ).all()
    assert len(issued_rows) == 1
    issued = _line(_page(world, months=36), ethics.slug)
    assert issued.credentials == 1
    assert issued.mean_days_to_credential is not None
    assert_cells_agree(world.url)


def _cell_rows(url: str) -> list[tuple]:
    with session_scope(url) as session:
        return [
            tuple(row)
            for row in session.execute(sa.select(AnalyticsCell).order_by(AnalyticsCell.id))
        ]


def test_a_verification_shows_at_once_and_touches_no_cell(world: AnalyticsWorld) -> None:
    before = _line(_page(world, months=36), world.data_slug)
    before_offering = _page(world, months=36, offering=world.data_slug).totals
    stored_before = _cell_rows(world.url)
    statements: list[str] = []

    def keep(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:  # noqa: ANN001
        statements.append(statement)

    engine = get_engine(world.url)
    sa.event.listen(engine, "before_cursor_execute", keep)
    try:
        with session_scope(world.url) as session:
            offering = session.exec(select(Offering).where(Offering.slug == world.data_slug)).one()
            row = session.exec(
                select(IssuedCredential).where(IssuedCredential.offering_id == offering.id)
            ).one()
            statements.clear()  # what recording the verification and committing costs
            activity.record(session, row, activity.VERIFIED, "valid")
    finally:
        sa.event.remove(engine, "before_cursor_execute", keep)
    # Its own row and nothing else: no lock, no recount, no cell written.
    written = [s for s in statements if not s.lstrip().upper().startswith(("SELECT", "BEGIN"))]
    assert len(written) == 1 and "credential_activity" in written[0], statements
    assert not [s for s in statements if "analytics_cell" in s or "advisory" in s], statements
    assert _cell_rows(world.url) == stored_before
    after = _line(_page(world, months=36), world.data_slug)
    assert after.verifications == before.verifications + 1
    assert after.shares == before.shares
    limited = _page(world, months=36, offering=world.data_slug).totals
    assert limited.verifications == before_offering.verifications + 1
    assert_cells_agree(world.url)


def test_a_rolled_back_change_leaves_the_figures(world: AnalyticsWorld) -> None:
    before = _line(_page(world, months=36), world.data_slug)
    with pytest.raises(RuntimeError), session_scope(world.url) as session:
        order = _order(session, world, at(2026, 11, 20))
        orders.record_partial_refund(
            session, order_id=order.id or 0, source="staff:1", add_minor=5_000
        )
        raise RuntimeError("the request failed after the refund was written")
    assert _line(_page(world, months=36), world.data_slug) == before
    assert_cells_agree(world.url)


def test_rebuild_recounts_what_was_written_around_the_session(world: AnalyticsWorld) -> None:
    assert _page(world).currencies == ["EUR", "PLN"]  # read once: nothing left to recount
    with session_scope(world.url) as session:
        session.execute(sa.delete(AnalyticsCell).where(AnalyticsCell.currency != ""))
    assert _page(world).currencies == []  # the money cells are gone: the page says so
    with session_scope(world.url) as session:
        cells.rebuild(session)
    assert _page(world).currencies == ["EUR", "PLN"]
    assert_cells_agree(world.url)


def test_the_migration_counts_the_history_already_recorded(world: AnalyticsWorld) -> None:
    before = _page(world)
    engine = get_engine(world.url)
    with engine.connect() as connection:
        migrations.downgrade(connection, "0021")  # as it was before the cells existed
        connection.commit()
    assert "analytics_cell" not in sa.inspect(engine).get_table_names()
    with engine.connect() as connection:
        migrations.upgrade(connection)
        connection.commit()
    after = _page(world)
    assert (after.totals.enrolments, after.totals.credentials) == (4, 2)
    assert after.totals == before.totals and after.by_offering == before.by_offering
    assert_cells_agree(world.url)


def test_a_cohorts_verifications_show_in_its_line(world: AnalyticsWorld) -> None:
    with session_scope(world.url) as session:
        offering = session.exec(select(Offering).where(Offering.slug == world.data_slug)).one()
        cohort = Cohort(offering_id=offering.id or 0, label="Spring")
        session.add(cohort)
        session.flush()
        row = session.exec(
            select(IssuedCredential).where(IssuedCredential.offering_id == offering.id)
        ).one()
        enrolment = session.get(Enrolment, row.enrolment_id)
        assert enrolment is not None
        enrolment.cohort_id = cohort.id
        cohort_id = cohort.id
    line = next(c for c in _page(world, months=36).by_cohort if c.cohort_id == cohort_id)
    before = line.figures.verifications
    assert before >= 1  # the history's verifications of that credential, now the cohort's
    with session_scope(world.url) as session:
        row = session.exec(
            select(IssuedCredential).where(IssuedCredential.enrolment_id == enrolment.id)
        ).one()
        activity.record(session, row, activity.VERIFIED, "valid")
    line = next(c for c in _page(world, months=36).by_cohort if c.cohort_id == cohort_id)
    assert line.figures.verifications == before + 1
    assert line.figures.enrolments == 1
    assert_cells_agree(world.url)


def _notes(world: AnalyticsWorld) -> int:
    """The notes of the world's university left for its next reader."""
    with session_scope(world.url) as session:
        university_id = session.exec(
            select(University.id).where(University.slug == world.slug)
        ).one()
        return session.exec(
            select(sa.func.count())
            .select_from(AnalyticsPending)
            .where(AnalyticsPending.university_id == university_id)
        ).one()


def test_writes_leave_notes_and_the_first_reader_recounts_them_once(
    world: AnalyticsWorld,
) -> None:
    before = _page(world).totals.money["PLN"]
    assert _notes(world) == 0  # the page read them all
    for _ in range(3):
        with session_scope(world.url) as session:
            order = _order(session, world, at(2026, 11, 20))
            orders.record_partial_refund(
                session, order_id=order.id or 0, source="staff:1", add_minor=1_000
            )
    assert _notes(world) >= 3  # one or more per write: nothing recounted yet
    after = _page(world).totals.money["PLN"]
    assert after.refunds_minor == before.refunds_minor + 3_000
    assert _notes(world) == 0
    assert_cells_agree(world.url)


@pytest.mark.parametrize(
    "fresh_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_a_write_does_not_wait_for_a_recount_of_its_university(
    world: AnalyticsWorld,
) -> None:
    """A reader recounting a university's cells holds its lock; a checkout or a refund
    of that university goes ahead meanwhile (it only leaves a note). PostgreSQL only:
    SQLite has one writer at a time anyway."""
    with session_scope(world.url) as session:
        university_id = session.exec(
            select(University.id).where(University.slug == world.slug)
        ).one()
    engine = get_engine(world.url)
    with engine.connect() as reader:
        reader.execute(sa.select(sa.func.pg_advisory_lock(7401, university_id)))
        try:
            with session_scope(world.url) as session:
                session.execute(sa.text("SET LOCAL lock_timeout = '2s'"))
                order = _order(session, world, at(2026, 11, 20))
                orders.record_partial_refund(
                    session, order_id=order.id or 0, source="staff:1", add_minor=1_000
                )
        finally:
            reader.execute(sa.select(sa.func.pg_advisory_unlock(7401, university_id)))
            reader.commit()
    assert _notes(world) >= 1
    assert_cells_agree(world.url)
