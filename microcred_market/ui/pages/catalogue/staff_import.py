"""/staff/[slug]/offerings/import: many offerings at once from a CSV file.

The file streams into a background event (never into a State var) and stops being read
past `bulk_import.MAX_BYTES`. The service checks every row and then writes every
offering or none, in one unit of work in a worker thread; it reports how far it is, and
the page shows that as a progress bar, so a long file is never a frozen page. Problems
come back as a table: row, column and what is wrong, in the reader's language.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import reflex as rx
from reflex.components.component import BaseComponent
from reflex.vars import ObjectVar

from microcred_market.accounts import authz
from microcred_market.catalogue import bulk_import
from microcred_market.catalogue import queries as catalogue_queries
from microcred_market.platform import i18n
from microcred_market.platform.db import Session
from microcred_market.platform.errors import DomainError
from microcred_market.ui.components.forms import api
from microcred_market.ui.components.loading import current_path, ready, skeleton
from microcred_market.ui.components.staff_nav import staff_frame, staff_on_load
from microcred_market.ui.components.tables import STACK, cell
from microcred_market.ui.guards import page_allowed
from microcred_market.ui.i18n import LangState, page_title, table
from microcred_market.ui.pages.assessments.common import message_box, slug_param
from microcred_market.ui.state.auth import Viewer, public, signed_in, signed_in_steps
from microcred_market.ui.state.base import reader_lang, run_in_session

ROUTE = "/staff/[slug]/offerings/import"
UPLOAD_ID = "offerings-upload"
# What the report lists at most; the rest is counted ("and 120 more problems").
SHOWN_PROBLEMS = 200
ACCEPT = {"text/csv": [".csv"], "text/plain": [".txt", ".tsv"]}


@dataclass(frozen=True)
class _Outcome:
    kind: str  # "success" | "error"
    message: str
    problems: list[dict[str, str]] = field(default_factory=list)
    more: rx.Field[int] = rx.field(0)
    created: list[dict[str, str]] = field(default_factory=list)


def _university(
    session: Session, slug: str, user_id: int
) -> catalogue_queries.UniversityRef | None:
    uni = catalogue_queries.university_by_slug(session, slug)
    who = authz.principal_for(session, user_id)
    if uni is None or not page_allowed(who, ROUTE, uni.id):
        return None
    return uni


def problem_rows(report: bulk_import.ImportReport, lang: str) -> list[dict[str, str]]:
    tr = table(lang)
    return [
        {
            "row": str(p.row),
            "column": p.column or tr["import_whole_row"],
            "message": i18n.t(p.problem.key, lang, **p.problem.params),
        }
        for p in report.problems[:SHOWN_PROBLEMS]
    ]


def _import(
    session: Session,
    user_id: int,
    slug: str,
    data: bytes,
    filename: str,
    lang: str,
    progress: bulk_import.Progress,
) -> _Outcome:
    uni = _university(session, slug, user_id)  # checked again, in this unit of work
    if uni is None:
        return _Outcome("error", i18n.t("error.accounts.forbidden", lang))
    try:
        report = bulk_import.import_offerings(
            session, uni.id, user_id, data, filename, progress=progress
        )
    except DomainError as error:  # the file as a whole: not text, too long, no rows
        session.rollback()
        return _Outcome("error", error.text(lang))
    if report.problems:
        return _Outcome(
            "error",
            i18n.t("ui.import_refused", lang, n=len(report.problems), rows=report.rows),
            problem_rows(report, lang),
            max(0, len(report.problems) - SHOWN_PROBLEMS),
        )
    created = [{"slug": s, "href": f"/offerings/{s}"} for s in report.created[:SHOWN_PROBLEMS]]
    return _Outcome(
        "success",
        i18n.t("ui.import_done", lang, n=len(report.created), published=report.published),
        created=created,
    )


class OfferingImportState(rx.State):
    allowed: bool = False
    denied: bool = False
    loaded_path: str = ""
    slug: str = ""
    university: str = ""
    busy: bool = False
    progress: rx.Field[int] = rx.field(0)
    message: str = ""
    message_kind: str = ""
    problems: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    more: rx.Field[int] = rx.field(0)
    created: rx.Field[list[dict[str, str]]] = rx.field(default_factory=list)
    # The uploaded file between `upload` and `run_import` (backend only, never sent).
    _pending: bytes = b""
    pending_name: str = ""

    def _clear(self) -> None:
        self.message, self.message_kind = "", ""
        self.problems, self.created, self.more = [], [], 0
        self.progress = 0

    @rx.event
    @signed_in
    async def load(self, *, viewer: Viewer):
        self.loaded_path = current_path(self)
        self.slug = slug_param(self)
        self.busy = False
        self._clear()
        self._pending, self.pending_name = b"", ""
        uni = await run_in_session(_university, self.slug, viewer.user_id)
        if uni is None:
            self.allowed, self.denied = False, True
            return
        self.university, self.slug = uni.name, uni.slug
        self.allowed, self.denied = True, False

    @rx.event
    @signed_in
    async def upload_rejected(self, codes: list[str], *, viewer: Viewer):
        """The browser refused the file before sending it (too big, wrong type, several)."""
        tr = table(await reader_lang(self))
        codes = [str(c) for c in codes or []][:20]
        self._clear()
        self.message_kind = "error"
        if "file-too-large" in codes:
            self.message = tr["import_too_large"]
        elif "too-many-files" in codes:
            self.message = tr["import_one_file"]
        else:
            self.message = tr["import_wrong_type"]

    @rx.event(background=True)
    @public
    async def upload(self, chunks: rx.UploadChunkIterator):
        """Take this tab's file as it streams in, stopping past `MAX_BYTES`, and keep it
        until the person confirms with "Import" (`run_import`, guarded).

        Nothing runs from here: an upload reaches the State by its client token alone,
        over plain HTTP, with no session to check (the State's router still holds the
        headers of the last websocket event). Only an event from the tab's own socket,
        checked for its live session, may import what is kept.
        """
        name, data, refused = "", bytearray(), ""
        async for chunk in chunks:
            if not name:
                name = chunk.filename or "offerings.csv"
            elif chunk.filename != name:
                refused = "import_one_file"
                break
            data.extend(chunk.data)
            if len(data) > bulk_import.MAX_BYTES:
                refused = "import_too_large"
                break
        if not name:
            return
        async with self:
            lang = await reader_lang(self)
            if self.busy:
                return
            self._clear()
            if refused or not data:
                self._pending, self.pending_name = b"", ""
                self.message_kind = "error"
                self.message = table(lang)[refused or "import_wrong_type"]
                return
            self._pending, self.pending_name = bytes(data), name[:200]

    @rx.event
    @signed_in_steps
    async def run_import(self, *, viewer: Viewer):
        """Check and write the file kept by `upload`, showing progress as it goes."""
        data, name = self._pending, self.pending_name
        self._pending, self.pending_name = b"", ""
        if not data or self.busy or not self.allowed:
            return
        lang = await reader_lang(self)
        self._clear()
        self.busy = True
        yield

        loop = asyncio.get_running_loop()
        reports: asyncio.Queue[tuple[int, int]] = asyncio.Queue()

        def progress(done: int, total: int) -> None:  # called from the worker thread
            loop.call_soon_threadsafe(reports.put_nowait, (done, total))

        work = asyncio.ensure_future(
            run_in_session(_import, viewer.user_id, self.slug, data, name, lang, progress)
        )
        while not work.done():
            waiting = asyncio.ensure_future(reports.get())
            await asyncio.wait({work, waiting}, return_when=asyncio.FIRST_COMPLETED)
            if not waiting.done():
                waiting.cancel()
                continue
            done, total = waiting.result()
            while not reports.empty():  # show only the latest of several reports
                done, total = reports.get_nowait()
            self.progress = min(100, done * 100 // max(total, 1))
            yield
        outcome = work.result()
        self.busy = False
        self.progress = 100 if outcome.kind == "success" else 0
        self.message, self.message_kind = outcome.message, outcome.kind
        self.problems, self.more = outcome.problems, outcome.more
        self.created = outcome.created


def _name_file_input(zone: BaseComponent, label: Any) -> None:
    """Name the dropzone's own hidden `<input type="file">` for assistive technology."""
    for child in zone.children:
        if isinstance(child, rx.Component) and child.tag == "input":
            child.custom_attrs["aria-label"] = label
        else:
            _name_file_input(child, label)


