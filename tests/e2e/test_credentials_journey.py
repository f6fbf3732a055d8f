"""Credentials in a real browser: verify (paste, link, upload), the wallet, the public
page and the staff roster.

An employer with no account checks a credential three ways and sees the verdict, the
facts in words and every check; an assessor marks a learner passed, the in-process
outbox issues the credential, the learner finds it in the wallet, downloads it and
shares it; the assessor revokes it and the verify page says so.

Screenshots (desktop and 360 px) go to $CREDENTIAL_SHOTS_DIR (default /tmp/shots).
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import PHONE, scroll_width

pytestmark = [pytest.mark.e2e, pytest.mark.credentials]

PASSWORD = "plums are purple on tuesdays"
SLUG = "e2e-cred"
TITLE = "Analiza danych w Pythonie"
ISSUER = "Uniwersytet Krakowski"
SHOTS = Path(os.environ.get("CREDENTIAL_SHOTS_DIR", "/tmp/shots"))
CHECKS = ("format", "schema", "issuer", "signature", "dates", "status")


def snap(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@dataclass
class Issued:
    """The e2e world: a university, its assessor, three learners; learner 0 has passed."""

    slug: str
    assessor: str
    learners: list[str]
    enrolments: list[str]
    uuid: str  # learner 0's credential
    json_url: str
    document: str


@pytest.fixture(scope="module")
def issued(base_url: str, e2e_database_url: str) -> Issued:
    """Built with `make_world` in the app's database once the app (and its settings) run."""
    from sqlmodel import select

    from microcred_market.accounts import passwords
    from microcred_market.accounts.models import User
    from microcred_market.credentials import issuing
    from microcred_market.credentials import queries as credential_queries
    from microcred_market.orders.models import Enrolment
    from microcred_market.platform.db import session_scope
    from microcred_market.platform.outbox import process_outbox
    from tests.support.credential_world import make_world

    world = make_world(e2e_database_url, learners=3, slug=SLUG)
    with session_scope(e2e_database_url) as session:
        emails = {}
        for user_id in (world.assessor_id, *world.learners):
            user = session.get(User, user_id)
            assert user is not None
            user.password_hash = passwords.hash_password(PASSWORD)
            # Sign-in validates addresses, and ".test" is a special-use domain it refuses.
            user.email = user.email.replace(".test", ".example.org")
            session.add(user)
            emails[user_id] = user.email
        first = session.exec(select(Enrolment).where(Enrolment.user_id == world.learners[0])).one()
        enrolments = {
            e.user_id: str(e.uuid)
            for e in session.exec(
                select(Enrolment).where(Enrolment.user_id.in_(world.learners))  # type: ignore[attr-defined]
            ).all()
        }
        issuing.record_pass(session, first, grade="92", actor_user_id=world.assessor_id)
    process_outbox(e2e_database_url)
    with session_scope(e2e_database_url) as session:
        item = credential_queries.wallet(session, world.learners[0])[0]
        document = issuing.credential_by_uuid(session, item.uuid).document
    return Issued(
        slug=SLUG,
        assessor=emails[world.assessor_id],
        learners=[emails[i] for i in world.learners],
        enrolments=[enrolments[i] for i in world.learners],
        uuid=item.uuid,
        json_url=item.json_url,
        document=document,
    )


def sign_in(page: Page, email: str, next_path: str) -> None:
    page.goto(f"/signin?next={quote(next_path)}")
    page.fill("#field-email", email)
    page.fill("#field-password", PASSWORD)
    page.click("#signin-submit")
    expect(page.locator("#account-link")).to_be_visible()


def expect_verdict(page: Page, verdict: str, title: str) -> None:
    expect(page.locator("#verdict")).to_have_attribute("data-verdict", verdict)
    expect(page.locator("#verdict-title")).to_have_text(title)


