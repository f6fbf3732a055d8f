"""What happens after an order changes: receipts, refunds through the provider, notices.

Registered as outbox handlers; each is idempotent (a refund carries the order's
idempotency key, a receipt mail sent twice is harmless and is not sent twice by the
outbox anyway).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from microcred_market.accounts.models import User
from microcred_market.catalogue.models import Offering, University
from microcred_market.orders import service as orders
from microcred_market.orders.models import Order, Voucher
from microcred_market.orders.payments.registry import provider_named
from microcred_market.platform import urls
from microcred_market.platform.db import session_scope
from microcred_market.platform.i18n import default_language, t
from microcred_market.platform.mail import queue_mail
from microcred_market.platform.money import format_money


def _context(session: Session, order: Order) -> tuple[User | None, dict[str, str], str]:
    user = session.get(User, order.user_id)
    offering = session.get(Offering, order.offering_id)
    university = session.get(University, order.university_id)
    lang = user.preferred_language if user else default_language()
    return (
        user,
        {
            "name": user.display_name if user else "",
            "title": offering.title if offering else "",
            "university": university.name if university else "",
            "amount": format_money(order.amount_minor, order.currency, lang),
            "link": urls.receipt_pdf(order.uuid),
            "learning": urls.learning_page(),
        },
        lang,
    )


def _mail(kind: str, payload: dict[str, Any]) -> None:
    with session_scope() as session:
        order = orders.order_by_uuid(session, payload["order_uuid"])
        user, context, lang = _context(session, order)
        if user is None or not user.email:
            return
        extra = ""
        if kind == "receipt" and order.kind == "seats":
            codes = session.exec(
                select(Voucher.code).where(Voucher.source_order_id == order.id)
            ).all()
            extra = "\n\n" + t("mail.receipt.seat_codes", lang) + ":\n" + "\n".join(codes)
        queue_mail(session, to=user.email, template=kind, lang=lang, extra=extra, **context)


def handle_receipt(payload: dict[str, Any]) -> None:
    _mail("receipt", payload)


def handle_refund_notice(payload: dict[str, Any]) -> None:
    _mail("refund_notice", payload)


def handle_refund(payload: dict[str, Any]) -> None:
    """Ask the provider for the money back; record `refunded` once it agrees.

    A partial refund (`amount_minor` and its own idempotency `key`) was recorded when
    staff asked for it; here only the money moves.
    """
    partial_key = payload.get("key")
    with session_scope() as session:
        order = orders.order_by_uuid(session, payload["order_uuid"])
        if order.state == "refunded" and not partial_key:
            return
        provider_name, ref = order.provider, order.provider_ref
        if partial_key:
            amount, key = int(payload["amount_minor"]), str(partial_key)
        else:
            amount, key = order.amount_minor - order.refunded_minor, f"refund-{order.uuid}"
    if provider_name not in ("none", "simulated") and ref and amount > 0:
        provider_named(provider_name).refund(ref, amount, key)  # raises: retried by the outbox
    if partial_key:
        return
    with session_scope() as session:
        order = orders.order_by_uuid(session, payload["order_uuid"])
        assert order.id is not None  # read from the database
        orders.apply_event(session, order.id, "refunded", f"refund:{provider_name}")


HANDLERS = {
    "order.receipt": handle_receipt,
    "order.refund_notice": handle_refund_notice,
    "order.refund": handle_refund,
}

__all__ = ["HANDLERS", "queue_mail"]
