"""One offering with every EU micro-credential element in plain words."""

from __future__ import annotations

import json

import reflex as rx
from reflex.vars import ObjectVar

from microcred_market.catalogue import esco, vocab
from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue.structured_data import course_json_ld
from microcred_market.platform.errors import NotFound
from microcred_market.platform.money import format_money
from microcred_market.ui import view
from microcred_market.ui.components.enrol import currency_choice, enrol_box
from microcred_market.ui.components.layout import page
from microcred_market.ui.components.loading import current_path, skeleton, when_ready
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.pages.catalogue.cohort_pick import CohortPickState, cohort_fields
from microcred_market.ui.pages.not_found import not_found_block
from microcred_market.ui.state.auth import AuthState, public
from microcred_market.ui.state.base import reader_lang, run_in_session


class OfferingView(rx.State, mixin=True):
    """What the offering page shows; the public page and the authors' preview both fill it
    (`show_offering`) and draw it with `offering_body`, so the preview is the page."""

    title: str = ""
    summary: str = ""
    description: str = ""
    lang_code: str = "en"
    language: str = ""
    outcomes: list[str] = []
    skills: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    facts: list[dict[str, str]] = []
    price: str = ""
    when: str = ""
    seats: str = ""
    university: str = ""
    university_href: str = ""
    qualifications: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    json_ld: str = ""
    slug: rx.Field[str] = rx.field("")
    sold_out: rx.Field[bool] = rx.field(False)
    # Every price ({"currency", "text"}, the primary first), the one chosen to pay in and
    # the others in words.
    prices: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    currency: rx.Field[str] = rx.field("")
    other_prices: str = ""


def pick_currency(self: OfferingView, wanted: str) -> None:
    """Pay in `wanted` when the offering has a price in it, else in its own currency."""
    code = str(wanted or "").strip().upper()[:8]
    if not self.prices:
        return
    chosen = next((p for p in self.prices if p["currency"] == code), self.prices[0])
    self.currency = chosen["currency"]
    self.price = chosen["text"]
    # By currency, not `is`: a State hands out a new proxy of a row on every read.
    self.other_prices = " · ".join(
        p["text"] for p in self.prices if p["currency"] != chosen["currency"]
    )


def show_offering(
    self: OfferingView, data: catalogue.OfferingDetail, lang: str, currency: str = ""
) -> None:
    """Fill the offering's vars from its detail, in the reader's language; `currency`
    the one the reader asked to pay in (`?currency=EUR`), if the offering has it."""
    tr = table(lang)
    uni = data.university
    self.title = data.title
    self.summary = data.summary
    self.description = data.description
    self.lang_code = data.language
    self.language = vocab.label(vocab.LANGUAGES, data.language, lang)
    self.outcomes = list(data.learning_outcomes)
    self.skills = esco.in_language(data.esco_skills, lang)
    self.price = format_money(data.price_minor, data.currency, lang)
    self.prices = [
        {"currency": p.currency, "text": format_money(p.amount_minor, p.currency, lang)}
        for p in data.prices
    ] or [{"currency": data.currency, "text": self.price}]
    pick_currency(self, currency)
    self.when = view.when(data, lang)
    self.seats = view.seats(data, lang)
    self.slug = data.slug
    self.sold_out = data.seats_left == 0
    self.university = uni.name
    self.university_href = f"/universities/{uni.slug}"
    national = ""
    if data.nqf_level:
        national = f"{data.nqf_framework or ''} {data.nqf_level}".strip()
    facts = [
        {"k": tr["awarding_body"], "v": uni.name, "id": "awarding-body"},
        {
            "k": tr["country"],
            "v": f"{vocab.label(vocab.COUNTRIES, uni.country_code, lang)} ({uni.city})",
            "id": "country",
        },
        {"k": tr["workload"], "v": vocab.ects(data.ects, lang), "id": "ects"},
        {"k": tr["level"], "v": view.eqf(data.eqf_level, lang), "id": "eqf"},
        {"k": tr["national_level"], "v": national or "—", "id": "nqf"},
        {
            "k": tr["field"],
            "v": f"{vocab.label(vocab.ISCED_FIELDS, data.isced_f_code, lang)} ({data.isced_f_code})"
            if data.isced_f_code
            else "—",
            "id": "isced",
        },
        {"k": tr["taught_in"], "v": self.language, "id": "language"},
        {
            "k": tr["participation"],
            "v": vocab.label(vocab.PARTICIPATION_FORMS, data.participation_form, lang),
            "id": "form",
        },
        {
            "k": tr["assessment"],
            "v": vocab.label(vocab.ASSESSMENT_TYPES, data.assessment_type, lang)
            + (f" · {tr['assessment_only_badge']}" if data.assessment_only else ""),
            "id": "assessment",
        },
        {
            "k": tr["supervision"],
            "v": vocab.label(vocab.SUPERVISION, data.supervision, lang),
            "id": "supervision",
        },
        {
            "k": tr["prerequisites"],
            "v": data.prerequisites or tr["none"],
            "id": "prereq",
            # Written by the university in the course's language, not the interface's.
            "lang": data.language if data.prerequisites else lang,
        },
        {"k": tr["quality_assurance"], "v": data.quality_assurance or "—", "id": "qa"},
        {"k": tr["dates"], "v": self.when, "id": "dates"},
        {"k": tr["seats"], "v": self.seats, "id": "seats"},
        {"k": tr["price"], "v": " · ".join(p["text"] for p in self.prices), "id": "price"},
    ]
    self.facts = [{"lang": lang, **fact} for fact in facts]
    self.qualifications = [
        {
            "title": q.title,
            "href": f"/qualifications/{q.slug}",
            "eqf": f"{tr['eqf']} {q.eqf_level}",
        }
        for q in data.qualifications
    ]
    ld = course_json_ld(data)
    # "</" cannot close the script element if it is escaped.
    self.json_ld = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")


