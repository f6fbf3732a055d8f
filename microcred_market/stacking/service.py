"""Stacking with the database: rules saved by staff, a learner's progress, the award.

The pure parts (`rules`, `progress`) decide; this module feeds them a learner's
credentials and the open offerings, and acts on the answer:

* `set_rules`: staff of the awarding university save a rule tree; it is validated against
  the catalogue (one message per node) and audited.
* `learner_progress`: the engine's answer over the learner's current credentials, and the
  cheapest and soonest ways to finish from the published catalogue.
* `check_award`: run after every change to a learner's credentials (an outbox message
  written in the transaction of the change, see `queue_check`, so it sees every part
  committed: two parts that arrive at once are each judged with the other). When a rule
  is met, a `stacked_award` row is inserted (unique per learner and qualification: only
  one of two racing checks succeeds) and the issue is queued in the same transaction. An
  issued qualification whose parts no longer meet the rule is suspended, and reinstated
  when they meet it again, with mail to the learner and the awarding staff. A learner who
  has started a qualification and whom any one open offering would now complete is
  mailed so, once (`stacking_nearly_notice` keeps the "once").

Credentials from elsewhere count once recognition mapped them to a node: `credential_source`
registers a function that returns them as `progress.HeldCredential` (`stacking.recognition`
does); each recognition names its qualification and counts only toward that one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from microcred_market.accounts import authz
from microcred_market.accounts.models import StaffRole, User
from microcred_market.catalogue.models import (
    Offering,
    Qualification,
    QualificationUniversity,
    University,
)
from microcred_market.credentials import stacked as stacked_credentials
from microcred_market.credentials.models import IssuedCredential
from microcred_market.platform import audit, urls
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.platform.i18n import Phrase, t
from microcred_market.platform.mail import queue_mail
from microcred_market.platform.models import OutboxMessage
from microcred_market.stacking import progress as engine
from microcred_market.stacking import rules
from microcred_market.stacking.models import (
    NearlyNotice,
    QualificationGoal,
    QualificationRule,
    RuleRefused,
    StackedAward,
    check_rule_row,
)
from microcred_market.vc import qualification as vcq

CHECK_KIND = "stacking.check"
AWARD_KIND = "stacking.award"
OURS = "ours:"  # HeldCredential ids of our own credentials: "ours:<credential row id>"

ExternalSource = Callable[[Session, int], list[engine.HeldCredential]]
_SOURCES: list[ExternalSource] = []


def credential_source(source: ExternalSource) -> None:
    """Let recognised external credentials count: `source(session, user_id)` returns
    them as HeldCredential (ids not starting with "ours:"), with their `recognised`."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def _id(row: Any) -> int:
    assert row.id is not None
    return int(row.id)


# ---------------------------------------------------------------- reading rules


def qualification_by_slug(session: Session, slug: str) -> Qualification:
    found = session.exec(select(Qualification).where(Qualification.slug == slug)).first()
    if found is None:
        raise NotFound("error.stacking.qualification_unknown", slug=slug)
    return found


def _rule_row(session: Session, qualification: Qualification) -> QualificationRule | None:
    return session.get(QualificationRule, _id(qualification))


def catalogue_facts(session: Session, slug: str) -> rules.CatalogueFacts:
    """What a rule for `slug` is validated against: every offering (by slug and by its
    page URL, the achievement id its credential carries) and every qualification's refs."""
    achievements: dict[str, rules.AchievementFact] = {}
    for o_slug, ects, eqf in session.execute(
        sa.select(col(Offering.slug), col(Offering.ects), col(Offering.eqf_level))
    ).all():
        fact = rules.AchievementFact(Decimal(ects), eqf)
        achievements[o_slug] = fact
        achievements[urls.offering_page(o_slug)] = fact
    qualifications: dict[str, frozenset[str]] = {
        q_slug: frozenset() for q_slug in session.exec(select(Qualification.slug)).all()
    }
    for row, q_slug in session.execute(
        sa.select(QualificationRule, col(Qualification.slug)).join(
            Qualification, col(Qualification.id) == QualificationRule.qualification_id
        )
    ).all():
        try:
            qualifications[q_slug] = rules.qualification_refs(rules.parse(row.rule))
        except InvalidInput:
            continue
    return rules.CatalogueFacts(achievements, qualifications, slug)


