"""Ed25519 keys as Multikey strings (multibase base58btc of a multicodec-tagged key)."""

from __future__ import annotations

from multiformats import multibase, multicodec

ED25519_PUB = multicodec.get("ed25519-pub")
ED25519_PRIV = multicodec.get("ed25519-priv")


class BadKey(ValueError):
    pass


def encode_public(raw: bytes) -> str:
    return multibase.encode(ED25519_PUB.wrap(raw), "base58btc")


def decode_public(value: str) -> bytes:
    try:
        codec, raw = multicodec.unwrap(multibase.decode(value))
    except Exception as error:
        raise BadKey(f"not a Multikey value: {value[:60]}") from error
    if codec.name != "ed25519-pub" or len(raw) != 32:
        raise BadKey(f"not an Ed25519 public key ({codec.name})")
    return raw


def encode_private(seed: bytes) -> str:
    return multibase.encode(ED25519_PRIV.wrap(seed), "base58btc")


def decode_private(value: str) -> bytes:
    codec, raw = multicodec.unwrap(multibase.decode(value))
    if codec.name != "ed25519-priv" or len(raw) != 32:
        raise BadKey("not an Ed25519 private key")
    return raw


def encode_signature(signature: bytes) -> str:
    return multibase.encode(signature, "base58btc")


def decode_signature(value: str) -> bytes:
    try:
        return multibase.decode(value)
    except Exception as error:
        raise BadKey("proofValue is not multibase") from error
