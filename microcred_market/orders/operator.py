"""What the platform operator sets: fees, universities' payout accounts, vouchers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from sqlmodel import Session, col, select

from microcred_market.accounts import authz
from microcred_market.catalogue import vocab
from microcred_market.catalogue.models import Offering, University
from microcred_market.orders import payouts
from microcred_market.orders.models import PlatformSetting, Voucher
from microcred_market.orders.payments.registry import connect_provider
from microcred_market.orders.service import DEFAULT_FEE_BASIS_POINTS
from microcred_market.platform import audit
from microcred_market.platform.clock import aware, utcnow
from microcred_market.platform.errors import InvalidInput, NotFound


def _setting(session: Session, university_id: int | None) -> PlatformSetting:
    stmt = select(PlatformSetting).where(
        PlatformSetting.university_id == university_id
        if university_id is not None
        else col(PlatformSetting.university_id).is_(None)
    )
    setting = session.exec(stmt).first()
    if setting is None:
        setting = PlatformSetting(university_id=university_id)
        session.add(setting)
    return setting


def _university(session: Session, slug: str) -> University:
    uni = session.exec(select(University).where(University.slug == slug)).first()
    if uni is None:
        raise NotFound("error.orders.university_slug_unknown", slug=slug)
    return uni


def set_fee(
    session: Session,
    percent: str,
    university_slug: str | None = None,
    actor: audit.Actor = audit.SYSTEM,
) -> int:
    """Set the platform fee in percent (two decimals at most); returns basis points."""
    try:
        value = Decimal(percent)
    except InvalidOperation:
        raise InvalidInput("error.orders.fee_not_a_number") from None
    if not value.is_finite():  # NaN and Infinity are Decimals too
        raise InvalidInput("error.orders.fee_not_a_number")
    if not (0 <= value <= 50) or value != value.quantize(Decimal("0.01")):
        raise InvalidInput("error.orders.fee_out_of_range")
    uni_id = _university(session, university_slug).id if university_slug else None
    setting = _setting(session, uni_id)
    before = setting.fee_basis_points if setting.id is not None else None
    setting.fee_basis_points = int(value * 100)
    session.add(setting)
    audit.record(
        session,
        "fee.set",
        actor,
        university_slug or "default",
        before={"fee_basis_points": before},
        after={"fee_basis_points": setting.fee_basis_points},
    )
    return setting.fee_basis_points


def connect_university(
    session: Session, university_slug: str, account_id: str, actor: audit.Actor = audit.SYSTEM
) -> payouts.PayoutState:
    """For an operator who has a university's Stripe account id already (onboarding from
    the payments page is the usual way): recorded and, with Stripe configured, asked
    about at once, so it sells as soon as Stripe says it can take charges."""
    provider = connect_provider()
    return payouts.connect_existing(
        session,
        university_slug,
        account_id,
        provider if provider.name == "stripe" else None,
        actor,
    )


def create_voucher(
    session: Session,
    *,
    code: str,
    percent: int | None = None,
    amount_minor: int | None = None,
    currency: str | None = None,
    max_uses: int | None = None,
    expires: str | None = None,
    offering_slug: str | None = None,
    university_slug: str | None = None,
    actor: audit.Actor = audit.SYSTEM,
) -> Voucher:
    code = code.strip().upper()
    if not code.isascii() or not code.replace("-", "").isalnum() or not 3 <= len(code) <= 40:
        raise InvalidInput("error.orders.voucher_code_invalid")
    if session.exec(select(Voucher).where(Voucher.code == code)).first():
        raise InvalidInput("error.orders.voucher_code_taken")
    if (percent is None) == (amount_minor is None):
        raise InvalidInput("error.orders.voucher_percent_or_amount")
    if percent is not None and not 1 <= percent <= 100:
        raise InvalidInput("error.orders.voucher_percent_range")
    if amount_minor is not None and (amount_minor <= 0 or currency not in vocab.CURRENCIES):
        raise InvalidInput("error.orders.voucher_amount_invalid")
    if max_uses is not None and not 1 <= max_uses <= 1_000_000_000:
        raise InvalidInput("error.orders.voucher_max_uses_invalid")
    voucher = Voucher(
        code=code,
        kind="percent" if percent is not None else "fixed",
        percent_off=percent,
        amount_off_minor=amount_minor,
        currency=currency,
        max_uses=max_uses,
    )
    if expires:
        try:
            voucher.expires_at = datetime.fromisoformat(expires).replace(tzinfo=UTC)
        except ValueError:
            raise InvalidInput("error.orders.voucher_expiry_invalid") from None
    if offering_slug:
        offering = session.exec(select(Offering).where(Offering.slug == offering_slug)).first()
        if offering is None:
            raise NotFound("error.orders.offering_slug_unknown", slug=offering_slug)
        voucher.scope, voucher.offering_id = "offering", offering.id
    elif university_slug:
        voucher.scope, voucher.university_id = (
            "university",
            _university(session, university_slug).id,
        )
    session.add(voucher)
    session.flush()
    audit.record(
        session,
        "voucher.created",
        actor,
        code,
        before=None,
        after={
            "kind": voucher.kind,
            "percent_off": voucher.percent_off,
            "amount_off_minor": voucher.amount_off_minor,
            "currency": voucher.currency,
            "max_uses": voucher.max_uses,
            "expires_at": voucher.expires_at.isoformat() if voucher.expires_at else None,
            "scope": voucher.scope,
            "offering": offering_slug if voucher.scope == "offering" else None,
            "university": university_slug if voucher.scope == "university" else None,
        },
    )
    return voucher


# ---------------------------------------------------------------- the operator's pages
# The same commands for a signed-in operator: each checks the one permission table and
# records the operator's account in the audit log.


def _operator(principal: authz.Principal, action: str) -> audit.Actor:
    authz.require(principal, action)
    return audit.user(principal.user_id)


@dataclass(frozen=True)
class UniversityFee:
    slug: str
    name: str
    # The university's own fee in basis points, or None when it pays the default.
    own_basis_points: int | None
    basis_points: int


@dataclass(frozen=True)
class FeesView:
    default_basis_points: int
    universities: list[UniversityFee]


def fees(session: Session, principal: authz.Principal) -> FeesView:
    """The default fee and what each university pays (its own fee, or the default)."""
    authz.require(principal, "admin.fees.view")
    settings = session.exec(select(PlatformSetting)).all()
    default = next((s.fee_basis_points for s in settings if s.university_id is None), None)
    default_bp = DEFAULT_FEE_BASIS_POINTS if default is None else default
    own: dict[int | None, int] = {
        s.university_id: s.fee_basis_points for s in settings if s.university_id is not None
    }
    unis = session.exec(
        select(University).where(col(University.approved).is_(True)).order_by(col(University.name))
    ).all()
    return FeesView(
        default_basis_points=default_bp,
        universities=[
            UniversityFee(
                slug=u.slug,
                name=u.name,
                own_basis_points=own.get(u.id),
                basis_points=own.get(u.id, default_bp),
            )
            for u in unis
        ],
    )


def change_fee(
    session: Session, principal: authz.Principal, percent: str, university_slug: str | None = None
) -> int:
    """Set the default fee, or a university's own; returns basis points (audited)."""
    actor = _operator(principal, "admin.fees.edit")
    return set_fee(session, percent.strip()[:12], university_slug or None, actor)


