"""Getting universities paid: their connected accounts, onboarding, and whether they may sell.

A university sells through a provider only once that provider says its connected account
can take charges (`charges_enabled`). What the provider says is never taken from a
webhook's body or a browser's return: `refresh` asks the provider again (Stripe:
`GET /v1/accounts/{id}`) and writes what it answers, with an audit row when it changed.

Onboarding (Stripe's Account Links): the owner asks for it, we open the account once
(idempotent on the university's UUID), then hand the owner a fresh single-use link whose
`refresh_url` is our route that makes another one and whose `return_url` is the payments
page, which asks the provider again. The simulated provider has the same steps offline:
its "onboarding" is a page of ours that says it is simulated, with a switch.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from microcred_market.accounts import authz
from microcred_market.accounts.authz import Principal
from microcred_market.accounts.models import User
from microcred_market.catalogue.models import University
from microcred_market.orders.models import PayoutAccount
from microcred_market.orders.payments.base import (
    AccountRequest,
    AccountStatus,
    ConnectProvider,
    LinkRequest,
)
from microcred_market.platform import audit, urls
from microcred_market.platform.clock import utcnow
from microcred_market.platform.errors import DomainError, InvalidInput, NotFound

SIMULATED = "simulated"


class NotPayable(DomainError):
    code = "not_payable"


@dataclass(frozen=True)
class PayoutState:
    """What the payments page shows of a university's account at the active provider."""

    provider: str
    started: bool
    account_id: str
    charges_enabled: bool
    payouts_enabled: bool
    details_submitted: bool
    checked_at: datetime | None

    @property
    def payable(self) -> bool:
        return self.started and self.charges_enabled


def _university(session: Session, slug: str) -> University:
    uni = session.exec(select(University).where(University.slug == slug[:120])).first()
    if uni is None or uni.id is None:
        raise NotFound("error.orders.university_slug_unknown", slug=slug[:120])
    return uni


def account_of(session: Session, university_id: int, provider: str) -> PayoutAccount | None:
    return session.exec(
        select(PayoutAccount).where(
            PayoutAccount.university_id == university_id, PayoutAccount.provider == provider
        )
    ).first()


def _state(provider: str, account: PayoutAccount | None) -> PayoutState:
    if account is None:
        return PayoutState(provider, False, "", False, False, False, None)
    return PayoutState(
        provider=provider,
        started=True,
        account_id=account.account_id,
        charges_enabled=account.charges_enabled,
        payouts_enabled=account.payouts_enabled,
        details_submitted=account.details_submitted,
        checked_at=account.checked_at,
    )


def destination_account(session: Session, university_id: int, provider: str) -> str | None:
    """The connected account a checkout pays into, if the university may sell."""
    account = account_of(session, university_id, provider)
    return account.account_id if account is not None and account.charges_enabled else None


def require_payable(session: Session, university_id: int, provider: str) -> None:
    """Refuse a checkout whose money would have nowhere to go.

    With Stripe, a university sells only through an account Stripe said can take charges.
    Offline (the simulated provider) no money moves, so a university that never started
    simulated onboarding still sells (demos and tests); one that started it sells once the
    switch says its account is payable, as with Stripe.
    """
    if provider in ("none",):
        return
    account = account_of(session, university_id, provider)
    if account is None and provider == SIMULATED:
        return
    if account is None or not account.charges_enabled:
        raise NotPayable("error.orders.university_not_payable")


def status(session: Session, principal: Principal, slug: str, provider: str) -> PayoutState:
    uni = _university(session, slug)
    assert uni.id is not None  # read from the database
    authz.require(principal, "university.payments.view", uni.id)
    return _state(provider, account_of(session, uni.id, provider))


def require_manager(session: Session, principal: Principal, slug: str) -> None:
    """Whether `principal` may onboard the university and flip the simulated switch."""
    uni = _university(session, slug)
    authz.require(principal, "university.payments.manage", uni.id)


def _owner_email(session: Session, principal: Principal) -> str | None:
    user = session.get(User, principal.user_id) if principal.user_id else None
    return user.email if user is not None else None


def start_onboarding(
    session: Session,
    provider: ConnectProvider,
    principal: Principal,
    slug: str,
    *,
    open_account: bool = True,
) -> str:
    """The link that takes the owner to the provider's onboarding (opening the account
    the first time, unless `open_account` is False: the provider's refresh link only
    makes new links). Raises `ProviderError` when the provider cannot be reached."""
    uni = _university(session, slug)
    assert uni.id is not None  # read from the database
    authz.require(principal, "university.payments.manage", uni.id)
    account = account_of(session, uni.id, provider.name)
    if account is None and not open_account:
        raise InvalidInput("error.orders.onboarding_not_started")
    if account is None:
        account_id = provider.create_account(
            AccountRequest(
                university_uuid=str(uni.uuid),
                name=uni.name,
                country_code=uni.country_code,
                website=uni.website,
                email=_owner_email(session, principal),
            )
        )
        account = PayoutAccount(university_id=uni.id, provider=provider.name, account_id=account_id)
        session.add(account)
        session.flush()
        audit.record(
            session,
            "payout.account_opened",
            audit.user(principal.user_id),
            uni.slug,
            before=None,
            after={"provider": provider.name, "account_id": account_id},
        )
    return provider.account_link(
        LinkRequest(
            account_id=account.account_id,
            university_slug=uni.slug,
            refresh_url=urls.onboarding_refresh(uni.slug),
            return_url=urls.payments_page(uni.slug, returned=True),
        )
    )


