"""The `microcred` command: database, demo data and catalogue search from a terminal."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from decimal import Decimal

from microcred_market import wiring, worker
from microcred_market.accounts import service as accounts
from microcred_market.assessments import demo as demo_assessments
from microcred_market.catalogue import seed, vocab
from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue.search_query import parse_query
from microcred_market.cli.credentials import add_parsers
from microcred_market.orders import operator
from microcred_market.orders.payments.base import ProviderError
from microcred_market.platform import migrations
from microcred_market.platform.db import get_engine, session_scope
from microcred_market.platform.errors import DomainError, InvalidInput
from microcred_market.platform.i18n import default_language, languages
from microcred_market.platform.money import format_money
from microcred_market.platform.outbox import process_outbox
from microcred_market.platform.wakeup import Listener
from microcred_market.settings import get_settings
from microcred_market.stacking import seed as stacking_seed


def _db_upgrade(_args: argparse.Namespace) -> int:

    with get_engine().connect() as connection:
        migrations.upgrade(connection)
        connection.commit()
    print("Database is up to date.")
    return 0


def _seed(args: argparse.Namespace) -> int:

    with session_scope() as session:
        if args.if_empty and seed.is_seeded(session):
            # A database seeded before qualifications had rules gets them now.
            stacking_seed.seed_demo_rules(session)
            print("Demo data already present; nothing to do.")
            return 0
        if args.demo or args.if_empty:
            counts = seed.seed_demo(session)
            print(
                f"Demo data: {counts['universities']} universities, "
                f"{counts['offerings']} offerings, {counts['qualifications']} qualifications."
            )
            # Assessments and stacking live above the catalogue (layers): seeded here, after it.
            published = demo_assessments.seed_demo_assessments(session)
            if published:
                print(f"Demo assessments published: {published}.")
            print(f"Qualification rules: {stacking_seed.seed_demo_rules(session)}.")
        if args.synthetic:
            made = seed.seed_synthetic(session, args.synthetic)
            print(f"Synthetic offerings added: {made}.")
    return 0


def _search(args: argparse.Namespace) -> int:
    params: dict[str, list[str] | str] = {"q": args.query or ""}
    for key in ("eqf", "country", "university", "language", "form", "assessment", "currency"):
        value = getattr(args, key)
        if value:
            params[key] = value
    for key in ("ects_min", "ects_max", "price_min", "price_max", "sort", "page", "per_page"):
        value = getattr(args, key)
        if value is not None:
            params[key] = str(value)
    query = parse_query(params)
    with session_scope() as session:
        result = catalogue.search(session, query, lang=args.lang, with_facets=args.json)
    if args.json:
        print(json.dumps(result.to_dict(args.lang), ensure_ascii=False, indent=2))
        return 0
    for notice in result.notices:
        print(f"note: {notice.text(args.lang)}", file=sys.stderr)
    print(f"{result.total} offerings (page {result.page} of {result.pages})")
    for item in result.items:
        when = "self-paced" if item.self_paced else (item.start_date or "")
        print(
            f"- {item.title} | {item.university_name} ({item.country_code}) | "
            f"EQF {item.eqf_level} | {vocab.ects(item.ects, args.lang)} | "
            f"{format_money(item.price_minor, item.currency, args.lang)} | "
            f"{vocab.label(vocab.PARTICIPATION_FORMS, item.participation_form, args.lang)} | "
            f"{when} | {item.slug}"
        )
    return 0


def _admin_create(args: argparse.Namespace) -> int:

    with session_scope() as session:
        user, link = accounts.create_admin(
            session, args.email, accounts.cli_actor(session, args.as_admin)
        )
    print(f"{user.email} is a platform admin.")
    if link:
        print(f"Set the password within 24 hours: {link}")
    return 0


def _staff_invite(args: argparse.Namespace) -> int:
    """A university's first owner (or anyone): the invitation names an admin as inviter."""
    with session_scope() as session:
        actor = accounts.cli_actor(session, args.as_admin)
        if actor.user_id is None:
            raise InvalidInput("error.accounts.cli_invite_needs_admin")
        accounts.invite_staff(
            session,
            inviter_id=actor.user_id,
            university_slug=args.university,
            email=args.email,
            role=args.role,
            lang=args.lang,
            actor=actor,
        )
    print(
        f"Invitation to {args.university} as {args.role} queued for {args.email}; "
        "the worker mails it (valid 7 days). Without SMTP_URL the mail goes to the log."
    )
    return 0


