"""The public credential endpoints, POST /api/verify, and the staff and learner form posts."""

from __future__ import annotations

import asyncio
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import nacl.signing
import pytest
from sqlmodel import select

from microcred_market.accounts import service as accounts
from microcred_market.credentials import issuing
from microcred_market.credentials.models import IssuedCredential
from microcred_market.platform import urls
from microcred_market.platform.clock import utcnow
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.platform.models import OutboxMessage
from microcred_market.platform.outbox import process_outbox
from microcred_market.settings import reset_settings_cache
from microcred_market.ui.pages.credentials.verify.check import check_link
from microcred_market.vc import bake, multikey, ob3, proofs, status_list
from microcred_market.vc import did as didlib
from microcred_market.vc.contexts import microcred_context_url
from tests.support.credential_world import World, make_world

pytestmark = pytest.mark.credentials


@pytest.fixture
def world(app_env: str) -> World:
    return make_world(app_env)


def as_user(browser, url: str, user_id: int) -> None:
    with session_scope(url) as session:
        token = accounts.create_session(session, user_id)
    browser.client.cookies.set(SESSION_COOKIE, token)


def issued(browser, world: World, index: int = 0) -> IssuedCredential:
    as_user(browser, world.url, world.assessor_id)
    response = browser.post_form(
        f"/api/enrolments/{world.enrolments[index]}/pass", {"grade": "90", "back": "/"}
    )
    path, flash, _ = browser.landing(response)
    assert flash and flash[0] == "success", flash
    process_outbox(world.url)  # the response's background task did this too; idempotent
    with session_scope(world.url) as session:
        return session.exec(
            select(IssuedCredential).where(IssuedCredential.user_id == world.learners[index])
        ).one()


def test_public_documents_are_served(browser, world: World) -> None:
    row = issued(browser, world)
    did = browser.get(f"/issuers/{world.slug}/did.json")
    assert did.status_code == 200 and did.headers["access-control-allow-origin"] == "*"
    assert did.json()["id"] == urls.issuer_did(world.slug)
    assert did.json()["verificationMethod"][0]["type"] == "Multikey"
    assert didlib.did_web_url(did.json()["id"]).endswith(f"/issuers/{world.slug}/did.json")
    context = browser.get("/contexts/microcred-v1.json")
    assert context.json()["@context"]["@protected"] is True
    assert "recognitionOfPriorLearning" not in context.json()["@context"]  # never changed
    newer = browser.get("/contexts/microcred-v2.json")
    assert newer.json()["@context"]["recognitionOfPriorLearning"]
    assert microcred_context_url().endswith("/contexts/microcred-v2.json")
    listing = browser.get(f"/api/status/{world.slug}/revocation/1")
    assert listing.status_code == 200
    bits = status_list.decode(listing.json()["credentialSubject"]["encodedList"])
    assert len(bits) * 8 == 131_072 and not status_list.bit(bits, row.status_index)
    assert browser.get(f"/api/status/{world.slug}/other/1").status_code == 404
    assert browser.get("/api/status/nope/revocation/1").status_code == 404
    assert browser.get("/issuers/nope/did.json").status_code == 404
    document = browser.get(f"/api/credentials/{row.uuid}.json")
    assert document.json()["id"] == f"urn:uuid:{row.uuid}"
    assert browser.get("/api/credentials/not-a-uuid").status_code == 404


def test_verify_api_takes_json_files_links_and_says_why_not(browser, world: World) -> None:
    row = issued(browser, world)
    browser.client.cookies.clear()  # an employer: no account
    body = row.document.encode()
    direct = browser.client.post(
        "/api/verify", content=body, headers={"content-type": "application/json"}
    )
    assert direct.status_code == 200 and direct.json()["verdict"] == "valid"
    assert direct.json()["facts"]["issuer_name"] == "Uniwersytet Krakowski"
    upload = browser.client.post(
        "/api/verify",
        files={"file": ("badge.png", bake.bake_png(bake.badge_image({}), json.loads(body)))},
    )
    assert upload.json()["verdict"] == "valid"
    link = browser.client.post("/api/verify", json={"url": urls.credential_json(row.uuid)})
    assert link.json()["verdict"] == "valid"
    tampered = json.loads(body)
    tampered["credentialSubject"]["identifier"][-1]["identityHash"] = "Someone Else"
    bad = browser.client.post("/api/verify", json=tampered)
    checks = {c["name"]: c["status"] for c in bad.json()["checks"]}
    assert bad.json()["verdict"] == "invalid" and checks["signature"] == "fail"
    for junk in (b"not json", b"[1,2]", b"\x89PNG\r\n\x1a\nbroken"):
        answer = browser.client.post("/api/verify", content=junk)
        assert answer.status_code == 400 and answer.json()["error"] == "unreadable"
    huge = browser.client.post("/api/verify", content=b" " * 20_000_000)
    assert huge.status_code == 413
    for url in (
        "http://169.254.169.254/latest/meta-data",
        "https://127.0.0.1/credential.json",
        "https://10.1.2.3/c.json",
        "file:///etc/passwd",
    ):
        refused = browser.client.post("/api/verify", json={"url": url})
        assert refused.status_code == 400, url
        assert refused.json()["error"] == "unreachable"


