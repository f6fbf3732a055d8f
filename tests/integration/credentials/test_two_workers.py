"""Scale-out: two `microcred worker` processes drain one cohort together.

2,000 learners here (13 minutes for 10,000 on a loaded 2-core machine is too long for
the suite); `benchmarks/credentials.py --workers 2` drains 10,000 the same way and checks
the same counts.

Each learner gets exactly one credential, both workers take a share (FOR UPDATE SKIP
LOCKED hands them different rows), and the outbox ends empty: nothing lost, nothing
issued twice.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from benchmarks.credentials import _prepare_cohort
from microcred_market.credentials.models import IssuedCredential
from microcred_market.platform.db import reset_engine, session_scope
from microcred_market.platform.models import OutboxMessage
from microcred_market.settings import reset_settings_cache

pytestmark = [pytest.mark.credentials, pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[3]
LEARNERS = 2_000


def test_two_workers_issue_a_cohort_exactly_once(
    empty_postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", empty_postgres_url)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SMTP_URL", raising=False)
    reset_settings_cache()
    reset_engine()
    _prepare_cohort(empty_postgres_url, LEARNERS)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "microcred_market.cli", "worker", "--once"]
    workers = [
        subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    shares = []
    for proc in workers:
        out, _ = proc.communicate(timeout=900)
        assert proc.returncode == 0, out
        shares.append(int(re.search(r"Processed (\d+)", out).group(1)))  # type: ignore[union-attr]
    with session_scope(empty_postgres_url) as session:
        issued = session.execute(
            sa.select(sa.func.count()).select_from(IssuedCredential)
        ).scalar_one()
        learners = session.execute(
            sa.select(sa.func.count(sa.distinct(IssuedCredential.enrolment_id)))
        ).scalar_one()
        left = session.execute(
            sa.select(sa.func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.processed_at.is_(None))  # type: ignore[union-attr]
        ).scalar_one()
    assert (issued, learners) == (LEARNERS, LEARNERS)
    assert left == 0
    assert all(share > 0 for share in shares), f"one worker did all the work: {shares}"
    reset_engine()
