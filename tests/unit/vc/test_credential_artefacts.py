"""Baked badges, the printable certificate and the LinkedIn link, from a real credential."""

from __future__ import annotations

import io
import json
import re
import struct
import zlib
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from typing import Any
from urllib.parse import parse_qs, urlsplit

import nacl.signing
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from microcred_market.credentials.printable import certificate_from_facts as certificate_pdf
from microcred_market.vc import bake, certificate, contexts, multikey, ob3, proofs, verify
from microcred_market.vc.certificate import qr_png
from microcred_market.vc.share import linkedin_add_url

pytestmark = pytest.mark.credentials

VERIFY_URL = "http://localhost:3000/verify/2b4e28ba-2fa1-11d2-883f-0016d3cca427"
SVG = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
    '<circle cx="50" cy="50" r="40" fill="#312e81"/><text x="50" y="55">Łódź</text></svg>'
)


@cache
def signed_credential() -> dict[str, Any]:
    """A signed AchievementCredential from a did:key issuer, built as the app builds it."""
    key = nacl.signing.SigningKey(bytes(range(32)))
    public = multikey.encode_public(bytes(key.verify_key))
    did = f"did:key:{public}"
    issuer = ob3.IssuerFacts(
        did=did,
        name="Uniwersytet Łódzki",
        url="https://uni.example",
        country_code="pl",
        country_name="Poland",
        city="Łódź",
    )
    achievement = ob3.AchievementFacts(
        url="http://localhost:3000/offerings/x",
        title="Zarządzanie danymi & analiza",
        description="Desc",
        learning_outcomes=["Potrafi oczyścić zbiór danych", "Can compute statistics"],
        ects=Decimal("2.50"),
        eqf_level=5,
        language="pl",
        assessment_type="test",
        participation_form="online",
        quality_assurance="PKA",
        esco_skills=[{"uri": "http://data.europa.eu/esco/skill/abc", "label": "skill"}],
        nqf_level=5,
        nqf_framework="PRK",
        prerequisites="none",
        supervision="supervised-online-id",
        part_of=["http://localhost:3000/qualifications/q"],
    )
    learner = ob3.LearnerFacts(
        subject_id="urn:uuid:1b4e28ba-2fa1-11d2-883f-0016d3cca427",
        full_name="Małgorzata Żółć",
        email="m@example.com",
    )
    credential = ob3.build_credential(
        credential_id="urn:uuid:2b4e28ba-2fa1-11d2-883f-0016d3cca427",
        issuer=issuer,
        achievement_facts=achievement,
        learner=learner,
        issued_at=datetime(2026, 3, 9, 12, 0, tzinfo=UTC),
        context_url=contexts.microcred_context_url(),
        grade="87",
        salt="0011223344556677",
    )
    signer = proofs.Signer(f"{did}#{public}", bytes(key))
    return proofs.sign(credential, signer, proofs.JCS, created="2026-03-09T12:00:00Z")


@cache
def badge_png() -> bytes:
    return bake.badge_image(verify.describe(signed_credential()))


@pytest.fixture
def credential() -> dict[str, Any]:
    return json.loads(json.dumps(signed_credential()))


@pytest.fixture
def facts(credential: dict[str, Any]) -> dict[str, Any]:
    return verify.describe(credential)


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        chunks.append(
            (data[position + 4 : position + 8], data[position + 8 : position + 8 + length])
        )
        position += 12 + length
    return chunks


def pixels(data: bytes) -> tuple[tuple[int, int], str, bytes]:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image.size, image.mode, image.tobytes()


# --- PNG baking ----------------------------------------------------------------------


def test_png_round_trip_gives_the_identical_credential(credential: dict[str, Any]) -> None:
    baked = bake.bake_png(badge_png(), credential)
    assert bake.unbake_png(baked) == credential
    assert bake.unbake(baked) == credential
    # The signature still verifies on what came out of the image.
    result = verify.verify(bake.unbake(baked))
    assert next(c for c in result.checks if c.name == "signature").status == "pass"


