"""A real OpenID Connect provider (npm `oidc-provider`) on loopback, and a user to drive it.

`start_provider()` runs `node tests/oidc/provider.mjs` on a port the OS picks, waits for
its `READY <issuer>` line and returns an `OidcServer`; `.stop()` ends it. The npm
packages are installed on first use (`npm ci`, only when missing or out of date), so a
fresh checkout needs nothing but Node.js and npm.

`sign_in_at_provider()` is the person at the keyboard: it follows the provider's
redirects, fills in the login form (any login, any password) and the consent form, and
returns the URL the provider finally sends the browser to (our callback, with `code` and
`state`), without requesting it.

The session-scoped `oidc_provider` fixture is registered in tests/integration/conftest.py.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest

OIDC_DIR = Path(__file__).resolve().parents[1] / "oidc"
PROVIDER_SCRIPT = OIDC_DIR / "provider.mjs"
CALLBACK = "http://testserver/api/auth/oidc/uni/callback"
CLIENT_ID = "microcred-tests"
CLIENT_SECRET = "microcred-tests-secret"  # a loopback test client, not a real secret
OTHER_CLIENT_ID = "someone-else"
OTHER_CLIENT_SECRET = "someone-else-secret"
START_TIMEOUT = 30.0


# ---------------------------------------------------------------- npm packages


def _locked_version() -> str:
    lock = json.loads((OIDC_DIR / "package-lock.json").read_text())
    return lock["packages"]["node_modules/oidc-provider"]["version"]


def _installed_version() -> str | None:
    manifest = OIDC_DIR / "node_modules" / "oidc-provider" / "package.json"
    try:
        return json.loads(manifest.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def ensure_node_modules() -> None:
    """`npm ci` in tests/oidc unless the locked oidc-provider is already installed."""
    if _installed_version() == _locked_version():
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed: cannot install the test OIDC provider")
    with open(Path(tempfile.gettempdir()) / "microcred-oidc-npm-ci.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two pytest processes must not install at once
        try:
            if _installed_version() == _locked_version():
                return
            result = subprocess.run(
                [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
                cwd=OIDC_DIR,
                capture_output=True,
                text=True,
                timeout=600,
            )
            if result.returncode != 0:
                pytest.fail(f"npm ci in {OIDC_DIR} failed:\n{result.stdout}\n{result.stderr}")
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


# ---------------------------------------------------------------- the provider process


@dataclass
class OidcServer:
    issuer: str
    origin: str  # where the process listens; differs from `issuer` when it pretends
    client_id: str
    client_secret: str
    redirect_uris: list[str]
    process: subprocess.Popen
    log: Path
    other_client_id: str = OTHER_CLIENT_ID
    other_client_secret: str = OTHER_CLIENT_SECRET

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)

    def logs(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def start_provider(
    log_dir: Path,
    *,
    client_id: str = CLIENT_ID,
    client_secret: str = CLIENT_SECRET,
    redirect_uris: list[str] | tuple[str, ...] = (CALLBACK,),
    other_client: bool = True,
    id_token_claims: bool = False,
    issuer: str | None = None,
    forge_file: Path | None = None,
    name: str = "oidc-provider",
) -> OidcServer:
    """Start provider.mjs on a free loopback port and wait until it answers.

    `other_client` registers a second client (`someone-else`) with the same redirect
    URIs, to prove a code issued to another client is of no use to us. `issuer` makes
    the process claim another issuer's name, and `forge_file` lets a test alter the ID
    tokens it hands out (see provider.mjs): both only for tests of forged tokens.
    """
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: cannot run the test OIDC provider")
    ensure_node_modules()
    env = {
        **os.environ,
        "OIDC_CLIENT_ID": client_id,
        "OIDC_CLIENT_SECRET": client_secret,
        "OIDC_REDIRECT_URIS": " ".join(redirect_uris),
        "OIDC_ID_TOKEN_CLAIMS": "1" if id_token_claims else "0",
        # One kid for every process: a forged token is then caught by its signature,
        # not merely by an unknown key id.
        "OIDC_KEY_ID": "test-signing-key",
        "OIDC_EXTRA_CLIENTS": json.dumps(
            [
                {
                    "client_id": OTHER_CLIENT_ID,
                    "client_secret": OTHER_CLIENT_SECRET,
                    "redirect_uris": list(redirect_uris),
                }
            ]
            if other_client
            else []
        ),
    }
    env.pop("OIDC_ISSUER", None)
    env.pop("OIDC_FORGE_FILE", None)
    if issuer:
        env["OIDC_ISSUER"] = issuer
    if forge_file:
        env["OIDC_FORGE_FILE"] = str(forge_file)
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{name}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [node, str(PROVIDER_SCRIPT), "0"],
            cwd=OIDC_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + START_TIMEOUT
    origin = None
    while origin is None:
        text = log.read_text(errors="replace")
        origin = next(
            (line.split()[1] for line in text.splitlines() if line.startswith("READY ")), None
        )
        if origin:
            break
        if process.poll() is not None:
            pytest.fail(f"the OIDC provider exited with {process.returncode}:\n{text}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the OIDC provider did not start in {START_TIMEOUT}s:\n{text}")
        time.sleep(0.05)
    return OidcServer(
        issuer=issuer or origin,
        origin=origin,
        client_id=client_id,
        client_secret=client_secret,
        redirect_uris=list(redirect_uris),
        process=process,
        log=log,
    )


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OidcServer]:
    """One provider for the whole run, with the client `microcred-tests` (key `uni`).

    Its redirect URIs are our TestClient's callback and, for browser tests, whatever
    OIDC_TEST_BROWSER_REDIRECT_URI names (comma separated), if set.
    """
    extra = [u for u in os.environ.get("OIDC_TEST_BROWSER_REDIRECT_URI", "").split(",") if u]
    server = start_provider(tmp_path_factory.mktemp("oidc"), redirect_uris=[CALLBACK, *extra])
    yield server
    server.stop()


# ---------------------------------------------------------------- the person signing in


class _Forms(HTMLParser):
    """The forms of a page: action, method and the inputs with their values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(
                {
                    "action": attributes.get("action", ""),
                    "method": attributes.get("method", "get").lower(),
                    "inputs": {},
                }
            )
        elif tag == "input" and self.forms and attributes.get("name"):
            self.forms[-1]["inputs"][attributes["name"]] = attributes.get("value", "")


