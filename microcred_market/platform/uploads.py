"""Checking a learner's uploaded evidence before it is stored, and serving it back safely.

An assessor downloads and opens what a stranger uploaded, on their own computer, where
none of our browser protections apply. So a file is judged by what it is, never by its
name or the browser's content type: its first bytes and its structure decide the kind,
and the name must agree (a Windows program or a web page named `.pdf` is refused with a
message that says what it really is).

Accepted: PDF, PNG, JPEG, GIF, WebP, Office Open XML (docx, xlsx, pptx: a ZIP with
`[Content_Types].xml`), OpenDocument (odt, ods, odp: a ZIP whose first entry is
`mimetype`), ZIP archives and plain UTF-8 text. Decisions, each with its reason:

- Legacy Office files (.doc, .xls, .ppt: OLE2) and RTF are refused: they are the usual
  carriers of macro and embedded-object exploits and we cannot look inside them without
  a parser of their own; every office program saves docx/odt or PDF.
- Documents with macros (docm, xlsm, pptm, `vbaProject.bin`, ODF `Basic/`/`Scripts/`)
  are refused, as macros run when the document is opened.
- A PDF must start with `%PDF-` at byte 0. Readers accept a header anywhere in the first
  kilobyte, which is how PDF/HTML and PDF/ZIP polyglots are made; no PDF writer puts
  anything before it, so "something before the PDF" is refused. A PDF must end with
  `%%EOF` (a cut-off upload is caught here) and must not name `/JavaScript` or
  `/Launch` actions in its uncompressed parts (a cheap first line; names hidden inside
  compressed object streams are not found).
- ZIP archives: at most 1000 entries, at most 200 MB unpacked, no entry packed more
  tightly than 100:1 (real files stay well below; zip bombs are far above), no
  overlapping entries, no encryption (we could not check what is inside), no paths
  leaving the archive and no links, no Windows programs (by name or by an `MZ` header),
  only Stored, Deflate, BZIP2 and LZMA. Every entry is actually unpacked (bounded by the
  above) so that a damaged archive is refused now rather than found by the assessor.
  Archives inside the archive are not opened.
- Text must be UTF-8 (a BOM is allowed) without NUL bytes. What a browser would take for
  a web page (`<html`, `<script`, ... at the start), SVG and XML are refused even when
  named `.txt`: opened from a download folder they would run. Text with a name of
  another kind (`solution.py`) is accepted and its safe name ends in `.txt`.
- Images are opened with Pillow, restricted to the one format their magic names, and
  refused above 150 megapixels (an image bomb stalls the viewer that opens it).

Every failure is an `InvalidInput` with a key of the `uploads` block of the catalogue;
any other exception while reading a hostile file counts as "damaged", never a crash.
"""

from __future__ import annotations

import hashlib
import io
import ipaddress
import re
import stat
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Protocol, TypeVar
from urllib.parse import quote, urlsplit, urlunsplit

from microcred_market.platform.errors import InvalidInput, TooLarge
from microcred_market.platform.i18n import Phrase
from microcred_market.platform.security_headers import API_POLICY
from microcred_market.settings import get_settings

MIB = 1024 * 1024
MAX_ZIP_ENTRIES = 1000
MAX_ZIP_UNPACKED = 200 * MIB
MAX_ZIP_RATIO = 100  # unpacked : packed, per entry larger than ZIP_RATIO_FLOOR
ZIP_RATIO_FLOOR = MIB  # tiny entries (an empty-ish file) may pack as tightly as they like
MAX_IMAGE_PIXELS = 150_000_000
MAX_FILENAME_CHARS = 120
MAX_FILENAME_BYTES = 200
MAX_LINK_LENGTH = 2000
HEAD = 64 * 1024

Data = bytes | IO[bytes]


@dataclass(frozen=True)
class Kind:
    content_type: str
    extensions: tuple[str, ...]  # the first is added to a name that has none of them


