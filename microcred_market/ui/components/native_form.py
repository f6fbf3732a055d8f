"""A plain HTML <form> that the browser submits itself.

Reflex's `rx.el.form` always installs a submit handler that calls `preventDefault()`
(it expects to send the form over the websocket). Forms that carry passwords or tokens
must instead post to the backend over HTTP, so they use this element, which renders
`<form action method>` and nothing else.
"""

from __future__ import annotations

from reflex_base.components.component import field
from reflex_base.vars.base import Var
from reflex_components_core.el.elements.base import (  # type: ignore[import-untyped]  # reflex's component package ships no py.typed marker
    BaseHTML,
)


class NativeForm(BaseHTML):
    tag = "form"

    action: Var[str] = field(doc="URL the browser posts the form to")
    method: Var[str] = field(doc="HTTP method")
    enc_type: Var[str] = field(doc="Encoding of the body")
    auto_complete: Var[str] = field(doc="Whether the browser may fill fields in")
    no_validate: Var[bool] = field(doc="Skip the browser's own validation")


native_form = NativeForm.create