def test_png_chunk_is_uncompressed_itxt_before_iend(credential: dict[str, Any]) -> None:
    chunks = png_chunks(bake.bake_png(badge_png(), credential))
    kinds = [kind for kind, _ in chunks]
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND"
    assert kinds[-2] == b"iTXt"
    body = chunks[-2][1]
    assert body.startswith(b"openbadgecredential\x00\x00\x00")  # flag 0: not compressed
    # keyword, flag, method, empty language tag, empty translated keyword, then the text
    text = body.split(b"\x00", 5)[5]
    assert json.loads(text.decode("utf-8")) == credential
    compact = json.dumps(credential, separators=(",", ":"), ensure_ascii=False)
    assert text == compact.encode("utf-8")


def test_baking_twice_keeps_one_chunk_with_the_newest_credential(
    credential: dict[str, Any],
) -> None:
    first = bake.bake_png(badge_png(), credential)
    second = bake.bake_png(first, {"id": "urn:uuid:other", "name": "Nowy"})
    credential_chunks = [
        body for kind, body in png_chunks(second) if body.startswith(b"openbadgecredential\x00")
    ]
    assert len(credential_chunks) == 1
    assert bake.unbake_png(second) == {"id": "urn:uuid:other", "name": "Nowy"}


def test_baked_png_keeps_its_pixels(credential: dict[str, Any]) -> None:
    original = badge_png()
    baked = bake.bake_png(original, credential)
    assert pixels(baked) == pixels(original)
    size, mode, _ = pixels(baked)
    assert size == (600, 600) and mode in {"RGBA", "RGB", "P"}
    # Pillow sees the credential text too: the chunk is a proper iTXt.
    assert json.loads(Image.open(io.BytesIO(baked)).text["openbadgecredential"]) == credential


def test_compressed_itxt_is_read_too(credential: dict[str, Any]) -> None:
    text = json.dumps(credential).encode()
    body = b"openbadgecredential\x00\x01\x00\x00\x00" + zlib.compress(text)
    chunk = (
        struct.pack(">I", len(body))
        + b"iTXt"
        + body
        + struct.pack(">I", zlib.crc32(b"iTXt" + body))
    )
    original = badge_png()
    data = original[:-12] + chunk + original[-12:]
    assert bake.unbake_png(data) == credential
    # Baking over it replaces it with one uncompressed chunk.
    rebaked = bake.bake_png(data, {"a": 1})
    assert sum(body.startswith(b"openbadgecredential\x00") for _, body in png_chunks(rebaked)) == 1


def test_compression_bomb_is_refused() -> None:
    body = b"openbadgecredential\x00\x01\x00\x00\x00" + zlib.compress(b"{" + b" " * 5_000_000)
    chunk = (
        struct.pack(">I", len(body))
        + b"iTXt"
        + body
        + struct.pack(">I", zlib.crc32(b"iTXt" + body))
    )
    original = badge_png()
    with pytest.raises(bake.BadImage, match="2 MB"):
        bake.unbake_png(original[:-12] + chunk + original[-12:])


credential_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(), credential_values, max_size=6))
def test_any_json_credential_round_trips_through_png(document: dict[str, Any]) -> None:
    baked = bake.bake_png(badge_png(), document)
    assert bake.unbake_png(baked) == document
    assert bake.unbake_png(bake.bake_png(baked, document)) == document


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.text(), credential_values, max_size=6))
def test_any_json_credential_round_trips_through_svg(document: dict[str, Any]) -> None:
    assert bake.unbake_svg(bake.bake_svg(SVG, document)) == document


# --- SVG baking ----------------------------------------------------------------------


def test_svg_round_trip_and_shape(credential: dict[str, Any]) -> None:
    baked = bake.bake_svg(SVG, credential)
    assert bake.unbake_svg(baked) == credential
    assert bake.unbake(baked.encode("utf-8")) == credential
    root = re.search(r"<svg\b[^>]*>", baked)
    assert root is not None
    assert 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in root.group()
    # The credential element comes right after the root's opening tag, JSON in CDATA.
    assert baked[root.end() :].startswith("<openbadges:credential><![CDATA[{")
    assert "<circle" in baked and "Łódź" in baked


