"""/staff/[slug]/assessments/[offering]: build the assessment in a draft, check it, publish it.

The page always edits the offering's draft (`authoring.draft_for` opens one, copied from
the published version): a published version cannot change, so there is nothing on this
page that could change it. Every change is one event, one service call, one unit of
work; the service checks the permission and the values, and the page shows its message.
Answer keys are shown here because staff editors write them; the service hands them only
to owners and editors of the offering's university.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.assessments import authoring, forms
from microcred_market.platform import i18n
from microcred_market.platform.errors import InvalidInput
from microcred_market.ui.components.forms import api, flash_message
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.native_form import native_form
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.pages.assessments.common import call_as, message_box, slug_param
from microcred_market.ui.state.auth import Viewer, signed_in
from microcred_market.ui.state.base import reader_lang

ROUTE = "/staff/[slug]/assessments/[offering]"
QUESTION_KINDS = (
    "single",
    "multiple",
    "truefalse",
    "numeric",
    "text",
    "matching",
    "ordering",
    "essay",
)
PART_KINDS = ("quiz", "task", "portfolio", "decision")
MODES = ("oral", "interview", "onsite", "decision")
_EMPTY_QUESTION = {
    "kind": "single",
    "id": "",
    "prompt": "",
    "points": "1",
    "choices": "",
    "correct": "",
    "tolerance": "",
    "accepted": "",
    "partial": "",
    "max_words": "",
}


def _zone(name: str) -> Any:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _local(moment: datetime | str | None, zone: str) -> str:
    """A moment as a `datetime-local` field shows it, in the editor's zone."""
    if not moment:
        return ""
    value = datetime.fromisoformat(moment) if isinstance(moment, str) else moment
    return value.astimezone(_zone(zone)).strftime("%Y-%m-%dT%H:%M")


def _part_row(
    c: authoring.ComponentView, n: int, count: int, zone: str, lang: str
) -> dict[str, str]:
    s = c.settings
    rule = c.pass_rule
    return {
        "uuid": c.uuid,
        "kind": c.kind,
        "kind_label": i18n.t(f"ui.part_kind_{c.kind}", lang),
        "mode": c.mode,
        "title": c.title,
        "instructions": c.instructions,
        "weight": str(c.weight),
        "rule_kind": "level" if "min_level" in rule else "percent",
        "min_percent": str(rule.get("min_percent", "")),
        "min_level": str(rule.get("min_level", "")),
        "rubric": forms.rubric_text(c.rubric),
        "time_limit": str(s.get("time_limit_minutes", "")),
        "attempts": str(s.get("attempts", "1")),
        "delay": str(s.get("delay_minutes", "0")),
        "grace": str(s.get("grace_seconds", "30")),
        "one_per_screen": "1" if s.get("one_per_screen") else "",
        "opens_at": _local(s.get("opens_at"), zone),
        "closes_at": _local(s.get("closes_at"), zone),
        "pools": forms.pools_text(s.get("pools")),
        "due_at": _local(s.get("due_at"), zone),
        "max_files": str(s.get("max_files", "5")),
        "count": str(len(c.questions)),
        "first": "1" if n == 0 else "",
        "last": "1" if n == count - 1 else "",
    }


def _question_rows(draft: authoring.DraftView, lang: str) -> list[dict[str, str]]:
    return [
        {
            "component": c.uuid,
            "ident": q.ident,
            "kind": i18n.t(f"ui.question_kind_{q.question.get('kind')}", lang),
            "prompt": str(q.question.get("prompt", "")),
            "points": str(q.question.get("points", "")),
            "answer": forms.answer_text(q.question),
        }
        for c in draft.components
        for q in c.questions
    ]


def _settings_from(kind: str, form: dict[str, Any]) -> dict[str, Any]:
    def get(name: str) -> str:
        return str(form.get(name, "") or "")[:4000]

    if kind == "quiz":
        out: dict[str, Any] = {
            "time_limit_minutes": get("time_limit") or None,
            "attempts": get("attempts") or "1",
            "delay_minutes": get("delay") or "0",
            "grace_seconds": get("grace") or "0",
            "one_per_screen": bool(form.get("one_per_screen")),
            "opens_at": get("opens_at") or None,
            "closes_at": get("closes_at") or None,
        }
        pools = forms.pools_from_text(get("pools"))
        if pools:
            out["pools"] = pools
        return out
    if kind in ("task", "portfolio"):
        return {"due_at": get("due_at") or None, "max_files": get("max_files") or "5"}
    return {}


