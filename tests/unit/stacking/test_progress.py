"""The progress engine: what counts, where, what is missing in words, and how to finish."""

from __future__ import annotations

import dataclasses
import itertools
import time
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from microcred_market.stacking import rules
from microcred_market.stacking.progress import (
    STATUSES,
    CatalogueOffering,
    HeldCredential,
    Progress,
    Recognition,
    eligible_nodes,
    missing_text,
    one_part_away,
    progress,
    refs_to_finish,
    ways_to_finish,
)
from tests.unit.stacking.strategies import REFS, valid_rules

pytestmark = pytest.mark.stacking
TODAY = date(2027, 3, 1)
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


def held(
    cid: str,
    ref: str,
    ects: str | int = 2,
    issuer: str = "uw",
    eqf: int | None = 6,
    issued: date = date(2026, 6, 1),
    status: str = "active",
    recognised: tuple[Recognition, ...] = (),
) -> HeldCredential:
    return HeldCredential(
        id=cid,
        achievement_id=f"https://example.org/offerings/{ref}",
        issuer=issuer,
        ects=Decimal(ects),
        eqf_level=eqf,
        issued=issued,
        status=status,
        recognised=recognised,
        offering_slug=ref,
    )


def offering(node_id: str, ref: str, ects: int | str) -> dict[str, Any]:
    return {"kind": "offering", "id": node_id, "ref": ref, "ects": str(ects)}


def rule_of(root: dict[str, Any]) -> rules.Rule:
    return rules.parse({"version": 1, "root": root})


# A qualification: three of four electives, and 6 ECTS from a cross-university pool.
DATA_ANALYST = rule_of(
    {
        "kind": "all_of",
        "id": "root",
        "children": [
            {
                "kind": "n_of",
                "id": "electives",
                "n": 3,
                "label": "electives",
                "children": [
                    offering("sql", "sql", 2),
                    offering("python", "python", 3),
                    offering("stats", "stats", 3),
                    offering("viz", "viz", 2),
                ],
            },
            {
                "kind": "min_ects",
                "id": "practice",
                "ects": 6,
                "children": [
                    {
                        "kind": "pool",
                        "id": "pool",
                        "items": [
                            {"ref": "lab-uw", "ects": 2, "university": "uw"},
                            {"ref": "lab-pw", "ects": 4, "university": "pw"},
                            {"ref": "lab-agh", "ects": 6, "university": "agh"},
                        ],
                    }
                ],
            },
        ],
    }
)


# ---------------------------------------------------------------- in words


def test_what_is_missing_reads_as_a_sentence_in_english_and_polish() -> None:
    mine = [held("c1", "sql"), held("c2", "python", 3), held("c3", "lab-uw", 2)]
    result = progress(DATA_ANALYST, mine, TODAY)
    assert not result.satisfied
    assert missing_text(result, "en") == "2 of 3 electives; 4 of 6 ECTS still needed"
    assert missing_text(result, "pl") == "2 z 3 przedmiotów obieralnych; brakuje jeszcze 4 z 6 ECTS"
    assert result.nodes["electives"].parts_done == 2
    assert result.nodes["practice"].ects_counted == 2
    assert result.nodes["practice"].ects_needed == 6
    assert result.counted == {"c1": "sql", "c2": "python", "c3": "pool"}
    assert result.ects_counted == 7


def test_numbers_in_the_missing_phrases_follow_the_readers_locale() -> None:
    rule = rule_of(
        {
            "kind": "all_of",
            "id": "root",
            "children": [
                {
                    "kind": "n_of",
                    "id": "one",
                    "n": 1,
                    "label": "modules",
                    "children": [offering("m", "m", 3)],
                },
                {
                    "kind": "min_ects",
                    "id": "half",
                    "ects": "7.5",
                    "children": [offering("x", "x", "7.5")],
                },
                {
                    "kind": "n_of",
                    "id": "labs",
                    "n": 2,
                    "label": "Labs",
                    "children": [offering("l1", "l1", 1), offering("l2", "l2", 1)],
                },
            ],
        }
    )
    result = progress(rule, [held("c", "l1", 1)], TODAY)
    assert missing_text(result, "en") == "0 of 1 module; 7.5 of 7.5 ECTS still needed; Labs: 1 of 2"
    assert missing_text(result, "pl") == "0 z 1 modułu; brakuje jeszcze 7,5 z 7,5 ECTS; Labs: 1 z 2"


