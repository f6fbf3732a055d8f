"""The catalogue's counts without words are counted once per change, never served stale.

Each case changes the catalogue the way the product does (the ORM, or a bulk statement as
seat holds do) and compares what a visitor of the plain catalogue gets with a count made
afresh without the cache; a change no facet reads (seats) must keep the counts cached.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import select

from microcred_market.catalogue import facet_cache
from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue.models import (
    Offering,
    Qualification,
    QualificationOffering,
    University,
)
from microcred_market.catalogue.search_query import parse_query
from microcred_market.catalogue.seed import seed_demo
from microcred_market.platform.db import session_scope

pytestmark = [pytest.mark.catalogue]


@pytest.fixture
def url(fresh_url: str) -> Iterator[str]:
    with session_scope(fresh_url) as session:
        seed_demo(session)
    facet_cache.install()
    yield fresh_url


def _seen(result: catalogue.SearchResult) -> dict[str, Any]:
    facets = {
        name: sorted((v.value, v.count) for v in values) for name, values in result.facets.items()
    }
    return {"total": result.total, "page": [c.slug for c in result.items], "facets": facets}


def _visit(url: str, **params: str) -> dict[str, Any]:
    with session_scope(url) as session:
        return _seen(catalogue.search(session, parse_query(params)))


def _afresh(url: str, **params: str) -> dict[str, Any]:
    facet_cache.uninstall()
    try:
        return _visit(url, **params)
    finally:
        facet_cache.install()


def _stamp(url: str) -> facet_cache.Stamp | None:
    with session_scope(url) as session:
        return facet_cache.stamp(session)


def _kept(url: str, **params: str) -> bool:
    query = parse_query(params)
    with session_scope(url) as session:
        at = facet_cache.stamp(session)
        shape = catalogue._shape(session, query, True)
    key = catalogue._counts_key(shape, catalogue._parameters(query, shape))
    return at is not None and facet_cache.cached(at, key) is not None


def _published(url: str) -> Offering:
    with session_scope(url) as session:
        return session.exec(
            select(Offering).where(Offering.status == "published").order_by(Offering.id)
        ).first()


def test_counts_are_kept_until_a_change_a_facet_reads(url: str) -> None:
    fresh = _afresh(url)  # (counting afresh forgets what was kept)
    first = _visit(url)
    assert first == fresh and first["total"] > 0
    assert _kept(url)
    assert _visit(url) == first

    # Seats change nothing a facet reads: the counts stay.
    before = _stamp(url)
    offering = _published(url)
    with session_scope(url) as session:
        session.execute(sa.update(Offering).where(Offering.id == offering.id).values(seats_taken=3))
    assert _stamp(url) == before and _kept(url)

    # A level changed through the ORM: the EQF facet moves at once.
    with session_scope(url) as session:
        row = session.get(Offering, offering.id)
        row.eqf_level = 8 if row.eqf_level != 8 else 7
        session.add(row)
    assert _stamp(url) != before
    changed = _visit(url)
    assert changed == _afresh(url) and changed["facets"]["eqf"] != first["facets"]["eqf"]

    # Archived by a bulk statement: one fewer everywhere.
    with session_scope(url) as session:
        session.execute(
            sa.update(Offering).where(Offering.id == offering.id).values(status="archived")
        )
    archived = _visit(url)
    assert archived == _afresh(url) and archived["total"] == first["total"] - 1


def test_universities_and_qualification_links_move_the_counts(url: str) -> None:
    first = _visit(url)
    offering = _published(url)
    with session_scope(url) as session:
        qualification = session.exec(select(Qualification).order_by(Qualification.id)).first()
        linked = session.get(QualificationOffering, (qualification.id, offering.id))
        if linked is None:
            session.add(
                QualificationOffering(qualification_id=qualification.id, offering_id=offering.id)
            )
        else:
            session.delete(linked)
    relinked = _visit(url)
    assert relinked == _afresh(url)
    assert relinked["facets"]["qualification"] != first["facets"]["qualification"]

    with session_scope(url) as session:
        university = session.exec(select(University).order_by(University.id)).first()
        hidden = session.exec(
            select(sa.func.count())
            .select_from(Offering)
            .where(Offering.university_id == university.id, Offering.status == "published")
        ).one()
        university.approved = False
        session.add(university)
    after = _visit(url)
    assert after == _afresh(url) and after["total"] == first["total"] - hidden < first["total"]


def test_a_change_not_yet_committed_is_never_kept_for_others(url: str) -> None:
    first = _visit(url)
    offering = _published(url)
    with session_scope(url) as session:
        row = session.get(Offering, offering.id)
        row.status = "archived"
        session.add(row)
        session.flush()
        inside = _seen(catalogue.search(session, parse_query({})))
        assert inside["total"] == first["total"] - 1  # the writer sees its own change
        session.rollback()
    assert _visit(url) == first == _afresh(url)  # nobody else ever saw it


def test_counts_are_kept_per_filter_choice_and_the_page_is_read_afresh(url: str) -> None:
    offering = _published(url)
    level = str(offering.eqf_level)
    choices = [
        {"eqf": level},
        {"eqf": level, "sort": "price_asc"},
        {"eqf": level, "form": offering.participation_form, "page": "2"},
        {"country": "PL", "language": "pl"},
        {"eqf": level, "page": "99"},  # beyond the end: the last page, with a notice
    ]
    for params in choices:
        fresh = _afresh(url, **params)
        assert _visit(url, **params) == fresh, params  # counted, and kept
        assert _kept(url, **params), params
        assert _visit(url, **params) == fresh, params  # answered from what was kept
    assert not _kept(url, eqf="1")  # another value is another count
    # Ordered by price from the kept counts: the page is the database's, in price order.
    priced = _visit(url, eqf=level, sort="price_asc")
    assert priced["facets"] == _visit(url, eqf=level)["facets"]

    # A filtered column changes: the filtered counts and pages move at once.
    before = _visit(url, eqf=level)
    with session_scope(url) as session:
        row = session.get(Offering, offering.id)
        row.eqf_level = 8 if row.eqf_level != 8 else 7
        session.add(row)
    after = _visit(url, eqf=level)
    assert after == _afresh(url, eqf=level)
    assert after["total"] == before["total"] - 1 and offering.slug not in after["page"]

    # Seats are never kept: a filtered page shows them as they are now.
    with session_scope(url) as session:
        session.execute(
            sa.update(Offering)
            .where(Offering.status == "published")
            .values(seat_capacity=5, seats_taken=5)
        )
        cards = catalogue.search(session, parse_query({"country": "PL"})).items
    assert cards and all(card.seats_left == 0 for card in cards)


def test_a_crowd_after_a_change_counts_once_and_everyone_gets_the_same_answer(url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from sqlalchemy import event

    from microcred_market.platform.db import get_engine

    offering = _published(url)
    expected = _afresh(url, eqf=str(offering.eqf_level))  # nothing kept for this choice yet
    counts: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "UNION ALL" in statement:
            counts.append(statement)

    engine = get_engine(url)
    event.listen(engine, "before_cursor_execute", seen)
    start = Barrier(8)

    def visitor(_: int) -> dict[str, Any]:
        start.wait()
        return _visit(url, eqf=str(offering.eqf_level))

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(visitor, range(8)))
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert answers == [expected] * 8
    assert len(counts) == 1  # one request counted; seven were answered from what it kept
    assert facet_cache._counting == {}  # nothing left behind
