"""A Polish reader of the verify page gets the verifier's messages in Polish."""

from __future__ import annotations

import copy

import pytest

from microcred_market.platform import i18n
from microcred_market.ui.check_words import FIXED, PATTERNS, check_message
from microcred_market.vc.verify import verify
from tests.unit.vc.test_verify_never_crashes import SIGNED

pytestmark = pytest.mark.credentials


def _variants() -> list[dict]:
    tampered = copy.deepcopy(SIGNED)
    tampered["name"] = "Something else"
    expired = copy.deepcopy(SIGNED)
    expired["validUntil"] = "2020-01-01T00:00:00Z"
    unknown = copy.deepcopy(SIGNED)
    unknown["@context"] = [*unknown["@context"], "https://example.org/ctx.json"]
    no_type = copy.deepcopy(SIGNED)
    no_type["type"] = ["Something"]
    return [SIGNED, tampered, expired, unknown, no_type]


@pytest.mark.parametrize("document", _variants())
def test_every_message_of_common_outcomes_is_translated(document: dict) -> None:
    for check in verify(document).checks:
        polish = check_message(check.message, "pl")
        assert polish != check.message, check.message
        assert check_message(check.message, "en") == check.message


def test_variable_parts_are_kept_and_parts_are_joined() -> None:
    assert check_message("expired on 2020-01-01T00:00:00Z", "pl") == "wygasło 2020-01-01T00:00:00Z"
    assert check_message("not revoked; not suspended", "pl") == "nie unieważnione; nie zawieszone"
    assert check_message("a message we never wrote", "pl") == "a message we never wrote"


def test_every_check_message_has_an_entry_in_every_language() -> None:
    keys = {f"ui.check.{k}" for k in FIXED.values()} | {f"ui.check.{k}" for _, k in PATTERNS}
    for lang in i18n.languages():
        assert keys <= set(i18n.catalogue(lang)), lang


def test_an_english_reader_sees_the_verifiers_own_words() -> None:
    message = "unknown context https://x.example/c.json: we only process contexts we hold a copy of"
    assert check_message(message, "en") == message
    assert check_message(message, "pl") == (
        "nieznany kontekst https://x.example/c.json: "
        "przetwarzamy tylko konteksty, których kopię mamy"
    )
