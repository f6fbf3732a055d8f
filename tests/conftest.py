"""Shared fixtures: every run makes its own databases and drops them afterwards.

`demo_url` is parametrised over SQLite and PostgreSQL, so a test that takes it proves a
behaviour on both engines. PostgreSQL tests skip where no server answers; `.ci/run`
turns such a skip into a failure, because CI has PostgreSQL and must use it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
os.environ.setdefault("REFLEX_CHECK_LATEST_VERSION", "false")
os.environ.setdefault("REFLEX_USE_SYSTEM_BUN", "1")

from microcred_market.catalogue.seed import seed_demo  # noqa: E402
from microcred_market.platform import dbadmin, migrations  # noqa: E402
from microcred_market.platform.db import get_engine, reset_engine, session_scope  # noqa: E402
from microcred_market.wiring import wire  # noqa: E402

# As every process does at start: tests call services and `process_outbox` directly.
wire()

PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_ADMIN_URL", dbadmin.DEFAULT_POSTGRES_ADMIN_URL)


def migrated(url: str) -> str:
    with get_engine(url).connect() as connection:
        migrations.upgrade(connection)
        connection.commit()
    return url


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def postgres_admin() -> str:
    if not dbadmin.postgres_available(PG_ADMIN_URL):
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is required (REQUIRE_POSTGRES=1) but not reachable")
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    return PG_ADMIN_URL


@pytest.fixture
def empty_sqlite_url(tmp_path: Path) -> Iterator[str]:
    yield sqlite_url(tmp_path / "empty.db")
    reset_engine()


@pytest.fixture
def empty_postgres_url(postgres_admin: str) -> Iterator[str]:
    url = dbadmin.create_postgres_database(admin_url=postgres_admin)
    yield url
    reset_engine()
    dbadmin.drop_postgres_database(url, admin_url=postgres_admin)


@pytest.fixture(scope="session")
def demo_sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = migrated(sqlite_url(tmp_path_factory.mktemp("demo") / "demo.db"))
    with session_scope(url) as session:
        seed_demo(session)
    yield url


@pytest.fixture(scope="session")
def demo_postgres_url(postgres_admin: str) -> Iterator[str]:
    url = migrated(dbadmin.create_postgres_database(admin_url=postgres_admin))
    with session_scope(url) as session:
        seed_demo(session)
    yield url
    reset_engine()
    dbadmin.drop_postgres_database(url, admin_url=postgres_admin)


@pytest.fixture(
    params=[
        pytest.param("sqlite"),
        pytest.param("postgres", marks=pytest.mark.postgres),
    ]
)
def demo_url(request: pytest.FixtureRequest) -> str:
    """The demo catalogue, on each engine in turn (read-only: do not write to it)."""
    return request.getfixturevalue(f"demo_{request.param}_url")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests last: they build the front end once and keep the app running."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)
