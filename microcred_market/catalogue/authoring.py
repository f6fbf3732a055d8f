"""Universities author their offerings: draft → published → archived, with versions.

Who may: owners and editors (`university.offerings.edit`). The catalogue lies below
`accounts` in the layers, so the permission is checked by the caller in the same unit of
work (the portal's pages through `ui.pages.catalogue.authoring_access.as_editor`), and
every function here takes the university the caller was allowed for and reaches only that
university's offerings: a slug of another university's offering is "not found".

A draft may lack anything but what the table needs (`catalogue.validate_offering`).
Publishing refuses an offering that lacks a mandatory EU element and names each one
(`validate_offering(..., publishing=True)`). Once published, an edit must keep every
element, and a change of its facts makes a new numbered `OfferingVersion`: a credential
names the version it was signed with (`version_for_issue`), and neither ever changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from microcred_market.catalogue import esco, prices, vocab
from microcred_market.catalogue.models import Offering, OfferingPrice, OfferingVersion, University
from microcred_market.catalogue.service import (
    OfferingDetail,
    detail_of,
    eu_missing_elements,
    save_offering,
    validate_offering,
)
from microcred_market.platform import audit
from microcred_market.platform.clock import utcnow
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.platform.i18n import Phrase, Phrases
from microcred_market.platform.text import slugify

MAX_OUTCOMES = 20
MAX_OUTCOME_CHARS = 400
MAX_PRICE_MINOR = prices.MAX_PRICE_MINOR  # one million in major units
MAX_SEATS = 100_000
# Words the portal's addresses use after /staff/<university>/offerings/: a new draft never
# takes one as its slug (and `validate_offering` refuses them).
RESERVED_SLUGS = vocab.RESERVED_SLUGS

# The facts a version records: everything an author writes that a learner reads.
VERSIONED = (
    "title",
    "summary",
    "description",
    "learning_outcomes",
    "esco_skills",
    "ects",
    "eqf_level",
    "nqf_level",
    "nqf_framework",
    "isced_f_code",
    "language",
    "participation_form",
    "assessment_type",
    "supervision",
    "prerequisites",
    "quality_assurance",
    "price_minor",
    "currency",
    "start_date",
    "end_date",
    "self_paced",
    "seat_capacity",
)


# ---------------------------------------------------------------- input


@dataclass(frozen=True)
class OfferingInput:
    """What the author typed, as text (numbers and dates parsed here, with the errors)."""

    title: str = ""
    summary: str = ""
    description: str = ""
    learning_outcomes: tuple[str, ...] = ()
    esco_skills: tuple[str, ...] = ()  # URIs of the shipped list (`catalogue.esco`)
    isced_f_code: str = ""
    eqf_level: str = ""
    prk_level: str = ""  # the Polish Qualifications Framework level, where it applies
    ects: str = ""
    language: str = "en"
    prerequisites: str = ""
    participation_form: str = "online"
    assessment_type: str = "test"
    supervision: str = "unsupervised-no-id"
    quality_assurance: str = ""
    price: str = "0"  # in major units: "790" or "790.50" (a comma works too)
    currency: str = "PLN"
    self_paced: bool = False
    start_date: str = ""
    end_date: str = ""
    seat_capacity: str = ""

    @classmethod
    def from_form(
        cls,
        form: Mapping[str, Any],
        outcomes: Sequence[str] | None = None,
        skills: Sequence[str] | None = None,
    ) -> OfferingInput:
        """From a submitted form (every value a string; lengths capped)."""

        def text(name: str, limit: int) -> str:
            return str(form.get(name, "") or "").strip()[:limit]

        return cls(
            title=text("title", 200),
            summary=text("summary", 600),
            description=text("description", 20_000),
            learning_outcomes=tuple(str(o)[:MAX_OUTCOME_CHARS] for o in (outcomes or ())),
            esco_skills=tuple(str(s)[:300] for s in (skills or ())),
            isced_f_code=text("isced_f_code", 4),
            eqf_level=text("eqf_level", 2),
            prk_level=text("prk_level", 2),
            ects=text("ects", 10),
            language=text("language", 8) or "en",
            prerequisites=text("prerequisites", 4000),
            participation_form=text("participation_form", 20),
            assessment_type=text("assessment_type", 20),
            supervision=text("supervision", 40),
            quality_assurance=text("quality_assurance", 2000),
            price=text("price", 16) or "0",
            currency=text("currency", 3).upper(),
            self_paced=str(form.get("self_paced", "")) in ("1", "on", "true", "yes"),
            start_date=text("start_date", 10),
            end_date=text("end_date", 10),
            seat_capacity=text("seat_capacity", 8),
        )


def _bad(name: str) -> Phrase:
    return Phrase(f"error.catalogue.bad_field.{name}")


def _int(value: str, low: int, high: int) -> int | None:
    """None for empty; raises ValueError outside [low, high] or not a whole number."""
    if not value:
        return None
    number = int(value)
    if not low <= number <= high:
        raise ValueError(value)
    return number


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _apply(offering: Offering, inp: OfferingInput) -> None:
    """Copy the input onto the offering; a value that cannot be read is named, all at once.

    What is empty stays empty (a draft may lack it); the refusal to publish names it.
    """
    problems: list[Phrase] = []
    offering.title = inp.title
    offering.summary = inp.summary
    offering.description = inp.description
    outcomes = [" ".join(o.split()) for o in inp.learning_outcomes]
    outcomes = [o for o in outcomes if o]
    if len(outcomes) > MAX_OUTCOMES:
        problems.append(Phrase("error.catalogue.bad_field.too_many_outcomes", {"n": MAX_OUTCOMES}))
    offering.learning_outcomes = outcomes[:MAX_OUTCOMES]
    # The shipped list, and what the offering already names (kept as it was written).
    known = {
        str(s.get("uri", "")): esco.Skill(str(s.get("uri", "")), str(s.get("label", "")), ())
        for s in offering.esco_skills or []
    } | esco.by_uri()
    chosen: list[dict[str, Any]] = []
    for uri in dict.fromkeys(inp.esco_skills):
        skill = known.get(uri)
        if skill is None:
            problems.append(_bad("esco_skill"))
            break
        chosen.append({"uri": skill.uri, "label": skill.label})
    if len(chosen) > esco.MAX_SKILLS:
        problems.append(Phrase("error.catalogue.bad_field.too_many_skills", {"n": esco.MAX_SKILLS}))
    offering.esco_skills = chosen[: esco.MAX_SKILLS]
    if inp.isced_f_code and inp.isced_f_code not in vocab.ISCED_FIELDS:
        problems.append(_bad("isced_f_code"))
    offering.isced_f_code = inp.isced_f_code if inp.isced_f_code in vocab.ISCED_FIELDS else ""
    try:
        eqf = _int(inp.eqf_level, 1, 8)
    except ValueError:
        problems.append(_bad("eqf_level"))
        eqf = None
    # The table needs a number; 0 is "not chosen yet", which publishing refuses by name.
    offering.eqf_level = eqf or 0
    try:
        prk = _int(inp.prk_level, 1, 8)
    except ValueError:
        problems.append(_bad("prk_level"))
        prk = None
    offering.nqf_level = prk
    offering.nqf_framework = "PRK" if prk is not None else None
    try:
        ects = Decimal(inp.ects.replace(",", ".")) if inp.ects else Decimal(0)
        if not ects.is_finite() or ects < 0 or ects > 999 or ects != ects.quantize(Decimal("0.01")):
            raise InvalidOperation
    except InvalidOperation:
        problems.append(_bad("ects"))
        ects = Decimal(0)
    offering.ects = ects
    if inp.language not in vocab.LANGUAGES:
        problems.append(_bad("language"))
    else:
        offering.language = inp.language
    offering.prerequisites = inp.prerequisites
    offering.participation_form = inp.participation_form
    offering.assessment_type = inp.assessment_type
    offering.supervision = inp.supervision
    offering.quality_assurance = inp.quality_assurance
    try:
        offering.price_minor = prices.parse_amount(inp.price)
    except ValueError:
        problems.append(_bad("price"))
    offering.currency = inp.currency
    offering.self_paced = inp.self_paced
    try:
        offering.start_date = _date(inp.start_date)
    except ValueError:
        problems.append(_bad("start_date"))
    try:
        offering.end_date = _date(inp.end_date)
    except ValueError:
        problems.append(_bad("end_date"))
    try:
        offering.seat_capacity = _int(inp.seat_capacity, 0, MAX_SEATS)
    except ValueError:
        problems.append(_bad("seat_capacity"))
    if problems:
        raise InvalidInput("error.catalogue.offering_unreadable", problems=Phrases(problems))


def _validate(offering: Offering, university: University) -> None:
    """What the table needs always, and the EU elements once the offering is public."""
    validate_offering(
        offering,
        publishing=offering.status == "published",
        university=university,
    )


# ---------------------------------------------------------------- versions


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def facts(
    offering: Offering, university: University, extra: Sequence[OfferingPrice] = ()
) -> dict[str, Any]:
    """The offering's versioned facts as JSON values (quality assurance as it applies).

    `extra`: its prices in other currencies, recorded as `prices` ({currency: minor
    units}) only when it has any, so the versions written before offerings had other
    prices still hold the same facts and no new version is made for nothing.
    """
    data: dict[str, Any] = {name: getattr(offering, name) for name in VERSIONED}
    others = {p.currency: p.amount_minor for p in extra if p.currency != offering.currency}
    if others:
        data["prices"] = dict(sorted(others.items()))
    data["ects"] = format(Decimal(offering.ects).quantize(Decimal("0.01")), "f")
    data["learning_outcomes"] = list(offering.learning_outcomes or [])
    data["esco_skills"] = [dict(s) for s in offering.esco_skills or []]
    data["start_date"] = _iso(offering.start_date)
    data["end_date"] = _iso(offering.end_date)
    data["quality_assurance"] = offering.quality_assurance or university.quality_assurance
    return data


def _latest(session: Session, offering_id: int) -> OfferingVersion | None:
    return session.exec(
        select(OfferingVersion)
        .where(OfferingVersion.offering_id == offering_id)
        .order_by(col(OfferingVersion.number).desc())
        .limit(1)
    ).first()


def _snapshot(
    session: Session, offering: Offering, university: University, user_id: int | None
) -> tuple[OfferingVersion, bool]:
    """The latest version if it holds these facts, else a new one; (version, made now).

    Two processes snapshotting at once clash on (offering, number); the one that loses
    reads the winner's version, which holds the same facts (both read one committed row).
    """
    assert offering.id is not None
    now = facts(offering, university, prices.extra_prices(session, offering.id))
    for _attempt in range(3):
        latest = _latest(session, offering.id)
        if latest is not None and latest.facts == now:
            return latest, False
        version = OfferingVersion(
            offering_id=offering.id,
            number=(latest.number + 1) if latest else 1,
            facts=now,
            created_by_user_id=user_id,
        )
        try:
            with session.begin_nested():
                session.add(version)
                session.flush()
        except IntegrityError:
            continue
        return version, True
    raise RuntimeError("could not number a new offering version")


def version_for_issue(session: Session, offering_id: int) -> int:
    """The id of the version whose facts a credential signed now carries.

    Made on the spot when the offering's facts changed outside the portal (the demo seed,
    the command line) or it was published before offerings had versions.
    """
    offering = session.get(Offering, offering_id)
    if offering is None:
        raise NotFound("error.catalogue.offering_not_found")
    university = session.get(University, offering.university_id)
    assert university is not None
    version, _made = _snapshot(session, offering, university, None)
    assert version.id is not None
    return version.id


@dataclass(frozen=True)
class VersionView:
    number: int
    created_at: datetime
    title: str
    facts: Mapping[str, Any]


def versions(session: Session, university_id: int, slug: str) -> list[VersionView]:
    offering, _university = _own(session, university_id, slug)
    rows = session.exec(
        select(OfferingVersion)
        .where(OfferingVersion.offering_id == offering.id)
        .order_by(col(OfferingVersion.number).desc())
    ).all()
    return [
        VersionView(v.number, v.created_at, str(v.facts.get("title", "")), v.facts) for v in rows
    ]


def version_facts(session: Session, version_id: int) -> Mapping[str, Any] | None:
    version = session.get(OfferingVersion, version_id)
    return version.facts if version else None


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class OfferingRow:
    """One line of the portal's list of offerings."""

    slug: str
    title: str
    status: str
    version: int | None  # the latest version's number; None until first published
    updated_at: datetime
    missing: int  # how many mandatory EU elements it still lacks
    language: str = "en"  # the course's own (its title is written in it)


