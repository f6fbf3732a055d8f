"""A learner's work for a practical task or an evidence portfolio, and its files.

A submission is the learner's only copy of what they sent us, and an assessor reads it
weeks later, so it is all or nothing: every file is checked (type sniffed from the bytes,
size) before any is stored, the storage keys are made here, never from the uploader's
file name, and bytes stored for a transaction that then rolls back (a later file refused,
the commit failing) are deleted again. A resubmission before the deadline is a new row
(`version + 1`); the older one stays, marked `superseded`, so what was marked is never
rewritten.

For recognition of prior learning a portfolio maps the learner's experience to each
learning outcome of the offering (`outcome_evidence`: outcome index → description).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import uuid4

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session, col, select

from microcred_market.accounts import authz
from microcred_market.assessments.models import (
    Assessment,
    AssessmentComponent,
    EvidenceFile,
    Submission,
)
from microcred_market.assessments.results import assessment_of, require_window_open
from microcred_market.catalogue.models import Offering
from microcred_market.orders.models import Enrolment
from microcred_market.orders.service import start_assessment
from microcred_market.platform import audit, uploads
from microcred_market.platform.clock import aware, utcnow
from microcred_market.platform.db import parse_uuid, saved_id
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.platform.storage import Data, storage
from microcred_market.settings import get_settings

WORK_KINDS = ("task", "portfolio")
DEFAULT_MAX_FILES = 10
MAX_FILES_CAP = 20  # whatever a component says, no submission carries more
MAX_TEXT = 20_000
MAX_OUTCOME_TEXT = 5_000
MAX_LINKS = 10
MAX_FILENAME = 200
_PENDING = "microcred.storage_pending"


# --------------------------------------------------------------------- read side


@dataclass(frozen=True)
class FileView:
    uuid: str
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class SubmissionView:
    uuid: str
    version: int
    current: bool
    status: str
    text: str
    outcome_evidence: dict[str, str]
    links: list[str]
    files: list[FileView]
    submitted_at: datetime


@dataclass(frozen=True)
class WorkTask:
    """What the learner's page shows before and after submitting."""

    enrolment_uuid: str
    component_uuid: str
    offering_title: str
    kind: str
    title: str
    instructions: str
    rubric: dict[str, Any]
    pass_rule: dict[str, Any]
    outcomes: list[str]  # the offering's learning outcomes (a portfolio maps to each)
    due_at: datetime | None
    open: bool  # the window is open and the deadline has not passed
    max_files: int
    max_file_mb: int
    submissions: list[SubmissionView]


def due_at(component: AssessmentComponent) -> datetime | None:
    """The deadline in the component's settings (`due_at`, ISO 8601), as aware UTC."""
    raw = (component.settings or {}).get("due_at")
    if not raw:
        return None
    try:
        return aware(datetime.fromisoformat(str(raw)))
    except ValueError:
        return None


def max_files(component: AssessmentComponent) -> int:
    raw = (component.settings or {}).get("max_files", DEFAULT_MAX_FILES)
    try:
        return max(0, min(int(raw), MAX_FILES_CAP))
    except (TypeError, ValueError):
        return DEFAULT_MAX_FILES


def _files_of(session: Session, submission_ids: list[int]) -> dict[int, list[FileView]]:
    found: dict[int, list[FileView]] = {i: [] for i in submission_ids}
    if not submission_ids:
        return found
    rows = session.exec(
        select(EvidenceFile)
        .where(col(EvidenceFile.submission_id).in_(submission_ids))
        .order_by(col(EvidenceFile.id))
    ).all()
    for row in rows:
        found[row.submission_id].append(
            FileView(str(row.uuid), row.filename, row.content_type, row.size)
        )
    return found


def views(session: Session, rows: list[Submission]) -> list[SubmissionView]:
    files = _files_of(session, [saved_id(r) for r in rows])
    return [
        SubmissionView(
            uuid=str(r.uuid),
            version=r.version,
            current=r.current,
            status=r.status,
            text=r.text,
            outcome_evidence=dict(r.outcome_evidence or {}),
            links=list(r.links or []),
            files=files[saved_id(r)],
            submitted_at=aware(r.submitted_at),
        )
        for r in rows
    ]


# --------------------------------------------------------------------- lookups


