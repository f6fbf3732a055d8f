"""A learner brings credentials from elsewhere into the wallet: kept, judged, re-checked.

On SQLite and PostgreSQL: an OB 3.0 credential from another issuer (did:key), a changed
one, an unsigned claim, an OB 2.0 badge its (loopback) issuer later revokes, limits.
"""

from __future__ import annotations

import copy
import hashlib
import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any

import nacl.signing
import pytest

from microcred_market import wiring
from microcred_market.credentials import external
from microcred_market.credentials.models import ExternalCredential
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.settings import reset_settings_cache
from microcred_market.vc import multikey, ob3, proofs
from microcred_market.vc.contexts import microcred_context_url
from tests.support.credential_world import World, make_world

pytestmark = pytest.mark.credentials


@pytest.fixture
def world(app_env: str) -> World:
    wiring.wire()
    return make_world(app_env, learners=2)


def foreign(key: nacl.signing.SigningKey, email: str | None = None) -> dict[str, Any]:
    public = multikey.encode_public(bytes(key.verify_key))
    did = f"did:key:{public}"
    achievement = ob3.AchievementFacts(
        url="https://other.example/courses/welding",
        title="Welding basics",
        description="Safe MIG welding.",
        learning_outcomes=["Welds a butt joint"],
        ects=ob3.Decimal(2),
        eqf_level=4,
        language="de",
        assessment_type="practical",
        participation_form="onsite",
        quality_assurance="Chamber of crafts",
    )
    document = ob3.build_credential(
        credential_id="urn:uuid:6f1c7a1e-0000-4000-8000-000000000011",
        issuer=ob3.IssuerFacts(did, "Other Academy", "https://other.example", "DE", "Germany"),
        achievement_facts=achievement,
        learner=ob3.LearnerFacts("urn:uuid:6f1c7a1e-0000-4000-8000-000000000012", "Jo", email),
        issued_at=utcnow(),
        context_url=microcred_context_url(),
    )
    return proofs.sign(document, proofs.Signer(f"{did}#{public}", bytes(key)))


def add(world: World, data: bytes | str, learner: int = 0, source: str = "file"):
    raw = data.encode() if isinstance(data, str) else data
    with session_scope(world.url) as session:
        return external.import_bytes(
            session, user_id=world.learners[learner], data=raw, source=source, client="1.2.3.4"
        )


def test_a_credential_from_another_issuer_is_verified_and_counts(world: World) -> None:
    view = add(world, json.dumps(foreign(nacl.signing.SigningKey.generate())))
    assert (view.verdict, view.counts) == ("verified", True)
    assert view.issuer_name == "Other Academy"
    assert view.achievement_name == "Welding basics"
    assert view.ects == "2"
    assert view.format == "vc_2.0"
    with session_scope(world.url) as session:
        assert [v.uuid for v in external.countable(session, user_id=world.learners[0])] == [
            view.uuid
        ]
        assert external.countable(session, user_id=world.learners[1]) == []

    # One that names its learner by e-mail counts only for that learner.
    document = json.dumps(foreign(nacl.signing.SigningKey.generate(), "Learner0@uni-krakow.test"))
    assert add(world, document, learner=0).verdict == "verified"
    theirs = add(world, document, learner=1)
    assert (theirs.verdict, theirs.reason) == (
        "unverifiable",
        "issued to another e-mail address than yours",
    )


def test_a_changed_one_and_an_unsigned_one_are_kept_but_never_count(world: World) -> None:
    document = foreign(nacl.signing.SigningKey.generate())
    document["credentialSubject"]["achievement"]["name"] = "Welding masterclass"
    view = add(world, json.dumps(document))
    assert view.verdict == "unverifiable"
    assert not view.counts
    assert "signature does not match" in view.reason
    with session_scope(world.url) as session:
        assert external.countable(session, user_id=world.learners[0]) == []

    # One with no proof at all is the learner's own claim, kept and shown as such.
    document = foreign(nacl.signing.SigningKey.generate())
    del document["proof"]
    view = add(world, json.dumps(document), source="text")
    assert (view.verdict, view.counts, view.source) == ("self_reported", False, "text")
    with session_scope(world.url) as session:
        listed = external.imported(session, world.learners[0])
    assert [v.verdict for v in listed] == ["self_reported", "unverifiable"]