def test_did_web_pointing_inside_is_not_fetched(browser, world: World) -> None:
    key = nacl.signing.SigningKey.generate()
    did = "did:web:127.0.0.1%3A6379:issuers:x"  # our Redis: must never be contacted
    credential = _foreign_credential(did, key, "key-1")
    answer = browser.client.post("/api/verify", json=credential).json()
    checks = {c["name"]: c for c in answer["checks"]}
    assert answer["verdict"] == "invalid"
    assert "private or reserved" in checks["issuer"]["message"]


def _foreign_credential(did: str, key: nacl.signing.SigningKey, key_id: str) -> dict[str, Any]:
    achievement = ob3.AchievementFacts(
        url="https://other.example/courses/1",
        title="Welding basics",
        description="Safe MIG welding.",
        learning_outcomes=["Welds a butt joint"],
        ects=ob3.Decimal(1),
        eqf_level=4,
        language="de",
        assessment_type="practical",
        participation_form="onsite",
        quality_assurance="Chamber of crafts",
    )
    document = ob3.build_credential(
        credential_id="urn:uuid:6f1c7a1e-0000-4000-8000-000000000001",
        issuer=ob3.IssuerFacts(did, "Other Academy", "https://other.example", "DE", "Germany"),
        achievement_facts=achievement,
        learner=ob3.LearnerFacts("urn:uuid:6f1c7a1e-0000-4000-8000-000000000002", "Jo", None),
        issued_at=utcnow(),
        context_url=microcred_context_url(),
    )
    method = f"{did}#{key_id}"
    return proofs.sign(document, proofs.Signer(method, bytes(key)))


class _DidServer(BaseHTTPRequestHandler):
    documents: dict[str, bytes] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server's API)
        body = self.documents.get(self.path)
        self.send_response(200 if body else 404)
        self.send_header("content-type", "application/json")
        self.end_headers()
        self.wfile.write(body or b"{}")

    def log_message(self, *args: Any) -> None:
        pass


def test_credentials_of_other_issuers_verify(browser, world: World, monkeypatch) -> None:
    key = nacl.signing.SigningKey.generate()
    public = multikey.encode_public(bytes(key.verify_key))
    did_key = f"did:key:{public}"
    by_key = _foreign_credential(did_key, key, public)
    assert browser.client.post("/api/verify", json=by_key).json()["verdict"] == "valid"

    server = ThreadingHTTPServer(("127.0.0.1", 0), _DidServer)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        did = f"did:web:127.0.0.1%3A{port}:academy"
        _DidServer.documents = {
            "/academy/did.json": json.dumps(
                didlib.did_document(did, [didlib.PublicKey("key-1", public)])
            ).encode()
        }
        monkeypatch.setenv("VERIFIER_TRUSTED_HOSTS", f"127.0.0.1:{port}")
        reset_settings_cache()
        by_web = _foreign_credential(did, key, "key-1")
        answer = browser.client.post("/api/verify", json=by_web).json()
        assert answer["verdict"] == "valid", answer["checks"]
        impostor = _foreign_credential(did, nacl.signing.SigningKey.generate(), "key-1")
        assert browser.client.post("/api/verify", json=impostor).json()["verdict"] == "invalid"
    finally:
        server.shutdown()


