"""The course catalogue: writing offerings and finding them.

Search runs in the database on both engines: FTS5 on SQLite and a weighted tsvector with a
GIN index on PostgreSQL. Both index the same pre-folded words (see `text.fold`), so the
two engines return the same offerings for the same query. Facet counts follow the usual
rule of faceted search: the count beside a value is what you would get by adding that
value, so each facet is counted with every filter except its own.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Hashable, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.visitors import InternalTraversal
from sqlmodel import Session, col, select

from microcred_market.catalogue import esco, facet_cache, vocab
from microcred_market.catalogue.models import (
    Offering,
    OfferingPrice,
    Qualification,
    QualificationOffering,
    QualificationUniversity,
    University,
)
from microcred_market.catalogue.prices import Price, prices_of
from microcred_market.catalogue.search_query import Notice, SearchQuery
from microcred_market.platform import urls
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import table_of
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.platform.i18n import Phrase, Phrases, t
from microcred_market.platform.text import fold, slugify, tokens

O = table_of(Offering)  # noqa: E741  (short aliases keep the SQL readable)
U = table_of(University)
Q = table_of(Qualification)
QO = table_of(QualificationOffering)
P = table_of(OfferingPrice)

FACETS = (
    "university",
    "country",
    "eqf",
    "language",
    "form",
    "assessment",
    "currency",
    "self_paced",
    "qualification",
)


# ---------------------------------------------------------------- writing


def search_words(
    title: str,
    summary: str,
    learning_outcomes: list[str] | None,
    esco_skills: list[dict[str, Any]] | None,
    university_name: str,
) -> tuple[str, str]:
    """The folded title and body words the full-text index reads, from plain values so
    bulk inserts that build no model fold them the same way."""
    body = [
        summary,
        " ".join(learning_outcomes or []),
        # Every language's label, so a search in Polish finds the skills too.
        " ".join(
            " ".join((str(s.get("label", "")), *esco.translations(str(s.get("uri", "")))))
            for s in (esco_skills or [])
        ),
        university_name,
    ]
    return " ".join(tokens(title)), " ".join(tokens(" ".join(body)))


def refresh_search_fields(offering: Offering, university_name: str) -> None:
    """Recompute the folded words the full-text index reads."""
    offering.search_title, offering.search_body = search_words(
        offering.title,
        offering.summary,
        offering.learning_outcomes,
        offering.esco_skills,
        university_name,
    )


def validate_offering(
    offering: Offering, *, publishing: bool = False, university: University | None = None
) -> None:
    """Refuse an offering that cannot be stored, naming every problem at once.

    `publishing` adds the mandatory elements of an EU micro-credential (see
    `catalogue.authoring.missing_elements`), which a draft may still lack; `university` is
    the awarding body, whose country and quality assurance the offering relies on.
    """
    problems: list[Phrase] = []
    if not offering.title.strip():
        problems.append(Phrase("error.catalogue.needs_title"))
    if not 1 <= offering.eqf_level <= 8:
        problems.append(Phrase("error.catalogue.needs_eqf_level"))
    if offering.ects is None or Decimal(offering.ects) <= 0:
        problems.append(Phrase("error.catalogue.needs_ects"))
    if offering.currency not in vocab.CURRENCIES:
        problems.append(
            Phrase("error.catalogue.needs_currency", {"currencies": ", ".join(vocab.CURRENCIES)})
        )
    if offering.price_minor < 0:
        problems.append(Phrase("error.catalogue.needs_price"))
    if offering.participation_form not in vocab.PARTICIPATION_FORMS:
        problems.append(Phrase("error.catalogue.needs_participation_form"))
    if offering.assessment_type not in vocab.ASSESSMENT_TYPES:
        problems.append(Phrase("error.catalogue.needs_assessment_type"))
    if offering.supervision not in vocab.SUPERVISION:
        problems.append(Phrase("error.catalogue.needs_supervision"))
    if offering.status not in vocab.OFFERING_STATUSES:
        problems.append(Phrase("error.catalogue.needs_status"))
    if not offering.self_paced and offering.start_date is None:
        problems.append(Phrase("error.catalogue.needs_start_date"))
    if offering.start_date and offering.end_date and offering.end_date < offering.start_date:
        problems.append(Phrase("error.catalogue.needs_end_after_start"))
    if offering.seat_capacity is not None and offering.seat_capacity < 0:
        problems.append(Phrase("error.catalogue.needs_seat_capacity"))
    if offering.slug in vocab.RESERVED_SLUGS:
        problems.append(Phrase("error.catalogue.needs_free_slug", {"slug": offering.slug}))
    if publishing:
        # One answer naming everything: the EU elements, then what else stands in the way
        # (a start date...), without saying twice what both lists hold.
        missing = eu_missing_elements(offering, university)
        missing += [p for p in problems if p.key not in _SAID_BY_EU_ELEMENTS]
        if missing:
            raise InvalidInput("error.catalogue.publish_refused", missing=Phrases(missing))
    if problems:
        raise InvalidInput("error.catalogue.offering_incomplete", problems=Phrases(problems))


_SAID_BY_EU_ELEMENTS = frozenset(
    {
        "error.catalogue.needs_title",
        "error.catalogue.needs_eqf_level",
        "error.catalogue.needs_ects",
        "error.catalogue.needs_participation_form",
        "error.catalogue.needs_assessment_type",
    }
)


# The mandatory elements of an EU micro-credential (Council Recommendation 2022/C 243/02,
# Annex I) that an offering carries; the learner's identification and the date of issue
# come with the credential. See ../shared/eu-microcredential.md.
EU_ELEMENTS = (
    "title",
    "awarding_body",
    "country",
    "learning_outcomes",
    "workload",
    "eqf_level",
    "national_level",
    "assessment_type",
    "participation_form",
    "quality_assurance",
)


def eu_missing_elements(offering: Offering, university: University | None) -> list[Phrase]:
    """Each mandatory EU element the offering lacks, in plain words (`eu_element.<name>`)."""
    missing: list[str] = []
    if not (offering.title or "").strip():
        missing.append("title")
    if university is None or not (university.name or "").strip():
        missing.append("awarding_body")
    if university is None or len((university.country_code or "").strip()) != 2:
        missing.append("country")
    if not [line for line in offering.learning_outcomes or [] if str(line).strip()]:
        missing.append("learning_outcomes")
    if offering.ects is None or Decimal(offering.ects) <= 0:
        missing.append("workload")
    if not isinstance(offering.eqf_level, int) or not 1 <= offering.eqf_level <= 8:
        missing.append("eqf_level")
    # An offering of the Polish system states its PRK level too (PRK level = EQF level).
    polish = university is not None and (university.country_code or "").upper() == "PL"
    prk = offering.nqf_framework == "PRK" and isinstance(offering.nqf_level, int)
    if polish and not (prk and 1 <= (offering.nqf_level or 0) <= 8):
        missing.append("national_level")
    if offering.assessment_type not in vocab.ASSESSMENT_TYPES:
        missing.append("assessment_type")
    if offering.participation_form not in vocab.PARTICIPATION_FORMS:
        missing.append("participation_form")
    own_qa = (offering.quality_assurance or "").strip()
    if not own_qa and (university is None or not (university.quality_assurance or "").strip()):
        missing.append("quality_assurance")
    return [Phrase(f"error.catalogue.eu_element.{name}") for name in missing]


def save_offering(session: Session, offering: Offering, *, checked: bool = False) -> Offering:
    """Validate (unless the caller has: `checked`), fold the search words and store an
    offering (insert or update)."""
    if not checked:
        validate_offering(offering)
    university = session.get(University, offering.university_id)
    if university is None:
        raise NotFound("error.catalogue.university_unknown")
    if not offering.slug:
        offering.slug = slugify(offering.title, 110) or "offering"
    refresh_search_fields(offering, university.name)
    offering.updated_at = utcnow()
    session.add(offering)
    session.flush()
    return offering


# ---------------------------------------------------------------- search


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class OfferingCard:
    slug: str
    title: str
    summary: str
    university_slug: str
    university_name: str
    country_code: str
    ects: str
    eqf_level: int
    price_minor: int
    currency: str
    start_date: str | None
    end_date: str | None
    self_paced: bool
    participation_form: str
    assessment_type: str
    language: str
    seats_left: int | None


@dataclass(frozen=True)
class SearchResult:
    query: SearchQuery
    items: list[OfferingCard]
    total: int
    page: int
    pages: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "query": self.query.to_params(),
            "total": self.total,
            "page": self.page,
            "pages": self.pages,
            "per_page": self.query.per_page,
            "items": [asdict(item) for item in self.items],
            "facets": {k: [asdict(v) for v in vs] for k, vs in self.facets.items()},
            "notices": [n.text(lang) for n in self.notices],
        }


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


# How a request is answered
#
# Two statements. The first finds the matching offerings once, as the `hits` working set
# (full-text match, published, approved university, and the ranges, which no facet ever
# drops), and from that set counts the total and every facet and picks the ids of the
# requested page, all in one UNION ALL. The second reads the cards of those few ids. So
# the full-text index is searched once per request, not once per count, and all the
# counting is a single round trip. Each hit carries a bit mask of the filters it fails,
# so each count compares one number instead of re-evaluating the filters.
#
# On SQLite the working set is read through the covering index `ix_offering_search_facets`
# (offering id first, then every column a filter or facet needs): one small index probe
# per hit instead of a visit to each wide table row.
#
# Statements are built once per *shape* of query (which filters are set, sort, engine...)
# with named parameters for every value, and reused: building and fingerprinting a
# statement this size costs more than running it on SQLite.

SEARCH_FACETS_INDEX = "ix_offering_search_facets"
_TEXT = sa.String()


class _CrossJoin(sa.sql.expression.Join):
    """`a CROSS JOIN b ON ...` on SQLite (a plain join elsewhere), optionally reading the
    offering table through an index: `INDEXED BY`, on whichever side it stands.

    SQLite's planner keeps the order of a CROSS JOIN as written. Without it, lacking
    statistics, it may start from the status index (almost every offering is published)
    and run the full-text MATCH once per offering. It would not pick the covering index
    by itself either, for a lookup by rowid. Both sides must be single tables or CTEs.
    """

    inherit_cache = True
    _traverse_internals = [
        *sa.sql.expression.Join._traverse_internals,
        ("index", InternalTraversal.dp_string),
    ]

    def __init__(self, left: Any, right: Any, onclause: Any, index: str | None = None):
        super().__init__(left, right, onclause)
        self.index = index


@compiles(_CrossJoin, "sqlite")
def _compile_cross_join(join: _CrossJoin, compiler: Any, **kw: Any) -> str:
    left, _, right = compiler.visit_join(join, **kw).partition(" JOIN ")
    if join.index:
        hint = f" INDEXED BY {compiler.preparer.quote(join.index)}"
        table = compiler.preparer.format_table(O)
        if join.left is O and left == table:
            left += hint
        elif join.right is O and right.startswith(f"{table} ON "):
            right = table + hint + right[len(table) :]
        else:
            raise sa.exc.CompileError("INDEXED BY applies to the offering table only")
    return f"{left} CROSS JOIN {right}"


# Facet filters picked from a list: facet -> (working-set column, SearchQuery attribute,
# which is also the parameter's name). Currency is a single value, self-paced is part of
# the query's shape, and qualifications go through the link table.
_IN_FILTERS = {
    "university": ("university_slug", "universities"),
    "country": ("country", "countries"),
    "eqf": ("eqf", "eqf_levels"),
    "language": ("language", "languages"),
    "form": ("form", "forms"),
    "assessment": ("assessment", "assessments"),
}
_RANGES = {
    "ects_min": (O.c.ects, ">="),
    "ects_max": (O.c.ects, "<="),
    "price_min": (O.c.price_minor, ">="),
    "price_max": (O.c.price_minor, "<="),
    "start_from": (O.c.start_date, ">="),
    "start_to": (O.c.start_date, "<="),
}


def _payable_in_asked() -> Any:
    """Ids of the offerings with a price in the asked currency besides their own."""
    return sa.select(P.c.offering_id).where(P.c.currency == sa.bindparam("currency"))


def _price_in_asked() -> Any:
    """An offering's price in the asked currency: its own, or the one set for that
    currency (NULL when it has none), so a price range and a price sort in EUR read EUR."""
    extra = (
        sa.select(P.c.amount_minor)
        .where(P.c.offering_id == O.c.id, P.c.currency == sa.bindparam("currency"))
        .scalar_subquery()
    )
    return sa.case((O.c.currency == sa.bindparam("currency"), O.c.price_minor), else_=extra)


def _range_column(shape: _Shape, name: str) -> Any:
    column = _RANGES[name][0]
    if name.startswith("price_") and "currency" in shape.filters:
        return _price_in_asked()
    return column


@dataclass(frozen=True)
class _Shape:
    """Everything about a query that changes its SQL (values are parameters)."""

    postgres: bool
    text: bool
    sort: str
    with_facets: bool
    filters: tuple[str, ...]
    self_paced: bool | None
    ranges: tuple[str, ...]


def _shape(session: Session, q: SearchQuery, with_facets: bool) -> _Shape:
    chosen = {name: getattr(q, attribute) for name, (_, attribute) in _IN_FILTERS.items()}
    chosen.update(
        currency=q.currency,
        self_paced=q.self_paced is not None,
        qualification=q.qualifications,
    )
    return _Shape(
        postgres=_is_postgres(session),
        text=bool(q.words),
        sort=q.sort,
        with_facets=with_facets,
        filters=tuple(name for name, value in chosen.items() if value),
        self_paced=q.self_paced,
        ranges=tuple(name for name in _RANGES if getattr(q, name) is not None),
    )


def _parameters(q: SearchQuery, shape: _Shape) -> dict[str, Any]:
    """Values for the parameters of the shape's statement (the page's offset aside)."""
    params: dict[str, Any] = {"limit": q.per_page}
    for name in shape.filters:
        if name in _IN_FILTERS:
            attribute = _IN_FILTERS[name][1]
            params[attribute] = list(getattr(q, attribute))
    if "currency" in shape.filters:
        params["currency"] = q.currency
    if "qualification" in shape.filters:
        params["qualifications"] = list(q.qualifications)
    for name in shape.ranges:
        params[name] = getattr(q, name)
    if shape.text and shape.postgres:
        params["tsq"] = " & ".join(f"{w}:*" for w in q.words)
    elif shape.text:
        params["fts"] = " AND ".join(f'"{w}"*' for w in q.words)
    return params


def _working_columns() -> dict[str, Any]:
    """What the working set keeps of each hit: everything filters and facets look at."""
    return {
        "id": O.c.id,
        "university_slug": U.c.slug,
        "university_name": U.c.name,
        "country": U.c.country_code,
        "eqf": O.c.eqf_level,
        "language": O.c.language,
        "form": O.c.participation_form,
        "assessment": O.c.assessment_type,
        "currency": O.c.currency,
        "self_paced": O.c.self_paced,
    }


def _facet_filters(shape: _Shape, c: Any) -> dict[str, Any]:
    """The filters chosen facet by facet, as conditions over the columns `c`."""
    conds: dict[str, Any] = {}
    for name in shape.filters:
        if name in _IN_FILTERS:
            column, attribute = _IN_FILTERS[name]
            conds[name] = c[column].in_(sa.bindparam(attribute, expanding=True))
        elif name == "currency":
            # Payable in it: its own currency, or one more price the university set.
            conds[name] = sa.or_(
                c["currency"] == sa.bindparam("currency"), c["id"].in_(_payable_in_asked())
            )
        elif name == "self_paced":
            conds[name] = c["self_paced"].is_(shape.self_paced)
        elif name == "qualification":
            linked = (
                sa.select(QO.c.offering_id)
                .join(Q, Q.c.id == QO.c.qualification_id)
                .where(Q.c.slug.in_(sa.bindparam("qualifications", expanding=True)))
            )
            conds[name] = c["id"].in_(linked)
    return conds


def _int(value: int) -> Any:
    return sa.literal_column(str(int(value)), sa.Integer)


def _misses(shape: _Shape, conds: dict[str, Any]) -> Any:
    """A bit mask of the filters a hit fails: bit i for the i-th filter of the shape."""
    terms = [
        sa.case((conds[name], _int(0)), else_=_int(1 << i)) for i, name in enumerate(shape.filters)
    ]
    return functools.reduce(operator.add, terms)


def _passes(shape: _Shape, hits: Any, facet: str | None = None) -> list[Any]:
    """Hits that pass every filter, or every filter but `facet`'s (to count that facet)."""
    if not shape.filters or not shape.with_facets:
        return []  # without facets, the working set holds only hits that pass them all
    if facet in shape.filters:
        bit = 1 << shape.filters.index(facet)
        return [hits.c.misses.in_([_int(0), _int(bit)])]
    return [hits.c.misses == _int(0)]


