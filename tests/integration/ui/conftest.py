"""The real backend on a fresh database, one per engine, for probes over the websocket."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from microcred_market.platform import dbadmin
from microcred_market.platform.db import reset_engine
from microcred_market.settings import reset_settings_cache
from tests.conftest import migrated, sqlite_url
from tests.support.live_app import LiveApp, live_app


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def live(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[LiveApp, str]]:
    """(the running app, its database URL); this process reads the same database."""
    if request.param == "sqlite":
        url = migrated(sqlite_url(tmp_path / "live.db"))
        admin = None
    else:
        admin = request.getfixturevalue("postgres_admin")
        url = migrated(dbadmin.create_postgres_database(admin_url=admin))
    data = tmp_path / "data"
    data.mkdir()
    env = {"DATABASE_URL": url, "DATA_DIR": str(data), "INPROCESS_WORKER": "0"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    reset_settings_cache()
    with live_app(env, tmp_path) as app:
        monkeypatch.setenv("PUBLIC_BASE_URL", app.front)
        monkeypatch.setenv("API_URL", app.url)
        reset_settings_cache()
        yield app, url
    reset_settings_cache()
    reset_engine()
    if admin is not None:
        dbadmin.drop_postgres_database(url, admin_url=admin)