def test_staff_forms_need_the_right_role_and_same_origin(browser, world: World, smtp) -> None:
    row = issued(browser, world)
    as_user(browser, world.url, world.outsider_id)
    refused = browser.post_form(
        f"/api/credentials/{row.uuid}/state", {"action": "revoke", "reason": "x", "back": "/"}
    )
    assert browser.landing(refused)[1][0] == "error"
    as_user(browser, world.url, world.assessor_id)
    cross_site = browser.post_form(
        f"/api/credentials/{row.uuid}/state",
        {"action": "revoke", "reason": "x"},
        origin="https://evil.example",
    )
    assert browser.landing(cross_site)[1][0] == "error"
    no_reason = browser.post_form(f"/api/credentials/{row.uuid}/state", {"action": "revoke"})
    assert "reason" in browser.landing(no_reason)[1][1]
    done = browser.post_form(
        f"/api/credentials/{row.uuid}/state",
        {"action": "revoke", "reason": "Wrong learner", "back": f"/staff/{world.slug}/learners"},
    )
    path, flash, _ = browser.landing(done)
    assert path == f"/staff/{world.slug}/learners" and flash[0] == "success"
    answer = browser.client.post("/api/verify", content=row.document.encode()).json()
    assert answer["verdict"] == "revoked"
    mail = smtp.wait_for(f"learner0@{world.slug}.test", 2)
    assert any("Wrong learner" in m.get_payload() for m in mail)


def test_learner_shares_only_their_own(browser, world: World) -> None:
    row = issued(browser, world)
    as_user(browser, world.url, world.learners[1])
    other = browser.post_form(f"/api/credentials/{row.uuid}/share", {"public": "1"})
    assert browser.landing(other)[1][0] == "error"
    as_user(browser, world.url, world.learners[0])
    mine = browser.post_form(f"/api/credentials/{row.uuid}/share", {"public": "1"})
    assert browser.landing(mine)[1][0] == "success"
    with session_scope(world.url) as session:
        assert session.get(IssuedCredential, row.id).public is True
        kinds = [m.kind for m in session.exec(select(OutboxMessage)).all()]
    assert issuing.ISSUE_KIND in kinds


def test_pdf_and_baked_badge_for_the_owner_or_when_shared(browser, world: World) -> None:
    row = issued(browser, world)
    as_user(browser, world.url, world.learners[0])
    pdf = browser.get(f"/api/credentials/{row.uuid}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    badge = browser.get(f"/api/credentials/{row.uuid}/badge.png")
    assert badge.headers["content-type"] == "image/png"
    assert bake.unbake(badge.content) == json.loads(row.document)
    browser.client.cookies.clear()
    assert browser.get(f"/api/credentials/{row.uuid}/certificate.pdf").status_code == 404
    assert browser.get(f"/api/credentials/{row.uuid}/badge.png").status_code == 404
    with session_scope(world.url) as session:
        issuing.set_public(
            session, user_id=world.learners[0], credential_uuid=str(row.uuid), public=True
        )
    assert browser.get(f"/api/credentials/{row.uuid}/badge.png").status_code == 200


def test_link_verification_is_rate_limited_per_address(browser, world: World) -> None:
    row = issued(browser, world)
    browser.client.cookies.clear()
    link = {"url": "https://127.0.0.1/credential.json"}  # someone else's: we would fetch
    answers = [browser.client.post("/api/verify", json=link).status_code for _ in range(61)]
    assert answers[:60] == [400] * 60  # refused (a private address), but counted
    assert answers[60] == 429
    limited = browser.client.post("/api/verify", json=link)
    assert int(limited.headers["retry-after"]) >= 1
    # Checking a pasted credential costs no fetch and has its own, higher limit.
    assert browser.client.post("/api/verify", content=row.document.encode()).status_code == 200


def test_download_my_data_carries_my_credentials_as_signed(browser, world: World) -> None:
    row = issued(browser, world)
    as_user(browser, world.url, world.learners[0])
    exported = browser.get("/api/me/export").json()
    assert [c["credential"] for c in exported["credentials"]] == [json.loads(row.document)]
    as_user(browser, world.url, world.learners[1])
    assert browser.get("/api/me/export").json()["credentials"] == []


def test_our_own_links_are_not_limited_someone_elses_are(browser, world: World) -> None:
    row = issued(browser, world)
    ours = urls.credential_json(row.uuid)
    # A QR code on a printed certificate, scanned by a whole office behind one address.
    answers = [browser.client.post("/api/verify", json={"url": ours}) for _ in range(70)]
    assert {a.status_code for a in answers} == {200}
    for _ in range(70):
        assert asyncio.run(check_link(ours, "en", "10.9.9.9"))["verdict"] == "valid"
    foreign = "https://127.0.0.1/credential.json"
    views = [asyncio.run(check_link(foreign, "en", "10.9.9.9")) for _ in range(61)]
    assert "Too many attempts" in views[-1]["message"]
    assert "Too many attempts" not in views[0]["message"]