def _hits(shape: _Shape) -> Any:
    """The working set of one request, as a CTE computed once (lower rank = better).

    Each hit carries the mask of the filters it fails, so every count just compares one
    number. Only hits that fail at most one filter can count anywhere (a facet's count
    drops that facet's own filter); without facets, only those that fail none.
    """
    columns = _working_columns()
    where = [O.c.status == "published", U.c.approved.is_(True)]
    for name in shape.ranges:
        column, op = _RANGES[name]
        value = sa.bindparam(name, type_=column.type)
        where.append(_range_column(shape, name).op(op, is_comparison=True)(value))
    rank: sa.ColumnElement[Any] | None = None
    if shape.text and shape.postgres:
        source: Any = O.join(U, U.c.id == O.c.university_id)
        tsquery = sa.func.to_tsquery(
            sa.literal_column("'simple'"), sa.bindparam("tsq", type_=sa.String)
        )
        where.append(sa.column("search_vector").op("@@")(tsquery))
        rank = -sa.func.ts_rank(
            sa.literal_column("'{0.1, 0.2, 0.4, 1.0}'"), sa.column("search_vector"), tsquery
        )
    elif shape.text:
        fts = sa.table("offering_fts")
        on = O.c.id == sa.literal_column("offering_fts.rowid")
        source = _CrossJoin(fts, O, on, SEARCH_FACETS_INDEX).join(U, U.c.id == O.c.university_id)
        match = sa.bindparam("fts", type_=sa.String)
        where.append(sa.literal_column("offering_fts").op("MATCH")(match))
        rank = sa.literal_column("bm25(offering_fts, 10.0, 1.0)")
    elif shape.postgres:
        source = O.join(U, U.c.id == O.c.university_id)
    else:
        source = _CrossJoin(O, U, U.c.id == O.c.university_id, SEARCH_FACETS_INDEX)
    selected = [column.label(name) for name, column in columns.items()]
    conds = _facet_filters(shape, columns)
    if conds and shape.with_facets:
        misses = _misses(shape, conds)
        selected.append(misses.label("misses"))
        where.append(misses.in_([_int(0), *(_int(1 << i) for i in range(len(conds)))]))
        if rank is not None:
            # Ranking costs more than matching: rank only the hits that pass every filter.
            rank = sa.case((sa.and_(*conds.values()), rank))
    else:
        where.extend(conds.values())
    if rank is not None and shape.sort != "relevance":
        rank = None
    if shape.postgres:
        # The page's order keys, read from the row the match already fetched, so the page
        # need not look each passing hit up again in the offering table: one random heap
        # read per hit that passes every filter (8,300 for `data` + `eqf=5,6` +
        # `form=online` at a million offerings: 45 ms of 450). Only for those hits: the rest
        # are counted, never shown. On SQLite the working set is read off the covering
        # index, which holds no titles, so the page joins the offering (see `_page_part`).
        passing = sa.and_(*conds.values()) if conds and shape.with_facets else None
        for i, (key, _) in enumerate(_order_keys(shape, rank)):
            gated = key if passing is None or key is rank else sa.case((passing, key))
            selected.append(gated.label(f"k{i}"))
    elif rank is not None:
        selected.append(rank.label("rank"))
    stmt = sa.select(*selected).select_from(source).where(*where)
    return stmt.cte("hits").prefix_with("MATERIALIZED")


