"""Browser journeys: one production build of the app and one Chromium per test session.

The app runs in this process through `reflex.testing.AppHarnessProd` (static export served
by uvicorn, backend in a thread), pointed at a fresh, migrated SQLite database with the
demo catalogue. Each test gets a new browser context, so cookies (the `lang` choice) and
history never leak from one test into another.

Needs Chromium at /usr/bin/chromium (Debian package; never `playwright install`) and bun
(`REFLEX_USE_SYSTEM_BUN=1`). Screenshots go to $E2E_SHOTS_DIR (default /tmp/e2e-shots).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
playwright_sync = pytest.importorskip("playwright.sync_api")

from tests.e2e.support import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    TIMEOUT_MS,
)

expect = playwright_sync.expect
Page = playwright_sync.Page


@pytest.fixture(scope="session")
def e2e_database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh demo database that the whole app (settings, engine) is pointed at."""
    from microcred_market.catalogue.seed import seed_demo
    from microcred_market.platform.db import reset_engine, session_scope
    from microcred_market.settings import reset_settings_cache
    from microcred_market.stacking.seed import seed_demo_rules
    from tests.conftest import migrated, sqlite_url

    url = sqlite_url(tmp_path_factory.mktemp("e2e") / "demo.db")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", url)
        mp.delenv("REDIS_URL", raising=False)
        reset_settings_cache()
        reset_engine()
        migrated(url)
        with session_scope(url) as session:
            seed_demo(session)
            seed_demo_rules(session)  # the demo qualifications' rules, as `make run` has them
        yield url
        reset_engine()
    reset_settings_cache()


@pytest.fixture(scope="session")
def app_harness(e2e_database_url: str) -> Iterator[Any]:
    """The app in production mode: static frontend + backend, on free local ports."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    if shutil.which("bun") is None and shutil.which("npm") is None:
        pytest.skip("neither bun nor npm is available to build the frontend")
    from microcred_market.settings import reset_settings_cache
    from tests.e2e.harness import FixedPortsHarness, free_port

    frontend_port, backend_port = free_port(), free_port()
    saved = {k: os.environ.get(k) for k in ("REFLEX_ENV_MODE", "REFLEX_SKIP_COMPILE")}
    with pytest.MonkeyPatch.context() as mp:
        # 127.0.0.1 for both, so cookies the backend sets are sent with page requests too.
        mp.setenv("FRONTEND_PORT", str(frontend_port))
        mp.setenv("BACKEND_PORT", str(backend_port))
        mp.setenv("API_URL", f"http://127.0.0.1:{backend_port}")
        mp.setenv("PUBLIC_BASE_URL", f"http://127.0.0.1:{frontend_port}")
        reset_settings_cache()
        harness = FixedPortsHarness.create(root=ROOT, app_name="microcred_market")
        harness.frontend_port, harness.backend_port = frontend_port, backend_port
        harness.start()
        try:
            yield harness
        finally:
            harness.stop()
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    reset_settings_cache()


@pytest.fixture(scope="session")
def base_url(app_harness: Any) -> str:
    assert app_harness.frontend_url
    return app_harness.frontend_url.rstrip("/")


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[Any]:
    """One Playwright and one Chromium for the whole run: the sync API cannot be started
    a second time while another instance runs in the same thread."""
    with playwright_sync.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        expect.set_options(timeout=TIMEOUT_MS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def browser(app_harness: Any, chromium_browser: Any) -> Any:
    return chromium_browser


class Browse:
    """Opens pages in fresh browser contexts and fails the test on uncaught JS errors."""

    def __init__(self, browser: Any, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.contexts: list[Any] = []
        self.page_errors: list[str] = []

    def new_page(self, viewport: dict[str, int] | None = None, locale: str = "en-GB") -> Page:
        """`locale` is the browser's language: its `Accept-Language` and `navigator.languages`."""
        context = self.browser.new_context(
            viewport=viewport or DESKTOP, base_url=self.base_url, locale=locale
        )
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: self.page_errors.append(f"{page.url}: {exc}"))
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def browse(browser: Any, base_url: str) -> Iterator[Browse]:
    session = Browse(browser, base_url)
    yield session
    session.close()
    assert not session.page_errors, f"uncaught errors in the page: {session.page_errors}"


@pytest.fixture
def page(browse: Browse) -> Page:
    """A desktop-sized (1280 px) page in a fresh context."""
    return browse.new_page()


@pytest.fixture
def phone_page(browse: Browse) -> Page:
    """A phone-sized (360 px) page in a fresh context."""
    return browse.new_page(PHONE)


@pytest.fixture
def expected(e2e_database_url: str) -> Callable[[dict[str, str]], Any]:
    """What the catalogue service says a query returns: the oracle for result counts."""
    from microcred_market.catalogue import service as catalogue
    from microcred_market.catalogue.search_query import parse_query
    from microcred_market.platform.db import session_scope

    def run(params: dict[str, str], lang: str = "en") -> Any:
        with session_scope(e2e_database_url) as session:
            return catalogue.search(session, parse_query(params), lang=lang)

    return run


@pytest.fixture(scope="session")
def mailbox(app_harness: Any, base_url: str) -> Iterator[Any]:
    """Mail goes to a real SMTP server; links and redirects point at this harness."""
    import reflex as rx

    from microcred_market.settings import reset_settings_cache
    from tests.support.smtp import start_smtp

    controller, inbox = start_smtp()
    saved = {k: os.environ.get(k) for k in ("SMTP_URL", "PUBLIC_BASE_URL", "API_URL")}
    os.environ["SMTP_URL"] = f"smtp://127.0.0.1:{inbox.port}"  # type: ignore[attr-defined]
    os.environ["PUBLIC_BASE_URL"] = base_url
    os.environ["API_URL"] = rx.config.get_config().api_url
    reset_settings_cache()
    yield inbox
    controller.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    reset_settings_cache()
