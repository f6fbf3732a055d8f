"""Translating keys and formatting values for the reader's language.

Every text a person reads (pages, mail, API messages, errors) is a key in one catalogue
per language (`microcred_market/locales/<lang>.py`); `settings.languages` is the list of
languages. A catalogue entry is a `str.format` template, or for counted things a dict of
CLDR plural categories (`one`, `few`, `many`, `other`) chosen by Babel's plural rules for
the count in the `n` parameter. Numbers, decimals, money and dates in the parameters are
formatted by Babel for the reader's locale, so "2,5 ECTS" and "24 wolne miejsca" come out
right without anyone writing a rule by hand.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from babel import Locale, negotiate_locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

from microcred_market.settings import get_settings

# The Babel locale each interface language formats with.
LOCALES: Mapping[str, str] = {"en": "en_IE", "pl": "pl_PL"}
# Where a locale's own currency pattern reads badly ("PLN1,490.00"), the one we show instead.
MONEY_PATTERNS: Mapping[str, str] = {"en": "¤\u00a0#,##0.00"}
Entry = str | Mapping[str, str]


@dataclass(frozen=True)
class Phrase:
    """A catalogue key given as a parameter of another entry, translated along with it.

    It lets a service say "a revoked credential cannot be suspended" without knowing the
    reader's language: the state is a `vocab.` key, not an English word.
    """

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, init=False)
class Phrases:
    """Several phrases shown as one list in the reader's language (e.g. what a form lacks)."""

    items: tuple[Phrase, ...]
    separator: str

    def __init__(self, items: Iterable[Phrase], separator: str = "; ") -> None:
        object.__setattr__(self, "items", tuple(items))
        object.__setattr__(self, "separator", separator)


def languages() -> tuple[str, ...]:
    return get_settings().languages


def default_language() -> str:
    return get_settings().default_language


def pick_language(lang: str | None) -> str:
    """The language to answer in: `lang` when we speak it, else the default."""
    return lang if lang in languages() else default_language()


def from_accept_language(header: str | None) -> str | None:
    """The language we speak that a browser's `Accept-Language` prefers most, if any.

    Tags are taken in the order of their `q` weights (ties keep the browser's order, and
    `q=0` means "not this one"); Babel matches `pl-PL` to our `pl`. The header is read
    only so far (1,000 characters, 30 tags): it is the client's to make as long as it likes.
    """
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "")[:1000].split(",")[:30]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, position, tag.strip()))
    preferred = [tag for _, _, tag in sorted(weighted)]
    found = negotiate_locale(preferred, list(languages()), sep="-")
    return found.lower() if found else None


@cache
def catalogue(lang: str) -> Mapping[str, Entry]:
    module = importlib.import_module(f"microcred_market.locales.{lang}")
    messages: Mapping[str, Entry] = module.MESSAGES
    return messages


def locale_of(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["en"])


def has(key: str) -> bool:
    return key in catalogue(default_language())


# A catalogue page formats a price, two dates, a workload and a count for each of its
# cards, and its facets' counts, on the event loop: Babel parses the locale again for
# each (0.16 ms a card here). The locales are parsed once, and the few values a page
# shows again and again (prices, dates, small counts) are formatted once each.
_FORMATTED = 4096  # values kept per formatter: a few hundred kilobytes at most


def babel_locale(lang: str) -> Locale:
    return _parsed(locale_of(lang))  # kept per locale we speak, whatever `lang` says


@cache
def _parsed(locale: str) -> Locale:
    return Locale.parse(locale)


def fmt_number(value: int | float | Decimal, lang: str) -> str:
    # Kept by an exact key only: 0.0 == -0.0 and Decimal("2.5") == Decimal("2.50"), yet
    # Babel may write them apart ("-0"); floats are rare here and written each time.
    if type(value) is int:
        return _fmt_int(value, lang)
    if isinstance(value, Decimal):
        return _fmt_decimal(str(value), lang)
    return format_decimal(value, locale=babel_locale(lang))


@lru_cache(maxsize=_FORMATTED)
def _fmt_int(value: int, lang: str) -> str:
    return format_decimal(value, locale=babel_locale(lang))


@lru_cache(maxsize=_FORMATTED)
def _fmt_decimal(value: str, lang: str) -> str:
    return format_decimal(Decimal(value), locale=babel_locale(lang))


@lru_cache(maxsize=_FORMATTED)
def fmt_money(minor: int, currency: str, lang: str) -> str:
    """`1 490,00 zł` or `PLN 1,490.00`: an amount in minor units, in the reader's locale."""
    return format_currency(
        Decimal(minor) / 100, currency, MONEY_PATTERNS.get(lang), locale=babel_locale(lang)
    )


def fmt_date(value: date | datetime, lang: str, style: str = "medium") -> str:
    if isinstance(value, datetime):
        value = value.date()
    return _fmt_date(value, lang, style)


@lru_cache(maxsize=_FORMATTED)
def _fmt_date(value: date, lang: str, style: str) -> str:
    return format_date(value, format=style, locale=babel_locale(lang))


def fmt_datetime(value: datetime, lang: str, style: str = "medium") -> str:
    return format_datetime(value, format=style, locale=babel_locale(lang))


def _param(value: Any, lang: str) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, Phrase):
        return t(value.key, lang, **value.params)
    if isinstance(value, Phrases):
        return value.separator.join(t(p.key, lang, **p.params) for p in value.items)
    if isinstance(value, int | Decimal | float):
        return fmt_number(value, lang)
    if isinstance(value, datetime):
        return fmt_datetime(value, lang)
    if isinstance(value, date):
        return fmt_date(value, lang)
    return value


def t(key: str, lang: str, /, **params: Any) -> str:
    """The text of `key` in `lang` (falling back to the default language), filled in.

    A missing key is a programming error that a test catches (every key in every
    language); at run time the key itself is shown rather than failing the page.
    """
    lang = pick_language(lang)
    entry = catalogue(lang).get(key)
    if entry is None:
        entry = catalogue(default_language()).get(key, key)
    if not isinstance(entry, str):
        count = params.get("n", 0)
        category = babel_locale(lang).plural_form(abs(count))
        entry = entry.get(category) or entry["other"]
    if not params:
        return entry
    return entry.format(**{name: _param(value, lang) for name, value in params.items()})


def table(lang: str, prefix: str = "") -> dict[str, str]:
    """Every plain (not counted) entry under `prefix`, for a page that shows many at once.

    Built once per language, default language and prefix: a catalogue page asks for it
    for every card, on the event loop. The dict is shared, so callers only read it.
    """
    return _table(pick_language(lang), default_language(), prefix)


@cache
def _table(lang: str, default: str, prefix: str) -> dict[str, str]:
    merged = {**catalogue(default), **catalogue(lang)}
    return {
        key[len(prefix) :]: value
        for key, value in merged.items()
        if key.startswith(prefix) and isinstance(value, str)
    }
