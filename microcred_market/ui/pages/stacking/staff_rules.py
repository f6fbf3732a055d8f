"""/staff/[slug]/qualifications: the rule of each qualification the university awards,
as validated JSON with its reading in words; refused rules say what is wrong per node."""

from __future__ import annotations

import json
from typing import Any, cast

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.accounts import authz
from microcred_market.platform import i18n
from microcred_market.platform.db import Session
from microcred_market.platform.errors import DomainError
from microcred_market.stacking import rules
from microcred_market.stacking import service as stacking
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.pages.assessments.common import call_as, message_box, slug_param
from microcred_market.ui.pages.stacking.view import rule_lines
from microcred_market.ui.state.auth import Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session
from microcred_market.vc.qualification import ACHIEVEMENT_TYPES

ROUTE = "/staff/[slug]/qualifications"
PREVIEW_PAUSE_MS = 500  # long enough that typing sends one check per pause, not per key
EXAMPLE = {
    "version": 1,
    "root": {"kind": "n_of", "id": "electives", "n": 1, "label": "electives", "children": []},
}


def _rows(
    session: Session, principal: authz.Principal, slug: str, lang: str
) -> list[dict[str, str]]:
    rows = []
    for view in stacking.rules_of_university(session, principal, slug):
        words = _words(rules.parse(json.loads(view.rule_json)), lang) if view.rule_json else ""
        rows.append(
            {
                "slug": view.slug,
                "title": view.title,
                "json": view.rule_json or json.dumps(EXAMPLE, indent=2),
                "words": words,
                "prk": str(view.prk_level or ""),
                "zsk": view.zsk_code,
                "partial": "yes" if view.partial else "",
                "kind": view.achievement_type,
                "eqf": str(view.eqf_level),
            }
        )
    return rows


def _save(
    session: Session, user_id: int, slug: str, form: dict[str, Any], lang: str
) -> tuple[str, str]:
    """("success" | "error", the message): a refused rule lists each node's problem."""
    principal = authz.principal_for(session, user_id)
    prk = str(form.get("prk", "")).strip()[:2]
    try:
        view = stacking.set_rules(
            session,
            principal,
            str(form.get("qualification", ""))[:120],
            str(form.get("rule", ""))[:200_000],
            university_slug=slug,
            prk_level=int(prk) if prk.isdigit() else None,
            zsk_code=str(form.get("zsk", "")).strip()[:40],
            partial=bool(form.get("partial")),
            achievement_type=str(form.get("kind", "Certificate"))[:40],
        )
    except DomainError as error:  # RuleRefused lists each node's problem on its own line
        session.rollback()
        return "error", error.text(lang)
    return "success", i18n.t("stacking.page.saved", lang, title=view.title)


def _preview(
    session: Session, user_id: int, slug: str, qualification: str, text: str, lang: str
) -> dict[str, str]:
    """What the builder shows under the JSON while staff type: the rule in words and
    what it can count, or the problems a save would refuse it for, one per node."""
    principal = authz.principal_for(session, user_id)
    try:
        found = stacking.preview_rules(
            session, principal, qualification, text, university_slug=slug
        )
    except DomainError as error:
        return {"kind": "error", "text": error.text(lang), "words": ""}
    summary = [
        i18n.t(
            "stacking.page.preview_ok",
            lang,
            n=found.achievements_named,
        ),
        i18n.t("stacking.page.preview_ects", lang, ects=i18n.fmt_number(found.ects_possible, lang))
        if found.ects_possible is not None
        else i18n.t("stacking.page.preview_open", lang),
        i18n.t("stacking.page.preview_unsaved", lang),
    ]
    return {
        "kind": "success",
        "text": " ".join(summary),
        "words": _words(found.rule, lang, found.titles),
    }


def _words(rule: rules.Rule, lang: str, titles: dict[str, str] | None = None) -> str:
    return "\n".join(
        f"{'  ' * int(float(line['pad'][:-2]) / 1.25)}{line['text']}"
        for line in rule_lines(rule, lang, titles)
    )


class StaffRulesState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    slug: str = ""
    rows: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    message: str = ""
    message_kind: str = ""
    form_key: int = 0
    # qualification slug -> {"kind", "text", "words"}: the live check of what is typed
    previews: rx.Field[dict[str, dict[str, str]]] = rx.field(default_factory=dict)

    async def _reload(self, user_id: int) -> None:
        lang = await reader_lang(self)
        found, _error = await call_as(self, user_id, _rows, self.slug, lang)
        if found is None:
            self.allowed, self.denied = False, True
            return
        self.rows = [row | {"key": f"{row['slug']}-{self.form_key}"} for row in found]
        self.allowed, self.denied = True, False

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded_path = current_path(self)
        self.slug = slug_param(self)
        self.message = ""
        self.previews = {}
        await self._reload(viewer.user_id)

    @rx.event
    @signed_in
    async def preview(self, qualification: str, text: str, *, viewer: Viewer):
        """Check the rule as typed (debounced on the page); only the page's own
        qualifications, so a crafted event cannot grow the state."""
        qualification = str(qualification)[:120]
        if qualification not in {row["slug"] for row in self.rows}:
            return
        lang = await reader_lang(self)
        found = await run_in_session(
            _preview, viewer.user_id, self.slug, qualification, str(text)[:200_001], lang
        )
        self.previews = {**self.previews, qualification: found}

    @rx.event
    @signed_in
    async def save(self, form: dict, *, viewer: Viewer):
        lang = await reader_lang(self)
        kind, text = await run_in_session(_save, viewer.user_id, self.slug, form, lang)
        self.message, self.message_kind = text, kind
        if kind == "success":
            self.form_key += 1
            self.previews = {}
        await self._reload(viewer.user_id)


