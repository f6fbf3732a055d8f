"""The interface is a view: no module under `ui/` reaches for the database itself.

States call services and read-side queries through the unit-of-work helper; a page that
imported the ORM or a table module could run queries on the event loop again.
"""

from __future__ import annotations

import ast
from pathlib import Path

import microcred_market.ui

UI = Path(microcred_market.ui.__file__).parent
FORBIDDEN_ROOTS = ("sqlmodel", "sqlalchemy")


def _imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
            found.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _forbidden(module: str) -> bool:
    root = module.split(".", 1)[0]
    return (
        root in FORBIDDEN_ROOTS or module.endswith(".models") or module == "microcred_market.tables"
    )


def test_no_ui_module_imports_the_orm_or_a_table_module() -> None:
    offenders = {
        str(path.relative_to(UI.parent)): bad
        for path in sorted(UI.rglob("*.py"))
        if (bad := sorted({m for m in _imported_modules(path) if _forbidden(m)}))
    }
    assert offenders == {}


def test_the_rule_catches_what_it_should() -> None:
    assert _forbidden("sqlmodel")
    assert _forbidden("sqlalchemy.orm")
    assert _forbidden("microcred_market.orders.models")
    assert _forbidden("microcred_market.catalogue.models")
    assert not _forbidden("microcred_market.orders.queries")
    assert not _forbidden("microcred_market.platform.db")
