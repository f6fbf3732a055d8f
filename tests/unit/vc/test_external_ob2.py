"""Open Badges 2.0 badges from elsewhere, hosted and signed, served by a local issuer.

The issuer (assertion, BadgeClass, Profile, key, revocation list) is a real HTTP server
on loopback, reached through the verifier's guarded fetch (loopback trusted for the
test only), so the caps and the 410 handling are the ones a real import meets.
"""

from __future__ import annotations

import copy
import hashlib
import http.server
import json
import struct
import threading
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from joserfc import jws
from joserfc.jwk import RSAKey

from microcred_market.vc import bake, external, safe_fetch
from microcred_market.vc.verify import NetworkSources, Unreadable

pytestmark = [pytest.mark.credentials, pytest.mark.interop]

NOW = datetime(2026, 6, 1, tzinfo=UTC)
EMAIL = "Ala.Nowak@example.org"
SALT = "s4lt"
CONTEXT = "https://w3id.org/openbadges/v2"


class _Issuer(http.server.BaseHTTPRequestHandler):
    documents: dict[str, tuple[int, Any]] = {}

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        status, body = type(self).documents.get(self.path, (404, {"error": "not found"}))
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def issuer_host() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Issuer)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    host = f"127.0.0.1:{server.server_port}"
    previous = safe_fetch._trusted_hosts  # the app's setting, when wired: put back after
    safe_fetch.trust_hosts(lambda: (host,))
    try:
        yield host
    finally:
        safe_fetch.trust_hosts(previous)
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def rsa_pem() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


@pytest.fixture
def site(issuer_host: str, rsa_pem: tuple[str, str]) -> dict[str, Any]:
    """A fresh issuer site: profile, badge class, key, empty revocation list."""
    base = f"http://{issuer_host}"
    profile = {
        "@context": CONTEXT,
        "type": "Profile",
        "id": f"{base}/issuer",
        "name": "Open University of Elsewhere",
        "url": base,
        "publicKey": f"{base}/key",
        "revocationList": f"{base}/revoked",
    }
    badge = {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": f"{base}/badge",
        "name": "Statistics Basics",
        "description": "Descriptive statistics",
        "issuer": f"{base}/issuer",
        "criteria": {"narrative": "Passed the exam"},
    }
    key = {
        "@context": CONTEXT,
        "type": "CryptographicKey",
        "id": f"{base}/key",
        "owner": f"{base}/issuer",
        "publicKeyPem": rsa_pem[1],
    }
    revoked = {
        "@context": CONTEXT,
        "type": "RevocationList",
        "id": f"{base}/revoked",
        "revokedAssertions": [],
    }
    _Issuer.documents = {
        "/issuer": (200, profile),
        "/badge": (200, badge),
        "/key": (200, key),
        "/revoked": (200, revoked),
    }
    return {"base": base, "profile": profile, "revoked": revoked}


def _assertion(base: str, name: str, verify: dict[str, Any], **extra: Any) -> dict[str, Any]:
    identity = "sha256$" + hashlib.sha256((EMAIL.lower() + SALT).encode()).hexdigest()
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": f"{base}/assertions/{name}",
        "recipient": {"type": "email", "hashed": True, "salt": SALT, "identity": identity},
        "badge": f"{base}/badge",
        "issuedOn": "2026-01-15T10:00:00Z",
        "verify": verify,
        **extra,
    }


def hosted(site: dict[str, Any], name: str = "a1", status: int = 200, **extra: Any):
    assertion = _assertion(site["base"], name, {"type": "hosted"}, **extra)
    _Issuer.documents[f"/assertions/{name}"] = (status, assertion)
    return assertion


def signed(site: dict[str, Any], private_pem: str, name: str = "s1", **extra: Any) -> str:
    assertion = _assertion(
        site["base"], name, {"type": "signed", "creator": f"{site['base']}/key"}, **extra
    )
    payload = json.dumps(assertion).encode()
    return jws.serialize_compact({"alg": "RS256"}, payload, RSAKey.import_key(private_pem))


def judged(data: bytes | str, emails: list[str] | None = None) -> external.Judgement:
    raw = data.encode() if isinstance(data, str) else data
    presented = external.read(raw)
    verification = external.check(presented, NetworkSources(), NOW, emails or [EMAIL])
    return external.judge(presented, verification)


# ---------------------------------------------------------------- hosted


def test_a_genuine_hosted_assertion_is_verified(site: dict[str, Any]) -> None:
    assertion = hosted(site)
    found = judged(json.dumps(assertion))
    assert found == external.Judgement("verified", "")
    presented = external.read(json.dumps(assertion).encode())
    verification = external.check(presented, NetworkSources(), NOW, [EMAIL])
    facts = external.facts(presented, verification)
    assert facts["issuer_name"] == "Open University of Elsewhere"
    assert facts["achievement_name"] == "Statistics Basics"


def test_a_hosted_assertion_by_its_link_is_verified(site: dict[str, Any]) -> None:
    assertion = hosted(site, "by-link")
    assert judged(assertion["id"]).verdict == "verified"


