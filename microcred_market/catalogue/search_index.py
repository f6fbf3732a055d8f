"""The full-text index, in the SQL each database understands.

Migrations call `create_search_index` so the index exists exactly where the tables do;
Alembic's autogenerate is told to ignore these objects because the models cannot
describe an FTS5 virtual table or a generated tsvector column.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

SQLITE_FTS_TABLES = (
    "offering_fts",
    "offering_fts_data",
    "offering_fts_idx",
    "offering_fts_docsize",
    "offering_fts_config",
    "offering_fts_content",
)


def is_search_index_object(name: str | None, type_: str) -> bool:
    if type_ == "table" and name in SQLITE_FTS_TABLES:
        return True
    if type_ == "column" and name == "search_vector":
        return True
    return type_ == "index" and name == "ix_offering_search_vector"


SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS offering_fts USING fts5(
        search_title, search_body,
        content='offering', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3 4')""",
    """CREATE TRIGGER IF NOT EXISTS offering_fts_ai AFTER INSERT ON offering BEGIN
        INSERT INTO offering_fts(rowid, search_title, search_body)
        VALUES (new.id, new.search_title, new.search_body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS offering_fts_ad AFTER DELETE ON offering BEGIN
        INSERT INTO offering_fts(offering_fts, rowid, search_title, search_body)
        VALUES ('delete', old.id, old.search_title, old.search_body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS offering_fts_au AFTER UPDATE ON offering BEGIN
        INSERT INTO offering_fts(offering_fts, rowid, search_title, search_body)
        VALUES ('delete', old.id, old.search_title, old.search_body);
        INSERT INTO offering_fts(rowid, search_title, search_body)
        VALUES (new.id, new.search_title, new.search_body);
    END""",
    "INSERT INTO offering_fts(offering_fts) VALUES ('rebuild')",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS offering_fts_au",
    "DROP TRIGGER IF EXISTS offering_fts_ad",
    "DROP TRIGGER IF EXISTS offering_fts_ai",
    "DROP TABLE IF EXISTS offering_fts",
]

POSTGRES_CREATE = [
    """ALTER TABLE offering ADD COLUMN IF NOT EXISTS search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('simple', coalesce(search_title, '')), 'A') ||
            setweight(to_tsvector('simple', coalesce(search_body, '')), 'B')
        ) STORED""",
    "CREATE INDEX IF NOT EXISTS ix_offering_search_vector ON offering USING gin (search_vector)",
]

POSTGRES_DROP = [
    "DROP INDEX IF EXISTS ix_offering_search_vector",
    "ALTER TABLE offering DROP COLUMN IF EXISTS search_vector",
]


def _statements(dialect: str, create: bool) -> list[str]:
    if dialect == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    if dialect == "postgresql":
        return POSTGRES_CREATE if create else POSTGRES_DROP
    raise RuntimeError(f"No full-text index for the {dialect} database")


def create_search_index(connection: Connection) -> None:
    for statement in _statements(connection.dialect.name, True):
        connection.exec_driver_sql(statement)


def drop_search_index(connection: Connection) -> None:
    for statement in _statements(connection.dialect.name, False):
        connection.exec_driver_sql(statement)
