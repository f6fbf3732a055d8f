"""/verify: anyone checks a credential, no account needed.

Three ways in: paste its JSON, upload its file (JSON or a baked PNG/SVG badge) or give
its link; `/verify?url=...` (what QR codes and e-mails open) checks on load. The answer
is a verdict in plain words and colour, then who issued what to whom and when, then each
check. Checking runs in a background event so the page stays responsive; anything that
goes wrong becomes a sentence, never a stack trace.

`present` and `result_block` are shared with the public credential page.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

import reflex as rx

from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue import vocab
from microcred_market.credentials.sources import our_credential_uuid, verify_bytes, verify_link
from microcred_market.platform import ratelimit, urls
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import DomainError
from microcred_market.ui.check_words import check_message
from microcred_market.ui.components.layout import page
from microcred_market.ui.i18n import LangState, table
from microcred_market.ui.state.auth import AuthState
from microcred_market.ui.state.base import reader_lang
from microcred_market.ui.view import fmt_date
from microcred_market.vc.verify import MAX_CREDENTIAL_BYTES

log = logging.getLogger("microcred.ui.verify")

VERDICTS = ("valid", "invalid", "revoked", "suspended", "status_unknown", "unreadable")
CHECK_ORDER = ("format", "schema", "issuer", "signature", "dates", "status")
MARKS = {"pass": "✓", "fail": "✗", "unknown": "?", "skipped": "–"}
MARK_COLOURS = {"pass": "green", "fail": "red", "unknown": "amber", "skipped": "gray"}
UPLOAD_ID = "credential-upload"
ACCEPT = {
    "application/json": [".json", ".jsonld"],
    "image/png": [".png"],
    "image/svg+xml": [".svg"],
}
_PRK = re.compile(r"Polish Qualifications Framework \(PRK\) level (\d+)")


# --- turning a verification into what the page shows ------------------------------


def _text(value: Any, limit: int = 2000) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def _safe_href(url: Any) -> str:
    """Links from a stranger's credential: only http(s), never `javascript:`."""
    url = _text(url, 500)
    return url if url.lower().startswith(("https://", "http://")) else ""


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _date(value: Any, lang: str) -> str:
    text = _text(value, 40)
    try:
        return fmt_date(text, lang) if text else ""
    except ValueError:
        return text


def _ects(value: Any, lang: str) -> str:
    text = _text(str(value) if isinstance(value, int | float) else value, 20)
    if not text:
        return ""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text.replace('.', ',') if lang == 'pl' else text} ECTS"


def _nqf(text: str, lang: str) -> str:
    match = _PRK.fullmatch(text)
    if match and lang == "pl":
        return f"Polska Rama Kwalifikacji (PRK), poziom {match.group(1)}"
    return text


def _label(vocabulary: dict[str, dict[str, str]], code: Any, lang: str) -> str:
    code = _text(code, 80)
    return vocab.label(vocabulary, code, lang) if code else ""


def _issuer(facts: dict[str, Any], lang: str) -> str:
    name = _text(facts.get("issuer_name"), 300)
    code = _text(facts.get("issuer_country_code"), 4).upper()
    country = vocab.label(vocab.COUNTRIES, code, lang) if code in vocab.COUNTRIES else ""
    country = country or _text(facts.get("issuer_country"), 100)
    if name and country:
        return f"{name} ({country})"
    return name or country


def _qualifications(session: Any, links: list[Any]) -> list[dict[str, str]]:
    """Ours become titles with a local link; anyone else's stay addresses."""
    ours = urls.qualification_prefix()
    found = []
    for url in links[:20]:
        url = _text(url, 500)
        if not url:
            continue
        title, href = url, _safe_href(url)
        if url.startswith(ours):
            slug = url[len(ours) :].strip("/")
            try:
                title = catalogue.qualification_detail(session, slug).title
                href = f"/qualifications/{slug}"
            except DomainError:
                pass
        found.append({"title": title, "href": href})
    return found


