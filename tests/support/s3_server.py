"""A real S3-speaking server on loopback: moto's standalone server as a child process.

`start_s3_server()` runs `python -m moto.server` on a free loopback port, waits until it
answers and returns an `S3Server` with its URL and a bucket made for the caller; `stop()`
ends it. boto3 talks to it over HTTP with SigV4 exactly as to AWS, so `S3Storage` is
tested through its real client, not a patched one. The keys are moto's test keys, valid
nowhere else.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.support.smtp import free_port

ACCESS_KEY_ID = "testing"
SECRET_ACCESS_KEY = "testing"  # moto accepts any key; this one opens nothing real
REGION = "eu-central-1"
START_TIMEOUT = 30.0


@dataclass
class S3Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path
    _client: object | None = None

    def client(self) -> object:
        """A plain boto3 client of the server (made once: making one takes a second)."""
        if self._client is None:
            self._client = self._make_client()
        return self._client

    def _make_client(self) -> object:
        import boto3

        return boto3.session.Session().client(
            "s3",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY_ID,
            aws_secret_access_key=SECRET_ACCESS_KEY,
        )

    def make_bucket(self, name: str) -> str:
        self.client().create_bucket(  # type: ignore[attr-defined]
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        return name

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_s3_server(log_dir: Path) -> S3Server:
    try:
        import moto.server  # noqa: F401
    except ImportError:
        pytest.skip("moto[s3] is not installed: cannot run the loopback S3 server")
    port = free_port()
    log = log_dir / "moto-s3.log"
    env = {**os.environ, "MOTO_ALLOW_NONEXISTENT_REGION": "true"}
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    server = S3Server(url=f"http://127.0.0.1:{port}", process=process, log=log)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"moto server exited: {log.read_text()[-2000:]}")
        try:
            httpx.get(server.url + "/moto-api/", timeout=1.0)
            return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"moto server did not answer within {START_TIMEOUT} s")
