"""One place for configuration.

Every value comes from an environment variable and has an embedded default that works
offline on a laptop, so `make run` needs no configuration at all. The app, Alembic and
the CLI all read the same `get_settings()`, so they can never disagree about which
database they talk to.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


@dataclass(frozen=True)
class OidcProvider:
    """One single-sign-on provider, e.g. a university's identity server."""

    key: str
    name: str
    issuer: str
    client_id: str
    client_secret: str
    scope: str = "openid email profile"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    redis_url: str | None
    public_base_url: str
    # Where the browser reaches the backend (API routes, websocket): API_URL.
    api_base_url: str
    frontend_port: int
    backend_port: int
    # Signs short-lived cookies (SSO state, flash): SECRET_KEY, or data/secret_key made on
    # first load.
    secret_key: str = field(repr=False)
    # Encrypts issuers' private keys at rest: MASTER_KEY (64 hex digits) or data/master_key.
    master_key: bytes = field(repr=False)
    environment: str = "development"
    smtp_url: str | None = None
    mail_from: str = "microcred <no-reply@localhost>"
    session_days: int = 30
    oidc_providers: tuple[OidcProvider, ...] = ()
    stripe_secret_key: str | None = None
    stripe_webhook_secret: str | None = None
    # A Connect endpoint (events of connected accounts, e.g. account.updated) has its own
    # signing secret in Stripe's dashboard; deliveries signed with either are accepted.
    stripe_connect_webhook_secret: str | None = None
    # Tests point the real stripe library at a local fake API server.
    stripe_api_base: str | None = None
    default_language: str = "en"
    languages: tuple[str, ...] = field(default=("en", "pl"))
    # host[:port] the credential verifier may fetch from although they are private
    # addresses (tests run other issuers on loopback). Empty in production.
    verifier_trusted_hosts: tuple[str, ...] = ()
    # Process the outbox (mail, credential issuance) inside the web process as well.
    inprocess_worker: bool = True
    # Where uploaded evidence is kept: STORAGE_URL, unset for DATA_DIR/uploads (or
    # file:///path), s3://bucket/prefix for S3-compatible object storage.
    storage_url: str | None = None
    s3_endpoint_url: str | None = None
    s3_region: str | None = None
    s3_access_key_id: str | None = field(default=None, repr=False)
    s3_secret_access_key: str | None = field(default=None, repr=False)
    # The largest file a learner may upload, in MiB (what their computer calls MB).
    upload_max_mb: int = 20
    # An outbox message that failed this many times stops being retried and waits, with
    # its last error, among the dead letters of the operator's outbox page.
    outbox_max_attempts: int = 8
    # Connections each process keeps to PostgreSQL (DB_POOL_SIZE) and may open beyond them
    # under a burst (DB_MAX_OVERFLOW): processes x (both) must stay under the server's
    # max_connections (100 by default) with room for migrations and psql.
    db_pool_size: int = 10
    db_max_overflow: int = 20

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def secure_cookies(self) -> bool:
        return self.public_base_url.startswith("https://")


def _master_key(data_dir: Path) -> bytes:
    value = _env("MASTER_KEY") or _file_secret(data_dir / "master_key", hex_key=True)
    try:
        key = bytes.fromhex(value)
    except ValueError as error:
        raise ValueError("MASTER_KEY must be 64 hexadecimal digits") from error
    if len(key) != 32:
        raise ValueError("MASTER_KEY must be 64 hexadecimal digits")
    return key


