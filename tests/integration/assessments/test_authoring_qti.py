"""QTI 3.0 into a draft's quiz: all items or none; out again through the builder's download."""

from __future__ import annotations

import io
import zipfile

import pytest

from microcred_market.assessments import authoring, qti
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput
from tests.integration.conftest import FRONT
from tests.support.authoring_world import AuthoringWorld, make_authoring_world, single
from tests.support.signed_in import as_user

pytestmark = pytest.mark.assessments


def _package(*questions: dict, broken: int | None = None) -> bytes:
    data = qti.export_package(list(questions))
    if broken is None:
        return data
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        items = [n for n in source.namelist() if n.startswith("items/")]
        for name in source.namelist():
            body = source.read(name)
            if name == items[broken]:
                body = body.replace(b"qti-correct-response", b"qti-wrong-response")
            target.writestr(name, body)
    return out.getvalue()


def _quiz(session, w: AuthoringWorld) -> tuple[str, str]:
    draft = authoring.draft_for(session, w.editor, w.offering)
    return draft.uuid, next(c.uuid for c in draft.components if c.kind == "quiz")


def _idents(session, w: AuthoringWorld, draft: str) -> list[str]:
    part = next(c for c in authoring.view(session, w.editor, draft).components if c.kind == "quiz")
    return [q.ident for q in part.questions]


@pytest.fixture
def w(fresh_url: str) -> AuthoringWorld:
    return make_authoring_world(fresh_url)


def test_a_package_imports_whole_and_a_bad_one_not_at_all(w) -> None:
    with session_scope(w.url) as session:
        draft, quiz = _quiz(session, w)
        report = authoring.import_qti(session, w.editor, quiz, _package(single("q1"), single("q2")))
        assert (report.imported, report.idents) == (2, ["q1", "q2"])
    bad = [
        (_package(single("q3"), single("q4"), single("q5"), broken=1), None),
        (_package(single("q2"), single("q6")), "q2"),  # q2 is in the bank already
        (b"not a package at all", None),
    ]
    for data, named in bad:
        with session_scope(w.url) as session, pytest.raises(InvalidInput) as refused:
            authoring.import_qti(session, w.editor, quiz, data)
        if named:
            assert named in refused.value.message
        with session_scope(w.url) as session:
            assert _idents(session, w, draft) == ["q1", "q2"]
    with session_scope(w.url) as session:
        exported = authoring.export_qti(session, w.editor, quiz)
        assert [q["id"] for q in qti.import_package(exported).questions] == ["q1", "q2"]


def test_the_builder_posts_a_package_and_downloads_the_bank(w, browser, app_env) -> None:
    with session_scope(w.url) as session:
        draft, quiz = _quiz(session, w)
    base = f"/api/staff/{w.aw.world.slug}/assessments/{w.offering}/qti"
    as_user(browser, w.url, w.editor.user_id)
    response = browser.client.post(
        base,
        data={"component": quiz},
        files={"package": ("bank.zip", _package(single("q1"), single("q2")), "application/zip")},
        headers={"Origin": FRONT},
        follow_redirects=False,
    )
    path, flash, _ = browser.landing(response)
    assert path == f"/staff/{w.aw.world.slug}/assessments/{w.offering}"
    assert flash == ("success", "2 questions imported into the draft.")
    download = browser.get(f"{base}/{quiz}")
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/zip"
    assert len(qti.import_package(download.content).questions) == 2
    # An assessor of the same university may neither import nor download the bank.
    as_user(browser, w.url, w.aw.world.assessor_id)
    assert browser.get(f"{base}/{quiz}").status_code == 403
    refused = browser.client.post(
        base,
        data={"component": quiz},
        files={"package": ("bank.zip", _package(single("q9")), "application/zip")},
        headers={"Origin": FRONT},
        follow_redirects=False,
    )
    _, flash, _ = browser.landing(refused)
    assert flash and flash[0] == "error"
    with session_scope(w.url) as session:
        assert _idents(session, w, draft) == ["q1", "q2"]
