"""Baked badges (Open Badges 3.0, section "Baked badges"): the credential inside its image.

PNG: one uncompressed `iTXt` chunk with the keyword `openbadgecredential` whose text is
the credential's JSON. SVG: an `<openbadges:credential>` element (namespace
`https://purl.imsglobal.org/ob/v3p0`) right after the root's opening tag, the JSON in
CDATA. Baking replaces any credential already there, so an image holds exactly one.

Unbaking reads files strangers upload, so it is strict: a size limit, chunk CRCs
checked, decompression capped, and SVG read with expat refusing any DOCTYPE (no
entities at all, so no XXE and no "billion laughs").

`badge_image` draws the PNG we bake: a round badge with the title, issuer, EQF level and
ECTS, in DejaVu Sans so Polish letters render.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import math
import re
import struct
import xml.parsers.expat
import zlib
from collections.abc import Iterator
from typing import Any, NoReturn

from PIL import Image, ImageDraw, ImageFont

from microcred_market.fonts import FONTS
from microcred_market.vc.verify import MAX_CREDENTIAL_BYTES, Unreadable, parse

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEYWORD = b"openbadgecredential"
OB_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
SVG_PREFIX = "openbadges"
MAX_PNG_BYTES = 8_000_000
MAX_SVG_BYTES = MAX_CREDENTIAL_BYTES
MAX_TEXT_BYTES = MAX_CREDENTIAL_BYTES  # a credential is a few kilobytes


class BakeError(Unreadable):
    """The file cannot give a credential; the message says why in plain words."""


class BadImage(BakeError):
    """Not a PNG or SVG we can read: wrong format, truncated, corrupt, unsafe or too big."""


class NotBaked(BakeError):
    """A readable image, but no Open Badges credential is baked into it."""


def credential_json(credential: dict[str, Any]) -> str:
    """The compact JSON text that is baked (UTF-8, no spaces)."""
    if not isinstance(credential, dict):
        raise TypeError("a credential to bake must be a JSON object (dict)")
    return json.dumps(credential, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _credential_from_text(text: str | bytes) -> dict[str, Any]:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as error:
            raise BadImage("the baked credential is not UTF-8 text") from error
    text = text.strip()
    if text.count(".") == 2 and not text.startswith("{"):
        raise NotBaked(
            "the badge holds a JWT-secured credential; this site reads JSON credentials only"
        )
    try:
        document = json.loads(text)
    except ValueError as error:
        raise BadImage("the data baked into the badge is not a JSON credential") from error
    if not isinstance(document, dict):
        raise BadImage("the data baked into the badge is not a credential (not a JSON object)")
    return document


# --- PNG -----------------------------------------------------------------------------


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _chunks(data: bytes) -> Iterator[tuple[bytes, bytes, bytes]]:
    """(type, body, raw bytes) of every chunk up to and including IEND, checked."""
    if not data.startswith(PNG_SIGNATURE):
        raise BadImage("this file is not a PNG image")
    if len(data) > MAX_PNG_BYTES:
        raise BadImage(f"the image is larger than {MAX_PNG_BYTES // 1_000_000} MB")
    position = len(PNG_SIGNATURE)
    first = True
    while True:
        if position + 12 > len(data):
            raise BadImage("the PNG image is truncated (it ends before its IEND chunk)")
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if length > 2**31 - 1 or end > len(data):
            raise BadImage("the PNG image is truncated or corrupt (a chunk runs past the end)")
        body = data[position + 8 : end - 4]
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(kind + body) != crc:
            raise BadImage(f"the PNG image is corrupt (bad checksum in its {kind!r} chunk)")
        if first and kind != b"IHDR":
            raise BadImage("the PNG image is corrupt (it does not start with IHDR)")
        first = False
        yield kind, body, data[position:end]
        if kind == b"IEND":
            return
        position = end


def _parse_itxt(body: bytes) -> tuple[bytes, bytes] | None:
    """(keyword, text as UTF-8 bytes) of an iTXt chunk, decompressing if needed."""
    try:
        keyword, rest = body.split(b"\x00", 1)
        flag, method, rest = rest[0], rest[1], rest[2:]
        _language, rest = rest.split(b"\x00", 1)
        _translated, text = rest.split(b"\x00", 1)
    except (ValueError, IndexError):
        return None
    if flag == 1:
        if method != 0:
            raise BadImage("the badge's credential uses an unknown PNG compression method")
        inflater = zlib.decompressobj()
        try:
            text = inflater.decompress(text, MAX_TEXT_BYTES + 1)
        except zlib.error as error:
            raise BadImage("the badge's compressed credential is corrupt") from error
        if len(text) > MAX_TEXT_BYTES or inflater.unconsumed_tail:
            raise BadImage("the badge's credential is larger than 2 MB")
    return keyword, text


def itxt_chunk(keyword: bytes, text: str) -> bytes:
    """A complete uncompressed iTXt chunk (no language tag, no translated keyword)."""
    return _chunk(b"iTXt", keyword + b"\x00\x00\x00" + b"\x00" + b"\x00" + text.encode("utf-8"))


def _is_credential_chunk(kind: bytes, body: bytes) -> bool:
    return kind == b"iTXt" and body.split(b"\x00", 1)[0] == PNG_KEYWORD


def bake_png(image_png: bytes, credential: dict[str, Any]) -> bytes:
    """The PNG with `credential` baked in (replacing any baked one); pixels unchanged."""
    chunk = itxt_chunk(PNG_KEYWORD, credential_json(credential))
    parts = [PNG_SIGNATURE]
    for kind, body, raw in _chunks(image_png):
        if _is_credential_chunk(kind, body):
            continue
        if kind == b"IEND":
            parts.append(chunk)
        parts.append(raw)
    return b"".join(parts)


def unbake_png(data: bytes) -> dict[str, Any]:
    """The credential baked into a PNG.

    Raises `BadImage` for a file that is not a sound PNG and `NotBaked` for a PNG without
    exactly one credential (a missing credential is an error, never None).
    """
    found: list[bytes] = []
    for kind, body, _raw in _chunks(data):
        if not _is_credential_chunk(kind, body):
            continue
        parsed = _parse_itxt(body)
        if parsed is None:
            raise BadImage("the badge's credential chunk is malformed")
        found.append(parsed[1])
    if not found:
        raise NotBaked("this PNG has no Open Badges credential baked into it")
    if len(found) > 1:
        raise BadImage("this PNG has more than one baked credential; it must have exactly one")
    return _credential_from_text(found[0])


# --- SVG -----------------------------------------------------------------------------


class _SvgScan:
    """One strict expat pass: where the root and credential elements are, and their text."""

    element = [OB_NAMESPACE, "credential"]

    def __init__(self) -> None:
        self.root_name = ""
        self.root_start = -1
        self.credentials: list[tuple[int, int]] = []  # byte spans of start events / end events
        self.texts: list[str] = []
        self.verify_attributes: list[str] = []
        self._depth = 0
        self._inside = 0
        self._current: list[str] = []
        self._open: list[int] = []
        self.parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        self.parser.namespace_prefixes = True
        self.parser.StartDoctypeDeclHandler = self._refuse
        self.parser.EntityDeclHandler = self._refuse
        self.parser.UnparsedEntityDeclHandler = self._refuse
        self.parser.ExternalEntityRefHandler = self._refuse
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text

    @staticmethod
    def _refuse(*_args: Any) -> NoReturn:
        raise BadImage("SVG files with a DOCTYPE or entities are refused (unsafe to read)")

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        parts = name.split(" ")
        if self._depth == 0:
            if parts[:2] not in ([SVG_NAMESPACE, "svg"], ["svg"]):
                raise BadImage("this XML file is not an SVG image")
            self.root_start = self.parser.CurrentByteIndex
            local = parts[1] if len(parts) > 1 else parts[0]
            self.root_name = f"{parts[2]}:{local}" if len(parts) > 2 else local
        self._depth += 1
        if parts[:2] == self.element:
            if self._inside == 0:
                self._current = []
                self._open.append(self.parser.CurrentByteIndex)
                self.verify_attributes.append(attributes.get("verify", ""))
            self._inside += 1

    def _end(self, name: str) -> None:
        self._depth -= 1
        if name.split(" ")[:2] == self.element:
            self._inside -= 1
            if self._inside == 0:
                self.credentials.append((self._open.pop(), self.parser.CurrentByteIndex))
                self.texts.append("".join(self._current))

    def _text(self, data: str) -> None:
        if self._inside:
            self._current.append(data)

    def run(self, document: str | bytes) -> _SvgScan:
        size = len(document.encode("utf-8") if isinstance(document, str) else document)
        if size > MAX_SVG_BYTES:
            raise BadImage("the SVG file is larger than 2 MB")
        try:
            self.parser.Parse(document, True)
        except xml.parsers.expat.ExpatError as error:
            raise BadImage(f"this SVG is not well-formed XML ({error})") from error
        if self.root_start < 0:
            raise BadImage("this file is not an SVG image")
        return self


def _tag_end(raw: bytes, start: int) -> int:
    """Index just past the `>` of the tag starting at `start` (quotes respected)."""
    quote = 0
    for index in range(start, len(raw)):
        byte = raw[index]
        if quote:
            if byte == quote:
                quote = 0
        elif byte in (0x22, 0x27):
            quote = byte
        elif byte == 0x3E:
            return index + 1
    raise BadImage("this SVG is not well-formed XML (a tag is not closed)")


def _element_span(raw: bytes, start: int, end_event: int) -> tuple[int, int]:
    """Byte span of a whole element from its start and end event positions."""
    start_end = _tag_end(raw, start)
    if raw[start_end - 2 : start_end] == b"/>":
        return start, start_end
    return start, _tag_end(raw, end_event)


_XML_INVALID = re.compile("[\ufffe\uffff]")
_ENCODING = re.compile(r"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)""")


