"""The authoring pages' gate and what they show, against the real services (SQLite and
PostgreSQL).

Every event of /staff/<university>/offerings/... goes through `authoring_access.as_editor`:
owners and editors of the university in the address, nobody else (staff of another
university, its assessors, learners, the operator). The page's own pieces are read here
as the page runs them: the blank form of a new offering, the refusal's messages per field
(in English and Polish), and that a draft never takes an address the portal uses.
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from microcred_market.accounts import authz
from microcred_market.accounts.models import StaffRole, User
from microcred_market.catalogue import authoring
from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue.models import Offering
from microcred_market.catalogue.search_query import parse_query
from microcred_market.platform import audit
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput
from microcred_market.platform.models import AuditEvent
from microcred_market.ui.pages.catalogue import offering_editor as editor
from microcred_market.ui.pages.catalogue.authoring_access import (
    EDIT_ROUTE,
    LIST_ROUTE,
    ROUTES,
    as_editor,
)
from microcred_market.ui.pages.catalogue.staff_offerings import offering_rows
from tests.conftest import migrated
from tests.support.credential_world import World, make_world

pytestmark = [pytest.mark.portal, pytest.mark.catalogue, pytest.mark.security]

FORM = {
    "title": "Magazynowanie energii",
    "summary": "Baterie i magazyny ciepła w praktyce.",
    "eqf_level": "6",
    "prk_level": "6",
    "ects": "3",
    "language": "pl",
    "participation_form": "online",
    "assessment_type": "project",
    "supervision": "supervised-no-id",
    "price": "300",
    "currency": "PLN",
    "self_paced": "1",
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh_url(request: pytest.FixtureRequest) -> str:
    """Both engines: the search index each one keeps is what "found at once" relies on."""
    return migrated(request.getfixturevalue(f"empty_{request.param}_url"))


@pytest.fixture
def world(app_env: str) -> World:
    return make_world(app_env, learners=1, slug="uni-a")


def _staff(url: str, university_id: int, role: str) -> int:
    with session_scope(url) as session:
        user = User(email=f"{role}-{university_id}@uni.test", email_verified_at=utcnow())
        session.add(user)
        session.flush()
        assert user.id is not None
        session.add(StaffRole(user_id=user.id, university_id=university_id, role=role))
        return user.id


def _other_id(url: str) -> int:
    from microcred_market.catalogue.models import University

    with session_scope(url) as session:
        found = session.exec(select(University.id).where(University.slug == "uni-a-other")).one()
        assert found is not None
        return found


def _draft(url: str, university_id: int, form: dict[str, str] = FORM) -> str:
    with session_scope(url) as session:
        return authoring.create_offering(
            session,
            university_id,
            audit.Actor(name="test"),
            authoring.OfferingInput.from_form(form, [], []),
        ).slug


def test_owners_and_editors_of_that_university_only(world: World) -> None:
    """The same call, by every kind of person: only A's owner and editor get through."""
    slug = _draft(world.url, world.university_id)
    owner = _staff(world.url, world.university_id, "owner")
    editor_id = _staff(world.url, world.university_id, "editor")
    other_editor = _staff(world.url, _other_id(world.url), "editor")
    learner = world.learners[0]
    with session_scope(world.url) as session:
        admin = User(email="ops@uni.test", is_admin=True, email_verified_at=utcnow())
        session.add(admin)
        session.flush()
        admin_id = admin.id
    assert admin_id is not None
    outsider = world.outsider_id  # the owner of the other university

    def listing(session, uni, actor):  # type: ignore[no-untyped-def]
        return [r.slug for r in authoring.list_offerings(session, uni.id)]

    for who in (owner, editor_id):
        with session_scope(world.url) as session:
            for route in ROUTES:
                assert slug in as_editor(session, who, "uni-a", listing, route)
    for who in (other_editor, outsider, world.assessor_id, learner, admin_id):
        for route in ROUTES:
            with pytest.raises(authz.Forbidden), session_scope(world.url) as session:
                as_editor(session, who, "uni-a", listing, route)
    # Someone whose account is gone is told to sign in, not shown anything.
    with pytest.raises(authz.NotSignedIn), session_scope(world.url) as session:
        as_editor(session, 999_999, "uni-a", listing, LIST_ROUTE)


def test_a_refused_person_changes_nothing_and_nothing_is_audited(world: World) -> None:
    slug = _draft(world.url, world.university_id)
    other_editor = _staff(world.url, _other_id(world.url), "editor")
    hijack = authoring.OfferingInput.from_form(dict(FORM, title="Hijacked"), ["x"], [])
    for who in (other_editor, world.learners[0], world.assessor_id):
        for call in (editor._save(slug, hijack), editor._publish(slug)):
            with pytest.raises(authz.Forbidden), session_scope(world.url) as session:
                as_editor(session, who, "uni-a", call, EDIT_ROUTE)
        with pytest.raises(authz.Forbidden), session_scope(world.url) as session:
            as_editor(session, who, "uni-a", editor._state_change(slug, "archived"), EDIT_ROUTE)
        # Through their own university the offering is not there at all.
    with session_scope(world.url) as session:
        offering = session.exec(select(Offering).where(Offering.slug == slug)).one()
        actions = session.exec(select(AuditEvent.action).where(AuditEvent.subject == slug)).all()
    assert (offering.title, offering.status) == (FORM["title"], "draft")
    assert list(actions) == ["offering.created"]


