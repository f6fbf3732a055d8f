"""The catalogue: search, filters with counts, results. The URL holds the whole query."""

from __future__ import annotations

from typing import Any, cast

import reflex as rx
from reflex.vars import ArrayVar, StringVar

from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue.search_query import parse_query
from microcred_market.ui import view
from microcred_market.ui.components.cards import card_grid
from microcred_market.ui.components.layout import page, skip_link
from microcred_market.ui.components.loading import skeleton_cards
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.state.auth import AuthState, public
from microcred_market.ui.state.base import catalogue_url, reader_lang, run_within_limit
from microcred_market.ui.state.goal_marks import GoalMarksState

MULTI_FACETS = ("university", "country", "eqf", "language", "form", "assessment", "qualification")
SINGLE_FACETS = ("currency", "self_paced")


class CatalogueState(rx.State):
    input_q: str = ""
    input_key: rx.Field[int] = rx.field(0)
    cards: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    total: int = 0
    page_no: rx.Field[int] = rx.field(1)
    pages: rx.Field[int] = rx.field(1)
    sort: str = "relevance"
    notices: list[str] = []
    facets: dict[str, list[dict[str, str]]] = {}
    ects_min: rx.Field[str] = rx.field("")
    ects_max: rx.Field[str] = rx.field("")
    price_min: rx.Field[str] = rx.field("")
    price_max: rx.Field[str] = rx.field("")
    start_from: rx.Field[str] = rx.field("")
    start_to: rx.Field[str] = rx.field("")
    has_filters: bool = False
    prev_href: str = ""
    next_href: str = ""
    show_filters: bool = False
    loaded: bool = False
    _params: dict[str, str] = {}
    _pending_q: str | None = None

    @rx.event
    @public
    async def load(self):
        lang = await reader_lang(self)
        query = parse_query(dict(self.router.url.query_parameters))
        result, limited = await run_within_limit(
            self, "search:ip", catalogue.search, query, lang=lang
        )
        if result is None:
            self.notices, self.loaded = [limited or ""], True
            return
        self._params = result.query.to_params()
        if query.text != self._pending_q:
            # Arrived by a link or the back button, not by typing here: remount the search
            # box so it shows the URL's words (typing keeps the box, its caret and focus).
            self.input_key += 1
            self._pending_q = None
        # Always remember the URL's words: when the page is left and entered again (Back from
        # an offering), the search box mounts afresh with this as its value.
        self.input_q = query.text
        # Asked to pay in a currency: each card is priced in it, and its page opens in it.
        self.cards = [view.card(item, lang, query.currency) for item in result.items]
        self.total = result.total
        self.page_no = result.page
        self.pages = result.pages
        self.sort = query.sort
        self.notices = [n.text(lang) for n in result.notices]
        eqf_name = table(lang)["eqf"]
        self.facets = {
            name: [
                {
                    "value": v.value,
                    # The level's name in the reader's language (EQF is ERK in Polish).
                    "label": f"{eqf_name} {v.value}" if name == "eqf" else v.label,
                    "count": str(v.count),
                    "checked": "1" if v.selected else "",
                    "id": f"f-{name}-{v.value}",
                }
                for v in values
            ]
            for name, values in result.facets.items()
        }
        p = self._params
        self.ects_min, self.ects_max = p.get("ects_min", ""), p.get("ects_max", "")
        self.price_min, self.price_max = p.get("price_min", ""), p.get("price_max", "")
        self.start_from, self.start_to = p.get("start_from", ""), p.get("start_to", "")
        self.has_filters = any(k not in ("q", "sort", "page", "per_page") for k in p)
        self.prev_href = self._href(page=result.page - 1) if result.page > 1 else ""
        self.next_href = self._href(page=result.page + 1) if result.page < result.pages else ""
        self.loaded = True

    def _href(self, **changes: Any) -> str:
        params = dict(self._params)
        for key, value in changes.items():
            if value in (None, "", 1) and key == "page":
                params.pop("page", None)
            elif value in (None, ""):
                params.pop(key, None)
            else:
                params[key] = str(value)
        return catalogue_url(params)

    @rx.event
    @public
    def toggle(self, facet: str, value: str):
        params = dict(self._params)
        if facet in MULTI_FACETS:
            current = [v for v in params.get(facet, "").split(",") if v]
            current = [v for v in current if v != value] if value in current else current + [value]
            if current:
                params[facet] = ",".join(sorted(current))
            else:
                params.pop(facet, None)
        elif facet in SINGLE_FACETS:
            if params.get(facet) == value:
                params.pop(facet, None)
            else:
                params[facet] = value
        params.pop("page", None)
        return rx.redirect(catalogue_url(params))

    @rx.event
    @public
    def on_type(self, value: str):
        self._pending_q = " ".join(value.split())
        params = dict(self._params)
        params.pop("page", None)
        if self._pending_q:
            params["q"] = self._pending_q
        else:
            params.pop("q", None)
        return rx.redirect(catalogue_url(params), replace=True)

    @rx.event
    @public
    def submit_search(self, form: dict[str, Any]):
        text = " ".join(str(form.get("q", "")).split())
        self._pending_q = text
        params = dict(self._params)
        params.pop("page", None)
        if text:
            params["q"] = text
        else:
            params.pop("q", None)
        return rx.redirect(catalogue_url(params))

    @rx.event
    @public
    def apply_ranges(self, form: dict[str, Any]):
        params = dict(self._params)
        for key in ("ects_min", "ects_max", "price_min", "price_max", "start_from", "start_to"):
            value = str(form.get(key, "")).strip()[:20]
            if value:
                params[key] = value
            else:
                params.pop(key, None)
        params.pop("page", None)
        return rx.redirect(catalogue_url(params))

    @rx.event
    @public
    def set_sort(self, value: str):
        params = dict(self._params)
        if value == "relevance":
            params.pop("sort", None)
        else:
            params["sort"] = value
        params.pop("page", None)
        return rx.redirect(catalogue_url(params))

    @rx.event
    @public
    def clear(self):
        params = {k: v for k, v in self._params.items() if k in ("q", "sort")}
        return rx.redirect(catalogue_url(params))

    @rx.event
    @public
    def toggle_filters(self):
        self.show_filters = not self.show_filters