@dataclass(frozen=True)
class RuleProblem:
    node_id: str
    key: str
    params: dict[str, Any]


@dataclass(frozen=True)
class RuleView:
    """A qualification's rule for pages: the JSON as saved and the facts of its award."""

    slug: str
    title: str
    university: str  # slug of the awarding university ("" while no rule is saved)
    university_name: str
    rule_json: str
    eqf_level: int
    prk_level: int | None
    zsk_code: str
    partial: bool
    achievement_type: str
    ects_required: Decimal


def rule_view(session: Session, slug: str) -> RuleView:
    qualification = qualification_by_slug(session, slug)
    row = _rule_row(session, qualification)
    university = session.get(University, row.university_id) if row else None
    return RuleView(
        slug=qualification.slug,
        title=qualification.title,
        university=university.slug if university else "",
        university_name=university.name if university else "",
        rule_json=json.dumps(row.rule, ensure_ascii=False, indent=2) if row else "",
        eqf_level=qualification.eqf_level,
        prk_level=row.prk_level if row else None,
        zsk_code=(row.zsk_code or "") if row else "",
        partial=bool(row.partial) if row else False,
        achievement_type=row.achievement_type if row else "Certificate",
        ects_required=Decimal(qualification.ects_required),
    )


@dataclass(frozen=True)
class PublicRule:
    """What anyone may read of a qualification's rule: the tree and the award's facts."""

    rule: rules.Rule
    university_name: str
    prk_level: int | None
    zsk_code: str
    partial: bool
    titles: dict[str, str] = field(default_factory=dict)  # offering ref -> catalogue title


def public_rule(session: Session, slug: str) -> PublicRule | None:
    qualification = session.exec(select(Qualification).where(Qualification.slug == slug)).first()
    row = _rule_row(session, qualification) if qualification is not None else None
    if row is None:
        return None
    university = session.get(University, row.university_id)
    rule = row.parsed()
    return PublicRule(
        rule=rule,
        titles={o.slug: o.title for o in _catalogue_offerings(session, rule)},
        university_name=university.name if university else "",
        prk_level=row.prk_level,
        zsk_code=row.zsk_code or "",
        partial=row.partial,
    )


def rules_of_university(session: Session, principal: authz.Principal, slug: str) -> list[RuleView]:
    """The qualifications a university's staff may write rules for: those it awards, and
    those it takes part in that nobody awards yet."""
    university = session.exec(select(University).where(University.slug == slug)).first()
    if university is None:
        raise NotFound("error.credentials.university_unknown", slug=slug)
    authz.require(principal, "university.offerings.edit", _id(university))
    slugs = session.exec(
        select(Qualification.slug)
        .join(
            QualificationUniversity,
            col(QualificationUniversity.qualification_id) == Qualification.id,
        )
        .where(QualificationUniversity.university_id == university.id)
        .order_by(Qualification.slug)
    ).all()
    views = [rule_view(session, s) for s in slugs]
    return [v for v in views if v.university in ("", slug)]


# ---------------------------------------------------------------- saving rules


@dataclass(frozen=True)
class _Checked:
    qualification: Qualification
    university: University
    row: QualificationRule | None
    rule: rules.Rule
    facts: rules.QualificationFacts


def _check_rules(
    session: Session,
    principal: authz.Principal,
    qualification_slug: str,
    data: Any,
    *,
    university_slug: str | None = None,
    prk_level: int | None = None,
    zsk_code: str | None = None,
    partial: bool | None = None,
) -> _Checked:
    """Everything saving does short of writing: the permission, the JSON, the tree and
    the catalogue checks, so that a preview refuses exactly what a save would."""
    qualification = qualification_by_slug(session, qualification_slug)
    row = _rule_row(session, qualification)
    if row is not None:
        university = session.get(University, row.university_id)
    else:
        university = session.exec(
            select(University).where(University.slug == (university_slug or ""))
        ).first()
    if university is None:
        raise InvalidInput("error.stacking.awarding_university_required")
    authz.require(principal, "university.offerings.edit", _id(university))
    if isinstance(data, str):
        if len(data) > 200_000:
            raise InvalidInput("error.stacking.rule_too_large")
        try:
            data = json.loads(data)
        except ValueError as error:
            raise InvalidInput(
                "error.stacking.rule_not_json", line=getattr(error, "lineno", 1)
            ) from None
    rule = rules.parse(data)
    facts = rules.QualificationFacts(
        slug=qualification.slug,
        eqf_level=qualification.eqf_level,
        awarding_university=university.slug,
        prk_level=prk_level if prk_level is not None else (row.prk_level if row else None),
        zsk_code=(zsk_code or None) if zsk_code is not None else (row.zsk_code if row else None),
        partial=partial if partial is not None else (row.partial if row else False),
    )
    problems = rules.check_facts(facts) + rules.validate(
        rule, catalogue_facts(session, qualification.slug)
    )
    if problems:
        raise RuleRefused(problems)
    return _Checked(qualification, university, row, rule, facts)