@dataclass
class ProviderVisit:
    callback_url: str
    pages: list[str] = field(default_factory=list)  # which forms were filled in


def sign_in_at_provider(
    url: str,
    login: str,
    *,
    stop_at: str = CALLBACK,
    client: httpx.Client | None = None,
    password: str = "any password",
    rewrite: tuple[str, str] | None = None,
) -> ProviderVisit:
    """Go to the authorisation URL and do what a person does until sent to `stop_at`.

    Pass the same `client` twice to keep the provider's session (single sign-on); a new
    one is a new browser. `rewrite=(a, b)` sends requests for origin `a` to origin `b`
    (for a provider that claims another issuer's name).
    """
    own = client is None
    http = client or httpx.Client(timeout=10)
    visit = ProviderVisit(callback_url="")
    try:
        for _ in range(25):
            if url.startswith(stop_at):
                visit.callback_url = url
                return visit
            if rewrite and url.startswith(rewrite[0]):
                url = rewrite[1] + url[len(rewrite[0]) :]
            response = http.get(url, follow_redirects=False)
            while response.status_code == 200:
                parser = _Forms()
                parser.feed(response.text)
                form = next((f for f in parser.forms if f["method"] == "post"), None)
                assert form, f"no form at {url}:\n{response.text[:2000]}"
                data = dict(form["inputs"])
                if "login" in data:
                    data.update(login=login, password=password)
                visit.pages.append(data.get("prompt", "?"))
                action = urljoin(str(response.url), form["action"])
                if rewrite and action.startswith(rewrite[0]):
                    action = rewrite[1] + action[len(rewrite[0]) :]
                response = http.post(action, data=data, follow_redirects=False)
            assert response.is_redirect, (
                f"{response.request.method} {response.request.url} -> {response.status_code}:\n"
                f"{response.text[:2000]}"
            )
            url = urljoin(str(response.url), response.headers["location"])
        raise AssertionError(f"too many redirects at the provider; last {url}")
    finally:
        if own:
            http.close()
