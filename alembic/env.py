"""Alembic reads the database URL from the app's settings (or from a connection handed
in by `microcred db upgrade` and the tests).

It imports the tables only, not `wiring`: a migration needs the metadata and nothing that
runs after a commit, and wiring would load the API and its web framework for nothing.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from microcred_market.catalogue.search_index import is_search_index_object
from microcred_market.platform.db import get_engine
from microcred_market.settings import get_settings
from microcred_market.tables import metadata

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    # The full-text index is dialect-specific SQL that the models do not describe.
    return not is_search_index_object(name, type_)


def run_migrations_offline() -> None:
    context.configure(
        url=get_settings().database_url,
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    with get_engine().connect() as connection:
        _run(connection)
        connection.commit()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
