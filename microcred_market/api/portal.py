"""The university portal's routes: joining the market, the university's page, payouts.

Form posts redirect to a page with a flash message (as every form here); the JSON routes
(applications for the operator, a university's payout state and statements) and the two
files (the logo, the statements as CSV) are described in `api/openapi.py`. Every route
hands the signed-in principal to a service, which checks the one permission table.
"""

from __future__ import annotations

import logging
from dataclasses import asdict
from datetime import date
from decimal import Decimal

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from microcred_market.accounts import joining
from microcred_market.api.deps import (
    Call,
    api,
    content_length,
    form_post,
    jsonable,
    lang_of,
    link,
    run,
    same_origin,
    to_page,
    with_outbox,
)
from microcred_market.orders import payouts, statements
from microcred_market.orders.payments.base import ProviderError
from microcred_market.orders.payments.registry import connect_provider
from microcred_market.platform.clock import utcnow
from microcred_market.platform.i18n import t
from microcred_market.platform.spreadsheet import Cell, csv_bytes
from microcred_market.platform.uploads import MIB

log = logging.getLogger("microcred.portal")

LOGO_FORM_LIMIT = joining.LOGO_MAX_BYTES + 64 * 1024


def _slug(call: Call) -> str:
    return str(call.path["slug"])[:120]


# ---------------------------------------------------------------- joining


@form_post("/join")
def apply(call: Call) -> Response:
    form = call.form
    call.error_params = {k: form.get(k, "")[:300] for k in ("name", "country", "website")}
    call.signed_in(next="/join")
    joining.apply(
        call.session,
        call.principal,
        name=form.get("name", ""),
        country_code=form.get("country", ""),
        city=form.get("city", ""),
        website=form.get("website", ""),
        quality_body=form.get("quality_body", ""),
        contact_name=form.get("contact_name", ""),
        contact_email=form.get("contact_email", ""),
        contact_phone=form.get("contact_phone", ""),
    )
    return call.to_page("/join", "success", "api.application_sent")


@form_post("/admin/universities")
def approve(call: Call) -> Response:
    slug = joining.approve(call.session, call.principal, str(call.path["uuid"]))
    return with_outbox(
        call.to_page("/admin/universities", "success", "api.university_approved", slug=slug)
    )


@form_post("/admin/universities")
def refuse(call: Call) -> Response:
    joining.refuse(
        call.session, call.principal, str(call.path["uuid"]), call.form.get("reason", "")
    )
    return with_outbox(call.to_page("/admin/universities", "success", "api.university_refused"))


@api
def admin_applications(call: Call) -> Response:
    found = joining.applications(call.session, call.principal)
    return JSONResponse(jsonable({"applications": [asdict(a) for a in found]}))


# ---------------------------------------------------------------- the university's page


@form_post("/")
def edit_page(call: Call) -> Response:
    slug = _slug(call)
    call.error_page = f"/staff/{slug}/university"
    joining.edit_page(
        call.session,
        call.principal,
        slug,
        description=call.form.get("description", ""),
        quality_assurance=call.form.get("quality_assurance", ""),
        website=call.form.get("website", ""),
    )
    return call.to_page(f"/staff/{slug}/university", "success", "api.university_page_saved")


