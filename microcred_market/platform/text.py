"""Folding text for search.

Both databases index and query the same folded words (lower case, no diacritics), so
`zarzadzanie` finds `Zarządzanie` on SQLite and PostgreSQL alike without depending on a
database extension. NFKD removes most accents; a few letters (ł, ø, ß, đ) have no
decomposition and are mapped by hand.
"""

from __future__ import annotations

import re
import unicodedata

_NO_DECOMPOSITION = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "ß": "ss",
        "đ": "d",
        "Đ": "d",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
    }
)
_TOKEN = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower case, strip diacritics, keep everything else."""
    if text.isascii():  # nothing to strip, and by far the most common case
        return text.lower()
    text = text.translate(_NO_DECOMPOSITION)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def tokens(text: str) -> list[str]:
    """The words of a folded text, as both full-text indexes split them."""
    return _TOKEN.findall(fold(text))


def slugify(text: str, max_length: int = 80) -> str:
    return "-".join(tokens(text))[:max_length].strip("-")