def clear_fee(session: Session, principal: authz.Principal, university_slug: str) -> str:
    """A university pays the default fee again; returns its name (audited)."""
    actor = _operator(principal, "admin.fees.edit")
    uni = _university(session, university_slug)
    setting = session.exec(
        select(PlatformSetting).where(PlatformSetting.university_id == uni.id)
    ).first()
    if setting is None:
        raise InvalidInput("error.orders.fee_no_override")
    before = setting.fee_basis_points
    session.delete(setting)
    audit.record(
        session,
        "fee.cleared",
        actor,
        uni.slug,
        before={"fee_basis_points": before},
        after={"fee_basis_points": None},
    )
    return uni.name


@dataclass(frozen=True)
class VoucherLine:
    code: str
    kind: str  # percent, fixed
    percent_off: int | None
    amount_off_minor: int | None
    currency: str | None
    scope: str  # all, university, offering
    scope_name: str
    max_uses: int | None
    used: int
    expires_at: datetime | None
    disabled_at: datetime | None
    created_at: datetime

    @property
    def state(self) -> str:
        """active, disabled, expired or used_up: what a buyer typing it now would meet."""
        if self.disabled_at is not None:
            return "disabled"
        if self.expires_at is not None and aware(self.expires_at) < utcnow():
            return "expired"
        if self.max_uses is not None and self.used >= self.max_uses:
            return "used_up"
        return "active"


@dataclass(frozen=True)
class VouchersView:
    vouchers: list[VoucherLine]
    # (slug, name) of every university on the market, for "only for this university".
    universities: list[tuple[str, str]]