# What we accept, by the name the rest of the code uses for it.
KINDS: dict[str, Kind] = {
    "pdf": Kind("application/pdf", ("pdf",)),
    "png": Kind("image/png", ("png",)),
    "jpeg": Kind("image/jpeg", ("jpg", "jpeg", "jpe", "jfif")),
    "gif": Kind("image/gif", ("gif",)),
    "webp": Kind("image/webp", ("webp",)),
    "docx": Kind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)
    ),
    "xlsx": Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
    "pptx": Kind(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation", ("pptx",)
    ),
    "odt": Kind("application/vnd.oasis.opendocument.text", ("odt",)),
    "ods": Kind("application/vnd.oasis.opendocument.spreadsheet", ("ods",)),
    "odp": Kind("application/vnd.oasis.opendocument.presentation", ("odp",)),
    "zip": Kind("application/zip", ("zip",)),
    "text": Kind("text/plain; charset=utf-8", ("txt", "md", "csv", "tsv", "log")),
}

# What a name's extension claims the file is: an accepted kind or a refused one.
_CLAIMS: dict[str, str] = {ext: kind for kind, spec in KINDS.items() for ext in spec.extensions}
_CLAIMS.update(
    {ext: "windows_program" for ext in ("exe", "dll", "msi", "msp", "scr", "com", "pif", "cpl")}
    | {ext: "windows_program" for ext in ("sys", "lnk", "appx", "msix", "application")}
    | {ext: "script" for ext in ("bat", "cmd", "ps1", "vbs", "vbe", "js", "mjs", "jse")}
    | {ext: "script" for ext in ("wsf", "wsh", "hta", "reg", "command", "scpt")}
    | {ext: "web_page" for ext in ("html", "htm", "xhtml", "shtml", "mht", "mhtml")}
    | {"svg": "svg", "svgz": "svg", "xml": "xml", "rtf": "rtf", "jar": "program", "apk": "program"}
    | {ext: "old_office" for ext in ("doc", "dot", "xls", "xlt", "ppt", "pps", "pot", "msg")}
    | {ext: "macro_document" for ext in ("docm", "dotm", "xlsm", "xltm", "xlsb", "pptm")}
    | {ext: "other_archive" for ext in ("rar", "7z", "gz", "tgz", "tar", "bz2", "xz", "zst")}
    | {ext: "other_archive" for ext in ("cab", "iso", "dmg", "img")}
)
# Inside a ZIP: what Windows runs on a double click (not `.com`: repositories hold
# configuration files named after domains; a real program is still caught by its `MZ`).
_RUNNABLE_IN_ZIP = frozenset(
    ext
    for ext, kind in _CLAIMS.items()
    if (kind == "windows_program" and ext != "com") or ext in ("vbs", "hta")
) | {"vbe", "jse", "wsf", "wsh", "reg"}

# The hint shown with a refused kind: what to do instead.
_HINTS: dict[str, str] = {
    "old_office": "error.uploads.hint_save_as_new_office",
    "rtf": "error.uploads.hint_save_as_new_office",
    "macro_document": "error.uploads.hint_remove_macros",
    "other_archive": "error.uploads.hint_use_zip",
    "web_page": "error.uploads.hint_save_as_pdf",
    "svg": "error.uploads.hint_save_as_pdf",
    "xml": "error.uploads.hint_use_zip",
}
_ACCEPTED_HINT = "error.uploads.hint_accepted"

# What a browser sniffs as HTML (WHATWG MIME Sniffing), then SVG and other XML.
_HTML_START = re.compile(
    rb"<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p"
    rb"|!--)(?:[\s>]|$)",
    re.I,
)
_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")
# Every script action says `/S /JavaScript` (the shorter `/JS` key would match random
# bytes of compressed images about once in 20 MB); a program to start, `/S /Launch`.
_PDF_ACTIVE = re.compile(rb"/(?:JavaScript|Launch)(?![A-Za-z0-9])")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class Accepted:
    kind: str
    content_type: str
    safe_filename: str
    size: int
    sha256: str