def _order_keys(shape: _Shape, rank: Any | None) -> list[tuple[Any, bool]]:
    """The page order as (expression, descending) pairs; ties end on the offering id.

    `rank` is the relevance of the words (lower = better), None without words.
    """
    by_title = [(O.c.title, False), (O.c.id, False)]
    price = _range_column(shape, "price_min")
    if shape.sort == "price_asc":
        return [(price, False), *by_title]
    if shape.sort == "price_desc":
        return [(price, True), *by_title]
    if shape.sort == "start":
        # Dated courses by start date first, then self-paced ones (always available).
        return [(O.c.start_date.is_(None), False), (O.c.start_date, False), *by_title]
    if shape.sort == "ects_asc":
        return [(O.c.ects, False), *by_title]
    if shape.sort == "ects_desc":
        return [(O.c.ects, True), *by_title]
    if shape.sort == "title":
        return by_title
    if shape.sort == "relevance" and rank is not None:
        return [(rank, False), *by_title]
    # Relevance without words: featured first, then soonest start.
    return [
        (O.c.featured, True),
        (O.c.start_date.is_(None), False),
        (O.c.start_date, False),
        *by_title,
    ]


def _row(kind: str, value: Any, label: Any, n: Any) -> list[Any]:
    """The shape every part of the UNION ALL shares: (kind, value, label, n)."""
    return [
        sa.literal_column(f"'{kind}'").label("kind"),
        value.label("value"),
        label.label("label"),
        n.label("n"),
    ]


