"""Every text is in one catalogue per language, and numbers read the way the reader writes them.

A key missing in Polish shows an English sentence (or the key) to a Polish reader; a
placeholder that differs between languages raises at run time; a service that words its
own errors in English only (or in two languages by hand) escapes translation. These tests
catch all three before a reader does, and pin what Babel gives for the formats people see.
"""

from __future__ import annotations

import ast
import string
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from babel import Locale
from hypothesis import given
from hypothesis import strategies as st

from microcred_market.catalogue import vocab
from microcred_market.platform import i18n
from microcred_market.platform.errors import DomainError, InvalidInput
from microcred_market.platform.money import format_money
from microcred_market.platform.ratelimit import RateLimited
from microcred_market.settings import get_settings

PACKAGE = Path(i18n.__file__).resolve().parents[1]
CAPABILITIES = (
    "platform",
    "vc",
    "catalogue",
    "accounts",
    "orders",
    "credentials",
    "assessments",
    "stacking",
)
# The one place that may name languages: which Babel locale formats each of them.
LANGUAGE_TABLES_ALLOWED = {PACKAGE / "platform" / "i18n.py"}
# Translations that leave out a detail on purpose: the detail is the verifier's English.
PLACEHOLDERS_LEFT_OUT = {("pl", "ui.check.unknown_context"): {"detail"}}


def _placeholders(entry: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(entry) if name}
    except ValueError:  # a text shown as is, never filled in (e.g. "starts with {")
        return {"<shown as is>"}


def _texts(entry: i18n.Entry) -> list[str]:
    return [entry] if isinstance(entry, str) else list(entry.values())


def _modules(*folders: str) -> Iterator[tuple[Path, ast.Module]]:
    roots = [PACKAGE / f for f in folders] if folders else [PACKAGE]
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            if "locales" in path.parts:
                continue
            yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _domain_errors() -> set[str]:
    """Names of every DomainError subclass defined in the package (by reading the source)."""
    bases: dict[str, set[str]] = {}
    for _, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases.setdefault(node.name, set()).update(_name(b) for b in node.bases)
    found = {"DomainError"}
    grew = True
    while grew:
        grew = False
        for name, parents in bases.items():
            if name not in found and parents & found:
                found.add(name)
                grew = True
    return found


# ---------------------------------------------------------------- (a) complete catalogues


def test_every_language_of_the_settings_has_a_catalogue() -> None:
    assert get_settings().default_language in i18n.languages()
    for lang in i18n.languages():
        assert i18n.catalogue(lang), lang
        assert lang in i18n.LOCALES, f"no Babel locale for {lang}"


def test_every_key_exists_in_every_language_with_the_same_placeholders() -> None:
    default = i18n.catalogue(i18n.default_language())
    for lang in i18n.languages():
        messages = i18n.catalogue(lang)
        assert sorted(set(default) - set(messages)) == [], f"missing in {lang}"
        assert sorted(set(messages) - set(default)) == [], f"only in {lang}"
        for key, entry in messages.items():
            ours = set().union(*(_placeholders(text) for text in _texts(entry)))
            theirs = set().union(*(_placeholders(text) for text in _texts(default[key])))
            theirs -= PLACEHOLDERS_LEFT_OUT.get((lang, key), set())
            assert ours == theirs, f"{lang} {key}: {sorted(ours)} != {sorted(theirs)}"


def test_counted_entries_have_every_plural_form_the_language_needs() -> None:
    for lang in i18n.languages():
        needed = set(Locale.parse(i18n.locale_of(lang)).plural_form.tags) | {"other"}
        for key, entry in i18n.catalogue(lang).items():
            if isinstance(entry, str):
                continue
            assert needed <= set(entry), f"{lang} {key} lacks {sorted(needed - set(entry))}"
            assert set(entry) <= {"zero", "one", "two", "few", "many", "other"}, key
            for text in entry.values():
                assert "{n}" in text, f"{lang} {key}: a counted text shows its count"


# ---------------------------------------------------------------- (b) nothing worded by hand


def test_services_raise_catalogue_keys_not_sentences() -> None:
    errors = _domain_errors()
    assert {"InvalidInput", "NotFound", "RateLimited", "InvalidLink", "SoldOut"} <= errors
    known = i18n.catalogue(i18n.default_language())
    wrong = []
    for path, tree in _modules():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _name(node.func) in errors and node.args):
                continue
            first = node.args[0]
            if isinstance(first, ast.JoinedStr) or (
                isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and first.value not in known
            ):
                wrong.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {ast.unparse(first)}")
    assert wrong == []


