"""A learner one part away from a qualification is told so, once, with the parts that
would complete it; a learner two parts away is not."""

from __future__ import annotations

import pytest
from sqlmodel import select

from microcred_market.platform import mail
from microcred_market.platform.db import session_scope
from microcred_market.platform.models import OutboxMessage
from microcred_market.stacking import service as stacking
from tests.integration.stacking.test_award import mails, pass_part
from tests.support.smtp import Inbox
from tests.support.stacking_world import StackWorld, make_stack_world

pytestmark = [pytest.mark.stacking, pytest.mark.credentials]

LEARNER = "learner0@stack.test"


@pytest.fixture
def world(app_env: str) -> StackWorld:
    return make_stack_world(app_env, learners=1)


def nearly_count(world: StackWorld) -> int:
    with session_scope(world.url) as session:
        rows = session.exec(select(OutboxMessage).where(OutboxMessage.kind == mail.MAIL_KIND)).all()
        return sum(1 for r in rows if r.payload.get("template") == "qualification_nearly")


def test_one_part_away_mails_once_then_the_award_follows(world: StackWorld, smtp: Inbox) -> None:
    before = len(smtp.messages)  # the inbox is shared by the whole session
    pass_part(world, "stack-a")  # still one elective and the practice part to go
    assert nearly_count(world) == 0

    pass_part(world, "stack-d")  # now any one of B or C completes it
    assert nearly_count(world) == 1
    sent = [
        m
        for m in smtp.messages[before:]
        if m["To"] == LEARNER and "One more part" in str(m["Subject"])
    ]
    assert len(sent) == 1
    body = sent[0].get_payload(decode=True).decode()
    assert "Data Stack Certificate" in body and "Stack University" in body
    assert "Course B, Course C" in body
    assert "1 of 2 electives" in body

    with session_scope(world.url) as session:  # judged again: no second mail
        assert stacking.check_award(session, world.learners[0]) == []
    assert nearly_count(world) == 1

    pass_part(world, "stack-b")
    assert mails(world.url, "qualification_awarded") == [LEARNER]
    assert nearly_count(world) == 1
