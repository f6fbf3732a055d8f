"""Import every table module here so that Alembic sees all of them."""

from sqlmodel import SQLModel

from microcred_market.domain import (  # noqa: F401
    account_models,
    credential_models,
    models,
    order_models,
)

metadata = SQLModel.metadata
