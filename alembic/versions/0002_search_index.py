"""full-text search index (FTS5 on SQLite, tsvector + GIN on PostgreSQL)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

from alembic import op

from microcred_market.catalogue.search_index import create_search_index, drop_search_index

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_search_index(op.get_bind())


def downgrade() -> None:
    drop_search_index(op.get_bind())