def expect_facts(page: Page) -> None:
    expect(page.locator("#fact-issuer")).to_have_text(f"{ISSUER} (Poland)")
    expect(page.locator("#credential-title")).to_have_text(TITLE)
    expect(page.locator("#fact-eqf")).to_have_text("EQF 5")
    expect(page.locator("#fact-nqf")).to_contain_text("PRK")
    expect(page.locator("#fact-ects")).to_have_text("2.5 ECTS")
    expect(page.locator("#fact-assessment")).to_have_text("Project")
    expect(page.locator("#fact-participation")).to_have_text("Blended")
    expect(page.locator("#fact-supervision")).to_have_text("Supervised online with identity check")
    expect(page.locator("#fact-language")).to_have_text("Polish")
    expect(page.locator("#outcomes li")).to_have_text(
        ["Cleans a messy CSV file", "Draws a readable chart"]
    )
    expect(page.locator("#skills")).to_contain_text("Python")
    expect(page.locator("#part-of")).to_contain_text("Data diploma")


def expect_all_checks_pass(page: Page) -> None:
    expect(page.locator("#checks li.check")).to_have_count(len(CHECKS))
    for name in CHECKS:
        check = page.locator(f"#check-{name}")
        expect(check).to_have_attribute("data-status", "pass")
        expect(check.locator(".check-mark")).to_have_text("✓")


def test_employer_pastes_the_json_and_sees_it_is_valid(browse: Any, issued: Issued) -> None:
    page = browse.new_page()
    page.goto("/verify")
    expect(page.locator("h1")).to_have_text("Verify a micro-credential")
    expect(page.locator("#verify-paste")).to_be_enabled()
    page.fill("#credential-json", issued.document)
    # By keyboard: from the text box, Tab reaches the button and Enter verifies.
    page.focus("#credential-json")
    page.keyboard.press("Tab")
    expect(page.locator("#verify-paste")).to_be_focused()
    page.keyboard.press("Enter")
    expect_verdict(page, "valid", "Valid")
    expect(page.locator("#verify-status")).to_have_text("Valid")  # what a screen reader hears
    expect(page.locator("#fact-learner")).to_have_text("Łucja Nowak 0")
    expect(page.locator("#fact-grade")).to_have_text("92")
    expect(page.locator("#credential-sentence")).to_contain_text(f"Issued by {ISSUER}")
    expect_facts(page)
    expect_all_checks_pass(page)
    snap(page, "verify-valid-desktop")


def test_a_link_in_the_address_verifies_on_load_and_fits_a_phone(
    browse: Any, issued: Issued
) -> None:
    page = browse.new_page(PHONE)
    page.goto(f"/verify?url={issued.json_url}")
    expect_verdict(page, "valid", "Valid")
    expect_facts(page)
    expect_all_checks_pass(page)
    expect(page.locator("#credential-url")).to_have_value(issued.json_url)
    assert scroll_width(page) <= PHONE["width"]
    snap(page, "verify-valid-phone")

    # The same page in Polish: verdict and facts in words, codes translated.
    page.click("#lang-pl")
    expect_verdict(page, "valid", "Ważne")
    expect(page.locator("#fact-participation")).to_have_text("Hybrydowo")
    expect(page.locator("#fact-eqf")).to_have_text("ERK 5")
    # The verifier's own words too, not English left in a Polish page.
    expect(page.locator("#check-signature")).to_contain_text("Podpisane przez wystawcę")
    expect(page.locator("#check-status")).to_contain_text("Nie unieważnione")
    assert scroll_width(page) <= PHONE["width"]
    snap(page, "verify-valid-phone-pl")


def test_a_tampered_credential_is_not_valid(browse: Any, issued: Issued) -> None:
    document = json.loads(issued.document)
    for identifier in document["credentialSubject"]["identifier"]:
        if identifier.get("identityType") == "name":
            identifier["identityHash"] = "Mallory Forger"
    page = browse.new_page()
    page.goto("/verify")
    expect(page.locator("#verify-paste")).to_be_enabled()
    page.fill("#credential-json", json.dumps(document))
    page.click("#verify-paste")
    expect_verdict(page, "invalid", "Not valid")
    signature = page.locator("#check-signature")
    expect(signature).to_have_attribute("data-status", "fail")
    expect(signature.locator(".check-mark")).to_have_text("✗")
    expect(page.locator("#fact-learner")).to_have_text("Mallory Forger")

    # Not a credential at all: a sentence, not a stack trace.
    page.fill("#credential-json", "this is not a credential")
    page.click("#verify-paste")
    expect_verdict(page, "unreadable", "Cannot read this")
    expect(page.locator("#verdict-text")).not_to_be_empty()
    expect(page.locator("body")).not_to_contain_text("Traceback")


