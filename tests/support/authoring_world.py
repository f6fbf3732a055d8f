"""The assessed world plus an owner and an editor who author its assessment."""

from __future__ import annotations

from dataclasses import dataclass

from microcred_market.accounts import authz
from microcred_market.accounts.models import StaffRole, User
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope
from tests.support.assessment_world import AssessedWorld, make_assessed_world


@dataclass
class AuthoringWorld:
    aw: AssessedWorld
    owner: authz.Principal
    editor: authz.Principal
    assessor: authz.Principal
    outsider: authz.Principal

    @property
    def url(self) -> str:
        return self.aw.world.url

    @property
    def offering(self) -> str:
        return f"{self.aw.world.slug}-data"


def make_authoring_world(url: str, slug: str = "authuni") -> AuthoringWorld:
    aw = make_assessed_world(url, learners=1, slug=slug)
    with session_scope(url) as session:
        people = {}
        for role in ("owner", "editor"):
            user = User(
                email=f"{role}@{slug}.test", display_name=role.title(), email_verified_at=utcnow()
            )
            session.add(user)
            session.flush()
            session.add(StaffRole(user_id=user.id, university_id=aw.world.university_id, role=role))
            people[role] = user.id
        session.flush()
        return AuthoringWorld(
            aw=aw,
            owner=authz.principal_for(session, people["owner"]),
            editor=authz.principal_for(session, people["editor"]),
            assessor=authz.principal_for(session, aw.world.assessor_id),
            outsider=authz.principal_for(session, aw.world.outsider_id),
        )


def single(qid: str, points: int = 1) -> dict:
    return {
        "id": qid,
        "kind": "single",
        "prompt": f"Which one is right ({qid})?",
        "points": points,
        "choices": [{"id": "a", "text": "This one"}, {"id": "b", "text": "That one"}],
        "key": {"correct": "a"},
    }


RUBRIC = {
    "criteria": [
        {
            "id": "quality",
            "title": "Quality of the analysis",
            "levels": [
                {"points": 0, "descriptor": "Missing"},
                {"points": 2, "descriptor": "Partly right"},
                {"points": 4, "descriptor": "Right and explained"},
            ],
        }
    ]
}