def test_svg_baking_twice_keeps_one_element(credential: dict[str, Any]) -> None:
    twice = bake.bake_svg(bake.bake_svg(SVG, credential), {"name": "drugi ]]> & <x>"})
    assert twice.count("<openbadges:credential>") == 1
    assert twice.count("xmlns:openbadges=") == 1
    assert bake.unbake_svg(twice) == {"name": "drugi ]]> & <x>"}


def test_svg_with_a_self_closing_root_and_other_prefix() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="https://purl.imsglobal.org/ob/v3p0">'
        '<ob:credential><![CDATA[{"old": true}]]></ob:credential><g a="x>y"/></svg>'
    )
    baked = bake.bake_svg(svg, {"new": 1})
    assert "ob:credential" not in baked and '<g a="x>y"/>' in baked
    assert bake.unbake_svg(baked) == {"new": 1}
    empty = bake.bake_svg('<svg xmlns="http://www.w3.org/2000/svg"/>', {"n": 2})
    assert empty.endswith("</svg>") and bake.unbake_svg(empty) == {"n": 2}
    prefixed = bake.bake_svg('<s:svg xmlns:s="http://www.w3.org/2000/svg"/>', {"n": 3})
    assert prefixed.endswith("</s:svg>") and bake.unbake_svg(prefixed) == {"n": 3}


# --- refusing bad files --------------------------------------------------------------

XXE = (
    b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
    b"<openbadges:credential>&xxe;</openbadges:credential></svg>"
)
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg">&lol2;</svg>'
)


