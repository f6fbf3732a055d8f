"""Joining the market: apply, an operator approves (the applicant owns the university) or
refuses with a reason (mailed); the owner edits the university's page and logo."""

from __future__ import annotations

import email.header
import io

import pytest
import sqlalchemy as sa
from PIL import Image

from microcred_market.accounts.models import StaffRole, UniversityApplication, User
from microcred_market.catalogue.models import University
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.platform.models import AuditEvent
from tests.integration.conftest import FRONT
from tests.support.portal_world import person

pytestmark = pytest.mark.portal

FORM = {
    "name": "Uniwersytet Mikołaja Kopernika",
    "country": "PL",
    "city": "Toruń",
    "website": "https://www.umk.pl",
    "quality_body": "Polska Komisja Akredytacyjna (PKA)",
    "contact_name": "Anna Nowak",
    "contact_email": "rektorat@umk.example",
    "contact_phone": "+48 56 611 00 00",
}


def _png(size: int = 64) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), (30, 60, 200)).save(out, "PNG")
    return out.getvalue()


def _application(url: str) -> UniversityApplication:
    with session_scope(url) as session:
        app = session.execute(sa.select(UniversityApplication)).scalar_one()
        session.expunge(app)
        return app


def _actions(url: str) -> list[tuple[str, dict]]:
    with session_scope(url) as session:
        return [
            (e.action, e.detail)
            for e in session.execute(sa.select(AuditEvent).order_by(AuditEvent.id)).scalars()
        ]


def test_apply_approve_and_the_applicant_owns_the_university(
    browser, new_browser, smtp, app_env
) -> None:
    browser.client.cookies.set(SESSION_COOKIE, person(app_env, "applicant@example.org"))
    page, flash, _ = browser.landing(browser.post_form("/api/universities/apply", FORM))
    assert page == "/join" and flash == ("success", "Application sent. We will answer by e-mail.")
    app = _application(app_env)
    assert (app.state, app.quality_body, app.country_code) == (
        "pending",
        FORM["quality_body"],
        "PL",
    )

    operator = new_browser()
    operator.client.cookies.set(SESSION_COOKIE, person(app_env, "ops@example.org", admin=True))
    listed = operator.get("/api/admin/applications").json()["applications"]
    assert [(a["name"], a["state"]) for a in listed] == [(FORM["name"], "pending")]
    page, flash, _ = operator.landing(
        operator.post_form(f"/api/admin/applications/{app.uuid}/approve", {})
    )
    assert page == "/admin/universities" and flash is not None and flash[0] == "success"

    with session_scope(app_env) as session:
        uni = session.execute(sa.select(University)).scalar_one()
        role = session.execute(
            sa.select(StaffRole.role)
            .join(User, User.id == StaffRole.user_id)
            .where(User.email == "applicant@example.org", StaffRole.university_id == uni.id)
        ).scalar_one()
    assert (uni.slug, uni.approved, uni.quality_assurance) == (
        "uniwersytet-mikolaja-kopernika",
        True,
        FORM["quality_body"],
    )
    assert role == "owner"
    mail = smtp.wait_for("applicant@example.org")[-1]
    subject = str(email.header.make_header(email.header.decode_header(mail["Subject"])))
    assert subject == f"{FORM['name']} is on microcred"
    assert smtp.last_link("applicant@example.org").endswith(f"/staff/{uni.slug}/university")
    # The new owner may now see their staff page; deciding twice is refused.
    assert browser.get(f"/api/universities/{uni.slug}/staff").status_code == 200
    again = operator.landing(operator.post_form(f"/api/admin/applications/{app.uuid}/approve", {}))
    assert again[1] == ("error", "This application has already been decided.")
    approved = [d for a, d in _actions(app_env) if a == "university.approved"]
    assert approved and approved[0]["before"]["state"] == "pending"
    assert approved[0]["after"]["university"] == uni.slug


def test_refuse_with_a_reason_that_is_mailed_and_nothing_is_created(
    browser, new_browser, smtp, app_env
) -> None:
    browser.client.cookies.set(SESSION_COOKIE, person(app_env, "hopeful@example.org", lang="pl"))
    browser.post_form("/api/universities/apply", FORM)
    app = _application(app_env)
    operator = new_browser()
    operator.client.cookies.set(SESSION_COOKIE, person(app_env, "ops@example.org", admin=True))
    # A reason is required: the applicant is owed one.
    short = operator.landing(
        operator.post_form(f"/api/admin/applications/{app.uuid}/refuse", {"reason": "no"})
    )
    assert short[1] is not None and short[1][0] == "error"
    reason = "We could not confirm the accreditation with PKA."
    page, flash, _ = operator.landing(
        operator.post_form(f"/api/admin/applications/{app.uuid}/refuse", {"reason": reason})
    )
    assert flash is not None and flash[0] == "success"
    body = smtp.wait_for("hopeful@example.org")[-1].get_payload(decode=True).decode()
    assert reason in body and "Uzasadnienie" in body  # in the applicant's language
    with session_scope(app_env) as session:
        assert session.execute(sa.select(sa.func.count()).select_from(University)).scalar_one() == 0
        assert session.execute(sa.select(sa.func.count()).select_from(StaffRole)).scalar_one() == 0
    assert _application(app_env).state == "refused"
    refused = [d for a, d in _actions(app_env) if a == "university.refused"]
    assert refused[0]["after"] == {"state": "refused", "reason": reason}


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("website", "javascript:alert(1)", "https://"),
        ("country", "XX", "countries on the list"),
        ("quality_body", "", "quality-assurance body"),
        ("contact_email", "not-an-address", "e-mail"),
    ],
)
def test_a_bad_application_says_what_is_wrong_and_keeps_nothing(
    browser, app_env, field: str, value: str, says: str
) -> None:
    browser.client.cookies.set(SESSION_COOKIE, person(app_env, "typo@example.org"))
    _, flash, _ = browser.landing(
        browser.post_form("/api/universities/apply", {**FORM, field: value})
    )
    assert flash is not None and flash[0] == "error" and says in flash[1], flash
    with session_scope(app_env) as session:
        count = sa.select(sa.func.count()).select_from(UniversityApplication)
        assert session.execute(count).scalar_one() == 0


