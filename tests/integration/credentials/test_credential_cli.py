"""`microcred credential verify/demo`, `microcred keys`, and a worker killed mid-cohort."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import select

from microcred_market import cli
from microcred_market.accounts import authz
from microcred_market.assessments import decisions
from microcred_market.credentials import issuing
from microcred_market.credentials.models import IssuedCredential
from microcred_market.platform.db import session_scope
from microcred_market.platform.models import OutboxMessage
from microcred_market.platform.outbox import process_outbox
from microcred_market.vc import bake
from tests.support.credential_world import make_world

pytestmark = pytest.mark.credentials


def _pass_all(url: str, world) -> None:
    with session_scope(url) as session:
        who = authz.principal_for(session, world.assessor_id)
        for enrolment in world.enrolments:
            decisions.decide(session, principal=who, enrolment_uuid=enrolment, grade="75")


def _issued(url: str) -> tuple[int, int]:
    with session_scope(url) as session:
        total = session.execute(
            sa.select(sa.func.count()).select_from(IssuedCredential)
        ).scalar_one()
        distinct = session.execute(
            sa.select(sa.func.count(sa.distinct(IssuedCredential.enrolment_id)))
        ).scalar_one()
    return total, distinct


@pytest.fixture
def demo_dir(app_env: str, tmp_path: Path, capsys) -> Path:
    out = tmp_path / "demo"
    assert cli.main(["credential", "demo", "--out", str(out)]) == 0
    capsys.readouterr()
    return out


def test_demo_writes_a_credential_that_verifies_offline(demo_dir: Path, capsys) -> None:
    names = {p.name for p in demo_dir.iterdir()}
    assert {"credential.json", "did.json", "documents.json", "status-revocation.json"} <= names
    credential = json.loads((demo_dir / "credential.json").read_text())
    did_document = json.loads((demo_dir / "did.json").read_text())
    assert credential["issuer"]["id"] == did_document["id"]
    code = cli.main(
        [
            "credential",
            "verify",
            str(demo_dir / "credential.json"),
            "--documents",
            str(demo_dir / "documents.json"),
            "--json",
        ]
    )
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and result["verdict"] == "valid"


def test_verify_exit_codes(demo_dir: Path, tmp_path: Path, capsys) -> None:
    documents = str(demo_dir / "documents.json")
    credential = json.loads((demo_dir / "credential.json").read_text())
    credential["credentialSubject"]["achievement"]["creditsAvailable"] = 30
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(credential))
    assert cli.main(["credential", "verify", str(tampered), "--documents", documents]) == 1
    assert "NOT VALID" in capsys.readouterr().out
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert cli.main(["credential", "verify", str(broken)]) == 2
    assert "not JSON" in capsys.readouterr().err
    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * 20_000_000)
    assert cli.main(["credential", "verify", str(huge)]) == 2
    assert cli.main(["credential", "verify", str(tmp_path / "missing.json")]) == 2
    original = json.loads((demo_dir / "credential.json").read_text())
    baked = tmp_path / "badge.png"
    baked.write_bytes(bake.bake_png(bake.badge_image({"title": "Demo"}), original))
    assert cli.main(["credential", "verify", str(baked), "--documents", documents]) == 0


def test_revoked_in_our_database_exits_one_and_rotation_keeps_valid(app_env: str, capsys) -> None:
    world = make_world(app_env, learners=2)
    _pass_all(app_env, world)
    process_outbox(app_env)
    with session_scope(app_env) as session:
        rows = session.exec(select(IssuedCredential).order_by(IssuedCredential.id)).all()
        first, second = (issuing.document_of(r) for r in rows)
        issuing.change_state(
            session,
            principal=authz.principal_for(session, world.assessor_id),
            credential_uuid=str(rows[1].uuid),
            action="revoke",
            reason="Issued to the wrong person",
        )
    path = Path(os.environ["DATA_DIR"])
    (path / "first.json").write_text(json.dumps(first))
    (path / "second.json").write_text(json.dumps(second))
    assert cli.main(["keys", "rotate", "--university", world.slug]) == 0
    assert "key-2" in capsys.readouterr().out
    assert cli.main(["credential", "verify", str(path / "first.json")]) == 0
    assert cli.main(["credential", "verify", str(path / "second.json")]) == 1
    assert "REVOKED" in capsys.readouterr().out
    assert cli.main(["keys", "withdraw", "--university", world.slug, "--key", "key-1"]) == 0
    assert cli.main(["credential", "verify", str(path / "first.json")]) == 1
    assert cli.main(["keys", "rotate", "--university", "no-such-uni"]) == 1


def test_killing_the_worker_mid_cohort_leaves_one_credential_each(app_env: str) -> None:
    learners = 120
    world = make_world(app_env, learners=learners)
    _pass_all(app_env, world)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    command = [sys.executable, "-m", "microcred_market.cli", "worker", "--interval", "0.2"]
    worker = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while _issued(app_env)[0] < 15 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    issued_before, _ = _issued(app_env)
    assert 0 < issued_before < learners, "the worker should die mid-cohort"
    again = subprocess.run([*command[:-2], "--once"], env=env, capture_output=True, timeout=300)
    assert again.returncode == 0, again.stderr
    total, distinct = _issued(app_env)
    assert total == distinct == learners
    with session_scope(app_env) as session:
        pending = session.exec(
            select(OutboxMessage).where(OutboxMessage.processed_at.is_(None))
        ).all()
    assert [m for m in pending if m.kind == issuing.ISSUE_KIND] == []