@dataclass(frozen=True)
class RulePreview:
    """A rule as it would read once saved: the parsed tree, the catalogue titles of the
    offerings it names, how many achievements it names and the most ECTS it can ever
    count (None when recognition leaves it open)."""

    rule: rules.Rule
    titles: dict[str, str]
    achievements_named: int
    ects_possible: Decimal | None


def preview_rules(
    session: Session,
    principal: authz.Principal,
    qualification_slug: str,
    data: Any,
    **facts: Any,
) -> RulePreview:
    """Check a rule as `set_rules` would and say how it reads, writing nothing.

    `facts` are `set_rules`' keyword arguments (university_slug, prk_level, zsk_code,
    partial). Raises what saving would raise (`RuleRefused` with one problem per node,
    or `InvalidInput` for text that is not JSON), so the builder can show it while typing.
    """
    checked = _check_rules(session, principal, qualification_slug, data, **facts)
    found = _catalogue_offerings(session, checked.rule)
    named = {ref for _, ref in rules.references(checked.rule.root)}
    return RulePreview(
        rule=checked.rule,
        titles={o.slug: o.title for o in found},
        achievements_named=len(named),
        ects_possible=rules.capacity(
            checked.rule.root, catalogue_facts(session, checked.qualification.slug)
        ),
    )


def set_rules(
    session: Session,
    principal: authz.Principal,
    qualification_slug: str,
    data: Any,
    *,
    university_slug: str | None = None,
    prk_level: int | None = None,
    zsk_code: str | None = None,
    partial: bool | None = None,
    achievement_type: str | None = None,
) -> RuleView:
    """Save the rule tree (parsed JSON or its text) for a qualification.

    Only staff (owner, editor) of the awarding university may; the first rule names the
    awarding university (one of the qualification's universities). A rule that does not
    validate against the catalogue raises `RuleRefused` with one problem per node, and
    nothing is written.
    """
    checked = _check_rules(
        session,
        principal,
        qualification_slug,
        data,
        university_slug=university_slug,
        prk_level=prk_level,
        zsk_code=zsk_code,
        partial=partial,
    )
    qualification, university, row = checked.qualification, checked.university, checked.row
    rule, facts = checked.rule, checked.facts
    before = (
        {"rule": row.rule, "prk": row.prk_level, "zsk": row.zsk_code, "partial": row.partial}
        if row
        else None
    )
    if row is None:
        row = QualificationRule(
            qualification_id=_id(qualification), university_id=_id(university), rule={}
        )
    row.rule = rules.to_data(rule)
    row.prk_level = facts.prk_level
    row.zsk_code = facts.zsk_code
    row.partial = facts.partial
    if achievement_type is not None:
        row.achievement_type = achievement_type
    row.updated_at = utcnow()
    row.updated_by_user_id = principal.user_id
    check_rule_row(row)
    session.add(row)
    session.flush()
    audit.record(
        session,
        "qualification.rules",
        audit.user(principal.user_id),
        qualification.slug,
        before=before,
        after={"rule": row.rule, "prk": row.prk_level, "zsk": row.zsk_code, "partial": row.partial},
    )
    return rule_view(session, qualification.slug)


def problems_text(error: RuleRefused, lang: str) -> list[tuple[str, str]]:
    """(node id, message) per problem, for pages that show them next to the node."""
    return [(p.node_id, t(p.key, lang, **p.params)) for p in error.problems]


# ---------------------------------------------------------------- a learner's credentials


