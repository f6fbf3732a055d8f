"""Importing this package registers every page with Reflex."""

from microcred_market.ui.pages import not_found  # noqa: F401
from microcred_market.ui.pages.accounts import account, sign_in  # noqa: F401
from microcred_market.ui.pages.catalogue import (  # noqa: F401
    home,
    offering,
    qualification,
    search,
    university,
)
from microcred_market.ui.pages.credentials import (  # noqa: F401
    shared,
    staff_learners,
    verify,
    wallet,
)
from microcred_market.ui.pages.orders import learning, staff  # noqa: F401
