"""`microcred credential ...` and `microcred keys ...`: verify, demo, rotate, withdraw.

`credential verify` exits 0 when the credential is valid, 1 when it is invalid, revoked,
suspended or its status cannot be confirmed, and 2 when the file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from microcred_market.accounts import service as accounts
from microcred_market.accounts.models import User
from microcred_market.assessments import decisions
from microcred_market.assessments.models import Assessment
from microcred_market.catalogue import seed
from microcred_market.catalogue.models import Offering, University
from microcred_market.credentials import issuing
from microcred_market.credentials.sources import LocalSources
from microcred_market.orders.models import Enrolment
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import get_engine, saved_id, session_scope
from microcred_market.platform.migrations import upgrade
from microcred_market.vc import bake
from microcred_market.vc.contexts import all_contexts, microcred_context
from microcred_market.vc.did import resolution_documents
from microcred_market.vc.verify import NetworkSources, Verification, verify

EXIT_VALID, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2
VERDICT_WORDS = {
    "valid": "VALID",
    "invalid": "NOT VALID",
    "revoked": "REVOKED by the issuer",
    "suspended": "SUSPENDED by the issuer",
    "status_unknown": "STATUS UNKNOWN: cannot confirm it was not revoked",
}
MARKS = {"pass": "ok", "fail": "FAILED", "unknown": "unknown", "skipped": "skipped"}


class MapSources(NetworkSources):
    """DID documents and status lists from a file (url -> document) before the network."""

    def __init__(self, documents: dict[str, Any], fallback: NetworkSources | None = None) -> None:
        self.documents = documents
        self.fallback = fallback or NetworkSources()

    def did_document(self, did: str) -> dict[str, Any]:
        found = self.documents.get(did)
        return found if isinstance(found, dict) else self.fallback.did_document(did)

    def status_list(self, url: str) -> dict[str, Any]:
        found = self.documents.get(url)
        return found if isinstance(found, dict) else self.fallback.status_list(url)

    def companion_entries(self, entry: dict[str, Any]) -> list[dict[str, Any]]:
        return self.fallback.companion_entries(entry)


def _read_input(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read(5_000_001)
    return Path(path).read_bytes()


def _sources(documents_path: str | None) -> tuple[NetworkSources, Any]:
    """Our own database when it is there (our issuers answer locally), else the network."""
    base: NetworkSources = NetworkSources()
    session = None
    try:
        session = Session(get_engine())
        session.execute(sa.text("SELECT 1 FROM credential LIMIT 1")).all()
        base = LocalSources(session)
    except Exception:  # no database here: a verifier on someone else's machine
        if session is not None:
            session.close()
        session = None
    if documents_path:
        documents = json.loads(Path(documents_path).read_text())
        return MapSources(documents, base), session
    return base, session


def _print_human(result: Verification) -> None:
    facts = result.facts
    print(VERDICT_WORDS.get(result.verdict, result.verdict))
    if facts.get("title"):
        print(f"  {facts['title']}")
        print(
            f"  issued by {facts.get('issuer_name') or facts.get('issuer_id')}"
            f" ({facts.get('issuer_country') or '?'}) to {facts.get('learner_name') or '?'}"
            f" on {facts.get('issued') or '?'}"
        )
        level = f"EQF {facts['eqf_level']}" if facts.get("eqf_level") else ""
        ects = f"{facts['ects']} ECTS" if facts.get("ects") else ""
        if level or ects:
            print("  " + ", ".join(x for x in (level, ects) if x))
    for check in result.checks:
        print(f"  [{MARKS.get(check.status, check.status)}] {check.name}: {check.message}")


def credential_verify(args: argparse.Namespace) -> int:

    try:
        data = _read_input(args.file)
        document = bake.unbake(data)
    except (OSError, ValueError) as error:
        message = getattr(error, "strerror", None) or str(error)
        if args.json:
            print(json.dumps({"verdict": "unreadable", "valid": False, "message": message}))
        else:
            print(f"CANNOT READ {args.file}: {message}", file=sys.stderr)
        return EXIT_UNREADABLE
    sources, session = _sources(args.documents)
    try:
        result = verify(document, sources)
    finally:
        if session is not None:
            session.close()
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print_human(result)
    return EXIT_VALID if result.valid else EXIT_INVALID


def credential_demo(args: argparse.Namespace) -> int:
    """Issue a sample through the real path in a throwaway database and write it out."""

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite:///{scratch}/demo.db"
        with get_engine(url).connect() as connection:
            upgrade(connection)
            connection.commit()
        with session_scope(url) as session:
            seed.seed_demo(session)
            offering = session.exec(select(Offering).order_by(col(Offering.id))).first()
            university = session.get(University, offering.university_id) if offering else None
            if offering is None or university is None:
                raise RuntimeError("the demo catalogue has no offering to issue for")
            # Its own issuer, so a sample is never mistaken for a real university's.
            university.slug = "sample-university"
            university.name = f"Sample University (demo of {university.name})"
            session.add(university)
            # The sample is assessed now, by one assessor's decision: its own first
            # assessment version, whatever the demo catalogue planned for the course.
            offering.start_date = None
            session.add(offering)
            for planned in session.exec(
                select(Assessment).where(Assessment.offering_id == offering.id)
            ).all():
                planned.status = "retired"
                session.add(planned)
            session.flush()
            learner = User(
                email="demo.learner@example.org",
                display_name="Maria Skłodowska",
                email_verified_at=utcnow(),
            )
            session.add(learner)
            session.flush()
            enrolment = Enrolment(user_id=saved_id(learner), offering_id=saved_id(offering))
            session.add(enrolment)
            session.flush()
            prepared = decisions.prepare(session, enrolment, grade="92", passed=True)
            decisions.record(session, prepared, passed=True, actor_user_id=None)
            row = issuing.issue_for_enrolment(session, saved_id(enrolment), suite=args.suite)
            credential = issuing.document_of(row)
            did_document = issuing.did_document(session, university.slug)
            if did_document is None:
                raise RuntimeError("the sample university has no DID document")
            lists = {
                purpose: issuing.status_list_credential(session, university.slug, purpose, 1)
                for purpose in ("revocation", "suspension")
            }
        get_engine(url).dispose()
    documents = _documents(did_document, lists)
    _write(out / "credential.json", credential)
    _write(out / "did.json", did_document)
    for purpose, listing in lists.items():
        _write(out / f"status-{purpose}.json", listing)
    _write(out / "documents.json", documents)

    _write(out / "microcred-v1.json", microcred_context(1))
    _write(out / "microcred-v2.json", microcred_context(2))
    print(f"Wrote a {args.suite} credential issued by {did_document['id']} to {out}/:")
    print("  credential.json, did.json, status-revocation.json, status-suspension.json,")
    print("  microcred-v1.json and -v2.json (our context), documents.json (every URL -> document).")
    print(
        f"Check it: microcred credential verify {out}/credential.json "
        f"--documents {out}/documents.json"
    )
    return 0


def _documents(did_document: dict[str, Any], lists: dict[str, Any]) -> dict[str, Any]:

    documents: dict[str, Any] = {**all_contexts(), **resolution_documents(did_document)}
    for listing in lists.values():
        documents[listing["id"]] = listing
    return documents


def _write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def keys_rotate(args: argparse.Namespace) -> int:

    with session_scope() as session:
        key = issuing.rotate_key(
            session, args.university, accounts.cli_actor(session, args.as_admin)
        )
        print(
            f"{args.university}: new credentials are signed with {key.key_id}; "
            "earlier keys stay listed, so what they signed still verifies."
        )
    return 0


def keys_withdraw(args: argparse.Namespace) -> int:

    with session_scope() as session:
        issuing.withdraw_key(
            session, args.university, args.key, accounts.cli_actor(session, args.as_admin)
        )
    print(f"{args.university}: {args.key} withdrawn; credentials it signed no longer verify.")
    return 0


def add_parsers(sub: Any) -> None:
    credential = sub.add_parser("credential", help="verify or make sample credentials")
    cred_sub = credential.add_subparsers(dest="credential_command", required=True)
    check = cred_sub.add_parser("verify", help="verify FILE (JSON, baked PNG or SVG; - for stdin)")
    check.add_argument("file")
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.add_argument(
        "--documents", help="JSON file mapping URLs/DIDs to documents (offline checking)"
    )
    check.set_defaults(func=credential_verify)
    demo = cred_sub.add_parser("demo", help="write a freshly issued sample credential")
    demo.add_argument("--out", required=True, help="directory to write into")
    demo.add_argument(
        "--suite", default="eddsa-rdfc-2022", choices=("eddsa-rdfc-2022", "eddsa-jcs-2022")
    )
    demo.set_defaults(func=credential_demo)

    keys = sub.add_parser("keys", help="universities' signing keys")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    rotate = keys_sub.add_parser("rotate", help="start signing with a new key")
    rotate.add_argument("--university", required=True, help="slug")
    rotate.set_defaults(func=keys_rotate)
    withdraw = keys_sub.add_parser("withdraw", help="drop a compromised key from the DID document")
    withdraw.add_argument("--university", required=True, help="slug")
    withdraw.add_argument("--key", required=True, help="key id, e.g. key-1")
    withdraw.set_defaults(func=keys_withdraw)
