"""Controlled vocabularies of the catalogue.

The values are stored in the database and appear in URLs and the JSON API, so they are
short, stable ASCII codes. Their labels live in the catalogue of each language as
`vocab.<kind>.<code>`, so the CLI, API and UI say the same thing in every language.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from microcred_market.platform.i18n import has, t

# Fixed words in the portal's addresses under /staff/<university>/offerings/ (the pages
# `new` and `import`, and `preview` and `cohorts` after an offering): an offering named
# so would hide behind those pages, so no offering may take one as its slug.
RESERVED_SLUGS = frozenset({"new", "import", "preview", "cohorts"})


@dataclass(frozen=True)
class Vocabulary:
    """The codes of one kind of value, in the order pages list them."""

    kind: str
    codes: tuple[str, ...]

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)


PARTICIPATION_FORMS = Vocabulary(
    "participation_form",
    (
        "online",
        "onsite",
        "blended",
    ),
)

ASSESSMENT_TYPES = Vocabulary(
    "assessment_type",
    (
        "test",
        "practical",
        "project",
        "expert_review",
        "oral",
    ),
)

SUPERVISION = Vocabulary(
    "supervision",
    (
        "unsupervised-no-id",
        "supervised-no-id",
        "supervised-online-id",
        "supervised-onsite-id",
    ),
)

OFFERING_STATUSES = ("draft", "published", "archived")

CURRENCIES = ("PLN", "EUR")

LANGUAGES = Vocabulary(
    "language",
    (
        "en",
        "pl",
        "de",
        "fr",
        "es",
        "it",
        "nl",
        "cs",
        "lt",
        "pt",
        "fi",
    ),
)

COUNTRIES = Vocabulary(
    "country",
    (
        "PL",
        "DE",
        "NL",
        "ES",
        "FR",
        "IT",
        "CZ",
        "LT",
        "PT",
        "FI",
        "AT",
        "IE",
    ),
)

ISCED_FIELDS = Vocabulary(
    "isced_field",
    (
        "0111",
        "0213",
        "0231",
        "0311",
        "0313",
        "0413",
        "0411",
        "0412",
        "0414",
        "0421",
        "0521",
        "0542",
        "0612",
        "0613",
        "0688",
        "0713",
        "0715",
        "0732",
        "0788",
        "0913",
        "0923",
        "1015",
        "1041",
    ),
)


def label(vocabulary: Vocabulary, code: str, lang: str = "en") -> str:
    """A human label for a code; the code itself if the vocabulary lacks it."""
    key = f"vocab.{vocabulary.kind}.{code}"
    if code not in vocabulary or not has(key):
        return code
    return t(key, lang)


def ects(value: Decimal | str | int, lang: str) -> str:
    """A workload for the reader's locale: `2.5 ECTS`, `2,5 ECTS` in Polish."""
    return t("vocab.unit.ects", lang, ects=Decimal(str(value)))
