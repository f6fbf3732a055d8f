"""The figures of one cell (offering, cohort, month) or of a sum of cells."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


@dataclass
class Money:
    """One currency's sales: minor units."""

    sales: int = 0
    gross_minor: int = 0
    fee_minor: int = 0
    refunds_minor: int = 0

    @property
    def net_minor(self) -> int:
        return self.gross_minor - self.fee_minor - self.refunds_minor

    def add(self, other: Money) -> None:
        self.sales += other.sales
        self.gross_minor += other.gross_minor
        self.fee_minor += other.fee_minor
        self.refunds_minor += other.refunds_minor


@dataclass
class Figures:
    """The figures of one cell, or of a sum of cells."""

    enrolments: int = 0
    cancelled: int = 0
    passed: int = 0
    not_passed: int = 0
    credentials: int = 0
    days_to_credential: float = 0.0  # a sum over `credentials`
    shares: int = 0
    verifications: int = 0
    money: dict[str, Money] = field(default_factory=dict)

    @property
    def decided(self) -> int:
        return self.passed + self.not_passed

    @property
    def pass_rate(self) -> Decimal | None:
        """Percent passed of the results decided, one decimal; None when none were."""
        if self.decided == 0:
            return None
        return (Decimal(100 * self.passed) / Decimal(self.decided)).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )

    @property
    def mean_days_to_credential(self) -> Decimal | None:
        if self.credentials == 0:
            return None
        return Decimal(self.days_to_credential / self.credentials).quantize(
            Decimal("0.1"), ROUND_HALF_UP
        )

    def currency(self, code: str) -> Money:
        return self.money.setdefault(code, Money())

    def add(self, other: Figures) -> None:
        self.enrolments += other.enrolments
        self.cancelled += other.cancelled
        self.passed += other.passed
        self.not_passed += other.not_passed
        self.credentials += other.credentials
        self.days_to_credential += other.days_to_credential
        self.shares += other.shares
        self.verifications += other.verifications
        for code, money in other.money.items():
            self.currency(code).add(money)
