"""Single sign-on against a real OpenID Connect provider (npm `oidc-provider`) on loopback.

Our API runs in a Starlette TestClient (the browser's view of http://testserver); the
provider is a Node.js process, driven by a separate httpx client that fills in its login
and consent forms. The URL the provider finally redirects to (our callback, with `code`
and `state`) is requested with the TestClient, which holds the `mc_oidc` flow cookie.
Nothing is mocked between us and the provider: discovery, the token request with PKCE
and client authentication, the JWKS and the userinfo endpoint are all real.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from http.cookiejar import Cookie
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx
import pytest
import sqlalchemy as sa

from microcred_market.accounts.models import OidcIdentity, User
from microcred_market.api import oidc
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.settings import reset_settings_cache
from tests.support.oidc import (
    CALLBACK,
    OTHER_CLIENT_ID,
    OidcServer,
    sign_in_at_provider,
    start_provider,
)
from tests.support.smtp import free_port

pytestmark = pytest.mark.accounts

PASSWORD = "correct horse battery staple"
FAILED = "Single sign-on did not complete. Please try again."
EXISTS = (
    "An account with this e-mail exists. Sign in with your password, "
    "then link single sign-on from your profile."
)


@pytest.fixture
def uni(app_env: str, oidc_provider: OidcServer, monkeypatch: pytest.MonkeyPatch) -> OidcServer:
    """Our app configured with the loopback provider under the key `uni`."""
    monkeypatch.setenv("OIDC_PROVIDERS", "uni")
    monkeypatch.setenv("OIDC_UNI_ISSUER", oidc_provider.issuer)
    monkeypatch.setenv("OIDC_UNI_CLIENT_ID", oidc_provider.client_id)
    monkeypatch.setenv("OIDC_UNI_CLIENT_SECRET", oidc_provider.client_secret)
    monkeypatch.setenv("OIDC_UNI_NAME", "University Login")
    reset_settings_cache()
    return oidc_provider


def expected_sub(login: str) -> str:
    """provider.mjs derives `sub` from the lower-cased login."""
    return "u-" + hashlib.sha256(login.strip().lower().encode()).hexdigest()[:24]


def start(browser, provider: OidcServer, next_path: str = "/account") -> str:
    """Click "Sign in with University Login": returns the provider's authorisation URL."""
    response = browser.get(f"/api/auth/oidc/uni/start?{urlencode({'next': next_path})}")
    assert response.status_code == 303, response.text
    url = response.headers["location"]
    assert url.startswith(f"{provider.origin}/auth?"), url
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{oidc.FLOW_COOKIE}=")
    assert "httponly" in cookie.lower() and "path=/api/auth/oidc" in cookie.lower()
    return url


def sso(
    browser,
    provider: OidcServer,
    login: str,
    next_path: str = "/account",
    at_provider: httpx.Client | None = None,
):
    """The whole round trip; returns our callback's response."""
    visit = sign_in_at_provider(start(browser, provider, next_path), login, client=at_provider)
    return browser.get(visit.callback_url)


def refused(browser, response, message: str = FAILED) -> None:
    page, flash, _ = browser.landing(response)
    assert (page, flash) == ("/signin", ("error", message))
    assert SESSION_COOKIE not in response.cookies
    assert browser.get("/api/me").status_code == 401


def with_query(url: str, **changes: str | None) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return urlunsplit(parts._replace(query=urlencode(query)))


def flow_cookie(browser) -> Cookie:
    return next(c for c in browser.client.cookies.jar if c.name == oidc.FLOW_COOKIE)


def replace_flow_cookie(browser, value: str) -> None:
    old = flow_cookie(browser)
    browser.client.cookies.jar.clear(old.domain, old.path, old.name)
    browser.client.cookies.set(oidc.FLOW_COOKIE, value, domain=old.domain, path=old.path)


def count(url: str, model) -> int:
    with session_scope(url) as session:
        return session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


