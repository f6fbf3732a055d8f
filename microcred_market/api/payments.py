"""Buying: start a checkout, the simulated provider's outcome, refunds and receipts."""

from __future__ import annotations

import logging

from sqlmodel import select
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from microcred_market.api.web import (
    current_user,
    form_post,
    json_error,
    lang_of,
    principal,
    safe_next,
    say,
    to_page,
    with_outbox,
)
from microcred_market.catalogue.models import Offering
from microcred_market.orders import service as orders
from microcred_market.orders.models import Order, PlatformSetting
from microcred_market.orders.payments.base import CheckoutRequest, ProviderError
from microcred_market.orders.payments.registry import active_provider
from microcred_market.orders.receipts import receipt_for, receipt_number
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import DomainError, NotFound
from microcred_market.settings import get_settings

log = logging.getLogger("microcred.payments")


@form_post("/catalogue")
def start_order(request: Request, form: dict[str, str]) -> Response:
    slug = form.get("offering", "")[:120]
    back = f"/offerings/{slug}" if slug else "/catalogue"
    kind = "seats" if form.get("kind") == "seats" else "learner"
    if kind == "seats":
        back = f"/seats/{slug}"
    user = current_user(request)
    if user is None:
        return to_page(
            "/signin",
            "info",
            say(request, "Please sign in to enrol.", "Zaloguj się, aby się zapisać."),
            next=back,
        )
    try:
        quantity = int(form.get("quantity", "1") or 1)
    except ValueError:
        quantity = 0
    provider = active_provider()
    try:
        with session_scope() as session:
            new = orders.create_order(
                session,
                user_id=user.id,
                offering_slug=slug,
                provider=provider.name,
                quantity=quantity,
                kind=kind,
                voucher_code=(form.get("voucher") or "").strip() or None,
                lang=lang_of(request),
            )
            request_data = _checkout_request(
                session,
                orders.order_by_uuid(session, new.order_uuid),
                user.email,
            )
    except DomainError as error:
        return to_page(back, "error", error.message)
    if new.state != "pending":
        return with_outbox(to_page("/checkout/return", order=new.order_uuid))
    try:
        checkout = provider.create_checkout(request_data)
    except ProviderError as error:
        log.warning("checkout failed for %s: %s", new.order_uuid, error)
        with session_scope() as session:
            order = orders.order_by_uuid(session, new.order_uuid)
            orders.apply_event(session, order.id, "cancelled", "provider_error")  # type: ignore[arg-type]
        return to_page(
            back,
            "error",
            say(
                request,
                "The payment service is not answering. Nothing was charged; "
                "please try again in a moment.",
                "Serwis płatności nie odpowiada. Nic nie pobrano; spróbuj za chwilę.",
            ),
        )
    with session_scope() as session:
        orders.attach_checkout(session, new.order_uuid, checkout.ref, checkout.url)
    return RedirectResponse(checkout.url, status_code=303)


def _checkout_request(session, order: Order, email: str) -> CheckoutRequest:
    offering = session.get(Offering, order.offering_id)
    setting = session.exec(
        select(PlatformSetting).where(PlatformSetting.university_id == order.university_id)
    ).first()
    base = get_settings().public_base_url
    return CheckoutRequest(
        order_uuid=str(order.uuid),
        description=offering.title if offering else "",
        amount_minor=order.amount_minor,
        currency=order.currency,
        quantity=order.quantity,
        platform_fee_minor=order.platform_fee_minor,
        destination_account=setting.stripe_account_id if setting else None,
        customer_email=email or None,
        success_url=f"{base}/checkout/return?order={order.uuid}",
        cancel_url=f"{base}/checkout/return?order={order.uuid}&cancelled=1",
    )


@form_post("/learning")
def simulated_outcome(request: Request, form: dict[str, str]) -> Response:
    """The simulated provider's checkout page posts the outcome the person chose."""
    order_uuid = request.path_params["order"]
    user = current_user(request)
    if user is None:
        return to_page("/signin", next=f"/checkout/simulated/{order_uuid}")
    event = {"success": "paid", "decline": "failed", "cancel": "cancelled"}.get(
        form.get("outcome", "")
    )
    if event is None:
        return to_page(
            f"/checkout/simulated/{order_uuid}", "error", "Choose pay, decline or cancel."
        )
    try:
        with session_scope() as session:
            order = orders.order_by_uuid(session, order_uuid)
            if order.user_id != user.id or order.provider != "simulated":
                raise NotFound("We could not find that order.")
            orders.apply_event(session, order.id, event, "simulated")  # type: ignore[arg-type]
    except DomainError as error:
        return to_page("/learning", "error", error.message)
    return with_outbox(to_page("/checkout/return", order=order_uuid))


@form_post("/learning")
def refund(request: Request, form: dict[str, str]) -> Response:
    order_uuid = request.path_params["order"]
    back = safe_next(form.get("back"), "/learning")
    who = principal(request)
    if not who.signed_in:
        return to_page("/signin", next="/learning")
    try:
        with session_scope() as session:
            orders.request_refund(
                session,
                order_uuid=order_uuid,
                actor_user_id=who.user_id or 0,
                actor_is_admin=who.is_admin,
                actor_university_roles=who.roles,
                lang=lang_of(request),
            )
    except DomainError as error:
        return to_page(back, "error", error.message)
    return with_outbox(
        to_page(
            back,
            "success",
            say(
                request,
                "Refund requested. We will e-mail you when the money is on its way.",
                "Zlecono zwrot. Napiszemy, gdy pieniądze będą w drodze.",
            ),
        )
    )


def receipt(request: Request) -> Response:
    who = principal(request)
    if not who.signed_in:
        return json_error(401, "not_signed_in", "Please sign in.")
    try:
        with session_scope() as session:
            order = orders.order_by_uuid(session, request.path_params["order"])
            staff = who.roles.get(order.university_id) in ("owner", "editor")
            if order.user_id != who.user_id and not (who.is_admin or staff):
                raise NotFound("We could not find that order.")
            if order.state not in ("paid", "refund_requested", "refunded"):
                return json_error(409, "not_paid", "There is no receipt until the order is paid.")
            pdf = receipt_for(session, order, lang_of(request))
            number = receipt_number(order)
    except NotFound as error:
        return json_error(404, error.code, error.message)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"content-disposition": f'inline; filename="{number}.pdf"'},
    )


ROUTES = [
    Route("/api/orders", start_order, methods=["POST"]),
    Route("/api/orders/{order}/refund", refund, methods=["POST"]),
    Route("/api/orders/{order}/receipt.pdf", receipt, methods=["GET"]),
    Route("/api/payments/simulated/{order}", simulated_outcome, methods=["POST"]),
]
