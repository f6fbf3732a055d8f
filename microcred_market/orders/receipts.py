"""Receipts: the seller is the university; the platform only sells on its behalf."""

from __future__ import annotations

from sqlmodel import Session

from microcred_market.accounts.models import User
from microcred_market.catalogue import vocab
from microcred_market.catalogue.models import Offering, University
from microcred_market.orders.models import Order
from microcred_market.platform.i18n import fmt_date, t
from microcred_market.platform.money import format_money
from microcred_market.platform.pdf import ReceiptData, receipt_pdf


def receipt_number(order: Order) -> str:
    created = order.created_at
    return f"MC-{created:%Y%m}-{str(order.uuid)[:8].upper()}"


def receipt_for(session: Session, order: Order, lang: str = "en") -> bytes:
    offering = session.get(Offering, order.offering_id)
    university = session.get(University, order.university_id)
    buyer = session.get(User, order.user_id)
    assert offering is not None and university is not None
    country = vocab.label(vocab.COUNTRIES, university.country_code, lang)
    unit = format_money(order.unit_price_minor, order.currency, lang)
    subtotal = format_money(order.unit_price_minor * order.quantity, order.currency, lang)
    paid_on = fmt_date(order.paid_at or order.created_at, lang)
    data = ReceiptData(
        number=receipt_number(order),
        issued_on=paid_on,
        seller_name=university.name,
        seller_address=university.address or f"{university.city}, {country}",
        seller_vat_id=university.vat_id,
        buyer_name=(buyer.display_name if buyer else "") or "—",
        buyer_email=(buyer.email if buyer else "") or "",
        lines=[(offering.title, order.quantity, unit, subtotal)],
        discount=format_money(order.discount_minor, order.currency, lang)
        if order.discount_minor
        else None,
        total=format_money(order.amount_minor, order.currency, lang)
        if order.amount_minor
        else format_money(0, order.currency, lang),
        vat_note=t("receipt.vat_note", lang),
        payment_note=t(
            "receipt.payment_note",
            lang,
            order=str(order.uuid),
            provider=order.provider,
            state=order.state,
        ),
        lang=lang,
    )
    return receipt_pdf(data)
