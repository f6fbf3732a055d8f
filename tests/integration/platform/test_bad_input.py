"""Inputs that used to answer a plain-text 500: each now gets a JSON (or flash) message.

The eleven from the security review, on SQLite and PostgreSQL (where an integer too big for
a column is an error of its own), plus the neighbours of each: the same bomb in a baked
badge, a lone surrogate inside a credential, a number in every parameter that takes one.
"""

from __future__ import annotations

import json

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient

from microcred_market.api.app import build_api
from microcred_market.api.deps import json_response
from microcred_market.vc import bake
from tests.integration.credentials.test_credential_api import as_user
from tests.support.credential_world import World, make_world

pytestmark = [pytest.mark.security, pytest.mark.credentials]

DIGITS = "9" * 4301
CREDENTIAL_HEAD = (
    b'{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],'
)


@pytest.fixture
def world(app_env: str) -> World:
    return make_world(app_env, learners=1, slug="badinput")


def assert_json_error(response, status: int, words: str) -> None:
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["error"] and words in body["message"], body


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        pytest.param(b"[" * 100_000, 422, "nested more than 64 levels", id="brackets-100k"),
        pytest.param(b'{"a":' * 50_000, 422, "nested more than 64 levels", id="objects-50k"),
        pytest.param(b'"\\ud800"', 422, "not valid Unicode", id="lone-surrogate"),
        pytest.param(
            CREDENTIAL_HEAD + b'"issuer":"\\ud800","credentialSubject":{}}',
            422,
            "not valid Unicode",
            id="surrogate-in-credential",
        ),
        pytest.param(b'{"\\udfff": 1}', 422, "not valid Unicode", id="surrogate-in-key"),
        pytest.param(b"[" * 65 + b"]" * 65, 422, "nested more than 64", id="just-too-deep"),
        pytest.param(b"{not json", 400, "not valid JSON", id="syntax"),
        pytest.param(b"\xff\xfe{}", 400, "not valid JSON", id="not-utf8"),
    ],
)
def test_verify_refuses_json_bombs_and_broken_text_with_a_message(
    browser, body: bytes, status: int, words: str
) -> None:
    response = browser.client.post(
        "/api/verify", content=body, headers={"content-type": "application/json"}
    )
    assert_json_error(response, status, words)


def test_a_nesting_bomb_inside_a_baked_badge_is_unreadable_not_a_500(browser) -> None:
    image = bake.badge_image({})
    deep = {"@context": ["https://www.w3.org/ns/credentials/v2"], "x": []}
    node = deep["x"]
    for _ in range(200):  # parses, but deeper than anything should walk
        child: list = []
        node.append(child)
        node = child
    png = bake.bake_png(image, deep)
    response = browser.client.post("/api/verify", files={"file": ("badge.png", png)})
    assert_json_error(response, 400, "nested more than 64 levels")


def test_a_credential_nested_within_the_limit_is_still_checked(browser) -> None:
    body = CREDENTIAL_HEAD + b'"issuer":"did:key:z6Mk","credentialSubject":{"a":' + b"[" * 50
    body += b"]" * 50 + b"}}"
    response = browser.client.post(
        "/api/verify", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 200 and response.json()["verdict"] == "invalid"


@pytest.mark.parametrize("name", ["page", "per_page", "eqf"])
def test_search_numbers_with_thousands_of_digits_are_dropped_with_a_notice(
    browser, name: str
) -> None:
    response = browser.get(f"/api/offerings?{name}={DIGITS}")
    assert response.status_code == 200, response.text[:300]
    body = response.json()
    if name == "per_page":  # "as many as a page holds"
        assert body["per_page"] == 50
    else:
        assert body["page"] == 1 and body["notices"], body["notices"]


@pytest.mark.parametrize("number", ["1" * 30, "2147483648", DIGITS, "٣"])
def test_a_status_list_number_too_large_for_any_list_is_a_404(
    browser, world: World, number: str
) -> None:
    response = browser.get(f"/api/status/{world.slug}/revocation/{number}")
    assert_json_error(response, 404, "No such status list")


def test_a_results_file_with_a_200_kb_field_gets_a_message(browser, world: World) -> None:
    as_user(browser, world.url, world.assessor_id)
    body = b"email,grade\n" + b"a" * 200_000 + b",90\n"
    response = browser.client.post(
        f"/api/staff/{world.slug}/results",
        files={"results": ("r.csv", body, "text/csv")},
        headers={"Origin": "http://front.test"},
        follow_redirects=False,
    )
    path, flash, _ = browser.landing(response)
    assert path == f"/staff/{world.slug}/learners"
    assert flash is not None and flash[0] == "error" and "more than 1,000 characters" in flash[1]


def test_an_unknown_api_address_is_a_json_404_and_a_wrong_method_a_405(browser) -> None:
    assert_json_error(browser.get("/api/no-such-thing"), 404, "nothing at this address")
    response = browser.get("/api/verify")
    assert_json_error(response, 405, "does not answer GET")
    assert response.headers["allow"] == "POST"


def test_an_unexpected_error_is_a_json_500_with_a_message(app_env: str) -> None:
    """The last resort (a bug, not bad input): still JSON, still the security headers."""

    def broken(_request):
        raise RuntimeError("a bug")

    client = TestClient(build_api([Route("/api/broken", broken)]), raise_server_exceptions=False)
    response = client.get("/api/broken?lang=pl")
    assert_json_error(response, 500, "Coś poszło nie tak")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_a_lone_surrogate_in_an_answer_is_written_escaped() -> None:
    """Defence in depth: should text that is not UTF-8 ever reach an answer, it is escaped."""
    response = json_response({"x": "\ud800"})
    assert json.loads(response.body) == {"x": "\ud800"}


@pytest.mark.parametrize("referer", ["http://[", "https://[::1", "http://host:99999/"])
def test_a_form_post_whose_referer_is_not_an_address_is_refused_not_a_500(
    browser, referer: str
) -> None:
    """No Origin, a Referer that `urlsplit` cannot read: the CSRF check says no, politely."""
    response = browser.client.post(
        "/api/staff/nowhere/results",
        data={"x": "1"},
        headers={"Referer": referer},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:300]
    path, flash, _ = browser.landing(response)
    assert path == "/staff/nowhere/learners"
    assert flash is not None and flash[0] == "error"
