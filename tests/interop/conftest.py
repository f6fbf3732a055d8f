"""A migrated database with our settings, built once per module (per engine).

The module-scoped twin of tests/integration/conftest.py's `app_env`: the interop tests
issue a handful of credentials, tamper with them and hand everything to one Node.js run,
so the database must outlive a single test. Mail stays in the outbox (no SMTP_URL).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from microcred_market.platform import dbadmin
from microcred_market.platform.db import reset_engine
from microcred_market.settings import reset_settings_cache
from tests.conftest import migrated, sqlite_url

API = "http://testserver"
FRONT = "http://front.test"


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def module_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """An empty, migrated database for this module, on each engine in turn."""
    if request.param == "sqlite":
        yield migrated(sqlite_url(tmp_path_factory.mktemp("interop-db") / "interop.db"))
        reset_engine()
        return
    admin = request.getfixturevalue("postgres_admin")
    url = dbadmin.create_postgres_database(admin_url=admin)
    try:
        yield migrated(url)
    finally:
        reset_engine()
        dbadmin.drop_postgres_database(url, admin_url=admin)


@pytest.fixture(scope="module")
def module_app_env(module_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """DATABASE_URL, PUBLIC_BASE_URL, API_URL and DATA_DIR set as `app_env` sets them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATABASE_URL", module_db_url)
        patch.delenv("SMTP_URL", raising=False)
        patch.setenv("PUBLIC_BASE_URL", FRONT)
        patch.setenv("API_URL", API)
        patch.setenv("DATA_DIR", str(tmp_path_factory.mktemp("interop-data")))
        reset_settings_cache()
        try:
            yield module_db_url
        finally:
            reset_settings_cache()
            reset_engine()
    reset_settings_cache()
