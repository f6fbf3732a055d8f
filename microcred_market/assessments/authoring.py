"""Staff author an offering's assessment: a draft that becomes an immutable published version.

The rule that matters most: a published version never changes. Learners' attempts,
submissions and results point at its components, and the credential later says what was
assessed and how, so an edit after publishing would rewrite history. Every edit here
therefore works on a *draft* (`_draft_row` refuses anything else, with a message), and
editing a published assessment means opening a new draft, a copy with `version + 1`.
Publishing the draft leaves the older versions as they are: a learner who has started
keeps theirs (`results.assessment_of`); only versions nobody used are retired.

Field checks happen on each edit (a weight of 140 is refused at once); checks across the
whole assessment (weights add up to 100, a quiz has questions its pools can draw) are in
`validate_draft`, which `publish` runs and which refuses with one message per problem.

Every function checks `university.offerings.edit` (owner, editor) on the offering's
university itself: the builder shows answer keys, so the permission is the service's
business, not the page's.
"""

from __future__ import annotations

import copy
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from sqlmodel import Session, col, select

from microcred_market.accounts import authz
from microcred_market.assessments import qti, quiz
from microcred_market.assessments.models import (
    COMPONENT_KINDS,
    DECISION_MODES,
    Assessment,
    AssessmentComponent,
    AssessmentQuestion,
    ComponentResult,
    QuizAttempt,
    Submission,
)
from microcred_market.catalogue.models import Offering, University
from microcred_market.platform import audit
from microcred_market.platform.clock import utcnow
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.platform.i18n import Phrase, Phrases

ACTION = "university.offerings.edit"
Problem = quiz.Problem

MAX_COMPONENTS = 12
MAX_TITLE = 200
MAX_INSTRUCTIONS = 10000
MAX_CRITERIA = 20
MIN_LEVELS, MAX_LEVELS = 2, 10
MAX_DESCRIPTOR = 1000
MAX_LEVEL_POINTS = 100
MAX_QUESTIONS = 500
MAX_TIME_LIMIT = 600  # minutes
MAX_QUIZ_ATTEMPTS = 20
MAX_DELAY = 7 * 24 * 60  # minutes
MAX_GRACE = 600  # seconds
MAX_FILES = 20
MAX_APPEAL_DAYS = 90
MAX_MARGIN = 50
QUIZ_SETTINGS = frozenset(
    {
        "time_limit_minutes",
        "attempts",
        "delay_minutes",
        "opens_at",
        "closes_at",
        "pools",
        "one_per_screen",
        "grace_seconds",
    }
)
WORK_SETTINGS = frozenset({"due_at", "max_files"})
_CRITERION_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]{0,63}")


