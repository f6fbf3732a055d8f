"""What the buying routes ask of orders beyond the service: the provider's checkout request,
the simulated provider's outcome, and who may see a receipt.

These hold the rules (whose order it is, which provider made it, who counts as staff), so
the HTTP routes only read the request and answer.
"""

from __future__ import annotations

from sqlmodel import Session

from microcred_market.accounts import authz
from microcred_market.accounts.authz import Principal
from microcred_market.catalogue.models import Offering
from microcred_market.orders import payouts
from microcred_market.orders import service as orders
from microcred_market.orders.models import Order
from microcred_market.orders.payments.base import CheckoutRequest
from microcred_market.platform import urls
from microcred_market.platform.errors import NotFound

SIMULATED_OUTCOMES = {"success": "paid", "decline": "failed", "cancel": "cancelled"}
RECEIPT_STATES = ("paid", "refund_requested", "refunded")


def checkout_request(session: Session, order_uuid: str, email: str) -> CheckoutRequest:
    order = orders.order_by_uuid(session, order_uuid)
    offering = session.get(Offering, order.offering_id)
    return CheckoutRequest(
        order_uuid=str(order.uuid),
        description=offering.title if offering else "",
        amount_minor=order.amount_minor,
        currency=order.currency,
        quantity=order.quantity,
        platform_fee_minor=order.platform_fee_minor,
        destination_account=payouts.destination_account(
            session, order.university_id, order.provider
        ),
        customer_email=email or None,
        success_url=urls.checkout_return(order.uuid),
        cancel_url=urls.checkout_return(order.uuid, cancelled=True),
    )


def cancel_after_provider_error(session: Session, order_uuid: str) -> None:
    """The provider refused to open a checkout: nothing was charged, give the seat back."""
    order = orders.order_by_uuid(session, order_uuid)
    assert order.id is not None  # read from the database
    orders.apply_event(session, order.id, "cancelled", "provider_error")


def apply_simulated_outcome(session: Session, *, order_uuid: str, user_id: int, event: str) -> None:
    """Only the buyer, and only for an order the simulated provider handles."""
    order = orders.order_by_uuid(session, order_uuid)
    if order.user_id != user_id or order.provider != "simulated":
        raise NotFound("api.order_not_found")
    assert order.id is not None  # read from the database
    orders.apply_event(session, order.id, event, "simulated")


def order_for_receipt(session: Session, order_uuid: str, who: Principal) -> Order:
    """The buyer, an operator and the university's owners and editors may see a receipt."""
    order = orders.order_by_uuid(session, order_uuid)
    if not authz.may_see_order(who, order.university_id, order.user_id):
        raise NotFound("api.order_not_found")
    return order