def facet_group(name: str, title_key: str) -> rx.Component:
    # On the class a state var is a Var (mypy reads the declared dict): this is the facet's
    # list of options, or an empty list.
    values = cast(ArrayVar[list[dict[str, str]]], CatalogueState.facets.get(name, []))
    return rx.cond(
        values.length() > 0,
        rx.el.fieldset(
            rx.el.legend(LangState.tr[title_key], class_name="facet-legend"),
            rx.vstack(
                rx.foreach(
                    values,
                    lambda item: rx.el.label(
                        rx.checkbox(
                            checked=item["checked"] == "1",
                            on_change=lambda _checked: CatalogueState.toggle(  # type: ignore[operator]  # mypy ignores rx.event's __new__, so a handler reads as EventNamespace
                                name, item["value"]
                            ),
                            id=item["id"],
                            name=name,
                        ),
                        rx.text(item["label"], size="2", flex="1"),
                        rx.text(item["count"], size="1", color_scheme="gray", class_name="count"),
                        class_name="facet-option",
                        html_for=item["id"],
                    ),
                ),
                spacing="1",
                width="100%",
            ),
            class_name="facet",
            data_facet=name,
        ),
    )


def _range_input(
    name: str, label_key: str, value: StringVar, input_type: str = "number"
) -> rx.Component:
    return rx.el.label(
        rx.text(LangState.tr[label_key], size="1"),
        rx.input(
            name=name,
            default_value=value,
            type=input_type,
            min="0",
            step="any" if input_type == "number" else None,
            size="2",
            id=f"in-{name}",
            key=CatalogueState.input_key.to_string() + value,
        ),
        class_name="range-field",
    )


def range_filters() -> rx.Component:
    tr = LangState.tr
    return rx.form(
        rx.el.fieldset(
            rx.el.legend(tr["f_ects"], class_name="facet-legend"),
            rx.flex(
                _range_input("ects_min", "min", CatalogueState.ects_min),
                _range_input("ects_max", "max", CatalogueState.ects_max),
                spacing="2",
            ),
            class_name="facet",
        ),
        rx.el.fieldset(
            rx.el.legend(tr["f_price"], class_name="facet-legend"),
            rx.flex(
                _range_input("price_min", "min", CatalogueState.price_min),
                _range_input("price_max", "max", CatalogueState.price_max),
                spacing="2",
            ),
            class_name="facet",
        ),
        rx.el.fieldset(
            rx.el.legend(tr["f_start"], class_name="facet-legend"),
            rx.flex(
                _range_input("start_from", "from", CatalogueState.start_from, "date"),
                _range_input("start_to", "to", CatalogueState.start_to, "date"),
                # One above the other: side by side, each is too narrow to show its
                # calendar button, which still takes focus, unseen.
                direction="column",
                spacing="2",
            ),
            class_name="facet",
        ),
        rx.button(tr["apply"], type="submit", variant="soft", width="100%", id="apply-ranges"),
        on_submit=CatalogueState.apply_ranges,
        width="100%",
    )


def filters_panel() -> rx.Component:
    # Filters appear with the results: the prerendered page has no counts to show, and a
    # bare range form that the facets then push down was a layout shift.
    return rx.box(
        rx.cond(
            CatalogueState.loaded,
            rx.vstack(
                rx.cond(
                    CatalogueState.has_filters,
                    rx.button(
                        LangState.tr["clear_filters"],
                        on_click=CatalogueState.clear,
                        variant="ghost",
                        size="1",
                        id="clear-filters",
                    ),
                ),
                facet_group("qualification", "f_qualification"),
                facet_group("eqf", "f_eqf"),
                facet_group("form", "f_form"),
                facet_group("assessment", "f_assessment"),
                facet_group("self_paced", "f_self_paced"),
                facet_group("country", "f_country"),
                facet_group("university", "f_university"),
                facet_group("language", "f_language"),
                facet_group("currency", "f_currency"),
                range_filters(),
                spacing="4",
                width="100%",
            ),
        ),
        class_name=rx.cond(CatalogueState.show_filters, "filters open", "filters"),
        id="filters",
        aria_label=LangState.tr["filters"],
        role="region",
    )


