"""Importing this package registers every page with Reflex."""

from microcred_market.ui.pages import (  # noqa: F401
    catalogue,
    home,
    not_found,
    offering,
    qualification,
    university,
)
