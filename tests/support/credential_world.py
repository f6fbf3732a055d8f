"""A university with an offering that has every EU element, its staff and enrolled learners."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from microcred_market.accounts.models import StaffRole, User
from microcred_market.catalogue.models import (
    Offering,
    Qualification,
    QualificationOffering,
    University,
)
from microcred_market.orders.models import Enrolment
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope


@dataclass
class World:
    url: str
    university_id: int
    slug: str
    offering_id: int
    assessor_id: int
    outsider_id: int
    learners: list[int]
    enrolments: list[str]


def make_world(url: str, learners: int = 3, slug: str = "uni-krakow") -> World:
    with session_scope(url) as session:
        uni = University(
            slug=slug,
            name="Uniwersytet Krakowski",
            country_code="PL",
            city="Kraków",
            website="https://uni.example",
            quality_assurance="Internal QA of the university, accredited by PKA",
            approved=True,
        )
        other = University(
            slug=f"{slug}-other",
            name="Other University",
            country_code="DE",
            city="Berlin",
            website="https://other.example",
            approved=True,
        )
        session.add_all([uni, other])
        session.flush()
        offering = Offering(
            slug=f"{slug}-data",
            university_id=uni.id,
            title="Analiza danych w Pythonie",
            summary="Clean and chart real data.",
            learning_outcomes=["Cleans a messy CSV file", "Draws a readable chart"],
            esco_skills=[{"uri": "http://data.europa.eu/esco/skill/python", "label": "Python"}],
            ects=Decimal("2.50"),
            eqf_level=5,
            nqf_level=5,
            nqf_framework="PRK",
            language="pl",
            participation_form="blended",
            assessment_type="project",
            supervision="supervised-online-id",
            prerequisites="Basic spreadsheet skills",
            quality_assurance="Internal QA, accredited by PKA",
            status="published",
        )
        session.add(offering)
        qualification = Qualification(
            slug=f"{slug}-diploma",
            title="Data diploma",
            eqf_level=5,
            ects_required=Decimal(10),
        )
        session.add(qualification)
        assessor = User(
            email=f"assessor@{slug}.test", display_name="Anna Assessor", email_verified_at=utcnow()
        )
        outsider = User(
            email=f"outsider@{slug}.test", display_name="Otto Outsider", email_verified_at=utcnow()
        )
        people = [
            User(
                email=f"learner{i}@{slug}.test",
                display_name=f"Łucja Nowak {i}",
                email_verified_at=utcnow(),
            )
            for i in range(learners)
        ]
        session.add_all([assessor, outsider, *people])
        session.flush()
        session.add(
            QualificationOffering(qualification_id=qualification.id, offering_id=offering.id)
        )
        session.add(StaffRole(user_id=assessor.id, university_id=uni.id, role="assessor"))
        session.add(StaffRole(user_id=outsider.id, university_id=other.id, role="owner"))
        rows = [Enrolment(user_id=p.id, offering_id=offering.id) for p in people]
        session.add_all(rows)
        session.flush()
        return World(
            url=url,
            university_id=uni.id,
            slug=slug,
            offering_id=offering.id,
            assessor_id=assessor.id,
            outsider_id=outsider.id,
            learners=[p.id for p in people],
            enrolments=[str(r.uuid) for r in rows],
        )
