"""Turning service data into the strings a page shows, in the reader's language.

States hold only these flat dicts of strings: formatting happens once on the server
(money, dates, vocabulary labels) so the browser never sees raw codes or floats.
"""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from datetime import date
from typing import Any

from babel.dates import format_date

from microcred_market.catalogue import vocab
from microcred_market.platform.money import format_money
from microcred_market.ui.i18n import table

_LOCALES = {"en": "en_GB", "pl": "pl_PL"}


def fmt_date(iso: str | None, lang: str) -> str:
    if not iso:
        return ""
    return format_date(date.fromisoformat(iso[:10]), format="medium", locale=_LOCALES[lang])


def when(data: dict[str, Any], lang: str) -> str:
    tr = table(lang)
    if data.get("self_paced"):
        return tr["self_paced"]
    start, end = fmt_date(data.get("start_date"), lang), fmt_date(data.get("end_date"), lang)
    return f"{start} – {end}" if end else start


def seats(data: dict[str, Any], lang: str) -> str:
    tr = table(lang)
    left = data.get("seats_left")
    if left is None:
        return tr["unlimited_seats"]
    if left == 0:
        return tr["sold_out"]
    return f"{left} {tr['seats_left']}"


def card(item: Any, lang: str) -> dict[str, str]:
    data = asdict(item) if is_dataclass(item) else dict(item)
    return {
        "slug": data["slug"],
        "href": f"/offerings/{data['slug']}",
        "title": data["title"],
        "summary": data["summary"],
        "university": data["university_name"],
        "university_href": f"/universities/{data['university_slug']}",
        "country": vocab.label(vocab.COUNTRIES, data["country_code"], lang),
        "ects": f"{data['ects']} ECTS",
        "eqf": f"{table(lang)['eqf']} {data['eqf_level']}",
        "price": format_money(data["price_minor"], data["currency"], lang),
        "when": when(data, lang),
        "form": vocab.label(vocab.PARTICIPATION_FORMS, data["participation_form"], lang),
        "assessment": vocab.label(vocab.ASSESSMENT_TYPES, data["assessment_type"], lang),
        "language": vocab.label(vocab.LANGUAGES, data["language"], lang),
        "lang_code": data["language"],
        "seats": seats(data, lang),
    }