def accounts_named(url: str, email: str) -> list[User]:
    with session_scope(url) as session:
        return list(session.execute(sa.select(User).where(User.email == email)).scalars())


def sign_up_with_password(browser, smtp, email: str, name: str) -> str:
    """A learner who signed up with a password and confirmed the address: their uuid."""
    response = browser.post_form(
        "/api/auth/signup", {"email": email, "password": PASSWORD, "display_name": name}
    )
    assert browser.landing(response)[1][0] == "info"
    link = urlsplit(smtp.last_link(email))
    assert browser.landing(browser.get(f"{link.path}?{link.query}"))[1][0] == "success"
    response = browser.post_form(
        "/api/auth/signin", {"email": email, "password": PASSWORD, "next": "/account"}
    )
    assert browser.landing(response)[0] == "/account"
    uuid = browser.get("/api/me").json()["uuid"]
    browser.landing(browser.post_form("/api/auth/signout", {}))
    return uuid


# ---------------------------------------------------------------- a new learner


def test_first_sign_in_creates_a_learner_and_signs_them_in(browser, uni, app_env) -> None:
    url = start(browser, uni, "/account")
    query = parse_qs(urlsplit(url).query)
    assert query["client_id"] == [uni.client_id]
    assert query["redirect_uri"] == [CALLBACK]
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert set(query["scope"][0].split()) == {"openid", "email", "profile"}
    assert query["state"][0] and query["nonce"][0] and query["code_challenge"][0]

    visit = sign_in_at_provider(url, "anna.nowak")
    assert visit.pages == ["login", "consent"]  # the provider really asked
    assert parse_qs(urlsplit(visit.callback_url).query)["iss"] == [uni.issuer]

    response = browser.get(visit.callback_url)
    page, flash, _ = browser.landing(response)
    assert (page, flash) == ("/account", None)
    assert response.headers["location"].startswith("http://front.test/account")
    assert response.cookies[SESSION_COOKIE]
    # The one-time flow cookie is gone.
    assert not any(c.name == oidc.FLOW_COOKIE for c in browser.client.cookies.jar)

    me = browser.get("/api/me").json()
    assert me["email"] == "anna.nowak@uni.example"
    assert me["display_name"] == "Anna Nowak"
    assert me["email_verified"] is True and me["has_password"] is False

    with session_scope(app_env) as session:
        identity = session.execute(sa.select(OidcIdentity)).scalar_one()
        user = session.get(User, identity.user_id)
    assert (identity.provider, identity.subject) == ("uni", expected_sub("anna.nowak"))
    assert identity.email == "anna.nowak@uni.example" and str(user.uuid) == me["uuid"]


def test_signing_in_again_finds_the_same_account(browser, new_browser, uni, app_env) -> None:
    browser.landing(sso(browser, uni, "piotr.zielinski"))
    first = browser.get("/api/me").json()

    # Another day, another browser, a new session at the provider too.
    later = new_browser()
    page, flash, _ = later.landing(sso(later, uni, "Piotr.Zielinski", next_path="/catalogue"))
    assert (page, flash) == ("/catalogue", None)
    assert later.get("/api/me").json()["uuid"] == first["uuid"]

    # Still signed in at the provider: no login form this time, same account.
    at_provider = httpx.Client(timeout=10)
    with at_provider:
        third = new_browser()
        third.landing(sso(third, uni, "piotr.zielinski", at_provider=at_provider))
        visit = sign_in_at_provider(start(third, uni), "ignored", client=at_provider)
        assert "login" not in visit.pages
        third.landing(third.get(visit.callback_url))
    assert third.get("/api/me").json()["uuid"] == first["uuid"]

    assert count(app_env, User) == 1 and count(app_env, OidcIdentity) == 1

    # A different person at the same provider is a different learner.
    other = new_browser()
    other.landing(sso(other, uni, "ola.wrona"))
    assert other.get("/api/me").json()["uuid"] != first["uuid"]
    assert count(app_env, User) == 2