def _field(label: str, name: str, value: Any, row: Any, **props: Any) -> rx.Component:
    field_id = "q-" + name + "-" + row["slug"]
    return rx.el.div(
        rx.el.label(LangState.tr[label], html_for=field_id, class_name="form-label"),
        rx.el.input(id=field_id, name=name, default_value=value, class_name="form-input", **props),
        class_name="form-field",
    )


def _live_preview(row: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    previews = cast(ObjectVar[dict[str, dict[str, str]]], StaffRulesState.previews)
    found = cast(ObjectVar[dict[str, str]], previews[row["slug"]])
    return rx.box(
        rx.text(tr["q_preview"], weight="bold", size="2"),
        rx.cond(
            previews.contains(row["slug"]),
            rx.box(
                rx.el.p(
                    found["text"],
                    white_space="pre-wrap",
                    class_name="rule-preview-text",
                    data_kind=found["kind"],
                    color=rx.cond(found["kind"] == "error", "var(--red-11)", "var(--green-11)"),
                ),
                rx.cond(
                    found["words"] != "",
                    rx.el.pre(found["words"], white_space="pre-wrap", class_name="rule-words"),
                ),
            ),
            rx.text(tr["q_preview_hint"], size="2", color_scheme="gray"),
        ),
        id="q-preview-" + row["slug"],
        class_name="rule-preview",
        aria_live="polite",
        width="100%",
    )


def _qualification(row: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(row["title"], as_="h2", size="4"),
                rx.el.input(type="hidden", name="qualification", value=row["slug"]),
                rx.el.label(
                    tr["q_rule_json"], html_for="q-rule-" + row["slug"], class_name="form-label"
                ),
                rx.el.textarea(
                    default_value=row["json"],
                    name="rule",
                    id="q-rule-" + row["slug"],
                    rows=14,
                    spellcheck=False,
                    class_name="form-input rule-json",
                    width="100%",
                    font_family="monospace",
                    font_size="0.85em",
                    aria_describedby="q-preview-" + row["slug"],
                    # the slug now, the typed text appended by on_change
                    on_change=StaffRulesState.preview(row["slug"]).debounce(  # type: ignore[operator]  # mypy reads rx.event handlers as EventNamespace
                        PREVIEW_PAUSE_MS
                    ),
                ),
                _live_preview(row),
                rx.grid(
                    _field("q_prk", "prk", row["prk"], row, inputmode="numeric", max_length=1),
                    _field("q_zsk", "zsk", row["zsk"], row, max_length=40),
                    _field("q_kind", "kind", row["kind"], row, max_length=40, list="q-kinds"),
                    columns=rx.breakpoints(initial="1", sm="3"),
                    spacing="3",
                    width="100%",
                ),
                rx.el.label(
                    rx.el.input(
                        type="checkbox",
                        name="partial",
                        default_checked=row["partial"] == "yes",
                    ),
                    " ",
                    tr["q_partial"],
                ),
                rx.button(tr["q_save"], type="submit", size="3", class_name="rule-save"),
                rx.cond(
                    row["words"] != "",
                    rx.box(
                        rx.heading(tr["q_in_words"], as_="h3", size="3"),
                        rx.el.pre(row["words"], white_space="pre-wrap", class_name="rule-words"),
                        width="100%",
                    ),
                ),
                spacing="2",
                width="100%",
                min_width="0",
            ),
            on_submit=StaffRulesState.save,
            reset_on_submit=False,
            key=row["key"],
            width="100%",
        ),
        width="100%",
        class_name="qualification-rule",
        id="rule-" + row["slug"],
    )


@rx.page(
    route=ROUTE,
    on_load=staff_on_load(StaffRulesState.load),
    title=page_title("staff-qualifications"),
)
def staff_rules_page() -> rx.Component:
    tr = LangState.tr
    s = StaffRulesState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.link(tr["staff_title"], href="/staff/" + s.slug, size="2"),
                rx.heading(tr["q_staff_title"], as_="h1", size="7"),
                rx.text(tr["q_staff_intro"], size="3", max_width="70ch"),
                message_box(s.message, s.message_kind, "rule-message"),
                rx.el.datalist(*[rx.el.option(value=k) for k in ACHIEVEMENT_TYPES], id="q-kinds"),
                rx.cond(
                    s.rows.length() > 0,
                    rx.vstack(rx.foreach(s.rows, _qualification), spacing="4", width="100%"),
                    rx.text(tr["q_staff_none"], id="rules-empty"),
                ),
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
