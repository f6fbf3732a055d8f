"""Public credential endpoints (DID documents, context, status lists, credential JSON,
verification) and the form posts staff and learners use to change a credential.

The public documents are read by other people's verifiers from other origins, so they
carry `Access-Control-Allow-Origin: *`; they hold nothing that is not already public.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from microcred_market.api.web import (
    client_ip,
    current_user,
    form_post,
    json_error,
    lang_of,
    principal,
    safe_next,
    same_origin,
    say,
    to_page,
    with_outbox,
)
from microcred_market.catalogue.models import Offering, University
from microcred_market.credentials import issuing, results_import
from microcred_market.credentials.sources import our_credential_uuid, verify_bytes, verify_link
from microcred_market.platform import ratelimit
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import DomainError, NotFound
from microcred_market.vc.contexts import microcred_context
from microcred_market.vc.verify import MAX_CREDENTIAL_BYTES

PUBLIC = {"Access-Control-Allow-Origin": "*"}


def _public_json(data: Any, media_type: str = "application/json", max_age: int = 300) -> Response:
    return Response(
        json.dumps(data, ensure_ascii=False),
        media_type=media_type,
        headers={**PUBLIC, "Cache-Control": f"public, max-age={max_age}"},
    )


def did_json(request: Request) -> Response:
    slug = request.path_params["slug"][:80]
    with session_scope() as session:
        document = issuing.did_document(session, slug)
    if document is None:
        return json_error(404, "not_found", "No such issuer.")
    return _public_json(document, "application/did+json")


def context_json(_request: Request) -> Response:
    # Never changes in place (a new version gets a new URL), so it may be cached long.
    return _public_json(microcred_context(), "application/ld+json", max_age=86_400)


def status_json(request: Request) -> Response:
    params = request.path_params
    with session_scope() as session:
        document = issuing.status_list_credential(
            session, params["slug"][:80], params["purpose"], int(params["number"])
        )
    if document is None:
        return json_error(404, "not_found", "No such status list.")
    return _public_json(document, "application/vc+ld+json", max_age=issuing.STATUS_CACHE_SECONDS)


def credential_json(request: Request) -> Response:
    """Anyone holding the link (an unguessable UUID) may read the credential, like a paper copy."""
    try:
        with session_scope() as session:
            row = issuing.credential_by_uuid(session, request.path_params["uuid"])
            body = row.document
    except NotFound as error:
        return json_error(404, error.code, error.message)
    return Response(
        body,
        media_type="application/vc+ld+json",
        headers={
            **PUBLIC,
            "Content-Disposition": f'inline; filename="credential-{row.uuid}.json"',
        },
    )


def _downloadable(request: Request) -> tuple[Any, dict[str, Any]] | Response:
    """The owner may always download; anyone else only if the learner shared it."""
    user = current_user(request)
    try:
        with session_scope() as session:
            row = issuing.credential_by_uuid(session, request.path_params["uuid"])
    except NotFound as error:
        return json_error(404, error.code, error.message)
    if not row.public and (user is None or user.id != row.user_id):
        return json_error(404, "not_found", "We could not find that credential.")
    return row, issuing.document_of(row)


def certificate_pdf(request: Request) -> Response:
    from microcred_market.vc.certificate import certificate_pdf as render
    from microcred_market.vc.verify import describe

    found = _downloadable(request)
    if isinstance(found, Response):
        return found
    row, document = found
    pdf = render(describe(document), issuing.verify_page_url(row.uuid), lang_of(request))
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="certificate-{row.uuid}.pdf"'},
    )


def badge_png(request: Request) -> Response:
    from microcred_market.vc import bake
    from microcred_market.vc.verify import describe

    found = _downloadable(request)
    if isinstance(found, Response):
        return found
    row, document = found
    image = bake.bake_png(bake.badge_image(describe(document)), document)
    return Response(
        image,
        media_type="image/png",
        headers={"Content-Disposition": f'attachment; filename="badge-{row.uuid}.png"'},
    )


def _limited(request: Request, action: str) -> Response | None:
    try:
        with session_scope() as session:
            ratelimit.check(session, action, client_ip(request), lang_of(request))
    except ratelimit.RateLimited as error:
        return Response(
            json.dumps({"error": error.code, "message": error.message}),
            status_code=429,
            media_type="application/json",
            headers={"Retry-After": str(error.retry_after)},
        )
    return None


async def verify_api(request: Request) -> Response:
    """POST a credential (JSON body, a file upload, or {"url": ...}); get the checks back."""
    refused = await run_in_threadpool(_limited, request, "verify:ip")
    if refused is not None:
        return refused
    size = int(request.headers.get("content-length") or 0)
    if size > MAX_CREDENTIAL_BYTES + 10_000:
        return json_error(413, "too_large", "A credential is a few kilobytes; this is over 2 MB.")
    content_type = request.headers.get("content-type", "")
    try:
        if content_type.startswith("multipart/form-data"):
            form = await request.form(max_files=1, max_fields=5, max_part_size=MAX_CREDENTIAL_BYTES)
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                url = form.get("url")
                if isinstance(url, str) and url:
                    return await run_in_threadpool(_verify_link, url, request)
                return json_error(400, "unreadable", "Send the credential as a file named 'file'.")
            data = await upload.read(MAX_CREDENTIAL_BYTES + 1)
            return await run_in_threadpool(_verify_bytes, data, request)
        data = await _read_limited(request)
    except _TooLarge:
        return json_error(413, "too_large", "A credential is a few kilobytes; this is over 2 MB.")
    except Exception:  # a malformed multipart body
        return json_error(400, "unreadable", "We could not read the upload.")
    return await run_in_threadpool(_verify_bytes, data, request)


class _TooLarge(Exception):
    pass


async def _read_limited(request: Request) -> bytes:
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_CREDENTIAL_BYTES:
            raise _TooLarge
    return bytes(body)


def _verify_bytes(data: bytes, request: Request | None = None) -> Response:
    link = _link_only(data)
    if link is not None:
        return _verify_link(link, request)
    with session_scope() as session:
        result = verify_bytes(session, data)
    return _verification_response(result)


def _verify_link(url: str, request: Request | None = None) -> Response:
    if request is not None and our_credential_uuid(url.strip()) is None:
        refused = _limited(request, "verify-link:ip")
        if refused is not None:
            return refused
    with session_scope() as session:
        result = verify_link(session, url)
    return _verification_response(result)


def _link_only(data: bytes) -> str | None:
    """`{"url": "..."}`: a request to fetch, which has its own (lower) limit."""
    if len(data) > 4000 or not data.lstrip().startswith(b"{"):
        return None
    try:
        body = json.loads(data)
    except ValueError:
        return None
    if isinstance(body, dict) and set(body) == {"url"} and isinstance(body["url"], str):
        return body["url"]
    return None


def _verification_response(result: dict[str, Any]) -> Response:
    if result["verdict"] == "unreadable":
        return json_error(400, result.get("error", "unreadable"), result["message"])
    return _public_json(result, max_age=0)


# --- form posts ---------------------------------------------------------------------


def _roster_page(session: Any, offering_id: int) -> str:
    """Staff go back to the roster of the offering's university."""
    offering = session.get(Offering, offering_id)
    university = session.get(University, offering.university_id) if offering else None
    return f"/staff/{university.slug}/learners" if university else "/"


