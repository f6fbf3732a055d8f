"""How far a learner is from a qualification, and the cheapest and soonest ways to finish.

Pure: a rule (see `rules`), the learner's credentials as plain data and today's date in,
plain data out, so pages, mail, the benchmark and the property tests all ask the same
function. The database layer turns credentials (ours, imported, recognised) into
`HeldCredential` and offerings into `CatalogueOffering`.

Each credential counts once in the whole tree. Where a credential could fill several
places (an offering named in two groups, a pool that overlaps an elective list, a
recognition next to a direct match), the engine tries the placements and keeps the best
one, judged in this order: the whole rule satisfied, then as many nodes satisfied as
possible, then as many ECTS counted at the top, then in total. The search is exact when
the choices multiply to at most `MAX_PLACEMENTS` placements (a real wallet has a choice
for a few credentials at most); beyond that it improves a greedy placement group by group
within the same budget and says so (`exhaustive=False`), so no wallet makes it work
without bound. Credentials are put in a canonical order first: the answer does not depend
on the order they are given in. Sums run in integer hundredths of ECTS (rules allow two
decimals), several times faster than Decimal in a search that evaluates many placements.

The ways to finish are a branch and bound over sets of open offerings that a missing node
names, with the learner's credentials left where they count (placed anew only when that
falls short, a few times), bounded by `MAX_WAYS_TRIED` sets.

Only active credentials count: revoked, suspended and expired ones never do, nor one
issued after the day it is judged on.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from microcred_market.platform.i18n import Phrase, Phrases, t
from microcred_market.stacking.rules import (
    GROUP_LABELS,
    AllOf,
    MaxEctsPerUniversity,
    MinEcts,
    MinEqf,
    Node,
    NOf,
    Offering,
    Pool,
    QualificationPart,
    Recency,
    Recognised,
    Rule,
    children_of,
    kind_of,
)

STATUSES = ("active", "revoked", "suspended", "expired")
# Complete placements tried per answer; real wallets have a choice for a few credentials
# at most, so this is reached only by a constructed worst case.
MAX_PLACEMENTS = 2000
# Sets of offerings tried per way to finish, offerings considered for it, and placements
# tried per set (the learner's own credentials rarely need a new placement for a set).
MAX_WAYS_TRIED = 300
MAX_CANDIDATES = 30
MAX_REPLACEMENTS = 20
WAY_PLACEMENTS = 8
ZERO = Decimal(0)


# ---------------------------------------------------------------- input and output


@dataclass(frozen=True)
class Recognition:
    """Recognition staff decided this credential stands for `node_id`, worth `ects`."""

    node_id: str
    ects: Decimal
    # The qualification whose rule tree `node_id` belongs to: node ids mean something
    # only inside one tree, so a recognition never counts under another qualification.
    qualification_id: int | None = None


@dataclass(frozen=True)
class HeldCredential:
    id: str
    achievement_id: str  # the achievement's id (offering URL, or another issuer's URL)
    issuer: str  # the awarding university, for the per-university cap
    ects: Decimal
    eqf_level: int | None
    issued: date
    status: str = "active"
    recognised: tuple[Recognition, ...] = ()
    offering_slug: str | None = None  # for our own offerings: rules may name the slug


@dataclass(frozen=True)
class NodeProgress:
    node_id: str
    kind: str
    satisfied: bool
    ects_counted: Decimal
    ects_needed: Decimal
    # n_of: children satisfied; pool: achievements held; both against how many are needed.
    parts_done: int | None
    parts_needed: int | None
    credentials: tuple[str, ...]  # ids of the credentials counted at this node itself
    missing: tuple[Phrase, ...]


@dataclass(frozen=True)
class Progress:
    satisfied: bool
    ects_counted: Decimal
    ects_needed: Decimal
    nodes: Mapping[str, NodeProgress]  # in tree order, the root first
    counted: Mapping[str, str]  # credential id -> the node it counts at
    missing: Phrases
    today: date
    award_date: date
    credentials: tuple[HeldCredential, ...] = ()
    exhaustive: bool = True

    @property
    def root(self) -> NodeProgress:
        return next(iter(self.nodes.values()))


@dataclass(frozen=True)
class CatalogueOffering:
    slug: str
    ects: Decimal
    price_minor: int
    currency: str
    start_date: date | None
    seats_left: int | None  # None: no limit
    self_paced: bool
    url: str = ""  # the achievement id its credential will carry
    university: str = ""
    eqf_level: int | None = None
    title: str = ""


@dataclass(frozen=True)
class Way:
    """A set of offerings that would complete the rule, with what it costs and when."""

    offerings: tuple[CatalogueOffering, ...]
    prices: tuple[tuple[str, int], ...]  # (currency, total in minor units), by currency
    starts_by: date  # the day the last of them starts (today for self-paced ones)
    ects: Decimal


def missing_text(progress: Progress, lang: str) -> str:
    """ "2 of 3 electives; 4 of 6 ECTS still needed" in the reader's language."""
    return progress.missing.separator.join(
        t(phrase.key, lang, **phrase.params) for phrase in progress.missing.items
    )


