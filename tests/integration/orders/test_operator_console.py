"""The operator console's services: the platform fee and vouchers, as the pages use them.

Each is checked against the permission table and audited with the value before and
after; the checkout charges the fee the operator set for the course's university.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from microcred_market.accounts import authz
from microcred_market.accounts.models import User
from microcred_market.catalogue.models import University
from microcred_market.orders import operator
from microcred_market.orders import service as orders
from microcred_market.platform.clock import utcnow
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput
from microcred_market.platform.models import AuditEvent
from tests.integration.orders.test_orders import buy, make_world
from tests.support.signed_in import as_user

pytestmark = pytest.mark.payments


def _operator(url: str, admin: bool = True) -> tuple[int, authz.Principal]:
    with session_scope(url) as session:
        user = User(
            email="op@example.org" if admin else "nobody@example.org",
            email_verified_at=utcnow(),
            display_name="Op",
            is_admin=admin,
        )
        session.add(user)
        session.flush()
        assert user.id is not None
        return user.id, authz.principal_for(session, user.id)


def _audit(url: str, action: str) -> list[AuditEvent]:
    with session_scope(url) as session:
        rows = session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        ).scalars()
        out = list(rows)
        for row in out:
            session.expunge(row)
        return out


def _second_university(url: str) -> None:
    with session_scope(url) as session:
        session.add(
            University(
                slug="other",
                name="Another Uni",
                country_code="DE",
                city="Berlin",
                website="https://o.example",
                approved=True,
            )
        )


def test_the_fee_page_shows_the_default_and_each_universitys_own(app_env) -> None:
    make_world(app_env)
    _second_university(app_env)
    user_id, principal = _operator(app_env)
    with session_scope(app_env) as session:
        view = operator.fees(session, principal)
    assert view.default_basis_points == 1000
    assert [(u.slug, u.own_basis_points, u.basis_points) for u in view.universities] == [
        ("other", None, 1000),
        ("uni", None, 1000),
    ]
    with session_scope(app_env) as session:
        assert operator.change_fee(session, principal, "12.5") == 1250
        assert operator.change_fee(session, principal, "4.25", "uni") == 425
    with session_scope(app_env) as session:
        view = operator.fees(session, principal)
    assert view.default_basis_points == 1250
    assert [(u.slug, u.own_basis_points, u.basis_points) for u in view.universities] == [
        ("other", None, 1250),
        ("uni", 425, 425),
    ]
    changes = _audit(app_env, "fee.set")
    assert [
        (e.actor_user_id, e.subject, e.detail["before"], e.detail["after"]) for e in changes
    ] == [
        (user_id, "default", {"fee_basis_points": None}, {"fee_basis_points": 1250}),
        (user_id, "uni", {"fee_basis_points": None}, {"fee_basis_points": 425}),
    ]
    with session_scope(app_env) as session:
        operator.change_fee(session, principal, "5", "uni")
    assert _audit(app_env, "fee.set")[-1].detail["before"] == {"fee_basis_points": 425}


@pytest.mark.parametrize("bad", ["-1", "50.01", "101", "abc", "", "1.005", "NaN", "1e3"])
def test_a_fee_outside_the_rule_is_refused_and_changes_nothing(app_env, bad) -> None:
    make_world(app_env)
    _, principal = _operator(app_env)
    with pytest.raises(InvalidInput), session_scope(app_env) as session:
        operator.change_fee(session, principal, bad, "uni")
    with session_scope(app_env) as session:
        assert operator.fees(session, principal).universities[0].own_basis_points is None
    assert _audit(app_env, "fee.set") == []


def test_the_checkout_charges_the_universitys_own_fee_and_the_default_again_once_cleared(
    app_env,
) -> None:
    w = make_world(app_env, price=10_000)
    user_id, principal = _operator(app_env)
    with session_scope(app_env) as session:
        operator.change_fee(session, principal, "20")
        operator.change_fee(session, principal, "2.5", "uni")
    first = buy(app_env, w["users"][0])
    with session_scope(app_env) as session:
        assert orders.order_by_uuid(session, first.order_uuid).platform_fee_minor == 250
    with session_scope(app_env) as session:
        assert operator.clear_fee(session, principal, "uni") == "Uni"
    second = buy(app_env, w["users"][1])
    with session_scope(app_env) as session:
        assert orders.order_by_uuid(session, second.order_uuid).platform_fee_minor == 2_000
    cleared = _audit(app_env, "fee.cleared")
    assert [
        (e.actor_user_id, e.subject, e.detail["before"], e.detail["after"]) for e in cleared
    ] == [(user_id, "uni", {"fee_basis_points": 250}, {"fee_basis_points": None})]
    with pytest.raises(InvalidInput), session_scope(app_env) as session:
        operator.clear_fee(session, principal, "uni")  # nothing of its own any more


def test_fees_are_the_operators_alone(app_env) -> None:
    make_world(app_env)
    _, nobody = _operator(app_env, admin=False)
    for call in (
        lambda s: operator.fees(s, nobody),
        lambda s: operator.change_fee(s, nobody, "1"),
        lambda s: operator.clear_fee(s, nobody, "uni"),
        lambda s: operator.fees(s, authz.ANONYMOUS),
    ):
        with pytest.raises((authz.Forbidden, authz.NotSignedIn)), session_scope(app_env) as s:
            call(s)
    assert _audit(app_env, "fee.set") == []


def test_the_fee_form_takes_a_polish_comma_and_says_what_was_saved(browser, app_env) -> None:
    make_world(app_env)
    user_id, _ = _operator(app_env)
    as_user(browser, app_env, user_id)
    browser.client.cookies.set("lang", "pl")
    path, flash, _ = browser.landing(
        browser.post_form("/api/admin/fees", {"percent": "12,5", "university": "uni"})
    )
    assert path == "/admin/fees" and flash is not None and flash[0] == "success"
    assert "12,5" in flash[1] and "Zapisano" in flash[1]
    with session_scope(app_env) as session:
        assert orders.fee_basis_points(session, make_world_id(session)) == 1250
    path, flash, _ = browser.landing(browser.post_form("/api/admin/fees", {"percent": "80"}))
    assert path == "/admin/fees" and flash is not None and flash[0] == "error"
    assert SESSION_COOKIE


def make_world_id(session) -> int:
    return session.execute(sa.select(University.id).where(University.slug == "uni")).scalar_one()


def _create(url, principal, **form) -> str:
    with session_scope(url) as session:
        return operator.create_voucher_from_form(session, principal, **form).code


def test_vouchers_are_created_as_the_cli_allows_listed_and_audited(app_env) -> None:
    make_world(app_env)
    user_id, principal = _operator(app_env)
    assert (
        _create(
            app_env,
            principal,
            code="spring-26",
            kind="percent",
            value="20",
            max_uses="2",
            offering_slug="course",
        )
        == "SPRING-26"
    )
    _create(
        app_env,
        principal,
        code="HUNDRED",
        kind="fixed",
        value="100,50",
        currency="pln",
        expires="2099-06-30",
        university_slug="uni",
    )
    _create(app_env, principal, code="OLD", kind="percent", value="5", expires="2001-01-01")
    with session_scope(app_env) as session:
        view = operator.vouchers(session, principal)
    assert [(v.code, v.state) for v in view.vouchers] == [
        ("OLD", "expired"),
        ("HUNDRED", "active"),
        ("SPRING-26", "active"),
    ]
    hundred = view.vouchers[1]
    assert (hundred.kind, hundred.amount_off_minor, hundred.currency) == ("fixed", 10_050, "PLN")
    assert (hundred.scope, hundred.scope_name) == ("university", "Uni")
    spring = view.vouchers[2]
    assert (spring.percent_off, spring.max_uses, spring.scope_name) == (20, 2, "Course")
    assert view.universities == [("uni", "Uni")]
    created = _audit(app_env, "voucher.created")
    assert [e.subject for e in created] == ["SPRING-26", "HUNDRED", "OLD"]
    assert all(e.actor_user_id == user_id and e.detail["before"] is None for e in created)
    assert created[1].detail["after"]["amount_off_minor"] == 10_050


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"code": "X!", "kind": "percent", "value": "5"}, "3 to 40"),
        ({"code": "OK1", "kind": "percent", "value": "0"}, "between 1 and 100"),
        ({"code": "OK1", "kind": "percent", "value": "12.5"}, "whole percent"),
        ({"code": "OK1", "kind": "fixed", "value": "10"}, "currency"),
        ({"code": "OK1", "kind": "fixed", "value": "1.001", "currency": "PLN"}, "100.00"),
        ({"code": "OK1", "kind": "fixed", "value": "NaN", "currency": "PLN"}, "100.00"),
        ({"code": "OK1", "kind": "percent", "value": "5", "max_uses": "0"}, "whole number"),
        ({"code": "OK1", "kind": "percent", "value": "5", "max_uses": "-3"}, "whole number"),
        ({"code": "OK1", "kind": "percent", "value": "5", "expires": "30.06.2027"}, "2027-06-30"),
        ({"code": "OK1", "kind": "other", "value": "5"}, "either"),
        ({"code": "OK1", "kind": "percent", "value": "5", "offering_slug": "nope"}, "nope"),
    ],
)
def test_a_bad_voucher_is_refused_with_its_reason_and_nothing_is_made(app_env, form, message):
    from microcred_market.platform.errors import DomainError

    make_world(app_env)
    _, principal = _operator(app_env)
    with pytest.raises(DomainError) as refused, session_scope(app_env) as session:
        operator.create_voucher_from_form(session, principal, **form)
    assert message in refused.value.text("en")
    with session_scope(app_env) as session:
        assert operator.vouchers(session, principal).vouchers == []


def test_a_disabled_voucher_is_refused_at_checkout_and_the_change_is_audited(app_env) -> None:
    w = make_world(app_env, price=10_000)
    user_id, principal = _operator(app_env)
    _create(app_env, principal, code="TEN", kind="percent", value="10")
    assert buy(app_env, w["users"][0], voucher_code="ten").amount_minor == 9_000
    with session_scope(app_env) as session:
        assert operator.disable_voucher(session, principal, "ten") == "TEN"
    with pytest.raises(orders.VoucherProblem) as refused:
        buy(app_env, w["users"][1], voucher_code="TEN")
    assert "withdrawn" in refused.value.text("en")
    with session_scope(app_env) as session:
        line = operator.vouchers(session, principal).vouchers[0]
    assert (line.state, line.used) == ("disabled", 1)
    (event,) = _audit(app_env, "voucher.disabled")
    assert event.actor_user_id == user_id and event.subject == "TEN"
    assert event.detail["before"]["disabled_at"] is None and event.detail["after"]["disabled_at"]
    with pytest.raises(InvalidInput), session_scope(app_env) as session:
        operator.disable_voucher(session, principal, "TEN")


def test_vouchers_are_the_operators_alone(app_env) -> None:
    make_world(app_env)
    _, principal = _operator(app_env)
    _create(app_env, principal, code="MINE", kind="percent", value="10")
    with session_scope(app_env) as session:
        learner = authz.principal_for(session, make_world_user(session))
    for call in (
        lambda s: operator.vouchers(s, learner),
        lambda s: operator.create_voucher_from_form(
            s, learner, code="THEIRS", kind="percent", value="50"
        ),
        lambda s: operator.disable_voucher(s, learner, "MINE"),
    ):
        with pytest.raises(authz.Forbidden), session_scope(app_env) as s:
            call(s)
    with session_scope(app_env) as session:
        assert [(v.code, v.state) for v in operator.vouchers(session, principal).vouchers] == [
            ("MINE", "active")
        ]


def make_world_user(session) -> int:
    return session.execute(sa.select(User.id).where(User.email == "b0@example.org")).scalar_one()


def test_the_audit_log_finds_the_operators_changes_by_actor_subject_and_date(app_env) -> None:
    from datetime import timedelta

    from microcred_market.accounts import queries as account_queries

    make_world(app_env)
    _, principal = _operator(app_env)
    with session_scope(app_env) as session:
        operator.change_fee(session, principal, "3", "uni")
    _create(app_env, principal, code="AUDITED", kind="percent", value="10")
    today = utcnow().date()
    with session_scope(app_env) as session:

        def find(**search) -> list[tuple[str, str]]:
            found = account_queries.audit_log(session, account_queries.AuditFilter(**search))
            return [(line.action, line.subject) for line in found.lines]

        assert find(actor="op@example", subject="uni") == [("fee.set", "uni")]
        assert find(subject="audited", date_from=str(today), date_to=str(today)) == [
            ("voucher.created", "AUDITED")
        ]
        assert find(actor="op@", date_to=str(today - timedelta(days=1))) == []
        (fee,) = account_queries.audit_log(
            session, account_queries.AuditFilter(action="fee.set")
        ).lines
        assert '"fee_basis_points": 300' in fee.after
