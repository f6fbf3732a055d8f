""" "My qualifications" on My learning: every qualification the learner's credentials count
toward, how far they are, and what is still missing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.platform import i18n
from microcred_market.platform.db import Session
from microcred_market.stacking import service as stacking
from microcred_market.ui.i18n import LangState
from microcred_market.ui.state.auth import Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session


def plain_number(value: Decimal) -> str:
    """ECTS as the chart and its table carry them: "7.5", never "7.50" or "7.5E+0"."""
    return format(value.normalize(), "f")


def counted_of(q: stacking.QualificationSummary) -> Decimal:
    """The ECTS shown as earned: never more than the qualification needs."""
    return min(q.ects_counted, q.ects_needed) if q.ects_needed else q.ects_counted


def summary_row(q: stacking.QualificationSummary, lang: str) -> dict[str, str]:
    """One qualification as My learning and My progress list it."""
    counted = counted_of(q)
    state = q.award_state
    return {
        "slug": q.slug,
        "href": f"/qualifications/{q.slug}",
        "title": q.title,
        "ects": i18n.t(
            "stacking.page.my_line",
            lang,
            counted=plain_number(counted),
            needed=plain_number(q.ects_needed),
        ),
        "percent": str(int(100 * counted / q.ects_needed) if q.ects_needed else 100),
        "missing": "" if q.satisfied else q.missing,
        "award": i18n.t(f"stacking.page.award_{state}", lang) if state else "",
    }


def _rows(session: Session, user_id: int, lang: str) -> list[dict[str, Any]]:
    return [summary_row(q, lang) for q in stacking.my_qualifications(session, user_id, lang)]


class MyQualificationsState(rx.State):
    loaded: bool = False
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        lang = await reader_lang(self)
        self.rows = await run_in_session(_rows, viewer.user_id, lang)
        self.loaded = True


def ects_bar(q: ObjectVar[dict[str, str]]) -> rx.Component:
    """A row's share of ECTS earned as a bar. The row carries text, and `.to(int)` only
    retypes a Var (the browser would still get the string "0", which Radix draws as an
    indeterminate, part-filled bar), so the number is made in the browser."""
    share = q["percent"]
    value: rx.Var[int] = rx.Var(
        _js_expr=f"Number({share!s})", _var_type=int, _var_data=share._get_all_var_data()
    )
    return rx.progress(value=value, max=100, width="100%", aria_label=q["ects"])


def _row(q: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.link(q["title"], href=q["href"], weight="bold"),
            rx.text(q["ects"], size="2"),
            ects_bar(q),
            rx.cond(q["missing"] != "", rx.text(q["missing"], size="2", color_scheme="gray")),
            rx.cond(q["award"] != "", rx.badge(q["award"], color_scheme="green")),
            spacing="1",
            width="100%",
            min_width="0",
        ),
        width="100%",
        class_name="my-qualification",
    )


def my_qualifications_section() -> rx.Component:
    tr = LangState.tr
    s = MyQualificationsState
    return rx.cond(
        s.loaded,
        rx.vstack(
            rx.heading(tr["q_my"], as_="h2", size="5"),
            rx.link(tr["q_see_progress"], href="/progress", id="see-progress", size="2"),
            rx.cond(
                s.rows.length() > 0,
                rx.vstack(rx.foreach(s.rows, _row), spacing="2", width="100%"),
                rx.text(tr["q_my_empty"], size="2", id="my-qualifications-empty"),
            ),
            spacing="2",
            width="100%",
            id="my-qualifications",
        ),
    )