def _vocab(label: str) -> Phrase:
    return Phrase(f"vocab.file_kind.{label}")


def _hint(label: str) -> Phrase:
    return Phrase(_HINTS.get(label, _ACCEPTED_HINT))


class _Refused(Exception):
    """The content is a kind we refuse (the label), decided by the sniffer."""

    def __init__(self, label: str) -> None:
        super().__init__(label)
        self.label = label


# --------------------------------------------------------------------- names


_WINDOWS_RESERVED = re.compile(r"(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?")
_UNSAFE_CHARS = re.compile(r'[<>:"/\\|?*]')


def _clip(text: str, chars: int, max_bytes: int) -> str:
    text = text[:chars]
    while len(text.encode("utf-8")) > max_bytes:
        text = text[:-1]
    return text


def extension(name: str) -> str:
    """The lowercased extension of a name ("" if none, or if it is no plausible one)."""
    stem, dot, ext = name.rpartition(".")
    ext = ext.lower()
    return ext if dot and stem.strip(". ") and re.fullmatch(r"[a-z0-9]{1,16}", ext) else ""


def safe_filename(name: str, kind: str | None = None) -> str:
    """A name to save and offer the file under: no folders, no control or direction
    characters, nothing Windows refuses, at most 120 characters (200 bytes), the
    extension of `kind` when given. Letters of any language stay (NFC), so "Zażółć.pdf"
    stays as typed."""
    name = unicodedata.normalize("NFC", str(name))
    name = re.split(r"[/\\]", name)[-1]  # a path from an old browser: keep the last part
    kept = []
    for ch in name:
        category = unicodedata.category(ch)
        if category[0] == "C" or category in ("Zl", "Zp"):
            continue  # controls, RTL/LTR overrides, zero-width, BOM, surrogates, unassigned
        kept.append(" " if category == "Zs" else ch)
    name = _UNSAFE_CHARS.sub("_", "".join(kept))
    name = re.sub(r"\s+", " ", name).strip(" .")
    if _WINDOWS_RESERVED.fullmatch(name):
        name = "_" + name
    wanted = KINDS[kind].extensions if kind else ()
    ext = extension(name)
    stem, suffix = (name[: -len(ext) - 1], name[-len(ext) - 1 :]) if ext else (name, "")
    if wanted and ext not in wanted:
        stem, suffix = name, "." + wanted[0]  # "solution.py" (text) -> "solution.py.txt"
    room_chars = MAX_FILENAME_CHARS - len(suffix)
    room_bytes = MAX_FILENAME_BYTES - len(suffix.encode("utf-8"))
    stem = _clip(stem, room_chars, room_bytes).rstrip(" .")
    if not stem:
        stem = "file"
    return stem + suffix


# --------------------------------------------------------------------- sniffing

T = TypeVar("T")


def _guarded(damaged_key: str, work: Callable[[], T]) -> T:
    """Run a parser on hostile bytes: our refusals pass, anything else means damaged."""
    try:
        return work()
    except (InvalidInput, _Refused):
        raise
    except Exception as error:  # a hostile file may break a parser in any way
        raise InvalidInput(damaged_key) from error