class BuilderState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    slug: str = ""
    offering: str = ""
    offering_title: str = ""
    draft: str = ""
    version: str = ""
    published_version: str = ""
    rpl: bool = False
    outcomes: rx.Field[list[str]] = rx.field(default_factory=list)
    rules: dict[str, str] = {}
    parts: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    questions: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    problems: rx.Field[list[str]] = rx.field(default_factory=list)
    checked: bool = False
    message: str = ""
    message_kind: str = ""
    rev: str = "0"  # bumped on each load: forms re-read their values
    editing_part: str = ""
    editing_ident: str = ""
    qform: dict[str, str] = dict(_EMPTY_QUESTION)
    preview_for: str = ""
    preview_title: str = ""
    preview_intro: str = ""
    preview_facts: str = ""
    preview_questions: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    preview_criteria: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)

    def _show(self, draft: authoring.DraftView, zone: str, lang: str) -> None:
        self.draft, self.version = draft.uuid, str(draft.version)
        self.offering_title, self.rpl = draft.offering_title, draft.assessment_only
        self.outcomes = list(draft.learning_outcomes)
        self.published_version = (
            i18n.t("ui.assessment_version", lang, n=draft.published_version)
            if draft.published_version
            else i18n.t("ui.assessment_none", lang)
        )
        rule = draft.pass_rule
        self.rules = {
            "min_percent": str(rule.get("min_percent", "")),
            "opens": _local(draft.window_opens_at, zone),
            "closes": _local(draft.window_closes_at, zone),
            "blind": "1" if draft.blind_review else "",
            "margin": "" if draft.second_marker_margin is None else str(draft.second_marker_margin),
            "moderated": "1" if draft.moderated else "",
            "appeal_days": str(draft.appeal_days),
        }
        n = len(draft.components)
        self.parts = [_part_row(c, i, n, zone, lang) for i, c in enumerate(draft.components)]
        self.questions = _question_rows(draft, lang)
        self.rev = str(int(self.rev) + 1)

    async def _refresh(self, viewer: Viewer) -> bool:
        draft, error = await call_as(self, viewer.user_id, authoring.draft_for, self.offering)
        if draft is None:
            self.message, self.message_kind = error, "error"
            return False
        self._show(draft, viewer.user.time_zone, await reader_lang(self))
        return True

    async def _done(self, viewer: Viewer, error: str, key: str = "ui.builder_saved") -> None:
        lang = await reader_lang(self)
        if error:
            self.message, self.message_kind = error, "error"
        else:
            self.message, self.message_kind = i18n.t(key, lang), "success"
        self.checked = False
        await self._refresh(viewer)

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded_path = current_path(self)
        self.slug = slug_param(self)
        self.offering = slug_param(self, "offering")
        self.message, self.checked, self.preview_for, self.editing_part = "", False, "", ""
        if await self._refresh(viewer):
            self.allowed, self.denied = True, False
            self.message = ""
        else:
            self.allowed, self.denied = False, True

    @rx.event
    @signed_in
    async def save_rules(self, form: dict, *, viewer: Viewer):
        _, error = await call_as(
            self,
            viewer.user_id,
            authoring.set_rules,
            self.draft,
            min_percent=str(form.get("min_percent", ""))[:6] or None,
            window_opens_at=str(form.get("opens", ""))[:40] or None,
            window_closes_at=str(form.get("closes", ""))[:40] or None,
            blind_review=bool(form.get("blind")),
            second_marker_margin=str(form.get("margin", ""))[:6] or None,
            moderated=bool(form.get("moderated")),
            appeal_days=str(form.get("appeal_days", "14"))[:6],
            time_zone=viewer.user.time_zone,
        )
        await self._done(viewer, error)

    @rx.event
    @signed_in
    async def add_part(self, form: dict, *, viewer: Viewer):
        kind = str(form.get("kind", ""))[:12]
        _, error = await call_as(
            self,
            viewer.user_id,
            authoring.add_component,
            self.draft,
            kind=kind,
            title=str(form.get("title", ""))[:400],
            mode=str(form.get("mode", ""))[:12] if kind == "decision" else "",
            weight=str(form.get("weight", "0"))[:6] or "0",
            pass_rule={"min_percent": 50},
        )
        await self._done(viewer, error, "ui.builder_part_added")

    @rx.event
    @signed_in
    async def save_part(self, form: dict, *, viewer: Viewer):
        uuid = str(form.get("uuid", ""))[:40]
        part = next((p for p in self.parts if p["uuid"] == uuid), None)
        if part is None:
            return
        kind = part["kind"]
        lang = await reader_lang(self)
        try:
            settings = _settings_from(kind, form)
            rubric = forms.rubric_from_text(str(form.get("rubric", ""))[:20000])
        except InvalidInput as refused:
            self.message, self.message_kind = refused.text(lang), "error"
            return
        if form.get("rule_kind") == "level":
            rule: dict[str, Any] = {"min_level": str(form.get("min_level", ""))[:4]}
        else:
            rule = {"min_percent": str(form.get("min_percent", "50"))[:6] or "50"}
        changes: dict[str, Any] = {
            "title": str(form.get("title", ""))[:400],
            "instructions": str(form.get("instructions", ""))[:12000],
            "weight": str(form.get("weight", "0"))[:6] or "0",
            "pass_rule": rule,
            "settings": settings,
        }
        if kind == "decision":
            changes["mode"] = str(form.get("mode", ""))[:12]
        if kind in ("task", "portfolio", "decision"):
            changes["rubric"] = rubric
        _, error = await call_as(
            self,
            viewer.user_id,
            authoring.update_component,
            uuid,
            time_zone=viewer.user.time_zone,
            **changes,
        )
        await self._done(viewer, error)

    @rx.event
    @signed_in
    async def remove_part(self, uuid: str, *, viewer: Viewer):
        _, error = await call_as(self, viewer.user_id, authoring.remove_component, str(uuid)[:40])
        await self._done(viewer, error, "ui.builder_part_removed")

    @rx.event
    @signed_in
    async def move_part(self, uuid: str, step: int, *, viewer: Viewer):
        _, error = await call_as(
            self, viewer.user_id, authoring.move_component, str(uuid)[:40], 1 if step > 0 else -1
        )
        await self._done(viewer, error, "ui.builder_part_moved")

    @rx.event
    @signed_in
    async def new_question(self, uuid: str, *, viewer: Viewer):
        ident, error = await call_as(
            self, viewer.user_id, authoring.new_question_id, str(uuid)[:40]
        )
        if ident is None:
            self.message, self.message_kind = error, "error"
            return
        self.editing_part, self.editing_ident = str(uuid)[:40], ""
        self.qform = {**_EMPTY_QUESTION, "id": ident}
        self.rev = str(int(self.rev) + 1)

    @rx.event
    @signed_in
    async def edit_question(self, uuid: str, ident: str, *, viewer: Viewer):
        draft, error = await call_as(self, viewer.user_id, authoring.draft_for, self.offering)
        if draft is None:
            self.message, self.message_kind = error, "error"
            return
        for c in draft.components:
            for q in c.questions:
                if c.uuid == uuid and q.ident == ident:
                    self.editing_part, self.editing_ident = c.uuid, q.ident
                    self.qform = forms.question_to_form(q.question)
                    self.rev = str(int(self.rev) + 1)

    @rx.event
    @signed_in
    async def set_question_kind(self, kind: str, *, viewer: Viewer):
        if kind in QUESTION_KINDS:
            self.qform = {**self.qform, "kind": kind}

    @rx.event
    @signed_in
    async def cancel_question(self, *, viewer: Viewer):
        self.editing_part, self.editing_ident = "", ""

    @rx.event
    @signed_in
    async def save_question(self, form: dict, *, viewer: Viewer):
        fields = {k: str(form.get(k, "") or "")[:8000] for k in _EMPTY_QUESTION}
        fields["kind"] = self.qform.get("kind", "single")
        lang = await reader_lang(self)
        try:
            question = forms.question_from_form(fields)
        except InvalidInput as refused:
            self.message, self.message_kind = refused.text(lang), "error"
            self.qform = fields
            return
        if self.editing_ident:
            _, error = await call_as(
                self,
                viewer.user_id,
                authoring.update_question,
                self.editing_part,
                self.editing_ident,
                question,
            )
        else:
            _, error = await call_as(
                self, viewer.user_id, authoring.add_question, self.editing_part, question
            )
        if error:
            self.message, self.message_kind = error, "error"
            self.qform = fields
            return
        self.editing_part, self.editing_ident = "", ""
        await self._done(viewer, "", "ui.builder_question_saved")

    @rx.event
    @signed_in
    async def remove_question(self, uuid: str, ident: str, *, viewer: Viewer):
        _, error = await call_as(
            self, viewer.user_id, authoring.remove_question, str(uuid)[:40], str(ident)[:64]
        )
        await self._done(viewer, error, "ui.builder_question_removed")

    async def _problems(self, viewer: Viewer) -> list[str] | None:
        found, error = await call_as(self, viewer.user_id, authoring.validate_draft, self.draft)
        if found is None:
            self.message, self.message_kind = error, "error"
            return None
        lang = await reader_lang(self)
        return [
            i18n.t(
                "error.assessments.problem_at",
                lang,
                field=p.field,
                problem=i18n.Phrase(p.key, p.params),
            )
            for p in found
        ]

    @rx.event
    @signed_in
    async def check(self, *, viewer: Viewer):
        found = await self._problems(viewer)
        if found is None:
            return
        self.problems, self.checked = found, True
        self.message = ""

    @rx.event
    @signed_in
    async def publish(self, *, viewer: Viewer):
        found = await self._problems(viewer)
        if found is None:
            return
        if found:
            self.problems, self.checked = found, True
            return
        done, error = await call_as(self, viewer.user_id, authoring.publish, self.draft)
        lang = await reader_lang(self)
        if done is None:
            self.message, self.message_kind = error, "error"
            return
        self.problems, self.checked = [], False
        self.message = i18n.t("ui.builder_published", lang, n=done.version)
        self.message_kind = "success"
        await self._refresh(viewer)

    @rx.event
    @signed_in
    async def discard(self, *, viewer: Viewer):
        _, error = await call_as(self, viewer.user_id, authoring.discard_draft, self.draft)
        await self._done(viewer, error, "ui.builder_discarded")

    @rx.event
    @signed_in
    async def show_preview(self, uuid: str, *, viewer: Viewer):
        seen, error = await call_as(self, viewer.user_id, authoring.preview, str(uuid)[:40])
        if seen is None:
            self.message, self.message_kind = error, "error"
            return
        lang = await reader_lang(self)
        self.preview_for, self.preview_title, self.preview_intro = (
            uuid,
            seen.title,
            seen.instructions,
        )
        facts = []
        if seen.time_limit_minutes:
            facts.append(i18n.t("ui.preview_time", lang, n=seen.time_limit_minutes))
        if seen.attempts:
            facts.append(i18n.t("ui.preview_attempts", lang, n=seen.attempts))
        if seen.kind == "quiz":
            facts.append(i18n.t("ui.preview_drawn", lang, n=seen.drawn, bank=seen.bank))
        self.preview_facts = " · ".join(facts)
        self.preview_questions = [
            {
                "n": str(i + 1),
                "prompt": str(q.get("prompt", "")),
                "kind": i18n.t(f"ui.question_kind_{q.get('kind')}", lang),
                "points": str(q.get("points", "")),
                "options": "\n".join(
                    f"• {c['text']}" for c in [*q.get("choices", []), *q.get("left", [])]
                )
                + (
                    "\n→ " + " / ".join(c["text"] for c in q.get("right", []))
                    if q.get("right")
                    else ""
                ),
            }
            for i, q in enumerate(seen.questions)
        ]
        self.preview_criteria = [
            {
                "title": c["title"],
                "levels": "\n".join(f"{lv['points']} · {lv['descriptor']}" for lv in c["levels"]),
            }
            for c in seen.criteria
        ]

    @rx.event
    @signed_in
    async def close_preview(self, *, viewer: Viewer):
        self.preview_for = ""


