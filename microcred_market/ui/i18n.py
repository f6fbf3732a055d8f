"""Interface strings in English and Polish.

Pages read `LangState.tr["key"]`; the language lives in a cookie so the choice survives
reloads and new visits, and the JSON API can read it too.
"""

from __future__ import annotations

import reflex as rx

STRINGS: dict[str, dict[str, str]] = {
    "brand": {"en": "microcred", "pl": "microcred"},
    "tagline": {
        "en": "Short university courses that end in a credential anyone can verify.",
        "pl": "Krótkie kursy uczelni zakończone poświadczeniem, które każdy może sprawdzić.",
    },
    "nav_catalogue": {"en": "Catalogue", "pl": "Katalog"},
    "nav_universities": {"en": "Universities", "pl": "Uczelnie"},
    "nav_qualifications": {"en": "Qualifications", "pl": "Kwalifikacje"},
    "skip_to_content": {"en": "Skip to content", "pl": "Przejdź do treści"},
    "language": {"en": "Language", "pl": "Język"},
    "search_label": {"en": "Search courses", "pl": "Szukaj kursów"},
    "search_placeholder": {
        "en": "Skill, topic or university, e.g. data analysis",
        "pl": "Umiejętność, temat lub uczelnia, np. analiza danych",
    },
    "search_button": {"en": "Search", "pl": "Szukaj"},
    "featured": {"en": "Featured courses", "pl": "Polecane kursy"},
    "universities": {"en": "Universities", "pl": "Uczelnie"},
    "qualifications": {
        "en": "Qualifications you can stack toward",
        "pl": "Kwalifikacje do zbudowania",
    },
    "courses_count": {"en": "courses", "pl": "kursów"},
    "see_all": {"en": "See all courses", "pl": "Zobacz wszystkie kursy"},
    "results": {"en": "results", "pl": "wyników"},
    "no_results": {
        "en": "No course matches. Try fewer words or remove a filter.",
        "pl": "Brak pasujących kursów. Spróbuj mniej słów lub usuń filtr.",
    },
    "filters": {"en": "Filters", "pl": "Filtry"},
    "clear_filters": {"en": "Clear all filters", "pl": "Wyczyść filtry"},
    "apply": {"en": "Apply", "pl": "Zastosuj"},
    "f_university": {"en": "University", "pl": "Uczelnia"},
    "f_country": {"en": "Country", "pl": "Kraj"},
    "f_eqf": {"en": "EQF level", "pl": "Poziom ERK"},
    "f_language": {"en": "Language of teaching", "pl": "Język kursu"},
    "f_form": {"en": "Form of participation", "pl": "Forma udziału"},
    "f_assessment": {"en": "Assessment", "pl": "Forma oceny"},
    "f_currency": {"en": "Currency", "pl": "Waluta"},
    "f_self_paced": {"en": "Schedule", "pl": "Harmonogram"},
    "f_qualification": {"en": "Counts toward", "pl": "Zalicza się do"},
    "f_ects": {"en": "ECTS workload", "pl": "Nakład pracy ECTS"},
    "f_price": {"en": "Price", "pl": "Cena"},
    "f_start": {"en": "Starts between", "pl": "Początek między"},
    "min": {"en": "Min", "pl": "Min"},
    "max": {"en": "Max", "pl": "Maks"},
    "from": {"en": "From", "pl": "Od"},
    "to": {"en": "To", "pl": "Do"},
    "sort": {"en": "Sort by", "pl": "Sortuj"},
    "sort_relevance": {"en": "Relevance", "pl": "Trafność"},
    "sort_price_asc": {"en": "Price: low to high", "pl": "Cena: rosnąco"},
    "sort_price_desc": {"en": "Price: high to low", "pl": "Cena: malejąco"},
    "sort_start": {"en": "Start date", "pl": "Data rozpoczęcia"},
    "sort_ects_asc": {"en": "ECTS: fewest first", "pl": "ECTS: rosnąco"},
    "sort_ects_desc": {"en": "ECTS: most first", "pl": "ECTS: malejąco"},
    "previous": {"en": "Previous", "pl": "Poprzednia"},
    "next": {"en": "Next", "pl": "Następna"},
    "page_of": {"en": "Page {page} of {pages}", "pl": "Strona {page} z {pages}"},
    "self_paced": {"en": "Self-paced", "pl": "We własnym tempie"},
    "starts": {"en": "Starts", "pl": "Początek"},
    "ects": {"en": "ECTS", "pl": "ECTS"},
    "seats_left": {"en": "seats left", "pl": "wolnych miejsc"},
    "sold_out": {"en": "Sold out", "pl": "Brak miejsc"},
    "unlimited_seats": {"en": "No seat limit", "pl": "Bez limitu miejsc"},
    "taught_in": {"en": "Taught in", "pl": "Prowadzony w języku"},
    "content_language": {"en": "Course content in", "pl": "Treść kursu w języku"},
    "about": {"en": "About this course", "pl": "O kursie"},
    "outcomes": {"en": "What you will be able to do", "pl": "Efekty uczenia się"},
    "skills": {"en": "ESCO skills", "pl": "Umiejętności ESCO"},
    "facts": {"en": "Key facts", "pl": "Najważniejsze informacje"},
    "awarding_body": {"en": "Awarding body", "pl": "Instytucja wydająca"},
    "country": {"en": "Country", "pl": "Kraj"},
    "workload": {"en": "Workload", "pl": "Nakład pracy"},
    "level": {"en": "Level", "pl": "Poziom"},
    "national_level": {"en": "National framework", "pl": "Rama krajowa"},
    "field": {"en": "Field of study (ISCED-F)", "pl": "Dziedzina (ISCED-F)"},
    "participation": {"en": "Form of participation", "pl": "Forma udziału"},
    "assessment": {"en": "Type of assessment", "pl": "Rodzaj oceny"},
    "supervision": {
        "en": "Supervision and identity check",
        "pl": "Nadzór i weryfikacja tożsamości",
    },
    "prerequisites": {"en": "Prerequisites", "pl": "Wymagania wstępne"},
    "none": {"en": "None", "pl": "Brak"},
    "quality_assurance": {"en": "Quality assurance", "pl": "Zapewnianie jakości"},
    "price": {"en": "Price", "pl": "Cena"},
    "dates": {"en": "Dates", "pl": "Terminy"},
    "seats": {"en": "Seats", "pl": "Miejsca"},
    "counts_toward": {"en": "Counts toward", "pl": "Zalicza się do"},
    "counts_toward_none": {
        "en": "This course stands alone; it is not part of a qualification yet.",
        "pl": "Ten kurs jest samodzielny; nie należy jeszcze do żadnej kwalifikacji.",
    },
    "credential_note": {
        "en": "Pass the assessment and the university issues a signed micro-credential "
        "(Open Badges 3.0, EU standard) that anyone can verify.",
        "pl": "Po zaliczeniu uczelnia wystawia podpisane mikropoświadczenie "
        "(Open Badges 3.0, standard UE), które każdy może zweryfikować.",
    },
    "website": {"en": "Website", "pl": "Strona internetowa"},
    "courses_at": {"en": "Courses", "pl": "Kursy"},
    "awarded_by": {"en": "Awarded by", "pl": "Przyznawana przez"},
    "ects_required": {"en": "ECTS required", "pl": "Wymagane ECTS"},
    "what_counts": {
        "en": "Courses that count toward it",
        "pl": "Kursy, które się do niej zaliczają",
    },
    "not_found_title": {"en": "We could not find that page", "pl": "Nie znaleźliśmy tej strony"},
    "not_found_text": {
        "en": "The link may be old or mistyped. The catalogue has every course we offer.",
        "pl": "Link może być nieaktualny lub błędny. W katalogu są wszystkie nasze kursy.",
    },
    "back_to_catalogue": {"en": "Go to the catalogue", "pl": "Przejdź do katalogu"},
    "loading": {"en": "Loading…", "pl": "Ładowanie…"},
    "footer": {
        "en": "Micro-credentials under the EU Council Recommendation 2022/C 243/02 and Open Badges 3.0.",
        "pl": "Mikropoświadczenia zgodne z Zaleceniem Rady UE 2022/C 243/02 i Open Badges 3.0.",
    },
    "scheduled": {"en": "Scheduled", "pl": "Z terminami"},
    "eqf": {"en": "EQF", "pl": "ERK"},
}


def table(lang: str) -> dict[str, str]:
    return {key: values.get(lang) or values["en"] for key, values in STRINGS.items()}


class LangState(rx.State):
    """The interface language: the only thing most pages need from the root."""

    lang: str = rx.Cookie("en", name="lang", max_age=365 * 24 * 3600, same_site="lax")

    @rx.var
    def tr(self) -> dict[str, str]:
        return table(self.lang if self.lang in ("en", "pl") else "en")

    @rx.var
    def current(self) -> str:
        return self.lang if self.lang in ("en", "pl") else "en"


def switch_language(lang: str) -> rx.event.EventSpec:
    """Write the cookie in the browser and reload, so every server-formatted text
    (money, dates, labels) is produced again in the new language."""
    return rx.call_script(
        f"document.cookie='lang={lang}; path=/; max-age=31536000; samesite=lax';"
        "window.location.reload()"
    )


def _merge_account_strings() -> None:
    from microcred_market.ui.i18n_accounts import STRINGS as ACCOUNT_STRINGS

    STRINGS.update(ACCOUNT_STRINGS)
    from microcred_market.ui.i18n_credentials import STRINGS as CREDENTIAL_STRINGS

    STRINGS.update(CREDENTIAL_STRINGS)


_merge_account_strings()