@dataclass(frozen=True)
class OfferingEdit:
    """Everything the edit form shows, as the form's own text values."""

    slug: str
    status: str
    university_slug: str
    university_country: str
    university_quality_assurance: str
    values: Mapping[str, str]
    learning_outcomes: tuple[str, ...]
    esco_skills: tuple[dict[str, str], ...]
    missing: tuple[Phrase, ...]  # mandatory EU elements it lacks (empty: publishable)
    version: int | None
    versions: tuple[VersionView, ...] = field(default_factory=tuple)
    # Its prices in other currencies than its own (by currency); the primary is in values.
    prices: tuple[prices.Price, ...] = ()


def _own(session: Session, university_id: int, slug: str) -> tuple[Offering, University]:
    """The university's offering by slug; another university's is "not found"."""
    offering = session.exec(
        select(Offering).where(
            Offering.slug == str(slug)[:120], Offering.university_id == university_id
        )
    ).first()
    university = session.get(University, university_id)
    if offering is None or university is None:
        raise NotFound("error.catalogue.offering_not_found")
    return offering, university


def list_offerings(session: Session, university_id: int) -> list[OfferingRow]:
    university = session.get(University, university_id)
    if university is None:
        raise NotFound("error.catalogue.university_not_found")
    offerings = session.exec(
        select(Offering)
        .where(Offering.university_id == university_id)
        .order_by(col(Offering.status), col(Offering.updated_at).desc(), col(Offering.id))
        .limit(1000)
    ).all()
    numbers = dict(
        session.execute(
            sa.select(col(OfferingVersion.offering_id), sa.func.max(col(OfferingVersion.number)))
            .where(col(OfferingVersion.offering_id).in_([o.id for o in offerings]))
            .group_by(col(OfferingVersion.offering_id))
        ).all()
    )
    return [
        OfferingRow(
            slug=o.slug,
            title=o.title,
            status=o.status,
            version=numbers.get(o.id),
            updated_at=o.updated_at,
            missing=len(eu_missing_elements(o, university)),
            language=o.language,
        )
        for o in offerings
    ]


