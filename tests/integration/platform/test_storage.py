"""A learner's uploaded evidence is stored whole or not at all, and only where we put it.

Filesystem: a reader never sees half a file, a failed upload leaves the previous version,
keys that climb out (`..`, absolute, links planted in the store) are refused, many
uploads at once all land. S3: the same interface against a real S3-speaking server
(moto's standalone server on loopback) through boto3, as in production.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from microcred_market.platform import storage as storage_module
from microcred_market.platform.errors import NotFound
from microcred_market.platform.storage import (
    FilesystemStorage,
    S3Storage,
    StorageKeyInvalid,
    StorageUnavailable,
    storage,
)
from microcred_market.settings import load_settings, reset_settings_cache
from tests.support.s3_server import ACCESS_KEY_ID, REGION, SECRET_ACCESS_KEY, start_s3_server

pytestmark = pytest.mark.assessments

BAD_KEYS = [
    "",
    "../outside",
    "a/../../outside",
    "/etc/passwd",
    "a//b",
    "a/./b",
    ".hidden",
    "a/.tmp-123",
    "a\\b",
    "a/b/",
    "ü/b",
    "a\0b",
    "x" * 600,
]


@pytest.fixture
def store(tmp_path: Path) -> FilesystemStorage:
    return FilesystemStorage(tmp_path / "uploads")


def files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if not p.is_dir())


# ------------------------------------------------------------------ filesystem


def test_default_store_is_data_dir_uploads_with_private_modes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.delenv("STORAGE_URL", raising=False)
    reset_settings_cache()
    storage_module.reset_storage()
    try:
        chosen = storage()
        assert storage() is chosen  # chosen once
        assert isinstance(chosen, FilesystemStorage)
        assert chosen.root == (tmp_path / "uploads").resolve()
        stored = chosen.put("submissions/abc/1", b"%PDF-1.4 evidence", "application/pdf")
    finally:
        reset_settings_cache()
        storage_module.reset_storage()
    assert stored.size == 17
    assert stored.sha256 == hashlib.sha256(b"%PDF-1.4 evidence").hexdigest()
    path = tmp_path / "uploads" / "submissions" / "abc" / "1"
    assert path.read_bytes() == b"%PDF-1.4 evidence"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "uploads" / "submissions").stat().st_mode) == 0o700


def test_round_trip_of_bytes_and_streams(store: FilesystemStorage) -> None:
    big = os.urandom(3 * 1024 * 1024 + 5)  # several chunks
    stored = store.put("a/big", io.BytesIO(big), "application/zip")
    assert (stored.size, stored.sha256) == (len(big), hashlib.sha256(big).hexdigest())
    assert store.read("a/big") == big
    assert [len(c) for c in store.open("a/big")][:1] == [1024 * 1024]
    assert store.exists("a/big")
    store.put("a/big", b"replaced", "text/plain")
    assert store.read("a/big") == b"replaced"
    store.delete("a/big")
    assert not store.exists("a/big")
    store.delete("a/big")  # again: nothing to do, no error
    with pytest.raises(NotFound):
        store.open("a/big")
    with pytest.raises(NotFound):
        store.open("never/was/here")


class _Trickle(io.RawIOBase):
    """An upload that arrives in parts; `gate` holds it after the first part."""

    def __init__(self, parts: list[bytes], gate: threading.Event, fail: bool = False) -> None:
        self.parts = list(parts)
        self.gate = gate
        self.sent_first = threading.Event()
        self.fail = fail

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if not self.parts:
            if self.fail:
                raise ConnectionResetError("the learner's connection dropped")
            return b""
        if self.sent_first.is_set():
            self.gate.wait(10)
        self.sent_first.set()
        return self.parts.pop(0)


def test_a_half_written_upload_is_never_visible(store: FilesystemStorage) -> None:
    store.put("task/1", b"version one", "text/plain")
    gate = threading.Event()
    stream = _Trickle([b"A" * 1000, b"B" * 1000], gate)
    writer = threading.Thread(target=store.put, args=("task/1", stream, "text/plain"))
    writer.start()
    assert stream.sent_first.wait(10)
    # Mid-upload: readers still get the whole previous version, nothing under the key.
    assert store.read("task/1") == b"version one"
    assert not store.exists("task/2")
    gate.set()
    writer.join(10)
    assert store.read("task/1") == b"A" * 1000 + b"B" * 1000
    assert files_under(store.root) == ["task/1"]  # no temporary file left behind


def test_a_failed_upload_leaves_the_previous_version_and_no_debris(
    store: FilesystemStorage,
) -> None:
    store.put("task/1", b"version one", "text/plain")
    gate = threading.Event()
    gate.set()
    with pytest.raises(ConnectionResetError):
        store.put("task/1", _Trickle([b"partial"], gate, fail=True), "text/plain")
    with pytest.raises(ConnectionResetError):
        store.put("task/new", _Trickle([b"partial"], gate, fail=True), "text/plain")
    assert store.read("task/1") == b"version one"
    assert not store.exists("task/new")
    assert files_under(store.root) == ["task/1"]


def test_debris_of_a_crash_mid_upload_is_swept_and_objects_are_kept(
    store: FilesystemStorage,
) -> None:
    store.put("task/1", b"kept", "text/plain")
    debris = store.root / "task" / ".tmp-deadbeef"
    debris.write_bytes(b"half an upload")
    assert store.remove_leftovers(older_than=3600) == 0  # a fresh one may be in flight
    os.utime(debris, (1, 1))
    assert store.remove_leftovers(older_than=3600) == 1
    assert files_under(store.root) == ["task/1"]
    assert store.read("task/1") == b"kept"


def test_a_full_disk_is_a_message_not_a_crash_and_loses_nothing(
    store: FilesystemStorage, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.put("task/1", b"version one", "text/plain")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage_module.os, "fsync", disk_full)
    with pytest.raises(StorageUnavailable) as caught:
        store.put("task/1", b"version two", "text/plain")
    monkeypatch.undo()
    assert caught.value.text("en").startswith("We could not store or read the file just now.")
    assert caught.value.text("pl").startswith("Nie udało się teraz zapisać")
    assert store.read("task/1") == b"version one"
    assert files_under(store.root) == ["task/1"]


@pytest.mark.parametrize("key", BAD_KEYS)
def test_keys_that_climb_out_or_hide_are_refused(store: FilesystemStorage, key: str) -> None:
    for action in (
        lambda: store.put(key, b"x", "text/plain"),
        lambda: store.open(key),
        lambda: store.exists(key),
        lambda: store.delete(key),
    ):
        with pytest.raises(StorageKeyInvalid):
            action()
    assert files_under(store.root.parent) == []


def test_symlinks_planted_in_the_store_are_not_followed(
    store: FilesystemStorage, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret").write_bytes(b"not yours")
    (store.root / "linked").symlink_to(outside, target_is_directory=True)
    store.put("files/real", b"ok", "text/plain")
    (store.root / "files" / "link").symlink_to(outside / "secret")

    with pytest.raises(StorageKeyInvalid):
        store.put("linked/new", b"escape", "text/plain")
    with pytest.raises(StorageKeyInvalid):
        store.open("linked/secret")
    with pytest.raises(StorageKeyInvalid):
        store.open("files/link")
    with pytest.raises(StorageKeyInvalid):
        store.put("files/link", b"overwrite through the link", "text/plain")
    assert not store.exists("files/link")
    assert sorted(p.name for p in outside.iterdir()) == ["secret"]
    assert (outside / "secret").read_bytes() == b"not yours"


def test_many_uploads_at_once_all_land_whole(store: FilesystemStorage) -> None:
    bodies = {f"sub/{i}": os.urandom(256 * 1024) + bytes([i]) for i in range(12)}
    same_key = [bytes([i]) * (512 * 1024) for i in range(6)]
    errors: list[BaseException] = []

    def put(key: str, body: bytes) -> None:
        try:
            store.put(key, io.BytesIO(body), "application/octet-stream")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=put, args=item) for item in bodies.items()]
    threads += [threading.Thread(target=put, args=("shared/one", body)) for body in same_key]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    for key, body in bodies.items():
        assert store.read(key) == body
    assert store.read("shared/one") in same_key  # one of them, whole
    assert len(files_under(store.root)) == len(bodies) + 1


def test_store_refuses_a_root_the_web_server_publishes() -> None:
    with pytest.raises(ValueError, match="published"):
        FilesystemStorage(storage_module.PROJECT_ROOT / "assets" / "uploads")


@pytest.mark.parametrize(
    "url", ["ftp://host/x", "s3://", "s3:///prefix", "file://relative/path", "uploads"]
)
def test_a_storage_url_we_cannot_use_stops_the_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str
) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("STORAGE_URL", url)
    with pytest.raises(ValueError, match="STORAGE_URL"):
        load_settings()


def test_secrets_of_the_object_store_are_not_in_the_settings_repr(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("S3_SECRET_ACCESS_KEY", "very-secret-value")
    monkeypatch.setenv("S3_ACCESS_KEY_ID", "key-id-value")
    settings = load_settings()
    assert settings.s3_secret_access_key == "very-secret-value"
    assert "very-secret-value" not in repr(settings)
    assert "key-id-value" not in repr(settings)


# ------------------------------------------------------------------ S3


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    server = start_s3_server(tmp_path_factory.mktemp("s3"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def s3_store(
    s3_server: object, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[S3Storage, object]]:
    """The store `storage()` picks for STORAGE_URL=s3://... (one bucket for the module:
    making boto3 clients is what costs time here)."""
    from tests.support.s3_server import S3Server

    assert isinstance(s3_server, S3Server)
    bucket = s3_server.make_bucket(f"evidence-{os.urandom(4).hex()}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATA_DIR", str(tmp_path_factory.mktemp("s3-data")))
        patch.setenv("STORAGE_URL", f"s3://{bucket}/uploads/v1")
        patch.setenv("S3_ENDPOINT_URL", s3_server.url)
        patch.setenv("S3_REGION", REGION)
        patch.setenv("S3_ACCESS_KEY_ID", ACCESS_KEY_ID)
        patch.setenv("S3_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY)
        reset_settings_cache()
        storage_module.reset_storage()
        chosen = storage()
        assert isinstance(chosen, S3Storage)
        yield chosen, s3_server.client()
    reset_settings_cache()
    storage_module.reset_storage()


def test_s3_round_trip_under_the_prefix(s3_store: tuple[S3Storage, object]) -> None:
    store, client = s3_store
    body = os.urandom(2 * 1024 * 1024 + 3)
    stored = store.put("submissions/u1/1", io.BytesIO(body), "application/pdf")
    assert (stored.size, stored.sha256) == (len(body), hashlib.sha256(body).hexdigest())
    assert store.exists("submissions/u1/1")
    assert store.read("submissions/u1/1") == body
    # What an operator sees in the bucket: the prefix, the type, a download, the hash.
    head = client.head_object(Bucket=store.bucket, Key="uploads/v1/submissions/u1/1")  # type: ignore[attr-defined]
    assert head["ContentType"] == "application/pdf"
    assert head["ContentDisposition"] == "attachment"
    assert head["Metadata"]["sha256"] == stored.sha256
    store.put("submissions/u1/1", b"second", "text/plain")
    assert store.read("submissions/u1/1") == b"second"
    store.delete("submissions/u1/1")
    store.delete("submissions/u1/1")
    assert not store.exists("submissions/u1/1")
    with pytest.raises(NotFound):
        store.open("submissions/u1/1")


def test_s3_down_or_misconfigured_is_a_message_not_a_crash(
    s3_store: tuple[S3Storage, object], tmp_path: Path
) -> None:
    from tests.support.smtp import free_port

    store, _client = s3_store
    wrong_bucket = S3Storage(
        "no-such-bucket-here",
        endpoint_url=store._client.meta.endpoint_url,
        region=REGION,
        access_key_id=ACCESS_KEY_ID,
        secret_access_key=SECRET_ACCESS_KEY,
    )
    with pytest.raises(StorageUnavailable):
        wrong_bucket.put("a/1", b"x", "text/plain")
    nobody_home = S3Storage(
        store.bucket,
        endpoint_url=f"http://127.0.0.1:{free_port()}",
        region=REGION,
        access_key_id=ACCESS_KEY_ID,
        secret_access_key=SECRET_ACCESS_KEY,
    )
    for action in (
        lambda: nobody_home.put("a/1", b"x", "text/plain"),
        lambda: nobody_home.open("a/1"),
        lambda: nobody_home.exists("a/1"),
    ):
        with pytest.raises(StorageUnavailable):
            action()


def test_s3_refuses_bad_keys_before_any_request(s3_store: tuple[S3Storage, object]) -> None:
    store, client = s3_store
    for key in ("../other-prefix/x", "/abs", "a/../b"):
        with pytest.raises(StorageKeyInvalid):
            store.put(key, b"x", "text/plain")
    listing = client.list_objects_v2(Bucket=store.bucket)  # type: ignore[attr-defined]
    names = [item["Key"] for item in listing.get("Contents", [])]
    assert all(name.startswith("uploads/v1/") for name in names)
    assert not any(".." in name or "//" in name for name in names)


# ------------------------------------------------------------------ serving it back


def test_an_assessor_downloads_the_stored_file_as_an_attachment_through_the_app(
    store: FilesystemStorage,
) -> None:
    """Stored, then streamed through the app's security-header middleware: the download's
    own sandbox policy is what the browser gets, and the bytes are the learner's."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import StreamingResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from microcred_market.api.headers import SecurityHeaders
    from microcred_market.platform.uploads import check_upload, download_headers

    body = b"<html><script>alert(1)</script></html>"
    accepted = check_upload(b"Raport z praktyk\n" + body, "Raport – Łódź.txt")
    store.put("submissions/s1/1", b"Raport z praktyk\n" + body, accepted.content_type)

    async def download(request: Request) -> StreamingResponse:
        return StreamingResponse(store.open("submissions/s1/1"), headers=download_headers(accepted))

    app = SecurityHeaders(Starlette(routes=[Route("/download", download)]))
    response = TestClient(app).get("/download")
    assert response.status_code == 200
    assert response.content == b"Raport z praktyk\n" + body
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.headers["content-disposition"].startswith("attachment; ")
    assert (
        "filename*=UTF-8''Raport%20%E2%80%93%20%C5%81%C3%B3d%C5%BA.txt"
        in (response.headers["content-disposition"])
    )
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"].endswith("; sandbox")
    assert len(response.headers.get_list("content-security-policy")) == 1
