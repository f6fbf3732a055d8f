"""A grade and the credential's declared result agree: a percentage, at least the pass mark.

Every credential says its result is a `Percent` from 0 to 100 with a required value of
50; a grade of "B+" or "30" would be signed into a credential that contradicts itself.
Staff get a clear message, in the pass form and in the cohort file, and nothing is marked.
"""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from microcred_market.credentials import issuing
from microcred_market.credentials.models import IssuedCredential
from microcred_market.orders.models import Enrolment
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput
from microcred_market.platform.outbox import process_outbox
from microcred_market.vc import ob3
from tests.integration.credentials.test_credential_api import as_user
from tests.support.credential_world import World, make_world

pytestmark = pytest.mark.credentials


@pytest.fixture
def world(app_env: str) -> World:
    return make_world(app_env, learners=2, slug="gradeuni")


def _passed(url: str) -> int:
    with session_scope(url) as session:
        return session.execute(
            sa.select(sa.func.count())
            .select_from(Enrolment)
            .where(Enrolment.passed_at.is_not(None))
        ).scalar_one()


@pytest.mark.parametrize(
    ("grade", "words"),
    [
        ("B+", "percentage: a number from 0 to 100"),
        ("101", "percentage"),
        ("-5", "percentage"),
        ("87.555", "percentage"),
        ("30", "at least 50%"),
    ],
)
def test_the_pass_form_refuses_a_grade_the_credential_cannot_state(
    browser, world: World, grade: str, words: str
) -> None:
    as_user(browser, world.url, world.assessor_id)
    response = browser.post_form(
        f"/api/enrolments/{world.enrolments[0]}/pass", {"grade": grade, "back": "/"}
    )
    _, flash, _ = browser.landing(response)
    assert flash is not None and flash[0] == "error" and words in flash[1], flash
    assert _passed(world.url) == 0


def test_a_percent_grade_goes_into_the_credential_as_a_number_in_range(
    browser, world: World
) -> None:
    as_user(browser, world.url, world.assessor_id)
    response = browser.post_form(
        f"/api/enrolments/{world.enrolments[0]}/pass", {"grade": "87,5 %", "back": "/"}
    )
    _, flash, _ = browser.landing(response)
    assert flash is not None and flash[0] == "success", flash
    process_outbox(world.url)
    with session_scope(world.url) as session:
        document = json.loads(session.exec(select(IssuedCredential)).one().document)
    subject = document["credentialSubject"]
    declared = subject["achievement"]["resultDescription"][0]
    value = subject["result"][0]["value"]
    assert declared["resultType"] == "Percent"
    assert value == "87.5"
    assert float(declared["valueMin"]) <= float(value) <= float(declared["valueMax"])
    assert float(value) >= float(declared["requiredValue"])


def test_a_cohort_file_with_a_letter_grade_marks_nobody_and_names_the_line(
    browser, world: World
) -> None:
    as_user(browser, world.url, world.assessor_id)
    text = "email,grade\nlearner0@gradeuni.test,90\nlearner1@gradeuni.test,B+\n"
    response = browser.client.post(
        f"/api/staff/{world.slug}/results",
        files={"results": ("results.csv", text.encode(), "text/csv")},
        headers={"Origin": "http://front.test"},
        follow_redirects=False,
    )
    _, flash, _ = browser.landing(response)
    assert flash is not None and flash[0] == "error", flash
    assert "line 3: the grade B+ is not a percentage from 0 to 100" in flash[1]
    assert _passed(world.url) == 0


@given(st.text(max_size=12))
def test_any_grade_accepted_is_a_percentage_the_credential_allows(raw: str) -> None:
    try:
        grade = issuing.clean_grade(raw)
    except InvalidInput:
        return
    if grade is None:
        assert raw.strip() == ""
        return
    assert ob3.RESULT_REQUIRED <= float(grade) <= ob3.RESULT_MAX
    assert grade.replace(".", "", 1).isdigit()
