"""Many offerings at once from a CSV file, all or nothing, with a report per row.

The file is checked as an upload first (`platform.uploads`: its bytes must be plain
UTF-8 text, within `MAX_BYTES`), then read with the csv module (comma, semicolon or tab,
as spreadsheets save it; at most `MAX_ROWS` rows). Each row is one new offering of the
university. Every row is parsed and checked before anything is written: each cell's own
form (a number, a date, a code from the vocabularies), then the whole offering by
`catalogue.service.validate_offering`, the one validator the portal's forms use too; a
row with `publish` = yes is checked as the portal checks publishing (every mandatory EU
element, each missing one named in its column) and gets its first version. Each problem
names its row (as a spreadsheet numbers it: the header is row 1), its column and what is
wrong, in the reader's language. If any row has a problem, nothing is written; otherwise
every offering is saved (`save_offering`: search words folded, so a published one is found
at once) in the caller's one transaction, and one audit row lists what was created.

Columns (`COLUMNS`; the downloadable template has them all, in this order): lists
(learning outcomes, ESCO skills) hold one entry per line or entries separated by `|`;
an ESCO skill is its URI, optionally followed by a space and its label; the price is in
major units (`1490.00` or `1490,00`); dates are `YYYY-MM-DD`; yes/no columns take
yes/no, true/false, 1/0 or tak/nie. `other_prices` (optional) holds the offering's prices
in currencies other than its own, each a currency and an amount (`EUR 230.00 | ...`),
checked as the portal's prices section checks them (`catalogue.prices`).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlmodel import Session, col, select

from microcred_market.catalogue import prices, vocab
from microcred_market.catalogue.authoring import version_for_issue
from microcred_market.catalogue.models import Offering, OfferingPrice, University
from microcred_market.catalogue.service import save_offering, validate_offering
from microcred_market.platform import audit
from microcred_market.platform.errors import InvalidInput, NotFound
from microcred_market.platform.i18n import Phrase, Phrases
from microcred_market.platform.text import slugify
from microcred_market.platform.uploads import check_upload

MAX_BYTES = 2_000_000
MAX_ROWS = 2_000
MAX_CELL_CHARS = 20_000
ESCO_PREFIX = "http://data.europa.eu/esco/skill/"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

COLUMNS = (
    "slug",
    "title",
    "summary",
    "description",
    "learning_outcomes",
    "esco_skills",
    "ects",
    "eqf_level",
    "nqf_level",
    "nqf_framework",
    "isced_f_code",
    "language",
    "participation_form",
    "assessment_type",
    "supervision",
    "prerequisites",
    "quality_assurance",
    "price",
    "currency",
    "other_prices",
    "start_date",
    "end_date",
    "self_paced",
    "seat_capacity",
    "publish",
)
REQUIRED = ("title", "ects", "eqf_level")
TEMPLATE_EXAMPLE = {
    "slug": "",
    "title": "Green energy for engineers",
    "summary": "Photovoltaics, heat pumps and storage in practice.",
    "description": "Six weeks of online workshops with a design project.",
    "learning_outcomes": "Sizes a photovoltaic installation. | Compares heat pumps by COP.",
    "esco_skills": ESCO_PREFIX + "6d3edede-8951-4621-a835-e04323300fa0 renewable energy",
    "ects": "3",
    "eqf_level": "6",
    "nqf_level": "6",
    "nqf_framework": "PRK",
    "isced_f_code": "0713",
    "language": "en",
    "participation_form": "online",
    "assessment_type": "project",
    "supervision": "unsupervised-no-id",
    "prerequisites": "",
    "quality_assurance": "Internal quality assurance of the university, accredited by PKA",
    "price": "990.00",
    "currency": "PLN",
    "other_prices": "EUR 230.00",
    "start_date": "2027-03-01",
    "end_date": "2027-04-15",
    "self_paced": "no",
    "seat_capacity": "40",
    "publish": "no",
}
# Which column a problem found by `validate_offering` is about ("" = the whole row).
PROBLEM_COLUMNS = {
    "error.catalogue.needs_free_slug": "slug",
    # What publishing needs (the EU elements); the awarding body and its country are the
    # university's, so no column of the file holds them.
    "error.catalogue.eu_element.title": "title",
    "error.catalogue.eu_element.learning_outcomes": "learning_outcomes",
    "error.catalogue.eu_element.workload": "ects",
    "error.catalogue.eu_element.eqf_level": "eqf_level",
    "error.catalogue.eu_element.national_level": "nqf_level",
    "error.catalogue.eu_element.assessment_type": "assessment_type",
    "error.catalogue.eu_element.participation_form": "participation_form",
    "error.catalogue.eu_element.quality_assurance": "quality_assurance",
    "error.catalogue.needs_title": "title",
    "error.catalogue.needs_eqf_level": "eqf_level",
    "error.catalogue.needs_ects": "ects",
    "error.catalogue.needs_currency": "currency",
    "error.catalogue.needs_price": "price",
    "error.catalogue.needs_participation_form": "participation_form",
    "error.catalogue.needs_assessment_type": "assessment_type",
    "error.catalogue.needs_supervision": "supervision",
    "error.catalogue.needs_start_date": "start_date",
    "error.catalogue.needs_end_after_start": "end_date",
    "error.catalogue.needs_seat_capacity": "seat_capacity",
}
_YES = {"yes", "y", "true", "1", "tak", "t"}
_NO = {"no", "n", "false", "0", "nie", ""}
_MAX_LENGTHS = {
    "slug": 120,
    "title": 200,
    "summary": 600,
    "nqf_framework": 40,
    "isced_f_code": 4,
}


@dataclass(frozen=True)
class RowProblem:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str  # a name of COLUMNS, or "" for the whole row or file
    problem: Phrase


@dataclass(frozen=True)
class ImportReport:
    rows: int
    created: tuple[str, ...] = ()
    published: int = 0
    problems: tuple[RowProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.created)


Progress = Callable[[int, int], None]


@dataclass
class _Row:
    number: int
    offering: Offering
    problems: list[RowProblem] = field(default_factory=list)
    other_prices: dict[str, int] = field(default_factory=dict)

    def problem(self, column: str, key: str, **params: object) -> None:
        self.problems.append(RowProblem(self.number, column, Phrase(key, params)))


def template_rows() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The template's header and its one example row."""
    return COLUMNS, tuple(TEMPLATE_EXAMPLE[c] for c in COLUMNS)


