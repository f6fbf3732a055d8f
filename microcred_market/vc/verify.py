"""Verify a credential for anyone: each check with its result, and the facts in words.

The verdict is only "valid" when every check passed. A status list we cannot fetch or
trust gives "status_unknown" (fail closed), never "valid".

Anyone may paste anything, so what one credential can make us do is bounded: a few
entries in each list that makes us fetch or hash (`MAX_ENTRIES`), a few fetches with
one time limit for all of them, and canonicalisation in worker processes that are
killed when a credential's share of CPU time is spent (`vc/sandbox.py`).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import jsonschema

from microcred_market.vc import did as didlib
from microcred_market.vc import proofs, qualification, safe_fetch, sandbox, status_list
from microcred_market.vc.contexts import VC_V1, known_context, ob_schema

MAX_CREDENTIAL_BYTES = 2_000_000
CLOCK_SKEW = timedelta(minutes=5)
PASS, FAIL, UNKNOWN, SKIPPED = "pass", "fail", "unknown", "skipped"
# How many entries a credential may list where each one costs us a fetch or a hash (or
# multiplies the work of canonicalisation); real credentials use one or two.
MAX_ENTRIES = {
    "@context": 16,
    "proof": proofs.MAX_PROOFS,
    "credentialStatus": 4,
    "credentialSubject": 16,
    "credentialSchema": 8,
    "evidence": 64,
    "termsOfUse": 16,
    "refreshService": 4,
    "type": 32,
}
# A credential's share of canonicalisation time (its own proofs and its status lists').
CANON_SECONDS = 1.5
# At most this many addresses fetched for one credential (its issuer's DID document and
# its status lists), all within this many seconds.
MAX_FETCHES = 6
FETCH_SECONDS = 8.0
STATUS_NOT_CHECKED = "not checked, as the signature could not be confirmed"
# Status entry type -> (its list credential's type, the list's subject type): W3C
# Bitstring Status List, and its predecessor StatusList2021 (the Digital Credentials
# Consortium's issuers); both are checked alike, and the list must be the issuer's.
STATUS_METHODS = {
    "BitstringStatusListEntry": ("BitstringStatusListCredential", "BitstringStatusList"),
    "StatusList2021Entry": ("StatusList2021Credential", "StatusList2021"),
}
# Schema validation of a two-megabyte credential takes most of a second of CPU in the
# calling thread; only this many run at once, so the web process keeps the GIL free
# enough to answer everyone else (canonicalisation is bounded by `sandbox.WORKERS`).
_SCHEMA_CHECKS = threading.BoundedSemaphore(2)


class Unreadable(ValueError):
    """Not a credential we can even read: not JSON, not an object, too big."""


@dataclass
class Check:
    name: str
    status: str
    message: str


@dataclass
class Verification:
    verdict: str  # valid, invalid, revoked, suspended, status_unknown
    checks: list[Check]
    facts: dict[str, Any] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return self.verdict == "valid"

    def as_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "valid": self.valid,
            "checks": [asdict(c) for c in self.checks],
            "facts": self.facts,
        }


class Sources(Protocol):
    def did_document(self, did: str) -> dict[str, Any]: ...

    def status_list(self, url: str) -> dict[str, Any]: ...

    def companion_entries(self, entry: dict[str, Any]) -> list[dict[str, Any]]: ...


class NetworkSources:
    """Resolves did:key locally and did:web and status lists over the (guarded) network.

    One instance serves one verification: it fetches each address once, at most
    MAX_FETCHES addresses, all within FETCH_SECONDS, and calls `before_fetch` for every
    fetch it makes (where a caller counts it against the asker's limit).
    """

    def __init__(self) -> None:
        self._fetched: dict[str, Any] = {}
        self._deadline: float | None = None
        self.fetches = 0

    def before_fetch(self, url: str) -> None:
        """Called before each outbound fetch; raise FetchRefused to stop it."""

    def fetch_json(self, url: str) -> Any:
        if url in self._fetched:
            return self._fetched[url]
        if self.fetches >= MAX_FETCHES:
            raise safe_fetch.FetchRefused(
                f"this credential would make us fetch more than {MAX_FETCHES} addresses"
            )
        now = time.monotonic()
        if self._deadline is None:
            self._deadline = now + FETCH_SECONDS
        left = self._deadline - now
        if left <= 0:
            raise safe_fetch.FetchFailed(
                f"the time for fetching ({FETCH_SECONDS:g} seconds) ran out"
            )
        self.fetches += 1
        self.before_fetch(url)
        document = safe_fetch.fetch_json(url, timeout=min(safe_fetch.TIMEOUT, left))
        self._fetched[url] = document
        return document

    def did_document(self, did: str) -> dict[str, Any]:
        if did.startswith("did:key:"):
            return didlib.did_key_document(did)
        if did.startswith("did:web:"):
            url = didlib.did_web_url(did)
            if safe_fetch.is_trusted(url):  # an operator-listed host (tests: loopback HTTP)
                url = "http" + url[len("https") :]
            document = self.fetch_json(url)
            if not isinstance(document, dict) or document.get("id") != did:
                raise didlib.DidError("the DID document found does not describe this DID")
            return document
        if did.startswith("https://"):
            # An issuer named by its https URL publishes a controller document there
            # (the DID document's shape without a DID), listing its assertion keys.
            url = "http" + did[len("https") :] if safe_fetch.is_trusted(did) else did
            document = self.fetch_json(url)
            if not isinstance(document, dict) or document.get("id") != did:
                raise didlib.DidError("the issuer's document found does not describe the issuer")
            return document
        raise didlib.DidError(f"unsupported DID method in {did[:80]}")

    def status_list(self, url: str) -> dict[str, Any]:
        document = self.fetch_json(url)
        if not isinstance(document, dict):
            raise status_list.BadStatusList("the status list is not a JSON object")
        return document

    def companion_entries(self, entry: dict[str, Any]) -> list[dict[str, Any]]:
        return []


def parse(data: bytes | str) -> dict[str, Any]:
    if isinstance(data, str):
        data = data.encode()
    if len(data) > MAX_CREDENTIAL_BYTES:
        raise Unreadable("the file is larger than 2 MB; a credential is a few kilobytes")
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise Unreadable(
            "this is not JSON; paste the credential's JSON or upload its file"
        ) from error
    if not isinstance(document, dict):
        raise Unreadable("this JSON is not a credential (it is not an object)")
    return document


def _ids(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def issuer_id(credential: dict[str, Any]) -> str | None:
    issuer = credential.get("issuer")
    if isinstance(issuer, str):
        return issuer
    if isinstance(issuer, dict) and isinstance(issuer.get("id"), str):
        return issuer["id"]
    return None


def _too_many(credential: dict[str, Any]) -> Check | None:
    for name, limit in MAX_ENTRIES.items():
        value = credential.get(name)
        if isinstance(value, list) and len(value) > limit:
            return Check(
                "format",
                FAIL,
                f"the credential lists too many {name} entries ({len(value)}; at most {limit})",
            )
    return None


def _check_format(credential: dict[str, Any]) -> Check:
    too_many = _too_many(credential)
    if too_many is not None:
        return too_many
    types = _ids(credential.get("type"))
    if "VerifiableCredential" not in types:
        return Check("format", FAIL, "this is not a Verifiable Credential (no type)")
    contexts = credential.get("@context")
    if not isinstance(contexts, list) or not contexts:
        return Check("format", FAIL, "the credential has no @context list")
    for context in contexts:
        if isinstance(context, str) and not known_context(context):
            return Check(
                "format",
                FAIL,
                f"unknown context {context[:120]}: we only process contexts we hold a "
                "pinned copy of",
            )
    if not isinstance(credential.get("credentialSubject"), dict | list):
        return Check("format", FAIL, "the credential has no subject")
    if issuer_id(credential) is None:
        return Check("format", FAIL, "the credential names no issuer")
    return Check("format", PASS, "a W3C Verifiable Credential with known contexts")


def _check_schema(credential: dict[str, Any]) -> Check:
    types = _ids(credential.get("type"))
    if not {"AchievementCredential", "OpenBadgeCredential"} & set(types):
        return Check("schema", SKIPPED, "not an Open Badges credential; no schema to apply")
    contexts = credential.get("@context")
    if isinstance(contexts, list) and contexts and contexts[0] == VC_V1:
        # Issued before OB 3.0.3 moved to VC 2.0 (the Digital Credentials Consortium's
        # issuers still do): the pinned schema asks for VC 2.0's validFrom.
        return Check(
            "schema", SKIPPED, "an Open Badges 3.0 credential in VC 1.1 form; no schema to apply"
        )
    validator = jsonschema.Draft201909Validator(ob_schema())
    errors = sorted(validator.iter_errors(credential), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        where = "/".join(str(p) for p in first.absolute_path) or "(top)"
        return Check(
            "schema",
            FAIL,
            f"does not match the Open Badges 3.0 schema at {where}: {first.message[:200]}",
        )
    return Check("schema", PASS, "matches the 1EdTech Open Badges 3.0 AchievementCredential schema")


def _now() -> datetime:
    return datetime.now(UTC)


def _check_dates(credential: dict[str, Any], now: datetime) -> Check:
    valid_from = credential.get("validFrom") or credential.get("issuanceDate")
    start = proofs.parse_datetime(valid_from) if isinstance(valid_from, str) else None
    if start is None:
        return Check("dates", FAIL, "the credential has no valid issue date (validFrom)")
    if start > now + CLOCK_SKEW:
        return Check("dates", FAIL, f"not valid yet: valid from {valid_from}")
    valid_until = credential.get("validUntil") or credential.get("expirationDate")
    if valid_until is not None:
        end = proofs.parse_datetime(valid_until) if isinstance(valid_until, str) else None
        if end is None:
            return Check("dates", FAIL, "the expiry date (validUntil) is not a date")
        if end <= now:
            return Check("dates", FAIL, f"expired on {valid_until}")
        return Check("dates", PASS, f"valid from {valid_from} until {valid_until}")
    return Check("dates", PASS, f"valid from {valid_from}, does not expire")


class _CanonBudget:
    """The RDFC hasher of one verification: worker time shared by all its proofs."""

    def __init__(self, seconds: float = CANON_SECONDS) -> None:
        self.left = seconds

    def __call__(self, unsecured: dict[str, Any], config: dict[str, Any]) -> bytes:
        if self.left <= 0:
            raise proofs.TooComplex
        started = time.monotonic()
        try:
            return sandbox.POOL.hash_data(
                unsecured, config, timeout=min(sandbox.JOB_SECONDS, self.left)
            )
        finally:
            self.left -= time.monotonic() - started - sandbox.POOL.start_seconds()


def _verify_signature(
    credential: dict[str, Any],
    issuer_did: str,
    document: dict[str, Any],
    hasher: proofs.RdfcHasher | None = None,
) -> None:
    def key_for(method: str) -> bytes:
        try:
            return didlib.assertion_key(document, method)
        except didlib.DidError as error:
            raise proofs.ProofError(str(error)) from error

    for proof in proofs.proofs_of(credential):
        proofs.verify_proof(credential, proof, key_for, hasher)


def _check_status_entry(
    entry: dict[str, Any],
    issuer_did: str,
    sources: Sources,
    now: datetime,
    hasher: proofs.RdfcHasher | None = None,
) -> tuple[str, str, str | None]:
    """(status, message, state) where state is None, 'revoked' or 'suspended'."""
    purpose = entry.get("statusPurpose")
    url = entry.get("statusListCredential")
    try:
        index = int(entry.get("statusListIndex", ""))
    except (TypeError, ValueError):
        return FAIL, "the status entry has no valid index", None
    method = entry.get("type")
    if method not in STATUS_METHODS or not isinstance(url, str):
        return UNKNOWN, f"unsupported status method {method!r}", None
    list_type, subject_type = STATUS_METHODS[method]
    try:
        listing = sources.status_list(url)
        if issuer_id(listing) != issuer_did:
            return UNKNOWN, "the status list is not published by the credential's issuer", None
        if list_type not in _ids(listing.get("type")):
            return UNKNOWN, f"the status list is not a {list_type}", None
        _verify_signature(listing, issuer_did, sources.did_document(issuer_did), hasher)
        dates = _check_dates(listing, now)
        if dates.status != PASS:
            return UNKNOWN, f"the status list is out of date ({dates.message})", None
        subject = listing.get("credentialSubject") or {}
        if not isinstance(subject, dict) or subject.get("type") != subject_type:
            return UNKNOWN, f"the status list's subject is not a {subject_type}", None
        if subject.get("statusPurpose") != purpose:
            return UNKNOWN, "the status list has a different purpose", None
        bits = status_list.decode(
            subject.get("encodedList", ""), multibase=method == "BitstringStatusListEntry"
        )
        is_set = status_list.bit(bits, index)
    except (
        safe_fetch.FetchRefused,
        safe_fetch.FetchFailed,
        proofs.ProofError,
        didlib.DidError,
        status_list.BadStatusList,
    ) as error:
        return UNKNOWN, f"status unknown: {error}", None
    if not is_set:
        return PASS, "not revoked" if purpose == "revocation" else "not suspended", None
    if purpose == "revocation":
        return FAIL, "revoked by the issuer", "revoked"
    if purpose == "suspension":
        return FAIL, "suspended by the issuer", "suspended"
    return UNKNOWN, f"status bit set for purpose {purpose!r}", None


def _check_status(
    credential: dict[str, Any],
    issuer_did: str,
    sources: Sources,
    now: datetime,
    hasher: proofs.RdfcHasher | None = None,
) -> tuple[Check, str | None]:
    raw = credential.get("credentialStatus")
    if raw is None:
        return Check(
            "status", PASS, "the issuer publishes no status for it (cannot be revoked)"
        ), None
    entries = raw if isinstance(raw, list) else [raw]
    entries = [e for e in entries[: MAX_ENTRIES["credentialStatus"]] if isinstance(e, dict)]
    for entry in list(entries):
        entries.extend(sources.companion_entries(entry))
    results = [_check_status_entry(e, issuer_did, sources, now, hasher) for e in entries]
    for _status, message, state in results:
        if state is not None:
            return Check("status", FAIL, message), state
    for status, message, _ in results:
        if status != PASS:
            return Check("status", status, message), None
    return Check("status", PASS, "; ".join(m for _, m, _ in results)), None


def verify(
    credential: dict[str, Any],
    sources: Sources | None = None,
    now: datetime | None = None,
    rdfc_hasher: proofs.RdfcHasher | None = None,
) -> Verification:
    """The checks and verdict. `rdfc_hasher` defaults to the worker processes with this
    verification's share of time (`CANON_SECONDS`); pass `proofs.rdfc_hash_data` to hash
    in the calling thread (bounded by the work counter only)."""
    sources = sources or NetworkSources()
    now = now or _now()
    hasher = rdfc_hasher or _CanonBudget()
    checks = [_check_format(credential)]
    facts = describe(credential)
    if checks[0].status == FAIL:
        return Verification("invalid", checks, facts)
    with _SCHEMA_CHECKS:
        checks.append(_check_schema(credential))
    did = issuer_id(credential) or ""
    document: dict[str, Any] | None = None
    try:
        resolvable = did.startswith(("did:", "https://"))
        document = sources.did_document(did) if resolvable else None
        if document is None:
            checks.append(
                Check("issuer", FAIL, f"the issuer {did[:120]} is not a DID we can resolve")
            )
        else:
            checks.append(Check("issuer", PASS, f"resolved {did}"))
    except (didlib.DidError, safe_fetch.FetchRefused, safe_fetch.FetchFailed) as error:
        checks.append(Check("issuer", FAIL, f"could not resolve the issuer: {error}"))
    except Exception as error:  # a malformed key in someone else's DID document
        checks.append(
            Check("issuer", FAIL, f"could not resolve the issuer: {type(error).__name__}")
        )
    if document is not None:
        try:
            _verify_signature(credential, did, document, hasher)
            checks.append(Check("signature", PASS, "signed by the issuer; nothing was changed"))
        except proofs.ProofError as error:
            checks.append(Check("signature", FAIL, str(error)))
        except Exception as error:  # malformed input deep inside JSON-LD processing
            checks.append(
                Check(
                    "signature",
                    FAIL,
                    f"the credential could not be processed ({type(error).__name__})",
                )
            )
    else:
        checks.append(Check("signature", FAIL, "cannot be checked without the issuer's keys"))
    checks.append(_check_dates(credential, now))
    state: str | None = None
    signed = next(c for c in checks if c.name == "signature").status == PASS
    if document is not None and not signed:
        # Invalid whatever the status says: fetching it would only let a stranger's
        # unsigned document make us call their servers.
        checks.append(Check("status", SKIPPED, STATUS_NOT_CHECKED))
    elif document is not None:
        try:
            status_check, state = _check_status(credential, did, sources, now, hasher)
        except Exception as error:  # a malformed status entry or list: never "valid"
            status_check = Check("status", UNKNOWN, f"status unknown ({type(error).__name__})")
        checks.append(status_check)
    else:
        checks.append(Check("status", UNKNOWN, "cannot be checked without the issuer"))
    return Verification(_verdict(checks, state), checks, facts)


def _verdict(checks: list[Check], state: str | None) -> str:
    others = [c for c in checks if c.name != "status"]
    if any(c.status == FAIL for c in others):
        return "invalid"
    if state is not None:
        return state
    status = next(c for c in checks if c.name == "status")
    if status.status == FAIL:
        return "invalid"
    if status.status == UNKNOWN:
        return "status_unknown"
    return "valid"


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def describe(credential: dict[str, Any]) -> dict[str, Any]:
    """What a person reading the verify page needs, in plain values (never raises)."""
    try:
        return _describe(credential)
    except Exception:  # a malformed credential still gets its checks shown
        return {"title": _text(credential.get("name"))}


def _describe(credential: dict[str, Any]) -> dict[str, Any]:
    issuer = credential.get("issuer")
    issuer = issuer if isinstance(issuer, dict) else {"id": issuer}
    subject = credential.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    subject = subject if isinstance(subject, dict) else {}
    found = subject.get("achievement")
    achievement: dict[str, Any] = found if isinstance(found, dict) else {}
    learner_name = ""
    for identifier in subject.get("identifier") or []:
        if (
            isinstance(identifier, dict)
            and identifier.get("identityType") == "name"
            and not identifier.get("hashed")
        ):
            learner_name = _text(identifier.get("identityHash"))
    eqf = nqf = ""
    skills: list[dict[str, str]] = []
    for alignment in achievement.get("alignment") or []:
        if not isinstance(alignment, dict):
            continue
        framework = _text(alignment.get("targetFramework"))
        if framework == "European Qualifications Framework":
            eqf = _text(alignment.get("targetCode"))
        elif framework == "ESCO":
            skills.append(
                {
                    "label": _text(alignment.get("targetName")),
                    "url": _text(alignment.get("targetUrl")),
                }
            )
        elif framework:
            nqf = _text(alignment.get("targetName"))
    narrative = _text((achievement.get("criteria") or {}).get("narrative"))
    outcomes = [line[2:].strip() for line in narrative.splitlines() if line.startswith("- ")]
    results = [_text(r.get("value")) for r in subject.get("result") or [] if isinstance(r, dict)]
    declared = next(
        (d for d in achievement.get("resultDescription") or [] if isinstance(d, dict)), {}
    )
    kinds = achievement.get("assessmentType")
    kinds = [k for k in kinds if isinstance(k, str)] if isinstance(kinds, list) else [kinds]
    found = issuer.get("address")
    address: dict[str, Any] = found if isinstance(found, dict) else {}
    return {
        "title": _text(credential.get("name")) or _text(achievement.get("name")),
        "description": _text(achievement.get("description")),
        "achievement_url": _text(achievement.get("id")),
        "achievement_type": _text(achievement.get("achievementType")),
        "issuer_name": _text(issuer.get("name")),
        "issuer_id": _text(issuer.get("id")),
        "issuer_url": _text(issuer.get("url")),
        "issuer_country": _text(address.get("addressCountry")),
        "issuer_country_code": _text(address.get("addressCountryCode")),
        "learner_name": learner_name,
        "learner_id": _text(subject.get("id")),
        "issued": _text(credential.get("validFrom")),
        "valid_until": _text(credential.get("validUntil")),
        "eqf_level": eqf,
        "nqf": nqf,
        "ects": str(achievement.get("creditsAvailable", subject.get("creditsEarned", "")) or ""),
        "learning_outcomes": outcomes or ([narrative] if narrative else []),
        "skills": skills,
        "assessment_type": _text(kinds[0] if kinds else ""),
        "assessment_types": [k for k in (_text(k) for k in kinds) if k],
        "prior_learning": achievement.get("recognitionOfPriorLearning") is True,
        "result_type": _text(declared.get("resultType")),
        "pass_mark": _text(declared.get("requiredValue")),
        "participation_form": _text(achievement.get("participationForm")),
        "quality_assurance": _text(achievement.get("qualityAssurance")),
        "supervision": _text(achievement.get("supervision")),
        "prerequisites": _text(achievement.get("prerequisites")),
        "language": _text(achievement.get("inLanguage")),
        "grade": ", ".join(r for r in results if r),
        "part_of": [p for p in achievement.get("isPartOf") or [] if isinstance(p, str)],
        "credential_id": _text(credential.get("id")),
        # A stacked qualification: the part credentials its evidence lists.
        "parts": [
            {
                "id": _text(part.get("id")),
                "name": _text(part.get("name")),
                "issuer_id": _text(part.get("partIssuer")),
                "ects": str(part.get("partCredits", "")),
                "digest": _text(part.get("digestMultibase")),
            }
            for part in qualification.parts_of(credential)[:100]
        ],
    }


__all__ = ["NetworkSources", "Unreadable", "Verification", "parse", "verify"]
