"""Authoring offerings: draft → published → archived, versions, and who reaches what.

Through `catalogue.authoring` as the portal calls it (after its permission check, see
tests/integration/accounts/test_authz_matrix.py for who may), on SQLite.
"""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from sqlmodel import select

from microcred_market.accounts import authz
from microcred_market.assessments import decisions
from microcred_market.catalogue import authoring
from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue.models import Offering, OfferingVersion
from microcred_market.catalogue.search_query import parse_query
from microcred_market.credentials.models import IssuedCredential
from microcred_market.platform import audit
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.platform.models import AuditEvent
from microcred_market.platform.outbox import process_outbox
from tests.conftest import migrated
from tests.support.credential_world import World, make_world

pytestmark = [pytest.mark.portal, pytest.mark.catalogue]

ACTOR = audit.Actor(name="test")

FORM = {
    "title": "Zielona energia w gminie",
    "summary": "Plan energii odnawialnej dla małej gminy.",
    "description": "Kurs dla urzędników.",
    "isced_f_code": "0713",
    "eqf_level": "6",
    "prk_level": "6",
    "ects": "2,5",
    "language": "pl",
    "participation_form": "online",
    "assessment_type": "project",
    "supervision": "supervised-no-id",
    "price": "490.50",
    "currency": "PLN",
    "self_paced": "1",
}
OUTCOMES = [
    "Uczestnik potrafi policzyć bilans energii gminy.",
    "  ",
    "Uczestnik potrafi ocenić ryzyko.",
]
SKILL = "http://data.europa.eu/esco/skill/ebff077c-c4aa-517e-b436-cc1651838393"  # solar energy


@pytest.fixture
def fresh_url(empty_sqlite_url: str) -> str:
    return migrated(empty_sqlite_url)


@pytest.fixture
def world(app_env: str) -> World:
    return make_world(app_env, learners=2)


def _input(form=FORM, outcomes=OUTCOMES, skills=(SKILL,)) -> authoring.OfferingInput:
    return authoring.OfferingInput.from_form(form, outcomes, list(skills))


def _found(url: str, words: str) -> list[str]:
    with session_scope(url) as session:
        result = catalogue.search(session, parse_query({"q": words}))
        return [c.slug for c in result.items]


def test_a_draft_is_refused_publication_naming_what_it_lacks_then_published_and_found(
    world: World,
) -> None:
    with session_scope(world.url) as session:
        saved = authoring.create_offering(
            session, world.university_id, ACTOR, _input(outcomes=[], skills=[])
        )
    slug = saved.slug
    assert saved.status == "draft"
    assert [p.key for p in saved.missing] == ["error.catalogue.eu_element.learning_outcomes"]
    assert _found(world.url, "zielona energia") == []  # a draft is not in the catalogue

    with pytest.raises(InvalidInput) as refused, session_scope(world.url) as session:
        authoring.publish(session, world.university_id, ACTOR, slug)
    assert "at least one learning outcome" in refused.value.text("en")
    assert "co najmniej jednego efektu uczenia się" in refused.value.text("pl")
    with session_scope(world.url) as session:
        assert session.exec(select(Offering.status).where(Offering.slug == slug)).one() == "draft"

    with session_scope(world.url) as session:
        authoring.update_offering(session, world.university_id, ACTOR, slug, _input())
        done = authoring.publish(session, world.university_id, ACTOR, slug)
    assert (done.status, done.version) == ("published", 1)
    # In the catalogue and its search at once, by title and by an outcome's word.
    assert _found(world.url, "zielona energia") == [slug]
    assert _found(world.url, "bilans") == [slug]
    with session_scope(world.url) as session:
        detail = catalogue.offering_detail(session, slug)
        rows = authoring.list_offerings(session, world.university_id)
        actions = session.exec(
            select(AuditEvent.action).where(AuditEvent.subject == slug).order_by(AuditEvent.id)
        ).all()
    assert detail.learning_outcomes == (OUTCOMES[0], OUTCOMES[2])  # the blank line dropped
    assert detail.esco_skills == ({"uri": SKILL, "label": "solar energy"},)
    assert (detail.ects, detail.price_minor, detail.nqf_framework) == ("2.5", 49050, "PRK")
    row = next(r for r in rows if r.slug == slug)
    assert (row.status, row.version, row.missing) == ("published", 1, 0)
    assert list(actions) == ["offering.created", "offering.edited", "offering.published"]


