"""Every page, at desktop and phone width, in English and Polish: no axe-core violations.

Deque's axe-core (npm, pinned in tests/axe/package-lock.json, installed by
`make axe-deps`, which `make test` runs) is injected into each page once its content has
arrived, and run with the WCAG 2.0/2.1 A and AA rules plus the best-practice ones. Every
violation fails, whatever its impact. Where axe cannot judge contrast (text over a
gradient or a pseudo-element: its "incomplete" answers), tests/axe/contrast.js computes
it from the computed styles.

One compiled app and one browser serve every scan; each scan is its own test, named
page-width-lang, in its own tab of a context carrying the language cookie and, for the
pages behind sign-in, a session cookie of a demo user made in the app's database.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from microcred_market.platform import i18n
from tests.e2e.support import DESKTOP, PHONE, SHOTS_DIR, TIMEOUT_MS

pytestmark = [pytest.mark.e2e]

AXE_DIR = Path(__file__).resolve().parents[1] / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
CONTRAST_JS = AXE_DIR / "contrast.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
LANGS = ("en", "pl")
SLUG = "a11y-uni"
# The text a reader must be able to read on any page, checked by contrast.js as well.
KEY_TEXT = [
    "h1",
    "h2",
    "h3",
    "a",
    "button",
    "label",
    "legend",
    "th",
    "td",
    "dt",
    "dd",
    "p",
    "li",
    "span",
    "strong",
    "code",
    "[role='alert']",
    "[data-accent-color]",
]


@dataclass
class World:
    """The demo catalogue plus one of everything the signed-in pages show."""

    offering: str
    qualification: str
    university: str
    credential: str
    names: dict[str, str]  # what a page about one thing is titled after, by scan
    document: str
    pending_order: str
    paid_order: str
    tokens: dict[str, str] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)  # addresses made for one scan


@dataclass(frozen=True)
class Scan:
    name: str
    path: Callable[[World], str]
    ready: str  # a selector that shows only once the page's content has arrived
    who: str = ""  # "", "learner", "owner" or "operator"
    then: Callable[[Page, World], None] | None = None
    title: str = ""  # the page's title key, `ui.title.<title>`; the scan's name if empty


def _verify_pasted(page: Page, world: World) -> None:
    expect(page.locator("#verify-paste")).to_be_enabled()
    page.fill("#credential-json", world.document)
    page.click("#verify-paste")
    expect(page.locator("#verdict")).to_be_visible()
    expect(page.locator("#checks li.check").first).to_be_visible()


SCANS = [
    Scan("home", lambda w: "/", ".offering-card"),
    Scan("catalogue", lambda w: "/catalogue", ".offering-card"),
    Scan("offering", lambda w: f"/offerings/{w.offering}", "#facts"),
    Scan("qualification", lambda w: f"/qualifications/{w.qualification}", "#qualification-facts"),
    Scan("university", lambda w: f"/universities/{w.university}", ".offering-card"),
    Scan("verify", lambda w: "/verify", "#verify-paste:enabled"),
    Scan(
        "verify-result",
        lambda w: "/verify",
        "#verify-paste:enabled",
        then=_verify_pasted,
        title="verify",
    ),
    Scan(
        "shared-credential",
        lambda w: f"/credentials/{w.credential}",
        "#open-verify",
        title="credential",
    ),
    Scan(
        "not-shared",
        lambda w: "/credentials/00000000-0000-0000-0000-000000000000",
        "#not-shared",
        title="credential",
    ),
    Scan("sign-in", lambda w: "/signin", "#signin-form"),
    Scan("sign-up", lambda w: "/signup", "#signup-form"),
    Scan("forgot-password", lambda w: "/forgot-password", "#forgot-form"),
    Scan("reset-password", lambda w: "/reset-password", "#reset-form"),
    Scan("invitation", lambda w: "/invitation", "#main h1"),
    Scan("not-found", lambda w: "/no-such-page", "#main h1"),
    Scan("account", lambda w: "/account", "#account-email:not(:empty)", "learner"),
    Scan("my-learning", lambda w: "/learning", ".enrolment", "learner"),
    Scan("wallet", lambda w: "/wallet", ".wallet-credential", "learner"),
    Scan(
        "my-progress",
        lambda w: "/progress",
        "#chart-qualifications .recharts-bar-rectangle",
        "learner",
    ),
    Scan(
        "checkout",
        lambda w: f"/checkout/simulated/{w.pending_order}",
        "#checkout-amount:not(:empty)",
        "learner",
    ),
    Scan(
        "checkout-return",
        lambda w: f"/checkout/return?order={w.paid_order}",
        "#order-result",
        "learner",
    ),
    Scan("team-seats", lambda w: f"/seats/{w.offering}", "#buy-seats-submit", "learner"),
    Scan("staff", lambda w: f"/staff/{SLUG}", "#staff-table", "owner"),
    Scan("staff-learners", lambda w: f"/staff/{SLUG}/learners", "#roster", "owner"),
    Scan(
        "staff-assessments", lambda w: f"/staff/{SLUG}/assessments", "#assessments-table", "owner"
    ),
    Scan(
        "staff-builder", lambda w: f"/staff/{SLUG}/assessments/{SLUG}-data", "#rules-form", "owner"
    ),
    Scan(
        "staff-accommodations",
        lambda w: f"/staff/{SLUG}/accommodations",
        "#accommodation-form",
        "owner",
    ),
    Scan("work", lambda w: w.paths["work"], "#work-form", "learner"),
    Scan("review-queue", lambda w: f"/staff/{SLUG}/review", "#queue", "owner"),
    Scan("review-item", lambda w: w.paths["review-item"], "#marking", "owner"),
    Scan("staff-appeals", lambda w: f"/staff/{SLUG}/appeals", "#appeals-empty", "owner"),
    Scan("my-assessment", lambda w: w.paths["my-results"], "#assessment-parts", "learner"),
    Scan("staff-release", lambda w: f"/staff/{SLUG}/release", "#release-empty", "owner"),
    Scan("operator-orders", lambda w: "/admin/orders", "#sales-table", "operator"),
    Scan("operator-outbox", lambda w: "/admin/outbox", "#outbox-table", "operator"),
    Scan("operator-audit", lambda w: "/admin/audit", "#audit-table", "operator"),
    Scan("operator-fees", lambda w: "/admin/fees", "#fees-table", "operator"),
    Scan("operator-vouchers", lambda w: "/admin/vouchers", "#voucher-code", "operator"),
    Scan("operator-mail", lambda w: "/admin/mail", "#mail-search", "operator"),
    Scan(
        "operator-universities", lambda w: "/admin/universities", "#universities-table", "operator"
    ),
    Scan("join", lambda w: "/join", "#join-form", "learner"),
    Scan("staff-university", lambda w: f"/staff/{SLUG}/university", "#uni-page-form", "owner"),
    Scan("staff-payments", lambda w: f"/staff/{SLUG}/payments", "#payments-status", "owner"),
    Scan(
        "simulated-onboarding",
        lambda w: f"/staff/{SLUG}/payments/simulated",
        "#simulated-payable",
        "owner",
    ),
]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"axe-core is not installed in {AXE_DIR}: run `make axe-deps`")
    lock = json.loads((AXE_DIR / "package-lock.json").read_text())
    installed = json.loads((AXE_JS.parent / "package.json").read_text())["version"]
    locked = lock["packages"]["node_modules/axe-core"]["version"]
    assert installed == locked, f"axe-core {installed} installed, {locked} locked: make axe-deps"
    return AXE_JS.read_text()


@pytest.fixture(scope="module")
def world(base_url: str, e2e_database_url: str) -> World:
    """A learner with a credential, orders and an enrolment; a university owner; an operator."""
    from sqlmodel import select

    from microcred_market.accounts import service as accounts
    from microcred_market.accounts.models import StaffRole, User
    from microcred_market.catalogue.models import Offering, Qualification, University
    from microcred_market.credentials import issuing
    from microcred_market.credentials import queries as credential_queries
    from microcred_market.orders import service as orders
    from microcred_market.orders.models import Enrolment
    from microcred_market.platform.clock import utcnow
    from microcred_market.platform.db import session_scope
    from microcred_market.platform.outbox import process_outbox
    from microcred_market.stacking import goals
    from tests.e2e.support import eur_price
    from tests.support.credential_world import make_world
    from tests.support.review_world import add_portfolio

    made = make_world(e2e_database_url, learners=2, slug=SLUG)
    learner_id = made.learners[0]
    with session_scope(e2e_database_url) as session:
        offering = session.exec(
            select(Offering).where(Offering.slug == "uw-analiza-danych-python")
        ).one()
        qualification = session.exec(
            select(Qualification).where(Qualification.slug != f"{SLUG}-diploma")
        ).first()
        university = session.get(University, offering.university_id)
        assert qualification is not None and university is not None
        # A price in EUR too, so the offering and seats pages show the currency choice.
        eur_price(session, offering.id or 0)
        owner = User(email="owner@a11y.example.org", display_name="Olga Owner")
        operator = User(email="ops@a11y.example.org", display_name="Oskar Operator")
        owner.email_verified_at = operator.email_verified_at = utcnow()
        operator.is_admin = True
        session.add_all([owner, operator])
        session.flush()
        assert owner.id is not None and operator.id is not None
        session.add(StaffRole(user_id=owner.id, university_id=made.university_id, role="owner"))
        enrolment = session.exec(select(Enrolment).where(Enrolment.user_id == learner_id)).one()
        issuing.record_pass(session, enrolment, grade="92", actor_user_id=made.assessor_id)
        paid = orders.create_order(
            session, user_id=learner_id, offering_slug=offering.slug, provider="simulated"
        )
        orders.apply_event(
            session, orders.order_by_uuid(session, paid.order_uuid).id or 0, "paid", "e2e"
        )
        pending = orders.create_order(
            session, user_id=learner_id, offering_slug="pg-sql-bazy-danych", provider="simulated"
        )
        goals.pin(session, learner_id, "data-analytics-professional")  # "My progress" has a chart
        tokens = {
            "learner": accounts.create_session(session, learner_id),
            "owner": accounts.create_session(session, owner.id),
            "operator": accounts.create_session(session, operator.id),
        }
        slugs = (offering.slug, qualification.slug, university.slug)
        names = {
            "offering": offering.title,
            "qualification": qualification.title,
            "university": university.name,
        }
    process_outbox(e2e_database_url)
    with session_scope(e2e_database_url) as session:
        item = credential_queries.wallet(session, learner_id)[0]
        issuing.set_public(session, user_id=learner_id, credential_uuid=item.uuid, public=True)
        document = issuing.credential_by_uuid(session, item.uuid).document
    names["shared-credential"] = item.title
    component, review_item = add_portfolio(
        e2e_database_url, made.offering_id, made.learners[1], made.enrolments[1]
    )
    paths = {
        "work": f"/assess/work/{made.enrolments[0]}/{component}",
        "review-item": f"/staff/{SLUG}/review/{review_item}",
        "my-results": f"/assess/{made.enrolments[0]}",
    }
    return World(
        offering=slugs[0],
        qualification=slugs[1],
        university=slugs[2],
        credential=item.uuid,
        names=names,
        document=document,
        pending_order=pending.order_uuid,
        paid_order=paid.order_uuid,
        tokens=tokens,
        paths=paths,
    )


REPORT: dict[str, dict[str, int]] = {}


@pytest.fixture(scope="module")
def contexts(browser: Any, base_url: str, world: World, axe_source: str) -> Any:
    """One browser context per reader (who × language), so the compiled app's files are
    fetched once per reader, not once per scan; each scan opens its own tab in it.

    axe-core comes in as an init script, which the browser runs outside the page's
    Content-Security-Policy (an injected `<script>` would be refused by it), while the
    app's own scripts and styles stay under that policy as a reader's would."""
    made: dict[tuple[str, str], Any] = {}

    def get(who: str, lang: str) -> Any:
        if (who, lang) not in made:
            context = browser.new_context(base_url=base_url, locale="en-GB")
            context.set_default_timeout(TIMEOUT_MS)
            context.add_init_script(script=axe_source)
            cookies = [{"name": "lang", "value": lang, "url": base_url}]
            if who:
                cookies.append({"name": "mc_session", "value": world.tokens[who], "url": base_url})
            context.add_cookies(cookies)
            made[(who, lang)] = context
        return made[(who, lang)]

    yield get
    for context in made.values():
        context.close()


@pytest.fixture(scope="module", autouse=True)
def report() -> Any:
    """Violations per scan, written for the record (before/after figures)."""
    yield REPORT
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    (SHOTS_DIR / "axe-report.json").write_text(json.dumps(REPORT, indent=1, sort_keys=True))


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:4])
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])}×: {targets})")
    return "\n".join(lines)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("scan", SCANS, ids=[s.name for s in SCANS])
def test_page_has_no_accessibility_violations(
    contexts: Any,
    world: World,
    scan: Scan,
    width: str,
    lang: str,
) -> None:
    errors: list[str] = []
    page = contexts(scan.who, lang).new_page()
    page.set_viewport_size(WIDTHS[width])
    try:
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(scan.path(world))
        expect(page.locator(scan.ready).first).to_be_attached()
        if scan.who:  # signed in (on a phone the link sits in the folded menu)
            expect(page.locator("#account-link")).to_be_attached()
        if scan.then:
            scan.then(page, world)
        page.wait_for_timeout(300)  # let the last state update paint
        results = page.evaluate(
            """async (tags) => await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations", "incomplete"],
            })""",
            TAGS,
        )
        violations = results["violations"]
        # Text axe could not judge (over a gradient or a pseudo-element) and the key text:
        # contrast from the computed styles.
        unsure = [
            " ".join(map(str, n["target"]))
            for r in results["incomplete"]
            if r["id"] == "color-contrast"
            for n in r["nodes"]
            if len(n["target"]) == 1
        ]
        contrast = page.evaluate(CONTRAST_JS.read_text(), KEY_TEXT + unsure)
        assert contrast["checked"] > 0
        page_lang = page.evaluate("document.documentElement.lang")
        title = page.title()
    finally:
        page.close()
    problems = []
    if violations:
        problems.append(f"{len(violations)} axe violations:\n{_describe(violations)}")
    if contrast["failures"]:
        problems.append(f"text below the contrast minimum: {contrast['failures']}")
    if page_lang != lang:
        problems.append(f"<html lang> is {page_lang!r} on a {lang} page")
    key = f"ui.title.{scan.title or scan.name}"
    wanted = i18n.t(key, lang) if i18n.has(key) else f"(no {key} in the catalogue)"
    if scan.name in world.names:  # a page about one thing is titled after it
        wanted = f"{world.names[scan.name]} · {i18n.t('ui.brand', lang)}"
    if title != wanted:
        problems.append(f"the title is {title!r}, not {wanted!r}")
    if errors:
        problems.append(f"uncaught errors in the page: {errors}")
    REPORT[f"{scan.name}-{width}-{lang}"] = {
        "rules": len(violations),
        "nodes": sum(len(v["nodes"]) for v in violations),
        "contrast": len(contrast["failures"]),
        "lang": int(page_lang != lang),
        "title": int(title != wanted),
    }
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- the keyboard


def _focused(page: Page) -> dict[str, str]:
    return dict(
        page.evaluate(
            """() => {
                const e = document.activeElement;
                return {tag: e.tagName, id: e.id, type: e.type || "",
                        text: (e.innerText || e.value || "").slice(0, 40),
                        result: e.closest(".offering-card") ? "1" : ""};
            }"""
        )
    )


def _picture(page: Page, box: tuple[int, int, int, int] | None = None) -> Image.Image:
    """The whole page, or the part of it in `box` (page coordinates)."""
    clip = None
    if box is not None:
        clip = {"x": box[0], "y": box[1], "width": box[2] - box[0], "height": box[3] - box[1]}
    shot = page.screenshot(full_page=True, animations="disabled", clip=clip)
    return Image.open(io.BytesIO(shot)).convert("RGB")


def _focus_box(page: Page, size: tuple[int, int], margin: int = 8) -> tuple[int, int, int, int]:
    """Where the focused element is on the whole page, with room for an outline."""
    x, y, w, h = page.evaluate(
        """() => { const r = document.activeElement.getBoundingClientRect();
                   return [r.x + scrollX, r.y + scrollY, r.width, r.height]; }"""
    )
    return (
        max(0, int(x) - margin),
        max(0, int(y) - margin),
        min(size[0], int(x + w) + margin),
        min(size[1], int(y + h) + margin),
    )


def _tab_to_first_result(page: Page, limit: int = 200) -> tuple[int, list[str]]:
    """Tab from the top until a result has focus; returns the presses and the stops where
    the focused element looks exactly as it does with nothing focused (a focus nobody can
    see, such as a date input's calendar button drawn clipped inside the input)."""
    unfocused = _picture(page)
    unseen = []
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        focused = _focused(page)
        box = _focus_box(page, unfocused.size)
        if _picture(page, box).tobytes() == unfocused.crop(box).tobytes():
            unseen.append(f"stop {presses}: {focused}")
        if focused["result"]:
            return presses, unseen
    raise AssertionError(f"no result reached in {limit} Tab presses")


@pytest.mark.catalogue
@pytest.mark.parametrize("lang", LANGS)
def test_every_tab_stop_on_the_catalogue_shows_focus_and_results_are_near(
    browser: Any, base_url: str, lang: str
) -> None:
    context = browser.new_context(viewport=DESKTOP, base_url=base_url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_cookies([{"name": "lang", "value": lang, "url": base_url}])
    try:
        page = context.new_page()
        page.goto("/catalogue")
        expect(page.locator(".offering-card").first).to_be_visible()
        page.wait_for_timeout(300)
        walked, unseen = _tab_to_first_result(page)
        # The way a keyboard user takes: the second skip link jumps over the filters.
        page.goto("/catalogue")
        expect(page.locator(".offering-card").first).to_be_visible()
        page.wait_for_timeout(300)
        keys = 0
        while _focused(page)["id"] != "skip-to-results" and keys < 5:
            page.keyboard.press("Tab")
            keys += 1
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        keys += 2
        landed = _focused(page)
    finally:
        context.close()
    REPORT[f"keyboard-catalogue-{lang}"] = {
        "tab_walk": walked,
        "invisible_stops": len(unseen),
        "skip_keys": keys,
    }
    assert not unseen, "Tab stops that do not show focus:\n" + "\n".join(unseen)
    assert landed["result"], f"after the skip link focus is on {landed}, not the first result"
    assert keys <= 4, f"{keys} keys from the top to the first result"


def test_the_contrast_check_sees_text_over_gradients_and_pseudo_elements(browser: Any) -> None:
    """contrast.js must catch what axe leaves "incomplete", or its silence proves nothing."""
    page = browser.new_page()
    try:
        page.set_content(
            """<style>
              .fade { background: linear-gradient(#ffffff, #777777); }
              .under { position: relative; }
              .under::before { content: ""; position: absolute; inset: 0; z-index: -1;
                               background: #888888; }
            </style>
            <p class="fade" id="on-gradient" style="color: #666666">grey on a gradient</p>
            <div class="under"><span id="on-pseudo" style="color: #777777">grey on grey</span></div>
            <p id="plain" style="color: #000000">black on white</p>"""
        )
        result = page.evaluate(CONTRAST_JS.read_text(), ["p", "span"])
    finally:
        page.close()
    assert result["checked"] == 3
    assert {f["id"] for f in result["failures"]} == {"on-gradient", "on-pseudo"}
