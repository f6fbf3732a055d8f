"""Password rules and the permission table."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred_market.accounts import authz, passwords
from microcred_market.platform.errors import InvalidInput

pytestmark = pytest.mark.accounts


def test_argon2id_hashes_verify_and_differ_per_password() -> None:
    stored = passwords.hash_password("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert passwords.verify_password(stored, "correct horse battery")
    assert not passwords.verify_password(stored, "correct horse batterz")
    assert passwords.hash_password("correct horse battery") != stored  # salted
    assert not passwords.verify_password(None, "x")
    assert not passwords.verify_password("garbage", "x")


@pytest.mark.parametrize(
    ("password", "email", "fragment"),
    [
        ("short", None, "at least 10"),
        ("1234567890", None, "too common"),
        ("qwertyuiop", None, "too common"),
        ("anna.kowalska!2026", "anna.kowalska@example.org", "too common"),
        ("x" * 300, None, "at most"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password, email, fragment) -> None:
    with pytest.raises(InvalidInput, match=fragment) as raised:
        passwords.check_policy(password, email)
    assert raised.value.text("pl") != raised.value.text("en")
    assert raised.value.text("pl").startswith(("Hasło", "To hasło"))


def test_a_long_passphrase_is_fine() -> None:
    passwords.check_policy("plums are purple on tuesdays", "anna@example.org")


ROLE = st.sampled_from(["owner", "editor", "assessor"])
principals = st.builds(
    authz.Principal,
    user_id=st.none() | st.integers(1, 5),
    is_admin=st.booleans(),
    roles=st.dictionaries(st.integers(1, 3), ROLE, max_size=3),
)


@given(principals, st.sampled_from(sorted(authz.ACTIONS)), st.integers(1, 3))
@settings(max_examples=500)
def test_roles_never_reach_across_universities(principal, action, university) -> None:
    allowed = authz.can(principal, action, university)
    kind, roles = authz.ACTIONS[action]
    if not principal.signed_in:
        assert allowed == (kind == "anyone")
    elif kind.startswith("roles"):
        by_role = principal.roles.get(university) in roles
        by_admin = kind == "roles+admin" and principal.is_admin
        assert allowed == (by_role or by_admin)
        # Being owner elsewhere never helps here.
        elsewhere = authz.Principal(
            user_id=principal.user_id,
            is_admin=False,
            roles={u: "owner" for u in range(1, 4) if u != university},
        )
        assert not authz.can(elsewhere, action, university)


def test_require_says_why() -> None:
    with pytest.raises(authz.NotSignedIn):
        authz.require(authz.ANONYMOUS, "account.view")
    with pytest.raises(authz.Forbidden):
        authz.require(authz.Principal(user_id=1), "admin.outbox.view")
    authz.require(authz.Principal(user_id=1, is_admin=True), "admin.outbox.view")