def test_a_change_to_a_published_offering_is_a_new_version_and_the_old_one_stays(
    world: World,
) -> None:
    with session_scope(world.url) as session:
        slug = authoring.create_offering(session, world.university_id, ACTOR, _input()).slug
        authoring.publish(session, world.university_id, ACTOR, slug)
    with session_scope(world.url) as session:
        same = authoring.update_offering(session, world.university_id, ACTOR, slug, _input())
    assert same.version is None  # nothing changed: no new version
    changed = dict(FORM, title="Zielona energia w gminie i powiecie", price="520")
    with session_scope(world.url) as session:
        saved = authoring.update_offering(
            session, world.university_id, ACTOR, slug, _input(form=changed)
        )
    assert saved.version == 2
    with session_scope(world.url) as session:
        history = authoring.versions(session, world.university_id, slug)
        edited = session.exec(
            select(AuditEvent).where(
                AuditEvent.subject == slug, AuditEvent.action == "offering.edited"
            )
        ).all()[-1]
    assert [(v.number, v.title) for v in history] == [
        (2, "Zielona energia w gminie i powiecie"),
        (1, "Zielona energia w gminie"),
    ]
    assert (history[1].facts["price_minor"], history[0].facts["price_minor"]) == (49050, 52000)
    data = edited.detail
    assert data["before"]["title"] == "Zielona energia w gminie"
    assert data["after"]["title"] == "Zielona energia w gminie i powiecie"


def test_a_published_offering_cannot_lose_an_element_and_nothing_is_half_written(
    world: World,
) -> None:
    with session_scope(world.url) as session:
        slug = authoring.create_offering(session, world.university_id, ACTOR, _input()).slug
        authoring.publish(session, world.university_id, ACTOR, slug)
    broken = dict(FORM, title="A new title", prk_level="")
    with pytest.raises(InvalidInput) as refused, session_scope(world.url) as session:
        authoring.update_offering(
            session, world.university_id, ACTOR, slug, _input(form=broken, outcomes=[])
        )
    text = refused.value.text("en")
    assert "at least one learning outcome" in text and "PRK level" in text
    with session_scope(world.url) as session:
        offering = session.exec(select(Offering).where(Offering.slug == slug)).one()
        count = session.execute(
            sa.select(sa.func.count()).select_from(OfferingVersion)
        ).scalar_one()
    assert (offering.title, offering.status, count) == ("Zielona energia w gminie", "published", 1)


def test_unreadable_values_are_named_and_nothing_is_stored(world: World) -> None:
    bad = dict(FORM, ects="two", price="-5", eqf_level="9", start_date="1 March", seat_capacity="x")
    with pytest.raises(InvalidInput) as refused, session_scope(world.url) as session:
        authoring.create_offering(
            session, world.university_id, ACTOR, _input(form=bad, skills=["http://evil.example"])
        )
    text = refused.value.text("en")
    for words in ("ECTS", "price", "EQF level", "start date", "seats", "ESCO list"):
        assert words in text, (words, text)
    assert "punktów ECTS" in refused.value.text("pl")
    with session_scope(world.url) as session:
        assert session.exec(select(Offering).where(Offering.title == FORM["title"])).first() is None


def test_archive_takes_it_out_of_the_catalogue_and_restore_makes_a_draft(world: World) -> None:
    with session_scope(world.url) as session:
        slug = authoring.create_offering(session, world.university_id, ACTOR, _input()).slug
        authoring.publish(session, world.university_id, ACTOR, slug)
    with session_scope(world.url) as session:
        authoring.archive(session, world.university_id, ACTOR, slug)
    assert _found(world.url, "zielona energia") == []
    with pytest.raises(InvalidInput), session_scope(world.url) as session:
        authoring.update_offering(session, world.university_id, ACTOR, slug, _input())
    with session_scope(world.url) as session:
        assert authoring.restore(session, world.university_id, ACTOR, slug).status == "draft"
        assert authoring.preview(session, world.university_id, slug).title == FORM["title"]