def vouchers(session: Session, principal: authz.Principal, limit: int = 500) -> VouchersView:
    """The operator's codes, newest first (an employer's single-use seat codes are not
    the operator's: they belong to that employer's order)."""
    authz.require(principal, "admin.vouchers.view")
    market = session.exec(
        select(University.slug, University.name)
        .where(col(University.approved).is_(True))
        .order_by(col(University.name))
    ).all()
    return VouchersView(
        vouchers=voucher_lines(session, limit),
        universities=[(slug, name) for slug, name in market],
    )


def voucher_lines(session: Session, limit: int = 500) -> list[VoucherLine]:
    """The operator's codes, newest first (the CLI's `vouchers`; the page's list)."""
    rows = session.exec(
        select(Voucher)
        .where(col(Voucher.source_order_id).is_(None))
        .order_by(col(Voucher.id).desc())
        .limit(limit)
    ).all()
    uni_ids = {v.university_id for v in rows if v.university_id is not None}
    offering_ids = {v.offering_id for v in rows if v.offering_id is not None}
    unis = (
        dict(
            session.exec(
                select(University.id, University.name).where(col(University.id).in_(uni_ids))
            ).all()
        )
        if uni_ids
        else {}
    )
    offerings = (
        dict(
            session.exec(
                select(Offering.id, Offering.title).where(col(Offering.id).in_(offering_ids))
            ).all()
        )
        if offering_ids
        else {}
    )
    lines = [
        VoucherLine(
            code=v.code,
            kind=v.kind,
            percent_off=v.percent_off,
            amount_off_minor=v.amount_off_minor,
            currency=v.currency,
            scope=v.scope,
            scope_name=(
                unis.get(v.university_id, "")
                if v.scope == "university"
                else offerings.get(v.offering_id, "")
                if v.scope == "offering"
                else ""
            ),
            max_uses=v.max_uses,
            used=v.used,
            expires_at=v.expires_at,
            disabled_at=v.disabled_at,
            created_at=v.created_at,
        )
        for v in rows
    ]
    return lines


def _whole(value: str, error: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit() and len(value) <= 10):
        raise InvalidInput(error)
    return int(value)


def create_voucher_from_form(
    session: Session,
    principal: authz.Principal,
    *,
    code: str,
    kind: str,
    value: str,
    currency: str = "",
    max_uses: str = "",
    expires: str = "",
    university_slug: str = "",
    offering_slug: str = "",
) -> Voucher:
    """What the CLI's `voucher` command takes, as the page's form sends it (text)."""
    actor = _operator(principal, "admin.vouchers.edit")
    value = value.strip().replace(",", ".")
    percent: int | None = None
    amount: int | None = None
    if kind == "percent":
        percent = _whole(value, "error.orders.voucher_value_invalid")
        if percent is None:
            raise InvalidInput("error.orders.voucher_value_invalid")
    elif kind == "fixed":
        try:
            major = Decimal(value[:20])
        except InvalidOperation:
            raise InvalidInput("error.orders.voucher_value_invalid") from None
        if not major.is_finite() or major != major.quantize(Decimal("0.01")) or major > 10**9:
            raise InvalidInput("error.orders.voucher_value_invalid")
        amount = int(major * 100)
    else:
        raise InvalidInput("error.orders.voucher_percent_or_amount")
    return create_voucher(
        session,
        code=code[:60],
        percent=percent,
        amount_minor=amount,
        currency=(currency.strip().upper() or None) if kind == "fixed" else None,
        max_uses=_whole(max_uses, "error.orders.voucher_max_uses_invalid"),
        expires=expires.strip()[:10] or None,
        offering_slug=offering_slug.strip()[:200] or None,
        university_slug=university_slug.strip()[:120] or None,
        actor=actor,
    )


def disable_voucher(session: Session, principal: authz.Principal, code: str) -> str:
    """Withdraw a code: refused at checkout from now on (audited); returns the code."""
    return withdraw_voucher(session, code, _operator(principal, "admin.vouchers.edit"))


def withdraw_voucher(session: Session, code: str, actor: audit.Actor = audit.SYSTEM) -> str:
    """`disable_voucher` for the command line, which acts as the operator's login."""
    voucher = session.exec(
        select(Voucher).where(
            Voucher.code == code.strip().upper()[:40], col(Voucher.source_order_id).is_(None)
        )
    ).first()
    if voucher is None:
        raise NotFound("error.orders.voucher_not_found")
    if voucher.disabled_at is not None:
        raise InvalidInput("error.orders.voucher_already_disabled")
    voucher.disabled_at = utcnow()
    session.add(voucher)
    audit.record(
        session,
        "voucher.disabled",
        actor,
        voucher.code,
        before={"disabled_at": None, "used": voucher.used},
        after={"disabled_at": voucher.disabled_at.isoformat(), "used": voucher.used},
    )
    return voucher.code