def held_credentials(session: Session, user_id: int) -> list[engine.HeldCredential]:
    """The learner's credentials as the engine reads them, with their current state."""
    held: list[engine.HeldCredential] = []
    rows = session.execute(
        sa.select(
            IssuedCredential,
            col(Offering.slug),
            col(Offering.ects),
            col(Offering.eqf_level),
            col(University.slug),
        )
        .join(Offering, col(Offering.id) == IssuedCredential.offering_id)
        .join(University, col(University.id) == IssuedCredential.university_id)
        .where(col(IssuedCredential.user_id) == user_id)
    ).all()
    for row, o_slug, ects, eqf, u_slug in rows:
        held.append(
            engine.HeldCredential(
                id=f"{OURS}{row.id}",
                achievement_id=urls.offering_page(o_slug),
                issuer=u_slug,
                ects=Decimal(ects),
                eqf_level=eqf,
                issued=row.issued_at.date(),
                status=row.state,
                offering_slug=o_slug,
            )
        )
    # Qualifications held as a whole count under another qualification's `qualification`
    # node, which names the slug.
    for row, q_slug, eqf, u_slug, ects in session.execute(
        sa.select(
            IssuedCredential,
            col(Qualification.slug),
            col(Qualification.eqf_level),
            col(University.slug),
            col(StackedAward.ects),
        )
        .join(Qualification, col(Qualification.id) == IssuedCredential.qualification_id)
        .join(University, col(University.id) == IssuedCredential.university_id)
        .join(StackedAward, col(StackedAward.credential_id) == IssuedCredential.id)
        .where(col(IssuedCredential.user_id) == user_id)
    ).all():
        held.append(
            engine.HeldCredential(
                id=f"{OURS}{row.id}",
                achievement_id=urls.qualification_page(q_slug),
                issuer=u_slug,
                ects=Decimal(ects),
                eqf_level=eqf,
                issued=row.issued_at.date(),
                status=row.state,
                offering_slug=q_slug,
            )
        )
    for source in _SOURCES:
        held.extend(source(session, user_id))
    return held


def judge(
    rule: rules.Rule, held: list[engine.HeldCredential], today: date, qualification_id: int
) -> engine.Progress:
    """Progress toward one qualification, with only the recognitions made for it."""
    mine = [
        replace(
            h,
            recognised=tuple(
                r for r in h.recognised if r.qualification_id in (None, qualification_id)
            ),
        )
        if h.recognised
        else h
        for h in held
    ]
    return engine.progress(rule, mine, today)


def _catalogue_offerings(session: Session, rule: rules.Rule) -> list[engine.CatalogueOffering]:
    return _offerings_by_refs(session, {ref for _, ref in rules.references(rule.root)})


def _offerings_by_refs(
    session: Session, refs: set[str] | frozenset[str]
) -> list[engine.CatalogueOffering]:
    """Published offerings named by rule references (slugs or offering page URLs)."""
    slugs = {r for r in refs} | {
        r.removeprefix(urls.offering_page("")) for r in refs if r.startswith(urls.offering_page(""))
    }
    rows = session.execute(
        sa.select(Offering, col(University.slug))
        .join(University, col(University.id) == Offering.university_id)
        .where(col(Offering.slug).in_(sorted(slugs)), col(Offering.status) == "published")
    ).all()
    return [
        engine.CatalogueOffering(
            slug=o.slug,
            ects=Decimal(o.ects),
            price_minor=o.price_minor,
            currency=o.currency,
            start_date=o.start_date,
            seats_left=None if o.seat_capacity is None else o.seat_capacity - o.seats_taken,
            self_paced=o.self_paced,
            url=urls.offering_page(o.slug),
            university=u_slug,
            eqf_level=o.eqf_level,
            title=o.title,
        )
        for o, u_slug in rows
    ]


# ---------------------------------------------------------------- progress


@dataclass(frozen=True)
class LearnerProgress:
    """The engine's answer for one learner and qualification, with the ways to finish."""

    slug: str
    title: str
    rule: rules.Rule
    progress: engine.Progress
    cheapest: engine.Way | None
    soonest: engine.Way | None
    titles: dict[str, str]  # HeldCredential id -> its title
    award_state: str = ""  # "", pending, issued, lapsed
    award_credential: str = ""  # uuid of the qualification credential
    award_credential_state: str = ""
    ways_offered: bool = True
    catalogue: dict[str, engine.CatalogueOffering] = field(default_factory=dict)


def has_rules(session: Session, slug: str) -> bool:
    qualification = session.exec(select(Qualification).where(Qualification.slug == slug)).first()
    return qualification is not None and _rule_row(session, qualification) is not None


