"""The demo catalogue, pinned: what `microcred seed --demo` puts in an empty database.

The expected values were read from the seed as it stood when the demo data was still Python
literals, so moving the data into files (or any later change to the loader) cannot quietly
change what a visitor of the demo sees. A deliberate change to the demo content updates the
numbers here in the same commit.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from microcred_market import cli
from microcred_market.accounts.models import StaffRole, User
from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue.models import (
    Offering,
    Qualification,
    QualificationOffering,
    QualificationUniversity,
    University,
)
from microcred_market.catalogue.search_query import parse_query
from microcred_market.catalogue.seed import seed_demo
from microcred_market.credentials.models import IssuedCredential, IssuerKey
from microcred_market.orders.models import Enrolment, Order
from microcred_market.platform.db import get_engine, reset_engine, session_scope
from microcred_market.platform.models import AuditEvent, OutboxMessage
from microcred_market.settings import reset_settings_cache
from tests.conftest import migrated

pytestmark = pytest.mark.catalogue

DRAFTS = {"uw-cyfrowa-administracja", "pg-gospodarka-wodorowa", "up-turismo-digital"}
# Digest of every seeded row's content (see _content); changes whenever any demo text does
# (last: the search words carry each skill's Polish label too).
CONTENT_SHA256 = "2aba31bf85098e34fc6433154ead6b6000c750f110afd59ad7fd7d50cadfbabb"


@pytest.fixture
def seeded_url(empty_sqlite_url: str) -> str:
    url = migrated(empty_sqlite_url)
    with session_scope(url) as session:
        assert seed_demo(session) == {"universities": 8, "qualifications": 6, "offerings": 71}
    return url


@pytest.fixture
def session(seeded_url: str) -> Iterator[Session]:
    with session_scope(seeded_url) as session:
        yield session


def _count(session: Session, model: Any) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


def _offering(session: Session, slug: str) -> Offering:
    return session.exec(select(Offering).where(Offering.slug == slug)).one()


def _qualification_offerings(session: Session, slug: str) -> list[str]:
    rows = session.execute(
        sa.select(Offering.slug)
        .join(QualificationOffering, QualificationOffering.offering_id == Offering.id)
        .join(Qualification, Qualification.id == QualificationOffering.qualification_id)
        .where(Qualification.slug == slug)
        .order_by(Offering.id)
    )
    return list(rows.scalars())


def test_the_demo_fills_the_catalogue_tables_and_nothing_else(session: Session) -> None:
    assert _count(session, University) == 8
    assert _count(session, Qualification) == 6
    assert _count(session, QualificationUniversity) == 16
    assert _count(session, Offering) == 71
    assert _count(session, QualificationOffering) == 32
    statuses = Counter(session.exec(select(Offering.status)).all())
    assert statuses == {"published": 68, "draft": 3}
    assert set(session.exec(select(Offering.slug).where(Offering.status == "draft"))) == DRAFTS
    # No people, orders, credentials or keys: the demo is a catalogue only.
    for model in (User, StaffRole, Order, Enrolment, IssuedCredential, IssuerKey, OutboxMessage):
        assert _count(session, model) == 0, model.__name__
    assert _count(session, AuditEvent) == 0


def test_the_demo_spans_countries_languages_and_currencies(session: Session) -> None:
    unis = session.exec(select(University).order_by(University.id)).all()
    assert [u.slug for u in unis] == [
        "uniwersytet-warszawski",
        "politechnika-gdanska",
        "uek-krakow",
        "tu-delft",
        "universidad-de-salamanca",
        "tu-muenchen",
        "vilniaus-universitetas",
        "universidade-do-porto",
    ]
    assert all(u.approved for u in unis)
    assert Counter(u.country_code for u in unis) == {
        "PL": 3,
        "NL": 1,
        "ES": 1,
        "DE": 1,
        "LT": 1,
        "PT": 1,
    }
    offerings = session.exec(select(Offering)).all()
    assert Counter(o.language for o in offerings) == {
        "pl": 32,
        "en": 16,
        "es": 7,
        "de": 5,
        "pt": 5,
        "lt": 3,
        "nl": 3,
    }
    by_currency: Counter[str] = Counter()
    for o in offerings:
        by_currency[o.currency] += o.price_minor
    assert by_currency == {"PLN": 4_185_000, "EUR": 1_080_000}
    assert Counter(o.participation_form for o in offerings) == {
        "online": 38,
        "blended": 21,
        "onsite": 12,
    }
    assert sum(o.ects for o in offerings) == Decimal("261.5")
    assert sum(o.featured for o in offerings) == 8
    assert sum(o.self_paced for o in offerings) == 20
    assert {o.eqf_level for o in offerings} == {4, 5, 6, 7}
    assert all(o.seats_taken == 0 for o in offerings)


def test_a_polish_cohort_offering(session: Session) -> None:
    o = _offering(session, "uw-analiza-danych-python")
    uni = session.get(University, o.university_id)
    assert uni is not None and uni.name == "Uniwersytet Warszawski" and uni.city == "Warszawa"
    assert uni.website == "https://www.uw.edu.pl"
    assert o.title == "Analiza danych w języku Python" and o.language == "pl"
    assert (o.price_minor, o.currency) == (149_000, "PLN")
    assert o.ects == Decimal("5") and o.eqf_level == 6
    assert (o.nqf_level, o.nqf_framework, o.isced_f_code) == (6, "PRK", "0688")
    assert (o.start_date, o.end_date) == (date(2027, 2, 1), date(2027, 5, 31))
    assert (o.self_paced, o.seat_capacity, o.featured) == (False, 60, True)
    assert (o.participation_form, o.assessment_type, o.supervision) == (
        "online",
        "project",
        "unsupervised-no-id",
    )
    assert o.esco_skills == [
        {
            "uri": "http://data.europa.eu/esco/skill/ab2f9987-b48c-5ddc-b426-8b8d182a9e71",
            "label": "Python (computer programming)",
        },
        {
            "uri": "http://data.europa.eu/esco/skill/5a75f4a2-48ee-571f-9762-34dcd4c900ed",
            "label": "perform data analysis",
        },
    ]
    assert len(o.learning_outcomes) == 4
    assert o.learning_outcomes[0].startswith("Uczestnik potrafi wczytać, oczyścić")


def test_an_english_self_paced_offering(session: Session) -> None:
    o = _offering(session, "tud-data-analysis-with-python")
    assert o.title == "Data Analysis with Python" and o.language == "en"
    assert (o.price_minor, o.currency) == (49_500, "EUR")
    assert o.ects == Decimal("5") and o.eqf_level == 6
    assert (o.nqf_level, o.nqf_framework) == (None, None)
    assert (o.start_date, o.end_date, o.seat_capacity) == (None, None, None)
    assert o.self_paced and o.featured and o.status == "published"
    assert o.learning_outcomes[-1] == (
        "Learner can communicate the results of an analysis in a short report."
    )


def test_other_offerings_in_detail(session: Session) -> None:
    english_at_polish_uni = _offering(session, "uw-eu-internal-market-law")
    assert english_at_polish_uni.title == "EU Internal Market Law for Practitioners"
    assert (english_at_polish_uni.language, english_at_polish_uni.currency) == ("en", "PLN")
    assert english_at_polish_uni.price_minor == 159_000

    half = _offering(session, "uw-komunikacja-zespol-projektowy")
    assert half.title == "Komunikacja i przywództwo w zespole projektowym"
    assert half.ects == Decimal("2.5") and half.seat_capacity == 24
    assert (half.start_date, half.end_date) == (date(2027, 4, 17), date(2027, 5, 29))

    free = _offering(session, "tum-energy-transition-policy")
    assert (free.price_minor, free.currency, free.eqf_level) == (0, "EUR", 7)

    draft = _offering(session, "up-turismo-digital")
    assert draft.title == "Turismo digital e experiência do visitante"
    assert draft.status == "draft" and draft.ects == Decimal("2.5")
    assert [s["uri"] for s in draft.esco_skills] == [
        "http://data.europa.eu/esco/skill/5fb6b260-1133-5f9e-8050-5f5dc3a8ced9",
        "http://data.europa.eu/esco/skill/6bc74ec6-a454-5e44-9cd8-d949af7141d4",
    ]

    german = _offering(session, "tum-data-science-fuer-ingenieure")
    assert german.title == "Data Science für Ingenieurinnen und Ingenieure"
    assert (german.seat_capacity, german.price_minor) == (120, 39_000)


def test_qualifications_and_their_offerings(session: Session) -> None:
    quals = session.exec(select(Qualification).order_by(Qualification.id)).all()
    assert [(q.slug, q.title, q.eqf_level, q.ects_required, q.language) for q in quals] == [
        (
            "data-analytics-professional",
            "Data Analytics Professional Certificate",
            6,
            Decimal("15"),
            "en",
        ),
        ("menedzer-projektow", "Certyfikat: Menedżer projektów", 6, Decimal("12"), "pl"),
        ("sustainable-energy-specialist", "Sustainable Energy Specialist", 7, Decimal("20"), "en"),
        ("digital-marketing-diploma", "Digital Marketing Diploma", 5, Decimal("12"), "en"),
        ("cybersecurity-foundations", "Cybersecurity Foundations", 5, Decimal("10"), "en"),
        (
            "specjalista-rachunkowosci-i-podatkow",
            "Certyfikat: Specjalista ds. rachunkowości i podatków",
            6,
            Decimal("10"),
            "pl",
        ),
    ]
    assert _qualification_offerings(session, "data-analytics-professional") == [
        "uw-analiza-danych-python",
        "uw-big-data-wizualizacja",
        "pg-sql-bazy-danych",
        "tud-data-analysis-with-python",
        "tud-python-assessment-of-prior-learning",
        "tum-data-science-fuer-ingenieure",
        "vu-applied-statistics-data-analysis",
    ]
    assert _qualification_offerings(session, "menedzer-projektow") == [
        "uw-komunikacja-zespol-projektowy",
        "pg-ryzyko-w-projektach",
        "uek-zarzadzanie-projektami-w-praktyce",
        "uek-scrum-kanban",
        "uek-potwierdzenie-kompetencji-projekty",
    ]
    partners = session.execute(
        sa.select(University.slug)
        .join(QualificationUniversity, QualificationUniversity.university_id == University.id)
        .join(Qualification, Qualification.id == QualificationUniversity.qualification_id)
        .where(Qualification.slug == "cybersecurity-foundations")
    )
    assert set(partners.scalars()) == {
        "politechnika-gdanska",
        "vilniaus-universitetas",
        "tu-muenchen",
    }


def test_the_published_demo_is_searchable(session: Session) -> None:
    assert catalogue.search(session, parse_query({}), with_facets=False).total == 68
    hits = catalogue.search(session, parse_query({"q": "python"}), with_facets=False)
    assert {"uw-analiza-danych-python", "tud-data-analysis-with-python"} <= {
        o.slug for o in hits.items
    }


def _content(session: Session) -> str:
    """Every seeded row without ids, uuids or timestamps, links by slug, as canonical JSON."""
    skip = {"id", "uuid", "created_at", "updated_at", "university_id"}
    unis = {u.id: u.slug for u in session.exec(select(University))}
    quals = {q.id: q.slug for q in session.exec(select(Qualification))}
    offers = {o.id: o.slug for o in session.exec(select(Offering))}

    def rows(model: Any) -> list[dict[str, Any]]:
        out = []
        for row in session.exec(select(model)):
            data = {k: v for k, v in row.model_dump().items() if k not in skip}
            if isinstance(row, Offering):
                data["university"] = unis[row.university_id]
            out.append(data)
        return sorted(out, key=lambda d: d["slug"])

    links = {
        "qualification_university": sorted(
            (quals[link.qualification_id], unis[link.university_id])
            for link in session.exec(select(QualificationUniversity))
        ),
        "qualification_offering": sorted(
            (quals[link.qualification_id], offers[link.offering_id])
            for link in session.exec(select(QualificationOffering))
        ),
    }
    content = {
        "universities": rows(University),
        "qualifications": rows(Qualification),
        "offerings": rows(Offering),
        **links,
    }
    return json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)


def test_every_seeded_row_is_as_it_was(session: Session) -> None:
    digest = hashlib.sha256(_content(session).encode()).hexdigest()
    assert digest == CONTENT_SHA256


def test_seeding_twice_changes_nothing(seeded_url: str) -> None:
    with session_scope(seeded_url) as session:
        before = _content(session)
    with session_scope(seeded_url) as session:
        seed_demo(session)
    with session_scope(seeded_url) as session:
        assert _content(session) == before
        assert _count(session, Offering) == 71


@pytest.fixture
def cli_db(empty_sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = migrated(empty_sqlite_url)
    monkeypatch.setenv("DATABASE_URL", url)
    reset_settings_cache()
    reset_engine()
    yield url
    reset_settings_cache()
    reset_engine()


def test_the_seed_command(cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["seed", "--if-empty"]) == 0
    assert capsys.readouterr().out.strip() == (
        "Demo data: 8 universities, 71 offerings, 6 qualifications.\n"
        "Demo assessments published: 25.\n"
        "Qualification rules: 6."
    )
    assert cli.main(["seed", "--if-empty"]) == 0
    assert capsys.readouterr().out.strip() == "Demo data already present; nothing to do."
    assert cli.main(["seed", "--demo"]) == 0
    assert capsys.readouterr().out.strip() == (
        "Demo data: 8 universities, 71 offerings, 6 qualifications.\nQualification rules: 6."
    )
    with get_engine(cli_db).connect() as connection:
        count = connection.execute(sa.select(sa.func.count()).select_from(Offering)).scalar_one()
    assert count == 71
