"""Submitting work with files, downloading evidence, asking for a re-mark.

Files travel as a plain multipart form post to this route, not through Reflex's upload
handler over the websocket: Starlette's parser spools each file to a temporary file on
disk past 1 MB, so a 20 MB submission never sits in memory whole; the body is counted as
it arrives and cut off past what the largest allowed submission could be (also without a
Content-Length); and the route runs in one unit of work with the same session cookie,
same-origin check and flash-message answer as every other form that changes data.
The checks on the files themselves (type sniffed from the bytes, size, names) are the
service's (`assessments.submissions`, `platform.uploads`).

The download answers 404 to everyone who may not see the file, exactly as for a file
that does not exist, and sends it as an attachment that a browser never renders.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route
from starlette.types import Message

from microcred_market.api.deps import (
    Call,
    api,
    content_length,
    form_post,
    lang_of,
    run,
    safe_next,
    same_origin,
    to_page,
    with_outbox,
)
from microcred_market.assessments import appeals, submissions
from microcred_market.platform.i18n import t
from microcred_market.platform.uploads import max_upload_bytes

MIB = 1024 * 1024
TEXT_PART_BYTES = 128 * 1024  # a text field: the longest text in UTF-8, with room


def work_page(enrolment: str, component: str) -> str:
    return f"/assess/work/{enrolment[:40]}/{component[:40]}"


class _BodyTooLarge(Exception):
    pass


def _bounded(request: Request, limit: int) -> Request:
    """The same request, whose body stops being read (and fails) past `limit` bytes."""
    received = 0

    async def receive() -> Message:
        nonlocal received
        message = await request.receive()
        if message.get("type") == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise _BodyTooLarge
        return message

    return Request(request.scope, receive)


def _limit() -> int:
    return submissions.MAX_FILES_CAP * max_upload_bytes() + 2 * MIB


async def submit_work(request: Request) -> Response:
    enrolment = str(request.path_params["enrolment"])
    component = str(request.path_params["component"])
    back = work_page(enrolment, component)
    lang = lang_of(request)
    if not same_origin(request):
        return to_page(back, "error", t("api.other_site", lang))
    if content_length(request) > _limit():
        return to_page(back, "error", t("api.work_too_large", lang, mb=max_upload_bytes() // MIB))
    try:
        form = await _bounded(request, _limit()).form(
            max_files=submissions.MAX_FILES_CAP + 1,
            max_fields=60,
            max_part_size=TEXT_PART_BYTES,
        )
    except _BodyTooLarge:
        return to_page(back, "error", t("api.work_too_large", lang, mb=max_upload_bytes() // MIB))
    except Exception:  # a malformed multipart body, or a field over its size
        return to_page(back, "error", t("api.form_unreadable", lang))
    try:
        fields: dict[str, str] = {}
        outcomes: dict[str, str] = {}
        files: list[tuple[str, Any]] = []
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                if key == "files" and (value.filename or value.size):
                    files.append((value.filename or "", value.file))
                continue
            text = value.replace("\x00", "")
            if key.startswith("outcome_"):
                outcomes[key.removeprefix("outcome_")[:4]] = text
            else:
                fields[key] = text
        links = [line for line in fields.get("links", "").splitlines() if line.strip()]

        def route(call: Call) -> Response:
            user = call.signed_in(back, "api.please_sign_in")
            submissions.submit_work(
                call.session,
                user_id=user.id,
                enrolment_uuid=enrolment,
                component_uuid=component,
                text=fields.get("text", ""),
                outcome_evidence=outcomes,
                links=links,
                files=files,
            )
            return call.to_page(back, "success", "api.work_submitted")

        return await run_in_threadpool(run, request, route, error_page=back)
    finally:
        await form.close()


@api
def evidence_file(call: Call) -> Response:
    """Sent in chunks as read from storage: a 20 MB file never sits in memory whole."""
    chunks, headers = submissions.evidence_stream(call.session, call.principal, call.path["uuid"])
    return StreamingResponse(chunks, headers=headers)


@form_post("/")
def request_appeal(call: Call) -> Response:
    back = call.error_page = safe_next(call.form.get("back"), "/")
    user = call.signed_in(back, "api.please_sign_in")
    appeals.request_appeal(
        call.session,
        user_id=user.id,
        result_uuid=call.path["uuid"],
        reason=call.form.get("reason", ""),
    )
    return with_outbox(call.to_page(back, "success", "api.appeal_filed"))


ROUTES = [
    Route("/api/assessments/evidence/{uuid}", evidence_file),
    Route("/api/assessments/work/{enrolment}/{component}", submit_work, methods=["POST"]),
    Route("/api/assessments/results/{uuid}/appeal", request_appeal, methods=["POST"]),
]
