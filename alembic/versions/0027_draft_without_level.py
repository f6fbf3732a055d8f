"""catalogue: a draft may be saved before its author has chosen an EQF level (0 means "not
chosen yet", kept when a draft is archived); anything published has a level from 1 to 8,
which the database keeps

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "ck_offering_eqf_level"
STRICT = "eqf_level BETWEEN 1 AND 8"
LOOSE = "eqf_level BETWEEN 1 AND 8 OR (eqf_level = 0 AND status <> 'published')"


def _sqlite_check(old: str, new: str) -> None:
    """Rewrite the CHECK in SQLite's stored schema instead of copying the table (what
    `batch_alter_table` would do): the offering table carries the full-text triggers and
    every enrolment's foreign key, and a copy of a large catalogue is slow. SQLite
    documents this for loosening a CHECK, which leaves the file's format unchanged
    (sqlite.org/lang_altertable.html, section 7)."""
    bind = op.get_bind()
    sql = bind.execute(
        sa.text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'offering'")
    ).scalar_one()
    before = f"CONSTRAINT {NAME} CHECK ({old})"
    if before not in sql:
        raise RuntimeError(f"offering's schema lacks {before!r}: not the one 0001 made")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.execute(
        sa.text("UPDATE sqlite_master SET sql = :sql WHERE type = 'table' AND name = 'offering'"),
        {"sql": sql.replace(before, f"CONSTRAINT {NAME} CHECK ({new})")},
    )
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")
    problems = bind.exec_driver_sql("PRAGMA integrity_check").scalars().all()
    if problems != ["ok"]:
        raise RuntimeError(f"integrity check after the schema change: {problems}")


def _change(old: str, new: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_check(old, new)
    else:
        op.drop_constraint(NAME, "offering", type_="check")
        op.create_check_constraint(NAME, "offering", sa.text(new))


def upgrade() -> None:
    _change(STRICT, LOOSE)


def downgrade() -> None:
    # The older version cannot hold a draft without a level: say which, change nothing.
    drafts = op.get_bind().execute(sa.text("SELECT slug FROM offering WHERE eqf_level = 0"))
    slugs = drafts.scalars().all()
    if slugs:
        raise RuntimeError(
            "drafts without an EQF level must get one before this downgrade: " + ", ".join(slugs)
        )
    _change(LOOSE, STRICT)
