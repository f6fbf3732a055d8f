"""Form-post routes for accounts: each one changes state, then redirects to a page.

Every route runs in one unit of work committed before it answers (see `deps`), and mail
queued in that unit is sent after the commit by a background task (the outbox), so a
failure in the middle leaves neither half an account nor a mail about something that did
not happen.
"""

from __future__ import annotations

from dataclasses import asdict

from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from microcred_market.accounts import authz
from microcred_market.accounts import queries as account_queries
from microcred_market.accounts import service as accounts
from microcred_market.api.deps import (
    Call,
    api,
    clear_cookie,
    form_post,
    jsonable,
    link,
    safe_next,
    set_session_cookie,
    to_page,
    with_outbox,
)
from microcred_market.catalogue import service as catalogue
from microcred_market.platform import queries as platform_queries
from microcred_market.platform.cookies import SESSION_COOKIE, make_invitation_note
from microcred_market.platform.errors import NotFound
from microcred_market.platform.i18n import languages

RESET_COOKIE = "mc_reset"
INVITE_COOKIE = "mc_invite"
# Where a new account goes after its address is confirmed (an invitation, a checkout):
# kept for the confirmation link, which opens in the browser that signed up.
NEXT_COOKIE = "mc_next"
YEAR = 365 * 24 * 3600


@form_post("/signup")
def signup(call: Call) -> Response:
    email = call.form.get("email", "")
    # A refused sign-up comes back with what was typed, except the password.
    call.error_params = {"email": email[:254], "name": call.form.get("display_name", "")[:200]}
    if safe_next(call.form.get("next"), ""):
        call.error_params["next"] = safe_next(call.form.get("next"))
    accounts.sign_up(
        call.session,
        email=email,
        password=call.form.get("password", ""),
        display_name=call.form.get("display_name", ""),
        lang=call.form["lang"] if call.form.get("lang") in languages() else call.lang,
        ip=call.ip,
    )
    next_path = safe_next(call.form.get("next"), "")
    if not next_path or next_path == "/":
        return with_outbox(call.to_page("/signin", "info", "api.signup_check_inbox"))
    response = to_page("/signin", "info", call.t("api.signup_check_inbox"), next=next_path)
    response.set_cookie(
        NEXT_COOKIE,
        next_path,
        max_age=2 * 24 * 3600,
        httponly=True,
        samesite="lax",
        path="/api/auth/verify",
    )
    return with_outbox(response)


@link("/signin")
def verify(call: Call) -> Response:
    accounts.verify_email(call.session, call.query.get("token", ""))
    next_path = safe_next(call.request.cookies.get(NEXT_COOKIE), "")
    if not next_path or next_path == "/":
        return call.to_page("/signin", "success", "api.email_confirmed")
    response = to_page("/signin", "success", call.t("api.email_confirmed"), next=next_path)
    clear_cookie(response, NEXT_COOKIE, path="/api/auth/verify")
    return response


@form_post("/signin")
def signin(call: Call) -> Response:
    next_path = safe_next(call.form.get("next"), "/")
    # A refused sign-in comes back with the address typed (never the password), as a
    # refused sign-up does: a mistyped password costs retyping the password only.
    call.error_params = {"next": next_path, "email": call.form.get("email", "")[:254]}
    user = accounts.authenticate(
        call.session,
        email=call.form.get("email", ""),
        password=call.form.get("password", ""),
        ip=call.ip,
    )
    token = accounts.create_session(call.session, user.id, call.user_agent)
    response = to_page(next_path)
    set_session_cookie(response, token)
    response.set_cookie("lang", user.preferred_language, max_age=YEAR, samesite="lax")
    return response


@form_post("/")
def signout(call: Call) -> Response:
    accounts.sign_out(call.session, call.request.cookies.get(SESSION_COOKIE))
    response = call.to_page("/", "info", "api.signed_out")
    clear_cookie(response, SESSION_COOKIE)
    return response


@form_post("/account")
def signout_everywhere(call: Call) -> Response:
    user = call.signed_in(next="/account")
    count = accounts.sign_out_everywhere(call.session, user.id)
    response = call.to_page("/signin", "info", "api.signed_out_everywhere", n=count)
    clear_cookie(response, SESSION_COOKIE)
    return response


@form_post("/forgot-password")
def forgot(call: Call) -> Response:
    accounts.request_password_reset(call.session, email=call.form.get("email", ""), ip=call.ip)
    return with_outbox(call.to_page("/forgot-password", "info", "api.reset_link_sent"))


@link("/forgot-password")
def reset_link(call: Call) -> Response:
    """The link from the mail: keep the token in an HttpOnly cookie, show the form."""
    token = call.query.get("token", "")
    accounts.check_reset_token(call.session, token)
    response = to_page("/reset-password")
    response.set_cookie(
        RESET_COOKIE, token, max_age=3600, httponly=True, samesite="lax", path="/api/auth/reset"
    )
    return response


@form_post("/reset-password")
def reset(call: Call) -> Response:
    password = call.form.get("password", "")
    if password != call.form.get("password_again", password):
        return call.to_page("/reset-password", "error", "api.passwords_differ")
    call.error_pages = [(accounts.InvalidLink, "/forgot-password")]
    accounts.reset_password(call.session, token=call.cookie(RESET_COOKIE), new_password=password)
    response = call.to_page("/signin", "success", "api.password_reset_done")
    clear_cookie(response, RESET_COOKIE, path="/api/auth/reset")
    clear_cookie(response, SESSION_COOKIE)
    return response