def _values(offering: Offering) -> dict[str, str]:
    price = Decimal(offering.price_minor) / 100
    return {
        "title": offering.title,
        "summary": offering.summary,
        "description": offering.description,
        "isced_f_code": offering.isced_f_code,
        "eqf_level": str(offering.eqf_level) if offering.eqf_level else "",
        "prk_level": str(offering.nqf_level) if offering.nqf_framework == "PRK" else "",
        "ects": format(Decimal(offering.ects).normalize(), "f") if offering.ects else "",
        "language": offering.language,
        "prerequisites": offering.prerequisites,
        "participation_form": offering.participation_form,
        "assessment_type": offering.assessment_type,
        "supervision": offering.supervision,
        "quality_assurance": offering.quality_assurance,
        "price": format(price.quantize(Decimal("0.01")), "f"),
        "currency": offering.currency,
        "self_paced": "1" if offering.self_paced else "",
        "start_date": _iso(offering.start_date) or "",
        "end_date": _iso(offering.end_date) or "",
        "seat_capacity": "" if offering.seat_capacity is None else str(offering.seat_capacity),
    }


def editor_view(session: Session, university_id: int, slug: str) -> OfferingEdit:
    offering, university = _own(session, university_id, slug)
    history = tuple(versions(session, university_id, slug))
    return OfferingEdit(
        slug=offering.slug,
        status=offering.status,
        university_slug=university.slug,
        university_country=university.country_code,
        university_quality_assurance=university.quality_assurance,
        values=_values(offering),
        learning_outcomes=tuple(offering.learning_outcomes or []),
        esco_skills=tuple(
            {"uri": str(s.get("uri", "")), "label": str(s.get("label", ""))}
            for s in offering.esco_skills or []
        ),
        missing=tuple(eu_missing_elements(offering, university)),
        version=history[0].number if history else None,
        versions=history,
        prices=tuple(p for p in prices.prices_of(session, offering) if not p.primary),
    )


