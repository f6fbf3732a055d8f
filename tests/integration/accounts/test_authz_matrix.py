"""Every protected route × every role × own and other university: allowed or denied.

Staff of university A can do nothing to university B, learners nothing to either, and
only operators see the outbox. The same `authz.can` decides for pages (see
`ui.guards.PAGE_RULES`), checked here through the table as well.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit
from uuid import UUID

import pytest
import sqlalchemy as sa

from microcred_market.accounts import authz, joining
from microcred_market.accounts import service as accounts
from microcred_market.accounts.models import StaffRole, User
from microcred_market.catalogue.models import Offering, University
from microcred_market.orders.models import Order
from microcred_market.platform.clock import utcnow
from microcred_market.platform.cookies import SESSION_COOKIE, read_flash
from microcred_market.platform.db import session_scope

pytestmark = pytest.mark.accounts

ROLES = ("anonymous", "learner", "assessor", "editor", "owner", "admin")

# (method, path template, expected for each role at own university A, for B)
# U = the university in the path: "A" (own) or "B" (other).
ROUTES = [
    ("GET", "/api/me", None),
    ("GET", "/api/me/export", None),
    ("GET", "/api/universities/{U}/staff", "university.staff.view"),
    ("POST", "/api/universities/{U}/invitations", "university.staff.invite"),
    ("GET", "/api/admin/outbox", "admin.outbox.view"),
]

EXPECTED = {
    # route -> role -> (own university A, other university B)
    "/api/me": {r: (r != "anonymous",) * 2 for r in ROLES},
    "/api/me/export": {r: (r != "anonymous",) * 2 for r in ROLES},
    "/api/universities/{U}/staff": {
        "anonymous": (False, False),
        "learner": (False, False),
        "assessor": (True, False),
        "editor": (True, False),
        "owner": (True, False),
        "admin": (False, False),
    },
    "/api/universities/{U}/invitations": {
        "anonymous": (False, False),
        "learner": (False, False),
        "assessor": (False, False),
        "editor": (False, False),
        "owner": (True, False),
        "admin": (True, True),
    },
    "/api/admin/outbox": {r: (r == "admin",) * 2 for r in ROLES},
}

# Refunding a paid order of university A or B that someone else bought and whose
# withdrawal period has passed: only the seller's owners and editors, and the operator.
REFUND_EXPECTED = {
    "anonymous": (False, False),
    "learner": (False, False),
    "assessor": (False, False),
    "editor": (True, False),
    "owner": (True, False),
    "admin": (True, True),
}


@pytest.fixture
def people(app_env: str) -> dict[str, str]:
    """One signed-in person per role; returns role -> session token."""
    tokens: dict[str, str] = {}
    with session_scope(app_env) as session:
        for slug in ("uni-a", "uni-b"):
            session.add(
                University(
                    slug=slug,
                    name=slug.upper(),
                    country_code="PL",
                    city="X",
                    website="https://x.example",
                    approved=True,
                )
            )
        session.flush()
        uni_a = session.execute(
            sa.select(University).where(University.slug == "uni-a")
        ).scalar_one()
        for role in ROLES[1:]:
            user = User(
                email=f"{role}@example.org",
                email_verified_at=utcnow(),
                display_name=role,
                is_admin=role == "admin",
            )
            session.add(user)
            session.flush()
            if role in ("assessor", "editor", "owner"):
                session.add(StaffRole(user_id=user.id, university_id=uni_a.id, role=role))
            tokens[role] = accounts.create_session(session, user.id)
    return tokens


def _allowed(status: int, location: str | None, method: str) -> bool:
    if method == "GET":
        assert status in (200, 401, 403), status
        return status == 200
    assert status == 303
    assert location is not None
    return "/staff/" in location and "flash" in location and "signin" not in location


@pytest.mark.parametrize("role", ROLES)
def test_every_route_for_every_role(browser, people, role: str) -> None:
    if role != "anonymous":
        browser.client.cookies.set(SESSION_COOKIE, people[role])
    for method, template, _action in ROUTES:
        for index, uni in enumerate(("uni-a", "uni-b")):
            path = template.replace("{U}", uni)
            if method == "GET":
                response = browser.get(path)
            else:
                response = browser.post_form(
                    path, {"email": "new.staff@example.org", "role": "editor"}
                )
            got = _allowed(response.status_code, response.headers.get("location"), method)
            assert got == EXPECTED[template][role][index], (
                role,
                method,
                path,
                response.status_code,
            )


def test_denied_invitations_change_nothing(browser, people, app_env) -> None:
    from microcred_market.accounts.models import StaffInvitation

    browser.client.cookies.set(SESSION_COOKIE, people["owner"])
    browser.post_form(
        "/api/universities/uni-b/invitations", {"email": "x@example.org", "role": "owner"}
    )
    browser.client.cookies.set(SESSION_COOKIE, people["editor"])
    browser.post_form(
        "/api/universities/uni-a/invitations", {"email": "x@example.org", "role": "owner"}
    )
    with session_scope(app_env) as session:
        assert (
            session.execute(sa.select(sa.func.count()).select_from(StaffInvitation)).scalar_one()
            == 0
        )


def test_page_rules_use_the_same_table(people, app_env) -> None:
    from microcred_market.ui.guards import PAGE_RULES, page_allowed

    with session_scope(app_env) as session:
        ids = dict(session.execute(sa.select(University.slug, University.id)).all())
        users = dict(session.execute(sa.select(User.email, User.id)).all())
        principals = {"anonymous": authz.ANONYMOUS}
        for role in ROLES[1:]:
            principals[role] = authz.principal_for(session, users[f"{role}@example.org"])
    expected_pages = {
        "/account": {r: (r != "anonymous",) * 2 for r in ROLES},
        "/staff/[slug]": EXPECTED["/api/universities/{U}/staff"],
        # owners and assessors of their own university; operators everywhere
        "/staff/[slug]/learners": {
            "anonymous": (False, False),
            "learner": (False, False),
            "assessor": (True, False),
            "editor": (False, False),
            "owner": (True, False),
            "admin": (True, True),
        },
        # authoring: owners and editors of their own university (answer keys are shown)
        "/staff/[slug]/assessments": {r: (r in ("owner", "editor"), False) for r in ROLES},
        "/staff/[slug]/assessments/[offering]": {
            r: (r in ("owner", "editor"), False) for r in ROLES
        },
        # marking: owners and assessors of their own university
        "/staff/[slug]/review": {r: (r in ("owner", "assessor"), False) for r in ROLES},
        "/staff/[slug]/review/[item]": {r: (r in ("owner", "assessor"), False) for r in ROLES},
        "/staff/[slug]/appeals": {r: (r in ("owner", "assessor"), False) for r in ROLES},
        # proctoring: who marks also records how an attempt was supervised
        "/staff/[slug]/attempts": {r: (r in ("owner", "assessor"), False) for r in ROLES},
        "/assess/quiz/[attempt]": {r: (r != "anonymous",) * 2 for r in ROLES},
        "/assess/work/[enrolment]/[component]": {r: (r != "anonymous",) * 2 for r in ROLES},
        # moderation: the owner alone releases results; a learner's own results page
        "/staff/[slug]/release": {r: (r == "owner", False) for r in ROLES},
        "/assess/[enrolment]": {r: (r != "anonymous",) * 2 for r in ROLES},
        # accommodations: the owner alone
        "/staff/[slug]/accommodations": {r: (r == "owner", False) for r in ROLES},
        # qualification rules: owners and editors of the awarding university
        "/staff/[slug]/qualifications": {r: (r in ("owner", "editor"), False) for r in ROLES},
        # recognition of credentials from elsewhere: who judges evidence (owners, assessors)
        "/staff/[slug]/recognition": {r: (r in ("owner", "assessor"), False) for r in ROLES},
        "/wallet": {r: (r != "anonymous",) * 2 for r in ROLES},
        "/admin/outbox": {r: (r == "admin",) * 2 for r in ROLES},
        "/admin/orders": {r: (r == "admin",) * 2 for r in ROLES},
        "/admin/audit": {r: (r == "admin",) * 2 for r in ROLES},
        "/admin/universities": {r: (r == "admin",) * 2 for r in ROLES},
        # the operator console (issue 15 point 7): the operator alone
        "/admin/fees": {r: (r == "admin",) * 2 for r in ROLES},
        "/admin/vouchers": {r: (r == "admin",) * 2 for r in ROLES},
        "/admin/mail": {r: (r == "admin",) * 2 for r in ROLES},
        "/join": {r: (r != "anonymous",) * 2 for r in ROLES},
        "/staff/[slug]/university": {r: (r == "owner", False) for r in ROLES},
        "/staff/[slug]/payments": {
            **{r: (r == "owner", False) for r in ROLES},
            "admin": (True, True),
        },
        "/staff/[slug]/payments/simulated": {r: (r == "owner", False) for r in ROLES},
        # cohorts of an offering: who sells it (owners and editors of its university)
        "/staff/[slug]/offerings/[offering]/cohorts": {
            r: (r in ("owner", "editor"), False) for r in ROLES
        },
        # every cohort of the university: the same people, by the same action
        "/staff/[slug]/cohorts": {r: (r in ("owner", "editor"), False) for r in ROLES},
        # bulk work: importing offerings is authoring; exports by role, operators everywhere
        "/staff/[slug]/offerings/import": {r: (r in ("owner", "editor"), False) for r in ROLES},
        # authoring offerings: owners and editors of their own university, nobody else
        # (the operator neither: a university answers for what it publishes)
        **{
            route: {r: (r in ("owner", "editor"), False) for r in ROLES}
            for route in (
                "/staff/[slug]/offerings",
                "/staff/[slug]/offerings/new",
                "/staff/[slug]/offerings/[offering]",
                "/staff/[slug]/offerings/[offering]/preview",
            )
        },
        "/staff/[slug]/exports": STAFF_OR_OPERATOR,
        # analytics: who runs and sells the courses; the operator may look
        "/staff/[slug]/analytics": SELLERS_OR_OPERATOR,
    }
    assert set(PAGE_RULES) == set(expected_pages)
    for route, by_role in expected_pages.items():
        for role, (own, other) in by_role.items():
            assert page_allowed(principals[role], route, ids["uni-a"]) == own, (route, role)
            assert page_allowed(principals[role], route, ids["uni-b"]) == other, (route, role)


def test_invitation_flow_gives_a_role_at_one_university_only(
    browser, people, smtp, app_env, new_browser
) -> None:
    from tests.integration.accounts.test_accounts import path_of, sign_in, sign_up

    browser.client.cookies.set(SESSION_COOKIE, people["owner"])
    flash = browser.landing(
        browser.post_form(
            "/api/universities/uni-a/invitations",
            {"email": "newbie@example.org", "role": "assessor"},
        )
    )[1]
    assert flash[0] == "success"
    link = smtp.last_link("newbie@example.org")
    assert "/api/auth/invitation?token=" in link

    newbie = new_browser()
    newbie.get(path_of(sign_up(newbie, smtp, "newbie@example.org", name="New Bie")))
    sign_in(newbie, "newbie@example.org")
    page, _, _ = newbie.landing(newbie.get(path_of(link)))
    assert page == "/invitation"
    page, flash, _ = newbie.landing(newbie.post_form("/api/auth/invitation", {}))
    assert page == "/staff/uni-a" and flash[0] == "success"
    assert newbie.get("/api/universities/uni-a/staff").status_code == 200
    assert newbie.get("/api/universities/uni-b/staff").status_code == 403
    # Single use.
    newbie.get(path_of(link))
    assert newbie.landing(newbie.post_form("/api/auth/invitation", {}))[1][0] == "error"


def _paid_order(url: str, university: str, buyer_email: str, paid_days_ago: int) -> str:
    """A paid order of a course of `university`; returns its UUID."""
    with session_scope(url) as session:
        uni = session.execute(
            sa.select(University).where(University.slug == university)
        ).scalar_one()
        offering = session.execute(
            sa.select(Offering).where(Offering.university_id == uni.id)
        ).scalar_one_or_none()
        if offering is None:
            offering = Offering(
                slug=f"course-{university}",
                university_id=uni.id,
                title="Course",
                ects=Decimal(2),
                eqf_level=6,
                price_minor=10_000,
                currency="PLN",
                self_paced=True,
                status="published",
            )
            session.add(offering)
            session.flush()
        buyer = session.execute(sa.select(User).where(User.email == buyer_email)).scalar_one()
        order = Order(
            user_id=buyer.id,  # type: ignore[arg-type]
            offering_id=offering.id,  # type: ignore[arg-type]
            university_id=uni.id,  # type: ignore[arg-type]
            unit_price_minor=10_000,
            amount_minor=10_000,
            currency="PLN",
            provider="simulated",
            state="paid",
            paid_at=utcnow() - timedelta(days=paid_days_ago),
        )
        session.add(order)
        session.flush()
        return str(order.uuid)


def _state(url: str, order_uuid: str) -> str:
    with session_scope(url) as session:
        return session.execute(
            sa.select(Order.state).where(Order.uuid == UUID(order_uuid))
        ).scalar_one()


@pytest.mark.parametrize("role", ROLES)
def test_refund_for_every_role(browser, people, app_env, role: str) -> None:
    """The refund route, the staff page's button and the order service share one rule."""
    if role != "anonymous":
        browser.client.cookies.set(SESSION_COOKIE, people[role])
    with session_scope(app_env) as session:
        ids = dict(session.execute(sa.select(University.slug, University.id)).all())
        user_id = session.execute(
            sa.select(User.id).where(User.email == f"{role}@example.org")
        ).scalar_one_or_none()
        principal = authz.principal_for(session, user_id)
    for index, uni in enumerate(("uni-a", "uni-b")):
        # Bought by someone else (the learner buys for the others) long ago.
        buyer = "owner@example.org" if role == "learner" else "learner@example.org"
        order_uuid = _paid_order(app_env, uni, buyer, paid_days_ago=30)
        expected = REFUND_EXPECTED[role][index]
        assert authz.can(principal, "order.refund", ids[uni]) == expected, (role, uni)
        browser.post_form(f"/api/orders/{order_uuid}/refund", {"back": "/learning"})
        refunded = _state(app_env, order_uuid) != "paid"
        assert refunded == expected, (role, uni)


