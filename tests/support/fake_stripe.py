"""A local fake of Stripe's REST API, good enough for the real `stripe` library.

`start_fake_stripe()` runs a Starlette app with uvicorn in a thread on a free loopback
port and returns a `FakeStripe`; point `StripeProvider(api_base=fake.url)` at it.

It speaks Stripe's wire format: form-encoded nested parameters in, Stripe-shaped JSON
objects out, `Authorization: Bearer sk_test_...` required, and `Idempotency-Key` honoured
as Stripe does (same key and same parameters: the stored response again, with
`Idempotent-Replayed: true`; same key with other parameters: 400 `idempotency_error`).

Endpoints:
    POST /v1/checkout/sessions            GET /v1/checkout/sessions/{id}  (expand[])
    GET  /v1/checkout/sessions?payment_intent=pi_...
    GET  /v1/payment_intents/{id}         GET /v1/charges/{id}
    POST /v1/refunds
    POST /v1/accounts                     GET /v1/accounts/{id}           (Connect)
    POST /v1/account_links                GET /v1/payouts  (Stripe-Account: acct_...)

Test controls are Python methods, not HTTP: `complete`, `expire`, `fail`, `refund` change
the fake's state and return the Stripe event that Stripe would send; `finish_onboarding` and `restrict` change a connected account and return its
`account.updated`; `add_payout` records a payout on a connected account; `event` builds
any other event; `signed_webhook` signs an event exactly as Stripe does. Every request
received is kept in `requests`.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.support.smtp import free_port

API_VERSION = "2026-10-28.endive"


@dataclass
class RecordedRequest:
    method: str
    path: str
    params: dict[str, Any]
    idempotency_key: str | None
    status: int = 0
    replayed: bool = False


def decode_params(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """`a[b][0][c]=x` pairs (Stripe's encoding) to nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+|\[\]", key)
        parts = [p for p in parts if p != "[]"] or [key]
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ValueError(f"conflicting parameter {key}")
        node[parts[-1]] = value
    return _lists(root)


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        value = {k: _lists(v) for k, v in value.items()}
        if value and all(k.isdigit() for k in value):
            return [value[k] for k in sorted(value, key=int)]
    return value


def _error(status: int, kind: str, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse(
        {"error": {"type": kind, "message": message, **extra}},
        status_code=status,
        headers={"Request-Id": "req_" + secrets.token_hex(7)},
    )


def _ok(body: dict[str, Any], replayed: bool = False) -> JSONResponse:
    headers = {"Request-Id": "req_" + secrets.token_hex(7), "Stripe-Version": API_VERSION}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return JSONResponse(body, headers=headers)


def _new_id(prefix: str) -> str:
    return f"{prefix}_test_{secrets.token_hex(12)}"


@dataclass
class FakeStripe:
    url: str = ""
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    payment_intents: dict[str, dict[str, Any]] = field(default_factory=dict)
    charges: dict[str, dict[str, Any]] = field(default_factory=dict)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    requests: list[RecordedRequest] = field(default_factory=list)
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)
    account_links: list[dict[str, Any]] = field(default_factory=list)
    # connected account id -> its payouts
    payouts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # Checkout session id -> its payment_intent_data, used when the buyer pays.
    intent_data: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Idempotency-Key -> (method, path, params, status, body)
    _idempotency: dict[str, tuple[str, str, dict[str, Any], int, dict[str, Any]]] = field(
        default_factory=dict
    )
    _lock: threading.RLock = field(default_factory=threading.RLock)
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None

    # ------------------------------------------------------------ lifecycle

    def reset(self) -> None:
        with self._lock:
            self.sessions.clear()
            self.payment_intents.clear()
            self.charges.clear()
            self.refunds.clear()
            self.requests.clear()
            self.intent_data.clear()
            self.accounts.clear()
            self.account_links.clear()
            self.payouts.clear()
            self._idempotency.clear()

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)

    def requests_to(self, method: str, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == method and r.path == path]

    # ------------------------------------------------------------ HTTP

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v1/checkout/sessions", self._sessions_endpoint, methods=["GET", "POST"]),
                Route("/v1/checkout/sessions/{id}", self._get_session, methods=["GET"]),
                Route("/v1/payment_intents/{id}", self._get_payment_intent, methods=["GET"]),
                Route("/v1/charges/{id}", self._get_charge, methods=["GET"]),
                Route("/v1/refunds", self._create_refund, methods=["POST"]),
                Route("/v1/accounts", self._create_account, methods=["POST"]),
                Route("/v1/accounts/{id}", self._get_account, methods=["GET"]),
                Route("/v1/account_links", self._create_account_link, methods=["POST"]),
                Route("/v1/payouts", self._list_payouts, methods=["GET"]),
            ]
        )

    async def _read(self, request: Request) -> tuple[dict[str, Any], Response | None]:
        auth = request.headers.get("authorization", "")
        if not auth.startswith("Bearer sk_test_"):
            return {}, _error(401, "invalid_request_error", "Invalid API Key provided.")
        if request.method == "GET":
            pairs = parse_qsl(request.url.query, keep_blank_values=True)
        else:
            pairs = parse_qsl((await request.body()).decode(), keep_blank_values=True)
        try:
            return decode_params(pairs), None
        except ValueError as error:
            return {}, _error(400, "invalid_request_error", str(error))

    async def _write(self, request: Request, create) -> Response:  # type: ignore[no-untyped-def]
        """A POST: validate auth, honour Idempotency-Key, run `create(params)`."""
        params, problem = await self._read(request)
        key = request.headers.get("idempotency-key")
        record = RecordedRequest(request.method, request.url.path, params, key)
        with self._lock:
            self.requests.append(record)
            if problem is not None:
                record.status = problem.status_code
                return problem
            if key is not None and key in self._idempotency:
                method, path, old_params, status, body = self._idempotency[key]
                if (method, path, old_params) != (request.method, request.url.path, params):
                    record.status = 400
                    return _error(
                        400,
                        "idempotency_error",
                        "Keys for idempotent requests can only be used with the same "
                        f"parameters they were first used with. Try using a key other than "
                        f"'{key}' if you meant to execute a different request.",
                    )
                record.status, record.replayed = status, True
                if status >= 400:
                    return JSONResponse(body, status_code=status)
                return _ok(copy.deepcopy(body), replayed=True)
            status, body = create(params)
            record.status = status
            if key is not None:
                self._idempotency[key] = (
                    request.method,
                    request.url.path,
                    params,
                    status,
                    copy.deepcopy(body),
                )
            if status >= 400:
                return JSONResponse(body, status_code=status)
            return _ok(body)

    async def _read_only(self, request: Request) -> tuple[dict[str, Any], Response | None]:
        params, problem = await self._read(request)
        with self._lock:
            self.requests.append(
                RecordedRequest(
                    request.method,
                    request.url.path,
                    params,
                    None,
                    problem.status_code if problem else 200,
                )
            )
        return params, problem

    async def _sessions_endpoint(self, request: Request) -> Response:
        if request.method == "POST":
            return await self._write(request, self._create_session)
        params, problem = await self._read_only(request)
        if problem is not None:
            return problem
        with self._lock:
            found = [
                self._expanded(s, params.get("expand"))
                for s in self.sessions.values()
                if not params.get("payment_intent")
                or s["payment_intent"] == params["payment_intent"]
            ]
        limit = int(params.get("limit", 10))
        return _ok(
            {
                "object": "list",
                "data": found[:limit],
                "has_more": len(found) > limit,
                "url": "/v1/checkout/sessions",
            }
        )

    async def _get_session(self, request: Request) -> Response:
        return await self._get(request, self.sessions, "checkout.session")

    async def _get_payment_intent(self, request: Request) -> Response:
        return await self._get(request, self.payment_intents, "payment_intent")

    async def _get_charge(self, request: Request) -> Response:
        return await self._get(request, self.charges, "charge")

    async def _get(self, request: Request, store: dict[str, Any], kind: str) -> Response:
        params, problem = await self._read_only(request)
        if problem is not None:
            return problem
        object_id = request.path_params["id"]
        with self._lock:
            obj = store.get(object_id)
            if obj is None:
                return _error(
                    404,
                    "invalid_request_error",
                    f"No such {kind}: '{object_id}'",
                    code="resource_missing",
                    param="id",
                )
            return _ok(self._expanded(obj, params.get("expand")))

    def _expanded(self, obj: dict[str, Any], expand: Any) -> dict[str, Any]:
        result = copy.deepcopy(obj)
        paths = expand if isinstance(expand, list) else [expand] if expand else []
        for path in paths:
            self._expand_path(result, path.split("."))
        return result

    def _expand_path(self, node: dict[str, Any], parts: list[str]) -> None:
        if not parts or not isinstance(node, dict):
            return
        value = node.get(parts[0])
        if isinstance(value, str):
            store = {"pi": self.payment_intents, "ch": self.charges, "cs": self.sessions}.get(
                value.split("_", 1)[0]
            )
            if store is not None and value in store:
                value = copy.deepcopy(store[value])
                node[parts[0]] = value
        if isinstance(value, dict):
            self._expand_path(value, parts[1:])

    # ------------------------------------------------------------ creating objects

    def _create_session(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        items = params.get("line_items")
        if params.get("mode") != "payment" or not isinstance(items, list) or not items:
            return 400, {
                "error": {
                    "type": "invalid_request_error",
                    "message": "mode=payment and line_items are required.",
                }
            }
        currency = None
        total = 0
        for item in items:
            price = item.get("price_data") or {}
            try:
                quantity = int(item.get("quantity", 1))
                unit_amount = int(price["unit_amount"])
            except (KeyError, ValueError, TypeError):
                return 400, {
                    "error": {
                        "type": "invalid_request_error",
                        "message": "Missing required param: line_items[0][price_data][unit_amount].",
                        "param": "line_items[0][price_data][unit_amount]",
                    }
                }
            currency = price.get("currency")
            total += unit_amount * quantity
        now = int(time.time())
        expires_at = int(params.get("expires_at") or now + 24 * 3600)
        if not now + 30 * 60 - 5 <= expires_at <= now + 24 * 3600:
            return 400, {
                "error": {
                    "type": "invalid_request_error",
                    "message": "The `expires_at` timestamp must be between 30 minutes and "
                    "24 hours from Checkout Session creation.",
                    "param": "expires_at",
                }
            }
        session_id = _new_id("cs")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "amount_subtotal": total,
            "amount_total": total,
            "cancel_url": params.get("cancel_url"),
            "client_reference_id": params.get("client_reference_id"),
            "created": now,
            "currency": currency,
            "customer_email": params.get("customer_email"),
            "expires_at": expires_at,
            "livemode": False,
            "metadata": params.get("metadata") or {},
            "mode": "payment",
            "payment_intent": None,
            "payment_status": "unpaid",
            "status": "open",
            "success_url": params.get("success_url"),
            "url": f"https://checkout.stripe.com/c/pay/{session_id}",
        }
        self.sessions[session_id] = session
        # Kept for when the buyer pays; not visible on the session itself.
        self.intent_data[session_id] = params.get("payment_intent_data") or {}
        return 200, copy.deepcopy(session)

    async def _create_refund(self, request: Request) -> Response:
        return await self._write(request, self._refund_params)

    def _refund_params(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        intent = self.payment_intents.get(params.get("payment_intent") or "")
        if intent is None or intent["status"] != "succeeded" or not intent["latest_charge"]:
            return 400, {
                "error": {
                    "type": "invalid_request_error",
                    "message": "This PaymentIntent does not have a successful charge to refund.",
                    "code": "charge_not_refundable",
                }
            }
        charge = self.charges[intent["latest_charge"]]
        remaining = charge["amount"] - charge["amount_refunded"]
        amount = int(params.get("amount") or remaining)
        if remaining == 0:
            return 400, {
                "error": {
                    "type": "invalid_request_error",
                    "message": f"Charge {charge['id']} has already been refunded.",
                    "code": "charge_already_refunded",
                }
            }
        if not 0 < amount <= remaining:
            return 400, {
                "error": {
                    "type": "invalid_request_error",
                    "message": "Refund amount is greater than the unrefunded amount.",
                    "code": "amount_too_large",
                }
            }
        return 200, self._do_refund(charge, amount, params.get("metadata") or {})

    def _do_refund(
        self, charge: dict[str, Any], amount: int, metadata: dict[str, Any]
    ) -> dict[str, Any]:
        refund = {
            "id": _new_id("re"),
            "object": "refund",
            "amount": amount,
            "charge": charge["id"],
            "created": int(time.time()),
            "currency": charge["currency"],
            "metadata": metadata,
            "payment_intent": charge["payment_intent"],
            "status": "succeeded",
        }
        self.refunds[refund["id"]] = refund
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] >= charge["amount"]
        return copy.deepcopy(refund)

    def _intent_for(self, session: dict[str, Any]) -> dict[str, Any]:
        if session["payment_intent"]:
            return self.payment_intents[session["payment_intent"]]
        data = self.intent_data.get(session["id"], {})
        transfer = data.get("transfer_data") or None
        fee = data.get("application_fee_amount")
        intent = {
            "id": _new_id("pi"),
            "object": "payment_intent",
            "amount": session["amount_total"],
            "application_fee_amount": int(fee) if fee is not None else None,
            "created": int(time.time()),
            "currency": session["currency"],
            "last_payment_error": None,
            "latest_charge": None,
            "livemode": False,
            "metadata": data.get("metadata") or {},
            "status": "requires_payment_method",
            "transfer_data": transfer,
        }
        self.payment_intents[intent["id"]] = intent
        session["payment_intent"] = intent["id"]
        return intent

    # ------------------------------------------------------------ Connect

    async def _create_account(self, request: Request) -> Response:
        return await self._write(request, self._account_params)

    def _account_params(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if params.get("type") not in ("express", "standard", "custom"):
            return 400, {
                "error": {
                    "type": "invalid_request_error",
                    "message": "Invalid type: must be one of custom, express, or standard",
                    "param": "type",
                }
            }
        account_id = "acct_" + secrets.token_hex(8)
        account = {
            "id": account_id,
            "object": "account",
            "type": params["type"],
            "country": params.get("country") or "US",
            "email": params.get("email"),
            "business_type": params.get("business_type"),
            "business_profile": params.get("business_profile") or {},
            "capabilities": {name: "inactive" for name in (params.get("capabilities") or {})},
            "charges_enabled": False,
            "payouts_enabled": False,
            "details_submitted": False,
            "metadata": params.get("metadata") or {},
            "requirements": {"currently_due": ["external_account", "tos_acceptance.date"]},
            "created": int(time.time()),
        }
        self.accounts[account_id] = account
        return 200, copy.deepcopy(account)

    async def _get_account(self, request: Request) -> Response:
        return await self._get(request, self.accounts, "account")

    async def _create_account_link(self, request: Request) -> Response:
        return await self._write(request, self._account_link_params)

    def _account_link_params(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        for name in ("account", "refresh_url", "return_url", "type"):
            if not params.get(name):
                return 400, {
                    "error": {
                        "type": "invalid_request_error",
                        "message": f"Missing required param: {name}.",
                        "param": name,
                    }
                }
        if params["account"] not in self.accounts:
            return 400, {
                "error": {
                    "type": "invalid_request_error",
                    "message": f"No such account: '{params['account']}'",
                    "code": "resource_missing",
                    "param": "account",
                }
            }
        now = int(time.time())
        link = {
            "object": "account_link",
            "created": now,
            "expires_at": now + 300,
            "url": f"https://connect.stripe.com/setup/e/{params['account']}/"
            + secrets.token_urlsafe(12),
        }
        self.account_links.append({**link, **params})
        return 200, link

    async def _list_payouts(self, request: Request) -> Response:
        params, problem = await self._read_only(request)
        if problem is not None:
            return problem
        account_id = request.headers.get("stripe-account") or ""
        gte = (params.get("arrival_date") or {}).get("gte")
        with self._lock:
            found = [
                copy.deepcopy(p)
                for p in self.payouts.get(account_id, [])
                if gte is None or p["arrival_date"] >= int(gte)
            ]
        found.sort(key=lambda p: p["arrival_date"], reverse=True)
        limit = int(params.get("limit", 10))
        return _ok(
            {"object": "list", "data": found[:limit], "has_more": False, "url": "/v1/payouts"}
        )

    # ------------------------------------------------------------ test controls

    def finish_onboarding(self, account_id: str) -> dict[str, Any]:
        """The owner completed Stripe's onboarding: the account takes charges now."""
        with self._lock:
            account = self.accounts[account_id]
            account.update(charges_enabled=True, payouts_enabled=True, details_submitted=True)
            account["capabilities"] = {name: "active" for name in account["capabilities"]}
            account["requirements"] = {"currently_due": []}
            return self.event("account.updated", account)

    def restrict(self, account_id: str) -> dict[str, Any]:
        """Stripe needs more information: charges are off until it is given."""
        with self._lock:
            account = self.accounts[account_id]
            account.update(charges_enabled=False, payouts_enabled=False)
            return self.event("account.updated", account)

    def add_payout(
        self, account_id: str, amount: int, currency: str, arrival: int, status: str = "paid"
    ) -> dict[str, Any]:
        """A payout from the connected account to its bank; returns `payout.paid`."""
        payout = {
            "id": _new_id("po"),
            "object": "payout",
            "amount": amount,
            "arrival_date": arrival,
            "currency": currency.lower(),
            "status": status,
            "created": int(time.time()),
        }
        with self._lock:
            self.payouts.setdefault(account_id, []).append(payout)
        return self.event("payout.paid", payout)

    def event(self, event_type: str, obj: dict[str, Any]) -> dict[str, Any]:
        """A Stripe event carrying a snapshot of `obj`."""
        return {
            "id": _new_id("evt"),
            "object": "event",
            "api_version": API_VERSION,
            "created": int(time.time()),
            "data": {"object": copy.deepcopy(obj)},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
        }

    def complete(self, session_id: str) -> dict[str, Any]:
        """The buyer paid: the session is complete and paid, the charge succeeded."""
        with self._lock:
            session = self.sessions[session_id]
            intent = self._intent_for(session)
            charge = {
                "id": _new_id("ch"),
                "object": "charge",
                "amount": intent["amount"],
                "amount_refunded": 0,
                "currency": intent["currency"],
                "metadata": {},  # Stripe does not copy the intent's metadata to its charge
                "paid": True,
                "payment_intent": intent["id"],
                "refunded": False,
                "status": "succeeded",
                "transfer_data": intent["transfer_data"],
                "application_fee_amount": intent["application_fee_amount"],
            }
            self.charges[charge["id"]] = charge
            intent.update(status="succeeded", latest_charge=charge["id"], last_payment_error=None)
            session.update(status="complete", payment_status="paid")
            return self.event("checkout.session.completed", session)

    def expire(self, session_id: str) -> dict[str, Any]:
        with self._lock:
            session = self.sessions[session_id]
            session["status"] = "expired"
            if session["payment_intent"]:
                self.payment_intents[session["payment_intent"]]["status"] = "canceled"
            return self.event("checkout.session.expired", session)

    def fail(self, session_id: str) -> dict[str, Any]:
        """A card was declined: the session stays open, the intent wants another method."""
        with self._lock:
            session = self.sessions[session_id]
            intent = self._intent_for(session)
            intent.update(
                status="requires_payment_method",
                last_payment_error={
                    "type": "card_error",
                    "code": "card_declined",
                    "decline_code": "generic_decline",
                    "message": "Your card was declined.",
                },
            )
            return self.event("payment_intent.payment_failed", intent)

    def refund(self, payment_intent: str, amount: int | None = None) -> dict[str, Any]:
        """A refund made elsewhere (the dashboard); returns the `charge.refunded` event."""
        with self._lock:
            intent = self.payment_intents[payment_intent]
            charge = self.charges[intent["latest_charge"]]
            remaining = charge["amount"] - charge["amount_refunded"]
            self._do_refund(charge, remaining if amount is None else amount, {})
            return self.event("charge.refunded", charge)

    def charge_event(self, payment_intent: str, event_type: str = "charge.refunded"):
        """An event about the intent's charge as it is now (after a refund through the API)."""
        with self._lock:
            intent = self.payment_intents[payment_intent]
            return self.event(event_type, self.charges[intent["latest_charge"]])

    def signed_webhook(
        self, event: dict[str, Any], secret: str, timestamp: int | None = None
    ) -> tuple[bytes, dict[str, str]]:
        return signed_webhook(event, secret, timestamp)


def signed_webhook(
    event: dict[str, Any], secret: str, timestamp: int | None = None
) -> tuple[bytes, dict[str, str]]:
    """The body and headers Stripe would POST: `Stripe-Signature: t=...,v1=...`."""
    payload = json.dumps(event, indent=2)
    t = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{t}.{payload}".encode(), hashlib.sha256).hexdigest()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Stripe-Signature": f"t={t},v1={signature}",
        "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
    }
    return payload.encode(), headers


def start_fake_stripe() -> FakeStripe:
    fake = FakeStripe()
    port = free_port()
    config = uvicorn.Config(
        fake.app(), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="fake-stripe", daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the fake Stripe server did not start")
        time.sleep(0.01)
    fake.url, fake._server, fake._thread = f"http://127.0.0.1:{port}", server, thread
    return fake