def blank_view(session: Session, university_id: int, language: str = "en") -> OfferingEdit:
    """The edit form of an offering not written yet: the defaults a new draft starts from
    (self-paced, in `language` when we know it) and every EU element it still lacks."""
    university = session.get(University, university_id)
    if university is None:
        raise NotFound("error.catalogue.university_not_found")
    offering = Offering(
        university_id=university_id,
        slug="",
        title="",
        ects=Decimal(0),
        eqf_level=0,
        status="draft",
        self_paced=True,
        language=language if language in vocab.LANGUAGES else "en",
    )
    return OfferingEdit(
        slug="",
        status="draft",
        university_slug=university.slug,
        university_country=university.country_code,
        university_quality_assurance=university.quality_assurance,
        values=_values(offering),
        learning_outcomes=(),
        esco_skills=(),
        missing=tuple(eu_missing_elements(offering, university)),
        version=None,
    )


def preview(session: Session, university_id: int, slug: str) -> OfferingDetail:
    """The learner's view of the offering in whatever state it is (for its authors)."""
    offering, university = _own(session, university_id, slug)
    return detail_of(session, offering, university)


# ---------------------------------------------------------------- writing


@dataclass(frozen=True)
class Saved:
    slug: str
    status: str
    version: int | None  # a new version's number when this change made one
    missing: tuple[Phrase, ...]


