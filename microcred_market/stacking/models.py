"""Qualifications' rules as stored data, and the stacked credentials awarded under them.

The rule tree lives beside the catalogue's `qualification` (in a table of its own, since
the catalogue sits below stacking) with the facts only stacking needs: who awards the
qualification, its PRK level, its ZSK register code, whether it is partial, and the OB 3.0
`achievementType` its credential states. Every save parses and validates the tree
(`rules.parse`, `rules.validate`), whoever saves it: a bad rule never reaches the table.

`stacked_award` is unique per learner and qualification: two parts arriving at once race
to insert it, one wins, and only the winner queues the credential.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from microcred_market.platform.clock import utcnow
from microcred_market.stacking import rules
from microcred_market.stacking.errors import RuleRefused
from microcred_market.vc import qualification as vcq

TS = sa.DateTime(timezone=True)
ACHIEVEMENT_TYPES = vcq.ACHIEVEMENT_TYPES
AWARD_STATES = ("pending", "issued", "lapsed")


class QualificationRule(SQLModel, table=True):
    """A qualification's rule tree and the facts of its award."""

    __tablename__ = "qualification_rule"
    __table_args__ = (
        sa.CheckConstraint("prk_level IS NULL OR prk_level BETWEEN 1 AND 8", name="ck_rule_prk"),
    )

    qualification_id: int = Field(foreign_key="qualification.id", primary_key=True)
    university_id: int = Field(foreign_key="university.id", index=True)  # awarding
    rule: dict[str, Any] = Field(sa_type=sa.JSON)
    prk_level: int | None = Field(default=None)
    zsk_code: str | None = Field(default=None, max_length=40)
    partial: bool = Field(default=False)
    achievement_type: str = Field(default="Certificate", max_length=40)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    updated_by_user_id: int | None = Field(default=None, foreign_key="user_account.id")

    def parsed(self) -> rules.Rule:
        return rules.parse(self.rule)


class StackedAward(SQLModel, table=True):
    """One learner's award of one qualification: queued, issued, or lapsed before issue.

    `suspended_by_rules` tells a suspension stacking made (a part went bad) from one staff
    made by hand: only the first is lifted when the rules are met again.
    """

    __tablename__ = "stacked_award"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "qualification_id", name="uq_stacked_award_learner"),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    qualification_id: int = Field(foreign_key="qualification.id", index=True)
    state: str = Field(default="pending", max_length=12)
    credential_id: int | None = Field(default=None, foreign_key="credential.id")
    suspended_by_rules: bool = Field(default=False)
    ects: Decimal = Field(default=Decimal(0), sa_type=sa.Numeric(6, 2))
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)
    issued_at: datetime | None = Field(default=None, sa_type=TS)


class QualificationGoal(SQLModel, table=True):
    """A qualification a learner pinned as a goal.

    A goal is what makes a qualification show on "My progress" before any credential
    counts toward it, and what lets catalogue cards say which offerings count toward it.
    """

    __tablename__ = "qualification_goal"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "qualification_id", name="uq_qualification_goal"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    qualification_id: int = Field(foreign_key="qualification.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS)


def check_rule_row(row: QualificationRule) -> None:
    """Refuse a rule that does not parse or validate, with one message per node.

    The problems travel as `InvalidInput("error.stacking.rule_invalid", problems=[...])`
    so a page can show each next to its node.
    """
    rule = rules.parse(row.rule)
    problems = rules.validate(rule)
    if row.achievement_type not in ACHIEVEMENT_TYPES and not (
        row.achievement_type.startswith("ext:") and row.achievement_type[4:].isalnum()
    ):
        problems.append(rules.Problem("qualification", "error.stacking.achievement_type"))
    if problems:
        raise RuleRefused(problems)
    row.rule = rules.to_data(rule)


@sa.event.listens_for(QualificationRule, "before_insert")
@sa.event.listens_for(QualificationRule, "before_update")
def _validate_on_save(_mapper: Any, _connection: Any, target: QualificationRule) -> None:
    check_rule_row(target)


# ---------------------------------------------------------------- recognition (stacking.recognition)

REQUEST_STATES = ("pending", "accepted", "refused")
TRUST_LEVELS = ("auto_accept", "review", "refuse")


class RecognitionRequest(SQLModel, table=True):
    """A learner asks that one imported credential count toward one qualification.

    `verified` is whether the credential verified when asked: a self-reported one may be
    accepted by staff who looked at it, but never by a stored decision or the trust list.
    `decision_id` names the reused decision when one applied (no person decided then).
    """

    __tablename__ = "recognition_request"
    __table_args__ = (
        sa.UniqueConstraint(
            "external_credential_id", "qualification_id", name="uq_recognition_request"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    uuid: UUID = Field(default_factory=uuid4, unique=True, index=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    external_credential_id: int = Field(
        sa_column=sa.Column(
            sa.Integer,
            sa.ForeignKey("external_credential.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    qualification_id: int = Field(foreign_key="qualification.id", index=True)
    university_id: int = Field(foreign_key="university.id", index=True)  # awarding
    state: str = Field(default="pending", max_length=12)
    verified: bool = Field(default=False)
    node_id: str = Field(default="", max_length=64)
    ects: Decimal | None = Field(default=None, sa_type=sa.Numeric(5, 2))
    reason: str = Field(default="", max_length=500)
    decision_id: int | None = Field(default=None, foreign_key="recognition_decision.id")
    decided_by_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    decided_at: datetime | None = Field(default=None, sa_type=TS)
    created_at: datetime = Field(default_factory=utcnow, sa_type=TS, index=True)


class RecognitionDecision(SQLModel, table=True):
    """What a university decided about one achievement of one issuer, reused for the next
    learner who brings a verified credential for the same achievement from the same issuer.
    `node_id` empty means refused (with `reason`)."""

    __tablename__ = "recognition_decision"
    __table_args__ = (
        sa.UniqueConstraint(
            "university_id",
            "qualification_id",
            "issuer_id",
            "achievement_id",
            name="uq_recognition_decision",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    university_id: int = Field(foreign_key="university.id", index=True)
    qualification_id: int = Field(foreign_key="qualification.id")
    issuer_id: str = Field(max_length=500)
    achievement_id: str = Field(max_length=500)
    node_id: str = Field(default="", max_length=64)
    ects: Decimal | None = Field(default=None, sa_type=sa.Numeric(5, 2))
    reason: str = Field(default="", max_length=500)
    decided_by_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    decided_at: datetime = Field(default_factory=utcnow, sa_type=TS)


class IssuerTrust(SQLModel, table=True):
    """A university's stance on one issuer: auto_accept (stored decisions apply at once),
    review (staff look at every request), refuse (refused at once with `reason`)."""

    __tablename__ = "issuer_trust"
    __table_args__ = (sa.UniqueConstraint("university_id", "issuer_id", name="uq_issuer_trust"),)

    id: int | None = Field(default=None, primary_key=True)
    university_id: int = Field(foreign_key="university.id", index=True)
    issuer_id: str = Field(max_length=500)
    level: str = Field(default="review", max_length=12)
    reason: str = Field(default="", max_length=500)
    updated_by_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=TS)


class NearlyNotice(SQLModel, table=True):
    """The learner was told they are one part away from the qualification: once, however
    often their credentials are judged again afterwards (the primary key is the "once")."""

    __tablename__ = "stacking_nearly_notice"

    user_id: int = Field(foreign_key="user_account.id", primary_key=True)
    qualification_id: int = Field(foreign_key="qualification.id", primary_key=True)
    sent_at: datetime = Field(default_factory=utcnow, sa_type=TS)