def _checks(checks: list[Any], tr: dict[str, str], lang: str) -> list[dict[str, str]]:
    rows = []
    for check in checks:
        if not isinstance(check, dict):
            continue
        name = _text(check.get("name"), 40)
        status = _text(check.get("status"), 20)
        status = status if status in MARKS else "unknown"
        original = _text(check.get("message"), 400)
        words = check_message(original, lang)
        rows.append(
            {
                "name": name,
                "label": tr.get(f"c_{name}", name),
                "status": status,
                "mark": MARKS[status],
                "word": tr[f"s_{status}"],
                "colour": MARK_COLOURS[status],
                "message": _sentence(words),
                # Polish where we have the words; otherwise the verifier's English, so tagged.
                "lang": lang if words != original else "en",
            }
        )
    order = {name: i for i, name in enumerate(CHECK_ORDER)}
    return sorted(rows, key=lambda r: order.get(r["name"], len(order)))


def present(result: dict[str, Any], lang: str, session: Any) -> dict[str, Any]:
    """A verification (`credential_sources.verify_*`) as flat strings in the reader's language."""
    tr = table(lang)
    verdict = result.get("verdict")
    verdict = verdict if verdict in VERDICTS else "invalid"
    facts = result.get("facts") if isinstance(result.get("facts"), dict) else {}
    content_lang = _text(facts.get("language"), 12) or lang
    title = _text(facts.get("title"), 300)
    issuer = _issuer(facts, lang)
    learner = _text(facts.get("learner_name"), 300)
    issued = _date(facts.get("issued"), lang)
    eqf = _text(facts.get("eqf_level"), 4)
    grade = _text(facts.get("grade"), 40)

    rows: list[tuple[str, str, str, str]] = []  # (id, label, value, lang)

    def row(key: str, label_key: str, value: str, text_lang: str = lang, always=False):
        if value or always:
            rows.append((key, tr[label_key], value or tr["not_stated"], text_lang))

    row("issuer", "cf_issuer", issuer, always=True)
    row("learner", "cf_learner", learner, always=True)
    row("issued", "cf_issued", issued, always=True)
    if facts.get("valid_until"):
        row("valid-until", "cf_valid_until", _date(facts.get("valid_until"), lang))
    row("eqf", "cf_eqf", f"{tr['eqf']} {eqf}" if eqf else "", always=True)
    row("nqf", "cf_nqf", _nqf(_text(facts.get("nqf"), 200), lang))
    row("ects", "cf_ects", _ects(facts.get("ects"), lang), always=True)
    row(
        "assessment",
        "cf_assessment",
        _label(vocab.ASSESSMENT_TYPES, facts.get("assessment_type"), lang),
        always=True,
    )
    row(
        "participation",
        "cf_participation",
        _label(vocab.PARTICIPATION_FORMS, facts.get("participation_form"), lang),
        always=True,
    )
    row("qa", "cf_qa", _text(facts.get("quality_assurance"), 500), content_lang, always=True)
    row("supervision", "cf_supervision", _label(vocab.SUPERVISION, facts.get("supervision"), lang))
    if verdict != "unreadable" and title:
        row("grade", "cf_grade", grade or tr["no_grade"])
    row("prerequisites", "cf_prerequisites", _text(facts.get("prerequisites"), 500), content_lang)
    row("language", "cf_language", _label(vocab.LANGUAGES, facts.get("language"), lang))
    row("issuer-id", "cf_issuer_id", _text(facts.get("issuer_id"), 300))
    row("credential-id", "cf_credential_id", _text(facts.get("credential_id"), 300))

    outcomes = facts.get("learning_outcomes")
    skills = facts.get("skills")
    part_of = facts.get("part_of")
    sentence = ""
    if issuer and learner and issued:
        sentence = tr["issued_sentence"].format(issuer=issuer, learner=learner, date=issued)
    has_facts = verdict != "unreadable" and bool(title or issuer or learner)
    return {
        "verdict": verdict,
        "message": _sentence(_text(result.get("message"), 400)),
        "has_facts": has_facts,
        "title": title,
        "sentence": sentence,
        "description": _text(facts.get("description"), 1000),
        "content_lang": content_lang,
        "facts": [{"id": i, "k": k, "v": v, "lang": lg} for i, k, v, lg in rows]
        if has_facts
        else [],
        "outcomes": [o for o in (_text(x, 500) for x in outcomes or []) if o][:50]
        if has_facts and isinstance(outcomes, list)
        else [],
        "skills": [
            {
                "label": _text(s.get("label"), 200) or _text(s.get("url"), 200),
                "url": _safe_href(s.get("url")),
            }
            for s in (skills or [])[:50]
            if isinstance(s, dict)
        ]
        if has_facts and isinstance(skills, list)
        else [],
        "part_of": _qualifications(session, part_of)
        if has_facts and isinstance(part_of, list)
        else [],
        "checks": _checks(result.get("checks") or [], tr, lang),
    }