def _unique_slug(session: Session, title: str) -> str:
    base = slugify(title, 100) or "offering"
    taken = (
        set(
            session.exec(
                select(Offering.slug).where(
                    sa.or_(col(Offering.slug) == base, col(Offering.slug).like(f"{base}-%"))
                )
            ).all()
        )
        | RESERVED_SLUGS
    )
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def create_offering(
    session: Session, university_id: int, actor: audit.Actor, inp: OfferingInput
) -> Saved:
    """A new draft; it needs a title, and what it has must be readable."""
    university = session.get(University, university_id)
    if university is None:
        raise NotFound("error.catalogue.university_not_found")
    if not inp.title:
        raise InvalidInput(
            "error.catalogue.offering_incomplete",
            problems=Phrases([Phrase("error.catalogue.needs_title")]),
        )
    offering = Offering(
        university_id=university_id,
        slug=_unique_slug(session, inp.title),
        title=inp.title,
        ects=Decimal(0),
        eqf_level=0,
        status="draft",
    )
    _apply(offering, inp)
    _validate_draft(offering, university)
    save_offering(session, offering, checked=True)
    audit.record(
        session,
        "offering.created",
        actor,
        offering.slug,
        after={"status": "draft"},
        university=university.slug,
    )
    return _saved(offering, university, None)


