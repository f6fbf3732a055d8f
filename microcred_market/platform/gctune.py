"""The garbage collector of a web process: tuned once start-up is done, measured on demand.

A web process builds a large, long-lived heap at start (the State tree, compiled
components, SQLAlchemy mappers, translations) and then, per event, many short-lived
objects. With CPython's default thresholds (700, 10, 10) a crowd of events runs a young
collection every few hundred allocations, and every so often a full collection that walks
the whole start-up heap again: a pause every user on that process waits through.

`start()` (the web process's lifespan, see `microcred_market.py`) calls `tune()` once
start-up is done, unless MICROCRED_GC_TUNE=0. `tune()`: collects what start-up left behind, moves every
surviving object to the permanent generation (`gc.freeze()`: never walked again, and
pages shared with a forked supervisor stay shared), and raises the thresholds so that
young collections come less often while each stays small.

With `MICROCRED_GC_STATS=<folder>` set, `GcStats` times every collection through
`gc.callbacks` and writes `gc-<pid>.json` into that folder when the process stops
(`benchmarks/events.py` reads them).
"""

from __future__ import annotations

import atexit
import gc
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Young collections every 10,000 net allocations instead of 700: an event's allocations
# mostly die within the event, so fewer passes find the same garbage; gen1 and gen2
# passes follow from the young ones as before.
THRESHOLDS = (10_000, 50, 100)
STATS_ENV = "MICROCRED_GC_STATS"
# "0" leaves the collector as CPython sets it (the "before" of benchmarks/events.py).
TUNE_ENV = "MICROCRED_GC_TUNE"


@dataclass
class GcStats:
    """Every collection's pause, per generation, of this process."""

    folder: Path
    threshold_at_start: tuple[int, int, int] = (0, 0, 0)
    frozen_at_start: int = 0
    pauses_ms: list[float] = field(default_factory=list)
    collections: dict[str, int] = field(default_factory=lambda: {"0": 0, "1": 0, "2": 0})
    max_by_generation_ms: dict[str, float] = field(
        default_factory=lambda: {"0": 0.0, "1": 0.0, "2": 0.0}
    )
    _started: float = 0.0
    _written: bool = False

    def callback(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
            return
        ms = (time.perf_counter() - self._started) * 1000
        generation = str(info.get("generation", 0))
        self.pauses_ms.append(ms)
        self.collections[generation] = self.collections.get(generation, 0) + 1
        if ms > self.max_by_generation_ms.get(generation, 0.0):
            self.max_by_generation_ms[generation] = ms

    def figures(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "threshold": list(self.threshold_at_start),
            "frozen_at_start": self.frozen_at_start,
            "collections": self.collections,
            "max_ms": max(self.pauses_ms, default=0.0),
            "max_by_generation_ms": self.max_by_generation_ms,
            "total_ms": sum(self.pauses_ms),
            "over_10ms": sum(1 for p in self.pauses_ms if p > 10),
            "over_100ms": sum(1 for p in self.pauses_ms if p > 100),
            "pauses_ms": [round(p, 3) for p in self.pauses_ms[-20_000:]],
        }

    def write(self) -> None:
        if self._written:
            return
        self._written = True
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"gc-{os.getpid()}.json"
        temporary = target.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.figures()))
        temporary.replace(target)


_stats: GcStats | None = None


def stats_from_env() -> GcStats | None:
    """Start timing collections if MICROCRED_GC_STATS names a folder (once per process)."""
    global _stats
    folder = os.environ.get(STATS_ENV, "").strip()
    if not folder:
        return None
    if _stats is None or _stats.folder != Path(folder):
        _stats = GcStats(folder=Path(folder))
        gc.callbacks.append(_stats.callback)
        atexit.register(_stats.write)
    return _stats


def tune(thresholds: tuple[int, int, int] = THRESHOLDS) -> dict[str, Any]:
    """Collect, freeze what survived start-up, raise the thresholds; what was done."""
    stats = stats_from_env()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*thresholds)
    done = {"frozen": gc.get_freeze_count(), "threshold": gc.get_threshold()}
    if stats is not None:
        stats.threshold_at_start = gc.get_threshold()
        stats.frozen_at_start = gc.get_freeze_count()
    return done


def start() -> dict[str, Any]:
    """At the end of start-up: time collections if asked, then tune unless told not to."""
    if os.environ.get(TUNE_ENV, "1").strip() == "0":
        stats = stats_from_env()
        if stats is not None:
            stats.threshold_at_start = gc.get_threshold()
            stats.frozen_at_start = gc.get_freeze_count()
        return {"frozen": gc.get_freeze_count(), "threshold": gc.get_threshold()}
    return tune()


def finish() -> None:
    """Write the collection figures now (the process is stopping), if they are kept."""
    if _stats is not None:
        _stats.write()
