"""W3C Bitstring Status List: the compressed bitstring and the list credential.

Bit 0 is the most significant bit of the first byte (the specification's order). The
list is at least 131,072 entries (16 KiB) so that one set bit says nothing about whom.
A list someone else publishes is unpacked only up to MAX_LIST_BYTES: half a megabyte of
GZIP can hold gigabytes of zeros, and the unpacking stops at the limit, not after.
"""

from __future__ import annotations

import base64
import gzip
import zlib
from collections.abc import Iterable
from typing import Any

from microcred_market.vc.contexts import VC_V2

LIST_SIZE = 131_072
MAX_LIST_BYTES = 2 * 1024 * 1024  # 16,777,216 entries: 128 times the smallest list
PURPOSES = ("revocation", "suspension")


class BadStatusList(ValueError):
    pass


def encode(indexes: Iterable[int], size: int = LIST_SIZE) -> str:
    bits = bytearray(size // 8)
    for index in indexes:
        if not 0 <= index < size:
            raise ValueError(f"status index {index} outside the list")
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def decode(encoded: str, multibase: bool = True) -> bytes:
    """The bitstring of `encodedList`. `multibase=False` for a StatusList2021 list, whose
    base64url carries no multibase prefix (Bitstring Status List added the `u`)."""
    if not isinstance(encoded, str) or (multibase and not encoded.startswith("u")):
        raise BadStatusList("encodedList is not multibase base64url")
    body = encoded[1:] if multibase else encoded
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        return _gunzip(raw, MAX_LIST_BYTES)
    except BadStatusList:
        raise
    except Exception as error:
        raise BadStatusList("encodedList is not a GZIP bitstring") from error


def _gunzip(raw: bytes, limit: int) -> bytes:
    """What `gzip.decompress` gives, refused as soon as it grows past `limit` bytes."""
    out = bytearray()
    inflater = zlib.decompressobj(wbits=31)
    data = raw
    while True:
        out += inflater.decompress(data, limit - len(out) + 1)
        if len(out) > limit:
            raise BadStatusList(f"the status list unpacks to more than {limit // (1024 * 1024)} MB")
        if inflater.eof:
            data = inflater.unused_data
            if not data:
                return bytes(out)
            inflater = zlib.decompressobj(wbits=31)  # a further GZIP member
        else:
            data = inflater.unconsumed_tail
            if not data:
                raise BadStatusList("encodedList is not a GZIP bitstring (cut short)")


def bit(bits: bytes, index: int) -> bool:
    if not 0 <= index < len(bits) * 8:
        raise BadStatusList(f"status index {index} is outside the list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def list_credential(
    *, url: str, issuer_did: str, purpose: str, encoded_list: str, valid_from: str
) -> dict[str, Any]:
    return {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did,
        "validFrom": valid_from,
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encoded_list,
        },
    }