def test_next_page_must_be_local(browser, uni) -> None:
    page, flash, _ = browser.landing(sso(browser, uni, "jan.kos", next_path="//evil.example/x"))
    assert (page, flash) == ("/", None)


# ---------------------------------------------------------------- linking by e-mail


def test_verified_email_links_an_existing_password_account(
    browser, new_browser, smtp, uni, app_env
) -> None:
    email = "maria.wisniewska@uni.example"
    uuid = sign_up_with_password(browser, smtp, email, "Maria W.")

    page, flash, _ = browser.landing(sso(browser, uni, "maria.wisniewska"))
    assert (page, flash) == ("/account", None)
    me = browser.get("/api/me").json()
    assert me["uuid"] == uuid and me["email"] == email and me["has_password"] is True
    assert count(app_env, User) == 1
    with session_scope(app_env) as session:
        identity = session.execute(sa.select(OidcIdentity)).scalar_one()
        user = session.execute(sa.select(User).where(User.email == email)).scalar_one()
    assert identity.user_id == user.id and identity.subject == expected_sub("maria.wisniewska")

    # The password still works, and so does SSO from a fresh browser.
    by_password = new_browser()
    response = by_password.post_form(
        "/api/auth/signin", {"email": email, "password": PASSWORD, "next": "/account"}
    )
    assert by_password.landing(response)[:2] == ("/account", None)
    assert by_password.get("/api/me").json()["uuid"] == uuid
    again = new_browser()
    again.landing(sso(again, uni, "maria.wisniewska"))
    assert again.get("/api/me").json()["uuid"] == uuid
    assert count(app_env, OidcIdentity) == 1


def test_unverified_email_never_takes_over_an_existing_account(browser, smtp, uni, app_env) -> None:
    email = "unverified.jan@uni.example"
    sign_up_with_password(browser, smtp, email, "Jan Prawdziwy")

    refused(browser, sso(browser, uni, "unverified.jan"), EXISTS)
    assert count(app_env, OidcIdentity) == 0 and count(app_env, User) == 1


def test_unverified_email_without_an_account_makes_one_without_that_email(
    browser, uni, app_env
) -> None:
    browser.landing(sso(browser, uni, "unverified.ewa"))
    me = browser.get("/api/me").json()
    assert me["display_name"] == "Unverified Ewa"
    assert me["email"] == "" and me["email_verified"] is False
    with session_scope(app_env) as session:
        assert session.execute(sa.select(User.email)).scalar_one() is None


# ---------------------------------------------------------------- refused callbacks


def test_tampered_or_missing_state_is_refused(browser, uni, app_env) -> None:
    visit = sign_in_at_provider(start(browser, uni), "kasia.lis")
    state = parse_qs(urlsplit(visit.callback_url).query)["state"][0]

    refused(browser, browser.get(with_query(visit.callback_url, state=state[:-2] + "xx")))
    refused(browser, browser.get(with_query(visit.callback_url, state=None)))
    refused(browser, browser.get(with_query(visit.callback_url, state="")))
    assert count(app_env, User) == 0

    # The untouched callback still works: only the state was wrong above.
    assert browser.landing(browser.get(visit.callback_url))[:2] == ("/account", None)


def test_callback_without_the_flow_cookie_is_refused(browser, new_browser, uni, app_env) -> None:
    visit = sign_in_at_provider(start(browser, uni), "tomek.sowa")
    # Someone else's browser (or a link sent to a victim): no flow cookie.
    elsewhere = new_browser()
    refused(elsewhere, elsewhere.get(visit.callback_url))
    # A flow cookie that was not signed by us.
    replace_flow_cookie(browser, "eyJwIjoidW5pIn0.forged.signature")
    refused(browser, browser.get(visit.callback_url))
    assert count(app_env, User) == 0


