"""Two universities, a qualification of "2 of 3 electives" awarded by the first, learners."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from microcred_market.accounts.models import StaffRole, User
from microcred_market.catalogue.models import (
    Offering,
    Qualification,
    QualificationOffering,
    QualificationUniversity,
    University,
)
from microcred_market.orders.models import Enrolment
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope
from microcred_market.stacking.models import QualificationRule

QUALIFICATION = "data-stack"
RULE = {
    "version": 1,
    "root": {
        "kind": "all_of",
        "id": "all",
        "children": [
            {
                "kind": "n_of",
                "id": "electives",
                "n": 2,
                "label": "electives",
                "children": [
                    {"kind": "offering", "id": "a", "ref": "stack-a", "ects": "2"},
                    {"kind": "offering", "id": "b", "ref": "stack-b", "ects": "2"},
                    {"kind": "offering", "id": "c", "ref": "stack-c", "ects": "2"},
                ],
            },
            {
                "kind": "min_ects",
                "id": "practice",
                "ects": "3",
                "children": [{"kind": "offering", "id": "d", "ref": "stack-d", "ects": "3"}],
            },
        ],
    },
}


@dataclass
class StackWorld:
    url: str
    awarding_id: int
    owner_id: int
    assessor_id: int
    other_assessor_id: int
    outsider_id: int
    learners: list[int]
    # enrolment uuid per (learner index, offering slug)
    enrolments: dict[tuple[int, str], str] = field(default_factory=dict)


def make_stack_world(url: str, learners: int = 2, with_rule: bool = True) -> StackWorld:
    with session_scope(url) as session:
        awarding = University(
            slug="stack-uni",
            name="Stack University",
            country_code="PL",
            city="Kraków",
            website="https://stack.example",
            quality_assurance="PKA",
            approved=True,
        )
        other = University(
            slug="stack-other",
            name="Other Stack University",
            country_code="DE",
            city="Berlin",
            website="https://other-stack.example",
            approved=True,
        )
        session.add_all([awarding, other])
        session.flush()
        offerings = {}
        for slug, uni, ects, price, start in (
            ("stack-a", awarding, "2", 10000, None),
            ("stack-b", awarding, "2", 20000, None),
            ("stack-c", awarding, "2", 5000, "2030-03-01"),
            ("stack-d", other, "3", 30000, None),
        ):
            offerings[slug] = Offering(
                slug=slug,
                university_id=uni.id,
                title=f"Course {slug[-1].upper()}",
                summary="A part.",
                learning_outcomes=["Does a thing"],
                ects=Decimal(ects),
                eqf_level=5,
                language="en",
                participation_form="online",
                assessment_type="test",
                quality_assurance="QA",
                status="published",
                price_minor=price,
                currency="PLN",
                self_paced=start is None,
                start_date=None if start is None else date.fromisoformat(start),
            )
        session.add_all(offerings.values())
        qualification = Qualification(
            slug=QUALIFICATION,
            title="Data Stack Certificate",
            eqf_level=5,
            ects_required=Decimal(8),
            description="Adds up.",
            language="en",
        )
        session.add(qualification)
        people = {
            name: User(
                email=f"{name}@stack.test", display_name=name.title(), email_verified_at=utcnow()
            )
            for name in ("owner", "assessor", "otherassessor", "outsider")
        }
        learner_rows = [
            User(
                email=f"learner{i}@stack.test",
                display_name=f"Learner {i}",
                email_verified_at=utcnow(),
            )
            for i in range(learners)
        ]
        session.add_all([*people.values(), *learner_rows])
        session.flush()
        for uni in (awarding, other):
            session.add(
                QualificationUniversity(qualification_id=qualification.id, university_id=uni.id)
            )
        for offering in offerings.values():
            session.add(
                QualificationOffering(qualification_id=qualification.id, offering_id=offering.id)
            )
        session.add(StaffRole(user_id=people["owner"].id, university_id=awarding.id, role="owner"))
        session.add(
            StaffRole(user_id=people["assessor"].id, university_id=awarding.id, role="assessor")
        )
        session.add(
            StaffRole(user_id=people["otherassessor"].id, university_id=other.id, role="owner")
        )
        session.add(StaffRole(user_id=people["outsider"].id, university_id=other.id, role="editor"))
        if with_rule:
            session.add(
                QualificationRule(
                    qualification_id=qualification.id,
                    university_id=awarding.id,
                    rule=RULE,
                    prk_level=5,
                    achievement_type="Certificate",
                )
            )
        world = StackWorld(
            url=url,
            awarding_id=awarding.id,
            owner_id=people["owner"].id,
            assessor_id=people["assessor"].id,
            other_assessor_id=people["otherassessor"].id,
            outsider_id=people["outsider"].id,
            learners=[p.id for p in learner_rows],
        )
        for i, learner in enumerate(learner_rows):
            for slug, offering in offerings.items():
                enrolment = Enrolment(user_id=learner.id, offering_id=offering.id)
                session.add(enrolment)
                session.flush()
                world.enrolments[(i, slug)] = str(enrolment.uuid)
        return world