def learner_enrolment(session: Session, user_id: int, enrolment_uuid: str) -> Enrolment:
    """The caller's own active enrolment; someone else's reads as missing, never forbidden."""
    key = parse_uuid(enrolment_uuid, "error.assessments.enrolment_not_found")
    row = session.exec(select(Enrolment).where(Enrolment.uuid == key)).first()
    if row is None or row.user_id != user_id:
        raise NotFound("error.assessments.enrolment_not_found")
    if row.status != "active":
        raise InvalidInput("error.credentials.enrolment_cancelled")
    return row


def work_component(
    session: Session, enrolment: Enrolment, component_uuid: str
) -> tuple[Assessment, AssessmentComponent]:
    """A task or portfolio of the version this enrolment is assessed by."""
    key = parse_uuid(component_uuid, "error.assessments.component_not_found")
    assessment = assessment_of(session, enrolment)
    if assessment is None or assessment.status == "draft":
        raise NotFound("error.assessments.not_found")
    component = session.exec(
        select(AssessmentComponent).where(
            AssessmentComponent.uuid == key,
            AssessmentComponent.assessment_id == assessment.id,
        )
    ).first()
    if component is None or component.kind not in WORK_KINDS:
        raise NotFound("error.assessments.component_not_found")
    return assessment, component


def _history(session: Session, enrolment_id: int, component_id: int) -> list[Submission]:
    return list(
        session.exec(
            select(Submission)
            .where(Submission.enrolment_id == enrolment_id, Submission.component_id == component_id)
            .order_by(col(Submission.version).desc())
        ).all()
    )


def _is_open(assessment: Assessment, component: AssessmentComponent, now: datetime) -> bool:
    try:
        require_window_open(assessment, now)
    except InvalidInput:
        return False
    deadline = due_at(component)
    return deadline is None or now <= deadline


def work_task(
    session: Session, *, user_id: int, enrolment_uuid: str, component_uuid: str
) -> WorkTask:
    enrolment = learner_enrolment(session, user_id, enrolment_uuid)
    assessment, component = work_component(session, enrolment, component_uuid)
    offering = session.get(Offering, enrolment.offering_id)
    return WorkTask(
        enrolment_uuid=str(enrolment.uuid),
        component_uuid=str(component.uuid),
        offering_title=offering.title if offering else "",
        kind=component.kind,
        title=component.title,
        instructions=component.instructions,
        rubric=dict(component.rubric or {}),
        pass_rule=dict(component.pass_rule or {}),
        outcomes=list(offering.learning_outcomes or []) if offering else [],
        due_at=due_at(component),
        open=_is_open(assessment, component, utcnow()),
        max_files=max_files(component),
        max_file_mb=get_settings().upload_max_mb,
        submissions=views(session, _history(session, saved_id(enrolment), saved_id(component))),
    )


@dataclass(frozen=True)
class WorkEntry:
    """A task or portfolio of one of the learner's enrolments, for My learning."""

    enrolment_uuid: str
    component_uuid: str
    title: str
    kind: str
    due_at: datetime | None
    open: bool
    latest_version: int  # 0: nothing submitted yet
    latest_status: str


def work_entries(session: Session, user_id: int) -> list[WorkEntry]:
    """Every task and portfolio of the learner's active enrolments, with where they stand."""
    enrolments = session.exec(
        select(Enrolment)
        .where(Enrolment.user_id == user_id, Enrolment.status == "active")
        .order_by(col(Enrolment.id))
    ).all()
    now = utcnow()
    found: list[WorkEntry] = []
    for enrolment in enrolments:
        assessment = assessment_of(session, enrolment)
        if assessment is None or assessment.status == "draft":
            continue
        for component in session.exec(
            select(AssessmentComponent)
            .where(
                AssessmentComponent.assessment_id == assessment.id,
                col(AssessmentComponent.kind).in_(WORK_KINDS),
            )
            .order_by(col(AssessmentComponent.position))
        ).all():
            history = _history(session, saved_id(enrolment), saved_id(component))
            found.append(
                WorkEntry(
                    enrolment_uuid=str(enrolment.uuid),
                    component_uuid=str(component.uuid),
                    title=component.title,
                    kind=component.kind,
                    due_at=due_at(component),
                    open=_is_open(assessment, component, now),
                    latest_version=history[0].version if history else 0,
                    latest_status=history[0].status if history else "",
                )
            )
    return found


def my_submissions(
    session: Session, *, user_id: int, enrolment_uuid: str, component_uuid: str
) -> list[SubmissionView]:
    """Every version the learner sent for this part, newest first."""
    enrolment = learner_enrolment(session, user_id, enrolment_uuid)
    _assessment, component = work_component(session, enrolment, component_uuid)
    return views(session, _history(session, saved_id(enrolment), saved_id(component)))


