"""Every page the app registers, with demo data behind it, for checks that cover them all.

`every_route()` reads the routes from Reflex's registry (filled by `wiring.add_pages`
when the harness loaded the app), so a page added later is checked too; a new route with
a parameter fails loudly until `address()` knows a value for it. `busy_world` makes one
person who sees the most: a learner with a long name, an enrolment, a paid order, a
pending one and a public credential, who is also an operator and a university's owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote
from uuid import UUID

from playwright.sync_api import Page, expect

PASSWORD = "plums are purple on tuesdays"
LONG_NAME = "Maksymilianna Konstantynopolitańczykiewiczówna-Wielkopolska"
WORLD_SLUG = "e2e-pages"
OFFERING = "uw-analiza-danych-python"
PENDING_OFFERING = "uw-statystyka-stosowana"


@dataclass(frozen=True)
class BusyWorld:
    email: str
    paid_order: str
    pending_order: str
    credential: str
    staff_slug: str
    attempt: str = ""  # an open quiz attempt of this person
    work: str = ""  # this person's portfolio page (/assess/work/<enrolment>/<component>)
    review_item: str = ""  # someone else's portfolio at the university this person owns


def busy_world(url: str) -> BusyWorld:
    """Built once per database; calling it again returns what is there."""
    from sqlmodel import select

    from microcred_market.accounts import passwords
    from microcred_market.accounts.models import StaffRole, User
    from microcred_market.credentials import issuing
    from microcred_market.credentials import queries as credential_queries
    from microcred_market.credentials.models import IssuedCredential
    from microcred_market.orders import service as orders
    from microcred_market.orders.models import Enrolment, Order
    from microcred_market.orders.payments import checkout
    from microcred_market.platform.db import session_scope
    from microcred_market.platform.outbox import process_outbox
    from tests.support.credential_world import make_world

    email = f"learner0@{WORLD_SLUG}.example.org"
    with session_scope(url) as session:
        existing = session.exec(select(User).where(User.email == email)).first()
    if existing is None:
        world = make_world(url, learners=1, slug=WORLD_SLUG)
        with session_scope(url) as session:
            user = session.get(User, world.learners[0])
            assert user is not None
            user.email = email
            user.display_name = LONG_NAME
            user.is_admin = True
            user.password_hash = passwords.hash_password(PASSWORD)
            session.add(user)
            session.add(StaffRole(user_id=user.id, university_id=world.university_id, role="owner"))
            enrolment = session.exec(select(Enrolment).where(Enrolment.user_id == user.id)).one()
            issuing.record_pass(session, enrolment, grade="92", actor_user_id=world.assessor_id)
            paid = orders.create_order(
                session, user_id=user.id, offering_slug=OFFERING, provider="simulated"
            )
            checkout.apply_simulated_outcome(
                session, order_uuid=paid.order_uuid, user_id=user.id, event="paid"
            )
            orders.create_order(
                session, user_id=user.id, offering_slug=PENDING_OFFERING, provider="simulated"
            )
            # A sale at the university this person owns, to someone else.
            sale = orders.create_order(
                session,
                user_id=world.outsider_id,
                offering_slug=f"{WORLD_SLUG}-data",
                provider="simulated",
            )
            if sale.state == "pending":  # a free course is enrolled at once
                checkout.apply_simulated_outcome(
                    session, order_uuid=sale.order_uuid, user_id=world.outsider_id, event="paid"
                )
        process_outbox(url)
    with session_scope(url) as session:
        user = session.exec(select(User).where(User.email == email)).one()
        assert user.id is not None
        item = credential_queries.wallet(session, user.id)[0]
        row = session.exec(
            select(IssuedCredential).where(IssuedCredential.uuid == UUID(str(item.uuid)))
        ).one()
        row.public = True
        session.add(row)
        mine = session.exec(select(Order).where(Order.user_id == user.id)).all()
        paid_uuid = next(str(o.uuid) for o in mine if o.state == "paid")
        pending_uuid = next(str(o.uuid) for o in mine if o.state == "pending")
        user_id = user.id
    attempt = _busy_attempt(url, user_id)
    work, review_item = _busy_work(url, user_id)
    return BusyWorld(
        email, paid_uuid, pending_uuid, str(item.uuid), WORLD_SLUG, attempt, work, review_item
    )


def _busy_work(url: str, user_id: int) -> tuple[str, str]:
    """A portfolio part with a rubric beside the quiz, and a buyer's portfolio to review."""
    from sqlmodel import col, select

    from microcred_market.accounts.models import User
    from microcred_market.assessments import submissions
    from microcred_market.assessments.models import AssessmentComponent, Submission
    from microcred_market.catalogue.models import Offering
    from microcred_market.orders.models import Enrolment
    from microcred_market.platform.db import session_scope

    with session_scope(url) as session:
        offering = session.exec(select(Offering).where(Offering.slug == f"{WORLD_SLUG}-data")).one()
        quiz = session.exec(
            select(AssessmentComponent)
            .where(AssessmentComponent.kind == "quiz")
            .order_by(col(AssessmentComponent.id).desc())
        ).first()
        assert quiz is not None
        mine, theirs = (
            session.exec(
                select(Enrolment).where(
                    Enrolment.offering_id == offering.id, Enrolment.user_id == who
                )
            ).first()
            for who in (
                user_id,
                session.exec(select(User.id).where(col(User.email).like("outsider@%"))).first(),
            )
        )
        assert mine is not None
        portfolio = session.exec(
            select(AssessmentComponent).where(
                AssessmentComponent.assessment_id == quiz.assessment_id,
                AssessmentComponent.kind == "portfolio",
            )
        ).first()
        if portfolio is None:
            portfolio = AssessmentComponent(
                assessment_id=quiz.assessment_id,
                position=1,
                kind="portfolio",
                title="Portfolio doświadczenia zawodowego w analizie danych",
                instructions="Opisz swoje doświadczenie dla każdego efektu uczenia się.",
                weight=0,
                pass_rule={"min_level": 1},
                rubric={
                    "criteria": [
                        {
                            "id": "evidence",
                            "title": "Wiarygodność dowodów",
                            "levels": [
                                {"points": 0, "descriptor": "Brak dowodów"},
                                {"points": 2, "descriptor": "Dowody częściowe"},
                                {"points": 4, "descriptor": "Dowody pełne i sprawdzalne"},
                            ],
                        }
                    ]
                },
            )
            session.add(portfolio)
            session.flush()
        work = f"/assess/work/{mine.uuid}/{portfolio.uuid}"
        if theirs is None or theirs.status != "active":
            return work, ""
        existing = session.exec(
            select(Submission).where(Submission.enrolment_id == theirs.id)
        ).first()
        if existing is None:
            view = submissions.submit_work(
                session,
                user_id=theirs.user_id,
                enrolment_uuid=str(theirs.uuid),
                component_uuid=str(portfolio.uuid),
                text="Siedem lat analizy danych logistycznych w Krakowie.",
                outcome_evidence={"0": "Co tydzień czyściłem dzienniki przesyłek."},
                links=["https://github.com/example/portfolio"],
            )
            return work, f"s-{view.uuid}"
        return work, f"s-{existing.uuid}"


