"""/verify: anyone checks a credential, no account needed.

Three ways in: paste its JSON, upload its file (JSON or a baked PNG/SVG badge) or give
its link; `/verify?url=...` (what QR codes and e-mails open) checks on load. The answer
is a verdict in plain words and colour, then who issued what to whom and when, then each
check.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.components.component import BaseComponent

from microcred_market.ui.components.layout import page
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.pages.credentials.verify.components import result_block, verdict_words
from microcred_market.ui.pages.credentials.verify.state import VerifyState
from microcred_market.ui.state.auth import AuthState
from microcred_market.vc.verify import MAX_CREDENTIAL_BYTES

UPLOAD_ID = "credential-upload"
ACCEPT = {
    "application/json": [".json", ".jsonld"],
    "image/png": [".png"],
    "image/svg+xml": [".svg"],
}


def rejection_codes(rejected: rx.Var) -> rx.Var:
    """Only the reasons go to the server: the refused File itself would be sent too."""
    return rx.Var(
        _js_expr=f"({rejected}).flatMap((r) => (r.errors || []).map((e) => String(e.code)))",
        _var_type=list[str],
    )


def paste_form() -> rx.Component:
    tr = LangState.tr
    return rx.form(
        rx.vstack(
            rx.el.label(tr["verify_paste_label"], html_for="credential-json", class_name="sr-only"),
            rx.el.textarea(
                id="credential-json",
                name="credential",
                rows=9,
                spell_check=False,
                auto_complete="off",
                class_name="form-input",
                placeholder='{"@context": [...], "type": [...], "proof": {...}}',
                font_family="var(--code-font-family)",
                font_size="13px",
                resize="vertical",
                aria_describedby="paste-hint",
            ),
            _verify_button("shield-check", tr["verify_button"], "verify-paste"),
            spacing="2",
            width="100%",
            align="start",
        ),
        on_submit=VerifyState.verify_paste,
        width="100%",
        id="paste-form",
    )


def _verify_button(icon: str, label: Any, button_id: str, **props: Any) -> rx.Component:
    """Busy while a check runs; disabled until the app is connected (see `ready`)."""
    return rx.button(
        rx.icon(icon, aria_hidden="true"),
        label,
        type="submit",
        size="3",
        id=button_id,
        loading=VerifyState.busy,
        disabled=~VerifyState.ready,
        **props,
    )


def upload_zone() -> rx.Component:
    tr = LangState.tr
    return rx.box(upload_dropzone(tr), id="upload-zone", width="100%")


def _name_file_input(zone: BaseComponent, label: Any) -> None:
    """Give the dropzone's own `<input type="file">` a name.

    react-dropzone keeps that input out of sight but in the page (the "Choose a file"
    button and a drop both end there), so assistive technology still meets it; Reflex
    makes it without a way to pass it props.
    """
    for child in zone.children:
        if isinstance(child, rx.Component) and child.tag == "input":
            child.custom_attrs["aria-label"] = label
        else:
            _name_file_input(child, label)


def upload_dropzone(tr: Any) -> rx.Component:
    zone = _dropzone(tr)
    _name_file_input(zone, tr["verify_upload_label"])
    return zone


def _dropzone(tr: Any) -> rx.Component:
    return rx.upload(
        rx.vstack(
            rx.icon("upload", size=28, aria_hidden="true", color="var(--accent-11)"),
            rx.button(
                tr["verify_choose_file"],
                type="button",
                variant="soft",
                size="3",
                id="choose-file",
                disabled=~VerifyState.ready,
                aria_describedby="upload-hint",
            ),
            rx.text(tr["verify_drop"], size="2", color_scheme="gray"),
            align="center",
            spacing="2",
            padding="var(--space-4)",
        ),
        id=UPLOAD_ID,
        accept=ACCEPT,
        max_files=1,
        multiple=False,
        max_size=MAX_CREDENTIAL_BYTES,
        min_size=1,
        no_keyboard=True,
        on_drop=VerifyState.verify_upload(  # type: ignore[misc]  # mypy cannot solve the TypeVarTuple in rx.event(...)'s return type
            rx.upload_files_chunk(upload_id=UPLOAD_ID)
        ),
        on_drop_rejected=lambda rejected: VerifyState.upload_rejected(  # type: ignore[operator]  # mypy ignores rx.event's __new__, so a handler reads as EventNamespace
            rejection_codes(rejected)
        ),
        border="2px dashed var(--gray-a7)",
        padding="var(--space-2)",
        border_radius="var(--radius-3)",
        width="100%",
        cursor="pointer",
        drag_active_style={"border_color": "var(--accent-9)", "background": "var(--accent-a2)"},
    )


def link_form() -> rx.Component:
    tr = LangState.tr
    return rx.form(
        rx.vstack(
            rx.el.label(tr["verify_link_label"], html_for="credential-url", class_name="sr-only"),
            rx.el.input(
                id="credential-url",
                name="url",
                type="url",
                inputmode="url",
                auto_complete="off",
                default_value=VerifyState.link,
                key=VerifyState.link,
                placeholder="https://…",
                class_name="form-input",
                max_length=2000,
                aria_describedby="link-hint",
            ),
            _verify_button("link", tr["verify_link_button"], "verify-link", variant="outline"),
            spacing="2",
            width="100%",
            align="start",
        ),
        on_submit=VerifyState.verify_link_form,
        width="100%",
        id="link-form",
    )


def inputs() -> rx.Component:
    tr = LangState.tr
    return rx.grid(
        rx.card(
            rx.vstack(
                rx.heading(tr["verify_paste_label"], as_="h2", size="4"),
                rx.text(tr["verify_paste_hint"], size="2", color_scheme="gray", id="paste-hint"),
                paste_form(),
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
        rx.vstack(
            rx.card(
                rx.vstack(
                    rx.heading(tr["verify_upload_label"], as_="h2", size="4"),
                    rx.text(
                        tr["verify_upload_hint"], size="2", color_scheme="gray", id="upload-hint"
                    ),
                    upload_zone(),
                    spacing="2",
                    width="100%",
                ),
                width="100%",
            ),
            rx.card(
                rx.vstack(
                    rx.heading(tr["verify_link_label"], as_="h2", size="4"),
                    rx.text(tr["verify_link_hint"], size="2", color_scheme="gray", id="link-hint"),
                    link_form(),
                    spacing="2",
                    width="100%",
                ),
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
        columns=rx.breakpoints(initial="1", md="3fr 2fr"),
        spacing="4",
        align="start",
        width="100%",
    )


@rx.page(
    route="/verify",
    on_load=[AuthState.load, VerifyState.load],
    title=page_title("verify"),
)
def verify_page() -> rx.Component:
    tr = LangState.tr
    s = VerifyState
    return page(
        rx.vstack(
            rx.heading(tr["verify_title"], as_="h1", size=rx.breakpoints(initial="7", md="8")),
            rx.text(tr["verify_intro"], size="3", max_width="70ch"),
            # Screen readers hear "Checking…" and then the verdict, not the whole result.
            rx.el.div(
                rx.cond(s.busy, tr["verifying"], rx.cond(s.has_result, verdict_words(s), "")),
                role="status",
                aria_live="polite",
                class_name="sr-only",
                id="verify-status",
            ),
            rx.box(
                rx.cond(
                    s.busy,
                    rx.flex(
                        rx.spinner(size="3"),
                        rx.text(tr["verifying"], size="3"),
                        spacing="2",
                        align="center",
                        id="verifying",
                    ),
                ),
                rx.cond(
                    s.error != "",
                    rx.callout(
                        s.error,
                        icon="triangle-alert",
                        color_scheme="red",
                        id="verify-error",
                        role="alert",
                    ),
                ),
                rx.cond(s.has_result & ~s.busy, result_block(s)),
                id="result",
                width="100%",
                scroll_margin_top="var(--space-4)",
            ),
            inputs(),
            spacing="4",
            width="100%",
        )
    )
