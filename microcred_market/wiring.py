"""The one registration point: everything that connects the capabilities is listed here.

Capabilities never call upward. Where a lower layer must reach a higher one (the outbox
worker running an order's refund, "download my data" collecting credentials), the
lower layer offers a registry and this module fills it. A process calls `wire()` once
at start (the Reflex app module, the `microcred` command; the tests in conftest), before
any outbox message is handled.

A new capability adds its lines here: its outbox handlers, its exporter and eraser for
personal data, its API routes and its page folder. Its permissions go into the one
table in `accounts/authz.py`. See ARCHITECTURE.md.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.routing import BaseRoute

from microcred_market.accounts import personal_data
from microcred_market.accounts import service as accounts
from microcred_market.analytics import cells as analytics_cells
from microcred_market.api import analytics as analytics_routes
from microcred_market.api import app as api_app
from microcred_market.api import assessments as assessment_routes
from microcred_market.api import auth as auth_routes
from microcred_market.api import authoring as authoring_routes
from microcred_market.api import bulk as bulk_routes
from microcred_market.api import credentials as credential_routes
from microcred_market.api import oidc as oidc_routes
from microcred_market.api import operator as operator_routes
from microcred_market.api import page_head as page_head_routes
from microcred_market.api import payments as payment_routes
from microcred_market.api import portal as portal_routes
from microcred_market.api import stripe_webhook as stripe_routes
from microcred_market.catalogue import facet_cache
from microcred_market.credentials import external as external_credentials
from microcred_market.credentials import issuing
from microcred_market.credentials import personal_data as credential_data
from microcred_market.credentials import refunds as credential_refunds
from microcred_market.orders import cohorts
from microcred_market.orders import handlers as order_handlers
from microcred_market.orders import service as order_service
from microcred_market.platform import logs, mail, outbox, urls, wakeup
from microcred_market.settings import get_settings
from microcred_market.stacking import goals, recognition
from microcred_market.stacking import service as stacking
from microcred_market.vc import contexts, safe_fetch, sandbox

if TYPE_CHECKING:
    import reflex as rx

_LOCK = threading.Lock()
_wired = False


def _verifier_trusted_hosts() -> tuple[str, ...]:
    return get_settings().verifier_trusted_hosts


def wire() -> None:
    """Fill every registry; safe to call again (it runs once per process)."""
    global _wired
    with _LOCK:
        if _wired:
            return
        logs.configure()  # our log lines (and offline mail) reach the terminal
        wakeup.install()  # a commit with outbox rows wakes the worker
        analytics_cells.install()  # a commit that changes a figure notes its cells
        facet_cache.install()  # a change a facet reads moves the stamp its counts keep
        # Outbox: what happens after a commit.
        outbox.register_sender(
            mail.MAIL_KIND,
            mail.send_mail_batch,
            prepare=mail.prepare_mail_batch,
            keep=mail.kept_after_sending,
            keep_dead=mail.kept_when_dead,
        )
        # One-time links in mail are minted when the mail is sent, never stored.
        mail.register_link_minter(accounts.EMAIL_LINK, accounts.mint_email_link)
        mail.register_link_minter(accounts.INVITATION_LINK, accounts.mint_invitation_link)
        for kind, handler in order_handlers.HANDLERS.items():
            outbox.register(kind, handler)
        # A freed seat moves the waiting list up; a message to a cohort fans out.
        for kind, handler in cohorts.HANDLERS.items():
            outbox.register(kind, handler)
        outbox.register(issuing.ISSUE_KIND, issuing.handle_issue)
        outbox.register_batch(issuing.ISSUE_KIND, issuing.handle_issue_batch)
        # Inside the refund's own transaction: what it does to an assessed credential.
        order_service.on_refund(credential_refunds.after_refund)
        # Stacking judges a learner again after any of their credentials changed.
        issuing.on_change(stacking.queue_check)
        outbox.register(stacking.CHECK_KIND, stacking.handle_check)
        outbox.register(stacking.AWARD_KIND, stacking.handle_award)
        # Credentials from elsewhere count once the awarding university recognised them.
        stacking.credential_source(recognition.recognised_credentials)
        # The VC library knows no settings: where our context is published and which
        # private hosts its fetcher may reach.
        contexts.publish_local_context_at(urls.public_base)
        safe_fetch.trust_hosts(_verifier_trusted_hosts)
        # Personal data: "download my data" and "delete my account".
        personal_data.register_exporter("credentials", credential_data.export_credentials)
        personal_data.register_exporter(
            "external_credentials", external_credentials.export_external
        )
        personal_data.register_exporter("recognition", recognition.export_recognition)
        personal_data.register_eraser("recognition", recognition.erase_recognition)
        personal_data.register_exporter("goals", goals.export_goals)
        personal_data.register_eraser("goals", goals.erase_goals)
        personal_data.register_eraser("external_credentials", external_credentials.erase_external)
        _wired = True


# The JSON API and form posts, in matching order (Starlette takes the first match).
API_ROUTES: Sequence[BaseRoute] = (
    *api_app.ROUTES,
    *auth_routes.ROUTES,
    *credential_routes.ROUTES,
    *authoring_routes.ROUTES,
    *oidc_routes.ROUTES,
    *stripe_routes.ROUTES,
    *payment_routes.ROUTES,
    *assessment_routes.ROUTES,
    *portal_routes.ROUTES,
    *bulk_routes.ROUTES,
    *page_head_routes.ROUTES,
    *analytics_routes.ROUTES,
    *operator_routes.ROUTES,
)


def build_api() -> Starlette:
    """The Starlette app that Reflex mounts beside its own backend."""
    wire()
    # The verifier's canonicalisation workers, started before the first credential
    # arrives (only the web process verifies strangers' credentials).
    sandbox.POOL.warm()
    return api_app.build_api(API_ROUTES)


def add_pages(app: rx.App) -> None:
    """Register every page with the Reflex app (pages register on import, by `@rx.page`)."""
    # Imported here, not at the top: the pages pull in Reflex and every component, which
    # only the web process needs; the command line and the worker wire the rest without.
    from microcred_market.ui.i18n import page_title
    from microcred_market.ui.pages import not_found
    from microcred_market.ui.pages.accounts import (  # noqa: F401
        account,
        audit,
        joining,
        mail_sent,
        sign_in,
        universities,
    )
    from microcred_market.ui.pages.analytics import staff_analytics  # noqa: F401
    from microcred_market.ui.pages.assessments import (  # noqa: F401
        accommodations,
        builder,
        my_results,
        overview,
        release,
        review_item,
        review_queue,
        sittings,
        staff_appeals,
        take,
        work,
    )
    from microcred_market.ui.pages.catalogue import (  # noqa: F401
        home,
        offering,
        offering_editor,
        offering_preview,
        qualification,
        search,
        staff_import,
        staff_offerings,
        university,
    )
    from microcred_market.ui.pages.credentials import (  # noqa: F401
        shared,
        staff_exports,
        staff_learners,
        wallet,
    )
    from microcred_market.ui.pages.credentials.verify import page as verify_page  # noqa: F401
    from microcred_market.ui.pages.orders import (  # noqa: F401
        cohorts,
        cohorts_index,
        fees,
        learning,
        payments,
        staff,
        vouchers,
    )
    from microcred_market.ui.pages.stacking import (  # noqa: F401
        dashboard,
        recognition_queue,
        staff_rules,
    )

    app.add_page(not_found.not_found_page, route="404", title=page_title("not-found"))