def _cdata_json(credential: dict[str, Any], ascii_only: bool) -> str:
    text = credential_json(credential)
    if ascii_only:
        text = json.dumps(credential, separators=(",", ":"), allow_nan=False)
    # `>` and the two non-characters only occur inside JSON strings, where \u escapes
    # mean the same; this keeps `]]>` out of the CDATA section.
    text = text.replace("]]>", "]]\\u003e")
    return _XML_INVALID.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def bake_svg(svg: str, credential: dict[str, Any]) -> str:
    """The SVG with `credential` baked in right after the root's opening tag."""
    scan = _SvgScan().run(svg)
    raw = svg.encode("utf-8")
    spans = [_element_span(raw, s, e) for s, e in scan.credentials]
    root_end = _tag_end(raw, scan.root_start)
    root_tag = raw[scan.root_start : root_end].decode("utf-8")
    self_closing = root_tag.endswith("/>")
    declared = re.search(r"""\sxmlns:openbadges\s*=\s*(["'])(.*?)\1""", root_tag)
    if declared and declared.group(2) != OB_NAMESPACE:
        raise BadImage("the SVG binds the prefix 'openbadges' to another namespace")
    new_tag = root_tag[:-2].rstrip() if self_closing else root_tag[:-1]
    if not declared:
        new_tag += f' xmlns:{SVG_PREFIX}="{OB_NAMESPACE}"'
    encoding = _ENCODING.match(svg)
    ascii_only = encoding is not None and encoding.group(1).lower().replace("-", "") != "utf8"
    element = (
        f"<{SVG_PREFIX}:credential><![CDATA[{_cdata_json(credential, ascii_only)}]]>"
        f"</{SVG_PREFIX}:credential>"
    )
    new_tag += ">" + element + (f"</{scan.root_name}>" if self_closing else "")
    # Remove any credential already baked (from the end, so earlier offsets hold).
    body = raw[root_end:]
    for start, end in sorted(spans, reverse=True):
        body = body[: start - root_end] + body[end - root_end :]
    return (raw[: scan.root_start] + new_tag.encode("utf-8") + body).decode("utf-8")


