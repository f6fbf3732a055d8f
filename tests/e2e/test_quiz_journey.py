"""A learner takes a timed quiz on a phone with the keyboard only: start, answer, reload, submit."""

from __future__ import annotations

import re
from uuid import UUID

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from tests.e2e.support import PHONE, scroll_width, shot

PASSWORD = "quizzes are fair on fridays"


def _learner(url: str) -> str:
    from microcred_market.accounts import passwords
    from microcred_market.accounts.models import User
    from microcred_market.platform.db import session_scope
    from tests.support.assessment_world import make_assessed_world
    from tests.support.quiz_world import add_questions, question

    aw = make_assessed_world(url, learners=1, slug="e2e-phone-quiz", moderated=False)
    add_questions(
        url,
        aw.quiz_id,
        [question("q_pick"), question("q_num", "numeric"), question("q_tf", "truefalse")],
        one_per_screen=False,
    )
    with session_scope(url) as session:
        user = session.get(User, aw.world.learners[0])
        assert user is not None
        user.password_hash = passwords.hash_password(PASSWORD)
        user.email = "quiz.learner@e2e-phone-quiz.example.org"  # the world's .test is no address
        return user.email


def _tab_to(page: Page, selector: str, limit: int = 60) -> None:
    """Press Tab until `selector` has the focus: only the keyboard moves it."""
    for _ in range(limit):
        if page.evaluate(f"document.activeElement?.matches({selector!r}) ?? false"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.e2e
@pytest.mark.assessments
def test_a_timed_quiz_on_a_phone_with_the_keyboard(phone_page: Page, e2e_database_url: str) -> None:
    from microcred_market.assessments.models import QuizAnswer, QuizAttempt
    from microcred_market.platform.db import session_scope

    page = phone_page
    email = _learner(e2e_database_url)
    page.goto("/signin?next=/learning")
    page.fill("#field-email", email)
    page.fill("#field-password", PASSWORD)
    page.click("#signin-submit")
    start = page.locator("button.quiz-start")
    expect(start).to_be_visible()
    start.focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/assess/quiz/[0-9a-f-]{36}$"))
    attempt = page.url.rsplit("/", 1)[1]
    clock = page.locator("#quiz-clock")
    expect(clock).to_have_text(re.compile(r"^(29|30):[0-5]\d$"))
    assert scroll_width(page) <= PHONE["width"]

    # A choice with Tab and Space, a number typed and left with Tab: both saved.
    _tab_to(page, "#question-q_pick input")
    page.keyboard.press("Space")
    expect(page.locator("#quiz-saved")).to_contain_text("Saved at")
    _tab_to(page, "#quiz-q_num-answer")
    page.keyboard.type("3,14")
    page.keyboard.press("Tab")
    expect(page.locator("#quiz-progress")).to_contain_text("2 / 3")
    shot(page, "phone-quiz")
    with session_scope(e2e_database_url) as session:
        # This attempt's answers only: other journeys share the browser database.
        saved = {
            r.question_ident: r.answer
            for r in session.execute(
                sa.select(QuizAnswer)
                .join(QuizAttempt, QuizAttempt.id == QuizAnswer.attempt_id)
                .where(QuizAttempt.uuid == UUID(attempt))
            ).scalars()
        }
    assert saved["q_num"] == "3.14" and len(saved) == 2

    # A reload (or a dropped connection) resumes the same attempt with its answers.
    page.reload()
    expect(page.locator("#quiz-q_num-answer")).to_have_value("3.14")
    expect(page.locator("#question-q_pick input:checked")).to_have_count(1)
    expect(page.locator("#quiz-progress")).to_contain_text("2 / 3")

    # Submit, confirmed in the dialog, with the keyboard.
    _tab_to(page, "#quiz-submit")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alertdialog")).to_be_visible()
    expect(page.locator("#quiz-submit-count")).to_contain_text("2 / 3")
    _tab_to(page, "#quiz-submit-confirm", limit=5)
    page.keyboard.press("Enter")
    expect(page.locator("#quiz-closed")).to_contain_text("submitted")
    with session_scope(e2e_database_url) as session:
        row = session.execute(
            sa.select(QuizAttempt).where(QuizAttempt.uuid == UUID(attempt))
        ).scalar_one()
        assert row.status == "submitted" and row.max_points == 3