# ---------------------------------------------------------------- pieces


def _input(label: Any, name: str, value: Any, field_id: Any, **props: Any) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=field_id, class_name="form-label"),
        rx.el.input(
            id=field_id,
            name=name,
            default_value=value,
            class_name="form-input",
            auto_complete="off",
            **props,
        ),
        class_name="form-field",
    )


def _area(
    label: Any, name: str, value: Any, field_id: Any, hint: Any = None, rows: str = "4"
) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=field_id, class_name="form-label"),
        rx.el.textarea(
            id=field_id,
            name=name,
            default_value=value,
            rows=rows,
            class_name="form-input",
            aria_describedby=(field_id + "-hint") if hint is not None else None,
        ),
        *(
            [rx.el.small(hint, id=field_id + "-hint", class_name="form-hint")]
            if hint is not None
            else []
        ),
        class_name="form-field",
    )


def _check(label: Any, name: str, checked: Any, field_id: Any) -> rx.Component:
    return rx.el.label(
        rx.el.input(type="checkbox", name=name, id=field_id, default_checked=checked),
        " ",
        label,
        html_for=field_id,
        class_name="form-check",
    )


def _select(
    label: Any, name: str, options: list[tuple[str, Any]], value: Any, field_id: Any, **props: Any
) -> rx.Component:
    return rx.el.div(
        rx.el.label(label, html_for=field_id, class_name="form-label"),
        rx.el.select(
            *[rx.el.option(text, value=v) for v, text in options],
            id=field_id,
            name=name,
            default_value=value,
            class_name="form-input",
            **props,
        ),
        class_name="form-field",
    )


