"""Creating and dropping whole databases: tests and benchmarks each get their own."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.engine import make_url

DEFAULT_POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def postgres_available(admin_url: str = DEFAULT_POSTGRES_ADMIN_URL) -> bool:
    try:
        engine = sa.create_engine(admin_url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


def create_postgres_database(
    prefix: str = "microcred_test", admin_url: str = DEFAULT_POSTGRES_ADMIN_URL
) -> str:
    """Create an empty database with a unique name and return its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return str(make_url(admin_url).set(database=name).render_as_string(hide_password=False))


def drop_postgres_database(url: str, admin_url: str = DEFAULT_POSTGRES_ADMIN_URL) -> None:
    name = make_url(url).database
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    engine.dispose()
