"""The session cookie's name and the signed flash messages, shared by the API and the pages.

Both the HTTP routes (which set the cookie and put a flash message in a redirect) and the
pages (which read the cookie from the websocket handshake and show the message) need these;
they are plain string and signature functions so neither entry point imports the other.
"""

from __future__ import annotations

from http.cookies import CookieError, SimpleCookie

from itsdangerous import BadSignature, URLSafeTimedSerializer

from microcred_market.settings import get_settings

SESSION_COOKIE = "mc_session"
FLASH_MAX_AGE = 600


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


INVITATION_NOTE_MAX_AGE = 7 * 24 * 3600


def make_invitation_note(university: str, role: str) -> str:
    """What the invitation page may say about the invitation: the university and the role.

    The token itself stays in an HttpOnly cookie the page cannot read; this signed note
    rides in the page's address instead, so nobody can make the page announce an
    invitation we never sent.
    """
    return URLSafeTimedSerializer(get_settings().secret_key, salt="invitation").dumps(
        {"u": university[:200], "r": role[:20]}
    )


def read_invitation_note(token: str | None) -> tuple[str, str] | None:
    if not token or len(token) > 2000:
        return None
    serializer = URLSafeTimedSerializer(get_settings().secret_key, salt="invitation")
    try:
        data = serializer.loads(token, max_age=INVITATION_NOTE_MAX_AGE)
    except BadSignature:
        return None
    return str(data.get("u", "")), str(data.get("r", ""))


def session_token_from_cookie_header(header: str | None) -> str | None:
    """The session token in a raw `Cookie` header (the websocket handshake has no parser)."""
    if not header:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return None
    morsel = jar.get(SESSION_COOKIE)
    return morsel.value if morsel else None
