"""Importing this package registers every page with Reflex."""

from microcred_market.ui.pages import (  # noqa: F401
    account,
    auth_pages,
    catalogue,
    home,
    learning,
    not_found,
    offering,
    qualification,
    shared_credential,
    staff,
    staff_learners,
    university,
    verify,
    wallet,
)