def learner_progress(
    session: Session, user_id: int, qualification_slug: str, today: date | None = None
) -> LearnerProgress | None:
    """None where the qualification has no rule yet."""
    qualification = qualification_by_slug(session, qualification_slug)
    row = _rule_row(session, qualification)
    if row is None:
        return None
    rule = row.parsed()
    today = today or utcnow().date()
    held = held_credentials(session, user_id)
    answer = judge(rule, held, today, _id(qualification))
    offerings = _catalogue_offerings(session, rule)
    cheapest, soonest = engine.ways_to_finish(rule, answer, offerings)
    titles = _titles(session, held)
    award = session.exec(
        select(StackedAward).where(
            StackedAward.user_id == user_id, StackedAward.qualification_id == qualification.id
        )
    ).first()
    credential = (
        session.get(IssuedCredential, award.credential_id)
        if award and award.credential_id
        else None
    )
    return LearnerProgress(
        slug=qualification.slug,
        title=qualification.title,
        rule=rule,
        progress=answer,
        cheapest=cheapest,
        soonest=soonest,
        titles=titles,
        award_state=award.state if award else "",
        award_credential=str(credential.uuid) if credential else "",
        award_credential_state=credential.state if credential else "",
        catalogue={o.slug: o for o in offerings},
    )


def _titles(session: Session, held: list[engine.HeldCredential]) -> dict[str, str]:
    ours = [int(h.id.removeprefix(OURS)) for h in held if h.id.startswith(OURS)]
    titles = {h.id: h.achievement_id for h in held}
    if ours:
        for cid, title in session.execute(
            sa.select(col(IssuedCredential.id), col(IssuedCredential.title)).where(
                col(IssuedCredential.id).in_(ours)
            )
        ).all():
            titles[f"{OURS}{cid}"] = title
    return titles


@dataclass(frozen=True)
class QualificationSummary:
    """One line of "My qualifications" and of the "My progress" dashboard."""

    slug: str
    title: str
    satisfied: bool
    ects_counted: Decimal
    ects_needed: Decimal
    missing: str
    award_state: str
    award_credential: str
    pinned: bool = False
    # (credential id, date earned, ECTS) of each credential counted toward it, oldest
    # first: the dashboard's "ECTS over time".
    earned: tuple[tuple[str, date, Decimal], ...] = ()


def my_qualifications(session: Session, user_id: int, lang: str) -> list[QualificationSummary]:
    """Every qualification with a rule that the learner pinned as a goal, that at least
    one of their credentials counts toward, or that they were awarded; goals first."""
    held = held_credentials(session, user_id)
    by_id = {h.id: h for h in held}
    today = utcnow().date()
    pinned = set(
        session.exec(
            select(QualificationGoal.qualification_id).where(QualificationGoal.user_id == user_id)
        ).all()
    )
    awards = {
        a.qualification_id: a
        for a in session.exec(select(StackedAward).where(StackedAward.user_id == user_id)).all()
    }
    found: list[QualificationSummary] = []
    for row, qualification in session.execute(
        sa.select(QualificationRule, Qualification)
        .join(Qualification, col(Qualification.id) == QualificationRule.qualification_id)
        .order_by(col(Qualification.title))
    ).all():
        rule = row.parsed()
        answer = judge(rule, held, today, _id(qualification))
        award = awards.get(_id(qualification))
        is_goal = qualification.id in pinned
        if not answer.counted and award is None and not is_goal:
            continue
        credential = (
            session.get(IssuedCredential, award.credential_id)
            if award and award.credential_id
            else None
        )
        earned = sorted(
            ((cid, by_id[cid].issued, by_id[cid].ects) for cid in answer.counted if cid in by_id),
            key=lambda e: (e[1], e[0]),
        )
        found.append(
            QualificationSummary(
                slug=qualification.slug,
                title=qualification.title,
                satisfied=answer.satisfied,
                ects_counted=answer.ects_counted,
                ects_needed=answer.ects_needed,
                missing=engine.missing_text(answer, lang),
                award_state=(credential.state if credential else (award.state if award else "")),
                award_credential=str(credential.uuid) if credential else "",
                pinned=is_goal,
                earned=tuple(earned),
            )
        )
    found.sort(key=lambda q: not q.pinned)  # stable: by title within each group
    return found


# ---------------------------------------------------------------- the award


