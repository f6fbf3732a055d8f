"""On a qualification's page: its rule in words for everyone and, for a signed-in learner,
how far they are (ECTS bar, the tree with ticks, which credential counts where) and the
cheapest and soonest ways to finish."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.platform import i18n
from microcred_market.platform.db import Session
from microcred_market.platform.errors import DomainError
from microcred_market.stacking import goals
from microcred_market.stacking import service as stacking
from microcred_market.ui.i18n import LangState
from microcred_market.ui.pages.stacking.view import progress_view, rule_lines
from microcred_market.ui.state.auth import Viewer, maybe_signed_in
from microcred_market.ui.state.auth import signed_in as needs_sign_in  # `signed_in` is a var here
from microcred_market.ui.state.base import reader_lang, run_in_session
from microcred_market.ui.state.goal_marks import GoalMarksState


def _load(session: Session, slug: str, user_id: int | None, lang: str) -> dict[str, Any]:
    public = stacking.public_rule(session, slug)
    if public is None:
        return {"has_rule": False}
    facts = [i18n.t("stacking.page.awarded_by", lang, university=public.university_name)]
    if public.prk_level:
        facts.append(i18n.t("stacking.page.prk", lang, level=public.prk_level))
    if public.zsk_code:
        facts.append(i18n.t("stacking.page.zsk", lang, code=public.zsk_code))
    if public.partial:
        facts.append(i18n.t("stacking.page.partial", lang))
    view: dict[str, Any] = {
        "has_rule": True,
        "rule_lines": rule_lines(public.rule, lang, public.titles),
        "rule_facts": " · ".join(facts),
        "signed_in": user_id is not None,
    }
    if user_id is not None:
        view["pinned"] = goals.is_pinned(session, user_id, slug)
        answer = stacking.learner_progress(session, user_id, slug)
        if answer is not None:
            view |= progress_view(answer, lang)
    return view


def _set_goal(session: Session, user_id: int, slug: str, pin: bool) -> None:
    if pin:
        goals.pin(session, user_id, slug)
    else:
        goals.unpin(session, user_id, slug)


class QualificationProgressState(rx.State):
    has_rule: bool = False
    rule_lines: list[dict[str, str]] = []
    rule_facts: str = ""
    signed_in: bool = False
    progress_loaded: bool = False
    satisfied: bool = False
    ects_text: str = ""
    ects_percent: int = 0
    missing: str = ""
    nodes: list[dict[str, str]] = []
    cheapest: list[dict[str, str]] = []
    cheapest_total: str = ""
    soonest: list[dict[str, str]] = []
    soonest_total: str = ""
    no_way: bool = False
    award_text: str = ""
    award_href: str = ""
    pinned: bool = False
    goal_notice: str = ""

    @rx.event
    @maybe_signed_in
    async def load(self, *, viewer: Viewer | None):
        self.reset()
        slug = str(self.router.page.params.get("slug", ""))[:120]
        lang = await reader_lang(self)
        try:
            view = await run_in_session(_load, slug, viewer.user_id if viewer else None, lang)
        except DomainError:
            view = {"has_rule": False}
        for key, value in view.items():
            setattr(self, key, value)

    @rx.event
    @needs_sign_in
    async def toggle_goal(self, *, viewer: Viewer):
        """Pin this qualification as a goal, or unpin it; the slug is the page's own."""
        slug = str(self.router.page.params.get("slug", ""))[:120]
        lang = await reader_lang(self)
        pin = not self.pinned
        try:
            await run_in_session(_set_goal, viewer.user_id, slug, pin)
        except DomainError as error:
            self.goal_notice = error.text(lang)
            return
        self.pinned = pin
        self.goal_notice = i18n.t(
            "stacking.page.goal_pinned" if pin else "stacking.page.goal_unpinned", lang
        )
        return GoalMarksState.load  # this page's cards say it at once