def _grid(*children: rx.Component) -> rx.Component:
    return rx.grid(
        *children, columns=rx.breakpoints(initial="1", sm="2", md="3"), spacing="3", width="100%"
    )


def _rules() -> rx.Component:
    tr = LangState.tr
    r = BuilderState.rules
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(tr["builder_rules"], as_="h2", size="5"),
                rx.text(tr["builder_rules_hint"], size="2"),
                _grid(
                    _input(
                        tr["builder_min_percent"],
                        "min_percent",
                        r["min_percent"],
                        "rules-min",
                        type="number",
                        min=0,
                        max=100,
                    ),
                    _input(
                        tr["builder_window_opens"],
                        "opens",
                        r["opens"],
                        "rules-opens",
                        type="datetime-local",
                    ),
                    _input(
                        tr["builder_window_closes"],
                        "closes",
                        r["closes"],
                        "rules-closes",
                        type="datetime-local",
                    ),
                    _input(
                        tr["builder_margin"],
                        "margin",
                        r["margin"],
                        "rules-margin",
                        type="number",
                        min=0,
                        max=50,
                    ),
                    _input(
                        tr["builder_appeal_days"],
                        "appeal_days",
                        r["appeal_days"],
                        "rules-appeal",
                        type="number",
                        min=0,
                        max=90,
                    ),
                ),
                rx.flex(
                    _check(tr["builder_blind"], "blind", r["blind"] == "1", "rules-blind"),
                    _check(
                        tr["builder_moderated"],
                        "moderated",
                        r["moderated"] == "1",
                        "rules-moderated",
                    ),
                    spacing="4",
                    wrap="wrap",
                ),
                rx.button(tr["builder_save_rules"], type="submit", id="rules-save"),
                spacing="3",
                width="100%",
            ),
            on_submit=BuilderState.save_rules,
            reset_on_submit=False,
            key="rules-" + BuilderState.rev,
            id="rules-form",
        ),
        width="100%",
    )


