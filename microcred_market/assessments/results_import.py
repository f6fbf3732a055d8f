"""A whole cohort's assessor decisions from a results file (CSV) instead of one click each.

All or nothing: every line is checked first (enrolled, grade on the version's scale,
assessment window open); if any line is wrong, nobody is marked and staff get the list of
lines to fix. Otherwise each line is recorded as an assessor's decision
(`decisions.record`) in one transaction; released passes queue their credentials, which
the worker issues in batches.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from microcred_market.accounts import authz
from microcred_market.accounts.models import User
from microcred_market.assessments import decisions
from microcred_market.catalogue.models import Offering
from microcred_market.orders.models import Enrolment
from microcred_market.platform.errors import DomainError, InvalidInput
from microcred_market.platform.i18n import Phrase

MAX_BYTES = 1_000_000
MAX_ROWS = 5_000
# An e-mail address is at most 254 characters; no cell of a results file needs more.
MAX_FIELD_CHARS = 1_000
EMAIL_HEADERS = {"email", "e-mail", "adres e-mail"}
GRADE_HEADERS = {"grade", "ocena"}
OFFERING_HEADERS = {"offering", "course", "kurs"}


@dataclass
class ImportReport:
    """How many decisions were recorded, or what is wrong with which line (in any language).

    `passed`: decisions recorded; `issuing`: of them, passes already released (the
    credential is on its way); the others wait for the owner's release.
    """

    passed: int = 0
    issuing: int = 0
    problems: list[tuple[int, Phrase]] = field(default_factory=list)


def _rows(data: bytes) -> list[list[str]]:
    if len(data) > MAX_BYTES:
        raise InvalidInput("error.credentials.file_too_large")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("error.credentials.file_not_utf8") from None
    if "\0" in text:
        raise InvalidInput("error.credentials.file_not_csv")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [r for r in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in r)]
    except csv.Error:  # a field over the csv module's limit (128 KB), a stray NUL or quote
        raise InvalidInput("error.credentials.file_field_too_long", n=MAX_FIELD_CHARS) from None
    if any(len(cell) > MAX_FIELD_CHARS for row in rows for cell in row):
        raise InvalidInput("error.credentials.file_field_too_long", n=MAX_FIELD_CHARS)
    if not rows:
        raise InvalidInput("error.credentials.file_empty")
    if len(rows) > MAX_ROWS + 1:
        raise InvalidInput("error.credentials.file_too_many_rows", n=MAX_ROWS)
    return rows


def _columns(header: list[str]) -> tuple[int, int | None, int | None]:
    names = [h.strip().lower() for h in header]
    email = next((i for i, n in enumerate(names) if n in EMAIL_HEADERS), None)
    if email is None:
        raise InvalidInput("error.credentials.file_no_header")
    grade = next((i for i, n in enumerate(names) if n in GRADE_HEADERS), None)
    offering = next((i for i, n in enumerate(names) if n in OFFERING_HEADERS), None)
    return email, grade, offering


def _line_problem(error: DomainError, grade: str | None) -> Phrase:
    """The reason a decision cannot be recorded, worded for one line of the file."""
    if error.key.rsplit(".", 1)[-1].startswith("grade_"):
        reason = error.key.rsplit(".", 1)[-1]  # grade_not_percent -> row_grade_not_percent
        return Phrase(
            f"error.credentials.row_{reason}", {"grade": (grade or "")[:20], **error.params}
        )
    return Phrase(error.key, error.params)


def _cell(row: list[str], index: int | None) -> str:
    return row[index].strip() if index is not None and index < len(row) else ""


def pass_from_csv(
    session: Session, *, principal: authz.Principal, university_id: int, data: bytes
) -> ImportReport:
    authz.require(principal, "university.assess", university_id)
    rows = _rows(data)
    email_col, grade_col, offering_col = _columns(rows[0])
    open_enrolments = session.exec(
        select(Enrolment, User.email, Offering.slug)
        .join(User, col(User.id) == Enrolment.user_id)
        .join(Offering, col(Offering.id) == Enrolment.offering_id)
        .where(
            Offering.university_id == university_id,
            Enrolment.status == "active",
            col(Enrolment.passed_at).is_(None),
        )
    ).all()
    by_email: dict[str, list[tuple[Enrolment, str]]] = {}
    for enrolment, email, slug in open_enrolments:
        if email:
            by_email.setdefault(email.lower(), []).append((enrolment, slug))
    report = ImportReport()
    chosen: list[decisions.Prepared] = []
    seen: set[int | None] = set()
    for line, row in enumerate(rows[1:], start=2):
        email = _cell(row, email_col).lower()
        grade = _cell(row, grade_col) or None
        offering = _cell(row, offering_col)
        candidates = by_email.get(email, [])
        if offering:
            candidates = [c for c in candidates if c[1] == offering]
        if not email:
            report.problems.append((line, Phrase("error.credentials.row_no_email")))
        elif not candidates and offering:
            report.problems.append(
                (
                    line,
                    Phrase(
                        "error.credentials.row_not_enrolled_in",
                        {"email": email, "offering": offering},
                    ),
                )
            )
        elif not candidates:
            report.problems.append(
                (line, Phrase("error.credentials.row_not_enrolled", {"email": email}))
            )
        elif len(candidates) > 1:
            report.problems.append(
                (
                    line,
                    Phrase(
                        "error.credentials.row_ambiguous", {"email": email, "n": len(candidates)}
                    ),
                )
            )
        elif candidates[0][0].id in seen:
            report.problems.append((line, Phrase("error.credentials.row_twice", {"email": email})))
        else:
            seen.add(candidates[0][0].id)
            try:
                prepared = decisions.prepare(
                    session,
                    candidates[0][0],
                    grade=grade,
                    passed=True,
                )
            except DomainError as error:
                report.problems.append((line, _line_problem(error, grade)))
            else:
                chosen.append(prepared)
    if report.problems or not chosen:
        if not report.problems:
            report.problems.append((1, Phrase("error.credentials.file_no_learners")))
        return report
    for prepared in chosen:
        done = decisions.record(session, prepared, passed=True, actor_user_id=principal.user_id)
        report.issuing += done.issuing
    report.passed = len(chosen)
    return report
