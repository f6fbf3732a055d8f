"""Every colour a page names is one the trimmed Radix stylesheet carries."""

from __future__ import annotations

import re
from pathlib import Path

from microcred_market.ui import radix_palette

UI = Path(radix_palette.__file__).parent
RADIX_COLOURS = [
    "tomato",
    "red",
    "ruby",
    "crimson",
    "pink",
    "plum",
    "purple",
    "violet",
    "iris",
    "indigo",
    "blue",
    "cyan",
    "teal",
    "jade",
    "green",
    "grass",
    "brown",
    "orange",
    "sky",
    "mint",
    "lime",
    "yellow",
    "amber",
    "gold",
    "bronze",
    "gray",
    "mauve",
    "slate",
    "sage",
    "olive",
    "sand",
]


def test_every_colour_in_the_ui_source_is_kept() -> None:
    named: set[str] = set()
    alternatives = "|".join(RADIX_COLOURS)
    pattern = re.compile(rf"\"({alternatives})\"")
    for source in UI.rglob("*.py"):
        if source.name == "radix_palette.py":
            continue
        named.update(pattern.findall(source.read_text(encoding="utf-8")))
    assert named, "the scan found no colour at all: the pattern is wrong"
    assert named <= set(radix_palette.COLOURS), sorted(named - set(radix_palette.COLOURS))


def test_the_whole_stylesheet_import_becomes_its_parts() -> None:
    written = (
        "@layer theme, base, components, utilities;\n"
        '@import "tailwindcss/preflight.css" layer(base);\n'
        f"{radix_palette.WHOLE}\n"
        '@import "tailwindcss/utilities.css" layer(utilities);\n'
    )
    trimmed = radix_palette.in_parts(written)
    assert radix_palette.WHOLE not in trimmed
    imports = re.findall(r'@import "@radix-ui/themes/([^"]+)" layer\(components\);', trimmed)
    assert imports[0] == "tokens/base.css" and imports[-2:] == ["components.css", "utilities.css"]
    assert "tokens/colors/indigo.css" in imports and "tokens/colors/tomato.css" not in imports
    # What else the file says stays, in its place.
    assert trimmed.index("preflight") < trimmed.index("tokens/base.css")
    assert trimmed.index('utilities.css" layer(components)') < trimmed.index(
        "tailwindcss/utilities"
    )
    assert radix_palette.in_parts(trimmed) == trimmed
