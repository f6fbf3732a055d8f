"""What the pages say: the rule in words for everyone, a learner's progress with ticks and
ways to finish, My qualifications, and the staff rule editor refusing per node."""

from __future__ import annotations

import json

import pytest

from microcred_market.accounts import authz
from microcred_market.assessments import decisions
from microcred_market.platform.db import session_scope
from microcred_market.platform.outbox import process_outbox
from microcred_market.ui.pages.stacking.mine import _rows as my_rows
from microcred_market.ui.pages.stacking.progress import _load as progress_load
from microcred_market.ui.pages.stacking.staff_rules import _rows as staff_rows
from microcred_market.ui.pages.stacking.staff_rules import _save as staff_save
from tests.support.stacking_world import QUALIFICATION, RULE, StackWorld, make_stack_world

# The pages read through the same services on both engines (see test_award.py).
pytestmark = [pytest.mark.stacking, pytest.mark.parametrize("fresh_url", ["sqlite"], indirect=True)]


@pytest.fixture
def world(app_env: str) -> StackWorld:
    world = make_stack_world(app_env, learners=1)
    with session_scope(app_env) as session:
        decisions.decide(
            session,
            principal=authz.principal_for(session, world.assessor_id),
            enrolment_uuid=world.enrolments[(0, "stack-a")],
        )
    for _ in range(4):
        process_outbox(app_env)
    return world


def test_the_qualification_page_shows_the_rule_and_the_learners_progress(world: StackWorld) -> None:
    with session_scope(world.url) as session:
        anonymous = progress_load(session, QUALIFICATION, None, "en")
        mine = progress_load(session, QUALIFICATION, world.learners[0], "en")
        polish = progress_load(session, QUALIFICATION, world.learners[0], "pl")
    assert anonymous["has_rule"] and "nodes" not in anonymous
    assert [line["text"] for line in anonymous["rule_lines"]] == [
        "All of these:",
        "Electives: any 2 of 3",
        "Course A (2 ECTS)",
        "Course B (2 ECTS)",
        "Course C (2 ECTS)",
        "At least 3 ECTS from:",
        "Course D (3 ECTS)",
    ]
    assert anonymous["rule_facts"] == "Awarded by Stack University · PRK level 5"
    assert mine["missing"] == "1 of 2 electives; 3 of 3 ECTS still needed"
    assert mine["ects_text"] == "2 of 7 ECTS"
    ticks = {n["text"]: (n["mark"], n["detail"], n["counted"]) for n in mine["nodes"]}
    assert ticks["Course A (2 ECTS)"] == ("✓", "2 of 2 ECTS", "Counts here: Course A")
    assert ticks["Electives: any 2 of 3"][:2] == ("○", "1 of 2")
    assert ticks["Course D (3 ECTS)"][0] == "○"
    assert [o["title"] for o in mine["cheapest"]] == ["Course C", "Course D"]
    assert "Together" in mine["cheapest_total"]
    assert [o["title"] for o in mine["soonest"]] == ["Course B", "Course D"]
    assert {o["seats"] for o in mine["soonest"]} == {"Unlimited seats"} or mine["soonest"]
    assert polish["missing"].startswith("1 z 2 przedmiotów obieralnych")
    assert polish["rule_lines"][1]["text"] == "Przedmioty obieralne: dowolne 2 z 3"


def test_my_qualifications_lists_what_the_credentials_count_toward(world: StackWorld) -> None:
    with session_scope(world.url) as session:
        (row,) = my_rows(session, world.learners[0], "en")
    assert row["title"] == "Data Stack Certificate"
    assert row["ects"] == "2 of 7 ECTS"
    assert row["missing"] == "1 of 2 electives; 3 of 3 ECTS still needed"


def test_the_staff_editor_saves_and_refuses_node_by_node(world: StackWorld) -> None:
    with session_scope(world.url) as session:
        owner = authz.principal_for(session, world.owner_id)
        (row,) = staff_rows(session, owner, "stack-uni", "en")
    assert json.loads(row["json"]) == RULE
    assert "Electives: any 2 of 3" in row["words"]
    bad = json.loads(row["json"])
    bad["root"]["children"][0]["n"] = 5
    bad["root"]["children"][0]["children"][1]["id"] = "a"
    form = {"qualification": QUALIFICATION, "rule": json.dumps(bad), "prk": "5", "kind": "Diploma"}
    with session_scope(world.url) as session:
        kind, text = staff_save(session, world.owner_id, "stack-uni", form, "en")
    assert kind == "error"
    lines = text.splitlines()
    assert lines[0] == "The rule was not saved: 2 problems."
    assert (
        lines[1].startswith("electives: ") and lines[2] == "a: Another node already has the id a."
    )
    form["rule"] = json.dumps(RULE)
    with session_scope(world.url) as session:
        assert staff_save(session, world.owner_id, "stack-uni", form, "en") == (
            "success",
            "The rule of Data Stack Certificate is saved.",
        )
    with session_scope(world.url) as session:
        kind, text = staff_save(session, world.outsider_id, "stack-uni", form, "en")
    assert kind == "error"