def _failure(lang: str) -> dict[str, Any]:
    return present({"verdict": "unreadable", "message": table(lang)["verify_failed"]}, lang, None)


def check_bytes(data: bytes, lang: str) -> dict[str, Any]:
    """Blocking: verify pasted text or an uploaded file and present it (never raises)."""
    try:
        with session_scope() as session:
            return present(verify_bytes(session, data), lang, session)
    except Exception:
        log.exception("verifying an uploaded or pasted credential failed")
        return _failure(lang)


def check_link(url: str, lang: str, client: str = "") -> dict[str, Any]:
    """Blocking: fetch and verify a credential link and present it (never raises).

    Links to someone else's server make us fetch, so they share the API's per-address
    limit; our own links (every QR code we print) are answered from the database.
    """
    try:
        with session_scope() as session:
            if our_credential_uuid(url) is None:
                ratelimit.check(session, "verify-link:ip", client or "unknown", lang)
            return present(verify_link(session, url), lang, session)
    except ratelimit.RateLimited as error:
        return present({"verdict": "unreadable", "message": error.message}, lang, None)
    except Exception:
        log.exception("verifying a credential link failed")
        return _failure(lang)


# --- state ----------------------------------------------------------------------


class VerifyState(rx.State):
    # False in the prerendered page: its buttons wait for the app, so an early click is
    # neither lost nor a native GET that would put the pasted credential in the address.
    ready: bool = False
    busy: bool = False
    has_result: bool = False
    error: str = ""
    link: str = ""
    verdict: str = ""
    message: str = ""
    has_facts: bool = False
    title: str = ""
    sentence: str = ""
    description: str = ""
    content_lang: str = "en"
    facts: list[dict[str, str]] = []
    outcomes: list[str] = []
    skills: list[dict[str, str]] = []
    part_of: list[dict[str, str]] = []
    checks: list[dict[str, str]] = []
    _run: int = 0

    def _client(self) -> str:
        return str(getattr(self.router.session, "client_ip", "") or "")

    def _show(self, view: dict[str, Any]) -> None:
        for key, value in view.items():
            setattr(self, key, value)
        self.has_result = True
        self.busy = False

    def _clear(self) -> None:
        self.has_result = False
        self.error = ""
        self.verdict = ""

    async def _start(self) -> tuple[int, str]:
        """Inside `async with self`: mark busy; returns this run's number and the language."""
        self._run += 1
        self.busy = True
        self.error = ""
        return self._run, await reader_lang(self)

    @rx.event
    def load(self):
        url = self.router.url.query_parameters.get("url", "")
        url = url.strip()[:2000] if isinstance(url, str) else ""
        self._clear()
        self._run += 1  # a check still running for the previous visit shows nothing
        self.ready = True
        self.busy = False
        self.link = url
        if url:
            self.busy = True
            return VerifyState.verify_link_now(url)
        return None

    @rx.event(background=True)
    async def verify_link_now(self, url: str):
        async with self:
            run, lang = await self._start()
            client = self._client()
        view = await asyncio.to_thread(check_link, url, lang, client)
        async with self:
            if run == self._run:
                self._show(view)

    @rx.event(background=True)
    async def verify_link_form(self, form: dict[str, Any]):
        url = str(form.get("url") or "").strip()[:2000]
        async with self:
            if not url:
                lang = await reader_lang(self)
                self.error = table(lang)["verify_empty_link"]
                return
            self.link = url
            run, lang = await self._start()
            client = self._client()
        view = await asyncio.to_thread(check_link, url, lang, client)
        async with self:
            if run != self._run:
                return
            self._show(view)
        yield rx.scroll_to("result")

    @rx.event(background=True)
    async def verify_paste(self, form: dict[str, Any]):
        text = str(form.get("credential") or "")
        async with self:
            lang = await reader_lang(self)
            if not text.strip():
                self.error = table(lang)["verify_empty_paste"]
                return
            if len(text) > MAX_CREDENTIAL_BYTES:
                self.error = table(lang)["verify_too_large"]
                return
            run, lang = await self._start()
        view = await asyncio.to_thread(check_bytes, text.encode("utf-8", "replace"), lang)
        async with self:
            if run != self._run:
                return
            self._show(view)
        yield rx.scroll_to("result")

    @rx.event(background=True)
    async def verify_upload(self, chunks: rx.UploadChunkIterator):
        """Read the upload as it streams in; stop at 2 MB without reading the rest.

        The browser also sends an empty upload when it refused the file itself (see
        `upload_rejected`); nothing happens then, so its message stays.
        """
        run, lang, name = 0, "en", ""
        data = bytearray()
        too_large = several = False
        async for chunk in chunks:
            if not run:
                name = chunk.filename or "-"
                async with self:
                    run, lang = await self._start()
            elif chunk.filename != name:
                several = True
                break
            data.extend(chunk.data)
            if len(data) > MAX_CREDENTIAL_BYTES:
                too_large = True
                break
        if not run:
            return
        if too_large or several or not data:
            async with self:
                if run == self._run:
                    self.busy = False
                    tr = table(lang)
                    self.error = (
                        tr["verify_too_large"]
                        if too_large
                        else tr["verify_one_file"]
                        if several
                        else tr["verify_wrong_type"]
                    )
            return
        view = await asyncio.to_thread(check_bytes, bytes(data), lang)
        async with self:
            if run != self._run:
                return
            self._show(view)
        yield rx.scroll_to("result")

    @rx.event
    async def upload_rejected(self, codes: list[str]):
        """The browser refused the file before sending it (too big, wrong type, several)."""
        tr = table(await reader_lang(self))
        codes = [str(c) for c in codes or []][:20]
        if "file-too-large" in codes:
            self.error = tr["verify_too_large"]
        elif "too-many-files" in codes:
            self.error = tr["verify_one_file"]
        else:
            self.error = tr["verify_wrong_type"]
        self.has_result = False


