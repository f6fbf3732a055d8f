"""A page's scripts are fetched after its first paint, in the order React Router gave.

The browser tests run every page through the same middleware (tests/e2e/harness.py), so
a rewrite that broke hydration would fail them; these check the rewrite itself.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from microcred_market.api.page_head import is_page_address, paint_first, paints_first
from microcred_market.platform import i18n
from microcred_market.platform.page_marks import HYDRATE_AT_ONCE

SHELL = (
    '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>'
    '<link rel="modulepreload" href="/assets/manifest-1.js"/>'
    '<link rel="modulepreload" href="/assets/entry.client-2.js"/>'
    '<link rel="modulepreload" href="/assets/root-3.js"/>'
    '<link href="/assets/styles-4.css" rel="stylesheet" type="text/css"/></head>'
    '<body><div class="radix-themes"><h1>Course</h1></div>'
    "<script>window.__reactRouterContext = {};</script>"
    '<script type="module" async="">import "/assets/manifest-1.js";\n'
    'import * as route0 from "/assets/root-3.js";\n'
    'import * as route1 from "/assets/_index-5.js";\n'
    '  window.__reactRouterRouteModules = {"root":route0,"routes/_index":route1};\n'
    'import("/assets/entry.client-2.js");</script></body></html>'
)


def _module_script(page: str) -> str:
    found = re.search(r'<script type="module"[^>]*>(.*?)</script>', page, re.S)
    assert found is not None
    return found.group(1)


def test_no_script_is_asked_for_before_the_first_frame() -> None:
    page = paint_first(SHELL)
    assert '<link rel="modulepreload"' not in page
    script = _module_script(page)
    # No static import is left: those would be fetched while the HTML is parsed.
    assert not re.search(r"^\s*import\s", script, re.M)
    wait = script.index("requestAnimationFrame")
    assert wait < script.index("await import(")
    # The stylesheet and the page's own text stay as they were.
    assert '<link href="/assets/styles-4.css" rel="stylesheet"' in page
    assert '<div class="radix-themes"><h1>Course</h1></div>' in page


def test_every_module_is_still_preloaded_and_imported_in_order() -> None:
    script = _module_script(paint_first(SHELL))
    assert '["/assets/manifest-1.js", "/assets/entry.client-2.js", "/assets/root-3.js"]' in script
    imports = re.findall(r'import\("([^"]+)"\)', script)
    assert imports == [
        "/assets/manifest-1.js",
        "/assets/root-3.js",
        "/assets/_index-5.js",
        "/assets/entry.client-2.js",
    ]
    assert 'const route0 = await import("/assets/root-3.js");' in script
    assert script.index("const route1") < script.index("window.__reactRouterRouteModules")


def test_a_page_without_react_router_scripts_is_left_alone() -> None:
    page = '<html><head><link rel="modulepreload" href="/x.js"/></head><body></body></html>'
    assert paint_first(page) == page


def test_a_background_tab_hydrates_without_waiting_for_a_frame() -> None:
    script = _module_script(paint_first(SHELL))
    assert 'document.visibilityState === "visible"' in script.split("requestAnimationFrame")[0]


@given(st.sampled_from(["/", "/catalogue", "/catalogue/", "/offerings/a-b", "/verify.html"]))
def test_page_addresses_are_rewritten(path: str) -> None:
    assert is_page_address(path)


@given(
    st.sampled_from(
        ["/assets/entry.client-2.js", "/api/health", "/_event/", "/favicon.ico", "/ping"]
    )
)
def test_files_api_and_socket_are_not(path: str) -> None:
    assert not is_page_address(path)


def test_only_a_page_right_before_its_scripts_is_painted_first() -> None:
    default = i18n.default_language()
    other = next(lang for lang in i18n.languages() if lang != default)
    assert paints_first(SHELL, default)
    # Prerendered in the default language: another reader would read it in the wrong one.
    assert not paints_first(SHELL, other)
    # A form whose button waits for the State would stay greyed out for longer.
    waiting = SHELL.replace("<h1>Course</h1>", f'<button {HYDRATE_AT_ONCE}="true">Go</button>')
    assert not paints_first(waiting, default)
