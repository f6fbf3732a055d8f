"""Moderation: results reach learners only when the owner releases an offering's batch.

Under a moderated assessment every decided result waits here, grouped by offering (one
batch per offering: the cohort assessed together). Releasing a batch makes its results
count (`results.release_results`, which queues the credential of every learner whose
overall rule is now met) and mails each learner their result, with what comes next: the
credential on a pass, the retake on a fail. Staff see who decided what and when, and who
released it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Session, col, select

from microcred_market.accounts import authz
from microcred_market.accounts.models import User
from microcred_market.assessments import overview, results
from microcred_market.assessments.models import AssessmentComponent, ComponentResult
from microcred_market.catalogue.models import Offering, University
from microcred_market.orders.models import Enrolment
from microcred_market.platform import audit, urls
from microcred_market.platform.clock import aware
from microcred_market.platform.db import get_by_uuid
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.platform.i18n import fmt_datetime, t
from microcred_market.platform.mail import queue_mail

ACTION = "university.results.release"
RECENT = 30


@dataclass(frozen=True)
class Line:
    """One result, with who decided it and when (and, once released, who released it)."""

    result_uuid: str
    learner: str
    component: str
    percent: Decimal | None
    passed: bool
    source: str  # quiz, review, decision, appeal
    supervision: str
    decided_by: str
    decided_at: datetime
    released_by: str = ""
    released_at: datetime | None = None


@dataclass(frozen=True)
class Batch:
    offering_uuid: str
    offering_title: str
    lines: list[Line]
    learners: int


@dataclass(frozen=True)
class Released:
    results: int
    learners: int
    passes: int  # learners whose credential is now on its way


def _university(session: Session, principal: authz.Principal, slug: str) -> University:
    university = session.exec(select(University).where(University.slug == slug)).first()
    if university is None:
        raise NotFound("error.credentials.university_unknown", slug=slug)
    authz.require(principal, ACTION, university.id)
    return university


Found = tuple[ComponentResult, AssessmentComponent, Offering, Enrolment]


def _rows(
    session: Session, university_id: int, *, released: bool, limit: int | None = None
) -> list[Found]:
    query = (
        select(ComponentResult, AssessmentComponent, Offering, Enrolment)
        .join(AssessmentComponent, col(AssessmentComponent.id) == ComponentResult.component_id)
        .join(Enrolment, col(Enrolment.id) == ComponentResult.enrolment_id)
        .join(Offering, col(Offering.id) == Enrolment.offering_id)
        .where(Offering.university_id == university_id, Enrolment.status == "active")
    )
    if released:
        query = query.where(col(ComponentResult.released_at).is_not(None)).order_by(
            col(ComponentResult.released_at).desc(), col(ComponentResult.id).desc()
        )
    else:
        query = query.where(
            col(ComponentResult.released_at).is_(None), ComponentResult.current == sa.true()
        ).order_by(col(Offering.title), col(ComponentResult.decided_at))
    if limit is not None:
        query = query.limit(limit)
    return list(session.exec(query).all())


def _names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    users = session.exec(select(User).where(col(User.id).in_(wanted))).all()
    return {u.id or 0: (u.display_name or u.email or "") for u in users}


def _lines(session: Session, rows: list[Found]) -> list[Line]:
    people: set[int | None] = set()
    for row, _component, _offering, enrolment in rows:
        people |= {row.decided_by_user_id, row.released_by_user_id, enrolment.user_id}
    names = _names(session, people)
    return [
        Line(
            result_uuid=str(row.uuid),
            learner=names.get(enrolment.user_id, ""),
            component=component.title,
            percent=row.percent,
            passed=row.passed,
            source=row.source,
            supervision=row.supervision,
            decided_by=names.get(row.decided_by_user_id or 0, ""),
            decided_at=aware(row.decided_at) or row.decided_at,
            released_by=names.get(row.released_by_user_id or 0, ""),
            released_at=aware(row.released_at),
        )
        for row, component, _offering, enrolment in rows
    ]


def pending(session: Session, principal: authz.Principal, slug: str) -> list[Batch]:
    """Results awaiting release at this university, one batch per offering."""
    university = _university(session, principal, slug)
    rows = list(_rows(session, university.id or 0, released=False))
    batches: dict[int, list[Found]] = {}
    offerings: dict[int, Offering] = {}
    for found in rows:
        offering = found[2]
        batches.setdefault(offering.id or 0, []).append(found)
        offerings[offering.id or 0] = offering
    return [
        Batch(
            offering_uuid=str(offerings[key].uuid),
            offering_title=offerings[key].title,
            lines=_lines(session, group),
            learners=len({found[3].id for found in group}),
        )
        for key, group in batches.items()
    ]


def recent(session: Session, principal: authz.Principal, slug: str) -> list[Line]:
    """The latest released results: who decided, who released, when."""
    university = _university(session, principal, slug)
    return _lines(session, list(_rows(session, university.id or 0, released=True, limit=RECENT)))


def release_batch(
    session: Session, principal: authz.Principal, slug: str, offering_uuid: str
) -> Released:
    """Release every result of the offering awaiting release, and tell each learner."""
    university = _university(session, principal, slug)
    offering = get_by_uuid(session, Offering, offering_uuid, "error.assessments.not_found")
    if offering.university_id != university.id:
        raise NotFound("error.assessments.not_found")
    rows = [
        found[0]
        for found in _rows(session, university.id or 0, released=False)
        if found[2].id == offering.id
    ]
    if not rows:
        raise InvalidInput("error.assessments.nothing_to_release")
    passed = results.release_results(session, rows, released_by_user_id=principal.user_id)
    learners = sorted({row.enrolment_id for row in rows})
    audit.record(
        session,
        "assessment.release",
        audit.user(principal.user_id),
        str(offering.uuid),
        after={"results": len(rows), "learners": len(learners), "passes": len(passed)},
    )
    for enrolment_id in learners:
        enrolment = session.get(Enrolment, enrolment_id)
        if enrolment is not None:
            _mail(session, enrolment, offering, university)
    return Released(results=len(rows), learners=len(learners), passes=len(passed))


def _percent(value: Decimal | None) -> str:
    return "" if value is None else f" {format(value.normalize(), 'f')}%"


def _mail(
    session: Session, enrolment: Enrolment, offering: Offering, university: University
) -> None:
    """The learner's result, and what comes next, in their language."""
    user = session.get(User, enrolment.user_id)
    if user is None or not user.email:
        return
    lang = user.preferred_language
    seen = overview.overview(session, user_id=user.id or 0, enrolment_uuid=str(enrolment.uuid))
    lines: list[str] = []
    retakes: list[str] = []
    for part in seen.parts:
        if part.status not in ("passed", "not_passed"):
            state = t(f"ui.as_status_{part.status}", lang)
            lines.append(f"- {part.title}: {state}")
            continue
        verdict = t(
            "ui.as_status_passed" if part.status == "passed" else "ui.as_status_not_passed", lang
        )
        lines.append(f"- {part.title}:{_percent(part.percent)} {verdict}")
        if part.status == "not_passed":
            retakes.append(f"- {part.title}: {retake_words(overview.retake_of(part), lang)}")
    if seen.credential_issued:
        template = "result_released_passed"
    elif any(p.status == "not_passed" for p in seen.parts):
        template = "result_released_not_passed"
    else:
        template = "result_released_partial"
    queue_mail(
        session,
        to=user.email,
        template=template,
        lang=lang,
        name=user.display_name or "",
        title=offering.title,
        university=university.name,
        parts="\n".join(lines),
        retake="\n".join(retakes),
        link=urls.page(f"/assess/{enrolment.uuid}"),
    )


def retake_words(retake: overview.Retake, lang: str) -> str:
    """A retake in words (the mail and the page say it the same way)."""
    if retake.how == "now":
        return t("ui.as_retake_now", lang, n=retake.attempts_left)
    if retake.how == "later":
        return t("ui.as_retake_later", lang, when=retake.when)
    if retake.how == "work":
        if retake.due is not None:
            return t("ui.as_retake_work_until", lang, when=fmt_datetime(retake.due, lang, "short"))
        return t("ui.as_retake_work", lang)
    if retake.how == "none":
        return t("ui.as_retake_none", lang)
    return t("ui.as_retake_ask", lang)
