"""The document's own language, kept equal to the reader's; and on a first visit, the
reader's language taken from the browser.

Reflex renders `<html lang>` once, at build time, in the default language, and the page
body lives below it; a screen reader reads the whole page (and its title) in the voice
of `<html lang>`. This sets it from the language state whenever that is known or
changes, with an effect compiled into the bundle: no inline script, nothing to `eval`,
so it needs nothing from the Content-Security-Policy.
"""

from __future__ import annotations

import json

import reflex as rx
from reflex.vars.base import VarData

from microcred_market.platform import i18n
from microcred_market.ui.i18n import LANG_COOKIE_ATTRIBUTES


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


def first_visit_language() -> rx.Component:
    """A first visit follows the browser's languages, before React reads any cookie.

    The interface language is the `lang` cookie (`LangState`). Without one, a reader whose
    browser asks for Polish would get the default language until they found the switch.
    This script runs in the `<head>`, before the page's module scripts, so the state's
    first hydrate already reads the chosen cookie: no reload, no second round trip. It
    only writes a cookie the reader could have set with the switch, and never overrides
    one. The Content-Security-Policy allows it by its hash like Reflex's own inline
    scripts (`platform/security_headers.py`). The server does the same for what it
    renders itself (`api.deps.lang_of`, from `Accept-Language`).
    """
    ours = json.dumps(list(i18n.languages()))
    default = json.dumps(i18n.default_language())
    script = (
        "(function(){try{"
        "if(/(?:^|;\\s*)lang=/.test(document.cookie))return;"
        f"var ours={ours},fallback={default};"
        "var asked=navigator.languages&&navigator.languages.length?navigator.languages"
        ":[navigator.language||''];"
        "for(var i=0;i<asked.length;i++){"
        "var lang=String(asked[i]).split('-')[0].toLowerCase();"
        "if(ours.indexOf(lang)<0)continue;"
        "if(lang!==fallback){document.cookie='lang='+lang+"
        f"'; {LANG_COOKIE_ATTRIBUTES}';document.documentElement.lang=lang;}}"
        "return;}"
        "}catch(e){}})();"
    )
    return rx.el.script(script)