# --------------------------------------------------------------------- storing


def _non_empty(data: Data) -> bool:
    if isinstance(data, bytes | bytearray | memoryview):
        return len(data) > 0
    return True


def _forget_on_rollback(session: Session, key: str) -> None:
    """Delete `key` from storage if this unit of work rolls back instead of committing.

    The database row and the stored bytes cannot share a transaction; so the key is
    remembered on the session and deleted by a rollback (a later refusal in the same
    request, or a failing commit), and forgotten once the commit went through.
    """
    pending: list[str] | None = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = []

        @event.listens_for(session, "after_soft_rollback")
        def _rolled_back(sess: Any, previous: Any) -> None:
            if previous.nested or previous.parent is not None:
                return  # a savepoint: the work around it may still commit
            keys: list[str] = sess.info.get(_PENDING) or []
            while keys:
                _delete_quietly(keys.pop())

        @event.listens_for(session, "after_commit")
        def _committed(sess: Any) -> None:
            keys: list[str] = sess.info.get(_PENDING) or []
            keys.clear()

    pending.append(key)


def _delete_quietly(key: str) -> None:
    try:
        storage().delete(key)
    except Exception:  # noqa: BLE001 (an orphan file is harmless; a crash here is not)
        return


def _clean_links(links: list[str]) -> list[str]:
    cleaned: list[str] = []
    for raw in links:
        text = (raw or "").strip()
        if not text:
            continue
        cleaned.append(uploads.check_evidence_link(text))
    if len(cleaned) > MAX_LINKS:
        raise InvalidInput("error.assessments.too_many_links", n=MAX_LINKS)
    return list(dict.fromkeys(cleaned))