def test_a_complete_qualification_lacks_nothing() -> None:
    mine = [
        held("c1", "sql"),
        held("c2", "python", 3),
        held("c3", "viz"),
        held("c4", "lab-pw", 4, issuer="pw"),
        held("c5", "lab-uw", 2),
    ]
    result = progress(DATA_ANALYST, mine, TODAY)
    assert result.satisfied and result.missing.items == ()
    assert missing_text(result, "en") == ""
    # The group of electives is met with three of four; the fourth stays open, unneeded.
    assert [n.node_id for n in result.nodes.values() if not n.satisfied] == ["stats"]


def test_revoked_suspended_expired_and_future_credentials_do_not_count() -> None:
    mine = [
        held("c1", "sql", status="revoked"),
        held("c2", "python", 3, status="suspended"),
        held("c3", "stats", 3, status="expired"),
        held("c4", "viz", issued=TODAY + timedelta(days=1)),
    ]
    result = progress(DATA_ANALYST, mine, TODAY)
    assert result.counted == {} and result.ects_counted == 0
    assert missing_text(result, "en") == "0 of 3 electives; 6 of 6 ECTS still needed"


def test_recency_min_level_and_the_cap_per_university() -> None:
    rule = rule_of(
        {
            "kind": "max_ects_per_university",
            "id": "cap",
            "cap": 5,
            "child": {
                "kind": "min_ects",
                "id": "total",
                "ects": 8,
                "children": [
                    {
                        "kind": "recency",
                        "id": "recent",
                        "years": 3,
                        "child": {
                            "kind": "min_eqf",
                            "id": "level6",
                            "level": 6,
                            "child": {
                                "kind": "pool",
                                "id": "pool",
                                "items": [{"ref": r, "ects": 4} for r in ("a", "b", "c", "d", "e")],
                            },
                        },
                    }
                ],
            },
        }
    )
    mine = [
        held(
            "old", "a", 4, issuer="agh", issued=date(2023, 2, 1)
        ),  # more than 3 years before the award
        held("low", "b", 4, eqf=5),
        held("uw1", "c", 4, issued=date(2025, 6, 1)),
        held(
            "uw2", "d", 4, issued=date(2025, 6, 1)
        ),  # a second 4 ECTS from uw: only 1 more counts under the cap of 5
    ]
    result = progress(rule, mine, TODAY)
    assert result.nodes["total"].ects_counted == 5
    assert missing_text(result, "en") == "3 of 8 ECTS still needed"
    with_pw = progress(rule, [*mine, held("pw", "e", 4, issuer="pw")], TODAY)
    assert with_pw.satisfied and with_pw.ects_counted == 9
    # Judged on an award date further back, the old credential is recent enough (and one
    # earned after the award could not have been part of it).
    late = held("late", "e", 4, issuer="pw", issued=date(2026, 2, 1))
    earlier = progress(rule, [*mine, late], TODAY, award_date=date(2026, 1, 15))
    assert earlier.nodes["total"].ects_counted == 9 and earlier.satisfied


def test_a_credential_that_could_fill_two_places_goes_where_it_completes_more() -> None:
    rule = rule_of(
        {
            "kind": "all_of",
            "id": "root",
            "children": [
                {
                    "kind": "n_of",
                    "id": "core",
                    "n": 1,
                    "label": "core",
                    "children": [offering("core-a", "a", 2), offering("core-b", "b", 2)],
                },
                {
                    "kind": "n_of",
                    "id": "electives",
                    "n": 1,
                    "label": "electives",
                    "children": [offering("el-a", "a", 2)],
                },
            ],
        }
    )
    # "a" alone could go to either group; with "b" the best placement gives each group one.
    alone = progress(rule, [held("ca", "a")], TODAY)
    assert len(alone.counted) == 1 and not alone.satisfied
    both = progress(rule, [held("cb", "b"), held("ca", "a")], TODAY)
    assert both.satisfied
    assert both.counted == {"ca": "el-a", "cb": "core-b"}
    assert eligible_nodes(rule, held("ca", "a"), TODAY) == ("core-a", "el-a")


