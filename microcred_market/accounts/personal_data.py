"""What other capabilities hold about a person, for "download my data" and "delete my account".

Accounts sits below the capabilities that keep personal data of their own (orders,
credentials, assessments later), so it cannot import them. Each registers an exporter
(and, if it keeps data that must go, an eraser) in `wiring.py`; accounts calls them
without knowing who they are.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from sqlmodel import Session

# (session, user id) -> JSON-ready data for one section of the export.
Exporter = Callable[[Session, int], Any]
# (session, user id) -> None: removes or anonymises the person's data, never commits.
Eraser = Callable[[Session, int], None]

_EXPORTERS: dict[str, Exporter] = {}
_ERASERS: dict[str, Eraser] = {}


def register_exporter(section: str, exporter: Exporter) -> None:
    """Add `section` to every export; registering the same exporter again is harmless."""
    if _EXPORTERS.get(section, exporter) is not exporter:
        raise ValueError(f"export section {section!r} already has an exporter")
    _EXPORTERS[section] = exporter


def register_eraser(name: str, eraser: Eraser) -> None:
    """Run `eraser` whenever an account is deleted, before its own rows go."""
    if _ERASERS.get(name, eraser) is not eraser:
        raise ValueError(f"eraser {name!r} is already registered")
    _ERASERS[name] = eraser


def exporters() -> Mapping[str, Exporter]:
    return MappingProxyType(_EXPORTERS)


def erasers() -> Mapping[str, Eraser]:
    return MappingProxyType(_ERASERS)


def export_sections(session: Session, user_id: int) -> dict[str, Any]:
    """Every registered section for one person, in the order they were registered."""
    return {section: export(session, user_id) for section, export in _EXPORTERS.items()}


def erase_everywhere(session: Session, user_id: int) -> None:
    for erase in _ERASERS.values():
        erase(session, user_id)
