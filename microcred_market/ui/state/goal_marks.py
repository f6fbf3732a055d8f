""" "Counts toward your goal" on the offering cards of a learner who pinned goals.

The marks live in a State of their own, loaded beside each page's cards: the catalogue's
States stay public (the same answer for everyone, nothing to wipe at sign-out), and only
this one holds what is personal. Anonymous visitors cost nothing: no cookie, no query.
"""

from __future__ import annotations

import reflex as rx

from microcred_market.platform.i18n import t
from microcred_market.stacking import goals
from microcred_market.ui.state.auth import Viewer, maybe_signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session


class GoalMarksState(rx.State):
    marks: rx.Field[dict[str, str]] = rx.field(default_factory=dict)  # offering slug -> words

    @rx.event
    @maybe_signed_in
    async def load(self, *, viewer: Viewer | None):
        if viewer is None:
            self.marks = {}
            return
        lang = await reader_lang(self)
        toward = await run_in_session(goals.offerings_toward_goals, viewer.user_id)
        self.marks = {
            slug: t("ui.q_counts_toward", lang, titles=", ".join(titles))
            for slug, titles in toward.items()
        }
