"""The middleware's answer about a cookie is reused by the same event's guard, and only so."""

from __future__ import annotations

import time

import pytest

from microcred_market.accounts import authz
from microcred_market.accounts.service import UserView
from microcred_market.ui.state import auth

pytestmark = [pytest.mark.accounts, pytest.mark.security]


def _viewer() -> auth.Viewer:
    user = UserView.__new__(UserView)
    return auth.Viewer(user=user, principal=authz.ANONYMOUS)


def test_a_checked_viewer_is_taken_once_for_the_same_token_while_fresh() -> None:
    viewer = _viewer()
    auth._CHECKED.set(("token-a", viewer, time.monotonic()))
    assert auth._take_checked("token-a") is viewer
    assert auth._take_checked("token-a") is None  # single use

    auth._CHECKED.set(("token-a", viewer, time.monotonic()))
    assert auth._take_checked("token-b") is None  # another cookie: ask the database
    assert auth._take_checked("token-a") is None  # and the answer is gone

    auth._CHECKED.set(("token-a", viewer, time.monotonic() - 5))
    assert auth._take_checked("token-a") is None  # stale
