"""Guessing passwords is slowed down, but never shuts the owner out of their account.

The clock of the throttle is moved by hand (`clock`), so that 50 failures are 50 real
password checks spread over the time the backoff asks for, not 5 checks and 45 refusals.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from starlette.testclient import TestClient

from microcred_market.accounts import service as accounts
from microcred_market.accounts.models import User
from microcred_market.accounts.passwords import hash_password
from microcred_market.platform import ratelimit
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope
from microcred_market.platform.ratelimit import RateLimited
from microcred_market.wiring import build_api
from tests.integration.conftest import API, Browser

pytestmark = [pytest.mark.accounts, pytest.mark.security]

PASSWORD = "correct horse battery staple"
OWNER = "owner.throttle@example.org"
ATTACKER_IP = "203.0.113.66"
OWNER_IP = "198.51.100.7"


class Clock:
    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fake = Clock()
    monkeypatch.setattr(ratelimit, "utcnow", fake)
    yield fake


@pytest.fixture
def owner(app_env: str) -> str:
    with session_scope(app_env) as session:
        session.add(
            User(
                email=OWNER,
                password_hash=hash_password(PASSWORD),
                email_verified_at=utcnow(),
                display_name="Olga Owner",
            )
        )
    return OWNER


def attempt(url: str, password: str, ip: str, email: str = OWNER) -> str | int:
    """ "ok", "wrong", or the seconds the throttle asks to wait."""
    try:
        with session_scope(url) as session:
            accounts.authenticate(session, email=email, password=password, ip=ip)
    except RateLimited as refused:
        return refused.retry_after
    except accounts.InvalidCredentials:
        return "wrong"
    return "ok"


def fail_until(url: str, clock: Clock, failures: int, ip: str) -> int:
    """Guess wrong `failures` times from `ip`, waiting out each refusal; returns refusals."""
    refusals = 0
    done = 0
    while done < failures:
        answer = attempt(url, "not the password", ip)
        if isinstance(answer, int):
            refusals += 1
            clock.advance(answer)
            continue
        assert answer == "wrong"
        done += 1
    return refusals


def test_fifty_wrong_guesses_from_one_address_do_not_lock_out_the_owner(
    app_env: str, owner: str, clock: Clock
) -> None:
    refusals = fail_until(app_env, clock, 50, ATTACKER_IP)
    assert refusals > 0  # the attacker was made to wait

    # The owner, from an address that never failed, signs in at once.
    assert attempt(app_env, PASSWORD, OWNER_IP) == "ok"

    # The attacker's own address waits out its backoff, even with the right password
    # (it proved nothing: the 51st guess is as likely to be luck as the first).
    wait = attempt(app_env, PASSWORD, ATTACKER_IP)
    assert isinstance(wait, int) and 0 < wait <= 15 * 60
    clock.advance(wait)
    assert attempt(app_env, PASSWORD, ATTACKER_IP) == "ok"


def test_many_addresses_guessing_one_account_are_slowed_down(
    app_env: str, owner: str, clock: Clock
) -> None:
    bots = [f"192.0.2.{i}" for i in range(1, 21)]
    for ip in bots:  # a fresh address gets its password checked: it might be the owner
        assert attempt(app_env, "guess from a bot", ip) == "wrong"
    # ... but once it has failed, it waits for the account's backoff (20 failures: 5 min).
    waits = [attempt(app_env, "second guess", ip) for ip in bots]
    assert all(isinstance(w, int) and 250 <= w <= 300 for w in waits), waits
    assert attempt(app_env, PASSWORD, OWNER_IP) == "ok"

    # When the wait is over, one bot gets one guess, and all of them wait again.
    clock.advance(301)
    assert attempt(app_env, "third guess", bots[0]) == "wrong"
    assert all(isinstance(attempt(app_env, "x" * 12, ip), int) for ip in bots)
    assert attempt(app_env, PASSWORD, "198.51.100.8") == "ok"


def test_an_address_spraying_many_accounts_is_slowed_down(app_env: str, clock: Clock) -> None:
    answers = [
        attempt(app_env, "Summer2026!!", ATTACKER_IP, email=f"user{i}@example.org")
        for i in range(15)
    ]
    assert answers[:10] == ["wrong"] * 10
    assert all(isinstance(a, int) for a in answers[11:]), answers


def _browser(ip: str, lang: str = "en") -> Browser:
    client = TestClient(build_api(), base_url=API, raise_server_exceptions=False, client=(ip, 1))
    client.cookies.set("lang", lang)
    return Browser(client)


@pytest.mark.parametrize(
    ("lang", "wrong", "wait"),
    [
        ("en", "do not match", "Please try again in 1 second."),
        ("pl", "nie pasują", "Spróbuj ponownie za 1 sekundę."),
    ],
)
def test_the_sign_in_page_says_when_to_try_again(
    app_env: str, owner: str, clock: Clock, lang: str, wrong: str, wait: str
) -> None:
    attacker, real_owner = _browser(ATTACKER_IP, lang), _browser(OWNER_IP, lang)
    form = {"email": OWNER, "password": "wrong password!!", "next": "/account"}
    for _ in range(5):
        assert wrong in attacker.landing(attacker.post_form("/api/auth/signin", form))[1][1]
    response = attacker.post_form("/api/auth/signin", {**form, "password": PASSWORD})
    assert response.headers.get("retry-after") is None  # a form post: the page explains
    kind, text = attacker.landing(response)[1]
    assert kind == "error" and text.endswith(wait)
    # The owner, elsewhere, is let in.
    page, _, _ = real_owner.landing(
        real_owner.post_form("/api/auth/signin", {**form, "password": PASSWORD})
    )
    assert page == "/account"


@pytest.mark.parametrize(
    ("route", "form", "wrong"),
    [
        ("/api/auth/change-email", {"email": "new.address@example.org"}, "password"),
        ("/api/auth/change-password", {"password": "another long passphrase"}, "current"),
        ("/api/me/delete", {"confirm": "DELETE"}, "password"),
    ],
)
def test_password_checks_before_a_change_are_throttled_too(
    app_env: str, owner: str, clock: Clock, route: str, form: dict[str, str], wrong: str
) -> None:
    """Someone holding a stolen session cannot guess the password to take the account."""
    thief = _browser(ATTACKER_IP)
    signed_in = thief.post_form("/api/auth/signin", {"email": OWNER, "password": PASSWORD})
    assert thief.landing(signed_in)[0] == "/"
    for _ in range(5):
        flash = thief.landing(thief.post_form(route, {**form, wrong: "a wrong guess!!"}))[1]
        assert flash and flash[0] == "error" and "not right" in flash[1], flash
    flash = thief.landing(thief.post_form(route, {**form, wrong: PASSWORD}))[1]
    assert flash and "Too many wrong passwords" in flash[1], flash
    # The same count as sign-in: no extra guesses there either.
    assert isinstance(attempt(app_env, "one more guess", ATTACKER_IP), int)
    assert attempt(app_env, PASSWORD, OWNER_IP) == "ok"
