"""Errors a person can read: a key in the catalogue and its parameters.

A service raises `InvalidInput("error.accounts.email_too_long")`; the UI, API and mail that
catch it translate it for their reader with `i18n.t(error.key, lang, **error.params)`
(or `error.text(lang)`), so a service never needs to know who is reading.
"""

from __future__ import annotations

from typing import Any

from microcred_market.platform.i18n import default_language, t


class DomainError(Exception):
    """Base for every error a service raises on purpose."""

    code = "invalid"

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def text(self, lang: str) -> str:
        return t(self.key, lang, **self.params)

    def __str__(self) -> str:
        # Logs, tracebacks and `pytest.raises(match=...)` read words, not a key.
        return self.message

    @property
    def message(self) -> str:
        """The text in the default language, for logs and the command line."""
        return self.text(default_language())


class NotFound(DomainError):
    code = "not_found"


class InvalidInput(DomainError):
    code = "invalid_input"


class TooLarge(InvalidInput):
    """More input than we read at all (HTTP 413): the client must send less."""

    code = "too_large"


class Unprocessable(InvalidInput):
    """Well-formed input we still refuse to work on (HTTP 422): too deep, not real text."""

    code = "unprocessable"