# ---------------------------------------------------------------- reading the file


def read_rows(data: bytes, filename: str = "offerings.csv") -> list[list[str]]:
    """The file's non-empty rows (header first), or InvalidInput saying what is wrong."""
    accepted = check_upload(data, filename or "offerings.csv", max_bytes=MAX_BYTES)
    if accepted.kind != "text":
        raise InvalidInput("error.catalogue.import_not_csv")
    text = data.decode("utf-8-sig")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:4096], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            if not any(cell.strip() for cell in row):
                continue
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                raise InvalidInput("error.catalogue.import_too_many_rows", n=MAX_ROWS)
    except csv.Error:  # a field over the csv module's limit (128 KB), a stray quote
        raise InvalidInput("error.catalogue.import_cell_too_long", n=MAX_CELL_CHARS) from None
    if len(rows) < 2:
        raise InvalidInput("error.catalogue.import_no_rows")
    return rows


def _header(names: list[str]) -> tuple[dict[str, int], list[RowProblem]]:
    index: dict[str, int] = {}
    problems = []
    for position, raw in enumerate(names):
        name = raw.strip().lower().replace(" ", "_").replace("-", "_")
        if name in index:
            problems.append(
                RowProblem(1, name, Phrase("error.catalogue.import_column_twice", {"name": name}))
            )
        elif name in COLUMNS:
            index[name] = position
        elif name:
            problems.append(
                RowProblem(
                    1,
                    raw.strip()[:60],
                    Phrase("error.catalogue.import_column_unknown", {"name": raw.strip()[:60]}),
                )
            )
    for name in REQUIRED:
        if name not in index:
            problems.append(
                RowProblem(1, name, Phrase("error.catalogue.import_column_missing", {"name": name}))
            )
    return index, problems


# ---------------------------------------------------------------- one row


