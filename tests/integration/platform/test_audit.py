"""The audit trail: every change of money, roles and keys names who, on what, from what to what.

The command line acts as the operator's OS login unless `--as` names an admin; an
invitation can add a role but never take one away.
"""

from __future__ import annotations

import getpass

import pytest
import sqlalchemy as sa

from microcred_market import cli
from microcred_market.accounts import service as accounts
from microcred_market.accounts.models import StaffRole, User
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.platform.models import AuditEvent
from tests.integration.orders.test_orders import make_world

pytestmark = pytest.mark.accounts

LOGIN = f"cli:{getpass.getuser()}"


def _events(url: str, action: str) -> list[AuditEvent]:
    with session_scope(url) as session:
        rows = session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        ).scalars()
        return [
            AuditEvent(
                action=r.action,
                actor_user_id=r.actor_user_id,
                actor_name=r.actor_name,
                subject=r.subject,
                detail=dict(r.detail),
            )
            for r in rows
        ]


def _user_id(url: str, email: str) -> int:
    with session_scope(url) as session:
        return session.execute(sa.select(User.id).where(User.email == email)).scalar_one()


def test_each_operator_command_writes_who_what_before_and_after(app_env) -> None:
    make_world(app_env)
    assert cli.main(["fee", "12.5"]) == 0
    assert cli.main(["fee", "7", "--university", "uni"]) == 0
    assert cli.main(["fee", "8", "--university", "uni"]) == 0
    fees = _events(app_env, "fee.set")
    assert [(e.subject, e.actor_name, e.actor_user_id) for e in fees] == [
        ("default", LOGIN, None),
        ("uni", LOGIN, None),
        ("uni", LOGIN, None),
    ]
    assert fees[1].detail["after"] == {"fee_basis_points": 700}
    assert fees[2].detail["before"] == {"fee_basis_points": 700}
    assert fees[2].detail["after"] == {"fee_basis_points": 800}

    assert cli.main(["connect", "uni", "acct_1"]) == 0
    assert cli.main(["connect", "uni", "acct_2"]) == 0
    payouts = _events(app_env, "payout.connected")
    assert [e.detail for e in payouts] == [
        {"before": {"stripe_account_id": None}, "after": {"stripe_account_id": "acct_1"}},
        {"before": {"stripe_account_id": "acct_1"}, "after": {"stripe_account_id": "acct_2"}},
    ]

    assert cli.main(["voucher", "spring-26", "--percent", "20", "--offering", "course"]) == 0
    (voucher,) = _events(app_env, "voucher.created")
    assert voucher.subject == "SPRING-26" and voucher.actor_name == LOGIN
    assert voucher.detail["before"] is None
    assert voucher.detail["after"]["percent_off"] == 20
    assert voucher.detail["after"]["offering"] == "course"

    assert cli.main(["keys", "rotate", "--university", "uni"]) == 0
    assert cli.main(["keys", "rotate", "--university", "uni"]) == 0
    assert cli.main(["keys", "withdraw", "--university", "uni", "--key", "key-1"]) == 0
    rotations = _events(app_env, "keys.rotate")
    assert rotations[1].actor_name == LOGIN
    assert rotations[1].detail["before"] == {"signing_key": "key-1"}
    assert rotations[1].detail["after"] == {"signing_key": "key-2"}
    (withdrawal,) = _events(app_env, "keys.withdraw")
    assert withdrawal.detail["before"] == {"listed_keys": ["key-1", "key-2"]}
    assert withdrawal.detail["after"] == {"listed_keys": ["key-2"]}


def test_a_failed_command_writes_no_audit_row(app_env, capsys) -> None:
    make_world(app_env)
    assert cli.main(["fee", "80"]) == 1
    assert cli.main(["connect", "uni", "nope"]) == 1
    assert _events(app_env, "fee.set") == [] and _events(app_env, "payout.connected") == []


