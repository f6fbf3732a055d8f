""" "My progress": every qualification the learner has started or pinned as a goal, how
far each one is (a chart of ECTS earned and still needed), ECTS earned over time, and
the pin that makes a qualification a goal (catalogue cards then say what counts toward it).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.platform import i18n
from microcred_market.platform.db import Session
from microcred_market.stacking import goals
from microcred_market.stacking import service as stacking
from microcred_market.ui.components.charts import BLUE, GREY, chart_frame, numbers_table
from microcred_market.ui.components.layout import page
from microcred_market.ui.components.loading import skeleton, when_ready
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.pages.stacking.mine import counted_of, ects_bar, summary_row
from microcred_market.ui.pages.stacking.mine import plain_number as _num
from microcred_market.ui.state.auth import AuthState, Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session

SLUG_LIMIT = 120
SHORT_NAME = 28  # a bar's label on a phone


def _short(title: str) -> str:
    return title if len(title) <= SHORT_NAME else title[: SHORT_NAME - 1].rstrip() + "…"


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def dashboard(session: Session, user_id: int, lang: str) -> dict[str, Any]:
    """The page's whole view: one card and one bar per qualification, and the months."""
    cards: list[dict[str, str]] = []
    bars: list[dict[str, Any]] = []
    seen: dict[str, tuple[date, Decimal]] = {}
    for q in stacking.my_qualifications(session, user_id, lang):
        counted = counted_of(q)
        left = max(q.ects_needed - counted, Decimal(0))
        cards.append(summary_row(q, lang) | {"pinned": "yes" if q.pinned else ""})
        bars.append(
            {
                "name": _short(q.title),
                "earned": float(counted),
                "left": float(left),
                "cell_name": q.title,
                "cell_earned": _num(counted),
                "cell_left": _num(left),
            }
        )
        for cid, day, ects in q.earned:
            seen.setdefault(cid, (day, ects))
    months: list[dict[str, Any]] = []
    total = Decimal(0)
    for day, ects in sorted(seen.values()):
        total += ects
        label = _month(day)
        if months and months[-1]["month"] == label:
            months[-1] |= {"ects": float(total), "cell_ects": _num(total)}
        else:
            months.append({"month": label, "ects": float(total), "cell_ects": _num(total)})
    return {"cards": cards, "bars": bars, "months": months}


def _toggle(session: Session, user_id: int, slug: str, pin: bool) -> None:
    if pin:
        goals.pin(session, user_id, slug)
    else:
        goals.unpin(session, user_id, slug)


class ProgressDashboardState(rx.State):
    loaded: bool = False
    cards: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    bars: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    months: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    notice: str = ""

    async def _fill(self, user_id: int) -> None:
        view = await run_in_session(dashboard, user_id, await reader_lang(self))
        self.cards, self.bars, self.months = view["cards"], view["bars"], view["months"]
        self.loaded = True

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.notice = ""
        await self._fill(viewer.user_id)

    @rx.event
    @signed_in
    async def unpin(self, slug: str, *, viewer: Viewer):
        lang = await reader_lang(self)
        slug = str(slug)[:SLUG_LIMIT]
        await run_in_session(_toggle, viewer.user_id, slug, False)
        await self._fill(viewer.user_id)
        self.notice = i18n.t("stacking.page.goal_unpinned", lang)


def _card(q: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.link(q["title"], href=q["href"], weight="bold"),
                rx.cond(
                    q["pinned"] == "yes",
                    rx.badge(rx.icon("target", size=12, aria_hidden="true"), tr["q_goal"]),
                ),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            rx.text(q["ects"], size="2"),
            ects_bar(q),
            rx.cond(q["missing"] != "", rx.text(q["missing"], size="2", color_scheme="gray")),
            rx.cond(q["award"] != "", rx.badge(q["award"], color_scheme="green")),
            rx.cond(
                q["pinned"] == "yes",
                rx.button(
                    tr["q_unpin"],
                    on_click=ProgressDashboardState.unpin(q["slug"]),  # type: ignore[operator]  # mypy reads an rx.event handler as an EventNamespace
                    variant="soft",
                    size="1",
                    class_name="unpin",
                ),
            ),
            spacing="2",
            width="100%",
            min_width="0",
        ),
        width="100%",
        class_name="progress-card",
    )


def _charts() -> rx.Component:
    tr = LangState.tr
    s = ProgressDashboardState
    return rx.vstack(
        chart_frame(
            "chart-qualifications",
            "q_chart_ects",
            "q_chart_ects_text",
            rx.recharts.bar_chart(
                rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
                rx.recharts.x_axis(type_="number", allow_decimals=False),
                rx.recharts.y_axis(data_key="name", type_="category", width=130),
                rx.recharts.graphing_tooltip(),
                rx.recharts.legend(),
                rx.recharts.bar(data_key="earned", name=tr["q_earned"], fill=BLUE, stack_id="ects"),
                rx.recharts.bar(data_key="left", name=tr["q_left"], fill=GREY, stack_id="ects"),
                data=s.bars,
                layout="vertical",
            ),
            height=rx.cond(s.bars.length() > 3, 320, 200),
        ),
        numbers_table(
            "numbers-qualifications",
            [
                ("q_qualification", "cell_name"),
                ("q_earned", "cell_earned"),
                ("q_left", "cell_left"),
            ],
            s.bars,
        ),
        rx.cond(
            s.months.length() > 0,
            rx.vstack(
                chart_frame(
                    "chart-over-time",
                    "q_chart_time",
                    "q_chart_time_text",
                    rx.recharts.area_chart(
                        rx.recharts.cartesian_grid(stroke_dasharray="3 3"),
                        rx.recharts.x_axis(data_key="month"),
                        rx.recharts.y_axis(allow_decimals=False, width=40),
                        rx.recharts.graphing_tooltip(),
                        rx.recharts.area(
                            data_key="ects", name=tr["q_earned"], stroke=BLUE, fill=BLUE
                        ),
                        data=s.months,
                    ),
                ),
                numbers_table(
                    "numbers-over-time",
                    [("an_month", "month"), ("q_earned", "cell_ects")],
                    s.months,
                ),
                spacing="2",
                width="100%",
            ),
        ),
        spacing="3",
        width="100%",
    )


@rx.page(
    route="/progress",
    on_load=[AuthState.load, ProgressDashboardState.load],
    title=page_title("my-progress"),
)
def progress_page() -> rx.Component:
    tr = LangState.tr
    s = ProgressDashboardState
    return page(
        rx.vstack(
            rx.heading(tr["q_my_progress"], as_="h1", size="7"),
            rx.cond(s.notice != "", rx.callout(s.notice, role="status", id="progress-notice")),
            when_ready(
                s.loaded,
                rx.cond(
                    s.cards.length() > 0,
                    rx.vstack(
                        _charts(),
                        rx.heading(tr["q_my"], as_="h2", size="5"),
                        rx.vstack(rx.foreach(s.cards, _card), spacing="2", width="100%"),
                        spacing="4",
                        width="100%",
                        id="progress-dashboard",
                    ),
                    rx.vstack(
                        rx.text(tr["q_progress_empty"], id="progress-empty"),
                        rx.link(
                            tr["nav_qualifications"], href="/#qualifications", id="progress-find"
                        ),
                        spacing="2",
                    ),
                ),
                skeleton(lines=6),
            ),
            spacing="4",
            width="100%",
            min_width="0",
        )
    )