def _no_text() -> Any:
    return sa.cast(sa.null(), _TEXT)


def _page_part(shape: _Shape, hits: Any) -> Any:
    """Ids of the requested page, each with its position on the page as n."""
    if shape.postgres:
        ranked = sa.null() if shape.text else None  # only which keys there are matters here
        order = _order_keys(shape, ranked)
        keys = [(hits.c[f"k{i}"], desc) for i, (_, desc) in enumerate(order)]
        return _page_of(keys, hits.c.id, hits, _passes(shape, hits))
    rank = hits.c.rank if "rank" in hits.c else None
    return _page_of(
        _order_keys(shape, rank),
        hits.c.id,
        _CrossJoin(hits, O, O.c.id == hits.c.id),
        _passes(shape, hits),
    )


def _page_of(keys: list[tuple[Any, bool]], id_column: Any, source: Any, where: list[Any]) -> Any:
    page = (
        sa.select(id_column.label("id"), *[e.label(f"k{i}") for i, (e, _) in enumerate(keys)])
        .select_from(source)
        .where(*where)
        .order_by(*[e.desc() if desc else e for e, desc in keys])
        .limit(sa.bindparam("limit", type_=sa.Integer))
        .offset(sa.bindparam("offset", type_=sa.Integer))
        .subquery("page")
    )
    position = sa.func.row_number().over(
        order_by=[
            page.c[f"k{i}"].desc() if desc else page.c[f"k{i}"] for i, (_, desc) in enumerate(keys)
        ]
    )
    return sa.select(*_row("page", sa.cast(page.c.id, _TEXT), _no_text(), position))


