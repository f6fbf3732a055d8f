"""The credentials part of "download my data"; registered with accounts in `wiring.py`.

Deleting an account erases nothing here: an issued credential stays verifiable (its
row points to the bare user row that deletion keeps).
"""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, col, select

from microcred_market.credentials.models import IssuedCredential


def export_credentials(session: Session, user_id: int) -> list[dict[str, Any]]:
    """Every credential issued to the person, exactly as signed (portable: art. 20)."""
    rows = session.exec(
        select(IssuedCredential)
        .where(IssuedCredential.user_id == user_id)
        .order_by(col(IssuedCredential.id))
    ).all()
    return [
        {"state": r.state, "public": r.public, "credential": json.loads(r.document)} for r in rows
    ]