def test_admin_created_names_who_made_them_never_the_new_admin(app_env, capsys) -> None:
    assert cli.main(["admin", "create", "first@example.org"]) == 0
    (first,) = _events(app_env, "admin.created")
    assert first.actor_user_id is None and first.actor_name == LOGIN
    assert first.subject == "first@example.org"
    assert first.detail["before"] == {"is_admin": False}
    assert first.detail["after"] == {"is_admin": True}

    assert cli.main(["--as", "first@example.org", "admin", "create", "second@example.org"]) == 0
    second = _events(app_env, "admin.created")[1]
    assert second.actor_user_id == _user_id(app_env, "first@example.org")
    assert second.actor_user_id != _user_id(app_env, "second@example.org")


def test_acting_as_someone_who_is_no_admin_is_refused(app_env, capsys) -> None:
    make_world(app_env)  # b0@example.org is a learner
    assert cli.main(["--as", "b0@example.org", "fee", "10"]) == 1
    assert "not a platform admin" in capsys.readouterr().err
    assert _events(app_env, "fee.set") == []
    assert cli.main(["admin", "create", "ops@example.org"]) == 0
    assert cli.main(["--as", "ops@example.org", "fee", "10"]) == 0
    (fee,) = _events(app_env, "fee.set")
    assert fee.actor_user_id == _user_id(app_env, "ops@example.org")


def test_an_invitation_never_demotes_an_owner(browser, smtp, app_env, new_browser) -> None:
    from tests.integration.accounts.test_accounts import path_of

    w = make_world(app_env)
    with session_scope(app_env) as session:
        owner = session.get(User, w["users"][0])
        assert owner is not None
        session.add(StaffRole(user_id=owner.id, university_id=w["university_id"], role="owner"))
        colleague = session.get(User, w["users"][1])
        assert colleague is not None
        session.add(StaffRole(user_id=colleague.id, university_id=w["university_id"], role="owner"))
        owner_token = accounts.create_session(session, w["users"][0])
        colleague_token = accounts.create_session(session, w["users"][1])
    # A co-owner (or a stolen owner session) invites the other owner as a mere assessor.
    browser.client.cookies.set(SESSION_COOKIE, colleague_token)
    sent = browser.landing(
        browser.post_form(
            "/api/universities/uni/invitations", {"email": "b0@example.org", "role": "assessor"}
        )
    )[1]
    assert sent is not None and sent[0] == "success"
    link = smtp.last_link("b0@example.org")

    owner_browser = new_browser()
    owner_browser.client.cookies.set(SESSION_COOKIE, owner_token)
    assert owner_browser.landing(owner_browser.get(path_of(link)))[0] == "/invitation"
    page, flash, _ = owner_browser.landing(owner_browser.post_form("/api/auth/invitation", {}))
    assert flash is not None and flash[0] == "error"
    assert "already owner" in flash[1] and "not applied" in flash[1]
    with session_scope(app_env) as session:
        role = session.execute(
            sa.select(StaffRole.role).where(StaffRole.user_id == w["users"][0])
        ).scalar_one()
    assert role == "owner"
    assert _events(app_env, "staff.joined") == []


def test_an_invitation_to_a_higher_role_is_recorded_with_before_and_after(
    browser, smtp, app_env, new_browser
) -> None:
    from tests.integration.accounts.test_accounts import path_of

    w = make_world(app_env)
    with session_scope(app_env) as session:
        session.add(
            StaffRole(user_id=w["users"][0], university_id=w["university_id"], role="owner")
        )
        session.add(
            StaffRole(user_id=w["users"][1], university_id=w["university_id"], role="assessor")
        )
        owner_token = accounts.create_session(session, w["users"][0])
        assessor_token = accounts.create_session(session, w["users"][1])
    browser.client.cookies.set(SESSION_COOKIE, owner_token)
    browser.post_form(
        "/api/universities/uni/invitations", {"email": "b1@example.org", "role": "owner"}
    )
    link = smtp.last_link("b1@example.org")
    other = new_browser()
    other.client.cookies.set(SESSION_COOKIE, assessor_token)
    other.get(path_of(link))
    page, flash, _ = other.landing(other.post_form("/api/auth/invitation", {}))
    assert page == "/staff/uni" and flash is not None and flash[0] == "success"
    (joined,) = _events(app_env, "staff.joined")
    assert joined.actor_user_id == w["users"][1]
    assert joined.detail["before"] == {"role": "assessor"}
    assert joined.detail["after"] == {"role": "owner"}