def rejection_codes(rejected: rx.Var) -> rx.Var:
    """Only the reasons go to the server: the refused File itself would be sent too."""
    return rx.Var(
        _js_expr=f"({rejected}).flatMap((r) => (r.errors || []).map((e) => String(e.code)))",
        _var_type=list[str],
    )


# --- components --------------------------------------------------------------------

VERDICT_LOOK = {
    "valid": ("green", "circle-check"),
    "invalid": ("red", "circle-x"),
    "revoked": ("red", "ban"),
    "suspended": ("orange", "circle-pause"),
    "status_unknown": ("amber", "circle-help"),
    "unreadable": ("gray", "file-question"),
}


def _banner(verdict: str, s: Any) -> rx.Component:
    tr = LangState.tr
    colour, icon = VERDICT_LOOK[verdict]
    explanation = s.message if verdict == "unreadable" else tr[f"v_{verdict}_text"]
    return rx.flex(
        rx.icon(icon, size=40, color=f"var(--{colour}-11)", aria_hidden="true", flex_shrink="0"),
        rx.box(
            rx.heading(
                tr[f"v_{verdict}"],
                as_="h2",
                size=rx.breakpoints(initial="6", sm="7"),
                color=f"var(--{colour}-12)",
                id="verdict-title",
            ),
            rx.text(explanation, size="3", margin_top="var(--space-1)", id="verdict-text"),
            min_width="0",
        ),
        spacing="3",
        align="center",
        width="100%",
        padding=rx.breakpoints(initial="var(--space-3)", sm="var(--space-4)"),
        background=f"var(--{colour}-a3)",
        border=f"2px solid var(--{colour}-8)",
        border_radius="var(--radius-4)",
        id="verdict",
        custom_attrs={"data-verdict": verdict},
    )


