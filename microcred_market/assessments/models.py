"""The tables of assessment: versions, components, attempts, submissions, reviews, results.

The shape follows what the credential must later say truthfully: a result is always tied
to the version of the assessment it was earned under (`assessment_id` of that version),
to how it was supervised, and to who decided it. Nothing here is ever rewritten to mean
something else: a new version, a new attempt, a second review or an appeal is a new row.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from microcred_market.platform.clock import utcnow

TS = sa.DateTime(timezone=True)
SCORE = sa.Numeric(7, 2)

# What a component is. `decision` is an oral exam, an interview or an on-site task whose
# result an assessor enters (its `mode` says which); the old staff "pass" is one of them.
COMPONENT_KINDS = ("quiz", "task", "portfolio", "decision")
DECISION_MODES = ("oral", "interview", "onsite", "decision")
ASSESSMENT_STATUSES = ("draft", "published", "retired")


class Assessment(SQLModel, table=True):
    """One version of an offering's assessment.

    Once `published` it never changes (a check in the service, and attempts point at it);
    an edit copies it into a new draft with `version + 1`. `pass_rule` is the overall rule:
    `{"all_components": true, "min_percent": 50}` means every component passes and the
    weighted percentage reaches 50.
    """

    __tablename__ = "assessment"
    __table_args__ = (
        sa.UniqueConstraint("offering_id", "version", name="uq_assessment_version"),
        sa.CheckConstraint("version >= 1", name="ck_assessment_version_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    offering_id: int = Field(foreign_key="offering.id", index=True)
    version: int = Field(default=1)
    status: str = Field(default="draft", max_length=12)
    pass_rule: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    # Results may be recorded (and attempts started) only inside this window.
    window_opens_at: datetime | None = Field(default=None, sa_type=TS)
    window_closes_at: datetime | None = Field(default=None, sa_type=TS)
    blind_review: bool = Field(default=False)
    # A second marker is required when a reviewed score lies within this many percentage
    # points of the pass mark (None: only on request).
    second_marker_margin: int | None = Field(default=None)
    # Results reach the learner only when the owner or a moderator releases them.
    moderated: bool = Field(default=True)
    appeal_days: int = Field(default=14)
    created_by_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    published_at: datetime | None = Field(default=None, sa_type=TS)


class AssessmentComponent(SQLModel, table=True):
    """A part of one assessment version, with its weight and its own pass rule.

    `pass_rule`: `{"min_percent": 60}` (quiz, task), `{"min_level": 2}` (every rubric
    criterion reaches level index 2), `{"decision": true}` (the assessor's word).
    `rubric`: `{"criteria": [{"id", "title", "levels": [{"points", "descriptor"}]}]}`.
    `settings` for a quiz: `time_limit_minutes`, `attempts`, `delay_minutes`,
    `opens_at`, `closes_at` (ISO), `pools` (see `assessments.quiz.draw`), `one_per_screen`,
    `grace_seconds`; for a task: `due_at` (ISO), `max_files`.
    """

    __tablename__ = "assessment_component"
    __table_args__ = (
        sa.UniqueConstraint("assessment_id", "position", name="uq_component_position"),
        sa.CheckConstraint("weight BETWEEN 0 AND 100", name="ck_component_weight"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True)
    position: int = Field(default=0)
    kind: str = Field(max_length=12)
    mode: str = Field(default="", max_length=12)
    title: str = Field(max_length=200)
    instructions: str = Field(default="", sa_type=sa.Text)
    weight: int = Field(default=100)
    pass_rule: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    rubric: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    settings: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)


class AssessmentQuestion(SQLModel, table=True):
    """A quiz question of one component version; `key` never leaves the server."""

    __tablename__ = "assessment_question"
    __table_args__ = (sa.UniqueConstraint("component_id", "ident", name="uq_question_ident"),)

    id: int | None = Field(default=None, primary_key=True)
    component_id: int = Field(foreign_key="assessment_component.id", index=True)
    ident: str = Field(max_length=64)
    position: int = Field(default=0)
    # The question as `assessments.quiz` defines it, without its key.
    body: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    key: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)


class Accommodation(SQLModel, table=True):
    """Extra time or attempts for one learner at one university, for every timed part."""

    __tablename__ = "accommodation"
    __table_args__ = (
        sa.UniqueConstraint("university_id", "user_id", name="uq_accommodation_learner"),
        sa.CheckConstraint("extra_percent BETWEEN 0 AND 300", name="ck_accommodation_percent"),
        sa.CheckConstraint("extra_minutes BETWEEN 0 AND 600", name="ck_accommodation_minutes"),
        sa.CheckConstraint("extra_attempts BETWEEN 0 AND 10", name="ck_accommodation_attempts"),
    )

    id: int | None = Field(default=None, primary_key=True)
    university_id: int = Field(foreign_key="university.id", index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    extra_percent: int = Field(default=0)
    extra_minutes: int = Field(default=0)
    extra_attempts: int = Field(default=0)
    note: str = Field(default="", max_length=500)
    set_by_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    set_at: datetime = Field(default_factory=utcnow, sa_type=TS)


class QuizAttempt(SQLModel, table=True):
    """One sitting of a quiz. `deadline_at` is computed once, at start, on the server.

    `finished_at` is the moment the answers were closed: the learner's submit, or the
    deadline itself when the attempt ran out (also when the worker closes it later).
    """

    __tablename__ = "quiz_attempt"
    __table_args__ = (
        sa.UniqueConstraint("component_id", "enrolment_id", "number", name="uq_attempt_number"),
        sa.Index("ix_attempt_open_deadline", "status", "deadline_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    component_id: int = Field(foreign_key="assessment_component.id", index=True)
    enrolment_id: int = Field(foreign_key="enrolment.id", index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    number: int = Field(default=1)
    status: str = Field(default="open", max_length=12)  # open, submitted, overdue, marked
    started_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    deadline_at: datetime | None = Field(default=None, sa_type=TS)
    finished_at: datetime | None = Field(default=None, sa_type=TS)
    seed: str = Field(max_length=64)
    # [{"q": ident, "choices": [ids in shown order] | null}], fixed at start.
    paper: list[dict[str, Any]] = Field(default_factory=list, sa_type=sa.JSON)
    points: Decimal | None = Field(default=None, sa_type=SCORE)
    max_points: int | None = Field(default=None)
    percent: Decimal | None = Field(default=None, sa_type=SCORE)
    pending_marking: bool = Field(default=False)
    supervision: str = Field(default="unsupervised-no-id", max_length=40)
    supervised_by_user_id: int | None = Field(default=None, foreign_key="user_account.id")


class QuizAnswer(SQLModel, table=True):
    """The latest saved answer to one question of one attempt (exactly one row each)."""

    __tablename__ = "quiz_answer"
    __table_args__ = (
        sa.UniqueConstraint("attempt_id", "question_ident", name="uq_answer_question"),
    )

    id: int | None = Field(default=None, primary_key=True)
    attempt_id: int = Field(foreign_key="quiz_attempt.id", index=True)
    question_ident: str = Field(max_length=64)
    answer: Any = Field(default=None, sa_type=sa.JSON)
    saved_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    saves: int = Field(default=1)
    points: Decimal | None = Field(default=None, sa_type=SCORE)
    marked_by_user_id: int | None = Field(default=None, foreign_key="user_account.id")


class Submission(SQLModel, table=True):
    """One version of a learner's work for a task or a portfolio.

    A resubmission before the deadline is a new row with `version + 1`; the assessor
    marks the latest (`current`). A portfolio maps the learner's experience to each
    learning outcome in `outcome_evidence` (outcome index as text → description).
    """

    __tablename__ = "submission"
    __table_args__ = (
        sa.UniqueConstraint(
            "component_id", "enrolment_id", "version", name="uq_submission_version"
        ),
        sa.Index("ix_submission_queue", "status", "submitted_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    component_id: int = Field(foreign_key="assessment_component.id", index=True)
    enrolment_id: int = Field(foreign_key="enrolment.id", index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    version: int = Field(default=1)
    current: bool = Field(default=True)
    status: str = Field(default="submitted", max_length=16)  # submitted, marked, superseded
    text: str = Field(default="", sa_type=sa.Text)
    outcome_evidence: dict[str, str] = Field(default_factory=dict, sa_type=sa.JSON)
    links: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=TS)


class EvidenceFile(SQLModel, table=True):
    """A file of a submission; the bytes live in `platform.storage` under `storage_key`."""

    __tablename__ = "evidence_file"

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    submission_id: int = Field(foreign_key="submission.id", index=True)
    storage_key: str = Field(max_length=200)
    filename: str = Field(max_length=200)
    content_type: str = Field(max_length=100)
    size: int
    sha256: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)


class ReviewLock(SQLModel, table=True):
    """A claim on a piece of work by one assessor, until `expires_at` (ORA2's lock)."""

    __tablename__ = "review_lock"
    __table_args__ = (sa.UniqueConstraint("item", name="uq_review_lock_item"),)

    id: int | None = Field(default=None, primary_key=True)
    item: str = Field(max_length=60)  # "submission:<id>" or "attempt:<id>"
    assessor_user_id: int = Field(foreign_key="user_account.id")
    claimed_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    expires_at: datetime = Field(sa_type=TS)


class Review(SQLModel, table=True):
    """One assessor's marking of one submission or attempt (first, second or appeal).

    `scores`: criterion id → level index; `comments`: criterion id → text.
    """

    __tablename__ = "review"

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    component_id: int = Field(foreign_key="assessment_component.id", index=True)
    enrolment_id: int = Field(foreign_key="enrolment.id", index=True)
    submission_id: int | None = Field(default=None, foreign_key="submission.id", index=True)
    attempt_id: int | None = Field(default=None, foreign_key="quiz_attempt.id", index=True)
    assessor_user_id: int = Field(foreign_key="user_account.id", index=True)
    role: str = Field(default="first", max_length=12)  # first, second, appeal
    scores: dict[str, int] = Field(default_factory=dict, sa_type=sa.JSON)
    comments: dict[str, str] = Field(default_factory=dict, sa_type=sa.JSON)
    comment: str = Field(default="", sa_type=sa.Text)
    points: Decimal | None = Field(default=None, sa_type=SCORE)
    max_points: int | None = Field(default=None)
    percent: Decimal | None = Field(default=None, sa_type=SCORE)
    passed: bool | None = Field(default=None)
    started_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    finished_at: datetime | None = Field(default=None, sa_type=TS)


class ComponentResult(SQLModel, table=True):
    """The result of one component for one enrolment: kept across days (staged validation).

    One row per try; `current` marks the one that counts. `released_at` is set when the
    batch is released (moderation); until then the learner sees "awaiting release".
    """

    __tablename__ = "component_result"
    __table_args__ = (sa.Index("ix_result_enrolment_current", "enrolment_id", "current"),)

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    enrolment_id: int = Field(foreign_key="enrolment.id", index=True)
    component_id: int = Field(foreign_key="assessment_component.id", index=True)
    assessment_id: int = Field(foreign_key="assessment.id", index=True)
    source: str = Field(max_length=12)  # quiz, review, decision, appeal
    attempt_id: int | None = Field(default=None, foreign_key="quiz_attempt.id")
    submission_id: int | None = Field(default=None, foreign_key="submission.id")
    percent: Decimal | None = Field(default=None, sa_type=SCORE)
    passed: bool
    current: bool = Field(default=True)
    supervision: str = Field(default="unsupervised-no-id", max_length=40)
    decided_by_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    decided_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    released_at: datetime | None = Field(default=None, sa_type=TS)
    released_by_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    comment: str = Field(default="", sa_type=sa.Text)


class Appeal(SQLModel, table=True):
    """A learner's request for a re-mark, decided by a different assessor."""

    __tablename__ = "appeal"

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    result_id: int = Field(foreign_key="component_result.id", index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    reason: str = Field(sa_type=sa.Text)
    status: str = Field(default="open", max_length=12)  # open, decided
    assessor_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    original_percent: Decimal | None = Field(default=None, sa_type=SCORE)
    new_percent: Decimal | None = Field(default=None, sa_type=SCORE)
    outcome: str = Field(default="", max_length=12)  # upheld, changed
    comment: str = Field(default="", sa_type=sa.Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    decided_at: datetime | None = Field(default=None, sa_type=TS)
