"""A submit button that waits for its State marks its page to hydrate at once, so the
server does not paint that page first with the button greyed out (api.page_head)."""

from __future__ import annotations

from microcred_market.platform.page_marks import HYDRATE_AT_ONCE
from microcred_market.ui.components.forms import submit
from microcred_market.ui.pages.accounts.sign_in import SignInState


def test_a_button_waiting_for_its_state_marks_the_page() -> None:
    waiting = str(submit("sign_in", id="signin-submit", disabled=~SignInState.ready).render())
    assert HYDRATE_AT_ONCE in waiting


def test_a_button_that_never_waits_does_not() -> None:
    assert HYDRATE_AT_ONCE not in str(submit("sign_in", id="x").render())
    assert HYDRATE_AT_ONCE not in str(submit("sign_in", id="y", disabled=True).render())