def _flags(account: PayoutAccount) -> dict[str, bool]:
    return {
        "charges_enabled": account.charges_enabled,
        "payouts_enabled": account.payouts_enabled,
        "details_submitted": account.details_submitted,
    }


def _write(
    session: Session, account: PayoutAccount, found: AccountStatus, actor: audit.Actor, slug: str
) -> bool:
    before = _flags(account)
    account.charges_enabled = found.charges_enabled
    account.payouts_enabled = found.payouts_enabled
    account.details_submitted = found.details_submitted
    account.checked_at = utcnow()
    session.add(account)
    after = _flags(account)
    if before != after:
        audit.record(
            session,
            "payout.account_status",
            actor,
            slug,
            before=before,
            after={**after, "account_id": account.account_id},
        )
    return before != after


def refresh(
    session: Session, provider: ConnectProvider, university_id: int, actor: audit.Actor
) -> PayoutState:
    """Ask the provider about the university's account now and keep what it says."""
    account = account_of(session, university_id, provider.name)
    if account is None:
        return _state(provider.name, None)
    found = provider.account_status(account.account_id)
    if found is not None:
        uni = session.get(University, university_id)
        _write(session, account, found, actor, uni.slug if uni else str(university_id))
    return _state(provider.name, account)


def refresh_for(
    session: Session, provider: ConnectProvider, principal: Principal, slug: str
) -> PayoutState:
    """The owner came back from onboarding, or opened the payments page: ask again."""
    uni = _university(session, slug)
    assert uni.id is not None  # read from the database
    authz.require(principal, "university.payments.view", uni.id)
    return refresh(session, provider, uni.id, audit.user(principal.user_id))


def apply_account_update(
    session: Session, provider: ConnectProvider, account_id: str, actor: audit.Actor
) -> bool | None:
    """A provider said an account changed (Stripe's `account.updated`): look it up again
    and keep what the provider says now, never what the event carried. Returns None for
    an account that is not ours, else whether anything changed."""
    account = session.exec(
        select(PayoutAccount).where(
            PayoutAccount.provider == provider.name, PayoutAccount.account_id == account_id
        )
    ).first()
    if account is None:
        return None
    found = provider.account_status(account_id)
    if found is None:
        return False
    uni = session.get(University, account.university_id)
    return _write(session, account, found, actor, uni.slug if uni else str(account.university_id))


def simulated_switch(session: Session, principal: Principal, slug: str, payable: bool) -> None:
    """The simulated onboarding page's switch: what finishing (or undoing) a real
    onboarding would make the provider say."""
    uni = _university(session, slug)
    assert uni.id is not None  # read from the database
    authz.require(principal, "university.payments.manage", uni.id)
    account = account_of(session, uni.id, SIMULATED)
    if account is None:
        raise InvalidInput("error.orders.onboarding_not_started")
    _write(
        session,
        account,
        AccountStatus(account.account_id, payable, payable, payable),
        audit.user(principal.user_id),
        uni.slug,
    )


def connect_existing(
    session: Session,
    university_slug: str,
    account_id: str,
    provider: ConnectProvider | None,
    actor: audit.Actor = audit.SYSTEM,
) -> PayoutState:
    """The operator's way for a university that already has a Stripe account (`microcred
    connect SLUG acct_...`): recorded, then asked about when Stripe is configured."""
    account_id = account_id.strip()
    if not account_id.startswith("acct_") or len(account_id) > 64 or not account_id.isascii():
        raise InvalidInput("error.orders.stripe_account_invalid")
    uni = _university(session, university_slug)
    assert uni.id is not None  # read from the database
    account = account_of(session, uni.id, "stripe")
    before = account.account_id if account is not None else None
    if account is None:
        account = PayoutAccount(university_id=uni.id, provider="stripe", account_id=account_id)
    elif account.account_id != account_id:
        # Another account: nothing Stripe said about the old one holds for it.
        account.account_id = account_id
        account.charges_enabled = account.payouts_enabled = account.details_submitted = False
        account.checked_at = None
    session.add(account)
    session.flush()
    audit.record(
        session,
        "payout.connected",
        actor,
        university_slug,
        before={"stripe_account_id": before},
        after={"stripe_account_id": account_id},
    )
    if provider is not None and provider.name == "stripe":
        found = provider.account_status(account_id)
        if found is not None:
            _write(session, account, found, actor, uni.slug)
    return _state("stripe", account)