def _busy_attempt(url: str, user_id: int) -> str:
    """An open attempt at a quiz of every kind of question, for the quiz page."""
    from sqlmodel import select

    from microcred_market.assessments import attempts
    from microcred_market.assessments.models import Assessment, AssessmentComponent, QuizAttempt
    from microcred_market.catalogue.models import Offering
    from microcred_market.orders.models import Enrolment
    from microcred_market.platform.clock import utcnow
    from microcred_market.platform.db import session_scope
    from tests.support.quiz_world import add_questions, question

    with session_scope(url) as session:
        found = session.exec(select(QuizAttempt).where(QuizAttempt.user_id == user_id)).first()
        if found is not None:
            return str(found.uuid)
        offering = session.exec(select(Offering).where(Offering.slug == f"{WORLD_SLUG}-data")).one()
        assessment = Assessment(
            offering_id=offering.id or 0, status="published", published_at=utcnow()
        )
        session.add(assessment)
        session.flush()
        component = AssessmentComponent(
            assessment_id=assessment.id or 0,
            kind="quiz",
            title="Konstantynopolitańczykowianeczka: a quiz with a long name",
            weight=100,
            pass_rule={"min_percent": 50},
            settings={"time_limit_minutes": 90, "attempts": 2},
        )
        session.add(component)
        session.flush()
        component_id, component_uuid = component.id or 0, str(component.uuid)
        enrolment = session.exec(
            select(Enrolment).where(
                Enrolment.user_id == user_id, Enrolment.offering_id == offering.id
            )
        ).one()
        enrolment_uuid = str(enrolment.uuid)
    ordering = question("q_order", "single")
    ordering.update(kind="ordering", key={"order": ["q_order_a", "q_order_b", "q_order_c"]})
    ordering["choices"] = ordering["choices"][:3]
    matching = {
        "id": "q_match",
        "kind": "matching",
        "prompt": "Match the city to its river.",
        "points": 2,
        "left": [{"id": "krk", "text": "Kraków"}, {"id": "wro", "text": "Wrocław"}],
        "right": [{"id": "vis", "text": "Wisła"}, {"id": "odr", "text": "Odra"}],
        "key": {"pairs": {"krk": "vis", "wro": "odr"}},
    }
    multiple = question("q_multi", "single")
    multiple.update(kind="multiple", key={"correct": ["q_multi_a", "q_multi_c"]})
    text = question("q_text", "single")
    text.update(kind="text", key={"accepted": ["Wisła"]})
    text.pop("choices")
    add_questions(
        url,
        component_id,
        [
            question("q_single"),
            multiple,
            question("q_tf", "truefalse"),
            question("q_num", "numeric"),
            text,
            matching,
            ordering,
            question("q_essay", "essay", 5),
        ],
    )
    with session_scope(url) as session:
        view = attempts.start_attempt(
            session, user_id=user_id, enrolment_uuid=enrolment_uuid, component_uuid=component_uuid
        )
        return view.uuid


