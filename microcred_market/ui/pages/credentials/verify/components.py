"""How a verification looks: the verdict banner, the facts and the checks.

Shared by the verify page and the public credential page; each passes its own State,
which has the vars `present` produces.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.ui.i18n import LangState
from microcred_market.ui.pages.credentials.verify.present import VERDICTS

VERDICT_LOOK = {
    "valid": ("green", "circle-check"),
    "invalid": ("red", "circle-x"),
    "revoked": ("red", "ban"),
    "suspended": ("orange", "circle-pause"),
    "status_unknown": ("amber", "circle-help"),
    "unreadable": ("gray", "file-question"),
}


def _banner(verdict: str, s: Any) -> rx.Component:
    tr = LangState.tr
    colour, icon = VERDICT_LOOK[verdict]
    explanation = s.message if verdict == "unreadable" else tr[f"v_{verdict}_text"]
    return rx.flex(
        rx.icon(icon, size=40, color=f"var(--{colour}-11)", aria_hidden="true", flex_shrink="0"),
        rx.box(
            rx.heading(
                tr[f"v_{verdict}"],
                as_="h2",
                size=rx.breakpoints(initial="6", sm="7"),
                color=f"var(--{colour}-12)",
                id="verdict-title",
            ),
            rx.text(explanation, size="3", margin_top="var(--space-1)", id="verdict-text"),
            min_width="0",
        ),
        spacing="3",
        align="center",
        width="100%",
        padding=rx.breakpoints(initial="var(--space-3)", sm="var(--space-4)"),
        background=f"var(--{colour}-a3)",
        border=f"2px solid var(--{colour}-8)",
        border_radius="var(--radius-4)",
        id="verdict",
        custom_attrs={"data-verdict": verdict},
    )


def verdict_words(s: Any) -> rx.Var:
    tr = LangState.tr
    return rx.match(s.verdict, *[(v, tr[f"v_{v}"]) for v in VERDICTS], "")


def verdict_banner(s: Any) -> rx.Component:
    return rx.match(s.verdict, *[(v, _banner(v, s)) for v in VERDICTS], rx.fragment())


def _fact_row(fact: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.div(
        rx.el.dt(fact["k"]),
        rx.el.dd(fact["v"], id="fact-" + fact["id"], lang=fact["lang"]),
        class_name="fact-row",
    )


def _check_row(check: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.flex(
            rx.text(
                check["mark"],
                aria_hidden="true",
                weight="bold",
                size="4",
                color_scheme=check["colour"],
                width="1.5em",
                text_align="center",
                flex_shrink="0",
                class_name="check-mark",
            ),
            rx.box(
                rx.text(
                    check["label"],
                    rx.el.span(": ", check["word"], class_name="sr-only"),
                    weight="bold",
                    size="2",
                ),
                rx.text(check["message"], size="2", color_scheme="gray", lang=check["lang"]),
                min_width="0",
                overflow_wrap="anywhere",
            ),
            spacing="2",
            align="start",
        ),
        id="check-" + check["name"],
        class_name="check",
        custom_attrs={"data-status": check["status"]},
        padding_y="var(--space-2)",
        border_bottom="1px solid var(--gray-a4)",
    )


def checks_card(s: Any) -> rx.Component:
    return rx.card(
        rx.heading(LangState.tr["checks"], as_="h2", size="4", margin_bottom="var(--space-2)"),
        rx.el.ul(
            rx.foreach(s.checks, _check_row),
            id="checks",
            list_style="none",
            padding="0",
            margin="0",
        ),
        width="100%",
    )


def facts_section(s: Any, show_title: bool = True) -> rx.Component:
    tr = LangState.tr
    sub = "h3"
    title = rx.heading(s.title, as_="h3", size="6", lang=s.content_lang, id="credential-title")
    return rx.vstack(
        rx.heading(tr["who_what"], as_="h2", size="3", color_scheme="gray", weight="medium"),
        *([title] if show_title else []),
        rx.cond(s.sentence != "", rx.text(s.sentence, size="3", id="credential-sentence")),
        rx.cond(
            s.description != "",
            rx.text(s.description, size="2", color_scheme="gray", lang=s.content_lang),
        ),
        rx.el.dl(rx.foreach(s.facts, _fact_row), class_name="facts", id="facts", width="100%"),
        rx.cond(
            s.outcomes.length() > 0,
            rx.box(
                rx.heading(tr["cf_outcomes"], as_=sub, size="4", margin_bottom="var(--space-2)"),
                rx.el.ul(
                    rx.foreach(s.outcomes, lambda o: rx.el.li(o)),
                    class_name="outcomes",
                    id="outcomes",
                    lang=s.content_lang,
                ),
                width="100%",
            ),
        ),
        rx.cond(
            s.skills.length() > 0,
            rx.box(
                rx.heading(tr["cf_skills"], as_=sub, size="4", margin_bottom="var(--space-2)"),
                rx.flex(
                    rx.foreach(
                        s.skills,
                        lambda k: rx.cond(
                            k["url"] != "",
                            rx.link(
                                rx.badge(k["label"], variant="soft", size="2"),
                                href=k["url"],
                                is_external=True,
                            ),
                            rx.badge(k["label"], variant="soft", size="2"),
                        ),
                    ),
                    wrap="wrap",
                    spacing="2",
                    id="skills",
                ),
                width="100%",
            ),
        ),
        rx.cond(
            s.part_of.length() > 0,
            rx.box(
                rx.heading(tr["cf_part_of"], as_=sub, size="4", margin_bottom="var(--space-2)"),
                rx.el.ul(
                    rx.foreach(
                        s.part_of,
                        lambda q: rx.el.li(
                            rx.cond(
                                q["href"] != "",
                                rx.link(q["title"], href=q["href"]),
                                rx.text(q["title"], as_="span"),
                            ),
                        ),
                    ),
                    class_name="outcomes",
                    id="part-of",
                ),
                width="100%",
            ),
        ),
        rx.cond(
            s.parts.length() > 0,
            rx.box(
                rx.heading(tr["cf_parts"], as_=sub, size="4", margin_bottom="var(--space-2)"),
                rx.el.ul(
                    rx.foreach(s.parts, _part_row),
                    class_name="outcomes",
                    id="parts",
                ),
                width="100%",
            ),
        ),
        spacing="3",
        align="start",
        width="100%",
        min_width="0",
    )


def _part_row(part: ObjectVar[dict[str, str]]) -> rx.Component:
    """One part of a stacked qualification and whether it still holds."""
    return rx.el.li(
        rx.text(part["name"], as_="span", weight="medium"),
        " · ",
        rx.text(part["ects"], as_="span"),
        " ",
        rx.badge(
            part["word"], color_scheme=part["colour"], variant="soft", class_name="part-state"
        ),
        rx.text(part["issuer"], size="1", color_scheme="gray", overflow_wrap="anywhere"),
        class_name="part",
        custom_attrs={"data-state": part["state"]},
    )


def _unverified_note() -> rx.Component:
    tr = LangState.tr
    return rx.callout(
        rx.text(rx.el.strong(tr["unverified_facts_title"]), " ", tr["unverified_facts_text"]),
        icon="triangle-alert",
        color_scheme="red",
        variant="outline",
        id="unverified-note",
        width="100%",
    )


def result_block(s: Any, show_title: bool = True) -> rx.Component:
    """Verdict, facts and checks of a state holding `present(...)`'s keys.

    Facts the issuer did not sign (a tampered or forged credential) are marked as the
    file's claims, greyed and struck through, and on a phone the checks come first.
    """
    return rx.vstack(
        verdict_banner(s),
        rx.cond(
            s.has_facts,
            rx.grid(
                rx.box(
                    rx.cond(~s.facts_verified, _unverified_note()),
                    facts_section(s, show_title),
                    class_name=rx.cond(s.facts_verified, "facts-block", "facts-block unverified"),
                    id="facts-block",
                    custom_attrs={
                        "data-verified": rx.cond(s.facts_verified, "true", "false"),
                    },
                    width="100%",
                    min_width="0",
                ),
                rx.box(checks_card(s), class_name="checks-block", width="100%"),
                columns=rx.breakpoints(initial="1", md="3fr 2fr"),
                align="start",
                spacing="5",
                width="100%",
                class_name=rx.cond(s.facts_verified, "result-grid", "result-grid unverified"),
            ),
            rx.cond(s.checks.length() > 0, checks_card(s)),
        ),
        spacing="4",
        width="100%",
    )