# ---------------------------------------------------------------- the compiled rule

_Key = tuple[int, str]  # (leaf index, place in it): one credential per key


@dataclass
class _Leaf:
    index: int
    node: Offering | QualificationPart | Pool | Recognised
    min_level: int
    years: int | None
    path: tuple[int, ...]  # the numbers of the nodes above it, the root first, and its own


@dataclass
class _Engine:
    rule: Rule
    nodes: list[Node] = field(default_factory=list)
    leaves: dict[int, _Leaf] = field(default_factory=dict)
    by_ref: dict[str, list[tuple[int, _Key]]] = field(default_factory=dict)
    by_node_id: dict[str, int] = field(default_factory=dict)
    index_of: dict[int, int] = field(default_factory=dict)  # id(node) -> index
    # Per node number, for `_evaluate`: its kind, children, cap in force (hundredths),
    # threshold (n of a group or pool, ECTS in hundredths), and ECTS needed for pages.
    kind: list[int] = field(default_factory=list)
    kids: list[list[int]] = field(default_factory=list)
    cap: list[int | None] = field(default_factory=list)
    threshold: list[int] = field(default_factory=list)
    needed: dict[int, Decimal] = field(default_factory=dict)

    def compile(self) -> None:
        caps: dict[int, int | None] = {0: None}
        for index, node in enumerate(self.nodes):
            cap = caps[index]
            if isinstance(node, MaxEctsPerUniversity):
                own = _hundredths(node.cap)
                cap = own if cap is None else min(cap, own)
            children = [self.index_of[id(child)] for child in children_of(node)]
            for child in children:
                caps[child] = cap
            self.kids.append(children)
            self.cap.append(cap)
            if isinstance(node, Offering | QualificationPart):
                self.kind.append(_SINGLE)
                self.threshold.append(0)
            elif isinstance(node, Pool):
                self.kind.append(_POOL)
                self.threshold.append(node.n)
            elif isinstance(node, Recognised):
                self.kind.append(_RECOGNISED)
                self.threshold.append(_hundredths(node.ects))
            elif isinstance(node, AllOf):
                self.kind.append(_ALL)
                self.threshold.append(0)
            elif isinstance(node, NOf):
                self.kind.append(_N_OF)
                self.threshold.append(node.n)
            elif isinstance(node, MinEcts):
                self.kind.append(_MIN_ECTS)
                self.threshold.append(_hundredths(node.ects))
            else:
                self.kind.append(_WRAPPER)
                self.threshold.append(0)
        for index in range(len(self.nodes) - 1, -1, -1):
            self.needed[index] = _needed(self.nodes[index], self.needed, self.index_of)

    def build(
        self, node: Node, min_level: int, years: int | None, path: tuple[int, ...] = ()
    ) -> None:
        index = len(self.nodes)
        path = (*path, index)
        self.nodes.append(node)
        self.index_of[id(node)] = index
        if isinstance(node, MinEqf):
            min_level = max(min_level, node.level)
        if isinstance(node, Recency):
            years = node.years if years is None else min(years, node.years)
        if isinstance(node, Offering | QualificationPart | Pool | Recognised):
            self.leaves[index] = _Leaf(index, node, min_level, years, path)
            self.by_node_id.setdefault(node.id, index)
            if isinstance(node, Offering | QualificationPart):
                self.by_ref.setdefault(node.ref, []).append((index, (index, "")))
            elif isinstance(node, Pool):
                for item in dict.fromkeys(i.ref for i in node.items):
                    self.by_ref.setdefault(item, []).append((index, (index, item)))
        for child in children_of(node):
            self.build(child, min_level, years, path)

    def options(self, credential: HeldCredential, award: date) -> list[tuple[_Key, int]]:
        """Where the credential may count, with the ECTS (hundredths) it would bring there."""
        found: dict[_Key, int] = {}
        names = {credential.achievement_id, credential.offering_slug} - {None, ""}
        for name in sorted(n for n in names if n is not None):
            for index, key in self.by_ref.get(name, ()):
                if self.passes(self.leaves[index], credential, award, recognised=False):
                    found[key] = max(found.get(key, 0), _hundredths(credential.ects))
        for recognition in credential.recognised:
            index = self.by_node_id.get(recognition.node_id, -1)
            leaf = self.leaves.get(index)
            if leaf is None or not self.passes(leaf, credential, award, recognised=True):
                continue
            key = (
                (index, "")
                if isinstance(leaf.node, Offering | QualificationPart)
                else (
                    index,
                    f"recognised:{credential.id}",
                )
            )
            found[key] = max(found.get(key, 0), _hundredths(recognition.ects))
        return sorted(found.items())

    @staticmethod
    def passes(leaf: _Leaf, credential: HeldCredential, award: date, recognised: bool) -> bool:
        if leaf.years is not None and not (
            _years_before(award, leaf.years) <= credential.issued <= award
        ):
            return False
        if leaf.min_level and credential.eqf_level is None:
            return recognised  # staff who recognised it judged its level
        return credential.eqf_level is None or credential.eqf_level >= leaf.min_level