def every_route() -> list[str]:
    """The route of every page the app registered (`wiring.add_pages`)."""
    from reflex_base.registry import RegistrationContext

    routes = {
        str(kwargs.get("route") or fn.__name__)
        for fn, kwargs in RegistrationContext.ensure_context().decorated_pages
    }
    assert len(routes) > 15, routes  # the registry really is the app's
    return sorted({"/" + r.lstrip("/") for r in routes})


def address(route: str, world: BusyWorld) -> str:
    """A real address for `route`, with demo values for its parameters."""
    values = {
        "/offerings/[slug]": f"/offerings/{OFFERING}",
        "/universities/[slug]": "/universities/uniwersytet-warszawski",
        "/qualifications/[slug]": "/qualifications/data-analytics-professional",
        "/staff/[slug]": f"/staff/{world.staff_slug}",
        "/staff/[slug]/learners": f"/staff/{world.staff_slug}/learners",
        "/staff/[slug]/assessments": f"/staff/{world.staff_slug}/assessments",
        "/staff/[slug]/assessments/[offering]": (
            f"/staff/{world.staff_slug}/assessments/{world.staff_slug}-data"
        ),
        "/staff/[slug]/accommodations": f"/staff/{world.staff_slug}/accommodations",
        "/staff/[slug]/university": f"/staff/{world.staff_slug}/university",
        "/staff/[slug]/payments": f"/staff/{world.staff_slug}/payments",
        "/staff/[slug]/payments/simulated": f"/staff/{world.staff_slug}/payments/simulated",
        "/staff/[slug]/analytics": f"/staff/{world.staff_slug}/analytics",
        "/staff/[slug]/qualifications": f"/staff/{world.staff_slug}/qualifications",
        "/staff/[slug]/recognition": f"/staff/{world.staff_slug}/recognition",
        "/staff/[slug]/exports": f"/staff/{world.staff_slug}/exports",
        "/staff/[slug]/cohorts": f"/staff/{world.staff_slug}/cohorts",
        "/staff/[slug]/offerings/import": f"/staff/{world.staff_slug}/offerings/import",
        "/staff/[slug]/offerings": f"/staff/{world.staff_slug}/offerings",
        "/staff/[slug]/offerings/new": f"/staff/{world.staff_slug}/offerings/new",
        "/staff/[slug]/offerings/[offering]": (
            f"/staff/{world.staff_slug}/offerings/{world.staff_slug}-data"
        ),
        "/staff/[slug]/offerings/[offering]/preview": (
            f"/staff/{world.staff_slug}/offerings/{world.staff_slug}-data/preview"
        ),
        "/staff/[slug]/offerings/[offering]/cohorts": (
            f"/staff/{world.staff_slug}/offerings/{world.staff_slug}-data/cohorts"
        ),
        "/credentials/[uuid]": f"/credentials/{world.credential}",
        "/checkout/simulated/[order]": f"/checkout/simulated/{world.pending_order}",
        "/checkout/return": f"/checkout/return?order={world.paid_order}",
        "/seats/[slug]": f"/seats/{OFFERING}",
        "/catalogue": "/catalogue?q=dane",
        "/assess/quiz/[attempt]": f"/assess/quiz/{world.attempt}",
        "/staff/[slug]/attempts": f"/staff/{world.staff_slug}/attempts",
        "/assess/work/[enrolment]/[component]": world.work,
        "/staff/[slug]/review": f"/staff/{world.staff_slug}/review",
        "/staff/[slug]/review/[item]": f"/staff/{world.staff_slug}/review/{world.review_item}",
        "/staff/[slug]/appeals": f"/staff/{world.staff_slug}/appeals",
        "/staff/[slug]/release": f"/staff/{world.staff_slug}/release",
        # this person's results page: the enrolment of their portfolio page
        "/assess/[enrolment]": "/assess/" + world.work.split("/")[3],
    }
    if route in values:
        return values[route]
    assert "[" not in route, f"add a demo value for {route} to tests/e2e/every_page.py"
    return route


