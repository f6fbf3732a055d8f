"""Plain HTML forms that post to the backend's HTTP routes (never over the websocket)."""

from __future__ import annotations

import reflex as rx

from microcred_market.platform import urls
from microcred_market.platform.page_marks import HYDRATE_AT_ONCE
from microcred_market.ui.components.native_form import native_form
from microcred_market.ui.i18n import LangState
from microcred_market.ui.state.auth import AuthState


def api(path: str) -> str:
    """Absolute address of a backend route, baked into the page at build time (no secret).

    Reflex's own `api_url` is the address the browser already uses for the websocket, so
    forms post to the same backend whatever port or host it runs on.
    """
    base = rx.config.get_config().api_url or urls.api_base()
    return f"{base.rstrip('/')}{path}"


def field(
    label_key: str,
    name: str,
    input_type: str = "text",
    autocomplete: str = "off",
    required: bool = True,
    hint_key: str | None = None,
    id_prefix: str = "field",
    **props,
) -> rx.Component:
    field_id = f"{id_prefix}-{name}"
    return rx.el.div(
        rx.el.label(LangState.tr[label_key], html_for=field_id, class_name="form-label"),
        rx.el.input(
            id=field_id,
            name=name,
            type=input_type,
            auto_complete=autocomplete,
            required=required,
            class_name="form-input",
            aria_describedby=f"{field_id}-hint" if hint_key else None,
            **props,
        ),
        *(
            [rx.el.small(LangState.tr[hint_key], id=f"{field_id}-hint", class_name="form-hint")]
            if hint_key
            else []
        ),
        class_name="form-field",
    )


def post_form(path: str, *children: rx.Component, form_id: str = "") -> rx.Component:
    return native_form(
        *children,
        action=api(path),
        method="post",
        id=form_id or None,
        class_name="plain-form",
    )


def submit(label_key: str, color: str = "indigo", **props) -> rx.Component:
    if isinstance(props.get("disabled"), rx.Var):  # waits for the State: hydrate at once
        props["custom_attrs"] = {**props.get("custom_attrs", {}), HYDRATE_AT_ONCE: "true"}
    return rx.button(LangState.tr[label_key], type="submit", color_scheme=color, size="3", **props)


def flash_message() -> rx.Component:
    return rx.cond(
        AuthState.flash_text != "",
        rx.callout(
            AuthState.flash_text,
            icon="info",
            color_scheme=rx.match(
                AuthState.flash_kind, ("error", "red"), ("success", "green"), "blue"
            ),
            role=rx.cond(AuthState.flash_kind == "error", "alert", "status"),
            id="flash",
            width="100%",
        ),
    )
