"""Controlled vocabularies of the catalogue.

The values are stored in the database and appear in URLs and the JSON API, so they are
short, stable ASCII codes; labels in both interface languages live beside them so the
CLI, API and UI say the same thing.
"""

from __future__ import annotations

PARTICIPATION_FORMS: dict[str, dict[str, str]] = {
    "online": {"en": "Online", "pl": "Online"},
    "onsite": {"en": "On site", "pl": "Stacjonarnie"},
    "blended": {"en": "Blended", "pl": "Hybrydowo"},
}

ASSESSMENT_TYPES: dict[str, dict[str, str]] = {
    "test": {"en": "Test", "pl": "Test"},
    "practical": {"en": "Practical task", "pl": "Zadanie praktyczne"},
    "project": {"en": "Project", "pl": "Projekt"},
    "expert_review": {"en": "Expert review of evidence", "pl": "Ocena dowodów przez eksperta"},
    "oral": {"en": "Oral examination", "pl": "Egzamin ustny"},
}

SUPERVISION: dict[str, dict[str, str]] = {
    "unsupervised-no-id": {
        "en": "Unsupervised, no identity check",
        "pl": "Bez nadzoru, bez weryfikacji tożsamości",
    },
    "supervised-no-id": {
        "en": "Supervised, no identity check",
        "pl": "Pod nadzorem, bez weryfikacji tożsamości",
    },
    "supervised-online-id": {
        "en": "Supervised online with identity check",
        "pl": "Nadzór online z weryfikacją tożsamości",
    },
    "supervised-onsite-id": {
        "en": "Supervised on site with identity check",
        "pl": "Nadzór stacjonarny z weryfikacją tożsamości",
    },
}

OFFERING_STATUSES = ("draft", "published", "archived")

CURRENCIES = ("PLN", "EUR")

LANGUAGES: dict[str, dict[str, str]] = {
    "en": {"en": "English", "pl": "angielski"},
    "pl": {"en": "Polish", "pl": "polski"},
    "de": {"en": "German", "pl": "niemiecki"},
    "fr": {"en": "French", "pl": "francuski"},
    "es": {"en": "Spanish", "pl": "hiszpański"},
    "it": {"en": "Italian", "pl": "włoski"},
    "nl": {"en": "Dutch", "pl": "niderlandzki"},
    "cs": {"en": "Czech", "pl": "czeski"},
    "lt": {"en": "Lithuanian", "pl": "litewski"},
    "pt": {"en": "Portuguese", "pl": "portugalski"},
    "fi": {"en": "Finnish", "pl": "fiński"},
}

COUNTRIES: dict[str, dict[str, str]] = {
    "PL": {"en": "Poland", "pl": "Polska"},
    "DE": {"en": "Germany", "pl": "Niemcy"},
    "NL": {"en": "Netherlands", "pl": "Holandia"},
    "ES": {"en": "Spain", "pl": "Hiszpania"},
    "FR": {"en": "France", "pl": "Francja"},
    "IT": {"en": "Italy", "pl": "Włochy"},
    "CZ": {"en": "Czechia", "pl": "Czechy"},
    "LT": {"en": "Lithuania", "pl": "Litwa"},
    "PT": {"en": "Portugal", "pl": "Portugalia"},
    "FI": {"en": "Finland", "pl": "Finlandia"},
    "AT": {"en": "Austria", "pl": "Austria"},
    "IE": {"en": "Ireland", "pl": "Irlandia"},
}

# ISCED-F 2013 broad/narrow fields we use in the catalogue (code -> labels).
ISCED_FIELDS: dict[str, dict[str, str]] = {
    "0111": {"en": "Education science", "pl": "Nauki o edukacji"},
    "0213": {"en": "Fine arts and design", "pl": "Sztuki piękne i projektowanie"},
    "0231": {"en": "Language acquisition", "pl": "Nauka języków"},
    "0311": {"en": "Economics", "pl": "Ekonomia"},
    "0313": {"en": "Political sciences", "pl": "Nauki polityczne"},
    "0413": {"en": "Management and administration", "pl": "Zarządzanie i administracja"},
    "0411": {"en": "Accounting and taxation", "pl": "Rachunkowość i podatki"},
    "0412": {"en": "Finance, banking and insurance", "pl": "Finanse, bankowość i ubezpieczenia"},
    "0414": {"en": "Marketing and advertising", "pl": "Marketing i reklama"},
    "0421": {"en": "Law", "pl": "Prawo"},
    "0521": {"en": "Environmental sciences", "pl": "Nauki o środowisku"},
    "0542": {"en": "Statistics", "pl": "Statystyka"},
    "0612": {"en": "Database and network design", "pl": "Projektowanie baz danych i sieci"},
    "0613": {"en": "Software and applications", "pl": "Oprogramowanie i aplikacje"},
    "0688": {"en": "ICT (interdisciplinary)", "pl": "ICT (interdyscyplinarne)"},
    "0713": {"en": "Electricity and energy", "pl": "Elektryczność i energetyka"},
    "0715": {"en": "Mechanics and metal trades", "pl": "Mechanika i obróbka metali"},
    "0732": {"en": "Building and civil engineering", "pl": "Budownictwo"},
    "0788": {"en": "Engineering (interdisciplinary)", "pl": "Inżynieria (interdyscyplinarne)"},
    "0913": {"en": "Nursing and midwifery", "pl": "Pielęgniarstwo i położnictwo"},
    "0923": {"en": "Social work and counselling", "pl": "Praca socjalna i doradztwo"},
    "1015": {"en": "Travel, tourism and leisure", "pl": "Turystyka i rekreacja"},
    "1041": {"en": "Transport services", "pl": "Usługi transportowe"},
}


def label(vocabulary: dict[str, dict[str, str]], code: str, lang: str = "en") -> str:
    """A human label for a code; the code itself if the vocabulary lacks it."""
    entry = vocabulary.get(code)
    if not entry:
        return code
    return entry.get(lang) or entry.get("en") or code
