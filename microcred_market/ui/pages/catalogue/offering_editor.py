"""/staff/[slug]/offerings/new and /staff/[slug]/offerings/[offering]: write an offering with
every element of an EU micro-credential, save it as a draft, publish it, archive it.

Every change is one event, one unit of work, and goes through `authoring_access.as_editor`
(owners and editors of the university in the address) to `catalogue.authoring`, which
checks the values. A refusal names each problem in plain words twice: next to its field
(tied to it with `aria-describedby`, the field marked `aria-invalid`) and in a summary at
the top whose lines link to the fields. A change to a published offering makes a new
version (the service decides); the page says which, and that credentials keep theirs.

The fields are plain form controls owned by one `<form id="au-form">` through their
`form` attribute, so the skill search (its own small form) can sit among them without
nesting forms; Save submits the form, Publish reads the same form's entries.
"""

from __future__ import annotations

import json
from typing import Any, cast

import reflex as rx
from reflex.vars import ObjectVar
from reflex_base.utils.form import FormData

from microcred_market.catalogue import authoring, esco, vocab
from microcred_market.catalogue import queries as catalogue_queries
from microcred_market.platform import audit, i18n
from microcred_market.platform.db import Session
from microcred_market.platform.errors import DomainError
from microcred_market.platform.i18n import Phrases
from microcred_market.platform.money import format_money
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.i18n import LangState, page_title
from microcred_market.ui.pages.assessments.common import message_box, slug_param
from microcred_market.ui.pages.catalogue.authoring_access import (
    EDIT_ROUTE,
    NEW_ROUTE,
    as_editor,
)
from microcred_market.ui.state.auth import Viewer, signed_in
from microcred_market.ui.state.base import reader_lang, run_in_session

FORM_ID = "au-form"
SKILL_FORM_ID = "au-skill-form"
PRICE_FORM_ID = "au-price-form"
MAX_QUERY = 100

# Which field a problem named by the service belongs to ("" : the summary only).
FIELD_OF: dict[str, str] = {
    "error.catalogue.eu_element.title": "title",
    "error.catalogue.needs_title": "title",
    "error.catalogue.eu_element.learning_outcomes": "outcomes",
    "error.catalogue.bad_field.too_many_outcomes": "outcomes",
    "error.catalogue.eu_element.workload": "ects",
    "error.catalogue.needs_ects": "ects",
    "error.catalogue.bad_field.ects": "ects",
    "error.catalogue.eu_element.eqf_level": "eqf_level",
    "error.catalogue.needs_eqf_level": "eqf_level",
    "error.catalogue.bad_field.eqf_level": "eqf_level",
    "error.catalogue.eu_element.national_level": "prk_level",
    "error.catalogue.bad_field.prk_level": "prk_level",
    "error.catalogue.eu_element.assessment_type": "assessment_type",
    "error.catalogue.needs_assessment_type": "assessment_type",
    "error.catalogue.eu_element.participation_form": "participation_form",
    "error.catalogue.needs_participation_form": "participation_form",
    "error.catalogue.needs_supervision": "supervision",
    "error.catalogue.eu_element.quality_assurance": "quality_assurance",
    "error.catalogue.needs_currency": "currency",
    "error.catalogue.bad_field.currency_has_price": "currency",
    "error.catalogue.needs_price": "price",
    "error.catalogue.bad_field.price": "price",
    "error.catalogue.needs_start_date": "start_date",
    "error.catalogue.bad_field.start_date": "start_date",
    "error.catalogue.needs_end_after_start": "end_date",
    "error.catalogue.bad_field.end_date": "end_date",
    "error.catalogue.needs_seat_capacity": "seat_capacity",
    "error.catalogue.bad_field.seat_capacity": "seat_capacity",
    "error.catalogue.bad_field.esco_skill": "skills",
    "error.catalogue.bad_field.too_many_skills": "skills",
    "error.catalogue.bad_field.isced_f_code": "isced_f_code",
    "error.catalogue.bad_field.language": "language",
}
SUMMARY_TITLES = {
    "error.catalogue.publish_refused": "au_sum_publish",
    "error.catalogue.offering_unreadable": "au_sum_unreadable",
    "error.catalogue.offering_incomplete": "au_sum_incomplete",
}
# The id of the control a summary line links to (the outcomes and skills: their first).
ANCHOR = {"outcomes": "au-outcomes", "skills": "au-skill-q"}


def field_id(name: str) -> str:
    return ANCHOR.get(name, f"au-{name}")


def problems_of(error: DomainError, lang: str) -> tuple[dict[str, str], list[dict[str, str]]]:
    """(field -> its message, the summary's lines) for a refusal, in the reader's words."""
    phrases = [p for v in error.params.values() if isinstance(v, Phrases) for p in v.items]
    by_field: dict[str, str] = {}
    summary: list[dict[str, str]] = []
    for p in phrases:
        what = i18n.t(p.key, lang, **p.params)
        if ".eu_element." in p.key:
            text = i18n.t("ui.au_needs_to_publish", lang, what=what)
        elif ".bad_field." in p.key:
            text = i18n.t("ui.au_check", lang, what=what)
        else:
            text = i18n.t("ui.au_needs", lang, what=what)
        name = FIELD_OF.get(p.key, "")
        if name:
            by_field[name] = f"{by_field[name]} {text}" if name in by_field else text
        summary.append({"field": name, "anchor": field_id(name) if name else "", "text": text})
    if not summary:
        summary.append({"field": "", "anchor": "", "text": error.text(lang)})
    return by_field, summary


def focus(element_id: str) -> Any:
    """Move the keyboard to an element once it is drawn (this event may be what draws it:
    a new outcome line, the summary after the move to a new draft's address)."""
    return rx.call_script(
        f"(function f(n){{const e=document.getElementById({json.dumps(element_id)});"
        "if(e){e.focus()}else if(n>0){setTimeout(()=>f(n-1),50)}})(40)"
    )


