"""Services never commit: the entry point's unit of work does, once per request or job.

A service that committed halfway would leave half-written data behind when a later step
of the same request fails. The only commits below the entry points are the unit of work
itself, the outbox's claim of a message and the rate-limit hits (which must count even
when the caller rolls back).
"""

from __future__ import annotations

import ast
from pathlib import Path

import microcred_market

PACKAGE = Path(microcred_market.__file__).parent
CAPABILITIES = ("platform", "vc", "catalogue", "accounts", "orders", "credentials")
ALLOWED = {"platform/db.py", "platform/outbox.py", "platform/ratelimit.py"}


def _commits(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "commit"
    ]


def test_no_capability_commits_outside_the_unit_of_work() -> None:
    found = {}
    for name in CAPABILITIES:
        for path in sorted((PACKAGE / name).rglob("*.py")):
            relative = path.relative_to(PACKAGE).as_posix()
            lines = _commits(path)
            if lines and relative not in ALLOWED:
                found[relative] = lines
    assert found == {}


def test_every_allowed_commit_says_why() -> None:
    for relative in ALLOWED - {"platform/db.py"}:
        text = (PACKAGE / relative).read_text().splitlines()
        for line in _commits(PACKAGE / relative):
            around = "\n".join(text[max(0, line - 4) : line])
            assert "#" in around, (relative, line)
