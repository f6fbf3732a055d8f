"""Interface strings in English and Polish.

Pages read `LangState.tr["key"]`; the language lives in a cookie so the choice survives
reloads and new visits, and the JSON API can read it too.
"""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec

from microcred_market.platform import i18n


def table(lang: str) -> dict[str, str]:
    """The page texts (`ui.` keys of the catalogue) in `lang`."""
    return i18n.table(lang, "ui.")


LANG_COOKIE_MAX_AGE = 365 * 24 * 3600
# How the page's scripts write the `lang` cookie (the switch, a first visit): as LangState's.
LANG_COOKIE_ATTRIBUTES = f"path=/; max-age={LANG_COOKIE_MAX_AGE}; samesite=lax"


class LangState(rx.State):
    """The interface language: the only thing most pages need from the root."""

    lang: str = rx.Cookie(
        i18n.default_language(), name="lang", max_age=LANG_COOKIE_MAX_AGE, same_site="lax"
    )

    @rx.var
    def tr(self) -> dict[str, str]:
        return table(i18n.pick_language(self.lang))

    @rx.var
    def current(self) -> str:
        return i18n.pick_language(self.lang)


def page_title(name: str, subject: rx.Var[str] | str | None = None) -> rx.Var[str]:
    """A page's `<title>` in the reader's language (`ui.title.<name>`): what a browser tab
    and a screen reader announce first. Pages are prerendered in the default language;
    the title follows the language state once it is known, like the rest of the page.

    A page about one thing (a course, a university) names it once it has loaded, so
    twenty open course tabs are not twenty "Course" tabs (WCAG 2.4.2).
    """
    generic = LangState.tr[f"title.{name}"]
    if subject is None:
        return generic
    # A state field, which on the class is a Var (mypy reads the declared str).
    thing = subject if isinstance(subject, rx.Var) else rx.Var.create(subject)
    named = thing.to(str) + " · " + LangState.tr["brand"]
    return rx.cond(thing != "", named, generic).to(str)


def switch_language(lang: str) -> EventSpec:
    """Write the cookie in the browser and reload, so every server-formatted text
    (money, dates, labels) is produced again in the new language."""
    return rx.call_script(
        f"document.cookie='lang={lang}; {LANG_COOKIE_ATTRIBUTES}';window.location.reload()"
    )
