"""Memoise pyld's context processing for contexts that never change.

pyld applies each type-scoped context of OB 3.0 (Achievement, Profile, Result...) by
cloning the active context, which gives the clone a fresh identity, so its per-context
cache never hits and every credential re-processes the same contexts: about half the
time of an eddsa-rdfc-2022 signature. Our contexts are pinned files, so the result of
applying context C to a frozen active context A is always the same frozen object; we
remember it, keyed by A's identity and C's object identity (C is held by the memo so
that identity cannot be reused). Only frozen (immutable) inputs and outputs are cached.

The W3C vc-di-eddsa test vectors and the interop tests run through this path.
"""

from __future__ import annotations

import threading
from typing import Any

from frozendict import frozendict
from pyld import jsonld

_MAX = 4096
_memo: dict[tuple[Any, ...], tuple[Any, Any]] = {}
_lock = threading.Lock()
_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    original = jsonld.JsonLdProcessor._process_context

    def process_context(
        self: Any,
        active_ctx: Any,
        local_ctx: Any,
        options: dict[str, Any],
        override_protected: bool = False,
        propagate: bool = True,
        validate_scoped: bool = True,
        cycles: Any = None,
    ) -> Any:
        uid = active_ctx.get("_uuid") if isinstance(active_ctx, frozendict) else None
        if uid is None or isinstance(local_ctx, str) or cycles:
            return original(
                self,
                active_ctx,
                local_ctx,
                options,
                override_protected,
                propagate,
                validate_scoped,
                cycles,
            )
        key = (
            uid,
            id(local_ctx),
            override_protected,
            propagate,
            validate_scoped,
            options.get("base"),
            options.get("processingMode"),
        )
        found = _memo.get(key)
        if found is not None and found[0] is local_ctx:
            return found[1]
        result = original(
            self,
            active_ctx,
            local_ctx,
            options,
            override_protected,
            propagate,
            validate_scoped,
            cycles,
        )
        if isinstance(result, frozendict):
            with _lock:
                if len(_memo) >= _MAX:
                    _memo.clear()
                _memo[key] = (local_ctx, result)
        return result

    jsonld.JsonLdProcessor._process_context = process_context
    _installed = True
