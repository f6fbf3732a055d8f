"""Where uploaded evidence lives: a small interface, a filesystem default and S3.

A learner's practical task or portfolio is the only copy of their work we hold, and an
assessor downloads it weeks later, so a stored object is either complete or absent: the
filesystem writes a temporary file, fsyncs it and renames it into place (a crash leaves
no half-written file under a key), and S3 makes a PUT visible only once it is whole.

Keys are made by our code (e.g. `submissions/<uuid>/3`), never by the uploader, and are
still checked: path segments of letters, digits, `.`, `_` and `-` that start with a
letter or digit, so `..`, absolute paths, backslashes and hidden names cannot occur.
On the filesystem every directory is opened with O_NOFOLLOW relative to its parent, so
a symlink planted inside the store (by a backup tool, a careless operator or an attacker
with a foothold) is refused rather than followed out of it.

The default root is `DATA_DIR/uploads`: outside `assets/` and the compiled front end, so
no web server publishes it; files are 0600 and directories 0700. `STORAGE_URL` chooses
another place (`file:///path` or `s3://bucket/prefix`); `storage()` reads it once.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import re
import secrets
import stat
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Protocol

from microcred_market.platform.errors import DomainError, InvalidInput, NotFound
from microcred_market.settings import PROJECT_ROOT, Settings, get_settings

CHUNK = 1024 * 1024
MAX_KEY_LENGTH = 512
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
_TEMP_PREFIX = ".tmp-"  # never a valid key segment, so never read as an object
# Folders a web server publishes: the store must not be inside them.
_PUBLISHED = (PROJECT_ROOT / "assets", PROJECT_ROOT / ".web")

Data = bytes | IO[bytes]
log = logging.getLogger("microcred.storage")


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    sha256: str  # hex, of the bytes stored


class StorageKeyInvalid(InvalidInput):
    """A key our own code built wrongly; never the uploader's fault, still never followed."""


class StorageUnavailable(DomainError):
    """The store could not be written or read (disk full, object store down): the
    learner is asked to try again, the operator finds the cause in the log."""

    code = "unavailable"


class _SourceFailed(Exception):
    """Reading the upload itself failed (the learner's connection dropped): not ours."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


@contextlib.contextmanager
def _store_errors() -> Iterator[None]:
    try:
        yield
    except (FileNotFoundError, _SourceFailed):
        raise
    except OSError as error:
        log.warning("upload storage failed: %r", error)
        raise StorageUnavailable("error.uploads.storage_unavailable") from error


class Storage(Protocol):
    def put(self, key: str, data: Data, content_type: str) -> StoredObject:
        """Store `data` under `key` whole, replacing what was there; never half."""
        ...

    def open(self, key: str) -> Iterator[bytes]:
        """The stored bytes in chunks (NotFound before the first one if there is none)."""
        ...

    def read(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None:
        """Remove the object; deleting what is not there is not an error."""
        ...

    def exists(self, key: str) -> bool: ...


def check_key(key: str) -> list[str]:
    """The key's segments, or StorageKeyInvalid."""
    if not isinstance(key, str) or not key or len(key) > MAX_KEY_LENGTH:
        raise StorageKeyInvalid("error.uploads.storage_key_invalid")
    segments = key.split("/")
    if not all(_SEGMENT.fullmatch(segment) for segment in segments):
        raise StorageKeyInvalid("error.uploads.storage_key_invalid")
    return segments


def _chunks(data: Data) -> Iterator[bytes]:
    if isinstance(data, bytes | bytearray | memoryview):
        yield bytes(data)
        return
    while True:
        try:
            chunk = data.read(CHUNK)
        except Exception as error:
            raise _SourceFailed(error) from error
        if not chunk:
            return
        yield chunk


# --------------------------------------------------------------------- filesystem


