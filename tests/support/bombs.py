"""Compressed bombs: a little GZIP that unpacks to a lot of zeros, built without the lot."""

from __future__ import annotations

import base64
import zlib


def gzip_bomb(unpacked: int = 400_000_000) -> bytes:
    packer = zlib.compressobj(9, wbits=31)
    chunk = b"\0" * 1_000_000
    parts = [packer.compress(chunk) for _ in range(unpacked // len(chunk))]
    return b"".join(parts) + packer.flush()


def encoded_list_bomb(unpacked: int = 400_000_000) -> str:
    """An `encodedList` (multibase base64url GZIP) of `unpacked` zero bytes."""
    return "u" + base64.urlsafe_b64encode(gzip_bomb(unpacked)).decode().rstrip("=")
