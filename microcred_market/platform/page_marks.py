"""Marks a page's markup carries for the server that sends it (`api.page_head`).

The pages and the server that rewrites their HTML do not import each other; the names
they agree on live here.
"""

from __future__ import annotations

# On an element that stays disabled until the page's State has loaded (a form whose
# button waits to know where to send the person next). A page carrying it hydrates at
# once: painting it before its scripts run would show a greyed-out button for longer.
HYDRATE_AT_ONCE = "data-hydrate-at-once"
