"""Row keys and Core tables read through the typed helpers behave like the raw attributes."""

from __future__ import annotations

import pytest

from microcred_market.platform.db import saved_id, table_of
from microcred_market.platform.models import OutboxMessage


def test_saved_id_gives_the_key_of_a_stored_row() -> None:
    assert saved_id(OutboxMessage(id=7, kind="mail")) == 7


def test_saved_id_refuses_a_row_that_was_never_flushed() -> None:
    with pytest.raises(RuntimeError, match="OutboxMessage has no id yet"):
        saved_id(OutboxMessage(kind="mail"))


def test_table_of_is_the_models_own_table() -> None:
    assert table_of(OutboxMessage).name == "outbox"
    assert "processed_at" in table_of(OutboxMessage).c