def test_a_recognised_credential_counts_where_recognition_put_it() -> None:
    rule = rule_of(
        {
            "kind": "all_of",
            "id": "root",
            "children": [
                offering("stats", "stats", 3),
                {"kind": "recognised", "id": "prior", "ects": 5, "label": "prior learning"},
            ],
        }
    )
    outside = HeldCredential(
        id="ext",
        achievement_id="https://badges.example.edu/assertions/42",
        issuer="example.edu",
        ects=Decimal(10),
        eqf_level=None,
        issued=date(2026, 1, 10),
        recognised=(Recognition("prior", Decimal(4)),),
    )
    result = progress(rule, [outside], TODAY)
    assert result.nodes["prior"].ects_counted == 4  # the ECTS recognition credited, not 10
    assert missing_text(result, "en") == "Statistics (3 ECTS); 1 of 5 ECTS still needed".replace(
        "Statistics", "stats"
    )
    assert missing_text(result, "pl") == "stats (3 ECTS); brakuje jeszcze 1 z 5 ECTS"
    standing_in = HeldCredential(
        id="ext2",
        achievement_id="https://other.example/stats",
        issuer="other",
        ects=Decimal(3),
        eqf_level=6,
        issued=date(2026, 1, 10),
        recognised=(Recognition("stats", Decimal(3)), Recognition("prior", Decimal(3))),
    )
    done = progress(rule, [outside, standing_in], TODAY)
    assert done.nodes["stats"].satisfied and not done.satisfied
    assert done.counted["ext2"] == "stats"


# ---------------------------------------------------------------- properties

ISSUERS = ("uw", "pw", "agh")


@st.composite
def wallets(
    draw: st.DrawFn, rule: rules.Rule, least: int = 0, most: int = 6
) -> list[HeldCredential]:
    node_ids = sorted({n.id for n, _ in rules.walk(rule.root)})
    size = draw(st.integers(least, most))
    found = []
    for i in range(size):
        ref = draw(st.sampled_from([*sorted(REFS), "elsewhere"]))
        ects, eqf = REFS.get(ref, (Decimal(3), 6))
        recognised: tuple[Recognition, ...] = ()
        if draw(st.integers(0, 4)) == 0:
            recognised = (
                Recognition(draw(st.sampled_from(node_ids)), Decimal(draw(st.integers(1, 4)))),
            )
        found.append(
            HeldCredential(
                id=f"c{i}",
                achievement_id=f"https://example.org/offerings/{ref}",
                issuer=draw(st.sampled_from(ISSUERS)),
                ects=ects,
                eqf_level=draw(st.sampled_from([eqf, eqf, None, 3])),
                issued=TODAY - timedelta(days=draw(st.integers(0, 365 * 6))),
                status=draw(st.sampled_from(["active", "active", *STATUSES])),
                recognised=recognised,
                offering_slug=ref,
            )
        )
    return found


@st.composite
def cases(draw: st.DrawFn) -> tuple[rules.Rule, list[HeldCredential], HeldCredential]:
    rule = draw(valid_rules())
    mine = draw(wallets(rule))
    (extra,) = draw(wallets(rule, 1, 1))
    return rule, mine, dataclasses.replace(extra, id="new")


def score(result: Progress) -> tuple[bool, int, Decimal]:
    return (
        result.satisfied,
        sum(1 for n in result.nodes.values() if n.satisfied),
        result.ects_counted,
    )


@PROPERTY
@given(cases(), st.randoms(use_true_random=False))
def test_the_answer_does_not_depend_on_the_order_of_the_credentials(case: Any, random: Any) -> None:
    rule, mine, _ = case
    shuffled = list(mine)
    random.shuffle(shuffled)
    assert progress(rule, mine, TODAY) == progress(rule, shuffled, TODAY)


@PROPERTY
@given(cases())
def test_only_active_credentials_ever_count(case: Any) -> None:
    rule, mine, _ = case
    result = progress(rule, mine, TODAY)
    inactive = {c.id for c in mine if c.status != "active"}
    assert not inactive & set(result.counted)
    assert result == progress(rule, [c for c in mine if c.status == "active"], TODAY)


@PROPERTY
@given(cases())
def test_each_credential_counts_at_most_once(case: Any) -> None:
    rule, mine, _ = case
    result = progress(rule, mine, TODAY)
    places = [cid for node in result.nodes.values() for cid in node.credentials]
    assert len(places) == len(set(places)) == len(result.counted)
    assert {
        cid: node.node_id for node in result.nodes.values() for cid in node.credentials
    } == dict(result.counted)


@PROPERTY
@given(cases())
def test_adding_a_credential_never_lowers_progress(case: Any) -> None:
    rule, mine, extra = case
    before = progress(rule, mine, TODAY)
    after = progress(rule, [*mine, extra], TODAY)
    assume(before.exhaustive and after.exhaustive)
    assert score(after) >= score(before)
    assert after.satisfied or not before.satisfied