async def upload_logo(request: Request) -> Response:
    """A multipart post with one `logo` file; what it is is decided by its bytes."""
    slug = str(request.path_params["slug"])[:120]
    back = f"/staff/{slug}/university"
    lang = lang_of(request)
    if not same_origin(request):
        return to_page(back, "error", t("api.other_site", lang))
    if content_length(request) > LOGO_FORM_LIMIT:
        return to_page(
            back, "error", t("error.uploads.too_large", lang, limit=joining.LOGO_MAX_BYTES // MIB)
        )
    try:
        form = await request.form(
            max_files=1, max_fields=3, max_part_size=joining.LOGO_MAX_BYTES + 1
        )
        upload = form.get("logo")
        name = "" if upload is None or isinstance(upload, str) else upload.filename or ""
        data = b"" if upload is None or isinstance(upload, str) else await upload.read()
    except Exception:  # a malformed or oversized multipart body
        return to_page(back, "error", t("api.file_unreadable", lang))

    def save(call: Call) -> Response:
        joining.set_logo(call.session, call.principal, slug, data, name)
        return call.to_page(back, "success", "api.logo_saved")

    return await run_in_threadpool(run, request, save, error_page=back)


@api
def logo(call: Call) -> Response:
    found = joining.logo(call.session, _slug(call))
    etag = f'"{found.etag}"'
    # A page links the logo with ?v=<its hash>: that address never changes content, so
    # browsers and proxies may keep it for a year; without it, an hour.
    versioned = bool(call.query.get("v"))
    headers = {
        "ETag": etag,
        "Cache-Control": "public, max-age=31536000, immutable"
        if versioned
        else "public, max-age=3600",
        "X-Content-Type-Options": "nosniff",
        "Cross-Origin-Resource-Policy": "cross-origin",
    }
    if call.request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(found.data, media_type=found.content_type, headers=headers)


# ---------------------------------------------------------------- payouts


def _onboard(call: Call, slug: str, *, open_account: bool) -> Response:
    try:
        url = payouts.start_onboarding(
            call.session, connect_provider(), call.principal, slug, open_account=open_account
        )
    except ProviderError as error:
        log.warning("onboarding link for %s failed: %s", slug, error)
        call.session.rollback()
        return call.to_page(f"/staff/{slug}/payments", "error", "api.payment_service_down")
    return RedirectResponse(url, status_code=303)


@form_post("/")
def start_onboarding(call: Call) -> Response:
    slug = _slug(call)
    call.error_page = f"/staff/{slug}/payments"
    call.signed_in(next=f"/staff/{slug}/payments")
    return _onboard(call, slug, open_account=True)


@link("/")
def refresh_onboarding(call: Call) -> Response:
    """The provider's `refresh_url`: the last link expired or was used; make a new one."""
    slug = _slug(call)
    call.error_page = f"/staff/{slug}/payments"
    call.signed_in(next=f"/staff/{slug}/payments")
    return _onboard(call, slug, open_account=False)


@form_post("/")
def simulated_switch(call: Call) -> Response:
    slug = _slug(call)
    call.error_page = f"/staff/{slug}/payments"
    payable = call.form.get("payable") == "1"
    payouts.simulated_switch(call.session, call.principal, slug, payable)
    key = "api.simulated_payable" if payable else "api.simulated_not_payable"
    return call.to_page(f"/staff/{slug}/payments", "success", key)


def _statements(call: Call) -> statements.Statements:
    return statements.statements(
        call.session, call.principal, _slug(call), connect_provider(), utcnow().date()
    )


@api
def payments(call: Call) -> Response:
    provider = connect_provider()
    state = payouts.status(call.session, call.principal, _slug(call), provider.name)
    found = _statements(call)
    return JSONResponse(
        jsonable(
            {
                "provider": state.provider,
                "started": state.started,
                "payable": state.payable,
                "charges_enabled": state.charges_enabled,
                "payouts_enabled": state.payouts_enabled,
                "details_submitted": state.details_submitted,
                "payouts_known": found.payouts_known,
                "months": [asdict(line) for line in found.lines],
            }
        )
    )


def _amount(minor: int) -> Decimal:
    """A plain number in major units (-12.50), as spreadsheets read it in any locale."""
    return (Decimal(minor) / 100).quantize(Decimal("0.01"))


@api
def statements_csv(call: Call) -> Response:
    found = _statements(call)
    header = [t(key, call.lang) for key in statements.CSV_HEADER_KEYS]
    rows: list[list[Cell]] = [
        [
            line.month,
            line.currency,
            line.sales,
            _amount(line.gross_minor),
            _amount(line.fee_minor),
            _amount(line.refunds_minor),
            _amount(line.net_minor),
            _amount(line.payouts_minor),
        ]
        for line in found.lines
    ]
    name = f"statements-{found.university}-{date.today().isoformat()}.csv"
    return Response(
        csv_bytes(header, rows),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


ROUTES = [
    Route("/api/universities/apply", apply, methods=["POST"]),
    Route("/api/universities/{slug}/logo", logo, methods=["GET"]),
    Route("/api/admin/applications", admin_applications, methods=["GET"]),
    Route("/api/admin/applications/{uuid}/approve", approve, methods=["POST"]),
    Route("/api/admin/applications/{uuid}/refuse", refuse, methods=["POST"]),
    Route("/api/staff/{slug}/university", edit_page, methods=["POST"]),
    Route("/api/staff/{slug}/university/logo", upload_logo, methods=["POST"]),
    Route("/api/staff/{slug}/payments", payments, methods=["GET"]),
    Route("/api/staff/{slug}/payments/statements.csv", statements_csv, methods=["GET"]),
    Route("/api/staff/{slug}/payments/onboarding", start_onboarding, methods=["POST"]),
    Route("/api/staff/{slug}/payments/onboarding", refresh_onboarding, methods=["GET"]),
    Route("/api/staff/{slug}/payments/simulated", simulated_switch, methods=["POST"]),
]