def test_another_universitys_staff_reach_none_of_its_offerings(world: World) -> None:
    with session_scope(world.url) as session:
        slug = authoring.create_offering(session, world.university_id, ACTOR, _input()).slug
        other = session.exec(
            select(Offering.university_id).where(Offering.id == world.offering_id)
        ).one()
        from microcred_market.catalogue.models import University

        other_id = session.exec(
            select(University.id).where(University.slug == f"{world.slug}-other")
        ).one()
    assert other != other_id
    calls = [
        lambda s: authoring.editor_view(s, other_id, slug),
        lambda s: authoring.preview(s, other_id, slug),
        lambda s: authoring.update_offering(
            s, other_id, ACTOR, slug, _input(form=dict(FORM, title="Hijacked"))
        ),
        lambda s: authoring.publish(s, other_id, ACTOR, slug),
        lambda s: authoring.archive(s, other_id, ACTOR, slug),
        lambda s: authoring.versions(s, other_id, slug),
    ]
    for call in calls:
        with pytest.raises(NotFound), session_scope(world.url) as session:
            call(session)
    with session_scope(world.url) as session:
        offering = session.exec(select(Offering).where(Offering.slug == slug)).one()
        assert (offering.title, offering.status) == (FORM["title"], "draft")
        assert slug not in {r.slug for r in authoring.list_offerings(session, other_id)}


def _pass(world: World, index: int) -> IssuedCredential:
    with session_scope(world.url) as session:
        decisions.decide(
            session,
            principal=authz.principal_for(session, world.assessor_id),
            enrolment_uuid=world.enrolments[index],
            grade="90",
        )
    process_outbox(world.url)
    with session_scope(world.url) as session:
        return session.exec(
            select(IssuedCredential).where(IssuedCredential.user_id == world.learners[index])
        ).one()


@pytest.mark.credentials
def test_a_credential_keeps_the_version_it_was_issued_under(world: World) -> None:
    with session_scope(world.url) as session:
        slug = session.exec(select(Offering.slug).where(Offering.id == world.offering_id)).one()
        old_title = authoring.editor_view(session, world.university_id, slug).values["title"]
    first = _pass(world, 0)
    assert first.offering_version_id is not None
    with session_scope(world.url) as session:
        view = authoring.editor_view(session, world.university_id, slug)
        form = dict(view.values, title="Analiza danych w Pythonie, wydanie 2", self_paced="1")
        saved = authoring.update_offering(
            session,
            world.university_id,
            ACTOR,
            slug,
            authoring.OfferingInput.from_form(
                form, view.learning_outcomes, [s["uri"] for s in view.esco_skills]
            ),
        )
    assert saved.version == 2
    second = _pass(world, 1)
    with session_scope(world.url) as session:
        again = session.get(IssuedCredential, first.id)
        assert again is not None
        assert again.document == first.document  # signed facts never change
        assert again.offering_version_id == first.offering_version_id
        old = authoring.version_facts(session, first.offering_version_id)
        new = authoring.version_facts(session, second.offering_version_id or 0)
    assert old is not None and new is not None
    assert old["title"] == old_title == json.loads(first.document)["name"]
    assert (
        new["title"]
        == "Analiza danych w Pythonie, wydanie 2"
        == json.loads(second.document)["name"]
    )


@pytest.mark.parametrize("word", ["new", "import", "preview", "cohorts"])
def test_an_offering_never_takes_an_address_the_portal_uses_for_its_pages(
    world: World, word: str
) -> None:
    # A draft titled like a portal page gets another address, and its editor opens.
    with session_scope(world.url) as session:
        saved = authoring.create_offering(
            session, world.university_id, ACTOR, _input(form=dict(FORM, title=word.title()))
        )
    assert saved.slug == f"{word}-2"
    with session_scope(world.url) as session:
        edit = authoring.editor_view(session, world.university_id, saved.slug)
        assert edit.values["title"] == word.title()

    # An offering stored with such an address (before this rule) cannot be saved as it is.
    with session_scope(world.url) as session:
        session.exec(
            sa.update(Offering).where(Offering.slug == saved.slug).values(slug=word)  # type: ignore[call-overload]
        )
    with pytest.raises(InvalidInput) as refused, session_scope(world.url) as session:
        authoring.update_offering(session, world.university_id, ACTOR, word, _input())
    assert f"an address other than {word}" in refused.value.text("en")
    assert f"adresu innego niż {word}" in refused.value.text("pl")