def test_callback_is_single_use(browser, uni, app_env, caplog) -> None:
    visit = sign_in_at_provider(start(browser, uni), "ala.kot")
    kept = flow_cookie(browser)
    assert browser.landing(browser.get(visit.callback_url))[:2] == ("/account", None)
    browser.landing(browser.post_form("/api/auth/signout", {}))

    refused(browser, browser.get(visit.callback_url))  # the flow cookie was cleared
    assert "callback failed" not in caplog.text  # refused before asking the provider
    # Even with a copy of the old flow cookie, the code cannot be used twice.
    browser.client.cookies.set(kept.name, kept.value, domain=kept.domain, path=kept.path)
    refused(browser, browser.get(visit.callback_url))
    assert "invalid_grant" in caplog.text
    assert count(app_env, User) == 1


def test_provider_error_is_refused(browser, uni) -> None:
    url = start(browser, uni)
    state = parse_qs(urlsplit(url).query)["state"][0]
    denied = f"{CALLBACK}?{urlencode({'error': 'access_denied', 'state': state})}"
    refused(browser, browser.get(denied))


# ---------------------------------------------------------------- the ID token is checked


def test_wrong_nonce_in_the_id_token_is_refused(browser, uni, app_env, caplog) -> None:
    """Everything else is genuine: only the ID token's nonce check can catch this."""
    url = start(browser, uni)
    serializer = oidc._serializer()
    flow = serializer.loads(flow_cookie(browser).value)
    replace_flow_cookie(browser, serializer.dumps({**flow, "n": "not-the-nonce-we-sent"}))
    visit = sign_in_at_provider(url, "zofia.mak")
    refused(browser, browser.get(visit.callback_url))
    assert "Invalid claim: 'nonce'" in caplog.text
    assert count(app_env, User) == 0 and count(app_env, OidcIdentity) == 0


def test_code_issued_to_another_client_is_refused(browser, uni, app_env, caplog) -> None:
    url = with_query(start(browser, uni), client_id=OTHER_CLIENT_ID)
    visit = sign_in_at_provider(url, "adam.bak")
    assert parse_qs(urlsplit(visit.callback_url).query)["code"]
    refused(browser, browser.get(visit.callback_url))
    assert "invalid_grant" in caplog.text  # the provider would not give it to us
    assert count(app_env, User) == 0


@pytest.fixture(scope="session")
def impostor(oidc_provider: OidcServer, tmp_path_factory) -> Iterator[OidcServer]:
    """A second provider process that calls itself by `oidc_provider`'s issuer name and
    knows its client, but signs with its own key, puts e-mail and name in the ID token
    (so no userinfo request is needed) and alters its ID tokens on request."""
    folder = tmp_path_factory.mktemp("impostor")
    server = start_provider(
        folder,
        client_id=oidc_provider.client_id,
        client_secret=oidc_provider.client_secret,
        issuer=oidc_provider.issuer,
        id_token_claims=True,
        forge_file=folder / "forge.json",
        name="impostor",
    )
    yield server
    server.stop()


@pytest.fixture
def via_impostor(uni: OidcServer, impostor: OidcServer, monkeypatch: pytest.MonkeyPatch):
    """Send our app's authorisation and token requests to the impostor, as a man in the
    middle could. Its ID tokens carry the right issuer, audience and nonce. Returns a
    function: `trust(keys_from)` picks whose keys the discovery document publishes, and
    `forge(...)` makes the impostor alter the next ID tokens."""
    with httpx.Client() as client:
        genuine = client.get(f"{uni.issuer}/.well-known/openid-configuration").json()
    route = {
        **genuine,
        "authorization_endpoint": f"{impostor.origin}/auth",
        "token_endpoint": f"{impostor.origin}/token",
    }
    route.pop("userinfo_endpoint")  # e-mail and name must come from the ID token itself

    async def metadata(_provider):
        return route

    monkeypatch.setattr(oidc, "metadata", metadata)
    forge_file = impostor.log.parent / "forge.json"

    class Route:
        @staticmethod
        def trust(keys_from: OidcServer) -> None:
            route["jwks_uri"] = f"{keys_from.origin}/jwks"

        @staticmethod
        def forge(**how) -> None:
            forge_file.write_text(json.dumps(how))

        @staticmethod
        def sign_in(browser, login: str):
            url = start(browser, impostor)
            visit = sign_in_at_provider(url, login, rewrite=(impostor.issuer, impostor.origin))
            return browser.get(visit.callback_url)

    yield Route
    forge_file.unlink(missing_ok=True)