def _list(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[|\n]", text) if part.strip()]


def _decimal(text: str) -> Decimal | None:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not re.fullmatch(r"-?\d{1,9}(\.\d{1,2})?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def _int(text: str) -> int | None:
    cleaned = text.strip()
    return int(cleaned) if re.fullmatch(r"-?\d{1,9}", cleaned) else None


def _row(number: int, cells: list[str], index: dict[str, int], university: University) -> _Row:
    def cell(name: str) -> str:
        position = index.get(name)
        return cells[position].strip() if position is not None and position < len(cells) else ""

    offering = Offering(
        university_id=university.id,  # type: ignore[arg-type]
        slug="",
        title="",
        ects=Decimal(0),
        eqf_level=0,
    )
    row = _Row(number, offering)
    if len(cells) > len(index) and any(c.strip() for c in cells[len(index) :]):
        row.problem("", "error.catalogue.import_row_too_many_cells", n=len(cells))
    for name in COLUMNS:
        if len(cell(name)) > MAX_CELL_CHARS:
            row.problem(name, "error.catalogue.import_cell_too_long", n=MAX_CELL_CHARS)
            return row
        limit = _MAX_LENGTHS.get(name)
        if limit and len(cell(name)) > limit:
            row.problem(name, "error.catalogue.import_too_long", n=limit)

    offering.title = cell("title")[:200]
    offering.summary = cell("summary")[:600]
    offering.description = cell("description")
    offering.prerequisites = cell("prerequisites")
    offering.quality_assurance = cell("quality_assurance")
    offering.learning_outcomes = _list(cell("learning_outcomes"))

    slug = cell("slug").lower()
    if slug and not SLUG.fullmatch(slug):
        row.problem("slug", "error.catalogue.import_bad_slug")
    elif slug in vocab.RESERVED_SLUGS:
        row.problem("slug", "error.catalogue.import_slug_reserved", slug=slug)
    offering.slug = slug[:120]

    skills = []
    for entry in _list(cell("esco_skills")):
        uri, _, label = entry.partition(" ")
        if not uri.startswith(ESCO_PREFIX) or len(uri) <= len(ESCO_PREFIX) or len(uri) > 200:
            row.problem("esco_skills", "error.catalogue.import_bad_esco", value=uri[:80])
        else:
            skills.append({"uri": uri, "label": label.strip()[:200] or uri.rsplit("/", 1)[-1]})
    offering.esco_skills = skills

    ects = _decimal(cell("ects"))
    if ects is None or ects > Decimal("999.99"):
        row.problem("ects", "error.catalogue.import_bad_number", value=cell("ects")[:40])
    else:
        offering.ects = ects
    for name in ("eqf_level", "nqf_level"):
        text = cell(name)
        level = _int(text)
        if (text or name == "eqf_level") and (level is None or not 1 <= level <= 8):
            row.problem(name, "error.catalogue.import_bad_level", value=text[:40])
        elif name == "eqf_level" and level is not None:
            offering.eqf_level = level
        elif level is not None:
            offering.nqf_level = level
    offering.nqf_framework = cell("nqf_framework")[:40] or None

    isced = cell("isced_f_code")
    if isced and isced not in vocab.ISCED_FIELDS:
        row.problem("isced_f_code", "error.catalogue.import_bad_code", value=isced[:40])
    offering.isced_f_code = isced[:4]
    language = cell("language").lower() or "en"
    if language not in vocab.LANGUAGES:
        row.problem("language", "error.catalogue.import_bad_code", value=language[:40])
    offering.language = language[:8]
    for name, default in (
        ("participation_form", "online"),
        ("assessment_type", "test"),
        ("supervision", "unsupervised-no-id"),
    ):
        setattr(offering, name, (cell(name).lower() or default)[:40])
    offering.currency = (cell("currency").upper() or "PLN")[:3]

    price_text = cell("price") or "0"
    price = _decimal(price_text)
    if price is None:
        row.problem("price", "error.catalogue.import_bad_number", value=price_text[:40])
    else:
        offering.price_minor = int(price * 100)

    _other_prices(row, cell("other_prices"))

    for name in ("start_date", "end_date"):
        text = cell(name)
        if not text:
            continue
        try:
            setattr(offering, name, date.fromisoformat(text))
        except ValueError:
            row.problem(name, "error.catalogue.import_bad_date", value=text[:40])

    flags = {}
    for name in ("self_paced", "publish"):
        text = cell(name).lower()
        if text not in _YES | _NO:
            row.problem(name, "error.catalogue.import_bad_yes_no", value=text[:40])
        flags[name] = text in _YES
    offering.self_paced = flags["self_paced"]
    offering.status = "published" if flags["publish"] else "draft"

    seats = cell("seat_capacity")
    if seats:
        seat_count = _int(seats)
        if seat_count is None:
            row.problem("seat_capacity", "error.catalogue.import_bad_number", value=seats[:40])
        else:
            offering.seat_capacity = seat_count

    try:
        validate_offering(
            offering, publishing=offering.status == "published", university=university
        )
    except InvalidInput as error:
        found = error.params.get("missing", error.params.get("problems"))
        items = found.items if isinstance(found, Phrases) else ()
        for phrase in items:
            column = PROBLEM_COLUMNS.get(phrase.key, "")
            if any(p.column == column and column for p in row.problems):
                continue  # this cell's own check already said what is wrong
            row.problems.append(
                RowProblem(
                    number, column, Phrase("error.catalogue.import_row_needs", {"what": phrase})
                )
            )
    return row


def _other_prices(row: _Row, text: str) -> None:
    """`EUR 230.00 | ...`: one price per currency besides the offering's own."""
    for entry in _list(text):
        code_text, _, amount_text = entry.partition(" ")
        code = prices.known_currency(code_text)
        if code is None:
            row.problem(
                "other_prices",
                "error.catalogue.price_currency_unknown",
                currencies=", ".join(vocab.CURRENCIES),
            )
        elif code == row.offering.currency:
            row.problem("other_prices", "error.catalogue.price_same_as_primary", currency=code)
        elif code in row.other_prices:
            row.problem("other_prices", "error.catalogue.price_twice", currency=code)
        else:
            try:
                row.other_prices[code] = prices.parse_amount(amount_text)
            except ValueError:
                row.problem(
                    "other_prices",
                    "error.catalogue.price_amount_bad",
                    max=prices.MAX_PRICE_MINOR // 100,
                )


def existing_slugs(session: Session, slugs: list[str]) -> set[str]:
    """Which of `slugs` some offering (of any university) already has."""
    found: set[str] = set()
    for start in range(0, len(slugs), 500):
        chunk = slugs[start : start + 500]
        found |= set(session.exec(select(Offering.slug).where(col(Offering.slug).in_(chunk))))
    return found


def _unique_slug(session: Session, wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `-3`... : the first that no offering has yet."""
    base = wanted or "offering"
    slug, n = base, 2
    while slug in taken or slug in vocab.RESERVED_SLUGS or existing_slugs(session, [slug]):
        suffix = f"-{n}"
        slug, n = base[: 120 - len(suffix)] + suffix, n + 1
    return slug


# ---------------------------------------------------------------- the import


def import_offerings(
    session: Session,
    university_id: int,
    actor_user_id: int | None,
    data: bytes,
    filename: str = "offerings.csv",
    *,
    progress: Progress | None = None,
) -> ImportReport:
    """Check every row, then create every offering, or none (see the module's words).

    The caller has checked that the actor may author the university's offerings
    (`university.offerings.edit`: the catalogue sits below the accounts it would need).

    `progress(done, total)` is called now and then (from the caller's thread): the
    rows checked and then the rows saved, out of twice the number of rows.
    """
    university = session.get(University, university_id)
    if university is None:
        raise NotFound("error.catalogue.university_not_found")
    rows = read_rows(data, filename)
    index, problems = _header(rows[0])
    body = rows[1:]
    total = 2 * len(body)
    if problems:
        return ImportReport(rows=len(body), problems=tuple(problems))

    checked: list[_Row] = []
    for position, cells in enumerate(body, start=2):
        checked.append(_row(position, cells, index, university))
        if progress and (position - 1) % 50 == 0:
            progress(position - 1, total)
    taken = existing_slugs(session, [r.offering.slug for r in checked if r.offering.slug])
    in_file: dict[str, int] = {}
    for row in checked:
        slug = row.offering.slug
        if slug and slug in taken:
            row.problem("slug", "error.catalogue.import_slug_taken", slug=slug)
        elif slug and slug in in_file:
            row.problem("slug", "error.catalogue.import_slug_twice", slug=slug, row=in_file[slug])
        elif slug:
            in_file[slug] = row.number
        problems.extend(row.problems)
    if problems:
        return ImportReport(rows=len(body), problems=tuple(problems))
    if progress:
        progress(len(body), total)

    taken |= set(in_file)
    created = []
    for done, row in enumerate(checked, start=1):
        offering = row.offering
        if not offering.slug:
            offering.slug = _unique_slug(session, slugify(offering.title, 110), taken)
            taken.add(offering.slug)
        save_offering(session, offering, checked=True)
        for currency, minor in row.other_prices.items():
            session.add(
                OfferingPrice(
                    offering_id=offering.id,  # type: ignore[arg-type]
                    currency=currency,
                    amount_minor=minor,
                )
            )
        if row.other_prices:
            session.flush()
        if offering.status == "published":
            # Version 1 of its facts, as publishing in the portal makes it.
            version_for_issue(session, offering.id)  # type: ignore[arg-type]
        created.append(offering.slug)
        if progress and done % 50 == 0:
            progress(len(body) + done, total)
    published = sum(1 for row in checked if row.offering.status == "published")
    audit.record(
        session,
        "catalogue.offerings_imported",
        audit.user(actor_user_id),
        university.slug,
        after={"created": created, "published": published},
    )
    if progress:
        progress(total, total)
    return ImportReport(rows=len(body), created=tuple(created), published=published)
