"""Every event handler of every page State says how it checks the session.

A State is reachable by anyone holding the tab's client token, so a handler that reads
or changes private data must resolve the session cookie on that very call (`signed_in`
or `maybe_signed_in` in `ui/state/auth.py`). The rest are `public`, and the list of
public handlers is written out here: a new handler fails this test until it is either
guarded or added below after a look at what it touches.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import microcred_market.ui.pages as pages
from microcred_market.ui.state import auth

pytestmark = [pytest.mark.accounts, pytest.mark.security]

# Catalogue, verifier and sign-in page: nothing here depends on who is asking.
PUBLIC = {
    "AuthState.dismiss_flash",
    "CatalogueState.apply_ranges",
    "CatalogueState.clear",
    "CatalogueState.load",
    "CatalogueState.on_type",
    "CatalogueState.set_sort",
    "CatalogueState.submit_search",
    "CatalogueState.toggle",
    "CatalogueState.toggle_filters",
    "HomeState.load",
    "HomeState.search",
    "InvitationState.load",
    # Only takes this tab's uploaded CSV and hands it to the guarded `run_import`.
    "OfferingImportState.upload",
    "OfferingState.load",
    # Only picks among the published prices this tab's `load` already showed.
    "OfferingState.choose_currency",
    "QualificationState.load",
    "SharedCredentialState.load",
    "SignInState.load",
    "UniversityState.load",
    "VerifyState.load",
    "VerifyState.upload_rejected",
    "VerifyState.verify_link_form",
    "VerifyState.verify_link_now",
    "VerifyState.verify_paste",
    "VerifyState.verify_upload",
}
# Reflex's own handlers on every State (its `setvar` reaches only vars with a setter).
REFLEX_BUILTINS = {"setvar"}


def our_handlers() -> dict[str, object]:
    for module in pkgutil.walk_packages(pages.__path__, pages.__name__ + "."):
        importlib.import_module(module.name)
    found = {}
    for cls in auth._all_states(auth.AuthState.get_root_state()):
        if not cls.__module__.startswith("microcred_market."):
            continue
        for name, handler in cls.event_handlers.items():
            if name in REFLEX_BUILTINS and not handler.fn.__module__.startswith("microcred"):
                continue
            found[f"{cls.__name__}.{name}"] = handler
    return found


def test_every_handler_declares_its_session_check() -> None:
    handlers = our_handlers()
    undeclared = sorted(k for k, h in handlers.items() if auth.guard_of(h.fn) is None)
    assert undeclared == [], "decorate with signed_in, maybe_signed_in or public"
    public = {k for k, h in handlers.items() if auth.guard_of(h.fn) == "public"}
    assert public == PUBLIC, "a new public handler: check it touches nothing private"


def test_the_private_pages_are_guarded() -> None:
    handlers = our_handlers()
    for name in (
        "AccountState.load",
        "AccountState.save_profile",
        "OutboxState.load",
        "OrdersAdminState.load",
        "AuditState.load",
        "UniversitiesState.load",
        "StaffState.load",
        "StaffLearnersState.load",
        "WalletState.load",
        "LearningState.load",
        "CheckoutState.load",
        "ReturnState.load",
    ):
        assert auth.guard_of(handlers[name].fn) == "signed_in", name  # type: ignore[attr-defined]


def test_guarded_handlers_run_under_the_state_lock_and_keep_the_page_signature() -> None:
    for name, handler in our_handlers().items():
        if auth.guard_of(handler.fn) in ("signed_in", "maybe_signed_in"):  # type: ignore[attr-defined]
            assert not handler.is_background, name  # type: ignore[attr-defined]
            assert "viewer" not in inspect.signature(handler.fn).parameters, name  # type: ignore[attr-defined]


def test_no_state_remembers_who_is_signed_in() -> None:
    """A user id kept between events is exactly what outlived the session before."""
    for cls in auth._all_states(auth.AuthState.get_root_state()):
        if cls.__module__.startswith("microcred_market."):
            kept = [v for v in cls.__fields__ if "user" in v.lower()]
            assert kept == [], cls.__name__


def test_a_guard_refuses_a_handler_it_cannot_hand_a_viewer() -> None:
    async def no_viewer(self) -> None:  # type: ignore[no-untyped-def]
        return None

    with pytest.raises(TypeError):
        auth.signed_in(no_viewer)

    def not_async(self, *, viewer):  # type: ignore[no-untyped-def]
        return None

    with pytest.raises(TypeError):
        auth.signed_in(not_async)


def test_private_states_are_the_ones_with_guarded_handlers() -> None:
    our_handlers()
    names = {cls.__name__ for cls in auth.private_states()}
    assert {"AuthState", "AccountState", "OutboxState", "WalletState"} <= names
    assert not names & {"CatalogueState", "VerifyState", "LangState", "SignInState"}