def test_the_same_credential_twice_and_strangers_rows(world: World) -> None:
    text = json.dumps(foreign(nacl.signing.SigningKey.generate()))
    view = add(world, text)
    for again in (text, json.dumps(json.loads(text), indent=2)):
        with pytest.raises(InvalidInput) as error:
            add(world, again)
        assert error.value.key == "error.external.duplicate"
    with session_scope(world.url) as session, pytest.raises(NotFound):
        external.recheck(session, user_id=world.learners[1], uuid=view.uuid)
    with session_scope(world.url) as session, pytest.raises(NotFound):
        external.remove(session, user_id=world.learners[1], uuid=view.uuid)
    with session_scope(world.url) as session:
        external.remove(session, user_id=world.learners[0], uuid=view.uuid)
        assert external.imported(session, world.learners[0]) == []
    add(world, json.dumps(foreign(nacl.signing.SigningKey.generate())))
    with session_scope(world.url) as session:
        exported = external.export_external(session, world.learners[0])
        assert exported[0]["verdict"] == "verified"
        assert json.loads(exported[0]["credential"])["issuer"]["name"] == "Other Academy"
        external.erase_external(session, world.learners[0])
    with session_scope(world.url) as session:
        assert external.imported(session, world.learners[0]) == []
        assert session.get(ExternalCredential, 1) is None


# ---------------------------------------------------------------- OB 2.0, revoked later


class _Host(http.server.BaseHTTPRequestHandler):
    documents: dict[str, tuple[int, Any]] = {}

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        status, body = type(self).documents.get(self.path, (404, {}))
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def badge_host(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Host)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("VERIFIER_TRUSTED_HOSTS", host)
    reset_settings_cache()
    try:
        yield f"http://{host}"
    finally:
        server.shutdown()
        server.server_close()


def _ob2_site(badge_host: str) -> dict[str, Any]:
    """A hosted OB 2.0 badge for learner 0 at the loopback issuer; returns the assertion."""
    context = "https://w3id.org/openbadges/v2"
    email = "learner0@uni-krakow.test"
    assertion = {
        "@context": context,
        "type": "Assertion",
        "id": f"{badge_host}/a/1",
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": "pepper",
            "identity": "sha256$" + hashlib.sha256((email + "pepper").encode()).hexdigest(),
        },
        "badge": f"{badge_host}/badge",
        "issuedOn": "2026-01-15T10:00:00Z",
        "verify": {"type": "hosted"},
    }
    _Host.documents = {
        "/a/1": (200, assertion),
        "/badge": (
            200,
            {
                "@context": context,
                "type": "BadgeClass",
                "id": f"{badge_host}/badge",
                "name": "First aid",
                "issuer": f"{badge_host}/issuer",
            },
        ),
        "/issuer": (
            200,
            {"@context": context, "type": "Profile", "id": f"{badge_host}/issuer", "name": "Red"},
        ),
    }
    return assertion


def test_an_ob2_badge_revoked_after_import_stops_counting(world: World, badge_host: str) -> None:
    assertion = _ob2_site(badge_host)
    view = add(world, f"{badge_host}/a/1", source="text")
    assert (view.verdict, view.format, view.achievement_name) == (
        "verified",
        "ob2_hosted",
        "First aid",
    )
    other = add(world, json.dumps(copy.deepcopy(assertion)), learner=1)
    assert other.verdict == "unverifiable"  # issued to learner 0's address
    _Host.documents["/a/1"] = (410, {})
    with session_scope(world.url) as session:
        assert external.countable(session, user_id=world.learners[0]) == []
        rows = external.imported(session, world.learners[0])
    assert [r.verdict for r in rows] == ["revoked"]


# ---------------------------------------------------------------- the wallet's form posts


def _as(browser, world: World, learner: int) -> None:
    from microcred_market.accounts import service as accounts
    from microcred_market.platform.cookies import SESSION_COOKIE

    with session_scope(world.url) as session:
        token = accounts.create_session(session, world.learners[learner])
    browser.client.cookies.set(SESSION_COOKIE, token)


def _post(browser, path: str, **kwargs: Any):
    from tests.integration.conftest import FRONT

    return browser.client.post(path, headers={"Origin": FRONT}, follow_redirects=False, **kwargs)


