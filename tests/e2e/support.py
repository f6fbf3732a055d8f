"""Constants and small helpers the browser tests share."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
SHOTS_DIR = Path(os.environ.get("E2E_SHOTS_DIR", "/tmp/e2e-shots"))
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
TIMEOUT_MS = 15_000


def shot(page: Page, name: str, full_page: bool = True) -> Path:
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    path = SHOTS_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def wait_for_results(page: Page, total: int) -> None:
    """Wait until the catalogue shows `total` results (the prerendered page says 0 until the
    server's answer arrives, so an expected total is the only reliable 'loaded' signal)."""
    expect(page.locator("#result-count")).to_have_text(str(total))
    cards = page.locator(".offering-card")
    if total == 0:
        expect(page.locator("#no-results")).to_be_visible()
    else:
        expect(cards.first).to_be_visible()


def open_catalogue(page: Page, query: str, total: int) -> None:
    page.goto(f"/catalogue{query}")
    wait_for_results(page, total)


def card_titles(page: Page) -> list[str]:
    return [t.strip() for t in page.locator(".offering-card .card-title").all_inner_texts()]


def url_pattern(*parts: str) -> re.Pattern[str]:
    """A URL regex that needs every `part` (e.g. 'q=data') in the query string."""
    return re.compile("".join(f"(?=.*[?&]{re.escape(p)}(&|$))" for p in parts))


def scroll_width(page: Page) -> int:
    return int(page.evaluate("document.scrollingElement.scrollWidth"))


def outline_style(page: Page) -> str:
    return str(page.evaluate("getComputedStyle(document.activeElement).outlineStyle"))


def eur_price(session: Any, offering_id: int, amount_minor: int = 34_900) -> int:
    """The offering's price in EUR, added if it has none yet (the browser tests share one
    database, so whichever test comes first adds it); returns the amount in minor units."""
    import sqlalchemy as sa

    from microcred_market.catalogue.models import OfferingPrice

    found = session.execute(
        sa.select(OfferingPrice.amount_minor).where(
            OfferingPrice.offering_id == offering_id, OfferingPrice.currency == "EUR"
        )
    ).scalar_one_or_none()
    if found is not None:
        return int(found)
    session.add(OfferingPrice(offering_id=offering_id, currency="EUR", amount_minor=amount_minor))
    session.flush()
    return amount_minor