def test_one_changed_byte_of_the_recipient_is_refused(site: dict[str, Any]) -> None:
    assertion = hosted(site)
    tampered = copy.deepcopy(assertion)
    identity = tampered["recipient"]["identity"]
    tampered["recipient"]["identity"] = identity[:-1] + ("0" if identity[-1] != "0" else "1")
    found = judged(json.dumps(tampered))
    assert found.verdict == "unverifiable"
    assert "differs from the badge its issuer hosts" in found.reason


def test_410_gone_means_revoked(site: dict[str, Any]) -> None:
    assertion = hosted(site, "gone", status=410)
    assert judged(json.dumps(assertion)).verdict == "revoked"
    assert judged(assertion["id"]).verdict == "revoked"


def test_revoked_flag_in_the_hosted_copy(site: dict[str, Any]) -> None:
    assertion = hosted(site, "flagged", revoked=True, revocationReason="cheating")
    found = judged(json.dumps(assertion))
    assert found.verdict == "revoked"
    assert "cheating" in found.reason


def test_expired_hosted_assertion(site: dict[str, Any]) -> None:
    assertion = hosted(site, "old", expires="2026-03-01T00:00:00Z")
    found = judged(json.dumps(assertion))
    assert found.verdict == "expired"
    assert "2026-03-01" in found.reason


def test_hosted_where_the_issuer_does_not_allow_is_refused(site: dict[str, Any]) -> None:
    site["profile"]["verification"] = {"allowedOrigins": ["badges.elsewhere.example"]}
    assertion = hosted(site, "misplaced")
    found = judged(json.dumps(assertion))
    assert found.verdict == "unverifiable"
    assert "does not allow" in found.reason


def test_a_badge_naming_another_issuer_is_refused(site: dict[str, Any]) -> None:
    _Issuer.documents["/badge"][1]["issuer"] = f"{site['base']}/other-issuer"
    _Issuer.documents["/other-issuer"] = (200, {**site["profile"], "id": "elsewhere"})
    assertion = hosted(site, "wrong-issuer")
    assert judged(json.dumps(assertion)).verdict == "unverifiable"


def test_someone_elses_badge_does_not_count(site: dict[str, Any]) -> None:
    assertion = hosted(site, "theirs")
    found = judged(json.dumps(assertion), emails=["someone.else@example.org"])
    assert found.verdict == "unverifiable"
    assert "another e-mail address" in found.reason


def test_an_assertion_with_nothing_to_verify_is_self_reported() -> None:
    claim = {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": "urn:uuid:2b1f5c3e-0000-4000-8000-000000000001",
        "recipient": {"type": "email", "hashed": False, "identity": EMAIL},
        "badge": {"type": "BadgeClass", "id": "urn:uuid:x", "name": "Welding"},
        "issuedOn": "2026-01-01T00:00:00Z",
    }
    assert judged(json.dumps(claim)).verdict == "self_reported"


# ---------------------------------------------------------------- signed (JWS, RS256)


def test_a_genuine_signed_assertion_is_verified(
    site: dict[str, Any], rsa_pem: tuple[str, str]
) -> None:
    assert judged(signed(site, rsa_pem[0])) == external.Judgement("verified", "")


def test_a_signed_assertion_with_one_changed_byte_is_refused(
    site: dict[str, Any], rsa_pem: tuple[str, str]
) -> None:
    token = signed(site, rsa_pem[0])
    header, payload, signature = token.split(".")
    assertion = json.loads(_b64(payload))
    assertion["recipient"]["identity"] = assertion["recipient"]["identity"].replace("a", "b", 1)
    forged = ".".join([header, _b64e(json.dumps(assertion).encode()), signature])
    found = judged(forged)
    assert found.verdict == "unverifiable"
    assert "signature does not match" in found.reason


def test_a_signed_assertion_on_the_revocation_list_is_revoked(
    site: dict[str, Any], rsa_pem: tuple[str, str]
) -> None:
    token = signed(site, rsa_pem[0], "s-revoked")
    site["revoked"]["revokedAssertions"] = [
        {"id": f"{site['base']}/assertions/s-revoked", "revocationReason": "issued in error"}
    ]
    found = judged(token)
    assert found.verdict == "revoked"
    assert "issued in error" in found.reason


def test_an_unreachable_revocation_list_leaves_the_status_unknown(
    site: dict[str, Any], rsa_pem: tuple[str, str]
) -> None:
    del _Issuer.documents["/revoked"]
    found = judged(signed(site, rsa_pem[0]))
    assert found.verdict == "unverifiable"
    assert "status unknown" in found.reason


def test_a_key_the_issuer_does_not_list_is_refused(
    site: dict[str, Any], rsa_pem: tuple[str, str]
) -> None:
    site["profile"]["publicKey"] = f"{site['base']}/another-key"
    found = judged(signed(site, rsa_pem[0]))
    assert found.verdict == "unverifiable"
    assert "not one the issuer's profile lists" in found.reason