def _quiz_fields(p: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    fid = "part-" + p["uuid"]
    return rx.vstack(
        _grid(
            _input(
                tr["builder_time_limit"],
                "time_limit",
                p["time_limit"],
                fid + "-time",
                type="number",
                min=1,
                max=600,
            ),
            _input(
                tr["builder_attempts"],
                "attempts",
                p["attempts"],
                fid + "-attempts",
                type="number",
                min=1,
                max=20,
            ),
            _input(tr["builder_delay"], "delay", p["delay"], fid + "-delay", type="number", min=0),
            _input(
                tr["builder_grace"],
                "grace",
                p["grace"],
                fid + "-grace",
                type="number",
                min=0,
                max=600,
            ),
            _input(
                tr["builder_quiz_opens"],
                "opens_at",
                p["opens_at"],
                fid + "-opens",
                type="datetime-local",
            ),
            _input(
                tr["builder_quiz_closes"],
                "closes_at",
                p["closes_at"],
                fid + "-closes",
                type="datetime-local",
            ),
        ),
        _check(
            tr["builder_one_per_screen"], "one_per_screen", p["one_per_screen"] == "1", fid + "-ops"
        ),
        _area(
            tr["builder_pools"],
            "pools",
            p["pools"],
            fid + "-pools",
            tr["builder_pools_hint"],
            rows="3",
        ),
        width="100%",
        spacing="2",
    )


def _work_fields(p: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    fid = "part-" + p["uuid"]
    return _grid(
        _input(tr["builder_due_at"], "due_at", p["due_at"], fid + "-due", type="datetime-local"),
        _input(
            tr["builder_max_files"],
            "max_files",
            p["max_files"],
            fid + "-files",
            type="number",
            min=1,
            max=20,
        ),
    )


def _rule_fields(p: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    fid = "part-" + p["uuid"]
    return rx.cond(
        p["kind"] == "decision",
        rx.text(tr["builder_rule_decision"], size="2"),
        _grid(
            rx.cond(
                p["kind"] == "quiz",
                rx.el.input(type="hidden", name="rule_kind", value="percent"),
                _select(
                    tr["builder_rule_kind"],
                    "rule_kind",
                    [("percent", tr["builder_rule_percent"]), ("level", tr["builder_rule_level"])],
                    p["rule_kind"],
                    fid + "-rule",
                ),
            ),
            _input(
                tr["builder_min_percent_part"],
                "min_percent",
                p["min_percent"],
                fid + "-minp",
                type="number",
                min=0,
                max=100,
            ),
            rx.cond(
                p["kind"] != "quiz",
                _input(
                    tr["builder_min_level"],
                    "min_level",
                    p["min_level"],
                    fid + "-minl",
                    type="number",
                    min=0,
                    max=9,
                ),
            ),
        ),
    )


def _question_editor(p: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    f = BuilderState.qform
    kind = f["kind"]
    fid = "question-" + p["uuid"]
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(
                    rx.cond(
                        BuilderState.editing_ident != "",
                        tr["builder_edit_question"],
                        tr["builder_new_question"],
                    ),
                    as_="h4",
                    size="3",
                ),
                rx.el.div(
                    rx.el.label(
                        tr["builder_question_kind"], html_for=fid + "-kind", class_name="form-label"
                    ),
                    rx.el.select(
                        *[rx.el.option(tr["question_kind_" + k], value=k) for k in QUESTION_KINDS],
                        id=fid + "-kind",
                        value=kind,
                        on_change=BuilderState.set_question_kind,
                        class_name="form-input",
                    ),
                    class_name="form-field",
                ),
                _grid(
                    _input(
                        tr["builder_question_id"],
                        "id",
                        f["id"],
                        fid + "-id",
                        max_length=64,
                        required=True,
                    ),
                    _input(
                        tr["builder_points"],
                        "points",
                        f["points"],
                        fid + "-points",
                        type="number",
                        min=1,
                        max=100,
                    ),
                ),
                _area(tr["builder_prompt"], "prompt", f["prompt"], fid + "-prompt", rows="3"),
                rx.cond(
                    (kind == "single")
                    | (kind == "multiple")
                    | (kind == "ordering")
                    | (kind == "matching"),
                    _area(
                        tr["builder_choices"],
                        "choices",
                        f["choices"],
                        fid + "-choices",
                        rx.match(
                            kind,
                            ("ordering", tr["builder_choices_ordering"]),
                            ("matching", tr["builder_choices_matching"]),
                            tr["builder_choices_hint"],
                        ),
                    ),
                ),
                rx.cond(
                    (kind == "single") | (kind == "multiple"),
                    _input(
                        tr["builder_correct_numbers"], "correct", f["correct"], fid + "-correct"
                    ),
                ),
                rx.cond(
                    kind == "multiple",
                    _check(tr["builder_partial"], "partial", f["partial"] != "", fid + "-partial"),
                ),
                rx.cond(
                    kind == "truefalse",
                    _select(
                        tr["builder_correct"],
                        "correct",
                        [("true", tr["builder_true"]), ("false", tr["builder_false"])],
                        f["correct"],
                        fid + "-tf",
                    ),
                ),
                rx.cond(
                    kind == "numeric",
                    _grid(
                        _input(
                            tr["builder_correct_value"],
                            "correct",
                            f["correct"],
                            fid + "-value",
                            input_mode="decimal",
                        ),
                        _input(
                            tr["builder_tolerance"],
                            "tolerance",
                            f["tolerance"],
                            fid + "-tol",
                            input_mode="decimal",
                        ),
                    ),
                ),
                rx.cond(
                    kind == "text",
                    _area(
                        tr["builder_accepted"],
                        "accepted",
                        f["accepted"],
                        fid + "-accepted",
                        tr["builder_accepted_hint"],
                    ),
                ),
                rx.cond(
                    kind == "essay",
                    _input(
                        tr["builder_max_words"],
                        "max_words",
                        f["max_words"],
                        fid + "-words",
                        type="number",
                        min=1,
                    ),
                ),
                rx.flex(
                    rx.button(tr["builder_save_question"], type="submit", id="question-save"),
                    rx.button(
                        tr["builder_cancel"],
                        type="button",
                        variant="soft",
                        color_scheme="gray",
                        on_click=BuilderState.cancel_question,
                    ),
                    spacing="2",
                    wrap="wrap",
                ),
                spacing="2",
                width="100%",
            ),
            on_submit=BuilderState.save_question,
            reset_on_submit=False,
            key="q-" + BuilderState.rev + "-" + kind,
            id="question-form",
        ),
        width="100%",
        variant="surface",
    )


def _questions(p: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    return rx.vstack(
        rx.heading(tr["builder_questions"], " (", p["count"], ")", as_="h3", size="4"),
        rx.el.ol(
            rx.foreach(
                BuilderState.questions,
                lambda q: rx.cond(
                    q["component"] == p["uuid"],
                    rx.el.li(
                        rx.vstack(
                            rx.text(
                                rx.el.strong(q["ident"]),
                                " · ",
                                q["kind"],
                                " · ",
                                q["points"],
                                " ",
                                tr["builder_points_short"],
                                size="2",
                            ),
                            rx.text(q["prompt"], size="2", white_space="pre-line"),
                            rx.cond(
                                q["answer"] != "",
                                rx.text(
                                    tr["builder_key"],
                                    ": ",
                                    q["answer"],
                                    size="1",
                                    color_scheme="gray",
                                ),
                            ),
                            rx.flex(
                                rx.button(
                                    tr["builder_edit"],
                                    rx.el.span(" ", q["ident"], class_name="sr-only"),
                                    size="1",
                                    variant="soft",
                                    type="button",
                                    on_click=BuilderState.edit_question(p["uuid"], q["ident"]),  # type: ignore[operator]  # mypy reads a decorated handler as EventNamespace
                                ),
                                rx.button(
                                    tr["builder_remove"],
                                    rx.el.span(" ", q["ident"], class_name="sr-only"),
                                    size="1",
                                    variant="soft",
                                    color_scheme="red",
                                    type="button",
                                    on_click=BuilderState.remove_question(p["uuid"], q["ident"]),  # type: ignore[operator]  # mypy reads a decorated handler as EventNamespace
                                ),
                                spacing="2",
                            ),
                            spacing="1",
                            align="start",
                        ),
                        class_name="question-row",
                    ),
                ),
            ),
            class_name="question-list",
        ),
        rx.cond(
            BuilderState.editing_part == p["uuid"],
            _question_editor(p),
            rx.button(
                rx.icon("plus", aria_hidden="true"),
                tr["builder_add_question"],
                type="button",
                variant="soft",
                on_click=BuilderState.new_question(p["uuid"]),  # type: ignore[operator]  # mypy reads a decorated handler as EventNamespace
                class_name="add-question",
            ),
        ),
        rx.card(
            native_form(
                rx.el.input(type="hidden", name="component", value=p["uuid"]),
                rx.el.label(
                    tr["builder_qti_file"], html_for="qti-" + p["uuid"], class_name="form-label"
                ),
                rx.flex(
                    rx.el.input(
                        type="file",
                        name="package",
                        id="qti-" + p["uuid"],
                        required=True,
                        accept=".zip,.xml,application/zip,text/xml,application/xml",
                        class_name="form-input",
                    ),
                    rx.button(
                        rx.icon("upload", aria_hidden="true"),
                        tr["builder_qti_import"],
                        type="submit",
                    ),
                    spacing="2",
                    wrap="wrap",
                    align="center",
                ),
                rx.link(
                    rx.icon("download", size=16, aria_hidden="true"),
                    " ",
                    tr["builder_qti_export"],
                    href=api("/api/staff/")
                    + BuilderState.slug
                    + "/assessments/"
                    + BuilderState.offering
                    + "/qti/"
                    + p["uuid"],
                    size="2",
                ),
                action=api("/api/staff/")
                + BuilderState.slug
                + "/assessments/"
                + BuilderState.offering
                + "/qti",
                method="post",
                enc_type="multipart/form-data",
                class_name="plain-form qti-form",
            ),
            width="100%",
            variant="ghost",
        ),
        width="100%",
        spacing="2",
    )


def _part(p: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    fid = "part-" + p["uuid"]
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.heading(p["title"], as_="h3", size="4"),
                rx.badge(p["kind_label"]),
                rx.badge(tr["builder_weight"], ": ", p["weight"], color_scheme="gray"),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            rx.form(
                rx.vstack(
                    rx.el.input(type="hidden", name="uuid", value=p["uuid"]),
                    _grid(
                        _input(
                            tr["builder_title"],
                            "title",
                            p["title"],
                            fid + "-title",
                            max_length=200,
                            required=True,
                        ),
                        _input(
                            tr["builder_weight"],
                            "weight",
                            p["weight"],
                            fid + "-weight",
                            type="number",
                            min=0,
                            max=100,
                        ),
                        rx.cond(
                            p["kind"] == "decision",
                            _select(
                                tr["builder_mode"],
                                "mode",
                                [(m, tr["part_mode_" + m]) for m in MODES],
                                p["mode"],
                                fid + "-mode",
                            ),
                        ),
                    ),
                    _area(
                        tr["builder_instructions"],
                        "instructions",
                        p["instructions"],
                        fid + "-instructions",
                        rows="3",
                    ),
                    _rule_fields(p),
                    rx.cond(p["kind"] == "quiz", _quiz_fields(p)),
                    rx.cond((p["kind"] == "task") | (p["kind"] == "portfolio"), _work_fields(p)),
                    rx.cond(
                        p["kind"] != "quiz",
                        _area(
                            tr["builder_rubric"],
                            "rubric",
                            p["rubric"],
                            fid + "-rubric",
                            tr["builder_rubric_hint"],
                            rows="6",
                        ),
                    ),
                    rx.button(tr["builder_save_part"], type="submit", class_name="part-save"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=BuilderState.save_part,
                reset_on_submit=False,
                key=p["uuid"] + "-" + BuilderState.rev,
                class_name="part-form",
            ),
            rx.cond(p["kind"] == "quiz", _questions(p)),
            rx.flex(
                rx.button(
                    rx.icon("eye", aria_hidden="true"),
                    tr["builder_preview"],
                    rx.el.span(" ", p["title"], class_name="sr-only"),
                    type="button",
                    variant="soft",
                    on_click=BuilderState.show_preview(p["uuid"]),  # type: ignore[operator]  # mypy reads a decorated handler as EventNamespace
                    class_name="preview-button",
                ),
                # At either end there is no such move: no button (not a greyed-out one).
                rx.cond(
                    p["first"] != "1",
                    rx.button(
                        rx.icon("arrow-up", aria_hidden="true"),
                        tr["builder_move_up"],
                        rx.el.span(" ", p["title"], class_name="sr-only"),
                        type="button",
                        variant="soft",
                        color_scheme="gray",
                        on_click=BuilderState.move_part(p["uuid"], -1),  # type: ignore[operator]  # mypy reads a decorated handler as EventNamespace
                    ),
                ),
                # At either end there is no such move: no button (not a greyed-out one).
                rx.cond(
                    p["last"] != "1",
                    rx.button(
                        rx.icon("arrow-down", aria_hidden="true"),
                        tr["builder_move_down"],
                        rx.el.span(" ", p["title"], class_name="sr-only"),
                        type="button",
                        variant="soft",
                        color_scheme="gray",
                        on_click=BuilderState.move_part(p["uuid"], 1),  # type: ignore[operator]  # mypy reads a decorated handler as EventNamespace
                    ),
                ),
                rx.button(
                    rx.icon("trash-2", aria_hidden="true"),
                    tr["builder_remove"],
                    rx.el.span(" ", p["title"], class_name="sr-only"),
                    type="button",
                    variant="soft",
                    color_scheme="red",
                    on_click=BuilderState.remove_part(p["uuid"]),  # type: ignore[operator]  # mypy reads a decorated handler as EventNamespace
                ),
                spacing="2",
                wrap="wrap",
            ),
            rx.cond(BuilderState.preview_for == p["uuid"], _preview()),
            spacing="3",
            width="100%",
        ),
        width="100%",
        class_name="part-card",
        id=fid,
    )


def _preview() -> rx.Component:
    tr = LangState.tr
    s = BuilderState
    return rx.card(
        rx.vstack(
            rx.heading(tr["builder_preview_title"], ": ", s.preview_title, as_="h4", size="3"),
            rx.text(tr["builder_preview_hint"], size="1", color_scheme="gray"),
            rx.cond(s.preview_facts != "", rx.text(s.preview_facts, size="2")),
            rx.cond(
                s.preview_intro != "", rx.text(s.preview_intro, size="2", white_space="pre-line")
            ),
            rx.el.ol(
                rx.foreach(
                    s.preview_questions,
                    lambda q: rx.el.li(
                        rx.text(
                            rx.el.strong(q["prompt"]),
                            " (",
                            q["points"],
                            " ",
                            tr["builder_points_short"],
                            ")",
                            size="2",
                            white_space="pre-line",
                        ),
                        rx.text(q["kind"], size="1", color_scheme="gray"),
                        rx.text(q["options"], size="2", white_space="pre-line"),
                        class_name="preview-question",
                    ),
                )
            ),
            rx.foreach(
                s.preview_criteria,
                lambda c: rx.box(
                    rx.text(rx.el.strong(c["title"]), size="2"),
                    rx.text(c["levels"], size="2", white_space="pre-line"),
                ),
            ),
            rx.button(
                tr["builder_preview_close"], type="button", variant="soft", on_click=s.close_preview
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        id="preview",
        variant="surface",
    )


def _add_part() -> rx.Component:
    tr = LangState.tr
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(tr["builder_add_part"], as_="h2", size="4"),
                _grid(
                    _select(
                        tr["builder_kind"],
                        "kind",
                        [(k, tr["part_kind_" + k]) for k in PART_KINDS],
                        "quiz",
                        "new-part-kind",
                    ),
                    _input(
                        tr["builder_title"],
                        "title",
                        "",
                        "new-part-title",
                        max_length=200,
                        required=True,
                    ),
                    _input(
                        tr["builder_weight"],
                        "weight",
                        "0",
                        "new-part-weight",
                        type="number",
                        min=0,
                        max=100,
                    ),
                    _select(
                        tr["builder_mode_if_decision"],
                        "mode",
                        [(m, tr["part_mode_" + m]) for m in MODES],
                        "oral",
                        "new-part-mode",
                    ),
                ),
                rx.button(
                    rx.icon("plus", aria_hidden="true"),
                    tr["builder_add_part_button"],
                    type="submit",
                    id="add-part",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=BuilderState.add_part,
            reset_on_submit=True,
            id="add-part-form",
        ),
        width="100%",
    )


def _publish_bar() -> rx.Component:
    tr = LangState.tr
    s = BuilderState
    return rx.card(
        rx.vstack(
            rx.heading(tr["builder_publish_title"], as_="h2", size="4"),
            rx.text(tr["builder_publish_hint"], size="2"),
            rx.cond(
                s.checked,
                rx.cond(
                    s.problems.length() > 0,
                    rx.callout.root(
                        rx.callout.icon(rx.icon("triangle-alert", aria_hidden="true")),
                        rx.box(rx.el.ul(rx.foreach(s.problems, lambda p: rx.el.li(p)))),
                        color_scheme="orange",
                        role="alert",
                        id="problems",
                        width="100%",
                    ),
                    rx.callout(
                        tr["builder_no_problems"],
                        icon="check",
                        color_scheme="green",
                        id="no-problems",
                        width="100%",
                    ),
                ),
            ),
            rx.flex(
                rx.button(
                    tr["builder_check"],
                    type="button",
                    variant="soft",
                    on_click=s.check,
                    id="check-draft",
                ),
                rx.button(
                    tr["builder_publish"],
                    type="button",
                    color_scheme="green",
                    on_click=s.publish,
                    id="publish-draft",
                ),
                rx.button(
                    tr["builder_discard"],
                    type="button",
                    variant="soft",
                    color_scheme="red",
                    on_click=s.discard,
                    id="discard-draft",
                ),
                spacing="2",
                wrap="wrap",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


@rx.page(route=ROUTE, on_load=staff_on_load(BuilderState.load), title=page_title("staff-builder"))
def builder_page() -> rx.Component:
    tr = LangState.tr
    s = BuilderState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.link(
                    tr["assessments_title"], href="/staff/" + s.slug + "/assessments", size="2"
                ),
                rx.heading(s.offering_title, as_="h1", size="7"),
                rx.text(
                    tr["builder_draft_of"],
                    " ",
                    s.version,
                    " · ",
                    tr["assessment_published"],
                    ": ",
                    s.published_version,
                    size="2",
                    id="builder-version",
                ),
                rx.cond(s.rpl, rx.badge(tr["assessment_only_badge"], color_scheme="violet")),
                rx.text(tr["builder_intro"], size="2", max_width="70ch"),
                flash_message(),
                message_box(s.message, s.message_kind),
                _rules(),
                rx.heading(tr["builder_parts"], as_="h2", size="5"),
                rx.foreach(s.parts, _part),
                _add_part(),
                _publish_bar(),
                spacing="4",
                width="100%",
            ),
            rx.cond(
                ready(s.denied, s.loaded_path),
                rx.callout(tr["not_allowed"], icon="lock", color_scheme="red", id="denied"),
                skeleton(),
            ),
        )
    )