def _has_cap(rule: rules.Rule) -> bool:
    return any(isinstance(n, rules.MaxEctsPerUniversity) for n, _ in rules.walk(rule.root))


@PROPERTY
@given(cases())
def test_where_each_credential_has_one_place_no_node_ever_loses_by_an_addition(case: Any) -> None:
    """With no choice to make (and no cap trading one university's ECTS for another's),
    every node keeps what it had: satisfied stays satisfied, counted ECTS never drops."""
    rule, mine, extra = case
    assume(not _has_cap(rule))
    one_place = [c for c in [*mine, extra] if len(eligible_nodes(rule, c, TODAY)) <= 1]
    before = progress(rule, [c for c in one_place if c.id != "new"], TODAY)
    after = progress(rule, one_place, TODAY)
    for node_id, node in before.nodes.items():
        assert after.nodes[node_id].ects_counted >= node.ects_counted, node_id
        assert after.nodes[node_id].satisfied or not node.satisfied, node_id


@PROPERTY
@given(cases())
def test_a_satisfied_rule_stays_satisfied_when_an_unrelated_credential_is_added(case: Any) -> None:
    rule, mine, _ = case
    before = progress(rule, mine, TODAY)
    unrelated = held("unrelated", "another-course-entirely", 5)
    after = progress(rule, [*mine, unrelated], TODAY)
    assert after.nodes == before.nodes
    assert after.satisfied == before.satisfied


# ---------------------------------------------------------------- ways to finish


def course(
    slug: str,
    ects: int,
    price: int,
    starts_in: int | None,
    seats: int | None = 10,
    currency: str = "PLN",
) -> CatalogueOffering:
    return CatalogueOffering(
        slug=slug,
        ects=Decimal(ects),
        price_minor=price,
        currency=currency,
        start_date=None if starts_in is None else TODAY + timedelta(days=starts_in),
        seats_left=seats,
        self_paced=starts_in is None,
        url=f"https://example.org/offerings/{slug}",
        university="uw",
        eqf_level=6,
    )


def test_the_cheapest_and_the_soonest_ways_to_finish() -> None:
    mine = [held("c1", "sql"), held("c2", "python", 3), held("c3", "lab-agh", 6, issuer="agh")]
    catalogue = [
        course("stats", 3, 90_000, starts_in=30),
        course("viz", 2, 50_000, starts_in=90),
        course("viz-full", 2, 1_000, starts_in=1, seats=0),  # no seat left: never suggested
        course("unrelated", 5, 100, starts_in=1),
        course("sql", 2, 10, starts_in=1),  # already held
    ]
    now = progress(DATA_ANALYST, mine, TODAY)
    cheapest, soonest = ways_to_finish(DATA_ANALYST, now, catalogue)
    assert cheapest is not None and soonest is not None
    assert [o.slug for o in cheapest.offerings] == ["viz"]
    assert cheapest.prices == (("PLN", 50_000),)
    assert [o.slug for o in soonest.offerings] == ["stats"]
    assert soonest.starts_by == TODAY + timedelta(days=30)


def test_no_way_to_finish_when_the_catalogue_cannot_complete_it_and_none_needed_when_done() -> None:
    mine = [held("c1", "sql")]
    now = progress(DATA_ANALYST, mine, TODAY)
    assert ways_to_finish(DATA_ANALYST, now, [course("viz", 2, 100, starts_in=None)]) == (
        None,
        None,
    )
    started = course("stats", 3, 100, starts_in=-5)  # started already, not self-paced
    assert ways_to_finish(DATA_ANALYST, now, [started]) == (None, None)
    done = [held("a", "sql"), held("b", "python", 3), held("c", "viz"), held("d", "lab-agh", 6)]
    cheapest, soonest = ways_to_finish(DATA_ANALYST, progress(DATA_ANALYST, done, TODAY), [])
    assert cheapest is not None and cheapest.offerings == () and cheapest == soonest


def test_one_part_away_names_the_open_offerings_that_complete_it_alone() -> None:
    mine = [held("c1", "sql"), held("c2", "python", 3), held("c3", "lab-agh", 6, issuer="agh")]
    catalogue = [
        course("stats", 3, 90_000, starts_in=30),
        course("viz", 2, 50_000, starts_in=90),
        course("viz-full", 2, 1_000, starts_in=1, seats=0),
        course("unrelated", 5, 100, starts_in=1),
        course("sql", 2, 10, starts_in=1),
    ]
    now = progress(DATA_ANALYST, mine, TODAY)
    assert [o.slug for o in one_part_away(DATA_ANALYST, now, catalogue)] == ["stats", "viz"]
    two_away = progress(DATA_ANALYST, [held("c1", "sql")], TODAY)
    assert one_part_away(DATA_ANALYST, two_away, catalogue) == ()
    done = [*mine, held("c4", "viz")]
    assert one_part_away(DATA_ANALYST, progress(DATA_ANALYST, done, TODAY), catalogue) == ()


