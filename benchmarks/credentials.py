"""Signing and verification rates, ours beside digitalbazaar's, and a 10,000-learner cohort.

1. Sign and verify one full OB 3.0 micro-credential (the one the service issues) with
   eddsa-rdfc-2022 and eddsa-jcs-2022: our Python code, then the npm @digitalbazaar/vc
   stack on the same credential in the same run (node, contexts loaded offline).
2. A cohort: N learners passed at once (N outbox rows written in one transaction), then
   the outbox worker issues every credential. Timed on SQLite (a temporary file) and on
   PostgreSQL (its own database, dropped afterwards), with 1 worker or several.

    .venv/bin/python -m benchmarks.credentials                    # about 3-5 minutes
    .venv/bin/python -m benchmarks.credentials --cohort 2000 --no-postgres --json
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from microcred_market.platform import dbadmin, migrations  # noqa: E402
from microcred_market.platform.db import get_engine, reset_engine, session_scope  # noqa: E402
from microcred_market.settings import reset_settings_cache  # noqa: E402

AIM_SECONDS = 60.0


def _use_database(url: str, data_dir: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DATA_DIR"] = data_dir
    os.environ.pop("SMTP_URL", None)  # mail stays in the outbox log
    reset_settings_cache()
    reset_engine()


def sample_credential() -> tuple[dict[str, Any], bytes, str, dict[str, Any]]:
    """An unsigned credential as the service builds it, a key, and every document for JS."""
    import nacl.signing

    from microcred_market.platform.clock import utcnow
    from microcred_market.vc import contexts, did, multikey, ob3

    key = nacl.signing.SigningKey(b"\x07" * 32)
    public = multikey.encode_public(bytes(key.verify_key))
    issuer = did.issuer_did("https://microcred.example", "bench-university")
    document = ob3.build_credential(
        credential_id="urn:uuid:0c8b7a44-1c0e-4e4e-9d5c-6f7a5e1b2c3d",
        issuer=ob3.IssuerFacts(issuer, "Bench University", "https://bench.example", "PL", "Poland"),
        achievement_facts=ob3.AchievementFacts(
            url="https://microcred.example/offerings/bench",
            title="Analiza danych w Pythonie",
            description="Clean, analyse and chart real data with pandas.",
            learning_outcomes=["Cleans a CSV file", "Joins tables", "Draws a readable chart"],
            ects=Decimal("2.5"),
            eqf_level=5,
            language="pl",
            assessment_type="project",
            participation_form="online",
            quality_assurance="Internal QA, accredited by PKA",
            esco_skills=[{"uri": "http://data.europa.eu/esco/skill/python", "label": "Python"}],
            nqf_level=5,
            nqf_framework="PRK",
            prerequisites="Spreadsheets",
            supervision="supervised-online-id",
            part_of=["https://microcred.example/qualifications/data"],
        ),
        learner=ob3.LearnerFacts(
            "urn:uuid:5e0b3a4c-1111-4222-8333-944455556666", "Jan Nowak", "j@x.pl"
        ),
        issued_at=utcnow(),
        context_url=contexts.microcred_context_url(),
        grade="88",
    )
    did_document = did.did_document(issuer, [did.PublicKey("key-1", public)])
    documents = {**contexts.all_contexts(), **did.resolution_documents(did_document)}
    return document, bytes(key), f"{issuer}#key-1", documents


def rates(n: int) -> dict[str, Any]:
    from microcred_market.vc import did, multikey, proofs

    document, seed, method, documents = sample_credential()
    did_document = documents[method.split("#")[0]]
    signer = proofs.Signer(method, seed)
    found: dict[str, Any] = {"python": {}, "js": None}
    for suite, name in ((proofs.RDFC, "rdfc"), (proofs.JCS, "jcs")):
        proofs.sign(document, signer, suite)  # warm caches (contexts, JIT-less but fair)
        start = time.perf_counter()
        for _ in range(n):
            signed = proofs.sign(document, signer, suite)
        sign_s = time.perf_counter() - start
        proof = signed["proof"][0]
        start = time.perf_counter()
        for _ in range(n):
            proofs.verify_proof(signed, proof, lambda m: did.assertion_key(did_document, m))
        verify_s = time.perf_counter() - start
        found["python"][name] = {"sign_per_s": n / sign_s, "verify_per_s": n / verify_s}
    try:
        from tests.support.js_verifier import js_bench

        found["js"] = js_bench(
            document, documents, multikey.encode_private(seed), method, n=n, timeout=900
        )
    except Exception as error:  # node or its packages missing: say so, keep the rest
        found["js_error"] = f"{type(error).__name__}: {error}"
    return found


def _prepare_cohort(url: str, learners: int) -> None:
    from microcred_market.accounts.models import User
    from microcred_market.catalogue.models import Offering, University
    from microcred_market.credentials import issuing
    from microcred_market.orders.models import Enrolment
    from microcred_market.platform.clock import utcnow

    with get_engine(url).connect() as connection:
        migrations.upgrade(connection)
        connection.commit()
    with session_scope(url) as session:
        uni = University(
            slug="bench-uni",
            name="Bench University",
            country_code="PL",
            city="Gdańsk",
            website="https://bench.example",
            quality_assurance="Internal QA",
            approved=True,
        )
        session.add(uni)
        session.flush()
        offering = Offering(
            slug="bench-course",
            university_id=uni.id,
            title="Bench course",
            learning_outcomes=["One", "Two"],
            ects=Decimal("2.5"),
            eqf_level=5,
            status="published",
        )
        session.add(offering)
        session.flush()
        now = utcnow()
        session.execute(
            sa.insert(User),
            [
                {
                    "email": f"l{i}@bench.test",
                    "display_name": f"Learner {i}",
                    "email_verified_at": now,
                }
                for i in range(learners)
            ],
        )
        user_ids = session.execute(sa.select(User.id)).scalars().all()
        session.execute(
            sa.insert(Enrolment),
            [{"user_id": uid, "offering_id": offering.id} for uid in user_ids],
        )
        for enrolment in session.exec(sa.select(Enrolment)).scalars():  # type: ignore[call-overload]
            issuing.record_pass(session, enrolment, grade="80", actor_user_id=None)


def _count(url: str) -> int:
    from microcred_market.credentials.models import IssuedCredential

    with session_scope(url) as session:
        return session.execute(
            sa.select(sa.func.count(sa.distinct(IssuedCredential.enrolment_id)))
        ).scalar_one()


def cohort(url: str, learners: int, workers: int, data_dir: str) -> dict[str, Any]:
    _use_database(url, data_dir)
    start = time.perf_counter()
    _prepare_cohort(url, learners)
    pass_s = time.perf_counter() - start
    start = time.perf_counter()
    credentials_s = None
    if workers == 1:
        from microcred_market.platform.outbox import process_outbox

        while process_outbox(url, limit=250):
            if credentials_s is None and _count(url) == learners:
                credentials_s = time.perf_counter() - start
    else:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        command = [sys.executable, "-m", "microcred_market.cli", "worker", "--once"]
        procs = [
            subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL) for _ in range(workers)
        ]
        for proc in procs:
            proc.wait()
    issue_s = time.perf_counter() - start
    issued = _count(url)
    reset_engine()
    return {
        "learners": learners,
        "workers": workers,
        "pass_seconds": pass_s,
        # until the last credential was signed and stored (1 worker: measured between
        # outbox runs of 250 messages), and until the outbox was empty (the e-mails too)
        "credentials_seconds": credentials_s,
        "issue_seconds": issue_s,
        "issued": issued,
        "exactly_one_each": issued == learners,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="signatures/verifications per suite")
    parser.add_argument("--cohort", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-rates", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures: dict[str, Any] = {}
    if not args.no_rates:
        figures["rates"] = rates(args.n)
    with tempfile.TemporaryDirectory() as scratch:
        if not args.no_sqlite:
            figures["sqlite"] = cohort(
                f"sqlite:///{scratch}/bench.db", args.cohort, args.workers, scratch
            )
        if not args.no_postgres:
            if dbadmin.postgres_available():
                url = dbadmin.create_postgres_database("microcred_bench")
                try:
                    figures["postgres"] = cohort(url, args.cohort, args.workers, scratch)
                finally:
                    reset_engine()
                    dbadmin.drop_postgres_database(url)
            else:
                figures["postgres"] = "PostgreSQL at 127.0.0.1:5432 did not answer"
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        _print(figures)
    return 0


def _print(figures: dict[str, Any]) -> None:
    if "rates" in figures:
        r = figures["rates"]
        print("Signing and verifying one OB 3.0 micro-credential (per second):")
        print(
            f"  {'suite':<6} {'ours sign':>10} {'ours verify':>12} {'JS sign':>9} {'JS verify':>10}"
            f" {'sign ratio':>11} {'verify ratio':>13}"
        )
        for suite in ("rdfc", "jcs"):
            ours = r["python"][suite]
            js = (r.get("js") or {}).get(suite)
            row = f"  {suite:<6} {ours['sign_per_s']:>10.0f} {ours['verify_per_s']:>12.0f}"
            if js:
                row += (
                    f" {js['sign_per_s']:>9.0f} {js['verify_per_s']:>10.0f}"
                    f" {ours['sign_per_s'] / js['sign_per_s']:>11.2f}"
                    f" {ours['verify_per_s'] / js['verify_per_s']:>13.2f}"
                )
            print(row)
        if "js_error" in r:
            print(f"  (JS stack not measured: {r['js_error']})")
        print("  ratio = ours / digitalbazaar; above 1 means we are faster")
    for engine in ("sqlite", "postgres"):
        c = figures.get(engine)
        if c is None:
            continue
        if isinstance(c, str):
            print(f"{engine}: {c}")
            continue
        issued_in = c["credentials_seconds"] or c["issue_seconds"]
        verdict = "within" if issued_in <= AIM_SECONDS else "OVER"
        print(
            f"{engine}: {c['learners']} learners, {c['workers']} worker(s): passing took "
            f"{c['pass_seconds']:.1f} s; every credential issued after {issued_in:.1f} s "
            f"({verdict} the {AIM_SECONDS:.0f} s aim); outbox empty (mails too) after "
            f"{c['issue_seconds']:.1f} s; exactly one credential each: {c['exactly_one_each']}"
        )


if __name__ == "__main__":
    sys.exit(main())
