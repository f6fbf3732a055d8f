"""The audit trail: every change of money, roles and keys names who, on what, from what to what.

The command line acts as the operator's OS login unless `--as` names an admin; an
invitation can add a role but never take one away.
"""

from __future__ import annotations

import getpass
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from microcred_market import cli
from microcred_market.accounts import authz
from microcred_market.accounts import service as accounts
from microcred_market.accounts.models import StaffRole, User
from microcred_market.platform.clock import utcnow
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.platform.models import AuditEvent
from microcred_market.ui.guards import page_allowed
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


def _admin_browser(app_env, new_browser, email: str = "ops@example.org"):
    with session_scope(app_env) as session:
        user = User(email=email, email_verified_at=utcnow(), display_name="Ops", is_admin=True)
        session.add(user)
        session.flush()
        token = accounts.create_session(session, user.id)
    admin = new_browser()
    admin.client.cookies.set(SESSION_COOKIE, token)
    return admin


def _search(browser, **params) -> dict:
    response = browser.get("/api/admin/audit", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_audit_log_lists_newest_first_and_filters(app_env, new_browser, capsys) -> None:
    make_world(app_env)
    assert cli.main(["fee", "12.5"]) == 0
    assert cli.main(["connect", "uni", "acct_9"]) == 0
    admin = _admin_browser(app_env, new_browser)
    assert cli.main(["--as", "ops@example.org", "voucher", "WINTER", "--percent", "10"]) == 0
    with session_scope(app_env) as session:
        old = AuditEvent(action="fee.set", actor_name="cli:old", subject="default")
        old.created_at = datetime(2025, 1, 15, 12, tzinfo=UTC)
        session.add(old)

    everything = _search(admin)
    assert [e["action"] for e in everything["events"]][:3] == [
        "voucher.created",
        "payout.connected",
        "fee.set",
    ]
    assert everything["total"] == 4
    voucher = everything["events"][0]
    assert voucher["actor"] == f"ops@example.org ({LOGIN})"
    assert '"percent_off": 10' in voucher["after"]

    assert [e["subject"] for e in _search(admin, action="fee")["events"]] == [
        "default",
        "default",
    ]
    assert [e["action"] for e in _search(admin, subject="UNI")["events"]] == ["payout.connected"]
    assert [e["action"] for e in _search(admin, actor="ops@")["events"]] == ["voucher.created"]
    assert _search(admin, actor="cli:old")["total"] == 1
    assert [e["actor"] for e in _search(admin, to="2025-01-15")["events"]] == ["cli:old"]
    assert _search(admin, **{"from": "2025-01-16"})["total"] == 3
    assert _search(admin, actor="100%_")["total"] == 0  # LIKE wildcards are plain text
    bad = admin.get("/api/admin/audit", params={"from": "15/01/2025"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json()["message"]


def test_the_audit_log_pages_through_many_changes(app_env, new_browser) -> None:
    admin = _admin_browser(app_env, new_browser)
    with session_scope(app_env) as session:
        for i in range(120):
            session.add(AuditEvent(action="fee.set", actor_name="cli:x", subject=f"s{i:03}"))
    first = _search(admin)
    assert (first["total"], first["page"], first["pages"], len(first["events"])) == (
        120,
        1,
        3,
        50,
    )
    last = _search(admin, page="3")
    assert len(last["events"]) == 20 and last["events"][-1]["subject"] == "s000"
    assert _search(admin, page="99")["page"] == 3
    seen = {e["subject"] for p in ("1", "2", "3") for e in _search(admin, page=p)["events"]}
    assert len(seen) == 120


@pytest.mark.security
def test_the_audit_log_is_refused_to_everyone_but_operators(app_env, browser, new_browser) -> None:
    w = make_world(app_env)
    with session_scope(app_env) as session:
        session.add(
            StaffRole(user_id=w["users"][0], university_id=w["university_id"], role="owner")
        )
        owner_token = accounts.create_session(session, w["users"][0])
    assert browser.get("/api/admin/audit").status_code == 401
    browser.client.cookies.set(SESSION_COOKIE, owner_token)
    assert browser.get("/api/admin/audit").status_code == 403
    with session_scope(app_env) as session:
        owner = authz.principal_for(session, w["users"][0])
    assert not page_allowed(owner, "/admin/audit")
    assert not page_allowed(authz.ANONYMOUS, "/admin/audit")
    assert page_allowed(authz.Principal(user_id=1, is_admin=True), "/admin/audit")


def test_issuing_suspending_and_revoking_a_credential_are_audited(app_env) -> None:
    from microcred_market.credentials import issuing
    from tests.integration.credentials.test_credentials import pass_and_issue, principal
    from tests.support.credential_world import make_world as credential_world

    world = credential_world(app_env)
    row = pass_and_issue(world)
    assessor = principal(app_env, world.assessor_id)
    for action, reason in (("suspend", "Under review"), ("revoke", "Plagiarism confirmed")):
        with session_scope(app_env) as session:
            issuing.change_state(
                session,
                principal=assessor,
                credential_uuid=str(row.uuid),
                action=action,
                reason=reason,
            )
    (issued,) = _events(app_env, "credential.issued")
    assert issued.subject == str(row.uuid) and issued.detail["after"]["state"] == "active"
    (suspended,) = _events(app_env, "credential.suspend")
    (revoked,) = _events(app_env, "credential.revoke")
    assert suspended.actor_user_id == revoked.actor_user_id == world.assessor_id
    assert (suspended.detail["before"], suspended.detail["after"]) == (
        {"state": "active"},
        {"state": "suspended"},
    )
    assert (revoked.detail["before"], revoked.detail["after"]) == (
        {"state": "suspended"},
        {"state": "revoked"},
    )
    assert revoked.detail["reason"] == "Plagiarism confirmed"
