"""The printable certificate: one A4 landscape page with every EU element in words.

Takes the plain facts of `verify.describe(credential)`, the public verify URL, which
a QR code on the page encodes, and the words for the coded facts (assessment type,
participation form, supervision, language, country) in the reader's language: the
vocabularies belong to the catalogue, which this library does not know, so the caller
looks them up (`credentials/printable.py`). The page never grows a second page: long outcome lists
shrink the type and, at the smallest size, are shortened with a pointer to the
verification page. DejaVu Sans (bundled) prints Polish and other European letters.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, cast

import segno
from babel.dates import format_date
from fpdf import FPDF
from fpdf.enums import MethodReturnValue, WrapMode

from microcred_market.fonts import FONTS

PAGE_W, PAGE_H = 297.0, 210.0
INDIGO = (49, 46, 129)
INDIGO_LIGHT = (165, 167, 235)
INK = (17, 24, 39)
MUTED = (92, 99, 112)
PT = 0.3528  # millimetres per point

# The library's own words (English); `certificate_pdf` takes the reader's from its caller.
LABELS: dict[str, str] = {
    "kicker": "MICRO-CREDENTIAL CERTIFICATE",
    "certifies": "This is to certify that",
    "completed": "has successfully completed the micro-credential",
    "issued_by": "Issued by {issuer}{country} on {date}",
    "outcomes": "Learning outcomes",
    "details": "About this micro-credential",
    "eqf": "EQF level",
    "nqf": "National framework",
    "ects": "Credits",
    "ects_value": "{ects} ECTS",
    "assessment": "Assessment",
    "participation": "Form of participation",
    "qa": "Quality assurance",
    "supervision": "Supervision and identity check",
    "grade": "Grade",
    "prerequisites": "Prerequisites",
    "part_of": "Counts toward",
    "language": "Language",
    "skills": "Skills (ESCO)",
    "scan": "Scan to verify this credential",
    "more": "… and {n} more; see the verification page for the full list.",
    "credential_id": "Credential ID",
    "footer": "Issued as a signed Open Badges 3.0 credential (W3C Verifiable Credential).",
    "doc_title": "Certificate: {title} ({learner})",
}


def qr_png(url: str, scale: int = 10) -> bytes:
    """A PNG QR code (error correction M, 2-module quiet zone) that encodes `url`."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=2, dark="#111827")
    return out.getvalue()


def _date_text(value: str, lang: str) -> str:
    if not value:
        return ""
    try:
        day: date = datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return value
    return format_date(day, "d MMMM y", locale=lang)


def _ects_text(value: Any) -> str:
    """`2.50` -> `2.5`: the number as signed, without trailing zeros."""
    text = str(value or "").strip()
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip(" ,.;:-") + "…"


def _word(facts: dict[str, Any], words: Mapping[str, str], key: str) -> str:
    """The caller's word for a coded fact, or the code itself when it gave none."""
    return words.get(key) or str(facts.get(key) or "")


def _details(
    facts: dict[str, Any], t: Mapping[str, str], words: Mapping[str, str]
) -> list[tuple[str, str]]:
    """(label, value) rows, mandatory EU elements first, optional ones only when present."""
    ects = words.get("ects") or _ects_text(facts.get("ects"))
    rows = [
        (t["eqf"], str(facts.get("eqf_level") or "—")),
        (t["nqf"], _word(facts, words, "nqf")),
        (t["ects"], t["ects_value"].format(ects=ects) if ects else "—"),
        (t["assessment"], _word(facts, words, "assessment_type")),
        (t["participation"], _word(facts, words, "participation_form")),
        (t["qa"], str(facts.get("quality_assurance") or "")),
        (t["supervision"], _word(facts, words, "supervision")),
        (t["grade"], str(facts.get("grade") or "")),
        (t["prerequisites"], _clip(facts.get("prerequisites") or "", 180)),
        (t["language"], _word(facts, words, "language")),
        (t["part_of"], "\n".join(_clip(p, 90) for p in (facts.get("part_of") or [])[:3])),
    ]
    skills = [
        s.get("label", "")
        for s in facts.get("skills") or []
        if isinstance(s, dict) and s.get("label")
    ]
    if skills:
        rows.append((t["skills"], _clip(", ".join(skills), 160)))
    mandatory = {t["eqf"], t["ects"], t["assessment"], t["participation"], t["qa"]}
    return [(k, v) for k, v in rows if v.strip() or k in mandatory]


