"""A learner's progress on a qualification as the flat strings pages show.

Pure: the stacking service's answer in, dicts of strings in the reader's language out,
so the States hold no engine objects (and no user id).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from microcred_market.platform import i18n
from microcred_market.platform.money import format_money
from microcred_market.stacking import progress as engine
from microcred_market.stacking import rules
from microcred_market.stacking import service as stacking
from microcred_market.ui.i18n import table
from microcred_market.ui.view import fmt_date


def _num(value: Decimal) -> str:
    return format(value.normalize(), "f")


def rule_lines(
    rule: rules.Rule, lang: str, titles: dict[str, str] | None = None
) -> list[dict[str, str]]:
    """The rule tree in words, one indented line per node (for everyone)."""
    return [
        {
            "text": stacking.say_phrase(
                stacking.node_phrase(stacking.titled(node, titles or {})), lang
            ),
            "pad": f"{(depth - 1) * 1.25}em",
        }
        for node, depth in rules.walk(rule.root)
    ]


def _offering(offering: engine.CatalogueOffering, lang: str) -> dict[str, str]:
    tr = table(lang)
    if offering.self_paced:
        when = tr["self_paced"]
    else:
        when = fmt_date(offering.start_date.isoformat() if offering.start_date else None, lang)
    if offering.seats_left is None:
        seats = tr["unlimited_seats"]
    else:
        seats = i18n.t("ui.catalogue.seats_left", lang, n=offering.seats_left)
    return {
        "slug": offering.slug,
        "href": f"/offerings/{offering.slug}",
        "title": offering.title or offering.slug,
        "price": format_money(offering.price_minor, offering.currency, lang),
        "when": when,
        "seats": seats,
        "ects": _num(offering.ects),
    }


def _way(way: engine.Way | None, lang: str) -> tuple[list[dict[str, str]], str]:
    if way is None or not way.offerings:
        return [], ""
    total = " + ".join(format_money(minor, currency, lang) for currency, minor in way.prices)
    summary = i18n.t(
        "stacking.page.way_total",
        lang,
        price=total,
        date=fmt_date(way.starts_by.isoformat(), lang),
    )
    return [_offering(o, lang) for o in way.offerings], summary


def progress_view(answer: stacking.LearnerProgress, lang: str) -> dict[str, Any]:
    result = answer.progress
    nodes = [
        {
            "text": line.text,
            "pad": f"{(line.depth - 1) * 1.25}em",
            "done": "yes" if line.satisfied else "no",
            "mark": "✓" if line.satisfied else "○",
            "word": i18n.t(
                "stacking.page.met" if line.satisfied else "stacking.page.not_met", lang
            ),
            "detail": line.detail,
            "counted": i18n.t("stacking.page.counted", lang, titles=line.counted)
            if line.counted
            else "",
        }
        for line in stacking.progress_lines(answer, lang)
    ]
    cheapest, cheapest_total = _way(answer.cheapest, lang)
    soonest, soonest_total = _way(answer.soonest, lang)
    counted = (
        min(result.ects_counted, result.ects_needed) if result.ects_needed else result.ects_counted
    )
    state = answer.award_credential_state or answer.award_state
    return {
        "progress_loaded": True,
        "satisfied": result.satisfied,
        "ects_text": i18n.t(
            "stacking.page.ects_summary",
            lang,
            counted=_num(counted),
            needed=_num(result.ects_needed),
        ),
        "ects_percent": int(100 * counted / result.ects_needed) if result.ects_needed else 100,
        "missing": engine.missing_text(result, lang),
        "nodes": nodes,
        "cheapest": cheapest,
        "cheapest_total": cheapest_total,
        "soonest": soonest,
        "soonest_total": soonest_total,
        "no_way": not result.satisfied and answer.cheapest is None,
        "award_text": i18n.t(f"stacking.page.award_{state}", lang) if state else "",
        "award_href": "/wallet" if answer.award_credential else "",
    }
