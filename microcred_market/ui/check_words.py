"""The verifier's check messages in Polish.

The verifier (`credentials/verify.py`) speaks English, which is also what the API and the
CLI print; the verify page shows a Polish reader the same message in Polish. Messages
with parts that vary (dates, addresses) are matched by pattern; anything not listed is
shown in English rather than not at all.
"""

from __future__ import annotations

import re

FIXED_PL = {
    "a W3C Verifiable Credential with known contexts": "poświadczenie W3C ze znanymi kontekstami",
    "this is not a Verifiable Credential (no type)": "to nie jest poświadczenie W3C (brak typu)",
    "the credential has no @context list": "poświadczenie nie ma listy @context",
    "the credential has no subject": "poświadczenie nie wskazuje, kogo dotyczy",
    "the credential names no issuer": "poświadczenie nie wskazuje wystawcy",
    "not an Open Badges credential; no schema to apply": (
        "to nie jest poświadczenie Open Badges; nie ma schematu do sprawdzenia"
    ),
    "matches the 1EdTech Open Badges 3.0 AchievementCredential schema": (
        "zgodne ze schematem 1EdTech Open Badges 3.0 AchievementCredential"
    ),
    "the credential has no valid issue date (validFrom)": (
        "poświadczenie nie ma poprawnej daty wydania (validFrom)"
    ),
    "the expiry date (validUntil) is not a date": "data ważności (validUntil) nie jest datą",
    "signed by the issuer; nothing was changed": "podpisane przez wystawcę; nic nie zmieniono",
    "the signature does not match the credential": (
        "podpis nie pasuje do treści: poświadczenie zostało zmienione"
    ),
    "cannot be checked without the issuer's keys": "nie da się sprawdzić bez kluczy wystawcy",
    "cannot be checked without the issuer": "nie da się sprawdzić bez wystawcy",
    "the issuer does not list this key for issuing credentials": (
        "wystawca nie uznaje tego klucza do wystawiania poświadczeń"
    ),
    "the signing key does not belong to the issuer": "klucz podpisu nie należy do wystawcy",
    "the credential has no proof": "poświadczenie nie ma podpisu",
    "not revoked": "nie unieważnione",
    "not suspended": "nie zawieszone",
    "revoked by the issuer": "unieważnione przez wystawcę",
    "suspended by the issuer": "zawieszone przez wystawcę",
    "the issuer publishes no status for it (cannot be revoked)": (
        "wystawca nie publikuje statusu (nie można go unieważnić)"
    ),
}

PATTERNS_PL = [
    (re.compile(r"^valid from (\S+), does not expire$"), "ważne od {0}, bezterminowo"),
    (re.compile(r"^valid from (\S+) until (\S+)$"), "ważne od {0} do {1}"),
    (re.compile(r"^not valid yet: valid from (\S+)$"), "jeszcze nieważne: ważne od {0}"),
    (re.compile(r"^expired on (\S+)$"), "wygasło {0}"),
    (re.compile(r"^resolved (\S+)$"), "odnaleziono {0}"),
    (
        re.compile(r"^unknown context (\S+): .*$"),
        "nieznany kontekst {0}: przetwarzamy tylko konteksty, których kopię mamy",
    ),
    (re.compile(r"^status unknown: (.*)$"), "status nieznany: {0}"),
    (re.compile(r"^could not resolve the issuer: (.*)$"), "nie udało się odnaleźć wystawcy: {0}"),
    (
        re.compile(r"^does not match the Open Badges 3\.0 schema at (\S+): (.*)$"),
        "niezgodne ze schematem Open Badges 3.0 w {0}: {1}",
    ),
    (re.compile(r"^JSON-LD processing failed: (.*)$"), "błąd przetwarzania JSON-LD: {0}"),
]


def _one(part: str) -> str:
    if part in FIXED_PL:
        return FIXED_PL[part]
    for pattern, template in PATTERNS_PL:
        match = pattern.match(part)
        if match:
            return template.format(*match.groups())
    return part


def check_message(message: str, lang: str) -> str:
    if lang != "pl" or not message:
        return message
    whole = _one(message)
    if whole != message:
        return whole
    # The status check joins its parts with "; " ("not revoked; not suspended").
    return "; ".join(_one(part) for part in message.split("; "))
