"""PDF documents (receipts now, certificates later) with fpdf2 and a bundled Unicode font."""

from __future__ import annotations

from dataclasses import dataclass

from fpdf import FPDF

from microcred_market.fonts import FONTS
from microcred_market.platform.i18n import table


@dataclass(frozen=True)
class ReceiptData:
    number: str
    issued_on: str
    seller_name: str
    seller_address: str
    seller_vat_id: str
    buyer_name: str
    buyer_email: str
    lines: list[tuple[str, int, str, str]]  # description, quantity, unit price, total
    discount: str | None
    total: str
    vat_note: str
    payment_note: str
    lang: str


def receipt_pdf(data: ReceiptData) -> bytes:
    t = table(data.lang, "receipt.")
    pdf = FPDF(format="A4")
    pdf.set_title(f"{t['title']} {data.number}")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 18)
    pdf.cell(0, 12, t["title"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.cell(0, 6, f"{t['number']}: {data.number}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, f"{t['date']}: {data.issued_on}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(95, 7, t["seller"])
    pdf.cell(0, 7, t["buyer"], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    seller = [data.seller_name, data.seller_address, f"{t['vat_id']}: {data.seller_vat_id or '—'}"]
    buyer = [data.buyer_name, data.buyer_email, ""]
    for left, right in zip(seller, buyer, strict=True):
        pdf.cell(95, 6, left)
        pdf.cell(0, 6, right, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 10)
    widths = (95, 15, 40, 40)
    for width, head in zip(widths, (t["item"], t["qty"], t["unit"], t["amount"]), strict=True):
        pdf.cell(width, 8, head, border="B")
    pdf.ln()
    pdf.set_font("DejaVu", "", 10)
    for description, quantity, unit, total in data.lines:
        pdf.cell(widths[0], 7, description[:60])
        pdf.cell(widths[1], 7, str(quantity))
        pdf.cell(widths[2], 7, unit)
        pdf.cell(widths[3], 7, total, new_x="LMARGIN", new_y="NEXT")
    if data.discount:
        pdf.cell(sum(widths[:3]), 7, t["discount"])
        pdf.cell(widths[3], 7, f"−{data.discount}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(sum(widths[:3]), 9, t["total"], border="T")
    pdf.cell(widths[3], 9, data.total, border="T", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 9)
    for note in (data.vat_note, data.payment_note, t["platform"]):
        pdf.multi_cell(0, 5, note, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