@functools.lru_cache(maxsize=512)
def _listing_page_statement(shape: _Shape) -> Any:
    """A page of the catalogue without words read straight from the offerings, the
    chosen filters in its WHERE, along the index of the order asked for (the default's
    `ix_offering_catalogue_order`, or price, start or workload: migration 0029), which it
    walks until the page is full, without counting the rest (the counts are kept)."""
    conds = _facet_filters(shape, _working_columns())
    return _page_of(
        _order_keys(shape, None),  # no words, so no rank
        O.c.id,
        O.join(U, U.c.id == O.c.university_id),
        [O.c.status == "published", U.c.approved.is_(True), *conds.values()],
    )


def _count_parts(shape: _Shape, hits: Any) -> list[Any]:
    c = hits.c
    total = sa.select(*_row("total", _no_text(), _no_text(), sa.func.count()))
    parts = [total.select_from(hits).where(*_passes(shape, hits))]
    if not shape.with_facets:
        return parts
    simple = {
        "country": (c.country, c.country),
        "eqf": (sa.cast(c.eqf, _TEXT), c.eqf),
        "language": (c.language, c.language),
        "form": (c.form, c.form),
        "assessment": (c.assessment, c.assessment),
        "self_paced": (
            sa.case(
                (c.self_paced.is_(True), sa.literal_column("'1'")),
                else_=sa.literal_column("'0'"),
            ),
            c.self_paced,
        ),
    }
    for name, (value, grouped) in simple.items():
        parts.append(
            sa.select(*_row(name, value, _no_text(), sa.func.count()))
            .select_from(hits)
            .where(*_passes(shape, hits, name))
            .group_by(grouped)
        )
    # Each offering counts once in every currency it can be paid in.
    payable = sa.union_all(
        sa.select(c.currency.label("cur")).where(*_passes(shape, hits, "currency")),
        sa.select(P.c.currency.label("cur"))
        .select_from(hits.join(P, P.c.offering_id == c.id))
        .where(*_passes(shape, hits, "currency")),
    ).subquery("payable")
    parts.append(
        sa.select(*_row("currency", payable.c.cur, _no_text(), sa.func.count())).group_by(
            payable.c.cur
        )
    )
    parts.append(
        sa.select(*_row("university", c.university_slug, c.university_name, sa.func.count()))
        .select_from(hits)
        .where(*_passes(shape, hits, "university"))
        .group_by(c.university_slug, c.university_name)
    )
    parts.append(
        sa.select(*_row("qualification", Q.c.slug, Q.c.title, sa.func.count()))
        .select_from(
            hits.join(QO, QO.c.offering_id == c.id).join(Q, Q.c.id == QO.c.qualification_id)
        )
        .where(*_passes(shape, hits, "qualification"))
        .group_by(Q.c.slug, Q.c.title)
    )
    return parts


@functools.lru_cache(maxsize=512)
def _search_statement(shape: _Shape) -> Any:
    """Total, facets (if asked for) and the page's ids, in one statement."""
    hits = _hits(shape)
    return sa.union_all(*_count_parts(shape, hits), _page_part(shape, hits))


