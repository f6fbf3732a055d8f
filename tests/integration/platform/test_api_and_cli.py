"""The JSON API and the CLI answer with the same results as the service."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from microcred_market import cli
from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue.search_query import parse_query
from microcred_market.platform.db import reset_engine, session_scope
from microcred_market.settings import reset_settings_cache
from microcred_market.wiring import build_api
from tests.support.limits import small_search_budget

pytestmark = pytest.mark.catalogue


@pytest.fixture
def app_db(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point the app's settings at the demo database for the API and CLI."""
    monkeypatch.setenv("DATABASE_URL", demo_url)
    reset_settings_cache()
    yield demo_url
    reset_settings_cache()
    reset_engine()


@pytest.fixture
def client(app_db: str) -> TestClient:
    return TestClient(build_api(), raise_server_exceptions=False)


def service_slugs(url: str, **params) -> list[str]:
    with session_scope(url) as session:
        return [i.slug for i in catalogue.search(session, parse_query(params)).items]


def test_list_offerings_matches_the_service(client: TestClient, app_db: str) -> None:
    response = client.get("/api/offerings", params=[("q", "dat"), ("eqf", "6"), ("eqf", "5")])
    assert response.status_code == 200
    body = response.json()
    assert [i["slug"] for i in body["items"]] == service_slugs(app_db, q="dat", eqf="5,6")
    assert body["query"]["eqf"] == "5,6"
    assert body["total"] >= len(body["items"]) > 0
    assert {"university", "eqf", "country", "form"} <= set(body["facets"])
    item = body["items"][0]
    assert {
        "slug",
        "title",
        "university_name",
        "ects",
        "eqf_level",
        "price_minor",
        "currency",
    } <= set(item)


def test_offering_by_slug_and_a_readable_404(client: TestClient) -> None:
    ok = client.get("/api/offerings/uw-analiza-danych-python")
    assert ok.status_code == 200
    assert ok.json()["university"]["slug"] == "uniwersytet-warszawski"
    missing = client.get("/api/offerings/no-such-course")
    assert missing.status_code == 404
    assert missing.json()["message"].startswith("We could not find")


@pytest.mark.parametrize(
    "query",
    [
        "page=99999999999999999999",
        "price_min=abc&price_max=-1",
        "eqf=99&country=ZZ&form=%00",
        "q=" + "z" * 2000,
        "start_from=31-12-2027",
        "per_page=100000",
        "q=%22%29%3B--%20NEAR%28",
    ],
)
def test_bad_input_never_gives_a_500(client: TestClient, query: str) -> None:
    response = client.get(f"/api/offerings?{query}")
    assert response.status_code == 200
    body = response.json()
    assert isinstance(body["items"], list)
    assert body["per_page"] <= 50


def test_api_responses_carry_security_headers(client: TestClient) -> None:
    response = client.get("/api/offerings")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_notices_follow_the_language(client: TestClient) -> None:
    en = client.get("/api/offerings?eqf=99").json()["notices"]
    pl = client.get("/api/offerings?eqf=99&lang=pl").json()["notices"]
    assert en and pl and en != pl
    assert "99" in en[0] and "99" in pl[0]


def test_cli_search_prints_the_same_results(app_db: str, capsys) -> None:
    assert cli.main(["search", "zarzadzanie", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert [i["slug"] for i in body["items"]] == service_slugs(app_db, q="zarzadzanie")

    assert cli.main(["search", "dat", "--eqf", "6", "--country", "PL"]) == 0
    out = capsys.readouterr().out
    expected = service_slugs(app_db, q="dat", eqf="6", country="PL")
    assert out.splitlines()[0].startswith(f"{len(expected)} offerings")
    assert [line.rsplit("| ", 1)[1] for line in out.splitlines()[1:]] == expected


def test_cli_reports_bad_filters_on_stderr(app_db: str, capsys) -> None:
    assert cli.main(["search", "data", "--eqf", "42"]) == 0
    captured = capsys.readouterr()
    assert "unknown filter value: 42" in captured.err


def test_the_offerings_api_shares_the_search_budget_of_an_address(
    client: TestClient, app_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_search_budget(monkeypatch, app_db, 3)
    answers = [client.get("/api/offerings", params={"q": "data"}) for _ in range(4)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    refused = answers[3]
    assert 1 <= int(refused.headers["retry-after"]) <= 61
    assert refused.json()["error"] == "rate_limited" and refused.json()["message"]
    # Reading one course costs no search and stays open.
    assert client.get("/api/offerings/uw-analiza-danych-python").status_code == 200
