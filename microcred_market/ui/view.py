"""Turning read models into the strings a page shows, in the reader's language.

Services and queries return frozen dataclasses; States hold only flat dicts of strings
made from them here, so formatting happens once on the server (money, dates, vocabulary
labels) and the browser never sees raw codes or floats.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from microcred_market.catalogue import vocab
from microcred_market.catalogue.service import OfferingCard
from microcred_market.platform import i18n
from microcred_market.platform.money import format_money
from microcred_market.ui.i18n import table


class Schedule(Protocol):
    """What an offering card and an offering's detail both say about dates and seats."""

    @property
    def self_paced(self) -> bool: ...
    @property
    def start_date(self) -> str | None: ...
    @property
    def end_date(self) -> str | None: ...
    @property
    def seats_left(self) -> int | None: ...


def fmt_date(iso: str | None, lang: str) -> str:
    if not iso:
        return ""
    return i18n.fmt_date(date.fromisoformat(iso[:10]), lang)


def when(item: Schedule, lang: str) -> str:
    if item.self_paced:
        return table(lang)["self_paced"]
    start, end = fmt_date(item.start_date, lang), fmt_date(item.end_date, lang)
    return f"{start} – {end}" if end else start


def seats(item: Schedule, lang: str) -> str:
    tr = table(lang)
    left = item.seats_left
    if left is None:
        return tr["unlimited_seats"]
    if left == 0:
        return tr["sold_out"]
    return i18n.t("ui.catalogue.seats_left", lang, n=left)


def eqf(level: int, lang: str) -> str:
    """ "EQF 6"; a dash for a draft whose author has not chosen its level yet (0)."""
    return f"{table(lang)['eqf']} {level}" if level else "—"


def card(item: OfferingCard, lang: str, currency: str | None = None) -> dict[str, str]:
    return {
        "slug": item.slug,
        "href": f"/offerings/{item.slug}" + (f"?currency={currency}" if currency else ""),
        "title": item.title,
        "summary": item.summary,
        "university": item.university_name,
        "university_href": f"/universities/{item.university_slug}",
        "country": vocab.label(vocab.COUNTRIES, item.country_code, lang),
        "ects": vocab.ects(item.ects, lang),
        "eqf": eqf(item.eqf_level, lang),
        "price": format_money(item.price_minor, item.currency, lang),
        "when": when(item, lang),
        "form": vocab.label(vocab.PARTICIPATION_FORMS, item.participation_form, lang),
        "assessment": vocab.label(vocab.ASSESSMENT_TYPES, item.assessment_type, lang),
        "language": vocab.label(vocab.LANGUAGES, item.language, lang),
        "lang_code": item.language,
        "seats": seats(item, lang),
    }
