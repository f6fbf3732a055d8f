"""An author saves a draft before choosing its EQF level: the level is a mandatory EU
element of what is published, not of a first sketch. The database itself keeps every
published offering at a level from 1 to 8."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from microcred_market.catalogue import authoring
from microcred_market.catalogue.models import Offering
from microcred_market.platform import audit
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput
from tests.conftest import migrated
from tests.support.portal_world import university

pytestmark = [pytest.mark.portal, pytest.mark.catalogue]

ACTOR = audit.Actor(name="test")
# What the editor's new-offering form sends before the author has chosen a level.
SKETCH = {
    "title": "Wodór w transporcie",
    "eqf_level": "",
    "currency": "PLN",
    "participation_form": "online",
    "assessment_type": "project",
    "supervision": "supervised-no-id",
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest) -> str:
    return migrated(request.getfixturevalue(f"empty_{request.param}_url"))


def _level(url: str, slug: str) -> tuple[int, str]:
    with session_scope(url) as session:
        row = session.execute(
            sa.select(Offering.eqf_level, Offering.status).where(Offering.slug == slug)
        ).one()
        return row[0], row[1]


def test_a_draft_without_a_level_is_saved_and_publishing_names_the_level(url: str) -> None:
    uni = university(url, "uni-a")
    sketch = authoring.OfferingInput.from_form(SKETCH, [], [])
    with session_scope(url) as session:
        saved = authoring.create_offering(session, uni, ACTOR, sketch)
    assert saved.status == "draft"
    assert "error.catalogue.eu_element.eqf_level" in [p.key for p in saved.missing]
    assert _level(url, saved.slug) == (0, "draft")
    # Its edit form shows no level chosen, not "0".
    with session_scope(url) as session:
        view = authoring.editor_view(session, uni, saved.slug)
    assert view.values["eqf_level"] == ""

    with pytest.raises(InvalidInput) as refused, session_scope(url) as session:
        authoring.publish(session, uni, ACTOR, saved.slug)
    assert "EQF" in refused.value.text("en") and "EQF" in refused.value.text("pl")
    assert _level(url, saved.slug) == (0, "draft")

    # Archived and restored without a level: still a draft that says what it lacks.
    with session_scope(url) as session:
        authoring.archive(session, uni, ACTOR, saved.slug)
    assert _level(url, saved.slug) == (0, "archived")
    with session_scope(url) as session:
        restored = authoring.restore(session, uni, ACTOR, saved.slug)
    assert "error.catalogue.eu_element.eqf_level" in [p.key for p in restored.missing]

    # A level out of range is still refused by name, even in a draft.
    with pytest.raises(InvalidInput) as bad, session_scope(url) as session:
        authoring.update_offering(
            session,
            uni,
            ACTOR,
            saved.slug,
            authoring.OfferingInput.from_form(dict(SKETCH, eqf_level="9"), [], []),
        )
    assert "EQF" in bad.value.text("en")


def test_the_database_refuses_a_published_offering_without_a_level(url: str) -> None:
    university(url, "uni-a")
    with pytest.raises(sa.exc.IntegrityError), session_scope(url) as session:
        session.execute(
            sa.update(Offering).where(Offering.slug == "course-uni-a").values(eqf_level=0)
        )
    assert _level(url, "course-uni-a") == (6, "published")
    with pytest.raises(sa.exc.IntegrityError), session_scope(url) as session:
        session.execute(
            sa.update(Offering).where(Offering.slug == "course-uni-a").values(eqf_level=9)
        )