def test_a_jws_signed_by_another_rsa_key_is_refused(site: dict[str, Any]) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = other.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    assert judged(signed(site, pem)).verdict == "unverifiable"


# ---------------------------------------------------------------- baked OB 2.0


def _png_with(keyword: bytes, text: str, compressed: bool = False) -> bytes:
    body = text.encode()
    if compressed:
        body = zlib.compress(body)
    itxt = keyword + b"\x00" + (b"\x01\x00" if compressed else b"\x00\x00") + b"\x00\x00" + body
    return bake.bake_png(_blank_png(), {}).replace(
        bake.itxt_chunk(bake.PNG_KEYWORD, "{}"), _chunk(b"iTXt", itxt)
    )


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _blank_png() -> bytes:
    raw = b"\x00\x00\x00\x00"  # one filter byte and one grey pixel... 1x1, 8-bit grey
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        bake.PNG_SIGNATURE
        + _chunk(b"IHDR", ihdr)
        + _chunk(b"IDAT", zlib.compress(raw[:2]))
        + _chunk(b"IEND", b"")
    )


def test_a_png_baked_with_an_ob2_signed_badge(
    site: dict[str, Any], rsa_pem: tuple[str, str]
) -> None:
    token = signed(site, rsa_pem[0])
    png = _png_with(b"openbadges", token)
    assert external.read(png).kind == external.OB2_JWS
    assert judged(png).verdict == "verified"


def test_a_png_baked_with_a_hosted_badge_link(site: dict[str, Any]) -> None:
    assertion = hosted(site, "baked")
    assert judged(_png_with(b"openbadges", assertion["id"])).verdict == "verified"


def test_an_svg_baked_the_ob2_way(site: dict[str, Any], rsa_pem: tuple[str, str]) -> None:
    token = signed(site, rsa_pem[0])
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        f'<openbadges:assertion verify="{token}"></openbadges:assertion><circle r="4"/></svg>'
    )
    assert external.read(svg.encode()).kind == external.OB2_JWS
    assert judged(svg).verdict == "verified"
    assertion = hosted(site, "svg-json")
    svg_json = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        f'<openbadges:assertion verify="{assertion["id"]}"><![CDATA[{json.dumps(assertion)}]]>'
        "</openbadges:assertion></svg>"
    )
    assert judged(svg_json).verdict == "verified"


# ---------------------------------------------------------------- bombs and giants


@pytest.mark.security
def test_a_50_mb_png_is_refused_with_a_clear_message() -> None:
    big = bake.PNG_SIGNATURE + b"\x00" * (50 * 1024 * 1024)
    with pytest.raises(Unreadable, match="larger than 8 MB"):
        external.read(big)


@pytest.mark.security
def test_a_compressed_badge_that_unpacks_to_gigabytes_is_refused() -> None:
    bomb = _png_with(b"openbadges", "{" + " " * (40 * 1024 * 1024) + "}", compressed=True)
    assert len(bomb) < 100_000
    with pytest.raises(Unreadable, match="larger than 2 MB"):
        external.read(bomb)


@pytest.mark.security
def test_json_nested_beyond_reason_is_refused() -> None:
    deep = '{"a":' * 100_000 + "1" + "}" * 100_000
    with pytest.raises((Unreadable, RecursionError)):
        external.read(deep.encode())


@pytest.mark.security
def test_svg_with_entities_is_refused() -> None:
    lol = (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>'
        '<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    )
    with pytest.raises(Unreadable, match="DOCTYPE"):
        external.read(lol.encode())


def _b64(text: str) -> bytes:
    import base64

    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _b64e(data: bytes) -> str:
    import base64

    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@pytest.mark.security
def test_odd_badges_never_crash_the_checks() -> None:
    """Whatever a stranger's JSON holds where OB 2.0 expects something, a verdict comes
    back (never an exception, never 'valid' without a fetch)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from microcred_market.vc import ob2

    def refuse(url: str) -> Any:
        raise safe_fetch.FetchRefused("no fetching here")

    scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=8)
    values = st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
        ),
        max_leaves=8,
    )
    keys = st.sampled_from(
        ["id", "type", "badge", "recipient", "verify", "issuedOn", "expires", "revoked", "issuer"]
    )

    @settings(max_examples=150, deadline=None)
    @given(st.dictionaries(keys, values, max_size=8))
    def run(extra: dict[str, Any]) -> None:
        document = {"@context": CONTEXT, **extra}
        result = ob2.verify_ob2(document, refuse, NOW, [EMAIL])
        assert result.verdict != "valid"
        external.judge(external.Presented(external.OB2_JSON, "{}", document), result)

    run()


@pytest.mark.security
def test_any_upload_is_read_or_refused_with_a_reason() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    starts = st.sampled_from([b"", b"{", b"<svg", bake.PNG_SIGNATURE, b"eyJ", b"https://"])

    @settings(max_examples=200, deadline=None)
    @given(starts, st.binary(max_size=200))
    def run(start: bytes, rest: bytes) -> None:
        try:
            external.read(start + rest)
        except Unreadable as error:
            assert str(error)

    run()