class FilesystemStorage:
    """Objects as files under `root`, written atomically, reached without following links."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        for published in _PUBLISHED:
            if self.root == published or published in self.root.parents:
                raise ValueError(f"uploads must not be stored inside {published}: it is published")
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)

    def _directory(self, segments: list[str], create: bool) -> int:
        """An open descriptor of the key's directory, reached one O_NOFOLLOW step at a time."""
        fd = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY)
        try:
            for name in segments:
                if create:
                    with contextlib.suppress(FileExistsError):
                        os.mkdir(name, 0o700, dir_fd=fd)
                try:
                    child = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
                except FileNotFoundError:
                    raise  # the caller decides: nothing stored there
                except OSError as error:
                    # ELOOP: a symlink; ENOTDIR: a file where a folder should be.
                    if error.errno in (errno.ELOOP, errno.ENOTDIR):
                        raise StorageKeyInvalid("error.uploads.storage_key_invalid") from error
                    raise
                os.close(fd)
                fd = child
            return fd
        except BaseException:
            os.close(fd)
            raise

    def put(self, key: str, data: Data, content_type: str) -> StoredObject:
        segments = check_key(key)
        try:
            with _store_errors():
                return self._put(key, segments, data)
        except _SourceFailed as failed:
            raise failed.error from None

    def _put(self, key: str, segments: list[str], data: Data) -> StoredObject:
        directory = self._directory(segments[:-1], create=True)
        name = segments[-1]
        temp = f"{_TEMP_PREFIX}{secrets.token_hex(8)}"
        digest = hashlib.sha256()
        size = 0
        try:
            fd = os.open(
                temp,
                os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW,
                0o600,
                dir_fd=directory,
            )
            try:
                for chunk in _chunks(data):
                    digest.update(chunk)
                    size += len(chunk)
                    view = memoryview(chunk)
                    while view:
                        written = os.write(fd, view)
                        view = view[written:]
                os.fsync(fd)
            finally:
                os.close(fd)
            try:
                existing = os.stat(name, dir_fd=directory, follow_symlinks=False)
            except FileNotFoundError:
                existing = None
            if existing is not None and not stat.S_ISREG(existing.st_mode):
                raise StorageKeyInvalid("error.uploads.storage_key_invalid")
            # rename replaces the name itself (never what a link there points to).
            os.rename(temp, name, src_dir_fd=directory, dst_dir_fd=directory)
            temp = ""
            os.fsync(directory)  # the rename itself survives a power cut
        finally:
            if temp:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temp, dir_fd=directory)
            os.close(directory)
        return StoredObject(key=key, size=size, sha256=digest.hexdigest())

    def _open_file(self, key: str) -> int:
        with _store_errors():
            return self._open_descriptor(check_key(key))

    def _open_descriptor(self, segments: list[str]) -> int:
        try:
            directory = self._directory(segments[:-1], create=False)
        except FileNotFoundError as error:
            raise NotFound("error.uploads.not_found") from error
        try:
            fd = os.open(segments[-1], os.O_RDONLY | os.O_NOFOLLOW, dir_fd=directory)
        except FileNotFoundError as error:
            raise NotFound("error.uploads.not_found") from error
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise StorageKeyInvalid("error.uploads.storage_key_invalid") from error
            raise
        finally:
            os.close(directory)
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise StorageKeyInvalid("error.uploads.storage_key_invalid")
        return fd

    def open(self, key: str) -> Iterator[bytes]:
        fd = self._open_file(key)  # opened now: a missing file fails before any byte is sent
        return _file_chunks(os.fdopen(fd, "rb"))

    def read(self, key: str) -> bytes:
        return b"".join(self.open(key))

    def delete(self, key: str) -> None:
        with _store_errors():
            self._delete(check_key(key))

    def _delete(self, segments: list[str]) -> None:
        try:
            directory = self._directory(segments[:-1], create=False)
        except FileNotFoundError:
            return
        try:
            os.unlink(segments[-1], dir_fd=directory)
            os.fsync(directory)
        except FileNotFoundError:
            pass
        except IsADirectoryError as error:
            raise StorageKeyInvalid("error.uploads.storage_key_invalid") from error
        finally:
            os.close(directory)

    def exists(self, key: str) -> bool:
        with _store_errors():
            return self._exists(check_key(key))

    def _exists(self, segments: list[str]) -> bool:
        try:
            directory = self._directory(segments[:-1], create=False)
        except FileNotFoundError:
            return False
        try:
            info = os.stat(segments[-1], dir_fd=directory, follow_symlinks=False)
        except FileNotFoundError:
            return False
        finally:
            os.close(directory)
        return stat.S_ISREG(info.st_mode)

    def remove_leftovers(self, older_than: float = 3600.0) -> int:
        """Delete temporary files a crash left mid-upload (never a stored object: their
        names cannot be keys); returns how many. For the worker or an operator's cron."""
        cutoff = time.time() - older_than
        removed = 0
        for folder, _dirs, files in os.walk(self.root, followlinks=False):
            for name in files:
                if not name.startswith(_TEMP_PREFIX):
                    continue
                path = os.path.join(folder, name)
                with contextlib.suppress(FileNotFoundError):
                    if os.lstat(path).st_mtime < cutoff:
                        os.unlink(path)
                        removed += 1
        return removed


def _file_chunks(handle: IO[bytes]) -> Iterator[bytes]:
    with handle:
        while chunk := handle.read(CHUNK):
            yield chunk


# --------------------------------------------------------------------- S3