class _Certificate(FPDF):
    def height(self, width: float, text: str, size: float, bold: bool = False) -> float:
        self.set_font("DejaVu", "B" if bold else "", size)
        # fpdf types the result as the union of every output mode; HEIGHT gives a number.
        height = cast(
            float,
            self.multi_cell(
                width,
                size * PT * 1.32,
                text,
                dry_run=True,
                output=MethodReturnValue.HEIGHT,
                wrapmode=WrapMode.WORD,
            ),
        )
        return float(height)

    def write_block(
        self,
        x: float,
        y: float,
        width: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
        colour: tuple[int, int, int] = INK,
        align: str = "L",
        wrap: WrapMode = WrapMode.WORD,
    ) -> float:
        """Write wrapped text at (x, y); return the y below it."""
        self.set_font("DejaVu", "B" if bold else "", size)
        self.set_text_color(*colour)
        self.set_xy(x, y)
        self.multi_cell(width, size * PT * 1.32, text, align=align, wrapmode=wrap)
        return self.get_y()

    def fit_size(self, text: str, width: float, start: float, least: float, bold: bool) -> float:
        size = start
        while size > least:
            self.set_font("DejaVu", "B" if bold else "", size)
            if self.get_string_width(text) <= width:
                break
            size -= 0.5
        return size


def _fit_lines(pdf: _Certificate, text: str, width: float, size: float, lines: int) -> str:
    """`text` shortened with an ellipsis until it wraps to at most `lines` lines."""
    limit = size * PT * 1.32 * lines + 0.01
    if pdf.height(width, text, size, bold=True) <= limit:
        return text
    words = text.split()
    while words and pdf.height(width, " ".join(words) + "…", size, bold=True) > limit:
        words.pop()
    return (" ".join(words).rstrip(" ,.;:-") or text[:40]) + "…"


SIZES = (10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5)
HEADING = 8.0  # millimetres taken by a column's heading


def _outcomes_layout(
    pdf: _Certificate, outcomes: list[str], width: float, room: float, more: str
) -> tuple[float, list[str]]:
    """The largest size (and the outcome texts) that fit the column in `room`."""

    def height(items: list[str], size: float) -> float:
        gap = size * PT * 0.55
        return HEADING + sum(pdf.height(width - 4.5, o, size) + gap for o in items)

    for size in SIZES:
        if height(outcomes, size) <= room:
            return size, outcomes
    size = SIZES[-1]
    items = [_clip(o, 220) for o in outcomes]
    for keep in range(len(items), -1, -1):
        shown = items[:keep]
        if keep < len(items):
            shown.append(more.format(n=len(items) - keep))
        if height(shown, size) <= room:
            return size, shown
    return size, []


def _details_size(
    pdf: _Certificate, rows: list[tuple[str, str]], label_w: float, value_w: float, room: float
) -> float:
    for size in SIZES:
        gap = size * PT * 0.55
        total = HEADING + sum(
            max(pdf.height(label_w, k, size - 0.5, bold=True), pdf.height(value_w, v, size)) + gap
            for k, v in rows
        )
        if total <= room:
            return size
    return SIZES[-1]


