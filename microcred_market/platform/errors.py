"""Errors a person can read: the UI and API show the message as it is."""


class DomainError(Exception):
    """Base for every error a service raises on purpose."""

    code = "invalid"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    code = "not_found"


class InvalidInput(DomainError):
    code = "invalid_input"
