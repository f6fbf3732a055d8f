"""What every HTTP route needs, resolved once per request: one unit of work, the reader.

A route gets a `Call`: the request, the one database session of this request (committed
when the route returns, rolled back when it fails), the reader's language, the form it
posted, and the signed-in user and their authz `Principal`, looked up once from the
session cookie in that same session. The route returns its answer, or raises a
`DomainError`; the decorator turns the error into the answer the client understands:

- a form post or a link from a mail gets a redirect back to a page with the error's text
  in the reader's language as a flash message (never a stack trace);
- the JSON API gets `{"error": code, "message": text}` with the status that says what
  went wrong: 400 bad input, 401 not signed in, 403 forbidden, 404 not found, 429 rate
  limited (with Retry-After).

Sign-in and every other form that carries a password, token or other secret posts to
these HTTP routes, never over the Reflex websocket: the secret then never enters a State
var or a websocket frame. The session lives in an HttpOnly cookie that the websocket
handshake carries to the backend, where `ui.state.auth` reads it.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import cached_property, wraps
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

from sqlmodel import Session
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from microcred_market.accounts import authz
from microcred_market.accounts import service as accounts
from microcred_market.platform import jsonsafe, security_headers, urls
from microcred_market.platform.cookies import SESSION_COOKIE, make_flash
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import (
    DomainError,
    InvalidInput,
    NotFound,
    TooLarge,
    Unprocessable,
)
from microcred_market.platform.i18n import from_accept_language, pick_language, t
from microcred_market.platform.outbox import process_outbox
from microcred_market.platform.ratelimit import RateLimited
from microcred_market.settings import get_settings

T = TypeVar("T")
FORM_LIMIT = 20_000


# ---------------------------------------------------------------- request facts


def _origin(url: str) -> str:
    """The origin of a Referer; "" for one that is not an address (never a 500)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def allowed_origins() -> set[str]:
    """The origins form posts and the websocket accept: the same ones the CSP names."""
    return set(security_headers.origins())


def same_origin(request: Request) -> bool:
    """CSRF defence for form posts: the browser's Origin (or Referer) must be ours."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        return origin in allowed_origins()
    referer = request.headers.get("referer")
    if not referer:
        return False
    return _origin(referer) in allowed_origins()


def lang_of(request: Request) -> str:
    """The reader's language: `?lang=` (the JSON API), else the `lang` cookie the pages set,
    else (a first visit) what the browser's `Accept-Language` prefers among ours."""
    return pick_language(
        request.query_params.get("lang")
        or request.cookies.get("lang")
        or from_accept_language(request.headers.get("accept-language"))
    )


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def safe_next(value: str | None, default: str = "/") -> str:
    """Only local paths: never an open redirect to someone else's site."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    return value[:500]


# ---------------------------------------------------------------- answers


def to_page(
    path: str, kind: str | None = None, message: str | None = None, **params: str
) -> RedirectResponse:
    query = dict(params)
    if kind and message:
        query["flash"] = make_flash(kind, message)
    target = urls.page(path)
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


def json_error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> Response:
    return json_response({"error": code, "message": message}, status, headers=headers)


def jsonable(data: Any) -> Any:
    return json.loads(json.dumps(data, default=str))


def with_outbox(response: Response) -> Response:
    """Send what the request queued (mail, refunds) right after the response goes out."""
    if get_settings().inprocess_worker:
        response.background = BackgroundTask(process_outbox)
    return response


class Answer(Exception):  # noqa: N818 (not an error: a short cut to the response)
    """Stop the route here and answer with this response; the unit of work is rolled back."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


# ---------------------------------------------------------------- the call


