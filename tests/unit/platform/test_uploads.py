"""A learner's upload is judged by what it is, and refused with words that say why.

Small files are built here (fpdf2, Pillow, zipfile); nothing is read from disk. What a
learner or an assessor would notice: the right file is accepted under a safe name, a
disguised or dangerous one is refused with a message naming what it really is, a ZIP
bomb never reaches an assessor, and nothing a stranger sends makes the check crash.
"""

from __future__ import annotations

import io
import struct
import tempfile
import unicodedata
import zipfile
import zlib

import pytest
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from microcred_market.platform.errors import InvalidInput, TooLarge
from microcred_market.platform.uploads import (
    MIB,
    Accepted,
    check_evidence_link,
    check_upload,
    download_headers,
    max_upload_bytes,
    safe_filename,
)

pytestmark = pytest.mark.assessments


def refusal(data: bytes, name: str, lang: str = "en", **kwargs: int) -> str:
    with pytest.raises(InvalidInput) as caught:
        check_upload(data, name, **kwargs)  # type: ignore[arg-type]
    return caught.value.text(lang)


# ------------------------------------------------------------------ sample files


def pdf_bytes(text: str = "Evidence of practice") -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def image_bytes(fmt: str, size: tuple[int, int] = (8, 6)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def zip_bytes(entries: list[tuple[str | zipfile.ZipInfo, bytes]], **kwargs: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, **kwargs) as archive:
        for name, body in entries:
            archive.writestr(name, body)
    return out.getvalue()


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="{type}"/></Types>'
)
OOXML = {
    "docx": ("word/document.xml", "wordprocessingml.document"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet"),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation"),
}


def ooxml_bytes(kind: str, macros: bool = False) -> bytes:
    part, main = OOXML[kind]
    if macros:
        content_type = "application/vnd.ms-word.document.macroEnabled.main+xml"
    else:
        content_type = f"application/vnd.openxmlformats-officedocument.{main}.main+xml"
    entries = [
        ("[Content_Types].xml", CONTENT_TYPES.format(part=part, type=content_type).encode()),
        ("_rels/.rels", b"<Relationships/>"),
        (part, b"<document>Evidence</document>"),
    ]
    if macros:
        entries.append(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro"))
    return zip_bytes(entries)


def odf_bytes(kind: str = "text", basic: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), f"application/vnd.oasis.opendocument.{kind}"
        )  # stored, first, as ODF requires
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
        if basic:
            archive.writestr("Basic/Standard/Module1.xml", "<script:module/>")
    return out.getvalue()


def png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr
    chunk += struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    iend = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + chunk + iend


WINDOWS_PROGRAM = b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode." * 4
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500


# ------------------------------------------------------------------ accepted


@pytest.mark.parametrize(
    ("data", "name", "kind", "content_type", "safe"),
    [
        (pdf_bytes(), "Praca zaliczeniowa – Łódź.pdf", "pdf", "application/pdf", None),
        (image_bytes("PNG"), "zrzut ekranu.png", "png", "image/png", None),
        (image_bytes("JPEG"), "photo.JPG", "jpeg", "image/jpeg", None),
        (image_bytes("JPEG"), "photo.jpeg", "jpeg", "image/jpeg", None),
        (image_bytes("GIF"), "anim.gif", "gif", "image/gif", None),
        (image_bytes("WEBP"), "pic.webp", "webp", "image/webp", None),
        (
            ooxml_bytes("docx"),
            "essay.docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            None,
        ),
        (
            ooxml_bytes("xlsx"),
            "budget.xlsx",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            None,
        ),
        (
            ooxml_bytes("pptx"),
            "talk.pptx",
            "pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            None,
        ),
        (odf_bytes("text"), "esej.odt", "odt", "application/vnd.oasis.opendocument.text", None),
        (
            odf_bytes("spreadsheet"),
            "dane.ods",
            "ods",
            "application/vnd.oasis.opendocument.spreadsheet",
            None,
        ),
        (
            odf_bytes("presentation"),
            "slajdy.odp",
            "odp",
            "application/vnd.oasis.opendocument.presentation",
            None,
        ),
        (
            zip_bytes([("src/main.py", b"print('hi')\n" * 50), ("README.md", b"# task")]),
            "project.zip",
            "zip",
            "application/zip",
            None,
        ),
        ("Zażółć gęślą jaźń\n".encode(), "notatki.txt", "text", "text/plain; charset=utf-8", None),
        ("\ufeffa,b\n1,2\n".encode(), "dane.csv", "text", "text/plain; charset=utf-8", None),
        (
            b"def solve():\n    return 42\n",
            "solution.py",
            "text",
            "text/plain; charset=utf-8",
            "solution.py.txt",
        ),
        (pdf_bytes(), "no extension", "pdf", "application/pdf", "no extension.pdf"),
    ],
)
def test_real_files_are_accepted_under_a_safe_name(
    data: bytes, name: str, kind: str, content_type: str, safe: str | None
) -> None:
    accepted = check_upload(data, name)
    assert accepted.kind == kind
    assert accepted.content_type == content_type
    assert accepted.safe_filename == (safe or name)
    assert accepted.size == len(data)
    import hashlib

    assert accepted.sha256 == hashlib.sha256(data).hexdigest()