def _sniff(stream: IO[bytes], head: bytes, size: int) -> str:
    if head.startswith(b"%PDF-"):
        return _check_pdf(stream, head, size)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _check_image(stream, "png", "PNG")
    if head.startswith(b"\xff\xd8\xff"):
        return _check_image(stream, "jpeg", "JPEG")
    if head.startswith((b"GIF87a", b"GIF89a")):
        return _check_image(stream, "gif", "GIF")
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return _check_image(stream, "webp", "WEBP")
    if head.startswith(b"PK\x03\x04"):
        return _guarded("error.uploads.zip_damaged", lambda: _check_zip(stream, size))
    if head.startswith((b"PK\x05\x06", b"PK\x07\x08")):
        raise InvalidInput("error.uploads.zip_empty")
    if b"%PDF-" in head[1:1024]:
        raise InvalidInput("error.uploads.pdf_prefix")  # a polyglot, or a PDF inside junk
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise _Refused("old_office")
    if head.startswith(b"MZ"):
        raise _Refused("windows_program")
    if head.startswith(b"\x7fELF"):
        raise _Refused("linux_program")
    if head[:4] in (
        b"\xfe\xed\xfa\xce",
        b"\xfe\xed\xfa\xcf",
        b"\xce\xfa\xed\xfe",
        b"\xcf\xfa\xed\xfe",
        b"\xca\xfe\xba\xbe",
    ):
        raise _Refused("program")
    if head.startswith(b"{\\rtf"):
        raise _Refused("rtf")
    if (
        head.startswith((b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh"))
        or head.startswith((b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd", b"MSCF"))
        or head[257:262] == b"ustar"
    ):
        raise _Refused("other_archive")
    if head.startswith(b"#!"):
        raise _Refused("script")
    return _check_text(stream, head)


def _check_pdf(stream: IO[bytes], head: bytes, size: int) -> str:
    if not _PDF_HEADER.match(head):
        raise InvalidInput("error.uploads.pdf_damaged")
    stream.seek(max(0, size - 2048))
    tail = stream.read().rstrip(b"\r\n\t \x00")
    if b"%%EOF" not in tail[-1024:]:
        raise InvalidInput("error.uploads.pdf_incomplete")
    stream.seek(0)
    previous = b""
    while chunk := stream.read(MIB):
        window = previous + chunk
        if _PDF_ACTIVE.search(_PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), window)):
            raise InvalidInput("error.uploads.pdf_active_content")
        previous = chunk[-64:]
    return "pdf"


def _check_image(stream: IO[bytes], kind: str, pillow_format: str) -> str:
    from PIL import Image  # only uploads of images pay for importing Pillow

    def check() -> str:
        stream.seek(0)
        try:
            with Image.open(stream, formats=[pillow_format]) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise InvalidInput(
                        "error.uploads.image_too_many_pixels", limit=MAX_IMAGE_PIXELS // 1_000_000
                    )
                image.verify()
        except Image.DecompressionBombError as error:
            raise InvalidInput(
                "error.uploads.image_too_many_pixels", limit=MAX_IMAGE_PIXELS // 1_000_000
            ) from error
        return kind

    return _guarded("error.uploads.image_damaged", check)


def _check_text(stream: IO[bytes], head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput("error.uploads.text_not_utf8")
    stream.seek(0)
    body = stream.read()
    if b"\x00" in body:
        raise _Refused("unknown")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # Mostly binary noise; text in another code page gets the specific advice.
        # Text in a legacy code page has (almost) no control bytes; binary data has many.
        sample = body[:4096]
        controls = sum(b < 32 and b not in (9, 10, 12, 13, 27) or b == 127 for b in sample)
        if controls <= len(sample) // 100:
            raise InvalidInput("error.uploads.text_not_utf8") from error
        raise _Refused("unknown") from error
    start = text[:1024].lstrip().encode("utf-8", "replace")
    lowered = start.lower()
    if lowered.startswith(b"<svg") or (lowered.startswith(b"<?xml") and b"<svg" in lowered):
        raise _Refused("svg")
    if _HTML_START.match(start):
        raise _Refused("web_page")
    if lowered.startswith(b"<?xml"):
        raise _Refused("xml")
    return "text"


def _unsafe_name(name: str) -> bool:
    parts = re.split(r"[/\\]", name)
    return (
        name.startswith(("/", "\\"))
        or bool(re.match(r"[A-Za-z]:", name))
        or any(part == ".." for part in parts)
        or any(unicodedata.category(ch)[0] == "C" for ch in name)
    )


def _check_zip(stream: IO[bytes], size: int) -> str:
    stream.seek(0)
    archive = zipfile.ZipFile(stream)
    infos = archive.infolist()
    if not infos:
        raise InvalidInput("error.uploads.zip_empty")
    if len(infos) > MAX_ZIP_ENTRIES:
        raise InvalidInput(
            "error.uploads.zip_too_many_entries", n=len(infos), limit=MAX_ZIP_ENTRIES
        )
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_ZIP_UNPACKED:
        raise InvalidInput("error.uploads.zip_too_big_unpacked", limit=MAX_ZIP_UNPACKED // MIB)
    names = set()
    for info in infos:
        if info.flag_bits & 0x1:
            raise InvalidInput("error.uploads.zip_encrypted")
        if info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
            zipfile.ZIP_BZIP2,
            zipfile.ZIP_LZMA,
        ):
            raise InvalidInput("error.uploads.zip_method")
        mode = info.external_attr >> 16
        if _unsafe_name(info.filename) or stat.S_ISLNK(mode):
            raise InvalidInput("error.uploads.zip_unsafe_path", name=safe_filename(info.filename))
        if info.filename in names:
            raise InvalidInput("error.uploads.zip_damaged")
        names.add(info.filename)
        if info.file_size > ZIP_RATIO_FLOOR and info.file_size > MAX_ZIP_RATIO * max(
            info.compress_size, 1
        ):
            raise InvalidInput("error.uploads.zip_bomb", ratio=MAX_ZIP_RATIO)
        if not info.is_dir() and extension(info.filename) in _RUNNABLE_IN_ZIP:
            raise InvalidInput("error.uploads.zip_program", name=safe_filename(info.filename))
    # Entries that share bytes (the overlapping-file bomb) or reach past the archive.
    ordered = sorted(infos, key=lambda info: info.header_offset)
    for this, following in zip(ordered, ordered[1:], strict=False):
        if this.header_offset + 30 + this.compress_size > following.header_offset:
            raise InvalidInput("error.uploads.zip_bomb", ratio=MAX_ZIP_RATIO)
    if ordered[-1].header_offset + 30 + ordered[-1].compress_size > size:
        raise InvalidInput("error.uploads.zip_damaged")
    # Unpack every entry for real (CRC checked), counting what comes out.
    produced = 0
    for info in infos:
        if info.is_dir():
            continue
        with archive.open(info) as entry:
            first = True
            while chunk := entry.read(MIB):
                if first and chunk.startswith(b"MZ") and len(chunk) >= 64:
                    raise InvalidInput(
                        "error.uploads.zip_program", name=safe_filename(info.filename)
                    )
                first = False
                produced += len(chunk)
                if produced > MAX_ZIP_UNPACKED:
                    raise InvalidInput(
                        "error.uploads.zip_too_big_unpacked", limit=MAX_ZIP_UNPACKED // MIB
                    )
    return _zip_kind(archive, infos)


def _zip_kind(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> str:
    lowered = [info.filename.lower() for info in infos]
    if "[content_types].xml" in lowered:
        types_info = infos[lowered.index("[content_types].xml")]
        if types_info.file_size > MIB:
            raise InvalidInput("error.uploads.zip_damaged")
        types = archive.read(types_info).lower()
        if b"macroenabled" in types or any(name.endswith("vbaproject.bin") for name in lowered):
            raise InvalidInput("error.uploads.macros")
        for kind, part in (
            ("docx", b"wordprocessingml."),
            ("xlsx", b"spreadsheetml."),
            ("pptx", b"presentationml."),
        ):
            if re.search(re.escape(part) + rb"[a-z]+\.main\+xml", types):
                return kind
        return "zip"
    if lowered[0] == "mimetype" and infos[0].file_size <= 200:
        mimetype = archive.read(infos[0]).strip()
        odf = {
            b"application/vnd.oasis.opendocument.text": "odt",
            b"application/vnd.oasis.opendocument.spreadsheet": "ods",
            b"application/vnd.oasis.opendocument.presentation": "odp",
        }.get(mimetype)
        if odf:
            if any(name.startswith(("basic/", "scripts/")) for name in lowered):
                raise InvalidInput("error.uploads.macros")
            return odf
    return "zip"


# --------------------------------------------------------------------- the check


def max_upload_bytes() -> int:
    return get_settings().upload_max_mb * MIB


def _as_stream(data: Data) -> IO[bytes]:
    if isinstance(data, bytes | bytearray | memoryview):
        return io.BytesIO(bytes(data))
    return data


def check_upload(data: Data, filename: str, *, max_bytes: int | None = None) -> Accepted:
    """What the file is, if we take it; else InvalidInput saying why in the reader's words.

    `data` is the whole file as bytes or a seekable binary file (Starlette's spooled
    upload). The browser's content type is not asked for: it is whatever the name says.
    """
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    stream = _as_stream(data)
    digest = hashlib.sha256()
    size = 0
    stream.seek(0)
    while chunk := stream.read(MIB):
        size += len(chunk)
        if size > limit:
            raise TooLarge("error.uploads.too_large", limit=limit // MIB)
        digest.update(chunk)
    if size == 0:
        raise InvalidInput("error.uploads.empty")
    stream.seek(0)
    head = stream.read(HEAD)
    ext = extension(safe_filename(filename or ""))
    claimed = _CLAIMS.get(ext)
    try:
        kind = _sniff(stream, head, size)
    except _Refused as refused:
        label = refused.label
        if label == "old_office" and claimed == "windows_program":
            label = claimed  # an .msi installer is OLE2 too
        if label == "unknown":
            if claimed and claimed in KINDS:
                raise InvalidInput(
                    "error.uploads.not_what_it_says", claimed=_vocab(claimed), hint=_hint(label)
                ) from None
            raise InvalidInput("error.uploads.unrecognised", hint=_hint(label)) from None
        if claimed and claimed != label:
            raise InvalidInput(
                "error.uploads.kind_refused_as",
                what=_vocab(label),
                claimed=_vocab(claimed),
                hint=_hint(label),
            ) from None
        raise InvalidInput(
            "error.uploads.kind_refused", what=_vocab(label), hint=_hint(label)
        ) from None
    if claimed is not None and claimed != kind:
        # "cv.pdf" that is a PNG, "evil.js" that is text: the name would open it wrongly.
        raise InvalidInput("error.uploads.name_mismatch", what=_vocab(kind), ext=ext)
    stream.seek(0)
    return Accepted(
        kind=kind,
        content_type=KINDS[kind].content_type,
        safe_filename=safe_filename(filename or "", kind),
        size=size,
        sha256=digest.hexdigest(),
    )


# --------------------------------------------------------------------- links


_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".lan")


def _whatwg_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The address a browser makes of a numeric host (`127.1`, `0x7f.0.0.1`, `2130706433`),
    None if the host is a name, InvalidInput if a browser would refuse it too."""
    labels = host.split(".")
    if labels and labels[-1] == "" and len(labels) > 1:
        labels = labels[:-1]
    last = labels[-1]
    if not (last.isdigit() or re.fullmatch(r"0[xX][0-9A-Fa-f]*", last)):
        return None
    numbers = []
    for label in labels:
        try:
            if re.fullmatch(r"0[xX][0-9A-Fa-f]*", label):
                numbers.append(int(label[2:] or "0", 16))
            elif len(label) > 1 and label.startswith("0"):
                numbers.append(int(label, 8))
            else:
                numbers.append(int(label, 10))
        except ValueError:
            raise InvalidInput("error.uploads.link_invalid") from None
    if len(numbers) > 4 or any(n > 255 for n in numbers[:-1]):
        raise InvalidInput("error.uploads.link_invalid")
    if numbers[-1] >= 256 ** (5 - len(numbers)):
        raise InvalidInput("error.uploads.link_invalid")
    value = numbers[-1]
    for index, number in enumerate(numbers[:-1]):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def check_evidence_link(url: str) -> str:
    """A link a learner gives as evidence (a repository, a portfolio), tidied, or
    InvalidInput. Only https, no name or password in it, no address on a private
    network or this computer (an assessor's browser would open it inside their own
    network). Hosts listed in VERIFIER_TRUSTED_HOSTS (tests on loopback) may be http
    and private. Names are not resolved: we never fetch the link, and an answer now
    says nothing about where the name points when the assessor clicks."""
    url = (url or "").strip()
    if not url:
        raise InvalidInput("error.uploads.link_empty")
    if len(url) > MAX_LINK_LENGTH:
        raise InvalidInput("error.uploads.link_too_long", limit=MAX_LINK_LENGTH)
    if any(ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in url):
        raise InvalidInput("error.uploads.link_invalid")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise InvalidInput("error.uploads.link_invalid") from None
    scheme = parts.scheme.lower()
    if "@" in parts.netloc:
        raise InvalidInput("error.uploads.link_credentials")
    host = (parts.hostname or "").rstrip(".")
    host_key = f"{host}:{port}" if port else host
    trusted = host_key in get_settings().verifier_trusted_hosts
    if scheme != "https" and not (trusted and scheme == "http"):
        raise InvalidInput("error.uploads.link_not_https")
    if not host:
        raise InvalidInput("error.uploads.link_invalid")
    if not trusted:
        try:
            address: ipaddress.IPv4Address | ipaddress.IPv6Address | None = (
                ipaddress.IPv6Address(host) if ":" in host else _whatwg_ipv4(host)
            )
        except ValueError:
            raise InvalidInput("error.uploads.link_invalid") from None
        if address is not None:
            if not _public(address):
                raise InvalidInput("error.uploads.link_private")
        else:
            try:
                host.encode("idna")
            except UnicodeError:
                raise InvalidInput("error.uploads.link_invalid") from None
            if "." not in host or host == "localhost" or host.endswith(_LOCAL_SUFFIXES):
                raise InvalidInput("error.uploads.link_private")
    netloc = parts.netloc.lower()
    return urlunsplit((scheme, netloc, parts.path, parts.query, parts.fragment))


# --------------------------------------------------------------------- downloads


class DownloadMeta(Protocol):
    """What `check_upload` returned (an `Accepted`)."""

    @property
    def content_type(self) -> str: ...

    @property
    def safe_filename(self) -> str: ...

    @property
    def size(self) -> int: ...


class StoredFileMeta(Protocol):
    """A stored file's row (e.g. `assessments.models.EvidenceFile`), its name as `filename`."""

    @property
    def content_type(self) -> str: ...

    @property
    def filename(self) -> str: ...

    @property
    def size(self) -> int: ...


# A download is never a document to run, even if a browser were to render it.
DOWNLOAD_POLICY = f"{API_POLICY}; sandbox"


def _ascii_name(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.translate(str.maketrans("łŁ", "lL")))
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    plain = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\%' else "_" for ch in plain)
    return plain or "file"


def download_headers(meta: DownloadMeta | StoredFileMeta) -> dict[str, str]:
    """Headers to send a stored upload to an assessor with: always a download, in the
    type we found (never sniffed again by the browser), and sandboxed should it be
    shown anyway. The name is given twice: plain ASCII for old clients and UTF-8
    (RFC 6266/8187), so "Praca_zaliczeniowa_Łódź.pdf" arrives as it was named."""
    # Made safe again: a row may outlive the rules it was stored under.
    stored_name = getattr(meta, "safe_filename", None) or getattr(meta, "filename", "")
    name = safe_filename(str(stored_name))
    return {
        "Content-Type": meta.content_type,
        "Content-Disposition": (
            f"attachment; filename=\"{_ascii_name(name)}\"; filename*=UTF-8''{quote(name, safe='')}"
        ),
        "Content-Length": str(meta.size),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": DOWNLOAD_POLICY,
        "Cache-Control": "private, no-store",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