@pytest.mark.parametrize("role", ROLES[1:])
def test_every_buyer_may_withdraw_from_their_own_order_within_the_period(
    browser, people, app_env, role: str
) -> None:
    browser.client.cookies.set(SESSION_COOKIE, people[role])
    recent = _paid_order(app_env, "uni-b", f"{role}@example.org", paid_days_ago=1)
    flash = browser.landing(browser.post_form(f"/api/orders/{recent}/refund", {}))[1]
    assert flash is not None and flash[0] == "success", role
    assert _state(app_env, recent) != "paid"
    late = _paid_order(app_env, "uni-b", f"{role}@example.org", paid_days_ago=30)
    flash = browser.landing(browser.post_form(f"/api/orders/{late}/refund", {}))[1]
    # Only the operator refunds at another university after the period.
    assert flash is not None and flash[0] == ("success" if role == "admin" else "error"), role
    assert (_state(app_env, late) != "paid") == (role == "admin")


# The university portal (issue 15): joining, the university's page, payouts. Each entry:
# (method, path, form, who may at own university A, at other university B). Form posts
# count as allowed when they end in success (a success flash, or the onboarding page).
OWNER_ONLY = {r: (r == "owner", False) for r in ROLES}
OWNER_OR_OPERATOR = {**OWNER_ONLY, "admin": (True, True)}
STAFF_OR_OPERATOR = {
    **{r: (r in ("owner", "editor", "assessor"), False) for r in ROLES},
    "admin": (True, True),
}
SELLERS_OR_OPERATOR = {
    **{r: (r in ("owner", "editor"), False) for r in ROLES},
    "admin": (True, True),
}
PORTAL_ROUTES = [
    ("GET", "/api/staff/{U}/payments", None, OWNER_OR_OPERATOR),
    ("GET", "/api/staff/{U}/payments/statements.csv", None, OWNER_OR_OPERATOR),
    ("GET", "/api/admin/applications", None, {r: (r == "admin",) * 2 for r in ROLES}),
    ("GET", "/api/universities/{U}/analytics.csv", None, SELLERS_OR_OPERATOR),
    (
        "POST",
        "/api/staff/{U}/university",
        {"description": "New words", "quality_assurance": "PKA", "website": "https://x.example"},
        OWNER_ONLY,
    ),
    # Onboarding first: the simulated switch needs an account to switch.
    ("POST", "/api/staff/{U}/payments/onboarding", {}, OWNER_ONLY),
    ("GET", "/api/staff/{U}/payments/onboarding", None, OWNER_ONLY),
    ("POST", "/api/staff/{U}/payments/simulated", {"payable": "1"}, OWNER_ONLY),
    # Bulk work: exports by role (operators everywhere), the import template for authors.
    *[
        ("GET", f"/api/universities/{{U}}/exports/enrolments.{fmt}", None, STAFF_OR_OPERATOR)
        for fmt in ("csv", "xlsx")
    ],
    *[
        (
            "GET",
            f"/api/universities/{{U}}/exports/results.{fmt}",
            None,
            {**{r: (r in ("owner", "assessor"), False) for r in ROLES}, "admin": (True, True)},
        )
        for fmt in ("csv", "xlsx")
    ],
    *[
        (
            "GET",
            f"/api/universities/{{U}}/exports/sales.{fmt}",
            None,
            {**{r: (r in ("owner", "editor"), False) for r in ROLES}, "admin": (True, True)},
        )
        for fmt in ("csv", "xlsx")
    ],
    (
        "GET",
        "/api/universities/{U}/offerings/import-template.csv",
        None,
        {r: (r in ("owner", "editor"), False) for r in ROLES},
    ),
]


