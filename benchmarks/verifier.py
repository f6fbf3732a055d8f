"""CPU seconds the verifier spends on a poison graph, before and after the bounds.

A credential with n interlinked look-alike blank nodes, signed with a fresh did:key (a
valid signature), is verified twice per n:

- before: eddsa-rdfc-2022 hashed with plain `pyld.jsonld.normalize` in the calling
  thread, which is what the verifier did until the bounds came; run in a child process
  that is stopped after `--before-timeout` seconds of CPU;
- after: `verify()` as it runs now (worker processes, work counter, time budget),
  counting the CPU of this process and what the canonicalisation workers report.

    .venv/bin/python -m benchmarks.verifier                      # n = 6, 7, 8; about 1-2 min
    .venv/bin/python -m benchmarks.verifier --nodes 6 7 --before-timeout 20 --json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from microcred_market.vc import contexts, proofs, sandbox  # noqa: E402
from microcred_market.vc.verify import verify  # noqa: E402
from tests.support.poison import signed_poison  # noqa: E402


def _normalize(document: dict[str, Any]) -> bytes:
    from pyld import jsonld

    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": contexts.document_loader,
        "base": proofs.RELATIVE_BASE,
    }
    return str(jsonld.normalize(document, options)).encode()


def unbounded_hash(unsecured: dict[str, Any], config: dict[str, Any]) -> bytes:
    """The hashing of the verifier before the bounds: pyld's normalize, nothing counted."""
    return (
        hashlib.sha256(_normalize(config)).digest() + hashlib.sha256(_normalize(unsecured)).digest()
    )


def _child_before(path: str) -> None:
    credential = json.loads(Path(path).read_text())
    started = time.process_time()
    result = verify(credential, rdfc_hasher=unbounded_hash)
    print(json.dumps({"cpu": time.process_time() - started, "verdict": result.verdict}))


def before(credential: dict[str, Any], timeout: float) -> dict[str, Any]:
    path = Path(f"/tmp/poison-{os.getpid()}.json")
    path.write_text(json.dumps(credential))
    start = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.monotonic()

    def limit_cpu() -> None:
        seconds = int(timeout) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))

    try:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.verifier", "--child-before", str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            preexec_fn=limit_cpu,
            timeout=timeout * 4 + 30,
        )
    except subprocess.TimeoutExpired:
        done = None
    finally:
        path.unlink(missing_ok=True)
    end = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (end.ru_utime + end.ru_stime) - (start.ru_utime + start.ru_stime)
    if done is not None and done.returncode == 0 and done.stdout.strip():
        answer = json.loads(done.stdout.strip().splitlines()[-1])
        return {"cpu": round(answer["cpu"], 2), "verdict": answer["verdict"], "stopped": False}
    return {
        "cpu": round(cpu, 2),
        "verdict": None,
        "stopped": True,
        "wall": round(time.monotonic() - wall, 1),
    }


def after(credential: dict[str, Any]) -> dict[str, Any]:
    cpu, workers, wall = time.process_time(), sandbox.POOL.worker_cpu, time.monotonic()
    result = verify(credential)
    return {
        "cpu": round(time.process_time() - cpu + sandbox.POOL.worker_cpu - workers, 3),
        "wall": round(time.monotonic() - wall, 3),
        "verdict": result.verdict,
        "signature": next(c.message for c in result.checks if c.name == "signature"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[6, 7, 8])
    parser.add_argument("--before-timeout", type=float, default=90.0)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child-before", help=argparse.SUPPRESS)
    args = parser.parse_args()
    contexts.publish_local_context_at(lambda: "https://microcred.example")
    if args.child_before:
        _child_before(args.child_before)
        return 0
    sandbox.POOL.warm()
    for _ in range(600):
        if sandbox.POOL.ready() == sandbox.WORKERS:
            break
        time.sleep(0.05)
    rows = []
    for n in args.nodes:
        credential, _ = signed_poison(n)
        size = len(json.dumps(credential))
        row = {"nodes": n, "bytes": size, "before": before(credential, args.before_timeout)}
        row["after"] = after(credential)
        rows.append(row)
        if not args.json:
            b, a = row["before"], row["after"]
            shown = f">= {b['cpu']} (stopped)" if b["stopped"] else f"{b['cpu']} ({b['verdict']})"
            print(
                f"{n} nodes, {size} bytes: before {shown} CPU s; "
                f"after {a['cpu']} CPU s, {a['wall']} s wall ({a['verdict']}: {a['signature']})",
                flush=True,
            )
    if args.json:
        print(json.dumps(rows, indent=2))
    sandbox.POOL.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
