"""`make run` serves pages from Vite's dev server: it must send our security headers too."""

from __future__ import annotations

import pytest

from microcred_market.ui.dev_headers import MARK, with_headers

pytestmark = pytest.mark.security

VITE = """export default defineConfig((config) => ({
  base: "/",
  plugins: [
    alwaysUseReactDomServerNode(),
    reactRouter(),
  ].concat([]),
  server: {
    port: process.env.PORT,
  },
}));
"""


def test_the_dev_server_gets_a_middleware_setting_every_header_once() -> None:
    config = with_headers(VITE)
    assert config.count(MARK) == 1 and with_headers(config) == config
    plugin = config.split("  plugins: [\n", 1)[1].split("alwaysUseReactDomServerNode", 1)[0]
    assert "server.middlewares.use" in plugin and "res.setHeader(k, v)" in plugin
    for header in (
        '"x-frame-options": "DENY"',
        '"x-content-type-options": "nosniff"',
        '"referrer-policy": "strict-origin-when-cross-origin"',
        "frame-ancestors 'none'",
    ):
        assert header in plugin, header


def test_a_config_of_another_shape_is_left_alone() -> None:
    assert with_headers("export default {}") == "export default {}"