@functools.lru_cache(maxsize=512)
def _page_statement(shape: _Shape) -> Any:
    """Only the page's ids (when the page asked for lies beyond the last one)."""
    return _page_part(shape, _hits(shape))


CARD_COLUMNS = [
    O.c.slug,
    O.c.title,
    O.c.summary,
    U.c.slug.label("university_slug"),
    U.c.name.label("university_name"),
    U.c.country_code,
    O.c.ects,
    O.c.eqf_level,
    O.c.price_minor,
    O.c.currency,
    O.c.start_date,
    O.c.end_date,
    O.c.self_paced,
    O.c.participation_form,
    O.c.assessment_type,
    O.c.language,
    O.c.seat_capacity,
    O.c.seats_taken,
]


def _card(row: Any) -> OfferingCard:
    m = row._mapping
    seats_left = None
    if m["seat_capacity"] is not None:
        seats_left = max(0, m["seat_capacity"] - m["seats_taken"])
    return OfferingCard(
        slug=m["slug"],
        title=m["title"],
        summary=m["summary"],
        university_slug=m["university_slug"],
        university_name=m["university_name"],
        country_code=m["country_code"],
        ects=_ects_str(m["ects"]),
        eqf_level=m["eqf_level"],
        price_minor=m["price_minor"],
        currency=m["currency"],
        start_date=_iso(m["start_date"]),
        end_date=_iso(m["end_date"]),
        self_paced=bool(m["self_paced"]),
        participation_form=m["participation_form"],
        assessment_type=m["assessment_type"],
        language=m["language"],
        seats_left=seats_left,
    )


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value[:10]
    return value.isoformat()


def _ects_str(value: Any) -> str:
    d = Decimal(str(value)).quantize(Decimal("0.01"))
    text = format(d.normalize(), "f")
    return text


_CARDS_BY_ID = (
    sa.select(O.c.id, *CARD_COLUMNS)
    .select_from(O.join(U, U.c.id == O.c.university_id))
    .where(O.c.id.in_(sa.bindparam("ids", expanding=True)))
)


_ASKED_PRICES = sa.select(P.c.offering_id, P.c.amount_minor).where(
    P.c.currency == sa.bindparam("currency"),
    P.c.offering_id.in_(sa.bindparam("ids", expanding=True)),
)


def _cards(
    session: Session, page_rows: Sequence[Any], currency: str | None = None
) -> list[OfferingCard]:
    """The page's cards in order; with a currency asked for, each priced in it."""
    position = {int(row.value): int(row.n) for row in page_rows}
    if not position:
        return []
    rows = session.execute(_CARDS_BY_ID, {"ids": list(position)}).all()
    asked: dict[int, int] = {}
    if currency:
        found = session.execute(_ASKED_PRICES, {"currency": currency, "ids": list(position)})
        asked = dict(found.tuples().all())
    cards = []
    for row in sorted(rows, key=lambda row: position[row.id]):
        card = _card(row)
        if currency and card.currency != currency and row.id in asked:
            card = replace(card, price_minor=asked[row.id], currency=currency)
        cards.append(card)
    return cards