def _portal_allowed(response) -> bool:
    if response.status_code != 303:
        assert response.status_code in (200, 401, 403), response.status_code
        return response.status_code == 200
    location = response.headers["location"]
    if location.endswith("/payments/simulated"):
        return True  # the (simulated) provider's onboarding
    flash = read_flash(parse_qs(urlsplit(location).query).get("flash", [None])[0])
    return flash is not None and flash[0] == "success"


@pytest.mark.portal
@pytest.mark.parametrize("role", ROLES)
def test_every_portal_route_for_every_role(browser, people, app_env, role: str) -> None:
    if role != "anonymous":
        browser.client.cookies.set(SESSION_COOKIE, people[role])
    for method, template, form, expected in PORTAL_ROUTES:
        for index, uni in enumerate(("uni-a", "uni-b")):
            path = template.replace("{U}", uni)
            response = browser.get(path) if method == "GET" else browser.post_form(path, form or {})
            assert _portal_allowed(response) == expected[role][index], (role, method, path)


@pytest.mark.portal
@pytest.mark.parametrize("role", ROLES)
def test_applying_and_deciding_for_every_role(browser, people, app_env, role: str) -> None:
    """Anyone signed in applies; only an operator approves or refuses."""
    if role != "anonymous":
        browser.client.cookies.set(SESSION_COOKIE, people[role])
    applied = browser.post_form(
        "/api/universities/apply",
        {
            "name": f"Academy of {role}",
            "country": "PL",
            "website": "https://academy.example",
            "quality_body": "PKA",
            "contact_name": "Contact",
            "contact_email": "contact@academy.example",
        },
    )
    assert _portal_allowed(applied) == (role != "anonymous"), role
    with session_scope(app_env) as session:
        learner_id = session.execute(
            sa.select(User.id).where(User.email == "learner@example.org")
        ).scalar_one()
        pending = []
        for n in range(2):
            view = joining.apply(
                session,
                authz.principal_for(session, learner_id),
                name=f"Institute {role} {n}",
                country_code="DE",
                website="https://institute.example",
                quality_body="Akkreditierungsrat",
                contact_name="Contact",
                contact_email="contact@institute.example",
            )
            pending.append(view.uuid)
    approved = browser.post_form(f"/api/admin/applications/{pending[0]}/approve", {})
    refused = browser.post_form(
        f"/api/admin/applications/{pending[1]}/refuse", {"reason": "Not accredited."}
    )
    assert _portal_allowed(approved) == (role == "admin"), role
    assert _portal_allowed(refused) == (role == "admin"), role