def _file_secret(path: Path, hex_key: bool = False) -> str:
    """The secret in `path`, made on first use.

    Several processes start at once on a fresh machine (two workers, the web process):
    each writes its candidate to a private temporary file and links it into place, which
    fails if another got there first. So nobody reads a half-written file, and nobody
    replaces a key another process already encrypts with.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32) if hex_key else secrets.token_urlsafe(48))
            with contextlib.suppress(FileExistsError):
                os.link(temp, path)
        finally:
            os.unlink(temp)
    return path.read_text().strip()


def _storage_url() -> str | None:
    """STORAGE_URL, refused at start when it names no place we can store files in (a typo
    found by the first learner's upload would lose that learner's work)."""
    url = _env("STORAGE_URL")
    if url is None:
        return None
    if url.startswith("file://"):
        if not url[len("file://") :].startswith("/"):
            raise ValueError("STORAGE_URL=file:// needs an absolute path, e.g. file:///srv/uploads")
        return url
    if url.startswith("s3://"):
        bucket = url[len("s3://") :].split("/", 1)[0]
        if not bucket:
            raise ValueError("STORAGE_URL=s3:// needs a bucket, e.g. s3://bucket/prefix")
        return url
    raise ValueError("STORAGE_URL is file:///path or s3://bucket/prefix")


def _positive_int(name: str, default: int) -> int:
    value = _env(name, str(default)) or str(default)
    try:
        number = int(value)
    except ValueError as error:
        raise ValueError(f"{name} must be a whole number") from error
    if number <= 0:
        raise ValueError(f"{name} must be above zero")
    return number


def _oidc_providers() -> tuple[OidcProvider, ...]:
    """OIDC_PROVIDERS=uw,tud and, per key, OIDC_<KEY>_ISSUER, _CLIENT_ID, _CLIENT_SECRET, _NAME."""
    providers = []
    for key in (_env("OIDC_PROVIDERS", "") or "").split(","):
        key = key.strip().lower()
        if not key:
            continue
        prefix = f"OIDC_{key.upper()}_"
        issuer = _env(prefix + "ISSUER")
        client_id = _env(prefix + "CLIENT_ID")
        if not issuer or not client_id:
            continue
        providers.append(
            OidcProvider(
                key=key,
                name=_env(prefix + "NAME", key.upper()) or key,
                issuer=issuer.rstrip("/"),
                client_id=client_id,
                client_secret=_env(prefix + "CLIENT_SECRET", "") or "",
                scope=_env(prefix + "SCOPE", "openid email profile") or "openid email profile",
            )
        )
    return tuple(providers)


def load_settings() -> Settings:
    """Read the environment (and the secret files, made here on first load) once.

    Nothing reads the environment afterwards: the app, Alembic and the CLI see one frozen
    value for the whole process, so a setting cannot change under a running request.
    """
    data_dir = Path(_env("DATA_DIR", str(PROJECT_ROOT / "data")) or "data").resolve()
    database_url = _env("DATABASE_URL") or f"sqlite:///{data_dir / 'microcred.db'}"
    # psycopg 3 is the driver we ship; accept the common short forms.
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgres://") :]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]
    # PORT is the one port of production mode (`make run-prod`): pages and backend on it.
    single_port = _env("PORT")
    frontend_port = int(_env("FRONTEND_PORT", single_port or "3000") or 3000)
    backend_port = int(_env("BACKEND_PORT", single_port or "8000") or 8000)
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        redis_url=_env("REDIS_URL"),
        public_base_url=(_env("PUBLIC_BASE_URL", f"http://localhost:{frontend_port}") or "").rstrip(
            "/"
        ),
        api_base_url=(_env("API_URL", f"http://localhost:{backend_port}") or "").rstrip("/"),
        frontend_port=frontend_port,
        backend_port=backend_port,
        secret_key=_env("SECRET_KEY") or _file_secret(data_dir / "secret_key"),
        master_key=_master_key(data_dir),
        environment=_env("ENVIRONMENT", "development") or "development",
        smtp_url=_env("SMTP_URL"),
        mail_from=_env("MAIL_FROM", "microcred <no-reply@localhost>") or "",
        session_days=int(_env("SESSION_DAYS", "30") or 30),
        oidc_providers=_oidc_providers(),
        stripe_secret_key=_env("STRIPE_SECRET_KEY"),
        stripe_webhook_secret=_env("STRIPE_WEBHOOK_SECRET"),
        stripe_connect_webhook_secret=_env("STRIPE_CONNECT_WEBHOOK_SECRET"),
        stripe_api_base=_env("STRIPE_API_BASE"),
        verifier_trusted_hosts=tuple(
            h.strip().lower()
            for h in (_env("VERIFIER_TRUSTED_HOSTS", "") or "").split(",")
            if h.strip()
        ),
        inprocess_worker=(_env("INPROCESS_WORKER", "1") or "1") not in {"0", "false", "no"},
        storage_url=_storage_url(),
        s3_endpoint_url=_env("S3_ENDPOINT_URL"),
        s3_region=_env("S3_REGION") or _env("AWS_REGION"),
        s3_access_key_id=_env("S3_ACCESS_KEY_ID"),
        s3_secret_access_key=_env("S3_SECRET_ACCESS_KEY"),
        upload_max_mb=_positive_int("UPLOAD_MAX_MB", 20),
        outbox_max_attempts=_positive_int("OUTBOX_MAX_ATTEMPTS", 8),
        db_pool_size=_positive_int("DB_POOL_SIZE", 10),
        db_max_overflow=int(_env("DB_MAX_OVERFLOW", "20") or 20),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()


def reset_settings_cache() -> None:
    """Tests change the environment and need the next read to see it."""
    get_settings.cache_clear()
