"""/staff/[slug]/review/[item]: the evidence beside the rubric (stacked on a phone).

The assessor claims the item (a 30-minute lock), chooses a level per criterion with a
comment each, and saves; an essay attempt takes points per answer instead. Every event
names the item by the page's address and the service checks the permission, the lock
and the stage again, so a crafted event from another university's assessor gets
"not found" and changes nothing. Under blind review the State never holds the learner's
name, only a pseudonym.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.accounts import authz
from microcred_market.assessments import review
from microcred_market.platform import i18n
from microcred_market.platform.db import Session
from microcred_market.platform.errors import DomainError
from microcred_market.ui.components.forms import api
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.pages.assessments.review_queue import stage_label
from microcred_market.ui.pages.assessments.work import rubric_rows, rule_text
from microcred_market.ui.state.auth import Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session

ROUTE = "/staff/[slug]/review/[item]"


def _detail(session: Session, slug: str, ref: str, user_id: int, lang: str) -> dict[str, Any]:
    who = authz.principal_for(session, user_id)
    d = review.item_detail(session, who, slug, ref)
    tr = table(lang)
    lock = ""
    if d.lock is not None:
        until = i18n.fmt_datetime(d.lock.expires_at, lang, "short")
        lock = (
            tr["rv_claimed_by_you"].format(until=until)
            if d.lock.mine
            else tr["rv_claimed_by"].format(name=d.lock.holder, until=until)
        )
    return {
        "title": d.component_title,
        "offering": d.offering_title,
        "kind": d.kind,
        "stage": stage_label(d.stage, lang),
        "instructions": d.instructions,
        "learner": d.learner or d.learner_ref,
        "cohort": d.cohort,
        "submitted": i18n.fmt_datetime(d.submitted_at, lang, "short") if d.submitted_at else "",
        "version": tr["rv_version"].format(n=d.version) if d.version else "",
        "text": d.text,
        "outcomes": [{"outcome": o, "evidence": e or tr["rv_no_evidence"]} for o, e in d.outcomes],
        "links": list(d.links),
        "files": [
            {
                "name": f"{f.filename} ({i18n.fmt_number(max(1, f.size // 1024), lang)} KB)",
                "href": api(f"/api/assessments/evidence/{f.uuid}"),
            }
            for f in d.files
        ],
        "essays": [
            {
                "ident": e.ident,
                "id": f"essay-{i}",
                "prompt": e.prompt,
                "answer": e.answer,
                "max": tr["rv_out_of"].format(n=e.max_points),
                "max_points": str(e.max_points),
                "mark": e.mark,
            }
            for i, e in enumerate(d.essays)
        ],
        "appeal_reason": d.appeal_reason,
        "criteria": rubric_rows(d.rubric, lang),
        "rule": rule_text(d.pass_rule, lang),
        "lock": lock,
        "mine": bool(d.lock and d.lock.mine),
        "may_mark": d.may_mark,
        "why_not": i18n.t(d.why_not, lang) if d.why_not else "",
        "history": [
            {
                "when": i18n.fmt_datetime(h.when, lang, "short"),
                "who": h.who,
                "what": tr.get(f"rv_history_{h.what}", h.what),
                "percent": f"{h.percent}%" if h.percent else "",
            }
            for h in d.history
        ],
        "slug": d.university_slug,
    }


def _claim(session: Session, slug: str, ref: str, user_id: int) -> None:
    who = authz.principal_for(session, user_id)
    review.item_detail(session, who, slug, ref)  # the item is this university's
    review.claim(session, who, ref)


def _release(session: Session, slug: str, ref: str, user_id: int) -> None:
    who = authz.principal_for(session, user_id)
    review.item_detail(session, who, slug, ref)
    review.release(session, who, ref)


def _save(
    session: Session, slug: str, ref: str, user_id: int, form: dict[str, Any]
) -> review.Marked:
    who = authz.principal_for(session, user_id)
    review.item_detail(session, who, slug, ref)
    comment = str(form.get("comment", ""))
    if ref.startswith("a-"):
        marks = {
            str(k).removeprefix("mark_"): str(v)
            for k, v in form.items()
            if str(k).startswith("mark_")
        }
        return review.mark_essays(session, who, ref, marks=marks, comment=comment)
    scores = {
        str(k).removeprefix("level_"): str(v)
        for k, v in form.items()
        if str(k).startswith("level_")
    }
    comments = {
        str(k).removeprefix("note_"): str(v) for k, v in form.items() if str(k).startswith("note_")
    }
    return review.score(
        session,
        who,
        ref,
        scores=scores,
        comments=comments,
        comment=comment,
        request_second=form.get("second") in ("on", "1", True),
    )


class ReviewItemState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    slug: str = ""
    title: str = ""
    offering: str = ""
    kind: str = ""
    stage: str = ""
    instructions: str = ""
    learner: str = ""
    cohort: str = ""
    submitted: str = ""
    version: str = ""
    text: str = ""
    appeal_reason: str = ""
    rule: str = ""
    lock: str = ""
    mine: bool = False
    may_mark: bool = False
    why_not: str = ""
    message: str = ""
    message_kind: str = ""
    outcomes: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    links: rx.Field[list[str]] = rx.field(default_factory=list)
    files: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    essays: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    criteria: rx.Field[list[dict[str, Any]]] = rx.field(default_factory=list)
    history: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    def _address(self) -> tuple[str, str]:
        params = self.router.page.params
        return str(params.get("slug", ""))[:120], str(params.get("item", ""))[:60]

    async def _fill(self, viewer: Viewer) -> None:
        slug, ref = self._address()
        lang = await reader_lang(self)
        try:
            found = await run_in_session(_detail, slug, ref, viewer.user_id, lang)
        except DomainError:
            self.allowed, self.denied = False, True
            return
        for name, value in found.items():
            setattr(self, name, value)
        self.allowed, self.denied = True, False

    async def _say(self, kind: str, key: str, **params: Any) -> None:
        self.message_kind, self.message = kind, i18n.t(key, await reader_lang(self), **params)

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded_path = current_path(self)
        self.message, self.message_kind = "", ""
        await self._fill(viewer)

    @rx.event
    @signed_in
    async def claim(self, *, viewer: Viewer):
        slug, ref = self._address()
        try:
            await run_in_session(_claim, slug, ref, viewer.user_id)
        except DomainError as error:
            self.message_kind, self.message = "error", error.text(await reader_lang(self))
        else:
            await self._say("success", "ui.rv_claimed")
        await self._fill(viewer)

    @rx.event
    @signed_in
    async def release(self, *, viewer: Viewer):
        slug, ref = self._address()
        try:
            await run_in_session(_release, slug, ref, viewer.user_id)
        except DomainError as error:
            self.message_kind, self.message = "error", error.text(await reader_lang(self))
        else:
            await self._say("success", "ui.rv_released")
        await self._fill(viewer)

    @rx.event
    @signed_in
    async def save(self, form: dict[str, Any], *, viewer: Viewer):
        slug, ref = self._address()
        if not isinstance(form, dict) or len(form) > 100:
            return
        try:
            marked = await run_in_session(_save, slug, ref, viewer.user_id, form)
        except DomainError as error:
            self.message_kind, self.message = "error", error.text(await reader_lang(self))
            return
        if marked.second_marker_needed:
            await self._say("success", "ui.rv_saved_second", percent=str(marked.percent))
        else:
            await self._say("success", "ui.rv_saved", percent=str(marked.percent))
        await self._fill(viewer)


def _evidence() -> rx.Component:
    tr = LangState.tr
    s = ReviewItemState
    return rx.vstack(
        rx.heading(tr["rv_evidence"], as_="h2", size="4"),
        rx.cond(
            s.appeal_reason != "",
            rx.callout(
                rx.text(tr["rv_appeal_reason_was"], ": ", s.appeal_reason),
                icon="message-square",
                id="appeal-reason",
            ),
        ),
        rx.cond(s.instructions != "", rx.text(s.instructions, size="2", color_scheme="gray")),
        rx.cond(s.text != "", rx.text(s.text, white_space="pre-wrap", id="evidence-text")),
        rx.foreach(
            s.outcomes,
            lambda o: rx.box(
                rx.heading(o["outcome"], as_="h3", size="3"),
                rx.text(o["evidence"], white_space="pre-wrap"),
                class_name="outcome-evidence",
            ),
        ),
        rx.foreach(
            s.files, lambda f: rx.link(f["name"], href=f["href"], class_name="evidence-file")
        ),
        rx.foreach(
            s.links,
            lambda link: rx.link(link, href=link, is_external=True, class_name="evidence-link"),
        ),
        rx.foreach(
            s.essays,
            lambda e: rx.box(
                rx.heading(e["prompt"], as_="h3", size="3"),
                rx.text(e["answer"], white_space="pre-wrap"),
                class_name="essay-answer",
            ),
        ),
        spacing="3",
        width="100%",
        min_width="0",
        id="evidence",
    )


def _criterion(c: ObjectVar[dict[str, Any]]) -> rx.Component:
    tr = LangState.tr
    cid = c["id"].to(str)
    note_id = "note-" + cid
    return rx.el.fieldset(
        rx.el.legend(c["title"].to(str), class_name="form-label"),
        rx.foreach(
            c["levels"].to(list[dict[str, str]]),
            lambda lv: rx.el.label(
                rx.el.input(
                    type="radio",
                    name="level_" + cid,
                    value=lv["index"],
                    required=True,
                ),
                " ",
                rx.text.strong(lv["label"]),
                " ",
                lv["descriptor"],
                class_name="rubric-choice",
                display="block",
            ),
        ),
        rx.el.label(tr["rv_comment_criterion"], html_for=note_id, class_name="form-label"),
        rx.el.textarea(
            id=note_id,
            name="note_" + cid,
            rows=2,
            max_length=review.MAX_COMMENT,
            class_name="form-input",
        ),
        class_name="rubric-criterion",
    )


def _essay_mark(e: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.div(
        rx.el.label(e["prompt"], " (", e["max"], ")", html_for=e["id"], class_name="form-label"),
        rx.el.input(
            id=e["id"],
            name="mark_" + e["ident"],
            input_mode="decimal",
            default_value=e["mark"],
            required=True,
            class_name="form-input",
        ),
        class_name="form-field",
    )


def _marking() -> rx.Component:
    tr = LangState.tr
    s = ReviewItemState
    return rx.vstack(
        rx.heading(tr["rv_marking"], as_="h2", size="4"),
        rx.text(s.rule, size="2"),
        rx.cond(s.lock != "", rx.text(s.lock, size="2", id="lock-state")),
        rx.cond(s.why_not != "", rx.callout(s.why_not, icon="info", id="why-not")),
        rx.cond(
            s.may_mark & ~s.mine,
            rx.button(tr["rv_claim"], on_click=ReviewItemState.claim, id="claim", size="3"),
        ),
        rx.cond(
            s.may_mark & s.mine,
            rx.form(
                rx.vstack(
                    rx.cond(
                        s.kind == "attempt",
                        rx.foreach(s.essays, _essay_mark),
                        rx.foreach(s.criteria, _criterion),
                    ),
                    rx.el.label(
                        tr["rv_comment"], html_for="review-comment", class_name="form-label"
                    ),
                    rx.el.textarea(
                        id="review-comment",
                        name="comment",
                        rows=3,
                        max_length=review.MAX_COMMENT,
                        class_name="form-input",
                    ),
                    rx.cond(
                        s.kind == "submission",
                        rx.el.label(
                            rx.el.input(type="checkbox", name="second", value="on"),
                            " ",
                            tr["rv_ask_second"],
                            class_name="rubric-choice",
                        ),
                    ),
                    rx.flex(
                        rx.button(tr["rv_save"], type="submit", size="3", id="save-review"),
                        rx.button(
                            tr["rv_release"],
                            type="button",
                            variant="soft",
                            on_click=ReviewItemState.release,
                            id="release",
                        ),
                        spacing="2",
                        wrap="wrap",
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=ReviewItemState.save,
                id="review-form",
                width="100%",
            ),
        ),
        spacing="3",
        width="100%",
        min_width="0",
        id="marking",
    )


def _history() -> rx.Component:
    tr = LangState.tr
    s = ReviewItemState
    return rx.vstack(
        rx.heading(tr["rv_history"], as_="h2", size="4"),
        rx.cond(
            s.history.length() > 0,
            rx.el.ul(
                rx.foreach(
                    s.history,
                    lambda h: rx.el.li(
                        h["when"], " · ", h["what"], " · ", h["who"], " ", h["percent"]
                    ),
                ),
                id="history",
            ),
            rx.text(tr["rv_history_empty"], size="2"),
        ),
        width="100%",
    )


@rx.page(
    route=ROUTE,
    on_load=staff_on_load(ReviewItemState.load),
    title=page_title("review-item"),
)
def review_item_page() -> rx.Component:
    tr = LangState.tr
    s = ReviewItemState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.link(tr["rv_back_to_queue"], href="/staff/" + s.slug + "/review", size="2"),
                rx.heading(s.title, as_="h1", size="7"),
                rx.text(
                    s.offering,
                    " · ",
                    s.stage,
                    " · ",
                    tr["rv_learner"],
                    ": ",
                    rx.el.span(s.learner, id="item-learner"),
                    " · ",
                    tr["rv_cohort"],
                    " ",
                    s.cohort,
                    size="2",
                ),
                rx.cond(s.submitted != "", rx.text(s.version, " · ", s.submitted, size="2")),
                rx.cond(
                    s.message != "",
                    rx.callout(
                        s.message,
                        color_scheme=rx.cond(s.message_kind == "error", "red", "green"),
                        role=rx.cond(s.message_kind == "error", "alert", "status"),
                        id="review-message",
                        width="100%",
                    ),
                ),
                rx.grid(
                    _evidence(),
                    _marking(),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="5",
                    width="100%",
                ),
                _history(),
                spacing="4",
                width="100%",
            ),
            rx.cond(
                ready(s.denied, s.loaded_path),
                rx.callout(tr["rv_item_not_found"], icon="lock", color_scheme="red", id="denied"),
                skeleton(),
            ),
        )
    )
