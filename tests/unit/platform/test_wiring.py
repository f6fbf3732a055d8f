"""The one registration point leaves nothing out: every outbox message that some code
writes has a handler, and "download my data" includes every capability's part."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import microcred_market
from microcred_market.accounts import personal_data
from microcred_market.accounts import service as accounts
from microcred_market.platform import mail, outbox
from microcred_market.wiring import wire

PACKAGE = Path(microcred_market.__file__).parent


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level `NAME = "text"` assignments."""
    found: dict[str, str] = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value.value
    return found


def _argument(call: ast.Call, function: ast.FunctionDef, name: str) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    names = [a.arg for a in function.args.args]
    index = names.index(name)
    return call.args[index] if index < len(call.args) else None


def written_kinds() -> set[str]:
    """Every `OutboxMessage(kind=...)` in the package, constants and f-strings resolved."""
    kinds: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(), str(path))
        constants = _constants(tree)
        functions = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        for function in functions.values():
            for call in ast.walk(function):
                if not (
                    isinstance(call, ast.Call)
                    and getattr(call.func, "id", getattr(call.func, "attr", "")) == "OutboxMessage"
                ):
                    continue
                kind = next(k.value for k in call.keywords if k.arg == "kind")
                if isinstance(kind, ast.Constant):
                    kinds.add(kind.value)
                elif isinstance(kind, ast.Name):
                    kinds.add(constants[kind.id])
                elif isinstance(kind, ast.JoinedStr):
                    # f"order.{kind}": the prefix plus every literal the callers pass.
                    prefix = "".join(v.value for v in kind.values if isinstance(v, ast.Constant))
                    part = next(v for v in kind.values if isinstance(v, ast.FormattedValue))
                    param = part.value.id  # type: ignore[attr-defined]
                    callers = [
                        c
                        for c in ast.walk(tree)
                        if isinstance(c, ast.Call) and getattr(c.func, "id", "") == function.name
                    ]
                    assert callers, f"{path}: nobody calls {function.name}"
                    for caller in callers:
                        value = _argument(caller, function, param)
                        assert isinstance(value, ast.Constant), f"{path}: {ast.dump(caller)}"
                        kinds.add(prefix + value.value)
                else:
                    pytest.fail(f"{path}:{call.lineno}: outbox kind the test cannot read")
    return kinds


def test_every_outbox_kind_written_anywhere_has_a_handler() -> None:
    wire()
    kinds = written_kinds()
    # The scan finds what we know is written (mail, order follow-ups, issuing).
    assert {"mail", "order.receipt", "order.refund", "credential.issue"} <= kinds
    missing = kinds - outbox.registered_kinds()
    assert not missing, f"outbox kinds written but not registered in wiring.py: {missing}"


def test_every_one_time_link_in_mail_has_a_minter() -> None:
    """A mail with a `SecretLink` of an unregistered kind could never be sent."""
    wire()
    assert {accounts.EMAIL_LINK, accounts.INVITATION_LINK} <= mail.link_kinds()


def test_wiring_twice_changes_nothing() -> None:
    wire()
    before = outbox.registered_kinds()
    wire()
    assert outbox.registered_kinds() == before


def test_a_kind_cannot_get_a_second_handler() -> None:
    wire()
    with pytest.raises(ValueError):
        outbox.register("mail", lambda payload: None)


def test_download_my_data_includes_credentials() -> None:
    wire()
    assert "credentials" in personal_data.exporters()