def _fee(args: argparse.Namespace) -> int:

    with session_scope() as session:
        actor = accounts.cli_actor(session, args.as_admin)
        bp = operator.set_fee(session, args.percent, args.university, actor)
    print(
        f"Platform fee {'for ' + args.university if args.university else 'default'}: {bp / 100:.2f} %"
    )
    return 0


def _connect(args: argparse.Namespace) -> int:

    with session_scope() as session:
        actor = accounts.cli_actor(session, args.as_admin)
        try:
            state = operator.connect_university(session, args.university, args.account, actor)
        except ProviderError as error:
            print(
                f"error: Stripe could not be asked about {args.account}: {error}", file=sys.stderr
            )
            return 1
    print(f"{args.university} is paid out to {args.account}.")
    if not state.charges_enabled:
        # Checkout refuses the university until Stripe says so (account.updated, or the
        # owner's payments page, asks again).
        print("Stripe does not say yet that this account can take charges.")
    return 0


def _voucher(args: argparse.Namespace) -> int:

    amount = int(Decimal(args.amount) * 100) if args.amount else None
    with session_scope() as session:
        actor = accounts.cli_actor(session, args.as_admin)
        voucher = operator.create_voucher(
            session,
            code=args.code,
            percent=args.percent,
            amount_minor=amount,
            currency=args.currency,
            max_uses=args.max_uses,
            expires=args.expires,
            offering_slug=args.offering,
            university_slug=args.university,
            actor=actor,
        )
    print(f"Voucher {voucher.code} created ({voucher.scope}).")
    return 0


def _vouchers(_args: argparse.Namespace) -> int:
    with session_scope() as session:
        lines = operator.voucher_lines(session)
    for v in lines:
        discount = (
            f"{v.percent_off} %"
            if v.kind == "percent"
            else format_money(v.amount_off_minor or 0, v.currency or "PLN", "en")
        )
        scope = "all" if v.scope == "all" else f"{v.scope} {v.scope_name}"
        uses = f"{v.used}/{v.max_uses}" if v.max_uses is not None else f"{v.used}"
        expires = v.expires_at.date().isoformat() if v.expires_at else "never"
        print(f"{v.code} | {discount} | {scope} | used {uses} | expires {expires} | {v.state}")
    if not lines:
        print("No vouchers.")
    return 0


def _voucher_disable(args: argparse.Namespace) -> int:
    with session_scope() as session:
        code = operator.withdraw_voucher(
            session, args.code, accounts.cli_actor(session, args.as_admin)
        )
    print(f"Voucher {code} disabled: checkout refuses it from now on.")
    return 0