@dataclass
class Call:
    """One request as a route sees it; `session` is the request's only unit of work."""

    request: Request
    session: Session
    lang: str
    form: dict[str, str] = field(default_factory=dict)
    # Where a DomainError sends a form post back to, and with which query parameters.
    error_page: str = "/"
    error_params: dict[str, str] = field(default_factory=dict)
    # Error classes that go to another page than `error_page` (checked in order).
    error_pages: list[tuple[type[DomainError], str]] = field(default_factory=list)

    @property
    def path(self) -> dict[str, Any]:
        return self.request.path_params

    @property
    def query(self) -> Any:
        return self.request.query_params

    def cookie(self, name: str) -> str:
        return self.request.cookies.get(name, "")

    @property
    def ip(self) -> str:
        return client_ip(self.request)

    @property
    def user_agent(self) -> str:
        return self.request.headers.get("user-agent", "")

    @cached_property
    def user(self) -> accounts.UserView | None:
        token = self.request.cookies.get(SESSION_COOKIE)
        return accounts.user_for_token(self.session, token) if token else None

    @cached_property
    def principal(self) -> authz.Principal:
        user = self.user
        return authz.ANONYMOUS if user is None else authz.principal_for(self.session, user.id)

    def t(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    def to_page(self, path: str, kind: str, key: str, **params: Any) -> RedirectResponse:
        """A redirect to a page with a flash message from the catalogue."""
        return to_page(path, kind, self.t(key, **params))

    def signed_in(self, next: str | None = None, key: str | None = None) -> accounts.UserView:
        """The signed-in user, or an answer sending the browser to sign in first."""
        if self.user is None:
            params = {"next": next} if next else {}
            message = self.t(key) if key else None
            raise Answer(to_page("/signin", "info" if key else None, message, **params))
        return self.user

    def user_required(self) -> accounts.UserView:
        """The signed-in user, or a 401 (JSON) / a redirect to sign in (forms)."""
        if self.user is None:
            raise authz.NotSignedIn("api.not_signed_in")
        return self.user

    def require(self, action: str, university_id: int | None = None) -> authz.Principal:
        authz.require(self.principal, action, university_id)
        return self.principal


# ---------------------------------------------------------------- turning errors into answers


def json_status(error: DomainError) -> int:
    if isinstance(error, authz.NotSignedIn):
        return 401
    if isinstance(error, authz.Forbidden):
        return 403
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, RateLimited):
        return 429
    if isinstance(error, TooLarge):
        return 413
    if isinstance(error, Unprocessable):
        return 422
    if error.code == "unavailable":  # storage or another service is down: try again later
        return 503
    return 400


def json_answer(error: DomainError, lang: str) -> Response:
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, RateLimited) else None
    return json_error(json_status(error), error.code, error.text(lang), headers)


def form_answer(call: Call, error: DomainError) -> Response:
    if isinstance(error, authz.NotSignedIn):
        return to_page("/signin", next=call.error_page)
    page = next((p for kind, p in call.error_pages if isinstance(error, kind)), call.error_page)
    params = call.error_params if page == call.error_page else {}
    return to_page(page, "error", error.text(call.lang), **params)


def run(
    request: Request,
    route: Callable[[Call], Response],
    *,
    form: dict[str, str] | None = None,
    error_page: str | None = None,
) -> Response:
    """Run a route in one unit of work; with `error_page` errors redirect, else they are JSON."""
    lang = lang_of(request)
    if _has_nul(request):
        return _bad_address(lang, error_page)
    try:
        with session_scope() as session:
            call = Call(request, session, lang, form or {}, error_page or "/")
            try:
                return route(call)
            except DomainError as error:
                session.rollback()
                if error_page is None:
                    return json_answer(error, lang)
                return form_answer(call, error)
    except Answer as answer:
        return answer.response


def content_length(request: Request) -> int:
    """The declared body size; a header that is not a number counts as too large."""
    try:
        return int(request.headers.get("content-length") or 0)
    except ValueError:
        return 1 << 62


def _has_nul(request: Request) -> bool:
    """A NUL in the path: no slug or id has one, and PostgreSQL text cannot hold one.

    Query parameters are left to the route: the catalogue search drops what it cannot use.
    """
    return any("\x00" in str(v) for v in request.path_params.values())