@form_post("/")
def pass_enrolment(request: Request, form: dict[str, str]) -> Response:
    who = principal(request)
    if not who.signed_in:
        return to_page("/signin", "info", say(request, "Please sign in.", "Zaloguj się."))
    try:
        with session_scope() as session:
            enrolment = issuing.mark_passed(
                session,
                principal=who,
                enrolment_uuid=request.path_params["uuid"],
                grade=form.get("grade"),
            )
            back = _roster_page(session, enrolment.offering_id)
    except DomainError as error:
        return to_page(safe_next(form.get("back"), "/"), "error", error.message)
    return with_outbox(
        to_page(
            back,
            "success",
            say(
                request,
                "Passed. The credential is being issued and the learner will get an e-mail.",
                "Zaliczone. Poświadczenie jest wystawiane, a uczestnik dostanie e-mail.",
            ),
        )
    )


@form_post("/")
def change_credential_state(request: Request, form: dict[str, str]) -> Response:
    who = principal(request)
    if not who.signed_in:
        return to_page("/signin", "info", say(request, "Please sign in.", "Zaloguj się."))
    back = safe_next(form.get("back"), "/")
    try:
        with session_scope() as session:
            row = issuing.change_state(
                session,
                principal=who,
                credential_uuid=request.path_params["uuid"],
                action=form.get("action", ""),
                reason=form.get("reason", ""),
            )
            state = row.state
    except DomainError as error:
        return to_page(back, "error", error.message)
    words = {
        "revoked": (
            "Revoked. The learner was told.",
            "Unieważniono. Uczestnik został powiadomiony.",
        ),
        "suspended": (
            "Suspended. The learner was told.",
            "Zawieszono. Uczestnik został powiadomiony.",
        ),
        "active": (
            "Valid again. The learner was told.",
            "Znów ważne. Uczestnik został powiadomiony.",
        ),
    }[state]
    return with_outbox(to_page(back, "success", say(request, *words)))


