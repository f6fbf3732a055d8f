"""The wallet's "from elsewhere" section: add a credential another issuer gave, see its verdict.

Adding, checking again and removing are plain form posts to `/api/wallet/external...`
(multipart for a file), never websocket events: what a learner brings may hold personal
data, so it goes from the browser to the service and never through a State. The State
keeps only what the cards show (names, dates, the verdict in words).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.credentials.external import ExternalView
from microcred_market.stacking.recognition import RequestView
from microcred_market.ui.check_words import check_message
from microcred_market.ui.components.forms import api
from microcred_market.ui.components.native_form import native_form
from microcred_market.ui.i18n import LangState, table
from microcred_market.ui.view import fmt_date
from microcred_market.vc.external import MAX_LINK_CHARS

VERDICT_COLOURS = {
    "verified": "green",
    "revoked": "red",
    "suspended": "orange",
    "expired": "amber",
    "unverifiable": "gray",
    "self_reported": "gray",
}
ACCEPT = ".json,.jsonld,.png,.svg,application/json,image/png,image/svg+xml"


def _iso(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment is not None else ""


def _decision(request: RequestView, lang: str) -> str:
    """One line per qualification asked for: "Data Stack Certificate: recognised, 2 ECTS"."""
    tr = table(lang)
    line = f"{request.qualification_title}: {tr['rq_state_' + request.state]}"
    if request.state == "accepted" and request.ects:
        line += f", {request.ects} ECTS"
    if request.state == "refused" and request.reason:
        line += f" ({request.reason})"
    return line


def external_card(
    item: ExternalView, lang: str, requests: tuple[RequestView, ...] = ()
) -> dict[str, str]:
    tr = table(lang)
    verdict = item.verdict if item.verdict in VERDICT_COLOURS else "unverifiable"
    return {
        "uuid": item.uuid,
        "title": item.achievement_name or tr.get("ext_format_" + item.format, item.format),
        "issuer": item.issuer_name or item.issuer_id,
        "format": tr.get("ext_format_" + item.format, item.format),
        "verdict": verdict,
        "label": tr["ext_label_" + verdict],
        "words": tr["ext_verdict_" + verdict],
        "colour": VERDICT_COLOURS[verdict],
        "reason": check_message(item.reason, lang) if verdict != "verified" else "",
        "ects": item.ects,
        "issued": fmt_date(_iso(item.issued_on), lang),
        "expires": fmt_date(_iso(item.expires_on), lang),
        "checked": fmt_date(_iso(item.checked_at), lang),
        "counts": tr["ext_counts"] if item.counts else tr["ext_not_counting"],
        "recheck_action": api(f"/api/wallet/external/{item.uuid}/recheck"),
        "remove_action": api(f"/api/wallet/external/{item.uuid}/remove"),
        "ask_action": api(f"/api/wallet/external/{item.uuid}/recognition"),
        "decisions": "\n".join(
            _decision(r, lang) for r in requests if r.credential_uuid == item.uuid
        ),
    }


def _fact(label: Any, value: rx.Var) -> rx.Component:
    return rx.cond(
        value != "",
        rx.text(rx.text.strong(label, ": "), value, size="2"),
    )


def _ask_form(c: ObjectVar[dict[str, str]], qualifications: rx.Var) -> rx.Component:
    """ "Ask to count toward <qualification>": a plain form post, like check again."""
    tr = LangState.tr
    select_id = "recognition-q-" + c["uuid"]
    return rx.cond(
        qualifications.length() > 0,  # type: ignore[attr-defined]
        native_form(
            rx.el.label(tr["rq_ask"], html_for=select_id, class_name="form-label"),
            rx.flex(
                rx.el.select(
                    rx.foreach(qualifications, lambda q: rx.el.option(q["title"], value=q["slug"])),
                    name="qualification",
                    id=select_id,
                    class_name="form-input",
                    max_width="100%",
                ),
                rx.button(
                    tr["rq_ask_button"],
                    type="submit",
                    size="2",
                    variant="soft",
                    class_name="recognition-ask",
                ),
                spacing="2",
                wrap="wrap",
                align="center",
            ),
            action=c["ask_action"],
            method="post",
        ),
    )


def _external_card(c: ObjectVar[dict[str, str]], qualifications: rx.Var) -> rx.Component:
    tr = LangState.tr
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.icon("badge-check", size=24, color="var(--accent-11)", aria_hidden="true"),
                rx.box(
                    rx.heading(c["title"], as_="h3", size="4", class_name="external-title"),
                    rx.text(c["issuer"], " · ", c["format"], size="2", color_scheme="gray"),
                    min_width="0",
                ),
                spacing="3",
                align="start",
            ),
            rx.flex(
                rx.badge(
                    c["label"], color_scheme=c["colour"], size="2", class_name="external-verdict"
                ),
                rx.text(c["words"], size="2", class_name="external-words"),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            _fact(tr["ext_detail"], c["reason"]),
            _fact(tr["issued_on"], c["issued"]),
            _fact(tr["ext_expires"], c["expires"]),
            _fact(tr["ext_ects"], c["ects"]),
            rx.text(c["counts"], size="2", color_scheme="gray", class_name="external-counts"),
            rx.text(tr["ext_checked"], ": ", c["checked"], size="1", color_scheme="gray"),
            rx.cond(
                c["decisions"] != "",
                rx.box(
                    rx.text.strong(tr["rq_mine"], ": "),
                    rx.el.span(c["decisions"], white_space="pre-line"),
                    class_name="external-recognition",
                ),
            ),
            _ask_form(c, qualifications),
            rx.flex(
                native_form(
                    rx.button(
                        rx.icon("refresh-cw", size=16, aria_hidden="true"),
                        tr["ext_check_again"],
                        type="submit",
                        size="2",
                        variant="soft",
                        class_name="external-recheck",
                    ),
                    action=c["recheck_action"],
                    method="post",
                ),
                native_form(
                    rx.button(
                        tr["ext_remove"],
                        type="submit",
                        size="2",
                        variant="outline",
                        color_scheme="gray",
                        class_name="external-remove",
                    ),
                    action=c["remove_action"],
                    method="post",
                ),
                spacing="2",
                wrap="wrap",
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="external-credential",
        id="external-" + c["uuid"],
    )


def _submit(label: Any, button_id: str) -> rx.Component:
    return rx.button(
        rx.icon("plus", aria_hidden="true"), label, type="submit", size="2", id=button_id
    )


def add_forms() -> rx.Component:
    """Three ways in, each its own plain form (a file needs multipart; text and link not)."""
    tr = LangState.tr
    action = api("/api/wallet/external")
    return rx.card(
        rx.vstack(
            rx.heading(tr["ext_add"], as_="h3", size="4"),
            native_form(
                rx.vstack(
                    rx.el.label(
                        tr["ext_file_label"], html_for="external-file", class_name="form-label"
                    ),
                    rx.flex(
                        rx.el.input(
                            type="file",
                            name="file",
                            accept=ACCEPT,
                            required=True,
                            id="external-file",
                            class_name="form-input",
                        ),
                        _submit(tr["ext_add_file"], "external-add-file"),
                        spacing="2",
                        wrap="wrap",
                        align="center",
                    ),
                    spacing="1",
                    width="100%",
                ),
                action=action,
                method="post",
                enc_type="multipart/form-data",
                id="external-file-form",
            ),
            native_form(
                rx.vstack(
                    rx.el.label(
                        tr["ext_text_label"], html_for="external-text", class_name="form-label"
                    ),
                    rx.el.textarea(
                        id="external-text",
                        name="text",
                        rows=4,
                        required=True,
                        spell_check=False,
                        auto_complete="off",
                        class_name="form-input",
                        font_family="var(--code-font-family)",
                        font_size="13px",
                        style={"width": "100%", "boxSizing": "border-box"},
                    ),
                    _submit(tr["ext_add_text"], "external-add-text"),
                    spacing="1",
                    width="100%",
                    align="start",
                ),
                action=action,
                method="post",
                enc_type="multipart/form-data",
                id="external-text-form",
            ),
            native_form(
                rx.vstack(
                    rx.el.label(
                        tr["ext_link_label"], html_for="external-url", class_name="form-label"
                    ),
                    rx.flex(
                        rx.el.input(
                            type="url",
                            name="url",
                            inputmode="url",
                            required=True,
                            auto_complete="off",
                            max_length=MAX_LINK_CHARS,
                            placeholder="https://…",
                            id="external-url",
                            class_name="form-input",
                            flex_grow="1",
                        ),
                        _submit(tr["ext_add_link"], "external-add-link"),
                        spacing="2",
                        wrap="wrap",
                        align="center",
                        width="100%",
                    ),
                    spacing="1",
                    width="100%",
                ),
                action=action,
                method="post",
                enc_type="multipart/form-data",
                id="external-link-form",
            ),
            spacing="4",
            width="100%",
        ),
        width="100%",
        id="external-add",
    )


def external_section(items: rx.Var, qualifications: rx.Var) -> rx.Component:
    tr = LangState.tr
    return rx.vstack(
        rx.heading(tr["ext_title"], as_="h2", size="6", id="external-title"),
        rx.text(tr["ext_intro"], size="3", max_width="70ch"),
        add_forms(),
        rx.cond(
            items.length() > 0,  # type: ignore[attr-defined]
            rx.grid(
                rx.foreach(items, lambda c: _external_card(c, qualifications)),
                columns=rx.breakpoints(initial="1", lg="2"),
                spacing="4",
                width="100%",
                id="external-list",
            ),
            rx.text(tr["ext_empty"], id="external-empty", size="2", color_scheme="gray"),
        ),
        spacing="3",
        width="100%",
    )
