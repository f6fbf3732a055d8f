"""Someone else's verifier: Digital Bazaar's `@digitalbazaar/vc` stack under Node.js.

`js_verify(credential, documents)` runs tests/interop/verify.mjs on one credential and
returns `{"verified": bool, "errors": [short reasons]}`. A credential with a
`credentialStatus` reports `"status": "not checked"` unless `check_status=True`: then
Digital Bazaar's @digitalbazaar/vc-bitstring-status-list checks each Bitstring Status
List entry against the status list credential found in `documents` under its URL
(verified, and the issuer's), answers `"status": [{"purpose", "index", "list", "set"}]`,
and a set bit makes the credential fail ("revoked" / "suspended").
`status_check_item(credential, entry)` asks the same library about one given entry (how
the suspension list beside our single revocation entry is checked; see verify.mjs).
`js_verify_batch(items, documents=...)` checks many in one Node start (~0.3 s each
start, so use it); `documents` there are shared by every item and sent once.
`js_bench(...)` runs tests/interop/bench.mjs and returns sign/verify rates per suite.

`documents` maps every URL the verifier may load to its document: each JSON-LD context
(`contexts.all_contexts()`), each DID document under its DID and each verification method
under its full URL (`documents_for_did()` makes both from a DID document). did:key
documents are derived from the key. Anything else fails to load: nothing is fetched.

The npm packages are pinned in tests/interop/package-lock.json and installed by
`make interop-deps` (which `make test` runs); without them these helpers raise
`JsVerifierUnavailable` saying so.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

INTEROP_DIR = Path(__file__).resolve().parents[1] / "interop"
VERIFY_SCRIPT = INTEROP_DIR / "verify.mjs"
BENCH_SCRIPT = INTEROP_DIR / "bench.mjs"
VERIFY_TIMEOUT = 120.0
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"


class JsVerifierUnavailable(RuntimeError):
    """Node.js or the pinned npm packages are missing."""


class JsVerifierError(RuntimeError):
    """The Node.js script failed to run or printed something that is not its answer."""


def _locked_versions() -> dict[str, str]:
    manifest = json.loads((INTEROP_DIR / "package.json").read_text())
    return dict(manifest["dependencies"])


def _installed_version(package: str) -> str | None:
    path = INTEROP_DIR / "node_modules" / package / "package.json"
    try:
        return json.loads(path.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise JsVerifierUnavailable("Node.js is not installed: the JS verifier needs `node`")
    stale = {
        package: _installed_version(package)
        for package, version in _locked_versions().items()
        if _installed_version(package) != version
    }
    if stale:
        found = ", ".join(f"{p} {v or 'missing'}" for p, v in sorted(stale.items()))
        raise JsVerifierUnavailable(
            f"the npm packages of {INTEROP_DIR} are not installed as locked ({found}): "
            "run `make interop-deps`"
        )
    return node


def _run(script: Path, payload: Mapping[str, Any], timeout: float) -> dict[str, Any]:
    node = _node()
    env = {k: v for k, v in os.environ.items() if k != "NODE_OPTIONS"}
    try:
        result = subprocess.run(
            [node, str(script)],
            cwd=INTEROP_DIR,
            input=json.dumps(payload),
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
        )
    except subprocess.TimeoutExpired as error:
        raise JsVerifierError(f"{script.name} did not finish in {timeout:g}s") from error
    if result.returncode != 0:
        raise JsVerifierError(
            f"{script.name} exited with {result.returncode}:\n{result.stderr[-4000:]}"
        )
    try:
        return json.loads(result.stdout)
    except ValueError as error:
        raise JsVerifierError(
            f"{script.name} printed no JSON:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        ) from error


def _item(
    credential: Mapping[str, Any],
    documents: Mapping[str, Any] | None = None,
    now: str | None = None,
    check_issuer: bool = True,
    check_status: bool = False,
) -> dict[str, Any]:
    item: dict[str, Any] = {"credential": credential}
    if documents is not None:
        item["documents"] = documents
    if now is not None:
        item["now"] = now
    if not check_issuer:
        item["check_issuer"] = False
    if check_status:
        item["check_status"] = True
    return item


def verify_item(
    credential: Mapping[str, Any],
    documents: Mapping[str, Any] | None = None,
    *,
    now: str | None = None,
    check_issuer: bool = True,
    check_status: bool = False,
) -> dict[str, Any]:
    """A `js_verify_batch` item that verifies `credential` (options as for `js_verify`)."""
    return _item(credential, documents, now, check_issuer, check_status)


def status_check_item(
    credential: Mapping[str, Any],
    entry: Mapping[str, Any],
    documents: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A `js_verify_batch` item that checks one status `entry` of `credential`'s issuer.

    The answer: `{"verified": bool, "errors": [...], "status": [{"purpose", "index",
    "list", "set"}]}`, where `verified` says the status list credential was found,
    verified and published by the credential's issuer, and `set` is the bit. The
    credential's own proof is not checked by this item.
    """
    item: dict[str, Any] = {"status_check": {"credential": credential, "entry": entry}}
    if documents is not None:
        item["documents"] = documents
    return item


