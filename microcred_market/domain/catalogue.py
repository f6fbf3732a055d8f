"""The course catalogue: writing offerings and finding them.

Search runs in the database on both engines: FTS5 on SQLite and a weighted tsvector with a
GIN index on PostgreSQL. Both index the same pre-folded words (see `text.fold`), so the
two engines return the same offerings for the same query. Facet counts follow the usual
rule of faceted search: the count beside a value is what you would get by adding that
value, so each facet is counted with every filter except its own.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from microcred_market.domain import vocab
from microcred_market.domain.errors import InvalidInput, NotFound
from microcred_market.domain.models import (
    Offering,
    Qualification,
    QualificationOffering,
    QualificationUniversity,
    University,
    utcnow,
)
from microcred_market.domain.search_query import Notice, SearchQuery
from microcred_market.domain.text import fold, slugify, tokens

O = Offering.__table__  # noqa: E741  (short aliases keep the SQL readable)
U = University.__table__
Q = Qualification.__table__
QO = QualificationOffering.__table__

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


def refresh_search_fields(offering: Offering, university_name: str) -> None:
    """Recompute the folded words the full-text index reads."""
    offering.search_title = " ".join(tokens(offering.title))
    body = [
        offering.summary,
        " ".join(offering.learning_outcomes or []),
        " ".join(str(s.get("label", "")) for s in (offering.esco_skills or [])),
        university_name,
    ]
    offering.search_body = " ".join(tokens(" ".join(body)))


def validate_offering(offering: Offering) -> None:
    problems: list[str] = []
    if not offering.title.strip():
        problems.append("a title")
    if not 1 <= offering.eqf_level <= 8:
        problems.append("an EQF level from 1 to 8")
    if offering.ects is None or Decimal(offering.ects) <= 0:
        problems.append("a positive ECTS workload")
    if offering.currency not in vocab.CURRENCIES:
        problems.append(f"a currency among {', '.join(vocab.CURRENCIES)}")
    if offering.price_minor < 0:
        problems.append("a price of zero or more")
    if offering.participation_form not in vocab.PARTICIPATION_FORMS:
        problems.append("a known form of participation")
    if offering.assessment_type not in vocab.ASSESSMENT_TYPES:
        problems.append("a known type of assessment")
    if offering.supervision not in vocab.SUPERVISION:
        problems.append("a known kind of supervision")
    if offering.status not in vocab.OFFERING_STATUSES:
        problems.append("a known status")
    if not offering.self_paced and offering.start_date is None:
        problems.append("a start date, or to be self-paced")
    if offering.start_date and offering.end_date and offering.end_date < offering.start_date:
        problems.append("an end date after its start date")
    if offering.seat_capacity is not None and offering.seat_capacity < 0:
        problems.append("a seat capacity of zero or more")
    if problems:
        raise InvalidInput("The offering needs " + "; ".join(problems) + ".")


def save_offering(session: Session, offering: Offering) -> Offering:
    """Validate, fold the search words and store an offering (insert or update)."""
    validate_offering(offering)
    university = session.get(University, offering.university_id)
    if university is None:
        raise NotFound("That university does not exist.")
    if not offering.slug:
        offering.slug = slugify(offering.title, 110) or "offering"
    refresh_search_fields(offering, university.name)
    offering.updated_at = utcnow()
    session.add(offering)
    session.flush()
    return offering


# ---------------------------------------------------------------- search


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
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


@dataclass
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


def _text_match(session: Session, words: list[str]) -> tuple[Any, Any]:
    """A selectable of (offering id, rank) for the words, lower rank = better."""
    if _is_postgres(session):
        tsquery = " & ".join(f"{w}:*" for w in words)
        query = sa.func.to_tsquery(sa.literal_column("'simple'"), sa.bindparam("tsq", tsquery))
        rank = -sa.func.ts_rank(
            sa.literal_column("'{0.1, 0.2, 0.4, 1.0}'"),
            sa.column("search_vector"),
            query,
        )
        sub = (
            sa.select(O.c.id.label("oid"), rank.label("rank"))
            .select_from(O)
            .where(sa.column("search_vector").op("@@")(query))
            .subquery("fts")
        )
        return sub, sub.c.rank
    match = " AND ".join(f'"{w}"*' for w in words)
    sub = (
        sa.select(
            sa.literal_column("rowid").label("oid"),
            sa.literal_column("bm25(offering_fts, 10.0, 1.0)").label("rank"),
        )
        .select_from(sa.table("offering_fts"))
        .where(sa.literal_column("offering_fts").op("MATCH")(sa.bindparam("fts", match)))
        .subquery("fts")
    )
    return sub, sub.c.rank


def _conditions(session: Session, q: SearchQuery, exclude: str | None = None) -> list[Any]:
    conds: list[Any] = [O.c.status == "published", U.c.approved.is_(True)]
    if q.universities and exclude != "university":
        conds.append(U.c.slug.in_(q.universities))
    if q.countries and exclude != "country":
        conds.append(U.c.country_code.in_(q.countries))
    if q.eqf_levels and exclude != "eqf":
        conds.append(O.c.eqf_level.in_(q.eqf_levels))
    if q.languages and exclude != "language":
        conds.append(O.c.language.in_(q.languages))
    if q.forms and exclude != "form":
        conds.append(O.c.participation_form.in_(q.forms))
    if q.assessments and exclude != "assessment":
        conds.append(O.c.assessment_type.in_(q.assessments))
    if q.currency and exclude != "currency":
        conds.append(O.c.currency == q.currency)
    if q.self_paced is not None and exclude != "self_paced":
        conds.append(O.c.self_paced.is_(q.self_paced))
    if q.ects_min is not None:
        conds.append(O.c.ects >= q.ects_min)
    if q.ects_max is not None:
        conds.append(O.c.ects <= q.ects_max)
    if q.price_min is not None:
        conds.append(O.c.price_minor >= q.price_min)
    if q.price_max is not None:
        conds.append(O.c.price_minor <= q.price_max)
    if q.start_from is not None:
        conds.append(O.c.start_date >= q.start_from)
    if q.start_to is not None:
        conds.append(O.c.start_date <= q.start_to)
    if q.qualifications and exclude != "qualification":
        conds.append(
            O.c.id.in_(
                sa.select(QO.c.offering_id)
                .join(Q, Q.c.id == QO.c.qualification_id)
                .where(Q.c.slug.in_(q.qualifications))
            )
        )
    return conds


def _base(session: Session, q: SearchQuery, columns: list[Any], exclude: str | None = None):
    stmt = sa.select(*columns).select_from(O.join(U, U.c.id == O.c.university_id))
    words = q.words
    rank = None
    if words:
        fts, rank = _text_match(session, words)
        stmt = stmt.join(fts, fts.c.oid == O.c.id)
    return stmt.where(*_conditions(session, q, exclude)), rank


def _params(q: SearchQuery) -> dict[str, str]:
    words = q.words
    return {
        "fts": " AND ".join(f'"{w}"*' for w in words),
        "tsq": " & ".join(f"{w}:*" for w in words),
    }


def _order(q: SearchQuery, rank: Any) -> list[Any]:
    by_title = [O.c.title, O.c.id]
    if q.sort == "price_asc":
        return [O.c.price_minor, *by_title]
    if q.sort == "price_desc":
        return [O.c.price_minor.desc(), *by_title]
    if q.sort == "start":
        # Dated courses by start date first, then self-paced ones (always available).
        return [O.c.start_date.is_(None), O.c.start_date, *by_title]
    if q.sort == "ects_asc":
        return [O.c.ects, *by_title]
    if q.sort == "ects_desc":
        return [O.c.ects.desc(), *by_title]
    if q.sort == "relevance" and rank is not None:
        return [rank, *by_title]
    # Relevance without words: featured first, then soonest start.
    return [O.c.featured.desc(), O.c.start_date.is_(None), O.c.start_date, *by_title]


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


def _facet_counts(session: Session, q: SearchQuery, lang: str) -> dict[str, list[FacetValue]]:
    params = _params(q)
    facets: dict[str, list[FacetValue]] = {}
    simple = {
        "country": (U.c.country_code, q.countries, vocab.COUNTRIES),
        "eqf": (O.c.eqf_level, tuple(str(v) for v in q.eqf_levels), None),
        "language": (O.c.language, q.languages, vocab.LANGUAGES),
        "form": (O.c.participation_form, q.forms, vocab.PARTICIPATION_FORMS),
        "assessment": (O.c.assessment_type, q.assessments, vocab.ASSESSMENT_TYPES),
        "currency": (O.c.currency, (q.currency,) if q.currency else (), None),
        "self_paced": (
            O.c.self_paced,
            () if q.self_paced is None else ("1" if q.self_paced else "0",),
            None,
        ),
    }
    for name, (column, selected, vocabulary) in simple.items():
        stmt, _ = _base(session, q, [column.label("v"), sa.func.count().label("n")], name)
        rows = session.execute(stmt.group_by(column), params).all()
        values = []
        for value, count in rows:
            key = str(value) if name != "self_paced" else ("1" if value else "0")
            if name == "eqf":
                label = f"EQF {value}"
            elif name == "self_paced":
                label = (
                    ("Samodzielnie" if lang == "pl" else "Self-paced")
                    if value
                    else ("Z terminami" if lang == "pl" else "Scheduled")
                )
            elif vocabulary is not None:
                label = vocab.label(vocabulary, key, lang)
            else:
                label = key
            values.append(FacetValue(key, label, int(count), key in selected))
        values.sort(key=lambda f: f.value if name == "eqf" else f.label.lower())
        facets[name] = values

    stmt, _ = _base(session, q, [U.c.slug, U.c.name, sa.func.count().label("n")], "university")
    rows = session.execute(stmt.group_by(U.c.slug, U.c.name), params).all()
    facets["university"] = sorted(
        (FacetValue(slug, name, int(n), slug in q.universities) for slug, name, n in rows),
        key=lambda f: fold(f.label),
    )

    stmt, _ = _base(session, q, [Q.c.slug, Q.c.title, sa.func.count().label("n")], "qualification")
    stmt = stmt.join(QO, QO.c.offering_id == O.c.id).join(Q, Q.c.id == QO.c.qualification_id)
    rows = session.execute(stmt.group_by(Q.c.slug, Q.c.title), params).all()
    facets["qualification"] = sorted(
        (FacetValue(slug, title, int(n), slug in q.qualifications) for slug, title, n in rows),
        key=lambda f: fold(f.label),
    )
    return facets


def search(
    session: Session, q: SearchQuery, *, lang: str = "en", with_facets: bool = True
) -> SearchResult:
    notices = list(q.notices)
    params = _params(q)
    count_stmt, _ = _base(session, q, [sa.func.count()])
    total = int(session.execute(count_stmt, params).scalar_one())
    pages = max(1, -(-total // q.per_page))
    page = q.page
    if page > pages:
        notices.append(Notice("page_beyond_end"))
        page = pages
    stmt, rank = _base(session, q, CARD_COLUMNS)
    stmt = stmt.order_by(*_order(q, rank)).limit(q.per_page).offset((page - 1) * q.per_page)
    items = [_card(row) for row in session.execute(stmt, params).all()]
    facets = _facet_counts(session, q, lang) if with_facets else {}
    return SearchResult(
        query=q.with_page(page),
        items=items,
        total=total,
        page=page,
        pages=pages,
        facets=facets,
        notices=notices,
    )


# ---------------------------------------------------------------- reading one thing


def _published_offering_query() -> Any:
    return (
        select(Offering, University)
        .join(University, University.id == Offering.university_id)
        .where(Offering.status == "published", University.approved.is_(True))
    )


def offering_detail(session: Session, slug: str) -> dict[str, Any]:
    """Every fact about a published offering, as plain data for pages and the API."""
    row = session.exec(_published_offering_query().where(Offering.slug == slug)).first()
    if row is None:
        raise NotFound("We could not find that course. It may have been withdrawn.")
    offering, university = row
    quals = session.exec(
        select(Qualification)
        .join(QualificationOffering, QualificationOffering.qualification_id == Qualification.id)
        .where(QualificationOffering.offering_id == offering.id)
        .order_by(Qualification.title)
    ).all()
    seats_left = None
    if offering.seat_capacity is not None:
        seats_left = max(0, offering.seat_capacity - offering.seats_taken)
    return {
        "uuid": str(offering.uuid),
        "slug": offering.slug,
        "title": offering.title,
        "summary": offering.summary,
        "description": offering.description,
        "learning_outcomes": list(offering.learning_outcomes or []),
        "esco_skills": list(offering.esco_skills or []),
        "ects": _ects_str(offering.ects),
        "eqf_level": offering.eqf_level,
        "nqf_level": offering.nqf_level,
        "nqf_framework": offering.nqf_framework,
        "isced_f_code": offering.isced_f_code,
        "language": offering.language,
        "participation_form": offering.participation_form,
        "assessment_type": offering.assessment_type,
        "supervision": offering.supervision,
        "prerequisites": offering.prerequisites,
        "quality_assurance": offering.quality_assurance or university.quality_assurance,
        "price_minor": offering.price_minor,
        "currency": offering.currency,
        "start_date": _iso(offering.start_date),
        "end_date": _iso(offering.end_date),
        "self_paced": offering.self_paced,
        "seat_capacity": offering.seat_capacity,
        "seats_left": seats_left,
        "university": university_summary(university),
        "qualifications": [
            {"slug": q.slug, "title": q.title, "eqf_level": q.eqf_level} for q in quals
        ],
    }


def university_summary(university: University) -> dict[str, Any]:
    return {
        "slug": university.slug,
        "name": university.name,
        "country_code": university.country_code,
        "city": university.city,
        "website": university.website,
        "quality_assurance": university.quality_assurance,
        "description": university.description,
        "logo": university.logo,
    }


def _cards_where(session: Session, *conds: Any, order: list[Any] | None = None, limit: int = 200):
    stmt = (
        sa.select(*CARD_COLUMNS)
        .select_from(O.join(U, U.c.id == O.c.university_id))
        .where(O.c.status == "published", U.c.approved.is_(True), *conds)
        .order_by(*(order or [O.c.title, O.c.id]))
        .limit(limit)
    )
    return [_card(row) for row in session.execute(stmt).all()]


def university_detail(session: Session, slug: str) -> dict[str, Any]:
    university = session.exec(
        select(University).where(University.slug == slug, University.approved.is_(True))
    ).first()
    if university is None:
        raise NotFound("We could not find that university.")
    data = university_summary(university)
    data["offerings"] = [asdict(c) for c in _cards_where(session, U.c.id == university.id)]
    return data


def qualification_detail(session: Session, slug: str) -> dict[str, Any]:
    qualification = session.exec(select(Qualification).where(Qualification.slug == slug)).first()
    if qualification is None:
        raise NotFound("We could not find that qualification.")
    universities = session.exec(
        select(University)
        .join(QualificationUniversity, QualificationUniversity.university_id == University.id)
        .where(QualificationUniversity.qualification_id == qualification.id)
        .order_by(University.name)
    ).all()
    cards = _cards_where(
        session,
        O.c.id.in_(sa.select(QO.c.offering_id).where(QO.c.qualification_id == qualification.id)),
    )
    total_ects = sum((Decimal(c.ects) for c in cards), Decimal(0))
    return {
        "slug": qualification.slug,
        "title": qualification.title,
        "eqf_level": qualification.eqf_level,
        "ects_required": _ects_str(qualification.ects_required),
        "ects_available": _ects_str(total_ects),
        "description": qualification.description,
        "language": qualification.language,
        "universities": [university_summary(u) for u in universities],
        "offerings": [asdict(c) for c in cards],
    }


def featured_offerings(session: Session, limit: int = 6) -> list[OfferingCard]:
    return _cards_where(
        session,
        O.c.featured.is_(True),
        order=[O.c.start_date.is_(None), O.c.start_date, O.c.title],
        limit=limit,
    )


def list_universities(session: Session) -> list[dict[str, Any]]:
    counts = dict(
        session.execute(
            sa.select(O.c.university_id, sa.func.count())
            .where(O.c.status == "published")
            .group_by(O.c.university_id)
        ).all()
    )
    universities = session.exec(
        select(University).where(University.approved.is_(True)).order_by(University.name)
    ).all()
    out = []
    for u in universities:
        data = university_summary(u)
        data["offering_count"] = int(counts.get(u.id, 0))
        out.append(data)
    return out


def list_qualifications(session: Session) -> list[dict[str, Any]]:
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
        {
            "slug": q.slug,
            "title": q.title,
            "eqf_level": q.eqf_level,
            "ects_required": _ects_str(q.ects_required),
            "description": q.description,
            "offering_count": int(counts.get(q.id, 0)),
        }
        for q in quals
    ]


def today() -> date:
    return utcnow().date()