def _options(vocabulary: vocab.Vocabulary, lang: str) -> list[dict[str, str]]:
    return [{"value": c, "label": vocab.label(vocabulary, c, lang)} for c in vocabulary]


def _open(
    slug: str, lang: str
) -> Any:  # a `call` for `as_editor`: the form of `slug`, or a blank one
    def call(
        session: Session, uni: catalogue_queries.UniversityRef, _actor: audit.Actor
    ) -> tuple[str, authoring.OfferingEdit]:
        if slug:
            return uni.name, authoring.editor_view(session, uni.id, slug)
        return uni.name, authoring.blank_view(session, uni.id, lang)

    return call


def _save(slug: str, inp: authoring.OfferingInput) -> Any:
    """Store the form: a new draft, or a change (publishing is a step of its own, so a
    refused publication keeps what was written as the draft it is)."""

    def call(
        session: Session, uni: catalogue_queries.UniversityRef, actor: audit.Actor
    ) -> authoring.Saved:
        if slug:
            return authoring.update_offering(session, uni.id, actor, slug, inp)
        return authoring.create_offering(session, uni.id, actor, inp)

    return call


def _publish(slug: str) -> Any:
    def call(
        session: Session, uni: catalogue_queries.UniversityRef, actor: audit.Actor
    ) -> authoring.Saved:
        return authoring.publish(session, uni.id, actor, slug)

    return call


def _price_change(slug: str, currency: str, amount: str | None) -> Any:
    """Add a price in `currency` (an `amount`), or remove it (`amount` None)."""

    def call(
        session: Session, uni: catalogue_queries.UniversityRef, actor: audit.Actor
    ) -> authoring.Saved:
        if amount is None:
            return authoring.remove_price(session, uni.id, actor, slug, currency)
        return authoring.add_price(session, uni.id, actor, slug, currency, amount)

    return call


def _state_change(slug: str, to: str) -> Any:
    def call(
        session: Session, uni: catalogue_queries.UniversityRef, actor: audit.Actor
    ) -> authoring.Saved:
        change = authoring.archive if to == "archived" else authoring.restore
        return change(session, uni.id, actor, slug)

    return call