def verdict_words(s: Any) -> rx.Var:
    tr = LangState.tr
    return rx.match(s.verdict, *[(v, tr[f"v_{v}"]) for v in VERDICTS], "")


def verdict_banner(s: Any) -> rx.Component:
    return rx.match(s.verdict, *[(v, _banner(v, s)) for v in VERDICTS], rx.fragment())


def _fact_row(fact: rx.Var) -> rx.Component:
    return rx.el.div(
        rx.el.dt(fact["k"]),
        rx.el.dd(fact["v"], id="fact-" + fact["id"], lang=fact["lang"]),
        class_name="fact-row",
    )


def _check_row(check: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.flex(
            rx.text(
                check["mark"],
                aria_hidden="true",
                weight="bold",
                size="4",
                color_scheme=check["colour"],
                width="1.5em",
                text_align="center",
                flex_shrink="0",
                class_name="check-mark",
            ),
            rx.box(
                rx.text(
                    check["label"],
                    rx.el.span(": ", check["word"], class_name="sr-only"),
                    weight="bold",
                    size="2",
                ),
                rx.text(check["message"], size="2", color_scheme="gray", lang=check["lang"]),
                min_width="0",
                overflow_wrap="anywhere",
            ),
            spacing="2",
            align="start",
        ),
        id="check-" + check["name"],
        class_name="check",
        custom_attrs={"data-status": check["status"]},
        padding_y="var(--space-2)",
        border_bottom="1px solid var(--gray-a4)",
    )


def checks_card(s: Any) -> rx.Component:
    return rx.card(
        rx.heading(LangState.tr["checks"], as_="h2", size="4", margin_bottom="var(--space-2)"),
        rx.el.ul(
            rx.foreach(s.checks, _check_row),
            id="checks",
            list_style="none",
            padding="0",
            margin="0",
        ),
        width="100%",
    )


def facts_section(s: Any, show_title: bool = True) -> rx.Component:
    tr = LangState.tr
    sub = "h3"
    title = rx.heading(s.title, as_="h3", size="6", lang=s.content_lang, id="credential-title")
    return rx.vstack(
        rx.heading(tr["who_what"], as_="h2", size="3", color_scheme="gray", weight="medium"),
        *([title] if show_title else []),
        rx.cond(s.sentence != "", rx.text(s.sentence, size="3", id="credential-sentence")),
        rx.cond(
            s.description != "",
            rx.text(s.description, size="2", color_scheme="gray", lang=s.content_lang),
        ),
        rx.el.dl(rx.foreach(s.facts, _fact_row), class_name="facts", id="facts", width="100%"),
        rx.cond(
            s.outcomes.length() > 0,
            rx.box(
                rx.heading(tr["cf_outcomes"], as_=sub, size="4", margin_bottom="var(--space-2)"),
                rx.el.ul(
                    rx.foreach(s.outcomes, lambda o: rx.el.li(o)),
                    class_name="outcomes",
                    id="outcomes",
                    lang=s.content_lang,
                ),
                width="100%",
            ),
        ),
        rx.cond(
            s.skills.length() > 0,
            rx.box(
                rx.heading(tr["cf_skills"], as_=sub, size="4", margin_bottom="var(--space-2)"),
                rx.flex(
                    rx.foreach(
                        s.skills,
                        lambda k: rx.cond(
                            k["url"] != "",
                            rx.link(
                                rx.badge(k["label"], variant="soft", size="2"),
                                href=k["url"],
                                is_external=True,
                            ),
                            rx.badge(k["label"], variant="soft", size="2"),
                        ),
                    ),
                    wrap="wrap",
                    spacing="2",
                    id="skills",
                ),
                width="100%",
            ),
        ),
        rx.cond(
            s.part_of.length() > 0,
            rx.box(
                rx.heading(tr["cf_part_of"], as_=sub, size="4", margin_bottom="var(--space-2)"),
                rx.el.ul(
                    rx.foreach(
                        s.part_of,
                        lambda q: rx.el.li(
                            rx.cond(
                                q["href"] != "",
                                rx.link(q["title"], href=q["href"]),
                                rx.text(q["title"], as_="span"),
                            ),
                        ),
                    ),
                    class_name="outcomes",
                    id="part-of",
                ),
                width="100%",
            ),
        ),
        spacing="3",
        align="start",
        width="100%",
        min_width="0",
    )


