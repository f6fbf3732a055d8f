"""The verifier's check messages in the reader's language.

The verifier (`vc/verify.py`) speaks English, which is also what the API and the CLI
print; the verify page shows each message from the catalogue instead (`ui.check.*`).
Messages with parts that vary (dates, addresses) are matched by pattern and their parts
become the entry's parameters; anything not listed is shown in English rather than not
at all. The English entries repeat the verifier's words exactly, so an English reader
sees what the API says.
"""

from __future__ import annotations

import re

from microcred_market.platform.i18n import t
from microcred_market.vc import proofs

FIXED = {
    "a W3C Verifiable Credential with known contexts": "known_contexts",
    "this is not a Verifiable Credential (no type)": "no_type",
    "the credential has no @context list": "no_context",
    "the credential has no subject": "no_subject",
    "the credential names no issuer": "no_issuer",
    "not an Open Badges credential; no schema to apply": "not_open_badges",
    "matches the 1EdTech Open Badges 3.0 AchievementCredential schema": "schema_ok",
    "the credential has no valid issue date (validFrom)": "no_valid_from",
    "the expiry date (validUntil) is not a date": "bad_valid_until",
    "signed by the issuer; nothing was changed": "signature_ok",
    "the signature does not match the credential": "signature_bad",
    "cannot be checked without the issuer's keys": "no_issuer_keys",
    "cannot be checked without the issuer": "no_issuer_found",
    "the issuer does not list this key for issuing credentials": "key_not_listed",
    "the signing key does not belong to the issuer": "key_not_issuers",
    "the credential has no proof": "no_proof",
    "not revoked": "not_revoked",
    "not suspended": "not_suspended",
    "revoked by the issuer": "revoked",
    "suspended by the issuer": "suspended",
    "the issuer publishes no status for it (cannot be revoked)": "no_status",
    proofs.TOO_COMPLEX: "too_complex",
    "the verifier is busy; try again in a moment": "busy",
    "not checked, as the signature could not be confirmed": "status_not_checked",
    # credentials from elsewhere (vc/ob2.py, vc/verify.py's status lists)
    "the signature does not match the badge": "signature_bad",
    "the badge is hosted at an address its issuer does not allow": "ob2_origin",
    "the badge does not name the issuer it links to": "ob2_issuer",
    "the signing key is not one the issuer's profile lists": "key_not_listed",
    "issued to another e-mail address than yours": "ob2_recipient",
    "issued to your e-mail address": "ob2_recipient_ok",
    "revoked by the issuer (its host answers 410 Gone)": "revoked",
    "the status list is not published by the credential's issuer": "list_not_issuers",
    "JWT-secured credentials (VC-JOSE) cannot be checked here yet": "vc_jwt",
    "an Open Badges 2.0 assertion": "ob2_format",
    "hosted by its issuer at an address the issuer allows": "ob2_hosted",
    "signed by the issuer's key; nothing was changed": "signature_ok",
    "the recipient was not compared": "recipient_not_compared",
    "an Open Badges 3.0 credential in VC 1.1 form; no schema to apply": "ob3_vc11",
}

# Named groups are the entry's parameters.
PATTERNS = [
    (re.compile(r"^valid from (?P<start>\S+), does not expire$"), "valid_forever"),
    (re.compile(r"^valid from (?P<start>\S+) until (?P<end>\S+)$"), "valid_between"),
    (re.compile(r"^not valid yet: valid from (?P<start>\S+)$"), "not_yet_valid"),
    (re.compile(r"^expired on (?P<end>\S+)$"), "expired"),
    (re.compile(r"^resolved (?P<issuer>\S+)$"), "resolved"),
    (re.compile(r"^unknown context (?P<context>\S+): (?P<detail>.*)$"), "unknown_context"),
    (re.compile(r"^status unknown: (?P<detail>.*)$"), "status_unknown"),
    (re.compile(r"^could not resolve the issuer: (?P<detail>.*)$"), "issuer_unresolved"),
    (
        re.compile(
            r"^does not match the Open Badges 3\.0 schema at (?P<where>\S+): (?P<detail>.*)$"
        ),
        "schema_mismatch",
    ),
    (re.compile(r"^JSON-LD processing failed: (?P<detail>.*)$"), "jsonld_failed"),
    (
        re.compile(
            r"^the credential lists too many (?P<field>\S+) entries "
            r"\((?P<count>\d+); at most (?P<limit>\d+)\)$"
        ),
        "too_many",
    ),
    (re.compile(r"^the credential carries more than (?P<limit>\d+) proofs$"), "too_many_proofs"),
    (
        re.compile(r"^this credential would make us fetch more than (?P<limit>\d+) addresses$"),
        "too_many_fetches",
    ),
    (re.compile(r"^the time for fetching \((?P<seconds>\S+) seconds\) ran out$"), "fetch_time_out"),
    (
        re.compile(r"^(?P<url>\S+) did not answer within (?P<seconds>\S+) seconds$"),
        "fetch_too_slow",
    ),
    (re.compile(r"^(?P<url>\S+) sent more than (?P<limit>\d+) bytes$"), "fetch_too_big"),
    (re.compile(r"^the status list unpacks to more than (?P<limit>\d+) MB$"), "list_too_big"),
    (
        re.compile(
            r"^this file differs from the badge its issuer hosts \((?P<field>\S+) changed\)$"
        ),
        "ob2_differs",
    ),
    (re.compile(r"^revoked by the issuer: (?P<reason>.*)$"), "revoked_because"),
    (re.compile(r"^issued by (?P<issuer>\S+)$"), "issued_by"),
    (re.compile(r"^issued on (?P<start>\S+), does not expire$"), "issued_forever"),
    (re.compile(r"^issued on (?P<start>\S+), valid until (?P<end>\S+)$"), "issued_until"),
]


def _one(part: str, lang: str) -> str | None:
    if part in FIXED:
        return t(f"ui.check.{FIXED[part]}", lang)
    for pattern, key in PATTERNS:
        match = pattern.match(part)
        if match:
            params = match.groupdict()
            if "detail" in params:  # "status unknown: <why>": the why in words too
                params["detail"] = _one(params["detail"], lang) or params["detail"]
            return t(f"ui.check.{key}", lang, **params)
    return None


def check_message(message: str, lang: str) -> str:
    if not message:
        return message
    whole = _one(message, lang)
    if whole is not None:
        return whole
    # The status check joins its parts with "; " ("not revoked; not suspended").
    return "; ".join(_one(part, lang) or part for part in message.split("; "))