class OfferingEditorState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    slug: str = ""  # the university's
    university: str = ""
    offering: str = ""  # the offering's slug ("" : not written yet)
    status: str = "draft"
    status_text: str = ""
    version: str = ""  # the latest version's number ("" : never published)
    versions: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    form_values: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    outcomes: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    skills: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    skill_results: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    skill_status: str = ""
    missing: rx.Field[list[str]] = rx.field(default_factory=list)
    university_qa: str = ""
    isced_options: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    language_options: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    form_options: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    assessment_options: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    supervision_options: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    errors: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    summary: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    summary_title: str = ""
    message: str = ""
    message_kind: str = ""
    form_key: rx.Field[int] = rx.field(0)
    # Prices in other currencies: each {"currency", "text"}; the currencies still free.
    prices: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    price_options: rx.Field[list[str]] = rx.field(default_factory=list)
    price_error: str = ""
    price_status: str = ""
    price_key: rx.Field[int] = rx.field(0)
    # The offering just created here, whose messages its editor keeps after the move.
    _carry: str = ""
    _seq: int = 0

    def _line(self, text: str = "") -> dict[str, str]:
        self._seq += 1
        return {"id": f"o{self._seq}", "text": text}

    def _clear_messages(self) -> None:
        self.errors, self.summary, self.summary_title = {}, [], ""
        self.message, self.message_kind = "", ""
        self.price_error, self.price_status = "", ""

    def _fill_prices(self, view: authoring.OfferingEdit, lang: str) -> None:
        """The prices section and the version it made (the form's fields stay as typed)."""
        self.status = view.status
        self.status_text = i18n.t(f"ui.au_state_{view.status}", lang)
        self.version = "" if view.version is None else str(view.version)
        self.prices = [
            {"currency": p.currency, "text": format_money(p.amount_minor, p.currency, lang)}
            for p in view.prices
        ]
        taken = {p.currency for p in view.prices} | {str(view.values.get("currency", ""))}
        self.price_options = [c for c in vocab.CURRENCIES if c not in taken]
        self.price_key += 1
        self.versions = [
            {
                "n": str(v.number),
                "label": i18n.t("ui.au_version", lang, n=v.number),
                "date": i18n.fmt_date(v.created_at, lang),
                "title": v.title,
            }
            for v in view.versions
        ]

    def _fill(self, university: str, view: authoring.OfferingEdit, lang: str) -> None:
        self.university = university
        self.offering = view.slug
        self._fill_prices(view, lang)
        self.form_values = dict(view.values)
        self.outcomes = [self._line(o) for o in view.learning_outcomes] or [self._line()]
        self.skills = esco.in_language(view.esco_skills, lang)
        self.skill_results, self.skill_status = [], ""
        self.missing = [i18n.t(p.key, lang, **p.params) for p in view.missing]
        self.university_qa = view.university_quality_assurance
        self.isced_options = [
            {"value": c, "label": f"{c} · {vocab.label(vocab.ISCED_FIELDS, c, lang)}"}
            for c in vocab.ISCED_FIELDS
        ]
        self.language_options = _options(vocab.LANGUAGES, lang)
        self.form_options = _options(vocab.PARTICIPATION_FORMS, lang)
        self.assessment_options = _options(vocab.ASSESSMENT_TYPES, lang)
        self.supervision_options = _options(vocab.SUPERVISION, lang)
        self.form_key += 1

    async def _reload(self, user_id: int, lang: str) -> bool:
        try:
            university, view = await run_in_session(
                as_editor,
                user_id,
                self.slug,
                _open(self.offering, lang),
                EDIT_ROUTE if self.offering else NEW_ROUTE,
            )
        except DomainError:
            self.allowed, self.denied = False, True
            self.form_values, self.outcomes, self.skills, self.versions = {}, [], [], []
            return False
        self._fill(university, view, lang)
        self.allowed, self.denied = True, False
        return True

    def _refused(self, error: DomainError, lang: str) -> None:
        self.errors, self.summary = problems_of(error, lang)
        self.summary_title = i18n.t(
            "ui." + SUMMARY_TITLES.get(error.key, "au_sum_incomplete"), lang
        )
        self.message, self.message_kind = "", ""

    def _focus_summary(self) -> Any:
        return focus("au-problems")

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded_path = current_path(self)
        self.slug = slug_param(self)
        self.offering = slug_param(self, "offering")
        lang = await reader_lang(self)
        keep = bool(self._carry) and self._carry == self.offering
        self._carry = ""
        if not keep:
            self._clear_messages()
        if not await self._reload(viewer.user_id, lang) or not keep:
            return None
        # Just created here: the keyboard goes where this event's answer is.
        return focus("au-problems" if self.summary else "au-message-box")

    def _input(self, entries: FormData) -> authoring.OfferingInput:
        outcomes = [str(v) for v in entries.getlist("learning_outcome")][
            : authoring.MAX_OUTCOMES + 5
        ]
        skills = [s["uri"] for s in self.skills][: esco.MAX_SKILLS + 5]
        form = {str(k): str(v) for k, v in entries.items() if isinstance(v, str)}
        return authoring.OfferingInput.from_form(form, outcomes, skills)

    async def _store(self, entries: FormData, user_id: int, publish: bool) -> Any:
        lang = await reader_lang(self)
        self._clear_messages()
        if not self.allowed:
            return None
        inp = self._input(entries)
        was_new = not self.offering
        try:
            saved = await run_in_session(
                as_editor,
                user_id,
                self.slug,
                _save(self.offering, inp),
                EDIT_ROUTE if self.offering else NEW_ROUTE,
            )
        except DomainError as error:
            # Nothing was stored; the fields keep what was typed, next to their messages.
            self._refused(error, lang)
            return self._focus_summary()
        message = (
            i18n.t("ui.au_saved_version", lang, n=saved.version)
            if saved.version is not None
            else i18n.t("ui.au_saved", lang)
        )
        kind = "success"
        if publish and saved.status != "published":
            try:
                done = await run_in_session(
                    as_editor, user_id, self.slug, _publish(saved.slug), EDIT_ROUTE
                )
            except DomainError as error:
                self._refused(error, lang)
                # What was written is kept: a draft, saved.
                self.message, self.message_kind = i18n.t("ui.au_saved_draft", lang), "info"
                return await self._after_save(saved.slug, was_new, user_id, lang, refused=True)
            message = i18n.t("ui.au_published", lang, n=done.version or self.version or 1)
        elif saved.status == "published" and saved.version is not None:
            message += " " + i18n.t("ui.au_credentials_keep", lang)
        self.message, self.message_kind = message, kind
        return await self._after_save(saved.slug, was_new, user_id, lang)

    async def _after_save(
        self, slug: str, was_new: bool, user_id: int, lang: str, refused: bool = False
    ) -> Any:
        if was_new:
            # The new draft's own address; its editor keeps this event's messages.
            self._carry = slug
            return rx.redirect(f"/staff/{self.slug}/offerings/{slug}")
        self.offering = slug
        await self._reload(user_id, lang)
        return focus("au-problems" if refused else "au-message-box")

    @rx.event
    @signed_in
    async def save(self, form: FormData, *, viewer: Viewer):
        return await self._store(form, viewer.user_id, publish=False)

    @rx.event
    @signed_in
    async def publish(self, entries: list[list[str]], *, viewer: Viewer):
        """Publish with what the form holds now (its entries, read by the button)."""
        pairs = [
            (str(e[0]), str(e[1]))
            for e in (entries or [])[:500]
            if isinstance(e, (list, tuple)) and len(e) == 2
        ]
        return await self._store(FormData(pairs), viewer.user_id, publish=True)

    async def _change(self, to: str, user_id: int) -> Any:
        lang = await reader_lang(self)
        self._clear_messages()
        if not self.offering or not self.allowed:
            return None
        try:
            await run_in_session(
                as_editor, user_id, self.slug, _state_change(self.offering, to), EDIT_ROUTE
            )
        except DomainError as error:
            self.message, self.message_kind = error.text(lang), "error"
            return None
        key = "ui.au_archived" if to == "archived" else "ui.au_restored"
        self.message, self.message_kind = i18n.t(key, lang), "success"
        await self._reload(user_id, lang)
        return focus("au-message-box")

    @rx.event
    @signed_in
    async def archive(self, *, viewer: Viewer):
        return await self._change("archived", viewer.user_id)

    @rx.event
    @signed_in
    async def restore(self, *, viewer: Viewer):
        return await self._change("draft", viewer.user_id)

    # ---- prices in other currencies: each added or removed at once, the form kept

    async def _price(self, currency: str, amount: str | None, user_id: int) -> Any:
        lang = await reader_lang(self)
        self.price_error, self.price_status = "", ""
        if not self.offering or not self.allowed:
            return None
        code = str(currency or "").strip().upper()[:8]
        try:
            saved = await run_in_session(
                as_editor,
                user_id,
                self.slug,
                _price_change(self.offering, code, amount),
                EDIT_ROUTE,
            )
            _university, view = await run_in_session(
                as_editor, user_id, self.slug, _open(self.offering, lang), EDIT_ROUTE
            )
        except DomainError as error:
            self.price_error = error.text(lang)
            return focus("au-price-amount" if amount is not None else "au-prices-h")
        self._fill_prices(view, lang)
        key = "ui.au_price_removed" if amount is None else "ui.au_price_added"
        status = i18n.t(key, lang, currency=code)
        if saved.version is not None:
            status += " " + i18n.t("ui.au_saved_version", lang, n=saved.version)
        self.price_status = status
        return focus("au-price-status")

    @rx.event
    @signed_in
    async def add_price(self, form: dict, *, viewer: Viewer):
        currency = str(form.get("price_currency", "") or "")[:8]
        amount = str(form.get("price_amount", "") or "")[:16]
        return await self._price(currency, amount, viewer.user_id)

    @rx.event
    @signed_in
    async def remove_price(self, currency: str, *, viewer: Viewer):
        return await self._price(str(currency)[:8], None, viewer.user_id)

    # ---- the learning outcomes: lines added, removed, moved (what was typed is kept)

    def _index(self, line_id: str) -> int:
        return next((n for n, o in enumerate(self.outcomes) if o["id"] == line_id), -1)

    @rx.event
    @signed_in
    async def set_outcome(self, line_id: str, text: str, *, viewer: Viewer):
        n = self._index(str(line_id))
        if n >= 0:
            lines = list(self.outcomes)
            lines[n] = {"id": lines[n]["id"], "text": str(text)[: authoring.MAX_OUTCOME_CHARS]}
            self.outcomes = lines

    @rx.event
    @signed_in
    async def add_outcome(self, *, viewer: Viewer):
        if len(self.outcomes) >= authoring.MAX_OUTCOMES:
            return None
        line = self._line()
        self.outcomes = [*self.outcomes, line]
        return focus(f"au-outcome-{line['id']}")

    @rx.event
    @signed_in
    async def remove_outcome(self, line_id: str, *, viewer: Viewer):
        n = self._index(str(line_id))
        if n < 0:
            return None
        lines = [o for o in self.outcomes if o["id"] != line_id] or [self._line()]
        self.outcomes = lines
        target = lines[min(n, len(lines) - 1)]["id"]
        return focus(f"au-outcome-{target}")

    @rx.event
    @signed_in
    async def move_outcome(self, line_id: str, step: int, *, viewer: Viewer):
        n = self._index(str(line_id))
        m = n + (1 if int(step) > 0 else -1)
        if n < 0 or not 0 <= m < len(self.outcomes):
            return None
        lines = list(self.outcomes)
        lines[n], lines[m] = lines[m], lines[n]
        self.outcomes = lines
        # The moved line's controls re-mount in their new place: keep the keyboard on it.
        way = "down" if m > n else "up"
        return focus(f"au-outcome-{way}-{line_id}")

    # ---- the ESCO skills: search the shipped list, choose, remove

    @rx.event
    @signed_in
    async def search_skills(self, form: dict, *, viewer: Viewer):
        lang = await reader_lang(self)
        query = str(form.get("q", "") or "")[:MAX_QUERY]
        chosen = {s["uri"] for s in self.skills}
        field = str(self.form_values.get("isced_f_code", ""))
        found = [s for s in esco.search(query, field, 12, lang) if s.uri not in chosen]
        self.skill_results = [{"uri": s.uri, "label": s.label_in(lang)} for s in found]
        self.skill_status = (
            i18n.t("ui.au_skills_found", lang, n=len(found))
            if found
            else i18n.t("ui.au_skill_no_match", lang)
        )

    @rx.event
    @signed_in
    async def add_skill(self, uri: str, *, viewer: Viewer):
        lang = await reader_lang(self)
        skill = esco.by_uri().get(str(uri)[:300])
        if skill is None or any(s["uri"] == skill.uri for s in self.skills):
            return None
        if len(self.skills) >= esco.MAX_SKILLS:
            self.skill_status = i18n.t(
                "ui.au_check",
                lang,
                what=i18n.t("error.catalogue.bad_field.too_many_skills", lang, n=esco.MAX_SKILLS),
            )
            return None
        self.skills = [*self.skills, {"uri": skill.uri, "label": skill.label_in(lang)}]
        self.skill_results = [r for r in self.skill_results if r["uri"] != skill.uri]
        self.skill_status = i18n.t("ui.au_skill_added", lang, skill=skill.label_in(lang))
        return None

    @rx.event
    @signed_in
    async def remove_skill(self, uri: str, *, viewer: Viewer):
        lang = await reader_lang(self)
        gone = [s for s in self.skills if s["uri"] == str(uri)]
        self.skills = [s for s in self.skills if s["uri"] != str(uri)]
        if gone:
            self.skill_status = i18n.t("ui.au_skill_removed", lang, skill=gone[0]["label"])
        return focus("au-skill-q")