def result_block(s: Any, show_title: bool = True) -> rx.Component:
    """Verdict, facts and checks of a state holding `present(...)`'s keys."""
    return rx.vstack(
        verdict_banner(s),
        rx.cond(
            s.has_facts,
            rx.grid(
                facts_section(s, show_title),
                checks_card(s),
                columns=rx.breakpoints(initial="1", md="3fr 2fr"),
                align="start",
                spacing="5",
                width="100%",
            ),
            rx.cond(s.checks.length() > 0, checks_card(s)),
        ),
        spacing="4",
        width="100%",
    )


def paste_form() -> rx.Component:
    tr = LangState.tr
    return rx.form(
        rx.vstack(
            rx.el.label(tr["verify_paste_label"], html_for="credential-json", class_name="sr-only"),
            rx.el.textarea(
                id="credential-json",
                name="credential",
                rows=9,
                spell_check=False,
                auto_complete="off",
                class_name="form-input",
                placeholder='{"@context": [...], "type": [...], "proof": {...}}',
                font_family="var(--code-font-family)",
                font_size="13px",
                resize="vertical",
                aria_describedby="paste-hint",
            ),
            _verify_button("shield-check", tr["verify_button"], "verify-paste"),
            spacing="2",
            width="100%",
            align="start",
        ),
        on_submit=VerifyState.verify_paste,
        width="100%",
        id="paste-form",
    )


def _verify_button(icon: str, label: Any, button_id: str, **props: Any) -> rx.Component:
    """Busy while a check runs; disabled until the app is connected (see `ready`)."""
    return rx.button(
        rx.icon(icon, aria_hidden="true"),
        label,
        type="submit",
        size="3",
        id=button_id,
        loading=VerifyState.busy,
        disabled=~VerifyState.ready,
        **props,
    )


def upload_zone() -> rx.Component:
    tr = LangState.tr
    return rx.box(upload_dropzone(tr), id="upload-zone", width="100%")


def upload_dropzone(tr: Any) -> rx.Component:
    return rx.upload(
        rx.vstack(
            rx.icon("upload", size=28, aria_hidden="true", color="var(--accent-11)"),
            rx.button(
                tr["verify_choose_file"],
                type="button",
                variant="soft",
                size="3",
                id="choose-file",
                disabled=~VerifyState.ready,
                aria_describedby="upload-hint",
            ),
            rx.text(tr["verify_drop"], size="2", color_scheme="gray"),
            align="center",
            spacing="2",
            padding="var(--space-4)",
        ),
        id=UPLOAD_ID,
        accept=ACCEPT,
        max_files=1,
        multiple=False,
        max_size=MAX_CREDENTIAL_BYTES,
        min_size=1,
        no_keyboard=True,
        on_drop=VerifyState.verify_upload(rx.upload_files_chunk(upload_id=UPLOAD_ID)),
        on_drop_rejected=lambda rejected: VerifyState.upload_rejected(rejection_codes(rejected)),
        border="2px dashed var(--gray-a7)",
        padding="var(--space-2)",
        border_radius="var(--radius-3)",
        width="100%",
        cursor="pointer",
        drag_active_style={"border_color": "var(--accent-9)", "background": "var(--accent-a2)"},
    )


