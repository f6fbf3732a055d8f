"""The offering page names its ESCO skills in the reader's language."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue.search_query import parse_query
from microcred_market.platform.db import session_scope
from microcred_market.ui.pages.catalogue.offering import show_offering

pytestmark = pytest.mark.catalogue


@pytest.mark.parametrize(("lang", "solar"), [("pl", "energia słoneczna"), ("en", "solar energy")])
def test_the_offering_page_shows_skills_in_the_readers_language(
    demo_url: str, lang: str, solar: str
) -> None:
    with session_scope(demo_url) as session:
        slug = next(
            i.slug for i in catalogue.search(session, parse_query({"q": "solar energy"})).items
        )
        detail = catalogue.offering_detail(session, slug)
    assert any(s["label"] == "solar energy" for s in detail.esco_skills)  # as stored
    page = SimpleNamespace()
    show_offering(page, detail, lang)  # type: ignore[arg-type]
    labels = [s["label"] for s in page.skills]
    assert solar in labels
    assert len(labels) == len(detail.esco_skills)