def sign_in(page: Page, email: str) -> None:
    page.goto(f"/signin?next={quote('/learning')}")
    page.fill("#field-email", email)
    page.fill("#field-password", PASSWORD)
    page.click("#signin-submit")
    expect(page.locator("main .order-state").first).to_be_visible()


def settle(page: Page, path: str) -> None:
    """Open `path` and wait until the page shows its content, not a skeleton."""
    page.goto(path)
    try:
        expect(page.locator("main")).to_be_visible()
        expect(page.locator("main .skeleton")).to_have_count(0)
    except AssertionError:
        pass  # measured as it is; the check that follows says what is wrong
    page.wait_for_timeout(300)


def header_rows(page: Page) -> int:
    """How many rows the header's visible links and buttons take."""
    centres: list[float] = page.evaluate(
        """() => [...document.querySelectorAll('header a, header button')]
             .map(e => e.getBoundingClientRect())
             .filter(r => r.width > 0 && r.height > 0)
             .map(r => r.top + r.height / 2)"""
    )
    rows: list[float] = []
    for y in sorted(centres):
        if not rows or y - rows[-1] > 16:
            rows.append(y)
    return len(rows)


def sideways(page: Page) -> dict[str, Any] | None:
    """The page's width beyond the window (or its table cells cut off at the edge), and the
    widest element, or None if it fits."""
    return page.evaluate(
        """() => {
          // A table cell beyond the window's edge is hidden as surely as a page that
          // scrolls: it sits in its own scroll box, where nobody on a phone looks.
          const cells = [...document.querySelectorAll('main td, main th')].filter(c => {
            const r = c.getBoundingClientRect();
            return r.width > 0 && r.right > window.innerWidth + 1;
          });
          if (cells.length) {
            const c = cells[0];
            return {over: 0, hidden_cells: cells.length,
                    table: (c.closest('table') || {}).id || '', text: c.innerText.slice(0, 40)};
          }
          const over = document.documentElement.scrollWidth - window.innerWidth;
          if (over <= 0) return null;
          let widest = null;
          for (const e of document.querySelectorAll('body *')) {
            const r = e.getBoundingClientRect();
            if (r.right > window.innerWidth + 1 && (!widest || r.right > widest.right))
              widest = {right: r.right, tag: e.tagName, id: e.id, cls: String(e.className)};
          }
          return {over, widest};
        }"""
    )
