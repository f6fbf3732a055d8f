"""Issuers' private keys, encrypted at rest with the master key.

XChaCha20-Poly1305 with the key's identity (university and key id) as associated
data: a ciphertext copied onto another university's row does not decrypt. The master
key never reaches the database; losing it means rotating every issuer's key.
"""

from __future__ import annotations

import base64
import secrets

from nacl.bindings import (
    crypto_aead_xchacha20poly1305_ietf_decrypt,
    crypto_aead_xchacha20poly1305_ietf_encrypt,
)
from nacl.exceptions import CryptoError

from microcred_market.settings import get_settings

NONCE_BYTES = 24


class KeystoreError(RuntimeError):
    pass


def _aad(university_id: int, key_id: str) -> bytes:
    return f"microcred-issuer-key:{university_id}:{key_id}".encode()


def encrypt_seed(seed: bytes, university_id: int, key_id: str, master: bytes | None = None) -> str:
    master = master or get_settings().master_key
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = crypto_aead_xchacha20poly1305_ietf_encrypt(
        seed, _aad(university_id, key_id), nonce, master
    )
    return "v1." + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt_seed(
    stored: str, university_id: int, key_id: str, master: bytes | None = None
) -> bytes:
    master = master or get_settings().master_key
    if not stored.startswith("v1."):
        raise KeystoreError("unknown key format")
    raw = base64.urlsafe_b64decode(stored[3:])
    try:
        return crypto_aead_xchacha20poly1305_ietf_decrypt(
            raw[NONCE_BYTES:], _aad(university_id, key_id), raw[:NONCE_BYTES], master
        )
    except CryptoError as error:
        raise KeystoreError(
            "cannot decrypt the issuer key: wrong MASTER_KEY or a tampered row"
        ) from error