# The operator console's form posts (issue 15 point 7): the operator alone, whatever the
# university in the form. Each entry: (path, form); allowed means a success flash.
OPERATOR_POSTS = [
    ("/api/admin/fees", {"percent": "12.5"}),
    ("/api/admin/fees", {"percent": "7", "university": "{U}"}),
    ("/api/admin/fees/{U}/clear", {}),
    (
        "/api/admin/vouchers",
        {"code": "C-{U}", "kind": "percent", "value": "10", "university": "{U}"},
    ),
    ("/api/admin/vouchers/C-{U}/disable", {}),
]


@pytest.mark.payments
@pytest.mark.parametrize("role", ROLES)
def test_every_operator_console_post_for_every_role(browser, people, app_env, role: str) -> None:
    from microcred_market.orders.models import PlatformSetting, Voucher

    if role != "anonymous":
        browser.client.cookies.set(SESSION_COOKIE, people[role])
    for template, form in OPERATOR_POSTS:
        for uni in ("uni-a", "uni-b"):
            path = template.replace("{U}", uni)
            data = {k: v.replace("{U}", uni) for k, v in form.items()}
            response = browser.post_form(path, data)
            assert _portal_allowed(response) == (role == "admin"), (role, path, data)
    with session_scope(app_env) as session:
        settings = session.execute(sa.select(PlatformSetting)).scalars().all()
        # Only the operator's posts changed anything: the default, set and left.
        assert [s.fee_basis_points for s in settings] == ([1250] if role == "admin" else [])
        made = session.execute(sa.select(Voucher.code, Voucher.disabled_at)).all()
        assert [(code, at is not None) for code, at in made] == (
            [("C-UNI-A", True), ("C-UNI-B", True)] if role == "admin" else []
        )
