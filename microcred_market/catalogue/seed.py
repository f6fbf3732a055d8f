"""Demo and synthetic catalogue data.

`seed_demo` stores the demo catalogue that `catalogue.demo` reads from its data files. It
is idempotent: it upserts by slug, so running it twice (or after a newer release changed
the demo data) leaves one copy of everything. `seed_synthetic` makes
large catalogues for benchmarks, fast, through bulk inserts.
"""

from __future__ import annotations

import random
from dataclasses import asdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid4

import sqlalchemy as sa
from sqlmodel import Session, col, select

from microcred_market.catalogue import demo, vocab
from microcred_market.catalogue.models import (
    Offering,
    Qualification,
    QualificationOffering,
    QualificationUniversity,
    University,
)
from microcred_market.catalogue.service import save_offering, search_words
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import saved_id, table_of

UNIVERSITY_FIELDS = ("name", "country_code", "city", "website", "quality_assurance", "description")
OFFERING_FIELDS = (
    "title",
    "summary",
    "description",
    "eqf_level",
    "nqf_level",
    "nqf_framework",
    "isced_f_code",
    "language",
    "participation_form",
    "assessment_type",
    "supervision",
    "prerequisites",
    "quality_assurance",
    "price_minor",
    "currency",
    "start_date",
    "end_date",
    "self_paced",
    "seat_capacity",
    "featured",
    "status",
    "assessment_only",
)


def seed_demo(session: Session) -> dict[str, int]:
    data = demo.load_demo()

    universities: dict[str, University] = {}
    for source_uni in data.universities:
        uni = session.exec(select(University).where(University.slug == source_uni.slug)).first()
        uni = uni or University(
            slug=source_uni.slug, name=source_uni.name, country_code="", city="", website=""
        )
        for key in UNIVERSITY_FIELDS:
            setattr(uni, key, getattr(source_uni, key))
        uni.approved = source_uni.approved
        session.add(uni)
        session.flush()
        universities[uni.slug] = uni

    qualifications: dict[str, Qualification] = {}
    for source_qual in data.qualifications:
        qual = session.exec(
            select(Qualification).where(Qualification.slug == source_qual.slug)
        ).first()
        qual = qual or Qualification(
            slug=source_qual.slug, title=source_qual.title, eqf_level=0, ects_required=Decimal(0)
        )
        qual.title = source_qual.title
        qual.eqf_level = source_qual.eqf_level
        qual.ects_required = source_qual.ects_required
        qual.description = source_qual.description
        qual.language = source_qual.language
        session.add(qual)
        session.flush()
        qualifications[qual.slug] = qual
        session.execute(
            sa.delete(QualificationUniversity).where(
                col(QualificationUniversity.qualification_id) == qual.id
            )
        )
        for uslug in source_qual.universities:
            session.add(
                QualificationUniversity(
                    qualification_id=saved_id(qual), university_id=saved_id(universities[uslug])
                )
            )

    offerings = 0
    for source_offering in data.offerings:
        offering = session.exec(
            select(Offering).where(Offering.slug == source_offering.slug)
        ).first()
        university = universities[source_offering.university]
        offering = offering or Offering(
            slug=source_offering.slug,
            university_id=saved_id(university),
            title="",
            ects=Decimal(1),
            eqf_level=1,
        )
        offering.university_id = saved_id(university)
        for key in OFFERING_FIELDS:
            setattr(offering, key, getattr(source_offering, key))
        offering.learning_outcomes = list(source_offering.learning_outcomes)
        offering.esco_skills = [asdict(skill) for skill in source_offering.esco_skills]
        offering.ects = source_offering.ects
        save_offering(session, offering)
        offerings += 1
        session.execute(
            sa.delete(QualificationOffering).where(
                col(QualificationOffering.offering_id) == offering.id
            )
        )
        for qslug in source_offering.qualifications:
            session.add(
                QualificationOffering(
                    qualification_id=saved_id(qualifications[qslug]), offering_id=saved_id(offering)
                )
            )
    session.flush()
    return {
        "universities": len(universities),
        "qualifications": len(qualifications),
        "offerings": offerings,
    }


def is_seeded(session: Session) -> bool:
    return session.exec(select(University.id).limit(1)).first() is not None


# ---------------------------------------------------------------- synthetic