# ---------------------------------------------------------------- the form's pieces

S = OfferingEditorState
# The two maps the fields read by name (mypy takes a dict Field on the class for a list).
ERRORS = cast(ObjectVar[dict[str, str]], S.errors)
VALUES = cast(ObjectVar[dict[str, str]], S.form_values)


def _described(name: str, hint: bool) -> Any:
    """The ids that describe a field: its hint, and its error while it has one."""
    err = f"au-{name}-error"
    hint_id = f"au-{name}-hint"
    return rx.cond(
        S.errors.contains(name),
        f"{err} {hint_id}" if hint else err,
        hint_id if hint else "",
    )


def _error(name: str) -> rx.Component:
    return rx.cond(
        S.errors.contains(name),
        rx.el.p(
            rx.icon("circle-alert", size=14, aria_hidden="true"),
            " ",
            ERRORS[name],
            id=f"au-{name}-error",
            class_name="form-error",
        ),
    )


def _hint(name: str, text: Any) -> rx.Component:
    return rx.el.small(text, id=f"au-{name}-hint", class_name="form-hint")


def _control_props(name: str, hint: bool) -> dict[str, Any]:
    return {
        "id": f"au-{name}",
        "name": name,
        "form": FORM_ID,
        "aria_describedby": _described(name, hint),
        "aria_invalid": rx.cond(S.errors.contains(name), "true", "false"),
        "class_name": "form-input",
        # An archived offering cannot change until it is restored as a draft.
        "disabled": S.status == "archived",
    }


