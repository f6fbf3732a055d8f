"""Goals: a learner pins a qualification, "My progress" shows it before anything counts,
the catalogue says which offerings would move it forward (and stops saying so for the
ones that no longer help), and the pin is personal data (exported, erased)."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from microcred_market.accounts import personal_data
from microcred_market.catalogue.models import Qualification
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.stacking import goals
from microcred_market.stacking.models import QualificationGoal
from microcred_market.ui.pages.stacking.dashboard import dashboard
from microcred_market.ui.pages.stacking.progress import _load as progress_load
from tests.integration.stacking.test_award import pass_part
from tests.support.stacking_world import QUALIFICATION, StackWorld, make_stack_world

pytestmark = [pytest.mark.stacking, pytest.mark.parametrize("fresh_url", ["sqlite"], indirect=True)]

TITLE = "Data Stack Certificate"


@pytest.fixture
def world(app_env: str) -> StackWorld:
    from microcred_market import wiring

    wiring.wire()  # the personal-data sections are registered at start-up
    return make_stack_world(app_env, learners=2)


def _pin(world: StackWorld, learner: int = 0, slug: str = QUALIFICATION) -> None:
    with session_scope(world.url) as session:
        goals.pin(session, world.learners[learner], slug)


def _toward(world: StackWorld, learner: int = 0) -> dict[str, list[str]]:
    with session_scope(world.url) as session:
        return goals.offerings_toward_goals(session, world.learners[learner])


def _dashboard(world: StackWorld, learner: int = 0, lang: str = "en") -> dict:
    with session_scope(world.url) as session:
        return dashboard(session, world.learners[learner], lang)


def test_a_pinned_goal_shows_before_anything_counts_and_goes_when_unpinned(
    world: StackWorld,
) -> None:
    assert _dashboard(world)["cards"] == []
    _pin(world)
    _pin(world)  # twice is once
    (card,) = _dashboard(world)["cards"]
    assert (card["title"], card["ects"], card["pinned"], card["percent"]) == (
        TITLE,
        "0 of 7 ECTS",
        "yes",
        "0",
    )
    assert card["missing"] == "0 of 2 electives; 3 of 3 ECTS still needed"
    (bar,) = _dashboard(world)["bars"]
    assert (bar["earned"], bar["left"]) == (0.0, 7.0)
    assert _dashboard(world, lang="pl")["cards"][0]["ects"] == "0 z 7 ECTS"
    # the other learner's page knows nothing of this goal
    assert _dashboard(world, learner=1)["cards"] == []
    assert _toward(world, learner=1) == {}
    with session_scope(world.url) as session:
        goals.unpin(session, world.learners[0], QUALIFICATION)
        goals.unpin(session, world.learners[0], "no-such-qualification")  # harmless
    assert _dashboard(world)["cards"] == []


def test_the_catalogue_marks_what_still_helps_and_stops_when_a_group_is_met(
    world: StackWorld,
) -> None:
    assert _toward(world) == {}  # no goal, no marks
    _pin(world)
    assert _toward(world) == {
        slug: [TITLE] for slug in ("stack-a", "stack-b", "stack-c", "stack-d")
    }
    pass_part(world, "stack-a")
    assert set(_toward(world)) == {"stack-b", "stack-c", "stack-d"}  # A is held
    pass_part(world, "stack-b")
    # "2 of 3 electives" is met by A and B: a third elective does not help; D still does
    assert set(_toward(world)) == {"stack-d"}
    view = _dashboard(world)
    (card,) = view["cards"]
    assert card["ects"] == "4 of 7 ECTS"
    assert [(m["cell_ects"]) for m in view["months"]][-1] == "4"
    assert view["bars"][0]["cell_left"] == "3"
    pass_part(world, "stack-d")
    assert _toward(world) == {}  # met: nothing more to suggest
    (card,) = _dashboard(world)["cards"]
    assert card["percent"] == "100" and card["missing"] == ""


def test_only_a_qualification_with_rules_can_be_pinned_and_goals_are_bounded(
    world: StackWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    with session_scope(world.url) as session:
        session.add(
            Qualification(
                slug="no-rules-yet",
                title="Unruled",
                eqf_level=5,
                ects_required=Decimal(5),
                language="en",
                description="-",
            )
        )
    for slug in ("no-rules-yet", "not-a-qualification"):
        with pytest.raises(NotFound), session_scope(world.url) as session:
            goals.pin(session, world.learners[0], slug)
    monkeypatch.setattr(goals, "MAX_GOALS", 0)
    with pytest.raises(InvalidInput) as refused, session_scope(world.url) as session:
        goals.pin(session, world.learners[0], QUALIFICATION)
    assert "at most 0" in refused.value.text("en")
    with session_scope(world.url) as session:
        assert session.execute(sa.select(sa.func.count(QualificationGoal.id))).scalar_one() == 0


def test_the_qualification_page_says_whether_it_is_a_goal(world: StackWorld) -> None:
    with session_scope(world.url) as session:
        assert progress_load(session, QUALIFICATION, world.learners[0], "en")["pinned"] is False
        assert "pinned" not in progress_load(session, QUALIFICATION, None, "en")
    _pin(world)
    with session_scope(world.url) as session:
        assert progress_load(session, QUALIFICATION, world.learners[0], "en")["pinned"] is True


def test_goals_are_exported_and_erased_with_the_account(world: StackWorld) -> None:
    _pin(world)
    _pin(world, learner=1)
    with session_scope(world.url) as session:
        sections = personal_data.export_sections(session, world.learners[0])
    assert [g["qualification"] for g in sections["goals"]] == [QUALIFICATION]
    with session_scope(world.url) as session:
        personal_data.erase_everywhere(session, world.learners[0])
    with session_scope(world.url) as session:
        owners = session.execute(sa.select(QualificationGoal.user_id)).scalars().all()
    assert owners == [world.learners[1]]