def test_every_key_written_in_the_code_is_in_the_catalogue() -> None:
    known = i18n.catalogue(i18n.default_language())
    prefixes = ("error.", "vocab.", "mail.", "receipt.")
    missing = []
    for path, tree in _modules():
        pieces = {
            id(part)
            for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr)
            for part in node.values
        }
        for node in ast.walk(tree):
            if (
                id(node) not in pieces
                and isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value.startswith(prefixes)
                and " " not in node.value
                and not node.value.endswith(".")
                and node.value not in known
            ):
                missing.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.value}")
    assert missing == []


def test_capabilities_have_no_two_language_helpers_or_tables() -> None:
    """`_msg(lang, en, pl)`, `"x" if lang == "pl" else "y"` and {"en": .., "pl": ..} tables."""
    others = [lang for lang in i18n.languages() if lang != i18n.default_language()]
    found = []
    for path, tree in _modules(*CAPABILITIES):
        where = path.relative_to(PACKAGE)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in ("_msg", "say", "_say"):
                found.append(f"{where}:{node.lineno} def {node.name}")
            if isinstance(node, ast.Compare) and any(
                isinstance(side, ast.Constant) and side.value in others
                for side in (node.left, *node.comparators)
            ):
                found.append(f"{where}:{node.lineno} {ast.unparse(node)}")
            if isinstance(node, ast.Dict) and path not in LANGUAGE_TABLES_ALLOWED:
                keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
                if set(i18n.languages()) <= keys:
                    found.append(f"{where}:{node.lineno} a table keyed by language")
    assert found == []


# ---------------------------------------------------------------- errors in both languages


def test_an_error_reads_in_the_readers_language() -> None:
    error = InvalidInput("error.accounts.email_too_long")
    assert error.text("en") == "That e-mail address is too long."
    assert error.text("pl") == "Ten adres e-mail jest za długi."
    assert error.message == str(error) == error.text(i18n.default_language())
    assert error.text("xx") == error.message  # a language we do not speak: the default


@pytest.mark.parametrize(
    ("seconds", "en", "pl"),
    [
        (30, "in 1 minute.", "za 1 minutę."),
        (61, "in 2 minutes.", "za 2 minuty."),
        (300, "in 5 minutes.", "za 5 minut."),
        (22 * 60, "in 22 minutes.", "za 22 minuty."),
    ],
)
def test_waiting_time_is_counted_in_words(seconds: int, en: str, pl: str) -> None:
    error = RateLimited(seconds)
    assert isinstance(error, DomainError) and error.retry_after == seconds
    assert error.text("en").endswith(en)
    assert error.text("pl").endswith(pl)


def test_a_list_of_problems_is_translated_item_by_item() -> None:
    error = InvalidInput(
        "error.catalogue.offering_incomplete",
        problems=i18n.Phrases(
            [i18n.Phrase("error.catalogue.needs_title"), i18n.Phrase("error.catalogue.needs_ects")]
        ),
    )
    assert error.text("en") == "The offering needs a title; a positive ECTS workload."
    assert error.text("pl") == "Kurs wymaga: tytułu; dodatniej liczby punktów ECTS."


# ---------------------------------------------------------------- (c) Babel formats


def test_workload_is_a_decimal_of_the_readers_locale() -> None:
    assert vocab.ects("2.5", "pl") == "2,5 ECTS"
    assert vocab.ects(Decimal("2.5"), "en") == "2.5 ECTS"
    assert vocab.ects("3", "pl") == "3 ECTS"
    assert i18n.fmt_number(Decimal("1234.5"), "pl") == "1\xa0234,5"
    assert i18n.fmt_number(Decimal("1234.5"), "en") == "1,234.5"


