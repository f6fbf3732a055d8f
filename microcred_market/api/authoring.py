"""Question banks in and out of the assessment builder as QTI 3.0 files (staff authoring).

A file goes over a plain form post (never the websocket, which carries no files), like
the results upload: the route reads a bounded body, the service checks the permission
and imports all items or none, and the browser comes back to the builder with a message.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from microcred_market.api.deps import Call, api, content_length, lang_of, run, same_origin, to_page
from microcred_market.assessments import authoring
from microcred_market.platform.i18n import t

MAX_PACKAGE = 20_000_000


def _back(request: Request) -> str:
    slug = str(request.path_params.get("slug", ""))[:120]
    offering = str(request.path_params.get("offering", ""))[:120]
    return f"/staff/{slug}/assessments/{offering}"


async def import_qti(request: Request) -> Response:
    back = _back(request)
    lang = lang_of(request)
    if not same_origin(request):
        return to_page(back, "error", t("api.try_again_here", lang))
    if content_length(request) > MAX_PACKAGE + 10_000:
        return to_page(back, "error", t("api.qti_too_large", lang, n=MAX_PACKAGE // 1_000_000))
    try:
        form = await request.form(max_files=1, max_fields=5, max_part_size=MAX_PACKAGE + 1)
        upload = form.get("package")
        component = str(form.get("component") or "")[:40]
        data = b"" if upload is None or isinstance(upload, str) else await upload.read()
    except Exception:  # a malformed or oversized multipart body
        return to_page(back, "error", t("api.file_unreadable", lang))
    if not data:
        return to_page(back, "error", t("api.qti_choose_file", lang))
    return await run_in_threadpool(
        run, request, lambda call: _import(call, component, data), error_page=back
    )


def _import(call: Call, component: str, data: bytes) -> Response:
    report = authoring.import_qti(call.session, call.principal, component, data)
    return call.to_page(call.error_page, "success", "api.qti_imported", n=report.imported)


@api
def export_qti(call: Call) -> Response:
    data = authoring.export_qti(call.session, call.principal, call.path["component"][:40])
    name = str(call.path["offering"])[:80]
    return Response(
        data,
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{name}-qti.zip"',
            "Cache-Control": "no-store",
        },
    )


ROUTES = [
    Route("/api/staff/{slug}/assessments/{offering}/qti", import_qti, methods=["POST"]),
    Route("/api/staff/{slug}/assessments/{offering}/qti/{component}", export_qti),
]
