"""A university's data as spreadsheets, and the template for importing offerings.

`GET /api/universities/{slug}/exports/{enrolments,results,sales}.{csv,xlsx}`: the
permission is checked in the request's unit of work (`credentials.exports.target`);
a CSV then streams in batches, each read in a short unit of work of its own, so an
export of any length holds neither a connection nor all its rows while it downloads.
An XLSX file is a ZIP written whole (in a temporary file, openpyxl's write-only mode)
and is refused past what one sheet holds. Every text cell is neutralised against
formula injection (`platform.spreadsheet`). The import itself runs on the page
(`ui/pages/catalogue/staff_import.py`) as a background event with a progress bar.
"""

from __future__ import annotations

from collections.abc import Iterator

from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from microcred_market.api.deps import Call, api
from microcred_market.catalogue import bulk_import
from microcred_market.catalogue.service import university_id_by_slug
from microcred_market.credentials import exports
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.platform.spreadsheet import (
    XLSX_MAX_ROWS,
    Cell,
    csv_bytes,
    csv_rows,
    csv_text,
    xlsx_bytes,
)
from microcred_market.platform.uploads import KINDS

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = KINDS["xlsx"].content_type


def _download_headers(name: str) -> dict[str, str]:
    return {
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
    }


def _csv_stream(found: exports.Target, lang: str) -> Iterator[bytes]:
    """The CSV in parts: the header, then one part per batch, each batch read in a short
    unit of work of its own (a generator's steps may run on different threads)."""
    yield ("\ufeff" + csv_text(exports.header(found.kind, lang), [])).encode("utf-8")
    after: int | None = 0
    while after is not None:
        with session_scope() as session:
            part = exports.batch(session, found, after=after, lang=lang)
        if part.rows:
            yield csv_rows(part.rows).encode("utf-8")
        after = part.last


def _xlsx(call: Call, found: exports.Target) -> bytes:
    if exports.count(call.session, found) > XLSX_MAX_ROWS:
        raise InvalidInput("api.export_too_big_for_xlsx", n=XLSX_MAX_ROWS)

    def rows() -> Iterator[list[Cell]]:
        after: int | None = 0
        while after is not None:
            part = exports.batch(call.session, found, after=after, lang=call.lang)
            yield from part.rows
            after = part.last

    return xlsx_bytes(
        exports.header(found.kind, call.lang), rows(), sheet=call.t(f"ui.export_{found.kind}")
    )


@api
def export(call: Call) -> Response:
    kind = str(call.path["kind"])[:20]
    fmt = str(call.path["fmt"])[:8]
    if fmt not in ("csv", "xlsx"):
        raise NotFound("error.credentials.export_unknown")
    found = exports.target(call.session, call.principal, str(call.path["slug"]), kind)
    name = f"{found.kind}-{found.slug}-{exports.today_stamp()}.{fmt}"
    if fmt == "xlsx":
        return Response(_xlsx(call, found), media_type=XLSX_TYPE, headers=_download_headers(name))
    return StreamingResponse(
        _csv_stream(found, call.lang), media_type=CSV_TYPE, headers=_download_headers(name)
    )


@api
def import_template(call: Call) -> Response:
    """The columns an import reads, with one example row (staff who author offerings)."""
    university_id = university_id_by_slug(call.session, str(call.path["slug"])[:120])
    call.require("university.offerings.edit", university_id)
    if university_id is None:
        raise NotFound("error.catalogue.university_not_found")
    header, example = bulk_import.template_rows()
    return Response(
        csv_bytes(header, [example]),
        media_type=CSV_TYPE,
        headers=_download_headers("offerings-template.csv"),
    )


ROUTES = [
    Route("/api/universities/{slug}/exports/{kind}.{fmt}", export, methods=["GET"]),
    Route(
        "/api/universities/{slug}/offerings/import-template.csv",
        import_template,
        methods=["GET"],
    ),
]
