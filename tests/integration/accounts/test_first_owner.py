"""A university's first staff member: the operator invites its owner, who joins from the mail.

An operator is in no university's team, so the staff page cannot be their way in: the
operator area and `microcred staff invite` are.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from microcred_market import cli
from microcred_market.accounts import queries as account_queries
from microcred_market.accounts import service as accounts
from microcred_market.accounts.models import StaffRole, User
from microcred_market.platform.clock import utcnow
from microcred_market.platform.cookies import SESSION_COOKIE, read_invitation_note
from microcred_market.platform.db import session_scope
from tests.integration.accounts.test_accounts import PASSWORD, path_of
from tests.integration.orders.test_orders import make_world

pytestmark = pytest.mark.accounts


def _operator(app_env: str) -> str:
    with session_scope(app_env) as session:
        user = User(
            email="ops@example.org", email_verified_at=utcnow(), display_name="Ops", is_admin=True
        )
        session.add(user)
        session.flush()
        return accounts.create_session(session, user.id)


def _role(app_env: str, email: str) -> str | None:
    with session_scope(app_env) as session:
        return session.execute(
            sa.select(StaffRole.role)
            .join(User, User.id == StaffRole.user_id)
            .where(User.email == email)
        ).scalar_one_or_none()


def test_an_operator_invites_the_first_owner_who_signs_up_and_lands_back_on_the_invitation(
    browser, smtp, app_env, new_browser
) -> None:
    make_world(app_env)
    browser.client.cookies.set(SESSION_COOKIE, _operator(app_env))
    # The staff page's own route is closed to the operator's page, but the operator area works.
    page, flash, _ = browser.landing(
        browser.post_form(
            "/api/admin/invitations",
            {"university": "uni", "email": "rector@example.org", "role": "owner"},
        )
    )
    assert page == "/admin/universities" and flash == ("success", "Invitation sent.")
    link = smtp.last_link("rector@example.org")

    rector = new_browser()
    page, _, query = rector.landing(rector.get(path_of(link)))
    assert page == "/invitation"
    assert read_invitation_note(query["about"][0]) == ("Uni", "owner")
    back = f"/invitation?about={query['about'][0]}"

    # "Create an account" from the invitation: the form carries `next`.
    page, flash, query = rector.landing(
        rector.post_form(
            "/api/auth/signup",
            {
                "email": "rector@example.org",
                "password": PASSWORD,
                "display_name": "Rector",
                "next": back,
            },
        )
    )
    assert page == "/signin" and query["next"] == [back]
    verify = smtp.last_link("rector@example.org", count=2)
    page, flash, query = rector.landing(rector.get(path_of(verify)))
    assert page == "/signin" and flash is not None and flash[0] == "success"
    assert query["next"] == [back]  # the confirmation link leads back to the invitation
    page, _, _ = rector.landing(
        rector.post_form(
            "/api/auth/signin",
            {"email": "rector@example.org", "password": PASSWORD, "next": back},
        )
    )
    assert page == "/invitation"
    page, flash, _ = rector.landing(rector.post_form("/api/auth/invitation", {}))
    assert page == "/staff/uni" and flash is not None and flash[0] == "success"
    assert _role(app_env, "rector@example.org") == "owner"
    with session_scope(app_env) as session:
        user_id = session.execute(
            sa.select(User.id).where(User.email == "rector@example.org")
        ).scalar_one()
        assert account_queries.staff_area(session, user_id) == "/staff/uni"
        teams = account_queries.university_teams(session)
    assert [(t.slug, t.owners, t.staff) for t in teams] == [("uni", 1, 1)]


@pytest.mark.security
def test_only_operators_and_the_universitys_owners_invite_from_the_operator_area(
    browser, smtp, app_env
) -> None:
    w = make_world(app_env)
    with session_scope(app_env) as session:
        token = accounts.create_session(session, w["users"][0])  # a learner
    browser.client.cookies.set(SESSION_COOKIE, token)
    page, flash, _ = browser.landing(
        browser.post_form(
            "/api/admin/invitations",
            {"university": "uni", "email": "me@example.org", "role": "owner"},
        )
    )
    assert flash is not None and flash[0] == "error"
    with session_scope(app_env) as session:
        count = session.execute(sa.text("select count(*) from staff_invitation")).scalar_one()
    assert count == 0


def test_the_cli_invites_a_first_owner_as_an_admin(app_env, smtp, capsys, new_browser) -> None:
    make_world(app_env)
    assert cli.main(["staff", "invite", "uni", "dean@example.org"]) == 1
    assert "run it as a platform admin" in capsys.readouterr().err
    _operator(app_env)
    assert cli.main(["--as", "ops@example.org", "staff", "invite", "uni", "dean@example.org"]) == 0
    assert "queued for dean@example.org" in capsys.readouterr().out
    assert cli.main(["worker", "--once"]) == 0
    link = smtp.last_link("dean@example.org")
    assert link.startswith("http://testserver/api/auth/invitation?token=")
    dean = new_browser()
    page, _, query = dean.landing(dean.get(path_of(link)))
    assert page == "/invitation"
    assert read_invitation_note(query["about"][0]) == ("Uni", "owner")
