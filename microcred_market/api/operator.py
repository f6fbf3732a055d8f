"""The operator console's form posts: retrying dead outbox messages, the platform fee and
vouchers. Each hands the signed-in principal to a service, which checks the one
permission table and writes the audit row; each answers with a redirect to its page and
a flash message.
"""

from __future__ import annotations

from decimal import Decimal

from starlette.responses import Response
from starlette.routing import Route

from microcred_market.accounts import console
from microcred_market.api.deps import Call, form_post, with_outbox
from microcred_market.orders import operator
from microcred_market.platform.i18n import fmt_number

OUTBOX_PAGE = "/admin/outbox"
FEES_PAGE = "/admin/fees"
VOUCHERS_PAGE = "/admin/vouchers"


@form_post(OUTBOX_PAGE)
def retry_message(call: Call) -> Response:
    console.retry_message(call.session, call.principal, str(call.path["uuid"])[:64])
    # Sent right after the answer by this process; other workers are woken by the commit.
    return with_outbox(call.to_page(OUTBOX_PAGE, "success", "api.outbox_retried"))


@form_post(FEES_PAGE)
def set_fee(call: Call) -> Response:
    """The default fee, or (with `university`) that university's own."""
    # A Polish reader writes 12,5: the same number.
    percent = call.form.get("percent", "").replace(",", ".")
    university = call.form.get("university", "")[:120]
    bp = operator.change_fee(call.session, call.principal, percent, university or None)
    fee = fmt_number(Decimal(bp) / 100, call.lang)
    return call.to_page(FEES_PAGE, "success", "api.fee_saved", fee=fee)


@form_post(FEES_PAGE)
def clear_fee(call: Call) -> Response:
    name = operator.clear_fee(call.session, call.principal, str(call.path["slug"])[:120])
    return call.to_page(FEES_PAGE, "success", "api.fee_cleared", university=name)


@form_post(VOUCHERS_PAGE)
def create_voucher(call: Call) -> Response:
    form = call.form
    voucher = operator.create_voucher_from_form(
        call.session,
        call.principal,
        code=form.get("code", ""),
        kind=form.get("kind", ""),
        value=form.get("value", ""),
        currency=form.get("currency", ""),
        max_uses=form.get("max_uses", ""),
        expires=form.get("expires", ""),
        university_slug=form.get("university", ""),
        offering_slug=form.get("offering", ""),
    )
    return call.to_page(VOUCHERS_PAGE, "success", "api.voucher_created", code=voucher.code)


@form_post(VOUCHERS_PAGE)
def disable_voucher(call: Call) -> Response:
    code = operator.disable_voucher(call.session, call.principal, str(call.path["code"])[:60])
    return call.to_page(VOUCHERS_PAGE, "success", "api.voucher_disabled", code=code)


ROUTES = [
    Route("/api/admin/outbox/{uuid}/retry", retry_message, methods=["POST"]),
    Route("/api/admin/fees", set_fee, methods=["POST"]),
    Route("/api/admin/fees/{slug}/clear", clear_fee, methods=["POST"]),
    Route("/api/admin/vouchers", create_voucher, methods=["POST"]),
    Route("/api/admin/vouchers/{code}/disable", disable_voucher, methods=["POST"]),
]