def _saved(offering: Offering, university: University, made: int | None) -> Saved:
    """What the editor is told after a change: the state, the version made, what is left."""
    return Saved(
        offering.slug, offering.status, made, tuple(eu_missing_elements(offering, university))
    )


def _version_if_published(
    session: Session, offering: Offering, university: University, user_id: int | None
) -> int | None:
    """The number of the version a change to a published offering made, if it made one."""
    if offering.status != "published":
        return None
    version, created = _snapshot(session, offering, university, user_id)
    return version.number if created else None


def _validate_draft(offering: Offering, university: University) -> None:
    """A draft may have no level or workload yet; the rest must already be sound."""
    # A detached copy (never added to the session) with the gaps a draft may have filled.
    probe = Offering(
        university_id=offering.university_id,
        slug=offering.slug,
        **{name: getattr(offering, name) for name in VERSIONED},
    )
    if not offering.ects or offering.ects <= 0:
        probe.ects = Decimal(1)
    if not offering.eqf_level:
        probe.eqf_level = 1
    probe.self_paced = offering.self_paced or offering.start_date is None
    probe.status = "draft"
    validate_offering(probe, university=university)
    if offering.status == "published":
        validate_offering(offering, publishing=True, university=university)


def _changed(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}


def update_offering(
    session: Session, university_id: int, actor: audit.Actor, slug: str, inp: OfferingInput
) -> Saved:
    """Store the author's changes; a published offering keeps every EU element and a
    change of its facts makes a new version."""
    offering, university = _own(session, university_id, slug)
    if offering.status == "archived":
        raise InvalidInput("error.catalogue.offering_archived")
    extra = prices.extra_prices(session, offering.id)
    before = facts(offering, university, extra)
    _apply(offering, inp)
    if any(p.currency == offering.currency for p in extra):
        # One price per currency: the other price in this currency would clash with it.
        raise InvalidInput(
            "error.catalogue.offering_unreadable",
            problems=Phrases(
                [
                    Phrase(
                        "error.catalogue.bad_field.currency_has_price",
                        {"currency": offering.currency},
                    )
                ]
            ),
        )
    _validate_draft(offering, university)
    save_offering(session, offering, checked=True)
    after = facts(offering, university, extra)
    old, new = _changed(before, after)
    made = _version_if_published(session, offering, university, actor.user_id)
    if old or new:
        audit.record(
            session,
            "offering.edited",
            actor,
            offering.slug,
            before=old,
            after=new,
            university=university.slug,
            version=made,
        )
    return _saved(offering, university, made)


def publish(session: Session, university_id: int, actor: audit.Actor, slug: str) -> Saved:
    """Put the offering in the catalogue and search now, or say what it lacks."""
    offering, university = _own(session, university_id, slug)
    before = offering.status
    offering.status = "published"
    try:
        validate_offering(offering, publishing=True, university=university)
    except InvalidInput:
        offering.status = before
        raise
    save_offering(session, offering, checked=True)
    version, created = _snapshot(session, offering, university, actor.user_id)
    audit.record(
        session,
        "offering.published",
        actor,
        offering.slug,
        before={"status": before},
        after={"status": "published", "version": version.number},
        university=university.slug,
    )
    return Saved(offering.slug, offering.status, version.number if created else None, ())


def archive(session: Session, university_id: int, actor: audit.Actor, slug: str) -> Saved:
    """Take the offering out of the catalogue; its enrolments and credentials stay."""
    offering, university = _own(session, university_id, slug)
    before = offering.status
    if before == "archived":
        return Saved(offering.slug, before, None, ())
    offering.status = "archived"
    offering.featured = False
    offering.updated_at = utcnow()
    session.add(offering)
    session.flush()
    audit.record(
        session,
        "offering.archived",
        actor,
        offering.slug,
        before={"status": before},
        after={"status": "archived"},
        university=university.slug,
    )
    return Saved(offering.slug, offering.status, None, ())