_TOPICS = (
    "data analysis",
    "machine learning",
    "project management",
    "cybersecurity",
    "accounting",
    "renewable energy",
    "supply chain",
    "digital marketing",
    "public health",
    "software testing",
    "cloud computing",
    "leadership",
    "zarządzanie zespołem",
    "analiza danych",
    "logistyka",
    "prawo pracy",
    "finanse",
    "user experience",
    "statistics",
    "circular economy",
)
_ADJECTIVES = ("Applied", "Advanced", "Practical", "Introductory", "Strategic", "Modern")
_VERBS = ("design", "evaluate", "apply", "explain", "plan", "measure", "automate", "audit")
_OBJECTS = ("workflows", "models", "budgets", "risks", "teams", "systems", "reports", "policies")


def seed_synthetic(session: Session, n: int, *, seed: int = 7, batch: int = 5000) -> int:
    """Insert n published synthetic offerings (and 20 universities to hold them)."""
    rng = random.Random(seed)
    countries = list(vocab.COUNTRIES)
    unis: list[tuple[int, str]] = []
    for i in range(20):
        slug = f"synthetic-university-{i + 1}"
        uni = session.exec(select(University).where(University.slug == slug)).first()
        if uni is None:
            uni = University(
                slug=slug,
                name=f"Synthetic University {i + 1}",
                country_code=countries[i % len(countries)],
                city="Synthetic City",
                website=f"https://synthetic-{i + 1}.example.org",
                quality_assurance="Synthetic QA",
                approved=True,
            )
            session.add(uni)
            session.flush()
        unis.append((saved_id(uni), uni.name))

    qual = session.exec(select(Qualification).where(Qualification.slug == "synthetic-qual")).first()
    if qual is None:
        qual = Qualification(
            slug="synthetic-qual",
            title="Synthetic Qualification",
            eqf_level=6,
            ects_required=Decimal(30),
        )
        session.add(qual)
        session.flush()
    qual_id = saved_id(qual)

    start_id = int(
        session.execute(sa.select(sa.func.coalesce(sa.func.max(Offering.id), 0))).scalar_one()
    )
    languages = list(vocab.LANGUAGES)
    forms = list(vocab.PARTICIPATION_FORMS)
    assessments = list(vocab.ASSESSMENT_TYPES)
    # Building a validated model per row costs more than the insert itself, so one model
    # gives the column defaults and each row is a plain dict built on top of them.
    template = Offering(slug="", university_id=0, title="", ects=Decimal(1), eqf_level=1)
    defaults = template.model_dump(exclude={"id", "uuid", "created_at", "updated_at"})
    made = 0
    base_day = date(2027, 1, 1)
    while made < n:
        rows: list[dict[str, Any]] = []
        links: list[dict[str, int]] = []
        now = utcnow()
        for _ in range(min(batch, n - made)):
            made += 1
            uni_id, uni_name = rng.choice(unis)
            topic = rng.choice(_TOPICS)
            title = f"{rng.choice(_ADJECTIVES)} {topic} {start_id + made}"
            outcomes = [f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)} in {topic}" for _ in range(3)]
            self_paced = rng.random() < 0.3
            start = None if self_paced else base_day + timedelta(days=rng.randrange(0, 365))
            currency = rng.choice(("PLN", "EUR"))
            row = dict(defaults)
            row.update(
                id=start_id + made,
                uuid=uuid4(),
                created_at=now,
                updated_at=now,
                slug=f"synthetic-{start_id + made}",
                university_id=uni_id,
                title=title,
                summary=f"A synthetic course on {topic}.",
                learning_outcomes=outcomes,
                esco_skills=[],
                ects=Decimal(rng.choice(("1", "2", "2.5", "3", "4", "5", "6"))),
                eqf_level=rng.randint(4, 7),
                language=rng.choice(languages),
                participation_form=rng.choice(forms),
                assessment_type=rng.choice(assessments),
                price_minor=rng.randrange(0, 300_000, 100)
                if currency == "PLN"
                else rng.randrange(0, 70_000, 100),
                currency=currency,
                start_date=start,
                end_date=start + timedelta(days=42) if start else None,
                self_paced=self_paced,
                seat_capacity=None if self_paced else rng.choice((20, 30, 50, 100)),
                status="published",
            )
            row["search_title"], row["search_body"] = search_words(
                row["title"], row["summary"], row["learning_outcomes"], row["esco_skills"], uni_name
            )
            rows.append(row)
            if rng.random() < 0.02:
                links.append({"qualification_id": qual_id, "offering_id": start_id + made})
        session.execute(sa.insert(table_of(Offering)), rows)
        if links:
            session.execute(sa.insert(table_of(QualificationOffering)), links)
    session.flush()
    return made
