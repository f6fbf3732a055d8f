"""Credentials a learner earned elsewhere: read what they bring, verify it, judge it.

What arrives is a file (JSON, a baked PNG or SVG badge), pasted text (JSON or a JWS) or
a link, in any of the formats real issuers use: Open Badges 3.0 and other W3C VCs (1.1
or 2.0; `DataIntegrityProof` or `Ed25519Signature2020`), or Open Badges 2.0 (hosted
JSON, or signed as a JWS). `read` finds the credential and keeps the text to verify
again later (never the picture around it); `check` verifies it with the same bounded
verifier as ours; `judge` turns the verification into what the wallet says and what
may count toward a qualification:

- verified: the issuer's signature (or hosting) holds, dates and status are fine;
- revoked / suspended: the issuer says so;
- expired: genuine, but past its expiry date;
- unverifiable: signed or hosted, but we could not confirm it (a changed byte, a key
  the issuer does not list, an unreachable or untrusted status list);
- self_reported: nothing to verify (no proof at all): kept as the learner's claim.

Only "verified" may ever count, and only when checked again just before it does.
"""

from __future__ import annotations

import json
import xml.parsers.expat
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from microcred_market.vc import bake, ob2, safe_fetch
from microcred_market.vc.verify import (
    FAIL,
    MAX_CREDENTIAL_BYTES,
    PASS,
    UNKNOWN,
    Check,
    NetworkSources,
    Unreadable,
    Verification,
    describe,
    verify,
)

# A learner's upload: a baked badge is a picture; the credential inside is a few kB.
MAX_FILE_BYTES = bake.MAX_PNG_BYTES
MAX_LINK_CHARS = 2000
OB2_NAMESPACE = "http://openbadges.org"
OB2_PNG_KEYWORDS = (b"openbadges",)
VERDICTS = ("verified", "revoked", "suspended", "expired", "unverifiable", "self_reported")
NO_PROOF = "the credential has no proof"

# kinds of what was brought
VC, OB2_JSON, OB2_JWS, LINK, UNSIGNED, VC_JWT = (
    "vc",
    "ob2",
    "ob2_jws",
    "link",
    "unsigned",
    "vc_jwt",
)


@dataclass(frozen=True)
class Presented:
    """The credential found in what the learner brought, as text we can verify again."""

    kind: str
    payload: str  # JSON text, a JWS, or a link
    document: dict[str, Any] | None = None


@dataclass(frozen=True)
class Judgement:
    verdict: str
    reason: str  # the check that decided it, in the verifier's words ("" when verified)


class _Ob2SvgScan(bake._SvgScan):
    """The OB 2.0 baking of SVG: `<openbadges:assertion verify="...">`, JSON inside."""

    element = [OB2_NAMESPACE, "assertion"]


def _is_link(text: str) -> bool:
    parts = safe_fetch.split_url(text)
    return (
        parts is not None
        and parts.scheme in ("https", "http")
        and bool(parts.hostname)
        and " " not in text
    )


def read_text(text: str) -> Presented:
    """Pasted or baked text: a JSON credential or assertion, a JWS, or a link."""
    text = text.strip().lstrip("\ufeff")
    if not text:
        raise Unreadable("there is nothing to read")
    if len(text.encode()) > MAX_CREDENTIAL_BYTES:
        raise Unreadable("the credential is larger than 2 MB; a credential is a few kilobytes")
    if text.startswith("{"):
        document = bake.parse(text)
        if ob2.is_ob2(document):
            return Presented(OB2_JSON, text, document)
        types = document.get("type")
        types = [types] if isinstance(types, str) else types or []
        if "VerifiableCredential" in types:
            return Presented(VC, text, document)
        if "VerifiablePresentation" in types:
            return _one_of_presentation(document)
        raise Unreadable("this JSON is neither a Verifiable Credential nor an Open Badge")
    if ob2.looks_like_jws(text):
        try:
            payload = ob2.assertion_of(text)
        except ob2.Ob2Error:
            return Presented(VC_JWT, text, None)
        if ob2.is_ob2(payload):
            return Presented(OB2_JWS, text, payload)
        return Presented(VC_JWT, text, None)
    if _is_link(text) and len(text) <= MAX_LINK_CHARS:
        return Presented(LINK, text, None)
    raise Unreadable("this is not a credential, a signed badge, nor a link to one")