def test_an_uploaded_baked_badge_verifies_and_a_huge_file_is_refused(
    browse: Any, issued: Issued
) -> None:
    from microcred_market.vc import bake
    from microcred_market.vc.verify import describe

    credential = json.loads(issued.document)
    png = bake.bake_png(bake.badge_image(describe(credential)), credential)
    page = browse.new_page()
    page.goto("/verify")
    # By keyboard: the "Choose a file" button opens the file chooser.
    expect(page.locator("#choose-file")).to_be_enabled()
    with page.expect_file_chooser() as chooser:
        page.focus("#choose-file")
        page.keyboard.press("Enter")
    chooser.value.set_files(files=[{"name": "badge.png", "mimeType": "image/png", "buffer": png}])
    expect_verdict(page, "valid", "Valid")
    expect_facts(page)

    upload = page.locator("#upload-zone input[type=file]")

    huge = b"{" + b" " * 2_100_000 + b"}"
    upload.set_input_files(
        files=[{"name": "huge.json", "mimeType": "application/json", "buffer": huge}]
    )
    expect(page.locator("#verify-error")).to_contain_text("larger than 2 MB")


def _wait_for_credential(page: Page) -> Any:
    """The outbox issues right after the pass is answered; reload until it is there."""
    cards = page.locator(".wallet-credential")
    deadline = time.monotonic() + 30
    while True:
        expect(page.locator("#wallet, #wallet-empty")).to_be_visible()
        if cards.count() > 0 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
        page.reload()
    expect(cards).to_have_count(1)
    return cards.first


def test_pass_issue_download_share_and_revoke(browse: Any, issued: Issued) -> None:
    enrolment = issued.enrolments[1]
    learner_email = issued.learners[1]

    # The assessor finds the roster from the staff page and marks learner 1 passed.
    staff = browse.new_page()
    sign_in(staff, issued.assessor, f"/staff/{issued.slug}")
    staff.click("#learners-link")
    row = staff.locator(f"#enrolment-{enrolment}")
    expect(row).to_contain_text("Łucja Nowak 1")
    expect(row.locator(".roster-state")).to_have_text("Not passed yet")
    row.locator("input[name=grade]").fill("88")
    row.locator("button.mark-passed").click()
    expect(staff.locator("#flash")).to_contain_text("Passed")
    expect(staff.locator(f"#enrolment-{enrolment}")).to_contain_text("88")

    # The learner finds it in the wallet; every download works with the learner's cookies.
    learner = browse.new_page()
    sign_in(learner, learner_email, "/wallet")
    card = _wait_for_credential(learner)
    expect(card.locator(".credential-title")).to_have_text(TITLE)
    expect(card.locator(".credential-state")).to_have_text("Valid")
    pdf = learner.request.get(card.locator(".pdf-link").get_attribute("href") or "")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    document = learner.request.get(card.locator(".json-link").get_attribute("href") or "")
    assert document.status == 200 and "proof" in document.json()
    badge = learner.request.get(card.locator(".badge-link").get_attribute("href") or "")
    assert badge.status == 200 and badge.body().startswith(b"\x89PNG")
    linkedin = card.locator(".linkedin-link").get_attribute("href") or ""
    assert linkedin.startswith("https://www.linkedin.com/profile/add?")
    assert "Analiza+danych+w+Pythonie" in linkedin
    verify_href = card.locator(".verify-link").get_attribute("href") or ""
    uuid = document.json()["id"].removeprefix("urn:uuid:")
    snap(learner, "wallet-desktop")

    # Not shared yet: a stranger sees a friendly sentence and nothing else.
    stranger = browse.new_page()
    stranger.goto(f"/credentials/{uuid}")
    expect(stranger.locator("#not-shared")).to_be_visible()
    expect(stranger.locator("body")).not_to_contain_text("Łucja")
    snap(stranger, "shared-page-not-public")

    card.locator(".share-toggle").click()
    expect(learner.locator("#flash")).to_contain_text("public page is on")
    share_url = learner.locator(".share-url").first
    expect(share_url).to_be_visible()
    href = share_url.get_attribute("href") or ""
    assert href.endswith(f"/credentials/{uuid}")
    learner.set_viewport_size(PHONE)
    snap(learner, "wallet-phone")
    assert scroll_width(learner) <= PHONE["width"]

    stranger.goto(href)
    expect(stranger.locator("h1")).to_have_text(TITLE)
    expect_verdict(stranger, "valid", "Valid")
    expect(stranger.locator("#fact-learner")).to_have_text("Łucja Nowak 1")
    snap(stranger, "shared-page-desktop")
    stranger.set_viewport_size(PHONE)
    snap(stranger, "shared-page-phone")
    assert scroll_width(stranger) <= PHONE["width"]

    # The assessor revokes it with a reason; the verify page and the wallet say so.
    staff.goto(f"/staff/{issued.slug}/learners")
    row = staff.locator(f"#enrolment-{enrolment}")
    expect(row.locator(".roster-state")).to_have_text("Valid")
    snap(staff, "staff-learners-desktop")
    row.locator("input[name=reason]").fill("The project was copied from another learner.")
    row.locator("button.revoke").click()
    expect(staff.locator("#flash")).to_contain_text("Revoked")
    row = staff.locator(f"#enrolment-{enrolment}")
    expect(row.locator(".roster-state")).to_have_text("Revoked")
    staff.set_viewport_size(PHONE)
    snap(staff, "staff-learners-phone")
    assert scroll_width(staff) <= PHONE["width"]

    employer = browse.new_page()
    employer.goto(verify_href)
    expect_verdict(employer, "revoked", "Revoked by the issuer")
    expect(employer.locator("#check-status")).to_have_attribute("data-status", "fail")
    snap(employer, "verify-revoked-desktop")
    employer.set_viewport_size(PHONE)
    snap(employer, "verify-revoked-phone")
    assert scroll_width(employer) <= PHONE["width"]

    learner.reload()
    card = learner.locator(".wallet-credential").first
    expect(card.locator(".credential-state")).to_have_text("Revoked")
    expect(card.locator(".state-reason")).to_contain_text("copied")
    stranger.reload()
    expect_verdict(stranger, "revoked", "Revoked by the issuer")