def _bad_address(lang: str, error_page: str | None) -> Response:
    error = InvalidInput("api.bad_address")
    if error_page is None:
        return json_answer(error, lang)
    return to_page(error_page, "error", error.text(lang))


async def read_form(request: Request, limit: int = FORM_LIMIT) -> dict[str, str]:
    """The posted fields; a body too large for a form reads as empty, a broken one is a 400."""
    if content_length(request) > limit:
        return {}
    try:
        form = await request.form(max_files=0, max_fields=50)
    except Exception as error:  # a malformed multipart or urlencoded body
        raise InvalidInput("api.form_unreadable") from error
    # A NUL character can't be stored in PostgreSQL text, and no form field needs one.
    return {k: v.replace("\x00", "")[:1000] for k, v in form.items() if isinstance(v, str)}


Route = Callable[[Call], Response]
Endpoint = Callable[[Request], Awaitable[Response]]


def form_post(error_page: str) -> Callable[[Route], Endpoint]:
    """A form post: refuse cross-site posts, read the form once, errors go back to a page."""

    def decorate(route: Route) -> Endpoint:
        @wraps(route)
        async def endpoint(request: Request) -> Response:
            if not same_origin(request):
                return to_page(error_page, "error", t("api.other_site", lang_of(request)))
            try:
                form = await read_form(request)
            except InvalidInput as error:
                return to_page(error_page, "error", error.text(lang_of(request)))
            return await run_in_threadpool(run, request, route, form=form, error_page=error_page)

        return endpoint

    return decorate


def link(error_page: str) -> Callable[[Route], Endpoint]:
    """A link someone follows (from a mail, a provider): errors go to a page as a flash."""

    def decorate(route: Route) -> Endpoint:
        @wraps(route)
        async def endpoint(request: Request) -> Response:
            return await run_in_threadpool(run, request, route, error_page=error_page)

        return endpoint

    return decorate


def api(route: Route) -> Endpoint:
    """A JSON API route: errors are JSON with the status that says what went wrong."""

    @wraps(route)
    async def endpoint(request: Request) -> Response:
        return await run_in_threadpool(run, request, route)

    return endpoint


def json_body(data: bytes, max_bytes: int = FORM_LIMIT) -> Any:
    """A JSON request body within size and depth limits, or a 400/413/422 that says why."""
    try:
        return jsonsafe.loads(data, max_bytes=max_bytes)
    except jsonsafe.NotJson as error:
        raise InvalidInput("api.bad_json") from error


# More digits than any count we keep; int() of a 4,301-digit string raises in Python 3.11+.
MAX_INT_DIGITS = 9


def small_int(value: str | None) -> int | None:
    """A non-negative whole number of at most nine ASCII digits, else None."""
    if value is None or not (0 < len(value) <= MAX_INT_DIGITS) or not value.isascii():
        return None
    return int(value) if value.isdigit() else None


def int_param(value: str | None, name: str, default: int | None = None) -> int:
    """A whole-number parameter, or a 400 naming the parameter."""
    if value in (None, "") and default is not None:
        return default
    number = small_int(value)
    if number is None:
        raise InvalidInput("api.bad_parameter", name=name)
    return number


def path_number(value: str) -> int:
    """A status list's number in the path: anything else names no list, a 404."""
    number = small_int(value)
    if number is None:
        raise NotFound("api.no_such_status_list")
    return number


def json_response(
    data: Any,
    status: int = 200,
    media_type: str = "application/json",
    headers: dict[str, str] | None = None,
) -> Response:
    """JSON as UTF-8; text that cannot be UTF-8 (a lone surrogate) is written escaped."""
    try:
        body = json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")
    except UnicodeEncodeError:
        body = json.dumps(data, ensure_ascii=True, default=str).encode("ascii")
    return Response(body, status_code=status, media_type=media_type, headers=headers)