def _one_of_presentation(document: dict[str, Any]) -> Presented:
    """What a wallet shares (the Digital Credentials Consortium's Learner Credential Wallet
    sends a presentation): the one credential inside. The presentation's own proof binds
    it to a holder we do not know, so only the credential's proof is checked."""
    inside = document.get("verifiableCredential")
    inside = inside if isinstance(inside, list) else [inside] if inside is not None else []
    if len(inside) != 1 or not isinstance(inside[0], dict):
        raise Unreadable(
            "this presentation holds more or fewer than one credential; add them one at a time"
        )
    return read_text(payload_json(inside[0]))


def _png(data: bytes) -> Presented:
    found: list[tuple[bytes, bytes]] = []
    for kind, body, _raw in bake._chunks(data):
        if kind not in (b"iTXt", b"tEXt"):
            continue
        keyword = body.split(b"\x00", 1)[0]
        if keyword not in (bake.PNG_KEYWORD, *OB2_PNG_KEYWORDS):
            continue
        if kind == b"tEXt":
            found.append((keyword, body.split(b"\x00", 1)[1]))
            continue
        parsed = bake._parse_itxt(body)
        if parsed is None:
            raise bake.BadImage("the badge's credential chunk is malformed")
        found.append(parsed)
    if not found:
        raise bake.NotBaked("this PNG has no Open Badge baked into it")
    if len(found) > 1:
        raise bake.BadImage("this PNG has more than one baked badge; it must have exactly one")
    try:
        text = found[0][1].decode("utf-8")
    except UnicodeDecodeError as error:
        raise bake.BadImage("the baked badge is not UTF-8 text") from error
    return read_text(text)


def _svg(data: bytes) -> Presented:
    try:
        return read_text(bake.credential_json(bake.unbake_svg(data)))
    except bake.NotBaked:
        pass
    scan = _Ob2SvgScan()
    try:
        scan.run(data)
    except xml.parsers.expat.ExpatError as error:  # pragma: no cover - run() wraps it
        raise bake.BadImage(str(error)) from error
    if not scan.texts:
        raise bake.NotBaked("this SVG has no Open Badge baked into it")
    if len(scan.texts) > 1:
        raise bake.BadImage("this SVG has more than one baked badge; it must have exactly one")
    inside = scan.texts[0].strip()
    return read_text(inside or scan.verify_attributes[0])


