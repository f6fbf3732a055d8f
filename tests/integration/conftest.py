"""An API client against a fresh, migrated database with a real SMTP server behind it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from starlette.testclient import TestClient

from microcred_market.platform.cookies import read_flash
from microcred_market.platform.db import reset_engine
from microcred_market.settings import reset_settings_cache
from microcred_market.wiring import build_api
from tests.conftest import migrated
from tests.support.oidc import oidc_provider  # noqa: F401 (a real OIDC provider, session-wide)
from tests.support.smtp import Inbox, start_smtp

API = "http://testserver"
FRONT = "http://front.test"


@pytest.fixture(scope="session")
def smtp() -> Iterator[Inbox]:
    controller, inbox = start_smtp()
    yield inbox
    controller.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh_url(request: pytest.FixtureRequest) -> str:
    return migrated(request.getfixturevalue(f"empty_{request.param}_url"))


@dataclass
class Browser:
    """A TestClient that behaves like a browser posting our forms."""

    client: TestClient

    def post_form(self, path: str, data: dict[str, str], origin: str = FRONT):
        return self.client.post(path, data=data, headers={"Origin": origin}, follow_redirects=False)

    def get(self, path: str, **kwargs):
        return self.client.get(path, follow_redirects=False, **kwargs)

    @staticmethod
    def landing(response) -> tuple[str, tuple[str, str] | None, dict[str, list[str]]]:
        """Where a redirect sends the browser, and the flash message it carries."""
        assert response.status_code == 303, response.text
        location = urlsplit(response.headers["location"])
        query = parse_qs(location.query)
        flash = read_flash(query.get("flash", [None])[0])
        return location.path, flash, query


@pytest.fixture
def app_env(
    fresh_url: str, smtp: Inbox, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> Iterator[str]:
    monkeypatch.setenv("DATABASE_URL", fresh_url)
    monkeypatch.setenv("SMTP_URL", f"smtp://127.0.0.1:{_port(smtp)}")
    monkeypatch.setenv("PUBLIC_BASE_URL", FRONT)
    monkeypatch.setenv("API_URL", API)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    reset_settings_cache()
    yield fresh_url
    reset_settings_cache()
    reset_engine()


def _port(inbox: Inbox) -> int:
    return inbox.port  # type: ignore[attr-defined]


@pytest.fixture
def browser(app_env: str) -> Browser:
    return Browser(TestClient(build_api(), base_url=API, raise_server_exceptions=False))


@pytest.fixture
def new_browser(app_env: str):
    def make() -> Browser:
        return Browser(TestClient(build_api(), base_url=API, raise_server_exceptions=False))

    return make
