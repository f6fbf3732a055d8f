"""Rule trees for the demo qualifications (`microcred seed --demo`), idempotent.

Written through the same validation as staff's rules (against the demo catalogue), so a
demo rule that no longer matches the catalogue fails loudly instead of seeding nonsense.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sqlmodel import Session, select

from microcred_market.catalogue.models import Qualification, University
from microcred_market.stacking import rules
from microcred_market.stacking.models import QualificationRule, RuleRefused
from microcred_market.stacking.service import catalogue_facts


def demo_rules() -> list[dict[str, Any]]:
    text = resources.files("microcred_market.stacking").joinpath("demo/rules.json").read_text()
    data: list[dict[str, Any]] = json.loads(text)
    return data


def seed_demo_rules(session: Session) -> int:
    """Give each demo qualification its rule; returns how many rules there are."""
    count = 0
    for entry in demo_rules():
        qualification = session.exec(
            select(Qualification).where(Qualification.slug == entry["qualification"])
        ).first()
        university = session.exec(
            select(University).where(University.slug == entry["university"])
        ).first()
        if qualification is None or university is None or qualification.id is None:
            continue
        rule = rules.parse(entry["rule"])
        problems = rules.validate(rule, catalogue_facts(session, qualification.slug))
        if problems:
            raise RuleRefused(problems)
        row = session.get(QualificationRule, qualification.id)
        if row is None:
            row = QualificationRule(
                qualification_id=qualification.id, university_id=university.id or 0, rule={}
            )
        row.university_id = university.id or 0
        row.rule = rules.to_data(rule)
        row.prk_level = entry.get("prk_level")
        row.zsk_code = entry.get("zsk_code")
        row.partial = bool(entry.get("partial", False))
        row.achievement_type = entry.get("achievement_type", "Certificate")
        session.add(row)
        count += 1
    session.flush()
    return count
