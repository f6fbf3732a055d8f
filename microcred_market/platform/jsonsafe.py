"""Reading JSON that a stranger sent, with limits that the standard parser does not have.

`json.loads` recurses once per nesting level, so `[` repeated 100,000 times raises a
RecursionError instead of a ValueError, and a document a few hundred levels deep parses but
then exhausts the stack of whatever walks it next (JSON-LD expansion, canonicalisation, the
response encoder). It also accepts `"\\ud800"`, a lone UTF-16 surrogate that no UTF-8
encoder (nor PostgreSQL) can write back out. Every JSON from outside goes through `loads`
(or `check` after another parser): a too-deep or not-really-text document is refused with
a message here, at the door, rather than as a 500 somewhere deep inside.
"""

from __future__ import annotations

import json
from typing import Any

from microcred_market.platform.errors import InvalidInput, TooLarge, Unprocessable


class NotJson(InvalidInput):
    """Bytes that are not JSON at all (HTTP 400)."""

    code = "unreadable"


# Credentials nest about eight levels; 64 leaves room for anything real and none for a bomb.
MAX_DEPTH = 64


def loads(data: bytes | str, *, max_bytes: int, max_depth: int = MAX_DEPTH) -> Any:
    """The parsed document, or an error saying why it was refused (413, 400 or 422)."""
    if len(data) > max_bytes:
        raise TooLarge("error.platform.json_too_large", n=max_bytes // 1000)
    try:
        document = json.loads(data)
    except RecursionError:
        raise Unprocessable("error.platform.json_too_deep", n=max_depth) from None
    except ValueError:  # includes UnicodeDecodeError: bytes that are not UTF-8
        raise NotJson("error.platform.json_syntax") from None
    check(document, max_depth=max_depth)
    return document


def check(document: Any, *, max_depth: int = MAX_DEPTH) -> None:
    """Refuse a parsed document nested deeper than `max_depth` or holding lone surrogates.

    Walks with an explicit stack, so the check itself cannot run out of stack.
    """
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            _text(value)
        elif isinstance(value, dict | list):
            if depth > max_depth:
                raise Unprocessable("error.platform.json_too_deep", n=max_depth)
            if isinstance(value, dict):
                for key, item in value.items():
                    _text(key)
                    stack.append((item, depth + 1))
            else:
                stack.extend((item, depth + 1) for item in value)


def _text(value: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Unprocessable("error.platform.json_bad_text") from None
