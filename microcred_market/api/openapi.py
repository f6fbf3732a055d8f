"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json.

Written by hand next to the routes rather than generated: the routes are plain Starlette,
and what an aggregator or a verifier needs to know (which parameters are dropped with a
notice rather than refused, which documents are public, which errors carry a message) is
not in any signature. `tests/integration/platform/test_openapi.py` fails when a route is
added without being described here (or listed in `NOT_JSON`), and runs schemathesis
against this document on a live server: no 5xx, every error a JSON body with a message.
"""

from __future__ import annotations

from typing import Any

from microcred_market.catalogue import vocab
from microcred_market.catalogue.search_query import MAX_PAGE, MAX_PER_PAGE, SORTS
from microcred_market.platform import urls

# Routes that are not JSON: form posts answer with a redirect to a page and a flash
# message, links from mails and sign-in providers redirect too.
NOT_JSON: frozenset[tuple[str, str]] = frozenset(
    {
        # For search engines: XML and plain text, not the JSON API.
        ("GET", "/sitemap.xml"),
        ("GET", "/robots.txt"),
        ("POST", "/api/auth/signup"),
        ("GET", "/api/auth/verify"),
        ("POST", "/api/auth/signin"),
        ("POST", "/api/auth/signout"),
        ("POST", "/api/auth/signout-everywhere"),
        ("POST", "/api/auth/forgot"),
        ("GET", "/api/auth/reset"),
        ("POST", "/api/auth/reset"),
        ("POST", "/api/auth/change-password"),
        ("POST", "/api/auth/change-email"),
        ("GET", "/api/auth/confirm-email"),
        ("GET", "/api/auth/invitation"),
        ("POST", "/api/auth/invitation"),
        ("POST", "/api/me/delete"),
        ("POST", "/api/universities/{slug}/invitations"),
        ("POST", "/api/admin/invitations"),
        ("GET", "/api/auth/oidc/{key}/start"),
        ("GET", "/api/auth/oidc/{key}/callback"),
        ("POST", "/api/orders"),
        ("POST", "/api/orders/{order}/refund"),
        ("POST", "/api/payments/simulated/{order}"),
        ("POST", "/api/enrolments/{uuid}/pass"),
        ("POST", "/api/staff/{slug}/results"),
        ("POST", "/api/credentials/{uuid}/state"),
        ("POST", "/api/credentials/{uuid}/share"),
        ("POST", "/api/assessments/work/{enrolment}/{component}"),
        ("POST", "/api/assessments/results/{uuid}/appeal"),
        ("POST", "/api/wallet/external"),
        ("POST", "/api/wallet/external/{uuid}/recheck"),
        ("POST", "/api/wallet/external/{uuid}/remove"),
        ("POST", "/api/wallet/external/{uuid}/recognition"),
        ("POST", "/api/universities/apply"),
        ("POST", "/api/admin/applications/{uuid}/approve"),
        ("POST", "/api/admin/applications/{uuid}/refuse"),
        ("POST", "/api/admin/outbox/{uuid}/retry"),
        ("POST", "/api/admin/fees"),
        ("POST", "/api/admin/fees/{slug}/clear"),
        ("POST", "/api/admin/vouchers"),
        ("POST", "/api/admin/vouchers/{code}/disable"),
        ("POST", "/api/staff/{slug}/university"),
        ("POST", "/api/staff/{slug}/university/logo"),
        ("POST", "/api/staff/{slug}/payments/onboarding"),
        # The payment provider's `refresh_url`: redirects to a new onboarding link.
        ("GET", "/api/staff/{slug}/payments/onboarding"),
        ("POST", "/api/staff/{slug}/payments/simulated"),
        ("POST", "/api/staff/{slug}/assessments/{offering}/qti"),
    }
)

ERROR = {"$ref": "#/components/schemas/Error"}


def _error(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def _json(description: str, schema: dict[str, Any], media: str = "application/json") -> Any:
    return {"description": description, "content": {media: {"schema": schema}}}


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _binary(description: str, media: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {media: {"schema": {"type": "string", "contentMediaType": media}}},
    }


LANG = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": "Language of messages (en, pl); anything else means English.",
    "schema": {"type": "string"},
}


def _path(name: str, description: str, **schema: Any) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "string", **schema},
    }


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
        "explode": False,
        "style": "form",
    }


def _operation(
    summary: str,
    responses: dict[str, Any],
    parameters: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "summary": summary,
        "parameters": [*(parameters or []), LANG],
        "responses": {
            **responses,
            "500": _error("An unexpected error; logged, and answered with a message."),
        },
        **extra,
    }


def _search_parameters() -> list[dict[str, Any]]:
    text = {"type": "string"}
    listed = {"type": "array", "items": {"type": "string"}}
    return [
        _query("q", "Words to search for (at most 200 characters, 12 words).", text),
        _query("university", "University slugs, comma-separated.", listed),
        _query(
            "country",
            "Country codes, comma-separated.",
            {"type": "array", "items": {"type": "string", "examples": sorted(vocab.COUNTRIES)}},
        ),
        _query(
            "eqf",
            "EQF levels 1-8, comma-separated.",
            {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 8}},
        ),
        _query("ects_min", "Least ECTS credits (a decimal, comma or dot).", text),
        _query("ects_max", "Most ECTS credits.", text),
        _query("price_min", "Lowest price in major units.", text),
        _query("price_max", "Highest price in major units.", text),
        _query("currency", "PLN or EUR.", {"type": "string", "enum": sorted(vocab.CURRENCIES)}),
        _query("language", "Teaching languages, comma-separated.", listed),
        _query("form", "Participation forms, comma-separated.", listed),
        _query("assessment", "Assessment types, comma-separated.", listed),
        _query("start_from", "Starts on or after (YYYY-MM-DD).", {"type": "string"}),
        _query("start_to", "Starts on or before (YYYY-MM-DD).", {"type": "string"}),
        _query("self_paced", "1/true or 0/false.", {"type": "string"}),
        _query("qualification", "Qualification slugs, comma-separated.", listed),
        _query("sort", "Order of results.", {"type": "string", "enum": list(SORTS)}),
        _query("page", "Page number.", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
        _query(
            "per_page",
            f"Results per page (at most {MAX_PER_PAGE}; more is read as {MAX_PER_PAGE}).",
            {"type": "integer", "minimum": 1},
        ),
    ]


def _paths() -> dict[str, Any]:
    slug = _path("slug", "A university's or an offering's short name.", maxLength=200)
    uuid = _path("uuid", "A credential's UUID.")
    public_doc = {"type": "object"}
    any_object = {"type": "object"}
    return {
        "/api/health": {
            "get": _operation(
                "Is the API up?",
                {"200": _json("Up.", {"type": "object", "required": ["status"]})},
            )
        },
        "/api/openapi.json": {
            "get": _operation("This document.", {"200": _json("OpenAPI 3.1.", any_object)})
        },
        "/api/offerings": {
            "get": _operation(
                "Search the catalogue. Values it cannot use are dropped and named in `notices`,"
                " never refused.",
                {
                    "200": _json("One page of results.", {"$ref": "#/components/schemas/Search"}),
                    "429": _error("Too many searches from this address; see Retry-After."),
                },
                _search_parameters(),
            )
        },
        "/api/offerings/{slug}": {
            "get": _operation(
                "Every fact about a published offering.",
                {
                    "200": _json("The offering.", any_object),
                    "404": _error("No published offering has this slug."),
                },
                [slug],
            )
        },
        "/issuers/{slug}/did.json": {
            "get": _operation(
                "A university's DID document (did:web).",
                {
                    "200": _json("The DID document.", public_doc, "application/did+json"),
                    "404": _error("No such issuer."),
                },
                [_path("slug", "The university's slug.")],
            )
        },
        "/contexts/microcred-v1.json": {
            "get": _operation(
                "Our JSON-LD context (version 1) for the terms credentials use.",
                {"200": _json("The context.", public_doc, "application/ld+json")},
            )
        },
        "/contexts/microcred-v2.json": {
            "get": _operation(
                "Our JSON-LD context, version 2: adds recognitionOfPriorLearning.",
                {"200": _json("The context.", public_doc, "application/ld+json")},
            )
        },
        "/api/status/{slug}/{purpose}/{number}": {
            "get": _operation(
                "A signed Bitstring Status List credential.",
                {
                    "200": _json("The status list.", public_doc, "application/vc+ld+json"),
                    "404": _error("No such university, purpose or list number."),
                },
                [
                    _path("slug", "The university's slug."),
                    _path("purpose", "revocation or suspension."),
                    _path("number", "The list's number, from 1."),
                ],
            )
        },
        "/api/credentials/{uuid}.json": {
            "get": _operation(
                "A credential's JSON (anyone holding the link may read it).",
                {
                    "200": _json("The credential.", public_doc, "application/vc+ld+json"),
                    "404": _error("No such credential."),
                },
                [uuid],
            )
        },
        "/api/credentials/{uuid}": {
            "get": _operation(
                "The same credential JSON.",
                {
                    "200": _json("The credential.", public_doc, "application/vc+ld+json"),
                    "404": _error("No such credential."),
                },
                [uuid],
            )
        },
        "/api/credentials/{uuid}/certificate.pdf": {
            "get": _operation(
                "The printable certificate (the owner, or anyone if the learner shared it).",
                {
                    "200": _binary("The PDF.", "application/pdf"),
                    "404": _error("No such credential, or not shared."),
                },
                [uuid],
            )
        },
        "/api/credentials/{uuid}/badge.png": {
            "get": _operation(
                "The badge picture with the credential baked in.",
                {
                    "200": _binary("The PNG.", "image/png"),
                    "404": _error("No such credential, or not shared."),
                },
                [uuid],
            )
        },
        "/api/verify": {
            "post": _operation(
                "Check a credential: its JSON, a baked badge, or a link to fetch.",
                {
                    "200": _json(
                        "The checks and the verdict.", {"$ref": "#/components/schemas/Verdict"}
                    ),
                    "400": _error("Not JSON, not a credential, or a link we cannot fetch."),
                    "413": _error("Over 2 MB."),
                    "422": _error("JSON nested too deep, or text that is not valid Unicode."),
                    "429": _error("Too many checks from this address; see Retry-After."),
                },
                requestBody={
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "description": 'A credential, or {"url": "https://..."}.',
                                "oneOf": [
                                    {
                                        "type": "object",
                                        "required": ["url"],
                                        "properties": {"url": {"type": "string"}},
                                        "additionalProperties": False,
                                    },
                                    {"$ref": "#/components/schemas/Credential"},
                                ],
                            }
                        },
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "file": {
                                        "type": "string",
                                        "contentMediaType": "application/octet-stream",
                                    },
                                    "url": {"type": "string"},
                                },
                            }
                        },
                    },
                },
            )
        },
        "/api/orders/{order}/receipt.pdf": {
            "get": _operation(
                "The receipt of a paid order (its buyer or the university's staff).",
                {
                    "200": _binary("The PDF.", "application/pdf"),
                    "401": _error("Not signed in."),
                    "403": _error("Not your order."),
                    "404": _error("No such order."),
                    "409": _error("Not paid yet."),
                },
                [_path("order", "The order's UUID.")],
            )
        },
        "/api/assessments/evidence/{uuid}": {
            "get": _operation(
                "A file a learner submitted as evidence (its assessors and the learner only).",
                {
                    "200": _binary("The file, as an attachment.", "application/octet-stream"),
                    "404": _error("No such file, or not yours to see (the same answer)."),
                },
                [_path("uuid", "The file's UUID.")],
            )
        },
        "/api/staff/{slug}/assessments/{offering}/qti/{component}": {
            "get": _operation(
                "A quiz's question bank as a QTI 3.0 package (the offering's editors only).",
                {
                    "200": _binary("The package, as an attachment.", "application/zip"),
                    "401": _error("Not signed in."),
                    "403": _error("Not an owner or editor of this university."),
                    "404": _error("No such university, offering or quiz."),
                },
                [
                    _path("slug", "The university's slug."),
                    _path("offering", "The offering's slug."),
                    _path("component", "The quiz component's UUID."),
                ],
            )
        },
        "/api/me": {
            "get": _operation(
                "The signed-in person.",
                {"200": _json("Who you are.", any_object), "401": _error("Not signed in.")},
            )
        },
        "/api/me/export": {
            "get": _operation(
                "Download my data (GDPR article 20).",
                {"200": _json("Everything we hold.", any_object), "401": _error("Not signed in.")},
            )
        },
        "/api/universities/{slug}/staff": {
            "get": _operation(
                "A university's staff and open invitations (its owners).",
                {
                    "200": _json("The staff.", any_object),
                    "401": _error("Not signed in."),
                    "403": _error("Not an owner of this university."),
                    "404": _error("No such university."),
                },
                [_path("slug", "The university's slug.")],
            )
        },
        "/api/universities/{slug}/logo": {
            "get": _operation(
                "A university's logo (public). With ?v= (its version, as pages link it) the "
                "address never changes content and may be cached for a year.",
                {
                    "200": {
                        "description": "The picture, in the type it was found to be.",
                        "headers": {
                            "ETag": {"schema": {"type": "string"}},
                            "Cache-Control": {"schema": {"type": "string"}},
                        },
                        "content": {
                            media: {"schema": {"type": "string", "contentMediaType": media}}
                            for media in ("image/png", "image/jpeg", "image/webp")
                        },
                    },
                    "304": {"description": "Not modified (If-None-Match matched the ETag)."},
                    "404": _error("No such university, or it has no logo."),
                },
                [
                    _path("slug", "The university's slug."),
                    _query("v", "The logo's version (any value).", {"type": "string"}),
                ],
            )
        },
        "/api/admin/applications": {
            "get": _operation(
                "Universities' applications to join: pending first, then the latest decided "
                "(operators).",
                {
                    "200": _json("The applications.", any_object),
                    "401": _error("Not signed in."),
                    "403": _error("Not an operator."),
                },
            )
        },
        "/api/staff/{slug}/payments": {
            "get": _operation(
                "A university's payout account (as the provider last said) and its monthly "
                "statements: gross, platform fee, refunds, net and payouts, in minor units "
                "(its owners; operators).",
                {
                    "200": _json("Payout state and statements.", any_object),
                    "401": _error("Not signed in."),
                    "403": _error("Not an owner of this university."),
                    "404": _error("No such university."),
                },
                [_path("slug", "The university's slug.")],
            )
        },
        "/api/staff/{slug}/payments/statements.csv": {
            "get": _operation(
                "The monthly statements as CSV (amounts in major units; text cells that a "
                "spreadsheet would run as a formula are prefixed with an apostrophe).",
                {
                    "200": _binary("The CSV, UTF-8 with a byte-order mark.", "text/csv"),
                    "401": _error("Not signed in."),
                    "403": _error("Not an owner of this university."),
                    "404": _error("No such university."),
                },
                [_path("slug", "The university's slug.")],
            )
        },
        "/api/universities/{slug}/analytics.csv": {
            "get": _operation(
                "The university's analytics as CSV: per month, per offering, per cohort and "
                "in total (enrolments, results, credentials, shares, verifications; money per "
                "currency in major units; text cells a spreadsheet would run as a formula "
                "are prefixed with an apostrophe). Owners, editors and operators.",
                {
                    "200": _binary("The CSV, UTF-8 with a byte-order mark.", "text/csv"),
                    "401": _error("Not signed in."),
                    "403": _error("Not an owner or editor of this university."),
                    "404": _error("No such university, or no such offering of it."),
                },
                [
                    _path("slug", "The university's slug."),
                    _query(
                        "months",
                        "How many months up to this one (3, 6, 12, 24 or 36; else 12).",
                        {"type": "string", "maxLength": 9},
                    ),
                    _query(
                        "offering",
                        "Only this offering of the university (its slug).",
                        {"type": "string", "maxLength": 120},
                    ),
                ],
            )
        },
        "/api/admin/outbox": {
            "get": _operation(
                "The outbox (operators).",
                {
                    "200": _json("The latest messages.", any_object),
                    "401": _error("Not signed in."),
                    "403": _error("Not an operator."),
                },
            )
        },
        "/api/admin/audit": {
            "get": _operation(
                "The audit log, newest first, filtered (operators).",
                {
                    "200": _json("One page of events.", any_object),
                    "400": _error("A date not written as YYYY-MM-DD."),
                    "401": _error("Not signed in."),
                    "403": _error("Not an operator."),
                },
                [
                    _query("actor", "Who acted (part of an e-mail address).", {"type": "string"}),
                    _query("subject", "What was acted on.", {"type": "string"}),
                    _query("action", "The kind of event, e.g. order.refunded.", {"type": "string"}),
                    _query("from", "On or after (YYYY-MM-DD).", {"type": "string"}),
                    _query("to", "On or before (YYYY-MM-DD).", {"type": "string"}),
                    _query("page", "Page number.", {"type": "integer", "minimum": 1}),
                ],
            )
        },
        "/api/webhooks/stripe": {
            "post": _operation(
                "Stripe's event deliveries, signed with the webhook secret.",
                {
                    "200": _json("Received (or ignored).", any_object),
                    "400": _error("Bad signature, or not an event."),
                    "413": _error("Over 1 MB."),
                    "503": _error("Stripe or the database is busy; Stripe retries."),
                },
                [
                    {
                        "name": "Stripe-Signature",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string"},
                    }
                ],
                requestBody={
                    "required": True,
                    "content": {"application/json": {"schema": any_object}},
                },
            )
        },
        "/api/universities/{slug}/exports/{kind}.{fmt}": {
            "get": _operation(
                "A university's enrolments, results or sales as CSV (streamed) or XLSX "
                "(staff of that university by role, and operators). Text cells that a "
                "spreadsheet would run as a formula are prefixed with an apostrophe and "
                "XLSX cells are stored as text, never as formulas.",
                {
                    "200": {
                        "description": "The file, as an attachment.",
                        "content": {
                            media: {"schema": {"type": "string", "contentMediaType": media}}
                            for media in ("text/csv", XLSX)
                        },
                    },
                    "400": _error("Too many rows for one XLSX sheet (download the CSV)."),
                    "401": _error("Not signed in."),
                    "403": _error("No role at this university that may read this export."),
                    "404": _error("No such export or university."),
                },
                [
                    _path("slug", "The university's slug."),
                    _path("kind", "Which export.", enum=["enrolments", "results", "sales"]),
                    _path("fmt", "The file format.", enum=["csv", "xlsx"]),
                ],
            )
        },
        "/api/universities/{slug}/offerings/import-template.csv": {
            "get": _operation(
                "The CSV template of the offering import: every column, one example row "
                "(owners and editors of the university).",
                {
                    "200": _binary("The CSV, UTF-8 with a byte-order mark.", "text/csv"),
                    "401": _error("Not signed in."),
                    "403": _error("Not an owner or editor of this university."),
                    "404": _error("No such university."),
                },
                [_path("slug", "The university's slug.")],
            )
        },
    }


def _schemas() -> dict[str, Any]:
    return {
        "Error": {
            "type": "object",
            "required": ["error", "message"],
            "properties": {
                "error": {"type": "string", "description": "A code for programs."},
                "message": {"type": "string", "description": "The text for people."},
            },
        },
        "Search": {
            "type": "object",
            "required": ["query", "total", "page", "pages", "per_page", "items", "notices"],
            "properties": {
                "query": {"type": "object", "additionalProperties": {"type": "string"}},
                "total": {"type": "integer"},
                "page": {"type": "integer"},
                "pages": {"type": "integer"},
                "per_page": {"type": "integer"},
                "items": {"type": "array", "items": {"type": "object"}},
                "facets": {"type": "object"},
                "notices": {"type": "array", "items": {"type": "string"}},
            },
        },
        "Verdict": {
            "type": "object",
            "required": ["verdict", "valid", "checks"],
            "properties": {
                "verdict": {"type": "string"},
                "valid": {"type": "boolean"},
                "checks": {"type": "array", "items": {"type": "object"}},
            },
        },
        "Credential": {
            "type": "object",
            "description": "A W3C Verifiable Credential 2.0 (an Open Badges 3.0 credential).",
            "properties": {
                "@context": {"type": "array", "items": {"type": "string"}},
                "type": {"type": "array", "items": {"type": "string"}},
                "issuer": {"type": ["string", "object"]},
                "credentialSubject": {"type": "object"},
                "proof": {"type": ["object", "array"]},
            },
        },
    }


def document() -> dict[str, Any]:
    """The whole description; the API's own address is the server."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "microcred_market API",
            "version": "1",
            "description": (
                "The catalogue, credentials and verifier as JSON. Every error is a JSON body"
                ' {"error": code, "message": text}; `?lang=pl` gives messages in Polish.'
            ),
        },
        "servers": [{"url": urls.api_base()}],
        "paths": _paths(),
        "components": {"schemas": _schemas()},
    }
