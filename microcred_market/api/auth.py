"""Form-post routes for accounts: each one changes state, then redirects to a page.

Every route commits its unit of work before it answers, and mail queued in that unit is
sent after the commit by a background task (the outbox), so a failure in the middle
leaves neither half an account nor a mail about something that did not happen.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from microcred_market.accounts import authz
from microcred_market.accounts import service as accounts
from microcred_market.api.web import (
    SESSION_COOKIE,
    clear_cookie,
    client_ip,
    current_user,
    form_post,
    json_error,
    jsonable,
    lang_of,
    principal,
    safe_next,
    say,
    set_session_cookie,
    to_page,
    with_outbox,
)
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import DomainError

RESET_COOKIE = "mc_reset"
INVITE_COOKIE = "mc_invite"


@form_post("/signup")
def signup(request: Request, form: dict[str, str]) -> Response:
    lang = form.get("lang") if form.get("lang") in ("en", "pl") else lang_of(request)
    try:
        with session_scope() as session:
            accounts.sign_up(
                session,
                email=form.get("email", ""),
                password=form.get("password", ""),
                display_name=form.get("display_name", ""),
                lang=lang or "en",
                ip=client_ip(request),
            )
    except DomainError as error:
        return to_page("/signup", "error", error.message, email=form.get("email", "")[:254])
    return with_outbox(
        to_page(
            "/signin",
            "info",
            say(
                request,
                "Check your inbox: we sent a link to confirm your address. It may take a minute.",
                "Sprawdź skrzynkę: wysłaliśmy link do potwierdzenia adresu.",
            ),
        )
    )


def verify(request: Request) -> Response:
    try:
        with session_scope() as session:
            accounts.verify_email(session, request.query_params.get("token", ""))
    except DomainError as error:
        return to_page("/signin", "error", error.message)
    return to_page(
        "/signin",
        "success",
        say(
            request,
            "Your e-mail address is confirmed. You can sign in now.",
            "Adres e-mail potwierdzony. Możesz się zalogować.",
        ),
    )


@form_post("/signin")
def signin(request: Request, form: dict[str, str]) -> Response:
    next_path = safe_next(form.get("next"), "/")
    try:
        with session_scope() as session:
            user = accounts.authenticate(
                session,
                email=form.get("email", ""),
                password=form.get("password", ""),
                ip=client_ip(request),
                lang=lang_of(request),
            )
            token = accounts.create_session(session, user.id, request.headers.get("user-agent", ""))
    except DomainError as error:
        return to_page("/signin", "error", error.message, next=next_path)
    response = to_page(next_path)
    set_session_cookie(response, token)
    response.set_cookie("lang", user.preferred_language, max_age=365 * 24 * 3600, samesite="lax")
    return response


@form_post("/")
def signout(request: Request, form: dict[str, str]) -> Response:
    with session_scope() as session:
        accounts.sign_out(session, request.cookies.get(SESSION_COOKIE))
    response = to_page("/", "info", say(request, "You are signed out.", "Wylogowano."))
    clear_cookie(response, SESSION_COOKIE)
    return response


@form_post("/account")
def signout_everywhere(request: Request, form: dict[str, str]) -> Response:
    user = current_user(request)
    if user is None:
        return to_page("/signin", next="/account")
    with session_scope() as session:
        count = accounts.sign_out_everywhere(session, user.id)
    response = to_page(
        "/signin",
        "info",
        say(
            request,
            f"Signed out of {count} session(s) on all devices.",
            f"Wylogowano z {count} sesji na wszystkich urządzeniach.",
        ),
    )
    clear_cookie(response, SESSION_COOKIE)
    return response


@form_post("/forgot-password")
def forgot(request: Request, form: dict[str, str]) -> Response:
    try:
        with session_scope() as session:
            accounts.request_password_reset(
                session, email=form.get("email", ""), ip=client_ip(request), lang=lang_of(request)
            )
    except DomainError as error:
        return to_page("/forgot-password", "error", error.message)
    return with_outbox(
        to_page(
            "/forgot-password",
            "info",
            say(
                request,
                "If that address has an account, we sent it a link to reset the password.",
                "Jeśli ten adres ma konto, wysłaliśmy na niego link do zmiany hasła.",
            ),
        )
    )


def reset_link(request: Request) -> Response:
    """The link from the mail: keep the token in an HttpOnly cookie, show the form."""
    token = request.query_params.get("token", "")
    try:
        with session_scope() as session:
            accounts.check_reset_token(session, token, lang_of(request))
    except DomainError as error:
        return to_page("/forgot-password", "error", error.message)
    response = to_page("/reset-password")
    response.set_cookie(
        RESET_COOKIE, token, max_age=3600, httponly=True, samesite="lax", path="/api/auth/reset"
    )
    return response


@form_post("/reset-password")
def reset(request: Request, form: dict[str, str]) -> Response:
    token = request.cookies.get(RESET_COOKIE, "")
    if form.get("password", "") != form.get("password_again", form.get("password", "")):
        return to_page(
            "/reset-password",
            "error",
            say(request, "The two passwords differ.", "Hasła się różnią."),
        )
    try:
        with session_scope() as session:
            accounts.reset_password(
                session, token=token, new_password=form.get("password", ""), lang=lang_of(request)
            )
    except accounts.InvalidLink as error:
        return to_page("/forgot-password", "error", error.message)
    except DomainError as error:
        return to_page("/reset-password", "error", error.message)
    response = to_page(
        "/signin",
        "success",
        say(
            request,
            "Your password is changed. Sign in with the new one.",
            "Hasło zmienione. Zaloguj się nowym hasłem.",
        ),
    )
    clear_cookie(response, RESET_COOKIE, path="/api/auth/reset")
    clear_cookie(response, SESSION_COOKIE)
    return response


@form_post("/account")
def change_password(request: Request, form: dict[str, str]) -> Response:
    user = current_user(request)
    if user is None:
        return to_page("/signin", next="/account")
    try:
        with session_scope() as session:
            accounts.change_password(
                session,
                user_id=user.id,
                current=form.get("current", ""),
                new=form.get("password", ""),
                keep_token=request.cookies.get(SESSION_COOKIE),
                lang=lang_of(request),
            )
    except DomainError as error:
        return to_page("/account", "error", error.message)
    return to_page(
        "/account",
        "success",
        say(
            request,
            "Password changed. Other devices were signed out.",
            "Hasło zmienione. Inne urządzenia zostały wylogowane.",
        ),
    )


@form_post("/account")
def change_email(request: Request, form: dict[str, str]) -> Response:
    user = current_user(request)
    if user is None:
        return to_page("/signin", next="/account")
    try:
        with session_scope() as session:
            accounts.request_email_change(
                session,
                user_id=user.id,
                password=form.get("password", ""),
                new_email=form.get("email", ""),
                lang=lang_of(request),
            )
    except DomainError as error:
        return to_page("/account", "error", error.message)
    return with_outbox(
        to_page(
            "/account",
            "info",
            say(
                request,
                "We sent a link to the new address. Your address changes when you open it.",
                "Wysłaliśmy link na nowy adres. Adres zmieni się po jego otwarciu.",
            ),
        )
    )


def confirm_email(request: Request) -> Response:
    try:
        with session_scope() as session:
            accounts.confirm_email_change(session, request.query_params.get("token", ""))
    except DomainError as error:
        return to_page("/account", "error", error.message)
    return with_outbox(
        to_page(
            "/account",
            "success",
            say(
                request, "Your new e-mail address is confirmed.", "Nowy adres e-mail potwierdzony."
            ),
        )
    )


def invitation_link(request: Request) -> Response:
    token = request.query_params.get("token", "")
    try:
        with session_scope() as session:
            accounts.invitation_for(session, token)
    except DomainError as error:
        return to_page("/", "error", error.message)
    response = to_page("/invitation")
    response.set_cookie(
        INVITE_COOKIE,
        token,
        max_age=7 * 24 * 3600,
        httponly=True,
        samesite="lax",
        path="/api/auth/invitation",
    )
    return response


@form_post("/invitation")
def accept_invitation(request: Request, form: dict[str, str]) -> Response:
    user = current_user(request)
    if user is None:
        return to_page(
            "/signin",
            "info",
            say(
                request,
                "Sign in (or sign up) to accept the invitation.",
                "Zaloguj się (lub załóż konto), aby przyjąć zaproszenie.",
            ),
            next="/invitation",
        )
    try:
        with session_scope() as session:
            slug = accounts.accept_invitation(
                session, token=request.cookies.get(INVITE_COOKIE, ""), user_id=user.id
            )
    except DomainError as error:
        return to_page("/invitation", "error", error.message)
    response = to_page(
        f"/staff/{slug}", "success", say(request, "Welcome to the team.", "Witamy w zespole.")
    )
    clear_cookie(response, INVITE_COOKIE, path="/api/auth/invitation")
    return response


# ---------------------------------------------------------------- signed-in JSON and forms


def me(request: Request) -> Response:
    user = current_user(request)
    if user is None:
        return json_error(401, "not_signed_in", "Please sign in.")
    with session_scope() as session:
        who = authz.principal_for(session, user.id)
    data = jsonable(user.__dict__)
    data.pop("id", None)
    data["roles"] = {str(k): v for k, v in who.roles.items()}
    return JSONResponse(data)


def export(request: Request) -> Response:
    user = current_user(request)
    if user is None:
        return json_error(401, "not_signed_in", "Please sign in.")
    with session_scope() as session:
        data = accounts.export_data(session, user.id)
    return JSONResponse(
        jsonable(data),
        headers={"content-disposition": 'attachment; filename="microcred-my-data.json"'},
    )


@form_post("/account")
def delete_account(request: Request, form: dict[str, str]) -> Response:
    user = current_user(request)
    if user is None:
        return to_page("/signin", next="/account")
    if form.get("confirm") != "DELETE":
        return to_page(
            "/account",
            "error",
            say(request, "Type DELETE to confirm.", "Wpisz DELETE, aby potwierdzić."),
        )
    try:
        with session_scope() as session:
            accounts.delete_account(
                session, user_id=user.id, password=form.get("password", ""), lang=lang_of(request)
            )
    except DomainError as error:
        return to_page("/account", "error", error.message)
    response = to_page(
        "/",
        "info",
        say(
            request,
            "Your account and personal data were deleted.",
            "Konto i dane osobowe zostały usunięte.",
        ),
    )
    clear_cookie(response, SESSION_COOKIE)
    return with_outbox(response)


def _university_id(slug: str) -> int | None:
    from sqlmodel import select

    from microcred_market.catalogue.models import University

    with session_scope() as session:
        uni = session.exec(select(University).where(University.slug == slug[:120])).first()
        return uni.id if uni else None


@form_post("/")
def invite(request: Request, form: dict[str, str]) -> Response:
    slug = request.path_params["slug"]
    who = principal(request)
    university_id = _university_id(slug)
    if university_id is None:
        return to_page("/", "error", "That university does not exist.")
    try:
        authz.require(who, "university.staff.invite", university_id)
        with session_scope() as session:
            accounts.invite_staff(
                session,
                inviter_id=who.user_id or 0,
                university_slug=slug,
                email=form.get("email", ""),
                role=form.get("role", ""),
                lang=lang_of(request),
            )
    except authz.NotSignedIn:
        return to_page("/signin", next=f"/staff/{slug}")
    except authz.Forbidden as error:
        return to_page("/", "error", error.message)
    except DomainError as error:
        return to_page(f"/staff/{slug}", "error", error.message)
    return with_outbox(
        to_page(
            f"/staff/{slug}", "success", say(request, "Invitation sent.", "Zaproszenie wysłane.")
        )
    )


def staff_list(request: Request) -> Response:
    slug = request.path_params["slug"]
    university_id = _university_id(slug)
    if university_id is None:
        return json_error(404, "not_found", "That university does not exist.")
    try:
        authz.require(principal(request), "university.staff.view", university_id)
    except authz.NotSignedIn as error:
        return json_error(401, error.code, error.message)
    except authz.Forbidden as error:
        return json_error(403, error.code, error.message)
    with session_scope() as session:
        return JSONResponse({"staff": accounts.staff_of(session, university_id)})


def admin_outbox(request: Request) -> Response:
    from sqlmodel import select

    from microcred_market.platform.models import OutboxMessage

    try:
        authz.require(principal(request), "admin.outbox.view")
    except authz.NotSignedIn as error:
        return json_error(401, error.code, error.message)
    except authz.Forbidden as error:
        return json_error(403, error.code, error.message)
    with session_scope() as session:
        rows = session.exec(
            select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(200)
        ).all()
        data = [
            {
                "id": str(r.uuid),
                "kind": r.kind,
                "to": r.payload.get("to"),
                "subject": r.payload.get("subject"),
                "created_at": r.created_at,
                "processed_at": r.processed_at,
                "attempts": r.attempts,
                "last_error": r.last_error,
            }
            for r in rows
        ]
    return JSONResponse(jsonable({"messages": data}))


ROUTES = [
    Route("/api/auth/signup", signup, methods=["POST"]),
    Route("/api/auth/verify", verify, methods=["GET"]),
    Route("/api/auth/signin", signin, methods=["POST"]),
    Route("/api/auth/signout", signout, methods=["POST"]),
    Route("/api/auth/signout-everywhere", signout_everywhere, methods=["POST"]),
    Route("/api/auth/forgot", forgot, methods=["POST"]),
    Route("/api/auth/reset", reset_link, methods=["GET"]),
    Route("/api/auth/reset", reset, methods=["POST"]),
    Route("/api/auth/change-password", change_password, methods=["POST"]),
    Route("/api/auth/change-email", change_email, methods=["POST"]),
    Route("/api/auth/confirm-email", confirm_email, methods=["GET"]),
    Route("/api/auth/invitation", invitation_link, methods=["GET"]),
    Route("/api/auth/invitation", accept_invitation, methods=["POST"]),
    Route("/api/me", me, methods=["GET"]),
    Route("/api/me/export", export, methods=["GET"]),
    Route("/api/me/delete", delete_account, methods=["POST"]),
    Route("/api/universities/{slug}/staff", staff_list, methods=["GET"]),
    Route("/api/universities/{slug}/invitations", invite, methods=["POST"]),
    Route("/api/admin/outbox", admin_outbox, methods=["GET"]),
]
