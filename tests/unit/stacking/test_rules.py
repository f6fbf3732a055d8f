"""The rule language: what staff may write, what the validator refuses, and in which words."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred_market.platform.errors import InvalidInput
from microcred_market.platform.i18n import t
from microcred_market.stacking import rules
from tests.unit.stacking.strategies import FACTS, REFS, rule_data, valid_rules

pytestmark = pytest.mark.stacking
FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def offering(node_id: str, ref: str) -> dict[str, Any]:
    ects = REFS[ref][0] if ref in REFS else Decimal(1)
    return {"kind": "offering", "id": node_id, "ref": ref, "ects": str(ects)}


def data(root: dict[str, Any]) -> dict[str, Any]:
    return {"version": 1, "root": root}


def problems(root: dict[str, Any], facts: rules.CatalogueFacts = FACTS) -> dict[str, str]:
    return {p.node_id: p.key for p in rules.validate(rules.parse(data(root)), facts)}


def words(root: dict[str, Any], lang: str) -> list[str]:
    found = rules.validate(rules.parse(data(root)), FACTS)
    return [t(p.key, lang, **p.params) for p in found]


# ---------------------------------------------------------------- reading and writing


@FAST
@given(rule_data())
def test_a_rule_reads_back_equal_from_its_json(document: dict[str, Any]) -> None:
    rule = rules.parse(document)
    text = json.dumps(rules.to_data(rule))
    assert rules.parse(json.loads(text)) == rule


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["kind", "id", "children", "child", "n", "ects", "ref", "items", "root"]
            )
            | st.text(max_size=4),
            inner,
            max_size=5,
        )
    ),
    max_leaves=30,
)
kinds = st.sampled_from(sorted(rules.KINDS))


@st.composite
def almost_rules(draw: st.DrawFn) -> Any:
    """Rule-shaped documents with a wrong value somewhere: the input an attacker would try."""
    document = draw(rule_data())
    node = document["root"]
    while draw(st.booleans()) and ("children" in node or "child" in node):
        node = node["child"] if "child" in node else draw(st.sampled_from(node["children"]))
    key = draw(st.sampled_from(sorted(node) + ["version"]))
    target = document if key == "version" else node
    target[key] = draw(json_values | kinds)
    return document


@FAST
@given(json_values | almost_rules())
def test_parse_refuses_anything_malformed_with_a_message_and_nothing_else(document: Any) -> None:
    try:
        rule = rules.parse(document)
    except InvalidInput as error:
        assert t(error.key, "en", **error.params) != error.key
        assert t(error.key, "pl", **error.params) != error.key
    else:
        rules.validate(rule, FACTS)  # a rule that reads is always safe to validate


def test_a_rule_nested_too_deep_or_too_wide_is_refused_before_any_work() -> None:
    deep: dict[str, Any] = offering("leaf", "a")
    for level in range(rules.MAX_DEPTH + 5):
        deep = {"kind": "all_of", "id": f"g{level}", "children": [deep]}
    with pytest.raises(InvalidInput) as caught:
        rules.parse(data(deep))
    assert caught.value.key == "error.stacking.rule_too_deep"

    wide = {
        "kind": "all_of",
        "id": "root",
        "children": [
            {
                "kind": "all_of",
                "id": f"g{i}",
                "children": [offering(f"o{i}-{j}", "a") for j in range(90)],
            }
            for i in range(10)
        ],
    }
    with pytest.raises(InvalidInput) as caught:
        rules.parse(data(wide))
    assert caught.value.key == "error.stacking.rule_too_many_nodes"
    assert "300" in caught.value.text("en")


def test_parse_says_where_in_the_rule_it_stopped() -> None:
    root = {"kind": "all_of", "id": "core", "children": [{"kind": "n_of", "id": "el", "n": "two"}]}
    with pytest.raises(InvalidInput) as caught:
        rules.parse(data(root))
    assert caught.value.text("en") == "el: children is missing."
    assert caught.value.text("pl") == "el: brakuje pola children."


# ---------------------------------------------------------------- the validator


def test_a_sound_rule_has_no_problems() -> None:
    root = {
        "kind": "all_of",
        "id": "root",
        "children": [
            offering("core", "c"),
            {
                "kind": "n_of",
                "id": "electives",
                "n": 2,
                "label": "electives",
                "children": [offering("e1", "a"), offering("e2", "b"), offering("e3", "d")],
            },
            {
                "kind": "min_ects",
                "id": "extra",
                "ects": 6,
                "children": [
                    {
                        "kind": "pool",
                        "id": "pool",
                        "items": [{"ref": "e", "ects": 4}, {"ref": "f", "ects": 6}],
                    }
                ],
            },
        ],
    }
    assert problems(root) == {}


def test_each_impossible_node_gets_its_own_message() -> None:
    root = {
        "kind": "all_of",
        "id": "root",
        "children": [
            {
                "kind": "n_of",
                "id": "electives",
                "n": 4,
                "children": [offering("e1", "a"), offering("e2", "b")],
            },
            {"kind": "min_ects", "id": "extra", "ects": 20, "children": [offering("x1", "c")]},
            {"kind": "min_eqf", "id": "level6", "level": 6, "child": offering("low", "a")},
            offering("ghost", "zz"),
            {"kind": "recency", "id": "recent", "years": 0, "child": offering("r", "e")},
            offering("e1", "f"),
        ],
    }
    assert problems(root) == {
        "electives": "error.stacking.rule_n_too_large",
        "e1": "error.stacking.rule_duplicate_id",
        "extra": "error.stacking.rule_ects_beyond",
        "low": "error.stacking.rule_below_level",
        "ghost": "error.stacking.rule_unknown_ref",
        "recent": "error.stacking.rule_years_range",
    }
    assert "Asks for 4 parts, but has only 2." in words(root, "en")
    assert "Wymaga 4 części, a ma tylko 2." in words(root, "pl")
    assert "Asks for 20 ECTS, but its parts give at most 5 ECTS." in words(root, "en")
    assert "Wymaga 20 ECTS, a jego części dają najwyżej 5 ECTS." in words(root, "pl")


def test_ects_in_messages_read_as_the_reader_writes_them() -> None:
    root = {"kind": "min_ects", "id": "m", "ects": "7.5", "children": [offering("o", "d")]}
    assert words(root, "en") == ["Asks for 7.5 ECTS, but its parts give at most 2.5 ECTS."]
    assert words(root, "pl") == ["Wymaga 7,5 ECTS, a jego części dają najwyżej 2,5 ECTS."]


def test_a_cycle_through_other_qualifications_is_refused() -> None:
    facts = rules.CatalogueFacts(
        achievements=FACTS.achievements,
        qualifications={
            "data-analyst": frozenset({"data-basics"}),
            "data-basics": frozenset({"ml"}),
            "ml": frozenset(),
        },
        slug="ml",
    )
    root = {
        "kind": "all_of",
        "id": "root",
        "children": [
            {"kind": "qualification", "id": "q", "ref": "data-analyst", "ects": 30},
            {"kind": "qualification", "id": "q2", "ref": "nowhere", "ects": 30},
        ],
    }
    found = {p.node_id: p for p in rules.validate(rules.parse(data(root)), facts)}
    assert found["q"].key == "error.stacking.rule_cycle"
    assert t(found["q"].key, "en", **found["q"].params) == (
        "The qualifications would need each other in a circle: ml → data-analyst → data-basics → ml."
    )
    assert found["q2"].key == "error.stacking.rule_unknown_qualification"
    assert rules.qualification_refs(rules.parse(data(root))) == {"data-analyst", "nowhere"}


IMPOSSIBLE = [
    "n_too_large",
    "n_zero",
    "ects_beyond",
    "duplicate_id",
    "unknown_ref",
    "ects_mismatch",
]


@st.composite
def broken_rules(draw: st.DrawFn) -> tuple[rules.Rule, str, str]:
    """A valid rule with one node made impossible, and the id and key the validator must give."""
    rule = draw(valid_rules())
    document = rules.to_data(rule)
    nodes = []
    stack = [document["root"]]
    while stack:
        node = stack.pop()
        nodes.append(node)
        stack.extend(node.get("children", []) + ([node["child"]] if "child" in node else []))
    how = draw(st.sampled_from(IMPOSSIBLE))
    fitting = {
        "n_too_large": [n for n in nodes if n["kind"] in ("n_of", "pool")],
        "n_zero": [n for n in nodes if n["kind"] in ("n_of", "pool")],
        "ects_beyond": [n for n in nodes if n["kind"] == "min_ects"],
        "duplicate_id": nodes[1:],
        "unknown_ref": [n for n in nodes if n["kind"] == "offering"],
        "ects_mismatch": [n for n in nodes if n["kind"] == "offering"],
    }[how]
    if not fitting:
        how, fitting = "duplicate_id", nodes
    node = draw(st.sampled_from(fitting))
    key = f"error.stacking.rule_{how}"
    if how == "n_too_large":
        size = len(node["children"]) if node["kind"] == "n_of" else len(node["items"])
        node["n"] = size + draw(st.integers(1, 3))
    elif how == "n_zero":
        node["n"], key = 0, "error.stacking.rule_n_too_small"
    elif how == "ects_beyond":
        child = rules.parse({"version": 1, "root": node})
        room = rules.capacity(child.root)
        if room is None:  # a recognised part can give any number: make the node empty instead
            node["children"], key = [], "error.stacking.rule_empty"
        else:
            node["ects"] = str(room + draw(st.integers(1, 5)))
    elif how == "duplicate_id":
        node["id"] = document["root"]["id"] if node is not document["root"] else node["id"]
        if node is document["root"]:
            node["kind"], node["children"] = "all_of", [dict(node, kind=node["kind"])]
    elif how == "unknown_ref":
        node["ref"] = "no-such-course"
    else:
        node["ects"] = str(Decimal(node["ects"]) + 1)
    return rules.parse(document), node["id"], key


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(broken_rules())
def test_every_impossible_rule_is_refused_on_the_node_that_is_wrong(
    case: tuple[rules.Rule, str, str],
) -> None:
    rule, node_id, key = case
    found = rules.validate(rule, FACTS)
    assert (node_id, key) in {(p.node_id, p.key) for p in found}
    assert len({p.node_id for p in found}) == len(found)  # one message per node


def test_prk_and_eqf_levels_correspond_one_to_one() -> None:
    assert [rules.PRK_TO_EQF[level] for level in range(1, 9)] == list(range(1, 9))
    good = rules.QualificationFacts(
        "data-analyst", 6, "uw", prk_level=6, zsk_code="12345", partial=True
    )
    assert rules.check_facts(good) == []
    wrong = rules.QualificationFacts("data-analyst", 6, "uw", prk_level=5)
    (problem,) = rules.check_facts(wrong)
    assert t(problem.key, "en", **problem.params) == "PRK level 5 corresponds to EQF level 5."
    assert t(problem.key, "pl", **problem.params) == "Poziom 5 PRK odpowiada poziomowi 5 ERK."
    assert (
        rules.check_facts(rules.QualificationFacts("x", 9, "uw"))[0].key
        == "error.stacking.eqf_level_range"
    )


def test_a_cap_per_university_limits_what_a_group_can_give() -> None:
    pool = {
        "kind": "pool",
        "id": "labs",
        "items": [{"ref": r, "ects": 4, "university": "uw"} for r in ("l1", "l2", "l3")]
        + [{"ref": "l4", "ects": 4}],  # of unknown university: counted as its own
    }
    capped = {
        "kind": "max_ects_per_university",
        "id": "cap",
        "cap": 5,
        "child": {"kind": "min_ects", "id": "need", "ects": 10, "children": [pool]},
    }
    found = rules.validate(rules.parse(data(capped)))
    assert [(p.node_id, p.key) for p in found] == [("need", "error.stacking.rule_ects_beyond")]
    assert t(found[0].key, "en", **found[0].params) == (
        "Asks for 10 ECTS, but its parts give at most 9 ECTS."
    )
    capped["child"]["ects"] = 9
    assert rules.validate(rules.parse(data(capped))) == []
    # The catalogue says who awards an offering the rule names without saying so.
    facts = rules.CatalogueFacts(
        achievements={f"l{i}": rules.AchievementFact(Decimal(4), 6, "uw") for i in range(1, 5)}
    )
    assert [p.key for p in rules.validate(rules.parse(data(capped)), facts)] == [
        "error.stacking.rule_ects_beyond"
    ]