def queue_check(session: Session, user_id: int) -> None:
    """Listener of `credentials.issuing.on_change`: judge the learner again after commit.

    One message per learner per transaction, however many of their credentials changed.
    """
    queued: set[int] = session.info.setdefault("stacking_checks", set())
    if user_id in queued:
        return
    queued.add(user_id)
    session.add(OutboxMessage(kind=CHECK_KIND, payload={"user_id": user_id}))


def _award_for(
    session: Session, user_id: int, qualification_id: int, lock: bool
) -> StackedAward | None:
    query = select(StackedAward).where(
        StackedAward.user_id == user_id, StackedAward.qualification_id == qualification_id
    )
    if lock:
        query = query.with_for_update()
    return session.exec(query).first()


def check_award(session: Session, user_id: int, today: date | None = None) -> list[str]:
    """Judge every qualification for the learner; returns what it did, for logs and tests
    ("queued:slug", "suspended:slug", "reinstated:slug")."""
    today = today or utcnow().date()
    held = held_credentials(session, user_id)
    done: list[str] = []
    for row, qualification in session.execute(
        sa.select(QualificationRule, Qualification)
        .join(Qualification, col(Qualification.id) == QualificationRule.qualification_id)
        .order_by(col(Qualification.id))
    ).all():
        answer = judge(row.parsed(), held, today, _id(qualification))
        award = _award_for(session, user_id, _id(qualification), lock=True)
        if award is None:
            if answer.satisfied and _insert_award(session, user_id, qualification, answer):
                done.append(f"queued:{qualification.slug}")
            elif not answer.satisfied and _tell_nearly(
                session, user_id, row, qualification, answer
            ):
                done.append(f"nearly:{qualification.slug}")
            continue
        if award.state == "lapsed" and answer.satisfied:
            award.state = "pending"
            session.add(award)
            session.add(OutboxMessage(kind=AWARD_KIND, payload={"award_id": award.id}))
            done.append(f"queued:{qualification.slug}")
        elif award.state == "issued" and award.credential_id is not None:
            credential = session.get(IssuedCredential, award.credential_id)
            if credential is None:
                continue
            if not answer.satisfied and credential.state == "active":
                stacked_credentials.set_state_by_rules(
                    session, _id(credential), "suspended", SUSPEND_REASON
                )
                award.suspended_by_rules = True
                session.add(award)
                _tell(session, user_id, row, qualification, "suspended", answer)
                done.append(f"suspended:{qualification.slug}")
            elif answer.satisfied and credential.state == "suspended" and award.suspended_by_rules:
                stacked_credentials.set_state_by_rules(session, _id(credential), "active", "")
                award.suspended_by_rules = False
                session.add(award)
                _tell(session, user_id, row, qualification, "reinstated", answer)
                done.append(f"reinstated:{qualification.slug}")
    return done


# Stored with the credential (the verify page and the staff roster show it as written).
SUSPEND_REASON = "A part credential is no longer valid, so the qualification's rules are not met."


def _insert_award(
    session: Session, user_id: int, qualification: Qualification, answer: engine.Progress
) -> bool:
    """Insert the award and queue its issue; False if another check inserted it first."""
    award = StackedAward(
        user_id=user_id, qualification_id=_id(qualification), ects=answer.ects_counted
    )
    try:
        with session.begin_nested():
            session.add(award)
            session.flush()
    except IntegrityError:
        return False
    session.add(OutboxMessage(kind=AWARD_KIND, payload={"award_id": award.id}))
    return True


def _tell_nearly(
    session: Session,
    user_id: int,
    row: QualificationRule,
    qualification: Qualification,
    answer: engine.Progress,
) -> bool:
    """Mail the learner, once per qualification, when one more part would complete it.

    Only for a qualification the learner has started (a credential counts toward it), so
    a one-part qualification nobody began does not mail everyone on their first credential.
    """
    if not answer.counted:
        return False
    if session.get(NearlyNotice, (user_id, _id(qualification))) is not None:
        return False
    rule = row.parsed()
    parts = engine.one_part_away(
        rule, answer, _offerings_by_refs(session, engine.refs_to_finish(rule, answer))
    )
    learner = session.get(User, user_id)
    if not parts or learner is None or not learner.email:
        return False
    try:
        with session.begin_nested():
            session.add(NearlyNotice(user_id=user_id, qualification_id=_id(qualification)))
            session.flush()
    except IntegrityError:
        return False  # another check told them first
    university = session.get(University, row.university_id)
    queue_mail(
        session,
        to=learner.email,
        template="qualification_nearly",
        lang=learner.preferred_language,
        name=learner.display_name,
        title=qualification.title,
        university=university.name if university else "",
        missing=engine.missing_text(answer, learner.preferred_language),
        parts=", ".join(o.title or o.slug for o in parts[:3]),
        link=urls.qualification_page(qualification.slug),
    )
    return True


