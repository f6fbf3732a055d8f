"""Single sign-on with OpenID Connect: authorisation code flow with PKCE (Authlib).

State, nonce, PKCE verifier and the page to return to travel in a short-lived signed
HttpOnly cookie, so no server-side session store is needed and a callback from another
browser (or a replayed one) fails the state check. The ID token is verified against the
provider's published keys (issuer, audience, expiry, nonce) before we trust an e-mail.
"""

from __future__ import annotations

import logging
import secrets
import time
from typing import Any

import httpx
from authlib.integrations.httpx_client import AsyncOAuth2Client
from itsdangerous import BadSignature, URLSafeTimedSerializer
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from microcred_market.accounts import service as accounts
from microcred_market.api.deps import (
    Call,
    clear_cookie,
    lang_of,
    run,
    safe_next,
    set_session_cookie,
    to_page,
)
from microcred_market.platform import urls
from microcred_market.platform.i18n import t
from microcred_market.settings import OidcProvider, get_settings

log = logging.getLogger("microcred.oidc")

FLOW_COOKIE = "mc_oidc"
FLOW_MAX_AGE = 600
_metadata_cache: dict[str, tuple[float, dict[str, Any]]] = {}


def provider(key: str) -> OidcProvider | None:
    return next((p for p in get_settings().oidc_providers if p.key == key), None)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_settings().secret_key, salt="oidc-flow")


async def metadata(p: OidcProvider) -> dict[str, Any]:
    cached = _metadata_cache.get(p.issuer)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(f"{p.issuer}/.well-known/openid-configuration")
        response.raise_for_status()
        data = response.json()
    _metadata_cache[p.issuer] = (time.monotonic() + 300, data)
    return data


def callback_url(p: OidcProvider) -> str:
    return urls.oidc_callback(p.key)


def _client(p: OidcProvider) -> AsyncOAuth2Client:
    return AsyncOAuth2Client(
        client_id=p.client_id,
        client_secret=p.client_secret or None,
        scope=p.scope,
        redirect_uri=callback_url(p),
        code_challenge_method="S256",
        token_endpoint_auth_method="client_secret_basic" if p.client_secret else "none",
        timeout=10,
    )


async def start(request: Request) -> Response:
    p = provider(request.path_params["key"])
    lang = lang_of(request)
    if p is None:
        return to_page("/signin", "error", t("api.sso_not_configured", lang))
    try:
        meta = await metadata(p)
    except (httpx.HTTPError, ValueError):
        return to_page("/signin", "error", t("api.sso_unreachable", lang, name=p.name))
    state, nonce, verifier = (
        secrets.token_urlsafe(24),
        secrets.token_urlsafe(24),
        secrets.token_urlsafe(48),
    )
    async with _client(p) as client:
        url, _ = client.create_authorization_url(
            meta["authorization_endpoint"], state=state, nonce=nonce, code_verifier=verifier
        )
    flow = _serializer().dumps(
        {
            "p": p.key,
            "s": state,
            "n": nonce,
            "v": verifier,
            "next": safe_next(request.query_params.get("next"), "/"),
        }
    )
    response = RedirectResponse(url, status_code=303)
    response.set_cookie(
        FLOW_COOKIE,
        flow,
        max_age=FLOW_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=get_settings().secure_cookies,
        path="/api/auth/oidc",
    )
    return response


async def _verified_claims(
    p: OidcProvider, meta: dict[str, Any], id_token: str, nonce: str
) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.get(meta["jwks_uri"])
        response.raise_for_status()
        keys = KeySet.import_key_set(response.json())
    algorithms = meta.get("id_token_signing_alg_values_supported") or ["RS256"]
    token = jwt.decode(id_token, keys, algorithms=[a for a in algorithms if a != "none"])
    registry = jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": meta.get("issuer", p.issuer)},
        aud={"essential": True, "value": p.client_id},
        nonce={"essential": True, "value": nonce},
        sub={"essential": True},
        exp={"essential": True},
    )
    registry.validate(token.claims)
    return dict(token.claims)


async def callback(request: Request) -> Response:
    p = provider(request.path_params["key"])
    failed = t("api.sso_failed", lang_of(request))
    try:
        flow = _serializer().loads(request.cookies.get(FLOW_COOKIE, ""), max_age=FLOW_MAX_AGE)
    except BadSignature:
        return to_page("/signin", "error", failed)
    if p is None or flow.get("p") != p.key or request.query_params.get("state") != flow.get("s"):
        return to_page("/signin", "error", failed)
    if request.query_params.get("error") or not request.query_params.get("code"):
        return to_page("/signin", "error", failed)
    try:
        meta = await metadata(p)
        async with _client(p) as client:
            tokens = await client.fetch_token(
                meta["token_endpoint"],
                grant_type="authorization_code",
                code=request.query_params["code"],
                code_verifier=flow["v"],
            )
        claims = await _verified_claims(p, meta, tokens.get("id_token", ""), flow["n"])
        if "email" not in claims and meta.get("userinfo_endpoint") and tokens.get("access_token"):
            async with httpx.AsyncClient(timeout=10) as client:
                info = await client.get(
                    meta["userinfo_endpoint"],
                    headers={"Authorization": f"Bearer {tokens['access_token']}"},
                )
                if info.status_code == 200 and info.json().get("sub") == claims["sub"]:
                    claims = {**info.json(), **claims}
    except (httpx.HTTPError, JoseError, KeyError, ValueError, Exception) as error:  # noqa: BLE001
        log.warning("OIDC callback failed: %s", error)
        return to_page("/signin", "error", failed)
    return await run_in_threadpool(
        run, request, lambda call: _sign_in(call, p, claims, flow), error_page="/signin"
    )


def _sign_in(call: Call, p: OidcProvider, claims: dict[str, Any], flow: dict[str, Any]) -> Response:
    user = accounts.sign_in_with_oidc(
        call.session,
        provider=p.key,
        subject=str(claims["sub"]),
        email=claims.get("email"),
        email_verified=claims.get("email_verified") is True,
        name=str(claims.get("name") or claims.get("given_name") or ""),
        lang=call.lang,
    )
    token = accounts.create_session(call.session, user.id, call.user_agent)
    response = to_page(safe_next(flow.get("next"), "/"))
    set_session_cookie(response, token)
    clear_cookie(response, FLOW_COOKIE, path="/api/auth/oidc")
    return response


ROUTES = [
    Route("/api/auth/oidc/{key}/start", start, methods=["GET"]),
    Route("/api/auth/oidc/{key}/callback", callback, methods=["GET"]),
]