class S3Storage:
    """Objects in an S3-compatible bucket (AWS, MinIO, Ceph, Garage...) under a prefix.

    A PUT becomes visible whole or not at all, so no temporary name is needed. Each
    object also carries its SHA-256 in its metadata and `Content-Disposition:
    attachment`, so a presigned link someone makes later still downloads rather than
    renders. Without S3_ACCESS_KEY_ID boto3's own chain is used (AWS_* variables, an
    instance role).
    """

    def __init__(
        self,
        bucket: str,
        prefix: str = "",
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
    ) -> None:
        import boto3  # only the processes that store in S3 pay for importing it
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix.strip("/")
        config = Config(
            signature_version="s3v4",
            connect_timeout=5,
            read_timeout=30,
            retries={"max_attempts": 3, "mode": "standard"},
            # The body's SHA-256 is part of the signature, so the store refuses a body
            # damaged on the way; every S3-compatible server checks that. The newer
            # x-amz-checksum-* headers (boto3's default since 1.36) are sent only where an
            # operation requires them: MinIO, Ceph, B2 and others refuse or misread them.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            # A self-hosted endpoint seldom has a DNS name per bucket.
            s3={
                "addressing_style": "path" if endpoint_url else "auto",
                "payload_signing_enabled": True,
            },
        )
        self._client: Any = boto3.session.Session().client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            config=config,
        )
        from botocore.exceptions import BotoCoreError, ClientError

        self._client_error: type[Exception] = ClientError
        self._failures: tuple[type[Exception], ...] = (BotoCoreError, ClientError)

    def _name(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    @contextlib.contextmanager
    def _calls(self) -> Iterator[None]:
        """Boto's errors as ours: a missing object is NotFound, anything else (no bucket,
        refused key, the endpoint down) StorageUnavailable, with the cause in the log."""
        try:
            yield
        except self._failures as error:
            if isinstance(error, self._client_error) and self._missing(error):
                raise NotFound("error.uploads.not_found") from error
            log.warning("upload storage failed: %r", error)
            raise StorageUnavailable("error.uploads.storage_unavailable") from error

    def _missing(self, error: Exception) -> bool:
        response = getattr(error, "response", {}) or {}
        code = str(response.get("Error", {}).get("Code", ""))
        return code in {"404", "NoSuchKey", "NotFound"}

    def put(self, key: str, data: Data, content_type: str) -> StoredObject:
        name = self._name(key)
        # Hash first (the sha256 goes into the object's metadata); a stream is spooled
        # to a temporary file so that boto3 can rewind it to retry or sign.
        try:
            with _store_errors(), tempfile.SpooledTemporaryFile(max_size=8 * CHUNK) as body:
                digest = hashlib.sha256()
                size = 0
                for chunk in _chunks(data):
                    digest.update(chunk)
                    size += len(chunk)
                    body.write(chunk)
                body.seek(0)
                sha256 = digest.hexdigest()
                with self._calls():
                    self._put_object(name, body, size, content_type, sha256)
        except _SourceFailed as failed:
            raise failed.error from None
        return StoredObject(key=key, size=size, sha256=sha256)

    def _put_object(
        self, name: str, body: IO[bytes], size: int, content_type: str, sha256: str
    ) -> None:
        self._client.put_object(
            Bucket=self.bucket,
            Key=name,
            Body=body,
            ContentLength=size,
            ContentType=content_type,
            ContentDisposition="attachment",
            Metadata={"sha256": sha256},
        )

    def open(self, key: str) -> Iterator[bytes]:
        name = self._name(key)
        with self._calls():
            answer = self._client.get_object(Bucket=self.bucket, Key=name)
        return _body_chunks(answer["Body"])

    def read(self, key: str) -> bytes:
        return b"".join(self.open(key))

    def delete(self, key: str) -> None:
        name = self._name(key)
        with self._calls():
            self._client.delete_object(Bucket=self.bucket, Key=name)

    def exists(self, key: str) -> bool:
        name = self._name(key)
        try:
            with self._calls():
                self._client.head_object(Bucket=self.bucket, Key=name)
        except NotFound:
            return False
        return True


def _body_chunks(body: Any) -> Iterator[bytes]:
    try:
        yield from body.iter_chunks(CHUNK)
    finally:
        body.close()


# --------------------------------------------------------------------- choice


def storage_for(settings: Settings) -> Storage:
    """The store `STORAGE_URL` names (already checked when the settings were read)."""
    url = settings.storage_url
    if url is None:
        return FilesystemStorage(settings.data_dir / "uploads")
    if url.startswith("file://"):
        return FilesystemStorage(Path(url[len("file://") :]))
    bucket, _, prefix = url[len("s3://") :].partition("/")
    return S3Storage(
        bucket,
        prefix,
        endpoint_url=settings.s3_endpoint_url,
        region=settings.s3_region,
        access_key_id=settings.s3_access_key_id,
        secret_access_key=settings.s3_secret_access_key,
    )


@lru_cache(maxsize=1)
def _cached() -> Storage:
    return storage_for(get_settings())


def storage() -> Storage:
    """The process's one store, chosen by the settings on first use."""
    return _cached()


def reset_storage() -> None:
    """Tests change STORAGE_URL and need the next `storage()` to see it."""
    _cached.cache_clear()