def link_form() -> rx.Component:
    tr = LangState.tr
    return rx.form(
        rx.vstack(
            rx.el.label(tr["verify_link_label"], html_for="credential-url", class_name="sr-only"),
            rx.el.input(
                id="credential-url",
                name="url",
                type="url",
                inputmode="url",
                auto_complete="off",
                default_value=VerifyState.link,
                key=VerifyState.link,
                placeholder="https://…",
                class_name="form-input",
                max_length=2000,
                aria_describedby="link-hint",
            ),
            _verify_button("link", tr["verify_link_button"], "verify-link", variant="outline"),
            spacing="2",
            width="100%",
            align="start",
        ),
        on_submit=VerifyState.verify_link_form,
        width="100%",
        id="link-form",
    )


def inputs() -> rx.Component:
    tr = LangState.tr
    return rx.grid(
        rx.card(
            rx.vstack(
                rx.heading(tr["verify_paste_label"], as_="h2", size="4"),
                rx.text(tr["verify_paste_hint"], size="2", color_scheme="gray", id="paste-hint"),
                paste_form(),
                spacing="2",
                width="100%",
            ),
            width="100%",
        ),
        rx.vstack(
            rx.card(
                rx.vstack(
                    rx.heading(tr["verify_upload_label"], as_="h2", size="4"),
                    rx.text(
                        tr["verify_upload_hint"], size="2", color_scheme="gray", id="upload-hint"
                    ),
                    upload_zone(),
                    spacing="2",
                    width="100%",
                ),
                width="100%",
            ),
            rx.card(
                rx.vstack(
                    rx.heading(tr["verify_link_label"], as_="h2", size="4"),
                    rx.text(tr["verify_link_hint"], size="2", color_scheme="gray", id="link-hint"),
                    link_form(),
                    spacing="2",
                    width="100%",
                ),
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
        columns=rx.breakpoints(initial="1", md="3fr 2fr"),
        spacing="4",
        align="start",
        width="100%",
    )


@rx.page(
    route="/verify",
    on_load=[AuthState.load, VerifyState.load],
    title="Verify a credential · microcred",
)
def verify_page() -> rx.Component:
    tr = LangState.tr
    s = VerifyState
    return page(
        rx.vstack(
            rx.heading(tr["verify_title"], as_="h1", size=rx.breakpoints(initial="7", md="8")),
            rx.text(tr["verify_intro"], size="3", max_width="70ch"),
            # Screen readers hear "Checking…" and then the verdict, not the whole result.
            rx.el.div(
                rx.cond(s.busy, tr["verifying"], rx.cond(s.has_result, verdict_words(s), "")),
                role="status",
                aria_live="polite",
                class_name="sr-only",
                id="verify-status",
            ),
            rx.box(
                rx.cond(
                    s.busy,
                    rx.flex(
                        rx.spinner(size="3"),
                        rx.text(tr["verifying"], size="3"),
                        spacing="2",
                        align="center",
                        id="verifying",
                    ),
                ),
                rx.cond(
                    s.error != "",
                    rx.callout(
                        s.error,
                        icon="triangle-alert",
                        color_scheme="red",
                        id="verify-error",
                        role="alert",
                    ),
                ),
                rx.cond(s.has_result & ~s.busy, result_block(s)),
                id="result",
                width="100%",
                scroll_margin_top="var(--space-4)",
            ),
            inputs(),
            spacing="4",
            width="100%",
        )
    )