def restore(session: Session, university_id: int, actor: audit.Actor, slug: str) -> Saved:
    """An archived offering back to a draft (publishing it again checks it again)."""
    offering, university = _own(session, university_id, slug)
    if offering.status != "archived":
        return Saved(offering.slug, offering.status, None, ())
    offering.status = "draft"
    offering.updated_at = utcnow()
    session.add(offering)
    session.flush()
    audit.record(
        session,
        "offering.restored",
        actor,
        offering.slug,
        before={"status": "archived"},
        after={"status": "draft"},
        university=university.slug,
    )
    return _saved(offering, university, None)


# ---------------------------------------------------------------- prices in other currencies


def _priced(
    session: Session,
    offering: Offering,
    university: University,
    actor: audit.Actor,
    action: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Saved:
    """After a price was added or removed: a published offering's new version, the audit."""
    made = _version_if_published(session, offering, university, actor.user_id)
    offering.updated_at = utcnow()
    session.add(offering)
    session.flush()
    audit.record(
        session,
        action,
        actor,
        offering.slug,
        before=before,
        after=after,
        university=university.slug,
        version=made,
    )
    return _saved(offering, university, made)


def add_price(
    session: Session,
    university_id: int,
    actor: audit.Actor,
    slug: str,
    currency: str,
    amount: str,
) -> Saved:
    """A price in another currency than the offering's own: one of `vocab.CURRENCIES`,
    not the primary one, not one it has already, an amount from 0 to `MAX_PRICE_MINOR`.

    Each refusal is a sentence of its own (`error.catalogue.price_*`); nothing is kept.
    A published offering gets a new version: what a learner pays is one of its facts.
    """
    offering, university = _own(session, university_id, slug)
    if offering.status == "archived":
        raise InvalidInput("error.catalogue.offering_archived")
    code = prices.known_currency(currency)
    if code is None:
        raise InvalidInput(
            "error.catalogue.price_currency_unknown", currencies=", ".join(vocab.CURRENCIES)
        )
    if code == offering.currency:
        raise InvalidInput("error.catalogue.price_same_as_primary", currency=code)
    try:
        minor = prices.parse_amount(amount)
    except ValueError:
        raise InvalidInput("error.catalogue.price_amount_bad", max=MAX_PRICE_MINOR // 100) from None
    if any(p.currency == code for p in prices.extra_prices(session, offering.id)):
        raise InvalidInput("error.catalogue.price_twice", currency=code)
    assert offering.id is not None  # read from the database
    try:
        with session.begin_nested():
            session.add(OfferingPrice(offering_id=offering.id, currency=code, amount_minor=minor))
            session.flush()
    except IntegrityError:  # someone added it a moment ago
        raise InvalidInput("error.catalogue.price_twice", currency=code) from None
    return _priced(
        session,
        offering,
        university,
        actor,
        "offering.price_added",
        after={"currency": code, "amount_minor": minor},
    )


def remove_price(
    session: Session, university_id: int, actor: audit.Actor, slug: str, currency: str
) -> Saved:
    """Stop selling in `currency` (orders already made in it keep their amount)."""
    offering, university = _own(session, university_id, slug)
    if offering.status == "archived":
        raise InvalidInput("error.catalogue.offering_archived")
    code = str(currency or "").strip().upper()[:8]
    row = next((p for p in prices.extra_prices(session, offering.id) if p.currency == code), None)
    if row is None:
        raise NotFound("error.catalogue.price_not_found", currency=code)
    was = {"currency": code, "amount_minor": row.amount_minor}
    session.delete(row)
    session.flush()
    return _priced(session, offering, university, actor, "offering.price_removed", before=was)
