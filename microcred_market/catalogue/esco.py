"""The ESCO skills an author picks from: a small list shipped as data (`esco_skills.json`).

Each skill has its ESCO URI, its English preferred label (ESCO's own, which credentials
carry as `alignment.targetName`) and the ISCED-F fields of the demo it belongs to, so the
picker can put the skills of the offering's field first. Searching folds case and
diacritics like the catalogue's search.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from microcred_market.platform.text import fold

MAX_SKILLS = 20  # per offering


@dataclass(frozen=True)
class Skill:
    uri: str
    label: str
    fields: tuple[str, ...]


@cache
def skills() -> tuple[Skill, ...]:
    text = resources.files("microcred_market.catalogue").joinpath("esco_skills.json").read_text()
    return tuple(
        Skill(uri=row["uri"], label=row["label"], fields=tuple(row.get("fields", ())))
        for row in json.loads(text)
    )


@cache
def by_uri() -> dict[str, Skill]:
    return {s.uri: s for s in skills()}


def search(query: str, field: str = "", limit: int = 12) -> list[Skill]:
    """Skills whose label holds every word of `query`; the offering's field first."""
    words = fold(query[:100]).split()
    found = [s for s in skills() if all(w in fold(s.label) for w in words)]
    found.sort(key=lambda s: (field not in s.fields, fold(s.label)))
    return found[: max(0, limit)]