def _worker(args: argparse.Namespace) -> int:
    """Process the outbox: once, or forever with a short sleep between empty polls."""

    listener = Listener(get_settings().database_url)
    # PostgreSQL wakes the worker by NOTIFY, so it only polls for the time-based chores;
    # SQLite cannot tell another process, so there the worker polls on a short interval.
    interval = args.interval or (5.0 if listener.hears_other_processes else 1.0)
    try:
        while True:
            done = worker.tick()
            if args.once:
                total = done
                while done:
                    done = process_outbox()
                    total += done
                print(f"Processed {total} outbox message(s).")
                return 0
            if done == 0:
                listener.wait(interval)
    finally:
        listener.close()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="microcred", description=__doc__)
    parser.add_argument(
        "--as",
        dest="as_admin",
        metavar="EMAIL",
        help="record changes in the audit log as this platform admin (default: your OS login)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    db = sub.add_parser("db", help="database schema")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("upgrade", help="apply all migrations").set_defaults(func=_db_upgrade)

    seed = sub.add_parser("seed", help="load demo or synthetic data")
    seed.add_argument("--demo", action="store_true", help="universities, courses, qualifications")
    seed.add_argument("--if-empty", action="store_true", help="demo data only on an empty db")
    seed.add_argument("--synthetic", type=int, default=0, metavar="N", help="N fake offerings")
    seed.set_defaults(func=_seed)

    admin = sub.add_parser("admin", help="platform operators")
    admin_sub = admin.add_subparsers(dest="admin_command", required=True)
    create = admin_sub.add_parser("create", help="make EMAIL a platform admin")
    create.add_argument("email")
    create.set_defaults(func=_admin_create)

    staff = sub.add_parser("staff", help="university staff")
    staff_sub = staff.add_subparsers(dest="staff_command", required=True)
    invite = staff_sub.add_parser(
        "invite", help="invite EMAIL to a university's team (e.g. its first owner); needs --as"
    )
    invite.add_argument("university", help="slug")
    invite.add_argument("email")
    invite.add_argument("--role", default="owner", choices=("owner", "editor", "assessor"))
    invite.add_argument("--lang", default=default_language(), choices=languages())
    invite.set_defaults(func=_staff_invite)

    fee = sub.add_parser("fee", help="set the platform fee (operator)")
    fee.add_argument("percent", help="e.g. 10 or 12.5")
    fee.add_argument("--university", help="override for one university (slug)")
    fee.set_defaults(func=_fee)

    connect = sub.add_parser(
        "connect",
        help="set a university's existing Stripe connected account (owners usually "
        "onboard from their payments page)",
    )
    connect.add_argument("university")
    connect.add_argument("account", help="acct_...")
    connect.set_defaults(func=_connect)

    voucher = sub.add_parser("voucher", help="create a voucher code (operator)")
    voucher.add_argument("code")
    voucher.add_argument("--percent", type=int)
    voucher.add_argument("--amount", help="fixed amount in major units, e.g. 100.00")
    voucher.add_argument("--currency", choices=("PLN", "EUR"))
    voucher.add_argument("--max-uses", dest="max_uses", type=int)
    voucher.add_argument("--expires", help="YYYY-MM-DD")
    voucher.add_argument("--offering", help="only this offering (slug)")
    voucher.add_argument("--university", help="only this university (slug)")
    voucher.set_defaults(func=_voucher)
    sub.add_parser("vouchers", help="list the vouchers (operator)").set_defaults(func=_vouchers)
    disable = sub.add_parser("voucher-disable", help="disable a voucher code (operator)")
    disable.add_argument("code")
    disable.set_defaults(func=_voucher_disable)

    worker = sub.add_parser("worker", help="process the outbox: mail, refunds, credentials")
    worker.add_argument("--once", action="store_true", help="process what is pending and exit")
    worker.add_argument(
        "--interval",
        type=float,
        default=None,
        help="seconds between polls when idle (default: 5 on PostgreSQL, woken by NOTIFY; 1 on SQLite)",
    )
    worker.set_defaults(func=_worker)

    search = sub.add_parser("search", help="search the catalogue as the page does")
    search.add_argument("query", nargs="?", default="")
    search.add_argument("--eqf", action="append")
    search.add_argument("--country", action="append")
    search.add_argument("--university", action="append")
    search.add_argument("--language", action="append")
    search.add_argument("--form", action="append")
    search.add_argument("--assessment", action="append")
    search.add_argument("--currency")
    search.add_argument("--ects-min", dest="ects_min")
    search.add_argument("--ects-max", dest="ects_max")
    search.add_argument("--price-min", dest="price_min")
    search.add_argument("--price-max", dest="price_max")
    search.add_argument("--sort")
    search.add_argument("--page")
    search.add_argument("--per-page", dest="per_page")
    search.add_argument("--lang", default=default_language(), choices=languages())
    search.add_argument("--json", action="store_true", help="print the API's JSON")
    search.set_defaults(func=_search)

    add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    wiring.wire()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "seed" and not (args.demo or args.synthetic or args.if_empty):
        parser.error("seed needs --demo, --if-empty or --synthetic N")
    try:
        return int(args.func(args) or 0)
    except DomainError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
