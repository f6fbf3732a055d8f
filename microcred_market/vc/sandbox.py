"""eddsa-rdfc-2022 hashing of a stranger's document in a separate process, with a hard limit.

Canonicalisation counts its own work (`proofs.MAX_CANON_WORK`), but JSON-LD expansion,
a two-megabyte document or a poison graph we did not foresee could still cost seconds
of CPU, and a thread that runs away cannot be stopped; while it runs, it holds the GIL
the web process needs for everyone else. So the verifier hashes in a few long-lived
worker processes (`python -m microcred_market.vc.sandbox`): the request thread only
waits, a job that runs past its time is killed with its process, and the number of
workers bounds how many canonicalisations run at once. A worker is started when first
needed, and again after a kill. If no worker can be started at all, the hashing runs
in the calling thread, still bounded by the work counter.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import resource
import select
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

from microcred_market.vc import contexts, proofs

WORKERS = 2  # the verifier may use this many cores at once, no more
JOB_SECONDS = 1.0  # one canonicalisation (a document and its proof configuration)
START_SECONDS = 30.0  # importing pyld in a fresh process on a busy machine
MEMORY_BYTES = 1_500_000_000  # address space of a worker: a bomb dies there, not here
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


class Busy(proofs.ProofError):
    """Every worker stayed busy for the whole time this verification may take."""

    def __init__(self) -> None:
        super().__init__("the verifier is busy; try again in a moment")


class _Worker:
    def __init__(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH", "")) if p
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "microcred_market.vc.sandbox"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            close_fds=True,
        )
        self._buffer = b""
        if self._line(START_SECONDS) != b"ready":
            self.kill()
            raise OSError("the canonicalisation worker did not start")

    def _line(self, timeout: float) -> bytes | None:
        """The next line the worker writes, or None if it does not come in time."""
        stdout = self.process.stdout
        assert stdout is not None
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            readable, _, _ = select.select([stdout], [], [], left)
            if not readable:
                return None
            chunk = os.read(stdout.fileno(), 1 << 16)
            if not chunk:
                raise OSError("the canonicalisation worker stopped")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line

    def ask(self, request: bytes, timeout: float) -> dict[str, Any] | None:
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(request + b"\n")
        stdin.flush()
        line = self._line(timeout)
        return None if line is None else json.loads(line)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()


class Pool:
    def __init__(self, size: int = WORKERS) -> None:
        self._size = size
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._broken_until = 0.0
        self._starting = 0
        self.worker_cpu = 0.0  # CPU seconds the workers report for finished jobs
        self._this_thread = threading.local()

    def _start(self) -> _Worker | None:
        if time.monotonic() < self._broken_until:
            return None
        try:
            return _Worker()
        except OSError:
            # No interpreter to start (or a machine too busy): hash in-thread for a while.
            self._broken_until = time.monotonic() + 60
            return None

    def _take(self) -> _Worker | None:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return self._start()

    def _put(self, worker: _Worker) -> None:
        with self._lock:
            if len(self._idle) < self._size:
                self._idle.append(worker)
                return
        worker.kill()

    def _replace(self) -> None:
        """A fresh worker in the background, so the next request does not wait for one."""
        with self._lock:
            self._starting += 1

        def start() -> None:
            try:
                worker = self._start()
                if worker is not None:
                    self._put(worker)
            finally:
                with self._lock:
                    self._starting -= 1

        threading.Thread(target=start, name="rdfc-worker-start", daemon=True).start()

    def warm(self) -> None:
        """Start the missing workers now (the web process, at start), not at a request."""
        with self._lock:
            missing = self._size - len(self._idle) - self._starting
        for _ in range(missing):
            self._replace()

    def ready(self) -> int:
        """How many workers wait for a job."""
        with self._lock:
            return len(self._idle)

    def hash_data(self, unsecured: dict[str, Any], config: dict[str, Any], timeout: float) -> bytes:
        """`proofs.rdfc_hash_data`, killed (TooComplex) when it runs past `timeout`.

        Waiting for a free worker counts against `timeout`: a flood of requests is
        answered "busy" in time rather than queued without end.
        """
        started = time.monotonic()
        self._this_thread.starting = 0.0
        if not self._slots.acquire(timeout=max(0.0, timeout)):
            raise Busy
        try:
            left = timeout - (time.monotonic() - started)
            try:
                request = json.dumps(
                    {
                        "unsecured": unsecured,
                        "config": config,
                        "local_base": contexts.local_base(),
                    }
                ).encode()
            except (ValueError, TypeError, RecursionError) as error:
                raise proofs.ProofError("the credential could not be processed") from error
            before = time.monotonic()
            worker = self._take()  # starting one is not counted: it is not the job's cost
            self._this_thread.starting = time.monotonic() - before
            if worker is None:
                return proofs.rdfc_hash_data(unsecured, config)
            try:
                answer = worker.ask(request, max(0.05, left))
            except (OSError, ValueError) as error:
                worker.kill()
                self._replace()
                raise proofs.ProofError("the credential could not be processed") from error
            if answer is None:
                worker.kill()  # the only way to stop it
                self._replace()
                raise proofs.TooComplex
            self._put(worker)
            with self._lock:
                self.worker_cpu += float(answer.get("cpu", 0.0))
            return _result(answer)
        finally:
            self._slots.release()

    def start_seconds(self) -> float:
        """How long this thread's last `hash_data` waited for a worker to start (not
        the document's cost, so not charged to its budget)."""
        return float(getattr(self._this_thread, "starting", 0.0))

    def close(self) -> None:
        with self._lock:
            workers, self._idle = self._idle, []
        for worker in workers:
            worker.kill()


def _result(answer: dict[str, Any]) -> bytes:
    if "hash" in answer:
        return bytes.fromhex(answer["hash"])
    if "too_complex" in answer:
        raise proofs.TooComplex
    if "proof_error" in answer:
        raise proofs.ProofError(str(answer["proof_error"]))
    raise proofs.ProofError(f"the credential could not be processed ({answer.get('failed')})")


POOL = Pool()
atexit.register(POOL.close)


def _answer(line: bytes) -> dict[str, Any]:
    started = time.process_time()
    answer = _job(line)
    answer["cpu"] = time.process_time() - started
    return answer


def _job(line: bytes) -> dict[str, Any]:
    try:
        request = json.loads(line)
        base = request.get("local_base")
        contexts.publish_local_context_at(lambda: base)
        data = proofs.rdfc_hash_data(request["unsecured"], request["config"])
    except proofs.TooComplex:
        return {"too_complex": True}
    except proofs.ProofError as error:
        return {"proof_error": str(error)}
    except MemoryError:
        return {"too_complex": True}
    except Exception as error:  # malformed input deep inside JSON-LD processing
        return {"failed": type(error).__name__}
    return {"hash": data.hex()}


def serve(stdin: IO[bytes], stdout: IO[bytes]) -> None:
    """The worker's loop: one JSON request per line in, one answer per line out."""
    with contextlib.suppress(ValueError, OSError):  # a platform without the limit
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    stdout.write(b"ready\n")
    stdout.flush()
    for line in stdin:
        stdout.write(json.dumps(_answer(line)).encode() + b"\n")
        stdout.flush()


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
