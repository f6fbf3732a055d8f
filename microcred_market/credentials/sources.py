"""Where the verifier finds DID documents and status lists: our own from the database.

Our universities' DIDs and lists are answered locally (no HTTP round trip to ourselves,
and they work before PUBLIC_BASE_URL is reachable); anything else goes through the
guarded network fetch, and every such fetch counts against the asker's per-address
limit for links (`verify-link:ip`): a pasted credential naming other servers makes us
fetch just as a pasted link does. Our revocation entry also brings the suspension list at the same
index: the OB 3.0 schema allows one `credentialStatus`, so suspension rides beside it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from microcred_market.credentials import activity, issuing
from microcred_market.platform import jsonsafe, ratelimit, urls
from microcred_market.platform.errors import NotFound, Unprocessable
from microcred_market.vc import bake, external, ob2, safe_fetch, status_list
from microcred_market.vc import did as didlib
from microcred_market.vc.verify import NetworkSources, Verification, verify

_STATUS_PATH = re.compile(r"/api/status/([a-z0-9-]+)/(revocation|suspension)/([0-9]{1,9})$")
_CREDENTIAL_PATH = re.compile(r"/(?:api/credentials|credentials)/([0-9a-fA-F-]{36})(?:\.json)?/?$")


class LocalSources(NetworkSources):
    def __init__(self, session: Session, client: str | None = None) -> None:
        """`client`: whose limit each fetch counts against (None: the operator's own
        command line, not limited)."""
        super().__init__()
        self.session = session
        self.client = client

    def before_fetch(self, url: str) -> None:
        if self.client is None:
            return
        try:
            ratelimit.check(self.session, "verify-link:ip", self.client)
        except ratelimit.RateLimited as error:
            raise safe_fetch.FetchRefused(error.message) from error

    def _our_slug(self, did: str) -> str | None:
        prefix = urls.issuer_did("")  # "did:web:<host>:issuers:"
        if did.startswith(prefix) and ":" not in did[len(prefix) :]:
            return did[len(prefix) :] or None
        return None

    def did_document(self, did: str) -> dict[str, Any]:
        slug = self._our_slug(did)
        if slug is None:
            return super().did_document(did)
        document = issuing.did_document(self.session, slug)
        if document is None:
            raise didlib.DidError(f"no issuer {slug} on this marketplace")
        return document

    def _our_status(self, url: str) -> tuple[str, str, int] | None:
        base = urls.api_base()
        if not url.startswith(urls.api("/api/status/")):
            return None
        match = _STATUS_PATH.search(url[len(base) :])
        if match is None:
            return None
        return match.group(1), match.group(2), int(match.group(3))

    def status_list(self, url: str) -> dict[str, Any]:
        ours = self._our_status(url)
        if ours is None:
            return super().status_list(url)
        document = issuing.status_list_credential(self.session, *ours)
        if document is None:
            raise status_list.BadStatusList("no such status list on this marketplace")
        return document

    def companion_entries(self, entry: dict[str, Any]) -> list[dict[str, Any]]:
        ours = self._our_status(str(entry.get("statusListCredential", "")))
        if ours is None or ours[1] != "revocation":
            return []
        url = urls.status_list(ours[0], "suspension", ours[2])
        return [
            {
                **entry,
                "id": f"{url}#{entry.get('statusListIndex')}",
                "statusPurpose": "suspension",
                "statusListCredential": url,
            }
        ]


def verify_document(
    session: Session, document: dict[str, Any], client: str = "unknown"
) -> Verification:
    """`client` (the asker's address) is charged for every fetch the credential causes.

    A check of one of our own credentials is counted for its university's analytics.
    """
    result = verify(document, LocalSources(session, client or "unknown"))
    activity.record_verification(session, document, result.verdict)
    return result


def our_credential_uuid(url: str) -> str | None:
    """The UUID when `url` is one of our credential links (answered from the database)."""
    for base in urls.credential_bases():
        if url.startswith(base + "/"):
            match = _CREDENTIAL_PATH.search(url[len(base) :].split("?")[0])
            if match:
                return match.group(1)
    return None


def fetch_credential(session: Session, url: str) -> dict[str, Any]:
    """A credential named by a link: ours from the database, anyone else's fetched."""
    ours = our_credential_uuid(url)
    if ours is not None:
        return issuing.document_of(issuing.credential_by_uuid(session, ours))
    document = safe_fetch.fetch_json(url)
    if not isinstance(document, dict):
        raise safe_fetch.FetchFailed("the link does not lead to a credential")
    return document


def verify_bytes(session: Session, data: bytes, client: str = "unknown") -> dict[str, Any]:
    """Pasted text or an uploaded file (JSON, baked PNG or SVG): the verification as data.

    Anything unreadable comes back as verdict "unreadable" with a message, never raises.
    """
    try:
        document = bake.unbake(data)
    except ValueError as error:
        other = _other_format(session, data, client)
        return other if other is not None else _unreadable(str(error))
    except RecursionError:  # JSON nested beyond what the parser can follow
        return _too_odd(Unprocessable("error.platform.json_too_deep", n=jsonsafe.MAX_DEPTH))
    if ob2.is_ob2(document) or "VerifiablePresentation" in _types(document):
        other = _other_format(session, data, client)
        if other is not None:
            return other
    return _checked(session, document, client)


def _types(document: dict[str, Any]) -> list[Any]:
    found = document.get("type")
    return found if isinstance(found, list) else [found]


def _other_format(session: Session, data: bytes, client: str) -> dict[str, Any] | None:
    """Open Badges 2.0 (JSON, JWS, baked the 2.0 way) or a wallet's presentation: read
    as the wallet reads credentials from elsewhere; None when it is none of these."""
    try:
        presented = external.read(data)
    except (ValueError, RecursionError):
        return None
    if presented.kind not in (external.OB2_JSON, external.OB2_JWS, external.VC):
        return None
    if presented.document is not None:
        try:
            jsonsafe.check(presented.document)
        except Unprocessable as error:
            return _too_odd(error)
    if presented.kind == external.VC:
        assert presented.document is not None
        return _checked(session, presented.document, client)
    fetching = LocalSources(session, client or "unknown")
    return external.check(presented, fetching, datetime.now(UTC), None).as_dict()


def _checked(session: Session, document: dict[str, Any], client: str) -> dict[str, Any]:
    """Verify a document that passed the JSON limits; one that did not is unreadable."""
    try:
        jsonsafe.check(document)
    except Unprocessable as error:
        return _too_odd(error)
    return verify_document(session, document, client).as_dict()


def _too_odd(error: Unprocessable) -> dict[str, Any]:
    return _unreadable(error.message, "unprocessable")


def _unreadable(message: str, error: str = "unreadable") -> dict[str, Any]:
    """What the page and the API show when there is no credential to check."""
    return {
        "verdict": "unreadable",
        "error": error,
        "valid": False,
        "message": message,
        "checks": [],
    }


def verify_link(session: Session, url: str, client: str = "unknown") -> dict[str, Any]:
    """A credential link (ours or anyone's): fetched safely, then verified."""
    url = url.strip()[:2000]
    try:
        document = fetch_credential(session, url)
    except NotFound as error:
        return _unreadable(error.message)
    except safe_fetch.HttpStatus as error:
        if error.status == 410:  # an Open Badges 2.0 host's word for "revoked"
            return _ob2_link(session, url, client)
        return _unreadable(str(error), "unreachable")
    except (safe_fetch.FetchRefused, safe_fetch.FetchFailed) as error:
        return _unreadable(str(error), "unreachable")
    except RecursionError:
        return _too_odd(Unprocessable("error.platform.json_too_deep", n=jsonsafe.MAX_DEPTH))
    if ob2.is_ob2(document):
        try:
            jsonsafe.check(document)
        except Unprocessable as error:
            return _too_odd(error)
        return _ob2_link(session, url, client)
    return _checked(session, document, client)


def _ob2_link(session: Session, url: str, client: str) -> dict[str, Any]:
    fetching = LocalSources(session, client or "unknown")
    return ob2.verify_ob2(url, fetching.fetch_json, datetime.now(UTC), None).as_dict()
