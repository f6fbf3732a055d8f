"""Submitted work, the assessor's queue, locks, blind review, the second marker, appeals."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path
from uuid import UUID

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from microcred_market.accounts import authz
from microcred_market.assessments import appeals, review, submissions
from microcred_market.assessments.models import (
    Appeal,
    AssessmentComponent,
    ComponentResult,
    EvidenceFile,
    ReviewLock,
    Submission,
)
from microcred_market.platform.clock import utcnow
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.platform.models import OutboxMessage
from tests.conftest import migrated
from tests.support.review_world import (
    LEARNER_NAME,
    PDF,
    ReviewWorld,
    make_review_world,
    stored_files,
    use_private_store,
)

pytestmark = pytest.mark.assessments


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return use_private_store(monkeypatch, tmp_path / "uploads")


@pytest.fixture
def sqlite_url(empty_sqlite_url: str) -> str:
    """Most rules here are the service's, not the engine's: SQLite is enough for them."""
    return migrated(empty_sqlite_url)


@pytest.fixture
def rw(sqlite_url: str, store: Path) -> ReviewWorld:
    return make_review_world(sqlite_url, store)


@pytest.fixture
def rw_any(fresh_url: str, store: Path) -> ReviewWorld:
    """On SQLite and PostgreSQL: locks, rollbacks and appeals depend on the engine."""
    return make_review_world(fresh_url, store)


def _who(session: Session, user_id: int) -> authz.Principal:
    return authz.principal_for(session, user_id)


def _submit(rw: ReviewWorld, learner: int = 0, **kwargs: object) -> submissions.SubmissionView:
    params: dict[str, object] = {
        "text": "I cleaned the file and drew two charts.",
        "files": [("Report.pdf", PDF)],
        "links": ["https://github.com/example/cleaning"],
        **kwargs,
    }
    with session_scope(rw.url) as session:
        return submissions.submit_work(
            session,
            user_id=rw.aw.world.learners[learner],
            enrolment_uuid=rw.aw.world.enrolments[learner],
            component_uuid=str(params.pop("component", rw.task_uuid)),
            **params,  # type: ignore[arg-type]
        )


def _ref(view: submissions.SubmissionView) -> str:
    return f"s-{view.uuid}"


def _claim_and_score(rw: ReviewWorld, ref: str, user_id: int, levels: tuple[int, int], **kw):
    with session_scope(rw.url) as session:
        who = _who(session, user_id)
        review.claim(session, who, ref)
        return review.score(
            session,
            who,
            ref,
            scores={"analysis": levels[0], "charts": levels[1]},
            comments={"analysis": "Thorough."},
            **kw,
        )


# ------------------------------------------------------------------ submitting


def test_a_refused_file_stores_nothing_at_all(rw: ReviewWorld) -> None:
    web_page = b"<html><script>alert(1)</script></html>"
    with pytest.raises(InvalidInput):
        _submit(rw, files=[("Report.pdf", PDF), ("cv.pdf", web_page)])
    too_big = b"a" * (20 * 1024 * 1024 + 1)
    with pytest.raises(InvalidInput):
        _submit(rw, files=[("notes.txt", too_big)])
    with pytest.raises(InvalidInput, match="at most 3 files"):
        _submit(rw, files=[(f"n{i}.txt", b"notes\n") for i in range(4)])
    with session_scope(rw.url) as session:
        assert session.exec(select(Submission)).all() == []
        assert session.exec(select(EvidenceFile)).all() == []
    assert stored_files(rw.store) == []


def test_bytes_of_a_rolled_back_submission_are_deleted(rw_any: ReviewWorld) -> None:
    rw = rw_any

    class Boom(Exception):
        pass

    with pytest.raises(Boom), session_scope(rw.url) as session:
        submissions.submit_work(
            session,
            user_id=rw.aw.world.learners[0],
            enrolment_uuid=rw.aw.world.enrolments[0],
            component_uuid=rw.task_uuid,
            text="x",
            files=[("Report.pdf", PDF)],
        )
        assert len(stored_files(rw.store)) == 1
        raise Boom  # a later step of the same request fails
    assert stored_files(rw.store) == []


def test_resubmission_makes_a_new_version_and_supersedes_the_old(rw: ReviewWorld) -> None:
    first = _submit(rw)
    second = _submit(rw, text="Better charts now.", files=[])
    assert (first.version, second.version) == (1, 2)
    with session_scope(rw.url) as session:
        history = submissions.my_submissions(
            session,
            user_id=rw.aw.world.learners[0],
            enrolment_uuid=rw.aw.world.enrolments[0],
            component_uuid=rw.task_uuid,
        )
        assert [(s.version, s.current, s.status) for s in history] == [
            (2, True, "submitted"),
            (1, False, "superseded"),
        ]
        assert history[1].files[0].filename == "Report.pdf"
        # The queue holds only the current version.
        items = review.queue(session, _who(session, rw.aw.world.assessor_id), "assessuni")
        assert [i.ref for i in items] == [_ref(second)]


def test_the_deadline_and_someone_elses_enrolment_are_enforced(rw: ReviewWorld) -> None:
    with session_scope(rw.url) as session:
        task = session.get(AssessmentComponent, rw.task_id)
        assert task is not None
        task.settings = {**task.settings, "due_at": (utcnow() - timedelta(minutes=1)).isoformat()}
        session.add(task)
    with pytest.raises(InvalidInput, match="deadline"):
        _submit(rw)
    with pytest.raises(NotFound), session_scope(rw.url) as session:
        submissions.submit_work(
            session,
            user_id=rw.aw.world.learners[1],
            enrolment_uuid=rw.aw.world.enrolments[0],  # not theirs
            component_uuid=rw.task_uuid,
            text="mine now",
        )


def test_a_portfolio_maps_evidence_to_each_learning_outcome(rw: ReviewWorld) -> None:
    view = _submit(
        rw,
        component=rw.portfolio_uuid,
        text="Six years of data work at a logistics firm.",
        outcome_evidence={0: "Cleaned shipment logs weekly.", "1": "Built the KPI dashboard."},
        files=[],
    )
    assert view.outcome_evidence == {
        "0": "Cleaned shipment logs weekly.",
        "1": "Built the KPI dashboard.",
    }
    with pytest.raises(InvalidInput, match="learning outcome"):
        _submit(rw, component=rw.portfolio_uuid, outcome_evidence={"7": "?"}, files=[])
    with session_scope(rw.url) as session:
        detail = review.item_detail(
            session, _who(session, rw.aw.world.assessor_id), "assessuni", _ref(view)
        )
        assert detail.outcomes == [
            ("Cleans a messy CSV file", "Cleaned shipment logs weekly."),
            ("Draws a readable chart", "Built the KPI dashboard."),
        ]


# ------------------------------------------------------------------ downloads


def test_evidence_downloads_only_for_its_assessors_and_its_owner(rw: ReviewWorld) -> None:
    view = _submit(rw)
    file_uuid = view.files[0].uuid
    with session_scope(rw.url) as session:
        data, headers = submissions.evidence_download(
            session, _who(session, rw.aw.world.assessor_id), file_uuid
        )
        assert data == PDF and headers["Content-Type"] == "application/pdf"
        assert "attachment" in headers["Content-Disposition"]
        data, _ = submissions.evidence_download(
            session, _who(session, rw.aw.world.learners[0]), file_uuid
        )
        assert data == PDF
        for stranger in (rw.aw.world.outsider_id, rw.aw.world.learners[1]):
            with pytest.raises(NotFound):
                submissions.evidence_download(session, _who(session, stranger), file_uuid)
        with pytest.raises(NotFound):
            submissions.evidence_download(session, authz.ANONYMOUS, file_uuid)
        with pytest.raises(NotFound):
            submissions.evidence_download(session, authz.ANONYMOUS, "not-a-uuid")


# ------------------------------------------------------------------ locks


def test_a_claim_locks_out_other_assessors_until_it_expires(rw_any: ReviewWorld) -> None:
    rw = rw_any
    ref = _ref(_submit(rw))
    a, b = rw.aw.world.assessor_id, rw.second_id
    with session_scope(rw.url) as session:
        review.claim(session, _who(session, a), ref)
    with pytest.raises(InvalidInput, match="Another assessor"), session_scope(rw.url) as session:
        review.claim(session, _who(session, b), ref)
    with pytest.raises(InvalidInput), session_scope(rw.url) as session:
        review.score(session, _who(session, b), ref, scores={"analysis": 2, "charts": 2})
    with session_scope(rw.url) as session:  # the lock runs out
        lock = session.exec(select(ReviewLock)).one()
        lock.expires_at = utcnow() - timedelta(seconds=1)
        session.add(lock)
    with session_scope(rw.url) as session:
        taken = review.claim(session, _who(session, b), ref)
        assert taken.mine and taken.holder == "Bogdan Second"
    with pytest.raises(InvalidInput, match="Another assessor"), session_scope(rw.url) as session:
        review.score(session, _who(session, a), ref, scores={"analysis": 2, "charts": 2})
    with session_scope(rw.url) as session:
        marked = review.score(session, _who(session, b), ref, scores={"analysis": 2, "charts": 2})
        assert marked.result_recorded and marked.percent == 100
        assert session.exec(select(ReviewLock)).all() == []


def test_an_assessor_of_another_university_sees_and_claims_nothing(rw: ReviewWorld) -> None:
    ref = _ref(_submit(rw))
    outsider = rw.aw.world.outsider_id  # owner at another university
    with session_scope(rw.url) as session:
        who = _who(session, outsider)
        with pytest.raises(authz.Forbidden):
            review.queue(session, who, "assessuni")
        for call in (
            lambda: review.claim(session, who, ref),
            lambda: review.item_detail(session, who, "assessuni", ref),
            lambda: review.score(session, who, ref, scores={"analysis": 2, "charts": 2}),
        ):
            with pytest.raises(NotFound):
                call()


# ------------------------------------------------------------------ blind review


def test_blind_review_never_shows_the_learners_name(sqlite_url: str, store: Path) -> None:
    rw = make_review_world(sqlite_url, store, blind=True)
    view = _submit(rw, files=[(f"{LEARNER_NAME} report.pdf", PDF)])
    with session_scope(rw.url) as session:
        who = _who(session, rw.aw.world.assessor_id)
        items = review.queue(session, who, "assessuni")
        detail = review.item_detail(session, who, "assessuni", _ref(view))
        _data, headers = submissions.evidence_download(session, who, view.files[0].uuid)
    shown = json.dumps([asdict(i) for i in items] + [asdict(detail), headers], default=str)
    assert items and detail.learner == ""
    for part in ("Łucja", "Nowak", "Lucja"):
        assert part not in shown
    assert items[0].learner_ref.startswith("L-")
    # The learner still sees their own file under the name they gave it.
    with session_scope(rw.url) as session:
        _data, own = submissions.evidence_download(
            session, _who(session, rw.aw.world.learners[0]), view.files[0].uuid
        )
    assert "Nowak" in own["Content-Disposition"]


# ------------------------------------------------------------------ second marker


def test_a_score_inside_the_margin_goes_to_a_second_marker(rw: ReviewWorld) -> None:
    # Pass mark for min_level 1: every criterion at level 1 = 4 of 8 points = 50 %.
    ref = _ref(_submit(rw))
    first = _claim_and_score(rw, ref, rw.aw.world.assessor_id, (1, 1))
    assert first.second_marker_needed and not first.result_recorded
    with session_scope(rw.url) as session:
        assert session.exec(select(ComponentResult)).all() == []
        # Not for the first marker again; for another assessor, at the second stage.
        assert review.queue(session, _who(session, rw.aw.world.assessor_id), "assessuni") == []
        items = review.queue(session, _who(session, rw.second_id), "assessuni")
        assert [(i.ref, i.stage) for i in items] == [(ref, "second")]
        # The second marker marks afresh: the first score is not shown to them.
        waiting = review.item_detail(session, _who(session, rw.second_id), "assessuni", ref)
        assert [(h.what, h.percent) for h in waiting.history] == [("first", "")]
        with pytest.raises(InvalidInput, match="another assessor"):
            review.claim(session, _who(session, rw.aw.world.assessor_id), ref)
    second = _claim_and_score(rw, ref, rw.second_id, (2, 1))
    assert second.result_recorded and second.stage == "second"
    with session_scope(rw.url) as session:
        result = session.exec(select(ComponentResult)).one()
        # Reconciliation: the second marker's marking decides.
        assert (result.percent, result.passed, result.source) == (75, True, "review")
        assert result.decided_by_user_id == rw.second_id
        detail = review.item_detail(session, _who(session, rw.third_id), "assessuni", ref)
        assert [(h.what, h.who) for h in detail.history] == [
            ("first", "Anna Assessor"),
            ("second", "Bogdan Second"),
        ]


def test_a_score_outside_the_margin_is_decided_by_one_marker(rw: ReviewWorld) -> None:
    ref = _ref(_submit(rw))
    marked = _claim_and_score(rw, ref, rw.aw.world.assessor_id, (2, 2))  # 100 %
    assert not marked.second_marker_needed and marked.result_recorded
    failed_ref = _ref(_submit(rw, learner=1))
    failed = _claim_and_score(rw, failed_ref, rw.aw.world.assessor_id, (2, 0))  # 50 %, fails
    # 50 % is the pass mark itself, so it goes to a second marker although it fails min_level.
    assert failed.second_marker_needed and not failed.passed


def test_the_first_assessor_may_ask_for_a_second_marker(sqlite_url: str, store: Path) -> None:
    rw = make_review_world(sqlite_url, store, margin=None)
    ref = _ref(_submit(rw))
    marked = _claim_and_score(rw, ref, rw.aw.world.assessor_id, (2, 2), request_second=True)
    assert marked.second_marker_needed


# ------------------------------------------------------------------ appeals


def _released_result(rw: ReviewWorld) -> tuple[str, str]:
    ref = _ref(_submit(rw))
    _claim_and_score(rw, ref, rw.aw.world.assessor_id, (1, 1))  # 50 %: a second marker
    _claim_and_score(rw, ref, rw.second_id, (1, 1))
    with session_scope(rw.url) as session:
        result = session.exec(select(ComponentResult)).one()
        assert result.released_at is not None  # not moderated: released at once
        return ref, str(result.uuid)


def test_an_appeal_goes_to_a_third_assessor_and_keeps_both_scores(rw_any: ReviewWorld) -> None:
    rw = rw_any
    _ref_, result_uuid = _released_result(rw)
    learner = rw.aw.world.learners[0]
    with session_scope(rw.url) as session:
        with pytest.raises(InvalidInput, match="at least"):
            appeals.request_appeal(session, user_id=learner, result_uuid=result_uuid, reason="no")
        filed = appeals.request_appeal(
            session,
            user_id=learner,
            result_uuid=result_uuid,
            reason="The charts were labelled; see page 2.",
        )
        assert filed.assessor == "Celina Third"  # neither the first nor the second marker
    with pytest.raises(InvalidInput, match="already appealed"), session_scope(rw.url) as session:
        appeals.request_appeal(
            session, user_id=learner, result_uuid=result_uuid, reason="Once more, please."
        )
    appeal_ref = f"p-{filed.uuid}"
    with session_scope(rw.url) as session:
        for marker in (rw.aw.world.assessor_id, rw.second_id):
            with pytest.raises(InvalidInput):
                review.claim(session, _who(session, marker), appeal_ref)
        items = review.queue(session, _who(session, rw.third_id), "assessuni")
        assert [(i.ref, i.stage) for i in items] == [(appeal_ref, "appeal")]
    decided = _claim_and_score(rw, appeal_ref, rw.third_id, (2, 1))
    assert decided.result_recorded
    with session_scope(rw.url) as session:
        appeal = session.exec(select(Appeal)).one()
        assert (appeal.original_percent, appeal.new_percent, appeal.outcome) == (50, 75, "changed")
        current = session.exec(
            select(ComponentResult).where(ComponentResult.current == sa.true())
        ).one()
        assert (current.source, current.percent, current.passed) == ("appeal", 75, True)
        mails = session.exec(select(OutboxMessage).where(OutboxMessage.kind == "mail")).all()
        assert any(m.payload.get("template") == "appeal_changed" for m in mails)
        lines = appeals.university_appeals(
            session, _who(session, rw.aw.world.assessor_id), "assessuni"
        )
        assert [(a.status, a.outcome) for a in lines] == [("decided", "changed")]


def test_an_appeal_after_the_deadline_is_refused(rw: ReviewWorld) -> None:
    _ref_, result_uuid = _released_result(rw)
    with session_scope(rw.url) as session:
        result = session.exec(
            select(ComponentResult).where(ComponentResult.uuid == UUID(result_uuid))
        ).one()
        result.released_at = utcnow() - timedelta(days=15)
        session.add(result)
    with pytest.raises(InvalidInput, match="within 14 days"), session_scope(rw.url) as session:
        appeals.request_appeal(
            session,
            user_id=rw.aw.world.learners[0],
            result_uuid=result_uuid,
            reason="Too late, but still.",
        )
    with pytest.raises(NotFound), session_scope(rw.url) as session:
        appeals.request_appeal(
            session,
            user_id=rw.aw.world.learners[1],  # not their result
            result_uuid=result_uuid,
            reason="I want to appeal this one.",
        )


@pytest.mark.postgres
def test_two_assessors_claiming_at_once_never_both_win(
    empty_postgres_url: str, store: Path
) -> None:
    rw = make_review_world(migrated(empty_postgres_url), store)
    refs = [_ref(_submit(rw)), _ref(_submit(rw, learner=1))]
    people = [rw.aw.world.assessor_id, rw.second_id, rw.third_id]

    def attempt(ref: str, user_id: int) -> str:
        try:
            with session_scope(rw.url) as session:
                review.claim(session, _who(session, user_id), ref)
            return "won"
        except InvalidInput:
            return "lost"

    with ThreadPoolExecutor(max_workers=6) as pool:
        for ref in refs:
            outcomes = list(pool.map(lambda uid, r=ref: attempt(r, uid), people * 2))
            winners = {uid for uid, o in zip(people * 2, outcomes, strict=True) if o == "won"}
            assert len(winners) == 1, outcomes
    with session_scope(rw.url) as session:
        assert len(session.exec(select(ReviewLock)).all()) == 2


def test_my_learning_lists_each_task_and_portfolio_with_where_it_stands(rw: ReviewWorld) -> None:
    _submit(rw)
    with session_scope(rw.url) as session:
        entries = submissions.work_entries(session, rw.aw.world.learners[0])
    assert [(e.kind, e.latest_version, e.latest_status, e.open) for e in entries] == [
        ("task", 1, "submitted", True),
        ("portfolio", 0, "", True),
    ]


def test_work_handed_in_before_the_window_closed_is_marked_and_appealed_after(
    rw: ReviewWorld,
) -> None:
    from microcred_market.assessments.models import Assessment

    ref = _ref(_submit(rw))
    with session_scope(rw.url) as session:
        submission = session.exec(select(Submission)).one()
        submission.submitted_at = utcnow() - timedelta(hours=1)
        assessment = session.get(Assessment, rw.aw.assessment_id)
        assert assessment is not None
        assessment.window_closes_at = utcnow() - timedelta(minutes=1)  # closed since
        session.add_all([submission, assessment])
    marked = _claim_and_score(rw, ref, rw.aw.world.assessor_id, (2, 2))
    assert marked.result_recorded


def test_essay_answers_are_marked_one_by_one_and_the_quiz_result_follows(
    rw: ReviewWorld,
) -> None:
    from decimal import Decimal

    from microcred_market.assessments.models import QuizAnswer, QuizAttempt
    from microcred_market.orders.models import Enrolment
    from tests.support.quiz_world import add_questions, question

    add_questions(rw.url, rw.aw.quiz_id, [question("q1"), question("q_essay", "essay", 4)])
    with session_scope(rw.url) as session:
        enrolment = session.exec(
            select(Enrolment).where(Enrolment.uuid == UUID(rw.aw.world.enrolments[0]))
        ).one()
        attempt = QuizAttempt(
            component_id=rw.aw.quiz_id,
            enrolment_id=enrolment.id or 0,
            user_id=enrolment.user_id,
            status="submitted",
            seed="fixed",
            paper=[{"q": "q1", "choices": None}, {"q": "q_essay", "choices": None}],
            finished_at=utcnow(),
            pending_marking=True,
        )
        session.add(attempt)
        session.flush()
        session.add_all(
            [
                QuizAnswer(attempt_id=attempt.id or 0, question_ident="q1", answer="q1_a"),
                QuizAnswer(
                    attempt_id=attempt.id or 0,
                    question_ident="q_essay",
                    answer="Median imputation keeps outliers from skewing the mean.",
                ),
            ]
        )
        ref = f"a-{attempt.uuid}"
    with session_scope(rw.url) as session:
        who = _who(session, rw.aw.world.assessor_id)
        assert [i.ref for i in review.queue(session, who, "assessuni")] == [ref]
        detail = review.item_detail(session, who, "assessuni", ref)
        assert [(e.ident, e.max_points) for e in detail.essays] == [("q_essay", 4)]
        review.claim(session, who, ref)
        with pytest.raises(InvalidInput, match="from 0 to 4 points"):
            review.mark_essays(session, who, ref, marks={"q_essay": "5"})
    with session_scope(rw.url) as session:
        who = _who(session, rw.aw.world.assessor_id)
        marked = review.mark_essays(session, who, ref, marks={"q_essay": "3"})
        # 1 (right choice) + 3 of 4 (the essay) = 4 of 5 points.
        assert marked.percent == Decimal("80.00") and marked.passed
    with session_scope(rw.url) as session:
        attempt = session.exec(select(QuizAttempt)).one()
        assert (attempt.status, attempt.pending_marking) == ("marked", False)
        essay = session.exec(select(QuizAnswer).where(QuizAnswer.question_ident == "q_essay")).one()
        assert essay.points == 3 and essay.marked_by_user_id == rw.aw.world.assessor_id
        result = session.exec(select(ComponentResult)).one()
        assert (result.attempt_id, result.percent, result.source) == (attempt.id, 80, "review")
        assert review.queue(session, _who(session, rw.aw.world.assessor_id), "assessuni") == []


def test_the_learner_sees_the_deciding_marking_once_released(sqlite_url: str, store: Path) -> None:
    rw = make_review_world(sqlite_url, store)
    ref = _ref(_submit(rw))
    _claim_and_score(rw, ref, rw.aw.world.assessor_id, (2, 1), comment="Good work overall.")
    with session_scope(rw.url) as session:
        feedback = review.learner_feedback(
            session,
            user_id=rw.aw.world.learners[0],
            enrolment_uuid=rw.aw.world.enrolments[0],
            component_uuid=rw.task_uuid,
        )
    assert feedback is not None and feedback.percent == 75 and feedback.passed
    assert [(c.title, c.level, c.comment) for c in feedback.criteria] == [
        ("Analysis", 2, "Thorough."),
        ("Charts", 1, ""),
    ]
    assert feedback.comment == "Good work overall."
    with session_scope(rw.url) as session:  # moderated: nothing shows before release
        result = session.exec(select(ComponentResult)).one()
        result.released_at = None
        session.add(result)
    with session_scope(rw.url) as session:
        assert (
            review.learner_feedback(
                session,
                user_id=rw.aw.world.learners[0],
                enrolment_uuid=rw.aw.world.enrolments[0],
                component_uuid=rw.task_uuid,
            )
            is None
        )


def test_the_queue_is_oldest_first_and_filters_by_offering_and_cohort(rw: ReviewWorld) -> None:
    in_submission_order = [_ref(_submit(rw, learner=1)), _ref(_submit(rw, learner=0))]
    with session_scope(rw.url) as session:
        rows = session.exec(select(Submission).order_by(Submission.id)).all()
        rows[0].submitted_at = utcnow() - timedelta(minutes=1)  # learner 1's came second
        rows[1].submitted_at = utcnow() - timedelta(hours=1)
        session.add_all(rows)
    with session_scope(rw.url) as session:
        who = _who(session, rw.aw.world.assessor_id)
        items = review.queue(session, who, "assessuni")
        assert [i.ref for i in items] == in_submission_order[::-1]
        # A self-paced offering: the cohort is the month of enrolment.
        month = items[0].cohort
        assert len(month) == 7 and review.cohorts(session, who, "assessuni") == [month]
        assert len(review.queue(session, who, "assessuni", cohort=month)) == 2
        assert review.queue(session, who, "assessuni", cohort="1999-01") == []
        assert len(review.queue(session, who, "assessuni", offering="assessuni-data")) == 2
        assert review.queue(session, who, "assessuni", offering="elsewhere") == []
