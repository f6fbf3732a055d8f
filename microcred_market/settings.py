"""One place for configuration.

Every value comes from an environment variable and has an embedded default that works
offline on a laptop, so `make run` needs no configuration at all. The app, Alembic and
the CLI all read the same `get_settings()`, so they can never disagree about which
database they talk to.
"""

from __future__ import annotations

import os
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
class Settings:
    data_dir: Path
    database_url: str
    redis_url: str | None
    public_base_url: str
    frontend_port: int
    backend_port: int
    environment: str = "development"
    default_language: str = "en"
    languages: tuple[str, ...] = field(default=("en", "pl"))

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def api_base_url(self) -> str:
        """Where the browser reaches the backend (API routes, websocket)."""
        return _env("API_URL", f"http://localhost:{self.backend_port}") or ""


def load_settings() -> Settings:
    data_dir = Path(_env("DATA_DIR", str(PROJECT_ROOT / "data")) or "data").resolve()
    database_url = _env("DATABASE_URL") or f"sqlite:///{data_dir / 'microcred.db'}"
    # psycopg 3 is the driver we ship; accept the common short forms.
    if database_url.startswith("postgres://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgres://") :]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://") :]
    frontend_port = int(_env("FRONTEND_PORT", "3000") or 3000)
    backend_port = int(_env("BACKEND_PORT", "8000") or 8000)
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        redis_url=_env("REDIS_URL"),
        public_base_url=(_env("PUBLIC_BASE_URL", f"http://localhost:{frontend_port}") or "").rstrip(
            "/"
        ),
        frontend_port=frontend_port,
        backend_port=backend_port,
        environment=_env("ENVIRONMENT", "development") or "development",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()


def reset_settings_cache() -> None:
    """Tests change the environment and need the next read to see it."""
    get_settings.cache_clear()
