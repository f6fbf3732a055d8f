"""The rule language of qualifications: a tree stored as JSON, read back as frozen dataclasses.

Peers encode "pass 2 of 3 electives" in code (MIT's MicroMasters) or as an ordered course
list (Open edX programs); here a qualification's rule is data a university's staff write and
a validator checks before it is saved. A rule is a tree of nodes, each with a stable `id` so
recognition decisions ("this external credential stands for node `stats`") and progress
stay attached to the same node when the rule is edited:

    all_of      every child                     {"kind": "all_of", "children": [...]}
    n_of        n of the children ("electives") {"kind": "n_of", "n": 2, "label": "electives", ...}
    min_ects    at least `ects` ECTS from the credentials counted under it
    min_eqf     only parts at EQF `level` or above count under it ({"child": ...})
    recency     only parts earned within `years` years before the award count under it
    max_ects_per_university   at most `cap` ECTS from any one university count under it
    pool        credentials for any of several achievements, across universities (`items`)
    recognised  any credential that recognition has mapped to this node
    offering    one achievement: an offering slug or an achievement URL, with its ECTS
    qualification  another qualification held as a whole (a stacked credential)

The JSON is `{"version": 1, "root": node}`. `parse` reads it with hard limits (an attacker
may paste anything into the builder): it refuses malformed data with `InvalidInput` and
nothing else, and does a bounded amount of work. `validate` then says, once per node, what
makes a well-formed rule impossible or wrong against the catalogue (n of more parts than
there are, more ECTS than the parts can give, unknown references, repeated ids, cycles
through other qualifications). Both speak in locale keys; the pages translate them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeAlias

from microcred_market.platform.errors import InvalidInput

VERSION = 1
# Bounds of what `parse` reads at all; `validate` reports the same bounds per node for
# rules built in code. Real qualifications have a few dozen nodes, three or four levels.
MAX_DEPTH = 10
MAX_NODES = 300
MAX_CHILDREN = 100
MAX_POOL_ITEMS = 500
MAX_ECTS = Decimal(999)
MAX_YEARS = 50
MAX_TEXT = 200
MAX_REF = 500
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_REF = re.compile(r"[^\s\x00-\x1f\x7f]{1,500}")
# The group labels that have a translated, correctly declined phrase ("2 of 3 electives",
# "2 z 3 przedmiotów obieralnych"); any other label is shown as written ("Labs: 2 of 3").
GROUP_LABELS = ("parts", "electives", "core", "modules", "specialisations", "projects")


# ---------------------------------------------------------------- the nodes


@dataclass(frozen=True)
class Offering:
    """One achievement: a credential for it (or recognised as it) satisfies the node."""

    id: str
    ref: str  # an offering slug of this marketplace, or an achievement URL of any issuer
    ects: Decimal
    title: str = ""  # what pages show; the slug when empty


@dataclass(frozen=True)
class QualificationPart:
    """Another qualification held as a whole counts as one part of this one."""

    id: str
    ref: str  # the other qualification's slug
    ects: Decimal
    title: str = ""


@dataclass(frozen=True)
class PoolItem:
    ref: str
    ects: Decimal
    university: str = ""  # who awards it, for pages; matching goes by `ref`


@dataclass(frozen=True)
class Pool:
    """Credentials for any of these achievements count, `n` of them at least."""

    id: str
    items: tuple[PoolItem, ...]
    n: int = 1
    label: str = ""


@dataclass(frozen=True)
class Recognised:
    """Credentials that recognition mapped to this node, for at least `ects` ECTS (or one)."""

    id: str
    ects: Decimal = Decimal(0)
    label: str = ""


@dataclass(frozen=True)
class AllOf:
    id: str
    children: tuple[Node, ...]


@dataclass(frozen=True)
class NOf:
    id: str
    n: int
    children: tuple[Node, ...]
    label: str = ""


@dataclass(frozen=True)
class MinEcts:
    """At least `ects` ECTS from the credentials counted anywhere under it."""

    id: str
    ects: Decimal
    children: tuple[Node, ...]


@dataclass(frozen=True)
class MinEqf:
    id: str
    level: int
    child: Node


@dataclass(frozen=True)
class Recency:
    id: str
    years: int
    child: Node


@dataclass(frozen=True)
class MaxEctsPerUniversity:
    id: str
    cap: Decimal
    child: Node


Leaf: TypeAlias = Offering | QualificationPart | Pool | Recognised
Node: TypeAlias = AllOf | NOf | MinEcts | MinEqf | Recency | MaxEctsPerUniversity | Leaf
Wrapper: TypeAlias = MinEqf | Recency | MaxEctsPerUniversity


@dataclass(frozen=True)
class Rule:
    root: Node
    version: int = VERSION


KINDS: Mapping[str, type] = {
    "all_of": AllOf,
    "n_of": NOf,
    "min_ects": MinEcts,
    "min_eqf": MinEqf,
    "recency": Recency,
    "max_ects_per_university": MaxEctsPerUniversity,
    "pool": Pool,
    "recognised": Recognised,
    "offering": Offering,
    "qualification": QualificationPart,
}
_KIND_OF = {cls: kind for kind, cls in KINDS.items()}


def kind_of(node: Node) -> str:
    return _KIND_OF[type(node)]


def children_of(node: Node) -> tuple[Node, ...]:
    if isinstance(node, AllOf | NOf | MinEcts):
        return node.children
    if isinstance(node, MinEqf | Recency | MaxEctsPerUniversity):
        return (node.child,)
    return ()


def walk(node: Node) -> Iterator[tuple[Node, int]]:
    """Every node with its depth (the root is 1), parents before children, in order."""
    stack: list[tuple[Node, int]] = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        yield current, depth
        stack.extend((child, depth + 1) for child in reversed(children_of(current)))


# ---------------------------------------------------------------- qualification facts


# The Polish Qualifications Framework (Polska Rama Kwalifikacji, PRK) has eight levels
# (Act of 22 December 2015 on the Integrated Qualifications System, Dz.U. 2016 poz. 64,
# art. 7), and the Referencing Report of the PRK to the EQF (Educational Research
# Institute, adopted by the EQF Advisory Group in May 2013) relates them one to one:
# PRK level n is EQF level n. A table rather than an identity function, so a framework
# that does not map one to one can be added beside it.
PRK_TO_EQF: Mapping[int, int] = {level: level for level in range(1, 9)}
EQF_TO_PRK: Mapping[int, int] = {eqf: prk for prk, eqf in PRK_TO_EQF.items()}


@dataclass(frozen=True)
class QualificationFacts:
    """What a qualification is, beside its rule; the database layer fills it in.

    `zsk_code` is the qualification's code in the Integrated Qualifications Register
    (Zintegrowany Rejestr Kwalifikacji of the ZSK) where it is registered; `partial`
    marks a partial qualification (kwalifikacja cząstkowa), which pages must say so.
    """

    slug: str
    eqf_level: int
    awarding_university: str
    prk_level: int | None = None
    zsk_code: str | None = None
    partial: bool = False


@dataclass(frozen=True)
class AchievementFact:
    """What the catalogue knows about a reference a rule names."""

    ects: Decimal
    eqf_level: int | None = None
    university: str = ""  # who awards it, for the per-university cap


@dataclass(frozen=True)
class CatalogueFacts:
    """What `validate` checks references against.

    `achievements` maps each known reference (offering slugs, achievement URLs, external
    achievements recognition has seen) to its facts; `qualifications` maps each known
    qualification slug to the qualification slugs its own rule names, so a cycle through
    other qualifications is found; `slug` is the qualification being validated.
    """

    achievements: Mapping[str, AchievementFact] = field(default_factory=dict)
    qualifications: Mapping[str, frozenset[str]] = field(default_factory=dict)
    slug: str | None = None


@dataclass(frozen=True)
class Problem:
    """What is wrong with one node: a locale key and its parameters."""

    node_id: str
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


def check_facts(facts: QualificationFacts) -> list[Problem]:
    """Problems of the facts themselves, under the pseudo node id `qualification`."""
    where = "qualification"
    if not 1 <= facts.eqf_level <= 8:
        return [Problem(where, "error.stacking.eqf_level_range")]
    if facts.prk_level is not None:
        if facts.prk_level not in PRK_TO_EQF:
            return [Problem(where, "error.stacking.prk_level_range")]
        if PRK_TO_EQF[facts.prk_level] != facts.eqf_level:
            return [
                Problem(
                    where,
                    "error.stacking.prk_eqf_mismatch",
                    {"prk": facts.prk_level, "eqf": PRK_TO_EQF[facts.prk_level]},
                )
            ]
    if facts.zsk_code is not None and not re.fullmatch(r"[A-Za-z0-9./ -]{1,40}", facts.zsk_code):
        return [Problem(where, "error.stacking.zsk_code_invalid")]
    return []


# ---------------------------------------------------------------- parse and serialise


class _Reader:
    """Reads one document with a node budget, so no input makes it work without bound."""

    def __init__(self) -> None:
        self.nodes = 0
        self.items = 0

    def node(self, data: Any, where: str, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise InvalidInput("error.stacking.rule_too_deep", n=MAX_DEPTH)
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise InvalidInput("error.stacking.rule_too_many_nodes", n=MAX_NODES)
        if not isinstance(data, dict):
            raise InvalidInput("error.stacking.rule_not_object", where=where)
        node_id = data.get("id")
        if not isinstance(node_id, str) or not _ID.fullmatch(node_id):
            raise InvalidInput("error.stacking.rule_id_invalid", where=where)
        where = node_id
        kind = data.get("kind")
        if not isinstance(kind, str) or kind not in KINDS:
            raise InvalidInput(
                "error.stacking.rule_kind_unknown", where=where, kinds=", ".join(KINDS)
            )
        if kind in ("all_of", "n_of", "min_ects"):
            children = self.children(data, where, depth)
            if kind == "all_of":
                return AllOf(node_id, children)
            if kind == "n_of":
                return NOf(node_id, _count(data, "n", where), children, _label(data, where))
            return MinEcts(node_id, _ects(data, "ects", where), children)
        if kind in ("min_eqf", "recency", "max_ects_per_university"):
            if "child" not in data:
                raise InvalidInput("error.stacking.rule_field_missing", where=where, field="child")
            child = self.node(data["child"], f"{where}.child", depth + 1)
            if kind == "min_eqf":
                return MinEqf(node_id, _count(data, "level", where), child)
            if kind == "recency":
                return Recency(node_id, _count(data, "years", where), child)
            return MaxEctsPerUniversity(node_id, _ects(data, "cap", where), child)
        if kind == "pool":
            return Pool(
                node_id,
                self.pool_items(data, where),
                _count(data, "n", where, default=1),
                _label(data, where),
            )
        if kind == "recognised":
            return Recognised(
                node_id, _ects(data, "ects", where, default=Decimal(0)), _label(data, where)
            )
        leaf = Offering if kind == "offering" else QualificationPart
        return leaf(
            node_id,
            _ref(data.get("ref"), where),
            _ects(data, "ects", where),
            _label(data, where, "title"),
        )

    def children(self, data: dict[str, Any], where: str, depth: int) -> tuple[Node, ...]:
        children = data.get("children")
        if not isinstance(children, list):
            raise InvalidInput("error.stacking.rule_field_missing", where=where, field="children")
        if len(children) > MAX_CHILDREN:
            raise InvalidInput("error.stacking.rule_too_many_parts", where=where, n=MAX_CHILDREN)
        return tuple(
            self.node(child, f"{where}.children[{i}]", depth + 1)
            for i, child in enumerate(children)
        )

    def pool_items(self, data: dict[str, Any], where: str) -> tuple[PoolItem, ...]:
        items = data.get("items")
        if not isinstance(items, list):
            raise InvalidInput("error.stacking.rule_field_missing", where=where, field="items")
        self.items += len(items)
        if self.items > MAX_POOL_ITEMS:
            raise InvalidInput("error.stacking.rule_too_many_parts", where=where, n=MAX_POOL_ITEMS)
        read = []
        for item in items:
            if not isinstance(item, dict):
                raise InvalidInput("error.stacking.rule_field_invalid", where=where, field="items")
            university = item.get("university", "")
            if not isinstance(university, str) or len(university) > MAX_TEXT:
                raise InvalidInput(
                    "error.stacking.rule_field_invalid", where=where, field="university"
                )
            read.append(
                PoolItem(_ref(item.get("ref"), where), _ects(item, "ects", where), university)
            )
        return tuple(read)


def _ref(value: Any, where: str) -> str:
    if not isinstance(value, str) or not _REF.fullmatch(value):
        raise InvalidInput("error.stacking.rule_field_invalid", where=where, field="ref")
    return value


def _count(data: dict[str, Any], name: str, where: str, default: int | None = None) -> int:
    value = data.get(name, default)
    # bool is an int in Python, and JSON's true is no count.
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10_000:
        raise InvalidInput("error.stacking.rule_field_invalid", where=where, field=name)
    return value


def _ects(data: dict[str, Any], name: str, where: str, default: Decimal | None = None) -> Decimal:
    value = data.get(name, default)
    number: Decimal | None = None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, float) and math.isfinite(value):
        number = Decimal(repr(value))
    elif isinstance(value, str) and len(value) <= 12:
        try:
            number = Decimal(value)
        except InvalidOperation:
            number = None
    if (
        number is None
        or not number.is_finite()
        or not Decimal(0) <= number <= MAX_ECTS
        or number != number.quantize(Decimal("0.01"))
    ):
        raise InvalidInput("error.stacking.rule_field_invalid", where=where, field=name)
    return number


def _label(data: dict[str, Any], where: str, name: str = "label") -> str:
    value = data.get(name, "")
    if not isinstance(value, str) or len(value) > MAX_TEXT or not value.isprintable():
        raise InvalidInput("error.stacking.rule_field_invalid", where=where, field=name)
    return value.strip()


def parse(data: Any) -> Rule:
    """The rule in `data` (parsed JSON), or `InvalidInput` saying where it is malformed."""
    if not isinstance(data, dict):
        raise InvalidInput("error.stacking.rule_not_object", where="rule")
    if data.get("version", VERSION) != VERSION or isinstance(data.get("version"), bool):
        raise InvalidInput("error.stacking.rule_version", version=VERSION)
    if "root" not in data:
        raise InvalidInput("error.stacking.rule_field_missing", where="rule", field="root")
    return Rule(_Reader().node(data["root"], "root", 1))


def _number(value: Decimal) -> str:
    return format(value.normalize(), "f")


def node_to_data(node: Node) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": kind_of(node), "id": node.id}
    if isinstance(node, AllOf | NOf | MinEcts):
        if isinstance(node, NOf):
            data["n"] = node.n
            if node.label:
                data["label"] = node.label
        if isinstance(node, MinEcts):
            data["ects"] = _number(node.ects)
        data["children"] = [node_to_data(child) for child in node.children]
    elif isinstance(node, MinEqf):
        data |= {"level": node.level, "child": node_to_data(node.child)}
    elif isinstance(node, Recency):
        data |= {"years": node.years, "child": node_to_data(node.child)}
    elif isinstance(node, MaxEctsPerUniversity):
        data |= {"cap": _number(node.cap), "child": node_to_data(node.child)}
    elif isinstance(node, Pool):
        data["n"] = node.n
        if node.label:
            data["label"] = node.label
        data["items"] = [
            {"ref": i.ref, "ects": _number(i.ects)}
            | ({"university": i.university} if i.university else {})
            for i in node.items
        ]
    elif isinstance(node, Recognised):
        data["ects"] = _number(node.ects)
        if node.label:
            data["label"] = node.label
    else:
        data |= {"ref": node.ref, "ects": _number(node.ects)}
        if node.title:
            data["title"] = node.title
    return data


def to_data(rule: Rule) -> dict[str, Any]:
    """The JSON-serialisable form that `parse` reads back to an equal rule."""
    return {"version": rule.version, "root": node_to_data(rule.root)}


# ---------------------------------------------------------------- validate


def capacity(
    node: Node, facts: CatalogueFacts | None = None, cap: Decimal | None = None
) -> Decimal | None:
    """The most ECTS the node can ever count, or None when unbounded (recognition).

    Under a per-university cap (`cap`, or one inside the node) a university gives at most
    the cap, so the universities of the parts matter: a pool item says its own, the
    catalogue facts say an offering's, and a part of unknown university counts as one of
    its own (which can only overstate what is reachable, never refuse a possible rule).
    """
    reach = _reach(node, facts or CatalogueFacts(), cap)
    return None if reach is None else sum(reach.values(), Decimal(0))


def _reach(node: Node, facts: CatalogueFacts, cap: Decimal | None) -> dict[str, Decimal] | None:
    if isinstance(node, Recognised):
        return None
    parts: dict[str, Decimal] = {}
    if isinstance(node, Offering | QualificationPart | Pool):
        items = node.items if isinstance(node, Pool) else (PoolItem(node.ref, node.ects),)
        for item in items:
            fact = facts.achievements.get(item.ref)
            university = item.university or (fact.university if fact else "") or f"?{item.ref}"
            parts[university] = parts.get(university, Decimal(0)) + item.ects
    else:
        if isinstance(node, MaxEctsPerUniversity):
            cap = node.cap if cap is None else min(cap, node.cap)
        for child in children_of(node):
            reach = _reach(child, facts, cap)
            if reach is None:
                return None
            for university, ects in reach.items():
                parts[university] = parts.get(university, Decimal(0)) + ects
    if cap is not None:
        parts = {university: min(ects, cap) for university, ects in parts.items()}
    return parts


def references(node: Node) -> Iterator[tuple[Node, str]]:
    """Every achievement reference under `node` with the node that names it."""
    for current, _ in walk(node):
        if isinstance(current, Offering):
            yield current, current.ref
        elif isinstance(current, Pool):
            for item in current.items:
                yield current, item.ref


def qualification_refs(rule: Rule) -> frozenset[str]:
    """The qualifications this rule names, for the cycle check of the ones that name it."""
    return frozenset(n.ref for n, _ in walk(rule.root) if isinstance(n, QualificationPart))


def _cycle(start: str, facts: CatalogueFacts) -> list[str] | None:
    """A path of qualification slugs from `start` back to `facts.slug`, if there is one."""
    target = facts.slug
    if target is None:
        return None
    if start == target:
        return [start]
    seen = {start}
    stack: list[list[str]] = [[start]]
    while stack:
        path = stack.pop()
        for following in sorted(facts.qualifications.get(path[-1], frozenset())):
            if following == target:
                return [*path, following]
            if following not in seen:
                seen.add(following)
                stack.append([*path, following])
    return None


# Records a node's problem unless the node has one already (one message per node).
_Report = Callable[..., None]


def validate(rule: Rule, facts: CatalogueFacts | None = None) -> list[Problem]:
    """Every node's first problem, in tree order; an empty list means the rule can be saved."""
    facts = facts or CatalogueFacts()
    found: dict[str, Problem] = {}
    seen_ids: set[str] = set()

    def report(node: Node, key: str, **params: Any) -> None:
        found.setdefault(node.id, Problem(node.id, key, params))

    count = 0
    minimum_levels: dict[int, int] = {}  # id(node) -> the EQF minimum set above it
    caps_above: dict[int, Decimal] = {}  # id(node) -> the per-university cap above it
    for node, depth in walk(rule.root):
        count += 1
        if node.id in seen_ids:
            # Two nodes share the id, so a message "on that node" would be ambiguous: the
            # repeated id is what to fix first, and it replaces anything else said there.
            found[node.id] = Problem(node.id, "error.stacking.rule_duplicate_id", {"id": node.id})
            continue
        seen_ids.add(node.id)
        if depth > MAX_DEPTH:
            report(node, "error.stacking.rule_too_deep", n=MAX_DEPTH)
            continue
        if count > MAX_NODES:
            report(node, "error.stacking.rule_too_many_nodes", n=MAX_NODES)
            break
        minimum = minimum_levels.get(id(node), 0)
        cap = caps_above.get(id(node))
        for child in children_of(node):
            minimum_levels[id(child)] = max(minimum, node.level if isinstance(node, MinEqf) else 0)
            if isinstance(node, MaxEctsPerUniversity):
                caps_above[id(child)] = node.cap if cap is None else min(cap, node.cap)
            elif cap is not None:
                caps_above[id(child)] = cap
        _check_node(node, facts, minimum, cap, report)
    return list(found.values())


