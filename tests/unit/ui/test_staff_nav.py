"""The staff header: links follow the viewer's role at the university in the address,
the switcher appears only for people with roles at several universities and keeps the
page when the role there allows it, and the links say the same as the page rules."""

from __future__ import annotations

import pytest

from microcred_market.accounts import authz
from microcred_market.accounts.queries import StaffUniversity
from microcred_market.catalogue.queries import UniversityRef
from microcred_market.platform import i18n
from microcred_market.ui.components.staff_nav import NAME_ID, STAFF_LINKS, link_id, nav_for
from microcred_market.ui.guards import PAGE_RULES

A = UniversityRef(id=1, slug="uni-a", name="University A")
B = UniversityRef(id=2, slug="uni-b", name="University B")


def _mine(principal: authz.Principal) -> list[StaffUniversity]:
    refs = {A.id: A, B.id: B}
    return [
        StaffUniversity(id=uid, slug=refs[uid].slug, name=refs[uid].name, role=role)
        for uid, role in sorted(principal.roles.items())
    ]


def test_every_link_checks_what_its_page_checks() -> None:
    suffixes = [suffix for suffix, _key, _action in STAFF_LINKS]
    assert len(suffixes) == len(set(suffixes))
    for suffix, key, action in STAFF_LINKS:
        assert action in authz.ACTIONS, suffix
        route = "/staff/[slug]" + suffix
        if route in PAGE_RULES:
            assert PAGE_RULES[route] == (action, True), route
        for lang in i18n.languages():
            assert i18n.t(f"ui.{key}", lang) != f"ui.{key}", (key, lang)


def test_the_header_ids_are_unique() -> None:
    # The name once shared "staff-nav-university" with the university page's link, so a
    # page had two elements with one id.
    ids = [link_id(suffix) for suffix, _key, _action in STAFF_LINKS]
    assert len(ids) == len(set(ids))
    assert NAME_ID not in ids
    assert link_id("/university") == "staff-nav-university"


def test_an_assessor_sees_marking_pages_and_no_money_or_authoring() -> None:
    assessor = authz.Principal(user_id=7, roles={A.id: "assessor"})
    nav = nav_for(assessor, A, "/staff/uni-a/review", _mine(assessor))
    assert nav is not None
    assert {"/review", "/appeals", "/attempts", "/learners", ""} <= set(nav.allowed)
    assert not {"/payments", "/university", "/assessments", "/release", "/offerings"} & set(
        nav.allowed
    )
    assert (nav.section, nav.exact) == ("/review", True)
    assert nav.switch == []  # one university: no switcher


def test_a_page_under_a_link_marks_that_link_as_the_location() -> None:
    assessor = authz.Principal(user_id=7, roles={A.id: "assessor"})
    nav = nav_for(assessor, A, "/staff/uni-a/review/p-123", _mine(assessor))
    assert nav is not None and (nav.section, nav.exact) == ("/review", False)
    team = nav_for(assessor, A, "/staff/uni-a", _mine(assessor))
    assert team is not None and (team.section, team.exact) == ("", True)


def test_nothing_for_someone_without_a_role_there() -> None:
    learner = authz.Principal(user_id=9)
    assert nav_for(learner, A, "/staff/uni-a", []) is None
    other = authz.Principal(user_id=7, roles={B.id: "owner"})
    assert nav_for(other, A, "/staff/uni-a/payments", _mine(other)) is None
    assert nav_for(other, None, "/staff/nowhere", _mine(other)) is None


def test_the_operator_sees_the_pages_the_table_lets_operators_open() -> None:
    operator = authz.Principal(user_id=1, is_admin=True)
    nav = nav_for(operator, B, "/staff/uni-b/payments", [])
    assert nav is not None
    assert set(nav.allowed) == {"/learners", "/payments", "/exports", "/analytics"}
    assert nav.switch == []


@pytest.mark.parametrize(
    ("path", "at_b"),
    [
        ("/staff/uni-a/review", "/staff/uni-b/review"),  # owner at B may mark too
        ("/staff/uni-a/review/p-1", "/staff/uni-b"),  # a thing of A: B's team page
        ("/staff/uni-a", "/staff/uni-b"),
    ],
)
def test_the_switcher_keeps_the_page_where_the_role_allows_it(path: str, at_b: str) -> None:
    both = authz.Principal(user_id=5, roles={A.id: "assessor", B.id: "owner"})
    nav = nav_for(both, A, path, _mine(both))
    assert nav is not None
    assert nav.switch == [
        {"name": "University A", "href": "/staff/uni-a" + (nav.section or ""), "current": "1"}
        if nav.exact
        else {"name": "University A", "href": "/staff/uni-a", "current": "1"},
        {"name": "University B", "href": at_b, "current": ""},
    ]


def test_the_switcher_falls_back_to_the_team_page_where_the_role_does_not_allow() -> None:
    both = authz.Principal(user_id=5, roles={A.id: "owner", B.id: "assessor"})
    nav = nav_for(both, A, "/staff/uni-a/payments", _mine(both))
    assert nav is not None
    assert [u["href"] for u in nav.switch] == ["/staff/uni-a/payments", "/staff/uni-b"]
    at_b = nav_for(both, B, "/staff/uni-b", _mine(both))
    assert at_b is not None and "/payments" not in at_b.allowed


def test_an_editor_finds_the_offerings_and_their_pages_mark_it() -> None:
    editor = authz.Principal(user_id=8, roles={A.id: "editor"})
    for path, exact in (
        ("/staff/uni-a/offerings", True),
        ("/staff/uni-a/offerings/new", False),
        ("/staff/uni-a/offerings/some-course/preview", False),
    ):
        nav = nav_for(editor, A, path, _mine(editor))
        assert nav is not None and "/offerings" in nav.allowed
        assert (nav.section, nav.exact) == ("/offerings", exact), path
    # The import page keeps its own link.
    nav = nav_for(editor, A, "/staff/uni-a/offerings/import", _mine(editor))
    assert nav is not None and (nav.section, nav.exact) == ("/offerings/import", True)
    # At another university the editor has no role: no header at all.
    assert nav_for(editor, B, "/staff/uni-b/offerings", _mine(editor)) is None