def unbake_svg(text: str | bytes) -> dict[str, Any]:
    """The credential baked into an SVG (`BadImage` / `NotBaked` when there is none)."""
    scan = _SvgScan().run(text)
    if not scan.texts:
        raise NotBaked("this SVG has no Open Badges credential baked into it")
    if len(scan.texts) > 1:
        raise BadImage("this SVG has more than one baked credential; it must have exactly one")
    if not scan.texts[0].strip() and scan.verify_attributes[0]:
        raise NotBaked(
            "the badge holds a JWT-secured credential; this site reads JSON credentials only"
        )
    return _credential_from_text(scan.texts[0])


# --- any file ------------------------------------------------------------------------


def unbake(data: bytes) -> dict[str, Any]:
    """The credential in an uploaded file: a baked PNG, a baked SVG or plain JSON."""
    if data.startswith(PNG_SIGNATURE):
        return unbake_png(data)
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return unbake_svg(data)
    if head.startswith((b"{", b"[")):
        return parse(data)
    raise BadImage("this file is not a PNG or SVG badge, nor a JSON credential")


# --- the badge picture ---------------------------------------------------------------

SIZE = 600
SCALE = 3  # drawn 3x larger, then downsampled: smooth edges without antialiasing support
PALETTES = (  # (dark, light) ring colours: indigo, teal, violet, blue
    ((49, 46, 129), (99, 102, 241)),
    ((17, 94, 89), (45, 178, 160)),
    ((76, 29, 149), (139, 92, 246)),
    ((30, 58, 138), (59, 130, 246)),
)


