"""The real backend on a fresh database, one per engine, for probes over the websocket."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from microcred_market.platform import dbadmin
from microcred_market.platform.db import reset_engine
from microcred_market.settings import reset_settings_cache
from tests.conftest import migrated, sqlite_url
from tests.support.live_app import LiveApp, live_app

ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
REDIS_STATES = "redis://127.0.0.1:6379/7"


@pytest.fixture(params=ENGINES)
def live(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[LiveApp, str]]:
    """(the running app, its database URL); this process reads the same database."""
    yield from _live(request, request.param, tmp_path, monkeypatch)


@pytest.fixture(params=[*ENGINES, "sqlite+redis"])
def live_any_states(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[LiveApp, str]]:
    """As `live`, and once more with Reflex keeping the States in Redis (several workers)."""
    yield from _live(request, request.param, tmp_path, monkeypatch)


def _live(
    request: pytest.FixtureRequest, kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[LiveApp, str]]:
    extra = {}
    if kind == "sqlite+redis":
        if not _redis_answers():
            pytest.skip("Redis is not reachable at 127.0.0.1:6379")
        extra["REDIS_URL"] = REDIS_STATES
    if kind != "postgres":
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
    env.update(extra)
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


def _redis_answers() -> bool:

    try:
        return bool(redis.Redis.from_url(REDIS_STATES, socket_timeout=1).ping())
    except redis.RedisError:
        return False
