"""Buying: start a checkout, the simulated provider's outcome, refunds and receipts."""

from __future__ import annotations

import logging

from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from microcred_market.api.deps import (
    Call,
    api,
    form_post,
    json_error,
    safe_next,
    to_page,
    with_outbox,
)
from microcred_market.orders import service as orders
from microcred_market.orders.payments import checkout
from microcred_market.orders.payments.base import ProviderError
from microcred_market.orders.payments.registry import active_provider
from microcred_market.orders.receipts import receipt_for, receipt_number

log = logging.getLogger("microcred.payments")


@form_post("/catalogue")
def start_order(call: Call) -> Response:
    slug = call.form.get("offering", "")[:120]
    kind = "seats" if call.form.get("kind") == "seats" else "learner"
    back = f"/seats/{slug}" if kind == "seats" else f"/offerings/{slug}" if slug else "/catalogue"
    call.error_page = back
    user = call.signed_in(next=back, key="api.sign_in_to_enrol")
    try:
        quantity = int(call.form.get("quantity", "1") or 1)
    except ValueError:
        quantity = 0
    provider = active_provider()
    new = orders.create_order(
        call.session,
        user_id=user.id,
        offering_slug=slug,
        provider=provider.name,
        quantity=quantity,
        kind=kind,
        voucher_code=(call.form.get("voucher") or "").strip() or None,
        cohort_uuid=(call.form.get("cohort") or "").strip()[:40] or None,
        # Only which currency: the amount is the offering's price in it, read from the
        # database (an `amount_minor` in the form is never read).
        currency=(call.form.get("currency") or "").strip()[:8] or None,
    )
    if new.state != "pending":
        return with_outbox(to_page("/checkout/return", order=new.order_uuid))
    # The order (and its held seat) is saved before the provider is asked, so a checkout
    # the provider opens always has an order here, and no lock is held over the network;
    # at once, since the seat's row lock is held until this commit.
    call.session.commit()
    request = checkout.checkout_request(call.session, new.order_uuid, user.email)
    try:
        opened = provider.create_checkout(request)
    except ProviderError as error:
        log.warning("checkout failed for %s: %s", new.order_uuid, error)
        checkout.cancel_after_provider_error(call.session, new.order_uuid)
        return call.to_page(back, "error", "api.payment_service_down")
    orders.attach_checkout(call.session, new.order_uuid, opened.ref, opened.url)
    return RedirectResponse(opened.url, status_code=303)


@form_post("/learning")
def simulated_outcome(call: Call) -> Response:
    """The simulated provider's checkout page posts the outcome the person chose."""
    order_uuid = call.path["order"]
    user = call.signed_in(next=f"/checkout/simulated/{order_uuid}")
    event = checkout.SIMULATED_OUTCOMES.get(call.form.get("outcome", ""))
    if event is None:
        return call.to_page(f"/checkout/simulated/{order_uuid}", "error", "api.choose_outcome")
    checkout.apply_simulated_outcome(
        call.session, order_uuid=order_uuid, user_id=user.id, event=event
    )
    return with_outbox(to_page("/checkout/return", order=order_uuid))


@form_post("/learning")
def refund(call: Call) -> Response:
    back = safe_next(call.form.get("back"), "/learning")
    call.error_page = back
    call.signed_in(next="/learning")
    amount = orders.refund_amount_from_text(call.form.get("amount") or "")
    orders.request_refund(
        call.session,
        order_uuid=call.path["order"],
        principal=call.principal,
        amount_minor=amount,
    )
    return with_outbox(call.to_page(back, "success", "api.refund_requested"))


@api
def receipt(call: Call) -> Response:
    call.user_required()
    order = checkout.order_for_receipt(call.session, call.path["order"], call.principal)
    if order.state not in checkout.RECEIPT_STATES:
        return json_error(409, "not_paid", call.t("api.no_receipt_yet"))
    pdf = receipt_for(call.session, order, call.lang)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="{receipt_number(order)}.pdf"'},
    )


ROUTES = [
    Route("/api/orders", start_order, methods=["POST"]),
    Route("/api/orders/{order}/refund", refund, methods=["POST"]),
    Route("/api/orders/{order}/receipt.pdf", receipt, methods=["GET"]),
    Route("/api/payments/simulated/{order}", simulated_outcome, methods=["POST"]),
]