def _clean_outcomes(outcome_evidence: dict[Any, str], outcomes: list[str]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for raw_index, raw_text in (outcome_evidence or {}).items():
        try:
            index = int(str(raw_index))
        except ValueError:
            raise InvalidInput("error.assessments.unknown_outcome") from None
        if not 0 <= index < len(outcomes):
            raise InvalidInput("error.assessments.unknown_outcome")
        text = (raw_text or "").strip()
        if len(text) > MAX_OUTCOME_TEXT:
            raise InvalidInput("error.assessments.outcome_too_long", n=MAX_OUTCOME_TEXT)
        if text:
            cleaned[str(index)] = text
    return cleaned


def submit_work(
    session: Session,
    *,
    user_id: int,
    enrolment_uuid: str,
    component_uuid: str,
    text: str,
    outcome_evidence: dict[Any, str] | None = None,
    links: list[str] | None = None,
    files: list[tuple[str, Data]] | None = None,
) -> SubmissionView:
    """Store a new version of the learner's work; all of it, or nothing.

    A file is bytes or a seekable binary file (an upload spooled to disk by the form
    post), so a large submission is never held in memory whole.
    """
    enrolment = learner_enrolment(session, user_id, enrolment_uuid)
    assessment, component = work_component(session, enrolment, component_uuid)
    now = utcnow()
    require_window_open(assessment, now)
    deadline = due_at(component)
    if deadline is not None and now > deadline:
        raise InvalidInput("error.assessments.deadline_passed")
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise InvalidInput("error.assessments.work_text_too_long", n=MAX_TEXT)
    offering = session.get(Offering, enrolment.offering_id)
    outcomes = list(offering.learning_outcomes or []) if offering else []
    evidence = _clean_outcomes(outcome_evidence or {}, outcomes)
    if component.kind == "task" and evidence:
        raise InvalidInput("error.assessments.unknown_outcome")
    clean_links = _clean_links(links or [])
    given = [(name, data) for name, data in (files or []) if name or _non_empty(data)]
    if len(given) > max_files(component):
        raise InvalidInput("error.assessments.too_many_files", n=max_files(component))
    # Every file is checked before any is stored: a refused file stores nothing.
    accepted = [uploads.check_upload(data, name) for name, data in given]
    if not (text or evidence or clean_links or accepted):
        raise InvalidInput("error.assessments.nothing_submitted")

    history = _history(session, saved_id(enrolment), saved_id(component))
    if any(r.status == "marked" and r.current for r in history):
        # Marked work is what the result rests on; a new version would orphan the review.
        raise InvalidInput("error.assessments.already_marked")
    session.execute(
        sa.update(Submission)
        .where(
            col(Submission.enrolment_id) == enrolment.id,
            col(Submission.component_id) == component.id,
            col(Submission.current) == sa.true(),
        )
        .values(current=False, status="superseded")
    )
    row = Submission(
        component_id=saved_id(component),
        enrolment_id=saved_id(enrolment),
        user_id=user_id,
        version=(history[0].version + 1) if history else 1,
        text=text,
        outcome_evidence=evidence,
        links=clean_links,
        submitted_at=now,
    )
    session.add(row)
    # Handing in work starts the assessment as a quiz attempt does: withdrawal ends.
    start_assessment(enrolment)
    session.add(enrolment)
    session.flush()
    store = storage()
    for position, (data, item) in enumerate(zip((d for _, d in given), accepted, strict=True)):
        file_uuid = uuid4()
        key = f"evidence/{row.uuid}/{position + 1}-{file_uuid}"
        _forget_on_rollback(session, key)
        if not isinstance(data, bytes | bytearray | memoryview):
            data.seek(0)
        stored = store.put(key, data, item.content_type)
        session.add(
            EvidenceFile(
                uuid=file_uuid,
                submission_id=saved_id(row),
                storage_key=key,
                filename=item.safe_filename[:MAX_FILENAME],
                content_type=item.content_type,
                size=stored.size,
                sha256=stored.sha256 or item.sha256,
            )
        )
    session.flush()
    audit.record(
        session,
        "assessment.submitted",
        audit.user(user_id),
        str(enrolment.uuid),
        component=str(component.uuid),
        version=row.version,
        files=len(accepted),
        links=len(clean_links),
    )
    return views(session, [row])[0]


# --------------------------------------------------------------------- download


def _submission_of_file(
    session: Session, file_uuid: str
) -> tuple[EvidenceFile, Submission, Offering]:
    key = parse_uuid(file_uuid, "error.uploads.not_found")
    row = session.exec(select(EvidenceFile).where(EvidenceFile.uuid == key)).first()
    submission = session.get(Submission, row.submission_id) if row else None
    enrolment = session.get(Enrolment, submission.enrolment_id) if submission else None
    offering = session.get(Offering, enrolment.offering_id) if enrolment else None
    if row is None or submission is None or offering is None:
        raise NotFound("error.uploads.not_found")
    return row, submission, offering


def may_download(principal: authz.Principal, submission: Submission, university_id: int) -> bool:
    return (principal.signed_in and principal.user_id == submission.user_id) or authz.can(
        principal, "university.assess", university_id
    )


def evidence_download(
    session: Session, principal: authz.Principal, file_uuid: str
) -> tuple[bytes, dict[str, str]]:
    """The file's bytes and the headers to send them with (see `evidence_stream`)."""
    chunks, headers = evidence_stream(session, principal, file_uuid)
    return b"".join(chunks), headers


def evidence_stream(
    session: Session, principal: authz.Principal, file_uuid: str
) -> tuple[Iterator[bytes], dict[str, str]]:
    """The file in chunks, opened now (a missing object fails here), and its headers.

    Anyone but the learner who sent it and the assessors of that university gets the
    same NotFound as for a file that does not exist: a download link reveals nothing.
    Under blind review the name an assessor gets is not the learner's own name for the
    file (which may hold their name), only `evidence-<id>.<type>`.
    """
    row, submission, offering = _submission_of_file(session, file_uuid)
    if not may_download(principal, submission, offering.university_id):
        raise NotFound("error.uploads.not_found")
    filename = row.filename
    if principal.user_id != submission.user_id:
        component = session.get(AssessmentComponent, submission.component_id)
        assessment = session.get(Assessment, component.assessment_id) if component else None
        if assessment is not None and assessment.blind_review:
            filename = blind_filename(row)
        audit.record(
            session,
            "assessment.evidence_downloaded",
            audit.user(principal.user_id),
            str(row.uuid),
        )
    chunks = storage().open(row.storage_key)
    return chunks, uploads.download_headers(_Meta(row.content_type, filename, row.size))


@dataclass(frozen=True)
class _Meta:
    content_type: str
    safe_filename: str
    size: int


def blind_filename(row: EvidenceFile) -> str:
    return blind_filename_of(str(row.uuid), row.filename)


def blind_filename_of(file_uuid: str, filename: str) -> str:
    """A name that tells the assessor the file's type and nothing of who sent it."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    clean = "".join(ch for ch in extension if ch.isascii() and ch.isalnum())[:8]
    name = f"evidence-{file_uuid[:8]}"
    return f"{name}.{clean}" if clean else name
