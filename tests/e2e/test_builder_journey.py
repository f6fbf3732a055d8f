"""An editor builds the next version in the browser: a question, a check, publish, preview."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from tests.e2e.conftest import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.assessments]

PASSWORD = "plums are purple on tuesdays"
SLUG = "builderuni"
EMAIL = "editor@builder.example.org"


@pytest.fixture(scope="module")
def world(base_url: str, e2e_database_url: str) -> Any:
    from microcred_market.accounts import passwords
    from microcred_market.accounts.models import User
    from microcred_market.platform.db import session_scope
    from tests.support.authoring_world import make_authoring_world

    made = make_authoring_world(e2e_database_url, slug=SLUG)
    with session_scope(e2e_database_url) as session:
        editor = session.get(User, made.editor.user_id)
        assert editor is not None
        editor.email = EMAIL
        editor.password_hash = passwords.hash_password(PASSWORD)
        session.add(editor)
    return made


def test_an_editor_adds_a_question_checks_publishes_and_previews(page: Page, world: Any) -> None:
    builder = f"/staff/{SLUG}/assessments/{world.offering}"
    page.goto(f"/signin?next={quote(builder)}")
    page.fill("#field-email", EMAIL)
    page.fill("#field-password", PASSWORD)
    page.click("#signin-submit")
    expect(page.locator("#builder-version")).to_contain_text("2")
    quiz = page.locator(".part-card").first
    # The copied quiz has no questions yet: checking says so, publishing is refused.
    page.click("#check-draft")
    expect(page.locator("#problems")).to_contain_text("has no questions")
    quiz.locator(".add-question").click()
    form = page.locator("#question-form")
    form.get_by_label("Question", exact=True).fill("Which library reads a CSV file?")
    form.get_by_label("Choices", exact=True).fill("pandas\nrequests\nflask")
    form.get_by_label("Right choices (their line numbers, e.g. 2 or 1, 3)").fill("1")
    page.keyboard.press("Tab")
    page.click("#question-save")
    expect(page.locator("#builder-message")).to_contain_text("The question was saved.")
    expect(page.locator(".question-row")).to_have_count(1)
    page.locator(".preview-button").first.click()
    expect(page.locator("#preview")).to_contain_text("Which library reads a CSV file?")
    expect(page.locator("#preview")).not_to_contain_text("Answer")
    page.click("#publish-draft")
    expect(page.locator("#builder-message")).to_contain_text("Version 2 is published.")
    # Editing again works on a new draft; the published version is untouched.
    expect(page.locator("#builder-version")).to_contain_text("3")
    page.goto(f"/staff/{SLUG}/assessments")
    row = page.locator("#assessments-table tr", has_text="Analiza danych")
    expect(row).to_contain_text("v2")