@functools.lru_cache(maxsize=512)
def _engine(rule: Rule) -> _Engine:
    engine = _Engine(rule)
    engine.build(rule.root, 0, None)
    engine.compile()
    return engine


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


# ---------------------------------------------------------------- evaluating one placement

# Where each credential counts, and the ECTS it brings there in hundredths: the search
# evaluates many placements, and integer sums are several times faster than Decimal ones.
_Placement = Mapping[_Key, tuple[HeldCredential, int]]
_SINGLE, _POOL, _RECOGNISED, _ALL, _N_OF, _MIN_ECTS, _WRAPPER = range(7)


def _hundredths(value: Decimal) -> int:
    return int((value * 100).to_integral_value(ROUND_HALF_UP))


def _ects(hundredths: int) -> Decimal:
    return Decimal(hundredths) / 100


@dataclass
class _Evaluation:
    satisfied: list[bool]
    total: list[int]  # ECTS counted under each node, in hundredths, after any cap
    done: list[int]  # children satisfied (groups) or credentials held (leaves)

    def score(self) -> tuple[bool, int, int, int]:
        return (self.satisfied[0], sum(self.satisfied), self.total[0], sum(self.total))


def _evaluate(engine: _Engine, placement: _Placement) -> _Evaluation:
    """Every node under the placement. Nodes are numbered parents before children, so
    walking the numbers backwards meets every child before its parent."""
    size = len(engine.nodes)
    here: dict[int, list[tuple[HeldCredential, int]]] = {}
    for (index, _), entry in placement.items():
        here.setdefault(index, []).append(entry)
    satisfied = [False] * size
    total = [0] * size
    done = [0] * size
    issuers: list[dict[str, int] | None] = [None] * size
    kinds, kids, caps, needs = engine.kind, engine.kids, engine.cap, engine.threshold
    for index in range(size - 1, -1, -1):
        kind, cap = kinds[index], caps[index]
        if kind <= _RECOGNISED:
            entries = here.get(index, ())
            if cap is None:
                counted = sum(credit for _, credit in entries)
            else:
                mine: dict[str, int] = {}
                for credential, credit in entries:
                    mine[credential.issuer] = mine.get(credential.issuer, 0) + credit
                issuers[index] = mine = {k: min(v, cap) for k, v in mine.items()}
                counted = sum(mine.values())
            held = len(entries)
            if kind == _SINGLE:
                met = held > 0
            elif kind == _POOL:
                met = held >= needs[index]
            else:
                met = counted >= needs[index] if needs[index] > 0 else held > 0
        else:
            children = kids[index]
            if cap is None:
                counted = sum(total[c] for c in children)
            else:
                merged: dict[str, int] = {}
                for child in children:
                    for issuer, credit in (issuers[child] or {}).items():
                        merged[issuer] = merged.get(issuer, 0) + credit
                issuers[index] = merged = {k: min(v, cap) for k, v in merged.items()}
                counted = sum(merged.values())
            held = sum(1 for c in children if satisfied[c])
            if kind == _ALL:
                met = held == len(children)
            elif kind == _N_OF:
                met = held >= needs[index]
            elif kind == _MIN_ECTS:
                met = counted >= needs[index]
            else:  # the wrappers: their child, the filters already applied to the places
                met = satisfied[children[0]]
        satisfied[index], total[index], done[index] = met, counted, held
    return _Evaluation(satisfied, total, done)