def _facets(rows: Sequence[Any], q: SearchQuery, lang: str) -> dict[str, list[FacetValue]]:
    by_kind: dict[str, list[Any]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    facets: dict[str, list[FacetValue]] = {}
    simple = {
        "country": (q.countries, vocab.COUNTRIES),
        "eqf": (tuple(str(v) for v in q.eqf_levels), None),
        "language": (q.languages, vocab.LANGUAGES),
        "form": (q.forms, vocab.PARTICIPATION_FORMS),
        "assessment": (q.assessments, vocab.ASSESSMENT_TYPES),
        "currency": ((q.currency,) if q.currency else (), None),
        "self_paced": (() if q.self_paced is None else ("1" if q.self_paced else "0",), None),
    }
    for name, (selected, vocabulary) in simple.items():
        values = []
        for row in by_kind.get(name, []):
            key = row.value
            if name == "eqf":
                label = f"EQF {key}"
            elif name == "self_paced":
                label = t("vocab.pace.self_paced" if key == "1" else "vocab.pace.scheduled", lang)
            elif vocabulary is not None:
                label = vocab.label(vocabulary, key, lang)
            else:
                label = key
            values.append(FacetValue(key, label, int(row.n), key in selected))
        values.sort(key=lambda f: f.value if name == "eqf" else f.label.lower())
        facets[name] = values
    for name, selected in (("university", q.universities), ("qualification", q.qualifications)):
        facets[name] = sorted(
            (
                FacetValue(row.value, row.label, int(row.n), row.value in selected)
                for row in by_kind.get(name, [])
            ),
            key=lambda f: fold(f.label),
        )
    return facets


def _counts_key(shape: _Shape, params: dict[str, Any]) -> Hashable:
    """What the counts depend on: the filters and their values, not the order or page."""
    values = tuple(
        sorted(
            (k, tuple(v) if isinstance(v, list) else v) for k, v in params.items() if k != "limit"
        )
    )
    return (replace(shape, sort=""), values)


def search(
    session: Session, q: SearchQuery, *, lang: str = "en", with_facets: bool = True
) -> SearchResult:
    notices = list(q.notices)
    shape = _shape(session, q, with_facets)
    params = _parameters(q, shape)
    at = {"offset": (q.page - 1) * q.per_page}
    # Without words or ranges, the counts read only what moves the catalogue's stamp
    # (`facet_cache`): they are kept per filter choice, and only the page is read afresh.
    listing = shape.with_facets and not (shape.text or shape.ranges)
    number = facet_cache.stamp(session) if listing else None
    counts_key = _counts_key(shape, params) if listing else None
    counted = facet_cache.cached(number, counts_key) if number is not None else None
    fresh: Sequence[Any] | None = None
    if number is not None and counted is None:
        # Right after a change, a crowd asks for the same counts at once: one request of
        # this process counts, the others wait for it (seconds at a million offerings).
        with facet_cache.one_count(number, counts_key):
            counted = facet_cache.cached(number, counts_key)
            if counted is None:
                fresh = session.execute(_search_statement(shape), {**params, **at}).all()
                facet_cache.keep(number, counts_key, [row for row in fresh if row.kind != "page"])
    elif counted is None:
        fresh = session.execute(_search_statement(shape), {**params, **at}).all()
    rows: Sequence[Any]
    if fresh is not None:
        rows = fresh
        page_rows: Sequence[Any] = [row for row in rows if row.kind == "page"]
    else:
        rows = counted or ()
        page_rows = session.execute(_listing_page_statement(shape), {**params, **at}).all()
    total = next(int(row.n) for row in rows if row.kind == "total")
    pages = max(1, -(-total // q.per_page))
    page = q.page
    if page > pages:
        notices.append(Notice("page_beyond_end"))
        page = pages
        page_rows = []
        if total:
            offset = (page - 1) * q.per_page
            page_rows = session.execute(_page_statement(shape), {**params, "offset": offset}).all()
    return SearchResult(
        query=q.with_page(page),
        items=_cards(session, page_rows, q.currency),
        total=total,
        page=page,
        pages=pages,
        facets=_facets(rows, q, lang) if with_facets else {},
        notices=notices,
    )


# ---------------------------------------------------------------- reading one thing


def _published_offering_query() -> Any:
    return (
        select(Offering, University)
        .join(University, col(University.id) == Offering.university_id)
        .where(Offering.status == "published", col(University.approved).is_(True))
    )


@dataclass(frozen=True)
class UniversitySummary:
    slug: str
    name: str
    country_code: str
    city: str
    website: str
    quality_assurance: str
    description: str
    logo: str | None


@dataclass(frozen=True)
class QualificationRef:
    slug: str
    title: str
    eqf_level: int


@dataclass(frozen=True)
class OfferingDetail:
    """Every fact about a published offering (the EU elements included)."""

    uuid: str
    slug: str
    title: str
    summary: str
    description: str
    learning_outcomes: tuple[str, ...]
    esco_skills: tuple[dict[str, Any], ...]
    ects: str
    eqf_level: int
    nqf_level: int | None
    nqf_framework: str | None
    isced_f_code: str
    language: str
    participation_form: str
    assessment_type: str
    supervision: str
    prerequisites: str
    quality_assurance: str
    price_minor: int
    currency: str
    start_date: str | None
    end_date: str | None
    self_paced: bool
    seat_capacity: int | None
    seats_left: int | None
    university: UniversitySummary
    qualifications: tuple[QualificationRef, ...]
    # Recognition of prior learning: the assessment without the course.
    assessment_only: bool = False
    # Every price a learner may pay, the primary (`price_minor`, `currency`) first.
    prices: tuple[Price, ...] = ()


@dataclass(frozen=True)
class UniversityDetail:
    """A university and its published offerings."""

    university: UniversitySummary
    offerings: tuple[OfferingCard, ...]


@dataclass(frozen=True)
class QualificationDetail:
    """A qualification, who awards it and the offerings that stack into it."""

    slug: str
    title: str
    eqf_level: int
    ects_required: str
    ects_available: str
    description: str
    language: str
    universities: tuple[UniversitySummary, ...]
    offerings: tuple[OfferingCard, ...]


@dataclass(frozen=True)
class UniversityListing:
    university: UniversitySummary
    offering_count: int


@dataclass(frozen=True)
class QualificationListing:
    slug: str
    title: str
    eqf_level: int
    ects_required: str
    description: str
    offering_count: int


def offering_detail(session: Session, slug: str) -> OfferingDetail:
    """Every fact about a published offering, as plain data for pages and the API."""
    row = session.exec(_published_offering_query().where(Offering.slug == slug)).first()
    if row is None:
        raise NotFound("error.catalogue.offering_not_found")
    offering, university = row
    return detail_of(session, offering, university)


def detail_of(session: Session, offering: Offering, university: University) -> OfferingDetail:
    """An offering's facts in any state (the portal's preview shows a draft this way)."""
    quals = session.exec(
        select(Qualification)
        .join(
            QualificationOffering, col(QualificationOffering.qualification_id) == Qualification.id
        )
        .where(QualificationOffering.offering_id == offering.id)
        .order_by(Qualification.title)
    ).all()
    seats_left = None
    if offering.seat_capacity is not None:
        seats_left = max(0, offering.seat_capacity - offering.seats_taken)
    return OfferingDetail(
        uuid=str(offering.uuid),
        slug=offering.slug,
        title=offering.title,
        summary=offering.summary,
        description=offering.description,
        learning_outcomes=tuple(offering.learning_outcomes or []),
        esco_skills=tuple(offering.esco_skills or []),
        ects=_ects_str(offering.ects),
        eqf_level=offering.eqf_level,
        nqf_level=offering.nqf_level,
        nqf_framework=offering.nqf_framework,
        isced_f_code=offering.isced_f_code,
        language=offering.language,
        participation_form=offering.participation_form,
        assessment_type=offering.assessment_type,
        supervision=offering.supervision,
        prerequisites=offering.prerequisites,
        quality_assurance=offering.quality_assurance or university.quality_assurance,
        price_minor=offering.price_minor,
        currency=offering.currency,
        start_date=_iso(offering.start_date),
        end_date=_iso(offering.end_date),
        self_paced=offering.self_paced,
        seat_capacity=offering.seat_capacity,
        seats_left=seats_left,
        university=university_summary(university),
        qualifications=tuple(QualificationRef(q.slug, q.title, q.eqf_level) for q in quals),
        assessment_only=offering.assessment_only,
        prices=prices_of(session, offering),
    )


def university_summary(university: University) -> UniversitySummary:
    return UniversitySummary(
        slug=university.slug,
        name=university.name,
        country_code=university.country_code,
        city=university.city,
        website=university.website,
        quality_assurance=university.quality_assurance,
        description=university.description,
        logo=urls.university_logo(university.slug, university.logo),
    )


def _cards_where(
    session: Session, *conds: Any, order: list[Any] | None = None, limit: int = 200
) -> list[OfferingCard]:
    stmt = (
        sa.select(*CARD_COLUMNS)
        .select_from(O.join(U, U.c.id == O.c.university_id))
        .where(O.c.status == "published", U.c.approved.is_(True), *conds)
        .order_by(*(order or [O.c.title, O.c.id]))
        .limit(limit)
    )
    return [_card(row) for row in session.execute(stmt).all()]


def university_id_by_slug(session: Session, slug: str) -> int | None:
    """Any university, approved or not: staff manage theirs before it is approved."""
    return session.exec(select(University.id).where(University.slug == slug[:120])).first()


def university_slug_of_offering(session: Session, offering_id: int) -> str | None:
    offering = session.get(Offering, offering_id)
    university = session.get(University, offering.university_id) if offering else None
    return university.slug if university else None


def university_detail(session: Session, slug: str) -> UniversityDetail:
    university = session.exec(
        select(University).where(University.slug == slug, col(University.approved).is_(True))
    ).first()
    if university is None:
        raise NotFound("error.catalogue.university_not_found")
    return UniversityDetail(
        university=university_summary(university),
        offerings=tuple(_cards_where(session, U.c.id == university.id)),
    )


def qualification_detail(session: Session, slug: str) -> QualificationDetail:
    qualification = session.exec(select(Qualification).where(Qualification.slug == slug)).first()
    if qualification is None:
        raise NotFound("error.catalogue.qualification_not_found")
    universities = session.exec(
        select(University)
        .join(QualificationUniversity, col(QualificationUniversity.university_id) == University.id)
        .where(QualificationUniversity.qualification_id == qualification.id)
        .order_by(University.name)
    ).all()
    cards = _cards_where(
        session,
        O.c.id.in_(sa.select(QO.c.offering_id).where(QO.c.qualification_id == qualification.id)),
    )
    total_ects = sum((Decimal(c.ects) for c in cards), Decimal(0))
    return QualificationDetail(
        slug=qualification.slug,
        title=qualification.title,
        eqf_level=qualification.eqf_level,
        ects_required=_ects_str(qualification.ects_required),
        ects_available=_ects_str(total_ects),
        description=qualification.description,
        language=qualification.language,
        universities=tuple(university_summary(u) for u in universities),
        offerings=tuple(cards),
    )


def featured_offerings(session: Session, limit: int = 6) -> list[OfferingCard]:
    return _cards_where(
        session,
        O.c.featured.is_(True),
        order=[O.c.start_date.is_(None), O.c.start_date, O.c.title],
        limit=limit,
    )


def list_universities(session: Session) -> list[UniversityListing]:
    counts = dict(
        session.execute(
            sa.select(O.c.university_id, sa.func.count())
            .where(O.c.status == "published")
            .group_by(O.c.university_id)
        ).all()
    )
    universities = session.exec(
        select(University).where(col(University.approved).is_(True)).order_by(University.name)
    ).all()
    return [
        UniversityListing(university_summary(u), int(counts.get(u.id, 0))) for u in universities
    ]


def list_qualifications(session: Session) -> list[QualificationListing]:
    counts = dict(
        session.execute(
            sa.select(QO.c.qualification_id, sa.func.count())
            .select_from(QO.join(O, O.c.id == QO.c.offering_id))
            .where(O.c.status == "published")
            .group_by(QO.c.qualification_id)
        ).all()
    )
    quals = session.exec(select(Qualification).order_by(Qualification.title)).all()
    return [
        QualificationListing(
            slug=q.slug,
            title=q.title,
            eqf_level=q.eqf_level,
            ects_required=_ects_str(q.ects_required),
            description=q.description,
            offering_count=int(counts.get(q.id, 0)),
        )
        for q in quals
    ]


def today() -> date:
    return utcnow().date()
