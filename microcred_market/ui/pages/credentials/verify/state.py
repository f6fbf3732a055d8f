"""The verify page's State: what it shows and the events that check a credential.

Checking runs in background events so the page stays responsive; each run has a number
and only the latest one's answer is shown.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

from microcred_market.ui.i18n import table
from microcred_market.ui.pages.credentials.verify.check import check_bytes, check_link
from microcred_market.ui.state.auth import public
from microcred_market.ui.state.base import client_address, reader_lang
from microcred_market.vc.verify import MAX_CREDENTIAL_BYTES


class VerifyState(rx.State):
    # False in the prerendered page: its buttons wait for the app, so an early click is
    # neither lost nor a native GET that would put the pasted credential in the address.
    ready: bool = False
    busy: bool = False
    has_result: bool = False
    error: str = ""
    link: str = ""
    verdict: str = ""
    message: str = ""
    has_facts: bool = False
    facts_verified: bool = False
    title: str = ""
    sentence: str = ""
    description: str = ""
    content_lang: str = "en"
    facts: list[dict[str, str]] = []
    outcomes: list[str] = []
    skills: list[dict[str, str]] = []
    part_of: list[dict[str, str]] = []
    parts: list[dict[str, str]] = []
    checks: list[dict[str, str]] = []
    _run: int = 0

    def _show(self, view: dict[str, Any]) -> None:
        for key, value in view.items():
            setattr(self, key, value)
        self.has_result = True
        self.busy = False

    def _clear(self) -> None:
        self.has_result = False
        self.error = ""
        self.verdict = ""

    async def _start(self) -> tuple[int, str]:
        """Inside `async with self`: mark busy; returns this run's number and the language."""
        self._run += 1
        self.busy = True
        self.error = ""
        return self._run, await reader_lang(self)

    @rx.event
    @public
    def load(self):
        url = self.router.url.query_parameters.get("url", "")
        url = url.strip()[:2000] if isinstance(url, str) else ""
        self._clear()
        self._run += 1  # a check still running for the previous visit shows nothing
        self.ready = True
        self.busy = False
        self.link = url
        if url:
            self.busy = True
            return VerifyState.verify_link_now(url)  # type: ignore[misc]  # mypy cannot solve the TypeVarTuple in rx.event(...)'s return type
        return None

    @rx.event(background=True)
    @public
    async def verify_link_now(self, url: str):
        async with self:
            run, lang = await self._start()
            client = client_address(self)
        view = await check_link(url, lang, client)
        async with self:
            if run == self._run:
                self._show(view)

    @rx.event(background=True)
    @public
    async def verify_link_form(self, form: dict[str, Any]):
        url = str(form.get("url") or "").strip()[:2000]
        async with self:
            if not url:
                lang = await reader_lang(self)
                self.error = table(lang)["verify_empty_link"]
                return
            self.link = url
            run, lang = await self._start()
            client = client_address(self)
        view = await check_link(url, lang, client)
        async with self:
            if run != self._run:
                return
            self._show(view)
        yield rx.scroll_to("result")

    @rx.event(background=True)
    @public
    async def verify_paste(self, form: dict[str, Any]):
        text = str(form.get("credential") or "")
        async with self:
            lang = await reader_lang(self)
            if not text.strip():
                self.error = table(lang)["verify_empty_paste"]
                return
            if len(text) > MAX_CREDENTIAL_BYTES:
                self.error = table(lang)["verify_too_large"]
                return
            run, lang = await self._start()
            client = client_address(self)
        view = await check_bytes(text.encode("utf-8", "replace"), lang, client)
        async with self:
            if run != self._run:
                return
            self._show(view)
        yield rx.scroll_to("result")

    @rx.event(background=True)
    @public
    async def verify_upload(self, chunks: rx.UploadChunkIterator):
        """Read the upload as it streams in; stop at 2 MB without reading the rest.

        The browser also sends an empty upload when it refused the file itself (see
        `upload_rejected`); nothing happens then, so its message stays.
        """
        run, lang, name, client = 0, "en", "", ""
        data = bytearray()
        too_large = several = False
        async for chunk in chunks:
            if not run:
                name = chunk.filename or "-"
                async with self:
                    run, lang = await self._start()
                    client = client_address(self)
            elif chunk.filename != name:
                several = True
                break
            data.extend(chunk.data)
            if len(data) > MAX_CREDENTIAL_BYTES:
                too_large = True
                break
        if not run:
            return
        if too_large or several or not data:
            async with self:
                if run == self._run:
                    self.busy = False
                    tr = table(lang)
                    self.error = (
                        tr["verify_too_large"]
                        if too_large
                        else tr["verify_one_file"]
                        if several
                        else tr["verify_wrong_type"]
                    )
            return
        view = await check_bytes(bytes(data), lang, client)
        async with self:
            if run != self._run:
                return
            self._show(view)
        yield rx.scroll_to("result")

    @rx.event
    @public
    async def upload_rejected(self, codes: list[str]):
        """The browser refused the file before sending it (too big, wrong type, several)."""
        tr = table(await reader_lang(self))
        codes = [str(c) for c in codes or []][:20]
        if "file-too-large" in codes:
            self.error = tr["verify_too_large"]
        elif "too-many-files" in codes:
            self.error = tr["verify_one_file"]
        else:
            self.error = tr["verify_wrong_type"]
        self.has_result = False