def test_wallet_and_roster_need_the_right_person(browse: Any, issued: Issued) -> None:
    page = browse.new_page()
    page.goto("/wallet")
    expect(page.locator("#signin-form")).to_be_visible()
    assert "next=%2Fwallet" in page.url or "next=/wallet" in page.url

    sign_in(page, issued.learners[2], "/wallet")
    expect(page.locator("#wallet-empty")).to_be_visible()
    expect(page.locator("#wallet-catalogue")).to_have_attribute("href", "/catalogue")
    page.goto(f"/staff/{issued.slug}/learners")
    expect(page.locator("#denied")).to_be_visible()


def test_suspend_then_reinstate(browse: Any, issued: Issued) -> None:
    """Learner 0's credential: suspended for a while, then valid again."""
    enrolment = issued.enrolments[0]
    staff = browse.new_page()
    sign_in(staff, issued.assessor, f"/staff/{issued.slug}/learners")
    row = staff.locator(f"#enrolment-{enrolment}")
    row.locator("input[name=reason]").fill("Identity check under review.")
    row.locator("button.suspend").click()
    expect(staff.locator("#flash")).to_contain_text("Suspended")

    employer = browse.new_page()
    employer.goto(f"/verify?url={issued.json_url}")
    expect_verdict(employer, "suspended", "Suspended")
    expect(employer.locator("#check-status")).to_have_attribute("data-status", "fail")

    row = staff.locator(f"#enrolment-{enrolment}")
    expect(row.locator(".roster-state")).to_have_text("Suspended")
    row.locator("button.reinstate").click()
    expect(staff.locator("#flash")).to_contain_text("Valid again")
    employer.reload()
    expect_verdict(employer, "valid", "Valid")