@pytest.mark.parametrize(
    ("n", "pl", "en"),
    [
        (1, "1 wolne miejsce", "1 seat left"),
        (2, "2 wolne miejsca", "2 seats left"),
        (5, "5 wolnych miejsc", "5 seats left"),
        (22, "22 wolne miejsca", "22 seats left"),
        (24, "24 wolne miejsca", "24 seats left"),
        (25, "25 wolnych miejsc", "25 seats left"),
        (1000, "1\xa0000 wolnych miejsc", "1,000 seats left"),
    ],
)
def test_seats_left_take_the_plural_of_the_count(n: int, pl: str, en: str) -> None:
    assert i18n.t("ui.catalogue.seats_left", "pl", n=n) == pl
    assert i18n.t("ui.catalogue.seats_left", "en", n=n) == en


def test_money_is_formatted_for_the_locale() -> None:
    assert i18n.fmt_money(123450, "PLN", "pl") == "1\xa0234,50\xa0zł"
    assert i18n.fmt_money(123450, "EUR", "pl") == "1\xa0234,50\xa0€"
    assert i18n.fmt_money(123450, "PLN", "en") == "PLN\xa01,234.50"
    assert i18n.fmt_money(123450, "EUR", "en") == "€\xa01,234.50"
    assert format_money(123450, "PLN", "pl") == i18n.fmt_money(123450, "PLN", "pl")
    assert (format_money(0, "PLN", "pl"), format_money(0, "EUR", "en")) == ("Bezpłatny", "Free")


def test_dates_are_written_the_readers_way() -> None:
    day = date(2027, 3, 5)
    assert i18n.fmt_date(day, "pl") == "5 mar 2027"
    assert i18n.fmt_date(day, "en") == "5 Mar 2027"


def test_a_pages_table_reads_in_the_readers_language_on_every_call() -> None:
    # Built once per language (the catalogue asks for it per card): a Polish reader
    # after an English one, and the other way round, still gets their own words.
    for _ in range(2):
        assert i18n.table("pl", "ui.")["eqf"] == "ERK"
        assert i18n.table("en", "ui.")["eqf"] == "EQF"
        assert i18n.table("xx", "ui.")["eqf"] == "EQF"  # unknown: the default language
    assert i18n.table("pl")["ui.eqf"] == "ERK"
    assert "eqf" not in i18n.table("pl")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7", "pl"),
        ("en-GB,en;q=0.9,pl;q=0.8", "en"),
        ("de-DE,de;q=0.9,pl;q=0.5,en;q=0.3", "pl"),
        ("en;q=0.2, pl;q=0.9", "pl"),
        ("pl;q=0, en", "en"),
        ("PL", "pl"),
        ("fr-FR, de", None),
        ("*", None),
        ("", None),
        (None, None),
        ("pl;q=bad, en", "en"),
    ],
)
def test_the_browsers_language_is_the_most_preferred_one_we_speak(
    header: str | None, expected: str | None
) -> None:
    assert i18n.from_accept_language(header) == expected


@given(st.text(max_size=3000))
def test_any_accept_language_header_gives_one_of_ours_or_none(header: str) -> None:
    assert i18n.from_accept_language(header) in (*i18n.languages(), None)


@given(
    values=st.lists(
        st.one_of(
            st.integers(-(10**12), 10**12),
            st.decimals(allow_nan=False, allow_infinity=False, places=3, max_value=10**9),
            st.floats(allow_nan=False, allow_infinity=False, width=32),
        ),
        min_size=1,
        max_size=6,
    ),
    minors=st.lists(st.integers(1, 10**10), min_size=1, max_size=6),
    day=st.dates(),
    lang=st.sampled_from(["pl", "en"]),
)
def test_kept_formats_read_exactly_as_babel_writes_each_value(
    values: list[int | Decimal | float], minors: list[int], day: date, lang: str
) -> None:
    """Formats are kept per value (a page formats the same prices and dates again and
    again): whatever was kept before, each value reads as Babel writes it afresh."""
    from babel.dates import format_date
    from babel.numbers import format_currency, format_decimal

    locale = i18n.locale_of(lang)
    for value in [*values, *reversed(values)]:  # equal values of other types, both orders
        assert i18n.fmt_number(value, lang) == format_decimal(value, locale=locale)
    for minor in minors:
        for currency in ("PLN", "EUR"):
            expected = format_currency(
                Decimal(minor) / 100, currency, i18n.MONEY_PATTERNS.get(lang), locale=locale
            )
            assert i18n.fmt_money(minor, currency, lang) == expected
    for style in ("medium", "long"):
        assert i18n.fmt_date(day, lang, style) == format_date(day, format=style, locale=locale)