def js_verify(
    credential: Mapping[str, Any],
    documents: Mapping[str, Any],
    *,
    now: str | None = None,
    check_issuer: bool = True,
    check_status: bool = False,
    timeout: float = VERIFY_TIMEOUT,
) -> dict[str, Any]:
    """`{"verified": bool, "errors": [...]}` from @digitalbazaar/vc for one credential.

    `now` judges validFrom/validUntil at that ISO date instead of the clock.
    `check_issuer=False` checks the proof under the plain assertionMethod purpose,
    without vc's rule that the issuer must be the verification method's controller.
    `check_status=True` checks the credential's Bitstring Status List entries too (the
    status list credentials must be in `documents` under their URLs).
    """
    item = _item(credential, documents, now, check_issuer, check_status)
    return js_verify_batch([item], timeout=timeout)[0]


def js_verify_batch(
    items: Iterable[Mapping[str, Any]],
    *,
    documents: Mapping[str, Any] | None = None,
    timeout: float = VERIFY_TIMEOUT,
) -> list[dict[str, Any]]:
    """One result per item, in order, from a single Node.js process.

    Each item is `{"credential": ..., "documents": ...}` with optional `"now"`,
    `"check_issuer": False` and `"check_status": True`, as for `js_verify` (see
    `verify_item`), or a `status_check_item`. `documents`, if given, are shared by
    every item (sent once; an item's own documents are added to them and win on the
    same URL), and items may then leave theirs out.
    """
    batch = [dict(item) for item in items]
    for index, item in enumerate(batch):
        if "credential" not in item and "status_check" not in item:
            raise ValueError(f"batch item {index} needs 'credential' or 'status_check'")
        if "documents" not in item and documents is None:
            raise ValueError(f"batch item {index} needs 'documents' (or pass documents=)")
    payload: dict[str, Any] = {"batch": batch}
    if documents is not None:
        payload["documents"] = documents
    answer = _run(VERIFY_SCRIPT, payload, timeout)
    results = answer.get("results")
    if not isinstance(results, list) or len(results) != len(batch):
        raise JsVerifierError(f"verify.mjs answered {len(results or [])} of {len(batch)}")
    return results


def js_bench(
    credential: Mapping[str, Any],
    documents: Mapping[str, Any],
    seed_multibase: str,
    verification_method: str,
    n: int = 100,
    *,
    timeout: float = 600.0,
) -> dict[str, Any]:
    """Sign and verify rates of the JS stack for both suites:
    `{"n": n, "rdfc": {"sign_per_s": x, "verify_per_s": y}, "jcs": {...}}`.

    `seed_multibase` is the signing key as `multikey.encode_private(seed)`; the
    verification method must resolve through `documents` (or be a did:key).
    """
    return _run(
        BENCH_SCRIPT,
        {
            "credential": credential,
            "documents": documents,
            "seed_multibase": seed_multibase,
            "verification_method": verification_method,
            "n": n,
        },
        timeout,
    )


def documents_for_did(did_document: Mapping[str, Any]) -> dict[str, Any]:
    """`documents` entries for a DID document (see `did.resolution_documents`)."""
    from microcred_market.vc.did import resolution_documents

    return resolution_documents(dict(did_document))
