"""The request helper every route stands on: one unit of work, errors a person can read.

A refused form post comes back to its page with the reason in the reader's language; bad
input to the JSON API is a 400 with a JSON reason, never a 500; and a request opens one
database transaction however many things it looks up (who is signed in, their roles, the
university, the change itself).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from microcred_market.accounts import service as accounts
from microcred_market.accounts.models import StaffRole, User
from microcred_market.api.deps import Call, api, form_post, int_param, json_body
from microcred_market.catalogue.models import University
from microcred_market.platform.clock import utcnow
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput
from microcred_market.settings import reset_settings_cache
from tests.integration.conftest import API, FRONT, Browser

pytestmark = pytest.mark.accounts


@form_post("/somewhere")
def _refusing_form(call: Call) -> Response:
    raise InvalidInput("api.type_delete")


@api
def _json_echo(call: Call) -> Response:
    body = json_body(call.request.state.body)
    return JSONResponse({"got": body, "n": int_param(call.query.get("n"), "n", default=1)})


async def _with_body(request) -> Response:
    request.state.body = await request.body()
    return await _json_echo(request)


@pytest.fixture
def toy(app_env: str) -> Browser:
    app = Starlette(
        routes=[
            Route("/form", _refusing_form, methods=["POST"]),
            Route("/json", _with_body, methods=["POST"]),
        ]
    )
    return Browser(TestClient(app, base_url=API, raise_server_exceptions=False))


def test_a_refused_form_post_comes_back_with_the_reason_in_polish(toy: Browser) -> None:
    toy.client.cookies.set("lang", "pl")
    page, flash, _ = toy.landing(toy.post_form("/form", {"x": "1"}))
    assert page == "/somewhere"
    assert flash == ("error", "Wpisz DELETE, aby potwierdzić.")
    toy.client.cookies.set("lang", "en")
    assert toy.landing(toy.post_form("/form", {}))[1] == ("error", "Type DELETE to confirm.")


def test_a_real_route_refuses_in_polish_too(browser: Browser) -> None:
    browser.client.cookies.set("lang", "pl")
    page, flash, _ = browser.landing(
        browser.post_form("/api/universities/no-such-place/invitations", {"email": "a@b.pl"})
    )
    assert page == "/" and flash == ("error", "Taka uczelnia nie istnieje.")
    page, flash, _ = browser.landing(
        browser.post_form("/api/auth/signin", {"email": "x"}, origin="https://evil.example")
    )
    assert page == "/signin" and flash[0] == "error" and "innej strony" in flash[1]


def test_malformed_json_and_bad_parameters_are_400_json(toy: Browser) -> None:
    ok = toy.client.post("/json?n=3", content=b'{"a": 1}')
    assert ok.status_code == 200 and ok.json() == {"got": {"a": 1}, "n": 3}
    broken = toy.client.post("/json", content=b'{"a": ')
    assert broken.status_code == 400
    assert broken.json() == {
        "error": "invalid_input",
        "message": "The request body is not valid JSON.",
    }
    bad = toy.client.post("/json?n=three", content=b"{}", cookies={"lang": "pl"})
    assert bad.status_code == 400
    assert bad.json()["message"] == "Parametr n musi być liczbą całkowitą."


@pytest.mark.parametrize(
    "method,path,kwargs",
    [
        (
            "POST",
            "/api/verify",
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
        ),
        (
            "POST",
            "/api/verify",
            {
                "content": b"--x\r\nbroken",
                "headers": {"content-type": "multipart/form-data; boundary=x"},
            },
        ),
        ("GET", "/api/credentials/not-a-uuid.json", {}),
        ("GET", "/api/offerings/%00%ff", {}),
        ("GET", "/api/status/x/nonsense/999999999999999999999", {}),
    ],
)
def test_bad_input_to_the_json_api_is_never_a_500(browser: Browser, method, path, kwargs) -> None:
    response = browser.client.request(method, path, **kwargs)
    assert 400 <= response.status_code < 500, response.text
    assert set(response.json()) >= {"error", "message"}


def test_a_broken_form_body_comes_back_to_the_page(browser: Browser) -> None:
    response = browser.client.post(
        "/api/auth/signin",
        content=b"--x\r\nbroken",
        headers={"Origin": FRONT, "content-type": "multipart/form-data; boundary=x"},
        follow_redirects=False,
    )
    page, flash, _ = browser.landing(response)
    assert page == "/signin" and flash[0] == "error"


@pytest.fixture
def owner(app_env: str) -> str:
    """A verified owner of uni-a; returns their session token."""
    with session_scope(app_env) as session:
        university = University(
            slug="uni-a",
            name="UNI A",
            country_code="PL",
            city="X",
            website="https://x.example",
            approved=True,
        )
        user = User(email="owner@example.org", email_verified_at=utcnow(), display_name="Owner")
        session.add_all([university, user])
        session.flush()
        session.add(StaffRole(user_id=user.id, university_id=university.id, role="owner"))
        return accounts.create_session(session, user.id)


@pytest.fixture
def transactions(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Every database transaction begun while the test runs (mail delivery is off)."""
    monkeypatch.setenv("INPROCESS_WORKER", "0")
    reset_settings_cache()
    begun: list[object] = []

    def count(session, transaction, connection) -> None:  # type: ignore[no-untyped-def]
        if transaction.parent is None:
            begun.append(transaction)

    event.listen(Session, "after_begin", count)
    yield begun
    event.remove(Session, "after_begin", count)


# Before the helper, inviting opened four transactions (who is signed in, their roles,
# the university, the invitation); the rate-limit counter keeps its own on purpose, so a
# refused attempt still counts.
@pytest.mark.parametrize(
    "method,path,form,expected",
    [
        ("GET", "/api/me", None, 1),
        ("GET", "/api/universities/uni-a/staff", None, 1),
        (
            "POST",
            "/api/universities/uni-a/invitations",
            {"email": "new@example.org", "role": "editor"},
            1 + 1,
        ),
        ("POST", "/api/auth/change-password", {"current": "wrong", "password": "x" * 20}, 1),
        ("POST", "/api/auth/signout-everywhere", {}, 1),
    ],
)
def test_a_request_is_one_unit_of_work(
    browser: Browser, owner: str, transactions: list[object], method, path, form, expected
) -> None:
    browser.client.cookies.set(SESSION_COOKIE, owner)
    before = len(transactions)
    if form is None:
        response = browser.get(path)
        assert response.status_code == 200, response.text
    else:
        response = browser.post_form(path, form)
        assert response.status_code == 303
    assert len(transactions) - before == expected, path


def test_the_unit_of_work_is_committed_once_and_kept(browser: Browser, owner: str, app_env) -> None:
    browser.client.cookies.set(SESSION_COOKIE, owner)
    page, flash, _ = browser.landing(
        browser.post_form(
            "/api/universities/uni-a/invitations", {"email": "new@example.org", "role": "editor"}
        )
    )
    assert page == "/staff/uni-a" and flash[0] == "success"
    with session_scope(app_env) as session:
        count = session.execute(sa.text("select count(*) from staff_invitation")).scalar_one()
    assert count == 1


def test_a_nul_in_a_form_field_is_not_a_500(browser: Browser) -> None:
    response = browser.post_form(
        "/api/auth/signup",
        {"email": "nul\x00@example.org", "password": "x" * 20, "display_name": "N\x00"},
    )
    assert response.status_code == 303