def _check_node(
    node: Node, facts: CatalogueFacts, minimum: int, cap: Decimal | None, report: _Report
) -> None:
    children = children_of(node)
    if isinstance(node, AllOf | NOf | MinEcts) and not children:
        report(node, "error.stacking.rule_empty")
        return
    if isinstance(node, Pool) and not node.items:
        report(node, "error.stacking.rule_empty")
        return
    if isinstance(node, NOf | Pool):
        size = len(children) if isinstance(node, NOf) else len({i.ref for i in node.items})
        if node.n < 1:
            report(node, "error.stacking.rule_n_too_small")
        elif node.n > size:
            report(node, "error.stacking.rule_n_too_large", n=node.n, count=size)
    if isinstance(node, MinEcts):
        available = capacity(node, facts, cap)
        if node.ects <= 0:
            report(node, "error.stacking.rule_ects_zero")
        elif available is not None and node.ects > available:
            report(node, "error.stacking.rule_ects_beyond", needed=node.ects, available=available)
    if isinstance(node, MinEqf) and not 1 <= node.level <= 8:
        report(node, "error.stacking.eqf_level_range")
    if isinstance(node, Recency) and not 1 <= node.years <= MAX_YEARS:
        report(node, "error.stacking.rule_years_range", n=MAX_YEARS)
    if isinstance(node, MaxEctsPerUniversity) and node.cap <= 0:
        report(node, "error.stacking.rule_cap_zero")
    if isinstance(node, AllOf | NOf | MinEcts):
        refs = [c.ref for c in children if isinstance(c, Offering)]
        for child in children:
            if isinstance(child, Offering) and refs.count(child.ref) > 1:
                report(child, "error.stacking.rule_ref_repeated", ref=child.ref)
                refs.remove(child.ref)
    if isinstance(node, Offering | Pool):
        _check_refs(node, facts, minimum, report)
    if isinstance(node, QualificationPart):
        if facts.qualifications and node.ref not in facts.qualifications:
            report(node, "error.stacking.rule_unknown_qualification", ref=node.ref)
        elif (path := _cycle(node.ref, facts)) is not None:
            report(node, "error.stacking.rule_cycle", path=" → ".join([str(facts.slug), *path]))


def _check_refs(
    node: Offering | Pool, facts: CatalogueFacts, minimum: int, report: _Report
) -> None:
    items = [PoolItem(node.ref, node.ects)] if isinstance(node, Offering) else list(node.items)
    refs = [item.ref for item in items]
    for item in items:
        if refs.count(item.ref) > 1:
            report(node, "error.stacking.rule_ref_repeated", ref=item.ref)
        if not facts.achievements:
            continue  # nothing to check against (a rule checked on its own)
        fact = facts.achievements.get(item.ref)
        if fact is None:
            report(node, "error.stacking.rule_unknown_ref", ref=item.ref)
        elif fact.ects != item.ects:
            report(
                node,
                "error.stacking.rule_ects_mismatch",
                ref=item.ref,
                catalogue=fact.ects,
                rule=item.ects,
            )
        elif minimum and fact.eqf_level is not None and fact.eqf_level < minimum:
            report(
                node,
                "error.stacking.rule_below_level",
                ref=item.ref,
                level=fact.eqf_level,
                minimum=minimum,
            )