def test_a_spooled_upload_is_read_as_the_same_bytes() -> None:
    data = pdf_bytes()
    with tempfile.SpooledTemporaryFile(max_size=100) as spooled:
        spooled.write(data)
        accepted = check_upload(spooled, "c:\\Users\\anna\\Desktop\\cv.pdf")
        assert spooled.tell() == 0  # rewound for whoever stores it next
    assert (accepted.kind, accepted.safe_filename, accepted.size) == ("pdf", "cv.pdf", len(data))


# ------------------------------------------------------------------ refused, with reasons


@pytest.mark.parametrize(
    ("data", "name", "english", "polish"),
    [
        (
            WINDOWS_PROGRAM,
            "report.pdf",
            "This file is a Windows program, not a PDF.",
            "Ten plik to program dla Windows, a nie PDF.",
        ),
        (
            WINDOWS_PROGRAM,
            "setup.exe",
            "This file is a Windows program, which we do not accept.",
            "Ten plik to program dla Windows – takich plików nie przyjmujemy.",
        ),
        (
            b"\x7fELF\x02\x01\x01" + b"\x00" * 64,
            "tool",
            "This file is a Linux program",
            "program dla Linuksa",
        ),
        (
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            "cv.pdf",
            "This file is a web page (HTML), not a PDF.",
            "Ten plik to strona internetowa (HTML), a nie PDF.",
        ),
        (
            b"  <html><body>hi</body></html>",
            "notes.txt",
            "This file is a web page (HTML), not plain text.",
            "a nie zwykły tekst",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "logo.pdf",
            "This file is an SVG image, which can contain scripts, not a PDF.",
            "Ten plik to obraz SVG",
        ),
        (
            b'<?xml version="1.0"?><svg onload="x()"/>',
            "logo.png",
            "This file is an SVG image",
            "obraz SVG",
        ),
        (
            b"alert(document.cookie)\n",
            "cv.pdf",
            "This file is plain text, but its name ends in .pdf.",
            "Ten plik to zwykły tekst, ale jego nazwa kończy się na .pdf.",
        ),
        (
            b"alert(document.cookie)\n",
            "evil.js",
            "This file is plain text, but its name ends in .js.",
            "ale jego nazwa kończy się na .js",
        ),
        (
            pdf_bytes(),
            "report.exe",
            "This file is a PDF, but its name ends in .exe.",
            "Ten plik to PDF, ale jego nazwa kończy się na .exe.",
        ),
        (b"#!/bin/sh\nrm -rf ~\n", "run", "This file is a script", "skrypt"),
        (
            OLE2,
            "essay.doc",
            "This file is an old-format Office file (.doc, .xls or .ppt), which we do not accept. Save it as .docx",
            "Zapisz go jako .docx",
        ),
        (OLE2, "installer.msi", "This file is a Windows program", "program dla Windows"),
        (b"{\\rtf1\\ansi hello}", "letter.rtf", "This file is an RTF document", "dokument RTF"),
        (
            b"Rar!\x1a\x07\x00" + b"\x00" * 40,
            "work.rar",
            "an archive of a kind we do not open",
            "Spakuj go zamiast tego do archiwum ZIP.",
        ),
        (
            b"\x1f\x8b\x08\x00" + b"\x00" * 40,
            "work.zip",
            "This file is an archive of a kind we do not open (RAR, 7z, gzip, tar...), not a ZIP archive.",
            "a nie archiwum ZIP",
        ),
        (
            image_bytes("PNG"),
            "photo.jpg",
            "This file is a PNG image, but its name ends in .jpg.",
            "obraz PNG",
        ),
        (
            ooxml_bytes("docx"),
            "essay.pdf",
            "This file is a Word document (.docx), but its name ends in .pdf.",
            "dokument Word (.docx)",
        ),
        (
            ooxml_bytes("docx", macros=True),
            "essay.docx",
            "This document contains macros",
            "zawiera makra",
        ),
        (
            odf_bytes("text", basic=True),
            "esej.odt",
            "This document contains macros",
            "zawiera makra",
        ),
        (
            bytes(range(256)) * 8,
            "data.pdf",
            "This file is not a PDF: its content does not match its name.",
            "Ten plik to nie PDF",
        ),
        (
            bytes(range(256)) * 8,
            "blob",
            "We cannot tell what kind of file this is. We accept PDF, images",
            "Nie rozpoznajemy rodzaju tego pliku.",
        ),
        (
            "Zażółć".encode("utf-16"),
            "notes.txt",
            "This text file is not in UTF-8.",
            "nie jest zapisany w UTF-8",
        ),
        (
            "Zażółć gęślą jaźń, plain words".encode("cp1250"),
            "notes.txt",
            "This text file is not in UTF-8.",
            "UTF-8",
        ),
        (b"", "empty.pdf", "The file is empty.", "Plik jest pusty."),
    ],
)
def test_disguised_and_dangerous_files_are_refused_saying_what_they_are(
    data: bytes, name: str, english: str, polish: str
) -> None:
    assert english in refusal(data, name, "en")
    assert polish in refusal(data, name, "pl")