def test_an_editor_writes_publishes_and_the_catalogue_finds_it_at_once(world: World) -> None:
    """What the editor page does on Publish: save the form, then publish; refused first
    with a message per field, then found by the catalogue's search."""
    editor_id = _staff(world.url, world.university_id, "editor")
    # A first sketch without its levels is saved as a draft; publishing names them.
    sketch = authoring.OfferingInput.from_form(dict(FORM, eqf_level="", prk_level=""), [], [])
    with session_scope(world.url) as session:
        saved = as_editor(session, editor_id, "uni-a", editor._save("", sketch), EDIT_ROUTE)
    assert saved.status == "draft" and saved.slug == "magazynowanie-energii"
    with pytest.raises(InvalidInput) as refused, session_scope(world.url) as session:
        as_editor(session, editor_id, "uni-a", editor._publish(saved.slug), EDIT_ROUTE)
    fields, summary = editor.problems_of(refused.value, "en")
    assert fields == {
        "eqf_level": "To publish, add an EQF level.",
        "outcomes": "To publish, add at least one learning outcome.",
        "prk_level": "To publish, add a PRK level (Polish Qualifications Framework).",
    }
    assert [s["anchor"] for s in summary] == ["au-outcomes", "au-eqf_level", "au-prk_level"]
    pl_fields, _ = editor.problems_of(refused.value, "pl")
    assert pl_fields["outcomes"] == "Do publikacji potrzeba co najmniej jednego efektu uczenia się."

    outcomes = ["Uczestnik potrafi dobrać magazyn energii do instalacji PV."]
    full = authoring.OfferingInput.from_form(FORM, outcomes, [])
    with session_scope(world.url) as session:
        as_editor(session, editor_id, "uni-a", editor._save(saved.slug, full), EDIT_ROUTE)
        done = as_editor(session, editor_id, "uni-a", editor._publish(saved.slug), EDIT_ROUTE)
    assert (done.status, done.version) == ("published", 1)
    with session_scope(world.url) as session:
        found = catalogue.search(session, parse_query({"q": "magazynowanie"}))
        rows = offering_rows(authoring.list_offerings(session, world.university_id), "pl")
    assert [c.slug for c in found.items] == [saved.slug]
    row = next(r for r in rows if r["slug"] == saved.slug)
    assert row["lang"] == "pl"  # the title is marked as written in the course's language
    assert (row["state"], row["version"], row["missing"]) == (
        "Opublikowana",
        "Wersja 1",
        "Są wszystkie elementy UE",
    )


def test_unreadable_values_are_shown_at_their_fields(world: World) -> None:
    slug = _draft(world.url, world.university_id)
    owner = _staff(world.url, world.university_id, "owner")
    bad = authoring.OfferingInput.from_form(
        dict(FORM, ects="dwa", price="-1", start_date="jutro", seat_capacity="x"), [], []
    )
    with pytest.raises(InvalidInput) as refused, session_scope(world.url) as session:
        as_editor(session, owner, "uni-a", editor._save(slug, bad), EDIT_ROUTE)
    fields, summary = editor.problems_of(refused.value, "en")
    assert set(fields) == {"ects", "price", "start_date", "seat_capacity"}
    assert fields["ects"] == "Check: the workload (a number of ECTS such as 2.5)."
    assert all(s["anchor"] for s in summary)
    pl_fields, _ = editor.problems_of(refused.value, "pl")
    assert pl_fields["price"] == "Sprawdź: cena (kwota, np. 790 lub 790,50)."


def test_a_new_offering_starts_from_a_blank_form_that_says_what_publishing_needs(
    world: World,
) -> None:
    with session_scope(world.url) as session:
        view = authoring.blank_view(session, world.university_id, "pl")
    assert view.slug == "" and view.status == "draft" and view.version is None
    assert view.values["language"] == "pl" and view.values["self_paced"] == "1"
    assert view.values["currency"] == "PLN" and view.values["price"] == "0.00"
    assert view.university_country == "PL"
    assert "accredited by PKA" in view.university_quality_assurance
    keys = [p.key.rsplit(".", 1)[1] for p in view.missing]
    # The university gives its name, country and quality assurance: the rest is to write.
    assert keys == ["title", "learning_outcomes", "workload", "eqf_level", "national_level"]


def test_a_draft_never_takes_an_address_the_portal_uses(world: World) -> None:
    made = [_draft(world.url, world.university_id, dict(FORM, title=t)) for t in ("New", "Import")]
    assert made == ["new-2", "import-2"]
