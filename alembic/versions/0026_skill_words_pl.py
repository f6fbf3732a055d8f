"""catalogue: the search words of offerings that name ESCO skills carry each skill's Polish
label too, so a search in Polish finds them (new offerings get them when saved)

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-03
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op
from microcred_market.catalogue.service import search_words

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROWS = sa.text(
    "SELECT o.id, o.title, o.summary, o.learning_outcomes, o.esco_skills, u.name"
    " FROM offering o JOIN university u ON u.id = o.university_id"
    " WHERE o.id > :after ORDER BY o.id LIMIT 500"
)


def _list(value: object) -> list:
    if isinstance(value, str):
        value = json.loads(value or "null")
    return value if isinstance(value, list) else []


def upgrade() -> None:
    # In batches by id, so a catalogue of a million offerings never sits in memory at once;
    # the full-text triggers update the index as each row changes.
    bind = op.get_bind()
    after = 0
    while rows := bind.execute(ROWS, {"after": after}).all():
        changes = []
        for oid, title, summary, outcomes, skills, uni in rows:
            skills = _list(skills)
            if skills:
                words = search_words(title, summary, _list(outcomes), skills, uni)
                changes.append({"id": oid, "t": words[0], "b": words[1]})
        if changes:
            bind.execute(
                sa.text("UPDATE offering SET search_title = :t, search_body = :b WHERE id = :id"),
                changes,
            )
        after = rows[-1][0]


def downgrade() -> None:
    # The extra words do no harm to an older version's search: nothing to undo.
    pass