@pytest.mark.parametrize(
    ("data", "error", "message"),
    [
        (b"just some text", bake.BadImage, "not a PNG or SVG"),
        (b"\x89PNG\r\n\x1a\n", bake.BadImage, "truncated"),
        (XXE, bake.BadImage, "DOCTYPE"),
        (LAUGHS, bake.BadImage, "DOCTYPE"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><g></svg>', bake.BadImage, "well-formed"),
        (b"<html><body>hi</body></html>", bake.BadImage, "not an SVG"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"/>', bake.NotBaked, "no Open Badges"),
        (b"<svg " + b" " * 2_100_000 + b"/>", bake.BadImage, "2 MB"),
    ],
)
def test_unbake_refuses_with_a_clear_error(data: bytes, error: type, message: str) -> None:
    with pytest.raises(error, match=message) as raised:
        bake.unbake(data)
    assert isinstance(raised.value, ValueError)
    assert isinstance(raised.value, verify.Unreadable)


def test_unbake_refuses_truncated_and_unbaked_png(credential: dict[str, Any]) -> None:
    baked = bake.bake_png(badge_png(), credential)
    with pytest.raises(bake.BadImage, match="truncated"):
        bake.unbake_png(baked[: len(baked) // 2])
    with pytest.raises(bake.BadImage, match="truncated"):
        bake.unbake_png(baked[:-12])  # IEND cut off
    with pytest.raises(bake.NotBaked):
        bake.unbake_png(badge_png())
    corrupt = bytearray(baked)
    corrupt[40] ^= 0xFF
    with pytest.raises(bake.BadImage):
        bake.unbake_png(bytes(corrupt))
    with pytest.raises(bake.BadImage, match="not a PNG"):
        bake.unbake_png(b"GIF89a")
    with pytest.raises(bake.BadImage):
        bake.bake_png(b"not an image", credential)


def test_unbake_passes_plain_json_through(credential: dict[str, Any]) -> None:
    assert bake.unbake(json.dumps(credential).encode()) == credential
    with pytest.raises(verify.Unreadable):
        bake.unbake(b"{not json")


# --- the badge picture ---------------------------------------------------------------


def test_badge_image_is_a_600px_png(facts: dict[str, Any]) -> None:
    data = bake.badge_image(facts)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(data))
    assert image.size == (600, 600)
    assert image.getpixel((0, 0))[3] == 0  # round badge: transparent corners
    assert image.getpixel((300, 300))[:3] == (255, 255, 255)
    # A very long title and no numbers still draws.
    long = dict(facts, title="Łańcuch " * 40, eqf_level="", ects="", issuer_name="")
    assert Image.open(io.BytesIO(bake.badge_image(long))).size == (600, 600)


# --- the certificate -----------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    """Text of an uncompressed fpdf2 PDF, decoded through each font's ToUnicode map."""
    objects = {
        int(m.group(1)): m.group(2)
        for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", data, re.DOTALL)
    }
    maps: dict[bytes, dict[int, str]] = {}
    for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", data):
        reference = re.search(rb"/ToUnicode (\d+) 0 R", objects[int(number)])
        assert reference is not None
        cmap = objects[int(reference.group(1))]
        maps[name] = {
            int(code, 16): chr(int(char, 16))
            for code, char in re.findall(rb"<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]{4})>", cmap)
        }
    escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}
    runs, current = [], {}
    token = re.compile(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", re.DOTALL)
    for match in token.finditer(data):
        if match.group(1):
            current = maps[match.group(1)]
            continue
        raw = re.sub(
            rb"\\([0-7]{1,3}|.)",
            lambda m: (
                bytes([int(m.group(1), 8)])
                if m.group(1)[:1].isdigit()
                else escapes.get(m.group(1), m.group(1))
            ),
            match.group(2),
            flags=re.DOTALL,
        )
        codes = struct.unpack(f">{len(raw) // 2}H", raw[: len(raw) // 2 * 2])
        runs.append("".join(current.get(code, "?") for code in codes))
    return "\n".join(runs)


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", data))


def test_certificate_is_one_page_with_every_element(facts: dict[str, Any]) -> None:
    data = certificate_pdf(facts, VERIFY_URL, compress=False)
    assert data.startswith(b"%PDF")
    assert page_count(data) == 1
    raw = pdf_text(data)
    text = " ".join(raw.split())  # lines wrapped by multi_cell joined again
    for expected in (
        "Małgorzata Żółć",
        "Zarządzanie danymi & analiza",
        "Uniwersytet Łódzki (Poland)",
        "9 March 2026",
        "EQF level",
        "Polish Qualifications Framework (PRK) level 5",
        "2.5 ECTS",
        "Potrafi oczyścić zbiór danych",
        "Can compute statistics",
        "Test",
        "Online",
        "PKA",
        "Supervised online with identity check",
        "87",
        "none",
        "Scan to verify this credential",
        "urn:uuid:2b4e28ba-2fa1-11d2-883f-0016d3cca427",
    ):
        assert expected in text, expected
    unwrapped = raw.replace("\n", "")  # URLs wrap mid-word
    assert VERIFY_URL in unwrapped  # printed under the QR code
    assert "http://localhost:3000/qualifications/q" in unwrapped  # the URL under the QR code
    # Compressed by default, and still one page.
    compressed = certificate_pdf(facts, VERIFY_URL)
    assert compressed.startswith(b"%PDF") and len(compressed) < len(data)


def test_certificate_in_polish(facts: dict[str, Any]) -> None:
    text = " ".join(pdf_text(certificate_pdf(facts, VERIFY_URL, "pl", compress=False)).split())
    for expected in (
        "CERTYFIKAT MIKROPOŚWIADCZENIA",
        "Efekty uczenia się".upper(),
        "Poziom ERK (EQF)",
        "Polska Rama Kwalifikacji (PRK), poziom 5",
        "2,5 ECTS",
        "Nadzór online z weryfikacją tożsamości",
        "9 marca 2026",
        "Uniwersytet Łódzki (Polska)",
        "Zeskanuj, aby",
    ):
        assert expected in text, expected


def test_certificate_stays_on_one_page_with_many_long_outcomes(facts: dict[str, Any]) -> None:
    long_outcome = (
        "Potrafi samodzielnie zaprojektować, wdrożyć i ocenić proces analizy danych w "
        "organizacji, uwzględniając wymagania prawne, jakość danych i potrzeby interesariuszy"
    )
    eight = dict(facts, learning_outcomes=[f"{i}. {long_outcome}" for i in range(1, 9)])
    for lang in ("en", "pl"):
        data = certificate_pdf(eight, VERIFY_URL, lang, compress=False)
        assert page_count(data) == 1
        text = pdf_text(data).replace("\n", " ")
        assert "8. Potrafi" in text  # all eight fit, smaller
    absurd = dict(
        facts,
        title="Bardzo długi tytuł " * 30,
        learner_name="Anna " * 40,
        learning_outcomes=["słowo " * 120] * 30,
        prerequisites="x" * 2000,
        part_of=[f"http://localhost:3000/qualifications/{i}" for i in range(10)],
    )
    data = certificate_pdf(absurd, VERIFY_URL + "?" + "q" * 300, compress=False)
    assert page_count(data) == 1
    assert "more; see the verification page" in pdf_text(data).replace("\n", " ")


def test_certificate_without_optional_elements(facts: dict[str, Any]) -> None:
    bare = dict(facts, grade="", prerequisites="", part_of=[], nqf="", skills=[], supervision="")
    text = pdf_text(certificate_pdf(bare, VERIFY_URL, compress=False))
    assert "Grade" not in text and "Counts toward" not in text and "Prerequisites" not in text
    assert "EQF level" in text and "Credits" in text


def test_the_vc_library_prints_the_words_its_caller_gives(facts: dict[str, Any]) -> None:
    """vc knows no vocabulary: without words a coded fact prints as coded, with them as given."""
    coded = " ".join(
        pdf_text(certificate.certificate_pdf(facts, VERIFY_URL, compress=False)).split()
    )
    assert "supervised-online-id" in coded
    worded = certificate.certificate_pdf(
        facts, VERIFY_URL, words={"supervision": "Watched closely"}, compress=False
    )
    assert "Watched closely" in " ".join(pdf_text(worded).split())


def test_qr_png_encodes_the_url() -> None:
    short = qr_png("http://x.pl/v/1")
    long = qr_png("http://localhost:3000/verify/" + "2b4e28ba-2fa1-11d2-883f-0016d3cca427" * 3)
    for data in (short, long):
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    short_size = Image.open(io.BytesIO(short)).size
    long_size = Image.open(io.BytesIO(long)).size
    assert short_size[0] == short_size[1] and long_size[0] > short_size[0]
    # segno itself reports a QR version large enough for the whole URL.
    import segno

    assert segno.make(VERIFY_URL, error="m", micro=False).designator.endswith("M")
    assert qr_png(VERIFY_URL) == qr_png(VERIFY_URL)


# --- LinkedIn ------------------------------------------------------------------------


def test_linkedin_add_url_round_trips(facts: dict[str, Any]) -> None:
    url = linkedin_add_url(
        dict(facts, title="Zarządzanie & analiza: ćwiczenia?=#"),
        "http://localhost:3000/credentials/abc?x=1&y=2",
        "urn:uuid:2b4e28ba",
    )
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.linkedin.com", "/profile/add")
    query = parse_qs(parts.query, strict_parsing=True)
    assert query == {
        "startTask": ["CERTIFICATION_NAME"],
        "name": ["Zarządzanie & analiza: ćwiczenia?=#"],
        "organizationName": ["Uniwersytet Łódzki"],
        "issueYear": ["2026"],
        "issueMonth": ["3"],
        "certUrl": ["http://localhost:3000/credentials/abc?x=1&y=2"],
        "certId": ["urn:uuid:2b4e28ba"],
    }
    assert " " not in url and "ą" not in url


def test_linkedin_add_url_with_expiry_and_without_a_date(facts: dict[str, Any]) -> None:
    query = parse_qs(
        urlsplit(
            linkedin_add_url(dict(facts, valid_until="2029-12-31T00:00:00Z"), "https://c", "1")
        ).query
    )
    assert query["expirationYear"] == ["2029"] and query["expirationMonth"] == ["12"]
    undated = parse_qs(urlsplit(linkedin_add_url(dict(facts, issued=""), "https://c", "1")).query)
    assert "issueYear" not in undated and undated["name"] == [facts["title"]]