def test_wallet_forms_add_check_again_and_remove(browser, world: World) -> None:
    text = json.dumps(foreign(nacl.signing.SigningKey.generate()))
    answer = _post(browser, "/api/wallet/external", files={"file": ("badge.json", text)})
    path, flash, query = browser.landing(answer)
    assert path == "/signin" and query["next"] == ["/wallet"]

    _as(browser, world, 0)
    answer = _post(browser, "/api/wallet/external", files={"file": ("badge.json", text)})
    path, flash, _ = browser.landing(answer)
    assert path == "/wallet"
    assert flash == ("success", "Added. Verified: signed by its issuer and still valid.")
    with session_scope(world.url) as session:
        (view,) = external.imported(session, world.learners[0])
    answer = _post(browser, f"/api/wallet/external/{view.uuid}/recheck", data={})
    assert browser.landing(answer)[1][0] == "success"

    unsigned = json.loads(text)
    del unsigned["proof"]
    answer = _post(
        browser, "/api/wallet/external?lang=pl", data={"text": json.dumps(unsigned), "url": ""}
    )
    assert browser.landing(answer)[1] == (
        "info",
        "Dodano. Niepodpisane; zachowane jako Twoja deklaracja.",
    )

    _as(browser, world, 1)  # someone else cannot check or remove it
    answer = _post(browser, f"/api/wallet/external/{view.uuid}/remove", data={})
    assert browser.landing(answer)[1][0] == "error"
    _as(browser, world, 0)
    answer = _post(browser, f"/api/wallet/external/{view.uuid}/remove", data={})
    assert browser.landing(answer)[1] == ("success", "Removed from your wallet.")
    with session_scope(world.url) as session:
        assert [v.verdict for v in external.imported(session, world.learners[0])] == [
            "self_reported"
        ]


@pytest.mark.security
def test_wallet_form_refuses_giants_and_other_sites(browser, world: World) -> None:
    with pytest.raises(InvalidInput) as error:
        add(world, b"\x89PNG\r\n\x1a\n" + b"\x00" * (50 * 1024 * 1024))
    assert "larger than 8 MB" in error.value.text("en")
    assert "większy niż 8 MB" in error.value.text("pl")
    with pytest.raises(InvalidInput) as error:
        add(world, "not a credential at all")
    assert error.value.key == "error.external.unreadable"
    with session_scope(world.url) as session:
        assert external.imported(session, world.learners[0]) == []
    _as(browser, world, 0)
    giant = b"\x89PNG\r\n\x1a\n" + b"\x00" * (50 * 1024 * 1024)
    answer = _post(browser, "/api/wallet/external", files={"file": ("big.png", giant)})
    path, flash, _ = browser.landing(answer)
    assert path == "/wallet" and flash is not None and flash[0] == "error"
    assert "larger than 8 MB" in flash[1]
    answer = browser.client.post(
        "/api/wallet/external",
        data={"url": "https://evil.example/x"},
        headers={"Origin": "https://evil.example"},
        follow_redirects=False,
    )
    assert browser.landing(answer)[1][0] == "error"
    with session_scope(world.url) as session:
        assert external.imported(session, world.learners[0]) == []


def test_the_verify_api_reads_open_badges_2(browser, world: World, badge_host: str) -> None:
    """Anyone checking a badge on /verify gets the same OB 2.0 checks (no recipient)."""
    assertion = _ob2_site(badge_host)
    answer = browser.client.post("/api/verify", json=assertion).json()
    assert answer["verdict"] == "valid", answer
    assert {c["name"]: c["status"] for c in answer["checks"]}["recipient"] == "skipped"
    assert answer["facts"]["title"] == "First aid"
    answer = browser.client.post("/api/verify", json={"url": assertion["id"]}).json()
    assert answer["verdict"] == "valid", answer
    changed = copy.deepcopy(assertion)
    changed["issuedOn"] = "2026-01-16T10:00:00Z"
    assert browser.client.post("/api/verify", json=changed).json()["verdict"] == "invalid"
    _Host.documents["/a/1"] = (410, {})
    answer = browser.client.post("/api/verify", json={"url": assertion["id"]}).json()
    assert answer["verdict"] == "revoked", answer