def _dropzone() -> rx.Component:
    tr = LangState.tr
    s = OfferingImportState
    zone = rx.upload(
        rx.vstack(
            rx.icon("file-spreadsheet", size=28, aria_hidden="true", color="var(--accent-11)"),
            rx.button(
                tr["import_choose_file"],
                type="button",
                variant="soft",
                size="3",
                id="import-choose-file",
                disabled=s.busy,
                aria_describedby="import-hint",
            ),
            rx.text(tr["import_drop"], size="2", color_scheme="gray"),
            align="center",
            spacing="2",
            padding="var(--space-4)",
        ),
        id=UPLOAD_ID,
        accept=ACCEPT,
        max_files=1,
        multiple=False,
        max_size=bulk_import.MAX_BYTES,
        min_size=1,
        no_keyboard=True,
        disabled=s.busy,
        on_drop=s.upload(  # type: ignore[misc]  # mypy cannot solve the TypeVarTuple in rx.event(...)'s return type
            rx.upload_files_chunk(upload_id=UPLOAD_ID)
        ),
        on_drop_rejected=lambda rejected: s.upload_rejected(  # type: ignore[operator]  # mypy ignores rx.event's __new__, so a handler reads as EventNamespace
            rx.Var(
                _js_expr=f"({rejected}).flatMap((r) => (r.errors || []).map((e) => String(e.code)))",
                _var_type=list[str],
            )
        ),
        border="2px dashed var(--gray-a7)",
        padding="var(--space-2)",
        border_radius="var(--radius-3)",
        width="100%",
        cursor="pointer",
        drag_active_style={"border_color": "var(--accent-9)", "background": "var(--accent-a2)"},
    )
    _name_file_input(zone, tr["import_file_label"])
    return zone


