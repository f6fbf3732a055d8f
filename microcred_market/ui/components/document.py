"""The document's own language, kept equal to the reader's.

Reflex renders `<html lang>` once, at build time, in the default language, and the page
body lives below it; a screen reader reads the whole page (and its title) in the voice
of `<html lang>`. This sets it from the language state whenever that is known or
changes, with an effect compiled into the bundle: no inline script, nothing to `eval`,
so it needs nothing from the Content-Security-Policy.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars.base import VarData


def document_language(lang: rx.Var[str]) -> rx.Component:
    """An invisible child that keeps `document.documentElement.lang` equal to `lang`."""
    hook = (
        f"useEffect(() => {{ if ({lang!s}) document.documentElement.lang = {lang!s}; }}, "
        f"[{lang!s}]);"
    )
    effect: rx.Var[None] = rx.Var(
        _js_expr="null",
        _var_type=None,
        _var_data=VarData.merge(
            lang._get_all_var_data(),
            VarData(hooks={hook: None}, imports={"react": ["useEffect"]}),
        ),
    )
    return rx.fragment(effect)