def test_pdf_polyglots_and_broken_pdfs_are_refused() -> None:
    good = pdf_bytes()
    assert "Something comes before the start of this PDF" in refusal(
        b"<html><script>alert(1)</script>" + good, "cv.pdf"
    )
    assert "Przed początkiem tego PDF-a" in refusal(b"\x00junk" + good, "cv.pdf", "pl")
    assert "This PDF is incomplete" in refusal(good[: len(good) // 2], "cv.pdf")
    scripted = good.replace(
        b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
    )
    assert b"/JavaScript" in scripted
    assert "scripts or commands" in refusal(scripted, "cv.pdf")
    hidden = good.replace(b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /J#61vaScript >>")
    assert "scripts or commands" in refusal(hidden, "cv.pdf")
    assert "This PDF is damaged" in refusal(b"%PDF-x.y\n%%EOF", "cv.pdf")


def test_size_limit_is_20_mb_by_default_and_said_so() -> None:
    assert max_upload_bytes() == 20 * MIB
    with pytest.raises(TooLarge) as caught:
        check_upload(b"a" * (2 * MIB + 1), "notes.txt", max_bytes=2 * MIB)
    assert caught.value.text("en") == "The file is larger than 2 MB, the most we accept per file."
    assert check_upload(b"a" * (2 * MIB), "notes.txt", max_bytes=2 * MIB).size == 2 * MIB


def test_image_bombs_and_damaged_images_are_refused() -> None:
    assert "more than 150 megapixels" in refusal(png_header(20_000, 20_000), "huge.png")
    assert "This image is damaged" in refusal(image_bytes("PNG")[:40], "cut.png")
    assert "This image is damaged" in refusal(b"GIF89a" + b"\x00" * 3, "x.gif")


# ------------------------------------------------------------------ ZIP archives


def patch_central_sizes(data: bytes, file_size: int) -> bytes:
    """Rewrite every central-directory entry's uncompressed size (what a bomb claims)."""
    out = bytearray(data)
    start = 0
    while (at := out.find(b"PK\x01\x02", start)) != -1:
        struct.pack_into("<I", out, at + 24, file_size)
        start = at + 4
    return bytes(out)


def set_encrypted_flag(data: bytes) -> bytes:
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (at := out.find(signature, start)) != -1:
            (flags,) = struct.unpack_from("<H", out, at + offset)
            struct.pack_into("<H", out, at + offset, flags | 1)
            start = at + 4
    return bytes(out)


def test_zip_bombs_never_reach_an_assessor() -> None:
    # 5 MB of zeros packs to a few kilobytes: over 100:1.
    tight = zip_bytes([("zeros.bin", b"\0" * (5 * MIB))])
    assert len(tight) < 50_000
    assert "packed far more tightly than real files pack (over 100:1)" in refusal(tight, "a.zip")
    # Entries that claim to unpack to 2 x 120 MB.
    claims = patch_central_sizes(
        zip_bytes([("a.txt", b"a" * 100), ("b.txt", b"b" * 100)]), 120 * MIB
    )
    assert refusal(claims, "a.zip") == (
        "The ZIP would unpack to more than 200 MB; we accept at most 200 MB unpacked."
    )
    assert "ponad 200 MB" in refusal(claims, "a.zip", "pl")
    many = zip_bytes([(f"f{i}.txt", b"x") for i in range(1001)])
    assert "more than 1,000 files (it has 1,001)" in refusal(many, "a.zip")
    assert "więcej niż 1000 plików (ma ich 1001)" in refusal(many, "a.zip", "pl").replace(
        "\xa0", ""
    )


def test_archives_we_cannot_check_or_that_climb_out_are_refused() -> None:
    plain = zip_bytes([("a.txt", b"hello " * 100)])
    assert "protected by a password" in refusal(set_encrypted_flag(plain), "a.zip")
    assert "points outside the archive" in refusal(zip_bytes([("../../evil.sh", b"x")]), "a.zip")
    assert "points outside the archive" in refusal(zip_bytes([("/etc/cron.d/x", b"x")]), "a.zip")
    link = zipfile.ZipInfo("innocent")
    link.external_attr = 0o120777 << 16
    assert "or a link (innocent)" in refusal(zip_bytes([(link, b"/etc/passwd")]), "a.zip")
    assert "a Windows program (tool.exe)" in refusal(zip_bytes([("tool.exe", b"x")]), "a.zip")
    assert "(notes.dat)" in refusal(zip_bytes([("notes.dat", WINDOWS_PROGRAM)]), "a.zip")
    site = zip_bytes([("nginx/sites/example.com", b"server { listen 443; }\n")])
    assert check_upload(site, "config.zip").kind == "zip"  # a domain, not a DOS program
    damaged = bytearray(plain)
    damaged[40] ^= 0xFF  # inside the packed data: the CRC no longer matches
    assert "This file is damaged" in refusal(bytes(damaged), "a.zip")
    assert "This file is damaged" in refusal(plain[: len(plain) - 10], "a.zip")
    assert refusal(zip_bytes([]), "a.zip") == "The ZIP archive is empty."


# ------------------------------------------------------------------ nothing crashes


MAGICS = [
    b"",
    b"%PDF-1.7\n",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF89a",
    b"RIFF\x00\x00\x00\x00WEBP",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"MZ",
    b"<html>",
    b"\xef\xbb\xbf",
]
NAMES = st.one_of(
    st.sampled_from(["a.pdf", "a.png", "a.jpg", "a.docx", "a.zip", "a.txt", "a", ".pdf", "a.exe"]),
    st.text(max_size=40),
)
SAMPLES = [
    pdf_bytes(),
    image_bytes("PNG"),
    image_bytes("GIF"),
    image_bytes("WEBP"),
    image_bytes("JPEG"),
    ooxml_bytes("docx"),
    odf_bytes(),
    zip_bytes([("a.txt", b"abc" * 50)]),
]


def only_accepted_or_invalid(data: bytes, name: str) -> None:
    try:
        accepted = check_upload(data, name, max_bytes=MIB)
    except InvalidInput:
        return
    assert isinstance(accepted, Accepted)
    assert accepted.size == len(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(magic=st.sampled_from(MAGICS), tail=st.binary(max_size=600), name=NAMES)
def test_arbitrary_bytes_never_raise_anything_but_invalid_input(
    magic: bytes, tail: bytes, name: str
) -> None:
    only_accepted_or_invalid(magic + tail, name)


@settings(max_examples=200, deadline=None)
@given(
    sample=st.sampled_from(SAMPLES),
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(1, 255)), max_size=6),
    cut=st.integers(min_value=0, max_value=100),
)
def test_damaged_real_files_never_raise_anything_but_invalid_input(
    sample: bytes, flips: list[tuple[int, int]], cut: int
) -> None:
    data = bytearray(sample)
    for at, mask in flips:
        data[at % len(data)] ^= mask
    data = data[: max(1, len(data) * (100 - cut) // 100)] if cut > 50 else data
    only_accepted_or_invalid(bytes(data), "evidence")


# ------------------------------------------------------------------ names


@given(st.text(max_size=400), st.sampled_from([None, "pdf", "text", "jpeg", "zip"]))
def test_safe_filename_never_contains_separators_or_controls(name: str, kind: str | None) -> None:
    safe = safe_filename(name, kind)
    assert safe and safe not in (".", "..")
    assert not any(ch in safe for ch in "/\\\0")
    assert not any(unicodedata.category(ch)[0] == "C" for ch in safe)
    assert len(safe) <= 120 and len(safe.encode()) <= 200
    assert not safe.startswith((".", " ")) and not safe.endswith((".", " "))
    if kind == "pdf":
        assert safe.endswith(".pdf")


def test_safe_filename_keeps_polish_letters_and_drops_tricks() -> None:
    assert safe_filename("Zażółć gęślą jaźń.pdf") == "Zażółć gęślą jaźń.pdf"
    assert safe_filename("Z\u0061\u0307o\u0301łć.pdf") == "Zȧółć.pdf"  # composed (NFC)
    assert safe_filename("../../etc/passwd") == "passwd"
    assert safe_filename("C:\\Users\\anna\\cv.pdf") == "cv.pdf"
    assert safe_filename("invoice\u202efdp.exe") == "invoicefdp.exe"  # no RTL override
    assert safe_filename("a\x00b\r\nc.txt") == "abc.txt"
    assert safe_filename("CON.txt") == "_CON.txt"
    assert safe_filename('what?<>:"|*.txt') == "what_______.txt"
    assert safe_filename("...") == "file"
    assert safe_filename("report.exe", "pdf") == "report.exe.pdf"
    long = safe_filename("ż" * 300 + ".docx")
    assert long.endswith(".docx") and len(long.encode()) <= 200


# ------------------------------------------------------------------ evidence links


@pytest.mark.parametrize(
    ("url", "tidy"),
    [
        ("https://github.com/anna/thesis", "https://github.com/anna/thesis"),
        (
            "  HTTPS://GitHub.com/Anna/Thesis?tab=readme#top ",
            "https://github.com/Anna/Thesis?tab=readme#top",
        ),
        ("https://zażółć.pl/portfolio", "https://zażółć.pl/portfolio"),
        ("https://8.8.8.8/x", "https://8.8.8.8/x"),
        ("https://[2001:4860:4860::8888]/", "https://[2001:4860:4860::8888]/"),
        ("https://example.org:8443/p", "https://example.org:8443/p"),
    ],
)
def test_public_https_links_are_accepted_and_tidied(url: str, tidy: str) -> None:
    assert check_evidence_link(url) == tidy


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("", "Enter the link."),
        ("http://github.com/anna", "must start with https://"),
        ("javascript:alert(1)", "must start with https://"),
        ("ftp://files.example.org/x", "must start with https://"),
        ("https://anna:hunter2@github.com/anna", "Remove the name and password"),
        ("https://token@github.com/anna", "Remove the name and password"),
        ("https://127.0.0.1/admin", "private network"),
        ("https://localhost:3000/", "private network"),
        ("https://app.localhost/", "private network"),
        ("https://[::1]/", "private network"),
        ("https://[::ffff:127.0.0.1]/", "private network"),
        ("https://10.1.2.3/", "private network"),
        ("https://192.168.0.1/router", "private network"),
        ("https://169.254.169.254/latest/meta-data", "private network"),
        ("https://2130706433/", "private network"),
        ("https://0x7f.1/", "private network"),
        ("https://127.1/", "private network"),
        ("https://0/", "private network"),
        ("https://intranet/wiki", "private network"),
        ("https://printer.local/", "private network"),
        ("https://1.2.3.4.5/", "not a valid web address"),
        ("https://exa mple.org/", "not a valid web address"),
        ("https://example.org:99999/", "not a valid web address"),
        ("https:///path-only", "not a valid web address"),
        ("https://example.org/" + "a" * 2000, "longer than 2,000 characters"),
    ],
)
def test_links_assessors_should_not_open_are_refused(url: str, reason: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_evidence_link(url)
    assert reason in caught.value.text("en")


def test_trusted_test_hosts_may_be_plain_http_on_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    from microcred_market.settings import reset_settings_cache

    monkeypatch.setenv("VERIFIER_TRUSTED_HOSTS", "127.0.0.1:8123")
    reset_settings_cache()
    try:
        assert check_evidence_link("http://127.0.0.1:8123/repo") == "http://127.0.0.1:8123/repo"
        with pytest.raises(InvalidInput):
            check_evidence_link("http://127.0.0.1:8124/repo")
    finally:
        reset_settings_cache()


@given(st.text(max_size=300))
def test_any_link_text_is_accepted_or_refused_with_a_reason(url: str) -> None:
    try:
        tidy = check_evidence_link(url)
    except InvalidInput as error:
        assert error.text("en")
        return
    assert tidy.startswith("https://")


# ------------------------------------------------------------------ downloads


def test_downloads_are_attachments_in_the_type_found_and_sandboxed() -> None:
    accepted = check_upload(pdf_bytes(), "Praca zaliczeniowa – Łódź.pdf")
    headers = download_headers(accepted)
    assert headers["Content-Disposition"] == (
        'attachment; filename="Praca zaliczeniowa _ Lodz.pdf"; '
        "filename*=UTF-8''Praca%20zaliczeniowa%20%E2%80%93%20%C5%81%C3%B3d%C5%BA.pdf"
    )
    assert headers["Content-Type"] == "application/pdf"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"].split("; ")
    assert "default-src 'none'" in headers["Content-Security-Policy"]
    assert headers["Content-Length"] == str(accepted.size)


@given(st.text(max_size=200))
def test_download_headers_are_valid_http_for_any_stored_name(name: str) -> None:
    meta = Accepted("text", "text/plain; charset=utf-8", name, 1, "0" * 64)
    for value in download_headers(meta).values():
        value.encode("latin-1")  # HTTP header values; would raise otherwise
        assert "\r" not in value and "\n" not in value


def test_a_stored_files_row_gives_the_same_headers_made_safe_again() -> None:
    from dataclasses import dataclass

    @dataclass
    class Row:  # the shape of assessments' EvidenceFile
        content_type: str
        filename: str
        size: int

    headers = download_headers(Row("application/pdf", "../../Zadanie\u202e.pdf", 10))
    assert headers["Content-Disposition"] == (
        "attachment; filename=\"Zadanie.pdf\"; filename*=UTF-8''Zadanie.pdf"
    )
    assert headers["Content-Length"] == "10"
