"""Assessment to credential in a real browser: the three journeys of issue 13.

(a) an enrolled learner opens their assessment from My learning, takes the quiz, passes,
    and finds the credential in the wallet;
(b) recognition of prior learning: the learner hands in an evidence portfolio, one
    assessor marks it and asks for a second marker, a second assessor marks it, the owner
    releases the batch, the credential says it was recognition of prior learning;
(c) a failed attempt: the results page says "not passed" and offers the retake, which
    passes.

The worlds are built with the services in the app's database; the enrolments exist
already (the checkout journey covers buying). The outbox is run by the test where a
credential is to be issued, as in the credentials journey.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import PHONE, scroll_width

pytestmark = [pytest.mark.e2e, pytest.mark.assessments]

PASSWORD = "plums are purple on tuesdays"
QUIZ_SLUG = "e2e-quiz"
RPL_SLUG = "e2e-rpl"
QUESTIONS = ("q0", "q1")


@dataclass
class Worlds:
    url: str
    quiz_learners: list[str]  # e-mails: [0] passes at once, [1] fails then retakes
    quiz_enrolments: list[str]
    rpl_learner: str
    rpl_enrolment: str
    assessors: list[str]
    owner: str


def _people(session, ids: list[int]) -> list[str]:
    from microcred_market.accounts import passwords
    from microcred_market.accounts.models import User

    emails = []
    for user_id in ids:
        user = session.get(User, user_id)
        user.password_hash = passwords.hash_password(PASSWORD)
        # Sign-in validates addresses, and ".test" is a special-use domain it refuses.
        user.email = user.email.replace(".test", ".example.org")
        session.add(user)
        emails.append(user.email)
    return emails


@pytest.fixture(scope="module")
def worlds(base_url: str, e2e_database_url: str) -> Worlds:
    from sqlmodel import select

    from microcred_market.accounts.models import StaffRole, User
    from microcred_market.assessments.models import Assessment, AssessmentComponent
    from microcred_market.catalogue.models import Offering
    from microcred_market.platform.clock import utcnow
    from microcred_market.platform.db import session_scope
    from tests.support.assessment_world import make_assessed_world
    from tests.support.quiz_world import add_questions, question

    url = e2e_database_url
    quiz = make_assessed_world(url, learners=2, slug=QUIZ_SLUG, moderated=False)
    rpl = make_assessed_world(url, learners=1, slug=RPL_SLUG, moderated=True)
    add_questions(
        url,
        quiz.quiz_id,
        [question(q) for q in QUESTIONS],
        attempts=2,
        delay_minutes=0,
        time_limit_minutes=20,
    )
    with session_scope(url) as session:
        for aw in (quiz, rpl):
            session.delete(session.get(AssessmentComponent, aw.oral_id))
        part = session.get(AssessmentComponent, quiz.quiz_id)
        part.weight = 100
        session.add(part)
        # (b): an assessment-only offering judged on an evidence portfolio with a rubric.
        offering = session.get(Offering, rpl.world.offering_id)
        offering.assessment_only = True
        offering.title = "Analiza danych: walidacja"
        portfolio = session.get(AssessmentComponent, rpl.quiz_id)
        portfolio.kind, portfolio.weight, portfolio.settings = "portfolio", 100, {}
        portfolio.title = "Evidence portfolio"
        portfolio.pass_rule = {"min_level": 1}
        portfolio.rubric = {
            "criteria": [
                {
                    "id": "evidence",
                    "title": "Evidence of each outcome",
                    "levels": [
                        {"points": 0, "descriptor": "Missing"},
                        {"points": 2, "descriptor": "Partly shown"},
                        {"points": 4, "descriptor": "Fully shown and checkable"},
                    ],
                }
            ]
        }
        session.add_all([offering, portfolio])
        assessment = session.get(Assessment, rpl.assessment_id)
        assessment.pass_rule = {"all_components": True}
        session.add(assessment)
        second = User(
            email="second@e2e-rpl.test", display_name="Bogna Second", email_verified_at=utcnow()
        )
        owner = User(
            email="owner@e2e-rpl.test", display_name="Olga Owner", email_verified_at=utcnow()
        )
        session.add_all([second, owner])
        session.flush()
        session.add(
            StaffRole(user_id=second.id, university_id=rpl.world.university_id, role="assessor")
        )
        session.add(
            StaffRole(user_id=owner.id, university_id=rpl.world.university_id, role="owner")
        )
        session.flush()
        quiz_people = _people(session, quiz.world.learners)
        (rpl_learner,) = _people(session, rpl.world.learners)
        staff = _people(session, [rpl.world.assessor_id, second.id or 0, owner.id or 0])
        assert session.exec(select(Assessment).where(Assessment.id == quiz.assessment_id)).one()
    return Worlds(
        url=url,
        quiz_learners=quiz_people,
        quiz_enrolments=list(quiz.world.enrolments),
        rpl_learner=rpl_learner,
        rpl_enrolment=rpl.world.enrolments[0],
        assessors=staff[:2],
        owner=staff[2],
    )


def sign_in(page: Page, email: str, next_path: str) -> None:
    page.goto(f"/signin?next={quote(next_path)}")
    page.fill("#field-email", email)
    page.fill("#field-password", PASSWORD)
    page.click("#signin-submit")
    # (On a phone the account link is in the folded menu: wait for the page asked for.)
    expect(page).to_have_url(re.compile(re.escape(next_path) + "/?$"))
    expect(page.locator("main .skeleton")).to_have_count(0)


def take_quiz(page: Page, right: bool) -> None:
    """From the results page: start (or retake) the quiz, answer, submit."""
    page.locator("#assessment-parts .quiz-start").click()
    expect(page).to_have_url(re.compile(r"/assess/quiz/[0-9a-f-]{36}/?$"))
    for q in QUESTIONS:
        choice = f"{q}_a" if right else f"{q}_b"
        page.locator(f"label[for='quiz-{q}-{choice}']").click()
        expect(page.locator(f"#quiz-{q}-{choice}")).to_be_checked()
    expect(page.locator("#quiz-saved")).to_be_visible()
    page.click("#quiz-submit")
    page.click("#quiz-submit-confirm")
    expect(page.locator("#quiz-closed")).to_be_visible()


def part_status(page: Page) -> str:
    return page.locator("#assessment-parts .part-status").first.get_attribute("data-status") or ""


def test_enrol_take_the_quiz_pass_and_find_the_credential(page: Page, worlds: Worlds) -> None:
    from microcred_market.platform.outbox import process_outbox

    sign_in(page, worlds.quiz_learners[0], "/learning")
    page.locator(".assessment-link").first.click()
    expect(page).to_have_url(re.compile(f"/assess/{worlds.quiz_enrolments[0]}/?$"))
    expect(page.locator("#assessment-parts .part-status")).to_have_text("Not started")
    take_quiz(page, right=True)
    process_outbox(worlds.url)  # the worker: the credential is signed
    page.goto(f"/assess/{worlds.quiz_enrolments[0]}")
    expect(page.locator("#overall")).to_have_attribute("data-state", "passed")
    expect(page.locator("#assessment-parts .part-score")).to_contain_text("100%")
    page.click("#overall-wallet")
    expect(page.locator("main")).to_contain_text("Analiza danych w Pythonie")


def test_a_failed_attempt_offers_the_retake_which_passes(page: Page, worlds: Worlds) -> None:
    sign_in(page, worlds.quiz_learners[1], f"/assess/{worlds.quiz_enrolments[1]}")
    take_quiz(page, right=False)
    page.goto(f"/assess/{worlds.quiz_enrolments[1]}")
    expect(page.locator("#assessment-parts .part-status")).to_have_attribute(
        "data-status", "not_passed"
    )
    expect(page.locator("#assessment-parts .part-retake")).to_contain_text("1 attempt left")
    expect(page.locator("#overall")).to_have_attribute("data-state", "not_passed")
    take_quiz(page, right=True)
    page.goto(f"/assess/{worlds.quiz_enrolments[1]}")
    expect(page.locator("#overall")).to_have_attribute("data-state", "passed")


def test_recognition_of_prior_learning_second_marker_release_credential(
    browse, worlds: Worlds
) -> None:
    from sqlmodel import select

    from microcred_market.credentials.models import IssuedCredential
    from microcred_market.platform.db import session_scope
    from microcred_market.platform.outbox import process_outbox

    # The learner, on a phone: the explanation, then the portfolio.
    learner = browse.new_page(PHONE)
    sign_in(learner, worlds.rpl_learner, f"/assess/{worlds.rpl_enrolment}")
    expect(learner.locator("#rpl-explained")).to_contain_text("recognition of prior learning")
    assert scroll_width(learner) <= PHONE["width"]
    learner.locator("#assessment-parts .work-submit").click()
    learner.fill("#work-text", "Seven years of logistics data analysis in Kraków.")
    for box in learner.locator(".outcome-evidence textarea").all():
        box.fill("Every week I cleaned the shipment logs and charted the delays.")
    learner.fill("#work-links", "https://github.com/example/portfolio")
    learner.click("#work-submit")
    expect(learner.locator("#versions")).to_be_visible()

    def mark(email: str, level: str, ask_second: bool) -> None:
        staff = browse.new_page()
        sign_in(staff, email, f"/staff/{RPL_SLUG}/review")
        staff.locator(".queue-item .queue-open").first.click()
        staff.click("#claim")
        expect(staff.locator("#review-message")).to_contain_text("Claimed")
        staff.locator(f"input[name='level_evidence'][value='{level}']").check()
        staff.fill("#review-comment", "Clear, checkable evidence.")
        if ask_second:
            staff.locator("input[name='second']").check()
        staff.click("#save-review")
        words = "A second assessor will mark it too" if ask_second else "The result is recorded"
        expect(staff.locator("#review-message")).to_contain_text(words)
        staff.context.close()

    mark(worlds.assessors[0], "2", ask_second=True)
    mark(worlds.assessors[1], "2", ask_second=False)

    learner.goto(f"/assess/{worlds.rpl_enrolment}")
    expect(learner.locator("#assessment-parts .part-status")).to_have_attribute(
        "data-status", "awaiting_release"
    )

    owner = browse.new_page()
    sign_in(owner, worlds.owner, f"/staff/{RPL_SLUG}/release")
    expect(owner.locator("#release-batches")).to_contain_text("decided by Bogna Second")
    owner.locator(".release-batch").first.click()
    expect(owner.locator("#release-note")).to_contain_text("1 passed")
    process_outbox(worlds.url)

    learner.goto(f"/assess/{worlds.rpl_enrolment}")
    expect(learner.locator("#overall")).to_have_attribute("data-state", "passed")
    expect(learner.locator(".feedback-line")).to_contain_text("Fully shown and checkable")
    with session_scope(worlds.url) as session:
        rows = session.exec(select(IssuedCredential)).all()
        (mine,) = [r for r in rows if r.title == "Analiza danych: walidacja"]
        achievement = json.loads(mine.document)["credentialSubject"]["achievement"]
    assert achievement["recognitionOfPriorLearning"] is True
    assert achievement["assessmentType"] == "expert_review"
