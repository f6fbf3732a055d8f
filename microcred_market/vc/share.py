"""Links that put a credential on other sites (LinkedIn's "Add to profile")."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


def _year_month(value: str) -> tuple[int, int] | None:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None
    return moment.year, moment.month


def linkedin_add_url(facts: dict[str, Any], credential_url: str, cert_id: str) -> str:
    """LinkedIn's "Add licence or certification" link, prefilled from `verify.describe` facts.

    Issue (and, when the credential has one, expiry) year and month come from the
    credential's dates; every value is URL-encoded, so titles with `&` or Polish letters
    arrive intact.
    """
    params: dict[str, str | int] = {
        "startTask": "CERTIFICATION_NAME",
        "name": str(facts.get("title") or "").strip(),
        "organizationName": str(facts.get("issuer_name") or "").strip(),
    }
    issued = _year_month(str(facts.get("issued") or ""))
    if issued:
        params["issueYear"], params["issueMonth"] = issued
    expires = _year_month(str(facts.get("valid_until") or ""))
    if expires:
        params["expirationYear"], params["expirationMonth"] = expires
    params["certUrl"] = credential_url
    params["certId"] = cert_id
    return f"{LINKEDIN_ADD}?{urlencode(params)}"
