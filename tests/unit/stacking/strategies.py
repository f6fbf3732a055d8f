"""Hypothesis strategies shared by the rule and progress tests: small rule trees over a few
achievements, so that generated credentials often meet the nodes that name them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from microcred_market.stacking import rules

# Each achievement has one workload and one level, as the catalogue would say.
REFS: dict[str, tuple[Decimal, int]] = {
    "a": (Decimal(2), 4),
    "b": (Decimal(3), 5),
    "c": (Decimal(5), 6),
    "d": (Decimal("2.5"), 6),
    "e": (Decimal(4), 7),
    "f": (Decimal(6), 5),
}
FACTS = rules.CatalogueFacts(
    achievements={ref: rules.AchievementFact(ects, eqf) for ref, (ects, eqf) in REFS.items()}
)
ref_names = st.sampled_from(sorted(REFS))


def _leaf(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["offering", "offering", "pool", "recognised"]))
    if kind == "offering":
        ref = draw(ref_names)
        return {"kind": "offering", "ref": ref, "ects": str(REFS[ref][0])}
    if kind == "pool":
        refs = draw(st.lists(ref_names, min_size=1, max_size=3, unique=True))
        return {
            "kind": "pool",
            "n": draw(st.integers(1, len(refs))),
            "items": [{"ref": r, "ects": str(REFS[r][0])} for r in refs],
        }
    return {"kind": "recognised", "ects": draw(st.sampled_from(["0", "2", "3"]))}


def _capacity(data: dict[str, Any]) -> Decimal | None:
    kind = data["kind"]
    if kind == "offering":
        return Decimal(data["ects"])
    if kind == "pool":
        return sum((Decimal(i["ects"]) for i in data["items"]), Decimal(0))
    if kind == "recognised":
        return None
    total = Decimal(0)
    for child in data.get("children", [data.get("child")]):
        part = _capacity(child)
        if part is None:
            return None
        total += part
    return total


@st.composite
def node_data(draw: st.DrawFn, depth: int = 3) -> dict[str, Any]:
    if depth <= 1 or draw(st.integers(0, 3)) == 0:
        return _leaf(draw)
    kind = draw(
        st.sampled_from(
            ["all_of", "n_of", "min_ects", "min_eqf", "recency", "max_ects_per_university"]
        )
    )
    if kind in ("min_eqf", "recency", "max_ects_per_university"):
        child = draw(node_data(depth - 1))
        choices: dict[str, dict[str, Any]] = {
            "min_eqf": {"level": draw(st.integers(1, 6))},
            "recency": {"years": draw(st.integers(1, 5))},
            "max_ects_per_university": {"cap": str(draw(st.integers(2, 10)))},
        }
        return {"kind": kind, **choices[kind], "child": child}
    children = draw(st.lists(node_data(depth - 1), min_size=1, max_size=3))
    data: dict[str, Any] = {"kind": kind, "children": children}
    if kind == "n_of":
        data["n"] = draw(st.integers(1, len(children)))
        data["label"] = draw(st.sampled_from(["", "electives", "Labs"]))
    if kind == "min_ects":
        room = _capacity(data)
        top = int(room) if room is not None else 12
        data["ects"] = str(draw(st.integers(1, max(1, top))))
    return data


def stamp_ids(data: dict[str, Any]) -> dict[str, Any]:
    """Give every node a unique id in tree order (n0 is the root)."""
    counter = iter(range(10_000))

    def go(node: dict[str, Any]) -> dict[str, Any]:
        out = {**node, "id": f"n{next(counter)}"}
        if "children" in node:
            out["children"] = [go(c) for c in node["children"]]
        if "child" in node:
            out["child"] = go(node["child"])
        return out

    return go(data)


@st.composite
def rule_data(draw: st.DrawFn, depth: int = 3) -> dict[str, Any]:
    return {"version": 1, "root": stamp_ids(draw(node_data(depth)))}


@st.composite
def valid_rules(draw: st.DrawFn, depth: int = 3) -> rules.Rule:
    """A rule that validates: min_ects within reach, n within its group, no repeated refs."""
    rule = rules.parse(draw(rule_data(depth)))
    from hypothesis import assume

    assume(not rules.validate(rule, FACTS))
    return rule
