"""Every demo qualification gets a rule that validates against the demo catalogue, once."""

from __future__ import annotations

import pytest
from sqlmodel import select

from microcred_market.catalogue.seed import seed_demo
from microcred_market.platform.db import session_scope
from microcred_market.stacking import rules
from microcred_market.stacking.models import QualificationRule
from microcred_market.stacking.seed import seed_demo_rules
from microcred_market.stacking.service import catalogue_facts, rule_view
from tests.conftest import migrated

pytestmark = pytest.mark.stacking


def test_demo_rules_seed_idempotently_and_use_the_rule_language(empty_sqlite_url: str) -> None:
    url = migrated(empty_sqlite_url)
    with session_scope(url) as session:
        seed_demo(session)
        first = seed_demo_rules(session)
    with session_scope(url) as session:
        assert seed_demo_rules(session) == first == 6
        stored = session.exec(select(QualificationRule)).all()
        assert len(stored) == 6
        kinds = set()
        for row in stored:
            rule = rules.parse(row.rule)
            kinds |= {rules.kind_of(node) for node, _ in rules.walk(rule.root)}
            view = rule_view(session, _slug(session, row))
            assert rules.validate(rule, catalogue_facts(session, view.slug)) == []
        assert {"n_of", "min_ects", "min_eqf", "recency", "pool", "recognised"} <= kinds
        assert "max_ects_per_university" in kinds


def _slug(session, row: QualificationRule) -> str:
    from microcred_market.catalogue.models import Qualification

    found = session.get(Qualification, row.qualification_id)
    assert found is not None
    return found.slug
