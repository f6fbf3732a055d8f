"""Open Badges 2.0 assertions, hosted or signed, verified as the 1EdTech 2.0 spec says.

Most badges learners hold elsewhere (Credly, Badgr/Canvas Credentials, Open Badge
Factory) are OB 2.0: JSON documents linked by URL, not JSON-LD signed data. There is
no canonicalisation to do; what makes one genuine is where its parts live:

- hosted: the assertion is fetched from its own `id`; that address must lie where the
  issuer allows (`verification.allowedOrigins` / `startsWith` of the issuer profile, or
  by default the issuer id's host); HTTP 410 there means revoked;
- signed: a JWS (RS256 only) whose key, named by `verify.creator`, is one the issuer
  profile lists in `publicKey` and whose `owner` is the issuer; the issuer's
  `revocationList` (when it names one) says whether it was revoked.

Either way the badge (BadgeClass) and issuer (Profile) are fetched by their ids, the
badge must name that issuer, and `expires` and the recipient's hashed e-mail are
checked. Every fetch goes through the caller's `fetch` (the verifier's bounded
`NetworkSources.fetch_json`: a few addresses, one time limit, a megabyte each).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

from microcred_market.vc import proofs, safe_fetch
from microcred_market.vc.verify import (
    CLOCK_SKEW,
    FAIL,
    PASS,
    SKIPPED,
    UNKNOWN,
    Check,
    Verification,
)

OB2_CONTEXT = "https://w3id.org/openbadges/v2"
MAX_JWS_CHARS = 200_000
MAX_REVOKED = 100_000  # entries of a revocation list we look through
Fetch = Callable[[str], Any]


class Ob2Error(ValueError):
    """The assertion or one of its linked documents is not what OB 2.0 requires."""


class Revoked(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def is_ob2(document: Any) -> bool:
    """An OB 2.0 document (its @context is the 2.0 one), whatever its type."""
    if not isinstance(document, dict):
        return False
    context = document.get("@context")
    contexts = context if isinstance(context, list) else [context]
    return OB2_CONTEXT in contexts or any(
        isinstance(c, str) and c.startswith(OB2_CONTEXT) for c in contexts
    )


def looks_like_jws(text: str) -> bool:
    parts = text.strip().split(".")
    return (
        len(parts) == 3
        and all(parts)
        and all(
            set(p) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
            for p in parts
        )
    )


def _types(document: dict[str, Any]) -> list[str]:
    value = document.get("type")
    return [value] if isinstance(value, str) else [v for v in value or [] if isinstance(v, str)]


def _id_of(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("id"), str):
        return value["id"]
    return ""


def _is_url(value: str) -> bool:
    parts = safe_fetch.split_url(value)
    return parts is not None and parts.scheme in ("https", "http") and bool(parts.hostname)


def _get(fetch: Fetch, url: str, what: str, kind: tuple[str, ...]) -> dict[str, Any]:
    document = fetch(url)
    if not isinstance(document, dict):
        raise Ob2Error(f"the {what} at {url[:120]} is not a JSON object")
    if document.get("id") != url:
        raise Ob2Error(f"the {what} fetched from {url[:120]} has another id")
    if kind and not set(_types(document)) & set(kind):
        raise Ob2Error(f"the document at {url[:120]} is not an Open Badges {what}")
    return document


def _linked(fetch: Fetch, value: Any, what: str, kind: tuple[str, ...]) -> dict[str, Any]:
    """A BadgeClass or Profile: fetched when given by URL (or embedded with a URL id)."""
    found = _id_of(value)
    if _is_url(found):
        return _get(fetch, found, what, kind)
    if isinstance(value, dict):
        return value
    raise Ob2Error(f"the assertion's {what} is neither a link nor a document")


def _host(url: str) -> str:
    parts = safe_fetch.split_url(url)
    if parts is None:
        return ""
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def _allowed(assertion_id: str, issuer: dict[str, Any]) -> bool:
    """Whether the hosted assertion's address is one the issuer's profile allows."""
    verification = issuer.get("verification")
    verification = verification if isinstance(verification, dict) else {}
    starts = verification.get("startsWith")
    starts = (
        [starts] if isinstance(starts, str) else [s for s in starts or [] if isinstance(s, str)]
    )
    if starts and not any(assertion_id.startswith(s) for s in starts):
        return False
    origins = verification.get("allowedOrigins")
    if isinstance(origins, str):
        origins = [origins]
    allowed = {o.lower() for o in origins or [] if isinstance(o, str)}
    if not allowed:
        allowed = {_host(_id_of(issuer))}
    return _host(assertion_id) in allowed


def _date(value: Any) -> datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=UTC)
    return proofs.parse_datetime(value) if isinstance(value, str) else None


def recipient_matches(recipient: Any, emails: list[str]) -> bool:
    """Whether the assertion's recipient is one of `emails` (hashed `sha256$` with its
    salt, or plain); an issuer may have hashed the address as typed or lower-cased."""
    if not isinstance(recipient, dict):
        return False
    identity = recipient.get("identity")
    if not isinstance(identity, str):
        return False
    raw_salt = recipient.get("salt")
    salt = raw_salt if isinstance(raw_salt, str) else ""
    candidates = {e.strip() for e in emails} | {e.strip().lower() for e in emails}
    if recipient.get("hashed") in (True, "true"):
        algorithm, _, digest = identity.partition("$")
        if algorithm.lower() != "sha256":
            return False
        for email in candidates:
            mine = hashlib.sha256((email + salt).encode()).hexdigest()
            if hmac.compare_digest(mine, digest.lower()):
                return True
        return False
    return identity.strip().lower() in {e.lower() for e in candidates}


def _jws_payload(token: str) -> dict[str, Any]:
    """The assertion inside a JWS, before its signature is checked (to find the key)."""
    try:
        header_b64, payload_b64, _ = token.split(".")
        header = json.loads(base64.urlsafe_b64decode(header_b64 + "=" * (-len(header_b64) % 4)))
        payload = json.loads(base64.urlsafe_b64decode(payload_b64 + "=" * (-len(payload_b64) % 4)))
    except (ValueError, UnicodeDecodeError) as error:
        raise Ob2Error("the signed badge is not a readable JWS") from error
    if not isinstance(header, dict) or header.get("alg") != "RS256":
        raise Ob2Error("the signed badge does not use RS256, the algorithm OB 2.0 requires")
    if not isinstance(payload, dict):
        raise Ob2Error("the signed badge does not hold an assertion")
    return payload


def assertion_of(token: str) -> dict[str, Any]:
    """The unverified assertion of a JWS (for describing what was imported)."""
    return _jws_payload(token)


def _verify_jws(token: str, pem: str) -> None:
    try:
        key = RSAKey.import_key(pem)
        jws.deserialize_compact(token, key, algorithms=["RS256"])
    except (JoseError, ValueError, TypeError) as error:
        raise Ob2Error("the signature does not match the badge") from error


def _key_listed(issuer: dict[str, Any], key_id: str) -> bool:
    listed = issuer.get("publicKey")
    listed = listed if isinstance(listed, list) else [listed]
    return key_id in {_id_of(k) for k in listed}


def _revocation(fetch: Fetch, issuer: dict[str, Any], assertion: dict[str, Any]) -> str | None:
    """The reason when the issuer's revocation list names the assertion; None if it
    does not. Raises when the list cannot be had (the status is then unknown)."""
    url = _id_of(issuer.get("revocationList"))
    if not url:
        return None
    listing = _get(fetch, url, "revocation list", ("RevocationList",))
    revoked = listing.get("revokedAssertions") or []
    if not isinstance(revoked, list):
        raise Ob2Error("the revocation list is malformed")
    wanted = {_id_of(assertion), str(assertion.get("uid") or "")} - {""}
    for entry in revoked[:MAX_REVOKED]:
        if isinstance(entry, str) and entry in wanted:
            return "revoked by the issuer"
        if isinstance(entry, dict) and ({_id_of(entry), str(entry.get("uid") or "")} & wanted):
            reason = entry.get("revocationReason")
            return (
                f"revoked by the issuer: {reason[:200]}"
                if isinstance(reason, str)
                else ("revoked by the issuer")
            )
    return None


def verify_ob2(
    source: dict[str, Any] | str,
    fetch: Fetch,
    now: datetime,
    emails: list[str] | None = None,
) -> Verification:
    """Checks and verdict of an OB 2.0 badge: an assertion (JSON), its URL, or a JWS.

    `emails`: the learner's addresses; the recipient check is skipped when None.
    """
    checks: list[Check] = []
    facts: dict[str, Any] = {"format": "ob2"}
    try:
        return _verify(source, fetch, now, emails, checks, facts)
    except (Ob2Error, safe_fetch.FetchRefused, safe_fetch.FetchFailed) as error:
        name = "signature" if any(c.name == "format" for c in checks) else "format"
        checks.append(Check(name, FAIL, str(error)))
        return Verification("invalid", checks, facts)
    except Exception as error:  # a stranger's odd JSON deep in a check: never "valid"
        checks.append(
            Check("format", FAIL, f"the badge could not be processed ({type(error).__name__})")
        )
        return Verification("invalid", checks, facts)


def _verify(
    source: dict[str, Any] | str,
    fetch: Fetch,
    now: datetime,
    emails: list[str] | None,
    checks: list[Check],
    facts: dict[str, Any],
) -> Verification:
    token = ""
    given: dict[str, Any] | None = None
    if isinstance(source, str) and looks_like_jws(source):
        token = source.strip()
        if len(token) > MAX_JWS_CHARS:
            raise Ob2Error("the signed badge is too large")
        given = _jws_payload(token)
    elif isinstance(source, str):
        if not _is_url(source):
            raise Ob2Error("this is neither a badge's address nor a signed badge")
        given = None
    else:
        given = source
    revoked_gone = False
    if given is not None and not is_ob2(given):
        raise Ob2Error("this is not an Open Badges 2.0 assertion")
    verify_type = ""
    if given is not None:
        verify = given.get("verify") or given.get("verification") or {}
        verify_type = str(verify.get("type", "")) if isinstance(verify, dict) else ""
    hosted = not token and verify_type.lower() in ("hosted", "hostedbadge", "")
    if token and verify_type.lower() not in ("signed", "signedbadge"):
        raise Ob2Error("the signed badge does not say it is verified by signature")
    if not token and not hosted:
        raise Ob2Error("a signed badge must be imported as its JWS text or baked image")
    assertion: dict[str, Any]
    if hosted:
        url = source if isinstance(source, str) else _id_of(given)
        if not _is_url(url):
            raise Ob2Error("the hosted badge has no address (its id is not a link)")
        try:
            assertion = _get(fetch, url, "assertion", ("Assertion",))
        except safe_fetch.HttpStatus as error:
            if error.status != 410:
                raise
            revoked_gone = True
            assertion = given or {"id": url}
        if given is not None and not revoked_gone:
            for key in ("recipient", "badge", "issuedOn", "expires", "evidence"):
                mine, theirs = given.get(key), assertion.get(key)
                if key == "badge":
                    mine, theirs = _id_of(mine), _id_of(theirs)
                if mine != theirs:
                    raise Ob2Error(
                        f"this file differs from the badge its issuer hosts ({key} changed)"
                    )
    else:
        assertion = given or {}
    facts.update(describe_assertion(assertion))
    checks.append(Check("format", PASS, "an Open Badges 2.0 assertion"))
    if revoked_gone:
        checks.append(Check("status", FAIL, "revoked by the issuer (its host answers 410 Gone)"))
        return Verification("revoked", checks, facts)
    badge = _linked(fetch, assertion.get("badge"), "badge", ("BadgeClass",))
    issuer = _linked(fetch, badge.get("issuer"), "issuer", ("Issuer", "Profile"))
    if _id_of(badge.get("issuer")) != _id_of(issuer) or not _is_url(_id_of(issuer)):
        raise Ob2Error("the badge does not name the issuer it links to")
    facts.update(describe_badge(badge, issuer))
    checks.append(Check("issuer", PASS, f"issued by {_id_of(issuer)[:200]}"))
    status = Check("status", PASS, "not revoked")
    if hosted:
        if not _allowed(_id_of(assertion), issuer):
            raise Ob2Error("the badge is hosted at an address its issuer does not allow")
        checks.append(
            Check("signature", PASS, "hosted by its issuer at an address the issuer allows")
        )
        if assertion.get("revoked") in (True, "true"):
            reason = assertion.get("revocationReason")
            status = Check(
                "status",
                FAIL,
                "revoked by the issuer" + (f": {reason[:200]}" if isinstance(reason, str) else ""),
            )
    else:
        verify = assertion.get("verify") or assertion.get("verification") or {}
        creator = _id_of(verify.get("creator")) if isinstance(verify, dict) else ""
        if not _is_url(creator):
            raise Ob2Error("the signed badge does not name its key (verify.creator)")
        if not _key_listed(issuer, creator):
            raise Ob2Error("the signing key is not one the issuer's profile lists")
        key_document = _get(fetch, creator, "key", ())
        if _id_of(key_document.get("owner")) != _id_of(issuer):
            raise Ob2Error("the signing key does not belong to the issuer")
        pem = key_document.get("publicKeyPem")
        if not isinstance(pem, str):
            raise Ob2Error("the issuer's key has no PEM public key")
        _verify_jws(token, pem)
        checks.append(Check("signature", PASS, "signed by the issuer's key; nothing was changed"))
        try:
            reason = _revocation(fetch, issuer, assertion)
        except (Ob2Error, safe_fetch.FetchRefused, safe_fetch.FetchFailed) as error:
            status = Check("status", UNKNOWN, f"status unknown: {error}")
        else:
            if reason is not None:
                status = Check("status", FAIL, reason)
    checks.append(_dates(assertion, now))
    if emails is None:
        checks.append(Check("recipient", SKIPPED, "the recipient was not compared"))
    elif recipient_matches(assertion.get("recipient"), emails):
        checks.append(Check("recipient", PASS, "issued to your e-mail address"))
    else:
        checks.append(Check("recipient", FAIL, "issued to another e-mail address than yours"))
    checks.append(status)
    return Verification(_verdict(checks), checks, facts)


def _dates(assertion: dict[str, Any], now: datetime) -> Check:
    issued = _date(assertion.get("issuedOn"))
    if issued is None:
        return Check("dates", FAIL, "the badge has no valid issue date (issuedOn)")
    if issued > now + CLOCK_SKEW:
        return Check("dates", FAIL, f"not valid yet: issued on {assertion.get('issuedOn')}")
    if assertion.get("expires") is None:
        return Check("dates", PASS, f"issued on {assertion.get('issuedOn')}, does not expire")
    expires = _date(assertion.get("expires"))
    if expires is None:
        return Check("dates", FAIL, "the expiry date is not a date")
    if expires <= now:
        return Check("dates", FAIL, f"expired on {assertion.get('expires')}")
    return Check(
        "dates",
        PASS,
        f"issued on {assertion.get('issuedOn')}, valid until {assertion.get('expires')}",
    )


def _verdict(checks: list[Check]) -> str:
    status = next(c for c in checks if c.name == "status")
    if any(c.status == FAIL for c in checks if c.name != "status"):
        return "invalid"
    if status.status == FAIL:
        return "revoked"
    if status.status == UNKNOWN:
        return "status_unknown"
    return "valid"


def _text(value: Any, limit: int = 500) -> str:
    return value[:limit] if isinstance(value, str) else ""


def describe_assertion(assertion: dict[str, Any]) -> dict[str, Any]:
    return {
        "credential_id": _text(_id_of(assertion)),
        "issued": _text(assertion.get("issuedOn")),
        "valid_until": _text(assertion.get("expires")),
    }


def describe_badge(badge: dict[str, Any], issuer: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": _text(badge.get("name"), 300),
        "description": _text(badge.get("description"), 2000),
        "achievement_url": _text(_id_of(badge)),
        "issuer_name": _text(issuer.get("name"), 200),
        "issuer_id": _text(_id_of(issuer)),
        "issuer_url": _text(issuer.get("url")),
        "ects": "",
    }