def _text(
    label: str,
    name: str,
    hint: Any = None,
    *,
    area: bool = False,
    rows: int = 4,
    content: bool = False,
    **props: Any,
) -> rx.Component:
    """`content`: course text, written in the course's language (spelling checks it so)."""
    control_props = _control_props(name, hint is not None)
    if content:
        control_props["lang"] = VALUES["language"].to(str)
    value = VALUES[name].to(str)
    control = (
        rx.el.textarea(default_value=value, rows=rows, **control_props, **props)
        if area
        else rx.el.input(default_value=value, **control_props, **props)
    )
    return rx.el.div(
        rx.el.label(LangState.tr[label], html_for=f"au-{name}", class_name="form-label"),
        control,
        *([_hint(name, hint)] if hint is not None else []),
        _error(name),
        class_name="form-field",
    )


def _select(
    label: str,
    name: str,
    options: Any,
    hint: Any = None,
    empty: bool = False,
) -> rx.Component:
    control_props = _control_props(name, hint is not None)
    control_props["class_name"] = "native-select"
    return rx.el.div(
        rx.el.label(LangState.tr[label], html_for=f"au-{name}", class_name="form-label"),
        rx.el.select(
            *([rx.el.option(LangState.tr["au_choose"], value="")] if empty else []),
            rx.foreach(options, lambda o: rx.el.option(o["label"], value=o["value"])),
            default_value=VALUES[name].to(str),
            **control_props,
        ),
        *([_hint(name, hint)] if hint is not None else []),
        _error(name),
        class_name="form-field",
    )


def _levels(label: str, name: str, hint: Any = None) -> rx.Component:
    control_props = _control_props(name, hint is not None)
    control_props["class_name"] = "native-select"
    return rx.el.div(
        rx.el.label(LangState.tr[label], html_for=f"au-{name}", class_name="form-label"),
        rx.el.select(
            rx.el.option(LangState.tr["au_choose"], value=""),
            *[rx.el.option(str(n), value=str(n)) for n in range(1, 9)],
            default_value=VALUES[name].to(str),
            **control_props,
        ),
        *([_hint(name, hint)] if hint is not None else []),
        _error(name),
        class_name="form-field",
    )


def _section(title: str, *children: rx.Component, section_id: str) -> rx.Component:
    return rx.el.section(
        rx.heading(LangState.tr[title], as_="h2", size="5", id=f"{section_id}-h"),
        *children,
        aria_labelledby=f"{section_id}-h",
        id=section_id,
        class_name="au-section",
    )


def _grid(*children: rx.Component) -> rx.Component:
    return rx.grid(
        *children,
        columns=rx.breakpoints(initial="1", sm="2"),
        spacing="3",
        width="100%",
    )


def _outcome(line: ObjectVar[dict[str, str]], index: Any) -> rx.Component:
    tr = LangState.tr
    number = (index + 1).to_string()
    return rx.el.li(
        rx.el.label(
            tr["au_outcome_label"],
            " ",
            number,
            html_for="au-outcome-" + line["id"],
            class_name="sr-only",
        ),
        rx.el.input(
            id="au-outcome-" + line["id"],
            name="learning_outcome",
            form=FORM_ID,
            lang=VALUES["language"].to(str),
            disabled=S.status == "archived",
            default_value=line["text"],
            max_length=authoring.MAX_OUTCOME_CHARS,
            on_blur=lambda value: S.set_outcome(line["id"], value),  # type: ignore[operator]
            aria_describedby=rx.cond(
                S.errors.contains("outcomes"),
                "au-outcomes-error au-outcomes-hint",
                "au-outcomes-hint",
            ),
            aria_invalid=rx.cond(S.errors.contains("outcomes"), "true", "false"),
            class_name="form-input au-outcome-input",
        ),
        rx.flex(
            rx.button(
                rx.icon("arrow-up", size=16, aria_hidden="true"),
                type="button",
                variant="soft",
                size="1",
                on_click=S.move_outcome(line["id"], -1),  # type: ignore[operator]
                aria_label=tr["au_outcome_up"] + " (" + number + ")",
                id="au-outcome-up-" + line["id"],
                disabled=index == 0,
            ),
            rx.button(
                rx.icon("arrow-down", size=16, aria_hidden="true"),
                type="button",
                variant="soft",
                size="1",
                on_click=S.move_outcome(line["id"], 1),  # type: ignore[operator]
                aria_label=tr["au_outcome_down"] + " (" + number + ")",
                id="au-outcome-down-" + line["id"],
                disabled=index == S.outcomes.length() - 1,
            ),
            rx.button(
                tr["au_outcome_remove"],
                type="button",
                variant="soft",
                color_scheme="red",
                size="1",
                on_click=S.remove_outcome(line["id"]),  # type: ignore[operator]
                aria_label=tr["au_outcome_remove"] + ": " + tr["au_outcome_label"] + " " + number,
                class_name="au-outcome-remove",
            ),
            spacing="2",
            flex_shrink="0",
        ),
        key=line["id"],
        class_name="au-outcome",
    )


def _outcomes() -> rx.Component:
    tr = LangState.tr
    return _section(
        "au_sec_outcomes",
        rx.text(tr["au_outcomes_help"], size="2", id="au-outcomes-hint"),
        _error("outcomes"),
        rx.el.ol(
            rx.foreach(S.outcomes, _outcome),
            id="au-outcomes",
            class_name="au-outcomes",
            tab_index=-1,
        ),
        rx.button(
            rx.icon("plus", size=16, aria_hidden="true"),
            tr["au_outcome_add"],
            type="button",
            variant="outline",
            on_click=S.add_outcome,
            id="au-outcome-add",
            disabled=S.status == "archived",
        ),
        section_id="au-sec-outcomes",
    )


