"""The published OpenAPI document is complete, and the API it describes never answers 5xx.

schemathesis reads /api/openapi.json from a live server (uvicorn on a free port, the real
API app, a seeded SQLite database) and sends every operation generated valid and invalid
requests, anonymous and as a signed-in operator. Every answer must be below 500, and every
error a JSON body with a message. Bounded: a few dozen examples per operation, no shrinking
deadline, so the whole run stays well under two minutes on two cores.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import schemathesis
import uvicorn
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance
from starlette.routing import Route

from microcred_market.accounts import service as accounts
from microcred_market.api import openapi
from microcred_market.catalogue.seed import seed_demo
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import reset_engine, session_scope
from microcred_market.settings import reset_settings_cache
from microcred_market.wiring import API_ROUTES, build_api
from tests.conftest import migrated, sqlite_url

pytestmark = [pytest.mark.security, pytest.mark.catalogue]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def live_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API app served by uvicorn on a free port, over a seeded SQLite database."""
    data = tmp_path_factory.mktemp("live-api")
    url = sqlite_url(Path(data) / "demo.db")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with pytest.MonkeyPatch.context() as mp:
        for name, value in {
            "DATABASE_URL": url,
            "DATA_DIR": str(data),
            "PUBLIC_BASE_URL": base,
            "API_URL": base,
            "STRIPE_WEBHOOK_SECRET": "whsec_schemathesis",
            "INPROCESS_WORKER": "0",
        }.items():
            mp.setenv(name, value)
        mp.delenv("REDIS_URL", raising=False)
        reset_settings_cache()
        reset_engine()
        migrated(url)
        with session_scope(url) as session:
            seed_demo(session)
        server = uvicorn.Server(
            uvicorn.Config(build_api(), host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started, "the API did not start"
        yield base
        server.should_exit = True
        thread.join(10)
        reset_engine()
    reset_settings_cache()


@pytest.fixture(scope="module")
def operator_cookie(live_api: str) -> dict[str, str]:
    with session_scope() as session:
        admin, _ = accounts.create_admin(session, "operator@example.com")
        token = accounts.create_session(session, admin.id)
    return {SESSION_COOKIE: token}


@pytest.fixture(scope="module")
def api_schema(live_api: str):
    return schemathesis.openapi.from_url(f"{live_api}/api/openapi.json")


def errors_are_json_with_a_message(ctx, response, case) -> bool | None:
    """Every 4xx/5xx answer is JSON with a human-readable message (not Starlette's text)."""
    if response.status_code < 400:
        return None
    content_type = response.headers.get("content-type", [""])[0]
    assert content_type.startswith("application/json"), (
        f"{response.status_code} answered as {content_type!r}: {response.text[:200]!r}"
    )
    body = response.json()
    assert isinstance(body, dict) and isinstance(body.get("message"), str) and body["message"], (
        f"{response.status_code} without a message: {response.text[:200]!r}"
    )
    return True


CHECKS = [
    not_a_server_error,
    errors_are_json_with_a_message,
    status_code_conformance,
    content_type_conformance,
]
FUZZ = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


OPERATIONS = [
    pytest.param(method.upper(), path, id=f"{method.upper()} {path}")
    for path, operations in openapi.document()["paths"].items()
    for method in operations
]


def fuzz(schema, method: str, path: str, **kwargs) -> None:
    """Valid and invalid requests for one operation, each answer checked."""
    operation = schema[path][method]
    cases = operation.as_strategy(GenerationMode.POSITIVE) | operation.as_strategy(
        GenerationMode.NEGATIVE
    )

    @given(cases)
    @FUZZ
    def run(case) -> None:
        case.call_and_validate(checks=CHECKS, timeout=15, **kwargs)

    run()


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_no_request_gets_a_5xx_and_every_error_has_a_message(api_schema, method, path) -> None:
    fuzz(api_schema, method, path)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_signed_in_operator_requests_never_get_a_5xx(
    api_schema, operator_cookie, method, path
) -> None:
    fuzz(api_schema, method, path, cookies=operator_cookie)


def test_every_json_route_is_described(live_api: str) -> None:
    """A route added without a description fails here (or is listed as a form/link route)."""
    document = httpx.get(f"{live_api}/api/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    described = {(m.upper(), p) for p, ops in document["paths"].items() for m in ops}
    routes = {
        (method, route.path)
        for route in API_ROUTES
        if isinstance(route, Route)
        for method in (route.methods or set()) - {"HEAD"}
    }
    assert routes - described - openapi.NOT_JSON == set()
    assert described - routes == set()


# Values that broke parsers before: int() refuses 4,301+ digits, PostgreSQL text refuses
# NUL, UTF-8 refuses lone surrogates, columns overflow past 2**63.
NASTY = [
    "9" * 4301,
    "1" * 30,
    "-1",
    "٣",
    "1e999999",
    "NaN",
    "\x00",
    "%ED%A0%80",
    "../../etc/passwd",
    "x" * 5000,
]
FIELDS = [
    "email",
    "password",
    "password_again",
    "current",
    "display_name",
    "lang",
    "next",
    "back",
    "grade",
    "action",
    "reason",
    "public",
    "offering",
    "kind",
    "quantity",
    "voucher",
    "outcome",
    "amount",
    "role",
    "confirm",
    "token",
    # the operator console's forms
    "percent",
    "university",
    "code",
    "value",
    "currency",
    "max_uses",
    "expires",
]


QUERY = [
    "q",
    "page",
    "per_page",
    "eqf",
    "token",
    "next",
    "lang",
    "state",
    "code",
    "actor",
    "subject",
    "action",
    "from",
    "to",
]


def _routes() -> list[tuple[str, str]]:
    return sorted(
        (method, route.path)
        for route in API_ROUTES
        if isinstance(route, Route)
        for method in (route.methods or set()) - {"HEAD"}
    )


def _fill(path: str, value: str) -> str:
    out = path
    while "{" in out:
        start = out.index("{")
        out = out[:start] + value + out[out.index("}", start) + 1 :]
    return out


@pytest.mark.parametrize(("method", "path"), _routes(), ids=lambda v: str(v))
def test_every_route_survives_nasty_values_in_every_place(
    live_api: str, operator_cookie: dict[str, str], method: str, path: str
) -> None:
    """Each value in the path, the query and every form field any route reads: no 5xx,
    and a JSON route's error is JSON with a message."""
    five = []
    answers: list[tuple[str, httpx.Response]] = []
    with httpx.Client(base_url=live_api, timeout=15, cookies=operator_cookie) as client:
        for value in NASTY:
            url = _fill(path, value if value.startswith("%") else quote(value, safe=""))
            for names in (QUERY[:7], QUERY[7:]):  # a URL holds only so much
                query = {name: value for name in names}
                if method == "GET":
                    response = client.get(url, params=query)
                else:
                    data = {name: value for name in FIELDS}
                    response = client.post(
                        url, params=query, data=data, headers={"Origin": live_api}
                    )
                answers.append((value, response))
        for value, response in answers:
            if response.status_code >= 500:
                five.append((value[:20], response.status_code, response.text[:120]))
            elif (
                response.status_code >= 400
                and (method, path) not in openapi.NOT_JSON
                and (path.startswith("/api/") or response.status_code != 404)
            ):  # a "/" in a slug may leave /issuers/ for the web app's own 404 page
                body = response.json()
                assert body.get("message"), (value[:20], response.text[:200])
    assert five == []