@functools.lru_cache(maxsize=32)
def _font(size: int, bold: bool = False) -> Any:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), size * SCALE)


def _wrap(draw: Any, text: str, font: Any, width: float, max_lines: int) -> list[str]:
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while draw.textlength(current, font=font) > width and len(current) > 1:
            cut = len(current)
            while cut > 1 and draw.textlength(current[:cut] + "-", font=font) > width:
                cut -= 1
            lines.append(current[:cut] + "-")
            current = current[cut:]
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and draw.textlength(last + "…", font=font) > width:
            last = last[:-1].rstrip()
        lines[-1] = last.rstrip(" ,.;:-") + "…"
    return lines


def _fit_title(draw: Any, title: str, width: float) -> tuple[Any, list[str]]:
    for size in (40, 36, 32, 29, 26, 23):
        font = _font(size, bold=True)
        lines = _wrap(draw, title, font, width, 4)
        if len(lines) <= 3 and not lines[-1].endswith("…"):
            return font, lines
    font = _font(23, bold=True)
    return font, _wrap(draw, title, font, width, 4)


def _number_text(value: Any) -> str:
    text = str(value or "").strip()
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def badge_image(facts: dict[str, Any]) -> bytes:
    """A 600x600 PNG badge (transparent corners) for the facts of `verify.describe`."""
    title = str(facts.get("title") or "Micro-credential").strip()
    issuer = str(facts.get("issuer_name") or "").strip()
    eqf = _number_text(facts.get("eqf_level"))
    ects = _number_text(facts.get("ects"))
    digest = hashlib.sha256((facts.get("achievement_url") or title).encode()).digest()
    dark, light = PALETTES[digest[0] % len(PALETTES)]

    big = SIZE * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    # Outer ring: a vertical gradient from light to dark, masked to a circle.
    gradient = Image.new("RGBA", (1, big))
    for y in range(big):
        t = y / (big - 1)
        colour = tuple(round(light[i] + (dark[i] - light[i]) * t) for i in range(3))
        gradient.putpixel((0, y), (*colour, 255))
    gradient = gradient.resize((big, big))
    mask = Image.new("L", (big, big), 0)
    margin = 8 * SCALE
    ImageDraw.Draw(mask).ellipse((margin, margin, big - margin, big - margin), fill=255)
    image.paste(gradient, (0, 0), mask)

    draw = ImageDraw.Draw(image)
    s = SCALE
    # Thin inner highlight ring, then the white face.
    ring = 38 * s
    draw.ellipse(
        (ring - 6 * s, ring - 6 * s, big - ring + 6 * s, big - ring + 6 * s),
        outline=(255, 255, 255, 110),
        width=2 * s,
    )
    draw.ellipse((ring, ring, big - ring, big - ring), fill=(255, 255, 255, 255))
    # Faint tinted inner circle for depth.
    inner = 52 * s
    draw.ellipse(
        (inner, inner, big - inner, big - inner),
        outline=(*light, 60),
        width=2 * s,
    )

    centre = big / 2
    # Top label.
    label_font = _font(17, bold=True)
    label = "MICRO-CREDENTIAL"
    spaced = " ".join(label)  # letter spacing
    draw.text((centre, 132 * s), spaced, font=label_font, fill=(*dark, 255), anchor="mm")
    # Small star ornament under the label.
    _star(draw, centre, 162 * s, 9 * s, (*light, 255))
    draw.line((centre - 70 * s, 162 * s, centre - 20 * s, 162 * s), fill=(*light, 160), width=2 * s)
    draw.line((centre + 20 * s, 162 * s, centre + 70 * s, 162 * s), fill=(*light, 160), width=2 * s)

    # Title and issuer, as one block centred between the ornament and the pill.
    title_font, lines = _fit_title(draw, title, 380 * s)
    ascent, descent = title_font.getmetrics()
    line_height = (ascent + descent) * 1.08
    issuer_font = _font(19)
    issuer_lines = _wrap(draw, issuer, issuer_font, 360 * s, 2) if issuer else []
    issuer_step = 27 * s
    gap = 22 * s if issuer_lines else 0
    block = line_height * len(lines) + gap + issuer_step * len(issuer_lines)
    top = 302 * s - block / 2
    for index, line in enumerate(lines):
        y = top + line_height * index + line_height / 2
        draw.text((centre, y), line, font=title_font, fill=(17, 24, 39, 255), anchor="mm")
    y = top + line_height * len(lines) + gap
    for index, line in enumerate(issuer_lines):
        draw.text(
            (centre, y + issuer_step * index + issuer_step / 2),
            line,
            font=issuer_font,
            fill=(75, 85, 99, 255),
            anchor="mm",
        )

    # Level and credits in a pill near the bottom.
    pieces = []
    if eqf:
        pieces.append(f"EQF {eqf}")
    if ects:
        pieces.append(f"{ects} ECTS")
    if pieces:
        pill_font = _font(22, bold=True)
        text = " · ".join(pieces)
        width = draw.textlength(text, font=pill_font) + 56 * s
        height = 50 * s
        y = 462 * s
        draw.rounded_rectangle(
            (centre - width / 2, y - height / 2, centre + width / 2, y + height / 2),
            radius=height / 2,
            fill=(*dark, 255),
        )
        draw.text((centre, y), text, font=pill_font, fill=(255, 255, 255, 255), anchor="mm")

    final = image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    final.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _star(draw: Any, x: float, y: float, radius: float, fill: tuple[int, ...]) -> None:
    points = []
    for index in range(10):
        r = radius if index % 2 == 0 else radius * 0.45
        angle = -math.pi / 2 + index * math.pi / 5
        points.append((x + r * math.cos(angle), y + r * math.sin(angle)))
    draw.polygon(points, fill=fill)
