"""Import every table module here so that Alembic sees all of them."""

from sqlmodel import SQLModel

from microcred_market.domain import account_models, models, order_models  # noqa: F401

metadata = SQLModel.metadata
