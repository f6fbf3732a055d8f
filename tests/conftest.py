"""Shared fixtures: every run makes its own databases and drops them afterwards.

`demo_url` is parametrised over SQLite and PostgreSQL, so a test that takes it proves a
behaviour on both engines. PostgreSQL tests skip where no server answers; `.ci/run`
turns such a skip into a failure, because CI has PostgreSQL and must use it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

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


def _upgrade(url: str) -> None:
    with get_engine(url).connect() as connection:
        migrations.upgrade(connection)
        connection.commit()


# One migrated database per engine and test process, copied for every test that wants a
# fresh one: running all migrations took 0.2 s (SQLite) to 1 s (PostgreSQL) per test, a
# copy takes milliseconds (a file copy; `CREATE DATABASE ... TEMPLATE`). The migrations
# themselves are still run from nothing once per process, and by their own tests.
_TEMPLATES: dict[str, str] = {}


def _sqlite_template() -> str:
    if "sqlite" not in _TEMPLATES:
        folder = Path(tempfile.mkdtemp(prefix="microcred-template-"))
        url = sqlite_url(folder / "template.db")
        _upgrade(url)
        reset_engine()
        _TEMPLATES["sqlite"] = str(folder / "template.db")
    return _TEMPLATES["sqlite"]


def _postgres_template(admin_url: str) -> str:
    if "postgres" not in _TEMPLATES:
        url = dbadmin.create_postgres_database(prefix="microcred_template", admin_url=admin_url)
        _upgrade(url)
        reset_engine()  # a template must have no open connection while it is copied
        _TEMPLATES["postgres"] = str(make_url(url).database)
    return _TEMPLATES["postgres"]


def migrated(url: str) -> str:
    """`url` (an empty database) at the newest migration, copied from a template."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        target = Path(parsed.database)
        if not target.exists() or target.stat().st_size == 0:
            shutil.copyfile(_sqlite_template(), target)
            return url
    elif parsed.get_backend_name() == "postgresql" and parsed.database:
        template = _postgres_template(PG_ADMIN_URL)
        engine = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
            conn.exec_driver_sql(f'CREATE DATABASE "{parsed.database}" TEMPLATE "{template}"')
        engine.dispose()
        return url
    _upgrade(url)
    return url


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Drop the PostgreSQL template this process made (SQLite's lives in a temp folder)."""
    name = _TEMPLATES.pop("postgres", None)
    if name is not None:
        dbadmin.drop_postgres_database(
            str(make_url(PG_ADMIN_URL).set(database=name)), admin_url=PG_ADMIN_URL
        )
    folder = _TEMPLATES.pop("sqlite", None)
    if folder is not None:
        shutil.rmtree(Path(folder).parent, ignore_errors=True)


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


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests together: they build the front end once and keep the app running.

    Alone they run last. Under pytest-xdist (`make test` runs two workers, `--dist
    loadgroup`) they are one group that starts first on one worker while the other worker
    takes the rest file by file, so a file's module fixtures (servers it starts) run once.
    """
    parallel = getattr(config.option, "numprocesses", None) not in (None, 0)
    for item in items:
        browser = item.get_closest_marker("e2e") is not None
        group = "e2e" if browser else item.nodeid.split("::", 1)[0]
        item.add_marker(pytest.mark.xdist_group(group))

    def browser_last(item: pytest.Item) -> bool:
        return item.get_closest_marker("e2e") is not None

    items.sort(key=(lambda item: not browser_last(item)) if parallel else browser_last)