def _tell(
    session: Session,
    user_id: int,
    row: QualificationRule,
    qualification: Qualification,
    what: str,
    answer: engine.Progress,
) -> None:
    """Mail the learner and the awarding university's owners and editors."""
    learner = session.get(User, user_id)
    university = session.get(University, row.university_id)
    name = university.name if university else ""
    if learner is not None and learner.email:
        queue_mail(
            session,
            to=learner.email,
            template=f"qualification_{what}",
            lang=learner.preferred_language,
            name=learner.display_name,
            title=qualification.title,
            university=name,
            missing=engine.missing_text(answer, learner.preferred_language),
            link=urls.qualification_page(qualification.slug),
        )
    staff = session.exec(
        select(User)
        .join(StaffRole, col(StaffRole.user_id) == User.id)
        .where(
            StaffRole.university_id == row.university_id,
            col(StaffRole.role).in_(("owner", "editor")),
            col(User.deleted_at).is_(None),
        )
        .order_by(col(User.id))
    ).all()
    for member in staff:
        if member.email:
            queue_mail(
                session,
                to=member.email,
                template=f"qualification_{what}_staff",
                lang=member.preferred_language,
                title=qualification.title,
                university=name,
                learner=((learner.display_name or learner.email or "") if learner else ""),
            )


def issue_award(
    session: Session, award_id: int, today: date | None = None
) -> IssuedCredential | None:
    """Issue the qualification credential of a pending award, once: the award row is
    locked, and a credential already recorded on it ends the work."""
    award = session.exec(
        select(StackedAward).where(StackedAward.id == award_id).with_for_update()
    ).first()
    if award is None or award.state != "pending" or award.credential_id is not None:
        return None
    qualification = session.get(Qualification, award.qualification_id)
    assert qualification is not None
    row = _rule_row(session, qualification)
    if row is None:
        return None
    rule = row.parsed()
    answer = judge(
        rule, held_credentials(session, award.user_id), today or utcnow().date(), _id(qualification)
    )
    if not answer.satisfied:
        award.state = "lapsed"  # a part went bad before the worker came to it
        session.add(award)
        return None
    part_ids = sorted(int(cid.removeprefix(OURS)) for cid in answer.counted if cid.startswith(OURS))
    university = session.get(University, row.university_id)
    assert university is not None
    facts = vcq.QualificationFacts(
        url=urls.qualification_page(qualification.slug),
        title=qualification.title,
        description=qualification.description,
        criteria=rule_in_words(
            rule, "en", {o.slug: o.title for o in _catalogue_offerings(session, rule)}
        ),
        achievement_type=row.achievement_type,
        eqf_level=qualification.eqf_level,
        ects_required=Decimal(qualification.ects_required),
        language=qualification.language,
        prk_level=row.prk_level,
        zsk_code=row.zsk_code,
        partial=row.partial,
    )
    credential = stacked_credentials.issue_qualification(
        session,
        stacked_credentials.QualificationIssue(
            user_id=award.user_id,
            qualification_id=_id(qualification),
            university_id=_id(university),
            facts=facts,
            part_ids=tuple(part_ids),
        ),
    )
    award.state = "issued"
    award.credential_id = credential.id
    award.ects = answer.ects_counted
    award.issued_at = utcnow()
    session.add(award)
    return credential


def handle_check(payload: dict[str, Any]) -> None:
    with session_scope() as session:
        check_award(session, int(payload["user_id"]))


def handle_award(payload: dict[str, Any]) -> None:
    with session_scope() as session:
        issue_award(session, int(payload["award_id"]))


# ---------------------------------------------------------------- the rule in words


