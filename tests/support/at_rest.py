"""Looking for a secret or a person's address in every column of every table."""

from __future__ import annotations

import json

import sqlalchemy as sa

from microcred_market.platform.db import get_engine


def places_holding(url: str, *needles: str) -> list[str]:
    """`table.column` for every stored value that contains one of `needles` (also as the
    JSON serialiser escapes it), over every table the database has, not only ours."""
    forms = {form for n in needles if n for form in (n, json.dumps(n)[1:-1], n.lower())}
    found: list[str] = []
    with get_engine(url).connect() as connection:
        for table in sa.inspect(connection).get_table_names():
            result = connection.execute(sa.text(f'SELECT * FROM "{table}"'))
            columns = list(result.keys())
            for row in result:
                for column, value in zip(columns, row, strict=True):
                    text = value if isinstance(value, str) else json.dumps(value, default=str)
                    if any(form in text for form in forms):
                        found.append(f"{table}.{column}")
    return found


def all_text(url: str) -> str:
    """Every stored value of every table as one text, to search later."""
    parts: list[str] = []
    with get_engine(url).connect() as connection:
        for table in sa.inspect(connection).get_table_names():
            for row in connection.execute(sa.text(f'SELECT * FROM "{table}"')):
                parts.extend(v if isinstance(v, str) else json.dumps(v, default=str) for v in row)
    return "\n".join(parts)
