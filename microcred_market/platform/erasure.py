"""Finding and replacing a person's address and name in stored text and JSON.

"Delete my account" keeps the rows that record what happened (audit events, mail that
went out) but not who it was: the address and name are replaced by a pseudonym that
points at the emptied account row. JSON columns are searched as text, which both
databases can do; the text holds non-ASCII letters escaped, as the JSON serialiser
wrote them, so the search term is escaped the same way.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement


def pseudonym(user_uuid: object) -> str:
    """What stands for a deleted account wherever its address or name was written."""
    return f"deleted-account:{user_uuid}"


def json_mentions(column: Any, word: str) -> ColumnElement[bool]:
    """SQL: the JSON column's text contains `word` (a first sieve; check in Python)."""
    return sa.cast(column, sa.Text).contains(json.dumps(word)[1:-1], autoescape=True)


def text_mentions(column: Any, word: str) -> ColumnElement[bool]:
    return sa.cast(column, sa.Text).contains(word, autoescape=True)


def replace_words(value: Any, words: Mapping[str, str]) -> Any:
    """`value` with every occurrence of each word replaced, inside dicts and lists too."""
    if isinstance(value, str):
        for word, stand_in in words.items():
            if word:
                value = value.replace(word, stand_in)
        return value
    if isinstance(value, dict):
        return {key: replace_words(item, words) for key, item in value.items()}
    if isinstance(value, list):
        return [replace_words(item, words) for item in value]
    return value


def mentions(value: Any, word: str) -> bool:
    return bool(word) and word in json.dumps(value, ensure_ascii=False, default=str)