def sort_select() -> rx.Component:
    tr = LangState.tr
    options = ["relevance", "price_asc", "price_desc", "start", "ects_asc", "ects_desc"]
    return rx.el.label(
        rx.text(tr["sort"], size="2"),
        rx.el.select(
            *[rx.el.option(tr[f"sort_{o}"], value=o) for o in options],
            value=CatalogueState.sort,
            on_change=CatalogueState.set_sort,
            id="sort",
            class_name="native-select",
        ),
        class_name="sort-field",
    )


def search_bar() -> rx.Component:
    tr = LangState.tr
    return rx.form(
        rx.flex(
            rx.el.label(tr["search_label"], html_for="q", class_name="sr-only"),
            rx.input(
                name="q",
                id="q",
                key=CatalogueState.input_key,
                default_value=CatalogueState.input_q,
                on_change=CatalogueState.on_type.debounce(350),  # type: ignore[attr-defined]  # mypy ignores rx.event's __new__, so a handler reads as EventNamespace
                placeholder=tr["search_placeholder"],
                type="search",
                size="3",
                flex="1",
                max_length=200,
                auto_complete="off",
            ),
            rx.button(rx.icon("search", aria_hidden="true"), tr["search_button"], size="3"),
            spacing="2",
            width="100%",
        ),
        on_submit=CatalogueState.submit_search,
        role="search",
        width="100%",
    )


def pagination() -> rx.Component:
    tr = LangState.tr
    return rx.cond(
        CatalogueState.pages > 1,
        rx.el.nav(
            rx.flex(
                rx.cond(
                    CatalogueState.prev_href != "",
                    rx.link(tr["previous"], href=CatalogueState.prev_href, id="prev-page"),
                ),
                rx.text(
                    tr["page_of"]
                    .replace("{page}", CatalogueState.page_no.to_string())
                    .replace("{pages}", CatalogueState.pages.to_string()),
                    size="2",
                ),
                rx.cond(
                    CatalogueState.next_href != "",
                    rx.link(tr["next"], href=CatalogueState.next_href, id="next-page"),
                ),
                spacing="4",
                justify="center",
                align="center",
            ),
            aria_label=tr["pagination"],
            margin_top="var(--space-4)",
        ),
    )


@rx.page(
    route="/catalogue",
    on_load=[AuthState.load, CatalogueState.load, GoalMarksState.load],
    title=page_title("catalogue"),
)
def catalogue_page() -> rx.Component:
    tr = LangState.tr
    return page(
        rx.vstack(
            rx.heading(tr["nav_catalogue"], as_="h1", size="7"),
            search_bar(),
            rx.foreach(
                CatalogueState.notices,
                lambda n: rx.callout(
                    n, icon="info", color_scheme="amber", size="1", class_name="notice"
                ),
            ),
            rx.flex(
                # The count is said only once the server has counted: the prerendered
                # page's "0 results" was false for every catalogue with courses in it.
                rx.text(
                    rx.cond(
                        CatalogueState.loaded,
                        rx.fragment(
                            rx.el.strong(CatalogueState.total, id="result-count"),
                            " ",
                            tr["results"],
                        ),
                        rx.el.span(tr["searching"], id="result-count-pending"),
                    ),
                    size="3",
                    aria_live="polite",
                ),
                rx.flex(
                    rx.button(
                        rx.icon("sliders-horizontal", aria_hidden="true"),
                        tr["filters"],
                        on_click=CatalogueState.toggle_filters,
                        variant="outline",
                        class_name="filters-toggle",
                        aria_controls="filters",
                        aria_expanded=rx.cond(CatalogueState.show_filters, "true", "false"),
                    ),
                    sort_select(),
                    spacing="3",
                    align="center",
                    wrap="wrap",
                ),
                justify="between",
                align="center",
                wrap="wrap",
                spacing="3",
                width="100%",
            ),
            rx.box(
                filters_panel(),
                rx.box(
                    rx.cond(
                        CatalogueState.loaded,
                        rx.fragment(
                            rx.cond(
                                CatalogueState.total == 0,
                                rx.callout(tr["no_results"], icon="search-x", id="no-results"),
                            ),
                            card_grid(CatalogueState.cards, heading="h2"),
                            pagination(),
                        ),
                        skeleton_cards(),
                    ),
                    width="100%",
                    min_width="0",
                    id="results",
                    tab_index=-1,
                    aria_label=tr["results_region"],
                    role="region",
                    # A new search is on its way: the results shown are the last ones.
                    aria_busy=rx.cond(rx.State.is_hydrated, "false", "true"),
                    class_name="results",
                ),
                class_name="catalogue-layout",
                width="100%",
            ),
            spacing="4",
            width="100%",
        ),
        # On a desktop some seventy filter controls stand between the search box and the
        # first result; this second skip link jumps over them.
        skip_links=(skip_link(tr["skip_to_results"], "results", "skip-to-results"),),
    )
