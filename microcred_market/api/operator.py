"""The operator console's form posts: retrying dead outbox messages, the platform fee and
vouchers. Each hands the signed-in principal to a service, which checks the one
permission table and writes the audit row; each answers with a redirect to its page and
a flash message.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import Route

from microcred_market.accounts import console
from microcred_market.api.deps import Call, form_post, with_outbox

OUTBOX_PAGE = "/admin/outbox"


@form_post(OUTBOX_PAGE)
def retry_message(call: Call) -> Response:
    console.retry_message(call.session, call.principal, str(call.path["uuid"])[:64])
    # Sent right after the answer by this process; other workers are woken by the commit.
    return with_outbox(call.to_page(OUTBOX_PAGE, "success", "api.outbox_retried"))


ROUTES = [
    Route("/api/admin/outbox/{uuid}/retry", retry_message, methods=["POST"]),
]