def certificate_pdf(
    facts: dict[str, Any],
    verify_url: str,
    lang: str = "en",
    *,
    words: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    compress: bool = True,
) -> bytes:
    """The certificate PDF for `verify.describe(credential)` facts (one A4 landscape page).

    `words` maps a coded fact (`assessment_type`, `participation_form`, `supervision`,
    `language`, `issuer_country`, and the `ects` number and `nqf` level written for the
    reader) to its text in `lang`; `labels` are the page's own words in `lang` (the keys of
    `LABELS`, whose English fills any gap). A fact without words prints as
    coded. `compress=False` leaves the page content streams readable (tests search them).
    """
    words = words or {}
    t = {**LABELS, **(labels or {})}
    learner = str(facts.get("learner_name") or "").strip() or "—"
    title = str(facts.get("title") or "").strip() or "—"
    issuer = str(facts.get("issuer_name") or "").strip()
    country = _word(facts, words, "issuer_country")

    pdf = _Certificate(orientation="L", format="A4")
    pdf.set_compression(compress)
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_title(t["doc_title"].format(title=title, learner=learner))
    pdf.set_author(issuer)
    pdf.set_subject(title)
    pdf.set_creator("microcred")
    pdf.set_lang(lang)
    pdf.add_page()

    # Frame: a firm outer rule and a fine inner one.
    pdf.set_draw_color(*INDIGO)
    pdf.set_line_width(0.9)
    pdf.rect(7, 7, PAGE_W - 14, PAGE_H - 14)
    pdf.set_draw_color(*INDIGO_LIGHT)
    pdf.set_line_width(0.25)
    pdf.rect(9.5, 9.5, PAGE_W - 19, PAGE_H - 19)
    pdf.set_fill_color(*INDIGO)
    pdf.rect(9.5, 9.5, PAGE_W - 19, 2.2, style="F")

    # Header: who earned what, from whom, when.
    pdf.set_font("DejaVu", "B", 9.5)
    pdf.set_text_color(*INDIGO)
    pdf.set_char_spacing(1.6)
    pdf.set_xy(0, 19)
    pdf.cell(PAGE_W, 6, t["kicker"], align="C")
    pdf.set_char_spacing(0)
    y = pdf.write_block(0, 28, PAGE_W, t["certifies"], 10.5, colour=MUTED, align="C")
    size = pdf.fit_size(learner, 250, 28, 16, bold=True)
    pdf.set_font("DejaVu", "B", size)
    pdf.set_text_color(*INK)
    pdf.set_xy(0, y + 1.5)
    pdf.cell(PAGE_W, size * PT * 1.25, _clip(learner, 90), align="C")
    y = pdf.write_block(
        0, y + 3 + size * PT * 1.25, PAGE_W, t["completed"], 10.5, colour=MUTED, align="C"
    )
    title_size = 18.0
    fitted = _fit_lines(pdf, title, 235, title_size, 2)
    if fitted != title:
        title_size = 15.0
        fitted = _fit_lines(pdf, title, 235, title_size, 2)
    y = pdf.write_block(31, y + 1.5, 235, fitted, title_size, bold=True, colour=INDIGO, align="C")
    issued = t["issued_by"].format(
        issuer=issuer or "—",
        country=f" ({country})" if country else "",
        date=_date_text(str(facts.get("issued") or ""), lang) or "—",
    )
    y = pdf.write_block(31, y + 1.5, 235, _clip(issued, 200), 10.5, colour=INK, align="C")

    # Rule between the header and the body.
    y += 4
    pdf.set_draw_color(*INDIGO_LIGHT)
    pdf.set_line_width(0.3)
    pdf.line(20, y, PAGE_W - 20, y)
    body_top = y + 5
    footer_top = PAGE_H - 21
    room = footer_top - 3 - body_top

    # Body: outcomes (left), the EU elements (middle), the QR code (right).
    left_x, left_w = 20.0, 118.0
    mid_x, label_w, value_w = 146.0, 33.0, 56.0
    qr_x, qr_w = 245.0, 32.0
    rows = _details(facts, t, words)
    outcomes = [str(o) for o in facts.get("learning_outcomes") or [] if str(o).strip()]
    size, outcomes = _outcomes_layout(pdf, outcomes, left_w, room, t["more"])
    detail_size = _details_size(pdf, rows, label_w, value_w, room)
    line = size * PT * 1.32
    gap = size * PT * 0.55

    for x, heading in ((left_x, t["outcomes"]), (mid_x, t["details"])):
        pdf.set_font("DejaVu", "B", 8)
        pdf.set_text_color(*INDIGO)
        pdf.set_char_spacing(0.6)
        pdf.set_xy(x, body_top)
        pdf.cell(0, 5, heading.upper())
        pdf.set_char_spacing(0)

    y = body_top + HEADING
    for outcome in outcomes:
        bullet = not outcome.startswith("…")
        if bullet:
            pdf.set_fill_color(*INDIGO)
            pdf.ellipse(left_x + 0.6, y + line / 2 - 0.75, 1.5, 1.5, style="F")
        y = (
            pdf.write_block(
                left_x + 4.5, y, left_w - 4.5, outcome, size, colour=INK if bullet else MUTED
            )
            + gap
        )

    y = body_top + HEADING
    detail_gap = detail_size * PT * 0.55
    for label, value in rows:
        pdf.write_block(mid_x, y + 0.15, label_w, label, detail_size - 0.5, bold=True, colour=MUTED)
        label_end = pdf.get_y()
        end = pdf.write_block(mid_x + label_w + 1, y, value_w, value or "—", detail_size)
        y = max(end, label_end) + detail_gap

    # QR code with the URL it encodes, printed small.
    pdf.image(io.BytesIO(qr_png(verify_url)), x=qr_x, y=body_top + 1.5, w=qr_w, h=qr_w)
    y = pdf.write_block(
        qr_x - 2,
        body_top + qr_w + 3,
        qr_w + 4,
        t["scan"],
        7.5,
        bold=True,
        colour=INDIGO,
        align="C",
    )
    url = verify_url if len(verify_url) <= 150 else verify_url[:149] + "…"
    y = pdf.write_block(
        qr_x - 2, y + 1, qr_w + 4, url, 5.5, colour=MUTED, align="C", wrap=WrapMode.CHAR
    )
    pdf.set_draw_color(*INDIGO_LIGHT)
    pdf.set_line_width(0.25)
    pdf.rect(
        qr_x - 3,
        body_top - 1,
        qr_w + 6,
        y + 2.5 - (body_top - 1),
        round_corners=True,
        corner_radius=2.5,
    )

    # Footer: the credential's identifier and what kind of document this is.
    pdf.set_draw_color(*INDIGO_LIGHT)
    pdf.line(20, footer_top, PAGE_W - 20, footer_top)
    credential_id = str(facts.get("credential_id") or "")
    if credential_id:
        pdf.write_block(
            20,
            footer_top + 2,
            150,
            f"{t['credential_id']}: {_clip(credential_id, 90)}",
            7,
            colour=MUTED,
        )
    pdf.write_block(150, footer_top + 2, PAGE_W - 170, t["footer"], 7, colour=MUTED, align="R")
    return bytes(pdf.output())
