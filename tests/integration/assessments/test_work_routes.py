"""The HTTP side: handing in work as a multipart post, downloading evidence, appealing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from microcred_market.accounts import service as accounts
from microcred_market.assessments.models import EvidenceFile, Submission
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from tests.integration.conftest import FRONT, Browser
from tests.support.review_world import (
    PDF,
    ReviewWorld,
    make_review_world,
    stored_files,
    use_private_store,
)

pytestmark = pytest.mark.assessments


@pytest.fixture
def rw(app_env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ReviewWorld:
    store = use_private_store(monkeypatch, tmp_path / "uploads")
    return make_review_world(app_env, store)


def _as(browser: Browser, rw: ReviewWorld, user_id: int) -> Browser:
    with session_scope(rw.url) as session:
        token = accounts.create_session(session, user_id)
    browser.client.cookies.set(SESSION_COOKIE, token)
    return browser


def _post_work(browser: Browser, rw: ReviewWorld, files: list[tuple[str, bytes]], **data: str):
    path = f"/api/assessments/work/{rw.aw.world.enrolments[0]}/{rw.task_uuid}"
    return browser.client.post(
        path,
        data={"text": "My cleaned data.", "links": "https://github.com/example/x\n", **data},
        files=[("files", (name, body, "application/octet-stream")) for name, body in files],
        headers={"Origin": FRONT},
        follow_redirects=False,
    )


def test_work_posted_with_files_is_stored_and_downloadable_by_its_people_only(
    browser: Browser, new_browser, rw: ReviewWorld
) -> None:
    _as(browser, rw, rw.aw.world.learners[0])
    answer = _post_work(browser, rw, [("Report.pdf", PDF), ("notes.txt", b"steps\n")])
    path, flash, _query = Browser.landing(answer)
    assert path == f"/assess/work/{rw.aw.world.enrolments[0]}/{rw.task_uuid}"
    assert flash is not None and flash[0] == "success", flash
    with session_scope(rw.url) as session:
        files = session.exec(select(EvidenceFile)).all()
        assert sorted(f.filename for f in files) == ["Report.pdf", "notes.txt"]
        pdf = next(f for f in files if f.filename == "Report.pdf")
    address = f"/api/assessments/evidence/{pdf.uuid}"
    mine = browser.get(address)
    assert mine.status_code == 200 and mine.content == PDF
    assert mine.headers["content-disposition"].startswith("attachment")
    assert mine.headers["x-content-type-options"] == "nosniff"
    assessor = _as(new_browser(), rw, rw.aw.world.assessor_id).get(address)
    assert assessor.status_code == 200
    for user_id in (rw.aw.world.outsider_id, rw.aw.world.learners[1]):
        other = _as(new_browser(), rw, user_id).get(address)
        assert other.status_code == 404 and other.json()["error"] == "not_found"
    assert new_browser().get(address).status_code == 404
    assert new_browser().get("/api/assessments/evidence/not-a-uuid").status_code == 404


def test_a_refused_file_in_the_post_stores_nothing_and_says_why(
    browser: Browser, rw: ReviewWorld
) -> None:
    _as(browser, rw, rw.aw.world.learners[0])
    answer = _post_work(
        browser, rw, [("Report.pdf", PDF), ("setup.pdf", b"MZ\x90\x00" + b"\0" * 200)]
    )
    _path, flash, _query = Browser.landing(answer)
    assert flash is not None and flash[0] == "error"
    with session_scope(rw.url) as session:
        assert session.exec(select(Submission)).all() == []
    assert stored_files(rw.store) == []


def test_a_post_from_another_site_or_signed_out_changes_nothing(
    browser: Browser, rw: ReviewWorld
) -> None:
    answer = _post_work(browser, rw, [("Report.pdf", PDF)])
    path, _flash, _query = Browser.landing(answer)
    assert path == "/signin"
    _as(browser, rw, rw.aw.world.learners[0])
    path_ = f"/api/assessments/work/{rw.aw.world.enrolments[0]}/{rw.task_uuid}"
    forged = browser.client.post(
        path_,
        data={"text": "x"},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    _path, flash, _query = Browser.landing(forged)
    assert flash is not None and flash[0] == "error"
    with session_scope(rw.url) as session:
        assert session.exec(select(Submission)).all() == []


def test_a_file_over_the_size_limit_is_refused_with_the_limit_named(
    browser: Browser, rw: ReviewWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    from microcred_market.settings import reset_settings_cache

    monkeypatch.setenv("UPLOAD_MAX_MB", "1")
    reset_settings_cache()
    _as(browser, rw, rw.aw.world.learners[0])
    answer = _post_work(browser, rw, [("notes.txt", b"line of notes\n" * 80_000)])  # 1.07 MiB
    _path, flash, _query = Browser.landing(answer)
    assert flash is not None and flash[0] == "error" and "1" in flash[1], flash
    with session_scope(rw.url) as session:
        assert session.exec(select(Submission)).all() == []
    assert stored_files(rw.store) == []