def test_id_token_must_be_signed_with_the_issuers_key(
    browser, new_browser, via_impostor, uni, impostor, app_env, caplog
) -> None:
    """Only the signature check against the issuer's JWKS can tell these tokens apart
    (same kid, other key): with the impostor's keys published instead, the very same
    flow succeeds."""
    via_impostor.trust(uni)
    refused(browser, via_impostor.sign_in(browser, "eve.mallory"))
    assert "bad_signature" in caplog.text
    assert count(app_env, User) == 0

    via_impostor.trust(impostor)
    other = new_browser()
    assert other.landing(via_impostor.sign_in(other, "eve.mallory"))[:2] == ("/account", None)
    assert other.get("/api/me").json()["email"] == "eve.mallory@uni.example"


FORGERIES = {
    "audience": ({"claims": {"aud": "someone-else"}}, "claim: 'aud'"),
    "issuer": ({"claims": {"iss": "http://127.0.0.1:9/elsewhere"}}, "claim: 'iss'"),
    "nonce": ({"claims": {"nonce": "replayed"}}, "claim: 'nonce'"),
    "expired": ({"claims": {"exp": 1_000_000_000}}, "expired"),
    "no-expiry": ({"drop": ["exp"]}, "claim: 'exp'"),
    "no-subject": ({"drop": ["sub"]}, "claim: 'sub'"),
    "no-nonce": ({"drop": ["nonce"]}, "claim: 'nonce'"),
    "unsigned": ({"alg": "none"}, "'none' is not allowed"),
}


def test_id_token_claims_are_checked(
    new_browser, via_impostor, impostor, app_env, caplog, subtests
) -> None:
    """Tokens signed with trusted keys but with one claim wrong are refused; re-signed
    unchanged, the same forging machinery yields a token we accept. (Subtests, not
    parameters: one database per engine is enough for these.)"""
    via_impostor.trust(impostor)
    for name, (forgery, reason) in FORGERIES.items():
        with subtests.test(forgery=name):
            caplog.clear()
            via_impostor.forge(**forgery)
            browser = new_browser()
            refused(browser, via_impostor.sign_in(browser, f"eve.{name}"))
            assert reason in caplog.text
            assert not accounts_named(app_env, f"eve.{name}@uni.example")

    via_impostor.forge(claims={})
    control = new_browser()
    assert control.landing(via_impostor.sign_in(control, "eve.mallory"))[:2] == ("/account", None)


# ---------------------------------------------------------------- configuration


def test_unknown_or_unreachable_provider_gets_a_clear_message(browser, uni, monkeypatch) -> None:
    page, flash, _ = browser.landing(browser.get("/api/auth/oidc/nowhere/start?next=/account"))
    assert (page, flash) == ("/signin", ("error", "That sign-in provider is not configured."))
    assert not any(c.name == oidc.FLOW_COOKIE for c in browser.client.cookies.jar)
    refused(browser, browser.get("/api/auth/oidc/nowhere/callback?code=x&state=y"))

    # Configured, but the server is down: say so, by its name.
    monkeypatch.setenv("OIDC_PROVIDERS", "uni,down")
    monkeypatch.setenv("OIDC_DOWN_ISSUER", f"http://127.0.0.1:{free_port()}")  # nobody there
    monkeypatch.setenv("OIDC_DOWN_CLIENT_ID", "x")
    monkeypatch.setenv("OIDC_DOWN_NAME", "Down University")
    reset_settings_cache()
    page, flash, _ = browser.landing(browser.get("/api/auth/oidc/down/start"))
    assert (page, flash) == (
        "/signin",
        ("error", "Down University cannot be reached right now. Please try again later."),
    )
