from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from microcred_market.platform.money import format_money, to_major
from microcred_market.settings import load_settings

pytestmark = pytest.mark.catalogue


def test_money_is_shown_in_the_readers_locale() -> None:
    assert format_money(149000, "PLN", "pl") == "1\xa0490,00\xa0zł"
    assert format_money(149000, "PLN", "en") == "PLN\xa01,490.00"
    assert format_money(45050, "EUR", "en") == "€\xa0450.50"
    assert format_money(0, "EUR", "en") == "Free"
    assert format_money(0, "PLN", "pl") == "Bezpłatny"


@given(st.integers(0, 10**12))
def test_minor_units_convert_exactly(minor: int) -> None:
    major = to_major(minor)
    assert isinstance(major, Decimal)
    assert int(major * 100) == minor


def test_settings_default_to_an_offline_sqlite_file(monkeypatch, tmp_path) -> None:
    for name in (
        "DATABASE_URL",
        "REDIS_URL",
        "PUBLIC_BASE_URL",
        "FRONTEND_PORT",
        "BACKEND_PORT",
        "API_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    settings = load_settings()
    assert settings.database_url == f"sqlite:///{tmp_path / 'microcred.db'}"
    assert settings.redis_url is None
    assert settings.public_base_url == "http://localhost:3000"
    assert settings.is_sqlite


def test_settings_come_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db:5432/m")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://credentials.example.eu/")
    settings = load_settings()
    assert settings.database_url == "postgresql+psycopg://u@db:5432/m"
    assert settings.redis_url == "redis://cache:6379"
    assert settings.public_base_url == "https://credentials.example.eu"
    assert not settings.is_sqlite
