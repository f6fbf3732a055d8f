"""Public credential endpoints (DID documents, context, status lists, credential JSON,
verification) and the form posts staff and learners use to change a credential.

The public documents are read by other people's verifiers from other origins, so they
carry `Access-Control-Allow-Origin: *`; they hold nothing that is not already public.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from microcred_market.api.deps import (
    Call,
    api,
    content_length,
    form_post,
    json_error,
    json_response,
    lang_of,
    path_number,
    run,
    safe_next,
    same_origin,
    to_page,
    with_outbox,
)
from microcred_market.assessments import decisions, results_import
from microcred_market.catalogue import service as catalogue
from microcred_market.credentials import external, issuing, printable
from microcred_market.credentials.sources import our_credential_uuid, verify_bytes, verify_link
from microcred_market.platform import jsonsafe, ratelimit, urls
from microcred_market.platform.db import saved_id
from microcred_market.platform.errors import NotFound
from microcred_market.platform.i18n import t
from microcred_market.stacking import recognition
from microcred_market.vc.bake import PNG_SIGNATURE
from microcred_market.vc.contexts import microcred_context
from microcred_market.vc.external import MAX_FILE_BYTES, MAX_LINK_CHARS
from microcred_market.vc.verify import MAX_CREDENTIAL_BYTES

PUBLIC = {"Access-Control-Allow-Origin": "*"}


def _public_json(data: Any, media_type: str = "application/json", max_age: int = 300) -> Response:
    return json_response(
        data,
        media_type=media_type,
        headers={**PUBLIC, "Cache-Control": f"public, max-age={max_age}"},
    )


@api
def did_json(call: Call) -> Response:
    document = issuing.did_document(call.session, call.path["slug"][:80])
    if document is None:
        raise NotFound("api.no_such_issuer")
    return _public_json(document, "application/did+json")


def context_json(_request: Request) -> Response:
    # Never changes in place (a new version gets a new URL), so it may be cached long.
    return _public_json(microcred_context(1), "application/ld+json", max_age=86_400)


def context_v2_json(_request: Request) -> Response:
    return _public_json(microcred_context(2), "application/ld+json", max_age=86_400)


@api
def status_json(call: Call) -> Response:
    params = call.path
    number = path_number(params["number"])
    document = issuing.status_list_credential(
        call.session, params["slug"][:80], params["purpose"], number
    )
    if document is None:
        raise NotFound("api.no_such_status_list")
    return _public_json(document, "application/vc+ld+json", max_age=issuing.STATUS_CACHE_SECONDS)


@api
def credential_json(call: Call) -> Response:
    """Anyone holding the link (an unguessable UUID) may read the credential, like a paper copy."""
    row = issuing.credential_by_uuid(call.session, call.path["uuid"])
    return Response(
        row.document,
        media_type="application/vc+ld+json",
        headers={
            **PUBLIC,
            "Content-Disposition": f'inline; filename="credential-{row.uuid}.json"',
        },
    )


def _downloadable(call: Call) -> tuple[Any, dict[str, Any]]:
    """The owner may always download; anyone else only if the learner shared it."""
    row = issuing.credential_by_uuid(call.session, call.path["uuid"])
    if not row.public and (call.user is None or call.user.id != row.user_id):
        raise NotFound("api.credential_not_found")
    return row, issuing.document_of(row)


@api
def certificate_pdf(call: Call) -> Response:
    row, document = _downloadable(call)
    pdf = printable.certificate_pdf(document, urls.verify_page(row.uuid), call.lang)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="certificate-{row.uuid}.pdf"'},
    )


@api
def badge_png(call: Call) -> Response:
    row, document = _downloadable(call)
    image = printable.badge_png(document)
    return Response(
        image,
        media_type="image/png",
        headers={"Content-Disposition": f'attachment; filename="badge-{row.uuid}.png"'},
    )


async def verify_api(request: Request) -> Response:
    """POST a credential (JSON body, a file upload, or {"url": ...}); get the checks back."""
    lang = lang_of(request)
    size = content_length(request)
    if size > MAX_CREDENTIAL_BYTES + 10_000:
        return json_error(413, "too_large", t("api.credential_too_large", lang))
    content_type = request.headers.get("content-type", "")
    url: str | None = None
    data = b""
    try:
        if content_type.startswith("multipart/form-data"):
            form = await request.form(max_files=1, max_fields=5, max_part_size=MAX_CREDENTIAL_BYTES)
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                given = form.get("url")
                url = given if isinstance(given, str) else None
                if not url:
                    return json_error(400, "unreadable", t("api.send_a_file", lang))
            else:
                data = await upload.read(MAX_CREDENTIAL_BYTES + 1)
        else:
            data = await _read_limited(request)
    except _TooLarge:
        return json_error(413, "too_large", t("api.credential_too_large", lang))
    except Exception:  # a malformed multipart body
        return json_error(400, "unreadable", t("api.unreadable_upload", lang))
    return await run_in_threadpool(run, request, lambda call: _verify(call, data, url))


class _TooLarge(Exception):
    pass


async def _read_limited(request: Request) -> bytes:
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_CREDENTIAL_BYTES:
            raise _TooLarge
    return bytes(body)


def _verify(call: Call, data: bytes, url: str | None) -> Response:
    ratelimit.check(call.session, "verify:ip", call.ip)
    if url is None and not _is_image(data):
        # A JSON body is read here, with depth and text limits, so that a nesting bomb or
        # a lone surrogate is a 422 that says so, not a RecursionError further in.
        url = _link_only(jsonsafe.loads(data, max_bytes=MAX_CREDENTIAL_BYTES))
    if url is not None:
        if our_credential_uuid(url.strip()) is None:
            ratelimit.check(call.session, "verify-link:ip", call.ip)
        return _verification_response(verify_link(call.session, url, call.ip))
    return _verification_response(verify_bytes(call.session, data, call.ip))


def _is_image(data: bytes) -> bool:
    """A baked badge (PNG or SVG): its JSON is inside, read by the verifier with limits."""
    return data.startswith(PNG_SIGNATURE) or data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(
        b"<"
    )


def _link_only(body: Any) -> str | None:
    """`{"url": "..."}`: a request to fetch, which has its own (lower) limit."""
    if isinstance(body, dict) and set(body) == {"url"} and isinstance(body["url"], str):
        return str(body["url"])
    return None


def _verification_response(result: dict[str, Any]) -> Response:
    if result["verdict"] == "unreadable":
        return json_error(400, result.get("error", "unreadable"), result["message"])
    return _public_json(result, max_age=0)


# --- form posts ---------------------------------------------------------------------


@form_post("/")
def pass_enrolment(call: Call) -> Response:
    call.signed_in(key="api.please_sign_in")
    call.error_page = safe_next(call.form.get("back"), "/")
    # An assessor's decision "passed" (`assessments.decisions`), never a pass by itself.
    done = decisions.decide(
        call.session,
        principal=call.principal,
        enrolment_uuid=call.path["uuid"],
        grade=call.form.get("grade"),
    )
    roster = catalogue.university_slug_of_offering(call.session, done.enrolment.offering_id)
    back = f"/staff/{roster}/learners" if roster else "/"
    if not done.issuing:
        return call.to_page(back, "success", "api.decision_awaits_release")
    return with_outbox(call.to_page(back, "success", "api.passed_and_issuing"))


@form_post("/")
def change_credential_state(call: Call) -> Response:
    call.signed_in(key="api.please_sign_in")
    back = call.error_page = safe_next(call.form.get("back"), "/")
    row = issuing.change_state(
        call.session,
        principal=call.principal,
        credential_uuid=call.path["uuid"],
        action=call.form.get("action", ""),
        reason=call.form.get("reason", ""),
    )
    return with_outbox(call.to_page(back, "success", f"api.credential_now_{row.state}"))


@form_post("/wallet")
def share_credential(call: Call) -> Response:
    user = call.signed_in(key="api.please_sign_in")
    public = call.form.get("public") == "1"
    issuing.set_public(
        call.session, user_id=user.id, credential_uuid=call.path["uuid"], public=public
    )
    return call.to_page(
        "/wallet", "success", "api.public_page_on" if public else "api.public_page_off"
    )


async def import_results(request: Request) -> Response:
    """Staff upload a results file (CSV: email, grade, offering) to pass a cohort at once."""
    slug = request.path_params["slug"][:80]
    back = f"/staff/{slug}/learners"
    lang = lang_of(request)
    if not same_origin(request):
        return to_page(back, "error", t("api.try_again_here", lang))
    if content_length(request) > results_import.MAX_BYTES + 10_000:
        return to_page(back, "error", t("api.file_over_1mb", lang))
    try:
        form = await request.form(
            max_files=1, max_fields=5, max_part_size=results_import.MAX_BYTES + 1
        )
        upload = form.get("results")
        data = b"" if upload is None or isinstance(upload, str) else await upload.read()
    except Exception:  # a malformed or oversized multipart body
        return to_page(back, "error", t("api.file_unreadable", lang))
    if not data:
        return to_page(back, "error", t("api.choose_csv", lang))
    return await run_in_threadpool(
        run, request, lambda call: _import_results(call, slug, data), error_page=back
    )


def _import_results(call: Call, slug: str, data: bytes) -> Response:
    back = call.error_page
    university = issuing.university_by_slug(call.session, slug)
    report = results_import.pass_from_csv(
        call.session,
        principal=call.principal,
        university_id=saved_id(university),
        data=data,
    )
    if report.problems:
        lines = "; ".join(
            call.t("api.results_line", line=str(line), problem=problem)
            for line, problem in report.problems[:5]
        )
        more = len(report.problems) - 5
        extra = call.t("api.results_more", n=more) if more > 0 else ""
        return call.to_page(back, "error", "api.results_not_marked", lines=lines, extra=extra)
    if report.issuing < report.passed:
        return with_outbox(
            call.to_page(
                back,
                "success",
                "api.results_marked_some_await",
                n=report.passed,
                waiting=report.passed - report.issuing,
            )
        )
    return with_outbox(call.to_page(back, "success", "api.results_marked", n=report.passed))


# --- credentials from elsewhere (the wallet's form posts) --------------------------


async def import_external(request: Request) -> Response:
    """The learner adds a credential from elsewhere: a file, pasted text or a link.

    A plain form post (multipart for a file), never the websocket: what the learner
    brings may be private and stays out of every State. The body is refused past the
    largest badge before it is read."""
    lang = lang_of(request)
    if not same_origin(request):
        return to_page("/wallet", "error", t("api.try_again_here", lang))
    if content_length(request) > MAX_FILE_BYTES + MAX_CREDENTIAL_BYTES + 10_000:
        return to_page(
            "/wallet",
            "error",
            t("error.external.too_large", lang, mb=MAX_FILE_BYTES // 1_000_000),
        )
    try:
        form = await request.form(
            max_files=1, max_fields=5, max_part_size=MAX_FILE_BYTES + MAX_CREDENTIAL_BYTES
        )
        upload = form.get("file")
        data = b""
        if upload is not None and not isinstance(upload, str):
            data = await upload.read(MAX_FILE_BYTES + 1)
        text = form.get("text")
        link = form.get("url")
    except Exception:  # a malformed or oversized multipart body
        return to_page("/wallet", "error", t("api.file_unreadable", lang))
    text = text[: MAX_CREDENTIAL_BYTES + 1] if isinstance(text, str) else ""
    link = link[: MAX_LINK_CHARS + 1] if isinstance(link, str) else ""
    return await run_in_threadpool(
        run,
        request,
        lambda call: _import_external(call, data, text, link),
        error_page="/wallet",
    )


def _external_answer(call: Call, view: external.ExternalView, key: str) -> Response:
    verdict = call.t(f"ui.ext_verdict_{view.verdict}")
    kind = "success" if view.counts else "info"
    return call.to_page("/wallet", kind, key, verdict=verdict)


def _import_external(call: Call, data: bytes, text: str, link: str) -> Response:
    user = call.signed_in(next="/wallet", key="api.please_sign_in")
    ratelimit.check(call.session, "verify:ip", call.ip)
    if data:
        view = external.import_bytes(
            call.session, user_id=user.id, data=data, source="file", client=call.ip
        )
    elif text.strip():
        view = external.import_bytes(
            call.session, user_id=user.id, data=text.encode(), source="text", client=call.ip
        )
    else:
        view = external.import_link(call.session, user_id=user.id, url=link, client=call.ip)
    return _external_answer(call, view, "api.external_added")


@form_post("/wallet")
def recheck_external(call: Call) -> Response:
    user = call.signed_in(next="/wallet", key="api.please_sign_in")
    ratelimit.check(call.session, "verify:ip", call.ip)
    view = external.recheck(call.session, user_id=user.id, uuid=call.path["uuid"], client=call.ip)
    return _external_answer(call, view, "api.external_rechecked")


@form_post("/wallet")
def ask_recognition(call: Call) -> Response:
    """The learner asks that an imported credential count toward a qualification."""
    user = call.signed_in(next="/wallet", key="api.please_sign_in")
    ratelimit.check(call.session, "verify:ip", call.ip)
    view = recognition.ask(
        call.session,
        user_id=user.id,
        credential_uuid=call.path["uuid"],
        qualification_slug=str(call.form.get("qualification", ""))[:120],
        client=call.ip,
    )
    state = call.t(f"ui.rq_state_{view.state}")
    kind = "error" if view.state == "refused" else "success"
    return call.to_page(
        "/wallet", kind, "api.recognition_asked", title=view.qualification_title, state=state
    )


@form_post("/wallet")
def remove_external(call: Call) -> Response:
    user = call.signed_in(next="/wallet", key="api.please_sign_in")
    external.remove(call.session, user_id=user.id, uuid=call.path["uuid"])
    return call.to_page("/wallet", "success", "api.external_removed")


# What a credential names as its issuer's DID document, our context and its status lists:
# public, read-only JSON that whatever serves the site's address must answer too (the dev
# front end proxies them, see `ui.dev_proxy`; one port serves everything in production).
PUBLIC_DOCUMENT_ROUTES = [
    Route("/issuers/{slug}/did.json", did_json),
    Route("/contexts/microcred-v1.json", context_json),
    Route("/contexts/microcred-v2.json", context_v2_json),
    Route("/api/status/{slug}/{purpose}/{number}", status_json),
]

ROUTES = [
    *PUBLIC_DOCUMENT_ROUTES,
    Route("/api/credentials/{uuid}.json", credential_json),
    Route("/api/credentials/{uuid}/certificate.pdf", certificate_pdf),
    Route("/api/credentials/{uuid}/badge.png", badge_png),
    Route("/api/credentials/{uuid}", credential_json),
    Route("/api/verify", verify_api, methods=["POST"]),
    Route("/api/enrolments/{uuid}/pass", pass_enrolment, methods=["POST"]),
    Route("/api/staff/{slug}/results", import_results, methods=["POST"]),
    Route("/api/credentials/{uuid}/state", change_credential_state, methods=["POST"]),
    Route("/api/credentials/{uuid}/share", share_credential, methods=["POST"]),
    Route("/api/wallet/external", import_external, methods=["POST"]),
    Route("/api/wallet/external/{uuid}/recheck", recheck_external, methods=["POST"]),
    Route("/api/wallet/external/{uuid}/remove", remove_external, methods=["POST"]),
    Route("/api/wallet/external/{uuid}/recognition", ask_recognition, methods=["POST"]),
]