def _rule_line(line: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(line["text"], padding_left=line["pad"])


def _node(node: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.flex(
            rx.text(
                node["mark"],
                aria_hidden="true",
                weight="bold",
                color_scheme=rx.cond(node["done"] == "yes", "green", "gray"),
                width="1.25em",
                flex_shrink="0",
            ),
            rx.box(
                rx.text(
                    node["text"],
                    rx.el.span(" (", node["word"], ")", class_name="sr-only"),
                    " ",
                    rx.text(node["detail"], as_="span", color_scheme="gray", size="2"),
                    size="2",
                ),
                rx.cond(
                    node["counted"] != "",
                    rx.text(node["counted"], size="1", color_scheme="green"),
                ),
                min_width="0",
                overflow_wrap="anywhere",
            ),
            spacing="1",
            align="start",
        ),
        padding_left=node["pad"],
        class_name="progress-node",
        custom_attrs={"data-done": node["done"]},
    )


def _way(title_key: str, rows: Any, total: Any, way_id: str) -> rx.Component:
    tr = LangState.tr
    return rx.cond(
        rows.length() > 0,
        rx.box(
            rx.heading(tr[title_key], as_="h4", size="3"),
            rx.el.ul(
                rx.foreach(
                    rows,
                    lambda o: rx.el.li(
                        rx.link(o["title"], href=o["href"]),
                        rx.text(
                            o["ects"],
                            " ECTS · ",
                            o["price"],
                            " · ",
                            o["when"],
                            " · ",
                            o["seats"],
                            size="1",
                            color_scheme="gray",
                        ),
                    ),
                ),
                class_name="outcomes",
            ),
            rx.text(total, size="2", weight="medium"),
            id=way_id,
            width="100%",
            min_width="0",
        ),
    )


def progress_section() -> rx.Component:
    """The rule and, once loaded for a signed-in learner, their progress."""
    tr = LangState.tr
    s = QualificationProgressState
    progress = rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(tr["q_your_progress"], as_="h3", size="5"),
                rx.button(
                    rx.icon("target", size=14, aria_hidden="true"),
                    rx.cond(s.pinned, tr["q_unpin"], tr["q_pin"]),
                    on_click=QualificationProgressState.toggle_goal,
                    variant=rx.cond(s.pinned, "soft", "solid"),
                    size="2",
                    id="goal-toggle",
                    aria_pressed=rx.cond(s.pinned, "true", "false"),
                ),
                justify="between",
                align="center",
                wrap="wrap",
                gap="2",
                width="100%",
            ),
            rx.cond(
                s.goal_notice != "",
                rx.text(
                    s.goal_notice,
                    " ",
                    rx.link(tr["q_my_progress"], href="/progress"),
                    role="status",
                    size="2",
                    id="goal-notice",
                ),
            ),
            rx.text(s.ects_text, id="progress-ects", weight="medium"),
            rx.progress(value=s.ects_percent, max=100, width="100%", aria_label=s.ects_text),
            rx.cond(
                s.satisfied,
                rx.text(tr["q_done"], id="progress-done", color_scheme="green"),
                rx.text(s.missing, id="progress-missing"),
            ),
            rx.cond(s.award_text != "", rx.link(s.award_text, href=s.award_href, id="award")),
            rx.el.ul(rx.foreach(s.nodes, _node), class_name="outcomes", id="progress-tree"),
            rx.cond(
                ~s.satisfied,
                rx.vstack(
                    _way("q_cheapest", s.cheapest, s.cheapest_total, "way-cheapest"),
                    _way("q_soonest", s.soonest, s.soonest_total, "way-soonest"),
                    rx.cond(s.no_way, rx.text(tr["q_no_way"], id="no-way")),
                    spacing="3",
                    width="100%",
                ),
            ),
            spacing="2",
            width="100%",
            min_width="0",
        ),
        width="100%",
        id="qualification-progress",
    )
    return rx.cond(
        s.has_rule,
        rx.vstack(
            rx.heading(tr["q_rules"], as_="h2", size="5"),
            rx.cond(s.rule_facts != "", rx.text(s.rule_facts, size="2", id="rule-facts")),
            rx.el.ul(rx.foreach(s.rule_lines, _rule_line), class_name="outcomes", id="rule-words"),
            rx.cond(
                s.progress_loaded,
                progress,
                rx.cond(~s.signed_in, rx.text(tr["q_sign_in_progress"], size="2")),
            ),
            spacing="2",
            width="100%",
            min_width="0",
        ),
    )
