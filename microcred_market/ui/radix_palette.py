"""The Radix Themes stylesheet with only the colour scales our pages use.

Radix's `styles.css` defines all 31 colour scales, each in light and dark, sRGB and P3,
solid and alpha: thousands of custom properties on `:root` that every element
inherits, and 86 KB of the 86 KB compressed stylesheet a phone must load and parse
before it can paint anything. Radix ships the same stylesheet in parts (tokens/base,
one file per colour, components, utilities) for exactly this; this Reflex plugin
rewrites the import the Tailwind plugin writes into `styles/tailwind.css` to those
parts, with the colours in `COLOURS`. A colour a page asks for that is missing here
would render unstyled: `tests/unit/ui/test_radix_palette.py` checks every
`color_scheme` in the UI's source is in the list.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

STYLESHEET = "styles/tailwind.css"
WHOLE = '@import "@radix-ui/themes/styles.css" layer(components);'
# The theme's accent and its gray (indigo pairs with slate), and every `color_scheme`.
COLOURS = ("indigo", "slate", "gray", "amber", "blue", "green", "orange", "red", "teal", "violet")
PARTS = (
    "tokens/base.css",
    *(f"tokens/colors/{colour}.css" for colour in COLOURS),
    "components.css",
    "utilities.css",
)


def in_parts(stylesheet: str) -> str:
    """`styles/tailwind.css` importing Radix in parts, our colours only."""
    if WHOLE not in stylesheet:
        return stylesheet
    parts = "\n".join(f'@import "@radix-ui/themes/{part}" layer(components);' for part in PARTS)
    return stylesheet.replace(WHOLE, parts, 1)


class RadixPalette(rx.plugins.Plugin):
    def pre_compile(self, **context: Any) -> None:
        context["add_modify_task"](STYLESHEET, in_parts)
