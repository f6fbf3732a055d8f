"""Who may do what: one table, one check, used by every page, API route and service.

A principal is what we know of the person making the request. Every action names the
role it needs; university actions also name the university, and a role at university A
never counts at university B.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from microcred_market.accounts.models import StaffRole, User
from microcred_market.platform.errors import DomainError

ROLES = ("owner", "editor", "assessor")
# An owner may do all an editor or assessor may; an invitation never lowers a role.
ROLE_RANK = {"owner": 3, "editor": 2, "assessor": 1}


class NotSignedIn(DomainError):
    code = "not_signed_in"


class Forbidden(DomainError):
    code = "forbidden"


@dataclass(frozen=True)
class Principal:
    user_id: int | None = None
    is_admin: bool = False
    # university id -> role
    roles: dict[int, str] = field(default_factory=dict)

    @property
    def signed_in(self) -> bool:
        return self.user_id is not None


ANONYMOUS = Principal()

# action -> who may: "anyone", "signed_in", "admin", or a set of university roles.
# "admin+" means the operator may as well as the listed roles.
ACTIONS: dict[str, tuple[str, frozenset[str]]] = {
    "catalogue.view": ("anyone", frozenset()),
    "account.view": ("signed_in", frozenset()),
    "account.edit": ("signed_in", frozenset()),
    "account.export": ("signed_in", frozenset()),
    "account.delete": ("signed_in", frozenset()),
    "university.staff.view": ("roles", frozenset(ROLES)),
    "university.staff.invite": ("roles+admin", frozenset({"owner"})),
    "university.offerings.edit": ("roles", frozenset({"owner", "editor"})),
    "university.assess": ("roles", frozenset({"owner", "assessor"})),
    # Moderation: the owner releases a batch of results (no separate moderator role: the
    # owner answers for what the university certifies; assessors decide, never release).
    "university.results.release": ("roles", frozenset({"owner"})),
    # Extra time or attempts change how a result is reached: the owner decides.
    "university.accommodations.manage": ("roles", frozenset({"owner"})),
    "university.credentials.manage": ("roles+admin", frozenset({"owner", "assessor"})),
    # Those who sell a university's courses, and the operator, refund any paid order of it
    # and see its receipts; a buyer only their own (see `refund_as`, `may_see_order`).
    "order.refund": ("roles+admin", frozenset({"owner", "editor"})),
    "order.receipt": ("roles+admin", frozenset({"owner", "editor"})),
    "admin.outbox.view": ("admin", frozenset()),
    # A dead outbox message tried again from its first attempt.
    "admin.outbox.retry": ("admin", frozenset()),
    "admin.mail.view": ("admin", frozenset()),
    # The platform fee (the default and each university's own) and the vouchers.
    "admin.fees.view": ("admin", frozenset()),
    "admin.fees.edit": ("admin", frozenset()),
    "admin.vouchers.view": ("admin", frozenset()),
    "admin.vouchers.edit": ("admin", frozenset()),
    "admin.orders.view": ("admin", frozenset()),
    "admin.users.view": ("admin", frozenset()),
    "admin.audit.view": ("admin", frozenset()),
    "admin.universities.view": ("admin", frozenset()),
    # Joining the market: anyone signed in applies for a university; the operator decides.
    "university.apply": ("signed_in", frozenset()),
    "admin.universities.decide": ("admin", frozenset()),
    # The university's public page (text, logo, quality assurance) speaks for it: owners.
    "university.page.edit": ("roles", frozenset({"owner"})),
    # Where the money goes and what came in: the owner; the operator may look.
    "university.payments.view": ("roles+admin", frozenset({"owner"})),
    "university.payments.manage": ("roles", frozenset({"owner"})),
    # Cohorts of an offering (dates, seats, who is in, mail to them): who sells it.
    "university.cohorts.manage": ("roles", frozenset({"owner", "editor"})),
    # Spreadsheets of a university's data (personal data: staff of that university only,
    # and the operator): enrolments for every staff role, results for those who assess,
    # sales for those who sell.
    "university.enrolments.export": ("roles+admin", frozenset(ROLES)),
    "university.results.export": ("roles+admin", frozenset({"owner", "assessor"})),
    "university.sales.export": ("roles+admin", frozenset({"owner", "editor"})),
    # A university's figures (enrolments, revenue, results, credentials): those who run
    # its courses and sell them; the operator may look.
    "university.analytics.view": ("roles+admin", frozenset({"owner", "editor"})),
}


def can(principal: Principal, action: str, university_id: int | None = None) -> bool:
    kind, roles = ACTIONS[action]
    if kind == "anyone":
        return True
    if not principal.signed_in:
        return False
    if kind == "signed_in":
        return True
    if kind == "admin":
        return principal.is_admin
    if kind == "roles+admin" and principal.is_admin:
        return True
    if university_id is None:
        return False
    return principal.roles.get(university_id) in roles


def _buyer(principal: Principal, buyer_user_id: int | None) -> bool:
    return principal.signed_in and principal.user_id == buyer_user_id


def refund_as(principal: Principal, university_id: int, buyer_user_id: int | None) -> str | None:
    """In which capacity `principal` asks to refund an order: "admin", "staff", "learner"
    (their own order, still bound by the withdrawal rules of the order service) or None.

    The capacity is recorded on the order's history, so it is decided here with the rest
    of the rules rather than guessed again by the caller.
    """
    if can(principal, "order.refund", university_id):
        return "admin" if principal.is_admin else "staff"
    return "learner" if _buyer(principal, buyer_user_id) else None


def may_see_order(principal: Principal, university_id: int, buyer_user_id: int | None) -> bool:
    """A receipt is the buyer's, the operator's and the selling university's business."""
    return _buyer(principal, buyer_user_id) or can(principal, "order.receipt", university_id)


def require(principal: Principal, action: str, university_id: int | None = None) -> None:
    if can(principal, action, university_id):
        return
    if not principal.signed_in:
        raise NotSignedIn("error.accounts.sign_in_to_continue")
    raise Forbidden("error.accounts.forbidden")


def principal_for(session: Session, user_id: int | None) -> Principal:
    if user_id is None:
        return ANONYMOUS
    user = session.get(User, user_id)
    if user is None or user.deleted_at is not None:
        return ANONYMOUS
    roles = {
        r.university_id: r.role
        for r in session.exec(select(StaffRole).where(StaffRole.user_id == user_id)).all()
    }
    return Principal(user_id=user_id, is_admin=user.is_admin, roles=roles)
