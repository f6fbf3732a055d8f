"""A process we start (the app, `microcred worker`) prints our log lines: without
SMTP_URL that is where a newcomer on `make run` finds each mail and its one-time link."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = """
from microcred_market import wiring
from microcred_market.platform.mail import send_mail_batch
wiring.wire()
wiring.wire()  # twice: still one line per mail
send_mail_batch([{"to": "new@example.org", "subject": "Confirm", "body": "Open LINK-123"}])
"""


def test_offline_mail_and_its_link_reach_the_terminal_once(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"SMTP_URL", "DATABASE_URL"}}
    env["DATA_DIR"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if "mail to new@example.org" in line]
    assert len(lines) == 1, done.stderr[-2000:]
    assert "Confirm" in lines[0] and "Open LINK-123" in done.stderr


def test_a_level_set_by_the_host_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    import logging

    from microcred_market.platform import logs

    logger = logging.getLogger(logs.ROOT)
    monkeypatch.setattr(logger, "level", logging.DEBUG)
    logs.configure()
    assert logger.level == logging.DEBUG  # a host asking for more keeps it
