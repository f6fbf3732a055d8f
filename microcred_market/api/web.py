"""Plumbing shared by the form-post routes: CSRF origin check, cookies, flash messages.

Sign-in and every other form that carries a password, token or other secret posts to
these HTTP routes, never over the Reflex websocket: the secret then never enters a State
var or a websocket frame. The session lives in an HttpOnly cookie that the websocket
handshake carries to the backend, where `ui.state.auth` reads it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode, urlsplit

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from microcred_market.accounts import authz
from microcred_market.accounts import service as accounts
from microcred_market.platform.db import session_scope
from microcred_market.settings import get_settings

SESSION_COOKIE = "mc_session"
FLASH_MAX_AGE = 600


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def allowed_origins() -> set[str]:
    settings = get_settings()
    origins = {_origin(settings.public_base_url), _origin(settings.api_base_url)}
    for url in list(origins):
        # localhost and 127.0.0.1 are the same machine to a developer's browser.
        if "://localhost" in url:
            origins.add(url.replace("://localhost", "://127.0.0.1"))
        if "://127.0.0.1" in url:
            origins.add(url.replace("://127.0.0.1", "://localhost"))
    return origins


def same_origin(request: Request) -> bool:
    """CSRF defence for form posts: the browser's Origin (or Referer) must be ours."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return origin in allowed_origins()
    referer = request.headers.get("referer")
    return bool(referer) and _origin(referer) in allowed_origins()


def lang_of(request: Request) -> str:
    lang = request.cookies.get("lang") or "en"
    return lang if lang in ("en", "pl") else "en"


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(get_settings().secret_key, salt="flash")


def make_flash(kind: str, message: str) -> str:
    return _serializer().dumps({"k": kind, "m": message[:300]})


def read_flash(token: str | None) -> tuple[str, str] | None:
    """A message carried in a redirect, shown only if we signed it (no content injection)."""
    if not token or len(token) > 2000:
        return None
    try:
        data = _serializer().loads(token, max_age=FLASH_MAX_AGE)
    except BadSignature:
        return None
    return str(data.get("k", "info")), str(data.get("m", ""))


def safe_next(value: str | None, default: str = "/") -> str:
    """Only local paths: never an open redirect to someone else's site."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    return value[:500]


def to_page(
    path: str, kind: str | None = None, message: str | None = None, **params: str
) -> RedirectResponse:
    query = dict(params)
    if kind and message:
        query["flash"] = make_flash(kind, message)
    target = get_settings().public_base_url + path
    if query:
        target += ("&" if "?" in target else "?") + urlencode(query)
    return RedirectResponse(target, status_code=303)


def set_session_cookie(response: Response, token: str) -> None:
    settings = get_settings()
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=settings.session_days * 24 * 3600,
        httponly=True,
        secure=settings.secure_cookies,
        samesite="lax",
        path="/",
    )


def clear_cookie(response: Response, name: str, path: str = "/") -> None:
    response.delete_cookie(
        name, path=path, httponly=True, secure=get_settings().secure_cookies, samesite="lax"
    )


def session_token_from_cookie_header(header: str | None) -> str | None:
    if not header:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except Exception:
        return None
    morsel = jar.get(SESSION_COOKIE)
    return morsel.value if morsel else None


def current_user(request: Request) -> accounts.UserView | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    with session_scope() as session:
        return accounts.user_for_token(session, token)


def principal(request: Request) -> authz.Principal:
    user = current_user(request)
    if user is None:
        return authz.ANONYMOUS
    with session_scope() as session:
        return authz.principal_for(session, user.id)


async def form_data(request: Request, limit: int = 20_000) -> dict[str, str]:
    body_size = int(request.headers.get("content-length") or 0)
    if body_size > limit:
        return {}
    form = await request.form(max_files=0, max_fields=50)
    return {k: str(v)[:1000] for k, v in form.items() if isinstance(v, str)}


Handler = Callable[[Request], Awaitable[Response]]


def form_post(
    page_on_error: str,
) -> Callable[[Callable[[Request, dict[str, str]], Awaitable[Response]]], Handler]:
    """Wrap a form-post route: reject cross-site posts and read the form once."""

    def decorate(func: Callable[[Request, dict[str, str]], Awaitable[Response]]) -> Handler:
        async def route(request: Request) -> Response:
            if not same_origin(request):
                return to_page(
                    page_on_error,
                    "error",
                    "This form came from another site, so we ignored it. Please try again here."
                    if lang_of(request) == "en"
                    else "Formularz przyszedł z innej strony, więc go pominęliśmy. Spróbuj tutaj.",
                )
            form = await form_data(request)
            return await run_in_threadpool(func, request, form)

        route.__name__ = func.__name__
        return route

    return decorate


def json_error(status: int, code: str, message: str) -> Response:
    from starlette.responses import JSONResponse

    return JSONResponse({"error": code, "message": message}, status_code=status)


def jsonable(data: Any) -> Any:
    import json

    return json.loads(json.dumps(data, default=str))


def with_outbox(response: Response) -> Response:
    """Send what the request queued (mail, refunds) right after the response goes out."""
    from starlette.background import BackgroundTask

    from microcred_market.platform.outbox import process_outbox

    if get_settings().inprocess_worker:
        response.background = BackgroundTask(process_outbox)
    return response


def say(request: Request, en: str, pl: str) -> str:
    """A message in the reader's language."""
    return pl if lang_of(request) == "pl" else en
