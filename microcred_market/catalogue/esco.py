"""The ESCO skills an author picks from: a small list shipped as data (`esco_skills.json`).

Each skill has its ESCO URI, its English preferred label (ESCO's own, which credentials
carry as `alignment.targetName`, so a verifier anywhere reads the same words), its Polish
label (`labels.pl`: what a Polish page shows, the picker and the offering page) and the ISCED-F fields of
the demo it belongs to, so the picker can put the skills of the offering's field first.
Searching folds case and diacritics like the catalogue's search and matches either
language, so a Polish author typing "uczenie" finds "machine learning".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from microcred_market.platform.text import fold

MAX_SKILLS = 20  # per offering


@dataclass(frozen=True)
class Skill:
    uri: str
    label: str
    fields: tuple[str, ...]
    # (language, label) for the languages besides English that the data ships.
    translations: tuple[tuple[str, str], ...] = ()

    def label_in(self, lang: str) -> str:
        """The label a reader of `lang` sees; English where no translation is shipped."""
        return dict(self.translations).get(lang) or self.label

    def all_labels(self) -> tuple[str, ...]:
        return (self.label, *(text for _, text in self.translations))


@cache
def skills() -> tuple[Skill, ...]:
    text = resources.files("microcred_market.catalogue").joinpath("esco_skills.json").read_text()
    return tuple(
        Skill(
            uri=row["uri"],
            label=row["label"],
            fields=tuple(row.get("fields", ())),
            translations=tuple(sorted(row.get("labels", {}).items())),
        )
        for row in json.loads(text)
    )


@cache
def by_uri() -> dict[str, Skill]:
    return {s.uri: s for s in skills()}


@cache
def _folded() -> dict[str, tuple[str, ...]]:
    """Every skill's labels folded once, not on every keystroke of the picker."""
    return {s.uri: tuple(fold(text) for text in s.all_labels()) for s in skills()}


def in_language(named: Iterable[Mapping[str, Any]], lang: str) -> list[dict[str, str]]:
    """An offering's stored skills ({"uri", "label"}) as a reader of `lang` sees them."""
    return [
        {
            "uri": str(s.get("uri", "")),
            "label": label(str(s.get("uri", "")), lang, str(s.get("label", ""))),
        }
        for s in named
    ]


def label(uri: str, lang: str, fallback: str = "") -> str:
    """The label of a skill an offering names, in the reader's language; a skill not in
    the shipped list keeps the label it was written with."""
    skill = by_uri().get(uri)
    return skill.label_in(lang) if skill else fallback


def translations(uri: str) -> tuple[str, ...]:
    """A shipped skill's labels besides the English one (none for a skill not shipped)."""
    skill = by_uri().get(uri)
    return skill.all_labels()[1:] if skill else ()


def search(query: str, field: str = "", limit: int = 12, lang: str = "en") -> list[Skill]:
    """Skills whose English or Polish label holds every word of `query`; the offering's
    field first, then by the label the reader sees."""
    words = fold(query[:100]).split()
    folded = _folded()
    found = [s for s in skills() if all(any(w in f for f in folded[s.uri]) for w in words)]
    found.sort(key=lambda s: (field not in s.fields, fold(s.label_in(lang))))
    return found[: max(0, limit)]