@st.composite
def catalogues(draw: st.DrawFn) -> list[CatalogueOffering]:
    refs = draw(st.lists(st.sampled_from(sorted(REFS)), min_size=1, max_size=6, unique=True))
    return [
        CatalogueOffering(
            slug=ref,
            ects=REFS[ref][0],
            price_minor=draw(st.integers(0, 5)) * 10_000,
            currency="PLN",
            start_date=TODAY + timedelta(days=draw(st.integers(0, 90))),
            seats_left=draw(st.sampled_from([None, 0, 3])),
            self_paced=draw(st.booleans()),
            university=draw(st.sampled_from(ISSUERS)),
            eqf_level=REFS[ref][1],
        )
        for ref in refs
    ]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(cases(), catalogues())
def test_the_ways_found_complete_the_rule_and_nothing_cheaper_or_sooner_does(
    case: Any, catalogue: Any
) -> None:
    rule, mine, _ = case
    now = progress(rule, mine, TODAY)
    cheapest, soonest = ways_to_finish(rule, now, catalogue)
    held_refs = {c.offering_slug for c in now.credentials}
    open_ = [o for o in catalogue if o.seats_left != 0 and o.slug not in held_refs]

    def taken(chosen: tuple[CatalogueOffering, ...]) -> bool:
        extra = [
            HeldCredential(
                f"offering:{o.slug}",
                o.slug,
                o.university,
                o.ects,
                o.eqf_level,
                TODAY,
                offering_slug=o.slug,
            )
            for o in chosen
        ]
        return progress(rule, [*now.credentials, *extra], TODAY).satisfied

    completing = [
        combo
        for size in range(len(open_) + 1)
        for combo in itertools.combinations(open_, size)
        if taken(combo)
    ]
    if not completing:
        assert (cheapest, soonest) == (None, None)
        return
    assert cheapest is not None and soonest is not None
    assert taken(cheapest.offerings) and taken(soonest.offerings)
    assert sum(o.price_minor for o in cheapest.offerings) == min(
        sum(o.price_minor for o in c) for c in completing
    )

    def start(o: CatalogueOffering) -> date:
        return TODAY if o.self_paced else max(o.start_date or TODAY, TODAY)

    assert soonest.starts_by == min(max((start(o) for o in c), default=TODAY) for c in completing)


def test_a_wallet_with_many_choices_gets_a_good_answer_in_bounded_work() -> None:
    """Twelve groups drawing on the same ten achievements and forty credentials for them:
    too many placements to try them all, so the engine says its answer is not proven best,
    still counts each credential once, and takes bounded time."""
    refs = [f"r{i}" for i in range(10)]
    groups = [
        {
            "kind": "pool",
            "id": f"g{g}",
            "n": 2,
            "items": [{"ref": r, "ects": 2} for r in refs],
        }
        for g in range(12)
    ]
    rule = rule_of({"kind": "min_ects", "id": "root", "ects": 40, "children": groups})
    mine = [held(f"c{i}", refs[i % 10], 2, issuer=ISSUERS[i % 3]) for i in range(40)]
    started = time.process_time()
    result = progress(rule, mine, TODAY)
    assert time.process_time() - started < 3
    assert not result.exhaustive
    assert result.ects_counted == 80 and len(result.counted) == 40
    assert sum(node.satisfied for node in result.nodes.values()) == 13  # all 12 pools and the root
    catalogue = [course(f"x{i}", 2, 100, starts_in=5) for i in range(20_000)]
    started = time.process_time()
    ways_to_finish(rule, progress(rule, mine[:10], TODAY), catalogue)
    assert time.process_time() - started < 3


def test_the_offerings_worth_reading_are_those_under_unmet_nodes() -> None:
    mine = [held("c1", "sql"), held("c2", "python", 3), held("c3", "stats", 3)]
    now = progress(DATA_ANALYST, mine, TODAY)
    assert refs_to_finish(DATA_ANALYST, now) == {"lab-uw", "lab-pw", "lab-agh"}