@form_post("/account")
def change_password(call: Call) -> Response:
    user = call.signed_in(next="/account")
    accounts.change_password(
        call.session,
        user_id=user.id,
        current=call.form.get("current", ""),
        new=call.form.get("password", ""),
        keep_token=call.request.cookies.get(SESSION_COOKIE),
        ip=call.ip,
    )
    return call.to_page("/account", "success", "api.password_changed")


@form_post("/account")
def change_email(call: Call) -> Response:
    user = call.signed_in(next="/account")
    accounts.request_email_change(
        call.session,
        user_id=user.id,
        password=call.form.get("password", ""),
        new_email=call.form.get("email", ""),
        ip=call.ip,
    )
    return with_outbox(call.to_page("/account", "info", "api.email_change_sent"))


@link("/account")
def confirm_email(call: Call) -> Response:
    accounts.confirm_email_change(call.session, call.query.get("token", ""))
    return with_outbox(call.to_page("/account", "success", "api.new_email_confirmed"))


@link("/")
def invitation_link(call: Call) -> Response:
    token = call.query.get("token", "")
    university, role = accounts.invitation_about(call.session, token)
    response = to_page("/invitation", about=make_invitation_note(university, role))
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
def accept_invitation(call: Call) -> Response:
    user = call.signed_in(next="/invitation", key="api.sign_in_to_accept_invitation")
    slug = accounts.accept_invitation(
        call.session, token=call.cookie(INVITE_COOKIE), user_id=user.id
    )
    response = call.to_page(f"/staff/{slug}", "success", "api.welcome_to_team")
    clear_cookie(response, INVITE_COOKIE, path="/api/auth/invitation")
    return response


# ---------------------------------------------------------------- signed-in JSON and forms


@api
def me(call: Call) -> Response:
    user = call.user_required()
    data = jsonable(user.__dict__)
    data.pop("id", None)
    data["roles"] = {str(k): v for k, v in call.principal.roles.items()}
    return JSONResponse(data)


@api
def export(call: Call) -> Response:
    data = accounts.export_data(call.session, call.user_required().id)
    return JSONResponse(
        jsonable(data),
        headers={"content-disposition": 'attachment; filename="microcred-my-data.json"'},
    )


@form_post("/account")
def delete_account(call: Call) -> Response:
    user = call.signed_in(next="/account")
    if call.form.get("confirm") != "DELETE":
        return call.to_page("/account", "error", "api.type_delete")
    accounts.delete_account(
        call.session, user_id=user.id, password=call.form.get("password", ""), ip=call.ip
    )
    response = call.to_page("/", "info", "api.account_deleted")
    clear_cookie(response, SESSION_COOKIE)
    return with_outbox(response)


def _university_id(call: Call) -> int:
    university_id = catalogue.university_id_by_slug(call.session, call.path["slug"])
    if university_id is None:
        raise NotFound("api.no_such_university")
    return university_id


def _invite(call: Call, slug: str, university_id: int, back: str) -> Response:
    """Staff and operators invite through the same permission check and the same service."""
    who = call.require("university.staff.invite", university_id)
    accounts.invite_staff(
        call.session,
        inviter_id=who.user_id or 0,
        university_slug=slug,
        email=call.form.get("email", ""),
        role=call.form.get("role", ""),
        lang=call.lang,
    )
    return with_outbox(call.to_page(back, "success", "api.invitation_sent"))


@form_post("/")
def invite(call: Call) -> Response:
    slug = call.path["slug"]
    university_id = _university_id(call)
    call.error_page = f"/staff/{slug}"
    call.error_pages = [(authz.Forbidden, "/")]
    return _invite(call, slug, university_id, back=f"/staff/{slug}")


@form_post("/admin/universities")
def admin_invite(call: Call) -> Response:
    """The operator invites a university's first owner (or anyone) from the operator area."""
    slug = call.form.get("university", "")[:120]
    university_id = catalogue.university_id_by_slug(call.session, slug)
    if university_id is None:
        raise NotFound("api.no_such_university")
    return _invite(call, slug, university_id, back="/admin/universities")


@api
def staff_list(call: Call) -> Response:
    university_id = _university_id(call)
    call.require("university.staff.view", university_id)
    staff = account_queries.staff_of(call.session, university_id)
    return JSONResponse({"staff": [asdict(member) for member in staff]})


@api
def admin_outbox(call: Call) -> Response:
    call.require("admin.outbox.view")
    messages = platform_queries.recent_outbox(call.session, 200)
    return JSONResponse(jsonable({"messages": [asdict(m) for m in messages]}))


@api
def admin_audit(call: Call) -> Response:
    call.require("admin.audit.view")
    found = account_queries.audit_log(
        call.session, account_queries.AuditFilter.from_params(call.query)
    )
    return JSONResponse(
        jsonable(
            {
                "events": [asdict(line) for line in found.lines],
                "total": found.total,
                "page": found.page,
                "pages": found.pages,
            }
        )
    )


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
    Route("/api/admin/audit", admin_audit, methods=["GET"]),
    Route("/api/admin/invitations", admin_invite, methods=["POST"]),
]