def _pending() -> rx.Component:
    """The file received, waiting for the person to confirm the import."""
    tr = LangState.tr
    s = OfferingImportState
    return rx.cond(
        (s.pending_name != "") & ~s.busy,
        rx.flex(
            rx.text(tr["import_ready"], ": ", rx.code(s.pending_name), size="3"),
            rx.button(
                rx.icon("upload", aria_hidden="true"),
                tr["import_button"],
                on_click=s.run_import,
                size="3",
                id="import-run",
            ),
            spacing="3",
            align="center",
            wrap="wrap",
            width="100%",
        ),
    )


def _progress() -> rx.Component:
    tr = LangState.tr
    s = OfferingImportState
    return rx.cond(
        s.busy,
        rx.vstack(
            rx.progress(
                value=s.progress,
                max=100,
                width="100%",
                aria_label=tr["import_progress"],
                id="import-progress",
            ),
            rx.text(
                tr["import_progress"],
                ": ",
                s.progress.to_string(),
                " %",
                size="2",
                role="status",
                aria_live="polite",
                id="import-progress-text",
            ),
            width="100%",
            spacing="1",
        ),
    )


def _problem(row: ObjectVar[dict[str, str]]) -> rx.Component:
    tr = LangState.tr
    return rx.table.row(
        cell(tr["import_row"], row["row"]),
        cell(tr["import_column"], rx.code(row["column"])),
        cell(tr["import_problem"], row["message"]),
        class_name="import-problem",
    )


def _report() -> rx.Component:
    tr = LangState.tr
    s = OfferingImportState
    return rx.fragment(
        rx.cond(
            s.problems.length() > 0,
            rx.vstack(
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell(tr["import_row"]),
                            rx.table.column_header_cell(tr["import_column"]),
                            rx.table.column_header_cell(tr["import_problem"]),
                        )
                    ),
                    rx.table.body(rx.foreach(s.problems, _problem)),
                    width="100%",
                    id="import-problems",
                    class_name=STACK,
                    tab_index=0,
                    role="region",
                    aria_label=tr["import_problems"],
                ),
                rx.cond(
                    s.more > 0,
                    rx.text(tr["import_more_problems"], ": ", s.more.to_string(), size="2"),
                ),
                width="100%",
            ),
        ),
        rx.cond(
            s.created.length() > 0,
            rx.el.ul(
                rx.foreach(
                    s.created,
                    lambda c: rx.el.li(rx.code(c["slug"]), class_name="import-created"),
                ),
                id="import-created",
            ),
        ),
    )


@rx.page(
    route=ROUTE,
    on_load=staff_on_load(OfferingImportState.load),
    title=page_title("staff-offering-import"),
)
def staff_import_page() -> rx.Component:
    tr = LangState.tr
    s = OfferingImportState
    return staff_frame(
        rx.cond(
            ready(s.allowed, s.loaded_path),
            rx.vstack(
                rx.link(s.university, href="/staff/" + s.slug, size="2"),
                rx.heading(tr["import_title"], as_="h1", size="7"),
                rx.text(tr["import_intro"], size="3", max_width="70ch"),
                rx.text(tr["import_hint"], size="2", max_width="70ch", id="import-hint"),
                rx.link(
                    rx.hstack(
                        rx.icon("download", size=16, aria_hidden="true"),
                        rx.text(tr["import_template"]),
                        spacing="1",
                        align="center",
                    ),
                    href=api("/api/universities/") + s.slug + "/offerings/import-template.csv",
                    id="import-template",
                ),
                rx.card(_dropzone(), width="100%"),
                _pending(),
                _progress(),
                message_box(s.message, s.message_kind, "import-message"),
                _report(),
                spacing="4",
                width="100%",
            ),
            rx.cond(
                ready(s.denied, s.loaded_path),
                rx.callout(tr["not_allowed"], icon="lock", color_scheme="red", id="denied"),
                skeleton(),
            ),
        )
    )
