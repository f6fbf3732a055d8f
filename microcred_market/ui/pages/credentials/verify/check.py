"""Verifying what the verify page was given, in one unit of work off the event loop.

Both functions never raise: whatever goes wrong becomes an answer the page can show.
"""

from __future__ import annotations

import logging
from typing import Any

from microcred_market.catalogue import queries as catalogue_queries
from microcred_market.credentials import stacked as stacked_credentials
from microcred_market.credentials.sources import our_credential_uuid, verify_bytes, verify_link
from microcred_market.platform import ratelimit
from microcred_market.platform.db import Session
from microcred_market.ui.pages.credentials.verify.present import (
    failure,
    part_ids,
    present,
    qualification_slugs,
    unreadable,
)
from microcred_market.ui.state.base import run_in_session

log = logging.getLogger("microcred.ui.verify")


def presented(session: Session, result: dict[str, Any], lang: str) -> dict[str, Any]:
    """`result` presented, with the titles of our qualifications it names."""
    titles = catalogue_queries.qualification_titles(session, qualification_slugs(result))
    states = stacked_credentials.part_states(session, part_ids(result))
    return present(result, lang, titles, states)


def _check_bytes(session: Session, data: bytes, lang: str, client: str) -> dict[str, Any]:
    ratelimit.check(session, "verify:ip", client or "unknown")
    return presented(session, verify_bytes(session, data, client or "unknown"), lang)


def _check_link(session: Session, url: str, lang: str, client: str) -> dict[str, Any]:
    ratelimit.check(session, "verify:ip", client or "unknown")
    if our_credential_uuid(url) is None:
        ratelimit.check(session, "verify-link:ip", client or "unknown")
    return presented(session, verify_link(session, url, client or "unknown"), lang)


async def check_bytes(data: bytes, lang: str, client: str = "") -> dict[str, Any]:
    """Verify pasted text or an uploaded file and present it.

    Every check counts against `client`'s budget, the one `/api/verify` uses: the page
    is the same work, so a script gains nothing by sending events instead of requests.
    Every server the credential makes us fetch from counts against its link limit.
    """
    try:
        return await run_in_session(_check_bytes, data, lang, client)
    except ratelimit.RateLimited as error:
        return unreadable(error.text(lang), lang)
    except Exception:
        log.exception("verifying an uploaded or pasted credential failed")
        return failure(lang)


async def check_link(url: str, lang: str, client: str = "") -> dict[str, Any]:
    """Fetch and verify a credential link and present it.

    Links to someone else's server make us fetch, so they share the API's per-address
    limit; our own links (every QR code we print) are answered from the database.
    """
    try:
        return await run_in_session(_check_link, url, lang, client)
    except ratelimit.RateLimited as error:
        return unreadable(error.text(lang), lang)
    except Exception:
        log.exception("verifying a credential link failed")
        return failure(lang)
