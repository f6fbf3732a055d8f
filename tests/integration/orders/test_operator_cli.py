"""The operator's commands: platform fee, payout accounts, vouchers."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from microcred_market import cli
from microcred_market.orders import service as orders
from microcred_market.orders.models import Voucher
from microcred_market.platform.db import session_scope
from tests.integration.orders.test_orders import buy, make_world

pytestmark = pytest.mark.payments


def test_fee_default_and_per_university(app_env, capsys) -> None:
    w = make_world(app_env)
    assert cli.main(["fee", "12.5"]) == 0
    with session_scope(app_env) as session:
        assert orders.fee_basis_points(session, w["university_id"]) == 1250
    assert cli.main(["fee", "5", "--university", "uni"]) == 0
    with session_scope(app_env) as session:
        assert orders.fee_basis_points(session, w["university_id"]) == 500
    new = buy(app_env, w["users"][0])
    with session_scope(app_env) as session:
        assert orders.order_by_uuid(session, new.order_uuid).platform_fee_minor == 2_495
    assert cli.main(["fee", "80"]) == 1
    assert "between 0 and 50" in capsys.readouterr().err
    assert cli.main(["connect", "uni", "not-an-account"]) == 1
    assert cli.main(["connect", "uni", "acct_123"]) == 0


def test_voucher_command(app_env, capsys) -> None:
    w = make_world(app_env)
    assert (
        cli.main(
            ["voucher", "spring-26", "--percent", "20", "--max-uses", "2", "--offering", "course"]
        )
        == 0
    )
    with session_scope(app_env) as session:
        voucher = session.execute(sa.select(Voucher)).scalar_one()
        assert (voucher.code, voucher.scope, voucher.max_uses) == ("SPRING-26", "offering", 2)
    assert buy(app_env, w["users"][0], voucher_code="spring-26").amount_minor == 39_920
    assert cli.main(["voucher", "SPRING-26", "--percent", "5"]) == 1
    assert "exists already" in capsys.readouterr().err
    assert cli.main(["voucher", "X!", "--percent", "5"]) == 1
    assert (
        cli.main(["voucher", "BOTH", "--percent", "5", "--amount", "10", "--currency", "PLN"]) == 1
    )


def test_vouchers_are_listed_and_disabled_from_the_command_line(app_env, capsys) -> None:
    from microcred_market.platform.models import AuditEvent

    w = make_world(app_env)
    assert cli.main(["vouchers"]) == 0
    assert "No vouchers." in capsys.readouterr().out
    assert cli.main(["voucher", "TWENTY", "--percent", "20", "--max-uses", "5"]) == 0
    assert cli.main(["voucher", "CASH", "--amount", "10.50", "--currency", "PLN"]) == 0
    capsys.readouterr()
    assert cli.main(["vouchers"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].startswith("CASH | ") and listing[0].endswith("| active")
    assert listing[1] == "TWENTY | 20 % | all | used 0/5 | expires never | active"
    assert cli.main(["voucher-disable", "twenty"]) == 0
    assert cli.main(["vouchers"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith("| disabled")
    with pytest.raises(orders.VoucherProblem):
        buy(app_env, w["users"][0], voucher_code="TWENTY")
    assert cli.main(["voucher-disable", "TWENTY"]) == 1
    assert "disabled already" in capsys.readouterr().err
    assert cli.main(["voucher-disable", "NOPE"]) == 1
    with session_scope(app_env) as session:
        event = session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "voucher.disabled")
        ).scalar_one()
        assert event.actor_name.startswith("cli:") and event.subject == "TWENTY"
