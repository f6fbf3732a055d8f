"""The in-process outbox runner: mail, refunds and credentials without a separate worker.

On by default so that `make run` issues credentials on its own; production may turn it
off (INPROCESS_WORKER=0) and run `microcred worker` processes instead. Form posts also
kick the outbox right after their response; this loop catches what they leave (a
restart, a retry after a mail server was down).
"""

from __future__ import annotations

import asyncio
import logging

from microcred_market.assessments import attempts
from microcred_market.orders import cohorts
from microcred_market.orders import service as orders
from microcred_market.platform.db import session_scope
from microcred_market.platform.outbox import process_outbox
from microcred_market.platform.wakeup import Listener
from microcred_market.settings import get_settings

log = logging.getLogger("microcred.background")
# The time-based chores (seat holds, quiz deadlines) run at least this often; new outbox
# work wakes the loop at once (see platform/wakeup.py).
INTERVAL_SECONDS = 5.0


def tick() -> int:
    """Release expired seat holds, close quiz attempts whose time ran out (a learner who
    never came back is submitted with what was saved, at the deadline), then handle what
    the outbox holds; returns how many.

    The caller has wired the process (`wiring.wire()`): the Reflex app module for the
    in-process loop, the `microcred worker` command otherwise.
    """
    with session_scope() as session:
        orders.expire_holds(session)
        cohorts.expire_offers(session)
    with session_scope() as session:
        closed = attempts.close_overdue(session)
    return closed + process_outbox()


async def outbox_loop() -> None:
    settings = get_settings()
    if not settings.inprocess_worker:
        return
    listener = Listener(settings.database_url)
    try:
        while True:
            try:
                done = await asyncio.to_thread(tick)
            except Exception:  # a database hiccup must not end the loop
                log.exception("in-process outbox run failed")
                done = 0
            if not done:
                await asyncio.to_thread(listener.wait, INTERVAL_SECONDS)
    finally:
        listener.close()