def _skill_row(skill: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    return rx.el.li(
        rx.vstack(
            rx.text(skill["label"], weight="medium", lang="en"),
            rx.code(skill["uri"], size="1", overflow_wrap="anywhere", word_break="break-all"),
            spacing="1",
            min_width="0",
            flex="1",
        ),
        rx.button(
            tr["au_skill_remove"],
            type="button",
            variant="soft",
            color_scheme="red",
            size="1",
            on_click=S.remove_skill(skill["uri"]),  # type: ignore[operator]
            aria_label=tr["au_skill_remove"] + ": " + skill["label"],
        ),
        class_name="au-skill",
    )


def _skill_result(skill: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    return rx.el.li(
        rx.vstack(
            rx.text(skill["label"], lang="en"),
            rx.code(skill["uri"], size="1", overflow_wrap="anywhere", word_break="break-all"),
            spacing="1",
            min_width="0",
            flex="1",
        ),
        rx.button(
            tr["au_skill_add"],
            type="button",
            size="1",
            on_click=S.add_skill(skill["uri"]),  # type: ignore[operator]
            aria_label=tr["au_skill_add"] + ": " + skill["label"],
        ),
        class_name="au-skill au-skill-result",
    )


def _skills() -> rx.Component:
    tr = LangState.tr
    return _section(
        "au_sec_skills",
        rx.text(tr["au_skills_help"], size="2", id="au-skills-hint"),
        _error("skills"),
        rx.cond(
            S.skills.length() > 0,
            rx.el.ul(rx.foreach(S.skills, _skill_row), id="au-skills", class_name="au-skills"),
            rx.text(tr["au_skills_none"], size="2", color_scheme="gray", id="au-skills-none"),
        ),
        rx.el.div(
            rx.el.label(tr["au_skill_search"], html_for="au-skill-q", class_name="form-label"),
            rx.flex(
                rx.el.input(
                    id="au-skill-q",
                    name="q",
                    form=SKILL_FORM_ID,
                    type="search",
                    max_length=MAX_QUERY,
                    auto_complete="off",
                    aria_describedby=rx.cond(
                        S.errors.contains("skills"),
                        "au-skills-error au-skills-hint",
                        "au-skills-hint",
                    ),
                    class_name="form-input",
                    flex="1",
                    min_width="0",
                ),
                rx.button(
                    rx.icon("search", size=16, aria_hidden="true"),
                    tr["search_button"],
                    type="submit",
                    custom_attrs={"form": SKILL_FORM_ID},
                    id="au-skill-search",
                ),
                spacing="2",
                width="100%",
            ),
            class_name="form-field",
        ),
        rx.el.p(
            S.skill_status,
            role="status",
            aria_live="polite",
            id="au-skill-status",
            class_name="form-hint",
        ),
        rx.cond(
            S.skill_results.length() > 0,
            rx.el.ul(
                rx.foreach(S.skill_results, _skill_result),
                id="au-skill-results",
                class_name="au-skills",
                aria_label=tr["au_skill_results"],
            ),
        ),
        section_id="au-sec-skills",
    )


def _price_row(price: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    return rx.el.li(
        rx.text(rx.el.strong(price["currency"]), " · ", price["text"], size="2"),
        rx.button(
            tr["au_price_remove"],
            type="button",
            variant="soft",
            color_scheme="red",
            size="1",
            on_click=S.remove_price(price["currency"]),  # type: ignore[operator]
            aria_label=tr["au_price_remove"] + ": " + price["currency"],
            disabled=S.status == "archived",
            id="au-price-remove-" + price["currency"],
        ),
        class_name="au-skill au-price",
    )


def _prices() -> rx.Component:
    """One price per other currency, each added or removed on its own (its own small form,
    outside the offering's, so adding one never saves or resets what is typed above)."""
    tr = LangState.tr
    invalid = rx.cond(S.price_error != "", "true", "false")
    described = rx.cond(S.price_error != "", "au-price-error au-prices-hint", "au-prices-hint")
    return rx.el.section(
        rx.heading(tr["au_sec_prices"], as_="h2", size="5", id="au-prices-h", tab_index=-1),
        rx.text(tr["au_prices_help"], size="2", id="au-prices-hint"),
        rx.cond(
            S.offering == "",
            rx.text(tr["au_prices_after_save"], size="2", color_scheme="gray"),
            rx.fragment(
                rx.cond(
                    S.prices.length() > 0,
                    rx.el.ul(
                        rx.foreach(S.prices, _price_row),
                        id="au-prices",
                        class_name="au-skills",
                        aria_label=tr["au_prices_list"],
                    ),
                    rx.text(
                        tr["au_prices_none"], size="2", color_scheme="gray", id="au-prices-none"
                    ),
                ),
                rx.cond(
                    S.price_options.length() > 0,
                    rx.form(
                        rx.grid(
                            rx.el.div(
                                rx.el.label(
                                    tr["au_price_currency"],
                                    html_for="au-price-currency",
                                    class_name="form-label",
                                ),
                                rx.el.select(
                                    rx.foreach(S.price_options, lambda c: rx.el.option(c, value=c)),
                                    id="au-price-currency",
                                    name="price_currency",
                                    aria_describedby=described,
                                    class_name="native-select",
                                    disabled=S.status == "archived",
                                ),
                                class_name="form-field",
                            ),
                            rx.el.div(
                                rx.el.label(
                                    tr["au_price_amount"],
                                    html_for="au-price-amount",
                                    class_name="form-label",
                                ),
                                rx.el.input(
                                    id="au-price-amount",
                                    name="price_amount",
                                    input_mode="decimal",
                                    max_length=16,
                                    auto_complete="off",
                                    required=True,
                                    aria_describedby=described,
                                    aria_invalid=invalid,
                                    class_name="form-input",
                                    disabled=S.status == "archived",
                                ),
                                class_name="form-field",
                            ),
                            columns=rx.breakpoints(initial="1", sm="2"),
                            spacing="3",
                            width="100%",
                        ),
                        rx.button(
                            rx.icon("plus", size=16, aria_hidden="true"),
                            tr["au_price_add"],
                            type="submit",
                            variant="outline",
                            id="au-price-add",
                            disabled=S.status == "archived",
                        ),
                        on_submit=S.add_price,
                        reset_on_submit=False,
                        id=PRICE_FORM_ID,
                        key="prices-" + S.price_key.to_string(),
                        class_name="plain-form",
                    ),
                    rx.text(tr["au_prices_all"], size="2", id="au-prices-all"),
                ),
                rx.cond(
                    S.price_error != "",
                    rx.el.p(
                        rx.icon("circle-alert", size=14, aria_hidden="true"),
                        " ",
                        S.price_error,
                        id="au-price-error",
                        role="alert",
                        class_name="form-error",
                    ),
                ),
                rx.el.p(
                    S.price_status,
                    role="status",
                    aria_live="polite",
                    id="au-price-status",
                    tab_index=-1,
                    class_name="form-hint",
                ),
            ),
        ),
        aria_labelledby="au-prices-h",
        id="au-sec-prices",
        class_name="au-section",
    )


def _summary() -> rx.Component:
    return rx.cond(
        S.summary.length() > 0,
        rx.el.div(
            rx.heading(S.summary_title, as_="h2", size="4"),
            rx.el.ul(
                rx.foreach(
                    S.summary,
                    lambda item: rx.el.li(
                        rx.cond(
                            item["anchor"] != "",
                            rx.el.a(
                                item["text"],
                                href="#" + item["anchor"],
                                # To the field itself, as a keyboard user expects.
                                on_click=rx.call_script(
                                    "document.getElementById('" + item["anchor"] + "')?.focus()"
                                ).prevent_default,
                            ),
                            rx.text(item["text"], as_="span"),
                        )
                    ),
                ),
            ),
            id="au-problems",
            role="alert",
            tab_index=-1,
            class_name="au-summary",
        ),
    )


def _status_panel() -> rx.Component:
    tr = LangState.tr
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.badge(
                    S.status_text,
                    color_scheme=rx.match(
                        S.status, ("published", "green"), ("archived", "gray"), "amber"
                    ),
                    size="2",
                    id="au-status",
                ),
                rx.text(
                    rx.cond(
                        S.version != "",
                        tr["au_version_label"] + " " + S.version,
                        tr["au_no_version"],
                    ),
                    weight="bold",
                    id="au-version",
                ),
                spacing="3",
                align="center",
                wrap="wrap",
            ),
            rx.text(tr["au_versions_help"], size="2"),
            rx.heading(tr["au_checklist"], as_="h2", size="3"),
            rx.cond(
                S.missing.length() > 0,
                rx.el.ul(
                    rx.foreach(S.missing, lambda m: rx.el.li(m)),
                    id="au-missing",
                    class_name="au-missing",
                ),
                rx.text(tr["au_checklist_ok"], size="2", color_scheme="green", id="au-ready"),
            ),
            rx.cond(
                S.versions.length() > 0,
                rx.el.details(
                    rx.el.summary(tr["au_versions"]),
                    rx.el.ol(
                        rx.foreach(
                            S.versions,
                            lambda v: rx.el.li(
                                rx.text(
                                    rx.el.strong(v["label"]),
                                    " · ",
                                    v["date"],
                                    " · ",
                                    rx.el.span(v["title"], lang=VALUES["language"].to(str)),
                                    size="2",
                                )
                            ),
                        ),
                        reversed=True,
                        id="au-versions",
                    ),
                ),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        id="au-state",
    )


def _actions() -> rx.Component:
    tr = LangState.tr
    entries: rx.Var[list[list[str]]] = rx.Var(
        _js_expr=f"[...new FormData(document.getElementById('{FORM_ID}')).entries()]"
        ".filter(([k, v]) => typeof v === 'string')",
        _var_type=list[list[str]],
    )
    editable = S.status != "archived"
    return rx.flex(
        rx.cond(
            editable,
            rx.fragment(
                rx.button(
                    rx.icon("save", size=16, aria_hidden="true"),
                    rx.cond(S.offering != "", tr["au_save"], tr["au_create"]),
                    type="submit",
                    custom_attrs={"form": FORM_ID},
                    size="3",
                    variant=rx.cond(S.status == "published", "solid", "outline"),
                    id="au-save",
                ),
                rx.cond(
                    S.status != "published",
                    rx.button(
                        rx.icon("send", size=16, aria_hidden="true"),
                        tr["au_publish"],
                        type="button",
                        size="3",
                        on_click=S.publish(entries),  # type: ignore[operator]
                        id="au-publish",
                    ),
                ),
            ),
        ),
        rx.cond(
            S.offering != "",
            rx.fragment(
                rx.link(
                    tr["au_preview"],
                    href="/staff/" + S.slug + "/offerings/" + S.offering + "/preview",
                    id="au-preview",
                ),
                rx.cond(
                    S.status == "archived",
                    rx.button(
                        tr["au_restore"],
                        type="button",
                        variant="outline",
                        size="3",
                        on_click=S.restore,
                        id="au-restore",
                    ),
                    rx.button(
                        tr["au_archive"],
                        type="button",
                        variant="soft",
                        color_scheme="gray",
                        size="3",
                        on_click=S.archive,
                        id="au-archive",
                    ),
                ),
            ),
        ),
        spacing="3",
        align="center",
        wrap="wrap",
        width="100%",
    )


def _fields() -> rx.Component:
    tr = LangState.tr
    return rx.vstack(
        _section(
            "au_sec_basics",
            _text("au_f_title", "title", max_length=200, content=True),
            _text("au_f_summary", "summary", area=True, rows=2, max_length=600, content=True),
            _text(
                "au_f_description",
                "description",
                area=True,
                rows=6,
                max_length=20_000,
                content=True,
            ),
            _select("au_f_language", "language", S.language_options),
            section_id="au-sec-basics",
        ),
        _outcomes(),
        _skills(),
        _section(
            "au_sec_level",
            _grid(
                _levels("au_f_eqf", "eqf_level"),
                _levels("au_f_prk", "prk_level", hint=tr["au_f_prk_help"]),
                _select("au_f_isced", "isced_f_code", S.isced_options, empty=True),
                _text(
                    "au_f_ects",
                    "ects",
                    input_mode="decimal",
                    max_length=10,
                    auto_complete="off",
                ),
            ),
            section_id="au-sec-level",
        ),
        _section(
            "au_sec_delivery",
            _grid(
                _select("au_f_form", "participation_form", S.form_options),
                _select("au_f_assessment", "assessment_type", S.assessment_options),
                _select("au_f_supervision", "supervision", S.supervision_options),
            ),
            _text("au_f_prereq", "prerequisites", area=True, rows=3, max_length=4000, content=True),
            _text(
                "au_f_qa",
                "quality_assurance",
                hint=tr["au_f_qa_help"]
                + " "
                + rx.cond(S.university_qa != "", S.university_qa, "—"),
                area=True,
                rows=3,
                max_length=2000,
            ),
            section_id="au-sec-delivery",
        ),
        _section(
            "au_sec_offer",
            _grid(
                _text(
                    "au_f_price",
                    "price",
                    input_mode="decimal",
                    max_length=16,
                    auto_complete="off",
                ),
                _select(
                    "au_f_currency",
                    "currency",
                    [{"value": c, "label": c} for c in vocab.CURRENCIES],
                ),
            ),
            rx.el.div(
                rx.el.label(
                    rx.el.input(
                        type="checkbox",
                        id="au-self_paced",
                        name="self_paced",
                        value="1",
                        form=FORM_ID,
                        default_checked=VALUES["self_paced"].to(str) != "",
                        disabled=S.status == "archived",
                        class_name="au-checkbox",
                    ),
                    tr["au_f_self_paced"],
                    html_for="au-self_paced",
                    class_name="au-check-label",
                ),
                class_name="form-field",
            ),
            _grid(
                _text("au_f_start", "start_date", type="date"),
                _text("au_f_end", "end_date", type="date"),
                _text(
                    "au_f_seats",
                    "seat_capacity",
                    input_mode="numeric",
                    max_length=8,
                    auto_complete="off",
                ),
            ),
            section_id="au-sec-offer",
        ),
        _prices(),
        spacing="5",
        width="100%",
    )


def editor() -> rx.Component:
    tr = LangState.tr
    return staff_frame(
        rx.cond(
            ready(S.allowed, S.loaded_path),
            rx.vstack(
                rx.link(tr["au_back"], href="/staff/" + S.slug + "/offerings", size="2"),
                rx.heading(
                    rx.cond(S.offering != "", VALUES["title"].to(str), tr["au_new"]),
                    as_="h1",
                    size="7",
                    overflow_wrap="anywhere",
                    id="au-heading",
                    lang=rx.cond(S.offering != "", VALUES["language"].to(str), LangState.current),
                ),
                rx.cond(S.offering == "", rx.text(tr["au_new_intro"], size="3")),
                _summary(),
                rx.el.div(
                    message_box(S.message, S.message_kind, "au-message"),
                    tab_index=-1,
                    id="au-message-box",
                    width="100%",
                ),
                _status_panel(),
                rx.cond(
                    S.status == "archived",
                    rx.callout(
                        tr["au_archived_note"], icon="archive", color_scheme="gray", width="100%"
                    ),
                ),
                rx.form(
                    on_submit=S.save,
                    reset_on_submit=False,
                    id=FORM_ID,
                    key=S.form_key.to_string(),
                ),
                rx.form(on_submit=S.search_skills, reset_on_submit=False, id=SKILL_FORM_ID),
                rx.fragment(_fields(), key="fields-" + S.form_key.to_string()),
                _actions(),
                rx.cond(
                    S.offering != "",
                    rx.flex(
                        rx.link(
                            tr["au_cohorts"],
                            href="/staff/" + S.slug + "/offerings/" + S.offering + "/cohorts",
                            id="au-cohorts",
                        ),
                        rx.link(
                            tr["au_assessment_builder"],
                            href="/staff/" + S.slug + "/assessments/" + S.offering,
                            id="au-builder",
                        ),
                        rx.cond(
                            S.status == "published",
                            rx.link(
                                tr["au_view_live"],
                                href="/offerings/" + S.offering,
                                id="au-live",
                            ),
                        ),
                        spacing="4",
                        wrap="wrap",
                    ),
                ),
                spacing="4",
                width="100%",
                max_width="860px",
                class_name="au-editor",
            ),
            rx.cond(
                ready(S.denied, S.loaded_path),
                rx.callout(tr["not_allowed"], icon="lock", color_scheme="red", id="denied"),
                skeleton(lines=10),
            ),
        )
    )


@rx.page(
    route=NEW_ROUTE,
    on_load=staff_on_load(OfferingEditorState.load),
    title=page_title("staff-offering-new"),
)
def new_offering_page() -> rx.Component:
    return editor()


@rx.page(
    route=EDIT_ROUTE,
    on_load=staff_on_load(OfferingEditorState.load),
    title=page_title("staff-offering-edit", VALUES["title"].to(str)),
)
def edit_offering_page() -> rx.Component:
    return editor()
