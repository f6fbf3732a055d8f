"""Our log lines reach the terminal or the process's log collector.

Nothing else configures our `microcred.*` loggers: Reflex's servers set up their
own loggers only, so without this every `log.info` of ours (among them, with no
`SMTP_URL`, each mail with its one-time link, which is how a newcomer on `make run`
confirms an address or accepts an invitation) went nowhere.
"""

from __future__ import annotations

import logging
import sys

ROOT = "microcred"  # every logger of ours is "microcred.<part>"
_MARK = "_microcred_handler"


class _Stderr(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is at the time of the record (a test runner or a
    server may swap it after start-up), never to a stream closed since."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass


def configure(level: int = logging.INFO) -> None:
    """Send our loggers' records at `level` and above to stderr, once per process.

    Records still propagate: a host that configures the root logger (pytest's caplog, a
    production log setup) sees them too.
    """
    logger = logging.getLogger(ROOT)
    if logger.level == logging.NOTSET or logger.level > level:
        logger.setLevel(level)
    if any(getattr(h, _MARK, False) for h in logger.handlers):
        return
    handler = _Stderr()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    setattr(handler, _MARK, True)
    logger.addHandler(handler)
