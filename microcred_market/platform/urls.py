"""Every public address the marketplace builds, in one place.

Credential ids, did:web names and status list links are signed into credentials and
shown to employers years later, so they must not drift between the module that issues
and the one that verifies. Two bases exist: the site (`PUBLIC_BASE_URL`, the pages a
person opens) and the backend (`API_URL`, JSON and files the browser or another
verifier fetches).
"""

from __future__ import annotations

from uuid import UUID

from microcred_market.settings import get_settings
from microcred_market.vc import did as didlib
from microcred_market.vc.contexts import microcred_context_url as _context_url


def public_base() -> str:
    return get_settings().public_base_url


def api_base() -> str:
    return get_settings().api_base_url


def page(path: str) -> str:
    """A page of the site, `path` starting with "/"."""
    return public_base() + path


def api(path: str) -> str:
    """A backend route, `path` starting with "/"."""
    return api_base() + path


# --- catalogue ------------------------------------------------------------------


def offering_page(slug: str) -> str:
    return page(f"/offerings/{slug}")


def qualification_page(slug: str) -> str:
    return page(f"/qualifications/{slug}")


def qualification_prefix() -> str:
    """What every one of our qualification links starts with."""
    return public_base().rstrip("/") + "/qualifications/"


# --- accounts -------------------------------------------------------------------


def sign_in_page() -> str:
    return page("/signin")


def token_link(path: str, token: str) -> str:
    """A link in a mail that carries a one-time token to a backend route."""
    return f"{api(path)}?token={token}"


def oidc_callback(provider_key: str) -> str:
    return api(f"/api/auth/oidc/{provider_key}/callback")


# --- orders ---------------------------------------------------------------------


def learning_page() -> str:
    return page("/learning")


def receipt_pdf(order_uuid: UUID | str) -> str:
    return api(f"/api/orders/{order_uuid}/receipt.pdf")


def checkout_return(order_uuid: UUID | str, cancelled: bool = False) -> str:
    return page(f"/checkout/return?order={order_uuid}" + ("&cancelled=1" if cancelled else ""))


def simulated_checkout(order_uuid: UUID | str) -> str:
    return page(f"/checkout/simulated/{order_uuid}")


# --- credentials ----------------------------------------------------------------


def wallet_page() -> str:
    return page("/wallet")


def issuer_did(slug: str) -> str:
    """did:web of a university on our host; its document is served under /issuers/<slug>."""
    return didlib.issuer_did(public_base(), slug)


def status_list(slug: str, purpose: str, number: int) -> str:
    return api(f"/api/status/{slug}/{purpose}/{number}")


def credential_json(credential_uuid: UUID | str) -> str:
    return api(f"/api/credentials/{credential_uuid}")


def credential_share_page(credential_uuid: UUID | str) -> str:
    return page(f"/credentials/{credential_uuid}")


def verify_page(credential_uuid: UUID | str) -> str:
    """The verify page opened on one of our credentials (the query is left unescaped, as
    printed on certificates and QR codes issued so far)."""
    return page(f"/verify?url={credential_json(credential_uuid)}")


def microcred_context() -> str:
    """Our JSON-LD context for the EU micro-credential terms."""
    return _context_url(public_base())


def credential_bases() -> set[str]:
    """The bases our credential links may start with (JSON on the backend, pages on the site)."""
    settings = get_settings()
    return {settings.api_base_url, settings.public_base_url}


# --- university portal: joining and payouts -------------------------------------


def payments_page(slug: str, returned: bool = False) -> str:
    """The owner's payments page; the provider sends the owner back here (`return_url`)."""
    return page(f"/staff/{slug}/payments" + ("?returned=1" if returned else ""))


def onboarding_refresh(slug: str) -> str:
    """The provider's `refresh_url`: a backend route that makes a new onboarding link."""
    return api(f"/api/staff/{slug}/payments/onboarding")


def simulated_onboarding(slug: str) -> str:
    return page(f"/staff/{slug}/payments/simulated")


def university_logo(slug: str, stored_key: str | None) -> str | None:
    """Where a university's uploaded logo is served, versioned by its content hash (the
    stored key's name) so the address changes whenever the picture does. A value that is
    not an uploaded key (older data: a path or a full URL) is passed on unchanged."""
    if not stored_key or not stored_key.startswith("logos/"):
        return stored_key
    version = stored_key.rsplit("/", 1)[-1].split(".", 1)[0][:12]
    return api(f"/api/universities/{slug}/logo?v={version}")