@form_post("/wallet")
def share_credential(request: Request, form: dict[str, str]) -> Response:
    user = current_user(request)
    if user is None:
        return to_page("/signin", "info", say(request, "Please sign in.", "Zaloguj się."))
    public = form.get("public") == "1"
    try:
        with session_scope() as session:
            issuing.set_public(
                session,
                user_id=user.id,
                credential_uuid=request.path_params["uuid"],
                public=public,
            )
    except DomainError as error:
        return to_page("/wallet", "error", error.message)
    message = (
        say(request, "Your public page is on.", "Publiczna strona jest włączona.")
        if public
        else say(request, "Your public page is off.", "Publiczna strona jest wyłączona.")
    )
    return to_page("/wallet", "success", message)


async def import_results(request: Request) -> Response:
    """Staff upload a results file (CSV: email, grade, offering) to pass a cohort at once."""
    slug = request.path_params["slug"][:80]
    back = f"/staff/{slug}/learners"
    if not same_origin(request):
        return to_page(back, "error", say(request, "Please try again here.", "Spróbuj tutaj."))
    if int(request.headers.get("content-length") or 0) > results_import.MAX_BYTES + 10_000:
        return to_page(back, "error", say(request, "The file is over 1 MB.", "Plik ma ponad 1 MB."))
    try:
        form = await request.form(
            max_files=1, max_fields=5, max_part_size=results_import.MAX_BYTES + 1
        )
        upload = form.get("results")
        data = b"" if upload is None or isinstance(upload, str) else await upload.read()
    except Exception:  # a malformed or oversized multipart body
        return to_page(
            back,
            "error",
            say(request, "We could not read the file.", "Nie udało się odczytać pliku."),
        )
    if not data:
        return to_page(back, "error", say(request, "Choose a CSV file.", "Wybierz plik CSV."))
    return await run_in_threadpool(_import_results, request, slug, back, data)


def _import_results(request: Request, slug: str, back: str, data: bytes) -> Response:
    who = principal(request)
    try:
        with session_scope() as session:
            university = issuing.university_by_slug(session, slug)
            report = results_import.pass_from_csv(
                session,
                principal=who,
                university_id=university.id,
                data=data,  # type: ignore[arg-type]
            )
    except DomainError as error:
        return to_page(back, "error", error.message)
    if report.problems:
        shown = "; ".join(f"line {line}: {problem}" for line, problem in report.problems[:5])
        more = len(report.problems) - 5
        extra = f" (and {more} more)" if more > 0 else ""
        return to_page(
            back,
            "error",
            say(
                request,
                f"Nobody was marked yet. Fix these lines and upload again: {shown}{extra}",
                f"Nikogo jeszcze nie oznaczono. Popraw wiersze i prześlij ponownie: {shown}{extra}",
            ),
        )
    return with_outbox(
        to_page(
            back,
            "success",
            say(
                request,
                f"Marked {report.passed} learner{'s' if report.passed != 1 else ''} passed. "
                "Their credentials are being issued.",
                f"Zaliczono: {report.passed}. Poświadczenia są wystawiane.",
            ),
        )
    )


ROUTES = [
    Route("/issuers/{slug}/did.json", did_json),
    Route("/contexts/microcred-v1.json", context_json),
    Route("/api/status/{slug}/{purpose}/{number:int}", status_json),
    Route("/api/credentials/{uuid}.json", credential_json),
    Route("/api/credentials/{uuid}/certificate.pdf", certificate_pdf),
    Route("/api/credentials/{uuid}/badge.png", badge_png),
    Route("/api/credentials/{uuid}", credential_json),
    Route("/api/verify", verify_api, methods=["POST"]),
    Route("/api/enrolments/{uuid}/pass", pass_enrolment, methods=["POST"]),
    Route("/api/staff/{slug}/results", import_results, methods=["POST"]),
    Route("/api/credentials/{uuid}/state", change_credential_state, methods=["POST"]),
    Route("/api/credentials/{uuid}/share", share_credential, methods=["POST"]),
]
