"""Settings are read once; every public address comes out exactly as it always has.

The addresses are signed into credentials and printed on certificates, so a change in
any of them would break links that employers already hold.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from microcred_market.platform import urls
from microcred_market.settings import get_settings, load_settings, reset_settings_cache

FRONT = "https://credentials.example.eu"
API = "https://api.credentials.example.eu"
UUID = "0b5e5a4c-6c43-4f5e-9d0c-0f8f1c7b2a11"


@pytest.fixture
def configured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PUBLIC_BASE_URL", FRONT + "/")
    monkeypatch.setenv("API_URL", API)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("MASTER_KEY", raising=False)
    reset_settings_cache()
    yield
    reset_settings_cache()


def test_settings_cannot_be_changed_after_load(configured: None) -> None:
    settings = get_settings()
    for name, value in (
        ("public_base_url", "https://evil.example"),
        ("api_base_url", "https://evil.example"),
        ("secret_key", "guessed"),
        ("master_key", b"\0" * 32),
    ):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(settings, name, value)
    assert get_settings().public_base_url == FRONT


def test_a_changed_environment_is_seen_only_after_a_reset(
    configured: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = get_settings()
    monkeypatch.setenv("API_URL", "https://other.example")
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("MASTER_KEY", "ab" * 32)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://other.example")
    now = get_settings()
    assert now is before
    assert (now.api_base_url, now.public_base_url) == (API, FRONT)
    assert now.secret_key != "from-the-environment"
    assert now.master_key != bytes.fromhex("ab" * 32)
    assert urls.credential_json(UUID) == f"{API}/api/credentials/{UUID}"

    reset_settings_cache()
    after = get_settings()
    assert after.api_base_url == "https://other.example"
    assert after.secret_key == "from-the-environment"
    assert after.master_key == bytes.fromhex("ab" * 32)
    assert urls.credential_json(UUID) == f"https://other.example/api/credentials/{UUID}"


def test_secret_files_are_made_on_first_load_and_kept(configured: None, tmp_path: Path) -> None:
    first = get_settings()
    assert (tmp_path / "secret_key").read_text().strip() == first.secret_key
    assert bytes.fromhex((tmp_path / "master_key").read_text().strip()) == first.master_key
    again = load_settings()
    assert (again.secret_key, again.master_key) == (first.secret_key, first.master_key)


def test_processes_starting_at_once_share_one_master_key(tmp_path: Path) -> None:
    """Two workers and the web process starting together on a fresh machine: every one
    reads the same whole key, never a half-written file or a key replaced under it."""
    script = (
        "import sys; from pathlib import Path; from microcred_market.settings import _master_key;"
        "print(_master_key(Path(sys.argv[1])).hex())"
    )
    for attempt in range(3):
        folder = tmp_path / f"data-{attempt}"
        runs = [
            subprocess.Popen(
                [sys.executable, "-c", script, str(folder)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(6)
        ]
        keys = set()
        for run in runs:
            out, err = run.communicate(timeout=60)
            assert run.returncode == 0, err
            keys.add(out.strip())
        assert keys == {(folder / "master_key").read_text().strip()}
        assert len(next(iter(keys))) == 64
        assert [p.name for p in folder.iterdir()] == ["master_key"]  # no temporary left
        assert (folder / "master_key").stat().st_mode & 0o777 == 0o600


def test_a_bad_master_key_is_refused_at_load(
    configured: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MASTER_KEY", "not hex")
    with pytest.raises(ValueError, match="64 hexadecimal digits"):
        load_settings()
    monkeypatch.setenv("MASTER_KEY", "ab" * 16)
    with pytest.raises(ValueError, match="64 hexadecimal digits"):
        load_settings()


def test_every_public_address_is_as_before(configured: None) -> None:
    assert urls.offering_page("ai-basics") == f"{FRONT}/offerings/ai-basics"
    assert urls.qualification_page("data-pro") == f"{FRONT}/qualifications/data-pro"
    assert urls.qualification_prefix() == f"{FRONT}/qualifications/"
    assert urls.sign_in_page() == f"{FRONT}/signin"
    assert urls.token_link("/api/auth/reset", "t0k") == f"{API}/api/auth/reset?token=t0k"
    assert urls.oidc_callback("uw") == f"{API}/api/auth/oidc/uw/callback"
    assert urls.learning_page() == f"{FRONT}/learning"
    assert urls.wallet_page() == f"{FRONT}/wallet"
    assert urls.receipt_pdf(UUID) == f"{API}/api/orders/{UUID}/receipt.pdf"
    assert urls.checkout_return(UUID) == f"{FRONT}/checkout/return?order={UUID}"
    assert (
        urls.checkout_return(UUID, cancelled=True)
        == f"{FRONT}/checkout/return?order={UUID}&cancelled=1"
    )
    assert urls.simulated_checkout(UUID) == f"{FRONT}/checkout/simulated/{UUID}"
    assert urls.issuer_did("uw") == "did:web:credentials.example.eu:issuers:uw"
    assert urls.status_list("uw", "revocation", 3) == f"{API}/api/status/uw/revocation/3"
    assert urls.credential_json(UUID) == f"{API}/api/credentials/{UUID}"
    assert urls.credential_share_page(UUID) == f"{FRONT}/credentials/{UUID}"
    assert urls.verify_page(UUID) == f"{FRONT}/verify?url={API}/api/credentials/{UUID}"
    assert urls.microcred_context() == f"{FRONT}/contexts/microcred-v2.json"
    assert urls.page("/orders?x=1") == f"{FRONT}/orders?x=1"
    assert urls.credential_bases() == {FRONT, API}


def test_a_did_web_host_with_a_port_keeps_it_encoded(
    configured: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUBLIC_BASE_URL", "http://127.0.0.1:3000")
    reset_settings_cache()
    assert urls.issuer_did("uw") == "did:web:127.0.0.1%3A3000:issuers:uw"