def _needed(node: Node, needed: Mapping[int, Decimal], index_of: Mapping[int, int]) -> Decimal:
    """ECTS the node needs at least: a group its cheapest n, an ECTS node its minimum."""
    if isinstance(node, Offering | QualificationPart | Recognised | MinEcts):
        return node.ects
    if isinstance(node, Pool):
        return sum(sorted(item.ects for item in node.items)[: node.n], ZERO)
    parts = sorted(needed[index_of[id(child)]] for child in children_of(node))
    if isinstance(node, NOf):
        parts = parts[: node.n]
    return sum(parts, ZERO)


# ---------------------------------------------------------------- placing the credentials


def _canonical(credential: HeldCredential) -> tuple[Any, ...]:
    return (
        credential.id,
        credential.achievement_id,
        credential.issuer,
        credential.ects,
        credential.issued,
        credential.eqf_level or 0,
        credential.offering_slug or "",
        tuple(sorted((r.node_id, r.ects) for r in credential.recognised)),
    )


def _counts(credential: HeldCredential, today: date) -> bool:
    return credential.status == "active" and credential.issued <= today


def _place(
    engine: _Engine,
    credentials: list[HeldCredential],
    award: date,
    budget: int = MAX_PLACEMENTS,
    known: Mapping[str, list[tuple[_Key, int]]] | None = None,
) -> tuple[dict[_Key, tuple[HeldCredential, int]], bool]:
    """The best placement found, and whether it is the best of all placements.

    Exact reductions first: of credentials that are interchangeable (same university, same
    places, same ECTS there) no more are kept than there are places; a credential only one
    place wants, and that wants only it, is placed; leaving a credential out is tried only
    when each of its places is wanted by another. The rest is searched together when the
    choices multiply to at most `budget` placements; otherwise each group of credentials
    that compete for places is searched in turn with the others held where they are (a
    good answer, `exhaustive=False`), starting from each taking its first free place.
    """
    known = known or {}
    options = {
        c.id: known[c.id] if c.id in known else engine.options(c, award) for c in credentials
    }
    kept: list[HeldCredential] = []
    alike: dict[tuple[Any, ...], int] = {}
    for credential in credentials:
        mine = options[credential.id]
        same = (credential.issuer, tuple(mine))
        if mine and alike.get(same, 0) < len(mine):
            alike[same] = alike.get(same, 0) + 1
            kept.append(credential)
    wanted: dict[_Key, int] = {}
    for credential in kept:
        for key, _ in options[credential.id]:
            wanted[key] = wanted.get(key, 0) + 1
    current: dict[_Key, tuple[HeldCredential, int]] = {}
    choosing: list[HeldCredential] = []
    for credential in kept:
        mine = options[credential.id]
        if len(mine) == 1 and wanted[mine[0][0]] == 1:
            current[mine[0][0]] = (credential, mine[0][1])
        else:
            choosing.append(credential)
    if not choosing:
        return current, True
    # Places nobody else wants first: the greedy start and the ties prefer them.
    choices = {
        c.id: sorted(options[c.id], key=lambda kc: (wanted[kc[0]] > 1, kc[0])) for c in choosing
    }
    may_skip = {c.id: wanted[choices[c.id][0][0]] > 1 for c in choosing}
    _greedy(engine, choosing, choices, current)

    def score_of(placement: _Placement) -> Any:
        return _evaluate(engine, placement).score()

    combinations = 1
    for credential in choosing:
        combinations *= len(choices[credential.id]) + may_skip[credential.id]
        if combinations > budget:
            break
    if combinations <= budget:
        groups, exhaustive = [choosing], True
    else:
        groups, exhaustive = _competing(choosing, choices), False
    share = max(1, budget // len(groups))
    best_score = score_of(current)
    for group in groups:
        ids = {c.id for c in group}
        base = {key: entry for key, entry in current.items() if entry[0].id not in ids}
        search = _GroupSearch(group, choices, may_skip, share, score_of, base)
        search.best, search.best_score = dict(current), best_score
        if not search.run(0):
            exhaustive = False
        current, best_score = search.best, search.best_score
    return current, exhaustive


def _greedy(
    engine: _Engine,
    choosing: list[HeldCredential],
    choices: Mapping[str, list[tuple[_Key, int]]],
    current: dict[_Key, tuple[HeldCredential, int]],
) -> None:
    """A first placement to start from (and keep when there is no time for better): each
    credential takes a free place in a leaf that is not met yet, or else any free place,
    so that several groups drawing on the same achievements are all served."""
    held: dict[int, int] = {}
    credited: dict[int, int] = {}
    for (index, _), (_, credit) in current.items():
        held[index] = held.get(index, 0) + 1
        credited[index] = credited.get(index, 0) + credit

    def met(index: int) -> bool:
        kind, need = engine.kind[index], engine.threshold[index]
        if kind == _SINGLE:
            return held.get(index, 0) > 0
        if kind == _POOL:
            return held.get(index, 0) >= need
        return credited.get(index, 0) >= need if need > 0 else held.get(index, 0) > 0

    for credential in choosing:
        free = [(key, credit) for key, credit in choices[credential.id] if key not in current]
        if not free:
            continue
        key, credit = next((kc for kc in free if not met(kc[0][0])), free[0])
        current[key] = (credential, credit)
        held[key[0]] = held.get(key[0], 0) + 1
        credited[key[0]] = credited.get(key[0], 0) + credit


@dataclass
class _GroupSearch:
    """Every placement of one group's credentials, the others held where they are."""

    group: list[HeldCredential]
    choices: Mapping[str, list[tuple[_Key, int]]]
    may_skip: Mapping[str, bool]
    share: int
    score_of: Any
    trial: dict[_Key, tuple[HeldCredential, int]]
    best: dict[_Key, tuple[HeldCredential, int]] = field(default_factory=dict)
    best_score: Any = None
    tried: int = 0

    def run(self, position: int) -> bool:
        """False when the budget ran out before every placement was tried."""
        if position == len(self.group):
            self.tried += 1
            score = self.score_of(self.trial)
            if score > self.best_score:
                self.best, self.best_score = dict(self.trial), score
            return self.tried < self.share
        credential = self.group[position]
        for key, credit in self.choices[credential.id]:
            if key in self.trial:
                continue
            self.trial[key] = (credential, credit)
            going = self.run(position + 1)
            del self.trial[key]
            if not going:
                return False
        if self.may_skip[credential.id]:
            return self.run(position + 1)  # its places may serve the others better
        return True


def _competing(
    choosing: list[HeldCredential], choices: Mapping[str, list[tuple[_Key, int]]]
) -> list[list[HeldCredential]]:
    """The credentials split into groups that compete, directly or not, for places."""
    owner: dict[_Key, int] = {}
    groups: list[list[HeldCredential]] = []
    for credential in choosing:
        joined = sorted({owner[k] for k, _ in choices[credential.id] if k in owner})
        if not joined:
            groups.append([credential])
            target = len(groups) - 1
        else:
            target = joined[0]
            for other in joined[1:]:
                groups[target].extend(groups[other])
                groups[other] = []
            groups[target].append(credential)
        for index, group in enumerate(groups):
            for member in group:
                for key, _ in choices[member.id]:
                    owner[key] = index
    order = {c.id: i for i, c in enumerate(choosing)}
    return [sorted(g, key=lambda c: order[c.id]) for g in groups if g]


# ---------------------------------------------------------------- the answer


def progress(
    rule: Rule,
    credentials: Iterable[HeldCredential],
    today: date,
    award_date: date | None = None,
) -> Progress:
    """Per node: satisfied or not, ECTS counted and needed, which credential counts where."""
    engine = _engine(rule)
    award = award_date or today
    held = sorted((c for c in credentials if _counts(c, today)), key=_canonical)
    placement, exhaustive = _place(engine, held, award)
    result = _evaluate(engine, placement)
    at: dict[int, list[str]] = {}
    for (index, _), (credential, _) in sorted(placement.items()):
        at.setdefault(index, []).append(credential.id)
    missing: dict[int, tuple[Phrase, ...]] = {}
    for index in range(len(engine.nodes) - 1, -1, -1):  # children first
        missing[index] = _missing(engine, index, result, missing)
    nodes: dict[str, NodeProgress] = {}
    for index, node in enumerate(engine.nodes):  # parents first, so the root leads
        grouped = isinstance(node, NOf | Pool)
        nodes.setdefault(
            node.id,
            NodeProgress(
                node_id=node.id,
                kind=kind_of(node),
                satisfied=result.satisfied[index],
                ects_counted=_ects(result.total[index]),
                ects_needed=engine.needed[index],
                parts_done=result.done[index] if grouped else None,
                parts_needed=engine.threshold[index] if grouped else None,
                credentials=tuple(at.get(index, ())),
                missing=missing[index],
            ),
        )
    return Progress(
        satisfied=result.satisfied[0],
        ects_counted=_ects(result.total[0]),
        ects_needed=engine.needed[0],
        nodes=nodes,
        counted={cid: engine.nodes[index].id for index, ids in sorted(at.items()) for cid in ids},
        missing=Phrases(missing[0]),
        today=today,
        award_date=award,
        credentials=tuple(held),
        exhaustive=exhaustive,
    )


def _group(label: str, done: int, n: int) -> Phrase:
    if label and label not in GROUP_LABELS:
        return Phrase("vocab.stacking_group.custom", {"label": label, "done": done, "n": n})
    return Phrase(f"vocab.stacking_group.{label or 'parts'}", {"done": done, "n": n})


def _missing(
    engine: _Engine, index: int, result: _Evaluation, below: Mapping[int, tuple[Phrase, ...]]
) -> tuple[Phrase, ...]:
    """What the node still lacks, in phrases: a group says how many of how many, an ECTS
    node how many ECTS; an all_of and the filters say what their children lack."""
    if result.satisfied[index]:
        return ()
    node = engine.nodes[index]
    if isinstance(node, NOf | Pool):
        return (_group(node.label, result.done[index], node.n),)
    if isinstance(node, MinEcts) or (isinstance(node, Recognised) and node.ects > 0):
        counted = _ects(result.total[index])
        return (
            Phrase(
                "vocab.stacking_missing.ects",
                {"missing": node.ects - counted, "needed": node.ects},
            ),
        )
    if isinstance(node, Recognised):
        if node.label:
            return (Phrase("vocab.stacking_missing.recognised_for", {"label": node.label}),)
        return (Phrase("vocab.stacking_missing.recognised"),)
    if isinstance(node, Offering | QualificationPart):
        kind = "offering" if isinstance(node, Offering) else "qualification"
        return (
            Phrase(
                f"vocab.stacking_missing.{kind}",
                {"title": node.title or node.ref, "ects": node.ects},
            ),
        )
    return tuple(phrase for child in engine.kids[index] for phrase in below[child])


def eligible_nodes(rule: Rule, credential: HeldCredential, award_date: date) -> tuple[str, ...]:
    """The nodes a credential could count at (before choosing one): "counts toward your
    goal" on a catalogue card, and the places the engine chooses among."""
    engine = _engine(rule)
    return tuple(
        dict.fromkeys(engine.nodes[key[0]].id for key, _ in engine.options(credential, award_date))
    )


# ---------------------------------------------------------------- ways to finish


def refs_to_finish(rule: Rule, progress_now: Progress) -> frozenset[str]:
    """The achievement references (offering slugs or URLs) that could still help: the
    offerings worth reading from the catalogue for `ways_to_finish`."""
    return frozenset(_refs_wanted(_engine(rule), progress_now))


def _refs_wanted(engine: _Engine, progress: Progress) -> set[str]:
    """Achievements named in leaves that could still help: more ECTS reach every node
    above a leaf, so an unmet ECTS minimum anywhere above wants them; being met only
    matters to the parent while the child is unmet, so an unmet group wants a leaf only
    through a chain of unmet nodes (the fourth elective of a met "3 of 4" does not help)."""
    wanted: set[str] = set()
    for leaf in engine.leaves.values():
        met = [progress.nodes[engine.nodes[i].id].satisfied for i in leaf.path]
        ects_wanted = any(
            not ok and engine.kind[i] == _MIN_ECTS for i, ok in zip(leaf.path, met, strict=True)
        )
        unmet_chain = not met[-1] and not met[0]
        for ok in reversed(met[:-1]):
            if ok:
                unmet_chain = False
                break
        if not (ects_wanted or unmet_chain):
            continue
        node = leaf.node
        if isinstance(node, Offering):
            wanted.add(node.ref)
        elif isinstance(node, Pool):
            wanted.update(item.ref for item in node.items)
    return wanted


def one_part_away(
    rule: Rule, progress_now: Progress, catalogue_offerings: Iterable[CatalogueOffering]
) -> tuple[CatalogueOffering, ...]:
    """The open offerings any one of which would complete the rule on its own (by slug);
    empty when the rule is met already or every way needs more than one part.

    The learner is told once they are this close, so it is judged against what they could
    actually take: a course that has started or is full does not make them "one away".
    """
    if progress_now.satisfied:
        return ()
    today, award = progress_now.today, progress_now.award_date
    wanted = refs_to_finish(rule, progress_now)
    held = {c.achievement_id for c in progress_now.credentials} | {
        c.offering_slug for c in progress_now.credentials if c.offering_slug
    }
    found: dict[str, CatalogueOffering] = {}
    tried = 0
    for offering in sorted(catalogue_offerings, key=lambda o: o.slug):
        if not (offering.slug in wanted or offering.url in wanted):
            continue
        if offering.slug in held or (offering.url and offering.url in held):
            continue
        if offering.seats_left is not None and offering.seats_left <= 0:
            continue
        if not offering.self_paced and (offering.start_date is None or offering.start_date < today):
            continue
        if offering.slug in found or tried >= MAX_CANDIDATES:
            continue
        tried += 1
        trial = [*progress_now.credentials, _as_credential(offering, today)]
        if progress(rule, trial, today, award).satisfied:
            found[offering.slug] = offering
    return tuple(found.values())


def _as_credential(offering: CatalogueOffering, today: date) -> HeldCredential:
    return HeldCredential(
        id=f"offering:{offering.slug}",
        achievement_id=offering.url or offering.slug,
        issuer=offering.university,
        ects=offering.ects,
        eqf_level=offering.eqf_level,
        issued=today,
        offering_slug=offering.slug,
    )


def _way(chosen: Iterable[CatalogueOffering], today: date) -> Way:
    offerings = tuple(sorted(chosen, key=lambda o: o.slug))
    prices: dict[str, int] = {}
    for offering in offerings:
        prices[offering.currency] = prices.get(offering.currency, 0) + offering.price_minor
    return Way(
        offerings=offerings,
        prices=tuple(sorted(prices.items())),
        starts_by=max((_starts(o, today) for o in offerings), default=today),
        ects=sum((o.ects for o in offerings), ZERO),
    )


def _starts(offering: CatalogueOffering, today: date) -> date:
    if offering.self_paced or offering.start_date is None:
        return today
    return max(offering.start_date, today)


def _cost_cheapest(way: Way) -> tuple[Any, ...]:
    # Totals in different currencies cannot be added: fewer currencies first, then the sum
    # of minor units (PLN and EUR are the marketplace's two), then the sooner start.
    return (len(way.prices), sum(p for _, p in way.prices), way.starts_by, len(way.offerings))


def _cost_soonest(way: Way) -> tuple[Any, ...]:
    return (way.starts_by, len(way.prices), sum(p for _, p in way.prices), len(way.offerings))


def helpful_refs(rule: Rule, progress_now: Progress) -> frozenset[str]:
    """The achievements (offering slugs or URLs as the rule names them) that would still
    move this learner toward the rule: named by an unmet part and not held already.
    Empty once the rule is met. What a catalogue card's "counts toward your goal" reads."""
    if progress_now.satisfied:
        return frozenset()
    held = {c.achievement_id for c in progress_now.credentials} | {
        c.offering_slug for c in progress_now.credentials if c.offering_slug
    }
    return frozenset(_refs_wanted(_engine(rule), progress_now) - held)


def ways_to_finish(
    rule: Rule, progress_now: Progress, catalogue_offerings: Iterable[CatalogueOffering]
) -> tuple[Way | None, Way | None]:
    """The cheapest and the soonest set of offerings that would complete the rule.

    Only offerings that are open (a seat left, and self-paced or not started yet) and that
    a missing node names are considered, at most `MAX_CANDIDATES` of them. None where no
    set of them completes the rule; a Way with no offerings where it is complete already.
    """
    today = progress_now.today
    if progress_now.satisfied:
        empty = _way((), today)
        return empty, empty
    engine = _engine(rule)
    wanted = _refs_wanted(engine, progress_now)
    held = {c.achievement_id for c in progress_now.credentials} | {
        c.offering_slug for c in progress_now.credentials if c.offering_slug
    }
    candidates: dict[str, CatalogueOffering] = {}
    for offering in catalogue_offerings:
        if (offering.slug in wanted or offering.url in wanted) and not (
            offering.slug in held or (offering.url and offering.url in held)
        ):
            if offering.seats_left is not None and offering.seats_left <= 0:
                continue
            if not offering.self_paced and (
                offering.start_date is None or offering.start_date < today
            ):
                continue
            known = candidates.get(offering.slug)
            if known is None or (offering.price_minor, offering.start_date or today) < (
                known.price_minor,
                known.start_date or today,
            ):
                candidates[offering.slug] = offering
    pool = sorted(candidates.values(), key=lambda o: o.slug)
    return (
        _search(rule, progress_now, pool, _cost_cheapest),
        _search(rule, progress_now, pool, _cost_soonest),
    )


def _search(
    rule: Rule,
    progress_now: Progress,
    candidates: list[CatalogueOffering],
    cost: Any,
) -> Way | None:
    """Branch and bound over sets of candidates, cheapest first: a set that completes the
    rule is not extended (a larger one costs at least as much), a set that already costs
    more than the best found is not either."""
    today, award = progress_now.today, progress_now.award_date
    ordered = sorted(candidates, key=lambda o: cost(_way((o,), today)))[:MAX_CANDIDATES]
    engine = _engine(rule)
    held = list(progress_now.credentials)
    base, _ = _place(engine, held, award)
    as_held = {o.slug: _as_credential(o, today) for o in ordered}
    places = {slug: engine.options(c, award) for slug, c in as_held.items()}
    known = {c.id: engine.options(c, award) for c in held}
    known.update((as_held[slug].id, where) for slug, where in places.items())
    best: Way | None = None
    tried = 0
    replacing = MAX_REPLACEMENTS

    def completes(chosen: list[CatalogueOffering]) -> bool:
        """The learner's credentials stay where they count now and the new ones take free
        places; only when that falls short is everything placed anew (a few times)."""
        nonlocal replacing
        trial = dict(base)
        for offering in chosen:
            for key, credit in places[offering.slug]:
                if key not in trial:
                    trial[key] = (as_held[offering.slug], credit)
                    break
        if _evaluate(engine, trial).satisfied[0]:
            return True
        if replacing <= 0:
            return False
        replacing -= 1
        extra = [as_held[o.slug] for o in chosen]
        placement, _ = _place(engine, held + extra, award, WAY_PLACEMENTS, known)
        return _evaluate(engine, placement).satisfied[0]

    def go(start: int, chosen: list[CatalogueOffering]) -> None:
        nonlocal best, tried
        for position in range(start, len(ordered)):
            if tried >= MAX_WAYS_TRIED:
                return
            trial = [*chosen, ordered[position]]
            way = _way(trial, today)
            if best is not None and cost(way) >= cost(best):
                continue
            tried += 1
            if completes(trial):
                best = way
                continue
            go(position + 1, trial)

    go(0, [])
    return best