class OfferingState(OfferingView, rx.State):
    found: bool = True
    loaded: bool = False
    loaded_path: str = ""

    @rx.event
    @public
    async def load(self):
        lang = await reader_lang(self)
        slug = str(self.router.page.params.get("slug", ""))[:200]
        self.loaded = False
        self.loaded_path = current_path(self)
        try:
            data = await run_in_session(catalogue.offering_detail, slug)
        except NotFound:
            self.found = False
            self.loaded = True
            return
        self.found = True
        wanted = str(self.router.url.query_parameters.get("currency", "") or "")
        show_offering(self, data, lang, wanted)
        self.loaded = True

    @rx.event
    @public
    async def choose_currency(self, currency: str):
        pick_currency(self, str(currency))


def currency_field() -> rx.Component:
    """In the enrol form: which of the offering's currencies to pay in."""
    s = OfferingState
    return currency_choice("currency", s.prices, s.currency, OfferingState.choose_currency)


def _fact_row(fact: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.div(
        rx.el.dt(fact["k"]),
        rx.el.dd(fact["v"], id="fact-" + fact["id"], lang=fact["lang"]),
        class_name="fact-row",
    )


def offering_body(
    s: type[OfferingView] | None = None, enrol: rx.Component | None = None
) -> rx.Component:
    """The offering as a learner sees it; `s` the State that holds it (the public page's
    by default), `enrol` what stands where the enrol box is (the preview's stand-in)."""
    tr = LangState.tr
    if s is None:
        s = OfferingState
    if enrol is None:
        enrol = enrol_box(
            s.slug, s.sold_out, rx.fragment(currency_field(), cohort_fields()), s.currency
        )
    return rx.vstack(
        rx.el.script(s.json_ld, type="application/ld+json", id="course-jsonld"),
        rx.link(s.university, href=s.university_href, size="2"),
        rx.heading(s.title, as_="h1", size=rx.breakpoints(initial="6", md="8"), lang=s.lang_code),
        rx.badge(tr["content_language"], ": ", s.language, variant="outline", id="content-lang"),
        rx.text(s.summary, size="4", lang=s.lang_code),
        rx.grid(
            rx.vstack(
                rx.heading(tr["about"], as_="h2", size="5"),
                rx.text(s.description, lang=s.lang_code),
                rx.heading(tr["outcomes"], as_="h2", size="5"),
                rx.el.ul(
                    rx.foreach(s.outcomes, lambda o: rx.el.li(o)),
                    lang=s.lang_code,
                    id="outcomes",
                    class_name="outcomes",
                ),
                rx.cond(
                    s.skills.length() > 0,
                    rx.vstack(
                        rx.heading(tr["skills"], as_="h2", size="5"),
                        rx.flex(
                            rx.foreach(
                                s.skills,
                                lambda k: rx.link(
                                    rx.badge(k["label"], variant="soft"),
                                    href=k["uri"],
                                    is_external=True,
                                ),
                            ),
                            wrap="wrap",
                            spacing="2",
                        ),
                    ),
                ),
                rx.heading(tr["counts_toward"], as_="h2", size="5"),
                rx.cond(
                    s.qualifications.length() > 0,
                    rx.el.ul(
                        rx.foreach(
                            s.qualifications,
                            lambda q: rx.el.li(rx.link(q.title, href=q.href), " (", q.eqf, ")"),
                        ),
                        id="qualifications",
                    ),
                    rx.text(tr["counts_toward_none"], color_scheme="gray"),
                ),
                spacing="3",
                align="start",
            ),
            rx.card(
                rx.vstack(
                    rx.text(s.price, size="6", weight="bold", id="offering-price"),
                    rx.cond(
                        s.other_prices != "",
                        rx.text(
                            tr["prices_other"], ": ", s.other_prices, size="2", id="other-prices"
                        ),
                    ),
                    rx.text(s.when, size="2"),
                    rx.text(s.seats, size="2", id="seats-left"),
                    enrol,
                    rx.callout(tr["credential_note"], icon="badge-check", size="1"),
                    rx.heading(tr["facts"], as_="h2", size="4"),
                    rx.el.dl(rx.foreach(s.facts, _fact_row), class_name="facts", id="facts"),
                    spacing="3",
                ),
            ),
            columns=rx.breakpoints(initial="1", md="3fr 2fr"),
            spacing="5",
            width="100%",
        ),
        spacing="3",
        width="100%",
    )


@rx.page(
    route="/offerings/[slug]",
    on_load=[AuthState.load, OfferingState.load, CohortPickState.load],
    title=page_title("offering", OfferingState.title),
)
def offering_page() -> rx.Component:
    return page(
        when_ready(
            OfferingState.loaded,
            rx.cond(OfferingState.found, offering_body(), not_found_block()),
            skeleton(lines=8),
            loaded_path=OfferingState.loaded_path,
        )
    )
