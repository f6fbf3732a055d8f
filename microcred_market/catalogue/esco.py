"""The ESCO skills an author picks from: a small list shipped as data (`esco_skills.json`).

Each skill has its ESCO URI, its English preferred label (ESCO's own, which credentials
carry as `alignment.targetName`, so a verifier anywhere reads the same words), its Polish
label (what a Polish page shows: the picker, the offering page) and the ISCED-F fields of
the demo it belongs to, so the picker can put the skills of the offering's field first.
Searching folds case and diacritics like the catalogue's search and matches either
language, so a Polish author typing "uczenie" finds "machine learning".
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
    label_pl: str = ""

    def label_in(self, lang: str) -> str:
        """The label a reader of `lang` sees; English where no translation is shipped."""
        return (self.label_pl if lang == "pl" else "") or self.label


@cache
def skills() -> tuple[Skill, ...]:
    text = resources.files("microcred_market.catalogue").joinpath("esco_skills.json").read_text()
    return tuple(
        Skill(
            uri=row["uri"],
            label=row["label"],
            fields=tuple(row.get("fields", ())),
            label_pl=row.get("label_pl", ""),
        )
        for row in json.loads(text)
    )


@cache
def by_uri() -> dict[str, Skill]:
    return {s.uri: s for s in skills()}


def label(uri: str, lang: str, fallback: str = "") -> str:
    """The label of a skill an offering names, in the reader's language; a skill not in
    the shipped list keeps the label it was written with."""
    skill = by_uri().get(uri)
    return skill.label_in(lang) if skill else fallback


def search(query: str, field: str = "", limit: int = 12, lang: str = "en") -> list[Skill]:
    """Skills whose English or Polish label holds every word of `query`; the offering's
    field first, then by the label the reader sees."""
    words = fold(query[:100]).split()
    found = [s for s in skills() if all(w in fold(s.label) or w in fold(s.label_pl) for w in words)]
    found.sort(key=lambda s: (field not in s.fields, fold(s.label_in(lang))))
    return found[: max(0, limit)]
