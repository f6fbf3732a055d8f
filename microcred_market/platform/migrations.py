"""Running Alembic from code (the CLI, `make run` and the tests use the same path)."""

from __future__ import annotations

from alembic.config import Config
from sqlalchemy.engine import Connection

from alembic import command
from microcred_market.settings import PROJECT_ROOT


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    config.attributes["configure_logging"] = False
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection | None = None, revision: str = "head") -> None:
    command.upgrade(alembic_config(connection), revision)


def downgrade(connection: Connection | None = None, revision: str = "base") -> None:
    command.downgrade(alembic_config(connection), revision)