def test_applying_needs_an_account_and_deciding_an_operator(browser, new_browser, app_env) -> None:
    page, _, query = browser.landing(browser.post_form("/api/universities/apply", FORM))
    assert page == "/signin" and query["next"] == ["/join"]
    browser.client.cookies.set(SESSION_COOKIE, person(app_env, "a@example.org"))
    browser.post_form("/api/universities/apply", FORM)
    app = _application(app_env)
    # The applicant cannot approve themselves.
    _, flash, _ = browser.landing(
        browser.post_form(f"/api/admin/applications/{app.uuid}/approve", {})
    )
    assert flash is not None and flash[0] == "error"
    assert browser.get("/api/admin/applications").status_code == 403
    assert _application(app_env).state == "pending"


def _owner_of_new_university(browser, new_browser, app_env) -> str:
    browser.client.cookies.set(SESSION_COOKIE, person(app_env, "owner@example.org"))
    browser.post_form("/api/universities/apply", FORM)
    operator = new_browser()
    operator.client.cookies.set(SESSION_COOKIE, person(app_env, "ops@example.org", admin=True))
    operator.post_form(f"/api/admin/applications/{_application(app_env).uuid}/approve", {})
    return "uniwersytet-mikolaja-kopernika"


def _upload(browser, slug: str, data: bytes, name: str):
    return browser.client.post(
        f"/api/staff/{slug}/university/logo",
        files={"logo": (name, data, "image/png")},
        headers={"Origin": FRONT},
        follow_redirects=False,
    )


def test_the_owner_edits_the_page_and_uploads_a_logo_served_with_its_type(
    browser, new_browser, app_env
) -> None:
    slug = _owner_of_new_university(browser, new_browser, app_env)
    page, flash, _ = browser.landing(
        browser.post_form(
            f"/api/staff/{slug}/university",
            {
                "description": "A university in Toruń since 1945.",
                "quality_assurance": "Accredited by PKA; every course is reviewed yearly.",
                "website": "https://www.umk.pl",
            },
        )
    )
    assert page == f"/staff/{slug}/university" and flash is not None and flash[0] == "success"
    logo = _png()
    page, flash, _ = browser.landing(_upload(browser, slug, logo, "logo.png"))
    assert flash == ("success", "The logo is saved."), flash
    anyone = new_browser()
    served = anyone.get(f"/api/universities/{slug}/logo")
    assert served.status_code == 200 and served.content == logo
    assert served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"
    assert "public" in served.headers["cache-control"]
    again = anyone.get(
        f"/api/universities/{slug}/logo", headers={"If-None-Match": served.headers["etag"]}
    )
    assert again.status_code == 304
    versioned = anyone.get(f"/api/universities/{slug}/logo?v=1")
    assert "immutable" in versioned.headers["cache-control"]
    with session_scope(app_env) as session:
        uni = session.execute(sa.select(University)).scalar_one()
    assert uni.description.startswith("A university in Toruń")
    changes = [d for a, d in _actions(app_env) if a == "university.page"]
    assert changes[0]["before"]["description"] == ""
    assert changes[0]["after"]["quality_assurance"].startswith("Accredited by PKA")


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "logo.pdf", "PNG, JPEG or WebP"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "logo.svg",
            "",
        ),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 2_000_000, "big.png", "larger than"),
        (b"GIF89a" + b"\0" * 100, "logo.gif", ""),
    ],
)
def test_a_logo_that_is_not_a_small_picture_is_refused(
    browser, new_browser, app_env, data: bytes, name: str, says: str
) -> None:
    slug = _owner_of_new_university(browser, new_browser, app_env)
    _, flash, _ = browser.landing(_upload(browser, slug, data, name))
    assert flash is not None and flash[0] == "error" and says in flash[1], flash
    assert new_browser().get(f"/api/universities/{slug}/logo").status_code == 404


def test_only_the_owner_edits_the_page(browser, new_browser, app_env) -> None:
    slug = _owner_of_new_university(browser, new_browser, app_env)
    stranger = new_browser()
    stranger.client.cookies.set(SESSION_COOKIE, person(app_env, "stranger@example.org"))
    _, flash, _ = stranger.landing(
        stranger.post_form(
            f"/api/staff/{slug}/university",
            {"description": "Hacked", "quality_assurance": "", "website": "https://evil.example"},
        )
    )
    assert flash is not None and flash[0] == "error"
    _, flash, _ = stranger.landing(_upload(stranger, slug, _png(), "logo.png"))
    assert flash is not None and flash[0] == "error"
    with session_scope(app_env) as session:
        uni = session.execute(sa.select(University)).scalar_one()
    assert (uni.description, uni.logo) == ("", None)