def node_phrase(node: rules.Node) -> Phrase:
    """What one node asks, as a phrase ("2 of these 3 electives", "at least 6 ECTS")."""
    if isinstance(node, rules.AllOf):
        return Phrase("vocab.stacking_rule.all_of")
    if isinstance(node, rules.NOf):
        label: Phrase | str = (
            node.label
            if node.label and node.label not in rules.GROUP_LABELS
            else Phrase(f"vocab.stacking_label.{node.label or 'parts'}")
        )
        return Phrase(
            "vocab.stacking_rule.n_of", {"n": node.n, "count": len(node.children), "label": label}
        )
    if isinstance(node, rules.MinEcts):
        return Phrase("vocab.stacking_rule.min_ects", {"n": _num(node.ects)})
    if isinstance(node, rules.MinEqf):
        return Phrase("vocab.stacking_rule.min_eqf", {"level": node.level})
    if isinstance(node, rules.Recency):
        return Phrase("vocab.stacking_rule.recency", {"n": node.years})
    if isinstance(node, rules.MaxEctsPerUniversity):
        return Phrase("vocab.stacking_rule.cap", {"n": _num(node.cap)})
    if isinstance(node, rules.Pool):
        return Phrase("vocab.stacking_rule.pool", {"n": node.n, "count": len(node.items)})
    if isinstance(node, rules.Recognised):
        return Phrase("vocab.stacking_rule.recognised", {"label": node.label or node.id})
    if isinstance(node, rules.QualificationPart):
        return Phrase(
            "vocab.stacking_rule.qualification",
            {"title": node.title or node.ref, "ects": _num(node.ects)},
        )
    return Phrase(
        "vocab.stacking_rule.offering", {"title": node.title or node.ref, "ects": _num(node.ects)}
    )


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


def say_phrase(phrase: Phrase, lang: str) -> str:
    params = {
        k: (say_phrase(v, lang) if isinstance(v, Phrase) else v) for k, v in phrase.params.items()
    }
    return t(phrase.key, lang, **params)


def rule_in_words(rule: rules.Rule, lang: str, titles: dict[str, str] | None = None) -> str:
    """The whole tree, one indented line per node (the credential's criteria)."""
    return "\n".join(
        "  " * (depth - 1) + "• " + say_phrase(node_phrase(titled(node, titles or {})), lang)
        for node, depth in rules.walk(rule.root)
    )


@dataclass(frozen=True)
class NodeLine:
    """One node of a learner's progress, for the tree with ticks."""

    node_id: str
    depth: int
    text: str
    satisfied: bool
    counted: str  # the credentials counted here, by title
    detail: str  # "4 of 6 ECTS", "1 of 2 electives"
    items: tuple[str, ...] = ()  # a pool's achievements


def progress_lines(answer: LearnerProgress, lang: str) -> list[NodeLine]:
    lines: list[NodeLine] = []
    for node, depth in rules.walk(answer.rule.root):
        state = answer.progress.nodes.get(node.id)
        if state is None:
            continue
        counted = ", ".join(answer.titles.get(c, c) for c in state.credentials)
        if state.parts_needed is not None:
            detail = t("stacking.parts_of", lang, done=state.parts_done or 0, n=state.parts_needed)
        elif state.ects_needed:
            detail = t(
                "stacking.ects_of",
                lang,
                counted=_num(
                    min(state.ects_counted, state.ects_needed)
                    if isinstance(node, rules.Offering)
                    else state.ects_counted
                ),
                needed=_num(state.ects_needed),
            )
        else:
            detail = ""
        items: tuple[str, ...] = ()
        if isinstance(node, rules.Pool):
            items = tuple(
                (answer.catalogue[i.ref].title if i.ref in answer.catalogue else i.ref)
                + f" ({_num(i.ects)} ECTS)"
                for i in node.items
            )
        lines.append(
            NodeLine(
                node_id=node.id,
                depth=depth,
                text=say_phrase(node_phrase(_titled(node, answer)), lang),
                satisfied=state.satisfied,
                counted=counted,
                detail=detail,
                items=items,
            )
        )
    return lines


def _titled(node: rules.Node, answer: LearnerProgress) -> rules.Node:
    return titled(node, {slug: o.title for slug, o in answer.catalogue.items()})


def titled(node: rules.Node, titles: dict[str, str]) -> rules.Node:
    """An offering node named by its catalogue title where the rule gives none."""
    if isinstance(node, rules.Offering) and not node.title and node.ref in titles:
        return rules.Offering(node.id, node.ref, node.ects, titles[node.ref])
    return node
