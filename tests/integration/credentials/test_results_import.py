"""Staff pass a cohort from a CSV file: all lines or none, with the lines to fix."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import select

from microcred_market.credentials.models import IssuedCredential
from microcred_market.orders.models import Enrolment
from microcred_market.platform.db import session_scope
from microcred_market.platform.outbox import process_outbox
from tests.integration.credentials.test_credential_api import as_user
from tests.support.credential_world import World, make_world

pytestmark = pytest.mark.credentials


@pytest.fixture
def world(app_env: str) -> World:
    return make_world(app_env, learners=4, slug="csvuni")


def upload(browser, world: World, text: str, origin: str = "http://front.test"):
    return browser.client.post(
        f"/api/staff/{world.slug}/results",
        files={"results": ("results.csv", text.encode(), "text/csv")},
        headers={"Origin": origin},
        follow_redirects=False,
    )


def passed(url: str) -> int:
    with session_scope(url) as session:
        return session.execute(
            sa.select(sa.func.count())
            .select_from(Enrolment)
            .where(Enrolment.passed_at.is_not(None))
        ).scalar_one()


def test_a_cohort_file_passes_everyone_and_credentials_follow(browser, world: World) -> None:
    as_user(browser, world.url, world.assessor_id)
    text = "\ufeffE-mail;Ocena\n" + "".join(f"LEARNER{i}@csvuni.test;{80 + i}\n" for i in range(4))
    path, flash, _ = browser.landing(upload(browser, world, text))
    assert (
        path == "/staff/csvuni/learners"
        and flash[0] == "success"
        and "Marked 4 learners passed" in flash[1]
    )
    process_outbox(world.url)
    with session_scope(world.url) as session:
        rows = session.exec(select(IssuedCredential)).all()
        grades = sorted(e.grade for e in session.exec(select(Enrolment)).all())
    assert len(rows) == 4 and grades == ["80", "81", "82", "83"]


def test_one_bad_line_marks_nobody_and_names_the_line(browser, world: World) -> None:
    as_user(browser, world.url, world.assessor_id)
    text = "email,grade\nlearner0@csvuni.test,90\nnobody@else.test,70\nlearner0@csvuni.test,91\n"
    _, flash, _ = browser.landing(upload(browser, world, text))
    assert flash[0] == "error"
    assert "line 3: nobody@else.test has no open enrolment" in flash[1]
    assert "line 4: learner0@csvuni.test appears twice" in flash[1]
    assert passed(world.url) == 0


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"\x00\x01binary", "not a CSV"),
        (b"\xff\xfe\x00bad", "UTF-8"),
        (b"name,grade\nx,1\n", "name the columns"),
        (b"email,grade\n", "no learners"),
    ],
)
def test_files_that_are_not_results_get_a_clear_message(browser, world: World, body, words) -> None:
    as_user(browser, world.url, world.assessor_id)
    response = browser.client.post(
        f"/api/staff/{world.slug}/results",
        files={"results": ("r.csv", body, "text/csv")},
        headers={"Origin": "http://front.test"},
        follow_redirects=False,
    )
    _, flash, _ = browser.landing(response)
    assert flash[0] == "error" and words in flash[1], flash
    assert passed(world.url) == 0


def test_only_assessing_staff_of_that_university_and_same_origin(browser, world: World) -> None:
    text = "email\nlearner0@csvuni.test\n"
    as_user(browser, world.url, world.outsider_id)
    assert browser.landing(upload(browser, world, text))[1][0] == "error"
    as_user(browser, world.url, world.assessor_id)
    assert (
        browser.landing(upload(browser, world, text, origin="https://evil.example"))[1][0]
        == "error"
    )
    assert passed(world.url) == 0
    big = "email\n" + "x" * 1_100_000
    assert "1 MB" in browser.landing(upload(browser, world, big))[1][1]
