"""How far a learner is from a qualification, and the cheapest and soonest ways to finish.

Pure: a rule (see `rules`), the learner's credentials as plain data and today's date in,
plain data out, so pages, mail, the benchmark and the property tests all ask the same
function. The database layer turns credentials (ours, imported, recognised) into
`HeldCredential` and offerings into `CatalogueOffering`.

Each credential counts once in the whole tree. Where a credential could fill several
places (an offering named in two groups, a pool that overlaps an elective list, a
recognition next to a direct match), the engine tries the placements and keeps the best
one, judged in this order: the whole rule satisfied, then as many nodes satisfied as
possible, then as many ECTS counted at the top, then in total. The search is exhaustive
for the handful of credentials that have a choice, and stops after `MAX_PLACEMENTS`
complete placements (keeping the best so far, `exhaustive=False`), so no wallet makes
it work without bound. Credentials are put in a canonical order first: the answer does
not depend on the order they are given in.

Only active credentials count: revoked, suspended and expired ones never do, nor one
issued after the day it is judged on.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
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
# Sets of offerings tried per way to finish, and offerings considered for it.
MAX_WAYS_TRIED = 3000
MAX_CANDIDATES = 40
ZERO = Decimal(0)


# ---------------------------------------------------------------- input and output


@dataclass(frozen=True)
class Recognition:
    """Recognition staff decided this credential stands for `node_id`, worth `ects`."""

    node_id: str
    ects: Decimal


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
    path: tuple[str, ...]  # ids of the node and of every node above it


@dataclass
class _Engine:
    rule: Rule
    nodes: list[Node] = field(default_factory=list)
    leaves: dict[int, _Leaf] = field(default_factory=dict)
    by_ref: dict[str, list[tuple[int, _Key]]] = field(default_factory=dict)
    by_node_id: dict[str, int] = field(default_factory=dict)
    index_of: dict[int, int] = field(default_factory=dict)  # id(node) -> index

    def build(
        self, node: Node, min_level: int, years: int | None, path: tuple[str, ...] = ()
    ) -> None:
        index = len(self.nodes)
        path = (*path, node.id)
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

    def options(self, credential: HeldCredential, award: date) -> list[tuple[_Key, Decimal]]:
        """Where the credential may count, with the ECTS it would bring there."""
        found: dict[_Key, Decimal] = {}
        names = {credential.achievement_id, credential.offering_slug} - {None, ""}
        for name in sorted(n for n in names if n is not None):
            for index, key in self.by_ref.get(name, ()):
                if self.passes(self.leaves[index], credential, award, recognised=False):
                    found[key] = max(found.get(key, ZERO), credential.ects)
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
            found[key] = max(found.get(key, ZERO), recognition.ects)
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
    return engine


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


# ---------------------------------------------------------------- evaluating one placement

_Placement = Mapping[_Key, tuple[HeldCredential, Decimal]]


@dataclass
class _Result:
    satisfied: bool
    by_issuer: dict[str, Decimal]  # ECTS counted per university, after any cap
    needed: Decimal
    done: int | None = None
    of: int | None = None

    @property
    def counted(self) -> Decimal:
        return sum(self.by_issuer.values(), ZERO)


def _merge(parts: Iterable[dict[str, Decimal]], cap: Decimal | None) -> dict[str, Decimal]:
    total: dict[str, Decimal] = {}
    for part in parts:
        for issuer, ects in part.items():
            total[issuer] = total.get(issuer, ZERO) + ects
    if cap is not None:
        total = {issuer: min(ects, cap) for issuer, ects in total.items()}
    return total


def _evaluate(
    engine: _Engine,
    placed: Mapping[int, list[tuple[HeldCredential, Decimal]]],
    out: dict[int, _Result],
) -> None:
    """Results of every node under the placement, children before parents, into `out`."""

    def go(node: Node, cap: Decimal | None) -> _Result:
        index = engine.index_of[id(node)]
        if isinstance(node, MaxEctsPerUniversity):
            cap = node.cap if cap is None else min(cap, node.cap)
        here = placed.get(index, [])
        own = _merge(({c.issuer: credit} for c, credit in here), cap)
        result: _Result
        if isinstance(node, Offering | QualificationPart):
            result = _Result(bool(here), own, node.ects)
        elif isinstance(node, Pool):
            smallest = sorted(item.ects for item in node.items)[: node.n]
            result = _Result(len(here) >= node.n, own, sum(smallest, ZERO), len(here), node.n)
        elif isinstance(node, Recognised):
            credited = sum(own.values(), ZERO)
            met = credited >= node.ects if node.ects > 0 else bool(here)
            result = _Result(met, own, node.ects)
        else:
            kids = [go(child, cap) for child in children_of(node)]
            merged = _merge((k.by_issuer for k in kids), cap)
            done = sum(1 for k in kids if k.satisfied)
            if isinstance(node, AllOf):
                result = _Result(done == len(kids), merged, sum((k.needed for k in kids), ZERO))
            elif isinstance(node, NOf):
                cheapest = sorted(k.needed for k in kids)[: node.n]
                result = _Result(done >= node.n, merged, sum(cheapest, ZERO), done, node.n)
            elif isinstance(node, MinEcts):
                counted = sum(merged.values(), ZERO)
                result = _Result(counted >= node.ects, merged, node.ects)
            else:  # the wrappers: their child, with the filters already applied to places
                result = _Result(kids[0].satisfied, merged, kids[0].needed)
        out[index] = result
        return result

    go(engine.rule.root, None)


def _score(results: Mapping[int, _Result]) -> tuple[bool, int, Decimal, Decimal]:
    root = results[0]
    return (
        root.satisfied,
        sum(1 for r in results.values() if r.satisfied),
        root.counted,
        sum((r.counted for r in results.values()), ZERO),
    )


def _by_leaf(placement: _Placement) -> dict[int, list[tuple[HeldCredential, Decimal]]]:
    placed: dict[int, list[tuple[HeldCredential, Decimal]]] = {}
    for (index, _), entry in sorted(placement.items()):
        placed.setdefault(index, []).append(entry)
    return placed


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
    engine: _Engine, credentials: list[HeldCredential], award: date
) -> tuple[dict[_Key, tuple[HeldCredential, Decimal]], bool]:
    """The best placement found, and whether every candidate placement was tried."""
    options = {c.id: engine.options(c, award) for c in credentials}
    wanted: dict[_Key, list[HeldCredential]] = {}
    for credential in credentials:
        for key, _ in options[credential.id]:
            wanted.setdefault(key, []).append(credential)
    fixed: dict[_Key, tuple[HeldCredential, Decimal]] = {}
    choosing: list[HeldCredential] = []
    for credential in credentials:
        mine = options[credential.id]
        if not mine:
            continue
        if len(mine) == 1 and len(wanted[mine[0][0]]) == 1:
            # The only place it can go, and nobody else wants it: no choice to make. (Two
            # credentials for one place are a choice: under a per-university cap the one
            # with fewer ECTS may count for more.)
            fixed[mine[0][0]] = (credential, mine[0][1])
        else:
            choosing.append(credential)
    if not choosing:
        return fixed, True

    best: dict[_Key, tuple[HeldCredential, Decimal]] = {}
    best_score: tuple[bool, int, Decimal, Decimal] | None = None
    tried = 0
    current = dict(fixed)

    def search(position: int) -> bool:
        nonlocal best, best_score, tried
        if position == len(choosing):
            tried += 1
            results: dict[int, _Result] = {}
            _evaluate(engine, _by_leaf(current), results)
            score = _score(results)
            if best_score is None or score > best_score:
                best, best_score = dict(current), score
            return tried < MAX_PLACEMENTS
        credential = choosing[position]
        for key, credit in options[credential.id]:
            if key in current:
                continue
            current[key] = (credential, credit)
            going = search(position + 1)
            del current[key]
            if not going:
                return False
        return search(position + 1)  # leave it out: its places may serve others better

    exhaustive = search(0)
    return best, exhaustive


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
    placed = _by_leaf(placement)
    results: dict[int, _Result] = {}
    _evaluate(engine, placed, results)
    nodes: dict[str, NodeProgress] = {}
    missing: dict[int, tuple[Phrase, ...]] = {}
    for index in sorted(results):  # parents first, so the root leads
        node, result = engine.nodes[index], results[index]
        missing[index] = _missing(engine, node, result, results)
        nodes.setdefault(
            node.id,
            NodeProgress(
                node_id=node.id,
                kind=kind_of(node),
                satisfied=result.satisfied,
                ects_counted=result.counted,
                ects_needed=result.needed,
                parts_done=result.done,
                parts_needed=result.of,
                credentials=tuple(c.id for c, _ in placed.get(index, [])),
                missing=missing[index],
            ),
        )
    root = results[0]
    return Progress(
        satisfied=root.satisfied,
        ects_counted=root.counted,
        ects_needed=root.needed,
        nodes=nodes,
        counted={c.id: engine.nodes[key[0]].id for key, (c, _) in sorted(placement.items())},
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
    engine: _Engine, node: Node, result: _Result, results: Mapping[int, _Result]
) -> tuple[Phrase, ...]:
    """What the node still lacks, in phrases: a group says how many of how many, an ECTS
    node how many ECTS; an all_of and the filters say what their children lack."""
    if result.satisfied:
        return ()
    if isinstance(node, NOf | Pool):
        return (_group(node.label, result.done or 0, node.n),)
    if isinstance(node, MinEcts) or (isinstance(node, Recognised) and node.ects > 0):
        return (
            Phrase(
                "vocab.stacking_missing.ects",
                {"missing": node.ects - result.counted, "needed": node.ects},
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
    phrases: list[Phrase] = []
    for child in children_of(node):
        index = engine.index_of[id(child)]
        phrases.extend(_missing(engine, child, results[index], results))
    return tuple(phrases)


def eligible_nodes(rule: Rule, credential: HeldCredential, award_date: date) -> tuple[str, ...]:
    """The nodes a credential could count at (before choosing one): "counts toward your
    goal" on a catalogue card, and the places the engine chooses among."""
    engine = _engine(rule)
    return tuple(
        dict.fromkeys(engine.nodes[key[0]].id for key, _ in engine.options(credential, award_date))
    )


# ---------------------------------------------------------------- ways to finish


def _refs_wanted(engine: _Engine, progress: Progress) -> set[str]:
    """Achievements named in leaves with a node not satisfied yet at or above them: a
    satisfied pool under an unmet ECTS minimum still has achievements to offer."""
    wanted: set[str] = set()
    for leaf in engine.leaves.values():
        node = leaf.node
        if all(progress.nodes[node_id].satisfied for node_id in leaf.path):
            continue
        if isinstance(node, Offering):
            wanted.add(node.ref)
        elif isinstance(node, Pool):
            wanted.update(item.ref for item in node.items)
    return wanted


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
    today = progress_now.today
    ordered = sorted(candidates, key=lambda o: cost(_way((o,), today)))[:MAX_CANDIDATES]
    base = list(progress_now.credentials)
    best: Way | None = None
    tried = 0

    def completes(chosen: list[CatalogueOffering]) -> bool:
        extra = [_as_credential(o, today) for o in chosen]
        return progress(rule, base + extra, today, progress_now.award_date).satisfied

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
