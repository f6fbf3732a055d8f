"""Over a raw websocket, as an attacker would: the editor of one university (and a learner)
names another university's offering in the editor's address and events (a crafted event
sets them at will). They get nothing of its draft and change nothing: not its text, not
its state. That university's own editor loads it, and publishes it, through the same
events the page sends."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from reflex_base.utils.format import format_event_handler

from microcred_market.accounts.models import StaffRole, User
from microcred_market.catalogue import authoring
from microcred_market.catalogue.models import Offering
from microcred_market.platform import audit
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.ui.pages.catalogue.offering_editor import OfferingEditorState
from microcred_market.ui.pages.catalogue.offering_preview import OfferingPreviewState
from microcred_market.ui.pages.catalogue.staff_offerings import StaffOfferingsState
from tests.integration.ui.conftest import _live
from tests.support.live_app import LiveApp
from tests.support.portal_world import person, university
from tests.support.reflex_socket import ReflexSocket

pytestmark = [pytest.mark.portal, pytest.mark.catalogue, pytest.mark.security]

SOLAR = "http://data.europa.eu/esco/skill/ebff077c-c4aa-517e-b436-cc1651838393"
SECRET = "Quantum accounting only our staff know of"
OUTCOME = "The learner can reconcile a quantum ledger."
FORM = {
    "title": "Hijacked title",
    "eqf_level": "5",
    "prk_level": "5",
    "ects": "2",
    "language": "en",
    "participation_form": "online",
    "assessment_type": "test",
    "supervision": "unsupervised-no-id",
    "price": "1",
    "currency": "PLN",
    "self_paced": "1",
    "quality_assurance": "Internal review, accredited by PKA",
}


@pytest.fixture
def live_sqlite(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[LiveApp, str]]:
    yield from _live(request, "sqlite", tmp_path, monkeypatch)


def _editor(url: str, email: str, university_id: int) -> str:
    token = person(url, email)
    with session_scope(url) as session:
        user_id = session.execute(sa.select(User.id).where(User.email == email)).scalar_one()
        session.add(StaffRole(user_id=user_id, university_id=university_id, role="editor"))
    return token


def _secret_draft(url: str, university_id: int) -> str:
    with session_scope(url) as session:
        return authoring.create_offering(
            session,
            university_id,
            audit.Actor(name="test"),
            authoring.OfferingInput.from_form(
                dict(FORM, title=SECRET, prk_level="5"), [OUTCOME], []
            ),
        ).slug


def _name(handler: object) -> str:
    return format_event_handler(handler)  # type: ignore[arg-type]


def _events(socket: ReflexSocket, slug: str) -> str:
    """The pages' events for B's offering: list, preview, open (also as if it were the
    intruder's own university's), save, publish, archive."""
    path = f"/staff/uni-b/offerings/{slug}"
    params = {"slug": "uni-b", "offering": slug}
    editor = OfferingEditorState
    entries = [[k, v] for k, v in FORM.items()] + [["learning_outcome", OUTCOME]]
    calls = [
        (StaffOfferingsState.load, {}, "/staff/uni-b/offerings", {"slug": "uni-b"}),
        (OfferingPreviewState.load, {}, path + "/preview", params),
        (editor.load, {}, f"/staff/uni-a/offerings/{slug}", {"slug": "uni-a", "offering": slug}),
        (editor.load, {}, path, params),
        (editor.save, {"form": {**FORM, "learning_outcome": "Planted"}}, path, params),
        (editor.publish, {"entries": entries}, path, params),
        (editor.archive, {}, path, params),
    ]
    return "\n".join(
        socket.answer(_name(handler), payload, at, query) for handler, payload, at, query in calls
    )


def _offering(url: str, slug: str) -> tuple[str, str]:
    with session_scope(url) as session:
        row = session.execute(
            sa.select(Offering.title, Offering.status).where(Offering.slug == slug)
        ).one()
        return row[0], row[1]


def test_staff_of_another_university_and_learners_reach_nothing_of_its_offerings(
    live_sqlite: tuple[LiveApp, str],
) -> None:
    app, url = live_sqlite
    university(url, "uni-a")
    b_id = university(url, "uni-b")
    with session_scope(url) as session:
        a_id = session.execute(
            sa.select(Offering.university_id).where(Offering.slug == "course-uni-a")
        ).scalar_one()
    intruder = _editor(url, "editor@uni-a.example", a_id)
    learner = person(url, "learner@example.org")
    own = _editor(url, "editor@uni-b.example", b_id)
    slug = _secret_draft(url, b_id)

    for token in (intruder, learner):
        socket = ReflexSocket(app.ws, cookie=f"{SESSION_COOKIE}={token}", origin=app.front)
        try:
            text = _events(socket, slug)
        finally:
            socket.close()
        assert SECRET not in text and OUTCOME not in text
        assert "course-uni-b" not in text  # not even the list of B's offerings
        assert _offering(url, slug) == (SECRET, "draft")

    socket = ReflexSocket(app.ws, cookie=f"{SESSION_COOKIE}={own}", origin=app.front)
    try:
        path = f"/staff/uni-b/offerings/{slug}"
        params = {"slug": "uni-b", "offering": slug}
        editor = OfferingEditorState
        opened = socket.answer(_name(editor.load), {}, path, params)
        assert SECRET in opened and OUTCOME in opened

        def ask(handler: object, payload: dict) -> str:
            return socket.answer(_name(handler), payload, path, params)

        # The skill picker and the outcome lines, as the page's buttons send them.
        found = ask(editor.search_skills, {"form": {"q": "solar"}})
        assert SOLAR in found and "solar energy" in found
        assert SOLAR in ask(editor.add_skill, {"uri": SOLAR})
        added = ask(editor.add_outcome, {})
        line = re.findall(r'"id":"(o\d+)","text":""', added)[-1]
        ask(editor.set_outcome, {"line_id": line, "text": "A second outcome."})
        moved = ask(editor.move_outcome, {"line_id": line, "step": -1})
        assert moved.index("A second outcome.") < moved.index(OUTCOME)
        ask(editor.remove_outcome, {"line_id": line})
        # Save sends the form as the browser does: its entries, a name as often as it
        # has fields (two outcome lines here).
        two = [[k, v] for k, v in dict(FORM, title=SECRET).items()]
        two += [["learning_outcome", OUTCOME], ["learning_outcome", "Reads a ledger."]]
        saved = ask(editor.save, {"form": {"__reflex_form_data__": two}})
        assert "Saved." in saved
        with session_scope(url) as session:
            lines = session.execute(
                sa.select(Offering.learning_outcomes).where(Offering.slug == slug)
            ).scalar_one()
        assert lines == [OUTCOME, "Reads a ledger."]
        entries = [[k, v] for k, v in dict(FORM, title=SECRET).items()]
        # Without any outcome: refused, said at the field and at the top, kept as a draft.
        refused = ask(editor.publish, {"entries": entries})
        assert "To publish, add at least one learning outcome." in refused
        assert "Saved as a draft." in refused
        assert _offering(url, slug) == (SECRET, "draft")
        entries.append(["learning_outcome", OUTCOME])
        published = ask(editor.publish, {"entries": entries})
        assert _offering(url, slug) == (SECRET, "published")
        assert "Archived" in ask(editor.archive, {})
        assert _offering(url, slug) == (SECRET, "archived")
        assert "Restored as a draft" in ask(editor.restore, {})
    finally:
        socket.close()
    assert "version 1" in published, published[:3000]
    assert _offering(url, slug) == (SECRET, "draft")
    with session_scope(url) as session:
        skills = session.execute(sa.select(Offering.esco_skills).where(Offering.slug == slug))
        assert skills.scalar_one() == [{"uri": SOLAR, "label": "solar energy"}]
    assert "Traceback" not in app.log_text()  # no event failed on the way