def test_staff_pass_a_cohort_from_a_results_file(browse: Any, issued: Issued, tmp_path) -> None:
    """Runs after the wallet test: learner 2 has no credential until this file passes them."""
    staff = browse.new_page()
    sign_in(staff, issued.assessor, f"/staff/{issued.slug}/learners")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text(f"email,grade\n{issued.learners[2]},75\nstranger@example.org,60\n")
    staff.set_input_files("#results-file", str(wrong))
    staff.click("#results-submit")
    expect(staff.locator("#flash")).to_contain_text("line 3: stranger@example.org")
    row = staff.locator(f"#enrolment-{issued.enrolments[2]}")
    expect(row.locator(".roster-state")).to_have_text("Not passed yet")

    right = tmp_path / "right.csv"
    right.write_text(f"email,grade\n{issued.learners[2]},75\n")
    staff.set_input_files("#results-file", str(right))
    staff.click("#results-submit")
    expect(staff.locator("#flash")).to_contain_text("Marked 1 learner passed")
    expect(staff.locator(f"#enrolment-{issued.enrolments[2]}")).to_contain_text("75")
    staff.set_viewport_size(PHONE)
    snap(staff, "staff-results-phone")
    assert scroll_width(staff) <= PHONE["width"]


def _from_elsewhere() -> dict[str, Any]:
    """An OB 3.0 credential another academy signed with its did:key."""
    import nacl.signing

    from microcred_market.platform.clock import utcnow
    from microcred_market.vc import multikey, ob3, proofs
    from microcred_market.vc.contexts import microcred_context_url

    key = nacl.signing.SigningKey.generate()
    public = multikey.encode_public(bytes(key.verify_key))
    did = f"did:key:{public}"
    document = ob3.build_credential(
        credential_id="urn:uuid:6f1c7a1e-0000-4000-8000-0000000000e2",
        issuer=ob3.IssuerFacts(did, "Other Academy", "https://other.example", "DE", "Germany"),
        achievement_facts=ob3.AchievementFacts(
            url="https://other.example/courses/welding",
            title="Welding basics",
            description="Safe MIG welding.",
            learning_outcomes=["Welds a butt joint"],
            ects=ob3.Decimal(2),
            eqf_level=4,
            language="de",
            assessment_type="practical",
            participation_form="onsite",
            quality_assurance="Chamber of crafts",
        ),
        learner=ob3.LearnerFacts("urn:uuid:6f1c7a1e-0000-4000-8000-0000000000e3", "Jo", None),
        issued_at=utcnow(),
        context_url=microcred_context_url(),
    )
    return proofs.sign(document, proofs.Signer(f"{did}#{public}", bytes(key)))


def test_a_credential_from_elsewhere_joins_the_wallet_with_its_verdict(
    browse: Any, issued: Issued, tmp_path: Path
) -> None:
    page = browse.new_page()
    sign_in(page, issued.learners[2], "/wallet")
    expect(page.locator("#external-empty")).to_be_visible()
    genuine = _from_elsewhere()
    path = tmp_path / "welding.json"
    path.write_text(json.dumps(genuine))
    page.set_input_files("#external-file", str(path))
    page.click("#external-add-file")
    expect(page.locator("#flash")).to_contain_text("Verified: signed by its issuer")
    card = page.locator(".external-credential").first
    expect(card.locator(".external-title")).to_have_text("Welding basics")
    expect(card.locator(".external-verdict")).to_have_text("Verified")
    expect(card).to_contain_text("Other Academy")
    expect(card).to_contain_text("Can count toward a qualification.")

    changed = json.loads(json.dumps(genuine))
    changed["credentialSubject"]["achievement"]["name"] = "Welding masterclass"
    page.fill("#external-text", json.dumps(changed))
    page.click("#external-add-text")
    expect(page.locator("#flash")).to_contain_text("Could not be verified")
    expect(page.locator(".external-credential")).to_have_count(2)
    forged = page.locator(".external-credential").filter(has_text="Could not be verified")
    expect(forged.locator(".external-verdict")).to_have_text("Not verified")
    expect(forged).to_contain_text("the signature does not match the credential")
    expect(forged).to_contain_text("Does not count toward a qualification by itself.")

    page.locator(".external-credential").filter(has_text="Verified: signed").locator(
        ".external-recheck"
    ).click()
    expect(page.locator("#flash")).to_contain_text("Checked again. Verified")
    page.set_viewport_size(PHONE)
    assert scroll_width(page) <= PHONE["width"]
    snap(page, "wallet-external-phone")