def read(data: bytes) -> Presented:
    """What an uploaded file or pasted text holds (raises Unreadable with the reason)."""
    if len(data) > MAX_FILE_BYTES:
        raise Unreadable(
            f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB; a badge is far smaller"
        )
    if data.startswith(bake.PNG_SIGNATURE):
        return _png(data)
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return _svg(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Unreadable("this file is not a PNG or SVG badge, nor a credential") from error
    return read_text(text)


def check(
    presented: Presented,
    sources: NetworkSources,
    now: datetime,
    emails: list[str] | None = None,
) -> Verification:
    """Verify what was brought; every fetch goes through `sources` (its caps hold)."""
    if presented.kind == VC:
        assert presented.document is not None
        return _with_recipient(verify(presented.document, sources, now), presented.document, emails)
    if presented.kind == OB2_JSON:
        assert presented.document is not None
        return ob2.verify_ob2(presented.document, sources.fetch_json, now, emails)
    if presented.kind == OB2_JWS:
        return ob2.verify_ob2(presented.payload, sources.fetch_json, now, emails)
    if presented.kind == LINK:
        return _check_link(presented.payload, sources, now, emails)
    if presented.kind == VC_JWT:
        return Verification(
            "invalid",
            [Check("format", FAIL, "JWT-secured credentials (VC-JOSE) cannot be checked here yet")],
            {},
        )
    return Verification("invalid", [Check("signature", FAIL, NO_PROOF)], {})


def _check_link(
    url: str, sources: NetworkSources, now: datetime, emails: list[str] | None
) -> Verification:
    try:
        document = sources.fetch_json(url)
    except safe_fetch.HttpStatus as error:
        if error.status == 410:  # an OB 2.0 host's word for "revoked"
            return ob2.verify_ob2(url, sources.fetch_json, now, emails)
        return unreachable(str(error))
    except (safe_fetch.FetchFailed, safe_fetch.FetchRefused) as error:
        return unreachable(str(error))
    if ob2.is_ob2(document):
        return ob2.verify_ob2(url, sources.fetch_json, now, emails)
    if isinstance(document, dict):
        return _with_recipient(verify(document, sources, now), document, emails)
    return unreachable("the link does not lead to a credential")


def _email_identifiers(document: dict[str, Any]) -> list[dict[str, Any]]:
    subject = document.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    found = subject.get("identifier") if isinstance(subject, dict) else None
    found = found if isinstance(found, list) else [found] if isinstance(found, dict) else []
    return [
        i for i in found[:16] if isinstance(i, dict) and i.get("identityType") == "emailAddress"
    ]


def _with_recipient(
    verification: Verification, document: dict[str, Any], emails: list[str] | None
) -> Verification:
    """An OB 3.0 credential that names its learner by e-mail must name this learner:
    anyone's public credential is genuine, but it is not theirs to count. One that
    names nobody by e-mail (a DID, a name) is left to the staff who recognise it."""
    identifiers = _email_identifiers(document)
    if emails is None or not identifiers:
        return verification
    mine = any(
        ob2.recipient_matches(
            {"identity": i.get("identityHash"), "hashed": i.get("hashed"), "salt": i.get("salt")},
            emails,
        )
        for i in identifiers
    )
    if mine:
        check = Check("recipient", PASS, "issued to your e-mail address")
        return Verification(verification.verdict, [*verification.checks, check], verification.facts)
    check = Check("recipient", FAIL, "issued to another e-mail address than yours")
    verdict = "invalid" if verification.verdict == "valid" else verification.verdict
    return Verification(verdict, [*verification.checks, check], verification.facts)


def unreachable(message: str) -> Verification:
    return Verification("invalid", [Check("issuer", FAIL, message)], {})


def _unsigned(presented: Presented) -> bool:
    """Nothing in it could be verified: a VC without a proof, an OB 2.0 assertion that
    is neither signed nor hosted at an address (its id is no link)."""
    document = presented.document
    if presented.kind == UNSIGNED:
        return True
    if presented.kind == VC and document is not None:
        return document.get("proof") is None
    if presented.kind == OB2_JSON and document is not None:
        return not _is_link(str(document.get("id") or ""))
    return False


def judge(presented: Presented, verification: Verification) -> Judgement:
    """The wallet's verdict and its reason: only 'verified' may count."""
    if _unsigned(presented):
        return Judgement("self_reported", NO_PROOF)
    verdict = verification.verdict
    if verdict == "valid":
        return Judgement("verified", "")
    if verdict in ("revoked", "suspended"):
        status = next((c for c in verification.checks if c.name == "status"), None)
        return Judgement(verdict, status.message if status else verdict)
    fails = [c for c in verification.checks if c.status == FAIL]
    unknown = [c for c in verification.checks if c.status == UNKNOWN]
    if any(c.name == "signature" and c.message == NO_PROOF for c in fails):
        return Judgement("self_reported", NO_PROOF)
    if (
        fails
        and not unknown
        and all(c.name == "dates" and c.message.startswith("expired") for c in fails)
    ):
        return Judgement("expired", fails[0].message)
    reason = (fails or unknown)[0].message if fails or unknown else verdict
    return Judgement("unverifiable", reason[:500])


def facts(presented: Presented, verification: Verification) -> dict[str, str]:
    """The plain values the wallet keeps about it (issuer, achievement, dates, ECTS)."""
    found = verification.facts or {}
    if not found.get("title") and presented.document is not None:
        found = {**describe(presented.document), **found}

    def text(key: str, limit: int) -> str:
        value = found.get(key)
        return value[:limit] if isinstance(value, str) else ""

    ects = found.get("ects")
    return {
        "issuer_id": text("issuer_id", 500),
        "issuer_name": text("issuer_name", 200),
        "achievement_id": text("achievement_url", 500),
        "achievement_name": text("title", 300),
        "ects": str(ects)[:12] if isinstance(ects, str | int | float) else "",
        "issued": text("issued", 40),
        "valid_until": text("valid_until", 40),
    }


def payload_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))