class DraftInvalid(InvalidInput):
    """`publish` refused: every problem of the draft, one message each (`problems`)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(
            "error.assessments.draft_invalid",
            problems=Phrases((_phrase(p) for p in problems), separator="\n"),
        )
        self.problems = list(problems)


def _phrase(p: Problem) -> Phrase:
    return Phrase(
        "error.assessments.problem_at", {"field": p.field, "problem": Phrase(p.key, p.params)}
    )


# ---------------------------------------------------------------- read side


@dataclass(frozen=True)
class QuestionView:
    ident: str
    position: int
    # The whole question as `assessments.quiz` defines it, key included (staff only).
    question: dict[str, Any]


@dataclass(frozen=True)
class ComponentView:
    uuid: str
    position: int
    kind: str
    mode: str
    title: str
    instructions: str
    weight: int
    pass_rule: dict[str, Any]
    rubric: dict[str, Any]
    settings: dict[str, Any]
    questions: list[QuestionView] = field(default_factory=list)


@dataclass(frozen=True)
class DraftView:
    uuid: str
    offering_slug: str
    offering_title: str
    offering_language: str
    assessment_only: bool
    learning_outcomes: list[str]
    university_slug: str
    version: int
    status: str
    pass_rule: dict[str, Any]
    window_opens_at: datetime | None
    window_closes_at: datetime | None
    blind_review: bool
    second_marker_margin: int | None
    moderated: bool
    appeal_days: int
    components: list[ComponentView]
    published_version: int | None  # the newest published version, if any


@dataclass(frozen=True)
class OfferingAssessment:
    """One line of the staff overview: an offering and where its assessment stands."""

    slug: str
    title: str
    status: str  # the offering's own status (draft, published)
    assessment_only: bool
    published_version: int | None
    draft_version: int | None
    components: int  # of the newest published version


@dataclass(frozen=True)
class ImportReport:
    imported: int
    idents: list[str]


@dataclass(frozen=True)
class Preview:
    """What a learner sees of one component: never a key, never an unseen question."""

    title: str
    kind: str
    mode: str
    instructions: str
    criteria: list[dict[str, Any]]
    time_limit_minutes: int | None
    attempts: int | None
    one_per_screen: bool
    questions: list[dict[str, Any]]
    drawn: int
    bank: int


# ---------------------------------------------------------------- loading and permission


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _offering(session: Session, principal: authz.Principal, slug: str) -> Offering:
    offering = session.exec(select(Offering).where(Offering.slug == str(slug)[:120])).first()
    if offering is None:
        raise NotFound("error.assessments.offering_unknown")
    authz.require(principal, ACTION, offering.university_id)
    return offering


def _uuid(raw: object) -> UUID:
    try:
        return raw if isinstance(raw, UUID) else UUID(str(raw))
    except ValueError:
        raise NotFound("error.assessments.not_found") from None


def _assessment(session: Session, principal: authz.Principal, raw: object) -> Assessment:
    row = session.exec(select(Assessment).where(Assessment.uuid == _uuid(raw))).first()
    if row is None:
        raise NotFound("error.assessments.not_found")
    offering = session.get(Offering, row.offering_id)
    if offering is None:
        raise NotFound("error.assessments.not_found")
    authz.require(principal, ACTION, offering.university_id)
    return row


def _draft_row(session: Session, principal: authz.Principal, raw: object) -> Assessment:
    """The draft to change, or a clear refusal: a published version is never edited."""
    row = _assessment(session, principal, raw)
    if row.status != "draft":
        raise InvalidInput("error.assessments.published_immutable", version=row.version)
    return row


def _component_row(
    session: Session, principal: authz.Principal, raw: object
) -> tuple[Assessment, AssessmentComponent]:
    component = session.exec(
        select(AssessmentComponent).where(AssessmentComponent.uuid == _uuid(raw))
    ).first()
    if component is None:
        raise NotFound("error.assessments.component_unknown")
    assessment = session.get(Assessment, component.assessment_id)
    if assessment is None:
        raise NotFound("error.assessments.component_unknown")
    _draft_row(session, principal, assessment.uuid)
    return assessment, component


def _components(session: Session, assessment_id: int) -> list[AssessmentComponent]:
    return list(
        session.exec(
            select(AssessmentComponent)
            .where(AssessmentComponent.assessment_id == assessment_id)
            .order_by(col(AssessmentComponent.position))
        ).all()
    )


def _questions(session: Session, component_id: int) -> list[AssessmentQuestion]:
    return list(
        session.exec(
            select(AssessmentQuestion)
            .where(AssessmentQuestion.component_id == component_id)
            .order_by(col(AssessmentQuestion.position), col(AssessmentQuestion.id))
        ).all()
    )


def _whole(q: AssessmentQuestion) -> dict[str, Any]:
    whole = copy.deepcopy(q.body)
    whole["key"] = copy.deepcopy(q.key)
    return whole


def _newest(session: Session, offering_id: int, status: str) -> Assessment | None:
    return session.exec(
        select(Assessment)
        .where(Assessment.offering_id == offering_id, Assessment.status == status)
        .order_by(col(Assessment.version).desc())
    ).first()


def _view(session: Session, assessment: Assessment) -> DraftView:
    offering = session.get(Offering, assessment.offering_id)
    assert offering is not None
    university = session.get(University, offering.university_id)
    published = _newest(session, offering.id or 0, "published")
    parts = []
    for c in _components(session, assessment.id or 0):
        parts.append(
            ComponentView(
                uuid=str(c.uuid),
                position=c.position,
                kind=c.kind,
                mode=c.mode,
                title=c.title,
                instructions=c.instructions,
                weight=c.weight,
                pass_rule=copy.deepcopy(c.pass_rule or {}),
                rubric=copy.deepcopy(c.rubric or {}),
                settings=copy.deepcopy(c.settings or {}),
                questions=[
                    QuestionView(q.ident, q.position, _whole(q))
                    for q in _questions(session, c.id or 0)
                ],
            )
        )
    return DraftView(
        uuid=str(assessment.uuid),
        offering_slug=offering.slug,
        offering_title=offering.title,
        offering_language=offering.language,
        assessment_only=offering.assessment_only,
        learning_outcomes=list(offering.learning_outcomes or []),
        university_slug=university.slug if university else "",
        version=assessment.version,
        status=assessment.status,
        pass_rule=copy.deepcopy(assessment.pass_rule or {}),
        window_opens_at=_aware(assessment.window_opens_at),
        window_closes_at=_aware(assessment.window_closes_at),
        blind_review=assessment.blind_review,
        second_marker_margin=assessment.second_marker_margin,
        moderated=assessment.moderated,
        appeal_days=assessment.appeal_days,
        components=parts,
        published_version=published.version if published else None,
    )


def view(session: Session, principal: authz.Principal, assessment: object) -> DraftView:
    """Any version (draft or published) as staff see it, keys included."""
    return _view(session, _assessment(session, principal, assessment))


def offerings_overview(
    session: Session, principal: authz.Principal, university_slug: str
) -> list[OfferingAssessment]:
    uni = session.exec(select(University).where(University.slug == university_slug)).first()
    if uni is None or uni.id is None:
        raise NotFound("error.assessments.university_unknown")
    authz.require(principal, ACTION, uni.id)
    offerings = session.exec(
        select(Offering).where(Offering.university_id == uni.id).order_by(col(Offering.title))
    ).all()
    lines = []
    for o in offerings:
        published = _newest(session, o.id or 0, "published")
        draft = _newest(session, o.id or 0, "draft")
        count = (
            session.execute(
                sa.select(sa.func.count())
                .select_from(AssessmentComponent)
                .where(col(AssessmentComponent.assessment_id) == published.id)
            ).scalar_one()
            if published
            else 0
        )
        lines.append(
            OfferingAssessment(
                slug=o.slug,
                title=o.title,
                status=o.status,
                assessment_only=o.assessment_only,
                published_version=published.version if published else None,
                draft_version=draft.version if draft else None,
                components=int(count),
            )
        )
    return lines


# ---------------------------------------------------------------- the draft


def _copy_into(session: Session, source: Assessment, target: Assessment) -> None:
    for c in _components(session, source.id or 0):
        twin = AssessmentComponent(
            assessment_id=target.id or 0,
            position=c.position,
            kind=c.kind,
            mode=c.mode,
            title=c.title,
            instructions=c.instructions,
            weight=c.weight,
            pass_rule=copy.deepcopy(c.pass_rule),
            rubric=copy.deepcopy(c.rubric),
            settings=copy.deepcopy(c.settings),
        )
        session.add(twin)
        session.flush()
        for q in _questions(session, c.id or 0):
            session.add(
                AssessmentQuestion(
                    component_id=twin.id or 0,
                    ident=q.ident,
                    position=q.position,
                    body=copy.deepcopy(q.body),
                    key=copy.deepcopy(q.key),
                )
            )
    session.flush()


def draft_for(session: Session, principal: authz.Principal, offering_slug: str) -> DraftView:
    """The offering's draft: the open one, else a copy of the newest published version
    as `version + 1`, else an empty version 1 (all parts count, 50 % overall)."""
    offering = _offering(session, principal, offering_slug)
    draft = _newest(session, offering.id or 0, "draft")
    if draft is None:
        newest_any = session.exec(
            select(Assessment)
            .where(Assessment.offering_id == offering.id)
            .order_by(col(Assessment.version).desc())
        ).first()
        source = _newest(session, offering.id or 0, "published")
        draft = Assessment(
            offering_id=offering.id or 0,
            version=(newest_any.version + 1) if newest_any else 1,
            status="draft",
            created_by_user_id=principal.user_id,
        )
        if source is not None:
            draft.pass_rule = copy.deepcopy(source.pass_rule)
            draft.window_opens_at = source.window_opens_at
            draft.window_closes_at = source.window_closes_at
            draft.blind_review = source.blind_review
            draft.second_marker_margin = source.second_marker_margin
            draft.moderated = source.moderated
            draft.appeal_days = source.appeal_days
        else:
            draft.pass_rule = {"all_components": True, "min_percent": 50}
        try:
            with session.begin_nested():
                session.add(draft)
                session.flush()
        except sa.exc.IntegrityError:
            # Another editor opened the same version a moment ago: work on theirs.
            theirs = _newest(session, offering.id or 0, "draft")
            if theirs is None:
                raise
            return _view(session, theirs)
        if source is not None:
            _copy_into(session, source, draft)
    return _view(session, draft)


def discard_draft(session: Session, principal: authz.Principal, draft: object) -> None:
    """Throw the draft away; the published versions are untouched."""
    row = _draft_row(session, principal, draft)
    for c in _components(session, row.id or 0):
        _delete_component(session, c)
    session.delete(row)
    session.flush()


# ---------------------------------------------------------------- rules


def parse_moment(raw: object, time_zone: str = "UTC") -> datetime | None:
    """A moment from a form (`2026-03-01T09:00`, in the editor's zone) or a datetime."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, datetime):
        moment = raw
    else:
        try:
            moment = datetime.fromisoformat(str(raw).strip()[:40])
        except ValueError:
            raise InvalidInput("error.assessments.moment_invalid", value=str(raw)[:40]) from None
    if moment.tzinfo is None:
        try:
            zone: Any = ZoneInfo(time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            zone = UTC
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def _int(value: object, lo: int, hi: int, key: str, *, optional: bool = False) -> int | None:
    if optional and (value is None or value == ""):
        return None
    if isinstance(value, bool):
        raise InvalidInput(key, lo=lo, hi=hi)
    if not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except ValueError:
            raise InvalidInput(key, lo=lo, hi=hi) from None
    if not lo <= value <= hi:
        raise InvalidInput(key, lo=lo, hi=hi)
    return value


def set_rules(
    session: Session,
    principal: authz.Principal,
    draft: object,
    *,
    min_percent: object = None,
    window_opens_at: object = None,
    window_closes_at: object = None,
    blind_review: bool = False,
    second_marker_margin: object = None,
    moderated: bool = True,
    appeal_days: object = 14,
    time_zone: str = "UTC",
) -> DraftView:
    """The overall rule (every part passes, and the weighted percent reaches `min_percent`
    when given), the window in which results may be recorded, and how marking works."""
    row = _draft_row(session, principal, draft)
    percent = _int(min_percent, 0, 100, "error.assessments.min_percent_range", optional=True)
    opens = parse_moment(window_opens_at, time_zone)
    closes = parse_moment(window_closes_at, time_zone)
    if opens is not None and closes is not None and closes <= opens:
        raise InvalidInput("error.assessments.window_order")
    margin = _int(
        second_marker_margin, 0, MAX_MARGIN, "error.assessments.margin_range", optional=True
    )
    days = _int(appeal_days, 0, MAX_APPEAL_DAYS, "error.assessments.appeal_days_range")
    rule: dict[str, Any] = {"all_components": True}
    if percent is not None:
        rule["min_percent"] = percent
    row.pass_rule = rule
    row.window_opens_at, row.window_closes_at = opens, closes
    row.blind_review = bool(blind_review)
    row.second_marker_margin = margin
    row.moderated = bool(moderated)
    row.appeal_days = days or 0
    session.add(row)
    session.flush()
    return _view(session, row)


# ---------------------------------------------------------------- components


def _text(value: object, limit: int, key: str, *, required: bool) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise InvalidInput(key, n=limit)
    if len(text) > limit:
        raise InvalidInput(key, n=limit)
    return text


def clean_rubric(raw: object) -> dict[str, Any]:
    """Criteria × levels: ascending whole points, a descriptor for every level."""
    if raw is None or raw == {} or raw == "":
        return {}
    if not isinstance(raw, Mapping) or not isinstance(raw.get("criteria"), list):
        raise InvalidInput("error.assessments.rubric_shape")
    criteria = raw["criteria"]
    if not 1 <= len(criteria) <= MAX_CRITERIA:
        raise InvalidInput("error.assessments.rubric_criteria_count", n=MAX_CRITERIA)
    cleaned = []
    seen: set[str] = set()
    for i, c in enumerate(criteria, start=1):
        if not isinstance(c, Mapping):
            raise InvalidInput("error.assessments.rubric_shape")
        ident = str(c.get("id") or f"c{i}")
        if not _CRITERION_ID.fullmatch(ident) or ident in seen:
            raise InvalidInput("error.assessments.rubric_criterion_id", n=i)
        seen.add(ident)
        title = _text(
            c.get("title"), MAX_TITLE, "error.assessments.rubric_criterion_title", required=True
        )
        levels = c.get("levels")
        if not isinstance(levels, list) or not MIN_LEVELS <= len(levels) <= MAX_LEVELS:
            raise InvalidInput(
                "error.assessments.rubric_levels_count", title=title, lo=MIN_LEVELS, hi=MAX_LEVELS
            )
        clean_levels = []
        previous = -1
        for level in levels:
            if not isinstance(level, Mapping):
                raise InvalidInput("error.assessments.rubric_shape")
            points = level.get("points")
            if isinstance(points, bool) or not isinstance(points, int):
                try:
                    points = int(str(points).strip())
                except ValueError:
                    raise InvalidInput(
                        "error.assessments.rubric_points", title=title, hi=MAX_LEVEL_POINTS
                    ) from None
            if not 0 <= points <= MAX_LEVEL_POINTS:
                raise InvalidInput(
                    "error.assessments.rubric_points", title=title, hi=MAX_LEVEL_POINTS
                )
            if points <= previous:
                raise InvalidInput("error.assessments.rubric_not_ascending", title=title)
            previous = points
            descriptor = _text(
                level.get("descriptor"),
                MAX_DESCRIPTOR,
                "error.assessments.rubric_descriptor",
                required=True,
            )
            clean_levels.append({"points": points, "descriptor": descriptor})
        cleaned.append({"id": ident, "title": title, "levels": clean_levels})
    return {"criteria": cleaned}


def clean_pass_rule(kind: str, raw: object, rubric: Mapping[str, Any]) -> dict[str, Any]:
    """quiz: a minimum percent; task and portfolio: a minimum percent or every criterion at
    least level N (0 is the first level); decision: the assessor's word."""
    if kind == "decision":
        return {"decision": True}
    rule = raw if isinstance(raw, Mapping) else {}
    if kind != "quiz" and "min_level" in rule and rule.get("min_level") not in (None, ""):
        level = _int(rule["min_level"], 0, MAX_LEVELS - 1, "error.assessments.min_level_range")
        fewest = min((len(c["levels"]) for c in rubric.get("criteria", [])), default=0)
        if rubric and level is not None and level >= fewest:
            raise InvalidInput("error.assessments.min_level_range", lo=0, hi=max(fewest - 1, 0))
        return {"min_level": level}
    percent = _int(rule.get("min_percent", 50), 0, 100, "error.assessments.min_percent_range")
    return {"min_percent": percent}


def _iso(raw: object, time_zone: str) -> str | None:
    moment = parse_moment(raw, time_zone)
    return moment.isoformat() if moment else None


def clean_settings(
    kind: str, raw: object, time_zone: str = "UTC", known_questions: Sequence[str] | None = None
) -> dict[str, Any]:
    """A quiz's timing and draw, or a task's deadline; unknown settings are refused."""
    given = dict(raw) if isinstance(raw, Mapping) else {}
    allowed = (
        QUIZ_SETTINGS
        if kind == "quiz"
        else WORK_SETTINGS
        if kind in ("task", "portfolio")
        else frozenset()
    )
    unknown = sorted(str(k) for k in given if k not in allowed)
    if unknown:
        raise InvalidInput("error.assessments.setting_unknown", name=unknown[0])
    out: dict[str, Any] = {}
    if kind == "quiz":
        limit = _int(
            given.get("time_limit_minutes"),
            1,
            MAX_TIME_LIMIT,
            "error.assessments.time_limit_range",
            optional=True,
        )
        if limit is not None:
            out["time_limit_minutes"] = limit
        out["attempts"] = _int(
            given.get("attempts", 1), 1, MAX_QUIZ_ATTEMPTS, "error.assessments.attempts_range"
        )
        out["delay_minutes"] = _int(
            given.get("delay_minutes", 0) or 0, 0, MAX_DELAY, "error.assessments.delay_range"
        )
        out["grace_seconds"] = _int(
            given.get("grace_seconds", 30) or 0, 0, MAX_GRACE, "error.assessments.grace_range"
        )
        out["one_per_screen"] = bool(given.get("one_per_screen", False))
        opens = _iso(given.get("opens_at"), time_zone)
        closes = _iso(given.get("closes_at"), time_zone)
        if opens and closes and closes <= opens:
            raise InvalidInput("error.assessments.quiz_dates_order")
        if opens:
            out["opens_at"] = opens
        if closes:
            out["closes_at"] = closes
        pools = given.get("pools")
        if pools not in (None, [], ""):
            if known_questions is not None:
                problems = quiz.validate_pools(pools, known_questions)
                if problems:
                    raise InvalidInput(
                        "error.assessments.pools_refused",
                        problems=Phrases(_phrase(p) for p in problems),
                    )
            out["pools"] = copy.deepcopy(pools)
    elif kind in ("task", "portfolio"):
        due = _iso(given.get("due_at"), time_zone)
        if due:
            out["due_at"] = due
        files = _int(
            given.get("max_files", 5) or 5, 1, MAX_FILES, "error.assessments.max_files_range"
        )
        out["max_files"] = files
    return out


@dataclass(frozen=True)
class _Clean:
    kind: str
    mode: str
    title: str
    instructions: str
    weight: int
    pass_rule: dict[str, Any]
    rubric: dict[str, Any]
    settings: dict[str, Any]


def _clean_component(
    *,
    kind: object,
    mode: object,
    title: object,
    instructions: object,
    weight: object,
    pass_rule: object,
    rubric: object,
    settings: object,
    time_zone: str,
    known_questions: Sequence[str] | None,
) -> _Clean:
    if kind not in COMPONENT_KINDS:
        raise InvalidInput("error.assessments.component_kind")
    kind_s = str(kind)
    mode_s = str(mode or "")
    if kind_s == "decision":
        if mode_s not in DECISION_MODES:
            raise InvalidInput("error.assessments.component_mode")
    else:
        mode_s = ""
    clean_title = _text(title, MAX_TITLE, "error.assessments.component_title", required=True)
    clean_instructions = _text(
        instructions, MAX_INSTRUCTIONS, "error.assessments.instructions_too_long", required=False
    )
    clean_weight = _int(weight, 0, 100, "error.assessments.weight_range")
    clean_rub = clean_rubric(rubric) if kind_s in ("task", "portfolio", "decision") else {}
    rule = clean_pass_rule(kind_s, pass_rule, clean_rub)
    return _Clean(
        kind=kind_s,
        mode=mode_s,
        title=clean_title,
        instructions=clean_instructions,
        weight=clean_weight or 0,
        pass_rule=rule,
        rubric=clean_rub,
        settings=clean_settings(kind_s, settings, time_zone, known_questions),
    )


def _apply(component: AssessmentComponent, clean: _Clean) -> None:
    component.kind, component.mode = clean.kind, clean.mode
    component.title, component.instructions = clean.title, clean.instructions
    component.weight = clean.weight
    component.pass_rule, component.rubric = clean.pass_rule, clean.rubric
    component.settings = clean.settings


def add_component(
    session: Session,
    principal: authz.Principal,
    draft: object,
    *,
    kind: str,
    title: str,
    mode: str = "",
    instructions: str = "",
    weight: object = 0,
    pass_rule: object = None,
    rubric: object = None,
    settings: object = None,
    time_zone: str = "UTC",
) -> ComponentView:
    row = _draft_row(session, principal, draft)
    parts = _components(session, row.id or 0)
    if len(parts) >= MAX_COMPONENTS:
        raise InvalidInput("error.assessments.too_many_components", n=MAX_COMPONENTS)
    clean = _clean_component(
        kind=kind,
        mode=mode,
        title=title,
        instructions=instructions,
        weight=weight,
        pass_rule=pass_rule,
        rubric=rubric,
        settings=settings,
        time_zone=time_zone,
        known_questions=[],
    )
    component = AssessmentComponent(
        assessment_id=row.id or 0,
        position=(parts[-1].position + 1) if parts else 0,
        kind=clean.kind,
        title=clean.title,
    )
    _apply(component, clean)
    session.add(component)
    session.flush()
    return _component_view(session, component)


def _component_view(session: Session, c: AssessmentComponent) -> ComponentView:
    view_ = _view(session, session.get(Assessment, c.assessment_id))  # type: ignore[arg-type]
    return next(p for p in view_.components if p.uuid == str(c.uuid))


_UNSET: Any = object()


def update_component(
    session: Session,
    principal: authz.Principal,
    component: object,
    *,
    kind: object = _UNSET,
    title: object = _UNSET,
    mode: object = _UNSET,
    instructions: object = _UNSET,
    weight: object = _UNSET,
    pass_rule: object = _UNSET,
    rubric: object = _UNSET,
    settings: object = _UNSET,
    time_zone: str = "UTC",
) -> ComponentView:
    """Change what is given, check the whole component again, write all or nothing."""
    _, row = _component_row(session, principal, component)
    questions = [q.ident for q in _questions(session, row.id or 0)]

    def pick(value: object, current: object) -> object:
        return current if value is _UNSET else value

    new_kind = pick(kind, row.kind)
    if new_kind != row.kind and row.kind == "quiz" and questions:
        raise InvalidInput("error.assessments.kind_has_questions")
    clean = _clean_component(
        kind=new_kind,
        mode=pick(mode, row.mode),
        title=pick(title, row.title),
        instructions=pick(instructions, row.instructions),
        weight=pick(weight, row.weight),
        pass_rule=pick(pass_rule, row.pass_rule),
        rubric=pick(rubric, row.rubric),
        settings=pick(settings, row.settings if new_kind == row.kind else {}),
        time_zone=time_zone,
        known_questions=questions,
    )
    _apply(row, clean)
    session.add(row)
    session.flush()
    return _component_view(session, row)


def _delete_component(session: Session, c: AssessmentComponent) -> None:
    session.execute(
        sa.delete(AssessmentQuestion).where(col(AssessmentQuestion.component_id) == c.id)
    )
    session.delete(c)
    session.flush()


def remove_component(session: Session, principal: authz.Principal, component: object) -> DraftView:
    assessment, row = _component_row(session, principal, component)
    _delete_component(session, row)
    # Close the gap, lowest first, so positions stay unique at every step.
    for i, c in enumerate(_components(session, assessment.id or 0)):
        if c.position != i:
            c.position = i
            session.add(c)
            session.flush()
    return _view(session, assessment)


def move_component(
    session: Session, principal: authz.Principal, component: object, step: int
) -> DraftView:
    """One place up (`step=-1`) or down (`+1`); at either end nothing moves."""
    assessment, row = _component_row(session, principal, component)
    parts = _components(session, assessment.id or 0)
    i = next(n for n, c in enumerate(parts) if c.id == row.id)
    j = i + (1 if step > 0 else -1)
    if 0 <= j < len(parts):
        other = parts[j]
        a, b = row.position, other.position
        row.position = -1 - a  # off the unique (assessment, position) for a moment
        session.add(row)
        session.flush()
        other.position = a
        session.add(other)
        session.flush()
        row.position = b
        session.add(row)
        session.flush()
    return _view(session, assessment)


# ---------------------------------------------------------------- questions


def _quiz_component(
    session: Session, principal: authz.Principal, component: object
) -> AssessmentComponent:
    _, row = _component_row(session, principal, component)
    if row.kind != "quiz":
        raise InvalidInput("error.assessments.not_a_quiz")
    return row


def _require_question(q: object) -> dict[str, Any]:
    problems = quiz.validate_question(q)
    if problems:
        raise InvalidInput(
            "error.assessments.question_invalid",
            problems=Phrases(_phrase(p) for p in problems),
        )
    assert isinstance(q, dict)
    return copy.deepcopy(q)


def _store(component_id: int, position: int, q: Mapping[str, Any]) -> AssessmentQuestion:
    body = {k: copy.deepcopy(v) for k, v in q.items() if k != "key"}
    return AssessmentQuestion(
        component_id=component_id,
        ident=str(q["id"]),
        position=position,
        body=body,
        key=copy.deepcopy(dict(q["key"])),
    )


def add_question(
    session: Session, principal: authz.Principal, component: object, question: object
) -> QuestionView:
    row = _quiz_component(session, principal, component)
    q = _require_question(question)
    existing = _questions(session, row.id or 0)
    if len(existing) >= MAX_QUESTIONS:
        raise InvalidInput("error.assessments.too_many_questions", n=MAX_QUESTIONS)
    if any(e.ident == q["id"] for e in existing):
        raise InvalidInput("error.assessments.question_id_taken", id=q["id"])
    stored = _store(row.id or 0, (existing[-1].position + 1) if existing else 0, q)
    session.add(stored)
    session.flush()
    return QuestionView(stored.ident, stored.position, _whole(stored))


def _pools_without(pools: Any, ident: str, renamed: str | None = None) -> Any:
    """The pools once a question is gone (or renamed): no pool names a missing question."""
    if not isinstance(pools, list):
        return pools
    out = []
    for pool in pools:
        if not isinstance(pool, dict) or not isinstance(pool.get("questions"), list):
            out.append(pool)
            continue
        ids = [
            renamed if x == ident and renamed else x
            for x in pool["questions"]
            if x != ident or renamed
        ]
        if not ids:
            continue
        draw = pool.get("draw")
        if isinstance(draw, int) and not isinstance(draw, bool) and draw > len(ids):
            draw = len(ids)
        out.append({**pool, "questions": ids, "draw": draw})
    return out


def update_question(
    session: Session, principal: authz.Principal, component: object, ident: str, question: object
) -> QuestionView:
    row = _quiz_component(session, principal, component)
    q = _require_question(question)
    existing = _questions(session, row.id or 0)
    target = next((e for e in existing if e.ident == ident), None)
    if target is None:
        raise NotFound("error.assessments.question_unknown", id=str(ident)[:64])
    if q["id"] != ident and any(e.ident == q["id"] for e in existing):
        raise InvalidInput("error.assessments.question_id_taken", id=q["id"])
    if q["id"] != ident and row.settings.get("pools"):
        row.settings = {
            **row.settings,
            "pools": _pools_without(row.settings["pools"], ident, q["id"]),
        }
        session.add(row)
    fresh = _store(row.id or 0, target.position, q)
    target.ident, target.body, target.key = fresh.ident, fresh.body, fresh.key
    session.add(target)
    session.flush()
    return QuestionView(target.ident, target.position, _whole(target))


def remove_question(
    session: Session, principal: authz.Principal, component: object, ident: str
) -> None:
    row = _quiz_component(session, principal, component)
    target = next((e for e in _questions(session, row.id or 0) if e.ident == ident), None)
    if target is None:
        raise NotFound("error.assessments.question_unknown", id=str(ident)[:64])
    session.delete(target)
    if row.settings.get("pools"):
        row.settings = {**row.settings, "pools": _pools_without(row.settings["pools"], ident)}
        if not row.settings["pools"]:
            row.settings = {k: v for k, v in row.settings.items() if k != "pools"}
        session.add(row)
    session.flush()


def new_question_id(session: Session, principal: authz.Principal, component: object) -> str:
    """A free identifier for a question typed in the builder (`q1`, `q2`, ...)."""
    row = _quiz_component(session, principal, component)
    taken = {q.ident for q in _questions(session, row.id or 0)}
    n = len(taken) + 1
    while f"q{n}" in taken:
        n += 1
    return f"q{n}"


# ---------------------------------------------------------------- QTI


def import_qti(
    session: Session, principal: authz.Principal, component: object, data: bytes
) -> ImportReport:
    """Questions from a QTI 3.0 package (or a single item file) into a draft's quiz.

    All or nothing: the package is read and every item checked before one row is
    written; an item that cannot be read, fails `validate_question` or reuses an
    identifier of the bank refuses the whole package, with a line per item.
    """
    row = _quiz_component(session, principal, component)
    report = qti.import_package(data)
    if report.problems:
        raise qti.refusal(report)
    existing = _questions(session, row.id or 0)
    taken = {e.ident for e in existing}
    clean = [copy.deepcopy(q) for q in report.questions]
    if not clean:
        raise InvalidInput("error.assessments.qti_empty")
    clashes = [
        qti.ItemProblem(str(q["id"]), "error.assessments.question_id_taken", {"id": q["id"]})
        for q in clean
        if q["id"] in taken
    ]
    if clashes:
        raise qti.refusal(qti.ImportReport(questions=[], problems=clashes))
    if len(existing) + len(clean) > MAX_QUESTIONS:
        raise InvalidInput("error.assessments.too_many_questions", n=MAX_QUESTIONS)
    position = (existing[-1].position + 1) if existing else 0
    for i, q in enumerate(clean):
        session.add(_store(row.id or 0, position + i, q))
    session.flush()
    assessment = session.get(Assessment, row.assessment_id)
    audit.record(
        session,
        "assessment.qti_import",
        audit.user(principal.user_id),
        str(assessment.uuid if assessment else ""),
        component=str(row.uuid),
        items=len(clean),
    )
    return ImportReport(imported=len(clean), idents=[str(q["id"]) for q in clean])


def export_qti(session: Session, principal: authz.Principal, component: object) -> bytes:
    """A quiz's questions (any version, keys included) as a QTI 3.0 package."""
    c = session.exec(
        select(AssessmentComponent).where(AssessmentComponent.uuid == _uuid(component))
    ).first()
    if c is None:
        raise NotFound("error.assessments.component_unknown")
    assessment = session.get(Assessment, c.assessment_id)
    if assessment is None:
        raise NotFound("error.assessments.component_unknown")
    _assessment(session, principal, assessment.uuid)
    if c.kind != "quiz":
        raise InvalidInput("error.assessments.not_a_quiz")
    questions = [_whole(q) for q in _questions(session, c.id or 0)]
    if not questions:
        raise InvalidInput("error.assessments.quiz_no_questions", title=c.title)
    data: bytes = qti.export_package(questions)
    return data


# ---------------------------------------------------------------- validate, publish, preview


def problems_of(session: Session, assessment: Assessment) -> list[Problem]:
    problems: list[Problem] = []
    parts = _components(session, assessment.id or 0)
    if not parts:
        return [Problem("components", "error.assessments.no_components")]
    weights = [c.weight for c in parts]
    total = sum(weights)
    rule = assessment.pass_rule or {}
    if total and total != 100:
        problems.append(Problem("weights", "error.assessments.weights_sum", {"sum": total}))
    if not total and "min_percent" in rule:
        problems.append(Problem("rules", "error.assessments.min_percent_without_weights"))
    opens, closes = _aware(assessment.window_opens_at), _aware(assessment.window_closes_at)
    if opens and closes and closes <= opens:
        problems.append(Problem("window", "error.assessments.window_order"))
    for c in parts:
        where = c.title or c.kind
        try:
            rubric = clean_rubric(c.rubric) if c.kind != "quiz" else {}
            clean_pass_rule(c.kind, c.pass_rule, rubric)
        except InvalidInput as error:
            problems.append(Problem(where, error.key, dict(error.params)))
            continue
        if c.kind in ("task", "portfolio") and not rubric:
            problems.append(Problem(where, "error.assessments.rubric_missing"))
        if c.kind == "decision" and c.mode not in DECISION_MODES:
            problems.append(Problem(where, "error.assessments.component_mode"))
        if c.kind != "quiz":
            continue
        questions = _questions(session, c.id or 0)
        if not questions:
            problems.append(
                Problem(where, "error.assessments.quiz_no_questions", {"title": c.title})
            )
            continue
        for q in questions:
            for p in quiz.validate_question(_whole(q)):
                problems.append(Problem(f"{where} · {q.ident} · {p.field}", p.key, p.params))
        pools = (c.settings or {}).get("pools")
        if pools:
            for p in quiz.validate_pools(pools, [q.ident for q in questions]):
                problems.append(Problem(f"{where} · {p.field}", p.key, p.params))
        opens_q, closes_q = (c.settings or {}).get("opens_at"), (c.settings or {}).get("closes_at")
        if opens_q and closes_q and str(closes_q) <= str(opens_q):
            problems.append(Problem(where, "error.assessments.quiz_dates_order"))
    return problems


def validate_draft(session: Session, principal: authz.Principal, draft: object) -> list[Problem]:
    """Every reason the draft cannot be published yet; an empty list means it can."""
    return problems_of(session, _assessment(session, principal, draft))


def _in_use(session: Session, assessment: Assessment) -> bool:
    ids = [c.id for c in _components(session, assessment.id or 0)]
    if not ids:
        return False
    for model in (ComponentResult, QuizAttempt, Submission):
        table: sa.Table = getattr(model, "__table__")  # noqa: B009 (typed as a Table)
        hit = session.execute(
            sa.select(table.c.id).where(table.c.component_id.in_(ids)).limit(1)
        ).first()
        if hit is not None:
            return True
    return False


def publish(session: Session, principal: authz.Principal, draft: object) -> DraftView:
    """Make the draft the version new learners are assessed by.

    Refused with one message per problem while the draft is invalid. A quiz without
    pools gets one pool drawing every question, so what a learner is given is written in
    the version itself. Older versions a learner has started stay published (theirs
    until they finish); those nobody used are retired.
    """
    row = _draft_row(session, principal, draft)
    problems = problems_of(session, row)
    if problems:
        raise DraftInvalid(problems)
    for c in _components(session, row.id or 0):
        if c.kind == "quiz" and not (c.settings or {}).get("pools"):
            idents = [q.ident for q in _questions(session, c.id or 0)]
            c.settings = {
                **(c.settings or {}),
                "pools": [
                    {
                        "label": c.title[: quiz.MAX_POOL_LABEL],
                        "questions": idents,
                        "draw": len(idents),
                    }
                ],
            }
            session.add(c)
    retired = []
    for older in session.exec(
        select(Assessment).where(
            Assessment.offering_id == row.offering_id,
            Assessment.status == "published",
            Assessment.id != row.id,
        )
    ).all():
        if not _in_use(session, older):
            older.status = "retired"
            session.add(older)
            retired.append(older.version)
    row.status = "published"
    row.published_at = utcnow()
    session.add(row)
    session.flush()
    offering = session.get(Offering, row.offering_id)
    audit.record(
        session,
        "assessment.publish",
        audit.user(principal.user_id),
        str(row.uuid),
        offering=offering.slug if offering else "",
        version=row.version,
        components=len(_components(session, row.id or 0)),
        retired=retired,
    )
    return _view(session, row)


def _public_criteria(rubric: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "title": c["title"],
            "levels": [
                {"points": lv["points"], "descriptor": lv["descriptor"]} for lv in c["levels"]
            ],
        }
        for c in (rubric or {}).get("criteria", [])
    ]


def preview(
    session: Session, principal: authz.Principal, component: object, seed: int | None = None
) -> Preview:
    """One component as a learner would be given it: a sample draw of the quiz, shown
    through `quiz.public_view` (no key), or the task's instructions and rubric."""
    c = session.exec(
        select(AssessmentComponent).where(AssessmentComponent.uuid == _uuid(component))
    ).first()
    if c is None:
        raise NotFound("error.assessments.component_unknown")
    assessment = session.get(Assessment, c.assessment_id)
    if assessment is None:
        raise NotFound("error.assessments.component_unknown")
    _assessment(session, principal, assessment.uuid)
    settings = c.settings or {}
    shown: list[dict[str, Any]] = []
    bank = 0
    if c.kind == "quiz":
        questions = {q.ident: _whole(q) for q in _questions(session, c.id or 0)}
        bank = len(questions)
        pools = settings.get("pools") or (
            [{"label": "all", "questions": list(questions), "draw": len(questions)}]
            if questions
            else []
        )
        if questions and not quiz.validate_pools(pools, list(questions)):
            paper = quiz.draw(pools, seed if seed is not None else secrets.randbits(64), questions)
            shown = [quiz.public_view(questions[d.question_id], d.choice_order) for d in paper]
    return Preview(
        title=c.title,
        kind=c.kind,
        mode=c.mode,
        instructions=c.instructions,
        criteria=_public_criteria(c.rubric) if c.kind != "quiz" else [],
        time_limit_minutes=settings.get("time_limit_minutes"),
        attempts=settings.get("attempts"),
        one_per_screen=bool(settings.get("one_per_screen", False)),
        questions=shown,
        drawn=len(shown),
        bank=bank,
    )


# Every function that changes an assessment: each refuses a published version (tested).
EDIT_FUNCTIONS = (
    "set_rules",
    "add_component",
    "update_component",
    "remove_component",
    "move_component",
    "add_question",
    "update_question",
    "remove_question",
    "import_qti",
    "publish",
    "discard_draft",
)
