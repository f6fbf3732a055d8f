"""Links the command line prints and the mail carries use the configured public addresses.

`make run-prod` serves everything on PORT; `make run` has FRONTEND_PORT and BACKEND_PORT.
A link built for the default port 8000 while the app listens elsewhere leads nowhere.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from microcred_market import cli
from microcred_market.platform.db import reset_engine
from microcred_market.settings import reset_settings_cache
from microcred_market.ui.dev_proxy import PROXIED, add_proxy
from tests.conftest import migrated

pytestmark = pytest.mark.accounts

ADDRESS_VARIABLES = ("PUBLIC_BASE_URL", "API_URL", "PORT", "FRONTEND_PORT", "BACKEND_PORT")


@pytest.fixture
def cli_db(empty_sqlite_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path) -> str:
    url = migrated(empty_sqlite_url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    for name in ADDRESS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    reset_settings_cache()
    yield url
    reset_settings_cache()
    reset_engine()


def _printed_link(capsys, email: str) -> str:
    assert cli.main(["admin", "create", email]) == 0
    line = [x for x in capsys.readouterr().out.splitlines() if "http" in x][-1]
    return line[line.index("http") :]


@pytest.mark.parametrize(
    ("env", "netloc"),
    [
        ({"PORT": "9123"}, "localhost:9123"),  # make run-prod PORT=9123
        ({"BACKEND_PORT": "8765", "FRONTEND_PORT": "3456"}, "localhost:8765"),  # make run
        ({"PORT": "9123", "API_URL": "https://api.example.org/"}, "api.example.org"),
    ],
)
def test_admin_create_prints_a_link_on_the_configured_address(
    cli_db, capsys, monkeypatch: pytest.MonkeyPatch, env: dict[str, str], netloc: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    reset_settings_cache()
    link = _printed_link(capsys, "ops@example.org")
    parts = urlsplit(link)
    assert parts.netloc == netloc and parts.path == "/api/auth/reset", link
    assert "//api" not in link.split("://", 1)[1]


def test_one_port_means_the_pages_are_there_too(cli_db, monkeypatch) -> None:
    from microcred_market.platform import urls

    monkeypatch.setenv("PORT", "9123")
    reset_settings_cache()
    assert urls.sign_in_page() == "http://localhost:9123/signin"
    assert urls.issuer_did("uw") == "did:web:localhost%3A9123:issuers:uw"


# The shape of the `vite.config.js` Reflex generates: a plugins list, then the server block.
VITE_SERVER = """export default defineConfig((config) => ({
  plugins: [
    reactRouter(),
  ],
  server: {
    port: process.env.PORT,
    hmr: true,
  },
}));"""


def test_the_dev_front_end_passes_the_credential_documents_to_the_backend() -> None:
    patched = add_proxy(VITE_SERVER, "http://127.0.0.1:8123")
    assert "proxy:" in patched
    for path in ("/issuers/", "/contexts/", "/api/"):
        assert path in PROXIED and f'"{path}": {{"target": "http://127.0.0.1:8123"' in patched
    assert add_proxy(patched, "http://127.0.0.1:8123") == patched  # once only


def test_the_proxy_and_the_dev_security_headers_both_reach_the_vite_config() -> None:
    from microcred_market.ui.dev_headers import MARK, with_headers

    both = with_headers(add_proxy(VITE_SERVER, "http://127.0.0.1:8123"))
    assert "proxy:" in both and MARK in both
    assert both == add_proxy(with_headers(VITE_SERVER), "http://127.0.0.1:8123")
    assert both.count("  server: {\n") == 1
