"""The schema comes only from migrations, and the demo data meets the brief."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from microcred_market.catalogue import esco
from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue.models import Offering, Qualification, University
from microcred_market.catalogue.search_index import is_search_index_object
from microcred_market.catalogue.search_query import parse_query
from microcred_market.catalogue.seed import seed_demo, seed_synthetic
from microcred_market.platform import migrations
from microcred_market.platform.db import get_engine, session_scope
from microcred_market.tables import metadata

pytestmark = pytest.mark.catalogue


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue(f"empty_{request.param}_url")


def _diff(url: str) -> list:
    with get_engine(url).connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_object": lambda o, name, type_, r, c: (
                    not is_search_index_object(name, type_)
                ),
            },
        )
        return compare_metadata(context, metadata)


def test_upgrade_from_empty_matches_the_models_and_downgrades(empty_url: str) -> None:
    engine = get_engine(empty_url)
    with engine.connect() as connection:
        migrations.upgrade(connection)
        connection.commit()
    assert _diff(empty_url) == []
    tables = set(sa.inspect(engine).get_table_names())
    assert {"university", "offering", "qualification", "qualification_offering"} <= tables
    with engine.connect() as connection:
        migrations.downgrade(connection)
        connection.commit()
    assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}


def test_models_without_migrations_would_be_noticed(empty_url: str) -> None:
    """The comparison above can fail: an empty database differs from the models."""
    assert _diff(empty_url)


def test_demo_seed_is_idempotent_and_meets_the_brief(empty_url: str) -> None:
    with get_engine(empty_url).connect() as connection:
        migrations.upgrade(connection)
        connection.commit()
    with session_scope(empty_url) as session:
        first = seed_demo(session)
    with session_scope(empty_url) as session:
        second = seed_demo(session)
    assert first == second
    with session_scope(empty_url) as session:
        unis = session.exec(sa.select(University)).scalars().all()
        offerings = session.exec(sa.select(Offering)).scalars().all()
        quals = session.exec(sa.select(Qualification)).scalars().all()
        assert len(unis) == first["universities"] >= 6
        assert len({u.country_code for u in unis}) >= 4 and "PL" in {u.country_code for u in unis}
        assert len(offerings) == first["offerings"] >= 60
        assert {o.eqf_level for o in offerings} >= {4, 5, 6, 7}
        assert {o.currency for o in offerings} == {"PLN", "EUR"}
        assert len({o.participation_form for o in offerings}) == 3
        assert len({o.assessment_type for o in offerings}) >= 4
        assert len(quals) >= 4
        # The index holds each offering once, not once per seeding.
        total = catalogue.search(session, parse_query({}), with_facets=False).total
        text_hits = catalogue.search(session, parse_query({"q": "zarzadzanie"})).total
    assert total == sum(1 for o in offerings if o.status == "published")
    assert 1 <= text_hits < total


def test_synthetic_offerings_are_searchable(empty_url: str) -> None:
    with get_engine(empty_url).connect() as connection:
        migrations.upgrade(connection)
        connection.commit()
    with session_scope(empty_url) as session:
        assert seed_synthetic(session, 500) == 500
    with session_scope(empty_url) as session:
        result = catalogue.search(session, parse_query({"q": "cyber"}), with_facets=True)
    assert 0 < result.total < 500
    assert sum(v.count for v in result.facets["eqf"]) == result.total


@pytest.mark.assessments
def test_demo_assessments_seed_once_and_meet_the_brief(empty_url: str) -> None:
    from collections import Counter

    from microcred_market.assessments import results
    from microcred_market.assessments.demo import seed_demo_assessments
    from microcred_market.assessments.models import (
        Assessment,
        AssessmentComponent,
        AssessmentQuestion,
    )

    def counts(session) -> tuple[int, ...]:
        return tuple(
            session.execute(sa.select(sa.func.count()).select_from(m)).scalar_one()
            for m in (Assessment, AssessmentComponent, AssessmentQuestion)
        )

    with get_engine(empty_url).connect() as connection:
        migrations.upgrade(connection)
        connection.commit()
    with session_scope(empty_url) as session:
        seed_demo(session)
        made = seed_demo_assessments(session)
    with session_scope(empty_url) as session:
        before = counts(session)
        seed_demo(session)
        assert seed_demo_assessments(session) == 0
        assert counts(session) == before
        offerings = session.exec(sa.select(Offering)).scalars().all()
        assessed = {
            o.slug: a for o in offerings if (a := results.published_assessment(session, o.id))
        }
        assert made == len(assessed) >= len(offerings) // 3
        kinds: Counter[str] = Counter()
        for o in offerings:
            if o.slug not in assessed:
                continue
            parts = results.components(session, assessed[o.slug].id)
            kinds.update(c.kind for c in parts)
            for quiz in (c for c in parts if c.kind == "quiz"):
                bank = (
                    session.exec(
                        sa.select(AssessmentQuestion).where(
                            AssessmentQuestion.component_id == quiz.id
                        )
                    )
                    .scalars()
                    .all()
                )
                assert 10 <= len(bank) <= 20, o.slug
                assert len({q.body["kind"] for q in bank}) >= 5, o.slug
            if o.assessment_only:
                # Recognition of prior learning: a portfolio, an interview and a quiz.
                assert {(c.kind, c.mode) for c in parts} >= {
                    ("portfolio", ""),
                    ("decision", "interview"),
                    ("quiz", ""),
                }, o.slug
        assert sum(o.assessment_only for o in offerings) >= 2
        assert all(kinds[k] for k in ("quiz", "task", "portfolio", "decision"))


def test_the_upgrade_gives_older_offerings_their_skills_polish_search_words(
    empty_url: str,
) -> None:
    """Offerings saved before the skills had Polish labels are found by them after 0026."""
    engine = get_engine(empty_url)
    with engine.connect() as connection:
        migrations.upgrade(connection)
        connection.commit()
    with session_scope(empty_url) as session:
        seed_demo(session)
    slug = "uw-analiza-danych-python"
    with session_scope(empty_url) as session:
        detail = catalogue.offering_detail(session, slug)
        polish = esco.label(detail.esco_skills[0]["uri"], "pl")
        # As an older version saved it: only the English labels among the words.
        english = catalogue.search_words(
            detail.title, detail.summary, list(detail.learning_outcomes), [], ""
        )
        session.execute(
            sa.update(Offering).where(Offering.slug == slug).values(search_body=english[1])
        )

    def found() -> bool:
        with session_scope(empty_url) as session:
            result = catalogue.search(session, parse_query({"q": polish, "per_page": "50"}))
            return slug in [i.slug for i in result.items]

    assert not found()
    with engine.connect() as connection:
        migrations.downgrade(connection, "0025")
        migrations.upgrade(connection)
        connection.commit()
    assert found()
